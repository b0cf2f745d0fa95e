//! `deroule now`: one line for status bars and prompts, a template, or JSON.
//!
//! Pure: the programme, the live record and `now` in; text out. The JSON shape is documented in
//! `docs/now-json.md` and versioned.
//!
//! A programme with parallel rooms (FOSDEM) has no one "current item": the line then counts what
//! runs and where (`▶ 27 items running in 27 rooms · next: 11:05 (3 rooms)`), the JSON lists every
//! running item, and [`for_room`] narrows the programme to one room (`--room`) for the one-room
//! line with the room named.
//!
//! The parts: [`line`] (the default line, in the user's language), [`template`] (`--format`'s
//! fields), [`json`] (`--json`, shape in `docs/now-json.md`), [`favourites`] (`--favourites`).

mod favourites;
mod json;
mod line;
mod template;

pub use favourites::{favourites_snapshot, for_favourites, no_favourites};
pub use json::json;
pub use line::line;
pub use template::{FIELDS, render};

use crate::delay::Cut;
use crate::live::{self, Record};
use crate::model::{Instant, Item, Programme};
use crate::timeline::{self, Phase, seconds_until};

/// What is on at one instant, in the terms the line and the JSON use.
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub now: Instant,
    pub phase: Phase,
    /// The running item that started first (the only one in a one-room programme).
    pub running: Option<Item>,
    /// Every running item, in start order.
    pub running_all: Vec<Item>,
    /// Every item starting at the next start instant (several with parallel rooms).
    pub next_all: Vec<Item>,
    /// Whether a day of the programme uses several rooms (the line then names rooms).
    pub parallel: bool,
    /// The room followed (`--room`), named in the line; the programme given was narrowed to it
    /// by [`for_room`].
    pub followed_room: Option<String>,
    /// Seconds the running item is past the end it aimed for (with a live record).
    pub over: Option<i64>,
    pub next: Option<Item>,
    /// Minutes the next item is expected late (0 without a live record).
    pub delay: i64,
    pub last_end: Instant,
    /// The running item's cut to keep the next hard start, said in words by the line.
    pub cut: Option<CutNow>,
    /// The facilitator's message to attendees (with a live record).
    pub message: Option<String>,
    /// The programme given was narrowed to the favourites (`--favourites`, [`for_favourites`]):
    /// the line starts with ★.
    pub favourites_only: bool,
    /// With `--favourites`: the titles of today's favourites the facilitator skipped, not yet
    /// past (a skip is no cut: [`Snapshot::cut`] does not say it).
    pub skipped: Vec<String>,
}

/// A cut with the titles it names (the programme shown may be narrowed to the favourites, where
/// the hard start is not).
#[derive(Debug, Clone)]
pub struct CutNow {
    pub cut: Cut,
    /// The shortened (or skipped) item's title.
    pub item: String,
    /// The hard-start item's title.
    pub hard: String,
}

impl CutNow {
    /// `cut` of the day `items`; `None` when its indices are not in it.
    pub fn of(cut: &Cut, items: &[Item]) -> Option<CutNow> {
        Some(CutNow {
            cut: *cut,
            item: items.get(cut.index)?.title.clone(),
            hard: items.get(cut.hard)?.title.clone(),
        })
    }

    /// In words: "«Échanges» cut by 13 min to keep «Pause déjeuner» at 12:30".
    pub fn sentence(&self, tz: chrono_tz::Tz, lang: crate::i18n::Lang) -> String {
        self.cut.sentence_of(&self.item, &self.hard, tz, lang)
    }
}

pub fn snapshot(plan: &Programme, record: Option<&Record>, now: Instant) -> Snapshot {
    let (programme, forecast) = match record.filter(|_| live::applies(plan)) {
        Some(r) => {
            let (p, f) = live::expected(plan, r, now);
            (p, Some(f))
        }
        None => (plan.clone(), None),
    };
    let moment = timeline::locate(&programme, now);
    let running = moment.running.first().map(|i| (*i).clone());
    let running_all = moment.running.iter().map(|i| (*i).clone()).collect();
    let next_all = moment.next.map_or_else(Vec::new, |first| {
        programme
            .items()
            .filter(|i| i.state.takes_place() && i.start == first.start)
            .cloned()
            .collect()
    });
    let over = moment.running.first().and_then(|item| {
        let forecast = forecast.as_ref()?;
        let day = &programme.days[moment.day].items;
        let index = day.iter().position(|i| std::ptr::eq(i, *item))?;
        let over = (now - forecast.slots.get(index)?.target_end).num_seconds();
        (over > 0).then_some(over)
    });
    Snapshot {
        now,
        phase: moment.phase,
        running,
        running_all,
        next_all,
        parallel: !live::applies(&programme),
        followed_room: None,
        over,
        next: moment.next.cloned(),
        delay: forecast
            .as_ref()
            .map_or(0, crate::delay::Forecast::delay_minutes),
        last_end: programme.last_end(),
        cut: forecast
            .as_ref()
            .and_then(|f| CutNow::of(f.running_cut()?, &programme.days.get(moment.day)?.items)),
        message: record.and_then(|r| r.message_at(now)).map(str::to_owned),
        favourites_only: false,
        skipped: Vec::new(),
    }
}

/// The programme as seen from one room: its items and the plenary ones (no room), the days
/// without any left out. `room` is matched exactly, else ignoring case, else as the start of one
/// room's name (`h.1308` for `H.1308 (Rolin)`); an unknown room is an error naming the rooms.
pub fn for_room(p: &Programme, room: &str) -> Result<Programme, String> {
    let lower = room.to_lowercase();
    // The one room whose name passes `test`, if only one does.
    let only = |test: &dyn Fn(&str) -> bool| {
        let mut found = p.rooms.iter().filter(|r| test(&r.name));
        found.next().filter(|_| found.next().is_none())
    };
    let name = p
        .rooms
        .iter()
        .find(|r| r.name == room)
        .or_else(|| only(&|r| r.to_lowercase() == lower))
        .or_else(|| only(&|r| r.to_lowercase().starts_with(&lower)))
        .map(|r| r.name.clone())
        .ok_or_else(|| {
            let names: Vec<&str> = p.rooms.iter().map(|r| r.name.as_str()).collect();
            let starting: Vec<&str> = names
                .iter()
                .copied()
                .filter(|n| n.to_lowercase().starts_with(&lower))
                .collect();
            if starting.len() > 1 {
                format!(
                    "--room {room}: several rooms start so: {}; expected one of them",
                    starting.join(", ")
                )
            } else if names.is_empty() {
                format!("--room {room}: this programme has no rooms (every item is plenary)")
            } else if let Some(meant) = crate::model::suggest(room, names.iter().copied()) {
                format!("--room {room}: no such room: did you mean {meant}?")
            } else {
                format!(
                    "--room {room}: no such room: expected one of {}",
                    names.join(", ")
                )
            }
        })?;
    let mut out = p.clone();
    out.rooms.retain(|r| r.name == name);
    for day in &mut out.days {
        day.items
            .retain(|i| i.room.as_deref().is_none_or(|r| r == name));
    }
    out.days.retain(|d| !d.items.is_empty());
    if out.days.is_empty() {
        return Err(format!("--room {room}: nothing is scheduled in it"));
    }
    Ok(out)
}

/// Whole minutes until `at`, rounded up (a status bar says "in 1 min" until the very end).
fn minutes_until(now: Instant, at: Instant) -> i64 {
    (seconds_until(now, at) + 59).div_euclid(60).max(0)
}

fn hm(p: &Programme, at: Instant) -> String {
    at.with_timezone(&p.tz).format("%H:%M").to_string()
}

fn status_name(phase: Phase) -> &'static str {
    match phase {
        Phase::Before => "before",
        Phase::Running => "running",
        Phase::Gap => "gap",
        Phase::BetweenDays => "between_days",
        Phase::After => "after",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    use crate::i18n::Lang;

    pub(super) fn at(p: &Programme, h: u32, m: u32, s: u32) -> Instant {
        p.tz.with_ymd_and_hms(2022, 7, 1, h, m, s)
            .single()
            .expect("valid")
            .to_utc()
    }

    /// Two rooms in parallel, then a plenary closing.
    pub(super) fn parallel() -> Programme {
        crate::model::load_str(
            "title: P\ntime_zone: Europe/Paris\nrooms: [A, B]\ndate: 2022-07-01\nitems:\n  \
             - {title: A1, start: 9h, end: 10h, room: A}\n  - {title: B1, start: 9h, end: 9h50, room: B}\n  \
             - {title: A2, start: 10h, end: 11h, room: A}\n  - {title: B2, start: 10h, end: 11h, room: B}\n  \
             - {title: Closing, start: 11h, end: 11h30}\n",
            "p.yaml",
        )
        .expect("valid")
        .programme
    }

    #[test]
    fn one_room_of_several_reads_as_a_one_room_programme_with_the_room_named() {
        let p = parallel();
        let b = for_room(&p, "b").expect("room B, any case");
        let mut s = snapshot(&b, None, at(&p, 9, 30, 0));
        s.followed_room = Some("B".to_owned());
        assert_eq!(
            line(&s, &b, Lang::En),
            "▶ B1 · B · ends 09:50 (in 20 min) → B2 10:00"
        );
        let later = snapshot(&b, None, at(&p, 10, 59, 0));
        assert_eq!(
            later.next.as_ref().map(|i| i.title.as_str()),
            Some("Closing")
        );
        let err = for_room(&p, "C").expect_err("no room C");
        assert_eq!(err, "--room C: no such room: expected one of A, B");
        let mut named = p.clone();
        named.rooms = ["Janson", "K.1.105"]
            .map(|name| crate::model::Room {
                name: name.to_owned(),
                description: None,
            })
            .to_vec();
        let err = for_room(&named, "Jansen").expect_err("no room Jansen");
        assert_eq!(err, "--room Jansen: no such room: did you mean Janson?");
    }
}
