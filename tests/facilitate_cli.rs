//! `deroule facilitate`, `now` and `report` through the built binary (issue #12): one writer per
//! record, rehearsals kept apart, the lunch case on the `now` line, the report's truth. No
//! terminal is needed: what is checked happens before the stage view takes the screen.

mod common;

use std::path::Path;

use common::cli::deroule_in;

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The bundled day with lunch a hard start, as `day.yaml` in `dir`.
fn day(dir: &Path) {
    let yaml = deroule::BUNDLED.replace(
        "  - id: dejeuner\n",
        "  - id: dejeuner\n    hard_start: true\n",
    );
    assert!(yaml.contains("hard_start: true"));
    std::fs::write(dir.join("day.yaml"), yaml).expect("write");
}

#[test]
fn a_second_facilitator_is_refused_with_who_holds_the_record() {
    let dir = tempfile::tempdir().expect("tempdir");
    day(dir.path());
    let record = dir.path().join("day.live.yaml");
    let since = chrono::DateTime::parse_from_rfc3339("2026-12-06T09:00:00Z")
        .expect("time")
        .to_utc();
    let held = deroule::live::Lock::acquire(&record, "alice@stage (pid 1)", since, false)
        .expect("the first facilitator");
    let o = deroule_in(dir.path(), &["facilitate", "day.yaml"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        text(&o.stderr),
        "deroule: day.live.yaml: alice@stage (pid 1) has been facilitating with this record \
         since 2026-12-06T09:00:00Z: one facilitator writes a record; quit the other one, or \
         take it over with --take-over\n"
    );
    assert!(!record.exists(), "the refused one wrote nothing");
    drop(held);
}

#[test]
fn a_rehearsal_writes_its_own_record() {
    let dir = tempfile::tempdir().expect("tempdir");
    day(dir.path());
    // No terminal here: the run stops at the stage view, after the record is set up.
    let o = deroule_in(
        dir.path(),
        &[
            "facilitate",
            "day.yaml",
            "--at",
            "2022-07-01 10:00",
            "--speed",
            "60",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    assert!(
        text(&o.stderr).contains("not a terminal"),
        "{}",
        text(&o.stderr)
    );
    assert!(dir.path().join("day.rehearsal.live.yaml").exists());
    assert!(
        !dir.path().join("day.live.yaml").exists(),
        "the real record is untouched"
    );
    let record = std::fs::read_to_string(dir.path().join("day.rehearsal.live.yaml")).expect("read");
    assert!(record.contains("programme: day\n"), "{record}");
    // --live chooses explicitly.
    let o = deroule_in(
        dir.path(),
        &[
            "facilitate",
            "day.yaml",
            "--at",
            "2022-07-01 10:00",
            "--live",
            "day.live.yaml",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(dir.path().join("day.live.yaml").exists());
}

#[test]
fn stale_temporaries_of_a_killed_facilitator_are_removed_on_start() {
    let dir = tempfile::tempdir().expect("tempdir");
    day(dir.path());
    let stale = dir.path().join(".deroule-live-Xy12ab");
    std::fs::write(&stale, "half a record").expect("write");
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    std::fs::File::options()
        .write(true)
        .open(&stale)
        .and_then(|f| f.set_modified(hour_ago))
        .expect("mtime");
    let _ = deroule_in(dir.path(), &["facilitate", "day.yaml"]);
    assert!(!stale.exists());
}

/// The lunch case, from the command line.
#[test]
fn now_keeps_lunch_at_its_hard_start() {
    let dir = tempfile::tempdir().expect("tempdir");
    day(dir.path());
    std::fs::write(
        dir.path().join("day.live.yaml"),
        "deroule_live: 1\nprogramme: day\nsince: 2022-07-01T08:00:00Z\nactions:\n\
         - {at: 2022-07-01T09:22:00Z, action: start, item: retours-experience, ended: pause-matin}\n\
         - {at: 2022-07-01T09:58:00Z, action: start, item: bonnes-pratiques, ended: retours-experience}\n\
         messages:\n- {at: 2022-07-01T10:00:00Z, text: Lunch is served in the hall}\n",
    )
    .expect("write");
    let o = deroule_in(dir.path(), &["now", "day.yaml", "--at", "2022-07-01 12:10"]);
    assert_eq!(
        text(&o.stdout),
        "▶ Échanges sur des bonnes pratiques pour permettre la contribution · ends 12:30 (in 20 \
         min) → Pause déjeuner 12:30 · «Échanges sur des bonnes pratiques pour permettre la \
         contribution» cut by 13 min to keep «Pause déjeuner» at 12:30 · Lunch is served in the \
         hall\n",
        "{}",
        text(&o.stderr)
    );
    let o = deroule_in(dir.path(), &["report", "day.yaml", "--csv"]);
    let csv = text(&o.stdout);
    assert!(
        csv.contains(",2022-07-01T11:58:00+02:00,,45,,,not ended\n"),
        "{csv}"
    );
}

/// Two rooms and a plenary opening: a room's record moves its room's items only.
#[test]
fn each_room_has_its_record_and_moves_only_its_items() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("rooms.yaml"), common::TWO_ROOMS).expect("write");
    // Not facilitated yet: the room's record is refused while another facilitator holds it,
    // the other room is free (the run then stops for want of a terminal).
    let record = dir.path().join("rooms.main-hall.live.yaml");
    let since = chrono::DateTime::parse_from_rfc3339("2024-01-01T08:00:00Z")
        .expect("time")
        .to_utc();
    let held =
        deroule::live::Lock::acquire(&record, "alice@hall (pid 1)", since, false).expect("free");
    let o = deroule_in(
        dir.path(),
        &["facilitate", "rooms.yaml", "--room", "main hall"],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stderr)
            .contains("rooms.main-hall.live.yaml: alice@hall (pid 1) has been facilitating"),
        "{}",
        text(&o.stderr)
    );
    let o = deroule_in(
        dir.path(),
        &["facilitate", "rooms.yaml", "--room", "Side Room"],
    );
    assert!(
        text(&o.stderr).contains("not a terminal"),
        "{}",
        text(&o.stderr)
    );
    assert!(dir.path().join("rooms.side-room.live.yaml").exists());
    drop(held);
    std::fs::remove_file(dir.path().join("rooms.side-room.live.yaml")).expect("rm");
    // The main hall's first talk started ten minutes late.
    std::fs::write(
        &record,
        "deroule_live: 1\nprogramme: rooms\nsince: 2024-01-01T08:00:00Z\nactions:\n\
         - {at: 2024-01-01T09:10:00Z, action: start, item: '2024-01-01 09:00 A talk'}\n",
    )
    .expect("write");
    let now = |room: &str| {
        let o = deroule_in(
            dir.path(),
            &["now", "rooms.yaml", "--room", room, "--at", "9:30"],
        );
        assert!(o.stderr.is_empty(), "{}", text(&o.stderr));
        text(&o.stdout)
    };
    // `now --room` says the room's delay, from the room's record.
    assert_eq!(
        now("Main Hall"),
        "▶ A talk · Main Hall · ends 10:10 (in 40 min) → A second 10:10 · running ~10 min late\n"
    );
    assert_eq!(
        now("Side Room"),
        "▶ B talk · Side Room · ends 10:00 (in 30 min) → B second 10:00\n"
    );
}

#[test]
fn the_report_of_parallel_rooms_has_a_section_per_room_record() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("rooms.yaml"),
        "title: Rooms\ntime_zone: UTC\ndate: 2024-01-01\nrooms: [Main Hall, Side Room]\nitems:\n\
         \x20 - {title: A talk, start: 9h, end: 10h, room: Main Hall}\n\
         \x20 - {title: B talk, start: 9h, end: 10h, room: Side Room}\n",
    )
    .expect("write");
    let o = deroule_in(dir.path(), &["report", "rooms.yaml"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stderr).contains("no room has a live record"),
        "{}",
        text(&o.stderr)
    );
    std::fs::write(
        dir.path().join("rooms.main-hall.live.yaml"),
        "deroule_live: 1\nprogramme: rooms\nsince: 2024-01-01T08:00:00Z\nactions:\n\
         - {at: 2024-01-01T09:10:00Z, action: start, item: '2024-01-01 09:00 A talk'}\n\
         - {at: 2024-01-01T10:05:00Z, action: end, item: '2024-01-01 09:00 A talk'}\n",
    )
    .expect("write");
    let o = deroule_in(dir.path(), &["report", "rooms.yaml"]);
    let md = text(&o.stdout);
    assert!(md.contains("## Main Hall\n\n| Day |"), "{md}");
    assert!(
        md.contains("| 2024-01-01 | A talk | 09:00–10:00 | 09:10–10:05 | 60 | 55 | −5 | +10 |"),
        "{md}"
    );
    assert!(!md.contains("Side Room"), "no record, no section: {md}");
    let o = deroule_in(dir.path(), &["report", "rooms.yaml", "--csv"]);
    let csv = text(&o.stdout);
    assert!(
        csv.starts_with("day,item,")
            && csv
                .lines()
                .next()
                .is_some_and(|l| l.ends_with(",state,room")),
        "{csv}"
    );
    assert!(csv.contains(",55,-5,recorded,\"Main Hall\"\n"), "{csv}");
}

#[test]
fn agenda_and_export_show_expected_times_when_asked() {
    let dir = tempfile::tempdir().expect("tempdir");
    day(dir.path());
    std::fs::write(
        dir.path().join("day.live.yaml"),
        "deroule_live: 1\nprogramme: day\nsince: 2022-07-01T08:00:00Z\nactions:\n\
         - {at: 2022-07-01T09:22:00Z, action: start, item: retours-experience, ended: pause-matin}\n\
         - {at: 2022-07-01T09:58:00Z, action: start, item: bonnes-pratiques, ended: retours-experience}\n",
    )
    .expect("write");
    let agenda = |extra: &[&str]| {
        let mut args = vec!["agenda", "day.yaml", "--at", "2022-07-01 12:10"];
        args.extend_from_slice(extra);
        let o = deroule_in(dir.path(), &args);
        assert!(o.status.success(), "{}", text(&o.stderr));
        text(&o.stdout)
    };
    let planned = agenda(&[]);
    let expected = agenda(&["--expected"]);
    let line = |all: &str, what: &str| {
        all.lines()
            .find(|l| l.contains(what))
            .unwrap_or_default()
            .to_owned()
    };
    assert!(line(&planned, "Retours").contains("11:15"), "{planned}");
    assert!(line(&expected, "Retours").contains("11:22"), "{expected}");
    assert!(line(&expected, "Échanges").contains("11:58"), "{expected}");
    assert!(
        line(&expected, "Pause déjeuner").contains("12:30"),
        "{expected}"
    );
    let o = deroule_in(dir.path(), &["export", "--ics", "day.yaml", "--expected"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(text(&o.stdout).contains("DTSTART;TZID=Europe/Paris:20220701T112200\r\n"));
    assert!(text(&o.stdout).contains("DTSTART;TZID=Europe/Paris:20220701T115800\r\n"));
    let o = deroule_in(dir.path(), &["export", "--ics", "day.yaml"]);
    assert!(
        !text(&o.stdout).contains("20220701T112200"),
        "planned without --expected"
    );
}
