//! The rooms grid's keys on the app: shifting rooms, zooming, the wheel and clicks in the grid.
//! Where things go in the grid is [`super::grid`]'s pure model; this part applies its answers to
//! the cursor and the list (following stops when the attendee moves).

use ratatui::layout::Position;

use super::grid::Shifted;
use super::{App, shown};

impl App {
    /// Shifts the grid's rooms by `by` columns; the cursor stays on screen.
    pub(super) fn grid_shift(&mut self, by: i32) -> bool {
        let geometry = self.grid_geometry();
        let shown = shown(&self.snapshot, &self.find, &self.list, self.now);
        match self.grid.shift(&shown, geometry, by) {
            Shifted::Nothing => false,
            Shifted::Columns => true,
            Shifted::Cursor(i) => {
                self.list.selected = i;
                self.list.following = false;
                self.keep_selection_visible();
                self.grid_place(false);
                true
            }
        }
    }

    /// Shorter (`finer`) or longer grid rows.
    pub(super) fn zoom(&mut self, finer: bool) -> bool {
        if !self.grid_shown() || !self.grid.zoom(finer) {
            return false;
        }
        if self.list.following {
            let geometry = self.grid_geometry();
            let shown = shown(&self.snapshot, &self.find, &self.list, self.now);
            if let Some(pick) = self.grid.follow(&shown, geometry) {
                self.list.selected = pick;
            }
        } else {
            self.grid_place(true);
        }
        true
    }

    /// The wheel in the grid: moves the rows; the cursor stays on screen.
    pub(super) fn grid_scroll(&mut self, rows: i32) -> bool {
        let geometry = self.grid_geometry();
        let shown = shown(&self.snapshot, &self.find, &self.list, self.now);
        let Some(pick) = self
            .grid
            .scroll(&shown, geometry, rows, self.list.following)
        else {
            return false;
        };
        self.list.following = false;
        if let Some(i) = pick {
            self.list.selected = i;
            self.keep_selection_visible();
        }
        true
    }

    /// A click in the grid selects the item under it; a second click opens it.
    pub(super) fn grid_click(&mut self, at: Position) -> bool {
        let geometry = self.grid_geometry();
        let shown = shown(&self.snapshot, &self.find, &self.list, self.now);
        let Some((column, item)) = self.grid.hit(&shown, geometry, at) else {
            return false;
        };
        if item == self.list.selected && !self.list.following && column == self.grid.cursor(&shown)
        {
            self.overlays.open_details();
            return true;
        }
        self.grid.column = column;
        self.select(item)
    }
}
