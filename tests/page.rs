//! The attendee page in a real browser: `deroule serve` on 127.0.0.1:0 at a frozen clock, read by
//! Debian's headless Chromium through chromedriver (tests/browser/mod.rs). Each test skips with a
//! message when the browser is not installed; `.ci/run` installs it.
//!
//! Waits are bounded by a deadline and poll the page; no test sleeps for a fixed time.

mod browser;
mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::Duration;

use browser::Browser;
use common::at;
use deroule::live::{Entry, Kind, Record};
use deroule::model::Programme;

const BIN: &str = env!("CARGO_BIN_EXE_deroule");
/// The longest a page may take to show a change (the page polls only after three failed streams).
const WITHIN: Duration = Duration::from_secs(15);

/// `deroule serve` of a programme written as `day.yaml` in a fresh folder, its clock frozen at
/// 11:05 on the bundled day's date.
struct Served {
    child: Child,
    url: String,
    dir: tempfile::TempDir,
}

impl Served {
    fn start(source: &str) -> Served {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("day.yaml"), source).expect("write programme");
        let (child, url) = common::spawn_server(
            Command::new(BIN)
                .current_dir(dir.path())
                .args(["serve", "day.yaml", "--listen", "127.0.0.1:0"])
                .args(["--at", "2022-07-01 11:05", "--lang", "en"])
                .env("TZ", "UTC")
                .env("XDG_CACHE_HOME", dir.path().join("cache"))
                .env("XDG_CONFIG_HOME", dir.path().join("config")),
        );
        Served { child, url, dir }
    }

    fn record_path(&self) -> PathBuf {
        self.dir.path().join("day.live.yaml")
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The facilitator's record of the morning, «Inventaire» (10:15–11:00) started 7 minutes late:
/// everything after it is expected 7 minutes late.
fn late_record(p: &Programme) -> Record {
    let items = &p.days[0].items;
    let mut record = Record::new(p, at(p, "2022-07-01 09:00:00"));
    for (i, when) in [
        (0, at(p, "2022-07-01 09:00:00")),
        (1, at(p, "2022-07-01 09:30:00")),
        (2, at(p, "2022-07-01 10:22:00")),
    ] {
        record.actions.push(Entry {
            at: when,
            action: Kind::Start,
            item: deroule::live::key(p, &items[i]),
            ended: i.checked_sub(1).map(|j| deroule::live::key(p, &items[j])),
            minutes: None,
        });
    }
    record
}

fn save(record: &Record, path: &Path) {
    record.save(path).expect("record saved");
}

/// The text of the first element matching `selector`, whitespace collapsed ("" when none).
fn text_of(selector: &str) -> String {
    format!(
        "var e = document.querySelector({selector:?}); \
         return e ? e.textContent.replace(/\\s+/g, ' ').trim() : '';"
    )
}

#[test]
fn the_page_at_a_frozen_clock_marks_the_current_item_and_counts_down() {
    let Some(browser) = Browser::start(390, 844) else {
        return;
    };
    let served = Served::start(deroule::BUNDLED);
    browser.goto(&served.url);
    // The current item: marked by more than colour, and announced to assistive technology.
    let current = browser.eval(&text_of("li[aria-current]"));
    assert!(
        current.as_str().is_some_and(|t| t.contains("Pause")),
        "{current}"
    );
    assert!(
        current
            .as_str()
            .is_some_and(|t| t.contains('▶') && t.contains("now")),
        "{current}"
    );
    assert_eq!(
        browser.eval("return document.querySelectorAll('li[aria-current]').length"),
        1
    );
    // Now and Next with their countdowns; the clock is frozen, so the script keeps them there.
    let now = browser.eval(&text_of("section.now"));
    assert!(
        now.as_str().is_some_and(|t| t.contains("ends in 10:00")),
        "{now}"
    );
    let next = browser.eval(&text_of("section.next"));
    assert!(
        next.as_str()
            .is_some_and(|t| t.contains("Retours") && t.contains("starts in 10:00")),
        "{next}"
    );
    assert_eq!(browser.eval(&text_of("#clock")), "11:05");
    // The list keeps the announced times while nothing is late.
    let times = browser.eval(
        "return Array.from(document.querySelectorAll('ol.items time')).map(t => t.textContent)",
    );
    assert_eq!(times[0], "09:00");
    assert_eq!(times[4], "11:15");
    // What docs/performance.md reports (measured, never asserted): first paint and bytes moved.
    let paint = browser.eval(
        "var p = performance.getEntriesByName('first-contentful-paint')[0]; \
         var r = performance.getEntriesByType('resource').concat(performance.getEntriesByType('navigation')); \
         return [p ? p.startTime : null, r.reduce((n, e) => n + e.transferSize, 0)]",
    );
    eprintln!(
        "first contentful paint {} ms, {} bytes transferred (page, script, style)",
        paint[0], paint[1]
    );
}

#[test]
fn the_facilitators_delay_reaches_an_open_page_and_a_page_without_javascript() {
    let Some(browser) = Browser::start(1280, 800) else {
        return;
    };
    let served = Served::start(deroule::BUNDLED);
    browser.goto(&served.url);
    let retours = "return Array.from(document.querySelectorAll('ol.items li')) \
                   .find(li => li.textContent.includes('Retours')).textContent";
    let before = browser.eval(retours);
    assert!(
        before.as_str().is_some_and(|t| t.contains("11:15")),
        "{before}"
    );
    let body = "return document.body.textContent.replace(/\\s+/g, ' ')";
    assert!(
        !browser
            .eval(body)
            .as_str()
            .unwrap_or_default()
            .contains("min late")
    );

    // The facilitator saves the record; the open page changes by itself, through /events.
    save(&late_record(&common::bundled()), &served.record_path());
    browser.wait_until(
        "return document.body.textContent.replace(/\\s+/g, ' ').includes('7 min late')",
        WITHIN,
    );
    let after = browser.eval(retours);
    assert!(
        after.as_str().is_some_and(|t| t.contains("11:22")),
        "{after}"
    );

    // A browser without JavaScript gets the same times from the server.
    let Some(plain) = Browser::start_without_script(390, 844) else {
        return;
    };
    plain.goto(&served.url);
    let html = plain.source();
    assert!(!html.contains("class=\"js\""), "the page's script ran");
    let retours = html.find("Retours").expect("«Retours» listed");
    let row = &html[html[..retours].rfind("<li").expect("its row")..retours];
    assert!(row.contains(">11:22</time>"), "{row}");
    assert!(
        html.contains("7 min late"),
        "no delay said without JavaScript"
    );
}

/// The race that made the test above fail now and then under load: the page's stream to
/// `/events` opens only after the facilitator's change reached the server. Held open until then
/// (tests/browser/held_events.js), the page still hears of the change: it names the version it
/// shows (`/events?since=`), and the server answers with the change at once.
#[test]
fn a_page_whose_stream_opens_after_the_change_still_hears_of_it() {
    let Some(browser) = Browser::start(1280, 800) else {
        return;
    };
    browser.before_each_page(include_str!("browser/held_events.js"));
    let served = Served::start(deroule::BUNDLED);
    browser.goto(&served.url);
    assert_eq!(
        browser.eval("return window.heldEvents()"),
        1,
        "the page's stream is held"
    );
    save(&late_record(&common::bundled()), &served.record_path());
    // The server has the change (asked past any cache) before the stream opens.
    browser.wait_until(
        "var r = new XMLHttpRequest(); r.open('GET', 'live.yaml?' + Date.now(), false); r.send(); \
         return r.responseText.includes('actions')",
        WITHIN,
    );
    let body = "return document.body.textContent.replace(/\\s+/g, ' ')";
    assert!(
        !browser
            .eval(body)
            .as_str()
            .unwrap_or_default()
            .contains("min late"),
        "the page changed before its stream opened"
    );
    browser.eval("window.releaseEvents()");
    browser.wait_until(
        "return document.body.textContent.replace(/\\s+/g, ' ').includes('7 min late')",
        WITHIN,
    );
}

#[test]
fn a_hostile_title_is_shown_as_text_and_never_runs() {
    let Some(browser) = Browser::start(1280, 800) else {
        return;
    };
    let hostile = "<script>window.pwned = 1</script><img src=x onerror=\"window.pwned = 2\">&amp; \u{202e}evil";
    let source = deroule::BUNDLED.replacen(
        "title: Pause\n",
        &format!("title: '{}'\n", hostile.replace('\'', "''")),
        1,
    );
    assert_ne!(
        source,
        deroule::BUNDLED,
        "the bundled day has a «Pause» to rename"
    );
    let served = Served::start(&source);
    browser.goto(&served.url);
    assert_eq!(browser.eval("return typeof window.pwned"), "undefined");
    assert_eq!(
        browser.eval("return document.querySelectorAll('ol.items img, ol.items script').length"),
        0
    );
    let shown =
        browser.eval("return document.querySelector('li[aria-current] .title').textContent");
    // As text, with the bidi override removed (it would reverse what follows it on screen).
    assert_eq!(shown, hostile.replace('\u{202e}', ""));
}

/// Screenshots at a phone's and a desktop's size, of a late morning: checked to be PNG images of
/// the window's size; written to `docs/` (for the README) when `DEROULE_SCREENSHOTS=1`.
#[test]
fn screenshots_at_phone_and_desktop_sizes() {
    for (name, width, height) in [("phone", 390, 844), ("desktop", 1280, 800)] {
        let Some(browser) = Browser::start(width, height) else {
            return;
        };
        let served = Served::start(deroule::BUNDLED);
        save(&late_record(&common::bundled()), &served.record_path());
        browser.goto(&served.url);
        browser.wait_until(
            "return document.body.textContent.includes('7 min late')",
            WITHIN,
        );
        let png = browser.screenshot();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "{name}: not a PNG");
        let size = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().expect("4 bytes"));
        let inner = browser.eval("return [window.innerWidth, window.innerHeight]");
        assert_eq!(
            (size(16), size(20)),
            (
                inner[0].as_u64().unwrap_or(0) as u32,
                inner[1].as_u64().unwrap_or(0) as u32
            ),
            "{name}"
        );
        if std::env::var_os("DEROULE_SCREENSHOTS").is_some_and(|v| v == "1") {
            std::fs::write(format!("docs/page-{name}.png"), &png).expect("screenshot written");
        }
    }
}

/// Two days and two rooms, a speaker and a cancelled talk: the day tabs, the room filter with its
/// button, and Now and Next per room.
const TWO_DAYS_TWO_ROOMS: &str = "title: Two days, two rooms\ntime_zone: UTC\n\
    rooms: [Main Hall, Side Room]\ndays:\n\
    \x20 - date: 2022-07-01\n    items:\n\
    \x20     - {title: Opening, start: 9h, end: 10h}\n\
    \x20     - {title: A talk, start: 10h, end: 12h, room: Main Hall, speakers: [Ada]}\n\
    \x20     - {title: B talk, start: 10h, end: 12h, room: Side Room}\n\
    \x20     - {title: A second, start: 12h, end: 13h, room: Main Hall}\n\
    \x20     - {title: B second, start: 12h, end: 13h, room: Side Room, state: cancelled}\n\
    \x20 - date: 2022-07-02\n    items:\n\
    \x20     - {title: Day two, start: 9h, end: 10h}\n";

/// What [`CONTRAST`] must find text in: body text, muted text, the current item, a cancelled
/// item, late times, links, the banner, the day tabs and the room filter's controls.
const TEXTS: &[&str] = &[
    "h1",
    "ol.items .title",
    ".item.past",
    ".length",
    ".item-meta",
    "li.item.current",
    ".item.cancelled .label",
    ".timing.late",
    "time.expected",
    "s.planned",
    ".message",
    "nav.lang a",
    ".skip",
    "footer",
];
const ROOM_TEXTS: &[&str] = &[
    "nav.days a[aria-current]",
    "nav.days a:not([aria-current])",
    "form.rooms button",
    "form.rooms select",
    "form.rooms label",
    ".rooms-now .room",
    ".item.cancelled del",
];

/// The check run in the page (tests/browser/contrast.js).
const CONTRAST: &str = include_str!("browser/contrast.js");

/// Opens `url` and checks every text in one colour scheme; the lowest ratio found.
fn check_contrast(
    browser: &Browser,
    url: &str,
    dark: bool,
    required: &[&str],
    failures: &mut Vec<String>,
) -> f64 {
    browser.prefer_dark(dark);
    let scheme = if dark { "dark" } else { "light" };
    assert_eq!(
        browser.eval("return matchMedia('(prefers-color-scheme: dark)').matches"),
        dark,
        "the {scheme} scheme is not in effect"
    );
    // The skip link shows only when focused: check it as a keyboard user sees it.
    browser.goto(url);
    assert_eq!(
        browser.eval(
            "var skip = document.querySelector('.skip'); skip.focus(); return skip.matches(':focus')"
        ),
        true,
        "the skip link did not take the focus"
    );
    let found = browser.eval_with(CONTRAST, &serde_json::json!([required]));
    let missing = found["missing"].as_array().expect("missing");
    assert!(
        missing.is_empty(),
        "{scheme}: no text checked in {missing:?}"
    );
    let checked = found["checked"].as_array().expect("checked");
    let mut lowest = (f64::INFINITY, &serde_json::Value::Null);
    for text in checked {
        let ratio = text["ratio"].as_f64().expect("a ratio");
        if ratio < lowest.0 {
            lowest = (ratio, text);
        }
        if ratio < text["needs"].as_f64().expect("a need") {
            failures.push(format!("{scheme}: {text}"));
        }
    }
    eprintln!(
        "{scheme}: {} texts, lowest contrast {}:1: {}",
        checked.len(),
        lowest.0,
        lowest.1
    );
    lowest.0
}

/// WCAG 2.x contrast AA (4.5:1, large text 3:1) of every text the page shows, light and dark, on
/// a late morning with a message and a cancelled item, and on two days with two rooms.
#[test]
fn every_text_meets_contrast_aa_in_light_and_dark() {
    let Some(browser) = Browser::start(1280, 800) else {
        return;
    };
    let mut failures = Vec::new();
    let source = deroule::BUNDLED.replacen(
        "    kind: meal\n",
        "    kind: meal\n    state: cancelled\n",
        1,
    );
    assert_ne!(
        source,
        deroule::BUNDLED,
        "the bundled day has a meal to cancel"
    );
    let served = Served::start(&source);
    let p = deroule::model::load_str(&source, "day.yaml")
        .expect("valid")
        .programme;
    let mut record = late_record(&p);
    record.set_message(
        at(&p, "2022-07-01 10:30:00"),
        "Lunch is cancelled: the hall is closed",
    );
    save(&record, &served.record_path());
    browser.goto(&served.url);
    browser.wait_until(
        "return document.body.textContent.includes('7 min late')",
        WITHIN,
    );
    let mut lowest = Vec::new();
    for dark in [false, true] {
        lowest.push(check_contrast(
            &browser,
            &served.url,
            dark,
            TEXTS,
            &mut failures,
        ));
    }
    let rooms = Served::start(TWO_DAYS_TWO_ROOMS);
    for dark in [false, true] {
        lowest.push(check_contrast(
            &browser,
            &rooms.url,
            dark,
            ROOM_TEXTS,
            &mut failures,
        ));
    }
    assert!(
        failures.is_empty(),
        "below contrast AA:\n{}",
        failures.join("\n")
    );
    eprintln!(
        "lowest contrast: light {:.2}:1, dark {:.2}:1",
        lowest[0].min(lowest[2]),
        lowest[1].min(lowest[3])
    );
}

/// `deroule publish` writes a site any static host serves, with no server logic: opened from the
/// files themselves, `index.html` is in `--lang`'s language and its switch leads to the other
/// language's page and back.
#[test]
fn the_published_site_switches_language_without_a_server() {
    let Some(browser) = Browser::start(390, 844) else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("day.yaml"), deroule::BUNDLED).expect("write programme");
    let out = Command::new(BIN)
        .current_dir(dir.path())
        .args(["publish", "day.yaml", "site", "--at", "2022-07-01 11:05"])
        .args(["--lang", "fr"])
        .env("TZ", "UTC")
        .env("XDG_CACHE_HOME", dir.path().join("cache"))
        .env("XDG_CONFIG_HOME", dir.path().join("config"))
        .output()
        .expect("deroule publish runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let site = dir.path().join("site");
    browser.goto(&format!("file://{}/index.html", site.display()));
    let now = text_of("section.now");
    assert_eq!(browser.eval("return document.documentElement.lang"), "fr");
    assert!(
        browser
            .eval(&now)
            .as_str()
            .is_some_and(|t| t.contains("se termine dans 10:00")),
        "{}",
        browser.eval(&now)
    );
    let switch_to = |lang: &str, file: &str| {
        browser.eval("document.querySelector('nav.lang a').click()");
        browser.wait_until(
            &format!(
                "return document.documentElement.lang === '{lang}' && \
                 location.pathname.endsWith('/{file}')"
            ),
            WITHIN,
        );
    };
    switch_to("en", "index.en.html");
    assert!(
        browser
            .eval(&now)
            .as_str()
            .is_some_and(|t| t.contains("ends in 10:00")),
        "{}",
        browser.eval(&now)
    );
    switch_to("fr", "index.fr.html");
    assert!(
        browser
            .eval(&now)
            .as_str()
            .is_some_and(|t| t.contains("se termine dans 10:00")),
        "{}",
        browser.eval(&now)
    );
}
