//! The facilitator's keys on the app: recording actions, skipping, undoing with words, the
//! message to attendees being written, and the question before quitting with actions not
//! saved. The recording itself is [`super::snapshot`]'s; this part says what happened on screen
//! and asks the loop to save.

use super::snapshot::Recording;
use super::{About, App, Banner, Effect, Level};
use crate::delay::{Phase, whole_minutes};
use crate::i18n::Lang;
use crate::live::visible;
use crate::model::Instant;
use crate::text::{fit, width};

/// The longest message to attendees, in characters: one line on a screen.
pub const MESSAGE_MAX: usize = 200;

/// The facilitator's state on the stage view, beside the record the snapshot keeps.
#[derive(Debug, Clone, Default)]
pub struct Stage {
    /// The message to attendees while it is being written (`m`).
    pub composing: Option<String>,
    /// `q` was pressed with actions not saved: a second `q` quits, any other key stays.
    pub quit_asked: bool,
}

impl App {
    fn is_facilitator(&self) -> bool {
        self.settings.is_stage()
    }

    /// Records a facilitator action (stage view only) and asks for the record to be saved.
    pub(super) fn record(&mut self, action: Recording) -> bool {
        if !self.is_facilitator() {
            return false;
        }
        let before = self.running_target();
        let recorded = self.snapshot.record(action, self.now);
        if recorded {
            self.saved_and_followed();
            if let Recording::Adjust(minutes) = action {
                self.say_hard_start_kept(minutes, before);
            }
        }
        recorded
    }

    /// The running item's index in the day and the end it aims for.
    fn running_target(&self) -> Option<(usize, Instant)> {
        let forecast = self.snapshot.forecast.as_ref()?;
        let running = forecast.running()?;
        Some((running, forecast.slots[running].target_end))
    }

    /// After `+`/`-`: when a hard start after the running item keeps its end where it was (the
    /// delay model shortens the running item to keep it), says so rather than nothing: the
    /// minutes are recorded, but the item still ends at the hard start, this much cut from it.
    fn say_hard_start_kept(&mut self, minutes: i64, before: Option<(usize, Instant)>) {
        let Some((running, target)) = self.running_target() else {
            return;
        };
        let Some(cut) = self
            .snapshot
            .forecast
            .as_ref()
            .and_then(|f| f.running_cut())
        else {
            return;
        };
        let moved = before
            .filter(|&(index, _)| index == running)
            .map_or(0, |(_, was)| (target - was).num_seconds());
        if moved.abs() >= minutes.abs() * 60 {
            return;
        }
        let day = self.snapshot.forecast_day(self.now);
        let hard = &self.snapshot.plan.days[day].items[cut.hard];
        let at = target.with_timezone(&self.snapshot.plan.tz).format("%H:%M");
        let sign = if minutes < 0 { "−" } else { "+" };
        let taken = whole_minutes(cut.seconds);
        let (before_name, after_name) = match self.lang {
            Lang::En => (
                format!("{sign}{} min recorded; ends {at} as «", minutes.abs()),
                format!("» is a hard start ({taken} min cut)"),
            ),
            Lang::Fr => (
                format!("{sign}{} min notée, fin toujours {at} : «", minutes.abs()),
                format!("» à horaire fixe (−{taken} min)"),
            ),
        };
        // The banner's row less its mark (" ℹ "): the hard start's name gives way first.
        let room = usize::from(self.size.width)
            .saturating_sub(3 + width(&before_name) + width(&after_name))
            .max(8);
        let name = fit(&visible(&hard.title), room).into_owned();
        self.notices.answer(
            About::Facilitator,
            format!("{before_name}{name}{after_name}"),
        );
    }

    fn saved_and_followed(&mut self) {
        self.notices.ask(Effect::SaveLive);
        if self.list.following {
            self.follow();
        }
    }

    /// At start: a record holding actions later than the clock (an earlier rehearsal run from
    /// a later time) is resumed with them not counted yet, which looked like a fresh start
    /// whose footer said `last: … 11:51` and whose `u` had nothing to undo. Says so once: in the
    /// banner until the first key, and in the messages panel.
    pub fn warn_of_later_actions(&mut self) {
        let Some(live) = self
            .snapshot
            .live
            .as_ref()
            .filter(|_| self.is_facilitator())
        else {
            return;
        };
        let Some(record) = live.record.as_ref() else {
            return;
        };
        let Some(last) = record
            .actions
            .iter()
            .map(|e| e.at)
            .filter(|&at| at > self.now)
            .max()
        else {
            return;
        };
        let tz = self.snapshot.plan.tz;
        let hm = |at: Instant| at.with_timezone(&tz).format("%H:%M").to_string();
        let (now, last) = (hm(self.now), hm(last));
        let rehearsal = crate::live::is_rehearsal_record(&live.path);
        let file = live.path.display();
        let text = match (self.lang, rehearsal) {
            (Lang::En, _) => format!(
                "the {} record has actions after {now} (last {last}): they are not counted yet; \
                 delete {file} to start afresh",
                if rehearsal { "rehearsal" } else { "live" }
            ),
            (Lang::Fr, true) => format!(
                "l’enregistrement de répétition a des actions après {now} (dernière {last}) : \
                 elles ne comptent pas encore ; supprimez {file} pour repartir de zéro"
            ),
            (Lang::Fr, false) => format!(
                "l’enregistrement en direct a des actions après {now} (dernière {last}) : elles \
                 ne comptent pas encore ; supprimez {file} pour repartir de zéro"
            ),
        };
        self.notices.say(Level::Warning, &text);
        self.notices.banner = Some(Banner {
            text,
            is_error: true,
            until: None,
            about: About::Facilitator,
        });
    }

    /// `u`: takes back the last action the view has reached, and says which.
    pub(super) fn undo(&mut self) -> bool {
        if !self.is_facilitator() {
            return false;
        }
        let text = match self.snapshot.undo(self.now) {
            Some(undone) => {
                self.saved_and_followed();
                undone.describe(&self.snapshot.plan, self.lang)
            }
            None => self
                .lang
                .pick("nothing to undo", "rien à annuler")
                .to_owned(),
        };
        self.notices.answer(About::Facilitator, text);
        true
    }

    /// `s`: skips the selected item when it has not started; otherwise says why not.
    pub(super) fn skip(&mut self) -> bool {
        if !self.is_facilitator() || !self.find.is_shown(self.list.selected) {
            return false;
        }
        let l = self.lang;
        let today = self.snapshot.forecast_day(self.now) == self.list.day;
        let index = self.list.selected;
        let title = self
            .selected_item()
            .map(|i| format!("«{}»", visible(&i.title)))
            .unwrap_or_default();
        let phase = self
            .selected_item()
            .and_then(|i| self.snapshot.slot_of(i, self.now))
            .map(|s| s.phase);
        let refusal = match phase {
            _ if !today => Some(
                l.pick(
                    "only today’s items can be skipped",
                    "seuls les éléments du jour peuvent être sautés",
                )
                .to_owned(),
            ),
            Some(Phase::Upcoming) | None => None,
            Some(Phase::Running) => Some(match l {
                Lang::En => format!(
                    "{title} is running: e ends it, space starts the next; to skip an item to \
                     come, select it (↓) and press s"
                ),
                Lang::Fr => format!(
                    "{title} est en cours : e le termine, espace lance la suite ; pour sauter un \
                     élément à venir, sélectionnez-le (↓) puis s"
                ),
            }),
            Some(Phase::Skipped) => Some(match l {
                Lang::En => format!("{title} is already skipped (u undoes the last action)"),
                Lang::Fr => format!("{title} est déjà sauté (u annule la dernière action)"),
            }),
            Some(Phase::Done) => Some(match l {
                Lang::En => format!("{title} is over"),
                Lang::Fr => format!("{title} est terminé"),
            }),
            Some(Phase::Cancelled) => Some(match l {
                Lang::En => format!("{title} is cancelled"),
                Lang::Fr => format!("{title} est annulé"),
            }),
        };
        if let Some(text) = refusal {
            self.notices.answer(About::Facilitator, text);
            return true;
        }
        self.record(Recording::Skip(index))
    }

    /// `m`: starts writing the message to attendees, from the one shown now.
    pub(super) fn compose(&mut self) -> bool {
        if !self.is_facilitator() || self.snapshot.record_now().is_none() {
            return false;
        }
        self.stage.composing = Some(self.snapshot.message(self.now).unwrap_or("").to_owned());
        true
    }

    /// A character typed into the message (`None`: backspace).
    pub(super) fn compose_edit(&mut self, c: Option<char>) -> bool {
        let Some(text) = self.stage.composing.as_mut() else {
            return false;
        };
        match c {
            Some(c) if c.is_control() || text.chars().count() >= MESSAGE_MAX => false,
            Some(c) => {
                text.push(c);
                true
            }
            None => text.pop().is_some(),
        }
    }

    /// Enter: the message goes to attendees (an empty one clears it).
    pub(super) fn compose_accept(&mut self) -> bool {
        let Some(text) = self.stage.composing.take() else {
            return false;
        };
        if self.snapshot.set_message(&text, self.now) {
            self.notices.ask(Effect::SaveLive);
        }
        true
    }

    /// `q` or Ctrl-C (never Esc): quits, unless the facilitator has actions not saved and was not
    /// asked yet; then asks (a second `q` quits, and what was not saved is printed).
    pub(super) fn quit(&mut self) -> bool {
        self.stage.composing = None;
        let asked = std::mem::take(&mut self.stage.quit_asked);
        if self.is_facilitator() && !asked && !self.snapshot.unsaved(self.lang).is_empty() {
            self.stage.quit_asked = true;
        } else {
            self.should_quit = true;
        }
        true
    }
}
