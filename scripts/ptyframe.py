"""Spawn to first frame in a pseudo-terminal: shared by scripts/first-frame.sh and
scripts/vs-calcurse.sh. Linux only (pty, select, os)."""
import fcntl, os, pty, select, signal, struct, termios, time


def first_frame(argv, env, mark, cols=120, rows=40, keys=b"q", kill=False):
    """Seconds from the fork to the moment `mark` (a program's last row) has been written in a
    cols x rows pty; then `keys` are typed, and the program is ended with SIGTERM if `kill`
    (for a program that asks before quitting)."""
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        # The size is set by the child on its own terminal, before the program can ask for it.
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        os.execvpe(argv[0], argv, env)
    seen, elapsed = b"", None
    while elapsed is None:
        ready, _, _ = select.select([fd], [], [], 10)
        if not ready:
            raise SystemExit(f"no frame after 10 s for {argv}")
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            raise SystemExit(f"{argv} exited before drawing")
        seen = seen[-64:] + chunk
        if mark in seen:
            elapsed = time.perf_counter() - start
    os.write(fd, keys)
    if kill:
        time.sleep(0.05)
        os.kill(pid, signal.SIGTERM)
    while True:
        try:
            if not os.read(fd, 65536):
                break
        except OSError:
            break
    os.waitpid(pid, 0)
    os.close(fd)
    return elapsed
