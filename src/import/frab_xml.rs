//! frab / Pentabarf / pretalx `schedule.xml`: `<schedule>`, `<conference>`, then `<day>`s holding
//! `<room name>` containers of `<event>`s.
//!
//! The document is read with quick-xml's event reader into a small element tree that keeps where
//! each element starts, so that messages can give a line.

use chrono::{DateTime, NaiveDate, NaiveTime};
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::Event as Xml;
use quick_xml::{Reader, XmlVersion};

use super::text;
use super::{End, Event, Format, ImportError, Lines, Source, Warnings, When};
use crate::model::timefmt::WallTime;
use crate::model::{Link, Room};

/// `Some(FrabXml)` when the root element is `<schedule>` (or the file is broken XML that
/// mentions one, so that importing it reports the syntax error).
pub(super) fn detect(bytes: &[u8]) -> Option<Format> {
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(64 * 1024)]);
    let mut reader = Reader::from_str(&text);
    loop {
        match reader.read_event() {
            Ok(Xml::Start(e) | Xml::Empty(e)) => {
                return (e.local_name().as_ref() == "schedule").then_some(Format::FrabXml);
            }
            Ok(Xml::Eof) | Err(_) => {
                return text.contains("<schedule").then_some(Format::FrabXml);
            }
            Ok(_) => {}
        }
    }
}

/// An element: its name (without namespace prefix), attributes, direct text, children, and the
/// byte offset of its `<`.
#[derive(Debug, Default)]
struct Elem {
    name: String,
    attrs: Vec<(String, String)>,
    text: String,
    children: Vec<Elem>,
    at: usize,
}

impl Elem {
    fn child(&self, name: &str) -> Option<&Elem> {
        self.children.iter().find(|c| c.name == name)
    }

    fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Elem> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.trim().is_empty())
    }

    /// The text of child `name`, trimmed; `None` when missing or empty.
    fn get(&self, name: &str) -> Option<&str> {
        self.child(name)
            .map(|c| c.text.trim())
            .filter(|t| !t.is_empty())
    }
}

/// A schedule is about six elements deep; much deeper is not one (and would exhaust the stack).
const MAX_DEPTH: usize = 100;

fn parse(text: &str, name: &str, lines: &Lines) -> Result<Elem, ImportError> {
    let malformed = |at: usize, message: String| {
        ImportError::malformed(name, Format::FrabXml, Some(lines.at(at)), message)
    };
    let mut reader = Reader::from_str(text);
    reader.config_mut().expand_empty_elements = true;
    let mut stack: Vec<Elem> = Vec::new();
    let mut root: Option<Elem> = None;
    loop {
        let at = reader.buffer_position() as usize;
        let event = match reader.read_event() {
            Ok(e) => e,
            Err(quick_xml::Error::IllFormed(quick_xml::errors::IllFormedError::MissingEndTag(
                _,
            ))) if !stack.is_empty() => break,
            Err(e) => {
                return Err(malformed(
                    reader.error_position() as usize,
                    format!("not valid XML: {e}"),
                ));
            }
        };
        match event {
            Xml::Start(start) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(malformed(
                        at,
                        format!(
                            "elements nested more than {MAX_DEPTH} deep: expected a schedule \
                             (`<schedule>`, `<day>`, `<room>`, `<event>`…)"
                        ),
                    ));
                }
                if stack.is_empty() && root.is_some() {
                    return Err(malformed(
                        at,
                        "not valid XML: a second root element after `</schedule>`: expected one \
                         `<schedule>` element"
                            .to_owned(),
                    ));
                }
                let mut elem = Elem {
                    name: start.local_name().as_ref().to_owned(),
                    at,
                    ..Elem::default()
                };
                for attr in start.attributes() {
                    let attr = attr.map_err(|e| malformed(at, format!("not valid XML: {e}")))?;
                    let value = attr
                        .normalized_value(XmlVersion::Implicit1_0)
                        .map_err(|e| malformed(at, format!("not valid XML: {e}")))?;
                    elem.attrs.push((
                        attr.key.local_name().as_ref().to_owned(),
                        value.into_owned(),
                    ));
                }
                stack.push(elem);
            }
            Xml::End(_) => {
                if let Some(done) = stack.pop() {
                    match stack.last_mut() {
                        Some(parent) => parent.children.push(done),
                        None => root = Some(done),
                    }
                }
            }
            Xml::Text(t) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&t.xml10_content());
                }
            }
            Xml::CData(t) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&t.xml10_content());
                }
            }
            Xml::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => match resolve_predefined_entity(&r) {
                        Some(s) => s.to_owned(),
                        None => {
                            return Err(malformed(
                                at,
                                format!(
                                    "not valid XML: unknown entity `&{};`: expected `&amp;`, \
                                     `&lt;`, `&gt;`, `&quot;`, `&apos;` or a character reference",
                                    &*r
                                ),
                            ));
                        }
                    },
                    Err(e) => return Err(malformed(at, format!("not valid XML: {e}"))),
                };
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&resolved);
                }
            }
            Xml::Eof => break,
            _ => {}
        }
    }
    if let Some(open) = stack.last() {
        return Err(malformed(
            open.at,
            format!(
                "not valid XML: the file ends inside `<{}>`, which starts here: expected \
                 `</{}>` (is the file truncated?)",
                open.name, open.name
            ),
        ));
    }
    root.ok_or_else(|| {
        ImportError::malformed(
            name,
            Format::FrabXml,
            None,
            "not valid XML: no element: expected a `<schedule>` document",
        )
    })
}

pub(super) fn read(text: &str, name: &str, warnings: &mut Warnings) -> Result<Source, ImportError> {
    let lines = Lines::new(text);
    let root = parse(text, name, &lines)?;
    if root.name != "schedule" {
        return Err(ImportError::malformed(
            name,
            Format::FrabXml,
            Some(lines.at(root.at)),
            format!(
                "the root element is `<{}>`: expected `<schedule>` (a frab/Pentabarf \
                 schedule.xml)",
                root.name
            ),
        ));
    }
    let mut source = Source::new(Format::FrabXml);
    let empty = Elem::default();
    let conference = root.child("conference").unwrap_or_else(|| {
        warnings.push(
            "conference",
            Some(lines.at(root.at)),
            None,
            "no `<conference>`: the title, zone and day change are unknown",
        );
        &empty
    });
    source.meta.title = conference
        .get("title")
        .and_then(text::line)
        .or_else(|| conference.get("acronym").and_then(text::line))
        .unwrap_or_default();
    source.meta.subtitle = conference.get("subtitle").and_then(text::line);
    source.meta.venue = conference.get("venue").and_then(text::line);
    source.meta.address = conference.get("city").and_then(text::line);
    source.meta.url = conference.get("url").and_then(text::line);
    source.meta.description = conference.get("description").and_then(text::description);
    source.set_time_zone(conference.get("time_zone_name").map(str::to_owned));
    if let Some(dc) = conference.get("day_change") {
        match NaiveTime::parse_from_str(dc, "%H:%M:%S")
            .or_else(|_| NaiveTime::parse_from_str(dc, "%H:%M"))
        {
            Ok(t) => source.day_change = wall(t),
            Err(_) => warnings.push(
                "day_change",
                conference.child("day_change").map(|e| lines.at(e.at)),
                None,
                format!("`<day_change>` `{dc}` is not a time: expected HH:MM:SS; ignored"),
            ),
        }
    }
    // Tracks: `<tracks><track>Name</track>` (Pentabarf) or `<conference><track name color/>`.
    let listed = root
        .child("tracks")
        .into_iter()
        .flat_map(|t| t.all("track"));
    for track in listed.chain(conference.all("track")) {
        let Some(track_name) = track
            .attr("name")
            .and_then(text::line)
            .or_else(|| text::line(&track.text))
        else {
            continue;
        };
        source.tracks.push(super::DeclaredTrack {
            name: track_name,
            color: track.attr("color").map(str::to_owned),
        });
    }
    // Rooms declared apart from the days (pretalx, newer frab).
    for rooms in [root.child("rooms"), conference.child("rooms")]
        .into_iter()
        .flatten()
    {
        for room in rooms.all("room") {
            if let Some(room_name) = room.attr("name").and_then(text::line) {
                source.rooms.push(Room {
                    name: room_name,
                    description: None,
                });
            }
        }
    }
    let days: Vec<&Elem> = root.all("day").collect();
    if days.is_empty() {
        return Err(ImportError::Empty {
            name: name.to_owned(),
            reason: "no `<day>` in the `<schedule>`".to_owned(),
        });
    }
    for day in days {
        let date = day_date(day);
        if date.is_none() {
            warnings.push(
                "day",
                Some(lines.at(day.at)),
                None,
                "a `<day>` without a readable `date`: its events are placed by their own dates",
            );
        }
        // Containers are `<room name>`; some producers put events straight in the day.
        for (room_name, event) in day
            .all("room")
            .flat_map(|r| r.all("event").map(move |e| (r.attr("name"), e)))
            .chain(day.all("event").map(|e| (None, e)))
        {
            if let Some(room) = room_name.and_then(text::line) {
                // The containers give the room order when nothing else does.
                if !source.rooms.iter().any(|r| r.name == room) {
                    source.rooms.push(Room {
                        name: room,
                        description: None,
                    });
                }
            }
            if let Some(ev) = event_of(event, date, room_name, &source, &lines, warnings) {
                source.events.push(ev);
            }
        }
    }
    Ok(source)
}

fn wall(t: NaiveTime) -> Option<WallTime> {
    use chrono::Timelike;
    WallTime::from_hm(t.hour(), t.minute())
}

fn day_date(day: &Elem) -> Option<NaiveDate> {
    if let Some(d) = day.attr("date") {
        return NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").ok();
    }
    day.attr("start")
        .and_then(|s| DateTime::parse_from_rfc3339(s.trim()).ok())
        .map(|d| d.date_naive())
}

fn event_of(
    e: &Elem,
    date: Option<NaiveDate>,
    container: Option<&str>,
    source: &Source,
    lines: &Lines,
    warnings: &mut Warnings,
) -> Option<Event> {
    let at = Some(lines.at(e.at));
    let title = e.get("title").and_then(text::line);
    let subject = format!("event «{}»", title.as_deref().unwrap_or("(untitled)"));
    let stated = e.get("start").and_then(|s| {
        NaiveTime::parse_from_str(s, "%H:%M")
            .or_else(|_| NaiveTime::parse_from_str(s, "%H:%M:%S"))
            .ok()
    });
    if let (Some(s), None) = (e.get("start"), stated) {
        warnings.push(
            "start",
            at,
            Some(&subject),
            format!("`<start>` `{s}` is not a time: expected HH:MM"),
        );
    }
    let start = match e.get("date") {
        Some(d) => match super::frab_json::date_time(d) {
            Some(w) => Some(w),
            None => {
                warnings.push(
                    "date",
                    at,
                    Some(&subject),
                    format!(
                        "`<date>` `{d}` is not a date and time: expected e.g. \
                         2025-02-01T09:30:00+01:00; using `<start>` and the day's date"
                    ),
                );
                None
            }
        },
        None => None,
    };
    let start = start.or_else(|| {
        let (date, time) = (date?, stated?);
        // A `<start>` before the day change is in the night after the day's date.
        let night = source
            .day_change
            .is_some_and(|dc| wall(time).is_some_and(|t| t < dc));
        let date = if night { date.succ_opt()? } else { date };
        Some(When::Local(date.and_time(time)))
    });
    let Some(start) = start else {
        warnings.push(
            "no start",
            at,
            Some(&subject),
            "no `<date>` and no usable `<start>` with a day date: left out",
        );
        return None;
    };
    let mut ev = Event::new(subject, at, start, title, "`<title>`", warnings);
    ev.day = date;
    ev.stated_start = stated;
    ev.end = match e.get("duration") {
        None => End::Open("no `<duration>`".to_owned()),
        Some(d) => match text::frab_duration(d) {
            Some(0) => End::Open("a `<duration>` of 0".to_owned()),
            Some(m) => End::Minutes(m),
            None => End::Open(format!(
                "`<duration>` `{d}` is not a duration (expected HH:MM, H:MM or D:HH:MM)"
            )),
        },
    };
    ev.id = e
        .attr("guid")
        .or_else(|| e.get("guid"))
        .or_else(|| e.attr("id"))
        .and_then(text::line);
    ev.subtitle = e.get("subtitle").and_then(text::line);
    ev.kind = e
        .get("type")
        .and_then(text::kind)
        .unwrap_or(crate::model::Kind::Session);
    // The event's own `<room>` is the more precise (voc/schedule#12); the container otherwise.
    let own = e.get("room").and_then(text::line);
    let listed = container.and_then(text::line);
    if let (Some(own), Some(listed)) = (&own, &listed)
        && own != listed
    {
        warnings.push(
            "room",
            at,
            Some(&ev.subject),
            format!("its `<room>` «{own}» is not the room «{listed}» it is listed under: «{own}» is used"),
        );
    }
    ev.room = own.or(listed);
    ev.track = e.get("track").and_then(text::line);
    ev.language = e.get("language").and_then(text::line);
    ev.speakers = e
        .child("persons")
        .into_iter()
        .flat_map(|p| p.all("person"))
        .filter_map(|p| text::line(&p.text))
        .collect();
    ev.description = text::join_descriptions(&[
        e.get("abstract").and_then(text::description),
        e.get("description").and_then(text::description),
    ]);
    if let Some(url) = e.get("url").and_then(text::line) {
        ev.links.push(Link {
            url,
            title: Some("Event page".to_owned()),
        });
    }
    for (list, item) in [("links", "link"), ("attachments", "attachment")] {
        for l in e.child(list).into_iter().flat_map(|l| l.all(item)) {
            let Some(url) = l.attr("href").and_then(text::line) else {
                continue;
            };
            if ev.links.iter().any(|k| k.url == url) {
                continue;
            }
            ev.links.push(Link {
                url,
                title: text::line(&l.text),
            });
        }
    }
    if let Some(st) = e.get("state")
        && !ev.take_state(st, at, warnings)
    {
        return None;
    }
    Some(ev)
}
