//! The view: draws an [`App`] into a frame. Reads the app, never changes it.
//!
//! ```text
//! ┌──────────────────────────────────────────────────────────────┐
//! │ header: title · date · zone · clock / venue · day progress   │  2 rows (1 when compact)
//! ├──────────────────────────────┬───────────────────────────────┤
//! │ now: current item, bar,      │ next: following item,         │  5 rows (compact: 2 + 1,
//! │ countdown to its end         │ countdown to its start        │  stacked, no borders)
//! ├──────────────────────────────┴───────────────────────────────┤
//! │ programme: every item of the shown day, the current one      │  the rest
//! │ marked ▶ and styled, a now-line in gaps                      │
//! ├──────────────────────────────────────────────────────────────┤
//! │ footer: keys · following / paused                            │  1 row
//! └──────────────────────────────────────────────────────────────┘
//! ```
//! Overlays (details, help) are drawn last, over the programme. Below [`MIN_WIDTH`]×[`MIN_HEIGHT`]
//! only a short "enlarge the terminal" message is drawn.

mod footer;
mod header;
mod now;
mod overlay;
mod programme;
pub mod text;
mod theme;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

pub use theme::Theme;

use crate::app::{App, Overlay};

pub const MIN_WIDTH: u16 = 24;
pub const MIN_HEIGHT: u16 = 8;

/// Where each region goes for a terminal of a given size. Pure, so `App` uses it to know how many
/// rows the list shows and where a click lands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Regions {
    pub too_small: bool,
    /// Small terminals: one-line header, panels without borders.
    pub compact: bool,
    pub header: Rect,
    pub now: Rect,
    pub next: Rect,
    /// The programme block, border included (equal to `list` when compact).
    pub list_block: Rect,
    /// The rows of the programme list.
    pub list: Rect,
    pub footer: Rect,
}

pub fn layout(area: Rect) -> Regions {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return Regions {
            too_small: true,
            ..Regions::default()
        };
    }
    let compact = area.width < 60 || area.height < 18;
    if compact {
        let [header, now, next, list, footer] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(2),
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(1),
        ])
        .areas(area);
        return Regions {
            too_small: false,
            compact,
            header,
            now,
            next,
            list_block: list,
            list,
            footer,
        };
    }
    let [header, panels, list_block, footer] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(5),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let [now, next] =
        Layout::horizontal([Constraint::Percentage(52), Constraint::Percentage(48)]).areas(panels);
    let list = Rect {
        x: list_block.x + 1,
        y: list_block.y + 1,
        width: list_block.width.saturating_sub(2),
        height: list_block.height.saturating_sub(2),
    };
    Regions {
        too_small: false,
        compact,
        header,
        now,
        next,
        list_block,
        list,
        footer,
    }
}

/// Draws the whole screen.
pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    let regions = layout(area);
    if regions.too_small {
        let message = format!("Enlarge the terminal (at least {MIN_WIDTH}×{MIN_HEIGHT})");
        let lines = Paragraph::new(Line::from(message).style(app.theme.warning()))
            .wrap(Wrap { trim: true });
        frame.render_widget(lines, area);
        return;
    }
    let buf = frame.buffer_mut();
    header::draw(app, regions.header, regions.compact, buf);
    now::draw(app, &regions, buf);
    programme::draw(app, &regions, buf);
    footer::draw(app, regions.footer, buf);
    match app.overlay {
        Overlay::None => {}
        Overlay::Details => overlay::details(app, area, buf),
        Overlay::Help => overlay::help(app, area, buf),
    }
}

/// `HH:MM` in the event's zone.
fn hm(app: &App, t: crate::model::Instant) -> String {
    t.with_timezone(&app.programme.tz)
        .format("%H:%M")
        .to_string()
}

/// `HH:MM` in the viewer's zone with a `+1d`/`−1d` tag when its date differs from the event's,
/// when local time is shown and differs from event time.
fn local_hm(app: &App, t: crate::model::Instant) -> Option<String> {
    if !app.show_local || !app.local_differs() {
        return None;
    }
    let local = app.viewer.at(t);
    let event = t.with_timezone(&app.programme.tz);
    let days = (local.date_naive() - event.date_naive()).num_days();
    let tag = match days {
        0 => String::new(),
        d if d > 0 => format!("+{d}d"),
        d => format!("−{}d", -d),
    };
    Some(format!("{}{tag}", local.format("%H:%M")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_size_gets_a_consistent_layout() {
        for w in 0..=200 {
            for h in [0, 1, 5, 7, 8, 12, 17, 18, 24, 40, 200] {
                let r = layout(Rect::new(0, 0, w, h));
                if w < MIN_WIDTH || h < MIN_HEIGHT {
                    assert!(r.too_small);
                    continue;
                }
                let bottom = r.footer.y + r.footer.height;
                assert_eq!(bottom, h, "{w}×{h}");
                assert!(r.list.height >= 1, "{w}×{h}: {r:?}");
                assert_eq!(r.compact, w < 60 || h < 18);
            }
        }
    }
}
