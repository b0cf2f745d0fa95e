//! The one-shot commands of the built binary: `now`, `agenda`, `export`, `schema`, `completions`,
//! `man`, the configuration file and `--lang`. Fixed instants (`--at`), fixed zone and language.

mod common;

use std::process::Output;

use common::cli::{deroule, deroule_env};

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn now_says_what_is_on_and_exits_by_it() {
    let o = deroule(&["now", "--at", "2022-07-01 11:10:30"]);
    assert_eq!(
        stdout(&o),
        "▶ Pause · ends 11:15 (in 5 min) → Retours d’expérience de contributions réussies 11:15\n"
    );
    assert_eq!(o.status.code(), Some(0));
    let o = deroule(&["now", "--at", "2022-07-01 19:00"]);
    assert_eq!(stdout(&o), "Ended at 18:00\n");
    assert_eq!(o.status.code(), Some(3), "nothing running");
    let o = deroule(&["now", "--at", "8:30"]);
    assert_eq!(stdout(&o), "Starts in 30:00 · Accueil et café at 09:00\n");
    assert_eq!(o.status.code(), Some(3));
}

#[test]
fn now_speaks_french_from_lang_or_the_environment() {
    let expected =
        "▶ Pause · fin 11:15 (dans 5 min) → Retours d’expérience de contributions réussies 11:15\n";
    let o = deroule(&["now", "--at", "11:10:30", "--lang", "fr"]);
    assert_eq!(stdout(&o), expected);
    let o = deroule_env(&["now", "--at", "11:10:30"], &[("LANG", "fr_FR.UTF-8")]);
    assert_eq!(stdout(&o), expected);
    let o = deroule_env(
        &["now", "--at", "11:10:30", "--lang", "en"],
        &[("LC_ALL", "fr_FR.UTF-8")],
    );
    assert!(
        stdout(&o).starts_with("▶ Pause · ends"),
        "--lang wins: {}",
        stdout(&o)
    );
    let o = deroule(&["now", "--at", "11:10:30", "--lang", "de"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("expected en or fr"), "{}", stderr(&o));
}

#[test]
fn now_formats_and_json() {
    let o = deroule(&[
        "now",
        "--at",
        "11:10:30",
        "--format",
        "{title}|{countdown}|{next_start}|{status}",
    ]);
    assert_eq!(stdout(&o), "Pause|4:30|11:15|running\n");
    let o = deroule(&["now", "--at", "11:10:30", "--format", "{nope}"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("unknown field `{nope}`"),
        "{}",
        stderr(&o)
    );
    let o = deroule(&["now", "--at", "11:10:30", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    assert_eq!(v["version"], 1);
    assert_eq!(v["running"]["title"], "Pause");
    assert_eq!(v["next"]["start"], "2022-07-01T11:15:00+02:00");
}

#[test]
fn now_shows_the_facilitators_delay() {
    let dir = tempfile::tempdir().expect("tempdir");
    let live = dir.path().join("day.live.yaml");
    std::fs::write(
        &live,
        "deroule_live: 1\nprogramme: \"Journée BlueHats «\u{a0}Mutualisons\u{a0}!\u{a0}»\"\nsince: 2022-07-01T08:00:00Z\nactions:\n- at: 2022-07-01T09:08:00Z\n  action: start\n  item: pause-matin\n  ended: inventaire\n",
    )
    .expect("write");
    let live = live.to_str().expect("utf-8");
    let o = deroule(&["now", "--at", "11:10", "--live", live]);
    assert_eq!(
        stdout(&o),
        "▶ Pause · ends 11:23 (in 13 min) → Retours d’expérience de contributions réussies 11:23 · running ~8 min late\n"
    );
}

/// A rehearsal's clock (`--at`) follows the rehearsal's record when there is one, as the
/// facilitator rehearsing writes it (`FILE.rehearsal.live.yaml`): the README's attendee beside a
/// rehearsal saw no delay. Without one, the day's record; `--live` always wins.
#[test]
fn a_rehearsal_clock_follows_the_rehearsal_record() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("day.yaml");
    std::fs::write(&file, deroule::BUNDLED).expect("write");
    let file = file.to_str().expect("utf-8");
    let record = "deroule_live: 1\nprogramme: \"Journée BlueHats «\u{a0}Mutualisons\u{a0}!\u{a0}»\"\nsince: 2022-07-01T08:00:00Z\nactions:\n- at: 2022-07-01T09:08:00Z\n  action: start\n  item: pause-matin\n  ended: inventaire\n";
    let planned =
        "▶ Pause · ends 11:15 (in 5 min) → Retours d’expérience de contributions réussies 11:15\n";
    let late = "▶ Pause · ends 11:23 (in 13 min) → Retours d’expérience de contributions réussies 11:23 · running ~8 min late\n";
    assert_eq!(stdout(&deroule(&["now", file, "--at", "11:10"])), planned);
    std::fs::write(dir.path().join("day.rehearsal.live.yaml"), record).expect("write");
    assert_eq!(stdout(&deroule(&["now", file, "--at", "11:10"])), late);
    // `--live` names the record to follow, rehearsal or not.
    let other = dir.path().join("other.live.yaml");
    std::fs::write(
        &other,
        "deroule_live: 1\nprogramme: x\nsince: 2022-07-01T08:00:00Z\nactions: []\n",
    )
    .expect("write");
    let o = deroule(&[
        "now",
        file,
        "--at",
        "11:10",
        "--live",
        other.to_str().expect("utf-8"),
    ]);
    assert_eq!(stdout(&o), planned, "{}", stderr(&o));
}

/// `report` speaks French with `--lang fr` or `LANG=fr…`: title, headings and states; the CSV
/// stays machine-readable English.
#[test]
fn report_speaks_french_from_lang_or_the_environment() {
    let dir = tempfile::tempdir().expect("tempdir");
    let live = dir.path().join("day.live.yaml");
    std::fs::write(
        &live,
        "deroule_live: 1\nprogramme: \"Journée BlueHats «\u{a0}Mutualisons\u{a0}!\u{a0}»\"\nsince: 2022-07-01T08:00:00Z\nactions:\n- at: 2022-07-01T09:08:00Z\n  action: start\n  item: pause-matin\n  ended: inventaire\n",
    )
    .expect("write");
    let live = live.to_str().expect("utf-8");
    for o in [
        deroule(&["report", "--live", live, "--lang", "fr"]),
        deroule_env(&["report", "--live", live], &[("LANG", "fr_FR.UTF-8")]),
    ] {
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let md = stdout(&o);
        assert!(md.contains(" — prévu et réel\n\nHeures en Europe/Paris. Écarts en minutes (+ : plus long que prévu).\n"), "{md}");
        assert!(md.contains("| Jour | Séance | Prévu | Réel | Min prévues | Min réelles | Écart | Retard au début |\n"), "{md}");
        assert!(
            md.contains(
                "| 2022-07-01 | Accueil et café | 09:00–09:30 | non enregistré | 30 |  |  |  |\n"
            ),
            "{md}"
        );
        assert!(
            md.contains("| | **Total (séances enregistrées)** |"),
            "{md}"
        );
        assert!(!md.contains("planned"), "{md}");
    }
    let english = deroule(&["report", "--live", live]);
    assert!(
        stdout(&english).contains("— planned and actual"),
        "{}",
        stdout(&english)
    );
    let csv = deroule(&["report", "--live", live, "--csv", "--lang", "fr"]);
    assert!(
        stdout(&csv).starts_with("day,item,planned_start,"),
        "{}",
        stdout(&csv)
    );
    assert!(stdout(&csv).contains(",not recorded\n"), "{}", stdout(&csv));
}

#[test]
fn agenda_prints_the_day_in_each_shape() {
    let o = deroule(&["agenda", "--at", "11:00"]);
    let text = stdout(&o);
    assert!(text.contains("Friday 1 July 2022"), "{text}");
    assert!(
        text.contains("12:30–14:00  Pause déjeuner  (meal)"),
        "{text}"
    );
    let o = deroule(&["agenda", "--lang", "fr", "--markdown", "--all"]);
    let md = stdout(&o);
    assert!(md.contains("vendredi 1er juillet 2022"), "{md}");
    assert!(
        md.contains("| 12:30–14:00 | Pause déjeuner | repas |"),
        "{md}"
    );
    let o = deroule(&["agenda", "--json", "--day", "2022-07-01"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    assert_eq!(v["days"][0]["items"].as_array().map(Vec::len), Some(13));
    let o = deroule(&["agenda", "--day", "3"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no such day"), "{}", stderr(&o));
}

#[test]
fn export_schema_completions_and_man() {
    let o = deroule(&["export", "--ics"]);
    let ics = stdout(&o);
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"), "{ics}");
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 13);
    assert!(
        ics.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Paris"),
        "{ics}"
    );
    let o = deroule(&["schema"]);
    let committed = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/docs/deroule.schema.json"
    ))
    .expect("committed schema");
    assert_eq!(stdout(&o), committed);
    let o = deroule(&["completions", "bash"]);
    assert!(
        stdout(&o).contains("deroule__subcmd__facilitate"),
        "the completions know the subcommands"
    );
    assert!(
        stdout(&o).contains("compgen -W \"en fr\""),
        "--lang completes its two values, not file names"
    );
    let o = deroule(&["completions", "fish"]);
    assert!(stdout(&o).contains("complete -c deroule"));
    assert!(
        stdout(&o).contains("-l lang") && stdout(&o).contains("en\\t'English'"),
        "{}",
        stdout(&o)
    );
    let o = deroule(&["man"]);
    assert!(stdout(&o).contains(".TH deroule 1"), "{}", stdout(&o));
    assert!(stdout(&o).contains(".SH KEYS"), "{}", stdout(&o));
    assert!(!stdout(&o).contains("deroule\\-check(1)"), "{}", stdout(&o));
}

#[test]
fn the_configuration_file_gives_defaults_and_bad_ones_are_reported() {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = dir.path().join("config.yaml");
    std::fs::write(&config, "lang: fr\n").expect("write");
    let path = config.to_str().expect("utf-8");
    let o = deroule_env(&["now", "--at", "11:10:30"], &[("DEROULE_CONFIG", path)]);
    assert!(
        stdout(&o).starts_with("▶ Pause · fin 11:15"),
        "{}",
        stdout(&o)
    );
    let o = deroule_env(
        &["now", "--at", "11:10:30", "--lang", "en"],
        &[("DEROULE_CONFIG", path)],
    );
    assert!(
        stdout(&o).starts_with("▶ Pause · ends 11:15"),
        "the option wins"
    );
    // A broken configuration is a warning located at its key; the command still runs (#13).
    std::fs::write(&config, "theme: mono\nlangue: fr\n").expect("write");
    let o = deroule_env(&["now", "--at", "11:10:30"], &[("DEROULE_CONFIG", path)]);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        stderr(&o).ends_with(
            "config.yaml:2:1: warning: unknown setting `langue`, did you mean `lang`?; ignored\n"
        ),
        "{}",
        stderr(&o)
    );
    assert!(stdout(&o).starts_with("▶ Pause · ends 11:15"));
}

#[test]
fn a_broken_configuration_does_not_change_what_check_exits_with() {
    // Issue #13: `lang: xx` made `deroule check -q valid.yaml` exit 2 and fail CI jobs.
    let dir = tempfile::tempdir().expect("tempdir");
    let config = dir.path().join("config.yaml");
    std::fs::write(&config, "lang: xx\n").expect("write");
    let path = config.to_str().expect("utf-8");
    let valid = concat!(env!("CARGO_MANIFEST_DIR"), "/data/bluehats-2022-07-01.yaml");
    let o = deroule_env(&["check", "-q", valid], &[("DEROULE_CONFIG", path)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stderr(&o),
        format!(
            "deroule: {path}:1:1: warning: `lang: xx` is not a language deroule speaks: expected \
             en or fr; ignored\n"
        )
    );
    // A configuration that is a FIFO or a device is refused at once, not read for ever.
    let o = deroule_env(&["check", "-q", valid], &[("DEROULE_CONFIG", "/dev/zero")]);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        stderr(&o).contains("is a device, not a regular file"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn view_options_before_a_subcommand_are_refused() {
    let o = deroule(&["--at", "10:00", "now"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("after the subcommand"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn published_schedules_open_directly_and_convert_to_yaml() {
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/import/frab.xml"
    );
    let o = deroule(&["now", fixture, "--at", "2025-02-01 09:35"]);
    assert!(
        stdout(&o).starts_with("▶ Opening & welcome · Zeta · ends 09:50"),
        "{}{}",
        stdout(&o),
        stderr(&o)
    );
    let o = deroule(&["import", fixture]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let dir = tempfile::tempdir().expect("tempdir");
    let yaml = dir.path().join("conf.yaml");
    std::fs::write(&yaml, &o.stdout).expect("write");
    let o = deroule(&["check", yaml.to_str().expect("utf-8")]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "the converted file passes check: {}",
        stderr(&o)
    );
    assert!(stdout(&o).contains("Test Conf 2025"));
    let broken = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/import/truncated.xml"
    );
    let o = deroule(&["import", broken]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("truncated.xml:"), "{}", stderr(&o));
}

#[test]
fn text_outputs_never_carry_control_sequences_from_the_programme() {
    let dir = tempfile::tempdir().expect("tempdir");
    let evil = dir.path().join("evil.yaml");
    std::fs::write(
        &evil,
        "title: \"Evil\\e]0;pwned\\a\\e[2J\"\ntime_zone: UTC\ndate: 2024-01-01\nitems:\n  - {title: \"Talk\\e[31m\", start: 9h, end: 10h}\n",
    )
    .expect("write");
    let evil = evil.to_str().expect("utf-8");
    for args in [
        vec!["now", evil, "--at", "9:30"],
        vec!["agenda", evil, "--all"],
        vec!["agenda", evil, "--all", "--markdown"],
        vec!["check", evil],
        vec!["export", "--ics", evil],
    ] {
        let o = deroule(&args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        assert!(
            !o.stdout.contains(&0x1b),
            "{args:?} let ESC through: {}",
            stdout(&o)
        );
        assert!(!o.stdout.contains(&0x07), "{args:?} let BEL through");
    }
}

#[test]
fn a_programme_with_parallel_rooms_is_not_facilitated_and_its_records_are_not_applied() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("rooms.yaml");
    std::fs::write(
        &file,
        "title: Rooms\ntime_zone: UTC\ndate: 2024-01-01\nitems:\n  - {title: A talk, start: 9h, end: 10h, room: A}\n  - {title: B talk, start: 9h, end: 10h, room: B}\n",
    )
    .expect("write");
    std::fs::write(
        dir.path().join("rooms.live.yaml"),
        "deroule_live: 1\nprogramme: Rooms\nsince: 2024-01-01T08:00:00Z\nactions: []\n",
    )
    .expect("write");
    let file = file.to_str().expect("utf-8");
    let o = deroule(&["facilitate", file, "--at", "9:10"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("parallel rooms"), "{}", stderr(&o));
    let o = deroule(&["now", file, "--at", "9:10"]);
    assert!(
        !stdout(&o).contains("late"),
        "no made-up delay: {}",
        stdout(&o)
    );
}

#[test]
fn a_bad_date_does_not_hide_the_errors_of_its_items() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("bad.yaml");
    std::fs::write(
        &file,
        "title: x\ntime_zone: UTC\ndate: 2022-13-01\nitems:\n  - {title: A, start: 9h75, end: 10h}\n  - {title: B, start: 10h, kind: wokshop}\n",
    )
    .expect("write");
    let o = deroule(&["check", file.to_str().expect("utf-8")]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains(":3:7: error: `2022-13-01` is not a date"),
        "{err}"
    );
    assert!(err.contains(":5:23: error: item 1 «A»: `9h75`"), "{err}");
    assert!(
        err.contains(":6:34: error: item 2 «B»: unknown kind `wokshop`"),
        "{err}"
    );
}

/// With parallel rooms, `now` counts what runs and where, names rooms, and `--room` follows one
/// room as a one-room programme with the room named; the JSON lists every running item.
#[test]
fn now_with_parallel_rooms_counts_them_and_room_follows_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("rooms.yaml");
    std::fs::write(
        &file,
        "title: P\ntime_zone: Europe/Brussels\nrooms: [Janson, H.1308 (Rolin)]\ndate: 2025-02-01\nitems:\n  - {title: Keynote, start: \"10:30\", end: \"11:30\", room: Janson}\n  - {title: Nextcloud, start: \"10:30\", end: \"11:10\", room: H.1308 (Rolin)}\n  - {title: Open Cloud Mesh, start: \"11:15\", end: \"11:45\", room: H.1308 (Rolin)}\n",
    )
    .expect("write");
    let file = file.to_str().expect("utf-8");
    let o = deroule(&["now", file, "--at", "2025-02-01 11:02"]);
    assert_eq!(
        stdout(&o),
        "▶ 2 items running in 2 rooms · next: 11:15 (H.1308 (Rolin))\n"
    );
    assert_eq!(o.status.code(), Some(0));
    let o = deroule(&["now", file, "--at", "2025-02-01 11:02", "--room", "h.1308"]);
    assert_eq!(
        stdout(&o),
        "▶ Nextcloud · H.1308 (Rolin) · ends 11:10 (in 8 min) → Open Cloud Mesh 11:15\n"
    );
    let o = deroule(&["now", file, "--at", "2025-02-01 11:02", "--room", "Nowhere"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("--room Nowhere: no such room: expected one of Janson, H.1308 (Rolin)"),
        "{}",
        stderr(&o)
    );
    let o = deroule(&["now", file, "--at", "2025-02-01 11:02", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    let rooms: Vec<&str> = v["running_items"]
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|i| i["room"].as_str())
        .collect();
    assert_eq!(rooms, ["Janson", "H.1308 (Rolin)"]);
    assert_eq!(v["parallel_rooms"], true);
    let o = deroule(&[
        "now",
        file,
        "--at",
        "2025-02-01 11:02",
        "--json",
        "--room",
        "Janson",
    ]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    assert_eq!(v["followed_room"], "Janson");
    assert_eq!(v["running_items"].as_array().map(Vec::len), Some(1));
}

/// The FILE of every command reads published schedules too, and `--format` says its units.
#[test]
fn help_says_what_files_are_read_and_the_units_of_fields() {
    for command in ["now", "agenda", "check", "report", "export", "facilitate"] {
        let o = deroule(&[command, "--help"]);
        let help = stdout(&o);
        assert!(!help.contains("(YAML)"), "{command}: {help}");
        assert!(help.contains("frab XML"), "{command}: {help}");
    }
    let help = stdout(&deroule(&["now", "--help"]));
    assert!(help.contains("whole minutes"), "{help}");
    assert!(help.contains("--room <ROOM>"), "{help}");
}

#[test]
fn now_overnight_says_hours_not_hundreds_of_minutes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("two.yaml");
    std::fs::write(
        &file,
        "title: Two days\ntime_zone: Europe/Brussels\ndays:\n  - date: 2025-02-01\n    items:\n      - {title: Sat talk, start: 10h, end: 18h}\n  - date: 2025-02-02\n    items:\n      - {title: Sun talk, start: 9h, end: 11h}\n",
    )
    .expect("write");
    let path = file.to_str().expect("utf-8 path");
    let o = deroule(&["now", path, "--at", "2025-02-01 19:30"]);
    assert_eq!(
        stdout(&o),
        "Next: Sun talk at 09:00 (in 13 h 30)\n",
        "{}",
        stderr(&o)
    );
    // After the last day, which day it ended.
    let o = deroule(&["now", path, "--at", "2025-02-03 10:00"]);
    assert_eq!(
        stdout(&o),
        "Ended at 11:00 on Sun 2 Feb\n",
        "{}",
        stderr(&o)
    );
}

/// The cache folder's entries: `now` on a programme file keeps one entry and answers the same from
/// it; `--no-cache` neither reads nor writes it.
#[test]
fn now_keeps_a_validated_programme_in_the_cache_and_answers_the_same_from_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("day.yaml");
    std::fs::copy("data/bluehats-2022-07-01.yaml", &file).expect("copy the bundled day");
    let cache = dir.path().join("cache");
    let cache_env = [("XDG_CACHE_HOME", cache.to_str().expect("utf-8 path"))];
    let entries =
        || std::fs::read_dir(cache.join("deroule").join("programmes")).map_or(0, Iterator::count);
    let args = [
        "now",
        file.to_str().expect("utf-8 path"),
        "--at",
        "2022-07-01 11:00",
    ];

    let uncached = deroule_env(&[&args[..], &["--no-cache"]].concat(), &cache_env);
    assert!(uncached.status.success());
    assert_eq!(entries(), 0, "--no-cache wrote an entry");

    let first = deroule_env(&args, &cache_env);
    assert_eq!(entries(), 1, "the first run kept no entry");
    let second = deroule_env(&args, &cache_env);
    assert_eq!(entries(), 1);
    assert_eq!(stdout(&first), stdout(&uncached));
    assert_eq!(stdout(&second), stdout(&uncached));
    assert!(!stdout(&uncached).trim().is_empty(), "now said nothing");
}

/// `agenda` of one day decodes only that day from the cache: whichever day is chosen (by date,
/// by number, by `--at`, or all), the cached answer is the one read from the source.
#[test]
fn agenda_from_the_cache_answers_each_day_as_the_source_does() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("two.yaml");
    std::fs::write(
        &file,
        "title: Two days\ntime_zone: Europe/Brussels\ndays:\n  - date: 2025-02-01\n    items:\n      - {title: Sat talk, start: 10h, end: 18h, room: Janson}\n      - {title: Sat late, start: 18h, end: 19h, room: K}\n  - date: 2025-02-02\n    items:\n      - {title: Sun talk, start: 9h, end: 11h, room: Janson}\n",
    )
    .expect("write");
    let cache = dir.path().join("cache");
    let cache_env = [("XDG_CACHE_HOME", cache.to_str().expect("utf-8 path"))];
    let path = file.to_str().expect("utf-8 path");
    for choice in [
        &["--day", "2025-02-01"][..],
        &["--day", "2"],
        &["--at", "2025-02-01 20:00"],
        &["--at", "2025-02-02 08:00", "--json"],
        &["--all", "--markdown"],
        &["--day", "3"],
    ] {
        let args = [&["agenda", path][..], choice].concat();
        let source = deroule_env(&[&args[..], &["--no-cache"]].concat(), &cache_env);
        let first = deroule_env(&args, &cache_env);
        let cached = deroule_env(&args, &cache_env);
        for run in [&first, &cached] {
            assert_eq!(run.status.code(), source.status.code(), "{choice:?}");
            assert_eq!(stdout(run), stdout(&source), "{choice:?}");
            assert_eq!(stderr(run), stderr(&source), "{choice:?}");
        }
    }
    let sunday = deroule_env(&["agenda", path, "--day", "2"], &cache_env);
    assert!(stdout(&sunday).contains("Sun talk") && !stdout(&sunday).contains("Sat talk"));
}
