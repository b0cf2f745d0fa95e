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
    /// Why saving is refused, when it is (see [`Favourites::unsaved`]).
    refusal: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    programme: String,
    favourites: Vec<String>,
}

/// The longest slug of a title kept in a file name, in bytes (names are limited to 255).
const SLUG_BYTES: usize = 48;

/// The file for `programme`'s favourites under `data_dir`: a slug of the title (for people
/// looking at the folder) and a hash of the programme's identity (its title, zone and first
/// day), so the name is valid and distinct whatever the title (`/`, 300 bytes, only emoji).
/// A file kept under the name earlier versions used (`<slug>-<date>.yaml`) is moved to it.
pub fn path_for(data_dir: &Path, programme: &Programme) -> PathBuf {
    let dir = data_dir.join("deroule").join("favourites");
    let slug = slug(&programme.meta.title);
    let day = programme
        .days
        .first()
        .map(|d| d.date.to_string())
        .unwrap_or_default();
    let identity = format!("{}\n{}\n{day}", programme.meta.title, programme.tz.name());
    let hash = blake3::hash(identity.as_bytes()).to_hex();
    let short: String = slug
        .chars()
        .scan(0, |bytes, c| {
            *bytes += c.len_utf8();
            (*bytes <= SLUG_BYTES).then_some(c)
        })
        .collect();
    let path = dir.join(format!(
        "{}-{day}-{}.yaml",
        short.trim_end_matches('-'),
        &hash[..12]
    ));
    let legacy = dir.join(format!("{slug}-{day}.yaml"));
    if !path.exists() && legacy.is_file() {
        let _ = std::fs::rename(&legacy, &path);
    }
    path
}

/// Whether this is the first time `programme` is opened here: a marker beside the favourites
/// (`deroule/seen/<programme>.yaml` under `data_dir`) is left the first time. A folder that
/// cannot be written counts as seen, so nothing is said again and again.
pub fn first_use(data_dir: &Path, programme: &Programme) -> bool {
    let favourites = path_for(data_dir, programme);
    let Some(name) = favourites.file_name() else {
        return false;
    };
    let marker = data_dir.join("deroule").join("seen").join(name);
    if marker.exists() {
        return false;
    }
    marker
        .parent()
        .is_some_and(|dir| std::fs::create_dir_all(dir).is_ok())
        && std::fs::write(&marker, b"").is_ok()
}

/// `Journée BlueHats « Mutualisons ! »` → `journée-bluehats-mutualisons`.
fn slug(title: &str) -> String {
    title
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
        .join("-")
}

impl Favourites {
    /// Reads the favourites at `path` (none when there is no file). A file that cannot be read
    /// or understood is an error, and is never overwritten: see [`Favourites::unsaved`].
    pub fn load(path: PathBuf) -> Result<Favourites, String> {
        let text = match crate::bounded::read_text(&path, crate::bounded::MAX_BYTES) {
            Ok(text) => Some(text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => {
                return Err(format!(
                    "{}: cannot read the favourites: {e}",
                    path.display()
                ));
            }
        };
        let keys = match text {
            Some(text) => {
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
            None => BTreeSet::new(),
        };
        Ok(Favourites {
            keys,
            path: Some(path),
            refusal: None,
        })
    }

    /// Favourites for this session that refuse to be saved, saying why (`problem`: the favourites
    /// file could not be read, so writing it would lose what it holds).
    pub fn unsaved(problem: &str) -> Favourites {
        Favourites {
            refusal: Some(format!(
                "favourites not saved: {problem} (fix or move the file, then restart)"
            )),
            ..Favourites::default()
        }
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
        if let Some(refusal) = &self.refusal {
            return Err(refusal.clone());
        }
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
    fn a_programme_is_new_once() {
        let p = crate::bundled_programme();
        let dir = tempfile::tempdir().expect("tempdir");
        assert!(first_use(dir.path(), &p));
        assert!(!first_use(dir.path(), &p), "seen now");
        let mut other = p.clone();
        other.meta.title = "Another day".into();
        assert!(first_use(dir.path(), &other));
    }

    #[test]
    fn favourites_survive_a_restart() {
        let p = crate::model::load_str(crate::BUNDLED, "b")
            .expect("valid")
            .programme;
        let dir = tempfile::tempdir().expect("tempdir");
        let path = path_for(dir.path(), &p);
        let name = path.file_name().expect("a name").to_string_lossy();
        assert!(
            path.starts_with(dir.path().join("deroule/favourites"))
                && name.starts_with("journée-bluehats-mutualisons-2022-07-01-")
                && name.len() == "journée-bluehats-mutualisons-2022-07-01-".len() + 12 + 5,
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

    fn programme_titled(title: &str) -> Programme {
        let mut p = crate::bundled_programme();
        p.meta.title = title.to_owned();
        p
    }

    #[test]
    fn any_title_makes_a_valid_file_name() {
        let dir = tempfile::tempdir().expect("tempdir");
        for title in [
            "é".repeat(200),
            "a/b/../c".to_owned(),
            "🎉🎉".to_owned(),
            String::new(),
        ] {
            let p = programme_titled(&title);
            let path = path_for(dir.path(), &p);
            let name = path
                .file_name()
                .expect("a name")
                .to_string_lossy()
                .into_owned();
            assert!(name.len() <= 100 && !name.contains('/'), "{name}");
            let mut favs = Favourites::load(path.clone()).expect("no file");
            favs.toggle("x");
            favs.save(&p).expect("saved");
            assert!(
                Favourites::load(path).expect("read").contains("x"),
                "{title}"
            );
        }
        // Two titles with the same slug are two files.
        let a = path_for(dir.path(), &programme_titled("Café!"));
        let b = path_for(dir.path(), &programme_titled("Café?"));
        assert_ne!(a, b);
    }

    #[test]
    fn a_file_of_an_earlier_version_is_kept() {
        let p = crate::bundled_programme();
        let dir = tempfile::tempdir().expect("tempdir");
        let folder = dir.path().join("deroule/favourites");
        std::fs::create_dir_all(&folder).expect("mkdir");
        let legacy = folder.join("journée-bluehats-mutualisons-2022-07-01.yaml");
        std::fs::write(&legacy, "programme: x\nfavourites: [kept]\n").expect("write");
        let favs = Favourites::load(path_for(dir.path(), &p)).expect("moved");
        assert!(favs.contains("kept"));
        assert!(!legacy.exists());
    }

    #[test]
    fn a_broken_file_is_never_overwritten_and_saving_says_so() {
        let p = crate::bundled_programme();
        let dir = tempfile::tempdir().expect("tempdir");
        let path = path_for(dir.path(), &p);
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("mkdir");
        std::fs::write(&path, "favourites: [\n").expect("write");
        let problem = Favourites::load(path.clone()).expect_err("broken");
        let mut favs = Favourites::unsaved(&problem);
        favs.toggle("x");
        let err = favs.save(&p).expect_err("refused");
        assert!(
            err.starts_with("favourites not saved: ") && err.contains(":2:1: error:"),
            "{err}"
        );
        assert_eq!(
            std::fs::read_to_string(&path).expect("kept"),
            "favourites: [\n"
        );
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_folder_that_cannot_be_written_is_an_error() {
        let p = crate::bundled_programme();
        // No folder can be made in /proc, even as root.
        let mut favs =
            Favourites::load(PathBuf::from("/proc/self/deroule/f.yaml")).expect("no file");
        favs.toggle("x");
        let err = favs.save(&p).expect_err("cannot save");
        assert!(err.contains("cannot save the favourites"), "{err}");
    }
}
