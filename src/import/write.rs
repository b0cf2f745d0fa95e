//! A programme written as deroule YAML (`docs/format.md`), such that loading it gives back an
//! equal programme.
//!
//! Times are wall times of the event day (`HH:MM`, before the day change for the night after),
//! and an item's end is written as `end` when such a time reads back to the same instant, else
//! as a `duration` (an item running past the next day change, or across a clock change).
//! Rooms and tracks are always declared, which keeps their order and colours.

use chrono::{Duration, NaiveDate, NaiveDateTime, TimeZone, Timelike};
use chrono_tz::Tz;
use serde::Serialize;

use crate::model::timefmt::WallTime;
use crate::model::{Instant, Item, Kind, Programme, State};

/// The programme as deroule YAML. Loading the text with [`crate::model::load_str`] gives an
/// equal programme (same days, items, times, rooms in order, tracks, ids).
pub fn to_yaml(programme: &Programme) -> String {
    let out = Out::of(programme);
    match crate::model::to_yaml(&out) {
        Ok(text) => text,
        // Plain structs of strings cannot fail to serialise; say so in the file if they do.
        Err(e) => format!("# the programme could not be written: {e}\n"),
    }
}

#[derive(Serialize)]
struct Out<'a> {
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    subtitle: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    venue: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    address: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    host: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    contact: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    language: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    audience: Option<&'a str>,
    time_zone: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    day_change: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    warn_before: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    danger_before: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    rooms: Vec<RoomOut<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tracks: Vec<TrackOut<'a>>,
    days: Vec<DayOut<'a>>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum RoomOut<'a> {
    Name(&'a str),
    Full { name: &'a str, description: &'a str },
}

#[derive(Serialize)]
struct TrackOut<'a> {
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    color: Option<String>,
}

#[derive(Serialize)]
struct DayOut<'a> {
    date: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    label: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    start: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end: Option<String>,
    items: Vec<ItemOut<'a>>,
}

#[derive(Serialize)]
struct ItemOut<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a str>,
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    subtitle: Option<&'a str>,
    start: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    end: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    duration: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    room: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    track: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    speakers: Option<Speakers<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    links: Vec<LinkOut<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    state: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    language: Option<&'a str>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    hard_start: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    min_duration: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    warn_before: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    danger_before: Option<String>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum Speakers<'a> {
    One(&'a str),
    Many(Vec<&'a str>),
}

#[derive(Serialize)]
#[serde(untagged)]
enum LinkOut<'a> {
    Url(&'a str),
    Full { url: &'a str, title: &'a str },
}

impl<'a> Out<'a> {
    fn of(p: &'a Programme) -> Self {
        let m = &p.meta;
        let h = p.day_change;
        Out {
            title: &m.title,
            subtitle: m.subtitle.as_deref(),
            description: m.description.as_deref(),
            venue: m.venue.as_deref(),
            address: m.address.as_deref(),
            host: m.host.as_deref(),
            contact: m.contact.as_deref(),
            url: m.url.as_deref(),
            language: m.language.as_deref(),
            audience: m.audience.as_deref(),
            time_zone: p.tz.name(),
            day_change: (h != WallTime::MIDNIGHT).then(|| h.to_string()),
            warn_before: p.thresholds.warn_before.map(duration),
            danger_before: p.thresholds.danger_before.map(duration),
            rooms: p
                .rooms
                .iter()
                .map(|r| match &r.description {
                    Some(d) => RoomOut::Full {
                        name: &r.name,
                        description: d,
                    },
                    None => RoomOut::Name(&r.name),
                })
                .collect(),
            tracks: p
                .tracks
                .iter()
                .map(|t| TrackOut {
                    name: &t.name,
                    color: t
                        .color
                        .map(|c| format!("#{:02x}{:02x}{:02x}", c.r, c.g, c.b)),
                })
                .collect(),
            days: p
                .days
                .iter()
                .map(|d| DayOut {
                    date: d.date.format("%Y-%m-%d").to_string(),
                    label: d.label.as_deref(),
                    start: d.start.and_then(|t| start_time(d.date, t, p.tz, h)),
                    end: d.end.and_then(|t| end_time(d.date, t, p.tz, h)),
                    items: d
                        .items
                        .iter()
                        .map(|i| ItemOut::of(i, d.date, p.tz, h))
                        .collect(),
                })
                .collect(),
        }
    }
}

impl<'a> ItemOut<'a> {
    fn of(i: &'a Item, date: NaiveDate, tz: Tz, h: WallTime) -> Self {
        let start = start_time(date, i.start, tz, h).unwrap_or_else(|| {
            // Not a wall time of this day (cannot come from a validated programme, except in the
            // repeated hour when clocks go back): the nearest spelling.
            i.start.with_timezone(&tz).format("%H:%M").to_string()
        });
        let end = end_time(date, i.end, tz, h);
        let length = match end {
            Some(_) => None,
            None => Some(duration(i.minutes().max(1) as u32)),
        };
        ItemOut {
            id: i.id.as_deref(),
            title: &i.title,
            subtitle: i.subtitle.as_deref(),
            start,
            end,
            duration: length,
            kind: (i.kind != Kind::Session).then(|| i.kind.name()),
            room: i.room.as_deref(),
            track: i.track.as_deref(),
            speakers: match i.speakers.as_slice() {
                [] => None,
                [one] => Some(Speakers::One(one)),
                many => Some(Speakers::Many(many.iter().map(String::as_str).collect())),
            },
            description: i.description.as_deref(),
            links: i
                .links
                .iter()
                .map(|l| match &l.title {
                    Some(t) => LinkOut::Full {
                        url: &l.url,
                        title: t,
                    },
                    None => LinkOut::Url(&l.url),
                })
                .collect(),
            state: (i.state != State::Confirmed).then(|| i.state.name()),
            language: i.language.as_deref(),
            hard_start: i.hard_start,
            min_duration: i.min_duration.map(duration),
            warn_before: i.thresholds.warn_before.map(duration),
            danger_before: i.thresholds.danger_before.map(duration),
        }
    }
}

/// Minutes as deroule writes them: `45m`, `2h`, `1h30`.
fn duration(minutes: u32) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m}m"),
        (h, 0) => format!("{h}h"),
        (h, m) => format!("{h}h{m:02}"),
    }
}

/// Where a wall time `minutes` of event day `date` falls, read as deroule reads it: a start
/// before the day change, or an end at or before it, is in the night after `date`.
pub(super) fn read_back(
    date: NaiveDate,
    minutes: u32,
    is_end: bool,
    tz: Tz,
    h: WallTime,
) -> Option<Instant> {
    let night = if is_end {
        minutes <= h.minutes()
    } else {
        minutes < h.minutes()
    };
    let days = i64::from(night && h > WallTime::MIDNIGHT);
    let naive = date
        .and_hms_opt(0, 0, 0)?
        .checked_add_signed(Duration::days(days) + Duration::minutes(i64::from(minutes)))?;
    tz.from_local_datetime(&naive)
        .earliest()
        .map(|t| t.to_utc())
}

/// Minutes from the start of `date` to the wall time of `t` in `tz` (may exceed a day); `None`
/// when `t` is not on a whole minute.
pub(super) fn minutes_into(date: NaiveDate, local: NaiveDateTime) -> Option<i64> {
    if local.second() != 0 || local.nanosecond() != 0 {
        return None;
    }
    let midnight = date.and_hms_opt(0, 0, 0)?;
    Some((local - midnight).num_minutes())
}

fn spell(minutes: i64) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// `t` as a start time of event day `date`, if one reads back to it.
pub(super) fn start_time(date: NaiveDate, t: Instant, tz: Tz, h: WallTime) -> Option<String> {
    let m = minutes_into(date, t.with_timezone(&tz).naive_local())?;
    [m, m - 1440]
        .into_iter()
        .filter(|c| (0..1440).contains(c))
        .find(|&c| read_back(date, c as u32, false, tz, h) == Some(t))
        .map(spell)
}

/// `t` as an end time of event day `date` (`24:00` for the midnight after it), if one reads back
/// to it.
pub(super) fn end_time(date: NaiveDate, t: Instant, tz: Tz, h: WallTime) -> Option<String> {
    let m = minutes_into(date, t.with_timezone(&tz).naive_local())?;
    [m, m - 1440]
        .into_iter()
        .filter(|c| (0..=1440).contains(c))
        .find(|&c| read_back(date, c as u32, true, tz, h) == Some(t))
        .map(spell)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    fn paris(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> Instant {
        chrono_tz::Europe::Paris
            .with_ymd_and_hms(y, mo, d, h, mi, 0)
            .single()
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default()
    }

    #[test]
    fn times_of_an_event_day() {
        let tz = chrono_tz::Europe::Paris;
        let date = NaiveDate::from_ymd_opt(2025, 6, 20).unwrap_or_default();
        let four = WallTime::from_hm(4, 0).unwrap_or(WallTime::MIDNIGHT);
        let mid = WallTime::MIDNIGHT;
        let at = |h, m| paris(2025, 6, 20, h, m);
        let night = |h, m| paris(2025, 6, 21, h, m);
        assert_eq!(
            start_time(date, at(9, 30), tz, mid).as_deref(),
            Some("09:30")
        );
        assert_eq!(
            start_time(date, night(0, 30), tz, four).as_deref(),
            Some("00:30")
        );
        assert_eq!(start_time(date, night(0, 30), tz, mid), None);
        assert_eq!(start_time(date, night(5, 0), tz, four), None);
        assert_eq!(
            end_time(date, night(0, 0), tz, mid).as_deref(),
            Some("24:00")
        );
        assert_eq!(
            end_time(date, night(0, 0), tz, four).as_deref(),
            Some("24:00")
        );
        assert_eq!(
            end_time(date, night(4, 0), tz, four).as_deref(),
            Some("04:00")
        );
        assert_eq!(end_time(date, night(4, 30), tz, four), None);
        assert_eq!(end_time(date, at(3, 0), tz, four), None);
    }

    #[test]
    fn durations_are_spelt_like_a_person_would() {
        assert_eq!(duration(45), "45m");
        assert_eq!(duration(120), "2h");
        assert_eq!(duration(65), "1h05");
        assert_eq!(duration(1560), "26h");
    }
}
