//! `deroule agenda`: the programme as text, Markdown or JSON, for one day, several or all.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::cli::ClockArgs;
use crate::i18n::Lang;
use crate::model::Programme;

use super::{cache, load, print};

/// Which days, and in which form.
#[derive(Debug, Clone, Copy)]
pub struct Choice<'a> {
    pub days: &'a [String],
    pub all: bool,
    pub markdown: bool,
    pub json: bool,
}

pub fn run(
    file: Option<&Path>,
    choice: Choice,
    (clock, expected, explicit_live): (&ClockArgs, Option<PathBuf>, bool),
    lang: Lang,
) -> ExitCode {
    let Choice {
        days,
        all,
        markdown,
        json,
    } = choice;
    // Only the chosen days are decoded from a warm cache: choosing sees the programme's head
    // (zone, days' dates) and each day's closing instant, never items.
    let choose = |programme: &Programme,
                  outline: &[crate::cache::DayOutline]|
     -> Result<Vec<usize>, String> {
        if all {
            return Ok((0..outline.len()).collect());
        }
        if days.is_empty() {
            let (clock, _) = crate::clock::from_args(clock, programme, lang)?;
            let closes = outline.iter().map(|d| d.closes);
            return Ok(vec![crate::timeline::day_closing_after(
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
    let mut served = None;
    let opened = match super::url_of(file) {
        Err(code) => return code,
        Ok(Some(origin)) => match super::open_url(&origin) {
            Ok(snapshot) => {
                let programme = snapshot.programme;
                served = Some(snapshot.live);
                let outline = crate::cache::DayOutline::of(&programme);
                Ok(choose(&programme, &outline).map(|chosen| (programme, chosen)))
            }
            Err(code) => return code,
        },
        Ok(None) => match file {
            Some(path) => crate::import::open_cached_days(path, cache(), choose),
            None => match load(None) {
                Ok(programme) => {
                    let outline = crate::cache::DayOutline::of(&programme);
                    Ok(choose(&programme, &outline).map(|chosen| (programme, chosen)))
                }
                Err(code) => return code,
            },
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
        Some(record) => match crate::clock::from_args(clock, &programme, lang) {
            Ok((now, _)) if served.is_some() && !explicit_live => served
                .as_ref()
                .map_or_else(|| programme.clone(), |s| s.expected(&programme, now.now())),
            Ok((now, _)) => {
                let (p, errors) =
                    crate::live::expected_from_files(&programme, file, &record, now.now());
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
        crate::agenda::json(&programme, &chosen)
    } else if markdown {
        crate::agenda::markdown(&programme, &chosen, lang)
    } else {
        crate::agenda::text(&programme, &chosen, lang)
    };
    print(&text);
    ExitCode::SUCCESS
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
