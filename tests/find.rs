//! Finding things in a big programme: a search over every day, the best result under the cursor,
//! favourites that clash.

mod common;

use common::{app_at, find_row, programme, render, row_text, screen, tick};
use deroule::app::{Action, App, fold};
use deroule::model::Programme;
use ratatui::style::Modifier;
use std::path::Path;

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

fn selected_title(app: &App) -> &str {
    app.selected_item().map_or("", |i| i.title.as_str())
}

fn footer(app: &App) -> String {
    screen(app).lines().last().unwrap_or_default().to_owned()
}

#[test]
fn a_search_counts_every_day_and_enter_goes_to_the_day_of_the_hit() {
    let mut app = app_at(programme(TWO_DAYS), "2025-02-01 11:02:00", 120, 30);
    typed(&mut app, "particleos");
    assert!(app.visible().is_empty(), "nothing on Saturday");
    assert_eq!(app.day_hits(), [0, 1]);
    let s = screen(&app);
    assert!(s.contains("/ particleos▏  1 in all · 0 this day"), "{s}");
    assert!(
        s.contains("Nothing on Saturday · 1 on Sunday ([ ] or ←→ day)"),
        "{s}"
    );
    assert!(s.contains("Sunday (1)"), "the day tabs count the hits: {s}");
    app.update(Action::SearchAccept);
    assert_eq!(app.day, 1, "Enter goes to the day of the hit");
    assert_eq!(selected_title(&app), "ParticleOS");
    assert!(!app.following, "following pauses on the result");

    // Two hits, one a day: the tabs say where; ←→ keep the search and land on each day's hit.
    app.update(Action::Back);
    typed(&mut app, "lennart");
    assert_eq!(app.day_hits(), [1, 1]);
    assert!(
        footer(&app).contains("2 in all · 1 this day"),
        "{}",
        footer(&app)
    );
    app.update(Action::SearchAccept);
    assert_eq!(app.day, 1, "ties stay on the shown day");
    app.update(Action::PrevDay);
    assert_eq!(app.day, 0);
    assert_eq!(selected_title(&app), "14 years of systemd");
    let s = screen(&app);
    assert!(
        s.contains("[Saturday (1)]") && s.contains("Sunday (1)"),
        "{s}"
    );
}

#[test]
fn enter_selects_the_title_hit_before_description_hits_and_f_stars_it() {
    let mut app = app_at(programme(TWO_DAYS), "2025-02-01 11:02:00", 120, 30);
    typed(&mut app, "14 years");
    assert_eq!(
        app.visible(),
        [1, 4],
        "the description hit comes first in time"
    );
    app.update(Action::SearchAccept);
    assert_eq!(selected_title(&app), "14 years of systemd");
    assert!(!app.following);
    app.update(Action::ToggleFavourite);
    let starred = app.items()[4].clone();
    assert!(
        app.is_favourite(&starred),
        "f stars the talk the cursor is on"
    );
    assert!(!app.is_favourite(&app.items()[1].clone()));

    // A speaker hit ranks above a description hit too.
    app.update(Action::Back);
    typed(&mut app, "ojeda");
    app.update(Action::SearchAccept);
    assert_eq!(selected_title(&app), "Rust in the kernel");
}

#[test]
fn nothing_found_anywhere_leaves_f_without_effect() {
    let mut app = app_at(programme(TWO_DAYS), "2025-02-01 11:02:00", 120, 30);
    typed(&mut app, "zzz");
    app.update(Action::SearchAccept);
    assert!(screen(&app).contains("Nothing matches"));
    assert!(
        !app.update(Action::ToggleFavourite),
        "no hidden item gets starred"
    );
    assert!(app.take_effects().is_empty());
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
    assert_eq!(app.day_hits(), [0, 0], "strasse lodss: nothing");
}

fn fosdem() -> Option<Programme> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/real/fosdem-2025.xml");
    let Ok(bytes) = std::fs::read(&path) else {
        eprintln!("skipped: {} is absent", path.display());
        return None;
    };
    let import = deroule::import::import_bytes(&bytes, "fosdem-2025.xml").expect("imports");
    Some(import.programme)
}

#[test]
fn fosdem_the_reviewers_searches_land_on_the_talk_they_meant() {
    let Some(p) = fosdem() else { return };
    let mut app = app_at(p, "2025-02-01 11:02:00", 160, 45);
    typed(&mut app, "ParticleOS");
    app.update(Action::SearchAccept);
    assert_eq!(app.day, 1);
    assert!(
        selected_title(&app).starts_with("ParticleOS"),
        "{}",
        selected_title(&app)
    );
    app.update(Action::Back);
    typed(&mut app, "14 Years");
    app.update(Action::SearchAccept);
    assert_eq!(selected_title(&app), "14 Years of systemd");
    app.update(Action::Back);
    typed(&mut app, "Let's hud");
    app.update(Action::SearchAccept);
    assert_eq!(selected_title(&app), "Let's huddle around Nextcloud BOF");
}
