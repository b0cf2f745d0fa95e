//! Watching the programme file and the live record, and saying what a reload changed.
//!
//! The loop wakes at least once a second; on each wake the watcher compares the files'
//! modification times and sizes with what it last read (a `stat`, no read) and reloads only what
//! changed. A broken programme is reported and the last good one kept. A programme opened by
//! URL is followed by `net::remote` on a thread of its own; the watcher passes its changes on.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::mpsc::Receiver;
use std::time::SystemTime;

use crate::i18n::Lang;
use crate::import::OpenError;
use crate::live::{self, Record};
use crate::model::{Item, LoadError, Programme};

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
    /// Each room's record of a programme with parallel rooms: the room, its file, its stamp.
    rooms: Vec<(String, PathBuf, Stamp)>,
    /// A programme opened by URL: the changes its follower (`net::remote`) found.
    remote: Option<Receiver<Change>>,
}

impl Watcher {
    /// Watches `programme` (when it is a file) and `live` (the sidecar, read by attendees).
    pub fn new(programme: Option<&Path>, live: Option<&Path>) -> Self {
        Watcher {
            programme: programme.map(|p| (p.to_path_buf(), stamp(p))),
            live: live.map(|p| (p.to_path_buf(), stamp(p))),
            rooms: Vec::new(),
            remote: None,
        }
    }

    /// Passes on what a URL's follower found.
    pub fn remote(changes: Receiver<Change>) -> Self {
        Watcher {
            programme: None,
            live: None,
            rooms: Vec::new(),
            remote: Some(changes),
        }
    }

    /// Also watches each room's record (`(room, file)`), as read now.
    pub fn watch_rooms(&mut self, rooms: impl IntoIterator<Item = (String, PathBuf)>) {
        self.rooms = rooms
            .into_iter()
            .map(|(room, path)| {
                let seen = stamp(&path);
                (room, path, seen)
            })
            .collect();
    }

    pub fn is_idle(&self) -> bool {
        self.programme.is_none()
            && self.live.is_none()
            && self.rooms.is_empty()
            && self.remote.is_none()
    }

    /// What changed since the last call. `current` is the programme on screen (for the live
    /// record's owner check).
    pub fn poll(&mut self, current: &Programme) -> Vec<Change> {
        let mut changes = Vec::new();
        if let Some(remote) = &self.remote {
            changes.extend(remote.try_iter());
        }
        let mut programme = None;
        if let Some((path, seen)) = &mut self.programme {
            let now = stamp(path);
            if now != *seen && now.is_some() {
                *seen = now;
                match crate::import::open(path) {
                    Ok(loaded) => {
                        programme = Some(loaded.clone());
                        changes.push(Change::Programme(Box::new(loaded)));
                    }
                    Err(OpenError::Load(e)) => {
                        changes.push(Change::ProgrammeBroken(first_error(&e)));
                    }
                    Err(OpenError::Import(e)) => {
                        let text = e.to_string();
                        let first = text.lines().next().unwrap_or_default().to_owned();
                        changes.push(Change::ProgrammeBroken(first));
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
        for (room, path, seen) in &mut self.rooms {
            let now = stamp(path);
            if now != *seen {
                *seen = now;
                let owner = programme.as_ref().unwrap_or(current);
                changes.push(match Record::read(path, owner) {
                    Ok(record) => Change::RoomLive(room.clone(), record.map(Box::new)),
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
    /// The programme file was edited and is valid.
    Programme(Box<Programme>),
    /// The programme file was edited and is broken: the first error, located.
    ProgrammeBroken(String),
    /// The live record was written by the facilitator (`None`: removed).
    Live(Option<Box<Record>>),
    /// The live record cannot be used.
    LiveBroken(String),
    /// A room's record (parallel rooms) was written by its facilitator (`None`: removed).
    RoomLive(String, Option<Box<Record>>),
    /// A programme opened by URL: its server cannot be reached (`error`); what is shown is the
    /// copy the server last confirmed at `updated`.
    Offline {
        updated: Option<crate::model::Instant>,
        error: String,
    },
    /// The server answers again.
    Online,
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
    /// Titles in a one-line banner are cut, so that where an item went stays visible.
    const TITLE: usize = 24;
    let short = |t: &str| format!("«{}»", crate::ui::text::fit(t, TITLE));
    let hm = |p: &Programme, i: &Item| {
        format!(
            "{}–{}",
            i.start.with_timezone(&p.tz).format("%H:%M"),
            i.end.with_timezone(&p.tz).format("%H:%M")
        )
    };
    let (before, after) = (index(old), index(new));
    let mut added: Vec<String> = after
        .iter()
        .filter(|(k, _)| !before.contains_key(*k))
        .map(|(_, i)| short(&i.title))
        .collect();
    let mut removed: Vec<String> = before
        .iter()
        .filter(|(k, _)| !after.contains_key(*k))
        .map(|(_, i)| short(&i.title))
        .collect();
    let (mut renamed, mut moved, mut changed) = (Vec::new(), Vec::new(), Vec::new());
    for (k, n) in &after {
        let Some(o) = before.get(k) else { continue };
        if o.title != n.title {
            renamed.push(format!("{} → {}", short(&o.title), short(&n.title)));
        }
        let (was, is) = (hm(old, o), hm(new, n));
        if was != is {
            moved.push(format!(
                "{} {} {is} ({} {was})",
                short(&n.title),
                lang.pick("to", "à"),
                lang.pick("was", "avant")
            ));
        }
        if o.room != n.room {
            let room = n
                .room
                .as_deref()
                .unwrap_or(lang.pick("everyone (no room)", "tous (sans salle)"));
            moved.push(format!(
                "{} {} {}",
                short(&n.title),
                lang.pick("to", "vers"),
                crate::ui::text::fit(room, TITLE)
            ));
        }
        // Anything else (speakers, description, kind, state…): said once, by title.
        let same_but_title = Item {
            title: o.title.clone(),
            ..(*n).clone()
        };
        if was == is && o.room == n.room && **o != same_but_title {
            changed.push(short(&n.title));
        }
    }
    for list in [
        &mut added,
        &mut removed,
        &mut renamed,
        &mut moved,
        &mut changed,
    ] {
        list.sort();
    }
    // What moves first: where to be, and when, matters most to whoever reads the banner.
    let parts: Vec<String> = [
        (lang.pick("moved", "déplacé"), moved),
        (lang.pick("renamed", "renommé"), renamed),
        (lang.pick("added", "ajouté"), added),
        (lang.pick("removed", "retiré"), removed),
        (lang.pick("changed", "modifié"), changed),
    ]
    .into_iter()
    .filter(|(_, v)| !v.is_empty())
    .map(|(what, v)| format!("{what} {}", v.join(", ")))
    .collect();
    if parts.is_empty() {
        lang.pick("no change to the items", "aucun élément modifié")
            .to_owned()
    } else {
        parts.join("; ")
    }
}

/// The items of `p` by their live-record key (id, else start and title).
fn index(p: &Programme) -> HashMap<String, &Item> {
    p.items().map(|i| (live::key(p, i), i)).collect()
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
            summary.starts_with("moved «Ateliers sur différents…» to 16:00–17:10"),
            "what moves first: {summary}"
        );
        assert!(
            summary.contains("added «Temps informel avant dé…»"),
            "{summary}"
        );
        assert!(
            summary.contains("removed «Temps informel avant dé…»"),
            "{summary}"
        );
        assert!(summary.contains("moved «Ateliers"), "{summary}");
        assert!(
            summary.contains("«Conclusion» to 17:10–17:30 (was 17:00–17:30)"),
            "{summary}"
        );
        // A long title is cut so that where the item went stays in the banner.
        assert!(
            summary.contains("«Ateliers sur différents…» to 16:00–17:10 (was 16:00–17:00)"),
            "{summary}"
        );
    }

    #[test]
    fn a_renamed_item_and_other_edits_are_changes() {
        let old = bundled();
        let source = crate::BUNDLED
            .replace("title: Conclusion\n", "title: Conclusion et au revoir\n")
            .replace(
                "title: Pause déjeuner\n",
                "title: Pause déjeuner\n    speakers: Chef\n",
            );
        let new = crate::model::load_str(&source, "b")
            .expect("valid")
            .programme;
        let summary = changes(&old, &new, Lang::En);
        assert_eq!(
            summary,
            "renamed «Conclusion» → «Conclusion et au revoir»; changed «Pause déjeuner»"
        );
        assert!(changes(&old, &new, Lang::Fr).starts_with("renommé «Conclusion»"));
    }
}
