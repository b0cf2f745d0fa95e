//! The commands of the `deroule` binary, one file each: `main.rs` parses the command line, reads
//! the configuration and hands over to one of these.
//!
//! - [`view`]: the live view and `facilitate` (with `--serve` / `--publish` beside it);
//! - [`now`], [`agenda`], [`report`], [`export`] (`export`, `import`): one-shot outputs;
//! - [`serve`]: `serve` and `publish`.
//!
//! What they share lives here: loading the programme (through the cache), where the live record
//! is, printing inert text. Nothing here draws or parses the command line.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::OnceLock;

use crate::cache::Store;
use crate::clock::Clock as _;
use crate::import::Opened;
use crate::model::{Programme, load_str};

/// Every message on standard error holds text from files (titles, values, names): it is written
/// inert (`crate::inert`), never as the file had it.
macro_rules! eprintln {
    ($($arg:tt)*) => {
        $crate::inert::eprintln(&format!($($arg)*))
    };
}

pub mod agenda;
pub mod export;
pub mod now;
pub mod report;
pub mod serve;
pub mod view;

/// An environment variable, when set to valid Unicode.
pub fn env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

/// The cache of validated programmes, unless `--no-cache` or `cache: false` said otherwise.
static CACHE: OnceLock<Option<Store>> = OnceLock::new();

/// Uses the user's cache of validated programmes from now on (called once, at start-up).
pub fn use_cache() {
    let _ = CACHE.set(Store::user());
}

/// The language of messages, once known (for the helpers that print without being told).
static LANG: OnceLock<crate::i18n::Lang> = OnceLock::new();

/// Uses `lang` for the messages of the helpers here (called once, at start-up).
pub fn use_lang(lang: crate::i18n::Lang) {
    let _ = LANG.set(lang);
}

fn cache() -> Option<&'static Store> {
    CACHE.get().and_then(Option::as_ref)
}

/// The configuration's warnings, said on standard error at start-up and kept for the live
/// view's messages panel.
static CONFIG_WARNINGS: OnceLock<Vec<String>> = OnceLock::new();

/// Keeps the configuration's warnings for the live view (called once, at start-up).
pub fn keep_config_warnings(warnings: Vec<String>) {
    let _ = CONFIG_WARNINGS.set(warnings);
}

fn config_warnings() -> &'static [String] {
    CONFIG_WARNINGS.get().map_or(&[], Vec::as_slice)
}

/// Where the live record is: `--live`, else beside the programme file, else (bundled day) in the
/// current folder.
pub fn live_path(args_live: Option<PathBuf>, file: Option<&Path>) -> PathBuf {
    args_live.unwrap_or_else(|| match file {
        Some(path) => crate::live::sidecar_for(path),
        None => PathBuf::from("bluehats-2022-07-01.live.yaml"),
    })
}

/// Whether the clock options make this run a rehearsal rather than the day itself.
pub fn is_rehearsal(clock: &crate::cli::ClockArgs) -> bool {
    clock.at.is_some() || clock.speed.is_some() || clock.today
}

/// The record an attendee's command follows: `--live`, else the record beside the programme;
/// on a rehearsal's clock (`--at`, `--speed`, `--today`), the rehearsal's record when there is
/// one (`FILE.rehearsal.live.yaml`, which a rehearsing facilitator writes), so that both sides
/// of a rehearsal see the same delay.
pub fn followed_live_path(
    args_live: Option<PathBuf>,
    file: Option<&Path>,
    clock: &crate::cli::ClockArgs,
) -> PathBuf {
    if args_live.is_none() && is_rehearsal(clock) {
        let rehearsal = crate::live::rehearsal_sidecar_for(
            file.unwrap_or_else(|| Path::new("bluehats-2022-07-01.yaml")),
        );
        if rehearsal.exists() {
            return rehearsal;
        }
    }
    live_path(args_live, file)
}

/// The URL a command was given instead of a file, if it was.
pub fn url_of(file: Option<&Path>) -> Result<Option<crate::net::Origin>, ExitCode> {
    let Some(text) = file.and_then(Path::to_str) else {
        return Ok(None);
    };
    if !crate::net::fetch::looks_like_url(text) {
        return Ok(None);
    }
    crate::net::Origin::of(text).map(Some).map_err(|message| {
        eprintln!("deroule: {message}");
        ExitCode::from(2)
    })
}

/// Opens a URL for a one-shot command: the server asked now (conditionally), the last good copy
/// when it cannot be reached (said on standard error, with when it was last confirmed).
pub fn open_url(origin: &crate::net::Origin) -> Result<crate::net::Snapshot, ExitCode> {
    let store = crate::net::user_store();
    let fetcher = crate::net::Fetcher::default();
    let now = crate::clock::SystemClock::default().now();
    let mut problems = Vec::new();
    let opened = crate::net::open(origin, &fetcher, store.as_ref(), now, &mut problems);
    for problem in &problems {
        eprintln!("deroule: {problem}");
    }
    let snapshot = opened.map_err(|message| {
        eprintln!("deroule: {message}");
        ExitCode::from(1)
    })?;
    if let Some(reason) = &snapshot.offline {
        let when = snapshot
            .updated
            .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
            .unwrap_or_default();
        eprintln!("deroule: offline ({reason}): the copy last confirmed {when}");
    }
    Ok(snapshot)
}

/// The programme from a file or a URL, with the live state the URL serves (`None` for a file,
/// or when `--live` names a record file instead: `live_given`).
pub fn load_any(
    file: Option<&Path>,
    live_given: bool,
) -> Result<(Programme, Option<crate::live::state::State>), ExitCode> {
    match url_of(file)? {
        Some(origin) => {
            let snapshot = open_url(&origin)?;
            Ok((
                snapshot.programme,
                Some(snapshot.live).filter(|_| !live_given),
            ))
        }
        None => Ok((load(file)?, None)),
    }
}

/// The programme to show: a file (deroule YAML or a published schedule), else the bundled day.
/// A URL is opened by the commands that read one (`deroule URL`, `now`, `agenda`, `check`,
/// `export`, `report`); the others say so.
pub fn load(file: Option<&Path>) -> Result<Programme, ExitCode> {
    load_warned(file).map(|o| o.programme)
}

/// [`load`], with the warnings of the load or import (for the live view's messages panel).
pub fn load_warned(file: Option<&Path>) -> Result<Opened, ExitCode> {
    if let Some(origin) = url_of(file)? {
        eprintln!(
            "deroule: {}: this command needs a programme file; a URL is opened by `deroule URL`, \
             `now`, `agenda`, `check`, `export` and `report`",
            origin.given
        );
        return Err(ExitCode::from(2));
    }
    let loaded = match file {
        Some(path) => crate::import::open_warned(path, cache()),
        None => load_str(crate::BUNDLED, crate::BUNDLED_NAME)
            .map_err(Into::into)
            .and_then(|l| {
                crate::import::check_venue_zone(&l.programme, crate::BUNDLED_NAME)?;
                Ok(Opened {
                    warnings: l
                        .warnings
                        .iter()
                        .map(|d| d.display(crate::BUNDLED_NAME).to_string())
                        .collect(),
                    programme: l.programme,
                })
            }),
    };
    let opened = loaded.map_err(|e| {
        eprintln!("{e}");
        ExitCode::from(1)
    })?;
    warn_unnamed_zone(&opened.programme, file);
    Ok(opened)
}

/// Says on stderr that the times are not the venue's, when the file names no zone.
fn warn_unnamed_zone(programme: &Programme, file: Option<&Path>) {
    if let (Some(unnamed), Some(path)) = (&programme.unnamed_zone, file) {
        let lang = LANG.get().copied().unwrap_or_default();
        eprintln!(
            "deroule: {}: {}",
            path.display(),
            crate::i18n::unnamed_zone(unnamed, programme.tz, lang)
        );
    }
}

/// The favourites of `programme` kept in the user's data folder (none without one).
pub fn favourites_of(programme: &Programme) -> Result<crate::favourites::Favourites, String> {
    match dirs::data_dir() {
        Some(d) => crate::favourites::Favourites::load(crate::favourites::path_for(&d, programme)),
        None => Ok(crate::favourites::Favourites::default()),
    }
}

/// Prints to stdout, inert (no control sequence from a programme reaches the terminal); a closed
/// pipe (`| head`) is not an error worth a panic.
pub fn print(text: &str) {
    let safe = crate::inert::text(text);
    let _ = std::io::stdout().write_all(safe.as_bytes());
}
