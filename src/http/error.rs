//! One error type at the HTTP edge. Handlers return [`AppError`]; the
//! [`render_errors`] middleware turns it — and any bare error response from the
//! framework (404 route, 405, 413, 415…) — into the representation the client
//! asked for: a branded HTML page, an htmx fragment, or RFC 9457 problem+json,
//! always with the right status code and the request id.

use std::sync::Arc;

use askama::Template;
use axum::extract::{Request, State};
use axum::http::header::{CONTENT_TYPE, RETRY_AFTER, VARY};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use super::AppState;
use super::negotiate::{Repr, VARY_VALUE};
use super::prefs::Prefs;
use super::views::Chrome;
use crate::domain::FieldErrors;
use crate::domain::handoff::HandoffError;
use crate::i18n::Tr;
use crate::tenancy::Tenant;
use crate::upstream::UpstreamError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("{title}: {detail}")]
    BadRequest { title: &'static str, detail: String },
    #[error("invalid input")]
    Validation(FieldErrors),
    #[error("conflict: {detail}")]
    Conflict { code: &'static str, title: &'static str, detail: String },
    #[error("forbidden: {0}")]
    Forbidden(&'static str),
    #[error("unsupported media type")]
    UnsupportedMediaType,
    #[error("payload too large")]
    PayloadTooLarge,
    #[error("precondition required")]
    PreconditionRequired,
    #[error("too many requests")]
    TooManyRequests { retry_after_secs: u64 },
    /// A handoff token that failed verification (DESIGN §5).
    #[error("handoff refused: {}", .0.code())]
    Handoff(HandoffError),
    #[error(transparent)]
    Upstream(#[from] UpstreamError),
    #[error("unavailable: {0}")]
    Unavailable(String),
    #[error("internal: {0}")]
    Internal(String),
}

/// What the renderer needs to know about an error; travels in the response
/// extensions from the handler to [`render_errors`].
#[derive(Debug, Clone, Serialize)]
pub struct ErrorReport {
    #[serde(skip)]
    pub status: StatusCode,
    pub code: &'static str,
    pub title: String,
    pub detail: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors: Option<FieldErrors>,
    #[serde(skip)]
    pub retry_after_secs: Option<u64>,
}

impl AppError {
    pub fn bad_request(title: &'static str, detail: impl Into<String>) -> Self {
        Self::BadRequest { title, detail: detail.into() }
    }

    fn report(&self) -> ErrorReport {
        let (status, code, title, detail): (StatusCode, &'static str, String, String) = match self {
            Self::NotFound => (
                StatusCode::NOT_FOUND,
                "not-found",
                "Page not found".into(),
                "We couldn't find what you were looking for. It may have moved, or the link may be incomplete.".into(),
            ),
            Self::BadRequest { title, detail } => (StatusCode::BAD_REQUEST, "bad-request", (*title).into(), detail.clone()),
            Self::Validation(_) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "validation",
                "Please check the highlighted fields".into(),
                "Some of the details need another look.".into(),
            ),
            Self::Conflict { code, title, detail } => (StatusCode::CONFLICT, code, (*title).into(), detail.clone()),
            Self::Forbidden(detail) => (StatusCode::FORBIDDEN, "forbidden", "Not allowed".into(), (*detail).into()),
            Self::PayloadTooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "too-large",
                "Too large".into(),
                "What was sent is too large.".into(),
            ),
            Self::UnsupportedMediaType => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported-media-type",
                "Unsupported content type".into(),
                "Send JSON with Content-Type: application/json, or a form.".into(),
            ),
            Self::PreconditionRequired => (
                StatusCode::PRECONDITION_REQUIRED,
                "version-required",
                "Version required".into(),
                "Send the draft's version in If-Match (its ETag), so a change from another tab is never overwritten.".into(),
            ),
            Self::TooManyRequests { .. } => (
                StatusCode::TOO_MANY_REQUESTS,
                "rate-limited",
                "Too many requests".into(),
                "Please wait a moment and try again.".into(),
            ),
            Self::Upstream(e) => upstream_report(e),
            Self::Handoff(e) => handoff_report(e),
            Self::Unavailable(_) => (
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                "Temporarily unavailable".into(),
                "We can't reach part of our booking system right now. Nothing you entered is lost; please try again in a moment.".into(),
            ),
            Self::Internal(_) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "Something went wrong".into(),
                "Something went wrong on our side. Please try again; if it keeps happening, quote the reference below.".into(),
            ),
        };
        let retry_after_secs = match self {
            Self::TooManyRequests { retry_after_secs } => Some(*retry_after_secs),
            Self::Unavailable(_) | Self::Upstream(_) if status == StatusCode::SERVICE_UNAVAILABLE => Some(1),
            _ => None,
        };
        let errors = match self {
            Self::Validation(errors) => Some(errors.clone()),
            _ => None,
        };
        ErrorReport { status, code, title, detail, errors, retry_after_secs }
    }
}

/// A refused handoff link: the token error's code (the problem `type`), a status
/// that says what kind of refusal it is, and the error's guest-facing message,
/// which never echoes the token.
fn handoff_report(e: &HandoffError) -> (StatusCode, &'static str, String, String) {
    let (status, title) = match e {
        HandoffError::Expired => (StatusCode::GONE, "This link has expired"),
        HandoffError::UnknownKey | HandoffError::BadSignature => {
            (StatusCode::FORBIDDEN, "This link could not be verified")
        }
        // DESIGN §3: a handoff of another tenant is a 404 here.
        HandoffError::WrongTenant => (StatusCode::NOT_FOUND, "This link is for another site"),
        HandoffError::NotYetValid => (StatusCode::BAD_REQUEST, "This link is not valid yet"),
        _ => (StatusCode::BAD_REQUEST, "This link can't be used"),
    };
    let message = e.to_string();
    let detail = if message.contains("Please") {
        message
    } else {
        format!("{message} Please go back to the site you came from and choose your stay again, or search here.")
    };
    (status, e.code(), title.into(), detail)
}

fn upstream_report(e: &UpstreamError) -> (StatusCode, &'static str, String, String) {
    let what = match e.upstream() {
        crate::upstream::Upstream::TenantConfig => "this site's settings",
        crate::upstream::Upstream::Availability => "room availability",
        crate::upstream::Upstream::Pricing => "prices",
        crate::upstream::Upstream::Reservations => "reservations",
        crate::upstream::Upstream::Payments => "the payment service",
        crate::upstream::Upstream::Iam => "guest accounts",
    };
    match e {
        UpstreamError::Timeout(_) => (
            StatusCode::GATEWAY_TIMEOUT,
            "upstream-timeout",
            "This is taking too long".into(),
            format!("We couldn't load {what} in time. Nothing you entered is lost; please try again."),
        ),
        UpstreamError::NotFound(_) => {
            (StatusCode::NOT_FOUND, "not-found", "Not found".into(), format!("We couldn't find that in {what}."))
        }
        UpstreamError::Rejected { status, detail, .. } if *status == 409 || *status == 422 => (
            StatusCode::CONFLICT,
            "upstream-conflict",
            "That is no longer possible".into(),
            if detail.is_empty() { format!("The request was refused by {what}.") } else { detail.clone() },
        ),
        _ => (
            StatusCode::SERVICE_UNAVAILABLE,
            "upstream-unavailable",
            "Temporarily unavailable".into(),
            format!("We can't reach {what} right now. Nothing you entered is lost; please try again in a moment."),
        ),
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        match &self {
            Self::Upstream(e) => tracing::warn!(error = %e, "upstream failure reached the guest"),
            Self::Unavailable(cause) => tracing::error!(cause = %cause, "dependency unavailable"),
            Self::Internal(cause) => tracing::error!(cause = %cause, "internal error"),
            _ => {}
        }
        let report = self.report();
        let mut res = (report.status, report.title.clone()).into_response();
        res.extensions_mut().insert(report);
        res
    }
}

impl From<tower_sessions::session::Error> for AppError {
    fn from(e: tower_sessions::session::Error) -> Self {
        Self::Unavailable(format!("session store: {e}"))
    }
}

#[derive(Template)]
#[template(path = "pages/error.html")]
struct ErrorPage<'a> {
    t: Tr,
    chrome: Option<&'a Chrome>,
    report: &'a ErrorReport,
    request_id: &'a str,
}

#[derive(Template)]
#[template(path = "partials/error.html")]
struct ErrorFragment<'a> {
    t: Tr,
    report: &'a ErrorReport,
    request_id: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Problem<'a> {
    r#type: String,
    title: &'a str,
    status: u16,
    detail: &'a str,
    instance: &'a str,
    request_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    errors: Option<crate::domain::field_errors::Localized<'a>>,
}

/// Turns error reports and bare framework errors into the negotiated form.
pub async fn render_errors(State(state): State<Arc<AppState>>, req: Request, next: Next) -> Response {
    let repr = Repr::from_headers(req.headers());
    let path = req.uri().path().to_owned();
    let request_id = req.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    let accepted = super::context::accepted_locale(req.headers());
    let mut res = next.run(req).await;

    let report = match res.extensions_mut().remove::<ErrorReport>() {
        Some(report) => report,
        None if is_bare_error(&res) => framework_report(res.status()),
        None => return res,
    };
    let tenant = res.extensions().get::<Arc<Tenant>>().cloned();
    let prefs = res.extensions().get::<Prefs>().copied().unwrap_or(Prefs { locale: accepted, currency: None });
    let mut out = render_report(&state, repr, &report, tenant.as_deref(), &prefs, &path, &request_id);
    // Keep headers an upstream layer set on purpose (e.g. Set-Cookie, Allow, and
    // the handoff routes' no-store and no-referrer).
    for name in ["set-cookie", "allow", "retry-after", "cache-control", "referrer-policy"] {
        for value in res.headers().get_all(name) {
            out.headers_mut().append(axum::http::HeaderName::from_static(name), value.clone());
        }
    }
    out
}

fn is_bare_error(res: &Response) -> bool {
    let status = res.status();
    let rendered = res
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("text/html") || ct.contains("json"));
    (status.is_client_error() || status.is_server_error()) && !rendered
}

fn framework_report(status: StatusCode) -> ErrorReport {
    let (code, detail) = match status {
        StatusCode::NOT_FOUND => ("not-found", "We couldn't find what you were looking for."),
        StatusCode::METHOD_NOT_ALLOWED => ("method-not-allowed", "That action isn't available on this page."),
        StatusCode::PAYLOAD_TOO_LARGE => ("too-large", "What was sent is too large."),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => {
            ("unsupported-media-type", "Send JSON with Content-Type: application/json, or a form.")
        }
        StatusCode::REQUEST_TIMEOUT => ("timeout", "The request took too long."),
        s if s.is_client_error() => ("bad-request", "The request could not be understood."),
        _ => ("internal", "Something went wrong on our side. Please try again."),
    };
    ErrorReport {
        status,
        code,
        title: status.canonical_reason().unwrap_or("Error").to_owned(),
        detail: detail.to_owned(),
        errors: None,
        retry_after_secs: None,
    }
}

pub fn render_report(
    state: &AppState,
    repr: Repr,
    report: &ErrorReport,
    tenant: Option<&Tenant>,
    prefs: &Prefs,
    path: &str,
    request_id: &str,
) -> Response {
    let t = prefs.tr();
    let (body, content_type) = match repr {
        Repr::Json => {
            let problem = Problem {
                r#type: format!("/problems/{}", report.code),
                title: &report.title,
                status: report.status.as_u16(),
                detail: &report.detail,
                instance: path,
                request_id,
                errors: report.errors.as_ref().map(|e| e.in_language(t)),
            };
            (serde_json::to_string(&problem).unwrap_or_default(), "application/problem+json")
        }
        Repr::Page => {
            let chrome = tenant.map(|tenant| Chrome::new(state, tenant, path, prefs));
            let page = ErrorPage { t, chrome: chrome.as_ref(), report, request_id };
            (page.render().unwrap_or_else(|_| report.title.clone()), "text/html; charset=utf-8")
        }
        Repr::Fragment => {
            let fragment = ErrorFragment { t, report, request_id };
            (fragment.render().unwrap_or_else(|_| report.title.clone()), "text/html; charset=utf-8")
        }
    };
    let mut res = (report.status, [(CONTENT_TYPE, HeaderValue::from_static(content_type))], body).into_response();
    res.headers_mut().insert(VARY, VARY_VALUE);
    if let Some(secs) = report.retry_after_secs {
        res.headers_mut().insert(RETRY_AFTER, HeaderValue::from(secs));
    }
    res
}
