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
//! ```

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::i18n::Lang;
use crate::model::{from_yaml, timefmt::parse_duration};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    pub lang: Option<Lang>,
    pub local_time: bool,
    pub mono: bool,
    pub warn_before: Option<u32>,
    pub danger_before: Option<u32>,
    /// `cache: false`: programmes are validated from their source every time.
    pub no_cache: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Wire {
    lang: Option<String>,
    local_time: Option<bool>,
    theme: Option<String>,
    warn_before: Option<String>,
    danger_before: Option<String>,
    cache: Option<bool>,
}

/// Where the configuration file is looked for.
pub fn path(var: impl Fn(&str) -> Option<String>) -> Option<PathBuf> {
    match var("DEROULE_CONFIG").filter(|v| !v.is_empty()) {
        Some(p) => Some(PathBuf::from(p)),
        None => dirs::config_dir().map(|d| d.join("deroule").join("config.yaml")),
    }
}

/// Reads the configuration at `path`: defaults when there is no file, a located message when it
/// is wrong.
pub fn load(path: &Path) -> Result<Config, String> {
    let name = path.display();
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
        Err(e) => return Err(format!("{name}: cannot read the configuration: {e}")),
    };
    if text.trim().is_empty() {
        return Ok(Config::default());
    }
    let wire: Wire = from_yaml(&text)
        .map_err(|d| format!("{name}:{}:{}: error: {}", d.line, d.column, d.message))?;
    let lang = match wire.lang.as_deref() {
        None => None,
        Some(l) => Some(Lang::parse(l).ok_or_else(|| {
            format!(
                "{name}: error: `lang: {l}` is not a language deroule speaks: expected en or fr"
            )
        })?),
    };
    let mono = match wire.theme.as_deref() {
        None | Some("colour" | "color") => false,
        Some("mono") => true,
        Some(other) => {
            return Err(format!(
                "{name}: error: `theme: {other}` is not a theme: expected colour or mono"
            ));
        }
    };
    let minutes = |field: &str, v: Option<String>| -> Result<Option<u32>, String> {
        v.map(|v| parse_duration(&v).map_err(|e| format!("{name}: error: `{field}`: {e}")))
            .transpose()
    };
    Ok(Config {
        lang,
        local_time: wire.local_time.unwrap_or(false),
        mono,
        warn_before: minutes("warn_before", wire.warn_before)?,
        danger_before: minutes("danger_before", wire.danger_before)?,
        no_cache: wire.cache == Some(false),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_text(text: &str) -> Result<Config, String> {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("config.yaml");
        std::fs::write(&path, text).expect("write");
        load(&path)
    }

    #[test]
    fn a_full_configuration_is_read() {
        let c = load_text(
            "lang: fr\nlocal_time: true\ntheme: mono\nwarn_before: 10m\ndanger_before: 2m\ncache: false\n",
        )
        .expect("valid");
        assert_eq!(
            c,
            Config {
                lang: Some(Lang::Fr),
                local_time: true,
                mono: true,
                warn_before: Some(10),
                danger_before: Some(2),
                no_cache: true,
            }
        );
    }

    #[test]
    fn no_file_means_defaults_and_mistakes_are_named() {
        let dir = tempfile::tempdir().expect("tempdir");
        assert_eq!(load(&dir.path().join("absent.yaml")), Ok(Config::default()));
        let err = load_text("lang: de\n").expect_err("refused");
        assert!(err.contains("expected en or fr"), "{err}");
        let err = load_text("colour: red\n").expect_err("refused");
        assert!(
            err.contains(":1:1: error:") && err.contains("unknown field `colour`"),
            "{err}"
        );
        let err = load_text("warn_before: soon\n").expect_err("refused");
        assert!(err.contains("`warn_before`"), "{err}");
    }

    #[test]
    fn the_environment_can_point_elsewhere() {
        let p = path(|k| (k == "DEROULE_CONFIG").then(|| "/etc/deroule.yaml".to_owned()));
        assert_eq!(p, Some(PathBuf::from("/etc/deroule.yaml")));
    }
}
