//! The rooms grid's state: whether it is chosen over the list, which rooms and time rows it
//! shows, its cursor's column, its row length; and how its keys, wheel and clicks move it. The
//! cursor's item is the list's (`list::List::selected`): the grid answers which item to select
//! and the app selects it. Reads the shown day through [`Shown`]; never touches the filters, the
//! programme or the list. The pure layout of a column in time rows is [`cells`].

pub mod cells;

use std::collections::{HashMap, HashSet};

use chrono::TimeDelta;
use chrono_tz::Tz;
use ratatui::layout::{Position, Rect};

use crate::model::{Day, Instant, Item, Programme};

pub use cells::{AUTO_MAX, CONTEXT, Cell, Geometry, MIN_COLUMN, MINUTES, Slots, TIME_WIDTH, fits};

/// How the shown day is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// One row per item.
    List,
    /// Rooms as columns, time as rows.
    Grid,
}

/// The shown day as the grid reads it: its items, those the filters keep, the cursor, the time.
#[derive(Debug, Clone, Copy)]
pub struct Shown<'a> {
    pub day: &'a Day,
    pub visible: &'a [usize],
    /// The item under the cursor, an index into the day's items.
    pub selected: usize,
    pub now: Instant,
    pub tz: Tz,
}

impl Shown<'_> {
    fn items(&self) -> &[Item] {
        &self.day.items
    }

    fn selected_item(&self) -> Option<&Item> {
        self.day.items.get(self.selected)
    }
}

/// Where the grid stands, for the room view to go back to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub view: View,
    pub first_room: usize,
    pub column: usize,
    pub top: usize,
}

#[derive(Debug, Clone)]
pub struct Grid {
    /// The list, or the rooms grid.
    pub view: View,
    /// The first room column the grid shows.
    pub first_room: usize,
    /// The cursor's column (an index into [`Grid::rooms`]) while the selected item is in no
    /// room (a plenary item is in every column). An item in a room is in that room's column.
    pub column: usize,
    /// The first time row the grid shows (see [`Slots`]).
    pub top: usize,
    /// Minutes per row chosen with `z` / `Z`; `None`: automatic.
    pub zoom: Option<i64>,
    /// The automatic row length for the shown day and filter ([`cells::auto_minutes`]),
    /// refreshed with the visible items while the grid is shown.
    auto: i64,
    /// The columns for the visible items ([`Grid::rooms`]), refreshed with them.
    room_names: Vec<String>,
}

impl Default for Grid {
    fn default() -> Self {
        Grid {
            view: View::List,
            first_room: 0,
            column: 0,
            top: 0,
            zoom: None,
            auto: AUTO_MAX,
            room_names: Vec::new(),
        }
    }
}

/// What a shift of the rooms (`<` `>`) did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shifted {
    Nothing,
    /// The columns moved; the cursor is still on screen.
    Columns,
    /// The columns moved and the cursor, gone out with them, goes to this item.
    Cursor(usize),
}

impl Grid {
    pub fn place(&self) -> Place {
        Place {
            view: self.view,
            first_room: self.first_room,
            column: self.column,
            top: self.top,
        }
    }

    /// Back to where the room view was opened from.
    pub fn restore(&mut self, place: Place) {
        self.view = place.view;
        self.first_room = place.first_room;
        self.column = place.column;
        self.top = place.top;
    }

    /// Where the grid goes in the programme block `list_block`, when it is on screen (chosen, and
    /// wide enough: else the list is shown and the keys act on the list).
    pub fn geometry(&self, list_block: Rect) -> Option<Geometry> {
        if self.view != View::Grid {
            return None;
        }
        fits(list_block).then(|| Geometry::new(list_block))
    }

    /// The columns, in the programme's order: the rooms of the items shown (so a search or the
    /// favourites make a narrower grid), else the rooms in use on the shown day, else all; or
    /// the one the room filter keeps.
    pub fn rooms(&self) -> Vec<&str> {
        self.room_names.iter().map(String::as_str).collect()
    }

    /// After the visible items changed: the columns and, while the grid is chosen, the automatic
    /// row length. Once per change (looking at every item of the day per column and per frame
    /// was most of a frame's cost).
    pub fn refresh(&mut self, plan: &Programme, room_filter: Option<&str>, shown: &Shown) {
        self.room_names = Self::compute_rooms(plan, room_filter, shown);
        if self.view == View::Grid {
            self.auto = self.auto_minutes(shown);
        }
    }

    fn compute_rooms(plan: &Programme, room_filter: Option<&str>, shown: &Shown) -> Vec<String> {
        let names = plan.rooms.iter().map(|r| r.name.as_str());
        if let Some(room) = room_filter {
            return names.filter(|r| *r == room).map(str::to_owned).collect();
        }
        let in_use = |used: HashSet<&str>| -> Vec<String> {
            names
                .clone()
                .filter(|r| used.contains(r))
                .map(str::to_owned)
                .collect()
        };
        let items = shown.items();
        let visible = in_use(
            shown
                .visible
                .iter()
                .filter_map(|&i| items[i].room.as_deref())
                .collect(),
        );
        if !visible.is_empty() {
            return visible;
        }
        let today = in_use(items.iter().filter_map(|i| i.room.as_deref()).collect());
        if !today.is_empty() {
            return today;
        }
        names.map(str::to_owned).collect()
    }

    /// Switches between the list and the grid (the app then places the cursor).
    pub fn toggle(&mut self, shown: &Shown) {
        self.view = match self.view {
            View::List => View::Grid,
            View::Grid => View::List,
        };
        if self.view == View::Grid {
            self.auto = self.auto_minutes(shown);
            self.column = self.cursor(shown);
        }
    }

    /// The visible items of the shown day in a room's column: its own, and the plenary ones.
    pub fn members(shown: &Shown, room: &str) -> Vec<usize> {
        let items = shown.items();
        shown
            .visible
            .iter()
            .copied()
            .filter(|&i| items[i].room.as_deref().is_none_or(|r| r == room))
            .collect()
    }

    /// Minutes per row: chosen with `z` / `Z`, else automatic.
    pub fn row_minutes(&self) -> i64 {
        self.zoom.unwrap_or(self.auto)
    }

    /// Whether the row length is the automatic one.
    pub fn is_auto(&self) -> bool {
        self.zoom.is_none()
    }

    /// The time rows of the shown day.
    pub fn slots(&self, shown: &Shown) -> Slots {
        let (from, to) = span(shown.day);
        Slots::new(from, to, self.row_minutes(), shown.tz)
    }

    /// The longest row length that hides no visible item of the shown day.
    fn auto_minutes(&self, shown: &Shown) -> i64 {
        let rooms = self.rooms();
        let index: HashMap<&str, usize> = rooms.iter().enumerate().map(|(i, r)| (*r, i)).collect();
        let mut columns = vec![Vec::new(); rooms.len()];
        let items = shown.items();
        for &i in shown.visible {
            match items[i].room.as_deref() {
                None => columns.iter_mut().for_each(|c| c.push(i)),
                Some(room) => {
                    if let Some(&c) = index.get(room) {
                        columns[c].push(i);
                    }
                }
            }
        }
        cells::auto_minutes(items, &columns, span(shown.day), shown.tz)
    }

    /// The column of the cursor: the selected item's room, or the last column the cursor was in
    /// for a plenary item.
    pub fn cursor(&self, shown: &Shown) -> usize {
        let rooms = self.rooms();
        shown
            .selected_item()
            .and_then(|i| i.room.as_deref())
            .and_then(|r| rooms.iter().position(|x| *x == r))
            .unwrap_or(self.column)
            .min(rooms.len().saturating_sub(1))
    }

    /// The rows of one column, with the cursor's item never hidden.
    pub fn cells(&self, shown: &Shown, column: usize) -> Vec<Cell> {
        let rooms = self.rooms();
        let Some(room) = rooms.get(column) else {
            return Vec::new();
        };
        let members = Self::members(shown, room);
        cells::column(
            shown.items(),
            &members,
            &self.slots(shown),
            Some(shown.selected),
        )
    }

    /// The first column and the first row the grid shows, kept within the rooms and the day.
    pub fn window(&self, shown: &Shown, geometry: &Geometry) -> (usize, usize) {
        let rooms = self.rooms().len();
        let first = self.first_room.min(rooms.saturating_sub(geometry.columns));
        let top = self
            .top
            .min(self.slots(shown).rows.saturating_sub(geometry.rows));
        (first, top)
    }

    /// Scrolls to show the cursor: its column, and its row (`fresh`: a few rows under the top,
    /// as when the grid opens; else moving as little as possible).
    pub fn scroll_to_cursor(&mut self, shown: &Shown, geometry: Option<Geometry>, fresh: bool) {
        let Some(geometry) = geometry else {
            return;
        };
        let column = self.cursor(shown);
        self.column = column;
        let rooms = self.rooms().len();
        self.first_room = cells::scroll_to(self.first_room, column, geometry.columns, rooms);
        let cells = self.cells(shown, column);
        let row = cells::row_of_item(&cells, shown.selected).or_else(|| {
            shown
                .selected_item()
                .map(|i| self.slots(shown).row_of(i.start))
        });
        let Some(row) = row else {
            return;
        };
        let last_top = cells.len().saturating_sub(geometry.rows);
        self.top = if fresh {
            row.saturating_sub(CONTEXT).min(last_top)
        } else {
            cells::scroll_to(self.top, row, geometry.rows, cells.len())
        };
    }

    /// Following: now near the top, the cursor in its column on what runs now (else the next
    /// item there, else the last one before, when on screen). Returns the item to select (`None`:
    /// the item the list follows stays).
    pub fn follow(&mut self, shown: &Shown, geometry: Option<Geometry>) -> Option<usize> {
        let geometry = geometry?;
        let slots = self.slots(shown);
        let top = slots
            .row_of(shown.now)
            .saturating_sub(CONTEXT)
            .min(slots.rows.saturating_sub(geometry.rows));
        let end = slots.start_of(top + geometry.rows);
        let start = slots.start_of(top);
        let rooms = self.rooms().len();
        let column = self.column.min(rooms.saturating_sub(1));
        let members = self
            .rooms()
            .get(column)
            .map(|r| Self::members(shown, r))
            .unwrap_or_default();
        let items = shown.items();
        let now = shown.now;
        let pick = members
            .iter()
            .find(|&&m| items[m].start <= now && now < items[m].end)
            .or_else(|| {
                members
                    .iter()
                    .find(|&&m| items[m].start > now && items[m].start < end)
            })
            .or_else(|| {
                members
                    .iter()
                    .rev()
                    .find(|&&m| items[m].end <= now && items[m].end > start)
            })
            .copied();
        self.column = if pick.is_some() {
            column
        } else {
            self.cursor(shown)
        };
        self.first_room = cells::scroll_to(self.first_room, self.column, geometry.columns, rooms);
        self.top = top;
        pick
    }

    /// The item of the cursor's column that `to` picks (from the items, the column's members and
    /// the selected item); the cursor's column is kept for it.
    pub fn step(
        &mut self,
        shown: &Shown,
        to: impl FnOnce(&[Item], &[usize], usize) -> Option<usize>,
    ) -> Option<usize> {
        let column = self.cursor(shown);
        let room = self.rooms().get(column).map(|r| (*r).to_owned())?;
        let members = Self::members(shown, &room);
        let item = to(shown.items(), &members, shown.selected)?;
        self.column = column;
        Some(item)
    }

    /// ↑ ↓, Home, End (`steps` items) in the cursor's column.
    pub fn step_by(&mut self, shown: &Shown, steps: isize) -> Option<usize> {
        self.step(shown, |items, members, from| {
            cells::step(items, members, from, steps)
        })
    }

    /// PgUp, PgDn: a screenful of rows back or on.
    pub fn page(
        &mut self,
        shown: &Shown,
        geometry: Option<Geometry>,
        forward: bool,
    ) -> Option<usize> {
        let rows = geometry.map_or(1, |g| g.rows.saturating_sub(1).max(1));
        let span = TimeDelta::minutes(self.row_minutes() * rows as i64);
        self.step(shown, |items, members, from| {
            cells::page(items, members, from, span, forward)
        })
    }

    /// The instant the cursor stands for when it changes column: now while the selected item
    /// runs (so → from a long talk lands on what runs next door now, not on what began with it),
    /// else its start; kept within the rows on screen.
    fn reference(&self, shown: &Shown, geometry: Option<Geometry>) -> Instant {
        let now = shown.now;
        let start = shown.selected_item().map_or(now, |i| {
            if i.start <= now && now < i.end {
                now
            } else {
                i.start
            }
        });
        let Some(geometry) = geometry else {
            return start;
        };
        let (_, top) = self.window(shown, &geometry);
        let slots = self.slots(shown);
        let last = slots.start_of(top + geometry.rows) - TimeDelta::seconds(1);
        start.clamp(slots.start_of(top), last.max(slots.start_of(top)))
    }

    /// Moves the cursor to the next room (`by` > 0) or the previous one that has an item this
    /// day, on its item at the cursor's time ([`cells::at_time`]): the item to select.
    pub fn move_column(
        &mut self,
        shown: &Shown,
        geometry: Option<Geometry>,
        by: i32,
    ) -> Option<usize> {
        // No direction, no move (the loop below would never end: found by fuzzing).
        if by == 0 {
            return None;
        }
        let rooms: Vec<String> = self.rooms().iter().map(|r| (*r).to_owned()).collect();
        let at = self.reference(shown, geometry);
        let mut column = self.cursor(shown);
        loop {
            match column.checked_add_signed(by.signum() as isize) {
                Some(c) if c < rooms.len() => column = c,
                _ => return None,
            }
            let members = Self::members(shown, &rooms[column]);
            if let Some(i) = cells::at_time(shown.items(), &members, at) {
                self.column = column;
                return Some(i);
            }
        }
    }

    /// Shifts the rooms by `by` columns; the cursor stays on screen.
    pub fn shift(&mut self, shown: &Shown, geometry: Option<Geometry>, by: i32) -> Shifted {
        let Some(geometry) = geometry else {
            return Shifted::Nothing;
        };
        let rooms: Vec<String> = self.rooms().iter().map(|r| (*r).to_owned()).collect();
        let (first, _) = self.window(shown, &geometry);
        let to = first
            .saturating_add_signed(by as isize)
            .min(rooms.len().saturating_sub(geometry.columns));
        if to == first {
            return Shifted::Nothing;
        }
        self.first_room = to;
        let cursor = self.cursor(shown);
        let on_screen = to..(to + geometry.columns).min(rooms.len());
        if on_screen.contains(&cursor) {
            return Shifted::Columns;
        }
        // The shown columns from the edge the cursor went out by, inwards.
        let mut columns: Vec<usize> = on_screen.collect();
        if cursor >= to {
            columns.reverse();
        }
        let at = self.reference(shown, Some(geometry));
        for column in columns {
            let members = Self::members(shown, &rooms[column]);
            if let Some(i) = cells::at_time(shown.items(), &members, at) {
                self.column = column;
                return Shifted::Cursor(i);
            }
        }
        Shifted::Columns
    }

    /// Shorter (`finer`) or longer rows; whether the length changed.
    pub fn zoom(&mut self, finer: bool) -> bool {
        let minutes = self.row_minutes();
        let at = MINUTES
            .iter()
            .position(|&m| m >= minutes)
            .unwrap_or(MINUTES.len() - 1);
        let to = if finer {
            at.checked_sub(1)
        } else {
            Some(at + 1).filter(|&i| i < MINUTES.len())
        };
        let Some(to) = to else {
            return false;
        };
        let minutes = MINUTES[to];
        self.zoom = (minutes != self.auto).then_some(minutes);
        true
    }

    /// The wheel: moves the rows by `rows`; the cursor stays on screen. `None`: nothing moved
    /// (and the clock was not followed); else the item the cursor goes to, if it must move.
    pub fn scroll(
        &mut self,
        shown: &Shown,
        geometry: Option<Geometry>,
        rows: i32,
        following: bool,
    ) -> Option<Option<usize>> {
        let geometry = geometry?;
        let (_, top) = self.window(shown, &geometry);
        let total = self.slots(shown).rows;
        let to = top
            .saturating_add_signed(rows as isize)
            .min(total.saturating_sub(geometry.rows));
        if to == top && !following {
            return None;
        }
        self.top = to;
        let column = self.cursor(shown);
        let cells = self.cells(shown, column);
        let window = to..(to + geometry.rows).min(cells.len());
        let titles = || {
            cells[window.clone()].iter().filter_map(|c| match c {
                Cell::Title { item, .. } => Some(*item),
                _ => None,
            })
        };
        // An item begun above the window is named in its first row: still on screen.
        let carried = cells.get(to) == Some(&Cell::Continues(shown.selected));
        let pick = match cells::row_of_item(&cells, shown.selected) {
            Some(row) if row < window.start && !carried => titles().next(),
            Some(row) if row >= window.end => titles().next_back(),
            _ => None,
        };
        if pick.is_some() {
            self.column = column;
        }
        Some(pick)
    }

    /// The column and item under a click at `at`, if any.
    pub fn hit(
        &self,
        shown: &Shown,
        geometry: Option<Geometry>,
        at: Position,
    ) -> Option<(usize, usize)> {
        let geometry = geometry?;
        let inner = geometry.inner;
        if !inner.contains(at) || at.y == inner.y || at.x < inner.x + TIME_WIDTH {
            return None;
        }
        let (first, top) = self.window(shown, &geometry);
        let on_screen = self
            .rooms()
            .len()
            .saturating_sub(first)
            .min(geometry.columns);
        let width = geometry.column_width(on_screen);
        let column = first + usize::from(at.x - inner.x - TIME_WIDTH) / width;
        if column >= first + on_screen {
            return None;
        }
        let row = top + usize::from(at.y - inner.y - 1);
        match self.cells(shown, column).get(row) {
            Some(Cell::Title { item, .. } | Cell::Continues(item)) => Some((column, *item)),
            _ => None,
        }
    }

    /// The room of the cursor's column (for the room view).
    pub fn cursor_room(&self, shown: &Shown) -> Option<String> {
        self.rooms()
            .get(self.cursor(shown))
            .map(|r| (*r).to_owned())
    }
}

/// From the start of `day` to its end, every item included.
fn span(day: &Day) -> (Instant, Instant) {
    let first = day.items.first().map_or(day.opens(), |i| i.start);
    let last = day.items.iter().map(|i| i.end).max().unwrap_or(first);
    (first.min(day.opens()), last.max(day.closes()))
}
