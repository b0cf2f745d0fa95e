//! The picker (`r`, `T`, `K`): the rooms, tracks or kinds that have items under the other
//! filters, each with its count, narrowed as one types. Pure: the app hands in the items and
//! names, and keeps which entry is under the cursor.

use crate::i18n::{Lang, kind_label};
use crate::model::{Item, Kind};

use super::find::fold;

/// What a picker chooses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Facet {
    Room,
    Track,
    Kind,
}

/// A value the filter can hold for a facet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Room(String),
    Track(String),
    Kind(Kind),
}

/// One entry of the picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    /// `None`: the first entry, every room (track, kind): the filter goes.
    pub value: Option<Value>,
    pub label: String,
    /// Items of the shown day it keeps, under the other filters.
    pub count: usize,
}

/// An open picker: its facet, what is typed, and the cursor (an index into the narrowed list).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picker {
    pub facet: Facet,
    pub query: String,
    pub cursor: usize,
}

/// The entries for `facet`: "all" first, then each of `names` (rooms or tracks, in the
/// programme's order; kinds in their own order) that `items` use, with its count.
pub fn choices(facet: Facet, names: &[String], items: &[&Item], lang: Lang) -> Vec<Choice> {
    let all = match facet {
        Facet::Room => lang.pick("all rooms", "toutes les salles"),
        Facet::Track => lang.pick("all tracks", "tous les parcours"),
        Facet::Kind => lang.pick("all kinds", "tous les types"),
    };
    let mut list = vec![Choice {
        value: None,
        label: all.to_owned(),
        count: items.len(),
    }];
    let entry = |value: Value, label: String, count: usize| {
        (count > 0).then_some(Choice {
            value: Some(value),
            label,
            count,
        })
    };
    match facet {
        Facet::Room | Facet::Track => {
            list.extend(names.iter().filter_map(|name| {
                let count = items
                    .iter()
                    .filter(|i| {
                        let field = if facet == Facet::Room {
                            &i.room
                        } else {
                            &i.track
                        };
                        field.as_deref() == Some(name.as_str())
                    })
                    .count();
                let value = if facet == Facet::Room {
                    Value::Room(name.clone())
                } else {
                    Value::Track(name.clone())
                };
                entry(value, name.clone(), count)
            }));
        }
        Facet::Kind => list.extend(Kind::ALL.into_iter().filter_map(|kind| {
            let count = items.iter().filter(|i| i.kind == kind).count();
            entry(Value::Kind(kind), kind_label(kind, lang).to_owned(), count)
        })),
    }
    list
}

/// The indices of the entries whose label holds every typed word, accents and punctuation
/// ignored: `k1105`, `k.1.105` and `K 1 105` all find `K.1.105 (La Fontaine)`.
pub fn narrow(choices: &[Choice], query: &str) -> Vec<usize> {
    let bare = |text: &str| -> String { text.chars().filter(|c| c.is_alphanumeric()).collect() };
    let query = fold(query);
    let words: Vec<String> = query
        .split_whitespace()
        .map(bare)
        .filter(|w| !w.is_empty())
        .collect();
    choices
        .iter()
        .enumerate()
        .filter(|(_, c)| {
            let label = bare(&fold(&c.label));
            words.iter().all(|w| label.contains(w.as_str()))
        })
        .map(|(i, _)| i)
        .collect()
}
