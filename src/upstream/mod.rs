//! Upstream platform services, one module per upstream, each a small trait with a
//! real HTTP implementation. Every call has a timeout, carries `x-request-id` and
//! W3C `traceparent` (and `tracestate`), retries only idempotent reads, and maps failures to
//! [`UpstreamError`]. Calls whose answers carry hotel texts (tenant-config,
//! availability, pricing) also carry the guest's language as `Accept-Language`.

pub mod availability;
pub mod contract;
pub mod fresh;
pub mod fx;
mod http;
pub mod iam;
pub mod payments;
pub mod pricing;
pub mod reservations;
mod resilience;
pub mod tenant_config;

use std::fmt;

use crate::domain::msg::Locale;
use crate::telemetry::trace_context::TraceContext;

pub use http::{HttpUpstream, path_segment, shared_client, try_shared_client};

/// Per-request tracing context propagated to every upstream call.
#[derive(Debug, Clone)]
pub struct RequestContext {
    pub request_id: String,
    /// W3C trace id (32 lowercase hex) shared by every call of the request.
    pub trace_id: String,
    /// The trace-flags sent on: as received, or sampled for a trace we start.
    trace_flags: u8,
    /// The caller's `tracestate`, passed on unchanged when it was valid.
    tracestate: Option<String>,
    /// The language the guest reads hotel texts in: sent as `Accept-Language`
    /// to the upstreams that answer in languages. `None`: the tenant's default.
    language: Option<Locale>,
}

impl RequestContext {
    /// Continues the caller's trace when `traceparent` is valid, else starts one.
    pub fn new(request_id: String, incoming_traceparent: Option<&str>) -> Self {
        Self::with_trace(request_id, TraceContext::from_headers(incoming_traceparent.map(str::as_bytes), []))
    }

    /// The context of a request whose trace was read from its headers.
    pub fn with_trace(request_id: String, trace: TraceContext) -> Self {
        let TraceContext { trace_id, flags, tracestate } = trace;
        Self { request_id, trace_id, trace_flags: flags, tracestate, language: None }
    }

    /// The same request, asking for hotel texts in `language` (`None`: in the
    /// tenant's default, sending no `Accept-Language`).
    pub fn in_language(mut self, language: Option<Locale>) -> Self {
        self.language = language;
        self
    }

    /// The language hotel texts are asked for in, if any.
    pub fn language(&self) -> Option<Locale> {
        self.language
    }

    /// A fresh `traceparent` for one outgoing call (a new span id each time).
    pub fn traceparent(&self) -> String {
        crate::telemetry::trace_context::traceparent(&self.trace_id, self.trace_flags)
    }

    /// The `tracestate` every outgoing call carries, if any.
    pub fn tracestate(&self) -> Option<&str> {
        self.tracestate.as_deref()
    }

    /// For background work with no incoming request.
    pub fn background() -> Self {
        Self::new(format!("bg-{}", hex::encode(rand::random::<[u8; 8]>())), None)
    }
}

/// Which upstream a failure came from, for messages and metrics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Upstream {
    TenantConfig,
    Availability,
    Pricing,
    Reservations,
    Payments,
    Iam,
}

impl Upstream {
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::TenantConfig => "tenant-config",
            Self::Availability => "availability",
            Self::Pricing => "pricing",
            Self::Reservations => "reservations",
            Self::Payments => "payments",
            Self::Iam => "iam",
        }
    }

    /// Whether this upstream's answers carry hotel texts in the language asked
    /// for (docs/upstreams.md §1, "Headers the BFF sends").
    pub fn speaks_languages(&self) -> bool {
        matches!(self, Self::TenantConfig | Self::Availability | Self::Pricing)
    }
}

impl fmt::Display for Upstream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum UpstreamError {
    #[error("{0} did not answer in time")]
    Timeout(Upstream),
    #[error("{0} is unavailable: {1}")]
    Unavailable(Upstream, String),
    #[error("{0} has no such resource")]
    NotFound(Upstream),
    /// The upstream refused the request (4xx) with a machine-readable code.
    #[error("{upstream} refused the request: {code}: {detail}")]
    Rejected { upstream: Upstream, status: u16, code: String, detail: String },
    #[error("{0} sent a response we could not read: {1}")]
    Decode(Upstream, String),
}

impl UpstreamError {
    pub fn upstream(&self) -> Upstream {
        match self {
            Self::Timeout(u) | Self::Unavailable(u, _) | Self::NotFound(u) | Self::Decode(u, _) => *u,
            Self::Rejected { upstream, .. } => *upstream,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn continues_a_valid_trace_and_replaces_an_invalid_one() {
        let ctx = RequestContext::new("r".into(), Some("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
        assert_eq!(ctx.trace_id, "4bf92f3577b34da6a3ce929d0e0e4736");
        let tp = ctx.traceparent();
        assert!(tp.starts_with("00-4bf92f3577b34da6a3ce929d0e0e4736-") && tp.len() == 55);
        for bad in ["", "00-0000000000000000000000000000000-00f067aa0ba902b7-01", "zz", "00-XYZ-1-01"] {
            assert_ne!(RequestContext::new("r".into(), Some(bad)).trace_id, "4bf92f3577b34da6a3ce929d0e0e4736");
        }
    }
}
