//! Admin routes of the demo's pricing, reservations and payments services, for
//! tests: lifetimes of quotes, holds and sessions; finishing a payment without a
//! browser; reading back the attribution a client sent.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

use super::DemoState;
use super::ledger::Ttls;
use super::payments::{CARD_DECLINED, Undecided, decide, unknown_session};
use super::wire::{JsonBody, Problem};
use crate::upstream::contract::{BookingDto, HoldDto, PaymentSessionDto, PaymentStatus, RefundDto};

pub fn router() -> Router<Arc<DemoState>> {
    Router::new()
        .route("/__admin/config", get(config).post(set_config))
        .route("/__admin/payment-sessions/{id}/complete", post(complete))
        .route("/__admin/attribution/{id}", get(attribution))
        .route("/__admin/ledger", get(ledger))
        .route("/__admin/holds/{id}/expire", post(expire_hold))
}

/// Lets a hold run out now, as if its time had passed: how a test makes the
/// bank "slower than the hold" without waiting ten minutes.
async fn expire_hold(State(state): State<Arc<DemoState>>, Path(id): Path<String>) -> Result<Json<HoldDto>, Problem> {
    let now = super::wire::now();
    let mut ledger = state.ledger();
    let record = ledger.holds.get_mut(&id).ok_or_else(|| Problem::not_found("unknown-hold", "no such hold"))?;
    if record.hold.status == crate::upstream::contract::HoldStatus::Active && record.hold.expires_at > now {
        record.hold.expires_at = now;
    }
    Ok(Json(record.view(now)))
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct TtlPatch {
    quote_ttl_secs: Option<u64>,
    hold_ttl_secs: Option<u64>,
    payment_ttl_secs: Option<u64>,
    fx_shift_ppm: Option<i64>,
    availability_max_age_secs: Option<u64>,
}

async fn config(State(state): State<Arc<DemoState>>) -> Json<Ttls> {
    Json(state.ledger().ttls)
}

/// Changes the lifetimes of quotes, holds and sessions created from now on.
async fn set_config(State(state): State<Arc<DemoState>>, JsonBody(patch): JsonBody<TtlPatch>) -> Json<Ttls> {
    let mut ledger = state.ledger();
    let ttls = &mut ledger.ttls;
    ttls.quote_ttl_secs = patch.quote_ttl_secs.unwrap_or(ttls.quote_ttl_secs);
    ttls.hold_ttl_secs = patch.hold_ttl_secs.unwrap_or(ttls.hold_ttl_secs);
    ttls.payment_ttl_secs = patch.payment_ttl_secs.unwrap_or(ttls.payment_ttl_secs);
    ttls.fx_shift_ppm = patch.fx_shift_ppm.unwrap_or(ttls.fx_shift_ppm);
    ttls.availability_max_age_secs = patch.availability_max_age_secs.unwrap_or(ttls.availability_max_age_secs);
    Json(*ttls)
}

#[derive(Debug, Deserialize)]
struct Completion {
    status: PaymentStatus,
}

#[derive(Debug, Serialize)]
struct Completed {
    redirect: String,
}

/// Finishes a session exactly as the hosted page would (webhook included) and
/// answers where the browser would have been sent.
async fn complete(
    State(state): State<Arc<DemoState>>,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<Completion>,
) -> Result<Json<Completed>, Problem> {
    let reason = match body.status {
        PaymentStatus::Approved | PaymentStatus::Guaranteed => None,
        PaymentStatus::Declined => Some(CARD_DECLINED),
        _ => return Err(Problem::bad_request("bad-request", "status must be approved, guaranteed or declined")),
    };
    // A card accepted on a guarantee session is stored, not charged; either
    // word means "the card went through".
    let accepted = |s: PaymentStatus| matches!(s, PaymentStatus::Approved | PaymentStatus::Guaranteed);
    match decide(&state, &id, body.status, reason) {
        Ok((_, redirect)) => Ok(Json(Completed { redirect })),
        // Repeating the same decision is harmless; changing a final one is not possible.
        Err(Undecided::Final { status, redirect })
            if status == body.status || (accepted(status) && accepted(body.status)) =>
        {
            Ok(Json(Completed { redirect }))
        }
        Err(Undecided::Final { status, .. }) => {
            Err(Problem::conflict("payment-session-final", format!("the session is already {}", status.as_str())))
        }
        Err(Undecided::Unknown) => Err(unknown_session()),
    }
}

/// The attribution stored with a hold (by id) or a booking (by reference);
/// `null` when the client sent none.
async fn attribution(
    State(state): State<Arc<DemoState>>,
    Path(id): Path<String>,
) -> Result<Json<Option<serde_json::Value>>, Problem> {
    let ledger = state.ledger();
    if let Some(hold) = ledger.holds.get(&id) {
        return Ok(Json(hold.attribution.clone()));
    }
    match ledger.bookings.get(&id) {
        Some(booking) => Ok(Json(booking.attribution.clone())),
        None => Err(Problem::not_found("unknown-reservation", "no hold or booking with this id")),
    }
}

/// Everything the demo's money and inventory services hold, for a test to check
/// invariants against (approved payments = bookings + refunds, no unit sold twice).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct LedgerView {
    payments: Vec<PaymentView>,
    bookings: Vec<BookingDto>,
    holds: Vec<HoldDto>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct PaymentView {
    #[serde(flatten)]
    session: PaymentSessionDto,
    /// The booking this payment paid for, if any.
    booking: Option<String>,
    refunds: Vec<RefundDto>,
    /// Where the merchant asked the guest to be sent back, and its webhook.
    return_url: String,
    webhook_url: Option<String>,
}

async fn ledger(State(state): State<Arc<DemoState>>) -> Json<LedgerView> {
    let now = super::wire::now();
    let ledger = state.ledger();
    let mut payments: Vec<_> = ledger
        .sessions
        .values()
        .map(|r| PaymentView {
            session: r.view(now),
            booking: r.booking.clone(),
            refunds: r.refunds.clone(),
            return_url: r.request.return_url.clone(),
            webhook_url: r.request.webhook_url.clone(),
        })
        .collect();
    payments.sort_by(|a, b| a.session.id.cmp(&b.session.id));
    let mut bookings: Vec<_> = ledger.bookings.values().map(|b| b.booking.clone()).collect();
    bookings.sort_by(|a, b| a.reference.cmp(&b.reference));
    let mut holds: Vec<_> = ledger.holds.values().map(|h| h.view(now)).collect();
    holds.sort_by(|a, b| a.id.cmp(&b.id));
    Json(LedgerView { payments, bookings, holds })
}
