//! The day's list: the day tabs, the room filter, and one row per item with its planned and
//! expected times, its length, and what it is (now, cancelled, moved, shortened).

use std::fmt::Write as _;

use chrono::NaiveDate;
use maud::{Markup, html};

use super::{Host, Page, glyph, inert, lang_tag, link, static_day_file};
use crate::i18n;
use crate::model::timefmt::format_minutes;
use crate::model::{Item, State};
use crate::timeline::{self, Status};

impl Page<'_> {
    /// Where a day tab leads: the page with `?day=` from a server, the day's file on a static
    /// host.
    fn day_link(&self, day: NaiveDate, room: Option<&str>) -> String {
        match self.host {
            Host::Server { .. } => link(Some(day), room, self.query.lang),
            Host::Static => static_day_file(day, self.lang),
        }
    }

    pub(super) fn day_list(&self) -> Markup {
        let day = self.day();
        let plan_day = &self.plan.days[day];
        let expected_day = &self.expected.days[day];
        let rooms = self.rooms_of(day);
        let room = self.room();
        html! {
            @if self.plan.days.len() > 1 {
                nav.days aria-label=(self.l("Days", "Jours")) {
                    ul {
                        @for d in &self.plan.days {
                            li {
                                a href=(self.day_link(d.date, room))
                                    aria-current=[(d.date == plan_day.date).then_some("page")] {
                                    (self.lang.date_short(d.date))
                                }
                            }
                        }
                    }
                }
            }
            @if self.parallel() && rooms.len() > 1 && self.host != Host::Static {
                form.rooms method="get" action="./" {
                    input type="hidden" name="day" value=(plan_day.date.format("%Y-%m-%d").to_string());
                    @if let Some(lang) = self.query.lang {
                        input type="hidden" name="lang" value=(lang_tag(lang));
                    }
                    label for="room" { (self.l("Room", "Salle")) }
                    " "
                    select #room name="room" {
                        option value="" selected[room.is_none()] { (self.l("All rooms", "Toutes les salles")) }
                        @for r in &rooms {
                            option value=(r) selected[room == Some(*r)] { (inert(r)) }
                        }
                    }
                    " "
                    button type="submit" { (self.l("Show", "Afficher")) }
                }
            }
            section #programme aria-labelledby="programme-title" {
                h2 #programme-title {
                    (self.lang.date_long(plan_day.date))
                    @if let Some(r) = room { " · " bdi { (inert(r)) } }
                }
                ol.items {
                    @for (planned, expected) in plan_day.items.iter().zip(&expected_day.items) {
                        @if self.shows(planned) {
                            (self.row(planned, expected))
                        }
                    }
                }
            }
        }
    }

    fn row(&self, planned: &Item, expected: &Item) -> Markup {
        let status = timeline::status(expected, self.now);
        let cancelled = !expected.state.takes_place();
        let is_now = status == Status::Current && !cancelled;
        let moved = (expected.start - planned.start).num_minutes() != 0;
        let minutes = expected.minutes();
        let class = match (cancelled, status) {
            (true, _) => "item cancelled",
            (false, Status::Current) => "item current",
            (false, Status::Past) => "item past",
            (false, Status::Upcoming) => "item",
        };
        let mut label = String::new();
        if is_now {
            label.push_str(self.l("now", "en cours"));
        } else if cancelled {
            label.push_str(i18n::state_label(expected.state, self.lang));
        } else if expected.state == State::Moved {
            label.push_str(i18n::state_label(State::Moved, self.lang));
        }
        if !cancelled && minutes < planned.minutes() {
            if !label.is_empty() {
                label.push_str(" · ");
            }
            let _ = write!(
                label,
                "{} {}",
                self.l("shortened to", "raccourci à"),
                format_minutes(minutes)
            );
        }
        html! {
            li class=(class) aria-current=[is_now.then_some("true")] {
                span.mark aria-hidden="true" { @if is_now { "▶" } }
                span.times {
                    @if moved && !cancelled {
                        s.planned { time datetime=(planned.start.to_rfc3339()) { (self.hm(planned.start)) } }
                        " → "
                        time.expected datetime=(expected.start.to_rfc3339()) { (self.hm(expected.start)) }
                    } @else {
                        time datetime=(planned.start.to_rfc3339()) { (self.hm(planned.start)) }
                    }
                    " " span.length { (format_minutes(minutes)) }
                }
                span.what {
                    span.glyph aria-hidden="true" { (glyph(expected.kind)) } " "
                    @if cancelled {
                        del.title { bdi { (inert(&expected.title)) } }
                    } @else {
                        span.title { bdi { (inert(&expected.title)) } }
                    }
                    @if !expected.speakers.is_empty() {
                        span.speakers { " — " bdi { (inert(&expected.speakers.join(", "))) } }
                    }
                }
                @if expected.room.is_some() { (Self::where_(expected)) }
                @if !label.is_empty() {
                    span.label { (label) }
                }
            }
        }
    }
}
