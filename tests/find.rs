//! Finding things in a big programme.

mod common;

use common::{app_at, find_row, programme, render, row_text, tick};
use deroule::app::{Action, App, fold};
use ratatui::style::Modifier;

const TWO_DAYS: &str = r"
title: Two days
time_zone: Europe/Brussels
rooms: [Janson, K.1.105, H.2215]
tracks: [{name: Keynotes}, {name: Rust}, {name: Testing}]
days:
  - date: 2025-02-01
    label: Saturday
    items:
      - {id: s1, title: Opening keynote, kind: keynote, start: 9h, end: 9h30, room: Janson, track: Keynotes}
      - {id: s2, title: HAMNET status update, start: 10h30, end: 11h10, room: H.2215, description: 14 years of packet radio}
      - {id: s3, title: Rust in the kernel, start: 10h30, end: 11h10, room: Janson, track: Rust, speakers: [Miguel Ojeda]}
      - {id: s4, title: Écrire des tests, start: 11h30, end: 12h, room: K.1.105, track: Testing}
      - {id: s5, title: 14 years of systemd, start: 16h, end: 16h50, room: Janson, speakers: [Lennart Poettering]}
      - {id: s6, title: Straße und Łódź, start: 17h, end: 17h30, room: K.1.105, track: Testing}
  - date: 2025-02-02
    label: Sunday
    items:
      - {id: u1, title: ParticleOS, start: 9h30, end: 10h, room: H.2215, speakers: [Lennart Poettering]}
      - {id: u2, title: Async drops, start: 10h, end: 10h30, room: Janson, track: Rust}
";

fn typed(app: &mut App, text: &str) {
    app.update(Action::Search);
    for c in text.chars() {
        app.update(Action::SearchInput(c));
    }
}

#[test]
fn two_favourites_running_at_once_are_flagged_as_a_conflict() {
    let mut app = app_at(programme(TWO_DAYS), "2025-02-01 09:00:00", 140, 30);
    for id in [1, 2] {
        app.update(Action::First);
        for _ in 0..id {
            app.update(Action::Down);
        }
        app.update(Action::ToggleFavourite);
    }
    tick(&mut app, "2025-02-01 11:02:00");
    app.update(Action::FavouritesOnly);
    let terminal = render(&app);
    let buf = terminal.backend().buffer();
    for title in ["HAMNET status update", "Rust in the kernel"] {
        let y = find_row(buf, &["10:30", title]).expect("row");
        let row = row_text(buf, y);
        assert!(row.contains("⚠ CONFLICT"), "running: {row}");
        assert!(row.contains("NOW"), "still says it runs: {row}");
    }
    // Once over, the clash is still said, dimmed with the row.
    tick(&mut app, "2025-02-01 12:00:00");
    let terminal = render(&app);
    let buf = terminal.backend().buffer();
    let y = find_row(buf, &["10:30", "Rust in the kernel"]).expect("row");
    let row = row_text(buf, y);
    assert!(row.contains("⚠ CONFLICT"), "past: {row}");
    let x = common::column_of(buf, y, "⚠").expect("mark");
    assert!(buf[(x, y)].style().add_modifier.contains(Modifier::DIM));
}

#[test]
fn search_folds_sharp_s_ligatures_and_stroked_letters() {
    assert_eq!(fold("Straße"), "strasse");
    assert_eq!(fold("Æsir Œuvre Ørsted Łódź"), "aesir oeuvre orsted lodz");
    let mut app = app_at(programme(TWO_DAYS), "2025-02-01 11:02:00", 120, 30);
    typed(&mut app, "strasse lodz");
    assert_eq!(app.visible(), [5]);
    app.update(Action::SearchBackspace);
    typed(&mut app, "ß");
    assert!(app.visible().is_empty(), "strasse lodss: nothing");
}
