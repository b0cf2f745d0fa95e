#!/usr/bin/env bash
# Time to the first frame: the release binary started in a pseudo-terminal, timed from the fork
# to the moment the bottom row of its first frame (the footer, "● following live") has been written, then
# quit with q. Covers process start, reading and validating (or importing) the programme, the
# App's caches, terminal set-up and the first draw: what a user waits for after pressing Enter.
#
#   scripts/first-frame.sh [--runs N] [--size COLSxROWS] [--no-build] [FILE...]
#
# Defaults: 15 runs at 120x40, on the bundled day, and on the FOSDEM 2025 schedule (XML as
# published, and converted to deroule YAML by `deroule import`) when ../shared/data/real/ exists.
# Prints the median and the fastest run of each. Needs Linux and Python 3 (pty, select, os).
set -euo pipefail
cd "$(dirname "$0")/.."

runs=15
size=120x40
build=1
files=()
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --size) size=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    -*) echo "first-frame.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) files+=("$1"); shift ;;
  esac
done
if [ "$build" = 1 ]; then
  cargo build --release --quiet
fi
target=${CARGO_TARGET_DIR:-target}
bin=$target/release/deroule
if [ ${#files[@]} -eq 0 ]; then
  files=(data/bluehats-2022-07-01.yaml)
  real=../shared/data/real/fosdem-2025.xml
  if [ -f "$real" ]; then
    converted=$target/fosdem-2025.yaml
    "$bin" import "$real" >"$converted" 2>/dev/null
    files+=("$real" "$converted")
  else
    echo "first-frame.sh: $real is absent: timing the bundled day only" >&2
  fi
fi

SCRIPTS=$PWD/scripts python3 - "$bin" "$runs" "$size" "${files[@]}" <<'PY'
import os, statistics, sys
sys.path.insert(0, os.environ["SCRIPTS"])
from ptyframe import first_frame

binary, runs, size, files = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4:]
cols, rows = (int(n) for n in size.split("x"))
MARK = b"following live"  # the last words of the footer, the bottom row

env = dict(os.environ, TZ="UTC", LANG="C.UTF-8", TERM="xterm-256color")
env.pop("NO_COLOR", None)

def once(path):
    # A fixed moment keeps the clock frozen so no second ticks in between; the first frame is
    # drawn whatever the time.
    argv = [binary, path, "--lang", "en", "--at", "2025-02-01 11:00"]
    return first_frame(argv, env, MARK, cols=cols, rows=rows)

print(f"| file | median | fastest | runs |")
print(f"|---|---:|---:|---:|")
for path in files:
    times = [once(path) for _ in range(runs)]
    print(f"| `{os.path.basename(path)}` | {statistics.median(times) * 1000:.1f} ms | "
          f"{min(times) * 1000:.1f} ms | {runs} |")
PY
