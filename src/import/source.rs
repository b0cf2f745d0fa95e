//! A schedule as any reader leaves it, before deroule's rules are applied: its meta, zone,
//! declared rooms and tracks, and its events in neutral terms (times absolute or wall-clock, an
//! end given or not). The readers (`frab_xml`, `frab_json`, `ical`) fill it; `build` consumes it.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime};
use chrono_tz::Tz;

use super::warnings::Warnings;
use super::{Format, text};
use crate::model::timefmt::WallTime;
use crate::model::{Kind, Link, Meta, Room, State};

/// A schedule as read from any format, before deroule's rules are applied.
pub(super) struct Source {
    pub(super) format: Format,
    pub(super) meta: Meta,
    /// The zone the file names, when it is a known IANA zone.
    pub(super) time_zone: Option<Tz>,
    /// What the file calls its zone, for messages (also when unknown).
    pub(super) time_zone_name: Option<String>,
    /// The day-change hour the file gives (Pentabarf `day_change`).
    pub(super) day_change: Option<WallTime>,
    /// Rooms the file declares, in its order (may include rooms no event uses).
    pub(super) rooms: Vec<Room>,
    pub(super) tracks: Vec<DeclaredTrack>,
    pub(super) events: Vec<Event>,
    /// Zone names the file gives where deroule cannot use them as they stand (a malformed
    /// `VTIMEZONE:` line, an unknown `TZID`): what the file seems to mean is suggested.
    pub(super) zone_hints: Vec<String>,
}

impl Source {
    pub(super) fn new(format: Format) -> Self {
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
    pub(super) fn set_time_zone(&mut self, name: Option<String>) {
        if let Some(name) = name {
            self.time_zone = name.parse().ok();
            self.time_zone_name = Some(name);
        }
    }
}

/// A track as declared, with its colour still as written.
pub(super) struct DeclaredTrack {
    pub(super) name: String,
    pub(super) color: Option<String>,
}

/// One event of the file, in neutral terms.
#[derive(Clone)]
pub(super) struct Event {
    /// How messages name it: `event «Title»` (with its day and room when it has no line).
    pub(super) subject: String,
    /// Line and column of the event in the file, when the format gives them.
    pub(super) at: Option<(usize, usize)>,
    /// The event day the publisher put it in (frab `<day>`), when there is one.
    pub(super) day: Option<NaiveDate>,
    pub(super) start: When,
    /// The wall time the file also states (frab `<start>`), checked against `start`.
    pub(super) stated_start: Option<NaiveTime>,
    pub(super) end: End,
    pub(super) id: Option<String>,
    pub(super) title: String,
    pub(super) subtitle: Option<String>,
    pub(super) kind: Kind,
    pub(super) room: Option<String>,
    pub(super) track: Option<String>,
    pub(super) speakers: Vec<String>,
    pub(super) description: Option<String>,
    pub(super) links: Vec<Link>,
    pub(super) state: State,
    pub(super) language: Option<String>,
}

impl Event {
    /// Takes a publisher's `state` (c3voc, pretalx): returns `false` when the event is to be left
    /// out (rejected, deleted), warning about it; an unknown state is kept as confirmed.
    pub(super) fn take_state(
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
    pub(super) fn new(
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
pub(super) enum When {
    /// An absolute instant, with the UTC offset the file wrote.
    Fixed(DateTime<FixedOffset>),
    /// A wall-clock time in the event's zone (frab `<start>` without `<date>`, iCal floating).
    Local(NaiveDateTime),
}

/// How an event ends, as the file gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum End {
    At(When),
    Minutes(i64),
    /// No usable end; says why (`no <duration>`, `a duration of 0`…).
    Open(String),
}
