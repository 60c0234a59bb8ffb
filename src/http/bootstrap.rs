//! `GET /bootstrap` (TenantBootstrap composed with the guest's state, for the
//! app) and the tenant's brand stylesheet.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, LOCATION, VARY};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use super::AppState;
use super::assets::IMMUTABLE;
use super::context::Cx;
use super::error::AppError;
use super::handoff::{HandoffPayload, session_arrival};
use super::loyalty::{GuestAuth, LoyaltyView};
use super::negotiate::{Repr, VARY_VALUE};
use super::search::PropertyCard;
use super::session::GuestSession;
use crate::funnel::Actor;

#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BootstrapView {
    pub tenant: TenantBootstrap,
    pub prefs: Prefs,
    /// The guest's draft in progress, if any (id and state).
    pub active_draft: Option<ActiveDraft>,
    /// The signed-in guest's tier, points, member-rate eligibility and first
    /// name (an iam token as `Authorization: Bearer`, or a web sign-in); null
    /// when not signed in or when iam is unavailable.
    pub loyalty: Option<LoyaltyView>,
    /// The selection handed over by a partner site, after a handoff in this session.
    pub handoff_payload: Option<HandoffPayload>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ActiveDraft {
    pub id: String,
    /// selecting, quoted, details, held, payment_pending, confirmed, expired, payment_failed, abandoned
    pub state: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TenantBootstrap {
    pub id: String,
    pub name: String,
    pub tagline: String,
    pub theme: String,
    pub tokens: ThemeTokensView,
    pub locales: Vec<String>,
    pub default_locale: String,
    pub currencies: Vec<String>,
    pub default_currency: String,
    pub properties: Vec<PropertyBootstrap>,
    pub policies: PoliciesView,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ThemeTokensView {
    pub primary: String,
    pub on_primary: String,
    pub accent: String,
    pub background: String,
    pub surface: String,
    pub text: String,
    pub radius_px: u8,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PropertyBootstrap {
    #[serde(flatten)]
    pub card: PropertyCard,
    pub time_zone: String,
    pub currency: String,
    pub checkin_time: String,
    pub checkout_time: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PoliciesView {
    pub cancellation: String,
    pub payment: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Prefs {
    pub locale: String,
    pub currency: String,
}

/// `GET /bootstrap`: JSON for the app; a browser is sent to the landing page.
#[utoipa::path(get, path = "/bootstrap", tag = "bootstrap",
    params(("X-Tenant-Id" = Option<String>, Header, description = "Tenant, when calling the API host"),
           ("Authorization" = Option<String>, Header, description = "`Bearer {iam token}` of a signed-in guest (the app)")),
    responses((status = 200, description = "TenantBootstrap with the guest's state", body = BootstrapView),
              (status = 303, description = "HTML clients are redirected to /")))]
pub async fn bootstrap(
    State(state): State<Arc<AppState>>,
    cx: Cx,
    session: GuestSession,
    auth: GuestAuth,
) -> Result<Response, AppError> {
    if cx.repr != Repr::Json {
        return Ok((StatusCode::SEE_OTHER, [(LOCATION, "/")], [(VARY, VARY_VALUE)]).into_response());
    }
    let ((handoff_payload, active_draft), membership) =
        tokio::join!(guest_state(&state, &cx, &session), auth.membership(&state, &cx.rc));
    let t = &cx.tenant;
    let tokens = &t.tokens;
    let view = BootstrapView {
        tenant: TenantBootstrap {
            id: t.id.to_string(),
            name: t.name.clone(),
            tagline: t.tagline.clone(),
            theme: t.theme.as_str().into(),
            tokens: ThemeTokensView {
                primary: tokens.primary.css(),
                on_primary: tokens.on_primary.css(),
                accent: tokens.accent.css(),
                background: tokens.background.css(),
                surface: tokens.surface.css(),
                text: tokens.text.css(),
                radius_px: tokens.radius_px,
            },
            locales: t.locales.clone(),
            default_locale: t.default_locale.clone(),
            currencies: t.currencies.iter().map(|c| c.to_string()).collect(),
            default_currency: t.default_currency.to_string(),
            properties: t
                .properties
                .iter()
                .map(|p| PropertyBootstrap {
                    card: PropertyCard::from(p),
                    time_zone: p.time_zone.iana_name().unwrap_or("UTC").into(),
                    currency: p.currency.to_string(),
                    checkin_time: p.checkin_time.clone(),
                    checkout_time: p.checkout_time.clone(),
                })
                .collect(),
            policies: PoliciesView {
                cancellation: t.policies.cancellation.clone(),
                payment: t.policies.payment.clone(),
            },
        },
        // The server's view of the guest's prefs wins over what the app kept.
        prefs: Prefs {
            locale: cx.prefs.locale.as_str().into(),
            currency: cx.prefs.currency.unwrap_or(t.default_currency).to_string(),
        },
        active_draft,
        loyalty: membership.view(),
        handoff_payload,
    };
    let mut res = axum::Json(view).into_response();
    res.headers_mut().insert(VARY, VARY_VALUE);
    res.headers_mut().insert(CACHE_CONTROL, axum::http::HeaderValue::from_static("private, no-cache"));
    Ok(res)
}

/// The handoff payload of this session and the draft it started (while the guest
/// still owns it). Session trouble degrades to "none": the tenant part of the
/// bootstrap is still worth serving.
async fn guest_state(
    state: &AppState,
    cx: &Cx,
    session: &GuestSession,
) -> (Option<HandoffPayload>, Option<ActiveDraft>) {
    let arrival = match session_arrival(session).await {
        Ok(Some(arrival)) if arrival.payload.tenant == cx.tenant.id.as_str() => arrival,
        Ok(_) => return (None, None),
        Err(e) => {
            tracing::warn!(error = %e, "bootstrap: session unavailable; no guest state");
            return (None, None);
        }
    };
    let guest = session.guest_key().await.ok().flatten();
    let draft = match (arrival.draft_id(), guest) {
        (Some(id), Some(guest)) => {
            let actor = Actor { tenant: &cx.tenant.id, guest: &guest };
            state.funnel.load(&cx.rc, &actor, &id).await.ok()
        }
        _ => None,
    };
    let active = draft.map(|d| ActiveDraft { id: d.id.to_string(), state: d.state.as_str().to_owned() });
    (Some(arrival.payload), active)
}

/// `GET /brand.{hash}.css`: the tenant's validated theme tokens as CSS variables.
pub async fn brand_css(cx: Cx, Path(file): Path<String>) -> Result<Response, AppError> {
    let expected = format!("brand.{}.css", cx.tenant.stylesheet_hash);
    if file != expected {
        return Err(AppError::NotFound);
    }
    Ok(([(CONTENT_TYPE, "text/css; charset=utf-8"), (CACHE_CONTROL, IMMUTABLE)], cx.tenant.stylesheet.clone())
        .into_response())
}
