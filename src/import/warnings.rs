//! Where things are in a source file (byte offsets as lines and columns) and what an import has
//! to say about them: warnings in file order, capped per kind, and why nothing was imported.

use std::fmt;

/// Byte offsets to lines and columns, for a text searched many times.
pub(super) struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines { text, starts }
    }

    /// The 1-based line and column (in characters) of byte `offset`.
    pub(super) fn at(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts[line - 1];
        let column = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count())
            + 1;
        (line, column)
    }
}

/// Warnings, in file order (those about the whole file first), capped per kind so that a
/// repeated problem does not drown the others.
pub(super) struct Warnings {
    name: String,
    lines: Vec<(Option<(usize, usize)>, String)>,
    counts: std::collections::HashMap<&'static str, usize>,
    /// The first event left out, and why: says why nothing was imported when nothing was.
    first_left_out: Option<String>,
}

/// How many warnings of one kind are shown before they are only counted.
pub(super) const WARNINGS_PER_KIND: usize = 20;

impl Warnings {
    pub(super) fn new(name: &str) -> Self {
        Warnings {
            name: name.to_owned(),
            lines: Vec::new(),
            counts: std::collections::HashMap::new(),
            first_left_out: None,
        }
    }

    /// Records a warning of kind `kind` about `subject` (an event, a day…), at `at` if known.
    pub(super) fn push(
        &mut self,
        kind: &'static str,
        at: Option<(usize, usize)>,
        subject: Option<&str>,
        message: impl fmt::Display,
    ) {
        let message = message.to_string();
        if self.first_left_out.is_none() && message.ends_with("left out") {
            let place = at.map_or(String::new(), |(l, _)| format!("line {l}, "));
            let subject = subject.map_or(String::new(), |s| format!("{s}: "));
            self.first_left_out = Some(format!("{place}{subject}{message}"));
        }
        let count = self.counts.entry(kind).or_default();
        *count += 1;
        if *count > WARNINGS_PER_KIND {
            return;
        }
        let mut line = match at {
            Some((l, c)) => format!("{}:{l}:{c}: warning: ", self.name),
            None => format!("{}: warning: ", self.name),
        };
        if let Some(s) = subject {
            line.push_str(s);
            line.push_str(": ");
        }
        line.push_str(&message);
        self.lines.push((at, line));
    }

    /// Why nothing could be imported: `what`, and the first event left out.
    pub(super) fn left_out(&self, what: &str) -> String {
        match &self.first_left_out {
            Some(first) => format!("{what}; the first left out: {first}"),
            None => format!("{what} in the file"),
        }
    }

    pub(super) fn finish(mut self) -> Vec<String> {
        self.lines.sort_by_key(|(at, _)| *at);
        let mut lines: Vec<String> = self.lines.into_iter().map(|(_, l)| l).collect();
        let mut over: Vec<(&'static str, usize)> = self
            .counts
            .iter()
            .filter(|(_, n)| **n > WARNINGS_PER_KIND)
            .map(|(k, n)| (*k, *n - WARNINGS_PER_KIND))
            .collect();
        over.sort_unstable();
        for (kind, more) in over {
            lines.push(format!(
                "{}: warning: {more} more warnings like the above ({kind})",
                self.name
            ));
        }
        lines
    }
}
