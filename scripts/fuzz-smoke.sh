#!/usr/bin/env bash
# A fuzzing stand-in for the stable toolchain: deterministic mutations of the bundled programme and
# of every fixture through `deroule::model::load_bytes`, checking that nothing panics.
#
#   scripts/fuzz-smoke.sh [ITERATIONS_PER_SEED] [SEED]     # defaults: 2000, 7
#
# Not coverage-guided, so much weaker than scripts/fuzz.sh (libFuzzer, nightly): use that where a
# nightly toolchain exists. A crashing input is saved under target/ and named in the failure.
set -euo pipefail
cd "$(dirname "$0")/.."
DEROULE_FUZZ_ITERATIONS=${1:-2000} DEROULE_FUZZ_SEED=${2:-7} \
  cargo test --release --test fuzz_regressions -- --ignored --nocapture mutated_fixtures_never_panic_long
