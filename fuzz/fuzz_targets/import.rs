//! Any bytes through the importers (frab XML and JSON, schedule2, iCalendar, or deroule YAML):
//! never a panic, and the viewer's way (the programme as built, `Verify::Trust`) agrees with
//! `deroule import`'s (written as YAML and validated again): both fail, or both give the same
//! programme. The viewer trusts the build; this is what holds it to that.
#![no_main]

use deroule::import::{self, Options, Verify};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let trust = Options {
        verify: Verify::Trust,
        ..Options::default()
    };
    let trusted = import::import_with(data, "fuzz", &trust);
    let verified = import::import_bytes(data, "fuzz");
    match (trusted, verified) {
        (Ok(t), Ok(v)) => {
            assert!(t.programme == v.programme, "the two ways differ");
            for w in &t.warnings {
                let _ = w.len();
            }
        }
        (Err(a), Err(b)) => {
            // Messages are built lazily: format them too.
            assert_eq!(a.to_string(), b.to_string());
        }
        (Ok(_), Err(e)) => panic!("the viewer would show what the validator refuses: {e}"),
        (Err(e), Ok(_)) => panic!("only the trusted way fails: {e}"),
    }
});
