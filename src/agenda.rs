//! The programme as an agenda to read, share or process: plain text (screen readers, pipes),
//! Markdown (a table per day) and JSON (a stable shape, `docs/agenda-json.md`).
//!
//! Every function takes the days to show as indices into `Programme::days`, in the order wanted;
//! indices out of range are skipped. Times are wall-clock times in the event's zone. Nothing here
//! reads the clock, the environment or the machine's locale: the output depends on its arguments
//! alone.

use std::fmt::Write as _;

use chrono::SecondsFormat;
use serde::Serialize;

use crate::i18n::{Lang, kind_label, state_label, zone_label};
use crate::model::{Day, Instant, Item, Programme, State};

/// The selected days, in the order asked, skipping indices out of range.
fn selected<'a>(p: &'a Programme, days: &'a [usize]) -> impl Iterator<Item = &'a Day> + 'a {
    days.iter().filter_map(|&i| p.days.get(i))
}

/// Text on one line: runs of white space (newlines of a folded YAML text) become one space.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn hm(p: &Programme, t: Instant) -> String {
    t.with_timezone(&p.tz).format("%H:%M").to_string()
}

/// `09:00–09:30`.
fn span(p: &Programme, item: &Item) -> String {
    format!("{}–{}", hm(p, item.start), hm(p, item.end))
}

/// `Friday 1 July 2022`, and the day's label when it has one: `Friday 20 June 2025 — Day 1`.
fn day_heading(day: &Day, lang: Lang) -> String {
    let date = lang.date_long(day.date);
    match &day.label {
        Some(label) => format!("{date} — {}", one_line(label)),
        None => date,
    }
}

/// `talk`, `session`, `workshop, cancelled`: every item names its kind, the default one
/// (`session`, also a FOSDEM BOF) included, so that rows read alike; the state when not confirmed.
fn kind_and_state(item: &Item, lang: Lang) -> String {
    let kind = kind_label(item.kind, lang);
    match item.state {
        State::Confirmed => kind.to_owned(),
        state => format!("{kind}, {}", state_label(state, lang)),
    }
}

/// `Lieu de la transformation publique, 77 avenue de Ségur, 75007 Paris`.
fn place(p: &Programme) -> Option<String> {
    let parts: Vec<String> = [&p.meta.venue, &p.meta.address]
        .into_iter()
        .flatten()
        .map(|s| one_line(s))
        .collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

fn zone_line(p: &Programme, lang: Lang) -> String {
    format!(
        "{} {}",
        lang.pick("Time zone:", "Fuseau horaire :"),
        zone_label(p.tz)
    )
}

/// The agenda as plain text: the event, then for each day a heading with the date written out
/// and one line per item, `09:00–09:30  Accueil et café  (welcome)` (every item names its kind),
/// followed by the room and the speakers when the item has them. No box drawing, no alignment padding, no colour: it reads
/// well aloud, in a pipe and in a file.
pub fn text(p: &Programme, days: &[usize], lang: Lang) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", one_line(&p.meta.title));
    if let Some(subtitle) = &p.meta.subtitle {
        let _ = writeln!(out, "{}", one_line(subtitle));
    }
    if let Some(place) = place(p) {
        let _ = writeln!(out, "{place}");
    }
    let _ = writeln!(out, "{}", zone_line(p, lang));
    for day in selected(p, days) {
        let _ = write!(out, "\n{}\n", day_heading(day, lang));
        for item in &day.items {
            let mut line = format!("{}  {}", span(p, item), one_line(&item.title));
            if let Some(subtitle) = &item.subtitle {
                let _ = write!(line, " — {}", one_line(subtitle));
            }
            let _ = write!(line, "  ({})", kind_and_state(item, lang));
            if let Some(room) = &item.room {
                let _ = write!(
                    line,
                    "  {} {}",
                    lang.pick("Room:", "Salle :"),
                    one_line(room)
                );
            }
            if !item.speakers.is_empty() {
                let names: Vec<String> = item.speakers.iter().map(|s| one_line(s)).collect();
                let _ = write!(
                    line,
                    "  {} {}",
                    lang.pick("Speakers:", "Intervenants :"),
                    names.join(", ")
                );
            }
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

/// Markdown inline text: on one line, with the characters that Markdown or a table cell would
/// read as syntax escaped.
fn md(text: &str) -> String {
    let mut out = String::new();
    for c in one_line(text).chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '#'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A link destination that cannot break out of `(<…>)` or a table cell.
fn md_url(url: &str) -> String {
    let mut out = String::new();
    for c in url.trim().chars() {
        match c {
            ' ' => out.push_str("%20"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            '|' => out.push_str("%7C"),
            c if c.is_whitespace() || c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// The agenda as Markdown: the event as a title, then for each day a `##` heading and a table
/// (time, item, kind, and the room, track and speakers columns when any item shown has one).
/// Cancelled items are struck through; links follow the title.
pub fn markdown(p: &Programme, days: &[usize], lang: Lang) -> String {
    let mut out = format!("# {}\n\n", md(&p.meta.title));
    if let Some(subtitle) = &p.meta.subtitle {
        let _ = write!(out, "{}\n\n", md(subtitle));
    }
    let mut about: Vec<String> = place(p).iter().map(|s| md(s)).collect();
    about.push(format!("{}.", md(&zone_line(p, lang))));
    let _ = writeln!(out, "{}", about.join(" · "));

    let shown: Vec<&Day> = selected(p, days).collect();
    let items = || shown.iter().flat_map(|d| d.items.iter());
    let with_room = items().any(|i| i.room.is_some());
    let with_track = items().any(|i| i.track.is_some());
    let with_speakers = items().any(|i| !i.speakers.is_empty());

    let mut header = vec![
        lang.pick("Time", "Horaire"),
        lang.pick("Item", "Séance"),
        lang.pick("Kind", "Type"),
    ];
    if with_room {
        header.push(lang.pick("Room", "Salle"));
    }
    if with_track {
        header.push(lang.pick("Track", "Parcours"));
    }
    if with_speakers {
        header.push(lang.pick("Speakers", "Intervenants"));
    }
    let rule = vec!["---"; header.len()];

    for day in shown {
        let _ = write!(out, "\n## {}\n\n", md(&day_heading(day, lang)));
        let _ = writeln!(out, "| {} |", header.join(" | "));
        let _ = writeln!(out, "|{}|", rule.join("|"));
        for item in &day.items {
            let mut title = md(&item.title);
            if let Some(subtitle) = &item.subtitle {
                let _ = write!(title, " — {}", md(subtitle));
            }
            if !item.state.takes_place() {
                title = format!("~~{title}~~");
            }
            let links: Vec<String> = item
                .links
                .iter()
                .map(|l| {
                    let text = l.title.as_deref().unwrap_or(&l.url);
                    format!("[{}](<{}>)", md(text), md_url(&l.url))
                })
                .collect();
            if !links.is_empty() {
                let _ = write!(title, " · {}", links.join(", "));
            }
            let mut cells = vec![span(p, item), title, kind_and_state(item, lang)];
            if with_room {
                cells.push(item.room.as_deref().map(md).unwrap_or_default());
            }
            if with_track {
                cells.push(item.track.as_deref().map(md).unwrap_or_default());
            }
            if with_speakers {
                let names: Vec<String> = item.speakers.iter().map(|s| md(s)).collect();
                cells.push(names.join(", "));
            }
            let _ = writeln!(out, "| {} |", cells.join(" | "));
        }
    }
    out
}

/// The version of the JSON shape: raised when a field is renamed, removed or changes meaning
/// (new fields may appear without it).
pub const JSON_VERSION: u32 = 1;

#[derive(Serialize)]
struct JsonAgenda<'a> {
    format: &'static str,
    version: u32,
    event: JsonEvent<'a>,
    time_zone: String,
    rooms: Vec<JsonRoom<'a>>,
    tracks: Vec<JsonTrack<'a>>,
    days: Vec<JsonDay<'a>>,
}

#[derive(Serialize)]
struct JsonEvent<'a> {
    title: &'a str,
    subtitle: Option<&'a str>,
    description: Option<&'a str>,
    venue: Option<&'a str>,
    address: Option<&'a str>,
    host: Option<&'a str>,
    contact: Option<&'a str>,
    url: Option<&'a str>,
    language: Option<&'a str>,
    audience: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonRoom<'a> {
    name: &'a str,
    description: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonTrack<'a> {
    name: &'a str,
    color: Option<String>,
}

#[derive(Serialize)]
struct JsonDay<'a> {
    date: String,
    label: Option<&'a str>,
    start: Option<String>,
    end: Option<String>,
    items: Vec<JsonItem<'a>>,
}

#[derive(Serialize)]
struct JsonItem<'a> {
    id: Option<&'a str>,
    title: &'a str,
    subtitle: Option<&'a str>,
    kind: &'static str,
    state: &'static str,
    start: String,
    end: String,
    duration_minutes: i64,
    room: Option<&'a str>,
    track: Option<&'a str>,
    speakers: &'a [String],
    description: Option<&'a str>,
    language: Option<&'a str>,
    links: Vec<JsonLink<'a>>,
}

#[derive(Serialize)]
struct JsonLink<'a> {
    url: &'a str,
    title: Option<&'a str>,
}

/// The agenda as JSON, in the shape documented in `docs/agenda-json.md` (version
/// [`JSON_VERSION`]): pretty-printed, fields in a fixed order, absent values as `null`, instants
/// as RFC 3339 with the event zone's offset (`2022-07-01T09:00:00+02:00`).
pub fn json(p: &Programme, days: &[usize]) -> String {
    let rfc3339 = |t: Instant| {
        t.with_timezone(&p.tz)
            .to_rfc3339_opts(SecondsFormat::Secs, false)
    };
    let m = &p.meta;
    let agenda = JsonAgenda {
        format: "deroule-agenda",
        version: JSON_VERSION,
        event: JsonEvent {
            title: &m.title,
            subtitle: m.subtitle.as_deref(),
            description: m.description.as_deref(),
            venue: m.venue.as_deref(),
            address: m.address.as_deref(),
            host: m.host.as_deref(),
            contact: m.contact.as_deref(),
            url: m.url.as_deref(),
            language: m.language.as_deref(),
            audience: m.audience.as_deref(),
        },
        time_zone: p.tz.name().to_owned(),
        rooms: p
            .rooms
            .iter()
            .map(|r| JsonRoom {
                name: &r.name,
                description: r.description.as_deref(),
            })
            .collect(),
        tracks: p
            .tracks
            .iter()
            .map(|t| JsonTrack {
                name: &t.name,
                color: t
                    .color
                    .map(|c| format!("#{:02x}{:02x}{:02x}", c.r, c.g, c.b)),
            })
            .collect(),
        days: selected(p, days)
            .map(|day| JsonDay {
                date: day.date.format("%Y-%m-%d").to_string(),
                label: day.label.as_deref(),
                start: day.start.map(rfc3339),
                end: day.end.map(rfc3339),
                items: day
                    .items
                    .iter()
                    .map(|item| JsonItem {
                        id: item.id.as_deref(),
                        title: &item.title,
                        subtitle: item.subtitle.as_deref(),
                        kind: item.kind.name(),
                        state: item.state.name(),
                        start: rfc3339(item.start),
                        end: rfc3339(item.end),
                        duration_minutes: item.minutes(),
                        room: item.room.as_deref(),
                        track: item.track.as_deref(),
                        speakers: &item.speakers,
                        description: item.description.as_deref(),
                        language: item.language.as_deref(),
                        links: item
                            .links
                            .iter()
                            .map(|l| JsonLink {
                                url: &l.url,
                                title: l.title.as_deref(),
                            })
                            .collect(),
                    })
                    .collect(),
            })
            .collect(),
    };
    let mut out = serde_json::to_string_pretty(&agenda).unwrap_or_default();
    out.push('\n');
    out
}
