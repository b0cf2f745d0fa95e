//! The attendee page: the live programme as one HTML page, for `deroule serve`'s `GET /`.
//!
//! Pure: a programme, its expected times, the facilitator's word and `now` in; a complete page
//! out, correct without JavaScript (a reload always shows the truth). Every text from the
//! programme goes through maud's escaping, after [`inert`] has taken out control and bidi
//! characters. It must not read files, clocks or the network: the server does that and hands
//! the results in. The script (`assets/page.js`) only ticks the countdowns and fetches the page
//! again when `/events` says something changed.
//!
//! This file owns the skeleton (head, header, notices, footer) and what the parts share; the
//! parts: `address` (the query, links, `Accept-Language`), `panels` (Now and Next), `list` (the
//! day tabs, the room filter and the rows), `timing` (the facilitators' delay).

use chrono::{Offset, TimeZone};
use maud::{DOCTYPE, Markup, PreEscaped, html};

use crate::i18n::{self, Lang};
use crate::model::{Instant, Item, Kind, Programme};
use crate::timeline;

mod address;
mod list;
mod panels;
mod timing;

pub use address::{Query, lang_from_accept, static_day_file, static_file};
use address::{lang_tag, link};

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
    pub host: Host<'a>,
}

/// What serves the page, which decides how it hears of changes and how it links to its other
/// language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Host<'a> {
    /// `deroule serve`: `/events` beside the page, the language from `?lang=` or
    /// `Accept-Language`. `version` names the files the page was made from (the `/events` id),
    /// so a script that subscribes after a change hears of it at once.
    Server { version: &'a str },
    /// A static host (`deroule publish`): no `/events` (the script fetches the page now and then
    /// instead), no query: one file per language ([`static_file`]) linking to the other, one
    /// per day and language for the day tabs ([`static_day_file`]), and no room filter.
    Static,
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
        let (events, version) = match self.host {
            Host::Server { version } => ("on", Some(version)),
            Host::Static => ("off", None),
        };
        let page = html! {
            (DOCTYPE)
            html lang=(lang_tag(self.lang)) data-now=(millis(self.now)) data-speed=(speed)
                data-offset=(offset) data-events=(events) data-version=[version] {
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
        let switch = match (self.host, self.query.day) {
            (Host::Server { .. }, day) => link(day, self.query.room.as_deref(), Some(other)),
            (Host::Static, Some(day)) => static_day_file(day, other),
            (Host::Static, None) => static_file(other),
        };
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
    use crate::model::State;

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
            host: Host::Server { version: "v1" },
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
    fn french_is_the_whole_page_and_offers_english() {
        let p = bundled_programme();
        let html = page(&p, at(11, 5), Lang::Fr, &Query::default());
        assert!(html.contains("<html lang=\"fr\""));
        assert!(html.contains("se termine dans"));
        assert!(html.contains("hreflang=\"en\""), "a switch to English");
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
            host: Host::Server { version: "v1" },
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

    /// The palette's pairs of text and background colours, light and dark, against WCAG 2.x AA
    /// (4.5:1): a check that needs no browser. The browser test (`tests/page.rs`,
    /// `every_text_meets_contrast_aa_in_light_and_dark`) checks what is actually drawn.
    #[test]
    fn the_palette_meets_contrast_aa_in_light_and_dark() {
        fn palette(block: &str) -> std::collections::HashMap<&str, [f64; 3]> {
            block
                .split(';')
                .filter_map(|decl| {
                    let (name, value) = decl.split_once(':')?;
                    let hex = value.trim().strip_prefix('#')?;
                    let channel = |i: usize| {
                        u8::from_str_radix(hex.get(i..i + 2)?, 16)
                            .ok()
                            .map(f64::from)
                    };
                    Some((
                        name.trim().strip_prefix("--")?,
                        [channel(0)?, channel(2)?, channel(4)?],
                    ))
                })
                .collect()
        }
        fn luminance(rgb: [f64; 3]) -> f64 {
            let l = rgb.map(|v| {
                let v = v / 255.0;
                if v <= 0.039_28 {
                    v / 12.92
                } else {
                    ((v + 0.055) / 1.055).powf(2.4)
                }
            });
            0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2]
        }
        let light = STYLE
            .split(":root {")
            .nth(1)
            .expect("a light :root")
            .split('}')
            .next()
            .expect("its end");
        let dark = STYLE
            .split("@media (prefers-color-scheme: dark)")
            .nth(1)
            .and_then(|rest| rest.split(":root {").nth(1))
            .and_then(|rest| rest.split('}').next())
            .expect("a dark :root");
        // Text colour on background colour, as page.css pairs them.
        let pairs = [
            ("fg", "bg"),
            ("fg", "panel-bg"),
            ("fg", "now-bg"),
            ("fg", "message-bg"),
            ("muted", "bg"),
            ("muted", "panel-bg"),
            ("muted", "now-bg"),
            ("accent", "bg"),
            ("accent", "panel-bg"),
            ("accent", "now-bg"),
            ("bg", "accent"),
            ("late", "bg"),
            ("late", "now-bg"),
            ("late", "message-bg"),
        ];
        for (scheme, block) in [("light", light), ("dark", dark)] {
            let colours = palette(block);
            for (text, under) in pairs {
                let (a, b) = (luminance(colours[text]), luminance(colours[under]));
                let ratio = (a.max(b) + 0.05) / (a.min(b) + 0.05);
                assert!(
                    ratio >= 4.5,
                    "{scheme}: --{text} on --{under} is {ratio:.2}:1"
                );
            }
        }
    }
}
