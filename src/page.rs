//! The attendee page: the live programme as one HTML page, for `deroule serve`'s `GET /`.
//!
//! Pure: a programme, its expected times, the facilitator's word and `now` in; a complete page
//! out, correct without JavaScript (a reload always shows the truth). Every text from the
//! programme goes through maud's escaping, after [`inert`] has taken out control and bidi
//! characters. It must not read files, clocks or the network: the server does that and hands
//! the results in. The script (`assets/page.js`) only ticks the countdowns and fetches the page
//! again when `/events` says something changed.

use std::fmt::Write as _;

use chrono::{NaiveDate, Offset, TimeZone};
use maud::{DOCTYPE, Markup, PreEscaped, html};

use crate::i18n::{self, Lang};
use crate::model::timefmt::format_minutes;
use crate::model::{Instant, Item, Kind, Programme, State};
use crate::timeline::{self, Status, format_countdown, seconds_until};

mod timing;

/// The script the page loads from `/page.js` (no framework, no build step).
pub const SCRIPT: &str = include_str!("../assets/page.js");
/// The style sheet the page loads from `/page.css`.
pub const STYLE: &str = include_str!("../assets/page.css");

/// The `Content-Security-Policy` the page is served with: nothing inline, nothing from elsewhere.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; \
     style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; \
     frame-ancestors 'none'";

/// What the facilitator's live record says about the day, when there is one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timing {
    /// Minutes the next item is expected late (negative: early), as every view rounds them.
    pub delay_minutes: i64,
    /// When the day's last item is expected to end.
    pub projected_end: Instant,
}

impl Timing {
    pub fn of(forecast: &crate::delay::Forecast) -> Timing {
        Timing {
            delay_minutes: forecast.delay_minutes(),
            projected_end: forecast.projected_end,
        }
    }
}

/// How the server's clock moves, so the script ticks the same way.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Pace {
    /// The wall clock.
    Live,
    /// Stopped at one instant (`--at` without `--speed`): nothing ticks.
    Frozen,
    /// Accelerated (`--speed N`).
    Fast(f64),
}

/// What the reader asked for in the address (`?day=2025-02-01&room=Janson&lang=fr`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    pub day: Option<NaiveDate>,
    pub room: Option<String>,
    pub lang: Option<Lang>,
}

impl Query {
    /// Reads a query string (without `?`); unknown or malformed fields are ignored.
    pub fn parse(query: &str) -> Query {
        let mut q = Query::default();
        for (key, value) in form_urlencoded::parse(query.as_bytes()) {
            match &*key {
                "day" => q.day = NaiveDate::parse_from_str(&value, "%Y-%m-%d").ok(),
                "room" if !value.is_empty() => q.room = Some(value.into_owned()),
                "lang" => q.lang = Lang::parse(&value),
                _ => {}
            }
        }
        q
    }
}

/// A link to the page with these fields (`?…`).
fn link(day: Option<NaiveDate>, room: Option<&str>, lang: Option<Lang>) -> String {
    let mut out = form_urlencoded::Serializer::new(String::new());
    if let Some(day) = day {
        out.append_pair("day", &day.format("%Y-%m-%d").to_string());
    }
    if let Some(room) = room {
        out.append_pair("room", room);
    }
    if let Some(lang) = lang {
        out.append_pair("lang", lang_tag(lang));
    }
    let query = out.finish();
    if query.is_empty() {
        "./".to_owned()
    } else {
        format!("?{query}")
    }
}

fn lang_tag(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "en",
        Lang::Fr => "fr",
    }
}

/// The language an `Accept-Language` header prefers among ours (English when it names neither).
pub fn lang_from_accept(header: &str) -> Lang {
    let mut best: Option<(f32, Lang)> = None;
    for part in header.split(',') {
        let mut fields = part.split(';');
        let tag = fields.next().unwrap_or("").trim();
        let quality = fields
            .find_map(|f| f.trim().strip_prefix("q="))
            .and_then(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        let lang = match tag
            .split('-')
            .next()
            .unwrap_or("")
            .to_ascii_lowercase()
            .as_str()
        {
            "fr" => Lang::Fr,
            "en" => Lang::En,
            _ => continue,
        };
        if quality > 0.0 && best.is_none_or(|(q, _)| quality > q) {
            best = Some((quality, lang));
        }
    }
    best.map_or(Lang::En, |(_, lang)| lang)
}

/// Everything the page shows.
#[derive(Debug, Clone)]
pub struct Page<'a> {
    /// The programme as planned.
    pub plan: &'a Programme,
    /// The same programme with the facilitator's expected times (the plan itself without a
    /// live record): same days, same items, same order.
    pub expected: &'a Programme,
    pub timing: Option<Timing>,
    /// With parallel rooms, each room's timing from its own facilitator's record.
    pub rooms: &'a [(String, Timing)],
    /// The facilitator's message to attendees.
    pub message: Option<&'a str>,
    pub now: Instant,
    pub pace: Pace,
    pub lang: Lang,
    pub query: &'a Query,
    /// Whether the server offers `/events` (`deroule serve`); on a static host (`deroule
    /// publish`) it does not, and the script fetches the page now and then instead.
    pub events: bool,
}

/// Text from a file made inert for the page: control characters and the bidi controls that
/// could reorder what surrounds them are dropped (maud escapes `<`, `&` and quotes).
pub fn inert(text: &str) -> String {
    text.chars()
        .map(|c| if c == '\n' || c == '\t' { ' ' } else { c })
        .filter(|c| {
            !c.is_control()
                && !matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
        })
        .collect()
}

fn millis(at: Instant) -> i64 {
    at.timestamp_millis()
}

impl Page<'_> {
    fn l<'s>(&self, en: &'s str, fr: &'s str) -> &'s str {
        self.lang.pick(en, fr)
    }

    fn hm(&self, at: Instant) -> String {
        at.with_timezone(&self.plan.tz).format("%H:%M").to_string()
    }

    /// The day shown: the one asked for, else the one `now` falls in.
    fn day(&self) -> usize {
        self.query
            .day
            .and_then(|d| self.plan.days.iter().position(|day| day.date == d))
            .unwrap_or_else(|| timeline::day_at(self.expected, self.now))
    }

    /// The room asked for, when the programme has it.
    fn room(&self) -> Option<&str> {
        let room = self.query.room.as_deref()?;
        self.plan
            .rooms
            .iter()
            .find(|r| r.name == room)
            .map(|r| r.name.as_str())
    }

    fn shows(&self, item: &Item) -> bool {
        match (self.room(), &item.room) {
            (Some(room), Some(r)) => r == room,
            _ => true,
        }
    }

    /// Whether some day has items in more than one room.
    fn parallel(&self) -> bool {
        self.plan.days.iter().any(|day| {
            let mut rooms = day.items.iter().filter_map(|i| i.room.as_deref());
            let first = rooms.next();
            rooms.any(|r| Some(r) != first)
        })
    }

    /// The rooms used on a day, in the programme's order.
    fn rooms_of(&self, day: usize) -> Vec<&str> {
        let items = &self.plan.days[day].items;
        self.plan
            .rooms
            .iter()
            .map(|r| r.name.as_str())
            .filter(|name| items.iter().any(|i| i.room.as_deref() == Some(*name)))
            .collect()
    }

    /// The whole page.
    pub fn render(&self) -> String {
        let plan = self.plan;
        let title = inert(&plan.meta.title);
        let offset = self
            .plan
            .tz
            .offset_from_utc_datetime(&self.now.naive_utc())
            .fix()
            .local_minus_utc();
        let speed = match self.pace {
            Pace::Live => "1".to_owned(),
            Pace::Frozen => "0".to_owned(),
            Pace::Fast(s) => format!("{s}"),
        };
        let page = html! {
            (DOCTYPE)
            html lang=(lang_tag(self.lang)) data-now=(millis(self.now)) data-speed=(speed)
                data-offset=(offset) data-events=(if self.events { "on" } else { "off" }) {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    meta name="color-scheme" content="light dark";
                    title { (title) " — " (self.l("live programme", "programme en direct")) }
                    link rel="stylesheet" href="page.css";
                    script src="page.js" defer {}
                }
                body {
                    a.skip href="#programme" { (self.l("Skip to the programme", "Aller au programme")) }
                    (self.header())
                    main #main {
                        (self.notices())
                        div.panels {
                            (self.now_panel())
                            (self.next_panel())
                        }
                        (self.day_list())
                        p #announce .visually-hidden aria-live="polite" {}
                    }
                    footer {
                        p {
                            (self.l("Updated", "Mis à jour")) " "
                            time #updated datetime=(self.now.to_rfc3339()) {
                                (self.now.with_timezone(&plan.tz).format("%H:%M:%S").to_string())
                            }
                            " · "
                            noscript { (self.l("reload the page for the latest times · ", "rechargez la page pour l’heure à jour · ")) }
                            "deroule"
                        }
                    }
                }
            }
        };
        page.into_string()
    }

    fn header(&self) -> Markup {
        let plan = self.plan;
        let local_now = self.now.with_timezone(&plan.tz);
        let date = timeline::event_date(plan, self.now);
        let other = match self.lang {
            Lang::En => Lang::Fr,
            Lang::Fr => Lang::En,
        };
        let switch = link(self.query.day, self.query.room.as_deref(), Some(other));
        html! {
            header.event {
                div.title {
                    h1 { bdi { (inert(&plan.meta.title)) } }
                    @if let Some(subtitle) = &plan.meta.subtitle {
                        p.subtitle { bdi { (inert(subtitle)) } }
                    }
                }
                p.meta {
                    span { (self.lang.date_long(date)) }
                    @if let Some(venue) = &plan.meta.venue {
                        " · " span { bdi { (inert(venue)) } }
                    }
                    " · " span.zone { (i18n::zone_label(plan.tz)) }
                    " · " time #clock datetime=(self.now.to_rfc3339()) { (local_now.format("%H:%M").to_string()) }
                }
                nav.lang aria-label=(self.l("Language", "Langue")) {
                    a href=(switch) hreflang=(lang_tag(other)) lang=(lang_tag(other)) {
                        (other.pick("English", "Français"))
                    }
                }
            }
        }
    }

    fn notices(&self) -> Markup {
        html! {
            @if let Some(message) = self.message.map(inert).filter(|m| !m.trim().is_empty()) {
                p.message #message role="status" {
                    strong { (self.l("From the organisers: ", "Des organisateurs : ")) }
                    bdi { (message) }
                }
            }
            @if let Some(timing) = self.timing {
                p.timing #timing .late[timing.delay_minutes > 0] { (self.timing_text(timing)) }
            }
            (self.room_timings())
        }
    }

    /// A countdown the script keeps ticking: its text now, and the instant it counts to.
    fn countdown(&self, until: Instant) -> Markup {
        html! {
            span.countdown data-until=(millis(until)) {
                (format_countdown(seconds_until(self.now, until)))
            }
        }
    }

    fn where_(item: &Item) -> Markup {
        html! {
            @if let Some(room) = &item.room {
                span.room { bdi { (inert(room)) } }
            }
        }
    }

    fn now_panel(&self) -> Markup {
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

    fn quiet_text(&self, moment: &timeline::Moment<'_>) -> String {
        match moment.phase {
            timeline::Phase::After => self
                .l("The event is over.", "L’événement est terminé.")
                .into(),
            timeline::Phase::Before => self.l("Not started yet.", "Pas encore commencé.").into(),
            _ => self.l("Nothing is running.", "Rien en cours.").into(),
        }
    }

    fn item_head(&self, item: &Item) -> Markup {
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

    fn next_panel(&self) -> Markup {
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

    fn day_list(&self) -> Markup {
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
                                a href=(link(Some(d.date), room, self.query.lang))
                                    aria-current=[(d.date == plan_day.date).then_some("page")] {
                                    (self.lang.date_short(d.date))
                                }
                            }
                        }
                    }
                }
            }
            @if self.parallel() && rooms.len() > 1 {
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

/// The single-width marker of a kind: the terminal views' own ([`crate::theme::glyph`]).
fn glyph(kind: Kind) -> PreEscaped<&'static str> {
    PreEscaped(crate::theme::glyph(kind))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundled_at as at;
    use crate::bundled_programme;

    fn page(programme: &Programme, now: Instant, lang: Lang, query: &Query) -> String {
        Page {
            rooms: &[],
            plan: programme,
            expected: programme,
            timing: None,
            message: None,
            now,
            pace: Pace::Frozen,
            lang,
            query,
            events: true,
        }
        .render()
    }

    #[test]
    fn the_running_item_is_marked_by_more_than_colour() {
        let p = bundled_programme();
        let html = page(&p, at(11, 5), Lang::En, &Query::default());
        let current = html
            .split("<li ")
            .find(|li| li.contains("aria-current=\"true\""))
            .expect("one item is current");
        assert!(current.contains("Pause"), "{current}");
        assert!(current.contains("▶"));
        assert!(current.contains(">now<"));
        assert_eq!(html.matches("aria-current=\"true\"").count(), 1);
        assert!(html.contains("ends in <span class=\"countdown\""));
        assert!(
            html.contains(">10:00</span>"),
            "the countdown at 11:05 of a pause ending 11:15"
        );
    }

    #[test]
    fn hostile_titles_are_text() {
        let mut p = bundled_programme();
        p.meta.title = "<script>alert(1)</script> &amp; \u{202E}evil".into();
        p.days[0].items[0].title = "<img src=x onerror=alert(1)>".into();
        let html = page(&p, at(9, 0), Lang::En, &Query::default());
        assert!(!html.contains("<script>alert"));
        assert!(!html.contains("<img"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp;amp; evil"));
        assert!(!html.contains('\u{202E}'));
    }

    #[test]
    fn french_from_the_header_and_the_query() {
        assert_eq!(lang_from_accept("fr-FR,fr;q=0.9,en;q=0.8"), Lang::Fr);
        assert_eq!(lang_from_accept("de-DE, en;q=0.5, fr;q=0.4"), Lang::En);
        assert_eq!(lang_from_accept("fr;q=0, en;q=0.1"), Lang::En);
        assert_eq!(lang_from_accept(""), Lang::En);
        let p = bundled_programme();
        let html = page(&p, at(11, 5), Lang::Fr, &Query::default());
        assert!(html.contains("<html lang=\"fr\""));
        assert!(html.contains("se termine dans"));
        assert!(html.contains("hreflang=\"en\""), "a switch to English");
        assert_eq!(
            Query::parse("day=2022-07-01&room=Salle%20A&lang=fr&x=1"),
            Query {
                day: NaiveDate::from_ymd_opt(2022, 7, 1),
                room: Some("Salle A".into()),
                lang: Some(Lang::Fr)
            }
        );
    }

    #[test]
    fn expected_times_and_the_facilitators_word_are_shown() {
        let p = bundled_programme();
        let mut expected = p.clone();
        let delay = chrono::TimeDelta::minutes(8);
        for item in expected.days[0].items.iter_mut().skip(4) {
            item.start += delay;
            item.end += delay;
        }
        let html = Page {
            rooms: &[],
            plan: &p,
            expected: &expected,
            timing: Some(Timing {
                delay_minutes: 8,
                projected_end: at(18, 8),
            }),
            message: Some("Lunch is served in the hall"),
            now: at(9, 0),
            pace: Pace::Live,
            lang: Lang::En,
            query: &Query::default(),
            events: true,
        }
        .render();
        assert!(html.contains("Running 8 min late · ends ~18:08"));
        assert!(html.contains("Lunch is served in the hall"));
        let moved = &p.days[0].items[4];
        let planned = moved.start.with_timezone(&p.tz).format("%H:%M").to_string();
        let later = (moved.start + delay)
            .with_timezone(&p.tz)
            .format("%H:%M")
            .to_string();
        assert!(
            html.contains(&format!("{planned}</time></s> → <time class=\"expected\"")),
            "{html}"
        );
        assert!(html.contains(&format!(">{later}</time>")));
    }

    #[test]
    fn cancelled_items_are_struck_through_and_said() {
        let mut p = bundled_programme();
        p.days[0].items[2].state = State::Cancelled;
        let html = page(&p, at(9, 0), Lang::En, &Query::default());
        let li = html
            .split("<li ")
            .find(|li| li.starts_with("class=\"item cancelled\""))
            .expect("a cancelled row");
        assert!(li.contains("<del class=\"title\">"));
        assert!(li.contains(">cancelled<"));
    }
}
