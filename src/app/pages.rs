//! The lobby's pages of room cards: which turn of the pages it is, counted in real seconds (never
//! the programme clock: `--at` stops it and the pages would never turn, `--speed` races it and
//! they would flicker). The loop tells how much real time has passed ([`super::Action::Elapsed`]);
//! nothing here reads a clock. Which page a turn shows is [`crate::lobby::page_at`]'s.

use std::time::Duration;

use crate::lobby::PAGE_SECONDS;

/// Real time since the lobby started, as last told.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pages {
    elapsed: Duration,
}

impl Pages {
    /// How many times the pages have turned: one every [`PAGE_SECONDS`] of real time.
    pub fn turns(self) -> u64 {
        self.elapsed.as_secs() / PAGE_SECONDS.unsigned_abs()
    }

    /// Real time has passed until `elapsed`: whether the pages turned.
    pub fn elapse(&mut self, elapsed: Duration) -> bool {
        let before = self.turns();
        self.elapsed = elapsed;
        self.turns() != before
    }

    /// Real time until the next turn, for the loop to wake then.
    pub fn until_turn(self) -> Duration {
        let period = Duration::from_secs(PAGE_SECONDS.unsigned_abs());
        let next = period * u32::try_from(self.turns() + 1).unwrap_or(u32::MAX);
        next.saturating_sub(self.elapsed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_turn_every_ten_real_seconds() {
        let mut pages = Pages::default();
        assert_eq!(pages.until_turn(), Duration::from_secs(10));
        assert!(!pages.elapse(Duration::from_millis(9_999)));
        assert_eq!(pages.until_turn(), Duration::from_millis(1));
        assert!(pages.elapse(Duration::from_secs(10)), "turned");
        assert_eq!(pages.turns(), 1);
        assert!(!pages.elapse(Duration::from_secs(15)));
        assert!(pages.elapse(Duration::from_secs(31)), "two turns at once");
        assert_eq!(pages.turns(), 3);
    }
}
