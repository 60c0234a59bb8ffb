//! The demo payment gateway's API: payment sessions, their decisions (made on
//! the hosted page or through the admin route, both via [`decide`]), expiry, and
//! signed webhooks delivered in the background with retries.

use std::sync::{Arc, Weak};
use std::time::Duration;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use jiff::Timestamp;

use super::DemoState;
use super::ledger::{Scope, SessionRecord};
use super::wire::{IdempotencyKey, JsonBody, Problem, after, fingerprint, now, random_id};
use crate::domain::money::Currency;
use crate::upstream::contract::{
    PaymentMode, PaymentSessionDto, PaymentSessionRequestDto, PaymentStatus, PaymentWebhookDto, RefundDto,
    RefundRequestDto,
};
use crate::upstream::payments::{WEBHOOK_SIGNATURE_HEADER, sign_webhook};

pub fn router() -> Router<Arc<DemoState>> {
    Router::new()
        .route("/v1/payment-sessions", post(create_session))
        .route("/v1/payment-sessions/{id}", get(session))
        .route("/v1/payment-sessions/{id}/refunds", post(refund))
        .route("/v1/payment-sessions/{id}/cancel", post(cancel))
        .route("/v1/payment-sessions/{id}/void", post(void))
}

/// The decline message for a declined card.
pub const CARD_DECLINED: &str = "Your card was declined.";
/// The decline message for a failed issuer challenge.
pub const CHALLENGE_FAILED: &str = "Your bank could not confirm this payment.";

/// Delivery attempts after the first failed one, with doubling backoff.
const WEBHOOK_RETRIES: u32 = 3;
const WEBHOOK_FIRST_BACKOFF: Duration = Duration::from_millis(250);
const WEBHOOK_TIMEOUT: Duration = Duration::from_secs(5);

async fn create_session(
    State(state): State<Arc<DemoState>>,
    IdempotencyKey(key): IdempotencyKey,
    JsonBody(req): JsonBody<PaymentSessionRequestDto>,
) -> Result<(StatusCode, Json<PaymentSessionDto>), Problem> {
    validate(&req)?;
    let now = now();
    let print = fingerprint(&req);
    let session = {
        let mut ledger = state.ledger();
        if let Some(id) = ledger.recall(Scope::PaymentSession, &key, &print)? {
            return Ok((StatusCode::OK, Json(ledger.sessions[&id].view(now))));
        }
        let id = random_id("ps");
        // Never past the merchant's own deadline (the BFF's hold).
        let until_deadline = req.expires_at.map(|at| u64::try_from(now.duration_until(at).as_secs()).unwrap_or(0));
        let ttl = until_deadline.map_or(ledger.ttls.payment_ttl_secs, |d| d.min(ledger.ttls.payment_ttl_secs));
        let session = PaymentSessionDto {
            id: id.clone(),
            status: PaymentStatus::Open,
            amount: req.amount,
            currency: req.currency.clone(),
            reference: req.reference.clone(),
            redirect_url: format!("http://{}/pay/{id}", state.addr),
            expires_at: req.expires_at.map_or(after(now, ttl), |at| at.min(after(now, ttl))),
            decline_reason: None,
            refunded_amount: 0,
            mode: req.mode,
        };
        ledger.sessions.insert(
            id.clone(),
            SessionRecord { request: req, session: session.clone(), booking: None, refunds: Vec::new() },
        );
        ledger.remember(Scope::PaymentSession, key, print, id);
        session
    };
    let ttl = now.duration_until(session.expires_at).unsigned_abs();
    expire_later(Arc::downgrade(&state), session.id.clone(), ttl);
    Ok((StatusCode::CREATED, Json(session)))
}

fn validate(req: &PaymentSessionRequestDto) -> Result<(), Problem> {
    let invalid = |detail: &str| Err(Problem::unprocessable("invalid-request", detail));
    match req.mode {
        PaymentMode::Charge if req.amount <= 0 => {
            return invalid("amount must be a positive number of minor units");
        }
        PaymentMode::Charge if req.guaranteed_amount.is_some() => {
            return invalid("guaranteedAmount is for a guarantee only");
        }
        PaymentMode::Guarantee if req.amount != 0 => {
            return invalid("a guarantee charges nothing: amount must be 0");
        }
        PaymentMode::Guarantee if req.guaranteed_amount.is_some_and(|a| a <= 0) => {
            return invalid("guaranteedAmount must be a positive number of minor units");
        }
        _ => {}
    }
    if Currency::parse(&req.currency).is_none_or(|c| c.as_str() != req.currency) {
        return invalid("currency must be an upper-case ISO 4217 code");
    }
    if req.reference.trim().is_empty() || req.reference.len() > 64 {
        return invalid("reference must be 1–64 characters");
    }
    if !is_http_url(&req.return_url) {
        return invalid("returnUrl must be an absolute http(s) URL");
    }
    if req.webhook_url.as_deref().is_some_and(|url| !is_http_url(url)) {
        return invalid("webhookUrl must be an absolute http(s) URL");
    }
    if req.expires_at.is_some_and(|at| at <= now()) {
        return invalid("expiresAt must be in the future");
    }
    Ok(())
}

fn is_http_url(raw: &str) -> bool {
    reqwest::Url::parse(raw).is_ok_and(|url| matches!(url.scheme(), "http" | "https") && url.has_host())
}

async fn session(
    State(state): State<Arc<DemoState>>,
    Path(id): Path<String>,
) -> Result<Json<PaymentSessionDto>, Problem> {
    let ledger = state.ledger();
    let record = ledger.sessions.get(&id).ok_or_else(unknown_session)?;
    Ok(Json(record.view(now())))
}

/// Refunds (part of) an approved payment. Idempotent by key; the session reads
/// `refunded` once nothing of it is left, and a webhook announces each refund.
async fn refund(
    State(state): State<Arc<DemoState>>,
    Path(id): Path<String>,
    IdempotencyKey(key): IdempotencyKey,
    JsonBody(req): JsonBody<RefundRequestDto>,
) -> Result<(StatusCode, Json<RefundDto>), Problem> {
    let now = now();
    // The session id is part of what the key stands for.
    let print = fingerprint(&(&id, &req));
    let (refund, webhook) = {
        let mut ledger = state.ledger();
        if let Some(refund_id) = ledger.recall(Scope::Refund, &key, &print)? {
            let record = ledger.sessions.get(&id).ok_or_else(unknown_session)?;
            let refund = record.refunds.iter().find(|r| r.id == refund_id).cloned().ok_or_else(unknown_session)?;
            return Ok((StatusCode::OK, Json(refund)));
        }
        let record = ledger.sessions.get_mut(&id).ok_or_else(unknown_session)?;
        if record.status(now) != PaymentStatus::Approved {
            return Err(Problem::conflict("payment-not-approved", "only an approved payment can be refunded"));
        }
        let left = record.session.amount - record.session.refunded_amount;
        if req.amount <= 0 || req.amount > left {
            return Err(Problem::conflict(
                "refund-exceeds-payment",
                format!("at most {left} minor units are left to refund"),
            ));
        }
        let refund = RefundDto {
            id: random_id("rf"),
            session_id: id.clone(),
            amount: req.amount,
            currency: record.session.currency.clone(),
            reason: req.reason.chars().take(64).collect(),
            status: "succeeded".into(),
            created_at: now,
        };
        record.session.refunded_amount += req.amount;
        if record.session.refunded_amount == record.session.amount {
            record.session.status = PaymentStatus::Refunded;
        }
        record.refunds.push(refund.clone());
        let webhook = webhook_for(record);
        ledger.remember(Scope::Refund, key, print, refund.id.clone());
        (refund, webhook)
    };
    if let Some((url, payload)) = webhook {
        deliver_webhook(&state, url, payload);
    }
    Ok((StatusCode::CREATED, Json(refund)))
}

/// Ends an open or challenged session for good (`cancelled`, a final status,
/// with its webhook), so the hosted page can no longer take a payment for it.
/// Idempotent: a session that is already over is answered as it is, except an
/// approved (or refunded) one, which is never cancelled: `409
/// payment-session-approved`, and the merchant settles it instead.
async fn cancel(
    State(state): State<Arc<DemoState>>,
    Path(id): Path<String>,
) -> Result<Json<PaymentSessionDto>, Problem> {
    let now = now();
    let (session, webhook) = {
        let mut ledger = state.ledger();
        let record = ledger.sessions.get_mut(&id).ok_or_else(unknown_session)?;
        match record.status(now) {
            PaymentStatus::Approved | PaymentStatus::Refunded => {
                return Err(Problem::conflict(
                    "payment-session-approved",
                    "the payment was approved and cannot be cancelled; refund it instead",
                ));
            }
            PaymentStatus::Open | PaymentStatus::Challenge => {
                record.session.status = PaymentStatus::Cancelled;
                (record.view(now), webhook_for(record))
            }
            PaymentStatus::Guaranteed => {
                return Err(Problem::conflict(
                    "payment-session-guaranteed",
                    "the card is stored as a guarantee and cannot be cancelled; void it instead",
                ));
            }
            PaymentStatus::Declined | PaymentStatus::Expired | PaymentStatus::Cancelled | PaymentStatus::Voided => {
                (record.view(now), None)
            }
        }
    };
    if let Some((url, payload)) = webhook {
        deliver_webhook(&state, url, payload);
    }
    Ok(Json(session))
}

/// Releases a guarantee: a `guaranteed` session becomes `voided` (the stored
/// card is forgotten; no money ever moved), with its webhook; one not
/// finished yet is cancelled like `/cancel`. Idempotent: a session already
/// over is answered as it is. A charge session is refused (`409
/// not-a-guarantee`): its money is refunded, never voided.
async fn void(State(state): State<Arc<DemoState>>, Path(id): Path<String>) -> Result<Json<PaymentSessionDto>, Problem> {
    let now = now();
    let (session, webhook) = {
        let mut ledger = state.ledger();
        let record = ledger.sessions.get_mut(&id).ok_or_else(unknown_session)?;
        if record.session.mode != PaymentMode::Guarantee {
            return Err(Problem::conflict("not-a-guarantee", "only a guarantee can be voided; refund a charge"));
        }
        match record.status(now) {
            PaymentStatus::Guaranteed => record.session.status = PaymentStatus::Voided,
            PaymentStatus::Open | PaymentStatus::Challenge => record.session.status = PaymentStatus::Cancelled,
            _ => return Ok(Json(record.view(now))),
        }
        (record.view(now), webhook_for(record))
    };
    if let Some((url, payload)) = webhook {
        deliver_webhook(&state, url, payload);
    }
    Ok(Json(session))
}

pub fn unknown_session() -> Problem {
    Problem::not_found("unknown-payment-session", "no such payment session")
}

/// Why [`decide`] changed nothing.
pub enum Undecided {
    Unknown,
    /// Already approved, declined or expired: that status, and where the
    /// browser goes now.
    Final {
        status: PaymentStatus,
        redirect: String,
    },
}

/// Moves an open (or challenged) session to `status`, and for a final status
/// sends the webhook. Returns the session and the URL the browser goes to next.
pub fn decide(
    state: &Arc<DemoState>,
    id: &str,
    status: PaymentStatus,
    decline_reason: Option<&str>,
) -> Result<(PaymentSessionDto, String), Undecided> {
    let now = now();
    let (session, redirect, webhook) = {
        let mut ledger = state.ledger();
        let record = ledger.sessions.get_mut(id).ok_or(Undecided::Unknown)?;
        if record.status(now).is_final() {
            return Err(Undecided::Final { status: record.status(now), redirect: record.return_redirect() });
        }
        // A card that goes through on a guarantee is stored, not charged (and
        // a charge is never "guaranteed").
        let status = match (record.session.mode, status) {
            (PaymentMode::Guarantee, PaymentStatus::Approved) => PaymentStatus::Guaranteed,
            (PaymentMode::Charge, PaymentStatus::Guaranteed) => PaymentStatus::Approved,
            (_, status) => status,
        };
        record.session.status = status;
        record.session.decline_reason = decline_reason.map(str::to_owned);
        let redirect = if status.is_final() { record.return_redirect() } else { hosted_page_path(record) };
        (record.view(now), redirect, webhook_for(record))
    };
    if let Some((url, payload)) = webhook.filter(|_| status.is_final()) {
        deliver_webhook(state, url, payload);
    }
    Ok((session, redirect))
}

fn hosted_page_path(record: &SessionRecord) -> String {
    match record.session.status {
        PaymentStatus::Challenge => format!("/pay/{}/challenge", record.session.id),
        _ => format!("/pay/{}", record.session.id),
    }
}

fn webhook_for(record: &SessionRecord) -> Option<(String, PaymentWebhookDto)> {
    let url = record.request.webhook_url.clone()?;
    let s = &record.session;
    let payload = PaymentWebhookDto {
        r#type: "payment.updated".into(),
        session_id: s.id.clone(),
        status: s.status,
        reference: s.reference.clone(),
        amount: s.amount,
        currency: s.currency.clone(),
    };
    Some((url, payload))
}

/// Marks the session expired once its time is up, unless it was decided first,
/// and announces it like any other final status.
fn expire_later(state: Weak<DemoState>, id: String, ttl: Duration) {
    tokio::spawn(async move {
        tokio::time::sleep(ttl).await;
        let Some(state) = state.upgrade() else { return };
        let webhook = {
            let mut ledger = state.ledger();
            let Some(record) = ledger.sessions.get_mut(&id) else { return };
            if record.session.status.is_final() || now() < record.session.expires_at {
                return;
            }
            record.session.status = PaymentStatus::Expired;
            webhook_for(record)
        };
        if let Some((url, payload)) = webhook {
            deliver_webhook(&state, url, payload);
        }
    });
}

/// POSTs the signed webhook in the background, retrying transport errors and
/// non-2xx answers with doubling backoff. Each attempt is signed afresh, so its
/// `t` is current.
fn deliver_webhook(state: &DemoState, url: String, payload: PaymentWebhookDto) {
    let (client, secret) = (state.http.clone(), state.webhook_secret.clone());
    tokio::spawn(async move {
        let body = serde_json::to_vec(&payload).expect("the webhook body serializes");
        let mut backoff = WEBHOOK_FIRST_BACKOFF;
        for attempt in 0..=WEBHOOK_RETRIES {
            if attempt > 0 {
                tokio::time::sleep(backoff).await;
                backoff *= 2;
            }
            let signature = sign_webhook(secret.expose().as_bytes(), &body, Timestamp::now().as_second());
            let sent = client
                .post(&url)
                .timeout(WEBHOOK_TIMEOUT)
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .header(WEBHOOK_SIGNATURE_HEADER, signature)
                .body(body.clone())
                .send()
                .await;
            match sent {
                Ok(response) if response.status().is_success() => return,
                Ok(response) => tracing::warn!(status = %response.status(), attempt, "demo webhook refused"),
                Err(e) => tracing::warn!(error = %e.without_url(), attempt, "demo webhook not delivered"),
            }
        }
        tracing::warn!(session = %payload.session_id, "demo webhook given up");
    });
}
