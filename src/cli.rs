//! The command line: clap definitions only.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "deroule",
    version,
    about = "Follow an event's programme live in a terminal",
    long_about = "Follow an event's programme live in a terminal: what is on now, how long is \
                  left, what comes next.\n\nWith no FILE, shows the bundled BlueHats « Mutualisons ! » \
                  day (1 July 2022, Paris).",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub view: ViewArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate programme files and print a short summary of each.
    ///
    /// Exit status: 0 when every file is valid, 1 when one has errors, 2 on usage errors.
    Check {
        /// Programme files (YAML).
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Print errors only: no summary, no warnings.
        #[arg(short, long)]
        quiet: bool,
    },
}

#[derive(Debug, Args)]
pub struct ViewArgs {
    /// Programme file (YAML); the bundled `BlueHats` day when absent.
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,
}
