//! The lobby screen's content and layout (`deroule lobby`): what each room shows now and next,
//! how many room cards fit a screen, and which page of rooms is shown when. Pure: the planned
//! and the expected programme and `now` in; the view (`ui::lobby`) draws what this decides.
//!
//! A programme of one sequence (`live::applies`) is shown as one big now/next; one with parallel
//! rooms as a board of room cards, paged every [`PAGE_SECONDS`] of real time (the programme
//! clock may be stopped or raced) when they do not all fit.

use std::collections::HashMap;

use crate::model::{Instant, Item, Programme, State};
use crate::timeline::Outline;

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

/// The programme the lobby reads: the plan, the expected programme (`plan` with the live
/// records' times: same days, same order) with its outline, and whether the plan is one
/// sequence (`live::applies`, which the caller keeps rather than walks every frame).
#[derive(Debug, Clone, Copy)]
pub struct Shown<'p> {
    pub plan: &'p Programme,
    pub expected: &'p Programme,
    pub outline: &'p Outline,
    pub one_sequence: bool,
}

/// What the lobby shows at `now`. One pass over the day of `now` from the items that may still
/// run (the outline's binary search), stopping once every room has its next item: a frame costs
/// what the shown moment holds, not the whole programme, nor the day once per room.
pub fn board<'p>(shown: Shown<'p>, now: Instant) -> Board<'p> {
    let Shown {
        plan,
        expected,
        outline,
        one_sequence,
    } = shown;
    let day = outline.day_at(now);
    let (Some(planned), Some(today)) = (plan.days.get(day), expected.days.get(day)) else {
        return Board::Single {
            now: None,
            next: None,
        };
    };
    let slot = |(p, e): (&'p Item, &'p Item)| Slot {
        item: e,
        late: (e.start - p.start).num_minutes(),
    };
    // Lanes: one sequence; else one per room, in the file's order, then the plenary items.
    let rooms: HashMap<&str, usize> = plan
        .rooms
        .iter()
        .enumerate()
        .map(|(n, r)| (r.name.as_str(), n))
        .collect();
    let plenary = plan.rooms.len();
    let lane = |i: &Item| -> Option<usize> {
        match i.room.as_deref() {
            _ if one_sequence => Some(0),
            None => Some(plenary),
            Some(room) => rooms.get(room).copied(),
        }
    };
    let lanes = if one_sequence { 1 } else { plenary + 1 };
    // In each lane, the item running at `now` (the latest started) and the next one to start.
    let mut running = vec![None; lanes];
    let mut next = vec![None; lanes];
    let (from, sorted) = outline
        .from_now(today, day, now)
        .map_or((0, false), |from| (from, true));
    // The plenary lane is waited for only when a plenary item is still to come (a cheap look,
    // without hashing rooms): a day whose last plenary item is past is not read to its end.
    let plenary_ahead = !one_sequence
        && today.items[from..]
            .iter()
            .any(|e| e.is_plenary() && e.start > now && e.state != State::Cancelled);
    let mut waiting = if one_sequence || plenary_ahead {
        lanes
    } else {
        lanes - 1
    };
    let pairs = planned.items.iter().zip(&today.items).skip(from);
    for (p, e) in pairs.filter(|(_, e)| e.state != State::Cancelled) {
        let Some(l) = lane(e) else { continue };
        if e.start <= now && now < e.end {
            running[l] = Some((p, e));
        } else if e.start > now && next[l].is_none() {
            next[l] = Some((p, e));
            waiting = waiting.saturating_sub(1);
            // In start order, nothing after this runs at `now`.
            if waiting == 0 && sorted {
                break;
            }
        }
    }
    let now_next = |l: usize| (running[l].map(slot), next[l].map(slot));
    if one_sequence {
        let (now, next) = now_next(0);
        return Board::Single { now, next };
    }
    let cards = plan
        .rooms
        .iter()
        .enumerate()
        .filter_map(|(l, room)| {
            let (now, next) = now_next(l);
            (now.is_some() || next.is_some()).then_some(Card {
                room: room.name.as_str(),
                now,
                next,
            })
        })
        .collect();
    let (running, next) = now_next(plenary);
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

    fn shown<'p>(plan: &'p Programme, expected: &'p Programme, outline: &'p Outline) -> Shown<'p> {
        Shown {
            plan,
            expected,
            outline,
            one_sequence: crate::live::applies(plan),
        }
    }

    /// The board as first written: every lane looked for through the whole day.
    fn walked<'p>(plan: &'p Programme, expected: &'p Programme, now: Instant) -> Board<'p> {
        let day = crate::timeline::day_at(expected, now);
        let pairs: Vec<(&Item, &Item)> = plan.days[day]
            .items
            .iter()
            .zip(&expected.days[day].items)
            .filter(|(_, e)| e.state != State::Cancelled)
            .collect();
        let slot = |(p, e): (&'p Item, &'p Item)| Slot {
            item: e,
            late: (e.start - p.start).num_minutes(),
        };
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

    /// The one pass from the outline's window finds what a walk through the whole day finds,
    /// every 7 minutes of a synthetic festival: as generated, with plenary items all day, and
    /// with a day's items moved out of start order and one cancelled.
    #[test]
    fn one_pass_finds_what_a_walk_through_the_day_finds() {
        let shape = crate::synthetic::Shape::new(600, 6, 2);
        let raw = crate::model::load_str(&crate::synthetic::yaml(shape), "s.yaml")
            .expect("valid")
            .programme;
        let mut plan = raw.clone();
        // Plenary items all day long: every lane has a next item, so the pass stops early.
        for day in &mut plan.days {
            for item in day.items.iter_mut().step_by(13) {
                item.room = None;
            }
        }
        let mut moved = plan.clone();
        for (n, item) in moved.days[1].items.iter_mut().enumerate().step_by(5) {
            let by = TimeDelta::minutes(i64::try_from(n % 17).expect("small"));
            item.start += by;
            item.end += by;
        }
        moved.days[1].items[40].state = State::Cancelled;
        // The synthetic day as it is (one plenary keynote a day), with plenary items all day,
        // and those moved.
        for (plan, expected) in [(&raw, &raw), (&plan, &plan), (&plan, &moved)] {
            let outline = Outline::of(expected);
            let mut t = plan.days[0].opens() - TimeDelta::minutes(30);
            while t < plan.days[1].closes() + TimeDelta::minutes(30) {
                assert_eq!(
                    board(shown(plan, expected, &outline), t),
                    walked(plan, expected, t),
                    "at {t}"
                );
                t += TimeDelta::minutes(7);
            }
        }
    }

    /// Expected times out of start order (a room's item moved past the next one): the pass
    /// looks at every item of the day, since one listed late may be running.
    #[test]
    fn a_day_out_of_start_order_is_looked_at_whole() {
        let plan = crate::model::load_str(
            "title: T\ntime_zone: Europe/Paris\ndate: 2022-07-01\nrooms: [A, B]\nitems:\n\
             - {title: X, room: A, start: 9h, end: 9h05}\n\
             - {title: B1, room: B, start: 9h05, end: 9h10}\n\
             - {title: P, start: 9h10, end: 9h15}\n\
             - {title: Y, room: A, start: 9h15, end: 9h20}\n",
            "t.yaml",
        )
        .expect("valid")
        .programme;
        let mut expected = plan.clone();
        for (item, (start, end)) in expected.days[0].items.iter_mut().zip([
            ((10, 30), (10, 45)),
            ((10, 40), (10, 50)),
            ((10, 50), (11, 0)),
            ((10, 0), (11, 0)),
        ]) {
            item.start = bundled_at(start.0, start.1);
            item.end = bundled_at(end.0, end.1);
        }
        let outline = Outline::of(&expected);
        let Board::Rooms { cards, plenary } =
            board(shown(&plan, &expected, &outline), bundled_at(10, 15))
        else {
            panic!("rooms")
        };
        assert_eq!(
            titles(cards[0].now.as_ref()),
            Some("Y"),
            "listed last, running"
        );
        assert_eq!(titles(cards[0].next.as_ref()), Some("X"));
        assert_eq!(titles(plenary.as_ref()), Some("P"));
    }

    fn titles<'p>(s: Option<&Slot<'p>>) -> Option<&'p str> {
        s.map(|s| s.item.title.as_str())
    }

    #[test]
    fn one_sequence_is_one_now_and_next_with_its_delay() {
        let plan = bundled_programme();
        let mut expected = plan.clone();
        expected.days[0].items[4].start += TimeDelta::minutes(4);
        let outline = Outline::of(&expected);
        let shown = shown(&plan, &expected, &outline);
        let Board::Single { now, next } = board(shown, bundled_at(11, 5)) else {
            panic!("one sequence")
        };
        assert_eq!(titles(now.as_ref()), Some("Pause"));
        assert_eq!(now.map(|s| s.late), Some(0));
        assert_eq!(next.as_ref().map(|s| s.late), Some(4));
    }

    #[test]
    fn parallel_rooms_get_a_card_each_while_they_have_something_left() {
        let p = parallel();
        let outline = Outline::of(&p);
        let Board::Rooms { cards, plenary } = board(shown(&p, &p, &outline), bundled_at(10, 15))
        else {
            panic!("rooms")
        };
        let rooms: Vec<&str> = cards.iter().map(|c| c.room).collect();
        assert_eq!(rooms, ["A", "B"], "C has nothing: no card");
        assert_eq!(titles(cards[0].now.as_ref()), Some("A1"));
        assert_eq!(titles(cards[0].next.as_ref()), Some("A2"));
        assert_eq!(titles(cards[1].now.as_ref()), Some("B2"));
        assert_eq!(titles(cards[1].next.as_ref()), None);
        assert_eq!(titles(plenary.as_ref()), Some("Closing"));
        let Board::Rooms { cards, .. } = board(shown(&p, &p, &outline), bundled_at(11, 30)) else {
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
