//! The lobby screen's content and layout (`deroule lobby`): what each room shows now and next,
//! how many room cards fit a screen, and which page of rooms is shown when. Pure: the planned
//! and the expected programme and `now` in; the view (`ui::lobby`) draws what this decides.
//!
//! A programme of one sequence (`live::applies`) is shown as one big now/next; one with parallel
//! rooms as a board of room cards, paged every [`PAGE_SECONDS`] of real time (the programme
//! clock may be stopped or raced) when they do not all fit.

use crate::live;
use crate::model::{Instant, Item, Programme, State};
use crate::timeline;

/// How long each page of rooms stays on screen, in real seconds.
pub const PAGE_SECONDS: i64 = 10;
/// The narrowest a room card may be, borders included.
pub const CARD_MIN_WIDTH: u16 = 36;
/// A room card's height: border, NOW and its times, NEXT and its time, border.
pub const CARD_HEIGHT: u16 = 6;

/// An item as a card shows it: expected times, and how late it is against the plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Slot<'p> {
    pub item: &'p Item,
    /// Minutes between the planned and the expected start (positive: late).
    pub late: i64,
}

/// One room's now and next.
#[derive(Debug, Clone, PartialEq)]
pub struct Card<'p> {
    pub room: &'p str,
    pub now: Option<Slot<'p>>,
    pub next: Option<Slot<'p>>,
}

/// The lobby's content at `now`.
#[derive(Debug, Clone, PartialEq)]
pub enum Board<'p> {
    /// One sequence: its now and next (plenary items included).
    Single {
        now: Option<Slot<'p>>,
        next: Option<Slot<'p>>,
    },
    /// Parallel rooms: a card per room with something left on the day of `now`, in the file's
    /// order, and the plenary item running or coming next, if any.
    Rooms {
        cards: Vec<Card<'p>>,
        plenary: Option<Slot<'p>>,
    },
}

/// What the lobby shows at `now`. `expected` is `plan` with the live records' times (same days,
/// same order).
pub fn board<'p>(plan: &'p Programme, expected: &'p Programme, now: Instant) -> Board<'p> {
    let day = timeline::day_at(expected, now);
    let (Some(planned), Some(shown)) = (plan.days.get(day), expected.days.get(day)) else {
        return Board::Single {
            now: None,
            next: None,
        };
    };
    let pairs: Vec<(&Item, &Item)> = planned
        .items
        .iter()
        .zip(&shown.items)
        .filter(|(_, e)| e.state != State::Cancelled)
        .collect();
    let slot = |(p, e): (&'p Item, &'p Item)| Slot {
        item: e,
        late: (e.start - p.start).num_minutes(),
    };
    // The item running in a lane at `now` (the latest started), and the next one to start.
    let now_next = |lane: &dyn Fn(&Item) -> bool| {
        let running = pairs
            .iter()
            .filter(|(_, e)| lane(e) && e.start <= now && now < e.end)
            .last()
            .map(|&pair| slot(pair));
        let next = pairs
            .iter()
            .find(|(_, e)| lane(e) && e.start > now)
            .map(|&pair| slot(pair));
        (running, next)
    };
    if live::applies(plan) {
        let (now, next) = now_next(&|_| true);
        return Board::Single { now, next };
    }
    let cards = plan
        .rooms
        .iter()
        .filter_map(|room| {
            let name = room.name.as_str();
            let (now, next) = now_next(&|i: &Item| i.room.as_deref() == Some(name));
            (now.is_some() || next.is_some()).then_some(Card {
                room: name,
                now,
                next,
            })
        })
        .collect();
    let (running, next) = now_next(&Item::is_plenary);
    Board::Rooms {
        cards,
        plenary: running.or(next),
    }
}

/// How room cards are laid out on a screen of `width`×`height` cells (the board's area).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Grid {
    pub columns: u16,
    pub rows: u16,
    /// The number of pages the cards take.
    pub pages: usize,
}

impl Grid {
    pub fn per_page(self) -> usize {
        usize::from(self.columns) * usize::from(self.rows)
    }
}

/// As many columns of at least [`CARD_MIN_WIDTH`] as fit (at most as many as cards), as many rows
/// of [`CARD_HEIGHT`] as fit (at least one), and the pages that makes.
pub fn grid(width: u16, height: u16, cards: usize) -> Grid {
    let wanted = u16::try_from(cards.max(1)).unwrap_or(u16::MAX);
    let columns = (width / CARD_MIN_WIDTH).clamp(1, wanted);
    let fit_rows = (height / CARD_HEIGHT).max(1);
    let needed_rows =
        u16::try_from(cards.div_ceil(usize::from(columns)).max(1)).unwrap_or(u16::MAX);
    let rows = fit_rows.min(needed_rows);
    let per_page = usize::from(columns) * usize::from(rows);
    Grid {
        columns,
        rows,
        pages: cards.div_ceil(per_page).max(1),
    }
}

/// The page shown after `turns` turns of the pages (one every [`PAGE_SECONDS`] of real time,
/// counted by `app::Pages`), in turn.
pub fn page_at(turns: u64, pages: usize) -> usize {
    usize::try_from(turns % pages.max(1) as u64).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{bundled_at, bundled_programme};
    use chrono::TimeDelta;

    fn parallel() -> Programme {
        crate::model::load_str(
            "title: Fest\ntime_zone: Europe/Paris\ndate: 2022-07-01\nrooms: [A, B, C]\nitems:\n\
             - {title: Opening, start: 9h, end: 9h30}\n\
             - {title: A1, room: A, start: 9h30, end: 10h30}\n\
             - {title: B1, room: B, start: 9h30, end: 10h}\n\
             - {title: B2, room: B, start: 10h, end: 11h}\n\
             - {title: A2, room: A, start: 11h, end: 12h}\n\
             - {title: Closing, start: 12h, end: 12h30}\n",
            "fest.yaml",
        )
        .expect("valid")
        .programme
    }

    fn titles<'p>(s: Option<&Slot<'p>>) -> Option<&'p str> {
        s.map(|s| s.item.title.as_str())
    }

    #[test]
    fn one_sequence_is_one_now_and_next_with_its_delay() {
        let plan = bundled_programme();
        let mut expected = plan.clone();
        expected.days[0].items[4].start += TimeDelta::minutes(4);
        let Board::Single { now, next } = board(&plan, &expected, bundled_at(11, 5)) else {
            panic!("one sequence")
        };
        assert_eq!(titles(now.as_ref()), Some("Pause"));
        assert_eq!(now.map(|s| s.late), Some(0));
        assert_eq!(next.as_ref().map(|s| s.late), Some(4));
    }

    #[test]
    fn parallel_rooms_get_a_card_each_while_they_have_something_left() {
        let p = parallel();
        let Board::Rooms { cards, plenary } = board(&p, &p, bundled_at(10, 15)) else {
            panic!("rooms")
        };
        let rooms: Vec<&str> = cards.iter().map(|c| c.room).collect();
        assert_eq!(rooms, ["A", "B"], "C has nothing: no card");
        assert_eq!(titles(cards[0].now.as_ref()), Some("A1"));
        assert_eq!(titles(cards[0].next.as_ref()), Some("A2"));
        assert_eq!(titles(cards[1].now.as_ref()), Some("B2"));
        assert_eq!(titles(cards[1].next.as_ref()), None);
        assert_eq!(titles(plenary.as_ref()), Some("Closing"));
        let Board::Rooms { cards, .. } = board(&p, &p, bundled_at(11, 30)) else {
            panic!("rooms")
        };
        assert_eq!(cards.len(), 1, "B is over");
    }

    #[test]
    fn cards_fill_the_width_and_page_when_they_do_not_fit() {
        assert_eq!(
            grid(200, 54, 35),
            Grid {
                columns: 5,
                rows: 7,
                pages: 1
            }
        );
        assert_eq!(
            grid(80, 18, 35),
            Grid {
                columns: 2,
                rows: 3,
                pages: 6
            }
        );
        assert_eq!(grid(200, 54, 2).columns, 2, "no empty columns");
        assert_eq!(grid(30, 3, 4).per_page(), 1, "always one card");
    }

    #[test]
    fn pages_come_in_turn_and_come_back() {
        assert_eq!([0, 1, 2, 3, 4].map(|t| page_at(t, 3)), [0, 1, 2, 0, 1]);
        assert_eq!(page_at(7, 1), 0);
        assert_eq!(page_at(7, 0), 0);
    }
}
