//! Days and items: dates, start and end times, and the ends derived from the next start.

use std::collections::HashMap;

use chrono::{Duration, NaiveDate, TimeZone};
use chrono_tz::Tz;

use super::super::spans::{Path, Seg};
use super::super::timefmt::WallTime;
use super::super::yaml::{ItemWire, LinkWire, OneOrMany, Text};
use super::super::{Day, Instant, Item, Kind, Link, State, Thresholds, suggest};
use super::{
    At, DayFrame, Draft, IMPLAUSIBLE_MINUTES, ItemSource, Placed, Unplaced, Validator, key, local,
    parse_date, short, text, with,
};

impl Validator<'_> {
    /// Places a wall time of the event day `date` on the timeline: times before the day-change
    /// hour belong to the night after `date`.
    pub(super) fn instant(
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
    pub(super) fn start_time(
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

    pub(super) fn day(
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
    pub(super) fn item(
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
                let message = if wire.end.is_some() {
                    "missing `start`: the item gives only its `end`; expected both, e.g. \
                     `start: 9h30` and `end: 10h` (an item with a start only ends when the \
                     next one starts)"
                } else {
                    "missing `start`: expected a time such as `start: 9h30`"
                };
                self.error(&path, s, message);
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
                let word: String = k
                    .chars()
                    .filter(char::is_ascii_alphanumeric)
                    .map(|c| c.to_ascii_lowercase())
                    .collect();
                // A word other programmes use (`lunch`, `coffee`, `talk `): deroule's name for
                // it, rather than a look-alike.
                let hint = match (Kind::from_word(&word), suggest(&k, names)) {
                    (Some(kind), _) => format!("deroule calls it `{}`", kind.name()),
                    (None, Some(n)) => format!("did you mean `{n}`?"),
                    (None, None) => format!("expected one of {}", names.join(", ")),
                };
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
    pub(super) fn resolve_ends(
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
                        super::super::timefmt::format_minutes(item.minutes())
                    ),
                );
            }
            items.push(item.clone());
        }
        self.check_overlaps(&drafts, tz);
        (items, drafts.into_iter().map(|d| d.source).collect())
    }
}

/// For each item (sorted by start), when the next item it gives way to starts: a room item gives
/// way to the next item of its room or the next plenary item, a plenary item to the next item of
/// any room. Items starting at the same time do not end one another. Linear after the sort.
pub(super) fn next_starts(drafts: &[Draft]) -> Vec<Option<Instant>> {
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
