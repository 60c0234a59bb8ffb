//! The one fred pool of the process. Commands time out well under a second and
//! the pool reconnects forever, so a Redis restart heals by itself and a Redis
//! that accepts connections but never answers cannot hang a guest's request.
//!
//! A `rediss://` URL is always TLS (rustls on the aws-lc-rs provider reqwest
//! already brings), verified against the system's roots plus `REDIS_CA_FILE`:
//! it never falls back to plain text.
//!
//! `redis-cluster://host:port,host:port,…` (`rediss-cluster://` with TLS) is a
//! Redis Cluster: fred discovers the slots from any of the nodes named, follows
//! `MOVED`/`ASK`, and re-reads the slot map when a replica takes over. The same
//! timeouts and reconnection apply; which keys share a slot is docs/redis.md.

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

/// The schemes `REDIS_URL` may use: one server or a cluster, plain or TLS.
pub const SCHEMES: [&str; 4] = ["redis://", "rediss://", "redis-cluster://", "rediss-cluster://"];

/// Whether `url` asks for TLS (`rediss://`, `rediss-cluster://`).
pub fn wants_tls(url: &str) -> bool {
    url.starts_with("rediss://") || url.starts_with("rediss-cluster://")
}

/// Whether `url` names a Redis Cluster (`redis-cluster://`, `rediss-cluster://`).
pub fn is_cluster(url: &str) -> bool {
    url.starts_with("redis-cluster://") || url.starts_with("rediss-cluster://")
}

/// The fred configuration of `url`, without TLS (the caller sets its own). A
/// cluster URL may list its seed nodes in the authority, separated by commas
/// (`redis-cluster://user:pass@a:7000,b:7001/`), or as fred's `?node=host:port`.
fn parse(url: &str) -> Result<Config, Error> {
    let Some((scheme, rest)) = url.split_once("://") else {
        return Err(Error::new(ErrorKind::Url, "no scheme"));
    };
    if !is_cluster(url) {
        return Config::from_url(&format!("redis://{rest}")).map(|c| Config { tls: None, ..c });
    }
    debug_assert!(scheme.ends_with("-cluster"));
    let end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    let (userinfo, hosts) = match authority.rsplit_once('@') {
        Some((userinfo, hosts)) => (format!("{userinfo}@"), hosts),
        None => (String::new(), authority),
    };
    let mut hosts = hosts.split(',').map(str::trim).filter(|h| !h.is_empty());
    let first = hosts.next().ok_or_else(|| Error::new(ErrorKind::Url, "a cluster URL names no node"))?;
    let (path, query) = tail.split_once('?').unwrap_or((tail, ""));
    let mut params: Vec<String> = hosts.map(|h| format!("node={h}")).collect();
    params.extend(query.split('&').filter(|p| !p.is_empty()).map(str::to_owned));
    let query = if params.is_empty() { String::new() } else { format!("?{}", params.join("&")) };
    let config = Config::from_url_clustered(&format!("redis-cluster://{userinfo}{first}{path}{query}"))?;
    Ok(Config { tls: None, ..config })
}

/// The fred client type the service holds: one server or a cluster is the
/// same pool to callers; [`clustered`] says which when it matters (a script
/// over several keys, a `WAIT` for a replica).
pub fn clustered(pool: &Pool) -> bool {
    pool.next().is_clustered()
}

/// Whether the pool can serve: one server answers a PING; a cluster answers
/// that every slot is served (`cluster_state:ok`), which is false while a dead
/// primary's slots wait for a replica to take over.
pub async fn ready(pool: &Pool) -> Result<(), Error> {
    if !clustered(pool) {
        return pool.ping::<()>(None).await;
    }
    let info: String = pool.next().cluster_info().await?;
    if info.lines().any(|l| l.trim() == "cluster_state:ok") {
        Ok(())
    } else {
        Err(Error::new(ErrorKind::Cluster, "the cluster does not serve every slot (cluster_state is not ok)"))
    }
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

/// Connects the pool. `tls` is required for a `rediss://`/`rediss-cluster://`
/// URL (see [`tls_connector`]) and refused for a plain one, so what the URL
/// says is what happens on the wire.
pub async fn connect(url: &str, tls: Option<TlsConnector>) -> Result<Pool, Error> {
    // fred would build its own connector for `rediss://` (system roots only,
    // failing on any unreadable one): parse the URL as plain and set ours.
    let mut config = parse(url)?;
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
            // A cluster's redirections are followed within the command's own
            // timeout; the slot map is re-read as soon as one arrives.
            c.max_redirections = 5;
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

#[cfg(test)]
mod tests {
    use super::*;
    use tower_sessions_redis_store::fred::types::config::ServerConfig;

    fn hosts(config: &Config) -> Vec<String> {
        match &config.server {
            ServerConfig::Clustered { hosts, .. } => {
                let mut hosts: Vec<_> = hosts.iter().map(|s| format!("{}:{}", s.host, s.port)).collect();
                hosts.sort();
                hosts
            }
            other => panic!("not clustered: {other:?}"),
        }
    }

    #[test]
    fn a_cluster_url_lists_its_seed_nodes_with_commas() {
        let config = parse("redis-cluster://user:secret@10.0.0.1:7000,10.0.0.2:7001,10.0.0.3:7002/").unwrap();
        assert_eq!(hosts(&config), ["10.0.0.1:7000", "10.0.0.2:7001", "10.0.0.3:7002"]);
        assert_eq!(config.username.as_deref(), Some("user"));
        assert_eq!(config.password.as_deref(), Some("secret"));
        assert!(config.tls.is_none());
    }

    #[test]
    fn fred_node_parameters_and_tls_cluster_urls_are_understood() {
        let config = parse("rediss-cluster://a:7000?node=b:7001").unwrap();
        assert_eq!(hosts(&config), ["a:7000", "b:7001"]);
        assert!(config.tls.is_none(), "TLS is set by connect, with our connector");
        assert!(wants_tls("rediss-cluster://a:7000") && is_cluster("rediss-cluster://a:7000"));
        assert!(!wants_tls("redis-cluster://a:7000") && !is_cluster("rediss://a:7000"));
    }

    #[test]
    fn a_single_server_url_is_not_a_cluster() {
        let config = parse("rediss://localhost:6380/2").unwrap();
        assert!(!config.server.is_clustered());
        assert!(config.tls.is_none());
        assert!(parse("redis-cluster:///").is_err(), "a cluster URL must name a node");
    }
}
