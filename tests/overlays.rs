//! The details and help panels at narrow widths: wrapped lines hang under their text, not back
//! at the panel's edge, and never touch its right border; the help scrolls no further than its
//! last line.

mod common;

use common::{app_at, programme, screen};
use deroule::app::Action;
use deroule::run;

const LONG: &str = r"
title: Long
time_zone: Europe/Brussels
date: 2025-02-01
rooms: [Janson]
items:
  - {title: Where have the women of tech history gone, start: 11h, end: 11h50, room: Janson}
";

/// The text between the borders of the panel whose title contains `title`, line by line.
fn panel_rows(s: &str, title: &str) -> Vec<String> {
    let mut rows = Vec::new();
    let mut left = None;
    for line in s.lines() {
        let chars: Vec<char> = line.chars().collect();
        if left.is_none() {
            if let Some(at) = line.find(title) {
                left = Some(line[..at].chars().count() - 2);
            }
            continue;
        }
        let l = left.unwrap_or(0);
        if chars.get(l) == Some(&'└') {
            break;
        }
        // After the border and the column of padding.
        rows.push(chars.iter().skip(l + 2).collect::<String>());
    }
    rows
}

#[test]
fn a_wrapped_detail_hangs_under_its_value() {
    let mut app = app_at(programme(LONG), "2025-02-01 11:02:00", 60, 24);
    app.update(Action::OpenDetails);
    let s = screen(&app);
    let rows = panel_rows(&s, "Details");
    let when = rows
        .iter()
        .position(|r| r.starts_with("When"))
        .unwrap_or_else(|| panic!("no When row\n{s}"));
    let next = &rows[when + 1];
    assert!(
        next.starts_with(&" ".repeat(13)) && !next.trim().is_empty(),
        "the rest of When hangs at column 13:\n{}\n{next}",
        rows[when]
    );
}

#[test]
fn the_help_wraps_under_the_descriptions_and_stops_at_its_end() {
    let mut app = app_at(programme(LONG), "2025-02-01 11:02:00", 50, 20);
    app.lang = deroule::i18n::Lang::Fr;
    app.update(Action::ToggleHelp);
    let s = screen(&app);
    let rows = panel_rows(&s, "Touches");
    // Continuation lines start under the descriptions (20 columns of keys), never at the edge,
    // and a French `:` never starts a line.
    for row in rows.iter().filter(|r| r.starts_with(' ')) {
        let text = row.trim_start();
        assert!(!text.starts_with(':'), "{row}\n{s}");
    }
    assert!(
        rows.iter()
            .all(|r| r.trim().is_empty() || !r.starts_with(|c: char| c.is_lowercase())),
        "a wrapped line went back to the edge:\n{s}"
    );
    // A column of padding before the right border.
    for row in &rows {
        let before: Vec<char> = row.chars().take_while(|&c| c != '│').collect();
        assert_eq!(
            before.last(),
            Some(&' '),
            "text touches the border: {row}\n{s}"
        );
    }
    // Scrolled far past the end, the last line is at the bottom, not followed by blank rows.
    let top = rows.first().cloned();
    // As the loop does it: the view measures the panel, then the app moves.
    for _ in 0..200 {
        run::update(&mut app, Action::Down);
    }
    let bottom = panel_rows(&screen(&app), "Touches").first().cloned();
    assert_ne!(bottom, top, "it scrolled");
    // Held past the end, ↑ still answers at once.
    assert!(run::update(&mut app, Action::Up), "one row up");
    assert_ne!(
        panel_rows(&screen(&app), "Touches").first().cloned(),
        bottom
    );
    let s = screen(&app);
    let rows = panel_rows(&s, "Touches");
    let last = rows.iter().rev().find(|r| !r.trim().is_empty());
    assert!(
        rows.last().is_some_and(|r| !r.trim().is_empty()),
        "blank rows after the end ({last:?}):\n{s}"
    );
}

#[test]
fn the_details_scroll_no_further_than_their_last_line() {
    let words = "a long abstract that goes on ".repeat(40);
    let source = LONG.replace(
        "room: Janson}",
        &format!(
            "room: Janson, description: \"{words}\", links: [\"https://example.org/{}\"]}}",
            "x".repeat(120)
        ),
    );
    let mut app = app_at(programme(&source), "2025-02-01 11:02:00", 60, 20);
    app.update(Action::OpenDetails);
    // The mouse wheel scrolls the panel (not the list beneath it).
    for _ in 0..100 {
        app.update(Action::Scroll(3));
    }
    assert!(app.list.following, "the list did not move");
    let s = screen(&app);
    let rows = panel_rows(&s, "Details");
    assert!(
        rows.last()
            .is_some_and(|r| r.contains("example.org") || r.contains("xxx")),
        "the link, wrapped, ends the panel:\n{s}"
    );
    for row in &rows {
        let before: Vec<char> = row.chars().take_while(|&c| c != '│').collect();
        assert_eq!(
            before.last(),
            Some(&' '),
            "text touches the border: {row}\n{s}"
        );
    }
}

/// With the help open, PgDn, PgUp, `G` and `g` scroll the help: the list hidden beneath stays
/// where it was and keeps following the clock.
#[test]
fn page_and_end_keys_scroll_the_help_not_the_hidden_list() {
    let mut app = app_at(common::bundled(), "2022-07-01 11:05:12", 80, 20);
    let selected = app.list.selected;
    app.update(Action::ToggleHelp);
    app.update(Action::PageDown);
    assert!(app.overlays.scroll > 0, "PgDn scrolls the help");
    app.update(Action::Last);
    app.update(Action::First);
    assert_eq!(app.overlays.scroll, 0, "g goes back to its top");
    app.update(Action::PageDown);
    app.update(Action::PageUp);
    assert_eq!(app.list.selected, selected, "the hidden list did not move");
    assert!(app.list.following, "and still follows the clock");
}
