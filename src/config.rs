//! Settings from the environment (12-factor). Every variable is documented in
//! README.md; a bad value stops start-up with a message naming the variable.

use std::net::SocketAddr;
use std::time::Duration;

use crate::domain::handoff::HandoffKeys;
use crate::secret::Secret;

/// Where each upstream lives. `None` everywhere means: start the embedded demo
/// platform and point the real HTTP clients at it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UpstreamUrls {
    pub tenant_config: Option<String>,
    pub availability: Option<String>,
    pub pricing: Option<String>,
    pub reservations: Option<String>,
    pub payments: Option<String>,
    pub iam: Option<String>,
}

impl UpstreamUrls {
    pub fn is_demo(&self) -> bool {
        *self == Self::default()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Pretty,
    Json,
}

#[derive(Debug, Clone)]
pub struct Settings {
    pub listen_addr: SocketAddr,
    /// Where `GET /metrics` is served (its own listener, never a tenant host).
    pub metrics_addr: SocketAddr,
    /// Demo mode (and the `demo-platform` command) may listen on a
    /// non-loopback address: `DEMO_PUBLIC=1`.
    pub demo_public: bool,
    pub redis_url: Option<Secret<String>>,
    /// `REDIS_CA_FILE`: PEM certificate authorities a `rediss://` (or
    /// `rediss-cluster://`) Redis is
    /// verified against, on top of the system's.
    pub redis_ca_file: Option<std::path::PathBuf>,
    pub upstreams: UpstreamUrls,
    /// `kid=base64key,…`; `None` means the published demo key (demo mode only).
    pub handoff_keys: Option<Secret<String>>,
    /// The `Secure` cookie attribute (and the `__Host-` prefix); defaults to off
    /// when listening on loopback, on otherwise.
    pub cookie_secure: bool,
    /// Origin of the hosted payment page, allowed as a form target by the CSP.
    pub payment_page_origin: Option<String>,
    /// Base URL the payment gateway can reach this service's webhook on
    /// (`None`: the origin the guest is on).
    pub webhook_base_url: Option<String>,
    pub log_format: LogFormat,
    /// `RUST_LOG`, checked at start-up (a typo would silently log nothing).
    pub log_filter: String,
    /// Hosts that serve the JSON API for the app (tenant from `X-Tenant-Id`).
    pub api_hosts: Vec<String>,
    pub upstream_timeout: Duration,
    /// `HEADER_READ_TIMEOUT_MS`: how long a new connection may take to send its
    /// first request's head, from being accepted; past it the connection is
    /// closed (a client that connects and stays silent, or trickles its head).
    pub header_read_timeout: Duration,
    /// `KEEPALIVE_IDLE_TIMEOUT_SECS`: how long a kept-alive connection may wait
    /// for its next request (and that request's head); past it the server
    /// closes it (HTTP/2: a GOAWAY after that long without a new request).
    pub keepalive_idle_timeout: Duration,
    /// Budget of one iam profile read on a page (the loyalty banner and member
    /// rates); past it the page renders without loyalty.
    pub iam_timeout: Duration,
    /// How long a guest's loyalty profile is cached.
    pub loyalty_cache_ttl: Duration,
    pub tenant_cache_ttl: Duration,
    /// How long one answer of the pricing upstream's exchange rates is used.
    pub fx_cache_ttl: Duration,
    /// How often each instance tries to sweep drafts that wait on money.
    pub reconcile_every: Duration,
    /// How long a draft waits on money before the reconciler settles it.
    pub reconcile_after: Duration,
    /// How long a refund may stay owed before it is overdue: an error in the
    /// log and the `refunds_overdue` gauge, for an operator to look at.
    pub refund_overdue_after: Duration,
    pub session_idle_timeout: Duration,
    pub session_absolute_timeout: Duration,
    /// Mutations (POST) allowed per client address per minute, and at once.
    pub rate_per_client: (u32, u32),
    /// Mutations allowed per session per minute, and at once.
    pub rate_per_session: (u32, u32),
    /// Sign-in attempts allowed per client address per minute, and at once.
    pub rate_sign_in: (u32, u32),
    /// Sign-in attempts allowed per account (tenant and e-mail) per minute, and at once.
    pub rate_sign_in_account: (u32, u32),
    /// Peers whose `X-Forwarded-For` / `Forwarded` name the client (`TRUSTED_PROXIES`).
    pub trusted_proxies: crate::proxies::TrustedProxies,
    /// `PUBLIC_PORT`: the port guests reach a loopback host on (`*.localhost`),
    /// when a local proxy stands in front; `None`: the port this instance listens on.
    pub public_port: Option<u16>,
    /// Where snapshot JSON Lines files go (when no analytics URL is set).
    pub snapshot_dir: std::path::PathBuf,
    /// An analytics endpoint taking snapshot batches as JSON arrays.
    pub analytics_url: Option<String>,
    /// Key of the guest hash in snapshots; random per process when unset.
    pub snapshot_hash_key: Option<Secret<String>>,
    /// Key for the payment gateway's webhook signatures.
    pub payment_webhook_secret: Secret<String>,
    /// `SMTP_URL`: where e-mail is sent (`smtp://` with STARTTLS required, or
    /// `smtps://`); `None` writes `.eml` files to [`Self::mail_dir`].
    pub smtp_url: Option<Secret<String>>,
    /// `SMTP_CA_FILE`: PEM certificate authorities the SMTP server is verified
    /// against, on top of the platform's.
    pub smtp_ca_file: Option<std::path::PathBuf>,
    /// `MAIL_FROM`: the address e-mail is sent from (under the tenant's name).
    pub mail_from: lettre::Address,
    /// `MAIL_DIR`: where e-mail goes without `SMTP_URL`.
    pub mail_dir: std::path::PathBuf,
    /// `MAIL_RETRY_BASE_MS`: the first retry's delay after a failed send
    /// (doubling up to an hour).
    pub mail_retry_base: Duration,
    /// `MAIL_POLL_MS`: how often an idle sender looks for due e-mail.
    pub mail_poll: Duration,
}

/// The exit code of every configuration error (`EX_CONFIG` of sysexits.h):
/// a supervisor can tell "fix the environment" from a crash worth restarting
/// (1) and a mistyped command (2).
pub const EXIT_CONFIG: u8 = 78;

/// The log filter when `RUST_LOG` is unset.
pub const DEFAULT_LOG_FILTER: &str = "info,tower_http=warn";

#[derive(Debug, thiserror::Error)]
#[error("{variable}: {message}")]
pub struct ConfigError {
    pub variable: &'static str,
    pub message: String,
}

impl Settings {
    /// Reads the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Defaults for tests and the embedded demo: everything in memory, port 0.
    pub fn for_tests() -> Self {
        Self::from_lookup(|name| matches!(name, "LISTEN_ADDR" | "METRICS_ADDR").then(|| "127.0.0.1:0".to_owned()))
            .expect("the default settings are valid")
    }

    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let var = |name: &'static str| get(name).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
        let secret = |name: &'static str, file_name: &'static str| -> Result<Option<Secret<String>>, ConfigError> {
            if let Some(path) = var(file_name) {
                let content = std::fs::read_to_string(&path)
                    .map_err(|e| ConfigError { variable: file_name, message: format!("cannot read {path}: {e}") })?;
                return Ok(Some(Secret::new(content.trim().to_owned())));
            }
            Ok(var(name).map(Secret::new))
        };

        let address = |name: &'static str, default: SocketAddr| -> Result<SocketAddr, ConfigError> {
            match var(name) {
                None => Ok(default),
                Some(raw) => raw.parse().map_err(|_| ConfigError {
                    variable: name,
                    message: format!("`{raw}` is not an address like {default}"),
                }),
            }
        };
        let listen_addr = address("LISTEN_ADDR", SocketAddr::from(([127, 0, 0, 1], 8080)))?;
        let metrics_addr = address("METRICS_ADDR", SocketAddr::from(([127, 0, 0, 1], 9091)))?;

        let url = |name: &'static str| -> Result<Option<String>, ConfigError> {
            match var(name) {
                None => Ok(None),
                Some(raw) if raw.starts_with("http://") || raw.starts_with("https://") => {
                    Ok(Some(raw.trim_end_matches('/').to_owned()))
                }
                Some(_) => Err(ConfigError { variable: name, message: "must be an http:// or https:// URL".into() }),
            }
        };
        let upstreams = UpstreamUrls {
            tenant_config: url("UPSTREAM_TENANT_CONFIG_URL")?,
            availability: url("UPSTREAM_AVAILABILITY_URL")?,
            pricing: url("UPSTREAM_PRICING_URL")?,
            reservations: url("UPSTREAM_RESERVATIONS_URL")?,
            payments: url("UPSTREAM_PAYMENTS_URL")?,
            iam: url("UPSTREAM_IAM_URL")?,
        };
        if !upstreams.is_demo() {
            let missing: Vec<&str> = [
                ("UPSTREAM_TENANT_CONFIG_URL", &upstreams.tenant_config),
                ("UPSTREAM_AVAILABILITY_URL", &upstreams.availability),
                ("UPSTREAM_PRICING_URL", &upstreams.pricing),
                ("UPSTREAM_RESERVATIONS_URL", &upstreams.reservations),
                ("UPSTREAM_PAYMENTS_URL", &upstreams.payments),
            ]
            .into_iter()
            .filter(|(_, v)| v.is_none())
            .map(|(k, _)| k)
            .collect();
            if let Some(first) = missing.first() {
                return Err(ConfigError {
                    variable: first,
                    message: format!(
                        "set every upstream URL or none (none starts the embedded demo platform); missing: {}",
                        missing.join(", ")
                    ),
                });
            }
        }

        let demo_public = match var("DEMO_PUBLIC").as_deref() {
            None | Some("0" | "false") => false,
            Some("1" | "true") => true,
            Some(_) => return Err(ConfigError { variable: "DEMO_PUBLIC", message: "must be 1 or 0".into() }),
        };
        if upstreams.is_demo() && !listen_addr.ip().is_loopback() && !demo_public {
            return Err(ConfigError {
                variable: "LISTEN_ADDR",
                message: format!("demo mode (no UPSTREAM_*_URL set): {}", demo_public_refusal(listen_addr)),
            });
        }

        let redis_url = match var("REDIS_URL") {
            Some(raw) if !crate::store::redis::SCHEMES.iter().any(|scheme| raw.starts_with(scheme)) => {
                return Err(ConfigError {
                    variable: "REDIS_URL",
                    message: "must start with redis://, rediss://, redis-cluster:// or rediss-cluster://".into(),
                });
            }
            other => other.map(Secret::new),
        };
        let redis_ca_file = var("REDIS_CA_FILE").map(std::path::PathBuf::from);
        if redis_ca_file.is_some() && !redis_url.as_ref().is_some_and(|u| crate::store::redis::wants_tls(u.expose())) {
            // The operator meant TLS; a plain (or no) Redis would ignore the CA silently.
            return Err(ConfigError {
                variable: "REDIS_CA_FILE",
                message: "is only used with a rediss:// or rediss-cluster:// REDIS_URL".into(),
            });
        }

        let handoff_keys = secret("HANDOFF_KEYS", "HANDOFF_KEYS_FILE")?;
        if handoff_keys.is_none() && !upstreams.is_demo() {
            return Err(ConfigError {
                variable: "HANDOFF_KEYS",
                message: "required outside demo mode (or HANDOFF_KEYS_FILE)".into(),
            });
        }

        let cookie_secure = match var("COOKIE_SECURE").as_deref() {
            None => !listen_addr.ip().is_loopback(),
            Some("true" | "1") => true,
            Some("false" | "0") => false,
            Some(_) => return Err(ConfigError { variable: "COOKIE_SECURE", message: "must be true or false".into() }),
        };

        let log_format = match var("LOG_FORMAT").as_deref() {
            None => {
                if std::io::IsTerminal::is_terminal(&std::io::stdout()) {
                    LogFormat::Pretty
                } else {
                    LogFormat::Json
                }
            }
            Some("pretty") => LogFormat::Pretty,
            Some("json") => LogFormat::Json,
            Some(_) => return Err(ConfigError { variable: "LOG_FORMAT", message: "must be pretty or json".into() }),
        };

        let log_filter = var("RUST_LOG").unwrap_or_else(|| DEFAULT_LOG_FILTER.to_owned());
        if let Err(e) = tracing_subscriber::EnvFilter::builder().parse(&log_filter) {
            return Err(ConfigError { variable: "RUST_LOG", message: format!("not a log filter: {e}") });
        }

        let api_hosts = match var("API_HOSTS") {
            None => vec!["localhost".into(), "127.0.0.1".into()],
            Some(raw) => {
                let listed: Vec<&str> = raw.split(',').map(str::trim).filter(|h| !h.is_empty()).collect();
                let hosts: Vec<String> = listed.iter().filter_map(|h| crate::tenancy::normalise_host(h)).collect();
                if hosts.is_empty() || hosts.len() != listed.len() {
                    return Err(ConfigError {
                        variable: "API_HOSTS",
                        message: "must be a comma-separated list of host names, at least one".into(),
                    });
                }
                hosts
            }
        };

        let millis = |name: &'static str, default: u64| -> Result<Duration, ConfigError> {
            match var(name) {
                None => Ok(Duration::from_millis(default)),
                Some(raw) => raw.parse::<u64>().ok().filter(|v| *v > 0).map(Duration::from_millis).ok_or_else(|| {
                    ConfigError { variable: name, message: "must be a positive whole number of milliseconds".into() }
                }),
            }
        };
        let secs = |name: &'static str, default: u64| -> Result<Duration, ConfigError> {
            match var(name) {
                None => Ok(Duration::from_secs(default)),
                Some(raw) => raw.parse::<u64>().ok().filter(|v| *v > 0).map(Duration::from_secs).ok_or_else(|| {
                    ConfigError { variable: name, message: "must be a positive whole number of seconds".into() }
                }),
            }
        };

        let count = |name: &'static str, default: u32| -> Result<u32, ConfigError> {
            match var(name) {
                None => Ok(default),
                Some(raw) => raw
                    .parse::<u32>()
                    .ok()
                    .filter(|v| *v > 0)
                    .ok_or_else(|| ConfigError { variable: name, message: "must be a positive whole number".into() }),
            }
        };
        let rate_per_client = (count("RATE_LIMIT_CLIENT_PER_MIN", 300)?, count("RATE_LIMIT_CLIENT_BURST", 120)?);
        let rate_per_session = (count("RATE_LIMIT_SESSION_PER_MIN", 60)?, count("RATE_LIMIT_SESSION_BURST", 30)?);
        let rate_sign_in = (count("RATE_LIMIT_SIGNIN_PER_MIN", 10)?, count("RATE_LIMIT_SIGNIN_BURST", 10)?);
        let rate_sign_in_account =
            (count("RATE_LIMIT_SIGNIN_ACCOUNT_PER_MIN", 10)?, count("RATE_LIMIT_SIGNIN_ACCOUNT_BURST", 10)?);
        let trusted_proxies = match var("TRUSTED_PROXIES") {
            None => crate::proxies::TrustedProxies::default(),
            Some(raw) => crate::proxies::TrustedProxies::parse(&raw).map_err(|e| ConfigError {
                variable: "TRUSTED_PROXIES",
                message: format!("must be a comma-separated list of networks like 10.0.0.0/8: {e}"),
            })?,
        };

        let payment_webhook_secret = secret("PAYMENT_WEBHOOK_SECRET", "PAYMENT_WEBHOOK_SECRET_FILE")?
            .or_else(|| upstreams.is_demo().then(|| Secret::new(crate::demo::DEMO_WEBHOOK_SECRET.to_owned())))
            .ok_or(ConfigError {
                variable: "PAYMENT_WEBHOOK_SECRET",
                message: "required outside demo mode (or PAYMENT_WEBHOOK_SECRET_FILE)".into(),
            })?;
        check_webhook_secret(&payment_webhook_secret, upstreams.is_demo())?;

        let snapshot_dir = var("SNAPSHOT_DIR")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| std::env::temp_dir().join("bff-tenant-booking").join("snapshots"));

        let smtp_url = var("SMTP_URL").map(Secret::new);
        if let Some(url) = &smtp_url {
            // Checked now (scheme, host) so a typo stops start-up; never shown.
            crate::mail::transport::SmtpTransport::from_url(url, None)
                .map_err(|e| ConfigError { variable: e.variable, message: e.message })?;
        }
        let smtp_ca_file = var("SMTP_CA_FILE").map(std::path::PathBuf::from);
        if smtp_ca_file.is_some() && smtp_url.is_none() {
            return Err(ConfigError { variable: "SMTP_CA_FILE", message: "is only used with SMTP_URL".into() });
        }
        let mail_from = match var("MAIL_FROM") {
            Some(raw) => raw.parse::<lettre::Address>().map_err(|e| ConfigError {
                variable: "MAIL_FROM",
                message: format!("must be an e-mail address like bookings@example.com: {e}"),
            })?,
            None if smtp_url.is_some() => {
                return Err(ConfigError { variable: "MAIL_FROM", message: "required with SMTP_URL".into() });
            }
            None => lettre::Address::new("bookings", "localhost")
                .map_err(|e| ConfigError { variable: "MAIL_FROM", message: e.to_string() })?,
        };
        let mail_dir = var("MAIL_DIR")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| std::env::temp_dir().join("bff-tenant-booking").join("mail"));

        Ok(Self {
            smtp_url,
            smtp_ca_file,
            mail_from,
            mail_dir,
            mail_retry_base: millis("MAIL_RETRY_BASE_MS", 5_000)?,
            mail_poll: millis("MAIL_POLL_MS", 1_000)?,
            snapshot_dir,
            analytics_url: url("ANALYTICS_SINK_URL")?,
            snapshot_hash_key: secret("SNAPSHOT_HASH_KEY", "SNAPSHOT_HASH_KEY_FILE")?,
            listen_addr,
            metrics_addr,
            demo_public,
            redis_url,
            redis_ca_file,
            upstreams,
            handoff_keys,
            cookie_secure,
            payment_page_origin: url("PAYMENT_PAGE_ORIGIN")?,
            webhook_base_url: url("PAYMENT_WEBHOOK_BASE_URL")?,
            log_format,
            log_filter,
            api_hosts,
            upstream_timeout: millis("UPSTREAM_TIMEOUT_MS", 2_500)?,
            header_read_timeout: millis("HEADER_READ_TIMEOUT_MS", 30_000)?,
            keepalive_idle_timeout: secs("KEEPALIVE_IDLE_TIMEOUT_SECS", 75)?,
            iam_timeout: millis("IAM_TIMEOUT_MS", 300)?,
            loyalty_cache_ttl: secs("LOYALTY_CACHE_TTL_SECS", 60)?,
            tenant_cache_ttl: secs("TENANT_CACHE_TTL_SECS", 60)?,
            fx_cache_ttl: secs("FX_CACHE_TTL_SECS", 600)?,
            reconcile_every: millis("RECONCILE_INTERVAL_MS", 15_000)?,
            reconcile_after: millis("RECONCILE_AFTER_MS", 120_000)?,
            refund_overdue_after: millis("REFUND_OVERDUE_AFTER_MS", 86_400_000)?,
            session_idle_timeout: secs("SESSION_IDLE_TIMEOUT_SECS", 60 * 60 * 2)?,
            session_absolute_timeout: secs("SESSION_ABSOLUTE_TIMEOUT_SECS", 60 * 60 * 24)?,
            rate_per_client,
            rate_per_session,
            rate_sign_in,
            rate_sign_in_account,
            trusted_proxies,
            public_port: match var("PUBLIC_PORT") {
                None => None,
                Some(raw) => Some(raw.parse::<u16>().ok().filter(|p| *p > 0).ok_or_else(|| ConfigError {
                    variable: "PUBLIC_PORT",
                    message: "must be a port number, 1–65535".into(),
                })?),
            },
            payment_webhook_secret,
        })
    }
}

/// The upstream URL variables; setting any of them leaves demo mode.
const UPSTREAM_VARIABLES: &[&str] = &[
    "UPSTREAM_TENANT_CONFIG_URL",
    "UPSTREAM_AVAILABILITY_URL",
    "UPSTREAM_PRICING_URL",
    "UPSTREAM_RESERVATIONS_URL",
    "UPSTREAM_PAYMENTS_URL",
    "UPSTREAM_IAM_URL",
];

impl Settings {
    /// The handoff key set, parsed once at start-up: see [`resolve_handoff_keys`].
    pub fn handoff_key_set(&self) -> Result<HandoffKeys, ConfigError> {
        resolve_handoff_keys(self.handoff_keys.as_ref(), self.upstreams.is_demo())
    }

    /// What start-up checks again of settings that may not come from the
    /// environment (tests, embedders): the published demo webhook secret only in
    /// demo mode.
    pub fn check_demo_secrets(&self) -> Result<(), ConfigError> {
        check_webhook_secret(&self.payment_webhook_secret, self.upstreams.is_demo())
    }
}

/// Why the demo does not listen on `addr`: it runs on the published handoff
/// key, webhook secret and sign-ins, so anyone reaching it could mint links and
/// settle payments.
pub fn demo_public_refusal(addr: SocketAddr) -> String {
    format!(
        "{addr} is not a loopback address, and the demo runs on published keys; \
         listen on loopback, or set DEMO_PUBLIC=1 to serve the demo publicly"
    )
}

/// The published demo webhook secret verifies anything anyone signs with it:
/// refused outside demo mode (never echoed).
fn check_webhook_secret(secret: &Secret<String>, demo_mode: bool) -> Result<(), ConfigError> {
    if !demo_mode && secret.expose() == crate::demo::DEMO_WEBHOOK_SECRET {
        return Err(ConfigError {
            variable: "PAYMENT_WEBHOOK_SECRET",
            message: "the published demo secret is refused outside demo mode".into(),
        });
    }
    Ok(())
}

/// The configured handoff keys, or the published demo key in demo mode. Refuses
/// an unparsable spec (naming the variable, never the key) and the published demo
/// key outside demo mode, whatever kid it is listed under.
pub fn resolve_handoff_keys(configured: Option<&Secret<String>>, demo_mode: bool) -> Result<HandoffKeys, ConfigError> {
    let keys = match configured {
        None if demo_mode => return Ok(HandoffKeys::demo()),
        None => {
            return Err(ConfigError {
                variable: "HANDOFF_KEYS",
                message: "required outside demo mode (or HANDOFF_KEYS_FILE)".into(),
            });
        }
        Some(spec) => HandoffKeys::parse(spec.expose()).map_err(|e| ConfigError {
            variable: "HANDOFF_KEYS",
            message: format!("{e} (HANDOFF_KEYS or HANDOFF_KEYS_FILE)"),
        })?,
    };
    if keys.uses_demo_key() && !demo_mode {
        return Err(ConfigError {
            variable: "HANDOFF_KEYS",
            message: "the published demo key is refused outside demo mode".into(),
        });
    }
    Ok(keys)
}

/// Only what signing a handoff link needs from the environment: `HANDOFF_KEYS` /
/// `HANDOFF_KEYS_FILE` and whether any upstream URL is set (demo mode or not). The
/// `mint-handoff` command uses it, so minting never needs a full serving config.
pub fn handoff_keys_from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<HandoffKeys, ConfigError> {
    let var = |name: &str| get(name).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
    let configured = match var("HANDOFF_KEYS_FILE") {
        Some(path) => Some(Secret::new(
            std::fs::read_to_string(&path)
                .map_err(|e| ConfigError {
                    variable: "HANDOFF_KEYS_FILE",
                    message: format!("cannot read {path}: {e}"),
                })?
                .trim()
                .to_owned(),
        )),
        None => var("HANDOFF_KEYS").map(Secret::new),
    };
    let demo_mode = UPSTREAM_VARIABLES.iter().all(|name| var(name).is_none());
    resolve_handoff_keys(configured.as_ref(), demo_mode)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(pairs: &[(&str, &str)]) -> Result<Settings, ConfigError> {
        let pairs: Vec<(String, String)> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Settings::from_lookup(move |name| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()))
    }

    #[test]
    fn defaults_to_the_embedded_demo() {
        let s = with(&[]).unwrap();
        assert!(s.upstreams.is_demo());
        assert_eq!(s.listen_addr.to_string(), "127.0.0.1:8080");
        assert!(s.redis_url.is_none());
    }

    #[test]
    fn bad_values_name_the_variable() {
        for (name, value) in [
            ("LISTEN_ADDR", "nope"),
            ("METRICS_ADDR", "0.0.0.0"),
            ("REDIS_URL", "http://x"),
            ("COOKIE_SECURE", "maybe"),
            ("LOG_FORMAT", "xml"),
            ("UPSTREAM_TIMEOUT_MS", "-1"),
            ("IAM_TIMEOUT_MS", "0"),
            ("HEADER_READ_TIMEOUT_MS", "0"),
            ("KEEPALIVE_IDLE_TIMEOUT_SECS", "1.5"),
            ("LOYALTY_CACHE_TTL_SECS", "soon"),
            ("UPSTREAM_PRICING_URL", "ftp://x"),
            ("TRUSTED_PROXIES", "10.0.0.1/8"),
            ("TRUSTED_PROXIES", "10.0.0.0/8,proxy.internal"),
            ("TRUSTED_PROXIES", ","),
            ("RATE_LIMIT_SIGNIN_ACCOUNT_BURST", "0"),
        ] {
            let err = with(&[(name, value)]).unwrap_err();
            assert_eq!(err.variable, name, "{name}={value}: {err}");
        }
    }

    #[test]
    fn trusted_proxies_are_networks() {
        assert!(!with(&[]).unwrap().trusted_proxies.contains("10.0.0.1".parse().unwrap()), "none by default");
        let s = with(&[("TRUSTED_PROXIES", "10.0.0.0/8, 2001:db8::/32,127.0.0.1")]).unwrap();
        assert!(s.trusted_proxies.contains("10.9.8.7".parse().unwrap()));
        assert!(s.trusted_proxies.contains("127.0.0.1".parse().unwrap()));
        assert!(!s.trusted_proxies.contains("127.0.0.2".parse().unwrap()));
    }

    #[test]
    fn api_hosts_must_name_hosts() {
        for value in [",,,", " , ", "api.example.com,not a host", "evil.com/x"] {
            assert_eq!(with(&[("API_HOSTS", value)]).unwrap_err().variable, "API_HOSTS", "{value}");
        }
        let s = with(&[("API_HOSTS", "API.example.com, localhost:8080,")]).unwrap();
        assert_eq!(s.api_hosts, ["api.example.com", "localhost"]);
    }

    #[test]
    fn rust_log_must_parse() {
        for value in ["info,bff_tenant_booking=loud", "[", "=debug"] {
            assert_eq!(with(&[("RUST_LOG", value)]).unwrap_err().variable, "RUST_LOG", "{value}");
        }
        for value in ["debug", "info,tower_http=warn", "warn,bff_tenant_booking::http=trace"] {
            assert_eq!(with(&[("RUST_LOG", value)]).unwrap().log_filter, value);
        }
        assert_eq!(with(&[]).unwrap().log_filter, "info,tower_http=warn");
    }

    #[test]
    fn a_redis_ca_file_needs_a_rediss_url() {
        for redis_url in [None, Some("redis://localhost/"), Some("redis-cluster://a:7000,b:7001")] {
            let mut pairs = vec![("REDIS_CA_FILE", "/etc/redis/ca.pem")];
            pairs.extend(redis_url.map(|u| ("REDIS_URL", u)));
            assert_eq!(with(&pairs).unwrap_err().variable, "REDIS_CA_FILE", "{redis_url:?}");
        }
        let s = with(&[("REDIS_CA_FILE", "/etc/redis/ca.pem"), ("REDIS_URL", "rediss://localhost/")]).unwrap();
        assert_eq!(s.redis_ca_file.as_deref(), Some(std::path::Path::new("/etc/redis/ca.pem")));
        let s = with(&[("REDIS_CA_FILE", "/etc/redis/ca.pem"), ("REDIS_URL", "rediss-cluster://a:7000,b:7001")]);
        assert!(s.is_ok(), "a TLS cluster takes the CA file too");
    }

    #[test]
    fn redis_url_takes_a_server_or_a_cluster() {
        for url in ["redis://h/", "rediss://h/", "redis-cluster://a:7000,b:7001", "rediss-cluster://a:7000"] {
            assert!(with(&[("REDIS_URL", url)]).is_ok(), "{url}");
        }
        assert_eq!(with(&[("REDIS_URL", "redis-sentinel://h/")]).unwrap_err().variable, "REDIS_URL");
    }

    #[test]
    fn partial_upstreams_are_refused() {
        let err = with(&[("UPSTREAM_TENANT_CONFIG_URL", "http://x")]).unwrap_err();
        assert_eq!(err.variable, "UPSTREAM_AVAILABILITY_URL");
    }

    #[test]
    fn secrets_do_not_print() {
        let s = with(&[("REDIS_URL", "redis://:hunter2@localhost/")]).unwrap();
        assert!(!format!("{s:?}").contains("hunter2"));
    }

    const K1: &str = "k1=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

    fn lookup(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let pairs: Vec<(String, String)> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        move |name| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
    }

    #[test]
    fn handoff_keys_default_to_the_demo_key_in_demo_mode_only() {
        let keys = with(&[]).unwrap().handoff_key_set().unwrap();
        assert_eq!(keys.first_kid(), crate::domain::handoff::DEMO_KID);
        let err = handoff_keys_from_lookup(lookup(&[("UPSTREAM_PRICING_URL", "http://x")])).unwrap_err();
        assert_eq!(err.variable, "HANDOFF_KEYS");
    }

    #[test]
    fn configured_handoff_keys_replace_the_demo_key() {
        let keys = with(&[("HANDOFF_KEYS", K1)]).unwrap().handoff_key_set().unwrap();
        assert_eq!(keys.kids().collect::<Vec<_>>(), ["k1"]);
    }

    #[test]
    fn unparsable_handoff_keys_name_the_variable_not_the_key() {
        let err = with(&[("HANDOFF_KEYS", "k1=c2hvcnQ=")]).unwrap().handoff_key_set().unwrap_err();
        assert_eq!(err.variable, "HANDOFF_KEYS");
        assert!(!err.to_string().contains("c2hvcnQ"), "{err}");
    }

    /// Every upstream URL, a real handoff key and a real webhook secret.
    const PRODUCTION: &[(&str, &str)] = &[
        ("UPSTREAM_TENANT_CONFIG_URL", "http://x"),
        ("UPSTREAM_AVAILABILITY_URL", "http://x"),
        ("UPSTREAM_PRICING_URL", "http://x"),
        ("UPSTREAM_RESERVATIONS_URL", "http://x"),
        ("UPSTREAM_PAYMENTS_URL", "http://x"),
        ("HANDOFF_KEYS", K1),
        ("PAYMENT_WEBHOOK_SECRET", "a-real-secret"),
    ];

    #[test]
    fn demo_mode_is_refused_on_a_public_address_unless_asked_for() {
        for addr in ["0.0.0.0:8080", "192.0.2.10:8080", "[::]:8080"] {
            let err = with(&[("LISTEN_ADDR", addr)]).unwrap_err();
            assert_eq!(err.variable, "LISTEN_ADDR", "{addr}: {err}");
            assert!(err.message.contains("DEMO_PUBLIC=1"), "{err}");
            assert!(with(&[("LISTEN_ADDR", addr), ("DEMO_PUBLIC", "1")]).unwrap().demo_public);
        }
        assert!(with(&[("LISTEN_ADDR", "[::1]:8080")]).is_ok(), "loopback is fine");
        assert_eq!(with(&[("DEMO_PUBLIC", "yes")]).unwrap_err().variable, "DEMO_PUBLIC");
        let mut public = PRODUCTION.to_vec();
        public.push(("LISTEN_ADDR", "0.0.0.0:8080"));
        assert!(with(&public).is_ok(), "outside demo mode a public address is the point");
    }

    #[test]
    fn the_demo_webhook_secret_is_refused_outside_demo_mode() {
        let mut demo_secret = PRODUCTION.to_vec();
        demo_secret.retain(|(k, _)| *k != "PAYMENT_WEBHOOK_SECRET");
        demo_secret.push(("PAYMENT_WEBHOOK_SECRET", crate::demo::DEMO_WEBHOOK_SECRET));
        let err = with(&demo_secret).unwrap_err();
        assert_eq!(err.variable, "PAYMENT_WEBHOOK_SECRET");
        assert!(!err.to_string().contains(crate::demo::DEMO_WEBHOOK_SECRET), "{err}");
        assert!(with(PRODUCTION).is_ok());
        assert!(with(&[("PAYMENT_WEBHOOK_SECRET", crate::demo::DEMO_WEBHOOK_SECRET)]).is_ok(), "in demo mode");
    }

    #[test]
    fn the_demo_key_is_refused_outside_demo_mode() {
        let spec = format!("prod={}", crate::domain::handoff::DEMO_KEY_B64);
        let err = handoff_keys_from_lookup(lookup(&[("HANDOFF_KEYS", &spec), ("UPSTREAM_PRICING_URL", "http://x")]))
            .unwrap_err();
        assert_eq!(err.variable, "HANDOFF_KEYS");
        assert!(handoff_keys_from_lookup(lookup(&[("HANDOFF_KEYS", &spec)])).is_ok());
    }
}
