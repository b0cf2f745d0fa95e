//! The programme as an iCalendar file (RFC 5545), to import into calendar applications.
//!
//! Times are written in the event's zone (`DTSTART;TZID=Europe/Paris:20220701T090000`), with a
//! `VTIMEZONE` that gives the zone's offsets for the years the programme covers: one component
//! for the offset in force when those years begin, then one per clock change within them, all
//! found with `chrono-tz` (no `RRULE`: each change is written out). A wall time that happens
//! twice (the hour repeated when clocks go back) and means its second occurrence is written in
//! UTC instead, since `TZID` times mean the first.
//!
//! Lines end with CRLF and are folded at 75 octets, never inside a UTF-8 character; text values
//! are escaped (`\\`, `\;`, `\,`, `\n`). The output depends on the programme alone: `DTSTAMP` is
//! the programme's first start unless [`export_stamped`] is given another instant, so exporting
//! an unchanged programme twice gives the same file.

use std::collections::HashSet;

use chrono::{
    DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc,
};
use chrono_tz::{OffsetComponents, OffsetName, Tz};

use crate::i18n::Lang;
use crate::i18n::kind_label;
use crate::model::{Instant, Item, Programme, State};

/// The longest content line, in octets, without its CRLF (RFC 5545 §3.1).
const LINE_OCTETS: usize = 75;

/// The programme as an iCalendar file. `prodid_version` is the version of deroule written in
/// `PRODID` (`-//deroule//deroule 0.1.0//EN`). `DTSTAMP` is the programme's first start.
/// Labels written for people (speakers, links, kinds) follow the event's language.
pub fn export(p: &Programme, prodid_version: &str) -> String {
    let lang = p
        .meta
        .language
        .as_deref()
        .and_then(Lang::parse)
        .unwrap_or_default();
    export_stamped(p, prodid_version, p.first_start(), lang)
}

/// [`export`] with the `DTSTAMP` of every event given (the export time, from the clock, for
/// calendar applications that compare stamps when a file is imported again), and the labels
/// written for people (speakers, links, kinds) in `lang`, the language the user chose.
pub fn export_stamped(p: &Programme, prodid_version: &str, stamp: Instant, lang: Lang) -> String {
    let mut out = Writer::default();
    out.line("BEGIN:VCALENDAR");
    out.line(&format!(
        "PRODID:-//deroule//deroule {}//EN",
        escape(prodid_version)
    ));
    out.line("VERSION:2.0");
    out.line("CALSCALE:GREGORIAN");
    out.line(&format!("X-WR-CALNAME:{}", escape(&p.meta.title)));
    out.line(&format!("X-WR-TIMEZONE:{}", p.tz.name()));
    if let Some(description) = p.meta.description.as_deref().or(p.meta.subtitle.as_deref()) {
        out.line(&format!("X-WR-CALDESC:{}", escape(description)));
    }
    vtimezone(&mut out, p);
    let mut uids = HashSet::new();
    let domain = domain(p);
    for day in &p.days {
        for item in day.items.iter().filter(|i| representable(p.tz, i)) {
            let uid = unique(&mut uids, format!("{}@{domain}", uid(day.date, item)));
            vevent(&mut out, p, item, &uid, stamp, lang);
        }
    }
    out.line("END:VCALENDAR");
    out.text
}

/// Whether the item's times can be written: iCalendar years have four digits, so an item that
/// starts or ends outside 0001–9999 (in UTC or in the event's zone: `9999-12-31` until `24:00`
/// ends in the year 10000) is left out rather than written as `+100000101T000000`.
fn representable(tz: Tz, item: &Item) -> bool {
    [item.start, item.end].iter().all(|t| {
        (1..=9999).contains(&t.year()) && (1..=9999).contains(&t.with_timezone(&tz).year())
    })
}

/// Content lines, folded and ended with CRLF.
#[derive(Default)]
struct Writer {
    text: String,
}

impl Writer {
    fn line(&mut self, line: &str) {
        self.text.push_str(&fold(line));
    }
}

/// Folds a content line: no physical line longer than 75 octets, continuation lines starting with
/// a space, breaks only between characters. Every line ends with CRLF.
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 64 * 3 + 2);
    let mut used = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if used + len > LINE_OCTETS {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += len;
    }
    out.push_str("\r\n");
    out
}

/// Escapes a TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma, and line breaks as `\n`.
/// Other control characters, which content lines may not hold, are dropped (a tab is kept).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A URI value: no escaping (RFC 5545 §3.3.13), but nothing that would break the line.
fn uri(text: &str) -> String {
    text.trim().chars().filter(|c| !c.is_control()).collect()
}

/// What follows the `@` of every UID: the programme's `id` (else its title) made a name
/// (`journée-bluehats.deroule`), so that two programmes whose items share an id (`opening`) do
/// not collide in one calendar.
fn domain(p: &Programme) -> String {
    const MAX: usize = 48;
    let name = p.meta.id.as_deref().unwrap_or(&p.meta.title);
    if !name.chars().any(char::is_alphanumeric) {
        return "programme.deroule".to_owned();
    }
    // The same name-making as a room's record file (`H.1308 (Rolin)` → `h-1308-rolin`).
    let slug: String = crate::live::room_slug(name).chars().take(MAX).collect();
    format!("{}.deroule", slug.trim_end_matches('-'))
}

/// The item's id, else a hash of its day, start, title and room (FNV-1a, stable across Rust
/// versions and machines).
fn uid(date: NaiveDate, item: &Item) -> String {
    if let Some(id) = &item.id {
        return id.clone();
    }
    let key = format!(
        "{date}|{}|{}|{}",
        item.start.to_rfc3339(),
        item.title,
        item.room.as_deref().unwrap_or_default()
    );
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in key.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

/// `uid`, or `uid` with `-2`, `-3`… when an earlier event of the file already has it.
fn unique(seen: &mut HashSet<String>, uid: String) -> String {
    if seen.insert(uid.clone()) {
        return uid;
    }
    let (local, domain) = uid.rsplit_once('@').unwrap_or((&uid, "deroule"));
    let mut n = 2;
    loop {
        let candidate = format!("{local}-{n}@{domain}");
        if seen.insert(candidate.clone()) {
            return candidate;
        }
        n += 1;
    }
}

fn utc_stamp(t: Instant) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

/// `;TZID=Europe/Paris:20220701T090000`, or `:20251026T010000Z` for the second occurrence of a
/// repeated wall time.
fn date_time(tz: Tz, t: Instant) -> String {
    let local = t.with_timezone(&tz).naive_local();
    let first = match tz.from_local_datetime(&local) {
        LocalResult::Single(d) => Some(d),
        LocalResult::Ambiguous(a, b) => Some(a.min(b)),
        LocalResult::None => None,
    };
    if first.is_some_and(|d| d.with_timezone(&Utc) == t) {
        format!(
            ";TZID={}:{}",
            param(tz.name()),
            local.format("%Y%m%dT%H%M%S")
        )
    } else {
        format!(":{}", utc_stamp(t))
    }
}

/// A parameter value, quoted when it holds characters that end one.
fn param(value: &str) -> String {
    if value.contains([':', ';', ',']) {
        format!("\"{}\"", value.replace('"', ""))
    } else {
        value.to_owned()
    }
}

fn vevent(out: &mut Writer, p: &Programme, item: &Item, uid: &str, stamp: Instant, lang: Lang) {
    out.line("BEGIN:VEVENT");
    out.line(&format!("UID:{}", escape(uid)));
    out.line(&format!("DTSTAMP:{}", utc_stamp(stamp)));
    out.line(&format!("DTSTART{}", date_time(p.tz, item.start)));
    out.line(&format!("DTEND{}", date_time(p.tz, item.end)));
    out.line(&format!("SUMMARY:{}", escape(&item.title)));
    let description = description(item, lang);
    if !description.is_empty() {
        out.line(&format!("DESCRIPTION:{}", escape(&description)));
    }
    let location = item.room.clone().or_else(|| {
        let parts: Vec<&str> = [p.meta.venue.as_deref(), p.meta.address.as_deref()]
            .into_iter()
            .flatten()
            .collect();
        (!parts.is_empty()).then(|| parts.join(", "))
    });
    if let Some(location) = location {
        out.line(&format!("LOCATION:{}", escape(&location)));
    }
    if let [link] = item.links.as_slice() {
        out.line(&format!("URL:{}", uri(&link.url)));
    }
    let mut categories = vec![escape(kind_label(item.kind, lang))];
    if let Some(track) = &item.track {
        categories.push(escape(track));
    }
    out.line(&format!("CATEGORIES:{}", categories.join(",")));
    let status = match item.state {
        State::Cancelled | State::Skipped => "CANCELLED",
        State::Confirmed | State::Moved => "CONFIRMED",
    };
    out.line(&format!("STATUS:{status}"));
    out.line("END:VEVENT");
}

/// The event's description: subtitle, description, speakers, links, one paragraph each.
fn description(item: &Item, lang: Lang) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(subtitle) = &item.subtitle {
        parts.push(subtitle.clone());
    }
    if let Some(description) = &item.description {
        parts.push(description.clone());
    }
    if !item.speakers.is_empty() {
        parts.push(format!(
            "{} {}",
            lang.pick("Speakers:", "Intervenants :"),
            item.speakers.join(", ")
        ));
    }
    if !item.links.is_empty() {
        let links: Vec<String> = item
            .links
            .iter()
            .map(|l| match &l.title {
                Some(title) => format!("{title}: {}", l.url),
                None => l.url.clone(),
            })
            .collect();
        parts.push(links.join("\n"));
    }
    parts.join("\n\n")
}

/// What a zone says at an instant: total offset, DST part, abbreviation.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Observance {
    offset: i32,
    dst: bool,
    name: String,
}

fn observance(tz: Tz, t: Instant) -> Observance {
    let offset = tz.offset_from_utc_datetime(&t.naive_utc());
    Observance {
        offset: offset.fix().local_minus_utc(),
        dst: !offset.dst_offset().is_zero(),
        name: offset.abbreviation().unwrap_or_default().to_owned(),
    }
}

/// The instants at which the zone's observance changes in `[from, to)`, with the observance
/// before and after each change. Scans in 6-hour steps, then narrows each change to the second.
fn transitions(tz: Tz, from: Instant, to: Instant) -> Vec<(Instant, Observance, Observance)> {
    let step = Duration::hours(6);
    let mut found = Vec::new();
    let mut at = from;
    let mut before = observance(tz, at);
    while at < to {
        let next = (at + step).min(to);
        let after = observance(tz, next);
        if after != before {
            // The change lies in (lo, hi]: narrow it down to the second (tz changes are at
            // whole seconds).
            let (mut lo, mut hi) = (at.timestamp(), next.timestamp());
            while hi - lo > 1 {
                let mid = lo + (hi - lo) / 2;
                let at_mid = DateTime::from_timestamp(mid, 0).unwrap_or(at);
                if observance(tz, at_mid) == before {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            let hi = DateTime::from_timestamp(hi, 0).unwrap_or(next);
            found.push((hi, before, after.clone()));
        }
        before = after;
        at = next;
    }
    found
}

/// `+0200`, `-0330`, `+053728` (seconds only when there are some).
fn utc_offset(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let s = seconds.unsigned_abs();
    let (h, m, sec) = (s / 3600, s / 60 % 60, s % 60);
    if sec == 0 {
        format!("{sign}{h:02}{m:02}")
    } else {
        format!("{sign}{h:02}{m:02}{sec:02}")
    }
}

fn observance_component(
    out: &mut Writer,
    onset: NaiveDateTime,
    from: &Observance,
    to: &Observance,
) {
    let kind = if to.dst { "DAYLIGHT" } else { "STANDARD" };
    out.line(&format!("BEGIN:{kind}"));
    out.line(&format!("DTSTART:{}", onset.format("%Y%m%dT%H%M%S")));
    out.line(&format!("TZOFFSETFROM:{}", utc_offset(from.offset)));
    out.line(&format!("TZOFFSETTO:{}", utc_offset(to.offset)));
    if !to.name.is_empty() {
        out.line(&format!("TZNAME:{}", escape(&to.name)));
    }
    out.line(&format!("END:{kind}"));
}

/// The zone's definition for the years the programme covers (from 1 January of its first year to
/// the end of its last): the observance in force at their start, from 1970 on, then each change.
fn vtimezone(out: &mut Writer, p: &Programme) {
    let year_start = |year: i32| {
        NaiveDate::from_ymd_opt(year, 1, 1)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|d| d.and_utc())
    };
    let first = p.first_start().with_timezone(&p.tz).year();
    let last = p.last_end().with_timezone(&p.tz).year();
    // A day either side, so that the local new year is inside whatever the offset.
    let from = year_start(first).map_or(p.first_start(), |t| t - Duration::days(1));
    let to = year_start(last + 1).map_or(p.last_end(), |t| t + Duration::days(1));
    let initial = observance(p.tz, from);
    out.line("BEGIN:VTIMEZONE");
    out.line(&format!("TZID:{}", p.tz.name()));
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .unwrap_or_default();
    observance_component(out, epoch, &initial, &initial);
    for (at, before, after) in transitions(p.tz, from, to) {
        // The onset is the local time just before the change, in the offset it ends.
        let onset = (at + Duration::seconds(i64::from(before.offset))).naive_utc();
        observance_component(out, onset, &before, &after);
    }
    out.line("END:VTIMEZONE");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_year_past_9999_is_written() {
        let p = crate::model::load_str(
            "title: T\ntime_zone: America/New_York\ndate: 9999-12-31\nitems:\n\
             - {title: Fits, start: 9h, end: 10h}\n- {title: Late, start: 22h, end: 24h}\n",
            "p.yaml",
        )
        .expect("valid")
        .programme;
        let text = export(&p, "0");
        assert!(text.contains("SUMMARY:Fits"), "{text}");
        assert!(!text.contains("SUMMARY:Late"), "{text}");
        assert!(
            !text.contains("100000101") && !text.contains(":+"),
            "{text}"
        );
    }

    #[test]
    fn folding_keeps_characters_whole() {
        let line = format!("SUMMARY:{}", "é".repeat(60));
        let folded = fold(&line);
        for physical in folded.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(physical.len() <= LINE_OCTETS, "{physical:?}");
        }
        assert_eq!(folded.replace("\r\n ", ""), format!("{line}\r\n"));
        assert_eq!(fold("SHORT:x"), "SHORT:x\r\n");
        let exact = "X".repeat(LINE_OCTETS);
        assert_eq!(fold(&exact), format!("{exact}\r\n"));
    }

    #[test]
    fn text_escaping() {
        assert_eq!(
            escape("a,b;c\\d\ne\r\nf\rg\u{7}"),
            "a\\,b\\;c\\\\d\\ne\\nf\\ng"
        );
    }

    #[test]
    fn offsets() {
        assert_eq!(utc_offset(7200), "+0200");
        assert_eq!(utc_offset(-12600), "-0330");
        assert_eq!(utc_offset(0), "+0000");
        assert_eq!(utc_offset(561), "+000921");
    }

    #[test]
    fn paris_changes_twice_a_year() {
        let from = Utc
            .with_ymd_and_hms(2025, 1, 1, 0, 0, 0)
            .single()
            .expect("valid");
        let to = Utc
            .with_ymd_and_hms(2026, 1, 1, 0, 0, 0)
            .single()
            .expect("valid");
        let changes = transitions(chrono_tz::Europe::Paris, from, to);
        let at: Vec<String> = changes.iter().map(|c| c.0.to_rfc3339()).collect();
        assert_eq!(
            at,
            ["2025-03-30T01:00:00+00:00", "2025-10-26T01:00:00+00:00"]
        );
        assert!(changes[0].2.dst && !changes[1].2.dst);
        assert_eq!(changes[0].2.name, "CEST");
    }
}
