//! Reminders about favourites (`--remind 5m`, or `remind:` in the configuration): which are due
//! between the last tick and now, and what a reload or the live record did to a favourite (moved,
//! cancelled, gone). Pure: the favourites as [`Watch`]es and `now` in, [`Reminder`]s out; the
//! loop rings the bell and sends the desktop notification ([`notification`] makes the bytes).
//!
//! Rules: a favourite is reminded once, when `now` is within the lead time before its start and
//! it has not started (so a viewer opened at 10:58 hears of the 11:00 favourite, never of one
//! already running); never twice, unless it moves to a later start, which makes it due again.

use std::collections::{HashMap, HashSet};

use chrono::TimeDelta;
use chrono_tz::Tz;

use crate::i18n::Lang;
use crate::live;
use crate::model::{Day, Instant, Item, Programme, State};

/// A favourite as the reminders see it: its key, and its expected time, room and state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Watch {
    pub key: String,
    pub title: String,
    pub start: Instant,
    pub end: Instant,
    pub room: Option<String>,
    pub state: State,
}

/// Every item of `expected` (the plan with the live record's times; same days and order as
/// `plan`) whose planned key passes `keep`, on the days not yet over at `now`.
pub fn watches(
    plan: &Programme,
    expected: &Programme,
    now: Instant,
    keep: impl Fn(&str) -> bool,
) -> Vec<Watch> {
    watched(
        plan,
        expected,
        |planned, shown| planned.closes().max(shown.closes()) > now,
        |_| true,
        keep,
    )
}

/// The favourites that start after `now` and within `lead` of it: [`watches`] for
/// [`Reminders::due`], which runs every tick, so only the days around `now` are looked at and
/// only the items starting in that window keyed (FOSDEM-sized programmes stay cheap).
pub fn starting_soon(
    plan: &Programme,
    expected: &Programme,
    now: Instant,
    lead: TimeDelta,
    keep: impl Fn(&str) -> bool,
) -> Vec<Watch> {
    let until = now + lead;
    watched(
        plan,
        expected,
        |planned, shown| {
            shown.opens().min(planned.opens()) <= until
                && shown.closes().max(planned.closes()) > now
        },
        |e| e.start > now && e.start <= until,
        keep,
    )
}

/// The items of the days `day` takes (planned, expected) that `item` takes (expected times),
/// as [`Watch`]es, when their planned key passes `keep` (keyed only once the rest passed).
fn watched(
    plan: &Programme,
    expected: &Programme,
    day: impl Fn(&Day, &Day) -> bool,
    item: impl Fn(&Item) -> bool,
    keep: impl Fn(&str) -> bool,
) -> Vec<Watch> {
    let mut found = Vec::new();
    for (planned, shown) in plan.days.iter().zip(&expected.days) {
        if !day(planned, shown) {
            continue;
        }
        for (p, e) in planned.items.iter().zip(&shown.items) {
            if !item(e) {
                continue;
            }
            let key = live::key(plan, p);
            if keep(&key) {
                found.push(Watch {
                    key,
                    title: e.title.clone(),
                    start: e.start,
                    end: e.end,
                    room: e.room.clone(),
                    state: e.state,
                });
            }
        }
    }
    found
}

/// Something to tell the attendee about a favourite.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reminder {
    /// It starts soon.
    Soon(Watch),
    /// Its start or room changed (the favourite as it is now, and its start and room before).
    Moved {
        now: Watch,
        from: Instant,
        from_room: Option<String>,
    },
    /// Cancelled, or no longer in the programme.
    Cancelled(Watch),
}

impl Reminder {
    /// One line for the banner and the desktop notification.
    pub fn text(&self, tz: Tz, now: Instant, lang: Lang) -> String {
        let hm = |t: Instant| t.with_timezone(&tz).format("%H:%M").to_string();
        let room = |r: &Option<String>| r.as_ref().map_or(String::new(), |r| format!(" · {r}"));
        match self {
            Reminder::Soon(w) => {
                let minutes = ((w.start - now).num_seconds().max(0) + 59) / 60;
                format!(
                    "★ {} {minutes} min: {} ({}{})",
                    lang.pick("in", "dans"),
                    w.title,
                    hm(w.start),
                    room(&w.room)
                )
            }
            Reminder::Moved {
                now: w,
                from,
                from_room,
            } => {
                let times = if *from == w.start {
                    String::new()
                } else {
                    format!(" {} → {}", hm(*from), hm(w.start))
                };
                let place = if *from_room == w.room {
                    room(&w.room)
                } else {
                    let name = |r: &Option<String>| {
                        r.clone()
                            .unwrap_or_else(|| lang.pick("no room", "sans salle").to_owned())
                    };
                    format!(" · {} → {}", name(from_room), name(&w.room))
                };
                let what = format!(
                    "★ {} {}{times}{place}",
                    lang.pick("moved:", "déplacé :"),
                    w.title
                );
                what
            }
            Reminder::Cancelled(w) => format!(
                "★ {} {} ({}{})",
                lang.pick("cancelled:", "annulé :"),
                w.title,
                hm(w.start),
                room(&w.room)
            ),
        }
    }
}

/// What has been said, so nothing is said twice.
#[derive(Debug, Clone)]
pub struct Reminders {
    pub lead: TimeDelta,
    /// Keys of the favourites already reminded at their current start.
    sent: HashSet<String>,
}

impl Reminders {
    pub fn new(lead: TimeDelta) -> Self {
        Reminders {
            lead,
            sent: HashSet::new(),
        }
    }

    /// The favourites due now: not started, starting within the lead, not cancelled, not
    /// reminded yet.
    pub fn due(&mut self, watched: &[Watch], now: Instant) -> Vec<Reminder> {
        let mut due = Vec::new();
        for w in watched {
            let soon = w.start > now && w.start - self.lead <= now;
            if soon && w.state != State::Cancelled && self.sent.insert(w.key.clone()) {
                due.push(Reminder::Soon(w.clone()));
            }
        }
        due
    }

    /// What a reload or a new live record did to the favourites not over at `now`: `before` and
    /// `after` are the favourites before and every item after (so a favourite that lost its key,
    /// an item without id whose start changed, is found again by its title). A move of less than
    /// a minute is not news. A favourite moved to a later start is due again.
    pub fn changed(&mut self, before: &[Watch], after: &[Watch], now: Instant) -> Vec<Reminder> {
        let by_key: HashMap<&str, &Watch> = after.iter().map(|w| (w.key.as_str(), w)).collect();
        let mut said = Vec::new();
        for old in before.iter().filter(|w| w.end > now) {
            let found = by_key.get(old.key.as_str()).copied().or_else(|| {
                let mut same = after.iter().filter(|w| w.title == old.title);
                same.next().filter(|_| same.next().is_none())
            });
            let Some(new) = found else {
                if old.state != State::Cancelled {
                    said.push(Reminder::Cancelled(old.clone()));
                }
                continue;
            };
            if new.state == State::Cancelled && old.state != State::Cancelled {
                said.push(Reminder::Cancelled(new.clone()));
                continue;
            }
            let shift = (new.start - old.start).num_seconds().abs();
            if new.start > now && (shift >= 60 || new.room != old.room) {
                if new.start - self.lead > now {
                    self.sent.remove(&old.key);
                    self.sent.remove(&new.key);
                }
                said.push(Reminder::Moved {
                    now: new.clone(),
                    from: old.start,
                    from_room: old.room.clone(),
                });
            }
        }
        said
    }
}

/// How the desktop notification is sent through the terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notifier {
    /// `ESC ] 9 ; text BEL`: iTerm2, WezTerm, kitty, Windows Terminal, ConEmu.
    Osc9,
    /// `ESC ] 777 ; notify ; title ; text BEL`: foot, VTE terminals (GNOME), urxvt, WezTerm.
    Osc777,
}

impl Notifier {
    /// The one a terminal understands, from its environment (`TERM`, `TERM_PROGRAM`,
    /// `VTE_VERSION`); OSC 9 unless it is known to want OSC 777.
    pub fn for_terminal(var: impl Fn(&str) -> Option<String>) -> Notifier {
        Notifier::chosen(var).0
    }

    /// [`Notifier::for_terminal`], and why: the variable that decided, as `NAME=value`.
    pub fn chosen(var: impl Fn(&str) -> Option<String>) -> (Notifier, String) {
        let term = var("TERM").unwrap_or_default();
        let program = var("TERM_PROGRAM").unwrap_or_default();
        let vte = var("VTE_VERSION").filter(|v| !v.is_empty());
        if term.starts_with("foot") || term.starts_with("rxvt") {
            (Notifier::Osc777, format!("TERM={term}"))
        } else if program == "foot" {
            (Notifier::Osc777, "TERM_PROGRAM=foot".to_owned())
        } else if let Some(v) = vte {
            (Notifier::Osc777, format!("VTE_VERSION={v}"))
        } else {
            let program = if program.is_empty() {
                String::new()
            } else {
                format!(", TERM_PROGRAM={program}")
            };
            (Notifier::Osc9, format!("TERM={term}{program}"))
        }
    }

    /// What the messages panel says once when reminders are on: the sequence chosen, from what,
    /// and inside tmux what it needs to pass the notification on.
    pub fn said(self, why: &str, in_tmux: bool, lang: Lang) -> String {
        let (osc, kind) = match self {
            Notifier::Osc9 => (
                "OSC 9",
                lang.pick(
                    "not a foot, urxvt or VTE terminal",
                    "ni foot, ni urxvt, ni un terminal VTE",
                ),
            ),
            Notifier::Osc777 => (
                "OSC 777",
                lang.pick(
                    "a foot, urxvt or VTE terminal",
                    "un terminal foot, urxvt ou VTE",
                ),
            ),
        };
        let mut text = match lang {
            Lang::En => format!("reminders: desktop notifications sent as {osc} ({why}: {kind})"),
            Lang::Fr => format!("rappels : notifications envoyées en {osc} ({why} : {kind})"),
        };
        if in_tmux {
            text.push_str(lang.pick(
                "; inside tmux they reach the terminal only with `set -g allow-passthrough on`",
                " ; dans tmux elles n’arrivent au terminal qu’avec `set -g allow-passthrough on`",
            ));
        }
        text
    }
}

/// The bytes that ring the bell and send `text` as a desktop notification. Control characters
/// are taken out of `text` (a title must not end the sequence early), and `;` too for OSC 777,
/// which splits on it. Inside tmux (`in_tmux`) the sequence is wrapped for tmux to pass on
/// (`set -g allow-passthrough on`); the bell rings either way.
pub fn notification(text: &str, notifier: Notifier, in_tmux: bool) -> Vec<u8> {
    let clean: String = text
        .chars()
        .map(|c| {
            if c.is_control() || (notifier == Notifier::Osc777 && c == ';') {
                ' '
            } else {
                c
            }
        })
        .collect();
    let osc = match notifier {
        Notifier::Osc9 => format!("\x1b]9;{clean}\x07"),
        Notifier::Osc777 => format!("\x1b]777;notify;deroule;{clean}\x07"),
    };
    let mut bytes = Vec::new();
    if in_tmux {
        bytes.extend_from_slice(b"\x1bPtmux;");
        bytes.extend_from_slice(osc.replace('\x1b', "\x1b\x1b").as_bytes());
        bytes.extend_from_slice(b"\x1b\\");
    } else {
        bytes.extend_from_slice(osc.as_bytes());
    }
    bytes.push(0x07);
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{bundled_at, bundled_programme};

    fn watch(key: &str, start: Instant, minutes: i64) -> Watch {
        Watch {
            key: key.into(),
            title: format!("Talk {key}"),
            start,
            end: start + TimeDelta::minutes(minutes),
            room: Some("A".into()),
            state: State::Confirmed,
        }
    }

    fn five() -> Reminders {
        Reminders::new(TimeDelta::minutes(5))
    }

    #[test]
    fn a_favourite_is_due_from_five_minutes_before_its_start_and_once() {
        let w = [watch("a", bundled_at(11, 15), 30)];
        let mut r = five();
        assert!(r.due(&w, bundled_at(11, 9)).is_empty(), "6 min before");
        let at_lead = r.due(&w, bundled_at(11, 10));
        assert_eq!(at_lead, vec![Reminder::Soon(w[0].clone())]);
        assert!(r.due(&w, bundled_at(11, 11)).is_empty(), "never twice");
        assert!(r.due(&w, bundled_at(11, 14)).is_empty(), "never twice");
    }

    #[test]
    fn a_tick_that_jumps_over_the_lead_still_reminds_before_the_start() {
        let w = [watch("a", bundled_at(11, 15), 30)];
        let mut r = five();
        assert!(r.due(&w, bundled_at(11, 0)).is_empty());
        assert_eq!(r.due(&w, bundled_at(11, 13)).len(), 1);
    }

    #[test]
    fn nothing_is_said_of_a_favourite_already_started_on_start_up() {
        let w = [watch("a", bundled_at(11, 0), 30)];
        let mut r = five();
        assert!(
            r.due(&w, bundled_at(11, 0)).is_empty(),
            "start is inclusive"
        );
        assert!(r.due(&w, bundled_at(11, 10)).is_empty());
    }

    #[test]
    fn a_viewer_opened_within_the_lead_hears_of_the_coming_favourite() {
        let w = [watch("a", bundled_at(11, 0), 30)];
        let mut r = five();
        assert_eq!(r.due(&w, bundled_at(10, 58)).len(), 1);
    }

    #[test]
    fn cancelled_favourites_are_not_reminded() {
        let mut w = watch("a", bundled_at(11, 15), 30);
        w.state = State::Cancelled;
        assert!(five().due(&[w], bundled_at(11, 12)).is_empty());
    }

    #[test]
    fn a_move_is_said_and_a_later_start_is_due_again() {
        let before = [watch("a", bundled_at(11, 15), 30)];
        let mut r = five();
        assert_eq!(r.due(&before, bundled_at(11, 12)).len(), 1);
        let after = [watch("a", bundled_at(11, 45), 30)];
        let said = r.changed(&before, &after, bundled_at(11, 12));
        assert_eq!(
            said,
            vec![Reminder::Moved {
                now: after[0].clone(),
                from: bundled_at(11, 15),
                from_room: Some("A".into()),
            }]
        );
        assert!(r.due(&after, bundled_at(11, 39)).is_empty());
        assert_eq!(r.due(&after, bundled_at(11, 40)).len(), 1, "due again");
    }

    #[test]
    fn less_than_a_minute_is_not_a_move_and_a_room_change_is() {
        let before = [watch("a", bundled_at(11, 15), 30)];
        let mut nudged = before.clone();
        nudged[0].start += TimeDelta::seconds(30);
        let mut r = five();
        assert!(r.changed(&before, &nudged, bundled_at(11, 0)).is_empty());
        let mut elsewhere = before.clone();
        elsewhere[0].room = Some("B".into());
        assert_eq!(r.changed(&before, &elsewhere, bundled_at(11, 0)).len(), 1);
    }

    #[test]
    fn cancelled_or_gone_favourites_are_said_and_finished_ones_are_not() {
        let before = [
            watch("a", bundled_at(11, 15), 30),
            watch("b", bundled_at(12, 0), 30),
            watch("old", bundled_at(9, 0), 30),
        ];
        let mut cancelled = before[0].clone();
        cancelled.state = State::Cancelled;
        let after = [cancelled.clone()];
        let said = five().changed(&before, &after, bundled_at(11, 0));
        assert_eq!(
            said,
            vec![
                Reminder::Cancelled(cancelled),
                Reminder::Cancelled(before[1].clone())
            ]
        );
    }

    #[test]
    fn a_favourite_whose_key_changed_is_found_by_its_title() {
        let before = [watch("2022-07-01 11:15 Talk", bundled_at(11, 15), 30)];
        let mut after = watch("2022-07-01 11:30 Talk", bundled_at(11, 30), 30);
        after.title = before[0].title.clone();
        let said = five().changed(&before, &[after.clone()], bundled_at(11, 0));
        assert!(matches!(&said[..], [Reminder::Moved { now, .. }] if *now == after));
    }

    #[test]
    fn watches_follow_the_expected_times_under_the_planned_keys() {
        let plan = bundled_programme();
        let mut expected = plan.clone();
        let item = &mut expected.days[0].items[4];
        item.start += TimeDelta::minutes(4);
        let key = live::key(&plan, &plan.days[0].items[4]);
        let found = watches(&plan, &expected, bundled_at(11, 0), |k| k == key);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].start,
            plan.days[0].items[4].start + TimeDelta::minutes(4)
        );
        assert!(watches(&plan, &expected, bundled_at(23, 0), |_| true).is_empty());
    }

    #[test]
    fn only_favourites_starting_within_the_lead_are_looked_at_each_tick() {
        let plan = bundled_programme();
        let all = |_: &str| true;
        let soon = starting_soon(&plan, &plan, bundled_at(11, 10), TimeDelta::minutes(5), all);
        let titles: Vec<&str> = soon.iter().map(|w| w.title.as_str()).collect();
        assert_eq!(titles, ["Retours d’expérience de contributions réussies"]);
        let none = starting_soon(&plan, &plan, bundled_at(11, 16), TimeDelta::minutes(5), all);
        assert!(none.is_empty(), "started ones are not soon");
    }

    #[test]
    fn texts_say_when_and_where() {
        let tz = chrono_tz::Europe::Paris;
        let w = watch("a", bundled_at(11, 15), 30);
        let soon = Reminder::Soon(w.clone()).text(tz, bundled_at(11, 10), Lang::En);
        assert_eq!(soon, "★ in 5 min: Talk a (11:15 · A)");
        let moved = Reminder::Moved {
            now: w.clone(),
            from: bundled_at(11, 0),
            from_room: None,
        };
        assert_eq!(
            moved.text(tz, bundled_at(10, 0), Lang::Fr),
            "★ déplacé : Talk a 11:00 → 11:15 · sans salle → A"
        );
    }

    #[test]
    fn notification_bytes_are_clean_and_wrapped_for_tmux() {
        let plain = notification("a;b\x1b]0;x\x07", Notifier::Osc9, false);
        assert_eq!(plain, b"\x1b]9;a;b ]0;x \x07\x07");
        let foot = notification("a;b", Notifier::Osc777, false);
        assert_eq!(foot, b"\x1b]777;notify;deroule;a b\x07\x07");
        let tmux = notification("hi", Notifier::Osc9, true);
        assert_eq!(tmux, b"\x1bPtmux;\x1b\x1b]9;hi\x07\x1b\\\x07");
    }

    #[test]
    fn the_notifier_follows_the_terminal() {
        let env = crate::fake_env;
        assert_eq!(
            Notifier::for_terminal(env(&[("TERM", "foot")])),
            Notifier::Osc777
        );
        assert_eq!(
            Notifier::for_terminal(env(&[("TERM", "xterm-256color"), ("VTE_VERSION", "7600")])),
            Notifier::Osc777
        );
        assert_eq!(
            Notifier::for_terminal(env(&[("TERM", "xterm-kitty")])),
            Notifier::Osc9
        );
    }

    #[test]
    fn the_choice_is_said_with_its_reason_and_tmuxs_need() {
        let var = crate::fake_env(&[("TERM", "xterm-256color"), ("VTE_VERSION", "7600")]);
        let (notifier, why) = Notifier::chosen(var);
        assert_eq!(
            (notifier, why.as_str()),
            (Notifier::Osc777, "VTE_VERSION=7600")
        );
        assert_eq!(
            notifier.said(&why, false, Lang::En),
            "reminders: desktop notifications sent as OSC 777 (VTE_VERSION=7600: a foot, urxvt \
             or VTE terminal)"
        );
        let kitty = |name: &str| match name {
            "TERM" => Some("tmux-256color".to_owned()),
            "TERM_PROGRAM" => Some("tmux".to_owned()),
            _ => None,
        };
        let (notifier, why) = Notifier::chosen(kitty);
        assert_eq!(
            notifier.said(&why, true, Lang::En),
            "reminders: desktop notifications sent as OSC 9 (TERM=tmux-256color, \
             TERM_PROGRAM=tmux: not a foot, urxvt or VTE terminal); inside tmux they reach the \
             terminal only with `set -g allow-passthrough on`"
        );
    }
}
