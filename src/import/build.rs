//! From the events of a file to a validated [`Programme`]: the zone, instants, the day-change
//! hour and event days, ends, overlaps, rooms, tracks and ids; then (unless the caller trusts the
//! build, see [`super::Verify`]) the programme is written as deroule YAML and loaded back through
//! [`load_str_with`], whose problems are reported against the original events.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap, HashMap, HashSet};
use std::path::Path;

use chrono::{
    DateTime, Duration, FixedOffset, NaiveDate, NaiveDateTime, Offset, TimeZone, Timelike, Utc,
};
use chrono_tz::Tz;

use super::write::minutes_into;
use super::{End, Event, ImportError, Options, Source, Warnings, When, text};
use crate::model::timefmt::WallTime;
use crate::model::{
    Colour, Day, Instant, Item, LoadError, Placing, Programme, Room, Severity, State, Thresholds,
    Track, UnnamedZone, load_str_with,
};

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
        if ev.state == State::Confirmed && text::cancelled_title(&ev.title) {
            ev.state = State::Cancelled;
        }
    }
    let mut placed = place(events, tz, w);
    let h = day_change(&src, &placed, tz, w);
    assign_days(&mut placed, tz, h, w);

    let mut days: BTreeMap<NaiveDate, Vec<Placed>> = BTreeMap::new();
    for p in placed {
        days.entry(p.day).or_default().push(p);
    }
    for items in days.values_mut() {
        items.sort_by_key(|p| p.start);
        close_open_ends(items, tz, w);
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
            let id =
                p.ev.id
                    .as_ref()
                    .map(|id| unique_id(id, &p.ev, &mut taken, w));
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

/// The event's zone: the caller's, the file's, or one inferred from the UTC offsets; in the
/// last case, what the file seems to mean by the zone names it gives, if any.
fn zone(src: &Source, options: Options, w: &mut Warnings) -> (Tz, Option<UnnamedZone>) {
    if let Some(tz) = options.time_zone {
        return (tz, None);
    }
    if let Some(tz) = src.time_zone {
        return (tz, None);
    }
    let suggestion = src
        .time_zone_name
        .iter()
        .chain(&src.zone_hints)
        .find_map(|name| crate::model::zone_meant(name));
    let hint = suggestion.map_or(String::new(), |tz| {
        format!(
            " (the file seems to mean {}: --time-zone {})",
            tz.name(),
            tz.name()
        )
    });
    let mut push = |message: String| w.push("zone", None, None, format!("{message}{hint}"));
    let tz = inferred(src, &named_in(src), &mut push);
    (tz, Some(UnnamedZone { suggestion }))
}

fn named_in(src: &Source) -> String {
    match &src.time_zone_name {
        Some(n) => format!("unknown time zone `{n}`"),
        None => "no time zone named in the file".to_owned(),
    }
}

/// The zone of the UTC offsets: UTC when there are none, a fixed offset when they are all the
/// same, else the first zone that has them all.
fn inferred(src: &Source, named: &str, push: &mut dyn FnMut(String)) -> Tz {
    let offsets: Vec<DateTime<FixedOffset>> = src
        .events
        .iter()
        .filter_map(|e| match e.start {
            When::Fixed(d) => Some(d),
            When::Local(_) => None,
        })
        .collect();
    let Some(first) = offsets.first() else {
        push(format!("{named} and no UTC offsets: times are read as UTC"));
        return Tz::UTC;
    };
    let seconds = first.offset().local_minus_utc();
    if offsets
        .iter()
        .all(|d| d.offset().local_minus_utc() == seconds)
    {
        let hours = seconds / 3600;
        let fixed = if seconds == 0 {
            Some(Tz::UTC)
        } else if seconds % 3600 == 0 {
            // IANA's `Etc/GMT-1` is UTC+01:00 (the sign is POSIX's).
            format!("Etc/GMT{:+}", -hours).parse().ok()
        } else {
            None
        };
        if let Some(tz) = fixed {
            push(format!(
                "{named}: every time is at UTC{}, so the zone is {}: the venue's wall clock is \
                 not known (give it with --time-zone, e.g. Europe/Berlin, which also follows \
                 clock changes)",
                first.format("%:z"),
                crate::i18n::zone_label(tz)
            ));
            return tz;
        }
    }
    // Offsets that vary (or are not whole hours): the first zone that has them all.
    let mut samples: Vec<DateTime<FixedOffset>> = offsets.clone();
    samples.sort_by_key(|d| (d.date_naive(), d.offset().local_minus_utc()));
    samples.dedup_by_key(|d| (d.date_naive(), d.offset().local_minus_utc()));
    let found = chrono_tz::TZ_VARIANTS
        .iter()
        .filter(|tz| !tz.name().starts_with("Etc/"))
        .find(|tz| {
            samples.iter().all(|d| {
                tz.offset_from_utc_datetime(&d.naive_utc())
                    .fix()
                    .local_minus_utc()
                    == d.offset().local_minus_utc()
            })
        })
        .copied();
    match found {
        Some(tz) => {
            push(format!(
                "{named}: the UTC offsets match {} (among others), taken as the event's \
                 zone; name the right one with --time-zone if it is not",
                tz.name()
            ));
            tz
        }
        None => {
            push(format!(
                "{named}, and no zone has all its UTC offsets: times are shown in UTC"
            ));
            Tz::UTC
        }
    }
}

/// Warns when the file's offsets disagree with its zone, or its wall `<start>` with its `<date>`.
fn check_offsets(events: &[Event], tz: Tz, overridden: bool, w: &mut Warnings) {
    let mut offsets = 0;
    let mut example = None;
    for e in events {
        let When::Fixed(d) = e.start else { continue };
        let zone_offset = tz.offset_from_utc_datetime(&d.naive_utc()).fix();
        if zone_offset != *d.offset() {
            offsets += 1;
            example.get_or_insert_with(|| {
                format!(
                    "{} gives UTC{}, {} is at UTC{} then",
                    e.subject,
                    d.format("%:z"),
                    tz.name(),
                    DateTime::<FixedOffset>::from_naive_utc_and_offset(d.naive_utc(), zone_offset)
                        .format("%:z")
                )
            });
        }
        if let Some(stated) = e.stated_start {
            let local = d.with_timezone(&tz).time();
            if (local.hour(), local.minute()) != (stated.hour(), stated.minute()) {
                w.push(
                    "start and date",
                    e.at,
                    Some(&e.subject),
                    format!(
                        "its start {} is {} in {}: the absolute date-time `{}` is used",
                        stated.format("%H:%M"),
                        local.format("%H:%M"),
                        tz.name(),
                        d.to_rfc3339()
                    ),
                );
            }
        }
    }
    if let Some(example) = example {
        let what = if overridden {
            "the zone given"
        } else {
            "the file's zone"
        };
        w.push(
            "offsets",
            None,
            None,
            format!(
                "{} a UTC offset that is not {what}'s ({example}): the absolute times are kept",
                if offsets == 1 {
                    "1 event has".to_owned()
                } else {
                    format!("{offsets} events have")
                }
            ),
        );
    }
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

/// Items with no usable end end when the next item of their room (or any item, for one with no
/// room) starts, as in a hand-written programme; those that nothing follows are left out.
fn close_open_ends(items: &mut Vec<Placed>, tz: Tz, w: &mut Warnings) {
    let mut drop = Vec::new();
    for i in 0..items.len() {
        if items[i].end.is_some() {
            continue;
        }
        let next = items[i + 1..]
            .iter()
            .filter(|n| n.start > items[i].start)
            .find(|n| n.room.is_none() || items[i].room.is_none() || n.room == items[i].room)
            .map(|n| (n.start, n.ev.title.clone()));
        let p = &items[i];
        match next {
            Some((start, title)) => {
                w.push(
                    "open end",
                    p.ev.at,
                    Some(&p.ev.subject),
                    format!(
                        "{}: it ends when «{title}» starts, at {}",
                        p.open,
                        start.with_timezone(&tz).format("%H:%M")
                    ),
                );
                items[i].end = Some(start);
            }
            None => {
                w.push(
                    "open end",
                    p.ev.at,
                    Some(&p.ev.subject),
                    format!(
                        "{}, and nothing follows it in its room that day: left out",
                        p.open
                    ),
                );
                drop.push(i);
            }
        }
    }
    for i in drop.into_iter().rev() {
        items.remove(i);
    }
}

/// The lanes of one room during a day.
struct RoomLanes {
    /// Per lane: when it is free again, and the item in it.
    lanes: Vec<(Instant, usize)>,
    busy: BinaryHeap<Reverse<(Instant, usize)>>,
    free: BTreeSet<usize>,
}

/// Extra rooms for items that overlap in their room (`Janson (2)`), so that both keep their
/// published times in a valid programme.
#[derive(Default)]
struct Lanes {
    /// Room → its extra rooms, in order.
    extra: HashMap<String, Vec<String>>,
    names: HashSet<String>,
}

impl Lanes {
    /// Gives a room to plenary items that overlap others, and extra rooms to items that overlap
    /// in their room. `items` are sorted by start; cancelled items are left as they are (deroule
    /// does not check them for overlaps).
    fn separate(&mut self, items: &mut [Placed], tz: Tz, w: &mut Warnings) {
        let live: Vec<usize> = (0..items.len())
            .filter(|&i| items[i].ev.state != State::Cancelled)
            .collect();
        let end = |p: &Placed| p.end.unwrap_or(p.start);
        for p in items.iter() {
            if let Some(r) = &p.room {
                self.names.insert(r.clone());
            }
        }
        // An item with no room is for everyone: when it overlaps another, give it a room. In
        // start order, an item overlaps an earlier one when the latest end so far is after its
        // start, and a later one when the next start is before its end.
        let mut latest: Option<(Instant, usize)> = None;
        let mut conflicts: Vec<(usize, usize)> = Vec::new();
        for (k, &i) in live.iter().enumerate() {
            if items[i].room.is_none() {
                let before = latest.filter(|(e, _)| *e > items[i].start).map(|(_, j)| j);
                let after = live
                    .get(k + 1)
                    .filter(|&&j| items[j].start < end(&items[i]))
                    .copied();
                if let Some(j) = before.or(after) {
                    conflicts.push((i, j));
                }
            }
            if latest.is_none_or(|(e, _)| end(&items[i]) > e) {
                latest = Some((end(&items[i]), i));
            }
        }
        for (i, j) in conflicts {
            let other = items[j].ev.title.clone();
            items[i].room = Some(NO_ROOM.to_owned());
            self.names.insert(NO_ROOM.to_owned());
            w.push(
                "overlap",
                items[i].ev.at,
                Some(&items[i].ev.subject),
                format!(
                    "has no room (it would be for everyone) and overlaps «{other}»: given the \
                     room «{NO_ROOM}»"
                ),
            );
        }
        // Lanes per room, lane 0 being the room itself: each item takes the first free lane.
        let mut rooms: HashMap<String, RoomLanes> = HashMap::new();
        for &i in &live {
            let Some(room) = items[i].room.clone() else {
                continue;
            };
            let (start, until) = (items[i].start, end(&items[i]));
            let r = rooms.entry(room.clone()).or_insert_with(|| RoomLanes {
                lanes: Vec::new(),
                busy: BinaryHeap::new(),
                free: BTreeSet::new(),
            });
            while let Some(Reverse((free_at, lane))) = r.busy.peek().copied() {
                if free_at > start {
                    break;
                }
                r.busy.pop();
                r.free.insert(lane);
            }
            let lane = match r.free.pop_first() {
                Some(lane) => {
                    r.lanes[lane] = (until, i);
                    lane
                }
                None => {
                    r.lanes.push((until, i));
                    r.lanes.len() - 1
                }
            };
            r.busy.push(Reverse((until, lane)));
            if lane == 0 {
                continue;
            }
            let (first_until, first) = r.lanes[0];
            let other = items[first].ev.title.clone();
            let extra = self.lane(&room, lane);
            w.push(
                "overlap",
                items[i].ev.at,
                Some(&items[i].ev.subject),
                format!(
                    "overlaps «{other}» (until {}) in room «{room}»: kept at its time, in the \
                     extra room «{extra}»",
                    first_until.with_timezone(&tz).format("%H:%M")
                ),
            );
            items[i].room = Some(extra);
        }
    }

    /// The name of lane `k` (1 and up) of `room`.
    fn lane(&mut self, room: &str, k: usize) -> String {
        let known = self.extra.entry(room.to_owned()).or_default();
        while known.len() < k {
            let mut n = known.len() + 2;
            let name = loop {
                let candidate = format!("{room} ({n})");
                if !self.names.contains(&candidate) {
                    break candidate;
                }
                n += 1;
            };
            self.names.insert(name.clone());
            known.push(name);
        }
        known[k - 1].clone()
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

/// `id`, or `id#2`, `id#3`… when an earlier event has it (deroule wants ids unique).
fn unique_id(
    id: &str,
    ev: &Event,
    taken: &mut HashMap<String, String>,
    w: &mut Warnings,
) -> String {
    let Some(first) = taken.get(id).cloned() else {
        taken.insert(id.to_owned(), ev.subject.clone());
        return id.to_owned();
    };
    let mut n = 2;
    let unique = loop {
        let candidate = format!("{id}#{n}");
        if !taken.contains_key(&candidate) {
            break candidate;
        }
        n += 1;
    };
    w.push(
        "duplicate id",
        ev.at,
        Some(&ev.subject),
        format!("the id `{id}` is also that of {first}: this one is `{unique}`"),
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
