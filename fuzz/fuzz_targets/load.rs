//! Any bytes through the YAML loader: `load_bytes` must return `Ok` or `Err`, never panic, and a
//! programme it accepts must keep the invariants the rest of deroule relies on.
#![no_main]

use deroule::model::load_bytes;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match load_bytes(data, "fuzz") {
        Err(e) => {
            // Messages are built lazily: format them too.
            let _ = e.to_string();
        }
        Ok(loaded) => {
            let p = &loaded.programme;
            assert!(!p.days.is_empty(), "a valid programme has a day");
            assert!(
                p.days.windows(2).all(|w| w[0].date < w[1].date),
                "days sorted, unique"
            );
            for day in &p.days {
                assert!(!day.items.is_empty(), "a valid day has an item");
                assert!(
                    day.items.windows(2).all(|w| w[0].start <= w[1].start),
                    "items sorted"
                );
                assert!(
                    day.items.iter().all(|i| i.end > i.start),
                    "every end after its start"
                );
            }
            for w in &loaded.warnings {
                let _ = w.display("fuzz").to_string();
            }
            let _ = deroule::check::summary(p, "fuzz");
        }
    }
});
