//! The live view (`deroule [FILE]`) and the facilitator's stage view (`deroule facilitate`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono_tz::Tz;
use ratatui::layout::Size;

use crate::app::{App, Live, Mode, Options, Zone};
use crate::cli::ViewArgs;
use crate::clock::Clock as _;
use crate::config::Config;
use crate::favourites::Favourites;
use crate::i18n::Lang;
use crate::live::Record;
use crate::model::Thresholds;
use crate::reload::{Change, Watcher};
use crate::run::{Ending, run};
use crate::theme::Theme;

use super::{env, is_rehearsal, live_path, load_warned};

/// The facilitator's options of `view`.
#[derive(Debug, Default, Clone, Copy)]
pub struct Facilitator<'a> {
    pub take_over: bool,
    /// One room of a programme with parallel rooms.
    pub room: Option<&'a str>,
}

/// `deroule facilitate`'s options besides the view's.
#[derive(Debug, Default, Clone)]
pub struct Facilitate {
    pub warn: Option<u32>,
    pub danger: Option<u32>,
    pub serve: Option<std::net::SocketAddr>,
    pub publish: Option<PathBuf>,
    pub take_over: bool,
    pub room: Option<String>,
}

/// `deroule facilitate`: the stage view, with the server or the publisher beside it.
pub fn facilitate(view: ViewArgs, options: &Facilitate, config: &Config, lang: Lang) -> ExitCode {
    // A rehearsal (--at, --speed, --today) writes its own record, unless --live says;
    // a room's record is named once the room is known (in `view`).
    let mut view = view;
    if options.room.is_none() {
        view.live = Some(facilitator_live_path(&view));
    }
    let beside = super::serve::Beside {
        serve: options.serve,
        publish: options.publish.clone(),
        room: options.room.as_deref(),
    };
    if let Err(code) = super::serve::beside_facilitator(&view, &beside, lang) {
        return code;
    }
    let thresholds = Thresholds {
        warn_before: options.warn.or(config.warn_before),
        danger_before: options.danger.or(config.danger_before),
    };
    let facilitator = Facilitator {
        take_over: options.take_over,
        room: options.room.as_deref(),
    };
    self::view(
        &view,
        Mode::Facilitator(thresholds),
        config,
        lang,
        facilitator,
    )
}

/// The record a facilitator writes: `--live`, else the rehearsal record when rehearsing, else
/// the record beside the programme.
fn facilitator_live_path(args: &ViewArgs) -> PathBuf {
    match (&args.live, args.file.as_deref()) {
        (Some(path), _) => path.clone(),
        (None, file) if is_rehearsal(&args.clock) => crate::live::rehearsal_sidecar_for(
            file.unwrap_or_else(|| Path::new("bluehats-2022-07-01.yaml")),
        ),
        (None, file) => live_path(None, file),
    }
}

/// The record of the room `name` a facilitator writes: `--live`, else `FILE.<room>.live.yaml`
/// (`.rehearsal.live.yaml` when rehearsing).
pub(super) fn room_record(args: &ViewArgs, name: &str) -> PathBuf {
    let file = args.file.as_deref().unwrap_or(Path::new("programme.yaml"));
    args.live
        .clone()
        .unwrap_or_else(|| crate::live::room_sidecar_for(file, name, is_rehearsal(&args.clock)))
}

/// Who is facilitating, for the lock file: `user@host (pid N)`.
fn holder() -> String {
    let user = env("USER")
        .or_else(|| env("USERNAME"))
        .unwrap_or_else(|| "someone".into());
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .map(|h| h.trim().to_owned())
        .filter(|h| !h.is_empty())
        .or_else(|| env("HOSTNAME"))
        .unwrap_or_else(|| "this computer".into());
    format!("{user}@{host} (pid {})", std::process::id())
}

pub fn view(
    args: &ViewArgs,
    mode: Mode,
    config: &Config,
    lang: Lang,
    facilitator: Facilitator,
) -> ExitCode {
    let take_over = facilitator.take_over;
    let facilitating = matches!(mode, Mode::Facilitator(_));
    let remote = match super::url_of(args.file.as_deref()) {
        Ok(Some(_)) if facilitating => {
            eprintln!(
                "deroule: facilitate writes the live record beside a programme file: give the \
                 file, not a URL (`deroule URL` follows it from elsewhere)"
            );
            return ExitCode::from(2);
        }
        Ok(Some(origin)) => match open_remote(&origin) {
            Ok(opened) => Some(opened),
            Err(code) => return code,
        },
        Ok(None) => None,
        Err(code) => return code,
    };
    let (programme, warnings) = match &remote {
        Some((snapshot, _)) => (snapshot.programme.clone(), Vec::new()),
        None => match load_warned(args.file.as_deref()) {
            Ok(opened) => (opened.programme, opened.warnings),
            Err(code) => return code,
        },
    };
    // One room: its items and the plenary ones, with the room's own record.
    let (programme, room_record) = match facilitator.room {
        None => (programme, None),
        Some(room) => match crate::now::for_room(&programme, room) {
            Ok(p) => {
                let name = p.rooms.first().map_or(room, |r| r.name.as_str());
                let path = room_record(args, name);
                (p, Some(path))
            }
            Err(message) => {
                eprintln!("deroule: {message}");
                return ExitCode::from(2);
            }
        },
    };
    let (clock, note) = match crate::clock::from_args(&args.clock, &programme, lang) {
        Ok(c) => c,
        Err(message) => {
            eprintln!("deroule: {message}");
            return ExitCode::from(2);
        }
    };
    let no_color_env = env("NO_COLOR").is_some_and(|v| !v.is_empty());
    let colour = !args.no_color && !no_color_env && !config.mono;
    let now = clock.now();
    let path = match room_record {
        Some(path) => path,
        None if facilitating => live_path(args.live.clone(), args.file.as_deref()),
        None => super::followed_live_path(args.live.clone(), args.file.as_deref(), &args.clock),
    };
    let parallel = !crate::live::applies(&programme);
    if facilitating && parallel {
        eprintln!(
            "deroule: this programme has parallel rooms: the facilitator mode follows one sequence \
             of items; choose a room with --room ROOM (one record, and one facilitator, per room)"
        );
        return ExitCode::from(2);
    }
    // One writer per record: the facilitator holds its lock for the whole session.
    let _lock = if facilitating {
        let wall = crate::clock::SystemClock::default();
        match crate::live::Lock::acquire(&path, &holder(), wall.now(), take_over) {
            Ok(lock) => {
                let dir = match path.parent() {
                    Some(d) if !d.as_os_str().is_empty() => d,
                    _ => Path::new("."),
                };
                crate::live::remove_stale_temporaries(
                    dir,
                    std::time::SystemTime::now(),
                    std::time::Duration::from_secs(60),
                );
                Some(lock)
            }
            Err(e) => {
                eprintln!("deroule: {e}");
                return ExitCode::from(1);
            }
        }
    } else {
        None
    };
    let rehearsing = crate::live::is_rehearsal_record(&path);
    // A rehearsal's record is said: always to its facilitator, to others once it exists.
    let note = if rehearsing && (facilitating || path.exists()) {
        let said = lang.pick("rehearsal record", "répétition");
        Some(match note {
            Some(n) => format!("{n} · {said} {}", path.display()),
            None => format!("{said} {}", path.display()),
        })
    } else {
        note
    };
    // The facilitator owns the record (creating it); attendees read it when it exists.
    let mut problem = None;
    let read = match &remote {
        Some((snapshot, _)) if args.live.is_none() => Ok(snapshot.live.record().cloned()),
        _ => Record::read_for(&path, &programme, args.file.as_deref()),
    };
    let record = match read {
        Ok(Some(record)) => Some(record),
        Ok(None) if facilitating => {
            let record = Record::for_file(&programme, args.file.as_deref(), now);
            if let Err(e) = record.save(&path) {
                eprintln!("deroule: {e}");
                return ExitCode::from(1);
            }
            Some(record)
        }
        Ok(None) => None,
        Err(e) if facilitating => {
            eprintln!("deroule: {e}");
            return ExitCode::from(1);
        }
        Err(e) => {
            // An attendee still gets the planned programme, with the problem on screen.
            problem = Some(e.to_string());
            None
        }
    };
    let favourites = match dirs::data_dir() {
        Some(dir) => Favourites::load(crate::favourites::path_for(&dir, &programme))
            .unwrap_or_else(|e| {
                let unsaved = Favourites::unsaved(&e);
                problem = Some(e);
                unsaved
            }),
        None => Favourites::default(),
    };
    let options = Options {
        favourites,
        remind: args
            .remind
            .or(config.remind)
            .map(|m| chrono::TimeDelta::minutes(i64::from(m))),
        show_local: args.local || config.local_time,
        viewer: viewer_zone(),
        theme: Theme::new(colour),
        clock_note: note,
        mode,
        lang,
        live: Some(Live {
            path: path.clone(),
            record,
        }),
    };
    // On first use of a programme with many kinds, their markers explained for a while.
    let kinds: std::collections::BTreeSet<_> = programme.items().map(|i| i.kind).collect();
    let legend = (mode == Mode::Attendee
        && kinds.len() >= 4
        && dirs::data_dir().is_some_and(|d| crate::favourites::first_use(&d, &programme)))
    .then(|| {
        let kinds: Vec<_> = kinds.into_iter().collect();
        crate::i18n::legend(&kinds, lang)
    });
    let mut app = App::new(programme, now, Size::new(80, 24), options);
    // Banners last their time in real seconds, whatever the clock's speed.
    app.notices.speed = args.clock.speed.unwrap_or(0.0);
    app.warn_of_later_actions();
    if let Some(legend) = legend {
        app.notices.news(crate::app::About::Legend, legend, now);
    }
    app.warned(super::config_warnings());
    app.warned(&warnings);
    if let Some(problem) = problem {
        app.apply(Change::LiveBroken(problem));
    }
    let watched_live = (!facilitating).then_some(path.as_path());
    let by_url = remote.is_some();
    let mut watcher = match remote {
        Some((snapshot, changes)) => {
            // Parallel rooms: the rooms' records served at opening (the follower says only
            // what changes after).
            if let (crate::live::state::State::Rooms(rooms), None) = (&snapshot.live, &args.live) {
                app.apply(Change::Rooms(rooms.clone()));
            }
            if let Some(reason) = snapshot.offline {
                app.apply(Change::Offline {
                    updated: snapshot.updated,
                    error: reason,
                });
            }
            Watcher::remote(changes)
        }
        None => Watcher::new(args.file.as_deref(), watched_live),
    };
    // Attendees of a programme with parallel rooms: every room's record, read now and watched.
    // (Opened by URL, the served state brings them, above.)
    if let (false, true, false, Some(file)) = (facilitating, parallel, by_url, args.file.as_deref())
    {
        // Watched first: a record written while it is read is read again.
        let rooms = app.snapshot.plan.rooms.iter().map(|r| {
            let path = crate::live::room_sidecar_for(file, &r.name, false);
            (r.name.clone(), path)
        });
        watcher.watch_rooms(rooms.collect::<Vec<_>>());
        let (records, errors) = crate::live::room_records(&app.snapshot.plan, file);
        for (room, record) in records {
            app.apply(Change::RoomLive(room, Some(Box::new(record))));
        }
        for e in errors {
            app.apply(Change::LiveBroken(e.to_string()));
        }
    }
    let ending = run(&mut app, clock.as_ref(), &mut watcher);
    if facilitating && let Some(record) = app.snapshot.live.as_ref().and_then(|l| l.record.as_ref())
    {
        // Nothing lost in silence: what the record on disk lacks is said on the way out.
        let on_disk = Record::read_for(&path, &app.snapshot.plan, args.file.as_deref())
            .ok()
            .flatten();
        let mut lost = crate::live::unsaved(record, on_disk.as_ref(), &app.snapshot.plan, lang);
        // And what this run could not save itself, even if the record on disk has an action
        // alike (another facilitator's, at the same instant of a stopped clock).
        for line in app.snapshot.unsaved(lang) {
            if !lost.contains(&line) {
                lost.push(line);
            }
        }
        if !lost.is_empty() {
            eprintln!(
                "deroule: {}: {}",
                path.display(),
                lang.pick(
                    "these actions were NOT SAVED:",
                    "ces actions n’ont PAS été enregistrées :"
                )
            );
            for line in &lost {
                eprintln!("  {line}");
            }
            return ExitCode::from(1);
        }
    }
    match ending {
        Ok(Ending::Quit | Ending::InputsClosed) => ExitCode::SUCCESS,
        Ok(Ending::Signal(signal)) => ExitCode::from(128u8.saturating_add(signal as u8)),
        Err(e) => {
            eprintln!("deroule: {e}");
            ExitCode::from(1)
        }
    }
}

/// The viewer's zone: `TZ` when it names an IANA zone, else the system's.
fn viewer_zone() -> Zone {
    env("TZ")
        .and_then(|tz| tz.trim_start_matches(':').parse::<Tz>().ok())
        .map_or(Zone::System, Zone::Named)
}

/// Opens a URL for the live view: from the last good copy at once when it was seen before (the
/// follower asks the server straight away, behind the screen), else from the server now (its
/// errors are ordinary command-line errors, before the screen is taken).
fn open_remote(
    origin: &crate::net::Origin,
) -> Result<(crate::net::Snapshot, std::sync::mpsc::Receiver<Change>), ExitCode> {
    let store = crate::net::user_store();
    let fetcher = crate::net::Fetcher::default();
    if let Some(snapshot) = store
        .as_ref()
        .and_then(|s| crate::net::open_cached(origin, s))
    {
        let changes = crate::net::remote::Follow::new(fetcher, store, true).start(&snapshot);
        return Ok((snapshot, changes));
    }
    // A server that takes the connection but does not answer kept the terminal blank for the
    // read timeout: say what is being waited for (on a terminal only; scripts see errors).
    if std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        eprintln!(
            "deroule: fetching {} … (Ctrl-C to stop)",
            crate::inert::line(&origin.given)
        );
    }
    let snapshot = super::open_url(origin)?;
    let at_once = snapshot.offline.is_some();
    let changes = crate::net::remote::Follow::new(fetcher, store, at_once).start(&snapshot);
    Ok((snapshot, changes))
}
