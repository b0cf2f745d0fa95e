//! Programmes opened by URL: the client against real servers on 127.0.0.1:0 (a fixture server
//! whose answers a test changes, and `deroule serve` itself), the library's `net` module and the
//! real binary in a pty. Every wait has a deadline; no test sleeps to let time pass.

mod common;

use std::process::{Child, Command};
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant as Monotonic};

use common::http::{Fixture, Reply};
use common::pty::{DEADLINE, Session};
use deroule::cache::Store;
use deroule::net::remote::{Cadence, Follow};
use deroule::net::{Fetcher, Origin};
use deroule::reload::Change;

const BIN: &str = env!("CARGO_BIN_EXE_deroule");
const YAML: &str = deroule::BUNDLED;
const FRAB: &str = include_str!("fixtures/import/frab.xml");

fn now() -> deroule::model::Instant {
    chrono::Utc::now()
}

fn store(dir: &tempfile::TempDir) -> Store {
    Store::new(dir.path().join("urls"))
}

/// A follower of a URL kept in `dir`'s store, asking as often as `cadence` says.
fn follower(dir: &tempfile::TempDir, cadence: Cadence) -> Follow {
    Follow {
        fetcher: Fetcher::default(),
        store: Some(store(dir)),
        programme: cadence,
        live: cadence,
        at_once: false,
    }
}

fn open(origin: &Origin, store: &Store) -> (Result<deroule::net::Snapshot, String>, Vec<String>) {
    let mut problems = Vec::new();
    let opened = deroule::net::open(
        origin,
        &Fetcher::default(),
        Some(store),
        now(),
        &mut problems,
    );
    (opened, problems)
}

#[test]
fn a_second_open_asks_conditionally_and_a_304_keeps_the_copy() {
    let server = Fixture::start();
    server.set("/day.yaml", Reply::ok(YAML, "v1"));
    let dir = tempfile::tempdir().expect("tempdir");
    let origin = Origin::of(&server.url("/day.yaml")).expect("a URL");
    assert_eq!(origin.live, None, "a schedule's URL has no live state");
    let (first, problems) = open(&origin, &store(&dir));
    let first = first.expect("opens");
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(first.programme, common::bundled());
    let (second, _) = open(&origin, &store(&dir));
    assert_eq!(second.expect("opens").programme, first.programme);
    let requests = server.requests();
    assert_eq!(requests.len(), 2, "{requests:?}");
    assert!(
        !requests[0].to_ascii_lowercase().contains("if-none-match"),
        "{}",
        requests[0]
    );
    assert!(
        requests[1].contains("If-None-Match: \"v1\"")
            || requests[1].contains("if-none-match: \"v1\""),
        "{}",
        requests[1]
    );
}

#[test]
fn a_url_seen_before_opens_from_its_copy_without_network() {
    let server = Fixture::start();
    server.set("/schedule.xml", Reply::ok(FRAB, "f1"));
    let dir = tempfile::tempdir().expect("tempdir");
    let origin = Origin::of(&server.url("/schedule.xml")).expect("a URL");
    let online = open(&origin, &store(&dir)).0.expect("opens");
    server.stop();
    let cached = deroule::net::open_cached(&origin, &store(&dir)).expect("a copy");
    assert_eq!(cached.programme, online.programme);
    assert!(cached.updated.is_some());
    let (offline, _) = open(&origin, &store(&dir));
    let offline = offline.expect("the copy stands in");
    assert_eq!(offline.programme, online.programme);
    let reason = offline.offline.expect("said offline");
    assert!(reason.contains("connection refused"), "{reason}");
    // Never seen: an error naming the URL.
    let other = Origin::of(&server.url("/other.xml")).expect("a URL");
    let error = open(&other, &store(&dir)).0.expect_err("nothing to show");
    assert!(error.starts_with(&server.url("/other.xml")), "{error}");
}

#[test]
fn garbage_error_statuses_and_oversized_answers_keep_the_last_good_copy() {
    let server = Fixture::start();
    server.set("/day.yaml", Reply::ok(YAML, "v1"));
    let dir = tempfile::tempdir().expect("tempdir");
    let origin = Origin::of(&server.url("/day.yaml")).expect("a URL");
    let good = open(&origin, &store(&dir)).0.expect("opens").programme;

    server.set("/day.yaml", Reply::ok("title: [broken\n", "v2"));
    let (kept, problems) = open(&origin, &store(&dir));
    assert_eq!(kept.expect("the copy").programme, good);
    assert!(
        problems.iter().any(|p| p.contains("day.yaml")),
        "{problems:?}"
    );

    let mut failing = Reply::ok("oops", "v3");
    failing.status = 503;
    server.set("/day.yaml", failing);
    let (kept, problems) = open(&origin, &store(&dir));
    assert_eq!(kept.expect("the copy").programme, good);
    assert!(
        problems.iter().any(|p| p.contains("HTTP 503")),
        "{problems:?}"
    );

    let huge = vec![b'#'; 16 * 1024 * 1024 + 1];
    server.set("/day.yaml", Reply::ok(huge, "v4"));
    let (kept, problems) = open(&origin, &store(&dir));
    assert_eq!(kept.expect("the copy").programme, good);
    assert!(
        problems.iter().any(|p| p.contains("larger than 16 MiB")),
        "{problems:?}"
    );
    // Without a copy, garbage is an error.
    let fresh = tempfile::tempdir().expect("tempdir");
    server.set("/day.yaml", Reply::ok("title: [broken\n", "v5"));
    assert!(open(&origin, &store(&fresh)).0.is_err());
}

/// Waits for a change that `wanted` accepts, skipping others.
fn wait_change(changes: &Receiver<Change>, what: &str, wanted: impl Fn(&Change) -> bool) -> Change {
    let end = Monotonic::now() + DEADLINE;
    loop {
        let left = end.saturating_duration_since(Monotonic::now());
        match changes.recv_timeout(left) {
            Ok(change) if wanted(&change) => return change,
            Ok(_) => {}
            Err(e) => panic!("no {what}: {e}"),
        }
    }
}

#[test]
fn the_follower_passes_on_new_versions_broken_ones_and_going_offline() {
    let server = Fixture::start();
    let live_yaml = |minutes: u32| {
        let p = common::bundled();
        let mut record = deroule::live::Record::new(&p, common::at(&p, "2022-07-01 09:00:00"));
        record.actions.push(deroule::live::Entry {
            at: common::at(&p, "2022-07-01 11:20:00"),
            action: deroule::live::Kind::Adjust,
            item: deroule::live::key(&p, &p.days[0].items[4]),
            ended: None,
            minutes: Some(i64::from(minutes)),
        });
        deroule::live::state::State::One(record).yaml()
    };
    server.set("/programme.yaml", Reply::ok(YAML, "p1"));
    server.set("/live.yaml", Reply::ok(live_yaml(1), "l1"));
    let dir = tempfile::tempdir().expect("tempdir");
    let origin = Origin::of(&server.url("/")).expect("a serve root");
    let snapshot = open(&origin, &store(&dir)).0.expect("opens");
    assert!(snapshot.live.record().is_some(), "{:?}", snapshot.live);
    let quick = Cadence::of(
        Duration::from_millis(50),
        Duration::from_millis(50),
        Duration::from_millis(200),
    );
    let follow = follower(&dir, quick);
    let changes = follow.start(&snapshot);

    server.set("/live.yaml", Reply::ok(live_yaml(5), "l2"));
    let change = wait_change(&changes, "new live state", |c| matches!(c, Change::Live(_)));
    let Change::Live(Some(record)) = change else {
        panic!("a record")
    };
    assert_eq!(record.actions[0].minutes, Some(5));

    let moved = YAML.replace(
        "  - id: conclusion\n    start: 17h\n",
        "  - id: conclusion\n    start: 17h10\n",
    );
    server.set("/programme.yaml", Reply::ok(moved, "p2"));
    let change = wait_change(&changes, "new programme", |c| {
        matches!(c, Change::Programme(..))
    });
    let Change::Programme(p, _) = change else {
        panic!()
    };
    assert_ne!(*p, snapshot.programme);

    server.set("/programme.yaml", Reply::ok("title: [", "p3"));
    let change = wait_change(&changes, "broken programme", |c| {
        matches!(c, Change::ProgrammeBroken { .. })
    });
    let Change::ProgrammeBroken { first: text, .. } = change else {
        panic!()
    };
    assert!(text.contains("programme.yaml"), "{text}");

    server.stop();
    let change = wait_change(&changes, "offline", |c| matches!(c, Change::Offline { .. }));
    let Change::Offline { updated, error } = change else {
        panic!()
    };
    assert!(updated.is_some());
    // Refused, or cut off by the stop while a GET was in flight.
    assert!(
        error.contains("connection refused") || error.contains("connection was closed"),
        "{error}"
    );
    assert!(error.starts_with(&server.url("/")), "{error}");
}

/// `deroule serve` of `day.yaml` in `dir` at 11:30 on the bundled day, frozen; its root URL.
struct Served(Child, String);

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn serve(dir: &std::path::Path) -> Served {
    serve_at(dir, "day.yaml", "2022-07-01 11:30")
}

/// `deroule serve` of `file` in `dir` at `at`, frozen.
fn serve_at(dir: &std::path::Path, file: &str, at: &str) -> Served {
    let (child, url) = common::spawn_server(
        Command::new(BIN)
            .current_dir(dir)
            .args(["serve", file, "--listen", "127.0.0.1:0", "--at", at])
            .env("TZ", "UTC")
            .env("XDG_CACHE_HOME", dir.join("server-cache")),
    );
    Served(child, url)
}

fn viewer(url: &str, cache: &std::path::Path) -> Session {
    viewer_at(url, cache, "2022-07-01 11:30")
}

/// The attendee view of `url` at `at`, frozen, 100×30, its cache and data in `cache`.
fn viewer_at(url: &str, cache: &std::path::Path, at: &str) -> Session {
    let cache = cache.to_str().expect("a UTF-8 path");
    Session::start_with_env(
        &[url, "--at", at],
        100,
        30,
        &[("XDG_CACHE_HOME", cache), ("XDG_DATA_HOME", cache)],
    )
}

#[test]
fn a_facilitators_key_reaches_a_viewer_opened_by_url() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("day.yaml"), YAML).expect("write");
    let served = serve(dir.path());
    let mut view = viewer(&served.1, &dir.path().join("cache"));
    view.wait_text("Retours d’expérience");
    assert!(!view.screen().contains("late"), "{}", view.screen());
    let day = dir.path().join("day.yaml");
    let live = dir.path().join("day.live.yaml");
    let mut stage = Session::start(
        &[
            "facilitate",
            day.to_str().expect("utf-8"),
            "--at",
            "2022-07-01 11:30",
            "--live",
            live.to_str().expect("utf-8"),
        ],
        100,
        30,
    );
    stage.wait_text("Retours d’expérience");
    for _ in 0..3 {
        stage.send(b"+");
    }
    stage.wait_text("running 3 min late");
    view.wait_text("running ~3 min late");
    view.send(b"q");
    stage.send(b"q");
    assert!(view.wait_exit().success());
}

#[test]
fn a_stopped_server_leaves_the_cached_programme_with_the_offline_note() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("day.yaml"), YAML).expect("write");
    let cache = dir.path().join("cache");
    let served = serve(dir.path());
    let url = served.1.clone();
    let mut first = viewer(&url, &cache);
    first.wait_text("Retours d’expérience");
    first.send(b"q");
    assert!(first.wait_exit().success());
    drop(served);

    // Opens from the copy, then says it is offline once the server does not answer.
    let mut again = viewer(&url, &cache);
    again.wait_text("Retours d’expérience");
    again.wait_text("offline · updated");
    assert!(again.screen().contains("connection"), "{}", again.screen());
    // The banner may be cut (`… ! for all`): the messages panel has the reason whole.
    again.send(b"!");
    again.wait_text("connection refused");
    again.send(b"q");
    assert!(again.wait_exit().success());
}

#[test]
fn a_slow_server_never_holds_a_key() {
    let server = Fixture::start();
    let mut reply = Reply::ok(YAML, "v1");
    reply.max_age = Some(2);
    server.set("/programme.yaml", reply);
    server.set("/live.yaml", Reply::ok("# nothing recorded\n", "l1"));
    let dir = tempfile::tempdir().expect("tempdir");
    let cache = dir.path().join("cache");
    let url = server.url("/");
    let mut view = viewer(&url, &cache);
    view.wait_text("Retours d’expérience");
    // Every answer now takes longer than any test: the follower waits, the screen does not.
    server.slow(Duration::from_secs(600));
    let asked = server.requests().len();
    let end = Monotonic::now() + DEADLINE;
    while server.requests().len() == asked {
        assert!(Monotonic::now() < end, "the follower never asked again");
        view.pump(Duration::from_millis(100));
    }
    view.send(b"?");
    view.wait_text("Keys");
    view.send(b"?");
    view.send(b"q");
    assert!(view.wait_exit().success());
}

#[test]
fn one_shot_commands_read_a_url() {
    let server = Fixture::start();
    server.set("/schedule.xml", Reply::ok(FRAB, "f1"));
    let dir = tempfile::tempdir().expect("tempdir");
    let run = |args: &[&str]| {
        Command::new(BIN)
            .args(args)
            .env("TZ", "UTC")
            .env("LANG", "C")
            .env("XDG_CACHE_HOME", dir.path().join("cache"))
            .env("XDG_CONFIG_HOME", dir.path().join("config"))
            .output()
            .expect("runs")
    };
    let url = server.url("/schedule.xml");
    let check = run(&["check", &url]);
    assert!(check.status.success(), "{check:?}");
    assert!(String::from_utf8_lossy(&check.stdout).contains("imported from"));
    let agenda = run(&["agenda", &url, "--all"]);
    assert!(agenda.status.success(), "{agenda:?}");
    let ics = run(&["export", "--ics", &url]);
    assert!(String::from_utf8_lossy(&ics.stdout).starts_with("BEGIN:VCALENDAR"));
    let refused = run(&["now", "ftp://example.org/x.xml"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("expected http:// or https://"));
    let serving = run(&["serve", &url]);
    assert_eq!(serving.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&serving.stderr).contains("needs a programme file"));
    server.stop();
    let offline = run(&["agenda", &url, "--all"]);
    assert!(offline.status.success(), "{offline:?}");
    assert_eq!(offline.stdout, agenda.stdout);
    assert!(String::from_utf8_lossy(&offline.stderr).contains("offline"));
}

/// The header and the banner while the server of a URL cannot be reached, and after.
#[test]
fn offline_is_said_in_the_header_with_when_the_copy_was_confirmed() {
    let p = common::bundled();
    let confirmed = common::at(&p, "2022-07-01 11:02:00");
    let mut app = common::app_at(p, "2022-07-01 11:30:00", 110, 30);
    app.apply(Change::Offline {
        updated: Some(confirmed),
        error: "http://x/live.yaml: connection refused (is the server running?)".into(),
    });
    let terminal = common::render(&app);
    let buf = terminal.backend().buffer();
    let row = common::find_row(buf, &["offline · updated 11:02"]).expect("the note");
    let x = common::column_of(buf, row, "offline").expect("placed");
    let warning = app.settings.theme.warning();
    let cell = buf[(x, row)].style();
    assert_eq!(
        (cell.fg, cell.add_modifier),
        (warning.fg, warning.add_modifier),
        "a warning"
    );
    let banner = common::find_row(buf, &["offline, showing the last good version:"]);
    assert!(banner.is_some(), "{}", common::screen(&app));

    // Narrow: the short form, the time kept.
    app.update(deroule::app::Action::Resize(ratatui::layout::Size::new(
        60, 20,
    )));
    let narrow = common::screen(&app);
    assert!(narrow.contains("offline 11:02"), "{narrow}");

    app.apply(Change::Online);
    let back = common::screen(&app);
    assert!(!back.contains("offline"), "{back}");
}

/// A `deroule serve` root's `/events` wakes the follower: a record change arrives although
/// neither resource is due for an hour.
#[test]
fn the_servers_events_bring_a_change_before_any_poll() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("day.yaml"), YAML).expect("write");
    let served = serve(dir.path());
    let origin = Origin::of(&served.1).expect("a root");
    let snapshot = open(&origin, &store(&dir)).0.expect("opens");
    let hour = Duration::from_secs(3600);
    let slow = Cadence::of(hour, hour, hour);
    let follow = follower(&dir, slow);
    let changes = follow.start(&snapshot);
    let p = common::bundled();
    let mut record = deroule::live::Record::new(&p, common::at(&p, "2022-07-01 09:00:00"));
    record.set_message(common::at(&p, "2022-07-01 11:00:00"), "Room change");
    // The stream may open after the write: write until the change arrives (each write is new).
    let end = Monotonic::now() + DEADLINE;
    let mut n = 0;
    loop {
        n += 1;
        record.set_message(
            common::at(&p, "2022-07-01 11:00:00"),
            &format!("Room change {n}"),
        );
        record
            .save(&dir.path().join("day.live.yaml"))
            .expect("saved");
        if let Ok(Change::Live(Some(got))) = changes.recv_timeout(Duration::from_secs(2)) {
            assert!(
                got.messages
                    .iter()
                    .any(|m| m.text.starts_with("Room change"))
            );
            break;
        }
        assert!(Monotonic::now() < end, "no change through /events");
    }
}

/// `common::TWO_ROOMS` in `dir` as `rooms.yaml`, and the Main Hall's record (in `dir`, where
/// `deroule serve rooms.yaml` follows it) of its first talk started ten minutes late.
fn rooms_with_a_late_hall(dir: &std::path::Path) -> (std::path::PathBuf, deroule::live::Record) {
    let programme = dir.join("rooms.yaml");
    std::fs::write(&programme, common::TWO_ROOMS).expect("write");
    let p = common::programme(common::TWO_ROOMS);
    let mut record =
        deroule::live::Record::for_file(&p, None, common::at(&p, "2024-01-01 08:00:00"));
    record.actions.push(deroule::live::Entry::new(
        common::at(&p, "2024-01-01 09:10:00"),
        deroule::live::Kind::Start,
        "2024-01-01 09:00 A talk".into(),
    ));
    (dir.join("rooms.main-hall.live.yaml"), record)
}

/// The programme list's row of `title` (the Now and Next panels say "in", never "1 h").
fn listed(screen: &vt100::Screen, title: &str) -> Option<String> {
    common::pty::row_with(screen, &[&format!("● {title}"), "1 h"]).map(|(_, row)| row)
}

/// Parallel rooms by URL: a room's record written on the server while the view runs moves that
/// room's items on the attendee's screen; the other room keeps its planned times.
#[test]
fn a_rooms_record_on_the_server_moves_only_that_rooms_items_in_a_view_by_url() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (hall, record) = rooms_with_a_late_hall(dir.path());
    let served = serve_at(dir.path(), "rooms.yaml", "2024-01-01 09:30");
    let mut view = viewer_at(&served.1, &dir.path().join("cache"), "2024-01-01 09:30");
    view.wait_for("the plan", |s| {
        listed(s, "A second").is_some() && listed(s, "B second").is_some()
    });
    for title in ["A talk", "A second", "B talk", "B second"] {
        let row = listed(view.parser.screen(), title).expect("listed");
        assert!(!row.contains('→'), "planned times until a record: {row}");
    }

    record.save(&hall).expect("saved");
    view.wait_for("the Main Hall moved", |s| {
        listed(s, "A second").is_some_and(|row| row.contains("10:00 →10:10"))
    });
    let screen = view.screen();
    let row = |title| listed(view.parser.screen(), title).expect("listed");
    assert!(row("A talk").contains("09:00 →09:10"), "{screen}");
    assert!(row("A talk").contains("ends in 40:00"), "{screen}");
    for title in ["B talk", "B second"] {
        assert!(
            !row(title).contains('→'),
            "the side room keeps its times: {screen}"
        );
    }
    assert!(row("B talk").contains("ends in 30:00"), "{screen}");
    // Next is the side room's, now the first to start.
    assert!(row("B second").contains("NEXT · in 30:00"), "{screen}");
    assert!(!row("A second").contains("NEXT"), "{screen}");
    view.send(b"q");
    assert!(view.wait_exit().success());

    // A viewer opening once the record is there shows the moved times from its first screen.
    let mut late = viewer_at(&served.1, &dir.path().join("fresh"), "2024-01-01 09:30");
    late.wait_for("the programme", |s| listed(s, "A second").is_some());
    let first = listed(late.parser.screen(), "A second").expect("listed");
    assert!(first.contains("10:00 →10:10"), "{}", late.screen());
    late.send(b"q");
    assert!(late.wait_exit().success());
}

/// `deroule now --room R URL` against `deroule serve`: R's expected times from R's record on
/// the server, as a line and as JSON; another room's planned ones.
#[test]
fn now_for_a_room_by_url_gives_that_rooms_expected_times() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (hall, record) = rooms_with_a_late_hall(dir.path());
    record.save(&hall).expect("saved");
    let served = serve_at(dir.path(), "rooms.yaml", "2024-01-01 09:30");
    let now = |args: &[&str]| {
        let out = Command::new(BIN)
            .args(["now", &served.1, "--at", "9:30"])
            .args(args)
            .env("TZ", "UTC")
            .env("LANG", "C")
            .env("XDG_CACHE_HOME", dir.path().join("cache"))
            .env("XDG_CONFIG_HOME", dir.path().join("config"))
            .output()
            .expect("runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{out:?}");
        assert!(stderr.is_empty(), "{stderr}");
        String::from_utf8(out.stdout).expect("UTF-8")
    };
    assert_eq!(
        now(&["--room", "Main Hall"]),
        "▶ A talk · Main Hall · ends 10:10 (in 40 min) → A second 10:10 · running ~10 min late\n"
    );
    assert_eq!(
        now(&["--room", "side room"]),
        "▶ B talk · Side Room · ends 10:00 (in 30 min) → B second 10:00\n"
    );
    // Both rooms: next is the side room's, which starts first now that the hall runs late.
    assert_eq!(
        now(&[]),
        "▶ 2 items running in 2 rooms · next: 10:00 (Side Room)\n"
    );
    let json: serde_json::Value =
        serde_json::from_str(&now(&["--room", "Main Hall", "--json"])).expect("JSON");
    assert_eq!(json["followed_room"], "Main Hall");
    assert_eq!(json["delay_minutes"], 10);
    assert_eq!(json["running"]["title"], "A talk");
    assert_eq!(json["running"]["start"], "2024-01-01T09:10:00+00:00");
    assert_eq!(json["running"]["end"], "2024-01-01T10:10:00+00:00");
    assert_eq!(json["next"]["title"], "A second");
    assert_eq!(json["next"]["start"], "2024-01-01T10:10:00+00:00");
    let json: serde_json::Value =
        serde_json::from_str(&now(&["--room", "Side Room", "--json"])).expect("JSON");
    assert_eq!(json["delay_minutes"], 0);
    assert_eq!(json["next"]["title"], "B second");
    assert_eq!(json["next"]["start"], "2024-01-01T10:00:00+00:00");
}
