//! The `deroule` binary: parse the command line, read the configuration, load, hand over.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono_tz::Tz;
use clap::{CommandFactory, Parser};
use deroule::app::{App, Live, Mode, Options, Zone};
use deroule::check::{self, Outcome};
use deroule::cli::{Cli, ClockArgs, Command, ViewArgs};
use deroule::clock::Clock;
use deroule::config::{self, Config};
use deroule::favourites::Favourites;
use deroule::i18n::Lang;
use deroule::live::{Record, sidecar_for};
use deroule::model::{Programme, Thresholds, load_str};
use deroule::reload::{Change, Watcher};
use deroule::run::{Ending, run};
use deroule::theme::Theme;
use ratatui::layout::Size;

/// Every message on standard error holds text from files (titles, values, names): it is written
/// inert (`deroule::inert`), never as the file had it.
macro_rules! eprintln {
    ($($arg:tt)*) => {
        deroule::inert::eprintln(&format!($($arg)*))
    };
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if cli.command.is_some() && cli.view.is_given() {
        eprintln!(
            "deroule: the options before the subcommand belong to the live view; \
             put them after the subcommand (e.g. `deroule now --at 10:20`)"
        );
        return ExitCode::from(2);
    }
    // A broken configuration is warned about, never fatal: the command still runs.
    let config = config::path(env).map_or_else(Config::default, |p| {
        let (config, warnings) = config::load(&p);
        for warning in warnings {
            eprintln!("deroule: {warning}");
        }
        config
    });
    if !cli.no_cache && !config.no_cache {
        let _ = CACHE.set(deroule::cache::Store::user());
    }
    let lang = cli
        .lang
        .or(config.lang)
        .unwrap_or_else(|| Lang::from_env(env));
    match cli.command {
        Some(Command::Check { files, quiet }) => {
            let (mut out, mut err) = (std::io::stdout(), std::io::stderr());
            match check::run(&files, quiet, lang, &mut out, &mut err) {
                Outcome::Valid => ExitCode::SUCCESS,
                Outcome::Invalid => ExitCode::from(1),
            }
        }
        Some(Command::Facilitate {
            view,
            warn,
            danger,
            serve,
            publish,
            take_over,
            room,
        }) => {
            // A rehearsal (--at, --speed, --today) writes its own record, unless --live says;
            // a room's record is named once the room is known (in `view`).
            let mut view = view;
            if room.is_none() {
                view.live = Some(facilitator_live_path(&view));
            }
            if let Err(code) = beside_facilitator(&view, serve, publish, lang) {
                return code;
            }
            let thresholds = Thresholds {
                warn_before: warn.or(config.warn_before),
                danger_before: danger.or(config.danger_before),
            };
            let facilitator = Facilitator {
                take_over,
                room: room.as_deref(),
            };
            self::view(
                &view,
                Mode::Facilitator(thresholds),
                &config,
                lang,
                facilitator,
            )
        }
        Some(Command::Now {
            file,
            clock,
            format,
            room,
            json,
            live,
        }) => now(
            file.as_deref(),
            &clock,
            (format.as_deref(), json, room.as_deref()),
            live,
            lang,
        ),
        Some(Command::Serve {
            file,
            listen,
            clock,
            live,
        }) => serve(file, listen, &clock, live, lang),
        Some(Command::Publish {
            file,
            dir,
            watch,
            clock,
            live,
        }) => publish(file, dir, watch, &clock, live, lang),
        Some(Command::Report { file, live, csv }) => report(file.as_deref(), live, csv, lang),
        Some(Command::Agenda {
            file,
            day,
            all,
            markdown,
            json,
            clock,
            expected,
            live,
        }) => {
            let live = expected.then(|| live_path(live, file.as_deref()));
            agenda(
                file.as_deref(),
                &day,
                all,
                (markdown, json),
                (&clock, live),
                lang,
            )
        }
        Some(Command::Export {
            file,
            ics: _,
            expected,
            live,
        }) => {
            let programme = match load(file.as_deref()) {
                Ok(p) => p,
                Err(code) => return code,
            };
            let stamp = deroule::clock::SystemClock::default().now();
            let programme = if expected {
                let record = live_path(live, file.as_deref());
                let (p, errors) =
                    deroule::live::expected_from_files(&programme, file.as_deref(), &record, stamp);
                for e in &errors {
                    eprintln!("deroule: {e}");
                }
                p
            } else {
                programme
            };
            print(&deroule::ics::export_stamped(
                &programme,
                env!("CARGO_PKG_VERSION"),
                stamp,
            ));
            ExitCode::SUCCESS
        }
        Some(Command::Import { file, time_zone }) => import(&file, time_zone),
        Some(Command::Schema) => {
            print(&deroule::schema::schema());
            ExitCode::SUCCESS
        }
        Some(Command::Completions { shell }) => {
            clap_complete::generate(
                shell,
                &mut Cli::command(),
                "deroule",
                &mut std::io::stdout(),
            );
            ExitCode::SUCCESS
        }
        Some(Command::Man) => {
            let man = clap_mangen::Man::new(Cli::command());
            match man.render(&mut std::io::stdout()) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("deroule: {e}");
                    ExitCode::from(1)
                }
            }
        }
        None => self::view(
            &cli.view,
            Mode::Attendee,
            &config,
            lang,
            Facilitator::default(),
        ),
    }
}

/// Where the live record is: `--live`, else beside the programme file, else (bundled day) in the
/// current folder.
fn live_path(args_live: Option<PathBuf>, file: Option<&Path>) -> PathBuf {
    args_live.unwrap_or_else(|| match file {
        Some(path) => sidecar_for(path),
        None => PathBuf::from("bluehats-2022-07-01.live.yaml"),
    })
}

/// The cache of validated programmes, unless `--no-cache` or `cache: false` said otherwise.
static CACHE: std::sync::OnceLock<Option<deroule::cache::Store>> = std::sync::OnceLock::new();

/// The programme to show: a file (deroule YAML or a published schedule), else the bundled day.
fn load(file: Option<&Path>) -> Result<Programme, ExitCode> {
    let loaded = match file {
        Some(path) => deroule::import::open_cached(path, CACHE.get().and_then(Option::as_ref)),
        None => load_str(deroule::BUNDLED, deroule::BUNDLED_NAME)
            .map(|l| l.programme)
            .map_err(Into::into),
    };
    loaded.map_err(|e| {
        eprintln!("{e}");
        ExitCode::from(1)
    })
}

/// Prints to stdout, inert (no control sequence from a programme reaches the terminal); a closed
/// pipe (`| head`) is not an error worth a panic.
fn print(text: &str) {
    let safe = deroule::inert::text(text);
    let _ = std::io::stdout().write_all(safe.as_bytes());
}

fn now(
    file: Option<&Path>,
    clock: &ClockArgs,
    (format, json, room): (Option<&str>, bool, Option<&str>),
    live: Option<PathBuf>,
    lang: Lang,
) -> ExitCode {
    let whole = match load(file) {
        Ok(p) => p,
        Err(code) => return code,
    };
    // A live record follows the whole programme's one sequence, never one room of several.
    let follows_record = deroule::live::applies(&whole);
    // Parallel rooms and one room asked for: the room's sequence and the room's own record
    // (FILE.<room>.live.yaml, or --live), so that its delay is said.
    let room_record = match (follows_record, room, file) {
        (false, Some(r), Some(path)) => match deroule::now::for_room(&whole, r) {
            Ok(p) => {
                let name = p.rooms.first().map_or(r, |x| x.name.as_str());
                let record = live
                    .clone()
                    .unwrap_or_else(|| deroule::live::room_sidecar_for(path, name, false));
                Some((p, record))
            }
            Err(message) => {
                eprintln!("deroule: {message}");
                return ExitCode::from(2);
            }
        },
        _ => None,
    };
    // Parallel rooms: each room's record (FILE.<room>.live.yaml) moves its own room's items.
    let whole = match (follows_record, file) {
        (false, Some(path)) => {
            let (records, errors) = deroule::live::room_records(&whole, path);
            for e in &errors {
                eprintln!("deroule: {e}");
            }
            match deroule::clock::from_args(clock, &whole, lang) {
                Ok((c, _)) if !records.is_empty() => {
                    deroule::live::expected_all(&whole, &records, c.now())
                }
                _ => whole,
            }
        }
        _ => whole,
    };
    let (programme, record_path) = match room_record {
        Some((p, record)) => (Some(p), Some(record)),
        None => (None, follows_record.then(|| live_path(live, file))),
    };
    let programme = match programme
        .map(Ok)
        .or_else(|| room.map(|r| deroule::now::for_room(&whole, r)))
    {
        None => whole,
        Some(Ok(p)) => p,
        Some(Err(message)) => {
            eprintln!("deroule: {message}");
            return ExitCode::from(2);
        }
    };
    let instant = match deroule::clock::from_args(clock, &programme, lang) {
        Ok((clock, _)) => clock.now(),
        Err(message) => {
            eprintln!("deroule: {message}");
            return ExitCode::from(2);
        }
    };
    // A record that cannot be read is reported; the planned times are still given.
    let record = record_path.and_then(|path| {
        Record::read_for(&path, &programme, file).unwrap_or_else(|e| {
            eprintln!("deroule: {e}");
            None
        })
    });
    let mut snapshot = deroule::now::snapshot(&programme, record.as_ref(), instant);
    snapshot.followed_room = room.and_then(|_| programme.rooms.first().map(|r| r.name.clone()));
    let text = if json {
        deroule::now::json(&snapshot, &programme)
    } else if let Some(template) = format {
        match deroule::now::render(template, &snapshot, &programme) {
            Ok(t) => t,
            Err(message) => {
                eprintln!("deroule: --format: {message}");
                return ExitCode::from(2);
            }
        }
    } else {
        deroule::now::line(&snapshot, &programme, lang)
    };
    print(&format!("{text}\n"));
    if snapshot.running.is_some() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(3)
    }
}

fn agenda(
    file: Option<&Path>,
    days: &[String],
    all: bool,
    (markdown, json): (bool, bool),
    (clock, expected): (&ClockArgs, Option<PathBuf>),
    lang: Lang,
) -> ExitCode {
    // Only the chosen days are decoded from a warm cache: choosing sees the programme's head
    // (zone, days' dates) and each day's closing instant, never items.
    let choose = |programme: &Programme,
                  outline: &[deroule::cache::DayOutline]|
     -> Result<Vec<usize>, String> {
        if all {
            return Ok((0..outline.len()).collect());
        }
        if days.is_empty() {
            let (clock, _) = deroule::clock::from_args(clock, programme, lang)?;
            let closes = outline.iter().map(|d| d.closes);
            return Ok(vec![deroule::timeline::day_closing_after(
                closes,
                clock.now(),
            )]);
        }
        days.iter()
            .map(|d| {
                day_index(programme, d).ok_or_else(|| {
                    let dates: Vec<String> =
                        programme.days.iter().map(|d| d.date.to_string()).collect();
                    format!(
                        "--day {d}: no such day: expected a number from 1 to {} or one of {}",
                        programme.days.len(),
                        dates.join(", ")
                    )
                })
            })
            .collect()
    };
    let opened = match file {
        Some(path) => {
            deroule::import::open_cached_days(path, CACHE.get().and_then(Option::as_ref), choose)
        }
        None => match load(None) {
            Ok(programme) => {
                let outline = deroule::cache::DayOutline::of(&programme);
                Ok(choose(&programme, &outline).map(|chosen| (programme, chosen)))
            }
            Err(code) => return code,
        },
    };
    let (programme, chosen) = match opened {
        Ok(Ok(opened)) => opened,
        Ok(Err(message)) => {
            eprintln!("deroule: {message}");
            return ExitCode::from(2);
        }
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(1);
        }
    };
    // --expected: the live records applied, as of the clock's now.
    let programme = match expected {
        Some(record) => match deroule::clock::from_args(clock, &programme, lang) {
            Ok((now, _)) => {
                let (p, errors) =
                    deroule::live::expected_from_files(&programme, file, &record, now.now());
                for e in &errors {
                    eprintln!("deroule: {e}");
                }
                p
            }
            Err(message) => {
                eprintln!("deroule: {message}");
                return ExitCode::from(2);
            }
        },
        None => programme,
    };
    let text = if json {
        deroule::agenda::json(&programme, &chosen)
    } else if markdown {
        deroule::agenda::markdown(&programme, &chosen, lang)
    } else {
        deroule::agenda::text(&programme, &chosen, lang)
    };
    print(&text);
    ExitCode::SUCCESS
}

fn import(file: &Path, time_zone: Option<Tz>) -> ExitCode {
    let options = deroule::import::Options {
        time_zone,
        ..deroule::import::Options::default()
    };
    match deroule::import::import_file(file, &options) {
        Ok(imported) => {
            for warning in &imported.warnings {
                eprintln!("{warning}");
            }
            print(&deroule::import::to_yaml(&imported.programme));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(1)
        }
    }
}

/// A day given as its date or its 1-based number.
fn day_index(programme: &Programme, day: &str) -> Option<usize> {
    if let Ok(n) = day.parse::<usize>() {
        return (1..=programme.days.len()).contains(&n).then(|| n - 1);
    }
    programme
        .days
        .iter()
        .position(|d| d.date.to_string() == day)
}

fn report(file: Option<&Path>, live: Option<PathBuf>, csv: bool, lang: Lang) -> ExitCode {
    let programme = match load(file) {
        Ok(p) => p,
        Err(code) => return code,
    };
    if let (false, Some(path)) = (deroule::live::applies(&programme), file) {
        // Parallel rooms: a section per room's record.
        let (records, errors) = deroule::live::room_records(&programme, path);
        for e in &errors {
            eprintln!("deroule: {e}");
        }
        if records.is_empty() {
            eprintln!(
                "deroule: this programme has parallel rooms and no room has a live record \
                 (FILE.<room>.live.yaml; record one with `deroule facilitate FILE --room ROOM`)"
            );
            return ExitCode::from(1);
        }
        print(&if csv {
            deroule::report::csv_rooms(&programme, &records)
        } else {
            deroule::report::markdown_rooms(&programme, &records, lang)
        });
        return ExitCode::SUCCESS;
    }
    let path = live_path(live, file);
    let record = match Record::read_for(&path, &programme, file) {
        Ok(Some(r)) => r,
        Ok(None) => {
            eprintln!(
                "deroule: {}: no live record: nothing was recorded for this programme (record one with `deroule facilitate`)",
                path.display()
            );
            return ExitCode::from(1);
        }
        Err(e) => {
            eprintln!("deroule: {e}");
            return ExitCode::from(1);
        }
    };
    let text = if csv {
        deroule::report::csv(&programme, &record)
    } else {
        deroule::report::markdown_in(&programme, &record, lang)
    };
    print(&text);
    ExitCode::SUCCESS
}

/// Whether the clock options make this run a rehearsal rather than the day itself.
fn is_rehearsal(clock: &ClockArgs) -> bool {
    clock.at.is_some() || clock.speed.is_some() || clock.today
}

/// The record a facilitator writes: `--live`, else the rehearsal record when rehearsing, else
/// the record beside the programme.
fn facilitator_live_path(args: &ViewArgs) -> PathBuf {
    match (&args.live, args.file.as_deref()) {
        (Some(path), _) => path.clone(),
        (None, file) if is_rehearsal(&args.clock) => deroule::live::rehearsal_sidecar_for(
            file.unwrap_or_else(|| Path::new("bluehats-2022-07-01.yaml")),
        ),
        (None, file) => live_path(None, file),
    }
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

/// The facilitator's options of `view`.
#[derive(Debug, Default, Clone, Copy)]
struct Facilitator<'a> {
    take_over: bool,
    /// One room of a programme with parallel rooms.
    room: Option<&'a str>,
}

fn view(
    args: &ViewArgs,
    mode: Mode,
    config: &Config,
    lang: Lang,
    facilitator: Facilitator,
) -> ExitCode {
    let take_over = facilitator.take_over;
    let programme = match load(args.file.as_deref()) {
        Ok(p) => p,
        Err(code) => return code,
    };
    // One room: its items and the plenary ones, with the room's own record.
    let (programme, room_record) = match facilitator.room {
        None => (programme, None),
        Some(room) => match deroule::now::for_room(&programme, room) {
            Ok(p) => {
                let name = p.rooms.first().map_or(room, |r| r.name.as_str());
                let file = args.file.as_deref().unwrap_or(Path::new("programme.yaml"));
                let path = args.live.clone().unwrap_or_else(|| {
                    deroule::live::room_sidecar_for(file, name, is_rehearsal(&args.clock))
                });
                (p, Some(path))
            }
            Err(message) => {
                eprintln!("deroule: {message}");
                return ExitCode::from(2);
            }
        },
    };
    let (clock, note) = match deroule::clock::from_args(&args.clock, &programme, lang) {
        Ok(c) => c,
        Err(message) => {
            eprintln!("deroule: {message}");
            return ExitCode::from(2);
        }
    };
    let no_color_env = env("NO_COLOR").is_some_and(|v| !v.is_empty());
    let colour = !args.no_color && !no_color_env && !config.mono;
    let now = clock.now();
    let path = room_record.unwrap_or_else(|| live_path(args.live.clone(), args.file.as_deref()));
    let facilitating = matches!(mode, Mode::Facilitator(_));
    let parallel = !deroule::live::applies(&programme);
    if facilitating && parallel {
        eprintln!(
            "deroule: this programme has parallel rooms: the facilitator mode follows one sequence \
             of items; choose a room with --room ROOM (one record, and one facilitator, per room)"
        );
        return ExitCode::from(2);
    }
    // One writer per record: the facilitator holds its lock for the whole session.
    let _lock = if facilitating {
        let wall = deroule::clock::SystemClock::default();
        match deroule::live::Lock::acquire(&path, &holder(), wall.now(), take_over) {
            Ok(lock) => {
                let dir = match path.parent() {
                    Some(d) if !d.as_os_str().is_empty() => d,
                    _ => Path::new("."),
                };
                deroule::live::remove_stale_temporaries(
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
    let rehearsing = path
        .file_name()
        .is_some_and(|n| n.to_string_lossy().ends_with(".rehearsal.live.yaml"));
    let note = if facilitating && rehearsing {
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
    let record = match Record::read_for(&path, &programme, args.file.as_deref()) {
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
        Some(dir) => Favourites::load(deroule::favourites::path_for(&dir, &programme))
            .unwrap_or_else(|e| {
                let unsaved = Favourites::unsaved(&e);
                problem = Some(e);
                unsaved
            }),
        None => Favourites::default(),
    };
    let options = Options {
        favourites,
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
    let mut app = App::new(programme, now, Size::new(80, 24), options);
    if let Some(problem) = problem {
        app.apply(Change::LiveBroken(problem));
    }
    let watched_live = (!facilitating).then_some(path.as_path());
    let mut watcher = Watcher::new(args.file.as_deref(), watched_live);
    // Attendees of a programme with parallel rooms: every room's record, read now and watched.
    if let (false, true, Some(file)) = (facilitating, parallel, args.file.as_deref()) {
        // Watched first: a record written while it is read is read again.
        let rooms = app.snapshot.plan.rooms.iter().map(|r| {
            let path = deroule::live::room_sidecar_for(file, &r.name, false);
            (r.name.clone(), path)
        });
        watcher.watch_rooms(rooms.collect::<Vec<_>>());
        let (records, errors) = deroule::live::room_records(&app.snapshot.plan, file);
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
        let mut lost = deroule::live::unsaved(record, on_disk.as_ref(), &app.snapshot.plan, lang);
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

/// What `serve` and `publish` share: the programme, its files, the clock and how it runs.
type Shared = (
    Programme,
    deroule::serve::Files,
    std::sync::Arc<dyn deroule::clock::Clock + Send + Sync>,
    deroule::page::Pace,
);

fn shared(
    file: Option<PathBuf>,
    clock: &ClockArgs,
    live: Option<PathBuf>,
    lang: Lang,
) -> Result<Shared, ExitCode> {
    let programme = load(file.as_deref())?;
    let (made, _) = deroule::clock::from_args(clock, &programme, lang).map_err(|message| {
        eprintln!("deroule: {message}");
        ExitCode::from(2)
    })?;
    let pace = deroule::serve::pace(clock.at.is_some(), clock.speed);
    let files = deroule::serve::Files {
        live: live_path(live, file.as_deref()),
        programme: file,
    };
    Ok((programme, files, made.into(), pace))
}

fn serve(
    file: Option<PathBuf>,
    listen: std::net::SocketAddr,
    clock: &ClockArgs,
    live: Option<PathBuf>,
    lang: Lang,
) -> ExitCode {
    let (programme, files, clock, pace) = match shared(file, clock, live, lang) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let listener = match deroule::serve::bind(listen) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("deroule serve: cannot listen on {listen}: {e}");
            return ExitCode::from(1);
        }
    };
    let addr = listener.local_addr().unwrap_or(listen);
    eprintln!(
        "deroule serve: http://{addr}/ (live record: {})",
        files.live.display()
    );
    let options = deroule::serve::Options {
        programme,
        files,
        clock,
        pace,
        lang,
        limits: deroule::serve::Limits::default(),
        verbose: true,
    };
    match deroule::serve::run(listener, options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("deroule serve: {e}");
            ExitCode::from(1)
        }
    }
}

fn publish(
    file: PathBuf,
    dir: PathBuf,
    watch: bool,
    clock: &ClockArgs,
    live: Option<PathBuf>,
    lang: Lang,
) -> ExitCode {
    let (programme, files, clock, pace) = match shared(Some(file), clock, live, lang) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let options = deroule::publish::Options {
        programme,
        files,
        dir,
        clock,
        pace,
        lang,
        verbose: true,
    };
    match deroule::publish::run(options, watch) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("deroule: {e}");
            ExitCode::from(1)
        }
    }
}

/// `facilitate --serve` / `--publish`: the server or the publisher on threads of their own,
/// following the same files as the stage view (quiet: the screen is the view's).
fn beside_facilitator(
    view: &ViewArgs,
    serve: Option<std::net::SocketAddr>,
    publish: Option<PathBuf>,
    lang: Lang,
) -> Result<(), ExitCode> {
    if serve.is_none() && publish.is_none() {
        return Ok(());
    }
    let (programme, files, clock, pace) =
        shared(view.file.clone(), &view.clock, view.live.clone(), lang)?;
    if let Some(listen) = serve {
        let listener = deroule::serve::bind(listen).map_err(|e| {
            eprintln!("deroule: --serve: cannot listen on {listen}: {e}");
            ExitCode::from(1)
        })?;
        let options = deroule::serve::Options {
            programme: programme.clone(),
            files: files.clone(),
            clock: clock.clone(),
            pace,
            lang,
            limits: deroule::serve::Limits::default(),
            verbose: false,
        };
        std::thread::spawn(move || deroule::serve::run(listener, options));
    }
    if let Some(dir) = publish {
        let options = deroule::publish::Options {
            programme,
            files,
            dir,
            clock,
            pace,
            lang,
            verbose: false,
        };
        // The first write is checked here, so a folder that cannot be written is said before
        // the stage view takes the screen.
        let first = deroule::publish::Options {
            programme: options.programme.clone(),
            files: options.files.clone(),
            dir: options.dir.clone(),
            clock: options.clock.clone(),
            pace,
            lang,
            verbose: false,
        };
        deroule::publish::run(first, false).map_err(|e| {
            eprintln!("deroule: --publish: {e}");
            ExitCode::from(1)
        })?;
        std::thread::spawn(move || deroule::publish::run(options, true));
    }
    Ok(())
}
