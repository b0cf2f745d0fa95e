//! The lobby screen (#16): one room in big type, parallel rooms as a board of cards paged every
//! 10 s, delays and the facilitator's message; buffers with their styles, and snapshots at the
//! projector's 200×60 and the terminal's 80×24.

mod common;

use std::time::Duration;

use chrono::TimeDelta;
use common::{at, bundled, find_row, programme, render, row_text};
use deroule::app::{Action, App, Live, Mode, Options};
use deroule::live::{Entry, Kind, Record};
use deroule::model::Programme;
use ratatui::layout::Size;
use ratatui::style::Color;

fn lobby(p: Programme, time: &str, width: u16, height: u16, live: Option<Live>) -> App {
    let now = at(&p, time);
    let options = Options {
        mode: Mode::Lobby,
        live,
        ..common::options(true)
    };
    App::new(p, now, Size::new(width, height), options)
}

/// Five rooms and a plenary closing: more rooms than an 80×24 board holds.
fn festival() -> Programme {
    programme(
        r"
title: Festival of Parallel Rooms
time_zone: Europe/Paris
date: 2024-05-02
rooms: [Grand Hall, Studio, Cellar, Attic, Garden]
items:
  - {title: Opening keynote, kind: keynote, start: 9h, end: 9h30}
  - {title: Rust in the kernel, room: Grand Hall, start: 9h30, end: 10h30}
  - {title: Async all the way, room: Grand Hall, start: 10h30, end: 11h}
  - {title: Typst for papers, room: Studio, start: 9h30, end: 10h}
  - {title: Weaving with looms, room: Studio, start: 10h15, end: 11h}
  - {title: Wine and open data, room: Cellar, start: 9h45, end: 10h45}
  - {title: Attic radio hour, room: Attic, start: 9h30, end: 11h}
  - {title: Compost computing, room: Garden, start: 10h, end: 10h50}
  - {title: Closing, start: 11h, end: 11h30}
",
    )
}

#[test]
fn one_room_shows_now_and_next_in_big_type_at_200x60() {
    let app = lobby(bundled(), "2022-07-01 11:05:00", 200, 60, None);
    let terminal = render(&app);
    let buf = terminal.backend().buffer();
    let y = find_row(buf, &["NOW", "11:00–11:15 · ends in 10:00"]).expect("the NOW line");
    assert_eq!(buf[(1, y)].fg, Color::Green, "NOW in the current style");
    // The title under it in big type: block characters, not letters.
    let below = row_text(buf, y + 1);
    assert!(below.contains('█'), "{below}");
    assert!(!row_text(buf, y + 1).contains("Pause"));
    let next = find_row(buf, &["NEXT", "11:15 · in 10:00"]).expect("the NEXT line");
    assert!(next > y + 8, "NEXT comes after the big title");
    assert!(find_row(buf, &["q leave"]).is_some());
    insta::assert_snapshot!("lobby_bluehats_200x60", terminal.backend());
}

#[test]
fn one_room_degrades_to_plain_titles_at_80x24() {
    let app = lobby(bundled(), "2022-07-01 11:05:00", 80, 24, None);
    let terminal = render(&app);
    let buf = terminal.backend().buffer();
    // "Retours d’expérience…" does not fit in big type at 80 columns: plain bold text.
    let y = find_row(buf, &["Retours d’expérience de contributions réussies"]).expect("said");
    let x = row_text(buf, y).find('R').expect("title") as u16;
    assert!(
        buf[(x, y)]
            .modifier
            .contains(ratatui::style::Modifier::BOLD)
    );
    insta::assert_snapshot!("lobby_bluehats_80x24", terminal.backend());
}

/// What runs is the headline: at 80×24 a long running title goes plain, and the next one is not
/// set bigger than it (it filled the screen in big type under a one-line NOW).
#[test]
fn next_is_never_set_bigger_than_now() {
    let app = lobby(bundled(), "2022-07-01 11:20:00", 80, 24, None);
    let terminal = render(&app);
    let buf = terminal.backend().buffer();
    let now = find_row(buf, &["NOW", "11:15–11:45"]).expect("the NOW line");
    assert!(row_text(buf, now + 1).contains("Retours d’expérience de contributions réussies"));
    let next = find_row(buf, &["NEXT", "11:45 · in 25:00"]).expect("the NEXT line");
    let title = row_text(buf, next + 1);
    assert!(
        title.contains("Échanges sur des bonnes pratiques pour permettre la contribution"),
        "NEXT in plain text like NOW: {title}"
    );
    let blocks = (0..buf.area.height)
        .map(|y| row_text(buf, y))
        .filter(|r| r.contains(['█', '▀', '▄', '▟', '▙']))
        .count();
    assert_eq!(blocks, 0, "no big type anywhere");
}

#[test]
fn the_delay_and_the_message_of_the_live_record_are_shown() {
    let p = bundled();
    let mut record = Record::new(&p, at(&p, "2022-07-01 09:00:00"));
    let mut start = Entry::new(
        at(&p, "2022-07-01 11:04:00"),
        Kind::Start,
        "pause-matin".into(),
    );
    start.ended = Some("inventaire".into());
    record.actions.push(start);
    record.set_message(at(&p, "2022-07-01 11:04:00"), "Coffee in the hall");
    let live = Live {
        path: std::env::temp_dir().join("deroule-lobby-test.live.yaml"),
        record: Some(record),
    };
    let app = lobby(p, "2022-07-01 11:10:00", 100, 30, Some(live));
    let terminal = render(&app);
    let buf = terminal.backend().buffer();
    let next = find_row(buf, &["NEXT", "11:19", "+4 min"]).expect("the next item's delay");
    assert!(
        row_text(buf, next).contains("in 9:00"),
        "{}",
        row_text(buf, next)
    );
    let y = find_row(buf, &["Message from the organisers: Coffee in the hall"]).expect("message");
    assert_eq!(buf[(0, y)].fg, Color::Yellow);
}

#[test]
fn parallel_rooms_are_a_board_of_cards_with_their_delays() {
    let app = lobby(festival(), "2024-05-02 10:20:00", 200, 60, None);
    let terminal = render(&app);
    let buf = terminal.backend().buffer();
    let y = find_row(buf, &["Grand Hall", "Studio", "Cellar", "Attic", "Garden"])
        .expect("every room on one row at 200 columns");
    let now = find_row(buf, &["NOW  Rust in the kernel", "NOW  Weaving with looms"])
        .expect("now in each room");
    assert_eq!(now, y + 1);
    let x = row_text(buf, now).find("Rust").expect("title") as u16;
    assert_eq!(buf[(x, now)].fg, Color::Green);
    assert!(find_row(buf, &["Everyone:", "Closing", "11:00"]).is_some());
    assert!(find_row(buf, &["page"]).is_none(), "one page at 200×60");
    insta::assert_snapshot!("lobby_festival_200x60", terminal.backend());
}

#[test]
fn the_board_degrades_to_two_columns_at_80x24() {
    let app = lobby(festival(), "2024-05-02 10:20:00", 80, 24, None);
    insta::assert_snapshot!("lobby_festival_80x24", render(&app).backend());
}

#[test]
fn rooms_that_do_not_fit_are_paged_every_ten_real_seconds() {
    // Two rows of two cards: five rooms take two pages.
    let mut app = lobby(festival(), "2024-05-02 10:20:00", 80, 14, None);
    let first = common::screen(&app);
    assert!(first.contains("page 1/2"), "{first}");
    assert!(
        first.contains("Grand Hall") && !first.contains("Garden"),
        "{first}"
    );
    // The programme clock does not turn them (`--speed 60` would flicker them).
    app.update(Action::Tick(app.now + TimeDelta::seconds(10)));
    assert!(common::screen(&app).contains("page 1/2"));
    assert!(!app.update(Action::Elapsed(Duration::from_millis(9_900))));
    assert!(
        app.update(Action::Elapsed(Duration::from_secs(10))),
        "turned"
    );
    let second = common::screen(&app);
    assert!(
        second.contains("page 2/2") && second.contains("Garden"),
        "{second}"
    );
    assert!(!second.contains("Grand Hall"), "{second}");
    app.update(Action::Elapsed(Duration::from_secs(20)));
    assert!(common::screen(&app).contains("page 1/2"), "and back");
}

/// A programme clock stopped (`--at` alone), and real time told by the clock.
struct Stopped {
    at: deroule::model::Instant,
    /// Real time, one second more at each asking.
    real: std::cell::Cell<Duration>,
}

impl deroule::clock::Clock for Stopped {
    fn now(&self) -> deroule::model::Instant {
        self.at
    }

    fn until(&self, _at: deroule::model::Instant) -> Duration {
        Duration::MAX
    }

    fn elapsed(&self) -> Duration {
        let real = self.real.get() + Duration::from_secs(1);
        self.real.set(real);
        real
    }
}

/// The loop itself, on a stopped clock: the pages turn with the real time its clock tells.
#[test]
fn the_loop_turns_the_pages_on_real_time_with_the_clock_stopped() {
    use deroule::run::{Input, event_loop};
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let mut app = lobby(festival(), "2024-05-02 10:20:00", 80, 14, None);
    let clock = Stopped {
        at: app.now,
        real: std::cell::Cell::new(Duration::ZERO),
    };
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 14)).expect("test terminal");
    let (tx, rx) = std::sync::mpsc::channel();
    // Eleven wake-ups (each one real second later), then q.
    for _ in 0..10 {
        tx.send(Input::Files).expect("sent");
    }
    tx.send(Input::Key(KeyEvent::new(
        KeyCode::Char('q'),
        KeyModifiers::NONE,
    )))
    .expect("sent");
    let mut watcher = deroule::reload::Watcher::new(None, None);
    let ending = event_loop(
        &mut terminal,
        &mut app,
        &clock,
        &rx,
        &mut watcher,
        &mut |_| {},
    );
    assert!(ending.is_ok());
    assert_eq!(app.now, clock.at, "the programme clock stood still");
    assert_eq!(app.pages.turns(), 1);
    let drawn = terminal.backend().to_string();
    assert!(drawn.contains("page 2/2"), "the loop drew it: {drawn}");
}

#[test]
fn only_quitting_keys_do_anything() {
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let app = lobby(bundled(), "2022-07-01 11:05:00", 80, 24, None);
    let key = |c| KeyEvent::new(c, KeyModifiers::NONE);
    for code in [
        KeyCode::Char('f'),
        KeyCode::Down,
        KeyCode::Enter,
        KeyCode::Char('v'),
    ] {
        assert_eq!(
            deroule::app::action_for_key(key(code), &app),
            None,
            "{code:?}"
        );
    }
    assert_eq!(
        deroule::app::action_for_key(key(KeyCode::Char('q')), &app),
        Some(Action::Quit)
    );
    assert_eq!(
        deroule::app::action_for_key(key(KeyCode::Esc), &app),
        Some(Action::Quit)
    );
}

/// A record of the main hall: its first talk started ten minutes late, and a message.
fn main_hall_late(p: &Programme, file: Option<&std::path::Path>) -> Record {
    let mut record = Record::for_file(p, file, at(p, "2024-01-01 08:00:00"));
    record.actions.push(Entry::new(
        at(p, "2024-01-01 09:10:00"),
        Kind::Start,
        "2024-01-01 09:00 A talk".into(),
    ));
    record.set_message(at(p, "2024-01-01 09:20:00"), "Questions at the end, please");
    record
}

/// Parallel rooms opened by URL: the server's live state gives each room's record
/// (`Change::Rooms`); the room's card shows its expected times, its delay and its message, the
/// other room's card keeps its plan.
#[test]
fn each_rooms_record_moves_its_card_and_says_its_message() {
    let p = programme(common::TWO_ROOMS);
    let mut app = lobby(p.clone(), "2024-01-01 09:30:00", 100, 30, None);
    let before = common::screen(&app);
    assert!(
        before.contains("ends 10:00") && !before.contains("+10 min"),
        "{before}"
    );
    app.apply(deroule::reload::Change::Rooms(vec![(
        "Main Hall".to_owned(),
        main_hall_late(&p, None),
    )]));
    let terminal = render(&app);
    let buf = terminal.backend().buffer();
    let top = find_row(buf, &["Main Hall", "+10 min", "Side Room"]).expect("the hall's delay");
    let row = row_text(buf, top);
    let side = row.find("Side Room").expect("side room");
    assert!(
        !row[side..].contains('+'),
        "the side room is on time: {row}"
    );
    assert!(row[..side].contains("+10 min"), "{row}");
    let ends = find_row(buf, &["ends 10:10", "ends 10:00"]).expect("expected ends");
    assert_eq!(ends, top + 2);
    let next = row_text(buf, top + 3);
    assert!(
        next.contains("A second") && next.contains("10:10"),
        "{next}"
    );
    let y = find_row(buf, &["✉ Questions at the end"]).expect("the hall's message");
    let x = row_text(buf, y).find('✉').expect("mark");
    let x = u16::try_from(row_text(buf, y)[..x].chars().count()).expect("narrow");
    assert_eq!(buf[(x, y)].fg, Color::Yellow, "in the caution style");
    // Nothing recorded any more: the plan again.
    app.apply(deroule::reload::Change::Rooms(Vec::new()));
    let after = common::screen(&app);
    assert!(
        !after.contains("+10 min") && !after.contains('✉'),
        "{after}"
    );
}

/// The real binary: `deroule lobby FILE` watches each room's record beside the file, and a
/// room's facilitator's record moves that room's card.
#[test]
fn the_lobby_follows_a_rooms_record_written_beside_the_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("rooms.yaml");
    std::fs::write(&file, common::TWO_ROOMS).expect("write");
    let p = programme(common::TWO_ROOMS);
    let path = file.to_str().expect("utf-8");
    let mut lobby =
        common::pty::Session::start(&["lobby", path, "--at", "2024-01-01T09:30"], 100, 30);
    lobby.wait_text("ends 10:00");
    let record = deroule::live::room_sidecar_for(&file, "Main Hall", false);
    main_hall_late(&p, Some(&file))
        .save(&record)
        .expect("saved");
    lobby.wait_for("the hall's card moved", |s| {
        let text = s.contents();
        text.contains("+10 min") && text.contains("ends 10:10") && text.contains("✉ Questions")
    });
    lobby.send(b"q");
    assert!(lobby.wait_exit().success());
}
