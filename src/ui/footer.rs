//! The footer: the main keys, and whether the view follows the clock.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::text::width;
use crate::app::App;

/// The main keys, most useful first: narrow terminals show the first ones only.
const KEYS: [(&str, &str, &str); 12] = [
    ("?", "help", "aide"),
    ("q", "quit", "quitter"),
    ("↑↓", "move", "déplacer"),
    ("⏎", "details", "détails"),
    ("/", "search", "chercher"),
    ("v", "grid", "grille"),
    ("f", "favourite", "favori"),
    ("r T K", "filter", "filtrer"),
    ("n", "now", "maintenant"),
    ("←→", "day", "jour"),
    ("o", "room", "salle"),
    ("t", "local time", "heure locale"),
];

/// First of all while a filter is on: how to take it away.
const CLEAR: (&str, &str, &str) = ("Esc", "clear filters", "effacer les filtres");

/// The keys of the rooms grid (the arrows move in two directions, days are on `[` `]`).
const GRID_KEYS: [(&str, &str, &str); 9] = [
    ("?", "help", "aide"),
    ("q", "quit", "quitter"),
    ("↑↓←→", "move", "déplacer"),
    ("⏎", "details", "détails"),
    ("o", "room", "salle"),
    ("z Z", "zoom", "zoom"),
    ("n", "now", "maintenant"),
    ("[ ]", "day", "jour"),
    ("f", "favourite", "favori"),
];

/// In the room view: how to go back, first.
const ROOM_VIEW_KEYS: [(&str, &str, &str); 6] = [
    ("o", "back", "retour"),
    ("?", "help", "aide"),
    ("↑↓", "move", "déplacer"),
    ("⏎", "details", "détails"),
    ("f", "favourite", "favori"),
    ("←→", "day", "jour"),
];

pub fn draw(app: &App, area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    if app.find.filter.typing {
        // The search box: what is typed, and how many items match.
        // Every day's hits, and the shown day's: the tabs above say which day has them.
        let shown = app.find.visible().len();
        let l = app.lang;
        let count = match app.find.day_hits() {
            hits if hits.len() > 1 => format!(
                "{} {} · {shown} {}",
                hits.iter().sum::<usize>(),
                l.pick("in all", "en tout"),
                l.pick("this day", "ce jour")
            ),
            _ => shown.to_string(),
        };
        let hint = l.pick(
            "Enter best hit · Esc clear",
            "Entrée meilleur résultat · Échap effacer",
        );
        let line = Line::from(vec![
            Span::styled(" / ", t.key()),
            Span::styled(
                format!("{}▏", super::text::inert(&app.find.filter.query)),
                t.title(),
            ),
            Span::styled(format!("  {count} · {hint}"), t.muted()),
        ]);
        line.render(area, buf);
        return;
    }
    let l = app.lang;
    let narrow = area.width < 60;
    // With `--at`, `--speed` or `--today` the clock is not the real one (the header says so):
    // the view follows that clock, which is not "live".
    let live = app.notices.clock_note.is_none();
    let status = match (app.list.following, narrow) {
        (true, false) if live => Span::styled(
            l.pick("● following live ", "● suivi en direct "),
            t.current(),
        ),
        (true, false) => Span::styled(
            l.pick("● following the clock ", "● suit l’horloge "),
            t.current(),
        ),
        (true, true) if live => Span::styled(l.pick("● live ", "● direct "), t.current()),
        (true, true) => Span::styled(l.pick("● clock ", "● horloge "), t.current()),
        (false, false) => Span::styled(
            l.pick(
                "⏸ paused · n: back to now ",
                "⏸ en pause · n : revenir à maintenant ",
            ),
            t.warning(),
        ),
        (false, true) => Span::styled(l.pick("⏸ paused (n) ", "⏸ pause (n) "), t.warning()),
    };
    let room = (area.width as usize).saturating_sub(width(&status.content));
    let mut spans = vec![Span::raw(" ")];
    let mut used = 1;
    let keys: &[(&str, &str, &str)] = if app.find.room_view.is_some() {
        &ROOM_VIEW_KEYS
    } else if app.grid_shown() {
        &GRID_KEYS
    } else {
        &KEYS
    };
    // Keys that would do nothing for this programme are not offered (#16).
    let offers = crate::app::idle::Offers::of(&app.snapshot.plan, app.local_differs());
    let filter_keys = offers.filter_keys();
    let clear = (app.find.filter.is_active() && app.find.room_view.is_none()).then_some(&CLEAR);
    for &(key, en, fr) in clear
        .into_iter()
        .chain(keys.iter().filter(|(k, ..)| offers.offers(k)))
    {
        let key = if key == "r T K" {
            filter_keys.as_str()
        } else {
            key
        };
        let what = l.pick(en, fr);
        let piece = width(key) + 1 + width(what) + 2;
        if used + piece > room {
            continue;
        }
        spans.push(Span::styled(key, t.key()));
        spans.push(Span::styled(format!(" {what}  "), t.muted()));
        used += piece;
    }
    spans.push(Span::raw(" ".repeat(room.saturating_sub(used))));
    spans.push(status);
    Line::from(spans).render(area, buf);
}
