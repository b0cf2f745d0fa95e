//! The cache of validated programmes, so a conference schedule opens without being parsed and
//! validated again: one entry per source file under `$XDG_CACHE_HOME/deroule/programmes/`.
//!
//! An entry holds the validated [`Programme`] in postcard's compact binary form, behind a header
//! that names the build (the crate's version, the model's source and the executable's
//! identity, so a rebuilt deroule never trusts an older one's bytes) and the BLAKE3 hash of the
//! source's content. It is used only when both match; a corrupt, foreign, stale or other-build entry is
//! ignored and rewritten. Entries are written atomically (temporary file, rename) and the folder
//! is kept under a size bound, oldest first out. This module never decides *whether* to cache:
//! the caller does (`--no-cache`, `cache: false`), and `check` always reads the source.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::model::Programme;

/// The first bytes of every entry.
const MAGIC: &[u8; 8] = b"deroule\x01";
/// What the folder may hold before the oldest entries go.
pub const MAX_BYTES: u64 = 64 * 1024 * 1024;

/// The build's fingerprint: its version, the source of the types an entry holds, and the
/// running executable's identity (path, size, modification time), so a rebuilt validator or
/// importer never trusts what an older build made of the same file. One `stat`, no read.
fn fingerprint() -> &'static [u8; 32] {
    static PRINT: OnceLock<[u8; 32]> = OnceLock::new();
    PRINT.get_or_init(|| {
        let mut hasher = blake3::Hasher::new();
        hasher.update(env!("CARGO_PKG_VERSION").as_bytes());
        hasher.update(include_str!("model.rs").as_bytes());
        hasher.update(include_str!("model/timefmt.rs").as_bytes());
        if let Ok(exe) = std::env::current_exe() {
            hasher.update(exe.as_os_str().as_encoded_bytes());
            if let Ok(meta) = fs::metadata(&exe) {
                hasher.update(&meta.len().to_le_bytes());
                let modified = meta
                    .modified()
                    .ok()
                    .and_then(|m| m.duration_since(std::time::UNIX_EPOCH).ok())
                    .unwrap_or_default();
                hasher.update(&modified.as_nanos().to_le_bytes());
            }
        }
        *hasher.finalize().as_bytes()
    })
}

/// Where one source's entry lives and the hash its content must match: computed once per open,
/// for the lookup and, on a miss, the write.
#[derive(Debug, Clone)]
pub struct Key {
    entry: PathBuf,
    content: blake3::Hash,
}

/// A folder of cache entries.
#[derive(Debug, Clone)]
pub struct Store {
    dir: PathBuf,
    max_bytes: u64,
}

impl Store {
    /// The user's cache folder (`$XDG_CACHE_HOME/deroule/programmes`), if there is one.
    pub fn user() -> Option<Store> {
        dirs::cache_dir().map(|d| Store::new(d.join("deroule").join("programmes")))
    }

    pub fn new(dir: PathBuf) -> Store {
        Store {
            dir,
            max_bytes: MAX_BYTES,
        }
    }

    /// The same store, evicting past `bytes` instead of [`MAX_BYTES`].
    #[must_use]
    pub fn with_max_bytes(mut self, bytes: u64) -> Store {
        self.max_bytes = bytes;
        self
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The key of `source` holding `bytes`: its entry is named by a hash of the absolute path.
    pub fn key(&self, source: &Path, bytes: &[u8]) -> Key {
        let absolute = fs::canonicalize(source).unwrap_or_else(|_| source.to_path_buf());
        let name = blake3::hash(absolute.as_os_str().as_encoded_bytes()).to_hex();
        Key {
            entry: self.dir.join(format!("{}.bin", &name[..32])),
            content: blake3::hash(bytes),
        }
    }

    /// The programme cached under `key`, if a valid entry of this build holds exactly that
    /// content.
    pub fn get(&self, key: &Key) -> Option<Programme> {
        let entry = fs::read(&key.entry).ok()?;
        let rest = entry.strip_prefix(MAGIC.as_slice())?;
        let (build, rest) = rest.split_at_checked(32)?;
        let (content, body) = rest.split_at_checked(32)?;
        if build != fingerprint() || content != key.content.as_bytes() {
            return None;
        }
        postcard::from_bytes(body).ok()
    }

    /// Keeps `programme` as what the source of `key` validates to. Failures are the caller's to
    /// ignore: a cache that cannot be written only costs time.
    pub fn put(&self, key: &Key, programme: &Programme) -> std::io::Result<()> {
        let body = postcard::to_stdvec(programme).map_err(std::io::Error::other)?;
        fs::create_dir_all(&self.dir)?;
        let mut file = tempfile::Builder::new()
            .prefix(".deroule-cache-")
            .tempfile_in(&self.dir)?;
        file.write_all(MAGIC)?;
        file.write_all(fingerprint())?;
        file.write_all(key.content.as_bytes())?;
        file.write_all(&body)?;
        file.persist(&key.entry).map_err(|e| e.error)?;
        self.evict();
        Ok(())
    }

    /// Removes the oldest entries until the folder is within its bound.
    fn evict(&self) {
        let Ok(read) = fs::read_dir(&self.dir) else {
            return;
        };
        let mut entries: Vec<(std::time::SystemTime, u64, PathBuf)> = read
            .filter_map(Result::ok)
            .filter_map(|e| {
                let meta = e.metadata().ok()?;
                if !meta.is_file() {
                    return None;
                }
                Some((meta.modified().ok()?, meta.len(), e.path()))
            })
            .collect();
        let mut total: u64 = entries.iter().map(|(_, len, _)| len).sum();
        entries.sort();
        for (_, len, path) in entries {
            if total <= self.max_bytes {
                break;
            }
            if fs::remove_file(&path).is_ok() {
                total -= len;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let store = Store::new(dir.path().join("cache"));
        (dir, store)
    }

    #[test]
    fn an_entry_gives_back_the_same_programme_for_the_same_content_only() {
        let (dir, store) = store();
        let source = dir.path().join("p.yaml");
        fs::write(&source, crate::BUNDLED).expect("write");
        let programme = crate::bundled_programme();
        assert_eq!(
            store.get(&store.key(&source, crate::BUNDLED.as_bytes())),
            None
        );
        store
            .put(&store.key(&source, crate::BUNDLED.as_bytes()), &programme)
            .expect("put");
        assert_eq!(
            store.get(&store.key(&source, crate::BUNDLED.as_bytes())),
            Some(programme)
        );
        assert_eq!(
            store.get(&store.key(&source, b"title: edited")),
            None,
            "stale content"
        );
        let other = dir.path().join("q.yaml");
        assert_eq!(
            store.get(&store.key(&other, crate::BUNDLED.as_bytes())),
            None
        );
    }

    #[test]
    fn corrupt_truncated_and_foreign_entries_are_ignored() {
        let (dir, store) = store();
        let source = dir.path().join("p.yaml");
        fs::write(&source, crate::BUNDLED).expect("write");
        let bytes = crate::BUNDLED.as_bytes();
        store
            .put(&store.key(&source, bytes), &crate::bundled_programme())
            .expect("put");
        let entry = store.key(&source, bytes).entry;
        let whole = fs::read(&entry).expect("entry");
        for broken in [
            whole[..whole.len() / 2].to_vec(),
            whole[..10].to_vec(),
            Vec::new(),
            [b"deroule\x02".as_slice(), &whole[8..]].concat(),
            {
                let mut other_build = whole.clone();
                other_build[8] ^= 0xff;
                other_build
            },
            {
                let mut flipped = whole.clone();
                let last = flipped.len() - 3;
                flipped[last] ^= 0xff;
                flipped
            },
        ] {
            fs::write(&entry, &broken).expect("write");
            let got = store.get(&store.key(&source, bytes));
            assert!(
                got.is_none() || got == Some(crate::bundled_programme()),
                "a damaged entry never gives another programme"
            );
        }
        fs::write(&entry, b"garbage").expect("write");
        assert_eq!(store.get(&store.key(&source, bytes)), None);
        store
            .put(&store.key(&source, bytes), &crate::bundled_programme())
            .expect("rewritten");
        assert!(store.get(&store.key(&source, bytes)).is_some());
    }

    #[test]
    fn the_oldest_entries_go_past_the_bound() {
        let (dir, store) = store();
        let programme = crate::bundled_programme();
        let one = postcard::to_stdvec(&programme).expect("encode").len() as u64 + 72;
        let store = store.with_max_bytes(one * 2);
        let paths: Vec<PathBuf> = (0..4)
            .map(|i| dir.path().join(format!("{i}.yaml")))
            .collect();
        for path in &paths {
            fs::write(path, crate::BUNDLED).expect("write");
            store
                .put(&store.key(path, crate::BUNDLED.as_bytes()), &programme)
                .expect("put");
            // Distinct modification times, oldest first, without sleeping.
            let entry = store.key(path, crate::BUNDLED.as_bytes()).entry;
            let when = fs::metadata(&entry)
                .expect("meta")
                .modified()
                .expect("mtime");
            let file = fs::File::options().write(true).open(&entry).expect("open");
            let index = paths.iter().position(|p| p == path).expect("known") as u64;
            file.set_modified(when - std::time::Duration::from_secs(100 - index))
                .expect("set mtime");
        }
        let kept = fs::read_dir(store.dir()).expect("dir").count();
        assert!(kept <= 2, "{kept} entries kept");
        assert!(
            store
                .get(&store.key(&paths[3], crate::BUNDLED.as_bytes()))
                .is_some()
        );
        assert!(
            store
                .get(&store.key(&paths[0], crate::BUNDLED.as_bytes()))
                .is_none()
        );
    }
}
