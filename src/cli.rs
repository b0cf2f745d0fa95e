//! The command line: clap definitions only.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use clap_complete::Shell;

use crate::i18n::Lang;

#[derive(Debug, Parser)]
#[command(
    name = "deroule",
    version,
    about = "Follow an event's programme live in a terminal",
    long_about = "Follow an event's programme live in a terminal: what is on now, how long is \
                  left, what comes next.\n\nWith no FILE, shows the bundled BlueHats « Mutualisons ! » \
                  day (1 July 2022, Paris).",
    subcommand_precedence_over_arg = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub view: ViewArgs,
    /// Language of labels and dates: en or fr (default: the config file, else LC_ALL, LC_MESSAGES
    /// or LANG, else English).
    #[arg(long, global = true, value_name = "LANG", value_parser = LangParser)]
    pub lang: Option<Lang>,
    /// Validate the programme from its source, without the cache of validated programmes
    /// (`$XDG_CACHE_HOME/deroule/programmes`; `check` never uses it).
    #[arg(long, global = true)]
    pub no_cache: bool,
    /// The venue's IANA time zone (`Europe/Rome`), for a published schedule whose times name
    /// none (UTC `…Z` or floating times) or a wrong one: the times stay the instants the file
    /// says, shown and read (`--at`) on the venue's clock. A deroule programme names its own.
    #[arg(long, global = true, value_name = "ZONE", value_parser = parse_zone)]
    pub time_zone: Option<chrono_tz::Tz>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate programme files and print a short summary of each.
    ///
    /// Exit status: 0 when every file is valid, 1 when one has errors, 2 on usage errors.
    Check {
        /// Programme files: deroule YAML, or published schedules (frab XML or JSON, c3voc
        /// schedule2, iCalendar), told apart by content.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Print errors only: no summary, no warnings.
        #[arg(short, long)]
        quiet: bool,
    },
    /// The facilitator's stage view: a big countdown of the current item, overtime, and keys to
    /// record what actually happens (the next item starts now, this one ends now, one more
    /// minute, undo). Every action is saved at once to the live record beside the programme,
    /// which attendees' `deroule` shows as expected times.
    Facilitate {
        #[command(flatten)]
        view: ViewArgs,
        /// Warn when this much time is left (default 5m; the programme's `warn_before` wins).
        #[arg(long, value_name = "DURATION", value_parser = parse_minutes)]
        warn: Option<u32>,
        /// Danger when this much time is left (default 1m; the programme's `danger_before` wins).
        #[arg(long, value_name = "DURATION", value_parser = parse_minutes)]
        danger: Option<u32>,
        /// Also serve the programme, the live record and the attendee page over HTTP on this
        /// address, as `deroule serve` does (`127.0.0.1:8080`; `0.0.0.0:8080` for the network).
        #[arg(long, value_name = "ADDR", value_parser = parse_listen)]
        serve: Option<std::net::SocketAddr>,
        /// Also publish them into this folder on every change, as `deroule publish --watch`.
        #[arg(long, value_name = "DIR")]
        publish: Option<PathBuf>,
        /// Take the live record over from another facilitator who holds it (that one then
        /// stops saving and says so). Without it, a second facilitator is refused.
        #[arg(long)]
        take_over: bool,
        /// Facilitate one room of a programme with parallel rooms (its items, and the plenary
        /// ones): its own record, `FILE.<room>.live.yaml`, one writer per room.
        #[arg(long, value_name = "ROOM")]
        room: Option<String>,
    },
    /// A screen for a projector or a hallway: the clock, what is on now and next in big type
    /// (one room), or every room's now and next as a board, paged every 10 s when the rooms do
    /// not all fit; delays and the facilitator's message. No keys needed (q leaves).
    Lobby {
        /// Programme file: deroule YAML, or a published schedule (frab XML or JSON, c3voc
        /// schedule2, iCalendar), told apart by content; the bundled day when absent.
        #[arg(value_name = "FILE")]
        file: Option<PathBuf>,
        #[command(flatten)]
        clock: ClockArgs,
        /// No colours (also when the NO_COLOR environment variable is set).
        #[arg(long)]
        no_color: bool,
        /// The facilitator's live record (default: FILE with `.live.yaml` instead of `.yaml`).
        #[arg(long, value_name = "PATH")]
        live: Option<PathBuf>,
    },
    /// One line saying what is on now and what is next, for status bars and prompts.
    ///
    /// With parallel rooms the line names rooms and counts what runs (`▶ 27 items running in 27
    /// rooms · next: 11:05 (3 rooms)`); `--room` follows one room.
    ///
    /// Exit status: 0 when an item is running, 3 when nothing is (before, between or after the
    /// items), 1 on errors, 2 on usage errors.
    Now {
        /// Programme file: deroule YAML, or a published schedule (frab XML or JSON, c3voc schedule2,
        /// iCalendar), told apart by content; the bundled day when absent.
        #[arg(value_name = "FILE")]
        file: Option<PathBuf>,
        #[command(flatten)]
        clock: ClockArgs,
        /// A template with named fields in braces: {title}, {kind}, {room}, {start}, {end},
        /// {left}, {countdown}, {next}, {next_start}, {next_in}, {next_countdown}, {next_room},
        /// {running_count}, {next_count}, {delay}, {status}. {left}, {next_in} and {delay} are
        /// whole minutes (a number); {countdown} and {next_countdown} are m:ss (h:mm:ss past an
        /// hour). With parallel rooms, the running item is the one that started first: use
        /// --room.
        #[arg(long, value_name = "TEMPLATE")]
        format: Option<String>,
        /// Follow one room (its items and the plenary ones), as in a one-room programme.
        #[arg(long, value_name = "ROOM")]
        room: Option<String>,
        /// A JSON object instead of a line (documented in docs/now-json.md).
        #[arg(long, conflicts_with = "format")]
        json: bool,
        /// Only the favourites (marked with `f` in the viewer): the running one and the next,
        /// for a status bar. The line starts with ★; exit status 3 when none is running.
        #[arg(long)]
        favourites: bool,
        /// The facilitator's live record (default: beside FILE), for expected times.
        #[arg(long, value_name = "PATH")]
        live: Option<PathBuf>,
    },
    /// The programme as text: a day (today's event day by default), several, or all; plain text
    /// for reading and screen readers, Markdown, or JSON (docs/agenda-json.md).
    Agenda {
        /// Programme file: deroule YAML, or a published schedule (frab XML or JSON, c3voc schedule2,
        /// iCalendar), told apart by content; the bundled day when absent.
        #[arg(value_name = "FILE")]
        file: Option<PathBuf>,
        /// Which day: its date (`2025-02-01`) or its number (`2`); repeat for several.
        #[arg(long, value_name = "DAY", conflicts_with = "all")]
        day: Vec<String>,
        /// Every day.
        #[arg(long)]
        all: bool,
        /// Markdown (a heading and a table per day).
        #[arg(long, conflicts_with = "json")]
        markdown: bool,
        /// JSON (a documented, versioned shape: docs/agenda-json.md).
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        clock: ClockArgs,
        /// Expected times: the facilitator's live records applied (beside FILE, or --live).
        #[arg(long)]
        expected: bool,
        /// The live record (default: FILE with `.live.yaml` instead of `.yaml`).
        #[arg(long, value_name = "PATH", requires = "expected")]
        live: Option<PathBuf>,
    },
    /// Export the programme for calendar programs: `deroule export --ics FILE > programme.ics`.
    Export {
        /// Programme file: deroule YAML, or a published schedule (frab XML or JSON, c3voc schedule2,
        /// iCalendar), told apart by content; the bundled day when absent.
        #[arg(value_name = "FILE")]
        file: Option<PathBuf>,
        /// iCalendar (RFC 5545), with the event's time zone (the only format for now).
        #[arg(long, required = true)]
        ics: bool,
        /// Only the favourites (marked with `f` in the viewer), for a phone's calendar.
        #[arg(long)]
        favourites: bool,
        /// Expected times, as of now: the facilitator's live records applied (beside FILE, or
        /// --live).
        #[arg(long)]
        expected: bool,
        /// The live record (default: FILE with `.live.yaml` instead of `.yaml`).
        #[arg(long, value_name = "PATH", requires = "expected")]
        live: Option<PathBuf>,
    },
    /// Convert a published schedule (frab/pentabarf `schedule.xml`, frab `schedule.json`, c3voc
    /// schedule2 JSON, iCalendar) to deroule YAML on standard output; warnings on standard error.
    /// The format is recognised from the content. `deroule FILE` also opens these directly.
    Import {
        /// The schedule file (the event's zone, when the file names none or a wrong one, with
        /// --time-zone).
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// The JSON Schema of the programme format, for editors (docs/format.md explains the
    /// `# yaml-language-server: $schema=…` line).
    Schema,
    /// Shell completions for bash, zsh, fish, elvish or powershell, on standard output.
    Completions {
        #[arg(value_enum)]
        shell: Shell,
    },
    /// The manual page (roff), on standard output: `deroule man > deroule.1`.
    Man,
    /// A read-only HTTP server of the programme, its live record and the attendee page:
    /// `GET /` (the page), `/programme.yaml`, `/live.yaml`, `/events` (Server-Sent Events on
    /// every change). The files are followed: a change is served within a second, a broken
    /// version keeps the last good one. docs/serving.md tells how to put it on the network.
    Serve {
        /// Programme file: deroule YAML, or a published schedule (frab XML or JSON, c3voc
        /// schedule2, iCalendar), told apart by content; the bundled day when absent.
        #[arg(value_name = "FILE")]
        file: Option<PathBuf>,
        /// Where to listen: HOST:PORT, or a port on this machine. Only this machine unless an
        /// address says otherwise (`0.0.0.0:8080`).
        #[arg(long, value_name = "ADDR", default_value = DEFAULT_LISTEN,
              value_parser = parse_listen)]
        listen: std::net::SocketAddr,
        #[command(flatten)]
        clock: ClockArgs,
        /// The facilitator's live record (default: FILE with `.live.yaml` instead of `.yaml`).
        #[arg(long, value_name = "PATH")]
        live: Option<PathBuf>,
    },
    /// Write the files `deroule serve` answers (index.html, programme.yaml, live.yaml, page.js,
    /// page.css, and their .gz) into DIR, atomically, for a static web server or a CDN
    /// (docs/serving.md); the page in both languages (index.en.html, index.fr.html), index.html
    /// in --lang's.
    Publish {
        /// Programme file: deroule YAML, or a published schedule, told apart by content.
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// The folder to write into (created if missing).
        #[arg(value_name = "DIR")]
        dir: PathBuf,
        /// Keep publishing: follow the programme and the live record, write what changes.
        #[arg(long)]
        watch: bool,
        #[command(flatten)]
        clock: ClockArgs,
        /// The facilitator's live record (default: FILE with `.live.yaml` instead of `.yaml`).
        #[arg(long, value_name = "PATH")]
        live: Option<PathBuf>,
    },
    /// After the day: planned against actual times, per item and in total (Markdown, or CSV).
    Report {
        /// Programme file: deroule YAML, or a published schedule (frab XML or JSON, c3voc schedule2,
        /// iCalendar), told apart by content; the bundled day when absent.
        #[arg(value_name = "FILE")]
        file: Option<PathBuf>,
        /// The live record (default: FILE with `.live.yaml` instead of `.yaml`).
        #[arg(long, value_name = "PATH")]
        live: Option<PathBuf>,
        /// CSV instead of a Markdown table.
        #[arg(long)]
        csv: bool,
    },
}

fn parse_minutes(s: &str) -> Result<u32, String> {
    crate::model::timefmt::parse_duration(s)
}

#[derive(Debug, Args)]
pub struct ViewArgs {
    /// Programme file: deroule YAML, or a published schedule (frab XML or JSON, c3voc schedule2,
    /// iCalendar), told apart by content; the bundled `BlueHats` day when absent.
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,

    #[command(flatten)]
    pub clock: ClockArgs,

    /// Show your local time beside the event's (toggle with `t`).
    #[arg(long)]
    pub local: bool,

    /// No colours (also when the NO_COLOR environment variable is set).
    #[arg(long)]
    pub no_color: bool,

    /// The facilitator's live record (default: FILE with `.live.yaml` instead of `.yaml`;
    /// with the bundled day, `bluehats-2022-07-01.live.yaml` in the current folder).
    #[arg(long, value_name = "PATH")]
    pub live: Option<PathBuf>,

    /// Remind of each favourite this long before it starts (`5m`), and say when one is moved or
    /// cancelled: a notice, the terminal bell and a desktop notification (OSC 9, or OSC 777 in
    /// foot and VTE terminals; in tmux, with `set -g allow-passthrough on`). Also `remind: 5m`
    /// in the configuration file.
    #[arg(long, value_name = "DURATION", value_parser = parse_minutes)]
    pub remind: Option<u32>,
}

impl ViewArgs {
    /// Whether any option of the live view was given.
    pub fn is_given(&self) -> bool {
        self.file.is_some()
            || self.clock.at.is_some()
            || self.clock.speed.is_some()
            || self.clock.today
            || self.local
            || self.no_color
            || self.live.is_some()
            || self.remind.is_some()
    }
}

/// Which instant "now" is.
#[derive(Debug, Clone, Args)]
pub struct ClockArgs {
    /// Start the clock at this instant, in the event's time zone: `2022-07-01 10:20`,
    /// `2022-07-01T10:20`, or `10:20` (on the first event day). The clock stays there unless
    /// `--speed` is given.
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,

    /// Run the clock this many times faster than real time (60: a minute a second). From `--at`
    /// when given, else from now.
    #[arg(long, value_name = "FACTOR", value_parser = parse_speed)]
    pub speed: Option<f64>,

    /// Replay the programme as if its first day were today, so a past event can be followed live.
    #[arg(long, conflicts_with = "at")]
    pub today: bool,
}

fn parse_zone(s: &str) -> Result<chrono_tz::Tz, String> {
    s.parse().map_err(|_| {
        format!("`{s}` is not an IANA time zone: expected a name such as Europe/Brussels")
    })
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::parse(s)
        .ok_or_else(|| format!("`{s}` is not a language deroule speaks: expected en or fr"))
}

/// `--lang`: reads what [`Lang::parse`] reads (`fr_FR.UTF-8` too), and tells shells' completions
/// the two values, `en` and `fr` (with a plain function they offered file names).
#[derive(Debug, Clone, Copy)]
struct LangParser;

impl clap::builder::TypedValueParser for LangParser {
    type Value = Lang;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<Lang, clap::Error> {
        let text = value.to_string_lossy();
        parse_lang(&text).map_err(|message| {
            let arg = arg.map_or_else(|| "--lang".to_owned(), ToString::to_string);
            clap::Error::raw(
                clap::error::ErrorKind::InvalidValue,
                format!("invalid value for '{arg}': {message}\n"),
            )
            .with_cmd(cmd)
        })
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new(
            [("en", "English"), ("fr", "French")]
                .into_iter()
                .map(|(v, help)| clap::builder::PossibleValue::new(v).help(help)),
        ))
    }
}

fn parse_speed(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v.is_finite() && (0.0..=100_000.0).contains(&v) => Ok(v),
        _ => Err(format!(
            "`{s}` is not a speed: expected a number from 0 to 100000, e.g. 60"
        )),
    }
}

/// The address `deroule serve` listens on unless told otherwise: this machine only.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8080";

/// Reads a `--listen` value: `HOST:PORT`, or a port alone (on loopback).
pub fn parse_listen(text: &str) -> Result<SocketAddr, String> {
    if let Ok(port) = text.parse::<u16>() {
        return Ok(SocketAddr::from(([127, 0, 0, 1], port)));
    }
    text.parse().map_err(|_| {
        format!("`{text}` is not an address to listen on: expected HOST:PORT such as 127.0.0.1:8080 or 0.0.0.0:80, or a port")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listen_takes_an_address_or_a_port() {
        assert_eq!(
            parse_listen("8081"),
            Ok(SocketAddr::from(([127, 0, 0, 1], 8081)))
        );
        assert_eq!(
            parse_listen("0.0.0.0:80"),
            Ok(SocketAddr::from(([0, 0, 0, 0], 80)))
        );
        assert!(parse_listen("[::1]:8080").is_ok());
        assert!(
            parse_listen("localhost")
                .expect_err("refused")
                .contains("HOST:PORT")
        );
    }
}
