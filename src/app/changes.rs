//! What arrives from outside the keys, on the app: a reloaded or broken programme, a live record
//! (the programme's or a room's), the network going and coming back, warnings of the load.
//! Each becomes a snapshot change and a notice; the list follows. No I/O here: the loop reads.

use super::{About, App, Level};
use crate::reload::{self, Change};

impl App {
    /// Applies what changed on disk.
    pub fn apply(&mut self, change: Change) -> bool {
        let before = self
            .notices
            .reminders
            .as_ref()
            .map(|_| self.favourite_watches());
        let changed = self.apply_change(change);
        if let Some(before) = before {
            self.remind_changes(&before);
        }
        changed
    }

    fn apply_change(&mut self, change: Change) -> bool {
        match change {
            Change::Programme(programme, warnings) => {
                let favourites = &self.find.favourites;
                let summary = reload::changes(&self.snapshot.plan, &programme, self.lang, |k| {
                    favourites.contains(k)
                });
                self.snapshot.replace_plan(*programme);
                self.list.day = self.list.day.min(self.snapshot.plan.days.len() - 1);
                self.refilter();
                let text = format!(
                    "{} {summary}",
                    self.lang
                        .pick("programme reloaded:", "programme rechargé :")
                );
                self.notices.news(About::Programme, text, self.now);
                self.warned(&warnings);
                self.snapshot.refresh(self.now);
                self.list.selected = self.list.selected.min(self.items().len().saturating_sub(1));
                self.follow_or_keep(false);
            }
            Change::ProgrammeBroken { first, report } => {
                let text = format!(
                    "{} {first}",
                    self.lang.pick(
                        "not reloaded, showing the last good version:",
                        "non rechargé, dernière version valide affichée :"
                    )
                );
                self.notices.error(About::Programme, text);
                // The banner has the first error; the panel has every line of the report.
                for line in report.iter().filter(|l| **l != first) {
                    self.notices.say(Level::Error, line);
                }
            }
            Change::Live(record) => {
                self.notices.clear(About::Live);
                self.snapshot.replace_record(record.map(|r| *r), self.now);
                if self.list.following {
                    self.follow();
                }
            }
            Change::LiveBroken(error) => self.notices.error(About::Live, error),
            Change::RoomLive(room, record) => {
                self.notices.clear(About::Live);
                self.snapshot
                    .replace_room_record(room, record.map(|r| *r), self.now);
                if self.list.following {
                    self.follow();
                }
            }
            Change::Rooms(records) => {
                self.notices.clear(About::Live);
                self.snapshot.replace_room_records(records, self.now);
                if self.list.following {
                    self.follow();
                }
            }
            Change::Offline { updated, error } => {
                self.notices.offline = Some(updated);
                let text = format!(
                    "{} {error}",
                    self.lang.pick(
                        "offline, showing the last good version:",
                        "hors ligne, dernière version valide affichée :"
                    )
                );
                // The header says "offline" for as long as it lasts; the banner says why for a
                // while, then gives the facilitator's last message back.
                self.notices.passing_error(About::Network, text, self.now);
            }
            Change::Online => {
                self.notices.offline = None;
                self.notices.clear(About::Network);
            }
        }
        true
    }

    /// Warnings of the load or import (one `file:line:col: warning: …` line each), and of the
    /// configuration, for the messages panel; the footer counts them until it is opened.
    pub fn warned(&mut self, lines: &[String]) {
        for line in lines {
            self.notices.say(Level::Warning, line);
        }
    }
}
