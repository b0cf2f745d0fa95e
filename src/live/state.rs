//! The live state of a whole programme as `deroule serve` answers it at `/live.yaml` and a viewer
//! opened by URL reads it: nothing recorded, the one record of a one-sequence programme, or the
//! records of each room of a programme with parallel rooms.
//!
//! One record is written exactly as the facilitator's file holds it (older viewers read it as
//! ever); rooms are a document of their own (`deroule_live_rooms: 1`, then each room with its
//! record). Pure: no files, no network.

use serde::{Deserialize, Serialize};

use crate::model::{Instant, Programme, from_yaml, to_yaml};

use super::{LiveError, Record, expected, expected_all};

/// What `/live.yaml` says when there is no live record: a YAML document with no value.
pub const NO_RECORD: &str = "# no live record: the programme runs as planned\n";

/// The version of the rooms document.
pub const ROOMS_FORMAT: u32 = 1;

/// The live state of a programme.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum State {
    /// Nothing recorded: the programme runs as planned.
    #[default]
    Planned,
    /// The record of a programme of one sequence of items.
    One(Record),
    /// Each room's record (rooms without one are left out), in the programme's order of rooms.
    Rooms(Vec<(String, Record)>),
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RoomsWire {
    deroule_live_rooms: u32,
    rooms: Vec<RoomWire>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RoomWire {
    room: String,
    record: Record,
}

impl State {
    /// The state as YAML (see the module's doc).
    pub fn yaml(&self) -> String {
        let written = match self {
            State::Planned => return NO_RECORD.to_owned(),
            State::One(record) => to_yaml(record),
            State::Rooms(rooms) if rooms.is_empty() => return NO_RECORD.to_owned(),
            State::Rooms(rooms) => to_yaml(&RoomsWire {
                deroule_live_rooms: ROOMS_FORMAT,
                rooms: rooms
                    .iter()
                    .map(|(room, record)| RoomWire {
                        room: room.clone(),
                        record: record.clone(),
                    })
                    .collect(),
            }),
        };
        written.unwrap_or_else(|e| format!("# the live state could not be written: {e}\n"))
    }

    /// Reads a state written by [`State::yaml`], from `name` (for messages).
    pub fn parse(text: &str, name: &str) -> Result<State, LiveError> {
        let has_value = text
            .lines()
            .any(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'));
        if !has_value {
            return Ok(State::Planned);
        }
        if text.lines().any(|l| l.starts_with("deroule_live_rooms:")) {
            let wire: RoomsWire = from_yaml(text).map_err(|diagnostic| LiveError::Unreadable {
                path: name.to_owned(),
                diagnostic,
            })?;
            if wire.deroule_live_rooms != ROOMS_FORMAT {
                return Err(LiveError::Version {
                    path: name.to_owned(),
                    found: wire.deroule_live_rooms,
                });
            }
            return Ok(State::Rooms(
                wire.rooms.into_iter().map(|r| (r.room, r.record)).collect(),
            ));
        }
        Record::parse(text, name).map(State::One)
    }

    /// The record of the one sequence, if that is what this is.
    pub fn record(&self) -> Option<&Record> {
        match self {
            State::One(record) => Some(record),
            _ => None,
        }
    }

    /// The record of the room named `room`, if this is each room's records and it has one.
    pub fn room(&self, room: &str) -> Option<&Record> {
        match self {
            State::Rooms(rooms) => rooms.iter().find(|(r, _)| r == room).map(|(_, r)| r),
            State::Planned | State::One(_) => None,
        }
    }

    /// `plan` with the expected times as of `now`.
    pub fn expected(&self, plan: &Programme, now: Instant) -> Programme {
        match self {
            State::One(record) if super::applies(plan) => expected(plan, record, now).0,
            State::Planned | State::One(_) => plan.clone(),
            State::Rooms(rooms) => expected_all(plan, rooms, now),
        }
    }

    /// The facilitators' message shown at `now`: the one record's, or the latest set in any room.
    pub fn message_at(&self, now: Instant) -> Option<&str> {
        match self {
            State::Planned => None,
            State::One(record) => record.message_at(now),
            State::Rooms(rooms) => rooms
                .iter()
                .filter_map(|(_, r)| {
                    let text = r.message_at(now)?;
                    let set = r.messages.iter().rev().find(|m| m.at <= now)?.at;
                    Some((set, text))
                })
                .max_by_key(|(set, _)| *set)
                .map(|(_, text)| text),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundled_at as at;
    use crate::bundled_programme;

    #[test]
    fn every_state_reads_back_as_written() {
        let p = bundled_programme();
        let mut record = Record::new(&p, at(9, 0));
        record.set_message(at(9, 5), "Café");
        for state in [
            State::Planned,
            State::One(record.clone()),
            State::Rooms(vec![
                ("Salle A".into(), record.clone()),
                ("B".into(), record),
            ]),
        ] {
            let text = state.yaml();
            assert_eq!(
                State::parse(&text, "live.yaml").expect("valid"),
                state,
                "{text}"
            );
        }
        assert_eq!(State::Rooms(Vec::new()).yaml(), NO_RECORD);
    }

    #[test]
    fn a_broken_state_is_an_error_naming_where_it_came_from() {
        let e = State::parse("deroule_live_rooms: 1\nrooms: 3\n", "http://x/live.yaml")
            .expect_err("refused");
        assert!(e.to_string().starts_with("http://x/live.yaml:"), "{e}");
        let e = State::parse("title: [", "http://x/live.yaml").expect_err("refused");
        assert!(e.to_string().contains("not a deroule live record"), "{e}");
    }
}
