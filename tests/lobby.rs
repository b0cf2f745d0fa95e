//! The lobby screen (#16): one room in big type, parallel rooms as a board of cards paged every
//! 10 s, delays and the facilitator's message; buffers with their styles, and snapshots at the
//! projector's 200×60 and the terminal's 80×24.

mod common;

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
fn rooms_that_do_not_fit_are_paged_every_ten_seconds() {
    // Two rows of two cards: five rooms take two pages.
    let mut app = lobby(festival(), "2024-05-02 10:20:00", 80, 14, None);
    let first = common::screen(&app);
    assert!(first.contains("page 1/2"), "{first}");
    assert!(
        first.contains("Grand Hall") && !first.contains("Garden"),
        "{first}"
    );
    let later = app.now + TimeDelta::seconds(10);
    app.update(Action::Tick(later));
    let second = common::screen(&app);
    assert!(
        second.contains("page 2/2") && second.contains("Garden"),
        "{second}"
    );
    assert!(!second.contains("Grand Hall"), "{second}");
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
