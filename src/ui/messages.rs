//! The messages panel (`!`): every message of the session, the latest first (those said at the
//! same time, as the warnings of one load, in the order they were said), each with when it was
//! last said, how much it matters, where (file, line and column) and what, wrapped whole. Reads
//! the app's [`crate::app::Notices`]; never marks anything read (the app does, when it opens).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget};

use super::overlay::{centered, hanging, panel};
use super::text::{inert, width};
use crate::app::{App, Level, Message};

/// The glyph of a level: seen without colour too.
fn mark(level: Level) -> &'static str {
    match level {
        Level::Error => "✖",
        Level::Warning => "⚠",
        Level::Info => "ℹ",
    }
}

fn level_style(app: &App, level: Level) -> Style {
    match level {
        Level::Error | Level::Warning => app.settings.theme.warning(),
        Level::Info => app.settings.theme.key(),
    }
}

/// One message: `09:10:03 ⚠ place ×2` then its text under the place (a hanging indent); without
/// a place, the text on the first line.
fn message_lines(app: &App, message: &Message, text_width: usize) -> Vec<Line<'static>> {
    let tz = app.snapshot.programme.tz;
    let when = message.last.with_timezone(&tz).format("%H:%M:%S");
    let label = Span::styled(
        format!("{when} {} ", mark(message.level)),
        level_style(app, message.level),
    );
    let indent = Span::raw(" ".repeat(width(&label.content)));
    let count = if message.count > 1 {
        format!(" ×{}", message.count)
    } else {
        String::new()
    };
    let text = inert(&message.text);
    match &message.place {
        Some(place) => {
            let mut lines = hanging(
                &label,
                &format!("{}{count}", inert(place)),
                app.settings.theme.key(),
                text_width,
            );
            lines.extend(hanging(&indent, &text, Style::default(), text_width));
            lines
        }
        None => hanging(
            &label,
            &format!("{text}{count}"),
            Style::default(),
            text_width,
        ),
    }
}

/// The panel's lines, wrapped, and where it goes in `area`.
pub(super) fn lines(app: &App, area: Rect) -> (Vec<Line<'static>>, Rect) {
    let panel_width = area.width.saturating_sub(4).min(100);
    // Inside the borders and their padding.
    let text_width = usize::from(panel_width.saturating_sub(4));
    let messages = &app.notices.messages;
    let mut lines: Vec<Line<'static>> = Vec::new();
    if messages.is_empty() {
        lines.push(Line::from(Span::styled(
            app.lang.pick(
                "Nothing to report: no warning or error in this session.",
                "Rien à signaler : aucun avertissement ni erreur pendant cette session.",
            ),
            app.settings.theme.muted(),
        )));
    }
    let mut latest_first: Vec<&Message> = messages.iter().collect();
    // Stable: the warnings of one load keep the file's order.
    latest_first.sort_by_key(|m| std::cmp::Reverse(m.last));
    for (n, message) in latest_first.into_iter().enumerate() {
        if n > 0 {
            lines.push(Line::default());
        }
        lines.extend(message_lines(app, message, text_width));
    }
    let height = (lines.len() as u16 + 2)
        .min(area.height.saturating_sub(2))
        .max(3);
    (lines, centered(area, panel_width, height))
}

pub fn draw(app: &App, area: Rect, buf: &mut Buffer) {
    let (lines, rect) = lines(app, area);
    Clear.render(rect, buf);
    let count = app.notices.messages.len();
    let title = format!("{} ({count})", app.lang.pick("Messages", "Messages"));
    Paragraph::new(lines)
        .scroll((
            app.overlays
                .scroll
                .min(super::overlay::max_scroll(app, area)),
            0,
        ))
        .block(panel(
            app,
            &title,
            app.lang.pick(
                " Esc or ! close · ↑↓ scroll ",
                " Échap ou ! fermer · ↑↓ défiler ",
            ),
        ))
        .render(rect, buf);
}
