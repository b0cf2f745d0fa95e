//! Now/next lookup (`deroule::timeline::locate`) in programmes of 1k and 100k items: what every
//! frame and every tick asks.

mod common;

use std::hint::black_box;

use chrono::TimeDelta;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use deroule::timeline::locate;

fn locate_at(c: &mut Criterion) {
    let mut group = c.benchmark_group("timeline/locate");
    for items in [1_000, 100_000] {
        let p = common::synthetic(items);
        let first_day = p.days[0].opens() + TimeDelta::hours(4);
        let midday = common::midday(&p);
        let last_day = p.days[p.days.len() - 1].opens() + TimeDelta::hours(4);
        // Between two days nothing runs: `locate` then also asks for the first start and last end.
        let night = p.days[p.days.len() / 2].closes() + TimeDelta::hours(2);
        for (when, now) in [
            ("first-day", first_day),
            ("middle-day", midday),
            ("last-day", last_day),
            ("between-days", night),
        ] {
            let id = BenchmarkId::new(when, common::label(items));
            group.bench_with_input(id, &now, |b, &now| {
                b.iter(|| locate(black_box(&p), black_box(now)).running.len());
            });
        }
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = common::config();
    targets = locate_at
}
criterion_main!(benches);
