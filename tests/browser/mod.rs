//! A real browser for the page tests: Debian's headless Chromium driven by chromedriver over the
//! W3C WebDriver protocol (JSON over HTTP on loopback), with a small blocking client.
//!
//! `Browser::start` answers `None`, after printing why, when chromium or chromedriver is missing,
//! so the tests skip on a machine without them (`.ci/run` installs both).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

pub struct Browser {
    driver: Child,
    addr: SocketAddr,
    session: String,
    _profile: tempfile::TempDir,
}

/// Starts chromedriver on a port of the system's choosing and reads which from its first lines
/// ("ChromeDriver was started successfully on port 43433."). Asking for a free port first and
/// handing it over would race with every other process binding ports meanwhile (another test's
/// browser among them): two drivers on one port, or a session on another test's driver.
fn start_driver() -> (Child, u16) {
    let mut driver = Command::new(CHROMEDRIVER)
        .arg("--port=0")
        .arg("--allowed-ips=127.0.0.1")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    let mut out = BufReader::new(driver.stdout.take().expect("chromedriver's output"));
    let mut said = String::new();
    let port = loop {
        let mut line = String::new();
        let read = out.read_line(&mut line).unwrap_or(0);
        assert!(
            read > 0,
            "chromedriver stopped before saying its port: {said}"
        );
        if let Some(port) = line
            .trim_end()
            .trim_end_matches('.')
            .strip_prefix("ChromeDriver was started successfully on port ")
        {
            break port.parse::<u16>().expect("a port number");
        }
        said.push_str(&line);
    };
    // Whatever it says later is drained, so it never blocks on a full pipe.
    std::thread::spawn(move || std::io::copy(&mut out, &mut std::io::sink()));
    (driver, port)
}

/// One HTTP/1.1 request on a fresh connection; the answer's body as JSON.
fn request(addr: SocketAddr, method: &str, path: &str, body: Option<&Value>) -> Value {
    let mut stream = TcpStream::connect(addr).expect("chromedriver answers");
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .expect("timeout");
    let body = body.map(Value::to_string).unwrap_or_default();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .expect("request sent");
    let mut reader = BufReader::new(stream);
    let mut length = None;
    let mut line = String::new();
    loop {
        line.clear();
        reader.read_line(&mut line).expect("header line");
        let trimmed = line.trim_end();
        if trimmed.is_empty() {
            break;
        }
        if let Some((name, value)) = trimmed.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse::<usize>().ok();
        }
    }
    let mut bytes = Vec::new();
    match length {
        Some(n) => {
            bytes.resize(n, 0);
            reader.read_exact(&mut bytes).expect("body");
        }
        None => {
            reader.read_to_end(&mut bytes).expect("body");
        }
    }
    serde_json::from_slice(&bytes).expect("chromedriver answers JSON")
}

impl Browser {
    /// A headless browser with a window of `width`×`height`, or `None` when none is installed.
    pub fn start(width: u32, height: u32) -> Option<Browser> {
        Browser::start_with(width, height, &[])
    }

    /// The same, with scripts disabled: what a reader without JavaScript gets.
    pub fn start_without_script(width: u32, height: u32) -> Option<Browser> {
        Browser::start_with(width, height, &["--blink-settings=scriptEnabled=false"])
    }

    fn start_with(width: u32, height: u32, extra: &[&str]) -> Option<Browser> {
        for tool in [CHROMIUM, CHROMEDRIVER] {
            if !Path::new(tool).exists() {
                eprintln!(
                    "skipped: {tool} is not installed (apt-get install chromium chromium-driver)"
                );
                return None;
            }
        }
        let (driver, port) = start_driver();
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(addr).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not listen");
            std::thread::sleep(Duration::from_millis(50));
        }
        let profile = tempfile::tempdir().expect("a browser profile folder");
        let mut args = vec![
            "--headless".to_owned(),
            "--no-sandbox".to_owned(),
            "--disable-gpu".to_owned(),
            "--disable-dev-shm-usage".to_owned(),
            "--disable-quic".to_owned(),
            "--no-first-run".to_owned(),
            "--disable-background-networking".to_owned(),
            "--disable-component-update".to_owned(),
            "--disable-sync".to_owned(),
            "--hide-scrollbars".to_owned(),
            format!("--window-size={width},{height}"),
            format!("--user-data-dir={}", profile.path().display()),
        ];
        args.extend(extra.iter().map(|a| (*a).to_owned()));
        let answer = request(
            addr,
            "POST",
            "/session",
            Some(&json!({"capabilities": {"alwaysMatch": {
                "browserName": "chrome",
                "goog:chromeOptions": {"binary": CHROMIUM, "args": args}
            }}})),
        );
        let session = answer["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no browser session: {answer}"))
            .to_owned();
        let browser = Browser {
            driver,
            addr,
            session,
            _profile: profile,
        };
        // Headless windows may never hold the system's focus: without this, `:focus` styles
        // apply only now and then.
        browser.cdp(
            "Emulation.setFocusEmulationEnabled",
            &json!({"enabled": true}),
        );
        Some(browser)
    }

    fn call(&self, method: &str, path: &str, body: Option<&Value>) -> Value {
        let answer = request(
            self.addr,
            method,
            &format!("/session/{}{path}", self.session),
            body,
        );
        if let Some(error) = answer["value"]["error"].as_str() {
            panic!("webdriver {path}: {error}: {}", answer["value"]["message"]);
        }
        answer["value"].clone()
    }

    pub fn goto(&self, url: &str) {
        self.call("POST", "/url", Some(&json!({ "url": url })));
    }

    /// Runs `script` (a function body; `return` gives the result) in the page.
    pub fn eval(&self, script: &str) -> Value {
        self.eval_with(script, &json!([]))
    }

    /// The same, with `args` as the script's `arguments`.
    pub fn eval_with(&self, script: &str, args: &Value) -> Value {
        self.call(
            "POST",
            "/execute/sync",
            Some(&json!({ "script": script, "args": args })),
        )
    }

    /// Runs `script` in every page opened from now on, before the page's own scripts.
    pub fn before_each_page(&self, script: &str) {
        self.cdp(
            "Page.addScriptToEvaluateOnNewDocument",
            &json!({ "source": script }),
        );
    }

    /// A DevTools command, through chromedriver's pass-through.
    fn cdp(&self, cmd: &str, params: &Value) -> Value {
        self.call(
            "POST",
            "/goog/cdp/execute",
            Some(&json!({ "cmd": cmd, "params": params })),
        )
    }

    /// Makes the page match `prefers-color-scheme: dark` (or light), as a system setting would:
    /// chromedriver's pass-through to the DevTools `Emulation.setEmulatedMedia`.
    pub fn prefer_dark(&self, dark: bool) {
        let scheme = if dark { "dark" } else { "light" };
        self.cdp(
            "Emulation.setEmulatedMedia",
            &json!({"features": [{"name": "prefers-color-scheme", "value": scheme}]}),
        );
    }

    /// Waits (polling the page, at most `within`) until `script` returns something truthy.
    pub fn wait_until(&self, script: &str, within: Duration) -> Value {
        let deadline = Instant::now() + within;
        loop {
            let value = self.eval(script);
            let truthy = match &value {
                Value::Null | Value::Bool(false) => false,
                Value::String(s) => !s.is_empty(),
                _ => true,
            };
            if truthy {
                return value;
            }
            assert!(
                Instant::now() < deadline,
                "the page never satisfied: {script}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// The page's current DOM as HTML.
    pub fn source(&self) -> String {
        self.call("GET", "/source", None)
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// A PNG of the window.
    pub fn screenshot(&self) -> Vec<u8> {
        use base64::Engine as _;
        let data = self.call("GET", "/screenshot", None);
        base64::engine::general_purpose::STANDARD
            .decode(data.as_str().expect("base64 PNG"))
            .expect("valid base64")
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            request(
                self.addr,
                "DELETE",
                &format!("/session/{}", self.session),
                None,
            )
        }));
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}
