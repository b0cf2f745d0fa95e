//! Watching the programme file and the live record, and saying what a reload changed.
//!
//! The file system tells the watcher when a watched file changes ([`Watcher::notify`]: their
//! folders are watched, so a file replaced by a rename is seen too), once the file has been
//! quiet for [`DEBOUNCE`], so that an editor's save (truncate and write, or write aside and
//! rename) is one reload, and a version that lived less than a second is still read. On each
//! wake of the loop the watcher compares the files' modification times and sizes with what it
//! last read (a `stat`, no read) and reloads only what changed. Where notifications cannot be
//! had, it relies on those looks alone (the loop wakes at least once a second); and since a
//! network file system accepts a watch but never reports another computer's writes, a change
//! seen by looking alone is read once it has stayed the same for one more look. A broken
//! programme is reported and the last good one kept. A programme opened by URL is followed by
//! `net::remote` on a thread of its own; the watcher passes its changes on.

use std::collections::HashMap;
use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Receiver;
use std::time::{Duration, SystemTime};

use notify_debouncer_mini::notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_mini::{DebounceEventResult, Debouncer, new_debouncer};

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

/// How long a file must be quiet after a change before it is read again: an editor's save is
/// several writes (or a write aside and a rename) within a few milliseconds.
pub const DEBOUNCE: Duration = Duration::from_millis(150);

/// One watched file: where it is, what was last read, and a change seen by looking but not yet
/// read (see [`decide`]).
#[derive(Debug)]
struct Watched {
    path: PathBuf,
    seen: Stamp,
    pending: Stamp,
}

impl Watched {
    fn new(path: &Path) -> Self {
        let seen = stamp(path);
        Watched {
            path: path.to_path_buf(),
            seen,
            pending: seen,
        }
    }

    /// Whether the file is to be read again now; remembers the stamp it is read at.
    fn changed(&mut self, how: How) -> bool {
        let now = stamp(&self.path);
        let read = decide(self.seen, self.pending, now, how);
        self.pending = now;
        if read {
            self.seen = now;
        }
        read
    }
}

/// How the watcher learns of changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum How {
    /// No notifications: each look reads what changed.
    Looking,
    /// Notifications, and one has come since the last look: read what changed.
    Notified,
    /// Notifications, and none came: a change seen is read only once it has stayed the same
    /// since the previous look (a network file system's change, which no notification reports;
    /// a change a notification is about to report is left to it).
    Quiet,
}

/// Whether a file last read at `seen`, looked at with `pending` last time and `now` this time,
/// is to be read again.
pub fn decide(seen: Stamp, pending: Stamp, now: Stamp, how: How) -> bool {
    if now == seen {
        return false;
    }
    match how {
        How::Looking | How::Notified => true,
        How::Quiet => now == pending,
    }
}

pub struct Watcher {
    programme: Option<Watched>,
    live: Option<Watched>,
    /// Each room's record of a programme with parallel rooms: the room and its file.
    rooms: Vec<(String, Watched)>,
    /// A programme opened by URL: the changes its follower (`net::remote`) found.
    remote: Option<Receiver<Change>>,
    /// The file system's notifications, once [`Watcher::notify`] set them up.
    notifier: Option<Debouncer<RecommendedWatcher>>,
    /// Set by a notification about a watched file, taken by the next [`Watcher::poll`].
    notified: Arc<AtomicBool>,
}

impl std::fmt::Debug for Watcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Watcher")
            .field("programme", &self.programme)
            .field("live", &self.live)
            .field("rooms", &self.rooms)
            .field("is_remote", &self.remote.is_some())
            .field("is_notified", &self.notifier.is_some())
            .finish_non_exhaustive()
    }
}

impl Watcher {
    /// Watches `programme` (when it is a file) and `live` (the sidecar, read by attendees).
    /// Until [`Watcher::notify`] succeeds, each [`Watcher::poll`] reads what changed.
    pub fn new(programme: Option<&Path>, live: Option<&Path>) -> Self {
        Watcher {
            programme: programme.map(Watched::new),
            live: live.map(Watched::new),
            rooms: Vec::new(),
            remote: None,
            notifier: None,
            notified: Arc::new(AtomicBool::new(false)),
        }
    }

    /// Passes on what a URL's follower found.
    pub fn remote(changes: Receiver<Change>) -> Self {
        Watcher {
            programme: None,
            live: None,
            rooms: Vec::new(),
            remote: Some(changes),
            notifier: None,
            notified: Arc::new(AtomicBool::new(false)),
        }
    }

    /// Also watches each room's record (`(room, file)`), as read now.
    pub fn watch_rooms(&mut self, rooms: impl IntoIterator<Item = (String, PathBuf)>) {
        self.rooms = rooms
            .into_iter()
            .map(|(room, path)| (room, Watched::new(&path)))
            .collect();
    }

    pub fn is_idle(&self) -> bool {
        self.programme.is_none()
            && self.live.is_none()
            && self.rooms.is_empty()
            && self.remote.is_none()
    }

    /// Asks the file system to call `wake` when a watched file has changed and then stayed
    /// quiet for [`DEBOUNCE`] (the loop then calls [`Watcher::poll`]). Watches the files'
    /// folders, not the files, so that a save by rename is seen. Returns whether notifications
    /// could be had; if not (no inotify watch left, a folder that does not exist), the watcher
    /// goes on reading what each look finds changed.
    pub fn notify(&mut self, wake: impl Fn() + Send + 'static) -> bool {
        let files: Vec<&Path> = [&self.programme, &self.live]
            .into_iter()
            .flatten()
            .chain(self.rooms.iter().map(|(_, w)| w))
            .map(|w| w.path.as_path())
            .collect();
        if files.is_empty() {
            return false;
        }
        let names: Vec<OsString> = files
            .iter()
            .filter_map(|p| p.file_name().map(ToOwned::to_owned))
            .collect();
        let flag = Arc::clone(&self.notified);
        let handler = move |result: DebounceEventResult| {
            // An error of the watch (a queue overflow) may hide a change: look anyway.
            let ours = result.map_or(true, |events| {
                events.iter().any(|e| {
                    e.path
                        .file_name()
                        .is_some_and(|n| names.iter().any(|m| m == n))
                })
            });
            if ours {
                flag.store(true, Ordering::SeqCst);
                wake();
            }
        };
        let Ok(mut debouncer) = new_debouncer(DEBOUNCE, handler) else {
            return false;
        };
        // One watch a folder (the rooms' records sit beside the programme).
        let folders: std::collections::BTreeSet<&Path> = files
            .iter()
            .map(|file| match file.parent() {
                Some(p) if !p.as_os_str().is_empty() => p,
                _ => Path::new("."),
            })
            .collect();
        for folder in folders {
            if debouncer
                .watcher()
                .watch(folder, RecursiveMode::NonRecursive)
                .is_err()
            {
                return false;
            }
        }
        self.notifier = Some(debouncer);
        true
    }

    /// Whether the file system notifies changes ([`Watcher::notify`] succeeded).
    pub fn is_notified(&self) -> bool {
        self.notifier.is_some()
    }

    /// What changed since the last call. `current` is the programme on screen (for the live
    /// record's owner check).
    pub fn poll(&mut self, current: &Programme) -> Vec<Change> {
        let how = match (&self.notifier, self.notified.swap(false, Ordering::SeqCst)) {
            (None, _) => How::Looking,
            (Some(_), true) => How::Notified,
            (Some(_), false) => How::Quiet,
        };
        let mut changes = Vec::new();
        if let Some(remote) = &self.remote {
            changes.extend(remote.try_iter());
        }
        let mut programme = None;
        if let Some(watched) = &mut self.programme {
            // A programme that is gone for a moment (a save by rename) keeps the last one read.
            if stamp(&watched.path).is_some() && watched.changed(how) {
                let path = &watched.path;
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
        if let Some(watched) = &mut self.live
            && watched.changed(how)
        {
            let path = &watched.path;
            let owner = programme.as_ref().unwrap_or(current);
            changes.push(match Record::read(path, owner) {
                Ok(record) => Change::Live(record.map(Box::new)),
                Err(e) => Change::LiveBroken(e.to_string()),
            });
        }
        for (room, watched) in &mut self.rooms {
            if watched.changed(how) {
                let owner = programme.as_ref().unwrap_or(current);
                changes.push(match Record::read(&watched.path, owner) {
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
    /// The programme file was edited and is valid; what its load or import warned about.
    Programme(Box<Programme>, Vec<String>),
    /// The programme file was edited and is broken: the first error, located (for the banner),
    /// and every line of the report (for the messages panel).
    ProgrammeBroken { first: String, report: Vec<String> },
    /// The live record was written by the facilitator (`None`: removed).
    Live(Option<Box<Record>>),
    /// The live record cannot be used.
    LiveBroken(String),
    /// A room's record (parallel rooms) was written by its facilitator (`None`: removed).
    RoomLive(String, Option<Box<Record>>),
    /// Every room's record at once, as a server of a programme with parallel rooms gives them
    /// (rooms without a record left out): a programme opened by URL.
    Rooms(Vec<(String, Record)>),
    /// A programme opened by URL: its server cannot be reached (`error`); what is shown is the
    /// copy the server last confirmed at `updated`.
    Offline {
        updated: Option<crate::model::Instant>,
        error: String,
    },
    /// The server answers again.
    Online,
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
/// items (by id, or by date, start and title). The favourites' changes (`is_favourite`, asked
/// with an item's live-record key) are marked ★ and said first in each part.
pub fn changes(
    old: &Programme,
    new: &Programme,
    lang: Lang,
    is_favourite: impl Fn(&str) -> bool,
) -> String {
    /// Titles in a one-line banner are cut, so that where an item went stays visible.
    const TITLE: usize = 24;
    let titled = |k: &str, t: &str| {
        let star = if is_favourite(k) { "★" } else { "" };
        format!("{star}«{}»", crate::text::fit(t, TITLE))
    };
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
        .map(|(k, i)| titled(k, &i.title))
        .collect();
    let mut removed: Vec<String> = before
        .iter()
        .filter(|(k, _)| !after.contains_key(*k))
        .map(|(k, i)| titled(k, &i.title))
        .collect();
    let (mut renamed, mut moved, mut changed) = (Vec::new(), Vec::new(), Vec::new());
    for (k, n) in &after {
        let Some(o) = before.get(k) else { continue };
        let short = |t: &str| titled(k, t);
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
                crate::text::fit(room, TITLE)
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
        // A favourite's change first, then in order.
        list.sort_by(|a, b| (!a.starts_with('★'), a).cmp(&(!b.starts_with('★'), b)));
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

    fn at(seconds: u64, size: u64) -> (SystemTime, u64) {
        (SystemTime::UNIX_EPOCH + Duration::from_secs(seconds), size)
    }

    #[rstest::rstest]
    #[case::unchanged_is_never_read(
        Some(at(1, 10)),
        Some(at(2, 20)),
        Some(at(1, 10)),
        How::Looking,
        false
    )]
    #[case::looking_reads_a_change_at_once(
        Some(at(1, 10)),
        Some(at(1, 10)),
        Some(at(2, 20)),
        How::Looking,
        true
    )]
    #[case::a_notification_reads_it_at_once(
        Some(at(1, 10)),
        Some(at(1, 10)),
        Some(at(2, 20)),
        How::Notified,
        true
    )]
    #[case::quiet_waits_one_more_look(
        Some(at(1, 10)),
        Some(at(1, 10)),
        Some(at(2, 20)),
        How::Quiet,
        false
    )]
    #[case::quiet_reads_a_change_that_stayed(
        Some(at(1, 10)),
        Some(at(2, 20)),
        Some(at(2, 20)),
        How::Quiet,
        true
    )]
    #[case::quiet_waits_while_it_still_changes(
        Some(at(1, 10)),
        Some(at(2, 20)),
        Some(at(3, 30)),
        How::Quiet,
        false
    )]
    #[case::a_file_removed_is_a_change(Some(at(1, 10)), None, None, How::Quiet, true)]
    fn when_a_file_is_read_again(
        #[case] seen: Stamp,
        #[case] pending: Stamp,
        #[case] now: Stamp,
        #[case] how: How,
        #[case] read: bool,
    ) {
        assert_eq!(decide(seen, pending, now, how), read);
    }

    /// An editor's save (written aside, then renamed over the file) wakes the loop once the
    /// file is quiet, and is one reload.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_save_by_rename_is_notified_and_read_once() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("day.yaml");
        fs::write(&path, crate::BUNDLED).expect("write");
        let mut watcher = Watcher::new(Some(&path), None);
        let (tx, rx) = std::sync::mpsc::channel();
        assert!(watcher.notify(move || {
            let _ = tx.send(());
        }));
        assert!(watcher.is_notified());
        let current = bundled();
        assert!(watcher.poll(&current).is_empty());
        let aside = dir.path().join(".day.yaml.swp");
        let edited = crate::BUNDLED.replace("title: Conclusion", "title: Conclusion et suites");
        fs::write(&aside, &edited).expect("write aside");
        fs::rename(&aside, &path).expect("rename");
        rx.recv_timeout(Duration::from_secs(20))
            .expect("the file system said so");
        let changes = watcher.poll(&current);
        assert!(
            matches!(changes.as_slice(), [Change::Programme(p, _)]
                if p.items().any(|i| i.title == "Conclusion et suites")),
            "{changes:?}"
        );
        assert!(watcher.poll(&current).is_empty(), "read once");
    }

    #[test]
    fn a_folder_that_does_not_exist_falls_back_to_looking() {
        let mut watcher = Watcher::new(Some(Path::new("/nonexistent-deroule/p.yaml")), None);
        assert!(!watcher.notify(|| {}));
        assert!(!watcher.is_notified());
    }

    #[test]
    fn changes_name_added_removed_and_moved_items() {
        let old = bundled();
        assert_eq!(
            changes(&old, &old, Lang::En, |_| false),
            "no change to the items"
        );
        assert_eq!(
            changes(&old, &old, Lang::Fr, |_| false),
            "aucun élément modifié"
        );
        let source = crate::BUNDLED
            .replace(
                "  - id: conclusion\n    start: 17h\n",
                "  - id: conclusion\n    start: 17h10\n",
            )
            .replace("  - id: informel\n", "  - id: au-revoir\n");
        let new = crate::model::load_str(&source, "b")
            .expect("valid")
            .programme;
        let summary = changes(&old, &new, Lang::En, |_| false);
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

    /// A favourite's change is marked and said first, ahead of the others of its kind.
    #[test]
    fn a_favourites_change_is_called_out_first() {
        let old = bundled();
        let source = crate::BUNDLED
            .replace(
                "  - id: conclusion\n    start: 17h\n",
                "  - id: conclusion\n    start: 17h10\n",
            )
            .replace(
                "title: Échange de savoirs\n",
                "title: Échange de savoirs\n    room: Hall\n",
            );
        let new = crate::model::load_str(&source, "b")
            .expect("valid")
            .programme;
        let plain = changes(&old, &new, Lang::En, |_| false);
        assert!(!plain.contains('★'), "{plain}");
        assert!(plain.starts_with("moved «Ateliers"), "{plain}");
        let conclusion = live::key(
            &old,
            old.items().find(|i| i.title == "Conclusion").expect("in"),
        );
        let summary = changes(&old, &new, Lang::En, |k| k == conclusion);
        assert!(
            summary.starts_with("moved ★«Conclusion» to 17:10–17:30 (was 17:00–17:30), «Ateliers"),
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
        let summary = changes(&old, &new, Lang::En, |_| false);
        assert_eq!(
            summary,
            "renamed «Conclusion» → «Conclusion et au revoir»; changed «Pause déjeuner»"
        );
        assert!(changes(&old, &new, Lang::Fr, |_| false).starts_with("renommé «Conclusion»"));
    }
}
