//! Messages about a programme file, in the `file:line:col: error: …` shape editors and CI read.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

/// One problem found in a source, located by line and column (1-based; 0 for a warning that was
/// not placed, see [`super::Placing`]) and, when it concerns an item, named by the item
/// (`item 4 «Pause»`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub line: usize,
    pub column: usize,
    /// Which item or part of the file: `item 4 «Pause»`, `day 2025-02-01`, `room «Janson»`.
    pub subject: Option<String>,
    pub message: String,
}

impl Diagnostic {
    pub fn error(line: usize, column: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            line,
            column,
            subject: None,
            message: message.into(),
        }
    }

    pub fn warning(line: usize, column: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(line, column, message)
        }
    }

    #[must_use]
    pub fn about(mut self, subject: Option<String>) -> Self {
        self.subject = subject;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The diagnostic as a line for `file`.
    pub fn display<'a>(&'a self, file: &'a str) -> impl fmt::Display + 'a {
        Located { file, diag: self }
    }
}

struct Located<'a> {
    file: &'a str,
    diag: &'a Diagnostic,
}

impl fmt::Display for Located<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.diag;
        let level = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        // Line 0: a warning left unplaced (`Placing::ErrorsOnly`).
        if d.line == 0 {
            write!(f, "{}: {level}: ", self.file)?;
        } else {
            write!(f, "{}:{}:{}: {level}: ", self.file, d.line, d.column)?;
        }
        if let Some(subject) = &d.subject {
            write!(f, "{subject}: ")?;
        }
        f.write_str(&d.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_in_the_compiler_shape() {
        let d = Diagnostic::error(12, 5, "unknown kind `wokshop`, did you mean `workshop`?")
            .about(Some("item 9 «Ateliers»".into()));
        assert_eq!(
            d.display("p.yaml").to_string(),
            "p.yaml:12:5: error: item 9 «Ateliers»: unknown kind `wokshop`, did you mean `workshop`?"
        );
        let w = Diagnostic::warning(1, 1, "a gap");
        assert_eq!(
            w.display("p.yaml").to_string(),
            "p.yaml:1:1: warning: a gap"
        );
        let unplaced = Diagnostic::warning(0, 0, "a gap");
        assert_eq!(
            unplaced.display("p.yaml").to_string(),
            "p.yaml: warning: a gap"
        );
    }
}
