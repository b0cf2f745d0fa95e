//! One HTTP GET, the safe way: only `http` and `https`, certificates checked (rustls with the
//! Mozilla roots, no OpenSSL), `HTTPS_PROXY` / `HTTP_PROXY` / `NO_PROXY` honoured, timeouts, a
//! bounded number of redirects, bodies capped at [`MAX_BYTES`] (after gzip is undone), and the
//! stored validators sent for a conditional GET. Every failure is one line naming the URL and
//! what went wrong (DNS, connection, TLS, timeout, HTTP status, size).
//!
//! Blocking: callers run it on a thread of their own, never on the view's.

use std::fmt;
use std::time::Duration;

use serde::{Deserialize, Serialize};

/// The most a response may hold: the same cap as a programme file.
pub const MAX_BYTES: u64 = crate::bounded::MAX_BYTES;
/// The longest silence of an event stream before it is taken as dead: twice the server's
/// keep-alive comment (15 s), and a little more.
pub const STREAM_SILENCE: Duration = Duration::from_secs(40);
/// How many redirects are followed before giving up.
pub const MAX_REDIRECTS: u32 = 5;

/// What a server said about its version of a resource, sent back to ask "changed since?".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// A successful answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fetched {
    /// 304: the stored copy is still current.
    NotModified { max_age: Option<u64> },
    /// 200: a (maybe) new version.
    Body {
        body: Vec<u8>,
        validators: Validators,
        /// `Cache-Control: max-age` in seconds (`no-cache`, `no-store`: 0).
        max_age: Option<u64>,
        /// Whether the server called it HTML (a web page, not a schedule).
        is_html: bool,
    },
}

/// Why a GET gave nothing usable: one line, the URL first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchError {
    pub url: String,
    /// The HTTP status, when the server answered with an error.
    pub status: Option<u16>,
    /// Whether no answer came at all (name, connection, TLS, timeout): the viewer is offline
    /// as far as this server goes.
    pub unreachable: bool,
    pub reason: String,
}

impl fmt::Display for FetchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.url, self.reason)
    }
}

impl std::error::Error for FetchError {}

/// Timeouts of one GET.
#[derive(Debug, Clone, Copy)]
pub struct Timeouts {
    pub connect: Duration,
    /// Between two reads of the answer.
    pub read: Duration,
    /// The whole GET, redirects included.
    pub whole: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            connect: Duration::from_secs(10),
            read: Duration::from_secs(20),
            whole: Duration::from_secs(60),
        }
    }
}

/// Whether `text` is meant as a URL rather than a file name (`scheme://…`).
pub fn looks_like_url(text: &str) -> bool {
    text.split_once("://").is_some_and(|(scheme, _)| {
        !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    })
}

/// Checks that `text` is an `http` or `https` URL with a host; the URL as given.
pub fn parse_url(text: &str) -> Result<String, String> {
    let uri: ureq::http::Uri = text
        .parse()
        .map_err(|e| format!("{text}: not a URL ({e})"))?;
    match uri.scheme_str().map(str::to_ascii_lowercase).as_deref() {
        Some("http" | "https") => {}
        Some(other) => {
            return Err(format!(
                "{text}: `{other}` URLs are not opened: expected http:// or https://"
            ));
        }
        None => return Err(format!("{text}: expected http:// or https://")),
    }
    if uri.host().is_none_or(str::is_empty) {
        return Err(format!("{text}: no host in this URL"));
    }
    Ok(text.to_owned())
}

/// An HTTP client for schedules and live states.
#[derive(Debug, Clone)]
pub struct Fetcher {
    agent: ureq::Agent,
    /// For `/events`: no limit on the whole exchange (a stream lasts), only between reads.
    streams: ureq::Agent,
}

impl Default for Fetcher {
    fn default() -> Self {
        Fetcher::new(Timeouts::default())
    }
}

impl Fetcher {
    pub fn new(timeouts: Timeouts) -> Self {
        let config = ureq::Agent::config_builder()
            .timeout_connect(Some(timeouts.connect))
            .timeout_per_read(Some(timeouts.read))
            .timeout_global(Some(timeouts.whole))
            .max_redirects(MAX_REDIRECTS)
            .http_status_as_error(false)
            .user_agent(concat!("deroule/", env!("CARGO_PKG_VERSION")))
            .build();
        let streams = ureq::Agent::config_builder()
            .timeout_connect(Some(timeouts.connect))
            .timeout_per_read(Some(STREAM_SILENCE))
            .max_redirects(MAX_REDIRECTS)
            .http_status_as_error(false)
            .user_agent(concat!("deroule/", env!("CARGO_PKG_VERSION")))
            .build();
        Fetcher {
            agent: config.into(),
            streams: streams.into(),
        }
    }

    /// Opens a Server-Sent Events stream (`deroule serve`'s `/events`): its lines, as they come.
    /// A server that offers none answers an error with its status (404 on a static host).
    pub fn events(&self, url: &str) -> Result<Box<dyn std::io::BufRead + Send>, FetchError> {
        let fail = |status, unreachable, reason: String| FetchError {
            url: url.to_owned(),
            status,
            unreachable,
            reason,
        };
        parse_url(url).map_err(|e| fail(None, false, e))?;
        let response = self
            .streams
            .get(url)
            .header("Accept", "text/event-stream")
            .call()
            .map_err(|e| {
                let (unreachable, reason) = describe(&e);
                fail(None, unreachable, reason)
            })?;
        let status = response.status().as_u16();
        if !response.status().is_success() {
            return Err(fail(Some(status), false, format!("HTTP {status}")));
        }
        let reader = response.into_body().into_reader();
        Ok(Box::new(std::io::BufReader::new(reader)))
    }

    /// GETs `url`, conditionally when `known` holds validators.
    pub fn get(&self, url: &str, known: &Validators) -> Result<Fetched, FetchError> {
        let fail = |status, unreachable, reason: String| FetchError {
            url: url.to_owned(),
            status,
            unreachable,
            reason,
        };
        parse_url(url).map_err(|e| fail(None, false, e.replacen(&format!("{url}: "), "", 1)))?;
        let mut request = self.agent.get(url);
        if let Some(etag) = &known.etag {
            request = request.header("If-None-Match", etag);
        }
        if let Some(date) = &known.last_modified {
            request = request.header("If-Modified-Since", date);
        }
        let mut response = request.call().map_err(|e| {
            let (unreachable, reason) = describe(&e);
            fail(None, unreachable, reason)
        })?;
        let status = response.status();
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let max_age = header("cache-control").and_then(|c| max_age(&c));
        if status.as_u16() == 304 {
            return Ok(Fetched::NotModified { max_age });
        }
        if !status.is_success() {
            let reason = status.canonical_reason().unwrap_or("");
            return Err(fail(
                Some(status.as_u16()),
                false,
                format!("the server answered HTTP {} {reason}", status.as_u16())
                    .trim_end()
                    .to_owned(),
            ));
        }
        let validators = Validators {
            etag: header("etag"),
            last_modified: header("last-modified"),
        };
        let is_html = header("content-type").is_some_and(|t| t.contains("html"));
        let body = response
            .body_mut()
            .with_config()
            .limit(MAX_BYTES)
            .read_to_vec()
            .map_err(|e| {
                let (unreachable, reason) = describe(&e);
                fail(None, unreachable, reason)
            })?;
        Ok(Fetched::Body {
            body,
            validators,
            max_age,
            is_html,
        })
    }
}

/// `max-age` of a `Cache-Control` header, in seconds; `no-cache` and `no-store` are 0.
pub fn max_age(cache_control: &str) -> Option<u64> {
    let mut found = None;
    for directive in cache_control.split(',').map(str::trim) {
        let lower = directive.to_ascii_lowercase();
        if lower == "no-cache" || lower == "no-store" {
            return Some(0);
        }
        if let Some(value) = lower.strip_prefix("max-age=") {
            found = value.trim_matches('"').parse().ok();
        }
    }
    found
}

/// Whether the failure left the server unreached, and the reason in a few words.
fn describe(error: &ureq::Error) -> (bool, String) {
    use ureq::Error as E;
    match error {
        E::HostNotFound => (true, "cannot find this host (DNS)".into()),
        E::ConnectionFailed => (true, "cannot connect".into()),
        E::Timeout(t) => (true, format!("no answer in time ({t})")),
        E::Io(e) => (true, io_reason(e)),
        E::Tls(e) => (true, format!("TLS failed: {e}")),
        E::Rustls(e) => (true, format!("TLS failed: {e}")),
        E::Pem(e) => (true, format!("TLS failed: {e}")),
        E::BodyExceedsLimit(_) => (
            false,
            format!(
                "the answer is larger than {} MiB: refused",
                MAX_BYTES / (1024 * 1024)
            ),
        ),
        E::TooManyRedirects => (
            false,
            format!("more than {MAX_REDIRECTS} redirects: given up"),
        ),
        E::RedirectFailed => (false, "a redirect could not be followed".into()),
        E::InvalidProxyUrl => (
            true,
            "the proxy in HTTPS_PROXY / HTTP_PROXY is not a valid URL".into(),
        ),
        E::BadUri(e) => (false, format!("not a usable URL ({e})")),
        E::Protocol(e) => (false, format!("the server broke HTTP ({e})")),
        other => (true, other.to_string()),
    }
}

fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::ConnectionRefused => "connection refused (is the server running?)".into(),
        K::ConnectionReset | K::ConnectionAborted | K::UnexpectedEof => {
            "the connection was closed before the answer was complete".into()
        }
        K::TimedOut | K::WouldBlock => "no answer in time".into(),
        // The resolver's failures come as plain I/O errors.
        _ if e.to_string().contains("lookup address") => {
            format!("cannot find this host (DNS: {e})")
        }
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_told_from_file_names() {
        assert!(looks_like_url("https://fosdem.org/2025/schedule/xml"));
        assert!(looks_like_url("HTTP://x"));
        assert!(looks_like_url("ftp://x/y"));
        assert!(!looks_like_url("day.yaml"));
        assert!(!looks_like_url("some dir/a:b"));
        assert!(!looks_like_url("://x"));
    }

    #[test]
    fn only_http_and_https_with_a_host_are_opened() {
        assert!(parse_url("https://example.org/schedule.xml").is_ok());
        assert!(parse_url("http://127.0.0.1:8080/").is_ok());
        let ftp = parse_url("ftp://example.org/x").expect_err("refused");
        assert!(ftp.contains("`ftp` URLs are not opened"), "{ftp}");
        assert!(parse_url("file:///etc/passwd").is_err());
    }

    #[test]
    fn max_age_reads_cache_control() {
        assert_eq!(max_age("public, max-age=60"), Some(60));
        assert_eq!(max_age("max-age=2, stale-while-revalidate=5"), Some(2));
        assert_eq!(max_age("no-cache"), Some(0));
        assert_eq!(max_age("public"), None);
        assert_eq!(max_age("max-age=oops"), None);
    }
}
