//! The real binary in a real pseudo-terminal: a session whose output is drained on a thread into
//! a vt100 parser; every wait is for a condition on the screen (with a deadline).

use std::io::{Read, Write};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};

pub const DEADLINE: Duration = Duration::from_secs(20);

pub struct Session {
    _data: tempfile::TempDir,
    pub parser: vt100::Parser,
    pub output: Receiver<Vec<u8>>,
    pub raw: Vec<u8>,
    pub writer: Box<dyn Write + Send>,
    pub master: Box<dyn MasterPty + Send>,
    pub child: Box<dyn Child + Send + Sync>,
    pub closed: bool,
}

impl Session {
    pub fn start(args: &[&str], cols: u16, rows: u16) -> Session {
        Self::start_with_env(args, cols, rows, &[])
    }

    pub fn start_with_env(args: &[&str], cols: u16, rows: u16, env: &[(&str, &str)]) -> Session {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_deroule"));
        cmd.args(args);
        cmd.env("TZ", "Europe/Paris");
        cmd.env("LANG", "C.UTF-8");
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("NO_COLOR");
        // The cache of validated programmes goes to a folder of this test run, not the user's.
        cmd.env(
            "XDG_CACHE_HOME",
            std::env::temp_dir().join(format!("deroule-tests-{}", std::process::id())),
        );
        // Favourites and first-use markers in a folder of this session only: every session
        // opens its programme for the first time (the kinds' legend shows), whatever ran before.
        let data = tempfile::tempdir().expect("tempdir");
        cmd.env("XDG_DATA_HOME", data.path());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pty.slave.spawn_command(cmd).expect("spawn deroule");
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().expect("reader");
        let writer = pty.master.take_writer().expect("writer");
        let (tx, rx) = channel();
        thread::spawn(move || {
            let mut buf = [0u8; 8192];
            loop {
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => return,
                    Ok(n) => {
                        if tx.send(buf[..n].to_vec()).is_err() {
                            return;
                        }
                    }
                }
            }
        });
        Session {
            _data: data,
            parser: vt100::Parser::new(rows, cols, 0),
            output: rx,
            raw: Vec::new(),
            writer,
            master: pty.master,
            child,
            closed: false,
        }
    }

    pub fn pump(&mut self, wait: Duration) {
        match self.output.recv_timeout(wait) {
            Ok(bytes) => {
                self.parser.process(&bytes);
                self.raw.extend_from_slice(&bytes);
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => self.closed = true,
        }
    }

    pub fn screen(&self) -> String {
        self.parser.screen().contents()
    }

    /// Waits until the screen satisfies `ok`; panics with the screen after the deadline.
    pub fn wait_for(&mut self, what: &str, ok: impl Fn(&vt100::Screen) -> bool) {
        let end = Instant::now() + DEADLINE;
        while !ok(self.parser.screen()) {
            assert!(
                Instant::now() < end && !self.closed,
                "timed out waiting for {what}; screen:\n{}",
                self.screen()
            );
            self.pump(Duration::from_millis(100));
        }
    }

    pub fn wait_text(&mut self, text: &str) {
        let t = text.to_owned();
        self.wait_for(text, move |s| s.contents().contains(&t));
    }

    pub fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).expect("write to pty");
        self.writer.flush().expect("flush pty");
    }

    /// Drains the output until the program exits; returns its status.
    pub fn wait_exit(&mut self) -> ExitStatus {
        let end = Instant::now() + DEADLINE;
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                // Take what is left in the pipe: until it closes or stays quiet.
                while !self.closed {
                    match self.output.recv_timeout(Duration::from_millis(300)) {
                        Ok(bytes) => {
                            self.parser.process(&bytes);
                            self.raw.extend_from_slice(&bytes);
                        }
                        Err(RecvTimeoutError::Timeout) => break,
                        Err(RecvTimeoutError::Disconnected) => self.closed = true,
                    }
                }
                return status;
            }
            assert!(
                Instant::now() < end,
                "did not exit; screen:\n{}",
                self.screen()
            );
            self.pump(Duration::from_millis(50));
        }
    }

    pub fn signal(&self, name: &str) {
        let pid = self.child.process_id().expect("pid");
        // The shell's own `kill`, so no procps package is needed.
        let status = std::process::Command::new("sh")
            .args(["-c", &format!("kill -{name} {pid}")])
            .status()
            .expect("run kill");
        assert!(status.success());
    }

    /// The terminal is given back: alternate screen and mouse capture left, cursor shown.
    pub fn assert_restored(&self) {
        assert!(
            !self.parser.screen().alternate_screen(),
            "still on the alternate screen"
        );
        let raw = String::from_utf8_lossy(&self.raw);
        let entered = raw
            .rfind("\u{1b}[?1049h")
            .expect("entered the alternate screen");
        let left = raw
            .rfind("\u{1b}[?1049l")
            .expect("left the alternate screen");
        assert!(left > entered);
        let mouse_off = raw.rfind("\u{1b}[?1000l").expect("mouse capture disabled");
        assert!(mouse_off > entered);
        assert!(!self.parser.screen().hide_cursor(), "cursor still hidden");
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

pub fn row_with(screen: &vt100::Screen, needles: &[&str]) -> Option<(u16, String)> {
    let (rows, cols) = screen.size();
    (0..rows).find_map(|r| {
        let text = screen.contents_between(r, 0, r, cols);
        needles
            .iter()
            .all(|n| text.contains(n))
            .then_some((r, text))
    })
}
