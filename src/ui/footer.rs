//! The footer: the main keys, and whether the view follows the clock; before that, how many
//! messages are new (`! 3 new`) and whether the favourites failed to save (`★ not saved`).

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

/// The messages panel's key, offered last once there are messages (while some are new, the
/// count at the right says it).
const MESSAGES: (&str, &str, &str) = ("!", "messages", "messages");

/// What the footer says at its right before the follow status, most urgent first: the
/// favourites not saved, and the new messages (`! 3 new`, narrow `!3`).
pub(super) fn alerts(app: &App, narrow: bool) -> Vec<Span<'static>> {
    let (t, l) = (&app.settings.theme, app.lang);
    let mut spans = Vec::new();
    if app.find.favourites.is_unsaved() {
        let text = if narrow {
            "★! "
        } else {
            l.pick("★ not saved ", "★ non enregistré ")
        };
        spans.push(Span::styled(text, t.warning()));
    }
    let unread = app.notices.unread();
    if unread > 0 {
        spans.push(Span::styled("!", t.key()));
        let text = match (narrow, l) {
            (true, _) => format!("{unread} "),
            (false, crate::i18n::Lang::Fr) if unread == 1 => " 1 nouveau ".to_owned(),
            (false, crate::i18n::Lang::Fr) => format!(" {unread} nouveaux "),
            (false, crate::i18n::Lang::En) => format!(" {unread} new "),
        };
        spans.push(Span::styled(text, t.warning()));
    }
    spans
}

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
    let t = &app.settings.theme;
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
    let alerts = alerts(app, narrow);
    let room = (area.width as usize)
        .saturating_sub(width(&status.content))
        .saturating_sub(alerts.iter().map(|s| width(&s.content)).sum());
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
    let messages =
        (!app.notices.messages.is_empty() && app.notices.unread() == 0).then_some(&MESSAGES);
    let keys = keys.iter().filter(|(k, ..)| offers.offers(k));
    // Third, after help and quit: it is how the rest of a cut banner is read.
    let first = keys.clone().take(2);
    let rest = keys.skip(2);
    for &(key, en, fr) in clear.into_iter().chain(first).chain(messages).chain(rest) {
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
    spans.extend(alerts);
    spans.push(status);
    Line::from(spans).render(area, buf);
}
