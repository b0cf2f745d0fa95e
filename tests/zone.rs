//! The right clock (#16): a schedule whose times name no venue zone says so, suggests the zone
//! it seems to mean, and `--time-zone` puts its instants on the venue's clock in every command.

mod common;

use chrono::TimeZone as _;
use common::cli::deroule;
use common::{find_row, options, render, row_text};
use deroule::app::App;
use deroule::import::{Options, import_bytes, import_with};
use ratatui::layout::Size;
use ratatui::style::Color;

const UTC_ONLY: &[u8] = include_bytes!("fixtures/import/utc-only.ics");
const NAME: &str = "utc-only.ics";

fn fixture() -> String {
    format!(
        "{}/tests/fixtures/import/utc-only.ics",
        env!("CARGO_MANIFEST_DIR")
    )
}

#[test]
fn utc_times_without_a_zone_are_flagged_with_the_zone_the_file_seems_to_mean() {
    let imported = import_bytes(UTC_ONLY, NAME).expect("imports");
    let p = &imported.programme;
    assert_eq!(p.tz, chrono_tz::UTC);
    let unnamed = p.unnamed_zone.as_ref().expect("no zone named");
    assert_eq!(unnamed.suggestion, Some(chrono_tz::Europe::Rome));
    // The malformed line is no longer ignored without a word.
    assert!(
        imported.warnings.iter().any(|w| w.starts_with(
            "utc-only.ics:5:1: warning: `VTIMEZONE: Europe/Rome` is not how iCalendar names a zone"
        )),
        "{:#?}",
        imported.warnings
    );
    assert!(
        imported
            .warnings
            .iter()
            .any(|w| w.contains("the file seems to mean Europe/Rome: --time-zone Europe/Rome")),
        "{:#?}",
        imported.warnings
    );
}

#[test]
fn a_venue_zone_keeps_the_instants_and_names_the_zone() {
    let options = Options {
        time_zone: Some(chrono_tz::Europe::Rome),
        ..Options::default()
    };
    let p = import_with(UTC_ONLY, NAME, &options)
        .expect("imports")
        .programme;
    assert_eq!(p.tz, chrono_tz::Europe::Rome);
    assert!(p.unnamed_zone.is_none());
    let first = &p.days[0].items[0];
    let utc = chrono::Utc
        .with_ymd_and_hms(2025, 5, 29, 7, 0, 0)
        .single()
        .expect("valid");
    assert_eq!(first.start, utc, "the same instant");
    assert_eq!(
        first.start.with_timezone(&p.tz).format("%H:%M").to_string(),
        "09:00",
        "on Rome's clock"
    );
}

#[test]
fn an_x_wr_timezone_deroule_cannot_read_suggests_the_zone_it_means() {
    let text =
        String::from_utf8_lossy(UTC_ONLY).replace("VTIMEZONE: Europe/Rome", "X-WR-TIMEZONE:london");
    let p = import_bytes(text.as_bytes(), NAME)
        .expect("imports")
        .programme;
    let unnamed = p.unnamed_zone.expect("still no zone");
    assert_eq!(unnamed.suggestion, Some(chrono_tz::Europe::London));
}

#[test]
fn the_header_says_the_times_are_utc_in_the_warning_style() {
    let p = import_bytes(UTC_ONLY, NAME).expect("imports").programme;
    let now = p.first_start();
    let app = App::new(p, now, Size::new(100, 30), options(true));
    let terminal = render(&app);
    let buf = terminal.backend().buffer();
    let y = find_row(buf, &["times in UTC — the file names no venue zone"]).expect("said");
    assert!(
        row_text(buf, y).contains("(--time-zone Europe/Rome?)"),
        "{}",
        row_text(buf, y)
    );
    assert_eq!(buf[(2, y)].fg, Color::Red, "in the warning style");
}

#[test]
fn every_command_reads_the_times_on_the_venue_clock_with_time_zone() {
    let file = fixture();
    let utc = deroule(&["now", &file, "--at", "09:30"]);
    assert_eq!(String::from_utf8_lossy(&utc.stdout), "Ended at 09:00\n");
    assert!(
        String::from_utf8_lossy(&utc.stderr)
            .contains("times in UTC — the file names no venue zone (--time-zone Europe/Rome?)"),
        "{}",
        String::from_utf8_lossy(&utc.stderr)
    );
    let rome = deroule(&["now", &file, "--at", "09:30", "--time-zone", "Europe/Rome"]);
    assert_eq!(
        String::from_utf8_lossy(&rome.stdout),
        "▶ Opening · ends 10:00 (in 30 min) → Keynote 10:00\n"
    );
    let agenda = deroule(&["agenda", &file, "--time-zone", "Europe/Rome", "--all"]);
    assert!(
        String::from_utf8_lossy(&agenda.stdout).contains("09:00"),
        "{}",
        String::from_utf8_lossy(&agenda.stdout)
    );
    let check = deroule(&["check", &file, "--time-zone", "Europe/Rome"]);
    assert!(check.status.success());
    assert!(String::from_utf8_lossy(&check.stdout).contains("time zone Europe/Rome"));
    let export = deroule(&["export", "--ics", &file, "--time-zone", "Europe/Rome"]);
    assert!(String::from_utf8_lossy(&export.stdout).contains("TZID=Europe/Rome"));
}

#[test]
fn a_programme_naming_its_zone_refuses_another() {
    let o = deroule(&["now", "--time-zone", "Europe/London"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains(
            "the programme names its zone (`time_zone: Europe/Paris`): --time-zone \
             Europe/London is for published schedules"
        ),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let same = deroule(&["now", "--time-zone", "Europe/Paris", "--at", "11:10"]);
    assert!(same.status.success());
}
