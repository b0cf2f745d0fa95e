//! `deroule check FILE…`: validate programmes and summarise them. A published schedule (frab
//! XML or JSON, schedule2, iCalendar) is checked as `deroule FILE` and `deroule import` read it:
//! imported, its YAML validated again, the importer's warnings printed.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write;
use std::path::PathBuf;

use crate::import::{self, Format};
use crate::model::load::read_file;
use crate::model::{Kind, LoadError, Programme, load_bytes};

/// How a check of several files ended, for the process exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Valid,
    Invalid,
}

/// Checks every file, printing summaries to `out` and diagnostics to `err`.
pub fn run(files: &[PathBuf], quiet: bool, out: &mut dyn Write, err: &mut dyn Write) -> Outcome {
    let mut outcome = Outcome::Valid;
    for path in files {
        let name = path.display().to_string();
        // A closed stdout or stderr (a pipe to `head`) must not turn into a panic.
        let bytes = match read_file(path) {
            Ok(bytes) => bytes,
            Err(e) => {
                outcome = Outcome::Invalid;
                let _ = writeln!(err, "{e}");
                continue;
            }
        };
        if let Some(format) = import::detect(&bytes).filter(|f| *f != Format::DerouleYaml) {
            if !check_published(&bytes, &name, format, quiet, out, err) {
                outcome = Outcome::Invalid;
            }
            continue;
        }
        match load_bytes(&bytes, &name) {
            Ok(loaded) => {
                if !quiet {
                    for w in &loaded.warnings {
                        let _ = writeln!(err, "{}", w.display(&name));
                    }
                    let _ = write!(out, "{}", summary(&loaded.programme, &name));
                }
            }
            Err(e) => {
                outcome = Outcome::Invalid;
                let _ = writeln!(err, "{}", report(&e, quiet));
                if !quiet && let LoadError::Invalid { .. } = e {
                    let count = e.diagnostics().iter().filter(|d| d.is_error()).count();
                    let plural = if count == 1 { "" } else { "s" };
                    let _ = writeln!(err, "{name}: {count} error{plural}");
                }
            }
        }
    }
    outcome
}

/// Checks a schedule in a format deroule imports; true when it imports.
fn check_published(
    bytes: &[u8],
    name: &str,
    format: Format,
    quiet: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> bool {
    match import::import_with(bytes, name, &import::Options::default()) {
        Ok(imported) => {
            if !quiet {
                for w in &imported.warnings {
                    let _ = writeln!(err, "{w}");
                }
                let summary = summary(&imported.programme, name);
                let (first, rest) = summary.split_once('\n').unwrap_or((&summary, ""));
                let _ = write!(
                    out,
                    "{first}\n  imported from {}, as `deroule FILE` opens it (`deroule import` \
                     converts it to deroule YAML)\n{rest}",
                    format.name()
                );
            }
            true
        }
        Err(e) => {
            let _ = writeln!(err, "{e}");
            false
        }
    }
}

fn report(e: &LoadError, quiet: bool) -> String {
    match e {
        LoadError::Invalid { name, diagnostics } => diagnostics
            .iter()
            .filter(|d| !quiet || d.is_error())
            .map(|d| d.display(name).to_string())
            .collect::<Vec<_>>()
            .join("\n"),
        other => other.to_string(),
    }
}

/// The short description `check` prints for a valid programme.
pub fn summary(p: &Programme, name: &str) -> String {
    let mut s = String::new();
    let local = |t: crate::model::Instant| t.with_timezone(&p.tz);
    let (first, last) = (local(p.first_start()), local(p.last_end()));
    let item_count: usize = p.days.iter().map(|d| d.items.len()).sum();
    let _ = writeln!(s, "{name}: ok");
    let _ = writeln!(s, "  {}", crate::ui::text::inert(&p.meta.title));
    let place = [p.meta.venue.as_deref(), p.meta.address.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ");
    if !place.is_empty() {
        let _ = writeln!(s, "  at {}", crate::ui::text::inert(&place));
    }
    let dates = if p.days.len() == 1 {
        p.days[0].date.format("%A %-d %B %Y").to_string()
    } else {
        format!(
            "{} days, {} to {}",
            p.days.len(),
            p.days[0].date.format("%a %-d %b %Y"),
            p.days[p.days.len() - 1].date.format("%a %-d %b %Y")
        )
    };
    // A fixed-offset zone is already named by its offset.
    let zone = crate::i18n::zone_label(p.tz);
    let offset = if zone.starts_with("UTC") {
        String::new()
    } else {
        format!(" (UTC{})", first.format("%:z"))
    };
    let _ = writeln!(s, "  {dates}, time zone {zone}{offset}");
    let _ = writeln!(
        s,
        "  first start {}, last end {}",
        first.format("%Y-%m-%d %H:%M"),
        last.format("%Y-%m-%d %H:%M")
    );
    for day in &p.days {
        let label = day
            .label
            .as_deref()
            .map_or(String::new(), |l| format!(" {l}"));
        let _ = writeln!(
            s,
            "  {}{label}: {} {}, {}–{}",
            day.date.format("%a %Y-%m-%d"),
            day.items.len(),
            if day.items.len() == 1 {
                "item"
            } else {
                "items"
            },
            local(day.opens()).format("%H:%M"),
            local(day.closes()).format("%H:%M"),
        );
    }
    let mut kinds: BTreeMap<Kind, usize> = BTreeMap::new();
    for item in p.items() {
        *kinds.entry(item.kind).or_default() += 1;
    }
    let kinds = kinds
        .iter()
        .map(|(k, n)| format!("{n} {k}"))
        .collect::<Vec<_>>()
        .join(", ");
    let _ = writeln!(s, "  {} by kind: {kinds}", plural(item_count, "item"));
    if p.rooms.is_empty() {
        let _ = writeln!(s, "  rooms: none (every item is plenary)");
    } else {
        let names: Vec<String> = p
            .rooms
            .iter()
            .map(|r| crate::ui::text::inert(&r.name).into_owned())
            .collect();
        let shown = names.iter().take(8).cloned().collect::<Vec<_>>().join(", ");
        let more = if names.len() > 8 {
            format!(", … ({} in all)", names.len())
        } else {
            String::new()
        };
        let _ = writeln!(s, "  {}: {shown}{more}", plural(names.len(), "room"));
    }
    if !p.tracks.is_empty() {
        let _ = writeln!(s, "  {}", plural(p.tracks.len(), "track"));
    }
    s
}

fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
