#!/usr/bin/env bash
# deroule beside calcurse, in one run on one machine, as ratios (issue #18's targets).
#
#   scripts/vs-calcurse.sh [--runs N] [--no-build]
#
# Installs calcurse (Debian package) if it is missing, builds deroule in release, gives calcurse
# FOSDEM 2025 as an iCalendar (`deroule export --ics`, then `calcurse -i` into a private folder),
# and measures, each as the median of N runs:
#   - CPU (user + system, from wait4) of one day's agenda, deroule with a warm cache, without it,
#     and `calcurse -Q --from … --days 1`;
#   - CPU of `deroule now` on the bundled day, warm and without cache, beside calcurse's `-Q` of one day;
#   - spawn to first frame settled in a 120x40 pty: deroule on FOSDEM's XML and on its deroule
#     YAML conversion (warm cache), and calcurse's calendar screen;
#   - peak RSS (from wait4) of `deroule now` on FOSDEM, beside calcurse's `-Q` of one day.
# deroule's cache lives in a temporary XDG_CACHE_HOME; nothing of the user's is touched.
# Needs Linux, Python 3, ../shared/data/real/fosdem-2025.xml.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=20
build=1
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "vs-calcurse.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
real=../shared/data/real/fosdem-2025.xml
if [ ! -f "$real" ]; then
  echo "vs-calcurse.sh: $real is absent: nothing to compare" >&2
  exit 0
fi
if ! command -v calcurse >/dev/null; then
  apt-get install -y -q calcurse >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q calcurse >/dev/null; }
fi
if [ "$build" = 1 ]; then
  cargo build --release --quiet
fi
target=${CARGO_TARGET_DIR:-target}
bin=$(realpath "$target/release/deroule")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin" export --ics "$real" >"$work/fosdem.ics" 2>/dev/null
"$bin" import "$real" >"$work/fosdem.yaml" 2>/dev/null
calcurse -D "$work/calcurse" -i "$work/fosdem.ics" >/dev/null 2>&1

SCRIPTS=$PWD/scripts python3 - "$bin" "$runs" "$work" "$(realpath "$real")" "$(realpath data/bluehats-2022-07-01.yaml)" <<'PY'
import os, statistics, sys, time
sys.path.insert(0, os.environ["SCRIPTS"])
from ptyframe import first_frame

binary, runs, work, xml, bundled = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
yaml = os.path.join(work, "fosdem.yaml")
env = dict(os.environ, TZ="UTC", LANG="C.UTF-8", TERM="xterm-256color",
           XDG_CACHE_HOME=os.path.join(work, "cache"), HOME=work)
env.pop("NO_COLOR", None)
calcurse = ["calcurse", "-D", os.path.join(work, "calcurse")]

def run(argv):
    """CPU seconds (user + system) and peak RSS (MB) of one run, its output thrown away."""
    pid = os.fork()
    if pid == 0:
        fd = os.open(os.devnull, os.O_WRONLY)
        os.dup2(fd, 1); os.dup2(fd, 2)
        os.execvpe(argv[0], argv, env)
    _, status, usage = os.wait4(pid, 0)
    if status != 0:
        raise SystemExit(f"vs-calcurse.sh: {argv} failed ({status})")
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024 / 1e6

def median_cpu(argv):
    run(argv)  # warms the page cache and, for deroule, its programme cache
    return statistics.median(run(argv)[0] for _ in range(runs)) * 1000

def median_rss(argv):
    run(argv)
    return statistics.median(run(argv)[1] for _ in range(runs))

def median_frame(argv, mark, keys=b"q", kill=False):
    frame = lambda: first_frame(argv, env, mark, keys=keys, kill=kill)
    frame()
    return statistics.median(frame() for _ in range(runs)) * 1000

rows = []
cc_day = median_cpu(calcurse + ["-Q", "--from", "02/01/2025", "--days", "1"])
agenda = [binary, "agenda", xml, "--day", "2025-02-01"]
rows.append(("one FOSDEM day's agenda, CPU", median_cpu(agenda), median_cpu(agenda + ["--no-cache"]), cc_day))
now = [binary, "now", bundled, "--at", "2022-07-01 11:00"]
cc_bundled = median_cpu(calcurse + ["-Q", "--from", "07/01/2022", "--days", "1"])
rows.append(("`now` on the bundled day, CPU", median_cpu(now), median_cpu(now + ["--no-cache"]), cc_bundled))
now_fosdem = [binary, "now", xml, "--at", "2025-02-01 11:00"]
rss = (median_rss(now_fosdem), median_rss(now_fosdem + ["--no-cache"]),
       median_rss(calcurse + ["-Q", "--from", "02/01/2025", "--days", "1"]))
cc_frame = median_frame(calcurse, b"OtherCmd", kill=True)  # calcurse asks before quitting
# A source changed within SETTLED (3 s) of its cache entry is hashed, not trusted by its identity:
# let the YAML written above settle, as any programme file on disk would have.
time.sleep(max(0.0, 3.5 - (time.time() - os.stat(yaml).st_ctime)))
for name, path in (("XML", xml), ("YAML", yaml)):
    argv = [binary, path, "--lang", "en", "--at", "2025-02-01 11:00"]
    rows.append((f"first frame, FOSDEM {name}, 120x40 pty", median_frame(argv, b"following live"),
                 median_frame(argv + ["--no-cache"], b"following live"), cc_frame))

print(f"{runs} runs each, medians; deroule with a warm cache, and without it (--no-cache)\n")
print("| | deroule (cache) | deroule (--no-cache) | calcurse | ratio (cache) |")
print("|---|---:|---:|---:|---:|")
for name, warm, cold, cc in rows:
    print(f"| {name} | {warm:.1f} ms | {cold:.1f} ms | {cc:.1f} ms | {warm / cc:.2f}× |")
warm, cold, cc = rss
print(f"| peak RSS, `now` on FOSDEM (calcurse: one day's `-Q`) | {warm:.1f} MB | {cold:.1f} MB | {cc:.1f} MB | {warm / cc:.2f}× |")
PY
