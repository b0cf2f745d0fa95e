//! The manual page (`deroule man`): one page, from the command line's definitions, with the
//! sections `clap_mangen` does not write (COMMANDS in full, KEYS, EXIT STATUS, ENVIRONMENT,
//! FILES).
//!
//! `clap_mangen` names a sub-page per subcommand (`deroule-check(1)`), which deroule never
//! produces; the commands are described on this page instead. The keys come from the help
//! overlay's table, so the page and `?` cannot drift apart.

use std::io::Write;

use clap_mangen::roff::{Roff, bold, italic, roman};

use crate::i18n::Lang;

/// Writes the whole page.
///
/// # Errors
/// What writing to `w` fails with.
pub fn render(cmd: clap::Command, w: &mut dyn Write) -> std::io::Result<()> {
    let mut cmd = cmd.disable_help_subcommand(true);
    cmd.build();
    let man = clap_mangen::Man::new(cmd.clone());
    man.render_title(w)?;
    man.render_name_section(w)?;
    man.render_synopsis_section(w)?;
    man.render_description_section(w)?;
    man.render_options_section(w)?;
    let mut roff = Roff::default();
    commands(&mut roff, &cmd);
    keys(&mut roff);
    exit_status(&mut roff);
    environment(&mut roff);
    files(&mut roff);
    roff.control("SH", ["SEE ALSO"]);
    roff.text([roman(
        "docs/format.md (the programme format), `deroule schema` (its JSON Schema), README.md.",
    )]);
    roff.to_writer(w)?;
    man.render_version_section(w)
}

fn commands(roff: &mut Roff, cmd: &clap::Command) {
    roff.control("SH", ["COMMANDS"]);
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        let mut sub = sub.clone().bin_name(format!("deroule {}", sub.get_name()));
        let usage = sub.render_usage().to_string();
        let usage = usage.trim_start_matches("Usage: ").trim();
        roff.control("TP", []);
        roff.text([bold(usage)]);
        if let Some(about) = sub.get_long_about().or_else(|| sub.get_about()) {
            for (n, paragraph) in about.to_string().split("\n\n").enumerate() {
                if n > 0 {
                    roff.control("IP", []);
                }
                roff.text([roman(paragraph.replace('\n', " "))]);
            }
        }
    }
}

fn keys(roff: &mut Roff) {
    roff.control("SH", ["KEYS"]);
    roff.text([roman(
        "In the live view (press ? for this list on screen; the facilitator's keys first):",
    )]);
    for (key, what) in crate::ui::help_keys(Lang::En) {
        let key = key.trim();
        roff.control("TP", []);
        roff.text([bold(key)]);
        roff.text([roman(what)]);
    }
}

/// A section of terms and what they mean; `path` sets the terms in italics (file names).
fn terms(roff: &mut Roff, heading: &str, entries: &[(&str, &str)], path: bool) {
    roff.control("SH", [heading]);
    for (term, meaning) in entries {
        roff.control("TP", []);
        roff.text([if path { italic(*term) } else { bold(*term) }]);
        roff.text([roman(*meaning)]);
    }
}

fn exit_status(roff: &mut Roff) {
    let entries = [
        ("0", "Success; `check`: every file is valid."),
        (
            "1",
            "A programme could not be loaded; `check`: a file has errors.",
        ),
        (
            "2",
            "A usage error: an unknown option, a bad value, options in the wrong place.",
        ),
        (
            "3",
            "`now`: nothing is running (before, between or after the items).",
        ),
    ];
    terms(roff, "EXIT STATUS", &entries, false);
}

fn environment(roff: &mut Roff) {
    let entries = [
        (
            "LC_ALL, LC_MESSAGES, LANG",
            "The language of labels and dates when neither --lang nor the configuration \
             file gives one (fr_FR.UTF-8 gives French; anything else English).",
        ),
        (
            "NO_COLOR",
            "When set and not empty, the view draws without colours (as --no-color).",
        ),
        (
            "DEROULE_CONFIG",
            "The configuration file to read instead of the default one.",
        ),
        (
            "XDG_CONFIG_HOME, XDG_CACHE_HOME",
            "Where the configuration file and the cache are looked for (see FILES).",
        ),
    ];
    terms(roff, "ENVIRONMENT", &entries, false);
}

fn files(roff: &mut Roff) {
    let entries = [
        (
            "$XDG_CONFIG_HOME/deroule/config.yaml",
            "The configuration (language, colours, thresholds, cache); ~/.config when \
             XDG_CONFIG_HOME is not set.",
        ),
        (
            "$XDG_CACHE_HOME/deroule/programmes/",
            "Programmes already validated, so that a big schedule opens fast (--no-cache \
             skips it); ~/.cache when XDG_CACHE_HOME is not set.",
        ),
        (
            "FILE.live.yaml",
            "Beside a programme: the facilitator's live record (what ran when), read by \
             --expected and `report`.",
        ),
    ];
    terms(roff, "FILES", &entries, true);
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    fn page() -> String {
        let mut out = Vec::new();
        super::render(crate::cli::Cli::command(), &mut out).expect("renders");
        String::from_utf8(out).expect("UTF-8")
    }

    #[test]
    fn the_page_has_its_sections_and_no_missing_sub_pages() {
        let page = page();
        for section in [
            ".SH NAME",
            ".SH SYNOPSIS",
            ".SH OPTIONS",
            ".SH COMMANDS",
            ".SH KEYS",
            ".SH \"EXIT STATUS\"",
            ".SH ENVIRONMENT",
            ".SH FILES",
        ] {
            assert!(page.contains(section), "{section} missing");
        }
        assert!(!page.contains("deroule\\-check(1)"), "a sub-page reference");
        assert!(!page.contains("(1)\n"), "a sub-page reference");
        assert!(page.contains("deroule check"), "the commands are described");
        assert!(page.contains("NO_COLOR"));
    }

    #[test]
    fn the_keys_are_the_help_overlays() {
        let page = page();
        for (key, _) in crate::ui::help_keys(crate::i18n::Lang::En) {
            let first = key.split_whitespace().next().unwrap_or_default();
            assert!(page.contains(first), "{key}");
        }
    }
}
