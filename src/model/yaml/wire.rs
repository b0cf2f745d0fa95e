//! The wire structs: serde mirrors of `docs/format.md`, each field kept as text (see [`Text`]),
//! with the `#[schemars]` attributes that shape the JSON Schema. Decoding them is `yaml`'s job.

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::de::{self, DeserializeOwned, Deserializer, Visitor};
use serde::{Deserialize, forward_to_deserialize_any};

use super::{Node, Text, Wire};

/// The field names of a derived struct, read from what it asks of a deserializer.
pub(super) fn fields_of<T: DeserializeOwned>() -> Option<&'static [&'static str]> {
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

/// A whole programme file: the event, its time zone, and either one day inline (`date`, `items`
/// at the top level) or `days:`.
///
/// The `#[schemars]` attributes only shape the JSON Schema (`schema_leaves`, `crate::schema`): what the parser
/// reads as text, the schema describes as a time, a duration, a kind… Decoding is unchanged.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(
    deny_unknown_fields,
    expecting = "a programme: a mapping with `title`, `time_zone`, …"
)]
#[schemars(rename = "Programme", transform = super::schema_leaves::one_day_or_days)]
pub struct ProgrammeWire {
    /// The event's name.
    #[schemars(required)]
    pub title: Option<Text>,
    /// A stable name of the programme, kept when the title changes: the facilitator's live
    /// record names the programme by it (else by the file name).
    pub id: Option<Text>,
    /// A second line under the title.
    pub subtitle: Option<Text>,
    /// What the event is about, a paragraph or more.
    pub description: Option<Text>,
    /// Where it takes place: the name of the place.
    pub venue: Option<Text>,
    /// The postal address of the venue.
    pub address: Option<Text>,
    /// Who hosts or organises it.
    pub host: Option<Text>,
    /// How to reach the organisers (an address, a phone number…).
    pub contact: Option<Text>,
    /// The event's web page.
    pub url: Option<Text>,
    /// The event's main language, e.g. `fr` or `en`.
    pub language: Option<Text>,
    /// Who the event is for.
    pub audience: Option<Text>,
    /// The IANA time zone of every time in the file, e.g. `Europe/Paris`.
    #[schemars(with = "super::schema_leaves::Zone")]
    pub time_zone: Option<Text>,
    /// The hour at which a new event day begins: earlier times belong to the night after the
    /// day's date. Default `00:00`; must be before noon.
    #[schemars(with = "Option<super::schema_leaves::DayChange>")]
    pub day_change: Option<Text>,
    /// For every item: how long before its end the facilitator's countdown turns to warning.
    #[schemars(with = "Option<super::schema_leaves::Duration>")]
    pub warn_before: Option<Text>,
    /// For every item: how long before its end the facilitator's countdown turns to danger.
    #[schemars(with = "Option<super::schema_leaves::Duration>")]
    pub danger_before: Option<Text>,
    /// The changeover between two items: gaps this long or shorter are intended and not
    /// warned about. Default `10m`.
    #[schemars(with = "Option<super::schema_leaves::Duration>")]
    pub changeover: Option<Text>,
    /// The rooms, in the order to show them. When given (non-empty), every item's `room` must be
    /// one of them.
    pub rooms: Option<Vec<Node<RoomWire>>>,
    /// The tracks, with their colours. When given (non-empty), every item's `track` must be one
    /// of them.
    pub tracks: Option<Vec<Node<TrackWire>>>,
    /// One-day form: the day's date.
    #[schemars(with = "Option<super::schema_leaves::Date>")]
    pub date: Option<Text>,
    /// One-day form: a name for the day.
    pub label: Option<Text>,
    /// One-day form: when the day starts (no item may start before).
    #[schemars(with = "Option<super::schema_leaves::StartTime>")]
    pub start: Option<Text>,
    /// One-day form: when the day ends (the last item ends then unless it says otherwise).
    #[schemars(with = "Option<super::schema_leaves::Time>")]
    pub end: Option<Text>,
    /// One-day form: the day's items, in any order.
    #[schemars(length(min = 1))]
    pub items: Option<Vec<Node<ItemWire>>>,
    /// Several days, each with its `date` and `items` (instead of the one-day form).
    #[schemars(length(min = 1))]
    pub days: Option<Vec<Node<DayWire>>>,
}

impl Wire for ProgrammeWire {
    fn hint(field: &str) -> Option<&'static str> {
        Some(match field {
            "name" | "event" | "conference" => "did you mean `title`?",
            "timezone" | "tz" | "zone" => "did you mean `time_zone`? (e.g. `Europe/Paris`)",
            _ => return None,
        })
    }
}

/// A room: its name, or a mapping with `name` and an optional `description`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(
    untagged,
    expecting = "a room name, or a mapping with `name` and an optional `description`"
)]
#[schemars(rename = "Room")]
pub enum RoomWire {
    Name(Text),
    Full(RoomFull),
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "RoomMapping")]
pub struct RoomFull {
    /// The room's name, as items write it in `room`.
    pub name: Text,
    /// A word about the room (floor, seats…).
    pub description: Option<Text>,
}

impl Wire for RoomWire {
    fn fields() -> Option<&'static [&'static str]> {
        fields_of::<RoomFull>()
    }
}

/// A track: a mapping with `name` and an optional `color`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(
    deny_unknown_fields,
    expecting = "a track: a mapping with `name` and an optional `color`"
)]
#[schemars(rename = "Track")]
pub struct TrackWire {
    /// The track's name, as items write it in `track`.
    #[schemars(required)]
    pub name: Option<Text>,
    /// Its colour, `#rrggbb` (quoted: an unquoted `#` starts a YAML comment).
    #[schemars(with = "Option<super::schema_leaves::Colour>")]
    pub color: Option<Text>,
}

impl Wire for TrackWire {}

/// One day of a programme with `days:`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(
    deny_unknown_fields,
    expecting = "a day: a mapping with `date`, `items` and optionally `label`, `start`, `end`"
)]
#[schemars(rename = "Day")]
pub struct DayWire {
    /// The day's date.
    #[schemars(with = "super::schema_leaves::Date")]
    pub date: Option<Text>,
    /// A name for the day (`Friday`, `Day 1`).
    pub label: Option<Text>,
    /// When the day starts (no item may start before).
    #[schemars(with = "Option<super::schema_leaves::StartTime>")]
    pub start: Option<Text>,
    /// When the day ends (the last item ends then unless it says otherwise).
    #[schemars(with = "Option<super::schema_leaves::Time>")]
    pub end: Option<Text>,
    /// The day's items, in any order.
    #[schemars(required, length(min = 1))]
    pub items: Option<Vec<Node<ItemWire>>>,
}

impl Wire for DayWire {}

/// An item of the programme: a talk, a workshop, a break… Only `title` and `start` are required;
/// without `end` or `duration` it ends when the next item starts.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(
    deny_unknown_fields,
    expecting = "an item: a mapping with at least `title` and `start`"
)]
#[schemars(rename = "Item", transform = super::schema_leaves::end_or_duration)]
pub struct ItemWire {
    /// A stable identifier, unique in the programme (frab's `guid`).
    pub id: Option<Text>,
    /// The item's title.
    #[schemars(required)]
    pub title: Option<Text>,
    /// A second line under the title.
    pub subtitle: Option<Text>,
    /// When it starts.
    #[schemars(with = "super::schema_leaves::StartTime")]
    pub start: Option<Text>,
    /// When it ends, on the same event day (not with `duration`).
    #[schemars(with = "Option<super::schema_leaves::Time>")]
    pub end: Option<Text>,
    /// How long it lasts (not with `end`).
    #[schemars(with = "Option<super::schema_leaves::Duration>")]
    pub duration: Option<Text>,
    /// What sort of slot it is. Default `session`.
    #[schemars(with = "Option<super::schema_leaves::KindName>")]
    pub kind: Option<Text>,
    /// Where it takes place; none for a plenary item (everyone is there).
    pub room: Option<Text>,
    /// The track it belongs to.
    pub track: Option<Text>,
    /// Who speaks: a name or a list of names.
    pub speakers: Option<OneOrMany>,
    /// What the item is about.
    pub description: Option<Text>,
    /// Links: each a URL, or a mapping with `url` and an optional `title`.
    pub links: Option<Vec<Node<LinkWire>>>,
    /// Whether it happens as announced. Default `confirmed`.
    #[schemars(with = "Option<super::schema_leaves::StateName>")]
    pub state: Option<Text>,
    /// The language it is given in, e.g. `en`.
    pub language: Option<Text>,
    /// The start is fixed: when the programme runs late, it does not slide. Default `false`.
    pub hard_start: Option<bool>,
    /// How short the facilitator may make this item to catch up.
    #[schemars(with = "Option<super::schema_leaves::Duration>")]
    pub min_duration: Option<Text>,
    /// How long before its end the facilitator's countdown turns to warning.
    #[schemars(with = "Option<super::schema_leaves::Duration>")]
    pub warn_before: Option<Text>,
    /// How long before its end the facilitator's countdown turns to danger.
    #[schemars(with = "Option<super::schema_leaves::Duration>")]
    pub danger_before: Option<Text>,
}

impl Wire for ItemWire {
    fn hint(field: &str) -> Option<&'static str> {
        Some(match field {
            "time" | "times" | "hour" | "heure" | "at" | "when" | "slot" => {
                "an item's times are `start` and `end` (or `duration`), e.g. `start: 9h30` and \
                 `end: 10h`"
            }
            "start_time" | "starttime" | "begin" | "begins" | "from" | "debut" | "début" => {
                "did you mean `start`?"
            }
            "end_time" | "endtime" | "ends" | "until" | "to" | "fin" => "did you mean `end`?",
            "type" | "category" | "categories" | "format" | "session_type" | "genre" => {
                "did you mean `kind`? (session, talk, keynote, panel, workshop, welcome, break, \
                 meal, social or other)"
            }
            "date" | "day" | "jour" => {
                "an item has no date of its own: put the items under `days:`, each day with its \
                 `date` and its `items`"
            }
            "location" | "place" | "where" | "salle" | "venue" => "did you mean `room`?",
            "speaker" | "presenter" | "presenters" | "author" | "authors" | "by" | "who" => {
                "did you mean `speakers`? (a name or a list of names)"
            }
            "name" | "talk" | "label" => "did you mean `title`?",
            "abstract" | "summary" | "details" => "did you mean `description`?",
            _ => return None,
        })
    }
}

/// A name, or a list of names.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(untagged, expecting = "a name, or a list of names")]
#[schemars(rename = "Speakers")]
pub enum OneOrMany {
    One(Text),
    Many(Vec<Text>),
}

/// A link: a URL, or a mapping with `url` and an optional `title`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(
    untagged,
    expecting = "a link: a URL, or a mapping with `url` and an optional `title`"
)]
#[schemars(rename = "Link")]
pub enum LinkWire {
    Url(Text),
    Full(LinkFull),
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "LinkMapping")]
pub struct LinkFull {
    /// The address.
    pub url: Text,
    /// What to call it (`Slides`, `Recording`).
    pub title: Option<Text>,
}

impl Wire for LinkWire {
    fn fields() -> Option<&'static [&'static str]> {
        fields_of::<LinkFull>()
    }
}

/// The JSON Schema of a programme file, from the wire structs above; [`crate::schema::schema`]
/// chooses the settings and writes it out.
pub fn wire_schema(generator: SchemaGenerator) -> Schema {
    generator.into_root_schema_for::<ProgrammeWire>()
}
