//! The one fred pool of the process. Commands time out well under a second and
//! the pool reconnects forever, so a Redis restart heals by itself and a Redis
//! that accepts connections but never answers cannot hang a guest's request.
//!
//! A `rediss://` URL is always TLS (rustls on the aws-lc-rs provider reqwest
//! already brings), verified against the system's roots plus `REDIS_CA_FILE`:
//! it never falls back to plain text.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use tower_sessions_redis_store::fred::prelude::*;
use tower_sessions_redis_store::fred::rustls::pki_types::pem::PemObject;
use tower_sessions_redis_store::fred::rustls::{self, ClientConfig, RootCertStore};
use tower_sessions_redis_store::fred::types::config::{
    ReconnectPolicy, TlsConfig, TlsConnector, TlsHostMapping, UnresponsiveConfig,
};

pub use tower_sessions_redis_store::fred::prelude::Pool as RedisPool;

pub const COMMAND_TIMEOUT: Duration = Duration::from_millis(500);

/// Why a `REDIS_URL` / `REDIS_CA_FILE` pair cannot be used as configured: the
/// variable to fix and what is wrong with it.
#[derive(Debug, thiserror::Error)]
#[error("{variable}: {message}")]
pub struct TlsSetupError {
    pub variable: &'static str,
    pub message: String,
}

/// Whether `url` asks for TLS (`rediss://`).
pub fn wants_tls(url: &str) -> bool {
    url.starts_with("rediss://")
}

/// The TLS client a `rediss://` URL connects with: the system's certificate
/// authorities (as rustls-native-certs finds them, `SSL_CERT_FILE` included)
/// plus every certificate of `ca_file` (PEM). Refuses to build one that trusts
/// nobody, or a `ca_file` that cannot be read or holds no certificate.
pub fn tls_connector(ca_file: Option<&Path>) -> Result<TlsConnector, TlsSetupError> {
    let mut roots = RootCertStore::empty();
    let system = tower_sessions_redis_store::fred::rustls_native_certs::load_native_certs();
    let (added, _ignored) = roots.add_parsable_certificates(system.certs);
    if !system.errors.is_empty() {
        tracing::warn!(loaded = added, errors = ?system.errors, "some system certificate authorities could not be read");
    }
    if let Some(path) = ca_file {
        let refused = |message: String| TlsSetupError { variable: "REDIS_CA_FILE", message };
        let pem = std::fs::read(path).map_err(|e| refused(format!("cannot read {}: {e}", path.display())))?;
        let mut certificates = 0;
        for cert in rustls::pki_types::CertificateDer::pem_slice_iter(&pem) {
            let cert = cert.map_err(|e| refused(format!("{} is not PEM: {e}", path.display())))?;
            roots.add(cert).map_err(|e| refused(format!("{}: not a CA certificate: {e}", path.display())))?;
            certificates += 1;
        }
        if certificates == 0 {
            return Err(refused(format!("{} holds no PEM certificate", path.display())));
        }
    }
    if roots.is_empty() {
        return Err(TlsSetupError {
            variable: "REDIS_URL",
            message: "rediss:// needs a certificate authority to trust, and the system has none: set REDIS_CA_FILE"
                .into(),
        });
    }
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| TlsSetupError { variable: "REDIS_URL", message: format!("TLS: {e}") })?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(TlsConnector::from(config))
}

/// Connects the pool. `tls` is required for a `rediss://` URL (see
/// [`tls_connector`]) and refused for a `redis://` one, so what the URL says
/// is what happens on the wire.
pub async fn connect(url: &str, tls: Option<TlsConnector>) -> Result<Pool, Error> {
    // fred would build its own connector for `rediss://` (system roots only,
    // failing on any unreadable one): parse the URL as plain and set ours.
    let mut config = match url.strip_prefix("rediss://") {
        Some(rest) => Config::from_url(&format!("redis://{rest}"))?,
        None => Config::from_url(url)?,
    };
    config.tls = match (wants_tls(url), tls) {
        (true, Some(connector)) => Some(TlsConfig { connector, hostnames: TlsHostMapping::None }),
        (true, None) => return Err(Error::new(ErrorKind::Config, "rediss:// without a TLS connector")),
        (false, Some(_)) => return Err(Error::new(ErrorKind::Config, "a TLS connector for a redis:// URL")),
        (false, None) => None,
    };
    let pool = Builder::from_config(config)
        .with_connection_config(|c| {
            c.connection_timeout = Duration::from_millis(1_000);
            c.internal_command_timeout = Duration::from_millis(1_000);
            c.max_command_attempts = 1;
            c.unresponsive =
                UnresponsiveConfig { max_timeout: Some(Duration::from_secs(2)), interval: Duration::from_millis(500) };
        })
        .with_performance_config(|p| {
            p.default_command_timeout = COMMAND_TIMEOUT;
        })
        // max_attempts 0: retry forever, 50 ms doubling to 2 s.
        .set_policy(ReconnectPolicy::new_exponential(0, 50, 2_000, 2))
        .build_pool(4)?;
    pool.init().await?;
    Ok(pool)
}
