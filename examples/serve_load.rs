//! A load client for `deroule serve` on loopback (run by `scripts/load.sh`, which also measures
//! the server's CPU and memory).
//!
//!   serve_load poll   ADDR LIVE PROGRAMME [--clients N] [--seconds S] [--every S] [--change S]
//!                     [--path /live.yaml]
//!   serve_load events ADDR LIVE PROGRAMME [--clients N] [--changes K]
//!
//! `poll`: N clients, each on its own kept-alive connection, ask for `/live.yaml` every `--every`
//! seconds (2) with `If-None-Match`, starting at random offsets, for `--seconds` (60); the live
//! record changes every `--change` seconds (15; 0: never), as a facilitator's key would. Prints
//! requests/s, latency p50/p99/max and the share of 304s.
//!
//! `events`: N `/events` subscribers; once all are connected, the record changes `--changes`
//! times (5), 3 s apart; for each change, the time from the file's rename to each subscriber
//! reading its event: p50, p99 (the time by which 99 % had it) and max.
//!
//! Bounded: at most 20 000 clients, 600 s; loopback addresses only.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use deroule::live::{Entry, Kind, Record};
use deroule::model::Programme;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio::sync::Mutex;

type Failure = Box<dyn std::error::Error + Send + Sync>;

struct Args {
    mode: String,
    addr: SocketAddr,
    live: PathBuf,
    programme: Programme,
    clients: usize,
    seconds: u64,
    every: f64,
    change: f64,
    changes: usize,
    /// What the pollers ask for (`/live.yaml`).
    path: String,
}

fn args() -> Result<Args, Failure> {
    let raw: Vec<String> = std::env::args().skip(1).collect();
    if raw.len() < 4 {
        return Err("usage: serve_load poll|events ADDR LIVE PROGRAMME [options]".into());
    }
    let addr: SocketAddr = raw[1].parse()?;
    if !addr.ip().is_loopback() {
        return Err("loopback addresses only".into());
    }
    let programme = deroule::import::open(Path::new(&raw[3]))?;
    let mut a = Args {
        mode: raw[0].clone(),
        addr,
        live: PathBuf::from(&raw[2]),
        programme,
        clients: 2000,
        seconds: 60,
        every: 2.0,
        change: 15.0,
        changes: 5,
        path: "/live.yaml".into(),
    };
    let mut rest = raw[4..].iter();
    while let Some(flag) = rest.next() {
        let value = rest.next().ok_or("a value after each option")?;
        match flag.as_str() {
            "--clients" => a.clients = value.parse::<usize>()?.min(20_000),
            "--seconds" => a.seconds = value.parse::<u64>()?.min(600),
            "--every" => a.every = value.parse()?,
            "--change" => a.change = value.parse()?,
            "--changes" => a.changes = value.parse::<usize>()?.min(100),
            "--path" if value.starts_with('/') => a.path.clone_from(value),
            other => return Err(format!("unknown option {other}").into()),
        }
    }
    Ok(a)
}

/// The facilitator's key: one more minute on the first item, saved as `facilitate` saves it.
fn change_record(live: &Path, programme: &Programme) -> Result<(), Failure> {
    let now = chrono::Utc::now();
    let mut record = Record::read(live, programme)?.unwrap_or_else(|| Record::new(programme, now));
    let first = programme.items().next().ok_or("an empty programme")?;
    record.actions.push(Entry {
        at: now,
        action: Kind::Adjust,
        item: deroule::live::key(programme, first),
        ended: None,
        minutes: Some(1),
    });
    record.save(live)?;
    Ok(())
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// Reads one response (headers, then `Content-Length` bytes): its status and `ETag`.
async fn response(reader: &mut BufReader<TcpStream>) -> Result<(u16, Option<String>), Failure> {
    let mut line = String::new();
    reader.read_line(&mut line).await?;
    let status: u16 = line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or("no status line")?;
    let mut length = 0usize;
    let mut etag = None;
    loop {
        line.clear();
        if reader.read_line(&mut line).await? == 0 {
            return Err("closed".into());
        }
        let trimmed = line.trim_end();
        if trimmed.is_empty() {
            break;
        }
        if let Some((k, v)) = trimmed.split_once(':') {
            if k.eq_ignore_ascii_case("content-length") {
                length = v.trim().parse()?;
            } else if k.eq_ignore_ascii_case("etag") {
                etag = Some(v.trim().to_owned());
            }
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).await?;
    Ok((status, etag))
}

#[derive(Default)]
struct Tally {
    latencies: Vec<Duration>,
    ok: usize,
    not_modified: usize,
    errors: usize,
}

async fn poller(
    addr: SocketAddr,
    path: Arc<str>,
    start: Instant,
    end: Instant,
    every: Duration,
    tally: Arc<Mutex<Tally>>,
) {
    let mut mine = Tally::default();
    let mut etag: Option<String> = None;
    let mut conn: Option<BufReader<TcpStream>> = None;
    let mut next = start;
    while next < end {
        tokio::time::sleep_until(next.into()).await;
        next += every;
        if conn.is_none() {
            match TcpStream::connect(addr).await {
                Ok(s) => conn = Some(BufReader::new(s)),
                Err(_) => {
                    mine.errors += 1;
                    continue;
                }
            }
        }
        let Some(c) = conn.as_mut() else { continue };
        let mut request =
            format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nAccept-Encoding: gzip\r\n");
        if let Some(tag) = &etag {
            request.push_str("If-None-Match: ");
            request.push_str(tag);
            request.push_str("\r\n");
        }
        request.push_str("\r\n");
        let sent = Instant::now();
        let outcome = async {
            c.get_mut().write_all(request.as_bytes()).await?;
            response(c).await
        }
        .await;
        match outcome {
            Ok((status, tag)) => {
                mine.latencies.push(sent.elapsed());
                match status {
                    200 => mine.ok += 1,
                    304 => mine.not_modified += 1,
                    _ => mine.errors += 1,
                }
                if tag.is_some() {
                    etag = tag;
                }
            }
            Err(_) => {
                mine.errors += 1;
                conn = None;
            }
        }
    }
    let mut all = tally.lock().await;
    all.latencies.append(&mut mine.latencies);
    all.ok += mine.ok;
    all.not_modified += mine.not_modified;
    all.errors += mine.errors;
}

async fn poll(a: Args) -> Result<(), Failure> {
    let tally = Arc::new(Mutex::new(Tally::default()));
    let every = Duration::from_secs_f64(a.every);
    let begin = Instant::now() + Duration::from_millis(200);
    let end = begin + Duration::from_secs(a.seconds);
    let mut tasks = Vec::new();
    let path: Arc<str> = a.path.as_str().into();
    for i in 0..a.clients {
        // Spread evenly over one period, as attendees opening the page at random moments.
        let offset = every.mul_f64(i as f64 / a.clients as f64);
        tasks.push(tokio::spawn(poller(
            a.addr,
            Arc::clone(&path),
            begin + offset,
            end,
            every,
            Arc::clone(&tally),
        )));
    }
    if a.change > 0.0 {
        let (live, programme, change) = (a.live.clone(), a.programme.clone(), a.change);
        tokio::spawn(async move {
            let mut at = begin + Duration::from_secs_f64(change);
            while at < end {
                tokio::time::sleep_until(at.into()).await;
                if let Err(e) = change_record(&live, &programme) {
                    eprintln!("serve_load: {e}");
                }
                at += Duration::from_secs_f64(change);
            }
        });
    }
    for t in tasks {
        t.await?;
    }
    let elapsed = begin.elapsed().as_secs_f64();
    let mut t = tally.lock().await;
    t.latencies.sort();
    let answered = t.ok + t.not_modified;
    println!(
        "poll {}: {} clients every {}s for {}s: {} requests ({:.0}/s), {} × 200, {} × 304 ({:.1} %), {} errors; latency p50 {}, p99 {}, max {}",
        a.path,
        a.clients,
        a.every,
        a.seconds,
        answered,
        answered as f64 / elapsed.max(f64::EPSILON),
        t.ok,
        t.not_modified,
        100.0 * t.not_modified as f64 / answered.max(1) as f64,
        t.errors,
        ms(percentile(&t.latencies, 0.5)),
        ms(percentile(&t.latencies, 0.99)),
        ms(t.latencies.last().copied().unwrap_or_default()),
    );
    Ok(())
}

/// One subscriber: connects, waits for the stream to start, then reports the instant each
/// `change` event arrives.
async fn subscriber(
    addr: SocketAddr,
    ready: tokio::sync::mpsc::Sender<()>,
    heard: tokio::sync::mpsc::UnboundedSender<Instant>,
) -> Result<(), Failure> {
    let stream = TcpStream::connect(addr).await?;
    let mut reader = BufReader::new(stream);
    reader
        .get_mut()
        .write_all(format!("GET /events HTTP/1.1\r\nHost: {addr}\r\n\r\n").as_bytes())
        .await?;
    let mut line = String::new();
    let mut started = false;
    loop {
        line.clear();
        if reader.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        if !started && line.contains("retry:") {
            started = true;
            let _ = ready.send(()).await;
        } else if line.starts_with("event: change") {
            let _ = heard.send(Instant::now());
        }
    }
}

async fn events(a: Args) -> Result<(), Failure> {
    let (ready_tx, mut ready_rx) = tokio::sync::mpsc::channel(a.clients.max(1));
    let (heard_tx, mut heard_rx) = tokio::sync::mpsc::unbounded_channel();
    let connecting = Instant::now();
    for _ in 0..a.clients {
        let (r, h) = (ready_tx.clone(), heard_tx.clone());
        let addr = a.addr;
        tokio::spawn(async move {
            if let Err(e) = subscriber(addr, r, h).await {
                eprintln!("serve_load: subscriber: {e}");
            }
        });
    }
    drop(ready_tx);
    let mut connected = 0;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    while connected < a.clients {
        match tokio::time::timeout_at(deadline, ready_rx.recv()).await {
            Ok(Some(())) => connected += 1,
            _ => break,
        }
    }
    println!(
        "events: {connected} of {} subscribers connected in {}",
        a.clients,
        ms(connecting.elapsed())
    );
    for round in 1..=a.changes {
        tokio::time::sleep(Duration::from_secs(3)).await;
        while heard_rx.try_recv().is_ok() {}
        let written = Instant::now();
        change_record(&a.live, &a.programme)?;
        let mut delays = Vec::with_capacity(connected);
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        while delays.len() < connected {
            match tokio::time::timeout_at(deadline, heard_rx.recv()).await {
                Ok(Some(at)) => delays.push(at.saturating_duration_since(written)),
                _ => break,
            }
        }
        delays.sort();
        println!(
            "events: change {round}: {} of {connected} heard it; first {}, p50 {}, 99 % by {}, max {}",
            delays.len(),
            ms(delays.first().copied().unwrap_or_default()),
            ms(percentile(&delays, 0.5)),
            ms(percentile(&delays, 0.99)),
            ms(delays.last().copied().unwrap_or_default()),
        );
    }
    Ok(())
}

fn main() -> Result<(), Failure> {
    let a = args()?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()?;
    match a.mode.as_str() {
        "poll" => runtime.block_on(poll(a)),
        "events" => runtime.block_on(events(a)),
        other => Err(format!("unknown mode {other}: poll or events").into()),
    }
}
