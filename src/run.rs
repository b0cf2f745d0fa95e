//! The event loop and the terminal's lifetime.
//!
//! Every input (keys, mouse, resize, signals, the file system's word that a watched file
//! changed) arrives on one channel, fed by three threads; the loop waits on it until the next visible change (the next second shown), so an idle viewer
//! wakes once a second and draws only the cells that changed. The terminal is restored on every
//! way out: a key, a signal (SIGTERM, SIGHUP, SIGINT, SIGQUIT), an I/O error or a panic; and
//! while suspended (Ctrl-Z, SIGTSTP), until SIGCONT gives it back to the viewer.

use std::io::{self, IsTerminal, stdout};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::thread;
use std::time::Duration;

use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::crossterm::event::{
    self, DisableMouseCapture, EnableMouseCapture, Event, KeyCode, KeyEvent, KeyEventKind,
    KeyModifiers, MouseEvent,
};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{self, EnterAlternateScreen};
use ratatui::layout::Size;
use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP};
use signal_hook::iterator::Signals;

use crate::app::{About, Action, App, Effect, Mode, action_for_key, action_for_mouse};
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
    /// SIGTSTP or Ctrl-Z: give the terminal back and stop until continued.
    Suspend,
    /// SIGCONT: the process goes on (after `fg`, or a SIGSTOP): take the terminal again.
    Resume,
    /// The file system says a watched file changed (and has been quiet since).
    Files,
}

/// Why the loop handed control back to its caller.
enum Step {
    End(Ending),
    Suspend,
    Resume,
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
/// `TestBackend` and a fixed clock (suspending means nothing there: the loop goes on).
pub fn event_loop<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    clock: &dyn Clock,
    inputs: &Receiver<Input>,
    watcher: &mut Watcher,
    notify: &mut dyn FnMut(&str),
) -> Result<Ending, B::Error> {
    loop {
        if let Step::End(ending) = steps(terminal, app, clock, inputs, watcher, notify)? {
            return Ok(ending);
        }
    }
}

/// The loop itself, until it ends or the terminal must be given back or taken again.
fn steps<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    clock: &dyn Clock,
    inputs: &Receiver<Input>,
    watcher: &mut Watcher,
    notify: &mut dyn FnMut(&str),
) -> Result<Step, B::Error> {
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
            return Ok(Step::End(Ending::Quit));
        }
        let mut wait = clock
            .until(timeline::next_change_after(app.now))
            .max(MIN_WAIT);
        if app.settings.mode == Mode::Lobby {
            // The lobby's pages turn in real time, even on a stopped clock.
            wait = wait.min(app.pages.until_turn());
        }
        if !watcher.is_idle() {
            // Files are looked at once a second, whatever the clock does (notified or not: a
            // network file system never notifies another computer's writes).
            wait = wait.min(Duration::from_secs(1));
        }
        let input = match inputs.recv_timeout(wait) {
            Ok(input) => Some(input),
            Err(RecvTimeoutError::Timeout) => None,
            Err(RecvTimeoutError::Disconnected) => return Ok(Step::End(Ending::InputsClosed)),
        };
        dirty |= app.update(Action::Tick(clock.now()));
        dirty |= app.update(Action::Elapsed(clock.elapsed()));
        let action = match input {
            None | Some(Input::Files) => None,
            Some(Input::Signal(signal)) => return Ok(Step::End(Ending::Signal(signal))),
            Some(Input::Suspend) => return Ok(Step::Suspend),
            Some(Input::Resume) => return Ok(Step::Resume),
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
            dirty |= perform(app, &effect, notify);
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
fn perform(app: &mut App, effect: &Effect, notify: &mut dyn FnMut(&str)) -> bool {
    match effect {
        Effect::Notify(text) => {
            notify(text);
            false
        }
        Effect::SaveFavourites => match app.find.favourites.save(&app.snapshot.plan, app.lang) {
            Ok(()) => {
                app.notices.clear(About::Saving);
                false
            }
            Err(text) => {
                app.notices.error(About::Saving, text);
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
                    app.snapshot.mark_saved();
                    app.notices.clear(About::Saving);
                    false
                }
                Err(e) => {
                    app.notices.error(About::Saving, format!("NOT SAVED: {e}"));
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
    let mut signals = Signals::new([SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGTSTP, SIGCONT])?;
    let signal_tx = tx.clone();
    thread::spawn(move || {
        for signal in signals.forever() {
            let input = match signal {
                SIGTSTP => Input::Suspend,
                SIGCONT => Input::Resume,
                other => Input::Signal(other),
            };
            let last = matches!(input, Input::Signal(_));
            if signal_tx.send(input).is_err() || last {
                return;
            }
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
    // File-system notifications wake the loop at once; without them, it looks once a second.
    let files_tx = tx.clone();
    watcher.notify(move || {
        let _ = files_tx.send(Input::Files);
    });
    thread::spawn(move || read_terminal(&tx));
    // Reminders ring the bell and ask the terminal for a desktop notification, between frames.
    let var = |name: &str| std::env::var(name).ok();
    let ((notifier, why), in_tmux) = (
        crate::remind::Notifier::chosen(var),
        var("TMUX").is_some_and(|v| !v.is_empty()),
    );
    if app.notices.reminders.is_some() {
        // Said once, for whoever wonders why no notification shows.
        let said = notifier.said(&why, in_tmux, app.lang);
        app.notices.say(crate::app::Level::Info, &said);
    }
    let mut notify = |text: &str| {
        let safe = crate::inert::text(text);
        let bytes = crate::remind::notification(&safe, notifier, in_tmux);
        let mut out = stdout();
        let _ = io::Write::write_all(&mut out, &bytes);
        let _ = io::Write::flush(&mut out);
    };
    let ending = loop {
        match steps(&mut terminal, app, clock, &rx, watcher, &mut notify) {
            Ok(Step::End(ending)) => break Ok(ending),
            Ok(Step::Suspend) => {
                // The shell gets its terminal back as it was, then the process stops (as
                // SIGTSTP's default would); `fg` continues it here.
                let _ = execute!(stdout(), DisableMouseCapture);
                let _ = terminal.show_cursor();
                ratatui::restore();
                let _ = signal_hook::low_level::emulate_default_handler(SIGTSTP);
                take_again(&mut terminal)?;
            }
            Ok(Step::Resume) => take_again(&mut terminal)?,
            Err(e) => break Err(e),
        }
    };
    let _ = execute!(stdout(), DisableMouseCapture);
    ratatui::restore();
    ending
}

/// Raw mode, the alternate screen and the mouse again (the shell reset them while the viewer was
/// stopped), and the next draw repaints every cell.
fn take_again(terminal: &mut ratatui::DefaultTerminal) -> io::Result<()> {
    terminal::enable_raw_mode()?;
    execute!(
        stdout(),
        EnterAlternateScreen,
        EnableMouseCapture,
        terminal::Clear(terminal::ClearType::All)
    )?;
    // Both buffers blank, so the next draw writes every cell. (`Terminal::clear` would ask the
    // terminal where its cursor is, and the input thread would take the answer.)
    terminal.swap_buffers();
    terminal.swap_buffers();
    Ok(())
}

fn read_terminal(tx: &Sender<Input>) {
    loop {
        let input = match event::read() {
            // Raw mode turns Ctrl-Z into a key: it suspends, as in a shell.
            Ok(Event::Key(key))
                if key.code == KeyCode::Char('z')
                    && key.modifiers.contains(KeyModifiers::CONTROL)
                    && key.kind == KeyEventKind::Press =>
            {
                Input::Suspend
            }
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
