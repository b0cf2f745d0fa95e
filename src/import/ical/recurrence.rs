//! Repeating iCalendar events (RFC 5545 §3.8.5): `RRULE`, `RDATE`, `EXDATE`, and the
//! `RECURRENCE-ID` overrides that replace one occurrence. The rules are expanded by the `rrule`
//! crate, named in this file only; this file decides in which frame they run (UTC, a zone, or
//! floating wall times), how far, the ids, and which override replaces which occurrence.
//!
//! - Each occurrence is an event of its own, with the texts of the repeating event and the length
//!   of its first occurrence: its start keeps the wall-clock time across a clock change, its end
//!   is that long after it.
//! - Ids: every occurrence of a repeating event, the first included, is `UID/` followed by its
//!   original start as a `RECURRENCE-ID` writes it (`lunch/20250317T123000`, with a `Z` when
//!   `DTSTART` is UTC). An override keeps the id of the occurrence it replaces, so a favourite
//!   stays on it when it moves. An event that does not repeat keeps its plain UID.
//! - An override takes the texts it does not give from its repeating event. With a new start or
//!   room it is marked moved; with `STATUS:CANCELLED` it stays, cancelled. An override whose
//!   `RECURRENCE-ID` names no occurrence is imported as an event of its own, with a warning.
//! - Bounds: the occurrences within 366 days of the first one ([`WINDOW_DAYS`]), at most 1000 per
//!   event ([`PER_EVENT`]); per file, at most 8 MiB of repeated text ([`PER_FILE`]) and 500
//!   repeating events expanded ([`REPEATING_PER_FILE`]). What is cut is said in a warning.
//! - Leniency: `DTSTART` is always an occurrence; an `UNTIL` written as a date (the whole day) or
//!   as a local time (RFC 5545 wants UTC) is read in `DTSTART`'s zone; an `EXDATE` written as a
//!   date removes the occurrences of that day; an `RDATE` period starts an occurrence of the usual
//!   length; a rule that cannot be read is ignored, with a warning at its line.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use icalendar::parser::{Component, Property};
use rrule::{RRule, RRuleError, RRuleSet, Unvalidated, ValidationError};

use super::{End, Event, Time, Warnings, When, event_of, prop, time_in, time_of, when};
use crate::model::State;

/// Occurrences are kept up to this many days after the first one.
const WINDOW_DAYS: i64 = 366;
/// At most this many occurrences of one event are kept.
const PER_EVENT: usize = 1000;
/// What the occurrences after the first of all the file's events may add, in bytes: their texts
/// plus [`OCCURRENCE_COST`] each. Bounds the memory (and the YAML written) whatever the file.
const PER_FILE: usize = 8 << 20;
const OCCURRENCE_COST: usize = 256;
/// At most this many repeating events of one file are expanded. Bounds the time: a rule that
/// never matches (`FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30`) costs the crate a search of up to
/// 10 ms before it gives up.
const REPEATING_PER_FILE: usize = 500;

/// A `VEVENT` and where it starts in the file.
pub(super) struct Vevent<'a> {
    pub(super) c: &'a Component<'a>,
    pub(super) at: Option<(usize, usize)>,
    pub(super) uid: Option<String>,
}

/// What the events of a calendar are read with.
pub(super) struct Calendar<'a> {
    /// `VTIMEZONE` ids mapped to IANA zones.
    pub(super) zones: &'a HashMap<String, Tz>,
    /// The lines of the file, for the line of a property in a warning.
    pub(super) lines: &'a [&'a str],
}

/// Where the times of a repeating event are counted: its `DTSTART`'s kind.
#[derive(Debug, Clone, Copy)]
enum Frame {
    Utc,
    Zone(Tz),
    /// Wall times, read in the calendar's zone later; the rules run on them as if they were UTC,
    /// which has no clock change.
    Floating,
}

impl Frame {
    fn of(t: &Time) -> Option<Frame> {
        match t {
            Time::Date(_) => None,
            Time::Utc(_) => Some(Frame::Utc),
            Time::Zoned(_, tz) => Some(Frame::Zone(*tz)),
            Time::Floating(..) => Some(Frame::Floating),
        }
    }

    /// The wall time in this frame of `t`; `None` for a date.
    fn wall(self, t: &Time) -> Option<NaiveDateTime> {
        let (written, absolute) = match t {
            Time::Date(_) => return None,
            Time::Floating(n, _) => return Some(*n),
            Time::Utc(n) => (*n, Some(n.and_utc())),
            Time::Zoned(n, _) => match when(t) {
                Ok(When::Fixed(d)) => (*n, Some(d.to_utc())),
                _ => (*n, None),
            },
        };
        Some(match (self, absolute) {
            (Frame::Utc, Some(a)) => a.naive_utc(),
            (Frame::Zone(tz), Some(a)) => a.with_timezone(&tz).naive_local(),
            // A floating event's exceptions are the wall times they write.
            _ => written,
        })
    }

    /// The `rrule` crate's date-time for a wall time of this frame.
    fn to_rrule(self, wall: NaiveDateTime) -> Option<DateTime<rrule::Tz>> {
        match self {
            Frame::Utc | Frame::Floating => Some(rrule::Tz::UTC.from_utc_datetime(&wall)),
            Frame::Zone(tz) => match when(&Time::Zoned(wall, tz)) {
                Ok(When::Fixed(d)) => Some(d.with_timezone(&rrule::Tz::Tz(tz))),
                _ => None,
            },
        }
    }

    fn start(self, d: DateTime<rrule::Tz>) -> When {
        match self {
            Frame::Floating => When::Local(d.naive_utc()),
            Frame::Utc | Frame::Zone(_) => When::Fixed(d.fixed_offset()),
        }
    }

    /// `UID/` and the occurrence's original start as a `RECURRENCE-ID` writes it.
    fn id(self, uid: &str, wall: NaiveDateTime) -> String {
        let z = if matches!(self, Frame::Utc) { "Z" } else { "" };
        format!("{uid}/{}{z}", wall.format("%Y%m%dT%H%M%S"))
    }
}

/// The occurrences of a repeating event, in time order: the wall time of each in its frame (the
/// key of its overrides) and its start.
struct Expansion {
    occurrences: Vec<(NaiveDateTime, When)>,
    /// When some were cut, the last one kept: overrides after it go with the rest.
    cut: Option<NaiveDateTime>,
}

/// Why an expansion stopped early.
enum Stop {
    Window,
    Count,
    File,
}

/// What the repeats of the file may still add: bytes, and repeating events.
struct Budget {
    bytes: usize,
    events: usize,
}

impl Calendar<'_> {
    /// The events of the calendar's `VEVENT`s, in file order, each repeating event expanded into
    /// its occurrences (overrides in their place). `votes` counts the zones starts are written in,
    /// one per `VEVENT`.
    pub(super) fn events(
        &self,
        vevents: &[Vevent],
        votes: &mut HashMap<Tz, usize>,
        w: &mut Warnings,
    ) -> Vec<Event> {
        let is_override = |v: &Vevent| prop(v.c, "RECURRENCE-ID").is_some();
        let mut overrides: HashMap<&str, Vec<usize>> = HashMap::new();
        for (k, v) in vevents.iter().enumerate() {
            if let (true, Some(uid)) = (is_override(v), v.uid.as_deref()) {
                overrides.entry(uid).or_default().push(k);
            }
        }
        let mut budget = Budget {
            bytes: PER_FILE,
            events: REPEATING_PER_FILE,
        };
        let mut out: Vec<Vec<Event>> = vevents.iter().map(|_| Vec::new()).collect();
        let mut placed = vec![false; vevents.len()];
        for (k, v) in vevents.iter().enumerate() {
            if is_override(v) {
                continue;
            }
            // The first event of a UID takes its overrides.
            let mine = v
                .uid
                .as_deref()
                .and_then(|u| overrides.remove(u))
                .unwrap_or_default();
            for &o in &mine {
                placed[o] = true;
            }
            out[k] = self.repeating(v, &mine, vevents, votes, &mut budget, w);
        }
        for (k, v) in vevents.iter().enumerate() {
            if is_override(v) && !placed[k] {
                out[k].extend(self.alone(v, None, votes, w));
            }
        }
        out.into_iter().flatten().collect()
    }

    /// The occurrences of the event `v` (one when it does not repeat), with `mine`, the indexes of
    /// its overrides in `all`, in place of those they replace.
    fn repeating(
        &self,
        v: &Vevent,
        mine: &[usize],
        all: &[Vevent],
        votes: &mut HashMap<Tz, usize>,
        budget: &mut Budget,
        w: &mut Warnings,
    ) -> Vec<Event> {
        let Some((template, start)) = event_of(v.c, v.at, self.zones, None, w) else {
            // Nothing to replace: each override stands alone.
            return mine
                .iter()
                .filter_map(|&o| self.alone(&all[o], None, votes, w))
                .collect();
        };
        vote(votes, &start);
        let Some((frame, first)) = Frame::of(&start).and_then(|f| Some((f, f.wall(&start)?)))
        else {
            return vec![template];
        };
        let expansion = self.expand(v, &template, first, frame, budget, w);
        let repeats = expansion.is_some();
        let Expansion { occurrences, cut } = expansion.unwrap_or_else(|| Expansion {
            occurrences: vec![(first, template.start)],
            cut: None,
        });
        let at = |wall: NaiveDateTime| wall.format("%Y-%m-%d %H:%M");
        let mut replacing: HashMap<NaiveDateTime, usize> = HashMap::new();
        // Overrides imported as events of their own, and why.
        let mut apart: Vec<(usize, String)> = Vec::new();
        for &o in mine {
            let Some(rid) = prop(all[o].c, "RECURRENCE-ID") else {
                continue;
            };
            match time_of(rid, self.zones).ok().and_then(|t| frame.wall(&t)) {
                Some(key) if !replacing.contains_key(&key) => {
                    replacing.insert(key, o);
                }
                Some(key) => apart.push((
                    o,
                    format!("a second override of its occurrence of {}", at(key)),
                )),
                None => apart.push((
                    o,
                    format!(
                        "an override whose RECURRENCE-ID `{}` is not a date-time",
                        rid.val.as_str().trim()
                    ),
                )),
            }
        }
        let mut events = Vec::with_capacity(occurrences.len());
        for (wall, start) in occurrences {
            let id = template.id.as_deref().map(|uid| {
                if repeats {
                    frame.id(uid, wall)
                } else {
                    uid.to_owned()
                }
            });
            let date = wall.date();
            if let Some(o) = replacing.remove(&wall) {
                if let Some(mut ev) = self.replacement(&all[o], v.c, &template, start, w) {
                    ev.subject = format!("{} ({date})", ev.subject);
                    ev.id = id;
                    events.push(ev);
                }
                continue;
            }
            let mut ev = template.clone();
            if repeats {
                ev.subject = format!("{} ({date})", template.subject);
            }
            ev.end = shifted_end(&template, start);
            ev.start = start;
            ev.id = id;
            events.push(ev);
        }
        let mut rest: Vec<(NaiveDateTime, usize)> = replacing.into_iter().collect();
        rest.sort_unstable();
        for (wall, o) in rest {
            // Past the occurrences kept: cut with them.
            if cut.is_none_or(|last| wall <= last) {
                apart.push((
                    o,
                    format!(
                        "an override (RECURRENCE-ID {}) names none of its occurrences",
                        at(wall)
                    ),
                ));
            }
        }
        for (o, why) in apart {
            w.push(
                "recurrence-id",
                all[o].at,
                Some(&template.subject),
                format!("{why}: imported as an event of its own"),
            );
            events.extend(self.alone(&all[o], Some((v.c, &template)), votes, w));
        }
        events
    }

    /// An override in place of the occurrence of `template` that starts at `occurrence`.
    fn replacement(
        &self,
        o: &Vevent,
        master: &Component,
        template: &Event,
        occurrence: When,
        w: &mut Warnings,
    ) -> Option<Event> {
        let (mut ev, _) = event_of(o.c, o.at, self.zones, Some(master), w)?;
        if prop(o.c, "DTEND").is_none() && prop(o.c, "DURATION").is_none() {
            ev.end = shifted_end(template, ev.start);
        }
        if ev.state == State::Confirmed && (ev.start != occurrence || ev.room != template.room) {
            ev.state = State::Moved;
        }
        Some(ev)
    }

    /// An override imported on its own (its repeating event is not in the file, or has no such
    /// occurrence); its id is still `UID/RECURRENCE-ID`. With its repeating event (`master`), it
    /// takes from it what it does not give, as in place of an occurrence.
    fn alone(
        &self,
        v: &Vevent,
        master: Option<(&Component, &Event)>,
        votes: &mut HashMap<Tz, usize>,
        w: &mut Warnings,
    ) -> Option<Event> {
        let (mut ev, start) = event_of(v.c, v.at, self.zones, master.map(|m| m.0), w)?;
        vote(votes, &start);
        if let Some((_, template)) = master
            && prop(v.c, "DTEND").is_none()
            && prop(v.c, "DURATION").is_none()
        {
            ev.end = shifted_end(template, ev.start);
        }
        let rid = prop(v.c, "RECURRENCE-ID").and_then(|p| time_of(p, self.zones).ok());
        if let (Some(uid), Some(rid)) = (v.uid.as_deref(), rid)
            && let Some(frame) = Frame::of(&rid)
            && let Some(wall) = frame.wall(&rid)
        {
            ev.id = Some(frame.id(uid, wall));
        }
        Some(ev)
    }

    /// The occurrences of `v` from its `RRULE`s, `RDATE`s and `EXDATE`s, bounded; `None` when it
    /// does not repeat.
    fn expand(
        &self,
        v: &Vevent,
        template: &Event,
        first: NaiveDateTime,
        frame: Frame,
        budget: &mut Budget,
        w: &mut Warnings,
    ) -> Option<Expansion> {
        let rules = all(v.c, "RRULE");
        let rdates = all(v.c, "RDATE");
        if rules.is_empty() && rdates.is_empty() {
            return None;
        }
        let subject = Some(template.subject.as_str());
        let dtstart = frame.to_rrule(first)?;
        if budget.events == 0 {
            w.push(
                "repeats",
                v.at,
                subject,
                format!(
                    "the file has more than {REPEATING_PER_FILE} repeating events: only its first \
                     occurrence is imported"
                ),
            );
            return Some(Expansion {
                occurrences: vec![(first, template.start)],
                cut: Some(first),
            });
        }
        budget.events -= 1;
        // DTSTART is always the first occurrence (RFC 5545), in step with the rules or not.
        let mut set = RRuleSet::new(dtstart).limit().rdate(dtstart);
        let mut endless = false;
        let mut refused = Vec::new();
        for (n, p) in rules.iter().enumerate() {
            let value = p.val.as_str().trim();
            match rule(value, frame, dtstart) {
                Ok(r) => {
                    endless |= r.get_count().is_none() && r.get_until().is_none();
                    set = set.rrule(r);
                }
                Err(why) => refused.push((self.line_of(v, "RRULE", n), value, why)),
            }
        }
        let only_first = set.get_rrule().is_empty() && rdates.is_empty();
        for (at, value, why) in refused {
            let value: String = value.chars().take(80).collect();
            let then = if only_first {
                "the rule is ignored, only its first occurrence is imported"
            } else {
                "the rule is ignored"
            };
            w.push(
                "rrule",
                at,
                subject,
                format!("RRULE `{value}` cannot be used: {why}: {then}"),
            );
        }
        let mut periods = None;
        for (n, p) in rdates.iter().enumerate() {
            let at = self.line_of(v, "RDATE", n);
            for value in p.val.as_str().split(',') {
                let start = match value.split_once('/') {
                    Some((start, _)) => {
                        periods.get_or_insert(at);
                        start
                    }
                    None => value,
                };
                match self.occurrence_time(start, p, frame) {
                    Ok(d) => set = set.rdate(d),
                    Err(why) => w.push("rdate", at, subject, format!("RDATE {why}: ignored")),
                }
            }
        }
        if let Some(at) = periods {
            w.push(
                "rdate",
                at,
                subject,
                "RDATE periods: each occurrence starts at its period's start and lasts as long \
                 as the first one",
            );
        }
        let mut excluded_days = HashSet::new();
        for (n, p) in all(v.c, "EXDATE").iter().enumerate() {
            let at = self.line_of(v, "EXDATE", n);
            for value in p.val.as_str().split(',') {
                if let Ok(Time::Date(d)) = time_in(value, p, self.zones) {
                    excluded_days.insert(d);
                    continue;
                }
                match self.occurrence_time(value, p, frame) {
                    Ok(d) => set = set.exdate(d),
                    Err(why) => w.push("exdate", at, subject, format!("EXDATE {why}: ignored")),
                }
            }
        }

        let cost = OCCURRENCE_COST + text_bytes(template);
        let limit = PER_EVENT.min(1 + budget.bytes / cost);
        let window = dtstart
            .checked_add_signed(Duration::days(WINDOW_DAYS))
            .unwrap_or(dtstart);
        let mut kept: Vec<(NaiveDateTime, When)> = Vec::new();
        let mut previous = None;
        let mut stop = None;
        for d in &set {
            // An RDATE that is also an occurrence of a rule comes twice.
            if previous == Some(d) {
                continue;
            }
            previous = Some(d);
            let wall = d.naive_local();
            // deroule's dates have four-digit years.
            if d > window || wall.year() > 9999 {
                stop = Some(Stop::Window);
                break;
            }
            if excluded_days.contains(&wall.date()) {
                continue;
            }
            if kept.len() == limit {
                stop = Some(if limit < PER_EVENT {
                    Stop::File
                } else {
                    Stop::Count
                });
                break;
            }
            kept.push((wall, frame.start(d)));
        }
        budget.bytes = budget
            .bytes
            .saturating_sub(cost * kept.len().saturating_sub(1));
        let cut = match (&stop, kept.last()) {
            (Some(_), Some((last, _))) => Some(*last),
            _ => None,
        };
        match (stop, kept.last()) {
            (_, None) => w.push(
                "repeats",
                v.at,
                subject,
                "every occurrence is excluded (EXDATE): left out",
            ),
            (Some(stop), Some((last, _))) => {
                let n = kept.len();
                let last = last.format("%Y-%m-%d");
                let message = match stop {
                    Stop::Window if endless => format!(
                        "repeats with no end (no COUNT nor UNTIL): its occurrences within \
                         {WINDOW_DAYS} days of the first are kept, {n} until {last}"
                    ),
                    Stop::Window => format!(
                        "repeats for more than {WINDOW_DAYS} days: its occurrences within \
                         {WINDOW_DAYS} days of the first are kept, {n} until {last}"
                    ),
                    Stop::Count => format!(
                        "repeats more than {PER_EVENT} times: its first {n} occurrences are kept, \
                         until {last}"
                    ),
                    Stop::File => format!(
                        "the repeating events of the file reach deroule's limit ({} MiB of \
                         repeated text): {}",
                        PER_FILE >> 20,
                        if n == 1 {
                            "only its first occurrence is kept".to_owned()
                        } else {
                            format!("its first {n} occurrences are kept, until {last}")
                        }
                    ),
                };
                w.push("repeats", v.at, subject, message);
            }
            (None, Some(_)) => {}
        }
        Some(Expansion {
            occurrences: kept,
            cut,
        })
    }

    /// An `RDATE` or `EXDATE` value, with the parameters of `p`, in `frame`.
    fn occurrence_time(
        &self,
        value: &str,
        p: &Property,
        frame: Frame,
    ) -> Result<DateTime<rrule::Tz>, String> {
        let time = time_in(value, p, self.zones)?;
        if let Time::Date(_) = time {
            return Err(format!("`{}` is a date, not a date-time", value.trim()));
        }
        frame
            .wall(&time)
            .and_then(|wall| frame.to_rrule(wall))
            .ok_or_else(|| format!("`{}` has no instant", value.trim()))
    }

    /// The line of the `nth` property `name` of `v`, or else of `v`.
    fn line_of(&self, v: &Vevent, name: &str, nth: usize) -> Option<(usize, usize)> {
        let (begin, _) = v.at?;
        let named = |line: &str| {
            let b = line.as_bytes();
            b.len() > name.len()
                && b[..name.len()].eq_ignore_ascii_case(name.as_bytes())
                && matches!(b[name.len()], b':' | b';')
        };
        self.lines
            .iter()
            .enumerate()
            .skip(begin)
            .take_while(|(_, l)| !l.trim_end().eq_ignore_ascii_case("END:VEVENT"))
            .filter(|(_, l)| named(l))
            .nth(nth)
            .map(|(i, _)| (i + 1, 1))
            .or(v.at)
    }
}

fn vote(votes: &mut HashMap<Tz, usize>, start: &Time) {
    if let Time::Zoned(_, tz) = start {
        *votes.entry(*tz).or_default() += 1;
    }
}

fn all<'a>(c: &'a Component, name: &str) -> Vec<&'a Property<'a>> {
    c.properties
        .iter()
        .filter(|p| p.name.as_str().eq_ignore_ascii_case(name))
        .collect()
}

/// The end of an occurrence starting at `start`: as long after it as the first occurrence lasts.
fn shifted_end(template: &Event, start: When) -> End {
    let shifted = match (&template.end, template.start, start) {
        (End::At(When::Fixed(end)), When::Fixed(first), When::Fixed(s)) => {
            s.checked_add_signed(*end - first).map(When::Fixed)
        }
        (End::At(When::Local(end)), When::Local(first), When::Local(s)) => {
            s.checked_add_signed(*end - first).map(When::Local)
        }
        (End::At(_), ..) => {
            return End::Open(
                "its DTSTART and DTEND are not both floating or both absolute: its repeats have \
                 no known length"
                    .to_owned(),
            );
        }
        (other, ..) => return other.clone(),
    };
    match shifted {
        Some(end) => End::At(end),
        None => End::Open("its end is out of range".to_owned()),
    }
}

/// The bytes of text each occurrence of `ev` repeats.
fn text_bytes(ev: &Event) -> usize {
    let optional = |s: &Option<String>| s.as_ref().map_or(0, String::len);
    ev.title.len()
        + optional(&ev.subtitle)
        + optional(&ev.description)
        + optional(&ev.room)
        + optional(&ev.track)
        + optional(&ev.id)
        + ev.speakers.iter().map(String::len).sum::<usize>()
        + ev.links
            .iter()
            .map(|l| l.url.len() + optional(&l.title))
            .sum::<usize>()
}

/// A rule of `RRULE`, validated against `dtstart`; why not, in the crate's words.
fn rule(value: &str, frame: Frame, dtstart: DateTime<rrule::Tz>) -> Result<RRule, String> {
    let upper = value.trim().to_ascii_uppercase();
    let parts: Vec<String> = upper
        .split(';')
        .map(|part| match part.strip_prefix("UNTIL=") {
            Some(until) => format!("UNTIL={}", utc_until(until, frame)),
            None => part.to_owned(),
        })
        .collect();
    let parsed: RRule<Unvalidated> = parts.join(";").parse().map_err(reason)?;
    parsed.validate(dtstart).map_err(reason)
}

/// `UNTIL` in UTC, as the crate wants it: a date is the end of that day, a local time is in the
/// frame's zone. What cannot be read is left as written, for the crate to refuse.
fn utc_until(until: &str, frame: Frame) -> String {
    let wall = if until.ends_with('Z') {
        return until.to_owned();
    } else if until.len() == 8 {
        NaiveDate::parse_from_str(until, "%Y%m%d")
            .ok()
            .and_then(|d| d.and_hms_opt(23, 59, 59))
    } else {
        NaiveDateTime::parse_from_str(until, "%Y%m%dT%H%M%S").ok()
    };
    match wall.and_then(|wall| frame.to_rrule(wall)) {
        Some(d) => d.with_timezone(&Utc).format("%Y%m%dT%H%M%SZ").to_string(),
        None => until.to_owned(),
    }
}

fn reason(e: RRuleError) -> String {
    let text = match e {
        RRuleError::ValidationError(ValidationError::UntilBeforeStart { until, .. }) => {
            format!("its UNTIL ({until}) is before its DTSTART")
        }
        RRuleError::ParserError(e) => e.to_string(),
        RRuleError::ValidationError(e) => e.to_string(),
        RRuleError::IterError(e) => e,
    };
    text.trim_end_matches('.').to_owned()
}
