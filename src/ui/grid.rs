//! The rooms grid: rooms as columns, time as rows (15-minute slots), what runs now marked.
//!
//! ```text
//!         │ Janson              │ K.1.105             │ H.2215             ▸
//!  14:00  │ ▶ ▪ Keynote: …      │ ▶ ▪ Rust in the …   │   ▪ Building a …
//! ▶14:15  │ ┆                   │ ┆                   │ ┆
//! ```
//! The window follows the cursor of the list (the current item while following); `<` `>` shift
//! the rooms. Only items the filters let through are drawn; cost depends on what is visible.

use chrono::{DurationRound, TimeDelta};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Widget};

use super::Regions;
use super::text::{inert, pad};
use super::theme::glyph;
use crate::app::App;
use crate::model::{Instant, Item, State};
use crate::timeline::{Status, status};

const SLOT_MINUTES: i64 = 15;
const TIME_WIDTH: u16 = 8;
const MIN_COLUMN: u16 = 18;

/// Whether the grid can be drawn at this width (else the list is shown).
pub fn fits(area: Rect) -> bool {
    area.width >= TIME_WIDTH + 2 * MIN_COLUMN && area.height >= 4
}

pub fn draw(app: &App, regions: &Regions, buf: &mut Buffer) {
    let t = &app.theme;
    let l = app.lang;
    let rooms: Vec<&str> = app
        .plan
        .rooms
        .iter()
        .map(|r| r.name.as_str())
        .filter(|r| app.filter.room.as_deref().is_none_or(|f| f == *r))
        .collect();
    let title = format!(" {} ", l.pick("Rooms", "Salles"));
    let block = Block::bordered()
        .border_style(t.border())
        .title(Span::styled(title, t.title()))
        .title_bottom(Span::styled(
            l.pick(" v list · < > rooms ", " v liste · < > salles "),
            t.muted(),
        ));
    let area = block.inner(regions.list_block);
    block.render(regions.list_block, buf);
    if rooms.is_empty() || area.height < 2 {
        let text = l.pick(
            "  No rooms in this programme",
            "  Aucune salle dans ce programme",
        );
        Line::from(Span::styled(text, t.muted())).render(Rect { height: 1, ..area }, buf);
        return;
    }
    let first = app.grid_room.min(rooms.len() - 1);
    let columns = ((area.width - TIME_WIDTH) / MIN_COLUMN).max(1) as usize;
    let shown = &rooms[first..rooms.len().min(first + columns)];
    let width = ((area.width - TIME_WIDTH) as usize / shown.len().max(1)).max(1);

    // Header: room names, with arrows when rooms are off screen.
    let mut header = vec![Span::styled(
        pad(if first > 0 { " ◂" } else { "" }, TIME_WIDTH as usize),
        t.muted(),
    )];
    for room in shown {
        header.push(Span::styled(
            pad(&format!("│ {}", inert(room)), width),
            t.title(),
        ));
    }
    if first + shown.len() < rooms.len() {
        header.push(Span::styled("▸", t.muted()));
    }
    Line::from(header).render(Rect { height: 1, ..area }, buf);

    // The window: around the cursor's item (the current one while following).
    let items = app.items();
    let visible = app.visible();
    let slot = TimeDelta::minutes(SLOT_MINUTES);
    let anchor = app
        .selected_item()
        .map_or(app.now, |i| i.start.min(app.now.max(i.start)));
    let anchor = if app.following { app.now } else { anchor };
    let top = (anchor - slot * 2).duration_trunc(slot).unwrap_or(anchor);
    for row in 0..area.height.saturating_sub(1) {
        let from = top + slot * i32::from(row);
        let to = from + slot;
        let y = area.y + 1 + row;
        let is_now = from <= app.now && app.now < to;
        let time = from
            .with_timezone(&app.programme.tz)
            .format("%H:%M")
            .to_string();
        let (mark, time_style) = if is_now {
            ("▶", t.current())
        } else {
            (" ", t.muted())
        };
        let mut spans = vec![Span::styled(
            pad(&format!("{mark}{time}"), TIME_WIDTH as usize),
            time_style,
        )];
        for room in shown {
            let here = visible.iter().map(|&i| &items[i]).find(|i| {
                i.state != State::Cancelled
                    && i.room.as_deref().is_none_or(|r| r == *room)
                    && i.start < to
                    && from < i.end
            });
            spans.push(cell(app, here, from, row == 0, width));
        }
        Line::from(spans).render(
            Rect {
                y,
                height: 1,
                ..area
            },
            buf,
        );
    }
}

/// One cell: the item starting in this slot (or running at the top of the window) with its title,
/// a dotted bar where it continues, or nothing.
fn cell(app: &App, item: Option<&Item>, from: Instant, top: bool, width: usize) -> Span<'static> {
    let t = &app.theme;
    let Some(item) = item else {
        return Span::styled(pad("│", width), t.border());
    };
    let current = status(item, app.now) == Status::Current;
    let selected = app.selected_item().is_some_and(|s| std::ptr::eq(s, item));
    let mut style = if current {
        t.current()
    } else if status(item, app.now) == Status::Past {
        t.past()
    } else {
        Style::new()
    };
    if selected {
        style = style.patch(t.selected());
    }
    let text = if item.start >= from || top {
        let marker = if current { "▶" } else { " " };
        format!("│{marker}{} {}", glyph(item.kind), inert(&item.title))
    } else {
        "│ ┆".to_owned()
    };
    Span::styled(pad(&text, width), style)
}
