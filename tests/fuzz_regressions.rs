//! The YAML loader never panics: inputs found by fuzzing (`scripts/fuzz.sh`, see
//! docs/reliability.md), and a small deterministic mutation run over the bundled programme and
//! the fixtures that works on the stable toolchain (`scripts/fuzz-smoke.sh` runs a long one).

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use deroule::model::load_bytes;
// SplitMix64: the same mutations on every run.
use deroule::synthetic::Rng;

/// Loads `bytes` and formats whatever comes out, as `deroule check` would; panics are reported
/// with the input.
fn survives(bytes: &[u8]) -> Result<(), String> {
    catch_unwind(AssertUnwindSafe(|| match load_bytes(bytes, "fuzz") {
        Ok(loaded) => {
            let _ = deroule::check::summary(&loaded.programme, "fuzz");
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }))
    .map_err(|panic| {
        let message = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .unwrap_or_default();
        format!("{message}\ninput: {:?}", String::from_utf8_lossy(bytes))
    })
}

// --- Inputs found by fuzzing -------------------------------------------------------------------

/// Found by the `import` target (`scripts/fuzz.sh 300 import`): in 1012, Brussels kept local mean
/// time (UTC+00:17:30). The importer cut seconds in UTC, which left its programme at a wall time
/// of 10:00:30; deroule YAML, written to the minute, read it back 30 s earlier, so the viewer
/// (which keeps the programme as built) and `deroule import` disagreed.
#[test]
fn an_import_in_local_mean_time_is_the_same_both_ways() {
    use chrono::Timelike;
    use deroule::import::{self, Options, Verify};
    let xml = r#"<?xml version="1.0"?>
<schedule>
  <conference><title>Old</title><time_zone_name>Europe/Brussels</time_zone_name></conference>
  <day index="1" date="1012-02-01">
    <room name="Zeta">
      <event guid="g4">
        <date>1012-02-01T10:00:00+01:00</date><start>10:00</start><duration>02:00</duration>
        <title>Night party</title><room>Zeta</room>
      </event>
    </room>
  </day>
</schedule>"#;
    let trust = Options {
        verify: Verify::Trust,
        ..Options::default()
    };
    let trusted = import::import_with(xml.as_bytes(), "old.xml", &trust).expect("imports");
    let verified = import::import_bytes(xml.as_bytes(), "old.xml").expect("imports");
    assert!(
        trusted.programme == verified.programme,
        "{:?}",
        verified.warnings
    );
    let item = trusted.programme.items().next().expect("one item");
    let wall = item.start.with_timezone(&trusted.programme.tz);
    assert_eq!(wall.second(), 0, "{wall}");
    assert_eq!(item.minutes(), 120);
}

// --- A deterministic mutation run, on the stable toolchain --------------------------------------

/// The seeds: the bundled programme and every fixture.
fn seeds() -> Vec<(PathBuf, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![root.join("data/bluehats-2022-07-01.yaml")];
    let mut dirs = vec![root.join("tests/fixtures")];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "yaml") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
        .into_iter()
        .filter_map(|p| std::fs::read(&p).ok().map(|b| (p, b)))
        .collect()
}

/// Bits of the format worth splicing in.
const TOKENS: [&str; 24] = [
    "title: ",
    "time_zone: Europe/Paris\n",
    "date: 2022-07-01\n",
    "days:\n  - ",
    "items:\n  - ",
    "start: ",
    "end: ",
    "duration: ",
    "room: A\n",
    "day_change: ",
    "24:00",
    "9h30",
    "0h",
    "99999",
    "&a ",
    "*a",
    "[",
    "{",
    ": ",
    "\n    - ",
    "\"",
    "\u{feff}",
    "\u{202e}",
    "é",
];

fn mutate(rng: &mut Rng, input: &mut Vec<u8>) {
    for _ in 0..=rng.below(4) {
        let at = rng.below(input.len() + 1);
        match rng.below(6) {
            0 if at < input.len() => input[at] ^= 1 << rng.below(8),
            1 => {
                let token = TOKENS[rng.below(TOKENS.len())].as_bytes();
                input.splice(at..at, token.iter().copied());
            }
            2 => {
                let end = (at + rng.below(64)).min(input.len());
                input.drain(at..end);
            }
            3 => {
                let end = (at + rng.below(64)).min(input.len());
                let copy = input[at..end].to_vec();
                let to = rng.below(input.len() + 1);
                input.splice(to..to, copy);
            }
            4 => input.truncate(at),
            _ => {
                let digit = b'0' + rng.below(10) as u8;
                if at < input.len() {
                    input[at] = digit;
                }
            }
        }
    }
}

/// Runs `iterations` mutations per seed; returns how many inputs were tried.
fn smoke(iterations: usize, seed: u64) -> usize {
    let seeds = seeds();
    assert!(!seeds.is_empty(), "no seed files");
    let mut rng = Rng(seed);
    let mut tried = 0;
    for (path, original) in &seeds {
        survives(original).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut input = original.clone();
        for n in 0..iterations {
            if n.is_multiple_of(8) {
                input.clone_from(original);
            }
            mutate(&mut rng, &mut input);
            tried += 1;
            if let Err(e) = survives(&input) {
                let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fuzz-smoke-crash.yaml");
                let _ = std::fs::write(&out, &input);
                panic!(
                    "a mutation of {} panics (saved as {}): {e}",
                    path.display(),
                    out.display()
                );
            }
        }
    }
    tried
}

#[test]
fn mutated_fixtures_never_panic() {
    // A few thousand inputs in a few seconds; scripts/fuzz-smoke.sh runs many more.
    assert!(smoke(40, 1) > 0);
}

/// `DEROULE_FUZZ_ITERATIONS` mutations per seed (default 2000) from seed `DEROULE_FUZZ_SEED`.
#[test]
#[ignore = "long: run by scripts/fuzz-smoke.sh"]
fn mutated_fixtures_never_panic_long() {
    let number = |name: &str, default: u64| {
        std::env::var(name)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let iterations = number("DEROULE_FUZZ_ITERATIONS", 2000) as usize;
    let tried = smoke(iterations, number("DEROULE_FUZZ_SEED", 7));
    println!("fuzz smoke: {tried} inputs, no panic");
}
