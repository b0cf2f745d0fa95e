//! The validated programme: the domain types every other module reads.
//!
//! Values of these types are only built by [`load`] from a checked source, so their invariants
//! hold everywhere else: days sorted by date, items sorted by start, `end > start`, no overlap
//! within a room, rooms and tracks known. This module knows no YAML and no terminal.

pub mod diagnostic;
mod foreign;
pub mod load;
mod prescan;
pub mod spans;
pub mod timefmt;
mod validate;
mod yaml;

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

pub use diagnostic::{Diagnostic, Severity};
pub use load::{
    LoadError, Loaded, Placing, load_bytes, load_bytes_with, load_file, load_str, load_str_with,
};
pub use yaml::{from_text as from_yaml, to_text as to_yaml};
pub use yaml::{wire_schema, yaml_to_json};

/// An absolute instant. Items are stored in UTC and shown in the event's zone.
pub type Instant = DateTime<Utc>;

/// A whole event: its description, its zone, and its days.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Programme {
    pub meta: Meta,
    pub tz: Tz,
    /// Wall-clock hour before which times belong to the previous event day (00:00 by default).
    pub day_change: timefmt::WallTime,
    /// Rooms in the order the file gives them (or of first use).
    pub rooms: Vec<Room>,
    pub tracks: Vec<Track>,
    /// Programme-wide facilitator thresholds.
    pub thresholds: Thresholds,
    /// At least one day, sorted by date, each with at least one item.
    pub days: Vec<Day>,
    /// Set when the file names no venue zone and `tz` was chosen for it (UTC, or a zone that
    /// fits its UTC offsets): the views say so. A deroule programme always names its zone.
    pub unnamed_zone: Option<UnnamedZone>,
}

/// A programme whose file names no venue zone.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct UnnamedZone {
    /// The zone the file seems to mean, from a name it gives that deroule cannot use as it
    /// stands (`X-WR-TIMEZONE: Rome`, a malformed `VTIMEZONE: Europe/Rome` line, an unknown
    /// `TZID`): offered as `--time-zone`.
    pub suggestion: Option<Tz>,
}

/// The IANA zone a name given in a file most likely means: the name itself, ignoring case and
/// spaces (`europe/rome`), a city (`Rome`, `New York`), or a close spelling (`Europe/Rom`).
pub fn zone_meant(name: &str) -> Option<Tz> {
    let cleaned: String = name.trim().trim_matches(['"', '\'', ':']).trim().to_owned();
    if cleaned.is_empty() {
        return None;
    }
    if let Ok(tz) = cleaned.parse::<Tz>() {
        return Some(tz);
    }
    let wanted = cleaned.replace(' ', "_").to_lowercase();
    let zones = || {
        chrono_tz::TZ_VARIANTS
            .iter()
            .filter(|z| !z.name().starts_with("Etc/"))
    };
    zones()
        .find(|z| z.name().to_lowercase() == wanted)
        .or_else(|| {
            zones().find(|z| {
                z.name()
                    .rsplit('/')
                    .next()
                    .is_some_and(|city| city.to_lowercase() == wanted)
            })
        })
        .copied()
        .or_else(|| {
            let found = suggest(&wanted, zones().map(|z| z.name()))?;
            found.parse().ok()
        })
}

#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Meta {
    pub title: String,
    /// A stable name of the programme, surviving title edits: the live record names the
    /// programme by it (else by the file name).
    pub id: Option<String>,
    pub subtitle: Option<String>,
    pub description: Option<String>,
    pub venue: Option<String>,
    pub address: Option<String>,
    pub host: Option<String>,
    pub contact: Option<String>,
    pub url: Option<String>,
    pub language: Option<String>,
    pub audience: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Room {
    pub name: String,
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Track {
    pub name: String,
    pub color: Option<Colour>,
}

/// An RGB colour given as `#rrggbb` in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Colour {
    pub r: u8,
    pub g: u8,
    pub b: u8,
}

/// Warning and danger thresholds for the facilitator's countdown, in minutes before the end.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Thresholds {
    pub warn_before: Option<u32>,
    pub danger_before: Option<u32>,
}

/// One event day. Its items may run past midnight when the programme sets a day-change hour.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Day {
    pub date: NaiveDate,
    pub label: Option<String>,
    /// The announced frame of the day (`9h`–`18h`), when given.
    pub start: Option<Instant>,
    pub end: Option<Instant>,
    /// Sorted by start; items starting together keep their file order.
    pub items: Vec<Item>,
}

impl Day {
    /// The first instant of the day: its announced start, or its first item's.
    pub fn opens(&self) -> Instant {
        // Items are sorted by start: the first one opens the day.
        self.start
            .or_else(|| self.items.first().map(|i| i.start))
            .unwrap_or_default()
    }

    /// The last instant of the day: its announced end, or its last item's end.
    pub fn closes(&self) -> Instant {
        self.end
            .or_else(|| self.items.iter().map(|i| i.end).max())
            .unwrap_or_default()
    }
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Item {
    /// Stable identifier (frab `guid`), unique in the programme when given.
    pub id: Option<String>,
    pub title: String,
    pub subtitle: Option<String>,
    pub kind: Kind,
    pub start: Instant,
    /// Exclusive end, always after `start`.
    pub end: Instant,
    pub room: Option<String>,
    pub track: Option<String>,
    pub speakers: Vec<String>,
    pub description: Option<String>,
    pub links: Vec<Link>,
    pub state: State,
    pub language: Option<String>,
    /// The start is fixed (lunch, a bus): delay does not move it.
    pub hard_start: bool,
    /// How short the facilitator may make this item, in minutes.
    pub min_duration: Option<u32>,
    pub thresholds: Thresholds,
}

impl Item {
    pub fn minutes(&self) -> i64 {
        (self.end - self.start).num_minutes()
    }

    /// Plenary items have no room: everyone is there.
    pub fn is_plenary(&self) -> bool {
        self.room.is_none()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Link {
    pub url: String,
    pub title: Option<String>,
}

/// What sort of slot an item is. Drives its marker in the views and, later, what the facilitator
/// may shorten.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Kind {
    Session,
    Talk,
    Keynote,
    Panel,
    Workshop,
    Welcome,
    Break,
    Meal,
    Social,
    Other,
}

impl Kind {
    pub const ALL: [Kind; 10] = [
        Kind::Session,
        Kind::Talk,
        Kind::Keynote,
        Kind::Panel,
        Kind::Workshop,
        Kind::Welcome,
        Kind::Break,
        Kind::Meal,
        Kind::Social,
        Kind::Other,
    ];

    /// The kind a common word names (lower case, letters and digits only: `coffeebreak`), if any:
    /// what importers read publishers' free-text types with, and the hints for hand-written kinds
    /// (`lunch` → `meal`).
    pub fn from_word(key: &str) -> Option<Kind> {
        let kind = match key {
            "talk" | "talks" | "lecture" | "presentation" | "devroom" | "maintrack"
            | "lightningtalk" | "lightningtalks" | "lightning" | "shorttalk" | "longtalk"
            | "vortrag" | "conference" | "contribution" | "paper" | "demo" | "poster" => Kind::Talk,
            "keynote" | "keynotes" | "opening" | "closing" | "plenary" => Kind::Keynote,
            "panel" | "paneldiscussion" | "podium" | "podiumdiscussion" | "roundtable"
            | "debate" => Kind::Panel,
            "workshop" | "workshops" | "handson" | "tutorial" | "lab" | "training" | "course"
            | "junior" | "hackathon" | "sprint" => Kind::Workshop,
            "session"
            | "meeting"
            | "meetup"
            | "discussion"
            | "bof"
            | "bofs"
            | "birdsofafeather"
            | "sos"
            | "selforganizedsession"
            | "assembly"
            | "forum"
            | "qa"
            | "unconference"
            | "openspace" => Kind::Session,
            "break" | "pause" | "coffee" | "coffeebreak" | "changeover" => Kind::Break,
            "lunch" | "dinner" | "breakfast" | "meal" | "food" | "lunchbreak" => Kind::Meal,
            "social" | "party" | "concert" | "performance" | "music" | "show" | "reception"
            | "networking" | "game" | "games" | "film" | "movie" | "screening" | "art"
            | "entertainment" => Kind::Social,
            "welcome" | "registration" | "checkin" | "arrival" | "doors" | "doorsopen" => {
                Kind::Welcome
            }
            _ => return None,
        };
        Some(kind)
    }

    pub fn name(self) -> &'static str {
        match self {
            Kind::Session => "session",
            Kind::Talk => "talk",
            Kind::Keynote => "keynote",
            Kind::Panel => "panel",
            Kind::Workshop => "workshop",
            Kind::Welcome => "welcome",
            Kind::Break => "break",
            Kind::Meal => "meal",
            Kind::Social => "social",
            Kind::Other => "other",
        }
    }

    /// Pauses in the programme: breaks and meals (and the welcome coffee).
    pub fn is_pause(self) -> bool {
        matches!(self, Kind::Break | Kind::Meal | Kind::Welcome)
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Kind {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Kind::ALL.into_iter().find(|k| k.name() == s).ok_or(())
    }
}

/// Whether an item happens as announced (frab/c3voc `state`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum State {
    #[default]
    Confirmed,
    Cancelled,
    Moved,
    /// Not written in a programme: the facilitator skipped the item, or the delay model
    /// squeezed it to nothing to keep a hard start (the expected programme of a live record).
    Skipped,
}

impl State {
    /// Whether the item still happens: neither cancelled nor skipped. Items that do not are
    /// never "now" or "next" and take no place in the grid.
    pub fn takes_place(self) -> bool {
        !matches!(self, State::Cancelled | State::Skipped)
    }

    pub const NAMES: [&'static str; 4] = ["confirmed", "cancelled", "canceled", "moved"];

    pub fn parse(s: &str) -> Option<State> {
        match s {
            "confirmed" => Some(State::Confirmed),
            "cancelled" | "canceled" => Some(State::Cancelled),
            "moved" => Some(State::Moved),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            State::Confirmed => "confirmed",
            State::Cancelled => "cancelled",
            State::Moved => "moved",
            State::Skipped => "skipped",
        }
    }
}

impl Programme {
    /// Every item of every day, in order.
    pub fn items(&self) -> impl Iterator<Item = &Item> {
        self.days.iter().flat_map(|d| d.items.iter())
    }

    /// The first instant of the programme (of any day: days may overlap through the night).
    pub fn first_start(&self) -> Instant {
        self.days.iter().map(Day::opens).min().unwrap_or_default()
    }

    /// The last instant of the programme (of any day).
    pub fn last_end(&self) -> Instant {
        self.days.iter().map(Day::closes).max().unwrap_or_default()
    }
}

/// The closest candidate to `word`, if it is close enough to be what the writer meant.
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&lower, &c.to_lowercase()), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_names_round_trip() {
        for kind in Kind::ALL {
            assert_eq!(kind.name().parse::<Kind>(), Ok(kind));
        }
    }

    #[test]
    fn zone_names_as_organisers_write_them_are_understood() {
        use chrono_tz::{America, Europe};
        assert_eq!(zone_meant("Europe/Rome"), Some(Europe::Rome));
        assert_eq!(zone_meant(" europe/rome "), Some(Europe::Rome));
        assert_eq!(zone_meant("Rome"), Some(Europe::Rome));
        assert_eq!(zone_meant("New York"), Some(America::New_York));
        assert_eq!(zone_meant("Europe/Rom"), Some(Europe::Rome));
        assert_eq!(zone_meant("tomorrow at noon"), None);
        assert_eq!(zone_meant(""), None);
    }

    #[test]
    fn suggestions_find_typos_and_ignore_strangers() {
        let kinds = Kind::ALL.map(Kind::name);
        assert_eq!(suggest("wokshop", kinds), Some("workshop"));
        assert_eq!(suggest("Brake", kinds), Some("break"));
        assert_eq!(suggest("zzzz", kinds), None);
    }
}
