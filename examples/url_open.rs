//! How long opening a programme by URL takes (run by `scripts/url-open.sh`): a `deroule serve`
//! of a synthetic programme on loopback, in this process, and the client's three ways in:
//!
//! - **cold**: never seen (an empty cache): a full GET, the import validated, the copy kept;
//! - **warm**: seen before: a conditional GET answered 304, the validated programme from the
//!   cache;
//! - **offline**: seen before, no network: the copy alone (what `deroule URL` shows at once).
//!
//!   url_open [--items N] [--runs R]
//!
//! Prints the median and the slowest of R runs (20) of each, and the sizes involved. Loopback
//! only; bounded at 200 000 items and 1 000 runs.

use std::net::{SocketAddr, TcpListener};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use deroule::cache::Store;
use deroule::net::{Fetcher, Origin};

fn arg(name: &str, default: usize) -> usize {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn summary(label: &str, mut times: Vec<Duration>) {
    times.sort();
    let median = times[times.len() / 2];
    let worst = times[times.len() - 1];
    println!(
        "{label:8} median {:8.2} ms   slowest {:8.2} ms",
        median.as_secs_f64() * 1e3,
        worst.as_secs_f64() * 1e3
    );
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let items = arg("--items", 1000).clamp(10, 200_000);
    let runs = arg("--runs", 20).clamp(3, 1000);
    let dir = tempfile::tempdir()?;
    let file = dir.path().join("festival.yaml");
    let yaml = deroule::synthetic::yaml(deroule::synthetic::Shape::sized(items));
    std::fs::write(&file, &yaml)?;
    let programme = deroule::import::open(&file)?;

    let listener = TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))?;
    let addr = listener.local_addr()?;
    let options = deroule::serve::Options {
        programme,
        files: deroule::serve::Files {
            live: dir.path().join("festival.live.yaml"),
            programme: Some(file),
            room: None,
        },
        clock: Arc::new(deroule::clock::SystemClock::default()),
        pace: deroule::page::Pace::Live,
        lang: deroule::i18n::Lang::En,
        limits: deroule::serve::Limits::default(),
        verbose: false,
    };
    std::thread::spawn(move || deroule::serve::run(listener, options));
    let origin = Origin::of(&format!("http://{addr}/"))?;
    let fetcher = Fetcher::default();
    let now = || chrono::DateTime::<chrono::Utc>::from(SystemTime::now());
    // The server answers once it is up.
    let end = Instant::now() + Duration::from_secs(10);
    while fetcher
        .get(&origin.programme, &deroule::net::Validators::default())
        .is_err()
    {
        if Instant::now() > end {
            return Err("the server did not start".into());
        }
        std::thread::sleep(Duration::from_millis(20));
    }

    let (mut cold, mut warm, mut offline) = (Vec::new(), Vec::new(), Vec::new());
    let mut problems = Vec::new();
    let mut copy_bytes = 0;
    for run in 0..runs {
        let store = Store::new(dir.path().join(format!("cache-{run}")));
        let start = Instant::now();
        let first = deroule::net::open(&origin, &fetcher, Some(&store), now(), &mut problems)?;
        cold.push(start.elapsed());
        copy_bytes = first.copies.0.as_ref().map_or(0, |c| c.body.len());

        let start = Instant::now();
        let again = deroule::net::open(&origin, &fetcher, Some(&store), now(), &mut problems)?;
        warm.push(start.elapsed());
        assert_eq!(again.programme.days.len(), first.programme.days.len());

        let start = Instant::now();
        let cached = deroule::net::open_cached(&origin, &store).ok_or("no copy")?;
        offline.push(start.elapsed());
        assert_eq!(cached.programme.days.len(), first.programme.days.len());
    }
    println!(
        "{items} items, /programme.yaml {} KiB, {runs} runs, problems: {}",
        copy_bytes / 1024,
        problems.len()
    );
    summary("cold", cold);
    summary("warm", warm);
    summary("offline", offline);
    Ok(())
}
