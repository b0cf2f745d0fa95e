//! Ends for events that give none, and extra rooms for events that overlap in their room.

use std::cmp::Reverse;
use std::collections::{BTreeSet, BinaryHeap, HashMap, HashSet};

use chrono::Duration;
use chrono_tz::Tz;

use super::super::Warnings;
use super::{NO_ROOM, Placed};
use crate::model::{Instant, State};

/// How long an event with no end lasts when nothing follows it in its room (cut at the end of
/// its event day).
pub(super) const OPEN_END_MINUTES: i64 = 60;

/// Items with no usable end end when the next item of their room (or any item, for one with no
/// room) starts, as in a hand-written programme; those that nothing follows last
/// [`OPEN_END_MINUTES`], cut at `day_end`. Either way the description says that the end was not
/// given, so that the details do not present a guess as the publisher's word. Nothing is left
/// out: at one real conference the events without an end were the dinner, the party and the
/// evening session.
pub(super) fn close_open_ends(items: &mut [Placed], day_end: Instant, tz: Tz, w: &mut Warnings) {
    for i in 0..items.len() {
        if items[i].end.is_some() {
            continue;
        }
        let next = items[i + 1..]
            .iter()
            .filter(|n| n.start > items[i].start)
            .find(|n| n.room.is_none() || items[i].room.is_none() || n.room == items[i].room)
            .map(|n| (n.start, n.ev.title.clone()));
        let p = &mut items[i];
        let hhmm = |t: Instant| t.with_timezone(&tz).format("%H:%M").to_string();
        let (end, how) = match next {
            Some((start, title)) => (
                start,
                format!("it ends when «{title}» starts, at {}", hhmm(start)),
            ),
            None => {
                let end = (p.start + Duration::minutes(OPEN_END_MINUTES)).min(day_end);
                (
                    end,
                    format!(
                        "nothing follows it in its room that day: it is given {} min, until {}",
                        (end - p.start).num_minutes(),
                        hhmm(end)
                    ),
                )
            }
        };
        w.push(
            "open end",
            p.ev.at,
            Some(&p.ev.subject),
            format!("{}: {how}", p.open),
        );
        let note = format!("End not given in the schedule: shown until {}.", hhmm(end));
        p.ev.description = Some(match p.ev.description.take() {
            Some(d) => format!("{d}\n\n{note}"),
            None => note,
        });
        p.end = Some(end);
    }
}

/// The lanes of one room during a day.
struct RoomLanes {
    /// Per lane: when it is free again, and the item in it.
    lanes: Vec<(Instant, usize)>,
    busy: BinaryHeap<Reverse<(Instant, usize)>>,
    free: BTreeSet<usize>,
}

/// Extra rooms for items that overlap in their room (`Janson (overlap)`), so that both keep their
/// published times in a valid programme.
#[derive(Default)]
pub(super) struct Lanes {
    /// Room → its extra rooms, in order.
    pub(super) extra: HashMap<String, Vec<String>>,
    names: HashSet<String>,
}

impl Lanes {
    /// Gives a room to plenary items that overlap others, and extra rooms to items that overlap
    /// in their room. `items` are sorted by start; cancelled items are left as they are (deroule
    /// does not check them for overlaps).
    pub(super) fn separate(&mut self, items: &mut [Placed], tz: Tz, w: &mut Warnings) {
        let live: Vec<usize> = (0..items.len())
            .filter(|&i| items[i].ev.state != State::Cancelled)
            .collect();
        let end = |p: &Placed| p.end.unwrap_or(p.start);
        for p in items.iter() {
            if let Some(r) = &p.room {
                self.names.insert(r.clone());
            }
        }
        // An item with no room is for everyone: when it overlaps another, give it a room. In
        // start order, an item overlaps an earlier one when the latest end so far is after its
        // start, and a later one when the next start is before its end.
        let mut latest: Option<(Instant, usize)> = None;
        let mut conflicts: Vec<(usize, usize)> = Vec::new();
        for (k, &i) in live.iter().enumerate() {
            if items[i].room.is_none() {
                let before = latest.filter(|(e, _)| *e > items[i].start).map(|(_, j)| j);
                let after = live
                    .get(k + 1)
                    .filter(|&&j| items[j].start < end(&items[i]))
                    .copied();
                if let Some(j) = before.or(after) {
                    conflicts.push((i, j));
                }
            }
            if latest.is_none_or(|(e, _)| end(&items[i]) > e) {
                latest = Some((end(&items[i]), i));
            }
        }
        for (i, j) in conflicts {
            let other = items[j].ev.title.clone();
            items[i].room = Some(NO_ROOM.to_owned());
            self.names.insert(NO_ROOM.to_owned());
            w.push(
                "overlap",
                items[i].ev.at,
                Some(&items[i].ev.subject),
                format!(
                    "has no room (it would be for everyone) and overlaps «{other}»: given the \
                     room «{NO_ROOM}»"
                ),
            );
        }
        // Lanes per room, lane 0 being the room itself: each item takes the first free lane.
        let mut rooms: HashMap<String, RoomLanes> = HashMap::new();
        for &i in &live {
            let Some(room) = items[i].room.clone() else {
                continue;
            };
            let (start, until) = (items[i].start, end(&items[i]));
            let r = rooms.entry(room.clone()).or_insert_with(|| RoomLanes {
                lanes: Vec::new(),
                busy: BinaryHeap::new(),
                free: BTreeSet::new(),
            });
            while let Some(Reverse((free_at, lane))) = r.busy.peek().copied() {
                if free_at > start {
                    break;
                }
                r.busy.pop();
                r.free.insert(lane);
            }
            let lane = match r.free.pop_first() {
                Some(lane) => {
                    r.lanes[lane] = (until, i);
                    lane
                }
                None => {
                    r.lanes.push((until, i));
                    r.lanes.len() - 1
                }
            };
            r.busy.push(Reverse((until, lane)));
            if lane == 0 {
                continue;
            }
            let (first_until, first) = r.lanes[0];
            let other = items[first].ev.title.clone();
            let extra = self.lane(&room, lane);
            w.push(
                "overlap",
                items[i].ev.at,
                Some(&items[i].ev.subject),
                format!(
                    "overlaps «{other}» (until {}) in room «{room}»: kept at its time, in the \
                     extra room «{extra}»",
                    first_until.with_timezone(&tz).format("%H:%M")
                ),
            );
            items[i].room = Some(extra);
        }
    }

    /// The name of lane `k` (1 and up) of `room`.
    fn lane(&mut self, room: &str, k: usize) -> String {
        let known = self.extra.entry(room.to_owned()).or_default();
        while known.len() < k {
            let mut n = known.len() + 1;
            let name = loop {
                // Named as what they are, not like a real room (`Janson (2)` would read as one).
                let candidate = if n == 1 {
                    format!("{room} (overlap)")
                } else {
                    format!("{room} (overlap {n})")
                };
                if !self.names.contains(&candidate) {
                    break candidate;
                }
                n += 1;
            };
            self.names.insert(name.clone());
            known.push(name);
        }
        known[k - 1].clone()
    }
}
