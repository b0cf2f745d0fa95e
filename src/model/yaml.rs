//! The YAML wire format: serde structs mirroring `docs/format.md`, decoded leniently.
//!
//! The only file that names `serde_yaml` (archived upstream: swapping it must stay a one-file
//! change). The document is first read into a `serde_yaml::Value`, which catches syntax errors,
//! duplicate keys, alias bombs (serde_yaml bounds alias repetition) and deep nesting. Each list
//! element is then decoded on its own through a [`Node`], so that one broken item does not hide
//! the errors of the others. Unknown fields are reported one by one, with a suggestion, and then
//! ignored so the rest of the mapping is still checked. Leaves are kept as text here: what a time,
//! a kind or a zone means is decided in `validate`.

use std::marker::PhantomData;

use serde::de::{self, DeserializeOwned, Deserializer, Visitor};
use serde::{Deserialize, forward_to_deserialize_any};
use serde_yaml::Value;

use super::Diagnostic;
use super::spans::{Path, Seg};

/// Turns a path into a position; implemented by the validator's lazily built span index.
pub(super) trait Locate {
    fn value_at(&self, path: &[Seg]) -> (usize, usize);
    fn key_at(&self, path: &[Seg]) -> (usize, usize);
}

/// A scalar kept as the text the writer typed (`9h30`, `90`, `2022-07-01`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text(pub String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl Visitor<'_> for TextVisitor {
            type Value = Text;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("text")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(Text(v.to_owned()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
        }
        d.deserialize_any(TextVisitor)
    }
}

/// A part of the document decoded later, on its own, so its errors do not stop its siblings.
#[derive(Debug, Clone)]
pub struct Node<T> {
    value: Value,
    target: PhantomData<T>,
}

impl<'de, T> Deserialize<'de> for Node<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Node {
            value: Value::deserialize(d)?,
            target: PhantomData,
        })
    }
}

impl<T> Node<T> {
    /// The node's `title`, when it is a mapping that has one: names an item before it is decoded.
    pub(super) fn title(&self) -> Option<&str> {
        self.value.get("title")?.as_str()
    }
}

impl<T: DeserializeOwned> Node<T> {
    /// Decodes the node found at `path`; pushes a located diagnostic for each problem.
    pub(super) fn decode(
        self,
        path: &Path,
        at: &dyn Locate,
        diags: &mut Vec<Diagnostic>,
        subject: Option<&str>,
    ) -> Option<T> {
        decode_value::<T>(self.value, path, at, diags, subject)
    }
}

fn decode_value<T: DeserializeOwned>(
    mut value: Value,
    path: &Path,
    at: &dyn Locate,
    diags: &mut Vec<Diagnostic>,
    subject: Option<&str>,
) -> Option<T> {
    let subject = subject.map(str::to_owned);
    let fields = fields_of::<T>();
    if let (Some(fields), Value::Mapping(map)) = (fields, &mut value) {
        let unknown: Vec<Value> = map
            .keys()
            .filter(|k| k.as_str().is_none_or(|k| !fields.contains(&k)))
            .cloned()
            .collect();
        for key in unknown {
            map.remove(&key);
            let name = match &key {
                Value::String(s) => s.clone(),
                other => serde_yaml::to_string(other)
                    .unwrap_or_default()
                    .trim()
                    .to_owned(),
            };
            let mut key_path = path.clone();
            key_path.push(Seg::Key(name.clone()));
            let (line, column) = at.key_at(&key_path);
            let hint = match super::suggest(&name, fields.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("expected one of {}", list(fields)),
            };
            diags.push(
                Diagnostic::error(line, column, format!("unknown field `{name}`, {hint}"))
                    .about(subject.clone()),
            );
        }
    }
    match serde_path_to_error::deserialize::<_, T>(value) {
        Ok(t) => Some(t),
        Err(err) => {
            let mut full = path.clone();
            for seg in err.path() {
                match seg {
                    serde_path_to_error::Segment::Seq { index } => full.push(Seg::Index(*index)),
                    serde_path_to_error::Segment::Map { key } => full.push(Seg::Key(key.clone())),
                    serde_path_to_error::Segment::Enum { .. }
                    | serde_path_to_error::Segment::Unknown => {}
                }
            }
            let (line, column) = at.value_at(&full);
            let field = match full.last() {
                Some(Seg::Key(k)) if full.len() > path.len() => format!("`{k}`: "),
                _ => String::new(),
            };
            let mut detail = plain(&err.into_inner().to_string());
            if !detail.contains("expected") {
                detail = format!("expected {detail}");
            }
            let message = format!("{field}{detail}");
            diags.push(Diagnostic::error(line, column, message).about(subject));
            None
        }
    }
}

/// serde's messages, minus serde_yaml's own position suffix (we give ours) and type jargon.
fn plain(message: &str) -> String {
    let cut = message.find(" at line ").map_or(message, |i| &message[..i]);
    cut.replace("invalid type: ", "wrong type: found ")
}

fn list(fields: &[&str]) -> String {
    fields
        .iter()
        .map(|f| format!("`{f}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The field names of a derived struct, read from what it asks of a deserializer.
fn fields_of<T: DeserializeOwned>() -> Option<&'static [&'static str]> {
    struct Introspect<'a>(&'a mut Option<&'static [&'static str]>);
    impl<'de> Deserializer<'de> for Introspect<'_> {
        type Error = de::value::Error;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
            Err(de::Error::custom("introspection"))
        }
        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _name: &'static str,
            fields: &'static [&'static str],
            _visitor: V,
        ) -> Result<V::Value, Self::Error> {
            *self.0 = Some(fields);
            Err(de::Error::custom("introspection"))
        }
        forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
            option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
            ignored_any
        }
    }
    let mut fields = None;
    let _ = T::deserialize(Introspect(&mut fields));
    fields
}

/// A whole programme file: event metadata, then either one day inline or `days:`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProgrammeWire {
    pub title: Option<Text>,
    pub subtitle: Option<Text>,
    pub description: Option<Text>,
    pub venue: Option<Text>,
    pub address: Option<Text>,
    pub host: Option<Text>,
    pub contact: Option<Text>,
    pub url: Option<Text>,
    pub language: Option<Text>,
    pub audience: Option<Text>,
    pub time_zone: Option<Text>,
    pub day_change: Option<Text>,
    pub warn_before: Option<Text>,
    pub danger_before: Option<Text>,
    pub rooms: Option<Vec<Node<RoomWire>>>,
    pub tracks: Option<Vec<Node<TrackWire>>>,
    /// The one-day form: `date`, optional `label`, `start`, `end`, and `items`.
    pub date: Option<Text>,
    pub label: Option<Text>,
    pub start: Option<Text>,
    pub end: Option<Text>,
    pub items: Option<Vec<Node<ItemWire>>>,
    pub days: Option<Vec<Node<DayWire>>>,
}

#[derive(Debug, Deserialize)]
#[serde(
    untagged,
    expecting = "a room name, or a mapping with `name` and an optional `description`"
)]
pub enum RoomWire {
    Name(Text),
    Full {
        name: Text,
        description: Option<Text>,
    },
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrackWire {
    pub name: Option<Text>,
    pub color: Option<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DayWire {
    pub date: Option<Text>,
    pub label: Option<Text>,
    pub start: Option<Text>,
    pub end: Option<Text>,
    pub items: Option<Vec<Node<ItemWire>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemWire {
    pub id: Option<Text>,
    pub title: Option<Text>,
    pub subtitle: Option<Text>,
    pub start: Option<Text>,
    pub end: Option<Text>,
    pub duration: Option<Text>,
    pub kind: Option<Text>,
    pub room: Option<Text>,
    pub track: Option<Text>,
    pub speakers: Option<OneOrMany>,
    pub description: Option<Text>,
    pub links: Option<Vec<LinkWire>>,
    pub state: Option<Text>,
    pub language: Option<Text>,
    pub hard_start: Option<bool>,
    pub min_duration: Option<Text>,
    pub warn_before: Option<Text>,
    pub danger_before: Option<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged, expecting = "a name, or a list of names")]
pub enum OneOrMany {
    One(Text),
    Many(Vec<Text>),
}

#[derive(Debug, Deserialize)]
#[serde(
    untagged,
    expecting = "a link: a URL, or a mapping with `url` and an optional `title`"
)]
pub enum LinkWire {
    Url(Text),
    Full { url: Text, title: Option<Text> },
}

/// Reads the document and decodes its top level. `None` after an error that stops everything.
pub(super) fn parse(
    source: &str,
    at: &dyn Locate,
    diags: &mut Vec<Diagnostic>,
) -> Option<ProgrammeWire> {
    let value: Value = match serde_yaml::from_str(source) {
        Ok(v) => v,
        Err(err) => {
            let (line, column) = err.location().map_or((1, 1), |l| (l.line(), l.column()));
            diags.push(Diagnostic::error(
                line,
                column,
                format!("not a valid YAML programme: {}", plain(&err.to_string())),
            ));
            return None;
        }
    };
    match value {
        Value::Mapping(_) => decode_value(value, &Vec::new(), at, diags, None),
        Value::Null => {
            diags.push(Diagnostic::error(
                1,
                1,
                "empty programme: expected a mapping with at least `title`, `time_zone`, \
                 and `date` with `items` (or `days`)",
            ));
            None
        }
        _ => {
            diags.push(Diagnostic::error(
                1,
                1,
                "expected a mapping at the top of the file (`title: …`, `time_zone: …`, …), \
                 found a list or a single value",
            ));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn introspection_lists_struct_fields() {
        let fields = fields_of::<DayWire>().expect("a struct");
        assert_eq!(fields, ["date", "label", "start", "end", "items"]);
        assert!(fields_of::<RoomWire>().is_none());
    }
}
