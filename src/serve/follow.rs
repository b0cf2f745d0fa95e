//! Following the programme file and the live record on disk for the server and the publisher.
//!
//! Each [`Follower::poll`] compares the files' modification times and sizes with what it last
//! read (a `stat`, no read) and reads again only what changed. A programme or record that no
//! longer reads keeps the last good one, and the problem is returned for the log.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::live::Record;
use crate::model::Programme;

use super::content::Snapshot;

type Stamp = Option<(SystemTime, u64)>;

fn stamp(path: &Path) -> Stamp {
    let meta = fs::metadata(path).ok()?;
    Some((meta.modified().ok()?, meta.len()))
}

/// The files behind a snapshot.
#[derive(Debug, Clone)]
pub struct Files {
    /// The programme file; `None` for the bundled day (nothing to follow).
    pub programme: Option<PathBuf>,
    /// The live record (it may not exist yet).
    pub live: PathBuf,
}

#[derive(Debug)]
pub struct Follower {
    files: Files,
    programme_seen: Stamp,
    live_seen: Stamp,
    /// When following began: the `Last-Modified` of what has no file.
    started: SystemTime,
    current: Snapshot,
}

impl Follower {
    /// Starts from `programme` (already loaded from `files.programme`) and reads the record.
    /// A record that cannot be read is returned as a problem and not applied.
    pub fn new(files: Files, programme: Programme, started: SystemTime) -> (Self, Vec<String>) {
        let programme_seen = files.programme.as_deref().and_then(stamp);
        let live_seen = stamp(&files.live);
        let mut problems = Vec::new();
        let record = Record::read_for(&files.live, &programme, files.programme.as_deref())
            .unwrap_or_else(|e| {
                problems.push(e.to_string());
                None
            });
        let current = Snapshot::new(
            programme,
            record,
            modified(programme_seen, started),
            modified(live_seen, started),
        );
        let follower = Follower {
            files,
            programme_seen,
            live_seen,
            started,
            current,
        };
        (follower, problems)
    }

    pub fn current(&self) -> &Snapshot {
        &self.current
    }

    /// Reads what changed on disk. Returns the new snapshot when what is served changed, and the
    /// problems met (each keeps the last good version).
    pub fn poll(&mut self) -> (Option<&Snapshot>, Vec<String>) {
        let mut problems = Vec::new();
        let mut plan = None;
        if let Some(path) = &self.files.programme {
            let now = stamp(path);
            if now != self.programme_seen && now.is_some() {
                self.programme_seen = now;
                match crate::import::open(path) {
                    Ok(p) => plan = Some(p),
                    Err(e) => problems.push(format!(
                        "{}\n(the last good programme is still served)",
                        e.to_string().trim_end()
                    )),
                }
            }
        }
        let live_now = stamp(&self.files.live);
        let live_changed = live_now != self.live_seen;
        self.live_seen = live_now;
        let mut record = None;
        if live_changed || plan.is_some() {
            let owner = plan.as_ref().unwrap_or(&self.current.plan);
            match Record::read_for(&self.files.live, owner, self.files.programme.as_deref()) {
                Ok(r) => record = Some(r),
                Err(e) => {
                    problems.push(format!("{e}\n(the last good live record is still served)"));
                }
            }
        }
        if plan.is_none() && record.is_none() {
            return (None, problems);
        }
        let next = Snapshot::new(
            plan.unwrap_or_else(|| self.current.plan.clone()),
            record.unwrap_or_else(|| self.current.record.clone()),
            modified(self.programme_seen, self.started),
            modified(self.live_seen, self.started),
        );
        let changed = !next.programme.same_content(&self.current.programme)
            || !next.live.same_content(&self.current.live);
        self.current = next;
        (changed.then_some(&self.current), problems)
    }
}

fn modified(stamp: Stamp, otherwise: SystemTime) -> SystemTime {
    stamp.map_or(otherwise, |(t, _)| t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn a_broken_programme_keeps_the_last_good_one_and_a_record_change_is_seen() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("day.yaml");
        fs::write(&path, crate::BUNDLED).expect("write");
        let live = dir.path().join("day.live.yaml");
        let plan = crate::import::open(&path).expect("valid");
        let files = Files {
            programme: Some(path.clone()),
            live: live.clone(),
        };
        let (mut follower, problems) = Follower::new(files, plan.clone(), SystemTime::UNIX_EPOCH);
        assert!(problems.is_empty(), "{problems:?}");
        assert!(follower.poll().0.is_none(), "nothing changed");
        let before = follower.current().programme.etag.clone();

        fs::write(&path, "title: [broken\n").expect("write");
        let (changed, problems) = follower.poll();
        assert!(changed.is_none());
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].contains("day.yaml"), "{problems:?}");
        assert_eq!(follower.current().programme.etag, before);
        assert_eq!(follower.current().plan, plan);

        let at = chrono::Utc
            .with_ymd_and_hms(2022, 7, 1, 8, 0, 0)
            .single()
            .expect("valid");
        Record::new(&plan, at).save(&live).expect("saved");
        let (changed, problems) = follower.poll();
        assert!(problems.is_empty(), "{problems:?}");
        let changed = changed.expect("the record is new");
        assert!(changed.record.is_some());
        assert_eq!(changed.programme.etag, before);
    }

    #[test]
    fn a_record_elsewhere_naming_the_programme_file_is_read() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("day.yaml");
        fs::write(&path, crate::BUNDLED).expect("write");
        let live = dir.path().join("elsewhere.yaml");
        let plan = crate::import::open(&path).expect("valid");
        let at = chrono::Utc
            .with_ymd_and_hms(2022, 7, 1, 8, 0, 0)
            .single()
            .expect("valid");
        // As `facilitate day.yaml --live elsewhere.yaml` names it: by the programme's file.
        let mut record = Record::new(&plan, at);
        record.programme = "day".into();
        record.save(&live).expect("saved");
        let files = Files {
            programme: Some(path),
            live,
        };
        let (follower, problems) = Follower::new(files, plan, SystemTime::UNIX_EPOCH);
        assert!(problems.is_empty(), "{problems:?}");
        assert!(follower.current().record.is_some());
    }
}
