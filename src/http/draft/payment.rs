//! Payment: start a hosted-page session, come back from it, and the gateway's
//! webhook. The return route never trusts its query string; it and the webhook
//! both run the same settle routine, which asks the payment upstream.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::header::LOCATION;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use super::action::{DraftAction, DraftMutation};
use super::views::DraftView;
use super::{Empty, after_mutation, fail, funnel_to_app, parse_id, render_draft, view_of};
use crate::domain::draft::DraftState;
use crate::funnel::{PaymentUrls, SettleVia};
use crate::http::AppState;
use crate::http::context::Cx;
use crate::http::error::AppError;
use crate::http::negotiate::Repr;
use crate::http::openapi::bodies::{EmptyBody, Problem};
use crate::http::openapi::problems;
use crate::http::session::GuestSession;
use crate::upstream::contract::PaymentWebhookDto;
use crate::upstream::payments::verify_webhook_signature;

/// The origin the guest is on (scheme from the cookie policy, host from the
/// request, which tenancy already validated).
fn origin(state: &AppState, headers: &HeaderMap) -> String {
    let host = headers.get(axum::http::header::HOST).and_then(|v| v.to_str().ok()).unwrap_or("localhost");
    let scheme = if state.settings.cookie_secure { "https" } else { "http" };
    format!("{scheme}://{host}")
}

/// `POST /draft/{id}/payment`: opens a payment session and sends the guest to
/// the hosted payment page (JSON: the draft, with `payment.redirectUrl`).
#[utoipa::path(post, path = "/draft/{id}/payment", tag = "funnel", operation_id = "startPayment", request_body = Option<EmptyBody>,
    params(("id" = String, Path, description = "The draft id (26 characters)"),
           ("If-Match" = String, Header, description = "The `ETag` of the draft this change is based on")),
    responses((status = 200, description = "A payment session is open (`payment_pending`): send the guest to `payment.redirectUrl`",
                  body = DraftView, headers(("ETag" = String, description = "The draft's version: send it back as `If-Match`"))),
              (status = 303, description = "Pages: to the hosted payment page"),
              (status = 404, response = problems::NotFound),
              (status = 409, description = "Refused: the version is stale (the current draft, `notice` says it changed elsewhere) or the action is not possible now (`notice` says why)", body = DraftView, headers(("ETag" = String, description = "The current version"))),
              (status = 428, response = problems::VersionRequired),
              (status = 503, description = "An upstream is unavailable: the draft as it is, with `notice` (or a problem when the draft cannot be read)",
                  content((DraftView = "application/json"), (Problem = "application/problem+json"))),
              (status = 504, description = "An upstream did not answer in time: the draft as it is, with `notice` (or a problem)",
                  content((DraftView = "application/json"), (Problem = "application/problem+json")))))]
pub async fn start(
    State(state): State<Arc<AppState>>,
    cx: Cx,
    headers: HeaderMap,
    DraftMutation { action, expected, .. }: DraftMutation<Empty>,
) -> Result<Response, AppError> {
    let id = action.id;
    let urls = PaymentUrls {
        language: cx.t,
        return_url: format!("{}/draft/{id}/payment/return", origin(&state, &headers)),
        webhook_url: Some(format!(
            "{}/webhooks/payments",
            state.settings.webhook_base_url.clone().unwrap_or_else(|| origin(&state, &headers))
        )),
    };
    let draft = match state.funnel.start_payment(&cx.rc, &action.actor(), &id, expected, urls).await {
        Ok(draft) => draft,
        Err(e) => return fail(&state, &cx, &action, e).await,
    };
    let redirect = draft.payment.as_ref().map(|p| p.redirect_url.clone()).unwrap_or_default();
    match cx.repr {
        Repr::Json => Ok(after_mutation(&state, &cx, &draft, None)),
        Repr::Page => Ok((StatusCode::SEE_OTHER, [(LOCATION, redirect)]).into_response()),
        Repr::Fragment => {
            // A full navigation to another origin, not a swap.
            let mut res = StatusCode::NO_CONTENT.into_response();
            if let Ok(v) = HeaderValue::from_str(&redirect) {
                res.headers_mut().insert("hx-redirect", v);
            }
            Ok(res)
        }
    }
}

/// `GET /draft/{id}/payment/return`: where the hosted page sends the guest back.
/// Whatever the query says, the status comes from the payment upstream.
#[utoipa::path(get, path = "/draft/{id}/payment/return", tag = "funnel", operation_id = "returnFromPayment",
    params(("id" = String, Path, description = "The draft id (26 characters)"),
           ("session" = Option<String>, Query, description = "Added by the gateway; never trusted (the status is asked of the gateway)")),
    responses((status = 200, description = "JSON: the draft, settled with the gateway (`confirmed` with `bookingRef`, `payment_failed`, …)",
                  body = DraftView, headers(("ETag" = String, description = "The draft's version"))),
              (status = 303, description = "Browsers: to the confirmation, or back to the draft"),
              (status = 404, response = problems::NotFound),
              (status = 409, response = problems::Conflict)))]
pub async fn payment_return(
    State(state): State<Arc<AppState>>,
    cx: Cx,
    session: GuestSession,
    action: DraftAction,
) -> Result<Response, AppError> {
    let id = action.id;
    let draft = state
        .funnel
        .settle_payment(&cx.rc, Some(&action.actor()), &id, SettleVia::Return)
        .await
        .map_err(funnel_to_app)?;
    if let Some(reference) = &draft.booking_ref {
        super::confirmation::remember(&session, reference).await?;
    }
    if cx.repr == Repr::Json {
        return Ok(render_draft(&state, &cx, StatusCode::OK, &view_of(&cx, &draft)));
    }
    let location = match (&draft.state, &draft.booking_ref) {
        (DraftState::Confirmed, Some(reference)) => format!("/confirmation/{reference}"),
        _ => format!("/draft/{id}"),
    };
    Ok((StatusCode::SEE_OTHER, [(LOCATION, location)]).into_response())
}

/// `POST /webhooks/payments`: the gateway's signed notification. Not tenant- or
/// session-scoped; the signature is the authentication.
#[utoipa::path(post, path = "/webhooks/payments", tag = "gateway", operation_id = "receivePaymentWebhook",
    request_body(content = Object, description = "`{type, sessionId, status, reference, amount, currency}` (docs/upstreams.md §6)"),
    params(("X-Ghasi-Signature" = String, Header, description = "`t={unix seconds},v1={hex HMAC-SHA256 of \"{t}.{body}\"}`")),
    responses((status = 204, description = "Settled (or nothing to do)"),
              (status = 400, response = problems::BadRequest),
              (status = 401, response = problems::Unauthorized),
              (status = 404, response = problems::NotFound),
              (status = 409, response = problems::Conflict),
              (status = 503, response = problems::Unavailable),
              (status = 504, response = problems::GatewayTimeout)))]
pub async fn payment_webhook(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, AppError> {
    let signature = headers.get("x-ghasi-signature").and_then(|v| v.to_str().ok()).unwrap_or("");
    let secret = state.settings.payment_webhook_secret.expose().as_bytes();
    if !verify_webhook_signature(secret, signature, &body, jiff::Timestamp::now().as_second(), 300) {
        tracing::warn!("payment webhook with a bad signature");
        return Ok((StatusCode::UNAUTHORIZED, "bad signature").into_response());
    }
    let event: PaymentWebhookDto = serde_json::from_slice(&body).map_err(|_| {
        AppError::bad_request(
            crate::i18n::Msg::new("error-malformed-webhook-title"),
            crate::i18n::Msg::new("error-malformed-webhook-detail"),
        )
    })?;
    let id = parse_id(&event.reference)?;
    let ctx = crate::upstream::RequestContext::background();
    state.funnel.settle_payment(&ctx, None, &id, SettleVia::Webhook).await.map_err(funnel_to_app)?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
