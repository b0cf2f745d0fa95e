//! From the wire structs to a [`Programme`], collecting every error and warning of the file.
//!
//! Owns the rules of `docs/format.md`: required fields, what times, durations, kinds, zones and
//! colours may be, how a missing end is derived, and which overlaps are refused. Reads no files.

use std::cell::OnceCell;
use std::collections::HashMap;
use std::str::FromStr;

use chrono::{Duration, NaiveDate, TimeZone};
use chrono_tz::Tz;

use super::spans::{Path, Seg, Spans};
use super::timefmt::{WallTime, parse_duration, parse_time};
use super::yaml::{self, ItemWire, LinkWire, Locate, OneOrMany, RoomWire, Text};
use super::{
    Colour, Day, Diagnostic, Instant, Item, Kind, Link, Meta, Programme, Room, State, Thresholds,
    Track, suggest,
};

/// Items longer than this are probably a typo (`18h` for `8h`).
const IMPLAUSIBLE_MINUTES: i64 = 12 * 60;

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
}

/// Checks `source`; returns the programme when there is no error, and every diagnostic.
pub(super) fn build(source: &str) -> (Option<Programme>, Vec<Diagnostic>) {
    let locator = Locator {
        source,
        spans: OnceCell::new(),
    };
    let mut v = Validator {
        at: &locator,
        diags: Vec::new(),
    };
    let programme = yaml::parse(source, &locator, &mut v.diags).and_then(|wire| v.programme(wire));
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
    diags: Vec<Diagnostic>,
}

/// An item as read, before its end is known.
struct Draft {
    item: Item,
    end_given: bool,
    path: Path,
    subject: String,
}

impl Validator<'_> {
    fn error(&mut self, path: &[Seg], subject: Option<&str>, message: impl Into<String>) {
        let (line, column) = self.at.value_at(path);
        self.diags
            .push(Diagnostic::error(line, column, message).about(subject.map(str::to_owned)));
    }

    fn warning(&mut self, path: &[Seg], subject: Option<&str>, message: impl Into<String>) {
        let (line, column) = self.at.value_at(path);
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
        let day_change = self
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
        for (n, node) in nodes.into_iter().enumerate() {
            let path = vec![key("rooms"), Seg::Index(n)];
            let Some(wire) = node.decode(&path, self.at, &mut self.diags, None) else {
                continue;
            };
            let (name, description) = match wire {
                RoomWire::Name(name) => (text(Some(name)), None),
                RoomWire::Full { name, description } => (text(Some(name)), text(description)),
            };
            let Some(name) = name else {
                self.error(&path, None, "a room needs a name");
                continue;
            };
            if rooms.iter().any(|r| r.name == name) {
                self.error(&path, None, format!("room «{name}» is listed twice"));
                continue;
            }
            rooms.push(Room { name, description });
        }
        rooms
    }

    fn tracks(&mut self, nodes: Vec<yaml::Node<yaml::TrackWire>>) -> Vec<Track> {
        let mut tracks: Vec<Track> = Vec::new();
        for (n, node) in nodes.into_iter().enumerate() {
            let path = vec![key("tracks"), Seg::Index(n)];
            let Some(wire) = node.decode(&path, self.at, &mut self.diags, None) else {
                continue;
            };
            let Some(name) = text(wire.name) else {
                self.error(&path, None, "a track needs a `name`");
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
            if tracks.iter().any(|t| t.name == name) {
                self.error(&path, None, format!("track «{name}» is listed twice"));
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
        time: WallTime,
        day_change: WallTime,
        tz: Tz,
        path: &[Seg],
        subject: Option<&str>,
    ) -> Option<Instant> {
        let days = i64::from(time < day_change && day_change > WallTime::MIDNIGHT);
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
            Some(d) => match NaiveDate::parse_from_str(&d, "%Y-%m-%d") {
                Ok(date) => Some(date),
                Err(_) => {
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
        let start = self.wall_time(frame.start, &start_path, subject);
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
        let date = date?;
        // Without a valid zone the programme is refused anyway; UTC lets its items be checked.
        let tz = tz.unwrap_or(Tz::UTC);
        let start = start.and_then(|t| self.instant(date, t, day_change, tz, &start_path, subject));
        let end = end.and_then(|t| self.instant(date, t, day_change, tz, &end_path, subject));
        if let (Some(s), Some(e)) = (start, end)
            && e <= s
        {
            self.error(
                &end_path,
                subject,
                "the day ends before it starts: expected `end` after `start`",
            );
        }
        let prefix = number.map_or(String::new(), |n| format!("day {n}, "));
        let mut drafts = Vec::new();
        for (n, node) in nodes.into_iter().enumerate() {
            let item_path = with(&items_path, Seg::Index(n));
            let subject = match node.title().map(str::trim) {
                Some(title) if !title.is_empty() => {
                    format!("{prefix}item {} «{}»", n + 1, short(title))
                }
                _ => format!("{prefix}item {}", n + 1),
            };
            let Some(wire) = node.decode(&item_path, self.at, &mut self.diags, Some(&subject))
            else {
                continue;
            };
            if let Some(d) = self.item(wire, item_path, subject, date, day_change, tz) {
                drafts.push(d);
            }
        }
        let (items, item_paths) = self.resolve_ends(drafts, end, date, tz);
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
            item_paths,
        })
    }

    fn item(
        &mut self,
        wire: ItemWire,
        path: Path,
        subject: String,
        date: NaiveDate,
        day_change: WallTime,
        tz: Tz,
    ) -> Option<Draft> {
        let s = Some(subject.as_str());
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
                .wall_time(Some(t), &start_path, s)
                .and_then(|t| self.instant(date, t, day_change, tz, &start_path, s)),
        };
        if wire.end.is_some() && wire.duration.is_some() {
            self.error(
                &with(&path, key("duration")),
                s,
                "both `end` and `duration`: expected one of them only",
            );
        }
        let end_path = with(&path, key("end"));
        let end = self
            .wall_time(wire.end, &end_path, s)
            .and_then(|t| self.instant(date, t, day_change, tz, &end_path, s));
        let duration = self.minutes(wire.duration, &with(&path, key("duration")), s);
        let kind = match text(wire.kind) {
            None => Some(Kind::Session),
            Some(k) => match k.parse::<Kind>() {
                Ok(kind) => Some(kind),
                Err(()) => {
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
                    None
                }
            },
        };
        let state = match text(wire.state) {
            None => Some(State::Confirmed),
            Some(st) => State::parse(&st).or_else(|| {
                let hint = suggest(&st, State::NAMES).map_or_else(
                    || "expected confirmed, cancelled or moved".to_owned(),
                    |n| format!("did you mean `{n}`?"),
                );
                self.error(
                    &with(&path, key("state")),
                    s,
                    format!("unknown state `{st}`, {hint}"),
                );
                None
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
        let links = wire
            .links
            .unwrap_or_default()
            .into_iter()
            .filter_map(|l| match l {
                LinkWire::Url(url) => text(Some(url)).map(|url| Link { url, title: None }),
                LinkWire::Full { url, title } => text(Some(url)).map(|url| Link {
                    url,
                    title: text(title),
                }),
            })
            .collect();
        let start = start?;
        let end = match (end, duration) {
            (Some(e), _) => Some(e),
            (None, Some(minutes)) => Some(start + Duration::minutes(i64::from(minutes))),
            (None, None) => None,
        };
        Some(Draft {
            end_given: end.is_some(),
            item: Item {
                id: text(wire.id),
                title: title?,
                subtitle: text(wire.subtitle),
                kind: kind?,
                start,
                end: end.unwrap_or(start),
                room: text(wire.room),
                track: text(wire.track),
                speakers,
                description: text(wire.description),
                links,
                state: state?,
                language: text(wire.language),
                hard_start: wire.hard_start.unwrap_or(false),
                min_duration,
                thresholds,
            },
            path,
            subject,
        })
    }

    /// Sorts the day's items, gives each item without an end the start of what follows it, and
    /// checks ends, frames and overlaps.
    fn resolve_ends(
        &mut self,
        mut drafts: Vec<Draft>,
        day_end: Option<Instant>,
        date: NaiveDate,
        tz: Tz,
    ) -> (Vec<Item>, Vec<(Path, String)>) {
        drafts.sort_by_key(|d| d.item.start);
        let starts: Vec<(Instant, Option<String>)> = drafts
            .iter()
            .map(|d| (d.item.start, d.item.room.clone()))
            .collect();
        for i in 0..drafts.len() {
            if drafts[i].end_given {
                continue;
            }
            let (start, room) = (drafts[i].item.start, drafts[i].item.room.clone());
            // A room item ends when its room or a plenary item next starts; a plenary item ends
            // when anything next starts (a plenary item must not overlap room items).
            let next = starts[i + 1..]
                .iter()
                .find(|(s, r)| *s > start && (room.is_none() || r.is_none() || *r == room));
            match next.map(|(s, _)| *s).or(day_end) {
                Some(end) => drafts[i].item.end = end,
                None => {
                    let d = &drafts[i];
                    let (path, subject) = (d.path.clone(), d.subject.clone());
                    self.error(
                        &path,
                        Some(&subject),
                        format!(
                            "the last item of {date} has no end: expected `end` or `duration` \
                             here, or an `end` for the day"
                        ),
                    );
                }
            }
        }
        let mut items = Vec::with_capacity(drafts.len());
        for d in &drafts {
            let item = &d.item;
            let s = Some(d.subject.as_str());
            if item.end <= item.start && (d.end_given || item.end != item.start) {
                self.error(
                    &with(&d.path, key(if d.end_given { "end" } else { "start" })),
                    s,
                    "ends before or when it starts: expected `end` after `start` (or a positive \
                     `duration`)",
                );
            } else if item.minutes() > IMPLAUSIBLE_MINUTES {
                self.warning(
                    &d.path,
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
        (
            items,
            drafts.into_iter().map(|d| (d.path, d.subject)).collect(),
        )
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
                let place = match (&item.room, &other.item.room) {
                    (Some(r), Some(_)) => format!("in room «{r}»"),
                    (None, Some(r)) => format!("(a plenary item) with room «{r}»"),
                    (_, None) => "(a plenary item, for everyone)".to_owned(),
                };
                let message = format!(
                    "overlaps «{}» {place}, which runs until {}: expected it to start \
                     at or after that end, or the items to be in different rooms",
                    short(&other.item.title),
                    other.item.end.with_timezone(&tz).format("%H:%M"),
                );
                self.error(&with(&d.path, key("start")), Some(&d.subject), message);
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
        for (item, item_path, subject) in placed.items() {
            if let Some(room) = &item.room
                && !rooms.iter().any(|r| &r.name == room)
            {
                if declared_rooms {
                    let names = rooms.iter().map(|r| r.name.as_str());
                    let hint = suggest(room, names).map_or_else(
                        || "expected a room listed under `rooms`".to_owned(),
                        |r| format!("did you mean «{r}»?"),
                    );
                    let p = with(item_path, key("room"));
                    self.error(&p, subject, format!("unknown room «{room}», {hint}"));
                } else {
                    rooms.push(Room {
                        name: room.clone(),
                        description: None,
                    });
                }
            }
            if let Some(track) = &item.track
                && !tracks.iter().any(|t| &t.name == track)
            {
                if declared_tracks {
                    let names = tracks.iter().map(|t| t.name.as_str());
                    let hint = suggest(track, names).map_or_else(
                        || "expected a track listed under `tracks`".to_owned(),
                        |t| format!("did you mean «{t}»?"),
                    );
                    let p = with(item_path, key("track"));
                    self.error(&p, subject, format!("unknown track «{track}», {hint}"));
                } else {
                    tracks.push(Track {
                        name: track.clone(),
                        color: None,
                    });
                }
            }
        }
    }

    fn check_days(&mut self, days: &[Placed]) {
        let mut seen: HashMap<NaiveDate, usize> = HashMap::new();
        for (n, placed) in days.iter().enumerate() {
            let (day, path) = (&placed.day, &placed.path);
            if let Some(first) = seen.insert(day.date, n) {
                self.error(
                    &with(path, key("date")),
                    Some(&format!("day {}", n + 1)),
                    format!(
                        "{} is already day {}: expected each date once",
                        day.date,
                        first + 1
                    ),
                );
            }
            for (item, item_path, subject) in placed.items() {
                let outside = day.start.is_some_and(|s| item.start < s)
                    || day.end.is_some_and(|e| item.end > e);
                if outside {
                    self.error(
                        &with(item_path, key("start")),
                        subject,
                        "outside its day: expected it between the day's `start` and `end`",
                    );
                }
            }
            self.check_gaps(placed);
        }
    }

    fn check_gaps(&mut self, placed: &Placed) {
        let mut reach: Option<&Item> = None;
        for (item, item_path, subject) in placed.items() {
            if item.state == State::Cancelled {
                continue;
            }
            if let Some(prev) = reach
                && item.start > prev.end
            {
                let minutes = (item.start - prev.end).num_minutes();
                self.warning(
                    &with(item_path, key("start")),
                    subject,
                    format!(
                        "a gap of {} before this item, after «{}»",
                        super::timefmt::format_minutes(minutes),
                        short(&prev.title)
                    ),
                );
            }
            if reach.is_none_or(|r| item.end > r.end) {
                reach = Some(item);
            }
        }
    }

    fn check_ids(&mut self, days: &[Placed]) {
        let mut seen: HashMap<&str, &Item> = HashMap::new();
        for placed in days {
            for (item, item_path, subject) in placed.items() {
                let Some(id) = &item.id else { continue };
                if let Some(first) = seen.insert(id, item) {
                    self.error(
                        &with(item_path, key("id")),
                        subject,
                        format!(
                            "duplicate id `{id}`, already used by «{}»: expected ids to be unique",
                            short(&first.title)
                        ),
                    );
                }
            }
        }
    }
}

/// A validated day with the source path of the day and of each of its (sorted) items.
struct Placed {
    day: Day,
    path: Path,
    /// Source path and subject (`item 4 «Pause»`) of each item, in the day's sorted order.
    item_paths: Vec<(Path, String)>,
}

impl Placed {
    fn items(&self) -> impl Iterator<Item = (&Item, &Path, Option<&str>)> {
        self.day
            .items
            .iter()
            .zip(&self.item_paths)
            .map(|(item, (path, subject))| (item, path, Some(subject.as_str())))
    }
}

struct DayFrame {
    date: Option<Text>,
    label: Option<Text>,
    start: Option<Text>,
    end: Option<Text>,
    items: Option<Vec<yaml::Node<ItemWire>>>,
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
