//! What the user (or the clock) asks of the app: one [`Action`] per intent, independent of the key
//! or mouse gesture that asked (those are mapped in `keys`). Holds no state and touches none.

use ratatui::layout::{Position, Size};

use crate::model::Instant;

use super::picker::Facet;

/// An intent; [`super::App::update`] routes each to the part that owns what it changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// The clock moved on.
    Tick(Instant),
    /// Real time has passed since the start, this much (whatever the programme clock does).
    Elapsed(std::time::Duration),
    Resize(Size),
    Up,
    Down,
    PageUp,
    PageDown,
    First,
    Last,
    /// Mouse wheel: move the view by rows without moving the clock.
    Scroll(i32),
    /// A click at a screen position.
    Click(Position),
    OpenDetails,
    /// Esc: close the overlay, leave the room view, clear the filters, leave the grid; never
    /// quits.
    Back,
    FollowNow,
    PrevDay,
    NextDay,
    ToggleLocal,
    ToggleHelp,
    /// `!`: the messages of the session (warnings, errors, reload news), or back from them.
    ToggleMessages,
    Quit,
    // Facilitator actions, recorded in the live record.
    /// The next item starts now (the running one ends now).
    StartNext,
    /// The running item ends now.
    EndNow,
    /// Lengthen (or shorten) the running item by minutes.
    Adjust(i64),
    /// Take back the last recorded action.
    Undo,
    /// `s`: skip the selected item (one not started yet).
    Skip,
    /// `m`: write a message to attendees.
    Compose,
    /// A character typed into the message.
    MessageInput(char),
    MessageBackspace,
    /// Enter: the message is shown to attendees (an empty one clears it).
    MessageAccept,
    /// Any key but `q` after `q` asked about unsaved actions: the viewer stays.
    Stay,
    // Finding one's way in a big programme.
    /// `/`: start typing a search.
    Search,
    SearchInput(char),
    SearchBackspace,
    /// Enter: keep the search and move in its results.
    SearchAccept,
    /// Add or remove the selected item from the favourites.
    ToggleFavourite,
    /// Show only favourites, or everything again.
    FavouritesOnly,
    /// `r`, `T`, `K`: open the picker of rooms, tracks or kinds.
    Pick(Facet),
    /// A character typed into the picker.
    PickerInput(char),
    PickerBackspace,
    /// Move the picker's cursor by entries.
    PickerMove(i32),
    /// Enter: the entry under the picker's cursor becomes the filter.
    PickerAccept,
    /// Switch between the list and the rooms grid.
    ToggleGrid,
    /// Shift the rooms grid by columns.
    GridRooms(i32),
    /// Move the grid's cursor by rooms (to the item of the room reached at the cursor's time).
    GridColumn(i32),
    /// Shorter grid rows (more detail).
    ZoomIn,
    /// Longer grid rows (more time on screen).
    ZoomOut,
    /// The selected item's room alone ("what else is in this room today"), or back from it.
    RoomView,
}
