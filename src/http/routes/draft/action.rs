//! What every draft route starts with, as extractors: the draft id from the path
//! (not an id: 404), the session's guest (none: 404, a browser with no session
//! owns no draft) and the host's tenant; for a mutation also the version it was
//! based on (`If-Match`, or the form's `version` field) and its body.

use std::sync::Arc;

use axum::extract::{FromRequest, FromRequestParts, Path, Request};
use axum::http::HeaderMap;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use super::{Versioned, parse_id};
use crate::domain::draft::DraftId;
use crate::domain::guest_key::GuestKey;
use crate::domain::tenant::Tenant;
use crate::funnel::Actor;
use crate::http::error::AppError;
use crate::http::input::{Input, if_match_version};
use crate::http::negotiate::Repr;
use crate::http::session::GuestSession;
use crate::i18n::Msg;

/// The draft a route acts on and who acts.
pub struct DraftAction {
    pub id: DraftId,
    guest: GuestKey,
    tenant: Arc<Tenant>,
}

impl DraftAction {
    pub fn actor(&self) -> Actor<'_> {
        Actor { tenant: &self.tenant.id, guest: &self.guest }
    }
}

/// A draft mutation: the [`DraftAction`], the version the client based it on,
/// and the body's fields.
pub struct DraftMutation<T> {
    pub action: DraftAction,
    pub expected: u64,
    pub body: T,
}

/// The parts a draft route reads before its body, in the order the checks run.
struct Preamble {
    raw_id: String,
    session: GuestSession,
    tenant: Arc<Tenant>,
}

impl Preamble {
    async fn extract<S: Send + Sync>(parts: &mut Parts, state: &S) -> Result<Self, AppError>
    where
        Arc<crate::http::AppState>: axum::extract::FromRef<S>,
    {
        let tenant = parts
            .extensions
            .get::<Arc<Tenant>>()
            .cloned()
            .ok_or_else(|| AppError::Internal("tenant-scoped route without tenant resolution".into()))?;
        let session = GuestSession::from_request_parts(parts, state).await?;
        let Path(raw_id) = Path::<String>::from_request_parts(parts, state).await.map_err(|_| AppError::NotFound)?;
        Ok(Self { raw_id, session, tenant })
    }

    async fn action(self) -> Result<DraftAction, AppError> {
        let id = parse_id(&self.raw_id)?;
        let guest = self.session.guest_key().await?.ok_or(AppError::NotFound)?;
        Ok(DraftAction { id, guest, tenant: self.tenant })
    }
}

impl<S: Send + Sync> FromRequestParts<S> for DraftAction
where
    Arc<crate::http::AppState>: axum::extract::FromRef<S>,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Preamble::extract(parts, state).await?.action().await
    }
}

impl<S: Send + Sync, T: DeserializeOwned + Default + Send> FromRequest<S> for DraftMutation<T>
where
    Arc<crate::http::AppState>: axum::extract::FromRef<S>,
{
    type Rejection = AppError;

    /// The body is read first, as when each handler extracted it itself: a body
    /// that cannot be read is refused before the id and the guest are looked at.
    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = req.into_parts();
        let preamble = Preamble::extract(&mut parts, state).await?;
        let headers = parts.headers.clone();
        let Input(input) = Input::<Versioned<T>>::from_request(Request::from_parts(parts, body), state).await?;
        let repr = Repr::from_headers(&headers);
        let action = preamble.action().await?;
        let expected = expected_version(repr, &headers, input.version.as_deref())?;
        Ok(Self { action, expected, body: input.body })
    }
}

/// The version a mutation was based on: `If-Match` or the form's `version`.
fn expected_version(repr: Repr, headers: &HeaderMap, form: Option<&str>) -> Result<u64, AppError> {
    if let Some(v) = if_match_version(headers) {
        return Ok(v);
    }
    match form.map(|v| v.trim().parse::<u64>()) {
        Some(Ok(v)) => Ok(v),
        _ if repr == Repr::Json => Err(AppError::PreconditionRequired),
        _ => Err(AppError::bad_request(Msg::new("error-stale-form-title"), Msg::new("error-stale-form-detail"))),
    }
}
