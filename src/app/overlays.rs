//! The panels drawn over the programme: an item's details, the list of keys, the room / track /
//! kind picker; which one is open, how far it is scrolled, and the picker's own state. Knows
//! nothing of what the panels say: how far they can scroll is measured by the view and handed in.

use super::picker::Picker;

/// A panel drawn over the programme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    None,
    Details,
    Help,
    /// Every message of the session ([`super::Notices::messages`]).
    Messages,
    /// The room, track or kind picker ([`Overlays::picker`]).
    Picker,
}

#[derive(Debug, Clone)]
pub struct Overlays {
    pub shown: Overlay,
    /// How far the details, help or messages panel is scrolled.
    pub scroll: u16,
    /// How far the open panel can scroll, as the view measured it ([`Overlays::measured`]);
    /// until measured, unbounded (the view shows no further than the last line either way).
    scroll_limit: u16,
    /// The open picker (`r`, `T`, `K`), while [`Overlay::Picker`] is shown.
    pub picker: Option<Picker>,
}

impl Default for Overlays {
    fn default() -> Self {
        Overlays {
            shown: Overlay::None,
            scroll: 0,
            scroll_limit: u16::MAX,
            picker: None,
        }
    }
}

impl Overlays {
    pub fn is_open(&self) -> bool {
        self.shown != Overlay::None
    }

    /// Whether a panel that scrolls (details, help, messages) is open.
    pub fn scrolls(&self) -> bool {
        matches!(
            self.shown,
            Overlay::Details | Overlay::Help | Overlay::Messages
        )
    }

    pub fn open_details(&mut self) {
        self.shown = Overlay::Details;
        self.scroll = 0;
    }

    pub fn toggle_help(&mut self) {
        self.toggle(Overlay::Help);
    }

    /// Opens the messages panel at its first line, or closes it.
    pub fn toggle_messages(&mut self) {
        self.toggle(Overlay::Messages);
    }

    /// Opens `panel` at its first line (in place of any other), or closes it when it is open.
    fn toggle(&mut self, panel: Overlay) {
        self.shown = if self.shown == panel {
            Overlay::None
        } else {
            panel
        };
        self.scroll = 0;
    }

    pub fn open_picker(&mut self, picker: Picker) {
        self.picker = Some(picker);
        self.shown = Overlay::Picker;
    }

    /// Closes whatever is open (the picker's state goes with it).
    pub fn close(&mut self) {
        self.shown = Overlay::None;
        self.picker = None;
    }

    /// The picker leaves the screen, its state handed back (to apply its choice).
    pub fn take_picker(&mut self) -> Option<Picker> {
        self.shown = Overlay::None;
        self.picker.take()
    }

    /// How far the open panel can scroll, as measured by the view for the current screen.
    pub fn measured(&mut self, scroll_limit: u16) {
        self.scroll_limit = scroll_limit;
    }

    /// Scrolls the open details or help panel by `rows`, no further than its last line.
    pub fn scroll_by(&mut self, rows: i32) -> bool {
        let max = self.scroll_limit;
        let to = (i32::from(self.scroll) + rows).clamp(0, i32::from(max));
        let to = u16::try_from(to).unwrap_or(max);
        let changed = to != self.scroll;
        self.scroll = to;
        changed
    }

    /// Changes what is typed in the picker; the cursor goes back to the first entry.
    pub fn edit_picker(&mut self, edit: impl FnOnce(&mut String)) -> bool {
        let Some(open) = self.picker.as_mut() else {
            return false;
        };
        edit(&mut open.query);
        open.cursor = 0;
        true
    }

    /// Moves the picker's cursor by `by` among its `entries` (as narrowed by what is typed).
    pub fn move_picker(&mut self, by: i32, entries: usize) -> bool {
        let last = entries.saturating_sub(1);
        let Some(open) = self.picker.as_mut() else {
            return false;
        };
        let to = open.cursor.saturating_add_signed(by as isize).min(last);
        let moved = to != open.cursor;
        open.cursor = to;
        moved
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panel_scrolls_no_further_than_the_view_measured() {
        let mut overlays = Overlays::default();
        overlays.open_details();
        overlays.measured(5);
        assert!(overlays.scroll_by(100));
        assert_eq!(overlays.scroll, 5);
        assert!(!overlays.scroll_by(1), "held at the end, nothing moves");
        assert!(overlays.scroll_by(-1), "and one up answers at once");
        assert_eq!(overlays.scroll, 4);
        assert!(overlays.scroll_by(-10));
        assert_eq!(overlays.scroll, 0, "never above the first line");
    }

    #[test]
    fn until_measured_the_scroll_is_not_bounded() {
        let mut overlays = Overlays::default();
        overlays.toggle_help();
        assert!(overlays.scroll_by(300));
        assert_eq!(overlays.scroll, 300);
        overlays.toggle_help();
        assert_eq!((overlays.shown, overlays.scroll), (Overlay::None, 0));
    }
}
