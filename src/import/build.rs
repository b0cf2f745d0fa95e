//! From the events of a file to a validated [`Programme`]: the zone, instants, the day-change
//! hour and event days, ends, overlaps, rooms, tracks and ids; then (unless the caller trusts the
//! build, see [`super::Verify`]) the programme is written as deroule YAML and loaded back through
//! [`load_str_with`], whose problems are reported against the original events.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use chrono::{Duration, NaiveDate, NaiveDateTime, TimeZone, Timelike, Utc};
use chrono_tz::Tz;

use super::write::minutes_into;
use super::{End, Event, ImportError, Options, Source, Warnings, When, text};
use crate::model::timefmt::WallTime;
use crate::model::{
    Colour, Day, Instant, Item, LoadError, Placing, Programme, Room, Severity, State, Thresholds,
    Track, load_str_with,
};

mod lanes;
mod zone;

use lanes::{Lanes, close_open_ends};
use zone::{check_offsets, zone};

/// The room given to an item without one (plenary) that overlaps others.
pub(super) const NO_ROOM: &str = "(no room)";

/// How messages name an item's event, and where it is in the file.
type Origin = (String, Option<(usize, usize)>);

/// An event placed on the timeline.
struct Placed {
    ev: Event,
    start: Instant,
    end: Option<Instant>,
    /// Why `end` is missing.
    open: String,
    day: NaiveDate,
    /// The room the item ends up in (a lane of its room when it overlaps).
    room: Option<String>,
}

pub(super) fn build(
    mut src: Source,
    name: &str,
    options: Options,
    w: &mut Warnings,
) -> Result<Programme, ImportError> {
    if src.events.is_empty() {
        return Err(ImportError::Empty {
            name: name.to_owned(),
            reason: w.left_out("no event with a usable start"),
        });
    }
    let (tz, unnamed_zone) = zone(&src, options, w);
    // iCalendar's UTC times are UTC by design; frab's offsets claim to be the zone's.
    if src.format != super::Format::ICalendar {
        check_offsets(&src.events, tz, options.time_zone.is_some(), w);
    }
    let mut events = std::mem::take(&mut src.events);
    for ev in &mut events {
        if ev.state != State::Confirmed {
            continue;
        }
        match text::title_mark(&ev.title) {
            Some(text::TitleMark::Cancelled) => ev.state = State::Cancelled,
            Some(text::TitleMark::Rescheduled) => ev.state = State::Moved,
            Some(text::TitleMark::Replaced) => w.push(
                "replaced",
                ev.at,
                Some(&ev.subject),
                "the title says cancelled and what replaces it: kept as confirmed, since the \
                 slot still happens",
            ),
            None => {}
        }
    }
    let mut placed = place(events, tz, w);
    let h = day_change(&src, &placed, tz, w);
    assign_days(&mut placed, tz, h, w);

    let mut days: BTreeMap<NaiveDate, Vec<Placed>> = BTreeMap::new();
    for p in placed {
        days.entry(p.day).or_default().push(p);
    }
    for (date, items) in &mut days {
        items.sort_by_key(|p| p.start);
        close_open_ends(items, day_end(*date, h, tz), tz, w);
    }
    days.retain(|_, items| !items.is_empty());
    if days.is_empty() {
        return Err(ImportError::Empty {
            name: name.to_owned(),
            reason: w.left_out("no event with a usable start and end"),
        });
    }
    let mut lanes = Lanes::default();
    for items in days.values_mut() {
        lanes.separate(items, tz, w);
    }
    let rooms = rooms(&src, &days, &lanes);
    let tracks = tracks(&src, &days, w);
    let mut taken: HashMap<String, String> = HashMap::new();
    let mut shared: HashMap<String, usize> = HashMap::new();
    for id in days.values().flatten().filter_map(|p| p.ev.id.as_ref()) {
        *shared.entry(id.clone()).or_default() += 1;
    }

    let title = if src.meta.title.is_empty() {
        let stem = Path::new(name)
            .file_stem()
            .map_or_else(|| name.to_owned(), |s| s.to_string_lossy().into_owned());
        w.push(
            "title",
            None,
            None,
            format!("no conference title: using «{stem}»"),
        );
        stem
    } else {
        src.meta.title.clone()
    };
    let mut origins: Vec<Vec<Origin>> = Vec::new();
    let mut out_days = Vec::new();
    for (date, items) in days {
        let mut day_origins = Vec::new();
        let mut out_items = Vec::new();
        for p in items {
            let id = p.ev.id.as_ref().map(|id| {
                let sharing = shared.get(id).copied().unwrap_or(0);
                let ids = Ids {
                    taken: &mut taken,
                    sharing,
                };
                unique_id(id, &p.ev, p.start, tz, ids, w)
            });
            day_origins.push((p.ev.subject.clone(), p.ev.at));
            let ev = p.ev;
            out_items.push(Item {
                id,
                title: ev.title,
                subtitle: ev.subtitle,
                kind: ev.kind,
                start: p.start,
                end: p.end.unwrap_or(p.start),
                room: p.room,
                track: ev.track,
                speakers: ev.speakers,
                description: ev.description,
                links: ev.links,
                state: ev.state,
                language: ev.language,
                hard_start: false,
                min_duration: None,
                thresholds: Thresholds::default(),
            });
        }
        origins.push(day_origins);
        out_days.push(Day {
            date,
            label: None,
            start: None,
            end: None,
            items: out_items,
        });
    }
    let mut meta = src.meta;
    meta.title = title;
    let programme = Programme {
        meta,
        tz,
        day_change: h,
        rooms,
        tracks,
        thresholds: Thresholds::default(),
        days: out_days,
        unnamed_zone,
    };
    match options.verify {
        super::Verify::YamlRoundTrip => validate(&programme, name, &origins, w),
        super::Verify::Trust => Ok(programme),
    }
}

/// The instant an event day ends: the day-change hour of the next date (the first instant of
/// that wall time, or the hour after a spring gap).
fn day_end(date: NaiveDate, h: WallTime, tz: Tz) -> Instant {
    let next = date.succ_opt().unwrap_or(date);
    let wall =
        next.and_hms_opt(0, 0, 0).unwrap_or_default() + Duration::minutes(i64::from(h.minutes()));
    tz.from_local_datetime(&wall)
        .earliest()
        .or_else(|| {
            tz.from_local_datetime(&(wall + Duration::hours(1)))
                .earliest()
        })
        .map_or_else(|| Utc.from_utc_datetime(&wall), |t| t.with_timezone(&Utc))
}

/// Instants of each event, on whole minutes; events with no usable end keep the reason.
fn place(events: Vec<Event>, tz: Tz, w: &mut Warnings) -> Vec<Placed> {
    let mut seconds = 0usize;
    let mut out = Vec::with_capacity(events.len());
    for ev in events {
        let (start, cut) = instant(ev.start, tz);
        seconds += usize::from(cut);
        let (mut end, mut open) = match &ev.end {
            End::At(when) => {
                let (t, cut) = instant(*when, tz);
                seconds += usize::from(cut);
                (Some(t), String::new())
            }
            End::Minutes(m) => {
                match Duration::try_minutes(*m).and_then(|d| start.checked_add_signed(d)) {
                    Some(end) => (Some(end), String::new()),
                    None => (
                        None,
                        format!("a duration of {m} minutes, past any date deroule can show"),
                    ),
                }
            }
            End::Open(reason) => (None, reason.clone()),
        };
        // deroule's longest duration (a week): a programme's `duration` is bounded alike.
        if let Some(e) = end
            && (e - start).num_minutes() > i64::from(crate::model::timefmt::MAX_DURATION)
        {
            open = format!(
                "it would last until {}, over the longest duration deroule takes",
                e.with_timezone(&tz).format("%Y-%m-%d %H:%M")
            );
            end = None;
        }
        if let Some(e) = end
            && e <= start
        {
            open = if e == start {
                "it ends when it starts".to_owned()
            } else {
                format!(
                    "it ends at {} before it starts",
                    e.with_timezone(&tz).format("%Y-%m-%d %H:%M")
                )
            };
            end = None;
        }
        let room = ev.room.clone();
        out.push(Placed {
            ev,
            start,
            end,
            open,
            day: NaiveDate::MIN,
            room,
        });
    }
    if seconds > 0 {
        w.push(
            "seconds",
            None,
            None,
            format!(
                "{seconds} time{} with seconds: cut to the minute",
                if seconds == 1 { "" } else { "s" }
            ),
        );
    }
    out
}

/// The instant of `when`, cut to the minute of its wall time in `tz` (`true` when seconds were
/// dropped). The wall time, not UTC: before time zones, local mean time was offset from UTC by
/// seconds (Brussels: +00:17:30), and deroule writes and reads wall times to the minute.
fn instant(when: When, tz: Tz) -> (Instant, bool) {
    let t = match when {
        When::Fixed(d) => d.to_utc(),
        When::Local(n) => tz
            .from_local_datetime(&n)
            .earliest()
            .or_else(|| {
                let later = n.checked_add_signed(Duration::hours(1))?;
                tz.from_local_datetime(&later).earliest()
            })
            .map_or_else(|| Utc.from_utc_datetime(&n), |t| t.to_utc()),
    };
    let seconds = t.with_timezone(&tz).second();
    let cut = seconds != 0 || t.nanosecond() != 0;
    let whole = t
        - Duration::seconds(i64::from(seconds))
        - Duration::nanoseconds(i64::from(t.nanosecond()));
    (whole, cut)
}

fn local(t: Instant, tz: Tz) -> NaiveDateTime {
    t.with_timezone(&tz).naive_local()
}

fn minute_of_day(n: NaiveDateTime) -> u32 {
    n.hour() * 60 + n.minute()
}

/// The day-change hour: the file's when its events fit it, else the best fit (no night when
/// nothing runs past midnight, 04:00 when evenings do).
fn day_change(src: &Source, placed: &[Placed], tz: Tz, w: &mut Warnings) -> WallTime {
    let hm = |m: u32| WallTime::from_hm(m / 60, m % 60).unwrap_or(WallTime::MIDNIGHT);
    let declared = src
        .day_change
        .filter(|h| h.hour() < 12)
        .map(WallTime::minutes);
    if let Some(h) = src.day_change.filter(|h| h.hour() >= 12) {
        w.push(
            "day_change",
            None,
            None,
            format!("the file's day change {h} is not a night hour: ignored"),
        );
    }
    let quiet = natural_day_change(placed, tz);
    // Events that would not be on their listed day with day change `h`.
    let misfits = |h: u32| {
        placed
            .iter()
            .filter(|p| {
                p.ev.day.is_some_and(|d| {
                    minutes_into(d, local(p.start, tz))
                        .is_none_or(|m| m < i64::from(h) || m >= 1440 + i64::from(h))
                })
            })
            .count()
    };
    // The candidate that leaves the fewest events off their day; the earlier on a tie.
    let candidates = [declared, Some(quiet), Some(0), Some(240)];
    let h = candidates
        .into_iter()
        .flatten()
        .map(|h| (misfits(h), h))
        .reduce(|best, c| if c.0 < best.0 { c } else { best })
        .map_or(quiet, |(_, h)| h);
    if declared == Some(h) {
        return hm(h);
    }
    match declared {
        Some(d) => w.push(
            "day_change",
            None,
            None,
            format!(
                "the file's day change {} does not fit its events: using {}",
                hm(d),
                hm(h)
            ),
        ),
        None if h > 0 => w.push(
            "day_change",
            None,
            None,
            format!(
                "events run past midnight: times before {} belong to the previous event day \
                 (`day_change: {}`)",
                hm(h),
                hm(h)
            ),
        ),
        None => {}
    }
    hm(h)
}

/// The day change the events suggest: midnight when nothing runs between 00:00 and 04:00;
/// else 04:00 when nothing runs across it; else a time in the longest stretch when nothing runs
/// (midnight when it is in it, else the nearest to 04:00 before noon).
fn natural_day_change(placed: &[Placed], tz: Tz) -> u32 {
    // `active[m]`: an event runs at minute m; `across[m]`: one started before m and ends after.
    let mut active = vec![false; 1440];
    let mut across = vec![false; 1440];
    for p in placed {
        let from = minute_of_day(local(p.start, tz)) as usize;
        let length =
            p.end
                .map_or(1, |e| (e - p.start).num_minutes().clamp(1, 1440)) as usize;
        if length >= 20 * 60 {
            continue;
        }
        for k in 0..length {
            active[(from + k) % 1440] = true;
            if k > 0 {
                across[(from + k) % 1440] = true;
            }
        }
    }
    if !across[0] && !active[..240].iter().any(|a| *a) {
        return 0;
    }
    if !across[240] {
        return 240;
    }
    let Some(anchor) = active.iter().position(|b| *b) else {
        return 0;
    };
    // Idle runs, walking round the clock from an active minute.
    let mut best: Option<(usize, usize)> = None;
    let mut run: Option<usize> = None;
    for k in 1..=1440 {
        let m = (anchor + k) % 1440;
        match (active[m], run) {
            (false, None) => run = Some(m),
            (true, Some(s)) => {
                let len = (m + 1440 - s) % 1440;
                if best.is_none_or(|(_, l)| len > l) {
                    best = Some((s, len));
                }
                run = None;
            }
            _ => {}
        }
    }
    let Some((from, len)) = best else {
        return 0;
    };
    if (1440 - from) % 1440 < len {
        return 0;
    }
    (0..len)
        .map(|k| (from + k) % 1440)
        .filter(|m| *m < 720)
        .min_by_key(|m| m.abs_diff(240))
        .map_or(0, |m| m as u32)
}

/// Each event's event day: the file's when the event fits it, else the day its start falls in.
fn assign_days(placed: &mut [Placed], tz: Tz, h: WallTime, w: &mut Warnings) {
    let h = h.minutes();
    for p in placed {
        let start = local(p.start, tz);
        let natural = if minute_of_day(start) < h {
            start.date().pred_opt().unwrap_or(start.date())
        } else {
            start.date()
        };
        p.day = match p.ev.day {
            Some(d)
                if minutes_into(d, start)
                    .is_some_and(|m| m >= i64::from(h) && m < 1440 + i64::from(h)) =>
            {
                d
            }
            Some(d) => {
                w.push(
                    "event day",
                    p.ev.at,
                    Some(&p.ev.subject),
                    format!(
                        "listed on the day {d} but starts {}: placed on the event day {natural}",
                        start.format("%Y-%m-%d %H:%M")
                    ),
                );
                natural
            }
            None => natural,
        };
    }
}

/// Rooms in use: the declared ones in the file's order, then the others in order of first use,
/// each followed by its extra rooms.
fn rooms(src: &Source, days: &BTreeMap<NaiveDate, Vec<Placed>>, lanes: &Lanes) -> Vec<Room> {
    let is_lane: HashSet<&String> = lanes.extra.values().flatten().collect();
    let mut used: Vec<&str> = Vec::new();
    for p in days.values().flatten() {
        if let Some(r) = &p.room
            && !is_lane.contains(r)
            && !used.contains(&r.as_str())
        {
            used.push(r);
        }
    }
    let mut order: Vec<Room> = Vec::new();
    for r in &src.rooms {
        if used.contains(&r.name.as_str()) && !order.iter().any(|o| o.name == r.name) {
            order.push(r.clone());
        }
    }
    for r in used {
        if !order.iter().any(|o| o.name == r) {
            order.push(Room {
                name: r.to_owned(),
                description: None,
            });
        }
    }
    let mut out = Vec::new();
    for room in order {
        let extra = lanes.extra.get(&room.name).cloned().unwrap_or_default();
        out.push(room);
        out.extend(extra.into_iter().map(|name| Room {
            name,
            description: None,
        }));
    }
    out
}

/// Tracks in use: the declared ones in the file's order (with their colours), then the others.
fn tracks(src: &Source, days: &BTreeMap<NaiveDate, Vec<Placed>>, w: &mut Warnings) -> Vec<Track> {
    let mut used: Vec<&str> = Vec::new();
    for p in days.values().flatten() {
        if let Some(t) = &p.ev.track
            && !used.contains(&t.as_str())
        {
            used.push(t);
        }
    }
    let mut out: Vec<Track> = Vec::new();
    for t in &src.tracks {
        if !used.contains(&t.name.as_str()) || out.iter().any(|o| o.name == t.name) {
            continue;
        }
        let color = t.color.as_deref().and_then(|c| {
            let parsed = text::colour(c).and_then(|hex| colour(&hex));
            if parsed.is_none() {
                w.push(
                    "colour",
                    None,
                    Some(&format!("track «{}»", t.name)),
                    format!("colour `{c}` is not `#rrggbb`: left out"),
                );
            }
            parsed
        });
        out.push(Track {
            name: t.name.clone(),
            color,
        });
    }
    for t in used {
        if !out.iter().any(|o| o.name == t) {
            out.push(Track {
                name: t.to_owned(),
                color: None,
            });
        }
    }
    out
}

fn colour(hex: &str) -> Option<Colour> {
    let v = u32::from_str_radix(hex.strip_prefix('#')?, 16).ok()?;
    Some(Colour {
        r: (v >> 16) as u8,
        g: (v >> 8) as u8,
        b: v as u8,
    })
}

/// The ids given so far (with the event given each), and how many events share the one at hand.
struct Ids<'a> {
    taken: &'a mut HashMap<String, String>,
    sharing: usize,
}

/// `id`, unique in the programme as deroule wants it. An id that several events share becomes
/// `id/` and the event's start (`42/20250201T103000`, as for the occurrences of a repeating
/// iCalendar event), for every one of them: made from the event's content, not its place in
/// the file, so that a favourite stays on its event when the publisher re-exports in another
/// order. Only events sharing an id and a start get a further `#2`, `#3`.
fn unique_id(id: &str, ev: &Event, start: Instant, tz: Tz, ids: Ids, w: &mut Warnings) -> String {
    let Ids { taken, sharing } = ids;
    if sharing <= 1 && !taken.contains_key(id) {
        taken.insert(id.to_owned(), ev.subject.clone());
        return id.to_owned();
    }
    let base = format!("{id}/{}", start.with_timezone(&tz).format("%Y%m%dT%H%M%S"));
    let mut n = 1;
    let unique = loop {
        let candidate = if n == 1 {
            base.clone()
        } else {
            format!("{base}#{n}")
        };
        if !taken.contains_key(&candidate) {
            break candidate;
        }
        n += 1;
    };
    w.push(
        "duplicate id",
        ev.at,
        Some(&ev.subject),
        format!(
            "the id `{id}` is shared by {} events: this one is `{unique}`, after its start",
            sharing.max(2)
        ),
    );
    taken.insert(unique.clone(), ev.subject.clone());
    unique
}

/// Writes the programme as YAML and loads it back: the result is what a hand-written file with
/// the same content would give. Problems are reported against the original events.
fn validate(
    programme: &Programme,
    name: &str,
    origins: &[Vec<Origin>],
    w: &mut Warnings,
) -> Result<Programme, ImportError> {
    let yaml = super::to_yaml(programme);
    let locate = |subject: Option<&str>| -> (Option<String>, Option<(usize, usize)>) {
        let Some(s) = subject else {
            return (None, None);
        };
        let numbers = s
            .strip_prefix("day ")
            .and_then(|r| r.split_once(", item "))
            .and_then(|(d, r)| {
                let item = r.split(' ').next()?;
                Some((d.parse::<usize>().ok()?, item.parse::<usize>().ok()?))
            });
        match numbers.and_then(|(d, i)| origins.get(d.checked_sub(1)?)?.get(i.checked_sub(1)?)) {
            Some((subject, at)) => (Some(subject.clone()), *at),
            None => (Some(s.to_owned()), None),
        }
    };
    // Positions in the written YAML mean nothing to the reader of the original file.
    match load_str_with(&yaml, name, Placing::ErrorsOnly) {
        Ok(mut loaded) => {
            // YAML always names its zone: whether the source did is the import's to say.
            loaded
                .programme
                .unnamed_zone
                .clone_from(&programme.unnamed_zone);
            for d in &loaded.warnings {
                if d.message.starts_with("a gap of") {
                    continue;
                }
                let (subject, at) = locate(d.subject.as_deref());
                w.push("check", at, subject.as_deref(), &d.message);
            }
            if loaded.programme != *programme {
                w.push(
                    "round trip",
                    None,
                    None,
                    "the programme read back from its YAML differs from the import (a bug in \
                     deroule): the YAML's reading is kept",
                );
            }
            Ok(loaded.programme)
        }
        Err(LoadError::Invalid { diagnostics, .. }) => {
            let problems = diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .map(|d| {
                    let (subject, at) = locate(d.subject.as_deref());
                    let place = match at {
                        Some((l, c)) => format!("{name}:{l}:{c}"),
                        None => name.to_owned(),
                    };
                    match subject {
                        Some(s) => format!("{place}: error: {s}: {}", d.message),
                        None => format!("{place}: error: {}", d.message),
                    }
                })
                .collect();
            Err(ImportError::Invalid {
                name: name.to_owned(),
                problems,
            })
        }
        Err(other) => Err(ImportError::Programme(other)),
    }
}
