//! Test harness: the real server on a free port (with its embedded demo
//! platform), a cookie-keeping client that does not follow redirects, and a real
//! `redis-server` on a free port for the tests that need Redis; a real SMTP
//! server ([`smtp`]) for those that read the guest's e-mail.
#![allow(dead_code)]

pub mod contract;
pub mod pki;
pub mod smtp;

use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use bff_tenant_booking::config::Settings;
use bff_tenant_booking::secret::Secret;
use bff_tenant_booking::startup::{self, App};
use reqwest::redirect::Policy;

pub use pki::Pki;

pub const TENANT_HOSTS: &[&str] = &["aurora.localhost", "kestrel.localhost", "solstice.localhost", "localhost"];

pub struct TestApp {
    pub addr: SocketAddr,
    /// The metrics listener (`METRICS_ADDR`, a free port in tests).
    pub metrics_addr: SocketAddr,
    pub demo_url: String,
    pub state: Arc<bff_tenant_booking::http::AppState>,
}

/// Runs a test on each session and draft store: `memory` (the embedded
/// default), `redis` (a real `redis-server` on a free port) and `cluster` (a
/// real Redis Cluster, 3 primaries and 3 replicas, [`RedisCluster`]). The body
/// is an async block over `app: &TestApp` and, when it names a second
/// argument, `redis: Option<&Redis>` (`Some` on Redis and on the cluster, to
/// look at the keys); a leading `settings = <closure>;` changes the settings
/// of all three. The tests are `<name>::memory`, `<name>::redis` and
/// `<name>::cluster`.
///
/// A list of scenarios, `on_each_store![a, b]` (each an `async fn(&TestApp)`
/// of the module), gives `memory::a`, `redis::a`, `cluster::a`, ….
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
        mod cluster {
            $(#[tokio::test]
            async fn $scenario() {
                let cluster = $crate::common::RedisCluster::start().await;
                super::$scenario(&$crate::common::TestApp::builder().redis_cluster(&cluster).spawn().await).await;
            })+
        }
    };
    ($(#[$meta:meta])* async fn $name:ident($app:ident: &TestApp) $body:block) => {
        $crate::on_each_store! {
            settings = |_| {};
            $(#[$meta])* async fn $name($app: &TestApp, _redis: Option<&Redis>) $body
        }
    };
    ($(#[$meta:meta])* async fn $name:ident($app:ident: &TestApp, $redis:ident: Option<&Redis> $(,)?) $body:block) => {
        $crate::on_each_store! {
            settings = |_| {};
            $(#[$meta])* async fn $name($app: &TestApp, $redis: Option<&Redis>) $body
        }
    };
    (settings = $configure:expr; $(#[$meta:meta])* async fn $name:ident($app:ident: &TestApp) $body:block) => {
        $crate::on_each_store! {
            settings = $configure;
            $(#[$meta])* async fn $name($app: &TestApp, _redis: Option<&Redis>) $body
        }
    };
    (settings = $configure:expr; $(#[$meta:meta])* async fn $name:ident($app:ident: &TestApp, $redis:ident: Option<&Redis> $(,)?) $body:block) => {
        $(#[$meta])*
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            async fn body($app: &$crate::common::TestApp, $redis: Option<&$crate::common::Redis>) $body

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

            #[tokio::test]
            async fn cluster() {
                let cluster = $crate::common::RedisCluster::start().await;
                let app = $crate::common::TestApp::builder().redis_cluster(&cluster).with($configure).spawn().await;
                body(&app, Some(&cluster)).await;
            }
        }
    };
}

/// A Redis a test can look into with `redis-cli`: one server or a cluster.
pub trait RedisCli {
    /// Runs a redis-cli command and returns its output. On a cluster a key's
    /// command goes to the node that holds it, and `--scan` scans every node.
    fn cli(&self, args: &[&str]) -> String;
}

/// What `on_each_store!` hands a body on Redis: `redis: Option<&Redis>`.
pub type Redis = dyn RedisCli + Sync;

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

    /// Sessions, drafts and the handoff ledger in this Redis Cluster.
    pub fn redis_cluster(mut self, cluster: &RedisCluster) -> Self {
        self.redis_url = Some(cluster.url());
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

/// A browser-like client with its own cookie jar (a clone shares it).
#[derive(Clone)]
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
        redis_cli(self.port, args)
    }
}

impl RedisCli for RedisServer {
    fn cli(&self, args: &[&str]) -> String {
        RedisServer::cli(self, args)
    }
}

/// `redis-cli -p <port> <args…>`: its output, trimmed.
pub fn redis_cli(port: u16, args: &[&str]) -> String {
    let out = Command::new("redis-cli").args(["-p", &port.to_string()]).args(args).output().expect("redis-cli");
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
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

/// A real Redis Cluster on free loopback ports — 3 primaries, each with a
/// replica (`redis-cli --cluster create … --cluster-replicas 1`), as
/// `scripts/redis-cluster` starts for development — in a temporary
/// directory; every node is killed when dropped. Failure is detected after
/// [`RedisCluster::NODE_TIMEOUT_MS`], so a killed primary's replica takes
/// over within a few seconds.
///
/// [`RedisCluster::start_tls`] starts it TLS-only: no plain-text port, clients,
/// replication and the cluster bus all on TLS with the certificate of a
/// [`Pki`]; its URL is `rediss-cluster://`.
pub struct RedisCluster {
    nodes: Vec<ClusterNode>,
    dir: std::path::PathBuf,
    /// The certificates of a TLS-only cluster.
    tls: Option<Pki>,
}

struct ClusterNode {
    port: u16,
    child: Option<Child>,
}

/// One node as `CLUSTER NODES` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeInfo {
    pub id: String,
    pub port: u16,
    pub primary: bool,
    /// The id of its primary, for a replica.
    pub replica_of: Option<String>,
    pub failed: bool,
}

impl RedisCluster {
    pub const NODE_TIMEOUT_MS: u64 = 1_000;

    /// Starts the six nodes and forms the cluster; returns once every node
    /// sees every slot served and every replica is in sync with its primary.
    pub async fn start() -> Self {
        Self::launch(None).await
    }

    /// As [`Self::start`], TLS only: each node serves `--tls-port` with `pki`'s
    /// certificate (`--port 0`), replicates and talks on the cluster bus over
    /// TLS (`--tls-replication`, `--tls-cluster`) and does not ask clients for
    /// a certificate. redis-cli trusts `pki`'s CA.
    pub async fn start_tls(pki: Pki) -> Self {
        Self::launch(Some(pki)).await
    }

    async fn launch(tls: Option<Pki>) -> Self {
        // Twelve distinct free ports (the nodes and their cluster buses), held
        // until all are chosen.
        let listeners: Vec<_> = (0..12).map(|_| std::net::TcpListener::bind(("127.0.0.1", 0)).unwrap()).collect();
        let ports: Vec<u16> = listeners.iter().map(|l| l.local_addr().unwrap().port()).collect();
        drop(listeners);
        let dir = std::env::temp_dir().join(format!("bfftb-cluster-{}-{}", ports[0], std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let mut cluster = Self { nodes: Vec::new(), dir, tls };
        for i in 0..6 {
            let (port, bus) = (ports[i], ports[i + 6]);
            let mut command = Command::new("redis-server");
            match &cluster.tls {
                None => command.args(["--port", &port.to_string()]),
                Some(pki) => command
                    .args(["--port", "0", "--tls-port", &port.to_string()])
                    .args(["--tls-cluster", "yes", "--tls-replication", "yes", "--tls-auth-clients", "no"])
                    .arg("--tls-cert-file")
                    .arg(pki.cert())
                    .arg("--tls-key-file")
                    .arg(pki.key())
                    .arg("--tls-ca-cert-file")
                    .arg(pki.ca()),
            };
            let child = command
                .args(["--cluster-port", &bus.to_string(), "--bind", "127.0.0.1"])
                .args(["--cluster-enabled", "yes", "--cluster-config-file", &format!("nodes-{port}.conf")])
                .args(["--cluster-node-timeout", &Self::NODE_TIMEOUT_MS.to_string()])
                .args(["--save", "", "--appendonly", "no"])
                .arg("--dir")
                .arg(&cluster.dir)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("redis-server is required for this test: apt-get install redis-server (scripts/test does it)");
            cluster.nodes.push(ClusterNode { port, child: Some(child) });
        }
        for node in &cluster.nodes {
            wait_for_port(node.port).await;
        }
        let addresses: Vec<String> = cluster.nodes.iter().map(|n| format!("127.0.0.1:{}", n.port)).collect();
        let tls_args = cluster.tls_args();
        let created = tokio::task::spawn_blocking(move || {
            Command::new("redis-cli")
                .args(&tls_args)
                .args(["--cluster", "create"])
                .args(&addresses)
                .args(["--cluster-replicas", "1", "--cluster-yes"])
                .output()
                .expect("redis-cli is required for this test: apt-get install redis-tools (scripts/test does it)")
        })
        .await
        .unwrap();
        assert!(created.status.success(), "redis-cli --cluster create: {}", String::from_utf8_lossy(&created.stdout));
        cluster.wait_for(Duration::from_secs(20), || cluster.primaries_with_replicas().len() == 3).await;
        cluster.wait_until_healthy(Duration::from_secs(20)).await;
        cluster
    }

    /// `redis-cluster://` (`rediss-cluster://` for a TLS cluster) with the
    /// three nodes that started as primaries (any one would do: the client
    /// discovers the rest).
    pub fn url(&self) -> String {
        let seeds: Vec<String> = self.nodes[..3].iter().map(|n| format!("127.0.0.1:{}", n.port)).collect();
        let scheme = if self.tls.is_some() { "rediss-cluster" } else { "redis-cluster" };
        format!("{scheme}://{}", seeds.join(","))
    }

    /// The CA a TLS cluster's certificates chain to (for `REDIS_CA_FILE`).
    pub fn ca(&self) -> Option<std::path::PathBuf> {
        self.tls.as_ref().map(Pki::ca)
    }

    /// What redis-cli needs to speak to a node: TLS trusting the cluster's CA.
    fn tls_args(&self) -> Vec<String> {
        match &self.tls {
            None => Vec::new(),
            Some(pki) => vec!["--tls".into(), "--cacert".into(), pki.ca().display().to_string()],
        }
    }

    /// `redis-cli -p <port> <args…>` on one node (over TLS on a TLS cluster):
    /// its output, trimmed.
    pub fn node_cli(&self, port: u16, args: &[&str]) -> String {
        let out = Command::new("redis-cli")
            .args(self.tls_args())
            .args(["-p", &port.to_string()])
            .args(args)
            .output()
            .expect("redis-cli");
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    }

    /// The ports of the nodes still running.
    pub fn live_ports(&self) -> Vec<u16> {
        self.nodes.iter().filter(|n| n.child.is_some()).map(|n| n.port).collect()
    }

    /// The cluster as a live node sees it.
    pub fn topology(&self) -> Vec<NodeInfo> {
        let port = self.live_ports()[0];
        self.node_cli(port, &["cluster", "nodes"])
            .lines()
            .filter_map(|line| {
                let fields: Vec<&str> = line.split_whitespace().collect();
                let port = fields.get(1)?.split(['@', ':']).nth(1)?.parse().ok()?;
                let flags = fields.get(2)?;
                Some(NodeInfo {
                    id: fields[0].to_owned(),
                    port,
                    primary: flags.contains("master"),
                    replica_of: (fields.get(3)? != &"-").then(|| fields[3].to_owned()),
                    failed: flags.contains("fail"),
                })
            })
            .collect()
    }

    /// The live primaries' ports, and each one's replica's.
    pub fn primaries_with_replicas(&self) -> Vec<(u16, u16)> {
        let nodes = self.topology();
        nodes
            .iter()
            .filter(|n| n.primary && !n.failed)
            .filter_map(|p| {
                let replica = nodes.iter().find(|r| r.replica_of.as_deref() == Some(&p.id) && !r.failed)?;
                Some((p.port, replica.port))
            })
            .collect()
    }

    /// A manual failover: `replica` takes over from its primary (which becomes
    /// its replica) once it has caught up; returns when it serves as primary.
    pub async fn failover(&self, replica: u16) {
        let answer = self.node_cli(replica, &["cluster", "failover"]);
        assert_eq!(answer, "OK", "CLUSTER FAILOVER on {replica}");
        self.wait_for(Duration::from_secs(10), || self.node_cli(replica, &["role"]).starts_with("master")).await;
    }

    /// SIGKILL: the node is gone at once, without a word to the cluster.
    pub fn kill(&mut self, port: u16) {
        let node = self.nodes.iter_mut().find(|n| n.port == port).expect("a node of this cluster");
        if let Some(mut child) = node.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Waits until every live node reports `cluster_state:ok` and every live
    /// replica's link to its primary is up.
    pub async fn wait_until_healthy(&self, within: Duration) {
        let ports = self.live_ports();
        self.wait_for(within, || {
            ports.iter().all(|p| {
                let ok = self.node_cli(*p, &["cluster", "info"]).lines().any(|l| l.trim() == "cluster_state:ok");
                let replication = self.node_cli(*p, &["info", "replication"]);
                ok && (replication.contains("role:master") || replication.contains("master_link_status:up"))
            })
        })
        .await;
    }

    async fn wait_for(&self, within: Duration, mut done: impl FnMut() -> bool) {
        let deadline = std::time::Instant::now() + within;
        while !done() {
            assert!(std::time::Instant::now() < deadline, "the cluster did not settle within {within:?}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

impl RedisCli for RedisCluster {
    fn cli(&self, args: &[&str]) -> String {
        if args.first() == Some(&"--scan") {
            // Every node scanned; a replica's copies counted once.
            let mut keys: Vec<String> = self
                .live_ports()
                .iter()
                .flat_map(|p| self.node_cli(*p, args).lines().map(str::to_owned).collect::<Vec<_>>())
                .collect();
            keys.sort();
            keys.dedup();
            return keys.join("\n");
        }
        let mut with_redirects = vec!["-c"];
        with_redirects.extend_from_slice(args);
        self.node_cli(self.live_ports()[0], &with_redirects)
    }
}

impl Drop for RedisCluster {
    fn drop(&mut self) {
        for node in &mut self.nodes {
            if let Some(mut child) = node.child.take() {
                let _ = child.kill();
                let _ = child.wait();
            }
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

async fn wait_for_port(port: u16) {
    for _ in 0..200 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("redis-server did not start on port {port}");
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

    /// Holds `guest`'s draft at `path` (details given, ETag `tag`) at `host`,
    /// asks for its payment, approves it at the demo gateway as the hosted
    /// page would (the webhook fires) and follows the guest back: the path of
    /// the confirmation.
    pub async fn pay_through(&self, guest: &Guest, host: &str, path: &str, tag: &str) -> String {
        let (_, tag) = guest.json_step(host, &format!("{path}/hold"), tag, serde_json::json!({})).await;
        let (pending, _) = guest.json_step(host, &format!("{path}/payment"), &tag, serde_json::json!({})).await;
        let redirect =
            pending["payment"]["redirectUrl"].as_str().unwrap_or_else(|| panic!("a payment page: {pending}"));
        let session = redirect.rsplit('/').next().unwrap().to_owned();
        self.approve_payment(&session).await;
        let res = guest.get(host, &format!("{path}/payment/return")).await;
        let confirmation = location(&res);
        assert!(confirmation.starts_with("/confirmation/"), "{confirmation}");
        confirmation
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

    /// A JSON draft of `selection` at `host` with Ada Lovelace's details
    /// ([`guest_details`]): its path, its ETag and the draft's JSON.
    pub async fn json_draft_with_details(
        &self,
        host: &str,
        selection: &serde_json::Value,
    ) -> (String, String, serde_json::Value) {
        self.json_draft_with(host, selection, guest_details()).await
    }

    /// [`json_draft_with_details`](Self::json_draft_with_details) with these `details`.
    pub async fn json_draft_with(
        &self,
        host: &str,
        selection: &serde_json::Value,
        details: serde_json::Value,
    ) -> (String, String, serde_json::Value) {
        let res = self
            .client
            .post(self.url(host, "/draft"))
            .header("accept", "application/json")
            .json(selection)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), reqwest::StatusCode::CREATED);
        let tag = res.headers().get("etag").expect("a draft's ETag").to_str().unwrap().to_owned();
        let draft: serde_json::Value = res.json().await.unwrap();
        let path = format!("/draft/{}", draft["id"].as_str().unwrap());
        let (draft, tag) = self.json_step(host, &format!("{path}/guest"), &tag, details).await;
        (path, tag, draft)
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
            parties: None,
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

/// A tenant-config upstream that answers as the demo platform at `demo` does
/// (the request's `Accept-Language` passed on), with `edit` applied to each
/// tenant's configuration: for tests of what a tenant could send.
pub fn edited_tenant_config(demo: String, edit: fn(&mut serde_json::Value)) -> axum::Router {
    use axum::extract::Path;
    use axum::http::{HeaderMap, StatusCode, header::ACCEPT_LANGUAGE};
    use axum::{Json, Router, routing::get};
    let hosts_demo = demo.clone();
    Router::new()
        .route(
            "/v1/hosts/{host}",
            get(move |Path(host): Path<String>| {
                let demo = hosts_demo.clone();
                async move {
                    let res = reqwest::get(format!("{demo}/v1/hosts/{host}")).await.unwrap();
                    (StatusCode::from_u16(res.status().as_u16()).unwrap(), res.text().await.unwrap())
                }
            }),
        )
        .route(
            "/v1/tenants/{id}",
            get(move |Path(id): Path<String>, headers: HeaderMap| {
                let demo = demo.clone();
                async move {
                    let mut req = reqwest::Client::new().get(format!("{demo}/v1/tenants/{id}"));
                    if let Some(lang) = headers.get(ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()) {
                        req = req.header("accept-language", lang);
                    }
                    let mut config: serde_json::Value = req.send().await.unwrap().json().await.unwrap();
                    edit(&mut config);
                    Json(config)
                }
            }),
        )
}

/// The guest details every JSON funnel test gives: Ada Lovelace, terms accepted.
pub fn guest_details() -> serde_json::Value {
    serde_json::json!({"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.com",
        "phone": "+44 20 7946 0000", "country": "GB", "accept_terms": true})
}
