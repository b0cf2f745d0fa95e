//! `deroule now`: one line for status bars and prompts, a template, or JSON.
//!
//! Pure: the programme, the live record and `now` in; text out. The JSON shape is documented in
//! `docs/now-json.md` and versioned.

use serde_json::json;

use crate::i18n::Lang;
use crate::live::{self, Record};
use crate::model::{Instant, Item, Programme};
use crate::timeline::{self, Phase, format_countdown, seconds_until};

/// What is on at one instant, in the terms the line and the JSON use.
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub now: Instant,
    pub phase: Phase,
    pub running: Option<Item>,
    /// Seconds the running item is past the end it aimed for (with a live record).
    pub over: Option<i64>,
    pub next: Option<Item>,
    /// Minutes the next item is expected late (0 without a live record).
    pub delay: i64,
    pub last_end: Instant,
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
        over,
        next: moment.next.cloned(),
        delay: forecast.map_or(0, |f| f.delay_minutes()),
        last_end: programme.last_end(),
    }
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

/// The value of a template field, if the field exists (empty when it does not apply now).
fn field(s: &Snapshot, p: &Programme, name: &str) -> Option<String> {
    let run = s.running.as_ref();
    let next = s.next.as_ref();
    Some(match name {
        "title" => run.map(|i| i.title.clone()).unwrap_or_default(),
        "kind" => run.map(|i| i.kind.name().to_owned()).unwrap_or_default(),
        "room" => run.and_then(|i| i.room.clone()).unwrap_or_default(),
        "start" => run.map(|i| hm(p, i.start)).unwrap_or_default(),
        "end" => run.map(|i| hm(p, i.end)).unwrap_or_default(),
        "left" => run
            .map(|i| minutes_until(s.now, i.end).to_string())
            .unwrap_or_default(),
        "countdown" => run
            .map(|i| format_countdown(seconds_until(s.now, i.end)))
            .unwrap_or_default(),
        "next" => next.map(|i| i.title.clone()).unwrap_or_default(),
        "next_start" => next.map(|i| hm(p, i.start)).unwrap_or_default(),
        "next_in" => next
            .map(|i| minutes_until(s.now, i.start).to_string())
            .unwrap_or_default(),
        "delay" => s.delay.to_string(),
        "status" => status_name(s.phase).to_owned(),
        _ => return None,
    })
}

/// The names a `--format` template may use.
pub const FIELDS: [&str; 12] = [
    "title",
    "kind",
    "room",
    "start",
    "end",
    "left",
    "countdown",
    "next",
    "next_start",
    "next_in",
    "delay",
    "status",
];

/// Fills `{field}`s in `template` (`{{` and `}}` for braces); an unknown field is an error.
pub fn render(template: &str, s: &Snapshot, p: &Programme) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = template;
    while let Some(i) = rest.find(['{', '}']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if let Some(t) = tail.strip_prefix("{{") {
            out.push('{');
            rest = t;
        } else if let Some(t) = tail.strip_prefix("}}") {
            out.push('}');
            rest = t;
        } else if let Some(t) = tail.strip_prefix('{') {
            let end = t.find('}').ok_or("unclosed `{` in the template")?;
            let name = &t[..end];
            let value = field(s, p, name).ok_or_else(|| {
                format!(
                    "unknown field `{{{name}}}` in the template: expected one of {}",
                    FIELDS.join(", ")
                )
            })?;
            out.push_str(&value);
            rest = &t[end + 1..];
        } else {
            return Err("a lone `}` in the template: write `}}` for a brace".to_owned());
        }
    }
    out.push_str(rest);
    Ok(out)
}

/// The default line, in `lang`.
pub fn line(s: &Snapshot, p: &Programme, lang: Lang) -> String {
    let next_part = |prefix: &str| {
        s.next.as_ref().map_or(String::new(), |n| {
            format!("{prefix}{} {}", n.title, hm(p, n.start))
        })
    };
    let mut text = match (s.phase, &s.running, &s.next) {
        (Phase::Running, Some(item), _) => match s.over {
            Some(over) => format!(
                "▶ {} · {} {}{}",
                item.title,
                (over + 59) / 60,
                lang.pick("min over", "min de dépassement"),
                next_part(" → ")
            ),
            None => format!(
                "▶ {} · {} {} ({} {} min){}",
                item.title,
                lang.pick("ends", "fin"),
                hm(p, item.end),
                lang.pick("in", "dans"),
                minutes_until(s.now, item.end),
                next_part(" → ")
            ),
        },
        (Phase::Before, _, Some(next)) => format!(
            "{} {} · {} {} {}",
            lang.pick("Starts in", "Commence dans"),
            format_countdown(seconds_until(s.now, next.start)),
            next.title,
            lang.pick("at", "à"),
            hm(p, next.start)
        ),
        (Phase::After, _, _) | (_, _, None) => {
            format!(
                "{} {}",
                lang.pick("Ended at", "Terminé à"),
                hm(p, s.last_end)
            )
        }
        (_, _, Some(next)) => format!(
            "{} {} {} {} ({} {} min)",
            lang.pick("Next:", "Ensuite :"),
            next.title,
            lang.pick("at", "à"),
            hm(p, next.start),
            lang.pick("in", "dans"),
            minutes_until(s.now, next.start)
        ),
    };
    if s.delay != 0 && s.phase != Phase::After {
        let late = s.delay > 0;
        let text_delay = match lang {
            Lang::En => format!(
                " · running ~{} min {}",
                s.delay.abs(),
                if late { "late" } else { "early" }
            ),
            Lang::Fr => format!(
                " · ~{} min {}",
                s.delay.abs(),
                if late { "de retard" } else { "d’avance" }
            ),
        };
        text.push_str(&text_delay);
    }
    text
}

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
    });
    value.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn bundled() -> Programme {
        crate::model::load_str(crate::BUNDLED, "b")
            .expect("valid")
            .programme
    }

    fn at(p: &Programme, h: u32, m: u32, s: u32) -> Instant {
        p.tz.with_ymd_and_hms(2022, 7, 1, h, m, s)
            .single()
            .expect("valid")
            .to_utc()
    }

    #[test]
    fn lines_in_english_and_french() {
        let p = bundled();
        let s = snapshot(&p, None, at(&p, 11, 10, 30));
        assert_eq!(
            line(&s, &p, Lang::En),
            "▶ Pause · ends 11:15 (in 5 min) → Retours d’expérience de contributions réussies 11:15"
        );
        assert_eq!(
            line(&s, &p, Lang::Fr),
            "▶ Pause · fin 11:15 (dans 5 min) → Retours d’expérience de contributions réussies 11:15"
        );
        let before = snapshot(&p, None, at(&p, 8, 30, 0));
        assert_eq!(
            line(&before, &p, Lang::En),
            "Starts in 30:00 · Accueil et café at 09:00"
        );
        assert_eq!(
            line(&before, &p, Lang::Fr),
            "Commence dans 30:00 · Accueil et café à 09:00"
        );
        let after = snapshot(&p, None, at(&p, 18, 0, 0));
        assert_eq!(line(&after, &p, Lang::Fr), "Terminé à 18:00");
        let last = snapshot(&p, None, at(&p, 17, 45, 0));
        assert_eq!(
            line(&last, &p, Lang::En),
            "▶ Temps informel avant départ · ends 18:00 (in 15 min)"
        );
    }

    #[test]
    fn templates_fill_named_fields_and_refuse_unknown_ones() {
        let p = bundled();
        let s = snapshot(&p, None, at(&p, 11, 10, 30));
        let out = render(
            "{status}: {title} [{kind}] {countdown} left, then {next} at {next_start} {{ok}}",
            &s,
            &p,
        );
        assert_eq!(
            out.as_deref(),
            Ok(
                "running: Pause [break] 4:30 left, then Retours d’expérience de contributions réussies at 11:15 {ok}"
            )
        );
        let err = render("{tittle}", &s, &p).expect_err("unknown");
        assert!(err.contains("unknown field `{tittle}`"), "{err}");
        assert!(render("{title", &s, &p).is_err());
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
    }
}
