//! A programme with parallel rooms at the sizes where it gets tight: the header, the Now and
//! Next panels, and the list.

mod common;

use common::{app_at, programme, screen};

const ROOMS: &str = r"
title: Rooms
time_zone: Europe/Brussels
date: 2025-02-01
rooms: [UB2.252A (Lameere), H.2215 (Ferrer), K.3.201, K.4.401, K.4.601]
items:
  - {title: Augurs a time series toolkit, start: 10h30, end: 11h10, room: UB2.252A (Lameere)}
  - {title: ZSWatch the open smartwatch, start: 10h50, end: 11h05, room: H.2215 (Ferrer)}
  - {title: Moving work, start: 10h35, end: 11h20, room: K.3.201}
  - {title: Confidential computing, start: 10h40, end: 11h30, room: K.4.401}
  - {title: Welcome, start: 10h30, end: 11h40, room: K.4.601}
";

/// The Now panel's rows, between its borders.
fn now_rows(s: &str) -> Vec<String> {
    s.lines()
        .skip_while(|l| !l.contains("┌ Now"))
        .skip(1)
        .take_while(|l| !l.contains('└'))
        .map(|l| l.split('│').nth(1).unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn soonest_ending_first_and_every_row_keeps_some_title() {
    let app = app_at(programme(ROOMS), "2025-02-01 11:02:00", 60, 20);
    let s = screen(&app);
    let rows = now_rows(&s);
    assert!(rows.len() >= 2, "{s}");
    // H.2215 ends first (11:05), then UB2.252A (11:10).
    assert!(rows[0].starts_with(" H.221"), "{rows:#?}");
    assert!(rows[0].contains("ends in 3:00"), "{rows:#?}");
    assert!(rows[1].contains("ends in 8:00"), "{rows:#?}");
    // The long room name is cut, and the title still shows its first letters.
    assert!(rows[1].contains("UB2.2"), "{rows:#?}");
    assert!(rows[1].contains("Aug"), "{rows:#?}");
    // What does not fit is counted in words that fit the panel.
    let last = rows
        .iter()
        .rev()
        .find(|r| !r.trim().is_empty())
        .expect("a row");
    assert!(last.contains("+3 more · v"), "{rows:#?}");
}

#[test]
fn wide_panels_say_it_in_full() {
    let app = app_at(programme(ROOMS), "2025-02-01 11:02:00", 160, 40);
    let s = screen(&app);
    let rows = now_rows(&s);
    assert!(
        rows.iter()
            .any(|r| r.contains("UB2.252A (Lameere) ● Augurs")),
        "{rows:#?}"
    );
    assert!(
        rows.iter()
            .any(|r| r.contains("more rooms · v: rooms grid")),
        "{rows:#?}"
    );
}

#[test]
fn a_fixed_offset_zone_reads_as_its_offset_in_the_header() {
    // What the importer infers for a schedule that names no zone (36c3): POSIX's Etc/GMT-1 is
    // UTC+01:00, which its name seems to contradict.
    let source = ROOMS.replace("Europe/Brussels", "Etc/GMT-1");
    let app = app_at(programme(&source), "2025-02-01 11:02:00", 120, 30);
    let header = screen(&app).lines().next().unwrap_or_default().to_owned();
    assert!(header.contains("UTC+01:00"), "{header}");
    assert!(!header.contains("GMT"), "{header}");
}

#[test]
fn the_list_names_the_room_at_80_columns() {
    // 80×24 is the commonest terminal; at a conference the room is what a row is for.
    let app = app_at(programme(ROOMS), "2025-02-01 11:02:00", 80, 24);
    let s = screen(&app);
    let row = s
        .lines()
        .find(|l| l.contains("Moving work"))
        .unwrap_or_else(|| panic!("no row for Moving work\n{s}"));
    assert!(row.contains("K.3.201"), "{row}");
    // In the room view the room is in the title, not on every row.
    let narrow = app_at(programme(ROOMS), "2025-02-01 11:02:00", 50, 24);
    let s = screen(&narrow);
    let row = s.lines().find(|l| l.contains("Moving")).unwrap_or_default();
    assert!(
        !row.contains("K.3.201"),
        "no room column under 60 columns: {row}"
    );
}

#[test]
fn the_footer_offers_the_grid_and_says_how_to_clear_a_filter() {
    let mut app = app_at(programme(ROOMS), "2025-02-01 11:02:00", 100, 30);
    let footer =
        |app: &deroule::app::App| screen(app).lines().last().unwrap_or_default().to_owned();
    assert!(footer(&app).contains("v grid"), "{}", footer(&app));
    assert!(!footer(&app).contains("Esc"), "{}", footer(&app));
    app.update(deroule::app::Action::FavouritesOnly);
    assert!(
        footer(&app).starts_with(" Esc clear filters"),
        "{}",
        footer(&app)
    );
}

#[test]
fn a_narrow_header_keeps_the_whole_title_and_drops_the_zone_first() {
    let header = |w| {
        let app = app_at(programme(ROOMS), "2025-02-01 11:02:00", w, 20);
        screen(&app).lines().next().unwrap_or_default().to_owned()
    };
    let wide = header(100);
    assert!(
        wide.contains("Saturday 1 February 2025 · Europe/Brussels"),
        "{wide}"
    );
    let narrow = header(50);
    assert!(narrow.starts_with(" Rooms "), "{narrow}");
    assert!(!narrow.contains("Europe/Brussels"), "{narrow}");
    assert!(narrow.contains("11:02:00"), "{narrow}");
}

/// The progress bar and its counts end in the column where the times above them end, at every
/// width (it was one column short).
#[test]
fn the_progress_bar_ends_under_the_times() {
    for width in [80, 100, 120, 160] {
        let app = app_at(common::bundled(), "2022-07-01 11:05:12", width, 40);
        let s = screen(&app);
        let rows = now_rows(&s);
        let times = rows
            .iter()
            .find(|r| r.contains("11:00–11:15"))
            .unwrap_or_else(|| panic!("no times row at {width}:\n{s}"));
        let bar = rows
            .iter()
            .find(|r| r.contains('█') || r.contains('░'))
            .unwrap_or_else(|| panic!("no bar at {width}:\n{s}"));
        let end = |r: &str| r.trim_end().chars().count();
        assert_eq!(end(bar), end(times), "at {width}:\n{s}");
    }
}

/// The day's bar is not full, nor `100 %`, a minute before the day ends.
#[test]
fn the_day_is_not_done_a_minute_before_its_end() {
    let app = app_at(common::bundled(), "2022-07-01 17:59:00", 120, 40);
    let s = screen(&app);
    assert!(s.contains(" 99 % "), "{s}");
    assert!(!s.contains("100 %"), "{s}");
}

/// With a clock that is not the real one (`--at`), the footer does not claim to follow live.
#[test]
fn the_footer_follows_the_clock_not_live_when_the_clock_is_set() {
    let mut app = app_at(common::bundled(), "2022-07-01 11:05:12", 100, 30);
    app.notices.clock_note = Some("clock stopped".to_owned());
    let s = screen(&app);
    assert!(s.contains("● following the clock"), "{s}");
    assert!(!s.contains("following live"), "{s}");
}

/// Before the day (`--today` at 05:25): the start is "today at 09:00", not a date that reads as
/// another day under a countdown of a few hours; a start on another day keeps its date.
#[test]
fn before_the_day_the_start_says_today() {
    let s = screen(&app_at(common::bundled(), "2022-07-01 05:25:30", 100, 30));
    assert!(s.contains("Starts in 3:34:30"), "{s}");
    assert!(s.contains("today at 09:00"), "{s}");
    assert!(!s.contains("Friday 1 July 2022 at 09:00"), "{s}");
    let s = screen(&app_at(common::bundled(), "2022-06-30 20:00:00", 100, 30));
    assert!(s.contains("tomorrow at 09:00 (Friday 1 July 2022)"), "{s}");
}

/// After the day, at 100×30 in French, the Now panel's sentence fits whole; where a panel is too
/// narrow for a line, the line ends in `…`, never cut silently mid-word.
#[test]
fn after_the_day_sentences_fit_or_end_in_an_ellipsis() {
    let mut app = app_at(common::bundled(), "2022-07-01 18:30:00", 100, 30);
    app.lang = deroule::i18n::Lang::Fr;
    let s = screen(&app);
    assert!(
        s.contains("│ le déroulé de la journée est ci-dessous "),
        "{s}"
    );
    app.size = ratatui::layout::Size::new(80, 24);
    let s = screen(&app);
    let line = s
        .lines()
        .find(|r| r.contains("le déroulé"))
        .unwrap_or_else(|| panic!("{s}"));
    let inside = line.split('│').nth(1).unwrap_or_default();
    // Cut after a whole word (it was `… est ci-desso…`).
    assert_eq!(inside.trim(), "le déroulé de la journée est…", "{s}");
}

/// Through the bundled day, at 80 and 100 columns, in English and French: every line of the Now
/// and Next panels that does not fit ends in `…` right after a whole word of the title or the
/// sentence it cuts (it was `Temps de rencontre et de présenta…`, `contributions réuss…`).
#[test]
fn panel_lines_are_cut_after_a_whole_word() {
    let p = common::bundled();
    let mut words: std::collections::HashSet<String> = p.days[0]
        .items
        .iter()
        .flat_map(|i| {
            i.title
                .split_whitespace()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect();
    words.extend(
        "le déroulé de la journée est ci-dessous the day as it was is below"
            .split_whitespace()
            .map(str::to_owned),
    );
    let mut cuts = 0;
    for lang in [deroule::i18n::Lang::En, deroule::i18n::Lang::Fr] {
        for width in [80, 100] {
            for minutes in (8 * 60 + 30..=18 * 60 + 30).step_by(5) {
                let time = format!("2022-07-01 {:02}:{:02}:00", minutes / 60, minutes % 60);
                let mut app = app_at(p.clone(), &time, width, 30);
                app.lang = lang;
                let s = screen(&app);
                let rows = s
                    .lines()
                    .skip_while(|l| !l.contains('┌'))
                    .skip(1)
                    .take_while(|l| !l.contains('└'));
                for row in rows {
                    for panel in row.split('│').filter(|c| c.contains('…')) {
                        let before = panel.split('…').next().unwrap_or_default();
                        let word = before.split_whitespace().last().unwrap_or_default();
                        assert!(
                            words.contains(word),
                            "{lang:?} {width} {time}: `{word}…` is not a whole word:\n{s}"
                        );
                        cuts += 1;
                    }
                }
            }
        }
    }
    assert!(
        cuts > 100,
        "the day has long titles to cut: {cuts} cuts seen"
    );
}

/// The `…` of a cut title takes the title's style: it belongs to the text it ends.
#[test]
fn the_ellipsis_has_the_style_of_the_text_it_follows() {
    let app = app_at(common::bundled(), "2022-07-01 09:35:00", 80, 30);
    let terminal = common::render(&app);
    let buf = terminal.backend().buffer();
    let y = common::find_row(buf, &["Temps de rencontre et…", "09:30–10:15"])
        .unwrap_or_else(|| panic!("{}", screen(&app)));
    let x = common::column_of(buf, y, "…").expect("an ellipsis");
    let t = common::column_of(buf, y, "Temps").expect("the title");
    assert_eq!(buf[(x, y)].style(), buf[(t, y)].style());
    assert_eq!(buf[(x, y)].style(), buf[(x - 1, y)].style());
}

/// The Next panel's rows (beside the Now panel at this width), between its borders.
fn next_rows(s: &str) -> Vec<String> {
    s.lines()
        .skip_while(|l| !l.contains("┌ Next"))
        .skip(1)
        .take_while(|l| !l.contains('└'))
        .map(|l| l.split('│').nth(3).unwrap_or_default().to_owned())
        .collect()
}

/// With parallel rooms the Next panel gives each room's next item, and the items without a room
/// count as one more, even when they come after every room has its next (the scan stops only
/// once it has found as many as there can be).
#[test]
fn next_per_room_counts_the_items_without_a_room() {
    let p = programme(
        "title: T\ntime_zone: Europe/Paris\ndate: 2025-02-01\nrooms: [Aa, Bb]\nitems:\n  - {title: Now A, start: 9h, end: 10h, room: Aa}\n  - {title: Then A, start: 10h, end: 10h30, room: Aa}\n  - {title: Then B, start: 10h10, end: 10h40, room: Bb}\n  - {title: Later A, start: 10h30, end: 11h, room: Aa}\n  - {title: Plenary, start: 11h, end: 12h}\n",
    );
    let app = app_at(p, "2025-02-01 09:30:00", 160, 40);
    let s = screen(&app);
    let rows = next_rows(&s).join("\n");
    for title in ["Then A", "Then B", "Plenary"] {
        assert!(rows.contains(title), "{title} missing from:\n{rows}");
    }
    assert!(!rows.contains("Later A"), "{rows}");
}
