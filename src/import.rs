//! Importers for the schedule formats conferences publish, and conversion to deroule YAML.
//!
//! [`detect`] tells the format from the content; [`import_bytes`] (or [`import_with`],
//! [`import_file`]) reads it. Each format has its own reader (`import/*.rs`) that turns the file
//! into a neutral list of events: absolute or wall-clock times, the event day the publisher put
//! each event in, texts already cleaned (HTML made plain text). `build` then decides what the
//! format leaves open (the zone when none is named, the day-change hour, overlaps, events with no
//! usable end) and builds a programme valid by construction. By default ([`Verify`]) it then writes
//! it as deroule YAML with [`to_yaml`] and loads it back through the validator: the programme has
//! passed the same validation as a file written by hand, and its YAML loads back into an equal
//! programme. The viewer skips that round trip (it is most of the cost of opening FOSDEM); the
//! tests check that both ways give the same programme.
//!
//! What is relaxed, and how, is said where it happens, as a warning naming the original event:
//!
//! - Two events of one room that overlap are both kept, at their published times: the later one
//!   goes to an extra room named as such after the first (`Janson (overlap)`), listed right
//!   after it.
//! - An event with no room (a plenary item) that overlaps another one gets the room `(no room)`.
//! - An event with no usable end (no duration, a zero or unreadable one, an end before its start,
//!   an iCalendar event with neither `DTEND` nor `DURATION`) ends when the next item of its room
//!   starts, as in a hand-written programme; when nothing follows it, it lasts an hour (cut at
//!   the end of its day). Its description says that the end was not given.
//! - Ids that several events share become `id/` and the event's start, for each of them: made
//!   from content, not file order, so that favourites survive a re-export.
//! - Free-text types (pretalx: `Talk 30 min + 10min Q&A`) give a kind by their first word; an
//!   iCalendar `ORGANIZER`'s name (`CN`) is the event's speaker.
//! - All-day iCalendar events (`DTSTART;VALUE=DATE`) are left out: they are not programme slots.
//! - A repeating iCalendar event (`RRULE`, `RDATE`, `EXDATE`) becomes one item per occurrence, with
//!   the id `UID/` and its start (`lunch/20250317T123000`); a `RECURRENCE-ID` override replaces its
//!   occurrence, keeping its id (moved, or cancelled and kept). A rule with no end keeps the
//!   occurrences within 366 days of the first, at most 1000; a rule that cannot be read keeps the
//!   first occurrence.
//! - An event whose start is not on the day it is listed under (with the day change chosen) is
//!   moved to the day it falls in.
//! - Seconds are dropped; rejected and deleted events (c3voc `state`) are left out.
//! - An event whose title marks it cancelled (FOSDEM's schedule has no state: `[CANCELED] …`,
//!   `CANCELLED: …`, `(CANCELLED) …`, `… - CANCELLED, replaced by …`; also `ABGESAGT`, `ENTFÄLLT`,
//!   `ANNULÉ`) is cancelled, as with a `cancelled` state; its title is kept as published, since the
//!   marker may say more (what replaces it) and the viewer shows the state beside it. A title that
//!   only mentions the word (`REPLACES CANCELLED TALK`) is not a marker, and one that says what
//!   replaces it (`… CANCELLED, replaced by …`, `… Instead`) stays confirmed: the slot happens.
//!   `[RESCHEDULED] …` makes the item moved.

mod build;
mod frab_json;
mod frab_xml;
mod ical;
mod text;
mod write;

use std::fmt;
use std::path::Path;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime};
use chrono_tz::Tz;

use crate::cache::DayOutline;
use crate::model::load::{NotText, as_text};
use crate::model::timefmt::WallTime;
use crate::model::{Kind, Link, LoadError, Meta, Placing, Programme, Room, State};

pub use write::to_yaml;

/// The formats deroule reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// deroule's own YAML programme (`docs/format.md`).
    DerouleYaml,
    /// frab / Pentabarf / pretalx `schedule.xml` (FOSDEM, CCC).
    FrabXml,
    /// frab / pretalx `schedule.json` (version 1: days, then rooms, then events).
    FrabJson,
    /// c3voc "schedule2" JSON: a flat list of events with `start` and `end`.
    Schedule2Json,
    /// iCalendar (`.ics`, RFC 5545).
    ICalendar,
}

impl Format {
    pub const ALL: [Format; 5] = [
        Format::DerouleYaml,
        Format::FrabXml,
        Format::FrabJson,
        Format::Schedule2Json,
        Format::ICalendar,
    ];

    /// A short name for messages: `frab XML`, `iCalendar`…
    pub fn name(self) -> &'static str {
        match self {
            Format::DerouleYaml => "deroule YAML",
            Format::FrabXml => "frab XML",
            Format::FrabJson => "frab JSON",
            Format::Schedule2Json => "c3voc schedule2 JSON",
            Format::ICalendar => "iCalendar",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An imported programme, valid like any loaded one, with what the import had to say about it.
#[derive(Debug, Clone)]
pub struct Imported {
    pub programme: Programme,
    /// One line each, `file:line:col: warning: …` (or `file: warning: …` where no line applies).
    pub warnings: Vec<String>,
    pub format: Format,
}

/// Choices the caller can make for formats that leave them open.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// The event's zone, replacing the one the file names (or infers from its UTC offsets).
    /// Absolute times stay what the file says; wall times are read in this zone.
    pub time_zone: Option<Tz>,
    pub verify: Verify,
}

/// How an import is checked once built.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Verify {
    /// Write the programme as deroule YAML and load it back through the validator, reporting
    /// what it finds against the original events: `deroule import`'s output is then known to
    /// pass `check` and to load into the same programme. Costs several times the import itself
    /// (FOSDEM: ~150 ms more), since it emits and parses the whole YAML.
    #[default]
    YamlRoundTrip,
    /// Keep the programme as built. `build` makes a valid programme by construction (overlaps
    /// moved to extra rooms, unique ids, declared rooms and tracks, positive lengths, sorted
    /// days); the tests hold it to that by importing every fixture, the real schedules and
    /// damaged files both ways and comparing. What the viewer uses, to open big schedules fast.
    Trust,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{}", problem.message(name, "a schedule"))]
    NotText { name: String, problem: NotText },
    #[error(
        "{name}: error: not a schedule deroule can import: expected frab/Pentabarf XML \
         (`<schedule>`), frab JSON (`schedule.conference.days`), c3voc schedule2 JSON \
         (`schedule.events`), iCalendar (`BEGIN:VCALENDAR`) or a deroule YAML programme"
    )]
    UnknownFormat { name: String },
    /// The file cannot be read as its format: a syntax error, or a shape that is not a schedule.
    #[error("{}", Located { name, at: *at, message })]
    Malformed {
        name: String,
        format: Format,
        /// Line and column (1-based), when the problem has a place.
        at: Option<(usize, usize)>,
        message: String,
    },
    /// The file is well formed but nothing in it could become a programme item.
    #[error("{name}: error: nothing to import: {reason}")]
    Empty { name: String, reason: String },
    #[error(
        "{name}: error: the programme names its zone (`time_zone: {named}`): --time-zone {asked} \
         is for published schedules whose times name no venue zone; change `time_zone` in the \
         file, or use --local to see your own time beside the event's"
    )]
    ZoneNamed {
        name: String,
        named: String,
        asked: String,
    },
    /// A deroule YAML programme that does not load.
    #[error(transparent)]
    Programme(#[from] LoadError),
    /// The programme made from the file did not pass validation; one line per problem, naming
    /// the original event.
    #[error("{}", problems.join("\n"))]
    Invalid { name: String, problems: Vec<String> },
}

impl ImportError {
    fn malformed(
        name: &str,
        format: Format,
        at: Option<(usize, usize)>,
        message: impl Into<String>,
    ) -> Self {
        ImportError::Malformed {
            name: name.to_owned(),
            format,
            at,
            message: message.into(),
        }
    }
}

struct Located<'a> {
    name: &'a str,
    at: Option<(usize, usize)>,
    message: &'a str,
}

impl fmt::Display for Located<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.at {
            Some((line, column)) => write!(f, "{}:{line}:{column}: error: ", self.name)?,
            None => write!(f, "{}: error: ", self.name)?,
        }
        f.write_str(self.message)
    }
}

/// The format of a file, from its content (not its name). `None` when it is none of them.
pub fn detect(bytes: &[u8]) -> Option<Format> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace())?;
    let rest = &bytes[start..];
    match rest[0] {
        b'<' => frab_xml::detect(rest),
        b'{' => frab_json::detect(rest).or_else(|| looks_like_yaml(rest)),
        _ if rest.len() >= 15 && rest[..15].eq_ignore_ascii_case(b"BEGIN:VCALENDAR") => {
            Some(Format::ICalendar)
        }
        _ => looks_like_yaml(rest),
    }
}

/// A deroule programme: a line that starts with one of its top-level keys; or YAML of another
/// shape (a line, not indented, that starts a list entry or a `key:`), which the loader then
/// describes as not deroule's, with what deroule expects.
fn looks_like_yaml(bytes: &[u8]) -> Option<Format> {
    const KEYS: [&str; 6] = ["title", "time_zone", "days", "items", "date", "day_change"];
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(64 * 1024)]);
    let flow = text.trim_start().strip_prefix('{');
    let found = text.lines().chain(flow).any(|line| {
        let line = line.trim_start_matches(['{', ' ']);
        KEYS.iter().any(|k| {
            line.strip_prefix(k)
                .is_some_and(|r| r.trim_start().starts_with(':'))
        })
    });
    let yaml_shaped = || {
        text.lines().any(|line| {
            let key = line
                .split_once(':')
                .map(|(k, rest)| (k, rest.is_empty() || rest.starts_with(' ')));
            line.starts_with("- ")
                || key.is_some_and(|(k, spaced)| {
                    spaced
                        && k.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
                        && k.chars().all(|c| c.is_alphanumeric() || "_- ".contains(c))
                })
        })
    };
    (found || yaml_shaped()).then_some(Format::DerouleYaml)
}

/// Reads and imports the schedule at `path`. Never reads more than [`crate::model::load::MAX_BYTES`].
pub fn import_file(path: &Path, options: &Options) -> Result<Imported, ImportError> {
    let bytes = crate::model::load::read_file(path)?;
    import_with(&bytes, &path.display().to_string(), options)
}

/// Imports a schedule held in memory, in whichever format [`detect`] finds; `name` is used in
/// messages.
pub fn import_bytes(bytes: &[u8], name: &str) -> Result<Imported, ImportError> {
    import_with(bytes, name, &Options::default())
}

/// The venue's zone given on the command line (`--time-zone`), set once at start-up by the
/// binary: every programme the process reads (first opened, reloaded, served, checked) is then
/// read in it, as if each caller had passed it in [`Options::time_zone`].
static VENUE_ZONE: std::sync::OnceLock<Tz> = std::sync::OnceLock::new();

/// Sets the venue's zone for every programme this process reads (see [`VENUE_ZONE`]); only the
/// first call counts.
pub fn set_venue_zone(tz: Tz) {
    let _ = VENUE_ZONE.set(tz);
}

/// The venue's zone given on the command line, if any.
pub fn venue_zone() -> Option<Tz> {
    VENUE_ZONE.get().copied()
}

/// A deroule programme names its zone: `--time-zone` may only agree with it (its times are wall
/// times of that zone, so another zone would move every item).
pub fn check_venue_zone(programme: &Programme, name: &str) -> Result<(), ImportError> {
    match venue_zone() {
        Some(asked) if asked != programme.tz => Err(ImportError::ZoneNamed {
            name: name.to_owned(),
            named: programme.tz.name().to_owned(),
            asked: asked.name().to_owned(),
        }),
        _ => Ok(()),
    }
}

/// [`import_bytes`] with options.
pub fn import_with(bytes: &[u8], name: &str, options: &Options) -> Result<Imported, ImportError> {
    let options = &Options {
        time_zone: options.time_zone.or_else(venue_zone),
        ..*options
    };
    let text = as_text(bytes).map_err(|problem| ImportError::NotText {
        name: name.to_owned(),
        problem,
    })?;
    let format = detect(text.as_bytes()).ok_or_else(|| ImportError::UnknownFormat {
        name: name.to_owned(),
    })?;
    let mut warnings = Warnings::new(name);
    let source = match format {
        Format::DerouleYaml => {
            let loaded = crate::model::load_str(text, name)?;
            check_venue_zone(&loaded.programme, name)?;
            return Ok(Imported {
                programme: loaded.programme,
                warnings: loaded
                    .warnings
                    .iter()
                    .map(|d| d.display(name).to_string())
                    .collect(),
                format,
            });
        }
        Format::FrabXml => frab_xml::read(text, name, &mut warnings)?,
        Format::FrabJson | Format::Schedule2Json => frab_json::read(text, name, &mut warnings)?,
        Format::ICalendar => ical::read(text, name, &mut warnings)?,
    };
    // JSON is told apart by its shape once parsed.
    let format = source.format;
    let programme = build::build(source, name, *options, &mut warnings)?;
    Ok(Imported {
        programme,
        warnings: warnings.finish(),
        format,
    })
}

/// Byte offsets to lines and columns, for a text searched many times.
struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines { text, starts }
    }

    /// The 1-based line and column (in characters) of byte `offset`.
    fn at(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts[line - 1];
        let column = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count())
            + 1;
        (line, column)
    }
}

/// Warnings, in file order (those about the whole file first), capped per kind so that a
/// repeated problem does not drown the others.
struct Warnings {
    name: String,
    lines: Vec<(Option<(usize, usize)>, String)>,
    counts: std::collections::HashMap<&'static str, usize>,
    /// The first event left out, and why: says why nothing was imported when nothing was.
    first_left_out: Option<String>,
}

/// How many warnings of one kind are shown before they are only counted.
const WARNINGS_PER_KIND: usize = 20;

impl Warnings {
    fn new(name: &str) -> Self {
        Warnings {
            name: name.to_owned(),
            lines: Vec::new(),
            counts: std::collections::HashMap::new(),
            first_left_out: None,
        }
    }

    /// Records a warning of kind `kind` about `subject` (an event, a day…), at `at` if known.
    fn push(
        &mut self,
        kind: &'static str,
        at: Option<(usize, usize)>,
        subject: Option<&str>,
        message: impl fmt::Display,
    ) {
        let message = message.to_string();
        if self.first_left_out.is_none() && message.ends_with("left out") {
            let place = at.map_or(String::new(), |(l, _)| format!("line {l}, "));
            let subject = subject.map_or(String::new(), |s| format!("{s}: "));
            self.first_left_out = Some(format!("{place}{subject}{message}"));
        }
        let count = self.counts.entry(kind).or_default();
        *count += 1;
        if *count > WARNINGS_PER_KIND {
            return;
        }
        let mut line = match at {
            Some((l, c)) => format!("{}:{l}:{c}: warning: ", self.name),
            None => format!("{}: warning: ", self.name),
        };
        if let Some(s) = subject {
            line.push_str(s);
            line.push_str(": ");
        }
        line.push_str(&message);
        self.lines.push((at, line));
    }

    /// Why nothing could be imported: `what`, and the first event left out.
    fn left_out(&self, what: &str) -> String {
        match &self.first_left_out {
            Some(first) => format!("{what}; the first left out: {first}"),
            None => format!("{what} in the file"),
        }
    }

    fn finish(mut self) -> Vec<String> {
        self.lines.sort_by_key(|(at, _)| *at);
        let mut lines: Vec<String> = self.lines.into_iter().map(|(_, l)| l).collect();
        let mut over: Vec<(&'static str, usize)> = self
            .counts
            .iter()
            .filter(|(_, n)| **n > WARNINGS_PER_KIND)
            .map(|(k, n)| (*k, *n - WARNINGS_PER_KIND))
            .collect();
        over.sort_unstable();
        for (kind, more) in over {
            lines.push(format!(
                "{}: warning: {more} more warnings like the above ({kind})",
                self.name
            ));
        }
        lines
    }
}

/// A schedule as read from any format, before deroule's rules are applied.
struct Source {
    format: Format,
    meta: Meta,
    /// The zone the file names, when it is a known IANA zone.
    time_zone: Option<Tz>,
    /// What the file calls its zone, for messages (also when unknown).
    time_zone_name: Option<String>,
    /// The day-change hour the file gives (Pentabarf `day_change`).
    day_change: Option<WallTime>,
    /// Rooms the file declares, in its order (may include rooms no event uses).
    rooms: Vec<Room>,
    tracks: Vec<DeclaredTrack>,
    events: Vec<Event>,
    /// Zone names the file gives where deroule cannot use them as they stand (a malformed
    /// `VTIMEZONE:` line, an unknown `TZID`): what the file seems to mean is suggested.
    zone_hints: Vec<String>,
}

impl Source {
    fn new(format: Format) -> Self {
        Source {
            format,
            meta: Meta::default(),
            time_zone: None,
            time_zone_name: None,
            day_change: None,
            rooms: Vec::new(),
            tracks: Vec::new(),
            events: Vec::new(),
            zone_hints: Vec::new(),
        }
    }

    /// Records the zone the file names; an unknown name is kept for the warning.
    fn set_time_zone(&mut self, name: Option<String>) {
        if let Some(name) = name {
            self.time_zone = name.parse().ok();
            self.time_zone_name = Some(name);
        }
    }
}

/// A track as declared, with its colour still as written.
struct DeclaredTrack {
    name: String,
    color: Option<String>,
}

/// One event of the file, in neutral terms.
#[derive(Clone)]
struct Event {
    /// How messages name it: `event «Title»` (with its day and room when it has no line).
    subject: String,
    /// Line and column of the event in the file, when the format gives them.
    at: Option<(usize, usize)>,
    /// The event day the publisher put it in (frab `<day>`), when there is one.
    day: Option<NaiveDate>,
    start: When,
    /// The wall time the file also states (frab `<start>`), checked against `start`.
    stated_start: Option<NaiveTime>,
    end: End,
    id: Option<String>,
    title: String,
    subtitle: Option<String>,
    kind: Kind,
    room: Option<String>,
    track: Option<String>,
    speakers: Vec<String>,
    description: Option<String>,
    links: Vec<Link>,
    state: State,
    language: Option<String>,
}

impl Event {
    /// Takes a publisher's `state` (c3voc, pretalx): returns `false` when the event is to be left
    /// out (rejected, deleted), warning about it; an unknown state is kept as confirmed.
    fn take_state(
        &mut self,
        state: &str,
        at: Option<(usize, usize)>,
        warnings: &mut Warnings,
    ) -> bool {
        match text::state(state) {
            text::Status::Keep(s) => self.state = s,
            text::Status::Drop => {
                warnings.push(
                    "dropped state",
                    at,
                    Some(&self.subject),
                    format!("state `{state}`: left out"),
                );
                return false;
            }
            text::Status::Unknown => warnings.push(
                "unknown state",
                at,
                Some(&self.subject),
                format!("unknown state `{state}`: taken as confirmed"),
            ),
        }
        true
    }

    /// An event of `title`, or of `(untitled)` with a warning naming the `field` the format
    /// calls its title.
    fn new(
        subject: String,
        at: Option<(usize, usize)>,
        start: When,
        title: Option<String>,
        field: &str,
        warnings: &mut Warnings,
    ) -> Self {
        if title.is_none() {
            warnings.push(
                "untitled",
                at,
                Some(&subject),
                format!("no {field}: called «(untitled)»"),
            );
        }
        Event {
            subject,
            at,
            day: None,
            start,
            stated_start: None,
            end: End::Open(String::new()),
            id: None,
            title: title.unwrap_or_else(|| "(untitled)".to_owned()),
            subtitle: None,
            kind: Kind::Session,
            room: None,
            track: None,
            speakers: Vec::new(),
            description: None,
            links: Vec::new(),
            state: State::Confirmed,
            language: None,
        }
    }
}

/// A point in time as the file gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum When {
    /// An absolute instant, with the UTC offset the file wrote.
    Fixed(DateTime<FixedOffset>),
    /// A wall-clock time in the event's zone (frab `<start>` without `<date>`, iCal floating).
    Local(NaiveDateTime),
}

/// How an event ends, as the file gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum End {
    At(When),
    Minutes(i64),
    /// No usable end; says why (`no <duration>`, `a duration of 0`…).
    Open(String),
}

/// Why [`open`] failed: the deroule loader's own report, or the importer's.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error(transparent)]
    Import(#[from] ImportError),
}

/// What the viewer opens: a published schedule (frab XML or JSON, schedule2, iCalendar), told
/// apart by its content, or else a deroule programme, with the YAML loader's exact messages.
pub fn open(path: &Path) -> Result<Programme, OpenError> {
    open_cached(path, None)
}

/// [`open`], through a cache of validated programmes: a file whose content was validated before
/// by this build is not parsed again; one that was not is validated and kept.
pub fn open_cached(
    path: &Path,
    cache: Option<&crate::cache::Store>,
) -> Result<Programme, OpenError> {
    let every_day = |_: &Programme, days: &[DayOutline]| {
        Ok::<_, std::convert::Infallible>((0..days.len()).collect())
    };
    match open_cached_days(path, cache, every_day)? {
        Ok((programme, _)) => Ok(programme),
        Err(never) => match never {},
    }
}

/// [`open_cached`] for a command that shows some days only (`agenda`): `choose` picks them from
/// the programme's head (its zone, meta and days, whose items may not be decoded yet: never read
/// them there) and each day's outline (date, closing instant); from a warm cache only the chosen
/// days' items are decoded, the other days come back without items. `choose`'s own refusal (no
/// such day) is returned as is.
pub fn open_cached_days<E>(
    path: &Path,
    cache: Option<&crate::cache::Store>,
    choose: impl Fn(&Programme, &[DayOutline]) -> Result<Vec<usize>, E>,
) -> Result<Result<(Programme, Vec<usize>), E>, OpenError> {
    let from_entry = |entry: crate::cache::Entry| match choose(entry.head(), &entry.days()) {
        Ok(chosen) => entry.programme_with(&chosen).map(|p| Ok((p, chosen))),
        Err(refused) => Some(Err(refused)),
    };
    // The cache keeps what a file means without a venue zone given: with one, read afresh.
    let key = cache
        .filter(|_| venue_zone().is_none())
        .map(|store| (store, store.key(path)));
    if let Some((store, key)) = &key
        && let Some(found) = store.unchanged(key).and_then(from_entry)
    {
        return Ok(found);
    }
    let bytes = crate::model::load::read_file(path)?;
    if let Some((store, key)) = &key
        && let Some(entry) = store.get(key, &bytes)
    {
        if entry.made_from(key) {
            // Read just after a change (times not settled yet): the content decided.
            if let Some(found) = from_entry(entry) {
                return Ok(found);
            }
        } else if let Some(programme) = entry.programme() {
            // The same content under a new identity (touched, copied back): kept again with
            // the new identity, so the next open need not read the source.
            let _ = store.put(key, &bytes, &programme);
            return Ok(choose(&programme, &DayOutline::of(&programme)).map(|c| (programme, c)));
        }
    }
    let programme = open_bytes(&bytes, &path.display().to_string())?;
    if let Some((store, key)) = &key {
        // A cache that cannot be written costs time, never the programme.
        let _ = store.put(key, &bytes, &programme);
    }
    Ok(choose(&programme, &DayOutline::of(&programme)).map(|chosen| (programme, chosen)))
}

/// [`open`] of bytes that came from elsewhere than a file (a URL), named `name` in messages,
/// through the cache of validated programmes keyed by that name.
pub fn open_named(
    bytes: &[u8],
    name: &str,
    cache: Option<&crate::cache::Store>,
) -> Result<Programme, OpenError> {
    let key = cache.map(|store| (store, store.key_named(name)));
    if let Some((store, key)) = &key
        && let Some(programme) = store
            .get(key, bytes)
            .and_then(crate::cache::Entry::programme)
    {
        return Ok(programme);
    }
    let programme = open_bytes(bytes, name)?;
    if let Some((store, key)) = &key {
        let _ = store.put(key, bytes, &programme);
    }
    Ok(programme)
}

fn open_bytes(bytes: &[u8], name: &str) -> Result<Programme, OpenError> {
    // The viewer shows no warnings: they are neither placed nor verified by a round trip.
    if detect(bytes).is_some_and(|f| f != Format::DerouleYaml) {
        let options = Options {
            verify: Verify::Trust,
            ..Options::default()
        };
        Ok(import_with(bytes, name, &options)?.programme)
    } else {
        let programme = crate::model::load_bytes_with(bytes, name, Placing::ErrorsOnly)?.programme;
        check_venue_zone(&programme, name)?;
        Ok(programme)
    }
}
