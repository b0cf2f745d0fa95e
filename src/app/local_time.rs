//! The viewer's own time beside the event's (`t`, `--local`): whether it is shown and in which
//! zone. Knows nothing else of the app.

use chrono::{DateTime, FixedOffset, Local, Offset, TimeZone};
use chrono_tz::Tz;

use crate::model::Instant;

/// The viewer's own time zone, shown beside the event's with `t` / `--local`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zone {
    /// A named zone (tests, or `TZ=Area/City`).
    Named(Tz),
    /// Whatever the system says (`chrono::Local`).
    System,
}

impl Zone {
    pub fn offset_at(self, at: Instant) -> FixedOffset {
        match self {
            Zone::Named(tz) => tz.offset_from_utc_datetime(&at.naive_utc()).fix(),
            Zone::System => Local.offset_from_utc_datetime(&at.naive_utc()).fix(),
        }
    }

    pub fn at(self, at: Instant) -> DateTime<FixedOffset> {
        at.with_timezone(&self.offset_at(at))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LocalTime {
    pub is_shown: bool,
    pub viewer: Zone,
}

impl LocalTime {
    /// Whether the viewer's zone differs from the event's (`event`) at `now`.
    pub fn differs(&self, event: Tz, now: Instant) -> bool {
        let event = event.offset_from_utc_datetime(&now.naive_utc()).fix();
        event != self.viewer.offset_at(now)
    }
}
