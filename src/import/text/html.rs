//! Descriptions as publishers write them: HTML made plain text (tags removed, entities decoded,
//! paragraphs, lists and links kept readable), other text (plain, Markdown) kept with its lines;
//! both tidied the way the loader reads texts back.

use std::fmt::Write;

use quick_xml::escape::resolve_html5_entity;

/// A description: HTML made plain text (tags removed, entities decoded, paragraphs kept as blank
/// lines, links written `text <url>`); other text (plain, Markdown) kept with its line breaks.
pub(in crate::import) fn description(s: &str) -> Option<String> {
    let text = if looks_like_html(s) {
        html_to_text(s)
    } else {
        decode_entities(s)
    };
    tidy(&text)
}

const HTML_TAGS: [&str; 40] = [
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "dd",
    "del",
    "div",
    "dl",
    "dt",
    "em",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "li",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "section",
    "small",
    "span",
    "strong",
    "sub",
    "sup",
    "table",
    "td",
    "tr",
    "u",
    "ul",
];

/// Whether `s` holds at least one known HTML tag (`<p>`, `</a>`, `<br/>`…).
fn looks_like_html(s: &str) -> bool {
    s.match_indices('<').any(|(i, _)| {
        tag_at(&s[i..]).is_some_and(|t| HTML_TAGS.contains(&t.name.as_str()) || t.comment)
    })
}

/// A tag read at the start of `s` (which begins with `<`).
struct Tag {
    name: String,
    closing: bool,
    /// Bytes the tag takes, `<` to `>` included.
    len: usize,
    href: Option<String>,
    alt: Option<String>,
    comment: bool,
}

fn tag_at(s: &str) -> Option<Tag> {
    if let Some(rest) = s.strip_prefix("<!--") {
        let end = rest.find("-->")?;
        return Some(Tag {
            name: String::new(),
            closing: false,
            len: 4 + end + 3,
            href: None,
            alt: None,
            comment: true,
        });
    }
    let body = s.strip_prefix('<')?;
    let (closing, body) = match body.strip_prefix('/') {
        Some(b) => (true, b),
        None => (false, body),
    };
    let name_len = body
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(body.len());
    if name_len == 0 || !body.as_bytes()[0].is_ascii_alphabetic() {
        return None;
    }
    let after = &body[name_len..];
    if !(after.starts_with('>') || after.starts_with('/') || after.starts_with(char::is_whitespace))
    {
        return None;
    }
    let close = after.find('>')?;
    // A `<` before the `>` means this was not a tag (`a <b and c> d` is still read as one).
    if after[..close].contains('<') {
        return None;
    }
    let attrs = &after[..close];
    Some(Tag {
        name: body[..name_len].to_ascii_lowercase(),
        closing,
        len: s.len() - after.len() + close + 1,
        href: attribute(attrs, "href"),
        alt: attribute(attrs, "alt"),
        comment: false,
    })
}

/// The value of attribute `name` in the inside of a tag (`href="…"`, `href='…'`, `href=…`).
fn attribute(attrs: &str, name: &str) -> Option<String> {
    let lower = attrs.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find(name) {
        let at = from + i;
        from = at + name.len();
        let before_ok = at == 0 || lower.as_bytes()[at - 1].is_ascii_whitespace();
        let rest = attrs[from..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let rest = rest[1..].trim_start();
        let value = match rest.chars().next() {
            Some(q @ ('"' | '\'')) => rest[1..].split(q).next().unwrap_or(""),
            _ => rest.split(char::is_whitespace).next().unwrap_or(""),
        };
        return Some(decode_entities(value));
    }
    None
}

fn html_to_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pre = 0usize;
    let mut skip: Option<String> = None;
    let mut links: Vec<(Option<String>, usize)> = Vec::new();
    let mut lists: Vec<Option<u32>> = Vec::new();
    let mut i = 0;
    while i < s.len() {
        let rest = &s[i..];
        if rest.starts_with('<')
            && let Some(tag) = tag_at(rest)
        {
            i += tag.len;
            if let Some(until) = &skip {
                if tag.closing && &tag.name == until {
                    skip = None;
                }
                continue;
            }
            if tag.comment {
                continue;
            }
            match (tag.name.as_str(), tag.closing) {
                ("script" | "style", false) => skip = Some(tag.name),
                ("br", _) | ("tr" | "dt" | "dd", false) => out.push('\n'),
                (
                    "p" | "div" | "section" | "article" | "blockquote" | "figure" | "table"
                    | "header" | "footer" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "hr" | "dl",
                    _,
                ) => {
                    out.push_str("\n\n");
                }
                ("pre", false) => {
                    out.push_str("\n\n");
                    pre += 1;
                }
                ("pre", true) => {
                    out.push_str("\n\n");
                    pre = pre.saturating_sub(1);
                }
                ("ul", false) => {
                    out.push('\n');
                    lists.push(None);
                }
                ("ol", false) => {
                    out.push('\n');
                    lists.push(Some(0));
                }
                ("ul" | "ol", true) => {
                    lists.pop();
                    out.push('\n');
                }
                ("li", false) => {
                    out.push('\n');
                    let depth = lists.len().saturating_sub(1);
                    out.push_str(&"  ".repeat(depth));
                    match lists.last_mut() {
                        Some(Some(n)) => {
                            *n += 1;
                            let _ = write!(out, "{n}. ");
                        }
                        _ => out.push_str("- "),
                    }
                }
                ("td" | "th", false) => out.push(' '),
                ("a", false) => links.push((tag.href, out.len())),
                ("a", true) => {
                    if let Some((Some(href), from)) = links.pop() {
                        let shown = out.get(from..).unwrap_or("").trim().to_owned();
                        let href = href.trim();
                        let worth = !href.is_empty()
                            && !href.starts_with('#')
                            && !href.starts_with("javascript:")
                            && shown != href
                            && shown != href.trim_start_matches("mailto:");
                        if worth {
                            let _ = write!(out, " <{href}>");
                        }
                    }
                }
                ("img", _) => {
                    if let Some(alt) = tag.alt.as_deref().and_then(super::line) {
                        let _ = write!(out, "[{alt}]");
                    }
                }
                _ => {}
            }
            continue;
        }
        // Text up to the next `<` that may start a tag.
        let first = rest.chars().next().map_or(1, char::len_utf8);
        let next = rest[first..].find('<').map_or(rest.len(), |n| n + first);
        if skip.is_none() {
            let chunk = decode_entities(&rest[..next]);
            if pre > 0 {
                out.push_str(&chunk);
            } else {
                push_collapsed(&mut out, &chunk);
            }
        }
        i += next;
    }
    out
}

/// Appends `text` with each run of white space made one space (HTML's rendering of text).
fn push_collapsed(out: &mut String, text: &str) {
    for c in text.chars() {
        if c.is_whitespace() {
            if !out.ends_with([' ', '\n']) && !out.is_empty() {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
}

/// Decodes `&amp;`, `&eacute;`, `&#233;`, `&#xE9;`; anything else is kept as written.
fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest[1..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
            .map(|n| n + 1);
        let decoded = match end {
            Some(end) if rest[end..].starts_with(';') => {
                let name = &rest[1..end];
                entity(name).map(|text| (text, end + 1))
            }
            _ => None,
        };
        match decoded {
            Some((text, len)) => {
                out.push_str(&text);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<String> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code)
            .filter(|c| *c != '\0')
            .map(String::from);
    }
    resolve_html5_entity(name).map(str::to_owned)
}

/// Line breaks normalised, control characters dropped, spaces trimmed at line ends, at most one
/// blank line in a row, no blank lines around.
fn tidy(s: &str) -> Option<String> {
    let mut out = String::with_capacity(s.len());
    let mut blank = 0;
    for raw in s.replace("\r\n", "\n").replace('\r', "\n").split('\n') {
        let clean: String = raw
            .chars()
            .map(|c| if c == '\t' || c == '\u{a0}' { ' ' } else { c })
            .filter(|c| !c.is_control())
            .collect();
        let clean = clean.trim_end();
        if clean.trim().is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        out.push_str(clean);
    }
    // The loader trims texts: an indented first line would not read back the same.
    let out = out.trim_start();
    (!out.is_empty()).then(|| out.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_becomes_paragraphs_and_links() {
        let html = "<p>What was <em>your</em> first&nbsp;language?</p>\n<p>See \
                    <a href=\"https://logo.org\">Logo</a> &amp; <a href=\"https://x.org\">https://x.org</a>.</p>\
                    <ul><li>one</li><li>two</li></ul>";
        assert_eq!(
            description(html).as_deref(),
            Some(
                "What was your first language?\n\nSee Logo <https://logo.org> & https://x.org.\n\n- one\n- two"
            )
        );
    }

    #[test]
    fn plain_text_and_markdown_keep_their_lines() {
        let md = "# Title\r\n\r\n\r\nSome *text* with a < b and 3 > 2.\n  - item  \n";
        assert_eq!(
            description(md).as_deref(),
            Some("# Title\n\nSome *text* with a < b and 3 > 2.\n  - item")
        );
        assert_eq!(
            description("Caf&eacute; &#233;t&#xE9; &bogus; & co").as_deref(),
            Some("Café été &bogus; & co")
        );
        assert_eq!(description("  \n\t "), None);
    }

    #[test]
    fn scripts_comments_and_breaks() {
        let html = "a<br>b<!-- hidden --><script>x < y</script><br/>c";
        assert_eq!(description(html).as_deref(), Some("a\nb\nc"));
    }
}
