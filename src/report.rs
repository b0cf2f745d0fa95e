//! `deroule report`: planned against actual times after the day, from the live record.
//!
//! The Markdown report is in the chosen language; the CSV keeps English column names and states
//! (`recorded`, `cancelled`, `not recorded`) whatever the language, for the programs that read it.

use std::fmt::Write as _;

use crate::delay::{self, Phase};
use crate::i18n::{Lang, zone_label};
use crate::live::Record;
use crate::model::{Instant, Programme};

/// One item's line of the report.
struct Line {
    day: String,
    title: String,
    planned: (Instant, Instant),
    actual: Option<(Instant, Instant)>,
    cancelled: bool,
}

fn lines(p: &Programme, record: &Record) -> Vec<Line> {
    let mut out = Vec::new();
    for day in &p.days {
        let actuals = record.actuals(p, day);
        // The forecast at the end of the day: recorded times where there are some, and the
        // times they imply for the rest.
        let end = day.closes().max(
            record
                .actions
                .iter()
                .map(|a| a.at)
                .max()
                .unwrap_or_default(),
        );
        let forecast = delay::forecast(&day.items, &actuals, record.since, end);
        for ((item, slot), actual) in day.items.iter().zip(&forecast.slots).zip(&actuals) {
            let recorded =
                actual.start.is_some() || actual.end.is_some() || actual.extra_minutes != 0;
            out.push(Line {
                day: day.date.format("%Y-%m-%d").to_string(),
                title: item.title.clone(),
                planned: (item.start, item.end),
                actual: (recorded || slot.phase == Phase::Done && item.end > record.since)
                    .then_some((slot.start, slot.end)),
                cancelled: slot.phase == Phase::Cancelled,
            });
        }
    }
    out
}

fn signed_minutes(seconds: i64) -> String {
    let minutes = (seconds as f64 / 60.0).round() as i64;
    match minutes {
        0 => "0".to_owned(),
        m if m > 0 => format!("+{m}"),
        m => format!("−{}", -m),
    }
}

/// The report as a Markdown table, with a total line, in English.
pub fn markdown(p: &Programme, record: &Record) -> String {
    markdown_in(p, record, Lang::En)
}

/// The report as a Markdown table, with a total line, in `lang`.
pub fn markdown_in(p: &Programme, record: &Record, lang: Lang) -> String {
    let hm = |t: Instant| t.with_timezone(&p.tz).format("%H:%M").to_string();
    let mut s = match lang {
        Lang::En => format!(
            "# {} — planned and actual\n\nTimes in {}. Over/under in minutes (+ is longer than \
             planned).\n\n",
            p.meta.title,
            zone_label(p.tz)
        ),
        Lang::Fr => format!(
            "# {} — prévu et réel\n\nHeures en {}. Écarts en minutes (+ : plus long que \
             prévu).\n\n",
            p.meta.title,
            zone_label(p.tz)
        ),
    };
    s.push_str(lang.pick(
        "| Day | Item | Planned | Actual | Planned min | Actual min | Over/under | Start delay |\n",
        "| Jour | Séance | Prévu | Réel | Min prévues | Min réelles | Écart | Retard au début |\n",
    ));
    s.push_str("|---|---|---|---|---:|---:|---:|---:|\n");
    let (mut planned_total, mut actual_total) = (0i64, 0i64);
    for l in lines(p, record) {
        let planned_len = (l.planned.1 - l.planned.0).num_seconds();
        let title = l.title.replace('|', "\\|");
        let (actual, actual_len, over, late) = match (l.cancelled, l.actual) {
            (true, _) => (
                lang.pick("cancelled", "annulé").to_owned(),
                String::new(),
                String::new(),
                String::new(),
            ),
            (false, Some((a, b))) => {
                let len = (b - a).num_seconds();
                planned_total += planned_len;
                actual_total += len;
                (
                    format!("{}–{}", hm(a), hm(b)),
                    (len / 60).to_string(),
                    signed_minutes(len - planned_len),
                    signed_minutes((a - l.planned.0).num_seconds()),
                )
            }
            (false, None) => (
                lang.pick("not recorded", "non enregistré").to_owned(),
                String::new(),
                String::new(),
                String::new(),
            ),
        };
        let _ = writeln!(
            s,
            "| {} | {title} | {}–{} | {actual} | {} | {actual_len} | {over} | {late} |",
            l.day,
            hm(l.planned.0),
            hm(l.planned.1),
            planned_len / 60,
        );
    }
    let _ = writeln!(
        s,
        "| | **{}** | | | {} | {} | {} | |",
        lang.pick("Total (recorded items)", "Total (séances enregistrées)"),
        planned_total / 60,
        actual_total / 60,
        signed_minutes(actual_total - planned_total)
    );
    s
}

/// The report as CSV (RFC 4180 quoting), one row per item.
pub fn csv(p: &Programme, record: &Record) -> String {
    let iso = |t: Instant| {
        t.with_timezone(&p.tz)
            .format("%Y-%m-%dT%H:%M:%S%:z")
            .to_string()
    };
    let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    let mut s = String::from(
        "day,item,planned_start,planned_end,actual_start,actual_end,planned_minutes,actual_minutes,over_minutes,state\n",
    );
    for l in lines(p, record) {
        let planned_len = (l.planned.1 - l.planned.0).num_seconds() / 60;
        let (a_start, a_end, a_len, over, state) = match (l.cancelled, l.actual) {
            (true, _) => (
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                "cancelled",
            ),
            (false, Some((a, b))) => {
                let len = (b - a).num_seconds() / 60;
                (
                    iso(a),
                    iso(b),
                    len.to_string(),
                    (len - planned_len).to_string(),
                    "recorded",
                )
            }
            (false, None) => (
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                "not recorded",
            ),
        };
        let _ = writeln!(
            s,
            "{},{},{},{},{a_start},{a_end},{planned_len},{a_len},{over},{state}",
            l.day,
            quote(&l.title),
            iso(l.planned.0),
            iso(l.planned.1),
        );
    }
    s
}
