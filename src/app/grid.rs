//! The rooms grid's model: which items fall in which row of a room column, and where the cursor
//! goes. Pure (items, instants and sizes in, rows and indices out), so it is tested without
//! drawing; `ui::grid` draws what it says.

use std::ops::Range;

use chrono::{Offset, TimeDelta, TimeZone};
use chrono_tz::Tz;
use ratatui::layout::Rect;

use crate::model::{Instant, Item, State};

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
        let inner = Rect {
            x: block.x + 1,
            y: block.y + 1,
            width: block.width.saturating_sub(2),
            height: block.height.saturating_sub(2),
        };
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
    /// An item's title. `late`: the row is not the one the item starts in (it is listed under
    /// an earlier item of its slot), so its start time is shown. `more`: items starting in the
    /// same slot that found no row before the next start, shown as `+N`.
    Title {
        item: usize,
        late: bool,
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

/// One room column: `members` (indices into `items`, in time order) laid out in rows. When
/// several items start in one slot, the first takes the slot's row and the others the rows
/// under it until the next start; any left over are counted (`+N`) on the last of those rows,
/// except the `selected` item, which always takes that last row, so the cursor is never hidden.
pub fn column(
    items: &[Item],
    members: &[usize],
    slots: &Slots,
    selected: Option<usize>,
) -> Vec<Cell> {
    let mut cells = vec![Cell::Empty; slots.rows];
    for &m in members {
        if items[m].state == State::Cancelled {
            continue;
        }
        for row in slots.rows_of(&items[m]) {
            if let Some(cell) = cells.get_mut(row) {
                *cell = Cell::Continues(m);
            }
        }
    }
    let groups = groups(items, members, slots);
    for (g, (row, group)) in groups.iter().enumerate() {
        let listed = group.len().min(free_rows(&groups, g, slots));
        let mut order = group[..listed].to_vec();
        if let Some(s) = selected.filter(|s| group[listed..].contains(s)) {
            order[listed - 1] = s;
        }
        for (j, &item) in order.iter().enumerate() {
            if let Some(cell) = cells.get_mut(row + j) {
                *cell = Cell::Title {
                    item,
                    late: j > 0,
                    more: if j + 1 == listed {
                        group.len() - listed
                    } else {
                        0
                    },
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
        .map(|g| {
            groups[g]
                .1
                .len()
                .saturating_sub(free_rows(&groups, g, slots))
        })
        .sum()
}

/// The longest row length, up to [`AUTO_MAX`], at which no item of any column is hidden; the
/// shortest one when every length hides some.
pub fn auto_minutes(
    items: &[Item],
    columns: &[Vec<usize>],
    (from, to): (Instant, Instant),
    tz: Tz,
) -> i64 {
    MINUTES
        .into_iter()
        .filter(|&m| m <= AUTO_MAX)
        .rev()
        .find(|&m| {
            let slots = Slots::new(from, to, m, tz);
            columns.iter().all(|c| hidden(items, c, &slots) == 0)
        })
        .unwrap_or(MINUTES[0])
}

/// The row where the title of `item` is in `cells`.
pub fn row_of_item(cells: &[Cell], item: usize) -> Option<usize> {
    cells
        .iter()
        .position(|c| matches!(c, Cell::Title { item: i, .. } if *i == item))
}

/// The member to land on when the cursor comes to a column at `at`: the one running then,
/// else the one nearest to it in time (ended or starting; the earlier on a tie).
pub fn nearest(items: &[Item], members: &[usize], at: Instant) -> Option<usize> {
    let distance = |m: usize| {
        let item = &items[m];
        if at < item.start {
            item.start - at
        } else if at >= item.end {
            at - item.end
        } else {
            TimeDelta::zero()
        }
    };
    members.iter().copied().min_by_key(|&m| distance(m))
}

/// The member `steps` away from `from` in the column (clamped to the first and the last).
/// From an item not in the column, the first step down is the first member starting after
/// it, the first step up the last one starting before it, no step the nearest in time.
pub fn step(items: &[Item], members: &[usize], from: usize, steps: isize) -> Option<usize> {
    let last = members.len().checked_sub(1)?;
    let to = match members.iter().position(|&m| m == from) {
        Some(here) => here.saturating_add_signed(steps),
        None => {
            let start = items.get(from)?.start;
            let after = members.partition_point(|&m| items[m].start <= start);
            match steps {
                0 => {
                    let near = nearest(items, members, start)?;
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
    use crate::model::Programme;

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
                    late: false,
                    more: 0
                },
                Cell::Title {
                    item: 1,
                    late: true,
                    more: 0
                },
                Cell::Title {
                    item: 2,
                    late: false,
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
                late: false,
                more: 2
            }
        );
        assert_eq!(
            cells[1],
            Cell::Title {
                item: 3,
                late: false,
                more: 0
            }
        );
        assert_eq!(hidden(items, &members, &s), 2);
        let cells = column(items, &members, &s, Some(2));
        assert_eq!(
            cells[0],
            Cell::Title {
                item: 2,
                late: false,
                more: 2
            },
            "the selected item takes the group's last row"
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
                late: false,
                more: 0
            }
        );
        assert_eq!(cells[1], Cell::Empty);
    }

    #[rstest]
    #[case::welcome_then_talk(&["10:30-10:35 Welcome", "10:35-11:00 Talk", "11:00-11:30 Next"], 15)]
    #[case::ten_minute_talks(&["10:00-10:10 A", "10:10-10:20 B", "10:20-10:30 C"], 10)]
    #[case::lightning_talks(&["10:00-10:05 A", "10:05-10:10 B", "10:10-10:15 C", "10:15-10:20 D"], 5)]
    #[case::hour_long_talks(&["10:00-11:00 A", "11:00-12:00 B"], 15)]
    fn the_automatic_rows_are_the_longest_that_hide_nothing(
        #[case] items: &[&str],
        #[case] minutes: i64,
    ) {
        let p = day(items);
        let span = (p.days[0].items[0].start, p.days[0].closes());
        let got = auto_minutes(&p.days[0].items, &[all(&p)], span, p.tz);
        assert_eq!(got, minutes);
    }

    #[test]
    fn the_cursor_moves_in_a_column_and_lands_near_in_time_in_another() {
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
            nearest(items, &members, at(&p, "11:00")),
            Some(2),
            "running then"
        );
        assert_eq!(
            nearest(items, &members, at(&p, "13:00")),
            Some(2),
            "else nearest, earlier"
        );
        assert_eq!(
            nearest(items, &members, at(&p, "13:30")),
            Some(3),
            "else nearest"
        );
        assert_eq!(nearest(items, &[], at(&p, "13:00")), None);
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
