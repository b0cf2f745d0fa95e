//! `now --favourites`: the programme narrowed to the attendee's favourites, what the live
//! record says of them (the message, how late the next favourite is, a favourite's cut), and
//! what to say when there is none.

use serde_json::json;

use super::{CutNow, Snapshot};
use crate::delay::{self, Phase};
use crate::i18n::Lang;
use crate::live::{self, Record};
use crate::model::{Instant, Programme};

/// The favourites of `expected` (the plan with its live records' times: same days and order as
/// `plan`): the items whose planned key passes `is_favourite`, the days without any left out.
/// `None` when there is no favourite.
pub fn for_favourites(
    plan: &Programme,
    expected: &Programme,
    is_favourite: impl Fn(&str) -> bool,
) -> Option<Programme> {
    let mut narrowed = expected.clone();
    for (day, planned) in narrowed.days.iter_mut().zip(&plan.days) {
        let keep: Vec<bool> = planned
            .items
            .iter()
            .map(|i| is_favourite(&live::key(plan, i)))
            .collect();
        let mut k = keep.iter();
        day.items.retain(|_| k.next().copied().unwrap_or(false));
        // The announced frame of the day is the whole programme's, not the favourites'.
        day.start = None;
        day.end = None;
    }
    narrowed.days.retain(|d| !d.items.is_empty());
    (!narrowed.days.is_empty()).then_some(narrowed)
}

/// What `now --favourites` tells at `now`: `only` (the favourites of the expected programme,
/// [`for_favourites`]) for what runs and what is next, and from `plan`'s live record, read over
/// the whole sequence as plain `now` reads it: the facilitator's message, how late the next
/// favourite is expected (not the next item's), how far the running favourite is past its
/// target, and the cut of a favourite to keep a hard start: the running one's, else the first
/// upcoming favourite shortened or skipped.
pub fn favourites_snapshot(
    plan: &Programme,
    record: Option<&Record>,
    only: &Programme,
    now: Instant,
    is_favourite: impl Fn(&str) -> bool,
) -> Snapshot {
    let mut s = super::snapshot(only, None, now);
    s.favourites_only = true;
    let Some(record) = record else {
        return s;
    };
    s.message = record.message_at(now).map(str::to_owned);
    if !live::applies(plan) {
        return s;
    }
    let (day, forecast) = live::day_forecast(plan, record, now);
    let Some(items) = plan.days.get(day).map(|d| &d.items) else {
        return s;
    };
    let favourite = |n: usize| {
        items
            .get(n)
            .is_some_and(|i| is_favourite(&live::key(plan, i)))
    };
    let slots = &forecast.slots;
    // The next favourite to start today, and how late against its planned start.
    let next = (0..slots.len())
        .filter(|&n| slots[n].phase == Phase::Upcoming && favourite(n))
        .min_by_key(|&n| slots[n].start);
    s.delay = next.map_or(0, |n| {
        delay::delay_minutes((slots[n].start - items[n].start).num_seconds())
    });
    s.over = forecast.running().filter(|&n| favourite(n)).and_then(|n| {
        let over = (now - slots[n].target_end).num_seconds();
        (over > 0).then_some(over)
    });
    let cut = forecast
        .running_cut()
        .filter(|c| favourite(c.index))
        .or_else(|| {
            forecast.cuts().iter().find(|c| {
                favourite(c.index)
                    && matches!(slots[c.index].phase, Phase::Upcoming | Phase::Skipped)
            })
        });
    s.cut = cut.and_then(|c| CutNow::of(c, items));
    // Skipped by the facilitator (not squeezed to keep a hard start: that is a cut).
    s.skipped = (0..slots.len())
        .filter(|&n| slots[n].phase == Phase::Skipped && favourite(n))
        .filter(|&n| items[n].end > now && forecast.cuts().iter().all(|c| c.index != n))
        .map(|n| items[n].title.clone())
        .collect();
    s
}

/// What `now --favourites` says when there is none: a line, or the JSON with nothing in it.
pub fn no_favourites(p: &Programme, now: Instant, json: bool, lang: Lang) -> String {
    if json {
        return json!({
            "version": 1,
            "now": now.with_timezone(&p.tz).to_rfc3339(),
            "time_zone": p.tz.name(),
            "status": "no_favourites",
            "running": null,
            "over_seconds": null,
            "next": null,
            "delay_minutes": 0,
            "running_items": [],
            "next_items": [],
            "parallel_rooms": false,
            "followed_room": null,
            "message": null,
            "cut": null,
            "favourites_only": true,
            "skipped_favourites": [],
        })
        .to_string();
    }
    lang.pick(
        "★ no favourites (mark them with f in the viewer)",
        "★ aucun favori (marquez-les avec f dans la vue)",
    )
    .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{bundled_at, bundled_programme};

    #[test]
    fn favourites_keep_their_expected_times_and_days_without_any_go() {
        let plan = bundled_programme();
        let mut expected = plan.clone();
        expected.days[0].items[4].start += chrono::TimeDelta::minutes(4);
        let keep = ["retours-experience", "conclusion"];
        let only = for_favourites(&plan, &expected, |k| keep.contains(&k)).expect("two");
        let titles: Vec<&str> = only.items().map(|i| i.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                "Retours d’expérience de contributions réussies",
                "Conclusion"
            ]
        );
        assert_eq!(only.days[0].items[0].start, bundled_at(11, 19));
        assert!(for_favourites(&plan, &expected, |_| false).is_none());
    }

    /// The bundled day with lunch a hard start, « Retours » started 11:22 and « Échanges »
    /// 11:58 (cut by 13 min to keep lunch at 12:30), and a message: plain `now`'s scenario.
    fn late_morning() -> (Programme, Record) {
        let mut p = bundled_programme();
        p.days[0].items[6].hard_start = true;
        let mut record = Record::new(&p, bundled_at(9, 0));
        let mut start = |item: &str, ended: &str, t: Instant| {
            let mut e = live::Entry::new(t, live::Kind::Start, item.into());
            e.ended = Some(ended.into());
            record.actions.push(e);
        };
        start("retours-experience", "pause-matin", bundled_at(11, 22));
        start("bonnes-pratiques", "retours-experience", bundled_at(11, 58));
        record.set_message(bundled_at(12, 0), "Lunch is served in the hall");
        (p, record)
    }

    /// What `now --favourites` prints at `now` with `keep` marked, as the command builds it.
    fn said(p: &Programme, record: &Record, now: Instant, keep: &[&str]) -> (String, String) {
        let expected = live::expected(p, record, now).0;
        let only = for_favourites(p, &expected, |k| keep.contains(&k)).expect("favourites");
        let s = favourites_snapshot(p, Some(record), &only, now, |k| keep.contains(&k));
        (
            super::super::line(&s, &only, Lang::En),
            super::super::json(&s, &only),
        )
    }

    #[test]
    fn a_running_favourite_keeps_its_cut_and_the_message() {
        let (p, record) = late_morning();
        let (line, json) = said(&p, &record, bundled_at(12, 10), &["bonnes-pratiques"]);
        assert_eq!(
            line,
            "★ ▶ Échanges sur des bonnes pratiques pour permettre la contribution · ends 12:30 \
             (in 20 min) · «Échanges sur des bonnes pratiques pour permettre la contribution» cut \
             by 13 min to keep «Pause déjeuner» at 12:30 · Lunch is served in the hall"
        );
        let v: serde_json::Value = serde_json::from_str(&json).expect("json");
        assert_eq!(v["favourites_only"], true);
        assert_eq!(v["message"], "Lunch is served in the hall");
        assert_eq!(v["cut"]["minutes"], 13);
        assert_eq!(
            v["cut"]["hard_start"], "Pause déjeuner",
            "named though not a favourite"
        );
        assert_eq!(
            v["running"]["end"], "2022-07-01T12:30:00+02:00",
            "expected end"
        );
    }

    #[test]
    fn the_delay_is_the_next_favourites_not_the_next_items() {
        let (p, record) = late_morning();
        // At 11:30 « Retours » runs 7 min late; lunch keeps 12:30, so the afternoon is on time.
        let (line, json) = said(&p, &record, bundled_at(11, 30), &["conclusion"]);
        let v: serde_json::Value = serde_json::from_str(&json).expect("json");
        assert_eq!(v["delay_minutes"], 0, "{line}");
        assert!(v["cut"].is_null(), "the cut is not a favourite's: {json}");
        assert!(!line.contains("late"), "{line}");
        let (line, json) = said(&p, &record, bundled_at(11, 30), &["bonnes-pratiques"]);
        let v: serde_json::Value = serde_json::from_str(&json).expect("json");
        assert_eq!(v["delay_minutes"], 7, "{line}");
        assert!(line.contains("running ~7 min late"), "{line}");
        assert_eq!(
            v["next"]["start"], "2022-07-01T11:52:00+02:00",
            "its expected start"
        );
        // Not running yet, its cut is said already.
        assert!(
            v["cut"]["minutes"].as_i64().is_some_and(|m| m > 0),
            "{json}"
        );
    }

    #[test]
    fn a_favourite_the_facilitator_skipped_is_said_until_its_time_is_past() {
        let (p, mut record) = late_morning();
        record.actions.push(live::Entry::new(
            bundled_at(11, 40),
            live::Kind::Skip,
            "bonnes-pratiques".into(),
        ));
        let keep = ["bonnes-pratiques", "conclusion"];
        let (line, json) = said(&p, &record, bundled_at(11, 45), &keep);
        assert!(
            line.contains(
                "«Échanges sur des bonnes pratiques pour permettre la contribution» skipped"
            ),
            "{line}"
        );
        let v: serde_json::Value = serde_json::from_str(&json).expect("json");
        assert_eq!(v["skipped_favourites"].as_array().map(Vec::len), Some(1));
        assert!(v["cut"].is_null(), "a skip is not a cut: {json}");
        let (line, _) = said(&p, &record, bundled_at(14, 0), &keep);
        assert!(!line.contains("skipped"), "past: {line}");
    }

    #[test]
    fn no_favourites_is_said_in_words_and_in_json() {
        let p = bundled_programme();
        let line = no_favourites(&p, bundled_at(11, 0), false, Lang::En);
        assert!(line.starts_with("★ no favourites"), "{line}");
        let v: serde_json::Value =
            serde_json::from_str(&no_favourites(&p, bundled_at(11, 0), true, Lang::En))
                .expect("json");
        assert_eq!(v["status"], "no_favourites");
        assert!(v["next"].is_null());
        assert_eq!(v["favourites_only"], true);
    }
}
