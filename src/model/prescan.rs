//! What the YAML parser is spared: documents whose nesting or aliases would cost far more than
//! their size, refused in time linear in the source before `serde_yaml` reads them.
//!
//! Two checks, both located at the byte that crosses the line:
//! - **Nesting**: libyaml's scanner costs the square of the flow depth (`[[[[…`, `{{{{…`) before
//!   serde_yaml's depth limit applies (200 000 `[` took 52 s), and a line of `- - - …` makes it
//!   keep every level (16 MiB of them: 22 s and 2.5 GB). A byte-level scan follows quotes,
//!   comments and block scalars (`|`, `>`) so that brackets inside text are not counted, adds the
//!   block levels (indentation, `- - `), and stops past [`MAX_DEPTH`].
//! - **Alias expansion**: serde_yaml's billion-laughs guard counts nodes, not bytes, so 149 aliases
//!   of a list of long strings were expanded to gigabytes. When the scan saw an alias, an event
//!   parse (yaml-rust2, which does not expand aliases) weighs every anchored node and adds up what
//!   each alias would copy, stopping at the first alias past [`expansion_limit`].
//!
//! This module does not decide what a document means; it knows YAML only as far as the above needs.

use std::collections::HashMap;

use yaml_rust2::parser::{Event, Parser};

use super::spans::Pos;

/// Deeper nesting is refused; a programme needs 6 or so levels (serde_yaml stops at 128).
pub const MAX_DEPTH: usize = 100;

/// Bytes (scalars' text plus one per node) aliases may add to a document of `len` bytes: as much
/// again as the document, and at least 1 MiB. Expanding more is refused.
pub fn expansion_limit(len: usize) -> u64 {
    (len as u64).max(1024 * 1024)
}

/// Why a source was refused, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub pos: Pos,
    pub message: String,
}

/// Refuses `source` when its flow nesting or its alias expansion is excessive; linear in its size.
pub fn check(source: &str) -> Result<(), Refusal> {
    let scan = scan(source.as_bytes())?;
    if scan.has_alias {
        expansion(source)?;
    }
    Ok(())
}

struct Scan {
    has_alias: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Quote {
    Double,
    Single,
}

/// The 1-based column of byte `at` in `line` (in characters).
fn column(line: &[u8], at: usize) -> usize {
    line[..at.min(line.len())]
        .iter()
        .filter(|&&b| b & 0xC0 != 0x80)
        .count()
        + 1
}

fn is_blank(b: Option<&u8>) -> bool {
    matches!(b, None | Some(b' ' | b'\t' | b'\r'))
}

fn too_deep(line_number: usize, line: &[u8], at: usize) -> Refusal {
    Refusal {
        pos: Pos {
            line: line_number,
            column: column(line, at),
        },
        message: format!(
            "lists and mappings nested too deeply (more than {MAX_DEPTH} levels): expected a \
             programme a few levels deep"
        ),
    }
}

/// One pass over the bytes: the nesting depth (refused past the limit) and whether any alias is
/// used. The depth is the flow depth (`[`, `{`) plus the block depth: the indentations of the
/// open block nodes (a line more indented than the last opens one only after a line that ended
/// with `:`, `-` or `?`), and the `- ` or `? ` written one after the other on a line (`- - - x`).
/// It may count fewer levels than the parser finds, never more.
fn scan(bytes: &[u8]) -> Result<Scan, Refusal> {
    let mut flow = 0usize;
    let mut quote: Option<Quote> = None;
    // While set, lines indented more than this (and blank lines) are a block scalar's text.
    let mut block_scalar: Option<usize> = None;
    // The columns of the open block nodes, and whether the last line ended with an indicator
    // (so that a more indented line is a nested node, not the rest of a text).
    let mut block: Vec<usize> = Vec::new();
    let mut opens = false;
    let mut has_alias = false;
    for (n, line) in bytes.split(|&b| b == b'\n').enumerate() {
        let indent = line.iter().take_while(|&&b| b == b' ').count();
        if let Some(parent) = block_scalar {
            if line[indent..].iter().all(|&b| b == b'\r' || b == b'\t') || indent > parent {
                continue;
            }
            block_scalar = None;
        }
        let rest = &line[indent..];
        let significant = !(rest.iter().all(|&b| b == b'\r' || b == b'\t') || rest[0] == b'#');
        let marker = line.starts_with(b"---") || line.starts_with(b"...");
        if quote.is_none() && flow == 0 && significant {
            if marker {
                block.clear();
            } else {
                while block.last().is_some_and(|&c| c > indent) {
                    block.pop();
                }
                if block.last() != Some(&indent) && (block.is_empty() || opens) {
                    block.push(indent);
                    if block.len() > MAX_DEPTH {
                        return Err(too_deep(n + 1, line, indent));
                    }
                }
            }
        }
        // The column of the innermost block node this line belongs to, for a block scalar.
        let mut node_column = indent;
        let mut i = if quote.is_some() {
            0
        } else if flow == 0 && marker {
            // A document marker; what follows it on the line starts a node.
            3
        } else {
            indent
        };
        // At the start of a token: where a quote, a bracket, an anchor or an alias may begin.
        let mut at_token = true;
        // Whether the last token of the line was an indicator (anchors and tags aside).
        let mut indicator = opens && !significant;
        while i < line.len() {
            let b = line[i];
            if let Some(q) = quote {
                match (q, b) {
                    (Quote::Double, b'\\') => i += 1,
                    (Quote::Single, b'\'') if line.get(i + 1) == Some(&b'\'') => i += 1,
                    (Quote::Double, b'"') | (Quote::Single, b'\'') => quote = None,
                    _ => {}
                }
                i += 1;
                continue;
            }
            match b {
                b'#' if i == 0 || is_blank(line.get(i - 1)) => break,
                b' ' | b'\t' | b'\r' => {}
                b'"' if at_token => {
                    quote = Some(Quote::Double);
                    at_token = false;
                    indicator = false;
                }
                b'\'' if at_token => {
                    quote = Some(Quote::Single);
                    at_token = false;
                    indicator = false;
                }
                b'[' | b'{' if at_token || flow > 0 => {
                    flow += 1;
                    if flow + block.len() > MAX_DEPTH {
                        return Err(too_deep(n + 1, line, i));
                    }
                    at_token = true;
                    indicator = false;
                }
                b']' | b'}' if flow > 0 => {
                    flow -= 1;
                    at_token = false;
                }
                b',' if flow > 0 => at_token = true,
                b'&' | b'!' | b'*' if at_token => {
                    has_alias |= b == b'*';
                    indicator &= b != b'*';
                    while i + 1 < line.len() && !is_blank(line.get(i + 1)) {
                        if flow > 0 && matches!(line[i + 1], b',' | b']' | b'}') {
                            break;
                        }
                        i += 1;
                    }
                }
                b'|' | b'>' if at_token && flow == 0 => {
                    // Its text is the lines indented more than the node that holds it.
                    block_scalar = Some(node_column);
                    indicator = false;
                    break;
                }
                // The byte offset is the column: only spaces and indicators come before.
                // (Counting characters here cost the square of a line of `- - - …`.)
                b'-' | b'?' if at_token && flow == 0 && is_blank(line.get(i + 1)) => {
                    node_column = i;
                    indicator = true;
                    // A second `- ` on the line opens a nested sequence (`- - x`).
                    if i > indent && block.last().is_none_or(|&c| c < i) {
                        block.push(i);
                        if block.len() + flow > MAX_DEPTH {
                            return Err(too_deep(n + 1, line, i));
                        }
                    }
                }
                b':' if flow > 0 || is_blank(line.get(i + 1)) => {
                    at_token = true;
                    indicator = flow == 0;
                }
                _ => {
                    at_token = false;
                    indicator = false;
                }
            }
            i += 1;
        }
        if quote.is_none() && flow == 0 {
            opens = indicator;
        }
    }
    Ok(Scan { has_alias })
}

/// What one open node has gathered so far: its weight, and the anchor it will be known by.
struct Open {
    anchor: usize,
    weight: u64,
}

/// Weighs the document with aliases expanded (without expanding them) and refuses it at the first
/// alias that takes it past [`expansion_limit`]. Errors of the event parser are left to serde_yaml.
fn expansion(source: &str) -> Result<(), Refusal> {
    let limit = expansion_limit(source.len());
    let mut anchors: HashMap<usize, u64> = HashMap::new();
    let mut open: Vec<Open> = Vec::new();
    let mut added = 0u64;
    let mut parser = Parser::new_from_str(source);
    loop {
        let Ok((event, mark)) = parser.next_token() else {
            return Ok(());
        };
        // A finished node: its weight goes to its parent, and to its anchor if it has one.
        let done = match event {
            Event::StreamEnd => return Ok(()),
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                open.push(Open { anchor, weight: 1 });
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => open.pop().map(|o| (o.anchor, o.weight)),
            Event::Scalar(text, _, anchor, _) => Some((anchor, text.len() as u64 + 1)),
            Event::Alias(anchor) => {
                let weight = anchors.get(&anchor).copied().unwrap_or(1);
                added = added.saturating_add(weight);
                if added > limit {
                    return Err(Refusal {
                        pos: Pos {
                            line: mark.line(),
                            column: mark.col() + 1,
                        },
                        message: format!(
                            "its aliases (`*name`) expand to far too much data (past {:.1} MiB \
                             of copies at this one), as in a \"billion laughs\" file: expected \
                             a programme that repeats little or nothing through aliases",
                            limit as f64 / 1024.0 / 1024.0
                        ),
                    });
                }
                Some((0, weight))
            }
            _ => None,
        };
        if let Some((anchor, weight)) = done {
            if anchor != 0 {
                anchors.insert(anchor, weight);
            }
            if let Some(parent) = open.last_mut() {
                parent.weight = parent.weight.saturating_add(weight);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::fmt::Write;

    use super::*;

    fn refused(source: &str) -> (usize, usize, String) {
        let r = check(source).expect_err("refused");
        (r.pos.line, r.pos.column, r.message)
    }

    #[test]
    fn deep_flow_nesting_is_refused_where_it_crosses_the_limit() {
        let source = format!("title: T\nitems: {}\n", "[".repeat(200_000));
        let (line, column, message) = refused(&source);
        // The top-level mapping is one level: the 100th `[` is one too many.
        assert_eq!((line, column), (2, 7 + MAX_DEPTH));
        assert!(message.contains("nested too deeply"), "{message}");
        let mappings = format!("a: {}", "{b: ".repeat(150));
        assert_eq!(refused(&mappings).1, 4 * MAX_DEPTH);
    }

    #[test]
    fn brackets_in_text_are_not_nesting() {
        let deep = "[".repeat(150);
        for source in [
            format!("title: \"{deep}\"\n"),
            format!("title: '{deep}'\n"),
            format!("title: a {deep}\n"),
            format!("title: T # {deep}\n"),
            format!("description: |\n  {deep}\n\n  {deep}\ntitle: T\n"),
            format!("items:\n  - description: >-\n      {deep}\n    title: x\n"),
            format!("title: [\"{deep}\", '{deep}', l'x, 'y']\n"),
            format!("title: \"a\n  {deep}\"\n"),
            format!("title: 'it''s {deep}'\n"),
            format!("title: \"\\\" {deep}\"\n"),
        ] {
            assert_eq!(check(&source), Ok(()), "{source}");
        }
    }

    #[test]
    fn a_block_scalar_ends_with_its_indentation() {
        let source = format!("a: |\n  text\nb: {}\n", "[".repeat(MAX_DEPTH + 1));
        assert_eq!(refused(&source).0, 3);
    }

    #[test]
    fn deep_block_nesting_is_refused_too() {
        let dashes = format!("items:\n{}x\n", "- ".repeat(8_000_000));
        let (line, column, message) = refused(&dashes);
        // `items` is one level (its list, at the same indentation, is not counted), then one
        // level a `-` after the first. 8 million of them: a scan that cost the square of the
        // line (the column of each `-` counted from the line's start) would not end.
        assert_eq!((line, column), (2, 2 * MAX_DEPTH + 1));
        assert!(message.contains("nested too deeply"), "{message}");
        let mut indented = String::from("a:\n");
        for level in 1..200 {
            writeln!(indented, "{}- ", " ".repeat(level)).expect("a String takes any text");
        }
        assert_eq!(refused(&indented).0, 1 + MAX_DEPTH);
    }

    #[test]
    fn text_over_several_lines_is_not_nesting() {
        let mut source = String::from("description: a text\n");
        for level in 1..200 {
            writeln!(source, "{}that goes on - and on,", " ".repeat(level))
                .expect("a String takes any text");
        }
        writeln!(source, "title: \"a\n{}\"", "  - x\n".repeat(200)).expect("a String");
        assert_eq!(check(&source), Ok(()));
    }

    #[test]
    fn nesting_within_the_limit_is_left_to_the_parser() {
        let source = format!(
            "a: {}{}\n",
            "[".repeat(MAX_DEPTH - 1),
            "]".repeat(MAX_DEPTH - 1)
        );
        assert_eq!(check(&source), Ok(()));
    }

    #[test]
    fn long_text_repeated_by_aliases_is_refused_at_the_alias_past_the_limit() {
        let long = "x".repeat(10_000);
        let list = vec![format!("\"{long}\""); 200].join(", ");
        let mut source = format!("title: T\nanchor: &a [{list}]\nitems:\n");
        for _ in 0..10 {
            source.push_str("- {title: *a}\n");
        }
        // 200 × 10 001 bytes a copy, 2.0 MB of source: the second copy is past the limit.
        let (line, column, message) = refused(&source);
        assert_eq!((line, column), (5, 11));
        assert!(message.contains("billion laughs"), "{message}");
    }

    #[test]
    fn nested_aliases_are_weighed_without_being_expanded() {
        let mut source = String::from("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        let mut previous = 'a';
        for name in 'b'..='z' {
            let copies = vec![format!("*{previous}"); 5].join(",");
            writeln!(source, "{name}: &{name} [{copies}]").expect("a String takes any text");
            previous = name;
        }
        let (line, _, _) = refused(&source);
        // A list weighs 1 + 5 × the previous one (a: 21, b: 106 … g: 332 031); copies add up
        // to 415 005 bytes by line 7 (g), and pass 1 MiB with the aliases of g on line 8 (h).
        assert_eq!(line, 8);
    }

    #[test]
    fn a_few_aliases_of_short_values_are_accepted() {
        let source = "room: &r Janson\nitems:\n- {room: *r}\n- {room: *r}\n- &x {a: 1}\n- *x\n";
        assert_eq!(check(source), Ok(()));
    }
}
