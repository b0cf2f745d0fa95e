//! The cache of validated programmes, so a conference schedule opens without being parsed and
//! validated again: one entry per source file under `$XDG_CACHE_HOME/deroule/programmes/`.
//!
//! An entry holds the validated [`Programme`] in postcard's compact binary form, behind a header
//! that names the build (the crate's version, the model's source and the executable's identity, so
//! a rebuilt deroule never trusts an older one's bytes) and the BLAKE3 hash of the source's content.
//! A corrupt, foreign, stale or other-build entry is ignored and rewritten. Entries are written
//! atomically (temporary file, rename) and the folder is kept under a size bound, oldest first out.
//! This module never decides *whether* to cache: the caller does (`--no-cache`, `cache: false`),
//! and `check` always reads the source.
//!
//! Two things make a warm open cheap at conference size:
//! - **The source is not read when its identity proves it unchanged.** The entry keeps the source's
//!   identity when it was validated (device, inode, size, modification and change times). When the
//!   file still has exactly that identity, and those times were at least [`SETTLED`] older than the
//!   entry (the rule git uses for its index: a file changed within the same clock tick as it was
//!   read could keep its times), the content hash is not recomputed. Otherwise the source is read
//!   and its BLAKE3 hash decides, as before.
//! - **Days are decoded on demand.** The entry is an outline (the programme without its items, and
//!   each day's date, closing instant and byte length) followed by one block per day, so `agenda`
//!   of one day of FOSDEM decodes that day only.

use std::fs::{self, File};
use std::io::{Read as _, Seek as _, SeekFrom, Write as _};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use chrono::NaiveDate;

use crate::model::{Instant, Item, Programme};

/// The first bytes of every entry.
const MAGIC: &[u8; 8] = b"deroule\x02";
/// What the folder may hold before the oldest entries go.
pub const MAX_BYTES: u64 = 64 * 1024 * 1024;
/// How much older than its entry a source's times must be for its identity alone to vouch for
/// its content (coarse file systems keep times to the second, FAT to two).
pub const SETTLED: Duration = Duration::from_secs(3);
/// Bytes before the outline: magic, build fingerprint, content hash, outline length.
const HEADER: usize = 8 + 32 + 32 + 4;
/// No outline is larger than this (the days' blocks follow it).
const MAX_OUTLINE: u32 = 16 * 1024 * 1024;

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
        hasher.update(include_str!("cache.rs").as_bytes());
        if let Ok(exe) = std::env::current_exe() {
            hasher.update(exe.as_os_str().as_encoded_bytes());
            if let Ok(meta) = fs::metadata(&exe) {
                hasher.update(&meta.len().to_le_bytes());
                hasher.update(&nanos(meta.modified().ok()).to_le_bytes());
            }
        }
        *hasher.finalize().as_bytes()
    })
}

fn nanos(time: Option<SystemTime>) -> i128 {
    match time.map(|t| t.duration_since(UNIX_EPOCH)) {
        Some(Ok(after)) => after.as_nanos() as i128,
        Some(Err(before)) => -(before.duration().as_nanos() as i128),
        None => 0,
    }
}

/// Who a source file is, as far as `stat` can tell: equal identities with settled times mean the
/// same content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Identity {
    device: u64,
    inode: u64,
    size: u64,
    /// Nanoseconds since the epoch.
    modified: i128,
    changed: i128,
}

impl Identity {
    /// The identity of the file at `path` now; `None` where the platform cannot tell.
    pub fn of(path: &Path) -> Option<Identity> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt as _;
            let meta = fs::metadata(path).ok()?;
            let time = |secs: i64, nsec: i64| i128::from(secs) * 1_000_000_000 + i128::from(nsec);
            Some(Identity {
                device: meta.dev(),
                inode: meta.ino(),
                size: meta.size(),
                modified: time(meta.mtime(), meta.mtime_nsec()),
                changed: time(meta.ctime(), meta.ctime_nsec()),
            })
        }
        #[cfg(not(unix))]
        {
            let _ = path;
            None
        }
    }
}

/// What choosing days needs to know of each: its date and when it closes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DayOutline {
    pub date: NaiveDate,
    pub closes: Instant,
}

impl DayOutline {
    pub fn of(programme: &Programme) -> Vec<DayOutline> {
        programme
            .days
            .iter()
            .map(|d| DayOutline {
                date: d.date,
                closes: d.closes(),
            })
            .collect()
    }
}

/// The part of an entry read first: the source's identity when validated, the programme without
/// its items, and each day's outline with the length of its block of items.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct Outline {
    source: Option<Identity>,
    /// When the entry was written, in nanoseconds since the epoch.
    written: i128,
    head: Programme,
    days: Vec<(DayOutline, u32)>,
}

/// Where one source's entry lives, the source's identity before it was read, and the hash its
/// content must match once it is read.
#[derive(Debug, Clone)]
pub struct Key {
    entry: PathBuf,
    identity: Option<Identity>,
}

/// A valid entry of this build for a source, opened and outlined; its days not yet decoded.
#[derive(Debug)]
pub struct Entry {
    file: File,
    outline: Outline,
    /// Where the first day's block starts.
    blocks: u64,
}

impl Entry {
    /// The programme without its items: meta, zone, rooms, and its days (dates, labels, frames).
    pub fn head(&self) -> &Programme {
        &self.outline.head
    }

    /// Whether the entry was made from the source with the identity `key` saw (if not, the
    /// content matched under another identity: a touch, a copy).
    pub fn made_from(&self, key: &Key) -> bool {
        self.outline.source == key.identity
    }

    /// Each day's date and closing instant, in the programme's order.
    pub fn days(&self) -> Vec<DayOutline> {
        self.outline.days.iter().map(|(d, _)| *d).collect()
    }

    /// The programme with every day's items.
    pub fn programme(self) -> Option<Programme> {
        let all: Vec<usize> = (0..self.outline.days.len()).collect();
        self.programme_with(&all)
    }

    /// The programme with the items of the days at `chosen` only: the other days keep their
    /// date, label and frame but no items. For commands that show those days and nothing else.
    pub fn programme_with(mut self, chosen: &[usize]) -> Option<Programme> {
        let mut programme = self.outline.head;
        let mut at = self.blocks;
        let mut block = Vec::new();
        for (index, (_, len)) in self.outline.days.iter().enumerate() {
            let len = u64::from(*len);
            if chosen.contains(&index) {
                self.file.seek(SeekFrom::Start(at)).ok()?;
                block.clear();
                (&mut self.file).take(len).read_to_end(&mut block).ok()?;
                if block.len() as u64 != len {
                    return None;
                }
                programme.days.get_mut(index)?.items = postcard::from_bytes(&block).ok()?;
            }
            at += len;
        }
        Some(programme)
    }
}

/// A folder of cache entries.
#[derive(Debug, Clone)]
pub struct Store {
    dir: PathBuf,
    max_bytes: u64,
    settled: Duration,
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
            settled: SETTLED,
        }
    }

    /// The same store, evicting past `bytes` instead of [`MAX_BYTES`].
    #[must_use]
    pub fn with_max_bytes(mut self, bytes: u64) -> Store {
        self.max_bytes = bytes;
        self
    }

    /// The same store, trusting a source's identity when its times are `margin` older than the
    /// entry instead of [`SETTLED`] (tests cannot wait for a change time to settle).
    #[must_use]
    pub fn with_settled(mut self, margin: Duration) -> Store {
        self.settled = margin;
        self
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The key of `source`, to be taken *before* its content is read: its entry is named by a hash
    /// of the absolute path, and its identity now is what a later open compares.
    pub fn key(&self, source: &Path) -> Key {
        let absolute = fs::canonicalize(source).unwrap_or_else(|_| source.to_path_buf());
        let name = blake3::hash(absolute.as_os_str().as_encoded_bytes()).to_hex();
        Key {
            entry: self.dir.join(format!("{}.bin", &name[..32])),
            identity: Identity::of(source),
        }
    }

    /// The key of a source that is no file (a URL): its entry is named by a hash of `name`,
    /// and only its content can vouch for it.
    pub fn key_named(&self, name: &str) -> Key {
        Key {
            entry: self.named_path(name, "bin"),
            identity: None,
        }
    }

    fn named_path(&self, name: &str, extension: &str) -> PathBuf {
        let hash = blake3::hash(name.as_bytes()).to_hex();
        self.dir.join(format!("{}.{extension}", &hash[..32]))
    }

    /// Keeps `bytes` under `name` (a URL's last good answer), atomically, within the same bound
    /// as the programmes.
    pub fn put_bytes(&self, name: &str, bytes: &[u8]) -> std::io::Result<()> {
        fs::create_dir_all(&self.dir)?;
        let mut file = tempfile::Builder::new()
            .prefix(".deroule-cache-")
            .tempfile_in(&self.dir)?;
        file.write_all(bytes)?;
        file.persist(self.named_path(name, "copy"))
            .map_err(|e| e.error)?;
        self.evict();
        Ok(())
    }

    /// What [`Store::put_bytes`] kept under `name`, if it is still there.
    pub fn get_bytes(&self, name: &str) -> Option<Vec<u8>> {
        fs::read(self.named_path(name, "copy")).ok()
    }

    /// The entry of `key` when the source's identity alone proves it current: same device,
    /// inode, size and times as when it was validated, and those times settled before the entry
    /// was written. No byte of the source is read.
    pub fn unchanged(&self, key: &Key) -> Option<Entry> {
        let identity = key.identity?;
        let (entry, _) = Store::open(key)?;
        let settled = entry.outline.written - self.settled.as_nanos() as i128;
        let vouches = entry.outline.source == Some(identity)
            && identity.modified < settled
            && identity.changed < settled;
        vouches.then_some(entry)
    }

    /// The entry of `key` if it was made from exactly `content`.
    pub fn get(&self, key: &Key, content: &[u8]) -> Option<Entry> {
        let (entry, hash) = Store::open(key)?;
        (hash == *blake3::hash(content).as_bytes()).then_some(entry)
    }

    /// Opens the entry of `key` if it is one of this build, with its outline read and the content
    /// hash it was made from.
    fn open(key: &Key) -> Option<(Entry, [u8; 32])> {
        let mut file = File::open(&key.entry).ok()?;
        let mut header = [0u8; HEADER];
        file.read_exact(&mut header).ok()?;
        let (magic, rest) = header.split_at(8);
        let (build, rest) = rest.split_at(32);
        let (content, len) = rest.split_at(32);
        if magic != MAGIC || build != fingerprint() {
            return None;
        }
        let len = u32::from_le_bytes(len.try_into().ok()?);
        if len > MAX_OUTLINE {
            return None;
        }
        let mut outline = Vec::new();
        (&mut file)
            .take(u64::from(len))
            .read_to_end(&mut outline)
            .ok()?;
        let outline: Outline = postcard::from_bytes(&outline).ok()?;
        if outline.days.len() != outline.head.days.len() {
            return None;
        }
        let entry = Entry {
            file,
            outline,
            blocks: (HEADER as u64) + u64::from(len),
        };
        Some((entry, content.try_into().ok()?))
    }

    /// Keeps `programme` as what the source of `key`, holding `content`, validates to. Failures
    /// are the caller's to ignore: a cache that cannot be written only costs time.
    pub fn put(&self, key: &Key, content: &[u8], programme: &Programme) -> std::io::Result<()> {
        let mut head = programme.clone();
        let mut blocks = Vec::with_capacity(head.days.len());
        let mut days = Vec::with_capacity(head.days.len());
        for (day, outline) in head.days.iter_mut().zip(DayOutline::of(programme)) {
            let items: Vec<Item> = std::mem::take(&mut day.items);
            let block = postcard::to_stdvec(&items).map_err(std::io::Error::other)?;
            days.push((
                outline,
                u32::try_from(block.len()).map_err(std::io::Error::other)?,
            ));
            blocks.push(block);
        }
        let outline = Outline {
            source: key.identity,
            written: nanos(Some(SystemTime::now())),
            head,
            days,
        };
        let outline = postcard::to_stdvec(&outline).map_err(std::io::Error::other)?;
        let len = u32::try_from(outline.len()).map_err(std::io::Error::other)?;
        fs::create_dir_all(&self.dir)?;
        let mut file = tempfile::Builder::new()
            .prefix(".deroule-cache-")
            .tempfile_in(&self.dir)?;
        let mut out = std::io::BufWriter::new(file.as_file_mut());
        out.write_all(MAGIC)?;
        out.write_all(fingerprint())?;
        out.write_all(blake3::hash(content).as_bytes())?;
        out.write_all(&len.to_le_bytes())?;
        out.write_all(&outline)?;
        for block in &blocks {
            out.write_all(block)?;
        }
        out.flush()?;
        drop(out);
        file.persist(&key.entry).map_err(|e| e.error)?;
        self.evict();
        Ok(())
    }

    /// Removes the oldest entries until the folder is within its bound.
    fn evict(&self) {
        let Ok(read) = fs::read_dir(&self.dir) else {
            return;
        };
        let mut entries: Vec<(SystemTime, u64, PathBuf)> = read
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

    fn bundled(dir: &Path) -> PathBuf {
        let source = dir.join("p.yaml");
        fs::write(&source, crate::BUNDLED).expect("write");
        source
    }

    fn whole(entry: Option<Entry>) -> Option<Programme> {
        entry.and_then(Entry::programme)
    }

    const BYTES: &[u8] = crate::BUNDLED.as_bytes();

    #[test]
    fn an_entry_gives_back_the_same_programme_for_the_same_content_only() {
        let (dir, store) = store();
        let source = bundled(dir.path());
        let programme = crate::bundled_programme();
        assert!(store.get(&store.key(&source), BYTES).is_none());
        store
            .put(&store.key(&source), BYTES, &programme)
            .expect("put");
        assert_eq!(
            whole(store.get(&store.key(&source), BYTES)),
            Some(programme)
        );
        assert!(
            store.get(&store.key(&source), b"title: edited").is_none(),
            "stale content"
        );
        let other = dir.path().join("q.yaml");
        assert!(store.get(&store.key(&other), BYTES).is_none());
    }

    #[test]
    fn an_unchanged_identity_vouches_for_the_content_only_once_its_times_have_settled() {
        let (dir, store) = store();
        let source = bundled(dir.path());
        let programme = crate::bundled_programme();
        // Written just now: the file's times are not older than the entry by SETTLED.
        store
            .put(&store.key(&source), BYTES, &programme)
            .expect("put");
        assert!(store.unchanged(&store.key(&source)).is_none(), "racy");
        // A store trusting settled times at once: the same file is vouched for by its identity.
        let eager = store.clone().with_settled(Duration::ZERO);
        assert_eq!(
            whole(eager.unchanged(&eager.key(&source))),
            Some(programme.clone())
        );
        // Any change of the file (here its modification time, same content) ends the trust;
        // the content hash still recognises it.
        let file = File::options().write(true).open(&source).expect("open");
        file.set_modified(SystemTime::now() - Duration::from_secs(3600))
            .expect("set mtime");
        assert!(eager.unchanged(&eager.key(&source)).is_none());
        assert_eq!(
            whole(eager.get(&eager.key(&source), BYTES)),
            Some(programme.clone())
        );
        // An edit of the same size is another identity too.
        let edited = crate::BUNDLED.replacen("Mutualisons", "Mutualisez!", 1);
        assert_eq!(edited.len(), crate::BUNDLED.len());
        fs::write(&source, &edited).expect("edit");
        assert!(eager.unchanged(&eager.key(&source)).is_none());
        assert!(eager.get(&eager.key(&source), edited.as_bytes()).is_none());
    }

    #[test]
    fn only_the_chosen_days_are_decoded_and_every_day_keeps_its_outline() {
        let (dir, store) = store();
        let source = bundled(dir.path());
        let mut programme = crate::bundled_programme();
        // A second day, a week later, to choose between.
        let mut second = programme.days[0].clone();
        let week = chrono::TimeDelta::days(7);
        second.date += week;
        second.start = second.start.map(|t| t + week);
        second.end = second.end.map(|t| t + week);
        for item in &mut second.items {
            item.start += week;
            item.end += week;
        }
        programme.days.push(second);
        store
            .put(&store.key(&source), BYTES, &programme)
            .expect("put");
        let entry = store.get(&store.key(&source), BYTES).expect("entry");
        assert_eq!(entry.days(), DayOutline::of(&programme));
        assert!(entry.head().days.iter().all(|d| d.items.is_empty()));
        assert_eq!(entry.head().meta, programme.meta);
        let partial = entry.programme_with(&[1]).expect("decoded");
        assert!(partial.days[0].items.is_empty());
        assert_eq!(partial.days[1], programme.days[1]);
        assert_eq!(partial.days[0].date, programme.days[0].date);
    }

    #[test]
    fn corrupt_truncated_and_foreign_entries_are_ignored() {
        let (dir, store) = store();
        let source = bundled(dir.path());
        let programme = crate::bundled_programme();
        store
            .put(&store.key(&source), BYTES, &programme)
            .expect("put");
        let entry = store.key(&source).entry;
        let whole_entry = fs::read(&entry).expect("entry");
        let eager = store.clone().with_settled(Duration::ZERO);
        for broken in [
            whole_entry[..whole_entry.len() / 2].to_vec(),
            whole_entry[..10].to_vec(),
            Vec::new(),
            [b"deroule\x01".as_slice(), &whole_entry[8..]].concat(),
            {
                let mut other_build = whole_entry.clone();
                other_build[8] ^= 0xff;
                other_build
            },
            {
                let mut huge_outline = whole_entry.clone();
                huge_outline[72..76].copy_from_slice(&u32::MAX.to_le_bytes());
                huge_outline
            },
            {
                let mut flipped = whole_entry.clone();
                let last = flipped.len() - 3;
                flipped[last] ^= 0xff;
                flipped
            },
        ] {
            fs::write(&entry, &broken).expect("write");
            for got in [
                whole(store.get(&store.key(&source), BYTES)),
                whole(eager.unchanged(&eager.key(&source))),
            ] {
                assert!(
                    got.is_none() || got == Some(programme.clone()),
                    "a damaged entry never gives another programme"
                );
            }
        }
        fs::write(&entry, b"garbage").expect("write");
        assert!(store.get(&store.key(&source), BYTES).is_none());
        store
            .put(&store.key(&source), BYTES, &programme)
            .expect("rewritten");
        assert!(whole(store.get(&store.key(&source), BYTES)).is_some());
    }

    #[test]
    fn the_oldest_entries_go_past_the_bound() {
        let (dir, store) = store();
        let programme = crate::bundled_programme();
        let probe = store.clone();
        let first = dir.path().join("probe.yaml");
        fs::write(&first, crate::BUNDLED).expect("write");
        probe
            .put(&probe.key(&first), BYTES, &programme)
            .expect("put");
        let one = fs::metadata(probe.key(&first).entry).expect("entry").len();
        fs::remove_file(probe.key(&first).entry).expect("removed");
        let store = store.with_max_bytes(one * 2);
        let paths: Vec<PathBuf> = (0..4)
            .map(|i| dir.path().join(format!("{i}.yaml")))
            .collect();
        for (index, path) in paths.iter().enumerate() {
            fs::write(path, crate::BUNDLED).expect("write");
            store.put(&store.key(path), BYTES, &programme).expect("put");
            // Distinct modification times, oldest first, without sleeping.
            let entry = store.key(path).entry;
            let when = fs::metadata(&entry)
                .expect("meta")
                .modified()
                .expect("mtime");
            let file = File::options().write(true).open(&entry).expect("open");
            file.set_modified(when - Duration::from_secs(100 - index as u64))
                .expect("set mtime");
        }
        let kept = fs::read_dir(store.dir()).expect("dir").count();
        assert!(kept <= 2, "{kept} entries kept");
        assert!(store.get(&store.key(&paths[3]), BYTES).is_some());
        assert!(store.get(&store.key(&paths[0]), BYTES).is_none());
    }
}
