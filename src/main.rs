//! The `deroule` binary: parse the command line, load, hand over.

use std::process::ExitCode;

use clap::Parser;
use deroule::check::{self, Outcome};
use deroule::cli::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Check { files, quiet }) => {
            let outcome = check::run(
                &files,
                quiet,
                &mut std::io::stdout(),
                &mut std::io::stderr(),
            );
            match outcome {
                Outcome::Valid => ExitCode::SUCCESS,
                Outcome::Invalid => ExitCode::from(1),
            }
        }
        None => {
            let source = cli.view.file.as_deref();
            let loaded = match source {
                Some(path) => deroule::model::load_file(path),
                None => deroule::model::load_str(deroule::BUNDLED, deroule::BUNDLED_NAME),
            };
            match loaded {
                Ok(loaded) => {
                    let name = source.map_or(deroule::BUNDLED_NAME.to_owned(), |p| {
                        p.display().to_string()
                    });
                    print!("{}", check::summary(&loaded.programme, &name));
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("{e}");
                    ExitCode::from(1)
                }
            }
        }
    }
}
