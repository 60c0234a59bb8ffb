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
use super::{Empty, after_mutation, fail, funnel_to_app, parse_id, render_draft, view_of};
use crate::domain::draft::DraftState;
use crate::funnel::{PaymentUrls, SettleVia};
use crate::http::AppState;
use crate::http::context::Cx;
use crate::http::error::AppError;
use crate::http::negotiate::Repr;
use crate::http::session::GuestSession;
use crate::upstream::contract::PaymentWebhookDto;
use crate::upstream::payments::verify_webhook_signature;

/// The tenant's origin the guest is on: a configured host of the tenant, never
/// the port the Host header named (see `tenancy::public_origin`).
fn origin(state: &AppState, cx: &Cx, headers: &HeaderMap) -> String {
    let host = headers.get(axum::http::header::HOST).and_then(|v| v.to_str().ok());
    let requested = host.and_then(crate::tenancy::normalise_host);
    crate::tenancy::public_origin(&cx.tenant, requested.as_deref(), state.settings.cookie_secure, state.public_port())
}

/// `POST /draft/{id}/payment`: opens a payment session and sends the guest to
/// the hosted payment page (JSON: the draft, with `payment.redirectUrl`).
#[utoipa::path(post, path = "/draft/{id}/payment", tag = "funnel", params(("id" = String, Path), ("If-Match" = String, Header)),
    responses((status = 200, description = "JSON: the draft with payment.redirectUrl", body = super::views::DraftView),
              (status = 303, description = "Pages: to the hosted payment page"),
              (status = 409, body = super::views::DraftView)))]
pub async fn start(
    State(state): State<Arc<AppState>>,
    cx: Cx,
    headers: HeaderMap,
    DraftMutation { action, expected, .. }: DraftMutation<Empty>,
) -> Result<Response, AppError> {
    let id = action.id;
    let urls = PaymentUrls {
        language: cx.t,
        return_url: format!("{}/draft/{id}/payment/return", origin(&state, &cx, &headers)),
        webhook_url: Some(format!(
            "{}/webhooks/payments",
            state.settings.webhook_base_url.clone().unwrap_or_else(|| origin(&state, &cx, &headers))
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
#[utoipa::path(get, path = "/draft/{id}/payment/return", tag = "funnel", params(("id" = String, Path)),
    responses((status = 303, description = "To the confirmation, or back to the draft"),
              (status = 200, description = "JSON: the settled draft", body = super::views::DraftView)))]
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
