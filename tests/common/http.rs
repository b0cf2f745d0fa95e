//! A small HTTP/1.1 server for tests of the client side, on 127.0.0.1:0: fixed answers per path
//! that a test changes as it goes, conditional GET by `ETag`, an optional delay before answering,
//! and every request's head kept for the test to read.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

/// What a path answers.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub body: Vec<u8>,
    pub etag: Option<String>,
    pub content_type: &'static str,
    pub max_age: Option<u32>,
}

impl Reply {
    /// 200 with `body`, tagged `etag`.
    pub fn ok(body: impl Into<Vec<u8>>, etag: &str) -> Reply {
        Reply {
            status: 200,
            body: body.into(),
            etag: Some(format!("\"{etag}\"")),
            content_type: "application/octet-stream",
            max_age: None,
        }
    }
}

#[derive(Default)]
struct Shared {
    routes: Mutex<HashMap<String, Reply>>,
    requests: Mutex<Vec<String>>,
    delay: Mutex<Duration>,
    stopped: AtomicBool,
}

pub struct Fixture {
    pub addr: SocketAddr,
    shared: Arc<Shared>,
    /// The thread that owns the listening socket; joined by [`Fixture::stop`].
    accepting: Mutex<Option<JoinHandle<()>>>,
}

impl Fixture {
    pub fn start() -> Fixture {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("address");
        let shared = Arc::new(Shared::default());
        let serving = Arc::clone(&shared);
        let accepting = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if serving.stopped.load(Ordering::SeqCst) {
                    return;
                }
                let Ok(stream) = stream else { continue };
                let shared = Arc::clone(&serving);
                std::thread::spawn(move || answer(stream, &shared));
            }
        });
        Fixture {
            addr,
            shared,
            accepting: Mutex::new(Some(accepting)),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub fn set(&self, path: &str, reply: Reply) {
        self.shared
            .routes
            .lock()
            .expect("lock")
            .insert(path.to_owned(), reply);
    }

    /// Answers wait this long from now on.
    pub fn slow(&self, delay: Duration) {
        *self.shared.delay.lock().expect("lock") = delay;
    }

    /// The heads of the requests so far, oldest first.
    pub fn requests(&self) -> Vec<String> {
        self.shared.requests.lock().expect("lock").clone()
    }

    /// Closes the listening socket: once this returns, new connections are refused.
    ///
    /// Waits for the accepting thread to drop the listener. Returning as soon as the flag is set
    /// left a window, widest under load, where a client's connection still reached the listener's
    /// backlog and was then reset when the listener closed: "closed before the answer was
    /// complete" instead of "connection refused".
    pub fn stop(&self) {
        self.shared.stopped.store(true, Ordering::SeqCst);
        let Some(accepting) = self.accepting.lock().expect("lock").take() else {
            return;
        };
        // Wakes the accepting thread, which sees the flag and returns, dropping the listener.
        let _ = TcpStream::connect(self.addr);
        let _ = accepting.join();
    }
}

impl Drop for Fixture {
    fn drop(&mut self) {
        self.stop();
    }
}

fn answer(mut stream: TcpStream, shared: &Shared) {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") && head.len() < 16 * 1024 {
        match stream.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => return,
        }
    }
    let head = String::from_utf8_lossy(&head).into_owned();
    if shared.stopped.load(Ordering::SeqCst) {
        return;
    }
    shared.requests.lock().expect("lock").push(head.clone());
    let delay = *shared.delay.lock().expect("lock");
    std::thread::sleep(delay);
    let path = head.split_whitespace().nth(1).unwrap_or("/").to_owned();
    let sent_tag = head.lines().find_map(|l| {
        let (name, value) = l.split_once(':')?;
        name.eq_ignore_ascii_case("if-none-match")
            .then(|| value.trim().to_owned())
    });
    let reply = shared.routes.lock().expect("lock").get(&path).cloned();
    let response = match reply {
        None => {
            b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_vec()
        }
        Some(r) if r.etag.is_some() && r.etag == sent_tag => format!(
            "HTTP/1.1 304 Not Modified\r\nETag: {}\r\nConnection: close\r\n\r\n",
            r.etag.unwrap_or_default()
        )
        .into_bytes(),
        Some(r) => {
            let mut out = format!(
                "HTTP/1.1 {} X\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: close\r\n",
                r.status,
                r.content_type,
                r.body.len()
            );
            if let Some(tag) = &r.etag {
                let _ = write!(out, "ETag: {tag}\r\n");
            }
            if let Some(age) = r.max_age {
                let _ = write!(out, "Cache-Control: public, max-age={age}\r\n");
            }
            out.push_str("\r\n");
            let mut bytes = out.into_bytes();
            bytes.extend_from_slice(&r.body);
            bytes
        }
    };
    let _ = stream.write_all(&response);
    let _ = stream.flush();
}
