//! The guest's session: a random guest key that owns drafts, confirmations and
//! handoff arrivals, and survives session-id cycling. The blob stays small and
//! is written only when something changes (and at most once a minute for the
//! idle-timeout touch). Idle and absolute timeouts are enforced here, because
//! tower-sessions has no absolute timeout of its own.

use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use serde::{Deserialize, Serialize};
use tower_sessions::Session;

use crate::domain::guest_key::GuestKey;
use crate::http::AppState;
use crate::http::error::AppError;

const KEY: &str = "g";
/// Touch the idle clock at most this often (seconds).
const TOUCH_EVERY: i64 = 60;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GuestData {
    /// The guest key: 128 random bits, hex.
    pub key: String,
    /// Unix seconds when the session was created (absolute timeout).
    pub created: i64,
    /// Unix seconds of the last recorded activity (idle timeout).
    pub seen: i64,
}

/// The request's session with its guest data, loaded lazily.
pub struct GuestSession {
    pub session: Session,
    idle_secs: i64,
    absolute_secs: i64,
}

impl<S: Send + Sync> FromRequestParts<S> for GuestSession
where
    Arc<AppState>: axum::extract::FromRef<S>,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let app: Arc<AppState> = axum::extract::FromRef::from_ref(state);
        let session = parts
            .extensions
            .get::<Session>()
            .cloned()
            .ok_or_else(|| AppError::Internal("session layer missing".into()))?;
        Ok(Self {
            session,
            idle_secs: app.settings.session_idle_timeout.as_secs() as i64,
            absolute_secs: app.settings.session_absolute_timeout.as_secs() as i64,
        })
    }
}

fn now() -> i64 {
    jiff::Timestamp::now().as_second()
}

/// Whether this request is the first of this instance to touch the guest's idle
/// clock in the last minute. Concurrent requests of one guest all read the old
/// clock; without this each of them wrote the session back (a benchmark saw 9
/// writes from 32 concurrent page loads of one session).
async fn first_touch(guest_key: &str) -> bool {
    static TOUCHED: std::sync::LazyLock<moka::future::Cache<String, ()>> = std::sync::LazyLock::new(|| {
        moka::future::Cache::builder()
            .max_capacity(100_000)
            .time_to_live(std::time::Duration::from_secs(TOUCH_EVERY as u64))
            .build()
    });
    TOUCHED.entry_by_ref(guest_key).or_insert(()).await.is_fresh()
}

impl GuestSession {
    /// The guest, if this browser already is one and the session is still valid.
    /// Never creates a session (a read-only page writes nothing).
    pub async fn current(&self) -> Result<Option<GuestData>, AppError> {
        let Some(mut data) = self.session.get::<GuestData>(KEY).await? else { return Ok(None) };
        let t = now();
        if t - data.created > self.absolute_secs || t - data.seen > self.idle_secs {
            // Expired: forget it entirely (the cookie is removed too).
            self.session.flush().await?;
            return Ok(None);
        }
        if t - data.seen >= TOUCH_EVERY && first_touch(&data.key).await {
            data.seen = t;
            self.session.insert(KEY, &data).await?;
        }
        Ok(Some(data))
    }

    /// The guest, creating one when this browser has none yet.
    pub async fn ensure(&self) -> Result<GuestData, AppError> {
        if let Some(data) = self.current().await? {
            return Ok(data);
        }
        let t = now();
        let data = GuestData { key: hex::encode(rand::random::<[u8; 16]>()), created: t, seen: t };
        self.session.insert(KEY, &data).await?;
        Ok(data)
    }

    /// This browser's guest key, or a fresh one that is not stored yet (`false`):
    /// a caller that turns out not to need it (a refused handoff) writes no session.
    /// Store a fresh key with [`GuestSession::adopt`].
    pub async fn key_or_fresh(&self) -> Result<(GuestKey, bool), AppError> {
        Ok(match self.current().await? {
            Some(data) => (GuestKey::new(data.key), true),
            None => (GuestKey::random(), false),
        })
    }

    /// Makes `key` (from [`GuestSession::key_or_fresh`]) this browser's guest.
    pub async fn adopt(&self, key: GuestKey) -> Result<(), AppError> {
        let t = now();
        self.session.insert(KEY, &GuestData { key: key.as_str().to_owned(), created: t, seen: t }).await?;
        Ok(())
    }

    /// The guest key, if any: what owns drafts and confirmations.
    pub async fn guest_key(&self) -> Result<Option<GuestKey>, AppError> {
        Ok(self.current().await?.map(|d| GuestKey::new(d.key)))
    }

    /// A new session id for the same guest (after a handoff or a sign-in).
    pub async fn cycle(&self) -> Result<(), AppError> {
        self.session.cycle_id().await?;
        Ok(())
    }

    /// Reads a value stored beside the guest data.
    pub async fn get<T: serde::de::DeserializeOwned>(&self, key: &str) -> Result<Option<T>, AppError> {
        Ok(self.session.get(key).await?)
    }

    pub async fn insert<T: Serialize>(&self, key: &str, value: &T) -> Result<(), AppError> {
        Ok(self.session.insert(key, value).await?)
    }

    /// Removes a value stored beside the guest data.
    pub async fn remove(&self, key: &str) -> Result<(), AppError> {
        self.session.remove_value(key).await?;
        Ok(())
    }
}

/// Sits directly outside the session layer: when the session could not be saved
/// after the handler answered (Redis stalled), tower-sessions replaces the
/// answer with an empty `500`. What the guest did may have happened (a draft was
/// created, a payment settled), so this is the documented `503` with
/// `Retry-After`: try again, nothing is lost. Panics are caught further out and
/// never reach here as an empty `500`.
pub async fn unsaved_is_unavailable(
    req: axum::extract::Request,
    next: impl crate::http::edge::Inner,
) -> axum::response::Response {
    use axum::body::HttpBody;
    use axum::response::IntoResponse;
    let res = next.run(req).await;
    let bare = res.status() == axum::http::StatusCode::INTERNAL_SERVER_ERROR
        && res.headers().get(axum::http::header::CONTENT_TYPE).is_none()
        && res.body().size_hint().exact() == Some(0);
    if bare {
        return AppError::Unavailable("session store: the session could not be saved".into()).into_response();
    }
    res
}
