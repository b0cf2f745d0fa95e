//! Reading a programme from a file or a string: size, encoding and kind checks, then validation.

use std::fmt;
use std::path::Path;

use super::{Diagnostic, Programme, validate};
use crate::bounded::ReadError;

/// Programmes larger than this are refused before being read (FOSDEM's whole year is 3.4 MB).
pub const MAX_BYTES: u64 = crate::bounded::MAX_BYTES;

/// Whether warnings get their line and column. Errors always do; placing a warning costs a
/// second reading of the whole source (an event-level YAML parse, about as long as the first),
/// which a viewer that never shows warnings does not need.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Placing {
    /// Every diagnostic is located (`deroule check`).
    #[default]
    Everything,
    /// Warnings keep line and column 0 (not located); errors are located.
    ErrorsOnly,
}

/// A valid programme and the warnings found on the way.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub programme: Programme,
    pub warnings: Vec<Diagnostic>,
}

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{name}: cannot read the file: {source}")]
    Io {
        name: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{name}: is a directory: expected a programme file (YAML)")]
    Directory { name: String },
    #[error("{name}: is {kind}, not a regular file: expected a programme file (YAML)")]
    NotRegular { name: String, kind: &'static str },
    #[error("{}", problem.message(name, "a YAML programme"))]
    NotText { name: String, problem: NotText },
    #[error("{}", Report { name, diagnostics })]
    Invalid {
        name: String,
        diagnostics: Vec<Diagnostic>,
    },
}

impl LoadError {
    /// Every diagnostic of an invalid programme (errors and warnings), in file order.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            LoadError::Invalid { diagnostics, .. } => diagnostics,
            _ => &[],
        }
    }
}

struct Report<'a> {
    name: &'a str,
    diagnostics: &'a [Diagnostic],
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (n, d) in self.diagnostics.iter().enumerate() {
            if n > 0 {
                writeln!(f)?;
            }
            write!(f, "{}", d.display(self.name))?;
        }
        Ok(())
    }
}

/// Reads and validates the programme at `path`. Never reads more than [`MAX_BYTES`].
pub fn load_file(path: &Path) -> Result<Loaded, LoadError> {
    let bytes = read_file(path)?;
    load_bytes(&bytes, &path.display().to_string())
}

/// The bytes of the file at `path` through [`crate::bounded::read`]: refused when it is not a
/// regular file (a directory, a FIFO, a device) or larger than [`MAX_BYTES`] (never more than
/// that is read, even from a file that grows).
pub fn read_file(path: &Path) -> Result<Vec<u8>, LoadError> {
    let name = path.display().to_string();
    crate::bounded::read(path, MAX_BYTES).map_err(|e| match e {
        ReadError::Io(source) => LoadError::Io { name, source },
        ReadError::Directory => LoadError::Directory { name },
        ReadError::NotRegular(kind) => LoadError::NotRegular { name, kind },
        ReadError::TooLarge { size, .. } => LoadError::NotText {
            name,
            problem: NotText::TooLarge { size },
        },
    })
}

/// Why some bytes are not a text deroule can read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotText {
    TooLarge {
        size: u64,
    },
    /// A NUL byte: a binary file.
    Binary {
        offset: usize,
        line: usize,
        column: usize,
    },
    NotUtf8 {
        offset: usize,
        line: usize,
        column: usize,
    },
}

impl NotText {
    /// The one-line message about file `name`, which should have been `expected` (`a YAML
    /// programme`, `a schedule`): `p.yaml:2:11: error: not UTF-8 text (…): expected … saved as
    /// UTF-8`.
    pub fn message(&self, name: &str, expected: &str) -> String {
        match *self {
            NotText::TooLarge { size } => format!(
                "{name}: the file is {size} bytes, over the {} MiB limit: expected {expected} file",
                MAX_BYTES / 1024 / 1024
            ),
            NotText::NotUtf8 {
                offset,
                line,
                column,
            } => format!(
                "{name}:{line}:{column}: error: not UTF-8 text (invalid byte at offset {offset}): \
                 expected {expected} saved as UTF-8"
            ),
            NotText::Binary {
                offset,
                line,
                column,
            } => format!(
                "{name}:{line}:{column}: error: a binary file (NUL byte at offset {offset}): \
                 expected {expected} (text)"
            ),
        }
    }
}

/// The bytes as UTF-8 text without a byte-order mark, or why they are not: over [`MAX_BYTES`],
/// binary (a NUL byte), or not UTF-8, located by line and column.
pub fn as_text(bytes: &[u8]) -> Result<&str, NotText> {
    if bytes.len() as u64 > MAX_BYTES {
        return Err(NotText::TooLarge {
            size: bytes.len() as u64,
        });
    }
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        let (line, column) = line_column(&bytes[..offset]);
        return Err(NotText::Binary {
            offset,
            line,
            column,
        });
    }
    match std::str::from_utf8(bytes) {
        Ok(t) => Ok(t.strip_prefix('\u{feff}').unwrap_or(t)),
        Err(e) => {
            let offset = e.valid_up_to();
            let (line, column) = line_column(&bytes[..offset]);
            Err(NotText::NotUtf8 {
                offset,
                line,
                column,
            })
        }
    }
}

/// Validates a programme held in memory; `name` is used in messages.
pub fn load_bytes(bytes: &[u8], name: &str) -> Result<Loaded, LoadError> {
    load_bytes_with(bytes, name, Placing::Everything)
}

/// [`load_bytes`], choosing which diagnostics are located.
pub fn load_bytes_with(bytes: &[u8], name: &str, placing: Placing) -> Result<Loaded, LoadError> {
    let text = as_text(bytes).map_err(|problem| LoadError::NotText {
        name: name.to_owned(),
        problem,
    })?;
    load_str_with(text, name, placing)
}

/// The 1-based line and column of the byte that follows `before`.
fn line_column(before: &[u8]) -> (usize, usize) {
    let line = before.split(|&b| b == b'\n').count();
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, column)
}

/// Validates a programme given as text; `name` is used in messages.
pub fn load_str(source: &str, name: &str) -> Result<Loaded, LoadError> {
    load_str_with(source, name, Placing::Everything)
}

/// [`load_str`], choosing which diagnostics are located.
pub fn load_str_with(source: &str, name: &str, placing: Placing) -> Result<Loaded, LoadError> {
    let (programme, diagnostics) = validate::build(source, placing);
    match programme {
        Some(programme) => Ok(Loaded {
            programme,
            warnings: diagnostics,
        }),
        None => Err(LoadError::Invalid {
            name: name.to_owned(),
            diagnostics,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nul_byte_is_located() {
        let err = load_bytes(b"title: A\ntime_zone: \0x\n", "p.yaml").expect_err("binary");
        assert_eq!(
            err.to_string(),
            "p.yaml:2:12: error: a binary file (NUL byte at offset 20): expected a YAML programme \
             (text)"
        );
    }

    #[test]
    fn a_latin1_byte_is_located() {
        let err = load_bytes(b"title: A\nvenue: Caf\xe9\n", "p.yaml").expect_err("not UTF-8");
        assert_eq!(
            err.to_string(),
            "p.yaml:2:11: error: not UTF-8 text (invalid byte at offset 19): expected a YAML \
             programme saved as UTF-8"
        );
    }

    #[test]
    fn a_byte_order_mark_is_skipped() {
        let src = "\u{feff}title: A\ntime_zone: UTC\ndate: 2022-07-01\nitems: [{title: B, start: 9h, end: 10h}]\n";
        let loaded = load_bytes(src.as_bytes(), "p.yaml").expect("valid");
        assert_eq!(loaded.programme.meta.title, "A");
    }

    #[test]
    fn a_directory_and_a_missing_file_are_one_line_each() {
        let dir = std::env::temp_dir();
        let err = load_file(&dir).expect_err("a directory");
        assert!(matches!(err, LoadError::Directory { .. }));
        assert_eq!(err.to_string().lines().count(), 1);
        let missing = dir.join("deroule-no-such-file-9f3c1.yaml");
        let err = load_file(&missing).expect_err("missing");
        assert!(err.to_string().contains("cannot read the file"), "{err}");
        assert_eq!(err.to_string().lines().count(), 1);
    }
}
