//! The messages panel (`!`, issue #13) and the import warnings that reach it (issue #17): every
//! warning of the session whole, with when and where; the footer counts the new ones; a banner
//! that is cut says which key shows the rest.

mod common;

use std::path::Path;

use common::{at, find_row, options, render, row_text, screen, tick};
use deroule::app::{About, Action, App, Level, action_for_key};
use deroule::reload::Change;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Size;

const FRAB: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/import/frab.xml"
);

/// The frab fixture opened as the viewer opens it, with its warnings in the app.
fn schedule(width: u16, height: u16) -> App {
    let opened = deroule::import::open_warned(Path::new(FRAB), None).expect("imports");
    let now = at(&opened.programme, "2025-02-01 11:05:00");
    let mut app = App::new(
        opened.programme,
        now,
        Size::new(width, height),
        options(false),
    );
    app.warned(&opened.warnings);
    app
}

fn key(app: &App, c: char) -> Action {
    let event = KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
    action_for_key(event, app).expect("a key of the view")
}

#[test]
fn import_warnings_are_counted_in_the_footer_and_shown_whole_in_the_panel() {
    let mut app = schedule(100, 30);
    let warnings = app.notices.messages.len();
    assert!(warnings >= 5, "{:#?}", app.notices.messages);
    let buf = render(&app).backend().buffer().clone();
    let footer = row_text(&buf, 29);
    assert!(footer.contains(&format!("! {warnings} new")), "{footer}");

    let open = key(&app, '!');
    assert_eq!(open, Action::ToggleMessages);
    assert!(app.update(open));
    let s = screen(&app);
    assert!(s.contains(&format!("Messages ({warnings})")), "{s}");
    // Where (file and line), then what, wrapped whole under it: the event left out is named.
    let place = find_row(
        &render(&app).backend().buffer().clone(),
        &["⚠", "frab.xml:59:7"],
    );
    assert!(place.is_some(), "{s}");
    let flat: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("event «Bad duration talk»: `<duration>` `1h` is not a duration")
            && flat.contains("it ends when «[Draft] #1 - yes» starts, at 15:00"),
        "{s}"
    );
    // Read once seen: the footer no longer counts them, and offers the key instead.
    assert_eq!(app.notices.unread(), 0);
    app.update(Action::Back);
    let buf = render(&app).backend().buffer().clone();
    let footer = row_text(&buf, 29);
    assert!(
        !footer.contains("new") && footer.contains("! messages"),
        "{footer}"
    );
}

#[test]
fn the_panel_scrolls_to_its_last_message_and_no_further() {
    let mut app = schedule(80, 24);
    app.update(Action::ToggleMessages);
    let before = screen(&app);
    for _ in 0..200 {
        deroule::run::update(&mut app, Action::Down);
    }
    let end = app.overlays.scroll;
    assert!(
        end > 0,
        "five long warnings at 80×24 need scrolling:\n{before}"
    );
    let s = screen(&app);
    assert!(
        s.contains("«Gamma» is used"),
        "the last message at the bottom:\n{s}"
    );
    // Held at the end: one up answers at once.
    deroule::run::update(&mut app, Action::Up);
    assert_eq!(app.overlays.scroll, end - 1);
    app.update(Action::ToggleMessages);
    assert!(!app.overlays.is_open(), "! closes it again");
}

#[test]
fn a_cut_banner_says_which_key_shows_the_rest_and_the_panel_has_it_whole() {
    let mut app = schedule(80, 24);
    app.update(Action::ToggleMessages);
    app.update(Action::Back);
    tick(&mut app, "2025-02-01 11:06:00");
    let reason = "item 3 «Inventaire des mutualisations possibles entre administrations et \
                  collectivités»: `end` 25:00 is not a time of day: expected HH:MM";
    app.apply(Change::ProgrammeBroken {
        first: format!("P.yaml:36:12: error: {reason}"),
        report: vec![
            format!("P.yaml:36:12: error: {reason}"),
            "P.yaml:40:3: error: item 4 «Pause»: missing `start`".to_owned(),
        ],
    });
    let buf = render(&app).backend().buffer().clone();
    let banner = row_text(&buf, 2);
    assert!(
        banner.contains("not reloaded") && banner.trim_end().ends_with("! for all"),
        "{banner}"
    );
    assert!(
        row_text(&buf, 23).contains("! 2 new"),
        "{}",
        row_text(&buf, 23)
    );
    app.update(Action::ToggleMessages);
    let flat: String = screen(&app)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    // Whole, wrapped: the end of the reason the banner cut off is there.
    assert!(
        flat.contains("administrations et collectivités»: `end` 25:00 is not a time"),
        "{flat}"
    );
    assert!(flat.contains("P.yaml:40:3"), "{flat}");
    assert!(flat.contains("item 4 «Pause»: missing `start`"), "{flat}");
}

#[test]
fn a_failure_said_again_is_counted_not_repeated() {
    let mut app = schedule(100, 30);
    let before = app.notices.messages.len();
    tick(&mut app, "2025-02-01 11:06:00");
    for _ in 0..3 {
        app.notices.error(
            About::Saving,
            "favourites not saved: Read-only file system, in /data/f.yaml".to_owned(),
        );
    }
    assert_eq!(app.notices.messages.len(), before + 1);
    let last = app.notices.messages.last().expect("the failure");
    assert_eq!((last.level, last.count), (Level::Error, 3));
    app.update(Action::ToggleMessages);
    let s = screen(&app);
    assert!(
        s.contains("favourites not saved: Read-only file system, in /data/f.yaml ×3"),
        "the latest on top:\n{s}"
    );
}

#[test]
fn french_panel_and_footer() {
    let opened = deroule::import::open_warned(Path::new(FRAB), None).expect("imports");
    let now = at(&opened.programme, "2025-02-01 11:05:00");
    let mut o = options(false);
    o.lang = deroule::i18n::Lang::Fr;
    let mut app = App::new(opened.programme, now, Size::new(100, 30), o);
    app.warned(&opened.warnings[..1]);
    let buf = render(&app).backend().buffer().clone();
    assert!(
        row_text(&buf, 29).contains("! 1 nouveau"),
        "{}",
        row_text(&buf, 29)
    );
    app.update(Action::ToggleMessages);
    assert!(screen(&app).contains("Échap ou ! fermer"));
}

#[test]
fn a_warm_cache_gives_back_the_warnings_too() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let source = dir.path().join("frab.xml");
    std::fs::copy(FRAB, &source).expect("copy");
    let store = deroule::cache::Store::new(dir.path().join("cache"));
    let cold = deroule::import::open_warned(&source, Some(&store)).expect("cold");
    assert!(cold.warnings.len() >= 5, "{:?}", cold.warnings);
    assert!(std::fs::read_dir(store.dir()).expect("an entry").count() > 0);
    let warm = deroule::import::open_warned(&source, Some(&store)).expect("warm");
    assert_eq!(warm.warnings, cold.warnings);
    assert_eq!(warm.programme, cold.programme);
}

#[test]
fn a_yaml_programme_s_warnings_are_placed() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let source = dir.path().join("p.yaml");
    // A gap between two items is a warning.
    std::fs::write(
        &source,
        "title: T\ntime_zone: Europe/Paris\ndate: 2025-02-01\nitems:\n  - {title: A, start: 9h, end: 10h}\n  - {title: B, start: 11h, end: 12h}\n",
    )
    .expect("write");
    let opened = deroule::import::open_warned(&source, None).expect("valid");
    assert!(!opened.warnings.is_empty());
    assert!(
        opened
            .warnings
            .iter()
            .all(|w| w.contains("p.yaml:") && w.contains(": warning: ")),
        "{:?}",
        opened.warnings
    );
    assert!(
        opened.warnings.iter().any(|w| w.contains("p.yaml:6:")),
        "placed at the item's line: {:?}",
        opened.warnings
    );
}

#[test]
fn the_stage_view_counts_new_messages_too() {
    let p = common::bundled();
    let now = at(&p, "2022-07-01 11:05:00");
    let mut o = options(false);
    o.mode = deroule::app::Mode::Facilitator(deroule::model::Thresholds::default());
    let mut app = App::new(p, now, Size::new(100, 30), o);
    app.warned(&["config.yaml:2:7: warning: `lang: xx` is not a language; ignored".to_owned()]);
    let buf = render(&app).backend().buffer().clone();
    assert!(
        row_text(&buf, 29).contains("! 1 new"),
        "{}",
        row_text(&buf, 29)
    );
    // `!` is not a facilitator's key: it opens the panel in the stage view too.
    let open = key(&app, '!');
    app.update(open);
    let s = screen(&app);
    assert!(
        s.contains("⚠ config.yaml:2:7") && s.contains("`lang: xx` is not a language; ignored"),
        "{s}"
    );
}

/// A URL's server goes away while the facilitator's message is shown: the banner says why for a
/// while, then the message comes back (the header keeps saying offline), as an attendee needs
/// it most when the network is gone.
#[test]
fn offline_gives_the_facilitators_message_back_after_saying_why() {
    let p = common::bundled();
    let mut record = deroule::live::Record::new(&p, common::at(&p, "2022-07-01 09:00:00"));
    record.set_message(
        common::at(&p, "2022-07-01 11:00:00"),
        "Salle B pour le déjeuner",
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = common::live_app(
        p.clone(),
        deroule::app::Mode::Attendee,
        Some(record),
        "2022-07-01 11:30:00",
        dir.path(),
    );
    app.size = ratatui::layout::Size::new(110, 30);
    let before = common::screen(&app);
    assert!(before.contains("Salle B pour le déjeuner"), "{before}");
    app.apply(deroule::reload::Change::Offline {
        updated: Some(common::at(&p, "2022-07-01 11:29:00")),
        error: "http://x/live.yaml: connection refused (is the server running?)".into(),
    });
    let during = common::screen(&app);
    assert!(
        during.contains("offline, showing the last good version"),
        "{during}"
    );
    assert!(!during.contains("Salle B pour le déjeuner"), "{during}");
    common::tick(&mut app, "2022-07-01 11:31:00");
    let after = common::screen(&app);
    assert!(after.contains("Salle B pour le déjeuner"), "{after}");
    assert!(after.contains("offline · updated 11:29"), "{after}");
    assert!(
        app.notices
            .messages
            .iter()
            .any(|m| m.text.contains("connection refused")),
        "the panel keeps the error"
    );
}
