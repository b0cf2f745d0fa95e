//! Property tests of the delay model (issue #12) over random one-room days and random
//! facilitator actions: the promises the stage and the attendees' views rely on.

use chrono::TimeDelta;
use deroule::delay::{Forecast, Phase, forecast};
use deroule::live::{Entry, Kind, Record};
use deroule::model::{Instant, Item, Kind as ItemKind, Programme, load_str};
use proptest::prelude::*;

/// A random day: the bundled day's items re-timed one after the other (lengths 5 to 60 min,
/// sometimes a gap), pauses here and there, some hard starts and minimums.
#[derive(Debug, Clone)]
struct DaySpec {
    items: Vec<(i64, i64, bool, bool, Option<u32>)>,
}

fn day_spec() -> impl Strategy<Value = DaySpec> {
    prop::collection::vec(
        (
            5i64..=60,
            prop_oneof![3 => Just(0i64), 1 => Just(10i64)],
            any::<bool>(),
            prop::bool::weighted(0.25),
            prop::option::weighted(0.3, 1u32..=20),
        ),
        3..=13,
    )
    .prop_map(|items| DaySpec { items })
}

fn programme(spec: &DaySpec) -> Programme {
    let mut p = load_str(deroule::BUNDLED, "bundled")
        .expect("valid")
        .programme;
    let template = p.days[0].items.clone();
    let mut at = template[0].start;
    let mut items = Vec::new();
    for (i, &(minutes, gap, pause, hard, min)) in spec.items.iter().enumerate() {
        let mut item: Item = template[i % template.len()].clone();
        item.id = Some(format!("item-{i}"));
        at += TimeDelta::minutes(gap);
        item.start = at;
        at += TimeDelta::minutes(minutes);
        item.end = at;
        item.kind = if pause {
            ItemKind::Break
        } else {
            ItemKind::Session
        };
        item.hard_start = hard && i > 0;
        item.min_duration = min;
        items.push(item);
    }
    p.days[0].items = items;
    p.days.truncate(1);
    p
}

/// One facilitator action, at some seconds after the previous one.
#[derive(Debug, Clone, Copy)]
enum Step {
    StartNext,
    EndNow,
    Adjust(i64),
    Skip,
}

fn steps() -> impl Strategy<Value = Vec<(i64, Step)>> {
    prop::collection::vec(
        (
            0i64..=2400,
            prop_oneof![
                4 => Just(Step::StartNext),
                1 => Just(Step::EndNow),
                2 => (-5i64..=5).prop_map(Step::Adjust),
                1 => Just(Step::Skip),
            ],
        ),
        0..12,
    )
}

fn key(item: &Item) -> String {
    item.id.clone().expect("ids are given")
}

fn forecast_at(p: &Programme, record: &Record, now: Instant) -> Forecast {
    let day = &p.days[0];
    forecast(
        &day.items,
        &record.actuals_by(p, day, now),
        record.since,
        now,
    )
}

/// The entry the stage would record for `step` at `now`, as the app does.
fn entry(p: &Programme, f: &Forecast, step: Step, now: Instant) -> Option<Entry> {
    let items = &p.days[0].items;
    let (running, upcoming) = (f.running(), f.upcoming());
    let mut e = match step {
        Step::StartNext => Entry::new(now, Kind::Start, key(&items[upcoming?])),
        Step::EndNow => Entry::new(now, Kind::End, key(&items[running?])),
        Step::Adjust(minutes) => {
            let i = running.or(upcoming)?;
            let slot = f.slots[i];
            if minutes == 0
                || (minutes < 0 && (slot.target_end - slot.start).num_seconds() + minutes * 60 < 60)
            {
                return None;
            }
            let mut adjust = Entry::new(now, Kind::Adjust, key(&items[i]));
            adjust.minutes = Some(minutes);
            adjust
        }
        Step::Skip => Entry::new(now, Kind::Skip, key(&items[upcoming?])),
    };
    if step_is_start(step) {
        e.ended = running.map(|r| key(&items[r]));
    }
    Some(e)
}

fn step_is_start(step: Step) -> bool {
    matches!(step, Step::StartNext)
}

/// Replays `steps` from the first item's start; returns the record and the time reached.
fn replay(p: &Programme, steps: &[(i64, Step)]) -> (Record, Instant) {
    let first = p.days[0].items[0].start;
    let mut record = Record::new(p, first);
    let mut now = first;
    for &(after, step) in steps {
        now += TimeDelta::seconds(after);
        let f = forecast_at(p, &record, now);
        if let Some(e) = entry(p, &f, step, now) {
            record.actions.push(e);
        }
    }
    (record, now)
}

fn check_forecast(p: &Programme, f: &Forecast) -> Result<(), TestCaseError> {
    let items = &p.days[0].items;
    for (i, s) in f.slots.iter().enumerate() {
        prop_assert!(s.end >= s.start, "item {i} ends before it starts: {s:?}");
        prop_assert!(s.target_end >= s.start, "item {i} aims before its start");
    }
    // A hard start holds while what is fixed before it (done items, the running item so far,
    // an earlier hard start's item) ends by then.
    for (h, item) in items.iter().enumerate() {
        if !item.hard_start || f.slots[h].phase != Phase::Upcoming {
            continue;
        }
        let fixed_fits = f.slots[..h]
            .iter()
            .zip(items)
            .filter(|(s, i)| {
                matches!(s.phase, Phase::Done | Phase::Running)
                    || (s.phase == Phase::Upcoming && i.hard_start)
            })
            .all(|(s, _)| s.end <= item.start);
        if fixed_fits {
            prop_assert_eq!(
                f.slots[h].start,
                item.start,
                "hard start {} moved although the delay could be absorbed: {:?}",
                h,
                f
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn forecasts_keep_their_invariants(spec in day_spec(), steps in steps(), later in 0i64..3600) {
        let p = programme(&spec);
        let (record, now) = replay(&p, &steps);
        check_forecast(&p, &forecast_at(&p, &record, now))?;
        check_forecast(&p, &forecast_at(&p, &record, now + TimeDelta::seconds(later)))?;
    }

    #[test]
    fn starting_the_next_item_at_its_expected_start_changes_no_other_time(
        spec in day_spec(),
        steps in steps(),
    ) {
        let p = programme(&spec);
        let (mut record, now) = replay(&p, &steps);
        let f = forecast_at(&p, &record, now);
        let Some(next) = f.upcoming() else { return Ok(()) };
        let at = f.slots[next].start;
        // The day-over rule (an hour after the planned end) is a boundary of its own.
        let last = p.days[0].items.iter().map(|i| i.end).max().expect("items");
        prop_assume!(at > now && at < last + TimeDelta::hours(1));
        let before = forecast_at(&p, &record, at - TimeDelta::seconds(1));
        prop_assert_eq!(before.upcoming(), Some(next));
        prop_assert_eq!(before.slots[next].start, at);
        let running = before.running();
        let mut e = Entry::new(at, Kind::Start, key(&p.days[0].items[next]));
        e.ended = running.map(|r| key(&p.days[0].items[r]));
        record.actions.push(e);
        let after = forecast_at(&p, &record, at);
        prop_assert_eq!(after.running(), Some(next));
        for (i, (b, a)) in before.slots.iter().zip(&after.slots).enumerate() {
            if Some(i) == running {
                prop_assert_eq!(a.end, b.end, "the running item ends where expected");
                continue;
            }
            if i == next {
                prop_assert_eq!((a.start, a.target_end), (b.start, b.target_end));
                continue;
            }
            prop_assert_eq!((a.start, a.end), (b.start, b.end), "item {} moved", i);
        }
    }

    #[test]
    fn undo_restores_the_previous_forecast_exactly(
        spec in day_spec(),
        steps in steps(),
        step in prop_oneof![Just(Step::StartNext), Just(Step::EndNow), Just(Step::Adjust(3)), Just(Step::Skip)],
    ) {
        let p = programme(&spec);
        let (mut record, now) = replay(&p, &steps);
        let before = forecast_at(&p, &record, now);
        let Some(e) = entry(&p, &before, step, now) else { return Ok(()) };
        record.actions.push(e.clone());
        let undone = record.undo_at(now).expect("something to undo");
        prop_assert_eq!(undone, deroule::live::Undone::Action(e));
        prop_assert_eq!(forecast_at(&p, &record, now), before);
    }
}

#[test]
fn undo_never_takes_back_what_the_view_has_not_reached() {
    let p = programme(&DaySpec {
        items: vec![(30, 0, false, false, None); 4],
    });
    let first = p.days[0].items[0].start;
    let mut record = Record::new(&p, first);
    let at = |m: i64| first + TimeDelta::minutes(m);
    record
        .actions
        .push(Entry::new(at(10), Kind::End, "item-0".into()));
    record
        .actions
        .push(Entry::new(at(50), Kind::Start, "item-2".into()));
    let undone = record.undo_at(at(20)).expect("the 10-minute action");
    assert_eq!(
        undone,
        deroule::live::Undone::Action(Entry::new(at(10), Kind::End, "item-0".into()))
    );
    assert_eq!(record.actions.len(), 1, "the later action stays");
    assert!(record.undo_at(at(20)).is_none());
}
