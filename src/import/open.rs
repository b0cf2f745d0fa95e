//! Opening a programme as the viewer and the commands do: a deroule file or a published schedule,
//! told apart by content, through the cache of validated programmes, with the warnings of the
//! load or import for the messages panel. Importing itself is the parent module's.

use std::path::Path;

use super::{
    Format, ImportError, Options, Verify, check_venue_zone, detect, import_with, venue_zone,
    warning_lines,
};
use crate::cache::DayOutline;
use crate::model::{LoadError, Placing, Programme};

/// Why [`open`] failed: the deroule loader's own report, or the importer's.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error(transparent)]
    Import(#[from] ImportError),
}

/// A programme as the viewer opens it, with the warnings of its load or import (one line each,
/// `file:line:col: warning: …`), for the messages panel.
#[derive(Debug, Clone)]
pub struct Opened {
    pub programme: Programme,
    pub warnings: Vec<String>,
}

/// What the viewer opens: a published schedule (frab XML or JSON, schedule2, iCalendar), told
/// apart by its content, or else a deroule programme, with the YAML loader's exact messages.
pub fn open(path: &Path) -> Result<Programme, OpenError> {
    open_cached(path, None)
}

/// [`open`], through a cache of validated programmes: a file whose content was validated before
/// by this build is not parsed again; one that was not is validated and kept.
pub fn open_cached(
    path: &Path,
    cache: Option<&crate::cache::Store>,
) -> Result<Programme, OpenError> {
    open_warned(path, cache).map(|o| o.programme)
}

/// [`open_cached`] with the warnings of the load or import, kept in the cache entry with the
/// programme (a warm open has them too).
pub fn open_warned(path: &Path, cache: Option<&crate::cache::Store>) -> Result<Opened, OpenError> {
    let every_day = |_: &Programme, days: &[DayOutline]| {
        Ok::<_, std::convert::Infallible>((0..days.len()).collect())
    };
    match open_days(path, cache, every_day)? {
        Ok((opened, _)) => Ok(opened),
        Err(never) => match never {},
    }
}

/// [`open_cached`] for a command that shows some days only (`agenda`): `choose` picks them from
/// the programme's head (its zone, meta and days, whose items may not be decoded yet: never read
/// them there) and each day's outline (date, closing instant); from a warm cache only the chosen
/// days' items are decoded, the other days come back without items. `choose`'s own refusal (no
/// such day) is returned as is.
pub fn open_cached_days<E>(
    path: &Path,
    cache: Option<&crate::cache::Store>,
    choose: impl Fn(&Programme, &[DayOutline]) -> Result<Vec<usize>, E>,
) -> Result<Result<(Programme, Vec<usize>), E>, OpenError> {
    Ok(open_days(path, cache, choose)?.map(|(opened, chosen)| (opened.programme, chosen)))
}

/// [`open_cached_days`] with the warnings.
fn open_days<E>(
    path: &Path,
    cache: Option<&crate::cache::Store>,
    choose: impl Fn(&Programme, &[DayOutline]) -> Result<Vec<usize>, E>,
) -> Result<Result<(Opened, Vec<usize>), E>, OpenError> {
    let from_entry = |entry: crate::cache::Entry| match choose(entry.head(), &entry.days()) {
        Ok(chosen) => {
            let warnings = entry.warnings().to_vec();
            entry.programme_with(&chosen).map(|programme| {
                Ok((
                    Opened {
                        programme,
                        warnings,
                    },
                    chosen,
                ))
            })
        }
        Err(refused) => Some(Err(refused)),
    };
    let whole = |opened: Opened| {
        let outline = DayOutline::of(&opened.programme);
        choose(&opened.programme, &outline).map(|chosen| (opened, chosen))
    };
    // The cache keeps what a file means without a venue zone given: with one, read afresh.
    let key = cache
        .filter(|_| venue_zone().is_none())
        .map(|store| (store, store.key(path)));
    if let Some((store, key)) = &key
        && let Some(found) = store.unchanged(key).and_then(from_entry)
    {
        return Ok(found);
    }
    let bytes = crate::model::load::read_file(path)?;
    if let Some((store, key)) = &key
        && let Some(entry) = store.get(key, &bytes)
    {
        if entry.made_from(key) {
            // Read just after a change (times not settled yet): the content decided.
            if let Some(found) = from_entry(entry) {
                return Ok(found);
            }
        } else {
            let warnings = entry.warnings().to_vec();
            if let Some(programme) = entry.programme() {
                // The same content under a new identity (touched, copied back): kept again with
                // the new identity, so the next open need not read the source.
                let _ = store.put(key, &bytes, &programme, &warnings);
                return Ok(whole(Opened {
                    programme,
                    warnings,
                }));
            }
        }
    }
    let opened = open_bytes(&bytes, &path.display().to_string())?;
    if let Some((store, key)) = &key {
        // A cache that cannot be written costs time, never the programme.
        let _ = store.put(key, &bytes, &opened.programme, &opened.warnings);
    }
    Ok(whole(opened))
}

/// [`open`] of bytes that came from elsewhere than a file (a URL), named `name` in messages,
/// through the cache of validated programmes keyed by that name.
pub fn open_named(
    bytes: &[u8],
    name: &str,
    cache: Option<&crate::cache::Store>,
) -> Result<Programme, OpenError> {
    open_named_warned(bytes, name, cache).map(|o| o.programme)
}

/// [`open_named`] with the warnings of the load or import (kept in the cache entry too).
pub fn open_named_warned(
    bytes: &[u8],
    name: &str,
    cache: Option<&crate::cache::Store>,
) -> Result<Opened, OpenError> {
    let key = cache.map(|store| (store, store.key_named(name)));
    if let Some((store, key)) = &key
        && let Some(entry) = store.get(key, bytes)
    {
        let warnings = entry.warnings().to_vec();
        if let Some(programme) = entry.programme() {
            return Ok(Opened {
                programme,
                warnings,
            });
        }
    }
    let opened = open_bytes(bytes, name)?;
    if let Some((store, key)) = &key {
        let _ = store.put(key, bytes, &opened.programme, &opened.warnings);
    }
    Ok(opened)
}

fn open_bytes(bytes: &[u8], name: &str) -> Result<Opened, OpenError> {
    // The viewer's warnings go to its messages panel, placed (which costs a second reading of a
    // YAML source only when it has warnings), but not verified by a round trip.
    if detect(bytes).is_some_and(|f| f != Format::DerouleYaml) {
        let options = Options {
            verify: Verify::Trust,
            ..Options::default()
        };
        let imported = import_with(bytes, name, &options)?;
        Ok(Opened {
            programme: imported.programme,
            warnings: imported.warnings,
        })
    } else {
        let loaded = crate::model::load_bytes_with(bytes, name, Placing::Everything)?;
        check_venue_zone(&loaded.programme, name)?;
        Ok(Opened {
            warnings: warning_lines(&loaded, name),
            programme: loaded.programme,
        })
    }
}
