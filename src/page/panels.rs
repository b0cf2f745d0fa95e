//! The Now and Next panels: what is running with its countdown and progress, what starts next
//! with "starts in"; with parallel rooms, one line per room.

use maud::{Markup, html};

use super::{Page, glyph, inert, millis};
use crate::i18n;
use crate::model::{Instant, Item};
use crate::timeline::{self, format_countdown, seconds_until};

impl Page<'_> {
    /// A countdown the script keeps ticking: its text now, and the instant it counts to.
    pub(super) fn countdown(&self, until: Instant) -> Markup {
        html! {
            span.countdown data-until=(millis(until)) {
                (format_countdown(seconds_until(self.now, until)))
            }
        }
    }

    pub(super) fn where_(item: &Item) -> Markup {
        html! {
            @if let Some(room) = &item.room {
                span.room { bdi { (inert(room)) } }
            }
        }
    }

    pub(super) fn now_panel(&self) -> Markup {
        let moment = timeline::locate(self.expected, self.now);
        let mut running: Vec<&Item> = moment
            .running
            .iter()
            .copied()
            .filter(|i| self.shows(i))
            .collect();
        running.sort_by_key(|i| i.end);
        html! {
            section.panel.now aria-labelledby="now-title" {
                h2 #now-title { (self.l("Now", "En ce moment")) }
                @if running.is_empty() {
                    p.quiet { (self.quiet_text(&moment)) }
                } @else if running.len() == 1 {
                    @let item = running[0];
                    (self.item_head(item))
                    progress max=(millis(item.end) - millis(item.start))
                        value=((millis(self.now) - millis(item.start)).max(0))
                        data-start=(millis(item.start)) data-end=(millis(item.end))
                        aria-label=(self.l("elapsed", "écoulé")) {}
                    p.count {
                        (self.l("ends in ", "se termine dans ")) (self.countdown(item.end))
                        " · " (self.hm(item.start)) "–" (self.hm(item.end))
                    }
                } @else {
                    ul.rooms-now {
                        @for item in &running {
                            li {
                                (Self::where_(item)) " "
                                span.title { (glyph(item.kind)) " " bdi { (inert(&item.title)) } }
                                " · " (self.l("ends in ", "fin dans ")) (self.countdown(item.end))
                            }
                        }
                    }
                }
            }
        }
    }

    pub(super) fn quiet_text(&self, moment: &timeline::Moment<'_>) -> String {
        match moment.phase {
            timeline::Phase::After => self
                .l("The event is over.", "L’événement est terminé.")
                .into(),
            timeline::Phase::Before => self.l("Not started yet.", "Pas encore commencé.").into(),
            _ => self.l("Nothing is running.", "Rien en cours.").into(),
        }
    }

    pub(super) fn item_head(&self, item: &Item) -> Markup {
        html! {
            p.item-title {
                span.glyph aria-hidden="true" { (glyph(item.kind)) } " "
                bdi { (inert(&item.title)) }
            }
            p.item-meta {
                span.kind { (i18n::kind_label(item.kind, self.lang)) }
                @if item.room.is_some() { " · " (Self::where_(item)) }
                @if !item.speakers.is_empty() {
                    " · " span.speakers { bdi { (inert(&item.speakers.join(", "))) } }
                }
            }
        }
    }

    pub(super) fn next_panel(&self) -> Markup {
        let next: Vec<&Item> = self
            .expected
            .items()
            .filter(|i| i.state.takes_place() && i.start > self.now && self.shows(i))
            .collect();
        let first = next.first().map(|i| i.start);
        let together: Vec<&Item> = next
            .iter()
            .copied()
            .take_while(|i| Some(i.start) == first)
            .collect();
        html! {
            section.panel.next aria-labelledby="next-title" {
                h2 #next-title { (self.l("Next", "Ensuite")) }
                @match together.as_slice() {
                    [] => p.quiet { (self.l("Nothing more.", "Plus rien.")) },
                    [item] => {
                        (self.item_head(item))
                        p.count {
                            (self.l("starts in ", "commence dans ")) (self.countdown(item.start))
                            " · " (self.hm(item.start)) "–" (self.hm(item.end))
                        }
                    },
                    items => {
                        p.count {
                            (self.hm(items[0].start)) " · "
                            (self.l("starts in ", "commence dans ")) (self.countdown(items[0].start))
                        }
                        ul.rooms-next {
                            @for item in items {
                                li {
                                    (Self::where_(item)) " "
                                    span.title { (glyph(item.kind)) " " bdi { (inert(&item.title)) } }
                                }
                            }
                        }
                    },
                }
            }
        }
    }
}
