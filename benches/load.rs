//! Loading and validating programmes: the bundled day, synthetic ones of 1k, 10k and 100k items
//! (`deroule::model::load_str`: YAML parse, validation), and the same with one error; real
//! schedules, when `../shared/data/real/` exists: FOSDEM 2025 as published (frab XML) and
//! converted, 36C3 (frab JSON), and FOSDEM written as iCalendar, each imported the viewer's way
//! and `deroule import`'s.

mod common;

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use deroule::import::{self, Options, Verify};
use deroule::model::{Placing, load_bytes, load_str, load_str_with};

fn bundled(c: &mut Criterion) {
    c.bench_function("load/bundled", |b| {
        b.iter(|| load_bytes(black_box(deroule::BUNDLED.as_bytes()), "bundled").expect("valid"));
    });
}

fn synthetic(c: &mut Criterion) {
    let mut group = c.benchmark_group("load/synthetic");
    for items in [1_000, 10_000, 100_000] {
        let text = common::synthetic_yaml(items);
        if items >= 10_000 {
            // One load of 100k items takes about a second: ten samples are enough.
            group.sample_size(10);
        }
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(
            BenchmarkId::from_parameter(common::label(items)),
            &text,
            |b, text| b.iter(|| load_str(black_box(text), "synthetic.yaml").expect("valid")),
        );
    }
    group.finish();
}

/// The same programmes with one unknown field at the end: every diagnostic needs a line and
/// column, so the loader also indexes the positions of the whole document.
fn one_error(c: &mut Criterion) {
    let mut group = c.benchmark_group("load/one-error");
    for items in [1_000, 10_000] {
        let text = common::synthetic_yaml(items) + "colour: red\n";
        if items >= 10_000 {
            group.sample_size(10);
        }
        group.bench_with_input(
            BenchmarkId::from_parameter(common::label(items)),
            &text,
            |b, text| b.iter(|| load_str(black_box(text), "synthetic.yaml").expect_err("invalid")),
        );
    }
    group.finish();
}

/// FOSDEM 2025 (3.4 MB of XML, 1105 events, 35 rooms): opened by the viewer (imported, the
/// programme kept as built), imported by `deroule import` (written as YAML and validated again),
/// and the converted YAML opened by the viewer (warnings not placed) and by `deroule check`.
fn fosdem(c: &mut Criterion) {
    let Some(xml) = real("fosdem-2025.xml", "load/fosdem") else {
        return;
    };
    let trust = trusted();
    let yaml = import::to_yaml(
        &import::import_with(&xml, "fosdem-2025.xml", &trust)
            .expect("FOSDEM imports")
            .programme,
    );
    let mut group = c.benchmark_group("load/fosdem");
    group.sample_size(20);
    group.bench_function("xml-viewer", |b| {
        b.iter(|| import::import_with(black_box(&xml), "fosdem-2025.xml", &trust).expect("ok"));
    });
    group.bench_function("xml-import-verified", |b| {
        b.iter(|| import::import_bytes(black_box(&xml), "fosdem-2025.xml").expect("ok"));
    });
    group.bench_function("yaml-viewer", |b| {
        b.iter(|| load_str_with(black_box(&yaml), "f.yaml", Placing::ErrorsOnly).expect("ok"));
    });
    group.bench_function("yaml-check", |b| {
        b.iter(|| load_str(black_box(&yaml), "f.yaml").expect("ok"));
    });
    group.finish();
}

/// A schedule of `../shared/data/real/`, or `None` (saying which benchmark `group` is skipped).
fn real(file: &str, group: &str) -> Option<Vec<u8>> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/real")
        .join(file);
    let bytes = std::fs::read(&path).ok();
    if bytes.is_none() {
        eprintln!("{group} skipped: {} is absent", path.display());
    }
    bytes
}

/// The viewer's import: the programme kept as built.
fn trusted() -> Options {
    Options {
        verify: Verify::Trust,
        ..Options::default()
    }
}

/// A schedule imported the viewer's way (`viewer`) and `deroule import`'s (`import-verified`:
/// written as YAML and validated again).
fn import_both_ways(c: &mut Criterion, group: &str, bytes: &[u8], name: &str) {
    let trust = trusted();
    let mut group = c.benchmark_group(group);
    group.sample_size(20);
    group.bench_function("viewer", |b| {
        b.iter(|| import::import_with(black_box(bytes), name, &trust).expect("ok"));
    });
    group.bench_function("import-verified", |b| {
        b.iter(|| import::import_bytes(black_box(bytes), name).expect("ok"));
    });
    group.finish();
}

/// 36C3 (frab JSON: 0.56 MB, 4 days).
fn congress(c: &mut Criterion) {
    if let Some(json) = real("36c3.schedule.json", "load/36c3") {
        import_both_ways(c, "load/36c3", &json, "36c3.schedule.json");
    }
}

/// FOSDEM 2025 written as iCalendar by `deroule export --ics` (no large `.ics` is among the real
/// schedules): 1105 `VEVENT`s with zoned times, folded lines and escaped texts.
fn calendar(c: &mut Criterion) {
    let Some(xml) = real("fosdem-2025.xml", "load/fosdem-ics") else {
        return;
    };
    let programme = import::import_with(&xml, "fosdem-2025.xml", &trusted())
        .expect("FOSDEM imports")
        .programme;
    let ics = deroule::ics::export(&programme, "bench");
    import_both_ways(c, "load/fosdem-ics", ics.as_bytes(), "fosdem-2025.ics");
}

criterion_group! {
    name = benches;
    config = common::config();
    targets = bundled, synthetic, one_error, fosdem, congress, calendar
}
criterion_main!(benches);
