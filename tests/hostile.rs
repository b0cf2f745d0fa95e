//! Text from a file never drives the terminal (issue #13, item 3): each command run on a
//! programme whose titles, rooms and keys hold an OSC 52 clipboard write, a window-title change,
//! a screen clear and carriage returns prints them inert (`␛]52;…␇`), on stdout and on stderr
//! (`export --ics` drops them, as iCalendar text may not hold controls).

mod common;

use std::process::{Command, Output};

use common::cli::deroule_in;

/// A clipboard write (OSC 52), a title change (OSC 0), a carriage return and a tab.
const HOSTILE: &str = r"A\e]52;c;cHduZWQ=\aB\e]0;pwned\aC\rD\tE";

fn programme(title: &str) -> String {
    format!(
        "title: \"{title}\"\ntime_zone: UTC\ndate: 2022-07-01\nitems:\n\
         - {{id: a, title: \"{HOSTILE}\", start: 9h, end: 10h}}\n\
         - {{id: b, title: \"N\\e[2J\\rX\", start: 10h, end: 11h}}\n"
    )
}

/// No control character but line ends (and tabs) reaches the terminal; the escapes are shown.
fn assert_inert(what: &str, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let allowed = c == '\n' || c == '\t' || (c == '\r' && chars.peek() == Some(&'\n'));
        assert!(
            allowed || !(c.is_control() || ('\u{202a}'..='\u{202e}').contains(&c)),
            "{what}: a raw {c:?} reaches the terminal:\n{text}"
        );
    }
}

fn both(what: &str, o: &Output) {
    assert_inert(&format!("{what} (stdout)"), &o.stdout);
    assert_inert(&format!("{what} (stderr)"), &o.stderr);
}

fn setup(title: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(dir.path().join("p.yaml"), programme(title)).expect("write");
    dir
}

#[test]
fn check_shows_titles_values_and_unknown_keys_inert() {
    let dir = setup(HOSTILE);
    let valid = deroule_in(dir.path(), &["check", "p.yaml"]);
    assert_eq!(valid.status.code(), Some(0));
    both("check summary", &valid);
    assert!(String::from_utf8_lossy(&valid.stdout).contains("A␛]52;c;cHduZWQ=␇B␛]0;pwned␇C D E"));
    let broken = format!(
        "title: T\ntime_zone: UTC\ndate: 2022-07-01\nitems:\n\
         - {{title: \"{HOSTILE}\", start: \"9h\\e]0;x\\a\", end: 10h, \"k\\e]52;c;eA==\\a\": 1}}\n"
    );
    std::fs::write(dir.path().join("b.yaml"), broken).expect("write");
    let o = deroule_in(dir.path(), &["check", "b.yaml"]);
    assert_eq!(o.status.code(), Some(1));
    both("check diagnostics", &o);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("unknown field `k␛]52;c;eA==␇`"), "{stderr}");
    assert!(
        stderr.contains("«A␛]52;c;cHduZWQ=␇B␛]0;pwned␇C"),
        "{stderr}"
    );
}

#[test]
fn now_is_one_inert_line_also_through_format() {
    let dir = setup("T");
    let o = deroule_in(dir.path(), &["now", "p.yaml", "--at", "2022-07-01 09:30"]);
    both("now", &o);
    let line = String::from_utf8_lossy(&o.stdout);
    assert!(
        line.starts_with("▶ A␛]52;c;cHduZWQ=␇B␛]0;pwned␇C D E"),
        "{line}"
    );
    assert_eq!(line.matches(['\n', '\r', '\t']).count(), 1, "{line:?}");
    assert!(line.ends_with("N␛[2J X 10:00\n"), "{line:?}");
    let o = deroule_in(
        dir.path(),
        &[
            "now",
            "p.yaml",
            "--at",
            "2022-07-01 09:30",
            "--format",
            "{title}|{next}",
        ],
    );
    both("now --format", &o);
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        "A␛]52;c;cHduZWQ=␇B␛]0;pwned␇C D E|N␛[2J X\n"
    );
}

#[test]
fn agenda_and_export_are_inert() {
    let dir = setup("T");
    for args in [
        &["agenda", "p.yaml", "--all"][..],
        &["agenda", "p.yaml", "--all", "--markdown"],
        &["export", "p.yaml", "--ics"],
    ] {
        let o = deroule_in(dir.path(), args);
        assert_eq!(o.status.code(), Some(0), "{args:?}");
        both(&args.join(" "), &o);
        let out = String::from_utf8_lossy(&o.stdout);
        assert!(
            out.contains("pwned") && (args[0] == "export" || out.contains("cHduZWQ=␇")),
            "{args:?}: {out}"
        );
    }
}

#[test]
fn report_and_the_foreign_record_error_are_inert() {
    let title = r"P\e]0;pwned\a";
    let dir = setup(title);
    let record = "deroule_live: 1\nprogramme: \"P\\e]0;pwned\\a\"\nsince: 2022-07-01T08:00:00Z\n\
                  actions:\n- {at: 2022-07-01T09:05:00Z, action: start, item: a}\n";
    std::fs::write(dir.path().join("p.live.yaml"), record).expect("write");
    let o = deroule_in(dir.path(), &["report", "p.yaml"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    both("report", &o);
    assert!(String::from_utf8_lossy(&o.stdout).contains("␛]52;c;cHduZWQ=␇"));
    // The record names another programme, whose title is hostile too.
    std::fs::write(
        dir.path().join("p.live.yaml"),
        record.replace("P\\e", "Other\\e"),
    )
    .expect("write");
    let o = deroule_in(dir.path(), &["now", "p.yaml", "--at", "2022-07-01 09:30"]);
    both("now with a foreign record", &o);
    let stderr = String::from_utf8_lossy(&o.stderr);
    // The record's name is written with its invisible characters escaped (#12).
    assert!(
        stderr.contains(r"belongs to «Other\u{1b}]0;pwned\u{7}»"),
        "{stderr}"
    );
}

#[test]
fn import_warnings_and_errors_are_inert() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\n\
               DTSTART:20250301T090000Z\r\nDURATION:P\u{1b}]0;pwned\u{7}\r\n\
               SUMMARY:S\u{1b}]52;c;eA==\u{7}T\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    std::fs::write(dir.path().join("c.ics"), ics).expect("write");
    let o = deroule_in(dir.path(), &["import", "c.ics"]);
    both("import", &o);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("␛]0;pwned␇"), "{stderr}");
    // An error naming the file's content: a YAML syntax error in a hostile title.
    std::fs::write(dir.path().join("e.yaml"), "title: \"\u{1b}]0;x\u{7}\n").expect("write");
    let o = deroule_in(dir.path(), &["now", "e.yaml"]);
    assert_eq!(o.status.code(), Some(1));
    both("a load error", &o);
}

#[cfg(unix)]
#[test]
fn special_files_are_refused_at_once_and_errors_stay_short() {
    // Issue #13, item 4: `/dev/zero` as the record read 2 GB in 3 s; a FIFO hung `now` and
    // `check` for ever; a 3 MB record gave a 3 MB error.
    let dir = setup("T");
    let record = dir.path().join("p.live.yaml");
    std::os::unix::fs::symlink("/dev/zero", &record).expect("symlink");
    let at = ["now", "p.yaml", "--at", "2022-07-01 09:30"];
    let o = deroule_in(dir.path(), &at);
    assert_eq!(
        o.status.code(),
        Some(0),
        "the planned times are still given"
    );
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr
            .contains("p.live.yaml: cannot read the live record: is a device, not a regular file"),
        "{stderr}"
    );
    std::fs::remove_file(&record).expect("remove");
    let made = Command::new("mkfifo")
        .arg(&record)
        .arg(dir.path().join("f.yaml"))
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let o = deroule_in(dir.path(), &at);
    assert!(String::from_utf8_lossy(&o.stderr).contains("is a named pipe (FIFO)"));
    let o = deroule_in(dir.path(), &["check", "f.yaml"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&o.stderr),
        "f.yaml: is a named pipe (FIFO), not a regular file: expected a programme file (YAML)\n"
    );
    std::fs::remove_file(&record).expect("remove");
    let long = "x".repeat(3_000_000);
    std::fs::write(
        &record,
        format!(
            "deroule_live: 1\nprogramme: T\nsince: 2022-07-01T08:00:00Z\nactions: \"{long}\"\n"
        ),
    )
    .expect("write");
    let o = deroule_in(dir.path(), &at);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("not a deroule live record"),
        "{stderr:.300}"
    );
    assert!(stderr.len() < 600, "{} bytes of error", stderr.len());
}
