//! `deroule export --ics` (the programme for calendar programs) and `deroule import` (a published
//! schedule as deroule YAML).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono_tz::Tz;

use crate::clock::Clock as _;

use super::{live_path, print};

/// `export --ics`, with `--expected` the live records applied as of now.
pub fn ics(
    file: Option<&Path>,
    expected: bool,
    live: Option<PathBuf>,
    lang: crate::i18n::Lang,
) -> ExitCode {
    let (programme, served) = match super::load_any(file, live.is_some()) {
        Ok(opened) => opened,
        Err(code) => return code,
    };
    let stamp = crate::clock::SystemClock::default().now();
    let programme = if let (true, Some(state)) = (expected, &served) {
        state.expected(&programme, stamp)
    } else if expected {
        let record = live_path(live, file);
        let (p, errors) = crate::live::expected_from_files(&programme, file, &record, stamp);
        for e in &errors {
            eprintln!("deroule: {e}");
        }
        p
    } else {
        programme
    };
    print(&crate::ics::export_stamped(
        &programme,
        env!("CARGO_PKG_VERSION"),
        stamp,
        lang,
    ));
    ExitCode::SUCCESS
}

pub fn import(file: &Path, time_zone: Option<Tz>) -> ExitCode {
    let options = crate::import::Options {
        time_zone,
        ..crate::import::Options::default()
    };
    match crate::import::import_file(file, &options) {
        Ok(imported) => {
            for warning in &imported.warnings {
                eprintln!("{warning}");
            }
            print(&crate::import::to_yaml(&imported.programme));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(1)
        }
    }
}
