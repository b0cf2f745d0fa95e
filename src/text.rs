//! Text from a programme file made safe and fitted to columns.
//!
//! A programme must not drive the terminal: control characters (ESC, CSI, BEL, carriage returns,
//! bidi overrides) are shown as visible, inert symbols. Widths are counted in terminal columns
//! (CJK and emoji take two), so truncation never breaks alignment;
//! sentences are cut at a word's end when one is near ([`fit_words`]).
//!
//! Emoji sequences are where terminals disagree with width tables and with each other: `❤️`
//! (U+2764 U+FE0F) is one column or two, `👩‍💻` (joined by U+200D) two or four, `👍🏽` two or four.
//! Shown text keeps only what every terminal draws alike: variation selectors, skin-tone
//! modifiers, emoji tags and the joiners between emoji are dropped (`❤`, `👩💻`, `👍`), so every
//! character's width is its own and a column border never moves.

use std::borrow::Cow;

use unicode_segmentation::UnicodeSegmentation;
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
/// of its characters); the cut falls between grapheme clusters, so an accent or a flag is never
/// split. For columns (a list's title, a room name), where a word ends does not matter.
pub fn fit(s: &str, max: usize) -> Cow<'_, str> {
    if width(s) <= max {
        return Cow::Borrowed(s);
    }
    if max == 0 {
        return Cow::Borrowed("");
    }
    Cow::Owned(format!("{}…", &s[..hard_cut(s, max - 1)]))
}

/// `s` cut like [`fit`], but for a sentence or a title read as text: the cut falls at the end of
/// a word when one ends in the second half of the room (`Temps de rencontre et de…`, not `Temps
/// de rencontre et de présenta…`); a word longer than that is cut like [`fit`], so that a title
/// of a few long words still shows most of what fits.
pub fn fit_words(s: &str, max: usize) -> Cow<'_, str> {
    match word_cut(s, max) {
        None => Cow::Borrowed(s),
        Some(_) if max == 0 => Cow::Borrowed(""),
        Some(keep) => Cow::Owned(format!("{}…", &s[..keep])),
    }
}

/// Where [`fit_words`] cuts `s` to fit `max` columns with its `…`: the length in bytes of what
/// it keeps, or `None` when `s` fits whole. Exposed so that a line of styled parts can be cut
/// as one text.
pub fn word_cut(s: &str, max: usize) -> Option<usize> {
    if width(s) <= max {
        return None;
    }
    let room = max.saturating_sub(1);
    let hard = hard_cut(s, room);
    // Spaces and the punctuation that ends a clause are not kept before the `…`.
    let trimmed = |end: usize| {
        s[..end]
            .trim_end_matches(|c: char| c.is_whitespace() || ",;:-–—·".contains(c))
            .len()
    };
    if s[hard..].starts_with(char::is_whitespace) {
        return Some(trimmed(hard));
    }
    let soft = s[..hard]
        .rfind(char::is_whitespace)
        .map(trimmed)
        .filter(|&end| end > 0 && width(&s[..end]) * 2 >= room);
    Some(soft.unwrap_or(hard))
}

/// The length in bytes of the longest run of whole grapheme clusters of `s` that takes at most
/// `room` columns.
fn hard_cut(s: &str, room: usize) -> usize {
    let mut end = 0;
    for (i, g) in s.grapheme_indices(true) {
        let next = i + g.len();
        if width(&s[..next]) > room {
            break;
        }
        end = next;
    }
    end
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

    #[test]
    fn sentences_are_cut_at_a_word_end_when_one_is_near() {
        let title = "Temps de rencontre et de présentation des participants";
        assert_eq!(fit_words(title, 30), "Temps de rencontre et de…");
        assert_eq!(fit_words(title, 100), title);
        // A clause's comma or dash is not left before the `…`.
        assert_eq!(
            fit_words("Pause, puis déjeuner ensemble", 12),
            "Pause, puis…"
        );
        assert_eq!(fit_words("Pause, puis déjeuner ensemble", 9), "Pause…");
        assert_eq!(fit_words("Atelier – suite et fin", 12), "Atelier…");
        // A cut that already falls at a word's end keeps the whole word.
        assert_eq!(fit_words("Retours d’expérience", 9), "Retours…");
        // No word ends in the second half of the room: cut mid-word, as `fit` does.
        assert_eq!(fit_words("A contributionsmutualisées", 12), "A contribut…");
        assert_eq!(fit_words("Supercalifragilistic", 8), "Superca…");
        assert_eq!(fit_words("abc def", 0), "");
        assert_eq!(fit_words("abc def", 1), "…");
    }

    #[test]
    fn word_cuts_never_split_a_wide_character_or_a_grapheme() {
        let cases = [
            "会議室で 話す 会議室で話す",
            "Cafe\u{301} au lait de\u{301}laye\u{301}",
            "🇫🇷🇫🇷 drapeaux 🇫🇷🇫🇷🇫🇷 partout",
            "Échange 会議 de savoirs réussis",
        ];
        for s in cases {
            for max in 0..=width(s) + 1 {
                let cut = fit_words(s, max);
                assert!(width(&cut) <= max, "{s:?} at {max}: {cut:?}");
                let kept = cut.strip_suffix('…').unwrap_or(&cut);
                assert!(s.starts_with(kept), "{s:?} at {max}: {cut:?}");
                // What is kept ends between two of `s`'s grapheme clusters.
                assert!(
                    s.grapheme_indices(true).any(|(i, _)| i == kept.len()) || kept.len() == s.len(),
                    "{s:?} at {max}: {cut:?} splits a grapheme"
                );
            }
        }
        assert_eq!(fit_words("会議室で 話す 会議室で話す", 11), "会議室で…");
        assert_eq!(
            fit_words("会議室で 話す 会議室で話す", 14),
            "会議室で 話す…"
        );
        assert_eq!(fit("🇫🇷🇫🇷 drapeaux", 4), "🇫🇷…");
        assert_eq!(fit("Cafe\u{301}s bio", 5), "Cafe\u{301}…");
    }
}
