//! What [`locate`](super::locate) needs to know of a programme without walking every item: each
//! day's opening and closing instants, its longest item and whether its items are in start order,
//! and the programme's first and last instants.
//!
//! Building an outline walks the programme once; whoever keeps a programme that changes (the app's
//! snapshot, which patches the day of `now` with expected times) keeps its outline beside it and
//! renews the day it patched. With it, finding what runs and what comes next costs a binary search
//! in the day of `now`, not a walk through every item (a 100 000-item programme ticks as cheaply
//! as a 1 000-item one).

use chrono::TimeDelta;

use crate::model::{Day, Instant, Programme};

/// One day's facts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct DayOutline {
    pub opens: Instant,
    pub closes: Instant,
    /// The latest start of an item of the day: a day whose items all started has no next item
    /// (expected times may push an item past the day's announced end).
    pub latest_start: Option<Instant>,
    /// The longest item of the day: no item that started earlier than `now - longest` still runs.
    pub longest: TimeDelta,
    /// Whether the items are in start order (a validated plan always is; expected times patched
    /// from a live record may not be), so that a binary search may be used.
    pub sorted: bool,
}

impl DayOutline {
    fn of(day: &Day) -> Self {
        DayOutline {
            opens: day.opens(),
            closes: day.closes(),
            latest_start: day.items.iter().map(|i| i.start).max(),
            longest: day
                .items
                .iter()
                .map(|i| i.end - i.start)
                .max()
                .unwrap_or_default(),
            sorted: day.items.is_sorted_by_key(|i| i.start),
        }
    }
}

/// A programme's outline; see the module's documentation.
#[derive(Debug, Clone, PartialEq)]
pub struct Outline {
    pub(super) days: Vec<DayOutline>,
    first_start: Instant,
    last_end: Instant,
}

impl Outline {
    /// Walks the whole programme once.
    pub fn of(programme: &Programme) -> Self {
        let mut outline = Outline {
            days: programme.days.iter().map(DayOutline::of).collect(),
            first_start: Instant::default(),
            last_end: Instant::default(),
        };
        outline.total();
        outline
    }

    /// Renews day `day` after its items changed (and the programme's bounds).
    pub fn renew_day(&mut self, programme: &Programme, day: usize) {
        match (self.days.get_mut(day), programme.days.get(day)) {
            (Some(outline), Some(day)) => *outline = DayOutline::of(day),
            _ => *self = Outline::of(programme),
        }
        self.total();
    }

    fn total(&mut self) {
        self.first_start = self.days.iter().map(|d| d.opens).min().unwrap_or_default();
        self.last_end = self.days.iter().map(|d| d.closes).max().unwrap_or_default();
    }

    /// [`Programme::first_start`] without walking the items.
    pub fn first_start(&self) -> Instant {
        self.first_start
    }

    /// [`Programme::last_end`] without walking the items.
    pub fn last_end(&self) -> Instant {
        self.last_end
    }

    /// [`Day::closes`] of day `day`.
    pub fn closes(&self, day: usize) -> Option<Instant> {
        self.days.get(day).map(|d| d.closes)
    }

    /// [`super::day_at`] without walking the items.
    pub fn day_at(&self, now: Instant) -> usize {
        super::day_closing_after(self.days.iter().map(|d| d.closes), now)
    }

    /// Where in `day` (the day `index` of the programme outlined) the items that may still run
    /// at `now`, or start after it, begin: the items before ended before `now` (a binary search
    /// with the day's longest item). `None` for a day out of start order: look at every item.
    pub fn from_now(&self, day: &Day, index: usize, now: Instant) -> Option<usize> {
        let outline = self.days.get(index).filter(|o| o.sorted)?;
        let earliest = now - outline.longest;
        Some(day.items.partition_point(|i| i.start < earliest))
    }

    /// Whether this outline was built from a programme of this shape (a guard against an
    /// outline kept beside another programme: `locate_in` then builds a fresh one).
    pub(super) fn fits(&self, programme: &Programme) -> bool {
        self.days.len() == programme.days.len()
    }
}
