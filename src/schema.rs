//! The JSON Schema of the programme format, for editors (`# yaml-language-server: $schema=…`) and
//! other tools.
//!
//! It is generated from the same wire structs as the parser (`model/yaml.rs`, through
//! `schemars`), so a field added there appears here. What the wire structs keep as plain text
//! (times, durations, dates, kinds, states, colours) is described by the leaf types of this
//! module, which those structs name in their `#[schemars(with = …)]` attributes. The committed
//! copy, `docs/deroule.schema.json`, is checked against [`schema`] by `tests/schema.rs`.
//!
//! The schema is meant to accept every programme `deroule check` accepts, and refuses what can be
//! seen field by field: unknown fields, wrong types, misspelt kinds and states, malformed times,
//! durations, dates and colours, missing required fields, `end` with `duration`, and a file that
//! mixes the one-day form with `days:`. What needs the whole programme (ends, overlaps, known
//! rooms, time zone names, clock changes) is left to `deroule check`.

use std::borrow::Cow;

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde_json::{Map, Value};

use crate::model::{Kind, State};

const TITLE: &str = "deroule programme";
const DESCRIPTION: &str = "An event programme for deroule: the event, its time zone, and its \
     days with their items. Reference: docs/format.md.";

/// `9h`, `9h30`, `09:30`, `14:05`, `24:00`: hours 0–24 (24 only as `24:00`/`24h`), minutes as
/// two digits. Surrounding spaces are allowed, as the parser trims them.
const TIME_PATTERN: &str =
    r"^\s*(?:(?:[01]?[0-9]|2[0-3])(?::[0-5][0-9]|[hH](?:[0-5][0-9])?)|24(?::00|[hH](?:00)?))\s*$";
/// A time that may start something: as [`TIME_PATTERN`] without `24:00`.
const START_PATTERN: &str = r"^\s*(?:[01]?[0-9]|2[0-3])(?::[0-5][0-9]|[hH](?:[0-5][0-9])?)\s*$";
/// The day-change hour: before noon.
const DAY_CHANGE_PATTERN: &str = r"^\s*(?:0?[0-9]|1[01])(?::[0-5][0-9]|[hH](?:[0-5][0-9])?)\s*$";

/// `45m`, `45min`, `45 min`, `90`, `1h`, `1h30`, `1h30m`, `1h30min`, `01:30`: at most six digits
/// per number, minutes after hours as two digits below 60.
const DURATION_PATTERN: &str = r"^\s*(?:[0-9]{1,6}(?:\s*(?:m|min))?|[0-9]{1,6}[hH](?:[0-5][0-9])?(?:m|min)?|[0-9]{1,6}:[0-5][0-9])\s*$";

const DATE_PATTERN: &str = r"^\s*[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])\s*$";
const COLOUR_PATTERN: &str = r"^\s*#[0-9A-Fa-f]{6}\s*$";

/// The JSON Schema (draft-07, for the widest editor support) of a programme file, as
/// pretty-printed JSON with sorted keys and a final newline: the text of
/// `docs/deroule.schema.json`.
pub fn schema() -> String {
    let generator = SchemaGenerator::new(SchemaSettings::draft07());
    let mut root = crate::model::wire_schema(generator);
    root.insert("title".into(), TITLE.into());
    root.insert("description".into(), DESCRIPTION.into());
    let value = sorted(root.to_value());
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

/// Keys in sorted order whatever `serde_json`'s map is built with (`preserve_order` may be
/// switched on by another crate of the build), so the text is the same in every build. The
/// descriptions, taken from doc comments, get their lines joined (paragraphs are kept).
fn sorted(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(String, Value)> = map.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Object(
                entries
                    .into_iter()
                    .map(|(k, v)| match v {
                        Value::String(text) if k == "description" => {
                            let paragraphs: Vec<String> =
                                text.split("\n\n").map(|p| p.replace('\n', " ")).collect();
                            (k, Value::String(paragraphs.join("\n\n")))
                        }
                        v => (k, sorted(v)),
                    })
                    .collect::<Map<_, _>>(),
            )
        }
        Value::Array(items) => Value::Array(items.into_iter().map(sorted).collect()),
        other => other,
    }
}

/// Container transform of the top level: either the one-day form (`date` and `items` at the top)
/// or `days:`, never both. As in the parser, a field written with no value (`date:`) counts as
/// absent.
pub(crate) fn one_day_or_days(schema: &mut Schema) {
    let one_day_fields = ["date", "label", "start", "end", "items"];
    let absent: Map<String, Value> = one_day_fields
        .iter()
        .map(|f| ((*f).to_owned(), serde_json::json!({ "type": "null" })))
        .collect();
    schema.insert(
        "if".into(),
        serde_json::json!({
            "required": ["days"],
            "properties": { "days": { "type": "array" } },
        }),
    );
    schema.insert(
        "then".into(),
        serde_json::json!({
            "description": "With `days:`, the day's fields (`date`, `label`, `start`, `end`, \
                            `items`) belong in each day, not at the top level.",
            "properties": absent,
        }),
    );
    schema.insert(
        "else".into(),
        serde_json::json!({
            "description": "The one-day form: `date` and `items` at the top level (or use `days:`).",
            "required": ["date", "items"],
            "properties": {
                "date": { "type": "string" },
                "items": { "type": "array" },
            },
        }),
    );
}

/// Container transform of an item: `end` or `duration`, not both.
pub(crate) fn end_or_duration(schema: &mut Schema) {
    schema.insert(
        "if".into(),
        serde_json::json!({
            "required": ["end"],
            "properties": { "end": { "type": "string" } },
        }),
    );
    schema.insert(
        "then".into(),
        serde_json::json!({
            "description": "An item has an `end` or a `duration`, not both.",
            "properties": { "duration": { "type": "null" } },
        }),
    );
}

/// A wall-clock time of day in the event's zone.
pub(crate) struct Time;

impl JsonSchema for Time {
    fn schema_name() -> Cow<'static, str> {
        "Time".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A wall-clock time in the event's zone: `9h`, `9h30`, `09:30`, `14:05`; \
                            `24:00` only as an end.",
            "type": "string",
            "pattern": TIME_PATTERN,
            "examples": ["9h", "9h30", "09:30", "14:05", "24:00"],
        })
    }
}

/// A time that starts something: no `24:00`.
pub(crate) struct StartTime;

impl JsonSchema for StartTime {
    fn schema_name() -> Cow<'static, str> {
        "StartTime".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A wall-clock time in the event's zone: `9h`, `9h30`, `09:30`, `14:05`.",
            "type": "string",
            "pattern": START_PATTERN,
            "examples": ["9h", "9h30", "09:30", "14:05"],
        })
    }
}

/// The day-change hour: a time before noon.
pub(crate) struct DayChange;

impl JsonSchema for DayChange {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "DayChange".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": DAY_CHANGE_PATTERN,
            "examples": ["04:00", "5h"],
        })
    }
}

/// A whole number of minutes, written as text or as a bare number.
pub(crate) struct Duration;

impl JsonSchema for Duration {
    fn schema_name() -> Cow<'static, str> {
        "Duration".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A duration, longer than zero and at most 7 days: `45m`, `45min`, `1h`, `1h30`, `01:30`, \
                            or a number of minutes such as `90`.",
            "anyOf": [
                { "type": "integer", "minimum": 1, "maximum": crate::model::timefmt::MAX_DURATION },
                { "type": "string", "pattern": DURATION_PATTERN },
            ],
            "examples": ["45m", "1h", "1h30", "01:30", 90],
        })
    }
}

/// A date, `YYYY-MM-DD`.
pub(crate) struct Date;

impl JsonSchema for Date {
    fn schema_name() -> Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": DATE_PATTERN,
            "examples": ["2025-06-20"],
        })
    }
}

/// An IANA time zone name (checked by `deroule check`, not here).
pub(crate) struct Zone;

impl JsonSchema for Zone {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "Zone".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "minLength": 1,
            "examples": ["Europe/Paris", "Europe/Brussels", "America/New_York", "UTC"],
        })
    }
}

/// One of the kinds of [`Kind::ALL`].
pub(crate) struct KindName;

impl JsonSchema for KindName {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "Kind".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "enum": Kind::ALL.map(Kind::name),
        })
    }
}

/// One of the states of [`State::NAMES`].
pub(crate) struct StateName;

impl JsonSchema for StateName {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "State".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "enum": State::NAMES,
        })
    }
}

/// `#rrggbb`.
pub(crate) struct Colour;

impl JsonSchema for Colour {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "Colour".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": COLOUR_PATTERN,
            "examples": ["#3366cc"],
        })
    }
}
