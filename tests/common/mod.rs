//! Helpers shared by the view tests: a programme, an app at a fixed instant, a rendered screen.
#![allow(dead_code)]

use chrono::{NaiveDateTime, TimeZone};
use chrono_tz::Tz;
use deroule::app::{Action, App, Mode, Options, Zone};
use deroule::model::{Instant, Programme, load_str};
use deroule::theme::Theme;
use deroule::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Size;

pub mod cli;
pub mod http;
pub mod pty;

pub fn bundled() -> Programme {
    load_str(deroule::BUNDLED, "bundled")
        .expect("bundled programme is valid")
        .programme
}

pub fn programme(source: &str) -> Programme {
    load_str(source, "test.yaml")
        .expect("test programme is valid")
        .programme
}

/// The event's wall time `YYYY-MM-DD HH:MM:SS` as an instant.
pub fn at(p: &Programme, text: &str) -> Instant {
    let naive = NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S").expect("test instant");
    p.tz.from_local_datetime(&naive)
        .earliest()
        .expect("exists")
        .to_utc()
}

pub fn options(colour: bool) -> Options {
    Options {
        show_local: false,
        viewer: Zone::Named(Tz::Europe__Paris),
        theme: Theme::new(colour),
        clock_note: None,
        mode: Mode::Attendee,
        lang: deroule::i18n::Lang::En,
        live: None,
        favourites: deroule::favourites::Favourites::default(),
        remind: None,
    }
}

pub fn app_at(p: Programme, time: &str, width: u16, height: u16) -> App {
    let now = at(&p, time);
    App::new(p, now, Size::new(width, height), options(true))
}

pub fn render(app: &App) -> Terminal<TestBackend> {
    let mut terminal =
        Terminal::new(TestBackend::new(app.size.width, app.size.height)).expect("test terminal");
    terminal.draw(|f| ui::draw(f, app)).expect("draw");
    terminal
}

/// The visible cells of row `y` with their columns; cells hidden under a wide character skipped.
pub fn row_cells(buf: &Buffer, y: u16) -> Vec<(u16, String)> {
    let mut cells = Vec::new();
    let mut x = 0;
    while x < buf.area.width {
        let symbol = buf[(x, y)].symbol().to_owned();
        let w = unicode_width::UnicodeWidthStr::width(symbol.as_str()).max(1) as u16;
        cells.push((x, symbol));
        x += w;
    }
    cells
}

/// The text of row `y`.
pub fn row_text(buf: &Buffer, y: u16) -> String {
    row_cells(buf, y).into_iter().map(|(_, s)| s).collect()
}

/// The first row whose text contains every needle.
pub fn find_row(buf: &Buffer, needles: &[&str]) -> Option<u16> {
    (0..buf.area.height).find(|&y| {
        let text = row_text(buf, y);
        needles.iter().all(|n| text.contains(n))
    })
}

/// Column (in cells) where `needle` starts in row `y`.
pub fn column_of(buf: &Buffer, y: u16, needle: &str) -> Option<u16> {
    let cells = row_cells(buf, y);
    (0..cells.len()).find_map(|i| {
        let rest: String = cells[i..].iter().map(|(_, s)| s.as_str()).collect();
        rest.starts_with(needle).then_some(cells[i].0)
    })
}

pub fn screen(app: &App) -> String {
    let terminal = render(app);
    let buf = terminal.backend().buffer();
    (0..buf.area.height)
        .map(|y| row_text(buf, y))
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn tick(app: &mut App, time: &str) {
    let now = at(&app.snapshot.programme, time);
    app.update(Action::Tick(now));
}

/// An app of `programme` at `time`, 100×32, with a live record (`record`) kept in `dir`.
pub fn live_app(
    programme: Programme,
    mode: Mode,
    record: Option<deroule::live::Record>,
    time: &str,
    dir: &std::path::Path,
) -> App {
    let now = at(&programme, time);
    let options = Options {
        mode,
        live: Some(deroule::app::Live {
            path: dir.join("day.live.yaml"),
            record,
        }),
        ..options(true)
    };
    App::new(programme, now, Size::new(100, 32), options)
}

/// The facilitator's stage on the bundled day at `time`, with a record begun then.
pub fn facilitator(time: &str, dir: &std::path::Path) -> App {
    let p = bundled();
    let record = deroule::live::Record::new(&p, at(&p, time));
    live_app(
        p,
        Mode::Facilitator(deroule::model::Thresholds::default()),
        Some(record),
        time,
        dir,
    )
}

/// The actions of the app's live record: what, on which item.
pub fn actions(app: &App) -> Vec<(deroule::live::Kind, String)> {
    let record = app.snapshot.record_now().expect("a record");
    record
        .actions
        .iter()
        .map(|e| (e.action, e.item.clone()))
        .collect()
}

/// Two rooms and a plenary opening (UTC, 1 January 2024): what `facilitate --room` follows.
pub const TWO_ROOMS: &str = "title: Rooms\ntime_zone: UTC\ndate: 2024-01-01\n\
    rooms: [Main Hall, Side Room]\nitems:\n\
    \x20 - {title: Opening, start: 8h30, end: 9h}\n\
    \x20 - {title: A talk, start: 9h, end: 10h, room: Main Hall}\n\
    \x20 - {title: A second, start: 10h, end: 11h, room: Main Hall}\n\
    \x20 - {title: B talk, start: 9h, end: 10h, room: Side Room}\n\
    \x20 - {title: B second, start: 10h, end: 11h, room: Side Room}\n";

/// Starts `deroule serve` as `command` says (its arguments, folder and environment) with its
/// standard error read here: returns the child and the loopback URL of its first line.
pub fn spawn_server(command: &mut std::process::Command) -> (std::process::Child, String) {
    use std::io::{BufRead, BufReader};
    let mut child = command
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("deroule serve runs");
    let stderr = child.stderr.take().expect("stderr");
    let mut first = String::new();
    BufReader::new(stderr)
        .read_line(&mut first)
        .expect("the server says where it listens");
    let url = first
        .split_whitespace()
        .find(|w| w.starts_with("http://127.0.0.1:"))
        .unwrap_or_else(|| panic!("a loopback address in {first:?}"))
        .to_owned();
    (child, url)
}

/// A data folder (`XDG_DATA_HOME`) holding favourites of the bundled day, by their keys.
pub fn favourites_of_bundled(keys: &[&str]) -> tempfile::TempDir {
    let data = tempfile::tempdir().expect("tempdir");
    let path = deroule::favourites::path_for(data.path(), &bundled());
    std::fs::create_dir_all(path.parent().expect("a folder")).expect("mkdir");
    let list = keys.join(", ");
    std::fs::write(&path, format!("programme: x\nfavourites: [{list}]\n")).expect("written");
    data
}
