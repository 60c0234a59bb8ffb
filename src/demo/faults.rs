//! Fault injection for tests: latency and error statuses per upstream, switched
//! on and off through `/__admin/faults`, plus a log of the tracing headers each
//! upstream call carried (`traceparent`, `tracestate`, request id).

use std::collections::VecDeque;
use std::sync::Arc;
use std::sync::Mutex;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

use super::DemoState;

/// One fault rule: for calls to `upstream`, wait `latency_ms`, then answer
/// `status` instead of the real response (when set), `times` times (or forever).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Fault {
    pub upstream: String,
    #[serde(default)]
    pub latency_ms: u64,
    #[serde(default)]
    pub status: Option<u16>,
    #[serde(default)]
    pub times: Option<u32>,
    /// Wait this long after the call was carried out, before answering: the
    /// call lands, but a client with a shorter timeout never hears so.
    #[serde(default)]
    pub latency_after_ms: u64,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SeenCall {
    pub upstream: &'static str,
    pub method: String,
    pub path: String,
    /// The query string, if any (what a read asked for).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub query: Option<String>,
    pub request_id: Option<String>,
    pub traceparent: Option<String>,
    pub tracestate: Option<String>,
    pub idempotency_key: Option<String>,
    pub accept_language: Option<String>,
}

#[derive(Default)]
pub struct FaultSwitch {
    rules: Mutex<Vec<Fault>>,
    seen: Mutex<VecDeque<SeenCall>>,
    calls: Mutex<std::collections::BTreeMap<&'static str, u64>>,
}

const SEEN_LIMIT: usize = 256;

impl FaultSwitch {
    pub fn set(&self, fault: Fault) {
        self.rules.lock().unwrap_or_else(|e| e.into_inner()).push(fault);
    }

    pub fn clear(&self) {
        self.rules.lock().unwrap_or_else(|e| e.into_inner()).clear();
    }

    /// Takes the fault to apply to this call, if any, counting down `times`.
    fn take(&self, upstream: &str) -> Option<Fault> {
        let mut rules = self.rules.lock().unwrap_or_else(|e| e.into_inner());
        let idx = rules.iter().position(|f| f.upstream == upstream || f.upstream == "*")?;
        let fault = rules[idx].clone();
        if let Some(times) = rules[idx].times.as_mut() {
            *times = times.saturating_sub(1);
            if *times == 0 {
                rules.remove(idx);
            }
        }
        Some(fault)
    }

    pub fn seen(&self) -> Vec<SeenCall> {
        self.seen.lock().unwrap_or_else(|e| e.into_inner()).iter().cloned().collect()
    }

    pub fn calls(&self) -> std::collections::BTreeMap<&'static str, u64> {
        self.calls.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

/// Which upstream a demo path belongs to.
pub fn upstream_of(path: &str) -> &'static str {
    let rest = path.strip_prefix("/v1/").unwrap_or_else(|| path.trim_start_matches('/'));
    let segment = rest.split('/').next().unwrap_or("");
    match segment {
        "hosts" | "tenants" => "tenant-config",
        "properties" => "availability",
        "quotes" | "fx" => "pricing",
        "holds" | "bookings" => "reservations",
        "payment-sessions" | "pay" => "payments",
        "iam" | "guests" => "iam",
        "events" => "analytics",
        _ => "other",
    }
}

pub async fn inject(State(state): State<Arc<DemoState>>, req: Request, next: Next) -> Response {
    let upstream = upstream_of(req.uri().path());
    let call = {
        let header = |name: &str| req.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
        SeenCall {
            upstream,
            method: req.method().to_string(),
            path: req.uri().path().to_owned(),
            query: req.uri().query().map(str::to_owned),
            request_id: header("x-request-id"),
            traceparent: header("traceparent"),
            tracestate: header("tracestate"),
            idempotency_key: header("idempotency-key"),
            accept_language: header("accept-language"),
        }
    };
    {
        let mut seen = state.faults.seen.lock().unwrap_or_else(|e| e.into_inner());
        if seen.len() == SEEN_LIMIT {
            seen.pop_front();
        }
        seen.push_back(call);
    }
    *state.faults.calls.lock().unwrap_or_else(|e| e.into_inner()).entry(upstream).or_default() += 1;

    if let Some(fault) = state.faults.take(upstream) {
        if fault.latency_ms > 0 {
            tokio::time::sleep(Duration::from_millis(fault.latency_ms)).await;
        }
        if let Some(status) = fault.status.and_then(|s| StatusCode::from_u16(s).ok()) {
            return super::problem(status, "injected-fault", "fault injected by the demo platform");
        }
        if fault.latency_after_ms > 0 {
            let res = next.run(req).await;
            tokio::time::sleep(Duration::from_millis(fault.latency_after_ms)).await;
            return res;
        }
    }
    next.run(req).await
}

pub fn admin_router() -> Router<Arc<DemoState>> {
    Router::new()
        .route("/__admin/faults", post(set_fault).delete(clear_faults))
        .route("/__admin/seen", get(seen))
        .route("/__admin/calls", get(calls))
}

async fn set_fault(State(state): State<Arc<DemoState>>, Json(fault): Json<Fault>) -> StatusCode {
    state.faults.set(fault);
    StatusCode::NO_CONTENT
}

async fn clear_faults(State(state): State<Arc<DemoState>>) -> StatusCode {
    state.faults.clear();
    StatusCode::NO_CONTENT
}

async fn seen(State(state): State<Arc<DemoState>>) -> Json<Vec<SeenCall>> {
    Json(state.faults.seen())
}

async fn calls(State(state): State<Arc<DemoState>>) -> impl IntoResponse {
    Json(state.faults.calls())
}

#[cfg(test)]
mod tests {
    use super::upstream_of;

    #[test]
    fn paths_map_to_their_upstream() {
        assert_eq!(upstream_of("/v1/hosts/aurora.localhost"), "tenant-config");
        assert_eq!(upstream_of("/v1/properties/aurora-lisbon/availability"), "availability");
        assert_eq!(upstream_of("/v1/quotes"), "pricing");
        assert_eq!(upstream_of("/v1/fx"), "pricing");
        assert_eq!(upstream_of("/v1/holds/h_1"), "reservations");
        assert_eq!(upstream_of("/v1/bookings"), "reservations");
        assert_eq!(upstream_of("/v1/payment-sessions/ps_1"), "payments");
        assert_eq!(upstream_of("/pay/ps_1/challenge"), "payments");
        assert_eq!(upstream_of("/v1/iam/sessions"), "iam");
        assert_eq!(upstream_of("/v1/iam/guests/me"), "iam");
        assert_eq!(upstream_of("/__admin/faults"), "other");
    }
}
