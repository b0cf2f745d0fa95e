//! The only place that reads the wall clock.
//!
//! Everything else receives `now` as a value. The event loop asks a [`Clock`] for the time and for
//! how long to wait until a given programme instant; tests use [`FixedClock`].

use std::time::{Duration as StdDuration, Instant as Monotonic};

use chrono::{NaiveDate, NaiveTime, TimeDelta, TimeZone, Timelike, Utc};

use crate::cli::ClockArgs;
use crate::i18n::Lang;
use crate::model::timefmt::parse_time;
use crate::model::{Instant, Programme};

pub trait Clock {
    /// The programme time now.
    fn now(&self) -> Instant;

    /// Real time to wait until the clock reads `at` (zero when it is already past).
    fn until(&self, at: Instant) -> StdDuration;

    /// Real time since the viewer started, whatever the programme time does (stopped by
    /// `--at`, raced by `--speed`): for what must last real seconds, as the lobby's pages.
    fn elapsed(&self) -> StdDuration;
}

/// When the process first asked for real elapsed time.
fn started() -> Monotonic {
    static STARTED: std::sync::OnceLock<Monotonic> = std::sync::OnceLock::new();
    *STARTED.get_or_init(Monotonic::now)
}

/// The system clock, optionally shifted (`--today` replays an old programme on today's date).
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock {
    pub shift: TimeDelta,
}

impl Clock for SystemClock {
    fn now(&self) -> Instant {
        Utc::now() + self.shift
    }

    fn until(&self, at: Instant) -> StdDuration {
        (at - self.now()).to_std().unwrap_or_default()
    }

    fn elapsed(&self) -> StdDuration {
        started().elapsed()
    }
}

/// A clock that starts at a chosen instant (`--at`) and runs `speed` times faster than real time
/// (`--speed`; 0 freezes it).
#[derive(Debug, Clone, Copy)]
pub struct ScriptedClock {
    origin: Instant,
    started: Monotonic,
    speed: f64,
}

impl ScriptedClock {
    pub fn new(origin: Instant, speed: f64) -> Self {
        ScriptedClock {
            origin,
            started: Monotonic::now(),
            speed: speed.max(0.0),
        }
    }
}

impl Clock for ScriptedClock {
    fn now(&self) -> Instant {
        let real = self.started.elapsed().as_secs_f64() * self.speed;
        let micros = (real * 1e6).min(1e15) as i64;
        self.origin + TimeDelta::microseconds(micros)
    }

    fn until(&self, at: Instant) -> StdDuration {
        if self.speed == 0.0 {
            return StdDuration::MAX;
        }
        let programme = (at - self.now()).to_std().unwrap_or_default();
        programme.div_f64(self.speed)
    }

    fn elapsed(&self) -> StdDuration {
        self.started.elapsed()
    }
}

/// A clock stopped at one instant, for tests: no real time passes either.
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub Instant);

impl Clock for FixedClock {
    fn now(&self) -> Instant {
        self.0
    }

    fn until(&self, _at: Instant) -> StdDuration {
        StdDuration::MAX
    }

    fn elapsed(&self) -> StdDuration {
        StdDuration::ZERO
    }
}

/// The clock the command line asks for (`--at`, `--speed`, `--today`), and what the header
/// should say about it when it is not the real one.
pub fn from_args(
    args: &ClockArgs,
    programme: &Programme,
    lang: Lang,
) -> Result<(Box<dyn Clock + Send + Sync>, Option<String>), String> {
    let speed_note = |speed: f64| {
        if speed == 0.0 {
            lang.pick("clock stopped", "horloge arrêtée").to_owned()
        } else {
            format!("{} ×{speed}", lang.pick("clock", "horloge"))
        }
    };
    if let Some(at) = &args.at {
        let origin = parse_at(at, programme)?;
        let speed = args.speed.unwrap_or(0.0);
        return Ok((
            Box::new(ScriptedClock::new(origin, speed)),
            Some(speed_note(speed)),
        ));
    }
    let shift = if args.today {
        // Today's wall-clock time in the event's zone, on the first event day: a whole number of
        // days is not enough when today's offset differs from the event day's (DST).
        let first = programme.days.first().map(|d| d.date).unwrap_or_default();
        let real = Utc::now();
        let wall = real.with_timezone(&programme.tz).time();
        let replayed = programme
            .tz
            .from_local_datetime(&first.and_time(wall))
            .earliest();
        replayed.map_or(TimeDelta::zero(), |r| r.to_utc() - real)
    } else {
        TimeDelta::zero()
    };
    let note = args.today.then(|| {
        lang.pick("replayed on today's date", "rejoué à la date du jour")
            .to_owned()
    });
    match args.speed {
        Some(speed) => {
            let origin = SystemClock { shift }.now();
            let note = Some(match note {
                Some(n) => format!("{n}, {}", speed_note(speed)),
                None => speed_note(speed),
            });
            Ok((Box::new(ScriptedClock::new(origin, speed)), note))
        }
        None => Ok((Box::new(SystemClock { shift }), note)),
    }
}

/// Reads `--at`: `2022-07-01 10:20`, `2022-07-01T10:20:30`, or a time alone (`10:20`, `10h20`)
/// on the first event day. Times are the event's wall-clock times.
pub fn parse_at(text: &str, programme: &Programme) -> Result<Instant, String> {
    let expected = "expected `YYYY-MM-DD HH:MM`, `YYYY-MM-DDTHH:MM[:SS]` or a time such as `10:20`";
    let text = text.trim();
    let (date, time) = match text.split_once([' ', 'T']) {
        Some((d, t)) => {
            let date = NaiveDate::parse_from_str(d, "%Y-%m-%d")
                .map_err(|_| format!("`{d}` is not a date; {expected}"))?;
            (Some(date), t.trim())
        }
        None => (None, text),
    };
    let seconds_form = NaiveTime::parse_from_str(time, "%H:%M:%S").ok();
    // `24:00` is the end of its day: midnight of the next.
    let mut end_of_day = false;
    let clock = match seconds_form {
        Some(t) => t,
        None => {
            let wall = parse_time(time).map_err(|e| format!("--at {e}"))?;
            end_of_day = wall.hour() == 24;
            NaiveTime::from_hms_opt(wall.hour() % 24, wall.minute(), 0).unwrap_or_default()
        }
    };
    let date = match date {
        Some(d) if end_of_day => d + TimeDelta::days(1),
        Some(d) => d,
        None if end_of_day => {
            programme.days.first().map(|d| d.date).unwrap_or_default() + TimeDelta::days(1)
        }
        None => {
            let first = programme.days.first().map(|d| d.date).unwrap_or_default();
            let before_change =
                clock.num_seconds_from_midnight() < programme.day_change.minutes() * 60;
            first + TimeDelta::days(i64::from(before_change))
        }
    };
    programme
        .tz
        .from_local_datetime(&date.and_time(clock))
        .earliest()
        .map(|t| t.to_utc())
        .ok_or_else(|| {
            format!(
                "`{text}` does not exist in {} (the clocks go forward then)",
                programme.tz
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn scripted_clock_runs_faster_and_waits_less() {
        let origin = Utc
            .with_ymd_and_hms(2022, 7, 1, 9, 0, 0)
            .single()
            .expect("valid");
        let clock = ScriptedClock::new(origin, 60.0);
        assert!(clock.now() >= origin);
        // One programme minute is one real second at 60×.
        let wait = clock.until(origin + TimeDelta::minutes(1));
        assert!(wait <= StdDuration::from_secs(1), "{wait:?}");
        assert!(wait > StdDuration::from_millis(500), "{wait:?}");
        let frozen = ScriptedClock::new(origin, 0.0);
        assert_eq!(
            frozen.until(origin + TimeDelta::seconds(1)),
            StdDuration::MAX
        );
    }

    #[test]
    fn at_reads_event_wall_time() {
        let loaded = crate::model::load_str(crate::BUNDLED, "bundled").expect("bundled is valid");
        let p = &loaded.programme;
        let utc = |h, m, s| {
            Utc.with_ymd_and_hms(2022, 7, 1, h, m, s)
                .single()
                .expect("valid")
        };
        assert_eq!(parse_at("2022-07-01 11:05", p), Ok(utc(9, 5, 0)));
        assert_eq!(parse_at("2022-07-01T11:05", p), Ok(utc(9, 5, 0)));
        assert_eq!(parse_at("2022-07-01T11:05:30", p), Ok(utc(9, 5, 30)));
        assert_eq!(parse_at("10:20", p), Ok(utc(8, 20, 0)));
        assert_eq!(parse_at("9h30", p), Ok(utc(7, 30, 0)));
        assert!(
            parse_at("tomorrow", p)
                .expect_err("refused")
                .contains("expected")
        );
        assert!(
            parse_at("2022-13-01 10:00", p)
                .expect_err("refused")
                .contains("not a date")
        );
    }

    #[test]
    fn at_24_00_is_the_end_of_that_day() {
        let loaded = crate::model::load_str(crate::BUNDLED, "bundled").expect("bundled is valid");
        let p = &loaded.programme;
        // Paris is UTC+2 in July: the end of 1 July is 22:00 UTC, not the day's start.
        let end = Utc
            .with_ymd_and_hms(2022, 7, 1, 22, 0, 0)
            .single()
            .expect("valid");
        assert_eq!(parse_at("2022-07-01 24:00", p), Ok(end));
        assert_eq!(parse_at("24:00", p), Ok(end));
        assert_eq!(parse_at("24h", p), Ok(end));
        let leap = crate::model::load_str(
            "title: T\ntime_zone: UTC\ndate: 2024-02-29\nitems: [{title: A, start: 9h, end: 10h}]\n",
            "p.yaml",
        )
        .expect("valid")
        .programme;
        assert_eq!(
            parse_at("2024-02-29 24:00", &leap),
            Ok(Utc
                .with_ymd_and_hms(2024, 3, 1, 0, 0, 0)
                .single()
                .expect("valid"))
        );
    }
}
