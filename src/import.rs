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
mod format;
mod frab_json;
mod frab_xml;
mod ical;
mod open;
mod source;
mod text;
mod warnings;
mod write;

use std::fmt;
use std::path::Path;

use chrono_tz::Tz;

use crate::model::load::{NotText, as_text};
use crate::model::{LoadError, Programme};

pub use format::{Format, detect};
pub use open::{
    OpenError, Opened, open, open_cached, open_cached_days, open_named, open_named_warned,
    open_warned,
};
pub use write::to_yaml;

use source::{DeclaredTrack, End, Event, Source, When};
use warnings::{Lines, Warnings};

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
                warnings: warning_lines(&loaded, name),
                programme: loaded.programme,
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

/// A loaded deroule programme's warnings, one line each (`file:line:col: warning: …`).
fn warning_lines(loaded: &crate::model::Loaded, name: &str) -> Vec<String> {
    loaded
        .warnings
        .iter()
        .map(|d| d.display(name).to_string())
        .collect()
}
