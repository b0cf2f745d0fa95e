//! The background follower of a viewer opened by URL: a thread that GETs the programme and the
//! live state again when they are due, conditionally, and hands what changed to the view's loop
//! as [`Change`]s over a channel. The screen never waits for the network.
//!
//! When a resource is due follows [`Cadence`]: the server's `Cache-Control: max-age` within
//! bounds (live state at least every 2 s… at most every minute; programme 60 s… 1 h), and on
//! failure a jittered exponential back-off. A body the server re-sends unchanged (no 304) is told
//! by its content and changes nothing. A garbage or oversized answer keeps the last good version
//! (and its validators, so the next GET is full); no answer at all makes the viewer offline until
//! the next good one.
//!
//! A `deroule serve` root also offers `/events` (Server-Sent Events): while that stream is open,
//! each event makes both resources due at once and the live state is polled at its ceiling only;
//! where there is none (a static host), polling is all.

use std::io::BufRead as _;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::Duration;

use crate::cache::Store;
use crate::clock::{Clock, SystemClock};
use crate::live::state::State;
use crate::reload::Change;

use super::{Copy, FetchError, Fetched, Fetcher, Snapshot, live_state};

/// When a resource is fetched again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cadence {
    /// Never more often than this, whatever the server says.
    pub floor: Duration,
    /// When the server says nothing (`Cache-Control` without `max-age`).
    pub usual: Duration,
    /// Never less often than this while answers come; also the longest back-off.
    pub ceiling: Duration,
    failures: u32,
}

impl Cadence {
    /// The live state: a facilitator's key reaches the viewer within seconds.
    pub const LIVE: Cadence = Cadence::new(2, 10, 60);
    /// The programme: edited during the event, far less often.
    pub const PROGRAMME: Cadence = Cadence::new(60, 300, 3600);

    const fn new(floor: u64, usual: u64, ceiling: u64) -> Cadence {
        Cadence::of(
            Duration::from_secs(floor),
            Duration::from_secs(usual),
            Duration::from_secs(ceiling),
        )
    }

    /// A cadence of its own (tests run it in milliseconds).
    pub const fn of(floor: Duration, usual: Duration, ceiling: Duration) -> Cadence {
        Cadence {
            floor,
            usual,
            ceiling,
            failures: 0,
        }
    }

    /// The wait after an answer that said `max_age` (seconds).
    pub fn after_answer(&mut self, max_age: Option<u64>) -> Duration {
        self.failures = 0;
        max_age
            .map_or(self.usual, Duration::from_secs)
            .clamp(self.floor, self.ceiling)
    }

    /// The wait after a failure: the floor doubled for each failure in a row, up to the
    /// ceiling, times a jitter from 0.75 to 1.25 (`unit` is uniform in [0, 1)), so viewers
    /// cut off together do not all come back in the same second.
    pub fn after_failure(&mut self, unit: f64) -> Duration {
        self.failures = self.failures.saturating_add(1);
        let doubled = self
            .floor
            .saturating_mul(1 << (self.failures - 1).min(16))
            .min(self.ceiling);
        doubled.mul_f64(0.75 + 0.5 * unit.clamp(0.0, 1.0))
    }
}

/// One followed URL.
struct Followed {
    url: String,
    copy: Option<Copy>,
    cadence: Cadence,
    due: std::time::Instant,
    /// The `checked` of the copy last written to the cache.
    saved: i64,
}

/// A copy confirmed again (a 304) is written back at most this often (seconds): only its
/// `checked` time changed, and a programme can weigh megabytes.
const RESAVE_AFTER: i64 = 60;

impl Followed {
    /// Keeps the copy in the cache when it is new, or when its confirmation is worth saying.
    fn save(&mut self, store: Option<&Store>) {
        let (Some(store), Some(copy)) = (store, &self.copy) else {
            return;
        };
        if copy.checked >= self.saved + RESAVE_AFTER || copy.checked < self.saved {
            copy.save(store, &self.url);
            self.saved = copy.checked;
        }
    }
}

/// What a GET came to.
enum Outcome {
    /// Nothing new (a 304, or the same bytes again).
    Same,
    New(Copy),
    /// An answer that is no use: the last good version stays.
    Refused(String),
    Unreachable(String),
}

impl Followed {
    fn poll(&mut self, fetcher: &Fetcher, now: i64) -> Outcome {
        let validators = self
            .copy
            .as_ref()
            .map(|c| c.validators.clone())
            .unwrap_or_default();
        let (outcome, wait) = match fetcher.get(&self.url, &validators) {
            Ok(Fetched::NotModified { max_age }) if self.copy.is_some() => {
                (Outcome::Same, self.cadence.after_answer(max_age))
            }
            Ok(Fetched::NotModified { max_age }) => (
                Outcome::Refused(format!("{}: 304 to an unconditional GET", self.url)),
                self.cadence.after_answer(max_age),
            ),
            Ok(Fetched::Body {
                body,
                validators,
                max_age,
                ..
            }) => {
                let wait = self.cadence.after_answer(max_age);
                let same = self.copy.as_ref().is_some_and(|c| c.body == body);
                let copy = Copy {
                    validators,
                    body,
                    checked: now,
                };
                if same {
                    self.copy = Some(copy);
                    (Outcome::Same, wait)
                } else {
                    (Outcome::New(copy), wait)
                }
            }
            Err(FetchError {
                unreachable: true,
                url,
                reason,
                ..
            }) => (
                Outcome::Unreachable(format!("{url}: {reason}")),
                self.cadence.after_failure(fastrand::f64()),
            ),
            Err(e) => (
                Outcome::Refused(e.to_string()),
                self.cadence.after_failure(fastrand::f64()),
            ),
        };
        if matches!(outcome, Outcome::Same)
            && let Some(copy) = &mut self.copy
        {
            copy.checked = now;
        }
        self.due = std::time::Instant::now() + wait;
        outcome
    }
}

/// How a follower runs: its client, where it keeps copies, and when it asks.
#[derive(Debug, Clone)]
pub struct Follow {
    pub fetcher: Fetcher,
    pub store: Option<Store>,
    pub programme: Cadence,
    pub live: Cadence,
    /// Ask at once (the snapshot came from the copies), rather than after each cadence's floor.
    pub at_once: bool,
}

impl Follow {
    /// The usual cadences.
    pub fn new(fetcher: Fetcher, store: Option<Store>, at_once: bool) -> Follow {
        Follow {
            fetcher,
            store,
            programme: Cadence::PROGRAMME,
            live: Cadence::LIVE,
            at_once,
        }
    }

    /// Starts following what `snapshot` was opened from; the changes come on the returned
    /// channel. The thread ends when the receiver is gone.
    pub fn start(self, snapshot: &Snapshot) -> Receiver<Change> {
        let (tx, rx) = channel();
        let start = std::time::Instant::now();
        let first = |cadence: Cadence| {
            if self.at_once {
                start
            } else {
                start + cadence.floor
            }
        };
        let programme = Followed {
            url: snapshot.origin.programme.clone(),
            copy: snapshot.copies.0.clone(),
            cadence: self.programme,
            due: first(self.programme),
            saved: snapshot.copies.0.as_ref().map_or(0, |c| c.checked),
        };
        let live = snapshot.origin.live.as_ref().map(|url| Followed {
            url: url.clone(),
            copy: snapshot.copies.1.clone(),
            cadence: self.live,
            due: first(self.live),
            saved: snapshot.copies.1.as_ref().map_or(0, |c| c.checked),
        });
        // A `deroule serve` root offers `/events`: each change wakes the follower at once.
        let (wake_tx, wake_rx) = channel();
        let streaming = Arc::new(AtomicBool::new(false));
        if let Some(url) = snapshot
            .origin
            .live
            .as_deref()
            .and_then(|l| l.strip_suffix("live.yaml"))
        {
            let (url, fetcher, streaming) = (
                format!("{url}events"),
                self.fetcher.clone(),
                Arc::clone(&streaming),
            );
            let _ = std::thread::Builder::new()
                .name("deroule-events".into())
                .spawn(move || listen(&url, &fetcher, &wake_tx, &streaming));
        }
        let _ = std::thread::Builder::new()
            .name("deroule-remote".into())
            .spawn(move || {
                let wake = Wake {
                    events: Some(wake_rx),
                    streaming,
                };
                run(
                    programme,
                    live,
                    &self.fetcher,
                    self.store.as_ref(),
                    wake,
                    &tx,
                );
            });
        rx
    }
}

/// What wakes the follower before a resource is due: the server's `/events`.
struct Wake {
    /// `None` once the stream's listener is gone (no `/events` there): polling only.
    events: Option<Receiver<()>>,
    /// Whether a stream is open now (then the live state is polled at its ceiling only, as a
    /// safety net).
    streaming: Arc<AtomicBool>,
}

impl Wake {
    /// Waits until `until`, or an event; whether an event came.
    fn wait(&mut self, until: std::time::Instant) -> bool {
        let left = until.saturating_duration_since(std::time::Instant::now());
        let Some(events) = &self.events else {
            std::thread::sleep(left);
            return false;
        };
        match events.recv_timeout(left) {
            Ok(()) => {
                while events.try_recv().is_ok() {}
                true
            }
            Err(RecvTimeoutError::Timeout) => false,
            Err(RecvTimeoutError::Disconnected) => {
                self.events = None;
                false
            }
        }
    }
}

/// Listens to a server's `/events` stream, waking the follower on each event; reconnects with
/// back-off when the stream breaks, and gives up (polling goes on) when the server has no such
/// stream (a static host's 404) or refuses one more subscriber.
fn listen(url: &str, fetcher: &Fetcher, wake: &Sender<()>, streaming: &AtomicBool) {
    let mut cadence = Cadence::LIVE;
    loop {
        match fetcher.events(url) {
            Err(FetchError {
                status: Some(_), ..
            }) => return,
            Err(_) => {}
            Ok(lines) => {
                streaming.store(true, Ordering::SeqCst);
                for line in lines.lines() {
                    let Ok(line) = line else { break };
                    if line.starts_with("event:") {
                        cadence.after_answer(None);
                        if wake.send(()).is_err() {
                            streaming.store(false, Ordering::SeqCst);
                            return;
                        }
                    }
                }
                streaming.store(false, Ordering::SeqCst);
                // The stream broke: ask at once, so a server gone is said without waiting for
                // the safety net's poll.
                if wake.send(()).is_err() {
                    return;
                }
            }
        }
        std::thread::sleep(cadence.after_failure(fastrand::f64()));
    }
}

fn run(
    mut programme: Followed,
    mut live: Option<Followed>,
    fetcher: &Fetcher,
    store: Option<&Store>,
    mut wake: Wake,
    tx: &Sender<Change>,
) {
    let wall = SystemClock::default();
    let mut offline = false;
    loop {
        let next = live
            .as_ref()
            .map_or(programme.due, |l| l.due.min(programme.due));
        if wake.wait(next) {
            // Something changed on the server: both asked now (a 304 for what did not).
            let at = std::time::Instant::now();
            programme.due = at;
            if let Some(live) = &mut live {
                live.due = at;
            }
        }
        let now = wall.now();
        let mut changes = Vec::new();
        let mut reached = None;
        if std::time::Instant::now() >= programme.due {
            match programme.poll(fetcher, now.timestamp()) {
                Outcome::Same => reached = Some(true),
                Outcome::New(copy) => {
                    reached = Some(true);
                    match crate::import::open_named_warned(&copy.body, &programme.url, store) {
                        Ok(opened) => {
                            changes.push(Change::Programme(
                                Box::new(opened.programme),
                                opened.warnings,
                            ));
                            programme.copy = Some(copy);
                            programme.saved = i64::MIN / 2;
                        }
                        Err(e) => {
                            let report: Vec<String> =
                                e.to_string().lines().map(str::to_owned).collect();
                            let first = report.first().cloned().unwrap_or_default();
                            changes.push(Change::ProgrammeBroken { first, report });
                        }
                    }
                }
                Outcome::Refused(e) => {
                    reached = Some(true);
                    changes.push(Change::ProgrammeBroken {
                        first: e.clone(),
                        report: vec![e],
                    });
                }
                Outcome::Unreachable(e) => {
                    reached = Some(false);
                    changes.push(Change::Offline {
                        updated: None,
                        error: e,
                    });
                }
            }
            programme.save(store);
        }
        if let Some(live) = live.as_mut().filter(|l| std::time::Instant::now() >= l.due) {
            let outcome = live.poll(fetcher, now.timestamp());
            if wake.streaming.load(Ordering::SeqCst) && !matches!(outcome, Outcome::Unreachable(_))
            {
                // The stream says when to ask: polling is the safety net only.
                live.due = std::time::Instant::now() + live.cadence.ceiling;
            }
            match outcome {
                Outcome::Same => reached = Some(reached.unwrap_or(true)),
                Outcome::New(copy) => {
                    reached = Some(reached.unwrap_or(true));
                    match live_state(&copy.body, &live.url) {
                        Ok(state) => {
                            changes.extend(live_changes(state));
                            live.copy = Some(copy);
                            live.saved = i64::MIN / 2;
                        }
                        Err(e) => changes.push(Change::LiveBroken(e)),
                    }
                }
                Outcome::Refused(e) => {
                    reached = Some(reached.unwrap_or(true));
                    changes.push(Change::LiveBroken(e));
                }
                Outcome::Unreachable(e) => {
                    reached = Some(false);
                    changes.push(Change::Offline {
                        updated: None,
                        error: e,
                    });
                }
            }
            live.save(store);
        }
        let updated = [
            programme.copy.as_ref(),
            live.as_ref().and_then(|l| l.copy.as_ref()),
        ]
        .into_iter()
        .flatten()
        .filter_map(Copy::checked_at)
        .max();
        for change in &mut changes {
            if let Change::Offline { updated: u, .. } = change {
                *u = updated;
            }
        }
        match reached {
            Some(false) => {
                if offline {
                    // Said once; the banner stays.
                    changes.retain(|c| !matches!(c, Change::Offline { .. }));
                }
                offline = true;
            }
            Some(true) if offline => {
                offline = false;
                changes.insert(0, Change::Online);
            }
            _ => {}
        }
        for change in changes {
            if tx.send(change).is_err() {
                return;
            }
        }
    }
}

/// What a new live state changes on screen: one sequence's record, or every room's (nothing
/// recorded: neither).
fn live_changes(state: State) -> Vec<Change> {
    match state {
        State::Planned => vec![Change::Live(None), Change::Rooms(Vec::new())],
        State::One(record) => vec![Change::Live(Some(Box::new(record)))],
        State::Rooms(rooms) => vec![Change::Rooms(rooms)],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_servers_max_age_is_followed_within_bounds() {
        let mut live = Cadence::LIVE;
        assert_eq!(live.after_answer(Some(2)), Duration::from_secs(2));
        assert_eq!(live.after_answer(Some(0)), Duration::from_secs(2), "floor");
        assert_eq!(live.after_answer(None), Duration::from_secs(10));
        assert_eq!(
            live.after_answer(Some(86_400)),
            Duration::from_secs(60),
            "ceiling"
        );
        let mut programme = Cadence::PROGRAMME;
        assert_eq!(programme.after_answer(Some(2)), Duration::from_secs(60));
        assert_eq!(programme.after_answer(Some(300)), Duration::from_secs(300));
    }

    #[test]
    fn failures_back_off_exponentially_with_jitter_up_to_the_ceiling() {
        let mut live = Cadence::LIVE;
        let waits: Vec<u64> = (0..7).map(|_| live.after_failure(0.5).as_secs()).collect();
        assert_eq!(waits, [2, 4, 8, 16, 32, 60, 60]);
        let mut low = Cadence::LIVE;
        assert_eq!(low.after_failure(0.0), Duration::from_millis(1500));
        let mut high = Cadence::LIVE;
        assert_eq!(high.after_failure(0.999_999).as_millis(), 2499);
        // An answer resets the back-off.
        live.after_answer(Some(2));
        assert_eq!(live.after_failure(0.5), Duration::from_secs(2));
    }
}
