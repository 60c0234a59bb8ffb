//! Test harness: the real server on a free port (with its embedded demo
//! platform), a cookie-keeping client that does not follow redirects, and a real
//! `redis-server` on a free port for the tests that need Redis.
#![allow(dead_code)]

pub mod contract;

use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use bff_tenant_booking::config::Settings;
use bff_tenant_booking::secret::Secret;
use bff_tenant_booking::startup::{self, App};
use reqwest::redirect::Policy;

pub const TENANT_HOSTS: &[&str] = &["aurora.localhost", "kestrel.localhost", "solstice.localhost", "localhost"];

pub struct TestApp {
    pub addr: SocketAddr,
    /// The metrics listener (`METRICS_ADDR`, a free port in tests).
    pub metrics_addr: SocketAddr,
    pub demo_url: String,
    pub state: Arc<bff_tenant_booking::http::AppState>,
}

/// Runs a test on each session and draft store: `memory` (the embedded
/// default) and `redis` (a real `redis-server` on a free port). The body is an
/// async block over `app: &TestApp` and, when it names a second argument,
/// `redis: Option<&RedisServer>` (`Some` on Redis, to look at the keys); a
/// leading `settings = <closure>;` changes the settings of both. The tests are
/// `<name>::memory` and `<name>::redis`.
///
/// A list of scenarios, `on_each_store![a, b]` (each an `async fn(&TestApp)`
/// of the module), gives `memory::a`, `redis::a`, ….
#[macro_export]
macro_rules! on_each_store {
    ($($scenario:ident),+ $(,)?) => {
        mod memory {
            $(#[tokio::test]
            async fn $scenario() {
                super::$scenario(&$crate::common::TestApp::spawn().await).await;
            })+
        }
        mod redis {
            $(#[tokio::test]
            async fn $scenario() {
                let redis = $crate::common::RedisServer::start().await;
                super::$scenario(&$crate::common::TestApp::with_redis(&redis).await).await;
            })+
        }
    };
    ($(#[$meta:meta])* async fn $name:ident($app:ident: &TestApp) $body:block) => {
        $crate::on_each_store! {
            settings = |_| {};
            $(#[$meta])* async fn $name($app: &TestApp, _redis: Option<&RedisServer>) $body
        }
    };
    ($(#[$meta:meta])* async fn $name:ident($app:ident: &TestApp, $redis:ident: Option<&RedisServer> $(,)?) $body:block) => {
        $crate::on_each_store! {
            settings = |_| {};
            $(#[$meta])* async fn $name($app: &TestApp, $redis: Option<&RedisServer>) $body
        }
    };
    (settings = $configure:expr; $(#[$meta:meta])* async fn $name:ident($app:ident: &TestApp) $body:block) => {
        $crate::on_each_store! {
            settings = $configure;
            $(#[$meta])* async fn $name($app: &TestApp, _redis: Option<&RedisServer>) $body
        }
    };
    (settings = $configure:expr; $(#[$meta:meta])* async fn $name:ident($app:ident: &TestApp, $redis:ident: Option<&RedisServer> $(,)?) $body:block) => {
        $(#[$meta])*
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            async fn body($app: &$crate::common::TestApp, $redis: Option<&$crate::common::RedisServer>) $body

            #[tokio::test]
            async fn memory() {
                let app = $crate::common::TestApp::builder().with($configure).spawn().await;
                body(&app, None).await;
            }

            #[tokio::test]
            async fn redis() {
                let redis = $crate::common::RedisServer::start().await;
                let app = $crate::common::TestApp::builder().redis(&redis).with($configure).spawn().await;
                body(&app, Some(&redis)).await;
            }
        }
    };
}

/// How a [`TestApp`] is made: the embedded default, changed by `with`; on a
/// real Redis with `redis`; on a demo platform of its own, as on a real
/// platform (not demo mode), with `platform`; with a stub tenant-config
/// upstream in front of that platform with `tenant_config`.
#[must_use]
pub struct TestAppBuilder<'a> {
    redis_url: Option<String>,
    platform: Option<String>,
    tenant_config: Option<StubUpstream<'a>>,
    configure: Vec<Configure<'a>>,
}

/// A stub upstream's routes, given the platform's base URL.
type StubUpstream<'a> = Box<dyn FnOnce(&str) -> axum::Router + Send + 'a>;
/// A change to the settings.
type Configure<'a> = Box<dyn FnOnce(&mut Settings) + Send + 'a>;

impl<'a> TestAppBuilder<'a> {
    /// Sessions, drafts and the handoff ledger in this Redis.
    pub fn redis(mut self, redis: &RedisServer) -> Self {
        self.redis_url = Some(redis.url());
        self
    }

    /// A change to the settings, applied after the builder's own.
    pub fn with(mut self, configure: impl FnOnce(&mut Settings) + Send + 'a) -> Self {
        self.configure.push(Box::new(configure));
        self
    }

    /// Every upstream — iam included — is the platform at `base_url` (a
    /// `demo::start()`), not an embedded one: real secrets are set, as outside
    /// demo mode the published demo ones are refused.
    pub fn platform(mut self, base_url: &str) -> Self {
        self.platform = Some(base_url.to_owned());
        self
    }

    /// Tenant configuration comes from `stub` (given the platform's base URL,
    /// to pass calls through); the other upstreams from the platform (one is
    /// started when none was given).
    pub fn tenant_config(mut self, stub: impl FnOnce(&str) -> axum::Router + Send + 'a) -> Self {
        self.tenant_config = Some(Box::new(stub));
        self
    }

    pub async fn spawn(self) -> TestApp {
        let (settings, platform) = self.settings_and_platform().await;
        let app: App = startup::build(settings).await.expect("the app builds");
        let (addr, metrics_addr) = (app.addr, app.metrics_addr);
        let state = app.state.clone();
        let demo_url = app.demo.as_ref().map(|d| d.base_url()).or(platform).unwrap_or_default();
        app.spawn();
        TestApp { addr, metrics_addr, demo_url, state }
    }

    /// The settings `spawn` would start with, for a test of start-up itself.
    pub async fn settings(self) -> Settings {
        self.settings_and_platform().await.0
    }

    async fn settings_and_platform(self) -> (Settings, Option<String>) {
        let mut settings = Settings::for_tests();
        if let Some(url) = self.redis_url {
            settings.redis_url = Some(Secret::new(url));
        }
        let mut platform = self.platform;
        if platform.is_none() && self.tenant_config.is_some() {
            platform = Some(bff_tenant_booking::demo::start().await.expect("the demo platform starts").base_url());
        }
        if let Some(base) = &platform {
            let upstreams = &mut settings.upstreams;
            for upstream in [
                &mut upstreams.tenant_config,
                &mut upstreams.availability,
                &mut upstreams.pricing,
                &mut upstreams.reservations,
                &mut upstreams.payments,
                &mut upstreams.iam,
            ] {
                *upstream = Some(base.clone());
            }
            settings.handoff_keys = Some(Secret::new("k1=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=".into()));
            settings.payment_webhook_secret = Secret::new("test-webhook-secret".into());
            if let Some(stub) = self.tenant_config {
                settings.upstreams.tenant_config = Some(serve(stub(base)).await);
            }
        }
        for configure in self.configure {
            configure(&mut settings);
        }
        (settings, platform)
    }
}

/// Serves `router` on a free loopback port: a stub upstream, a webhook
/// receiver. Returns its base URL.
pub async fn serve(router: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a free port");
    let url = format!("http://{}", listener.local_addr().expect("a bound address"));
    tokio::spawn(async move { axum::serve(listener, router).await.expect("the stub serves") });
    url
}

impl TestApp {
    pub fn builder<'a>() -> TestAppBuilder<'a> {
        TestAppBuilder { redis_url: None, platform: None, tenant_config: None, configure: Vec::new() }
    }

    /// The embedded default: in-memory stores, the built-in demo platform.
    pub async fn spawn() -> Self {
        Self::builder().spawn().await
    }

    pub async fn spawn_with(configure: impl FnOnce(&mut Settings) + Send) -> Self {
        Self::builder().with(configure).spawn().await
    }

    pub async fn with_redis(redis: &RedisServer) -> Self {
        Self::builder().redis(redis).spawn().await
    }

    /// A new guest: a fresh cookie jar, tenant hosts resolved to this server.
    pub fn guest(&self) -> Guest {
        Guest { client: client_for(self.addr, true), port: self.addr.port() }
    }

    pub fn url(&self, host: &str, path: &str) -> String {
        format!("http://{host}:{}{path}", self.addr.port())
    }

    /// Where Prometheus scrapes this instance.
    pub fn metrics_url(&self) -> String {
        format!("http://{}/metrics", self.metrics_addr)
    }

    /// The Prometheus text of this instance.
    pub async fn metrics(&self) -> String {
        let res = reqwest::get(self.metrics_url()).await.unwrap();
        assert_eq!(res.status(), reqwest::StatusCode::OK, "GET {}", self.metrics_url());
        res.text().await.unwrap()
    }

    /// Switches a demo-platform fault on (see docs/upstreams.md).
    pub async fn fault(&self, fault: serde_json::Value) {
        let res =
            reqwest::Client::new().post(format!("{}/__admin/faults", self.demo_url)).json(&fault).send().await.unwrap();
        assert!(res.status().is_success(), "setting a fault failed: {}", res.status());
    }

    /// Clears every demo-platform fault.
    pub async fn clear_faults(&self) {
        let res = reqwest::Client::new().delete(format!("{}/__admin/faults", self.demo_url)).send().await.unwrap();
        assert!(res.status().is_success(), "clearing faults failed: {}", res.status());
    }

    pub async fn demo_get(&self, path: &str) -> serde_json::Value {
        reqwest::get(format!("{}{path}", self.demo_url)).await.unwrap().json().await.unwrap()
    }
}

pub fn client_for(addr: SocketAddr, cookies: bool) -> reqwest::Client {
    let mut builder = reqwest::Client::builder().redirect(Policy::none()).timeout(Duration::from_secs(20));
    for host in TENANT_HOSTS {
        builder = builder.resolve(host, addr);
    }
    builder.cookie_store(cookies).build().unwrap()
}

/// A browser-like client with its own cookie jar.
pub struct Guest {
    pub client: reqwest::Client,
    pub port: u16,
}

impl Guest {
    pub fn url(&self, host: &str, path: &str) -> String {
        format!("http://{host}:{}{path}", self.port)
    }

    pub async fn get(&self, host: &str, path: &str) -> reqwest::Response {
        self.client.get(self.url(host, path)).send().await.unwrap()
    }

    /// A GET for JSON; the answer is checked against the OpenAPI document ([`contract`]).
    pub async fn get_json(&self, host: &str, path: &str) -> reqwest::Response {
        let res = self.client.get(self.url(host, path)).header("accept", "application/json").send().await.unwrap();
        contract::checked("GET", res).await
    }

    pub async fn get_fragment(&self, host: &str, path: &str) -> reqwest::Response {
        self.client.get(self.url(host, path)).header("hx-request", "true").send().await.unwrap()
    }
}

/// `YYYY-MM-DD` of today + `days` (UTC date; the demo calendar is relative to
/// "today" at each property, and tests stay clear of the date line).
pub fn day(days: i64) -> String {
    let today = jiff::Timestamp::now().to_zoned(jiff::tz::TimeZone::UTC).date();
    today.checked_add(jiff::Span::new().days(days)).unwrap().to_string()
}

/// A real redis-server on a free port, stopped when dropped.
pub struct RedisServer {
    pub port: u16,
    child: Option<Child>,
    dir: std::path::PathBuf,
}

impl RedisServer {
    /// Starts redis-server, or panics with a message saying how to install it.
    pub async fn start() -> Self {
        let port = free_port();
        let dir = std::env::temp_dir().join(format!("bfftb-redis-{port}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let mut server = Self { port, child: None, dir };
        server.launch().await;
        server
    }

    async fn launch(&mut self) {
        let child = Command::new("redis-server")
            .args(["--port", &self.port.to_string(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "yes"])
            .arg("--dir")
            .arg(&self.dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("redis-server is required for this test: apt-get install redis-server (scripts/test does it)");
        self.child = Some(child);
        for _ in 0..200 {
            if std::net::TcpStream::connect(("127.0.0.1", self.port)).is_ok() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        panic!("redis-server did not start on port {}", self.port);
    }

    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/", self.port)
    }

    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts the server again on the same port with the same data directory.
    pub async fn restart(&mut self) {
        self.stop();
        self.launch().await;
    }

    /// Freezes the server (`SIGSTOP`): connections stay open and what clients
    /// send is buffered unanswered, so their commands time out; [`Self::resume`]
    /// lets the server apply them.
    pub fn pause(&self) {
        self.signal("-STOP");
    }

    /// Thaws a [`Self::pause`]d server (`SIGCONT`).
    pub fn resume(&self) {
        self.signal("-CONT");
    }

    fn signal(&self, signal: &str) {
        let pid = self.child.as_ref().expect("redis-server is running").id();
        let status = Command::new("kill").args([signal, &pid.to_string()]).status().expect("kill");
        assert!(status.success(), "kill {signal} {pid}");
    }

    /// Runs a redis-cli command against this server and returns its output.
    pub fn cli(&self, args: &[&str]) -> String {
        let out =
            Command::new("redis-cli").args(["-p", &self.port.to_string()]).args(args).output().expect("redis-cli");
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.stop();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind(("127.0.0.1", 0)).unwrap().local_addr().unwrap().port()
}

impl TestApp {
    /// Changes the demo platform's settings (`POST /__admin/config`): quote and
    /// hold lifetimes, availability max-age, exchange-rate shifts.
    pub async fn demo_config(&self, patch: serde_json::Value) {
        let res =
            reqwest::Client::new().post(format!("{}/__admin/config", self.demo_url)).json(&patch).send().await.unwrap();
        assert!(res.status().is_success(), "configuring the demo failed: {}", res.status());
    }

    /// The gateway approves payment session `session`, as the hosted page would
    /// (its webhook included).
    pub async fn approve_payment(&self, session: &str) {
        let res = reqwest::Client::new()
            .post(format!("{}/__admin/payment-sessions/{session}/complete", self.demo_url))
            .json(&serde_json::json!({"status": "approved"}))
            .send()
            .await
            .unwrap();
        assert!(res.status().is_success(), "approving {session}: {}", res.status());
    }
}

impl Guest {
    /// `POST /draft` for the Classic Double at Aurora Lisbon, flexible rate, two
    /// adults: the draft most tests start from.
    pub async fn start_lisbon_draft(&self, checkin: &str, checkout: &str) -> reqwest::Response {
        let form = [
            ("property", "aurora-lisbon"),
            ("room_type", "classic-double"),
            ("rate_plan", "flex"),
            ("checkin", checkin),
            ("checkout", checkout),
            ("adults", "2"),
        ];
        self.client.post(self.url("aurora.localhost", "/draft")).form(&form).send().await.unwrap()
    }

    /// A JSON mutation based on `etag` that must succeed: the draft and its new ETag.
    pub async fn json_step(
        &self,
        host: &str,
        path: &str,
        etag: &str,
        body: serde_json::Value,
    ) -> (serde_json::Value, String) {
        let (draft, tag, status) = self.json_post(host, path, etag, body).await;
        assert!(status.is_success(), "{path}: {status}");
        (draft, tag)
    }

    /// A JSON mutation based on `etag`, whatever its outcome: the body, the
    /// ETag to send back and the status.
    pub async fn json_post(
        &self,
        host: &str,
        path: &str,
        etag: &str,
        body: serde_json::Value,
    ) -> (serde_json::Value, String, reqwest::StatusCode) {
        let res = self
            .client
            .post(self.url(host, path))
            .header("accept", "application/json")
            .header("if-match", etag)
            .json(&body)
            .send()
            .await
            .unwrap();
        let res = contract::checked("POST", res).await;
        let status = res.status();
        let tag = header(&res, "etag");
        (res.json().await.unwrap(), tag, status)
    }

    /// Web sign-in with the plain form, coming back to `back`.
    pub async fn sign_in(&self, host: &str, email: &str, password: &str, back: &str) -> reqwest::Response {
        let form = [("email", email), ("password", password), ("return", back)];
        self.client.post(self.url(host, "/signin")).form(&form).send().await.unwrap()
    }
}

/// A partner's handoff link for two adults in one room, valid for ten minutes,
/// signed with the demo key: the token (`t`) of `/handoff?t=…`.
pub fn handoff_token(
    tenant: &str,
    property: &str,
    room: Option<(&str, &str)>,
    stay: (String, String),
    prefs: (Option<&str>, Option<&str>),
) -> String {
    use bff_tenant_booking::domain::handoff::{self, HandoffClaims, HandoffKeys, HandoffSelection};
    let now = jiff::Timestamp::now().as_second();
    let claims = HandoffClaims {
        jti: handoff::new_jti(),
        tenant: tenant.into(),
        iat: now,
        exp: now + 600,
        selection: HandoffSelection {
            property: property.into(),
            checkin: stay.0,
            checkout: stay.1,
            adults: 2,
            children: vec![],
            rooms: 1,
            room_type: room.map(|(r, _)| r.into()),
            rate_plan: room.map(|(_, p)| p.into()),
            promo: None,
            currency: prefs.1.map(Into::into),
            locale: prefs.0.map(Into::into),
        },
        attribution: Default::default(),
    };
    handoff::mint(&claims, handoff::DEMO_KID, &HandoffKeys::demo()).unwrap()
}

/// The `version` hidden field of a draft page.
pub fn version_in(html: &str) -> String {
    html.split("name=\"version\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("a version field")
        .to_owned()
}

/// A page that must be there: its HTML.
pub async fn page(guest: &Guest, host: &str, path: &str) -> String {
    let res = guest.get(host, path).await;
    assert_eq!(res.status(), reqwest::StatusCode::OK, "GET {path}");
    res.text().await.unwrap()
}

/// A response header as text, empty when absent.
pub fn header(res: &reqwest::Response, name: &str) -> String {
    res.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned()
}

pub fn location(res: &reqwest::Response) -> String {
    header(res, "location")
}

/// The value of the session cookie a response sets, if any.
pub fn session_cookie(res: &reqwest::Response) -> Option<String> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|c| c.split(';').next()?.strip_prefix("sid="))
        .map(str::to_owned)
        .next()
}
/// No catalog key shows up raw in a page (what a missing message renders as).
pub fn assert_no_raw_keys(html: &str, context: &str) {
    use bff_tenant_booking::i18n::{Locale, catalog};
    for key in catalog().keys(Locale::En) {
        for (before, after) in [('>', '<'), ('"', '"'), (' ', '<')] {
            let needle = format!("{before}{key}{after}");
            assert!(!html.contains(&needle), "{context}: the key `{key}` is shown raw");
        }
    }
}
