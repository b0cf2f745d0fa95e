//! One full frame at 120×40 into a ratatui `TestBackend`, for programmes of 10, 1k and 100k
//! items: whether drawing stays flat as the programme grows.
//!
//! - `render/draw`: `ui::draw` alone, as for a key press (the cells are then diffed by ratatui).
//! - `render/tick-draw`: what an idle viewer does every second: `App::update(Tick)` (which
//!   re-follows the current item) and a draw.
//! - `render/tick-draw-live`: the same for the facilitator, with a live record.
//! - `render/grid-tick-draw`: the same in the rooms grid (`v`), whose rows are laid out from the
//!   shown day's items on every frame.
//! - `render/lobby-tick-draw`: the lobby screen (`deroule lobby`), whose board of rooms is worked
//!   out from the day's items on every frame.
//! - `render/tick-draw-remind`: the attendee's tick and frame with reminders on (`--remind 5m`)
//!   and every tenth item a favourite: each tick also looks for the favourites due.

mod common;

use std::hint::black_box;

use chrono::TimeDelta;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use deroule::app::{Action, App, Live, Mode};
use deroule::live::{Entry, Kind, Record};
use deroule::model::Thresholds;
use deroule::reload::Change;
use deroule::synthetic::Shape;
use deroule::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Size;

const SIZES: [usize; 3] = [10, 1_000, 100_000];

fn app(items: usize) -> App {
    let p = common::synthetic(items);
    let now = common::midday(&p);
    App::new(p, now, Size::new(120, 40), common::options())
}

fn terminal() -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(120, 40)).expect("test terminal")
}

fn draw(c: &mut Criterion) {
    let mut group = c.benchmark_group("render/draw");
    for items in SIZES {
        // Built on first use, so that a filtered run (`cargo bench -- draw/10`) loads only that.
        let mut state = None;
        group.bench_function(BenchmarkId::from_parameter(common::label(items)), |b| {
            let (app, terminal) = state.get_or_insert_with(|| (app(items), terminal()));
            b.iter(|| {
                terminal
                    .draw(|f| ui::draw(f, black_box(&*app)))
                    .expect("draw")
                    .area
            });
        });
    }
    group.finish();
}

fn tick_and_draw(c: &mut Criterion) {
    ticking(c, "render/tick-draw", app);
}

fn grid_tick_and_draw(c: &mut Criterion) {
    ticking(c, "render/grid-tick-draw", |items| {
        let mut app = app(items);
        app.update(Action::ToggleGrid);
        app
    });
}

/// The facilitator's stage view with a live record (nothing recorded yet): every second the
/// expected programme is recomputed from the plan, then drawn. A record only applies to one
/// sequence of items, so these programmes have a single room (400 items a day: 100k is 250 days).
fn tick_and_draw_live(c: &mut Criterion) {
    ticking(c, "render/tick-draw-live", |items| {
        let p = common::synthetic_shaped(Shape::new(items, 1, items.div_ceil(400)));
        let now = common::midday(&p);
        let mut options = common::options();
        options.mode = Mode::Facilitator(Thresholds::default());
        options.live = Some(Live {
            path: std::env::temp_dir().join("deroule-bench-never-written.live.yaml"),
            record: Some(Record::new(&p, now - TimeDelta::hours(1))),
        });
        App::new(p, now, Size::new(120, 40), options)
    });
}

fn lobby_tick_and_draw(c: &mut Criterion) {
    ticking(c, "render/lobby-tick-draw", |items| {
        let p = common::synthetic(items);
        let now = common::midday(&p);
        let mut options = common::options();
        options.mode = Mode::Lobby;
        App::new(p, now, Size::new(120, 40), options)
    });
}

/// An attendee at a conference whose every room has a facilitator: each room's record (its
/// first item of the day started five minutes late) moves that room's items, renewed every
/// second (`Change::Rooms`, as from a server's live state or the rooms' files).
fn tick_and_draw_rooms(c: &mut Criterion) {
    ticking(c, "render/tick-draw-rooms", |items| {
        let p = common::synthetic(items);
        let now = common::midday(&p);
        let day = p
            .days
            .iter()
            .find(|d| d.items.iter().any(|i| i.end > now))
            .expect("a day at midday");
        let mut records = Vec::new();
        for room in &p.rooms {
            let Some(first) = day
                .items
                .iter()
                .find(|i| i.room.as_deref() == Some(room.name.as_str()))
            else {
                continue;
            };
            let mut record = Record::new(&p, first.start - TimeDelta::hours(1));
            record.actions.push(Entry::new(
                first.start + TimeDelta::minutes(5),
                Kind::Start,
                deroule::live::key(&p, first),
            ));
            records.push((room.name.clone(), record));
        }
        let mut app = App::new(p, now, Size::new(120, 40), common::options());
        app.apply(Change::Rooms(records));
        app
    });
}

/// Searching as one types: a letter typed into the search box and taken back (the list refiltered
/// twice over every day's items, the counts per day said), then a frame. A query of common
/// letters (`k`) that most items' words do not start: every field is looked at.
fn search_key(c: &mut Criterion) {
    let mut group = c.benchmark_group("render/search-key");
    for items in SIZES {
        let mut state = None;
        group.bench_function(BenchmarkId::from_parameter(common::label(items)), |b| {
            let (app, terminal) = state.get_or_insert_with(|| {
                let mut app = app(items);
                app.update(Action::Search);
                app.update(Action::SearchInput('k'));
                (app, terminal())
            });
            b.iter(|| {
                app.update(Action::SearchInput('e'));
                app.update(Action::SearchBackspace);
                terminal.draw(|f| ui::draw(f, app)).expect("draw").area
            });
        });
    }
    group.finish();
}

fn tick_and_draw_remind(c: &mut Criterion) {
    ticking(c, "render/tick-draw-remind", |items| {
        let p = common::synthetic(items);
        let now = common::midday(&p);
        let mut options = common::options();
        for item in p.items().step_by(10) {
            options.favourites.toggle(&deroule::live::key(&p, item));
        }
        options.remind = Some(TimeDelta::minutes(5));
        App::new(p, now, Size::new(120, 40), options)
    });
}

/// A tick a second later and a frame, on the app `make` builds for a programme of that many
/// items (built on first use, so that a filtered run builds only what it measures).
fn ticking(c: &mut Criterion, name: &str, make: fn(usize) -> App) {
    let mut group = c.benchmark_group(name);
    for items in SIZES {
        let mut state = None;
        let mut seconds = 0;
        group.bench_function(BenchmarkId::from_parameter(common::label(items)), |b| {
            let (app, terminal, start) = state.get_or_insert_with(|| {
                let app = make(items);
                let start = app.now;
                (app, terminal(), start)
            });
            let start = *start;
            b.iter(|| {
                // A second later, within the same two hours: the same items stay current.
                seconds = (seconds + 1) % 7200;
                app.update(Action::Tick(start + TimeDelta::seconds(seconds)));
                terminal.draw(|f| ui::draw(f, app)).expect("draw").area
            });
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = common::config();
    targets = draw, tick_and_draw, tick_and_draw_live, grid_tick_and_draw, lobby_tick_and_draw,
        tick_and_draw_remind, tick_and_draw_rooms, search_key
}
criterion_main!(benches);
