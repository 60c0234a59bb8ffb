//! Request guards for unsafe methods: refuse cross-site requests the browser
//! labels as such (`Sec-Fetch-Site: cross-site`), require JSON bodies to say so,
//! and rate-limit mutations per client address and per session (the limits
//! themselves are in [`crate::store::rate_limits`]). The synchronizer
//! CSRF token is checked by the handlers' forms as well; SameSite=Lax cookies are
//! the first line.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, Request};
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderMap, Method};
use axum::response::{IntoResponse, Response};

use crate::http::AppState;
use crate::http::edge::Inner;
use crate::http::error::AppError;
use crate::http::negotiate::Repr;
use crate::store::rate_limits::{Limit, Refusal};

pub use crate::store::rate_limits::RateLimits;

fn is_unsafe(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// The client address of a request: the socket peer, or, when the peer is one
/// of `TRUSTED_PROXIES`, the address its forwarding headers name.
pub fn client_ip(state: &AppState, peer: Option<SocketAddr>, headers: &HeaderMap) -> IpAddr {
    let peer = peer.map_or(IpAddr::from([0, 0, 0, 0]), |p| p.ip());
    let values = |name: &str| headers.get_all(name).into_iter().filter_map(|v| v.to_str().ok()).collect::<Vec<_>>();
    state.settings.trusted_proxies.client(peer, values("x-forwarded-for"), values("forwarded"))
}

/// The rate-limit key of a request's client (an IPv6 client's /64).
pub fn client_key(state: &AppState, peer: Option<SocketAddr>, headers: &HeaderMap) -> String {
    crate::proxies::client_key(client_ip(state, peer, headers))
}

/// A refusal as the error the guest sees: 429 with `Retry-After`, or 503 when
/// the shared count is unreadable for a limit that fails closed. The metric's
/// label is the limit's fixed name, never the key.
pub fn refused(refusal: Refusal) -> AppError {
    match refusal {
        Refusal::TooMany { retry_after_secs, limit } => {
            metrics::counter!("rate_limited_total", "scope" => limit.name()).increment(1);
            AppError::TooManyRequests { retry_after_secs }
        }
        Refusal::Unavailable => AppError::Unavailable("rate limits: the shared count is unavailable".into()),
    }
}

pub async fn guard_mutations(state: &AppState, req: Request, next: impl Inner) -> Response {
    if !is_unsafe(req.method()) {
        return next.run(req).await;
    }
    let headers = req.headers();
    if headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) == Some("cross-site") {
        return AppError::Forbidden(crate::i18n::Msg::new("error-forbidden-cross-site")).into_response();
    }
    let content_type = headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    if Repr::from_headers(headers) == Repr::Json && !content_type.trim_start().starts_with("application/json") {
        return AppError::UnsupportedMediaType.into_response();
    }
    let peer = req.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0);
    let client = client_key(state, peer, headers);
    let session = crate::http::context::cookie_value(headers, "sid")
        .or_else(|| crate::http::context::cookie_value(headers, "__Host-sid"));
    let mut checks = vec![(Limit::Client, client.as_str())];
    checks.extend(session.map(|sid| (Limit::Session, sid)));
    // One round trip for both (on Redis).
    // Boxed, so that the layer's future (which every GET is served in) does
    // not carry the space of a Redis round trip only a mutation makes.
    if let Err(refusal) = Box::pin(state.limits.check(&checks)).await {
        return refused(refusal).into_response();
    }
    next.run(req).await
}
