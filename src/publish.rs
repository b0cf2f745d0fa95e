//! `deroule publish FILE DIR`: the files `deroule serve` answers, written into a folder that any
//! static web server or CDN serves (docs/serving.md).
//!
//! Each file is written atomically (a temporary file in DIR, fsync, rename), so a web server
//! reading DIR sees the old file or the new one, never a part; a file whose bytes did not change
//! is not touched, so its modification time (which static servers turn into `Last-Modified` and
//! `ETag`) moves only on a real change. Beside each file goes its gzip form (`live.yaml.gz`), for
//! servers that send precompressed files (nginx `gzip_static`, caddy `precompressed`).
//!
//! There is no `/events` on a static host: the page's script falls back to fetching the page
//! again now and then, and the pages are rewritten at least every [`PAGE_EVERY`] while
//! watching, so their "now" stays close.
//!
//! Nor is there `Accept-Language`: the page is written in each language (`index.en.html`,
//! `index.fr.html`), each linking to the other, and `index.html` is the one in `--lang`.

use std::fs::{self, File};
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use flate2::Compression;

use crate::clock::Clock;
use crate::i18n::Lang;
use crate::page::{Host, Pace, Query, static_day_file};
use crate::serve::content::{self, Snapshot};
use crate::serve::wake::Wake;
use crate::serve::{Files, Follower, POLL};

/// How often the pages are written again while watching, even when no file changed.
pub const PAGE_EVERY: Duration = Duration::from_secs(10);

/// The files written, in the order they are written (the pages last, so they never name a
/// programme the folder does not hold yet; `index.html` very last, after the pages it links to).
pub const FILES: [&str; 7] = [
    "page.css",
    "page.js",
    "programme.yaml",
    "live.yaml",
    "index.en.html",
    "index.fr.html",
    "index.html",
];

/// Whether `name` is one of the pages (rewritten every [`PAGE_EVERY`] for their clock).
fn is_page(name: &str) -> bool {
    Path::new(name)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("html"))
}

#[derive(Debug, thiserror::Error)]
#[error("{path}: cannot publish: {source}")]
pub struct PublishError {
    pub path: String,
    #[source]
    pub source: io::Error,
}

/// Writes `bytes` to `path` atomically unless it already holds them; whether it wrote.
fn write_if_changed(path: &Path, bytes: &[u8]) -> Result<bool, PublishError> {
    if fs::read(path).is_ok_and(|old| old == bytes) {
        return Ok(false);
    }
    let fail = |source| PublishError {
        path: path.display().to_string(),
        source,
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".deroule-publish-")
        .tempfile_in(&dir)
        .map_err(fail)?;
    tmp.write_all(bytes)
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(fail)?;
    // Static servers need to read it: a temporary file is created private.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        fs::set_permissions(tmp.path(), fs::Permissions::from_mode(0o644)).map_err(fail)?;
    }
    tmp.persist(path).map_err(|e| fail(e.error))?;
    if let Ok(d) = File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(true)
}

/// Writes one file and its gzip form.
fn put(dir: &Path, name: &str, body: &[u8], gzip: &[u8]) -> Result<bool, PublishError> {
    let wrote = write_if_changed(&dir.join(name), body)?;
    if wrote || !dir.join(format!("{name}.gz")).exists() {
        write_if_changed(&dir.join(format!("{name}.gz")), gzip)?;
    }
    Ok(wrote)
}

/// The page in `lang` as a static host serves it: the day `now` falls in (`index.fr.html`), or
/// the day asked for (`day-2025-02-01.fr.html`).
pub fn page(
    snapshot: &Snapshot,
    now: crate::model::Instant,
    pace: Pace,
    lang: Lang,
    day: Option<chrono::NaiveDate>,
) -> String {
    let query = Query {
        day,
        ..Query::default()
    };
    snapshot.page(content::whole_second(now), pace, &query, lang, Host::Static)
}

/// One page and its gzip form.
fn page_file(
    snapshot: &Snapshot,
    now: crate::model::Instant,
    pace: Pace,
    lang: Lang,
    day: Option<chrono::NaiveDate>,
) -> (Vec<u8>, Bytes) {
    let html = page(snapshot, now, pace, lang, day).into_bytes();
    let gzip = content::gzip(&html, Compression::best());
    (html, gzip)
}

/// Writes every file of `snapshot` into `dir` (created if missing); the names of those whose
/// bytes changed. Beside [`FILES`], a programme of several days gets one page per day and
/// language ([`static_day_file`]), written before the `index` pages that link to them.
pub fn write(
    dir: &Path,
    snapshot: &Snapshot,
    now: crate::model::Instant,
    pace: Pace,
    lang: Lang,
) -> Result<Vec<String>, PublishError> {
    fs::create_dir_all(dir).map_err(|source| PublishError {
        path: dir.display().to_string(),
        source,
    })?;
    let (script, style) = content::assets(SystemTime::UNIX_EPOCH);
    let mut days = Vec::new();
    if snapshot.plan.days.len() > 1 {
        for day in &snapshot.plan.days {
            for l in [Lang::En, Lang::Fr] {
                let (html, gzip) = page_file(snapshot, now, pace, l, Some(day.date));
                days.push((static_day_file(day.date, l), html, gzip));
            }
        }
    }
    let [en, fr] = [Lang::En, Lang::Fr].map(|l| page_file(snapshot, now, pace, l, None));
    let default = match lang {
        Lang::En => &en,
        Lang::Fr => &fr,
    };
    let mut written = Vec::new();
    for name in FILES {
        if name == "index.en.html" {
            for (file, html, gzip) in &days {
                if put(dir, file, html, gzip)? {
                    written.push(file.clone());
                }
            }
        }
        let (body, gzip): (&[u8], &[u8]) = match name {
            "page.css" => (&style.body, &style.gzip),
            "page.js" => (&script.body, &script.gzip),
            "programme.yaml" => (&snapshot.programme.body, &snapshot.programme.gzip),
            "live.yaml" => (&snapshot.live.body, &snapshot.live.gzip),
            "index.en.html" => (&en.0, &en.1),
            "index.fr.html" => (&fr.0, &fr.1),
            _ => (&default.0, &default.1),
        };
        if put(dir, name, body, gzip)? {
            written.push(name.to_owned());
        }
    }
    Ok(written)
}

/// What to publish and how.
#[derive(Clone)]
pub struct Options {
    pub programme: crate::model::Programme,
    pub files: Files,
    pub dir: PathBuf,
    pub clock: Arc<dyn Clock + Send + Sync>,
    pub pace: Pace,
    pub lang: Lang,
    /// Say on standard error what was written and what went wrong (not under a full-screen
    /// view).
    pub verbose: bool,
}

/// Publishes once; with `watch`, keeps publishing on every change until the process ends.
pub fn run(options: Options, watch: bool) -> Result<(), PublishError> {
    let say = |text: &str| {
        if options.verbose {
            eprintln!("deroule publish: {text}");
        }
    };
    let (mut follower, problems) =
        Follower::new(options.files.clone(), options.programme, SystemTime::now());
    for problem in problems {
        say(&problem);
    }
    let publish = |snapshot: &Snapshot| {
        write(
            &options.dir,
            snapshot,
            options.clock.now(),
            options.pace,
            options.lang,
        )
    };
    let written = publish(follower.current())?;
    say(&format!(
        "{} → {} ({})",
        options
            .files
            .programme
            .as_deref()
            .map_or_else(|| "the bundled day".into(), |p| p.display().to_string()),
        options.dir.display(),
        if written.is_empty() {
            "unchanged".to_owned()
        } else {
            written.join(", ")
        }
    ));
    if !watch {
        return Ok(());
    }
    let mut page_written = std::time::Instant::now();
    let wake = Wake::new(&options.files.watched(), POLL);
    loop {
        wake.wait(PAGE_EVERY.saturating_sub(page_written.elapsed()));
        let (changed, problems) = follower.poll();
        let changed = changed.is_some();
        for problem in problems {
            say(&problem);
        }
        let due = page_written.elapsed() >= PAGE_EVERY;
        if changed || due {
            // A failed write (disk full, folder gone) is said and tried again on the next turn.
            match publish(follower.current()) {
                Ok(written) => {
                    page_written = std::time::Instant::now();
                    let files: Vec<String> = written
                        .into_iter()
                        .filter(|f| !is_page(f) || changed)
                        .collect();
                    if !files.is_empty() {
                        say(&format!("wrote {}", files.join(", ")));
                    }
                }
                Err(e) => say(&e.to_string()),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn every_file_is_written_once_and_only_rewritten_on_change() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("site");
        let p = crate::bundled_programme();
        let snapshot = Snapshot::new(
            p,
            crate::live::state::State::Planned,
            SystemTime::UNIX_EPOCH,
            SystemTime::UNIX_EPOCH,
        );
        let now = chrono::Utc
            .with_ymd_and_hms(2022, 7, 1, 9, 5, 0)
            .single()
            .expect("valid");
        let written = write(&out, &snapshot, now, Pace::Frozen, Lang::En).expect("written");
        assert_eq!(written, FILES.to_vec());
        for name in FILES {
            assert!(out.join(name).is_file(), "{name}");
            assert!(out.join(format!("{name}.gz")).is_file(), "{name}.gz");
        }
        let html = fs::read_to_string(out.join("index.html")).expect("page");
        assert!(html.contains("aria-current=\"true\""), "a current item");
        assert!(
            html.contains("data-events=\"off\""),
            "no /events on a static host"
        );
        assert_eq!(
            fs::read(out.join("programme.yaml")).expect("programme"),
            &snapshot.programme.body[..]
        );
        let again = write(&out, &snapshot, now, Pace::Frozen, Lang::En).expect("written");
        assert!(again.is_empty(), "{again:?}");
        let later = now + chrono::TimeDelta::minutes(1);
        let again = write(&out, &snapshot, later, Pace::Frozen, Lang::En).expect("written");
        assert_eq!(again, vec!["index.en.html", "index.fr.html", "index.html"]);
        // Nothing else in the folder: no temporary files left.
        assert_eq!(fs::read_dir(&out).expect("dir").count(), 14);
    }

    #[test]
    fn the_site_is_in_both_languages_each_linking_to_the_other() {
        let dir = tempfile::tempdir().expect("tempdir");
        let snapshot = Snapshot::new(
            crate::bundled_programme(),
            crate::live::state::State::Planned,
            SystemTime::UNIX_EPOCH,
            SystemTime::UNIX_EPOCH,
        );
        let now = crate::bundled_at(9, 5);
        write(dir.path(), &snapshot, now, Pace::Frozen, Lang::Fr).expect("written");
        let read = |name: &str| fs::read_to_string(dir.path().join(name)).expect(name);
        let (en, fr) = (read("index.en.html"), read("index.fr.html"));
        for lang in [Lang::En, Lang::Fr] {
            assert!(FILES.contains(&crate::page::static_file(lang).as_str()));
        }
        assert!(en.contains("<html lang=\"en\""));
        assert!(en.contains("ends in <span class=\"countdown\""));
        assert!(en.contains("<a href=\"index.fr.html\" hreflang=\"fr\" lang=\"fr\">Français</a>"));
        assert!(fr.contains("<html lang=\"fr\""));
        assert!(fr.contains("se termine dans <span class=\"countdown\""));
        assert!(fr.contains("<a href=\"index.en.html\" hreflang=\"en\" lang=\"en\">English</a>"));
        // A static host reads no query: no page links to `?lang=`.
        assert!(!en.contains("lang=en") && !fr.contains("lang=fr"));
        assert!(!en.contains("?lang") && !fr.contains("?lang"));
        // The address of the site itself is in --lang's language.
        assert_eq!(read("index.html"), fr);
        write(dir.path(), &snapshot, now, Pace::Frozen, Lang::En).expect("written");
        assert_eq!(read("index.html"), en);
    }

    /// A static host reads no `?day=`: each day has its file in each language, the tabs link
    /// to them, a day's switch leads to the same day in the other language, and the room
    /// filter (a query too) is left out.
    #[test]
    fn several_days_have_a_file_each_and_the_tabs_link_them() {
        let text = "title: Two days\ntime_zone: UTC\nrooms: [Main Hall, Side Room]\ndays:\n\
                    \x20 - date: 2022-07-01\n    items:\n\
                    \x20     - {title: A talk, start: 9h, end: 10h, room: Main Hall}\n\
                    \x20     - {title: B talk, start: 9h, end: 10h, room: Side Room}\n\
                    \x20 - date: 2022-07-02\n    items:\n\
                    \x20     - {title: Day two, start: 9h, end: 10h}\n";
        let p = crate::model::load_str(text, "two.yaml")
            .expect("valid")
            .programme;
        let snapshot = Snapshot::new(
            p,
            crate::live::state::State::Planned,
            SystemTime::UNIX_EPOCH,
            SystemTime::UNIX_EPOCH,
        );
        let dir = tempfile::tempdir().expect("tempdir");
        let now = chrono::Utc
            .with_ymd_and_hms(2022, 7, 1, 9, 5, 0)
            .single()
            .expect("valid");
        let written = write(dir.path(), &snapshot, now, Pace::Frozen, Lang::En).expect("written");
        let days = [
            "day-2022-07-01.en.html",
            "day-2022-07-01.fr.html",
            "day-2022-07-02.en.html",
            "day-2022-07-02.fr.html",
        ];
        assert_eq!(&written[4..8], &days, "{written:?}");
        assert_eq!(written.last().map(String::as_str), Some("index.html"));
        let read = |name: &str| fs::read_to_string(dir.path().join(name)).expect(name);
        let index = read("index.html");
        assert!(
            index.contains("<a href=\"day-2022-07-02.en.html\">"),
            "{index}"
        );
        assert!(index.contains("<a href=\"day-2022-07-01.en.html\" aria-current=\"page\">"));
        assert!(!index.contains("<form"), "a room filter on a static host");
        assert!(!index.contains("?day=") && !index.contains("?room="));
        let second = read("day-2022-07-02.fr.html");
        let list = second
            .split("<ol class=\"items\">")
            .nth(1)
            .expect("the day's list");
        assert!(
            list.contains("Day two") && !list.contains("A talk"),
            "{list}"
        );
        assert!(second.contains("<a href=\"day-2022-07-02.fr.html\" aria-current=\"page\">"));
        assert!(second.contains("<a href=\"day-2022-07-02.en.html\" hreflang=\"en\""));
        // Each is rewritten with the clock, as index.html is.
        let later = now + chrono::TimeDelta::minutes(1);
        let again = write(dir.path(), &snapshot, later, Pace::Frozen, Lang::En).expect("written");
        assert!(again.iter().all(|f| is_page(f)), "{again:?}");
        assert_eq!(again.len(), 7, "{again:?}");
    }
}
