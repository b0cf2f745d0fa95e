//! The placement of a day's items in sequence and the shortening that keeps hard starts: the
//! mechanics behind [`super::forecast`]. Pure, like the rest of the delay model.

use chrono::TimeDelta;

use super::{Actual, Phase, Slot, minimum, seconds, takes_time};
use crate::model::{Instant, Item, State};

pub(super) struct Plan<'a> {
    pub(super) items: &'a [Item],
    pub(super) actuals: &'a [Actual],
    /// Seconds each item lasts, with the facilitator's adjustments.
    pub(super) lengths: &'a [i64],
    pub(super) since: Instant,
    pub(super) now: Instant,
}

impl Plan<'_> {
    /// Places every item in sequence, with the given cuts. `phases` are the phases at `now`
    /// without cuts (cuts never change them: an upcoming item cut to nothing is skipped, a
    /// running one stays running); with `on_target`, the running item ends on its target even
    /// when it is overrunning, and the upcoming items follow it.
    #[allow(clippy::too_many_lines)]
    pub(super) fn place(
        &self,
        cut: &[i64],
        phases: Option<&[Phase]>,
        on_target: bool,
    ) -> Vec<Slot> {
        let (items, now) = (self.items, self.now);
        let mut slots = Vec::with_capacity(items.len());
        // The end of everything placed so far, and of what is already fact (done or running).
        let mut cursor: Option<Instant> = None;
        let mut committed: Option<Instant> = None;
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
            if a.skipped {
                continue;
            }
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
                    lapsed: false,
                });
                continue;
            }
            let length = self.lengths[i] - cut[i];
            let squeezed = length <= 0 && phases.is_some_and(|p| p[i] == Phase::Upcoming);
            if a.skipped || squeezed {
                let at = cursor.map_or(item.start, |c| c.max(item.start));
                slots.push(Slot {
                    start: at,
                    end: at,
                    phase: Phase::Skipped,
                    target_end: at,
                    shortened: cut[i],
                    lapsed: false,
                });
                continue;
            }
            let untracked = a.start.is_none() && a.end.is_none() && item.end <= self.since;
            let start = if untracked {
                item.start
            } else if let Some(s) = a.start {
                s
            } else if item.hard_start {
                committed.map_or(item.start, |c| c.max(item.start))
            } else {
                cursor.map_or(item.start, |c| c.max(item.start))
            };
            if a.start.is_none() && a.end.is_none() && later_fact[i].is_some_and(|f| f <= start) {
                // Something later happened before this one could begin: it was passed over.
                let at = later_fact[i].unwrap_or(start);
                slots.push(Slot {
                    start: at,
                    end: at,
                    phase: Phase::Skipped,
                    target_end: at,
                    shortened: 0,
                    lapsed: false,
                });
                continue;
            }
            let target_end = if untracked {
                item.end
            } else {
                start + TimeDelta::seconds(length)
            };
            let done_or_running = |end: Instant| {
                if end <= now {
                    Phase::Done
                } else {
                    Phase::Running
                }
            };
            let forced = phases.filter(|_| on_target).map(|p| p[i]);
            // An overrun nobody recorded, long past: see `Slot::lapsed`.
            let lapsed = !untracked
                && a.start.is_none()
                && a.end.is_none()
                && a.extra_minutes == 0
                && now >= target_end + self.next_length(i);
            let mut has_lapsed = false;
            let (end, phase) = if untracked {
                (item.end, done_or_running(item.end))
            } else if let Some(e) = a.end {
                (e, done_or_running(e))
            } else if forced == Some(Phase::Upcoming) {
                (target_end, Phase::Upcoming)
            } else if let Some(f) = later_fact[i].filter(|_| start <= now) {
                // Something later was recorded: this one was over by then.
                let end = target_end.min(f).max(start);
                (end, done_or_running(end))
            } else if start <= now && (day_over || lapsed) {
                has_lapsed = !day_over;
                (target_end, done_or_running(target_end))
            } else if start <= now && forced.is_some() {
                (target_end, Phase::Running)
            } else if start <= now {
                // Started (recorded, or assumed on time): runs until someone ends it.
                (target_end.max(now + second), Phase::Running)
            } else {
                (target_end, Phase::Upcoming)
            };
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
                lapsed: has_lapsed,
            });
        }
        slots
    }

    /// The planned length of the item after `i` that takes place (else of `i` itself).
    fn next_length(&self, i: usize) -> TimeDelta {
        let items = self.items;
        (i + 1..items.len())
            .find(|&j| items[j].state != State::Cancelled && !self.actuals[j].skipped)
            .map_or(items[i].end - items[i].start, |j| {
                items[j].end - items[j].start
            })
    }

    /// The first item that may be shortened for hard start `h`: the one after the last item
    /// that is over. An earlier hard start's item may be shortened too (its start holds, not
    /// its length), whether it is running or not yet: the same cut either way.
    pub(super) fn first_candidate(h: usize, phases: &[Phase]) -> usize {
        (0..h)
            .rev()
            .find(|&j| phases[j] == Phase::Done)
            .map_or(0, |j| j + 1)
    }

    /// Shortens the items before hard start `h` until they end by its planned start: first
    /// down to their minimums (pauses first, the latest first), then beyond (the latest first).
    /// With `on_target`, the running item is a candidate and ends on its target; else only the
    /// upcoming items are, and the running item's overrun counts.
    pub(super) fn absorb(&self, h: usize, cut: &mut [i64], phases: &[Phase], on_target: bool) {
        let items = self.items;
        let place = |cut: &[i64]| self.place(cut, Some(phases), on_target);
        let hard_start = items[h].start;
        let first = Self::first_candidate(h, phases);
        let placed = place(cut);
        // The running item, when it started before the hard start (else shortening it cannot
        // keep it), and the upcoming ones.
        let is_candidate = |j: &usize| match phases[*j] {
            Phase::Upcoming => true,
            Phase::Running => on_target && placed[*j].start < hard_start,
            _ => false,
        };
        let pauses = (first..h)
            .rev()
            .filter(is_candidate)
            .filter(|&j| items[j].kind.is_pause());
        let others = (first..h)
            .rev()
            .filter(is_candidate)
            .filter(|&j| !items[j].kind.is_pause());
        let beyond = (first..h).rev().filter(is_candidate);
        let order: Vec<(usize, bool)> = pauses
            .chain(others)
            .map(|j| (j, false))
            .chain(beyond.map(|j| (j, true)))
            .collect();
        let overflow = |slots: &[Slot]| {
            slots[..h]
                .iter()
                .filter(|s| takes_time(s.phase))
                .map(|s| seconds(s.end - hard_start))
                .max()
                .unwrap_or(0)
                .max(0)
        };
        let mut need = overflow(&placed);
        for (j, beyond_minimum) in order {
            if need == 0 {
                break;
            }
            let floor = if beyond_minimum {
                0
            } else {
                minimum(&items[j], self.lengths[j])
            };
            let take = (self.lengths[j] - cut[j] - floor).min(need).max(0);
            if take == 0 {
                continue;
            }
            cut[j] += take;
            let left = overflow(&place(cut));
            // Only what brings the day closer to the hard start is taken (a gap after the item
            // would swallow the rest).
            let gained = (need - left).clamp(0, take);
            cut[j] -= take - gained;
            need = if gained == take {
                left
            } else {
                overflow(&place(cut))
            };
        }
    }
}
