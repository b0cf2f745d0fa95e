#!/usr/bin/env bash
# Runs the criterion benchmarks (benches/) and prints the median of each, as a Markdown table.
#
#   scripts/bench.sh                     # every benchmark: about 3 minutes on 2 cores
#   scripts/bench.sh render              # only those whose name contains `render`
#   scripts/bench.sh --table             # only print the table of the last run
#
# Each benchmark warms up 1 s and measures 3 s (benches/common/mod.rs); the 10k and 100k loads
# take 10 samples. Criterion keeps its data under target/criterion/; the median printed here is
# `median.point_estimate` of target/criterion/**/new/estimates.json.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${CARGO_TARGET_DIR:-target}

if [ "${1:-}" != "--table" ]; then
  cargo bench --bench load --bench timeline --bench render -- "$@"
fi
python3 - "$target/criterion" <<'PY'
import json, pathlib, sys
root = pathlib.Path(sys.argv[1])
def show(ns):
    for unit, size in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= size:
            return f"{ns / size:.3g} {unit}"
    return f"{ns:.3g} ns"
rows = []
for est in sorted(root.glob("**/new/estimates.json")):
    meta = json.loads((est.parent / "benchmark.json").read_text())
    e = json.loads(est.read_text())
    m = e["median"]
    rows.append((meta["full_id"], m["point_estimate"], m["confidence_interval"]))
def order(row):
    *group, last = row[0].split("/")
    size = last.removesuffix("k")
    return ("/".join(group), 0, int(size) * (1000 if last.endswith("k") else 1)) if size.isdigit() \
        else (row[0], 1, 0)
rows.sort(key=order)
print("| benchmark | median | 95 % interval |")
print("|---|---:|---:|")
for name, median, ci in rows:
    print(f"| `{name}` | {show(median)} | {show(ci['lower_bound'])} – {show(ci['upper_bound'])} |")
PY
