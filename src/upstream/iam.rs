//! iam upstream: guest sign-in (a bearer token for e-mail and password) and the
//! signed-in guest's loyalty profile.

use std::time::Duration;

use async_trait::async_trait;

use super::contract::{IamGuestDto, IamSessionDto, IamSignInDto};
use super::{HttpUpstream, RequestContext, UpstreamError};
use crate::domain::loyalty::GuestToken;

#[async_trait]
pub trait IamApi: Send + Sync {
    /// Signs a guest in. Wrong credentials come back as
    /// [`UpstreamError::Rejected`] with status 401, code `invalid-credentials`.
    async fn sign_in(&self, ctx: &RequestContext, email: &str, password: &str) -> Result<IamSessionDto, UpstreamError>;
    /// The profile behind a token. An unknown or expired token is
    /// [`UpstreamError::Rejected`] with status 401, code `invalid-token`.
    async fn me(&self, ctx: &RequestContext, token: &GuestToken) -> Result<IamGuestDto, UpstreamError>;
}

/// The iam client. Profile reads run on their own short timeout (they sit on
/// the path of every page a signed-in guest sees); sign-in, a deliberate action,
/// gets the normal upstream timeout. Both share one circuit breaker.
pub struct HttpIam {
    sessions: HttpUpstream,
    profiles: HttpUpstream,
}

impl HttpIam {
    pub fn new(upstream: HttpUpstream, profile_timeout: Duration) -> Self {
        Self { profiles: upstream.with_timeout(profile_timeout), sessions: upstream }
    }
}

#[async_trait]
impl IamApi for HttpIam {
    async fn sign_in(&self, ctx: &RequestContext, email: &str, password: &str) -> Result<IamSessionDto, UpstreamError> {
        let body = IamSignInDto { email: email.to_owned(), password: password.to_owned() };
        // Creating a session twice is harmless (two tokens), so no idempotency key.
        self.sessions.post_json(ctx, "/v1/iam/sessions", &body, None).await
    }

    async fn me(&self, ctx: &RequestContext, token: &GuestToken) -> Result<IamGuestDto, UpstreamError> {
        self.profiles.get_json_bearer(ctx, "/v1/iam/guests/me", token.expose()).await
    }
}
