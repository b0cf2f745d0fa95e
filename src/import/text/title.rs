//! What a title's marker says of its event, where the publisher's system has no state for it
//! (FOSDEM's pretalx): cancelled, cancelled but replaced (the slot happens), or rescheduled.

/// Whether a title says the event is cancelled, as publishers mark it when their system has no
/// state for it (FOSDEM's pretalx): a marker word (`CANCELLED`, `CANCELED`, `ABGESAGT`,
/// `ENTFÄLLT`, `ANNULÉ`, any case) in brackets or followed by `:` or a dash at the start
/// (`[CANCELED] …`, `(CANCELLED) …`, `CANCELLED: …`), or in brackets or after a dash at the end
/// (`… - CANCELLED, replaced by …`, `… (ANNULÉ)`). A title that only mentions the word (`REPLACES
/// CANCELLED TALK`, `Cancelling POSIX syscalls`) is not a marker.
fn cancelled_title(title: &str) -> bool {
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
pub(in crate::import) enum TitleMark {
    Cancelled,
    /// Marked cancelled, but the title says what takes its place (`… - CANCELLED, replaced by
    /// a panel`, `(CANCELLED) X - (AMA … Instead)`): the slot still happens.
    Replaced,
    /// `[RESCHEDULED] …`, `MOVED: …`, `VERSCHOBEN: …`, `(DÉPLACÉ)`.
    Rescheduled,
}

/// The state a title's marker gives its event, if it has one.
pub(in crate::import) fn title_mark(title: &str) -> Option<TitleMark> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
