//! The favourites outside the viewer (#16): `now --favourites` for a status bar (line and JSON)
//! and `export --ics --favourites` for a phone's calendar.

mod common;

use std::path::Path;
use std::process::Output;

/// `deroule ARGS` with its data (and cache) in `data`.
fn deroule(args: &[&str], data: &Path) -> Output {
    common::cli::run(
        common::cli::command(args)
            .env("XDG_DATA_HOME", data)
            .env("XDG_CACHE_HOME", data.join("cache")),
    )
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn now_tells_a_status_bar_about_the_favourites_only() {
    let data = common::favourites_of_bundled(&["retours-experience", "conclusion"]);
    let before = deroule(&["now", "--favourites", "--at", "11:05"], data.path());
    assert_eq!(
        out(&before),
        "★ Starts in 10:00 · Retours d’expérience de contributions réussies at 11:15\n"
    );
    assert_eq!(before.status.code(), Some(3), "no favourite running");
    let during = deroule(&["now", "--favourites", "--at", "11:20"], data.path());
    assert_eq!(
        out(&during),
        "★ ▶ Retours d’expérience de contributions réussies · ends 11:45 (in 25 min) → \
         Conclusion 17:00\n"
    );
    assert_eq!(during.status.code(), Some(0));
    let json = deroule(
        &["now", "--favourites", "--json", "--at", "11:20"],
        data.path(),
    );
    let v: serde_json::Value = serde_json::from_str(&out(&json)).expect("json");
    assert_eq!(v["favourites_only"], true);
    assert_eq!(v["running"]["id"], "retours-experience");
    assert_eq!(v["next"]["id"], "conclusion");
}

#[test]
fn without_favourites_now_says_so_and_export_refuses() {
    let data = common::favourites_of_bundled(&[]);
    let o = deroule(
        &["now", "--favourites", "--json", "--at", "11:20"],
        data.path(),
    );
    let v: serde_json::Value = serde_json::from_str(&out(&o)).expect("json");
    assert_eq!(v["status"], "no_favourites");
    assert_eq!(o.status.code(), Some(3));
    let e = deroule(&["export", "--ics", "--favourites"], data.path());
    assert_eq!(e.status.code(), Some(1));
    assert!(out(&e).is_empty());
    assert!(
        String::from_utf8_lossy(&e.stderr).contains("no favourites marked for this programme"),
        "{}",
        String::from_utf8_lossy(&e.stderr)
    );
}

#[test]
fn export_favourites_gives_a_calendar_of_them_alone() {
    let data = common::favourites_of_bundled(&["retours-experience", "conclusion"]);
    let o = deroule(&["export", "--ics", "--favourites"], data.path());
    assert!(o.status.success());
    let ics = out(&o);
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 2, "{ics}");
    assert!(ics.contains("SUMMARY:Conclusion"), "{ics}");
    assert!(!ics.contains("SUMMARY:Pause"), "{ics}");
    let all = deroule(&["export", "--ics"], data.path());
    assert_eq!(out(&all).matches("BEGIN:VEVENT").count(), 13);
}

/// The live record's delay and message reach the favourites' line and JSON, as plain `now`'s.
#[test]
fn now_favourites_gives_the_live_records_delay_and_message() {
    use deroule::live::{Entry, Kind, Record};
    let data = common::favourites_of_bundled(&["retours-experience"]);
    let p = deroule::model::load_str(deroule::BUNDLED, "b")
        .expect("valid")
        .programme;
    let at = |h, m| {
        deroule::clock::parse_at(&format!("2022-07-01 {h:02}:{m:02}"), &p).expect("an instant")
    };
    let mut record = Record::new(&p, at(9, 0));
    let mut start = Entry::new(at(11, 4), Kind::Start, "pause-matin".into());
    start.ended = Some("inventaire".into());
    record.actions.push(start);
    record.set_message(at(11, 4), "Coffee in the hall");
    let live = data.path().join("day.live.yaml");
    record.save(&live).expect("saved");
    let live = live.to_string_lossy().into_owned();
    let args = ["now", "--favourites", "--live", &live, "--at", "11:10"];
    let said = deroule(&args, data.path());
    assert_eq!(
        out(&said),
        "★ Starts in 9:00 · Retours d’expérience de contributions réussies at 11:19 · running \
         ~4 min late · Coffee in the hall\n",
        "{}",
        String::from_utf8_lossy(&said.stderr)
    );
    let json = deroule(&[&args[..], &["--json"]].concat(), data.path());
    let v: serde_json::Value = serde_json::from_str(&out(&json)).expect("json");
    assert_eq!(v["delay_minutes"], 4);
    assert_eq!(v["message"], "Coffee in the hall");
    assert_eq!(v["next"]["start"], "2022-07-01T11:19:00+02:00");
}
