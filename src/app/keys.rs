//! Keys and mouse gestures become [`Action`]s, in one table per situation (picker open, search
//! typing, the stage view, everything else). Reads the app to know what is on screen; changes
//! nothing.

use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::Position;

use super::picker::Facet;
use super::{Action, App, Mode, Overlay};

/// The action a key asks for, given what is on screen and who it is for.
pub fn action_for_key(key: KeyEvent, app: &App) -> Option<Action> {
    let (overlay, mode) = (app.overlays.shown, app.settings.mode);
    if key.kind == KeyEventKind::Release {
        return None;
    }
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if mode == Mode::Lobby {
        // A screen for a hallway: nothing to press by mistake but leaving.
        return match key.code {
            KeyCode::Char('q') | KeyCode::Esc => Some(Action::Quit),
            KeyCode::Char('c') if ctrl => Some(Action::Quit),
            _ => None,
        };
    }
    if overlay == Overlay::Picker {
        return match key.code {
            KeyCode::Char('c') if ctrl => Some(Action::Quit),
            KeyCode::Esc => Some(Action::Back),
            KeyCode::Enter => Some(Action::PickerAccept),
            KeyCode::Up => Some(Action::PickerMove(-1)),
            KeyCode::Down => Some(Action::PickerMove(1)),
            KeyCode::PageUp => Some(Action::PickerMove(-10)),
            KeyCode::PageDown => Some(Action::PickerMove(10)),
            KeyCode::Home => Some(Action::PickerMove(i32::MIN / 2)),
            KeyCode::End => Some(Action::PickerMove(i32::MAX / 2)),
            KeyCode::Backspace => Some(Action::PickerBackspace),
            KeyCode::Char(c) if !ctrl => Some(Action::PickerInput(c)),
            _ => None,
        };
    }
    if app.find.filter.typing {
        return match key.code {
            KeyCode::Char('c') if ctrl => Some(Action::Quit),
            KeyCode::Esc => Some(Action::Back),
            KeyCode::Enter | KeyCode::Down | KeyCode::Up => Some(Action::SearchAccept),
            KeyCode::Backspace => Some(Action::SearchBackspace),
            KeyCode::Char(c) if !ctrl => Some(Action::SearchInput(c)),
            _ => None,
        };
    }
    if app.stage.quit_asked {
        // `q` asked about unsaved actions: `q` again quits, anything else stays.
        return Some(match key.code {
            KeyCode::Char('q') => Action::Quit,
            KeyCode::Char('c') if ctrl => Action::Quit,
            _ => Action::Stay,
        });
    }
    if app.stage.composing.is_some() {
        return match key.code {
            KeyCode::Char('c') if ctrl => Some(Action::Quit),
            KeyCode::Esc => Some(Action::Back),
            KeyCode::Enter => Some(Action::MessageAccept),
            KeyCode::Backspace => Some(Action::MessageBackspace),
            KeyCode::Char(c) if !ctrl => Some(Action::MessageInput(c)),
            _ => None,
        };
    }
    if let Mode::Facilitator(_) = mode
        && overlay == Overlay::None
    {
        let action = match key.code {
            KeyCode::Char(' ') => Some(Action::StartNext),
            KeyCode::Char('e') => Some(Action::EndNow),
            KeyCode::Char('s') => Some(Action::Skip),
            KeyCode::Char('m') => Some(Action::Compose),
            KeyCode::Char('+' | '=') => Some(Action::Adjust(1)),
            KeyCode::Char('-') => Some(Action::Adjust(-1)),
            KeyCode::Char('u') => Some(Action::Undo),
            _ => None,
        };
        if action.is_some() {
            return action;
        }
        // The attendee's search, favourites, filters and grid are not on the stage (its help
        // leaves them out): `/` started a search the stage never showed, so the next keys
        // filtered the list unseen.
        if let KeyCode::Char(
            '/' | 'f' | 'F' | 'r' | 'T' | 'K' | 'v' | '<' | '>' | 'z' | 'Z' | 'o',
        ) = key.code
        {
            return None;
        }
    }
    let action = match key.code {
        KeyCode::Char('c') if ctrl => Action::Quit,
        KeyCode::Char('q') => Action::Quit,
        KeyCode::Esc => Action::Back,
        KeyCode::Up | KeyCode::Char('k') => Action::Up,
        KeyCode::Down | KeyCode::Char('j') => Action::Down,
        KeyCode::PageUp => Action::PageUp,
        KeyCode::PageDown | KeyCode::Char(' ') => Action::PageDown,
        KeyCode::Home | KeyCode::Char('g') => Action::First,
        KeyCode::End | KeyCode::Char('G') => Action::Last,
        KeyCode::Enter if overlay == Overlay::Details => Action::Back,
        KeyCode::Enter => Action::OpenDetails,
        KeyCode::Char('n') => Action::FollowNow,
        // In the grid the arrows move between rooms; `[` `]` change day in either view.
        KeyCode::Left | KeyCode::Char('h') if app.grid_shown() => Action::GridColumn(-1),
        KeyCode::Right | KeyCode::Char('l') if app.grid_shown() => Action::GridColumn(1),
        KeyCode::Left | KeyCode::Char('h' | '[') => Action::PrevDay,
        KeyCode::Right | KeyCode::Char('l' | ']') => Action::NextDay,
        KeyCode::Char('t') => Action::ToggleLocal,
        KeyCode::Char('?') => Action::ToggleHelp,
        KeyCode::Char('!') => Action::ToggleMessages,
        KeyCode::Char('/') => Action::Search,
        KeyCode::Char('f') => Action::ToggleFavourite,
        KeyCode::Char('F') => Action::FavouritesOnly,
        KeyCode::Char('r') => Action::Pick(Facet::Room),
        KeyCode::Char('T') => Action::Pick(Facet::Track),
        KeyCode::Char('K') => Action::Pick(Facet::Kind),
        KeyCode::Char('v') => Action::ToggleGrid,
        KeyCode::Char('<') => Action::GridRooms(-1),
        KeyCode::Char('>') => Action::GridRooms(1),
        KeyCode::Char('z') => Action::ZoomIn,
        KeyCode::Char('Z') => Action::ZoomOut,
        KeyCode::Char('o') => Action::RoomView,
        _ => return None,
    };
    Some(action)
}

/// The action a mouse event asks for: the wheel scrolls, a left click selects.
pub fn action_for_mouse(mouse: MouseEvent) -> Option<Action> {
    match mouse.kind {
        MouseEventKind::ScrollUp => Some(Action::Scroll(-3)),
        MouseEventKind::ScrollDown => Some(Action::Scroll(3)),
        MouseEventKind::Down(MouseButton::Left) => {
            Some(Action::Click(Position::new(mouse.column, mouse.row)))
        }
        _ => None,
    }
}
