//! What the app has to tell or ask beyond the programme: the banner row (a broken reload, what a
//! reload changed, a failed save) with its expiry, the messages of the session (every warning of
//! the load or import, the configuration's, reload and record errors, failed saves: whole, for the
//! messages panel, with which are unread), the note on a clock that is not the real one, and the
//! effects the loop is to perform (saving). Decides how long a banner stays; never does the saving
//! itself, and knows nothing of the programme.

use chrono::TimeDelta;

use crate::model::Instant;
use crate::remind::Reminders;

/// How long the news of a good reload stays on screen.
const RELOAD_NEWS: TimeDelta = TimeDelta::seconds(15);
/// How long a reminder stays: long enough to be seen by someone glancing at the pane.
const REMINDER_NEWS: TimeDelta = TimeDelta::seconds(60);

/// Something `update` asks the loop to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Write the live record to its file.
    SaveLive,
    /// Write the favourites to their file.
    SaveFavourites,
    /// Ring the bell and send this reminder as a desktop notification.
    Notify(String),
}

/// A line shown above the programme: a broken reload, or what a reload changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Banner {
    pub text: String,
    pub is_error: bool,
    /// When it goes away by itself (errors stay until fixed).
    pub until: Option<Instant>,
    /// What it is about, so the news that fixes it can take it away.
    pub about: About,
}

/// The subject of a banner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum About {
    /// The programme file (a reload, good or broken).
    Programme,
    /// The live record as read from disk.
    Live,
    /// Saving the live record or the favourites.
    Saving,
    /// What a facilitator's key did, or why it did nothing (undo, skip).
    Facilitator,
    /// A reminder of a favourite.
    Reminder,
    /// The legend of the kinds' markers, on first use of a programme with many kinds.
    Legend,
    /// Why a key did nothing for this programme.
    Key,
    /// The server of a programme opened by URL.
    Network,
}

/// How much a message matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// News: what a reload changed.
    Info,
    Warning,
    Error,
}

/// One message of the session, as the messages panel lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub level: Level,
    /// Where: `file:line:col`, or the file alone, when the message names a place.
    pub place: Option<String>,
    /// What was said (the item it concerns first, when it concerns one).
    pub text: String,
    /// When it was first said, and last (the app's clock).
    pub first: Instant,
    pub last: Instant,
    /// How many times it was said (a record broken the same way at each write is one message).
    pub count: u32,
    /// Said since the panel was last opened.
    pub is_unread: bool,
}

impl Message {
    /// Splits a `file:line:col: warning: text` (or `file: error: text`) line into its place,
    /// level and text; a line without that shape is all text, at `level`.
    pub fn parse(line: &str, level: Level) -> (Level, Option<String>, String) {
        for (marker, found) in [(": error: ", Level::Error), (": warning: ", Level::Warning)] {
            // A place is a file name with its line and column: no `: ` in it (a message that
            // quotes a located one, `not reloaded: p.yaml:3:1: error: …`, is all text).
            if let Some((place, text)) = line.split_once(marker)
                && !place.is_empty()
                && !place.contains(": ")
            {
                return (found, Some(place.to_owned()), text.to_owned());
            }
        }
        (level, None, line.to_owned())
    }
}

/// The most messages kept: past it, the oldest go (a session that lasts days, a record broken at
/// every write). The importers already cap their warnings at 20 of a kind.
pub const MAX_MESSAGES: usize = 500;

#[derive(Debug, Clone, Default)]
pub struct Notices {
    pub banner: Option<Banner>,
    /// Said in the header when the clock is not the real one (`--at`, `--speed`, `--today`).
    pub clock_note: Option<String>,
    /// Every message of the session, oldest first, at most [`MAX_MESSAGES`].
    pub messages: Vec<Message>,
    /// The clock as last told ([`Notices::expire`]): when messages are said.
    now: Option<Instant>,
    /// A programme opened by URL whose server cannot be reached: `Some(when it last confirmed
    /// what is shown)` (header: "offline · updated 12:03").
    pub offline: Option<Option<Instant>>,
    /// Work for the loop (saving), taken by [`Notices::take_effects`].
    effects: Vec<Effect>,
    /// How fast the clock runs (`--speed`: programme seconds per real second; 0 when it is the
    /// real clock or stopped). Banners live their time in real seconds: under `--speed 30`
    /// the news of a reload stayed half a second.
    pub speed: f64,
    /// Reminders of favourites, when asked for (`--remind`): what was said already.
    pub reminders: Option<Reminders>,
}

impl Notices {
    pub fn new(clock_note: Option<String>, reminders: Option<Reminders>) -> Self {
        Notices {
            clock_note,
            reminders,
            ..Notices::default()
        }
    }

    /// An error about `about`, shown until the news that fixes it, and kept in the messages.
    pub fn error(&mut self, about: About, text: String) {
        self.show(about, text, Level::Error, None);
    }

    /// An error about `about` shown for a while from `now` only, because another place keeps
    /// saying it (the header's "offline · updated 12:03"): then the banner row gives the
    /// facilitator's message back. Kept in the messages.
    pub fn passing_error(&mut self, about: About, text: String, now: Instant) {
        self.show(about, text, Level::Error, Some((now, RELOAD_NEWS)));
    }

    /// Good news about `about`, shown for a while from `now`, and kept in the messages (the
    /// banner may be cut; the panel has it whole).
    pub fn news(&mut self, about: About, text: String, now: Instant) {
        let lasts = if matches!(about, About::Reminder | About::Legend) {
            REMINDER_NEWS
        } else {
            RELOAD_NEWS
        };
        self.show(about, text, Level::Info, Some((now, lasts)));
    }

    /// Says `text` in the messages and shows it in the banner, until the news that replaces it
    /// or, given `(now, real time)`, for that long from `now`.
    fn show(
        &mut self,
        about: About,
        text: String,
        level: Level,
        lasts: Option<(Instant, TimeDelta)>,
    ) {
        // The clock first: the message is said at `now`.
        if let Some((now, _)) = lasts {
            self.now = Some(now);
        }
        self.say(level, &text);
        let until = lasts.map(|(now, real)| now + self.lifetime(real));
        self.banner = Some(Banner {
            text,
            is_error: level == Level::Error,
            until,
            about,
        });
    }

    /// An answer to what the user just did, shown until the next thing they do (not for a
    /// while: an accelerated rehearsal clock would take it away before it is read).
    pub fn answer(&mut self, about: About, text: String) {
        self.banner = Some(Banner {
            text,
            is_error: false,
            until: None,
            about,
        });
    }

    /// `real` as the clock counts it: longer when the clock runs fast.
    fn lifetime(&self, real: TimeDelta) -> TimeDelta {
        if self.speed > 0.0 && self.speed.is_finite() {
            let ms = (real.num_milliseconds() as f64 * self.speed).min(1e15);
            TimeDelta::milliseconds(ms as i64)
        } else {
            real
        }
    }

    /// Takes away the banner about `about`, if that is the one shown.
    pub fn clear(&mut self, about: About) {
        if self.banner.as_ref().is_some_and(|b| b.about == about) {
            self.banner = None;
        }
    }

    /// A message for the panel alone (no banner): `line` as the loaders write them
    /// (`file:line:col: warning: …`), else plain text at `level`. A message said again (same
    /// level, place and text) is counted, not repeated, and is unread again.
    pub fn say(&mut self, level: Level, line: &str) {
        let (level, place, text) = Message::parse(line, level);
        // App::new tells the clock before anything can be said.
        let now = self.now.unwrap_or_default();
        if let Some(known) = self
            .messages
            .iter_mut()
            .find(|m| m.level == level && m.place == place && m.text == text)
        {
            known.count = known.count.saturating_add(1);
            known.last = now;
            known.is_unread = true;
            return;
        }
        if self.messages.len() >= MAX_MESSAGES {
            self.messages.remove(0);
        }
        self.messages.push(Message {
            level,
            place,
            text,
            first: now,
            last: now,
            count: 1,
            is_unread: true,
        });
    }

    /// Messages said since the panel was last opened.
    pub fn unread(&self) -> usize {
        self.messages.iter().filter(|m| m.is_unread).count()
    }

    /// The panel was opened: every message is read.
    pub fn mark_read(&mut self) {
        for message in &mut self.messages {
            message.is_unread = false;
        }
    }

    /// The clock moved on to `now`: a banner whose time is up goes.
    pub fn expire(&mut self, now: Instant) {
        self.now = Some(now);
        if self
            .banner
            .as_ref()
            .and_then(|b| b.until)
            .is_some_and(|u| now >= u)
        {
            self.banner = None;
        }
    }

    pub fn ask(&mut self, effect: Effect) {
        self.effects.push(effect);
    }

    /// Takes the work `update` asked for.
    pub fn take_effects(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.effects)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: i64) -> Instant {
        chrono::DateTime::from_timestamp(1_656_666_000 + seconds, 0).expect("a valid instant")
    }

    #[test]
    fn news_goes_by_itself_and_errors_stay_until_fixed() {
        let mut notices = Notices::default();
        notices.expire(at(0));
        notices.news(About::Programme, "reloaded".into(), at(0));
        notices.expire(at(14));
        assert!(notices.banner.is_some(), "still shown after 14 s");
        notices.expire(at(15));
        assert!(notices.banner.is_none(), "gone after 15 s");
        notices.error(About::Live, "broken".into());
        notices.expire(at(100_000));
        assert!(notices.banner.is_some(), "an error does not expire");
        notices.clear(About::Saving);
        assert!(
            notices.banner.is_some(),
            "news about something else leaves it"
        );
        notices.clear(About::Live);
        assert!(notices.banner.is_none());
    }

    /// Under `--speed 30` the clock counts 30 s a second: the news stays 15 real seconds all the
    /// same, 450 s of the clock.
    #[test]
    fn banner_lifetimes_are_real_time_under_a_fast_clock() {
        let mut notices = Notices {
            speed: 30.0,
            ..Notices::default()
        };
        notices.news(About::Programme, "reloaded".into(), at(0));
        notices.expire(at(15 * 29));
        assert!(notices.banner.is_some(), "14.5 real seconds: still shown");
        notices.expire(at(15 * 30));
        assert!(notices.banner.is_none(), "15 real seconds: gone");
    }

    #[test]
    fn every_banner_and_warning_is_a_message_once_and_unread_until_read() {
        let mut notices = Notices::default();
        notices.expire(at(0));
        notices.say(
            Level::Warning,
            "p.ics:12:1: warning: event «Party»: no end, and nothing follows it: left out",
        );
        notices.say(Level::Warning, "deroule: a plain line");
        notices.expire(at(60));
        notices.error(
            About::Saving,
            "favourites not saved: Read-only file system, in /x/f.yaml".into(),
        );
        assert_eq!(notices.unread(), 3);
        let first = &notices.messages[0];
        assert_eq!(
            (first.level, first.place.as_deref(), first.text.as_str()),
            (
                Level::Warning,
                Some("p.ics:12:1"),
                "event «Party»: no end, and nothing follows it: left out"
            )
        );
        assert_eq!(notices.messages[1].place, None);
        let quoted = Message::parse(
            "not reloaded, showing the last good version: p.yaml:3:1: error: bad",
            Level::Error,
        );
        assert_eq!(quoted.1, None, "a quoted place is text");
        assert_eq!(notices.messages[2].level, Level::Error);
        assert_eq!(notices.messages[2].first, at(60));
        notices.mark_read();
        assert_eq!(notices.unread(), 0);
        // The same failure again: counted, dated, unread again; not a second message.
        notices.expire(at(120));
        notices.error(
            About::Saving,
            "favourites not saved: Read-only file system, in /x/f.yaml".into(),
        );
        assert_eq!(notices.messages.len(), 3);
        let again = &notices.messages[2];
        assert_eq!((again.count, again.first, again.last), (2, at(60), at(120)));
        assert_eq!(notices.unread(), 1);
        notices.news(
            About::Programme,
            "programme reloaded: added «X»".into(),
            at(130),
        );
        assert_eq!(notices.messages[3].level, Level::Info);
    }

    #[test]
    fn the_oldest_messages_go_past_the_bound() {
        let mut notices = Notices::default();
        notices.expire(at(0));
        for n in 0..=MAX_MESSAGES {
            notices.say(Level::Warning, &format!("warning {n}"));
        }
        assert_eq!(notices.messages.len(), MAX_MESSAGES);
        assert_eq!(notices.messages[0].text, "warning 1");
    }

    #[test]
    fn effects_are_taken_once() {
        let mut notices = Notices::default();
        notices.ask(Effect::SaveLive);
        notices.ask(Effect::SaveFavourites);
        assert_eq!(
            notices.take_effects(),
            vec![Effect::SaveLive, Effect::SaveFavourites]
        );
        assert!(notices.take_effects().is_empty());
    }
}
