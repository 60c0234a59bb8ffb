//! Operations endpoints: liveness, readiness, metrics, the OpenAPI document and
//! the published sync contract. None of them is tenant-scoped.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::http::AppState;

pub async fn healthz() -> &'static str {
    "ok"
}

/// 503 while every in-flight slot is taken (site requests are queuing), or
/// while a configured Redis does not answer a PING within its timeout (a
/// cluster: while it does not serve every slot).
pub async fn readyz(State(state): State<Arc<AppState>>) -> Response {
    if state.in_flight.available_permits() == 0 {
        return (StatusCode::SERVICE_UNAVAILABLE, [("retry-after", "1")], "saturated").into_response();
    }
    match &state.redis {
        None => (StatusCode::OK, "ready").into_response(),
        Some(redis) => match crate::store::redis::ready(redis).await {
            Ok(()) => (StatusCode::OK, "ready").into_response(),
            Err(e) => {
                tracing::warn!(error = %e, "readiness: redis does not answer");
                (StatusCode::SERVICE_UNAVAILABLE, [("retry-after", "1")], "redis unavailable").into_response()
            }
        },
    }
}

pub async fn metrics(State(state): State<Arc<AppState>>) -> Response {
    ([(CONTENT_TYPE, "text/plain; version=0.0.4")], state.metrics.render()).into_response()
}

/// `GET /openapi.json`
#[utoipa::path(get, path = "/openapi.json", tag = "operations", operation_id = "getOpenApi",
    responses((status = 200, description = "This document (OpenAPI 3.1)", body = Object)))]
pub async fn openapi() -> Response {
    Json(crate::http::openapi::document()).into_response()
}

/// One aggregate this service owns, as published in its SYNC_CONTRACT.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AggregateEntry {
    pub name: &'static str,
    pub lives_in: &'static str,
    pub replicated: bool,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SyncContract {
    pub service: &'static str,
    /// Aggregates replicated to any client store. Must stay empty.
    pub replicated_aggregates: Vec<&'static str>,
    pub aggregates: Vec<AggregateEntry>,
}

/// The aggregates of the SYNC_CONTRACT; none is replicated to any client.
pub const AGGREGATES: &[AggregateEntry] = &[
    AggregateEntry { name: "TenantBootstrap", lives_in: "in-process cache", replicated: false },
    AggregateEntry { name: "BookingDraft", lives_in: "redis", replicated: false },
    AggregateEntry { name: "BookingHandoffArrival", lives_in: "redis ledger", replicated: false },
    AggregateEntry { name: "MarketingAttribution", lives_in: "session", replicated: false },
    AggregateEntry { name: "LoyaltyContext", lives_in: "read-through iam", replicated: false },
    AggregateEntry { name: "ConfirmationView", lives_in: "redis cache", replicated: false },
    AggregateEntry { name: "BookingDraftSnapshot", lives_in: "analytics cold mirror", replicated: false },
];

pub fn sync_contract() -> SyncContract {
    SyncContract {
        service: "bff-tenant-booking-service",
        replicated_aggregates: AGGREGATES.iter().filter(|a| a.replicated).map(|a| a.name).collect(),
        aggregates: AGGREGATES.to_vec(),
    }
}

/// `GET /meta/sync-contract`
#[utoipa::path(get, path = "/meta/sync-contract", tag = "operations", operation_id = "getSyncContract",
    responses((status = 200, description = "The aggregates this service owns; none is replicated", body = SyncContract)))]
pub async fn meta_sync_contract() -> Json<SyncContract> {
    Json(sync_contract())
}
