//! The programme on screen: the plan as loaded, the programme as expected (the plan with the live
//! record's times for the day of `now`), the delay model's forecast, and the live record with its
//! file. Owns those facts and the facilitator's recording; knows nothing of the cursor, the
//! filters or the screen, and does no I/O (saving is an effect the loop performs).

use crate::delay::{self, Forecast};
use crate::i18n::Lang;
use crate::live::{self, Entry, Record, Undone};
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
    /// Skip item `n` of the day of `now` (one not started yet): it takes no time.
    Skip(usize),
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
    /// The days of `programme` that carry expected times instead of planned ones (the day of
    /// `now`, with parallel rooms each day a room's record reaches), in order.
    patched: Vec<usize>,
    /// The outlines of `plan` and `programme`, renewed with them: what runs and what comes next
    /// are found without walking every item each second.
    plan_outline: Outline,
    outline: Outline,
    pub live: Option<Live>,
    /// The record as last read from or written to its file: what is not in it would be lost.
    saved: Option<Record>,
    /// Each room's record, for a programme with parallel rooms (attendees).
    rooms: Vec<(String, Record)>,
    /// What each room's record makes of the day of `now` (its slots: lengths, overruns).
    room_forecasts: Vec<live::RoomForecast>,
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
            patched: Vec::new(),
            saved: live.as_ref().and_then(|l| l.record.clone()),
            live,
            rooms: Vec::new(),
            room_forecasts: Vec::new(),
        };
        snapshot.refresh(now);
        snapshot
    }

    /// Recomputes the expected programme from the plan, the live record (or the rooms'
    /// records, with parallel rooms) and `now`.
    pub fn refresh(&mut self, now: Instant) {
        if !self.rooms.is_empty() && !live::applies(&self.plan) {
            // Each room's record moves its own room's items (the delay model per room). Every
            // second the same records write the same items of the day of `now` again, so only
            // the days they no longer reach (after midnight) are put back; never the whole
            // programme copied. A new record puts every day back first (`replace_room_*`).
            let before = std::mem::take(&mut self.patched);
            self.room_forecasts =
                live::apply_rooms(&mut self.programme, &self.plan, &self.rooms, now);
            self.patched = self.room_forecasts.iter().map(|f| f.day).collect();
            self.patched.sort_unstable();
            self.patched.dedup();
            for &day in before.iter().filter(|d| !self.patched.contains(d)) {
                self.programme.days[day] = self.plan.days[day].clone();
                self.outline.renew_day(&self.programme, day);
            }
            for &day in &self.patched {
                self.outline.renew_day(&self.programme, day);
            }
            self.forecast = None;
            return;
        }
        self.room_forecasts.clear();
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
        if self.patched != [day] {
            self.unpatch();
        }
        live::apply(&mut self.programme, &self.plan, day, &forecast);
        self.outline.renew_day(&self.programme, day);
        self.patched = vec![day];
        self.forecast = Some(forecast);
    }

    /// Puts the planned times back into the days that carry expected times.
    fn unpatch(&mut self) {
        for day in std::mem::take(&mut self.patched) {
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
        self.room_forecasts.clear();
        self.patched = Vec::new();
    }

    /// A new live record, read from disk (`None`: removed).
    pub fn replace_record(&mut self, record: Option<Record>, now: Instant) {
        self.saved.clone_from(&record);
        if let Some(live) = self.live.as_mut() {
            live.record = record;
        }
        self.refresh(now);
    }

    /// A room's record, read from disk (`None`: removed), for a programme with parallel rooms.
    pub fn replace_room_record(&mut self, room: String, record: Option<Record>, now: Instant) {
        self.rooms.retain(|(r, _)| *r != room);
        if let Some(record) = record {
            self.rooms.push((room, record));
        }
        // The new record may reach other items than the old one: planned times first.
        self.unpatch();
        self.refresh(now);
    }

    /// Every room's record at once (a server's live state): the rooms not listed have none.
    pub fn replace_room_records(&mut self, records: Vec<(String, Record)>, now: Instant) {
        self.rooms = records;
        self.unpatch();
        self.refresh(now);
    }

    /// The live record, when there is one.
    pub fn record_now(&self) -> Option<&Record> {
        self.live.as_ref()?.record.as_ref()
    }

    /// The record was written to its file: nothing in memory would be lost now.
    pub fn mark_saved(&mut self) {
        self.saved = self.record_now().cloned();
    }

    /// What the record holds that its file does not, in words: what quitting now would lose.
    pub fn unsaved(&self, lang: Lang) -> Vec<String> {
        self.record_now().map_or_else(Vec::new, |record| {
            live::unsaved(record, self.saved.as_ref(), &self.plan, lang)
        })
    }

    /// The facilitator's message to attendees at `now`, if any.
    pub fn message(&self, now: Instant) -> Option<&str> {
        self.record_now()?.message_at(now)
    }

    /// The messages of the rooms' facilitators at `now` (parallel rooms), with their room, in
    /// the order of the programme's rooms; only `room`'s when one is given.
    pub fn room_messages(&self, now: Instant, room: Option<&str>) -> Vec<(&str, &str)> {
        let mut found: Vec<(usize, &str, &str)> = self
            .rooms
            .iter()
            .filter(|(r, _)| room.is_none_or(|x| x == r))
            .filter_map(|(r, record)| {
                let order = self.plan.rooms.iter().position(|x| x.name == *r)?;
                Some((order, r.as_str(), record.message_at(now)?))
            })
            .collect();
        found.sort_by_key(|(order, _, _)| *order);
        found.into_iter().map(|(_, r, m)| (r, m)).collect()
    }

    /// Sets (or, with an empty `text`, clears) the message to attendees at `now`; returns
    /// whether it changed (the caller asks the loop to save the record).
    pub fn set_message(&mut self, text: &str, now: Instant) -> bool {
        let text = text.trim();
        if self.message(now).unwrap_or("") == text {
            return false;
        }
        let Some(record) = self.live.as_mut().and_then(|l| l.record.as_mut()) else {
            return false;
        };
        record.set_message(now, text);
        true
    }

    /// Takes back the last action the view has reached (recorded by `now`: a rehearsal's or
    /// another clock's later actions stay), and returns it.
    pub fn undo(&mut self, now: Instant) -> Option<Undone> {
        let undone = self
            .live
            .as_mut()
            .and_then(|l| l.record.as_mut())?
            .undo_at(now)?;
        self.refresh(now);
        Some(undone)
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

    /// The forecast slot of an item of the expected programme, when there is a forecast: the
    /// programme's record's, else, with parallel rooms, its room's record's.
    pub fn slot_of(&self, item: &Item, now: Instant) -> Option<&delay::Slot> {
        if let Some(forecast) = &self.forecast {
            return forecast.slots.get(self.index_in_forecast_day(item, now)?);
        }
        let room = item.room.as_deref()?;
        let of_room = self.room_forecasts.iter().find(|f| f.room == room)?;
        let index = self
            .programme
            .days
            .get(of_room.day)?
            .items
            .iter()
            .position(|i| std::ptr::eq(i, item))?;
        of_room.slot(index)
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
            // Only an item not started yet: a running one is ended (`e`) or followed (space).
            Recording::Skip(i) => forecast
                .slots
                .get(i)
                .filter(|s| s.phase == delay::Phase::Upcoming)
                .map(|_| Entry::new(now, live::Kind::Skip, key(i))),
            Recording::Undo => return self.undo(now).is_some(),
        };
        let Some(live) = self.live.as_mut() else {
            return false;
        };
        let Some(record) = live.record.as_mut() else {
            return false;
        };
        let Some(entry) = entry else {
            return false;
        };
        record.actions.push(entry);
        self.refresh(now);
        true
    }
}
