#!/usr/bin/env bash
# Times `deroule check` end to end (process start, read, validate, summary) with the release
# binary: on the bundled programme, then on synthetic files of 1k, 10k and 100k items
# (deroule::synthetic, written to target/synthetic/ by an ignored test).
#
#   scripts/bench-check.sh            # hyperfine when installed (apt-get install hyperfine)
#
# Prints the median wall time of each. Without hyperfine, each command is run 10 times (3 for
# 100k) by a small Python loop instead.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release --quiet
target=${CARGO_TARGET_DIR:-target}
bin=$target/release/deroule
dir=$target/synthetic
mkdir -p "$dir"
DEROULE_SYNTHETIC_DIR=$(cd "$dir" && pwd) cargo test --release --quiet --lib \
  synthetic::tests::write_files_for_the_scripts -- --ignored >/dev/null

bundled=data/bluehats-2022-07-01.yaml
if command -v hyperfine >/dev/null 2>&1; then
  hyperfine --warmup 3 -N --export-json "$target/bench-check.json" \
    "$bin check --quiet $bundled" \
    "$bin check --quiet $dir/synthetic-1k.yaml" \
    "$bin check --quiet $dir/synthetic-10k.yaml"
  hyperfine --warmup 1 --runs 5 -N --export-json "$target/bench-check-100k.json" \
    "$bin check --quiet $dir/synthetic-100k.yaml"
  python3 - "$target/bench-check.json" "$target/bench-check-100k.json" <<'PY'
import json, sys
print("| command | median | mean ± σ | runs |")
print("|---|---:|---:|---:|")
for path in sys.argv[1:]:
    for r in json.load(open(path))["results"]:
        print(f"| `{r['command']}` | {r['median'] * 1000:.1f} ms | "
              f"{r['mean'] * 1000:.1f} ± {r['stddev'] * 1000:.1f} ms | {len(r['times'])} |")
PY
else
  python3 - "$bin" "$bundled" "$dir" <<'PY'
import statistics, subprocess, sys, time
binary, bundled, d = sys.argv[1:]
for path, runs in [(bundled, 10), (f"{d}/synthetic-1k.yaml", 10),
                   (f"{d}/synthetic-10k.yaml", 10), (f"{d}/synthetic-100k.yaml", 3)]:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run([binary, "check", "--quiet", path], check=True)
        times.append(time.perf_counter() - t)
    print(f"check {path}: median {statistics.median(times) * 1000:.1f} ms over {runs} runs")
PY
fi
