//! `deroule check FILE…`: validate programmes and summarise them. A published schedule (frab
//! XML or JSON, schedule2, iCalendar) is checked as `deroule FILE` and `deroule import` read it:
//! imported, its YAML validated again, the importer's warnings printed.
//!
//! The summary and the counts are in the chosen language; the diagnostics (`file:line:col:
//! error: …`) stay in English, like the compiler messages they are modelled on.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write;
use std::path::PathBuf;

use crate::i18n::{Lang, kind_count, zone_label};
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
pub fn run(
    files: &[PathBuf],
    quiet: bool,
    lang: Lang,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Outcome {
    let mut outcome = Outcome::Valid;
    for path in files {
        let name = path.display().to_string();
        // A closed stdout or stderr (a pipe to `head`) must not turn into a panic.
        let bytes = match read(path) {
            Ok(bytes) => bytes,
            Err(e) => {
                outcome = Outcome::Invalid;
                say(err, &format!("{e}\n"));
                continue;
            }
        };
        if let Some(format) = import::detect(&bytes).filter(|f| *f != Format::DerouleYaml) {
            if !check_published(&bytes, &name, format, (quiet, lang), out, err) {
                outcome = Outcome::Invalid;
            }
            continue;
        }
        match load_bytes(&bytes, &name) {
            Ok(loaded) if let Err(e) = import::check_venue_zone(&loaded.programme, &name) => {
                outcome = Outcome::Invalid;
                say(err, &format!("{e}\n"));
            }
            Ok(loaded) => {
                if !quiet {
                    for w in &loaded.warnings {
                        say(err, &format!("{}\n", w.display(&name)));
                    }
                    say(out, &summary_in(&loaded.programme, &name, lang));
                }
            }
            Err(e) => {
                outcome = Outcome::Invalid;
                say(err, &format!("{}\n", report(&e, quiet)));
                if !quiet && let LoadError::Invalid { .. } = e {
                    let count = e.diagnostics().iter().filter(|d| d.is_error()).count();
                    let errors = match lang {
                        Lang::En => plural(count, "error", "errors"),
                        Lang::Fr => plural(count, "erreur", "erreurs"),
                    };
                    say(err, &format!("{name}{} {errors}\n", colon(lang)));
                }
            }
        }
    }
    outcome
}

/// A file's bytes, or a URL's (fetched now, never from a cache; a `deroule serve` root gives its
/// programme).
fn read(path: &std::path::Path) -> Result<Vec<u8>, String> {
    let text = path
        .to_str()
        .filter(|t| crate::net::fetch::looks_like_url(t));
    let Some(text) = text else {
        return read_file(path).map_err(|e| e.to_string());
    };
    let origin = crate::net::Origin::of(text)?;
    let fetcher = crate::net::Fetcher::default();
    let none = crate::net::Validators::default();
    match fetcher.get(&origin.programme, &none) {
        Ok(crate::net::Fetched::Body { is_html: true, .. }) if origin.live.is_none() => {
            let root = crate::net::Origin::root(text);
            match fetcher.get(&root.programme, &none) {
                Ok(crate::net::Fetched::Body { body, .. }) => Ok(body),
                Ok(crate::net::Fetched::NotModified { .. }) => Err(format!("{text}: 304")),
                Err(e) => Err(format!("{text}: a web page, not a schedule ({e})")),
            }
        }
        Ok(crate::net::Fetched::Body { body, .. }) => Ok(body),
        Ok(crate::net::Fetched::NotModified { .. }) => Err(format!("{text}: 304")),
        Err(e) => Err(e.to_string()),
    }
}

/// Writes `text` (which holds text from the files) inert: no control sequence reaches the
/// terminal. A closed stream (a pipe to `head`) is not an error worth a panic.
fn say(w: &mut dyn Write, text: &str) {
    let _ = w.write_all(crate::inert::text(text).as_bytes());
}

/// Checks a schedule in a format deroule imports; true when it imports.
fn check_published(
    bytes: &[u8],
    name: &str,
    format: Format,
    (quiet, lang): (bool, Lang),
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> bool {
    match import::import_with(bytes, name, &import::Options::default()) {
        Ok(imported) => {
            if !quiet {
                for w in &imported.warnings {
                    say(err, &format!("{w}\n"));
                }
                let summary = summary_in(&imported.programme, name, lang);
                let (first, rest) = summary.split_once('\n').unwrap_or((&summary, ""));
                let how = match lang {
                    Lang::En => format!(
                        "imported from {format}, as `deroule FILE` opens it (`deroule import` \
                         converts it to deroule YAML)"
                    ),
                    Lang::Fr => format!(
                        "importé depuis {format}, comme `deroule FICHIER` l’ouvre (`deroule \
                         import` le convertit en YAML deroule)"
                    ),
                };
                say(out, &format!("{first}\n  {how}\n{rest}"));
            }
            true
        }
        Err(e) => {
            say(err, &format!("{e}\n"));
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

/// `:` in English, ` :` in French (a space before the colon).
fn colon(lang: Lang) -> &'static str {
    lang.pick(":", " :")
}

/// `1 item`, `2 items`.
fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// The short description `check` prints for a valid programme, in English.
pub fn summary(p: &Programme, name: &str) -> String {
    summary_in(p, name, Lang::En)
}

/// The short description `check` prints for a valid programme, in `lang`.
pub fn summary_in(p: &Programme, name: &str, lang: Lang) -> String {
    let c = colon(lang);
    let mut s = String::new();
    let local = |t: crate::model::Instant| t.with_timezone(&p.tz);
    let (first, last) = (local(p.first_start()), local(p.last_end()));
    let item_count: usize = p.days.iter().map(|d| d.items.len()).sum();
    let items = |n: usize| match lang {
        Lang::En => plural(n, "item", "items"),
        Lang::Fr => plural(n, "séance", "séances"),
    };
    let _ = writeln!(s, "{name}{c} {}", lang.pick("ok", "valide"));
    let _ = writeln!(s, "  {}", crate::text::inert(&p.meta.title));
    let place = [p.meta.venue.as_deref(), p.meta.address.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ");
    if !place.is_empty() {
        let at = lang.pick("at", "lieu :");
        let _ = writeln!(s, "  {at} {}", crate::text::inert(&place));
    }
    let (first_day, last_day) = (p.days[0].date, p.days[p.days.len() - 1].date);
    let dates = if p.days.len() == 1 {
        lang.date_long(first_day)
    } else {
        match lang {
            Lang::En => format!(
                "{} days, {} to {}",
                p.days.len(),
                lang.date_short_year(first_day),
                lang.date_short_year(last_day)
            ),
            Lang::Fr => format!(
                "{} jours, du {} au {}",
                p.days.len(),
                lang.date_short_year(first_day),
                lang.date_short_year(last_day)
            ),
        }
    };
    // A fixed-offset zone is already named by its offset.
    let zone = zone_label(p.tz);
    let offset = if zone.starts_with("UTC") {
        String::new()
    } else {
        format!(" (UTC{})", first.format("%:z"))
    };
    let _ = writeln!(
        s,
        "  {dates}, {} {zone}{offset}",
        lang.pick("time zone", "fuseau horaire")
    );
    if let Some(unnamed) = &p.unnamed_zone {
        let _ = writeln!(s, "  {}", crate::i18n::unnamed_zone(unnamed, p.tz, lang));
    }
    let _ = writeln!(
        s,
        "  {} {}, {} {}",
        lang.pick("first start", "premier début"),
        first.format("%Y-%m-%d %H:%M"),
        lang.pick("last end", "dernière fin"),
        last.format("%Y-%m-%d %H:%M")
    );
    for day in &p.days {
        let label = day
            .label
            .as_deref()
            .map_or(String::new(), |l| format!(" {l}"));
        let _ = writeln!(
            s,
            "  {} {}{label}{c} {}, {}–{}",
            lang.weekday_short(day.date),
            day.date.format("%Y-%m-%d"),
            items(day.items.len()),
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
        .map(|(k, n)| kind_count(*k, *n, lang))
        .collect::<Vec<_>>()
        .join(", ");
    let _ = writeln!(
        s,
        "  {} {}{c} {kinds}",
        items(item_count),
        lang.pick("by kind", "par type")
    );
    if p.rooms.is_empty() {
        let _ = writeln!(
            s,
            "  {}",
            lang.pick(
                "rooms: none (every item is plenary)",
                "salles : aucune (toutes les séances sont plénières)"
            )
        );
    } else {
        let names: Vec<String> = p
            .rooms
            .iter()
            .map(|r| crate::text::inert(&r.name).into_owned())
            .collect();
        let shown = names.iter().take(8).cloned().collect::<Vec<_>>().join(", ");
        let more = if names.len() > 8 {
            format!(
                " {} {} {}",
                lang.pick("and", "et"),
                names.len() - 8,
                lang.pick("more", "autres")
            )
        } else {
            String::new()
        };
        let rooms = match lang {
            Lang::En => plural(names.len(), "room", "rooms"),
            Lang::Fr => plural(names.len(), "salle", "salles"),
        };
        let _ = writeln!(s, "  {rooms}{c} {shown}{more}");
    }
    if !p.tracks.is_empty() {
        let tracks = match lang {
            Lang::En => plural(p.tracks.len(), "track", "tracks"),
            Lang::Fr => plural(p.tracks.len(), "parcours", "parcours"),
        };
        let _ = writeln!(s, "  {tracks}");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synthetic::{Shape, yaml};

    #[test]
    fn many_rooms_are_named_up_to_eight_then_counted() {
        let p = crate::model::load_str(&yaml(Shape::new(60, 10, 1)), "s.yaml")
            .expect("valid")
            .programme;
        assert_eq!(p.rooms.len(), 10);
        let en = summary_in(&p, "s.yaml", Lang::En);
        let line = en
            .lines()
            .find(|l| l.contains("rooms:"))
            .expect("rooms line");
        assert!(line.trim_start().starts_with("10 rooms: "), "{line}");
        assert!(line.ends_with(" and 2 more"), "{line}");
        let fr = summary_in(&p, "s.yaml", Lang::Fr);
        assert!(fr.contains(" et 2 autres"), "{fr}");
    }
}
