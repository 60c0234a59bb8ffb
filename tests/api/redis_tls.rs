//! `rediss://` is TLS or nothing: the service on a real `redis-server
//! --tls-port` with a CA and certificates this test makes (openssl), a plain-text
//! Redis that must never see a command, a certificate nobody trusts, and
//! settings that cannot be honoured (the configuration exit code).
//!
//! `rediss-cluster://` the same on a TLS-only Redis Cluster (`RedisCluster::
//! start_tls`: 3 primaries and 3 replicas, no plain-text port, replication and
//! the cluster bus on TLS too): guests book through the funnel and a replica
//! takes over; a certificate nobody trusts, a certificate for another host
//! (each node is verified by the address the cluster announces for it) or a
//! plain-text cluster stop start-up.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use crate::cluster::{Seen, aurora_link, book, consume, create, loft, loft_nights, read};
use crate::common::{Pki, RedisCli, RedisCluster, RedisServer, TestApp, day, free_port};
use bff_tenant_booking::secret::Secret;
use reqwest::StatusCode;
use serde_json::Value;

/// The exit code of every configuration error (README, Configuration).
const CONFIGURATION_ERROR: i32 = 78;

const AURORA: &str = "aurora.localhost";

#[tokio::test]
async fn rediss_to_a_tls_redis_is_ready_and_keeps_the_session_and_the_draft() {
    let pki = Pki::new("trusted");
    let redis = TlsRedis::start(&pki, free_port()).await;
    let app = spawn_on(&redis.url(), Some(pki.ca())).await;

    assert_eq!(readyz(&app).await, StatusCode::OK);
    round_trip_a_draft(&app).await;
    let keys: u64 = redis.cli(&["DBSIZE"]).parse().unwrap();
    assert!(keys > 0, "the session and the draft are in the TLS Redis");
}

#[tokio::test]
async fn redis_without_tls_keeps_working() {
    let redis = RedisServer::start().await;
    let app = TestApp::with_redis(&redis).await;

    assert_eq!(readyz(&app).await, StatusCode::OK);
    round_trip_a_draft(&app).await;
    assert_ne!(redis.cli(&["DBSIZE"]), "0");
}

#[tokio::test]
async fn rediss_to_a_plain_text_redis_does_not_start_and_sends_it_nothing() {
    let pki = Pki::new("trusted");
    let plain = RedisServer::start().await;
    let url = format!("rediss://:hunter2@127.0.0.1:{}/", plain.port);

    let err = build_on(&url, Some(pki.ca())).await.expect_err("no TLS, no start");
    assert!(!err.is_configuration(), "the server's fault, not the settings': {err}");
    assert!(!err.to_string().contains("hunter2"), "{err}");
    assert_no_commands(&plain);
}

#[tokio::test]
async fn rediss_is_not_ready_when_a_plain_text_redis_takes_the_port_and_sends_it_nothing() {
    let pki = Pki::new("trusted");
    let mut plain = RedisServer::start().await;
    plain.stop();
    let mut tls = TlsRedis::start(&pki, plain.port).await;
    let app = spawn_on(&tls.url(), Some(pki.ca())).await;
    assert_eq!(readyz(&app).await, StatusCode::OK);

    tls.stop();
    plain.restart().await;
    // The pool reconnects (50 ms doubling to 2 s): give it several tries.
    for _ in 0..8 {
        tokio::time::sleep(Duration::from_millis(500)).await;
        assert_eq!(readyz(&app).await, StatusCode::SERVICE_UNAVAILABLE);
    }
    assert_no_commands(&plain);
}

#[tokio::test]
async fn rediss_with_a_certificate_from_an_untrusted_ca_is_refused() {
    let server_pki = Pki::new("server");
    let other_ca = Pki::new("other");
    let redis = TlsRedis::start(&server_pki, free_port()).await;

    for trusted in [Some(other_ca.ca()), None] {
        let err = build_on(&redis.url(), trusted).await.expect_err("an unknown issuer is refused");
        assert!(!err.is_configuration(), "{err}");
        assert!(err.to_string().to_lowercase().contains("certificate"), "{err}");
    }
    assert_eq!(redis.cli(&["DBSIZE"]), "0", "nothing was stored");
}

#[tokio::test]
async fn rediss_with_a_trusted_certificate_for_another_host_is_refused() {
    let pki = Pki::for_host("elsewhere", "subjectAltName=DNS:redis.elsewhere.example");
    let redis = TlsRedis::start(&pki, free_port()).await;

    let err = build_on(&redis.url(), Some(pki.ca())).await.expect_err("another host's certificate is refused");
    assert!(!err.is_configuration(), "{err}");
    assert!(err.to_string().to_lowercase().contains("certificate"), "{err}");
}

/// Issue 16 with TLS: `REDIS_URL=rediss-cluster://…` and `REDIS_CA_FILE` on a
/// cluster that speaks nothing but TLS. fred connects to every primary it finds
/// in `CLUSTER SLOTS` (127.0.0.1, verified against the certificate's IP name)
/// with the same TLS connector, and again to a replica that takes over.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rediss_cluster_to_a_tls_cluster_is_ready_and_books_through_the_funnel() {
    let cluster = RedisCluster::start_tls(Pki::new("cluster")).await;
    assert!(cluster.url().starts_with("rediss-cluster://127.0.0.1:"), "{}", cluster.url());
    let demo = bff_tenant_booking::demo::start().await.expect("the demo platform starts").base_url();
    let ca = cluster.ca();
    let app =
        TestApp::builder().platform(&demo).redis_cluster(&cluster).with(move |s| s.redis_ca_file = ca).spawn().await;
    assert_eq!(readyz(&app).await, StatusCode::OK);
    let seen = Seen::default();

    // Drafts (and sessions) spread over the slots, so every primary holds some.
    let mut nights = loft_nights();
    let mut drafts = Vec::new();
    for _ in 0..12 {
        let guest = app.guest();
        let path = create(&guest, &seen, &loft(nights.next().unwrap())).await;
        let (draft, _) = read(&guest, &seen, &path).await;
        drafts.push((guest, path, draft));
    }

    // Guests book a night each, from the draft to the confirmation.
    let mut booked = Vec::new();
    for _ in 0..3 {
        let guest = app.guest();
        let (path, reference) = book(guest.clone(), seen.clone(), demo.clone(), loft(nights.next().unwrap())).await;
        let res = guest.get_json(AURORA, &format!("/confirmation/{reference}")).await;
        assert_eq!(res.status(), StatusCode::OK, "{path}: the confirmation of {reference}");
        let confirmation: Value = res.json().await.unwrap();
        assert_eq!(confirmation["reference"], reference.as_str());
        booked.push((guest, path, reference));
    }

    // A handoff link raced for by four guests is used once.
    let token = aurora_link();
    let crowd: Vec<_> = (0..4).map(|_| tokio::spawn(consume(app.guest(), seen.clone(), token.clone()))).collect();
    let mut winners = Vec::new();
    for task in crowd {
        winners.extend(task.await.expect("a consumer"));
    }
    assert_eq!(winners.len(), 1, "one winner: {winners:?}");
    assert!(winners[0].starts_with("/draft/"), "{winners:?}");

    // All of it went through at the first try: no 503, nothing refused but the
    // used link.
    for (what, status, _) in seen.all() {
        let used_link = what == "handoff" && status == StatusCode::CONFLICT;
        assert!(status.is_success() || status.is_redirection() || used_link, "{what}: {status}");
    }

    // It is all in the TLS cluster, on every primary.
    let keys = cluster.cli(&["--scan", "--pattern", "bff-tenant-booking:*"]);
    for kind in ["session:", "draft:", "draft-of-booking:aurora:", "handoff:aurora:", "confirmation:aurora:"] {
        assert!(keys.contains(&format!("bff-tenant-booking:{kind}")), "no {kind} key in {keys}");
    }
    let pairs = cluster.primaries_with_replicas();
    assert_eq!(pairs.len(), 3, "3 primaries, each with its replica (TLS replication)");
    for (primary, _) in &pairs {
        let keys: u64 = cluster.node_cli(*primary, &["DBSIZE"]).parse().unwrap();
        assert!(keys > 0, "the primary on {primary} holds none of the keys");
    }

    // A replica takes over: the pool follows the new slot map to it, over TLS.
    let (_, replica) = pairs[0];
    cluster.failover(replica).await;
    for (guest, path, draft) in &drafts {
        let (now, _) = read(guest, &seen, path).await;
        assert_eq!(now["version"], draft["version"], "{path} is intact");
    }
    for (guest, path, reference) in &booked {
        let (draft, _) = read(guest, &seen, path).await;
        assert_eq!(draft["state"], "confirmed", "{path}");
        assert_eq!(draft["bookingRef"], reference.as_str(), "{path}");
    }
    assert_eq!(readyz(&app).await, StatusCode::OK);
}

/// A TLS cluster whose CA is not trusted — another CA named, or none
/// (`REDIS_CA_FILE` unset: the system's CAs alone) — stops start-up with a
/// certificate error; the service never starts, so it is never ready.
#[tokio::test]
async fn rediss_cluster_with_a_certificate_from_an_untrusted_ca_is_refused() {
    let cluster = RedisCluster::start_tls(Pki::new("cluster-server")).await;
    let other_ca = Pki::new("cluster-other");

    for trusted in [Some(other_ca.ca()), None] {
        let err = build_on(&cluster.url(), trusted).await.expect_err("an unknown issuer is refused");
        assert!(!err.is_configuration(), "{err}");
        assert!(err.to_string().to_lowercase().contains("certificate"), "{err}");
    }
    assert_eq!(cluster.cli(&["--scan"]), "", "nothing was stored");
}

/// The nodes' names as the cluster announces them (127.0.0.1) are verified
/// against their certificate, which here names another host.
#[tokio::test]
async fn rediss_cluster_with_a_trusted_certificate_for_another_host_is_refused() {
    let pki = Pki::for_host("cluster-elsewhere", "subjectAltName=DNS:redis.elsewhere.example");
    let cluster = RedisCluster::start_tls(pki).await;

    let err = build_on(&cluster.url(), cluster.ca()).await.expect_err("another host's certificate is refused");
    assert!(!err.is_configuration(), "{err}");
    assert!(err.to_string().to_lowercase().contains("certificate"), "{err}");
}

/// A node is verified against the address the cluster announces for it in
/// `CLUSTER SLOTS` (here 127.0.0.1), not against the seed's name in the URL:
/// certificates that name only `localhost` let the seed `localhost:…` in,
/// and the nodes found through it are refused.
#[tokio::test]
async fn rediss_cluster_verifies_each_node_by_the_address_the_cluster_announces() {
    let cluster = RedisCluster::start_tls(Pki::for_host("cluster-localhost", "subjectAltName=DNS:localhost")).await;
    let url = cluster.url().replace("127.0.0.1", "localhost");

    let err = build_on(&url, cluster.ca()).await.expect_err("127.0.0.1 is not in the certificate");
    assert!(!err.is_configuration(), "{err}");
    // The seed's certificate is good for `localhost`: what is refused is a
    // node's, for 127.0.0.1.
    assert!(err.to_string().to_lowercase().contains("certificate"), "{err}");
}

/// `rediss-cluster://` to a cluster that speaks plain text: start-up fails,
/// the password is in no message, and no node processed a command of ours.
#[tokio::test]
async fn rediss_cluster_to_a_plain_text_cluster_does_not_start_and_sends_it_nothing() {
    let pki = Pki::new("cluster-plain");
    let plain = RedisCluster::start().await;
    let url = plain.url().replacen("redis-cluster://", "rediss-cluster://:hunter2@", 1);
    for port in plain.live_ports() {
        plain.node_cli(port, &["CONFIG", "RESETSTAT"]);
    }

    let err = build_on(&url, Some(pki.ca())).await.expect_err("no TLS, no start");
    assert!(!err.is_configuration(), "the server's fault, not the settings': {err}");
    assert!(!err.to_string().contains("hunter2"), "{err}");
    for port in plain.live_ports() {
        let stats = plain.node_cli(port, &["INFO", "commandstats"]);
        // The cluster's own traffic: replicas' acknowledgements and pings, and
        // this test's RESETSTAT and INFO.
        let ours = ["cmdstat_info:", "cmdstat_config|resetstat:", "cmdstat_replconf:", "cmdstat_ping:"];
        let commands: Vec<&str> =
            stats.lines().filter(|l| l.starts_with("cmdstat_") && !ours.iter().any(|o| l.starts_with(o))).collect();
        assert!(commands.is_empty(), "the plain-text node on {port} saw commands: {commands:?}");
    }
    assert_eq!(plain.cli(&["--scan"]), "", "nothing was stored");
}

#[test]
fn a_rediss_setting_that_cannot_be_honoured_stops_start_up_with_the_configuration_code() {
    let pki = Pki::new("settings");
    let empty = pki.dir.join("empty.pem");
    std::fs::write(&empty, "").unwrap();
    let not_a_cert = pki.dir.join("ca.key");
    let rediss = format!("rediss://127.0.0.1:{}/", free_port());
    let plain = format!("redis://127.0.0.1:{}/", free_port());
    let rediss_cluster = format!("rediss-cluster://127.0.0.1:{},127.0.0.1:{}", free_port(), free_port());
    let plain_cluster = format!("redis-cluster://127.0.0.1:{}", free_port());
    let missing = pki.dir.join("missing.pem");
    let (ca, empty, not_a_cert, missing) =
        (pki.ca().display().to_string(), path(&empty), path(&not_a_cert), path(&missing));

    for (variable, env) in [
        ("REDIS_CA_FILE", vec![("REDIS_URL", rediss.as_str()), ("REDIS_CA_FILE", missing.as_str())]),
        ("REDIS_CA_FILE", vec![("REDIS_URL", rediss.as_str()), ("REDIS_CA_FILE", not_a_cert.as_str())]),
        ("REDIS_CA_FILE", vec![("REDIS_URL", rediss.as_str()), ("REDIS_CA_FILE", empty.as_str())]),
        // A CA for a Redis that is not spoken to over TLS: the operator meant TLS.
        ("REDIS_CA_FILE", vec![("REDIS_URL", plain.as_str()), ("REDIS_CA_FILE", ca.as_str())]),
        // The same for a cluster.
        ("REDIS_CA_FILE", vec![("REDIS_URL", rediss_cluster.as_str()), ("REDIS_CA_FILE", missing.as_str())]),
        ("REDIS_CA_FILE", vec![("REDIS_URL", plain_cluster.as_str()), ("REDIS_CA_FILE", ca.as_str())]),
        ("REDIS_URL", vec![("REDIS_URL", rediss_cluster.as_str()), ("SSL_CERT_FILE", empty.as_str())]),
        // No system certificate authorities and no REDIS_CA_FILE: nothing to verify with.
        ("REDIS_URL", vec![("REDIS_URL", rediss.as_str()), ("SSL_CERT_FILE", empty.as_str())]),
    ] {
        let mut env = env;
        env.extend([("LISTEN_ADDR", "127.0.0.1:0"), ("METRICS_ADDR", "127.0.0.1:0"), ("LOG_FORMAT", "json")]);
        let (code, stderr) = run_binary(&env);
        assert_eq!(code, Some(CONFIGURATION_ERROR), "{env:?}: {stderr}");
        assert!(stderr.contains(variable), "{env:?} names {variable}: {stderr}");
    }
}

fn path(p: &Path) -> String {
    p.display().to_string()
}

async fn spawn_on(url: &str, ca: Option<PathBuf>) -> TestApp {
    let url = url.to_owned();
    TestApp::spawn_with(move |s| {
        s.redis_url = Some(Secret::new(url));
        s.redis_ca_file = ca;
    })
    .await
}

async fn build_on(url: &str, ca: Option<PathBuf>) -> Result<(), bff_tenant_booking::startup::StartupError> {
    let mut settings = bff_tenant_booking::config::Settings::for_tests();
    settings.redis_url = Some(Secret::new(url.to_owned()));
    settings.redis_ca_file = ca;
    // Bounded: a refused handshake must end start-up, not hang it.
    let built = tokio::time::timeout(Duration::from_secs(10), bff_tenant_booking::startup::build(settings))
        .await
        .expect("start-up ends");
    built.map(drop)
}

async fn readyz(app: &TestApp) -> StatusCode {
    reqwest::get(format!("http://{}/readyz", app.addr)).await.unwrap().status()
}

/// A guest starts a draft (session cookie and draft written to Redis), fills
/// in their details (a compare-and-set on the draft) and reads it back.
async fn round_trip_a_draft(app: &TestApp) {
    let guest = app.guest();
    let res = guest.start_lisbon_draft(&day(30), &day(32)).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let draft = crate::common::location(&res);
    let res = guest.get_json(AURORA, &draft).await;
    assert_eq!(res.status(), StatusCode::OK, "GET {draft}");
    let tag = crate::common::header(&res, "etag");
    let details = serde_json::json!({"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.com",
        "phone": "+351 912 345 678", "country": "PT", "accept_terms": true});
    guest.json_step(AURORA, &format!("{draft}/guest"), &tag, details).await;
    let back = guest.get_json(AURORA, &draft).await.text().await.unwrap();
    assert!(back.contains("Lovelace"), "the step is kept: {back}");
}

/// The plain-text server processed no command from the service: only the
/// `INFO` this asks with.
fn assert_no_commands(plain: &RedisServer) {
    let stats = plain.cli(&["INFO", "commandstats"]);
    let commands: Vec<&str> =
        stats.lines().filter(|l| l.starts_with("cmdstat_") && !l.starts_with("cmdstat_info:")).collect();
    assert!(commands.is_empty(), "the plain-text server saw commands: {commands:?}");
    assert_eq!(plain.cli(&["DBSIZE"]), "0");
}

/// Runs the binary with only `env` set until it ends by itself (at most 15 s):
/// its exit code and standard error.
fn run_binary(env: &[(&str, &str)]) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_bff-tenant-booking"))
        .env_clear()
        .envs(env.iter().copied())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(15);
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("still running with {env:?}: it was not refused");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
}

/// A real `redis-server` that speaks TLS only (`--port 0 --tls-port`), with the
/// certificate of a [`Pki`], stopped when dropped.
struct TlsRedis {
    port: u16,
    dir: PathBuf,
    pki: PathBuf,
    child: Option<Child>,
}

impl TlsRedis {
    async fn start(pki: &Pki, port: u16) -> Self {
        let dir = pki.dir.join(format!("redis-{port}"));
        std::fs::create_dir_all(&dir).unwrap();
        let file = |name: &str| pki.dir.join(name);
        let child = Command::new("redis-server")
            .args(["--port", "0", "--tls-port", &port.to_string(), "--bind", "127.0.0.1"])
            .args(["--save", "", "--appendonly", "no", "--tls-auth-clients", "no"])
            .arg("--tls-cert-file")
            .arg(file("server.pem"))
            .arg("--tls-key-file")
            .arg(file("server.key"))
            .arg("--tls-ca-cert-file")
            .arg(file("ca.pem"))
            .arg("--dir")
            .arg(&dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("redis-server is required for this test: apt-get install redis-server (scripts/test does it)");
        let server = Self { port, dir, pki: pki.dir.clone(), child: Some(child) };
        for _ in 0..200 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return server;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        panic!("redis-server --tls-port {port} did not start");
    }

    fn url(&self) -> String {
        format!("rediss://127.0.0.1:{}/", self.port)
    }

    /// Runs a redis-cli command over TLS (trusting the server's own CA).
    fn cli(&self, args: &[&str]) -> String {
        let out = Command::new("redis-cli")
            .args(["--tls", "-h", "127.0.0.1", "-p", &self.port.to_string()])
            .arg("--cacert")
            .arg(self.pki.join("ca.pem"))
            .args(args)
            .output()
            .expect("redis-cli");
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    }

    fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for TlsRedis {
    fn drop(&mut self) {
        self.stop();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
