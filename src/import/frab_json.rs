//! frab / pretalx `schedule.json` (version 1: `schedule.conference.days[].rooms{name: [events]}`)
//! and the c3voc "schedule2" JSON (`schedule.events[]`, flat, with `start` and `end`).
//!
//! The document is read as a `serde_json::Value` and walked by hand (with a second, light pass
//! for the order of the rooms, which a `Value` object does not keep): producers differ in types (a track as text or object, links
//! as URLs or objects, texts as strings or per-language maps), which a lenient walk absorbs.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime};
use serde::Deserialize;
use serde::de::IgnoredAny;
use serde_json::{Map, Value};

use super::text;
use super::{DeclaredTrack, End, Event, Format, ImportError, Lines, Source, Warnings, When};
use crate::model::timefmt::WallTime;
use crate::model::{Kind, Link, Room};

#[derive(Deserialize)]
struct Probe {
    schedule: Option<ProbeSchedule>,
}

#[derive(Deserialize)]
struct ProbeSchedule {
    conference: Option<IgnoredAny>,
    events: Option<IgnoredAny>,
}

/// `FrabJson` for `{"schedule": {"conference": …}}`, `Schedule2Json` when the schedule has a flat
/// `events` list; broken JSON that mentions `"schedule"` is taken as frab JSON so that importing
/// it reports the syntax error.
pub(super) fn detect(bytes: &[u8]) -> Option<Format> {
    match serde_json::from_slice::<Probe>(bytes) {
        Ok(Probe {
            schedule: Some(s), ..
        }) => match (s.events, s.conference) {
            (Some(_), _) => Some(Format::Schedule2Json),
            // Without a conference, importing says what is missing.
            (None, _) => Some(Format::FrabJson),
        },
        Ok(_) => None,
        Err(e) if e.is_data() => None,
        Err(_) => {
            let head = &bytes[..bytes.len().min(64 * 1024)];
            String::from_utf8_lossy(head)
                .contains("\"schedule\"")
                .then_some(Format::FrabJson)
        }
    }
}

/// A date and time as frab writes it: `2019-12-27T11:00:00+01:00` (absolute), or without an
/// offset (a wall time in the event's zone). Seconds are kept; the builder drops them.
pub(super) fn date_time(s: &str) -> Option<When> {
    let s = s.trim();
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(When::Fixed(d));
    }
    for f in [
        "%Y-%m-%dT%H:%M%:z",
        "%Y-%m-%d %H:%M:%S%:z",
        "%Y-%m-%d %H:%M%:z",
    ] {
        if let Ok(d) = DateTime::<FixedOffset>::parse_from_str(s, f) {
            return Some(When::Fixed(d));
        }
    }
    for f in [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(d) = NaiveDateTime::parse_from_str(s, f) {
            return Some(When::Local(d));
        }
    }
    None
}

pub(super) fn read(text: &str, name: &str, warnings: &mut Warnings) -> Result<Source, ImportError> {
    let value: Value = serde_json::from_str(text).map_err(|e| {
        let message = e.to_string();
        let message = message
            .find(" at line ")
            .map_or(message.as_str(), |i| &message[..i]);
        let hint = if e.is_eof() {
            " (is the file truncated?)"
        } else {
            ""
        };
        ImportError::malformed(
            name,
            Format::FrabJson,
            Some((e.line().max(1), e.column().max(1))),
            format!("not valid JSON: {message}{hint}"),
        )
    })?;
    let lines = Lines::new(text);
    let shape =
        |message: &str| ImportError::malformed(name, Format::FrabJson, None, message.to_owned());
    let schedule = value
        .get("schedule")
        .and_then(Value::as_object)
        .ok_or_else(|| {
            shape("no `schedule` object at the top: expected a frab `schedule.json` or c3voc schedule2")
        })?;
    let conference = schedule
        .get("conference")
        .and_then(Value::as_object)
        .ok_or_else(|| {
            shape("no `schedule.conference` object: expected the conference, with its `days`")
        })?;
    let flat = schedule.get("events").is_some();
    let mut source = Source::new(if flat {
        Format::Schedule2Json
    } else {
        Format::FrabJson
    });
    let language = conference
        .get("defaults")
        .and_then(|d| string(d.get("language")));
    source.meta.title = string(conference.get("title"))
        .or_else(|| string(conference.get("acronym")))
        .unwrap_or_default();
    source.meta.subtitle = string(conference.get("subtitle"));
    source.meta.description = localized(conference.get("description"), language.as_deref())
        .and_then(|d| text::description(&d));
    source.meta.url = string(conference.get("url"));
    source.meta.language.clone_from(&language);
    source.set_time_zone(string(conference.get("time_zone_name")));
    if let Some(dc) = string(conference.get("day_change")) {
        source.day_change = NaiveTime::parse_from_str(&dc, "%H:%M:%S")
            .or_else(|_| NaiveTime::parse_from_str(&dc, "%H:%M"))
            .ok()
            .and_then(|t| {
                use chrono::Timelike;
                WallTime::from_hm(t.hour(), t.minute())
            });
    }
    let mut room_names: Vec<(Option<String>, Option<String>, String)> = Vec::new();
    for room in array(conference.get("rooms")) {
        let Some(room_name) = string(room.get("name")).or_else(|| string(Some(room))) else {
            continue;
        };
        room_names.push((
            string(room.get("guid")),
            string(room.get("slug")),
            room_name.clone(),
        ));
        source.rooms.push(Room {
            name: room_name,
            description: localized(room.get("description"), language.as_deref())
                .and_then(|d| text::line(&d)),
        });
    }
    let mut track_slugs: Vec<(String, String)> = Vec::new();
    for track in array(conference.get("tracks")) {
        let Some(track_name) = string(track.get("name")).or_else(|| string(Some(track))) else {
            continue;
        };
        if let Some(slug) = string(track.get("slug")) {
            track_slugs.push((slug, track_name.clone()));
        }
        source.tracks.push(DeclaredTrack {
            name: track_name,
            color: string(track.get("color")),
        });
    }
    let ctx = Context {
        text,
        lines: &lines,
        language: language.as_deref(),
        rooms: &room_names,
        tracks: &track_slugs,
    };
    if flat {
        read_flat(schedule, conference, &ctx, &mut source, warnings);
    } else {
        let days = conference
            .get("days")
            .and_then(Value::as_array)
            .ok_or_else(|| {
                shape(
                    "no `schedule.conference.days` list: expected the days, each with its `rooms`",
                )
            })?;
        let order = room_order(text);
        for (n, day) in days.iter().enumerate() {
            let date = string(day.get("date"))
                .and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok());
            let where_ = format!("schedule.conference.days[{n}]");
            if date.is_none() {
                warnings.push(
                    "day",
                    None,
                    Some(&where_),
                    "no readable `date` (YYYY-MM-DD): its events are placed by their own dates",
                );
            }
            let Some(rooms) = day.get("rooms").and_then(Value::as_object) else {
                warnings.push(
                    "day",
                    None,
                    Some(&where_),
                    "no `rooms` object (room name → events): the day is empty",
                );
                continue;
            };
            // The rooms in the file's order (a JSON object's order is not kept by `Value`).
            let names: Vec<&String> = match order.get(n) {
                Some(keys) if keys.len() == rooms.len() => keys
                    .iter()
                    .filter_map(|k| rooms.get_key_value(k).map(|(k, _)| k))
                    .collect(),
                _ => rooms.keys().collect(),
            };
            for room in names {
                let events = &rooms[room];
                if let Some(room) = text::line(room)
                    && !source.rooms.iter().any(|r| r.name == room)
                {
                    source.rooms.push(Room {
                        name: room,
                        description: None,
                    });
                }
                for (k, event) in array(Some(events)).iter().enumerate() {
                    let place = format!("{where_}.rooms[\"{room}\"][{k}]");
                    if let Some(ev) = event_of(event, date, Some(room), &place, &ctx, warnings) {
                        source.events.push(ev);
                    }
                }
            }
        }
    }
    Ok(source)
}

/// The room names of each day of a v1 schedule, in the order the file writes them.
fn room_order(text: &str) -> Vec<Vec<String>> {
    #[derive(Deserialize)]
    struct Doc {
        schedule: Sched,
    }
    #[derive(Deserialize)]
    struct Sched {
        conference: Conf,
    }
    #[derive(Deserialize)]
    struct Conf {
        days: Vec<DayRooms>,
    }
    #[derive(Deserialize)]
    struct DayRooms {
        #[serde(default)]
        rooms: Keys,
    }
    /// The keys of an object, in order.
    #[derive(Default)]
    struct Keys(Vec<String>);
    impl<'de> Deserialize<'de> for Keys {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> serde::de::Visitor<'de> for V {
                type Value = Keys;
                fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                    f.write_str("an object")
                }
                fn visit_map<A: serde::de::MapAccess<'de>>(
                    self,
                    mut map: A,
                ) -> Result<Keys, A::Error> {
                    let mut keys = Vec::new();
                    while let Some(k) = map.next_key::<String>()? {
                        map.next_value::<IgnoredAny>()?;
                        keys.push(k);
                    }
                    Ok(Keys(keys))
                }
            }
            d.deserialize_map(V)
        }
    }
    serde_json::from_str::<Doc>(text)
        .map(|d| {
            d.schedule
                .conference
                .days
                .into_iter()
                .map(|d| d.rooms.0)
                .collect()
        })
        .unwrap_or_default()
}

struct Context<'a> {
    text: &'a str,
    lines: &'a Lines<'a>,
    language: Option<&'a str>,
    /// Declared rooms: guid, slug, name (schedule2 events point at rooms by guid).
    rooms: &'a [(Option<String>, Option<String>, String)],
    /// Declared tracks: slug, name.
    tracks: &'a [(String, String)],
}

impl Context<'_> {
    /// Where an event is, found by its `guid` in the text (JSON values carry no position).
    fn find(&self, guid: Option<&str>) -> Option<(usize, usize)> {
        let guid = guid?;
        let quoted = format!("\"{guid}\"");
        self.text.find(&quoted).map(|i| self.lines.at(i))
    }
}

/// schedule2: events carry absolute `start` and `end`; the event day comes from the conference's
/// `days` (`start`–`end` windows) when they are given.
fn read_flat(
    schedule: &Map<String, Value>,
    conference: &Map<String, Value>,
    ctx: &Context,
    source: &mut Source,
    warnings: &mut Warnings,
) {
    let windows: Vec<(NaiveDate, DateTime<FixedOffset>, DateTime<FixedOffset>)> =
        array(conference.get("days"))
            .iter()
            .filter_map(|d| {
                let date = NaiveDate::parse_from_str(&string(d.get("date"))?, "%Y-%m-%d").ok()?;
                let start = DateTime::parse_from_rfc3339(&string(d.get("start"))?).ok()?;
                let end = DateTime::parse_from_rfc3339(&string(d.get("end"))?).ok()?;
                Some((date, start, end))
            })
            .collect();
    for (n, event) in array(schedule.get("events")).iter().enumerate() {
        let place = format!("schedule.events[{n}]");
        let Some(mut ev) = event_of(event, None, None, &place, ctx, warnings) else {
            continue;
        };
        if let When::Fixed(start) = ev.start {
            ev.day = windows
                .iter()
                .find(|(_, from, to)| *from <= start && start < *to)
                .map(|(date, _, _)| *date);
        }
        source.events.push(ev);
    }
}

fn event_of(
    e: &Value,
    date: Option<NaiveDate>,
    container: Option<&str>,
    place: &str,
    ctx: &Context,
    warnings: &mut Warnings,
) -> Option<Event> {
    let title = string(e.get("title")).and_then(|t| text::line(&t));
    let guid = string(e.get("guid"));
    let at = ctx.find(guid.as_deref());
    let subject = match (&title, at) {
        (Some(t), Some(_)) => format!("event «{t}»"),
        (Some(t), None) => format!("{place}, event «{t}»"),
        (None, _) => format!("{place}, event (untitled)"),
    };
    if !e.is_object() {
        warnings.push(
            "not an event",
            at,
            Some(&subject),
            "not an object: expected an event with `title`, `date`…; left out",
        );
        return None;
    }
    let stated = string(e.get("start")).and_then(|s| {
        NaiveTime::parse_from_str(&s, "%H:%M")
            .or_else(|_| NaiveTime::parse_from_str(&s, "%H:%M:%S"))
            .ok()
    });
    // schedule2: `start` is a date-time; v1: `date` is, and `start` a wall time.
    let start_text = string(e.get("date"))
        .or_else(|| string(e.get("start")).filter(|s| s.len() > 8 && s.contains('-')));
    let start = match start_text.as_deref().map(|s| (s, date_time(s))) {
        Some((_, Some(w))) => Some(w),
        Some((s, None)) => {
            warnings.push(
                "date",
                at,
                Some(&subject),
                format!("`{s}` is not a date and time: expected e.g. 2019-12-27T11:00:00+01:00"),
            );
            None
        }
        None => None,
    };
    let start = start.or_else(|| Some(When::Local(date?.and_time(stated?))));
    let Some(start) = start else {
        warnings.push(
            "no start",
            at,
            Some(&subject),
            "no usable `date` (or `start`): left out",
        );
        return None;
    };
    let mut ev = Event::new(subject, at, start, title, "`title`", warnings);
    ev.day = date;
    if matches!(start, When::Fixed(_)) && string(e.get("date")).is_some() {
        ev.stated_start = stated;
    }
    ev.end = match (string(e.get("end")), string(e.get("duration"))) {
        (Some(end), _) if end.contains('-') => match date_time(&end) {
            Some(w) => End::At(w),
            None => End::Open(format!("`end` `{end}` is not a date and time")),
        },
        (_, Some(d)) => match text::frab_duration(&d).or_else(|| text::iso_duration(&d)) {
            Some(0) => End::Open("a `duration` of 0".to_owned()),
            Some(m) if m < 0 => End::Open(format!("a negative `duration` `{d}`")),
            Some(m) => End::Minutes(m),
            None => End::Open(format!(
                "`duration` `{d}` is not a duration (expected HH:MM, H:MM or D:HH:MM)"
            )),
        },
        _ => End::Open("no `duration` (or `end`)".to_owned()),
    };
    ev.id = guid
        .or_else(|| string(e.get("id")))
        .or_else(|| string(e.get("code")));
    ev.subtitle = string(e.get("subtitle")).and_then(|s| text::line(&s));
    // schedule2's MetaEvent `BREAK` becomes a break, `META` other.
    ev.kind = string(e.get("type"))
        .and_then(|t| text::kind(&t))
        .unwrap_or(Kind::Session);
    ev.room = room_of(e.get("room"), ctx).or_else(|| container.and_then(text::line));
    ev.track = track_of(e.get("track"), ctx);
    ev.language = string(e.get("language")).and_then(|l| text::line(&l));
    let people = e.get("persons").or_else(|| e.get("participants"));
    ev.speakers = array(people)
        .iter()
        .filter_map(|p| {
            ["public_name", "full_public_name", "name"]
                .iter()
                .find_map(|k| string(p.get(*k)))
                .or_else(|| string(Some(p)))
                .and_then(|n| text::line(&n))
        })
        .collect();
    ev.description = text::join_descriptions(&[
        localized(e.get("abstract"), ctx.language).and_then(|d| text::description(&d)),
        localized(e.get("description"), ctx.language).and_then(|d| text::description(&d)),
    ]);
    if let Some(url) = string(e.get("url")).and_then(|u| text::line(&u)) {
        ev.links.push(Link {
            url,
            title: Some("Event page".to_owned()),
        });
    }
    for l in array(e.get("links"))
        .iter()
        .chain(array(e.get("attachments")).iter())
    {
        let url = string(l.get("url"))
            .or_else(|| string(l.get("href")))
            .or_else(|| string(Some(l)))
            .and_then(|u| text::line(&u));
        let Some(url) = url else { continue };
        if ev.links.iter().any(|k| k.url == url) {
            continue;
        }
        ev.links.push(Link {
            url,
            title: string(l.get("title")).and_then(|t| text::line(&t)),
        });
    }
    if let Some(st) = string(e.get("state"))
        && !ev.take_state(&st, at, warnings)
    {
        return None;
    }
    Some(ev)
}

/// A room given as a name, or (schedule2) as `{guid, name, slug}` pointing at a declared room.
fn room_of(v: Option<&Value>, ctx: &Context) -> Option<String> {
    let v = v?;
    if let Some(name) = string(Some(v)) {
        return text::line(&name);
    }
    let guid = string(v.get("guid"));
    let slug = string(v.get("slug"));
    ctx.rooms
        .iter()
        .find(|(g, s, _)| (g.is_some() && *g == guid) || (s.is_some() && *s == slug))
        .map(|(_, _, n)| n.clone())
        .or_else(|| string(v.get("name")))
        .or(slug)
        .and_then(|n| text::line(&n))
}

/// A track given as a name, or (schedule2) as `{slug}` / `{name}`.
fn track_of(v: Option<&Value>, ctx: &Context) -> Option<String> {
    let v = v?;
    if let Some(name) = string(Some(v)) {
        return text::line(&name);
    }
    let slug = string(v.get("slug"));
    ctx.tracks
        .iter()
        .find(|(s, _)| Some(s) == slug.as_ref())
        .map(|(_, n)| n.clone())
        .or_else(|| string(v.get("name")))
        .or(slug)
        .and_then(|n| text::line(&n))
}

/// A string or a number, as trimmed text; `None` for anything else or when empty.
fn string(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.trim().to_owned()).filter(|s| !s.is_empty()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn array(v: Option<&Value>) -> &[Value] {
    v.and_then(Value::as_array).map_or(&[], Vec::as_slice)
}

/// A text given as a string, or (schedule2) as a map of languages: the conference's language,
/// else English, else the first.
fn localized(v: Option<&Value>, language: Option<&str>) -> Option<String> {
    let v = v?;
    if let Some(s) = string(Some(v)) {
        return Some(s);
    }
    let map = v.as_object()?;
    language
        .and_then(|l| string(map.get(l)))
        .or_else(|| string(map.get("en")))
        .or_else(|| map.values().find_map(|t| string(Some(t))))
}
