//! The shared HTTP mechanics of every upstream client.

use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::{Method, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::contract::UpstreamProblemDto;
use super::resilience::{Breaker, RetryBudget};
use super::{RequestContext, Upstream, UpstreamError};

/// One upstream's base URL with the process-wide HTTP client (one connection pool).
#[derive(Clone)]
pub struct HttpUpstream {
    upstream: Upstream,
    base: String,
    client: reqwest::Client,
    timeout: Duration,
    breaker: Arc<Breaker>,
    retries: Arc<RetryBudget>,
}

/// Idempotent reads are retried once more than this after a transport error or 5xx.
const READ_RETRIES: u32 = 1;

impl HttpUpstream {
    pub fn new(upstream: Upstream, base: String, client: reqwest::Client, timeout: Duration) -> Self {
        Self { upstream, base, client, timeout, breaker: Arc::default(), retries: Arc::default() }
    }

    /// The same upstream with another per-call timeout, sharing the circuit
    /// breaker and retry budget (the upstream's health is one thing, however
    /// patient a caller is).
    pub fn with_timeout(&self, timeout: Duration) -> Self {
        Self { timeout, ..self.clone() }
    }

    /// GET a JSON resource; retried on transport errors and 5xx with jittered backoff.
    pub async fn get_json<T: DeserializeOwned>(
        &self,
        ctx: &RequestContext,
        path: &str,
        query: &(impl Serialize + ?Sized),
    ) -> Result<T, UpstreamError> {
        let mut attempt = 0;
        self.retries.deposit();
        loop {
            let result = self.send(ctx, Method::GET, path, Some(query), None::<&()>, None, None).await;
            match result {
                Err(UpstreamError::Timeout(_) | UpstreamError::Unavailable(..))
                    if attempt < READ_RETRIES && !self.breaker.is_open() && self.retries.withdraw() =>
                {
                    attempt += 1;
                    let jitter = u64::from(rand::random::<u8>() % 40);
                    tokio::time::sleep(Duration::from_millis(20 + jitter)).await;
                }
                other => return other,
            }
        }
    }

    /// GET a JSON resource on behalf of a guest (`Authorization: Bearer`). One
    /// attempt, never retried: these calls run on a tight budget, where a retry
    /// would only arrive after the caller has given up.
    pub async fn get_json_bearer<T: DeserializeOwned>(
        &self,
        ctx: &RequestContext,
        path: &str,
        bearer: &str,
    ) -> Result<T, UpstreamError> {
        self.send(ctx, Method::GET, path, None::<&()>, None::<&()>, None, Some(bearer)).await
    }

    /// POST a JSON body with an idempotency key; never retried here (the caller
    /// retries with the same key when it wants to).
    pub async fn post_json<T: DeserializeOwned>(
        &self,
        ctx: &RequestContext,
        path: &str,
        body: &(impl Serialize + ?Sized),
        idempotency_key: Option<&str>,
    ) -> Result<T, UpstreamError> {
        self.send(ctx, Method::POST, path, None::<&()>, Some(body), idempotency_key, None).await
    }

    pub async fn delete(&self, ctx: &RequestContext, path: &str) -> Result<(), UpstreamError> {
        self.send::<serde_json::Value>(ctx, Method::DELETE, path, None::<&()>, None::<&()>, None, None).await.map(drop)
    }

    #[allow(clippy::too_many_arguments)]
    // A debug span: at the default level an info span per call cost more than
    // the call's own request building; failures name the call in their event.
    #[tracing::instrument(name = "upstream", level = "debug", skip_all, fields(upstream = %self.upstream, %method, path))]
    async fn send<T: DeserializeOwned>(
        &self,
        ctx: &RequestContext,
        method: Method,
        path: &str,
        query: Option<&(impl Serialize + ?Sized)>,
        body: Option<&(impl Serialize + ?Sized)>,
        idempotency_key: Option<&str>,
        bearer: Option<&str>,
    ) -> Result<T, UpstreamError> {
        if !self.breaker.allow() {
            metrics::counter!("upstream_short_circuited_total", "upstream" => self.upstream.as_str()).increment(1);
            return Err(UpstreamError::Unavailable(self.upstream, "circuit open".into()));
        }
        let started = Instant::now();
        let mut req = self
            .client
            .request(method.clone(), format!("{}{}", self.base, path))
            .timeout(self.timeout)
            .header("x-request-id", &ctx.request_id)
            .header("traceparent", ctx.traceparent())
            .header("accept", "application/json");
        if let Some(q) = query {
            req = req.query(q);
        }
        if let Some(b) = body {
            req = req.json(b);
        }
        if let Some(key) = idempotency_key {
            req = req.header("idempotency-key", key);
        }
        if let Some(token) = bearer {
            req = req.bearer_auth(token);
        }
        let result = self.finish(req.send().await).await;
        // Only the upstream's own health counts: a 4xx is an answer, not a failure.
        self.breaker.record(!matches!(result, Err(UpstreamError::Timeout(_) | UpstreamError::Unavailable(..))));
        let outcome = match &result {
            Ok(_) => "ok",
            Err(UpstreamError::Timeout(_)) => "timeout",
            Err(UpstreamError::NotFound(_) | UpstreamError::Rejected { .. }) => "rejected",
            Err(_) => "error",
        };
        metrics::histogram!("upstream_request_duration_seconds", "upstream" => self.upstream.as_str(), "outcome" => outcome)
            .record(started.elapsed().as_secs_f64());
        if let Err(e) = &result {
            metrics::counter!("upstream_errors_total", "upstream" => self.upstream.as_str(), "outcome" => outcome)
                .increment(1);
            tracing::warn!(upstream = %self.upstream, %method, path, error = %e, "upstream call failed");
        }
        result
    }

    async fn finish<T: DeserializeOwned>(
        &self,
        sent: Result<reqwest::Response, reqwest::Error>,
    ) -> Result<T, UpstreamError> {
        let u = self.upstream;
        let response = sent.map_err(|e| self.transport_error(e))?;
        let status = response.status();
        let bytes = response.bytes().await.map_err(|e| self.transport_error(e))?;
        if status.is_success() {
            let body: &[u8] = if bytes.is_empty() { b"null" } else { &bytes };
            return serde_json::from_slice(body).map_err(|e| UpstreamError::Decode(u, e.to_string()));
        }
        if status == StatusCode::NOT_FOUND {
            return Err(UpstreamError::NotFound(u));
        }
        if status.is_client_error() {
            let problem: UpstreamProblemDto = serde_json::from_slice(&bytes).unwrap_or_default();
            return Err(UpstreamError::Rejected {
                upstream: u,
                status: status.as_u16(),
                code: problem.code,
                detail: problem.detail,
            });
        }
        Err(UpstreamError::Unavailable(u, format!("status {}", status.as_u16())))
    }

    fn transport_error(&self, e: reqwest::Error) -> UpstreamError {
        if e.is_timeout() {
            UpstreamError::Timeout(self.upstream)
        } else {
            UpstreamError::Unavailable(self.upstream, e.without_url().to_string())
        }
    }
}

/// The one HTTP client of the process: pooled keep-alive connections, no
/// redirects (an upstream redirect is a contract violation, not something to follow).
pub fn shared_client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .pool_idle_timeout(Duration::from_secs(60))
        .pool_max_idle_per_host(64)
        .tcp_nodelay(true)
        .connect_timeout(Duration::from_secs(2))
        .build()
        .expect("the HTTP client configuration is static and valid")
}

/// Percent-encodes one path segment, so an id that came from outside (a booking
/// reference in a URL) can never change which upstream resource is addressed.
pub fn path_segment(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for byte in raw.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    // "." and ".." are dot-segments even when unreserved.
    if out == "." || out == ".." { out.replace('.', "%2E") } else { out }
}

#[cfg(test)]
mod tests {
    use super::path_segment;

    #[test]
    fn path_segments_cannot_escape_their_slot() {
        assert_eq!(path_segment("AUR-7K3Q9X"), "AUR-7K3Q9X");
        assert_eq!(path_segment("../admin"), "..%2Fadmin");
        assert_eq!(path_segment(".."), "%2E%2E");
        assert_eq!(path_segment("a b?c#d"), "a%20b%3Fc%23d");
        assert_eq!(path_segment("é"), "%C3%A9");
    }
}
