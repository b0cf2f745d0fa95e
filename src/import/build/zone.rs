//! The programme's zone: given, named by the file, or guessed from its offsets; and the offsets
//! checked against it.

use chrono::{DateTime, FixedOffset, Offset, TimeZone, Timelike};
use chrono_tz::Tz;

use super::super::{Event, Options, Source, Warnings, When};
use crate::model::UnnamedZone;

/// The event's zone: the caller's, the file's, or one inferred from the UTC offsets; in the
/// last case, what the file seems to mean by the zone names it gives, if any.
pub(super) fn zone(src: &Source, options: Options, w: &mut Warnings) -> (Tz, Option<UnnamedZone>) {
    if let Some(tz) = options.time_zone {
        return (tz, None);
    }
    if let Some(tz) = src.time_zone {
        return (tz, None);
    }
    let suggestion = src
        .time_zone_name
        .iter()
        .chain(&src.zone_hints)
        .find_map(|name| crate::model::zone_meant(name));
    let hint = suggestion.map_or(String::new(), |tz| {
        format!(
            " (the file seems to mean {}: --time-zone {})",
            tz.name(),
            tz.name()
        )
    });
    let mut push = |message: String| w.push("zone", None, None, format!("{message}{hint}"));
    let tz = inferred(src, &named_in(src), &mut push);
    (tz, Some(UnnamedZone { suggestion }))
}

fn named_in(src: &Source) -> String {
    match &src.time_zone_name {
        Some(n) => format!("unknown time zone `{n}`"),
        None => "no time zone named in the file".to_owned(),
    }
}

/// The zone of the UTC offsets: UTC when there are none, a fixed offset when they are all the
/// same, else the first zone that has them all.
fn inferred(src: &Source, named: &str, push: &mut dyn FnMut(String)) -> Tz {
    let offsets: Vec<DateTime<FixedOffset>> = src
        .events
        .iter()
        .filter_map(|e| match e.start {
            When::Fixed(d) => Some(d),
            When::Local(_) => None,
        })
        .collect();
    let Some(first) = offsets.first() else {
        push(format!("{named} and no UTC offsets: times are read as UTC"));
        return Tz::UTC;
    };
    let seconds = first.offset().local_minus_utc();
    if offsets
        .iter()
        .all(|d| d.offset().local_minus_utc() == seconds)
    {
        let hours = seconds / 3600;
        let fixed = if seconds == 0 {
            Some(Tz::UTC)
        } else if seconds % 3600 == 0 {
            // IANA's `Etc/GMT-1` is UTC+01:00 (the sign is POSIX's).
            format!("Etc/GMT{:+}", -hours).parse().ok()
        } else {
            None
        };
        if let Some(tz) = fixed {
            push(format!(
                "{named}: every time is at UTC{}, so the zone is {}: the venue's wall clock is \
                 not known (give it with --time-zone, e.g. Europe/Berlin, which also follows \
                 clock changes)",
                first.format("%:z"),
                crate::i18n::zone_label(tz)
            ));
            return tz;
        }
    }
    // Offsets that vary (or are not whole hours): the first zone that has them all.
    let mut samples: Vec<DateTime<FixedOffset>> = offsets.clone();
    samples.sort_by_key(|d| (d.date_naive(), d.offset().local_minus_utc()));
    samples.dedup_by_key(|d| (d.date_naive(), d.offset().local_minus_utc()));
    let found = chrono_tz::TZ_VARIANTS
        .iter()
        .filter(|tz| !tz.name().starts_with("Etc/"))
        .find(|tz| {
            samples.iter().all(|d| {
                tz.offset_from_utc_datetime(&d.naive_utc())
                    .fix()
                    .local_minus_utc()
                    == d.offset().local_minus_utc()
            })
        })
        .copied();
    match found {
        Some(tz) => {
            push(format!(
                "{named}: the UTC offsets match {} (among others), taken as the event's \
                 zone; name the right one with --time-zone if it is not",
                tz.name()
            ));
            tz
        }
        None => {
            push(format!(
                "{named}, and no zone has all its UTC offsets: times are shown in UTC"
            ));
            Tz::UTC
        }
    }
}

/// Warns when the file's offsets disagree with its zone, or its wall `<start>` with its `<date>`.
pub(super) fn check_offsets(events: &[Event], tz: Tz, overridden: bool, w: &mut Warnings) {
    let mut offsets = 0;
    let mut example = None;
    for e in events {
        let When::Fixed(d) = e.start else { continue };
        let zone_offset = tz.offset_from_utc_datetime(&d.naive_utc()).fix();
        if zone_offset != *d.offset() {
            offsets += 1;
            example.get_or_insert_with(|| {
                format!(
                    "{} gives UTC{}, {} is at UTC{} then",
                    e.subject,
                    d.format("%:z"),
                    tz.name(),
                    DateTime::<FixedOffset>::from_naive_utc_and_offset(d.naive_utc(), zone_offset)
                        .format("%:z")
                )
            });
        }
        if let Some(stated) = e.stated_start {
            let local = d.with_timezone(&tz).time();
            if (local.hour(), local.minute()) != (stated.hour(), stated.minute()) {
                w.push(
                    "start and date",
                    e.at,
                    Some(&e.subject),
                    format!(
                        "its start {} is {} in {}: the absolute date-time `{}` is used",
                        stated.format("%H:%M"),
                        local.format("%H:%M"),
                        tz.name(),
                        d.to_rfc3339()
                    ),
                );
            }
        }
    }
    if let Some(example) = example {
        let what = if overridden {
            "the zone given"
        } else {
            "the file's zone"
        };
        w.push(
            "offsets",
            None,
            None,
            format!(
                "{} a UTC offset that is not {what}'s ({example}): the absolute times are kept",
                if offsets == 1 {
                    "1 event has".to_owned()
                } else {
                    format!("{offsets} events have")
                }
            ),
        );
    }
}
