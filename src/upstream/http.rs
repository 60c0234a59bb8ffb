//! The shared HTTP mechanics of every upstream client.

use std::fmt::{self, Write as _};
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::header::{ACCEPT, ACCEPT_LANGUAGE, HeaderName, HeaderValue};
use reqwest::{Method, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::contract::UpstreamProblemDto;
use super::fresh::{FreshCache, freshness};
use super::resilience::{Breaker, Permit, RetryBudget};
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

/// A decoded answer, with how long the upstream allows it to be reused.
struct Answer<T> {
    value: T,
    fresh_for: Option<Duration>,
    body_len: usize,
}

/// Idempotent reads are retried once more than this after a transport error or 5xx.
const READ_RETRIES: u32 = 1;

const X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");
const TRACEPARENT: HeaderName = HeaderName::from_static("traceparent");
const TRACESTATE: HeaderName = HeaderName::from_static("tracestate");
const IDEMPOTENCY_KEY: HeaderName = HeaderName::from_static("idempotency-key");
const APPLICATION_JSON: HeaderValue = HeaderValue::from_static("application/json");

/// The URL of one GET, written once, behind the language it is asked in:
/// `"{lang} {url}"` (or the URL alone) names a cached answer, and the URL is
/// what is sent.
pub struct Target {
    key: String,
    url_at: usize,
}

impl Target {
    fn url(&self) -> &str {
        &self.key[self.url_at..]
    }
}

/// A query string being written into a [`Target`].
pub type QueryWriter<'a> = form_urlencoded::Serializer<'a, &'a mut String>;

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
        let url = self.url(path, query)?;
        self.get_with_retries(ctx, &url).await.map(|answer| answer.value)
    }

    /// [`Self::get_json`], answered from `cache` while the upstream's own
    /// `Cache-Control` says an earlier answer to the same URL is fresh, and kept
    /// there when it says so (fresh.rs). Errors are never kept.
    pub async fn get_json_fresh<T: DeserializeOwned + Send + Sync + 'static>(
        &self,
        ctx: &RequestContext,
        path: &str,
        query: &(impl Serialize + ?Sized),
        cache: &FreshCache<T>,
    ) -> Result<Arc<T>, UpstreamError> {
        self.get_fresh_as(ctx, path, query, cache, Ok).await
    }

    /// [`get_json_fresh`](Self::get_json_fresh) for an answer decoded as `D` and
    /// turned into `T` by `convert` once per upstream answer: the cache holds the
    /// converted value, so a hit costs no conversion.
    pub async fn get_fresh_as<D: DeserializeOwned, T: Send + Sync + 'static>(
        &self,
        ctx: &RequestContext,
        path: &str,
        query: &(impl Serialize + ?Sized),
        cache: &FreshCache<T>,
        convert: impl FnOnce(D) -> Result<T, UpstreamError>,
    ) -> Result<Arc<T>, UpstreamError> {
        let query = serde_urlencoded::to_string(query)
            .map_err(|e| UpstreamError::Unavailable(self.upstream, format!("query: {e}")))?;
        let target = self.target_with(ctx, format_args!("{path}"), |url| url.push_str(&query));
        self.get_target_as(ctx, &target, cache, convert).await
    }

    /// Where a GET of `path` goes, with the query `query` writes (nothing
    /// written: no `?`), asked in the language of `ctx`.
    pub fn target(
        &self,
        ctx: &RequestContext,
        path: fmt::Arguments<'_>,
        query: impl FnOnce(&mut QueryWriter<'_>),
    ) -> Target {
        self.target_with(ctx, path, |url| {
            let start = url.len();
            let mut writer = form_urlencoded::Serializer::for_suffix(url, start);
            query(&mut writer);
            writer.finish();
        })
    }

    /// [`Self::target`] with a query `query` appends to the URL as it is.
    fn target_with(&self, ctx: &RequestContext, path: fmt::Arguments<'_>, query: impl FnOnce(&mut String)) -> Target {
        let mut key = String::with_capacity(192);
        if let Some(lang) = self.language(ctx) {
            key.push_str(lang.as_str());
            key.push(' ');
        }
        let url_at = key.len();
        key.push_str(&self.base);
        // Writing into a String cannot fail.
        let _ = key.write_fmt(path);
        key.push('?');
        let start = key.len();
        query(&mut key);
        if key.len() == start {
            key.pop();
        }
        Target { key, url_at }
    }

    /// [`Self::get_fresh_as`] for a [`Target`] built by the caller.
    pub async fn get_target_as<D: DeserializeOwned, T: Send + Sync + 'static>(
        &self,
        ctx: &RequestContext,
        target: &Target,
        cache: &FreshCache<T>,
        convert: impl FnOnce(D) -> Result<T, UpstreamError>,
    ) -> Result<Arc<T>, UpstreamError> {
        // An answer is in the language it was asked for: the language is part
        // of what names it, as the URL is.
        if let Some(hit) = cache.get(&target.key) {
            return Ok(hit);
        }
        let answer: Answer<D> = self.get_with_retries(ctx, target.url()).await?;
        let value = Arc::new(convert(answer.value)?);
        if let Some(lifetime) = answer.fresh_for {
            cache.put(target.key.clone(), value.clone(), lifetime, answer.body_len);
        }
        Ok(value)
    }

    /// The `Accept-Language` a call of `ctx` carries to this upstream, if any.
    fn language(&self, ctx: &RequestContext) -> Option<crate::domain::msg::Locale> {
        ctx.language().filter(|_| self.upstream.speaks_languages())
    }

    async fn get_with_retries<T: DeserializeOwned>(
        &self,
        ctx: &RequestContext,
        url: &str,
    ) -> Result<Answer<T>, UpstreamError> {
        let mut attempt = 0;
        loop {
            // A read the breaker refuses loads nobody: it neither earns nor
            // spends retry budget, and is not retried.
            let permit = self.permit()?;
            if attempt == 0 {
                self.retries.deposit();
            }
            let result = self.send(permit, ctx, Method::GET, url, None::<&()>, None, None).await;
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

    /// The full URL of a call: the base, the path and the query. Built here once
    /// rather than by reqwest, so it can also name a cached answer.
    fn url(&self, path: &str, query: &(impl Serialize + ?Sized)) -> Result<String, UpstreamError> {
        let query = serde_urlencoded::to_string(query)
            .map_err(|e| UpstreamError::Unavailable(self.upstream, format!("query: {e}")))?;
        Ok(self.join(path, &query))
    }

    fn join(&self, path: &str, query: &str) -> String {
        let mut url = String::with_capacity(self.base.len() + path.len() + 1 + query.len());
        url.push_str(&self.base);
        url.push_str(path);
        if !query.is_empty() {
            url.push('?');
            url.push_str(query);
        }
        url
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
        let url = self.join(path, "");
        let permit = self.permit()?;
        self.send(permit, ctx, Method::GET, &url, None::<&()>, None, Some(bearer)).await.map(|answer| answer.value)
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
        let url = self.join(path, "");
        let permit = self.permit()?;
        self.send(permit, ctx, Method::POST, &url, Some(body), idempotency_key, None).await.map(|answer| answer.value)
    }

    pub async fn delete(&self, ctx: &RequestContext, path: &str) -> Result<(), UpstreamError> {
        let url = self.join(path, "");
        let permit = self.permit()?;
        self.send::<serde_json::Value>(permit, ctx, Method::DELETE, &url, None::<&()>, None, None).await.map(drop)
    }

    /// The breaker's leave for one call, or the error of a short-circuited one.
    fn permit(&self) -> Result<Permit<'_>, UpstreamError> {
        self.breaker.permit().ok_or_else(|| {
            metrics::counter!("upstream_short_circuited_total", "upstream" => self.upstream.as_str()).increment(1);
            UpstreamError::Unavailable(self.upstream, "circuit open".into())
        })
    }

    // A debug span: at the default level an info span per call cost more than
    // the call's own request building; failures name the call in their event.
    #[allow(clippy::too_many_arguments)]
    #[tracing::instrument(name = "upstream", level = "debug", skip_all, fields(upstream = %self.upstream, %method, path = self.path_of(url)))]
    async fn send<T: DeserializeOwned>(
        &self,
        permit: Permit<'_>,
        ctx: &RequestContext,
        method: Method,
        url: &str,
        body: Option<&(impl Serialize + ?Sized)>,
        idempotency_key: Option<&str>,
        bearer: Option<&str>,
    ) -> Result<Answer<T>, UpstreamError> {
        let started = Instant::now();
        let mut req = self
            .client
            .request(method.clone(), url)
            .timeout(self.timeout)
            .header(X_REQUEST_ID, &ctx.request_id)
            .header(TRACEPARENT, ctx.traceparent())
            .header(ACCEPT, APPLICATION_JSON);
        if let Some(state) = ctx.tracestate() {
            req = req.header(TRACESTATE, state);
        }
        if let Some(lang) = self.language(ctx) {
            req = req.header(ACCEPT_LANGUAGE, HeaderValue::from_static(lang.as_str()));
        }
        if let Some(b) = body {
            req = req.json(b);
        }
        if let Some(key) = idempotency_key {
            req = req.header(IDEMPOTENCY_KEY, key);
        }
        if let Some(token) = bearer {
            req = req.bearer_auth(token);
        }
        let result = self.finish(req.send().await).await;
        // Only the upstream's own health counts: a 4xx is an answer, not a failure.
        permit.record(!matches!(result, Err(UpstreamError::Timeout(_) | UpstreamError::Unavailable(..))));
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
            tracing::warn!(upstream = %self.upstream, %method, path = self.path_of(url), error = %e, "upstream call failed");
        }
        result
    }

    /// The path of a call's URL, for logs: not the base (configuration) nor the
    /// query (a guest's search).
    fn path_of<'a>(&self, url: &'a str) -> &'a str {
        let path = url.strip_prefix(self.base.as_str()).unwrap_or(url);
        path.split_once('?').map_or(path, |(path, _)| path)
    }

    async fn finish<T: DeserializeOwned>(
        &self,
        sent: Result<reqwest::Response, reqwest::Error>,
    ) -> Result<Answer<T>, UpstreamError> {
        let u = self.upstream;
        let response = sent.map_err(|e| self.transport_error(e))?;
        let status = response.status();
        let fresh_for = if status.is_success() { freshness(response.headers()) } else { None };
        let bytes = response.bytes().await.map_err(|e| self.transport_error(e))?;
        if status.is_success() {
            let body: &[u8] = if bytes.is_empty() { b"null" } else { &bytes };
            // The body is checked as UTF-8 once, as a whole, and decoded as a
            // `str`: from bytes, serde_json checks every string it reads (each
            // key too) on its own, some 180 small checks for an availability
            // answer.
            let text = std::str::from_utf8(body).map_err(|e| UpstreamError::Decode(u, e.to_string()))?;
            let value = serde_json::from_str(text).map_err(|e| UpstreamError::Decode(u, e.to_string()))?;
            return Ok(Answer { value, fresh_for, body_len: bytes.len() });
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
///
/// Fails only when the TLS trust store cannot be loaded (`SSL_CERT_FILE` or
/// `SSL_CERT_DIR` naming nothing usable): start-up reports it as configuration.
pub fn try_shared_client() -> Result<reqwest::Client, reqwest::Error> {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .pool_idle_timeout(Duration::from_secs(60))
        .pool_max_idle_per_host(64)
        .tcp_nodelay(true)
        .connect_timeout(Duration::from_secs(2))
        .build()
}

/// [`try_shared_client`] for the demo platform, benchmarks and tests, which
/// start after the service's own client was built (or are not the service).
pub fn shared_client() -> reqwest::Client {
    try_shared_client().expect("the TLS trust store loads")
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
