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
//! A banner row (a broken reload, what a reload changed) goes under the header when there is
//! one; cut, it ends with `… ! for all` (the messages panel has it whole). The facilitator's
//! screen is the stage view instead (see `stage`), the lobby's a board of now and next (see
//! `lobby`). Overlays (details, help, the messages, the room / track / kind picker) are drawn
//! last, over the programme. Below
//! [`MIN_WIDTH`]×[`MIN_HEIGHT`] only a short "enlarge the terminal" message is drawn. Where the
//! regions go is [`crate::layout`]'s (shared with the app); the styles are [`crate::theme`]'s.
//! The view measures one thing for the app: how far the open panel scrolls
//! ([`overlay_max_scroll`], handed in by the loop).

mod footer;
mod grid;
mod header;
mod lobby;
mod messages;
mod now;
mod overlay;
mod programme;
mod stage;
pub use crate::text;

pub use overlay::help_keys;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

pub use crate::layout::{MIN_HEIGHT, MIN_WIDTH, Regions};
pub use crate::theme::Theme;

use ratatui::buffer::Buffer;
use ratatui::text::Span;
use ratatui::widgets::Widget;

use crate::app::{App, Mode, Overlay};
use crate::layout;

/// How far the open details or help panel can scroll in a terminal of `size` (0 when none is
/// open): the app bounds its scroll with it.
pub fn overlay_max_scroll(app: &App, size: ratatui::layout::Size) -> u16 {
    overlay::max_scroll(app, Rect::from((ratatui::layout::Position::ORIGIN, size)))
}

/// Where each region goes in `area` for this app (see [`crate::layout`]).
pub fn layout(area: Rect, app: &App) -> Regions {
    layout::regions(area, app.screen())
}

/// Draws the whole screen.
pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    let regions = layout(area, app);
    if regions.too_small {
        let message = format!(
            "{} {MIN_WIDTH}×{MIN_HEIGHT})",
            app.lang.pick(
                "Enlarge the terminal (at least",
                "Agrandissez le terminal (au moins"
            )
        );
        let lines = Paragraph::new(Line::from(message).style(app.settings.theme.warning()))
            .wrap(Wrap { trim: true });
        frame.render_widget(lines, area);
        return;
    }
    let buf = frame.buffer_mut();
    if app.settings.mode == Mode::Lobby {
        lobby::draw(app, area, buf);
        return;
    }
    banner(app, regions.banner, buf);
    if let Mode::Facilitator(defaults) = app.settings.mode {
        stage::draw(app, &regions, defaults, buf);
    } else {
        header::draw(app, regions.header, regions.compact, buf);
        now::draw(app, &regions, buf);
        footer::draw(app, regions.footer, buf);
    }
    if app.grid.view == crate::app::View::Grid && grid::fits(regions.list_block) {
        grid::draw(app, &regions, buf);
    } else {
        programme::draw(app, &regions, buf);
    }
    match app.overlays.shown {
        Overlay::None => {}
        Overlay::Details => overlay::details(app, area, buf),
        Overlay::Help => overlay::help(app, area, buf),
        Overlay::Messages => messages::draw(app, area, buf),
        Overlay::Picker => overlay::picker(app, area, buf),
    }
}

/// The banner row: an error (a broken reload, a record that cannot be saved) or a notice.
/// Else the facilitator's message to attendees.
fn banner(app: &App, area: Rect, buf: &mut Buffer) {
    if area.height == 0 {
        return;
    }
    let (text, style) = match (&app.notices.banner, app.message()) {
        (Some(banner), _) => {
            let (mark, style) = if banner.is_error {
                (
                    "⚠ ",
                    app.settings
                        .theme
                        .warning()
                        .patch(app.settings.theme.selected()),
                )
            } else {
                ("ℹ ", app.settings.theme.key())
            };
            (format!(" {mark}{}", text::inert(&banner.text)), style)
        }
        (None, Some(message)) => {
            let label = if matches!(app.settings.mode, Mode::Facilitator(_)) {
                app.lang
                    .pick("Message to attendees:", "Message au public :")
            } else {
                app.lang.pick("Message:", "Message :")
            };
            let text = format!(" ✉ {label} {}", text::inert(&message));
            (
                text,
                app.settings
                    .theme
                    .current()
                    .patch(app.settings.theme.selected()),
            )
        }
        (None, None) => return,
    };
    let columns = area.width as usize;
    // A cut banner says where the rest is: the messages panel has every banner but the answers
    // to a facilitator's keys (and the facilitator's message is not a banner).
    let more = app.lang.pick(" ! for all ", " ! pour tout ");
    let in_messages = app
        .notices
        .banner
        .as_ref()
        .is_some_and(|b| b.about != crate::app::About::Facilitator);
    let text = if in_messages && text::width(&text) > columns && columns > text::width(more) + 8 {
        let cut = text::fit(&text, columns - text::width(more));
        format!("{cut}{more}")
    } else {
        text
    };
    let text = text::pad(&text, columns);
    Line::from(Span::styled(text, style)).render(area, buf);
}

/// `HH:MM` in the event's zone.
fn hm(app: &App, t: crate::model::Instant) -> String {
    t.with_timezone(&app.snapshot.programme.tz)
        .format("%H:%M")
        .to_string()
}

/// `HH:MM` in the viewer's zone with a `+1d`/`−1d` tag when its date differs from the event's,
/// when local time is shown and differs from event time.
fn local_hm(app: &App, t: crate::model::Instant) -> Option<String> {
    if !app.settings.local_time.is_shown || !app.local_differs() {
        return None;
    }
    let local = app.settings.local_time.viewer.at(t);
    let event = t.with_timezone(&app.snapshot.programme.tz);
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
        let programme = crate::model::load_str(crate::BUNDLED, "b")
            .expect("valid")
            .programme;
        let options = crate::app::Options {
            show_local: false,
            viewer: crate::app::Zone::System,
            theme: Theme::new(true),
            clock_note: None,
            mode: Mode::Attendee,
            lang: crate::i18n::Lang::En,
            live: None,
            favourites: crate::favourites::Favourites::default(),
            remind: None,
        };
        let now = programme.first_start();
        let app = App::new(programme, now, ratatui::layout::Size::new(80, 24), options);
        for w in 0..=200 {
            for h in [0, 1, 5, 7, 8, 12, 17, 18, 24, 40, 200] {
                let r = layout(Rect::new(0, 0, w, h), &app);
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
