//! The page's address: what the reader asked for in the query (`?day=&room=&lang=`), the links
//! that keep it, and the language an `Accept-Language` header prefers. No HTML here.

use chrono::NaiveDate;

use crate::i18n::Lang;

/// What the reader asked for in the address (`?day=2025-02-01&room=Janson&lang=fr`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    pub day: Option<NaiveDate>,
    pub room: Option<String>,
    pub lang: Option<Lang>,
}

impl Query {
    /// Reads a query string (without `?`); unknown or malformed fields are ignored.
    pub fn parse(query: &str) -> Query {
        let mut q = Query::default();
        for (key, value) in form_urlencoded::parse(query.as_bytes()) {
            match &*key {
                "day" => q.day = NaiveDate::parse_from_str(&value, "%Y-%m-%d").ok(),
                "room" if !value.is_empty() => q.room = Some(value.into_owned()),
                "lang" => q.lang = Lang::parse(&value),
                _ => {}
            }
        }
        q
    }
}

/// A link to the page with these fields (`?…`).
pub(super) fn link(day: Option<NaiveDate>, room: Option<&str>, lang: Option<Lang>) -> String {
    let mut out = form_urlencoded::Serializer::new(String::new());
    if let Some(day) = day {
        out.append_pair("day", &day.format("%Y-%m-%d").to_string());
    }
    if let Some(room) = room {
        out.append_pair("room", room);
    }
    if let Some(lang) = lang {
        out.append_pair("lang", lang_tag(lang));
    }
    let query = out.finish();
    if query.is_empty() {
        "./".to_owned()
    } else {
        format!("?{query}")
    }
}

/// The file of the page in `lang` on a static host (`index.fr.html`), beside `index.html`.
pub fn static_file(lang: Lang) -> String {
    format!("index.{}.html", lang_tag(lang))
}

/// The file of one day's page in `lang` on a static host (`day-2025-02-01.fr.html`), for a
/// programme of several days: a static host reads no `?day=`.
pub fn static_day_file(day: NaiveDate, lang: Lang) -> String {
    format!("day-{}.{}.html", day.format("%Y-%m-%d"), lang_tag(lang))
}

pub(super) fn lang_tag(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "en",
        Lang::Fr => "fr",
    }
}

/// The language an `Accept-Language` header prefers among ours (English when it names neither).
pub fn lang_from_accept(header: &str) -> Lang {
    let mut best: Option<(f32, Lang)> = None;
    for part in header.split(',') {
        let mut fields = part.split(';');
        let tag = fields.next().unwrap_or("").trim();
        let quality = fields
            .find_map(|f| f.trim().strip_prefix("q="))
            .and_then(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        let lang = match tag
            .split('-')
            .next()
            .unwrap_or("")
            .to_ascii_lowercase()
            .as_str()
        {
            "fr" => Lang::Fr,
            "en" => Lang::En,
            _ => continue,
        };
        if quality > 0.0 && best.is_none_or(|(q, _)| quality > q) {
            best = Some((quality, lang));
        }
    }
    best.map_or(Lang::En, |(_, lang)| lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_from_the_header_and_the_query() {
        assert_eq!(lang_from_accept("fr-FR,fr;q=0.9,en;q=0.8"), Lang::Fr);
        assert_eq!(lang_from_accept("de-DE, en;q=0.5, fr;q=0.4"), Lang::En);
        assert_eq!(lang_from_accept("fr;q=0, en;q=0.1"), Lang::En);
        assert_eq!(lang_from_accept(""), Lang::En);
        assert_eq!(
            Query::parse("day=2022-07-01&room=Salle%20A&lang=fr&x=1"),
            Query {
                day: NaiveDate::from_ymd_opt(2022, 7, 1),
                room: Some("Salle A".into()),
                lang: Some(Lang::Fr)
            }
        );
    }
}
