//! The iCalendar export, read back with the `icalendar` crate's parser: every item is there at
//! the right instants (through `chrono-tz` and through the file's own `VTIMEZONE`), text survives
//! escaping and folding, and lines are CRLF-ended and at most 75 octets. When `calcurse` is
//! installed, it imports the file too (the test says so and passes when it is not).

use std::collections::HashMap;
use std::fmt::Write as _;

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use deroule::ics::export;
use deroule::model::{Programme, load_str};
use icalendar::parser::{Component, ParseString, read_calendar, unfold};

/// Two days, rooms and tracks, every field an event can carry, and text that needs escaping.
const FESTIVAL: &str = r#"
title: "Free Software Meetings, 2025; Toulouse"
venue: Halle aux grains
address: 1 place Dupuy, 31000 Toulouse
language: en
time_zone: Europe/Paris
day_change: 04:00
rooms: [Main hall, Room B, Room C]
tracks:
  - name: Community
  - name: Technical
days:
  - date: 2025-06-20
    label: Friday
    start: 9h
    end: 2h
    items:
      - id: opening
        start: 9h
        title: Opening
        kind: keynote
        speakers: Alex Dupont
      - id: community-talk
        start: 9h30
        end: 10h30
        title: Growing a community
        room: Main hall
        track: Community
        kind: talk
        links: [https://example.org/community]
      - start: 9h30
        duration: 2h
        title: Packaging for Debian
        room: Room B
        track: Technical
        kind: workshop
      - start: 9h30
        duration: 2h
        title: Packaging for Debian
        room: Room C
        kind: workshop
      - id: concert
        start: 22h
        end: 1h30
        title: Closing concert
        kind: social
  - date: 2025-06-21
    start: 10h
    end: 16h
    items:
      - id: rust
        start: 10h30
        title: Rust for the curious
        subtitle: A gentle first hour
        room: Main hall
        track: Technical
        kind: talk
        speakers: [Sam Lee, Noor Haddad]
        description: >-
          Ownership, borrowing and the compiler as a teacher; for people who write Python
          or JavaScript every day — and for the curious ones: élèves, 学生, 🦀 fans.
        links:
          - https://example.org/rust-slides
          - url: https://example.org/rust-exercises
            title: Exercises
      - id: docs-workshop
        start: 10h30
        title: Writing good documentation
        room: Room B
        kind: workshop
        state: cancelled
      - id: odd
        start: 15h
        title: "Q&A, odds; ends \\ backslash\nand a second line"
        kind: other
"#;

/// Clock changes: a night across the spring gap, and an item that ends in the repeated hour of
/// the autumn (its second occurrence, so written in UTC).
const CLOCKS: &str = r"
title: Nights of the clocks
time_zone: Europe/Paris
day_change: 05:00
days:
  - date: 2025-03-29
    items:
      - {id: spring, title: Spring night, start: 23h, end: 4h}
  - date: 2025-10-25
    items:
      - {id: before, title: Before the change, start: 1h30, duration: 30m}
      - {id: repeated, title: In the repeated hour, start: 2h, duration: 90m}
";

/// Other zones: no clock changes at all, and a negative offset with its own change dates.
const UTC: &str =
    "title: T\ntime_zone: UTC\ndate: 2025-01-01\nitems:\n  - {title: A, start: 9h, end: 10h}\n";
const NEW_YORK: &str = "title: T\ntime_zone: America/New_York\ndays:\n  - date: 2025-03-08\n    items: [{title: A, start: 23h, end: 24:00}]\n  - date: 2025-03-09\n    items: [{title: B, start: 9h, end: 10h}]\n";

fn programme(source: &str) -> Programme {
    load_str(source, "test.yaml").expect("valid").programme
}

/// The file's events by UID.
fn events(calendar: &[Component<'_>]) -> HashMap<String, HashMap<String, String>> {
    calendar
        .iter()
        .filter(|c| c.name == "VEVENT")
        .map(|c| {
            let props: HashMap<String, String> = c
                .properties
                .iter()
                .map(|p| {
                    let mut params = String::new();
                    for q in &p.params {
                        let value = q.val.as_ref().map_or("", ParseString::as_str);
                        let _ = write!(params, ";{}={value}", q.key);
                    }
                    (p.name.to_string(), format!("{params}:{}", p.val))
                })
                .collect();
            let uid = props["UID"].trim_start_matches(':').to_owned();
            (uid, props)
        })
        .collect()
}

/// A TEXT property's value, unescaped.
fn text(props: &HashMap<String, String>, name: &str) -> String {
    let raw = props[name].split_once(':').expect("a value").1.to_owned();
    ParseString::from(raw.as_str())
        .unescape_text()
        .as_str()
        .to_owned()
}

/// A `;TZID=…:YYYYMMDDTHHMMSS` or `:YYYYMMDDTHHMMSSZ` value as an instant, through chrono-tz.
fn instant(value: &str) -> DateTime<Utc> {
    let (params, time) = value.split_once(':').expect("a value");
    if let Some(utc) = time.strip_suffix('Z') {
        assert!(params.is_empty(), "{value}");
        let naive = NaiveDateTime::parse_from_str(utc, "%Y%m%dT%H%M%S").expect("a UTC time");
        return naive.and_utc();
    }
    let tz: Tz = params
        .strip_prefix(";TZID=")
        .expect("a TZID")
        .parse()
        .expect("an IANA zone");
    let local = NaiveDateTime::parse_from_str(time, "%Y%m%dT%H%M%S").expect("a local time");
    tz.from_local_datetime(&local)
        .earliest()
        .expect("an existing local time")
        .with_timezone(&Utc)
}

/// The zone's observances as the file's VTIMEZONE gives them: (onset in UTC seconds, offset).
fn observances(calendar: &[Component<'_>]) -> Vec<(i64, i64)> {
    let zone = calendar
        .iter()
        .find(|c| c.name == "VTIMEZONE")
        .expect("a VTIMEZONE");
    let offset = |text: &str| {
        let sign = if text.starts_with('-') { -1 } else { 1 };
        let digits = &text[1..];
        let h: i64 = digits[0..2].parse().expect("hours");
        let m: i64 = digits[2..4].parse().expect("minutes");
        sign * (h * 3600 + m * 60)
    };
    zone.components
        .iter()
        .map(|c| {
            let prop = |name: &str| c.find_prop(name).expect(name).val.to_string();
            let onset = NaiveDateTime::parse_from_str(&prop("DTSTART"), "%Y%m%dT%H%M%S")
                .expect("an onset")
                .and_utc()
                .timestamp();
            (
                onset - offset(&prop("TZOFFSETFROM")),
                offset(&prop("TZOFFSETTO")),
            )
        })
        .collect()
}

/// A `TZID` time as an instant through the VTIMEZONE alone: the earliest instant whose offset,
/// by the latest onset before it, turns it into that wall time.
fn instant_by_vtimezone(zone: &[(i64, i64)], value: &str) -> DateTime<Utc> {
    let (_, time) = value.split_once(':').expect("a value");
    if time.ends_with('Z') {
        return instant(value);
    }
    let local = NaiveDateTime::parse_from_str(time, "%Y%m%dT%H%M%S")
        .expect("a local time")
        .and_utc()
        .timestamp();
    let offset_at = |t: i64| {
        zone.iter()
            .filter(|(onset, _)| *onset <= t)
            .max_by_key(|(onset, _)| *onset)
            .map(|(_, offset)| *offset)
    };
    let seconds = zone
        .iter()
        .map(|(_, offset)| local - offset)
        .filter(|t| offset_at(*t) == Some(local - t))
        .min()
        .expect("the wall time exists in the VTIMEZONE");
    Utc.timestamp_opt(seconds, 0).single().expect("valid")
}

#[test]
fn every_item_is_there_at_its_instants() {
    for source in [FESTIVAL, CLOCKS, UTC, NEW_YORK, deroule::BUNDLED] {
        let p = programme(source);
        let ics = export(&p, "0.1.0");
        let unfolded = unfold(&ics);
        let calendar = read_calendar(&unfolded).expect("a calendar the parser reads");
        let zone = observances(&calendar.components);
        let events = events(&calendar.components);
        assert_eq!(
            events.len(),
            p.items().count(),
            "one VEVENT per item, UIDs unique"
        );
        let mut written: Vec<(String, DateTime<Utc>, DateTime<Utc>)> = events
            .values()
            .map(|e| {
                (
                    text(e, "SUMMARY"),
                    instant(&e["DTSTART"]),
                    instant(&e["DTEND"]),
                )
            })
            .collect();
        let mut expected: Vec<(String, DateTime<Utc>, DateTime<Utc>)> = p
            .items()
            .map(|i| (i.title.clone(), i.start, i.end))
            .collect();
        written.sort();
        expected.sort();
        assert_eq!(written, expected);
        for e in events.values() {
            for key in ["DTSTART", "DTEND"] {
                assert_eq!(
                    instant_by_vtimezone(&zone, &e[key]),
                    instant(&e[key]),
                    "the VTIMEZONE agrees with chrono-tz on {key} {}",
                    e[key]
                );
            }
        }
    }
}

#[test]
fn the_calendar_has_its_header_and_zone() {
    let ics = export(&programme(FESTIVAL), "1.2.3");
    let unfolded = unfold(&ics);
    let calendar = read_calendar(&unfolded).expect("a calendar");
    let prop = |name: &str| {
        calendar
            .properties
            .iter()
            .find(|p| p.name == name)
            .map(|p| p.val.clone().unescape_text().as_str().to_owned())
    };
    assert_eq!(prop("VERSION").as_deref(), Some("2.0"));
    assert_eq!(
        prop("PRODID").as_deref(),
        Some("-//deroule//deroule 1.2.3//EN")
    );
    assert_eq!(prop("CALSCALE").as_deref(), Some("GREGORIAN"));
    assert_eq!(
        prop("X-WR-CALNAME").as_deref(),
        Some("Free Software Meetings, 2025; Toulouse")
    );
    let zone = calendar
        .components
        .iter()
        .find(|c| c.name == "VTIMEZONE")
        .expect("a VTIMEZONE");
    assert_eq!(
        zone.find_prop("TZID").expect("TZID").val.as_str(),
        "Europe/Paris"
    );
    let names: Vec<&str> = zone.components.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["STANDARD", "DAYLIGHT", "STANDARD"]);
}

#[test]
fn events_carry_their_details() {
    let ics = export(&programme(FESTIVAL), "0.1.0");
    let unfolded = unfold(&ics);
    let calendar = read_calendar(&unfolded).expect("a calendar");
    let events = events(&calendar.components);

    let rust = &events["rust@free-software-meetings-2025-toulouse.deroule"];
    assert_eq!(text(rust, "SUMMARY"), "Rust for the curious");
    assert_eq!(
        text(rust, "DESCRIPTION"),
        "A gentle first hour\n\nOwnership, borrowing and the compiler as a teacher; for people \
         who write Python or JavaScript every day — and for the curious ones: élèves, 学生, 🦀 \
         fans.\n\nSpeakers: Sam Lee, Noor Haddad\n\nhttps://example.org/rust-slides\n\
         Exercises: https://example.org/rust-exercises"
    );
    assert_eq!(text(rust, "LOCATION"), "Main hall");
    assert_eq!(rust["CATEGORIES"], ":talk,Technical");
    assert_eq!(rust["STATUS"], ":CONFIRMED");
    assert!(!rust.contains_key("URL"), "two links: no URL");

    let talk = &events["community-talk@free-software-meetings-2025-toulouse.deroule"];
    assert_eq!(talk["URL"], ":https://example.org/community");
    let opening = &events["opening@free-software-meetings-2025-toulouse.deroule"];
    assert_eq!(
        text(opening, "LOCATION"),
        "Halle aux grains, 1 place Dupuy, 31000 Toulouse",
        "a plenary item is at the venue"
    );
    assert_eq!(text(opening, "DESCRIPTION"), "Speakers: Alex Dupont");
    assert_eq!(
        events["docs-workshop@free-software-meetings-2025-toulouse.deroule"]["STATUS"],
        ":CANCELLED"
    );
    assert_eq!(
        events["concert@free-software-meetings-2025-toulouse.deroule"]["DTSTAMP"],
        ":20250620T070000Z"
    );

    // No id: a stable hash; the same title at the same time in another room gets its own.
    let ids = [
        "opening",
        "community-talk",
        "concert",
        "rust",
        "docs-workshop",
        "odd",
    ];
    let hashed: Vec<&String> = events
        .keys()
        .filter(|k| {
            !ids.iter()
                .any(|id| **k == format!("{id}@free-software-meetings-2025-toulouse.deroule"))
        })
        .collect();
    assert_eq!(hashed.len(), 2, "{hashed:?}");
    for uid in hashed {
        let (hash, domain) = uid.split_once('@').expect("an @");
        assert_eq!(
            domain, "free-software-meetings-2025-toulouse.deroule",
            "named after the programme"
        );
        assert!(
            hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()),
            "{uid}"
        );
    }
    // The same programme gives the same UIDs.
    let again = export(&programme(FESTIVAL), "0.1.0");
    assert_eq!(again, ics);
}

#[test]
fn escaping_round_trips() {
    let ics = export(&programme(FESTIVAL), "0.1.0");
    assert!(
        ics.contains("SUMMARY:Q&A\\, odds\\; ends \\\\ backslash\\nand a second line\r\n"),
        "{ics}"
    );
    let unfolded = unfold(&ics);
    let calendar = read_calendar(&unfolded).expect("a calendar");
    let events = events(&calendar.components);
    assert_eq!(
        text(
            &events["odd@free-software-meetings-2025-toulouse.deroule"],
            "SUMMARY"
        ),
        "Q&A, odds; ends \\ backslash\nand a second line"
    );
}

#[test]
fn lines_end_in_crlf_and_fold_at_75_octets() {
    let ics = export(&programme(FESTIVAL), "0.1.0");
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
    assert!(!ics.replace("\r\n", "").contains('\n'), "no bare LF");
    assert!(!ics.replace("\r\n", "").contains('\r'), "no bare CR");
    let mut folded = 0;
    for line in ics.split_terminator("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
        if line.starts_with(' ') {
            folded += 1;
        }
    }
    assert!(folded >= 3, "the long description is folded");
    // Unfolding gives back the line as written, multi-byte characters whole.
    let description = unfold(&ics)
        .split("\r\n")
        .find(|l| l.starts_with("DESCRIPTION:A gentle"))
        .expect("the description")
        .to_owned();
    assert!(description.len() > 75);
    assert!(
        description.contains("élèves\\, 学生\\, 🦀 fans."),
        "{description}"
    );
}

#[test]
fn the_repeated_hour_is_written_in_utc() {
    assert_eq!(
        export(&programme(CLOCKS), "0.1.0"),
        [
            "BEGIN:VCALENDAR",
            "PRODID:-//deroule//deroule 0.1.0//EN",
            "VERSION:2.0",
            "CALSCALE:GREGORIAN",
            "X-WR-CALNAME:Nights of the clocks",
            "X-WR-TIMEZONE:Europe/Paris",
            "BEGIN:VTIMEZONE",
            "TZID:Europe/Paris",
            "BEGIN:STANDARD",
            "DTSTART:19700101T000000",
            "TZOFFSETFROM:+0100",
            "TZOFFSETTO:+0100",
            "TZNAME:CET",
            "END:STANDARD",
            "BEGIN:DAYLIGHT",
            "DTSTART:20250330T020000",
            "TZOFFSETFROM:+0100",
            "TZOFFSETTO:+0200",
            "TZNAME:CEST",
            "END:DAYLIGHT",
            "BEGIN:STANDARD",
            "DTSTART:20251026T030000",
            "TZOFFSETFROM:+0200",
            "TZOFFSETTO:+0100",
            "TZNAME:CET",
            "END:STANDARD",
            "END:VTIMEZONE",
            "BEGIN:VEVENT",
            "UID:spring@nights-of-the-clocks.deroule",
            "DTSTAMP:20250329T220000Z",
            "DTSTART;TZID=Europe/Paris:20250329T230000",
            "DTEND;TZID=Europe/Paris:20250330T040000",
            "SUMMARY:Spring night",
            "CATEGORIES:session",
            "STATUS:CONFIRMED",
            "END:VEVENT",
            "BEGIN:VEVENT",
            "UID:before@nights-of-the-clocks.deroule",
            "DTSTAMP:20250329T220000Z",
            "DTSTART;TZID=Europe/Paris:20251026T013000",
            "DTEND;TZID=Europe/Paris:20251026T020000",
            "SUMMARY:Before the change",
            "CATEGORIES:session",
            "STATUS:CONFIRMED",
            "END:VEVENT",
            "BEGIN:VEVENT",
            "UID:repeated@nights-of-the-clocks.deroule",
            "DTSTAMP:20250329T220000Z",
            "DTSTART;TZID=Europe/Paris:20251026T020000",
            "DTEND:20251026T013000Z",
            "SUMMARY:In the repeated hour",
            "CATEGORIES:session",
            "STATUS:CONFIRMED",
            "END:VEVENT",
            "END:VCALENDAR",
            "",
        ]
        .join("\r\n")
    );
}

#[test]
fn calcurse_imports_the_file() {
    use std::process::Command;

    let dir = tempfile::tempdir().expect("a temporary folder");
    let file = dir.path().join("festival.ics");
    // calcurse refuses a summary on two lines: leave that item out.
    let source = FESTIVAL.replace("\\nand a second line", " on one line");
    std::fs::write(&file, export(&programme(&source), "0.1.0")).expect("write the file");
    let calcurse = |args: &[&str]| {
        Command::new("calcurse")
            .arg("-D")
            .arg(dir.path().join("data"))
            .args(args)
            .env("TZ", "UTC")
            .env("HOME", dir.path())
            .env("TMPDIR", dir.path())
            .output()
    };
    let import = match calcurse(&["-i", file.to_str().expect("UTF-8 path")]) {
        Ok(output) => output,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            eprintln!("calcurse is not installed: import test skipped");
            return;
        }
        Err(e) => panic!("calcurse: {e}"),
    };
    let report = String::from_utf8_lossy(&import.stdout);
    assert!(import.status.success(), "{report}");
    assert!(
        report.contains("8 apps / 0 events / 0 todos / 0 skipped"),
        "{report}"
    );
    let query = calcurse(&[
        "-Q",
        "--from",
        "06/21/2025",
        "--days",
        "1",
        "--format-apt",
        "%(start:%Y-%m-%dT%H:%M) %(end:%H:%M) %m\\n",
    ])
    .expect("calcurse runs");
    let agenda = String::from_utf8_lossy(&query.stdout);
    // 10:30–15:00 in Paris is 08:30–13:00 UTC.
    assert!(
        agenda.contains("2025-06-21T08:30 13:00 Rust for the curious"),
        "{agenda}"
    );
}

/// Two programmes whose items share an id do not collide in one calendar: each UID carries its
/// programme (its `id`, else its title).
#[test]
fn uids_are_unique_per_programme() {
    let a = export(&programme(UTC), "0.1.0");
    let b = export(
        &programme(&UTC.replace("title: T\n", "title: T\nid: other-event\n")),
        "0.1.0",
    );
    let uid = |ics: &str| {
        ics.lines()
            .find_map(|l| l.strip_prefix("UID:"))
            .expect("a UID")
            .to_owned()
    };
    assert!(uid(&a).ends_with("@t.deroule"), "{}", uid(&a));
    assert!(uid(&b).ends_with("@other-event.deroule"), "{}", uid(&b));
    assert_ne!(uid(&a), uid(&b));
}

/// Categories are written in the language the user chose, not always the event's.
#[test]
fn categories_follow_the_chosen_language() {
    let p = programme(FESTIVAL);
    let stamp = p.first_start();
    let fr = deroule::ics::export_stamped(&p, "0.1.0", stamp, deroule::i18n::Lang::Fr);
    let en = deroule::ics::export_stamped(&p, "0.1.0", stamp, deroule::i18n::Lang::En);
    assert!(fr.contains("CATEGORIES:atelier"), "{fr}");
    assert!(en.contains("CATEGORIES:workshop"), "{en}");
}
