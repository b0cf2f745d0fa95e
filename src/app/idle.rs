//! Keys that do nothing for this programme (#16): the footer leaves them out, and pressing one
//! says why instead of doing nothing in silence. Pure: reads the programme and the app's state.

use super::picker::Facet;
use super::{Action, App, View};
use crate::i18n::Lang;
use crate::model::Programme;

/// What the programme offers that the optional keys act on: independent facts, each answering
/// for its own keys.
#[allow(clippy::struct_excessive_bools)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Offers {
    /// A room at least: the rooms grid (`v`; one column still lays the day out in time).
    pub grid: bool,
    /// Two rooms or more: the room view (`o`) and the room picker (`r`).
    pub rooms: bool,
    /// A track at least: the track picker (`T`; one track still tells its items from the
    /// others).
    pub tracks: bool,
    /// Two days or more: `←` `→` and `[` `]`.
    pub days: bool,
    /// The viewer's zone differs from the event's: local time (`t`).
    pub local: bool,
}

impl Offers {
    pub fn of(programme: &Programme, local_differs: bool) -> Offers {
        Offers {
            grid: !programme.rooms.is_empty(),
            rooms: programme.rooms.len() >= 2,
            tracks: !programme.tracks.is_empty(),
            days: programme.days.len() >= 2,
            local: local_differs,
        }
    }

    /// Whether the footer offers `key` (as the footer writes it).
    pub fn offers(self, key: &str) -> bool {
        match key {
            "v" => self.grid,
            "o" | "r" => self.rooms,
            "T" => self.tracks,
            "←→" | "[ ]" => self.days,
            "t" => self.local,
            _ => true,
        }
    }

    /// The filter keys the footer offers: `r T K` with those that do nothing left out.
    pub fn filter_keys(self) -> String {
        [("r", self.rooms), ("T", self.tracks), ("K", true)]
            .iter()
            .filter(|(_, on)| *on)
            .map(|(k, _)| *k)
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Why `action` does nothing for this programme, when it does nothing for that reason.
pub fn why_idle(app: &App, action: &Action) -> Option<String> {
    let offers = Offers::of(&app.snapshot.plan, app.local_differs());
    let l = app.lang;
    let one_room = || {
        l.pick(
            "this programme has one room or none: no room view or room filter",
            "ce programme n’a qu’une salle ou aucune : ni vue de salle, ni filtre par salle",
        )
        .to_owned()
    };
    match action {
        Action::ToggleGrid if !offers.grid && app.grid.view == View::List => Some(
            l.pick(
                "this programme names no rooms: no rooms grid",
                "ce programme ne nomme pas de salles : pas de grille des salles",
            )
            .to_owned(),
        ),
        Action::RoomView if !offers.rooms && app.find.room_view.is_none() => Some(one_room()),
        Action::Pick(Facet::Room) if !offers.rooms => Some(one_room()),
        Action::Pick(Facet::Track) if !offers.tracks => Some(
            l.pick(
                "this programme has no tracks",
                "ce programme n’a pas de thématiques",
            )
            .to_owned(),
        ),
        Action::PrevDay | Action::NextDay if !offers.days => Some(
            l.pick(
                "this programme has one day",
                "ce programme n’a qu’une journée",
            )
            .to_owned(),
        ),
        Action::ToggleLocal if !offers.local && !app.settings.local_time.is_shown => {
            let zone = crate::i18n::zone_label(app.snapshot.programme.tz);
            Some(match l {
                Lang::En => format!("your clock is the event's ({zone}): no local time to add"),
                Lang::Fr => {
                    format!("votre heure est celle de l’événement ({zone}) : rien à ajouter")
                }
            })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::{Mode, Options, Zone};
    use crate::{bundled_at, bundled_programme};
    use ratatui::layout::Size;

    fn app(viewer: Zone) -> App {
        let options = Options {
            show_local: false,
            viewer,
            theme: crate::theme::Theme::new(true),
            clock_note: None,
            mode: Mode::Attendee,
            lang: Lang::En,
            live: None,
            favourites: crate::favourites::Favourites::default(),
            remind: None,
        };
        App::new(
            bundled_programme(),
            bundled_at(11, 5),
            Size::new(100, 30),
            options,
        )
    }

    #[test]
    fn keys_that_do_nothing_for_a_one_room_one_day_programme_say_why() {
        let mut app = app(Zone::Named(chrono_tz::Europe::Paris));
        for (action, said) in [
            (Action::ToggleGrid, "this programme names no rooms"),
            (Action::RoomView, "this programme has one room or none"),
            (
                Action::Pick(Facet::Room),
                "this programme has one room or none",
            ),
            (Action::Pick(Facet::Track), "this programme has no tracks"),
            (Action::NextDay, "this programme has one day"),
            (
                Action::ToggleLocal,
                "your clock is the event's (Europe/Paris)",
            ),
        ] {
            assert!(app.update(action), "{action:?}");
            let banner = app.notices.banner.as_ref().expect("a reason");
            assert!(banner.text.contains(said), "{action:?}: {}", banner.text);
            assert_eq!(app.grid.view, View::List);
            assert!(!app.settings.local_time.is_shown);
            assert!(app.overlays.picker.is_none());
        }
    }

    #[test]
    fn local_time_is_offered_where_the_zones_differ() {
        let mut app = app(Zone::Named(chrono_tz::America::Montreal));
        assert!(Offers::of(&app.snapshot.plan, app.local_differs()).local);
        assert!(app.update(Action::ToggleLocal));
        assert!(app.settings.local_time.is_shown);
        assert!(app.notices.banner.is_none());
    }

    #[test]
    fn the_footer_offers_only_what_acts() {
        let none = Offers {
            grid: false,
            rooms: false,
            tracks: false,
            days: false,
            local: false,
        };
        assert_eq!(none.filter_keys(), "K");
        assert!(!none.offers("v") && !none.offers("[ ]") && !none.offers("t"));
        assert!(none.offers("/"));
        let all = Offers {
            grid: true,
            rooms: true,
            tracks: true,
            days: true,
            local: true,
        };
        assert_eq!(all.filter_keys(), "r T K");
    }
}
