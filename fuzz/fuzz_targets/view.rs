//! The view never panics. The fuzzer's bytes drive a generator of *valid-looking* programmes
//! (any text in titles, rooms and speakers, slot lengths, zones with odd offsets, day changes,
//! several days) and then an app over one: a size, an instant, a mode, and a sequence of actions,
//! with a frame drawn after each. Raw bytes would almost never make a valid programme: this
//! target is what reaches `src/app/` and `src/ui/`.
#![no_main]

use std::fmt::Write as _;

use chrono::TimeDelta;
use chrono_tz::Tz;
use deroule::app::picker::Facet;
use deroule::app::{Action, App, Mode, Options, Zone};
use deroule::favourites::Favourites;
use deroule::i18n::Lang;
use deroule::model::{Thresholds, load_str};
use deroule::theme::Theme;
use deroule::ui;
use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::{Position, Size};

const ZONES: [&str; 6] = [
    "Europe/Paris",
    "UTC",
    "America/New_York",
    "Asia/Kolkata",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
];
/// Dates near clock changes, a leap day and an ordinary one.
const DATES: [&str; 6] = [
    "2022-07-01",
    "2022-03-27",
    "2022-10-30",
    "2024-02-29",
    "2019-12-27",
    "2025-04-06",
];
const KINDS: [&str; 10] = [
    "session", "talk", "keynote", "panel", "workshop", "welcome", "break", "meal", "social",
    "other",
];
const NASTY: [&str; 8] = [
    "Talk\u{1b}[2J\u{1b}]0;pwned\u{7}",
    "会議室で話す会議室で話す会議室で話す",
    "👩‍👩‍👧‍👦 family 🇫🇷 flags",
    "e\u{301}\u{301}\u{301} combining",
    "\u{202e}reversed\u{202c} text",
    "tab\tand\r\nnewline",
    "",
    "x",
];

/// A YAML double-quoted scalar holding `s` exactly.
fn quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20
                || ('\u{7f}'..='\u{9f}').contains(&c)
                || matches!(
                    c,
                    '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
                ) =>
            {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn text(u: &mut Unstructured) -> Result<String> {
    if u.ratio(1, 3)? {
        return Ok((*u.choose(&NASTY)?).to_owned());
    }
    let s: String = u.arbitrary()?;
    Ok(s.chars().take(120).collect())
}

fn hm(minutes: u32) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// A programme: days of slots, each slot a plenary item or items in some rooms.
fn programme(u: &mut Unstructured) -> Result<String> {
    let mut y = String::new();
    let _ = writeln!(y, "title: {}", quoted(&text(u)?));
    let _ = writeln!(y, "time_zone: {}", u.choose(&ZONES)?);
    let day_change = *u.choose(&[0u32, 0, 4 * 60, 6 * 60])?;
    if day_change > 0 {
        let _ = writeln!(y, "day_change: \"{}\"", hm(day_change));
    }
    let rooms: Vec<String> = (0..u.int_in_range(0..=4)?)
        .map(|n| Ok(format!("{} {n}", text(u)?.replace(['\n', '\r'], " "))))
        .collect::<Result<_>>()?;
    let first = u.choose_index(DATES.len())?;
    let days = u.int_in_range(1..=3usize)?;
    y.push_str("days:\n");
    for d in 0..days {
        let date = DATES[(first + d) % DATES.len()];
        let _ = writeln!(y, "- date: {date}");
        if u.ratio(1, 3)? {
            let _ = writeln!(y, "  label: {}", quoted(&text(u)?));
        }
        // Times from the day change on, up to 24:00 (or into the night, before the change).
        let mut at = day_change.max(u.int_in_range(0..=12 * 60)?);
        let limit = 24 * 60 + day_change;
        y.push_str("  items:\n");
        let mut items = 0;
        // An exhausted input reads as zeros: stop then, and keep programmes small.
        while items == 0 || (!u.is_empty() && items < 60 && u.ratio(7, 8)? && at < limit - 1) {
            let slot = u.int_in_range(1..=180)?.min(limit - at);
            let start = if at >= 24 * 60 { at - 24 * 60 } else { at };
            let end = if at + slot >= 24 * 60 && at + slot != 24 * 60 {
                at + slot - 24 * 60
            } else {
                at + slot
            };
            let room_count = if rooms.is_empty() || u.ratio(1, 3)? {
                0
            } else {
                u.int_in_range(1..=rooms.len())?
            };
            for r in 0..room_count.max(1) {
                let _ = writeln!(
                    y,
                    "  - title: {}\n    start: \"{}\"",
                    quoted(&text(u)?),
                    hm(start)
                );
                if room_count > 0 {
                    let _ = writeln!(y, "    room: {}", quoted(&rooms[r]));
                }
                let _ = writeln!(y, "    kind: {}", u.choose(&KINDS)?);
                match u.int_in_range(0..=2)? {
                    0 => {
                        let _ = writeln!(y, "    duration: {slot}");
                    }
                    1 if end == 24 * 60 => y.push_str("    end: \"24:00\"\n"),
                    1 => {
                        let _ = writeln!(y, "    end: \"{}\"", hm(end));
                    }
                    _ => {
                        let _ = writeln!(y, "    duration: {}", u.int_in_range(1..=slot)?);
                    }
                }
                if u.ratio(1, 4)? {
                    let _ = writeln!(
                        y,
                        "    speakers: [{}, {}]",
                        quoted(&text(u)?),
                        quoted(&text(u)?)
                    );
                }
                if u.ratio(1, 6)? {
                    let _ = writeln!(y, "    description: {}", quoted(&text(u)?));
                    let _ = writeln!(y, "    links: [{}]", quoted(&text(u)?));
                }
                if u.ratio(1, 8)? {
                    let state = if u.arbitrary()? { "cancelled" } else { "moved" };
                    let _ = writeln!(y, "    state: {state}");
                }
            }
            items += room_count.max(1);
            at += slot + u.int_in_range(0..=30)?.min(limit.saturating_sub(at + slot));
        }
    }
    Ok(y)
}

fn action(u: &mut Unstructured, now: deroule::model::Instant) -> Result<Action> {
    // Typed into the search and the picker: letters, accents, a fold, a space, a digit.
    const CHARS: [char; 10] = ['a', 'e', 'r', 'é', 'ß', 'K', ' ', '1', '.', 'ø'];
    Ok(match u.int_in_range(0..=39)? {
        0 => Action::Tick(now + TimeDelta::seconds(u.int_in_range(-86_400..=172_800)?)),
        1 => Action::Resize(Size::new(
            u.int_in_range(0..=300)?,
            u.int_in_range(0..=100)?,
        )),
        2 => Action::Up,
        3 => Action::Down,
        4 => Action::PageUp,
        5 => Action::PageDown,
        6 => Action::First,
        7 => Action::Last,
        8 => Action::Scroll(u.int_in_range(-50..=50)?),
        9 => Action::Click(Position::new(
            u.int_in_range(0..=300)?,
            u.int_in_range(0..=100)?,
        )),
        10 => Action::OpenDetails,
        11 => Action::Back,
        12 => Action::FollowNow,
        13 => Action::PrevDay,
        14 => Action::NextDay,
        15 => Action::ToggleLocal,
        16 => Action::ToggleHelp,
        17 => Action::StartNext,
        18 => Action::EndNow,
        19 => Action::Adjust(u.int_in_range(-120..=120)?),
        20 => Action::Undo,
        21 => Action::Search,
        22 => Action::SearchInput(*u.choose(&CHARS)?),
        23 => Action::SearchBackspace,
        24 => Action::SearchAccept,
        25 => Action::ToggleFavourite,
        26 => Action::FavouritesOnly,
        27 => Action::Pick(*u.choose(&[Facet::Room, Facet::Track, Facet::Kind])?),
        28 => Action::PickerInput(*u.choose(&CHARS)?),
        29 => Action::PickerBackspace,
        30 => Action::PickerMove(u.int_in_range(-5..=5)?),
        31 => Action::PickerAccept,
        32 => Action::ToggleGrid,
        33 => Action::GridRooms(u.int_in_range(-3..=3)?),
        34 => Action::GridColumn(u.int_in_range(-3..=3)?),
        35 => Action::ZoomIn,
        36 => Action::ZoomOut,
        37 => Action::RoomView,
        38 => Action::ToggleMessages,
        _ => Action::Down,
    })
}

fn run(u: &mut Unstructured) -> Result<()> {
    let source = programme(u)?;
    let Ok(loaded) = load_str(&source, "fuzz") else {
        return Ok(());
    };
    let p = loaded.programme;
    // The load's warnings and one of any text, for the messages panel and the footer's count.
    let mut warnings: Vec<String> = loaded
        .warnings
        .iter()
        .map(|d| d.display("fuzz").to_string())
        .collect();
    let span = (p.last_end() - p.first_start()).num_seconds();
    let now = p.first_start() + TimeDelta::seconds(u.int_in_range(-7200..=span + 7200)?);
    let (w, h) = (u.int_in_range(0..=250)?, u.int_in_range(0..=80)?);
    let mode = if u.ratio(1, 3)? {
        Mode::Facilitator(Thresholds {
            warn_before: u.arbitrary::<Option<u8>>()?.map(u32::from),
            danger_before: u.arbitrary::<Option<u8>>()?.map(u32::from),
        })
    } else {
        Mode::Attendee
    };
    let viewer: Tz = u.choose(&ZONES)?.parse().unwrap_or(Tz::UTC);
    let options = Options {
        show_local: u.arbitrary()?,
        viewer: Zone::Named(viewer),
        theme: Theme::new(u.arbitrary()?),
        clock_note: if u.arbitrary()? { Some(text(u)?) } else { None },
        mode,
        lang: if u.arbitrary()? { Lang::Fr } else { Lang::En },
        live: None,
        favourites: Favourites::default(),
    };
    if u.arbitrary()? {
        warnings.push(text(u)?);
    }
    let mut app = App::new(p, now, Size::new(w, h), options);
    app.warned(&warnings);
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("test terminal");
    terminal.draw(|f| ui::draw(f, &app)).expect("draw");
    for _ in 0..u.int_in_range(0..=24)? {
        let action = action(u, now)?;
        if let Action::Resize(size) = action {
            terminal.backend_mut().resize(size.width, size.height);
        }
        app.update(action);
        terminal.draw(|f| ui::draw(f, &app)).expect("draw");
    }
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let _ = run(&mut Unstructured::new(data));
});
