//! Payment: start a hosted-page session, come back from it, and the gateway's
//! webhook. The return route never trusts its query string; it and the webhook
//! both run the same settle routine, which asks the payment upstream.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::header::LOCATION;
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};

use super::action::DraftMutation;
use super::views::DraftView;
use super::{Empty, after_mutation, fail, funnel_to_app, parse_id, render_draft, view_of};
use axum::extract::Path;

use crate::domain::FieldErrors;
use crate::domain::draft::{BookingDraft, DraftState};
use crate::domain::tenant::Tenant;
use crate::funnel::{Actor, FunnelError, PaymentCancel, PaymentUrls, SettleVia};
use crate::http::AppState;
use crate::http::context::Cx;
use crate::http::error::AppError;
use crate::http::negotiate::Repr;
use crate::http::openapi::bodies::{EmptyBody, Problem};
use crate::http::openapi::problems;
use crate::http::session::GuestSession;
use crate::i18n::Msg;
use crate::upstream::UpstreamError;
use crate::upstream::contract::PaymentWebhookDto;
use crate::upstream::payments::verify_webhook_signature;

/// The tenant's origin the guest is on: a configured host of the tenant, never
/// the port the Host header named (see `tenancy::public_origin`).
fn origin(state: &AppState, cx: &Cx, headers: &HeaderMap, uri: &Uri) -> String {
    let requested = crate::tenancy::request_host(headers, uri);
    crate::tenancy::public_origin(&cx.tenant, requested.as_deref(), state.settings.cookie_secure, state.public_port())
}

/// What the app may send when it starts a payment (forms send nothing).
#[derive(Debug, Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct PaymentBody {
    /// The app's own URL to come back to after the payment: an app scheme or a
    /// universal link that starts with one of the tenant's app return URLs
    /// (tenant configuration `appReturnUrls`, e.g. `aurorabooking://`). The
    /// payment page returns to this site first, which settles the payment and
    /// then sends the browser on to this URL with `draftId` and `state`
    /// appended. Anything else is a 422 on `returnUrl`. Absent for the web.
    #[serde(rename = "returnUrl")]
    pub return_url: Option<String>,
}

/// The app's return URL written canonically, if the tenant allows it; any
/// other value is a 422 with the message at `returnUrl`.
fn app_return_url(tenant: &Tenant, raw: &str) -> Result<String, AppError> {
    let refuse = || {
        let mut errors = FieldErrors::new();
        errors.add("returnUrl", Msg::new("field-return-url-not-allowed"));
        AppError::Validation(errors)
    };
    let raw = raw.trim();
    if raw.is_empty() || raw.len() > 2048 || raw.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err(refuse());
    }
    let url = reqwest::Url::parse(raw).map_err(|_| refuse())?;
    let plain = url.fragment().is_none() && url.username().is_empty() && url.password().is_none();
    if !plain || !tenant.allows_app_return(url.as_str()) {
        return Err(refuse());
    }
    Ok(url.into())
}

/// The app's return URL with the draft's id and state appended.
fn back_to_app(app_url: &str, draft: &BookingDraft) -> Option<String> {
    let mut url = reqwest::Url::parse(app_url).ok()?;
    url.query_pairs_mut().append_pair("draftId", &draft.id.to_string()).append_pair("state", draft.state.as_str());
    Some(url.into())
}

/// `POST /draft/{id}/payment`: opens a payment session and sends the guest to
/// the hosted payment page (JSON: the draft, with `payment.redirectUrl`).
#[utoipa::path(post, path = "/draft/{id}/payment", tag = "funnel", operation_id = "startPayment", request_body = Option<PaymentBody>,
    responses((status = 200, description = "A payment session is open (`payment_pending`): send the guest to `payment.redirectUrl`",
                  body = DraftView),
              (status = 303, description = "Pages: to the hosted payment page (a change that costs no more: to its confirmation)"),
              (status = 422, response = problems::ValidationFailed)))]
pub async fn start(
    State(state): State<Arc<AppState>>,
    cx: Cx,
    headers: HeaderMap,
    uri: Uri,
    DraftMutation { action, expected, body }: DraftMutation<PaymentBody>,
) -> Result<Response, AppError> {
    let id = action.id;
    let app_return_url = body.return_url.as_deref().map(|raw| app_return_url(&cx.tenant, raw)).transpose()?;
    let urls = PaymentUrls {
        language: cx.t,
        return_url: format!("{}/draft/{id}/payment/return", origin(&state, &cx, &headers, &uri)),
        app_return_url,
        webhook_url: Some(format!(
            "{}/webhooks/payments",
            state.settings.webhook_base_url.clone().unwrap_or_else(|| origin(&state, &cx, &headers, &uri))
        )),
    };
    let draft = match state.funnel.start_payment(&cx.rc, &action.actor(), &id, expected, urls).await {
        Ok(draft) => draft,
        Err(e) => return fail(&state, &cx, &action, e).await,
    };
    let redirect = match &draft.booking_ref {
        // A change that costs no more is confirmed at once, without a payment page.
        Some(reference) => format!("/confirmation/{reference}"),
        None => draft.payment.as_ref().map(|p| p.redirect_url.clone()).unwrap_or_default(),
    };
    match cx.repr {
        Repr::Json => Ok(after_mutation(&state, &cx, &draft, None)),
        Repr::Page => Ok((StatusCode::SEE_OTHER, [(LOCATION, redirect)]).into_response()),
        Repr::Fragment => {
            // A full navigation (to another origin, or to the confirmation), not a swap.
            let mut res = StatusCode::NO_CONTENT.into_response();
            if let Ok(v) = HeaderValue::from_str(&redirect) {
                res.headers_mut().insert("hx-redirect", v);
            }
            Ok(res)
        }
    }
}

/// `GET /draft/{id}/payment/return`: where the hosted page sends the guest back.
/// Whatever the query says, the status comes from the payment upstream. A
/// payment the app started comes back in a browser without the app's session:
/// its draft is found by id (on this tenant, only when it names an app return
/// URL), settled, and the browser sent on to the app's URL with `draftId` and
/// `state`; nothing of the draft is shown to that browser.
#[utoipa::path(get, path = "/draft/{id}/payment/return", tag = "funnel", operation_id = "returnFromPayment",
    params(("session" = Option<String>, Query, description = "Added by the gateway; never trusted (the status is asked of the gateway)")),
    responses((status = 200, description = "JSON, with the session that owns the draft: the draft, settled with the gateway \
                                            (`confirmed` with `bookingRef`, `payment_failed`, …)",
                  body = DraftView, headers(("ETag" = String, description = "The draft's version"))),
              (status = 303, description = "Browsers: to the confirmation, or back to the draft; a payment the app started: \
                                            to the app's `returnUrl` with `draftId` and `state` appended",
                  headers(("Location" = String, description = "Where to go next"))),
              (status = 409, response = problems::Conflict)))]
pub async fn payment_return(
    State(state): State<Arc<AppState>>,
    cx: Cx,
    session: GuestSession,
    Path(raw_id): Path<String>,
) -> Result<Response, AppError> {
    let id = parse_id(&raw_id)?;
    let guest = session.guest_key().await?;
    let owner = guest.as_ref().map(|guest| Actor { tenant: &cx.tenant.id, guest });
    let owned = match &owner {
        Some(actor) => match state.funnel.settle_payment(&cx.rc, Some(actor), &id, SettleVia::Return).await {
            Ok(draft) => Some(draft),
            Err(FunnelError::NotFound) => None,
            Err(e) => return Err(funnel_to_app(e)),
        },
        None => None,
    };
    let Some(draft) = owned else {
        // Not this browser's draft: the app's payment, or nothing at all.
        let draft = state.funnel.settle_app_return(&cx.rc, &cx.tenant.id, &id).await.map_err(funnel_to_app)?;
        let app = draft.app_return_url.as_deref().and_then(|url| back_to_app(url, &draft)).ok_or(AppError::NotFound)?;
        return Ok(see_other(&app));
    };
    if let Some(reference) = &draft.booking_ref {
        super::confirmation::remember(&session, reference).await?;
    }
    if cx.repr == Repr::Json {
        return Ok(render_draft(&state, &cx, StatusCode::OK, &view_of(&cx, &draft)));
    }
    if let Some(app) = draft.app_return_url.as_deref().and_then(|url| back_to_app(url, &draft)) {
        return Ok(see_other(&app));
    }
    let location = match (&draft.state, &draft.booking_ref) {
        (DraftState::Confirmed, Some(reference)) => format!("/confirmation/{reference}"),
        _ => format!("/draft/{id}"),
    };
    Ok(see_other(&location))
}

fn see_other(location: &str) -> Response {
    match HeaderValue::from_str(location) {
        Ok(value) => (StatusCode::SEE_OTHER, [(LOCATION, value)]).into_response(),
        Err(_) => AppError::NotFound.into_response(),
    }
}

/// `POST /draft/{id}/payment/cancel`: the guest gives up the payment attempt in
/// progress (back from the payment page, or the app closed it). The gateway
/// cancels the session, and the draft is back on its hold to pay again. When
/// the gateway had approved it first, the draft is settled instead (booked);
/// when its answer is unknown, the draft keeps waiting on the payment: nothing
/// is given up on an assumption.
#[utoipa::path(post, path = "/draft/{id}/payment/cancel", tag = "funnel", operation_id = "cancelPayment", request_body = Option<EmptyBody>,
    responses((status = 200, description = "The attempt is over and nobody was charged: `held` (pay again while the hold lasts), \
                                            or `expired` when the hold ran out meanwhile, or `payment_failed` when the bank had \
                                            declined it first",
                  body = DraftView),
              (status = 303, description = "Pages: back to the draft"),
              (status = 409, description = "Not cancelled: the payment had gone through (the draft, settled: `confirmed`, or \
                                            refunded), or there is no payment in progress, or the version is stale; `notice` says which",
                  body = DraftView, headers(("ETag" = String, description = "The current version"))),
              (status = 503, description = "The gateway's answer is unknown: the draft still waits on the payment (`notice`), or a problem",
                  content((DraftView = "application/json"), (Problem = "application/problem+json"))),
              (status = 504, description = "The gateway did not answer in time: the draft still waits on the payment (`notice`), or a problem",
                  content((DraftView = "application/json"), (Problem = "application/problem+json")))))]
pub async fn cancel_attempt(
    State(state): State<Arc<AppState>>,
    cx: Cx,
    DraftMutation { action, expected, .. }: DraftMutation<Empty>,
) -> Result<Response, AppError> {
    let (draft, outcome) = match state.funnel.cancel_payment(&cx.rc, &action.actor(), &action.id, expected).await {
        Ok(done) => done,
        Err(e) => return fail(&state, &cx, &action, e).await,
    };
    let (status, notice) = match &outcome {
        PaymentCancel::Cancelled if draft.state == DraftState::Held => (StatusCode::OK, "draft-payment-cancelled"),
        PaymentCancel::Cancelled => return Ok(after_mutation(&state, &cx, &draft, None)),
        PaymentCancel::AlreadyDecided => (StatusCode::CONFLICT, "draft-payment-already-decided"),
        PaymentCancel::Unknown(UpstreamError::Timeout(_)) => {
            (StatusCode::GATEWAY_TIMEOUT, "draft-payment-cancel-unknown")
        }
        PaymentCancel::Unknown(_) => (StatusCode::SERVICE_UNAVAILABLE, "draft-payment-cancel-unknown"),
    };
    if status == StatusCode::OK && cx.repr == Repr::Page {
        return Ok(after_mutation(&state, &cx, &draft, None));
    }
    let mut view = view_of(&cx, &draft);
    view.notice = Some(cx.t.get(notice).to_owned());
    Ok(render_draft(&state, &cx, status, &view))
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
