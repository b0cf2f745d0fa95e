#!/usr/bin/env bash
# What an idle deroule costs: the release binary in a pseudo-terminal, the clock ticking, nobody
# touching a key. Reports CPU time (/proc/PID/stat), wake-ups (voluntary + involuntary context
# switches of every thread, /proc/PID/task/*/status), bytes written to the terminal (read from the
# pty master) and peak memory, for the measured window after a short start-up.
#
#   scripts/idle-cost.sh [--duration SECONDS] [--startup SECONDS] [--size COLSxROWS]
#                        [--no-build] [-- DEROULE ARGS...]
#
# Defaults: 60 s measured after 2 s of start-up, 120x40, and the bundled day replayed from
# 11:05 at real speed (`--at "2022-07-01 11:05" --speed 1`): the same screen on every run, with
# the seconds ticking. Other programmes or clocks go after `--`, e.g.
#   scripts/idle-cost.sh --duration 20 -- --today
#   scripts/idle-cost.sh -- big.yaml --at "2031-07-11 12:00" --speed 1
# Needs Linux (/proc) and Python 3 (pty, select, os).
set -euo pipefail
cd "$(dirname "$0")/.."

duration=60
startup=2
size=120x40
build=1
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration=$2; shift 2 ;;
    --startup) startup=$2; shift 2 ;;
    --size) size=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    --) shift; args=("$@"); break ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "idle-cost.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
if [ ${#args[@]} -eq 0 ]; then
  args=(--at "2022-07-01 11:05" --speed 1)
fi
if [ "$build" = 1 ]; then
  cargo build --release --quiet
fi
bin=${CARGO_TARGET_DIR:-target}/release/deroule

exec python3 - "$bin" "$duration" "$startup" "$size" "${args[@]}" <<'PY'
import fcntl, os, pty, select, signal, struct, sys, termios, time

binary, duration, startup, size, *args = sys.argv[1:]
duration, startup = float(duration), float(startup)
cols, rows = (int(n) for n in size.lower().split("x"))
tick = os.sysconf("SC_CLK_TCK")

master, slave = pty.openpty()
fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
env = dict(os.environ, TERM="xterm-256color", LANG="C.UTF-8", TZ="Europe/Paris")
env.pop("NO_COLOR", None)
pid = os.fork()
if pid == 0:
    os.setsid()
    os.close(master)
    fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
    for fd in (0, 1, 2):
        os.dup2(slave, fd)
    os.close(slave)
    os.execve(binary, [binary, *args], env)
os.close(slave)


def cpu_seconds():
    """User + system time of the whole process (every thread), in seconds."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / tick  # utime, stime (fields 14 and 15)


def switches():
    """(voluntary, involuntary, threads) summed over every live thread."""
    vol = invol = threads = 0
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/status") as f:
                for line in f:
                    if line.startswith("voluntary_ctxt_switches:"):
                        vol += int(line.split()[1])
                    elif line.startswith("nonvoluntary_ctxt_switches:"):
                        invol += int(line.split()[1])
            threads += 1
        except FileNotFoundError:
            pass  # a thread that just ended
    return vol, invol, threads


def status_kib(field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


written = 0
bursts = 0  # writes more than 50 ms apart: about one per redraw
last_read = 0.0


def drain(until):
    """Reads the terminal until `until` (monotonic), counting bytes and answering queries."""
    global written, bursts, last_read
    while True:
        left = until - time.monotonic()
        if left <= 0:
            return True
        ready, _, _ = select.select([master], [], [], left)
        if not ready:
            continue
        try:
            data = os.read(master, 65536)
        except OSError:
            return False  # the child closed the terminal
        if not data:
            return False
        written += len(data)
        now = time.monotonic()
        if now - last_read > 0.05:
            bursts += 1
        last_read = now
        if b"\x1b[6n" in data:  # a cursor position query: answer as a terminal would
            os.write(master, b"\x1b[1;1R")


started = time.monotonic()
alive = drain(started + startup)
if not alive:
    os.waitpid(pid, 0)
    sys.exit(f"idle-cost: {binary} exited during start-up")
cpu0, (vol0, invol0, _), bytes0, t0 = cpu_seconds(), switches(), written, time.monotonic()
bursts0 = bursts
alive = drain(t0 + duration)
t1 = time.monotonic()
cpu1, (vol1, invol1, threads), bytes1 = cpu_seconds(), switches(), written
peak_rss, rss = status_kib("VmHWM"), status_kib("VmRSS")

os.write(master, b"q")
deadline = time.monotonic() + 5
code = None
while time.monotonic() < deadline:
    drain(time.monotonic() + 0.1)
    done, status = os.waitpid(pid, os.WNOHANG)
    if done:
        code = os.waitstatus_to_exitcode(status)
        break
if code is None:
    os.kill(pid, signal.SIGTERM)
    code = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])

span = t1 - t0
cpu, vol, invol, out = cpu1 - cpu0, vol1 - vol0, invol1 - invol0, bytes1 - bytes0
redraws = bursts - bursts0
print(f"deroule idle cost: {span:.1f} s measured after {startup:g} s of start-up, {cols}x{rows},")
print(f"  args: {' '.join(args)}")
print(f"  cpu time:      {cpu:.2f} s ({100 * cpu / span:.2f} % of one core; clock tick 1/{tick} s)")
print(f"  wake-ups:      {vol + invol} context switches, {(vol + invol) / span:.1f}/s "
      f"(voluntary {vol}, involuntary {invol}; {threads} threads)")
print(f"  terminal:      {out} bytes written, {out / span:.0f} B/s, in {redraws} redraws "
      f"({out / max(redraws, 1):.0f} B each; the start-up wrote {bytes0} bytes)")
print(f"  memory:        {rss / 1024:.1f} MiB resident at the end, peak {peak_rss / 1024:.1f} MiB "
      f"(VmRSS, VmHWM)")
print(f"  quit with q:   exit status {code}")
PY
