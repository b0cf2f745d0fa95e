//! The attendee's favourites: items kept by their stable key (the item's `id`, else its date,
//! start and title), one file per programme under the XDG data folder
//! (`$XDG_DATA_HOME/deroule/favourites/<programme>.yaml`). Written atomically.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::model::{Programme, from_yaml, to_yaml};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Favourites {
    keys: BTreeSet<String>,
    /// Where they are kept; `None` keeps them for this session only.
    pub path: Option<PathBuf>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    programme: String,
    favourites: Vec<String>,
}

/// The file for `programme`'s favourites under `data_dir`.
pub fn path_for(data_dir: &Path, programme: &Programme) -> PathBuf {
    let slug: String = programme
        .meta
        .title
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect::<String>()
        .split('-')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let day = programme
        .days
        .first()
        .map(|d| d.date.to_string())
        .unwrap_or_default();
    data_dir
        .join("deroule")
        .join("favourites")
        .join(format!("{slug}-{day}.yaml"))
}

impl Favourites {
    /// Reads the favourites at `path` (none when there is no file).
    pub fn load(path: PathBuf) -> Result<Favourites, String> {
        let keys = match std::fs::read_to_string(&path) {
            Ok(text) => {
                let file: File = from_yaml(&text).map_err(|d| {
                    format!(
                        "{}:{}:{}: error: {}",
                        path.display(),
                        d.line,
                        d.column,
                        d.message
                    )
                })?;
                file.favourites.into_iter().collect()
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => BTreeSet::new(),
            Err(e) => {
                return Err(format!(
                    "{}: cannot read the favourites: {e}",
                    path.display()
                ));
            }
        };
        Ok(Favourites {
            keys,
            path: Some(path),
        })
    }

    pub fn contains(&self, key: &str) -> bool {
        self.keys.contains(key)
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Adds or removes `key`; returns whether it is now a favourite.
    pub fn toggle(&mut self, key: &str) -> bool {
        if self.keys.remove(key) {
            false
        } else {
            self.keys.insert(key.to_owned());
            true
        }
    }

    /// Writes the favourites atomically, creating the folder.
    pub fn save(&self, programme: &Programme) -> Result<(), String> {
        let Some(path) = &self.path else {
            return Ok(());
        };
        let fail = |e: &dyn std::fmt::Display| {
            format!("{}: cannot save the favourites: {e}", path.display())
        };
        let dir = path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir).map_err(|e| fail(&e))?;
        let file = File {
            programme: programme.meta.title.clone(),
            favourites: self.keys.iter().cloned().collect(),
        };
        let text = to_yaml(&file).map_err(|e| fail(&e))?;
        let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| fail(&e))?;
        std::io::Write::write_all(&mut tmp, text.as_bytes()).map_err(|e| fail(&e))?;
        tmp.as_file().sync_all().map_err(|e| fail(&e))?;
        tmp.persist(path).map_err(|e| fail(&e.error))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn favourites_survive_a_restart() {
        let p = crate::model::load_str(crate::BUNDLED, "b")
            .expect("valid")
            .programme;
        let dir = tempfile::tempdir().expect("tempdir");
        let path = path_for(dir.path(), &p);
        assert!(
            path.ends_with("deroule/favourites/journée-bluehats-mutualisons-2022-07-01.yaml"),
            "{path:?}"
        );
        let mut favs = Favourites::load(path.clone()).expect("no file is fine");
        assert!(favs.is_empty());
        assert!(favs.toggle("ateliers-1"));
        assert!(favs.toggle("dejeuner"));
        assert!(!favs.toggle("dejeuner"));
        favs.save(&p).expect("saved");
        let again = Favourites::load(path.clone()).expect("readable");
        assert!(again.contains("ateliers-1") && !again.contains("dejeuner"));
        std::fs::write(&path, "favourites: [\n").expect("write");
        let err = Favourites::load(path).expect_err("broken");
        assert!(err.contains(".yaml:2:1: error:"), "{err}");
    }
}
