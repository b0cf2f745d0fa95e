//! Pure time logic: where `now` falls in a programme.
//!
//! Starts are inclusive and ends exclusive. Cancelled and skipped items are never "now" or "next". Nothing
//! here reads a clock: `now` is always a parameter.

use chrono::{TimeDelta, Timelike};

use crate::model::{Day, Instant, Item, Programme};

mod outline;
use outline::DayOutline;
pub use outline::Outline;

/// Where an item stands at `now`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Past,
    Current,
    Upcoming,
}

pub fn status(item: &Item, now: Instant) -> Status {
    if now < item.start {
        Status::Upcoming
    } else if now < item.end {
        Status::Current
    } else {
        Status::Past
    }
}

/// Where the event as a whole stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Before the first item of the first day.
    Before,
    /// At least one item is running.
    Running,
    /// Inside a day, between two items.
    Gap,
    /// After the end of a day, before the start of the next one.
    BetweenDays,
    /// After the last item of the last day.
    After,
}

/// What is happening at one instant.
#[derive(Debug, Clone, PartialEq)]
pub struct Moment<'p> {
    /// The event day `now` belongs to (the next day between two days).
    pub day: usize,
    pub phase: Phase,
    /// Every item running now, in start order.
    pub running: Vec<&'p Item>,
    /// The first item that starts after `now`, on any day.
    pub next: Option<&'p Item>,
}

fn live(item: &Item) -> bool {
    item.state.takes_place()
}

/// Describes `now` in `programme`. Walks the programme once; a caller that asks often keeps an
/// [`Outline`] and calls [`locate_in`].
pub fn locate(programme: &Programme, now: Instant) -> Moment<'_> {
    locate_in(programme, &Outline::of(programme), now)
}

/// [`locate`] with the programme's outline: a binary search in the day of `now`.
pub fn locate_in<'p>(programme: &'p Programme, outline: &Outline, now: Instant) -> Moment<'p> {
    if !outline.fits(programme) {
        return locate(programme, now);
    }
    let day = outline.day_at(now);
    let running = running_in(&programme.days[day], &outline.days[day], now);
    let next = programme
        .days
        .iter()
        .zip(&outline.days)
        .filter(|(_, o)| o.latest_start.is_some_and(|s| s > now))
        .find_map(|(d, o)| first_after(d, o, now));
    let phase = if !running.is_empty() {
        Phase::Running
    } else if now < outline.first_start() {
        Phase::Before
    } else if now >= outline.last_end() {
        Phase::After
    } else if now >= outline.days[day].opens && now < outline.days[day].closes {
        Phase::Gap
    } else {
        Phase::BetweenDays
    };
    Moment {
        day,
        phase,
        running,
        next,
    }
}

/// The items of `day` running at `now`, in start order. Only the items that started after
/// `now - longest` can still run: in a sorted day they sit just before the first one that has not
/// started.
fn running_in<'p>(day: &'p Day, outline: &DayOutline, now: Instant) -> Vec<&'p Item> {
    let is_running = |i: &&Item| live(i) && status(i, now) == Status::Current;
    if !outline.sorted {
        return day.items.iter().filter(is_running).collect();
    }
    let started = day.items.partition_point(|i| i.start <= now);
    let earliest = now - outline.longest;
    let from = day.items[..started].partition_point(|i| i.start < earliest);
    day.items[from..started].iter().filter(is_running).collect()
}

/// The item of `day` that starts first after `now` and is not cancelled (of several starting
/// then, the first in the day's order). A day out of start order (a room's expected times moved
/// its items past another room's) is walked whole: its first such item in order may start later.
fn first_after<'p>(day: &'p Day, outline: &DayOutline, now: Instant) -> Option<&'p Item> {
    let upcoming = |i: &&Item| live(i) && i.start > now;
    if outline.sorted {
        let from = day.items.partition_point(|i| i.start <= now);
        day.items[from..].iter().find(upcoming)
    } else {
        day.items.iter().filter(upcoming).min_by_key(|i| i.start)
    }
}

/// The event date `now` belongs to: its wall date in the event's zone, times before the
/// day-change hour counting for the day before (00:30 after a day-change of 04:00 is still the
/// evening's date). Whether the programme has a day on that date or not.
pub fn event_date(programme: &Programme, now: Instant) -> chrono::NaiveDate {
    let local = now.with_timezone(&programme.tz).naive_local();
    (local - TimeDelta::minutes(i64::from(programme.day_change.minutes()))).date()
}

/// The event day to show at `now`: the day it falls in, else the next day, else the last day.
pub fn day_at(programme: &Programme, now: Instant) -> usize {
    day_closing_after(programme.days.iter().map(Day::closes), now)
}

/// [`day_at`] from each day's closing instant, in order (a cached programme's outline).
pub fn day_closing_after(closes: impl ExactSizeIterator<Item = Instant>, now: Instant) -> usize {
    let count = closes.len();
    let mut closes = closes;
    closes
        .position(|closes| now < closes)
        .unwrap_or(count.saturating_sub(1))
}

/// The next instant at which anything shown can change: the next whole second (clocks and
/// countdowns show seconds; every item boundary falls on a whole second).
pub fn next_change_after(now: Instant) -> Instant {
    let whole = now.with_nanosecond(0).unwrap_or(now);
    whole + TimeDelta::seconds(1)
}

/// Whole seconds left until `until`, rounded up (a countdown shows `0:01` until the very end).
pub fn seconds_until(now: Instant, until: Instant) -> i64 {
    let micros = (until - now).num_microseconds().unwrap_or(i64::MAX);
    if micros <= 0 {
        micros / 1_000_000
    } else {
        (micros + 999_999) / 1_000_000
    }
}

/// Whole seconds elapsed since `since`, rounded down.
pub fn seconds_since(now: Instant, since: Instant) -> i64 {
    (now - since).num_seconds()
}

/// A countdown as people read it: `9:48`, `1:02:03`, `3 d 04:12:09`.
pub fn format_countdown(seconds: i64) -> String {
    let s = seconds.max(0);
    let (days, rest) = (s / 86_400, s % 86_400);
    let (h, m, sec) = (rest / 3600, rest % 3600 / 60, rest % 60);
    if days > 0 {
        format!("{days} d {h:02}:{m:02}:{sec:02}")
    } else if h > 0 {
        format!("{h}:{m:02}:{sec:02}")
    } else {
        format!("{m}:{sec:02}")
    }
}

/// How far through an item `now` is, from 0.0 to 1.0.
pub fn progress(start: Instant, end: Instant, now: Instant) -> f64 {
    let total = (end - start).num_milliseconds();
    if total <= 0 {
        return 1.0;
    }
    ((now - start).num_milliseconds() as f64 / total as f64).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::State;
    use chrono::TimeZone;
    use chrono_tz::Tz;
    use rstest::rstest;

    fn programme(source: &str) -> Programme {
        crate::model::load_str(source, "test.yaml")
            .expect("test programme is valid")
            .programme
    }

    fn bundled() -> Programme {
        programme(crate::BUNDLED)
    }

    /// An instant given as the event's wall time.
    fn at(p: &Programme, text: &str) -> Instant {
        let naive =
            chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S").expect("test instant");
        p.tz.from_local_datetime(&naive)
            .earliest()
            .expect("exists")
            .to_utc()
    }

    fn titles(items: &[&Item]) -> Vec<String> {
        items.iter().map(|i| i.title.clone()).collect()
    }

    #[rstest]
    #[case::one_second_before_the_start("08:59:59", Phase::Before, None, Some("Accueil et café"))]
    #[case::first_item_starts(
        "09:00:00",
        Phase::Running,
        Some("Accueil et café"),
        Some("Temps de rencontre et de présentations")
    )]
    #[case::last_second_of_an_item(
        "10:14:59",
        Phase::Running,
        Some("Temps de rencontre et de présentations"),
        Some("Inventaire des mutualisations possibles")
    )]
    #[case::back_to_back_boundary(
        "10:15:00",
        Phase::Running,
        Some("Inventaire des mutualisations possibles"),
        Some("Pause")
    )]
    #[case::mid_break(
        "11:05:12",
        Phase::Running,
        Some("Pause"),
        Some("Retours d’expérience de contributions réussies")
    )]
    #[case::lunch_starts(
        "12:30:00",
        Phase::Running,
        Some("Pause déjeuner"),
        Some("Échange de savoirs")
    )]
    #[case::last_second_of_the_day(
        "17:59:59",
        Phase::Running,
        Some("Temps informel avant départ"),
        None
    )]
    #[case::day_ended("18:00:00", Phase::After, None, None)]
    fn bluehats_boundaries(
        #[case] time: &str,
        #[case] phase: Phase,
        #[case] running: Option<&str>,
        #[case] next: Option<&str>,
    ) {
        let p = bundled();
        let now = at(&p, &format!("2022-07-01 {time}"));
        let m = locate(&p, now);
        assert_eq!(m.phase, phase);
        assert_eq!(m.day, 0);
        assert_eq!(
            titles(&m.running),
            running.into_iter().map(str::to_owned).collect::<Vec<_>>()
        );
        assert_eq!(m.next.map(|n| n.title.as_str()), next);
    }

    #[test]
    fn countdowns_round_up_and_end_exclusive() {
        let p = bundled();
        let now = at(&p, "2022-07-01 11:05:12");
        let m = locate(&p, now);
        let pause = m.running[0];
        assert_eq!(format_countdown(seconds_until(now, pause.end)), "9:48");
        assert_eq!(format_countdown(seconds_since(now, pause.start)), "5:12");
        let almost = now + TimeDelta::milliseconds(300);
        assert_eq!(
            seconds_until(almost, pause.end),
            588,
            "a countdown rounds up"
        );
        assert_eq!(
            status(pause, pause.end),
            Status::Past,
            "the end is exclusive"
        );
        assert_eq!(
            status(pause, pause.start),
            Status::Current,
            "the start is inclusive"
        );
    }

    const GAPPY: &str = r"
title: Gaps
time_zone: Europe/Paris
date: 2024-05-02
items:
  - {title: A, start: 9h, end: 10h}
  - {title: B, start: 10h30, end: 11h}
  - {title: C, start: 11h, end: 12h}
";

    #[rstest]
    #[case::inside_a_gap("2024-05-02 10:10:00", Phase::Gap, &[], Some("B"))]
    #[case::end_of_gap("2024-05-02 10:30:00", Phase::Running, &["B"], Some("C"))]
    #[case::back_to_back("2024-05-02 11:00:00", Phase::Running, &["C"], None)]
    fn gaps_and_back_to_back(
        #[case] time: &str,
        #[case] phase: Phase,
        #[case] running: &[&str],
        #[case] next: Option<&str>,
    ) {
        let p = programme(GAPPY);
        let m = locate(&p, at(&p, time));
        assert_eq!(m.phase, phase);
        assert_eq!(titles(&m.running), running);
        assert_eq!(m.next.map(|n| n.title.as_str()), next);
    }

    const NIGHTS: &str = r#"
title: Congress
time_zone: Europe/Berlin
day_change: "04:00"
days:
  - date: 2019-12-27
    items:
      - {title: Evening, start: 23h, end: "00:30"}
      - {title: Night, start: "01:00", end: "02:00"}
  - date: 2019-12-28
    items:
      - {title: Morning, start: 11h, end: 12h}
"#;

    #[rstest]
    #[case::after_midnight_is_still_the_first_day("2019-12-28 01:30:00", 0, Phase::Running, &["Night"])]
    #[case::between_days_shows_the_next("2019-12-28 05:00:00", 1, Phase::BetweenDays, &[])]
    #[case::gap_after_midnight("2019-12-28 00:45:00", 0, Phase::Gap, &[])]
    fn past_midnight_items_stay_in_their_event_day(
        #[case] time: &str,
        #[case] day: usize,
        #[case] phase: Phase,
        #[case] running: &[&str],
    ) {
        let p = programme(NIGHTS);
        let m = locate(&p, at(&p, time));
        assert_eq!((m.day, m.phase), (day, phase));
        assert_eq!(titles(&m.running), running);
    }

    #[test]
    fn a_dst_day_counts_real_time() {
        // Europe/Paris falls back at 03:00 on 2022-10-30: 02:00–04:00 lasts three real hours.
        let src = r#"
title: Night
time_zone: Europe/Paris
date: 2022-10-29
day_change: "06:00"
items:
  - {title: Long night, start: "02:00", end: "04:00"}
"#;
        let p = programme(src);
        let item = &p.days[0].items[0];
        assert_eq!((item.end - item.start).num_hours(), 3);
        let now = Tz::UTC
            .with_ymd_and_hms(2022, 10, 30, 0, 30, 0)
            .single()
            .expect("valid")
            .to_utc();
        let m = locate(&p, now);
        assert_eq!(m.phase, Phase::Running);
        assert_eq!(format_countdown(seconds_until(now, item.end)), "2:30:00");
    }

    #[test]
    fn the_viewer_zone_does_not_move_the_programme() {
        // 11:05 in Paris is 05:05 in New York: the same instant, the same item.
        let p = bundled();
        let new_york: Tz = "America/New_York".parse().expect("zone");
        let now = new_york
            .with_ymd_and_hms(2022, 7, 1, 5, 5, 12)
            .single()
            .expect("valid")
            .to_utc();
        let m = locate(&p, now);
        assert_eq!(titles(&m.running), ["Pause"]);
    }

    /// Parallel rooms whose expected times put one room's item after the other's: the day is
    /// out of start order, and "next" is still the item that starts first.
    #[test]
    fn next_is_the_earliest_start_in_a_day_out_of_order() {
        let src = "title: R\ntime_zone: UTC\ndate: 2024-01-01\nrooms: [Hall, Side]\nitems:\n\
            \x20 - {title: A talk, start: 9h, end: 10h, room: Hall}\n\
            \x20 - {title: B talk, start: 9h, end: 10h, room: Side}\n\
            \x20 - {title: A second, start: 10h, end: 11h, room: Hall}\n\
            \x20 - {title: B second, start: 10h, end: 11h, room: Side}\n";
        let mut p = programme(src);
        let late = TimeDelta::minutes(10);
        for item in &mut p.days[0].items {
            if item.room.as_deref() == Some("Hall") {
                item.start += late;
                item.end += late;
            }
        }
        assert!(!p.days[0].items.is_sorted_by_key(|i| i.start));
        let m = locate(&p, at(&p, "2024-01-01 09:30:00"));
        assert_eq!(m.next.map(|n| n.title.as_str()), Some("B second"));
        let m = locate(&p, at(&p, "2024-01-01 10:05:00"));
        assert_eq!(m.next.map(|n| n.title.as_str()), Some("A second"));
    }

    #[test]
    fn cancelled_items_are_never_now_or_next() {
        let src = r"
title: C
time_zone: UTC
date: 2024-01-01
items:
  - {title: A, start: 9h, end: 10h, state: cancelled}
  - {title: B, start: 10h, end: 11h}
";
        let p = programme(src);
        let m = locate(&p, at(&p, "2024-01-01 09:30:00"));
        assert_eq!(m.phase, Phase::Gap);
        assert!(m.running.is_empty());
        assert_eq!(m.next.map(|n| n.title.as_str()), Some("B"));
    }

    #[test]
    fn wakes_on_the_next_whole_second() {
        let p = bundled();
        let now = at(&p, "2022-07-01 11:05:12") + TimeDelta::milliseconds(250);
        assert_eq!(next_change_after(now), at(&p, "2022-07-01 11:05:13"));
    }

    #[rstest]
    #[case::under_a_minute(42, "0:42")]
    #[case::minutes(588, "9:48")]
    #[case::ten_minutes(600, "10:00")]
    #[case::over_an_hour(3723, "1:02:03")]
    #[case::days(3 * 86_400 + 4 * 3600 + 12 * 60 + 9, "3 d 04:12:09")]
    #[case::negative_is_zero(-5, "0:00")]
    fn countdowns_read_naturally(#[case] seconds: i64, #[case] text: &str) {
        assert_eq!(format_countdown(seconds), text);
    }

    #[test]
    fn the_event_date_counts_the_night_for_the_evening_before() {
        let p = programme(
            "title: T\ntime_zone: Europe/Berlin\nday_change: \"04:00\"\ndate: 2019-12-27\nitems:\n  - {title: Late, start: \"23:00\", end: \"01:00\"}\n",
        );
        let date = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).expect("a date");
        let utc = |h| {
            chrono::Utc
                .with_ymd_and_hms(2019, 12, 27, h, 30, 0)
                .single()
                .expect("an instant")
        };
        // 23:30 and 00:30 (UTC+1) are the 27th's evening; 04:30 is the 28th.
        assert_eq!(event_date(&p, utc(22)), date(2019, 12, 27));
        assert_eq!(event_date(&p, utc(23)), date(2019, 12, 27));
        assert_eq!(
            event_date(&p, utc(23) + TimeDelta::hours(4)),
            date(2019, 12, 28)
        );
    }

    /// What `locate` did before outlines: a walk through every item.
    fn walk(programme: &Programme, now: Instant) -> (usize, Vec<&Item>, Option<&Item>) {
        let day = day_at(programme, now);
        let running = programme.days[day]
            .items
            .iter()
            .filter(|i| live(i) && status(i, now) == Status::Current)
            .collect();
        let next = programme.days.iter().find_map(|d| {
            d.items
                .iter()
                .filter(|i| live(i) && i.start > now)
                .min_by_key(|i| i.start)
        });
        (day, running, next)
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(32))]
        /// The binary search finds what a walk through every item finds, in sorted days, in days
        /// whose items were moved out of order (expected times), with items of any length and
        /// cancelled ones, at any instant around the programme; and after a day is renewed.
        #[test]
        fn an_outline_finds_what_a_walk_finds(
            seed in 0u64..1_000,
            moves in proptest::collection::vec((0usize..400, -600i64..600, 0i64..900, 0u8..8), 0..40),
            probes in proptest::collection::vec(-120i64..(3 * 24 * 60 + 120), 1..40),
        ) {
            let shape = crate::synthetic::Shape::new(150 + (seed as usize % 100), 4, 3);
            let mut p = programme(&crate::synthetic::yaml(shape));
            let start = p.first_start();
            let mut outline = Outline::of(&p);
            for (k, &(index, shift, length, flag)) in moves.iter().enumerate() {
                let day = k % p.days.len();
                let items = &mut p.days[day].items;
                let index = index % items.len();
                let item = &mut items[index];
                item.start += TimeDelta::minutes(shift);
                item.end = item.start + TimeDelta::minutes(length);
                if flag == 0 {
                    item.state = State::Cancelled;
                }
                outline.renew_day(&p, day);
            }
            proptest::prop_assert_eq!(&outline, &Outline::of(&p));
            for minutes in probes {
                let now = start + TimeDelta::minutes(minutes) + TimeDelta::seconds(minutes % 7);
                let m = locate_in(&p, &outline, now);
                let (day, running, next) = walk(&p, now);
                proptest::prop_assert_eq!(m.day, day);
                proptest::prop_assert_eq!(titles(&m.running), titles(&running));
                proptest::prop_assert_eq!(
                    m.running.iter().map(|i| i.start).collect::<Vec<_>>(),
                    running.iter().map(|i| i.start).collect::<Vec<_>>()
                );
                proptest::prop_assert_eq!(m.next.map(|i| (i.start, &i.title)), next.map(|i| (i.start, &i.title)));
            }
        }
    }
}
