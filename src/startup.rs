//! Assembles the application from [`Settings`]: the one `build` function that
//! `main` and the tests both call.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use fred::types::config::TlsConnector;
use tokio::net::TcpListener;

use crate::config::{ConfigError, Settings};
use crate::demo::{self, DemoPlatform};
use crate::funnel::Funnel;
use crate::funnel::arrivals::Arrivals;
use crate::funnel::reconcile::ReconcilerSettings;
use crate::funnel::settle::PollThrottle;
use crate::http::{self, AppState};
use crate::store::confirmations::{ConfirmationStore, MemoryConfirmationStore, RedisConfirmationStore};
use crate::store::drafts::{DraftStore, MemoryDraftStore, RedisDraftStore};
use crate::store::ledger::{HandoffLedger, MemoryHandoffLedger, RedisHandoffLedger};
use crate::store::outbox::{MemoryOutbox, OutboxStore, RedisOutbox};
use crate::store::session_store::{AnyStore, RedisSessionStore};
use crate::tenancy::TenantDirectory;
use crate::upstream::availability::HttpAvailability;
use crate::upstream::iam::{HttpIam, IamApi};
use crate::upstream::payments::HttpPayments;
use crate::upstream::pricing::HttpPricing;
use crate::upstream::reservations::HttpReservations;
use crate::upstream::tenant_config::HttpTenantConfig;
use crate::upstream::{HttpUpstream, Upstream, try_shared_client};

/// A built application, bound to its port but not yet serving.
pub struct App {
    listener: TcpListener,
    router: axum::Router,
    metrics_listener: TcpListener,
    pub addr: SocketAddr,
    /// Where `GET /metrics` is served.
    pub metrics_addr: SocketAddr,
    pub state: Arc<AppState>,
    /// The embedded demo platform, when it serves the upstreams.
    pub demo: Option<DemoPlatform>,
}

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("cannot listen on {0}: {1}")]
    Bind(SocketAddr, std::io::Error),
    #[error("cannot start the embedded demo platform: {0}")]
    Demo(std::io::Error),
    #[error("SNAPSHOT_DIR: cannot use {0}: {1}")]
    Snapshots(String, std::io::Error),
    #[error("MAIL_DIR: cannot use {0}: {1}")]
    MailDir(String, std::io::Error),
    #[error("REDIS_URL: cannot connect: {0}")]
    Redis(String),
    #[error(transparent)]
    Config(#[from] ConfigError),
}

impl StartupError {
    /// Whether the environment must change before a restart can help: the
    /// process exits with [`crate::config::EXIT_CONFIG`].
    pub fn is_configuration(&self) -> bool {
        matches!(self, Self::Config(_))
    }
}

type Stores = (AnyStore, Arc<dyn DraftStore>, Arc<dyn ConfirmationStore>, Arc<dyn HandoffLedger>);

/// Builds the application: starts the demo platform when no upstream is
/// configured, connects Redis when configured, binds the listener (port 0 picks a
/// free port; the bound address is in [`App::addr`]).
pub async fn build(mut settings: Settings) -> Result<App, StartupError> {
    // Parsed once, before anything starts: a bad key spec stops start-up.
    let handoff_keys = settings.handoff_key_set()?;
    settings.check_demo_secrets()?;
    let redis_tls = redis_tls(&settings)?;
    // Before the demo platform, whose own client needs the same trust store.
    let client = try_shared_client().map_err(|e| ConfigError {
        variable: "SSL_CERT_FILE",
        message: format!("the TLS trust store (SSL_CERT_FILE, SSL_CERT_DIR or the system's) cannot be loaded: {e}"),
    })?;
    let demo = if settings.upstreams.is_demo() {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await.map_err(StartupError::Demo)?;
        // The embedded gateway signs its webhooks with the secret we verify.
        Some(demo::start_on(listener, settings.payment_webhook_secret.expose()).map_err(StartupError::Demo)?)
    } else {
        None
    };
    if let Some(demo) = &demo {
        settings.payment_page_origin.get_or_insert_with(|| demo.base_url());
    }
    let base = |configured: &Option<String>| -> String {
        configured.clone().or_else(|| demo.as_ref().map(DemoPlatform::base_url)).unwrap_or_default()
    };
    let upstream = |which: Upstream, url: &Option<String>| {
        HttpUpstream::new(which, base(url), client.clone(), settings.upstream_timeout)
    };

    let tenant_config = Arc::new(HttpTenantConfig(upstream(Upstream::TenantConfig, &settings.upstreams.tenant_config)));
    let availability =
        Arc::new(HttpAvailability::new(upstream(Upstream::Availability, &settings.upstreams.availability)));
    let pricing = Arc::new(HttpPricing(upstream(Upstream::Pricing, &settings.upstreams.pricing)));
    let reservations = Arc::new(HttpReservations(upstream(Upstream::Reservations, &settings.upstreams.reservations)));
    let payments = Arc::new(HttpPayments(upstream(Upstream::Payments, &settings.upstreams.payments)));
    // iam is optional even outside demo mode: without it nobody signs in.
    let iam = (settings.upstreams.iam.is_some() || demo.is_some()).then(|| {
        Arc::new(HttpIam::new(upstream(Upstream::Iam, &settings.upstreams.iam), settings.iam_timeout))
            as Arc<dyn IamApi>
    });
    let loyalty = crate::loyalty::Loyalty::new(iam, settings.loyalty_cache_ttl, settings.iam_timeout);

    let redis = match &settings.redis_url {
        Some(url) => Some(connect_redis(url.expose(), redis_tls).await?),
        None => None,
    };
    let (sessions, drafts, confirmations, handoff_ledger): Stores = match &redis {
        Some(pool) => (
            AnyStore::Redis(RedisSessionStore::new(pool.clone())),
            Arc::new(RedisDraftStore::new(pool.clone())),
            Arc::new(RedisConfirmationStore::new(pool.clone())),
            Arc::new(RedisHandoffLedger::new(pool.clone())),
        ),
        None => (
            AnyStore::Memory(tower_sessions::MemoryStore::default()),
            Arc::new(MemoryDraftStore::default()),
            Arc::new(MemoryConfirmationStore::default()),
            Arc::new(MemoryHandoffLedger::default()),
        ),
    };

    let outbox: Arc<dyn OutboxStore> = match &redis {
        Some(pool) => Arc::new(RedisOutbox::new(pool.clone())),
        None => Arc::new(MemoryOutbox::default()),
    };
    let transport: Arc<dyn crate::mail::MailTransport> = match &settings.smtp_url {
        Some(url) => Arc::new(
            crate::mail::transport::SmtpTransport::from_url(url, settings.smtp_ca_file.as_deref())
                .map_err(|e| ConfigError { variable: e.variable, message: e.message })?,
        ),
        None => Arc::new(
            crate::mail::transport::DirTransport::new(settings.mail_dir.clone())
                .map_err(|e| StartupError::MailDir(settings.mail_dir.display().to_string(), e))?,
        ),
    };

    let sink: Arc<dyn crate::analytics::Sink> = match &settings.analytics_url {
        Some(url) => Arc::new(crate::analytics::HttpSink::new(url.clone(), client.clone())),
        None => Arc::new(
            crate::analytics::JsonLinesSink::new(settings.snapshot_dir.clone(), 16 * 1024 * 1024)
                .map_err(|e| StartupError::Snapshots(settings.snapshot_dir.display().to_string(), e))?,
        ),
    };
    let hash_key = match &settings.snapshot_hash_key {
        Some(key) => key.expose().as_bytes().to_vec(),
        None => {
            tracing::warn!("SNAPSHOT_HASH_KEY is not set: guest hashes in snapshots will not join across instances");
            rand::random::<[u8; 32]>().to_vec()
        }
    };
    let snapshots = Arc::new(crate::analytics::Snapshots::start(sink, hash_key, crate::analytics::QUEUE_CAPACITY));

    let cancellations: Arc<dyn crate::store::cancellations::CancellationStore> = match &redis {
        Some(pool) => Arc::new(crate::store::cancellations::RedisCancellationStore::new(pool.clone())),
        None => Arc::new(crate::store::cancellations::MemoryCancellationStore::default()),
    };
    let funnel = Arc::new(Funnel {
        snapshots,
        drafts,
        confirmations,
        cancellations,
        outbox: outbox.clone(),
        pricing: pricing.clone(),
        reservations,
        payments,
        reconciler: ReconcilerSettings {
            every: settings.reconcile_every,
            after: settings.reconcile_after,
            refund_overdue_after: settings.refund_overdue_after,
        },
        poll_throttle: PollThrottle::default(),
    });

    let listener =
        TcpListener::bind(settings.listen_addr).await.map_err(|e| StartupError::Bind(settings.listen_addr, e))?;
    let addr = listener.local_addr().map_err(|e| StartupError::Bind(settings.listen_addr, e))?;
    let metrics_listener =
        TcpListener::bind(settings.metrics_addr).await.map_err(|e| StartupError::Bind(settings.metrics_addr, e))?;
    let metrics_addr = metrics_listener.local_addr().map_err(|e| StartupError::Bind(settings.metrics_addr, e))?;
    if demo.is_some() {
        // The demo gateway reaches our webhook on the loopback address.
        settings.webhook_base_url.get_or_insert_with(|| format!("http://{addr}"));
    }

    let sender = Arc::new(crate::mail::Sender {
        outbox,
        transport,
        directory: TenantDirectory::new(tenant_config.clone(), settings.tenant_cache_ttl),
        settings: crate::mail::SenderSettings {
            poll: settings.mail_poll,
            retry_base: settings.mail_retry_base,
            max_backoff: std::time::Duration::from_secs(60 * 60),
            max_attempts: 40,
            lease: std::time::Duration::from_secs(120),
            from: settings.mail_from.clone(),
            secure_links: settings.cookie_secure,
        },
        manage_keys: handoff_keys.derive(crate::domain::manage_link::KEY_LABEL),
        port: settings.public_port.unwrap_or(addr.port()),
    });
    let state = Arc::new(AppState {
        directory: TenantDirectory::new(tenant_config, settings.tenant_cache_ttl),
        availability: availability.clone(),
        fx: crate::upstream::fx::FxRates::new(pricing, settings.fx_cache_ttl),
        funnel: funnel.clone(),
        // Shared by every instance through Redis when there is one.
        limits: http::guard::RateLimits::new(
            [
                settings.rate_per_client.into(),
                settings.rate_per_session.into(),
                settings.rate_sign_in.into(),
                settings.rate_sign_in_account.into(),
            ],
            redis.clone(),
        ),
        loyalty,
        redis,
        sessions,
        first_touch_keys: handoff_keys.derive(crate::domain::first_touch::KEY_LABEL),
        manage_keys: handoff_keys.derive(crate::domain::manage_link::KEY_LABEL),
        handoff_keys,
        arrivals: Arrivals {
            ledger: handoff_ledger,
            availability: availability.clone(),
            funnel: funnel.clone(),
            grace: (settings.upstream_timeout * 2 + std::time::Duration::from_secs(2))
                .min(std::time::Duration::from_secs(10)),
        },
        assets: http::assets::Assets::embedded(),
        metrics: crate::telemetry::metrics_handle(),
        sign_in_hints: if demo.is_some() {
            demo::iam::GUESTS.iter().map(|g| (g.email, g.password)).collect()
        } else {
            Vec::new()
        },
        port: std::sync::atomic::AtomicU16::new(settings.public_port.unwrap_or(addr.port())),
        in_flight: Arc::new(tokio::sync::Semaphore::new(http::MAX_IN_FLIGHT)),
        chrome: Default::default(),
        settings,
    });
    let router = http::router(state.clone());
    // Every instance runs one; a Redis lease lets one sweep at a time.
    crate::funnel::reconcile::spawn(funnel);
    // Every instance drains the outbox; a claim gives each message one sender.
    sender.spawn();
    Ok(App { listener, router, metrics_listener, addr, metrics_addr, state, demo })
}

/// The TLS client of a `rediss://` REDIS_URL, built before anything starts: a
/// CA file it cannot use, or nothing to trust, is a configuration error.
fn redis_tls(settings: &Settings) -> Result<Option<TlsConnector>, StartupError> {
    let config = |variable, message| StartupError::Config(ConfigError { variable, message });
    match &settings.redis_url {
        Some(url) if crate::store::redis::wants_tls(url.expose()) => {
            crate::store::redis::tls_connector(settings.redis_ca_file.as_deref())
                .map(Some)
                .map_err(|e| config(e.variable, e.message))
        }
        // Settings from an embedder skip the environment's check.
        _ if settings.redis_ca_file.is_some() => {
            Err(config("REDIS_CA_FILE", "is only used with a rediss:// or rediss-cluster:// REDIS_URL".into()))
        }
        _ => Ok(None),
    }
}

/// Connects Redis as its URL says: over `tls` for `rediss://` (never plain
/// text). A URL it cannot read is a configuration error; a Redis it cannot
/// reach or verify is not (the server's certificate may be what gets fixed).
async fn connect_redis(url: &str, tls: Option<TlsConnector>) -> Result<crate::store::redis::RedisPool, StartupError> {
    crate::store::redis::connect(url, tls).await.map_err(|e| {
        if matches!(e.kind(), fred::error::ErrorKind::Url | fred::error::ErrorKind::Config) {
            StartupError::Config(ConfigError { variable: "REDIS_URL", message: format!("cannot use it: {e}") })
        } else {
            StartupError::Redis(e.to_string())
        }
    })
}

impl App {
    /// Serves until `shutdown` completes, then drains in-flight requests. The
    /// metrics listener serves until then too.
    pub async fn serve(self, shutdown: impl std::future::Future<Output = ()> + Send + 'static) -> std::io::Result<()> {
        let metrics =
            tokio::spawn(axum::serve(self.metrics_listener, http::metrics_router(self.state.clone())).into_future());
        let limits = ConnectionLimits::from(&self.state.settings);
        let served = serve_site(self.listener, self.router, limits, shutdown).await;
        metrics.abort();
        // In-flight requests are done: write out the snapshots still queued.
        self.state.funnel.snapshots.close().await;
        served
    }

    /// Serves in a background task (tests).
    pub fn spawn(self) -> tokio::task::JoinHandle<std::io::Result<()>> {
        tokio::spawn(self.serve(std::future::pending()))
    }
}

/// The first bytes of an HTTP/2 connection with prior knowledge (RFC 9113 §3.4).
const H2_PREFACE: &[u8] = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

/// How long a connection may go without a request: see
/// [`Settings::header_read_timeout`] and [`Settings::keepalive_idle_timeout`].
#[derive(Debug, Clone, Copy)]
struct ConnectionLimits {
    /// From accept to the first request's head, whole.
    first_request: Duration,
    /// Between requests (HTTP/1: from the last response to the next head).
    idle: Duration,
}

impl From<&Settings> for ConnectionLimits {
    fn from(settings: &Settings) -> Self {
        Self { first_request: settings.header_read_timeout, idle: settings.keepalive_idle_timeout }
    }
}

/// What `axum::serve(…).with_graceful_shutdown(…)` did, with the connection
/// info the routes read, but each HTTP/1 connection served by hyper's own
/// HTTP/1 connection. axum's auto-detecting one reads the first bytes to tell
/// HTTP/1 from HTTP/2 and hands them back to hyper first; hyper then reserves
/// its 8 KiB read buffer again behind those bytes, which doubles it, so every
/// open connection held 16 KiB for reading (160 MB at 10 000 connections).
/// Here the first bytes are peeked, not read: a connection that starts like
/// the HTTP/2 preface still goes to the auto-detecting connection.
///
/// On `shutdown`: no new connection is taken, every connection is asked to
/// finish the request it serves and close, and this returns once all have.
async fn serve_site(
    listener: TcpListener,
    router: axum::Router,
    limits: ConnectionLimits,
    shutdown: impl std::future::Future<Output = ()>,
) -> std::io::Result<()> {
    use axum::serve::Listener;
    use tokio::sync::watch;

    let mut listener = listener;
    let mut shutdown = std::pin::pin!(shutdown);
    // Dropping `signal` tells every connection to shut down gracefully; each
    // holds a `closed` receiver until it is done.
    let (signal, signal_rx) = watch::channel(());
    let (closed, closed_rx) = watch::channel(());
    loop {
        // `Listener::accept` is axum's: it retries accept errors, logging
        // those that are not the client's.
        let (stream, remote) = tokio::select! {
            accepted = Listener::accept(&mut listener) => accepted,
            () = &mut shutdown => break,
        };
        tokio::spawn(serve_connection(stream, remote, router.clone(), limits, signal_rx.clone(), closed_rx.clone()));
    }
    drop(listener);
    drop(signal);
    drop(closed_rx);
    closed.closed().await;
    Ok(())
}

/// When a connection's latest request reached the service, for the watch on
/// connections that send none ([`unused_for`]).
struct Activity {
    accepted: tokio::time::Instant,
    /// Milliseconds from `accepted` to the latest request, plus one; 0: none yet.
    latest: AtomicU64,
    /// Told of the first request, which ends the wait for it.
    first: tokio::sync::Notify,
}

impl Activity {
    fn new() -> Self {
        Self { accepted: tokio::time::Instant::now(), latest: AtomicU64::new(0), first: tokio::sync::Notify::new() }
    }

    fn request(&self) {
        let at = u64::try_from(self.accepted.elapsed().as_millis()).unwrap_or(u64::MAX - 1);
        if self.latest.swap(at + 1, Ordering::Relaxed) == 0 {
            self.first.notify_one();
        }
    }

    fn latest(&self) -> Option<tokio::time::Instant> {
        match self.latest.load(Ordering::Relaxed) {
            0 => None,
            at => Some(self.accepted + Duration::from_millis(at - 1)),
        }
    }
}

/// Completes once the connection has gone unused too long: no first request
/// within `limits.first_request` of being accepted, or, when `idle` is on
/// (HTTP/2, whose idle connections hyper never closes), no new request for
/// `limits.idle`. Says which.
async fn unused_for(activity: &Activity, limits: ConnectionLimits, idle: bool) -> Unused {
    loop {
        let latest = activity.latest();
        let deadline = match latest {
            None => activity.accepted + limits.first_request,
            Some(at) if idle => at + limits.idle,
            // HTTP/1: hyper's header read timeout watches the idle time.
            Some(_) => return std::future::pending().await,
        };
        if latest.is_none() {
            tokio::select! {
                () = tokio::time::sleep_until(deadline) => {}
                () = activity.first.notified() => continue,
            }
        } else {
            tokio::time::sleep_until(deadline).await;
        }
        if activity.latest() == latest {
            return if latest.is_none() { Unused::NoRequest } else { Unused::Idle };
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unused {
    /// No (whole) first request in time: closed at once, nothing was served.
    NoRequest,
    /// Idle: asked to shut down gracefully.
    Idle,
}

/// One connection: HTTP/1 unless it opens like the HTTP/2 preface.
///
/// A connection that sends no whole request head within
/// `limits.first_request` of being accepted is closed, whether it stays
/// silent, stops half-way through the head (slowloris) or sends the start of
/// the HTTP/2 preface and stops. Between requests, hyper's header read timeout
/// (HTTP/1, which it starts as soon as a response is written) or [`unused_for`]
/// (HTTP/2) closes it after `limits.idle` without a new request.
async fn serve_connection(
    stream: tokio::net::TcpStream,
    remote: SocketAddr,
    router: axum::Router,
    limits: ConnectionLimits,
    mut signal: tokio::sync::watch::Receiver<()>,
    _closed: tokio::sync::watch::Receiver<()>,
) {
    use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
    use tower::ServiceExt;

    let activity = Arc::new(Activity::new());
    let mut first = [0; H2_PREFACE.len()];
    let maybe_h2 = tokio::select! {
        peeked = stream.peek(&mut first) => match peeked {
            Ok(n) if n > 0 => H2_PREFACE.starts_with(&first[..n]),
            // Closed, or broken, before its first byte.
            _ => return,
        },
        _ = signal.changed() => return,
        // Silent since it was accepted.
        () = tokio::time::sleep_until(activity.accepted + limits.first_request) => return,
    };
    let seen = activity.clone();
    let service = hyper_util::service::TowerToHyperService::new(router.map_request(
        move |req: axum::http::Request<hyper::body::Incoming>| {
            seen.request();
            let mut req = req.map(axum::body::Body::new);
            req.extensions_mut().insert(axum::extract::ConnectInfo(remote));
            req
        },
    ));
    let io = TokioIo::new(stream);
    if maybe_h2 {
        // Boxed: in the task's own future, the auto-detecting connection (with
        // its HTTP/2 state) would make every HTTP/1 connection's task as large.
        let builder = {
            let mut builder = hyper_util::server::conn::auto::Builder::new(TokioExecutor::new());
            // The first bytes only started like the preface: it may be HTTP/1 still.
            builder.http1().timer(TokioTimer::new()).header_read_timeout(limits.idle);
            builder
                .http2()
                .timer(TokioTimer::new())
                .enable_connect_protocol()
                // A peer that stops answering pings is gone: its streams end.
                .keep_alive_interval(limits.idle)
                .keep_alive_timeout(limits.first_request);
            builder
        };
        let mut conn = Box::pin(builder.serve_connection_with_upgrades(io, service));
        let unused = unused_for(&activity, limits, true);
        Box::pin(until_closed(conn.as_mut(), |conn| conn.graceful_shutdown(), signal, unused)).await;
    } else {
        let conn = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(limits.idle)
            .serve_connection(io, service)
            .with_upgrades();
        let unused = unused_for(&activity, limits, false);
        until_closed(std::pin::pin!(conn), |conn| conn.graceful_shutdown(), signal, unused).await;
    }
}

/// Drives `conn` to its end, asking it to shut down gracefully once `signal`'s
/// sender is gone or it has been idle too long (`unused`), and dropping it
/// (closing the socket) if it never sent a whole request in time.
async fn until_closed<C, E>(
    mut conn: std::pin::Pin<&mut C>,
    graceful_shutdown: impl Fn(std::pin::Pin<&mut C>),
    mut signal: tokio::sync::watch::Receiver<()>,
    unused: impl std::future::Future<Output = Unused>,
) where
    C: std::future::Future<Output = Result<(), E>>,
    E: std::fmt::Display,
{
    let mut unused = std::pin::pin!(unused);
    let mut asked = false;
    loop {
        tokio::select! {
            served = conn.as_mut() => {
                if let Err(e) = served {
                    tracing::trace!("connection ended: {e}");
                }
                return;
            }
            _ = signal.changed(), if !asked => {
                asked = true;
                graceful_shutdown(conn.as_mut());
            }
            why = &mut unused, if !asked => match why {
                Unused::NoRequest => {
                    tracing::trace!("connection closed: no whole request in time");
                    return;
                }
                Unused::Idle => {
                    asked = true;
                    graceful_shutdown(conn.as_mut());
                }
            }
        }
    }
}
