//! Loading and validating programmes: the bundled day, synthetic ones of 1k, 10k and 100k items
//! (`deroule::model::load_str`: YAML parse, validation), and the same with one error.

mod common;

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use deroule::model::{load_bytes, load_str};

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

criterion_group! {
    name = benches;
    config = common::config();
    targets = bundled, synthetic, one_error
}
criterion_main!(benches);
