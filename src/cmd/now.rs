//! `deroule now`: one line (or a template, or JSON) saying what is on now and what is next.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::cli::ClockArgs;
use crate::i18n::Lang;
use crate::live::Record;

use super::print;

/// How the answer is written: `--format`, `--json`, and the room followed (`--room`).
#[derive(Debug, Clone, Copy, Default)]
pub struct Shape<'a> {
    pub format: Option<&'a str>,
    pub json: bool,
    pub room: Option<&'a str>,
    /// `--favourites`: only the favourites marked in the viewer.
    pub favourites: bool,
}

/// Where the record of the one room asked for (`--room`, parallel rooms) comes from.
enum RoomRecord {
    /// A file: `FILE.<room>.live.yaml`, or `--live`.
    File(PathBuf),
    /// The room's record in the state served with the programme (none when it has none).
    Served(Option<crate::live::Record>),
}

pub fn run(
    file: Option<&Path>,
    clock: &ClockArgs,
    shape: Shape,
    live: Option<PathBuf>,
    lang: Lang,
) -> ExitCode {
    let Shape {
        format,
        json,
        room,
        favourites,
    } = shape;
    // A URL brings its own live state (unless --live names a record file).
    let (whole, served) = match super::load_any(file, live.is_some()) {
        Ok(opened) => opened,
        Err(code) => return code,
    };
    // The favourites are kept under the whole programme's identity.
    let kept = if favourites {
        match super::favourites_of(&whole) {
            Ok(kept) => Some(kept),
            Err(e) => {
                eprintln!("deroule: {e}");
                return ExitCode::from(1);
            }
        }
    } else {
        None
    };
    let file = file.filter(|_| served.is_none());
    // A live record follows the whole programme's one sequence, never one room of several.
    let follows_record = crate::live::applies(&whole);
    // Parallel rooms and one room asked for: the room's sequence and the room's own record
    // (FILE.<room>.live.yaml, --live, or the served room's), so that its delay is said.
    let room_record = match (follows_record, room) {
        (false, Some(r)) if file.is_some() || served.is_some() => {
            match crate::now::for_room(&whole, r) {
                Ok(p) => {
                    let name = p.rooms.first().map_or(r, |x| x.name.as_str()).to_owned();
                    let record = match (&served, &live, file) {
                        (Some(state), _, _) => RoomRecord::Served(state.room(&name).cloned()),
                        (None, Some(path), _) => RoomRecord::File(path.clone()),
                        (None, None, Some(path)) => {
                            RoomRecord::File(crate::live::room_sidecar_for(path, &name, false))
                        }
                        (None, None, None) => RoomRecord::Served(None),
                    };
                    Some((p, record))
                }
                Err(message) => {
                    eprintln!("deroule: {message}");
                    return ExitCode::from(2);
                }
            }
        }
        _ => None,
    };
    // Parallel rooms: each room's record (FILE.<room>.live.yaml, or served) moves its own
    // room's items.
    let whole = match (follows_record, file, &served) {
        (false, _, Some(state)) => match crate::clock::from_args(clock, &whole, lang) {
            Ok((c, _)) => state.expected(&whole, c.now()),
            Err(_) => whole,
        },
        (false, Some(path), None) => {
            let (records, errors) = crate::live::room_records(&whole, path);
            for e in &errors {
                eprintln!("deroule: {e}");
            }
            match crate::clock::from_args(clock, &whole, lang) {
                Ok((c, _)) if !records.is_empty() => {
                    crate::live::expected_all(&whole, &records, c.now())
                }
                _ => whole,
            }
        }
        _ => whole,
    };
    let (programme, room_record) = match room_record {
        Some((p, record)) => (Some(p), Some(record)),
        None => (None, None),
    };
    let programme = match programme
        .map(Ok)
        .or_else(|| room.map(|r| crate::now::for_room(&whole, r)))
    {
        None => whole,
        Some(Ok(p)) => p,
        Some(Err(message)) => {
            eprintln!("deroule: {message}");
            return ExitCode::from(2);
        }
    };
    let instant = match crate::clock::from_args(clock, &programme, lang) {
        Ok((clock, _)) => clock.now(),
        Err(message) => {
            eprintln!("deroule: {message}");
            return ExitCode::from(2);
        }
    };
    // A record that cannot be read is reported; the planned times are still given.
    let read = |path: &Path| {
        Record::read_for(path, &programme, file).unwrap_or_else(|e| {
            eprintln!("deroule: {e}");
            None
        })
    };
    let record = match (room_record, served) {
        (Some(RoomRecord::Served(record)), _) => record,
        (Some(RoomRecord::File(path)), _) => read(&path),
        (None, _) if !follows_record => None,
        (None, Some(state)) => state.record().cloned(),
        (None, None) => read(&super::followed_live_path(live, file, clock)),
    };
    let (programme, mut snapshot) = match kept {
        Some(kept) => {
            let is_favourite = |k: &str| kept.contains(k);
            // Expected times first (the delay model runs over the whole sequence), then narrowed.
            let expected = match &record {
                Some(r) => crate::live::expected(&programme, r, instant).0,
                None => programme.clone(),
            };
            match crate::now::for_favourites(&programme, &expected, is_favourite) {
                Some(only) => {
                    let snapshot = crate::now::favourites_snapshot(
                        &programme,
                        record.as_ref(),
                        &only,
                        instant,
                        is_favourite,
                    );
                    (only, snapshot)
                }
                None => {
                    let none = crate::now::no_favourites(&programme, instant, json, lang);
                    print(&format!("{none}\n"));
                    return ExitCode::from(3);
                }
            }
        }
        None => {
            let snapshot = crate::now::snapshot(&programme, record.as_ref(), instant);
            (programme, snapshot)
        }
    };
    snapshot.followed_room = room.and_then(|_| programme.rooms.first().map(|r| r.name.clone()));
    let text = if json {
        crate::now::json(&snapshot, &programme)
    } else if let Some(template) = format {
        match crate::now::render(template, &snapshot, &programme) {
            Ok(t) => t,
            Err(message) => {
                eprintln!("deroule: --format: {message}");
                return ExitCode::from(2);
            }
        }
    } else {
        crate::now::line(&snapshot, &programme, lang)
    };
    print(&format!("{text}\n"));
    if snapshot.running.is_some() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(3)
    }
}
