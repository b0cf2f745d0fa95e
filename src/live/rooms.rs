//! Parallel rooms: one record per room (`FILE.<room>.live.yaml`, one facilitator each), each
//! moving its own room's items only.

use std::path::{Path, PathBuf};

use crate::delay::{self, Forecast};
use crate::model::{Instant, Programme};
use crate::timeline;

use super::{LiveError, Record};

/// A room's name as a file name part: `H.1308 (Rolin)` → `h-1308-rolin`.
pub fn room_slug(room: &str) -> String {
    let mut slug = String::new();
    for c in room.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        "room".to_owned()
    } else {
        slug.to_owned()
    }
}

/// One room's record for a programme file: `fosdem.xml`, room `Janson` →
/// `fosdem.janson.live.yaml` (a rehearsal: `fosdem.janson.rehearsal.live.yaml`).
pub fn room_sidecar_for(programme: &Path, room: &str, rehearsal: bool) -> PathBuf {
    let stem = programme
        .file_stem()
        .map_or_else(|| "programme".into(), |s| s.to_string_lossy().into_owned());
    let kind = if rehearsal { ".rehearsal" } else { "" };
    programme.with_file_name(format!("{stem}.{}{kind}.live.yaml", room_slug(room)))
}

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
    let mut sequence = day_plan.clone();
    sequence.items = indices.iter().map(|&n| day_plan.items[n].clone()).collect();
    let actuals = record.actuals_by(plan, &sequence, now);
    let forecast = delay::forecast(&sequence.items, &actuals, record.since, now);
    Some((day, indices, forecast))
}

/// The programme as expected at `now` with every room's record applied: each record moves
/// its room's items only (the delay model runs over the room's sequence, plenary items
/// included as fixed points of that sequence, but they are not moved by a room), so one
/// room's record never changes another room's items. For the attendee views, the grid, `now`,
/// `agenda`, `report` and the served page.
pub fn expected_all(plan: &Programme, records: &[(String, Record)], now: Instant) -> Programme {
    let mut programme = plan.clone();
    for (room, record) in records {
        let Some((day, indices, forecast)) = room_forecast(plan, room, record, now) else {
            continue;
        };
        for (&n, slot) in indices.iter().zip(&forecast.slots) {
            let item = &mut programme.days[day].items[n];
            if item.room.as_deref() == Some(room.as_str()) {
                item.start = slot.start;
                item.end = slot.end;
            }
        }
    }
    programme
}
