//! The JSON Schema of the programme format, for editors (`# yaml-language-server: $schema=…`) and
//! other tools.
//!
//! It is generated from the same wire structs as the parser (`model/yaml.rs`, through
//! `schemars`), so a field added there appears here. What the wire structs keep as plain text
//! (times, durations, dates, kinds, states, colours) is described by the leaf types of
//! `model/yaml/schema_leaves.rs`, which those structs name in their `#[schemars(with = …)]`
//! attributes. The committed
//! copy, `docs/deroule.schema.json`, is checked against [`schema`] by `tests/schema.rs`.
//!
//! The schema is meant to accept every programme `deroule check` accepts, and refuses what can be
//! seen field by field: unknown fields, wrong types, misspelt kinds and states, malformed times,
//! durations, dates and colours, missing required fields, `end` with `duration`, and a file that
//! mixes the one-day form with `days:`. What needs the whole programme (ends, overlaps, known
//! rooms, time zone names, clock changes) is left to `deroule check`.

use schemars::SchemaGenerator;
use schemars::generate::SchemaSettings;
use serde_json::{Map, Value};

const TITLE: &str = "deroule programme";
const DESCRIPTION: &str = "An event programme for deroule: the event, its time zone, and its \
     days with their items. Reference: docs/format.md.";

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
