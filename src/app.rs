//! The application state: a composition of parts, each owning its fields, and [`App::update`],
//! which routes an [`Action`] to the part that owns it. Keys become actions in [`keys`]; the
//! view reads the app and never changes it; the loop performs the effects it asks for.
//!
//! | part | owns |
//! |---|---|
//! | [`snapshot`] | the plan, the expected programme, the forecast, the live record |
//! | [`list`] | the shown day, the cursor, the list's first row, following the clock |
//! | [`grid`] | the rooms grid: chosen or not, its columns, rows, zoom (pure layout in `grid::cells`) |
//! | [`find`] | search, filters, favourites, the room view; the derived `visible` and `day_hits` |
//! | [`overlays`] | details, help, the picker ([`picker`]) and their scroll |
//! | [`notices`] | the banner, the messages, the clock note, the reminders said, the effects for the loop |
//! | [`settings`] | the mode (attendee, stage, lobby), the theme, the viewer's own time ([`local_time`]) |
//! | [`facilitate`] | the stage's keys: recording, skipping, the message being written, quitting unsaved |
//!
//! Beside the parts, `impl App` blocks in their own files handle what crosses them:
//! [`changes`] (reloads, live records, the network), [`reminding`] (favourites' reminders),
//! [`grid_keys`] (the grid's keys and clicks), [`rules`] (one part's state re-derived from another's),
//! [`idle`] (keys that do nothing for this programme, and why).
//!
//! `update` sends each action to the part that owns it; when an action concerns several parts
//! (a day or filter change, following the clock, the room view), what follows in the others is
//! worked out by the functions of `app/rules.rs`, the only code that re-derives one part's state
//! from another's (`find`'s visible items, the grid's columns, the cursor's place).
//! The app does no I/O, never reads the clock and never imports the view: what only the screen
//! knows (its size, how far an open panel scrolls) comes in as data.

pub mod action;
mod changes;
pub mod facilitate;
pub mod find;
pub mod grid;
mod grid_keys;
pub mod idle;
pub mod keys;
pub mod list;
pub mod local_time;
pub mod notices;
pub mod overlays;
pub mod pages;
pub mod picker;
mod reminding;
mod rules;
pub mod settings;
pub mod snapshot;

use ratatui::layout::{Position, Rect, Size};

use crate::favourites::Favourites;
use crate::i18n::Lang;
use crate::layout::{self, Regions, Screen};
use crate::live;
use crate::model::{Instant, Item, Programme};
use crate::remind::Reminders;
use crate::theme::Theme;
use crate::timeline::{Moment, Phase};

pub use action::Action;
pub use facilitate::Stage;
pub use find::{Filter, Find, fold, rank};
pub use grid::{Grid, View};
pub use keys::{action_for_key, action_for_mouse};
pub use list::{List, Row};
pub use local_time::{LocalTime, Zone};
pub use notices::{About, Banner, Effect, Level, Message, Notices};
pub use overlays::{Overlay, Overlays};
pub use pages::Pages;
pub use settings::{Mode, Settings};
pub use snapshot::{Live, Snapshot};

use grid::{Geometry, Shown};
use picker::{Facet, Picker};
use snapshot::Recording;

/// How the viewer was started, for the header and the first frame.
#[derive(Debug, Clone)]
pub struct Options {
    pub show_local: bool,
    pub viewer: Zone,
    pub theme: Theme,
    /// Said in the header when the clock is not the real one (`--at`, `--speed`, `--today`).
    pub clock_note: Option<String>,
    pub mode: Mode,
    pub lang: Lang,
    pub live: Option<Live>,
    pub favourites: Favourites,
    /// Remind of favourites this long before they start (`--remind`), and say when one moves.
    pub remind: Option<chrono::TimeDelta>,
}

#[derive(Debug, Clone)]
pub struct App {
    pub snapshot: Snapshot,
    pub list: List,
    pub grid: Grid,
    pub find: Find,
    pub overlays: Overlays,
    pub notices: Notices,
    pub settings: Settings,
    pub stage: Stage,
    /// The lobby's pages of room cards, turned in real time.
    pub pages: Pages,
    pub now: Instant,
    pub size: Size,
    /// The language of labels and dates.
    pub lang: Lang,
    pub should_quit: bool,
}

/// The shown day as the grid reads it, from the parts that hold it (a free function, so the
/// grid can be borrowed mutably beside it).
fn shown<'a>(snapshot: &'a Snapshot, find: &'a Find, list: &List, now: Instant) -> Shown<'a> {
    Shown {
        day: &snapshot.programme.days[list.day],
        visible: find.visible(),
        selected: list.selected,
        now,
        tz: snapshot.programme.tz,
    }
}

impl App {
    pub fn new(programme: Programme, now: Instant, size: Size, options: Options) -> Self {
        let mut app = App {
            snapshot: Snapshot::new(programme, options.live, now),
            list: List::default(),
            grid: Grid::default(),
            find: Find::new(options.favourites),
            overlays: Overlays::default(),
            notices: Notices::new(options.clock_note, options.remind.map(Reminders::new)),
            settings: Settings {
                mode: options.mode,
                theme: options.theme,
                local_time: LocalTime {
                    is_shown: options.show_local,
                    viewer: options.viewer,
                },
            },
            stage: Stage::default(),
            pages: Pages::default(),
            now,
            size,
            lang: options.lang,
            should_quit: false,
        };
        app.notices.expire(now);
        app.refilter();
        app.follow();
        app.remind_due();
        app
    }

    // ---- Queries the view and the keys share ----

    pub fn moment(&self) -> Moment<'_> {
        self.snapshot.moment(self.now)
    }

    /// The shown day's items (expected times).
    pub fn items(&self) -> &[Item] {
        self.snapshot.items(self.list.day)
    }

    pub fn selected_item(&self) -> Option<&Item> {
        self.items().get(self.list.selected)
    }

    /// The shown day as the grid reads it.
    pub fn shown(&self) -> Shown<'_> {
        shown(&self.snapshot, &self.find, &self.list, self.now)
    }

    /// Whether the viewer's zone differs from the event's at `now`.
    pub fn local_differs(&self) -> bool {
        self.settings
            .local_time
            .differs(self.snapshot.programme.tz, self.now)
    }

    /// Whether the item is one of the favourites.
    pub fn is_favourite(&self, item: &Item) -> bool {
        self.find.is_favourite(&self.snapshot.plan, item)
    }

    /// Whether `item`, a favourite of the shown day, overlaps another favourite.
    pub fn clashes(&self, item: &Item) -> bool {
        self.find.clashes(&self.snapshot.plan, self.items(), item)
    }

    /// Rows of the shown day: its visible items, with the now-line where `now` falls when nothing
    /// runs.
    pub fn rows(&self) -> Vec<Row> {
        list::rows(
            self.items(),
            self.find.visible(),
            self.now,
            self.shows_now_line(),
        )
    }

    /// Whether the now-line is in the shown day's rows: today, when nothing runs (in the room
    /// view, nothing in that room, though other rooms run).
    fn shows_now_line(&self) -> bool {
        let moment = self.moment();
        let room = self.find.filter.room.as_deref();
        moment.day == self.list.day
            && (moment.phase != Phase::Running
                || room
                    .is_some_and(|r| moment.running.iter().all(|i| i.room.as_deref() != Some(r))))
    }

    /// The facilitator's message to attendees at `now`, shown in the banner row when no notice
    /// is; with parallel rooms, each room's facilitator's, named by its room (only the room's
    /// in the room view or with a room filter).
    pub fn message(&self) -> Option<std::borrow::Cow<'_, str>> {
        if let Some(text) = self.snapshot.message(self.now) {
            return Some(text.into());
        }
        let room = self.find.filter.room.as_deref();
        let messages = self.snapshot.room_messages(self.now, room);
        if messages.is_empty() {
            return None;
        }
        let said: Vec<String> = messages
            .iter()
            .map(|(r, m)| {
                if room.is_some() {
                    (*m).to_owned()
                } else {
                    format!("{r}: {m}")
                }
            })
            .collect();
        Some(said.join(" · ").into())
    }

    /// What the layout of the screen depends on besides its size.
    pub fn screen(&self) -> Screen {
        Screen {
            is_stage: self.settings.is_stage(),
            has_banner: self.notices.banner.is_some() || self.message().is_some(),
        }
    }

    /// Where each region goes at the current size.
    fn regions(&self) -> Regions {
        layout::regions(Rect::from((Position::ORIGIN, self.size)), self.screen())
    }

    /// Rows the programme list can show at the current size.
    pub fn list_height(&self) -> usize {
        self.regions().list.height as usize
    }

    /// Where the rooms grid goes at the current size, when it is on screen.
    pub fn grid_geometry(&self) -> Option<Geometry> {
        self.grid.geometry(self.regions().list_block)
    }

    pub fn grid_shown(&self) -> bool {
        self.grid_geometry().is_some()
    }

    /// The open picker's entries that match what is typed.
    pub fn picker_list(&self) -> Vec<picker::Choice> {
        let Some(open) = &self.overlays.picker else {
            return Vec::new();
        };
        let choices = self.picker_choices(open.facet);
        picker::narrow(&choices, &open.query)
            .into_iter()
            .map(|i| choices[i].clone())
            .collect()
    }

    fn picker_choices(&self, facet: Facet) -> Vec<picker::Choice> {
        self.find
            .picker_choices(&self.snapshot.plan, self.items(), facet, self.lang)
    }

    /// What the view measured that the app cannot know: how far the open details or help panel
    /// can scroll (its wrapped lines against its height). The loop tells it before each action.
    pub fn measured(&mut self, panel_scroll_limit: u16) {
        self.overlays.measured(panel_scroll_limit);
    }

    /// Takes the work `update` asked for.
    pub fn take_effects(&mut self) -> Vec<Effect> {
        self.notices.take_effects()
    }

    // ---- Routing ----

    /// Applies an action; returns whether anything visible changed.
    pub fn update(&mut self, action: Action) -> bool {
        // What a facilitator's key answered stays until the next action.
        let answered = self
            .notices
            .banner
            .as_ref()
            .is_some_and(|b| b.about == About::Facilitator);
        if answered
            && !matches!(
                action,
                Action::Tick(_) | Action::Elapsed(_) | Action::Resize(_)
            )
        {
            self.notices.clear(About::Facilitator);
            self.route(action);
            return true;
        }
        self.route(action)
    }

    /// [`App::update`] once the previous answer is taken away.
    fn route(&mut self, action: Action) -> bool {
        if let Some(why) = idle::why_idle(self, &action) {
            self.notices.news(About::Key, why, self.now);
            return true;
        }
        match action {
            Action::Tick(now) => {
                let changed = now.timestamp() != self.now.timestamp();
                self.now = now;
                self.notices.expire(now);
                if changed {
                    self.snapshot.refresh(now);
                }
                if self.list.following {
                    self.follow();
                }
                changed | self.remind_due()
            }
            // Only the lobby shows what real time turns.
            Action::Elapsed(real) => self.pages.elapse(real) && self.settings.mode == Mode::Lobby,
            Action::StartNext => self.record(Recording::StartNext),
            Action::EndNow => self.record(Recording::EndNow),
            Action::Adjust(minutes) => self.record(Recording::Adjust(minutes)),
            Action::Undo => self.undo(),
            Action::Skip => self.skip(),
            Action::Compose => self.compose(),
            Action::MessageInput(c) => self.compose_edit(Some(c)),
            Action::MessageBackspace => self.compose_edit(None),
            Action::MessageAccept => self.compose_accept(),
            Action::Stay => std::mem::take(&mut self.stage.quit_asked),
            Action::Resize(size) => {
                self.size = size;
                self.follow_or_keep(false);
                true
            }
            Action::Up | Action::Down if self.overlays.is_open() => {
                let delta = if action == Action::Up { -1 } else { 1 };
                self.overlays.scroll_by(delta)
            }
            // The mouse wheel over an open panel scrolls the panel, not the list beneath.
            Action::Scroll(rows) if self.overlays.scrolls() => self.overlays.scroll_by(rows),
            // So do the page and end keys: the list hidden under the help or the details stays
            // where it is, and keeps following the clock.
            Action::PageUp | Action::PageDown | Action::First | Action::Last
                if self.overlays.scrolls() =>
            {
                let page = i32::from(self.size.height.saturating_sub(6).max(1));
                let rows = match action {
                    Action::PageUp => -page,
                    Action::PageDown => page,
                    Action::First => i32::MIN / 2,
                    _ => i32::MAX / 2,
                };
                self.overlays.scroll_by(rows)
            }
            Action::Up | Action::Down | Action::First | Action::Last if self.grid_shown() => {
                let steps = match action {
                    Action::Up => -1,
                    Action::Down => 1,
                    Action::First => isize::MIN / 2,
                    _ => isize::MAX / 2,
                };
                let shown = shown(&self.snapshot, &self.find, &self.list, self.now);
                let to = self.grid.step_by(&shown, steps);
                to.is_some_and(|i| self.select(i))
            }
            Action::PageUp | Action::PageDown if self.grid_shown() => {
                let geometry = self.grid_geometry();
                let shown = shown(&self.snapshot, &self.find, &self.list, self.now);
                let to = self.grid.page(&shown, geometry, action == Action::PageDown);
                to.is_some_and(|i| self.select(i))
            }
            Action::Up => self.move_by(-1),
            Action::Down => self.move_by(1),
            Action::PageUp => self.move_by(-(self.list_height().saturating_sub(1).max(1) as isize)),
            Action::PageDown => self.move_by(self.list_height().saturating_sub(1).max(1) as isize),
            Action::First => self.move_by(isize::MIN / 2),
            Action::Last => self.move_by(isize::MAX / 2),
            Action::Search => {
                self.find.filter.typing = true;
                self.overlays.shown = Overlay::None;
                true
            }
            Action::SearchInput(c) => {
                self.find.filter.query.push(c);
                self.after_filter_change()
            }
            Action::SearchBackspace => {
                self.find.filter.query.pop();
                self.after_filter_change()
            }
            Action::SearchAccept => {
                self.find.filter.typing = false;
                if self.find.has_query() {
                    self.accept_search();
                }
                true
            }
            Action::ToggleFavourite => self.toggle_favourite(),
            Action::FavouritesOnly => {
                self.find.filter.favourites_only = !self.find.filter.favourites_only;
                self.after_filter_change()
            }
            Action::Pick(facet) => self.open_picker(facet),
            Action::PickerInput(c) => self.overlays.edit_picker(|q| q.push(c)),
            Action::PickerBackspace => self.overlays.edit_picker(|q| {
                q.pop();
            }),
            Action::PickerMove(by) => {
                let entries = self.picker_list().len();
                self.overlays.move_picker(by, entries)
            }
            Action::PickerAccept => self.accept_picker(),
            // A programme without rooms has no grid to show (its footer offers none).
            Action::ToggleGrid
                if self.grid.view == View::List && self.snapshot.plan.rooms.is_empty() =>
            {
                false
            }
            Action::ToggleGrid => {
                let shown = shown(&self.snapshot, &self.find, &self.list, self.now);
                self.grid.toggle(&shown);
                self.follow_or_keep(true);
                true
            }
            Action::GridRooms(by) => self.grid_shift(by),
            Action::GridColumn(by) => {
                let geometry = self.grid_geometry();
                let shown = shown(&self.snapshot, &self.find, &self.list, self.now);
                let to = self.grid.move_column(&shown, geometry, by);
                to.is_some_and(|i| self.select(i))
            }
            Action::ZoomIn => self.zoom(true),
            Action::ZoomOut => self.zoom(false),
            Action::RoomView => self.toggle_room_view(),
            Action::Scroll(rows) if self.grid_shown() => self.grid_scroll(rows),
            Action::Scroll(rows) => {
                let (all, height) = (self.rows(), self.list_height());
                self.list.scroll(&all, height, rows)
            }
            Action::Click(at) if !self.overlays.is_open() && self.grid_shown() => {
                self.grid_click(at)
            }
            Action::Click(at) => self.click(at),
            Action::OpenDetails => {
                if !self.find.is_shown(self.list.selected) {
                    return false;
                }
                self.overlays.open_details();
                true
            }
            Action::Back => self.back(),
            Action::FollowNow => {
                self.list.following = true;
                self.overlays.shown = Overlay::None;
                self.follow();
                true
            }
            Action::PrevDay => self.show_day(self.list.day.checked_sub(1)),
            Action::NextDay => self.show_day(Some(self.list.day + 1)),
            Action::ToggleLocal => {
                self.settings.local_time.is_shown = !self.settings.local_time.is_shown;
                true
            }
            Action::ToggleHelp => {
                self.overlays.toggle_help();
                true
            }
            Action::ToggleMessages => {
                self.overlays.toggle_messages();
                // Read once seen: the footer's count starts again from nothing.
                self.notices.mark_read();
                true
            }
            Action::Quit => self.quit(),
        }
    }

    fn toggle_favourite(&mut self) -> bool {
        let Some(item) = self
            .selected_item()
            .filter(|_| self.find.is_shown(self.list.selected))
        else {
            return false;
        };
        let key = live::key(&self.snapshot.plan, item);
        self.find.favourites.toggle(&key);
        self.notices.ask(Effect::SaveFavourites);
        if self.find.filter.favourites_only {
            self.after_filter_change();
        }
        true
    }

    /// Esc: stop writing the message, else close the panel, else leave the room view (its search
    /// first), else clear the filters, else leave the grid; else nothing (Esc never quits).
    fn back(&mut self) -> bool {
        let filter = &self.find.filter;
        if self.stage.composing.take().is_some() {
            // The message being written is dropped; the one shown stays.
        } else if self.overlays.is_open() {
            self.overlays.close();
        } else if self.find.room_view.is_some() && (filter.typing || !filter.query.is_empty()) {
            // A search within the room view goes first.
            self.find.filter.query.clear();
            self.find.filter.typing = false;
            self.after_filter_change();
        } else if let Some(back) = self.find.room_view.take() {
            self.go_back(*back);
        } else if filter.is_active() || filter.typing {
            // Esc takes the filters away.
            self.find.filter = Filter::default();
            self.after_filter_change();
        } else if self.grid.view == View::Grid {
            // Then back from the grid to the list, as from any other view.
            return self.update(Action::ToggleGrid);
        } else {
            // Nothing to leave: Esc does not quit a view meant to stay open all day (`q` does).
            return false;
        }
        true
    }

    /// Opens the picker of `facet`, its cursor on the value in force.
    fn open_picker(&mut self, facet: Facet) -> bool {
        let current = self.find.facet(facet);
        let cursor = self
            .picker_choices(facet)
            .iter()
            .position(|c| c.value == current)
            .unwrap_or(0);
        self.overlays.open_picker(Picker {
            facet,
            query: String::new(),
            cursor,
        });
        true
    }

    /// The entry under the picker's cursor becomes the filter of its facet.
    fn accept_picker(&mut self) -> bool {
        let list = self.picker_list();
        // Nothing under the cursor (nothing matches what is typed): the picker stays open.
        let Some(choice) = self
            .overlays
            .picker
            .as_ref()
            .and_then(|p| list.get(p.cursor))
        else {
            return false;
        };
        let Some(open) = self.overlays.take_picker() else {
            return false;
        };
        self.find.set_facet(open.facet, choice.value.clone());
        self.after_filter_change()
    }

    /// A click in the list selects the item under it; a second click opens it. Any click closes
    /// an open panel.
    fn click(&mut self, at: Position) -> bool {
        if self.overlays.is_open() {
            self.overlays.close();
            return true;
        }
        let list = self.regions().list;
        if !list.contains(at) {
            return false;
        }
        match self.list.row_at(&self.rows(), at.y - list.y) {
            Some(Row::Item(i)) if i == self.list.selected && !self.list.following => {
                self.overlays.open_details();
                true
            }
            Some(Row::Item(i)) => self.select(i),
            _ => false,
        }
    }
}
