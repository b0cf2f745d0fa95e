//! `deroule serve` and `deroule publish`, and the same beside `facilitate` (`--serve`,
//! `--publish`).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use crate::cli::{ClockArgs, ViewArgs};
use crate::clock::Clock;
use crate::i18n::Lang;
use crate::model::Programme;
use crate::page::Pace;
use crate::serve::Files;

use super::load;

/// What `serve` and `publish` share: the programme, its files, the clock and how it runs.
#[derive(Clone)]
struct Shared {
    programme: Programme,
    files: Files,
    clock: Arc<dyn Clock + Send + Sync>,
    pace: Pace,
}

impl Shared {
    fn new(
        file: Option<PathBuf>,
        clock: &ClockArgs,
        live: Option<PathBuf>,
        lang: Lang,
    ) -> Result<Shared, ExitCode> {
        let programme = load(file.as_deref())?;
        let (made, _) = crate::clock::from_args(clock, &programme, lang).map_err(|message| {
            eprintln!("deroule: {message}");
            ExitCode::from(2)
        })?;
        let pace = crate::serve::pace(clock.at.is_some(), clock.speed);
        let files = Files {
            live: super::followed_live_path(live, file.as_deref(), clock),
            programme: file,
            room: None,
        };
        Ok(Shared {
            programme,
            files,
            clock: made.into(),
            pace,
        })
    }

    fn serve_options(self, lang: Lang, verbose: bool) -> crate::serve::Options {
        crate::serve::Options {
            programme: self.programme,
            files: self.files,
            clock: self.clock,
            pace: self.pace,
            lang,
            limits: crate::serve::Limits::default(),
            verbose,
        }
    }

    fn publish_options(self, dir: PathBuf, lang: Lang, verbose: bool) -> crate::publish::Options {
        crate::publish::Options {
            programme: self.programme,
            files: self.files,
            dir,
            clock: self.clock,
            pace: self.pace,
            lang,
            verbose,
        }
    }
}

/// How a server or a publisher that ran until the end says how it ended.
fn ended<E: std::fmt::Display>(result: Result<(), E>, who: &str) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{who}: {e}");
            ExitCode::from(1)
        }
    }
}

pub fn serve(
    file: Option<PathBuf>,
    listen: SocketAddr,
    clock: &ClockArgs,
    live: Option<PathBuf>,
    lang: Lang,
) -> ExitCode {
    let shared = match Shared::new(file, clock, live, lang) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let listener = match crate::serve::bind(listen) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("deroule serve: cannot listen on {listen}: {e}");
            return ExitCode::from(1);
        }
    };
    let addr = listener.local_addr().unwrap_or(listen);
    eprintln!(
        "deroule serve: http://{addr}/ (live record: {})",
        shared.files.live.display()
    );
    let options = shared.serve_options(lang, true);
    ended(crate::serve::run(listener, options), "deroule serve")
}

pub fn publish(
    file: PathBuf,
    dir: PathBuf,
    watch: bool,
    clock: &ClockArgs,
    live: Option<PathBuf>,
    lang: Lang,
) -> ExitCode {
    let shared = match Shared::new(Some(file), clock, live, lang) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let options = shared.publish_options(dir, lang, true);
    ended(crate::publish::run(options, watch), "deroule")
}

/// What `facilitate` runs beside the stage view.
#[derive(Debug, Default)]
pub struct Beside<'a> {
    pub serve: Option<SocketAddr>,
    pub publish: Option<PathBuf>,
    /// The room facilitated (`--room`): its record is served with the other rooms'.
    pub room: Option<&'a str>,
}

/// `facilitate --serve` / `--publish`: the server or the publisher on threads of their own,
/// following the same files as the stage view (quiet: the screen is the view's).
pub fn beside_facilitator(view: &ViewArgs, beside: &Beside, lang: Lang) -> Result<(), ExitCode> {
    if beside.serve.is_none() && beside.publish.is_none() {
        return Ok(());
    }
    let mut shared = Shared::new(view.file.clone(), &view.clock, view.live.clone(), lang)?;
    if let Some(room) = beside.room
        && let Ok(one) = crate::now::for_room(&shared.programme, room)
        && let Some(name) = one.rooms.first().map(|r| r.name.clone())
    {
        // The stage view refuses a room it does not know, before anything is served.
        let path = super::view::room_record(view, &name);
        shared.files.room = Some((name, path));
    }
    if let Some(listen) = beside.serve {
        let listener = crate::serve::bind(listen).map_err(|e| {
            eprintln!("deroule: --serve: cannot listen on {listen}: {e}");
            ExitCode::from(1)
        })?;
        let options = shared.clone().serve_options(lang, false);
        std::thread::spawn(move || crate::serve::run(listener, options));
    }
    if let Some(dir) = beside.publish.clone() {
        let options = shared.publish_options(dir, lang, false);
        // The first write is checked here, so a folder that cannot be written is said before
        // the stage view takes the screen.
        crate::publish::run(options.clone(), false).map_err(|e| {
            eprintln!("deroule: --publish: {e}");
            ExitCode::from(1)
        })?;
        std::thread::spawn(move || crate::publish::run(options, true));
    }
    Ok(())
}
