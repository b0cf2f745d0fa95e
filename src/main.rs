//! The `deroule` binary: parse the command line, load, hand over.

use std::process::ExitCode;

use chrono::{TimeDelta, Utc};
use chrono_tz::Tz;
use clap::Parser;
use deroule::app::{App, Options, Zone};
use deroule::check::{self, Outcome};
use deroule::cli::{Cli, Command, ViewArgs};
use deroule::clock::{Clock, ScriptedClock, SystemClock, parse_at};
use deroule::model::{Programme, load_file, load_str};
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
        None => view(&cli.view),
    }
}

fn view(args: &ViewArgs) -> ExitCode {
    let loaded = match &args.file {
        Some(path) => load_file(path),
        None => load_str(deroule::BUNDLED, deroule::BUNDLED_NAME),
    };
    let programme = match loaded {
        Ok(loaded) => loaded.programme,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(1);
        }
    };
    let (clock, note) = match make_clock(args, &programme) {
        Ok(c) => c,
        Err(message) => {
            eprintln!("deroule: {message}");
            return ExitCode::from(2);
        }
    };
    let colour = !args.no_color && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let options = Options {
        show_local: args.local,
        viewer: viewer_zone(),
        theme: Theme::new(colour),
        clock_note: note,
    };
    let mut app = App::new(programme, clock.now(), Size::new(80, 24), options);
    match run(&mut app, clock.as_ref()) {
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
