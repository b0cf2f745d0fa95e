//! The one sanitiser for text that came from a file and is printed to a terminal: by `check`,
//! `now`, `agenda`, `report`, `export`, `import` and every error message.
//!
//! A file must not drive the terminal: control characters (ESC and the sequences it starts, OSC 52
//! clipboard writes, window-title changes, BEL, backspace, carriage returns, C1 controls) become
//! their visible pictures (`ESC` → `␛`), bidi overrides become `�`. Nothing is removed, so a
//! message still shows where the odd character was. The TUI draws with the same pictures
//! (`crate::text`). This module knows no file format and no terminal library.

use std::borrow::Cow;

/// Characters that must not reach a terminal as they are: controls and bidi overrides.
pub fn is_unsafe(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// The visible, inert picture of `c`: C0 controls as their Control Pictures (`␛`, `␇`), DEL as
/// `␡`, other controls (C1) and bidi overrides as `�`; newline, CR and tab as a space.
pub fn picture(c: char) -> char {
    match c {
        '\n' | '\t' | '\r' => ' ',
        c if (c as u32) < 0x20 => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
        '\u{7f}' => '␡',
        c if is_unsafe(c) => '\u{fffd}',
        c => c,
    }
}

/// One line: every unsafe character made visible, and CR, LF and tab made spaces, so the result
/// is exactly one line whatever the file held (`deroule now`'s status line, a title in a message).
pub fn line(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.chars().map(picture).collect())
}

/// Several lines: line ends (`\n`, `\r\n`) and tabs kept, every other unsafe character made
/// visible (a lone `\r`, which would overwrite the line, becomes a space).
pub fn text(s: &str) -> Cow<'_, str> {
    if !s
        .chars()
        .any(|c| is_unsafe(c) && c != '\n' && c != '\t' && c != '\r')
    {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' | '\t' => out.push(c),
            '\r' if chars.peek() == Some(&'\n') => out.push(c),
            c => out.push(picture(c)),
        }
    }
    Cow::Owned(out)
}

/// At most `max` characters of `s` (an excerpt of a file in a message), as one inert line, with
/// `…` when cut.
pub fn excerpt(s: &str, max: usize) -> String {
    let mut out: String = s.chars().take(max).map(picture).collect();
    if s.chars().nth(max).is_some() {
        out.push('…');
    }
    out
}

/// Writes `text` and a newline to standard error, inert. A closed stderr is not worth a panic.
pub fn eprintln(text: &str) {
    use std::io::Write as _;
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(self::text(text).as_bytes());
    let _ = err.write_all(b"\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOSTILE: &str =
        "a\u{1b}]52;c;ZWNobyBwd25lZA==\u{7}b\u{1b}]0;pwned\u{7}c\rd\te\nf\u{9b}g\u{202e}h";

    #[test]
    fn a_line_has_no_control_left() {
        let out = line(HOSTILE);
        assert_eq!(
            out,
            "a␛]52;c;ZWNobyBwd25lZA==␇b␛]0;pwned␇c d e f\u{fffd}g\u{fffd}h"
        );
        assert!(!out.chars().any(is_unsafe));
    }

    #[test]
    fn text_keeps_line_ends_and_tabs_only() {
        let out = text(HOSTILE);
        assert_eq!(
            out,
            "a␛]52;c;ZWNobyBwd25lZA==␇b␛]0;pwned␇c d\te\nf\u{fffd}g\u{fffd}h"
        );
        assert_eq!(text("a\r\nb\tc\n"), "a\r\nb\tc\n");
    }

    #[test]
    fn plain_text_is_borrowed() {
        assert!(matches!(line("Café «Q&A»"), Cow::Borrowed(_)));
        assert!(matches!(text("a\nb\tc\r\n"), Cow::Borrowed(_)));
    }

    #[test]
    fn an_excerpt_is_short_and_inert() {
        assert_eq!(excerpt("ab\u{1b}cdef", 4), "ab␛c…");
        assert_eq!(excerpt("abc", 4), "abc");
    }
}
