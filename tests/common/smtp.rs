//! A real SMTP server for the tests that read the e-mail a guest gets:
//! `tests/smtp_sink.py` (aiosmtpd, pinned in scripts/test, in `target/smtp-venv`)
//! requiring STARTTLS with a certificate from a throwaway CA ([`super::Pki`]), and the settings
//! that make the service send to it.
//!
//! [`SmtpSink::start`] is what the browser suite and most tests need;
//! [`SmtpSink::start_on`] is the sink in any mode (implicit TLS, AUTH) on a
//! chosen port, for the API suite's `mail.rs`.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use bff_tenant_booking::config::Settings;
use bff_tenant_booking::secret::Secret;
use serde_json::Value;

use super::free_port;
use super::pki::Pki;

/// How long an e-mail may take to arrive before the test fails.
const PATIENCE: Duration = Duration::from_secs(15);

/// A running `tests/smtp_sink.py`; killed when dropped.
pub struct SmtpSink {
    pub port: u16,
    dir: PathBuf,
    /// The CA that signed the sink's certificate.
    ca: PathBuf,
    child: Child,
    /// The sink's own CA when it made one, kept while the sink runs.
    own_pki: Option<Pki>,
}

impl SmtpSink {
    /// A sink that requires STARTTLS, with its own CA, on a free port.
    pub fn start(name: &str) -> Self {
        let pki = Pki::new(&format!("smtp-{name}"));
        let dir = pki.dir.join("mail");
        std::fs::create_dir_all(&dir).unwrap();
        let mut sink = Self::start_on(&pki, free_port(), "starttls", &dir, &[]);
        sink.own_pki = Some(pki);
        sink
    }

    /// A sink with `pki`'s server certificate on `port`, in `mode`
    /// (`starttls` or `tls`), writing what it receives to `dir`; `extra`:
    /// more arguments (`--user`, `--password` to require AUTH).
    pub fn start_on(pki: &Pki, port: u16, mode: &str, dir: &Path, extra: &[&str]) -> Self {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let venv = root.join("target/smtp-venv/bin/python");
        let python = std::env::var_os("SMTP_SINK_PYTHON")
            .map(PathBuf::from)
            .unwrap_or_else(|| if venv.exists() { venv } else { PathBuf::from("python3") });
        let mut child = Command::new(&python)
            .arg(root.join("tests/smtp_sink.py"))
            .args(["--port", &port.to_string(), "--mode", mode, "--dir"])
            .arg(dir)
            .arg("--cert")
            .arg(pki.dir.join("server.pem"))
            .arg("--key")
            .arg(pki.dir.join("server.key"))
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("python3 with aiosmtpd==1.4.6 (scripts/test installs it in target/smtp-venv)");
        let mut line = String::new();
        std::io::BufRead::read_line(&mut std::io::BufReader::new(child.stdout.take().unwrap()), &mut line).unwrap();
        assert_eq!(line.trim(), "READY", "the SMTP sink starts (aiosmtpd installed in target/smtp-venv?)");
        Self { port, dir: dir.to_owned(), ca: pki.ca(), child, own_pki: None }
    }

    /// Settings that send the service's e-mail here (trusting the sink's CA),
    /// polling the outbox and retrying fast.
    pub fn settings(&self) -> impl FnOnce(&mut Settings) + Send + 'static {
        let (url, ca) = (format!("smtp://localhost:{}", self.port), self.ca.clone());
        move |s| {
            s.smtp_url = Some(Secret::new(url));
            s.smtp_ca_file = Some(ca);
            s.mail_from = "bookings@ghasi.example".parse().unwrap();
            s.mail_retry_base = Duration::from_millis(200);
            s.mail_poll = Duration::from_millis(100);
        }
    }

    /// The messages received so far, oldest first, as the sink decoded them:
    /// `rcpt`, `tls`, `from`, `to`, `subject`, `text`, `html`, `attachments`.
    pub fn messages(&self) -> Vec<Value> {
        let mut names: Vec<_> = std::fs::read_dir(&self.dir)
            .unwrap()
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter(|n| n.ends_with(".json") && !n.starts_with('.'))
            .collect();
        names.sort();
        names.iter().map(|n| serde_json::from_slice(&std::fs::read(self.dir.join(n)).unwrap()).unwrap()).collect()
    }

    /// The messages once there are `count`, or whatever arrived `within`.
    pub async fn wait_for(&self, count: usize, within: Duration) -> Vec<Value> {
        let start = Instant::now();
        loop {
            let messages = self.messages();
            if messages.len() >= count || start.elapsed() > within {
                return messages;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits for the message whose subject starts with `subject`; fails the
    /// test if none arrives in time.
    pub async fn message(&self, subject: &str) -> Value {
        let start = Instant::now();
        loop {
            let found =
                self.messages().into_iter().find(|m| m["subject"].as_str().is_some_and(|s| s.starts_with(subject)));
            if let Some(message) = found {
                return message;
            }
            assert!(
                start.elapsed() < PATIENCE,
                "no e-mail `{subject}…` within {PATIENCE:?}; received: {:?}",
                self.messages().iter().map(|m| m["subject"].clone()).collect::<Vec<_>>()
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
