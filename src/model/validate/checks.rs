//! Checks across items: overlaps, references to rooms and tracks, days, gaps and ids.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use chrono_tz::Tz;

use super::super::{Instant, Item, Room, State, Track, suggest};
use super::{
    Draft, ItemSource, MAX_SUGGESTION_CANDIDATES, Placed, Refs, Validator, key, local, with,
};

impl Validator<'_> {
    pub(super) fn check_overlaps(&mut self, drafts: &[Draft], tz: Tz) {
        let live: Vec<&Draft> = drafts
            .iter()
            .filter(|d| d.item.state != State::Cancelled && d.item.end > d.item.start)
            .collect();
        // Per room: each item against the longest-running earlier item of its room.
        let mut latest_in_room: HashMap<&str, &Draft> = HashMap::new();
        // Plenary items against everything, everything against plenary items.
        let mut latest_any: Option<&Draft> = None;
        let mut latest_plenary: Option<&Draft> = None;
        for d in live {
            let item = &d.item;
            let rival = match &item.room {
                Some(room) => {
                    let same_room = latest_in_room.get(room.as_str()).copied();
                    same_room
                        .filter(|o| o.item.end > item.start)
                        .or(latest_plenary.filter(|o| o.item.end > item.start))
                }
                None => latest_any.filter(|o| o.item.end > item.start),
            };
            if let Some(other) = rival {
                let name = &other.source.subject;
                let until = local(other.item.end, tz);
                let message = match (&item.room, &other.item.room) {
                    (Some(r), Some(_)) => format!(
                        "overlaps {name} in room «{r}», which runs until {until}: expected it \
                         to start at or after that end, or the items to be in different rooms"
                    ),
                    (None, Some(r)) => format!(
                        "a plenary item (no `room`, for everyone) that overlaps {name} in room \
                         «{r}», which runs until {until}: expected it to start at or after \
                         that end, or to have a `room`"
                    ),
                    (Some(_), None) => format!(
                        "overlaps {name}, a plenary item (no `room`, for everyone) which runs \
                         until {until}: expected it to start at or after that end, or that \
                         item to have a `room`"
                    ),
                    (None, None) => format!(
                        "overlaps {name}, which runs until {until}: expected it to start at \
                         or after that end, or the items to be in different rooms"
                    ),
                };
                self.error(
                    &with(&d.source.path, key("start")),
                    Some(&d.source.subject),
                    message,
                );
            }
            let longer = |slot: Option<&Draft>| slot.is_none_or(|o| o.item.end < item.end);
            if let Some(room) = &item.room {
                if longer(latest_in_room.get(room.as_str()).copied()) {
                    latest_in_room.insert(room, d);
                }
            } else if longer(latest_plenary) {
                latest_plenary = Some(d);
            }
            if longer(latest_any) {
                latest_any = Some(d);
            }
        }
    }

    pub(super) fn check_refs(
        &mut self,
        placed: &Placed,
        rooms: &mut Vec<Room>,
        declared_rooms: bool,
        tracks: &mut Vec<Track>,
        declared_tracks: bool,
    ) {
        let mut room_names: HashSet<String> = rooms.iter().map(|r| r.name.clone()).collect();
        let mut track_names: HashSet<String> = tracks.iter().map(|t| t.name.clone()).collect();
        for refs in placed.refs() {
            let source = refs.source;
            let subject = Some(source.subject.as_str());
            if let Some(room) = refs.room
                && !room_names.contains(room)
            {
                if declared_rooms {
                    let names = rooms.iter().map(|r| r.name.as_str());
                    let hint = suggest_among(room, names, rooms.len()).map_or_else(
                        || "expected a room listed under `rooms`".to_owned(),
                        |r| format!("did you mean «{r}»?"),
                    );
                    let p = with(&source.path, key("room"));
                    self.error(&p, subject, format!("unknown room «{room}», {hint}"));
                } else {
                    room_names.insert(room.to_owned());
                    rooms.push(Room {
                        name: room.to_owned(),
                        description: None,
                    });
                }
            }
            if let Some(track) = refs.track
                && !track_names.contains(track)
            {
                if declared_tracks {
                    let names = tracks.iter().map(|t| t.name.as_str());
                    let hint = suggest_among(track, names, tracks.len()).map_or_else(
                        || "expected a track listed under `tracks`".to_owned(),
                        |t| format!("did you mean «{t}»?"),
                    );
                    let p = with(&source.path, key("track"));
                    self.error(&p, subject, format!("unknown track «{track}», {hint}"));
                } else {
                    track_names.insert(track.to_owned());
                    tracks.push(Track {
                        name: track.to_owned(),
                        color: None,
                    });
                }
            }
        }
    }

    pub(super) fn check_days(&mut self, days: &[Placed]) {
        let mut seen: HashMap<NaiveDate, Option<usize>> = HashMap::new();
        for placed in days {
            let (day, path, tz) = (&placed.day, &placed.path, placed.tz);
            if let Some(first) = seen.insert(day.date, placed.number) {
                let first = first.map_or_else(String::new, |n| format!(" day {n}"));
                self.error(
                    &with(path, key("date")),
                    placed.number.map(|n| format!("day {n}")).as_deref(),
                    format!("{} is already{first}: expected each date once", day.date),
                );
            }
            for (item, source) in placed.items() {
                let subject = Some(source.subject.as_str());
                let start_path = with(&source.path, key("start"));
                if let Some(open) = day.start
                    && item.start < open
                {
                    self.error(
                        &start_path,
                        subject,
                        format!(
                            "starts at {}, before the day's `start` ({}): expected it within \
                             the day",
                            local(item.start, tz),
                            local(open, tz)
                        ),
                    );
                } else if let Some(close) = day.end
                    && item.start >= close
                {
                    self.error(
                        &start_path,
                        subject,
                        format!(
                            "starts at {}, when the day has ended (`end` {}): expected it \
                             within the day",
                            local(item.start, tz),
                            local(close, tz)
                        ),
                    );
                } else if let Some(close) = day.end
                    && item.end > close
                {
                    self.error(
                        &source.end_path(),
                        subject,
                        format!(
                            "ends at {}, after the day's `end` ({}): expected it within the day",
                            local(item.end, tz),
                            local(close, tz)
                        ),
                    );
                }
            }
            if !placed.incomplete {
                self.check_gaps(placed);
            }
        }
    }

    /// A gap is a hole in the day's one sequence of items. A day whose items overlap (parallel
    /// rooms, FOSDEM) has no one sequence: a room free between two talks is its changeover, not
    /// a hole in the day, so it is not reported. (Per room it would be 516 warnings for FOSDEM.)
    /// A gap no longer than the programme's `changeover` is intended, and not reported either.
    pub(super) fn check_gaps(&mut self, placed: &Placed) {
        let mut end: Option<Instant> = None;
        for (item, _) in placed.items() {
            if item.state == State::Cancelled {
                continue;
            }
            if end.is_some_and(|e| item.start < e) {
                return;
            }
            end = end.max(Some(item.end));
        }
        let mut reach: Option<(&Item, &ItemSource)> = None;
        for (item, source) in placed.items() {
            if item.state == State::Cancelled {
                continue;
            }
            if let Some((prev, prev_source)) = reach
                && (item.start - prev.end).num_minutes() > self.changeover
            {
                let minutes = (item.start - prev.end).num_minutes();
                self.warning(
                    &with(&source.path, key("start")),
                    Some(&source.subject),
                    format!(
                        "a gap of {} before this item, after {}",
                        super::super::timefmt::format_minutes(minutes),
                        prev_source.subject
                    ),
                );
            }
            if reach.is_none_or(|(r, _)| item.end > r.end) {
                reach = Some((item, source));
            }
        }
    }

    pub(super) fn check_ids(&mut self, days: &[Placed]) {
        let mut seen: HashMap<&str, &str> = HashMap::new();
        for placed in days {
            // In file order, so that the first use is the one named.
            let mut refs: Vec<Refs> = placed.refs().collect();
            refs.sort_by_key(|r| r.source.index);
            for Refs { id, source, .. } in refs {
                let Some(id) = id else { continue };
                if let Some(&first) = seen.get(id) {
                    self.error(
                        &with(&source.path, key("id")),
                        Some(&source.subject),
                        format!(
                            "duplicate id `{id}`, already used by {first}: expected ids to be \
                             unique"
                        ),
                    );
                } else {
                    seen.insert(id, &source.subject);
                }
            }
        }
    }
}

/// Like [`suggest`], but gives up on very long lists.
pub(super) fn suggest_among<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    count: usize,
) -> Option<&'a str> {
    if count > MAX_SUGGESTION_CANDIDATES {
        return None;
    }
    suggest(word, candidates)
}
