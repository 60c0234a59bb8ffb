//! Captures MarketingAttribution on any page visit, writing only when it
//! changes (a direct visit writes nothing).
//!
//! Where it is kept depends on whether the browser has a session:
//! - **No session** (no session cookie, or one whose session is gone): in the
//!   signed first-touch cookie ([`crate::domain::first_touch`]), so a landing
//!   from a campaign or another site costs no Redis round trip and leaves no
//!   server-side state. Before, each such landing created a two-hour session,
//!   and anyone could fill Redis with cookie-less GETs.
//! - **A live session**: in the session, as it always was.
//!
//! When a session comes to exist for a reason of its own (a draft, a sign-in,
//! a handoff arrival), the cookie's attribution moves into it after the
//! handler ran, joined with anything the handler recorded there
//! ([`Attribution::then`]), and the cookie is cleared; a request that brings
//! the cookie along with a live session moves it before the handler runs.
//! Either way the session ends up holding what it would have held had the
//! landing created it, which is what a hold reads ([`current`]).

use std::sync::Arc;

use axum::extract::Request;
use axum::http::header::{REFERER, SET_COOKIE};
use axum::http::{HeaderValue, Method};
use axum::response::Response;
use tower_sessions::Session;

use crate::domain::attribution::{Attribution, Touch};
use crate::domain::first_touch;
use crate::domain::tenant::Tenant;
use crate::http::AppState;
use crate::http::context::cookie_value;
use crate::http::edge::Inner;

/// Session key of the attribution blob.
pub const KEY: &str = "a";

/// The first-touch cookie's name: `__Host-` when cookies are `Secure`.
pub fn cookie_name(secure: bool) -> &'static str {
    if secure { "__Host-first-touch" } else { "first-touch" }
}

/// What the response says about the first-touch cookie.
enum CookieChange {
    Keep,
    Set(String),
    Clear,
}

pub async fn capture(state: &AppState, req: Request, next: impl Inner) -> Response {
    let secure = state.cookie_secure();
    let cookie = cookie_value(req.headers(), cookie_name(secure)).map(str::to_owned);
    let touch = if req.method() == Method::GET { touch_of(state, &req) } else { None };
    let (Some(session), Some(tenant)) =
        (req.extensions().get::<Session>().cloned(), req.extensions().get::<Arc<Tenant>>().cloned())
    else {
        return next.run(req).await;
    };
    if touch.is_none() && cookie.is_none() {
        // Nearly every request: nothing to record, nothing to move.
        return next.run(req).await;
    }
    let now = jiff::Timestamp::now().as_second();
    let carried =
        cookie.as_deref().and_then(|v| first_touch::open(&state.first_touch_keys, tenant.id.as_str(), v, now));

    let mut change = CookieChange::Keep;
    // What the cookie will hold if no session takes it.
    let mut pending: Option<Attribution> = None;
    match into_live_session(&session, carried.clone(), touch.clone()).await {
        // A store failure here must not cost the guest their page; the cookie,
        // if any, stays for a later request.
        Err(e) => tracing::warn!(error = %e, "attribution not recorded"),
        Ok(true) => {
            if cookie.is_some() {
                change = CookieChange::Clear;
            }
        }
        Ok(false) => {
            let mut attribution = carried.clone().unwrap_or_default();
            let changed = touch.is_some_and(|t| attribution.record(t));
            if changed {
                let exp = now + state.settings.session_idle_timeout.as_secs() as i64;
                change = match first_touch::seal(&state.first_touch_keys, tenant.id.as_str(), &attribution, exp) {
                    Some(value) => CookieChange::Set(value),
                    None => CookieChange::Keep,
                };
            } else if cookie.is_some() && carried.is_none() {
                // Tampered, expired or another tenant's: worth nothing here.
                change = CookieChange::Clear;
            }
            pending = (!attribution.is_empty()).then_some(attribution);
        }
    }

    let mut res = next.run(req).await;

    if let Some(attribution) = pending {
        // The handler may have started a session (a draft, a sign-in, a
        // handoff arrival); then the attribution moves into it. `is_empty`
        // reads nothing from the store.
        if !session.is_empty().await {
            match move_into(&session, attribution).await {
                Ok(()) => change = CookieChange::Clear,
                Err(e) => tracing::warn!(error = %e, "attribution not moved into the session"),
            }
        }
    }
    let cookie = match change {
        CookieChange::Keep => None,
        CookieChange::Set(value) => Some(set_cookie(state, &value)),
        CookieChange::Clear => Some(clear_cookie(secure)),
    };
    if let Some(v) = cookie.and_then(|c| HeaderValue::from_str(&c).ok()) {
        res.headers_mut().append(SET_COOKIE, v);
    }
    res
}

/// Records `carried` and `touch` in the session if the browser has a live one
/// (`true`); `false`, having written nothing, when it has none. Only a request
/// that names a session reads the store.
async fn into_live_session(
    session: &Session,
    carried: Option<Attribution>,
    touch: Option<Touch>,
) -> Result<bool, tower_sessions::session::Error> {
    if session.id().is_none() {
        return Ok(false);
    }
    let stored: Option<Attribution> = session.get(KEY).await?;
    // Loading a session the store no longer has forgets its id.
    if session.id().is_none() {
        return Ok(false);
    }
    let before = stored.unwrap_or_default();
    let mut attribution = match carried {
        Some(carried) => carried.then(before.clone()),
        None => before.clone(),
    };
    if let Some(touch) = touch {
        attribution.record(touch);
    }
    if attribution != before {
        session.insert(KEY, &attribution).await?;
    }
    Ok(true)
}

/// Joins what the cookie gathered (earlier) with what the session holds.
async fn move_into(session: &Session, carried: Attribution) -> Result<(), tower_sessions::session::Error> {
    let stored: Attribution = session.get(KEY).await?.unwrap_or_default();
    session.insert(KEY, &carried.then(stored)).await
}

fn set_cookie(state: &AppState, value: &str) -> String {
    let secure = state.cookie_secure();
    let max_age = state.settings.session_idle_timeout.as_secs();
    let flag = if secure { "; Secure" } else { "" };
    format!("{}={value}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Lax{flag}", cookie_name(secure))
}

fn clear_cookie(secure: bool) -> String {
    let flag = if secure { "; Secure" } else { "" };
    format!("{}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax{flag}", cookie_name(secure))
}

fn touch_of(state: &AppState, req: &Request) -> Option<Touch> {
    let query = req.uri().query().unwrap_or("");
    let referrer = req.headers().get(REFERER).and_then(|v| v.to_str().ok());
    let signals = crate::domain::attribution::PARAMS.iter().any(|p| query.contains(p));
    if !signals && referrer.is_none() {
        return None;
    }
    let tenant = req.extensions().get::<Arc<Tenant>>()?;
    let mut own: Vec<String> = tenant.hosts.clone();
    own.extend(state.settings.api_hosts.iter().cloned());
    if let Some(origin) = &state.settings.payment_page_origin {
        let host = origin.split("://").nth(1).unwrap_or(origin).split('/').next().unwrap_or("");
        own.push(host.to_owned());
        own.push(host.split(':').next().unwrap_or("").to_owned());
    }
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query).unwrap_or_default();
    let touch = Touch::from_request(
        pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        referrer,
        &own,
        req.uri().path(),
        jiff::Timestamp::now().as_second(),
    );
    (!touch.is_direct()).then_some(touch)
}

/// The session's attribution, if any.
pub async fn current(session: &Session) -> Option<Attribution> {
    session.get::<Attribution>(KEY).await.ok().flatten()
}
