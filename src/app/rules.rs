//! The rules that keep the parts of the app consistent: each part changes only itself, and what
//! must follow in the others when the day, the filters, the cursor or the clock move is decided
//! here, in this order. No other code re-derives one part's state from another's.
//!
//! 1. When the day, the programme, the filters or the favourites change, `find` is refreshed
//!    first ([`App::refilter`]), then the grid's columns, then the cursor.
//! 2. Selecting an item (list or grid) stops following, and puts it on screen in both the list
//!    and the grid ([`App::select`]).
//! 3. While following, every tick, resize and reload puts the day of `now` and its current item
//!    under the cursor ([`App::follow`]); otherwise the cursor is only kept on screen in the list
//!    and the grid ([`App::follow_or_keep`]).
//! 4. Changing day, accepting a search, the room view and its way back move the day, the filters
//!    and the cursor together.
//! 5. The Now and Next panels say what the filter keeps ([`App::moment_kept`]), as the list does.

use crate::model::Item;
use crate::timeline::{Moment, Phase};

use super::find::{self, Filter};
use super::grid::View;
use super::overlays::Overlay;
use super::{App, shown};

impl App {
    /// What is happening now among the items the filter keeps (room, track, kind, favourites,
    /// search), for the Now and Next panels: with a room chosen at a 35-room conference they
    /// showed the other rooms. Without a filter, [`App::moment`].
    pub fn moment_kept(&self) -> Moment<'_> {
        let moment = self.moment();
        if !self.find.filter.is_active() {
            return moment;
        }
        let today = &self.snapshot.programme.days[moment.day].items;
        let kept_today = self.kept(moment.day);
        let running: Vec<&Item> = moment
            .running
            .into_iter()
            .filter(|i| index_in(today, i).is_some_and(|n| kept_today(n, i)))
            .collect();
        let now = self.now;
        let next = (moment.day..self.snapshot.programme.days.len()).find_map(|day| {
            let kept = self.kept(day);
            self.snapshot.programme.days[day]
                .items
                .iter()
                .enumerate()
                .filter(|(n, i)| i.start > now && i.state.takes_place() && kept(*n, i))
                .map(|(_, i)| i)
                .min_by_key(|i| i.start)
        });
        let phase = match moment.phase {
            Phase::Running if running.is_empty() => Phase::Gap,
            phase => phase,
        };
        Moment {
            day: moment.day,
            phase,
            running,
            next,
        }
    }

    /// Whether item `n` of day `day` (expected programme) passes the filter: for the shown day,
    /// the list's own `visible` (a binary search), else the filter asked of the item. A search
    /// folds every field of an item: asked of every item of the day each frame, it made a frame
    /// at 100k items cost thirty times a frame without one.
    pub fn kept(&self, day: usize) -> impl Fn(usize, &Item) -> bool + '_ {
        let active = self.find.filter.is_active();
        let visible = (day == self.list.day).then(|| self.find.visible());
        let keeps = self.find.keeper(&self.snapshot.plan);
        move |n, item| {
            !active
                || match visible {
                    Some(visible) => visible.binary_search(&n).is_ok(),
                    None => keeps(item),
                }
        }
    }

    /// Rule 1: the visible items for the shown day, then the grid's columns for them.
    pub(super) fn refilter(&mut self) {
        self.find
            .refilter(&self.snapshot.programme, &self.snapshot.plan, self.list.day);
        let shown = shown(&self.snapshot, &self.find, &self.list, self.now);
        let room = self.find.filter.room.as_deref();
        self.grid.refresh(&self.snapshot.plan, room, &shown);
    }

    /// Rule 3: follow the clock, or keep the cursor on screen in the list and the grid (`fresh`:
    /// the grid's window placed afresh, as when it opens).
    pub(super) fn follow_or_keep(&mut self, fresh: bool) {
        if self.list.following {
            self.follow();
        } else {
            self.keep_selection_visible();
            self.grid_place(fresh);
        }
    }

    /// Rule 2: moves the cursor to item `index` (clamped) and stops following.
    pub(super) fn select(&mut self, index: usize) -> bool {
        let last = self.items().len().saturating_sub(1);
        self.list.selected = index.min(last);
        self.list.following = false;
        self.keep_selection_visible();
        self.grid_place(false);
        true
    }

    /// Moves the cursor by `steps` visible items and stops following.
    pub(super) fn move_by(&mut self, steps: isize) -> bool {
        match self.list.step(self.find.visible(), steps) {
            Some(i) => self.select(i),
            None => false,
        }
    }

    pub(super) fn keep_selection_visible(&mut self) {
        let (rows, height) = (self.rows(), self.list_height());
        self.list.keep_selection_visible(&rows, height);
    }

    pub(super) fn place_list(&mut self) {
        let (rows, height) = (self.rows(), self.list_height());
        self.list.place(&rows, height);
    }

    /// The grid scrolled to the cursor (when it is on screen).
    pub(super) fn grid_place(&mut self, fresh: bool) {
        let geometry = self.grid_geometry();
        let shown = shown(&self.snapshot, &self.find, &self.list, self.now);
        self.grid.scroll_to_cursor(&shown, geometry, fresh);
    }

    /// Rule 3: puts the day of `now` on screen with its current (or next) item under the cursor.
    pub(super) fn follow(&mut self) {
        let moment = self.moment();
        let day = moment.day;
        let items = &self.snapshot.programme.days[day].items;
        // With parallel rooms, the running item that started last: long workshops that began
        // hours ago would otherwise hold the list on talks long over.
        let latest = moment.running.iter().max_by_key(|i| i.start);
        let target = match (latest, moment.phase) {
            (Some(latest), _) => items.iter().position(|i| {
                i.start == latest.start && moment.running.iter().any(|r| std::ptr::eq(i, *r))
            }),
            (None, Phase::After) => Some(items.len().saturating_sub(1)),
            (None, _) => Some(items.partition_point(|i| i.start <= self.now)),
        };
        if day != self.list.day {
            self.list.day = day;
            self.refilter();
        }
        let items = self.snapshot.items(day);
        self.list.selected = target.unwrap_or(0).min(items.len().saturating_sub(1));
        if self.find.filter.is_active()
            && let Some(i) = self.list.step(self.find.visible(), 0)
        {
            self.list.selected = i;
        }
        self.place_list();
        let geometry = self.grid_geometry();
        let shown = shown(&self.snapshot, &self.find, &self.list, self.now);
        if let Some(pick) = self.grid.follow(&shown, geometry) {
            self.list.selected = pick;
        }
    }

    /// After the filter changed: the cursor on a visible item, in view.
    pub(super) fn after_filter_change(&mut self) -> bool {
        if self.find.filter.room.is_none() {
            // The room view ends with its room filter.
            self.find.room_view = None;
        }
        self.refilter();
        if self.list.following {
            self.follow();
        } else {
            if let Some(i) = self.list.step(self.find.visible(), 0) {
                self.list.selected = i;
            }
            self.keep_selection_visible();
            self.grid_place(false);
        }
        true
    }

    pub(super) fn show_day(&mut self, day: Option<usize>) -> bool {
        let Some(d) = day.filter(|&d| d < self.snapshot.programme.days.len() && d != self.list.day)
        else {
            return false;
        };
        self.list.day = d;
        self.refilter();
        self.list.following = false;
        self.overlays.shown = Overlay::None;
        let now_index = self.items().partition_point(|i| i.end <= self.now);
        self.list.selected = now_index.min(self.items().len().saturating_sub(1));
        // With a filter, on a shown item: a search's best hit of that day.
        let best = self
            .find
            .has_query()
            .then(|| {
                self.find
                    .best_on(&self.snapshot.programme, &self.snapshot.plan, d, self.now)
            })
            .flatten();
        if let Some((_, _, best)) = best {
            self.list.selected = best;
        } else if let Some(i) = self.list.step(self.find.visible(), 0) {
            self.list.selected = i;
        }
        self.list.offset = 0;
        self.keep_selection_visible();
        self.grid.top = 0;
        self.grid_place(true);
        true
    }

    /// Enter in the search: the best hit of every day under the cursor (the shown day's on a
    /// tie), following paused.
    pub(super) fn accept_search(&mut self) {
        let best = self.find.best_of_all(
            &self.snapshot.programme,
            &self.snapshot.plan,
            self.list.day,
            self.now,
        );
        let Some((day, index)) = best else {
            return;
        };
        if day != self.list.day {
            self.list.day = day;
            self.refilter();
            self.grid.top = 0;
        }
        self.list.selected = index;
        self.list.following = false;
        self.place_list();
        self.grid_place(true);
    }

    /// `o`: the room of the selected item (the cursor's column in the grid) alone, in the list;
    /// or back to where that came from.
    pub(super) fn toggle_room_view(&mut self) -> bool {
        if let Some(back) = self.find.room_view.take() {
            self.go_back(*back);
            return true;
        }
        let room = if self.grid_shown() {
            self.grid.cursor_room(&self.shown())
        } else {
            self.selected_item().and_then(|i| i.room.clone())
        };
        let Some(room) = room else {
            return false;
        };
        self.find.room_view = Some(Box::new(find::RoomViewOrigin {
            filter: self.find.filter.clone(),
            list: self.list.clone(),
            grid: self.grid.place(),
        }));
        self.find.filter = Filter {
            room: Some(room),
            ..Filter::default()
        };
        self.grid.view = View::List;
        self.list.following = false;
        self.overlays.shown = Overlay::None;
        self.refilter();
        if let Some(i) = self.list.step(self.find.visible(), 0) {
            self.list.selected = i;
        }
        self.place_list();
        true
    }

    /// Back from the room view to the view, filters, day and cursor it was opened from.
    pub(super) fn go_back(&mut self, back: find::RoomViewOrigin) {
        self.grid.restore(back.grid);
        self.find.filter = back.filter;
        self.list.day = back.list.day.min(self.snapshot.programme.days.len() - 1);
        self.refilter();
        self.list.selected = back.list.selected.min(self.items().len().saturating_sub(1));
        self.list.offset = back.list.offset;
        self.list.following = back.list.following;
        self.overlays.shown = Overlay::None;
        self.follow_or_keep(false);
    }
}

/// The place of `item` in `items` when it is one of them (by address, without a walk).
fn index_in(items: &[Item], item: &Item) -> Option<usize> {
    let size = std::mem::size_of::<Item>();
    let offset = (std::ptr::from_ref(item) as usize).checked_sub(items.as_ptr() as usize)?;
    let n = offset / size;
    (offset % size == 0 && n < items.len()).then_some(n)
}
