//! `deroule report`: planned against actual times after the day, from the live record.
//!
//! Only what was recorded is reported: an item started and never ended reads "not ended" (no
//! invented end), a skipped one "skipped", one with nothing recorded "not recorded". Minutes
//! are rounded by one rule ([`whole_minutes`]) and every difference is taken between the
//! rounded figures shown, so the columns and the totals add up.
//!
//! The Markdown report is in the chosen language; the CSV keeps English column names and states
//! (`recorded`, `not ended`, `skipped`, `cancelled`, `not recorded`) whatever the language, for
//! the programs that read it, and its text cells cannot be taken for formulas.

use std::fmt::Write as _;

use crate::delay::{self, Phase, whole_minutes};
use crate::i18n::{Lang, zone_label};
use crate::live::Record;
use crate::model::{Instant, Programme};

/// What the record says of one item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// Started and ended (recorded, or implied by what was recorded around it).
    Ended(Instant, Instant),
    /// Started, and nothing recorded since.
    NotEnded(Instant),
    Skipped,
    Cancelled,
    NotRecorded,
}

/// One item's line of the report.
struct Line {
    day: String,
    title: String,
    planned: (Instant, Instant),
    outcome: Outcome,
}

impl Line {
    fn planned_minutes(&self) -> i64 {
        whole_minutes((self.planned.1 - self.planned.0).num_seconds())
    }
}

fn lines(p: &Programme, record: &Record) -> Vec<Line> {
    let mut out = Vec::new();
    let last = record
        .actions
        .iter()
        .map(|a| a.at)
        .max()
        .unwrap_or(record.since);
    for day in &p.days {
        let actuals = record.actuals(p, day);
        let forecast = delay::forecast(&day.items, &actuals, record.since, last);
        // Whether anything was recorded after each item: then it is over, whatever it says.
        let mut later = vec![false; day.items.len()];
        let mut seen = false;
        for i in (0..day.items.len()).rev() {
            later[i] = seen;
            let a = actuals[i];
            seen |= a.start.is_some() || a.end.is_some();
        }
        for (i, (item, slot)) in day.items.iter().zip(&forecast.slots).enumerate() {
            let a = actuals[i];
            let outcome = match slot.phase {
                Phase::Cancelled => Outcome::Cancelled,
                Phase::Skipped => Outcome::Skipped,
                _ if a.start.is_some() && a.end.is_none() && !later[i] => {
                    Outcome::NotEnded(slot.start)
                }
                // Between two recorded facts, an item's times are implied by them; before
                // tracking began, nothing is.
                _ if a.start.is_some()
                    || a.end.is_some()
                    || later[i] && item.start >= record.since =>
                {
                    Outcome::Ended(slot.start, slot.end)
                }
                _ => Outcome::NotRecorded,
            };
            out.push(Line {
                day: day.date.format("%Y-%m-%d").to_string(),
                title: item.title.clone(),
                planned: (item.start, item.end),
                outcome,
            });
        }
    }
    out
}

fn signed(minutes: i64) -> String {
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
    let mut s = heading(p, lang);
    s.push_str(&table(p, lines(p, record), lang));
    s
}

/// The report of a programme with parallel rooms: a section per room with a record (its
/// items and the plenary ones), each with its total.
pub fn markdown_rooms(p: &Programme, rooms: &[(String, Record)], lang: Lang) -> String {
    let mut s = heading(p, lang);
    for (room, record) in rooms {
        let Ok(narrowed) = crate::now::for_room(p, room) else {
            continue;
        };
        let _ = write!(s, "## {room}\n\n");
        s.push_str(&table(&narrowed, lines(&narrowed, record), lang));
        s.push('\n');
    }
    s
}

fn heading(p: &Programme, lang: Lang) -> String {
    match lang {
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
    }
}

fn table(p: &Programme, lines: Vec<Line>, lang: Lang) -> String {
    // Rounded to the nearest minute, as the lengths are: 11:02:40 reads 11:03.
    let hm = |t: Instant| {
        (t + chrono::TimeDelta::seconds(30))
            .with_timezone(&p.tz)
            .format("%H:%M")
            .to_string()
    };
    let mut s = String::new();
    s.push_str(lang.pick(
        "| Day | Item | Planned | Actual | Planned min | Actual min | Over/under | Start delay |\n",
        "| Jour | Séance | Prévu | Réel | Min prévues | Min réelles | Écart | Retard au début |\n",
    ));
    s.push_str("|---|---|---|---|---:|---:|---:|---:|\n");
    let (mut planned_total, mut actual_total) = (0i64, 0i64);
    for l in lines {
        let planned = l.planned_minutes();
        let title = l.title.replace('|', "\\|");
        let late = |a: Instant| signed(whole_minutes((a - l.planned.0).num_seconds()));
        let blank = String::new;
        let (actual, actual_len, over, late) = match l.outcome {
            Outcome::Ended(a, b) => {
                let len = whole_minutes((b - a).num_seconds());
                planned_total += planned;
                actual_total += len;
                (
                    format!("{}–{}", hm(a), hm(b)),
                    len.to_string(),
                    signed(len - planned),
                    late(a),
                )
            }
            Outcome::NotEnded(a) => (
                match lang {
                    Lang::En => format!("{}– not ended", hm(a)),
                    Lang::Fr => format!("{}– non terminé", hm(a)),
                },
                blank(),
                blank(),
                late(a),
            ),
            Outcome::Skipped => (
                lang.pick("skipped", "sauté").into(),
                blank(),
                blank(),
                blank(),
            ),
            Outcome::Cancelled => (
                lang.pick("cancelled", "annulé").into(),
                blank(),
                blank(),
                blank(),
            ),
            Outcome::NotRecorded => (
                lang.pick("not recorded", "non enregistré").into(),
                blank(),
                blank(),
                blank(),
            ),
        };
        let _ = writeln!(
            s,
            "| {} | {title} | {}–{} | {actual} | {planned} | {actual_len} | {over} | {late} |",
            l.day,
            hm(l.planned.0),
            hm(l.planned.1),
        );
    }
    let _ = writeln!(
        s,
        "| | **{}** | | | {planned_total} | {actual_total} | {} | |",
        lang.pick("Total (recorded items)", "Total (séances enregistrées)"),
        signed(actual_total - planned_total)
    );
    s
}

/// A CSV text cell: quoted (RFC 4180), and never read as a formula by a spreadsheet: a cell
/// starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`.
fn text_cell(s: &str) -> String {
    let safe = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_owned()
    };
    format!("\"{}\"", safe.replace('"', "\"\""))
}

/// The report as CSV (RFC 4180 quoting), one row per item.
pub fn csv(p: &Programme, record: &Record) -> String {
    csv_rows(p, lines(p, record), None, true)
}

/// The CSV report of a programme with parallel rooms: the same columns and a last one, `room`
/// (the room whose record it is).
pub fn csv_rooms(p: &Programme, rooms: &[(String, Record)]) -> String {
    let mut s = String::new();
    for (n, (room, record)) in rooms.iter().enumerate() {
        if let Ok(narrowed) = crate::now::for_room(p, room) {
            s.push_str(&csv_rows(
                &narrowed,
                lines(&narrowed, record),
                Some(room),
                n == 0,
            ));
        }
    }
    s
}

fn csv_rows(p: &Programme, lines: Vec<Line>, room: Option<&str>, header: bool) -> String {
    let iso = |t: Instant| {
        t.with_timezone(&p.tz)
            .format("%Y-%m-%dT%H:%M:%S%:z")
            .to_string()
    };
    let mut s = String::new();
    if header {
        s.push_str("day,item,planned_start,planned_end,actual_start,actual_end,planned_minutes,actual_minutes,over_minutes,state");
        s.push_str(if room.is_some() { ",room\n" } else { "\n" });
    }
    let room = room.map_or(String::new(), |r| format!(",{}", text_cell(r)));
    for l in lines {
        let planned = l.planned_minutes();
        let blank = String::new;
        let (a_start, a_end, a_len, over, state) = match l.outcome {
            Outcome::Ended(a, b) => {
                let len = whole_minutes((b - a).num_seconds());
                (
                    iso(a),
                    iso(b),
                    len.to_string(),
                    (len - planned).to_string(),
                    "recorded",
                )
            }
            Outcome::NotEnded(a) => (iso(a), blank(), blank(), blank(), "not ended"),
            Outcome::Skipped => (blank(), blank(), blank(), blank(), "skipped"),
            Outcome::Cancelled => (blank(), blank(), blank(), blank(), "cancelled"),
            Outcome::NotRecorded => (blank(), blank(), blank(), blank(), "not recorded"),
        };
        let _ = writeln!(
            s,
            "{},{},{},{},{a_start},{a_end},{planned},{a_len},{over},{state}{room}",
            l.day,
            text_cell(&l.title),
            iso(l.planned.0),
            iso(l.planned.1),
        );
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundled_programme as bundled;
    use crate::live::{Entry, Kind};
    use chrono::TimeZone;

    fn at(p: &Programme, h: u32, m: u32, s: u32) -> Instant {
        p.tz.with_ymd_and_hms(2022, 7, 1, h, m, s)
            .single()
            .expect("valid")
            .to_utc()
    }

    fn entry(at: Instant, action: Kind, item: &str, ended: Option<&str>) -> Entry {
        let mut e = Entry::new(at, action, item.into());
        e.ended = ended.map(Into::into);
        e
    }

    /// The report: an item never ended, a skipped one, rounding, totals.
    fn record(p: &Programme) -> Record {
        let mut r = Record::new(p, at(p, 10, 0, 0));
        r.actions = vec![
            // « Inventaire » 10:15:00–11:02:40 (47 min 40 s: 48 min, +3).
            entry(at(p, 11, 2, 40), Kind::End, "inventaire", None),
            entry(at(p, 11, 2, 40), Kind::Skip, "pause-matin", None),
            entry(at(p, 11, 2, 40), Kind::Start, "retours-experience", None),
            // « Retours » 11:02:40–11:30:10 (27 min 30 s: 28 min, −2).
            entry(
                at(p, 11, 30, 10),
                Kind::Start,
                "bonnes-pratiques",
                Some("retours-experience"),
            ),
            // « Échanges » never ended.
        ];
        r
    }

    #[test]
    fn the_report_says_only_what_was_recorded() {
        let p = bundled();
        let md = markdown(&p, &record(&p));
        let has = |line: &str| assert!(md.contains(line), "{line}\n{md}");
        has(
            "| Inventaire des mutualisations possibles | 10:15–11:00 | 10:15–11:03 | 45 | 48 | +3 | 0 |",
        );
        has("| Pause | 11:00–11:15 | skipped | 15 |  |  |  |");
        has("| Temps de rencontre et de présentations | 09:30–10:15 | not recorded |");
        has(
            "| Retours d’expérience de contributions réussies | 11:15–11:45 | 11:03–11:30 | 30 | 28 | −2 | −12 |",
        );
        has(
            "| Échanges sur des bonnes pratiques pour permettre la contribution | 11:45–12:30 | 11:30– not ended | 45 |  |  | −15 |",
        );
        has("| Pause déjeuner | 12:30–14:00 | not recorded |");
        // The totals are the sums of the figures shown: 45 + 30, 48 + 28, +3 − 2.
        has("| | **Total (recorded items)** | | | 75 | 76 | +1 | |");
        assert!(!md.contains("18:00–"), "no invented end: {md}");
    }

    #[test]
    fn csv_and_markdown_round_alike_and_cells_are_never_formulas() {
        let mut p = bundled();
        p.days[0].items[2].title = "=HYPERLINK(\"http://x\")".into();
        p.days[0].items[4].title = "-2+3".into();
        let csv = csv(&p, &record(&p));
        assert!(
            csv.contains("\"'=HYPERLINK(\"\"http://x\"\")\",2022-07-01T10:15:00+02:00,2022-07-01T11:00:00+02:00,2022-07-01T10:15:00+02:00,2022-07-01T11:02:40+02:00,45,48,3,recorded\n"),
            "{csv}"
        );
        assert!(csv.contains(",\"'-2+3\",2022-07-01T11:15:00+02:00,2022-07-01T11:45:00+02:00,2022-07-01T11:02:40+02:00,2022-07-01T11:30:10+02:00,30,28,-2,recorded\n"), "{csv}");
        assert!(
            csv.contains(
                ",\"Pause\",2022-07-01T11:00:00+02:00,2022-07-01T11:15:00+02:00,,,15,,,skipped\n"
            ),
            "{csv}"
        );
        assert!(
            csv.contains(",2022-07-01T11:30:10+02:00,,45,,,not ended\n"),
            "{csv}"
        );
        for line in csv.lines().skip(1) {
            let title = line.split(",\"").nth(1).expect("a quoted title");
            assert!(
                !title.starts_with(['=', '+', '-', '@']),
                "a formula cell: {line}"
            );
        }
    }
}
