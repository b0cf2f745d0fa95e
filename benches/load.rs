//! Loading and validating programmes: the bundled day, synthetic ones of 1k, 10k and 100k items
//! (`deroule::model::load_str`: YAML parse, validation), and the same with one error; FOSDEM 2025
//! as published (frab XML) and converted, the viewer's way and `deroule import`'s, when
//! `../shared/data/real/` exists.

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
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/real/fosdem-2025.xml");
    let Ok(xml) = std::fs::read(&path) else {
        eprintln!("load/fosdem skipped: {} is absent", path.display());
        return;
    };
    let trust = Options {
        verify: Verify::Trust,
        ..Options::default()
    };
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

criterion_group! {
    name = benches;
    config = common::config();
    targets = bundled, synthetic, one_error, fosdem
}
criterion_main!(benches);
