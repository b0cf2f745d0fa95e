//! Where each node of a YAML document starts, so validation messages can point at a line.
//!
//! `serde_yaml` does not expose node positions, so the source is read a second time by an event
//! parser (yaml-rust2) that records the position of every key and value by its path
//! (`days.0.items.3.start`). Aliases are not expanded here, so the cost is linear in the source.
//! When the second parser disagrees with the first, lookups fall back to the closest known parent.
//! Events are pulled one by one (the event parser's own `load` recurses once per nesting level),
//! so a deeply nested document cannot exhaust the stack here.

use std::collections::HashMap;

use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::Marker;

/// One step of a path into the document.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Seg {
    Key(String),
    Index(usize),
}

pub type Path = Vec<Seg>;

/// A 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Default)]
pub struct Spans {
    values: HashMap<Path, Pos>,
    keys: HashMap<Path, Pos>,
    /// Keys given a second time in the same mapping: the key's text and the repeat's position.
    duplicates: Vec<(String, Pos)>,
    /// The first `*alias` of the first document.
    first_alias: Option<Pos>,
    /// Where a second document begins, if the stream has one.
    second_document: Option<Pos>,
    /// Where the event parser found the source unreadable, if it did.
    syntax_error: Option<Pos>,
}

impl Spans {
    /// Indexes the first document of `source`, and notes where a second one starts.
    pub fn index(source: &str) -> Spans {
        let mut builder = Builder::default();
        let mut parser = Parser::new_from_str(source);
        let mut documents = 0;
        loop {
            let (event, mark) = match parser.next_token() {
                Ok(next) => next,
                Err(e) => {
                    // A document the event parser cannot read keeps what was indexed before.
                    builder.spans.syntax_error = Some(pos(*e.marker()));
                    break;
                }
            };
            match event {
                Event::StreamEnd => break,
                Event::DocumentStart => {
                    documents += 1;
                    if documents == 2 {
                        builder.spans.second_document = Some(pos(mark));
                        break;
                    }
                }
                event => builder.on_event(event, mark),
            }
        }
        builder.spans
    }

    /// The position of the repeated key `name` (or of the first repeated key).
    pub fn duplicate(&self, name: Option<&str>) -> Option<Pos> {
        self.duplicates
            .iter()
            .find(|(key, _)| name.is_none_or(|n| n == key))
            .or(self.duplicates.first())
            .map(|(_, pos)| *pos)
    }

    /// Every key given a second time in its mapping, with the repeat's position.
    pub fn duplicates(&self) -> &[(String, Pos)] {
        &self.duplicates
    }

    pub fn first_alias(&self) -> Option<Pos> {
        self.first_alias
    }

    pub fn second_document(&self) -> Option<Pos> {
        self.second_document
    }

    pub fn syntax_error(&self) -> Option<Pos> {
        self.syntax_error
    }

    /// Position of the value at `path`, or of its closest indexed parent, or 1:1.
    pub fn value(&self, path: &[Seg]) -> Pos {
        (0..=path.len())
            .rev()
            .find_map(|n| self.values.get(&path[..n]).copied())
            .unwrap_or(Pos { line: 1, column: 1 })
    }

    /// Position of the key naming the value at `path` (for unknown or misplaced fields).
    pub fn key(&self, path: &[Seg]) -> Pos {
        self.keys
            .get(path)
            .copied()
            .unwrap_or_else(|| self.value(path))
    }
}

enum Frame {
    /// `fresh` until the first key is seen: the event parser marks a block mapping at its first
    /// `:`, so the first key's position is the better position for the mapping itself.
    Mapping {
        key: Option<String>,
        fresh: bool,
    },
    Sequence {
        next: usize,
    },
}

#[derive(Default)]
struct Builder {
    spans: Spans,
    path: Path,
    frames: Vec<Frame>,
}

impl Builder {
    /// Called for every node; returns true when the node is a mapping key.
    fn node(&mut self, scalar: Option<&str>, pos: Pos) -> bool {
        match self.frames.last_mut() {
            Some(Frame::Mapping {
                key: key @ None,
                fresh,
            }) => {
                let name = scalar.unwrap_or("?").to_owned();
                if *fresh {
                    *fresh = false;
                    if let Some(own) = self.spans.values.get_mut(&self.path) {
                        *own = pos.min(*own);
                    }
                }
                let mut path = self.path.clone();
                path.push(Seg::Key(name.clone()));
                if self.spans.keys.insert(path, pos).is_some() && scalar.is_some() {
                    self.spans.duplicates.push((name.clone(), pos));
                }
                *key = Some(name);
                true
            }
            Some(Frame::Mapping {
                key: Some(name), ..
            }) => {
                self.path.push(Seg::Key(name.clone()));
                self.spans.values.insert(self.path.clone(), pos);
                false
            }
            Some(Frame::Sequence { next }) => {
                self.path.push(Seg::Index(*next));
                self.spans.values.insert(self.path.clone(), pos);
                false
            }
            None => {
                self.spans.values.insert(Vec::new(), pos);
                false
            }
        }
    }

    /// After a value is complete: leave its path and advance its parent.
    fn done(&mut self) {
        match self.frames.last_mut() {
            Some(Frame::Mapping { key, .. }) => {
                *key = None;
                self.path.pop();
            }
            Some(Frame::Sequence { next }) => {
                *next += 1;
                self.path.pop();
            }
            None => {}
        }
    }
}

fn pos(mark: Marker) -> Pos {
    Pos {
        line: mark.line(),
        column: mark.col() + 1,
    }
}

impl Builder {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        let pos = pos(mark);
        match ev {
            Event::Scalar(text, ..) if !self.node(Some(&text), pos) => self.done(),
            Event::Alias(_) => {
                self.spans.first_alias.get_or_insert(pos);
                if !self.node(None, pos) {
                    self.done();
                }
            }
            Event::MappingStart(..) => {
                // A mapping used as a key is indexed under `?` and its contents ignored.
                self.node(None, pos);
                self.frames.push(Frame::Mapping {
                    key: None,
                    fresh: true,
                });
            }
            Event::SequenceStart(..) => {
                self.node(None, pos);
                self.frames.push(Frame::Sequence { next: 0 });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.frames.pop();
                self.done();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(s: &str) -> Seg {
        Seg::Key(s.into())
    }

    #[test]
    fn finds_values_and_keys_by_path() {
        let src = "title: Day\nitems:\n  - title: A\n    start: 9h\n  - {title: B, start: 10h}\n";
        let spans = Spans::index(src);
        assert_eq!(spans.value(&[key("title")]), Pos { line: 1, column: 8 });
        let second = [key("items"), Seg::Index(1)];
        assert_eq!(spans.value(&second).line, 5);
        let start = [key("items"), Seg::Index(0), key("start")];
        assert_eq!(
            spans.value(&start),
            Pos {
                line: 4,
                column: 12
            }
        );
        assert_eq!(spans.key(&start), Pos { line: 4, column: 5 });
        let flow = [key("items"), Seg::Index(1), key("start")];
        assert_eq!(spans.value(&flow).line, 5);
    }

    #[test]
    fn unknown_paths_fall_back_to_the_closest_parent() {
        let spans = Spans::index("items:\n  - title: A\n");
        let missing = [key("items"), Seg::Index(0), key("end")];
        assert_eq!(spans.value(&missing), Pos { line: 2, column: 5 });
    }

    #[test]
    fn notes_repeated_keys_aliases_and_a_second_document() {
        let src = "a: &x 1\nb: *x\na: 2\n---\nc: 3\n";
        let spans = Spans::index(src);
        assert_eq!(spans.duplicate(Some("a")), Some(Pos { line: 3, column: 1 }));
        assert_eq!(spans.first_alias(), Some(Pos { line: 2, column: 4 }));
        assert_eq!(spans.second_document(), Some(Pos { line: 4, column: 1 }));
        // The second document does not overwrite the first one's positions.
        assert_eq!(spans.value(&[key("c")]), Pos { line: 1, column: 1 });
    }

    #[test]
    fn a_single_document_has_no_second_one() {
        let spans = Spans::index("---\na: 1\n...\n");
        assert_eq!(spans.second_document(), None);
        assert_eq!(spans.duplicate(None), None);
    }

    #[test]
    fn deep_nesting_does_not_exhaust_the_stack() {
        let src = format!("a: {}", "[".repeat(200_000));
        let spans = Spans::index(&src);
        assert_eq!(spans.key(&[key("a")]), Pos { line: 1, column: 1 });
    }

    #[test]
    fn broken_documents_keep_what_was_indexed() {
        let spans = Spans::index("title: A\nitems: [\n");
        assert_eq!(spans.value(&[key("title")]).line, 1);
    }
}
