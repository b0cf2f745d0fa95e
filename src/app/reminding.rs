//! Reminders of favourites on the app (`--remind`): which favourites are due, and what a reload
//! or a live record did to them, said as news and a desktop notification. When to remind is
//! [`crate::remind`]'s pure logic; this part only reads the snapshot and the favourites.

use super::{About, App, Effect};
use crate::remind::{self, Reminder, Watch};

impl App {
    /// The favourites as the reminders see them (expected times, days not over).
    pub(super) fn favourite_watches(&self) -> Vec<Watch> {
        let favourites = &self.find.favourites;
        if favourites.is_empty() {
            return Vec::new();
        }
        let s = &self.snapshot;
        remind::watches(&s.plan, &s.programme, self.now, |k| favourites.contains(k))
    }

    /// Reminds of the favourites due now; returns whether the screen changed.
    pub(super) fn remind_due(&mut self) -> bool {
        let Some(lead) = self.notices.reminders.as_ref().map(|r| r.lead) else {
            return false;
        };
        let favourites = &self.find.favourites;
        if favourites.is_empty() {
            return false;
        }
        let s = &self.snapshot;
        let watched = remind::starting_soon(&s.plan, &s.programme, self.now, lead, |k| {
            favourites.contains(k)
        });
        let Some(reminders) = self.notices.reminders.as_mut() else {
            return false;
        };
        let due = reminders.due(&watched, self.now);
        self.tell(&due)
    }

    /// Says what a reload or a new live record did to the favourites that were `before`.
    pub(super) fn remind_changes(&mut self, before: &[Watch]) {
        if before.is_empty() {
            return;
        }
        let s = &self.snapshot;
        let after = remind::watches(&s.plan, &s.programme, self.now, |_| true);
        let Some(reminders) = self.notices.reminders.as_mut() else {
            return;
        };
        let said = reminders.changed(before, &after, self.now);
        self.tell(&said);
    }

    /// One banner and one notification for reminders that come together.
    fn tell(&mut self, said: &[Reminder]) -> bool {
        if said.is_empty() {
            return false;
        }
        let tz = self.snapshot.programme.tz;
        let texts: Vec<String> = said
            .iter()
            .map(|r| r.text(tz, self.now, self.lang))
            .collect();
        let text = texts.join("  ");
        self.notices.news(About::Reminder, text.clone(), self.now);
        self.notices.ask(Effect::Notify(text));
        true
    }
}
