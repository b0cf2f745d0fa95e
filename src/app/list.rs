//! The programme list's cursor: the shown day, the selected item, the first row on screen, and
//! whether the list follows the clock; the list's rows (the visible items and the now-line) and
//! how the cursor and the wheel move in them. Reads the visible items and the list's height as
//! data; never touches the filters, the grid or the programme.

use crate::model::{Instant, Item};

/// One row of the programme list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Item(usize),
    /// The now-line, between two items when nothing runs.
    Now,
}

/// The rows of a day: its `visible` items, with the now-line where `now` falls when `now_line`.
pub fn rows(items: &[Item], visible: &[usize], now: Instant, now_line: bool) -> Vec<Row> {
    let at = now_line.then(|| visible.partition_point(|&i| items[i].start <= now));
    let mut rows: Vec<Row> = visible.iter().copied().map(Row::Item).collect();
    if let Some(at) = at {
        rows.insert(at, Row::Now);
    }
    rows
}

/// The row of item `index`, or of the nearest visible row.
fn row_of(rows: &[Row], index: usize) -> usize {
    rows.iter()
        .position(|r| *r == Row::Item(index))
        .unwrap_or_else(|| {
            rows.iter()
                .position(|r| matches!(r, Row::Item(i) if *i > index))
                .unwrap_or(rows.len().saturating_sub(1))
        })
}

/// The item at `row`, or the nearest one in direction `step` when the row is the now-line.
fn item_at_row(rows: &[Row], row: usize, step: isize) -> Option<usize> {
    let mut r = row.min(rows.len().checked_sub(1)?);
    loop {
        match rows[r] {
            Row::Item(i) => return Some(i),
            Row::Now => r = r.checked_add_signed(step).filter(|&r| r < rows.len())?,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct List {
    /// The day shown.
    pub day: usize,
    /// The item under the cursor, an index into the shown day's items.
    pub selected: usize,
    /// First visible row of the programme list.
    pub offset: usize,
    /// Keep the current item in view as time passes (until the user scrolls).
    pub following: bool,
}

impl Default for List {
    fn default() -> Self {
        List {
            day: 0,
            selected: 0,
            offset: 0,
            following: true,
        }
    }
}

impl List {
    /// The visible item `steps` away from the selected one (clamped to the first and last).
    pub fn step(&self, visible: &[usize], steps: isize) -> Option<usize> {
        let here = visible
            .iter()
            .position(|&i| i >= self.selected)
            .unwrap_or(visible.len().saturating_sub(1));
        let to = here
            .saturating_add_signed(steps)
            .min(visible.len().checked_sub(1)?);
        visible.get(to).copied()
    }

    /// Scrolls to the cursor with a little of what has passed above it.
    pub fn place(&mut self, rows: &[Row], height: usize) {
        let row = row_of(rows, self.selected);
        let height = height.max(1);
        let context = (height / 4).min(3);
        let max_offset = rows.len().saturating_sub(height);
        self.offset = row.saturating_sub(context).min(max_offset);
    }

    /// Scrolls as little as needed for the cursor's row to be on screen.
    pub fn keep_selection_visible(&mut self, rows: &[Row], height: usize) {
        let row = row_of(rows, self.selected);
        let height = height.max(1);
        if row < self.offset {
            self.offset = row;
        } else if row >= self.offset + height {
            self.offset = row + 1 - height;
        }
        let max_offset = rows.len().saturating_sub(height);
        self.offset = self.offset.min(max_offset);
    }

    /// The wheel: moves the rows by `by`, stops following; the cursor stays on screen.
    pub fn scroll(&mut self, rows: &[Row], height: usize, by: i32) -> bool {
        if rows.is_empty() {
            return false;
        }
        let height = height.max(1);
        let max_offset = rows.len().saturating_sub(height);
        let offset = self
            .offset
            .saturating_add_signed(by as isize)
            .min(max_offset);
        if offset == self.offset && !self.following {
            return false;
        }
        self.offset = offset;
        self.following = false;
        // Keep the cursor on screen, as list views do.
        let first = item_at_row(rows, offset, 1);
        let last = item_at_row(rows, offset + height - 1, -1);
        if let (Some(first), Some(last)) = (first, last) {
            self.selected = self.selected.clamp(first, last.max(first));
        }
        true
    }

    /// The row a click on screen row `y` (counted from the list's top) lands on.
    pub fn row_at(&self, rows: &[Row], y: u16) -> Option<Row> {
        rows.get(self.offset + usize::from(y)).copied()
    }
}
