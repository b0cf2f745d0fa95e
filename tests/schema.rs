//! The JSON Schema of the YAML format: the committed copy is the generated one, it accepts the
//! bundled programme, every file in `data/` and the examples of `docs/format.md`, and it refuses
//! broken programmes.
//!
//! After changing the wire structs, regenerate the committed copy with
//! `DEROULE_BLESS=1 cargo test --test schema`.

use std::path::Path;

use deroule::model::yaml_to_json;
use deroule::schema::schema;
use serde_json::Value;

const COMMITTED: &str = "docs/deroule.schema.json";

fn validator() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(&schema()).expect("the schema is JSON");
    jsonschema::validator_for(&schema).expect("a valid JSON Schema")
}

/// The validation errors of a YAML programme, as `path: message` lines.
fn errors(yaml: &str) -> Vec<String> {
    let instance = yaml_to_json(yaml).expect("YAML that reads as JSON");
    validator()
        .iter_errors(&instance)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

fn assert_valid(name: &str, yaml: &str) {
    let errors = errors(yaml);
    assert!(
        errors.is_empty(),
        "{name} should be valid:\n{}",
        errors.join("\n")
    );
}

#[test]
fn the_committed_schema_is_the_generated_one() {
    let generated = schema();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(COMMITTED);
    if std::env::var_os("DEROULE_BLESS").is_some() {
        std::fs::write(&path, &generated).expect("write the schema");
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "{COMMITTED} is not the schema the code generates: run `DEROULE_BLESS=1 cargo test --test schema`"
    );
}

#[test]
fn the_schema_is_draft_07_and_closed() {
    let schema: Value = serde_json::from_str(&schema()).expect("JSON");
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
    assert_eq!(schema["additionalProperties"], false);
    let definitions = schema["definitions"].as_object().expect("definitions");
    for name in ["Item", "Day", "Track", "RoomMapping", "LinkMapping"] {
        assert_eq!(
            definitions[name]["additionalProperties"], false,
            "{name} refuses unknown fields"
        );
    }
    let kind = &definitions["Item"]["properties"]["kind"];
    let kinds = deroule::model::Kind::ALL.map(deroule::model::Kind::name);
    assert!(
        kind.to_string()
            .contains(&kinds.map(|k| format!("\"{k}\"")).join(",")),
        "{kind}"
    );
    assert_eq!(definitions["Time"]["type"], "string");
    assert!(definitions["Time"]["pattern"].is_string());
}

#[test]
fn the_bundled_programme_is_valid() {
    assert_valid("the bundled programme", deroule::BUNDLED);
}

#[test]
fn every_file_in_data_is_valid() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).expect("data/") {
        let path = entry.expect("an entry").path();
        if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            let text = std::fs::read_to_string(&path).expect("UTF-8");
            assert_valid(&path.display().to_string(), &text);
            seen += 1;
        }
    }
    assert!(seen > 0, "no programme in data/");
}

#[test]
fn the_examples_of_the_format_reference_are_valid() {
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/format.md"))
        .expect("docs/format.md");
    let mut checked = 0;
    for block in doc.split("```yaml\n").skip(1) {
        let yaml = block.split("```").next().unwrap_or_default();
        // Whole programmes only, and only those deroule accepts.
        if !yaml.contains("time_zone:") || deroule::model::load_str(yaml, "test.yaml").is_err() {
            continue;
        }
        assert_valid(&format!("example {}", checked + 1), yaml);
        checked += 1;
    }
    assert!(
        checked >= 2,
        "the one-day and several-day examples are checked"
    );
}

#[test]
fn numbers_and_spellings_the_parser_accepts_are_valid() {
    assert_valid(
        "a varied programme",
        "title: 2025\ntime_zone: UTC\nday_change: 4h\nwarn_before: 5\ntracks:\n  - {name: T, color: \"#A0b0C0\"}\nrooms:\n  - R\n  - {name: S, description: Upstairs}\ndays:\n  - date: 2025-06-20\n    start: 09:00\n    end: 24:00\n    items:\n      - {title: A, start: 9h, duration: 1h30, kind: talk, speakers: Ada}\n      - {title: B, start: 10h30, duration: 01:30, room: R, track: T, state: canceled}\n      - {title: C, start: 10h30, end: 11h, room: S, hard_start: true, min_duration: 45 min}\n      - {title: D, start: \"12h\", duration: 90, speakers: [Ada, Bo], links: [https://a.example, {url: https://b.example, title: B}]}\n      - {title: E, start: 13h30, end: 24h, subtitle: ~, kind: ~}\n",
    );
}

#[test]
fn broken_programmes_are_refused() {
    let base = "title: T\ntime_zone: Europe/Paris\ndate: 2025-03-14\nitems:\n";
    let cases = [
        (
            "an unknown item field",
            format!("{base}  - {{title: A, start: 9h, end: 10h, colour: red}}\n"),
            "/items/0",
        ),
        (
            "an unknown top field",
            format!("{base}  - {{title: A, start: 9h, end: 10h}}\norganiser: Me\n"),
            "",
        ),
        (
            "a wrong kind",
            format!("{base}  - {{title: A, start: 9h, end: 10h, kind: lunch}}\n"),
            "/items/0/kind",
        ),
        (
            "a wrong state",
            format!("{base}  - {{title: A, start: 9h, end: 10h, state: delayed}}\n"),
            "/items/0/state",
        ),
        (
            "a missing item title",
            format!("{base}  - {{start: 9h, end: 10h}}\n"),
            "/items/0",
        ),
        (
            "a missing item start",
            format!("{base}  - {{title: A, end: 10h}}\n"),
            "/items/0",
        ),
        (
            "a time with seconds",
            format!("{base}  - {{title: A, start: 09:00:00, end: 10h}}\n"),
            "/items/0/start",
        ),
        (
            "a time past 24:00",
            format!("{base}  - {{title: A, start: 9h, end: 24:30}}\n"),
            "/items/0/end",
        ),
        (
            "a decimal duration",
            format!("{base}  - {{title: A, start: 9h, duration: 1.5h}}\n"),
            "/items/0/duration",
        ),
        (
            "a bare number as a time",
            format!("{base}  - {{title: A, start: 9, end: 10h}}\n"),
            "/items/0/start",
        ),
        (
            "hard_start: yes",
            format!("{base}  - {{title: A, start: 9h, end: 10h, hard_start: yes}}\n"),
            "/items/0/hard_start",
        ),
        (
            "a list as a title",
            format!("{base}  - {{title: [A], start: 9h, end: 10h}}\n"),
            "/items/0/title",
        ),
        (
            "no items",
            format!("{base}  []\n").replace("items:\n  []", "items: []"),
            "/items",
        ),
        (
            "a bad colour",
            format!(
                "tracks:\n  - {{name: T, color: red}}\n{base}  - {{title: A, start: 9h, end: 10h}}\n"
            ),
            "/tracks/0/color",
        ),
        (
            "a bad date",
            base.replace("2025-03-14", "14/03/2025") + "  - {title: A, start: 9h, end: 10h}\n",
            "/date",
        ),
    ];
    for (what, yaml, path) in &cases {
        let errors = errors(yaml);
        assert!(!errors.is_empty(), "{what} should be refused:\n{yaml}");
        assert!(
            errors.iter().any(|e| e.starts_with(&format!("{path}:"))),
            "{what}: expected an error at `{path}`, got:\n{}",
            errors.join("\n")
        );
    }
}

#[test]
fn the_top_level_needs_a_title_a_zone_and_one_form() {
    let items = "items:\n  - {title: A, start: 9h, end: 10h}\n";
    let refused = [
        (
            "a missing title",
            format!("time_zone: UTC\ndate: 2025-03-14\n{items}"),
        ),
        (
            "a missing zone",
            format!("title: T\ndate: 2025-03-14\n{items}"),
        ),
        ("no date", format!("title: T\ntime_zone: UTC\n{items}")),
        (
            "no items",
            "title: T\ntime_zone: UTC\ndate: 2025-03-14\n".to_owned(),
        ),
        (
            "days and a date",
            format!(
                "title: T\ntime_zone: UTC\ndate: 2025-03-14\ndays:\n  - date: 2025-03-15\n    {}",
                items.replace("\n  ", "\n      ")
            ),
        ),
        (
            "a day without items",
            "title: T\ntime_zone: UTC\ndays:\n  - date: 2025-03-15\n".to_owned(),
        ),
        ("no days", "title: T\ntime_zone: UTC\ndays: []\n".to_owned()),
        (
            "an empty date",
            format!("title: T\ntime_zone: UTC\ndate:\n{items}"),
        ),
        (
            "a top-level start with days",
            format!(
                "title: T\ntime_zone: UTC\nstart: 9h\ndays:\n  - date: 2025-03-15\n    {}",
                items.replace("\n  ", "\n      ")
            ),
        ),
    ];
    for (what, yaml) in &refused {
        assert!(
            !errors(yaml).is_empty(),
            "{what} should be refused:\n{yaml}"
        );
        assert!(
            deroule::model::load_str(yaml, "test.yaml").is_err(),
            "deroule refuses {what} too"
        );
    }
}

#[test]
fn fields_without_a_value_count_as_absent() {
    let items = "items:\n  - {title: A, start: 9h, end: 10h}\n";
    let accepted = [
        format!("title: T\ntime_zone: UTC\ndays:\ndate: 2025-03-14\n{items}"),
        format!(
            "title: T\ntime_zone: UTC\ndate:\nstart:\ndays:\n  - date: 2025-03-15\n    {}",
            items.replace("\n  ", "\n      ")
        ),
    ];
    for yaml in &accepted {
        assert!(
            deroule::model::load_str(yaml, "test.yaml").is_ok(),
            "deroule accepts:\n{yaml}"
        );
        assert_valid(yaml, yaml);
    }
}

#[test]
fn yaml_to_json_expands_aliases_and_refuses_broken_yaml() {
    let json = yaml_to_json("\u{feff}a: &x [1, two]\nb: *x\n3: c\n").expect("valid YAML");
    assert_eq!(
        json,
        serde_json::json!({"a": [1, "two"], "b": [1, "two"], "3": "c"})
    );
    assert!(yaml_to_json("a: 1\na: 2\n").is_err());
    assert!(yaml_to_json("a: [1\n").is_err());
}

/// The invalid fixtures of `deroule check` whose mistake shows field by field: the schema
/// refuses them too. (The others need the whole programme: ends, overlaps, rooms, zone names.)
#[test]
fn the_schema_refuses_the_field_by_field_mistakes_of_the_invalid_fixtures() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/invalid");
    let refused = [
        "02-title-list",
        "03-speakers-mapping",
        "04-items-not-list",
        "05-unknown-top-field",
        "06-unknown-item-field",
        "07-missing-title",
        "08-missing-item-title",
        "09-missing-start",
        "10-time-9h75",
        "11-time-25h",
        "12-time-noon",
        "13-duration-decimal",
        "14-duration-seconds",
        "15-duration-zero",
        "16-end-and-duration",
        "18-missing-zone",
        "19-unknown-kind",
        "20-unknown-state",
        "28-empty",
        "29-empty-items",
        "30-days-and-date",
        "33-bad-date",
        "34-bad-colour",
        "36-top-list",
        "40-several-errors",
        "43-item-not-mapping",
        "44-start-24h",
        "45-top-start-with-days",
        "48-bad-day-change",
        "49-hard-start-not-bool",
        "50-missing-date",
        "51-unknown-room-field",
        "52-empty-days",
        "53-huge-year",
    ];
    for name in refused {
        let text = std::fs::read_to_string(dir.join(format!("{name}.yaml"))).expect(name);
        assert!(!errors(&text).is_empty(), "{name} should be refused");
    }
}
