//! `GET /bootstrap` (TenantBootstrap composed with the guest's state, for the
//! app) and the tenant's brand stylesheet.

use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::{CACHE_CONTROL, LOCATION, VARY};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::domain::draft::{BookingDraft, DraftId, DraftState};
use crate::funnel::Actor;
use crate::http::AppState;
use crate::http::context::Cx;
use crate::http::error::AppError;
use crate::http::handoff::{HandoffPayload, session_arrival};
use crate::http::loyalty::{GuestAuth, LoyaltyView};
use crate::http::negotiate::{Repr, VARY_VALUE};
use crate::http::search::PropertyCard;
use crate::http::session::GuestSession;

/// `GET /bootstrap`, with its documentation.
pub fn router() -> utoipa_axum::router::OpenApiRouter<std::sync::Arc<crate::http::AppState>> {
    utoipa_axum::router::OpenApiRouter::new().routes(utoipa_axum::routes!(bootstrap))
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BootstrapView {
    pub tenant: TenantBootstrap,
    pub prefs: Prefs,
    /// The draft to resume (after a cold start, or the app killed mid-payment):
    /// the session's most recently changed draft that is still in progress, or
    /// that ended in the last hour (so an app that was killed while the payment
    /// went through learns it is booked). A pending payment is checked with the
    /// gateway first. Null when there is none.
    pub active_draft: Option<ActiveDraft>,
    /// Every draft of this session by the same rule, most recently changed
    /// first (at most five).
    pub active_drafts: Vec<ActiveDraft>,
    /// The signed-in guest's tier, points, member-rate eligibility and first
    /// name (an iam token as `Authorization: Bearer`, or a web sign-in); null
    /// when not signed in or when iam is unavailable.
    pub loyalty: Option<LoyaltyView>,
    /// The selection handed over by a partner site, after a handoff in this session.
    pub handoff_payload: Option<HandoffPayload>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ActiveDraft {
    pub id: String,
    pub state: crate::http::draft::views::StateName,
    /// The screen to show.
    pub step: crate::http::draft::views::StepName,
    /// `/draft/{id}`: GET it for the whole draft (its `links` say what next).
    pub href: String,
    pub updated_at: String,
}

/// The drafts this session started, most recent last, in the session.
const DRAFTS_KEY: &str = "drafts";
/// How many of them the session remembers (and bootstrap reads).
const DRAFTS_KEPT: usize = 5;
/// How long a draft that ended is still the one to show after a cold start.
const ENDED_SHOWN_FOR: jiff::SignedDuration = jiff::SignedDuration::from_hours(1);

/// Remembers that this session started draft `id`, for `GET /bootstrap`. Best
/// effort: the guest has the draft either way (the app, its id).
pub(crate) async fn remember_draft(session: &GuestSession, id: &DraftId) {
    let remembered = async {
        let mut ids = session.get::<Vec<String>>(DRAFTS_KEY).await?.unwrap_or_default();
        ids.retain(|known| *known != id.to_string());
        ids.push(id.to_string());
        if ids.len() > DRAFTS_KEPT {
            ids.remove(0);
        }
        session.insert(DRAFTS_KEY, &ids).await
    };
    if let Err(e) = remembered.await {
        tracing::warn!(error = %e, "the session could not remember a new draft; bootstrap will not list it");
    }
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
    /// The hotel's terms, which the guest accepts with the details (`accept_terms`).
    pub terms_url: Option<String>,
    /// The hotel's privacy notice, accepted with the terms.
    pub privacy_url: Option<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Prefs {
    pub locale: String,
    pub currency: String,
}

/// `GET /bootstrap`: JSON for the app; a browser is sent to the landing page.
#[utoipa::path(get, path = "/bootstrap", tag = "bootstrap", operation_id = "getBootstrap", security((), ("iam" = [])),
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
    let ((handoff_payload, active_drafts), membership) =
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
                terms_url: t.policies.terms_url.clone(),
                privacy_url: t.policies.privacy_url.clone(),
            },
        },
        // The server's view of the guest's prefs wins over what the app kept.
        prefs: Prefs {
            locale: cx.prefs.locale.as_str().into(),
            currency: cx.prefs.currency.unwrap_or(t.default_currency).to_string(),
        },
        active_draft: active_drafts.first().cloned(),
        active_drafts,
        loyalty: membership.view(),
        handoff_payload,
    };
    let mut res = axum::Json(view).into_response();
    res.headers_mut().insert(VARY, VARY_VALUE);
    res.headers_mut().insert(CACHE_CONTROL, axum::http::HeaderValue::from_static("private, no-cache"));
    Ok(res)
}

/// The handoff payload of this session and its drafts to resume (the drafts it
/// started, and the one a handoff started). Session trouble degrades to
/// "none": the tenant part of the bootstrap is still worth serving.
async fn guest_state(state: &AppState, cx: &Cx, session: &GuestSession) -> (Option<HandoffPayload>, Vec<ActiveDraft>) {
    let read = async {
        let arrival = session_arrival(session).await?.filter(|a| a.payload.tenant == cx.tenant.id.as_str());
        let ids = session.get::<Vec<String>>(DRAFTS_KEY).await?.unwrap_or_default();
        let guest = session.guest_key().await?;
        Ok::<_, AppError>((arrival, ids, guest))
    };
    let (arrival, ids, guest) = match read.await {
        Ok(read) => read,
        Err(e) => {
            tracing::warn!(error = %e, "bootstrap: session unavailable; no guest state");
            return (None, Vec::new());
        }
    };
    let mut ids: Vec<DraftId> = ids.iter().filter_map(|id| DraftId::parse(id)).collect();
    if let Some(id) = arrival.as_ref().and_then(|a| a.draft_id()).filter(|id| !ids.contains(id)) {
        ids.push(id);
    }
    let Some(guest) = guest else { return (arrival.map(|a| a.payload), Vec::new()) };
    let actor = Actor { tenant: &cx.tenant.id, guest: &guest };
    // Another tenant's draft, or one gone, is simply not found.
    let loads = ids.iter().map(|id| state.funnel.load_settled(&cx.rc, &actor, id));
    let now = jiff::Timestamp::now();
    let mut drafts: Vec<BookingDraft> = futures::future::join_all(loads)
        .await
        .into_iter()
        .filter_map(Result::ok)
        .filter(|d| d.state != DraftState::Abandoned)
        .filter(|d| !d.state.is_terminal() || now.duration_since(d.updated_at) < ENDED_SHOWN_FOR)
        .collect();
    // In progress first, then the most recently changed.
    drafts.sort_by_key(|d| (d.state.is_terminal(), std::cmp::Reverse(d.updated_at)));
    let active = drafts
        .iter()
        .map(|d| ActiveDraft {
            id: d.id.to_string(),
            state: d.state.into(),
            step: d.step().into(),
            href: format!("/draft/{}", d.id),
            updated_at: d.updated_at.to_string(),
        })
        .collect();
    (arrival.map(|a| a.payload), active)
}
