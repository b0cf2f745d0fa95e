//! The `deroule` binary: parse the command line, load, hand over.

use std::process::ExitCode;

use chrono::{TimeDelta, Utc};
use chrono_tz::Tz;
use clap::Parser;
use std::path::{Path, PathBuf};

use deroule::app::{App, Live, Mode, Options, Zone};
use deroule::check::{self, Outcome};
use deroule::cli::{Cli, Command, ViewArgs};
use deroule::clock::{Clock, ScriptedClock, SystemClock, parse_at};
use deroule::live::{Record, sidecar_for};
use deroule::model::Thresholds;
use deroule::model::{Programme, load_file, load_str};
use deroule::reload::Watcher;
use deroule::run::{Ending, run};
use deroule::ui::Theme;
use ratatui::layout::Size;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Check { files, quiet }) => {
            match check::run(
                &files,
                quiet,
                &mut std::io::stdout(),
                &mut std::io::stderr(),
            ) {
                Outcome::Valid => ExitCode::SUCCESS,
                Outcome::Invalid => ExitCode::from(1),
            }
        }
        Some(Command::Facilitate { view, warn, danger }) => {
            let thresholds = Thresholds {
                warn_before: warn,
                danger_before: danger,
            };
            self::view(&view, Mode::Facilitator(thresholds))
        }
        Some(Command::Report { file, live, csv }) => report(file.as_deref(), live, csv),
        None => self::view(&cli.view, Mode::Attendee),
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

fn report(file: Option<&Path>, live: Option<PathBuf>, csv: bool) -> ExitCode {
    let programme = match load(file) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let path = live_path(live, file);
    let record = match Record::read(&path, &programme) {
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
        deroule::report::markdown(&programme, &record)
    };
    print!("{text}");
    ExitCode::SUCCESS
}

fn load(file: Option<&Path>) -> Result<Programme, ExitCode> {
    let loaded = match file {
        Some(path) => load_file(path),
        None => load_str(deroule::BUNDLED, deroule::BUNDLED_NAME),
    };
    match loaded {
        Ok(loaded) => Ok(loaded.programme),
        Err(e) => {
            eprintln!("{e}");
            Err(ExitCode::from(1))
        }
    }
}

fn view(args: &ViewArgs, mode: Mode) -> ExitCode {
    let programme = match load(args.file.as_deref()) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let (clock, note) = match make_clock(args, &programme) {
        Ok(c) => c,
        Err(message) => {
            eprintln!("deroule: {message}");
            return ExitCode::from(2);
        }
    };
    let colour = !args.no_color && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let now = clock.now();
    let path = live_path(args.live.clone(), args.file.as_deref());
    // The facilitator owns the record (creating it); attendees read it when it exists.
    let record = match Record::read(&path, &programme) {
        Ok(Some(record)) => Some(record),
        Ok(None) if matches!(mode, Mode::Facilitator(_)) => {
            let record = Record::new(&programme, now);
            if let Err(e) = record.save(&path) {
                eprintln!("deroule: {e}");
                return ExitCode::from(1);
            }
            Some(record)
        }
        Ok(None) => None,
        Err(e) if matches!(mode, Mode::Facilitator(_)) => {
            eprintln!("deroule: {e}");
            return ExitCode::from(1);
        }
        Err(e) => {
            // An attendee still gets the planned programme, with the problem on screen.
            eprintln!("deroule: {e}");
            None
        }
    };
    let options = Options {
        show_local: args.local,
        viewer: viewer_zone(),
        theme: Theme::new(colour),
        clock_note: note,
        mode,
        live: Some(Live {
            path: path.clone(),
            record,
        }),
    };
    let mut app = App::new(programme, now, Size::new(80, 24), options);
    let watched_live = matches!(mode, Mode::Attendee).then_some(path.as_path());
    let mut watcher = Watcher::new(args.file.as_deref(), watched_live);
    match run(&mut app, clock.as_ref(), &mut watcher) {
        Ok(Ending::Quit | Ending::InputsClosed) => ExitCode::SUCCESS,
        Ok(Ending::Signal(signal)) => ExitCode::from(128u8.saturating_add(signal as u8)),
        Err(e) => {
            eprintln!("deroule: {e}");
            ExitCode::from(1)
        }
    }
}

/// The clock the options ask for, and what the header should say about it.
fn make_clock(
    args: &ViewArgs,
    programme: &Programme,
) -> Result<(Box<dyn Clock>, Option<String>), String> {
    let speed_note = |speed: f64| {
        if speed == 0.0 {
            "clock stopped".to_owned()
        } else {
            format!("clock ×{speed}")
        }
    };
    if let Some(at) = &args.at {
        let origin = parse_at(at, programme)?;
        let speed = args.speed.unwrap_or(0.0);
        return Ok((
            Box::new(ScriptedClock::new(origin, speed)),
            Some(speed_note(speed)),
        ));
    }
    let shift = if args.today {
        let first = programme.days.first().map(|d| d.date).unwrap_or_default();
        let today = Utc::now().with_timezone(&programme.tz).date_naive();
        first - today
    } else {
        TimeDelta::zero()
    };
    let note = args.today.then(|| "replayed on today's date".to_owned());
    match args.speed {
        Some(speed) => {
            let origin = SystemClock { shift }.now();
            let note = Some(match note {
                Some(n) => format!("{n}, {}", speed_note(speed)),
                None => speed_note(speed),
            });
            Ok((Box::new(ScriptedClock::new(origin, speed)), note))
        }
        None => Ok((Box::new(SystemClock { shift }), note)),
    }
}

/// The viewer's zone: `TZ` when it names an IANA zone, else the system's.
fn viewer_zone() -> Zone {
    std::env::var("TZ")
        .ok()
        .and_then(|tz| tz.trim_start_matches(':').parse::<Tz>().ok())
        .map_or(Zone::System, Zone::Named)
}
