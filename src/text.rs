//! Text from a programme file made safe and fitted to columns.
//!
//! A programme must not drive the terminal: control characters (ESC, CSI, BEL, carriage returns,
//! bidi overrides) are shown as visible, inert symbols. Widths are counted in terminal columns
//! (CJK and emoji take two), so truncation never breaks alignment.
//!
//! Emoji sequences are where terminals disagree with width tables and with each other: `❤️`
//! (U+2764 U+FE0F) is one column or two, `👩‍💻` (joined by U+200D) two or four, `👍🏽` two or four.
//! Shown text keeps only what every terminal draws alike: variation selectors, skin-tone
//! modifiers, emoji tags and the joiners between emoji are dropped (`❤`, `👩💻`, `👍`), so every
//! character's width is its own and a column border never moves.

use std::borrow::Cow;

use unicode_width::UnicodeWidthStr;

use crate::inert::{is_unsafe, picture};

/// Variation selectors (text / emoji presentation), skin-tone modifiers, emoji tag characters.
fn is_presentation(c: char) -> bool {
    matches!(
        c,
        '\u{fe0e}' | '\u{fe0f}' | '\u{1f3fb}'..='\u{1f3ff}' | '\u{e0020}'..='\u{e007f}'
    )
}

/// Pictographs that zero-width joiners glue into one emoji (in other scripts, such as
/// Devanagari, the joiner shapes letters and is kept).
fn is_pictograph(c: char) -> bool {
    matches!(
        c,
        '\u{2190}'..='\u{2bff}' | '\u{1f000}'..='\u{1faff}' | '\u{2122}' | '\u{2139}' | '\u{3030}'
    ) || is_presentation(c)
}

const ZWJ: char = '\u{200d}';

/// Whether `s` has a character [`inert`] drops or replaces.
fn needs_care(s: &str) -> bool {
    s.chars()
        .any(|c| is_unsafe(c) || is_presentation(c) || c == ZWJ)
}

/// One line of text, inert: controls become their visible pictures (ESC → ␛), newlines and tabs
/// become spaces, emoji sequences are taken apart (see the module's doc).
pub fn inert(s: &str) -> Cow<'_, str> {
    if !needs_care(s) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut previous = None;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        let drop = is_presentation(c)
            || (c == ZWJ
                && (previous.is_some_and(is_pictograph)
                    || chars.peek().copied().is_some_and(is_pictograph)));
        if !drop {
            out.push(picture(c));
        }
        previous = Some(c);
    }
    Cow::Owned(out)
}

/// Several lines of text, inert: newlines are kept, every other control is made visible.
pub fn inert_lines(s: &str) -> Vec<String> {
    s.lines().map(|l| inert(l).into_owned()).collect()
}

/// Text for standard output, inert: line ends (`\n`, `\r\n`) and tabs kept, every other control
/// made visible, so a programme cannot drive the terminal through `deroule now` or `agenda`.
pub fn terminal_safe(s: &str) -> Cow<'_, str> {
    crate::inert::text(s)
}

pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// `s` cut to at most `max` columns, ending with `…` when cut. Columns are counted on the cut
/// text as a whole, as [`width`] and ratatui count them (a sequence may be narrower than the sum
/// of its characters).
pub fn fit(s: &str, max: usize) -> Cow<'_, str> {
    if width(s) <= max {
        return Cow::Borrowed(s);
    }
    if max == 0 {
        return Cow::Borrowed("");
    }
    let mut out = String::new();
    for c in s.chars() {
        out.push(c);
        if width(&out) > max - 1 {
            out.pop();
            break;
        }
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
    use unicode_width::UnicodeWidthChar;

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
    fn emoji_sequences_are_taken_apart_so_each_character_has_its_own_width() {
        let cases = [
            ("SIP-V+T=❤️ ? Talk", "SIP-V+T=❤ ? Talk"),
            ("☺︎ text style", "☺ text style"),
            ("👩‍💻 dev", "👩💻 dev"),
            ("👍🏽 yes", "👍 yes"),
            ("🏳️‍🌈 pride", "🏳🌈 pride"),
            ("1️⃣ first", "1\u{20e3} first"),
            (
                "🏴\u{e0067}\u{e0062}\u{e0073}\u{e0063}\u{e0074}\u{e007f} Scotland",
                "🏴 Scotland",
            ),
        ];
        for (title, shown) in cases {
            let inert = inert(title);
            assert_eq!(inert, shown);
            let by_char: usize = inert.chars().filter_map(UnicodeWidthChar::width).sum();
            assert_eq!(
                width(&inert),
                by_char,
                "{title:?}: no sequence counts apart"
            );
        }
        // A joiner between letters shapes them (Devanagari, Persian): it stays.
        assert_eq!(inert("क्\u{200d}ष"), "क्\u{200d}ष");
        assert!(matches!(inert("Café ☕ talk"), Cow::Borrowed(_)));
    }

    #[test]
    fn fitting_never_overflows_on_a_sequence() {
        // `❤️` is 2 columns as a whole, 1 + 0 by its characters: cut by the whole.
        for max in 1..20 {
            assert!(width(&fit("SIP-V+T=❤️ ? Talk about", max)) <= max, "{max}");
            assert!(width(&fit("👩‍💻👩‍💻👩‍💻 devs", max)) <= max, "{max}");
        }
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
