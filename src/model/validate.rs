//! From the wire structs to a [`Programme`], collecting every error and warning of the file.
//!
//! Owns the rules of `docs/format.md`: required fields, what times, durations, kinds, zones and
//! colours may be, how a missing end is derived, and which overlaps are refused. Reads no files.

use std::cell::OnceCell;
use std::collections::HashSet;
use std::str::FromStr;

use chrono::NaiveDate;
use chrono_tz::Tz;

use super::load::Placing;
use super::spans::{Path, Seg, Spans};
use super::timefmt::{WallTime, parse_duration, parse_time};
use super::yaml::{self, ItemWire, Locate, RoomWire, Text};
use super::{
    Colour, Day, Diagnostic, Instant, Item, Meta, Programme, Room, Thresholds, Track, suggest,
};

mod checks;
mod items;

/// The programme's `changeover` when it gives none: ten-minute changeovers are common and
/// intended, and were a warning each.
const DEFAULT_CHANGEOVER_MINUTES: i64 = 10;

/// Items longer than this are probably a typo (`18h` for `8h`).
const IMPLAUSIBLE_MINUTES: i64 = 12 * 60;

/// Above this many declared rooms or tracks, unknown names get no "did you mean": comparing
/// each unknown name with every declared one would make a huge file quadratic.
const MAX_SUGGESTION_CANDIDATES: usize = 1000;

struct Locator<'a> {
    source: &'a str,
    spans: OnceCell<Spans>,
}

impl Locator<'_> {
    fn spans(&self) -> &Spans {
        self.spans.get_or_init(|| Spans::index(self.source))
    }
}

impl Locate for Locator<'_> {
    fn value_at(&self, path: &[Seg]) -> (usize, usize) {
        let p = self.spans().value(path);
        (p.line, p.column)
    }
    fn key_at(&self, path: &[Seg]) -> (usize, usize) {
        let p = self.spans().key(path);
        (p.line, p.column)
    }
    fn spans(&self) -> &Spans {
        Locator::spans(self)
    }
}

/// Checks `source`; returns the programme when there is no error, and every diagnostic.
pub(super) fn build(source: &str, placing: Placing) -> (Option<Programme>, Vec<Diagnostic>) {
    let locator = Locator {
        source,
        spans: OnceCell::new(),
    };
    let mut v = Validator {
        at: &locator,
        placing,
        diags: Vec::new(),
        changeover: DEFAULT_CHANGEOVER_MINUTES,
    };
    let programme = match yaml::parse_or_zone(source, &locator, &mut v.diags) {
        Ok(wire) => v.programme(wire),
        // The top level could not be decoded: its zone is still checked, so that a bad one is
        // reported with the other errors rather than after they are fixed.
        Err(zone) => {
            if zone.is_some() {
                v.time_zone(zone);
            }
            None
        }
    };
    let mut diags = v.diags;
    diags.sort_by_key(|d| (d.line, d.column));
    let has_errors = diags.iter().any(Diagnostic::is_error);
    (programme.filter(|_| !has_errors), diags)
}

fn key(name: &str) -> Seg {
    Seg::Key(name.to_owned())
}

fn with(path: &Path, seg: Seg) -> Path {
    let mut p = path.clone();
    p.push(seg);
    p
}

fn text(t: Option<Text>) -> Option<String> {
    t.map(|t| t.0.trim().to_owned()).filter(|s| !s.is_empty())
}

struct Validator<'a> {
    at: &'a Locator<'a>,
    placing: Placing,
    diags: Vec<Diagnostic>,
    /// Gaps this long or shorter (minutes) are changeovers, not warned about.
    changeover: i64,
}

/// An item as read, before its end is known.
struct Draft {
    item: Item,
    end_given: bool,
    /// An `end` or `duration` was written but could not be read (already reported): the item
    /// gets a derived end so that the rest can be checked, and no "has no end" error.
    end_broken: bool,
    source: ItemSource,
}

/// Where an item comes from, for messages about it.
#[derive(Debug, Clone)]
struct ItemSource {
    path: Path,
    /// `item 4 «Pause»`, `day 2, item 1 «Accueil»`.
    subject: String,
    /// The field that gave the item its end (`end` or `duration`), if one did.
    end_key: Option<&'static str>,
    /// Position in its day's `items` list.
    index: usize,
}

/// An item whose start could not be read: kept out of the timeline, but its id, room and track
/// are still checked.
struct Unplaced {
    id: Option<String>,
    room: Option<String>,
    track: Option<String>,
    source: ItemSource,
}

/// What an item refers to, placed or not.
struct Refs<'a> {
    id: Option<&'a str>,
    room: Option<&'a str>,
    track: Option<&'a str>,
    source: &'a ItemSource,
}

impl ItemSource {
    fn end_path(&self) -> Path {
        with(&self.path, key(self.end_key.unwrap_or("start")))
    }
}

impl Validator<'_> {
    fn error(&mut self, path: &[Seg], subject: Option<&str>, message: impl Into<String>) {
        let (line, column) = self.at.value_at(path);
        self.diags
            .push(Diagnostic::error(line, column, message).about(subject.map(str::to_owned)));
    }

    fn warning(&mut self, path: &[Seg], subject: Option<&str>, message: impl Into<String>) {
        let (line, column) = match self.placing {
            Placing::Everything => self.at.value_at(path),
            Placing::ErrorsOnly => (0, 0),
        };
        self.diags
            .push(Diagnostic::warning(line, column, message).about(subject.map(str::to_owned)));
    }

    fn programme(&mut self, wire: yaml::ProgrammeWire) -> Option<Programme> {
        let title = text(wire.title);
        if title.is_none() {
            self.error(
                &[],
                None,
                "missing `title`: expected the event's name, e.g. `title: Journée BlueHats`",
            );
        }
        let tz = self.time_zone(wire.time_zone);
        let mut day_change = self
            .wall_time(wire.day_change, &[key("day_change")], None)
            .unwrap_or(WallTime::MIDNIGHT);
        if day_change.hour() >= 12 {
            self.error(
                &[key("day_change")],
                None,
                format!(
                    "day change at {day_change} is too late: expected an hour of the night or \
                     early morning such as `04:00`, after which a new event day begins"
                ),
            );
            // Checking the items against a bad day change would only add confusing errors.
            day_change = WallTime::MIDNIGHT;
        }
        if let Some(m) = self.minutes(wire.changeover, &[key("changeover")], None) {
            self.changeover = i64::from(m);
        }
        let thresholds = Thresholds {
            warn_before: self.minutes(wire.warn_before, &[key("warn_before")], None),
            danger_before: self.minutes(wire.danger_before, &[key("danger_before")], None),
        };
        let mut rooms = self.rooms(wire.rooms.unwrap_or_default());
        let declared_rooms = !rooms.is_empty();
        let mut tracks = self.tracks(wire.tracks.unwrap_or_default());
        let declared_tracks = !tracks.is_empty();

        let one_day = wire.date.is_some() || wire.items.is_some();
        let mut days = Vec::new();
        match (one_day, wire.days) {
            (true, Some(_)) => self.error(
                &[key("days")],
                None,
                "both `days` and a top-level `date`/`items`: expected one form only — \
                 `date` + `items` for one day, or `days:` for several",
            ),
            (false, None) => self.error(
                &[],
                None,
                "empty programme: expected `date` and `items` for one day, or `days:` with \
                 a `date` and `items` each",
            ),
            (true, None) => {
                let frame = DayFrame {
                    date: wire.date,
                    label: wire.label,
                    start: wire.start,
                    end: wire.end,
                    items: wire.items,
                };
                days.extend(self.day(frame, &Vec::new(), None, tz, day_change));
            }
            (false, Some(list)) => {
                let empty = list.is_empty();
                let one_day_fields = [
                    ("label", wire.label.is_some()),
                    ("start", wire.start.is_some()),
                    ("end", wire.end.is_some()),
                ];
                for (field, given) in one_day_fields {
                    if given {
                        self.error(
                            &[key(field)],
                            None,
                            format!(
                                "a top-level `{field}` with `days`: expected `{field}` inside \
                                 each day of `days` (the top level only holds it for a one-day \
                                 programme with `date` and `items`)"
                            ),
                        );
                    }
                }
                for (n, node) in list.into_iter().enumerate() {
                    let path = vec![key("days"), Seg::Index(n)];
                    let subject = format!("day {}", n + 1);
                    if let Some(d) = node.decode(&path, self.at, &mut self.diags, Some(&subject)) {
                        let frame = DayFrame {
                            date: d.date,
                            label: d.label,
                            start: d.start,
                            end: d.end,
                            items: d.items,
                        };
                        days.extend(self.day(frame, &path, Some(n + 1), tz, day_change));
                    }
                }
                if empty {
                    self.error(
                        &[key("days")],
                        None,
                        "`days` is empty: expected at least one day",
                    );
                }
            }
        }
        for placed in &days {
            self.check_refs(
                placed,
                &mut rooms,
                declared_rooms,
                &mut tracks,
                declared_tracks,
            );
        }
        self.check_days(&days);
        self.check_ids(&days);
        let tz = tz?;
        let meta = Meta {
            title: title?,
            id: text(wire.id),
            subtitle: text(wire.subtitle),
            description: text(wire.description),
            venue: text(wire.venue),
            address: text(wire.address),
            host: text(wire.host),
            contact: text(wire.contact),
            url: text(wire.url),
            language: text(wire.language),
            audience: text(wire.audience),
        };
        let mut days: Vec<Day> = days.into_iter().map(|p| p.day).collect();
        days.sort_by_key(|d| d.date);
        Some(Programme {
            meta,
            tz,
            day_change,
            rooms,
            tracks,
            thresholds,
            days,
            unnamed_zone: None,
        })
    }

    fn time_zone(&mut self, zone: Option<Text>) -> Option<Tz> {
        let path = [key("time_zone")];
        let Some(name) = text(zone) else {
            self.error(
                &[],
                None,
                "missing `time_zone`: expected the event's IANA zone, e.g. `time_zone: Europe/Paris`",
            );
            return None;
        };
        if let Ok(tz) = Tz::from_str(&name) {
            Some(tz)
        } else {
            {
                let names = chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name());
                let hint = suggest(&name, names).map_or_else(
                    || "expected an IANA zone name such as `Europe/Paris`".to_owned(),
                    |s| format!("did you mean `{s}`?"),
                );
                self.error(&path, None, format!("unknown time zone `{name}`, {hint}"));
                None
            }
        }
    }

    fn wall_time(
        &mut self,
        t: Option<Text>,
        path: &[Seg],
        subject: Option<&str>,
    ) -> Option<WallTime> {
        let t = t?;
        match parse_time(&t.0) {
            Ok(w) => Some(w),
            Err(message) => {
                self.error(path, subject, message);
                None
            }
        }
    }

    fn minutes(&mut self, t: Option<Text>, path: &[Seg], subject: Option<&str>) -> Option<u32> {
        let t = t?;
        match parse_duration(&t.0) {
            Ok(m) => Some(m),
            Err(message) => {
                self.error(path, subject, message);
                None
            }
        }
    }

    fn rooms(&mut self, nodes: Vec<yaml::Node<RoomWire>>) -> Vec<Room> {
        let mut rooms: Vec<Room> = Vec::new();
        let mut seen: HashSet<String> = HashSet::new();
        for (n, node) in nodes.into_iter().enumerate() {
            let path = vec![key("rooms"), Seg::Index(n)];
            let subject = format!("room {}", n + 1);
            let Some(wire) = node.decode(&path, self.at, &mut self.diags, Some(&subject)) else {
                continue;
            };
            let (name, description) = match wire {
                RoomWire::Name(name) => (text(Some(name)), None),
                RoomWire::Full(full) => (text(Some(full.name)), text(full.description)),
            };
            let Some(name) = name else {
                self.error(
                    &path,
                    Some(&subject),
                    "a room without a name: expected a room name",
                );
                continue;
            };
            if !seen.insert(name.clone()) {
                self.error(
                    &path,
                    None,
                    format!("room «{name}» is listed twice: expected each room once"),
                );
                continue;
            }
            rooms.push(Room { name, description });
        }
        rooms
    }

    fn tracks(&mut self, nodes: Vec<yaml::Node<yaml::TrackWire>>) -> Vec<Track> {
        let mut tracks: Vec<Track> = Vec::new();
        let mut seen: HashSet<String> = HashSet::new();
        for (n, node) in nodes.into_iter().enumerate() {
            let path = vec![key("tracks"), Seg::Index(n)];
            let subject = format!("track {}", n + 1);
            let Some(wire) = node.decode(&path, self.at, &mut self.diags, Some(&subject)) else {
                continue;
            };
            let Some(name) = text(wire.name) else {
                self.error(
                    &path,
                    Some(&subject),
                    "a track without a name: expected a `name`, e.g. `name: Tech`",
                );
                continue;
            };
            let color = text(wire.color).and_then(|c| match parse_colour(&c) {
                Some(colour) => Some(colour),
                None => {
                    self.error(
                        &with(&path, key("color")),
                        Some(&format!("track «{name}»")),
                        format!("`{c}` is not a colour: expected `#rrggbb`, e.g. `#3366cc`"),
                    );
                    None
                }
            });
            if !seen.insert(name.clone()) {
                self.error(
                    &path,
                    None,
                    format!("track «{name}» is listed twice: expected each track once"),
                );
                continue;
            }
            tracks.push(Track { name, color });
        }
        tracks
    }
}

/// An instant as the event's wall clock shows it.
fn local(t: Instant, tz: Tz) -> String {
    t.with_timezone(&tz).format("%H:%M").to_string()
}

/// A validated day with the source path of the day and of each of its (sorted) items.
struct Placed {
    day: Day,
    path: Path,
    /// The day's number in `days:` (1-based); `None` for a one-day programme.
    number: Option<usize>,
    tz: Tz,
    /// An item of the day could not be placed: gaps are not reported.
    incomplete: bool,
    /// Where each item comes from, in the day's sorted order.
    sources: Vec<ItemSource>,
    /// Items whose start could not be read.
    unplaced: Vec<Unplaced>,
}

impl Placed {
    fn items(&self) -> impl Iterator<Item = (&Item, &ItemSource)> {
        self.day.items.iter().zip(&self.sources)
    }

    /// The references of every item of the day, placed ones first.
    fn refs(&self) -> impl Iterator<Item = Refs<'_>> {
        let placed = self.items().map(|(item, source)| Refs {
            id: item.id.as_deref(),
            room: item.room.as_deref(),
            track: item.track.as_deref(),
            source,
        });
        let unplaced = self.unplaced.iter().map(|u| Refs {
            id: u.id.as_deref(),
            room: u.room.as_deref(),
            track: u.track.as_deref(),
            source: &u.source,
        });
        placed.chain(unplaced)
    }
}

struct DayFrame {
    date: Option<Text>,
    label: Option<Text>,
    start: Option<Text>,
    end: Option<Text>,
    items: Option<Vec<yaml::Node<ItemWire>>>,
}

/// Which end of a slot a wall time gives.
#[derive(Debug, Clone, Copy)]
enum At {
    Start(WallTime),
    End(WallTime),
}

/// `YYYY-MM-DD`, with a four-digit year: chrono alone would take `+262142-12-31`, where adding
/// a duration overflows.
fn parse_date(s: &str) -> Option<NaiveDate> {
    let (year, _) = s.split_once('-')?;
    if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

fn parse_colour(s: &str) -> Option<Colour> {
    let hex = s.strip_prefix('#')?;
    if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some(Colour {
        r: byte(0)?,
        g: byte(2)?,
        b: byte(4)?,
    })
}

/// A title cut for a message.
fn short(title: &str) -> String {
    const MAX: usize = 60;
    if title.chars().count() <= MAX {
        title.to_owned()
    } else {
        let cut: String = title.chars().take(MAX - 1).collect();
        format!("{cut}…")
    }
}

#[cfg(test)]
mod tests;
