//! Optional defaults from a configuration file: `$XDG_CONFIG_HOME/deroule/config.yaml` (or
//! `$DEROULE_CONFIG`). Every setting is also an option of the command line, which wins.
//!
//! ```yaml
//! lang: fr            # en or fr
//! local_time: true    # show your local time beside the event's
//! theme: mono         # colour (default) or mono
//! warn_before: 5m     # the stage view's thresholds
//! danger_before: 1m
//! cache: false       # do not keep validated programmes in the cache folder
//! remind: 5m          # remind of favourites 5 minutes before they start
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::bounded::{self, ReadError};
use crate::i18n::Lang;
use crate::model::spans::{Seg, Spans};
use crate::model::{from_yaml, suggest, timefmt::parse_duration};

/// A configuration is a few lines; anything larger is not one.
pub const MAX_BYTES: u64 = 1024 * 1024;

/// The settings a configuration may give.
pub const FIELDS: [&str; 7] = [
    "lang",
    "local_time",
    "theme",
    "warn_before",
    "danger_before",
    "cache",
    "remind",
];

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    pub lang: Option<Lang>,
    pub local_time: bool,
    pub mono: bool,
    pub warn_before: Option<u32>,
    pub danger_before: Option<u32>,
    /// `cache: false`: programmes are validated from their source every time.
    pub no_cache: bool,
    /// `remind: 5m`: minutes before a favourite starts to remind of it.
    pub remind: Option<u32>,
}

/// Where the configuration file is looked for.
pub fn path(var: impl Fn(&str) -> Option<String>) -> Option<PathBuf> {
    match var("DEROULE_CONFIG").filter(|v| !v.is_empty()) {
        Some(p) => Some(PathBuf::from(p)),
        None => dirs::config_dir().map(|d| d.join("deroule").join("config.yaml")),
    }
}

/// Reads the configuration at `path`: defaults when there is no file. A problem never stops a
/// command (a broken configuration must not fail `deroule check` in CI): each is a warning
/// (`config.yaml:2:1: warning: …; ignored`), located at its key, and the setting keeps its
/// default; the rest of the file still applies.
pub fn load(path: &Path) -> (Config, Vec<String>) {
    let name = path.display().to_string();
    let text = match bounded::read_to_string(path, MAX_BYTES) {
        Ok(t) => t,
        Err(e) if e.is_missing() => return (Config::default(), Vec::new()),
        Err(ReadError::Io(e)) => {
            return (
                Config::default(),
                vec![format!(
                    "{name}: warning: cannot read the configuration: {e}; ignored"
                )],
            );
        }
        Err(e) => {
            return (
                Config::default(),
                vec![format!("{name}: warning: the configuration {e}; ignored")],
            );
        }
    };
    parse(&text, &name)
}

/// The configuration in `text` (from the file `name`) and the warnings about it.
pub fn parse(text: &str, name: &str) -> (Config, Vec<String>) {
    let mut config = Config::default();
    let mut warnings = Vec::new();
    let map: BTreeMap<String, Value> = match from_yaml::<Option<BTreeMap<String, Value>>>(text) {
        Ok(map) => map.unwrap_or_default(),
        Err(d) => {
            warnings.push(format!(
                "{name}:{}:{}: warning: {}; the configuration is ignored",
                d.line, d.column, d.message
            ));
            return (config, warnings);
        }
    };
    let spans = Spans::index(text);
    let mut problems = Vec::new();
    // A mapping read into a map keeps the last of a repeated key without a word: say so.
    for (key, at) in spans.duplicates() {
        problems.push((
            *at,
            format!(
                "`{key}` is given twice in the same mapping: expected each key once; the last \
                 one is used"
            ),
        ));
    }
    for (key, value) in map {
        let at = spans.key(&[Seg::Key(key.clone())]);
        let shown = match &value {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let problem = match key.as_str() {
            "lang" => match value.as_str().and_then(Lang::parse) {
                Some(lang) => {
                    config.lang = Some(lang);
                    None
                }
                None => Some(format!(
                    "`lang: {shown}` is not a language deroule speaks: expected en or fr"
                )),
            },
            "theme" => match value.as_str() {
                Some("colour" | "color") => None,
                Some("mono") => {
                    config.mono = true;
                    None
                }
                _ => Some(format!(
                    "`theme: {shown}` is not a theme: expected colour or mono"
                )),
            },
            "local_time" | "cache" => match value.as_bool() {
                Some(b) => {
                    if key == "cache" {
                        config.no_cache = !b;
                    } else {
                        config.local_time = b;
                    }
                    None
                }
                None => Some(format!("`{key}: {shown}`: expected true or false")),
            },
            "warn_before" | "danger_before" | "remind" => match parse_duration(&shown) {
                Ok(minutes) => {
                    if key == "remind" {
                        config.remind = Some(minutes);
                    } else if key == "warn_before" {
                        config.warn_before = Some(minutes);
                    } else {
                        config.danger_before = Some(minutes);
                    }
                    None
                }
                Err(e) => Some(format!("`{key}`: {e}")),
            },
            other => Some(match suggest(other, FIELDS) {
                Some(s) => format!("unknown setting `{other}`, did you mean `{s}`?"),
                None => format!(
                    "unknown setting `{other}`: expected one of {}",
                    FIELDS.join(", ")
                ),
            }),
        };
        if let Some(problem) = problem {
            problems.push((at, problem));
        }
    }
    problems.sort();
    for (at, problem) in problems {
        let ignored = if problem.ends_with("used") {
            ""
        } else {
            "; ignored"
        };
        warnings.push(format!(
            "{name}:{}:{}: warning: {problem}{ignored}",
            at.line, at.column
        ));
    }
    (config, warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> (Config, Vec<String>) {
        parse(text, "config.yaml")
    }

    #[test]
    fn a_full_configuration_is_read() {
        let (c, warnings) = parse_text(
            "lang: fr\nlocal_time: true\ntheme: mono\nwarn_before: 10m\ndanger_before: 2m\ncache: false\nremind: 5m\n",
        );
        assert_eq!(warnings, Vec::<String>::new());
        assert_eq!(
            c,
            Config {
                lang: Some(Lang::Fr),
                local_time: true,
                mono: true,
                warn_before: Some(10),
                danger_before: Some(2),
                no_cache: true,
                remind: Some(5),
            }
        );
    }

    #[test]
    fn no_file_means_defaults() {
        let dir = tempfile::tempdir().expect("tempdir");
        assert_eq!(
            load(&dir.path().join("absent.yaml")),
            (Config::default(), Vec::new())
        );
        assert_eq!(parse_text("\n# nothing\n"), (Config::default(), Vec::new()));
    }

    #[test]
    fn each_mistake_is_a_warning_at_its_key_and_the_rest_applies() {
        let (c, warnings) = parse_text(
            "theme: mono\nlang: xx\n  # a comment\ncolour: red\nwarn_before: soon\ncache: 3\n",
        );
        assert_eq!(
            c,
            Config {
                mono: true,
                ..Config::default()
            }
        );
        assert_eq!(
            warnings,
            [
                "config.yaml:2:1: warning: `lang: xx` is not a language deroule speaks: expected \
                 en or fr; ignored",
                "config.yaml:4:1: warning: unknown setting `colour`: expected one of lang, \
                 local_time, theme, warn_before, danger_before, cache, remind; ignored",
                "config.yaml:5:1: warning: `warn_before`: `soon` is not a duration; expected a \
                 duration like `45m`, `1h`, `1h30`, `01:30` or a number of minutes such as `90`; \
                 ignored",
                "config.yaml:6:1: warning: `cache: 3`: expected true or false; ignored",
            ]
        );
        let (_, warnings) = parse_text("langue: fr\n");
        assert_eq!(
            warnings,
            ["config.yaml:1:1: warning: unknown setting `langue`, did you mean `lang`?; ignored"]
        );
    }

    #[test]
    fn a_duplicate_key_is_located_at_the_repeat() {
        let (c, warnings) = parse_text("theme: mono\nlang: fr\nlang: en\n");
        assert!(c.mono);
        assert_eq!(
            warnings,
            [
                "config.yaml:3:1: warning: `lang` is given twice in the same mapping: expected \
                 each key once; the last one is used"
            ]
        );
    }

    #[test]
    fn the_environment_can_point_elsewhere() {
        let p = path(|k| (k == "DEROULE_CONFIG").then(|| "/etc/deroule.yaml".to_owned()));
        assert_eq!(p, Some(PathBuf::from("/etc/deroule.yaml")));
    }
}
