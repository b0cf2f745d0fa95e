//! `deroule export --ics` (the programme for calendar programs) and `deroule import` (a published
//! schedule as deroule YAML).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono_tz::Tz;

use crate::clock::Clock as _;

use super::{live_path, print};

/// `export --ics`, with `--expected` the live records applied as of now, with `--favourites`
/// only the favourites.
pub fn ics(
    file: Option<&Path>,
    (expected, favourites): (bool, bool),
    live: Option<PathBuf>,
    lang: crate::i18n::Lang,
) -> ExitCode {
    let (programme, served) = match super::load_any(file, live.is_some()) {
        Ok(opened) => opened,
        Err(code) => return code,
    };
    // The favourites are chosen on the plan, and keep its order for the expected times.
    let kept = if favourites {
        match super::favourites_of(&programme) {
            Ok(kept) if !kept.is_empty() => Some(kept),
            Err(e) => {
                eprintln!("deroule: {e}");
                return ExitCode::from(1);
            }
            Ok(_) => {
                eprintln!(
                    "deroule: no favourites marked for this programme ({}): mark some with f in \
                     the viewer (`deroule FILE`), then export them",
                    programme.meta.title
                );
                return ExitCode::from(1);
            }
        }
    } else {
        None
    };
    let plan = programme.clone();
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
    let programme = match kept {
        Some(kept) => match crate::now::for_favourites(&plan, &programme, |k| kept.contains(k)) {
            Some(only) => only,
            None => {
                eprintln!(
                    "deroule: none of the favourites is in this programme any more ({})",
                    plan.meta.title
                );
                return ExitCode::from(1);
            }
        },
        None => programme,
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
