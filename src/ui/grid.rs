//! The rooms grid: rooms as columns, time as rows, what runs now marked, a cursor of its own.
//!
//! ```text
//! ┌ Rooms · Saturday ─────────────────────────────────────────────────────┐
//! │        │ Janson              │ K.3.201             │ H.2215          ▸ │
//! │ 10:30  │ ▲ Program to Learn  │ ▪ Welcome to the d… │╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌  │
//! │▶10:45  │ ┆                   │ ▪ 10:35 Moving wor… │ ▪ Async drops  +1 │
//! └ 15 min rows (auto) · z Z zoom · ←→ rooms · [ ] day · v list ──────────┘
//! ```
//! The now row carries ▶ and a dashed line across its empty cells. A title whose start is not its
//! row's time carries that start (`10:35 Moving…`); items starting in the slot of an earlier one
//! are listed in the rows under it while they run, and any left without a row are counted
//! (`+1`): nothing is hidden silently. Which item goes in which row, and where
//! the cursor goes, is `app::grid::cells`' pure logic; this file only draws it. Only items the filters
//! let through are drawn; the cost grows with the shown day's items in the shown columns.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Widget};

use super::Regions;
use super::text::{inert, pad, pad_left, width};
use crate::app::App;
use crate::app::grid::{Cell, Geometry, TIME_WIDTH};
use crate::theme::glyph;
use crate::timeline::{Status, status};

/// Whether the grid can be drawn in the programme block (else the list is shown).
pub fn fits(area: Rect) -> bool {
    crate::app::grid::fits(area)
}

pub fn draw(app: &App, regions: &Regions, buf: &mut Buffer) {
    let t = &app.settings.theme;
    let l = app.lang;
    let geometry = Geometry::new(regions.list_block);
    let block = Block::bordered()
        .border_style(t.border())
        .title(title(app))
        .title_bottom(Span::styled(
            hint(app, regions.list_block.width.saturating_sub(4) as usize),
            t.muted(),
        ));
    block.render(regions.list_block, buf);
    let area = geometry.inner;
    let rooms = app.grid.rooms();
    if rooms.is_empty() || area.height < 2 {
        let text = l.pick(
            "  No rooms in this programme",
            "  Aucune salle dans ce programme",
        );
        Line::from(Span::styled(text, t.muted())).render(Rect { height: 1, ..area }, buf);
        return;
    }
    let (first, top) = app.grid.window(&app.shown(), &geometry);
    let shown = first..(first + geometry.columns).min(rooms.len());
    let width = geometry.column_width(shown.len());
    let cursor = app.grid.cursor(&app.shown());

    // Header: room names (the cursor's reversed), with arrows when rooms are off screen.
    let mut header = vec![Span::styled(
        pad(if first > 0 { " ◂" } else { "" }, TIME_WIDTH as usize),
        t.muted(),
    )];
    // ▸ goes in the last cell of the row; when the columns fill the width, that cell is the
    // last column's, so its name leaves it free.
    let more_right = shown.end < rooms.len();
    let fills = TIME_WIDTH as usize + width * shown.len() >= area.width as usize;
    for (column, room) in shown.clone().zip(&rooms[shown.clone()]) {
        let style = if column == cursor {
            t.title().patch(t.selected())
        } else {
            t.title()
        };
        let arrow = more_right && fills && column + 1 == shown.end;
        let name = width.saturating_sub(if arrow { 2 } else { 1 });
        header.push(Span::styled("│", t.border()));
        header.push(Span::styled(pad(&format!(" {}", inert(room)), name), style));
    }
    Line::from(header).render(Rect { height: 1, ..area }, buf);
    if more_right {
        buf.set_string(area.right().saturating_sub(1), area.y, "▸", t.muted());
    }

    let slots = app.grid.slots(&app.shown());
    let columns: Vec<Vec<Cell>> = shown.map(|c| app.grid.cells(&app.shown(), c)).collect();
    for r in 0..geometry.rows {
        let row = top + r;
        let from = slots.start_of(row);
        let is_now = from <= app.now && app.now < slots.start_of(row + 1);
        let (mark, time_style) = if is_now {
            ("▶", t.current())
        } else {
            (" ", t.muted())
        };
        let mut spans = vec![Span::styled(
            pad(
                &format!("{mark}{}", super::hm(app, from)),
                TIME_WIDTH as usize,
            ),
            time_style,
        )];
        for cells in &columns {
            let cell = match cells.get(row).copied().unwrap_or(Cell::Empty) {
                // An item begun above the window is named in its first row.
                Cell::Continues(item) if r == 0 => Cell::Title {
                    item,
                    timed: true,
                    more: 0,
                },
                cell => cell,
            };
            spans.extend(cell_spans(app, cell, is_now, width));
        }
        Line::from(spans).render(
            Rect {
                y: area.y + 1 + r as u16,
                height: 1,
                ..area
            },
            buf,
        );
    }
}

/// ` Rooms · Saturday · room Janson · 3 shown `: the view, the day, the filters in force.
fn title(app: &App) -> Line<'static> {
    let (t, l) = (&app.settings.theme, app.lang);
    let mut spans = vec![Span::styled(
        format!(" {} ", l.pick("Rooms", "Salles")),
        t.title(),
    )];
    if app.snapshot.programme.days.len() > 1 {
        let day = &app.snapshot.programme.days[app.list.day];
        let label = day
            .label
            .as_deref()
            .map_or_else(|| l.date_short(day.date), |x| inert(x).into_owned());
        spans.push(Span::styled(format!("· {label} "), t.title()));
    }
    if let Some(words) = super::programme::filter_words(app) {
        spans.push(Span::styled(format!("· {words} "), t.key()));
    }
    Line::from(spans)
}

/// The row length and the grid's own keys, as many as fit in `room` columns.
fn hint(app: &App, room: usize) -> String {
    let l = app.lang;
    let minutes = app.grid.row_minutes();
    let rows = if app.grid.is_auto() {
        format!(
            "{minutes} {}",
            l.pick("min rows (auto)", "min par ligne (auto)")
        )
    } else {
        format!("{minutes} {}", l.pick("min rows", "min par ligne"))
    };
    let mut pieces = vec![rows];
    let keys = [
        ("z Z", l.pick("zoom", "zoom")),
        ("←→", l.pick("rooms", "salles")),
        ("o", l.pick("this room", "cette salle")),
        ("[ ]", l.pick("day", "jour")),
        ("v", l.pick("list", "liste")),
    ];
    let several_days = app.snapshot.programme.days.len() > 1;
    for (key, what) in keys {
        if key == "[ ]" && !several_days {
            continue;
        }
        let piece = format!("{key} {what}");
        let used: usize = pieces.iter().map(|p| width(p) + 3).sum();
        if used + width(&piece) + 3 <= room {
            pieces.push(piece);
        }
    }
    format!(" {} ", pieces.join(" · "))
}

/// One cell: a border, then an item's title (its start time when that is not the row's time,
/// `+N` when items of its slot found no row), a dotted bar where it runs on, or nothing (a dashed
/// line in the now row).
fn cell_spans(app: &App, cell: Cell, is_now: bool, columns: usize) -> Vec<Span<'static>> {
    let t = &app.settings.theme;
    let border = Span::styled("│", t.border());
    let inside = columns.saturating_sub(1);
    let (index, timed, more) = match cell {
        Cell::Empty if is_now => {
            return vec![border, Span::styled("╌".repeat(inside), t.now_line())];
        }
        Cell::Empty => return vec![border, Span::raw(" ".repeat(inside))],
        Cell::Continues(index) => (index, None, 0),
        Cell::Title { item, timed, more } => (item, Some(timed), more),
    };
    let item = &app.items()[index];
    let state = status(item, app.now);
    let current = state == Status::Current && item.state.takes_place();
    let mut style = if !item.state.takes_place() {
        t.cancelled()
    } else if current {
        t.current()
    } else if state == Status::Past {
        t.past()
    } else {
        Style::new()
    };
    if index == app.list.selected {
        style = style.patch(t.selected());
    }
    let Some(timed) = timed else {
        return vec![border, Span::styled(pad(" ┆", inside), style)];
    };
    let marker = if current {
        "▶"
    } else if app.is_favourite(item) {
        "★"
    } else {
        " "
    };
    let time = if timed {
        format!("{} ", super::hm(app, item.start))
    } else {
        String::new()
    };
    // A running favourite keeps both marks: ▶ for now, ★ in place of the kind's glyph.
    let kind = if current && app.is_favourite(item) {
        "★"
    } else {
        glyph(item.kind)
    };
    let text = format!("{marker}{kind} {time}{}", inert(&item.title));
    if more == 0 {
        return vec![border, Span::styled(pad(&text, inside), style)];
    }
    let tag = format!(" +{more}");
    let text = pad(&text, inside.saturating_sub(width(&tag)));
    let tag = pad_left(&tag, inside.saturating_sub(width(&text)));
    vec![
        border,
        Span::styled(text, style),
        Span::styled(tag, style.patch(t.key())),
    ]
}
