//! Programmes opened by URL (`deroule https://…/schedule.xml`, `deroule now http://host:8080/`):
//! where the programme and its live state are, the last good copy of each kept for offline use,
//! and the first snapshot a command starts from.
//!
//! - [`fetch`]: one safe HTTP GET (the only module that speaks HTTP as a client);
//! - [`remote`]: the background follower of a viewer, which never blocks the screen.
//!
//! A URL ending in `/` (or an HTML page) is taken as a `deroule serve` root, or a folder written
//! by `deroule publish`: its `programme.yaml` and `live.yaml`. Any other URL is a schedule in one
//! of the formats `deroule FILE` opens, without a live state.
//!
//! The copies live in [`cache::Store`](crate::cache::Store) under `$XDG_CACHE_HOME/deroule/urls`:
//! per URL the body, its validators and when the server last confirmed it; the validated
//! programme beside it, keyed by the URL, so a URL seen before opens at once without network.

pub mod fetch;
pub mod remote;

use serde::{Deserialize, Serialize};

use crate::cache::Store;
use crate::live::state::State;
use crate::model::{Instant, Programme};

pub use fetch::{FetchError, Fetched, Fetcher, Validators};

/// Where a programme opened by URL and its live state are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The URL as the user gave it (for messages and the favourites' identity).
    pub given: String,
    pub programme: String,
    /// A served live state (`deroule serve` roots and published folders only).
    pub live: Option<String>,
}

impl Origin {
    /// The origin of a URL given on the command line.
    pub fn of(url: &str) -> Result<Origin, String> {
        let url = fetch::parse_url(url)?;
        let path_end = url
            .split(['?', '#'])
            .next()
            .unwrap_or(&url)
            .split_once("://")
            .map_or("", |(_, rest)| rest);
        if !path_end.contains('/') || path_end.ends_with('/') {
            return Ok(Origin::root(&url));
        }
        Ok(Origin {
            given: url.clone(),
            programme: url,
            live: None,
        })
    }

    /// A `deroule serve` root (or a published folder) at `url`.
    pub fn root(url: &str) -> Origin {
        let base = url.split(['?', '#']).next().unwrap_or(url);
        let base = if base.ends_with('/') {
            base.to_owned()
        } else {
            format!("{base}/")
        };
        Origin {
            given: url.to_owned(),
            programme: format!("{base}programme.yaml"),
            live: Some(format!("{base}live.yaml")),
        }
    }
}

/// The last good answer of one URL, as kept in the cache.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Copy {
    pub validators: Validators,
    pub body: Vec<u8>,
    /// When the server last gave or confirmed it (Unix seconds).
    pub checked: i64,
}

impl Copy {
    /// The copy of `url` kept in `store`, if any (an unreadable one is none).
    pub fn load(store: &Store, url: &str) -> Option<Copy> {
        postcard::from_bytes(&store.get_bytes(url)?).ok()
    }

    /// Keeps it for `url`. A cache that cannot be written costs the offline copy, nothing else.
    pub fn save(&self, store: &Store, url: &str) {
        if let Ok(bytes) = postcard::to_stdvec(self) {
            let _ = store.put_bytes(url, &bytes);
        }
    }

    pub fn checked_at(&self) -> Option<Instant> {
        Instant::from_timestamp(self.checked, 0)
    }
}

/// The user's store of URL copies.
pub fn user_store() -> Option<Store> {
    dirs::cache_dir().map(|d| Store::new(d.join("deroule").join("urls")))
}

/// A programme and its live state as opened from a URL.
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub origin: Origin,
    pub programme: Programme,
    pub live: State,
    /// When the server last confirmed what is shown.
    pub updated: Option<Instant>,
    /// Why the network was not used (the copy stands in), when it was not.
    pub offline: Option<String>,
    /// The copies behind it, for the follower's conditional GETs.
    pub copies: (Option<Copy>, Option<Copy>),
}

/// Opens `origin` from the copies alone, without network: `None` unless its programme was seen
/// before.
pub fn open_cached(origin: &Origin, store: &Store) -> Option<Snapshot> {
    let copy = Copy::load(store, &origin.programme)?;
    let programme = crate::import::open_named(&copy.body, &origin.programme, Some(store)).ok()?;
    let live_copy = origin.live.as_ref().and_then(|url| Copy::load(store, url));
    let live = live_copy
        .as_ref()
        .and_then(|c| live_state(&c.body, origin.live.as_deref()?).ok())
        .unwrap_or_default();
    Some(Snapshot {
        origin: origin.clone(),
        updated: copy.checked_at(),
        programme,
        live,
        offline: None,
        copies: (Some(copy), live_copy),
    })
}

/// Opens `origin` now: a conditional GET of each URL, the copy when the network fails (with
/// the reason in `offline`), an error when there is neither. `problems` gets what was not
/// fatal (a live state that does not read). For the one-shot commands and a first open.
pub fn open(
    origin: &Origin,
    fetcher: &Fetcher,
    store: Option<&Store>,
    now: Instant,
    problems: &mut Vec<String>,
) -> Result<Snapshot, String> {
    let known = store.and_then(|s| Copy::load(s, &origin.programme));
    let validators = known
        .as_ref()
        .map(|c| c.validators.clone())
        .unwrap_or_default();
    let (copy, offline) = match fetcher.get(&origin.programme, &validators) {
        Ok(Fetched::Body { is_html: true, .. }) if origin.live.is_none() => {
            // A web page: a `deroule serve` root or a published folder, if anything.
            let root = Origin::root(&origin.programme);
            return open(&root, fetcher, store, now, problems)
                .map_err(|e| format!("{}: a web page, not a schedule ({e})", origin.programme));
        }
        Ok(Fetched::Body {
            body, validators, ..
        }) => (
            Copy {
                validators,
                body,
                checked: now.timestamp(),
            },
            None,
        ),
        Ok(Fetched::NotModified { .. }) => match known.clone() {
            Some(mut copy) => {
                copy.checked = now.timestamp();
                (copy, None)
            }
            None => return Err(format!("{}: 304 without a copy", origin.programme)),
        },
        Err(e) => match known.clone() {
            Some(copy) if e.unreachable => (copy, Some(e.to_string())),
            Some(copy) => {
                // An answer that is no use (an error status, too large): the last good copy.
                problems.push(format!("{e} (the last good copy is used)"));
                (copy, None)
            }
            None => return Err(e.to_string()),
        },
    };
    let (copy, programme) = match crate::import::open_named(&copy.body, &origin.programme, store) {
        Ok(programme) => (copy, programme),
        Err(e) => {
            let text = e.to_string().trim_end().to_owned();
            // Garbage in place of a good programme: the last good copy, the error said.
            let good = known.and_then(|k| {
                let p = crate::import::open_named(&k.body, &origin.programme, store).ok()?;
                Some((k, p))
            });
            match good {
                Some(good) => {
                    problems.push(format!("{text}\n(the last good copy is used)"));
                    good
                }
                None => return Err(text),
            }
        }
    };
    if let Some(store) = store {
        copy.save(store, &origin.programme);
    }
    let (live, live_copy) = match &origin.live {
        Some(url) if offline.is_none() => fetch_live(url, fetcher, store, now, problems),
        Some(url) => {
            let copy = store.and_then(|s| Copy::load(s, url));
            let live = copy
                .as_ref()
                .and_then(|c| live_state(&c.body, url).ok())
                .unwrap_or_default();
            (live, copy)
        }
        None => (State::Planned, None),
    };
    Ok(Snapshot {
        origin: origin.clone(),
        updated: copy.checked_at(),
        programme,
        live,
        offline,
        copies: (Some(copy), live_copy),
    })
}

fn fetch_live(
    url: &str,
    fetcher: &Fetcher,
    store: Option<&Store>,
    now: Instant,
    problems: &mut Vec<String>,
) -> (State, Option<Copy>) {
    let known = store.and_then(|s| Copy::load(s, url));
    let validators = known
        .as_ref()
        .map(|c| c.validators.clone())
        .unwrap_or_default();
    let copy = match (fetcher.get(url, &validators), known.clone()) {
        (
            Ok(Fetched::Body {
                body, validators, ..
            }),
            _,
        ) => Copy {
            validators,
            body,
            checked: now.timestamp(),
        },
        (Ok(Fetched::NotModified { .. }), Some(mut copy)) => {
            copy.checked = now.timestamp();
            copy
        }
        // No live state served: as planned.
        (Ok(Fetched::NotModified { .. }), None)
        | (
            Err(FetchError {
                status: Some(404), ..
            }),
            _,
        ) => return (State::Planned, None),
        (Err(e), _) => {
            problems.push(e.to_string());
            let live = known
                .as_ref()
                .and_then(|c| live_state(&c.body, url).ok())
                .unwrap_or_default();
            return (live, known);
        }
    };
    match live_state(&copy.body, url) {
        Ok(live) => {
            if let Some(store) = store {
                copy.save(store, url);
            }
            (live, Some(copy))
        }
        Err(e) => {
            problems.push(e);
            let live = known
                .as_ref()
                .and_then(|c| live_state(&c.body, url).ok())
                .unwrap_or_default();
            (live, known)
        }
    }
}

/// A served live state from its bytes.
pub fn live_state(body: &[u8], url: &str) -> Result<State, String> {
    let text = std::str::from_utf8(body).map_err(|_| format!("{url}: not UTF-8 text"))?;
    State::parse(text, url).map_err(|e| e.to_string())
}
