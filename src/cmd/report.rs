//! `deroule report`: after the day, planned against actual times (Markdown or CSV).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::i18n::Lang;
use crate::live::Record;
use crate::live::state::State;

use super::{live_path, load, print};

pub fn run(file: Option<&Path>, live: Option<PathBuf>, csv: bool, lang: Lang) -> ExitCode {
    if let Some(origin) = match super::url_of(file) {
        Ok(origin) => origin.filter(|_| live.is_none()),
        Err(code) => return code,
    } {
        return served(&origin, csv, lang);
    }
    let programme = match load(file) {
        Ok(p) => p,
        Err(code) => return code,
    };
    if let (false, Some(path)) = (crate::live::applies(&programme), file) {
        // Parallel rooms: a section per room's record.
        let (records, errors) = crate::live::room_records(&programme, path);
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
            crate::report::csv_rooms(&programme, &records)
        } else {
            crate::report::markdown_rooms(&programme, &records, lang)
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
        crate::report::csv(&programme, &record)
    } else {
        crate::report::markdown_in(&programme, &record, lang)
    };
    print(&text);
    ExitCode::SUCCESS
}

/// The report of a programme opened by URL, from the live state its server serves.
fn served(origin: &crate::net::Origin, csv: bool, lang: Lang) -> ExitCode {
    let snapshot = match super::open_url(origin) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let programme = &snapshot.programme;
    let text = match snapshot.live {
        State::Planned => {
            eprintln!(
                "deroule: {}: no live record is served for this programme",
                origin.given
            );
            return ExitCode::from(1);
        }
        State::One(record) if csv => crate::report::csv(programme, &record),
        State::One(record) => crate::report::markdown_in(programme, &record, lang),
        State::Rooms(records) if csv => crate::report::csv_rooms(programme, &records),
        State::Rooms(records) => crate::report::markdown_rooms(programme, &records, lang),
    };
    print(&text);
    ExitCode::SUCCESS
}
