//! Request guards for unsafe methods: refuse cross-site requests the browser
//! labels as such (`Sec-Fetch-Site: cross-site`), require JSON bodies to say so,
//! and rate-limit mutations per client address and per session. The synchronizer
//! CSRF token is checked by the handlers' forms as well; SameSite=Lax cookies are
//! the first line.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, Request, State};
use axum::http::Method;
use axum::http::header::CONTENT_TYPE;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use moka::sync::Cache;

use crate::http::AppState;
use crate::http::error::AppError;
use crate::http::negotiate::Repr;

/// A token bucket per key: `burst` requests at once, refilled at `per_minute`.
pub struct RateLimiter {
    buckets: Cache<String, Arc<std::sync::Mutex<Bucket>>>,
    burst: f64,
    per_sec: f64,
}

struct Bucket {
    tokens: f64,
    at: Instant,
}

impl RateLimiter {
    pub fn new(per_minute: u32, burst: u32) -> Self {
        Self {
            // Idle buckets are full buckets: forgetting them changes nothing.
            buckets: Cache::builder().max_capacity(100_000).time_to_idle(Duration::from_secs(600)).build(),
            burst: f64::from(burst.max(1)),
            per_sec: f64::from(per_minute.max(1)) / 60.0,
        }
    }

    /// Takes one token for `key`; on refusal, the seconds until one is free.
    pub fn check(&self, key: &str) -> Result<(), u64> {
        let bucket = self.buckets.get_with(key.to_owned(), || {
            Arc::new(std::sync::Mutex::new(Bucket { tokens: self.burst, at: Instant::now() }))
        });
        let mut b = bucket.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        b.tokens = (b.tokens + now.duration_since(b.at).as_secs_f64() * self.per_sec).min(self.burst);
        b.at = now;
        if b.tokens >= 1.0 {
            b.tokens -= 1.0;
            Ok(())
        } else {
            Err(((1.0 - b.tokens) / self.per_sec).ceil().max(1.0) as u64)
        }
    }
}

pub struct Limits {
    pub per_client: RateLimiter,
    pub per_session: RateLimiter,
    /// Sign-in attempts per client address, on top of the mutation limits:
    /// password guessing gets a much smaller budget than booking.
    pub sign_in: RateLimiter,
}

fn is_unsafe(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// The client address of a request (the socket peer).
pub fn client_ip(req_extensions: &axum::http::Extensions) -> IpAddr {
    req_extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip()).unwrap_or(IpAddr::from([0, 0, 0, 0]))
}

pub async fn guard_mutations(State(state): State<Arc<AppState>>, req: Request, next: Next) -> Response {
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
    let ip = client_ip(req.extensions());
    if let Err(retry) = state.limits.per_client.check(&ip.to_string()) {
        metrics::counter!("rate_limited_total", "scope" => "client").increment(1);
        return AppError::TooManyRequests { retry_after_secs: retry }.into_response();
    }
    let session = crate::http::context::cookie_value(headers, "sid")
        .or_else(|| crate::http::context::cookie_value(headers, "__Host-sid"));
    if let Some(sid) = session {
        if let Err(retry) = state.limits.per_session.check(sid) {
            metrics::counter!("rate_limited_total", "scope" => "session").increment(1);
            return AppError::TooManyRequests { retry_after_secs: retry }.into_response();
        }
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bucket_allows_a_burst_then_refuses_with_a_wait() {
        let limiter = RateLimiter::new(60, 3);
        for _ in 0..3 {
            assert!(limiter.check("a").is_ok());
        }
        assert_eq!(limiter.check("a"), Err(1));
        assert!(limiter.check("b").is_ok(), "buckets are per key");
    }
}
