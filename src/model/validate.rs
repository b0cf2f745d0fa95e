//! From the wire structs to a [`Programme`], collecting every error and warning of the file.
//!
//! Owns the rules of `docs/format.md`: required fields, what times, durations, kinds, zones and
//! colours may be, how a missing end is derived, and which overlaps are refused. Reads no files.

use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};
use std::str::FromStr;

use chrono::{Duration, NaiveDate, TimeZone};
use chrono_tz::Tz;

use super::load::Placing;
use super::spans::{Path, Seg, Spans};
use super::timefmt::{WallTime, parse_duration, parse_time};
use super::yaml::{self, ItemWire, LinkWire, Locate, OneOrMany, RoomWire, Text};
use super::{
    Colour, Day, Diagnostic, Instant, Item, Kind, Link, Meta, Programme, Room, State, Thresholds,
    Track, suggest,
};

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

    /// Places a wall time of the event day `date` on the timeline: times before the day-change
    /// hour belong to the night after `date`.
    fn instant(
        &mut self,
        date: NaiveDate,
        at: At,
        day_change: WallTime,
        tz: Tz,
        path: &[Seg],
        subject: Option<&str>,
    ) -> Option<Instant> {
        // An end written exactly at the day-change hour closes the night (`22h` to `4h` with
        // `day_change: 04:00`); a start at that hour opens the morning of the day's own date.
        let (time, night) = match at {
            At::Start(time) => (time, time < day_change),
            At::End(time) => (time, time <= day_change),
        };
        let days = i64::from(night && day_change > WallTime::MIDNIGHT);
        // Years have four digits (`parse_date`), so this cannot leave chrono's range.
        let naive = date.and_hms_opt(0, 0, 0)?
            + Duration::days(days)
            + Duration::minutes(i64::from(time.minutes()));
        match tz.from_local_datetime(&naive).earliest() {
            Some(t) => Some(t.to_utc()),
            None => {
                self.error(
                    path,
                    subject,
                    format!(
                        "{time} does not exist on {} in {tz}: the clocks go forward at that hour",
                        naive.date()
                    ),
                );
                None
            }
        }
    }

    /// Reads a start time: like [`Self::wall_time`], but `24:00` can only end something.
    fn start_time(
        &mut self,
        t: Option<Text>,
        path: &[Seg],
        subject: Option<&str>,
    ) -> Option<WallTime> {
        let time = self.wall_time(t, path, subject)?;
        if time.minutes() == 24 * 60 {
            self.error(
                path,
                subject,
                "`24:00` can only be an end: expected a start before 24:00 (to run past \
                 midnight, set `day_change` and write the time after midnight, e.g. `00:30`)",
            );
            return None;
        }
        Some(time)
    }

    fn day(
        &mut self,
        frame: DayFrame,
        path: &Path,
        number: Option<usize>,
        tz: Option<Tz>,
        day_change: WallTime,
    ) -> Option<Placed> {
        let day_subject = number.map(|n| format!("day {n}"));
        let subject = day_subject.as_deref();
        let date = match text(frame.date) {
            None => {
                self.error(
                    path,
                    subject,
                    "missing `date`: expected the day's date as `YYYY-MM-DD`, e.g. `date: 2022-07-01`",
                );
                None
            }
            Some(d) => match parse_date(&d) {
                Some(date) => Some(date),
                None => {
                    self.error(
                        &with(path, key("date")),
                        subject,
                        format!("`{d}` is not a date: expected `YYYY-MM-DD`, e.g. `2022-07-01`"),
                    );
                    None
                }
            },
        };
        let start_path = with(path, key("start"));
        let end_path = with(path, key("end"));
        let start = self.start_time(frame.start, &start_path, subject);
        let end = self.wall_time(frame.end, &end_path, subject);
        let nodes = frame.items.unwrap_or_default();
        let items_path = with(path, key("items"));
        if nodes.is_empty() {
            self.error(
                &items_path,
                subject,
                "no items: expected a list of items under `items`, each with a `title` and a `start`",
            );
        }
        // Without a valid date the day is dropped (and the programme refused), but its items are
        // still checked, against a stand-in date, so every error of the file is reported at once.
        let dated = date.is_some();
        let date = date.unwrap_or_default();
        // Without a valid zone the programme is refused anyway; UTC lets its items be checked.
        let tz = tz.unwrap_or(Tz::UTC);
        let start = start
            .and_then(|t| self.instant(date, At::Start(t), day_change, tz, &start_path, subject));
        let end =
            end.and_then(|t| self.instant(date, At::End(t), day_change, tz, &end_path, subject));
        if let (Some(s), Some(e)) = (start, end)
            && e <= s
        {
            self.error(
                &end_path,
                subject,
                format!(
                    "the day ends at {} but starts at {}: expected `end` after `start`",
                    local(e, tz),
                    local(s, tz)
                ),
            );
        }
        let prefix = number.map_or(String::new(), |n| format!("day {n}, "));
        let mut drafts = Vec::new();
        let mut unplaced = Vec::new();
        // Some item could not be read at all: where it would go is unknown.
        let mut incomplete = false;
        for (n, node) in nodes.into_iter().enumerate() {
            let item_path = with(&items_path, Seg::Index(n));
            let subject = match node.title().map(str::trim) {
                Some(title) if !title.is_empty() => {
                    format!("{prefix}item {} «{}»", n + 1, short(title))
                }
                _ => format!("{prefix}item {}", n + 1),
            };
            let refs = ["id", "room", "track"].map(|field| node.text_field(field));
            let source = ItemSource {
                path: item_path,
                subject,
                end_key: None,
                index: n,
            };
            let Some(wire) = node.decode(
                &source.path,
                self.at,
                &mut self.diags,
                Some(&source.subject),
            ) else {
                incomplete = true;
                let [id, room, track] = refs;
                unplaced.push(Unplaced {
                    id,
                    room,
                    track,
                    source,
                });
                continue;
            };
            match self.item(wire, source, date, day_change, tz) {
                Ok(d) => drafts.push(d),
                Err(u) => {
                    incomplete = true;
                    unplaced.push(*u);
                }
            }
        }
        let (items, sources) = self.resolve_ends(drafts, end, date, tz, incomplete);
        if !dated {
            return None;
        }
        let day = Day {
            date,
            label: text(frame.label),
            start,
            end,
            items,
        };
        Some(Placed {
            day,
            path: path.clone(),
            number,
            tz,
            incomplete,
            sources,
            unplaced,
        })
    }

    /// Reads one item. Fails only when its start is unknown; other errors are reported and the
    /// item kept (with a stand-in value) so that the rest of the day is still checked.
    fn item(
        &mut self,
        wire: ItemWire,
        mut source: ItemSource,
        date: NaiveDate,
        day_change: WallTime,
        tz: Tz,
    ) -> Result<Draft, Box<Unplaced>> {
        let path = source.path.clone();
        let s = Some(source.subject.as_str());
        let title = text(wire.title);
        if title.is_none() {
            self.error(
                &path,
                s,
                "missing `title`: expected the item's name, e.g. `title: Pause`",
            );
        }
        let start_path = with(&path, key("start"));
        let start = match wire.start {
            None => {
                self.error(
                    &path,
                    s,
                    "missing `start`: expected a time such as `start: 9h30`",
                );
                None
            }
            Some(t) => self
                .start_time(Some(t), &start_path, s)
                .and_then(|t| self.instant(date, At::Start(t), day_change, tz, &start_path, s)),
        };
        if wire.end.is_some() && wire.duration.is_some() {
            self.error(
                &with(&path, key("duration")),
                s,
                "both `end` and `duration`: expected one of them only",
            );
        }
        source.end_key = if wire.end.is_some() {
            Some("end")
        } else if wire.duration.is_some() {
            Some("duration")
        } else {
            None
        };
        let end_path = with(&path, key("end"));
        let end_written = wire.end.is_some();
        let end = self
            .wall_time(wire.end, &end_path, s)
            .and_then(|t| self.instant(date, At::End(t), day_change, tz, &end_path, s));
        let duration_written = wire.duration.is_some();
        let duration = self.minutes(wire.duration, &with(&path, key("duration")), s);
        let end_broken = (end_written && end.is_none()) || (duration_written && duration.is_none());
        let kind = match text(wire.kind) {
            None => Kind::Session,
            Some(k) => k.parse::<Kind>().unwrap_or_else(|()| {
                let names = Kind::ALL.map(Kind::name);
                let hint = suggest(&k, names).map_or_else(
                    || format!("expected one of {}", names.join(", ")),
                    |n| format!("did you mean `{n}`?"),
                );
                self.error(
                    &with(&path, key("kind")),
                    s,
                    format!("unknown kind `{k}`, {hint}"),
                );
                Kind::Session
            }),
        };
        let state = match text(wire.state) {
            None => State::Confirmed,
            Some(st) => State::parse(&st).unwrap_or_else(|| {
                let hint = suggest(&st, State::NAMES).map_or_else(
                    || "expected confirmed, cancelled or moved".to_owned(),
                    |n| format!("did you mean `{n}`?"),
                );
                self.error(
                    &with(&path, key("state")),
                    s,
                    format!("unknown state `{st}`, {hint}"),
                );
                State::Confirmed
            }),
        };
        let thresholds = Thresholds {
            warn_before: self.minutes(wire.warn_before, &with(&path, key("warn_before")), s),
            danger_before: self.minutes(wire.danger_before, &with(&path, key("danger_before")), s),
        };
        let min_duration = self.minutes(wire.min_duration, &with(&path, key("min_duration")), s);
        let speakers = match wire.speakers {
            None => Vec::new(),
            Some(OneOrMany::One(t)) => text(Some(t)).into_iter().collect(),
            Some(OneOrMany::Many(list)) => list.into_iter().filter_map(|t| text(Some(t))).collect(),
        };
        let mut links = Vec::new();
        for (n, node) in wire.links.unwrap_or_default().into_iter().enumerate() {
            let link_path = with(&with(&path, key("links")), Seg::Index(n));
            let link = match node.decode(&link_path, self.at, &mut self.diags, s) {
                Some(LinkWire::Url(url)) => text(Some(url)).map(|url| Link { url, title: None }),
                Some(LinkWire::Full(full)) => text(Some(full.url)).map(|url| Link {
                    url,
                    title: text(full.title),
                }),
                None => continue,
            };
            match link {
                Some(link) => links.push(link),
                None => self.error(&link_path, s, "an empty link: expected a URL"),
            }
        }
        let (id, room, track) = (text(wire.id), text(wire.room), text(wire.track));
        let Some(start) = start else {
            return Err(Box::new(Unplaced {
                id,
                room,
                track,
                source,
            }));
        };
        let end = match (end, duration) {
            (Some(e), _) => Some(e),
            (None, Some(minutes)) => Some(start + Duration::minutes(i64::from(minutes))),
            (None, None) => None,
        };
        Ok(Draft {
            end_given: end.is_some(),
            end_broken,
            item: Item {
                id,
                // Only a stand-in: a missing title is an error, so this item is never shown.
                title: title.unwrap_or_default(),
                subtitle: text(wire.subtitle),
                kind,
                start,
                end: end.unwrap_or(start),
                room,
                track,
                speakers,
                description: text(wire.description),
                links,
                state,
                language: text(wire.language),
                hard_start: wire.hard_start.unwrap_or(false),
                min_duration,
                thresholds,
            },
            source,
        })
    }

    /// Sorts the day's items, gives each item without an end the start of what follows it, and
    /// checks ends and overlaps. `incomplete`: an item of the day could not be placed, so the
    /// last item may not really be last.
    fn resolve_ends(
        &mut self,
        mut drafts: Vec<Draft>,
        day_end: Option<Instant>,
        date: NaiveDate,
        tz: Tz,
        incomplete: bool,
    ) -> (Vec<Item>, Vec<ItemSource>) {
        drafts.sort_by_key(|d| d.item.start);
        let next = next_starts(&drafts);
        for (d, next) in drafts.iter_mut().zip(next) {
            if d.end_given {
                continue;
            }
            // An item that starts at or after the day's end keeps no end: `check_days` says it
            // is outside its day.
            match next.or(day_end).filter(|&end| end > d.item.start) {
                Some(end) => d.item.end = end,
                None if d.end_broken || incomplete || day_end.is_some() => {}
                None => {
                    let last = match &d.item.room {
                        Some(room) => format!("the last item in room «{room}» on {date}"),
                        None => format!("the last item of {date}"),
                    };
                    let source = &d.source;
                    self.error(
                        &source.path,
                        Some(&source.subject),
                        format!(
                            "{last} has no end: expected `end` or `duration` here, or an `end` \
                             for the day"
                        ),
                    );
                }
            }
        }
        let mut items = Vec::with_capacity(drafts.len());
        for d in &drafts {
            let item = &d.item;
            let s = Some(d.source.subject.as_str());
            if d.end_given && item.end <= item.start {
                let message = if d.source.end_key == Some("duration") {
                    // Only an end from a clock change can do that.
                    "ends before or when it starts: expected a positive `duration`".to_owned()
                } else {
                    format!(
                        "ends at {} but starts at {}: expected `end` after `start` (to end after \
                         midnight, set `day_change`)",
                        local(item.end, tz),
                        local(item.start, tz)
                    )
                };
                self.error(&d.source.end_path(), s, message);
            } else if item.minutes() > IMPLAUSIBLE_MINUTES {
                self.warning(
                    &d.source.path,
                    s,
                    format!(
                        "lasts {} — is that intended?",
                        super::timefmt::format_minutes(item.minutes())
                    ),
                );
            }
            items.push(item.clone());
        }
        self.check_overlaps(&drafts, tz);
        (items, drafts.into_iter().map(|d| d.source).collect())
    }

    fn check_overlaps(&mut self, drafts: &[Draft], tz: Tz) {
        let live: Vec<&Draft> = drafts
            .iter()
            .filter(|d| d.item.state != State::Cancelled && d.item.end > d.item.start)
            .collect();
        // Per room: each item against the longest-running earlier item of its room.
        let mut latest_in_room: HashMap<&str, &Draft> = HashMap::new();
        // Plenary items against everything, everything against plenary items.
        let mut latest_any: Option<&Draft> = None;
        let mut latest_plenary: Option<&Draft> = None;
        for d in live {
            let item = &d.item;
            let rival = match &item.room {
                Some(room) => {
                    let same_room = latest_in_room.get(room.as_str()).copied();
                    same_room
                        .filter(|o| o.item.end > item.start)
                        .or(latest_plenary.filter(|o| o.item.end > item.start))
                }
                None => latest_any.filter(|o| o.item.end > item.start),
            };
            if let Some(other) = rival {
                let name = &other.source.subject;
                let until = local(other.item.end, tz);
                let message = match (&item.room, &other.item.room) {
                    (Some(r), Some(_)) => format!(
                        "overlaps {name} in room «{r}», which runs until {until}: expected it \
                         to start at or after that end, or the items to be in different rooms"
                    ),
                    (None, Some(r)) => format!(
                        "a plenary item (no `room`, for everyone) that overlaps {name} in room \
                         «{r}», which runs until {until}: expected it to start at or after \
                         that end, or to have a `room`"
                    ),
                    (Some(_), None) => format!(
                        "overlaps {name}, a plenary item (no `room`, for everyone) which runs \
                         until {until}: expected it to start at or after that end, or that \
                         item to have a `room`"
                    ),
                    (None, None) => format!(
                        "overlaps {name}, which runs until {until}: expected it to start at \
                         or after that end, or the items to be in different rooms"
                    ),
                };
                self.error(
                    &with(&d.source.path, key("start")),
                    Some(&d.source.subject),
                    message,
                );
            }
            let longer = |slot: Option<&Draft>| slot.is_none_or(|o| o.item.end < item.end);
            if let Some(room) = &item.room {
                if longer(latest_in_room.get(room.as_str()).copied()) {
                    latest_in_room.insert(room, d);
                }
            } else if longer(latest_plenary) {
                latest_plenary = Some(d);
            }
            if longer(latest_any) {
                latest_any = Some(d);
            }
        }
    }

    fn check_refs(
        &mut self,
        placed: &Placed,
        rooms: &mut Vec<Room>,
        declared_rooms: bool,
        tracks: &mut Vec<Track>,
        declared_tracks: bool,
    ) {
        let mut room_names: HashSet<String> = rooms.iter().map(|r| r.name.clone()).collect();
        let mut track_names: HashSet<String> = tracks.iter().map(|t| t.name.clone()).collect();
        for refs in placed.refs() {
            let source = refs.source;
            let subject = Some(source.subject.as_str());
            if let Some(room) = refs.room
                && !room_names.contains(room)
            {
                if declared_rooms {
                    let names = rooms.iter().map(|r| r.name.as_str());
                    let hint = suggest_among(room, names, rooms.len()).map_or_else(
                        || "expected a room listed under `rooms`".to_owned(),
                        |r| format!("did you mean «{r}»?"),
                    );
                    let p = with(&source.path, key("room"));
                    self.error(&p, subject, format!("unknown room «{room}», {hint}"));
                } else {
                    room_names.insert(room.to_owned());
                    rooms.push(Room {
                        name: room.to_owned(),
                        description: None,
                    });
                }
            }
            if let Some(track) = refs.track
                && !track_names.contains(track)
            {
                if declared_tracks {
                    let names = tracks.iter().map(|t| t.name.as_str());
                    let hint = suggest_among(track, names, tracks.len()).map_or_else(
                        || "expected a track listed under `tracks`".to_owned(),
                        |t| format!("did you mean «{t}»?"),
                    );
                    let p = with(&source.path, key("track"));
                    self.error(&p, subject, format!("unknown track «{track}», {hint}"));
                } else {
                    track_names.insert(track.to_owned());
                    tracks.push(Track {
                        name: track.to_owned(),
                        color: None,
                    });
                }
            }
        }
    }

    fn check_days(&mut self, days: &[Placed]) {
        let mut seen: HashMap<NaiveDate, Option<usize>> = HashMap::new();
        for placed in days {
            let (day, path, tz) = (&placed.day, &placed.path, placed.tz);
            if let Some(first) = seen.insert(day.date, placed.number) {
                let first = first.map_or_else(String::new, |n| format!(" day {n}"));
                self.error(
                    &with(path, key("date")),
                    placed.number.map(|n| format!("day {n}")).as_deref(),
                    format!("{} is already{first}: expected each date once", day.date),
                );
            }
            for (item, source) in placed.items() {
                let subject = Some(source.subject.as_str());
                let start_path = with(&source.path, key("start"));
                if let Some(open) = day.start
                    && item.start < open
                {
                    self.error(
                        &start_path,
                        subject,
                        format!(
                            "starts at {}, before the day's `start` ({}): expected it within \
                             the day",
                            local(item.start, tz),
                            local(open, tz)
                        ),
                    );
                } else if let Some(close) = day.end
                    && item.start >= close
                {
                    self.error(
                        &start_path,
                        subject,
                        format!(
                            "starts at {}, when the day has ended (`end` {}): expected it \
                             within the day",
                            local(item.start, tz),
                            local(close, tz)
                        ),
                    );
                } else if let Some(close) = day.end
                    && item.end > close
                {
                    self.error(
                        &source.end_path(),
                        subject,
                        format!(
                            "ends at {}, after the day's `end` ({}): expected it within the day",
                            local(item.end, tz),
                            local(close, tz)
                        ),
                    );
                }
            }
            if !placed.incomplete {
                self.check_gaps(placed);
            }
        }
    }

    /// A gap is a hole in the day's one sequence of items. A day whose items overlap (parallel
    /// rooms, FOSDEM) has no one sequence: a room free between two talks is its changeover, not
    /// a hole in the day, so it is not reported. (Per room it would be 516 warnings for FOSDEM.)
    fn check_gaps(&mut self, placed: &Placed) {
        let mut end: Option<Instant> = None;
        for (item, _) in placed.items() {
            if item.state == State::Cancelled {
                continue;
            }
            if end.is_some_and(|e| item.start < e) {
                return;
            }
            end = end.max(Some(item.end));
        }
        let mut reach: Option<(&Item, &ItemSource)> = None;
        for (item, source) in placed.items() {
            if item.state == State::Cancelled {
                continue;
            }
            if let Some((prev, prev_source)) = reach
                && item.start > prev.end
            {
                let minutes = (item.start - prev.end).num_minutes();
                self.warning(
                    &with(&source.path, key("start")),
                    Some(&source.subject),
                    format!(
                        "a gap of {} before this item, after {}",
                        super::timefmt::format_minutes(minutes),
                        prev_source.subject
                    ),
                );
            }
            if reach.is_none_or(|(r, _)| item.end > r.end) {
                reach = Some((item, source));
            }
        }
    }

    fn check_ids(&mut self, days: &[Placed]) {
        let mut seen: HashMap<&str, &str> = HashMap::new();
        for placed in days {
            // In file order, so that the first use is the one named.
            let mut refs: Vec<Refs> = placed.refs().collect();
            refs.sort_by_key(|r| r.source.index);
            for Refs { id, source, .. } in refs {
                let Some(id) = id else { continue };
                if let Some(&first) = seen.get(id) {
                    self.error(
                        &with(&source.path, key("id")),
                        Some(&source.subject),
                        format!(
                            "duplicate id `{id}`, already used by {first}: expected ids to be \
                             unique"
                        ),
                    );
                } else {
                    seen.insert(id, &source.subject);
                }
            }
        }
    }
}

/// For each item (sorted by start), when the next item it gives way to starts: a room item gives
/// way to the next item of its room or the next plenary item, a plenary item to the next item of
/// any room. Items starting at the same time do not end one another. Linear after the sort.
fn next_starts(drafts: &[Draft]) -> Vec<Option<Instant>> {
    let mut next = vec![None; drafts.len()];
    let mut next_any: Option<Instant> = None;
    let mut next_plenary: Option<Instant> = None;
    let mut next_in_room: HashMap<&str, Instant> = HashMap::new();
    let mut end = drafts.len();
    while end > 0 {
        let start = drafts[end - 1].item.start;
        let first = drafts[..end]
            .iter()
            .rposition(|d| d.item.start != start)
            .map_or(0, |i| i + 1);
        for (slot, d) in next[first..end].iter_mut().zip(&drafts[first..end]) {
            *slot = match &d.item.room {
                None => next_any,
                Some(room) => match (next_in_room.get(room.as_str()).copied(), next_plenary) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                },
            };
        }
        for d in &drafts[first..end] {
            next_any = Some(start);
            match &d.item.room {
                None => next_plenary = Some(start),
                Some(room) => {
                    next_in_room.insert(room, start);
                }
            }
        }
        end = first;
    }
    next
}

/// Like [`suggest`], but gives up on very long lists.
fn suggest_among<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    count: usize,
) -> Option<&'a str> {
    if count > MAX_SUGGESTION_CANDIDATES {
        return None;
    }
    suggest(word, candidates)
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
mod tests {
    use super::*;
    use chrono::Utc;
    use rstest::rstest;
    use std::fmt::Write as _;

    /// A programme's header in Europe/Paris, then `body` (a day, or `days:`).
    fn paris(body: &str) -> String {
        format!("title: Test\ntime_zone: Europe/Paris\n{body}")
    }

    fn valid(source: &str) -> (Programme, Vec<Diagnostic>) {
        let (programme, diags) = build(source, Placing::Everything);
        let errors: Vec<&Diagnostic> = diags.iter().filter(|d| d.is_error()).collect();
        assert!(errors.is_empty(), "unexpected errors: {errors:#?}");
        (programme.expect("a programme without errors"), diags)
    }

    fn errors(source: &str) -> Vec<Diagnostic> {
        let (programme, diags) = build(source, Placing::Everything);
        assert!(programme.is_none(), "expected the programme to be refused");
        let errors: Vec<Diagnostic> = diags.into_iter().filter(Diagnostic::is_error).collect();
        assert!(!errors.is_empty(), "a refused programme must say why");
        errors
    }

    /// 2022 in UTC, for comparing instants.
    fn utc(month: u32, day: u32, hour: u32, minute: u32) -> Instant {
        Utc.with_ymd_and_hms(2022, month, day, hour, minute, 0)
            .single()
            .expect("a valid UTC time")
    }

    fn item<'a>(p: &'a Programme, title: &str) -> &'a Item {
        p.items()
            .find(|i| i.title == title)
            .unwrap_or_else(|| panic!("no item «{title}»"))
    }

    // Paris is UTC+2 in July: 9h local is 07:00Z.
    #[rstest]
    #[case::next_item_in_the_same_room(
        "items:\n  - {title: A, start: 9h, room: R1}\n  - {title: B, start: 9h30, room: R2, end: 11h}\n  - {title: C, start: 10h, room: R1, end: 11h}\n",
        "A",
        utc(7, 1, 8, 0)
    )]
    #[case::plenary_item_ends_at_the_next_item_of_any_room(
        "items:\n  - {title: Welcome, start: 9h}\n  - {title: B, start: 9h30, room: R2, end: 11h}\n  - {title: C, start: 10h, room: R1, end: 11h}\n",
        "Welcome",
        utc(7, 1, 7, 30)
    )]
    #[case::room_item_ends_at_the_next_plenary_item(
        "items:\n  - {title: A, start: 9h, room: R1}\n  - {title: B, start: 9h30, room: R2, end: 10h}\n  - {title: Lunch, start: 10h, kind: meal, end: 11h}\n",
        "A",
        utc(7, 1, 8, 0)
    )]
    #[case::room_item_skips_items_of_other_rooms(
        "items:\n  - {title: A, start: 9h, room: R1}\n  - {title: B, start: 9h30, room: R2}\n  - {title: C, start: 10h, room: R2}\n  - {title: D, start: 10h30, room: R1, end: 11h}\n  - {title: E, start: 11h, end: 12h}\n",
        "A",
        utc(7, 1, 8, 30)
    )]
    #[case::last_item_ends_at_the_days_end(
        "end: 18h\nitems:\n  - {title: A, start: 9h}\n  - {title: B, start: 17h}\n",
        "B",
        utc(7, 1, 16, 0)
    )]
    #[case::items_starting_together_do_not_end_each_other(
        "items:\n  - {title: A, start: 9h, room: R1}\n  - {title: B, start: 9h, room: R2}\n  - {title: C, start: 10h, end: 11h}\n",
        "A",
        utc(7, 1, 8, 0)
    )]
    fn a_missing_end_is_the_next_start(
        #[case] items: &str,
        #[case] title: &str,
        #[case] expected_end: Instant,
    ) {
        let (p, _) = valid(&paris(&format!("date: 2022-07-01\n{items}")));
        assert_eq!(item(&p, title).end, expected_end);
    }

    #[rstest]
    #[case::end_time("end: 10h30", utc(7, 1, 8, 30))]
    #[case::duration_minutes("duration: 90", utc(7, 1, 8, 30))]
    #[case::duration_hours_minutes("duration: 1h30", utc(7, 1, 8, 30))]
    #[case::duration_colon("duration: \"01:30\"", utc(7, 1, 8, 30))]
    #[case::duration_ends_before_the_next_item("duration: 45m", utc(7, 1, 7, 45))]
    fn an_end_or_a_duration_gives_the_end(#[case] field: &str, #[case] expected_end: Instant) {
        let src = paris(&format!(
            "date: 2022-07-01\nend: 18h\nitems:\n  - title: A\n    start: 9h\n    {field}\n  - {{title: B, start: 11h}}\n"
        ));
        let (p, _) = valid(&src);
        assert_eq!(item(&p, "A").end, expected_end);
    }

    #[test]
    fn end_and_duration_together_are_refused_at_the_duration() {
        let src = paris(
            "date: 2022-07-01\nitems:\n  - title: A\n    start: 9h\n    end: 10h\n    duration: 1h\n",
        );
        let errs = errors(&src);
        assert_eq!(errs.len(), 1, "{errs:#?}");
        assert_eq!(errs[0].line, 8);
        assert!(errs[0].message.contains("both `end` and `duration`"));
    }

    #[test]
    fn after_the_day_change_hour_times_belong_to_the_night() {
        let src = paris(
            "day_change: \"04:00\"\ndate: 2022-07-01\nitems:\n  - {title: Late, start: \"01:30\", end: \"02:30\"}\n  - {title: Evening, start: 22h}\n  - {title: Midnight, start: \"00:00\"}\n",
        );
        let (p, _) = valid(&src);
        assert_eq!(
            p.days.len(),
            1,
            "all three items belong to the one event day"
        );
        let day = &p.days[0];
        assert_eq!(
            day.date,
            NaiveDate::from_ymd_opt(2022, 7, 1).expect("a date")
        );
        let titles: Vec<&str> = day.items.iter().map(|i| i.title.as_str()).collect();
        assert_eq!(titles, ["Evening", "Midnight", "Late"]);
        let late = item(&p, "Late");
        // 01:30 in Paris on the night of 1 to 2 July is 23:30Z on 1 July.
        assert_eq!(late.start, utc(7, 1, 23, 30));
        assert_eq!(
            late.start.with_timezone(&p.tz).date_naive(),
            NaiveDate::from_ymd_opt(2022, 7, 2).expect("a date")
        );
        assert_eq!(item(&p, "Evening").end, utc(7, 1, 22, 0));
        assert_eq!(item(&p, "Midnight").end, utc(7, 1, 23, 30));
    }

    #[rstest]
    #[case::item_end("items:\n  - {title: Concert, start: 22h, end: 4h}\n", utc(7, 2, 2, 0))]
    #[case::day_end("end: 4h\nitems:\n  - {title: Concert, start: 22h}\n", utc(7, 2, 2, 0))]
    #[case::night_item("items:\n  - {title: Late, start: 3h, end: 4h}\n", utc(7, 2, 2, 0))]
    fn an_end_at_the_day_change_hour_closes_the_night(
        #[case] body: &str,
        #[case] expected_end: Instant,
    ) {
        let src = paris(&format!("day_change: \"04:00\"\ndate: 2022-07-01\n{body}"));
        let (p, _) = valid(&src);
        assert_eq!(p.items().next().map(|i| i.end), Some(expected_end));
    }

    #[test]
    fn a_start_at_the_day_change_hour_is_in_the_morning() {
        let src = paris(
            "day_change: \"04:00\"\ndate: 2022-07-01\nitems:\n  - {title: Dawn, start: 4h, end: 5h}\n",
        );
        let (p, _) = valid(&src);
        assert_eq!(item(&p, "Dawn").start, utc(7, 1, 2, 0));
    }

    #[rstest]
    #[case::signed_year("\"+262142-12-31\"")]
    #[case::five_digit_year("\"12345-01-01\"")]
    #[case::day_first("01/07/2022")]
    #[case::no_such_day("2022-02-30")]
    fn dates_need_a_four_digit_year(#[case] date: &str) {
        // A huge year once made `start + duration` overflow and panic.
        let src = paris(&format!(
            "date: {date}\nitems:\n  - {{title: A, start: 23h, duration: 10080}}\n"
        ));
        let errs = errors(&src);
        assert_eq!(errs.len(), 1, "{errs:#?}");
        assert!(errs[0].message.contains("is not a date"), "{errs:#?}");
    }

    #[test]
    fn an_unplaced_item_still_has_its_id_room_and_track_checked() {
        let src = paris(
            "rooms: [Janson]\ndate: 2022-07-01\nitems:\n  - {id: a, title: A, start: 9h, end: 10h, room: Janson}\n  - {id: a, title: B, start: noon, room: Jansen}\n",
        );
        let messages: Vec<(usize, String)> = errors(&src)
            .into_iter()
            .map(|d| (d.column, d.message))
            .collect();
        assert_eq!(messages.len(), 3, "{messages:#?}");
        assert!(
            messages[0]
                .1
                .contains("duplicate id `a`, already used by item 1 «A»")
        );
        assert!(messages[1].1.contains("`noon` is not a time of day"));
        assert!(
            messages[2]
                .1
                .contains("unknown room «Jansen», did you mean «Janson»?")
        );
    }

    #[test]
    fn an_item_of_the_wrong_shape_still_has_its_id_checked() {
        let src = paris(
            "date: 2022-07-01\nitems:\n  - {id: a, title: A, start: 9h, end: 10h}\n  - {id: a, title: B, start: 10h, end: 11h, hard_start: yes}\n",
        );
        let messages: Vec<String> = errors(&src).into_iter().map(|d| d.message).collect();
        assert_eq!(messages.len(), 2, "{messages:#?}");
        assert!(messages.iter().any(|m| m.contains("duplicate id `a`")));
        assert!(
            messages
                .iter()
                .any(|m| m.contains("`hard_start`: wrong type"))
        );
    }

    #[test]
    fn without_a_day_change_an_end_after_midnight_is_refused() {
        let src =
            paris("date: 2022-07-01\nitems:\n  - {title: Party, start: 22h, end: \"01:00\"}\n");
        let errs = errors(&src);
        assert!(
            errs[0]
                .message
                .contains("ends at 01:00 but starts at 22:00"),
            "{errs:#?}"
        );
        assert!(errs[0].message.contains("day_change"));
    }

    #[rstest]
    #[case::in_the_afternoon("\"13:00\"")]
    #[case::not_a_time("\"late\"")]
    fn a_bad_day_change_is_one_error(#[case] day_change: &str) {
        let src = paris(&format!(
            "day_change: {day_change}\ndate: 2022-07-01\nitems:\n  - {{title: A, start: 9h, end: 10h}}\n"
        ));
        let errs = errors(&src);
        assert_eq!(errs.len(), 1, "{errs:#?}");
        assert_eq!(errs[0].line, 3);
    }

    #[test]
    fn several_days_with_labels() {
        let src = paris(
            "days:\n  - date: 2022-07-02\n    label: Sunday\n    items:\n      - {title: C, start: 10h, end: 11h}\n  - date: 2022-07-01\n    label: Saturday\n    start: 9h\n    end: 18h\n    items:\n      - {title: A, start: 9h}\n      - {title: B, start: 12h}\n",
        );
        let (p, _) = valid(&src);
        let days: Vec<(String, Option<&str>, usize)> = p
            .days
            .iter()
            .map(|d| (d.date.to_string(), d.label.as_deref(), d.items.len()))
            .collect();
        assert_eq!(
            days,
            [
                ("2022-07-01".to_owned(), Some("Saturday"), 2),
                ("2022-07-02".to_owned(), Some("Sunday"), 1),
            ]
        );
        assert_eq!(p.days[0].start, Some(utc(7, 1, 7, 0)));
        assert_eq!(item(&p, "B").end, utc(7, 1, 16, 0));
    }

    #[test]
    fn items_given_out_of_order_are_sorted() {
        let src = paris(
            "date: 2022-07-01\nend: 18h\nitems:\n  - {title: Third, start: 14h}\n  - {title: First, start: 9h}\n  - {title: Second, start: 11h}\n",
        );
        let (p, _) = valid(&src);
        let titles: Vec<&str> = p.items().map(|i| i.title.as_str()).collect();
        assert_eq!(titles, ["First", "Second", "Third"]);
        assert_eq!(item(&p, "First").end, utc(7, 1, 9, 0));
        assert_eq!(item(&p, "Second").end, utc(7, 1, 12, 0));
        assert_eq!(item(&p, "Third").end, utc(7, 1, 16, 0));
    }

    #[rstest]
    #[case::cancelled("cancelled", true)]
    #[case::us_spelling("canceled", true)]
    #[case::moved("moved", false)]
    #[case::confirmed("confirmed", false)]
    fn only_cancelled_items_may_overlap(#[case] state: &str, #[case] allowed: bool) {
        let src = paris(&format!(
            "date: 2022-07-01\nitems:\n  - {{title: A, start: 9h, end: 11h, room: R}}\n  - {{title: B, start: 10h, end: 12h, room: R, state: {state}}}\n"
        ));
        let (programme, diags) = build(&src, Placing::Everything);
        assert_eq!(programme.is_some(), allowed, "{diags:#?}");
        if !allowed {
            assert!(diags[0].message.contains("overlaps item 1 «A» in room «R»"));
        }
    }

    #[test]
    fn a_plenary_item_may_not_overlap_a_room_item() {
        let src = paris(
            "date: 2022-07-01\nitems:\n  - {title: Talk, start: 9h, end: 11h, room: R}\n  - {title: Keynote, start: 10h, end: 12h}\n",
        );
        let errs = errors(&src);
        assert_eq!(errs.len(), 1, "{errs:#?}");
        assert_eq!(errs[0].line, 6);
        assert!(errs[0].message.starts_with("a plenary item"), "{errs:#?}");
    }

    #[test]
    fn different_rooms_may_run_in_parallel() {
        let src = paris(
            "date: 2022-07-01\nitems:\n  - {title: A, start: 9h, end: 11h, room: R1}\n  - {title: B, start: 9h, end: 11h, room: R2}\n",
        );
        valid(&src);
    }

    #[test]
    fn gaps_and_long_items_are_warnings_only() {
        let src = paris(
            "date: 2022-07-01\nitems:\n  - {title: Marathon, start: \"06:00\", end: \"19:00\"}\n  - {title: After, start: \"20:00\", end: \"21:00\"}\n",
        );
        let (p, diags) = valid(&src);
        assert_eq!(p.items().count(), 2);
        let warnings: Vec<(usize, &str)> =
            diags.iter().map(|d| (d.line, d.message.as_str())).collect();
        assert_eq!(
            warnings,
            [
                (5, "lasts 13 h — is that intended?"),
                (6, "a gap of 1 h before this item, after item 1 «Marathon»"),
            ]
        );
        assert!(diags.iter().all(|d| !d.is_error()));

        // A viewer that shows no warnings need not place them: same programme, same messages,
        // line 0; errors are still placed.
        let (unplaced_p, unplaced) = build(&src, Placing::ErrorsOnly);
        assert_eq!(unplaced_p, Some(p));
        let unplaced: Vec<(usize, &str)> = unplaced
            .iter()
            .map(|d| (d.line, d.message.as_str()))
            .collect();
        assert_eq!(
            unplaced,
            [
                (0, "lasts 13 h — is that intended?"),
                (0, "a gap of 1 h before this item, after item 1 «Marathon»"),
            ]
        );
        let broken = format!("{src}  - {{title: Bad, start: \"25:00\"}}\n");
        let (none, diags) = build(&broken, Placing::ErrorsOnly);
        assert!(none.is_none());
        let error = diags.iter().find(|d| d.is_error()).expect("an error");
        assert_eq!(error.line, 7, "{error:?}");
    }

    #[test]
    fn a_day_of_parallel_rooms_has_no_gap_warnings() {
        // FOSDEM's morning: the welcome in Janson, ten minutes before the first keynote, while
        // the other rooms open at their own times.
        let src = paris(
            "date: 2025-02-01\nitems:\n  - {title: Welcome, start: \"09:30\", end: \"09:50\", room: Janson}\n  - {title: Keynote, start: \"10:00\", end: \"10:50\", room: Janson}\n  - {title: Devroom, start: \"10:30\", end: \"11:00\", room: K.3.201}\n  - {title: Later, start: \"11:30\", end: \"12:00\", room: K.3.201}\n",
        );
        let (_, diags) = valid(&src);
        assert!(diags.is_empty(), "{diags:#?}");
    }

    #[test]
    fn a_day_moving_from_room_to_room_is_still_one_sequence() {
        let src = paris(
            "date: 2022-07-01\nitems:\n  - {title: A, start: 9h, end: 10h, room: R1}\n  - {title: B, start: 10h30, end: 11h, room: R2}\n",
        );
        let (_, diags) = valid(&src);
        let messages: Vec<&str> = diags.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            ["a gap of 30 min before this item, after item 1 «A»"]
        );
    }

    #[test]
    fn a_cancelled_item_leaves_no_gap_warning_of_its_own() {
        let src = paris(
            "date: 2022-07-01\nitems:\n  - {title: A, start: 9h, end: 10h}\n  - {title: B, start: 10h, end: 11h, state: cancelled}\n  - {title: C, start: 10h, end: 11h}\n",
        );
        let (_, diags) = valid(&src);
        assert!(diags.is_empty(), "{diags:#?}");
    }

    #[rstest]
    // The clocks go back from 03:00 CEST to 02:00 CET: 01:30 to 03:30 local is three real hours.
    #[case::end_after_the_change("end: \"03:30\"", utc(10, 29, 23, 30), utc(10, 30, 2, 30), 180)]
    // Two real hours after 01:30 CEST is 02:30 CET, the second 02:30 of the night.
    #[case::duration_across_the_change(
        "duration: 2h",
        utc(10, 29, 23, 30),
        utc(10, 30, 1, 30),
        120
    )]
    fn the_autumn_clock_change_keeps_real_durations(
        #[case] end: &str,
        #[case] start_utc: Instant,
        #[case] end_utc: Instant,
        #[case] minutes: i64,
    ) {
        let src = paris(&format!(
            "date: 2022-10-30\nitems:\n  - title: Night\n    start: \"01:30\"\n    {end}\n"
        ));
        let (p, _) = valid(&src);
        let night = item(&p, "Night");
        assert_eq!((night.start, night.end), (start_utc, end_utc));
        assert_eq!(night.minutes(), minutes);
    }

    #[test]
    fn an_ambiguous_autumn_time_is_the_first_one() {
        let src =
            paris("date: 2022-10-30\nitems:\n  - {title: A, start: \"02:30\", end: \"04:00\"}\n");
        let (p, _) = valid(&src);
        // 02:30 CEST, before the clocks go back.
        assert_eq!(item(&p, "A").start, utc(10, 30, 0, 30));
        assert_eq!(item(&p, "A").minutes(), 150);
    }

    #[test]
    fn a_spring_gap_time_is_refused_where_it_is_written() {
        let src =
            paris("date: 2022-03-27\nitems:\n  - {title: A, start: \"02:30\", end: \"04:00\"}\n");
        let errs = errors(&src);
        assert_eq!(errs.len(), 1, "{errs:#?}");
        assert_eq!((errs[0].line, errs[0].column), (5, 23));
        assert!(
            errs[0]
                .message
                .contains("02:30 does not exist on 2022-03-27")
        );
    }

    // Regressions: each of these once produced a wrong, extra or missing message.

    #[rstest]
    #[case::bad_duration("duration: 1.5h", "`1.5h` is not a duration")]
    #[case::zero_duration("duration: 0", "longer than zero")]
    #[case::bad_end("end: 25h", "hours must be between 0 and 24")]
    fn an_unreadable_end_is_not_also_a_missing_end(#[case] field: &str, #[case] message: &str) {
        let src = paris(&format!(
            "date: 2022-07-01\nitems:\n  - {{title: A, start: 9h}}\n  - title: B\n    start: 10h\n    {field}\n"
        ));
        let errs = errors(&src);
        assert_eq!(errs.len(), 1, "{errs:#?}");
        assert!(errs[0].message.contains(message), "{errs:#?}");
    }

    #[rstest]
    #[case::unreadable_item("  - {title: B, start: 10h, speakers: {name: x}}\n")]
    #[case::unreadable_start("  - {title: B, start: noon}\n")]
    fn an_unreadable_item_does_not_make_the_previous_one_last(#[case] second: &str) {
        let src = paris(&format!(
            "date: 2022-07-01\nitems:\n  - {{title: A, start: 9h}}\n{second}"
        ));
        let errs = errors(&src);
        assert_eq!(errs.len(), 1, "{errs:#?}");
        assert_eq!(errs[0].line, 6);
    }

    #[test]
    fn an_item_with_a_bad_kind_is_still_checked() {
        let src = paris(
            "date: 2022-07-01\nitems:\n  - {id: x, title: A, start: 9h, end: 10h}\n  - {id: x, title: B, start: 10h, end: 11h, kind: wokshop, room: Nowhere}\n",
        );
        let messages: Vec<String> = errors(&src).into_iter().map(|d| d.message).collect();
        assert_eq!(messages.len(), 2, "{messages:#?}");
        assert!(
            messages
                .iter()
                .any(|m| m.contains("did you mean `workshop`"))
        );
        assert!(messages.iter().any(|m| m.contains("duplicate id `x`")));
    }

    #[rstest]
    #[case::item_start("items:\n  - {title: A, start: \"24:00\", end: \"24:00\"}\n", 5)]
    #[case::day_start("start: \"24:00\"\nitems:\n  - {title: A, start: 9h, end: 10h}\n", 4)]
    fn midnight_at_the_end_of_the_day_is_no_start(#[case] body: &str, #[case] line: usize) {
        let errs = errors(&paris(&format!("date: 2022-07-01\n{body}")));
        assert_eq!(errs.len(), 1, "{errs:#?}");
        assert_eq!(errs[0].line, line);
        assert!(errs[0].message.contains("`24:00` can only be an end"));
    }

    #[test]
    fn twenty_four_hundred_ends_the_day() {
        let src = paris("date: 2022-07-01\nend: \"24:00\"\nitems:\n  - {title: A, start: 22h}\n");
        let (p, _) = valid(&src);
        assert_eq!(item(&p, "A").end, utc(7, 1, 22, 0));
    }

    #[rstest]
    #[case::start("start: 9h", 3)]
    #[case::end("end: 18h", 3)]
    #[case::label("label: Friday", 3)]
    fn one_day_fields_at_the_top_of_a_days_programme_are_refused(
        #[case] field: &str,
        #[case] line: usize,
    ) {
        let src = paris(&format!(
            "{field}\ndays:\n  - date: 2022-07-01\n    items:\n      - {{title: A, start: 9h, end: 10h}}\n"
        ));
        let errs = errors(&src);
        assert_eq!(errs.len(), 1, "{errs:#?}");
        assert_eq!(errs[0].line, line);
        assert!(errs[0].message.contains("inside each day"), "{errs:#?}");
    }

    #[test]
    fn a_repeated_date_names_the_days_as_written() {
        let src = paris(
            "days:\n  - date: 2022-13-01\n    items: [{title: A, start: 9h, end: 10h}]\n  - date: 2022-07-01\n    items: [{title: B, start: 9h, end: 10h}]\n  - date: 2022-07-01\n    items: [{title: C, start: 9h, end: 10h}]\n",
        );
        let errs = errors(&src);
        assert_eq!(errs.len(), 2, "{errs:#?}");
        assert_eq!(errs[1].line, 8);
        assert_eq!(errs[1].subject.as_deref(), Some("day 3"));
        assert!(errs[1].message.contains("already day 2"), "{errs:#?}");
    }

    #[rstest]
    #[case::before_the_start(
        "{title: Early, start: 8h, end: 9h}",
        8,
        "starts at 08:00, before the day's `start` (09:00)"
    )]
    #[case::after_the_end(
        "{title: Late, start: 19h, end: 20h}",
        8,
        "starts at 19:00, when the day has ended"
    )]
    #[case::across_the_end(
        "{title: Long, start: 17h, end: 19h}",
        8,
        "ends at 19:00, after the day's `end` (18:00)"
    )]
    #[case::no_end_after_the_day(
        "{title: Lost, start: 19h}",
        8,
        "starts at 19:00, when the day has ended"
    )]
    fn items_outside_their_day_say_which_side(
        #[case] outside: &str,
        #[case] line: usize,
        #[case] message: &str,
    ) {
        let src = paris(&format!(
            "date: 2022-07-01\nstart: 9h\nend: 18h\nitems:\n  - {{title: A, start: 9h, end: 10h}}\n  - {outside}\n"
        ));
        let errs = errors(&src);
        assert_eq!(errs.len(), 1, "{errs:#?}");
        assert_eq!(errs[0].line, line);
        assert!(errs[0].message.contains(message), "{errs:#?}");
    }

    #[rstest]
    #[case::room_mapping(
        "rooms:\n  - {name: Janson, capacity: 1400}\ndate: 2022-07-01\nitems:\n  - {title: A, start: 9h, end: 10h, room: Janson}\n",
        4,
        "unknown field `capacity`"
    )]
    #[case::link_mapping(
        "date: 2022-07-01\nitems:\n  - title: A\n    start: 9h\n    end: 10h\n    links:\n      - {url: \"https://example.org\", titel: Slides}\n",
        9,
        "unknown field `titel`, did you mean `title`?"
    )]
    #[case::track_mapping(
        "tracks:\n  - {name: Tech, colour: \"#336699\"}\ndate: 2022-07-01\nitems:\n  - {title: A, start: 9h, end: 10h, track: Tech}\n",
        4,
        "unknown field `colour`, did you mean `color`?"
    )]
    fn unknown_fields_are_reported_in_rooms_tracks_and_links(
        #[case] body: &str,
        #[case] line: usize,
        #[case] message: &str,
    ) {
        let errs = errors(&paris(body));
        assert_eq!(errs.len(), 1, "{errs:#?}");
        assert_eq!(errs[0].line, line);
        assert!(errs[0].message.contains(message), "{errs:#?}");
    }

    #[test]
    fn rooms_tracks_and_links_in_both_forms() {
        let src = paris(
            "rooms:\n  - Janson\n  - {name: Ferrer, description: Upstairs}\ntracks:\n  - {name: Tech, color: \"#336699\"}\ndate: 2022-07-01\nitems:\n  - title: A\n    start: 9h\n    end: 10h\n    room: Ferrer\n    track: Tech\n    speakers: Ada\n    links:\n      - https://example.org/a\n      - {url: \"https://example.org/b\", title: Slides}\n",
        );
        let (p, _) = valid(&src);
        assert_eq!(p.rooms[1].description.as_deref(), Some("Upstairs"));
        assert_eq!(
            p.tracks[0].color,
            Some(Colour {
                r: 0x33,
                g: 0x66,
                b: 0x99
            })
        );
        let a = item(&p, "A");
        assert_eq!(a.speakers, ["Ada"]);
        assert_eq!(a.links.len(), 2);
        assert_eq!(a.links[1].title.as_deref(), Some("Slides"));
    }

    #[test]
    fn the_last_item_of_a_room_is_named_as_such() {
        let src = paris(
            "date: 2022-07-01\nitems:\n  - {title: A, start: 9h, room: R1}\n  - {title: B, start: 10h, end: 11h, room: R2}\n",
        );
        let errs = errors(&src);
        assert_eq!(errs.len(), 1, "{errs:#?}");
        assert!(
            errs[0]
                .message
                .starts_with("the last item in room «R1» on 2022-07-01 has no end")
        );
    }

    #[test]
    fn messages_never_show_rust_names() {
        let src = paris(
            "date: 2022-07-01\nitems:\n  - just text\n  - [1, 2]\n  - {title: A, start: 9h, end: 10h, hard_start: maybe}\n",
        );
        for d in errors(&src) {
            for jargon in [
                "Wire",
                "struct",
                "enum",
                "Some(",
                "None",
                "sequence",
                "found map",
            ] {
                assert!(!d.message.contains(jargon), "{jargon} in {}", d.message);
            }
        }
    }

    #[test]
    fn ends_are_derived_in_linear_time() {
        // 20 000 items, each alone in its room: a quadratic search would take minutes (this test
        // would hang rather than pass quickly). Speed itself is measured by `benches/load.rs`, not
        // asserted here: no timing thresholds in tests.
        let items = (0..20_000).fold(String::new(), |mut s, n| {
            let _ = writeln!(s, "  - {{title: T{n}, start: 9h, room: R{n}}}");
            s
        });
        let src = paris(&format!("date: 2022-07-01\nend: 23h\nitems:\n{items}"));
        let (p, _) = valid(&src);
        assert_eq!(p.items().count(), 20_000);
        assert!(
            p.items().all(|i| i.end > i.start),
            "every derived end is after its start"
        );
    }
}
