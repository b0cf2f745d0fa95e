//! Texts and small values as publishers write them: HTML descriptions, free-text types, states,
//! durations.

use std::fmt::Write;

use quick_xml::escape::resolve_html5_entity;

use crate::model::{Kind, State};

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

/// A description: HTML made plain text (tags removed, entities decoded, paragraphs kept as blank
/// lines, links written `text <url>`); other text (plain, Markdown) kept with its line breaks.
pub(super) fn description(s: &str) -> Option<String> {
    let text = if looks_like_html(s) {
        html_to_text(s)
    } else {
        decode_entities(s)
    };
    tidy(&text)
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

const HTML_TAGS: [&str; 40] = [
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "dd",
    "del",
    "div",
    "dl",
    "dt",
    "em",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "li",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "section",
    "small",
    "span",
    "strong",
    "sub",
    "sup",
    "table",
    "td",
    "tr",
    "u",
    "ul",
];

/// Whether `s` holds at least one known HTML tag (`<p>`, `</a>`, `<br/>`…).
fn looks_like_html(s: &str) -> bool {
    s.match_indices('<').any(|(i, _)| {
        tag_at(&s[i..]).is_some_and(|t| HTML_TAGS.contains(&t.name.as_str()) || t.comment)
    })
}

/// A tag read at the start of `s` (which begins with `<`).
struct Tag {
    name: String,
    closing: bool,
    /// Bytes the tag takes, `<` to `>` included.
    len: usize,
    href: Option<String>,
    alt: Option<String>,
    comment: bool,
}

fn tag_at(s: &str) -> Option<Tag> {
    if let Some(rest) = s.strip_prefix("<!--") {
        let end = rest.find("-->")?;
        return Some(Tag {
            name: String::new(),
            closing: false,
            len: 4 + end + 3,
            href: None,
            alt: None,
            comment: true,
        });
    }
    let body = s.strip_prefix('<')?;
    let (closing, body) = match body.strip_prefix('/') {
        Some(b) => (true, b),
        None => (false, body),
    };
    let name_len = body
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(body.len());
    if name_len == 0 || !body.as_bytes()[0].is_ascii_alphabetic() {
        return None;
    }
    let after = &body[name_len..];
    if !(after.starts_with('>') || after.starts_with('/') || after.starts_with(char::is_whitespace))
    {
        return None;
    }
    let close = after.find('>')?;
    // A `<` before the `>` means this was not a tag (`a <b and c> d` is still read as one).
    if after[..close].contains('<') {
        return None;
    }
    let attrs = &after[..close];
    Some(Tag {
        name: body[..name_len].to_ascii_lowercase(),
        closing,
        len: s.len() - after.len() + close + 1,
        href: attribute(attrs, "href"),
        alt: attribute(attrs, "alt"),
        comment: false,
    })
}

/// The value of attribute `name` in the inside of a tag (`href="…"`, `href='…'`, `href=…`).
fn attribute(attrs: &str, name: &str) -> Option<String> {
    let lower = attrs.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find(name) {
        let at = from + i;
        from = at + name.len();
        let before_ok = at == 0 || lower.as_bytes()[at - 1].is_ascii_whitespace();
        let rest = attrs[from..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let rest = rest[1..].trim_start();
        let value = match rest.chars().next() {
            Some(q @ ('"' | '\'')) => rest[1..].split(q).next().unwrap_or(""),
            _ => rest.split(char::is_whitespace).next().unwrap_or(""),
        };
        return Some(decode_entities(value));
    }
    None
}

fn html_to_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pre = 0usize;
    let mut skip: Option<String> = None;
    let mut links: Vec<(Option<String>, usize)> = Vec::new();
    let mut lists: Vec<Option<u32>> = Vec::new();
    let mut i = 0;
    while i < s.len() {
        let rest = &s[i..];
        if rest.starts_with('<')
            && let Some(tag) = tag_at(rest)
        {
            i += tag.len;
            if let Some(until) = &skip {
                if tag.closing && &tag.name == until {
                    skip = None;
                }
                continue;
            }
            if tag.comment {
                continue;
            }
            match (tag.name.as_str(), tag.closing) {
                ("script" | "style", false) => skip = Some(tag.name),
                ("br", _) | ("tr" | "dt" | "dd", false) => out.push('\n'),
                (
                    "p" | "div" | "section" | "article" | "blockquote" | "figure" | "table"
                    | "header" | "footer" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "hr" | "dl",
                    _,
                ) => {
                    out.push_str("\n\n");
                }
                ("pre", false) => {
                    out.push_str("\n\n");
                    pre += 1;
                }
                ("pre", true) => {
                    out.push_str("\n\n");
                    pre = pre.saturating_sub(1);
                }
                ("ul", false) => {
                    out.push('\n');
                    lists.push(None);
                }
                ("ol", false) => {
                    out.push('\n');
                    lists.push(Some(0));
                }
                ("ul" | "ol", true) => {
                    lists.pop();
                    out.push('\n');
                }
                ("li", false) => {
                    out.push('\n');
                    let depth = lists.len().saturating_sub(1);
                    out.push_str(&"  ".repeat(depth));
                    match lists.last_mut() {
                        Some(Some(n)) => {
                            *n += 1;
                            let _ = write!(out, "{n}. ");
                        }
                        _ => out.push_str("- "),
                    }
                }
                ("td" | "th", false) => out.push(' '),
                ("a", false) => links.push((tag.href, out.len())),
                ("a", true) => {
                    if let Some((Some(href), from)) = links.pop() {
                        let shown = out.get(from..).unwrap_or("").trim().to_owned();
                        let href = href.trim();
                        let worth = !href.is_empty()
                            && !href.starts_with('#')
                            && !href.starts_with("javascript:")
                            && shown != href
                            && shown != href.trim_start_matches("mailto:");
                        if worth {
                            let _ = write!(out, " <{href}>");
                        }
                    }
                }
                ("img", _) => {
                    if let Some(alt) = tag.alt.as_deref().and_then(line) {
                        let _ = write!(out, "[{alt}]");
                    }
                }
                _ => {}
            }
            continue;
        }
        // Text up to the next `<` that may start a tag.
        let first = rest.chars().next().map_or(1, char::len_utf8);
        let next = rest[first..].find('<').map_or(rest.len(), |n| n + first);
        if skip.is_none() {
            let chunk = decode_entities(&rest[..next]);
            if pre > 0 {
                out.push_str(&chunk);
            } else {
                push_collapsed(&mut out, &chunk);
            }
        }
        i += next;
    }
    out
}

/// Appends `text` with each run of white space made one space (HTML's rendering of text).
fn push_collapsed(out: &mut String, text: &str) {
    for c in text.chars() {
        if c.is_whitespace() {
            if !out.ends_with([' ', '\n']) && !out.is_empty() {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
}

/// Decodes `&amp;`, `&eacute;`, `&#233;`, `&#xE9;`; anything else is kept as written.
fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest[1..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
            .map(|n| n + 1);
        let decoded = match end {
            Some(end) if rest[end..].starts_with(';') => {
                let name = &rest[1..end];
                entity(name).map(|text| (text, end + 1))
            }
            _ => None,
        };
        match decoded {
            Some((text, len)) => {
                out.push_str(&text);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<String> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code)
            .filter(|c| *c != '\0')
            .map(String::from);
    }
    resolve_html5_entity(name).map(str::to_owned)
}

/// Line breaks normalised, control characters dropped, spaces trimmed at line ends, at most one
/// blank line in a row, no blank lines around.
fn tidy(s: &str) -> Option<String> {
    let mut out = String::with_capacity(s.len());
    let mut blank = 0;
    for raw in s.replace("\r\n", "\n").replace('\r', "\n").split('\n') {
        let clean: String = raw
            .chars()
            .map(|c| if c == '\t' || c == '\u{a0}' { ' ' } else { c })
            .filter(|c| !c.is_control())
            .collect();
        let clean = clean.trim_end();
        if clean.trim().is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        out.push_str(clean);
    }
    // The loader trims texts: an indented first line would not read back the same.
    let out = out.trim_start();
    (!out.is_empty()).then(|| out.to_owned())
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

/// Whether a title says the event is cancelled, as publishers mark it when their system has no
/// state for it (FOSDEM's pretalx): a marker word (`CANCELLED`, `CANCELED`, `ABGESAGT`,
/// `ENTFÄLLT`, `ANNULÉ`, any case) in brackets or followed by `:` or a dash at the start
/// (`[CANCELED] …`, `(CANCELLED) …`, `CANCELLED: …`), or in brackets or after a dash at the end
/// (`… - CANCELLED, replaced by …`, `… (ANNULÉ)`). A title that only mentions the word (`REPLACES
/// CANCELLED TALK`, `Cancelling POSIX syscalls`) is not a marker.
pub(super) fn cancelled_title(title: &str) -> bool {
    marked_title(title, |w| {
        matches!(
            w,
            "cancelled" | "canceled" | "abgesagt" | "entfällt" | "annulé" | "annulée" | "annule"
        )
    })
}

/// What a title's marker says of its event (see [`cancelled_title`] for the places a marker
/// may take).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum TitleMark {
    Cancelled,
    /// Marked cancelled, but the title says what takes its place (`… - CANCELLED, replaced by
    /// a panel`, `(CANCELLED) X - (AMA … Instead)`): the slot still happens.
    Replaced,
    /// `[RESCHEDULED] …`, `MOVED: …`, `VERSCHOBEN: …`, `(DÉPLACÉ)`.
    Rescheduled,
}

/// The state a title's marker gives its event, if it has one.
pub(super) fn title_mark(title: &str) -> Option<TitleMark> {
    if cancelled_title(title) {
        let lower = title.to_lowercase();
        let replaced = [
            "replaced by",
            "replacement",
            "instead",
            "ersetzt durch",
            "stattdessen",
            "remplacé par",
            "remplacée par",
            "à la place",
        ]
        .iter()
        .any(|w| lower.contains(w));
        return Some(if replaced {
            TitleMark::Replaced
        } else {
            TitleMark::Cancelled
        });
    }
    marked_title(title, |w| {
        matches!(
            w,
            "rescheduled"
                | "moved"
                | "verschoben"
                | "déplacé"
                | "déplacée"
                | "reporté"
                | "reportée"
        )
    })
    .then_some(TitleMark::Rescheduled)
}

/// Whether `title` carries a marker word (lower case) that `is_marker` accepts, in one of the
/// places of [`cancelled_title`].
fn marked_title(title: &str, is_marker: impl Fn(&str) -> bool) -> bool {
    /// The word at the start of `s`, and what follows it.
    fn word(s: &str) -> (&str, &str) {
        s.split_at(s.find(|c: char| !c.is_alphabetic()).unwrap_or(s.len()))
    }
    const DASHES: [char; 3] = ['-', '–', '—'];
    let is_marker = |w: &str| is_marker(w.trim().to_lowercase().as_str());
    let t = title.trim();
    // `[WORD] …`, `(WORD) …`
    for (open, close) in [('[', ']'), ('(', ')')] {
        if let Some(inner) = t.strip_prefix(open).and_then(|r| r.split_once(close))
            && is_marker(inner.0)
        {
            return true;
        }
        // `… (WORD)`
        if let Some(inner) = t.strip_suffix(close).and_then(|r| r.rsplit_once(open))
            && is_marker(inner.1)
        {
            return true;
        }
    }
    // `WORD: …`, `WORD - …`
    let (first, rest) = word(t);
    if is_marker(first)
        && rest
            .trim_start()
            .starts_with(|c| c == ':' || DASHES.contains(&c))
    {
        return true;
    }
    // `… - WORD`, `… - WORD, replaced by …`
    t.match_indices(DASHES).any(|(i, dash)| {
        let before = &t[..i];
        let after = &t[i + dash.len()..];
        if !before.ends_with(' ') || !after.starts_with(' ') {
            return false;
        }
        let (w, rest) = word(after.trim_start());
        is_marker(w) && (rest.is_empty() || rest.starts_with([',', ';', ':', '.', '!', ')']))
    })
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
    fn html_becomes_paragraphs_and_links() {
        let html = "<p>What was <em>your</em> first&nbsp;language?</p>\n<p>See \
                    <a href=\"https://logo.org\">Logo</a> &amp; <a href=\"https://x.org\">https://x.org</a>.</p>\
                    <ul><li>one</li><li>two</li></ul>";
        assert_eq!(
            description(html).as_deref(),
            Some(
                "What was your first language?\n\nSee Logo <https://logo.org> & https://x.org.\n\n- one\n- two"
            )
        );
    }

    #[test]
    fn plain_text_and_markdown_keep_their_lines() {
        let md = "# Title\r\n\r\n\r\nSome *text* with a < b and 3 > 2.\n  - item  \n";
        assert_eq!(
            description(md).as_deref(),
            Some("# Title\n\nSome *text* with a < b and 3 > 2.\n  - item")
        );
        assert_eq!(
            description("Caf&eacute; &#233;t&#xE9; &bogus; & co").as_deref(),
            Some("Café été &bogus; & co")
        );
        assert_eq!(description("  \n\t "), None);
    }

    #[test]
    fn scripts_comments_and_breaks() {
        let html = "a<br>b<!-- hidden --><script>x < y</script><br/>c";
        assert_eq!(description(html).as_deref(), Some("a\nb\nc"));
    }

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
    fn cancelled_titles_are_told_from_titles_that_mention_the_word() {
        for title in [
            "[CANCELED] The current state of debugging in WebAssembly",
            "CANCELLED: openSUSE: Engineering Stable Rolling Releases with OBS and openQA",
            "[CANCELLED] Something",
            "(CANCELLED) Funding the FOSS Ecosystem - (AMA with Devroom Organisers Instead)",
            "A PID control system based on the MOS 6502 - CANCELLED, replaced by a panel",
            "Cancelled - Some talk",
            "[ABGESAGT] Ein Vortrag",
            "ENTFÄLLT: Ein Vortrag",
            "ANNULÉ : Une présentation",
            "Une présentation (annulée)",
            "Une présentation – ANNULÉ",
        ] {
            assert!(cancelled_title(title), "{title}");
        }
        for title in [
            "Catalog Zones in the PowerDNS Recursor (TALK REPLACES CANCELLED TALK)",
            "Is Big DNS Taking Over? (REPLACES CANCELLED TALK)",
            "Cancelling POSIX syscalls in Managarm - an asynchronous microkernel-based OS",
            "Cancelled flights and open data",
            "Why my talk was cancelled",
            "Re-cancelled - cancellation semantics",
            "CANCELLED",
            "",
        ] {
            assert!(!cancelled_title(title), "{title}");
        }
    }

    #[test]
    fn free_text_types_are_read_by_their_first_word() {
        assert_eq!(kind("Talk 30 min + 10min Q&A"), Some(Kind::Talk));
        assert_eq!(kind("Workshop 110min"), Some(Kind::Workshop));
        assert_eq!(kind("Lunch (provided)"), Some(Kind::Meal));
        assert_eq!(kind("Mystery 20 min"), Some(Kind::Other));
    }

    #[test]
    fn title_markers_tell_cancelled_replaced_and_rescheduled() {
        let cases = [
            (
                "[CANCELED] Debugging WebAssembly",
                Some(TitleMark::Cancelled),
            ),
            (
                "A PID control system based on the MOS 6502 - CANCELLED, replaced by \
                 Retrocomputing panel discussion",
                Some(TitleMark::Replaced),
            ),
            (
                "(CANCELLED) Funding the FOSS Ecosystem - (AMA with Devroom Organisers Instead)",
                Some(TitleMark::Replaced),
            ),
            (
                "[RESCHEDULED] Building a browser",
                Some(TitleMark::Rescheduled),
            ),
            (
                "RESCHEDULED: Building a browser",
                Some(TitleMark::Rescheduled),
            ),
            ("Un atelier (reporté)", Some(TitleMark::Rescheduled)),
            ("How we moved to Rust", None),
            ("Rescheduled trains and open data", None),
        ];
        for (title, mark) in cases {
            assert_eq!(title_mark(title), mark, "{title}");
        }
    }

    #[test]
    fn colours() {
        assert_eq!(colour("#3366CC").as_deref(), Some("#3366cc"));
        assert_eq!(colour("#abc").as_deref(), Some("#aabbcc"));
        assert_eq!(colour("red"), None);
        assert_eq!(colour("#12345"), None);
    }
}
