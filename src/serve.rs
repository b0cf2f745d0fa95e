//! `deroule serve`: a read-only HTTP server of a programme, its live record and the attendee page.
//!
//! Three parts: [`follow`] reads the two files when they change and makes a [`Snapshot`] (every
//! served file with its validators and gzip form, built once per change); [`http`] answers each
//! request from the latest snapshot (no route reads a file); this module runs them: a thread
//! woken by changes in the files' folders ([`wake`]: inotify, else every half second), and a
//! small tokio runtime accepting connections.
//!
//! Limits: at most [`Limits::connections`] open connections (more are closed at once) and
//! [`Limits::subscribers`] `/events` streams (more get 503); request headers must arrive within
//! [`Limits::header_timeout`] (also the idle time of a kept-alive connection) and be under 16 KiB;
//! a client that stops reading is dropped after [`Limits::write_timeout`].

pub mod content;
pub mod follow;
pub mod http;
pub mod wake;

use std::convert::Infallible;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::AtomicUsize;
use std::time::{Duration, SystemTime};

use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::sync::{Semaphore, watch};
use tokio_io_timeout::TimeoutStream;

use crate::clock::Clock;
use crate::i18n::Lang;
use crate::model::Programme;
use crate::page::Pace;

pub use content::Snapshot;
pub use follow::{Files, Follower};

/// How often the files are looked at (a `stat` each) where their folders cannot be watched;
/// elsewhere a change wakes the follower at once ([`wake`]).
pub const POLL: Duration = Duration::from_millis(500);

#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub connections: usize,
    pub subscribers: usize,
    pub header_timeout: Duration,
    pub write_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            connections: 10_000,
            subscribers: 8_000,
            header_timeout: Duration::from_secs(10),
            write_timeout: Duration::from_secs(30),
        }
    }
}

/// What to serve and how.
pub struct Options {
    /// The programme, already loaded (and validated) from `files.programme`.
    pub programme: Programme,
    pub files: Files,
    pub clock: Arc<dyn Clock + Send + Sync>,
    pub pace: Pace,
    /// The page's language when a reader's browser names neither English nor French.
    pub lang: Lang,
    pub limits: Limits,
    /// Say on standard error what goes wrong (not under a full-screen view).
    pub verbose: bool,
}

/// The clock's pace as the page's script must follow it, from `--at` and `--speed`.
pub fn pace(at: bool, speed: Option<f64>) -> Pace {
    match speed {
        Some(0.0) => Pace::Frozen,
        None if at => Pace::Frozen,
        Some(s) if (s - 1.0).abs() > f64::EPSILON => Pace::Fast(s),
        _ => Pace::Live,
    }
}

/// Serves on `listener` until the process ends (blocking). Problems reading the files go to
/// standard error, each once, and the last good version stays served.
pub fn run(listener: std::net::TcpListener, options: Options) -> io::Result<()> {
    let started = SystemTime::now();
    let verbose = options.verbose;
    let say = move |text: &str| {
        if verbose {
            eprintln!("deroule serve: {text}");
        }
    };
    let wake = wake::Wake::new(&options.files.watched(), POLL);
    let (mut follower, problems) = Follower::new(options.files, options.programme, started);
    for problem in problems {
        say(&problem);
    }
    let (tx, rx) = watch::channel(Arc::new(follower.current().clone()));
    std::thread::Builder::new()
        .name("deroule-follow".into())
        .spawn(move || {
            while !tx.is_closed() && wake.wait(wake::FALLBACK) {
                let (changed, problems) = follower.poll();
                for problem in problems {
                    say(&problem);
                }
                if let Some(snapshot) = changed {
                    tx.send_replace(Arc::new(snapshot.clone()));
                }
            }
        })?;
    let (script, style) = content::assets(started);
    let shared = Arc::new(http::Shared {
        snapshot: rx,
        clock: options.clock,
        pace: options.pace,
        lang: options.lang,
        script,
        style,
        subscribers: AtomicUsize::new(0),
        max_subscribers: options.limits.subscribers,
    });
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get().clamp(1, 4));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(workers)
        .thread_name("deroule-serve")
        .enable_io()
        .enable_time()
        .build()?;
    listener.set_nonblocking(true)?;
    runtime.block_on(accept(listener, shared, options.limits, say))
}

async fn accept(
    listener: std::net::TcpListener,
    shared: Arc<http::Shared>,
    limits: Limits,
    say: impl Fn(&str),
) -> io::Result<()> {
    let listener = tokio::net::TcpListener::from_std(listener)?;
    let permits = Arc::new(Semaphore::new(limits.connections));
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(e) => {
                // Out of file descriptors, or a connection reset before it was taken: wait a
                // little rather than spin.
                say(&e.to_string());
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        let Ok(permit) = Arc::clone(&permits).try_acquire_owned() else {
            // Full: closed at once, the client retries later.
            drop(stream);
            continue;
        };
        let _ = stream.set_nodelay(true);
        let mut io = TimeoutStream::new(stream);
        io.set_write_timeout(Some(limits.write_timeout));
        let io = TokioIo::new(Box::pin(io));
        let shared = Arc::clone(&shared);
        tokio::spawn(async move {
            let service = service_fn(move |request| {
                let response = http::respond(&request, &shared);
                async move { Ok::<_, Infallible>(response) }
            });
            let _ = http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(limits.header_timeout)
                .max_buf_size(16 * 1024)
                .max_headers(64)
                .serve_connection(io, service)
                .await;
            drop(permit);
        });
    }
}

/// Binds `addr` (so a taken port is reported before anything else starts).
pub fn bind(addr: SocketAddr) -> io::Result<std::net::TcpListener> {
    std::net::TcpListener::bind(addr)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_ticks_as_the_clock_runs() {
        assert_eq!(pace(true, None), Pace::Frozen);
        assert_eq!(pace(false, Some(0.0)), Pace::Frozen);
        assert_eq!(pace(true, Some(60.0)), Pace::Fast(60.0));
        assert_eq!(pace(false, None), Pace::Live);
        assert_eq!(pace(true, Some(1.0)), Pace::Live);
    }
}
