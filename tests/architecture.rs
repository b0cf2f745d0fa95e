//! The house's rules, checked on the source: the app never imports the view, and no top-level
//! module imports one that imports it back (directly or through others). A newcomer who adds
//! such an import learns it here, with the path that closes the loop.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

/// Every `.rs` file under `dir`, with its path relative to `src/`.
fn sources(dir: &Path, root: &Path, out: &mut Files) {
    for entry in fs::read_dir(dir).expect("src is readable") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            sources(&path, root, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let rel = path.strip_prefix(root).expect("under src");
            let text = fs::read_to_string(&path).expect("source is text");
            out.push((rel.to_string_lossy().replace('\\', "/"), text));
        }
    }
}

/// The top-level module a file belongs to (`app/grid.rs` → `app`, `ui.rs` → `ui`).
fn top(rel: &str) -> &str {
    let first = rel.split('/').next().unwrap_or(rel);
    first.strip_suffix(".rs").unwrap_or(first)
}

/// Top-level modules named by `crate::name` or `crate::{a, b::c}` in code (comments left out).
fn named(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            rest = &rest[at + "crate::".len()..];
            if let Some(group) = rest.strip_prefix('{') {
                let inside = group.split('}').next().unwrap_or("");
                for part in inside.split(',') {
                    let name: String = part
                        .trim()
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    if !name.is_empty() {
                        found.insert(name);
                    }
                }
            } else {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    found.insert(name);
                }
            }
        }
    }
    found
}

/// Each top-level module's imports of the others.
type Deps = BTreeMap<String, BTreeSet<String>>;
/// Each source file: its path under `src/` and its text.
type Files = Vec<(String, String)>;

fn graph() -> (Deps, Files) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&root, &root, &mut files);
    let modules: BTreeSet<String> = files.iter().map(|(rel, _)| top(rel).to_owned()).collect();
    let mut deps = Deps::new();
    for (rel, text) in &files {
        let from = top(rel);
        if from == "main" || from == "lib" {
            continue;
        }
        for to in named(text) {
            if to != from && modules.contains(&to) {
                deps.entry(from.to_owned()).or_default().insert(to);
            }
        }
    }
    (deps, files)
}

/// A path from `from` back to `to` through `deps`, if there is one.
fn path_back(
    deps: &Deps,
    from: &str,
    to: &str,
    seen: &mut BTreeSet<String>,
) -> Option<Vec<String>> {
    if from == to {
        return Some(vec![to.to_owned()]);
    }
    if !seen.insert(from.to_owned()) {
        return None;
    }
    for next in deps.get(from).into_iter().flatten() {
        if let Some(mut rest) = path_back(deps, next, to, seen) {
            rest.insert(0, from.to_owned());
            return Some(rest);
        }
    }
    None
}

#[test]
fn no_module_imports_one_that_imports_it_back() {
    let (deps, _) = graph();
    assert!(
        deps.contains_key("app") && deps["app"].contains("model"),
        "the graph is read"
    );
    let mut loops = Vec::new();
    for (from, tos) in &deps {
        for to in tos {
            if let Some(back) = path_back(&deps, to, from, &mut BTreeSet::new()) {
                loops.push(format!("{from} → {}", back.join(" → ")));
            }
        }
    }
    assert!(loops.is_empty(), "import cycles:\n{}", loops.join("\n"));
}

#[test]
fn the_app_never_imports_the_view() {
    let (_, files) = graph();
    let offending: Vec<&String> = files
        .iter()
        .filter(|(rel, text)| top(rel) == "app" && named(text).contains("ui"))
        .map(|(rel, _)| rel)
        .collect();
    assert!(
        offending.is_empty(),
        "app files importing ui: {offending:?}"
    );
}

#[test]
fn imports_are_read_in_both_forms() {
    let text = "use crate::{timeline, ui::text};\n// crate::nothing\nlet x = crate::app::App::new;";
    let found: Vec<String> = named(text).into_iter().collect();
    assert_eq!(found, ["app", "timeline", "ui"]);
}
