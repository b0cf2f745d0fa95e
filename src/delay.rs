//! The delay model: from the planned programme and what actually happened, the expected times
//! of everything else.
//!
//! Pure: the day's items, the recorded actuals and `now` in; expected times out. Rules:
//! - an item starts when planned, or when the one before it ends if that is later;
//! - an item runs until it is ended (by a recorded end, or by the next item's recorded start):
//!   while it overruns, its expected end is "now", and it pushes everything after it; an item
//!   followed by recorded facts (a later start or end) is over, as planned or when they began;
//! - items planned to end before tracking began (`since`) are taken as they were planned;
//! - a `hard_start` item keeps its planned start: what comes before it is shortened down to each
//!   item's minimum (pauses first, the latest first), and what cannot be absorbed is reported as
//!   lost;
//! - cancelled items take no time.
//!
//! The day is modelled as one sequence (a one-room day, or the plenary thread of a conference).

use chrono::TimeDelta;

use crate::model::{Instant, Item, State};

/// What was recorded for one item.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Actual {
    pub start: Option<Instant>,
    pub end: Option<Instant>,
    /// Minutes added (or removed, when negative) to the item's length by the facilitator.
    pub extra_minutes: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Done,
    Running,
    Upcoming,
    Cancelled,
}

/// The expected times of one item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    pub start: Instant,
    pub end: Instant,
    pub phase: Phase,
    /// The end the item is aiming for: its start plus its (adjusted) length. Before it, the
    /// countdown; after it, overtime.
    pub target_end: Instant,
    /// Seconds taken off the item to protect a hard start.
    pub shortened: i64,
}

/// Where the day stands against the next hard start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HardStart {
    /// Index of the hard-start item in the day.
    pub index: usize,
    /// Seconds of further delay the items before it can still absorb.
    pub recoverable: i64,
    /// Seconds that cannot be absorbed: the items before it will have to lose them.
    pub lost: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Forecast {
    /// One slot per item of the day, in the day's order.
    pub slots: Vec<Slot>,
    /// Seconds the next item to start is expected late (negative: early).
    pub delay: i64,
    /// When the last item is expected to end.
    pub projected_end: Instant,
    /// The next hard start not yet reached, if any.
    pub next_hard: Option<HardStart>,
}

impl Forecast {
    /// The delay as every view says it, in whole minutes: under a minute is on time (0), beyond
    /// that rounded to the nearest minute.
    pub fn delay_minutes(&self) -> i64 {
        if self.delay.abs() < 60 {
            0
        } else {
            (self.delay as f64 / 60.0).round() as i64
        }
    }

    /// The running item, if any.
    pub fn running(&self) -> Option<usize> {
        self.slots.iter().position(|s| s.phase == Phase::Running)
    }

    /// The next item to start, if any.
    pub fn upcoming(&self) -> Option<usize> {
        self.slots.iter().position(|s| s.phase == Phase::Upcoming)
    }
}

fn seconds(d: TimeDelta) -> i64 {
    d.num_seconds()
}

/// How short an item may become: its `min_duration`, else half of it for pauses, else all of it.
fn minimum(item: &Item, length: i64) -> i64 {
    match item.min_duration {
        Some(m) => (i64::from(m) * 60).min(length),
        None if item.kind.is_pause() => (length / 2 / 60 * 60).max(60).min(length),
        None => length,
    }
}

/// Computes the expected times of `items` (one day, sorted) given `actuals` (one per item).
pub fn forecast(items: &[Item], actuals: &[Actual], since: Instant, now: Instant) -> Forecast {
    let lengths: Vec<i64> = items
        .iter()
        .zip(actuals)
        .map(|(item, a)| (seconds(item.end - item.start) + a.extra_minutes * 60).max(60))
        .collect();
    let plan = Plan {
        items,
        actuals,
        lengths: &lengths,
        since,
        now,
    };
    let mut cut = vec![0i64; items.len()];
    let mut next_hard = None;
    for h in (0..items.len()).filter(|&h| items[h].hard_start) {
        let report = plan.absorb(h, &mut cut);
        if next_hard.is_none() {
            next_hard = report;
        }
    }
    let slots = plan.place(&cut, true);
    if let Some(hard) = &mut next_hard
        && hard.lost == 0
    {
        // Slack left before the hard start counts as recoverable too.
        let reach = slots[..hard.index]
            .iter()
            .filter(|s| s.phase != Phase::Cancelled)
            .map(|s| s.end)
            .max();
        let slack = reach
            .map_or(0, |e| seconds(items[hard.index].start - e))
            .max(0);
        hard.recoverable += slack;
    }
    let upcoming = slots
        .iter()
        .zip(items)
        .find(|(s, _)| s.phase == Phase::Upcoming);
    let delay = match upcoming {
        Some((slot, item)) => seconds(slot.start - item.start),
        None => slots
            .iter()
            .zip(items)
            .rfind(|(s, _)| s.phase != Phase::Cancelled)
            .map_or(0, |(s, i)| seconds(s.end - i.end)),
    };
    let projected_end = slots
        .iter()
        .filter(|s| s.phase != Phase::Cancelled)
        .map(|s| s.end)
        .max()
        .unwrap_or(now);
    Forecast {
        slots,
        delay,
        projected_end,
        next_hard,
    }
}

struct Plan<'a> {
    items: &'a [Item],
    actuals: &'a [Actual],
    /// Seconds each item lasts, with the facilitator's adjustments.
    lengths: &'a [i64],
    since: Instant,
    now: Instant,
}

impl Plan<'_> {
    /// Places every item in sequence, with the given cuts. With `clip`, upcoming items are cut
    /// at the start of the hard-start item that follows them.
    fn place(&self, cut: &[i64], clip: bool) -> Vec<Slot> {
        let (items, now) = (self.items, self.now);
        let mut slots = Vec::with_capacity(items.len());
        // The end of everything placed so far, and of what is already fact (done or running).
        let mut cursor: Option<Instant> = None;
        let mut committed: Option<Instant> = None;
        let mut next_hard: Option<usize> = None;
        let second = TimeDelta::seconds(1);
        // An hour after the planned end of the day, nobody is still recording: items not ended
        // are taken to have ended when they aimed to.
        let day_over = items
            .iter()
            .map(|i| i.end)
            .max()
            .is_some_and(|end| now >= end + TimeDelta::hours(1));
        // The first recorded fact after each item: once something later happened, it is over.
        let mut later_fact: Vec<Option<Instant>> = vec![None; items.len()];
        let mut fact: Option<Instant> = None;
        for i in (0..items.len()).rev() {
            later_fact[i] = fact;
            let a = self.actuals[i];
            for t in [a.start, a.end].into_iter().flatten() {
                fact = Some(fact.map_or(t, |f| f.min(t)));
            }
        }
        for (i, item) in items.iter().enumerate() {
            let a = self.actuals[i];
            if item.state == State::Cancelled {
                slots.push(Slot {
                    start: item.start,
                    end: item.start,
                    phase: Phase::Cancelled,
                    target_end: item.start,
                    shortened: 0,
                });
                continue;
            }
            if next_hard.is_none_or(|h| h <= i) {
                next_hard = (i + 1..items.len())
                    .find(|&h| items[h].hard_start && items[h].state != State::Cancelled);
            }
            let untracked = a.start.is_none() && a.end.is_none() && item.end <= self.since;
            let length = TimeDelta::seconds(self.lengths[i] - cut[i]);
            let mut start = if untracked {
                item.start
            } else if let Some(s) = a.start {
                s
            } else if item.hard_start {
                committed.map_or(item.start, |c| c.max(item.start))
            } else {
                cursor.map_or(item.start, |c| c.max(item.start))
            };
            let target_end = if untracked { item.end } else { start + length };
            let (mut end, phase) = if untracked {
                let phase = if item.end <= now {
                    Phase::Done
                } else {
                    Phase::Running
                };
                (item.end, phase)
            } else if let Some(e) = a.end {
                (
                    e,
                    if e <= now {
                        Phase::Done
                    } else {
                        Phase::Running
                    },
                )
            } else if let Some(f) = later_fact[i].filter(|_| start <= now) {
                // Something later was recorded: this one was over by then.
                let end = target_end.min(f).max(start);
                (
                    end,
                    if end <= now {
                        Phase::Done
                    } else {
                        Phase::Running
                    },
                )
            } else if start <= now && day_over {
                (
                    target_end,
                    if target_end <= now {
                        Phase::Done
                    } else {
                        Phase::Running
                    },
                )
            } else if start <= now {
                // Started (recorded, or assumed on time): runs until someone ends it.
                (target_end.max(now + second), Phase::Running)
            } else {
                (target_end, Phase::Upcoming)
            };
            if clip
                && phase == Phase::Upcoming
                && !item.hard_start
                && let Some(h) = next_hard
            {
                let limit = committed.map_or(items[h].start, |c| c.max(items[h].start));
                start = start.min(limit);
                end = end.min(limit);
            }
            if phase != Phase::Upcoming {
                committed = Some(committed.map_or(end, |c| c.max(end)));
            }
            cursor = if item.hard_start {
                // The hard start holds: what overflowed before it does not push what follows.
                Some(committed.map_or(end, |c| c.max(end)))
            } else {
                Some(cursor.map_or(end, |c| c.max(end)))
            };
            slots.push(Slot {
                start,
                end,
                phase,
                target_end,
                shortened: cut[i],
            });
        }
        slots
    }

    /// Shortens the upcoming items before hard start `h` (pauses first, the latest first) until
    /// they end by its planned start. Reports the budget left and what cannot be absorbed.
    fn absorb(&self, h: usize, cut: &mut [i64]) -> Option<HardStart> {
        let items = self.items;
        let mut slots = self.place(cut, false);
        if items[h].state == State::Cancelled || slots[h].phase != Phase::Upcoming {
            return None;
        }
        let hard_start = slots[h].start;
        let first = (0..h)
            .rev()
            .find(|&j| slots[j].phase != Phase::Upcoming || items[j].hard_start)
            .map_or(0, |j| j + 1);
        let upcoming = |j: &usize| slots[*j].phase == Phase::Upcoming;
        let mut candidates: Vec<usize> = (first..h)
            .filter(|&j| items[j].kind.is_pause())
            .filter(upcoming)
            .rev()
            .collect();
        candidates.extend(
            (first..h)
                .filter(|&j| !items[j].kind.is_pause())
                .filter(upcoming)
                .rev(),
        );
        let overflow = |slots: &[Slot]| {
            slots[..h]
                .iter()
                .filter(|s| s.phase != Phase::Cancelled)
                .map(|s| seconds(s.end - hard_start))
                .max()
                .unwrap_or(0)
                .max(0)
        };
        let room =
            |j: usize, cut: &[i64]| self.lengths[j] - cut[j] - minimum(&items[j], self.lengths[j]);
        for &j in &candidates {
            let need = overflow(&slots);
            if need == 0 {
                break;
            }
            let take = room(j, cut).min(need).max(0);
            if take > 0 {
                cut[j] += take;
                slots = self.place(cut, false);
            }
        }
        let lost = overflow(&slots);
        let budget = candidates.iter().map(|&j| room(j, cut)).sum();
        Some(HardStart {
            index: h,
            recoverable: if lost > 0 { 0 } else { budget },
            lost,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Programme, load_str};
    use chrono::{NaiveDateTime, TimeZone};

    fn bluehats(hard_lunch: bool) -> Programme {
        let mut p = load_str(crate::BUNDLED, "bundled")
            .expect("valid")
            .programme;
        p.days[0].items[6].hard_start = hard_lunch;
        p
    }

    fn t(p: &Programme, hm: &str) -> Instant {
        let naive = NaiveDateTime::parse_from_str(&format!("2022-07-01 {hm}"), "%Y-%m-%d %H:%M:%S")
            .expect("test time");
        p.tz.from_local_datetime(&naive)
            .earliest()
            .expect("exists")
            .to_utc()
    }

    fn hm(p: &Programme, at: Instant) -> String {
        at.with_timezone(&p.tz).format("%H:%M").to_string()
    }

    /// Expected start of each item, as `HH:MM`.
    fn starts(p: &Programme, f: &Forecast) -> Vec<String> {
        f.slots.iter().map(|s| hm(p, s.start)).collect()
    }

    const INVENTAIRE: usize = 2;
    const PAUSE: usize = 3;
    const RETOURS: usize = 4;
    const ECHANGES: usize = 5;
    const LUNCH: usize = 6;

    fn run(p: &Programme, actuals: &[(usize, Actual)], now: &str) -> Forecast {
        let mut all = vec![Actual::default(); p.days[0].items.len()];
        for (i, a) in actuals {
            all[*i] = *a;
        }
        // Tracking began when the morning's third item started.
        forecast(&p.days[0].items, &all, t(p, "10:15:00"), t(p, now))
    }

    #[test]
    fn on_time_the_forecast_is_the_plan() {
        let p = bluehats(true);
        let f = run(&p, &[], "10:30:00");
        let planned: Vec<String> = p.days[0].items.iter().map(|i| hm(&p, i.start)).collect();
        assert_eq!(starts(&p, &f), planned);
        assert_eq!(f.delay, 0);
        assert_eq!(hm(&p, f.projected_end), "18:00");
        assert_eq!(f.running(), Some(INVENTAIRE));
        let hard = f.next_hard.expect("lunch is a hard start");
        assert_eq!(hard.index, LUNCH);
        assert_eq!(hard.lost, 0);
        // The 15-minute pause can give 8 of its minutes (down to 7).
        assert_eq!(hard.recoverable, 8 * 60);
    }

    #[test]
    fn an_overrun_moves_everything_after_it_without_a_hard_start() {
        let p = bluehats(false);
        let overrun = Actual {
            start: Some(t(&p, "10:15:00")),
            end: None,
            extra_minutes: 10,
        };
        let f = run(&p, &[(INVENTAIRE, overrun)], "10:50:00");
        assert_eq!(hm(&p, f.slots[INVENTAIRE].target_end), "11:10");
        assert_eq!(
            starts(&p, &f)[PAUSE..=LUNCH],
            ["11:10", "11:25", "11:55", "12:40"]
        );
        assert_eq!(f.delay, 10 * 60);
        assert_eq!(hm(&p, f.projected_end), "18:10");
        assert!(f.next_hard.is_none());
    }

    #[test]
    fn a_hard_start_lunch_keeps_its_time_when_the_budget_allows() {
        let mut p = bluehats(true);
        p.days[0].items[ECHANGES].min_duration = Some(30);
        let overrun = Actual {
            start: Some(t(&p, "10:15:00")),
            end: None,
            extra_minutes: 10,
        };
        let f = run(&p, &[(INVENTAIRE, overrun)], "10:50:00");
        // The pause gives 8 minutes (pauses first), the discussion the 2 still missing.
        assert_eq!(
            starts(&p, &f)[PAUSE..=LUNCH],
            ["11:10", "11:17", "11:47", "12:30"]
        );
        assert_eq!(f.slots[PAUSE].shortened, 8 * 60);
        assert_eq!(f.slots[ECHANGES].shortened, 2 * 60);
        assert_eq!(f.slots[RETOURS].shortened, 0);
        let hard = f.next_hard.expect("lunch");
        assert_eq!((hard.lost, hard.recoverable), (0, 13 * 60));
        assert_eq!(
            hm(&p, f.projected_end),
            "18:00",
            "the afternoon is untouched"
        );
        assert_eq!(f.delay, 10 * 60, "the pause itself starts 10 minutes late");
    }

    #[test]
    fn what_cannot_be_absorbed_is_reported_lost() {
        let p = bluehats(true);
        let overrun = Actual {
            start: Some(t(&p, "10:15:00")),
            end: None,
            extra_minutes: 30,
        };
        let f = run(&p, &[(INVENTAIRE, overrun)], "10:50:00");
        let hard = f.next_hard.expect("lunch");
        assert_eq!(hard.lost, 22 * 60, "30 late, the pause absorbs 8");
        assert_eq!(hard.recoverable, 0);
        assert_eq!(hm(&p, f.slots[LUNCH].start), "12:30");
        assert_eq!(
            hm(&p, f.slots[ECHANGES].end),
            "12:30",
            "cut at the hard start"
        );
    }

    #[test]
    fn a_running_item_nobody_ends_runs_over_and_pushes_the_rest() {
        let p = bluehats(false);
        let f = run(&p, &[], "11:05:00");
        assert_eq!(f.running(), Some(INVENTAIRE));
        assert_eq!(hm(&p, f.slots[INVENTAIRE].target_end), "11:00");
        assert_eq!(f.slots[INVENTAIRE].end, t(&p, "11:05:01"));
        assert_eq!(f.delay, 5 * 60 + 1);
    }

    #[test]
    fn recorded_starts_and_ends_are_facts() {
        let p = bluehats(false);
        let ended_early = Actual {
            start: None,
            end: Some(t(&p, "10:55:00")),
            extra_minutes: 0,
        };
        let pause = Actual {
            start: Some(t(&p, "10:55:00")),
            end: None,
            extra_minutes: 0,
        };
        let f = run(&p, &[(INVENTAIRE, ended_early), (PAUSE, pause)], "11:00:00");
        assert_eq!(f.running(), Some(PAUSE));
        assert_eq!(hm(&p, f.slots[PAUSE].target_end), "11:10");
        // Nothing starts before its planned time.
        assert_eq!(hm(&p, f.slots[RETOURS].start), "11:15");
        assert_eq!(f.delay, 0);
    }

    #[test]
    fn cancelled_items_take_no_time() {
        let mut p = bluehats(false);
        p.days[0].items[PAUSE].state = State::Cancelled;
        let overrun = Actual {
            start: Some(t(&p, "10:15:00")),
            end: None,
            extra_minutes: 10,
        };
        let f = run(&p, &[(INVENTAIRE, overrun)], "10:50:00");
        assert_eq!(f.slots[PAUSE].phase, Phase::Cancelled);
        assert_eq!(
            hm(&p, f.slots[RETOURS].start),
            "11:15",
            "the cancelled pause absorbs it"
        );
        assert_eq!(f.delay, 0);
    }

    #[test]
    fn items_before_tracking_began_are_taken_as_planned() {
        let p = bluehats(false);
        let items = &p.days[0].items;
        let actuals = vec![Actual::default(); items.len()];
        let f = forecast(items, &actuals, t(&p, "14:10:00"), t(&p, "14:20:00"));
        assert!(f.slots[..7].iter().all(|s| s.phase == Phase::Done));
        assert_eq!(f.running(), Some(7));
        assert_eq!(f.delay, 0);
    }
}
