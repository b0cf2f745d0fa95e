//! `now --json`: the snapshot as one JSON object (shape version 1, documented in
//! `docs/now-json.md`; fields are only added).

use serde_json::json;

use super::{Snapshot, status_name};
use crate::i18n::Lang;
use crate::model::{Instant, Item, Programme};
use crate::timeline::seconds_until;

fn item_json(p: &Programme, item: &Item, now: Instant) -> serde_json::Value {
    let rfc = |t: Instant| t.with_timezone(&p.tz).to_rfc3339();
    json!({
        "id": item.id,
        "title": item.title,
        "kind": item.kind.name(),
        "room": item.room,
        "start": rfc(item.start),
        "end": rfc(item.end),
        "starts_in_seconds": seconds_until(now, item.start).max(0),
        "ends_in_seconds": seconds_until(now, item.end).max(0),
    })
}

/// The snapshot as JSON (shape version 1, documented in `docs/now-json.md`).
pub fn json(s: &Snapshot, p: &Programme) -> String {
    let value = json!({
        "version": 1,
        "now": s.now.with_timezone(&p.tz).to_rfc3339(),
        "time_zone": p.tz.name(),
        "status": status_name(s.phase),
        "running": s.running.as_ref().map(|i| item_json(p, i, s.now)),
        "over_seconds": s.over,
        "next": s.next.as_ref().map(|i| item_json(p, i, s.now)),
        "delay_minutes": s.delay,
        "running_items": s.running_all.iter().map(|i| item_json(p, i, s.now)).collect::<Vec<_>>(),
        "next_items": s.next_all.iter().map(|i| item_json(p, i, s.now)).collect::<Vec<_>>(),
        "parallel_rooms": s.parallel,
        "followed_room": s.followed_room,
        "favourites_only": s.favourites_only,
        "skipped_favourites": s.skipped,
        "message": s.message,
        "cut": s.cut.as_ref().map(|c| json!({
            "item": c.item,
            "minutes": crate::delay::whole_minutes(c.cut.seconds),
            "skipped": c.cut.to_nothing,
            "hard_start": c.hard,
            "hard_start_at": c.cut.hard_at.with_timezone(&p.tz).to_rfc3339(),
            "sentence": c.sentence(p.tz, Lang::En),
        })),
    });
    value.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundled_programme as bundled;
    use crate::now::snapshot;
    use crate::now::tests::{at, parallel};

    #[test]
    fn json_lists_every_running_item_with_its_room() {
        let p = parallel();
        let s = snapshot(&p, None, at(&p, 9, 30, 0));
        let v: serde_json::Value = serde_json::from_str(&json(&s, &p)).expect("json");
        assert_eq!(v["running"]["title"], "A1", "the first, as in version 1");
        assert_eq!(v["running_items"][1]["title"], "B1");
        assert_eq!(v["running_items"][1]["room"], "B");
        assert_eq!(v["running_items"].as_array().map(Vec::len), Some(2));
        assert_eq!(v["next_items"].as_array().map(Vec::len), Some(2));
        assert_eq!(v["parallel_rooms"], true);
        assert!(v["followed_room"].is_null());
    }

    #[test]
    fn json_has_the_documented_shape() {
        let p = bundled();
        let s = snapshot(&p, None, at(&p, 11, 10, 30));
        let v: serde_json::Value = serde_json::from_str(&json(&s, &p)).expect("json");
        assert_eq!(v["version"], 1);
        assert_eq!(v["status"], "running");
        assert_eq!(v["time_zone"], "Europe/Paris");
        assert_eq!(v["running"]["title"], "Pause");
        assert_eq!(v["running"]["end"], "2022-07-01T11:15:00+02:00");
        assert_eq!(v["running"]["ends_in_seconds"], 270);
        assert_eq!(v["next"]["id"], "retours-experience");
        assert_eq!(v["delay_minutes"], 0);
        assert!(v["over_seconds"].is_null());
        assert_eq!(v["running_items"][0]["title"], "Pause");
        assert_eq!(v["next_items"][0]["id"], "retours-experience");
        assert_eq!(v["parallel_rooms"], false);
    }
}
