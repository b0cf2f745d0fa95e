//! One writer per live record: an advisory lock (`fs4`) on `RECORD.lock` beside the record,
//! whose content names the holder and since when.
//!
//! Stale-lock rule: the operating system releases an advisory lock when its process ends
//! (quit, killed, crashed), so a lock file that can be locked names a holder that is gone, and
//! is taken without a word. A lock that cannot be taken belongs to a running facilitator: the
//! second one is refused with who holds it since when, unless it takes over (`--take-over`):
//! it then writes itself into the lock file, and the first one, which checks the lock file
//! before every save, stops saving and says so (NOT SAVED: taken over by …) — never a silent
//! loss.
//!
//! The take-over gap: the one who takes over cannot hold the system's lock while the first one
//! runs (the first still holds it). Were it never to take it, once the first one quits a third
//! facilitator would find the lock free, take it as stale without a word, and the second would
//! then be the one told NOT SAVED: a loud loss, but the refusal promised to the third broken.
//! So the one who took over keeps trying the system's lock (every [`RETRY`], on a thread,
//! without blocking anything) and holds it as soon as the first one lets go: from then on a
//! third one is refused, naming it. What is left of the gap is at most one [`RETRY`] after the
//! first one quits, during which a third one starting would be taken as the holder (and the
//! second would say NOT SAVED at its next action).

use std::fs::{File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// How often one who took a record over tries the system's lock until the first one lets go.
pub const RETRY: Duration = Duration::from_millis(500);

use fs4::fs_std::FileExt;

use crate::model::Instant;

/// The records this process holds, with the holder line it wrote.
static HELD: Mutex<Vec<(PathBuf, String)>> = Mutex::new(Vec::new());

#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error(
        "{record}: {holder} has been facilitating with this record since {since}: one facilitator writes a record; quit the other one, or take it over with --take-over"
    )]
    Held {
        record: String,
        holder: String,
        since: String,
    },
    #[error("{path}: cannot lock the live record: {source}")]
    Io {
        path: String,
        #[source]
        source: io::Error,
    },
}

/// The lock file of a record: `day.live.yaml.lock`.
pub fn lock_path(record: &Path) -> PathBuf {
    let mut name = record
        .file_name()
        .map(std::ffi::OsStr::to_os_string)
        .unwrap_or_default();
    name.push(".lock");
    record.with_file_name(name)
}

/// The holder of a record, while this process writes it. Dropping it lets go.
#[derive(Debug)]
pub struct Lock {
    /// Kept open: the advisory lock lasts as long as the file is open.
    _file: File,
    record: PathBuf,
    /// Whether this process holds the system's lock (after a take-over: once the first one
    /// let go).
    exclusive: Arc<AtomicBool>,
    /// Tells the thread still trying the system's lock (after a take-over) to stop.
    stop: Arc<AtomicBool>,
}

impl Lock {
    /// Takes the lock of `record` for `holder` (e.g. `alice@stage-laptop (pid 4242)`), `since`
    /// the wall-clock time; with `take_over`, even from a running facilitator.
    pub fn acquire(
        record: &Path,
        holder: &str,
        since: Instant,
        take_over: bool,
    ) -> Result<Lock, LockError> {
        let path = lock_path(record);
        let fail = |source| LockError::Io {
            path: path.display().to_string(),
            source,
        };
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(fail)?;
        let locked = FileExt::try_lock_exclusive(&file).map_err(fail)?;
        if !locked && !take_over {
            let (holder, since) = read_holder(&path);
            return Err(LockError::Held {
                record: record.display().to_string(),
                holder,
                since,
            });
        }
        let line = format!(
            "holder: {holder}\nsince: {}\n",
            since.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        );
        file.set_len(0)
            .and_then(|()| file.seek(SeekFrom::Start(0)))
            .and_then(|_| file.write_all(line.as_bytes()))
            .and_then(|()| file.sync_all())
            .map_err(fail)?;
        if let Ok(mut held) = HELD.lock() {
            held.retain(|(r, _)| r != record);
            held.push((record.to_path_buf(), line));
        }
        let exclusive = Arc::new(AtomicBool::new(locked));
        let stop = Arc::new(AtomicBool::new(false));
        if !locked {
            // Taken over: the system's lock as soon as the first one lets go (see the module's
            // doc). The clone shares the open file, so the lock stays with `_file`.
            let clone = file.try_clone().map_err(fail)?;
            let (exclusive, stop) = (Arc::clone(&exclusive), Arc::clone(&stop));
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    if FileExt::try_lock_exclusive(&clone).unwrap_or(false) {
                        exclusive.store(true, Ordering::Relaxed);
                        return;
                    }
                    std::thread::sleep(RETRY);
                }
            });
        }
        Ok(Lock {
            _file: file,
            record: record.to_path_buf(),
            exclusive,
            stop,
        })
    }

    /// Whether this process holds the system's lock: at once, or after a take-over once the
    /// first facilitator has let go.
    pub fn is_exclusive(&self) -> bool {
        self.exclusive.load(Ordering::Relaxed)
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Ok(mut held) = HELD.lock() {
            held.retain(|(r, _)| r != &self.record);
        }
    }
}

/// Who holds the lock of `path` and since when, as its file says.
fn read_holder(path: &Path) -> (String, String) {
    let mut text = String::new();
    let _ = File::open(path).and_then(|f| f.take(4096).read_to_string(&mut text));
    let field = |name: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(name))
            .map(|v| crate::live::visible(v.trim()))
    };
    (
        field("holder:").unwrap_or_else(|| "another facilitator".into()),
        field("since:").unwrap_or_else(|| "an unknown time".into()),
    )
}

/// Whether this process may still write `record`: always, unless it locked the record and
/// another facilitator has taken it over since; then who did, and since when.
pub(crate) fn taken_over(record: &Path) -> Option<(String, String)> {
    let ours = HELD
        .lock()
        .ok()?
        .iter()
        .find(|(r, _)| r == record)
        .map(|(_, line)| line.clone())?;
    let path = lock_path(record);
    let mut text = String::new();
    File::open(&path)
        .and_then(|f| f.take(4096).read_to_string(&mut text))
        .ok()?;
    (text != ours).then(|| read_holder(&path))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(h: u32) -> Instant {
        chrono::Utc
            .with_ymd_and_hms(2026, 12, 6, h, 0, 0)
            .single()
            .expect("valid")
    }

    #[test]
    fn a_second_writer_is_refused_with_who_holds_the_record_since_when() {
        let dir = tempfile::tempdir().expect("tempdir");
        let record = dir.path().join("day.live.yaml");
        let first = Lock::acquire(&record, "alice@stage (pid 1)", at(9), false).expect("free");
        let err = Lock::acquire(&record, "bob@hall (pid 2)", at(10), false).expect_err("held");
        assert_eq!(
            err.to_string(),
            format!(
                "{}: alice@stage (pid 1) has been facilitating with this record since \
                 2026-12-06T09:00:00Z: one facilitator writes a record; quit the other one, or \
                 take it over with --take-over",
                record.display()
            )
        );
        assert!(taken_over(&record).is_none());
        // Once the first one has gone (here: dropped; killed, the system lets go the same),
        // the lock is stale and simply taken.
        drop(first);
        let _second = Lock::acquire(&record, "bob@hall (pid 2)", at(10), false).expect("stale");
    }

    #[test]
    fn taking_over_stops_the_first_writer_loudly() {
        let dir = tempfile::tempdir().expect("tempdir");
        let record = dir.path().join("day.live.yaml");
        let _first = Lock::acquire(&record, "alice@stage (pid 1)", at(9), false).expect("free");
        let _second = Lock::acquire(&record, "bob@hall (pid 2)", at(10), true).expect("taken");
        // Both live in this test's process: the registry now holds bob's line, and alice's
        // check is simulated by comparing the file with another line.
        assert!(taken_over(&record).is_none(), "bob is the holder now");
        if let Ok(mut held) = HELD.lock() {
            for (r, line) in held.iter_mut() {
                if r == &record {
                    *line = "holder: alice@stage (pid 1)\nsince: 2026-12-06T09:00:00Z\n".into();
                }
            }
        }
        assert_eq!(
            taken_over(&record),
            Some(("bob@hall (pid 2)".into(), "2026-12-06T10:00:00Z".into()))
        );
    }

    /// The take-over gap (see the module's doc): once the first one quits, the one who took
    /// over holds the system's lock, so a third one is refused instead of taking the record
    /// as stale.
    #[test]
    fn after_a_take_over_the_lock_is_held_once_the_first_one_quits() {
        let dir = tempfile::tempdir().expect("tempdir");
        let record = dir.path().join("day.live.yaml");
        let first = Lock::acquire(&record, "alice@stage (pid 1)", at(9), false).expect("free");
        assert!(first.is_exclusive());
        let second = Lock::acquire(&record, "bob@hall (pid 2)", at(10), true).expect("taken");
        assert!(
            !second.is_exclusive(),
            "alice still holds the system's lock"
        );
        let err = Lock::acquire(&record, "carol@desk (pid 3)", at(11), false).expect_err("held");
        assert!(
            err.to_string().contains("bob@hall (pid 2) has been"),
            "{err}"
        );
        drop(first);
        // Bob's thread takes the lock within a retry or two; this waits for it (no timing is
        // asserted, only the order of events).
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        while !second.is_exclusive() {
            assert!(
                std::time::Instant::now() < deadline,
                "bob never took the lock"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        let err = Lock::acquire(&record, "carol@desk (pid 3)", at(11), false).expect_err("held");
        assert!(
            err.to_string().contains("bob@hall (pid 2) has been"),
            "{err}"
        );
        drop(second);
        let _third = Lock::acquire(&record, "carol@desk (pid 3)", at(11), false).expect("free");
    }
}
