//! The HTTP edge: shared state, the router of every feature merged in one
//! place, and every layer applied in one function. The edge's helpers are in
//! [`edge`], the features in [`routes`] (re-exported here by name).

pub mod edge;
pub mod routes;

pub use edge::{
    attribution, consent, context, csrf, error, guard, input, loyalty, negotiate, photos, prefs, session, views,
};
pub use routes::{assets, calendar, ecommerce, handoff, manage, openapi, ops, property, search, signin};
pub(crate) use routes::{bootstrap, brand, demo_index, draft};

use std::collections::HashMap;
use std::sync::{Arc, OnceLock, RwLock};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{MatchedPath, Request, State};
use axum::http::header::{CONTENT_SECURITY_POLICY, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use metrics_exporter_prometheus::PrometheusHandle;
use tower::ServiceBuilder;
use tower_http::CompressionLevel;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::compression::predicate::{DefaultPredicate, Predicate, SizeAbove};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;
use tower_sessions::{Expiry, SessionManagerLayer};

use crate::config::Settings;
use crate::domain::handoff::HandoffKeys;
use crate::domain::money::Currency;
use crate::store::redis::RedisPool;
use crate::store::session_store::AnyStore;
use crate::tenancy::TenantDirectory;
use crate::upstream::RequestContext;
use crate::upstream::availability::AvailabilityApi;

pub struct AppState {
    pub settings: Settings,
    pub directory: TenantDirectory,
    pub availability: Arc<dyn AvailabilityApi>,
    pub funnel: Arc<crate::funnel::Funnel>,
    /// Exchange rates for display currencies, cached.
    pub fx: crate::upstream::fx::FxRates,
    /// LoyaltyContext read-through from iam, and guest sign-in.
    pub loyalty: crate::loyalty::Loyalty,
    pub limits: guard::RateLimits,
    pub redis: Option<RedisPool>,
    pub sessions: AnyStore,
    /// The handoff keys by kid, parsed once at start-up.
    pub handoff_keys: HandoffKeys,
    /// Signs the first-touch cookie (derived from the handoff keys).
    pub first_touch_keys: crate::domain::handoff::DerivedKeys,
    /// Signs the manage-my-booking links (derived from the handoff keys).
    pub manage_keys: crate::domain::handoff::DerivedKeys,
    /// The single-use record of consumed handoff links.
    /// The handoff arrival protocol (ledger, availability, funnel).
    pub arrivals: crate::funnel::arrivals::Arrivals,
    pub assets: assets::Assets,
    pub metrics: PrometheusHandle,
    /// Accounts the sign-in page offers to try (the demo's published guests in
    /// demo mode; none otherwise).
    pub sign_in_hints: Vec<(&'static str, &'static str)>,
    /// The port the service is reachable on (for links on the demo index).
    pub port: std::sync::atomic::AtomicU16,
    /// The [`MAX_IN_FLIGHT`] slots of site requests (`/readyz` says when none is free).
    pub in_flight: Arc<tokio::sync::Semaphore>,
    /// The layout's part of each tenant's pages, built once per tenant and language.
    pub chrome: views::ChromeCache,
}

impl AppState {
    pub fn public_port(&self) -> u16 {
        self.port.load(std::sync::atomic::Ordering::Relaxed)
    }

    pub fn cookie_secure(&self) -> bool {
        self.settings.cookie_secure
    }

    /// How the page shows money: in the guest's language and, when they chose a
    /// display currency, converted from each of `charged` at today's cached rate.
    pub async fn prices(&self, cx: &context::Cx, charged: impl IntoIterator<Item = Currency>) -> views::Prices {
        let Some(to) = cx.prefs.currency else { return cx.prices() };
        let mut from: Vec<(Currency, i64)> = Vec::new();
        for c in charged {
            if c == to || from.iter().any(|(f, _)| *f == c) {
                continue;
            }
            if let Some(rate) = self.fx.rate_ppm(&cx.rc, c, to).await {
                from.push((c, rate));
            }
        }
        views::Prices { t: cx.t, display: Some(views::DisplayRates { to, from }) }
    }
}

/// Every route: operations (no tenant) and the tenant-scoped site.
pub fn router(state: Arc<AppState>) -> Router {
    let ops = Router::new()
        .route("/healthz", get(ops::healthz))
        .route("/readyz", get(ops::readyz))
        .route("/openapi.json", get(ops::openapi))
        .route("/meta/sync-contract", get(ops::meta_sync_contract))
        .route("/static/{name}", get(assets::serve))
        .route("/webhooks/payments", axum::routing::post(draft::payment_webhook));

    // The routes that answer JSON, each registered with its OpenAPI documentation.
    // The site's middlewares, outermost first, folded into two `from_fn`
    // layers around the session layer (`site_outer`, `site_inner`): each
    // `from_fn` clones and boxes the services inside it and boxes a future on
    // every request, and `Router::layer` boxes each route once per call, so
    // one `ServiceBuilder` of as few layers as the session layer allows.
    let demo_index = state
        .settings
        .upstreams
        .is_demo()
        .then(|| middleware::from_fn_with_state(state.clone(), demo_index::on_api_host));
    let site = openapi::site_routes()
        .route("/favicon.ico", get(brand::well_known_icon))
        .route("/apple-touch-icon.png", get(brand::well_known_icon))
        .route("/{file}", get(brand::file))
        .fallback(not_found)
        .layer(
            ServiceBuilder::new()
                // Demo mode only: the index of the demo sites, before any
                // tenant is resolved (it sets no cookie, so it needs no
                // `no_cookies_when_shared`).
                .option_layer(demo_index)
                .layer(middleware::from_fn_with_state(state.clone(), site_outer))
                .layer(session_layer(&state))
                .layer(middleware::from_fn_with_state(state.clone(), site_inner)),
        );

    let edge_state = (state.clone(), Arc::new(Csp::new(&state)));
    ops.merge(site).with_state(state.clone()).layer(
        ServiceBuilder::new()
            // The security headers, the in-flight limit and the request id
            // (`edge`), outside the span; the metrics, the access log, error
            // rendering and the one-`Host` check (`observe`), inside it.
            .layer(middleware::from_fn_with_state(edge_state, edge))
            // Every line logged while serving a request carries its ids.
            .layer(TraceLayer::new_for_http().make_span_with(|req: &Request| {
                let route = req.extensions().get::<MatchedPath>().map_or("", MatchedPath::as_str);
                let request_id = req.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("");
                let trace_id = req.extensions().get::<RequestContext>().map_or("", |c| c.trace_id.as_str());
                tracing::info_span!("request", method = req.method().as_str(), route, request_id, trace_id)
            }))
            .layer(middleware::from_fn_with_state(state.clone(), observe))
            .layer(CatchPanicLayer::new())
            .layer(compression())
            .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, Duration::from_secs(15)))
            .layer(RequestBodyLimitLayer::new(BODY_LIMIT)),
    )
}

/// The outermost middlewares, as one layer: the security headers (on every
/// response, the in-flight limit's own refusals too), then the in-flight limit
/// (a waiting request holds only itself), then the request id and trace
/// context.
async fn edge(State((state, csp)): State<(Arc<AppState>, Arc<Csp>)>, req: Request, next: Next) -> Response {
    let mut res = limit_site(&state, req, |req| context::request_context(req, |req| next.run(req))).await;
    csp.apply(&mut res);
    res.headers_mut().entry(X_CONTENT_TYPE_OPTIONS).or_insert(HeaderValue::from_static("nosniff"));
    res
}

/// Inside the request span, as one layer: the metrics and the access log,
/// then errors rendered in the negotiated form (what the access log sees),
/// then the one-`Host` check.
async fn observe(State(state): State<Arc<AppState>>, req: Request, next: Next) -> Response {
    let state = &*state;
    record_metrics(req, |req| error::render_errors(state, req, |req| context::one_host(req, |req| next.run(req)))).await
}

/// The site's middlewares outside the session layer: no cookies on a response
/// any cache may keep (it sees every cookie set inside), the tenant, and a
/// session that could not be saved answered as unavailable (directly outside
/// the session layer).
async fn site_outer(State(state): State<Arc<AppState>>, req: Request, next: Next) -> Response {
    let res =
        context::resolve_tenant(&state, req, |req| session::unsaved_is_unavailable(req, |req| next.run(req))).await;
    no_cookies_when_shared(res)
}

/// The site's middlewares inside the session layer: CSRF, the guards of
/// mutations (cross-site, content type, rate limits), then attribution.
async fn site_inner(State(state): State<Arc<AppState>>, req: Request, next: Next) -> Response {
    let state = &*state;
    csrf::protect(state.cookie_secure(), req, |req| {
        guard::guard_mutations(state, req, |req| attribution::capture(state, req, |req| next.run(req)))
    })
    .await
}

/// What the metrics listener (`METRICS_ADDR`) serves: `GET /metrics` only. Kept
/// off the site's listener, so no tenant host tells the world the routes,
/// tenants and traffic of every other tenant.
pub fn metrics_router(state: Arc<AppState>) -> Router {
    Router::new().route("/metrics", get(ops::metrics)).with_state(state)
}

/// A CSP htmx works under: scripts and styles only from our own origin, no
/// inline script, no eval, no framing; images from our own origin and, on a
/// tenant's site, from its image origins (`imageOrigins` of tenant-config).
struct Csp {
    form_targets: String,
    /// The policy of a response that names no tenant, or a tenant without image origins.
    plain: HeaderValue,
}

impl Csp {
    fn new(state: &AppState) -> Self {
        let form_targets = state.settings.payment_page_origin.clone().unwrap_or_default();
        let mut csp = Self { form_targets, plain: HeaderValue::from_static("default-src 'self'") };
        csp.plain = csp.policy(&[]);
        csp
    }

    fn policy(&self, image_origins: &[String]) -> HeaderValue {
        let form_targets = &self.form_targets;
        let mut images = String::from("'self' data:");
        for origin in image_origins {
            images.push(' ');
            images.push_str(origin);
        }
        let policy = format!(
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src {images}; connect-src 'self'; \
             font-src 'self'; form-action 'self' {form_targets}; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
        );
        HeaderValue::from_str(policy.trim()).unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'"))
    }

    /// Sets the policy on `res` unless it has one: the tenant's, when the
    /// response was served for a tenant that names image origins; with it the
    /// other headers a document needs (no framing, the referrer policy).
    ///
    /// A subresource (a stylesheet, a script, a raster image, a web app
    /// manifest) gets none of them: a browser applies them to documents only,
    /// and on the landing's eight assets they were some 3 KB of its 30 KB
    /// budget. An SVG keeps them: opened on its own, it is a document.
    fn apply(&self, res: &mut Response) {
        if is_subresource(res) {
            return;
        }
        let headers = res.headers_mut();
        if !headers.contains_key(X_FRAME_OPTIONS) {
            headers.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
        }
        if !headers.contains_key(REFERRER_POLICY) {
            headers.insert(REFERRER_POLICY, HeaderValue::from_static("strict-origin-when-cross-origin"));
        }
        if res.headers().contains_key(CONTENT_SECURITY_POLICY) {
            return;
        }
        let value = match res.extensions().get::<Arc<crate::domain::tenant::Tenant>>() {
            Some(tenant) if !tenant.image_origins.is_empty() => self.policy(&tenant.image_origins),
            _ => self.plain.clone(),
        };
        res.headers_mut().insert(CONTENT_SECURITY_POLICY, value);
    }
}

/// A response that is never a document: by its type, a stylesheet, a script,
/// a raster image or a web app manifest.
fn is_subresource(res: &Response) -> bool {
    let Some(kind) = res.headers().get(axum::http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let kind = kind.split(';').next().unwrap_or("").trim();
    matches!(
        kind,
        "text/css"
            | "text/javascript"
            | "application/javascript"
            | "application/manifest+json"
            | "image/png"
            | "image/webp"
            | "image/avif"
            | "image/jpeg"
            | "font/woff2"
    )
}

/// Site requests served at once; more wait for a slot (operations routes never
/// do). Two cores are saturated long before this many (128 in flight at 50 ms
/// per upstream call is 2 560 pages a second, about what two cores render), and
/// it bounds the memory of a burst: without it 1 000 open connections meant
/// 1 000 requests in flight, each with its own upstream connection, decoded
/// answer and rendered page.
pub const MAX_IN_FLIGHT: usize = 128;

/// How long a site request may wait for an in-flight slot; then it is a 503
/// with `Retry-After` (a load balancer tries another instance) rather than a
/// page that hangs. Two seconds drain ~5 000 queued cached pages on two cores.
const SLOT_WAIT: Duration = Duration::from_secs(2);

/// How long a request body may take to arrive, whole. It is read before the
/// request takes a slot, so a slow sender only ever holds its own connection.
const BODY_READ_TIMEOUT: Duration = Duration::from_secs(5);

/// The largest request body taken (a 413 beyond, chunked or not).
const BODY_LIMIT: usize = 64 * 1024;

/// Reads the body of a site request, then waits (at most [`SLOT_WAIT`]) for
/// one of the [`MAX_IN_FLIGHT`] slots before anything else is done for it.
/// It is outside every layer but the security headers so that a waiting
/// request holds only itself: behind the request id, span, metrics, timeout and
/// tenant layers, each of the ~900 requests waiting under 1 000 connections held
/// all of their state too. Its own refusals are rendered here, in the
/// negotiated form.
async fn limit_site(state: &AppState, req: Request, next: impl edge::Inner) -> Response {
    if is_operations(req.uri().path()) {
        return next.run(req).await;
    }
    let asked = error::Asked::early(&req);
    // Boxed, and only for a request with a body: its future would otherwise
    // make every waiting request's as large.
    let req = if axum::body::HttpBody::is_end_stream(req.body()) {
        req
    } else {
        match Box::pin(read_body(req)).await {
            Ok(req) => req,
            Err(refused) => return asked.render(state, refused),
        }
    };
    let (_slot, req) = match state.in_flight.try_acquire() {
        Ok(slot) => (slot, req),
        Err(_) => {
            // It waits: it should hold only its own bytes meanwhile.
            let req = unpinned(req);
            // The semaphore is never closed, so acquiring fails only by the deadline.
            let Ok(Ok(slot)) = tokio::time::timeout(SLOT_WAIT, state.in_flight.acquire()).await else {
                metrics::counter!("requests_shed_total", "reason" => "slot-wait").increment(1);
                return asked.render(state, error::AppError::Overloaded.into_response());
            };
            (slot, req)
        }
    };
    // Boxed: the future of everything inside is built once the request has a
    // slot, so a waiting request's future holds only the waiting.
    Box::pin(next.run(req)).await
}

/// The request with its URI and header values copied out of its connection's
/// read buffer into one allocation of their own size. hyper parses a request
/// in place, so until the request is dropped its URI and header values hold
/// the connection's whole 8 KiB read buffer, and hyper reserves another 8 KiB
/// to go on reading the connection meanwhile: some 16 KiB for each request
/// waiting for a slot, 160 MB under 10 000 busy connections.
fn unpinned(req: Request) -> Request {
    use axum::body::Bytes;
    use axum::extract::OriginalUri;
    use axum::http::{HeaderMap, Uri};

    let (mut parts, body) = req.into_parts();
    let uri = parts.uri.to_string();
    let original = parts.extensions.get::<OriginalUri>().filter(|o| o.0 != parts.uri).map(|o| o.0.to_string());
    let values: usize = parts.headers.values().map(|v| v.len()).sum();
    let mut bytes = Vec::with_capacity(uri.len() + original.as_ref().map_or(0, String::len) + values);
    bytes.extend_from_slice(uri.as_bytes());
    if let Some(original) = &original {
        bytes.extend_from_slice(original.as_bytes());
    }
    for value in parts.headers.values() {
        bytes.extend_from_slice(value.as_bytes());
    }
    let bytes = Bytes::from(bytes);
    let mut at = 0;
    let mut next = |len: usize| {
        at += len;
        bytes.slice(at - len..at)
    };
    // Each copy is of a value that parsed before: none of these can fail.
    if let Ok(copy) = Uri::from_maybe_shared(next(uri.len())) {
        parts.uri = copy;
    }
    let original = original.map(|o| Uri::from_maybe_shared(next(o.len()))).unwrap_or_else(|| Ok(parts.uri.clone()));
    if let (Ok(copy), Some(OriginalUri(uri))) = (original, parts.extensions.get_mut::<OriginalUri>()) {
        *uri = copy;
    }
    let mut headers = HeaderMap::with_capacity(parts.headers.len());
    for (name, value) in &parts.headers {
        let copy = match HeaderValue::from_maybe_shared(next(value.len())) {
            Ok(mut copy) => {
                copy.set_sensitive(value.is_sensitive());
                copy
            }
            Err(_) => value.clone(),
        };
        headers.append(name, copy);
    }
    parts.headers = headers;
    Request::from_parts(parts, body)
}

/// The request with its body read into memory: at most [`BODY_LIMIT`] bytes
/// (413) within [`BODY_READ_TIMEOUT`] (408); a body that breaks off is a 400.
async fn read_body(req: Request) -> Result<Request, Response> {
    use axum::body::{Body, HttpBody};
    use futures::StreamExt;

    let declared = req
        .headers()
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|len| len > BODY_LIMIT as u64) {
        return Err(error::AppError::PayloadTooLarge.into_response());
    }
    let (parts, body) = req.into_parts();
    if body.is_end_stream() {
        return Ok(Request::from_parts(parts, body));
    }
    let mut data = body.into_data_stream();
    // Grown as data arrives, never from what the client declared: a declared
    // 64 KiB that never comes must not cost 64 KiB.
    let mut bytes = Vec::new();
    let read = async {
        while let Some(chunk) = data.next().await {
            let chunk = chunk.map_err(|_| StatusCode::BAD_REQUEST.into_response())?;
            if bytes.len() + chunk.len() > BODY_LIMIT {
                return Err(error::AppError::PayloadTooLarge.into_response());
            }
            bytes.extend_from_slice(&chunk);
        }
        Ok(())
    };
    match tokio::time::timeout(BODY_READ_TIMEOUT, read).await {
        Ok(Ok(())) => Ok(Request::from_parts(parts, Body::from(bytes))),
        Ok(Err(refused)) => Err(refused),
        Err(_) => {
            metrics::counter!("requests_shed_total", "reason" => "body-timeout").increment(1);
            Err(StatusCode::REQUEST_TIMEOUT.into_response())
        }
    }
}

/// The paths of the operations router in [`router`] (probes, static assets,
/// webhooks), which never wait for a slot.
fn is_operations(path: &str) -> bool {
    matches!(path, "/healthz" | "/readyz" | "/openapi.json" | "/meta/sync-contract" | "/webhooks/payments")
        || path.starts_with("/static/")
}

/// Dynamic responses at least this large are compressed: about what fits the
/// first flight of a new connection (TCP's initial window of 10 segments, some
/// 14 KB, less headers and TLS framing).
const COMPRESS_FROM: u64 = 12 * 1024;

/// Compression that pays for itself. A page that fits the first flight arrives
/// in one round trip either way, and compressing it costs as much CPU as
/// rendering it (gzip's fastest level is some 30 instructions a byte), so it
/// goes as it is; a larger page (a property's rooms and rates) is gzipped at
/// the fastest level, which brings it into one flight. Static assets carry
/// their own pre-compressed encodings (assets.rs), which this layer leaves
/// alone. A compressed page may reflect the request (a search's fields) beside
/// the one secret it carries, the CSRF token, which is therefore masked afresh
/// in every response (csrf.rs): nothing for BREACH to read.
fn compression() -> CompressionLayer<impl Predicate> {
    CompressionLayer::new()
        .no_br()
        .quality(CompressionLevel::Fastest)
        .compress_when(DefaultPredicate::new().and(SizeAbove::new(COMPRESS_FROM)))
}

fn session_layer(state: &AppState) -> SessionManagerLayer<AnyStore> {
    let secure = state.cookie_secure();
    let idle = time::Duration::seconds(state.settings.session_idle_timeout.as_secs() as i64);
    SessionManagerLayer::new(state.sessions.clone())
        .with_name(if secure { "__Host-sid" } else { "sid" })
        .with_secure(secure)
        .with_http_only(true)
        .with_same_site(tower_sessions::cookie::SameSite::Lax)
        .with_path("/")
        .with_expiry(Expiry::OnInactivity(idle))
}

/// A response any cache may keep (the brand's icons, stylesheet and manifest,
/// `Cache-Control: public`) carries no cookie: a shared cache would hand one
/// guest's CSRF token, tenant and language cookies to every next one. The
/// guest gets them with the next page instead.
fn no_cookies_when_shared(mut res: Response) -> Response {
    let shared = res
        .headers()
        .get(axum::http::header::CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|d| d.trim().eq_ignore_ascii_case("public")));
    if shared {
        res.headers_mut().remove(axum::http::header::SET_COOKIE);
    }
    res
}

async fn not_found() -> error::AppError {
    error::AppError::NotFound
}

/// Per-route request counts and latencies for Prometheus, and the access log.
async fn record_metrics(req: Request, next: impl edge::Inner) -> Response {
    let started = Instant::now();
    let route = req.extensions().get::<MatchedPath>().cloned();
    let method = method_label(req.method());
    let res = next.run(req).await;
    let elapsed = started.elapsed();
    let route = route.as_ref().map_or("unmatched", MatchedPath::as_str);
    let status = res.status().as_u16();
    let (requests, duration) = route_metrics(route, method, status);
    requests.increment(1);
    duration.record(elapsed.as_secs_f64());
    let tenant = res.extensions().get::<Arc<crate::domain::tenant::Tenant>>().map(|t| t.id.as_str());
    crate::telemetry::access_log(method, route, status, elapsed, tenant);
    res
}

/// The `method` label: one of the methods of RFC 9110 and PATCH, or `_OTHER`,
/// so that made-up methods cannot add series without bound (routes are the
/// matched patterns or `unmatched`, statuses are at most a few hundred).
fn method_label(method: &axum::http::Method) -> &'static str {
    use axum::http::Method;
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::DELETE => "DELETE",
        Method::CONNECT => "CONNECT",
        Method::OPTIONS => "OPTIONS",
        Method::TRACE => "TRACE",
        Method::PATCH => "PATCH",
        _ => "_OTHER",
    }
}

type RouteHandles = (metrics::Counter, metrics::Histogram);

/// The handles of one route, method and status, registered on first use. Building
/// the labelled keys and looking them up in the recorder on every request cost
/// more than the rest of the metrics work.
fn route_metrics(route: &str, method: &'static str, status: u16) -> RouteHandles {
    type Handles = HashMap<String, Vec<(&'static str, u16, RouteHandles)>>;
    static HANDLES: OnceLock<RwLock<Handles>> = OnceLock::new();
    let handles = HANDLES.get_or_init(RwLock::default);
    let find = |all: &Handles| {
        all.get(route)?.iter().find(|(m, s, _)| *m == method && *s == status).map(|(_, _, h)| h.clone())
    };
    if let Some(found) = find(&handles.read().unwrap_or_else(|e| e.into_inner())) {
        return found;
    }
    let mut all = handles.write().unwrap_or_else(|e| e.into_inner());
    if let Some(found) = find(&all) {
        return found;
    }
    let (route_label, status_label) = (route.to_owned(), status.to_string());
    let requests = metrics::counter!("http_requests_total",
        "route" => route_label.clone(), "method" => method, "status" => status_label.clone());
    let duration = metrics::histogram!("http_request_duration_seconds",
        "route" => route_label, "method" => method, "status" => status_label);
    let found = (requests, duration);
    all.entry(route.to_owned()).or_default().push((method, status, found.clone()));
    found
}
