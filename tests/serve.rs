//! `deroule serve` as a client sees it: the real binary on 127.0.0.1:0, plain HTTP/1.1 over a
//! socket. Waits on the server are bounded by a deadline, never by a sleep that must be long
//! enough.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant as Monotonic};

use common::at;
use deroule::live::{Entry, Kind, Record};
use deroule::model::Programme;

const BIN: &str = env!("CARGO_BIN_EXE_deroule");
/// The longest any wait for the server may take before the test fails.
const DEADLINE: Duration = Duration::from_secs(20);

struct Server {
    child: Child,
    addr: String,
    /// The server's standard error, line by line.
    log: mpsc::Receiver<String>,
    dir: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// `deroule serve` of `source` (written as `day.yaml` in a fresh folder) at 11:05 on the
    /// bundled day's date, frozen.
    fn start(source: &str) -> Server {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("day.yaml"), source).expect("write programme");
        let mut child = Command::new(BIN)
            .current_dir(dir.path())
            .args([
                "serve",
                "day.yaml",
                "--listen",
                "127.0.0.1:0",
                "--at",
                "2022-07-01 11:05",
            ])
            .env("TZ", "UTC")
            .env("LANG", "C")
            .env("XDG_CACHE_HOME", dir.path().join("cache"))
            .env("XDG_CONFIG_HOME", dir.path().join("config"))
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("deroule runs");
        let stderr = child.stderr.take().expect("stderr");
        let (tx, log) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let first = log
            .recv_timeout(DEADLINE)
            .expect("the server says where it listens");
        let addr = first
            .split("http://")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .unwrap_or_else(|| panic!("an address in {first:?}"))
            .to_owned();
        assert!(addr.starts_with("127.0.0.1:"), "{addr}");
        Server {
            child,
            addr,
            log,
            dir,
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn get(&self, path: &str, headers: &[(&str, &str)]) -> Reply {
        self.request("GET", path, headers)
    }

    fn request(&self, method: &str, path: &str, headers: &[(&str, &str)]) -> Reply {
        let mut stream = TcpStream::connect(&self.addr).expect("connect");
        stream.set_read_timeout(Some(DEADLINE)).expect("timeout");
        let mut text = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n",
            self.addr
        );
        for (k, v) in headers {
            text.push_str(k);
            text.push_str(": ");
            text.push_str(v);
            text.push_str("\r\n");
        }
        text.push_str("\r\n");
        stream.write_all(text.as_bytes()).expect("send");
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).expect("read");
        Reply::parse(&raw)
    }

    /// Waits for a line of the server's log containing `needle`.
    fn wait_log(&self, needle: &str) -> String {
        let end = Monotonic::now() + DEADLINE;
        while let Some(left) = end.checked_duration_since(Monotonic::now()) {
            match self.log.recv_timeout(left) {
                Ok(line) if line.contains(needle) => return line,
                Ok(_) => {}
                Err(_) => break,
            }
        }
        panic!("the server never said {needle:?}");
    }

    /// Asks for `path` until `done` holds of the answer.
    fn get_until(&self, path: &str, done: impl Fn(&Reply) -> bool) -> Reply {
        let end = Monotonic::now() + DEADLINE;
        loop {
            let reply = self.get(path, &[]);
            if done(&reply) {
                return reply;
            }
            assert!(
                Monotonic::now() < end,
                "{path} never changed: {}",
                reply.text()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

#[derive(Debug)]
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn parse(raw: &[u8]) -> Reply {
        let split = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("a header block");
        let head = std::str::from_utf8(&raw[..split]).expect("ascii headers");
        let mut lines = head.split("\r\n");
        let status = lines
            .next()
            .and_then(|l| l.split(' ').nth(1))
            .and_then(|s| s.parse().ok())
            .expect("a status");
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
            .collect();
        Reply {
            status,
            headers,
            body: raw[split + 4..].to_vec(),
        }
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// A record of the day as it went until the item after the morning pause (planned 11:15),
/// which started 8 minutes late.
fn late_record(p: &Programme) -> Record {
    let items = &p.days[0].items;
    let mut record = Record::new(p, at(p, "2022-07-01 09:00:00"));
    for i in 0..=4 {
        let when = if i == 4 {
            at(p, "2022-07-01 11:23:00")
        } else {
            items[i].start
        };
        record.actions.push(Entry {
            at: when,
            action: Kind::Start,
            item: deroule::live::key(p, &items[i]),
            ended: i.checked_sub(1).map(|j| deroule::live::key(p, &items[j])),
            minutes: None,
        });
    }
    record
}

#[test]
fn every_route_answers_with_its_validators_and_safety_headers() {
    let server = Server::start(deroule::BUNDLED);
    let cases = [
        ("/", "text/html; charset=utf-8", "public, max-age=2"),
        (
            "/programme.yaml",
            "application/yaml; charset=utf-8",
            "public, max-age=60",
        ),
        (
            "/live.yaml",
            "application/yaml; charset=utf-8",
            "public, max-age=2",
        ),
        (
            "/page.js",
            "text/javascript; charset=utf-8",
            "public, max-age=300",
        ),
        (
            "/page.css",
            "text/css; charset=utf-8",
            "public, max-age=300",
        ),
    ];
    for (path, content_type, cache) in cases {
        let reply = server.get(path, &[]);
        assert_eq!(reply.status, 200, "{path}");
        assert_eq!(reply.header("content-type"), Some(content_type), "{path}");
        assert_eq!(reply.header("cache-control"), Some(cache), "{path}");
        let etag = reply
            .header("etag")
            .unwrap_or_else(|| panic!("{path}: an ETag"));
        assert!(
            etag.starts_with('"') && !etag.starts_with("W/"),
            "{path}: {etag}"
        );
        assert_eq!(reply.header("x-content-type-options"), Some("nosniff"));
        assert_eq!(
            reply.header("content-security-policy"),
            Some(deroule::page::CONTENT_SECURITY_POLICY)
        );
        assert!(reply.header("set-cookie").is_none());
        assert!(!reply.body.is_empty(), "{path}");
        if path != "/" {
            assert!(reply.header("last-modified").is_some(), "{path}");
        }
    }
    // The programme comes back as deroule YAML that loads into the same programme.
    let yaml = server.get("/programme.yaml", &[]).text();
    let loaded = deroule::model::load_str(&yaml, "served").expect("valid YAML");
    assert_eq!(loaded.programme, common::bundled());
    // No record yet: a YAML document with no value.
    assert!(server.get("/live.yaml", &[]).text().starts_with('#'));
    // The page at the frozen 11:05: the pause is on, ending in 10 minutes.
    let page = server.get("/", &[]).text();
    assert!(page.contains("aria-current=\"true\""), "{page}");
    assert!(page.contains(">10:00</span>"), "{page}");
    assert!(page.contains("data-speed=\"0\""));
    assert!(page.contains("data-events=\"on\""));
    // French when the browser asks for it.
    let fr = server
        .get("/", &[("Accept-Language", "fr-FR,fr;q=0.9")])
        .text();
    assert!(fr.contains("<html lang=\"fr\""));
    // HEAD: the same headers, no body.
    let head = server.request("HEAD", "/live.yaml", &[]);
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert!(head.header("etag").is_some());
}

#[test]
fn a_conditional_get_is_answered_304() {
    let server = Server::start(deroule::BUNDLED);
    for path in ["/programme.yaml", "/live.yaml", "/page.js", "/"] {
        let first = server.get(path, &[]);
        let etag = first.header("etag").expect("etag").to_owned();
        let again = server.get(path, &[("If-None-Match", &etag)]);
        assert_eq!(again.status, 304, "{path}");
        assert!(again.body.is_empty());
        assert_eq!(again.header("etag"), Some(etag.as_str()));
        let other = server.get(path, &[("If-None-Match", "\"something-else\"")]);
        assert_eq!(other.status, 200, "{path}");
        if let Some(date) = first.header("last-modified") {
            let by_date = server.get(path, &[("If-Modified-Since", date)]);
            assert_eq!(by_date.status, 304, "{path}");
            let older = server.get(
                path,
                &[("If-Modified-Since", "Thu, 01 Jan 2015 00:00:00 GMT")],
            );
            assert_eq!(older.status, 200, "{path}");
        }
    }
}

#[test]
fn gzip_is_sent_to_who_takes_it_under_its_own_tag() {
    use flate2::read::GzDecoder;
    let server = Server::start(deroule::BUNDLED);
    for path in ["/programme.yaml", "/", "/page.js"] {
        let plain = server.get(path, &[]);
        let zipped = server.get(path, &[("Accept-Encoding", "gzip, br")]);
        assert_eq!(zipped.header("content-encoding"), Some("gzip"), "{path}");
        assert!(
            zipped
                .header("vary")
                .is_some_and(|v| v.contains("Accept-Encoding"))
        );
        assert!(zipped.body.len() < plain.body.len(), "{path}");
        let mut back = Vec::new();
        GzDecoder::new(&zipped.body[..])
            .read_to_end(&mut back)
            .expect("gzip");
        assert_eq!(back, plain.body, "{path}");
        assert_ne!(zipped.header("etag"), plain.header("etag"));
        assert!(plain.header("content-encoding").is_none());
    }
}

#[test]
fn nothing_else_is_readable_and_nothing_writable() {
    let server = Server::start(deroule::BUNDLED);
    for path in [
        "/../Cargo.toml",
        "/%2e%2e/Cargo.toml",
        "/data/bluehats-2022-07-01.yaml",
        "/day.yaml",
        "/day.live.yaml",
        "/programme.yaml/",
        "//programme.yaml",
        "/index.html",
        "/src/main.rs",
    ] {
        let reply = server.get(path, &[]);
        assert_eq!(reply.status, 404, "{path}");
        assert!(!reply.text().contains("title:"), "{path}");
    }
    for method in ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"] {
        for path in ["/live.yaml", "/", "/nothing"] {
            let reply = server.request(method, path, &[("Content-Length", "0")]);
            assert_eq!(reply.status, 405, "{method} {path}");
            assert_eq!(reply.header("allow"), Some("GET, HEAD"));
        }
    }
}

#[test]
fn a_record_change_is_an_event_and_a_new_etag() {
    let server = Server::start(deroule::BUNDLED);
    let before = server.get("/live.yaml", &[]);
    let old_tag = before.header("etag").expect("etag").to_owned();

    // Subscribed as the page does, naming the version it shows: nothing is said until a change.
    let page = server.get("/", &[]).text();
    let version = page
        .split("data-version=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the page names its version")
        .to_owned();
    let mut events = TcpStream::connect(&server.addr).expect("connect");
    events.set_read_timeout(Some(DEADLINE)).expect("timeout");
    write!(
        events,
        "GET /events?since={version} HTTP/1.1\r\nHost: x\r\n\r\n"
    )
    .expect("send");
    let mut reader = BufReader::new(events);
    let mut line = String::new();
    let mut head = String::new();
    while reader.read_line(&mut line).expect("read") > 0 {
        head.push_str(&line);
        if line.starts_with("retry:") {
            break;
        }
        line.clear();
    }
    assert!(head.contains("text/event-stream"), "{head}");
    assert!(head.contains("retry: 3000"), "{head}");

    late_record(&common::bundled())
        .save(&server.path("day.live.yaml"))
        .expect("saved");
    let mut said = String::new();
    line.clear();
    while reader
        .read_line(&mut line)
        .expect("an event within the deadline")
        > 0
    {
        said.push_str(&line);
        if said.contains("event: change") && line.trim().is_empty() {
            break;
        }
        line.clear();
    }
    assert!(said.contains("event: change\nid: "), "{said}");
    assert!(!said.contains(&format!("id: {version}\n")), "{said}");
    assert!(said.contains("data: {\"programme\":"), "{said}");

    let after = server.get("/live.yaml", &[("If-None-Match", &old_tag)]);
    assert_eq!(after.status, 200, "the old tag no longer matches");
    assert_ne!(after.header("etag"), Some(old_tag.as_str()));
    assert!(after.text().contains("deroule_live: 1"), "{}", after.text());
    // The page at 11:05 now shows the facilitator's timing.
    let page = server.get("/", &[]).text();
    assert!(page.contains("id=\"timing\""), "{page}");
}

#[test]
fn a_hostile_title_is_text_on_the_page() {
    let title = deroule::BUNDLED
        .lines()
        .find(|l| l.starts_with("title: "))
        .expect("a title line");
    let source = deroule::BUNDLED.replacen(
        title,
        "title: \"<script>alert(1)</script><img src=x onerror=alert(2)> \\u202E BlueHats\"",
        1,
    );
    assert!(
        deroule::model::load_str(&source, "hostile").is_ok(),
        "the fixture is valid"
    );
    let server = Server::start(&source);
    let page = server.get("/", &[]).text();
    assert!(!page.contains("<script>alert"), "{page}");
    assert!(!page.contains("<img"), "{page}");
    assert!(
        page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{page}"
    );
    assert!(!page.contains('\u{202E}'));
}

#[test]
fn a_broken_programme_keeps_the_last_good_one() {
    let server = Server::start(deroule::BUNDLED);
    let good = server.get("/programme.yaml", &[]);
    std::fs::write(server.path("day.yaml"), "title: [unclosed\n").expect("write");
    server.wait_log("the last good programme is still served");
    let still = server.get("/programme.yaml", &[]);
    assert_eq!(still.header("etag"), good.header("etag"));
    assert_eq!(still.body, good.body);
    let page = server.get("/", &[]);
    assert_eq!(page.status, 200);

    // A good edit is served.
    let edited = deroule::BUNDLED.replace(
        "  - id: conclusion\n    start: 17h\n",
        "  - id: conclusion\n    start: 17h10\n",
    );
    assert_ne!(edited, deroule::BUNDLED);
    std::fs::write(server.path("day.yaml"), &edited).expect("write");
    let fresh = server.get_until("/programme.yaml", |r| {
        r.header("etag") != good.header("etag")
    });
    assert!(fresh.text().contains("17:10"), "{}", fresh.text());
}

#[test]
fn publish_writes_the_same_files_into_a_folder() {
    let dir = tempfile::tempdir().expect("tempdir");
    let programme = dir.path().join("day.yaml");
    std::fs::write(&programme, deroule::BUNDLED).expect("write");
    late_record(&common::bundled())
        .save(&dir.path().join("day.live.yaml"))
        .expect("saved");
    let site = dir.path().join("site");
    let out = Command::new(BIN)
        .args(["publish"])
        .arg(&programme)
        .arg(&site)
        .args(["--at", "2022-07-01 11:30"])
        .env("XDG_CACHE_HOME", dir.path().join("cache"))
        .env("TZ", "UTC")
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for name in [
        "index.html",
        "index.en.html",
        "index.fr.html",
        "programme.yaml",
        "live.yaml",
        "page.js",
        "page.css",
    ] {
        assert!(site.join(name).is_file(), "{name}");
        assert!(site.join(format!("{name}.gz")).is_file(), "{name}.gz");
    }
    let page = std::fs::read_to_string(site.join("index.html")).expect("page");
    assert!(page.contains("Running 8 min late"), "{page}");
    let french = std::fs::read_to_string(site.join("index.fr.html")).expect("page");
    assert!(french.contains("8 min de retard"), "{french}");
    let live = std::fs::read_to_string(site.join("live.yaml")).expect("live");
    assert!(live.contains("deroule_live: 1"));
    let served = std::fs::read_to_string(site.join("programme.yaml")).expect("programme");
    assert_eq!(
        deroule::model::load_str(&served, "p")
            .expect("valid")
            .programme,
        common::bundled()
    );
    assert!(!Path::new(&site.join(".deroule-publish-x")).exists());
}

/// Parallel rooms: every room's record file is followed; `/live.yaml` holds them all, by room,
/// and the page gives each room's delay and expected times.
#[test]
fn each_rooms_record_reaches_live_yaml_and_the_page() {
    let source = "title: Rooms\ntime_zone: UTC\ndate: 2022-07-01\nrooms: [Main Hall, Side Room]\n\
                  items:\n\
                  \x20 - {title: Opening, start: 9h, end: 10h}\n\
                  \x20 - {title: A talk, start: 10h, end: 11h, room: Main Hall}\n\
                  \x20 - {title: A second, start: 11h, end: 12h, room: Main Hall}\n\
                  \x20 - {title: B talk, start: 10h, end: 11h, room: Side Room}\n\
                  \x20 - {title: B second, start: 11h, end: 12h, room: Side Room}\n";
    let server = Server::start(source);
    let p = common::programme(source);
    let over = |title: &str, minutes: i64| {
        let item = p.items().find(|i| i.title == title).expect("the item");
        let opening = p.days[0].items.first().expect("the opening");
        let mut record = Record::new(&p, at(&p, "2022-07-01 09:00:00"));
        record.actions.push(Entry {
            at: at(&p, "2022-07-01 10:00:00"),
            action: Kind::Start,
            item: deroule::live::key(&p, item),
            ended: Some(deroule::live::key(&p, opening)),
            minutes: None,
        });
        record.actions.push(Entry {
            at: at(&p, "2022-07-01 10:50:00"),
            action: Kind::Adjust,
            item: deroule::live::key(&p, item),
            ended: None,
            minutes: Some(minutes),
        });
        record
    };
    over("A talk", 10)
        .save(&server.path("day.main-hall.live.yaml"))
        .expect("saved");
    over("B talk", 20)
        .save(&server.path("day.side-room.live.yaml"))
        .expect("saved");
    let live = server.get_until("/live.yaml", |r| r.text().contains("Side Room"));
    let state = deroule::live::state::State::parse(&live.text(), "live.yaml").expect("reads");
    let deroule::live::state::State::Rooms(rooms) = state else {
        panic!("each room's record: {}", live.text())
    };
    let names: Vec<&str> = rooms.iter().map(|(r, _)| r.as_str()).collect();
    assert_eq!(names, ["Main Hall", "Side Room"]);
    assert_eq!(rooms[0].1.actions[1].minutes, Some(10));

    let page = server.get("/", &[("Accept-Language", "en")]).text();
    assert!(page.contains("Running 10 min late"), "{page}");
    assert!(page.contains("Running 20 min late"), "{page}");
    assert!(page.contains("id=\"room-timings\""), "{page}");
    // One room's page: its delay only.
    let hall = server
        .get("/?room=Main%20Hall", &[("Accept-Language", "en")])
        .text();
    assert!(hall.contains("Running 10 min late"), "{hall}");
    assert!(!hall.contains("Running 20 min late"), "{hall}");
}
