//! The `deroule` binary: parse the command line, read the configuration, hand over to a command
//! (`deroule::cmd`).

use std::process::ExitCode;

use clap::{CommandFactory, Parser};
use deroule::app::Mode;
use deroule::check::{self, Outcome};
use deroule::cli::{Cli, Command};
use deroule::cmd::{self, env};
use deroule::config::{self, Config};
use deroule::i18n::Lang;

/// Every message on standard error holds text from files (titles, values, names): it is written
/// inert (`deroule::inert`), never as the file had it.
macro_rules! eprintln {
    ($($arg:tt)*) => {
        deroule::inert::eprintln(&format!($($arg)*))
    };
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
    if let Some(tz) = cli.time_zone {
        deroule::import::set_venue_zone(tz);
    }
    if !cli.no_cache && !config.no_cache {
        cmd::use_cache();
    }
    let lang = cli
        .lang
        .or(config.lang)
        .unwrap_or_else(|| Lang::from_env(env));
    cmd::use_lang(lang);
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
            let options = cmd::view::Facilitate {
                warn,
                danger,
                serve,
                publish,
                take_over,
                room,
            };
            cmd::view::facilitate(view, &options, &config, lang)
        }
        Some(Command::Now {
            file,
            clock,
            format,
            room,
            json,
            favourites,
            live,
        }) => {
            let shape = cmd::now::Shape {
                format: format.as_deref(),
                json,
                room: room.as_deref(),
                favourites,
            };
            cmd::now::run(file.as_deref(), &clock, shape, live, lang)
        }
        Some(Command::Lobby {
            file,
            clock,
            no_color,
            live,
        }) => {
            let args = deroule::cli::ViewArgs {
                file,
                clock,
                local: false,
                no_color,
                live,
                remind: None,
            };
            let facilitator = cmd::view::Facilitator::default();
            cmd::view::view(&args, Mode::Lobby, &config, lang, facilitator)
        }
        Some(Command::Serve {
            file,
            listen,
            clock,
            live,
        }) => cmd::serve::serve(file, listen, &clock, live, lang),
        Some(Command::Publish {
            file,
            dir,
            watch,
            clock,
            live,
        }) => cmd::serve::publish(file, dir, watch, &clock, live, lang),
        Some(Command::Report { file, live, csv }) => {
            cmd::report::run(file.as_deref(), live, csv, lang)
        }
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
            let explicit_live = live.is_some();
            let live = expected.then(|| cmd::live_path(live, file.as_deref()));
            let choice = cmd::agenda::Choice {
                days: &day,
                all,
                markdown,
                json,
            };
            cmd::agenda::run(file.as_deref(), choice, (&clock, live, explicit_live), lang)
        }
        Some(Command::Export {
            file,
            ics: _,
            favourites,
            expected,
            live,
        }) => cmd::export::ics(file.as_deref(), (expected, favourites), live, lang),
        Some(Command::Import { file }) => cmd::export::import(&file, cli.time_zone),
        Some(Command::Schema) => {
            cmd::print(&deroule::schema::schema());
            ExitCode::SUCCESS
        }
        Some(Command::Completions { shell }) => {
            // Into memory first: clap_complete panics when the pipe closes (`| head`).
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "deroule", &mut script);
            let _ = std::io::Write::write_all(&mut std::io::stdout(), &script);
            ExitCode::SUCCESS
        }
        Some(Command::Man) => {
            match deroule::manual::render(Cli::command(), &mut std::io::stdout()) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("deroule: {e}");
                    ExitCode::from(1)
                }
            }
        }
        None => cmd::view::view(
            &cli.view,
            Mode::Attendee,
            &config,
            lang,
            cmd::view::Facilitator::default(),
        ),
    }
}
