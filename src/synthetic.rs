//! Synthetic programmes of any size, for benchmarks and stress tests.
//!
//! [`yaml`] writes a valid programme in the format of `docs/format.md`: a big festival with
//! `items` items spread over `rooms` rooms and `days` days. Each day opens with a plenary keynote
//! at 08:00; the other items fill the rooms in round-robin, back to back, in equal slots until the
//! day's `end` (at most 24:00). Titles, speakers, kinds, tracks and ends vary (accents, a few CJK
//! titles, long and short titles; `end`, `duration` or a derived end), but nothing is random:
//! a fixed-seed generator makes the same text for the same [`Shape`], every time, everywhere.

use std::fmt::Write as _;

use chrono::{Days, NaiveDate};

/// How big a synthetic programme is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    pub items: usize,
    pub rooms: usize,
    pub days: usize,
}

impl Shape {
    pub const fn new(items: usize, rooms: usize, days: usize) -> Self {
        Shape { items, rooms, days }
    }

    /// A plausible festival of `items` items: 1k is 10 rooms over 5 days, 10k is 20 rooms over
    /// 10 days, 100k is 50 rooms over 20 days (100 slots of 9 minutes per room and day).
    pub fn sized(items: usize) -> Self {
        match items {
            0..=100 => Shape::new(items, 3, 1),
            101..=2_000 => Shape::new(items, 10, 5),
            2_001..=20_000 => Shape::new(items, 20, 10),
            _ => Shape::new(items, 50, 20),
        }
    }
}

/// The first day of every synthetic programme (summer: no clock change near the slots).
const FIRST_DAY: (i32, u32, u32) = (2031, 7, 1);
/// Days open at 08:00 with a 30-minute plenary keynote.
const OPENS: u32 = 8 * 60;
const KEYNOTE: u32 = 30;
/// Slots end by 24:00.
const CLOSES: u32 = 24 * 60;
const LONGEST_SLOT: u32 = 90;

const ROOMS: [&str; 10] = [
    "Amphi",
    "Salle",
    "Hörsaal",
    "Atelier",
    "Room",
    "Aula",
    "Sala",
    "Studio",
    "Forum",
    "会議室",
];

const TRACKS: [(&str, &str); 6] = [
    ("Communauté", "#3366cc"),
    ("Technique", "#cc6633"),
    ("Politiques publiques", "#339966"),
    ("Sécurité", "#993366"),
    ("Design", "#666699"),
    ("Données", "#cc9933"),
];

const WORDS: [&str; 48] = [
    "logiciel",
    "libre",
    "mutualisation",
    "administration",
    "réutilisation",
    "communauté",
    "gouvernance",
    "sécurité",
    "accessibilité",
    "données",
    "ouvertes",
    "interopérabilité",
    "retours",
    "d’expérience",
    "déploiement",
    "état",
    "des",
    "lieux",
    "et",
    "pour",
    "les",
    "collectivités",
    "open",
    "source",
    "maintenance",
    "Rust",
    "Python",
    "Kubernetes",
    "PostgreSQL",
    "Debian",
    "cartographie",
    "Über",
    "Software-Freiheit",
    "Barrierefreiheit",
    "privacy",
    "by",
    "design",
    "zero",
    "trust",
    "in",
    "the",
    "public",
    "sector",
    "façade",
    "naïve",
    "Çà",
    "Ñandú",
    "Øresund",
];

const CJK_TITLES: [&str; 5] = [
    "分散システムの設計と運用",
    "开源社区的可持续发展",
    "오픈소스 거버넌스 입문",
    "Rust で書く安全な並行処理",
    "公共部門におけるオープンソース",
];

const SPEAKERS: [&str; 12] = [
    "Camille Martin",
    "Zoé Lefèvre",
    "Ahmed Benali",
    "Jürgen Müller",
    "Siobhán Ní Bhriain",
    "José Núñez",
    "李明",
    "Aïcha Diallo",
    "Noor Haddad",
    "Łukasz Wróbel",
    "Sam Lee",
    "Ingrid Øvrebø",
];

const TALK_KINDS: [&str; 8] = [
    "talk", "talk", "talk", "workshop", "panel", "session", "break", "talk",
];

/// SplitMix64: from a given seed, the same sequence on every machine (here and in the stable
/// mutation run of `tests/fuzz_regressions.rs`).
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }

    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.below(from.len())]
    }
}

/// `s` as a YAML scalar: plain when YAML reads it back as the same text, else double-quoted.
fn scalar(s: &str) -> String {
    let special = |c: char| "-?:,[]{}#&*!|>'\"%@`~".contains(c) || c.is_ascii_digit();
    let plain = !s.is_empty()
        && !s.starts_with(special)
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.ends_with([':', ' '])
        && !matches!(s, "true" | "false" | "null" | "yes" | "no" | "on" | "off");
    if plain {
        s.to_owned()
    } else {
        format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

/// A time of day in one of the accepted spellings (`9h`, `9h05`, `09:05`, `24:00`).
fn time(minutes: u32, spelling: usize) -> String {
    let (h, m) = (minutes / 60, minutes % 60);
    match (spelling % 3, m) {
        _ if minutes == CLOSES => "24:00".to_owned(),
        (0, 0) => format!("{h}h"),
        (0, _) => format!("{h}h{m:02}"),
        (1, _) => format!("{h}:{m:02}"),
        _ => format!("{h:02}:{m:02}"),
    }
}

/// A duration in one of the accepted spellings (`45m`, `1h30`, `90`).
fn duration(minutes: u32, spelling: usize) -> String {
    match spelling % 3 {
        0 => format!("{minutes}m"),
        1 if minutes >= 60 => format!("{}h{:02}", minutes / 60, minutes % 60),
        _ => minutes.to_string(),
    }
}

fn title(rng: &mut Rng) -> String {
    if rng.below(25) == 0 {
        return rng.pick(&CJK_TITLES).to_owned();
    }
    // Mostly 2–5 words, sometimes a very long title that the views must cut.
    let words = if rng.below(60) == 0 {
        18 + rng.below(8)
    } else {
        2 + rng.below(4)
    };
    let mut t = String::new();
    for n in 0..words {
        if n > 0 {
            t.push(' ');
        }
        let word = rng.pick(&WORDS);
        if n == 0 {
            let mut chars = word.chars();
            t.extend(chars.next().into_iter().flat_map(char::to_uppercase));
            t.push_str(chars.as_str());
        } else {
            t.push_str(word);
        }
    }
    t
}

fn room_name(r: usize) -> String {
    format!("{} {}", ROOMS[r % ROOMS.len()], r / ROOMS.len() + 1)
}

/// A valid programme of the given shape, as YAML text.
///
/// `items`, `rooms` and `days` count as at least 1, and there are at most as many days as items.
/// Panics when a room would get more than 465 slots in one day (slots under two minutes).
pub fn yaml(shape: Shape) -> String {
    let items = shape.items.max(1);
    let rooms = shape.rooms.max(1);
    let days = shape.days.clamp(1, items);
    let mut rng = Rng(0x6465_726f_756c_6521);
    let mut out = String::with_capacity(items * 160 + 4096);
    let _ = writeln!(
        out,
        "# Synthetic programme: {items} items, {rooms} rooms, {days} days (deroule::synthetic).\n\
         title: {}\n\
         subtitle: Un festival imaginaire\n\
         venue: Parc des expositions\n\
         address: 1 place de l’Exemple, 75000 Paris\n\
         time_zone: Europe/Paris",
        scalar(&format!("Festival synthétique — {items} items")),
    );
    out.push_str("rooms:\n");
    for r in 0..rooms {
        if r.is_multiple_of(4) {
            let _ = writeln!(
                out,
                "  - name: {}\n    description: {} places",
                scalar(&room_name(r)),
                50 + 25 * (r % 7)
            );
        } else {
            let _ = writeln!(out, "  - {}", scalar(&room_name(r)));
        }
    }
    out.push_str("tracks:\n");
    for (name, colour) in TRACKS {
        let _ = writeln!(out, "  - name: {}\n    color: \"{colour}\"", scalar(name));
    }
    out.push_str("days:\n");
    let first = NaiveDate::from_ymd_opt(FIRST_DAY.0, FIRST_DAY.1, FIRST_DAY.2).unwrap_or_default();
    let mut number = 0;
    for d in 0..days {
        let count = items / days + usize::from(d < items % days);
        write_day(
            &mut out,
            &mut rng,
            first + Days::new(d as u64),
            d,
            count,
            rooms,
            &mut number,
        );
    }
    out
}

/// One day of `count` items: a plenary keynote, then the rooms filled slot by slot.
fn write_day(
    out: &mut String,
    rng: &mut Rng,
    date: NaiveDate,
    d: usize,
    count: usize,
    rooms: usize,
    number: &mut usize,
) {
    let in_rooms = count - 1;
    let slots = in_rooms.div_ceil(rooms).max(1) as u32;
    let slots_open = OPENS + KEYNOTE;
    let slot = ((CLOSES - slots_open) / slots).min(LONGEST_SLOT);
    assert!(
        slot >= 2,
        "{in_rooms} items in {rooms} rooms is more than 465 slots a room in one day: add rooms or days"
    );
    let day_end = slots_open + slots * slot;
    let _ = writeln!(
        out,
        "- date: {date}\n  label: {}\n  start: {}\n  end: {}\n  items:",
        scalar(&format!("Jour {}", d + 1)),
        time(OPENS, d),
        time(day_end, d + 1),
    );
    for k in 0..count {
        *number += 1;
        let n = *number;
        let _ = writeln!(out, "  - id: s{n}");
        if k == 0 {
            // The plenary keynote: no room, ends when the first slot starts.
            let _ = writeln!(
                out,
                "    start: {}\n    title: {}\n    kind: keynote\n    speakers: {}",
                time(OPENS, n),
                scalar(&format!("Ouverture du jour {}", d + 1)),
                scalar(rng.pick(&SPEAKERS)),
            );
            continue;
        }
        let (room, row) = ((k - 1) % rooms, ((k - 1) / rooms) as u32);
        let start = slots_open + row * slot;
        let _ = writeln!(
            out,
            "    start: {}\n    title: {}\n    room: {}",
            time(start, n),
            scalar(&title(rng)),
            scalar(&room_name(room)),
        );
        let kind = rng.pick(&TALK_KINDS);
        if kind != "session" {
            let _ = writeln!(out, "    kind: {kind}");
        }
        if rng.below(5) < 2 {
            let _ = writeln!(out, "    track: {}", scalar(TRACKS[rng.below(6)].0));
        }
        match rng.below(5) {
            0 | 1 => {}
            2 | 3 => {
                let _ = writeln!(out, "    speakers: {}", scalar(rng.pick(&SPEAKERS)));
            }
            _ => {
                let (a, b) = (rng.pick(&SPEAKERS), rng.pick(&SPEAKERS));
                let _ = writeln!(out, "    speakers: [{}, {}]", scalar(a), scalar(b));
            }
        }
        // Room 0 always runs to the next slot, so the day never has a gap (a warning); other
        // rooms sometimes end five minutes early.
        let length = if room > 0 && slot >= 20 && rng.below(5) == 0 {
            slot - 5
        } else {
            slot
        };
        match rng.below(3) {
            0 if length == slot => {} // derived: the next slot of the room, or the day's end
            1 => {
                let _ = writeln!(out, "    duration: {}", duration(length, n));
            }
            _ => {
                let _ = writeln!(out, "    end: {}", time(start + length, n + 1));
            }
        }
        // Cancelled items leave a hole in their room: never in room 0, which covers the day.
        if n.is_multiple_of(97) && room > 0 {
            out.push_str("    state: cancelled\n");
        } else if n.is_multiple_of(89) {
            out.push_str("    state: moved\n");
        }
        if rng.below(20) == 0 {
            let _ = writeln!(
                out,
                "    description: >-\n      {} {}.\n      {}.",
                title(rng),
                title(rng).to_lowercase(),
                title(rng)
            );
        }
        if rng.below(25) == 0 {
            let _ = writeln!(
                out,
                "    links:\n    - https://example.org/s{n}\n    - url: https://example.org/s{n}/slides.pdf\n      title: Slides"
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::load_str;

    fn item_count(p: &crate::model::Programme) -> usize {
        p.days.iter().map(|d| d.items.len()).sum()
    }

    #[test]
    fn a_thousand_items_load_without_a_diagnostic() {
        let shape = Shape::sized(1_000);
        let text = yaml(shape);
        let loaded = load_str(&text, "synthetic.yaml").expect("a valid programme");
        assert!(loaded.warnings.is_empty(), "{:#?}", loaded.warnings);
        let p = &loaded.programme;
        assert_eq!(item_count(p), 1_000);
        assert_eq!((p.rooms.len(), p.days.len()), (10, 5));
        assert!(p.items().any(|i| i.title.chars().any(|c| c > '\u{3000}')));
        assert!(p.items().any(|i| i.title.contains('é')));
        assert_eq!(text, yaml(shape), "the same text every time");
    }

    /// Writes `synthetic-1k.yaml`, `-10k` and `-100k` into `$DEROULE_SYNTHETIC_DIR`, for timing
    /// `deroule check` and the viewer on files (scripts/bench-check.sh).
    #[test]
    #[ignore = "writes files: run by scripts/bench-check.sh"]
    fn write_files_for_the_scripts() {
        let dir = std::env::var_os("DEROULE_SYNTHETIC_DIR").expect("DEROULE_SYNTHETIC_DIR is set");
        for (items, name) in [(1_000, "1k"), (10_000, "10k"), (100_000, "100k")] {
            let path = std::path::Path::new(&dir).join(format!("synthetic-{name}.yaml"));
            let text = yaml(Shape::sized(items));
            std::fs::write(&path, &text).expect("write a synthetic programme");
            println!("{}: {} bytes", path.display(), text.len());
        }
    }

    #[test]
    fn a_hundred_thousand_items_fit_in_a_file() {
        let text = yaml(Shape::sized(100_000));
        assert!(
            text.len() as u64 <= crate::model::load::MAX_BYTES,
            "{}",
            text.len()
        );
    }

    #[test]
    fn small_and_odd_shapes_are_valid_too() {
        for shape in [
            Shape::new(1, 1, 1),
            Shape::new(2, 1, 1),
            Shape::new(7, 3, 2),
            Shape::new(5, 9, 5),
            Shape::new(3, 2, 8),
            Shape::new(466, 1, 1),
        ] {
            let loaded = load_str(&yaml(shape), "synthetic.yaml")
                .unwrap_or_else(|e| panic!("{shape:?}: {e}"));
            assert!(
                loaded.warnings.is_empty(),
                "{shape:?}: {:#?}",
                loaded.warnings
            );
            assert_eq!(item_count(&loaded.programme), shape.items, "{shape:?}");
        }
    }
}
