//! The event loop and the terminal's lifetime.
//!
//! Every input (keys, mouse, resize, signals) arrives on one channel, fed by two threads; the
//! loop waits on it until the next visible change (the next second shown), so an idle viewer
//! wakes once a second and draws only the cells that changed. The terminal is restored on every
//! way out: a key, a signal (SIGTERM, SIGHUP, SIGINT, SIGQUIT), an I/O error or a panic.

use std::io::{self, IsTerminal, stdout};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::thread;
use std::time::Duration;

use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::crossterm::event::{
    self, DisableMouseCapture, EnableMouseCapture, Event, KeyEvent, MouseEvent,
};
use ratatui::crossterm::execute;
use ratatui::layout::Size;
use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
use signal_hook::iterator::Signals;

use crate::app::{About, Action, App, Banner, Effect, action_for_key, action_for_mouse};
use crate::clock::Clock;
use crate::reload::Watcher;
use crate::{timeline, ui};

/// Something from outside the loop.
#[derive(Debug, Clone, Copy)]
pub enum Input {
    Key(KeyEvent),
    Mouse(MouseEvent),
    Resize(Size),
    /// A signal asking the viewer to stop.
    Signal(i32),
}

/// How the loop ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    Quit,
    Signal(i32),
    /// Every input source is gone (the terminal closed).
    InputsClosed,
}

/// Never redraw more often than this, even with an accelerated clock.
const MIN_WAIT: Duration = Duration::from_millis(50);

/// Runs `app` on `terminal` until it quits. Generic over the backend so tests drive it with a
/// `TestBackend` and a fixed clock.
pub fn event_loop<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    clock: &dyn Clock,
    inputs: &Receiver<Input>,
    watcher: &mut Watcher,
) -> Result<Ending, B::Error> {
    let mut dirty = true;
    loop {
        if dirty {
            // A resize the input thread could not report (it came before the thread listened).
            let size = terminal.size()?;
            if size != app.size {
                app.update(Action::Resize(size));
            }
            terminal.draw(|frame| ui::draw(frame, app))?;
            dirty = false;
        }
        if app.should_quit {
            return Ok(Ending::Quit);
        }
        let mut wait = clock
            .until(timeline::next_change_after(app.now))
            .max(MIN_WAIT);
        if !watcher.is_idle() {
            // Files are looked at once a second, whatever the clock does.
            wait = wait.min(Duration::from_secs(1));
        }
        let input = match inputs.recv_timeout(wait) {
            Ok(input) => Some(input),
            Err(RecvTimeoutError::Timeout) => None,
            Err(RecvTimeoutError::Disconnected) => return Ok(Ending::InputsClosed),
        };
        dirty |= app.update(Action::Tick(clock.now()));
        let action = match input {
            None => None,
            Some(Input::Signal(signal)) => return Ok(Ending::Signal(signal)),
            Some(Input::Key(key)) => action_for_key(key, app),
            Some(Input::Mouse(mouse)) => action_for_mouse(mouse),
            Some(Input::Resize(size)) => Some(Action::Resize(size)),
        };
        if let Some(action) = action {
            dirty |= update(app, action);
        }
        for change in watcher.poll(&app.snapshot.plan) {
            dirty |= app.apply(change);
        }
        for effect in app.take_effects() {
            dirty |= perform(app, &effect);
        }
    }
}

/// Applies an input's action the way the loop does: first tells the app what only the view can
/// measure (how far the open panel scrolls), then updates it.
pub fn update(app: &mut App, action: Action) -> bool {
    app.measured(ui::overlay_max_scroll(app, app.size));
    app.update(action)
}

/// Does what `update` asked; a failure is shown in the banner (the action stays on screen, and
/// the next save retries it).
fn perform(app: &mut App, effect: &Effect) -> bool {
    match effect {
        Effect::SaveFavourites => match app.find.favourites.save(&app.snapshot.plan) {
            Ok(()) => {
                app.notices.clear(About::Saving);
                false
            }
            Err(text) => {
                app.notices.banner = Some(Banner {
                    text,
                    is_error: true,
                    until: None,
                    about: About::Saving,
                });
                true
            }
        },
        Effect::SaveLive => {
            let Some(live) = &app.snapshot.live else {
                return false;
            };
            let Some(record) = &live.record else {
                return false;
            };
            match record.save(&live.path) {
                Ok(()) => {
                    app.notices.clear(About::Saving);
                    false
                }
                Err(e) => {
                    app.notices.banner = Some(Banner {
                        text: format!("NOT SAVED: {e}"),
                        is_error: true,
                        until: None,
                        about: About::Saving,
                    });
                    true
                }
            }
        }
    }
}

/// Takes over the terminal, runs the viewer, and gives the terminal back as it was.
pub fn run(app: &mut App, clock: &dyn Clock, watcher: &mut Watcher) -> io::Result<Ending> {
    if !stdout().is_terminal() {
        return Err(io::Error::other(
            "standard output is not a terminal: the live view needs one \
             (to validate or summarise a programme, use `deroule check FILE`)",
        ));
    }
    let (tx, rx) = channel();
    // Signals are caught before the terminal changes, so none can leave it raw.
    let mut signals = Signals::new([SIGTERM, SIGHUP, SIGINT, SIGQUIT])?;
    let signal_tx = tx.clone();
    thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            let _ = signal_tx.send(Input::Signal(signal));
        }
    });
    let mut terminal = match ratatui::try_init() {
        Ok(t) => t,
        Err(e) => {
            ratatui::restore();
            return Err(e);
        }
    };
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(stdout(), DisableMouseCapture);
        hook(info);
    }));
    let _ = execute!(stdout(), EnableMouseCapture);
    // Start crossterm's event source now, so it hears resizes from the first frame on.
    let _ = event::poll(Duration::ZERO);
    app.update(Action::Resize(terminal.size()?));
    if std::env::var_os("DEROULE_DEBUG_PANIC").is_some() {
        // For the restore tests: a panic with the terminal fully set up.
        terminal.draw(|frame| ui::draw(frame, app))?;
        panic!("DEROULE_DEBUG_PANIC is set: panicking on purpose");
    }
    thread::spawn(move || read_terminal(&tx));
    let ending = event_loop(&mut terminal, app, clock, &rx, watcher);
    let _ = execute!(stdout(), DisableMouseCapture);
    ratatui::restore();
    ending
}

fn read_terminal(tx: &Sender<Input>) {
    loop {
        let input = match event::read() {
            Ok(Event::Key(key)) => Input::Key(key),
            Ok(Event::Mouse(mouse)) => Input::Mouse(mouse),
            Ok(Event::Resize(w, h)) => Input::Resize(Size::new(w, h)),
            Ok(_) => continue,
            // A signal (a resize) interrupted the read: nothing is lost, read again.
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            // The terminal is gone: stop, and let the loop see the channel close.
            Err(_) => return,
        };
        if tx.send(input).is_err() {
            return;
        }
    }
}
