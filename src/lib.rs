//! deroule: follow an event's programme live in a terminal.
//!
//! Data flows one way: file → [`model`] (validated `Programme`) → [`timeline`] and [`delay`] at
//! `now` → [`app`] → [`ui`]. New inputs produce the same `Programme`; outputs read it.
//!
//! - [`model`]: the programme's domain types, the YAML format and its validation.
//! - [`timeline`]: pure time logic: where `now` falls, countdowns.
//! - [`delay`]: the delay model: expected times from what actually happened.
//! - [`live`]: the facilitator's live record (sidecar file) and the expected programme.
//! - [`clock`]: the only reader of the wall clock (system, `--at`, `--speed`, `--today`).
//! - [`app`]: the viewer's state, a composition of parts (`snapshot`, `list`, `grid`, `find`,
//!   `overlays`, `notices`) routing each `Action` to its owner, the rules that touch several
//!   parts in `app::rules`, keys mapped in `app::keys`; [`run`]: the event loop.
//! - [`ui`]: the read-only view, one file per screen region; [`layout`]: where each region goes
//!   (pure, shared by the app and the view); [`theme`]: every style.
//! - [`reload`]: watching the programme and the live record on disk; [`remind`]: reminders of
//!   favourites (due, moved, cancelled) and the desktop notification's bytes.
//! - [`cli`]: the command line (clap definitions only); [`cmd`]: each command of the binary;
//!   [`config`]: the configuration file.
//! - [`i18n`]: English and French labels and dates.
//! - [`check`], [`now`], [`agenda`], [`ics`], [`report`], [`schema`]: the one-shot commands'
//!   outputs.
//! - [`import`]: frab XML/JSON, c3voc schedule2 and iCalendar schedules → `Programme`, and back
//!   to deroule YAML.
//! - [`cache`]: validated programmes kept in a compact binary form, so a big schedule opens fast.
//! - [`lobby`]: what the lobby screen shows (now and next per room, pages of room cards).
//! - [`page`]: the attendee page (HTML) that `deroule serve` answers.
//! - [`inert`]: the one sanitiser of file text printed to a terminal; [`bounded`]: the one
//!   reader of files (regular files only, capped, never blocking).
//! - [`net`]: programmes opened by URL: fetching, offline copies, the background follower.
//! - [`serve`]: `deroule serve`, the read-only HTTP server; [`publish`]: the same files written
//!   into a folder for a static host or a CDN.
//! - [`synthetic`]: valid programmes of any size, made up deterministically (benchmarks, stress).

pub mod agenda;
pub mod app;
pub mod bounded;
pub mod cache;
pub mod check;
pub mod cli;
pub mod clock;
pub mod cmd;
pub mod config;
pub mod delay;
pub mod favourites;
pub mod i18n;
pub mod ics;
pub mod import;
pub mod inert;
pub mod layout;
pub mod live;
pub mod lobby;
pub mod manual;
pub mod model;
pub mod net;
pub mod now;
pub mod page;
pub mod publish;
pub mod reload;
pub mod remind;
pub mod report;
pub mod run;
pub mod schema;
pub mod serve;
pub mod synthetic;
pub mod text;
pub mod theme;
pub mod timeline;
pub mod ui;

/// The BlueHats « Mutualisons ! » day, shown when no file is given.
pub const BUNDLED: &str = include_str!("../data/bluehats-2022-07-01.yaml");
/// The name the bundled programme goes by in messages.
pub const BUNDLED_NAME: &str = "bluehats-2022-07-01.yaml (bundled)";

/// The bundled programme, validated, for unit tests.
#[cfg(test)]
pub(crate) fn bundled_programme() -> model::Programme {
    model::load_str(BUNDLED, BUNDLED_NAME)
        .expect("the bundled programme is valid")
        .programme
}

/// An environment of these variables only, as the functions that read one take it, for unit
/// tests: `fake_env(&[("LANG", "fr_FR.UTF-8")])("LANG")` is `Some("fr_FR.UTF-8")`.
#[cfg(test)]
pub(crate) fn fake_env(
    pairs: &'static [(&'static str, &'static str)],
) -> impl Fn(&str) -> Option<String> + Copy {
    move |name| {
        pairs
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| (*v).to_owned())
    }
}

/// `h:m` in Paris on the bundled day (1 July 2022, UTC+2), for unit tests.
#[cfg(test)]
pub(crate) fn bundled_at(h: u32, m: u32) -> model::Instant {
    use chrono::TimeZone as _;
    chrono::Utc
        .with_ymd_and_hms(2022, 7, 1, h - 2, m, 0)
        .single()
        .expect("a valid instant")
}
