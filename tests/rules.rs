//! The rules that touch several parts of the app (`src/app/rules.rs`), checked as a property:
//! after any sequence of actions, what `find` derived (the visible items, each day's hits) and
//! the grid's columns are what a fresh computation from the programme, the day and the filters
//! gives, and the cursor is on an item of the shown day. Deterministic sequences (a fixed-seed
//! generator), on a synthetic programme with parallel rooms over several days.

mod common;

use chrono::TimeDelta;
use deroule::app::picker::Facet;
use deroule::app::{Action, App};
use deroule::synthetic::{self, Shape};
use ratatui::layout::{Position, Size};

/// A small linear congruential generator: the same sequence for the same seed, everywhere.
struct Sequence(u64);

impl Sequence {
    fn next(&mut self, below: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % below as u64) as usize
    }
}

fn action(seq: &mut Sequence, app: &App) -> Action {
    let letters = ['a', 'e', 'i', 'o', 's', 't', 'r', 'n', ' ', '1'];
    match seq.next(31) {
        0 => Action::Tick(app.now + TimeDelta::seconds(seq.next(900) as i64)),
        1 => {
            Action::Resize([Size::new(80, 24), Size::new(140, 40), Size::new(50, 15)][seq.next(3)])
        }
        2 => Action::Up,
        3 => Action::Down,
        4 => Action::PageUp,
        5 => Action::PageDown,
        6 => Action::First,
        7 => Action::Last,
        8 => Action::Scroll([-3, 3][seq.next(2)]),
        9 => Action::Click(Position::new(seq.next(140) as u16, seq.next(40) as u16)),
        10 => Action::OpenDetails,
        11 => Action::Back,
        12 => Action::FollowNow,
        13 => Action::PrevDay,
        14 => Action::NextDay,
        15 => Action::Search,
        16 => Action::SearchInput(letters[seq.next(letters.len())]),
        17 => Action::SearchBackspace,
        18 => Action::SearchAccept,
        19 => Action::ToggleFavourite,
        20 => Action::FavouritesOnly,
        21 => Action::Pick([Facet::Room, Facet::Track, Facet::Kind][seq.next(3)]),
        22 => Action::PickerInput(letters[seq.next(letters.len())]),
        23 => Action::PickerMove([-1, 1, 3][seq.next(3)]),
        24 => Action::PickerAccept,
        25 => Action::ToggleGrid,
        26 => Action::GridRooms([-1, 1][seq.next(2)]),
        27 => Action::GridColumn([-1, 1][seq.next(2)]),
        28 => Action::ZoomIn,
        29 => Action::ZoomOut,
        _ => Action::RoomView,
    }
}

/// What the rules promise after every action.
fn check(app: &App, step: usize, last: Action) {
    let context = format!("after step {step} ({last:?})");
    let mut fresh = app.find.clone();
    fresh.refilter(&app.snapshot.programme, &app.snapshot.plan, app.list.day);
    assert_eq!(fresh.visible(), app.find.visible(), "visible {context}");
    assert_eq!(fresh.day_hits(), app.find.day_hits(), "day hits {context}");
    let mut grid = app.grid.clone();
    let room = app.find.filter.room.as_deref();
    grid.refresh(&app.snapshot.plan, room, &app.shown());
    assert_eq!(grid.rooms(), app.grid.rooms(), "grid columns {context}");
    assert!(
        app.list.day < app.snapshot.programme.days.len(),
        "day {context}"
    );
    assert!(
        app.items().is_empty() || app.list.selected < app.items().len(),
        "cursor {context}"
    );
}

#[test]
fn derived_state_always_equals_a_fresh_computation() {
    let text = synthetic::yaml(Shape::new(240, 6, 3));
    let programme = common::programme(&text);
    for seed in 0..8 {
        let now = programme.first_start() + TimeDelta::hours(2);
        let mut app = App::new(
            programme.clone(),
            now,
            Size::new(140, 40),
            common::options(true),
        );
        let mut seq = Sequence(seed);
        for step in 0..250 {
            let action = action(&mut seq, &app);
            app.update(action);
            check(&app, step, action);
        }
    }
}
