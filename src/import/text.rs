//! Texts and small values as publishers write them: one-line texts, free-text types, states,
//! durations, colours. Descriptions (HTML) are `text/html.rs`'s; title markers (`[CANCELLED] …`)
//! `text/title.rs`'s.

mod html;
mod title;

use crate::model::{Kind, State};

pub(super) use html::description;
pub(super) use title::{TitleMark, title_mark};

/// A one-line text (title, room, speaker): control characters dropped, runs of spaces and line
/// breaks made one space, trimmed. `None` when nothing is left.
pub(super) fn line(s: &str) -> Option<String> {
    let mut out = String::with_capacity(s.len());
    for word in s
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    (!out.is_empty()).then_some(out)
}

/// Joins an abstract and a description, dropping a repeat.
pub(super) fn join_descriptions(parts: &[Option<String>]) -> Option<String> {
    let mut kept: Vec<&str> = Vec::new();
    for p in parts.iter().flatten() {
        if !kept.contains(&p.as_str()) {
            kept.push(p);
        }
    }
    (!kept.is_empty()).then(|| kept.join("\n\n"))
}

/// The deroule kind for a frab/pretalx/c3voc `type` (free text) or an iCalendar category.
/// `None` for an empty type (the default kind applies); [`Kind::Other`] for an unknown one.
/// A type the table does not know as a whole is read by its first word: pretalx types are
/// free text (`Talk 30 min + 10min Q&A`, `Workshop 110min`).
pub(super) fn kind(t: &str) -> Option<Kind> {
    let squeeze = |s: &str| -> String {
        s.chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect()
    };
    let key = squeeze(t);
    if key.is_empty() {
        return None;
    }
    let first = t
        .split(|c: char| !c.is_alphanumeric())
        .find(|w| !w.is_empty())
        .map(squeeze)
        .unwrap_or_default();
    Some(
        Kind::from_word(&key)
            .or_else(|| Kind::from_word(&first))
            .unwrap_or(Kind::Other),
    )
}

/// What a frab/c3voc/iCalendar `state`/`STATUS` means for the programme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Status {
    Keep(State),
    /// Rejected or deleted: not in the programme.
    Drop,
    Unknown,
}

pub(super) fn state(s: &str) -> Status {
    match s.trim().to_ascii_lowercase().as_str() {
        "" | "confirmed" | "accepted" | "scheduled" | "tentative" | "draft" | "submitted" => {
            Status::Keep(State::Confirmed)
        }
        "canceled" | "cancelled" | "withdrawn" => Status::Keep(State::Cancelled),
        "delayed" | "moved" | "rescheduled" => Status::Keep(State::Moved),
        "rejected" | "deleted" => Status::Drop,
        _ => Status::Unknown,
    }
}

/// A frab duration in minutes: `HH:MM`, `H:MM`, or `D:HH:MM` (pretalx, days first).
pub(super) fn frab_duration(s: &str) -> Option<i64> {
    let parts: Vec<&str> = s.trim().split(':').collect();
    let number = |p: &str| -> Option<i64> {
        (!p.is_empty() && p.len() <= 6 && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse().ok())
            .flatten()
    };
    let (days, hours, minutes) = match parts.as_slice() {
        [h, m] => (0, number(h)?, number(m)?),
        [d, h, m] => (number(d)?, number(h)?, number(m)?),
        _ => return None,
    };
    let two = |p: &str| p.len() == 2;
    if minutes >= 60 || !two(parts[parts.len() - 1]) || (parts.len() == 3 && !two(parts[1])) {
        return None;
    }
    if parts.len() == 3 && hours >= 24 {
        return None;
    }
    Some(days * 24 * 60 + hours * 60 + minutes)
}

/// An ISO 8601 / RFC 5545 duration in minutes: `PT1H30M`, `P1D`, `P1W`, `-PT15M`. Seconds are
/// dropped. `None` when it is not one.
pub(super) fn iso_duration(s: &str) -> Option<i64> {
    let s = s.trim();
    let (sign, s) = match s.strip_prefix('-') {
        Some(r) => (-1, r),
        None => (1, s.strip_prefix('+').unwrap_or(s)),
    };
    let s = s.strip_prefix(['P', 'p'])?;
    if s.is_empty() {
        return None;
    }
    let mut minutes = 0i64;
    let mut seconds = 0i64;
    let mut in_time = false;
    let mut number = String::new();
    let mut any = false;
    for c in s.chars() {
        match c.to_ascii_uppercase() {
            '0'..='9' => number.push(c),
            'T' if !in_time && number.is_empty() => in_time = true,
            unit => {
                let n: i64 = number.parse().ok()?;
                number.clear();
                any = true;
                let per = match (unit, in_time) {
                    ('W', false) => 7 * 24 * 60,
                    ('D', false) => 24 * 60,
                    ('H', true) => 60,
                    ('M', true) => 1,
                    ('S', true) => {
                        seconds = seconds.checked_add(n)?;
                        continue;
                    }
                    _ => return None,
                };
                minutes = minutes.checked_add(n.checked_mul(per)?)?;
            }
        }
    }
    if !number.is_empty() || !any {
        return None;
    }
    Some(sign * minutes.checked_add(seconds / 60)?)
}

/// `#rrggbb` (or `#rgb`, widened) in lower case; `None` for anything else.
pub(super) fn colour(s: &str) -> Option<String> {
    let hex = s.trim().strip_prefix('#')?;
    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    match hex.len() {
        6 => Some(format!("#{}", hex.to_ascii_lowercase())),
        3 => Some(format!(
            "#{}",
            hex.chars()
                .flat_map(|c| [c, c])
                .collect::<String>()
                .to_ascii_lowercase()
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_texts_are_collapsed() {
        assert_eq!(
            line("  A\n  talk\u{1b}[31m\t! ").as_deref(),
            Some("A talk [31m !")
        );
        assert_eq!(line(" \n "), None);
    }

    #[test]
    fn frab_durations() {
        assert_eq!(frab_duration("00:50"), Some(50));
        assert_eq!(frab_duration("1:30"), Some(90));
        assert_eq!(frab_duration("26:00"), Some(1560));
        assert_eq!(frab_duration("1:02:30"), Some(24 * 60 + 150));
        for bad in [
            "", "90", "1h", "1:5", "1:75", "0:24:00", "a:bc", "1:2:3:4", "-1:00",
        ] {
            assert_eq!(frab_duration(bad), None, "{bad}");
        }
    }

    #[test]
    fn iso_durations() {
        assert_eq!(iso_duration("PT1H30M"), Some(90));
        assert_eq!(iso_duration("P1D"), Some(1440));
        assert_eq!(iso_duration("P1DT2H"), Some(1560));
        assert_eq!(iso_duration("P2W"), Some(20160));
        assert_eq!(iso_duration("-PT15M"), Some(-15));
        assert_eq!(iso_duration("PT90S"), Some(1));
        for bad in ["", "P", "PT", "1H", "PT1X", "P1H", "PTM"] {
            assert_eq!(iso_duration(bad), None, "{bad}");
        }
    }

    #[test]
    fn kinds_from_free_text() {
        assert_eq!(kind("lecture"), Some(Kind::Talk));
        assert_eq!(kind("Lightning Talk"), Some(Kind::Talk));
        assert_eq!(kind("LIGHTNING_TALK"), Some(Kind::Talk));
        assert_eq!(kind("HANDS-ON"), Some(Kind::Workshop));
        assert_eq!(kind("bof"), Some(Kind::Session));
        assert_eq!(kind("podium"), Some(Kind::Panel));
        assert_eq!(kind("Coffee Break"), Some(Kind::Break));
        assert_eq!(kind("mystery"), Some(Kind::Other));
        assert_eq!(kind(" "), None);
    }

    #[test]
    fn free_text_types_are_read_by_their_first_word() {
        assert_eq!(kind("Talk 30 min + 10min Q&A"), Some(Kind::Talk));
        assert_eq!(kind("Workshop 110min"), Some(Kind::Workshop));
        assert_eq!(kind("Lunch (provided)"), Some(Kind::Meal));
        assert_eq!(kind("Mystery 20 min"), Some(Kind::Other));
    }

    #[test]
    fn colours() {
        assert_eq!(colour("#3366CC").as_deref(), Some("#3366cc"));
        assert_eq!(colour("#abc").as_deref(), Some("#aabbcc"));
        assert_eq!(colour("red"), None);
        assert_eq!(colour("#12345"), None);
    }
}
