//! The programme as expected: a plan with the live records applied (one record for a programme
//! of one sequence, one per room for parallel rooms through [`super::rooms`]), through the delay
//! model. Reads records from their files; writes none.

use std::path::Path;

use super::{LiveError, Record, expected_all, room_records};
use crate::delay::{self, Forecast, Phase, Slot};
use crate::model::{Instant, Item, Programme, State};
use crate::timeline;

/// The programme with the expected times of the live records beside `file` (or at `record`,
/// `--live`): the one record of a one-sequence programme, every room's record of a programme
/// with parallel rooms. Records that cannot be read are returned as errors; the planned times
/// stand for them.
pub fn expected_from_files(
    plan: &Programme,
    file: Option<&Path>,
    record: &Path,
    now: Instant,
) -> (Programme, Vec<LiveError>) {
    if applies(plan) {
        match Record::read_for(record, plan, file) {
            Ok(Some(r)) => (expected(plan, &r, now).0, Vec::new()),
            Ok(None) => (plan.clone(), Vec::new()),
            Err(e) => (plan.clone(), vec![e]),
        }
    } else if let Some(file) = file {
        let (records, errors) = room_records(plan, file);
        (expected_all(plan, &records, now), errors)
    } else {
        (plan.clone(), Vec::new())
    }
}

/// Whether the delay model can follow this programme: one sequence of items, not parallel rooms
/// (the model runs items one after the other). Otherwise a record is not applied.
pub fn applies(plan: &Programme) -> bool {
    plan.days.iter().all(|day| {
        let mut rooms = day.items.iter().filter_map(|i| i.room.as_deref());
        let first = rooms.next();
        rooms.all(|r| Some(r) == first)
    })
}

/// The programme as expected at `now`: the plan with the record's expected times for the day of
/// `now`, and the delay model's view of that day.
pub fn expected(plan: &Programme, record: &Record, now: Instant) -> (Programme, Forecast) {
    let (day, forecast) = day_forecast(plan, record, now);
    let mut programme = plan.clone();
    apply(&mut programme, plan, day, &forecast);
    (programme, forecast)
}

/// The delay model's view of the day of `now` (returned with its index), from what had been
/// recorded by `now` (a replay with `--at` must not see the future).
pub fn day_forecast(plan: &Programme, record: &Record, now: Instant) -> (usize, Forecast) {
    let day = timeline::day_at(plan, now);
    let actuals = record.actuals_by(plan, &plan.days[day], now);
    let forecast = delay::forecast(&plan.days[day].items, &actuals, record.since, now);
    (day, forecast)
}

/// Writes a day's expected times into `programme`, a copy of `plan` with the same items
/// (whatever an earlier call wrote into it).
pub fn apply(programme: &mut Programme, plan: &Programme, day: usize, forecast: &Forecast) {
    let items = programme.days[day].items.iter_mut();
    for ((item, planned), slot) in items.zip(&plan.days[day].items).zip(&forecast.slots) {
        write_slot(item, planned, slot);
    }
}

/// One item as expected. An item that takes no time keeps its planned times, never a zero
/// length (a view would say "12:32–12:32"): a skipped one is marked [`State::Skipped`], so that
/// every view says so and none counts it as now or next.
pub(super) fn write_slot(item: &mut Item, planned: &Item, slot: &Slot) {
    match slot.phase {
        Phase::Skipped => {
            item.start = planned.start;
            item.end = planned.end;
            item.state = State::Skipped;
        }
        Phase::Cancelled => {
            item.start = planned.start;
            item.end = planned.end;
            item.state = planned.state;
        }
        Phase::Done | Phase::Running | Phase::Upcoming => {
            item.start = slot.start;
            item.end = slot.end;
            item.state = planned.state;
        }
    }
}
