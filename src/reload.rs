//! Watching the programme file and the live record, and saying what a reload changed.
//!
//! The loop wakes at least once a second; on each wake the watcher compares the files'
//! modification times and sizes with what it last read (a `stat`, no read) and reloads only what
//! changed. A broken programme is reported and the last good one kept.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::i18n::Lang;
use crate::import::OpenError;
use crate::live::{self, Record};
use crate::model::{LoadError, Programme};

/// A file's identity as far as the watcher cares: when it was last written, and its size.
type Stamp = Option<(SystemTime, u64)>;

fn stamp(path: &Path) -> Stamp {
    let meta = fs::metadata(path).ok()?;
    Some((meta.modified().ok()?, meta.len()))
}

#[derive(Debug)]
pub struct Watcher {
    programme: Option<(PathBuf, Stamp)>,
    live: Option<(PathBuf, Stamp)>,
}

impl Watcher {
    /// Watches `programme` (when it is a file) and `live` (the sidecar, read by attendees).
    pub fn new(programme: Option<&Path>, live: Option<&Path>) -> Self {
        Watcher {
            programme: programme.map(|p| (p.to_path_buf(), stamp(p))),
            live: live.map(|p| (p.to_path_buf(), stamp(p))),
        }
    }

    pub fn is_idle(&self) -> bool {
        self.programme.is_none() && self.live.is_none()
    }

    /// What changed since the last call. `current` is the programme on screen (for the live
    /// record's owner check).
    pub fn poll(&mut self, current: &Programme) -> Vec<Change> {
        let mut changes = Vec::new();
        let mut programme = None;
        if let Some((path, seen)) = &mut self.programme {
            let now = stamp(path);
            if now != *seen && now.is_some() {
                *seen = now;
                match crate::import::open_warned(path, None) {
                    Ok(opened) => {
                        programme = Some(opened.programme.clone());
                        changes.push(Change::Programme(
                            Box::new(opened.programme),
                            opened.warnings,
                        ));
                    }
                    Err(OpenError::Load(e)) => changes.push(Change::ProgrammeBroken {
                        first: first_error(&e),
                        report: report(&e.to_string()),
                    }),
                    Err(OpenError::Import(e)) => {
                        let report = report(&e.to_string());
                        let first = report.first().cloned().unwrap_or_default();
                        changes.push(Change::ProgrammeBroken { first, report });
                    }
                }
            }
        }
        if let Some((path, seen)) = &mut self.live {
            let now = stamp(path);
            if now != *seen {
                *seen = now;
                let owner = programme.as_ref().unwrap_or(current);
                changes.push(match Record::read(path, owner) {
                    Ok(record) => Change::Live(record.map(Box::new)),
                    Err(e) => Change::LiveBroken(e.to_string()),
                });
            }
        }
        changes
    }
}

/// What the watcher saw change on disk.
#[derive(Debug, Clone)]
pub enum Change {
    /// The programme file was edited and is valid; what its load or import warned about.
    Programme(Box<Programme>, Vec<String>),
    /// The programme file was edited and is broken: the first error, located (for the banner),
    /// and every line of the report (for the messages panel).
    ProgrammeBroken { first: String, report: Vec<String> },
    /// The live record was written by the facilitator (`None`: removed).
    Live(Option<Box<Record>>),
    /// The live record cannot be used.
    LiveBroken(String),
}

/// A loader's report, one message a line.
fn report(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_owned)
        .collect()
}

fn first_error(e: &LoadError) -> String {
    match e {
        LoadError::Invalid { name, diagnostics } => {
            let errors: Vec<_> = diagnostics.iter().filter(|d| d.is_error()).collect();
            let more = match errors.len() {
                0 | 1 => String::new(),
                n => format!(" (and {} more)", n - 1),
            };
            errors
                .first()
                .map_or_else(|| e.to_string(), |d| format!("{}{more}", d.display(name)))
        }
        other => other.to_string(),
    }
}

/// What differs between two versions of a programme, in a few words: added, removed and moved
/// items (by id, or by date, start and title).
pub fn changes(old: &Programme, new: &Programme, lang: Lang) -> String {
    let index = |p: &Programme| -> HashMap<String, (String, String, Option<String>)> {
        p.items()
            .map(|i| {
                let when = format!(
                    "{}–{}",
                    i.start.with_timezone(&p.tz).format("%H:%M"),
                    i.end.with_timezone(&p.tz).format("%H:%M")
                );
                (live::key(p, i), (i.title.clone(), when, i.room.clone()))
            })
            .collect()
    };
    let (before, after) = (index(old), index(new));
    let mut added: Vec<&str> = after
        .iter()
        .filter(|(k, _)| !before.contains_key(*k))
        .map(|(_, v)| v.0.as_str())
        .collect();
    let mut removed: Vec<&str> = before
        .iter()
        .filter(|(k, _)| !after.contains_key(*k))
        .map(|(_, v)| v.0.as_str())
        .collect();
    let mut moved: Vec<String> = after
        .iter()
        .filter_map(|(k, new)| {
            let old = before.get(k)?;
            (old.1 != new.1 || old.2 != new.2).then(|| format!("«{}» {} → {}", new.0, old.1, new.1))
        })
        .collect();
    added.sort_unstable();
    removed.sort_unstable();
    moved.sort();
    let mut parts = Vec::new();
    let list = |v: &[&str]| {
        v.iter()
            .map(|t| format!("«{t}»"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !added.is_empty() {
        parts.push(format!("{} {}", lang.pick("added", "ajouté"), list(&added)));
    }
    if !removed.is_empty() {
        parts.push(format!(
            "{} {}",
            lang.pick("removed", "retiré"),
            list(&removed)
        ));
    }
    if !moved.is_empty() {
        parts.push(format!(
            "{} {}",
            lang.pick("moved", "déplacé"),
            moved.join(", ")
        ));
    }
    if parts.is_empty() {
        lang.pick("no change to the items", "aucun élément modifié")
            .to_owned()
    } else {
        parts.join("; ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::bundled_programme as bundled;

    #[test]
    fn changes_name_added_removed_and_moved_items() {
        let old = bundled();
        assert_eq!(changes(&old, &old, Lang::En), "no change to the items");
        assert_eq!(changes(&old, &old, Lang::Fr), "aucun élément modifié");
        let source = crate::BUNDLED
            .replace(
                "  - id: conclusion\n    start: 17h\n",
                "  - id: conclusion\n    start: 17h10\n",
            )
            .replace("  - id: informel\n", "  - id: au-revoir\n");
        let new = crate::model::load_str(&source, "b")
            .expect("valid")
            .programme;
        let summary = changes(&old, &new, Lang::En);
        assert!(
            summary.contains("added «Temps informel avant départ»"),
            "{summary}"
        );
        assert!(
            summary.contains("removed «Temps informel avant départ»"),
            "{summary}"
        );
        assert!(summary.contains("moved «Ateliers"), "{summary}");
        assert!(
            summary.contains("«Conclusion» 17:00–17:30 → 17:10–17:30"),
            "{summary}"
        );
        assert!(summary.contains("«Ateliers sur différents projets qui pourraient être réutilisés (session 2)» 16:00–17:00 → 16:00–17:10"), "{summary}");
    }
}
