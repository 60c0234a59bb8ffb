//! `GET /confirmation/{ref}`: the ConfirmationView, visible to the session that
//! booked it, or to anyone who proves the guest's e-mail through the lookup form.

use std::sync::Arc;

use askama::Template;

use axum::extract::{Path, State};
use axum::http::header::{CACHE_CONTROL, LOCATION};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::funnel_to_app;
use super::views::{AroundExt, filters};
use crate::funnel::ConfirmationView;
use crate::http::AppState;
use crate::http::context::Cx;
use crate::http::ecommerce;
use crate::http::error::AppError;
use crate::http::input::Input;
use crate::http::loyalty::GuestAuth;
use crate::http::negotiate::{Repr, respond};
use crate::http::openapi::problems;
use crate::http::session::GuestSession;
use crate::http::views::Chrome;
use crate::i18n::Tr;

/// Confirmations this browser proved it may see (by e-mail), kept in the session.
const SEEN: &str = "cf";
const SEEN_LIMIT: usize = 10;

pub fn router() -> OpenApiRouter<Arc<AppState>> {
    OpenApiRouter::new().routes(routes!(show)).routes(routes!(lookup_form, lookup))
}

#[derive(Template)]
#[template(path = "pages/confirmation.html")]
struct ConfirmationPage<'a> {
    t: Tr,
    chrome: &'a Chrome,
    view: &'a ConfirmationView,
}

#[derive(Template)]
#[template(path = "partials/confirmation.html")]
struct ConfirmationPanel<'a> {
    t: Tr,
    view: &'a ConfirmationView,
}

#[derive(Debug, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct LookupForm {
    pub reference: String,
    pub email: String,
}

#[derive(Template)]
#[template(path = "pages/confirmation_lookup.html")]
struct LookupPage<'a> {
    t: Tr,
    chrome: &'a Chrome,
    form: &'a LookupForm,
    /// The form was sent and matched no booking.
    not_found: bool,
}

/// A cached confirmation as served: in the language of the request.
fn served(cached: serde_json::Value, t: Tr) -> Result<ConfirmationView, AppError> {
    let view: ConfirmationView = serde_json::from_value(cached).map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(view.localised(t))
}

/// Lets this browser see the confirmation from now on, even if the cached view is
/// lost and rebuilt from the reservations upstream.
pub(crate) async fn remember(session: &GuestSession, reference: &str) -> Result<(), AppError> {
    let mut seen = session.get::<Vec<String>>(SEEN).await?.unwrap_or_default();
    if !seen.iter().any(|r| r == reference) {
        seen.push(reference.to_owned());
        if seen.len() > SEEN_LIMIT {
            seen.remove(0);
        }
        session.insert(SEEN, &seen).await?;
    }
    Ok(())
}

fn plausible_reference(reference: &str) -> bool {
    (4..=40).contains(&reference.len()) && reference.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// `GET /confirmation/{ref}`
#[utoipa::path(get, path = "/confirmation/{reference}", tag = "funnel", operation_id = "getConfirmation",
    params(("reference" = String, Path, description = "The booking reference")), security((), ("iam" = [])),
    responses((status = 200, description = "The booking", body = ConfirmationView),
              (status = 404, response = problems::NotFound)))]
pub async fn show(
    State(state): State<Arc<AppState>>,
    cx: Cx,
    session: GuestSession,
    auth: GuestAuth,
    Path(reference): Path<String>,
) -> Result<Response, AppError> {
    if !plausible_reference(&reference) {
        return Err(AppError::NotFound);
    }
    let (record, membership) =
        tokio::join!(state.funnel.confirmation(&cx.rc, &cx.tenant, &reference), auth.membership(&state, &cx.rc));
    let record = record.map_err(funnel_to_app)?.ok_or(AppError::NotFound)?;
    let guest = session.guest_key().await?;
    let owns = guest.is_some_and(|g| !record.owner.is_empty() && g.as_str() == record.owner);
    let proved = session.get::<Vec<String>>(SEEN).await?.unwrap_or_default().contains(&reference);
    if !owns && !proved {
        return Err(AppError::NotFound);
    }
    let mut view = served(record.view, cx.t)?;
    view.manage_url = crate::http::manage::link(&state, &cx.tenant, &reference, &view.checkout).unwrap_or_default();
    view.hotel = cx.tenant.property(&view.property_id).map(crate::funnel::HotelView::of);
    let mut chrome = cx.chrome(&state).with_membership(&membership);
    chrome.track(|| vec![ecommerce::purchase(&cx.tenant, &view)]);
    let mut res = respond(
        cx.repr,
        StatusCode::OK,
        &view,
        || ConfirmationPage { t: chrome.t, chrome: &chrome, view: &view }.render(),
        || ConfirmationPanel { t: chrome.t, view: &view }.render(),
    );
    res.headers_mut().insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}

/// `GET /confirmation`: the lookup form.
#[utoipa::path(get, path = "/confirmation", tag = "funnel", operation_id = "getConfirmationLookup",
    responses((status = 200, description = "The (empty) fields of the lookup: POST them to /confirmation", body = LookupForm)))]
pub async fn lookup_form(State(state): State<Arc<AppState>>, cx: Cx) -> Result<Response, AppError> {
    let chrome = cx.chrome(&state);
    let form = LookupForm::default();
    let page = || LookupPage { t: chrome.t, chrome: &chrome, form: &form, not_found: false }.render();
    Ok(respond(cx.repr, StatusCode::OK, &form, page, page))
}

/// `POST /confirmation`: reference + e-mail; on a match this browser may see
/// the confirmation. A wrong pair is a 404 whether or not the reference exists.
#[utoipa::path(post, path = "/confirmation", tag = "funnel", operation_id = "findConfirmation", request_body = LookupForm,
    responses((status = 200, description = "The booking; this session may see it from now on", body = ConfirmationView),
              (status = 303, description = "Pages: to the confirmation"),
              (status = 404, response = problems::NotFound)))]
pub async fn lookup(
    State(state): State<Arc<AppState>>,
    cx: Cx,
    session: GuestSession,
    Input(form): Input<LookupForm>,
) -> Result<Response, AppError> {
    let reference = form.reference.trim().to_ascii_uppercase();
    let email = form.email.trim().to_ascii_lowercase();
    let record = if plausible_reference(&reference) && !email.is_empty() {
        state.funnel.confirmation(&cx.rc, &cx.tenant, &reference).await.map_err(funnel_to_app)?
    } else {
        None
    };
    let Some(record) = record.filter(|r| r.email == email) else {
        if cx.repr == Repr::Json {
            return Err(AppError::NotFound);
        }
        let chrome = cx.chrome(&state);
        let page = LookupPage { t: chrome.t, chrome: &chrome, form: &form, not_found: true }
            .render()
            .map_err(|e| AppError::Internal(e.to_string()))?;
        return Ok((StatusCode::NOT_FOUND, [(axum::http::header::CONTENT_TYPE, "text/html; charset=utf-8")], page)
            .into_response());
    };
    remember(&session, &reference).await?;
    if cx.repr == Repr::Json {
        let mut view = served(record.view, cx.t)?;
        view.manage_url = crate::http::manage::link(&state, &cx.tenant, &reference, &view.checkout).unwrap_or_default();
        let mut res = axum::Json(view).into_response();
        res.headers_mut().insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
        return Ok(res);
    }
    Ok((StatusCode::SEE_OTHER, [(LOCATION, format!("/confirmation/{reference}"))]).into_response())
}
