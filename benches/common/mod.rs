//! Helpers shared by the benchmarks: programmes of a given size, an instant inside them, and a
//! short criterion configuration (the machines are small: 2 cores).
#![allow(dead_code)]

use std::time::Duration;

use chrono::TimeDelta;
use chrono_tz::Tz;
use criterion::Criterion;
use deroule::app::{Mode, Options, Zone};
use deroule::favourites::Favourites;
use deroule::i18n::Lang;
use deroule::model::{Instant, Programme, load_str};
use deroule::synthetic::{self, Shape};
use deroule::theme::Theme;

/// One second of warm-up, three of measurement; `cargo bench -- --measurement-time 10` overrides.
pub fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
}

/// The YAML text of a synthetic programme of `items` items ([`Shape::sized`]).
pub fn synthetic_yaml(items: usize) -> String {
    synthetic::yaml(Shape::sized(items))
}

/// A synthetic programme of `items` items ([`Shape::sized`]), validated.
pub fn synthetic(items: usize) -> Programme {
    synthetic_shaped(Shape::sized(items))
}

/// A synthetic programme of the given shape, validated.
pub fn synthetic_shaped(shape: Shape) -> Programme {
    load_str(&synthetic::yaml(shape), "synthetic.yaml")
        .expect("synthetic programmes are valid")
        .programme
}

pub fn bundled() -> Programme {
    load_str(deroule::BUNDLED, deroule::BUNDLED_NAME)
        .expect("the bundled programme is valid")
        .programme
}

/// 12:00 on the middle day: items are running, about half of the programme is past.
pub fn midday(p: &Programme) -> Instant {
    p.days[p.days.len() / 2].opens() + TimeDelta::hours(4)
}

pub fn options() -> Options {
    Options {
        show_local: false,
        viewer: Zone::Named(Tz::Europe__Paris),
        theme: Theme::new(true),
        clock_note: None,
        mode: Mode::Attendee,
        lang: Lang::En,
        live: None,
        favourites: Favourites::default(),
        remind: None,
    }
}

/// `1000` as `1k`, for benchmark names.
pub fn label(items: usize) -> String {
    match items {
        n if n >= 1000 && n.is_multiple_of(1000) => format!("{}k", n / 1000),
        n => n.to_string(),
    }
}
