#!/usr/bin/env bash
# Fuzzes deroule with cargo-fuzz and libFuzzer.
#
#   scripts/fuzz.sh [SECONDS] [TARGET]   # default 300 s of `load`; needs nightly and cargo-fuzz
#
# Targets (fuzz/fuzz_targets/): `load`, any bytes through the YAML loader
# (`deroule::model::load_bytes`), which must never panic and whose accepted programmes must keep
# their invariants; `view`, programmes generated from the fuzzer's bytes, then an app over each
# drawn after every one of a series of actions (keys, clicks, resizes, ticks), never panicking;
# `import`, any bytes through the importers, where the viewer's import (the programme as built)
# must equal the validated one or fail the same way (seeded from tests/fixtures/import/).
# Seeds fuzz/corpus/load from data/*.yaml, tests/fixtures/**/*.yaml and the YAML examples of
# docs/format.md, and uses the dictionary fuzz/load.dict (`view` starts from its own corpus);
# runs on one core. Crashes (panics), timeouts (>10 s for one input) and out-of-memory
# inputs land in fuzz/artifacts/TARGET/; replay one with `cargo +nightly fuzz run TARGET FILE`, and
# add it to tests/fuzz_regressions.rs. The last lines printed give the executions run.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-300}
target=${2:-load}
if ! cargo +nightly --version >/dev/null 2>&1; then
  echo "fuzz.sh: the nightly toolchain is needed (rustup toolchain install nightly);" \
       "without it, run scripts/fuzz-smoke.sh" >&2
  exit 2
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "fuzz.sh: cargo-fuzz is needed: cargo install cargo-fuzz" >&2
  exit 2
fi

corpus=fuzz/corpus/$target
mkdir -p "$corpus"
# `view` reads its bytes as choices, not as YAML: it starts from its own corpus only.
if [ "$target" = load ]; then
  cp data/*.yaml "$corpus/"
  if [ -d tests/fixtures ]; then
    find tests/fixtures -name '*.yaml' | while read -r f; do
      cp "$f" "$corpus/fixture-$(echo "${f#tests/fixtures/}" | tr '/' '-')"
    done
  fi
  # Every ```yaml block of the format reference, one file each.
  awk -v dir="$corpus" '
    /^```yaml/ { n++; out = sprintf("%s/format-md-%02d.yaml", dir, n); inside = 1; next }
    /^```/ && inside { inside = 0; close(out); next }
    inside { print > out }
  ' docs/format.md
fi

if [ "$target" = import ]; then
  cp tests/fixtures/import/* "$corpus/"
fi

echo "fuzz.sh: $(find "$corpus" -type f | wc -l) inputs in $corpus; fuzzing for ${seconds}s"
dict=()
if [ "$target" = load ]; then dict=(-dict=fuzz/load.dict); fi
cargo +nightly fuzz run "$target" "$corpus" -- \
  "${dict[@]}" \
  -max_total_time="$seconds" \
  -max_len=65536 \
  -timeout=10 \
  -rss_limit_mb=2048 \
  -print_final_stats=1
