//! The rooms grid's pure layout: the time rows of a day, which items fall in which row of a room
//! column, and where a cursor move lands. Items, instants and sizes in, rows and indices out:
//! no state (that is `app::grid`), tested without drawing; `ui::grid` draws what it says.

use std::ops::Range;

use chrono::{Offset, TimeDelta, TimeZone};
use chrono_tz::Tz;
use ratatui::layout::Rect;

use crate::model::{Instant, Item};

/// Columns of the time labels (`▶14:15  `).
pub const TIME_WIDTH: u16 = 8;
/// The narrowest room column.
pub const MIN_COLUMN: u16 = 18;
/// Row lengths `z` and `Z` step through, in minutes.
pub const MINUTES: [i64; 5] = [5, 10, 15, 30, 60];
/// The automatic row length is the longest that hides nothing, up to this.
pub const AUTO_MAX: i64 = 15;
/// Rows shown above the cursor (or now) when the window is placed afresh.
pub const CONTEXT: usize = 2;

/// Whether the grid can be drawn in the programme block (else the list is shown).
pub fn fits(block: Rect) -> bool {
    block.width >= TIME_WIDTH + 2 * MIN_COLUMN && block.height >= 4
}

/// Where the grid goes in the programme block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Geometry {
    /// Inside the border: the room names' row, then the time rows.
    pub inner: Rect,
    /// Room columns that fit side by side.
    pub columns: usize,
    /// Time rows under the room names.
    pub rows: usize,
}

impl Geometry {
    pub fn new(block: Rect) -> Self {
        let inner = block.inner(ratatui::layout::Margin::new(1, 1));
        Geometry {
            inner,
            columns: (inner.width.saturating_sub(TIME_WIDTH) / MIN_COLUMN).max(1) as usize,
            rows: inner.height.saturating_sub(1) as usize,
        }
    }

    /// The width of each of `shown` columns.
    pub fn column_width(&self, shown: usize) -> usize {
        (self.inner.width.saturating_sub(TIME_WIDTH) as usize / shown.max(1)).max(1)
    }
}

/// The time rows of a day: slots of `minutes` from a multiple of `minutes` on the event's
/// clock (14:00, 14:15…), as many as cover the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slots {
    pub origin: Instant,
    pub minutes: i64,
    pub rows: usize,
}

impl Slots {
    /// Rows covering `from`..`to` (at least one).
    pub fn new(from: Instant, to: Instant, minutes: i64, tz: Tz) -> Self {
        let seconds = minutes.max(1) * 60;
        let offset = i64::from(
            tz.offset_from_utc_datetime(&from.naive_utc())
                .fix()
                .local_minus_utc(),
        );
        let local = from.timestamp() + offset;
        let origin = from - TimeDelta::seconds(local.rem_euclid(seconds));
        let span = (to - origin).num_seconds().max(1);
        Slots {
            origin,
            minutes: minutes.max(1),
            rows: (span + seconds - 1).div_euclid(seconds).max(1) as usize,
        }
    }

    fn seconds(&self) -> i64 {
        self.minutes * 60
    }

    /// The row `at` falls in (the first row for earlier instants; may be past the last).
    pub fn row_of(&self, at: Instant) -> usize {
        (at - self.origin)
            .num_seconds()
            .div_euclid(self.seconds())
            .max(0) as usize
    }

    pub fn start_of(&self, row: usize) -> Instant {
        self.origin + TimeDelta::seconds(self.seconds() * row as i64)
    }

    /// The rows an item runs through (end exclusive).
    pub fn rows_of(&self, item: &Item) -> Range<usize> {
        let last = self.row_of(item.end - TimeDelta::seconds(1));
        self.row_of(item.start)..last.max(self.row_of(item.start)) + 1
    }
}

/// What one row of a room column shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell {
    Empty,
    /// An item's title. `timed`: the item does not start at the row's time (it starts inside the
    /// row, or is listed under an earlier item of its slot), so its start time is shown. `more`:
    /// items starting in the same slot that found no row, shown as `+N`.
    Title {
        item: usize,
        timed: bool,
        more: usize,
    },
    /// The item runs on through this row.
    Continues(usize),
}

/// Members grouped by the row they start in: (row, members), in time order.
fn groups(items: &[Item], members: &[usize], slots: &Slots) -> Vec<(usize, Vec<usize>)> {
    let mut groups: Vec<(usize, Vec<usize>)> = Vec::new();
    for &m in members {
        let row = slots.row_of(items[m].start);
        match groups.last_mut() {
            Some((r, group)) if *r == row => group.push(m),
            _ => groups.push((row, vec![m])),
        }
    }
    groups
}

/// The rows a group may use: its own, and the following ones up to the next start.
fn free_rows(groups: &[(usize, Vec<usize>)], g: usize, slots: &Slots) -> usize {
    let next = groups.get(g + 1).map_or(slots.rows, |(r, _)| *r);
    next.saturating_sub(groups[g].0).max(1)
}

/// Whether `item` still runs when `row` begins, so it may be listed there.
fn runs_into(item: &Item, row: usize, slots: &Slots) -> bool {
    item.end > slots.start_of(row)
}

/// Group `g` laid out: the members listed in its rows (the first in the group's row, the others
/// under it in time order, each only in a row it still runs into: a 14:20–14:30 item is never
/// shown in the 14:30 row), and those left over.
fn stack(
    items: &[Item],
    groups: &[(usize, Vec<usize>)],
    g: usize,
    slots: &Slots,
) -> (Vec<usize>, Vec<usize>) {
    let (row, group) = &groups[g];
    let free = free_rows(groups, g, slots);
    let (mut listed, mut left) = (Vec::new(), Vec::new());
    for &m in group {
        let at = row + listed.len();
        if listed.is_empty() || (listed.len() < free && runs_into(&items[m], at, slots)) {
            listed.push(m);
        } else {
            left.push(m);
        }
    }
    (listed, left)
}

/// One room column: `members` (indices into `items`, in time order) laid out in rows. When
/// several items start in one slot, the first takes the slot's row and the others the rows
/// under it until the next start, while they still run; any left over are counted (`+N`) on the
/// last of those rows, except the `selected` item, which takes the last of those rows it runs
/// into, so the cursor is never hidden.
pub fn column(
    items: &[Item],
    members: &[usize],
    slots: &Slots,
    selected: Option<usize>,
) -> Vec<Cell> {
    let mut cells = vec![Cell::Empty; slots.rows];
    for &m in members {
        if !items[m].state.takes_place() {
            continue;
        }
        for row in slots.rows_of(&items[m]) {
            if let Some(cell) = cells.get_mut(row) {
                *cell = Cell::Continues(m);
            }
        }
    }
    let groups = groups(items, members, slots);
    for (g, (row, _)) in groups.iter().enumerate() {
        let (mut listed, left) = stack(items, &groups, g, slots);
        if let Some(s) = selected.filter(|s| left.contains(s)) {
            let at = (1..listed.len())
                .rev()
                .find(|&j| runs_into(&items[s], row + j, slots))
                .unwrap_or(0);
            listed[at] = s;
        }
        let last = listed.len() - 1;
        for (j, &item) in listed.iter().enumerate() {
            if let Some(cell) = cells.get_mut(row + j) {
                *cell = Cell::Title {
                    item,
                    timed: items[item].start != slots.start_of(row + j),
                    more: if j == last { left.len() } else { 0 },
                };
            }
        }
    }
    cells
}

/// How many of `members` get no row of their own (the sum of the `+N`).
pub fn hidden(items: &[Item], members: &[usize], slots: &Slots) -> usize {
    let groups = groups(items, members, slots);
    (0..groups.len())
        .map(|g| stack(items, &groups, g, slots).1.len())
        .sum()
}

/// Whether every member starts at the time of a row.
fn aligned(items: &[Item], columns: &[Vec<usize>], slots: &Slots) -> bool {
    columns
        .iter()
        .flatten()
        .all(|&m| slots.start_of(slots.row_of(items[m].start)) == items[m].start)
}

/// The automatic row length, up to [`AUTO_MAX`]: the longest on which every item starts at the
/// time of a row and none is hidden (FOSDEM's talks at :05 and :10 get 5-minute rows, so a
/// 10:45 talk is not drawn as if it began at 10:40); else the longest that hides nothing (its
/// titles then carry their start time); else the shortest.
pub fn auto_minutes(
    items: &[Item],
    columns: &[Vec<usize>],
    (from, to): (Instant, Instant),
    tz: Tz,
) -> i64 {
    let lengths: Vec<(i64, bool, bool)> = MINUTES
        .into_iter()
        .filter(|&m| m <= AUTO_MAX)
        .rev()
        .map(|m| {
            let slots = Slots::new(from, to, m, tz);
            let shows_all = columns.iter().all(|c| hidden(items, c, &slots) == 0);
            (m, shows_all, aligned(items, columns, &slots))
        })
        .collect();
    lengths
        .iter()
        .find(|(_, shows_all, aligned)| *shows_all && *aligned)
        .or_else(|| lengths.iter().find(|(_, shows_all, _)| *shows_all))
        .map_or(MINUTES[0], |(m, _, _)| *m)
}

/// The row where the title of `item` is in `cells`.
pub fn row_of_item(cells: &[Cell], item: usize) -> Option<usize> {
    cells
        .iter()
        .position(|c| matches!(c, Cell::Title { item: i, .. } if *i == item))
}

/// The member the cursor lands on when it comes to a column at `at`: the one running then (the
/// latest begun, when several are), else the next one if it starts within the hour, else the
/// nearest in time, before or after (a talk that ended two minutes ago rather than one seven
/// hours later, which would scroll the grid away; the later one on a tie).
pub fn at_time(items: &[Item], members: &[usize], at: Instant) -> Option<usize> {
    let distance = |m: usize| {
        let item = &items[m];
        if at < item.start {
            item.start - at
        } else {
            at - item.end
        }
    };
    members
        .iter()
        .copied()
        .filter(|&m| items[m].start <= at && at < items[m].end)
        .max_by_key(|&m| items[m].start)
        .or_else(|| {
            members
                .iter()
                .copied()
                .find(|&m| items[m].start > at && items[m].start - at <= TimeDelta::hours(1))
        })
        .or_else(|| {
            members
                .iter()
                .copied()
                .min_by_key(|&m| (distance(m), std::cmp::Reverse(items[m].start)))
        })
}

/// The member `steps` away from `from` in the column (clamped to the first and the last).
/// From an item not in the column, the first step down is the first member starting after
/// it, the first step up the last one starting before it, no step the one at its start
/// ([`at_time`]).
pub fn step(items: &[Item], members: &[usize], from: usize, steps: isize) -> Option<usize> {
    let last = members.len().checked_sub(1)?;
    let to = match members.iter().position(|&m| m == from) {
        Some(here) => here.saturating_add_signed(steps),
        None => {
            let start = items.get(from)?.start;
            let after = members.partition_point(|&m| items[m].start <= start);
            match steps {
                0 => {
                    let near = at_time(items, members, start)?;
                    members.iter().position(|&m| m == near)?
                }
                s if s > 0 => after.saturating_add_signed(s - 1),
                s => after.saturating_add_signed(s),
            }
        }
    };
    members.get(to.min(last)).copied()
}

/// The member about a window of `span` away from `from` (`forward` or back), at least one
/// step away when there is one: PgUp and PgDn in a column.
pub fn page(
    items: &[Item],
    members: &[usize],
    from: usize,
    span: TimeDelta,
    forward: bool,
) -> Option<usize> {
    let start = items.get(from)?.start;
    let target = if forward { start + span } else { start - span };
    let jump = if forward {
        members.iter().copied().rfind(|&m| items[m].start <= target)
    } else {
        members.iter().copied().find(|&m| items[m].start >= target)
    };
    let one = step(items, members, from, if forward { 1 } else { -1 });
    match (jump, one) {
        (Some(j), Some(o)) if forward == (items[j].start >= items[o].start) => Some(j),
        (_, one) => one,
    }
}

/// The first of `first` that keeps `wanted` in a window of `shown` out of `total`, moving as
/// little as possible from `first`.
pub fn scroll_to(first: usize, wanted: usize, shown: usize, total: usize) -> usize {
    let shown = shown.max(1);
    let first = if wanted < first {
        wanted
    } else if wanted >= first + shown {
        wanted + 1 - shown
    } else {
        first
    };
    first.min(total.saturating_sub(shown))
}

#[cfg(test)]
mod tests {
    use std::fmt::Write;

    use chrono::NaiveDateTime;
    use rstest::rstest;

    use super::*;
    use crate::model::{Programme, State};

    /// One room's day at Brussels, items given as `HH:MM-HH:MM title`.
    fn day(items: &[&str]) -> Programme {
        let mut yaml = String::from(
            "title: T\ntime_zone: Europe/Brussels\ndate: 2025-02-01\nrooms: [R]\nitems:\n",
        );
        for item in items {
            let (times, title) = item.split_once(' ').expect("times and title");
            let (start, end) = times.split_once('-').expect("start-end");
            writeln!(
                yaml,
                "  - {{title: {title}, start: \"{start}\", end: \"{end}\", room: R}}"
            )
            .expect("a string takes any text");
        }
        crate::model::load_str(&yaml, "t.yaml")
            .expect("valid")
            .programme
    }

    fn at(p: &Programme, hm: &str) -> Instant {
        let naive = NaiveDateTime::parse_from_str(&format!("2025-02-01 {hm}"), "%Y-%m-%d %H:%M")
            .expect("time");
        p.tz.from_local_datetime(&naive)
            .earliest()
            .expect("exists")
            .to_utc()
    }

    fn slots(p: &Programme, minutes: i64) -> Slots {
        let items = &p.days[0].items;
        let end = items.iter().map(|i| i.end).max().expect("items");
        Slots::new(items[0].start, end, minutes, p.tz)
    }

    fn all(p: &Programme) -> Vec<usize> {
        (0..p.days[0].items.len()).collect()
    }

    #[rstest]
    #[case::quarter(15, "09:00")]
    #[case::ten(10, "09:00")]
    #[case::hour(60, "09:00")]
    #[case::five(5, "09:05")]
    fn rows_start_on_round_times_of_the_event_clock(#[case] minutes: i64, #[case] first: &str) {
        let p = day(&["09:07-10:00 Talk"]);
        let s = slots(&p, minutes);
        assert_eq!(s.origin, at(&p, first));
        assert_eq!(s.row_of(at(&p, "09:07")), 0);
        assert_eq!(
            s.start_of(s.rows),
            s.origin + TimeDelta::minutes(minutes * s.rows as i64)
        );
        assert!(
            s.start_of(s.rows) >= at(&p, "10:00"),
            "the rows cover the day"
        );
    }

    #[test]
    fn rows_round_on_the_event_clock_in_a_half_hour_zone() {
        let from = "2025-02-01T03:37:00Z".parse::<Instant>().expect("instant");
        let to = from + TimeDelta::hours(2);
        // 03:37 UTC is 09:07 in Kolkata (UTC+5:30): the hour rows start at 09:00 there.
        let s = Slots::new(from, to, 60, chrono_tz::Asia::Kolkata);
        assert_eq!(
            s.origin,
            "2025-02-01T03:30:00Z".parse::<Instant>().expect("instant")
        );
    }

    #[test]
    fn an_item_starting_in_the_slot_of_another_gets_the_row_under_it() {
        let p = day(&[
            "10:30-10:35 Welcome",
            "10:35-11:00 Moving work",
            "11:00-11:30 Next",
        ]);
        let cells = column(&p.days[0].items, &all(&p), &slots(&p, 15), None);
        assert_eq!(
            cells,
            [
                Cell::Title {
                    item: 0,
                    timed: false,
                    more: 0
                },
                Cell::Title {
                    item: 1,
                    timed: true,
                    more: 0
                },
                Cell::Title {
                    item: 2,
                    timed: false,
                    more: 0
                },
                Cell::Continues(2),
            ]
        );
    }

    #[test]
    fn items_without_a_row_are_counted_and_the_cursor_is_never_among_them() {
        let p = day(&[
            "10:00-10:05 One",
            "10:05-10:10 Two",
            "10:10-10:15 Three",
            "10:15-10:30 Four",
        ]);
        let (items, members, s) = (&p.days[0].items, all(&p), slots(&p, 15));
        let cells = column(items, &members, &s, None);
        assert_eq!(
            cells[0],
            Cell::Title {
                item: 0,
                timed: false,
                more: 2
            }
        );
        assert_eq!(
            cells[1],
            Cell::Title {
                item: 3,
                timed: false,
                more: 0
            }
        );
        assert_eq!(hidden(items, &members, &s), 2);
        let cells = column(items, &members, &s, Some(2));
        assert_eq!(
            cells[0],
            Cell::Title {
                item: 2,
                timed: true,
                more: 2
            },
            "the selected item takes the group's last row, with its start time"
        );
        assert_eq!(hidden(items, &members, &slots(&p, 5)), 0);
    }

    #[test]
    fn cancelled_items_keep_their_title_but_draw_no_bar() {
        let mut p = day(&["10:00-11:00 Gone", "11:00-11:30 Kept"]);
        p.days[0].items[0].state = State::Cancelled;
        let cells = column(&p.days[0].items, &all(&p), &slots(&p, 15), None);
        assert_eq!(
            cells[0],
            Cell::Title {
                item: 0,
                timed: false,
                more: 0
            }
        );
        assert_eq!(cells[1], Cell::Empty);
    }

    #[rstest]
    #[case::welcome_then_talk(&["10:30-10:35 Welcome", "10:35-11:00 Talk", "11:00-11:30 Next"], 5)]
    #[case::ten_minute_talks(&["10:00-10:10 A", "10:10-10:20 B", "10:20-10:30 C"], 10)]
    #[case::fosdem_welcome_then_talk(&["10:30-10:40 Welcome", "10:40-11:00 A", "11:00-11:30 B"], 10)]
    #[case::lightning_talks(&["10:00-10:05 A", "10:05-10:10 B", "10:10-10:15 C", "10:15-10:20 D"], 5)]
    #[case::hour_long_talks(&["10:00-11:00 A", "11:00-12:00 B"], 15)]
    #[case::odd_minutes_the_longest_that_hides_nothing(&["10:00-10:32 A", "10:32-11:00 B", "11:00-11:30 C"], 15)]
    #[case::odd_minutes_crowded(&["10:00-10:03 A", "10:03-10:06 B", "10:06-10:30 C"], 5)]
    fn the_automatic_rows_are_the_longest_on_which_items_start_on_a_row_and_none_is_hidden(
        #[case] items: &[&str],
        #[case] minutes: i64,
    ) {
        let p = day(items);
        let span = (p.days[0].items[0].start, p.days[0].closes());
        let got = auto_minutes(&p.days[0].items, &[all(&p)], span, p.tz);
        assert_eq!(got, minutes);
    }

    #[test]
    fn a_title_starting_inside_its_row_carries_its_start_time() {
        let p = day(&["10:30-10:40 Welcome", "10:45-11:00 Talk"]);
        let cells = column(&p.days[0].items, &all(&p), &slots(&p, 10), None);
        assert_eq!(
            cells[0],
            Cell::Title {
                item: 0,
                timed: false,
                more: 0
            }
        );
        assert_eq!(
            cells[1],
            Cell::Title {
                item: 1,
                timed: true,
                more: 0
            },
            "10:45 in the 10:40 row"
        );
    }

    #[test]
    fn an_item_is_never_listed_in_a_row_after_its_end() {
        // K.4.401 at FOSDEM 2025, in 30-minute rows.
        let p = day(&[
            "14:00-14:20 Running Mushroom",
            "14:20-14:30 Lightning talks",
            "15:00-15:10 Swift",
        ]);
        let (items, members) = (&p.days[0].items, all(&p));
        let s = slots(&p, 30);
        let cells = column(items, &members, &s, None);
        assert_eq!(
            cells[..3],
            [
                Cell::Title {
                    item: 0,
                    timed: false,
                    more: 1
                },
                Cell::Empty,
                Cell::Title {
                    item: 2,
                    timed: false,
                    more: 0
                },
            ],
            "counted in the 14:00 row, not listed at 14:30"
        );
        assert_eq!(hidden(items, &members, &s), 1);
        let cells = column(items, &members, &s, Some(1));
        assert_eq!(
            cells[0],
            Cell::Title {
                item: 1,
                timed: true,
                more: 1
            },
            "selected, it takes the slot's row"
        );
    }

    #[test]
    fn the_cursor_moves_in_a_column_and_lands_at_the_same_time_in_another() {
        let p = day(&[
            "09:00-10:00 A",
            "10:00-10:30 B",
            "10:30-12:00 C",
            "14:00-15:00 D",
        ]);
        let items = &p.days[0].items;
        let members = [0, 1, 2, 3];
        assert_eq!(step(items, &members, 1, 1), Some(2));
        assert_eq!(
            step(items, &members, 1, -5),
            Some(0),
            "clamped to the first"
        );
        assert_eq!(step(items, &members, 3, 1), Some(3), "and to the last");
        assert_eq!(step(items, &[0, 2, 3], 1, 1), Some(2), "the first after");
        assert_eq!(step(items, &[0, 2, 3], 1, -1), Some(0), "the last before");
        assert_eq!(step(items, &[2, 3], 1, -1), Some(2), "or the first");
        assert_eq!(
            at_time(items, &members, at(&p, "11:00")),
            Some(2),
            "running then"
        );
        assert_eq!(
            at_time(items, &members, at(&p, "10:00")),
            Some(1),
            "the one begun then, not the one ended then"
        );
        assert_eq!(
            at_time(items, &members, at(&p, "12:30")),
            Some(2),
            "D starts in 1 h 30: the nearest, C, which ended 30 min ago"
        );
        assert_eq!(
            at_time(items, &members, at(&p, "13:05")),
            Some(3),
            "D starts within the hour: the next"
        );
        assert_eq!(
            at_time(items, &members, at(&p, "13:30")),
            Some(3),
            "D starts in 30 min, C ended 1 h 30 ago"
        );
        assert_eq!(
            at_time(items, &members, at(&p, "13:00")),
            Some(3),
            "on a tie, the one to come"
        );
        assert_eq!(
            at_time(items, &members, at(&p, "15:30")),
            Some(3),
            "else the last before"
        );
        assert_eq!(at_time(items, &[], at(&p, "13:00")), None);
        let hour = TimeDelta::hours(1);
        assert_eq!(page(items, &members, 0, hour, true), Some(1));
        assert_eq!(page(items, &members, 0, TimeDelta::hours(3), true), Some(2));
        assert_eq!(
            page(items, &members, 3, hour, false),
            Some(2),
            "at least one step"
        );
        assert_eq!(page(items, &members, 0, hour, false), Some(0));
    }

    #[rstest]
    #[case::already_shown(2, 3, 4, 10, 2)]
    #[case::left_of_the_window(2, 1, 4, 10, 1)]
    #[case::right_of_the_window(2, 7, 4, 10, 4)]
    #[case::never_past_the_last_page(9, 9, 4, 10, 6)]
    #[case::fewer_than_shown(3, 1, 4, 2, 0)]
    fn windows_scroll_as_little_as_needed(
        #[case] first: usize,
        #[case] wanted: usize,
        #[case] shown: usize,
        #[case] total: usize,
        #[case] expected: usize,
    ) {
        assert_eq!(scroll_to(first, wanted, shown, total), expected);
    }
}
