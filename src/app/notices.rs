//! What the app has to tell or ask beyond the programme: the banner row (a broken reload, what a
//! reload changed, a failed save) with its expiry, the note on a clock that is not the real one,
//! and the effects the loop is to perform (saving). Decides how long a banner stays; never does
//! the saving itself, and knows nothing of the programme.

use chrono::TimeDelta;

use crate::model::Instant;

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

#[derive(Debug, Clone, Default)]
pub struct Notices {
    pub banner: Option<Banner>,
    /// Said in the header when the clock is not the real one (`--at`, `--speed`, `--today`).
    pub clock_note: Option<String>,
    /// A programme opened by URL whose server cannot be reached: `Some(when it last confirmed
    /// what is shown)` (header: "offline · updated 12:03").
    pub offline: Option<Option<Instant>>,
    /// Work for the loop (saving), taken by [`Notices::take_effects`].
    effects: Vec<Effect>,
    /// How fast the clock runs (`--speed`: programme seconds per real second; 0 when it is the
    /// real clock or stopped). Banners live their time in real seconds: under `--speed 30`
    /// the news of a reload stayed half a second.
    pub speed: f64,
}

impl Notices {
    pub fn new(clock_note: Option<String>) -> Self {
        Notices {
            clock_note,
            ..Notices::default()
        }
    }

    /// An error about `about`, shown until the news that fixes it.
    pub fn error(&mut self, about: About, text: String) {
        self.banner = Some(Banner {
            text,
            is_error: true,
            until: None,
            about,
        });
    }

    /// Good news about `about`, shown for a while from `now`.
    pub fn news(&mut self, about: About, text: String, now: Instant) {
        self.banner = Some(Banner {
            text,
            is_error: false,
            until: Some(
                now + self.lifetime(if matches!(about, About::Reminder | About::Legend) {
                    REMINDER_NEWS
                } else {
                    RELOAD_NEWS
                }),
            ),
            about,
        });
    }

    /// An answer to what the user just did, shown until the next thing they do (not for a
    /// while: an accelerated rehearsal clock would take it away before it is read).
    pub fn say(&mut self, about: About, text: String) {
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

    /// The clock moved on to `now`: a banner whose time is up goes.
    pub fn expire(&mut self, now: Instant) {
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
