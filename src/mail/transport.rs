//! Where e-mail goes: an SMTP server (`SMTP_URL`), or, on the embedded
//! default, `.eml` files in `MAIL_DIR` that the demo index lists.
//!
//! `smtp://` always upgrades with STARTTLS and refuses a server that does not
//! offer it; `smtps://` is TLS from the first byte. Certificates are verified
//! against the platform's roots plus `SMTP_CA_FILE`. Credentials come from the
//! URL's user info and are never logged (the URL stays a `Secret`).

use std::path::{Path, PathBuf};
use std::time::Duration;

use async_trait::async_trait;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

use super::RenderedMail;
use crate::secret::Secret;

#[derive(Debug, thiserror::Error)]
pub enum SendError {
    /// Worth trying again later: the server is down, busy, or said 4xx.
    #[error("{0}")]
    Temporary(String),
    /// Will never work as it is (a 5xx for this recipient, a message that
    /// cannot be built): given up and logged.
    #[error("{0}")]
    Permanent(String),
}

#[async_trait]
pub trait MailTransport: Send + Sync {
    async fn send(&self, mail: &RenderedMail) -> Result<(), SendError>;
}

/// One send's budget, well under the outbox lease.
pub const SEND_TIMEOUT: Duration = Duration::from_secs(20);

/// Why `SMTP_URL` / `SMTP_CA_FILE` cannot be used: the variable and the reason
/// (never the URL itself).
#[derive(Debug, thiserror::Error)]
#[error("{variable}: {message}")]
pub struct SmtpSetupError {
    pub variable: &'static str,
    pub message: String,
}

pub struct SmtpTransport {
    inner: AsyncSmtpTransport<Tokio1Executor>,
}

impl SmtpTransport {
    /// The transport `url` describes (`smtp://[user:pass@]host[:port]`, port
    /// 587, STARTTLS required; `smtps://…`, port 465, implicit TLS).
    pub fn from_url(url: &Secret<String>, ca_file: Option<&Path>) -> Result<Self, SmtpSetupError> {
        let refused = |message: String| SmtpSetupError { variable: "SMTP_URL", message };
        let parsed = url::Url::parse(url.expose()).map_err(|e| refused(format!("not a URL: {e}")))?;
        let implicit = match parsed.scheme() {
            "smtp" => false,
            "smtps" => true,
            _ => return Err(refused("must start with smtp:// (STARTTLS) or smtps:// (TLS)".into())),
        };
        let host = parsed.host_str().filter(|h| !h.is_empty()).ok_or_else(|| refused("names no host".into()))?;
        let host = host.trim_start_matches('[').trim_end_matches(']').to_owned();
        let port = parsed.port().unwrap_or(if implicit { 465 } else { 587 });
        let mut tls = TlsParameters::builder(host.clone());
        if let Some(path) = ca_file {
            let refused = |message: String| SmtpSetupError { variable: "SMTP_CA_FILE", message };
            let pem = std::fs::read(path).map_err(|e| refused(format!("cannot read {}: {e}", path.display())))?;
            let cert = Certificate::from_pem(&pem)
                .map_err(|e| refused(format!("{}: not a PEM certificate: {e}", path.display())))?;
            tls = tls.add_root_certificate(cert);
        }
        let tls = tls.build_rustls().map_err(|e| refused(format!("cannot set up TLS: {e}")))?;
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host)
            .port(port)
            .timeout(Some(SEND_TIMEOUT))
            .tls(if implicit { Tls::Wrapper(tls) } else { Tls::Required(tls) });
        if !parsed.username().is_empty() {
            let decode = |raw: &str| percent_decode(raw);
            let user = decode(parsed.username());
            let password = decode(parsed.password().unwrap_or_default());
            builder = builder.credentials(Credentials::new(user, password));
        }
        Ok(Self { inner: builder.build() })
    }
}

/// `%XX` escapes of URL user info, decoded (a password may hold `@` or `:`).
fn percent_decode(raw: &str) -> String {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = || std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok().and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex()) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[async_trait]
impl MailTransport for SmtpTransport {
    async fn send(&self, mail: &RenderedMail) -> Result<(), SendError> {
        match tokio::time::timeout(SEND_TIMEOUT, self.inner.send(mail.message.clone())).await {
            Ok(Ok(_)) => Ok(()),
            Ok(Err(e)) if e.is_permanent() => Err(SendError::Permanent(format!("the SMTP server refused it: {e}"))),
            Ok(Err(e)) => Err(SendError::Temporary(format!("SMTP: {e}"))),
            Err(_) => Err(SendError::Temporary("SMTP: no answer in time".into())),
        }
    }
}

/// The embedded default: each message as `{time}-{tenant}-{reference}-{kind}.eml`
/// (and its HTML part as `.html`, for the demo's preview) in one directory.
pub struct DirTransport {
    dir: PathBuf,
}

impl DirTransport {
    /// Creates the directory if it does not exist.
    pub fn new(dir: PathBuf) -> std::io::Result<Self> {
        std::fs::create_dir_all(&dir)?;
        Ok(Self { dir })
    }
}

/// Only `[A-Za-z0-9-]` of a name part reaches a file name.
fn file_part(raw: &str) -> String {
    raw.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').take(64).collect()
}

#[async_trait]
impl MailTransport for DirTransport {
    async fn send(&self, mail: &RenderedMail) -> Result<(), SendError> {
        let stem = format!(
            "{}-{}-{}-{}",
            jiff::Timestamp::now().strftime("%Y%m%dT%H%M%S%.3fZ").to_string().replace('.', ""),
            file_part(&mail.tenant),
            file_part(&mail.reference),
            mail.kind
        );
        let write = |ext: &str, bytes: Vec<u8>| {
            let dir = self.dir.clone();
            let name = format!("{stem}.{ext}");
            async move {
                let tmp = dir.join(format!(".{name}.tmp"));
                tokio::fs::write(&tmp, bytes).await?;
                tokio::fs::rename(&tmp, dir.join(name)).await
            }
        };
        let failed = |e: std::io::Error| SendError::Temporary(format!("writing to MAIL_DIR: {e}"));
        write("html", mail.html.clone().into_bytes()).await.map_err(failed)?;
        // The .eml last: it is what the index lists.
        write("eml", mail.message.formatted()).await.map_err(failed)?;
        Ok(())
    }
}

/// The `.eml` files of `dir`, newest first (the demo index).
pub fn list_eml(dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| is_mail_file(n) && n.ends_with(".eml"))
        .collect();
    names.sort_unstable_by(|a, b| b.cmp(a));
    names
}

/// A name this transport writes: `[A-Za-z0-9-]+` then `.eml` or `.html`. No
/// separator and no dot-dot can pass, so a request can only name a file in the
/// directory.
pub fn is_mail_file(name: &str) -> bool {
    let Some((stem, ext)) = name.rsplit_once('.') else { return false };
    matches!(ext, "eml" | "html")
        && !stem.is_empty()
        && stem.len() <= 200
        && stem.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_mail_file_names_pass() {
        assert!(is_mail_file("20260101T000000123Z-aurora-AUR1-confirmation.eml"));
        assert!(is_mail_file("x.html"));
        for bad in ["../etc/passwd", "..eml", ".eml", "a/b.eml", "a.txt", "a..eml", "a%2f.eml", "a.eml\0", ""] {
            assert!(!is_mail_file(bad), "{bad}");
        }
    }

    #[test]
    fn user_info_is_percent_decoded() {
        assert_eq!(percent_decode("p%40ss%3Aword%zz"), "p@ss:word%zz");
    }

    #[test]
    fn smtp_urls_are_checked_without_showing_them() {
        let bad = Secret::new("http://user:hunter2@mail.example".to_owned());
        let err = SmtpTransport::from_url(&bad, None).err().expect("refused");
        assert!(!err.to_string().contains("hunter2"), "{err}");
        assert!(SmtpTransport::from_url(&Secret::new("smtp://mail.example".into()), None).is_ok());
        assert!(SmtpTransport::from_url(&Secret::new("smtps://u:p@mail.example:2465".into()), None).is_ok());
    }
}
