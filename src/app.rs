//! The application state, the actions that change it, and `update`.
//!
//! `App` is the only mutable state of the viewer; the view reads it. Keys and mouse events become
//! [`Action`]s in [`action_for_key`] / [`action_for_mouse`]; only [`App::update`] changes state,
//! and it says whether anything visible changed so the loop can skip a redraw.

pub mod grid;
pub mod picker;

use chrono::{DateTime, FixedOffset, Local, Offset, TimeZone};
use chrono_tz::Tz;
use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::{Position, Rect, Size};

use crate::delay::{self, Forecast};
use crate::favourites::Favourites;
use crate::i18n::Lang;
use crate::layout::{self, Regions, Screen};
use crate::live::{self, Entry, Record};
use crate::model::{Instant, Item, Kind, Programme, Thresholds};
use crate::reload::{self, Change};
use crate::theme::Theme;
use crate::timeline::{self, Moment, Phase};

use picker::{Facet, Picker, Value};

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

/// A panel drawn over the programme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    None,
    Details,
    Help,
    /// The room, track or kind picker ([`App::picker`]).
    Picker,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// The clock moved on.
    Tick(Instant),
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
    /// Esc: close the overlay, or quit when none is open.
    Back,
    FollowNow,
    PrevDay,
    NextDay,
    ToggleLocal,
    ToggleHelp,
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

/// How the shown day is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// One row per item.
    List,
    /// Rooms as columns, time as rows.
    Grid,
}

/// What the programme list shows: items matching a search, favourites only, one room.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub query: String,
    /// Keys go to the search box.
    pub typing: bool,
    pub favourites_only: bool,
    pub room: Option<String>,
    pub track: Option<String>,
    pub kind: Option<Kind>,
}

impl Filter {
    pub fn is_active(&self) -> bool {
        !self.query.is_empty()
            || self.favourites_only
            || self.room.is_some()
            || self.track.is_some()
            || self.kind.is_some()
    }
}

/// Lower case without accents, for searching: `Échange` finds `echange`, `Straße` finds
/// `strasse`, `Łódź` finds `lodz`.
pub fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        let plain = match c {
            'ß' => "ss",
            'æ' => "ae",
            'œ' => "oe",
            'þ' => "th",
            'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' | 'ā' | 'ă' | 'ą' => "a",
            'ç' | 'ć' | 'č' => "c",
            'ď' | 'đ' | 'ð' => "d",
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
            'ğ' => "g",
            'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => "i",
            'ł' | 'ľ' | 'ĺ' => "l",
            'ñ' | 'ń' | 'ň' => "n",
            'ò' | 'ó' | 'ô' | 'ö' | 'õ' | 'ø' | 'ō' | 'ő' => "o",
            'ř' => "r",
            'ś' | 'š' | 'ş' | 'ș' => "s",
            'ť' | 'ţ' | 'ț' => "t",
            'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => "u",
            'ÿ' | 'ý' => "y",
            'ź' | 'ż' | 'ž' => "z",
            '’' => "'",
            c => {
                folded.push(c);
                continue;
            }
        };
        folded.push_str(plain);
    }
    folded
}

/// The words of folded text, for the search: split at anything not a letter or digit.
fn words(folded: &str) -> impl Iterator<Item = &str> {
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// How well an item matches the search words (each of which must start a word of the item):
/// 0 all in the title, 1 with the subtitle and speakers, 2 with the track and room, 3 only with
/// the description; `None`: no match. The best result of a search is a title hit, not the talk
/// whose abstract mentions the words in passing.
pub fn rank(item: &Item, query: &[String]) -> Option<u8> {
    if query.is_empty() {
        return Some(0);
    }
    let tiers: [Vec<&String>; 4] = [
        vec![&item.title],
        item.subtitle.iter().chain(&item.speakers).collect(),
        item.track.iter().chain(&item.room).collect(),
        item.description.iter().collect(),
    ];
    let mut seen: Vec<String> = Vec::new();
    for (rank, fields) in (0u8..).zip(tiers) {
        for field in fields {
            seen.extend(words(&fold(field)).map(str::to_owned));
        }
        if query
            .iter()
            .all(|q| seen.iter().any(|w| w.starts_with(q.as_str())))
        {
            return Some(rank);
        }
    }
    None
}

/// The search words of a query, folded.
fn query_words(query: &str) -> Vec<String> {
    words(&fold(query)).map(str::to_owned).collect()
}

/// Something `update` asks the loop to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Write the live record to its file.
    SaveLive,
    /// Write the favourites to their file.
    SaveFavourites,
}

/// Who the screen is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Attendee,
    /// The stage view, with default thresholds from the command line.
    Facilitator(Thresholds),
}

/// A line shown above the programme: a broken reload, or what a reload changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Banner {
    pub text: String,
    pub is_error: bool,
    /// When it goes away by itself (errors stay until fixed).
    pub until: Option<Instant>,
    /// What it is about, so the news that fixes it can take it away.
    pub about: About,
}

/// The subject of a banner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum About {
    /// The programme file (a reload, good or broken).
    Programme,
    /// The live record as read from disk.
    Live,
    /// Saving the live record or the favourites.
    Saving,
}

/// Where the room view (`o`) came from, to go back there.
#[derive(Debug, Clone)]
pub struct Return {
    view: View,
    filter: Filter,
    day: usize,
    selected: usize,
    offset: usize,
    following: bool,
    grid_room: usize,
    grid_column: usize,
    grid_top: usize,
}

/// The live record and where it lives.
#[derive(Debug, Clone)]
pub struct Live {
    pub path: std::path::PathBuf,
    pub record: Option<Record>,
}

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
}

#[derive(Debug, Clone)]
pub struct App {
    /// The programme as planned (as loaded).
    pub plan: Programme,
    /// The programme as expected: the plan with the live record's expected times for the day of
    /// `now`. The same as `plan` without a record.
    pub programme: Programme,
    /// The delay model's view of the day of `now`, when there is a live record.
    pub forecast: Option<Forecast>,
    /// The day of `programme` that carries expected times instead of planned ones.
    patched_day: Option<usize>,
    pub live: Option<Live>,
    pub mode: Mode,
    pub banner: Option<Banner>,
    pub filter: Filter,
    pub favourites: Favourites,
    /// The shown day's items that pass the filter: derived from `day`, `filter`, `favourites` and
    /// the programme, kept because every frame and every key asks for it. Refreshed by
    /// [`App::refilter`] wherever one of those changes.
    visible: Vec<usize>,
    /// The grid's columns for `visible` ([`App::grid_rooms`]), refreshed with it.
    grid_room_names: Vec<String>,
    /// How many items of each day pass the filter, while one is active (empty otherwise):
    /// refreshed with `visible`, so a search says what it finds on the other days.
    day_hits: Vec<usize>,
    /// The open picker (`r`, `T`, `K`), shown while the overlay is [`Overlay::Picker`].
    pub picker: Option<Picker>,
    /// The list, or the rooms grid.
    pub view: View,
    /// The first room column of the grid.
    pub grid_room: usize,
    /// The grid cursor's column (an index into [`App::grid_rooms`]) while the selected item is in
    /// no room (a plenary item is in every column). An item in a room is in that room's column.
    pub grid_column: usize,
    /// The first time row the grid shows (see [`grid::Slots`]).
    pub grid_top: usize,
    /// Minutes per grid row chosen with `z` / `Z`; `None`: automatic.
    pub grid_zoom: Option<i64>,
    /// The automatic row length for the shown day and filter ([`grid::auto_minutes`]), refreshed
    /// with `visible` while the grid is shown.
    grid_auto: i64,
    /// In the room view (`o`): where to go back to.
    pub room_view: Option<Box<Return>>,
    /// Work for the loop (saving the live record), taken by [`App::take_effects`].
    pub effects: Vec<Effect>,
    pub now: Instant,
    /// The day shown.
    pub day: usize,
    /// The item under the cursor, an index into the shown day's items.
    pub selected: usize,
    /// First visible row of the programme list.
    pub offset: usize,
    /// Keep the current item in view as time passes (until the user scrolls).
    pub following: bool,
    pub show_local: bool,
    pub viewer: Zone,
    pub overlay: Overlay,
    pub details_scroll: u16,
    /// How far the open panel can scroll, as the view measured it ([`App::measured`]); until
    /// measured, unbounded (the view shows no further than the last line either way).
    panel_scroll_limit: u16,
    pub size: Size,
    pub theme: Theme,
    pub clock_note: Option<String>,
    /// The language of labels and dates.
    pub lang: Lang,
    pub should_quit: bool,
}

/// One row of the programme list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Item(usize),
    /// The now-line, between two items when nothing runs.
    Now,
}

impl App {
    pub fn new(programme: Programme, now: Instant, size: Size, options: Options) -> Self {
        let mut app = App {
            plan: programme.clone(),
            programme,
            forecast: None,
            patched_day: None,
            live: options.live,
            mode: options.mode,
            banner: None,
            filter: Filter::default(),
            favourites: options.favourites,
            visible: Vec::new(),
            grid_room_names: Vec::new(),
            day_hits: Vec::new(),
            picker: None,
            view: View::List,
            grid_room: 0,
            grid_column: 0,
            grid_top: 0,
            grid_zoom: None,
            grid_auto: grid::AUTO_MAX,
            room_view: None,
            effects: Vec::new(),
            now,
            day: 0,
            selected: 0,
            offset: 0,
            following: true,
            show_local: options.show_local,
            viewer: options.viewer,
            overlay: Overlay::None,
            details_scroll: 0,
            panel_scroll_limit: u16::MAX,
            size,
            theme: options.theme,
            clock_note: options.clock_note,
            lang: options.lang,
            should_quit: false,
        };
        app.refresh();
        app.refilter();
        app.follow();
        app
    }

    /// Recomputes the expected programme from the plan, the live record and `now`.
    fn refresh(&mut self) {
        let record = self
            .live
            .as_ref()
            .and_then(|l| l.record.as_ref())
            .filter(|_| live::applies(&self.plan));
        let Some(record) = record else {
            self.forecast = None;
            self.unpatch();
            return;
        };
        // Every second: only the day of `now` is recomputed and patched, never the whole
        // programme copied.
        let (day, forecast) = live::day_forecast(&self.plan, record, self.now);
        if self.patched_day != Some(day) {
            self.unpatch();
        }
        live::apply(&mut self.programme, day, &forecast);
        self.patched_day = Some(day);
        self.forecast = Some(forecast);
    }

    /// Puts the planned times back into the day that carries expected times.
    fn unpatch(&mut self) {
        if let Some(day) = self.patched_day.take() {
            self.programme.days[day] = self.plan.days[day].clone();
        }
    }

    /// The forecast slot of an item of the expected programme, when there is a forecast.
    pub fn slot_of(&self, item: &Item) -> Option<&delay::Slot> {
        self.forecast
            .as_ref()?
            .slots
            .get(self.index_in_forecast_day(item)?)
    }

    /// The planned version of an item of the expected programme's forecast day.
    pub fn planned_of(&self, item: &Item) -> Option<&Item> {
        let index = self.index_in_forecast_day(item)?;
        self.plan.days[self.forecast_day()].items.get(index)
    }

    /// Where an item of the expected programme sits in the forecast day (the day of `now`):
    /// the plan, the expected programme and the forecast share that order.
    fn index_in_forecast_day(&self, item: &Item) -> Option<usize> {
        let items = &self.programme.days[self.forecast_day()].items;
        items.iter().position(|i| std::ptr::eq(i, item))
    }

    /// Seconds an item is running past the end it aimed for (a live record's overrun).
    pub fn overrun(&self, item: &Item) -> Option<i64> {
        let slot = self.slot_of(item)?;
        let over = (self.now - slot.target_end).num_seconds();
        (slot.phase == delay::Phase::Running && over > 0).then_some(over)
    }

    /// Whether the running items are all over time, so what comes next waits for them.
    pub fn waiting_on_overrun(&self) -> bool {
        let moment = self.moment();
        !moment.running.is_empty() && moment.running.iter().all(|i| self.overrun(i).is_some())
    }

    /// The planned version of an item of the shown day.
    pub fn planned(&self, index: usize) -> Option<&Item> {
        self.plan.days.get(self.day)?.items.get(index)
    }

    /// The day the forecast is about (the day of `now`).
    pub fn forecast_day(&self) -> usize {
        timeline::day_at(&self.plan, self.now)
    }

    /// Takes away the banner about `about`, if that is the one shown.
    pub fn clear_banner(&mut self, about: About) {
        if self.banner.as_ref().is_some_and(|b| b.about == about) {
            self.banner = None;
        }
    }

    /// What the layout of the screen depends on besides its size.
    pub fn screen(&self) -> Screen {
        Screen {
            is_stage: matches!(self.mode, Mode::Facilitator(_)),
            has_banner: self.banner.is_some(),
        }
    }

    /// Where each region goes at the current size.
    fn regions(&self) -> Regions {
        layout::regions(Rect::from((Position::ORIGIN, self.size)), self.screen())
    }

    /// What the view measured that the app cannot know: how far the open details or help panel
    /// can scroll (its wrapped lines against its height). The loop tells it before each action.
    pub fn measured(&mut self, panel_scroll_limit: u16) {
        self.panel_scroll_limit = panel_scroll_limit;
    }

    /// Takes the work `update` asked for.
    pub fn take_effects(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.effects)
    }

    /// Records a facilitator action; returns whether anything was recorded.
    fn record(&mut self, action: Action) -> bool {
        let Mode::Facilitator(_) = self.mode else {
            return false;
        };
        let Some(forecast) = &self.forecast else {
            return false;
        };
        let day = self.forecast_day();
        let items = &self.plan.days[day].items;
        let key = |i: usize| live::key(&self.plan, &items[i]);
        let running = forecast.running();
        let upcoming = forecast.upcoming();
        let entry = match action {
            Action::StartNext => upcoming.map(|u| Entry {
                at: self.now,
                action: live::Kind::Start,
                item: key(u),
                ended: running.map(key),
                minutes: None,
            }),
            Action::EndNow => running.map(|r| Entry {
                at: self.now,
                action: live::Kind::End,
                item: key(r),
                ended: None,
                minutes: None,
            }),
            Action::Adjust(minutes) => running
                .or(upcoming)
                // An item is never shorter than a minute: a further "-" would record nothing
                // visible, and make the next "+" do nothing either.
                .filter(|&i| {
                    let slot = &forecast.slots[i];
                    minutes > 0 || (slot.target_end - slot.start).num_seconds() + minutes * 60 >= 60
                })
                .map(|i| Entry {
                    at: self.now,
                    action: live::Kind::Adjust,
                    item: key(i),
                    ended: None,
                    minutes: Some(minutes),
                }),
            _ => None,
        };
        let Some(live) = self.live.as_mut() else {
            return false;
        };
        let Some(record) = live.record.as_mut() else {
            return false;
        };
        match (action, entry) {
            (Action::Undo, _) => {
                if record.actions.pop().is_none() {
                    return false;
                }
            }
            (_, Some(entry)) => record.actions.push(entry),
            (_, None) => return false,
        }
        self.effects.push(Effect::SaveLive);
        self.refresh();
        true
    }

    /// Applies what changed on disk.
    pub fn apply(&mut self, change: Change) -> bool {
        match change {
            Change::Programme(programme) => {
                let summary = reload::changes(&self.plan, &programme, self.lang);
                self.plan = *programme;
                self.programme = self.plan.clone();
                self.forecast = None;
                self.patched_day = None;
                self.day = self.day.min(self.plan.days.len() - 1);
                self.refilter();
                self.banner = Some(Banner {
                    text: format!(
                        "{} {summary}",
                        self.lang
                            .pick("programme reloaded:", "programme rechargé :")
                    ),
                    is_error: false,
                    until: Some(self.now + chrono::TimeDelta::seconds(15)),
                    about: About::Programme,
                });
                self.refresh();
                self.selected = self.selected.min(self.items().len().saturating_sub(1));
                if self.following {
                    self.follow();
                } else {
                    self.keep_selection_visible();
                    self.grid_place(false);
                }
            }
            Change::ProgrammeBroken(error) => {
                self.banner = Some(Banner {
                    text: format!(
                        "{} {error}",
                        self.lang.pick(
                            "not reloaded, showing the last good version:",
                            "non rechargé, dernière version valide affichée :"
                        )
                    ),
                    is_error: true,
                    until: None,
                    about: About::Programme,
                });
            }
            Change::Live(record) => {
                if let Some(live) = self.live.as_mut() {
                    live.record = record.map(|r| *r);
                }
                self.clear_banner(About::Live);
                self.refresh();
                if self.following {
                    self.follow();
                }
            }
            Change::LiveBroken(error) => {
                self.banner = Some(Banner {
                    text: error,
                    is_error: true,
                    until: None,
                    about: About::Live,
                });
            }
        }
        true
    }

    pub fn moment(&self) -> Moment<'_> {
        timeline::locate(&self.programme, self.now)
    }

    pub fn items(&self) -> &[Item] {
        &self.programme.days[self.day].items
    }

    pub fn selected_item(&self) -> Option<&Item> {
        self.items().get(self.selected)
    }

    /// Whether the viewer's zone differs from the event's at `now`.
    pub fn local_differs(&self) -> bool {
        let event = self
            .programme
            .tz
            .offset_from_utc_datetime(&self.now.naive_utc())
            .fix();
        event != self.viewer.offset_at(self.now)
    }

    /// Whether the item is one of the favourites.
    pub fn is_favourite(&self, item: &Item) -> bool {
        !self.favourites.is_empty() && self.favourites.contains(&live::key(&self.plan, item))
    }

    /// Whether `item`, a favourite of the shown day, overlaps another favourite (cancelled ones
    /// aside), at whatever time it is: the list marks it `⚠ CONFLICT`.
    pub fn clashes(&self, item: &Item) -> bool {
        self.is_favourite(item)
            && self.items().iter().any(|o| {
                !std::ptr::eq(o, item)
                    && o.state != crate::model::State::Cancelled
                    && o.start < item.end
                    && item.start < o.end
                    && self.is_favourite(o)
            })
    }

    /// Whether an item passes `filter`; `query` is the filter's search, as [`query_words`].
    fn passes(&self, filter: &Filter, item: &Item, query: &[String]) -> bool {
        if filter.room.is_some() && item.room != filter.room {
            return false;
        }
        if filter.track.is_some() && item.track != filter.track {
            return false;
        }
        if filter.kind.is_some_and(|k| k != item.kind) {
            return false;
        }
        if filter.favourites_only && !self.is_favourite(item) {
            return false;
        }
        // Every word of the query starts a word of the item: `rust` finds "Rust in the kernel",
        // not "trust".
        rank(item, query).is_some()
    }

    /// Indices of the shown day's items that the list shows.
    pub fn visible(&self) -> &[usize] {
        &self.visible
    }

    /// How many items of each day pass the filter (empty when no filter is active).
    pub fn day_hits(&self) -> &[usize] {
        &self.day_hits
    }

    /// Recomputes which items of the shown day pass the filter, and how many on each day.
    fn refilter(&mut self) {
        let query = query_words(&self.filter.query);
        if self.filter.is_active() {
            let pass = |day: &crate::model::Day| -> Vec<usize> {
                (0..day.items.len())
                    .filter(|&i| self.passes(&self.filter, &day.items[i], &query))
                    .collect()
            };
            let mut visible = Vec::new();
            let mut hits = Vec::with_capacity(self.programme.days.len());
            for (n, day) in self.programme.days.iter().enumerate() {
                let passing = pass(day);
                hits.push(passing.len());
                if n == self.day {
                    visible = passing;
                }
            }
            self.visible = visible;
            self.day_hits = hits;
        } else {
            self.visible = (0..self.items().len()).collect();
            self.day_hits = Vec::new();
        }
        self.grid_room_names = self.compute_grid_rooms();
        if self.view == View::Grid {
            self.grid_auto = self.grid_auto_minutes();
        }
    }

    /// Whether the selected item is one the list (or grid) shows: keys that act on it must not
    /// reach an item the filter hides.
    fn selection_shown(&self) -> bool {
        self.visible.binary_search(&self.selected).is_ok()
    }

    /// The best hit of the search on `day`: the lowest [`rank`], then the first not over yet,
    /// then the first in time. `None` when nothing of that day passes the filter.
    fn best_on(&self, day: usize) -> Option<(u8, bool, usize)> {
        let query = query_words(&self.filter.query);
        self.programme.days[day]
            .items
            .iter()
            .enumerate()
            .filter(|(_, item)| self.passes(&self.filter, item, &query))
            .filter_map(|(i, item)| Some((rank(item, &query)?, item.end <= self.now, i)))
            .min()
    }

    /// Enter in the search: the best hit of every day under the cursor (the shown day's on a
    /// tie), following paused.
    fn accept_search(&mut self) {
        let shown = self.day;
        let best = (0..self.programme.days.len())
            .filter_map(|d| {
                let (rank, over, i) = self.best_on(d)?;
                Some(((rank, d != shown, over, d), i))
            })
            .min();
        let Some(((_, _, _, day), index)) = best else {
            return;
        };
        if day != self.day {
            self.day = day;
            self.refilter();
            self.grid_top = 0;
        }
        self.selected = index;
        self.following = false;
        self.place_list();
        self.grid_place(true);
    }

    /// The open picker's entries, before narrowing: counted on the shown day under the other
    /// filters than the one it picks.
    pub fn picker_choices(&self) -> Vec<picker::Choice> {
        let Some(open) = &self.picker else {
            return Vec::new();
        };
        let mut others = self.filter.clone();
        let names: Vec<String> = match open.facet {
            Facet::Room => {
                others.room = None;
                self.plan.rooms.iter().map(|r| r.name.clone()).collect()
            }
            Facet::Track => {
                others.track = None;
                self.plan.tracks.iter().map(|t| t.name.clone()).collect()
            }
            Facet::Kind => {
                others.kind = None;
                Vec::new()
            }
        };
        let query = query_words(&others.query);
        let items: Vec<&Item> = self
            .items()
            .iter()
            .filter(|i| self.passes(&others, i, &query))
            .collect();
        picker::choices(open.facet, &names, &items, self.lang)
    }

    /// The open picker's entries that match what is typed.
    pub fn picker_list(&self) -> Vec<picker::Choice> {
        let Some(open) = &self.picker else {
            return Vec::new();
        };
        let choices = self.picker_choices();
        picker::narrow(&choices, &open.query)
            .into_iter()
            .map(|i| choices[i].clone())
            .collect()
    }

    /// Opens the picker of `facet`, its cursor on the value in force.
    fn open_picker(&mut self, facet: Facet) -> bool {
        let current = match facet {
            Facet::Room => self.filter.room.clone().map(Value::Room),
            Facet::Track => self.filter.track.clone().map(Value::Track),
            Facet::Kind => self.filter.kind.map(Value::Kind),
        };
        self.picker = Some(Picker {
            facet,
            query: String::new(),
            cursor: 0,
        });
        let cursor = self
            .picker_choices()
            .iter()
            .position(|c| c.value == current)
            .unwrap_or(0);
        if let Some(open) = self.picker.as_mut() {
            open.cursor = cursor;
        }
        self.overlay = Overlay::Picker;
        true
    }

    /// Changes what is typed in the picker; the cursor goes back to the first entry.
    fn edit_picker(&mut self, edit: impl FnOnce(&mut String)) -> bool {
        let Some(open) = self.picker.as_mut() else {
            return false;
        };
        edit(&mut open.query);
        open.cursor = 0;
        true
    }

    fn move_picker(&mut self, by: i32) -> bool {
        let last = self.picker_list().len().saturating_sub(1);
        let Some(open) = self.picker.as_mut() else {
            return false;
        };
        let to = open.cursor.saturating_add_signed(by as isize).min(last);
        let moved = to != open.cursor;
        open.cursor = to;
        moved
    }

    /// The entry under the picker's cursor becomes the filter of its facet.
    fn accept_picker(&mut self) -> bool {
        let list = self.picker_list();
        // Nothing under the cursor (nothing matches what is typed): the picker stays open.
        let Some(choice) = self.picker.as_ref().and_then(|p| list.get(p.cursor)) else {
            return false;
        };
        let Some(open) = self.picker.take() else {
            return false;
        };
        self.overlay = Overlay::None;
        match (open.facet, choice.value.clone()) {
            (_, Some(Value::Room(room))) => self.filter.room = Some(room),
            (_, Some(Value::Track(track))) => self.filter.track = Some(track),
            (_, Some(Value::Kind(kind))) => self.filter.kind = Some(kind),
            (Facet::Room, None) => self.filter.room = None,
            (Facet::Track, None) => self.filter.track = None,
            (Facet::Kind, None) => self.filter.kind = None,
        }
        self.after_filter_change()
    }

    /// Rows of the shown day: its visible items, with the now-line where `now` falls when nothing
    /// runs.
    pub fn rows(&self) -> Vec<Row> {
        let visible = self.visible();
        let items = self.items();
        let at = self
            .shows_now_line()
            .then(|| visible.partition_point(|&i| items[i].start <= self.now));
        let mut rows: Vec<Row> = visible.iter().copied().map(Row::Item).collect();
        if let Some(at) = at {
            rows.insert(at, Row::Now);
        }
        rows
    }

    /// Whether the now-line is in the shown day's rows: today, when nothing runs (in the room
    /// view, nothing in that room, though other rooms run).
    fn shows_now_line(&self) -> bool {
        let moment = self.moment();
        let room = self.filter.room.as_deref();
        moment.day == self.day
            && (moment.phase != Phase::Running
                || room
                    .is_some_and(|r| moment.running.iter().all(|i| i.room.as_deref() != Some(r))))
    }

    /// The row of item `index`, or of the nearest visible row.
    fn row_of(&self, index: usize) -> usize {
        let rows = self.rows();
        rows.iter()
            .position(|r| *r == Row::Item(index))
            .unwrap_or_else(|| {
                rows.iter()
                    .position(|r| matches!(r, Row::Item(i) if *i > index))
                    .unwrap_or(rows.len().saturating_sub(1))
            })
    }

    /// The visible item `steps` away from the selected one (clamped to the first and last).
    fn step(&self, steps: isize) -> Option<usize> {
        let visible = self.visible();
        let here = visible
            .iter()
            .position(|&i| i >= self.selected)
            .unwrap_or(visible.len().saturating_sub(1));
        let to = here
            .saturating_add_signed(steps)
            .min(visible.len().checked_sub(1)?);
        visible.get(to).copied()
    }

    /// Rows the programme list can show at the current size.
    pub fn list_height(&self) -> usize {
        self.regions().list.height as usize
    }

    /// Where the rooms grid goes at the current size, when it is on screen (chosen, and wide
    /// enough: else the list is shown and the keys act on the list).
    pub fn grid_geometry(&self) -> Option<grid::Geometry> {
        if self.view != View::Grid {
            return None;
        }
        let block = self.regions().list_block;
        grid::fits(block).then(|| grid::Geometry::new(block))
    }

    pub fn grid_shown(&self) -> bool {
        self.grid_geometry().is_some()
    }

    /// The grid's columns, in the programme's order: the rooms of the items shown (so a search or
    /// the favourites make a narrower grid), else the rooms in use on the shown day, else all; or
    /// the one the room filter keeps.
    pub fn grid_rooms(&self) -> Vec<&str> {
        self.grid_room_names.iter().map(String::as_str).collect()
    }

    /// [`App::grid_rooms`] worked out from the shown items, once per change of them (it looks at
    /// every item of the day: per column and per frame, it was most of a frame's cost).
    fn compute_grid_rooms(&self) -> Vec<String> {
        let names = self.plan.rooms.iter().map(|r| r.name.as_str());
        if let Some(room) = self.filter.room.as_deref() {
            return names.filter(|r| *r == room).map(str::to_owned).collect();
        }
        let in_use = |used: std::collections::HashSet<&str>| -> Vec<String> {
            names
                .clone()
                .filter(|r| used.contains(r))
                .map(str::to_owned)
                .collect()
        };
        let items = self.items();
        let shown = in_use(
            self.visible
                .iter()
                .filter_map(|&i| items[i].room.as_deref())
                .collect(),
        );
        if !shown.is_empty() {
            return shown;
        }
        let today = in_use(items.iter().filter_map(|i| i.room.as_deref()).collect());
        if !today.is_empty() {
            return today;
        }
        names.map(str::to_owned).collect()
    }

    /// The visible items of the shown day in a room's column: its own, and the plenary ones.
    pub fn grid_members(&self, room: &str) -> Vec<usize> {
        let items = self.items();
        self.visible
            .iter()
            .copied()
            .filter(|&i| items[i].room.as_deref().is_none_or(|r| r == room))
            .collect()
    }

    /// Minutes per grid row: chosen with `z` / `Z`, else automatic.
    pub fn grid_row_minutes(&self) -> i64 {
        self.grid_zoom.unwrap_or(self.grid_auto)
    }

    /// Whether the row length is the automatic one.
    pub fn grid_is_auto(&self) -> bool {
        self.grid_zoom.is_none()
    }

    /// The time rows of the shown day.
    pub fn grid_slots(&self) -> grid::Slots {
        let (from, to) = self.grid_span();
        grid::Slots::new(from, to, self.grid_row_minutes(), self.programme.tz)
    }

    /// From the start of the shown day to its end, every item included.
    fn grid_span(&self) -> (Instant, Instant) {
        let day = &self.programme.days[self.day];
        let first = day.items.first().map_or(day.opens(), |i| i.start);
        let last = day.items.iter().map(|i| i.end).max().unwrap_or(first);
        (first.min(day.opens()), last.max(day.closes()))
    }

    /// The longest row length that hides no visible item of the shown day.
    fn grid_auto_minutes(&self) -> i64 {
        let rooms = self.grid_rooms();
        let index: std::collections::HashMap<&str, usize> =
            rooms.iter().enumerate().map(|(i, r)| (*r, i)).collect();
        let mut columns = vec![Vec::new(); rooms.len()];
        let items = self.items();
        for &i in &self.visible {
            match items[i].room.as_deref() {
                None => columns.iter_mut().for_each(|c| c.push(i)),
                Some(room) => {
                    if let Some(&c) = index.get(room) {
                        columns[c].push(i);
                    }
                }
            }
        }
        grid::auto_minutes(items, &columns, self.grid_span(), self.programme.tz)
    }

    /// The column of the grid's cursor: the selected item's room, or the last column the cursor
    /// was in for a plenary item.
    pub fn grid_cursor(&self) -> usize {
        let rooms = self.grid_rooms();
        self.selected_item()
            .and_then(|i| i.room.as_deref())
            .and_then(|r| rooms.iter().position(|x| *x == r))
            .unwrap_or(self.grid_column)
            .min(rooms.len().saturating_sub(1))
    }

    /// The rows of one grid column, with the cursor's item never hidden.
    pub fn grid_cells(&self, column: usize) -> Vec<grid::Cell> {
        let rooms = self.grid_rooms();
        let Some(room) = rooms.get(column) else {
            return Vec::new();
        };
        let members = self.grid_members(room);
        grid::column(
            self.items(),
            &members,
            &self.grid_slots(),
            Some(self.selected),
        )
    }

    /// The first column and the first row the grid shows, kept within the rooms and the day.
    pub fn grid_window(&self, geometry: &grid::Geometry) -> (usize, usize) {
        let rooms = self.grid_rooms().len();
        let first = self.grid_room.min(rooms.saturating_sub(geometry.columns));
        let top = self
            .grid_top
            .min(self.grid_slots().rows.saturating_sub(geometry.rows));
        (first, top)
    }

    /// Scrolls the grid to show the cursor: its column, and its row (`fresh`: a few rows under
    /// the top, as when the grid opens; else moving as little as possible).
    fn grid_place(&mut self, fresh: bool) {
        let Some(geometry) = self.grid_geometry() else {
            return;
        };
        let column = self.grid_cursor();
        self.grid_column = column;
        let rooms = self.grid_rooms().len();
        self.grid_room = grid::scroll_to(self.grid_room, column, geometry.columns, rooms);
        let cells = self.grid_cells(column);
        let row = grid::row_of_item(&cells, self.selected).or_else(|| {
            self.selected_item()
                .map(|i| self.grid_slots().row_of(i.start))
        });
        let Some(row) = row else {
            return;
        };
        let last_top = cells.len().saturating_sub(geometry.rows);
        self.grid_top = if fresh {
            row.saturating_sub(grid::CONTEXT).min(last_top)
        } else {
            grid::scroll_to(self.grid_top, row, geometry.rows, cells.len())
        };
    }

    /// Following in the grid: now near the top, the cursor in its column on what runs now (else
    /// the next item there, else the last one before, when on screen; else on the item the list
    /// follows).
    fn grid_follow(&mut self) {
        let Some(geometry) = self.grid_geometry() else {
            return;
        };
        let slots = self.grid_slots();
        let top = slots
            .row_of(self.now)
            .saturating_sub(grid::CONTEXT)
            .min(slots.rows.saturating_sub(geometry.rows));
        let end = slots.start_of(top + geometry.rows);
        let start = slots.start_of(top);
        let rooms = self.grid_rooms().len();
        let column = self.grid_column.min(rooms.saturating_sub(1));
        let members = self
            .grid_rooms()
            .get(column)
            .map(|r| self.grid_members(r))
            .unwrap_or_default();
        let items = self.items();
        let now = self.now;
        let pick = members
            .iter()
            .find(|&&m| items[m].start <= now && now < items[m].end)
            .or_else(|| {
                members
                    .iter()
                    .find(|&&m| items[m].start > now && items[m].start < end)
            })
            .or_else(|| {
                members
                    .iter()
                    .rev()
                    .find(|&&m| items[m].end <= now && items[m].end > start)
            })
            .copied();
        if let Some(pick) = pick {
            self.selected = pick;
        }
        self.grid_column = if pick.is_some() {
            column
        } else {
            self.grid_cursor()
        };
        self.grid_room = grid::scroll_to(self.grid_room, self.grid_column, geometry.columns, rooms);
        self.grid_top = top;
    }

    /// Moves the grid's cursor to the item of its column that `to` picks from (items, the
    /// column's members, the selected item).
    fn grid_step(&mut self, to: impl FnOnce(&[Item], &[usize], usize) -> Option<usize>) -> bool {
        let column = self.grid_cursor();
        let Some(room) = self.grid_rooms().get(column).map(|r| (*r).to_owned()) else {
            return false;
        };
        let members = self.grid_members(&room);
        match to(self.items(), &members, self.selected) {
            Some(i) => {
                self.grid_column = column;
                self.select(i)
            }
            None => false,
        }
    }

    /// The instant the cursor stands for when it changes column: now while the selected item
    /// runs (so → from a long talk lands on what runs next door now, not on what began with it),
    /// else its start; kept within the rows on screen.
    fn grid_reference(&self) -> Instant {
        let now = self.now;
        let start = self.selected_item().map_or(now, |i| {
            if i.start <= now && now < i.end {
                now
            } else {
                i.start
            }
        });
        let Some(geometry) = self.grid_geometry() else {
            return start;
        };
        let (_, top) = self.grid_window(&geometry);
        let slots = self.grid_slots();
        let last = slots.start_of(top + geometry.rows) - chrono::TimeDelta::seconds(1);
        start.clamp(slots.start_of(top), last.max(slots.start_of(top)))
    }

    /// Moves the grid's cursor to the next room (`by` > 0) or the previous one that has an item
    /// this day, on its item at the cursor's time ([`grid::at_time`]).
    fn grid_move_column(&mut self, by: i32) -> bool {
        // No direction, no move (the loop below would never end: found by fuzzing).
        if by == 0 {
            return false;
        }
        let rooms: Vec<String> = self.grid_rooms().iter().map(|r| (*r).to_owned()).collect();
        let at = self.grid_reference();
        let mut column = self.grid_cursor();
        loop {
            match column.checked_add_signed(by.signum() as isize) {
                Some(c) if c < rooms.len() => column = c,
                _ => return false,
            }
            let members = self.grid_members(&rooms[column]);
            if let Some(i) = grid::at_time(self.items(), &members, at) {
                self.grid_column = column;
                return self.select(i);
            }
        }
    }

    /// Shifts the grid's rooms by `by` columns; the cursor stays on screen.
    fn grid_shift(&mut self, by: i32) -> bool {
        let Some(geometry) = self.grid_geometry() else {
            return false;
        };
        let rooms: Vec<String> = self.grid_rooms().iter().map(|r| (*r).to_owned()).collect();
        let (first, _) = self.grid_window(&geometry);
        let to = first
            .saturating_add_signed(by as isize)
            .min(rooms.len().saturating_sub(geometry.columns));
        if to == first {
            return false;
        }
        self.grid_room = to;
        let cursor = self.grid_cursor();
        let shown = to..(to + geometry.columns).min(rooms.len());
        if shown.contains(&cursor) {
            return true;
        }
        // The shown columns from the edge the cursor went out by, inwards.
        let mut columns: Vec<usize> = shown.collect();
        if cursor >= to {
            columns.reverse();
        }
        let at = self.grid_reference();
        for column in columns {
            let members = self.grid_members(&rooms[column]);
            if let Some(i) = grid::at_time(self.items(), &members, at) {
                self.grid_column = column;
                self.selected = i;
                self.following = false;
                self.keep_selection_visible();
                self.grid_place(false);
                break;
            }
        }
        true
    }

    /// Shorter (`finer`) or longer grid rows.
    fn zoom(&mut self, finer: bool) -> bool {
        if !self.grid_shown() {
            return false;
        }
        let minutes = self.grid_row_minutes();
        let at = grid::MINUTES
            .iter()
            .position(|&m| m >= minutes)
            .unwrap_or(grid::MINUTES.len() - 1);
        let to = if finer {
            at.checked_sub(1)
        } else {
            Some(at + 1).filter(|&i| i < grid::MINUTES.len())
        };
        let Some(to) = to else {
            return false;
        };
        let minutes = grid::MINUTES[to];
        self.grid_zoom = (minutes != self.grid_auto).then_some(minutes);
        if self.following {
            self.grid_follow();
        } else {
            self.grid_place(true);
        }
        true
    }

    /// The wheel in the grid: moves the rows; the cursor stays on screen.
    fn grid_scroll(&mut self, rows: i32) -> bool {
        let Some(geometry) = self.grid_geometry() else {
            return false;
        };
        let (_, top) = self.grid_window(&geometry);
        let total = self.grid_slots().rows;
        let to = top
            .saturating_add_signed(rows as isize)
            .min(total.saturating_sub(geometry.rows));
        if to == top && !self.following {
            return false;
        }
        self.grid_top = to;
        self.following = false;
        let column = self.grid_cursor();
        let cells = self.grid_cells(column);
        let window = to..(to + geometry.rows).min(cells.len());
        let titles = || {
            cells[window.clone()].iter().filter_map(|c| match c {
                grid::Cell::Title { item, .. } => Some(*item),
                _ => None,
            })
        };
        // An item begun above the window is named in its first row: still on screen.
        let carried = cells.get(to) == Some(&grid::Cell::Continues(self.selected));
        let pick = match grid::row_of_item(&cells, self.selected) {
            Some(row) if row < window.start && !carried => titles().next(),
            Some(row) if row >= window.end => titles().next_back(),
            _ => None,
        };
        if let Some(i) = pick {
            self.selected = i;
            self.grid_column = column;
            self.keep_selection_visible();
        }
        true
    }

    /// A click in the grid selects the item under it; a second click opens it.
    fn grid_click(&mut self, at: Position) -> bool {
        let Some(geometry) = self.grid_geometry() else {
            return false;
        };
        let inner = geometry.inner;
        if !inner.contains(at) || at.y == inner.y || at.x < inner.x + grid::TIME_WIDTH {
            return false;
        }
        let (first, top) = self.grid_window(&geometry);
        let shown = self
            .grid_rooms()
            .len()
            .saturating_sub(first)
            .min(geometry.columns);
        let width = geometry.column_width(shown);
        let column = first + usize::from(at.x - inner.x - grid::TIME_WIDTH) / width;
        if column >= first + shown {
            return false;
        }
        let row = top + usize::from(at.y - inner.y - 1);
        let item = match self.grid_cells(column).get(row) {
            Some(grid::Cell::Title { item, .. } | grid::Cell::Continues(item)) => *item,
            _ => return false,
        };
        if item == self.selected && !self.following && column == self.grid_cursor() {
            self.overlay = Overlay::Details;
            self.details_scroll = 0;
            return true;
        }
        self.grid_column = column;
        self.select(item)
    }

    /// `o`: the room of the selected item (the cursor's column in the grid) alone, in the list;
    /// or back to where that came from.
    fn toggle_room_view(&mut self) -> bool {
        if let Some(back) = self.room_view.take() {
            self.go_back(*back);
            return true;
        }
        let room = if self.grid_shown() {
            self.grid_rooms()
                .get(self.grid_cursor())
                .map(|r| (*r).to_owned())
        } else {
            self.selected_item().and_then(|i| i.room.clone())
        };
        let Some(room) = room else {
            return false;
        };
        self.room_view = Some(Box::new(Return {
            view: self.view,
            filter: self.filter.clone(),
            day: self.day,
            selected: self.selected,
            offset: self.offset,
            following: self.following,
            grid_room: self.grid_room,
            grid_column: self.grid_column,
            grid_top: self.grid_top,
        }));
        self.filter = Filter {
            room: Some(room),
            ..Filter::default()
        };
        self.view = View::List;
        self.following = false;
        self.overlay = Overlay::None;
        self.refilter();
        if let Some(i) = self.step(0) {
            self.selected = i;
        }
        self.place_list();
        true
    }

    /// Back from the room view to the view, filters, day and cursor it was opened from.
    fn go_back(&mut self, back: Return) {
        self.view = back.view;
        self.filter = back.filter;
        self.day = back.day.min(self.programme.days.len() - 1);
        self.refilter();
        self.selected = back.selected.min(self.items().len().saturating_sub(1));
        self.offset = back.offset;
        self.following = back.following;
        self.grid_room = back.grid_room;
        self.grid_column = back.grid_column;
        self.grid_top = back.grid_top;
        self.overlay = Overlay::None;
        if self.following {
            self.follow();
        } else {
            self.keep_selection_visible();
            self.grid_place(false);
        }
    }

    /// In the room view: the number of items of its room on the shown day.
    pub fn room_view_count(&self) -> Option<usize> {
        self.room_view.as_ref()?;
        let room = self.filter.room.as_deref()?;
        Some(
            self.items()
                .iter()
                .filter(|i| i.room.as_deref() == Some(room))
                .count(),
        )
    }

    /// Applies an action; returns whether anything visible changed.
    pub fn update(&mut self, action: Action) -> bool {
        match action {
            Action::Tick(now) => {
                let changed = now.timestamp() != self.now.timestamp();
                self.now = now;
                if self
                    .banner
                    .as_ref()
                    .and_then(|b| b.until)
                    .is_some_and(|u| now >= u)
                {
                    self.banner = None;
                }
                if changed {
                    self.refresh();
                }
                if self.following {
                    self.follow();
                }
                changed
            }
            Action::StartNext | Action::EndNow | Action::Adjust(_) | Action::Undo => {
                let recorded = self.record(action);
                if recorded && self.following {
                    self.follow();
                }
                recorded
            }
            Action::Resize(size) => {
                self.size = size;
                if self.following {
                    self.follow();
                } else {
                    self.keep_selection_visible();
                    self.grid_place(false);
                }
                true
            }
            Action::Up | Action::Down if self.overlay != Overlay::None => {
                let delta = if action == Action::Up { -1 } else { 1 };
                self.scroll_panel(delta)
            }
            // The mouse wheel over an open panel scrolls the panel, not the list beneath.
            Action::Scroll(rows) if matches!(self.overlay, Overlay::Details | Overlay::Help) => {
                self.scroll_panel(rows)
            }
            Action::Up | Action::Down | Action::First | Action::Last if self.grid_shown() => {
                let steps = match action {
                    Action::Up => -1,
                    Action::Down => 1,
                    Action::First => isize::MIN / 2,
                    _ => isize::MAX / 2,
                };
                self.grid_step(|items, members, from| grid::step(items, members, from, steps))
            }
            Action::PageUp | Action::PageDown if self.grid_shown() => {
                let rows = self
                    .grid_geometry()
                    .map_or(1, |g| g.rows.saturating_sub(1).max(1));
                let span = chrono::TimeDelta::minutes(self.grid_row_minutes() * rows as i64);
                let forward = action == Action::PageDown;
                self.grid_step(|items, members, from| {
                    grid::page(items, members, from, span, forward)
                })
            }
            Action::Up => self.move_by(-1),
            Action::Down => self.move_by(1),
            Action::PageUp => self.move_by(-(self.list_height().saturating_sub(1).max(1) as isize)),
            Action::PageDown => self.move_by(self.list_height().saturating_sub(1).max(1) as isize),
            Action::First => self.move_by(isize::MIN / 2),
            Action::Last => self.move_by(isize::MAX / 2),
            Action::Search => {
                self.filter.typing = true;
                self.overlay = Overlay::None;
                true
            }
            Action::SearchInput(c) => {
                self.filter.query.push(c);
                self.after_filter_change()
            }
            Action::SearchBackspace => {
                self.filter.query.pop();
                self.after_filter_change()
            }
            Action::SearchAccept => {
                self.filter.typing = false;
                if !self.filter.query.trim().is_empty() {
                    self.accept_search();
                }
                true
            }
            Action::ToggleFavourite => {
                let Some(item) = self.selected_item().filter(|_| self.selection_shown()) else {
                    return false;
                };
                let key = live::key(&self.plan, item);
                self.favourites.toggle(&key);
                self.effects.push(Effect::SaveFavourites);
                if self.filter.favourites_only {
                    self.after_filter_change();
                }
                true
            }
            Action::FavouritesOnly => {
                self.filter.favourites_only = !self.filter.favourites_only;
                self.after_filter_change()
            }
            Action::Pick(facet) => self.open_picker(facet),
            Action::PickerInput(c) => self.edit_picker(|q| q.push(c)),
            Action::PickerBackspace => self.edit_picker(|q| {
                q.pop();
            }),
            Action::PickerMove(by) => self.move_picker(by),
            Action::PickerAccept => self.accept_picker(),
            // A programme without rooms has no grid to show (its footer offers none).
            Action::ToggleGrid if self.view == View::List && self.plan.rooms.is_empty() => false,
            Action::ToggleGrid => {
                self.view = match self.view {
                    View::List => View::Grid,
                    View::Grid => View::List,
                };
                if self.view == View::Grid {
                    self.grid_auto = self.grid_auto_minutes();
                    self.grid_column = self.grid_cursor();
                }
                if self.following {
                    self.follow();
                } else {
                    self.keep_selection_visible();
                    self.grid_place(true);
                }
                true
            }
            Action::GridRooms(by) => self.grid_shift(by),
            Action::GridColumn(by) => self.grid_move_column(by),
            Action::ZoomIn => self.zoom(true),
            Action::ZoomOut => self.zoom(false),
            Action::RoomView => self.toggle_room_view(),
            Action::Scroll(rows) if self.grid_shown() => self.grid_scroll(rows),
            Action::Scroll(rows) => self.scroll(rows),
            Action::Click(at) if self.overlay == Overlay::None && self.grid_shown() => {
                self.grid_click(at)
            }
            Action::Click(at) => self.click(at),
            Action::OpenDetails => {
                if !self.selection_shown() {
                    return false;
                }
                self.overlay = Overlay::Details;
                self.details_scroll = 0;
                true
            }
            Action::Back => {
                if self.overlay != Overlay::None {
                    self.overlay = Overlay::None;
                    self.picker = None;
                } else if self.room_view.is_some()
                    && (self.filter.typing || !self.filter.query.is_empty())
                {
                    // A search within the room view goes first.
                    self.filter.query.clear();
                    self.filter.typing = false;
                    self.after_filter_change();
                } else if let Some(back) = self.room_view.take() {
                    self.go_back(*back);
                } else if self.filter.is_active() || self.filter.typing {
                    // Esc takes the filters away before it quits.
                    self.filter = Filter::default();
                    self.after_filter_change();
                } else if self.view == View::Grid {
                    // Then back from the grid to the list, as from any other view.
                    return self.update(Action::ToggleGrid);
                } else {
                    self.should_quit = true;
                }
                true
            }
            Action::FollowNow => {
                self.following = true;
                self.overlay = Overlay::None;
                self.follow();
                true
            }
            Action::PrevDay => self.show_day(self.day.checked_sub(1)),
            Action::NextDay => self.show_day(Some(self.day + 1)),
            Action::ToggleLocal => {
                self.show_local = !self.show_local;
                true
            }
            Action::ToggleHelp => {
                self.overlay = if self.overlay == Overlay::Help {
                    Overlay::None
                } else {
                    Overlay::Help
                };
                self.details_scroll = 0;
                true
            }
            Action::Quit => {
                self.should_quit = true;
                true
            }
        }
    }

    /// Moves the cursor by `steps` visible items and stops following.
    /// Scrolls the open details or help panel by `rows`, no further than its last line.
    fn scroll_panel(&mut self, rows: i32) -> bool {
        let max = self.panel_scroll_limit;
        let to = (i32::from(self.details_scroll) + rows).clamp(0, i32::from(max));
        let to = u16::try_from(to).unwrap_or(max);
        let changed = to != self.details_scroll;
        self.details_scroll = to;
        changed
    }

    fn move_by(&mut self, steps: isize) -> bool {
        match self.step(steps) {
            Some(i) => self.select(i),
            None => false,
        }
    }

    /// After the filter changed: the cursor on a visible item, in view.
    fn after_filter_change(&mut self) -> bool {
        if self.filter.room.is_none() {
            // The room view ends with its room filter.
            self.room_view = None;
        }
        self.refilter();
        if self.following {
            self.follow();
        } else {
            if let Some(i) = self.step(0) {
                self.selected = i;
            }
            self.keep_selection_visible();
            self.grid_place(false);
        }
        true
    }

    /// Moves the cursor to item `index` (clamped) and stops following.
    fn select(&mut self, index: usize) -> bool {
        let last = self.items().len().saturating_sub(1);
        self.selected = index.min(last);
        self.following = false;
        self.keep_selection_visible();
        self.grid_place(false);
        true
    }

    fn show_day(&mut self, day: Option<usize>) -> bool {
        match day {
            Some(d) if d < self.programme.days.len() && d != self.day => {
                self.day = d;
                self.refilter();
                self.following = false;
                self.overlay = Overlay::None;
                let now_index = self.items().partition_point(|i| i.end <= self.now);
                self.selected = now_index.min(self.items().len().saturating_sub(1));
                // With a filter, on a shown item: a search's best hit of that day.
                if let Some((_, _, best)) = (!self.filter.query.trim().is_empty())
                    .then(|| self.best_on(d))
                    .flatten()
                {
                    self.selected = best;
                } else if let Some(i) = self.step(0) {
                    self.selected = i;
                }
                self.offset = 0;
                self.keep_selection_visible();
                self.grid_top = 0;
                self.grid_place(true);
                true
            }
            _ => false,
        }
    }

    fn scroll(&mut self, rows: i32) -> bool {
        if self.rows().is_empty() {
            return false;
        }
        let total = self.rows().len();
        let height = self.list_height().max(1);
        let max_offset = total.saturating_sub(height);
        let offset = self
            .offset
            .saturating_add_signed(rows as isize)
            .min(max_offset);
        if offset == self.offset && !self.following {
            return false;
        }
        self.offset = offset;
        self.following = false;
        // Keep the cursor on screen, as list views do.
        let first = self.item_at_row(offset, 1);
        let last = self.item_at_row(offset + height - 1, -1);
        if let (Some(first), Some(last)) = (first, last) {
            self.selected = self.selected.clamp(first, last.max(first));
        }
        true
    }

    /// The item at `row`, or the nearest one in direction `step` when the row is the now-line.
    fn item_at_row(&self, row: usize, step: isize) -> Option<usize> {
        let rows = self.rows();
        let mut r = row.min(rows.len().checked_sub(1)?);
        loop {
            match rows[r] {
                Row::Item(i) => return Some(i),
                Row::Now => r = r.checked_add_signed(step).filter(|&r| r < rows.len())?,
            }
        }
    }

    fn click(&mut self, at: Position) -> bool {
        if self.overlay != Overlay::None {
            self.overlay = Overlay::None;
            self.picker = None;
            return true;
        }
        let list = self.regions().list;
        if !list.contains(at) {
            return false;
        }
        let row = self.offset + usize::from(at.y - list.y);
        match self.rows().get(row) {
            Some(Row::Item(i)) if *i == self.selected && !self.following => {
                self.overlay = Overlay::Details;
                self.details_scroll = 0;
                true
            }
            Some(Row::Item(i)) => self.select(*i),
            _ => false,
        }
    }

    /// Puts the day of `now` on screen with its current (or next) item under the cursor.
    fn follow(&mut self) {
        let moment = self.moment();
        let day = moment.day;
        let items = &self.programme.days[day].items;
        // With parallel rooms, the running item that started last: long workshops that began
        // hours ago would otherwise hold the list on talks long over.
        let latest = moment.running.iter().max_by_key(|i| i.start);
        let target = match (latest, moment.phase) {
            (Some(latest), _) => items.iter().position(|i| {
                i.start == latest.start && moment.running.iter().any(|r| std::ptr::eq(i, *r))
            }),
            (None, Phase::After) => Some(items.len().saturating_sub(1)),
            (None, _) => Some(items.partition_point(|i| i.start <= self.now)),
        };
        if day != self.day {
            self.day = day;
            self.refilter();
        }
        let items = &self.programme.days[day].items;
        self.selected = target.unwrap_or(0).min(items.len().saturating_sub(1));
        if self.filter.is_active()
            && let Some(i) = self.step(0)
        {
            self.selected = i;
        }
        self.place_list();
        self.grid_follow();
    }

    /// Scrolls the list to the cursor with a little of what has passed above it.
    fn place_list(&mut self) {
        let row = self.row_of(self.selected);
        let height = self.list_height().max(1);
        let context = (height / 4).min(3);
        let max_offset = self.rows().len().saturating_sub(height);
        self.offset = row.saturating_sub(context).min(max_offset);
    }

    fn keep_selection_visible(&mut self) {
        let row = self.row_of(self.selected);
        let height = self.list_height().max(1);
        if row < self.offset {
            self.offset = row;
        } else if row >= self.offset + height {
            self.offset = row + 1 - height;
        }
        let max_offset = self.rows().len().saturating_sub(height);
        self.offset = self.offset.min(max_offset);
    }
}

/// The action a key asks for, given what is on screen and who it is for.
pub fn action_for_key(key: KeyEvent, app: &App) -> Option<Action> {
    let (overlay, mode) = (app.overlay, app.mode);
    if key.kind == KeyEventKind::Release {
        return None;
    }
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
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
    if app.filter.typing {
        return match key.code {
            KeyCode::Char('c') if ctrl => Some(Action::Quit),
            KeyCode::Esc => Some(Action::Back),
            KeyCode::Enter | KeyCode::Down | KeyCode::Up => Some(Action::SearchAccept),
            KeyCode::Backspace => Some(Action::SearchBackspace),
            KeyCode::Char(c) if !ctrl => Some(Action::SearchInput(c)),
            _ => None,
        };
    }
    if let Mode::Facilitator(_) = mode
        && overlay == Overlay::None
    {
        let action = match key.code {
            KeyCode::Char(' ') => Some(Action::StartNext),
            KeyCode::Char('e') => Some(Action::EndNow),
            KeyCode::Char('+' | '=') => Some(Action::Adjust(1)),
            KeyCode::Char('-') => Some(Action::Adjust(-1)),
            KeyCode::Char('u') => Some(Action::Undo),
            _ => None,
        };
        if action.is_some() {
            return action;
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
