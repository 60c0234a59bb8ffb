//! The cross-BFF handoff arrival (DESIGN §5). `GET /handoff?t=…` renders an
//! interstitial that never consumes anything; `POST /handoff/consume` verifies the
//! token for the host's tenant, consumes it once in the ledger
//! ([`crate::store::ledger`]), starts a prefilled draft, cycles the session id and
//! keeps the selection in the session for `GET /bootstrap`.
//!
//! A link that names a room type and rate plan lands on a quoted draft. A link
//! that names only the stay (or a room and rate no longer on offer for it) lands
//! on the property page with the stay filled in: the guest sees every room and
//! price for their dates and one click starts a quoted draft, where a draft
//! without a room would be a dead step before the same page.
//!
//! A browser without a session claims with a fresh guest key and is handed the
//! claim's nonce in the `handoff-claim` cookie, so that its retry after an answer
//! that settled nothing (a 503) can prove the claim was its own (the protocol is
//! in [`crate::store::ledger`]).

use std::collections::BTreeMap;
use std::sync::Arc;

use askama::Template;
use axum::extract::{RawQuery, State};
use axum::http::header::{CACHE_CONTROL, LOCATION, REFERRER_POLICY, SET_COOKIE, VARY};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use subtle::ConstantTimeEq;
use tower_http::set_header::SetResponseHeaderLayer;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::domain::FieldErrors;
use crate::domain::attribution::{Attribution, Touch};
use crate::domain::draft::{BookingDraft, DraftId};
use crate::domain::guest_key::GuestKey;
use crate::domain::handoff::{self, HandoffClaims, HandoffError, HandoffSelection};
use crate::domain::search::SearchForm;
use crate::funnel::Actor;
use crate::funnel::arrivals::{ArrivalError, Arriver, Link, Outcome, Plan};
use crate::http::AppState;
use crate::http::context::Cx;
use crate::http::draft::views::DraftView;
use crate::http::draft::{funnel_to_app, upstream_message, view_of};
use crate::http::error::AppError;
use crate::http::input::Input;
use crate::http::negotiate::{Repr, VARY_VALUE, respond};
use crate::http::openapi::bodies::Problem;
use crate::http::session::GuestSession;
use crate::http::views::Chrome;
use crate::i18n::{Msg, Tr};
use crate::store::drafts::StoreError;
use crate::store::ledger::{self, HandoffArrival};
use crate::upstream::UpstreamError;

/// Session key of the arrival (payload and draft) that `GET /bootstrap` reads.
const SESSION_KEY: &str = "handoff";
/// `utm_source` recorded for a handoff whose attribution names none.
pub const CONSUMER_SOURCE: &str = "bff-consumer";
/// The claim cookie outlives any link it can serve: a link lives at most 15
/// minutes (`exp − iat`) and is accepted up to 60 s past `exp`.
const CLAIM_COOKIE_MAX_AGE_SECS: u32 = 16 * 60;
/// How many claim nonces the cookie keeps (the newest).
const CLAIM_COOKIE_NONCES: usize = 4;

pub fn router() -> OpenApiRouter<Arc<AppState>> {
    // On every response of these routes, errors included (the error renderer
    // keeps both headers): nothing cached, and the token never leaves in a
    // Referer header.
    OpenApiRouter::new()
        .routes(routes!(interstitial))
        .routes(routes!(consume))
        .layer(SetResponseHeaderLayer::overriding(CACHE_CONTROL, HeaderValue::from_static("no-store")))
        .layer(SetResponseHeaderLayer::overriding(REFERRER_POLICY, HeaderValue::from_static("no-referrer")))
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("x-robots-tag"),
            HeaderValue::from_static("noindex, nofollow"),
        ))
}

// ---------------------------------------------------------------------------
// GET /handoff
// ---------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "pages/handoff.html")]
struct InterstitialPage<'a> {
    t: Tr,
    chrome: &'a Chrome,
    token: &'a str,
}

/// The JSON form of the interstitial: where to post the token.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct InterstitialView {
    /// `/handoff/consume`
    pub consume_url: &'static str,
    /// The form field (or JSON member) that carries the token: `t`.
    pub field: &'static str,
}

/// `GET /handoff?t=…` (and `HEAD`): the interstitial. It never verifies the token
/// beyond its size and shape and never touches the ledger, so link scanners and
/// prefetchers learn nothing and burn nothing.
#[utoipa::path(get, path = "/handoff", tag = "handoff", operation_id = "getHandoff",
    params(("t" = String, Query, description = "The handoff token `v1.{kid}.{payload}.{sig}`")),
    responses((status = 200, description = "A page whose form posts the token to /handoff/consume (auto-submitted by htmx; \
                                             a button without JavaScript). `Cache-Control: no-store`, `Referrer-Policy: no-referrer`.",
                body = InterstitialView),
              (status = 400, description = "Not token-shaped: problem `type` /problems/malformed or /problems/too-large",
                  body = Problem, content_type = "application/problem+json")))]
pub async fn interstitial(
    State(state): State<Arc<AppState>>,
    cx: Cx,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    let token = token_param(query.as_deref());
    sanity_check(&token).map_err(AppError::Handoff)?;
    let chrome = cx.chrome(&state);
    let view = InterstitialView { consume_url: "/handoff/consume", field: "t" };
    let page = || InterstitialPage { t: chrome.t, chrome: &chrome, token: &token }.render();
    Ok(respond(cx.repr, StatusCode::OK, &view, page, page))
}

/// The first `t` of the query string (empty when absent or unreadable).
fn token_param(query: Option<&str>) -> String {
    serde_urlencoded::from_str::<Vec<(String, String)>>(query.unwrap_or(""))
        .ok()
        .and_then(|pairs| pairs.into_iter().find(|(k, _)| k == "t").map(|(_, v)| v))
        .unwrap_or_default()
}

/// Size and shape only: four non-empty dot-separated segments of base64url
/// characters, the first a version. Everything else is for the POST.
fn sanity_check(token: &str) -> Result<(), HandoffError> {
    if token.len() > handoff::MAX_TOKEN_BYTES {
        return Err(HandoffError::TooLarge);
    }
    let segments: Vec<&str> = token.split('.').collect();
    let shaped = segments.len() == 4
        && segments[0].starts_with('v')
        && segments
            .iter()
            .all(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
    if shaped { Ok(()) } else { Err(HandoffError::Malformed) }
}

// ---------------------------------------------------------------------------
// POST /handoff/consume
// ---------------------------------------------------------------------------

/// The token, as the form field `t` or JSON `{"t": …}`.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct ConsumeRequest {
    /// The handoff token `v1.{kid}.{payload}.{sig}`.
    #[serde(default)]
    pub t: String,
}

/// What a verified handoff handed over; `GET /bootstrap` returns it as
/// `handoffPayload` for the rest of the session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct HandoffPayload {
    /// The link's id (`jti`).
    pub jti: String,
    pub tenant: String,
    /// The selection exactly as the partner signed it (the token's field names:
    /// property, checkin, checkout, adults, children, rooms, room_type, rate_plan,
    /// promo, currency, locale).
    #[schema(value_type = Object)]
    pub selection: HandoffSelection,
    /// The partner's marketing attribution; `utm_source` is `bff-consumer` unless
    /// the partner gave one.
    pub attribution: BTreeMap<String, String>,
    /// Unix seconds: when the partner issued the link, and when it was consumed.
    pub issued_at: i64,
    pub consumed_at: i64,
}

impl HandoffPayload {
    fn new(claims: &HandoffClaims, consumed_at: i64) -> Self {
        let mut attribution = claims.attribution.clone();
        attribution.entry("utm_source".into()).or_insert_with(|| CONSUMER_SOURCE.into());
        Self {
            jti: claims.jti.clone(),
            tenant: claims.tenant.clone(),
            selection: claims.selection.clone(),
            attribution,
            issued_at: claims.iat,
            consumed_at,
        }
    }
}

/// The JSON answer to a consume.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ConsumeView {
    /// The draft started for this arrival; null when the link named no room and
    /// rate (or they are no longer on offer): the guest picks one at `next`.
    pub draft_id: Option<String>,
    pub draft: Option<DraftView>,
    pub handoff_payload: HandoffPayload,
    /// Where a browser goes next: the draft, or the property page with the stay.
    pub next: String,
}

/// The arrival as kept in the session (small: the payload and the draft id).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SessionArrival {
    pub payload: HandoffPayload,
    pub draft_id: Option<String>,
}

impl SessionArrival {
    pub fn draft_id(&self) -> Option<DraftId> {
        self.draft_id.as_deref().and_then(DraftId::parse)
    }
}

/// The arrival of this session, if it consumed a handoff. Read leniently: a
/// record this version cannot read is no arrival.
pub async fn session_arrival(session: &GuestSession) -> Result<Option<SessionArrival>, AppError> {
    let raw: Option<serde_json::Value> = session.get(SESSION_KEY).await?;
    Ok(raw.and_then(|v| serde_json::from_value(v).ok()))
}

/// `POST /handoff/consume`: verify → claim → prefilled draft → new session id.
#[utoipa::path(post, path = "/handoff/consume", tag = "handoff", operation_id = "consumeHandoff", request_body = ConsumeRequest,
    responses((status = 201, description = "Consumed; a draft was started (pages: 303 to it; htmx: 204 with HX-Redirect)", body = ConsumeView),
              (status = 200, description = "The same session again (its draft), or a link without room and rate", body = ConsumeView),
              (status = 303, description = "Pages: to the draft, or to the property page with the stay"),
              (status = 400, description = "malformed, unsupported-version, too-large, bad-payload, not-yet-valid, lifetime-too-long",
                  body = Problem, content_type = "application/problem+json"),
              (status = 403, description = "unknown-key, bad-signature",
                  body = Problem, content_type = "application/problem+json"),
              (status = 404, description = "wrong-tenant: a link of another site",
                  body = Problem, content_type = "application/problem+json"),
              (status = 409, description = "already-used: another session consumed this link",
                  body = Problem, content_type = "application/problem+json"),
              (status = 410, description = "expired",
                  body = Problem, content_type = "application/problem+json"),
              (status = 503, description = "The ledger (Redis) is unavailable; nothing was consumed, or only for this browser's \
                                             retry to finish (a browser without a session keeps the claim's nonce in the \
                                             `handoff-claim` cookie)",
                  body = Problem, content_type = "application/problem+json", headers(("Retry-After" = u64, description = "Seconds to wait"))),
              (status = 504, response = crate::http::openapi::problems::GatewayTimeout)))]
pub async fn consume(
    State(state): State<Arc<AppState>>,
    cx: Cx,
    session: GuestSession,
    headers: HeaderMap,
    Input(req): Input<ConsumeRequest>,
) -> Result<Response, AppError> {
    let secure = state.cookie_secure();
    let mut nonces = ClaimNonces::from_headers(&headers, secure);
    let result = arrive(&state, &cx, &session, &req.t, &mut nonces).await;
    let outcome = match &result {
        Ok(arrived) => arrived.outcome.as_str(),
        Err(e) => failure_outcome(e),
    };
    metrics::counter!("handoff_outcomes_total", "outcome" => outcome).increment(1);
    tracing::info!(outcome, tenant = %cx.tenant.id, "handoff arrival");
    let mut res = match result {
        Ok(arrived) => {
            // The partner's language and currency become the guest's here too.
            let sel = &arrived.payload.selection;
            let prefs =
                crate::http::prefs::Remember::from_link(&cx.tenant, sel.locale.as_deref(), sel.currency.as_deref());
            let mut res = respond_arrived(&state, &cx, arrived).await;
            for cookie in prefs.cookies(secure) {
                res.headers_mut().append(SET_COOKIE, cookie);
            }
            res
        }
        // Errors too: a 503 is where the nonce matters most.
        Err(e) => e.into_response(),
    };
    if let Some(cookie) = nonces.cookie(secure) {
        res.headers_mut().append(SET_COOKIE, cookie);
    }
    Ok(res)
}

/// A consume that went through: this request's part in it and what to show.
struct Arrived {
    outcome: Outcome,
    guest: GuestKey,
    record: HandoffArrival,
    payload: HandoffPayload,
    /// The draft, when this request started it.
    draft: Option<BookingDraft>,
    quote_error: Option<UpstreamError>,
}

/// Verify → plan → the arrival protocol (`funnel::arrivals`) → the session.
async fn arrive(
    state: &AppState,
    cx: &Cx,
    session: &GuestSession,
    token: &str,
    nonces: &mut ClaimNonces,
) -> Result<Arrived, AppError> {
    let now = Timestamp::now();
    let tenant = cx.tenant.id.as_str();
    let claims =
        handoff::verify(token, &state.handoff_keys, tenant, now.as_second()).map_err(AppError::Handoff)?.claims;
    // What the link asks for must be bookable here before it is consumed.
    let (plan, prefs) = plan(cx, &claims.selection, now)?;
    let display_rate = match plan.room {
        Some(_) => {
            crate::http::draft::display_rate(state, cx, plan.property.currency, prefs.currency.or(cx.prefs.currency))
                .await
        }
        None => None,
    };
    let plan = Plan { display_rate, ..plan };

    // A browser without a session gets one only if it wins: 49 losers of a race
    // (or a bot replaying a used link) leave nothing behind.
    let (guest, stored) = session.key_or_fresh().await?;
    let link = Link { tenant: &cx.tenant.id, jti: &claims.jti, exp: claims.exp };
    // The draft's room and rate names in the language the link sets, which
    // this guest's pages are in from here on.
    let rc = cx.rc.clone().in_language(prefs.locale.or(cx.rc.language()));
    let attempt =
        state.arrivals.arrive(&rc, &link, Arriver { guest, stored }, &plan, now, |record| nonces.prove(record)).await;
    if let Some(nonce) = attempt.keep_nonce {
        nonces.add(nonce);
    }
    let arrival = attempt.result.map_err(|e| match e {
        ArrivalError::AlreadyUsed => already_used(),
        ArrivalError::Ledger(e) => ledger_down(e),
        ArrivalError::Funnel(e) => funnel_to_app(e),
    })?;

    let payload = HandoffPayload::new(&claims, arrival.record.consumed_at);
    // Only the request that prepared the arrival writes the session. A replay
    // writes nothing: it may be a double submit racing the first request, whose
    // id cycle has already deleted the session this one loaded; saving that
    // would write nothing (SET XX) yet hand the browser back the dead id. A
    // browser without a session that proved an arrival its own has no session to
    // race, and needs one to reach its draft.
    if arrival.outcome != Outcome::Replayed || !stored {
        if !stored {
            session.adopt(arrival.guest.clone()).await?;
        }
        // A new privilege level for this browser: a new session id (the guest
        // key, and so every draft of this guest, survives).
        session.cycle().await?;
        let kept = SessionArrival { payload: payload.clone(), draft_id: arrival.record.draft_id.clone() };
        session.insert(SESSION_KEY, &kept).await?;
        record_touch(session, &payload.attribution, now).await?;
    }
    Ok(Arrived {
        outcome: arrival.outcome,
        guest: arrival.guest,
        record: arrival.record,
        payload,
        draft: arrival.draft,
        quote_error: arrival.quote_error,
    })
}

/// The stay and party a link asks for, checked against this site before the
/// link is consumed, and the language and currency it carries.
fn plan<'a>(
    cx: &'a Cx,
    selection: &'a HandoffSelection,
    now: Timestamp,
) -> Result<(Plan<'a>, crate::http::prefs::Remember), AppError> {
    let refuse = |detail: Msg| AppError::Handoff(HandoffError::BadPayload(detail));
    let property =
        cx.tenant.property(&selection.property).ok_or_else(|| refuse(Msg::new("handoff-payload-hotel-elsewhere")))?;
    let mut form = SearchForm {
        checkin: selection.checkin.clone(),
        checkout: selection.checkout.clone(),
        adults: selection.adults.to_string(),
        children: selection.children.iter().map(u8::to_string).collect::<Vec<_>>().join(","),
        rooms: selection.rooms.to_string(),
        promo: selection.promo.clone().unwrap_or_default(),
        parties: selection
            .parties
            .iter()
            .flatten()
            .map(|p| crate::domain::search::PartyForm {
                adults: p.adults.to_string(),
                children: p.children.iter().map(u8::to_string).collect::<Vec<_>>().join(","),
            })
            .collect(),
    };
    let today = property.today(now);
    // The first field's message, in the guest's language where it is shown.
    let first = |errors: FieldErrors| {
        refuse(errors.iter().next().map(|(_, m)| m.clone()).unwrap_or_else(|| Msg::new("handoff-payload-format")))
    };
    let criteria = match form.parse(today) {
        Ok(criteria) => criteria,
        // A promo code this site cannot take is dropped rather than turning the
        // guest away; the price they see is without it.
        Err(errors) if errors.len() == 1 && errors.get("promo").is_some() => {
            form.promo.clear();
            form.parse(today).map_err(first)?
        }
        Err(errors) => return Err(first(errors)),
    };
    let room = selection.room_type.as_deref().zip(selection.rate_plan.as_deref());
    let prefs =
        crate::http::prefs::Remember::from_link(&cx.tenant, selection.locale.as_deref(), selection.currency.as_deref());
    Ok((Plan { property, criteria, room, display_rate: None }, prefs))
}

/// The nonces of a browser's recent claims, carried in the claim cookie between
/// attempts (see [`crate::store::ledger`]). Only server-minted nonces are ever
/// added; the cookie's own are only compared with records.
struct ClaimNonces {
    /// Oldest first, at most [`CLAIM_COOKIE_NONCES`].
    nonces: Vec<String>,
    /// Whether this request added one (the cookie is sent back only then).
    changed: bool,
}

fn claim_cookie_name(secure: bool) -> &'static str {
    if secure { "__Host-handoff-claim" } else { "handoff-claim" }
}

fn nonce_shaped(value: &str) -> bool {
    value.len() == 32 && value.bytes().all(|b| b.is_ascii_hexdigit())
}

impl ClaimNonces {
    fn from_headers(headers: &HeaderMap, secure: bool) -> Self {
        let mut nonces: Vec<String> = crate::http::context::cookie_value(headers, claim_cookie_name(secure))
            .map(|v| v.split('.').filter(|n| nonce_shaped(n)).map(str::to_owned).collect())
            .unwrap_or_default();
        let excess = nonces.len().saturating_sub(CLAIM_COOKIE_NONCES);
        nonces.drain(..excess);
        Self { nonces, changed: false }
    }

    fn add(&mut self, nonce: String) {
        self.nonces.push(nonce);
        let excess = self.nonces.len().saturating_sub(CLAIM_COOKIE_NONCES);
        self.nonces.drain(..excess);
        self.changed = true;
    }

    /// Whether one of these nonces is the one `record` was claimed with.
    fn prove(&self, record: &HandoffArrival) -> bool {
        let Some(claimant) = record.claimant.as_deref() else { return false };
        self.nonces.iter().any(|n| bool::from(ledger::claimant(n).as_bytes().ct_eq(claimant.as_bytes())))
    }

    /// Host-only (no `Domain`), `Path=/`, `HttpOnly`, `SameSite=Lax`, and
    /// `Secure` with the `__Host-` prefix when cookies are secure.
    fn cookie(&self, secure: bool) -> Option<HeaderValue> {
        if !self.changed {
            return None;
        }
        let flag = if secure { "; Secure" } else { "" };
        HeaderValue::from_str(&format!(
            "{}={}; Path=/; Max-Age={CLAIM_COOKIE_MAX_AGE_SECS}; HttpOnly; SameSite=Lax{flag}",
            claim_cookie_name(secure),
            self.nonces.join(".")
        ))
        .ok()
    }
}

fn already_used() -> AppError {
    AppError::Conflict {
        code: "already-used",
        title: Msg::new("handoff-already-used-title"),
        detail: Msg::new("handoff-already-used-detail"),
    }
}

fn ledger_down(e: StoreError) -> AppError {
    AppError::Unavailable(format!("handoff ledger: {}", crate::telemetry::chain(&e)))
}

/// The `outcome` label of a refused consume.
fn failure_outcome(e: &AppError) -> &'static str {
    match e {
        AppError::Handoff(e) => e.code(),
        AppError::Conflict { code, .. } => code,
        AppError::Unavailable(_) => "unavailable",
        AppError::Upstream(_) => "upstream-error",
        _ => "error",
    }
}

/// Pages: 303 to the destination. htmx: 204 with `HX-Redirect` (a full
/// navigation, not a swap). JSON: 201 when this request started the draft, else
/// 200, with the draft and the payload.
async fn respond_arrived(state: &AppState, cx: &Cx, arrived: Arrived) -> Response {
    let next = arrived.record.destination.clone().unwrap_or_else(|| "/".into());
    match cx.repr {
        Repr::Page => (StatusCode::SEE_OTHER, [(LOCATION, next)]).into_response(),
        Repr::Fragment => {
            let mut res = StatusCode::NO_CONTENT.into_response();
            if let Ok(v) = HeaderValue::from_str(&next) {
                res.headers_mut().insert("hx-redirect", v);
            }
            res
        }
        Repr::Json => {
            let created = arrived.draft.is_some();
            let draft = match (arrived.draft, arrived.record.draft_id.as_deref().and_then(DraftId::parse)) {
                (Some(draft), _) => Some(draft),
                (None, Some(id)) => {
                    let actor = Actor { tenant: &cx.tenant.id, guest: &arrived.guest };
                    state.funnel.load(&cx.rc, &actor, &id).await.ok()
                }
                (None, None) => None,
            };
            let view = draft.as_ref().map(|d| {
                let mut view = view_of(cx, d);
                view.notice = arrived.quote_error.as_ref().map(|e| upstream_message(cx, e));
                view
            });
            let body = ConsumeView {
                draft_id: arrived.record.draft_id.clone(),
                draft: view,
                handoff_payload: arrived.payload,
                next: next.clone(),
            };
            let status = if created { StatusCode::CREATED } else { StatusCode::OK };
            let mut res = (status, axum::Json(body)).into_response();
            res.headers_mut().insert(VARY, VARY_VALUE);
            if let (true, Ok(location)) = (created, HeaderValue::from_str(&next)) {
                res.headers_mut().insert(LOCATION, location);
            }
            res
        }
    }
}

/// Records the handoff as a marketing touch (the partner is the source) in the
/// session's MarketingAttribution, the same record every landing updates.
async fn record_touch(
    session: &GuestSession,
    params: &BTreeMap<String, String>,
    now: Timestamp,
) -> Result<(), AppError> {
    let touch = Touch::from_request(
        params.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        None,
        &[],
        "/handoff",
        now.as_second(),
    );
    let mut attribution: Attribution = session.get(crate::http::attribution::KEY).await?.unwrap_or_default();
    if attribution.record(touch) {
        session.insert(crate::http::attribution::KEY, &attribution).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_interstitial_accepts_only_token_shaped_input() {
        assert_eq!(sanity_check("v1.demo.eyJh.c2ln"), Ok(()));
        assert_eq!(sanity_check("v2.k.p.s"), Ok(()), "versions are judged by the POST");
        for bad in ["", "v1.demo.payload", "v1..p.s", "x1.k.p.s", "v1.k.p.s.extra", "v1.k.p+/.s", "v1.k.p.s="] {
            assert_eq!(sanity_check(bad), Err(HandoffError::Malformed), "{bad:?}");
        }
        assert_eq!(sanity_check(&"v".repeat(handoff::MAX_TOKEN_BYTES + 1)), Err(HandoffError::TooLarge));
    }

    #[test]
    fn the_token_is_read_from_the_first_t_parameter() {
        assert_eq!(token_param(Some("t=v1.a.b.c&t=x")), "v1.a.b.c");
        assert_eq!(token_param(Some("x=1")), "");
        assert_eq!(token_param(None), "");
    }

    fn nonces_from(cookie: &str, secure: bool) -> ClaimNonces {
        let mut headers = HeaderMap::new();
        headers.insert(axum::http::header::COOKIE, HeaderValue::from_str(cookie).unwrap());
        ClaimNonces::from_headers(&headers, secure)
    }

    #[test]
    fn the_claim_cookie_keeps_the_newest_well_formed_nonces() {
        let n: Vec<String> = (0..6).map(|_| ledger::new_nonce()).collect();
        let cookie = format!("sid=x; handoff-claim={}.not-a-nonce.{}.{}", n[0], n[1], n[2]);
        let mut nonces = nonces_from(&cookie, false);
        assert_eq!(nonces.nonces, [n[0].clone(), n[1].clone(), n[2].clone()]);
        assert!(nonces.cookie(false).is_none(), "sent back only when this request added one");
        nonces.add(n[3].clone());
        nonces.add(n[4].clone());
        assert_eq!(nonces.nonces, [n[1].clone(), n[2].clone(), n[3].clone(), n[4].clone()], "the newest four");
        let set = nonces.cookie(false).unwrap();
        assert_eq!(
            set.to_str().unwrap(),
            format!("handoff-claim={}.{}.{}.{}; Path=/; Max-Age=960; HttpOnly; SameSite=Lax", n[1], n[2], n[3], n[4])
        );

        // Secure: the __Host- name, and only that name is read.
        assert!(nonces_from(&format!("handoff-claim={}", n[5]), true).nonces.is_empty());
        let mut secure = nonces_from(&format!("__Host-handoff-claim={}", n[5]), true);
        assert_eq!(secure.nonces, [n[5].clone()]);
        secure.add(n[0].clone());
        let set = secure.cookie(true).unwrap();
        let set = set.to_str().unwrap();
        assert!(set.starts_with("__Host-handoff-claim=") && set.ends_with("; HttpOnly; SameSite=Lax; Secure"), "{set}");
        assert!(!set.contains("Domain"), "{set}");
    }

    #[test]
    fn only_the_nonce_a_record_was_claimed_with_proves_it() {
        let (mine, other) = (ledger::new_nonce(), ledger::new_nonce());
        let record = HandoffArrival::claim("aurora", "j", "g", 1, &ledger::claimant(&mine));
        assert!(nonces_from(&format!("handoff-claim={other}.{mine}"), false).prove(&record));
        assert!(!nonces_from(&format!("handoff-claim={other}"), false).prove(&record));
        // Presenting the stored hash itself proves nothing.
        let hash = ledger::claimant(&mine);
        assert!(!nonces_from(&format!("handoff-claim={hash}"), false).prove(&record));
        let legacy = HandoffArrival { claimant: None, ..record };
        assert!(!nonces_from(&format!("handoff-claim={mine}"), false).prove(&legacy));
    }

    #[test]
    fn the_consumer_is_the_default_source() {
        let claims: HandoffClaims = serde_json::from_value(serde_json::json!({
            "jti": "jti-0123456789abcdef", "tenant": "aurora", "iat": 1, "exp": 2,
            "property": "p", "checkin": "2026-01-01", "checkout": "2026-01-02", "adults": 2, "rooms": 1,
            "attribution": {"gclid": "g"}
        }))
        .unwrap();
        let payload = HandoffPayload::new(&claims, 3);
        assert_eq!(payload.attribution["utm_source"], CONSUMER_SOURCE);
        assert_eq!(payload.attribution["gclid"], "g");
        let mut given = claims.clone();
        given.attribution.insert("utm_source".into(), "partner".into());
        assert_eq!(HandoffPayload::new(&given, 3).attribution["utm_source"], "partner");
    }
}
