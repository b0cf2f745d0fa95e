//! deroule: follow an event's programme live in a terminal.
//!
//! Data flows one way: file → [`model`] (validated `Programme`) → timeline at `now` → view.
//!
//! - [`model`]: the programme's domain types, the YAML format and its validation.
//! - [`cli`]: the command line (clap definitions only).
//! - [`check`]: the `deroule check` command's summary.

pub mod check;
pub mod cli;
pub mod model;

/// The BlueHats « Mutualisons ! » day, shown when no file is given.
pub const BUNDLED: &str = include_str!("../data/bluehats-2022-07-01.yaml");
/// The name the bundled programme goes by in messages.
pub const BUNDLED_NAME: &str = "bluehats-2022-07-01.yaml (bundled)";
pub mod app;
pub mod clock;
pub mod delay;
pub mod i18n;
pub mod live;
pub mod reload;
pub mod report;
pub mod run;
pub mod timeline;
pub mod ui;
