//! The formats deroule reads, and telling them apart by a file's content (not its name): the
//! first bytes for XML, JSON and iCalendar; for YAML, whether it looks like a programme or like
//! YAML written for another tool (which the loader then describes as not deroule's).

use std::fmt;

/// The formats deroule reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// deroule's own YAML programme (`docs/format.md`).
    DerouleYaml,
    /// frab / Pentabarf / pretalx `schedule.xml` (FOSDEM, CCC).
    FrabXml,
    /// frab / pretalx `schedule.json` (version 1: days, then rooms, then events).
    FrabJson,
    /// c3voc "schedule2" JSON: a flat list of events with `start` and `end`.
    Schedule2Json,
    /// iCalendar (`.ics`, RFC 5545).
    ICalendar,
}

impl Format {
    pub const ALL: [Format; 5] = [
        Format::DerouleYaml,
        Format::FrabXml,
        Format::FrabJson,
        Format::Schedule2Json,
        Format::ICalendar,
    ];

    /// A short name for messages: `frab XML`, `iCalendar`…
    pub fn name(self) -> &'static str {
        match self {
            Format::DerouleYaml => "deroule YAML",
            Format::FrabXml => "frab XML",
            Format::FrabJson => "frab JSON",
            Format::Schedule2Json => "c3voc schedule2 JSON",
            Format::ICalendar => "iCalendar",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The format of a file, from its content (not its name). `None` when it is none of them.
pub fn detect(bytes: &[u8]) -> Option<Format> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace())?;
    let rest = &bytes[start..];
    match rest[0] {
        b'<' => super::frab_xml::detect(rest),
        b'{' => super::frab_json::detect(rest).or_else(|| looks_like_yaml(rest)),
        _ if rest.len() >= 15 && rest[..15].eq_ignore_ascii_case(b"BEGIN:VCALENDAR") => {
            Some(Format::ICalendar)
        }
        _ => looks_like_yaml(rest),
    }
}

/// A deroule programme: a line that starts with one of its top-level keys; or YAML of another
/// shape (a line, not indented, that starts a list entry or a `key:`), which the loader then
/// describes as not deroule's, with what deroule expects.
fn looks_like_yaml(bytes: &[u8]) -> Option<Format> {
    const KEYS: [&str; 6] = ["title", "time_zone", "days", "items", "date", "day_change"];
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(64 * 1024)]);
    let flow = text.trim_start().strip_prefix('{');
    let found = text.lines().chain(flow).any(|line| {
        let line = line.trim_start_matches(['{', ' ']);
        KEYS.iter().any(|k| {
            line.strip_prefix(k)
                .is_some_and(|r| r.trim_start().starts_with(':'))
        })
    });
    let yaml_shaped = || {
        text.lines().any(|line| {
            let key = line
                .split_once(':')
                .map(|(k, rest)| (k, rest.is_empty() || rest.starts_with(' ')));
            line.starts_with("- ")
                || key.is_some_and(|(k, spaced)| {
                    spaced
                        && k.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
                        && k.chars().all(|c| c.is_alphanumeric() || "_- ".contains(c))
                })
        })
    };
    (found || yaml_shaped()).then_some(Format::DerouleYaml)
}
