//! Captures MarketingAttribution on any page visit into the session blob,
//! writing only when it changes (a direct visit writes nothing, so a first visit
//! without campaign parameters costs no Redis round trip).

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::Method;
use axum::http::header::REFERER;
use axum::middleware::Next;
use axum::response::Response;
use tower_sessions::Session;

use crate::domain::attribution::{Attribution, Touch};
use crate::domain::tenant::Tenant;
use crate::http::AppState;

/// Session key of the attribution blob.
pub const KEY: &str = "a";

pub async fn capture(State(state): State<Arc<AppState>>, req: Request, next: Next) -> Response {
    if req.method() == Method::GET {
        if let Some(touch) = touch_of(&state, &req) {
            if let Some(session) = req.extensions().get::<Session>().cloned() {
                // A store failure here must not cost the guest their page.
                if let Err(e) = record(&session, touch).await {
                    tracing::warn!(error = %e, "attribution not recorded");
                }
            }
        }
    }
    next.run(req).await
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

async fn record(session: &Session, touch: Touch) -> Result<(), tower_sessions::session::Error> {
    let mut attribution: Attribution = session.get(KEY).await?.unwrap_or_default();
    if attribution.record(touch) {
        session.insert(KEY, &attribution).await?;
    }
    Ok(())
}

/// The session's attribution, if any.
pub async fn current(session: &Session) -> Option<Attribution> {
    session.get::<Attribution>(KEY).await.ok().flatten()
}
