//! The favourites outside the viewer (#16): `now --favourites` for a status bar (line and JSON)
//! and `export --ics --favourites` for a phone's calendar.

mod common;

use std::path::Path;
use std::process::Output;

/// A data folder holding favourites of the bundled day.
fn data_with(keys: &[&str]) -> tempfile::TempDir {
    let data = tempfile::tempdir().expect("tempdir");
    let programme = deroule::model::load_str(deroule::BUNDLED, "b")
        .expect("valid")
        .programme;
    let path = deroule::favourites::path_for(data.path(), &programme);
    std::fs::create_dir_all(path.parent().expect("a folder")).expect("mkdir");
    let list = keys.join(", ");
    std::fs::write(&path, format!("programme: x\nfavourites: [{list}]\n")).expect("written");
    data
}

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
    let data = data_with(&["retours-experience", "conclusion"]);
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
    let data = data_with(&[]);
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
    let data = data_with(&["retours-experience", "conclusion"]);
    let o = deroule(&["export", "--ics", "--favourites"], data.path());
    assert!(o.status.success());
    let ics = out(&o);
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 2, "{ics}");
    assert!(ics.contains("SUMMARY:Conclusion"), "{ics}");
    assert!(!ics.contains("SUMMARY:Pause"), "{ics}");
    let all = deroule(&["export", "--ics"], data.path());
    assert_eq!(out(&all).matches("BEGIN:VEVENT").count(), 13);
}
