//! Importers: frab XML, frab JSON, c3voc schedule2 JSON and iCalendar → a validated programme,
//! and its conversion to deroule YAML. Small synthetic fixtures in `tests/fixtures/import/`;
//! real schedules from `../shared/data/real/` when that folder exists.

use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::time::Instant as Clock;

use chrono::{NaiveDate, TimeZone, Utc};
use deroule::import::{self, Format, ImportError, Imported, Options, Verify};
use deroule::model::{Instant, Item, Kind, Programme, State, load_str};

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn import(name: &str) -> Imported {
    import::import_bytes(&fixture(name), name).unwrap_or_else(|e| panic!("{e}"))
}

/// Each fixture is refused with one line that starts with its expected message.
fn assert_one_line_errors(cases: &[(&str, &str)]) {
    for (name, expected) in cases {
        let message = error(name);
        assert!(message.starts_with(expected), "{name}: {message}");
        assert_eq!(message.lines().count(), 1, "{message}");
    }
}

fn error(name: &str) -> String {
    match import::import_bytes(&fixture(name), name) {
        Ok(i) => panic!("{name} imported: {:?}", i.warnings),
        Err(e) => e.to_string(),
    }
}

fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> Instant {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, 0)
        .single()
        .expect("a valid instant")
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid date")
}

fn item<'a>(p: &'a Programme, title: &str) -> &'a Item {
    p.items()
        .find(|i| i.title == title)
        .unwrap_or_else(|| panic!("no item «{title}»"))
}

fn day_of(p: &Programme, title: &str) -> NaiveDate {
    p.days
        .iter()
        .find(|d| d.items.iter().any(|i| i.title == title))
        .map_or_else(|| panic!("no item «{title}»"), |d| d.date)
}

fn room_names(p: &Programme) -> Vec<&str> {
    p.rooms.iter().map(|r| r.name.as_str()).collect()
}

/// The programme's YAML loads back into an equal programme.
fn assert_round_trip(p: &Programme) {
    let yaml = import::to_yaml(p);
    let mut loaded = load_str(&yaml, "round-trip.yaml").unwrap_or_else(|e| panic!("{e}\n{yaml}"));
    // YAML always names its zone; whether the source did is the import's to say.
    loaded.programme.unnamed_zone.clone_from(&p.unnamed_zone);
    assert_eq!(&loaded.programme, p, "{yaml}");
    assert_eq!(import::to_yaml(&loaded.programme), yaml);
}

/// The viewer's way (the programme as built, [`Verify::Trust`]) and `deroule import`'s (written
/// as YAML and validated again) agree: both fail, or both give the same programme and the round
/// trip finds no error. Returns the trusted import.
fn both_ways(bytes: &[u8], name: &str) -> Option<Imported> {
    let trust = Options {
        verify: Verify::Trust,
        ..Options::default()
    };
    let trusted = import::import_with(bytes, name, &trust);
    let verified = import::import_bytes(bytes, name);
    match (trusted, verified) {
        (Ok(t), Ok(v)) => {
            assert!(
                t.programme == v.programme,
                "{name}: the two ways differ: {}",
                first_difference(&t.programme, &v.programme)
            );
            Some(t)
        }
        (Err(t), Err(v)) => {
            assert_eq!(t.to_string(), v.to_string(), "{name}");
            None
        }
        (Ok(_), Err(e)) => panic!("{name}: the viewer would show what the validator refuses: {e}"),
        (Err(e), Ok(_)) => panic!("{name}: only the trusted way fails: {e}"),
    }
}

/// The first item (or else part) where two programmes differ, short enough to read.
fn first_difference(a: &Programme, b: &Programme) -> String {
    let mut items = a.items().zip(b.items());
    if let Some((x, y)) = items.find(|(x, y)| x != y) {
        return format!("{x:?}\n  vs\n{y:?}");
    }
    if a.items().count() != b.items().count() {
        return format!("{} items vs {}", a.items().count(), b.items().count());
    }
    "outside the items (meta, rooms, tracks or days)".to_owned()
}

#[test]
fn the_viewers_import_is_the_validated_one() {
    for name in [
        "frab.xml",
        "frab.json",
        "schedule2.json",
        "calendar.ics",
        "recurring.ics",
        "missing-fields.xml",
    ] {
        let i = both_ways(&fixture(name), name).unwrap_or_else(|| panic!("{name} imports"));
        assert!(i.programme.items().count() > 0, "{name}");
    }
}

fn warned(i: &Imported, needle: &str) -> bool {
    i.warnings.iter().any(|w| w.contains(needle))
}

// --- detection -----------------------------------------------------------------------------

#[test]
fn formats_are_told_apart_by_content() {
    let cases = [
        ("frab.xml", Some(Format::FrabXml)),
        ("frab.json", Some(Format::FrabJson)),
        ("schedule2.json", Some(Format::Schedule2Json)),
        ("calendar.ics", Some(Format::ICalendar)),
        ("programme.yaml", Some(Format::DerouleYaml)),
        ("truncated.json", Some(Format::FrabJson)),
        ("malformed.xml", Some(Format::FrabXml)),
    ];
    for (name, expected) in cases {
        assert_eq!(import::detect(&fixture(name)), expected, "{name}");
    }
    assert_eq!(import::detect(b"<html><body>hi</body></html>"), None);
    assert_eq!(import::detect(b"{\"hello\": 1}"), None);
    assert_eq!(import::detect(b"just some words\n"), None);
    // YAML of another tool goes to the YAML loader, which says what it is and what deroule
    // expects.
    assert_eq!(
        import::detect(b"- name: Opening\n  when: 9:00\n"),
        Some(Format::DerouleYaml)
    );
    assert_eq!(import::detect(b""), None);
    assert_eq!(
        import::detect(b"\xef\xbb\xbfBEGIN:VCALENDAR\r\n"),
        Some(Format::ICalendar)
    );
}

#[test]
fn unknown_content_is_one_clear_error() {
    let err = import::import_bytes(b"<html></html>", "page.html").expect_err("not a schedule");
    assert!(matches!(err, ImportError::UnknownFormat { .. }));
    assert!(
        err.to_string()
            .starts_with("page.html: error: not a schedule deroule can import")
    );
    assert_eq!(err.to_string().lines().count(), 1);
}

#[test]
fn size_binary_and_encoding_are_checked_first() {
    let big = vec![b' '; (16 * 1024 * 1024) + 1];
    let err = import::import_bytes(&big, "big.xml").expect_err("too large");
    assert!(
        matches!(
            err,
            ImportError::NotText {
                problem: deroule::model::load::NotText::TooLarge { .. },
                ..
            }
        ),
        "{err}"
    );
    let err = import::import_bytes(b"<schedule>\n\0</schedule>", "bin.xml").expect_err("binary");
    assert_eq!(
        err.to_string(),
        "bin.xml:2:1: error: a binary file (NUL byte at offset 11): expected a schedule (text)"
    );
    let err = import::import_bytes(b"<schedule>Caf\xe9</schedule>", "l1.xml").expect_err("latin-1");
    assert!(
        err.to_string()
            .starts_with("l1.xml:1:14: error: not UTF-8 text"),
        "{err}"
    );
}

// --- frab XML --------------------------------------------------------------------------------

#[test]
fn frab_xml_imports_with_its_zone_rooms_tracks_and_texts() {
    let i = import("frab.xml");
    assert_eq!(i.format, Format::FrabXml);
    let p = &i.programme;
    assert_eq!(p.meta.title, "Test Conf 2025");
    assert_eq!(p.meta.venue.as_deref(), Some("ULB"));
    assert_eq!(p.tz, chrono_tz::Europe::Brussels);
    assert_eq!(p.day_change.to_string(), "04:00");
    // The publisher's room order (containers), an extra room right after the one it relieves,
    // and a room only an event names at the end.
    assert_eq!(room_names(p), ["Zeta", "Zeta (overlap)", "Alpha", "Gamma"]);
    // Declared tracks in use, in order; a bad colour is dropped, a good one kept.
    let tracks: Vec<_> = p
        .tracks
        .iter()
        .map(|t| (t.name.as_str(), t.color.is_some()))
        .collect();
    assert_eq!(tracks, [("Keynotes", true), ("Web", false)]);

    let opening = item(p, "Opening & welcome");
    assert_eq!(
        (opening.start, opening.end),
        (utc(2025, 2, 1, 8, 30), utc(2025, 2, 1, 8, 50))
    );
    assert_eq!(opening.id.as_deref(), Some("g1/20250201T093000"));
    assert_eq!(opening.subtitle.as_deref(), Some("The first one"));
    assert_eq!(opening.kind, Kind::Keynote);
    assert_eq!(opening.speakers, ["Staff", "Jens Mönig"]);
    assert_eq!(opening.language.as_deref(), Some("en"));
    assert_eq!(
        opening.description.as_deref(),
        Some("Welcome to Test Conf.\n\nSee the FAQ <https://example.org/faq> & enjoy.")
    );
    let links: Vec<_> = opening
        .links
        .iter()
        .map(|l| (l.url.as_str(), l.title.as_deref()))
        .collect();
    assert_eq!(
        links,
        [
            ("https://example.org/e/1", Some("Event page")),
            ("https://video.example.org/1.mp4", Some("Video")),
            ("https://example.org/e/1/slides.pdf", Some("Slides")),
        ]
    );
    assert_eq!(
        item(p, "Q&A: ask us anything").minutes(),
        90,
        "D:HH:MM is days first"
    );
    assert_eq!(item(p, "Q&A: ask us anything").kind, Kind::Talk);
    assert_eq!(item(p, "Bad duration talk").kind, Kind::Other);
    assert_eq!(item(p, "[Draft] #1 - yes").kind, Kind::Session);
    assert_eq!(item(p, "Night party").kind, Kind::Social);
    assert_eq!(item(p, "Own room").room.as_deref(), Some("Gamma"));
    assert_round_trip(p);
}

#[test]
fn frab_xml_event_days_follow_the_day_change() {
    let p = import("frab.xml").programme;
    assert_eq!(day_of(&p, "Night party"), date(2025, 2, 1));
    assert_eq!(item(&p, "Night party").start, utc(2025, 2, 2, 0, 0));
    assert_eq!(day_of(&p, "No date, only start"), date(2025, 2, 2));
    assert_eq!(item(&p, "No date, only start").start, utc(2025, 2, 2, 9, 0));
}

#[test]
fn frab_xml_problems_are_warnings_naming_the_event() {
    let i = import("frab.xml");
    let p = &i.programme;
    // Overlap in a room: both kept at their times, the later one in an extra room.
    let overlap = item(p, "Overlapping talk");
    assert_eq!(overlap.room.as_deref(), Some("Zeta (overlap)"));
    assert_eq!(overlap.start, utc(2025, 2, 1, 10, 0));
    assert_eq!(item(p, "Long workshop").room.as_deref(), Some("Zeta"));
    assert!(
        warned(
            &i,
            "frab.xml:59:7: warning: event «Overlapping talk»: overlaps «Long workshop» (until 11:30) in room «Zeta»"
        ),
        "{:#?}",
        i.warnings
    );
    // A bad duration: ends when the next item of its room starts.
    assert_eq!(
        item(p, "Bad duration talk").end,
        item(p, "[Draft] #1 - yes").start
    );
    assert!(warned(
        &i,
        "event «Bad duration talk»: `<duration>` `1h` is not a duration"
    ));
    // A zero duration with nothing after it: kept, an hour long, and its details say so.
    let marker = item(p, "Marker");
    assert_eq!(
        (marker.start, marker.end),
        (utc(2025, 2, 1, 15, 0), utc(2025, 2, 1, 16, 0))
    );
    assert_eq!(
        marker.description.as_deref(),
        Some("End not given in the schedule: shown until 17:00.")
    );
    assert!(warned(
        &i,
        "frab.xml:101:7: warning: event «Marker»: a `<duration>` of 0: nothing follows it in its room that day: it is given 60 min, until 17:00"
    ));
    // `<date>` is the truth; a disagreeing `<start>` is reported.
    assert_eq!(item(p, "Wrong offset").start, utc(2025, 2, 2, 11, 0));
    assert!(warned(
        &i,
        "event «Wrong offset»: its start 11:00 is 12:00 in Europe/Brussels"
    ));
    assert!(warned(
        &i,
        "1 event has a UTC offset that is not the file's zone's"
    ));
    // Ids: guid, a shared guid made unique by each event's start (for both events, so that the
    // ids do not depend on the file's order), the numeric id as a fallback.
    assert_eq!(
        item(p, "Repeated session").id.as_deref(),
        Some("g1/20250202T130000")
    );
    assert!(warned(
        &i,
        "event «Repeated session»: the id `g1` is shared by 2 events: this one is \
         `g1/20250202T130000`, after its start"
    ));
    assert_eq!(item(p, "(untitled)").id.as_deref(), Some("42"));
    assert!(warned(
        &i,
        "frab.xml:132:7: warning: event «(untitled)»: no `<title>`"
    ));
    assert!(warned(
        &i,
        "track «Web»: colour `rgb(1,2,3)` is not `#rrggbb`"
    ));
    assert!(warned(
        &i,
        "its `<room>` «Gamma» is not the room «Zeta» it is listed under"
    ));
    // In file order.
    let lines: Vec<usize> = i
        .warnings
        .iter()
        .filter_map(|w| w.split(':').nth(1)?.parse().ok())
        .collect();
    assert!(lines.windows(2).all(|w| w[0] <= w[1]), "{lines:?}");
}

#[test]
fn frab_xml_missing_fields_leave_out_only_the_event() {
    let i = import("missing-fields.xml");
    let titles: Vec<_> = i.programme.items().map(|i| i.title.as_str()).collect();
    assert_eq!(titles, ["Bad date, good start", "No duration"]);
    assert_eq!(
        item(&i.programme, "Bad date, good start").start,
        utc(2025, 3, 1, 9, 0)
    );
    assert!(warned(
        &i,
        "missing-fields.xml:5:7: warning: event «No time at all»: no `<date>` and no usable `<start>` with a day date: left out"
    ));
    assert!(warned(
        &i,
        "missing-fields.xml:9:7: warning: event «Bad date, good start»: `<date>` `not a date` is not a date and time"
    ));
    assert!(warned(
        &i,
        "missing-fields.xml:15:7: warning: event «No duration»: no `<duration>`: nothing follows it in its room that day: it is given 60 min, until"
    ));
}

#[test]
fn broken_xml_gives_one_located_error() {
    let cases = [
        (
            "malformed.xml",
            "malformed.xml:8:5: error: not valid XML: ill-formed document: expected `</event>`, but `</room>` was found",
        ),
        (
            "truncated.xml",
            "truncated.xml:7:24: error: not valid XML: syntax error: tag not closed: `>` not found before end of input",
        ),
        (
            "truncated-between.xml",
            "truncated-between.xml:5:7: error: not valid XML: the file ends inside `<event>`, which starts here: expected `</event>` (is the file truncated?)",
        ),
        (
            "bad-entity.xml",
            "bad-entity.xml:2:25: error: not valid XML: unknown entity `&nosuchentity;`",
        ),
        (
            "no-days.xml",
            "no-days.xml: error: nothing to import: no `<day>` in the `<schedule>`",
        ),
    ];
    assert_one_line_errors(&cases);
    let err = import::import_bytes(&fixture("malformed.xml"), "malformed.xml").expect_err("broken");
    assert!(matches!(
        err,
        ImportError::Malformed {
            format: Format::FrabXml,
            at: Some((8, 5)),
            ..
        }
    ));
    assert!(error("wrong-root.xml").contains("not a schedule deroule can import"));
}

#[test]
fn a_day_change_or_a_day_that_does_not_fit_is_corrected_and_said() {
    let xml = "<schedule><conference><title>Fit</title><time_zone_name>Europe/Paris</time_zone_name>\
        <day_change>09:00:00</day_change></conference>\
        <day index=\"1\" date=\"2025-05-01\"><room name=\"A\">\
        <event guid=\"early\"><date>2025-05-01T08:00:00+02:00</date><start>08:00</start>\
        <duration>00:30</duration><title>Early bird</title></event>\
        <event guid=\"lost\"><date>2025-05-04T10:00:00+02:00</date><start>10:00</start>\
        <duration>00:30</duration><title>Misfiled</title></event>\
        </room></day></schedule>";
    let i = import::import_bytes(xml.as_bytes(), "fit.xml").expect("imports");
    let p = &i.programme;
    assert_eq!(p.day_change.to_string(), "00:00");
    assert!(
        warned(
            &i,
            "fit.xml: warning: the file's day change 09:00 does not fit its events: using 00:00"
        ),
        "{:#?}",
        i.warnings
    );
    assert_eq!(day_of(p, "Early bird"), date(2025, 5, 1));
    assert_eq!(day_of(p, "Misfiled"), date(2025, 5, 4));
    assert!(warned(
        &i,
        "event «Misfiled»: listed on the day 2025-05-01 but starts 2025-05-04 10:00: placed on the event day 2025-05-04"
    ));
    assert_round_trip(p);
}

// --- frab JSON v1 ----------------------------------------------------------------------------

#[test]
fn frab_json_imports_and_infers_what_it_does_not_say() {
    let i = import("frab.json");
    assert_eq!(i.format, Format::FrabJson);
    let p = &i.programme;
    assert_eq!(p.meta.title, "Test Congress");
    // No zone named: a fixed zone with the offset of every event, said so.
    assert_eq!(p.tz.name(), "Etc/GMT-1");
    assert!(warned(
        &i,
        "no time zone named in the file: every time is at UTC+01:00"
    ));
    // Night events (00:50) belong to the evening before: a 04:00 day change.
    assert_eq!(p.day_change.to_string(), "04:00");
    assert_eq!(day_of(p, "Hacker Jeopardy"), date(2019, 12, 27));
    assert_eq!(item(p, "Hacker Jeopardy").start, utc(2019, 12, 27, 23, 50));
    assert_eq!(day_of(p, "Late show"), date(2019, 12, 28));
    // Rooms in the order of the `rooms` object, not sorted.
    assert_eq!(room_names(p), ["Zuse", "Ada"]);
    let opening = item(p, "Opening Ceremony");
    assert_eq!(opening.speakers, ["bleeptrack", "blinry"]);
    assert_eq!(opening.kind, Kind::Talk);
    assert_eq!(opening.description.as_deref(), Some("Welcome!"));
    let podium = item(p, "Podium talk");
    assert_eq!(podium.kind, Kind::Panel);
    assert_eq!(podium.track, None);
    assert_eq!(
        podium.description.as_deref(),
        Some("Paragraph one.\n\nTwo & three.")
    );
    let urls: Vec<_> = podium.links.iter().map(|l| l.url.as_str()).collect();
    assert_eq!(
        urls,
        [
            "https://fahrplan.example/3.html",
            "https://a.example",
            "https://b.example"
        ]
    );
    assert_eq!(
        item(p, "Day two").description.as_deref(),
        Some("# Markdown\n\n* kept as is")
    );
    assert_eq!(item(p, "Day two").minutes(), 140);
    assert!(warned(
        &i,
        "event «Broken duration»: `duration` `1:75` is not a duration"
    ));
    assert_round_trip(p);
}

#[test]
fn a_time_zone_can_be_given() {
    let options = Options {
        time_zone: Some(chrono_tz::Europe::Berlin),
        ..Options::default()
    };
    let i = import::import_with(&fixture("frab.json"), "frab.json", &options).expect("imports");
    assert_eq!(i.programme.tz, chrono_tz::Europe::Berlin);
    assert!(!warned(&i, "time zone"), "{:#?}", i.warnings);
    assert_eq!(
        item(&i.programme, "Hacker Jeopardy").start,
        utc(2019, 12, 27, 23, 50)
    );
}

#[test]
fn broken_json_gives_one_located_error() {
    let cases = [
        (
            "truncated.json",
            "truncated.json:95:19: error: not valid JSON: EOF while parsing a string (is the file truncated?)",
        ),
        (
            "no-schedule.json",
            "no-schedule.json: error: no `schedule.conference` object",
        ),
        (
            "no-days.json",
            "no-days.json: error: no `schedule.conference.days` list",
        ),
    ];
    assert_one_line_errors(&cases);
}

// --- c3voc schedule2 -------------------------------------------------------------------------

#[test]
fn schedule2_imports_states_breaks_and_room_references() {
    let i = import("schedule2.json");
    assert_eq!(i.format, Format::Schedule2Json);
    let p = &i.programme;
    assert_eq!(p.tz, chrono_tz::Europe::Berlin);
    assert_eq!(p.meta.language.as_deref(), Some("en"));
    assert_eq!(room_names(p), ["Stage", "Hall B", "Tent"]);
    assert_eq!(p.rooms[0].description.as_deref(), Some("The big one"));
    let soldering = item(p, "Soldering");
    assert_eq!(soldering.room.as_deref(), Some("Hall B"));
    assert_eq!(soldering.kind, Kind::Workshop);
    assert_eq!(soldering.track.as_deref(), Some("Hardware"));
    assert_eq!(
        soldering.description.as_deref(),
        Some("Soldering for beginners")
    );
    assert_eq!(soldering.speakers, ["Mitch"]);
    assert_eq!(item(p, "Keynote").state, State::Moved);
    assert_eq!(item(p, "Cancelled talk").state, State::Cancelled);
    let lunch = item(p, "Lunch break");
    assert_eq!((lunch.kind, lunch.room.as_deref()), (Kind::Break, None));
    assert_eq!(day_of(p, "Midnight concert"), date(2021, 6, 5));
    assert_eq!(item(p, "In a tent").minutes(), 45);
    assert!(p.items().all(|i| i.title != "Rejected talk"));
    assert!(warned(
        &i,
        "event «Rejected talk»: state `REJECTED`: left out"
    ));
    assert!(warned(
        &i,
        "event «Ends before it starts»: it ends at 2021-06-06 11:00 before it starts"
    ));
    assert_round_trip(p);
}

// --- iCalendar -------------------------------------------------------------------------------

#[test]
fn icalendar_reads_zones_folds_escapes_and_durations() {
    let i = import("calendar.ics");
    assert_eq!(i.format, Format::ICalendar);
    let p = &i.programme;
    assert_eq!(p.meta.title, "Digital Commons Day");
    assert_eq!(p.tz, chrono_tz::Europe::Paris);
    let welcome = item(p, "Welcome, coffee; croissants");
    assert_eq!(
        (welcome.start, welcome.end),
        (utc(2025, 3, 14, 8, 0), utc(2025, 3, 14, 8, 30))
    );
    assert_eq!(welcome.kind, Kind::Welcome, "from CATEGORIES");
    assert_eq!(welcome.room.as_deref(), Some("Hall"));
    assert_eq!(
        welcome.description.as_deref(),
        Some(
            "First line\nSecond line with a long text that is folded over two lines, as RFC 5545 wants."
        )
    );
    // UTC with DURATION.
    let keynote = item(p, "Keynote talk");
    assert_eq!(
        (keynote.start, keynote.end),
        (utc(2025, 3, 14, 8, 30), utc(2025, 3, 14, 10, 0))
    );
    assert_eq!(keynote.links[0].url, "https://example.org/2");
    // A TZID defined by a VTIMEZONE (X-LIC-LOCATION), and a repeated UID kept distinct.
    let repeat = item(p, "Repeat of the keynote");
    assert_eq!(repeat.start, utc(2025, 3, 14, 10, 0));
    assert_eq!(
        (keynote.id.as_deref(), repeat.id.as_deref()),
        (Some("u2/20250314T093000"), Some("u2/20250314T110000"))
    );
    assert!(warned(
        &i,
        "calendar.ics:34:1: warning: event «Repeat of the keynote»: the id `u2` is shared by 2 events"
    ));
    // Floating time, no DTEND: ends when the next item of its room starts.
    let floating = item(p, "Floating, no end");
    assert_eq!(
        (floating.start, floating.end),
        (utc(2025, 3, 14, 13, 0), utc(2025, 3, 14, 14, 0))
    );
    assert!(warned(
        &i,
        "event «Floating, no end»: no DTEND nor DURATION (an instant for RFC 5545): it ends when «Cancelled workshop» starts, at 15:00"
    ));
    assert_eq!(item(p, "Cancelled workshop").state, State::Cancelled);
    // All-day: left out.
    assert!(p.items().all(|i| i.title != "All day"));
    assert!(warned(
        &i,
        "calendar.ics:55:1: warning: event «All day»: an all-day event (2025-03-14, DTSTART;VALUE=DATE): not a programme slot, left out"
    ));
    // RRULE: each occurrence, with an id of its own.
    let parties: Vec<_> = p
        .items()
        .filter(|i| i.title == "Late party")
        .map(|i| (i.id.as_deref(), i.start))
        .collect();
    assert_eq!(
        parties,
        [
            (Some("u7/20250314T230000"), utc(2025, 3, 14, 22, 0)),
            (Some("u7/20250315T230000"), utc(2025, 3, 15, 22, 0)),
        ]
    );
    // Past midnight: a 04:00 day change keeps the party on its evening.
    assert_eq!(p.day_change.to_string(), "04:00");
    assert_eq!(day_of(p, "Late party"), date(2025, 3, 14));
    assert_eq!(item(p, "Late party").end, utc(2025, 3, 15, 0, 30));
    // Two events without a room that overlap: each in a room of its own.
    assert_eq!(item(p, "Day two").room.as_deref(), Some("(no room)"));
    assert_eq!(
        item(p, "Day two overlap").room.as_deref(),
        Some("(no room) (overlap)")
    );
    // UTC times are not a disagreement with the zone.
    assert!(!warned(&i, "UTC offset"), "{:#?}", i.warnings);
    assert_round_trip(p);
}

// --- iCalendar: repeating events ---------------------------------------------------------------

/// The items titled `title`, in time order: (id, start, end, state).
fn occurrences<'a>(
    p: &'a Programme,
    title: &str,
) -> Vec<(Option<&'a str>, Instant, Instant, State)> {
    let mut found: Vec<_> = p
        .items()
        .filter(|i| i.title == title)
        .map(|i| (i.id.as_deref(), i.start, i.end, i.state))
        .collect();
    found.sort_by_key(|o| o.1);
    found
}

fn recurring() -> Imported {
    both_ways(&fixture("recurring.ics"), "recurring.ics").expect("recurring.ics imports")
}

#[test]
fn a_daily_rule_gives_one_item_per_day_at_its_wall_time() {
    let i = recurring();
    let p = &i.programme;
    assert_eq!(p.tz, chrono_tz::Europe::Paris);
    // 12:30 in Paris (UTC+1 in March) on three days, each with an id of its own.
    assert_eq!(
        occurrences(p, "Lunch"),
        [
            (
                Some("lunch/20250317T123000"),
                utc(2025, 3, 17, 11, 30),
                utc(2025, 3, 17, 12, 30),
                State::Confirmed
            ),
            (
                Some("lunch/20250318T123000"),
                utc(2025, 3, 18, 11, 30),
                utc(2025, 3, 18, 12, 30),
                State::Confirmed
            ),
            (
                Some("lunch/20250319T123000"),
                utc(2025, 3, 19, 11, 30),
                utc(2025, 3, 19, 12, 30),
                State::Confirmed
            ),
        ]
    );
    for day in [17, 18, 19] {
        let d = p
            .days
            .iter()
            .find(|d| d.date == date(2025, 3, day))
            .expect("a day per occurrence");
        let lunch = d
            .items
            .iter()
            .find(|i| i.title == "Lunch")
            .expect("a lunch that day");
        assert_eq!(lunch.room.as_deref(), Some("Cafeteria"));
        assert_eq!(lunch.kind, Kind::Break);
        assert_eq!(
            lunch.description.as_deref(),
            Some("Vegetarian options every day.")
        );
    }
    // A UTC start: its ids say so.
    let standups: Vec<_> = occurrences(p, "Stand-up").iter().map(|o| o.0).collect();
    assert_eq!(
        standups,
        [
            Some("standup/20250317T084500Z"),
            Some("standup/20250318T084500Z")
        ]
    );
    assert!(!warned(&i, "Lunch"), "{:#?}", i.warnings);
}

#[test]
fn exdate_removes_an_occurrence_and_rdate_adds_some() {
    let p = recurring().programme;
    // DTSTART in a VTIMEZONE of the file; the 18th excluded; two UTC RDATEs in one list.
    let starts: Vec<_> = occurrences(&p, "Breakfast")
        .iter()
        .map(|o| (o.0, o.1))
        .collect();
    assert_eq!(
        starts,
        [
            (Some("breakfast/20250317T080000"), utc(2025, 3, 17, 7, 0)),
            (Some("breakfast/20250319T080000"), utc(2025, 3, 19, 7, 0)),
            (Some("breakfast/20250320T083000"), utc(2025, 3, 20, 7, 30)),
            (Some("breakfast/20250321T083000"), utc(2025, 3, 21, 7, 30)),
        ]
    );
    assert!(
        occurrences(&p, "Breakfast")
            .iter()
            .all(|o| o.2 - o.1 == chrono::Duration::minutes(30))
    );
    assert_eq!(day_of(&p, "Breakfast"), date(2025, 3, 17));
}

#[test]
fn an_override_moves_one_occurrence_and_another_cancels_one() {
    let p = recurring().programme;
    assert_eq!(
        occurrences(&p, "Morning keynote"),
        [
            (
                Some("keynote/20250317T090000"),
                utc(2025, 3, 17, 8, 0),
                utc(2025, 3, 17, 9, 0),
                State::Confirmed
            ),
            // STATUS:CANCELLED: kept, struck through.
            (
                Some("keynote/20250319T090000"),
                utc(2025, 3, 19, 8, 0),
                utc(2025, 3, 19, 9, 0),
                State::Cancelled
            ),
        ]
    );
    // The 18th's, written before its repeating event: new time, title and room, the same id.
    let moved = item(&p, "Morning keynote, in the afternoon");
    assert_eq!(moved.id.as_deref(), Some("keynote/20250318T090000"));
    assert_eq!(
        (moved.start, moved.end),
        (utc(2025, 3, 18, 13, 0), utc(2025, 3, 18, 14, 0))
    );
    assert_eq!(moved.room.as_deref(), Some("Room B"));
    assert_eq!(moved.state, State::Moved);
    assert_eq!(
        day_of(&p, "Morning keynote, in the afternoon"),
        date(2025, 3, 18)
    );
}

#[test]
fn a_weekly_rule_keeps_its_wall_time_across_the_end_of_dst() {
    let p = recurring().programme;
    // 18:00 in Paris: UTC+2 until 26 October 2025, UTC+1 after; UNTIL written as a date.
    let meetups: Vec<_> = occurrences(&p, "Rust meetup")
        .iter()
        .map(|o| (o.1, o.2))
        .collect();
    assert_eq!(
        meetups,
        [
            (utc(2025, 10, 15, 16, 0), utc(2025, 10, 15, 18, 0)),
            (utc(2025, 10, 22, 16, 0), utc(2025, 10, 22, 18, 0)),
            (utc(2025, 10, 29, 17, 0), utc(2025, 10, 29, 19, 0)),
        ]
    );
    // A floating 19:00 stays 19:00 in the calendar's zone, on both sides of a change.
    let club = occurrences(&p, "Book club");
    let on = |d: NaiveDate| {
        club.iter()
            .find(|o| o.1.with_timezone(&chrono_tz::Europe::Paris).date_naive() == d)
            .map(|o| o.1)
    };
    assert_eq!(on(date(2025, 3, 24)), Some(utc(2025, 3, 24, 18, 0)));
    assert_eq!(on(date(2025, 3, 31)), Some(utc(2025, 3, 31, 17, 0)));
    assert_eq!(on(date(2025, 10, 27)), Some(utc(2025, 10, 27, 18, 0)));
}

#[test]
fn an_endless_rule_is_cut_with_a_warning() {
    let i = recurring();
    // Weekly with no end: the 53 Mondays within 366 days of the first.
    let club = occurrences(&i.programme, "Book club");
    assert_eq!(club.len(), 53);
    assert_eq!(club[52].1, utc(2026, 3, 16, 18, 0));
    assert!(
        warned(
            &i,
            "recurring.ics:76:1: warning: event «Book club»: repeats with no end (no COUNT nor UNTIL): its occurrences within 366 days of the first are kept, 53 until 2026-03-16"
        ),
        "{:#?}",
        i.warnings
    );
    // Hourly: 1000 at most.
    let ics = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:h\nDTSTART:20250101T000000Z\nDURATION:PT30M\n\
               SUMMARY:Hourly\nRRULE:FREQ=HOURLY\nEND:VEVENT\nEND:VCALENDAR\n";
    let i = both_ways(ics.as_bytes(), "hourly.ics").expect("imports");
    assert_eq!(i.programme.items().count(), 1000);
    assert!(
        warned(
            &i,
            "hourly.ics:2:1: warning: event «Hourly»: repeats more than 1000 times: its first 1000 occurrences are kept, until 2025-02-11"
        ),
        "{:#?}",
        i.warnings
    );
}

#[test]
fn repeats_of_long_texts_are_bounded_per_file() {
    let description = "x".repeat(100_000);
    let ics = format!(
        "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:long\nDTSTART:20250101T100000Z\nDURATION:PT1H\n\
         SUMMARY:Long\nDESCRIPTION:{description}\nRRULE:FREQ=DAILY;COUNT=300\nEND:VEVENT\n\
         END:VCALENDAR\n"
    );
    let trust = Options {
        verify: Verify::Trust,
        ..Options::default()
    };
    let i = import::import_with(ics.as_bytes(), "long.ics", &trust).expect("imports");
    // 8 MiB of repeated text: 84 occurrences of 100 kB.
    assert_eq!(i.programme.items().count(), 84);
    assert!(
        warned(
            &i,
            "event «Long»: the repeating events of the file reach deroule's limit (8 MiB of repeated text): its first 84 occurrences are kept"
        ),
        "{:#?}",
        i.warnings
    );
}

#[test]
fn a_malformed_rule_keeps_the_first_occurrence_with_a_warning() {
    let i = recurring();
    assert_eq!(
        occurrences(&i.programme, "Closing party"),
        [(
            Some("party/20250319T180000"),
            utc(2025, 3, 19, 17, 0),
            utc(2025, 3, 19, 21, 0),
            State::Confirmed
        )]
    );
    assert!(
        warned(
            &i,
            "recurring.ics:74:1: warning: event «Closing party»: RRULE `FREQ=SOMETIMES;COUNT=2` cannot be used: `SOMETIMES` is not a valid frequency: the rule is ignored, only its first occurrence is imported"
        ),
        "{:#?}",
        i.warnings
    );
    // Only those two warnings.
    assert_eq!(i.warnings.len(), 2, "{:#?}", i.warnings);
}

#[test]
fn an_override_of_no_occurrence_or_of_no_event_stands_alone() {
    let ics = "BEGIN:VCALENDAR\nX-WR-TIMEZONE:Europe/Paris\n\
        BEGIN:VEVENT\nUID:talk\nDTSTART;TZID=Europe/Paris:20250317T090000\n\
        DTEND;TZID=Europe/Paris:20250317T100000\nSUMMARY:Talk\nLOCATION:Hall\n\
        RRULE:FREQ=DAILY;COUNT=2\nEND:VEVENT\n\
        BEGIN:VEVENT\nUID:talk\nRECURRENCE-ID;TZID=Europe/Paris:20250320T090000\n\
        DTSTART;TZID=Europe/Paris:20250320T110000\nEND:VEVENT\n\
        BEGIN:VEVENT\nUID:talk\nRECURRENCE-ID:20250318T080000Z\n\
        DESCRIPTION:Only the description changes\nEND:VEVENT\n\
        BEGIN:VEVENT\nUID:gone\nRECURRENCE-ID;TZID=Europe/Paris:20250318T150000\n\
        DTSTART;TZID=Europe/Paris:20250318T160000\nDURATION:PT1H\nSUMMARY:Lone\nEND:VEVENT\n\
        END:VCALENDAR\n";
    let i = both_ways(ics.as_bytes(), "overrides.ics").expect("imports");
    let p = &i.programme;
    // The override written in UTC replaces the 18th's; what it does not say comes from the event.
    let talks = occurrences(p, "Talk");
    let ids: Vec<_> = talks.iter().map(|o| o.0).collect();
    assert_eq!(
        ids,
        [
            Some("talk/20250317T090000"),
            Some("talk/20250318T090000"),
            Some("talk/20250320T090000")
        ]
    );
    let second = p
        .items()
        .find(|i| i.id.as_deref() == Some("talk/20250318T090000"))
        .expect("the 18th");
    assert_eq!(second.start, utc(2025, 3, 18, 8, 0));
    assert_eq!(second.room.as_deref(), Some("Hall"));
    assert_eq!(second.state, State::Confirmed);
    assert_eq!(
        second.description.as_deref(),
        Some("Only the description changes")
    );
    // The 20th is no occurrence: kept at its time, an hour long like the others.
    assert_eq!(
        (talks[2].1, talks[2].2),
        (utc(2025, 3, 20, 10, 0), utc(2025, 3, 20, 11, 0))
    );
    assert!(
        warned(
            &i,
            "overrides.ics:11:1: warning: event «Talk»: an override (RECURRENCE-ID 2025-03-20 09:00) names none of its occurrences: imported as an event of its own"
        ),
        "{:#?}",
        i.warnings
    );
    assert_eq!(item(p, "Lone").id.as_deref(), Some("gone/20250318T150000"));
}

/// Rules that never match, that run past year 9999, that the crate refuses or that overflow:
/// an import or an error, the same both ways, never a panic nor a hang.
#[test]
fn odd_rules_never_panic() {
    let rules = [
        "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30",
        "FREQ=SECONDLY",
        "FREQ=MINUTELY;INTERVAL=65535",
        "FREQ=DAILY;INTERVAL=0",
        "FREQ=DAILY;COUNT=4294967295",
        "FREQ=DAILY;COUNT=99999999999",
        "FREQ=DAILY;BYSETPOS=1",
        "FREQ=MONTHLY;BYDAY=5FR",
        "FREQ=HOURLY;BYHOUR=25",
        "FREQ=YEARLY;BYEASTER=0",
        "FREQ=WEEKLY;UNTIL=20240101",
        "FREQ=WEEKLY;UNTIL=notadate",
        "FREQ=DAILY;UNTIL=99991231T235959Z",
        "freq=daily;count=2",
        "FREQ=DAILY;COUNT=2;FREQ=WEEKLY",
        "",
        ";;;",
    ];
    for rule in rules {
        for start in [
            "DTSTART;TZID=Europe/Paris:20250330T023000",
            "DTSTART:99991231T100000Z",
            "DTSTART:00010101T000000",
        ] {
            let ics = format!(
                "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:x\n{start}\nDURATION:PT1H\nSUMMARY:T\n\
                 RRULE:{rule}\nRDATE:20250101T000000Z,nonsense,20250102\n\
                 EXDATE;VALUE=DATE:20250331\nEND:VEVENT\nEND:VCALENDAR\n"
            );
            let i = both_ways(ics.as_bytes(), "odd.ics")
                .unwrap_or_else(|| panic!("{rule} from {start}: no import"));
            assert!(i.programme.items().count() >= 1, "{rule} from {start}");
        }
    }
}

#[test]
fn broken_icalendar_gives_one_located_error() {
    let cases = [
        (
            "truncated.ics",
            "truncated.ics:26:1: error: not valid iCalendar: the file ends inside `BEGIN:VEVENT`, which starts here: expected `END:VEVENT` (is the file truncated?)",
        ),
        (
            "broken-fold.ics",
            "broken-fold.ics:31:1: error: not valid iCalendar: `this line lost its fold` is not a `NAME:value` line",
        ),
        (
            "mismatched.ics",
            "mismatched.ics:25:1: error: not valid iCalendar: `END:VTODO` closes `BEGIN:VEVENT` of line 15",
        ),
        (
            "no-start.ics",
            "no-start.ics: error: nothing to import: no event with a usable start; the first left out: line 3, event «No start»: no DTSTART: left out",
        ),
    ];
    assert_one_line_errors(&cases);
}

// --- deroule YAML and the YAML writer ----------------------------------------------------------

#[test]
fn a_deroule_programme_is_loaded_as_is() {
    let i = import("programme.yaml");
    assert_eq!(i.format, Format::DerouleYaml);
    assert_eq!(i.programme.meta.title, "A hand-written day");
    assert_round_trip(&i.programme);
    let err = import::import_bytes(
        b"title: X\ntime_zone: Europe/Pari\ndate: 2025-01-01\nitems: []\n",
        "bad.yaml",
    )
    .expect_err("invalid");
    assert!(matches!(err, ImportError::Programme(_)));
    assert!(
        err.to_string()
            .contains("bad.yaml:2:12: error: unknown time zone `Europe/Pari`"),
        "{err}"
    );
}

/// A frab schedule with one event per `(title, id, start, duration)`, in one room.
fn frab(events: &[(&str, &str, &str, &str)]) -> String {
    let mut xml = String::from(
        "<schedule><conference><title>Quoting</title><time_zone_name>Europe/Paris</time_zone_name>\
         <day_change>04:00:00</day_change></conference><day index=\"1\" date=\"2025-10-25\"><room name=\"R\">",
    );
    for (title, id, start, duration) in events {
        let title = title.replace('&', "&amp;").replace('<', "&lt;");
        let _ = write!(
            xml,
            "<event guid=\"{id}\"><date>{start}</date><duration>{duration}</duration>\
             <title>{title}</title><abstract>  line one  \n\nline two\t</abstract></event>"
        );
    }
    xml.push_str("</room></day></schedule>");
    xml
}

#[test]
fn yaml_output_quotes_what_needs_quoting_and_round_trips() {
    let titles = [
        "yes",
        "no",
        "true",
        "null",
        "~",
        "123",
        "1.50",
        "0x7",
        "- dash",
        "#hash",
        "a: b",
        "a #b",
        "@at",
        "*star",
        "&anchor",
        "!tag",
        "%pct",
        "`tick",
        "'single",
        "\"double\"",
        "[list]",
        "{map}",
        "? q",
        "| pipe",
        "> fold",
        "Ünïcödé ✓ 🎉",
        "09:30",
        "tab\there",
    ];
    let events: Vec<(String, String, String)> = titles
        .iter()
        .enumerate()
        .map(|(n, t)| {
            let ids = ["007", "1e3", "true", "a: b", "#x"];
            let id = ids
                .get(n)
                .map_or_else(|| format!("id-{n}"), |s| (*s).to_owned());
            let start = format!("2025-10-24T{:02}:{:02}:00+02:00", 8 + n / 4, (n % 4) * 15);
            ((*t).to_owned(), id, start)
        })
        .collect();
    let refs: Vec<(&str, &str, &str, &str)> = events
        .iter()
        .map(|(t, id, s)| (t.as_str(), id.as_str(), s.as_str(), "00:15"))
        .collect();
    let xml = frab(&refs).replace("date=\"2025-10-25\"", "date=\"2025-10-24\"");
    let i = import::import_bytes(xml.as_bytes(), "quoting.xml").expect("imports");
    let p = &i.programme;
    assert_eq!(p.items().count(), titles.len());
    assert_eq!(item(p, "tab here").title, "tab here");
    assert_eq!(item(p, "yes").id.as_deref(), Some("007"));
    assert_eq!(
        item(p, "yes").description.as_deref(),
        Some("line one\n\nline two")
    );
    assert_round_trip(p);
}

#[test]
fn unusual_characters_round_trip() {
    let desc = "  indented first\u{2028}ls\u{2029}ps \u{feff}bom \u{200b}zw \u{200f}rtl \u{a0}nb 🎉 \
                \"q\" 'a' \\ back: #x\u{1b}[31m\n\n- y: z\n   deeper  ";
    let doc = serde_json::json!({"schedule": {"version": "1",
        "conference": {"title": "U", "time_zone_name": "UTC"},
        "events": [{"guid": "1", "start": "2025-01-01T10:00:00+00:00",
            "end": "2025-01-01T11:00:00+00:00", "title": "t\u{2028}x", "abstract": desc}]}});
    let bytes = serde_json::to_vec(&doc).expect("JSON");
    let i = import::import_bytes(&bytes, "u.json").expect("imports");
    let it = item(&i.programme, "t x");
    assert_eq!(
        it.description.as_deref(),
        Some(
            "indented first\u{2028}ls\u{2029}ps \u{feff}bom \u{200b}zw \u{200f}rtl  nb 🎉 \"q\" \
             'a' \\ back: #x[31m\n\n- y: z\n   deeper"
        ),
        "control characters (an escape sequence) are dropped, the rest kept"
    );
    assert_round_trip(&i.programme);
}

#[test]
fn ends_past_the_day_change_or_across_a_clock_change_are_written_as_durations() {
    // 25 October 2025, Paris: the clocks go back at 03:00 on the 26th.
    let xml = frab(&[
        ("Evening", "e1", "2025-10-25T20:00:00+02:00", "01:00"),
        ("All night", "e2", "2025-10-25T22:00:00+02:00", "08:00"),
        (
            "Across the change",
            "e3",
            "2025-10-26T01:30:00+02:00",
            "02:00",
        ),
    ]);
    let i = import::import_bytes(xml.as_bytes(), "night.xml").expect("imports");
    let p = &i.programme;
    assert_eq!(item(p, "All night").end, utc(2025, 10, 26, 4, 0));
    assert_eq!(item(p, "Across the change").end, utc(2025, 10, 26, 1, 30));
    let yaml = import::to_yaml(p);
    assert!(
        yaml.contains("  - id: e1\n    title: Evening\n    start: 20:00\n    end: 21:00\n"),
        "{yaml}"
    );
    assert!(
        yaml.contains("title: All night\n    start: 22:00\n    duration: 8h\n"),
        "{yaml}"
    );
    assert!(
        yaml.contains("title: Across the change\n    start: 01:30\n    duration: 2h\n"),
        "{yaml}"
    );
    assert_round_trip(p);
}

// --- robustness ------------------------------------------------------------------------------

/// Every fixture cut short at many places, and with bytes changed, gives a result or an error:
/// never a panic, and never a programme the validator would refuse (the viewer trusts the build).
#[test]
fn damaged_input_never_panics_nor_passes_unvalidated() {
    let names = [
        "frab.xml",
        "frab.json",
        "schedule2.json",
        "calendar.ics",
        "recurring.ics",
        "missing-fields.xml",
    ];
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let specials = [
        b'<', b'>', b'"', b':', b'\n', b' ', b'&', b';', b'{', b'}', b'0', b'\\',
    ];
    for name in names {
        let bytes = fixture(name);
        for cut in (0..bytes.len()).step_by(23) {
            both_ways(&bytes[..cut], name);
        }
        for _ in 0..150 {
            let mut damaged = bytes.clone();
            for _ in 0..3 {
                let at = (next() % damaged.len() as u64) as usize;
                damaged[at] = specials[(next() % specials.len() as u64) as usize];
            }
            both_ways(&damaged, name);
        }
    }
}

#[test]
fn deep_nesting_is_refused_not_overflowed() {
    let xml = format!("<schedule>{}", "<a>".repeat(200_000));
    let err = import::import_bytes(xml.as_bytes(), "deep.xml").expect_err("too deep");
    assert!(
        err.to_string().contains("nested more than 100 deep"),
        "{err}"
    );
    let ics = format!("BEGIN:VCALENDAR\n{}", "BEGIN:X\n".repeat(100_000));
    let err = import::import_bytes(ics.as_bytes(), "deep.ics").expect_err("too deep");
    assert!(
        err.to_string().contains("nested more than 16 deep"),
        "{err}"
    );
}

#[test]
fn many_overlapping_events_stay_fast() {
    // 3000 events at the same time in one room: 3000 rooms, not a quadratic search.
    let events: Vec<(String, String)> = (0..3000)
        .map(|n| (format!("Talk {n}"), format!("id{n}")))
        .collect();
    let refs: Vec<(&str, &str, &str, &str)> = events
        .iter()
        .map(|(t, id)| {
            (
                t.as_str(),
                id.as_str(),
                "2025-10-24T10:00:00+02:00",
                "00:30",
            )
        })
        .collect();
    let xml = frab(&refs).replace("date=\"2025-10-25\"", "date=\"2025-10-24\"");
    let i = import::import_bytes(xml.as_bytes(), "crowded.xml").expect("imports");
    assert_eq!(i.programme.rooms.len(), 3000);
    assert_eq!(i.programme.rooms[1].name, "R (overlap)");
}

/// FOSDEM's schedule has no state: a cancelled talk says so in its title. Those titles make the
/// item cancelled (the title is kept as published); titles that only mention the word do not.
#[test]
fn titles_marked_cancelled_make_cancelled_items() {
    let i = import("cancelled.xml");
    let p = &i.programme;
    let state = |title: &str| item(p, title).state;
    for title in [
        "[CANCELED] The current state of debugging in WebAssembly",
        "CANCELLED: openSUSE: Engineering Stable Rolling Releases with OBS and openQA",
        "[ABGESAGT] Ein Vortrag",
        "ANNULÉ : Une présentation",
    ] {
        assert_eq!(state(title), State::Cancelled, "{title}");
    }
    for title in [
        "Is Big DNS Taking Over? (REPLACES CANCELLED TALK)",
        "Cancelling POSIX syscalls in Managarm - an asynchronous microkernel-based OS",
    ] {
        assert_eq!(state(title), State::Confirmed, "{title}");
    }
    // A title that says what replaces the cancelled talk: the slot still happens.
    for title in [
        "(CANCELLED) Funding the FOSS Ecosystem - (AMA with Devroom Organisers Instead)",
        "A PID control system based on the MOS 6502 - CANCELLED, replaced by Retrocomputing panel discussion",
    ] {
        assert_eq!(state(title), State::Confirmed, "{title}");
        assert!(
            warned(
                &i,
                &format!("event «{title}»: the title says cancelled and what replaces it")
            ),
            "{:#?}",
            i.warnings
        );
    }
    assert_eq!(i.warnings.len(), 2, "{:#?}", i.warnings);
    assert_round_trip(p);
}

/// At one real conference the events with a start and no end were the dinner and the party,
/// the last of their day: none is left out, each gets an end (the next start in its room, else
/// an hour cut at the end of the day), and its details say that the end was not given.
#[test]
fn events_without_an_end_are_kept_and_say_so() {
    let i = import("evening.ics");
    let p = &i.programme;
    let dinner = item(p, "Conference dinner");
    assert_eq!(
        (dinner.start, dinner.end),
        (utc(2025, 3, 14, 18, 0), utc(2025, 3, 14, 22, 30))
    );
    assert_eq!(
        dinner.description.as_deref(),
        Some("At the venue.\n\nEnd not given in the schedule: shown until 23:30.")
    );
    let party = item(p, "Party");
    assert_eq!(
        (party.start, party.end),
        (utc(2025, 3, 14, 22, 30), utc(2025, 3, 14, 23, 0)),
        "an hour, cut at the end of the day"
    );
    assert_eq!(
        party.description.as_deref(),
        Some("End not given in the schedule: shown until 00:00.")
    );
    assert!(warned(
        &i,
        "evening.ics:21:1: warning: event «Party»: no DTEND nor DURATION (an instant for RFC 5545): \
         nothing follows it in its room that day: it is given 30 min, until 00:00"
    ));
    assert_round_trip(p);
}

/// iCalendar has no speaker field: the organiser's name (`ORGANIZER;CN=…`) is the speaker; an
/// organiser without a name gives none (an address is not a speaker's name).
#[test]
fn an_icalendar_organiser_is_the_speaker() {
    let i = import("evening.ics");
    assert_eq!(item(&i.programme, "Last talk").speakers, ["Ada Lovelace"]);
    assert!(item(&i.programme, "Party").speakers.is_empty());
}

/// Ids that several events share are made unique from each event's content (id and start), so a
/// publisher's re-export in another order keeps every id on its event.
#[test]
fn shared_ids_do_not_depend_on_file_order() {
    let event = |start: &str, title: &str| {
        format!(
            "BEGIN:VEVENT\r\nUID:same\r\nDTSTART:{start}\r\nDURATION:PT30M\r\nSUMMARY:{title}\r\nEND:VEVENT\r\n"
        )
    };
    let calendar = |events: [&String; 2]| {
        format!(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nX-WR-TIMEZONE:Europe/Paris\r\n{}{}END:VCALENDAR\r\n",
            events[0], events[1]
        )
    };
    let (a, b) = (
        event("20250314T080000Z", "Morning"),
        event("20250314T130000Z", "Afternoon"),
    );
    let ids = |text: String| {
        let i = import::import_bytes(text.as_bytes(), "x.ics").expect("imports");
        ["Morning", "Afternoon"].map(|t| item(&i.programme, t).id.clone())
    };
    let forward = ids(calendar([&a, &b]));
    assert_eq!(
        forward,
        [
            Some("same/20250314T090000".to_owned()),
            Some("same/20250314T140000".to_owned())
        ]
    );
    assert_eq!(ids(calendar([&b, &a])), forward);
}

// --- real schedules (skipped when ../shared/data/real is absent) -------------------------------

fn real(name: &str) -> Option<Vec<u8>> {
    let dir: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/real");
    if !dir.is_dir() {
        eprintln!("skipped: {} is absent", dir.display());
        return None;
    }
    Some(std::fs::read(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}")))
}

#[test]
fn fosdem_2025_imports_whole() {
    let Some(bytes) = real("fosdem-2025.xml") else {
        return;
    };
    let i = both_ways(&bytes, "fosdem-2025.xml").expect("imports");
    assert_eq!(i.format, Format::FrabXml);
    let p = &i.programme;
    assert_eq!(p.items().count(), 1105);
    assert_eq!(p.rooms.len(), 35);
    assert_eq!(p.days.len(), 2);
    assert_eq!(p.rooms[0].name, "Janson");
    assert_eq!(p.tz, chrono_tz::Europe::Brussels);
    assert_eq!(p.day_change.to_string(), "09:00");
    // The opening: 2025-02-01T09:30:00+01:00, 20 minutes, in Janson.
    let welcome = item(p, "Welcome to FOSDEM 2025");
    assert_eq!(welcome.start, utc(2025, 2, 1, 8, 30));
    assert_eq!(welcome.end, utc(2025, 2, 1, 8, 50));
    assert_eq!(welcome.room.as_deref(), Some("Janson"));
    assert_eq!(
        welcome.id.as_deref(),
        Some("fdbc5919-f702-524c-9331-3a2c670f6ff3")
    );
    assert_eq!(welcome.kind, Kind::Keynote);
    assert_eq!(
        welcome.description.as_deref(),
        Some("FOSDEM welcome and opening talk.\n\nJoin us for the opening of our 25th event.")
    );
    // The talks whose titles say they are cancelled (FOSDEM has no state field).
    let cancelled: Vec<&str> = p
        .items()
        .filter(|i| i.state == State::Cancelled)
        .map(|i| i.title.as_str())
        .collect();
    assert_eq!(cancelled.len(), 2, "{cancelled:#?}");
    // Those replaced by something else still happen: in UB4.136 at 14:10 on Sunday, the
    // Retrocomputing panel is on.
    let replaced = item(
        p,
        "A PID control system based on the MOS 6502 - CANCELLED, replaced by Retrocomputing panel discussion",
    );
    assert_eq!(replaced.state, State::Confirmed);
    assert_eq!(replaced.room.as_deref(), Some("UB4.136"));
    assert!(replaced.start <= utc(2025, 2, 2, 13, 10) && utc(2025, 2, 2, 13, 10) < replaced.end);
    // `[RESCHEDULED] …` titles: moved.
    let moved: Vec<&str> = p
        .items()
        .filter(|i| i.title.starts_with("[RESCHEDULED]"))
        .map(|i| i.title.as_str())
        .collect();
    assert_eq!(moved.len(), 3, "{moved:#?}");
    for title in moved {
        assert_eq!(item(p, title).state, State::Moved, "{title}");
    }
    assert_eq!(
        item(
            p,
            "[CANCELED] The current state of debugging in WebAssembly"
        )
        .state,
        State::Cancelled
    );
    assert_eq!(
        i.warnings.len(),
        2,
        "only the two replaced talks: {:#?}",
        i.warnings
    );
    let yaml = import::to_yaml(p);
    let loaded = load_str(&yaml, "fosdem.yaml").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(&loaded.programme, p);
}

#[test]
fn c36c3_imports_with_its_nights_on_the_right_day() {
    let Some(bytes) = real("36c3.schedule.json") else {
        return;
    };
    let i = both_ways(&bytes, "36c3.schedule.json").expect("imports");
    assert_eq!(i.format, Format::FrabJson);
    let p = &i.programme;
    assert_eq!(p.items().count(), 161);
    assert_eq!(p.days.len(), 4);
    assert_eq!(
        room_names(p),
        ["Ada", "Borg", "Clarke", "Dijkstra", "Eliza"]
    );
    // Three events after midnight, each on the evening before.
    for (title, day, start) in [
        (
            "Hacker Jeopardy",
            date(2019, 12, 27),
            utc(2019, 12, 27, 23, 50),
        ),
        (
            "Chaos Communication Slam",
            date(2019, 12, 28),
            utc(2019, 12, 28, 23, 50),
        ),
        ("Hebocon", date(2019, 12, 29), utc(2019, 12, 29, 23, 50)),
    ] {
        assert_eq!(day_of(p, title), day, "{title}");
        assert_eq!(item(p, title).start, start, "{title}");
    }
    assert_eq!(item(p, "Hacker Jeopardy").minutes(), 120);
    let yaml = import::to_yaml(p);
    let mut loaded = load_str(&yaml, "36c3.yaml").unwrap_or_else(|e| panic!("{e}"));
    loaded.programme.unnamed_zone.clone_from(&p.unnamed_zone);
    assert_eq!(&loaded.programme, p);
}

/// `cargo test --release --test import -- --ignored --nocapture import_timing`
#[test]
#[ignore = "a timing, for the release build"]
fn import_timing() {
    let Some(bytes) = real("fosdem-2025.xml") else {
        return;
    };
    let runs = 5;
    let mut best = std::time::Duration::MAX;
    for _ in 0..runs {
        let t = Clock::now();
        let i = import::import_bytes(&bytes, "fosdem-2025.xml").expect("imports");
        best = best.min(t.elapsed());
        assert_eq!(i.programme.items().count(), 1105);
    }
    let i = import::import_bytes(&bytes, "fosdem-2025.xml").expect("imports");
    let t = Clock::now();
    let yaml = import::to_yaml(&i.programme);
    let write = t.elapsed();
    let t = Clock::now();
    load_str(&yaml, "fosdem.yaml").expect("loads");
    let load = t.elapsed();
    println!(
        "FOSDEM 2025 (3.4 MB, 1105 events): import {best:?} (best of {runs}); to_yaml {write:?} \
         ({} bytes); load_str of that YAML {load:?}",
        yaml.len()
    );
}

#[test]
fn a_duration_past_any_date_is_given_its_reason() {
    // Issue #13: `DURATION:P99999999W` was warned about as "event «X»: , and nothing…".
    for (duration, reason) in [
        (
            "P99999999W",
            "event «X»: a duration of 1007999989920 minutes, past any date deroule can show: it ends when «Y» starts, at 11:00",
        ),
        (
            "P8D",
            "event «X»: it would last until 2025-03-09 09:00, over the longest duration deroule takes: it ends when «Y» starts, at 11:00",
        ),
    ] {
        let ics = format!(
            "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:x\nDTSTART:20250301T090000Z\nDURATION:{duration}\n\
             SUMMARY:X\nEND:VEVENT\nBEGIN:VEVENT\nUID:y\nDTSTART:20250301T110000Z\n\
             DURATION:PT1H\nSUMMARY:Y\nEND:VEVENT\nEND:VCALENDAR\n"
        );
        let i = import::import_with(ics.as_bytes(), "d.ics", &Options::default()).expect("imports");
        assert!(warned(&i, reason), "{duration}: {:#?}", i.warnings);
    }
}

/// YAML written for another tool gets one message, whatever its shape: what the file holds,
/// what deroule expects, where the format is documented and what deroule imports.
#[test]
fn yaml_of_another_tool_gets_one_message_whatever_its_shape() {
    let cases: [(&str, &str); 4] = [
        (
            "- date: 2019-05-01\n  sessions:\n    - time: \"09:00\"\n      title: Welcome\n",
            "a list of 1 entry, with `date`, `sessions`",
        ),
        (
            "- name: Opening\n  when: 9:00\n- name: Close\n  when: 17:00\n",
            "a list of 2 entries, each with `name`, `when`",
        ),
        (
            "title: DevConf\nschedule:\n  - day: Monday\n    slots: []\n",
            "a mapping with `schedule`, `title`",
        ),
        (
            "days:\n  - name: Monday\n    sessions: []\n",
            "a mapping with `days`, whose `days` are a list of 1 entry, with `name`, `sessions`",
        ),
    ];
    for (yaml, shape) in cases {
        let message = import::import_bytes(yaml.as_bytes(), "schedule.yml")
            .expect_err("not deroule's")
            .to_string();
        assert!(
            message.starts_with(&format!(
                "schedule.yml:1:1: error: not a deroule programme: this file holds {shape}, \
                 like YAML written for another tool"
            )),
            "{message}"
        );
        for needed in [
            "deroule expects a mapping with `title`, `time_zone`",
            "docs/format.md",
            "`deroule schema`",
            "frab/Pentabarf XML, frab JSON, c3voc schedule2 JSON and iCalendar",
        ] {
            assert!(message.contains(needed), "{needed}: {message}");
        }
        assert!(!message.contains("unknown field"), "{message}");
        assert_eq!(message.matches("error:").count(), 1, "{message}");
    }
}
