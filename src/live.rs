//! The facilitator's live record: what actually happened, kept in a sidecar file beside the
//! programme (`programme.live.yaml`).
//!
//! The record is a log of acknowledged actions (an item started, ended, was lengthened); the
//! actual times of the day are a fold over it, and undo drops the last action. Every change is
//! written atomically (temporary file in the same folder, fsync, rename, fsync of the folder), so
//! a crash at any moment leaves the previous or the new record, both whole. A record that cannot
//! be read, or that belongs to another programme, is reported and never overwritten.

use std::fmt::Write as _;
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

mod expected;
pub mod lock;
mod paths;
pub mod rooms;
pub mod state;
pub use expected::{applies, apply, day_forecast, expected, expected_from_files};
pub use lock::{Lock, LockError};
pub use paths::{
    is_rehearsal_record, rehearsal_sidecar_for, remove_stale_temporaries, room_sidecar_for,
    room_slug, sidecar_for,
};
pub use rooms::{RoomForecast, apply_rooms, expected_all, room_forecast, room_records};

use crate::delay::Actual;
use crate::i18n::Lang;
use crate::model::{Day, Diagnostic, Instant, Item, Programme, from_yaml, to_yaml};

/// The version of the sidecar format this build writes and reads.
pub const FORMAT: u32 = 1;

/// A sidecar file's content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    /// Format version (`1`).
    pub deroule_live: u32,
    /// The programme's title: a record is never applied to another programme.
    pub programme: String,
    /// When tracking began: items planned to end before it are taken as planned.
    pub since: Instant,
    pub actions: Vec<Entry>,
    /// The facilitator's messages to attendees, in the order they were set.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub messages: Vec<Message>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// `item` started now; `ended`, if given, ended at the same instant.
    Start,
    /// `item` ended now.
    End,
    /// `item` was made `minutes` longer (shorter when negative).
    Adjust,
    /// `item` is skipped: it takes no time.
    Skip,
}

/// One acknowledged action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub at: Instant,
    pub action: Kind,
    /// The item's key: its `id`, else `date HH:MM title`.
    pub item: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ended: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minutes: Option<i64>,
}

/// What [`Record::undo_at`] took back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Undone {
    Action(Entry),
    Message(Message),
}

impl Undone {
    /// What was undone, in words: "undone: «Pause» started 11:22".
    pub fn describe(&self, programme: &Programme, lang: Lang) -> String {
        let what = match self {
            Undone::Action(entry) => entry.describe(programme, lang),
            Undone::Message(m) => {
                let at = m.at.with_timezone(&programme.tz).format("%H:%M");
                match (m.text.is_empty(), lang) {
                    (false, Lang::En) => format!("message «{}» of {at}", m.text),
                    (false, Lang::Fr) => format!("message «{}» de {at}", m.text),
                    (true, Lang::En) => format!("message cleared at {at}"),
                    (true, Lang::Fr) => format!("message effacé à {at}"),
                }
            }
        };
        format!("{} {what}", lang.pick("undone:", "annulé :"))
    }
}

/// A message from the facilitator to attendees, shown from `at` until the next one; an empty
/// `text` clears it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Message {
    pub at: Instant,
    pub text: String,
}

impl Entry {
    /// An action on `item` at `at`, with no `ended`, `minutes` or `text`.
    pub fn new(at: Instant, action: Kind, item: String) -> Self {
        Entry {
            at,
            action,
            item,
            ended: None,
            minutes: None,
        }
    }

    /// The action in words, for "undone: …" and the stage's last action: "«Pause» started
    /// 11:22".
    pub fn describe(&self, programme: &Programme, lang: Lang) -> String {
        let title = programme
            .days
            .iter()
            .flat_map(|d| &d.items)
            .find(|i| key(programme, i) == self.item)
            .map_or(self.item.as_str(), |i| i.title.as_str());
        let at = self.at.with_timezone(&programme.tz).format("%H:%M");
        match (self.action, lang) {
            (Kind::Start, Lang::En) => format!("«{title}» started {at}"),
            (Kind::Start, Lang::Fr) => format!("«{title}» commencé à {at}"),
            (Kind::End, Lang::En) => format!("«{title}» ended {at}"),
            (Kind::End, Lang::Fr) => format!("«{title}» terminé à {at}"),
            (Kind::Adjust, _) => {
                let m = self.minutes.unwrap_or(0);
                match lang {
                    Lang::En => format!("«{title}» {m:+} min at {at}"),
                    Lang::Fr => format!("«{title}» {m:+} min à {at}"),
                }
            }
            (Kind::Skip, Lang::En) => format!("«{title}» skipped at {at}"),
            (Kind::Skip, Lang::Fr) => format!("«{title}» sauté à {at}"),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum LiveError {
    #[error("{path}: cannot read the live record: {source}")]
    Read {
        path: String,
        #[source]
        source: io::Error,
    },
    #[error("{path}:{}:{}: error: not a deroule live record: {}; it is left untouched (move it away, or choose another file with --live)", .diagnostic.line, .diagnostic.column, .diagnostic.message)]
    Unreadable {
        path: String,
        diagnostic: Diagnostic,
    },
    #[error(
        "{path}: a live record of format {found}, this deroule reads format {FORMAT}; it is left untouched"
    )]
    Version { path: String, found: u32 },
    #[error(
        "{path}: this live record belongs to «{}», not to «{}» (the programme's `id`, else its file name); it is left untouched (choose another file with --live)", visible(.found), visible(.expected)
    )]
    Foreign {
        path: String,
        found: String,
        expected: String,
    },
    #[error(
        "{path}: not saved: {holder} took this record over at {since}; this facilitator no longer writes it"
    )]
    TakenOver {
        path: String,
        holder: String,
        since: String,
    },
    #[error("{path}: cannot save the live record: {source}")]
    Write {
        path: String,
        #[source]
        source: io::Error,
    },
}

/// Text with its invisible differences shown: a no-break space, a zero-width or other format
/// character, a control character is written `\u{a0}`, so two names that look alike in a
/// message do not read alike.
pub fn visible(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let invisible = c.is_control()
            || (c.is_whitespace() && c != ' ')
            || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2064}' | '\u{feff}' | '\u{ad}');
        if invisible {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    out
}

/// The name a live record gives its programme: the programme's `id`, else the programme
/// file's name without its extension, else (the bundled day) its title. It survives a title
/// edit, so attendees are not cut off by one.
pub fn identity(programme: &Programme, file: Option<&Path>) -> String {
    if let Some(id) = &programme.meta.id {
        return id.clone();
    }
    file.and_then(Path::file_stem).map_or_else(
        || programme.meta.title.clone(),
        |s| s.to_string_lossy().into_owned(),
    )
}

/// What `in_memory` holds that `on_disk` does not (actions and messages, said in words): what a
/// facilitator quitting now would lose.
pub fn unsaved(
    in_memory: &Record,
    on_disk: Option<&Record>,
    programme: &Programme,
    lang: Lang,
) -> Vec<String> {
    let actions = in_memory
        .actions
        .iter()
        .filter(|a| on_disk.is_none_or(|d| !d.actions.contains(a)))
        .map(|a| a.describe(programme, lang));
    let messages = in_memory
        .messages
        .iter()
        .filter(|m| on_disk.is_none_or(|d| !d.messages.contains(m)))
        .map(|m| Undone::Message(m.clone()).describe(programme, lang))
        .map(|d| {
            d.split_once(' ')
                .map_or(d.clone(), |(_, rest)| rest.to_owned())
        });
    actions.chain(messages).collect()
}

/// The key that names an item in a record: its id, else its date, planned start and title.
pub fn key(programme: &Programme, item: &Item) -> String {
    match &item.id {
        Some(id) => id.clone(),
        None => format!(
            "{} {}",
            item.start
                .with_timezone(&programme.tz)
                .format("%Y-%m-%d %H:%M"),
            item.title
        ),
    }
}

impl Record {
    /// A new record for `programme`, named by its `id`, else by its title (see
    /// [`Record::for_file`] to name it by the programme's file).
    pub fn new(programme: &Programme, since: Instant) -> Self {
        Record::named(identity(programme, None), since)
    }

    /// A new record for the programme read from `file`, named by [`identity`].
    pub fn for_file(programme: &Programme, file: Option<&Path>, since: Instant) -> Self {
        Record::named(identity(programme, file), since)
    }

    fn named(programme: String, since: Instant) -> Self {
        Record {
            deroule_live: FORMAT,
            programme,
            since,
            actions: Vec::new(),
            messages: Vec::new(),
        }
    }

    /// Reads the record at `path` for `programme`; `None` when there is no file. The record
    /// belongs to the programme when it names it by its `id`, by its title (records written
    /// before ids), or by the start of the record's own file name (`day.live.yaml`,
    /// `day.rehearsal.live.yaml` for the programme `day.yaml`).
    pub fn read(path: &Path, programme: &Programme) -> Result<Option<Record>, LiveError> {
        Record::read_for(path, programme, None)
    }

    /// [`Record::read`] knowing the programme's file, whose name is the programme's identity
    /// when it has no `id` (wherever the record is, `--live`).
    pub fn read_for(
        path: &Path,
        programme: &Programme,
        file: Option<&Path>,
    ) -> Result<Option<Record>, LiveError> {
        let name = path.display().to_string();
        let text = match crate::bounded::read_text(path, crate::bounded::MAX_BYTES) {
            Ok(t) => t,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(source) => return Err(LiveError::Read { path: name, source }),
        };
        let record = Record::parse(&text, &name)?;
        let expected = identity(programme, file);
        let record_file = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let belongs = record.programme == expected
            || record.programme == programme.meta.title
            || programme.meta.id.as_ref() == Some(&record.programme)
            || (programme.meta.id.is_none()
                && record_file.starts_with(&format!("{}.", record.programme)));
        if !belongs {
            // A record naming the title in another spelling (a no-break space) is answered
            // with the title, so the message shows the difference.
            let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
            let expected = if words(&record.programme) == words(&programme.meta.title) {
                programme.meta.title.clone()
            } else {
                expected
            };
            return Err(LiveError::Foreign {
                path: name,
                found: record.programme,
                expected,
            });
        }
        Ok(Some(record))
    }

    /// A record from its YAML text, read from `name` (a file, a URL): its format checked, not
    /// whose it is.
    pub fn parse(text: &str, name: &str) -> Result<Record, LiveError> {
        let record: Record = from_yaml(text).map_err(|diagnostic| LiveError::Unreadable {
            path: name.to_owned(),
            diagnostic,
        })?;
        if record.deroule_live != FORMAT {
            return Err(LiveError::Version {
                path: name.to_owned(),
                found: record.deroule_live,
            });
        }
        Ok(record)
    }

    /// Writes the record atomically: a reader sees the old record or the new one, never a part.
    pub fn save(&self, path: &Path) -> Result<(), LiveError> {
        let fail = |source| LiveError::Write {
            path: path.display().to_string(),
            source,
        };
        if let Some((holder, since)) = lock::taken_over(path) {
            return Err(LiveError::TakenOver {
                path: path.display().to_string(),
                holder,
                since,
            });
        }
        let text = to_yaml(self).map_err(|e| fail(io::Error::other(e)))?;
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        // The record keeps the permissions of the file it replaces; a new one is readable by
        // everyone (0644) unless the umask says otherwise, so attendees running as another
        // user see it.
        let existing = fs::metadata(path).ok().map(|m| m.permissions());
        let mut builder = tempfile::Builder::new();
        builder.prefix(".deroule-live-");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(fs::Permissions::from_mode(0o644));
        }
        let mut tmp = builder.tempfile_in(&dir).map_err(fail)?;
        if let Some(permissions) = existing {
            fs::set_permissions(tmp.path(), permissions).map_err(fail)?;
        }
        tmp.write_all(
            b"# deroule live record: written by `deroule facilitate`, read by `deroule`.\n",
        )
        .and_then(|()| tmp.write_all(text.as_bytes()))
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(fail)?;
        tmp.persist(path).map_err(|e| fail(e.error))?;
        // The rename itself must reach the disk.
        if let Ok(d) = File::open(&dir) {
            let _ = d.sync_all();
        }
        Ok(())
    }

    /// The recorded actuals of `day`'s items, in the day's order. Actions naming items that are
    /// no longer in the programme are ignored.
    pub fn actuals(&self, programme: &Programme, day: &Day) -> Vec<Actual> {
        self.actuals_by(programme, day, Instant::MAX_UTC)
    }

    /// [`Record::actuals`] counting only the actions recorded by `until`.
    pub fn actuals_by(&self, programme: &Programme, day: &Day, until: Instant) -> Vec<Actual> {
        self.actuals_of(programme, &day.items, until)
    }

    /// [`Record::actuals_by`] for a sequence of items (one room's, with the plenary ones).
    pub fn actuals_of(&self, programme: &Programme, items: &[Item], until: Instant) -> Vec<Actual> {
        let keys: Vec<String> = items.iter().map(|i| key(programme, i)).collect();
        let index = |k: &str| keys.iter().position(|x| x == k);
        let mut actuals = vec![Actual::default(); items.len()];
        for entry in self.actions.iter().filter(|a| a.at <= until) {
            let Some(i) = index(&entry.item) else {
                continue;
            };
            match entry.action {
                Kind::Start => {
                    actuals[i].start = Some(entry.at);
                    actuals[i].end = None;
                    if let Some(j) = entry.ended.as_deref().and_then(index) {
                        actuals[j].end = Some(entry.at);
                    }
                }
                Kind::End => actuals[i].end = Some(entry.at),
                Kind::Adjust => actuals[i].extra_minutes += entry.minutes.unwrap_or(0),
                Kind::Skip => actuals[i].skipped = true,
            }
        }
        actuals
    }

    /// The facilitator's message to attendees at `now`: the last one set by then, unless
    /// cleared since.
    pub fn message_at(&self, now: Instant) -> Option<&str> {
        self.messages
            .iter()
            .rfind(|m| m.at <= now)
            .map(|m| m.text.as_str())
            .filter(|t| !t.trim().is_empty())
    }

    /// Sets the message to attendees at `now` (an empty or blank `text` clears it).
    pub fn set_message(&mut self, now: Instant, text: &str) {
        self.messages.push(Message {
            at: now,
            text: text.trim().to_owned(),
        });
    }

    /// Undoes the last action the view has reached (recorded by `now`: a message or an action on
    /// an item), and returns it; what was recorded after `now` (a rehearsal's future, another
    /// clock's) is never touched.
    pub fn undo_at(&mut self, now: Instant) -> Option<Undone> {
        let action = self.actions.iter().rposition(|a| a.at <= now);
        let message = self.messages.iter().rposition(|m| m.at <= now);
        match (action, message) {
            (Some(a), Some(m)) if self.messages[m].at > self.actions[a].at => {
                Some(Undone::Message(self.messages.remove(m)))
            }
            (Some(a), _) => Some(Undone::Action(self.actions.remove(a))),
            (None, Some(m)) => Some(Undone::Message(self.messages.remove(m))),
            (None, None) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;

    use crate::bundled_at as at;
    use crate::bundled_programme as bundled;

    #[test]
    fn a_record_round_trips_through_its_file() {
        let p = bundled();
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("day.live.yaml");
        let mut record = Record::new(&p, at(10, 0));
        record.actions.push(Entry {
            at: at(11, 10),
            action: Kind::Start,
            item: "pause-matin".into(),
            ended: Some("inventaire".into()),
            minutes: None,
        });
        record.actions.push(Entry {
            at: at(11, 12),
            action: Kind::Adjust,
            item: "pause-matin".into(),
            ended: None,
            minutes: Some(-1),
        });
        record.save(&path).expect("saved");
        let back = Record::read(&path, &p).expect("readable").expect("present");
        assert_eq!(back, record);
        let actuals = back.actuals(&p, &p.days[0]);
        assert_eq!(actuals[2].end, Some(at(11, 10)));
        assert_eq!(actuals[3].start, Some(at(11, 10)));
        assert_eq!(actuals[3].extra_minutes, -1);
        // Only the record is left in the folder: no temporary files.
        assert_eq!(fs::read_dir(dir.path()).expect("dir").count(), 1);
    }

    #[test]
    fn a_missing_record_is_none_and_a_foreign_or_broken_one_is_refused() {
        let p = bundled();
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("x.live.yaml");
        assert!(Record::read(&path, &p).expect("no error").is_none());

        let mut other = p.clone();
        other.meta.title = "Another day".into();
        Record::new(&other, at(9, 0)).save(&path).expect("saved");
        let err = Record::read(&path, &p).expect_err("foreign");
        assert!(
            err.to_string().contains("belongs to «Another day»"),
            "{err}"
        );

        fs::write(&path, "deroule_live: 1\nprogramme: [\n").expect("write");
        let err = Record::read(&path, &p).expect_err("broken");
        assert!(err.to_string().contains("x.live.yaml:"), "{err}");
        assert!(err.to_string().contains("left untouched"), "{err}");
        assert_eq!(
            fs::read_to_string(&path).expect("still there"),
            "deroule_live: 1\nprogramme: [\n"
        );
    }

    #[test]
    fn a_record_names_its_programme_by_id_else_file_name_and_survives_a_title_edit() {
        let mut p = bundled();
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("day.yaml");
        let path = sidecar_for(&file);
        let record = Record::for_file(&p, Some(&file), at(9, 0));
        assert_eq!(record.programme, "day");
        record.save(&path).expect("saved");
        p.meta.title = "Journée BlueHats (renamed)".into();
        assert!(Record::read(&path, &p).expect("still ours").is_some());
        assert!(
            Record::read_for(&path, &p, Some(&file))
                .expect("ours")
                .is_some()
        );

        p.meta.id = Some("bluehats-2022".into());
        let record = Record::for_file(&p, Some(&file), at(9, 0));
        assert_eq!(record.programme, "bluehats-2022");
        let other = dir.path().join("elsewhere.live.yaml");
        record.save(&other).expect("saved");
        assert!(Record::read(&other, &p).expect("ours by id").is_some());
        p.meta.id = Some("bluehats\u{a0}2022".into());
        let err = Record::read(&other, &p).expect_err("another id");
        assert!(
            err.to_string()
                .contains("belongs to «bluehats-2022», not to «bluehats\\u{a0}2022»"),
            "{err}"
        );
    }

    #[test]
    fn a_title_spelt_with_other_spaces_is_shown_with_them() {
        let p = bundled();
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("x.live.yaml");
        let mut record = Record::new(&p, at(9, 0));
        record.programme = p.meta.title.replace('\u{a0}', " ");
        record.save(&path).expect("saved");
        let err = Record::read(&path, &p).expect_err("not the same title");
        assert!(
            err.to_string().contains(
                "belongs to «Journée BlueHats « Mutualisons ! »», not to «Journée BlueHats «\\u{a0}Mutualisons\\u{a0}!\\u{a0}»»"
            ),
            "{err}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_record_keeps_the_permissions_of_the_file_it_replaces() {
        use std::os::unix::fs::PermissionsExt;
        let p = bundled();
        let dir = tempfile::tempdir().expect("tempdir");
        let mode = |path: &Path| fs::metadata(path).expect("exists").permissions().mode() & 0o777;
        // A new record: 0644 as the umask leaves it, like any file the user creates.
        let probe = dir.path().join("probe");
        fs::File::create(&probe).expect("probe");
        let path = dir.path().join("new.live.yaml");
        Record::new(&p, at(9, 0)).save(&path).expect("saved");
        assert_eq!(mode(&path), mode(&probe) & 0o644);
        // An existing record keeps its mode, whatever it is.
        for wanted in [0o644, 0o640, 0o664] {
            fs::set_permissions(&path, fs::Permissions::from_mode(wanted)).expect("chmod");
            Record::new(&p, at(9, 0)).save(&path).expect("saved");
            assert_eq!(mode(&path), wanted);
        }
    }

    #[test]
    fn unsaved_actions_are_said() {
        let p = bundled();
        let mut saved = Record::new(&p, at(9, 0));
        saved
            .actions
            .push(Entry::new(at(11, 10), Kind::End, "inventaire".into()));
        let mut memory = saved.clone();
        memory
            .actions
            .push(Entry::new(at(11, 22), Kind::Start, "pause-matin".into()));
        memory.set_message(at(11, 23), "Coffee in the hall");
        assert_eq!(
            unsaved(&memory, Some(&saved), &p, Lang::En),
            [
                "«Pause» started 11:22",
                "message «Coffee in the hall» of 11:23"
            ]
        );
        assert!(unsaved(&saved, Some(&saved), &p, Lang::En).is_empty());
    }

    #[test]
    fn invisible_differences_are_shown() {
        assert_eq!(
            visible("Journée «\u{a0}Mutualisons\u{202f}!\u{200b}»"),
            "Journée «\\u{a0}Mutualisons\\u{202f}!\\u{200b}»"
        );
        assert_eq!(visible("plain text"), "plain text");
    }
}
