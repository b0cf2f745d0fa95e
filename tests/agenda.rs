//! The agenda as plain text, Markdown and JSON: golden outputs at fixed programmes (the output
//! depends on nothing but the programme, the days and the language), the day selection, and the
//! JSON example of `docs/agenda-json.md`.

use std::path::Path;

use deroule::agenda::{json, markdown, text};
use deroule::i18n::Lang;
use deroule::model::{Programme, load_str};
use serde_json::Value;

/// Two days, rooms and tracks, a night past midnight, cancelled and moved items, and titles that
/// Markdown would misread or that run over two lines.
const FESTIVAL: &str = r##"
title: Free Software Meetings
subtitle: Two days, two rooms
venue: Halle aux grains
address: 1 place Dupuy, 31000 Toulouse
language: en
time_zone: Europe/Paris
day_change: 04:00
rooms:
  - name: Main hall
    description: 300 seats
  - Room B
tracks:
  - name: Community
    color: "#3366cc"
  - name: Technical
days:
  - date: 2025-06-20
    label: Friday
    start: 9h
    end: 2h
    items:
      - id: opening
        start: 9h
        title: Opening
        kind: keynote
        speakers: Alex Dupont
      - id: community-talk
        start: 9h30
        end: 10h30
        title: "Growing a community: *pipes* | [brackets]"
        room: Main hall
        track: Community
        kind: talk
      - start: 9h30
        duration: 2h
        title: Packaging for Debian
        room: Room B
        track: Technical
        kind: workshop
      - id: lunch
        start: 11h30
        title: Lunch
        kind: meal
        state: moved
      - id: concert
        start: 22h
        end: 1h30
        title: Closing concert
        kind: social
  - date: 2025-06-21
    start: 10h
    end: 16h
    items:
      - id: coffee
        start: 10h
        title: Coffee
        kind: welcome
      - id: rust
        start: 10h30
        title: Rust for the curious
        subtitle: A gentle first hour
        room: Main hall
        track: Technical
        kind: talk
        language: en
        speakers: [Sam Lee, Noor Haddad]
        description: >-
          Ownership, borrowing and the compiler as a teacher.
        links:
          - https://example.org/rust-slides
          - url: https://example.org/rust-exercises
            title: Exercises
      - id: docs-workshop
        start: 10h30
        title: Writing good documentation
        room: Room B
        kind: workshop
        state: cancelled
      - id: closing
        start: 15h
        title: "Closing,\nwith thanks"
        kind: other
"##;

fn festival() -> Programme {
    load_str(FESTIVAL, "festival.yaml")
        .expect("valid")
        .programme
}

fn bundled() -> Programme {
    load_str(deroule::BUNDLED, "bundled")
        .expect("valid")
        .programme
}

#[test]
fn text_in_english() {
    assert_eq!(
        text(&festival(), &[0, 1], Lang::En),
        r"Free Software Meetings
Two days, two rooms
Halle aux grains, 1 place Dupuy, 31000 Toulouse
Time zone: Europe/Paris

Friday 20 June 2025 — Friday
09:00–09:30  Opening  (keynote)  Speakers: Alex Dupont
09:30–10:30  Growing a community: *pipes* | [brackets]  (talk)  Room: Main hall
09:30–11:30  Packaging for Debian  (workshop)  Room: Room B
11:30–22:00  Lunch  (meal, moved)
22:00–01:30  Closing concert  (social)

Saturday 21 June 2025
10:00–10:30  Coffee  (welcome)
10:30–15:00  Rust for the curious — A gentle first hour  (talk)  Room: Main hall  Speakers: Sam Lee, Noor Haddad
10:30–15:00  Writing good documentation  (workshop, cancelled)  Room: Room B
15:00–16:00  Closing, with thanks  (other)
"
    );
}

#[test]
fn text_in_french() {
    assert_eq!(
        text(&bundled(), &[0], Lang::Fr),
        r"Journée BlueHats « Mutualisons ! »
Sauvez la date : 1er juillet 2022
Lieu de la transformation publique, 77 avenue de Ségur, 75007 Paris
Fuseau horaire : Europe/Paris

vendredi 1er juillet 2022
09:00–09:30  Accueil et café  (accueil)
09:30–10:15  Temps de rencontre et de présentations  (session)
10:15–11:00  Inventaire des mutualisations possibles  (session)
11:00–11:15  Pause  (pause)
11:15–11:45  Retours d’expérience de contributions réussies  (présentation)
11:45–12:30  Échanges sur des bonnes pratiques pour permettre la contribution  (session)
12:30–14:00  Pause déjeuner  (repas)
14:00–14:30  Échange de savoirs  (session)
14:30–15:30  Ateliers sur différents projets qui pourraient être réutilisés (session 1)  (atelier)
15:30–16:00  Pause  (pause)
16:00–17:00  Ateliers sur différents projets qui pourraient être réutilisés (session 2)  (atelier)
17:00–17:30  Conclusion  (session)
17:30–18:00  Temps informel avant départ  (convivialité)
"
    );
}

#[test]
fn text_has_no_box_drawing_and_one_item_per_line() {
    let p = festival();
    let out = text(&p, &[0, 1], Lang::En);
    assert!(
        !out.chars().any(|c| ('\u{2500}'..='\u{259f}').contains(&c)),
        "no box drawing or block characters"
    );
    let item_lines = out
        .lines()
        .filter(|l| l.contains("–") && l.starts_with(char::is_numeric));
    assert_eq!(item_lines.count(), p.items().count());
}

#[test]
fn markdown_in_english() {
    assert_eq!(
        markdown(&festival(), &[0, 1], Lang::En),
        r"# Free Software Meetings

Two days, two rooms

Halle aux grains, 1 place Dupuy, 31000 Toulouse · Time zone: Europe/Paris.

## Friday 20 June 2025 — Friday

| Time | Item | Kind | Room | Track | Speakers |
|---|---|---|---|---|---|
| 09:00–09:30 | Opening | keynote |  |  | Alex Dupont |
| 09:30–10:30 | Growing a community: \*pipes\* \| \[brackets\] | talk | Main hall | Community |  |
| 09:30–11:30 | Packaging for Debian | workshop | Room B | Technical |  |
| 11:30–22:00 | Lunch | meal, moved |  |  |  |
| 22:00–01:30 | Closing concert | social |  |  |  |

## Saturday 21 June 2025

| Time | Item | Kind | Room | Track | Speakers |
|---|---|---|---|---|---|
| 10:00–10:30 | Coffee | welcome |  |  |  |
| 10:30–15:00 | Rust for the curious — A gentle first hour · [https://example.org/rust-slides](<https://example.org/rust-slides>), [Exercises](<https://example.org/rust-exercises>) | talk | Main hall | Technical | Sam Lee, Noor Haddad |
| 10:30–15:00 | ~~Writing good documentation~~ | workshop, cancelled | Room B |  |  |
| 15:00–16:00 | Closing, with thanks | other |  |  |  |
"
    );
}

#[test]
fn markdown_in_french() {
    assert_eq!(
        markdown(&bundled(), &[0], Lang::Fr),
        r"# Journée BlueHats « Mutualisons ! »

Sauvez la date : 1er juillet 2022

Lieu de la transformation publique, 77 avenue de Ségur, 75007 Paris · Fuseau horaire : Europe/Paris.

## vendredi 1er juillet 2022

| Horaire | Séance | Type |
|---|---|---|
| 09:00–09:30 | Accueil et café | accueil |
| 09:30–10:15 | Temps de rencontre et de présentations | session |
| 10:15–11:00 | Inventaire des mutualisations possibles | session |
| 11:00–11:15 | Pause | pause |
| 11:15–11:45 | Retours d’expérience de contributions réussies | présentation |
| 11:45–12:30 | Échanges sur des bonnes pratiques pour permettre la contribution | session |
| 12:30–14:00 | Pause déjeuner | repas |
| 14:00–14:30 | Échange de savoirs | session |
| 14:30–15:30 | Ateliers sur différents projets qui pourraient être réutilisés (session 1) | atelier |
| 15:30–16:00 | Pause | pause |
| 16:00–17:00 | Ateliers sur différents projets qui pourraient être réutilisés (session 2) | atelier |
| 17:00–17:30 | Conclusion | session |
| 17:30–18:00 | Temps informel avant départ | convivialité |
"
    );
}

#[test]
fn days_come_as_asked() {
    let p = festival();
    let both = text(&p, &[1, 0], Lang::En);
    let saturday = both.find("Saturday 21 June 2025").expect("Saturday");
    let friday = both.find("Friday 20 June 2025").expect("Friday");
    assert!(saturday < friday, "in the order asked");
    assert_eq!(
        text(&p, &[1, 7], Lang::En),
        text(&p, &[1], Lang::En),
        "out of range is skipped"
    );
    let none = text(&p, &[], Lang::En);
    assert!(!none.contains("June"), "{none}");
    let md = markdown(&p, &[1], Lang::En);
    assert!(
        !md.contains("Friday") && md.contains("## Saturday 21 June 2025"),
        "{md}"
    );
    let value: Value = serde_json::from_str(&json(&p, &[1, 0])).expect("JSON");
    let dates: Vec<&str> = value["days"]
        .as_array()
        .expect("days")
        .iter()
        .map(|d| d["date"].as_str().expect("a date"))
        .collect();
    assert_eq!(dates, ["2025-06-21", "2025-06-20"]);
}

#[test]
fn json_shape() {
    let p = festival();
    let value: Value = serde_json::from_str(&json(&p, &[0, 1])).expect("JSON");
    assert_eq!(value["format"], "deroule-agenda");
    assert_eq!(value["version"], 1);
    assert_eq!(value["time_zone"], "Europe/Paris");
    assert_eq!(value["event"]["title"], "Free Software Meetings");
    assert_eq!(
        value["event"]["host"],
        Value::Null,
        "absent values are null, not missing"
    );
    assert_eq!(value["tracks"][0]["color"], "#3366cc");
    let friday = &value["days"][0];
    assert_eq!(friday["label"], "Friday");
    assert_eq!(friday["start"], "2025-06-20T09:00:00+02:00");
    assert_eq!(friday["end"], "2025-06-21T02:00:00+02:00");
    let concert = &friday["items"][4];
    assert_eq!(concert["id"], "concert");
    assert_eq!(concert["start"], "2025-06-20T22:00:00+02:00");
    assert_eq!(concert["end"], "2025-06-21T01:30:00+02:00");
    assert_eq!(concert["duration_minutes"], 210);
    let packaging = &friday["items"][2];
    assert_eq!(packaging["id"], Value::Null);
    assert_eq!(packaging["kind"], "workshop");
    assert_eq!(packaging["room"], "Room B");
    assert_eq!(friday["items"][3]["state"], "moved");
    let saturday = &value["days"][1];
    assert_eq!(saturday["items"][2]["state"], "cancelled");
    assert_eq!(saturday["items"][3]["title"], "Closing,\nwith thanks");
    let rust = &saturday["items"][1];
    assert_eq!(
        rust["speakers"],
        serde_json::json!(["Sam Lee", "Noor Haddad"])
    );
    assert_eq!(
        rust["links"],
        serde_json::json!([
            {"url": "https://example.org/rust-slides", "title": null},
            {"url": "https://example.org/rust-exercises", "title": "Exercises"},
        ])
    );
    let keys: Vec<&String> = rust.as_object().expect("an item").keys().collect();
    let mut expected = [
        "id",
        "title",
        "subtitle",
        "kind",
        "state",
        "start",
        "end",
        "duration_minutes",
        "room",
        "track",
        "speakers",
        "description",
        "language",
        "links",
    ];
    expected.sort_unstable();
    let mut keys: Vec<&str> = keys.into_iter().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, expected);
}

#[test]
fn json_in_utc_writes_the_offset() {
    let p = load_str(
        "title: T\ntime_zone: UTC\ndate: 2025-01-01\nitems:\n  - {title: A, start: 9h, end: 10h}\n",
        "utc.yaml",
    )
    .expect("valid")
    .programme;
    let value: Value = serde_json::from_str(&json(&p, &[0])).expect("JSON");
    assert_eq!(
        value["days"][0]["items"][0]["start"],
        "2025-01-01T09:00:00+00:00"
    );
}

/// The example of `docs/agenda-json.md` is what the code writes for the programme shown there.
#[test]
fn the_documented_example_is_current() {
    let doc =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/agenda-json.md"))
            .expect("docs/agenda-json.md");
    let block = |fence: &str| {
        doc.split(fence)
            .nth(1)
            .and_then(|rest| rest.split("```").next())
            .expect("a fenced block")
            .to_owned()
    };
    let p = load_str(&block("```yaml\n"), "example.yaml")
        .expect("the documented programme is valid")
        .programme;
    assert_eq!(json(&p, &[0]), block("```json\n"));
}

/// `Etc/GMT-1` (what an import without a zone infers) is one hour ahead of UTC: the header says
/// `UTC+01:00`, the JSON keeps the IANA name for programs.
#[test]
fn a_fixed_offset_zone_is_written_as_its_offset() {
    let p = load_str(
        "title: T\ntime_zone: Etc/GMT-1\ndate: 2019-12-27\nitems:\n  - {title: A, start: 11h, end: 12h}\n",
        "fixed.yaml",
    )
    .expect("valid")
    .programme;
    let out = text(&p, &[0], Lang::En);
    assert!(out.contains("\nTime zone: UTC+01:00\n"), "{out}");
    let md = markdown(&p, &[0], Lang::Fr);
    assert!(md.contains("Fuseau horaire : UTC+01:00."), "{md}");
    let value: Value = serde_json::from_str(&json(&p, &[0])).expect("JSON");
    assert_eq!(value["time_zone"], "Etc/GMT-1");
}

/// FOSDEM types its birds-of-a-feather sessions `bof`: they are sessions, and their rows say so
/// like every other row (the default kind used to be left out).
#[test]
fn every_row_names_its_kind_bofs_included() {
    let xml = "<schedule><conference><title>F</title><time_zone_name>Europe/Brussels</time_zone_name></conference>\
        <day index=\"1\" date=\"2025-02-01\"><room name=\"AW1.121\">\
        <event guid=\"a\"><date>2025-02-01T10:00:00+01:00</date><duration>00:30</duration><type>devroom</type><title>A talk</title></event>\
        <event guid=\"b\"><date>2025-02-01T11:00:00+01:00</date><duration>01:00</duration><type>bof</type><title>FSFE Upcycling Android Workshop BOF</title></event>\
        </room></day></schedule>";
    let p = deroule::import::import_bytes(xml.as_bytes(), "f.xml")
        .expect("imports")
        .programme;
    let out = text(&p, &[0], Lang::En);
    assert!(
        out.contains(
            "11:00–12:00  FSFE Upcycling Android Workshop BOF  (session)  Room: AW1.121\n"
        ),
        "{out}"
    );
    let rows = out.lines().filter(|l| l.starts_with(char::is_numeric));
    assert!(
        rows.clone().count() == 2 && rows.clone().all(|l| l.contains("  (")),
        "{out}"
    );
    assert!(text(&p, &[0], Lang::Fr).contains("BOF  (session)  Salle : AW1.121"));
}
