//! One error type at the HTTP edge. Handlers return [`AppError`]; the
//! [`render_errors`] middleware turns it — and any bare error response from the
//! framework (404 route, 405, 413, 415…) — into the representation the client
//! asked for: a branded HTML page, an htmx fragment, or RFC 9457 problem+json,
//! always with the right status code and the request id.

use std::sync::Arc;

use askama::Template;
use axum::extract::Request;
use axum::http::header::{ACCEPT, ACCEPT_LANGUAGE, CONTENT_TYPE, RETRY_AFTER, VARY};
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::domain::FieldErrors;
use crate::domain::handoff::HandoffError;
use crate::domain::tenant::Tenant;
use crate::http::AppState;
use crate::http::negotiate::{Repr, VARY_VALUE};
use crate::http::prefs::Prefs;
use crate::http::views::Chrome;
use crate::i18n::{Msg, Tr};
use crate::upstream::UpstreamError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("{}: {}", .title.english(), .detail.english())]
    BadRequest { title: Msg, detail: Msg },
    #[error("invalid input")]
    Validation(FieldErrors),
    #[error("conflict: {}", .detail.english())]
    Conflict { code: &'static str, title: Msg, detail: Msg },
    #[error("forbidden: {}", .0.english())]
    Forbidden(Msg),
    /// Something that existed and is gone for good (an expired link).
    #[error("gone: {}", .detail.english())]
    Gone { title: Msg, detail: Msg },
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
    /// The cause is for the logs; the guest reads a catalog message.
    #[error("unavailable: {0}")]
    Unavailable(String),
    /// Every in-flight slot stayed taken for as long as a request may wait for one.
    #[error("overloaded")]
    Overloaded,
    /// The cause is for the logs; the guest reads a catalog message.
    #[error("internal: {0}")]
    Internal(String),
}

/// A guest-facing text of an error report, rendered in the request's language
/// when the response is (the report is made before the language is known).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Text {
    /// A catalog message.
    Msg(Msg),
    /// A refused handoff link's reason, and what to do about it.
    Handoff(HandoffError),
    /// The standard title of a status the framework answered by itself.
    Status(StatusCode),
    /// Words an upstream wrote itself, which we cannot translate.
    Verbatim(String),
}

impl From<Msg> for Text {
    fn from(msg: Msg) -> Self {
        Self::Msg(msg)
    }
}

impl From<&'static str> for Text {
    fn from(key: &'static str) -> Self {
        Self::Msg(Msg::new(key))
    }
}

impl Text {
    pub fn render(&self, t: Tr) -> String {
        match self {
            Self::Msg(msg) => t.msg(msg),
            // The expired link's message says what to do already.
            Self::Handoff(e @ HandoffError::Expired) => e.message(t),
            Self::Handoff(e) => t.with("handoff-refused-detail", "reason", e.message(t)),
            Self::Status(status) => match status_key(*status) {
                Some(key) => t.get(key).to_owned(),
                None if t.locale() == crate::i18n::Locale::En => {
                    status.canonical_reason().unwrap_or("Error").to_owned()
                }
                None if status.is_server_error() => t.get("error-status-server").to_owned(),
                None => t.get("error-status-client").to_owned(),
            },
            Self::Verbatim(text) => text.clone(),
        }
    }
}

fn status_key(status: StatusCode) -> Option<&'static str> {
    Some(match status.as_u16() {
        400 => "error-status-400",
        404 => "error-status-404",
        405 => "error-status-405",
        408 => "error-status-408",
        413 => "error-status-413",
        415 => "error-status-415",
        422 => "error-status-422",
        500 => "error-status-500",
        _ => return None,
    })
}

/// What the renderer needs to know about an error; travels in the response
/// extensions from the handler to [`render_errors`].
#[derive(Debug, Clone)]
pub struct ErrorReport {
    pub status: StatusCode,
    pub code: &'static str,
    pub title: Text,
    pub detail: Text,
    pub errors: Option<FieldErrors>,
    pub retry_after_secs: Option<u64>,
}

type Parts = (StatusCode, &'static str, Text, Text);

impl AppError {
    /// A request we cannot read: a title and a sentence from the `errors` catalog.
    pub fn bad_request(title: Msg, detail: Msg) -> Self {
        Self::BadRequest { title, detail }
    }

    fn report(&self) -> ErrorReport {
        let (status, code, title, detail): Parts = match self {
            Self::NotFound => {
                (StatusCode::NOT_FOUND, "not-found", "error-not-found-title".into(), "error-not-found-detail".into())
            }
            Self::BadRequest { title, detail } => {
                (StatusCode::BAD_REQUEST, "bad-request", title.clone().into(), detail.clone().into())
            }
            Self::Validation(_) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "validation",
                "error-validation-title".into(),
                "error-validation-detail".into(),
            ),
            Self::Conflict { code, title, detail } => {
                (StatusCode::CONFLICT, code, title.clone().into(), detail.clone().into())
            }
            Self::Forbidden(detail) => {
                (StatusCode::FORBIDDEN, "forbidden", "error-forbidden-title".into(), detail.clone().into())
            }
            Self::Gone { title, detail } => (StatusCode::GONE, "gone", title.clone().into(), detail.clone().into()),
            Self::PayloadTooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "too-large",
                "error-too-large-title".into(),
                "error-too-large-detail".into(),
            ),
            Self::UnsupportedMediaType => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported-media-type",
                "error-unsupported-media-type-title".into(),
                "error-unsupported-media-type-detail".into(),
            ),
            Self::PreconditionRequired => (
                StatusCode::PRECONDITION_REQUIRED,
                "version-required",
                "error-version-required-title".into(),
                "error-version-required-detail".into(),
            ),
            Self::TooManyRequests { .. } => (
                StatusCode::TOO_MANY_REQUESTS,
                "rate-limited",
                "error-rate-limited-title".into(),
                "error-rate-limited-detail".into(),
            ),
            Self::Upstream(e) => upstream_report(e),
            Self::Handoff(e) => handoff_report(e),
            Self::Unavailable(_) => (
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                "error-unavailable-title".into(),
                "error-unavailable-detail".into(),
            ),
            Self::Overloaded => {
                (StatusCode::SERVICE_UNAVAILABLE, "overloaded", "error-busy-title".into(), "error-busy-detail".into())
            }
            Self::Internal(_) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "error-internal-title".into(),
                "error-internal-detail".into(),
            ),
        };
        let retry_after_secs = match self {
            Self::TooManyRequests { retry_after_secs } => Some(*retry_after_secs),
            Self::Unavailable(_) | Self::Upstream(_) | Self::Overloaded
                if status == StatusCode::SERVICE_UNAVAILABLE =>
            {
                Some(1)
            }
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
fn handoff_report(e: &HandoffError) -> Parts {
    let (status, title) = match e {
        HandoffError::Expired => (StatusCode::GONE, "handoff-refused-expired-title"),
        HandoffError::UnknownKey | HandoffError::BadSignature => {
            (StatusCode::FORBIDDEN, "handoff-refused-unverified-title")
        }
        // DESIGN §3: a handoff of another tenant is a 404 here.
        HandoffError::WrongTenant => (StatusCode::NOT_FOUND, "handoff-refused-wrong-site-title"),
        HandoffError::NotYetValid => (StatusCode::BAD_REQUEST, "handoff-refused-not-yet-valid-title"),
        _ => (StatusCode::BAD_REQUEST, "handoff-refused-title"),
    };
    (status, e.code(), title.into(), Text::Handoff(e.clone()))
}

/// An upstream failure; the messages name which part of the system failed
/// (`$upstream`, which each language words in its own grammar).
fn upstream_report(e: &UpstreamError) -> Parts {
    let upstream = e.upstream().as_str();
    let detail = |key: &'static str| Text::Msg(Msg::new(key).text("upstream", upstream));
    match e {
        UpstreamError::Timeout(_) => (
            StatusCode::GATEWAY_TIMEOUT,
            "upstream-timeout",
            "error-upstream-timeout-title".into(),
            detail("error-upstream-timeout-detail"),
        ),
        UpstreamError::NotFound(_) => (
            StatusCode::NOT_FOUND,
            "not-found",
            "error-upstream-not-found-title".into(),
            detail("error-upstream-not-found-detail"),
        ),
        UpstreamError::Rejected { status, detail: said, .. } if *status == 409 || *status == 422 => (
            StatusCode::CONFLICT,
            "upstream-conflict",
            "error-upstream-conflict-title".into(),
            if said.is_empty() { detail("error-upstream-conflict-detail") } else { Text::Verbatim(said.clone()) },
        ),
        _ => (
            StatusCode::SERVICE_UNAVAILABLE,
            "upstream-unavailable",
            "error-upstream-unavailable-title".into(),
            detail("error-upstream-unavailable-detail"),
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
        let mut res = (report.status, report.title.render(Tr::default())).into_response();
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
    title: &'a str,
    detail: &'a str,
    request_id: &'a str,
}

#[derive(Template)]
#[template(path = "partials/error.html")]
struct ErrorFragment<'a> {
    t: Tr,
    report: &'a ErrorReport,
    title: &'a str,
    detail: &'a str,
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
    errors: Option<crate::i18n::render::Localized<'a>>,
}

/// Turns error reports and bare framework errors into the negotiated form.
pub async fn render_errors(state: &AppState, req: Request, next: impl crate::http::edge::Inner) -> Response {
    let asked = Asked::of(&req);
    let res = next.run(req).await;
    asked.render(state, res)
}

/// What an error response is rendered for: the request's representation,
/// path, request id and accepted language. Only the headers and the path
/// they are read from are kept (each a reference count, no copy); they are
/// read when an error is rendered, which most requests never need.
pub struct Asked {
    /// `Accept`, `HX-Request`, `HX-History-Restore-Request`, `Accept-Language`.
    headers: [Option<HeaderValue>; 4],
    uri: axum::http::Uri,
    /// Ours (set by the request-id layer); `None`: one is made if needed.
    request_id: Option<HeaderValue>,
}

/// The headers [`Asked`] keeps, in its order.
const ASKED_HEADERS: [HeaderName; 4] = [
    ACCEPT,
    HeaderName::from_static("hx-request"),
    HeaderName::from_static("hx-history-restore-request"),
    ACCEPT_LANGUAGE,
];

impl Asked {
    /// For a request that passed the request-id layer (its id is ours).
    pub fn of(req: &Request) -> Self {
        let request_id = req.headers().get("x-request-id").cloned();
        Self { request_id, ..Self::early(req) }
    }

    /// For a request answered before the request-id layer (the in-flight
    /// limit): an id of its own, never the caller's unchecked one.
    pub fn early(req: &Request) -> Self {
        let headers = ASKED_HEADERS.map(|name| req.headers().get(name).cloned());
        Self { headers, uri: req.uri().clone(), request_id: None }
    }

    /// `res` as it is, or rendered in the negotiated form when it is an error.
    pub fn render(&self, state: &AppState, mut res: Response) -> Response {
        let report = match res.extensions_mut().remove::<ErrorReport>() {
            Some(report) => report,
            None if is_bare_error(&res) => framework_report(res.status()),
            None => return res,
        };
        let mut headers = axum::http::HeaderMap::new();
        for (name, value) in ASKED_HEADERS.iter().zip(&self.headers) {
            if let Some(value) = value {
                headers.insert(name, value.clone());
            }
        }
        let repr = &Repr::from_headers(&headers);
        let accepted = &crate::http::context::accepted_locale(&headers);
        let path = self.uri.path();
        let request_id = &match &self.request_id {
            Some(id) => id.to_str().unwrap_or("").to_owned(),
            None => hex::encode(rand::random::<[u8; 12]>()),
        };
        let tenant = res.extensions().get::<Arc<Tenant>>().cloned();
        let prefs = res.extensions().get::<Prefs>().copied().unwrap_or(Prefs { locale: *accepted, currency: None });
        let mut out = render_report(state, *repr, &report, tenant.as_deref(), &prefs, path, request_id);
        // The access log names the tenant of error pages too.
        if let Some(tenant) = tenant {
            out.extensions_mut().insert(tenant);
        }
        if let Some(id) = (!request_id.is_empty()).then(|| HeaderValue::from_str(request_id).ok()).flatten() {
            out.headers_mut().insert("x-request-id", id);
        }
        // Keep headers an upstream layer set on purpose (e.g. Set-Cookie, Allow, and
        // the handoff routes' no-store and no-referrer).
        for name in ["set-cookie", "allow", "retry-after", "cache-control", "referrer-policy"] {
            for value in res.headers().get_all(name) {
                out.headers_mut().append(axum::http::HeaderName::from_static(name), value.clone());
            }
        }
        out
    }
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
        StatusCode::NOT_FOUND => ("not-found", "error-framework-not-found"),
        StatusCode::METHOD_NOT_ALLOWED => ("method-not-allowed", "error-framework-method"),
        StatusCode::PAYLOAD_TOO_LARGE => ("too-large", "error-too-large-detail"),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ("unsupported-media-type", "error-unsupported-media-type-detail"),
        StatusCode::REQUEST_TIMEOUT => ("timeout", "error-framework-timeout"),
        s if s.is_client_error() => ("bad-request", "error-framework-bad-request"),
        _ => ("internal", "error-framework-internal"),
    };
    ErrorReport {
        status,
        code,
        title: Text::Status(status),
        detail: detail.into(),
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
    let title = report.title.render(t);
    let detail = report.detail.render(t);
    let (body, content_type) = match repr {
        Repr::Json => {
            let problem = Problem {
                r#type: format!("/problems/{}", report.code),
                title: &title,
                status: report.status.as_u16(),
                detail: &detail,
                instance: path,
                request_id,
                errors: report.errors.as_ref().map(|e| e.in_language(t)),
            };
            (serde_json::to_string(&problem).unwrap_or_default(), "application/problem+json")
        }
        Repr::Page => {
            let chrome = tenant.map(|tenant| Chrome::new(state, tenant, path, prefs));
            let page = ErrorPage { t, chrome: chrome.as_ref(), report, title: &title, detail: &detail, request_id };
            (page.render().unwrap_or_else(|_| title.clone()), "text/html; charset=utf-8")
        }
        Repr::Fragment => {
            let fragment = ErrorFragment { t, report, title: &title, detail: &detail, request_id };
            (fragment.render().unwrap_or_else(|_| title.clone()), "text/html; charset=utf-8")
        }
    };
    let mut res = (report.status, [(CONTENT_TYPE, HeaderValue::from_static(content_type))], body).into_response();
    res.headers_mut().insert(VARY, VARY_VALUE);
    if let Some(secs) = report.retry_after_secs {
        res.headers_mut().insert(RETRY_AFTER, HeaderValue::from(secs));
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Locale, catalog};
    use crate::upstream::Upstream;

    /// A message that is missing renders as its key; none of these may.
    fn assert_rendered(text: &Text, what: &str) {
        for locale in Locale::ALL {
            let rendered = text.render(Tr::new(locale));
            assert!(!rendered.trim().is_empty(), "{what} in {locale}: empty");
            let keys = catalog().keys(Locale::En);
            for word in rendered.split(|c: char| c.is_whitespace() || c == ':' || c == '`') {
                assert!(!keys.contains(word), "{what} in {locale}: the key `{word}` is shown raw: {rendered}");
            }
        }
    }

    #[test]
    fn every_error_has_a_title_and_detail_in_every_language() {
        let upstreams = [
            Upstream::TenantConfig,
            Upstream::Availability,
            Upstream::Pricing,
            Upstream::Reservations,
            Upstream::Payments,
            Upstream::Iam,
        ];
        let mut errors = vec![
            AppError::NotFound,
            AppError::bad_request(Msg::new("error-bad-host-title"), Msg::new("error-bad-host-detail")),
            AppError::Validation(FieldErrors::new()),
            AppError::Forbidden(Msg::new("error-forbidden-csrf")),
            AppError::UnsupportedMediaType,
            AppError::PayloadTooLarge,
            AppError::PreconditionRequired,
            AppError::TooManyRequests { retry_after_secs: 1 },
            AppError::Unavailable("cause".into()),
            AppError::Internal("cause".into()),
        ];
        for u in upstreams {
            errors.push(AppError::Upstream(UpstreamError::Timeout(u)));
            errors.push(AppError::Upstream(UpstreamError::NotFound(u)));
            errors.push(AppError::Upstream(UpstreamError::Unavailable(u, "down".into())));
            let rejected = |detail: &str| UpstreamError::Rejected {
                upstream: u,
                status: 409,
                code: "x".into(),
                detail: detail.into(),
            };
            errors.push(AppError::Upstream(rejected("")));
            errors.push(AppError::Upstream(rejected("Minimum stay is 3 nights.")));
        }
        for e in [
            HandoffError::TooLarge,
            HandoffError::Malformed,
            HandoffError::UnsupportedVersion,
            HandoffError::UnknownKey,
            HandoffError::BadSignature,
            HandoffError::BadPayload(Msg::new("handoff-payload-rooms")),
            HandoffError::BadPayload(Msg::new("field-checkin-past")),
            HandoffError::WrongTenant,
            HandoffError::NotYetValid,
            HandoffError::Expired,
            HandoffError::LifetimeTooLong,
        ] {
            errors.push(AppError::Handoff(e));
        }
        for e in &errors {
            let report = e.report();
            assert_rendered(&report.title, &format!("{e:?} title"));
            assert_rendered(&report.detail, &format!("{e:?} detail"));
        }
        for status in [400, 404, 405, 408, 413, 414, 415, 422, 431, 500, 502] {
            let report = framework_report(StatusCode::from_u16(status).unwrap());
            assert_rendered(&report.title, &format!("{status} title"));
            assert_rendered(&report.detail, &format!("{status} detail"));
        }
    }

    #[test]
    fn english_texts_are_unchanged() {
        let en = Tr::new(Locale::En);
        let report = AppError::Handoff(HandoffError::BadSignature).report();
        assert_eq!(report.title.render(en), "This link could not be verified");
        assert_eq!(
            report.detail.render(en),
            "This booking link could not be verified. Please go back to the site you came from and choose your \
             stay again, or search here."
        );
        let report = AppError::Upstream(UpstreamError::Timeout(Upstream::Payments)).report();
        assert_eq!(
            report.detail.render(en),
            "We couldn't load the payment service in time. Nothing you entered is lost; please try again."
        );
        let report = framework_report(StatusCode::URI_TOO_LONG);
        assert_eq!(report.title.render(en), "URI Too Long", "the standard title, in English");
        assert_eq!(report.title.render(Tr::new(Locale::Fr)), "Erreur");
        let payload = HandoffError::BadPayload(Msg::new("field-checkout-before-checkin"));
        assert_eq!(
            payload.to_string(),
            "This booking link has invalid booking details: check-out must be after check-in."
        );
    }

    #[test]
    fn every_transition_has_a_message() {
        use crate::domain::draft::TransitionError as E;
        for e in [
            E::AlreadyConfirmed { booking_ref: "R".into() },
            E::Abandoned,
            E::QuoteRequired,
            E::QuoteExpired,
            E::DetailsRequired,
            E::HoldRequired,
            E::HoldExpired,
            E::RoomHeld,
            E::PaymentInProgress,
            E::NoPaymentInProgress,
            E::StalePaymentAttempt { expected: 1, got: 2 },
            E::MissingBookingRef,
            E::NothingToExpire,
        ] {
            let msg = e.msg();
            assert_eq!(msg.english(), e.to_string(), "the English text is the domain's own");
            assert_rendered(&Text::Msg(msg), &format!("{e:?}"));
        }
    }
}
