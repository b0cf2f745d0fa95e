//! The facilitator's side: recording actions, the stage view, the live record shared with
//! attendees, reloads, and the report. Time is always a fixed instant.

mod common;

use std::fs;

use common::{actions, at, bundled, facilitator, find_row, live_app as app, render, screen, tick};
use deroule::app::{Action, Effect, Mode};
use deroule::live::{Kind, Record};
use deroule::model::Thresholds;
use deroule::reload::Change;
use deroule::reload::Watcher;
use deroule::theme::Theme;
use ratatui::layout::Size;

#[test]
fn the_stage_counts_down_then_says_over_in_words() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = facilitator("2022-07-01 10:50:00", dir.path());
    let s = screen(&app);
    assert!(s.contains("Inventaire des mutualisations possibles"), "{s}");
    assert!(s.contains("10:00 left"), "{s}");
    tick(&mut app, "2022-07-01 10:56:00");
    assert!(screen(&app).contains("WARNING · 4:00 left"));
    tick(&mut app, "2022-07-01 10:59:30");
    assert!(screen(&app).contains("DANGER · 0:30 left"));
    tick(&mut app, "2022-07-01 11:03:12");
    let s = screen(&app);
    assert!(s.contains("OVER · 3:12 over time"), "{s}");
    assert!(s.contains("OVER · +3:12"), "the list says it too: {s}");
    assert!(s.contains("waits for the running item"), "{s}");
    assert!(s.contains("running 3 min late"), "{s}");
}

#[test]
fn the_over_phase_has_its_style_and_its_words_without_colour() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = facilitator("2022-07-01 10:50:00", dir.path());
    app.settings.theme = Theme::new(false);
    tick(&mut app, "2022-07-01 11:01:00");
    let terminal = render(&app);
    let buf = terminal.backend().buffer();
    let y = find_row(buf, &["OVER · 1:00 over time"]).expect("phase line");
    let x = common::column_of(buf, y, "OVER").expect("word");
    let style = buf[(x, y)].style();
    assert!(
        style
            .add_modifier
            .contains(ratatui::style::Modifier::REVERSED),
        "{style:?}"
    );
}

#[test]
fn keys_record_actions_and_undo_takes_them_back() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = facilitator("2022-07-01 10:50:00", dir.path());
    tick(&mut app, "2022-07-01 11:02:00");
    assert!(app.update(Action::StartNext));
    assert_eq!(app.take_effects(), vec![Effect::SaveLive]);
    assert_eq!(actions(&app), [(Kind::Start, "pause-matin".to_owned())]);
    let record = app
        .snapshot
        .live
        .as_ref()
        .and_then(|l| l.record.as_ref())
        .expect("record");
    assert_eq!(record.actions[0].ended.as_deref(), Some("inventaire"));
    // The pause started 2 minutes late: everything after moves, lunch included (no hard start).
    let s = screen(&app);
    assert!(s.contains("started 11:02 (+2 min)"), "{s}");
    assert!(s.contains("11:15 → 11:17 expected"), "{s}");
    assert!(s.contains("projected end 18:02"), "{s}");

    app.update(Action::Adjust(1));
    app.update(Action::Adjust(1));
    assert!(screen(&app).contains("projected end 18:04"));
    app.update(Action::Undo);
    assert!(screen(&app).contains("projected end 18:03"));
    app.update(Action::EndNow);
    assert_eq!(
        actions(&app),
        [
            (Kind::Start, "pause-matin".to_owned()),
            (Kind::Adjust, "pause-matin".to_owned()),
            (Kind::End, "pause-matin".to_owned()),
        ]
    );
    assert_eq!(app.take_effects().len(), 4, "every change asks for a save");
    // In a gap, "end now" has nothing to end.
    assert!(!app.update(Action::EndNow));
}

#[test]
fn attendees_see_the_delay_from_the_live_record() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut fac = facilitator("2022-07-01 10:50:00", dir.path());
    tick(&mut fac, "2022-07-01 11:08:00");
    fac.update(Action::StartNext);
    let record = fac
        .snapshot
        .live
        .as_ref()
        .and_then(|l| l.record.clone())
        .expect("record");
    let attendee = app(
        bundled(),
        Mode::Attendee,
        Some(record),
        "2022-07-01 11:10:00",
        dir.path(),
    );
    let s = screen(&attendee);
    assert!(s.contains("running ~8 min late · ends ~18:08"), "{s}");
    assert!(
        s.contains("11:15 →11:23"),
        "planned and expected side by side: {s}"
    );
    let current = find_row(render(&attendee).backend().buffer(), &["▶", "Pause"]);
    assert!(
        current.is_some(),
        "the pause is current for attendees too: {s}"
    );
}

#[test]
fn attendees_pick_up_a_record_written_while_they_watch() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("day.live.yaml");
    let p = bundled();
    let mut attendee = app(
        p.clone(),
        Mode::Attendee,
        None,
        "2022-07-01 11:10:00",
        dir.path(),
    );
    let mut watcher = Watcher::new(None, Some(&path));
    assert!(watcher.poll(&attendee.snapshot.plan).is_empty());
    let mut record = Record::new(&p, at(&p, "2022-07-01 10:00:00"));
    record.actions.push(deroule::live::Entry {
        at: at(&p, "2022-07-01 11:05:00"),
        action: Kind::Start,
        item: "pause-matin".into(),
        ended: Some("inventaire".into()),
        minutes: None,
    });
    record.save(&path).expect("saved");
    for change in watcher.poll(&attendee.snapshot.plan) {
        attendee.apply(change);
    }
    assert!(screen(&attendee).contains("running ~5 min late"));
    fs::write(&path, "garbage: [").expect("write");
    let changes = watcher.poll(&attendee.snapshot.plan);
    assert!(
        matches!(changes.as_slice(), [Change::LiveBroken(_)]),
        "{changes:?}"
    );
}

#[test]
fn a_broken_programme_keeps_the_last_good_one_until_fixed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("day.yaml");
    fs::write(&path, deroule::BUNDLED).expect("write");
    let mut viewer = app(
        bundled(),
        Mode::Attendee,
        None,
        "2022-07-01 11:05:00",
        dir.path(),
    );
    let mut watcher = Watcher::new(Some(&path), None);
    let broken = deroule::BUNDLED.replace("kind: break", "kind: brake");
    fs::write(&path, &broken).expect("write");
    for change in watcher.poll(&viewer.snapshot.plan) {
        viewer.apply(change);
    }
    let banner = viewer.notices.banner.clone().expect("a banner");
    assert!(banner.is_error);
    assert!(banner.text.contains("day.yaml:"), "{}", banner.text);
    assert!(
        banner.text.contains("did you mean `break`?"),
        "{}",
        banner.text
    );
    let s = screen(&viewer);
    assert!(
        s.contains("not reloaded, showing the last good version"),
        "{s}"
    );
    assert!(
        s.contains("Pause"),
        "the last good programme is still shown: {s}"
    );

    let fixed = deroule::BUNDLED.replace("title: Conclusion", "title: Conclusion et suites");
    fs::write(&path, &fixed).expect("write");
    for change in watcher.poll(&viewer.snapshot.plan) {
        viewer.apply(change);
    }
    let banner = viewer.notices.banner.clone().expect("a summary");
    assert!(!banner.is_error);
    assert!(screen(&viewer).contains("Conclusion et suites"));
    // The banner goes away by itself.
    tick(&mut viewer, "2022-07-01 11:06:00");
    assert!(viewer.notices.banner.is_none());
}

#[test]
fn the_report_compares_planned_and_actual() {
    let p = bundled();
    let mut record = Record::new(&p, at(&p, "2022-07-01 10:00:00"));
    let mut push = |time: &str, action, item: &str, ended: Option<&str>, minutes| {
        record.actions.push(deroule::live::Entry {
            at: at(&p, time),
            action,
            item: item.into(),
            ended: ended.map(Into::into),
            minutes,
        });
    };
    push(
        "2022-07-01 11:10:00",
        Kind::Start,
        "pause-matin",
        Some("inventaire"),
        None,
    );
    push(
        "2022-07-01 11:22:00",
        Kind::Start,
        "retours-experience",
        Some("pause-matin"),
        None,
    );
    push(
        "2022-07-01 11:50:00",
        Kind::End,
        "retours-experience",
        None,
        None,
    );
    let md = deroule::report::markdown(&p, &record);
    assert!(md.contains("| 2022-07-01 | Inventaire des mutualisations possibles | 10:15–11:00 | 10:15–11:10 | 45 | 55 | +10 | 0 |"), "{md}");
    assert!(
        md.contains("| Pause | 11:00–11:15 | 11:10–11:22 | 15 | 12 | −3 | +10 |"),
        "{md}"
    );
    assert!(md.contains("| Retours d’expérience de contributions réussies | 11:15–11:45 | 11:22–11:50 | 30 | 28 | −2 | +7 |"), "{md}");
    assert!(
        md.contains("| Accueil et café | 09:00–09:30 | not recorded |"),
        "{md}"
    );
    assert!(md.contains("**Total (recorded items)**"), "{md}");
    let csv = deroule::report::csv(&p, &record);
    assert!(csv.starts_with("day,item,planned_start"), "{csv}");
    assert!(csv.contains("\"Pause\",2022-07-01T11:00:00+02:00,2022-07-01T11:15:00+02:00,2022-07-01T11:10:00+02:00,2022-07-01T11:22:00+02:00,15,12,-3,recorded"), "{csv}");
}

#[test]
fn the_stage_draws_at_any_size() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (w, h) in [
        (1, 1),
        (10, 3),
        (24, 8),
        (40, 12),
        (60, 18),
        (80, 24),
        (120, 40),
        (300, 100),
    ] {
        for time in [
            "2022-07-01 08:00:00",
            "2022-07-01 10:50:00",
            "2022-07-01 11:01:00",
            "2022-07-01 19:00:00",
        ] {
            let mut app = facilitator(time, dir.path());
            app.update(Action::Resize(Size::new(w, h)));
            app.update(Action::ToggleHelp);
            let _ = screen(&app);
            app.update(Action::ToggleHelp);
            let s = screen(&app);
            if w >= 40 && h >= 12 && time == "2022-07-01 10:50:00" {
                assert!(s.contains("10:00 left"), "{w}×{h}: {s}");
                assert!(
                    s.contains("space"),
                    "{w}×{h}: the main key is always shown: {s}"
                );
            }
        }
    }
}

#[test]
fn a_replay_does_not_see_actions_recorded_later() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut fac = facilitator("2022-07-01 10:50:00", dir.path());
    tick(&mut fac, "2022-07-01 11:08:00");
    fac.update(Action::StartNext);
    let record = fac
        .snapshot
        .live
        .as_ref()
        .and_then(|l| l.record.clone())
        .expect("record");
    let earlier = app(
        bundled(),
        Mode::Attendee,
        Some(record),
        "2022-07-01 10:30:00",
        dir.path(),
    );
    assert!(screen(&earlier).contains("on time"), "{}", screen(&earlier));
}

#[test]
fn facilitator_keys_do_nothing_while_a_panel_is_open() {
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = facilitator("2022-07-01 10:50:00", dir.path());
    app.update(Action::ToggleHelp);
    let space = KeyEvent::new(KeyCode::Char(' '), KeyModifiers::NONE);
    assert_ne!(
        deroule::app::action_for_key(space, &app),
        Some(Action::StartNext)
    );
    app.update(Action::ToggleHelp);
    assert_eq!(
        deroule::app::action_for_key(space, &app),
        Some(Action::StartNext)
    );
}

#[test]
fn an_item_nobody_ended_stops_running_once_the_day_is_over() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = facilitator("2022-07-01 10:50:00", dir.path());
    tick(&mut app, "2022-07-01 11:30:00");
    assert!(
        screen(&app).contains("OVER"),
        "overrunning while the day goes on"
    );
    tick(&mut app, "2022-07-01 19:30:00");
    let s = screen(&app);
    assert!(!s.contains("OVER"), "{s}");
    assert!(s.contains("Day over"), "{s}");
}

#[test]
fn minus_stops_at_one_minute_so_plus_always_counts() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = facilitator("2022-07-01 11:00:30", dir.path());
    // The 15-minute pause can lose 14 minutes, not more.
    let taken = (0..20).filter(|_| app.update(Action::Adjust(-1))).count();
    assert_eq!(taken, 14);
    assert!(app.update(Action::Adjust(1)));
    assert!(
        screen(&app).contains("aiming for 11:02"),
        "{}",
        screen(&app)
    );
}

#[test]
fn a_good_live_record_takes_away_the_banner_of_a_broken_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("day.live.yaml");
    let p = bundled();
    let mut attendee = app(
        p.clone(),
        Mode::Attendee,
        None,
        "2022-07-01 11:10:00",
        dir.path(),
    );
    let mut watcher = Watcher::new(None, Some(&path));
    fs::write(&path, "garbage: [").expect("write");
    for change in watcher.poll(&attendee.snapshot.plan) {
        attendee.apply(change);
    }
    assert!(attendee.notices.banner.as_ref().is_some_and(|b| b.is_error));
    Record::new(&p, at(&p, "2022-07-01 10:00:00"))
        .save(&path)
        .expect("saved");
    for change in watcher.poll(&attendee.snapshot.plan) {
        attendee.apply(change);
    }
    assert!(
        attendee.notices.banner.is_none(),
        "{:?}",
        attendee.notices.banner
    );
}

#[test]
fn the_list_keeps_planned_lengths_while_an_item_overruns() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = facilitator("2022-07-01 10:50:00", dir.path());
    tick(&mut app, "2022-07-01 11:12:00");
    let terminal = render(&app);
    let row = find_row(terminal.backend().buffer(), &["│", "10:15", "Inventaire"]).expect("row");
    let text = common::row_text(terminal.backend().buffer(), row);
    assert!(
        text.contains("45 min"),
        "the planned length, not one growing with the overrun: {text}"
    );
}

/// Issue #12: lunch a hard start, « Échanges » started 11:58: the stage aims for 12:30 and says
/// what it costs; undo takes back only what the stage's clock has reached.
#[test]
fn the_stage_aims_for_the_hard_start_and_says_the_cut() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut p = bundled();
    p.days[0].items[6].hard_start = true;
    p.days[0].items[5].title = "Échanges".into();
    let mut record = Record::new(&p, at(&p, "2022-07-01 09:00:00"));
    let mut start = |time: &str, item: &str, ended: &str| {
        let mut e = deroule::live::Entry::new(at(&p, time), Kind::Start, item.into());
        e.ended = Some(ended.into());
        record.actions.push(e);
    };
    start("2022-07-01 11:22:00", "retours-experience", "pause-matin");
    start(
        "2022-07-01 11:58:00",
        "bonnes-pratiques",
        "retours-experience",
    );
    // An action recorded later than the stage's time (another clock's, a rehearsal's).
    start("2022-07-01 14:00:00", "echange-savoirs", "dejeuner");
    let mut app = app(
        p,
        Mode::Facilitator(Thresholds::default()),
        Some(record),
        "2022-07-01 12:10:00",
        dir.path(),
    );
    let s = screen(&app);
    assert!(s.contains("20:00 left"), "{s}");
    assert!(s.contains("aiming for 12:30"), "{s}");
    assert!(
        s.contains("«Échanges» cut by 13 min to keep «Pause déjeuner» at 12:30"),
        "{s}"
    );
    app.update(Action::Undo);
    assert_eq!(
        actions(&app),
        [
            (Kind::Start, "retours-experience".to_owned()),
            (Kind::Start, "echange-savoirs".to_owned()),
        ],
        "the 11:58 start is undone, the 14:00 one is kept"
    );
}

/// The README's facilitator example, as written, with what ships: `data/bluehats-facilitator.yaml`
/// at 10:20, `+` eight times. At 100×30 the Day line keeps the projected end (it was cut after
/// "(hard start 12:30) · pro…") and the hard start's name, with fewer words; wide, it says
/// everything.
#[test]
fn the_readmes_facilitator_example_works_with_what_ships() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/bluehats-facilitator.yaml"
    );
    let source = fs::read_to_string(path).expect("the example ships");
    let p = deroule::model::load_str(&source, path)
        .expect("valid")
        .programme;
    let dir = tempfile::tempdir().expect("tempdir");
    let record = Record::new(&p, at(&p, "2022-07-01 10:20:00"));
    let mut app = app(
        p,
        Mode::Facilitator(Thresholds::default()),
        Some(record),
        "2022-07-01 10:20:00",
        dir.path(),
    );
    for _ in 0..8 {
        app.update(Action::Adjust(1));
    }
    app.size = Size::new(140, 30);
    let wide = screen(&app);
    assert!(
        wide.contains(
            "running 8 min late · 20 min recoverable before «Pause déjeuner» (hard start 12:30) \
             · projected end 18:00 (planned 18:00)"
        ),
        "{wide}"
    );
    app.size = Size::new(100, 30);
    let s = screen(&app);
    let day = s
        .lines()
        .find(|l| l.contains(" Day "))
        .unwrap_or_else(|| panic!("{s}"));
    assert!(day.contains("running 8 min late"), "{day}");
    // The hard start's name whole before "projected end" in full (it was «Pause déjeu…»).
    assert!(day.contains("before «Pause déjeuner» (12:30)"), "{day}");
    assert!(day.trim_end().ends_with("ends ~18:00"), "{day}");
    // Narrower, as much of the name as fits.
    app.size = Size::new(90, 30);
    let s = screen(&app);
    assert!(
        s.contains(
            "running 8 min late · 20 min recoverable before «Pause déj…» (12:30) · ends ~18:00"
        ),
        "{s}"
    );
    // At 80 columns the hard start keeps its time without its title, and the projected end
    // stays, in fewer words; the next item's title gives way to its times (its start was cut to "11:").
    app.size = Size::new(80, 24);
    let s = screen(&app);
    let line = |label: &str| {
        s.lines()
            .find(|l| l.starts_with(label))
            .unwrap_or_else(|| panic!("{label} in\n{s}"))
            .trim_end()
            .to_owned()
    };
    assert_eq!(
        line(" Day "),
        " Day     running 8 min late · 20 min recoverable before 12:30 · ends ~18:00"
    );
    assert!(line(" Next ").ends_with("11:00 → 11:08 expected · in 48:00"));
    let dir = tempfile::tempdir().expect("tempdir");
    let mut later = facilitator("2022-07-01 11:20:00", dir.path());
    later.size = Size::new(80, 24);
    let s = screen(&later);
    let next = s
        .lines()
        .find(|l| l.starts_with(" Next "))
        .unwrap_or_else(|| panic!("{s}"))
        .trim_end();
    assert!(
        next.starts_with(" Next    ● Échanges sur des bonnes pratiques"),
        "{next}"
    );
    assert!(
        next.contains("…  11:45 · in 25:00"),
        "the title gives way: {next}"
    );
}

/// A new user's review: lunch a hard start, «Échanges» started at 11:50, `+` pressed 25 times at
/// 80×24. The countdown rightly stays on 12:30, and the banner says why, in words that fit.
#[test]
fn plus_against_a_hard_start_says_the_item_still_ends_there() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut p = bundled();
    p.days[0].items[6].hard_start = true;
    let record = Record::new(&p, at(&p, "2022-07-01 11:40:00"));
    let mut app = app(
        p,
        Mode::Facilitator(Thresholds::default()),
        Some(record),
        "2022-07-01 11:40:00",
        dir.path(),
    );
    app.size = Size::new(80, 24);
    // A minute the items before lunch can absorb says nothing special.
    app.update(Action::Adjust(1));
    assert!(!screen(&app).contains("hard start ("), "{}", screen(&app));
    app.update(Action::Adjust(-1));
    tick(&mut app, "2022-07-01 11:50:00");
    app.update(Action::StartNext);
    for _ in 0..25 {
        app.update(Action::Adjust(1));
    }
    let s = screen(&app);
    let banner = "ℹ +1 min recorded; ends 12:30 as «Pause déjeuner» is a hard start (30 min cut)";
    assert!(s.contains(banner), "{s}");
    assert!(s.contains("aiming for 12:30"), "{s}");
    assert!(s.contains("cut by 30 min for a hard start"), "{s}");
    app.update(Action::Adjust(-1));
    assert!(
        screen(&app).contains(
            "−1 min recorded; ends 12:30 as «Pause déjeuner» is a hard start (29 min cut)"
        ),
        "{}",
        screen(&app)
    );
    app.lang = deroule::i18n::Lang::Fr;
    app.update(Action::Adjust(1));
    let s = screen(&app);
    assert!(
        s.contains("+1 min notée, fin toujours 12:30 : «Pause déjeuner» à horaire fixe (−30 min)"),
        "{s}"
    );
    assert!(s.contains("écourté de 30 min (horaire fixe)"), "{s}");
    // Narrower, the name gives way first, never the times.
    app.update(Action::Resize(Size::new(74, 20)));
    app.update(Action::Adjust(1));
    let s = screen(&app);
    assert!(
        s.contains("+1 min notée, fin toujours 12:30 : «Pause dé…» à horaire fixe (−31 min)"),
        "{s}"
    );
}

/// A new user's review: at 80×24, an item over time drew `+05:00` in big digits up to the words
/// beside it (`▀▀▀▀██▀aiming for 11:45`). A column of space always parts them.
#[test]
fn big_digits_never_touch_the_words_beside_them() {
    for (w, h) in [(80, 24), (100, 30), (120, 40), (72, 22)] {
        for time in [
            "2022-07-01 11:50:00",
            "2022-07-01 11:40:00",
            "2022-07-01 10:20:00",
        ] {
            let dir = tempfile::tempdir().expect("tempdir");
            let mut app = facilitator("2022-07-01 11:00:00", dir.path());
            tick(&mut app, time);
            app.size = Size::new(w, h);
            let terminal = render(&app);
            let buf = terminal.backend().buffer();
            // The words beside the countdown start where "started" does.
            let y = find_row(buf, &["started"]).unwrap_or_else(|| panic!("{}", screen(&app)));
            let x = common::column_of(buf, y, "started").expect("the words");
            let y = y - 1;
            for row in y..y + 4 {
                assert_eq!(
                    buf[(x - 1, row)].symbol(),
                    " ",
                    "{w}×{h} at {time}, row {row}:\n{}",
                    screen(&app)
                );
            }
        }
    }
}
