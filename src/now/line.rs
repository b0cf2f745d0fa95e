//! `now`'s default line, in the user's language: what runs, until when, what is next, the delay,
//! the running item's cut and the facilitator's message, on one inert line.

use super::{Snapshot, hm, minutes_until};
use crate::i18n::Lang;
use crate::model::timefmt::format_minutes;
use crate::model::{Item, Programme};
use crate::timeline::{Phase, format_countdown, seconds_until};

/// `27 items running in 27 rooms` / `27 séances en cours dans 27 salles`.
fn running_count(items: &[Item], lang: Lang) -> String {
    let rooms = distinct_rooms(items);
    match lang {
        Lang::En => format!(
            "{} running in {}",
            count(items.len(), "item", "items"),
            count(rooms, "room", "rooms")
        ),
        Lang::Fr => format!(
            "{} en cours dans {}",
            count(items.len(), "séance", "séances"),
            count(rooms, "salle", "salles")
        ),
    }
}

fn distinct_rooms(items: &[Item]) -> usize {
    let mut rooms: Vec<Option<&str>> = items.iter().map(|i| i.room.as_deref()).collect();
    rooms.sort_unstable();
    rooms.dedup();
    rooms.len()
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Where the next items are, with parallel rooms: `K.3.201` for one, `3 rooms` for several;
/// nothing for a plenary item.
fn next_rooms(items: &[Item], lang: Lang) -> Option<String> {
    match items {
        [one] => one.room.clone(),
        many => Some(match lang {
            Lang::En => count(distinct_rooms(many), "room", "rooms"),
            Lang::Fr => count(distinct_rooms(many), "salle", "salles"),
        }),
    }
}

/// The next item's title, or with parallel rooms and several starting at once, how many.
fn next_what(s: &Snapshot, next: &Item, lang: Lang) -> String {
    if s.parallel && s.next_all.len() > 1 {
        match lang {
            Lang::En => count(s.next_all.len(), "item", "items"),
            Lang::Fr => count(s.next_all.len(), "séance", "séances"),
        }
    } else {
        next.title.clone()
    }
}

/// The default line, in `lang`. With parallel rooms it says which rooms, and counts what runs
/// when more than one item does; a "next" in another room is not the running item's follow-up,
/// so it is given as a time and a place (`· next: 11:05 (3 rooms)`), not as `→ Title`.
pub fn line(s: &Snapshot, p: &Programme, lang: Lang) -> String {
    // The one running item's follow-up: the one next item, in its room.
    let follows = matches!(
        (s.running_all.as_slice(), s.next_all.as_slice()),
        ([run], [next]) if run.room == next.room
    );
    let next_part = |prefix: &str| {
        s.next.as_ref().map_or(String::new(), |n| {
            if s.parallel && !follows {
                let rooms =
                    next_rooms(&s.next_all, lang).map_or(String::new(), |r| format!(" ({r})"));
                format!(
                    " · {} {}{rooms}",
                    lang.pick("next:", "ensuite :"),
                    hm(p, n.start),
                )
            } else {
                format!("{prefix}{} {}", n.title, hm(p, n.start))
            }
        })
    };
    // The running item's title, and its room when rooms run in parallel or one is followed.
    let titled = |item: &Item| match &item.room {
        Some(room) if s.parallel || s.followed_room.is_some() => {
            format!("{} · {room}", item.title)
        }
        _ => item.title.clone(),
    };
    // ` · K.3.201`, ` · 30 rooms` after a next item when rooms run in parallel.
    let where_next = || {
        next_rooms(&s.next_all, lang)
            .filter(|_| s.parallel)
            .map_or(String::new(), |r| format!(" · {r}"))
    };
    let mut text = match (s.phase, &s.running, &s.next) {
        (Phase::Running, Some(_), _) if s.running_all.len() > 1 => format!(
            "▶ {}{}",
            running_count(&s.running_all, lang),
            next_part(" → ")
        ),
        (Phase::Running, Some(item), _) => match s.over {
            Some(over) => format!(
                "▶ {} · {} {}{}",
                titled(item),
                (over + 59) / 60,
                lang.pick("min over", "min de dépassement"),
                next_part(" → ")
            ),
            None => format!(
                "▶ {} · {} {} ({} {}){}",
                titled(item),
                lang.pick("ends", "fin"),
                hm(p, item.end),
                lang.pick("in", "dans"),
                format_minutes(minutes_until(s.now, item.end)),
                next_part(" → ")
            ),
        },
        (Phase::Before, _, Some(next)) => format!(
            "{} {} · {} {} {}{}",
            lang.pick("Starts in", "Commence dans"),
            format_countdown(seconds_until(s.now, next.start)),
            next_what(s, next, lang),
            lang.pick("at", "à"),
            hm(p, next.start),
            where_next()
        ),
        (Phase::After, _, _) | (_, _, None) => {
            // Which day it ended, when there were several.
            let day = if p.days.len() > 1 {
                format!(
                    " {} {}",
                    lang.pick("on", "le"),
                    lang.date_short(s.last_end.with_timezone(&p.tz).date_naive())
                )
            } else {
                String::new()
            };
            format!(
                "{} {}{day}",
                lang.pick("Ended at", "Terminé à"),
                hm(p, s.last_end)
            )
        }
        (_, _, Some(next)) => format!(
            "{} {} {} {} ({} {}){}",
            lang.pick("Next:", "Ensuite :"),
            next_what(s, next, lang),
            lang.pick("at", "à"),
            hm(p, next.start),
            lang.pick("in", "dans"),
            // `in 13 h 30` rather than `in 810 min` overnight.
            format_minutes(minutes_until(s.now, next.start)),
            where_next()
        ),
    };
    if s.delay != 0 && s.phase != Phase::After {
        let late = s.delay > 0;
        let text_delay = match lang {
            Lang::En => format!(
                " · running ~{} min {}",
                s.delay.abs(),
                if late { "late" } else { "early" }
            ),
            Lang::Fr => format!(
                " · ~{} min {}",
                s.delay.abs(),
                if late { "de retard" } else { "d’avance" }
            ),
        };
        text.push_str(&text_delay);
    }
    if let Some(cut) = &s.cut {
        text.push_str(" · ");
        text.push_str(&cut.sentence(p.tz, lang));
    }
    for title in &s.skipped {
        text.push_str(" · «");
        text.push_str(title);
        text.push_str(lang.pick("» skipped", "» sauté"));
    }
    if let Some(message) = &s.message {
        text.push_str(" · ");
        text.push_str(message);
    }
    if s.favourites_only {
        text.insert_str(0, "★ ");
    }
    // One line whatever the titles and rooms hold (no CR, LF or tab, no control).
    crate::inert::line(&text).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundled_programme as bundled;
    use crate::live::{self, Record};
    use crate::model::Instant;
    use crate::now::tests::{at, parallel};
    use crate::now::{json, snapshot};

    /// Issue #12: lunch a hard start, « Retours » started 11:22, « Échanges » 11:58: at 12:10
    /// lunch is still at 12:30 and the line says what it costs.
    #[test]
    fn a_kept_hard_start_is_announced_with_its_cut() {
        let mut p = bundled();
        p.days[0].items[6].hard_start = true;
        let mut record = Record::new(&p, at(&p, 9, 0, 0));
        let mut start = |item: &str, ended: &str, t: Instant| {
            let mut e = live::Entry::new(t, live::Kind::Start, item.into());
            e.ended = Some(ended.into());
            record.actions.push(e);
        };
        start("retours-experience", "pause-matin", at(&p, 11, 22, 0));
        start("bonnes-pratiques", "retours-experience", at(&p, 11, 58, 0));
        record.set_message(at(&p, 12, 0, 0), "Lunch is served in the hall");
        let s = snapshot(&p, Some(&record), at(&p, 12, 10, 0));
        assert_eq!(
            line(&s, &p, Lang::En),
            "▶ Échanges sur des bonnes pratiques pour permettre la contribution · ends 12:30 \
             (in 20 min) → Pause déjeuner 12:30 · «Échanges sur des bonnes pratiques pour \
             permettre la contribution» cut by 13 min to keep «Pause déjeuner» at 12:30 · Lunch \
             is served in the hall"
        );
        let v: serde_json::Value = serde_json::from_str(&json(&s, &p)).expect("json");
        assert_eq!(v["delay_minutes"], 0);
        assert_eq!(v["message"], "Lunch is served in the hall");
        assert_eq!(v["cut"]["minutes"], 13);
        assert_eq!(v["cut"]["hard_start_at"], "2022-07-01T12:30:00+02:00");
        record.set_message(at(&p, 12, 5, 0), "");
        let s = snapshot(&p, Some(&record), at(&p, 12, 10, 0));
        assert_eq!(s.message, None, "an empty message clears it");
    }

    #[test]
    fn lines_in_english_and_french() {
        let p = bundled();
        let s = snapshot(&p, None, at(&p, 11, 10, 30));
        assert_eq!(
            line(&s, &p, Lang::En),
            "▶ Pause · ends 11:15 (in 5 min) → Retours d’expérience de contributions réussies 11:15"
        );
        assert_eq!(
            line(&s, &p, Lang::Fr),
            "▶ Pause · fin 11:15 (dans 5 min) → Retours d’expérience de contributions réussies 11:15"
        );
        let before = snapshot(&p, None, at(&p, 8, 30, 0));
        assert_eq!(
            line(&before, &p, Lang::En),
            "Starts in 30:00 · Accueil et café at 09:00"
        );
        assert_eq!(
            line(&before, &p, Lang::Fr),
            "Commence dans 30:00 · Accueil et café à 09:00"
        );
        let after = snapshot(&p, None, at(&p, 18, 0, 0));
        assert_eq!(line(&after, &p, Lang::Fr), "Terminé à 18:00");
        let last = snapshot(&p, None, at(&p, 17, 45, 0));
        assert_eq!(
            line(&last, &p, Lang::En),
            "▶ Temps informel avant départ · ends 18:00 (in 15 min)"
        );
    }

    #[test]
    fn parallel_rooms_are_counted_and_next_is_a_time_and_a_place() {
        let p = parallel();
        let both = snapshot(&p, None, at(&p, 9, 30, 0));
        assert_eq!(
            line(&both, &p, Lang::En),
            "▶ 2 items running in 2 rooms · next: 10:00 (2 rooms)"
        );
        assert_eq!(
            line(&both, &p, Lang::Fr),
            "▶ 2 séances en cours dans 2 salles · ensuite : 10:00 (2 salles)"
        );
        // One left running: its room is named, and the next is not its follow-up.
        let one = snapshot(&p, None, at(&p, 9, 55, 0));
        assert_eq!(
            line(&one, &p, Lang::En),
            "▶ A1 · A · ends 10:00 (in 5 min) · next: 10:00 (2 rooms)"
        );
        let before = snapshot(&p, None, at(&p, 8, 0, 0));
        assert_eq!(
            line(&before, &p, Lang::En),
            "Starts in 1:00:00 · 2 items at 09:00 · 2 rooms"
        );
        let closing = snapshot(&p, None, at(&p, 10, 30, 0));
        assert_eq!(
            line(&closing, &p, Lang::En),
            "▶ 2 items running in 2 rooms · next: 11:00"
        );
    }

    #[test]
    fn the_next_item_of_the_running_items_room_is_its_follow_up() {
        let p = crate::model::load_str(
            "title: P\ntime_zone: Europe/Paris\nrooms: [A, B]\ndate: 2022-07-01\nitems:\n  \
             - {title: A1, start: 9h, end: 10h, room: A}\n  - {title: A2, start: 10h, end: 11h, room: A}\n  \
             - {title: B1, start: 10h30, end: 11h, room: B}\n",
            "p.yaml",
        )
        .expect("valid")
        .programme;
        let s = snapshot(&p, None, at(&p, 9, 30, 0));
        assert_eq!(
            line(&s, &p, Lang::En),
            "▶ A1 · A · ends 10:00 (in 30 min) → A2 10:00"
        );
    }
}
