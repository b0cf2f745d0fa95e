#!/usr/bin/env bash
# `deroule serve` under load, on loopback: 2 000 attendees polling /live.yaml every 2 s with
# conditional GET for 60 s (requests/s, latency, share of 304, server CPU and peak RSS), then
# 2 000 /events subscribers (time from a record change to 99 % of them hearing it); between
# the two, a quarter as many clients polling the page itself (`/`, rendered per request).
#
#   scripts/load.sh [--clients N] [--seconds S] [--no-build]
#
# The server and the load client (examples/serve_load.rs) are release builds sharing this
# machine's cores. The live record changes every 15 s during the poll, as a facilitator's key
# would. Needs Linux (/proc). Bounded: at most 20 000 clients and 600 s.
set -euo pipefail
cd "$(dirname "$0")/.."

clients=2000
seconds=60
build=1
while [ $# -gt 0 ]; do
  case "$1" in
    --clients) clients=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "load.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
if [ "$build" = 1 ]; then
  cargo build --release --quiet --bin deroule --example serve_load
fi
ulimit -n "$(( clients * 2 + 1024 ))" 2>/dev/null || true

work=$(mktemp -d)
server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
cp data/bluehats-2022-07-01.yaml "$work/day.yaml"

ticks=$(getconf CLK_TCK)
cpu() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

start_server() {
  : > "$work/err"
  XDG_CACHE_HOME="$work/cache" target/release/deroule serve "$work/day.yaml" \
    --listen 127.0.0.1:0 2> "$work/err" &
  server_pid=$!
  for _ in $(seq 100); do
    addr=$(grep -o '127\.0\.0\.1:[0-9]*' "$work/err" | head -1 || true)
    [ -n "$addr" ] && break
    sleep 0.1
  done
  [ -n "$addr" ] || { echo "load.sh: the server did not start" >&2; cat "$work/err" >&2; exit 1; }
}

report_server() {
  local before=$1 wall=$2
  local after; after=$(cpu "$server_pid")
  local hwm; hwm=$(awk '/VmHWM/ { print $2 }' "/proc/$server_pid/status")
  awk -v b="$before" -v a="$after" -v t="$ticks" -v w="$wall" -v h="$hwm" 'BEGIN {
    s = (a - b) / t; printf "server: %.2f s CPU over %.0f s (%.1f %% of one core), peak RSS %.1f MiB\n", s, w, 100 * s / w, h / 1024 }'
}

echo "== poll: $clients clients, /live.yaml every 2 s, ${seconds} s"
start_server
before=$(cpu "$server_pid"); t0=$(date +%s.%N)
target/release/examples/serve_load poll "$addr" "$work/day.live.yaml" "$work/day.yaml" \
  --clients "$clients" --seconds "$seconds"
t1=$(date +%s.%N)
report_server "$before" "$(echo "$t1 - $t0" | bc)"
kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=

page_clients=$(( clients / 4 )); page_seconds=$(( seconds / 2 ))
echo "== page: $page_clients clients, / every 2 s, ${page_seconds} s (rendered per request)"
start_server
before=$(cpu "$server_pid"); t0=$(date +%s.%N)
target/release/examples/serve_load poll "$addr" "$work/day.live.yaml" "$work/day.yaml" \
  --clients "$page_clients" --seconds "$page_seconds" --path /
t1=$(date +%s.%N)
report_server "$before" "$(echo "$t1 - $t0" | bc)"
kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=

echo "== events: $clients subscribers"
rm -f "$work/day.live.yaml"
start_server
before=$(cpu "$server_pid"); t0=$(date +%s.%N)
target/release/examples/serve_load events "$addr" "$work/day.live.yaml" "$work/day.yaml" \
  --clients "$clients" --changes 5
t1=$(date +%s.%N)
report_server "$before" "$(echo "$t1 - $t0" | bc)"
