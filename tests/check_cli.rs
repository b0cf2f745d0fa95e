//! `deroule check` as a user runs it: the built binary, its streams and its exit status.
//!
//! The broken programmes live in `tests/fixtures/invalid/`, with what each must produce in
//! `tests/fixtures/invalid/expected.txt`. Files that cannot sit in a text folder (Latin-1, NUL
//! bytes, 16 MiB) are generated here.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_deroule");
/// With the no-break spaces of French typography inside the guillemets and before `!`.
const BUNDLED_TITLE: &str = "Journée BlueHats «\u{a0}Mutualisons\u{a0}!\u{a0}»";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn invalid_dir() -> PathBuf {
    root().join("tests/fixtures/invalid")
}

fn bundled_file() -> PathBuf {
    root().join("data/bluehats-2022-07-01.yaml")
}

/// What a run printed and how it ended.
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Run {
    fn error_lines(&self) -> Vec<&str> {
        self.stderr
            .lines()
            .filter(|l| l.contains(": error: "))
            .collect()
    }

    fn assert_no_panic(&self, what: &str) {
        for text in [&self.stdout, &self.stderr] {
            assert!(
                !text.contains("panicked") && !text.contains("RUST_BACKTRACE"),
                "{what}: a panic:\n{text}"
            );
        }
    }
}

/// Runs `deroule ARGS` in a fixed environment (no colour, C locale, a far-away zone) and gives up
/// after 60 s, so that a hang is a failure and not a stuck test run.
fn deroule(args: &[&std::ffi::OsStr]) -> Run {
    deroule_with(args, &[])
}

/// [`deroule`] with environment variables added or replaced (`("LC_ALL", "")` unsets one in
/// effect: an empty locale variable is skipped).
fn deroule_with(args: &[&std::ffi::OsStr], env: &[(&str, &str)]) -> Run {
    let mut command = Command::new(BIN);
    command
        .args(args)
        .env("TZ", "Pacific/Kiritimati")
        .env("LC_ALL", "C")
        .env("LANG", "C")
        .env("NO_COLOR", "1")
        .env("DEROULE_CONFIG", "/nonexistent/deroule-config.yaml")
        .envs(env.iter().copied());
    let mut child = command
        .env_remove("RUST_BACKTRACE")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the deroule binary starts");
    let mut stdout = child.stdout.take().expect("piped stdout");
    let mut stderr = child.stderr.take().expect("piped stderr");
    // Read both streams while the child runs, so that a full pipe cannot block it.
    let out = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = stdout.read_to_end(&mut s);
        s
    });
    let err = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = stderr.read_to_end(&mut s);
        s
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("waiting for deroule") {
            break status;
        }
        if started.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("deroule {args:?} still running after 60 s");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let output = Output {
        status,
        stdout: out.join().expect("stdout reader"),
        stderr: err.join().expect("stderr reader"),
    };
    Run {
        code: output.status.code(),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

fn check(files: &[&Path]) -> Run {
    let mut args: Vec<&std::ffi::OsStr> = vec!["check".as_ref()];
    args.extend(files.iter().map(|f| f.as_os_str()));
    deroule(&args)
}

fn check_quiet(files: &[&Path]) -> Run {
    let mut args: Vec<&std::ffi::OsStr> = vec!["check".as_ref(), "--quiet".as_ref()];
    args.extend(files.iter().map(|f| f.as_os_str()));
    deroule(&args)
}

/// One line of `expected.txt`: an error `fragment` on `line` of `file`.
#[derive(Debug, Clone)]
struct Expected {
    line: usize,
    fragment: String,
}

fn expectations() -> BTreeMap<String, Vec<Expected>> {
    let path = invalid_dir().join("expected.txt");
    let text = std::fs::read_to_string(&path).expect("expected.txt is readable");
    let mut all: BTreeMap<String, Vec<Expected>> = BTreeMap::new();
    for (n, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut parts = line.splitn(3, " | ");
        let (Some(file), Some(at), Some(fragment)) = (parts.next(), parts.next(), parts.next())
        else {
            panic!("expected.txt:{}: expected `FILE | LINE | FRAGMENT`", n + 1);
        };
        let at = at
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("expected.txt:{}: `{at}` is not a line", n + 1));
        all.entry(file.trim().to_owned())
            .or_default()
            .push(Expected {
                line: at,
                fragment: fragment.trim().to_owned(),
            });
    }
    all
}

/// `FILE:LINE:COLUMN: error: MESSAGE` → (LINE, COLUMN, MESSAGE), for lines about `file`.
fn located<'a>(line: &'a str, file: &str) -> Option<(usize, usize, &'a str)> {
    let rest = line.strip_prefix(file)?.strip_prefix(':')?;
    let (at, message) = rest.split_once(": error: ")?;
    let (l, c) = at.split_once(':')?;
    Some((l.parse().ok()?, c.parse().ok()?, message))
}

/// The checks every broken file must pass; `expected` lists all the errors it must produce.
fn assert_refused(path: &Path, expected: &[Expected]) {
    let name = path.display().to_string();
    let run = check(&[path]);
    run.assert_no_panic(&name);
    assert_eq!(run.code, Some(1), "{name}: exit status\n{}", run.stderr);
    assert_eq!(run.stdout, "", "{name}: no summary for an invalid file");
    let errors = run.error_lines();
    for line in &errors {
        let (l, c, message) = located(line, &name)
            .unwrap_or_else(|| panic!("{name}: not in the FILE:LINE:COL: error: shape: {line}"));
        assert!(l >= 1 && c >= 1, "{name}: positions start at 1: {line}");
        assert!(
            !message.contains("Some(") && !message.contains("Wire") && !message.contains("struct "),
            "{name}: Rust debug text in a message: {line}"
        );
    }
    for e in expected {
        let found = errors.iter().any(|line| {
            located(line, &name).is_some_and(|(l, _, m)| l == e.line && m.contains(&e.fragment))
        });
        assert!(
            found,
            "{name}: expected an error on line {} containing «{}», got:\n{}",
            e.line, e.fragment, run.stderr
        );
    }
    assert_eq!(
        errors.len(),
        expected.len(),
        "{name}: every error must be expected, and no more:\n{}",
        run.stderr
    );

    let quiet = check_quiet(&[path]);
    quiet.assert_no_panic(&name);
    assert_eq!(quiet.code, Some(1), "{name} --quiet: exit status");
    assert_eq!(quiet.stdout, "", "{name} --quiet: no summary");
    assert!(
        quiet.stderr.lines().all(|l| l.contains(": error: ")),
        "{name} --quiet: errors only, no warnings or count:\n{}",
        quiet.stderr
    );
    assert_eq!(quiet.error_lines().len(), expected.len(), "{name} --quiet");
}

#[test]
fn every_invalid_fixture_is_refused_with_its_message_and_line() {
    let expected = expectations();
    let mut files: Vec<PathBuf> = std::fs::read_dir(invalid_dir())
        .expect("the fixtures folder")
        .map(|e| e.expect("a folder entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    assert!(files.len() >= 34, "only {} fixtures", files.len());
    for path in &files {
        let name = path.file_name().and_then(|n| n.to_str()).expect("a name");
        assert!(
            name.len() > 3 && name[..2].bytes().all(|b| b.is_ascii_digit()) && &name[2..3] == "-",
            "{name}: fixtures are named NN-short-name.yaml"
        );
        let wanted = expected
            .get(name)
            .unwrap_or_else(|| panic!("{name} has no line in expected.txt"));
        assert_refused(path, wanted);
    }
    for name in expected.keys() {
        assert!(
            invalid_dir().join(name).is_file(),
            "expected.txt names {name}, which is not in the folder"
        );
    }
}

#[test]
fn the_file_with_several_errors_reports_them_all_in_one_run() {
    let path = invalid_dir().join("40-several-errors.yaml");
    let run = check(&[&path]);
    let errors = run.error_lines();
    assert!(errors.len() >= 5, "{}", run.stderr);
    let count = format!("{}: {} errors", path.display(), errors.len());
    assert_eq!(run.stderr.lines().last(), Some(count.as_str()));
    // In file order.
    let lines: Vec<usize> = errors
        .iter()
        .filter_map(|l| located(l, &path.display().to_string()).map(|(l, _, _)| l))
        .collect();
    assert!(lines.is_sorted(), "{lines:?}");
}

#[test]
fn latin1_text_is_refused_at_the_first_bad_byte() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("latin1.yaml");
    let text = b"title: Test day\ntime_zone: Europe/Paris\nvenue: Caf\xe9 de la Gare\n";
    std::fs::write(&path, text).expect("write");
    assert_refused(
        &path,
        &[Expected {
            line: 3,
            fragment: "not UTF-8 text (invalid byte at offset 50): expected a YAML programme \
                       saved as UTF-8"
                .into(),
        }],
    );
    let run = check(&[&path]);
    assert!(
        run.stderr
            .starts_with(&format!("{}:3:11: error:", path.display()))
    );
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
}

#[rstest::rstest]
#[case::nul_in_text(b"title: Test\x00day\n".to_vec(), 1, "NUL byte at offset 11")]
#[case::utf16(
    "title: Test\n".encode_utf16().flat_map(u16::to_le_bytes).collect(),
    1,
    "a binary file (NUL byte at offset 1)"
)]
#[case::image(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR".to_vec(), 3, "a binary file (NUL byte at offset 8)")]
fn binary_files_are_refused(#[case] bytes: Vec<u8>, #[case] line: usize, #[case] fragment: &str) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("binary.yaml");
    std::fs::write(&path, bytes).expect("write");
    assert_refused(
        &path,
        &[Expected {
            line,
            fragment: fragment.into(),
        }],
    );
}

#[cfg(target_os = "linux")]
#[test]
fn the_alias_bomb_fails_fast_in_bounded_memory() {
    // Under a 1 GiB address-space limit: expanding the aliases would need far more.
    let path = invalid_dir().join("38-billion-laughs.yaml");
    let out = Command::new("sh")
        .arg("-c")
        .arg("ulimit -v 1048576 && exec \"$0\" check \"$1\"")
        .arg(BIN)
        .arg(&path)
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("sh runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("billion laughs"), "{stderr}");
    assert!(!stderr.contains("memory allocation"), "{stderr}");
}

/// Runs `deroule check FILE` under a 1 GiB address-space limit, as [`the_alias_bomb_fails_fast_in_bounded_memory`].
#[cfg(target_os = "linux")]
fn check_in_one_gib(path: &Path) -> (Option<i32>, String) {
    let out = Command::new("sh")
        .arg("-c")
        .arg("ulimit -v 1048576 && exec \"$0\" check \"$1\"")
        .arg(BIN)
        .arg(path)
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("sh runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[cfg(target_os = "linux")]
#[test]
fn long_text_repeated_by_aliases_is_refused_in_bounded_memory() {
    // Issue #13: 1 000 strings of 10 000 characters as one anchored list, aliased by 149 items
    // (10 MB) was accepted at 2.96 GB; at 15 MB the process aborted.
    let long = "x".repeat(10_000);
    let list = vec![format!("\"{long}\""); 1_000].join(", ");
    let mut source = format!("title: T\nanchor: &a [{list}]\nitems:\n");
    for _ in 0..149 {
        source.push_str("- {title: *a}\n");
    }
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("aliases.yaml");
    std::fs::write(&path, source).expect("write");
    let (code, stderr) = check_in_one_gib(&path);
    assert_eq!(code, Some(1), "{stderr}");
    // The first copy doubles the file; the second is refused where it is written.
    assert!(
        stderr.contains("aliases.yaml:5:11: error: not a valid YAML programme: its aliases"),
        "{stderr}"
    );
    assert!(stderr.contains("billion laughs"), "{stderr}");
    assert_eq!(stderr.lines().count(), 2, "{stderr}");
}

#[test]
fn sixteen_mib_of_brackets_are_refused_where_the_nesting_passes_the_limit() {
    // Issue #13: `items: ` and 200 000 `[` took 52 s to refuse (the scanner's cost is the square
    // of the depth); 1 MB had not finished after 11 minutes. 60 s is this helper's limit.
    let mut source = String::from("title: T\nitems: ");
    source.push_str(&"[".repeat(16 * 1024 * 1024 - source.len()));
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("nested.yaml");
    std::fs::write(&path, source).expect("write");
    let run = check(&[&path]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr.contains("nested.yaml:2:107: error: not a valid YAML programme: lists and mappings nested too deeply"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_bundled_programme_is_valid_and_summarised() {
    let path = bundled_file();
    let run = check(&[&path]);
    run.assert_no_panic("bundled");
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(run.stderr, "", "no warnings for the bundled programme");
    let out = &run.stdout;
    assert!(
        out.starts_with(&format!("{}: ok\n", path.display())),
        "{out}"
    );
    for fragment in [
        BUNDLED_TITLE,
        "13 items",
        "09:00",
        "18:00",
        "Europe/Paris",
        "2022-07-01",
    ] {
        assert!(out.contains(fragment), "«{fragment}» not in:\n{out}");
    }
}

/// The machine's zone never changes the summary; its locale only chooses the language, which
/// `--lang` overrides (French is tested below).
#[test]
fn the_summary_does_not_depend_on_the_machines_zone_or_locale() {
    let path = bundled_file();
    let here = check(&[&path]);
    let elsewhere = Command::new(BIN)
        .args(["check", "--lang", "en"])
        .arg(&path)
        .env("DEROULE_CONFIG", "/nonexistent/deroule-config.yaml")
        .env("TZ", "America/Los_Angeles")
        .env("LC_ALL", "fr_FR.UTF-8")
        .env("LANG", "fr_FR.UTF-8")
        .output()
        .expect("deroule runs");
    assert_eq!(elsewhere.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&elsewhere.stdout), here.stdout);
}

#[test]
fn quiet_prints_nothing_on_success() {
    let run = check_quiet(&[&bundled_file()]);
    assert_eq!(run.code, Some(0));
    assert_eq!((run.stdout.as_str(), run.stderr.as_str()), ("", ""));
}

#[test]
fn quiet_keeps_warnings_out_of_a_valid_file() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("gap.yaml");
    std::fs::write(
        &path,
        "title: Gap\ntime_zone: UTC\ndate: 2022-07-01\nitems:\n  - {title: A, start: 9h, end: 10h}\n  - {title: B, start: 11h, end: 12h}\n",
    )
    .expect("write");
    let loud = check(&[&path]);
    assert_eq!(loud.code, Some(0), "warnings do not make a file invalid");
    assert!(loud.stderr.contains(": warning: "), "{}", loud.stderr);
    assert!(loud.stdout.contains(": ok"));
    let quiet = check_quiet(&[&path]);
    assert_eq!(quiet.code, Some(0));
    assert_eq!((quiet.stdout.as_str(), quiet.stderr.as_str()), ("", ""));
}

#[test]
fn quiet_prints_only_the_errors_on_failure() {
    let path = invalid_dir().join("40-several-errors.yaml");
    let run = check_quiet(&[&path]);
    assert_eq!(run.code, Some(1));
    assert_eq!(run.stdout, "");
    assert!(!run.stderr.is_empty());
    assert!(
        run.stderr.lines().all(|l| l.contains(": error: ")),
        "{}",
        run.stderr
    );
}

#[rstest::rstest]
#[case::no_file(&["check"])]
#[case::unknown_flag(&["check", "--bogus", "data/bluehats-2022-07-01.yaml"])]
#[case::unknown_short_flag(&["check", "-z", "data/bluehats-2022-07-01.yaml"])]
#[case::unknown_top_level_flag(&["--bogus"])]
fn usage_errors_exit_with_2(#[case] args: &[&str]) {
    let args: Vec<&std::ffi::OsStr> = args.iter().map(AsRef::as_ref).collect();
    let run = deroule(&args);
    run.assert_no_panic("usage");
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.to_lowercase().contains("usage"),
        "{}",
        run.stderr
    );
}

/// A file problem: one line on stderr naming the file, exit 1.
fn assert_one_line_error(path: &Path, fragment: &str) {
    let run = check(&[path]);
    run.assert_no_panic(fragment);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert_eq!(run.stdout, "");
    let name = path.display().to_string();
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 1, "one line:\n{}", run.stderr);
    assert!(lines[0].starts_with(&format!("{name}: ")), "{}", lines[0]);
    assert!(lines[0].contains(fragment), "{}", lines[0]);
}

#[test]
fn a_directory_is_refused_in_one_line() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    assert_one_line_error(dir.path(), "is a directory: expected a programme file");
}

#[test]
fn a_missing_file_is_refused_in_one_line() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    assert_one_line_error(&dir.path().join("nowhere.yaml"), "cannot read the file");
}

#[test]
fn a_file_over_16_mib_is_refused_before_reading() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("huge.yaml");
    let file = std::fs::File::create(&path).expect("create");
    file.set_len(16 * 1024 * 1024 + 1).expect("grow");
    drop(file);
    assert_one_line_error(&path, "the file is 16777217 bytes, over the 16 MiB limit");
}

#[test]
fn a_file_of_exactly_16_mib_is_read() {
    // At the limit the file is read (and here refused for what it holds, not for its size).
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("big.yaml");
    let mut text = String::from("title: Big\n");
    let filler = 16 * 1024 * 1024 - text.len();
    text.push('#');
    text.push_str(&" ".repeat(filler - 2));
    text.push('\n');
    assert_eq!(text.len(), 16 * 1024 * 1024);
    std::fs::write(&path, text).expect("write");
    let run = check(&[&path]);
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.contains("missing `time_zone`"), "{}", run.stderr);
}

#[test]
fn several_files_are_all_checked() {
    let good = bundled_file();
    let bad = invalid_dir().join("19-unknown-kind.yaml");
    let dir = tempfile::tempdir().expect("a temporary folder");
    let missing = dir.path().join("missing.yaml");
    let run = check(&[&good, &bad, &missing, &good]);
    run.assert_no_panic("several");
    assert_eq!(run.code, Some(1), "one invalid file makes the run fail");
    let ok = format!("{}: ok", good.display());
    assert_eq!(
        run.stdout.lines().filter(|l| *l == ok).count(),
        2,
        "each valid file still gets its summary:\n{}",
        run.stdout
    );
    assert_eq!(run.stdout.matches(BUNDLED_TITLE).count(), 2);
    assert!(
        run.stderr.contains("did you mean `workshop`?"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains(&format!("{}: cannot read the file", missing.display())),
        "{}",
        run.stderr
    );
}

#[test]
fn several_valid_files_succeed() {
    let good = bundled_file();
    let run = check_quiet(&[&good, &good]);
    assert_eq!(run.code, Some(0));
    assert_eq!(run.stdout, "");
}

#[test]
fn a_published_schedule_is_checked_as_it_is_imported() {
    let schedule = root().join("tests/fixtures/import/frab.xml");
    let run = check(&[&schedule]);
    run.assert_no_panic("frab.xml");
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let mut lines = run.stdout.lines();
    assert_eq!(
        lines.next(),
        Some(format!("{}: ok", schedule.display()).as_str())
    );
    assert_eq!(
        lines.next(),
        Some(
            "  imported from frab XML, as `deroule FILE` opens it (`deroule import` converts it \
             to deroule YAML)"
        )
    );
    assert!(
        !run.stderr.contains("not a valid YAML programme"),
        "read as YAML:\n{}",
        run.stderr
    );

    // A broken schedule: the importer's located error, exit 1, also with --quiet.
    let broken = root().join("tests/fixtures/import/malformed.xml");
    for run in [check(&[&broken]), check_quiet(&[&broken])] {
        run.assert_no_panic("malformed.xml");
        assert_eq!(run.code, Some(1));
        assert!(run.stdout.is_empty(), "{}", run.stdout);
        let errors = run.error_lines();
        assert_eq!(errors.len(), 1, "{}", run.stderr);
        assert!(
            errors[0].starts_with(&format!("{}:8:", broken.display())),
            "{}",
            run.stderr
        );
    }
}

/// A schedule with no zone gets a fixed offset; its POSIX name (`Etc/GMT-1`) reads as UTC−1 to
/// people, so the summary names the offset instead.
#[test]
fn a_fixed_offset_zone_is_shown_as_its_offset() {
    let schedule = root().join("tests/fixtures/import/frab.json");
    let run = check(&[&schedule]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stdout.contains(", time zone UTC+01:00\n"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("GMT"), "{}", run.stdout);
}

/// `check` speaks French when asked, by `--lang` or by the environment (the variable is read, no
/// locale needs to be installed): the summary, its dates and counts. Diagnostics stay English.
#[test]
fn the_summary_speaks_french_from_lang_or_the_environment() {
    let file = bundled_file();
    let expected = format!(
        "{} : valide\n  {BUNDLED_TITLE}\n  lieu : Lieu de la transformation publique, 77 avenue de \
         Ségur, 75007 Paris\n  vendredi 1er juillet 2022, fuseau horaire Europe/Paris (UTC+02:00)\n  \
         premier début 2022-07-01 09:00, dernière fin 2022-07-01 18:00\n  ven. 2022-07-01 : 13 \
         séances, 09:00–18:00\n  13 séances par type : 5 sessions, 1 présentation, 2 ateliers, 1 \
         accueil, 2 pauses, 1 repas, 1 convivialité\n  salles : aucune (toutes les séances sont \
         plénières)\n",
        file.display()
    );
    let by_flag = deroule(&[
        "check".as_ref(),
        "--lang".as_ref(),
        "fr".as_ref(),
        file.as_os_str(),
    ]);
    assert_eq!(by_flag.stdout, expected);
    let by_env = deroule_with(
        &["check".as_ref(), file.as_os_str()],
        &[("LC_ALL", ""), ("LANG", "fr_FR.UTF-8")],
    );
    assert_eq!(by_env.stdout, expected);
    // LC_ALL wins over LANG, as for `now` and the viewer.
    let english = deroule_with(
        &["check".as_ref(), file.as_os_str()],
        &[("LC_ALL", "en_GB.UTF-8"), ("LANG", "fr_FR.UTF-8")],
    );
    assert!(
        english.stdout.contains("  Friday 1 July 2022, time zone"),
        "{}",
        english.stdout
    );

    // Several days, an imported schedule: dates and the import line in French.
    let schedule = root().join("tests/fixtures/import/frab.xml");
    let run = deroule(&[
        "check".as_ref(),
        "--lang".as_ref(),
        "fr".as_ref(),
        schedule.as_os_str(),
    ]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stdout.contains(
            "\n  importé depuis frab XML, comme `deroule FICHIER` l’ouvre (`deroule import` le \
             convertit en YAML deroule)\n"
        ),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("  2 jours, du sam. 1er févr. 2025 au dim. 2 févr. 2025, fuseau horaire Europe/Brussels (UTC+01:00)\n"), "{}", run.stdout);
    assert!(
        run.stdout.contains("\n  sam. 2025-02-01 : "),
        "{}",
        run.stdout
    );

    // The count of errors is French; the diagnostics themselves stay English.
    let broken = invalid_dir().join("01-yaml-syntax.yaml");
    let run = deroule(&[
        "check".as_ref(),
        "--lang".as_ref(),
        "fr".as_ref(),
        broken.as_os_str(),
    ]);
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.contains(": error: "), "{}", run.stderr);
    assert!(
        run.stderr
            .ends_with(&format!("{} : 1 erreur\n", broken.display())),
        "{}",
        run.stderr
    );
}
