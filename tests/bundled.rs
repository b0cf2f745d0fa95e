//! The bundled programme: the BlueHats « Mutualisons ! » day of 1 July 2022 in Paris, as announced
//! on code.gouv.fr (« Programme indicatif »), is valid and says what the announcement says.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use deroule::model::{Item, Kind, Programme, State, load_str};

/// The « Programme indicatif » of the announcement, word for word: local start and title.
const ANNOUNCED: [(&str, &str); 13] = [
    ("09:00", "Accueil et café"),
    ("09:30", "Temps de rencontre et de présentations"),
    ("10:15", "Inventaire des mutualisations possibles"),
    ("11:00", "Pause"),
    // A typographic apostrophe (U+2019), as in the announcement.
    (
        "11:15",
        "Retours d\u{2019}expérience de contributions réussies",
    ),
    (
        "11:45",
        "Échanges sur des bonnes pratiques pour permettre la contribution",
    ),
    ("12:30", "Pause déjeuner"),
    ("14:00", "Échange de savoirs"),
    (
        "14:30",
        "Ateliers sur différents projets qui pourraient être réutilisés (session 1)",
    ),
    ("15:30", "Pause"),
    (
        "16:00",
        "Ateliers sur différents projets qui pourraient être réutilisés (session 2)",
    ),
    ("17:00", "Conclusion"),
    ("17:30", "Temps informel avant départ"),
];

fn bundled() -> Programme {
    let loaded =
        load_str(deroule::BUNDLED, deroule::BUNDLED_NAME).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        loaded.warnings.is_empty(),
        "the bundled programme has warnings: {:#?}",
        loaded.warnings
    );
    loaded.programme
}

fn items(p: &Programme) -> Vec<&Item> {
    p.items().collect()
}

fn utc(hour: u32, minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2022, 7, 1, hour, minute, 0)
        .single()
        .expect("a valid instant")
}

#[test]
fn validates_without_warnings() {
    let p = bundled();
    assert_eq!(p.tz, chrono_tz::Europe::Paris);
    assert_eq!(
        p.meta.title,
        "Journée BlueHats «\u{a0}Mutualisons\u{a0}!\u{a0}»"
    );
}

#[test]
fn is_one_day_of_thirteen_items() {
    let p = bundled();
    assert_eq!(p.days.len(), 1);
    assert_eq!(
        p.days[0].date,
        NaiveDate::from_ymd_opt(2022, 7, 1).expect("a date")
    );
    assert_eq!(items(&p).len(), 13);
    assert!(p.rooms.is_empty(), "every item is plenary");
    assert!(items(&p).iter().all(|i| i.state == State::Confirmed));
}

#[test]
fn runs_from_nine_to_six_in_paris() {
    let p = bundled();
    // Paris is UTC+2 in July.
    assert_eq!(p.first_start(), utc(7, 0));
    assert_eq!(p.last_end(), utc(16, 0));
    let all = items(&p);
    assert_eq!(all[0].start, utc(7, 0));
    assert_eq!(all[12].end, utc(16, 0));
    assert_eq!(p.days[0].start, Some(utc(7, 0)));
    assert_eq!(p.days[0].end, Some(utc(16, 0)));
    let local = |t: DateTime<Utc>| t.with_timezone(&p.tz).format("%Y-%m-%d %H:%M").to_string();
    assert_eq!(local(p.first_start()), "2022-07-01 09:00");
    assert_eq!(local(p.last_end()), "2022-07-01 18:00");
}

#[test]
fn has_the_announced_titles_and_starts() {
    let p = bundled();
    let got: Vec<(String, &str)> = items(&p)
        .iter()
        .map(|i| {
            (
                i.start.with_timezone(&p.tz).format("%H:%M").to_string(),
                i.title.as_str(),
            )
        })
        .collect();
    let want: Vec<(String, &str)> = ANNOUNCED
        .iter()
        .map(|(start, title)| ((*start).to_owned(), *title))
        .collect();
    assert_eq!(got, want);
}

#[test]
fn has_the_right_kinds() {
    let p = bundled();
    let kind_of = |title: &str| -> Vec<Kind> {
        items(&p)
            .iter()
            .filter(|i| i.title == title)
            .map(|i| i.kind)
            .collect()
    };
    assert_eq!(kind_of("Pause déjeuner"), [Kind::Meal]);
    assert_eq!(kind_of("Pause"), [Kind::Break, Kind::Break]);
    let workshops: Vec<&str> = items(&p)
        .iter()
        .filter(|i| i.kind == Kind::Workshop)
        .map(|i| i.title.as_str())
        .collect();
    assert_eq!(workshops.len(), 2);
    assert!(workshops.iter().all(|t| t.starts_with("Ateliers")));
    assert_eq!(kind_of("Accueil et café"), [Kind::Welcome]);
    assert_eq!(kind_of("Temps informel avant départ"), [Kind::Social]);
}

#[test]
fn each_item_ends_when_the_next_starts() {
    let p = bundled();
    let all = items(&p);
    for pair in all.windows(2) {
        assert_eq!(
            pair[0].end, pair[1].start,
            "«{}» should end when «{}» starts",
            pair[0].title, pair[1].title
        );
    }
    assert!(all.iter().all(|i| i.end > i.start));
    let minutes: Vec<i64> = all.iter().map(|i| i.minutes()).collect();
    assert_eq!(
        minutes,
        [30, 45, 45, 15, 30, 45, 90, 30, 60, 30, 60, 30, 30]
    );
}

#[test]
fn the_file_on_disk_is_the_bundled_text() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/bluehats-2022-07-01.yaml");
    let on_disk = std::fs::read_to_string(path).expect("the bundled file is readable");
    assert_eq!(on_disk, deroule::BUNDLED);
}
