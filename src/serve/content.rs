//! What the server and the publisher hand out, built from a programme and its live record:
//! each file with its validators (strong `ETag`, `Last-Modified`) and its gzip form made once.
//!
//! Pure apart from the gzip encoder: no sockets, no files, no clock (the caller passes `now` and
//! the modification times).

use std::borrow::Cow;
use std::io::Write as _;
use std::time::SystemTime;

use bytes::Bytes;
use flate2::Compression;
use flate2::write::GzEncoder;

use crate::i18n::Lang;
use crate::live::{self, state::State};
use crate::model::{Instant, Programme};
use crate::page::{self, Host, Pace, Page, Query, Timing};

/// How long a cache (a browser, a CDN) may keep each kind of file before asking again.
pub mod max_age {
    /// The live state and the page: a facilitator's key reaches every poller within this.
    pub const LIVE: u32 = 2;
    /// The programme: edited during the event, but far less often than the live state.
    pub const PROGRAMME: u32 = 60;
    /// The script and the style sheet: they change with deroule's version only.
    pub const ASSET: u32 = 300;
}

/// One file as served: its bytes, their gzip form, and the validators of each.
#[derive(Debug, Clone)]
pub struct Resource {
    pub content_type: &'static str,
    pub cache_control: String,
    pub body: Bytes,
    pub gzip: Bytes,
    /// The strong entity tag of `body`, quotes included; `gzip`'s is [`Resource::gzip_etag`].
    pub etag: String,
    pub modified: SystemTime,
}

impl Resource {
    /// A resource made from `body` (its validators and gzip form computed here).
    pub fn new(
        content_type: &'static str,
        max_age: u32,
        body: impl Into<Bytes>,
        modified: SystemTime,
    ) -> Self {
        let body = body.into();
        Resource {
            content_type,
            cache_control: format!("public, max-age={max_age}"),
            gzip: gzip(&body, Compression::best()),
            etag: etag(&body),
            body,
            modified,
        }
    }

    /// The entity tag of the gzip form: another representation, so another strong tag.
    pub fn gzip_etag(&self) -> String {
        gzip_tag(&self.etag)
    }

    /// Whether both have the same bytes (their modification times aside).
    pub fn same_content(&self, other: &Resource) -> bool {
        self.etag == other.etag
    }
}

/// A strong entity tag: the start of the BLAKE3 hash of the bytes, quoted.
pub fn etag(body: &[u8]) -> String {
    let hash = blake3::hash(body);
    let hex = hash.to_hex();
    format!("\"{}\"", &hex.as_str()[..32])
}

/// The tag of the gzip form of a body whose tag is `etag`.
pub fn gzip_tag(etag: &str) -> String {
    format!("{}-gz\"", etag.trim_end_matches('"'))
}

/// `body` compressed with gzip.
pub fn gzip(body: &[u8], level: Compression) -> Bytes {
    let mut encoder = GzEncoder::new(Vec::with_capacity(body.len() / 3 + 64), level);
    // Writing to a Vec cannot fail.
    let _ = encoder.write_all(body);
    encoder.finish().unwrap_or_default().into()
}

/// The programme and the live state at one moment, as served until either file changes.
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub plan: Programme,
    /// The live state: the one record, or each room's.
    pub state: State,
    /// `GET /programme.yaml`: the programme as deroule YAML (whatever format the file was in).
    pub programme: Resource,
    /// `GET /live.yaml`: the live record as the facilitator's deroule wrote it.
    pub live: Resource,
}

pub use crate::live::state::NO_RECORD;

impl Snapshot {
    /// The snapshot of `plan` and `record`, with the files' modification times.
    pub fn new(
        plan: Programme,
        state: State,
        programme_modified: SystemTime,
        live_modified: SystemTime,
    ) -> Self {
        let programme = Resource::new(
            "application/yaml; charset=utf-8",
            max_age::PROGRAMME,
            crate::import::to_yaml(&plan),
            programme_modified,
        );
        let live = Resource::new(
            "application/yaml; charset=utf-8",
            max_age::LIVE,
            state.yaml(),
            live_modified,
        );
        Snapshot {
            plan,
            state,
            programme,
            live,
        }
    }

    /// The SSE event id of this snapshot: both files' tags, so a browser's `Last-Event-ID` (or
    /// the page's `data-version`) says whether it missed a change, even across a server restart.
    pub fn event_id(&self) -> String {
        let short = |tag: &str| tag.trim_matches('"').chars().take(12).collect::<String>();
        format!("{}-{}", short(&self.programme.etag), short(&self.live.etag))
    }

    /// The attendee page at `now`, for this reader's query and language, as `host` serves it.
    pub fn page(
        &self,
        now: Instant,
        pace: Pace,
        query: &Query,
        lang: Lang,
        host: Host<'_>,
    ) -> String {
        let plan = &self.plan;
        let (expected, timing, rooms) = match &self.state {
            State::One(record) if live::applies(plan) => {
                let (expected, forecast) = live::expected(plan, record, now);
                (
                    Cow::Owned(expected),
                    Some(Timing::of(&forecast)),
                    Vec::new(),
                )
            }
            State::Rooms(records) if !records.is_empty() => {
                let rooms = records
                    .iter()
                    .filter_map(|(room, record)| {
                        let (_, _, forecast) = live::room_forecast(plan, room, record, now)?;
                        Some((room.clone(), Timing::of(&forecast)))
                    })
                    .collect();
                let expected = live::expected_all(plan, records, now);
                (Cow::Owned(expected), None, rooms)
            }
            _ => (Cow::Borrowed(plan), None, Vec::new()),
        };
        Page {
            plan,
            expected: &expected,
            timing,
            rooms: &rooms,
            message: self.state.message_at(now),
            now,
            pace,
            lang: query.lang.unwrap_or(lang),
            query,
            host,
        }
        .render()
    }
}

/// The script and the style sheet, which only change with deroule itself.
pub fn assets(modified: SystemTime) -> (Resource, Resource) {
    (
        Resource::new(
            "text/javascript; charset=utf-8",
            max_age::ASSET,
            page::SCRIPT,
            modified,
        ),
        Resource::new(
            "text/css; charset=utf-8",
            max_age::ASSET,
            page::STYLE,
            modified,
        ),
    )
}

/// `now` without its fraction of a second: the page shows seconds at most, and two requests in
/// the same second then get the same bytes (and the same `ETag`).
pub fn whole_second(now: Instant) -> Instant {
    Instant::from_timestamp(now.timestamp(), 0).unwrap_or(now)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundled_at as at;
    use crate::bundled_programme;
    use crate::live::Record;
    use std::io::Read as _;

    #[test]
    fn a_resource_has_a_strong_tag_per_representation() {
        let r = Resource::new("text/plain", 2, "hello", SystemTime::UNIX_EPOCH);
        assert!(
            r.etag.starts_with('"') && r.etag.ends_with('"'),
            "{}",
            r.etag
        );
        assert_eq!(r.etag.len(), 34);
        assert_ne!(r.etag, r.gzip_etag());
        assert!(r.gzip_etag().ends_with("-gz\""));
        let mut back = String::new();
        flate2::read::GzDecoder::new(&r.gzip[..])
            .read_to_string(&mut back)
            .expect("gzip");
        assert_eq!(back, "hello");
        assert_ne!(
            r.etag,
            Resource::new("text/plain", 2, "hellO", SystemTime::UNIX_EPOCH).etag
        );
        assert_eq!(r.cache_control, "public, max-age=2");
    }

    #[test]
    fn the_programme_is_served_as_deroule_yaml_that_loads_back() {
        let p = bundled_programme();
        let s = Snapshot::new(
            p.clone(),
            State::Planned,
            SystemTime::UNIX_EPOCH,
            SystemTime::UNIX_EPOCH,
        );
        let text = std::str::from_utf8(&s.programme.body).expect("utf-8");
        let back = crate::model::load_str(text, "served").expect("valid");
        assert_eq!(back.programme, p);
        assert_eq!(&s.live.body[..], NO_RECORD.as_bytes());
    }

    #[test]
    fn the_page_shows_the_records_delay() {
        let p = bundled_programme();
        // The item after the morning pause (planned 11:15) starts 8 minutes late.
        let key = live::key(&p, &p.days[0].items[4]);
        let mut record = Record::new(&p, at(9, 0));
        record.actions.push(live::Entry {
            at: at(11, 23),
            action: live::Kind::Start,
            item: key.clone(),
            ended: Some(live::key(&p, &p.days[0].items[3])),
            minutes: None,
        });
        record.set_message(at(11, 24), "Lunch <b>is</b> in the hall");
        let s = Snapshot::new(
            p,
            State::One(record),
            SystemTime::UNIX_EPOCH,
            SystemTime::UNIX_EPOCH,
        );
        let html = s.page(
            at(11, 30),
            Pace::Frozen,
            &Query::default(),
            Lang::En,
            Host::Static,
        );
        assert!(html.contains("Running 8 min late"), "{html}");
        assert!(
            html.contains("Lunch &lt;b&gt;is&lt;/b&gt; in the hall"),
            "{html}"
        );
        // Not before it was set.
        let before = s.page(
            at(11, 20),
            Pace::Frozen,
            &Query::default(),
            Lang::En,
            Host::Static,
        );
        assert!(!before.contains("Lunch"), "{before}");
        let yaml = std::str::from_utf8(&s.live.body).expect("utf-8");
        assert!(yaml.contains(&key), "{yaml}");
        assert!(yaml.contains("messages:"), "{yaml}");
    }
}
