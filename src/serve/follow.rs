//! Following the programme file and the live record on disk for the server and the publisher.
//!
//! Each [`Follower::poll`] compares the files' modification times and sizes with what it last
//! read (a `stat`, no read) and reads again only what changed. A programme or record that no
//! longer reads keeps the last good one, and the problem is returned for the log.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::live::{self, Record, state::State};
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
    /// The live record (it may not exist yet) of a programme of one sequence.
    pub live: PathBuf,
    /// With parallel rooms, a room whose record is not where `FILE.<room>.live.yaml` puts it
    /// (`facilitate --room R --serve` with `--live`, or rehearsing).
    pub room: Option<(String, PathBuf)>,
}

impl Files {
    /// Every file followed whatever the programme (room records sit beside the programme).
    pub fn watched(&self) -> Vec<&Path> {
        let mut files = vec![self.live.as_path()];
        files.extend(self.programme.as_deref());
        files.extend(self.room.as_ref().map(|(_, p)| p.as_path()));
        files
    }

    /// The records to follow for `plan`: the one record, or (parallel rooms, from a file) every
    /// room's, named by its room.
    fn records(&self, plan: &Programme) -> Vec<(Option<String>, PathBuf)> {
        match &self.programme {
            Some(file) if !live::applies(plan) => plan
                .rooms
                .iter()
                .map(|room| {
                    let path = match &self.room {
                        Some((name, path)) if *name == room.name => path.clone(),
                        _ => live::room_sidecar_for(file, &room.name, false),
                    };
                    (Some(room.name.clone()), path)
                })
                .collect(),
            _ => vec![(None, self.live.clone())],
        }
    }
}

#[derive(Debug)]
pub struct Follower {
    files: Files,
    programme_seen: Stamp,
    /// Each followed record's stamp, in [`Files::records`]' order.
    live_seen: Vec<Stamp>,
    /// When following began: the `Last-Modified` of what has no file.
    started: SystemTime,
    current: Snapshot,
}

impl Follower {
    /// Starts from `programme` (already loaded from `files.programme`) and reads the records.
    /// A record that cannot be read is returned as a problem and not applied.
    pub fn new(files: Files, programme: Programme, started: SystemTime) -> (Self, Vec<String>) {
        let programme_seen = files.programme.as_deref().and_then(stamp);
        let records = files.records(&programme);
        let live_seen: Vec<Stamp> = records.iter().map(|(_, p)| stamp(p)).collect();
        let mut problems = Vec::new();
        let state = read_state(&files, &programme, &records, &State::Planned, &mut problems);
        let current = Snapshot::new(
            programme,
            state,
            modified(programme_seen, started),
            latest(&live_seen, started),
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
        let owner = plan.as_ref().unwrap_or(&self.current.plan);
        let records = self.files.records(owner);
        let live_now: Vec<Stamp> = records.iter().map(|(_, p)| stamp(p)).collect();
        let live_changed = live_now != self.live_seen;
        self.live_seen = live_now;
        let mut state = None;
        if live_changed || plan.is_some() {
            state = Some(read_state(
                &self.files,
                owner,
                &records,
                &self.current.state,
                &mut problems,
            ));
        }
        if plan.is_none() && state.is_none() {
            return (None, problems);
        }
        let next = Snapshot::new(
            plan.unwrap_or_else(|| self.current.plan.clone()),
            state.unwrap_or_else(|| self.current.state.clone()),
            modified(self.programme_seen, self.started),
            latest(&self.live_seen, self.started),
        );
        let changed = !next.programme.same_content(&self.current.programme)
            || !next.live.same_content(&self.current.live);
        self.current = next;
        (changed.then_some(&self.current), problems)
    }
}

/// Reads the records at `records` for `plan`; one that does not read keeps what `last` had for
/// it, and the problem is said.
fn read_state(
    files: &Files,
    plan: &Programme,
    records: &[(Option<String>, PathBuf)],
    last: &State,
    problems: &mut Vec<String>,
) -> State {
    let file = files.programme.as_deref();
    if let [(None, path)] = records {
        return match Record::read_for(path, plan, file) {
            Ok(Some(record)) => State::One(record),
            Ok(None) => State::Planned,
            Err(e) => {
                problems.push(format!("{e}\n(the last good live record is still served)"));
                last.clone()
            }
        };
    }
    let kept = |room: &str| match last {
        State::Rooms(rooms) => rooms
            .iter()
            .find(|(r, _)| r == room)
            .map(|(_, rec)| rec.clone()),
        _ => None,
    };
    let mut rooms = Vec::new();
    for (room, path) in records {
        let Some(room) = room else { continue };
        match Record::read_for(path, plan, file) {
            Ok(Some(record)) => rooms.push((room.clone(), record)),
            Ok(None) => {}
            Err(e) => {
                problems.push(format!("{e}\n(the last good live record is still served)"));
                if let Some(record) = kept(room) {
                    rooms.push((room.clone(), record));
                }
            }
        }
    }
    if rooms.is_empty() {
        State::Planned
    } else {
        State::Rooms(rooms)
    }
}

/// The latest of the records' modification times.
fn latest(stamps: &[Stamp], otherwise: SystemTime) -> SystemTime {
    stamps
        .iter()
        .filter_map(|s| s.map(|(t, _)| t))
        .max()
        .unwrap_or(otherwise)
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
            room: None,
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
        assert!(changed.state.record().is_some());
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
            room: None,
        };
        let (follower, problems) = Follower::new(files, plan, SystemTime::UNIX_EPOCH);
        assert!(problems.is_empty(), "{problems:?}");
        assert!(follower.current().state.record().is_some());
    }
}
