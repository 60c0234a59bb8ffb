//! Analytics consent: the guest's decision, kept in a first-party cookie
//! (`consent=granted|denied`, one year, `SameSite=Lax`, no `Domain`, so it is
//! this tenant host's alone), and `POST /consent`, which the banner's plain form
//! posts to (no JavaScript needed) before a 303 back to the page. `GET /consent`
//! (the footer's "Cookie settings") shows the decision and lets the guest change
//! it at any time: withdrawing it stops the analytics block on the next page.
//!
//! Why a cookie and not the session: every page must know the decision to show
//! the banner or the events, and a first visit must cost no Redis round trip.
//! A cookie is in the request already; the session would be a Redis read on every
//! page for every visitor who has one, and a session created (a Redis write) just
//! to remember "declined" for a visitor who never books. Consent is also a
//! per-browser, per-site fact, which is what a host-only cookie is, and it
//! outlives the session (idle and absolute timeouts) as it should.

use std::sync::Arc;

use askama::Template;
use axum::extract::{Query, State};
use axum::http::header::{LOCATION, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use crate::domain::FieldErrors;
use crate::http::AppState;
use crate::http::context::{Cx, cookie_value};
use crate::http::error::AppError;
use crate::http::input::{Input, return_path};
use crate::http::negotiate::{Repr, respond};
use crate::http::views::Chrome;
use crate::i18n::Tr;

/// `POST /consent`, with its documentation.
pub fn router() -> utoipa_axum::router::OpenApiRouter<std::sync::Arc<crate::http::AppState>> {
    utoipa_axum::router::OpenApiRouter::new().routes(utoipa_axum::routes!(show, record))
}

pub const COOKIE: &str = "consent";
const ONE_YEAR_SECS: u32 = 365 * 24 * 60 * 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Consent {
    /// No decision yet: the banner asks (when the tenant measures at all).
    #[default]
    Undecided,
    Granted,
    Denied,
}

impl Consent {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Undecided => "undecided",
            Self::Granted => "granted",
            Self::Denied => "denied",
        }
    }

    pub fn from_headers(headers: &HeaderMap) -> Self {
        match cookie_value(headers, COOKIE) {
            Some("granted") => Self::Granted,
            Some("denied") => Self::Denied,
            _ => Self::Undecided,
        }
    }
}

#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct ConsentForm {
    /// `accept` or `decline`.
    pub decision: String,
    /// Where to go back to (a path on this site).
    #[serde(rename = "return")]
    pub return_to: Option<String>,
}

/// The guest's analytics decision as `GET /consent` shows it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ConsentView {
    /// The site measures its use (with consent); when `false` there is nothing to decide.
    pub enabled: bool,
    /// `granted`, `denied` or `undecided` (nothing is measured until `granted`).
    pub analytics: String,
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(default)]
pub struct ShowQuery {
    /// Where the settings go back to (a path on this site).
    #[serde(rename = "return")]
    #[param(rename = "return")]
    pub return_to: Option<String>,
}

#[derive(Template)]
#[template(path = "pages/consent.html")]
struct ConsentPage<'a> {
    t: Tr,
    chrome: &'a Chrome,
    view: &'a ConsentView,
    tenant_name: &'a str,
    csrf: &'a str,
    return_to: &'a str,
}

#[derive(Template)]
#[template(path = "partials/consent_settings.html")]
struct ConsentPanel<'a> {
    t: Tr,
    view: &'a ConsentView,
    tenant_name: &'a str,
    csrf: &'a str,
    return_to: &'a str,
}

/// `GET /consent`: the cookie settings, to give or withdraw analytics consent.
#[utoipa::path(get, path = "/consent", tag = "guest", operation_id = "getConsent", params(ShowQuery),
    responses((status = 200, description = "The guest's analytics decision (pages: the settings with the choice again)", body = ConsentView)))]
pub async fn show(State(state): State<Arc<AppState>>, cx: Cx, Query(q): Query<ShowQuery>) -> Response {
    let view = ConsentView { enabled: cx.tenant.analytics.enabled, analytics: cx.consent.as_str().to_owned() };
    let return_to = return_path(q.return_to.as_deref());
    let mut chrome = cx.chrome(&state);
    // The settings ask the question themselves: no banner on top of them.
    chrome.consent_banner = false;
    chrome.return_to = return_to.clone();
    let (tenant_name, csrf) = (cx.tenant.name.as_str(), cx.csrf.as_str());
    let mut res = respond(
        cx.repr,
        StatusCode::OK,
        &view,
        || ConsentPage { t: chrome.t, chrome: &chrome, view: &view, tenant_name, csrf, return_to: &return_to }.render(),
        || ConsentPanel { t: chrome.t, view: &view, tenant_name, csrf, return_to: &return_to }.render(),
    );
    res.headers_mut().insert(axum::http::header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// `POST /consent`: records the guest's analytics decision.
#[utoipa::path(post, path = "/consent", tag = "guest", operation_id = "recordConsent", request_body = ConsentForm,
    responses((status = 204, description = "Recorded in the `consent` cookie (the banner is gone)"),
              (status = 303, description = "Pages: back to the page the banner was on"),
              (status = 422, response = crate::http::openapi::problems::ValidationFailed)))]
pub async fn record(
    State(state): State<Arc<AppState>>,
    cx: Cx,
    Input(form): Input<ConsentForm>,
) -> Result<Response, AppError> {
    let value = match form.decision.trim() {
        "accept" | "granted" => "granted",
        "decline" | "denied" => "denied",
        _ => {
            let mut errors = FieldErrors::new();
            errors.add("decision", crate::i18n::Msg::new("field-consent-decision"));
            return Err(AppError::Validation(errors));
        }
    };
    let secure = if state.cookie_secure() { "; Secure" } else { "" };
    let cookie = format!("{COOKIE}={value}; Path=/; Max-Age={ONE_YEAR_SECS}; HttpOnly; SameSite=Lax{secure}");
    let mut res = match cx.repr {
        Repr::Page => {
            let to = return_path(form.return_to.as_deref());
            (StatusCode::SEE_OTHER, [(LOCATION, to)]).into_response()
        }
        // htmx swaps the banner for nothing; the app just records it.
        Repr::Fragment => (StatusCode::OK, "").into_response(),
        Repr::Json => StatusCode::NO_CONTENT.into_response(),
    };
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        res.headers_mut().append(SET_COOKIE, v);
    }
    Ok(res)
}
