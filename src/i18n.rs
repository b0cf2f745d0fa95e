//! English and French: every label is written in both, beside where it is used, with
//! [`Lang::pick`]. The language comes from `--lang`, else `LC_ALL`, `LC_MESSAGES` or `LANG` (only
//! read to choose between the two: no system locale is needed), else English.

use chrono::{Datelike, NaiveDate, Weekday};
use chrono_tz::Tz;

use crate::model::{Kind, State, UnnamedZone};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Lang {
    #[default]
    En,
    Fr,
}

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
const MONTHS_FR_SHORT: [&str; 12] = [
    "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.",
    "déc.",
];

fn weekday_fr(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "lundi",
        Weekday::Tue => "mardi",
        Weekday::Wed => "mercredi",
        Weekday::Thu => "jeudi",
        Weekday::Fri => "vendredi",
        Weekday::Sat => "samedi",
        Weekday::Sun => "dimanche",
    }
}

/// The name of a kind as people read it (the file's own names are `Kind::name`).
pub fn kind_label(kind: Kind, lang: Lang) -> &'static str {
    match kind {
        Kind::Session => lang.pick("session", "session"),
        Kind::Talk => lang.pick("talk", "présentation"),
        Kind::Keynote => lang.pick("keynote", "conférence plénière"),
        Kind::Panel => lang.pick("panel", "table ronde"),
        Kind::Workshop => lang.pick("workshop", "atelier"),
        Kind::Welcome => lang.pick("welcome", "accueil"),
        Kind::Break => lang.pick("break", "pause"),
        Kind::Meal => lang.pick("meal", "repas"),
        Kind::Social => lang.pick("social", "convivialité"),
        Kind::Other => lang.pick("other", "autre"),
    }
}

/// The kinds' markers explained, in the order of [`Kind::ALL`]: `◇ welcome · ● session · …`.
pub fn legend(kinds: &[Kind], lang: Lang) -> String {
    Kind::ALL
        .iter()
        .filter(|k| kinds.contains(k))
        .map(|&k| format!("{} {}", crate::theme::glyph(k), kind_label(k, lang)))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The day of the month as French writes it: `1er`, then `2`, `3`…
fn day_fr(day: u32) -> String {
    if day == 1 {
        "1er".to_owned()
    } else {
        day.to_string()
    }
}

/// `5 sessions`, `1 workshop`, `2 tables rondes`: a number of items of one kind, with the
/// kind's name agreeing (French keeps 0 and 1 singular).
pub fn kind_count(kind: Kind, n: usize, lang: Lang) -> String {
    let (one, many) = match (lang, kind) {
        (_, Kind::Session) => ("session", "sessions"),
        (Lang::En, Kind::Talk) => ("talk", "talks"),
        (Lang::En, Kind::Keynote) => ("keynote", "keynotes"),
        (Lang::En, Kind::Panel) => ("panel", "panels"),
        (Lang::En, Kind::Workshop) => ("workshop", "workshops"),
        (Lang::En, Kind::Welcome) => ("welcome", "welcomes"),
        (Lang::En, Kind::Break) => ("break", "breaks"),
        (Lang::En, Kind::Meal) => ("meal", "meals"),
        (Lang::En, Kind::Social) => ("social", "socials"),
        (Lang::En, Kind::Other) => ("other", "others"),
        (Lang::Fr, Kind::Talk) => ("présentation", "présentations"),
        (Lang::Fr, Kind::Keynote) => ("conférence plénière", "conférences plénières"),
        (Lang::Fr, Kind::Panel) => ("table ronde", "tables rondes"),
        (Lang::Fr, Kind::Workshop) => ("atelier", "ateliers"),
        (Lang::Fr, Kind::Welcome) => ("accueil", "accueils"),
        (Lang::Fr, Kind::Break) => ("pause", "pauses"),
        (Lang::Fr, Kind::Meal) => ("repas", "repas"),
        (Lang::Fr, Kind::Social) => ("convivialité", "convivialités"),
        (Lang::Fr, Kind::Other) => ("autre", "autres"),
    };
    let singular = match lang {
        Lang::En => n == 1,
        Lang::Fr => n <= 1,
    };
    format!("{n} {}", if singular { one } else { many })
}

/// The name of a state as people read it.
pub fn state_label(state: State, lang: Lang) -> &'static str {
    match state {
        State::Confirmed => lang.pick("confirmed", "confirmé"),
        State::Cancelled => lang.pick("cancelled", "annulé"),
        State::Moved => lang.pick("moved", "déplacé"),
        State::Skipped => lang.pick("skipped", "sauté"),
    }
}

/// What the header says of a programme whose file names no venue zone:
/// `times in UTC — the file names no venue zone (--time-zone)`.
pub fn unnamed_zone(unnamed: &UnnamedZone, tz: Tz, lang: Lang) -> String {
    let [said, _, _] = unnamed_zone_forms(unnamed, tz, lang);
    said
}

/// [`unnamed_zone`] and two shorter forms for narrower screens, longest first; each keeps the
/// zone the times are in and the suggested `--time-zone`, which matter most.
pub fn unnamed_zone_forms(unnamed: &UnnamedZone, tz: Tz, lang: Lang) -> [String; 3] {
    let option = match unnamed.suggestion {
        Some(z) => format!("--time-zone {}?", z.name()),
        None => "--time-zone".to_owned(),
    };
    let zone = zone_label(tz);
    let utc = zone == "UTC";
    match lang {
        Lang::En => [
            if utc {
                format!("times in UTC — the file names no venue zone ({option})")
            } else {
                format!("times in {zone}, guessed — the file names no venue zone ({option})")
            },
            if utc {
                format!("times in UTC — no venue zone ({option})")
            } else {
                format!("times in {zone}, guessed ({option})")
            },
            if utc {
                format!("UTC · {option}")
            } else {
                format!("{zone}? · {option}")
            },
        ],
        Lang::Fr => [
            if utc {
                format!("heures en UTC — le fichier ne nomme pas le fuseau du lieu ({option})")
            } else {
                format!(
                    "heures en {zone}, devinées — le fichier ne nomme pas le fuseau du lieu \
                     ({option})"
                )
            },
            if utc {
                format!("heures en UTC — fuseau du lieu non nommé ({option})")
            } else {
                format!("heures en {zone}, devinées ({option})")
            },
            if utc {
                format!("UTC · {option}")
            } else {
                format!("{zone} ? · {option}")
            },
        ],
    }
}

/// A zone's name as people read it: the IANA name (`Europe/Brussels`), except the fixed-offset
/// `Etc/` zones, written as their offset from UTC. Their POSIX names read backwards: `Etc/GMT-1`
/// is one hour *ahead* of UTC, shown `UTC+01:00`; `Etc/UTC` and `Etc/GMT` are `UTC`. For every
/// display of the event's zone (summaries, headers); machine outputs (JSON) keep the IANA name.
pub fn zone_label(tz: Tz) -> String {
    let name = tz.name();
    let Some(rest) = name.strip_prefix("Etc/") else {
        return name.to_owned();
    };
    if matches!(
        rest,
        "UTC" | "UCT" | "GMT" | "GMT0" | "GMT+0" | "GMT-0" | "Greenwich" | "Universal" | "Zulu"
    ) {
        return "UTC".to_owned();
    }
    let Some(offset) = rest.strip_prefix("GMT") else {
        return name.to_owned();
    };
    let (sign, hours) = match (offset.strip_prefix('-'), offset.strip_prefix('+')) {
        (Some(h), _) => ('+', h),
        (_, Some(h)) => ('-', h),
        _ => return name.to_owned(),
    };
    match hours.parse::<u8>() {
        Ok(h) => format!("UTC{sign}{h:02}:00"),
        Err(_) => name.to_owned(),
    }
}

impl Lang {
    /// `fr`, `fr_FR.UTF-8`, `fr-CA`… are French; `en…`, `C`, `POSIX` are English.
    pub fn parse(tag: &str) -> Option<Lang> {
        let lower = tag.trim().to_ascii_lowercase();
        let base = lower.split(['_', '-', '.', '@']).next().unwrap_or("");
        match base {
            "fr" => Some(Lang::Fr),
            "en" | "c" | "posix" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language the environment asks for, by the POSIX precedence; `var` reads a variable.
    pub fn from_env(var: impl Fn(&str) -> Option<String>) -> Lang {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|name| var(name).filter(|v| !v.is_empty()))
            .find_map(|v| Lang::parse(&v))
            .unwrap_or_default()
    }

    pub fn pick<'a>(self, en: &'a str, fr: &'a str) -> &'a str {
        match self {
            Lang::En => en,
            Lang::Fr => fr,
        }
    }

    /// `Friday 1 July 2022` / `vendredi 1er juillet 2022`.
    pub fn date_long(self, date: NaiveDate) -> String {
        let m = date.month0() as usize;
        match self {
            Lang::En => format!(
                "{} {} {} {}",
                date.format("%A"),
                date.day(),
                MONTHS_EN[m],
                date.year()
            ),
            Lang::Fr => format!(
                "{} {} {} {}",
                weekday_fr(date.weekday()),
                day_fr(date.day()),
                MONTHS_FR[m],
                date.year()
            ),
        }
    }

    /// `Fri 1 Jul` / `ven. 1er juil.`.
    pub fn date_short(self, date: NaiveDate) -> String {
        let m = date.month0() as usize;
        match self {
            Lang::En => date.format("%a %-d %b").to_string(),
            Lang::Fr => {
                let day = &weekday_fr(date.weekday())[..3];
                format!("{day}. {} {}", day_fr(date.day()), MONTHS_FR_SHORT[m])
            }
        }
    }

    /// `Fri 1 Feb 2025` / `sam. 1er févr. 2025`.
    pub fn date_short_year(self, date: NaiveDate) -> String {
        format!("{} {}", self.date_short(date), date.year())
    }

    /// `Sat` / `sam.`.
    pub fn weekday_short(self, date: NaiveDate) -> String {
        match self {
            Lang::En => date.format("%a").to_string(),
            Lang::Fr => format!("{}.", &weekday_fr(date.weekday())[..3]),
        }
    }

    /// `Friday 1 July` / `vendredi 1er juillet`.
    pub fn date_no_year(self, date: NaiveDate) -> String {
        let m = date.month0() as usize;
        match self {
            Lang::En => format!("{} {} {}", date.format("%A"), date.day(), MONTHS_EN[m]),
            Lang::Fr => format!(
                "{} {} {}",
                weekday_fr(date.weekday()),
                day_fr(date.day()),
                MONTHS_FR[m]
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_says_the_file_names_no_zone() {
        let unnamed = UnnamedZone { suggestion: None };
        assert_eq!(
            unnamed_zone(&unnamed, Tz::UTC, Lang::En),
            "times in UTC — the file names no venue zone (--time-zone)"
        );
        let rome = UnnamedZone {
            suggestion: Some(chrono_tz::Europe::Rome),
        };
        assert_eq!(
            unnamed_zone(&rome, Tz::UTC, Lang::Fr),
            "heures en UTC — le fichier ne nomme pas le fuseau du lieu (--time-zone Europe/Rome?)"
        );
    }

    #[test]
    fn the_legend_explains_the_markers_in_use() {
        let kinds = [Kind::Meal, Kind::Session, Kind::Welcome];
        assert_eq!(
            super::legend(&kinds, Lang::En),
            "● session · ◇ welcome · ≡ meal"
        );
        assert_eq!(super::legend(&[Kind::Break], Lang::Fr), "○ pause");
    }

    use rstest::rstest;

    #[rstest]
    #[case::french_utf8("fr_FR.UTF-8", Some(Lang::Fr))]
    #[case::canadian_french("fr-CA", Some(Lang::Fr))]
    #[case::bare_fr("fr", Some(Lang::Fr))]
    #[case::english("en_GB.UTF-8", Some(Lang::En))]
    #[case::c_locale("C.UTF-8", Some(Lang::En))]
    #[case::german("de_DE.UTF-8", None)]
    fn language_tags(#[case] tag: &str, #[case] lang: Option<Lang>) {
        assert_eq!(Lang::parse(tag), lang);
    }

    #[rstest]
    #[case::ahead_of_utc_reads_plus(chrono_tz::Etc::GMTMinus1, "UTC+01:00")]
    #[case::behind_utc_reads_minus(chrono_tz::Etc::GMTPlus5, "UTC-05:00")]
    #[case::fourteen_hours_ahead(chrono_tz::Etc::GMTMinus14, "UTC+14:00")]
    #[case::utc(chrono_tz::Etc::UTC, "UTC")]
    #[case::gmt(chrono_tz::Etc::GMT, "UTC")]
    #[case::named_zones_are_kept(chrono_tz::Europe::Brussels, "Europe/Brussels")]
    #[case::plain_utc_is_kept(chrono_tz::UTC, "UTC")]
    fn fixed_offset_zones_read_as_their_offset(#[case] tz: Tz, #[case] label: &str) {
        assert_eq!(zone_label(tz), label);
    }

    #[test]
    fn kind_counts_agree_with_their_number() {
        assert_eq!(kind_count(Kind::Session, 5, Lang::En), "5 sessions");
        assert_eq!(kind_count(Kind::Workshop, 1, Lang::En), "1 workshop");
        assert_eq!(kind_count(Kind::Panel, 2, Lang::Fr), "2 tables rondes");
        assert_eq!(kind_count(Kind::Meal, 3, Lang::Fr), "3 repas");
        assert_eq!(kind_count(Kind::Talk, 0, Lang::Fr), "0 présentation");
    }

    #[test]
    fn lc_all_wins_over_lang_and_unknown_ones_are_skipped() {
        let env = crate::fake_env;
        assert_eq!(Lang::from_env(env(&[("LANG", "fr_FR.UTF-8")])), Lang::Fr);
        assert_eq!(
            Lang::from_env(env(&[("LC_ALL", "en_US.UTF-8"), ("LANG", "fr_FR.UTF-8")])),
            Lang::En
        );
        assert_eq!(
            Lang::from_env(env(&[("LC_ALL", "de_DE"), ("LANG", "fr_FR")])),
            Lang::Fr
        );
        assert_eq!(Lang::from_env(env(&[])), Lang::En);
    }

    #[test]
    fn dates_read_as_each_language_writes_them() {
        let day = NaiveDate::from_ymd_opt(2022, 7, 1).expect("valid");
        assert_eq!(Lang::En.date_long(day), "Friday 1 July 2022");
        assert_eq!(Lang::Fr.date_long(day), "vendredi 1er juillet 2022");
        assert_eq!(Lang::Fr.date_short(day), "ven. 1er juil.");
        assert_eq!(Lang::En.date_short(day), "Fri 1 Jul");
        let feb = NaiveDate::from_ymd_opt(2025, 2, 1).expect("valid");
        assert_eq!(Lang::Fr.date_long(feb), "samedi 1er février 2025");
        assert_eq!(Lang::Fr.date_short_year(feb), "sam. 1er févr. 2025");
        assert_eq!(Lang::En.date_short_year(feb), "Sat 1 Feb 2025");
        assert_eq!(Lang::Fr.weekday_short(feb), "sam.");
        assert_eq!(Lang::En.weekday_short(feb), "Sat");
    }
}
