//! Where live records live: the sidecar beside the programme, the rehearsal record, one record
//! per room, and the temporary files a killed writer leaves behind. Names paths; reads no record.

use std::fs;
use std::path::{Path, PathBuf};

/// The sidecar path for a programme file: `talks.yaml` → `talks.live.yaml`, beside it.
pub fn sidecar_for(programme: &Path) -> PathBuf {
    let stem = programme
        .file_stem()
        .map_or_else(|| "programme".into(), |s| s.to_string_lossy().into_owned());
    programme.with_file_name(format!("{stem}.live.yaml"))
}

/// The rehearsal record for a programme file: `talks.yaml` → `talks.rehearsal.live.yaml`, so a
/// rehearsal (`--at`, `--speed`) never writes the day's real record.
pub fn rehearsal_sidecar_for(programme: &Path) -> PathBuf {
    let stem = programme
        .file_stem()
        .map_or_else(|| "programme".into(), |s| s.to_string_lossy().into_owned());
    programme.with_file_name(format!("{stem}.rehearsal.live.yaml"))
}

/// Whether `record` is a rehearsal's record (named as [`rehearsal_sidecar_for`] names them).
pub fn is_rehearsal_record(record: &Path) -> bool {
    record
        .file_name()
        .is_some_and(|n| n.to_string_lossy().ends_with(".rehearsal.live.yaml"))
}

/// A room's name as a file name part: `H.1308 (Rolin)` → `h-1308-rolin`.
pub fn room_slug(room: &str) -> String {
    let mut slug = String::new();
    for c in room.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        "room".to_owned()
    } else {
        slug.to_owned()
    }
}

/// One room's record for a programme file: `fosdem.xml`, room `Janson` →
/// `fosdem.janson.live.yaml` (a rehearsal: `fosdem.janson.rehearsal.live.yaml`).
pub fn room_sidecar_for(programme: &Path, room: &str, rehearsal: bool) -> PathBuf {
    let stem = programme
        .file_stem()
        .map_or_else(|| "programme".into(), |s| s.to_string_lossy().into_owned());
    let kind = if rehearsal { ".rehearsal" } else { "" };
    programme.with_file_name(format!("{stem}.{}{kind}.live.yaml", room_slug(room)))
}

/// Removes the temporary files (`.deroule-live-*`) a killed facilitator left in `dir`: those
/// last modified at least `age` before `now` (a running writer's live for milliseconds).
/// Returns how many were removed.
pub fn remove_stale_temporaries(
    dir: &Path,
    now: std::time::SystemTime,
    age: std::time::Duration,
) -> usize {
    let Ok(entries) = fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with(".deroule-live-")
        })
        .filter(|e| {
            e.metadata()
                .and_then(|m| m.modified())
                .is_ok_and(|t| now.duration_since(t).is_ok_and(|d| d >= age))
        })
        .filter(|e| fs::remove_file(e.path()).is_ok())
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stale_temporaries_are_removed_and_fresh_ones_kept() {
        let dir = tempfile::tempdir().expect("tempdir");
        let now = std::time::SystemTime::now();
        let old = dir.path().join(".deroule-live-abc123");
        let fresh = dir.path().join(".deroule-live-def456");
        let other = dir.path().join("day.live.yaml");
        for f in [&old, &fresh, &other] {
            fs::write(f, "x").expect("write");
        }
        let hour_ago = now - std::time::Duration::from_secs(3600);
        fs::File::options()
            .write(true)
            .open(&old)
            .and_then(|f| f.set_modified(hour_ago))
            .expect("set mtime");
        fs::File::options()
            .write(true)
            .open(&other)
            .and_then(|f| f.set_modified(hour_ago))
            .expect("set mtime");
        let removed = remove_stale_temporaries(dir.path(), now, std::time::Duration::from_secs(60));
        assert_eq!(removed, 1);
        assert!(!old.exists());
        assert!(fresh.exists() && other.exists());
    }

    #[test]
    fn room_records_are_named_by_a_slug_of_the_room() {
        assert_eq!(room_slug("H.1308 (Rolin)"), "h-1308-rolin");
        assert_eq!(room_slug("Janson"), "janson");
        assert_eq!(room_slug("«»"), "room");
        assert_eq!(
            room_sidecar_for(Path::new("/a/fosdem.xml"), "K.1.105 (La Fontaine)", false),
            Path::new("/a/fosdem.k-1-105-la-fontaine.live.yaml")
        );
        assert_eq!(
            room_sidecar_for(Path::new("fosdem.xml"), "Janson", true),
            Path::new("fosdem.janson.rehearsal.live.yaml")
        );
    }

    #[test]
    fn the_sidecar_sits_beside_the_programme() {
        assert_eq!(
            sidecar_for(Path::new("/a/b/day.yaml")),
            Path::new("/a/b/day.live.yaml")
        );
        assert_eq!(
            sidecar_for(Path::new("day.yml")),
            Path::new("day.live.yaml")
        );
    }
}
