//! `deroule now`: one line for status bars and prompts, a template, or JSON.
//!
//! Pure: the programme, the live record and `now` in; text out. The JSON shape is documented in
//! `docs/now-json.md` and versioned.
//!
//! A programme with parallel rooms (FOSDEM) has no one "current item": the line then counts what
//! runs and where (`▶ 27 items running in 27 rooms · next: 11:05 (3 rooms)`), the JSON lists every
//! running item, and [`for_room`] narrows the programme to one room (`--room`) for the one-room
//! line with the room named.

mod favourites;

use serde_json::json;

pub use favourites::{for_favourites, no_favourites};

use crate::delay::Cut;
use crate::i18n::Lang;
use crate::live::{self, Record};
use crate::model::timefmt::format_minutes;
use crate::model::{Instant, Item, Programme};
use crate::timeline::{self, Phase, format_countdown, seconds_until};

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
    pub cut: Option<Cut>,
    /// The day `cut` indexes into.
    pub day: usize,
    /// The facilitator's message to attendees (with a live record).
    pub message: Option<String>,
    /// The programme given was narrowed to the favourites (`--favourites`, [`for_favourites`]):
    /// the line starts with ★.
    pub favourites_only: bool,
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
        cut: forecast.as_ref().and_then(|f| f.running_cut().copied()),
        day: moment.day,
        message: record.and_then(|r| r.message_at(now)).map(str::to_owned),
        favourites_only: false,
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
        "next_countdown" => next
            .map(|i| format_countdown(seconds_until(s.now, i.start)))
            .unwrap_or_default(),
        "next_room" => next.and_then(|i| i.room.clone()).unwrap_or_default(),
        "running_count" => s.running_all.len().to_string(),
        "next_count" => s.next_all.len().to_string(),
        "delay" => s.delay.to_string(),
        "status" => status_name(s.phase).to_owned(),
        _ => return None,
    })
}

/// The names a `--format` template may use. `left` and `next_in` are whole minutes (rounded up),
/// `countdown` and `next_countdown` are `m:ss` (`h:mm:ss` past an hour).
pub const FIELDS: [&str; 16] = [
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
    "next_countdown",
    "next_room",
    "running_count",
    "next_count",
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
            // A value is one line whatever the file holds (no CR, LF or tab, no control).
            out.push_str(&crate::inert::line(&value));
            rest = &t[end + 1..];
        } else {
            return Err("a lone `}` in the template: write `}}` for a brace".to_owned());
        }
    }
    out.push_str(rest);
    Ok(out)
}

/// `27 items running in 27 rooms` / `27 séances en cours dans 27 salles`.
fn running_count(items: &[Item], lang: Lang) -> String {
    let rooms = distinct_rooms(items);
    match lang {
        Lang::En => format!(
            "{} running in {}",
            count(items.len(), "item", "items"),
            count(rooms, "room", "rooms")
        ),
        Lang::Fr => format!(
            "{} en cours dans {}",
            count(items.len(), "séance", "séances"),
            count(rooms, "salle", "salles")
        ),
    }
}

fn distinct_rooms(items: &[Item]) -> usize {
    let mut rooms: Vec<Option<&str>> = items.iter().map(|i| i.room.as_deref()).collect();
    rooms.sort_unstable();
    rooms.dedup();
    rooms.len()
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Where the next items are, with parallel rooms: `K.3.201` for one, `3 rooms` for several;
/// nothing for a plenary item.
fn next_rooms(items: &[Item], lang: Lang) -> Option<String> {
    match items {
        [one] => one.room.clone(),
        many => Some(match lang {
            Lang::En => count(distinct_rooms(many), "room", "rooms"),
            Lang::Fr => count(distinct_rooms(many), "salle", "salles"),
        }),
    }
}

/// The next item's title, or with parallel rooms and several starting at once, how many.
fn next_what(s: &Snapshot, next: &Item, lang: Lang) -> String {
    if s.parallel && s.next_all.len() > 1 {
        match lang {
            Lang::En => count(s.next_all.len(), "item", "items"),
            Lang::Fr => count(s.next_all.len(), "séance", "séances"),
        }
    } else {
        next.title.clone()
    }
}

/// The default line, in `lang`. With parallel rooms it says which rooms, and counts what runs
/// when more than one item does; a "next" in another room is not the running item's follow-up,
/// so it is given as a time and a place (`· next: 11:05 (3 rooms)`), not as `→ Title`.
pub fn line(s: &Snapshot, p: &Programme, lang: Lang) -> String {
    // The one running item's follow-up: the one next item, in its room.
    let follows = matches!(
        (s.running_all.as_slice(), s.next_all.as_slice()),
        ([run], [next]) if run.room == next.room
    );
    let next_part = |prefix: &str| {
        s.next.as_ref().map_or(String::new(), |n| {
            if s.parallel && !follows {
                let rooms =
                    next_rooms(&s.next_all, lang).map_or(String::new(), |r| format!(" ({r})"));
                format!(
                    " · {} {}{rooms}",
                    lang.pick("next:", "ensuite :"),
                    hm(p, n.start),
                )
            } else {
                format!("{prefix}{} {}", n.title, hm(p, n.start))
            }
        })
    };
    // The running item's title, and its room when rooms run in parallel or one is followed.
    let titled = |item: &Item| match &item.room {
        Some(room) if s.parallel || s.followed_room.is_some() => {
            format!("{} · {room}", item.title)
        }
        _ => item.title.clone(),
    };
    // ` · K.3.201`, ` · 30 rooms` after a next item when rooms run in parallel.
    let where_next = || {
        next_rooms(&s.next_all, lang)
            .filter(|_| s.parallel)
            .map_or(String::new(), |r| format!(" · {r}"))
    };
    let mut text = match (s.phase, &s.running, &s.next) {
        (Phase::Running, Some(_), _) if s.running_all.len() > 1 => format!(
            "▶ {}{}",
            running_count(&s.running_all, lang),
            next_part(" → ")
        ),
        (Phase::Running, Some(item), _) => match s.over {
            Some(over) => format!(
                "▶ {} · {} {}{}",
                titled(item),
                (over + 59) / 60,
                lang.pick("min over", "min de dépassement"),
                next_part(" → ")
            ),
            None => format!(
                "▶ {} · {} {} ({} {}){}",
                titled(item),
                lang.pick("ends", "fin"),
                hm(p, item.end),
                lang.pick("in", "dans"),
                format_minutes(minutes_until(s.now, item.end)),
                next_part(" → ")
            ),
        },
        (Phase::Before, _, Some(next)) => format!(
            "{} {} · {} {} {}{}",
            lang.pick("Starts in", "Commence dans"),
            format_countdown(seconds_until(s.now, next.start)),
            next_what(s, next, lang),
            lang.pick("at", "à"),
            hm(p, next.start),
            where_next()
        ),
        (Phase::After, _, _) | (_, _, None) => {
            // Which day it ended, when there were several.
            let day = if p.days.len() > 1 {
                format!(
                    " {} {}",
                    lang.pick("on", "le"),
                    lang.date_short(s.last_end.with_timezone(&p.tz).date_naive())
                )
            } else {
                String::new()
            };
            format!(
                "{} {}{day}",
                lang.pick("Ended at", "Terminé à"),
                hm(p, s.last_end)
            )
        }
        (_, _, Some(next)) => format!(
            "{} {} {} {} ({} {}){}",
            lang.pick("Next:", "Ensuite :"),
            next_what(s, next, lang),
            lang.pick("at", "à"),
            hm(p, next.start),
            lang.pick("in", "dans"),
            // `in 13 h 30` rather than `in 810 min` overnight.
            format_minutes(minutes_until(s.now, next.start)),
            where_next()
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
    if let Some(cut) = &s.cut
        && let Some(day) = p.days.get(s.day)
    {
        text.push_str(" · ");
        text.push_str(&cut.sentence(&day.items, p.tz, lang));
    }
    if let Some(message) = &s.message {
        text.push_str(" · ");
        text.push_str(message);
    }
    if s.favourites_only {
        text.insert_str(0, "★ ");
    }
    // One line whatever the titles and rooms hold (no CR, LF or tab, no control).
    crate::inert::line(&text).into_owned()
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
        "running_items": s.running_all.iter().map(|i| item_json(p, i, s.now)).collect::<Vec<_>>(),
        "next_items": s.next_all.iter().map(|i| item_json(p, i, s.now)).collect::<Vec<_>>(),
        "parallel_rooms": s.parallel,
        "followed_room": s.followed_room,
        "favourites_only": s.favourites_only,
        "message": s.message,
        "cut": s.cut.as_ref().and_then(|c| {
            let items = &p.days.get(s.day)?.items;
            Some(json!({
                "item": items.get(c.index)?.title,
                "minutes": crate::delay::whole_minutes(c.seconds),
                "skipped": c.to_nothing,
                "hard_start": items.get(c.hard)?.title,
                "hard_start_at": c.hard_at.with_timezone(&p.tz).to_rfc3339(),
                "sentence": c.sentence(items, p.tz, Lang::En),
            }))
        }),
    });
    value.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    use crate::bundled_programme as bundled;

    fn at(p: &Programme, h: u32, m: u32, s: u32) -> Instant {
        p.tz.with_ymd_and_hms(2022, 7, 1, h, m, s)
            .single()
            .expect("valid")
            .to_utc()
    }

    /// Issue #12: lunch a hard start, « Retours » started 11:22, « Échanges » 11:58: at 12:10
    /// lunch is still at 12:30 and the line says what it costs.
    #[test]
    fn a_kept_hard_start_is_announced_with_its_cut() {
        let mut p = bundled();
        p.days[0].items[6].hard_start = true;
        let mut record = Record::new(&p, at(&p, 9, 0, 0));
        let mut start = |item: &str, ended: &str, t: Instant| {
            let mut e = live::Entry::new(t, live::Kind::Start, item.into());
            e.ended = Some(ended.into());
            record.actions.push(e);
        };
        start("retours-experience", "pause-matin", at(&p, 11, 22, 0));
        start("bonnes-pratiques", "retours-experience", at(&p, 11, 58, 0));
        record.set_message(at(&p, 12, 0, 0), "Lunch is served in the hall");
        let s = snapshot(&p, Some(&record), at(&p, 12, 10, 0));
        assert_eq!(
            line(&s, &p, Lang::En),
            "▶ Échanges sur des bonnes pratiques pour permettre la contribution · ends 12:30 \
             (in 20 min) → Pause déjeuner 12:30 · «Échanges sur des bonnes pratiques pour \
             permettre la contribution» cut by 13 min to keep «Pause déjeuner» at 12:30 · Lunch \
             is served in the hall"
        );
        let v: serde_json::Value = serde_json::from_str(&json(&s, &p)).expect("json");
        assert_eq!(v["delay_minutes"], 0);
        assert_eq!(v["message"], "Lunch is served in the hall");
        assert_eq!(v["cut"]["minutes"], 13);
        assert_eq!(v["cut"]["hard_start_at"], "2022-07-01T12:30:00+02:00");
        record.set_message(at(&p, 12, 5, 0), "");
        let s = snapshot(&p, Some(&record), at(&p, 12, 10, 0));
        assert_eq!(s.message, None, "an empty message clears it");
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

    /// Two rooms in parallel, then a plenary closing.
    fn parallel() -> Programme {
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
    fn parallel_rooms_are_counted_and_next_is_a_time_and_a_place() {
        let p = parallel();
        let both = snapshot(&p, None, at(&p, 9, 30, 0));
        assert_eq!(
            line(&both, &p, Lang::En),
            "▶ 2 items running in 2 rooms · next: 10:00 (2 rooms)"
        );
        assert_eq!(
            line(&both, &p, Lang::Fr),
            "▶ 2 séances en cours dans 2 salles · ensuite : 10:00 (2 salles)"
        );
        // One left running: its room is named, and the next is not its follow-up.
        let one = snapshot(&p, None, at(&p, 9, 55, 0));
        assert_eq!(
            line(&one, &p, Lang::En),
            "▶ A1 · A · ends 10:00 (in 5 min) · next: 10:00 (2 rooms)"
        );
        let before = snapshot(&p, None, at(&p, 8, 0, 0));
        assert_eq!(
            line(&before, &p, Lang::En),
            "Starts in 1:00:00 · 2 items at 09:00 · 2 rooms"
        );
        let closing = snapshot(&p, None, at(&p, 10, 30, 0));
        assert_eq!(
            line(&closing, &p, Lang::En),
            "▶ 2 items running in 2 rooms · next: 11:00"
        );
    }

    #[test]
    fn the_next_item_of_the_running_items_room_is_its_follow_up() {
        let p = crate::model::load_str(
            "title: P\ntime_zone: Europe/Paris\nrooms: [A, B]\ndate: 2022-07-01\nitems:\n  \
             - {title: A1, start: 9h, end: 10h, room: A}\n  - {title: A2, start: 10h, end: 11h, room: A}\n  \
             - {title: B1, start: 10h30, end: 11h, room: B}\n",
            "p.yaml",
        )
        .expect("valid")
        .programme;
        let s = snapshot(&p, None, at(&p, 9, 30, 0));
        assert_eq!(
            line(&s, &p, Lang::En),
            "▶ A1 · A · ends 10:00 (in 30 min) → A2 10:00"
        );
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
    }

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
    fn units_of_the_template_fields() {
        let p = bundled();
        let s = snapshot(&p, None, at(&p, 11, 10, 30));
        let out = render(
            "{left}|{countdown}|{next_in}|{next_countdown}|{running_count}",
            &s,
            &p,
        );
        assert_eq!(out.as_deref(), Ok("5|4:30|5|4:30|1"));
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
