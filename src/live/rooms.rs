//! Parallel rooms: one record per room (`FILE.<room>.live.yaml`, one facilitator each; the file
//! names are in [`super::paths`]), each moving its own room's items only.

use std::path::Path;

use crate::delay::{self, Forecast};
use crate::model::{Instant, Item, Programme};
use crate::timeline;

use super::expected::write_slot;
use super::{LiveError, Record, room_sidecar_for};

/// The records of every room of `plan` found beside its file (`FILE.<room>.live.yaml`), with
/// their room; records that cannot be read are given as errors, the others still apply.
pub fn room_records(plan: &Programme, file: &Path) -> (Vec<(String, Record)>, Vec<LiveError>) {
    let (mut found, mut errors) = (Vec::new(), Vec::new());
    for room in &plan.rooms {
        match Record::read_for(&room_sidecar_for(file, &room.name, false), plan, Some(file)) {
            Ok(Some(record)) => found.push((room.name.clone(), record)),
            Ok(None) => {}
            Err(e) => errors.push(e),
        }
    }
    (found, errors)
}

/// One room's sequence on the day of `now` (its items and the plenary ones, in the day's order)
/// with `record` applied: the day's index, the indices of the sequence's items in that day, and
/// the forecast over them. `None` when `now` falls on no day of `plan`.
pub fn room_forecast(
    plan: &Programme,
    room: &str,
    record: &Record,
    now: Instant,
) -> Option<(usize, Vec<usize>, Forecast)> {
    let day = timeline::day_at(plan, now);
    let day_plan = plan.days.get(day)?;
    let indices: Vec<usize> = day_plan
        .items
        .iter()
        .enumerate()
        .filter(|(_, i)| i.room.as_deref().is_none_or(|r| r == room))
        .map(|(n, _)| n)
        .collect();
    // Only the sequence's items are copied (a FOSDEM day has 500 items and 35 rooms).
    let sequence: Vec<Item> = indices.iter().map(|&n| day_plan.items[n].clone()).collect();
    let actuals = record.actuals_of(plan, &sequence, now);
    let forecast = delay::forecast(&sequence, &actuals, record.since, now);
    Some((day, indices, forecast))
}

/// The programme as expected at `now` with every room's record applied: each record moves
/// its room's items only (the delay model runs over the room's sequence, plenary items
/// included as fixed points of that sequence, but they are not moved by a room), so one
/// room's record never changes another room's items. For the attendee views, the grid, `now`,
/// `agenda`, `report` and the served page.
pub fn expected_all(plan: &Programme, records: &[(String, Record)], now: Instant) -> Programme {
    let mut programme = plan.clone();
    apply_rooms(&mut programme, plan, records, now);
    programme
}

/// One room's forecast on the day of `now`, as [`apply_rooms`] wrote it: the room, the day,
/// the indices in that day of the room's sequence (its items and the plenary ones), and the
/// delay model's slots over them.
#[derive(Debug, Clone, PartialEq)]
pub struct RoomForecast {
    pub room: String,
    pub day: usize,
    pub indices: Vec<usize>,
    pub forecast: Forecast,
}

impl RoomForecast {
    /// The slot of item `index` of the day, when it is one of the room's own items.
    pub fn slot(&self, index: usize) -> Option<&delay::Slot> {
        let at = self.indices.iter().position(|&n| n == index)?;
        self.forecast.slots.get(at)
    }
}

/// Writes every room's expected times at `now` into `programme` (the plan, or the plan with
/// other days patched) and returns each room's forecast, in the records' order: the days they
/// name are the only ones where it may differ from the plan. What the attendee view renews each
/// second instead of a whole copy.
pub fn apply_rooms(
    programme: &mut Programme,
    plan: &Programme,
    records: &[(String, Record)],
    now: Instant,
) -> Vec<RoomForecast> {
    let mut applied = Vec::new();
    for (room, record) in records {
        let Some((day, indices, forecast)) = room_forecast(plan, room, record, now) else {
            continue;
        };
        for (&n, slot) in indices.iter().zip(&forecast.slots) {
            let item = &mut programme.days[day].items[n];
            if item.room.as_deref() == Some(room.as_str()) {
                write_slot(item, &plan.days[day].items[n], slot);
            }
        }
        applied.push(RoomForecast {
            room: room.clone(),
            day,
            indices,
            forecast,
        });
    }
    applied
}
