//! The programme on screen: the plan as loaded, the programme as expected (the plan with the live
//! record's times for the day of `now`), the delay model's forecast, and the live record with its
//! file. Owns those facts and the facilitator's recording; knows nothing of the cursor, the
//! filters or the screen, and does no I/O (saving is an effect the loop performs).

use crate::delay::{self, Forecast};
use crate::live::{self, Entry, Record};
use crate::model::{Instant, Item, Programme};
use crate::timeline::{self, Moment, Outline};

/// The live record and where it lives.
#[derive(Debug, Clone)]
pub struct Live {
    pub path: std::path::PathBuf,
    pub record: Option<Record>,
}

/// A facilitator's action, recorded in the live record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recording {
    /// The next item starts now (the running one ends now).
    StartNext,
    /// The running item ends now.
    EndNow,
    /// Lengthen (or shorten) the running item by minutes.
    Adjust(i64),
    /// Take back the last recorded action.
    Undo,
}

#[derive(Debug, Clone)]
pub struct Snapshot {
    /// The programme as planned (as loaded).
    pub plan: Programme,
    /// The programme as expected: the plan with the live record's expected times for the day of
    /// `now`. The same as `plan` without a record.
    pub programme: Programme,
    /// The delay model's view of the day of `now`, when there is a live record.
    pub forecast: Option<Forecast>,
    /// The day of `programme` that carries expected times instead of planned ones.
    patched_day: Option<usize>,
    /// The outlines of `plan` and `programme`, renewed with them: what runs and what comes next
    /// are found without walking every item each second.
    plan_outline: Outline,
    outline: Outline,
    pub live: Option<Live>,
}

impl Snapshot {
    pub fn new(programme: Programme, live: Option<Live>, now: Instant) -> Self {
        let outline = Outline::of(&programme);
        let mut snapshot = Snapshot {
            plan: programme.clone(),
            programme,
            plan_outline: outline.clone(),
            outline,
            forecast: None,
            patched_day: None,
            live,
        };
        snapshot.refresh(now);
        snapshot
    }

    /// Recomputes the expected programme from the plan, the live record and `now`.
    pub fn refresh(&mut self, now: Instant) {
        let record = self
            .live
            .as_ref()
            .and_then(|l| l.record.as_ref())
            .filter(|_| live::applies(&self.plan));
        let Some(record) = record else {
            self.forecast = None;
            self.unpatch();
            return;
        };
        // Every second: only the day of `now` is recomputed and patched, never the whole
        // programme copied.
        let (day, forecast) = live::day_forecast(&self.plan, record, now);
        if self.patched_day != Some(day) {
            self.unpatch();
        }
        live::apply(&mut self.programme, day, &forecast);
        self.outline.renew_day(&self.programme, day);
        self.patched_day = Some(day);
        self.forecast = Some(forecast);
    }

    /// Puts the planned times back into the day that carries expected times.
    fn unpatch(&mut self) {
        if let Some(day) = self.patched_day.take() {
            self.programme.days[day] = self.plan.days[day].clone();
            self.outline.renew_day(&self.programme, day);
        }
    }

    /// A new plan, read from disk: the expected programme is the plan again until the next
    /// [`Snapshot::refresh`].
    pub fn replace_plan(&mut self, plan: Programme) {
        self.plan = plan;
        self.programme = self.plan.clone();
        self.plan_outline = Outline::of(&self.plan);
        self.outline = self.plan_outline.clone();
        self.forecast = None;
        self.patched_day = None;
    }

    /// A new live record, read from disk (`None`: removed).
    pub fn replace_record(&mut self, record: Option<Record>, now: Instant) {
        if let Some(live) = self.live.as_mut() {
            live.record = record;
        }
        self.refresh(now);
    }

    pub fn moment(&self, now: Instant) -> Moment<'_> {
        timeline::locate_in(&self.programme, &self.outline, now)
    }

    /// The expected programme's outline (its first and last instants, each day's bounds).
    pub fn outline(&self) -> &Outline {
        &self.outline
    }

    /// The items of day `day` of the expected programme.
    pub fn items(&self, day: usize) -> &[Item] {
        &self.programme.days[day].items
    }

    /// The forecast slot of an item of the expected programme, when there is a forecast.
    pub fn slot_of(&self, item: &Item, now: Instant) -> Option<&delay::Slot> {
        self.forecast
            .as_ref()?
            .slots
            .get(self.index_in_forecast_day(item, now)?)
    }

    /// The planned version of an item of the expected programme's forecast day.
    pub fn planned_of(&self, item: &Item, now: Instant) -> Option<&Item> {
        let index = self.index_in_forecast_day(item, now)?;
        self.plan.days[self.forecast_day(now)].items.get(index)
    }

    /// Where an item of the expected programme sits in the forecast day (the day of `now`):
    /// the plan, the expected programme and the forecast share that order.
    fn index_in_forecast_day(&self, item: &Item, now: Instant) -> Option<usize> {
        let items = &self.programme.days[self.forecast_day(now)].items;
        items.iter().position(|i| std::ptr::eq(i, item))
    }

    /// Seconds an item is running past the end it aimed for (a live record's overrun).
    pub fn overrun(&self, item: &Item, now: Instant) -> Option<i64> {
        let slot = self.slot_of(item, now)?;
        let over = (now - slot.target_end).num_seconds();
        (slot.phase == delay::Phase::Running && over > 0).then_some(over)
    }

    /// Whether the running items are all over time, so what comes next waits for them.
    pub fn waiting_on_overrun(&self, now: Instant) -> bool {
        let moment = self.moment(now);
        !moment.running.is_empty()
            && moment
                .running
                .iter()
                .all(|i| self.overrun(i, now).is_some())
    }

    /// The planned version of item `index` of day `day`.
    pub fn planned(&self, day: usize, index: usize) -> Option<&Item> {
        self.plan.days.get(day)?.items.get(index)
    }

    /// The day the forecast is about (the day of `now`).
    pub fn forecast_day(&self, now: Instant) -> usize {
        self.plan_outline.day_at(now)
    }

    /// Records a facilitator action at `now`; returns whether anything was recorded (the
    /// caller asks the loop to save the record).
    pub fn record(&mut self, action: Recording, now: Instant) -> bool {
        let Some(forecast) = &self.forecast else {
            return false;
        };
        let day = self.forecast_day(now);
        let items = &self.plan.days[day].items;
        let key = |i: usize| live::key(&self.plan, &items[i]);
        let running = forecast.running();
        let upcoming = forecast.upcoming();
        let entry = match action {
            Recording::StartNext => upcoming.map(|u| Entry {
                at: now,
                action: live::Kind::Start,
                item: key(u),
                ended: running.map(key),
                minutes: None,
            }),
            Recording::EndNow => running.map(|r| Entry {
                at: now,
                action: live::Kind::End,
                item: key(r),
                ended: None,
                minutes: None,
            }),
            Recording::Adjust(minutes) => running
                .or(upcoming)
                // An item is never shorter than a minute: a further "-" would record nothing
                // visible, and make the next "+" do nothing either.
                .filter(|&i| {
                    let slot = &forecast.slots[i];
                    minutes > 0 || (slot.target_end - slot.start).num_seconds() + minutes * 60 >= 60
                })
                .map(|i| Entry {
                    at: now,
                    action: live::Kind::Adjust,
                    item: key(i),
                    ended: None,
                    minutes: Some(minutes),
                }),
            Recording::Undo => None,
        };
        let Some(live) = self.live.as_mut() else {
            return false;
        };
        let Some(record) = live.record.as_mut() else {
            return false;
        };
        match (action, entry) {
            (Recording::Undo, _) => {
                // Only what the view has reached: a rehearsal's or another clock's later
                // actions stay (#12).
                if record.undo_at(now).is_none() {
                    return false;
                }
            }
            (_, Some(entry)) => record.actions.push(entry),
            (_, None) => return false,
        }
        self.refresh(now);
        true
    }
}
