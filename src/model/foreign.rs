//! YAML written for another tool (a Jekyll or Hugo `_data/schedule.yml`, a devopsdays
//! `program.yml`…), told apart from a deroule programme with mistakes in it and described in
//! one message: what the file looks like, what deroule expects, where the format is documented,
//! and the formats deroule imports. Without it such a file got, by its indentation, "expected a
//! mapping at the top of the file" or five errors each listing 22 field names.
//!
//! Works on the document as JSON (`yaml` converts it, and only when the document is not plainly
//! deroule's), so that `serde_yaml` stays named in `yaml.rs` alone.

use std::collections::HashMap;

use serde_json::Value;

/// How many field names a shape shows.
const SHOWN_KEYS: usize = 5;

/// The one message for a document that is not a deroule programme; `None` when it is one,
/// possibly with mistakes (which the validator then reports one by one, with hints).
/// `top_fields` are the fields of a programme's top level.
///
/// A programme's top level is a mapping. With `items`, or `days` of which one has `items`, it
/// is deroule's; without either, it is deroule's unless a key is neither a field nor close to
/// one (a typo such as `itmes` keeps its "did you mean `items`?").
pub(super) fn message(doc: &Value, top_fields: &[&str]) -> Option<String> {
    let shape = match doc {
        Value::Null => return None,
        Value::Array(entries) => list_shape(entries),
        Value::Object(map) => {
            if map.contains_key("items") {
                return None;
            }
            match map.get("days") {
                Some(Value::Array(days)) => {
                    if days.is_empty() || days.iter().any(|d| d.get("items").is_some()) {
                        return None;
                    }
                    format!(
                        "a mapping with {}, whose `days` are {}",
                        keys(map.keys().map(String::as_str)),
                        list_shape(days)
                    )
                }
                Some(_) => format!(
                    "a mapping with {}, whose `days` is not a list",
                    keys(map.keys().map(String::as_str))
                ),
                None => {
                    let stranger = map.keys().any(|k| {
                        !top_fields.contains(&k.as_str())
                            && super::suggest(k, top_fields.iter().copied()).is_none()
                    });
                    if !stranger {
                        return None;
                    }
                    format!("a mapping with {}", keys(map.keys().map(String::as_str)))
                }
            }
        }
        Value::String(s) => format!("a single text ({})", quoted(s)),
        Value::Bool(_) | Value::Number(_) => format!("a single value ({doc})"),
    };
    // One line, like every diagnostic: editors and CI read `file:line:col: error: …` lines.
    Some(format!(
        "not a deroule programme: this file holds {shape}, like YAML written for another tool \
         (a Jekyll or Hugo `_data` file, a devopsdays `program.yml`…); deroule expects a mapping \
         with `title`, `time_zone`, and `date` with `items` (one day) or `days` (each with its \
         `date` and `items`), every item with at least `title` and `start` — see \
         docs/format.md, or `deroule schema` for a JSON Schema; deroule also imports frab/\
         Pentabarf XML, frab JSON, c3voc schedule2 JSON and iCalendar as published \
         (`deroule import FILE`)"
    ))
}

/// `a list of 12 entries, each with `title`, `type`, `date`…`.
fn list_shape(entries: &[Value]) -> String {
    let n = entries.len();
    let noun = if n == 1 { "entry" } else { "entries" };
    let mut counts: HashMap<&str, usize> = HashMap::new();
    let mut order: Vec<&str> = Vec::new();
    for map in entries.iter().filter_map(Value::as_object) {
        for k in map.keys() {
            let count = counts.entry(k).or_insert_with(|| {
                order.push(k);
                0
            });
            *count += 1;
        }
    }
    if order.is_empty() {
        return format!("a list of {n} {noun}");
    }
    // The most common keys first, ties in order of appearance.
    let mut ranked: Vec<(usize, &str)> = order.iter().enumerate().map(|(i, k)| (i, *k)).collect();
    ranked.sort_by_key(|(i, k)| (std::cmp::Reverse(counts[k]), *i));
    let each = if n == 1 { "with" } else { "each with" };
    format!(
        "a list of {n} {noun}, {each} {}",
        keys(ranked.into_iter().map(|(_, k)| k))
    )
}

/// Up to [`SHOWN_KEYS`] names, quoted, then `…` when there are more.
fn keys<'a>(names: impl Iterator<Item = &'a str>) -> String {
    let names: Vec<&str> = names.collect();
    let mut out = names
        .iter()
        .take(SHOWN_KEYS)
        .map(|k| quoted(k))
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > SHOWN_KEYS {
        out.push('…');
    }
    out
}

/// `` `name` ``, cut to 40 characters.
fn quoted(s: &str) -> String {
    const MAX: usize = 40;
    if s.chars().count() > MAX {
        format!("`{}…`", s.chars().take(MAX - 1).collect::<String>())
    } else {
        format!("`{s}`")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const TOP: [&str; 6] = ["title", "time_zone", "date", "items", "days", "label"];

    #[test]
    fn lists_mappings_and_values_of_other_tools_are_described() {
        let jekyll = json!([
            {"date": "2019-05-01", "sessions": [{"time": "9:00", "title": "Hi"}]},
            {"date": "2019-05-02", "sessions": []}
        ]);
        let said = message(&jekyll, &TOP).expect("foreign");
        assert!(
            said.starts_with(
                "not a deroule programme: this file holds a list of 2 entries, each with \
                 `date`, `sessions`, like YAML written for another tool"
            ),
            "{said}"
        );
        assert!(said.contains("docs/format.md"), "{said}");
        assert!(said.contains("`deroule schema`"), "{said}");
        assert!(said.contains("iCalendar"), "{said}");

        let hugo = json!({"title": "Conf", "schedule": [{"time": "9:00"}]});
        assert!(
            message(&hugo, &TOP)
                .expect("foreign")
                .contains("this file holds a mapping with `schedule`, `title`,")
        );
        let days = json!({"days": [{"name": "Monday", "sessions": []}]});
        assert!(
            message(&days, &TOP)
                .expect("foreign")
                .contains("whose `days` are a list of 1 entry, with `name`, `sessions`")
        );
        assert!(
            message(&json!("hello"), &TOP)
                .expect("foreign")
                .contains("a single text (`hello`)")
        );
    }

    #[test]
    fn deroule_programmes_with_mistakes_are_not_foreign() {
        for doc in [
            json!({"title": "T", "items": [{"time": "9h"}]}),
            json!({"title": "T", "days": [{"date": "2025-01-01", "items": []}]}),
            json!({"title": "T", "itmes": []}),
            json!({"title": "T", "time_zone": "Europe/Paris"}),
            json!(null),
        ] {
            assert_eq!(message(&doc, &TOP), None, "{doc}");
        }
    }
}
