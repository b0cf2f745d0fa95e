//! Structure-aware: the fuzzer's bytes choose a YAML document made of the shapes that cost a
//! parser more than their size (deep `[`/`{` nesting, long anchored text repeated by aliases,
//! chains of aliases) mixed with text that only looks like them (brackets in quotes, in comments,
//! in block scalars, in plain text, `''` and `\"` escapes). The generator knows the document's
//! true flow depth and how many bytes its aliases copy, so the loader's answer is checked
//! against it, not only for panics:
//! - deeper than the limit → refused as nested too deeply (by the pre-scan or serde_yaml);
//! - within the depth limit, copies past the limit → refused as a billion-laughs file;
//! - within both → never refused for either reason (no false alarm from the pre-scan).
#![no_main]

use deroule::model::load_str;
use libfuzzer_sys::fuzz_target;

/// The pre-scan's limits (src/model/prescan.rs).
const MAX_DEPTH: usize = 100;

fn expansion_limit(len: usize) -> u64 {
    (len as u64).max(1024 * 1024)
}

struct Bytes<'a>(&'a [u8]);

impl Bytes<'_> {
    fn byte(&mut self) -> u8 {
        match self.0.split_first() {
            Some((b, rest)) => {
                self.0 = rest;
                *b
            }
            None => 0,
        }
    }
    fn below(&mut self, n: usize) -> usize {
        let v = usize::from(self.byte()) << 8 | usize::from(self.byte());
        if n == 0 { 0 } else { v % n }
    }
    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[derive(Default)]
struct Doc {
    text: String,
    /// The deepest real nesting written: the top mapping and `extra`'s list, and the flow depth.
    depth: usize,
    /// Anchors defined so far, with their weight (as the pre-scan counts: text + 1 per scalar,
    /// 1 per collection).
    anchors: Vec<u64>,
    /// Bytes the aliases copy, in all.
    copies: u64,
}

/// Text that looks like nesting or an alias but is not.
fn decoy(b: &mut Bytes, doc: &mut Doc) {
    let n = 1 + b.below(300);
    let brackets: String = (0..n).map(|i| if i % 3 == 0 { '{' } else { '[' }).collect();
    match b.below(9) {
        0 => doc.text.push_str(&format!("  - \"{brackets} \\\" {brackets}\"\n")),
        1 => doc.text.push_str(&format!("  - 'it''s {brackets} *x &y'\n")),
        2 => doc.text.push_str(&format!("  - a {brackets} b\n")),
        3 => doc.text.push_str(&format!("  - x # {brackets} *a\n")),
        4 => doc
            .text
            .push_str(&format!("  - |\n    {brackets}\n\n    *a {brackets}\n")),
        5 => doc
            .text
            .push_str(&format!("  - >-\n      {brackets}\n      more\n")),
        6 => doc
            .text
            .push_str(&format!("  - [\"{brackets}\", '{brackets}', l'x, 'y']\n")),
        7 => doc
            .text
            .push_str(&format!("  - \"multi\n    {brackets} line\"\n")),
        _ => doc.text.push_str(&format!("  - \"a\\\\\" # {brackets}\n")),
    }
}

/// A real flow collection `depth` deep, closed or not; returns whether it is closed (what
/// follows an unclosed one would be inside it, so nothing does).
fn nesting(b: &mut Bytes, doc: &mut Doc) -> bool {
    let most = if b.below(4) == 0 { 20_000 } else { 140 };
    let depth = 1 + b.below(most);
    let closed = b.below(2) == 0;
    let mut open = String::new();
    let mut close = String::new();
    for _ in 0..depth {
        if b.below(3) == 0 {
            open.push_str("{k: ");
            close.insert(0, '}');
        } else {
            open.push('[');
            close.insert(0, ']');
        }
    }
    doc.depth = doc.depth.max(2 + depth);
    doc.text.push_str("  - ");
    doc.text.push_str(&open);
    if closed {
        doc.text.push_str("x");
        doc.text.push_str(&close);
    }
    doc.text.push('\n');
    closed
}

/// An anchored node (long text, or a list of text and aliases of earlier anchors).
fn anchor(b: &mut Bytes, doc: &mut Doc) {
    let name = doc.anchors.len();
    let weight = if doc.anchors.is_empty() || b.below(2) == 0 {
        let len = 1 + b.below(20_000);
        doc.text
            .push_str(&format!("  - &a{name} {}\n", "x".repeat(len)));
        len as u64 + 1
    } else {
        let n = 1 + b.below(12);
        let mut weight = 1u64;
        let mut parts = Vec::new();
        for _ in 0..n {
            if b.below(3) == 0 {
                let len = 1 + b.below(100);
                parts.push("y".repeat(len));
                weight += len as u64 + 1;
            } else {
                let target = b.below(doc.anchors.len());
                parts.push(format!("*a{target}"));
                weight = weight.saturating_add(doc.anchors[target]);
                doc.copies = doc.copies.saturating_add(doc.anchors[target]);
            }
        }
        doc.text
            .push_str(&format!("  - &a{name} [{}]\n", parts.join(", ")));
        weight
    };
    doc.anchors.push(weight);
}

/// Aliases of one earlier anchor, several times.
fn aliases(b: &mut Bytes, doc: &mut Doc) {
    if doc.anchors.is_empty() {
        return;
    }
    let target = b.below(doc.anchors.len());
    let times = 1 + b.below(200);
    for _ in 0..times {
        doc.text.push_str(&format!("  - *a{target}\n"));
        doc.copies = doc.copies.saturating_add(doc.anchors[target]);
    }
}

fn generate(data: &[u8]) -> Doc {
    let mut b = Bytes(data);
    let mut doc = Doc::default();
    doc.text
        .push_str("title: T\ntime_zone: UTC\ndate: 2022-07-01\nitems:\n  - {title: A, start: 9h, end: 10h}\nextra:\n");
    let mut parts = 0;
    while !b.is_empty() && parts < 64 {
        parts += 1;
        match b.below(8) {
            0 | 1 => decoy(&mut b, &mut doc),
            2 => {
                if !nesting(&mut b, &mut doc) {
                    break;
                }
            }
            3 | 4 => anchor(&mut b, &mut doc),
            _ => aliases(&mut b, &mut doc),
        }
    }
    doc
}

fuzz_target!(|data: &[u8]| {
    let doc = generate(data);
    let message = match load_str(&doc.text, "fuzz") {
        Ok(_) => String::new(),
        Err(e) => e.to_string(),
    };
    let deep = message.contains("nested too deeply (more than 100 levels)");
    let laughs = message.contains("MiB of copies at this one");
    if doc.depth > MAX_DEPTH {
        assert!(
            message.contains("nested too deeply"),
            "depth {} not refused: {message}",
            doc.depth
        );
    } else {
        assert!(!deep, "depth {} refused as too deep: {message}", doc.depth);
        let over = doc.copies > expansion_limit(doc.text.len());
        assert_eq!(
            over, laughs,
            "{} bytes of copies for {} bytes (limit {}): {message}",
            doc.copies,
            doc.text.len(),
            expansion_limit(doc.text.len())
        );
    }
});
