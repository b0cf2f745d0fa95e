//! Text from a programme file made safe and fitted to columns.
//!
//! A programme must not drive the terminal: control characters (ESC, CSI, BEL, carriage returns,
//! bidi overrides) are shown as visible, inert symbols. Widths are counted in terminal columns
//! (CJK and emoji take two), so truncation never breaks alignment.

use std::borrow::Cow;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

fn is_unsafe(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// One line of text, inert: controls become their visible pictures (ESC → ␛), newlines and tabs
/// become spaces.
pub fn inert(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.chars().map(picture).collect())
}

/// Several lines of text, inert: newlines are kept, every other control is made visible.
pub fn inert_lines(s: &str) -> Vec<String> {
    s.lines().map(|l| inert(l).into_owned()).collect()
}

fn picture(c: char) -> char {
    match c {
        '\n' | '\t' | '\r' => ' ',
        c if (c as u32) < 0x20 => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
        '\u{7f}' => '␡',
        c if is_unsafe(c) => '\u{fffd}',
        c => c,
    }
}

/// Text for standard output, inert: line ends (`\n`, `\r\n`) and tabs kept, every other control
/// made visible, so a programme cannot drive the terminal through `deroule now` or `agenda`.
pub fn terminal_safe(s: &str) -> Cow<'_, str> {
    let mut chars = s.chars().peekable();
    if !s
        .chars()
        .any(|c| is_unsafe(c) && c != '\n' && c != '\t' && c != '\r')
    {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    while let Some(c) = chars.next() {
        match c {
            '\n' | '\t' => out.push(c),
            '\r' if chars.peek() == Some(&'\n') => out.push(c),
            c => out.push(picture(c)),
        }
    }
    Cow::Owned(out)
}

pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// `s` cut to at most `max` columns, ending with `…` when cut.
pub fn fit(s: &str, max: usize) -> Cow<'_, str> {
    if width(s) <= max {
        return Cow::Borrowed(s);
    }
    if max == 0 {
        return Cow::Borrowed("");
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > max - 1 {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    Cow::Owned(out)
}

/// `s` fitted to exactly `columns` columns: cut, or padded with spaces on the right.
pub fn pad(s: &str, columns: usize) -> String {
    let cut = fit(s, columns);
    let fill = columns.saturating_sub(width(&cut));
    format!("{cut}{}", " ".repeat(fill))
}

/// `s` fitted to exactly `columns` columns, aligned right.
pub fn pad_left(s: &str, columns: usize) -> String {
    let cut = fit(s, columns);
    let fill = columns.saturating_sub(width(&cut));
    format!("{}{cut}", " ".repeat(fill))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_are_shown_not_obeyed() {
        let hostile = "Talk\u{1b}[2J\u{1b}]0;pwned\u{7}\r\u{9b}31m\u{202e}end";
        let shown = inert(hostile);
        assert!(!shown.chars().any(is_unsafe), "{shown:?}");
        assert_eq!(shown, "Talk␛[2J␛]0;pwned␇ \u{fffd}31m\u{fffd}end");
        assert!(matches!(inert("Pause déjeuner"), Cow::Borrowed(_)));
    }

    #[test]
    fn fitting_counts_columns_not_bytes() {
        assert_eq!(fit("Échange de savoirs", 7), "Échang…");
        assert_eq!(width(&fit("会議室で話す", 5)), 5);
        assert_eq!(
            width(&fit("会議室で話す", 4)),
            3,
            "a wide char never overflows"
        );
        assert_eq!(fit("会議室で話す", 5), "会議…");
        assert_eq!(width(&pad("会議", 6)), 6);
        assert_eq!(pad_left("9:48", 6), "  9:48");
        assert_eq!(fit("abc", 0), "");
        assert_eq!(fit("abc", 1), "…");
    }
}
