//! The footer: the main keys, and whether the view follows the clock.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::text::width;
use crate::app::App;

/// The main keys, most useful first: narrow terminals show the first ones only.
const KEYS: [(&str, &str); 7] = [
    ("?", "help"),
    ("q", "quit"),
    ("↑↓", "move"),
    ("⏎", "details"),
    ("n", "now"),
    ("←→", "day"),
    ("t", "local time"),
];

pub fn draw(app: &App, area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    let narrow = area.width < 60;
    let status = match (app.following, narrow) {
        (true, false) => Span::styled("● following live ", t.current()),
        (true, true) => Span::styled("● live ", t.current()),
        (false, false) => Span::styled("⏸ paused · n: back to now ", t.warning()),
        (false, true) => Span::styled("⏸ paused (n) ", t.warning()),
    };
    let room = (area.width as usize).saturating_sub(width(&status.content));
    let mut spans = vec![Span::raw(" ")];
    let mut used = 1;
    let several_days = app.programme.days.len() > 1;
    for (key, what) in KEYS.into_iter().filter(|(k, _)| several_days || *k != "←→") {
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
