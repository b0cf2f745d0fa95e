//! Whole-screen snapshots at fixed sizes and fixed instants. Review changes with `cargo insta
//! review`; CI fails on any difference.

mod common;

use common::{app_at, bundled, programme, render};
use rstest::rstest;

#[rstest]
#[case("before_80x24", "2022-07-01 08:12:00", 80, 24)]
#[case("mid_item_80x24", "2022-07-01 11:05:12", 80, 24)]
#[case("mid_item_120x40", "2022-07-01 11:05:12", 120, 40)]
#[case("lunch_120x40", "2022-07-01 12:47:30", 120, 40)]
#[case("last_item_80x24", "2022-07-01 17:45:00", 80, 24)]
#[case("after_80x24", "2022-07-01 18:30:00", 80, 24)]
#[case("narrow_40x12", "2022-07-01 11:05:12", 40, 12)]
fn bluehats(#[case] scene: &str, #[case] time: &str, #[case] width: u16, #[case] height: u16) {
    let app = app_at(bundled(), time, width, height);
    insta::assert_snapshot!(format!("bluehats_{scene}"), render(&app).backend());
}

#[test]
fn gap_between_sessions_80x24() {
    let source = r"
title: Rust Meetup
venue: Salle 2
time_zone: Europe/Paris
date: 2024-05-02
items:
  - {title: Doors open, kind: welcome, start: 18h30, end: 19h}
  - {title: Async in practice, kind: talk, start: 19h, end: 19h40, speakers: [Ana]}
  - {title: Pizza, kind: meal, start: 20h, end: 20h30}
  - {title: Lightning talks, kind: talk, start: 20h30, end: 21h15}
";
    let app = app_at(programme(source), "2024-05-02 19:47:05", 80, 24);
    insta::assert_snapshot!("gap_80x24", render(&app).backend());
}
