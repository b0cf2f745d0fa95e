//! The routes: one response per request, from the current snapshot.
//!
//! Only `GET` and `HEAD` of the seven paths below answer; any other path is 404 and any other
//! method 405, so nothing but what a [`Snapshot`] holds is ever readable and nothing can be
//! written. No route touches the file system: the watcher reads the two files, the routes read
//! its snapshots.
//!
//! | path | what | `Cache-Control` |
//! |---|---|---|
//! | `/` | the attendee page (`page::Page`), in the reader's language | `max-age=2` |
//! | `/programme.yaml` | the programme as deroule YAML | `max-age=60` |
//! | `/live.yaml` | the live record | `max-age=2` |
//! | `/events` | Server-Sent Events: one `change` event each time either file changes | `no-cache` |
//! | `/page.js`, `/page.css` | the page's script and style sheet | `max-age=300` |

use std::convert::Infallible;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use flate2::Compression;
use http_body_util::combinators::UnsyncBoxBody;
use http_body_util::{BodyExt as _, Full, StreamBody};
use hyper::body::Frame;
use hyper::header::{self, HeaderMap, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use tokio::sync::watch;
use tokio_stream::StreamExt as _;
use tokio_stream::wrappers::{IntervalStream, WatchStream};

use super::content::{self, Resource, Snapshot};
use crate::clock::Clock;
use crate::i18n::Lang;
use crate::page::{self, Pace, Query};

pub type Body = UnsyncBoxBody<Bytes, Infallible>;

/// How often an idle `/events` stream says it is still there (proxies close silent streams).
pub const KEEP_ALIVE: Duration = Duration::from_secs(15);
/// How long a browser waits before reconnecting to `/events` (the SSE `retry:` field).
pub const RETRY_MILLIS: u32 = 3000;

/// What every request reads: the latest snapshot and how to tell the time.
pub struct Shared {
    pub snapshot: watch::Receiver<Arc<Snapshot>>,
    pub clock: Arc<dyn Clock + Send + Sync>,
    pub pace: Pace,
    /// The language of the page when the reader's `Accept-Language` names neither of ours.
    pub lang: Lang,
    pub script: Resource,
    pub style: Resource,
    /// Open `/events` streams, and how many may be.
    pub subscribers: AtomicUsize,
    pub max_subscribers: usize,
}

/// The response to `request`.
pub fn respond<B>(request: &Request<B>, shared: &Arc<Shared>) -> Response<Body> {
    let mut response = route(request, shared);
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(page::CONTENT_SECURITY_POLICY),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    response
}

fn route<B>(request: &Request<B>, shared: &Arc<Shared>) -> Response<Body> {
    if request.method() != Method::GET && request.method() != Method::HEAD {
        let mut response = plain(StatusCode::METHOD_NOT_ALLOWED, "read only: GET or HEAD\n");
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    let headers = request.headers();
    match request.uri().path() {
        "/" => {
            let snapshot = Arc::clone(&shared.snapshot.borrow());
            let query = Query::parse(request.uri().query().unwrap_or(""));
            let lang = headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .map_or(shared.lang, page::lang_from_accept);
            let now = content::whole_second(shared.clock.now());
            let version = snapshot.event_id();
            let host = page::Host::Server { version: &version };
            let html = snapshot.page(now, shared.pace, &query, lang, host);
            page_response(headers, html)
        }
        "/programme.yaml" => resource(headers, &shared.snapshot.borrow().programme),
        "/live.yaml" => resource(headers, &shared.snapshot.borrow().live),
        "/page.js" => resource(headers, &shared.script),
        "/page.css" => resource(headers, &shared.style),
        "/events" => events(headers, request.uri().query(), shared),
        _ => plain(StatusCode::NOT_FOUND, "not found\n"),
    }
}

fn full(bytes: impl Into<Bytes>) -> Body {
    Full::new(bytes.into()).boxed_unsync()
}

fn plain(status: StatusCode, text: &'static str) -> Response<Body> {
    let mut response = Response::new(full(text));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn insert(headers: &mut HeaderMap, name: header::HeaderName, value: &str) {
    if let Ok(value) = HeaderValue::from_str(value) {
        headers.insert(name, value);
    }
}

/// Whether the client takes gzip (`Accept-Encoding: gzip`, not with `q=0`).
pub fn accepts_gzip(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|part| {
            let mut fields = part.split(';');
            let coding = fields.next().unwrap_or("").trim();
            let refused = fields.any(|f| {
                f.trim()
                    .strip_prefix("q=")
                    .and_then(|q| q.trim().parse::<f32>().ok())
                    == Some(0.0)
            });
            (coding.eq_ignore_ascii_case("gzip") || coding == "*") && !refused
        })
}

/// Whether the client's copy is still good: `If-None-Match` names one of `tags` (weak
/// comparison, as RFC 9110 asks for it), or, without it, nothing changed since
/// `If-Modified-Since`.
pub fn is_fresh(headers: &HeaderMap, tags: &[&str], modified: Option<SystemTime>) -> bool {
    if let Some(none_match) = headers.get(header::IF_NONE_MATCH) {
        let Ok(none_match) = none_match.to_str() else {
            return false;
        };
        return none_match
            .split(',')
            .map(str::trim)
            .any(|tag| tag == "*" || tags.iter().any(|t| *t == tag.trim_start_matches("W/")));
    }
    let since = headers
        .get(header::IF_MODIFIED_SINCE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| httpdate::parse_http_date(v).ok());
    match (since, modified) {
        // The header's resolution is the second.
        (Some(since), Some(modified)) => {
            SystemTime::from(httpdate::HttpDate::from(modified)) <= since
        }
        _ => false,
    }
}

fn resource(headers: &HeaderMap, r: &Resource) -> Response<Body> {
    let gzip = accepts_gzip(headers);
    let gzip_etag = r.gzip_etag();
    let (body, etag) = if gzip {
        (r.gzip.clone(), gzip_etag.as_str())
    } else {
        (r.body.clone(), r.etag.as_str())
    };
    let fresh = is_fresh(headers, &[&r.etag, &gzip_etag], Some(r.modified));
    let mut response = Response::new(if fresh {
        full(Bytes::new())
    } else {
        full(body)
    });
    let out = response.headers_mut();
    insert(out, header::ETAG, etag);
    insert(
        out,
        header::LAST_MODIFIED,
        &httpdate::fmt_http_date(r.modified),
    );
    insert(out, header::CACHE_CONTROL, &r.cache_control);
    out.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    if fresh {
        *response.status_mut() = StatusCode::NOT_MODIFIED;
        return response;
    }
    out.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(r.content_type),
    );
    if gzip {
        out.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
    }
    response
}

/// The page has no `Last-Modified`: it depends on the clock as much as on the files, so only its
/// `ETag` (the hash of the bytes) says whether a copy is still the same.
fn page_response(headers: &HeaderMap, html: String) -> Response<Body> {
    let etag = content::etag(html.as_bytes());
    let gzip_etag = content::gzip_tag(&etag);
    let gzip = accepts_gzip(headers);
    let fresh = is_fresh(headers, &[&etag, &gzip_etag], None);
    let body = if fresh {
        Bytes::new()
    } else if gzip {
        content::gzip(html.as_bytes(), Compression::fast())
    } else {
        Bytes::from(html)
    };
    let mut response = Response::new(full(body));
    let out = response.headers_mut();
    insert(out, header::ETAG, if gzip { &gzip_etag } else { &etag });
    insert(
        out,
        header::CACHE_CONTROL,
        &format!("public, max-age={}", content::max_age::LIVE),
    );
    out.insert(
        header::VARY,
        HeaderValue::from_static("Accept-Encoding, Accept-Language"),
    );
    if fresh {
        *response.status_mut() = StatusCode::NOT_MODIFIED;
        return response;
    }
    out.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    if gzip {
        out.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
    }
    response
}

fn change_event(snapshot: &Snapshot) -> Bytes {
    let id = snapshot.event_id();
    let (programme, live) = id.split_once('-').unwrap_or((&id, ""));
    Bytes::from(format!(
        "event: change\nid: {id}\ndata: {{\"programme\":\"{programme}\",\"live\":\"{live}\"}}\n\n"
    ))
}

/// Counts an open `/events` stream until it is dropped.
struct Subscriber(Arc<Shared>);

impl Drop for Subscriber {
    fn drop(&mut self) {
        self.0.subscribers.fetch_sub(1, Ordering::Relaxed);
    }
}

/// The version of the files a client last heard of: the `Last-Event-ID` its browser sends when
/// reconnecting, else the page's own (`/events?since=…`, from the page's `data-version`): a
/// page that subscribes after a change it does not show (a slow connection, a cached page)
/// hears of it at once.
fn heard(headers: &HeaderMap, query: Option<&str>) -> Option<String> {
    headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .or_else(|| {
            form_urlencoded::parse(query.unwrap_or("").as_bytes())
                .find(|(key, _)| key == "since")
                .map(|(_, v)| v.into_owned())
        })
}

fn events(headers: &HeaderMap, query: Option<&str>, shared: &Arc<Shared>) -> Response<Body> {
    if shared.subscribers.fetch_add(1, Ordering::Relaxed) >= shared.max_subscribers {
        shared.subscribers.fetch_sub(1, Ordering::Relaxed);
        let mut response = plain(StatusCode::SERVICE_UNAVAILABLE, "too many listeners\n");
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("10"));
        return response;
    }
    let subscriber = Subscriber(Arc::clone(shared));
    let mut rx = shared.snapshot.clone();
    // Seen here, so the stream carries only what changes from now on: a clone alone would count
    // every change since the server started as new, and tell each subscriber of it at once.
    let current = Arc::clone(&rx.borrow_and_update());
    let mut first = format!("retry: {RETRY_MILLIS}\n\n").into_bytes();
    // What the client missed is said at once: a version it names that is not the current one
    // (a browser coming back, a page made before a change), or, when it names none (a terminal
    // viewer's listener), the current one, to be safe: it asks again, conditionally.
    let missed = heard(headers, query).is_none_or(|id| id != current.event_id());
    if missed {
        first.extend_from_slice(&change_event(&current));
    }
    let changes = WatchStream::from_changes(rx).map(|s| change_event(&s));
    let start = tokio::time::Instant::now() + KEEP_ALIVE;
    let keep_alive = IntervalStream::new(tokio::time::interval_at(start, KEEP_ALIVE))
        .map(|_| Bytes::from_static(b": keep-alive\n\n"));
    let stream = tokio_stream::once(Bytes::from(first))
        .chain(changes.merge(keep_alive))
        .map(move |bytes| {
            let _counted = &subscriber;
            Ok::<_, Infallible>(Frame::data(bytes))
        });
    let mut response = Response::new(StreamBody::new(stream).boxed_unsync());
    let out = response.headers_mut();
    out.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/event-stream"),
    );
    out.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    // nginx would otherwise hold the events back in its buffer.
    out.insert("x-accel-buffering", HeaderValue::from_static("no"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::FixedClock;

    fn shared(max_subscribers: usize) -> (Arc<Shared>, watch::Sender<Arc<Snapshot>>) {
        let p = crate::bundled_programme();
        let snapshot = Snapshot::new(
            p,
            crate::live::state::State::Planned,
            SystemTime::UNIX_EPOCH,
            SystemTime::UNIX_EPOCH,
        );
        let (tx, rx) = watch::channel(Arc::new(snapshot));
        let (script, style) = content::assets(SystemTime::UNIX_EPOCH);
        let shared = Shared {
            snapshot: rx,
            clock: Arc::new(FixedClock(chrono::DateTime::UNIX_EPOCH)),
            pace: Pace::Frozen,
            lang: Lang::En,
            script,
            style,
            subscribers: AtomicUsize::new(0),
            max_subscribers,
        };
        (Arc::new(shared), tx)
    }

    fn get(path: &str, headers: &[(&'static str, &str)]) -> Request<()> {
        let mut request = Request::builder().uri(path);
        for (k, v) in headers {
            request = request.header(*k, *v);
        }
        request.body(()).expect("a request")
    }

    async fn first_frame(response: Response<Body>) -> String {
        let frame = response
            .into_body()
            .frame()
            .await
            .expect("a frame")
            .expect("infallible");
        String::from_utf8(frame.into_data().expect("data").to_vec()).expect("utf-8")
    }

    #[test]
    fn listeners_are_bounded_and_a_late_one_hears_what_it_missed() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .expect("runtime");
        runtime.block_on(async {
            let (shared, _tx) = shared(1);
            let first = respond(&get("/events", &[]), &shared);
            assert_eq!(first.status(), StatusCode::OK);
            let second = respond(&get("/events", &[]), &shared);
            assert_eq!(second.status(), StatusCode::SERVICE_UNAVAILABLE);
            assert_eq!(
                second.headers().get(header::RETRY_AFTER).expect("retry"),
                "10"
            );
            // A closed stream frees its place.
            drop(first);
            assert_eq!(shared.subscribers.load(Ordering::Relaxed), 0);
            let current = shared.snapshot.borrow().event_id();
            let up_to_date = respond(&get("/events", &[("last-event-id", &current)]), &shared);
            assert_eq!(up_to_date.status(), StatusCode::OK);
            let said = first_frame(up_to_date).await;
            assert_eq!(said, "retry: 3000\n\n");
            let behind = respond(&get("/events", &[("last-event-id", "old-old")]), &shared);
            let said = first_frame(behind).await;
            assert!(
                said.starts_with("retry: 3000\n\nevent: change\nid: "),
                "{said}"
            );
            assert!(said.contains(&current), "{said}");
        });
    }

    /// A page made before a change whose script subscribes after it (a slow phone, a loaded
    /// machine, a page from the cache, a server restarted in between) names the version it
    /// shows, and hears of the change at once; a subscriber naming the current version hears
    /// nothing, then or after; one naming none is told the current version.
    #[test]
    fn a_page_that_subscribes_after_a_change_hears_of_it() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .expect("runtime");
        runtime.block_on(async {
            let (shared, tx) = shared(8);
            let page = respond(&get("/", &[]), &shared);
            let body = page.into_body().collect().await.expect("body").to_bytes();
            let html = String::from_utf8(body.to_vec()).expect("utf-8");
            let version = html
                .split("data-version=\"")
                .nth(1)
                .and_then(|rest| rest.split('"').next())
                .expect("the page names its version")
                .to_owned();
            assert_eq!(version, shared.snapshot.borrow().event_id());
            // Before any change, a subscriber with the page's version hears nothing.
            let since = format!("/events?since={version}");
            let said = first_frame(respond(&get(&since, &[]), &shared)).await;
            assert_eq!(said, "retry: 3000\n\n");
            // The facilitator's record arrives before the script subscribes.
            let p = crate::bundled_programme();
            let record = crate::live::Record::new(&p, crate::bundled_at(9, 0));
            let changed = Snapshot::new(
                p,
                crate::live::state::State::One(record),
                SystemTime::UNIX_EPOCH,
                SystemTime::UNIX_EPOCH,
            );
            tx.send(Arc::new(changed)).expect("sent");
            let current = shared.snapshot.borrow().event_id();
            assert_ne!(current, version);
            let said = first_frame(respond(&get(&since, &[]), &shared)).await;
            assert_eq!(said.matches("event: change\nid: ").count(), 1, "{said}");
            assert!(said.contains(&current), "{said}");
            // One that names the current version hears nothing, then or after: a change made
            // before it subscribed is not said again.
            let up_to_date = respond(&get(&format!("/events?since={current}"), &[]), &shared);
            let mut body = up_to_date.into_body();
            let said = body.frame().await.expect("a frame").expect("infallible");
            assert_eq!(&said.into_data().expect("data")[..], b"retry: 3000\n\n");
            let mut next = std::pin::pin!(body.frame());
            let mut context = std::task::Context::from_waker(std::task::Waker::noop());
            assert!(
                std::future::Future::poll(next.as_mut(), &mut context).is_pending(),
                "a change said twice"
            );
            let said = first_frame(respond(&get("/events", &[]), &shared)).await;
            assert!(
                said.contains(&format!("event: change\nid: {current}")),
                "{said}"
            );
            // A reconnecting browser's Last-Event-ID, newer than the page, wins.
            let said = first_frame(respond(
                &get(&since, &[("last-event-id", &current)]),
                &shared,
            ))
            .await;
            assert_eq!(said, "retry: 3000\n\n");
        });
    }

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, HeaderValue::from_str(v).expect("valid"));
        }
        h
    }

    #[test]
    fn gzip_is_taken_unless_refused() {
        assert!(accepts_gzip(&headers(&[("accept-encoding", "gzip, br")])));
        assert!(accepts_gzip(&headers(&[(
            "accept-encoding",
            "br;q=1, GZIP;q=0.5"
        )])));
        assert!(accepts_gzip(&headers(&[("accept-encoding", "*")])));
        assert!(!accepts_gzip(&headers(&[("accept-encoding", "gzip;q=0")])));
        assert!(!accepts_gzip(&headers(&[("accept-encoding", "br")])));
        assert!(!accepts_gzip(&HeaderMap::new()));
    }

    #[test]
    fn a_copy_is_fresh_by_tag_first_then_by_date() {
        let t = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let date = httpdate::fmt_http_date(t);
        let tags = ["\"a\"", "\"a-gz\""];
        assert!(is_fresh(
            &headers(&[("if-none-match", "\"a\"")]),
            &tags,
            Some(t)
        ));
        assert!(is_fresh(
            &headers(&[("if-none-match", "\"x\", W/\"a-gz\"")]),
            &tags,
            Some(t)
        ));
        assert!(is_fresh(&headers(&[("if-none-match", "*")]), &tags, None));
        assert!(!is_fresh(
            &headers(&[("if-none-match", "\"b\"")]),
            &tags,
            Some(t)
        ));
        // If-None-Match wins over a matching date.
        assert!(!is_fresh(
            &headers(&[("if-none-match", "\"b\""), ("if-modified-since", &date)]),
            &tags,
            Some(t)
        ));
        assert!(is_fresh(
            &headers(&[("if-modified-since", &date)]),
            &tags,
            Some(t)
        ));
        let later = t + Duration::from_millis(1500);
        assert!(!is_fresh(
            &headers(&[("if-modified-since", &date)]),
            &tags,
            Some(later)
        ));
        assert!(!is_fresh(
            &headers(&[("if-modified-since", &date)]),
            &tags,
            None
        ));
        assert!(!is_fresh(
            &headers(&[("if-modified-since", "yesterday")]),
            &tags,
            Some(t)
        ));
    }
}
