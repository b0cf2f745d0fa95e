//! Times of day and durations as people write them in a programme.
//!
//! Owns the accepted spellings (documented in `docs/format.md`) and nothing else: no dates, no
//! zones. Every function returns a message that says what was expected, ready for a diagnostic.

use std::fmt;

/// A wall-clock time on an event day, in minutes after midnight. `24:00` is accepted (as an end).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub struct WallTime {
    minutes: u32,
}

impl WallTime {
    pub const MIDNIGHT: WallTime = WallTime { minutes: 0 };

    pub fn from_hm(hours: u32, minutes: u32) -> Option<WallTime> {
        let total = hours.checked_mul(60)?.checked_add(minutes)?;
        (minutes < 60 && total <= 24 * 60).then_some(WallTime { minutes: total })
    }

    pub fn minutes(self) -> u32 {
        self.minutes
    }

    pub fn hour(self) -> u32 {
        self.minutes / 60
    }

    pub fn minute(self) -> u32 {
        self.minutes % 60
    }
}

impl fmt::Display for WallTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.hour(), self.minute())
    }
}

const TIME_EXPECTED: &str = "expected a time like `9h`, `9h30`, `09:30` or `14:05`";
const DURATION_EXPECTED: &str =
    "expected a duration like `45m`, `1h`, `1h30`, `01:30` or a number of minutes such as `90`";

/// Parses `09:00`, `9:00`, `9h`, `9h30`, `14h05` (also `9H30`). Hours 0–24, minutes two digits.
/// A range (`11h-11h10`, `9:00 to 10:30`) is refused with the two fields to write instead.
pub fn parse_time(text: &str) -> Result<WallTime, String> {
    one_time(text).map_err(|message| {
        let range = [" to ", " à ", "–", "—", "-"].iter().find_map(|sep| {
            let (a, b) = text.split_once(sep)?;
            (one_time(a).is_ok() && one_time(b).is_ok()).then(|| (a.trim(), b.trim()))
        });
        match range {
            Some((from, to)) => format!(
                "`{text}` is a range, not a time of day: write its start and its end apart, \
                 `start: {from}` and `end: {to}`"
            ),
            None => message,
        }
    })
}

fn one_time(text: &str) -> Result<WallTime, String> {
    let s = text.trim();
    let bad = || format!("`{text}` is not a time of day; {TIME_EXPECTED}");
    let (hours, minutes) = if let Some((h, m)) = s.split_once(':') {
        if m.len() != 2 {
            return Err(bad());
        }
        (h, m)
    } else if let Some((h, m)) = s.split_once(['h', 'H']) {
        if !(m.is_empty() || m.len() == 2) {
            return Err(bad());
        }
        (h, if m.is_empty() { "0" } else { m })
    } else {
        return Err(bad());
    };
    if hours.is_empty() || hours.len() > 2 {
        return Err(bad());
    }
    let hours = digits(hours).ok_or_else(bad)?;
    let minutes = digits(minutes).ok_or_else(bad)?;
    if minutes >= 60 {
        return Err(format!(
            "`{text}`: minutes must be below 60; {TIME_EXPECTED}"
        ));
    }
    WallTime::from_hm(hours, minutes)
        .ok_or_else(|| format!("`{text}`: hours must be between 0 and 24 (24:00 only as an end)"))
}

/// Parses a duration into minutes: `45m`, `45min`, `1h`, `1h30`, `1h30m`, `01:30`, `1:30`, `90`.
/// Zero and negative durations are refused.
pub fn parse_duration(text: &str) -> Result<u32, String> {
    let s = text.trim();
    let bad = || format!("`{text}` is not a duration; {DURATION_EXPECTED}");
    // A number YAML read as a float (`1e3`, `1.5`): kept as `1000.0` by the wire format, so its
    // exponent or fraction is not taken for minutes.
    let numeric = s
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'));
    if numeric && s.contains(['.', 'e', 'E']) && s.starts_with(|c: char| c.is_ascii_digit()) {
        return Err(format!(
            "`{text}` is not a duration (a number with a fraction or an exponent); \
             {DURATION_EXPECTED}"
        ));
    }
    let minutes = if let Some(n) = digits(s) {
        n
    } else if let Some(m) = s.strip_suffix("min").or_else(|| s.strip_suffix('m')) {
        if let Some((h, m)) = m.split_once(['h', 'H']) {
            hours_minutes(h, m).ok_or_else(bad)?
        } else {
            digits(m.trim_end()).ok_or_else(bad)?
        }
    } else if let Some((h, m)) = s.split_once(['h', 'H']) {
        hours_minutes(h, m).ok_or_else(bad)?
    } else if let Some((h, m)) = s.split_once(':') {
        if m.len() != 2 {
            return Err(bad());
        }
        hours_minutes(h, m).ok_or_else(bad)?
    } else {
        return Err(bad());
    };
    if minutes == 0 {
        return Err(format!("`{text}`: a duration must be longer than zero"));
    }
    if minutes > MAX_DURATION {
        return Err(format!(
            "`{text}` is {}: a duration must be at most 7 days (`{MAX_DURATION}` minutes)",
            format_minutes(i64::from(minutes))
        ));
    }
    Ok(minutes)
}

/// The longest duration accepted, in minutes: a week (`999999:00`, 114 years, is a typo).
pub const MAX_DURATION: u32 = 7 * 24 * 60;

fn hours_minutes(h: &str, m: &str) -> Option<u32> {
    let hours = digits(h)?;
    let minutes = if m.is_empty() { 0 } else { digits(m)? };
    if minutes >= 60 || (m.len() != 2 && !m.is_empty()) {
        return None;
    }
    hours.checked_mul(60)?.checked_add(minutes)
}

/// Only ASCII digits, at most 6 of them (a year of minutes), so nothing overflows.
fn digits(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 6 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Formats minutes the way a programme reads them: `45 min`, `1 h`, `1 h 30`.
pub fn format_minutes(minutes: i64) -> String {
    let (h, m) = (minutes / 60, minutes % 60);
    match (h, m) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m:02}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case::colon_two_digits("09:00", 9, 0)]
    #[case::colon_one_digit("9:00", 9, 0)]
    #[case::french_hour("9h", 9, 0)]
    #[case::french_hour_minutes("9h30", 9, 30)]
    #[case::french_afternoon("14h05", 14, 5)]
    #[case::upper_h("9H30", 9, 30)]
    #[case::midnight("0h", 0, 0)]
    #[case::end_of_day("24:00", 24, 0)]
    #[case::surrounding_space(" 17h30 ", 17, 30)]
    fn accepted_times(#[case] text: &str, #[case] h: u32, #[case] m: u32) {
        let t = parse_time(text).expect("valid time");
        assert_eq!((t.hour(), t.minute()), (h, m));
    }

    #[rstest]
    #[case::empty("", "not a time")]
    #[case::words("noon", "not a time")]
    #[case::one_digit_minutes("9:5", "not a time")]
    #[case::one_digit_minutes_h("9h5", "not a time")]
    #[case::minutes_too_big("9h75", "below 60")]
    #[case::hours_too_big("25:00", "between 0 and 24")]
    #[case::past_24("24:30", "between 0 and 24")]
    #[case::seconds("09:00:00", "not a time")]
    #[case::am_pm("9am", "not a time")]
    #[case::range(
        "11h-11h10",
        "`11h-11h10` is a range, not a time of day: write its start and its end apart, `start: 11h` and `end: 11h10`"
    )]
    #[case::range_with_words("9:00 to 10:30", "`start: 9:00` and `end: 10:30`")]
    #[case::negative("-1:00", "not a time")]
    #[case::three_digit_hours("123:00", "not a time")]
    #[case::unicode_digits("٩h", "not a time")]
    fn refused_times(#[case] text: &str, #[case] fragment: &str) {
        let err = parse_time(text).expect_err("must be refused");
        assert!(err.contains(fragment), "{err}");
        assert!(
            err.contains("expected") || err.contains("between") || err.contains("write"),
            "{err}"
        );
    }

    #[rstest]
    #[case::minutes_m("45m", 45)]
    #[case::minutes_min("45min", 45)]
    #[case::minutes_space_min("45 min", 45)]
    #[case::hour("1h", 60)]
    #[case::hour_minutes("1h30", 90)]
    #[case::hour_minutes_m("1h30m", 90)]
    #[case::colon("01:30", 90)]
    #[case::colon_short("1:30", 90)]
    #[case::bare_minutes("90", 90)]
    #[case::long("26h", 26 * 60)]
    fn accepted_durations(#[case] text: &str, #[case] minutes: u32) {
        assert_eq!(parse_duration(text), Ok(minutes));
    }

    #[rstest]
    #[case::zero("0", "longer than zero")]
    #[case::zero_m("0m", "longer than zero")]
    #[case::negative("-5m", "not a duration")]
    #[case::decimal("1.5h", "not a duration")]
    #[case::seconds("90s", "not a duration")]
    #[case::words("an hour", "not a duration")]
    #[case::minutes_overflow_in_hour("1h75", "not a duration")]
    #[case::colon_one_digit("1:5", "not a duration")]
    #[case::huge("99999999", "not a duration")]
    #[case::exponent_as_read_from_yaml("1000.0", "a fraction or an exponent")]
    #[case::exponent("1e3", "a fraction or an exponent")]
    #[case::years_of_hours("999999:00", "is 999999 h: a duration must be at most 7 days")]
    #[case::years_of_minutes("20000", "a duration must be at most 7 days")]
    fn refused_durations(#[case] text: &str, #[case] fragment: &str) {
        let err = parse_duration(text).expect_err("must be refused");
        assert!(err.contains(fragment), "{err}");
    }

    #[rstest]
    #[case(15, "15 min")]
    #[case(60, "1 h")]
    #[case(90, "1 h 30")]
    #[case(125, "2 h 05")]
    fn minutes_read_as_in_a_programme(#[case] minutes: i64, #[case] text: &str) {
        assert_eq!(format_minutes(minutes), text);
    }
}
