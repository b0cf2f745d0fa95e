//! The YAML wire format: serde structs mirroring `docs/format.md`, decoded leniently.
//!
//! The only file that names `serde_yaml` (archived upstream: swapping it must stay a one-file
//! change). `prescan` first refuses deep flow nesting and alias expansion past a size (both
//! would cost serde_yaml far more than the file's size). The document is then read into a
//! `serde_yaml::Value`, which catches syntax errors, duplicate keys and the rest. Each list
//! element is then decoded on its own through a [`Node`], so that one broken item does not hide
//! the errors of the others. Unknown fields are reported one by one, with a suggestion, and then
//! ignored so the rest of the mapping is still checked. Leaves are kept as text here: what a time,
//! a kind or a zone means is decided in `validate`.

use std::borrow::Cow;
use std::marker::PhantomData;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Deserialize;
use serde::de::{self, DeserializeOwned, Deserializer, Visitor};
use serde_yaml::Value;

use super::Diagnostic;
use super::spans::{Path, Pos, Seg, Spans};

mod schema_leaves;
mod wire;
use wire::fields_of;
pub use wire::{ItemWire, LinkWire, OneOrMany, ProgrammeWire, RoomWire, TrackWire, wire_schema};

/// Turns a path into a position; implemented by the validator's lazily built span index.
pub(super) trait Locate {
    fn value_at(&self, path: &[Seg]) -> (usize, usize);
    fn key_at(&self, path: &[Seg]) -> (usize, usize);
    /// The whole index, for the landmarks a syntax error needs (repeated keys, aliases, documents).
    fn spans(&self) -> &Spans;
}

/// A shape decoded from a [`Node`]: says which fields a mapping of that shape may have, so that
/// unknown ones are reported one by one (with a suggestion) instead of failing the whole node.
pub(super) trait Wire: DeserializeOwned {
    fn fields() -> Option<&'static [&'static str]> {
        fields_of::<Self>()
    }

    /// What to say of an unknown field that other tools use for something deroule has (`time`,
    /// `type`, an item's `date`), when a look-alike field name would mislead (`time` → `title`).
    fn hint(_field: &str) -> Option<&'static str> {
        None
    }
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
                // `1e3` and `1000.0` keep a fraction (`1000.0`), so a time or a duration that
                // YAML read as a float is refused rather than taken as `1000` minutes.
                Ok(Text(format!("{v:?}")))
            }
        }
        d.deserialize_any(TextVisitor)
    }
}

/// In the schema: text or a number, as written (`title: 2025` is the text `2025`).
impl JsonSchema for Text {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "Text".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": ["string", "number"] })
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

/// In the schema, a node is what it will be decoded as.
impl<T: JsonSchema> JsonSchema for Node<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }

    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }

    fn schema_id() -> Cow<'static, str> {
        T::schema_id()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
}

impl<T> Node<T> {
    /// The node's `title`, when it is a mapping that has one: names an item before it is decoded.
    pub(super) fn title(&self) -> Option<&str> {
        self.value.get("title")?.as_str()
    }

    /// The text of the field `name` (a string or a number), read before the node is decoded:
    /// an item that cannot be decoded still has its `id`, `room` and `track` checked.
    pub(super) fn text_field(&self, name: &str) -> Option<String> {
        match self.value.get(name)? {
            Value::String(s) => Some(s.trim().to_owned()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
        .filter(|s| !s.is_empty())
    }
}

impl<T: Wire> Node<T> {
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

fn decode_value<T: Wire>(
    mut value: Value,
    path: &Path,
    at: &dyn Locate,
    diags: &mut Vec<Diagnostic>,
    subject: Option<&str>,
) -> Option<T> {
    let subject = subject.map(str::to_owned);
    let fields = T::fields();
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
            let hint = match (
                T::hint(&name.to_lowercase()),
                super::suggest(&name, fields.iter().copied()),
            ) {
                (Some(h), _) => h.to_owned(),
                (None, Some(s)) => format!("did you mean `{s}`?"),
                (None, None) => format!("expected one of {}", list(fields)),
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

/// `message` cut in its middle to at most `max` characters: serde quotes the value it refused
/// (a 3 MB string in a record gave a 3 MB message); the start and the `expected …` are kept.
fn shortened(message: &str, max: usize) -> String {
    let count = message.chars().count();
    if count <= max {
        return message.to_owned();
    }
    let half = max / 2;
    let head: String = message.chars().take(half).collect();
    let tail: String = message.chars().skip(count - half).collect();
    format!("{head} … {tail}")
}

/// serde's messages, minus serde_yaml's own position suffix (we give ours) and type jargon.
fn plain(message: &str) -> String {
    let cut = message.find(" at line ").map_or(message, |i| &message[..i]);
    let mut text = cut.replace("invalid type: ", "wrong type: found ");
    for (jargon, words) in [
        ("found enum", "found a tagged value (`!tag`)"),
        ("found map,", "found a mapping,"),
        ("found sequence,", "found a list,"),
        ("found unit value,", "found nothing (null),"),
        ("found floating point", "found the number"),
        ("found integer", "found the number"),
        ("expected a sequence", "expected a list"),
        ("expected a boolean", "expected `true` or `false`"),
    ] {
        text = text.replace(jargon, words);
    }
    text
}

/// Where a YAML syntax error is best shown, and what to say, from serde_yaml's message (which
/// names its positions in words: `… at line 8 column 1, while scanning a quoted scalar at line 5
/// column 12`) and the landmarks of the span index, which is only built for the errors that need
/// one (a repeated key, an alias bomb, a second document).
fn syntax_error(
    message: &str,
    at_error: Option<Pos>,
    source: &str,
    at: &dyn Locate,
) -> (Pos, String) {
    let start = Pos { line: 1, column: 1 };
    let pos = at_error.unwrap_or(start);
    // The problem, and what the parser was in the middle of (with its own position).
    let (problem, context) = match message.split_once(", while ") {
        Some((p, c)) => (p, Some(c)),
        None => (message, None),
    };
    let problem = problem.find(" at line ").map_or(problem, |i| &problem[..i]);
    let context = context.map(|c| match c.rsplit_once(" at line ") {
        Some((what, place)) => (what, parse_place(place)),
        None => (c, None),
    });
    if problem == "repetition limit exceeded" {
        return (
            at.spans().first_alias().unwrap_or(start),
            "its aliases (`*name`) expand to far too much data, as in a \"billion laughs\" \
             file: expected a programme that repeats little or nothing through aliases"
                .to_owned(),
        );
    }
    if problem == "recursion limit exceeded" {
        return (
            pos,
            "lists and mappings nested too deeply: expected a programme a few levels deep"
                .to_owned(),
        );
    }
    if problem.contains("more than one document") {
        let spans = at.spans();
        return match spans.second_document() {
            Some(second) => (
                second,
                "a second YAML document starts here (`---`): expected one programme per file"
                    .to_owned(),
            ),
            // serde_yaml says the same of a stray `]` after the document.
            None => (
                spans.syntax_error().unwrap_or(start),
                "text after the end of the programme: expected one YAML document (is a `]` or \
                 `}` unmatched?)"
                    .to_owned(),
            ),
        };
    }
    if problem == "mapping values are not allowed in this context" {
        return (
            pos,
            "a `: ` where no new key can start: expected quotes around a value that contains \
             `: ` (`title: \"Q&A: ask us\"`), or a key indented like its neighbours"
                .to_owned(),
        );
    }
    // Inside a mapping, serde_yaml says where first (`items[0]: duplicate entry…`); the message
    // is the same as at the top: the position says where.
    let repeated = problem
        .strip_prefix("duplicate entry with key ")
        .or_else(|| {
            problem
                .split_once(": duplicate entry with key ")
                .map(|(_, k)| k)
        });
    if let Some(key) = repeated {
        let key = key.trim_matches('"');
        return (
            at.spans().duplicate(Some(key)).unwrap_or(pos),
            format!("`{key}` is given twice in the same mapping: expected each key once"),
        );
    }
    if problem == "found character that cannot start any token"
        && char_at(source, pos) == Some('\t')
    {
        return (
            pos,
            "a tab character: expected spaces (YAML does not allow tabs for indentation)"
                .to_owned(),
        );
    }
    match context {
        // An unclosed quote or bracket is reported at the end of the file; point at its start.
        Some((what, Some(opened))) if problem.contains("end of stream") => (
            opened,
            format!(
                "the file ends inside {} that starts here: expected it to be closed",
                construct(what)
            ),
        ),
        Some((what, Some(opened))) => (
            pos,
            format!(
                "{problem}, in {} that starts at line {} column {}",
                construct(what),
                opened.line,
                opened.column
            ),
        ),
        Some((what, None)) => (pos, format!("{problem}, while {what}")),
        None => (pos, problem.to_owned()),
    }
}

/// libyaml's name for what it was reading (`parsing a flow sequence`), in the words of the format.
fn construct(what: &str) -> String {
    let what = what
        .trim_start_matches("scanning ")
        .trim_start_matches("parsing ");
    match what {
        "a quoted scalar" => "a quoted text",
        "a flow sequence" => "a `[…]` list",
        "a flow mapping" => "a `{…}` mapping",
        "a block mapping" => "a mapping",
        "a block collection" => "a list or mapping",
        "a block scalar" => "a `|` or `>` text block",
        "a simple key" => "a key",
        other => other,
    }
    .to_owned()
}

/// `8 column 1` → line 8, column 1.
fn parse_place(place: &str) -> Option<Pos> {
    let (line, column) = place.split_once(" column ")?;
    Some(Pos {
        line: line.trim().parse().ok()?,
        column: column.trim().parse().ok()?,
    })
}

fn char_at(source: &str, pos: Pos) -> Option<char> {
    source
        .lines()
        .nth(pos.line.checked_sub(1)?)?
        .chars()
        .nth(pos.column.checked_sub(1)?)
}

fn list(fields: &[&str]) -> String {
    fields
        .iter()
        .map(|f| format!("`{f}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A YAML document as JSON (for checking a programme against the JSON Schema): the same reading
/// as the parser's, so aliases are expanded and duplicate keys refused. Mapping keys that are not
/// text (numbers, booleans) become text; a byte-order mark at the start is ignored.
pub fn yaml_to_json(text: &str) -> Result<serde_json::Value, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    super::prescan::check(text).map_err(|r| r.message)?;
    let value: Value = serde_yaml::from_str(text).map_err(|e| e.to_string())?;
    serde_json::to_value(value).map_err(|e| e.to_string())
}

/// Reads the document and decodes its top level. An error that stops everything gives the
/// `time_zone` the top level holds, if any, so that a bad zone is reported along with that error
/// (a field of the wrong type fails the whole top level).
pub(super) fn parse_or_zone(
    source: &str,
    at: &dyn Locate,
    diags: &mut Vec<Diagnostic>,
) -> Result<ProgrammeWire, Option<Text>> {
    if let Err(refusal) = super::prescan::check(source) {
        diags.push(Diagnostic::error(
            refusal.pos.line,
            refusal.pos.column,
            format!("not a valid YAML programme: {}", refusal.message),
        ));
        return Err(None);
    }
    let value: Value = match serde_yaml::from_str(source) {
        Ok(v) => v,
        Err(err) => {
            let at_error = err.location().map(|l| Pos {
                line: l.line(),
                column: l.column(),
            });
            let (pos, message) = syntax_error(&err.to_string(), at_error, source, at);
            diags.push(Diagnostic::error(
                pos.line,
                pos.column,
                format!("not a valid YAML programme: {message}"),
            ));
            return Err(None);
        }
    };
    if let Some(message) = foreign(&value) {
        diags.push(Diagnostic::error(1, 1, message));
        return Err(None);
    }
    match value {
        Value::Mapping(_) => {
            let zone = value.get("time_zone").cloned();
            decode_value(value, &Vec::new(), at, diags, None)
                .ok_or_else(|| zone.and_then(|z| Text::deserialize(z).ok()))
        }
        Value::Null => {
            diags.push(Diagnostic::error(
                1,
                1,
                "empty programme: expected a mapping with at least `title`, `time_zone`, \
                 and `date` with `items` (or `days`)",
            ));
            Err(None)
        }
        _ => {
            diags.push(Diagnostic::error(
                1,
                1,
                "expected a mapping at the top of the file (`title: …`, `time_zone: …`, …), \
                 found a list or a single value",
            ));
            Err(None)
        }
    }
}

/// The one message for a document written for another tool (see `foreign`). A mapping with
/// `items`, or with `days` of which one has `items`, is plainly deroule's and is not converted.
fn foreign(value: &Value) -> Option<String> {
    let has_items = |v: &Value| v.get("items").is_some();
    let plainly_deroule = has_items(value)
        || value
            .get("days")
            .and_then(Value::as_sequence)
            .is_some_and(|days| days.iter().any(has_items));
    if plainly_deroule {
        return None;
    }
    let json = serde_json::to_value(value).ok()?;
    super::foreign::message(&json, fields_of::<ProgrammeWire>().unwrap_or_default())
}

/// Writes any serialisable value as YAML (the facilitator's live record).
pub fn to_text<T: serde::Serialize>(value: &T) -> Result<String, String> {
    serde_yaml::to_string(value).map_err(|e| e.to_string())
}

/// Reads any value from YAML; an error carries its line and column.
pub fn from_text<T: DeserializeOwned>(text: &str) -> Result<T, Diagnostic> {
    super::prescan::check(text)
        .map_err(|r| Diagnostic::error(r.pos.line, r.pos.column, r.message))?;
    serde_yaml::from_str(text).map_err(|err| {
        let (line, column) = err.location().map_or((1, 1), |l| (l.line(), l.column()));
        let message = err.to_string();
        // serde_yaml places a repeated key at the start of its mapping: point at the repeat, in
        // the words used for a programme.
        if let Some(key) = message
            .strip_prefix("duplicate entry with key ")
            .map(|k| k.split(" at line ").next().unwrap_or(k).trim_matches('"'))
        {
            let at = Spans::index(text).duplicate(Some(key));
            let (line, column) = at.map_or((line, column), |p| (p.line, p.column));
            return Diagnostic::error(
                line,
                column,
                format!("`{key}` is given twice in the same mapping: expected each key once"),
            );
        }
        Diagnostic::error(line, column, shortened(&plain(&message), 240))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Index(Spans);

    impl Locate for Index {
        fn value_at(&self, path: &[Seg]) -> (usize, usize) {
            let p = self.0.value(path);
            (p.line, p.column)
        }
        fn key_at(&self, path: &[Seg]) -> (usize, usize) {
            let p = self.0.key(path);
            (p.line, p.column)
        }
        fn spans(&self) -> &Spans {
            &self.0
        }
    }

    /// The position and message of the syntax error in `source`.
    fn syntax(source: &str) -> (usize, usize, String) {
        let err = serde_yaml::from_str::<Value>(source).expect_err("a syntax error");
        let at = err.location().map(|l| Pos {
            line: l.line(),
            column: l.column(),
        });
        let index = Index(Spans::index(source));
        let (pos, message) = syntax_error(&err.to_string(), at, source, &index);
        (pos.line, pos.column, message)
    }

    #[test]
    fn an_unclosed_quote_is_shown_where_it_opens() {
        let (line, column, message) = syntax("a: 1\nb: \"open\nc: 2\n\nd: 3\n");
        assert_eq!((line, column), (2, 4));
        assert_eq!(
            message,
            "the file ends inside a quoted text that starts here: expected it to be closed"
        );
    }

    #[test]
    fn other_syntax_errors_keep_their_context() {
        let (line, _, message) = syntax("items: [a, b\ntitle: x\n");
        assert!(line >= 1);
        assert!(!message.contains(" at line 2 column"), "{message}");
        assert_eq!(
            message,
            "did not find expected ',' or ']', in a `[…]` list that starts at line 1 column 8"
        );
    }

    #[test]
    fn a_stray_bracket_is_not_called_a_second_document() {
        let (line, column, message) = syntax("{title: A,\n items: [a, b]}}\n");
        assert_eq!((line, column), (2, 16));
        assert!(
            message.starts_with("text after the end of the programme"),
            "{message}"
        );
    }

    #[test]
    fn a_colon_in_a_value_gets_a_hint() {
        let (line, column, message) = syntax("title: Q&A: ask us\n");
        assert_eq!((line, column), (1, 11));
        assert!(
            message.contains("expected quotes around a value"),
            "{message}"
        );
    }

    #[test]
    fn a_tab_is_named() {
        let (line, column, message) = syntax("a: 1\nb:\n\t- x\n");
        assert_eq!((line, column), (3, 1));
        assert!(message.starts_with("a tab character"), "{message}");
    }

    #[test]
    fn a_repeated_key_is_shown_at_the_repeat() {
        let (line, column, message) = syntax("title: A\ndate: x\ntitle: B\n");
        assert_eq!((line, column), (3, 1));
        assert_eq!(
            message,
            "`title` is given twice in the same mapping: expected each key once"
        );
    }

    #[test]
    fn a_second_document_is_shown_where_it_starts() {
        let (line, column, message) = syntax("title: A\n---\ntitle: B\n");
        assert_eq!((line, column), (2, 1));
        assert!(message.contains("second YAML document"), "{message}");
    }

    #[test]
    fn an_alias_bomb_is_refused_at_its_first_alias() {
        let mut lines = vec!["a: &a [x, x, x, x, x, x, x, x, x]".to_owned()];
        for (prev, name) in ('a'..='i').zip('b'..='j') {
            let refs = vec![format!("*{prev}"); 9].join(", ");
            lines.push(format!("{name}: &{name} [{refs}]"));
        }
        let src = lines.join("\n");
        let (line, column, message) = syntax(&src);
        assert_eq!((line, column), (2, 8));
        assert!(message.contains("billion laughs"), "{message}");
    }

    #[test]
    fn deep_nesting_is_refused() {
        let (_, _, message) = syntax(&format!("a: {}", "[".repeat(10_000)));
        assert!(message.contains("nested too deeply"), "{message}");
    }

    #[test]
    fn type_errors_read_as_prose() {
        assert_eq!(
            plain("invalid type: sequence, expected text at line 2 column 3"),
            "wrong type: found a list, expected text"
        );
        assert_eq!(
            plain("invalid type: map, expected a sequence"),
            "wrong type: found a mapping, expected a list"
        );
        assert_eq!(
            plain("invalid type: string \"yes\", expected a boolean"),
            "wrong type: found string \"yes\", expected `true` or `false`"
        );
    }

    #[test]
    fn introspection_lists_struct_fields() {
        let fields = fields_of::<wire::DayWire>().expect("a struct");
        assert_eq!(fields, ["date", "label", "start", "end", "items"]);
        assert!(fields_of::<RoomWire>().is_none());
        assert_eq!(RoomWire::fields(), Some(&["name", "description"][..]));
        assert_eq!(LinkWire::fields(), Some(&["url", "title"][..]));
    }
}
