//! What the page says of the facilitators' timing: the day's delay from the one record, or each
//! room's from its own record (parallel rooms, one facilitator per room).

use maud::{Markup, html};

use super::{Page, Timing, inert};
use crate::i18n::Lang;

impl Page<'_> {
    pub(super) fn timing_text(&self, timing: Timing) -> String {
        let end = self.hm(timing.projected_end);
        match (timing.delay_minutes, self.lang) {
            (0, _) => format!(
                "{} · {} {end}",
                self.l("On time", "À l’heure"),
                self.l("ends", "fin")
            ),
            (m, Lang::En) if m > 0 => format!("Running {m} min late · ends ~{end}"),
            (m, Lang::Fr) if m > 0 => format!("{m} min de retard · fin ~{end}"),
            (m, Lang::En) => format!("Running {} min early · ends ~{end}", -m),
            (m, Lang::Fr) => format!("{} min d’avance · fin ~{end}", -m),
        }
    }

    /// Each room's delay, in the programme's order of rooms (only the room asked for, when one
    /// is).
    pub(super) fn room_timings(&self) -> Markup {
        let rooms: Vec<&(String, Timing)> = self
            .rooms
            .iter()
            .filter(|(room, _)| self.room().is_none_or(|r| r == room))
            .collect();
        html! {
            @if !rooms.is_empty() {
                ul.room-timings #room-timings aria-label=(self.l("Timing per room", "Horaires par salle")) {
                    @for (room, timing) in rooms {
                        li.late[timing.delay_minutes > 0] {
                            span.room { bdi { (inert(room)) } } " · " (self.timing_text(*timing))
                        }
                    }
                }
            }
        }
    }
}
