//! When the follower of the served files looks again: as soon as the system says something
//! changed in their folders (inotify and its kin, through `notify`), and at the latest after a
//! fallback wait, for file systems that say nothing (network mounts) and for anything missed.
//! The follower's own look is a `stat` per file, so a wake for an unrelated file costs little.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use notify::{RecommendedWatcher, RecursiveMode, Watcher as _};

/// The longest wait without an event, when the folders are watched.
pub const FALLBACK: Duration = Duration::from_secs(5);
/// How long a burst of events (an editor's save, a rename) settles before the files are read.
pub const SETTLE: Duration = Duration::from_millis(30);

pub struct Wake {
    events: Receiver<()>,
    fallback: Duration,
    /// Kept alive while waking; `None` when the system cannot watch (then `poll` is the pace).
    watcher: Option<RecommendedWatcher>,
    poll: Duration,
}

impl Wake {
    /// Watches the folders holding `files` (which may not exist yet); `poll` is the pace when
    /// they cannot be watched.
    pub fn new(files: &[&Path], poll: Duration) -> Wake {
        Wake::with_fallback(files, poll, FALLBACK)
    }

    /// [`Wake::new`], waiting at most `fallback` for an event.
    pub fn with_fallback(files: &[&Path], poll: Duration, fallback: Duration) -> Wake {
        let (tx, events) = channel();
        let watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
            if event.is_ok() {
                let _ = tx.send(());
            }
        })
        .ok();
        let mut wake = Wake {
            events,
            fallback,
            watcher,
            poll,
        };
        let mut folders: Vec<PathBuf> = files.iter().map(|f| folder(f)).collect();
        folders.sort();
        folders.dedup();
        if let Some(watcher) = &mut wake.watcher {
            let all_watched = folders
                .iter()
                .all(|d| watcher.watch(d, RecursiveMode::NonRecursive).is_ok());
            if !all_watched {
                wake.watcher = None;
            }
        }
        wake
    }

    /// Whether the folders are watched (else the files are looked at every `poll`).
    pub fn is_watching(&self) -> bool {
        self.watcher.is_some()
    }

    /// Returns when something may have changed, or after `at_most` (less when not watching).
    /// `false` when the watcher is gone.
    pub fn wait(&self, at_most: Duration) -> bool {
        if self.watcher.is_none() {
            std::thread::sleep(at_most.min(self.poll));
            return true;
        }
        match self.events.recv_timeout(at_most.min(self.fallback)) {
            Ok(()) => {
                // A burst (a temporary file written, then renamed) is read once, settled.
                let until = Instant::now() + SETTLE;
                while let Some(left) = until.checked_duration_since(Instant::now()) {
                    if self.events.recv_timeout(left).is_err() {
                        break;
                    }
                }
                true
            }
            Err(RecvTimeoutError::Timeout) => true,
            Err(RecvTimeoutError::Disconnected) => false,
        }
    }
}

fn folder(file: &Path) -> PathBuf {
    match file.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_write_in_a_watched_folder_wakes_before_the_fallback() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("day.live.yaml");
        let wake = Wake::with_fallback(&[&file], Duration::from_millis(500), Duration::MAX);
        if !wake.is_watching() {
            // No inotify here (a container without it): the poll pace stands in.
            return;
        }
        let writer = {
            let file = file.clone();
            std::thread::spawn(move || {
                std::thread::sleep(Duration::from_millis(100));
                std::fs::write(&file, "x").expect("write");
            })
        };
        // No fallback and no bound: only the event can end the wait (a missed one hangs the
        // test, which the harness reports).
        let start = Instant::now();
        assert!(wake.wait(Duration::MAX));
        writer.join().expect("the writer");
        assert!(file.exists());
        assert!(start.elapsed() < Duration::from_secs(60));
    }
}
