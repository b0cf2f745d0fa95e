//! The view drawn into a test buffer at fixed instants: markers, styles, follow mode, overlays,
//! hostile text, every size.

mod common;

use chrono_tz::Tz;
use common::{app_at, bundled, column_of, find_row, programme, render, row_text, screen, tick};
use deroule::app::picker::Facet;
use deroule::app::{Action, Overlay, Zone};
use deroule::theme::Theme;
use ratatui::layout::{Position, Size};
use ratatui::style::{Color, Modifier};

#[test]
fn the_current_item_has_the_marker_glyph_and_the_current_style() {
    let app = app_at(bundled(), "2022-07-01 11:05:12", 100, 30);
    let terminal = render(&app);
    let buf = terminal.backend().buffer();
    let y = find_row(buf, &["11:00", "Pause", "NOW · ends in 9:48"]).expect("current row");
    let x = column_of(buf, y, "▶").expect("marker on the current row");
    assert!(x <= 2, "the marker leads the row");
    let title_x = column_of(buf, y, "Pause").expect("title");
    let style = buf[(title_x, y)].style();
    assert_eq!(style.fg, Some(Color::Green));
    assert!(style.add_modifier.contains(Modifier::BOLD));
    // Following: the cursor is on the current item too.
    assert!(style.add_modifier.contains(Modifier::REVERSED));
    // No other row carries the marker.
    let marked = (0..buf.area.height)
        .filter(|&y| row_text(buf, y).contains('▶'))
        .count();
    assert_eq!(marked, 1);
}

#[test]
fn moving_the_cursor_keeps_the_current_item_marked_and_pauses_following() {
    let mut app = app_at(bundled(), "2022-07-01 11:05:12", 100, 30);
    assert!(app.list.following);
    app.update(Action::Down);
    assert!(!app.list.following);
    let terminal = render(&app);
    let buf = terminal.backend().buffer();
    let current = find_row(buf, &["▶", "Pause"]).expect("current row");
    let x = column_of(buf, current, "Pause").expect("title");
    let style = buf[(x, current)].style();
    assert!(style.add_modifier.contains(Modifier::BOLD));
    assert!(
        !style.add_modifier.contains(Modifier::REVERSED),
        "the cursor moved away"
    );
    let selected = find_row(buf, &["11:15", "30 min", "Retours"]).expect("next row");
    let x = column_of(buf, selected, "Retours").expect("title");
    assert!(
        buf[(x, selected)]
            .style()
            .add_modifier
            .contains(Modifier::REVERSED)
    );
    assert!(
        screen(&app).contains("paused"),
        "the footer says following is paused"
    );
    app.update(Action::FollowNow);
    assert!(app.list.following);
    assert!(screen(&app).contains("following live"));
}

#[test]
fn without_colour_the_current_item_still_stands_out() {
    let mut app = app_at(bundled(), "2022-07-01 11:05:12", 100, 30);
    app.settings.theme = Theme::new(false);
    app.update(Action::Down);
    let terminal = render(&app);
    let buf = terminal.backend().buffer();
    let y = find_row(buf, &["▶", "Pause", "NOW"]).expect("current row");
    for x in 0..buf.area.width {
        let fg = buf[(x, y)].style().fg;
        assert!(
            fg.is_none() || fg == Some(Color::Reset),
            "no colour at {x}: {fg:?}"
        );
    }
    let x = column_of(buf, y, "Pause").expect("title");
    assert!(buf[(x, y)].style().add_modifier.contains(Modifier::BOLD));
}

#[test]
fn past_items_are_dimmed_and_upcoming_ones_are_not() {
    let app = app_at(bundled(), "2022-07-01 11:05:12", 100, 30);
    let terminal = render(&app);
    let buf = terminal.backend().buffer();
    let past = find_row(buf, &["09:00", "Accueil"]).expect("past row");
    let x = column_of(buf, past, "Accueil").expect("title");
    assert!(buf[(x, past)].style().add_modifier.contains(Modifier::DIM));
    let later = find_row(buf, &["12:30", "Pause déjeuner"]).expect("later row");
    let x = column_of(buf, later, "Pause déjeuner").expect("title");
    assert!(!buf[(x, later)].style().add_modifier.contains(Modifier::DIM));
}

#[test]
fn the_now_and_next_panels_count_down() {
    let app = app_at(bundled(), "2022-07-01 11:05:12", 100, 30);
    let s = screen(&app);
    assert!(s.contains("ends in 9:48"), "{s}");
    assert!(s.contains("5:12 / 15:00"), "{s}");
    assert!(s.contains("Retours d’expérience de contributions"), "{s}");
    assert!(s.contains("starts in 9:48"), "{s}");
    assert!(s.contains("11:05:12"), "the live clock: {s}");
    assert!(s.contains("Europe/Paris"), "the zone is labelled: {s}");
}

const GAPPY: &str = r"
title: Gaps
time_zone: Europe/Paris
date: 2024-05-02
items:
  - {title: Opening, start: 9h, end: 10h}
  - {title: Second talk, start: 10h30, end: 11h}
  - {title: Third talk, start: 11h, end: 12h}
";

#[test]
fn a_now_line_sits_between_two_items_in_a_gap() {
    let app = app_at(programme(GAPPY), "2024-05-02 10:10:00", 100, 30);
    let terminal = render(&app);
    let buf = terminal.backend().buffer();
    let opening = find_row(buf, &["Opening"]).expect("row");
    let line = find_row(buf, &["10:10 · nothing running · next in 20:00"]).expect("now-line");
    let second = find_row(buf, &["10:30", "30 min", "Second talk"]).expect("row");
    assert!(
        opening < line && line < second,
        "{opening} < {line} < {second}"
    );
    assert!(screen(&app).contains("Nothing running now"));
}

#[test]
fn before_and_after_the_event() {
    let before = screen(&app_at(bundled(), "2022-06-28 04:47:51", 100, 30));
    assert!(before.contains("Starts in 3 d 04:12:09"), "{before}");
    let after = screen(&app_at(bundled(), "2022-07-01 18:00:00", 100, 30));
    assert!(after.contains("Ended at 18:00"), "{after}");
    assert!(
        after.contains("ended at 18:00"),
        "the now-line closes the day: {after}"
    );
    assert!(!after.contains('▶'), "nothing is current after the end");
}

#[test]
fn following_keeps_the_current_item_in_view_as_time_passes() {
    let mut app = app_at(bundled(), "2022-07-01 09:10:00", 100, 14);
    assert!(screen(&app).contains("Accueil et café"));
    tick(&mut app, "2022-07-01 17:40:00");
    let s = screen(&app);
    assert!(s.contains("▶ 17:30"), "{s}");
    assert_eq!(app.list.selected, 12);
    // Once paused, time passing does not move the cursor.
    app.update(Action::First);
    tick(&mut app, "2022-07-01 17:50:00");
    assert_eq!(app.list.selected, 0);
}

#[test]
fn enter_opens_the_details_and_esc_closes_them() {
    let source = r"
title: Conf
time_zone: Europe/Paris
date: 2024-05-02
rooms: [Main hall]
items:
  - title: Opening keynote
    kind: keynote
    start: 9h
    duration: 45m
    room: Main hall
    speakers: [Ada Lovelace, Grace Hopper]
    description: |
      Why programmes matter.
      Second line.
    links:
      - {url: https://example.org/slides, title: Slides}
";
    let mut app = app_at(programme(source), "2024-05-02 09:10:00", 100, 30);
    app.update(Action::OpenDetails);
    assert_eq!(app.overlays.shown, Overlay::Details);
    let s = screen(&app);
    for needle in [
        "Opening keynote",
        "09:00–09:45 (45 min) Europe/Paris",
        "Ada Lovelace, Grace Hopper",
        "Main hall",
        "Why programmes matter.",
        "Second line.",
        "Slides — https://example.org/slides",
    ] {
        assert!(s.contains(needle), "missing {needle:?} in\n{s}");
    }
    app.update(Action::Back);
    assert_eq!(app.overlays.shown, Overlay::None);
    assert!(!app.should_quit);
    // Nothing open: Esc does nothing, least of all quit a view meant to stay open all day.
    assert!(!app.update(Action::Back));
    assert!(!app.should_quit, "Esc with nothing open does not quit");
}

#[test]
fn help_lists_every_key() {
    let mut app = app_at(bundled(), "2022-07-01 11:05:12", 100, 30);
    app.update(Action::ToggleHelp);
    let s = screen(&app);
    for key in [
        "k j",
        "PgUp PgDn",
        "g G",
        "Enter",
        "Esc",
        "← →  h l",
        "Ctrl-C",
        "wheel",
    ] {
        assert!(s.contains(key), "help lacks {key:?}\n{s}");
    }
    app.update(Action::ToggleHelp);
    assert_eq!(app.overlays.shown, Overlay::None);
}

#[test]
fn local_time_is_shown_beside_event_time_with_a_day_tag() {
    let mut app = app_at(bundled(), "2022-07-01 11:05:12", 120, 30);
    app.settings.local_time.viewer = Zone::Named("Pacific/Honolulu".parse::<Tz>().expect("zone"));
    app.update(Action::ToggleLocal);
    let s = screen(&app);
    // 09:00 in Paris (UTC+2) is 21:00 the day before in Honolulu (UTC−10).
    assert!(s.contains("21:00−1d"), "{s}");
    assert!(s.contains("you 23:05−1d:12"), "{s}");
    app.update(Action::ToggleLocal);
    assert!(!screen(&app).contains("21:00−1d"));
}

#[test]
fn local_time_is_not_repeated_when_it_is_the_event_time() {
    let mut app = app_at(bundled(), "2022-07-01 11:05:12", 120, 30);
    app.update(Action::ToggleLocal);
    assert!(!app.local_differs());
    assert!(!screen(&app).contains("you "));
}

#[test]
fn hostile_text_is_displayed_inert() {
    let source = "title: \"Evil\\e[2J\\e]0;owned\\a\"\ntime_zone: UTC\ndate: 2024-01-01\nitems:\n  - {title: \"Talk\\e[31m red\\r\", start: 9h, end: 10h, description: \"a\\e[?1049lb\"}\n";
    let mut app = app_at(programme(source), "2024-01-01 09:30:00", 100, 30);
    app.update(Action::OpenDetails);
    let terminal = render(&app);
    let buf = terminal.backend().buffer();
    for cell in &buf.content {
        assert!(
            !cell.symbol().chars().any(char::is_control),
            "{:?}",
            cell.symbol()
        );
    }
    let s = screen(&app);
    assert!(s.contains("Talk␛[31m red"), "{s}");
    assert!(s.contains("Evil␛[2J␛]0;owned␇"), "{s}");
}

#[test]
fn wide_characters_keep_columns_aligned() {
    let source = r"
title: 会議
time_zone: Asia/Tokyo
date: 2024-05-02
rooms: [大ホール, Room B]
items:
  - {title: 基調講演とオープニング, start: 9h, end: 10h, room: 大ホール}
  - {title: Café et échanges, start: 10h, end: 11h, room: Room B}
  - {title: Plain ASCII title, start: 11h, end: 12h, room: Room B}
";
    let app = app_at(programme(source), "2024-05-02 08:00:00", 100, 30);
    let terminal = render(&app);
    let buf = terminal.backend().buffer();
    let wide = find_row(buf, &["09:00", "1 h", "基調講演"]).expect("row");
    let accents = find_row(buf, &["10:00", "1 h", "Café et échanges"]).expect("row");
    let ascii = find_row(buf, &["Plain ASCII"]).expect("row");
    let room_wide = column_of(buf, wide, "大ホール").expect("room");
    let room_accents = column_of(buf, accents, "Room B").expect("room");
    let room_ascii = column_of(buf, ascii, "Room B").expect("room");
    assert_eq!(room_wide, room_ascii);
    assert_eq!(room_accents, room_ascii);
}

#[test]
fn any_size_draws_without_panicking() {
    let sizes = (1..=12)
        .flat_map(|w| (1..=12).map(move |h| (w * 7, h * 5)))
        .chain([
            (1, 1),
            (2, 1),
            (1, 2),
            (23, 7),
            (24, 8),
            (59, 17),
            (60, 18),
            (500, 200),
        ]);
    for (w, h) in sizes {
        for overlay in [
            Action::Tick(common::at(&bundled(), "2022-07-01 11:05:12")),
            Action::OpenDetails,
            Action::ToggleHelp,
        ] {
            let mut app = app_at(bundled(), "2022-07-01 11:05:12", w, h);
            app.update(overlay);
            let s = screen(&app);
            if w < deroule::ui::MIN_WIDTH || h < deroule::ui::MIN_HEIGHT {
                assert!(
                    w * h < 40 || s.contains("Enlarge") || s.contains("Enl"),
                    "{w}×{h}: {s}"
                );
            }
        }
    }
}

#[test]
fn a_click_selects_and_a_second_click_opens() {
    let mut app = app_at(bundled(), "2022-07-01 11:05:12", 100, 30);
    let terminal = render(&app);
    let y = find_row(terminal.backend().buffer(), &["12:30", "Pause déjeuner"]).expect("row");
    app.update(Action::Click(Position::new(20, y)));
    assert_eq!(
        app.selected_item().map(|i| i.title.as_str()),
        Some("Pause déjeuner")
    );
    assert!(!app.list.following);
    app.update(Action::Click(Position::new(20, y)));
    assert_eq!(app.overlays.shown, Overlay::Details);
}

#[test]
fn the_wheel_scrolls_and_pauses_following() {
    let mut app = app_at(bundled(), "2022-07-01 11:05:12", 80, 14);
    let before = app.list.offset;
    app.update(Action::Scroll(3));
    assert!(app.list.offset > before);
    assert!(!app.list.following);
    app.update(Action::Scroll(-30));
    assert_eq!(app.list.offset, 0);
}

#[test]
fn keys_move_by_page_and_to_the_ends() {
    let mut app = app_at(bundled(), "2022-07-01 11:05:12", 80, 16);
    app.update(Action::Last);
    assert_eq!(app.list.selected, 12);
    app.update(Action::First);
    assert_eq!(app.list.selected, 0);
    app.update(Action::PageDown);
    assert!(app.list.selected > 1);
    app.update(Action::PageUp);
    assert_eq!(app.list.selected, 0);
    app.update(Action::Resize(Size::new(40, 12)));
    let s = screen(&app);
    assert!(s.contains("Accueil"), "{s}");
}

/// [`TWO_DAYS`] in a room, for the rooms grid (a programme without rooms has none).
fn two_days_in_a_room() -> String {
    TWO_DAYS
        .replace(
            "time_zone: Europe/Brussels\n",
            "time_zone: Europe/Brussels\nrooms: [A]\n",
        )
        .replace("end: 11h}", "end: 11h, room: A}")
}

const TWO_DAYS: &str = r"
title: Two days
time_zone: Europe/Brussels
days:
  - date: 2025-02-01
    label: Saturday
    items:
      - {title: Sat talk, start: 10h, end: 11h}
  - date: 2025-02-02
    label: Sunday
    items:
      - {title: Sun talk, start: 10h, end: 11h}
";

#[test]
fn left_and_right_change_day_and_n_comes_back() {
    let mut app = app_at(programme(TWO_DAYS), "2025-02-02 10:30:00", 100, 30);
    assert_eq!(app.list.day, 1, "opens on today's event day");
    assert!(screen(&app).contains("[Sunday]"));
    app.update(Action::PrevDay);
    assert_eq!(app.list.day, 0);
    let s = screen(&app);
    assert!(s.contains("[Saturday]") && s.contains("Sat talk"), "{s}");
    app.update(Action::PrevDay);
    assert_eq!(app.list.day, 0, "no day before the first");
    app.update(Action::FollowNow);
    assert_eq!(app.list.day, 1);
}

#[test]
fn between_two_days_the_header_keeps_the_date_of_today() {
    // Saturday 19:30, after Saturday's last item: the list shows Sunday (what comes next), the
    // header today's date and Saturday's full progress, not "Sunday … 19:30".
    let app = app_at(programme(TWO_DAYS), "2025-02-01 19:30:00", 100, 30);
    assert_eq!(app.list.day, 1, "the list shows the next day");
    let header = screen(&app).lines().next().unwrap_or_default().to_owned();
    assert!(header.contains("Saturday 1 February 2025"), "{header}");
    let progress = screen(&app).lines().nth(1).unwrap_or_default().to_owned();
    assert!(progress.contains("100 %"), "{progress}");
    // After midnight, before Sunday starts: Sunday's date.
    let app = app_at(programme(TWO_DAYS), "2025-02-02 08:00:00", 100, 30);
    let header = screen(&app).lines().next().unwrap_or_default().to_owned();
    assert!(header.contains("Sunday 2 February 2025"), "{header}");
}

#[test]
fn a_french_attendee_sees_a_french_interface() {
    let mut app = app_at(bundled(), "2022-07-01 11:05:12", 100, 30);
    app.lang = deroule::i18n::Lang::Fr;
    let s = screen(&app);
    for needle in [
        "vendredi 1er juillet 2022",
        "En cours",
        "Ensuite",
        "fin dans 9:48",
        "EN COURS · fin dans 9:48",
        "ENSUITE · dans 9:48",
        "commence dans 9:48",
        "journée",
        "aide",
        "quitter",
        "suivi en direct",
        "pause",
    ] {
        assert!(s.contains(needle), "missing {needle:?} in\n{s}");
    }
    for english in ["Now", "ends in", "NEXT", "help", "following live"] {
        assert!(!s.contains(english), "English {english:?} left in\n{s}");
    }
    app.update(Action::OpenDetails);
    let s = screen(&app);
    assert!(
        s.contains("Quand") && s.contains("Détails") && s.contains("tout le monde (plénière)"),
        "{s}"
    );
    app.update(Action::Back);
    app.update(Action::ToggleHelp);
    let s = screen(&app);
    assert!(
        s.contains("Touches") && s.contains("revenir à maintenant"),
        "{s}"
    );
}

#[test]
fn french_snapshot_mid_item_100x30() {
    let mut app = app_at(bundled(), "2022-07-01 11:05:12", 100, 30);
    app.lang = deroule::i18n::Lang::Fr;
    insta::assert_snapshot!("bluehats_fr_mid_item_100x30", render(&app).backend());
}

const CONFERENCE: &str = r"
title: Conf
time_zone: Europe/Brussels
date: 2025-02-01
rooms: [Janson, K.1.105, H.2215]
items:
  - {id: a, title: Opening keynote, kind: keynote, start: 9h, end: 9h30, room: Janson}
  - {id: b, title: Rust in the kernel, start: 9h30, end: 10h, room: Janson, speakers: [Miguel Ojeda]}
  - {id: c, title: Écrire des tests, start: 9h30, end: 10h, room: K.1.105, track: Testing}
  - {id: d, title: Async drops, start: 9h45, end: 10h15, room: H.2215, description: About RUST futures}
  - {id: e, title: Cancelled talk, start: 10h, end: 10h30, room: K.1.105, state: cancelled}
";

/// Picks entry `n` of the picker of `facet` (0: "all").
fn pick(app: &mut deroule::app::App, facet: Facet, n: i32) {
    app.update(Action::Pick(facet));
    app.update(Action::PickerMove(i32::MIN / 2));
    app.update(Action::PickerMove(n));
    app.update(Action::PickerAccept);
}

fn typed(app: &mut deroule::app::App, text: &str) {
    app.update(Action::Search);
    for c in text.chars() {
        app.update(Action::SearchInput(c));
    }
}

#[test]
fn search_matches_titles_speakers_tracks_and_descriptions_without_accents() {
    let mut app = app_at(programme(CONFERENCE), "2025-02-01 09:40:00", 100, 30);
    typed(&mut app, "rust");
    assert_eq!(
        app.find.visible(),
        vec![1, 3],
        "title and description, any case"
    );
    assert!(
        screen(&app).contains("/ rust▏"),
        "the search box shows what is typed"
    );
    app.update(Action::SearchBackspace);
    app.update(Action::SearchBackspace);
    app.update(Action::SearchBackspace);
    app.update(Action::SearchBackspace);
    typed(&mut app, "ecrire");
    assert_eq!(app.find.visible(), vec![2], "accents are ignored");
    app.update(Action::SearchAccept);
    assert!(!app.find.filter.typing);
    let s = screen(&app);
    assert!(s.contains("/ecrire · 1 shown"), "{s}");
    assert!(!s.contains("Opening keynote"), "{s}");
    typed(&mut app, "zzz");
    app.update(Action::SearchAccept);
    assert!(screen(&app).contains("Nothing matches"));
    app.update(Action::Back);
    assert!(!app.find.filter.is_active(), "Esc clears the filters");
    assert!(!app.should_quit, "…and does not quit");
    assert_eq!(app.find.visible().len(), 5);
}

#[test]
fn favourites_are_marked_filtered_and_conflicts_flagged() {
    let mut app = app_at(programme(CONFERENCE), "2025-02-01 08:00:00", 100, 30);
    app.update(Action::First);
    app.update(Action::Down);
    app.update(Action::ToggleFavourite);
    app.update(Action::Down);
    app.update(Action::ToggleFavourite);
    assert_eq!(app.take_effects().len(), 2, "each change is saved");
    let terminal = render(&app);
    let buf = terminal.backend().buffer();
    let y = find_row(buf, &["Rust in the kernel"]).expect("row");
    assert!(row_text(buf, y).contains('★'), "{}", row_text(buf, y));
    assert!(
        row_text(buf, y).contains("⚠ CONFLICT"),
        "two favourites at once: {}",
        row_text(buf, y)
    );
    app.update(Action::FavouritesOnly);
    assert_eq!(app.find.visible(), vec![1, 2]);
    assert!(screen(&app).contains("★ only · 2 shown"));
    app.update(Action::FavouritesOnly);
    pick(&mut app, Facet::Room, 1);
    assert_eq!(app.find.visible(), vec![0, 1], "Janson only");
    pick(&mut app, Facet::Room, 2);
    assert_eq!(app.find.visible(), vec![2, 4], "then K.1.105");
    pick(&mut app, Facet::Room, 0);
    assert_eq!(app.find.visible().len(), 5, "then every room again");
}

#[test]
fn cancelled_items_stay_visible_struck_through_and_labelled() {
    let app = app_at(programme(CONFERENCE), "2025-02-01 08:00:00", 100, 30);
    let terminal = render(&app);
    let buf = terminal.backend().buffer();
    let y = find_row(buf, &["Cancelled talk", "CANCELLED"]).expect("row");
    let x = column_of(buf, y, "Cancelled talk").expect("title");
    assert!(
        buf[(x, y)]
            .style()
            .add_modifier
            .contains(Modifier::CROSSED_OUT)
    );
}

#[test]
fn the_rooms_grid_shows_rooms_as_columns_and_what_runs_now() {
    let mut app = app_at(programme(CONFERENCE), "2025-02-01 09:40:00", 100, 30);
    app.update(Action::ToggleGrid);
    let terminal = render(&app);
    let buf = terminal.backend().buffer();
    let header = find_row(buf, &["│ Janson", "│ K.1.105", "│ H.2215"]).expect("rooms as columns");
    let now_row = find_row(buf, &["▶09:30", "Rust in the kernel"]).expect("the slot of now");
    assert!(now_row > header);
    let row = row_text(buf, now_row);
    assert!(
        row.contains("▶▪ Rust in the kernel") || row.contains("▶● Rust in the kernel"),
        "{row}"
    );
    assert!(row.contains("Écrire des tests"), "{row}");
    assert!(
        !app.update(Action::GridRooms(1)),
        "every room is shown: nothing to shift"
    );
    app.update(Action::Resize(Size::new(60, 30)));
    app.update(Action::GridRooms(1));
    let s = screen(&app);
    assert!(
        s.contains("◂"),
        "rooms scrolled off to the left are signalled: {s}"
    );
    app.update(Action::ToggleGrid);
    assert!(screen(&app).contains("Opening keynote"), "back to the list");
}

#[test]
fn track_and_kind_filters_cycle_through_what_the_programme_uses() {
    let mut app = app_at(programme(CONFERENCE), "2025-02-01 08:00:00", 100, 30);
    pick(&mut app, Facet::Track, 1);
    assert_eq!(app.find.visible(), [2], "the Testing track");
    pick(&mut app, Facet::Track, 0);
    assert_eq!(app.find.visible().len(), 5);
    pick(&mut app, Facet::Kind, 1);
    assert_eq!(
        app.find.visible(),
        [1, 2, 3, 4],
        "session first: the kinds in use, in order"
    );
    pick(&mut app, Facet::Kind, 0);
    pick(&mut app, Facet::Kind, 2);
    assert_eq!(app.find.visible(), [0], "then keynote");
    assert!(screen(&app).contains("keynote · 1 shown"));
}

#[test]
fn the_help_scrolls_and_names_keys_in_french() {
    let mut app = app_at(bundled(), "2022-07-01 11:05:12", 80, 24);
    app.lang = deroule::i18n::Lang::Fr;
    app.update(Action::ToggleHelp);
    let s = screen(&app);
    assert!(s.contains("Entrée") && s.contains("Échap"), "{s}");
    assert!(!s.contains("wheel"), "{s}");
    let top = s.clone();
    app.update(Action::Down);
    app.update(Action::Down);
    assert_ne!(screen(&app), top, "↑↓ scroll the help");
    assert_eq!(app.overlays.shown, Overlay::Help, "and do not close it");
}

#[test]
fn with_parallel_rooms_the_panels_list_each_room() {
    let app = app_at(programme(CONFERENCE), "2025-02-01 09:40:00", 120, 30);
    let s = screen(&app);
    let now_row = s
        .lines()
        .find(|l| l.contains("Janson") && l.contains("Rust in the kernel"))
        .unwrap_or_else(|| panic!("Janson now:\n{s}"));
    assert!(now_row.contains("in 20:00"), "{now_row}");
    assert!(s.contains("Écrire des tests"), "{s}");
    let next_row = s
        .lines()
        .find(|l| l.contains("H.2215") && l.contains("Async drops"))
        .unwrap_or_else(|| panic!("the next item of another room:\n{s}"));
    assert!(next_row.contains("in 5:00"), "{next_row}");
}

/// A devroom morning as at FOSDEM: a five-minute welcome, then the first talk, in one slot.
const DEVROOMS: &str = r"
title: Devrooms
time_zone: Europe/Brussels
date: 2025-02-01
rooms: [K.3.201, K.4.401, H.2215]
items:
  - {id: w, title: Welcome to the devroom, kind: welcome, start: 10h30, end: 10h35, room: K.3.201}
  - {id: m, title: Moving work into the middle end, start: 10h35, end: 11h, room: K.3.201}
  - {id: g, title: Writing a GCC backend, start: 11h, end: 11h30, room: K.3.201}
  - {id: c, title: Confidential computing, start: 10h30, end: 11h, room: K.4.401}
  - {id: r, title: Rust on microcontrollers, start: 11h, end: 11h45, room: K.4.401}
  - {id: a, title: Async drops, start: 10h45, end: 11h15, room: H.2215}
";

fn grid_at(source: &str, time: &str, width: u16, height: u16) -> deroule::app::App {
    let mut app = app_at(programme(source), time, width, height);
    app.update(Action::ToggleGrid);
    assert!(app.grid_shown(), "the grid fits at {width}×{height}");
    app
}

/// The first row of the grid (under the panels) whose text contains every needle.
fn find_grid_row(buf: &ratatui::buffer::Buffer, needles: &[&str]) -> Option<u16> {
    let top = find_row(buf, &["┌ Rooms"]).or_else(|| find_row(buf, &["┌ Salles"]))?;
    (top..buf.area.height).find(|&y| {
        let text = row_text(buf, y);
        needles.iter().all(|n| text.contains(n))
    })
}

/// The grid's rows as text.
fn grid_screen(app: &deroule::app::App) -> String {
    let s = screen(app);
    let lines: Vec<&str> = s.lines().collect();
    let top = lines
        .iter()
        .position(|l| l.contains("┌ Rooms") || l.contains("┌ Salles"))
        .unwrap_or(0);
    lines[top..].join("\n")
}

fn selected_title(app: &deroule::app::App) -> &str {
    app.selected_item().map_or("", |i| i.title.as_str())
}

#[test]
fn two_items_starting_in_one_slot_of_a_room_are_both_shown() {
    let mut app = grid_at(DEVROOMS, "2025-02-01 10:32:00", 100, 30);
    assert_eq!(
        app.grid.row_minutes(),
        5,
        "automatic: the longest rows on which every item starts on a row"
    );
    app.update(Action::ZoomOut);
    app.update(Action::ZoomOut);
    assert_eq!(app.grid.row_minutes(), 15);
    let terminal = render(&app);
    let buf = terminal.backend().buffer();
    let first =
        find_grid_row(buf, &["10:30", "Welcome to the devroom"]).expect("the first, in its slot");
    let second =
        find_grid_row(buf, &["10:35 Moving work"]).expect("the second, with its start time");
    assert_eq!(second, first + 1, "listed in the row under the first");
    assert!(
        row_text(buf, second).contains("10:45"),
        "{}",
        row_text(buf, second)
    );
    assert!(
        find_row(buf, &["15 min rows ·"]).is_some(),
        "the row length is said in the bottom title"
    );
}

#[test]
fn a_talk_starting_inside_its_row_shows_its_start_time() {
    let mut app = grid_at(DEVROOMS, "2025-02-01 10:32:00", 100, 30);
    let terminal = render(&app);
    let buf = terminal.backend().buffer();
    assert!(find_row(buf, &["5 min rows (auto)"]).is_some());
    let row = find_grid_row(buf, &["10:45", "Async drops"]).expect("in its own row");
    assert!(
        !row_text(buf, row).contains("10:45 Async"),
        "aligned: no time repeated"
    );
    app.update(Action::ZoomOut);
    assert_eq!(app.grid.row_minutes(), 10);
    let terminal = render(&app);
    let buf = terminal.backend().buffer();
    let row = find_grid_row(buf, &["10:40", "10:45 Async drops"])
        .expect("in the 10:40 row, with its real start");
    let text = row_text(buf, row);
    assert!(text.contains("10:35 Moving work"), "{text}");
    let row = find_grid_row(buf, &["10:30", "Confidential computing"]).expect("its own row");
    assert!(
        !row_text(buf, row).contains("10:30 Confidential"),
        "{}",
        row_text(buf, row)
    );
}

/// A FOSDEM morning: a long talk in H.1308, two talks in H.2214, a gap in K.4.401 at 11:02.
const SIDE_BY_SIDE: &str = r"
title: Side by side
time_zone: Europe/Brussels
date: 2025-02-01
rooms: [H.1308, H.2214, K.4.401]
items:
  - {title: Nextcloud talk, start: 10h30, end: 11h10, room: H.1308}
  - {title: Finding an AOSP bug, start: 10h30, end: 10h50, room: H.2214}
  - {title: Panel session, start: 10h50, end: 11h30, room: H.2214}
  - {title: Recent past, start: 10h40, end: 11h, room: K.4.401}
  - {title: Demystified, start: 11h05, end: 11h25, room: K.4.401}
";

#[test]
fn moving_to_another_room_lands_on_what_runs_there_at_the_cursors_time() {
    let mut app = grid_at(SIDE_BY_SIDE, "2025-02-01 11:02:00", 100, 30);
    while app.update(Action::GridColumn(-1)) {}
    assert_eq!(selected_title(&app), "Nextcloud talk");
    app.update(Action::GridColumn(1));
    assert_eq!(
        selected_title(&app),
        "Panel session",
        "from a running talk: what runs there now, not what began with it"
    );
    app.update(Action::GridColumn(1));
    assert_eq!(
        selected_title(&app),
        "Demystified",
        "nothing running there: the next, though the last one ended nearer"
    );
    app.update(Action::GridColumn(-1));
    assert_eq!(
        selected_title(&app),
        "Panel session",
        "from an item to come: what runs at its start"
    );
}

#[test]
fn shifting_the_rooms_keeps_the_cursor_and_its_time() {
    let mut app = grid_at(SIDE_BY_SIDE, "2025-02-01 11:02:00", 60, 20);
    while app.update(Action::GridColumn(-1)) {}
    assert_eq!(selected_title(&app), "Nextcloud talk");
    let header = |app: &deroule::app::App| {
        let s = grid_screen(app);
        s.lines().nth(1).unwrap_or_default().to_owned()
    };
    let h = header(&app);
    assert!(
        h.contains("H.1308") && h.contains("H.2214") && !h.contains("K.4.401"),
        "{h}"
    );
    assert!(
        h.contains('▸') && !h.contains('◂'),
        "a room to the right: {h}"
    );
    let odd = grid_at(SIDE_BY_SIDE, "2025-02-01 11:02:00", 61, 20);
    assert!(
        header(&odd).ends_with("▸│"),
        "at the right edge when the columns leave a cell over: {}",
        header(&odd)
    );
    app.update(Action::GridRooms(1));
    let h = header(&app);
    assert!(h.contains('◂') && !h.contains('▸'), "{h}");
    assert_eq!(
        selected_title(&app),
        "Panel session",
        "its room gone: the nearest room shown, at the same time"
    );
    app.update(Action::GridRooms(-1));
    assert_eq!(
        selected_title(&app),
        "Panel session",
        "still shown: the cursor stays"
    );
    app.update(Action::GridRooms(1));
    app.update(Action::GridColumn(1));
    assert_eq!(selected_title(&app), "Demystified");
    app.update(Action::GridRooms(-1));
    assert_eq!(selected_title(&app), "Panel session");
    app.update(Action::RoomView);
    assert_eq!(
        app.find.filter.room.as_deref(),
        Some("H.2214"),
        "o opens the cursor's room"
    );
}

#[test]
fn the_room_view_shows_the_now_line_in_the_rooms_gap() {
    let mut app = grid_at(SIDE_BY_SIDE, "2025-02-01 11:02:00", 100, 30);
    while app.update(Action::GridColumn(1)) {}
    assert_eq!(selected_title(&app), "Demystified");
    app.update(Action::RoomView);
    let terminal = render(&app);
    let buf = terminal.backend().buffer();
    let past = find_row(buf, &["10:40", "Recent past"]).expect("row");
    let line = find_row(buf, &["11:02 · nothing running · next in 3:00"])
        .unwrap_or_else(|| panic!("now-line:\n{}", screen(&app)));
    let next = find_row(buf, &["11:05", "Demystified"]).expect("row");
    assert!(past < line && line < next, "{past} < {line} < {next}");
}

const LIGHTNING: &str = r"
title: Lightning
time_zone: Europe/Brussels
date: 2025-02-01
rooms: [H.2214, Janson]
items:
  - {title: Lightning one, start: 10h, end: 10h05, room: H.2214}
  - {title: Lightning two, start: 10h05, end: 10h10, room: H.2214}
  - {title: Lightning three, start: 10h10, end: 10h15, room: H.2214}
  - {title: Lightning four, start: 10h15, end: 10h20, room: H.2214}
  - {title: Keynote, kind: keynote, start: 10h, end: 11h, room: Janson}
";

#[test]
fn items_without_a_row_of_their_own_are_counted_and_reachable() {
    let mut app = grid_at(LIGHTNING, "2025-02-01 09:50:00", 100, 30);
    assert_eq!(
        app.grid.row_minutes(),
        5,
        "the longest rows that hide nothing"
    );
    let s = grid_screen(&app);
    for title in [
        "Lightning one",
        "Lightning two",
        "Lightning three",
        "Lightning four",
    ] {
        assert!(s.contains(title), "{title} missing:\n{s}");
    }
    app.update(Action::ZoomOut);
    assert_eq!(app.grid.row_minutes(), 10);
    let terminal = render(&app);
    let buf = terminal.backend().buffer();
    let row = find_grid_row(buf, &["10:00", "Lightning one"]).expect("the first of the slot");
    assert!(row_text(buf, row).contains("+1"), "{}", row_text(buf, row));
    assert!(!grid_screen(&app).contains("Lightning two"));
    // The cursor walks through the column, the hidden ones included.
    app.update(Action::First);
    let mut seen = vec![selected_title(&app).to_owned()];
    for _ in 0..3 {
        app.update(Action::Down);
        let title = selected_title(&app).to_owned();
        assert!(
            grid_screen(&app).contains(&title),
            "the cursor's {title} is shown"
        );
        seen.push(title);
    }
    assert_eq!(
        seen,
        [
            "Lightning one",
            "Lightning two",
            "Lightning three",
            "Lightning four"
        ]
    );
}

#[test]
fn zoom_changes_the_length_of_the_rows() {
    let mut app = grid_at(DEVROOMS, "2025-02-01 10:32:00", 100, 30);
    let has_row = |app: &deroule::app::App, time: &str| {
        let terminal = render(app);
        let buf = terminal.backend().buffer();
        (0..buf.area.height).any(|y| row_text(buf, y).starts_with(&format!("│ {time}")))
            || (0..buf.area.height).any(|y| row_text(buf, y).starts_with(&format!("│▶{time}")))
    };
    assert_eq!(app.grid.row_minutes(), 5);
    assert!(has_row(&app, "10:35") && has_row(&app, "10:40"));
    assert!(!app.update(Action::ZoomIn), "5 minutes is the shortest");
    app.update(Action::ZoomOut);
    assert_eq!(app.grid.row_minutes(), 10);
    assert!(has_row(&app, "10:40") && !has_row(&app, "10:45"));
    assert!(
        screen(&app).contains("10 min rows ·"),
        "chosen, not automatic"
    );
    app.update(Action::ZoomOut);
    assert!(has_row(&app, "10:45") && !has_row(&app, "10:40"));
    app.update(Action::ZoomOut);
    assert_eq!(app.grid.row_minutes(), 30);
    assert!(has_row(&app, "10:30") && has_row(&app, "11:00") && !has_row(&app, "10:45"));
    assert!(screen(&app).contains("30 min rows"));
    app.update(Action::ZoomOut);
    assert!(!app.update(Action::ZoomOut), "an hour is the longest");
    assert!(has_row(&app, "10:00") && !has_row(&app, "10:30"));
    for _ in 0..4 {
        app.update(Action::ZoomIn);
    }
    assert!(app.grid.is_auto(), "back to the automatic length");
    assert!(screen(&app).contains("5 min rows (auto)"));
}

#[test]
fn the_grid_cursor_moves_across_rooms_and_items_and_opens_details() {
    let mut app = grid_at(CONFERENCE, "2025-02-01 09:40:00", 100, 30);
    assert_eq!(
        selected_title(&app),
        "Rust in the kernel",
        "on what runs now"
    );
    app.update(Action::GridColumn(1));
    assert_eq!(
        selected_title(&app),
        "Écrire des tests",
        "the next room, same time"
    );
    assert!(!app.list.following);
    app.update(Action::Down);
    assert_eq!(selected_title(&app), "Cancelled talk", "down its room");
    app.update(Action::Up);
    app.update(Action::GridColumn(1));
    assert_eq!(selected_title(&app), "Async drops");
    assert!(!app.update(Action::GridColumn(1)), "no room after the last");
    let terminal = render(&app);
    let buf = terminal.backend().buffer();
    let y = find_grid_row(buf, &["Async drops"]).expect("row");
    let x = column_of(buf, y, "Async drops").expect("title");
    assert!(
        buf[(x, y)]
            .style()
            .add_modifier
            .contains(Modifier::REVERSED),
        "the cursor's item is reversed"
    );
    let header = find_grid_row(buf, &["│ H.2215"]).expect("header");
    let x = column_of(buf, header, "H.2215").expect("room");
    assert!(
        buf[(x, header)]
            .style()
            .add_modifier
            .contains(Modifier::REVERSED),
        "and so is its room"
    );
    app.update(Action::OpenDetails);
    let s = screen(&app);
    assert!(
        s.contains("Details") && s.contains("About RUST futures"),
        "{s}"
    );
    app.update(Action::Back);
    app.update(Action::ToggleFavourite);
    assert!(app.is_favourite(app.selected_item().expect("selected")));
    let terminal = render(&app);
    assert!(find_grid_row(terminal.backend().buffer(), &["★", "Async drops"]).is_some());
    app.update(Action::FollowNow);
    assert!(app.list.following);
    assert_eq!(
        selected_title(&app),
        "Async drops",
        "n stays in the room: what runs there"
    );
}

#[test]
fn in_the_grid_the_arrows_move_between_rooms_and_brackets_change_day() {
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let key = |code| KeyEvent::new(code, KeyModifiers::NONE);
    let mut app = app_at(
        programme(&two_days_in_a_room()),
        "2025-02-01 10:30:00",
        100,
        30,
    );
    let action = |app: &deroule::app::App, code| deroule::app::action_for_key(key(code), app);
    assert_eq!(action(&app, KeyCode::Right), Some(Action::NextDay));
    assert_eq!(action(&app, KeyCode::Char(']')), Some(Action::NextDay));
    app.update(Action::ToggleGrid);
    assert_eq!(action(&app, KeyCode::Right), Some(Action::GridColumn(1)));
    assert_eq!(
        action(&app, KeyCode::Char('h')),
        Some(Action::GridColumn(-1))
    );
    assert_eq!(action(&app, KeyCode::Char('[')), Some(Action::PrevDay));
    assert_eq!(action(&app, KeyCode::Char('z')), Some(Action::ZoomIn));
    assert_eq!(action(&app, KeyCode::Char('Z')), Some(Action::ZoomOut));
    assert_eq!(action(&app, KeyCode::Char('o')), Some(Action::RoomView));
    app.update(Action::Resize(Size::new(40, 30)));
    assert_eq!(
        action(&app, KeyCode::Right),
        Some(Action::NextDay),
        "too narrow for the grid: the list is shown, and the keys are the list's"
    );
}

/// A long day in one room, to scroll the rows.
const LONG_DAY: &str = r"
title: Long
time_zone: Europe/Brussels
date: 2025-02-01
rooms: [Main, Side]
items:
  - {title: Talk at eight, start: 8h, end: 9h, room: Main}
  - {title: Talk at ten, start: 10h, end: 11h, room: Main}
  - {title: Talk at noon, start: 12h, end: 13h, room: Main}
  - {title: Talk at two, start: 14h, end: 15h, room: Main}
  - {title: Talk at four, start: 16h, end: 17h, room: Main}
  - {title: Talk at six, start: 18h, end: 19h, room: Main}
  - {title: Side talk, start: 18h30, end: 19h, room: Side}
";

#[test]
fn the_grid_windows_scroll_to_keep_the_cursor_in_view() {
    let mut app = grid_at(LONG_DAY, "2025-02-01 08:10:00", 100, 20);
    for expected in [
        "Talk at ten",
        "Talk at noon",
        "Talk at two",
        "Talk at four",
        "Talk at six",
    ] {
        app.update(Action::Down);
        assert_eq!(selected_title(&app), expected);
        let s = grid_screen(&app);
        assert!(s.contains(expected), "{expected} scrolled into view:\n{s}");
    }
    assert!(
        !grid_screen(&app).contains("Talk at eight"),
        "the window moved"
    );
    app.update(Action::First);
    assert!(grid_screen(&app).contains("Talk at eight"));
    app.update(Action::PageDown);
    assert_eq!(
        selected_title(&app),
        "Talk at ten",
        "a screen of time later"
    );
    app.update(Action::PageUp);
    assert_eq!(selected_title(&app), "Talk at eight");
    app.update(Action::Last);
    assert_eq!(selected_title(&app), "Talk at six");
    // Columns: at 60 wide, two rooms fit; with a third the window shifts.
    let mut app = grid_at(CONFERENCE, "2025-02-01 09:40:00", 60, 30);
    assert!(!grid_screen(&app).contains("H.2215"));
    app.update(Action::GridColumn(1));
    app.update(Action::GridColumn(1));
    assert_eq!(selected_title(&app), "Async drops");
    let s = grid_screen(&app);
    assert!(s.contains("H.2215") && s.contains("◂"), "{s}");
}

#[test]
fn in_the_grid_a_click_selects_a_cell_and_the_wheel_scrolls_the_rows() {
    let mut app = grid_at(CONFERENCE, "2025-02-01 09:40:00", 100, 30);
    let terminal = render(&app);
    let buf = terminal.backend().buffer();
    let y = find_grid_row(buf, &["Async drops"]).expect("row");
    let x = column_of(buf, y, "Async drops").expect("title");
    app.update(Action::Click(Position::new(x + 2, y)));
    assert_eq!(selected_title(&app), "Async drops");
    assert_eq!(app.overlays.shown, Overlay::None);
    app.update(Action::Click(Position::new(x + 2, y + 1)));
    assert_eq!(
        app.overlays.shown,
        Overlay::Details,
        "a second click, on its bar, opens it"
    );

    let mut app = grid_at(LONG_DAY, "2025-02-01 08:10:00", 100, 20);
    assert!(grid_screen(&app).contains("08:00  │"));
    app.update(Action::Scroll(12));
    assert!(!app.list.following);
    let s = grid_screen(&app);
    assert!(!s.contains("08:00  │"), "{s}");
    assert!(
        s.contains(selected_title(&app)),
        "the cursor stays on screen: {}\n{s}",
        selected_title(&app)
    );
}

#[test]
fn the_grid_has_a_column_for_each_room_in_use_that_day() {
    let source = r"
title: Two days
time_zone: Europe/Brussels
rooms: [Big, Small]
days:
  - date: 2025-02-01
    items:
      - {title: Sat big, start: 10h, end: 11h, room: Big}
      - {title: Sat small, start: 10h, end: 11h, room: Small}
  - date: 2025-02-02
    items:
      - {title: Sun big, start: 10h, end: 11h, room: Big}
";
    let mut app = grid_at(source, "2025-02-01 10:30:00", 100, 30);
    assert_eq!(app.grid.rooms(), ["Big", "Small"]);
    app.update(Action::NextDay);
    assert_eq!(app.grid.rooms(), ["Big"]);
    assert!(!grid_screen(&app).contains("Small"));
    // Favourites only: the rooms of the favourites.
    let mut app = grid_at(CONFERENCE, "2025-02-01 09:40:00", 100, 30);
    app.update(Action::GridColumn(1));
    app.update(Action::ToggleFavourite);
    app.update(Action::FavouritesOnly);
    assert_eq!(app.grid.rooms(), ["K.1.105"]);
    assert_eq!(selected_title(&app), "Écrire des tests");
}

#[test]
fn o_shows_what_else_is_in_the_room_and_comes_back() {
    let mut app = app_at(programme(CONFERENCE), "2025-02-01 09:40:00", 100, 30);
    app.update(Action::First);
    app.update(Action::Down);
    app.update(Action::Down);
    assert_eq!(selected_title(&app), "Écrire des tests");
    let offset = app.list.offset;
    app.update(Action::RoomView);
    assert_eq!(app.find.visible(), [2, 4], "K.1.105 only");
    assert_eq!(selected_title(&app), "Écrire des tests", "the cursor stays");
    let s = screen(&app);
    assert!(s.contains("Room K.1.105 · 2 items today"), "{s}");
    assert!(s.contains("o back"), "{s}");
    app.update(Action::RoomView);
    assert!(!app.find.filter.is_active(), "back: no filter");
    assert_eq!(app.find.visible().len(), 5);
    assert_eq!(
        (selected_title(&app), app.list.offset),
        ("Écrire des tests", offset)
    );

    // From the grid: the cursor's room, and Esc goes back to the grid.
    app.update(Action::ToggleGrid);
    app.update(Action::GridColumn(1));
    assert_eq!(selected_title(&app), "Async drops");
    app.update(Action::RoomView);
    assert_eq!(app.grid.view, deroule::app::View::List);
    assert!(screen(&app).contains("Room H.2215 · 1 item today"));
    app.update(Action::Back);
    assert_eq!(app.grid.view, deroule::app::View::Grid);
    assert_eq!(selected_title(&app), "Async drops");
    assert!(!app.should_quit);

    app.lang = deroule::i18n::Lang::Fr;
    app.update(Action::RoomView);
    assert!(screen(&app).contains("Salle H.2215 · 1 élément aujourd’hui"));
}

#[test]
fn an_emoji_with_a_variation_selector_keeps_the_grid_columns_in_place() {
    let source = r#"
title: Emoji
time_zone: Europe/Brussels
date: 2025-02-01
rooms: [A, B, C]
items:
  - {title: "SIP-V+T=❤️ ? Talk about voice, video and text for everyone", start: 16h15, end: 16h45, room: A}
  - {title: "👩‍💻 Developers 👍🏽 unite, a very long title indeed", start: 16h15, end: 16h45, room: B}
  - {title: Other talk, start: 16h15, end: 16h45, room: C}
"#;
    let app = grid_at(source, "2025-02-01 16:00:00", 100, 30);
    let terminal = render(&app);
    let buf = terminal.backend().buffer();
    let header = find_grid_row(buf, &["│ A", "│ B", "│ C"]).expect("header");
    let row = find_grid_row(buf, &["SIP-V+T=❤"]).expect("the heart's row");
    for (room, title) in [("│ B", "│ ● 👩"), ("│ C", "│ ● Other talk")] {
        assert_eq!(
            column_of(buf, header, room),
            column_of(buf, row, title),
            "{room}'s border moved:\n{}\n{}",
            row_text(buf, header),
            row_text(buf, row)
        );
    }
    for cell in &buf.content {
        assert!(
            !cell
                .symbol()
                .contains(['\u{fe0f}', '\u{200d}', '\u{1f3fd}']),
            "{:?}",
            cell.symbol()
        );
    }
}

#[test]
fn the_help_and_the_footer_name_the_grid_keys() {
    let footer =
        |app: &deroule::app::App| screen(app).lines().last().unwrap_or_default().to_owned();
    let mut app = grid_at(CONFERENCE, "2025-02-01 09:40:00", 120, 30);
    for key in ["↑↓←→ move", "o room", "z Z zoom"] {
        assert!(
            footer(&app).contains(key),
            "footer lacks {key:?}: {}",
            footer(&app)
        );
    }
    assert!(!footer(&app).contains("[ ]"), "one day: no day key");
    let two_days = grid_at(&two_days_in_a_room(), "2025-02-01 10:30:00", 120, 30);
    assert!(
        footer(&two_days).contains("[ ] day"),
        "{}",
        footer(&two_days)
    );
    app.update(Action::ToggleHelp);
    let s = screen(&app);
    for key in ["z Z", "[ ]", "what else is in this room today"] {
        assert!(s.contains(key), "help lacks {key:?}\n{s}");
    }
    app.lang = deroule::i18n::Lang::Fr;
    let s = screen(&app);
    assert!(s.contains("lignes plus courtes"), "{s}");
}

#[test]
fn snapshot_grid_with_cursor_100x24() {
    let mut app = grid_at(DEVROOMS, "2025-02-01 10:40:00", 100, 24);
    // Quarter-hour rows: the welcome and the first talk stacked in one slot.
    app.update(Action::ZoomOut);
    app.update(Action::ZoomOut);
    // Following now: of the items running, the one that started last.
    assert_eq!(selected_title(&app), "Moving work into the middle end");
    app.update(Action::GridColumn(1));
    assert_eq!(
        selected_title(&app),
        "Confidential computing",
        "the next room, at the same time"
    );
    app.update(Action::GridColumn(-1));
    app.update(Action::Up);
    assert_eq!(selected_title(&app), "Welcome to the devroom");
    app.update(Action::Down);
    assert_eq!(selected_title(&app), "Moving work into the middle end");
    insta::assert_snapshot!("grid_cursor_100x24", render(&app).backend());
}

#[test]
fn a_running_favourite_keeps_its_star_in_the_grid() {
    let mut app = grid_at(DEVROOMS, "2025-02-01 10:40:00", 100, 24);
    assert_eq!(selected_title(&app), "Moving work into the middle end");
    app.update(Action::ToggleFavourite);
    let terminal = render(&app);
    assert!(
        find_grid_row(terminal.backend().buffer(), &["▶★ Moving work"]).is_some(),
        "{}",
        screen(&app)
    );
}

#[test]
fn esc_leaves_the_grid_and_never_quits_and_a_day_without_rooms_has_no_grid() {
    let mut app = grid_at(DEVROOMS, "2025-02-01 10:40:00", 100, 24);
    app.update(Action::Back);
    assert!(!app.grid_shown(), "Esc goes back to the list");
    assert!(!app.should_quit);
    app.update(Action::Back);
    assert!(!app.should_quit, "and then does nothing: q quits");

    let mut one_room = app_at(bundled(), "2022-07-01 11:05:00", 80, 24);
    assert!(
        one_room.update(Action::ToggleGrid),
        "the banner says why (#16)"
    );
    assert!(!one_room.grid_shown());
    assert!(!screen(&one_room).contains("No rooms"));
    assert!(screen(&one_room).contains("this programme names no rooms: no rooms grid"));
}

/// Found by fuzzing the view: a column move of 0 with nothing shown in the cursor's room looped
/// for ever.
#[test]
fn a_column_move_of_nothing_ends() {
    let mut app = grid_at(DEVROOMS, "2025-02-01 10:40:00", 100, 24);
    app.update(Action::FavouritesOnly);
    assert!(
        app.find.visible().is_empty(),
        "no favourites: nothing shown"
    );
    // In a thread, so that a regression fails here instead of hanging the test run.
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let moved = (
            app.update(Action::GridColumn(0)),
            app.update(Action::GridColumn(1)),
        );
        let _ = tx.send(moved);
    });
    let moved = rx
        .recv_timeout(std::time::Duration::from_secs(60))
        .expect("the moves end");
    assert_eq!(moved, (false, false));
}
