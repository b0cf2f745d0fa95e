//! `now --favourites`: the programme narrowed to the attendee's favourites, and what to say
//! when there is none.

use serde_json::json;

use crate::i18n::Lang;
use crate::live;
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
