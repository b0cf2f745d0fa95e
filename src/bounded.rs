//! The one way deroule reads a file (programme, live record, configuration, favourites): regular
//! files only, never more than a cap, never blocking.
//!
//! The file is opened without blocking (`O_NONBLOCK`: opening a FIFO with no writer would wait
//! for ever) and its kind checked on the open handle, so a path swapped between a check and the
//! open cannot slip a FIFO or a device through. A directory, a FIFO, a socket or a device is
//! refused with a message naming what it is; a file over the cap is refused by its size, and one
//! that grows while being read is still cut at the cap (`/dev/zero` behind a symbolic link is a
//! device, refused before any byte is read). Errors never hold the file's content.

use std::fs::{File, Metadata};
use std::io::{self, Read};
use std::path::Path;

/// The cap for every file deroule reads: a programme (FOSDEM's whole year is 3.4 MB), a live
/// record, a configuration, favourites.
pub const MAX_BYTES: u64 = 16 * 1024 * 1024;

/// Why a file was not read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("cannot read the file: {0}")]
    Io(#[source] io::Error),
    #[error("is a directory: expected a file")]
    Directory,
    #[error("is {0}, not a regular file: expected a file")]
    NotRegular(&'static str),
    #[error("the file is {size} bytes, over the {} MiB limit", cap / 1024 / 1024)]
    TooLarge { size: u64, cap: u64 },
}

impl ReadError {
    /// There is no file at that path (often not an error: no record, no configuration yet).
    pub fn is_missing(&self) -> bool {
        matches!(self, ReadError::Io(e) if e.kind() == io::ErrorKind::NotFound)
    }
}

/// The whole content of the regular file at `path`, at most `cap` bytes.
pub fn read(path: &Path, cap: u64) -> Result<Vec<u8>, ReadError> {
    let file = open(path)?;
    let meta = file.metadata().map_err(ReadError::Io)?;
    kind(&meta)?;
    if meta.len() > cap {
        return Err(ReadError::TooLarge {
            size: meta.len(),
            cap,
        });
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // A file that grows while being read is still cut at the cap.
    file.take(cap + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > cap {
        return Err(ReadError::TooLarge {
            size: bytes.len() as u64,
            cap,
        });
    }
    Ok(bytes)
}

/// [`read`] as UTF-8 text; bytes that are not UTF-8 are an `InvalidData` error.
pub fn read_to_string(path: &Path, cap: u64) -> Result<String, ReadError> {
    String::from_utf8(read(path, cap)?).map_err(|e| {
        ReadError::Io(io::Error::new(
            io::ErrorKind::InvalidData,
            format!(
                "not UTF-8 text (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
        ))
    })
}

/// [`read_to_string`] as an `io::Result`, for callers that sort errors by kind: a missing file
/// stays `NotFound`; the other refusals become `InvalidInput` errors saying what the path is.
pub fn read_text(path: &Path, cap: u64) -> io::Result<String> {
    read_to_string(path, cap).map_err(|e| match e {
        ReadError::Io(e) => e,
        other => io::Error::new(io::ErrorKind::InvalidInput, other.to_string()),
    })
}

#[cfg(unix)]
fn open(path: &Path) -> Result<File, ReadError> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
        .map_err(ReadError::Io)
}

#[cfg(not(unix))]
fn open(path: &Path) -> Result<File, ReadError> {
    kind(&std::fs::metadata(path).map_err(ReadError::Io)?)?;
    File::open(path).map_err(ReadError::Io)
}

/// Refuses anything but a regular file, naming what it is.
fn kind(meta: &Metadata) -> Result<(), ReadError> {
    let t = meta.file_type();
    if t.is_file() {
        return Ok(());
    }
    if t.is_dir() {
        return Err(ReadError::Directory);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Err(ReadError::NotRegular("a named pipe (FIFO)"));
        }
        if t.is_socket() {
            return Err(ReadError::NotRegular("a socket"));
        }
        if t.is_char_device() || t.is_block_device() {
            return Err(ReadError::NotRegular("a device"));
        }
    }
    Err(ReadError::NotRegular("a special file"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_regular_file_is_read_whole() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("a.yaml");
        std::fs::write(&path, "title: A\n").expect("write");
        assert_eq!(read(&path, 100).expect("read"), b"title: A\n");
        assert_eq!(read_to_string(&path, 100).expect("read"), "title: A\n");
    }

    #[test]
    fn a_file_over_the_cap_is_refused_by_its_size() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("a.yaml");
        std::fs::write(&path, "x".repeat(101)).expect("write");
        let err = read(&path, 100).expect_err("too large");
        assert!(matches!(
            err,
            ReadError::TooLarge {
                size: 101,
                cap: 100
            }
        ));
    }

    #[test]
    fn a_directory_and_a_missing_file_are_named() {
        let dir = tempfile::tempdir().expect("tempdir");
        assert!(matches!(read(dir.path(), 100), Err(ReadError::Directory)));
        let missing = read(&dir.path().join("none"), 100).expect_err("missing");
        assert!(missing.is_missing());
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_device_behind_a_link_is_refused_before_reading() {
        let dir = tempfile::tempdir().expect("tempdir");
        let link = dir.path().join("x.live.yaml");
        std::os::unix::fs::symlink("/dev/zero", &link).expect("symlink");
        let err = read(&link, MAX_BYTES).expect_err("a device");
        assert_eq!(
            err.to_string(),
            "is a device, not a regular file: expected a file"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_is_refused_without_waiting_for_a_writer() {
        let dir = tempfile::tempdir().expect("tempdir");
        let fifo = dir.path().join("p.yaml");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("mkfifo runs");
        assert!(made.success());
        let err = read(&fifo, MAX_BYTES).expect_err("a FIFO");
        assert_eq!(
            err.to_string(),
            "is a named pipe (FIFO), not a regular file: expected a file"
        );
    }
}
