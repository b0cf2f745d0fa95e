//! How the viewer looks and whom it is for: the screen's mode, the colours, the viewer's own time
//! beside the event's. Set at start (`Options`); only `t` changes one of them while it runs.
//! Owns no programme state and knows nothing of the list, the grid or the notices.

use crate::model::Thresholds;
use crate::theme::Theme;

use super::LocalTime;

/// Who the screen is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Attendee,
    /// The stage view, with default thresholds from the command line.
    Facilitator(Thresholds),
    /// The lobby screen (`deroule lobby`): now and next for a projector, no keys but quitting.
    Lobby,
}

/// The viewer's settings while it runs.
#[derive(Debug, Clone)]
pub struct Settings {
    pub mode: Mode,
    pub theme: Theme,
    /// The viewer's own time beside the event's (`t`, `--local`).
    pub local_time: LocalTime,
}

impl Settings {
    /// Whether the screen is the facilitator's stage view.
    pub fn is_stage(&self) -> bool {
        matches!(self.mode, Mode::Facilitator(_))
    }
}
