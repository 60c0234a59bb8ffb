//! The guest's membership at the HTTP edge: which iam token a request carries
//! (the app's `Authorization: Bearer`, or the web session's, from sign-in) and
//! the loyalty view the pages, the banner and the JSON show.

use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use serde::{Deserialize, Serialize};

use crate::domain::loyalty::{GuestToken, LoyaltyContext, RateAccess, Tier};
use crate::http::AppState;
use crate::http::session::GuestSession;
use crate::i18n::{Msg, Tr};
use crate::upstream::RequestContext;

/// Session key of the web sign-in.
pub const SESSION_KEY: &str = "iam";

/// A host-only cookie set beside a web sign-in (it holds no secret: `1`). Only a
/// request that has it reads the session for a token, so the pages of a guest who
/// never signed in (a search, a property) still cost no Redis round trip and keep
/// working while Redis is down.
pub const MARKER_COOKIE: &str = "member";

/// `Set-Cookie` for the marker: `signed_in` sets it for the browser session,
/// otherwise it is removed.
pub fn marker_cookie(signed_in: bool, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    if signed_in {
        format!("{MARKER_COOKIE}=1; Path=/; HttpOnly; SameSite=Lax{secure}")
    } else {
        format!("{MARKER_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax{secure}")
    }
}

/// What the session keeps after a sign-in: the iam token and when it expires.
#[derive(Clone, Serialize, Deserialize)]
pub struct StoredSignIn {
    pub token: String,
    /// Unix seconds.
    pub expires_at: i64,
}

/// The request's iam token, if any: the `Authorization: Bearer` header (the
/// app) wins over the session's (the web, read only with the sign-in marker
/// cookie). Reading it costs no upstream call.
pub struct GuestAuth {
    token: Option<GuestToken>,
}

impl GuestAuth {
    pub fn token(&self) -> Option<&GuestToken> {
        self.token.as_ref()
    }

    /// Asks iam (through the cache, on its budget) who the guest is. Never fails:
    /// trouble is "no loyalty".
    pub async fn membership(&self, state: &AppState, rc: &RequestContext) -> Membership {
        let context = state.loyalty.context(rc, self.token.as_ref()).await;
        Membership { signed_in: self.token.is_some(), context }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for GuestAuth
where
    Arc<AppState>: axum::extract::FromRef<S>,
{
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        if let Some(header) = parts.headers.get(AUTHORIZATION) {
            // A malformed header is no sign-in, not an error: the page still renders.
            let token = header.to_str().ok().and_then(GuestToken::from_authorization);
            return Ok(Self { token });
        }
        if crate::http::context::cookie_value(&parts.headers, MARKER_COOKIE) != Some("1") {
            return Ok(Self { token: None });
        }
        let token = match GuestSession::from_request_parts(parts, state).await {
            Ok(session) => session_token(&session).await,
            Err(_) => None,
        };
        Ok(Self { token })
    }
}

/// The web sign-in's token, while the guest session and the token are valid.
async fn session_token(session: &GuestSession) -> Option<GuestToken> {
    let stored = match stored_sign_in(session).await {
        Ok(stored) => stored?,
        Err(e) => {
            tracing::warn!(error = %e, "session unavailable; treating the guest as signed out");
            return None;
        }
    };
    if stored.expires_at <= jiff::Timestamp::now().as_second() {
        return None;
    }
    GuestToken::parse(&stored.token)
}

async fn stored_sign_in(session: &GuestSession) -> Result<Option<StoredSignIn>, crate::http::error::AppError> {
    if session.current().await?.is_none() {
        return Ok(None);
    }
    session.get::<StoredSignIn>(SESSION_KEY).await
}

/// Who the guest is to the loyalty programme, for one request.
#[derive(Debug, Clone, Default)]
pub struct Membership {
    /// A token came with the request (whether or not iam could say whose).
    pub signed_in: bool,
    pub context: Option<LoyaltyContext>,
}

impl Membership {
    /// A page for a signed-in guest (their name, their prices) is theirs alone:
    /// no shared cache may keep it.
    pub fn mark_private(&self, res: &mut axum::response::Response) {
        if self.signed_in {
            res.headers_mut()
                .insert(axum::http::header::CACHE_CONTROL, axum::http::HeaderValue::from_static("private, no-store"));
        }
    }

    pub fn access(&self) -> RateAccess {
        RateAccess::of(self.context.as_ref())
    }

    pub fn view(&self) -> Option<LoyaltyView> {
        self.context.as_ref().map(LoyaltyView::from)
    }
}

/// The loyalty part of pages and JSON views; `null` when the guest is not
/// signed in or iam could not say in time.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LoyaltyView {
    /// silver, gold or platinum
    pub tier: String,
    pub points: u64,
    /// Member rates apply: prices shown and quoted are member prices where a rate has one.
    pub member_rates: bool,
    pub first_name: String,
    /// The catalog key of the tier's name: `account-tier-gold`.
    #[serde(skip)]
    pub tier_key: &'static str,
}

impl LoyaltyView {
    /// `12,400 points`, `12 400 points`, `12.400 Punkte`…
    pub fn points_text(&self, t: &Tr) -> String {
        let count = i64::try_from(self.points).unwrap_or(i64::MAX);
        t.msg(&Msg::new("account-points").int("count", count).text("points", t.number(self.points)))
    }
}

impl From<&LoyaltyContext> for LoyaltyView {
    fn from(c: &LoyaltyContext) -> Self {
        Self {
            tier: c.tier().as_str().into(),
            points: c.points(),
            member_rates: c.member_rates(),
            first_name: c.first_name().into(),
            tier_key: match c.tier() {
                Tier::Silver => "account-tier-silver",
                Tier::Gold => "account-tier-gold",
                Tier::Platinum => "account-tier-platinum",
            },
        }
    }
}
