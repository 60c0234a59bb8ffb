//! `rediss://` is TLS or nothing: the service on a real `redis-server
//! --tls-port` with a CA and certificates this test makes (openssl), a plain-text
//! Redis that must never see a command, a certificate nobody trusts, and
//! settings that cannot be honoured (the configuration exit code).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use crate::common::{RedisServer, TestApp, day, free_port};
use bff_tenant_booking::secret::Secret;
use reqwest::StatusCode;

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

#[test]
fn a_rediss_setting_that_cannot_be_honoured_stops_start_up_with_the_configuration_code() {
    let pki = Pki::new("settings");
    let empty = pki.dir.join("empty.pem");
    std::fs::write(&empty, "").unwrap();
    let not_a_cert = pki.dir.join("ca.key");
    let rediss = format!("rediss://127.0.0.1:{}/", free_port());
    let plain = format!("redis://127.0.0.1:{}/", free_port());
    let missing = pki.dir.join("missing.pem");
    let (ca, empty, not_a_cert, missing) =
        (pki.ca().display().to_string(), path(&empty), path(&not_a_cert), path(&missing));

    for (variable, env) in [
        ("REDIS_CA_FILE", vec![("REDIS_URL", rediss.as_str()), ("REDIS_CA_FILE", missing.as_str())]),
        ("REDIS_CA_FILE", vec![("REDIS_URL", rediss.as_str()), ("REDIS_CA_FILE", not_a_cert.as_str())]),
        ("REDIS_CA_FILE", vec![("REDIS_URL", rediss.as_str()), ("REDIS_CA_FILE", empty.as_str())]),
        // A CA for a Redis that is not spoken to over TLS: the operator meant TLS.
        ("REDIS_CA_FILE", vec![("REDIS_URL", plain.as_str()), ("REDIS_CA_FILE", ca.as_str())]),
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

/// A certificate authority and a server certificate it signed for
/// `localhost` and `127.0.0.1`, in a temporary directory.
/// A throwaway CA and a server certificate for localhost (the TLS SMTP sink
/// of `mail.rs` uses it too).
pub(crate) struct Pki {
    pub(crate) dir: PathBuf,
}

impl Pki {
    pub(crate) fn new(name: &str) -> Self {
        Self::for_host(name, "subjectAltName=DNS:localhost,IP:127.0.0.1")
    }

    /// A CA and a server certificate with this `subjectAltName` line.
    fn for_host(name: &str, san: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("bfftb-pki-{name}-{}-{}", std::process::id(), free_port()));
        std::fs::create_dir_all(&dir).unwrap();
        let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
        openssl(
            &dir,
            &["req", "-x509"],
            &ec,
            &[
                "-keyout",
                "ca.key",
                "-out",
                "ca.pem",
                "-days",
                "2",
                "-subj",
                &format!("/CN=bfftb test CA {name}"),
                "-addext",
                "basicConstraints=critical,CA:TRUE",
                "-addext",
                "keyUsage=critical,keyCertSign,cRLSign",
            ],
        );
        openssl(&dir, &["req"], &ec, &["-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost"]);
        std::fs::write(
            dir.join("server.ext"),
            format!(
                "{san}\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n"
            ),
        )
        .unwrap();
        openssl(
            &dir,
            &["x509", "-req"],
            &[],
            &[
                "-in",
                "server.csr",
                "-CA",
                "ca.pem",
                "-CAkey",
                "ca.key",
                "-CAcreateserial",
                "-out",
                "server.pem",
                "-days",
                "2",
                "-extfile",
                "server.ext",
            ],
        );
        Self { dir }
    }

    pub(crate) fn ca(&self) -> PathBuf {
        self.dir.join("ca.pem")
    }
}

impl Drop for Pki {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn openssl(dir: &Path, command: &[&str], key: &[&str], args: &[&str]) {
    let out = Command::new("openssl")
        .current_dir(dir)
        .args(command)
        .args(key)
        .args(args)
        .output()
        .expect("openssl is required for this test: apt-get install openssl (scripts/test does it)");
    assert!(out.status.success(), "openssl {command:?}: {}", String::from_utf8_lossy(&out.stderr));
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
