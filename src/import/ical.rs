//! iCalendar (`.ics`, RFC 5545): each `VEVENT` becomes an item.
//!
//! Content lines are parsed by the `icalendar` crate (unfolding, parameters, quoting, text
//! escapes). Before that, a pass over the lines checks that `BEGIN`/`END` pair up, so that a
//! truncated or broken file gets a message with the line of the original file.
//!
//! Times: UTC (`…Z`), `TZID=` (an IANA name, a name ending in one such as
//! `/mozilla.org/…/Europe/Berlin`, a `VTIMEZONE` with `X-LIC-LOCATION`, or a common Windows
//! name) and floating times (read in the calendar's zone). All-day events (`VALUE=DATE`) are left
//! out with a warning. An event with neither `DTEND` nor `DURATION` is an instant for RFC 5545;
//! here it ends when the next item of its room starts.
//!
//! Repeating events (`RRULE`, `RDATE`, `EXDATE`, `RECURRENCE-ID`) are expanded in
//! [`recurrence`], each occurrence an event of its own.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use icalendar::parser::{Component, Property, read_components, unfold};

use super::text;
use super::{End, Event, Format, ImportError, Source, Warnings, When};
use crate::model::{Kind, Link};

mod recurrence;

pub(super) fn read(text: &str, name: &str, warnings: &mut Warnings) -> Result<Source, ImportError> {
    let logical = check_structure(text, name)?;
    let unfolded = unfold(text);
    let components = read_components(&unfolded).map_err(|e| {
        // The parser's message is several lines long and counts unfolded lines.
        let line = e
            .split("at line ")
            .nth(1)
            .and_then(|r| r.split(|c: char| !c.is_ascii_digit()).next())
            .and_then(|n| n.parse::<usize>().ok())
            .and_then(|n| logical.get(n.saturating_sub(1)).copied());
        ImportError::malformed(
            name,
            Format::ICalendar,
            line.map(|l| (l, 1)),
            "not valid iCalendar: this line cannot be read as `NAME;PARAM=…:value`",
        )
    })?;
    let mut source = Source::new(Format::ICalendar);
    let mut events: Vec<&Component> = Vec::new();
    let mut zones: HashMap<String, Tz> = HashMap::new();
    let mut calendar_zone: Option<String> = None;
    let mut malformed_zones: Vec<(String, String)> = Vec::new();
    for cal in &components {
        if !cal.name.as_str().eq_ignore_ascii_case("VCALENDAR") {
            continue;
        }
        for p in &cal.properties {
            let value = || Some(text_value(p));
            match upper(p).as_str() {
                "X-WR-CALNAME" if source.meta.title.is_empty() => {
                    source.meta.title = value().and_then(|v| text::line(&v)).unwrap_or_default();
                }
                "X-WR-CALDESC" => {
                    source.meta.description = value().and_then(|v| text::description(&v));
                }
                "X-WR-TIMEZONE" => calendar_zone = value().and_then(|v| text::line(&v)),
                // `VTIMEZONE: Europe/Rome`, `TZ:…`: a zone written as a property, which iCalendar
                // has not; kept as a hint of what the organisers meant.
                "VTIMEZONE" | "TZ" | "TIMEZONE" | "X-TIMEZONE" | "TZID" => {
                    if let Some(v) = value().and_then(|v| text::line(&v)) {
                        malformed_zones.push((upper(p), v));
                    }
                }
                _ => {}
            }
        }
        for c in &cal.components {
            match c.name.as_str().to_ascii_uppercase().as_str() {
                "VEVENT" => events.push(c),
                "VTIMEZONE" => {
                    let id = prop(c, "TZID").map(|p| p.val.as_str().trim().to_owned());
                    let iana = prop(c, "X-LIC-LOCATION")
                        .and_then(|p| p.val.as_str().trim().parse::<Tz>().ok());
                    if let (Some(id), Some(tz)) = (id, iana) {
                        zones.insert(id, tz);
                    }
                }
                _ => {}
            }
        }
    }
    let lines: Vec<&str> = text.split('\n').collect();
    let event_lines: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.trim_end().eq_ignore_ascii_case("BEGIN:VEVENT"))
        .map(|(n, _)| n + 1)
        .collect();
    if events.is_empty() {
        return Err(ImportError::Empty {
            name: name.to_owned(),
            reason: "no VEVENT in the calendar".to_owned(),
        });
    }
    let vevents: Vec<recurrence::Vevent> = events
        .into_iter()
        .enumerate()
        .map(|(k, c)| recurrence::Vevent {
            c,
            at: event_lines.get(k).map(|&l| (l, 1)),
            uid: prop(c, "UID").map(text_value).and_then(|u| text::line(&u)),
        })
        .collect();
    for (property, value) in malformed_zones {
        let at = lines
            .iter()
            .position(|l| l.trim_start().to_ascii_uppercase().starts_with(&property))
            .map(|n| (n + 1, 1));
        warnings.push(
            "zone",
            at,
            None,
            format!(
                "`{property}: {value}` is not how iCalendar names a zone (a VTIMEZONE component, \
                 TZID= on the times, or X-WR-TIMEZONE): not used"
            ),
        );
        source.zone_hints.push(value);
    }
    // Unknown TZIDs name what the organisers meant, even when deroule cannot use them.
    for v in &vevents {
        if let Some(id) = prop(v.c, "DTSTART").and_then(|p| param(p, "TZID"))
            && zone(id, &zones).is_none()
            && !source.zone_hints.iter().any(|h| h == id)
        {
            source.zone_hints.push(id.to_owned());
        }
    }
    let mut zone_votes: HashMap<Tz, usize> = HashMap::new();
    let calendar = recurrence::Calendar {
        zones: &zones,
        lines: &lines,
    };
    source.events = calendar.events(&vevents, &mut zone_votes, warnings);
    // The calendar's zone: X-WR-TIMEZONE, else the zone most events are written in.
    match calendar_zone {
        Some(z) => source.set_time_zone(Some(z)),
        None => {
            let mut votes: Vec<(Tz, usize)> = zone_votes.into_iter().collect();
            votes.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.name().cmp(b.0.name())));
            source.time_zone = votes.first().map(|(tz, _)| *tz);
        }
    }
    Ok(source)
}

/// Checks that `BEGIN:`/`END:` pair up and that every line is a content line; returns, for each
/// unfolded line, the line of the file where it starts.
fn check_structure(text: &str, name: &str) -> Result<Vec<usize>, ImportError> {
    let error = |line: usize, message: String| {
        ImportError::malformed(name, Format::ICalendar, Some((line, 1)), message)
    };
    let mut logical = Vec::new();
    let mut open: Vec<(String, usize)> = Vec::new();
    let mut closed_calendar = false;
    for (n, raw) in text.split('\n').enumerate() {
        let number = n + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if n > 0 && (line.starts_with(' ') || line.starts_with('\t')) {
            continue;
        }
        logical.push(number);
        if line.trim().is_empty() {
            continue;
        }
        let upper = line.to_ascii_uppercase();
        if let Some(what) = upper.strip_prefix("BEGIN:") {
            if open.is_empty() && what.trim() != "VCALENDAR" {
                return Err(error(
                    number,
                    format!(
                        "not valid iCalendar: `BEGIN:{}` outside a calendar: expected \
                         `BEGIN:VCALENDAR` first",
                        what.trim()
                    ),
                ));
            }
            if open.len() >= 16 {
                return Err(error(
                    number,
                    "not valid iCalendar: components nested more than 16 deep".to_owned(),
                ));
            }
            open.push((what.trim().to_owned(), number));
        } else if let Some(what) = upper.strip_prefix("END:") {
            let what = what.trim();
            match open.pop() {
                Some((begun, _)) if begun == what => {
                    closed_calendar |= open.is_empty();
                }
                Some((begun, from)) => {
                    return Err(error(
                        number,
                        format!(
                            "not valid iCalendar: `END:{what}` closes `BEGIN:{begun}` of line \
                             {from}: expected `END:{begun}` first"
                        ),
                    ));
                }
                None => {
                    return Err(error(
                        number,
                        format!("not valid iCalendar: `END:{what}` without a `BEGIN:{what}`"),
                    ));
                }
            }
        } else if open.is_empty() {
            return Err(error(
                number,
                "not valid iCalendar: a line outside `BEGIN:VCALENDAR` … `END:VCALENDAR`"
                    .to_owned(),
            ));
        } else if !line.contains(':') {
            return Err(error(
                number,
                format!(
                    "not valid iCalendar: `{}` is not a `NAME:value` line (a folded line goes on \
                     with a leading space)",
                    line.chars().take(40).collect::<String>()
                ),
            ));
        }
    }
    if let Some((begun, from)) = open.last() {
        return Err(error(
            *from,
            format!(
                "not valid iCalendar: the file ends inside `BEGIN:{begun}`, which starts here: \
                 expected `END:{begun}` (is the file truncated?)"
            ),
        ));
    }
    if !closed_calendar {
        return Err(ImportError::malformed(
            name,
            Format::ICalendar,
            None,
            "not valid iCalendar: no `BEGIN:VCALENDAR` … `END:VCALENDAR`",
        ));
    }
    Ok(logical)
}

fn upper(p: &Property) -> String {
    p.name.as_str().to_ascii_uppercase()
}

fn prop<'a>(c: &'a Component, name: &str) -> Option<&'a Property<'a>> {
    c.properties
        .iter()
        .find(|p| p.name.as_str().eq_ignore_ascii_case(name))
}

fn param<'a>(p: &'a Property, key: &str) -> Option<&'a str> {
    p.params
        .iter()
        .find(|k| k.key.as_str().eq_ignore_ascii_case(key))
        .and_then(|k| k.val.as_ref())
        .map(|v| v.as_str().trim_matches('"'))
}

/// A TEXT value with its escapes (`\,` `\;` `\n` `\\`) undone. The parser does it for property
/// names in upper case; lower-case ones are undone here.
fn text_value(p: &Property) -> String {
    if p.name.as_str().chars().any(char::is_lowercase) {
        p.val.clone().unescape_text().as_str().to_owned()
    } else {
        p.val.as_str().to_owned()
    }
}

/// A DATE-TIME or DATE value as written.
enum Time {
    Date(NaiveDate),
    Utc(NaiveDateTime),
    Zoned(NaiveDateTime, Tz),
    /// Floating, or in a zone we cannot resolve (named in the `String`).
    Floating(NaiveDateTime, Option<String>),
}

fn time_of(p: &Property, zones: &HashMap<String, Tz>) -> Result<Time, String> {
    time_in(p.val.as_str(), p, zones)
}

/// `value` (one of a list, or the whole value) read with the parameters of `p`.
fn time_in(value: &str, p: &Property, zones: &HashMap<String, Tz>) -> Result<Time, String> {
    let value = value.trim();
    let is_date = param(p, "VALUE").is_some_and(|v| v.eq_ignore_ascii_case("DATE"))
        || (value.len() == 8 && value.bytes().all(|b| b.is_ascii_digit()));
    if is_date {
        return NaiveDate::parse_from_str(value, "%Y%m%d")
            .map(Time::Date)
            .map_err(|_| format!("`{value}` is not a date (YYYYMMDD)"));
    }
    let (local, utc) = match value.strip_suffix(['Z', 'z']) {
        Some(v) => (v, true),
        None => (value, false),
    };
    let naive = NaiveDateTime::parse_from_str(local, "%Y%m%dT%H%M%S")
        .or_else(|_| NaiveDateTime::parse_from_str(local, "%Y%m%dT%H%M"))
        .map_err(|_| {
            format!("`{value}` is not a date-time: expected YYYYMMDDTHHMMSS, with `Z` for UTC")
        })?;
    if utc {
        return Ok(Time::Utc(naive));
    }
    match param(p, "TZID") {
        None => Ok(Time::Floating(naive, None)),
        Some(id) => Ok(match zone(id, zones) {
            Some(tz) => Time::Zoned(naive, tz),
            None => Time::Floating(naive, Some(id.to_owned())),
        }),
    }
}

/// An IANA zone for a `TZID`: the name itself, a `VTIMEZONE`'s `X-LIC-LOCATION`, the end of a
/// path (`/mozilla.org/20070129_1/Europe/Berlin`), or a common Windows name.
fn zone(id: &str, zones: &HashMap<String, Tz>) -> Option<Tz> {
    if let Ok(tz) = id.parse::<Tz>() {
        return Some(tz);
    }
    if let Some(tz) = zones.get(id) {
        return Some(*tz);
    }
    let parts: Vec<&str> = id.split('/').collect();
    for n in 1..parts.len() {
        if let Ok(tz) = parts[n..].join("/").parse::<Tz>() {
            return Some(tz);
        }
    }
    let windows = match id {
        "W. Europe Standard Time" => "Europe/Berlin",
        "Romance Standard Time" => "Europe/Paris",
        "Central Europe Standard Time" => "Europe/Budapest",
        "Central European Standard Time" => "Europe/Warsaw",
        "GMT Standard Time" => "Europe/London",
        "E. Europe Standard Time" => "Europe/Chisinau",
        "FLE Standard Time" => "Europe/Kiev",
        "Eastern Standard Time" => "America/New_York",
        "Central Standard Time" => "America/Chicago",
        "Mountain Standard Time" => "America/Denver",
        "Pacific Standard Time" => "America/Los_Angeles",
        "Tokyo Standard Time" => "Asia/Tokyo",
        "India Standard Time" => "Asia/Kolkata",
        "AUS Eastern Standard Time" => "Australia/Sydney",
        "UTC" | "Coordinated Universal Time" => "UTC",
        _ => return None,
    };
    windows.parse().ok()
}

/// The [`When`] of a time; `Err` for a date (an all-day value).
fn when(t: &Time) -> Result<When, NaiveDate> {
    match t {
        Time::Date(d) => Err(*d),
        Time::Utc(n) => Ok(When::Fixed(Utc.from_utc_datetime(n).fixed_offset())),
        Time::Zoned(n, tz) => Ok(match tz.from_local_datetime(n).earliest() {
            Some(t) => When::Fixed(t.fixed_offset()),
            // In the hour the clocks skip: the same wall time an hour later.
            None => match n
                .checked_add_signed(chrono::Duration::hours(1))
                .and_then(|later| tz.from_local_datetime(&later).earliest())
            {
                Some(t) => When::Fixed(t.fixed_offset()),
                None => When::Local(*n),
            },
        }),
        Time::Floating(n, _) => Ok(When::Local(*n)),
    }
}

/// The event of a `VEVENT`, and its start as written (never a date). `master` is the repeating
/// event a `RECURRENCE-ID` override belongs to: the override takes from it the texts it does not
/// give itself (title, place, description, link, categories). An override without `DTSTART`
/// starts at its `RECURRENCE-ID`.
fn event_of(
    c: &Component,
    at: Option<(usize, usize)>,
    zones: &HashMap<String, Tz>,
    master: Option<&Component>,
    warnings: &mut Warnings,
) -> Option<(Event, Time)> {
    let inherited = |name: &str| prop(c, name).or_else(|| master.and_then(|m| prop(m, name)));
    let title = inherited("SUMMARY")
        .map(text_value)
        .and_then(|t| text::line(&t));
    let subject = format!("event «{}»", title.as_deref().unwrap_or("(untitled)"));
    let dtstart = prop(c, "DTSTART").or_else(|| prop(c, "RECURRENCE-ID"));
    let Some(dtstart) = dtstart else {
        warnings.push("no start", at, Some(&subject), "no DTSTART: left out");
        return None;
    };
    let start = match time_of(dtstart, zones) {
        Ok(t) => t,
        Err(message) => {
            warnings.push(
                "no start",
                at,
                Some(&subject),
                format!("DTSTART {message}: left out"),
            );
            return None;
        }
    };
    if let Time::Floating(_, Some(id)) = &start {
        warnings.push(
            "tzid",
            at,
            Some(&subject),
            format!("unknown TZID `{id}`: its times are read in the calendar's zone"),
        );
    }
    let start_when = match when(&start) {
        Ok(w) => w,
        Err(date) => {
            warnings.push(
                "all-day",
                at,
                Some(&subject),
                format!(
                    "an all-day event ({date}, DTSTART;VALUE=DATE): not a programme slot, \
                     left out"
                ),
            );
            return None;
        }
    };
    let mut ev = Event::new(subject, at, start_when, title, "SUMMARY", warnings);
    ev.end = match (prop(c, "DTEND"), prop(c, "DURATION")) {
        (Some(p), _) => match time_of(p, zones).map(|t| when(&t)) {
            Ok(Ok(w)) => End::At(w),
            Ok(Err(_)) => End::Open("DTEND is a date, not a date-time".to_owned()),
            Err(message) => End::Open(format!("DTEND {message}")),
        },
        (None, Some(p)) => match text::iso_duration(p.val.as_str()) {
            Some(m) if m > 0 => End::Minutes(m),
            Some(_) => End::Open(format!("DURATION `{}` is not positive", p.val.as_str())),
            None => End::Open(format!(
                "DURATION `{}` is not a duration (expected e.g. PT1H30M)",
                p.val.as_str()
            )),
        },
        (None, None) => End::Open("no DTEND nor DURATION (an instant for RFC 5545)".to_owned()),
    };
    ev.id = prop(c, "UID").map(text_value).and_then(|u| text::line(&u));
    ev.room = inherited("LOCATION")
        .map(text_value)
        .and_then(|l| text::line(&l));
    ev.description = inherited("DESCRIPTION")
        .map(text_value)
        .and_then(|d| text::description(&d));
    // iCalendar has no speaker field: at small events the organiser of an event is its speaker.
    if let Some(name) = inherited("ORGANIZER")
        .and_then(|p| param(p, "CN"))
        .and_then(|cn| text::line(cn.trim_matches('"')))
    {
        ev.speakers.push(name);
    }
    if let Some(url) = inherited("URL").and_then(|p| text::line(p.val.as_str())) {
        ev.links.push(Link {
            url,
            title: Some("Event page".to_owned()),
        });
    }
    // A category that names a kind (`Workshop`, `Break`) gives it.
    let categories = if prop(c, "CATEGORIES").is_none() {
        master.unwrap_or(c)
    } else {
        c
    };
    ev.kind = categories
        .properties
        .iter()
        .filter(|p| p.name.as_str().eq_ignore_ascii_case("CATEGORIES"))
        .flat_map(|p| p.val.as_str().split(','))
        .filter_map(|cat| text::kind(cat.trim_matches('\\')))
        .find(|k| *k != Kind::Other)
        .unwrap_or(Kind::Session);
    if let Some(status) = prop(c, "STATUS") {
        let st = status.val.as_str();
        match text::state(st) {
            text::Status::Keep(s) => ev.state = s,
            text::Status::Drop | text::Status::Unknown => warnings.push(
                "unknown state",
                at,
                Some(&ev.subject),
                format!("unknown STATUS `{st}`: taken as confirmed"),
            ),
        }
    }
    Some((ev, start))
}
