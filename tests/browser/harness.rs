//! One headless Chromium per test: its own chromedriver on a free port, its own
//! empty profile, its own server (`TestApp`). Every `step` writes a full-page
//! screenshot and runs axe-core on what the guest sees at that moment.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine;
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::elements::Element;
use fantoccini::key::Key;
use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

use crate::axe;
use crate::common::TestApp;

pub const AURORA: &str = "aurora.localhost";
pub const KESTREL: &str = "kestrel.localhost";

/// How long any wait in the suite may take before the test fails.
const PATIENCE: Duration = Duration::from_secs(15);

#[derive(Clone, Copy)]
pub struct Options {
    pub javascript: bool,
    pub width: u32,
    pub height: u32,
}

impl Options {
    pub fn js() -> Self {
        Self { javascript: true, width: 1280, height: 1000 }
    }

    pub fn no_js() -> Self {
        Self { javascript: false, ..Self::js() }
    }

    pub fn mobile() -> Self {
        Self { width: 390, height: 844, ..Self::js() }
    }
}

/// A chromedriver process, killed on drop (after its session is closed, so
/// Chromium goes with it).
struct Driver {
    child: Child,
    port: u16,
    session: Option<String>,
    profile: PathBuf,
}

impl Drop for Driver {
    fn drop(&mut self) {
        if let Some(session) = self.session.take() {
            // Drop cannot await: a blocking DELETE makes chromedriver quit Chromium.
            let _ = raw_http(self.port, "DELETE", &format!("/session/{session}"));
        }
        // chromedriver leads its own process group, Chromium included: end the group.
        let _ = Command::new("kill").args(["-KILL", "--", &format!("-{}", self.child.id())]).status();
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

fn raw_http(port: u16, method: &str, path: &str) -> std::io::Result<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    )?;
    // chromedriver keeps the connection open: read the head, then Content-Length bytes.
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        let n = stream.read(&mut chunk)?;
        buf.extend_from_slice(&chunk[..n]);
        let text = String::from_utf8_lossy(&buf).into_owned();
        if n == 0 {
            return Ok(text);
        }
        if let Some(head_end) = text.find("\r\n\r\n") {
            let length = text[..head_end]
                .lines()
                .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().to_owned()))
                .and_then(|v| v.parse::<usize>().ok())
                .unwrap_or(0);
            if buf.len() >= head_end + 4 + length {
                return Ok(text);
            }
        }
    }
}

/// Where a program is, or a loud failure that says how to install it.
fn program(env: &str, candidates: &[&str], package: &str) -> PathBuf {
    if let Ok(path) = std::env::var(env) {
        assert!(Path::new(&path).exists(), "{env}={path}: no such file (the browser suite needs {package})");
        return PathBuf::from(path);
    }
    for candidate in candidates {
        if Path::new(candidate).exists() {
            return PathBuf::from(candidate);
        }
    }
    panic!(
        "the browser suite needs {package}, which is not installed ({} not found; set {env} to use another path).\n\
         Install it with: apt-get install chromium chromium-driver (scripts/test does it on a fresh machine).",
        candidates.join(" or ")
    );
}

pub fn screenshot_root() -> PathBuf {
    std::env::var_os("SCREENSHOT_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target").join("screenshots"))
}

/// A chromedriver/CDP command with no typed wrapper in fantoccini.
#[derive(Debug)]
struct Raw {
    path: &'static str,
    body: Value,
}

impl WebDriverCompatibleCommand for Raw {
    fn endpoint(&self, base_url: &url::Url, session_id: Option<&str>) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!("session/{}/{}", session_id.unwrap_or_default(), self.path))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (axum::http::Method, Option<String>) {
        (axum::http::Method::POST, Some(self.body.to_string()))
    }
}

pub struct Browser {
    pub client: Client,
    pub app: TestApp,
    pub options: Options,
    pub host: &'static str,
    test: String,
    shots: PathBuf,
    step: u32,
    /// axe violations and console errors, reported together at `finish`.
    problems: Vec<String>,
    /// What axe could not decide, written to `axe-review.txt` beside the screenshots.
    review: Vec<String>,
    driver: Driver,
}

impl Browser {
    /// A server and a browser for `test`, starting on `host`.
    pub async fn start(test: &str, host: &'static str, options: Options) -> Self {
        Self::start_on(test, host, options, TestApp::spawn().await).await
    }

    /// A browser for `test` on `app`, a server the test configured itself.
    pub async fn start_on(test: &str, host: &'static str, options: Options, app: TestApp) -> Self {
        let chromium = program("CHROME_BIN", &["/usr/bin/chromium", "/usr/bin/chromium-browser"], "chromium");
        let chromedriver = program("CHROMEDRIVER", &["/usr/bin/chromedriver"], "chromium-driver (chromedriver)");

        let port = crate::common::free_port();
        let child = Command::new(&chromedriver)
            .arg(format!("--port={port}"))
            .process_group(0)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", chromedriver.display()));
        let profile = std::env::temp_dir().join(format!("bfftb-chromium-{port}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&profile);
        std::fs::create_dir_all(&profile).unwrap();
        let mut driver = Driver { child, port, session: None, profile: profile.clone() };
        let deadline = Instant::now() + PATIENCE;
        while raw_http(port, "GET", "/status").map(|s| !s.contains("\"ready\":true")).unwrap_or(true) {
            assert!(Instant::now() < deadline, "chromedriver did not come up on port {port}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }

        let mut prefs = serde_json::Map::new();
        if !options.javascript {
            prefs.insert("profile.managed_default_content_settings.javascript".into(), json!(2));
        }
        let caps = json!({
            "browserName": "chrome",
            "pageLoadStrategy": "normal",
            "goog:loggingPrefs": { "browser": "ALL" },
            "goog:chromeOptions": {
                "binary": chromium,
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--lang=en-GB", "--hide-scrollbars",
                    format!("--window-size={},{}", options.width, options.height),
                    format!("--user-data-dir={}", profile.display()),
                ],
                "prefs": prefs,
            }
        });
        let caps = match caps {
            Value::Object(map) => map,
            _ => unreachable!(),
        };
        let client = ClientBuilder::rustls()
            .expect("rustls")
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .unwrap_or_else(|e| panic!("chromedriver could not start Chromium ({}): {e}", chromium.display()));
        driver.session = client.session_id().await.ok().flatten();

        let shots = screenshot_root().join(test);
        let _ = std::fs::remove_dir_all(&shots);
        std::fs::create_dir_all(&shots).unwrap();
        let browser = Self {
            client,
            app,
            options,
            host,
            test: test.to_owned(),
            shots,
            step: 0,
            problems: Vec::new(),
            review: Vec::new(),
            driver,
        };
        if options.width < 500 {
            // Headless windows are at least 500 px wide: a phone is emulated.
            let phone =
                json!({ "width": options.width, "height": options.height, "deviceScaleFactor": 1, "mobile": true });
            browser.cdp("Emulation.setDeviceMetricsOverride", phone).await;
        }
        browser
    }

    pub fn url(&self, path: &str) -> String {
        self.app.url(self.host, path)
    }

    pub async fn goto(&self, path: &str) {
        self.client.goto(&self.url(path)).await.unwrap_or_else(|e| panic!("GET {path}: {e}"));
    }

    pub async fn path(&self) -> String {
        let url = self.client.current_url().await.unwrap();
        match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_owned(),
        }
    }

    /// Records what the guest sees now: a full-page screenshot, an axe run and
    /// the console's errors. Problems fail the test at `finish`, after every
    /// screenshot of the run is on disk.
    pub async fn step(&mut self, name: &str) {
        self.settle().await;
        self.step += 1;
        let file = self.shots.join(format!("{:02}-{name}.png", self.step));
        std::fs::write(&file, self.full_page_png().await).unwrap();
        let at = format!("step {:02}-{name} ({})", self.step, self.path().await);
        let report = axe::run(&self.client, self.options.javascript).await;
        for problem in report.violations {
            self.problems.push(format!("{at}: {problem}"));
        }
        for item in report.incomplete {
            self.review.push(format!("{at}: {item}"));
        }
        for line in self.console_errors().await {
            self.problems.push(format!("{at}: console: {line}"));
        }
    }

    /// Fails the test with every problem the steps recorded, then closes the browser.
    pub async fn finish(mut self) {
        let problems = std::mem::take(&mut self.problems);
        let review = if self.review.is_empty() { "Nothing to review.\n".to_owned() } else { self.review.join("\n\n") };
        std::fs::write(self.shots.join("axe-review.txt"), review).unwrap();
        if self.client.clone().close().await.is_ok() {
            self.driver.session = None;
        }
        assert!(
            problems.is_empty(),
            "{}: {} problem(s); screenshots in {}\n\n{}",
            self.test,
            problems.len(),
            self.shots.display(),
            problems.join("\n\n")
        );
    }

    /// Cuts the browser's network (or gives it back), as a lost connection would.
    pub async fn set_offline(&self, offline: bool) {
        self.cdp("Network.enable", json!({})).await;
        let conditions = json!({ "offline": offline, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1 });
        self.cdp("Network.emulateNetworkConditions", conditions).await;
    }

    pub async fn cdp(&self, cmd: &str, params: Value) -> Value {
        self.client
            .issue_cmd(Raw { path: "goog/cdp/execute", body: json!({ "cmd": cmd, "params": params }) })
            .await
            .unwrap_or_else(|e| panic!("CDP {cmd}: {e}"))
    }

    async fn full_page_png(&self) -> Vec<u8> {
        let metrics = self.cdp("Page.getLayoutMetrics", json!({})).await;
        let size = &metrics["cssContentSize"];
        let width = size["width"].as_f64().unwrap_or(self.options.width as f64).max(self.options.width as f64);
        let height = size["height"].as_f64().unwrap_or(self.options.height as f64).min(8000.0);
        let shot = self
            .cdp(
                "Page.captureScreenshot",
                json!({
                    "format": "png",
                    "captureBeyondViewport": true,
                    "clip": { "x": 0, "y": 0, "width": width, "height": height, "scale": 1 }
                }),
            )
            .await;
        base64::engine::general_purpose::STANDARD.decode(shot["data"].as_str().expect("screenshot data")).unwrap()
    }

    /// Forgets the console errors so far (those a test caused on purpose).
    pub async fn forget_console_errors(&self) {
        self.console_errors().await;
    }

    /// Console errors since the last call (CSP violations, failed loads, script errors).
    async fn console_errors(&self) -> Vec<String> {
        let Ok(entries) = self.client.issue_cmd(Raw { path: "se/log", body: json!({ "type": "browser" }) }).await
        else {
            return Vec::new();
        };
        entries
            .as_array()
            .into_iter()
            .flatten()
            .filter(|e| e["level"] == "SEVERE")
            .map(|e| e["message"].as_str().unwrap_or_default().to_owned())
            // 422 (validation) and 404 pages are answers, not faults; favicon
            // requests get the 404 page.
            .filter(|m| !m.contains("the server responded with a status of 4"))
            .collect()
    }

    /// Waits until no htmx request is in flight and the document has loaded.
    pub async fn settle(&self) {
        if self.options.javascript {
            self.wait_js("document.readyState === 'complete' && !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')").await;
        }
    }

    /// Runs `script` (a function body) and returns its result.
    pub async fn js(&self, script: &str, args: Vec<Value>) -> Value {
        self.client.execute(script, args).await.unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    /// Polls the boolean expression `expr` until it holds.
    pub async fn wait_js(&self, expr: &str) {
        let deadline = Instant::now() + PATIENCE;
        loop {
            if self.client.execute(&format!("return !!({expr});"), vec![]).await.ok() == Some(Value::Bool(true)) {
                return;
            }
            if Instant::now() > deadline {
                panic!("waited {PATIENCE:?} for `{expr}` on {}", self.path().await);
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    pub async fn find(&self, css: &str) -> Element {
        self.wait_for(Locator::Css(css)).await.unwrap_or_else(|e| panic!("no `{css}` on the page: {e}"))
    }

    /// Waits for an element. A lookup that races a page load (a form posted
    /// without JavaScript) can be "aborted by navigation": it looks again on
    /// the new page rather than failing.
    async fn wait_for(&self, locator: Locator<'_>) -> Result<Element, fantoccini::error::CmdError> {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.client.wait().at_most(left).for_element(locator).await {
                Err(e) if e.to_string().contains("aborted by navigation") && Instant::now() < deadline => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                found => return found,
            }
        }
    }

    pub async fn text(&self, css: &str) -> String {
        self.find(css).await.text().await.unwrap()
    }

    /// Replaces the value of the field `css` by typing `value`.
    pub async fn fill(&self, css: &str, value: &str) {
        let field = self.find(css).await;
        field.clear().await.unwrap();
        field.send_keys(value).await.unwrap();
    }

    /// The guest details form, filled in for Ada Lovelace with the hotel's
    /// terms accepted (special requests and arrival time left as they are).
    pub async fn fill_guest_details(&self) {
        self.fill("#first_name", "Ada").await;
        self.fill("#last_name", "Lovelace").await;
        self.fill("#email", "ada@example.com").await;
        self.fill("#phone", "+44 20 7946 0000").await;
        self.fill("#country", "GB").await;
        self.accept_terms().await;
    }

    /// Ticks the box that accepts the hotel's terms and privacy notice, unless
    /// it is ticked already.
    pub async fn accept_terms(&self) {
        let tick = self.find("#accept_terms").await;
        if !tick.is_selected().await.unwrap() {
            tick.click().await.unwrap_or_else(|e| panic!("tick the terms: {e}"));
        }
    }

    /// Types an ISO date into a native date input, as a guest would.
    pub async fn fill_date(&self, css: &str, iso: &str) {
        let field = self.find(css).await;
        field.send_keys(&self.date_keys(iso).await).await.unwrap();
        let value = field.prop("value").await.unwrap().unwrap_or_default();
        assert_eq!(value, iso, "typing {iso} into the date input {css}");
    }

    pub async fn click(&self, css: &str) {
        self.find(css).await.click().await.unwrap_or_else(|e| panic!("click `{css}`: {e}"));
    }

    /// Clicks the button or link whose text contains `text`.
    pub async fn click_text(&self, text: &str) {
        let xpath = format!("//*[self::button or self::a][contains(normalize-space(.), {})]", xpath_literal(text));
        let found = self.wait_for(Locator::XPath(&xpath)).await;
        let el = match found {
            Ok(el) => el,
            Err(e) => panic!("no button or link `{text}` on {}: {e}", self.path().await),
        };
        el.click().await.unwrap_or_else(|e| panic!("click `{text}`: {e}"));
    }

    /// Marks the current document; `same_document` tells later whether an
    /// htmx swap happened in place (true) or the page was replaced (false).
    pub async fn mark_document(&self) {
        self.js("window.__bfftbMark = true; return null;", vec![]).await;
    }

    pub async fn same_document(&self) -> bool {
        self.js("return window.__bfftbMark === true;", vec![]).await == Value::Bool(true)
    }

    /// Follows the link or button `css` as a keyboard user does: the focus on
    /// it (where Tab would bring it), then Enter.
    pub async fn follow_by_keyboard(&self, css: &str) {
        let element = self.find(css).await;
        let element = serde_json::to_value(&element).unwrap();
        self.js("arguments[0].focus();", vec![element]).await;
        let focused =
            self.js(&format!("return document.activeElement === document.querySelector(\"{css}\");"), vec![]).await;
        assert_eq!(focused, true, "`{css}` takes the focus");
        self.press(Key::Enter).await;
    }

    /// On the landing, htmx comes with the guest's first interaction, not with
    /// the page: checks that it has not come yet, presses Shift (an interaction
    /// that changes nothing on the page) and waits for it to arrive.
    pub async fn htmx_on_first_interaction(&self) {
        let before = self.js("return typeof window.htmx;", vec![]).await;
        assert_eq!(before, "undefined", "htmx came with the landing, before any interaction");
        self.press(Key::Shift).await;
        self.wait_js("!!window.htmx && !!document.querySelector('meta[name=\"htmx-on-interaction\"]')").await;
    }

    pub async fn press(&self, key: Key) {
        self.keys(&[char::from(key)]).await;
    }

    pub async fn shift_tab(&self) {
        let shift: char = Key::Shift.into();
        let tab: char = Key::Tab.into();
        let actions = KeyActions::new("keyboard".into())
            .then(KeyAction::Down { value: shift })
            .then(KeyAction::Down { value: tab })
            .then(KeyAction::Up { value: tab })
            .then(KeyAction::Up { value: shift });
        self.client.perform_actions(actions).await.unwrap();
    }

    /// Types characters into whatever has focus, as a keyboard would.
    pub async fn keys(&self, chars: &[char]) {
        let mut actions = KeyActions::new("keyboard".into());
        for &c in chars {
            actions = actions.then(KeyAction::Down { value: c }).then(KeyAction::Up { value: c });
        }
        self.client.perform_actions(actions).await.unwrap();
    }

    pub async fn type_text(&self, text: &str) {
        self.keys(&text.chars().collect::<Vec<_>>()).await;
    }

    /// The keystrokes that enter `iso` (YYYY-MM-DD) into a date input: its
    /// segments come in the order of the browser's locale.
    pub async fn date_keys(&self, iso: &str) -> String {
        let order = self
            .js(
                "return new Intl.DateTimeFormat().formatToParts(new Date(2000, 10, 22))\
                 .filter(p => p.type !== 'literal').map(p => p.type).join(',');",
                vec![],
            )
            .await;
        let mut parts = iso.split('-');
        let (y, m, d) = (parts.next().unwrap(), parts.next().unwrap(), parts.next().unwrap());
        order
            .as_str()
            .unwrap_or("month,day,year")
            .split(',')
            .map(|part| match part {
                "year" => y,
                "month" => m,
                _ => d,
            })
            .collect()
    }

    /// Problems found so far (for tests that add their own checks).
    pub fn problem(&mut self, problem: String) {
        self.problems.push(problem);
    }
}

fn xpath_literal(s: &str) -> String {
    if !s.contains('\'') {
        format!("'{s}'")
    } else if !s.contains('"') {
        format!("\"{s}\"")
    } else {
        format!("concat('{}')", s.replace('\'', "', \"'\", '"))
    }
}
