//! How the wire structs' plain-text fields (times, durations, dates, zones, kinds, states,
//! colours) and their either-or rules are described in the JSON Schema: the types and transforms
//! `wire.rs` names in its `#[schemars]` attributes. Parsing is not here; the schema's text is
//! assembled by `crate::schema`.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde_json::{Map, Value};

use crate::model::{Kind, State};

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

/// Container transform of the top level: either the one-day form (`date` and `items` at the top)
/// or `days:`, never both. As in the parser, a field written with no value (`date:`) counts as
/// absent.
pub(super) fn one_day_or_days(schema: &mut Schema) {
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
pub(super) fn end_or_duration(schema: &mut Schema) {
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
pub(super) struct Time;

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
pub(super) struct StartTime;

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
pub(super) struct DayChange;

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
pub(super) struct Duration;

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
pub(super) struct Date;

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
pub(super) struct Zone;

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
pub(super) struct KindName;

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
pub(super) struct StateName;

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
pub(super) struct Colour;

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
