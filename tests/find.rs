//! Finding things in a big programme: a search over every day, the best result under the cursor,
//! favourites that clash, and the room / track / kind picker.

mod common;

use common::{app_at, find_row, programme, render, row_text, screen, tick};
use deroule::app::picker::{self, Facet, Value};
use deroule::app::{Action, App, Overlay, fold};
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
    assert!(app.find.visible().is_empty(), "nothing on Saturday");
    assert_eq!(app.find.day_hits(), [0, 1]);
    let s = screen(&app);
    assert!(s.contains("/ particleos▏  1 in all · 0 this day"), "{s}");
    assert!(s.contains("Nothing on Saturday · 1 on Sunday  "), "{s}");
    assert!(s.contains("[ ] or ←→ day · Esc clears the filters"), "{s}");
    // At 60 columns, each part on its line still fits.
    let narrow = {
        let mut narrow = app_at(programme(TWO_DAYS), "2025-02-01 11:02:00", 60, 24);
        typed(&mut narrow, "particleos");
        screen(&narrow)
    };
    assert!(
        narrow.contains("Nothing on Saturday · 1 on Sunday"),
        "{narrow}"
    );
    assert!(
        narrow.contains("[ ] or ←→ day · Esc clears the filt"),
        "{narrow}"
    );
    assert!(s.contains("Sunday (1)"), "the day tabs count the hits: {s}");
    app.update(Action::SearchAccept);
    assert_eq!(app.list.day, 1, "Enter goes to the day of the hit");
    assert_eq!(selected_title(&app), "ParticleOS");
    assert!(!app.list.following, "following pauses on the result");

    // Two hits, one a day: the tabs say where; ←→ keep the search and land on each day's hit.
    app.update(Action::Back);
    typed(&mut app, "lennart");
    assert_eq!(app.find.day_hits(), [1, 1]);
    assert!(
        footer(&app).contains("2 in all · 1 this day"),
        "{}",
        footer(&app)
    );
    app.update(Action::SearchAccept);
    assert_eq!(app.list.day, 1, "ties stay on the shown day");
    app.update(Action::PrevDay);
    assert_eq!(app.list.day, 0);
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
        app.find.visible(),
        [1, 4],
        "the description hit comes first in time"
    );
    app.update(Action::SearchAccept);
    assert_eq!(selected_title(&app), "14 years of systemd");
    assert!(!app.list.following);
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
    // At 60 columns the row is short: the clash is still said in words (▶ marks now).
    app.update(Action::Resize(ratatui::layout::Size::new(60, 24)));
    let terminal = render(&app);
    let buf = terminal.backend().buffer();
    let y = find_row(buf, &["10:30", "HAMNET"]).expect("row");
    let row = row_text(buf, y);
    assert!(
        row.contains("⚠ CONFLICT") && row.contains('▶'),
        "short: {row}"
    );
    app.update(Action::Resize(ratatui::layout::Size::new(140, 30)));
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
    assert_eq!(app.find.visible(), [5]);
    app.update(Action::SearchBackspace);
    typed(&mut app, "ß");
    assert_eq!(app.find.day_hits(), [0, 0], "strasse lodss: nothing");
}

#[test]
fn picker_choices_count_items_and_narrow_without_accents() {
    let p = programme(TWO_DAYS);
    let items: Vec<_> = p.days[0].items.iter().collect();
    let rooms: Vec<String> = p.rooms.iter().map(|r| r.name.clone()).collect();
    let choices = picker::choices(Facet::Room, &rooms, &items, deroule::i18n::Lang::En);
    let shown: Vec<(&str, usize)> = choices
        .iter()
        .map(|c| (c.label.as_str(), c.count))
        .collect();
    assert_eq!(
        shown,
        [
            ("all rooms", 6),
            ("Janson", 3),
            ("K.1.105", 2),
            ("H.2215", 1)
        ]
    );
    assert_eq!(choices[0].value, None, "the first entry clears the filter");
    assert_eq!(picker::narrow(&choices, ""), [0, 1, 2, 3]);
    assert_eq!(picker::narrow(&choices, "105"), [2]);
    assert_eq!(picker::narrow(&choices, "JANS"), [1]);
    assert_eq!(
        picker::narrow(&choices, "k1105"),
        [2],
        "punctuation ignored"
    );
    assert_eq!(picker::narrow(&choices, "K 1 10"), [2]);

    // Only what the shown day uses, with its count.
    let tracks: Vec<String> = p.tracks.iter().map(|t| t.name.clone()).collect();
    let sunday: Vec<_> = p.days[1].items.iter().collect();
    let choices = picker::choices(Facet::Track, &tracks, &sunday, deroule::i18n::Lang::Fr);
    let shown: Vec<(&str, usize)> = choices
        .iter()
        .map(|c| (c.label.as_str(), c.count))
        .collect();
    assert_eq!(shown, [("tous les parcours", 2), ("Rust", 1)]);
    let kinds = picker::choices(Facet::Kind, &[], &items, deroule::i18n::Lang::Fr);
    assert!(kinds.iter().any(|c| c.label == "session" && c.count == 5));
    assert_eq!(
        picker::narrow(&kinds, "conference"),
        [2],
        "conférence plénière, accents ignored"
    );
}

#[test]
fn r_opens_a_room_picker_under_the_other_filters_and_enter_picks() {
    let mut app = app_at(programme(TWO_DAYS), "2025-02-01 11:02:00", 120, 30);
    app.update(Action::Pick(Facet::Track));
    assert_eq!(app.overlays.shown, Overlay::Picker);
    for c in "test".chars() {
        app.update(Action::PickerInput(c));
    }
    app.update(Action::PickerAccept);
    assert_eq!(app.overlays.shown, Overlay::None);
    assert_eq!(app.find.filter.track.as_deref(), Some("Testing"));
    assert_eq!(app.find.visible(), [3, 5]);

    // Rooms: only those with a Testing item today: no dead end.
    app.update(Action::Pick(Facet::Room));
    let labels: Vec<(String, usize)> = app
        .picker_list()
        .into_iter()
        .map(|c| (c.label, c.count))
        .collect();
    assert_eq!(
        labels,
        [("all rooms".to_owned(), 2), ("K.1.105".to_owned(), 2)]
    );
    app.update(Action::PickerMove(1));
    app.update(Action::PickerAccept);
    assert_eq!(app.find.filter.room.as_deref(), Some("K.1.105"));

    // Esc cancels the picker and keeps the filters; "all" clears one filter.
    app.update(Action::Pick(Facet::Track));
    app.update(Action::Back);
    assert_eq!(app.overlays.shown, Overlay::None);
    assert_eq!(app.find.filter.track.as_deref(), Some("Testing"));
    app.update(Action::Pick(Facet::Track));
    assert_eq!(
        app.overlays.picker.as_ref().map(|p| p.cursor),
        Some(1),
        "the cursor starts on the track in force"
    );
    app.update(Action::PickerMove(-1));
    app.update(Action::PickerAccept);
    assert_eq!(app.find.filter.track, None);
    assert_eq!(app.find.filter.room.as_deref(), Some("K.1.105"));
    // Esc in the list still clears every filter.
    app.update(Action::Back);
    assert!(!app.find.filter.is_active());
    assert!(!app.should_quit);

    // Kinds.
    app.update(Action::Pick(Facet::Kind));
    for c in "keyn".chars() {
        app.update(Action::PickerInput(c));
    }
    app.update(Action::PickerAccept);
    assert_eq!(app.find.filter.kind, Some(deroule::model::Kind::Keynote));
    assert_eq!(app.find.visible(), [0]);
}

#[test]
fn the_picker_is_drawn_with_counts_and_the_cursor_reversed() {
    let mut app = app_at(programme(TWO_DAYS), "2025-02-01 11:02:00", 100, 30);
    app.update(Action::Pick(Facet::Room));
    app.update(Action::PickerMove(1));
    let terminal = render(&app);
    let buf = terminal.backend().buffer();
    assert!(
        find_row(buf, &["Rooms", "Saturday"]).is_some(),
        "{}",
        screen(&app)
    );
    let all = find_row(buf, &["all rooms", "6"]).expect("the all entry");
    let janson = all + 1;
    let row = row_text(buf, janson);
    assert!(row.contains("Janson") && row.contains("3  │"), "{row}");
    let x = common::column_of(buf, janson, "Janson").expect("label");
    assert!(
        buf[(x, janson)]
            .style()
            .add_modifier
            .contains(Modifier::REVERSED)
    );
    assert!(
        find_row(buf, &["type to narrow", "Enter pick", "Esc cancel"]).is_some(),
        "{}",
        screen(&app)
    );
    app.update(Action::PickerInput('x'));
    app.update(Action::PickerInput('y'));
    assert!(screen(&app).contains("Nothing matches"));
    assert!(!app.update(Action::PickerAccept), "nothing to pick");
    assert_eq!(app.overlays.shown, Overlay::Picker, "the picker stays open");
    app.lang = deroule::i18n::Lang::Fr;
    app.update(Action::PickerBackspace);
    app.update(Action::PickerBackspace);
    let s = screen(&app);
    assert!(
        s.contains("Salles") && s.contains("toutes les salles"),
        "{s}"
    );
}

#[test]
fn keys_open_the_pickers_and_go_to_the_picker_while_it_is_open() {
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let key = |c| KeyEvent::new(c, KeyModifiers::NONE);
    let mut app = app_at(programme(TWO_DAYS), "2025-02-01 11:02:00", 100, 30);
    let act = deroule::app::action_for_key;
    assert_eq!(
        act(key(KeyCode::Char('r')), &app),
        Some(Action::Pick(Facet::Room))
    );
    assert_eq!(
        act(key(KeyCode::Char('T')), &app),
        Some(Action::Pick(Facet::Track))
    );
    assert_eq!(
        act(key(KeyCode::Char('K')), &app),
        Some(Action::Pick(Facet::Kind))
    );
    app.update(Action::Pick(Facet::Room));
    assert_eq!(
        act(key(KeyCode::Char('q')), &app),
        Some(Action::PickerInput('q'))
    );
    assert_eq!(act(key(KeyCode::Down), &app), Some(Action::PickerMove(1)));
    assert_eq!(act(key(KeyCode::Enter), &app), Some(Action::PickerAccept));
    assert_eq!(act(key(KeyCode::Esc), &app), Some(Action::Back));
    app.update(Action::Back);
    app.update(Action::ToggleHelp);
    let s = screen(&app);
    assert!(s.contains("choose a room"), "{s}");
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
    assert_eq!(app.list.day, 1);
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

#[test]
fn fosdem_the_track_picker_follows_the_room_filter() {
    let Some(p) = fosdem() else { return };
    let mut app = app_at(p, "2025-02-01 11:02:00", 160, 45);
    app.update(Action::Pick(Facet::Room));
    for c in "k.1.105".chars() {
        app.update(Action::PickerInput(c));
    }
    app.update(Action::PickerAccept);
    assert_eq!(
        app.find.filter.room.as_deref(),
        Some("K.1.105 (La Fontaine)")
    );
    app.update(Action::Pick(Facet::Track));
    let list = app.picker_list();
    assert!(list.len() <= 4, "the tracks of one room: {list:?}");
    assert!(list.iter().all(|c| c.count > 0));
    assert!(
        !list
            .iter()
            .any(|c| c.value == Some(Value::Track("Keynotes".into())))
    );
}

const THREE_ROOMS: &str = "title: Rooms\ntime_zone: UTC\ndate: 2024-01-01\n\
    rooms: [Alpha, Bravo, Charlie]\nitems:\n\
    \x20 - {title: Opening, start: 9h, end: 10h}\n\
    \x20 - {title: Alpha talk, start: 10h, end: 11h, room: Alpha}\n\
    \x20 - {title: Bravo talk, start: 10h, end: 10h50, room: Bravo}\n\
    \x20 - {title: Charlie talk, start: 10h, end: 10h40, room: Charlie}\n\
    \x20 - {title: Alpha second, start: 11h, end: 12h, room: Alpha}\n\
    \x20 - {title: Bravo second, start: 11h, end: 12h, room: Bravo}\n\
    \x20 - {title: Charlie second, start: 10h40, end: 12h, room: Charlie}\n";

/// The Now and Next panels above the list, as text (the rows before the programme's block).
fn panels(app: &App) -> String {
    let s = screen(app);
    s.lines()
        .take_while(|l| !l.contains("Programme"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// With a room chosen, Now and Next say that room's items, as the list does (at a 35-room
/// conference they listed the other rooms and "+29 more rooms"); without one, every room's.
#[test]
fn now_and_next_follow_the_room_chosen() {
    let mut app = app_at(programme(THREE_ROOMS), "2024-01-01 10:20:00", 100, 30);
    let all = panels(&app);
    assert!(
        all.contains("Alpha talk") && all.contains("Charlie talk"),
        "{all}"
    );
    app.update(Action::Pick(Facet::Room));
    for c in "bravo".chars() {
        app.update(Action::PickerInput(c));
    }
    app.update(Action::PickerAccept);
    assert_eq!(app.find.filter.room.as_deref(), Some("Bravo"));
    let bravo = panels(&app);
    assert!(bravo.contains("Bravo talk"), "{bravo}");
    assert!(bravo.contains("ends in 30:00"), "{bravo}");
    assert!(bravo.contains("Bravo second"), "{bravo}");
    assert!(bravo.contains("in 40:00"), "{bravo}");
    for other in ["Alpha", "Charlie", "more rooms"] {
        assert!(!bravo.contains(other), "{other} in\n{bravo}");
    }
    // Another room chosen later in the morning: its own item, none of the others'.
    app.update(Action::Back);
    app.update(Action::Pick(Facet::Room));
    for c in "charlie".chars() {
        app.update(Action::PickerInput(c));
    }
    app.update(Action::PickerAccept);
    tick(&mut app, "2024-01-01 10:45:00");
    let charlie = panels(&app);
    assert!(charlie.contains("Charlie second"), "{charlie}");
    assert!(!charlie.contains("Alpha"), "{charlie}");
}

/// The panels say the same whichever day the list shows: on the day of `now` the list's own
/// filtered items are used, on another day the filter is asked of each item.
#[test]
fn now_and_next_under_a_search_do_not_depend_on_the_day_shown() {
    let mut app = app_at(programme(TWO_DAYS), "2025-02-01 10:40:00", 120, 30);
    app.update(Action::Search);
    for c in "rust".chars() {
        app.update(Action::SearchInput(c));
    }
    app.update(Action::SearchAccept);
    let kept = |app: &App| {
        let m = app.moment_kept();
        (
            m.running
                .iter()
                .map(|i| i.title.clone())
                .collect::<Vec<_>>(),
            m.next.map(|i| i.title.clone()),
        )
    };
    let on_today = kept(&app);
    assert_eq!(
        on_today.0,
        ["Rust in the kernel"],
        "HAMNET runs too, but is not kept"
    );
    app.update(Action::NextDay);
    assert_eq!(app.list.day, 1);
    assert_eq!(kept(&app), on_today);
}
