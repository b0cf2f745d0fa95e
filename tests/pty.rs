//! The real binary in a real pseudo-terminal: what a user sees, keys, signals, resizes, and the
//! terminal given back. Output is drained on a thread into a vt100 parser; every wait is for a
//! condition on the screen (with a deadline), never a fixed sleep.

mod common;

use std::time::{Duration, Instant};

use common::pty::{DEADLINE, Session, row_with};
use portable_pty::PtySize;

#[test]
fn shows_the_break_then_details_then_quits_cleanly() {
    let mut s = Session::start(&["--at", "2022-07-01T11:05"], 100, 30);
    s.wait_text("NOW · ends in 10:00");
    let screen = s.parser.screen().clone();
    let (row, text) = row_with(&screen, &["▶", "Pause", "NOW"]).expect("the current row");
    assert!(text.contains("11:00"), "{text}");
    let col = text.chars().position(|c| c == 'P').expect("title") as u16;
    let cell = screen.cell(row, col).expect("cell");
    assert!(cell.bold(), "the current item is bold");
    assert!(
        matches!(cell.fgcolor(), vt100::Color::Idx(2)),
        "and green: {:?}",
        cell.fgcolor()
    );
    assert!(
        s.screen().contains("Retours d’expérience de contributions"),
        "{}",
        s.screen()
    );
    assert!(s.screen().contains("starts in 10:00"), "{}", s.screen());

    s.send(b"\r");
    s.wait_text("Details");
    s.wait_text("11:00–11:15 (15 min) Europe/Paris");
    s.send(b"\x1b");
    s.wait_for("details closed", |sc| !sc.contents().contains("Esc close"));
    // Nothing open: Esc does not quit a view meant to stay open all day. The view still
    // answers (the help opens); `q` quits.
    s.send(b"\x1b");
    s.pump(Duration::from_millis(300));
    s.send(b"?");
    s.wait_text("┌ Keys");
    s.send(b"q");
    let status = s.wait_exit();
    assert!(status.success(), "{status:?}");
    s.assert_restored();
}

#[test]
fn ctrl_c_quits_and_restores() {
    let mut s = Session::start(&["--at", "2022-07-01T09:10"], 80, 24);
    s.wait_text("Accueil et café");
    s.send(b"\x03");
    assert!(s.wait_exit().success());
    s.assert_restored();
}

#[test]
fn sigterm_and_sighup_restore_the_terminal() {
    for (signal, code) in [("TERM", 143), ("HUP", 129)] {
        let mut s = Session::start(&["--at", "2022-07-01T09:10"], 80, 24);
        s.wait_text("Accueil et café");
        s.signal(signal);
        let status = s.wait_exit();
        assert_eq!(status.exit_code(), code, "SIG{signal}");
        s.assert_restored();
    }
}

#[test]
fn a_panic_restores_the_terminal() {
    let mut s = Session::start_with_env(
        &["--at", "2022-07-01T09:10"],
        80,
        24,
        &[("DEROULE_DEBUG_PANIC", "1")],
    );
    let status = s.wait_exit();
    assert!(!status.success());
    s.assert_restored();
    assert!(
        s.screen().contains("panicking on purpose"),
        "{}",
        s.screen()
    );
}

#[test]
fn resizing_through_tiny_and_huge_sizes_keeps_running() {
    let mut s = Session::start(&["--at", "2022-07-01T11:05"], 80, 24);
    s.wait_text("Pause");
    for (cols, rows) in [(1, 1), (20, 5), (80, 24), (300, 100), (100, 30)] {
        s.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize");
        // vt100 itself overflows on a one-row screen; two rows read the same first cell.
        s.parser.screen_mut().set_size(rows.max(2), cols.max(2));
        // Each size is drawn before the next resize.
        if cols >= 24 && rows >= 8 {
            s.wait_text("Pause");
        } else {
            s.wait_for("the enlarge message", |sc| {
                sc.contents().trim_start().starts_with('E')
            });
        }
    }
    s.wait_for("a full redraw at 100×30", |sc| {
        sc.contents().contains("Programme")
    });
    s.send(b"q");
    assert!(s.wait_exit().success());
    s.assert_restored();
}

#[test]
fn a_broken_programme_is_reported_before_the_terminal_changes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("broken.yaml");
    std::fs::write(
        &path,
        "title: x\ntime_zone: Mars/Olympus\ndate: 2024-01-01\nitems: []\n",
    )
    .expect("write");
    let mut s = Session::start(&[path.to_str().expect("utf-8 path")], 80, 24);
    let status = s.wait_exit();
    assert_eq!(status.exit_code(), 1);
    assert!(s.screen().contains("unknown time zone"), "{}", s.screen());
    assert!(!String::from_utf8_lossy(&s.raw).contains("\u{1b}[?1049h"));
}

#[test]
fn the_stage_view_says_over_after_the_planned_end() {
    let dir = tempfile::tempdir().expect("tempdir");
    let live = dir.path().join("day.live.yaml");
    let live = live.to_str().expect("utf-8 path");
    let args = [
        "facilitate",
        "--live",
        live,
        "--at",
        "2022-07-01T10:59:58",
        "--speed",
        "1",
    ];
    let mut s = Session::start(&args, 100, 32);
    s.wait_text("Inventaire des mutualisations possibles");
    s.wait_text("OVER · ");
    s.wait_text("over time");
    s.send(b"q");
    assert!(s.wait_exit().success());
    s.assert_restored();
}

#[test]
fn a_killed_facilitator_resumes_with_every_acknowledged_action() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("day.live.yaml");
    let live = path.to_str().expect("utf-8 path");
    let args = ["facilitate", "--live", live, "--at", "2022-07-01T11:02:00"];
    let mut s = Session::start(&args, 100, 32);
    s.wait_text("Pause");
    s.send(b" ");
    s.wait_for("the start acknowledged", |sc| {
        let text = sc.contents();
        text.contains("last: «Retours d") && text.contains("started 11:02 ")
    });
    s.send(b"+");
    s.wait_text("adjusted 11:02");
    s.signal("KILL");
    let _ = s.wait_exit();
    let text = std::fs::read_to_string(&path).expect("the record is there");
    assert!(text.contains("action: start"), "{text}");
    assert!(text.contains("action: adjust"), "{text}");
    assert!(!text.contains("action: end"), "{text}");

    let mut again = Session::start(&args, 100, 32);
    again.wait_for("the record resumed", |sc| {
        let text = sc.contents();
        text.contains("last: «Retours d") && text.contains("adjusted 11:02")
    });
    again.wait_text("aiming for 11:33");
    again.send(b"u");
    again.wait_text("aiming for 11:32");
    again.send(b"q");
    assert!(again.wait_exit().success());
    let text = std::fs::read_to_string(&path).expect("the record is there");
    assert!(
        !text.contains("action: adjust"),
        "undo is saved too: {text}"
    );
}

#[test]
fn a_foreign_live_record_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("day.live.yaml");
    let foreign =
        "deroule_live: 1\nprogramme: Another day\nsince: 2022-07-01T08:00:00Z\nactions: []\n";
    std::fs::write(&path, foreign).expect("write");
    let live = path.to_str().expect("utf-8 path");
    let mut s = Session::start(
        &["facilitate", "--live", live, "--at", "2022-07-01T11:02"],
        100,
        30,
    );
    assert_eq!(s.wait_exit().exit_code(), 1);
    assert!(
        s.screen().contains("belongs to «Another day»"),
        "{}",
        s.screen()
    );
    assert_eq!(
        std::fs::read_to_string(&path).expect("still there"),
        foreign
    );
}

/// A published schedule opened by the real binary, with the conference keys: the rooms grid and
/// back with Esc, the room picker narrowed by typing, then q.
#[test]
fn a_schedule_opens_and_the_grid_and_picker_answer_their_keys() {
    let data = tempfile::tempdir().expect("a temporary folder");
    let xdg = data.path().to_str().expect("utf-8");
    let schedule = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/import/frab.xml"
    );
    let mut s = Session::start_with_env(
        &[schedule, "--at", "2025-02-01T11:05"],
        120,
        30,
        &[("XDG_DATA_HOME", xdg), ("DEROULE_CONFIG", "/nonexistent")],
    );
    s.wait_text("Long workshop");
    s.send(b"v");
    s.wait_text("┌ Rooms");
    s.wait_for("the room columns", |sc| {
        let c = sc.contents();
        c.contains("│ Zeta") && c.contains("│ Alpha")
    });
    s.send(b"\x1b");
    s.wait_for("the list again", |sc| !sc.contents().contains("┌ Rooms"));
    s.send(b"r");
    s.wait_text("all rooms");
    s.send(b"alp");
    s.wait_for("the picker narrowed to Alpha", |sc| {
        let c = sc.contents();
        c.contains("Alpha") && !c.contains("all rooms")
    });
    s.send(b"\r");
    s.wait_text("room Alpha");
    s.send(b"q");
    assert!(s.wait_exit().success());
    s.assert_restored();
}

/// The state letter of process `pid` (`T` when stopped), from /proc.
#[cfg(target_os = "linux")]
fn process_state(pid: u32) -> Option<char> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    stat.rsplit_once(") ")?.1.chars().next()
}

#[cfg(target_os = "linux")]
#[test]
fn suspending_gives_the_terminal_back_and_continuing_takes_it_again() {
    // Issue #13, item 5: after SIGTSTP the shell was left on the alternate screen, raw, with
    // mouse reporting on; after `fg` keys echoed and `q` needed Enter.
    for how in ["TSTP", "Ctrl-Z"] {
        let mut s = Session::start(&["--at", "2022-07-01T09:10"], 80, 24);
        s.wait_text("Accueil et café");
        if how == "TSTP" {
            s.signal("TSTP");
        } else {
            s.send(b"\x1a");
        }
        s.wait_for("the alternate screen left", |screen| {
            !screen.alternate_screen()
        });
        s.assert_restored();
        let pid = s.child.process_id().expect("pid");
        let end = Instant::now() + DEADLINE;
        while process_state(pid) != Some('T') {
            assert!(Instant::now() < end, "{how}: the process did not stop");
            s.pump(Duration::from_millis(50));
        }
        s.signal("CONT");
        s.wait_for("the alternate screen again", |screen| {
            screen.alternate_screen() && screen.contents().contains("Accueil et café")
        });
        // Raw mode again: `q` alone quits, without Enter.
        s.send(b"q");
        assert!(s.wait_exit().success(), "{how}");
        s.assert_restored();
    }
}

/// Issue #12: two facilitators on one record. The second is refused, saying who holds it; a
/// third takes it over; the first is then told its actions are not saved, `q` asks before
/// quitting, and what was not saved is printed: nothing is lost in silence.
#[test]
fn two_facilitators_on_one_record_lose_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("day.yaml");
    std::fs::write(&file, deroule::BUNDLED).expect("write");
    let path = dir.path().join("day.live.yaml");
    let (file, live) = (file.to_str().expect("utf-8"), path.to_str().expect("utf-8"));
    let args = [
        "facilitate",
        file,
        "--live",
        live,
        "--at",
        "2022-07-01T11:02",
    ];
    let mut first = Session::start(&args, 100, 30);
    first.wait_text("Pause");
    first.send(b" ");
    first.wait_text("last: «Retours d");

    let mut second = Session::start(&args, 100, 30);
    assert_eq!(second.wait_exit().exit_code(), 1);
    let refused = second.screen();
    assert!(
        refused.contains("has been facilitating with this record since"),
        "{refused}"
    );
    assert!(refused.contains("--take-over"), "{refused}");

    let mut taking = args.to_vec();
    taking.push("--take-over");
    let mut third = Session::start(&taking, 100, 30);
    third.wait_text("last: «Retours d");
    third.send(b"+");
    third.wait_text("adjusted 11:02");

    // The first one goes on: its action cannot be saved any more, and it says so. (Both clocks
    // are stopped at 11:02: its +1 is alike the third one's, and is still said lost.)
    first.send(b"+");
    first.wait_text("NOT SAVED");
    first.send(b"q");
    first.wait_text("1 action NOT SAVED · q quits anyway");
    first.send(b"x");
    first.wait_for("the question gone", |s| {
        !s.contents().contains("q quits anyway")
    });
    first.send(b"q");
    first.wait_text("q quits anyway");
    first.send(b"q");
    assert_eq!(first.wait_exit().exit_code(), 1);
    let printed = first.screen();
    assert!(
        printed.contains("these actions were NOT SAVED"),
        "{printed}"
    );
    assert!(printed.contains("+1 min at 11:02"), "{printed}");

    third.send(b"q");
    assert!(third.wait_exit().success());
    let record = std::fs::read_to_string(&path).expect("the record");
    assert!(
        record.contains("action: start"),
        "the first one's start: {record}"
    );
    assert_eq!(
        record.matches("minutes: 1").count(),
        1,
        "the third one's +1 only: {record}"
    );
}

/// Issue #12: a room's facilitator (parallel rooms) moves that room's items on the screen of
/// an attendee watching the whole programme, and no other room's.
#[test]
fn a_rooms_facilitator_reaches_the_attendees_of_the_programme() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("rooms.yaml");
    std::fs::write(&file, common::TWO_ROOMS).expect("write");
    let record = dir.path().join("rooms.main-hall.live.yaml");
    let (file, live) = (
        file.to_str().expect("utf-8"),
        record.to_str().expect("utf-8"),
    );
    let mut attendee = Session::start(&[file, "--at", "2024-01-01T09:30"], 100, 30);
    attendee.wait_text("A second");
    let mut facilitator = Session::start(
        &[
            "facilitate",
            file,
            "--room",
            "Main Hall",
            "--live",
            live,
            "--at",
            "2024-01-01T09:30",
        ],
        100,
        30,
    );
    facilitator.wait_text("A talk");
    // « A second » starts now, half an hour early.
    facilitator.send(b" ");
    facilitator.wait_text("last: «A second»");
    // The whole list is redrawn (an expected-time column appears): both rows, aligned.
    attendee.wait_for("the main hall moved", |s| {
        let a = row_with(s, &["1 h  ● A second"]);
        let b = row_with(s, &["1 h  ● B second"]);
        let column = |row: &str, title: &str| row.find(title).map(|i| row[..i].chars().count());
        a.as_ref().is_some_and(|(_, row)| row.contains("→09:30"))
            && a.zip(b).is_some_and(|((_, a), (_, b))| {
                column(&a, "A second").is_some() && column(&a, "A second") == column(&b, "B second")
            })
    });
    let screen = attendee.parser.screen().clone();
    let (_, other) = row_with(&screen, &["1 h  ● B second"]).expect("the side room's row");
    assert!(
        !other.contains('→'),
        "the side room keeps its times: {other}"
    );
    facilitator.send(b"q");
    assert!(facilitator.wait_exit().success());
    attendee.send(b"q");
    assert!(attendee.wait_exit().success());
}

/// The header's clock (`11:09:58`) on a screen.
fn clock_on(screen: &vt100::Screen) -> Option<String> {
    let (_, cols) = screen.size();
    let top = screen.contents_between(0, 0, 0, cols);
    top.split_whitespace()
        .find(|w| w.len() == 8 && w.as_bytes()[2] == b':' && w.as_bytes()[5] == b':')
        .map(str::to_owned)
}

#[test]
fn a_reminder_rings_when_the_injected_clock_reaches_five_minutes_before_a_favourite() {
    let data = common::favourites_of_bundled(&["retours-experience", "inventaire"]);
    let data_home = data.path().to_string_lossy().into_owned();
    // 11:09 at 30×: 11:10, five minutes before the 11:15 favourite, comes 2 s later.
    let mut s = Session::start_with_env(
        &[
            "--at",
            "2022-07-01T11:09",
            "--speed",
            "30",
            "--remind",
            "5m",
        ],
        100,
        30,
        &[
            ("XDG_DATA_HOME", &data_home),
            ("TMUX", ""),
            ("VTE_VERSION", ""),
            ("TERM_PROGRAM", ""),
        ],
    );
    s.wait_text("11:09:0");
    let osc = b"\x1b]9;\xe2\x98\x85 in 5 min: Retours d\xe2\x80\x99exp";
    assert!(
        !s.raw.windows(osc.len()).any(|w| w == osc),
        "nothing at 11:09 (the running favourite `inventaire` is never reminded)"
    );
    let end = Instant::now() + DEADLINE;
    let at = loop {
        if let Some(at) = s.raw.windows(osc.len()).position(|w| w == osc) {
            break at;
        }
        assert!(Instant::now() < end, "no reminder; screen:\n{}", s.screen());
        s.pump(Duration::from_millis(50));
    };
    // The screen as it was when the notification was written: the last frame before 11:10.
    let mut before = vt100::Parser::new(30, 100, 0);
    before.process(&s.raw[..at]);
    let shown = clock_on(before.screen()).expect("a clock in the header");
    assert!(
        shown.as_str() >= "11:09:50" && shown.as_str() < "11:10:00",
        "{shown}"
    );
    let tail = &s.raw[at..];
    let close = tail.iter().position(|&b| b == 0x07).expect("the OSC ends");
    assert_eq!(tail.get(close + 1), Some(&0x07), "then the bell rings");
    s.wait_text("★ in 5 min: Retours d’expérience");
    let count = s.raw.windows(4).filter(|w| w == b"\x1b]9;").count();
    assert_eq!(count, 1, "one notification only");
    s.send(b"q");
    assert!(s.wait_exit().success());
    s.assert_restored();
}

#[test]
fn the_kinds_legend_shows_on_first_use_only() {
    let data = tempfile::tempdir().expect("tempdir");
    let home = data.path().to_string_lossy().into_owned();
    let env = [("XDG_DATA_HOME", home.as_str())];
    let args = ["--at", "2022-07-01T11:05"];
    let mut first = Session::start_with_env(&args, 100, 30, &env);
    first.wait_text("● session · ▪ talk · ◆ workshop · ◇ welcome · ○ break · ≡ meal · ✦ social");
    first.send(b"q");
    assert!(first.wait_exit().success());
    let mut second = Session::start_with_env(&args, 100, 30, &env);
    second.wait_text("NOW · ends in 10:00");
    assert!(
        !second.screen().contains("◇ welcome ·"),
        "{}",
        second.screen()
    );
    second.send(b"q");
    assert!(second.wait_exit().success());
}

/// Issue #13, item 8: favourites that cannot be saved show ★ as not saved and a banner saying
/// where it failed; the next change tries again, and once saved the marks go. (A file stands
/// where the favourites folder should be: a read-only folder would not stop root, who runs CI.)
#[test]
fn favourites_that_cannot_be_saved_say_so_and_the_next_change_saves_them() {
    let data = tempfile::tempdir().expect("a temporary folder");
    let blocker = data.path().join("deroule");
    std::fs::write(&blocker, "not a folder").expect("write");
    let xdg = data.path().to_str().expect("utf-8");
    let mut s = Session::start_with_env(
        &["--at", "2022-07-01T09:10"],
        100,
        30,
        &[("XDG_DATA_HOME", xdg), ("DEROULE_CONFIG", "/nonexistent")],
    );
    s.wait_text("Accueil et café");
    s.send(b"f");
    // The frame may come in several reads: wait for all of it.
    s.wait_for("the failure said", |sc| {
        let c = sc.contents();
        c.contains("favourites not saved: Not a directory")
            && c.contains("★ not saved")
            && c.contains("! 1 new")
            && c.contains("▶★09:00")
    });
    let screen = s.parser.screen().clone();
    let (_, banner) = row_with(&screen, &["⚠", "favourites not saved"]).expect("a banner");
    assert!(banner.contains(xdg), "it says where: {banner}");
    // The panel has the failure whole.
    s.send(b"!");
    s.wait_text("Messages (1)");
    s.wait_text("deroule/favourites/");
    s.send(b"\x1b");
    s.wait_for("the panel closed", |sc| {
        !sc.contents().contains("Messages (1)")
    });
    // The folder can be made now: the next change saves both.
    std::fs::remove_file(&blocker).expect("remove");
    s.send(b"jf");
    s.wait_for("the favourites saved", |sc| {
        let c = sc.contents();
        !c.contains("★ not saved") && !c.contains("favourites not saved")
    });
    s.send(b"q");
    assert!(s.wait_exit().success());
    s.assert_restored();
    let folder = blocker.join("favourites");
    let file = std::fs::read_dir(&folder)
        .expect("the folder was made")
        .next()
        .expect("a file")
        .expect("an entry")
        .path();
    let saved = std::fs::read_to_string(file).expect("read");
    assert!(saved.contains("accueil"), "{saved}");
    assert_eq!(saved.matches("\n- ").count(), 2, "both favourites: {saved}");
}

/// Issue #17: an import's warnings reach the live view: counted in the footer, whole in the
/// messages panel (`!`).
#[test]
fn import_warnings_are_counted_and_listed_in_the_live_view() {
    let data = tempfile::tempdir().expect("a temporary folder");
    let xdg = data.path().to_str().expect("utf-8");
    let schedule = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/import/missing-fields.xml"
    );
    let mut s = Session::start_with_env(
        &[schedule, "--at", "2025-03-01T10:05"],
        100,
        30,
        &[("XDG_DATA_HOME", xdg), ("DEROULE_CONFIG", "/nonexistent")],
    );
    s.wait_for("the footer's count", |sc| sc.contents().contains(" new "));
    s.send(b"!");
    s.wait_text("Messages (");
    s.wait_text("missing-fields.xml:15:7");
    s.wait_text("event «No duration»: no `<duration>`: nothing follows it in its room");
    s.send(b"!");
    s.wait_for("the panel closed, nothing new", |sc| {
        let c = sc.contents();
        !c.contains("Messages (") && !c.contains(" new ") && c.contains("! messages")
    });
    s.send(b"q");
    assert!(s.wait_exit().success());
    s.assert_restored();
}

/// Issue #13, item 10: the programme is read again when the file system says it changed (an
/// editor's save: written aside, renamed over it); a broken save is said in the banner, and the
/// fixed one read again.
#[test]
fn a_saved_programme_is_read_again_and_shown() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("day.yaml");
    std::fs::write(&path, deroule::BUNDLED).expect("write");
    let file = path.to_str().expect("utf-8");
    let xdg = dir.path().to_str().expect("utf-8");
    let mut s = Session::start_with_env(
        &[file, "--at", "2022-07-01T09:10"],
        100,
        30,
        &[("XDG_DATA_HOME", xdg), ("DEROULE_CONFIG", "/nonexistent")],
    );
    s.wait_text("Accueil et café");
    let save = |text: &str| {
        let aside = dir.path().join(".day.yaml.swp");
        std::fs::write(&aside, text).expect("write aside");
        std::fs::rename(&aside, &path).expect("rename");
    };
    save(&deroule::BUNDLED.replace("Accueil et café", "Accueil, café et croissants"));
    s.wait_text("Accueil, café et croissants");
    s.wait_text("programme reloaded");
    save(&deroule::BUNDLED.replace("kind: break", "kind: brake"));
    s.wait_text("not reloaded, showing the last good version");
    assert!(
        s.screen().contains("Accueil, café et croissants"),
        "{}",
        s.screen()
    );
    save(deroule::BUNDLED);
    s.wait_for("the fixed version read", |sc| {
        let c = sc.contents();
        c.contains("Accueil et café") && !c.contains("not reloaded")
    });
    s.send(b"q");
    assert!(s.wait_exit().success());
    s.assert_restored();
}

/// `--remind` says once, in the messages panel, which desktop notification it sends and why;
/// inside tmux, what tmux needs to pass it on.
#[test]
fn reminders_say_which_notification_they_send_and_why() {
    let mut s = Session::start_with_env(
        &["--at", "2022-07-01T11:00", "--remind", "5m"],
        100,
        30,
        &[
            ("TERM", "foot"),
            ("TMUX", "/tmp/tmux-0/default,1,0"),
            ("VTE_VERSION", ""),
            ("TERM_PROGRAM", ""),
        ],
    );
    s.wait_text("11:00:00");
    s.send(b"!");
    s.wait_text("Messages (");
    s.wait_text("sent as OSC 777 (TERM=foot");
    s.wait_text("passthrough on");
    s.send(b"!");
    s.send(b"q");
    assert!(s.wait_exit().success());
    s.assert_restored();
}
