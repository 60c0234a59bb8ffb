//! BookingDraft storage: one key per draft (never inside the session blob), with
//! optimistic concurrency. A save names the version it read; a save against a
//! newer version is refused and returns the current draft, so two tabs can never
//! silently overwrite each other.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use async_trait::async_trait;
use jiff::Timestamp;
use tower_sessions_redis_store::fred::prelude::*;
use tower_sessions_redis_store::fred::types::{Expiration, SetOptions};

use super::KEY_PREFIX;
use crate::domain::draft::{BookingDraft, DraftId};

/// How long a draft lives after its last change.
pub const DRAFT_TTL: Duration = Duration::from_secs(60 * 60 * 48);

/// A cause of any kind, kept for the log line (with its own chain of sources).
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Redis did not answer, or answered an error: a write's outcome is unknown.
    #[error("store unavailable")]
    Unavailable(#[source] BoxError),
    #[error("stored record is unreadable")]
    Corrupt(#[source] BoxError),
    /// Others kept changing the record faster than this request could apply its
    /// change; trying again later is safe.
    #[error("the record kept changing")]
    Contended,
}

#[derive(Debug)]
pub enum Saved {
    Ok,
    /// Someone saved first; this is the draft as it is now.
    Conflict(Box<BookingDraft>),
    /// The draft no longer exists (expired).
    Gone,
}

/// How a save moves the draft on the reconciler's watch list of drafts that
/// wait on money.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Watch {
    /// The draft neither starts nor stops waiting on money.
    Keep,
    /// The draft starts waiting on money: watched from `due_at` on, *before*
    /// (or atomically with) the save, so the list is always a superset.
    Start(Timestamp),
    /// The draft no longer waits on money: unwatched once the save landed
    /// (best effort: a stale entry costs the reconciler one read).
    End,
}

#[async_trait]
pub trait DraftStore: Send + Sync {
    async fn create(&self, draft: &BookingDraft) -> Result<(), StoreError>;
    async fn load(&self, id: &DraftId) -> Result<Option<BookingDraft>, StoreError>;
    /// Saves `draft` if the stored version is still `expected`.
    async fn save(&self, draft: &BookingDraft, expected: u64) -> Result<Saved, StoreError>;
    /// [`save`](Self::save), moving the draft on the watch list as `watch`
    /// says. By default in three steps, in the order that keeps the list a
    /// superset ([`save_in_order`]); Redis on one server does it in one script.
    async fn save_watching(&self, draft: &BookingDraft, expected: u64, watch: Watch) -> Result<Saved, StoreError> {
        save_in_order(self, draft, expected, watch).await
    }
    /// Records that booking `reference` on `tenant` was made from draft `id`, so a
    /// lost confirmation can be rebuilt from the draft (with its owner). Lives as
    /// long as a draft.
    async fn link_booking(&self, tenant: &str, reference: &str, id: &DraftId) -> Result<(), StoreError>;
    /// The draft booking `reference` on `tenant` was made from, if still known.
    async fn by_booking(&self, tenant: &str, reference: &str) -> Result<Option<DraftId>, StoreError>;

    /// Puts draft `id` on the watch list of drafts that wait on money (a
    /// payment in flight, a refund owed), for the reconciler to look at from
    /// `due_at` on; watching again moves the time. Called *before* a draft is
    /// saved into such a state, so the list is always a superset of them.
    async fn watch(&self, id: &DraftId, due_at: Timestamp) -> Result<(), StoreError>;
    /// Takes draft `id` off the watch list (it no longer waits on money).
    async fn unwatch(&self, id: &DraftId) -> Result<(), StoreError>;
    /// Up to `limit` watched drafts due at `now`, the longest due first.
    async fn due(&self, now: Timestamp, limit: usize) -> Result<Vec<DraftId>, StoreError>;
    /// True when this caller (`holder`) holds the reconciler's lease for the next
    /// `ttl`: one instance at a time sweeps. The lease ends by itself.
    async fn lease(&self, holder: &str, ttl: Duration) -> Result<bool, StoreError>;
}

/// Watch, save, unwatch as separate commands: the draft is watched before the
/// save that makes it wait on money, and unwatched only after the save that
/// ends it landed. Unwatching is best effort.
pub async fn save_in_order<S: DraftStore + ?Sized>(
    store: &S,
    draft: &BookingDraft,
    expected: u64,
    watch: Watch,
) -> Result<Saved, StoreError> {
    if let Watch::Start(due_at) = watch {
        store.watch(&draft.id, due_at).await?;
    }
    let saved = store.save(draft, expected).await?;
    if watch == Watch::End
        && matches!(saved, Saved::Ok)
        && let Err(e) = store.unwatch(&draft.id).await
    {
        tracing::debug!(error = %e, "unwatching a settled draft failed");
    }
    Ok(saved)
}

fn encode(draft: &BookingDraft) -> Result<String, StoreError> {
    serde_json::to_string(draft).map_err(|e| StoreError::Corrupt(e.into()))
}

fn decode(raw: &str) -> Result<BookingDraft, StoreError> {
    serde_json::from_str(raw).map_err(|e| StoreError::Corrupt(e.into()))
}

pub struct RedisDraftStore {
    pool: Pool,
}

impl RedisDraftStore {
    pub fn new(pool: Pool) -> Self {
        Self { pool }
    }

    fn key(id: &DraftId) -> String {
        format!("{KEY_PREFIX}draft:{id}")
    }
}

/// The sorted set of drafts waiting on money, scored by when they are due (Unix ms).
fn watch_key() -> String {
    format!("{KEY_PREFIX}drafts-awaiting-money")
}

fn lease_key() -> String {
    format!("{KEY_PREFIX}reconciler-lease")
}

fn booking_key(tenant: &str, reference: &str) -> String {
    format!("{KEY_PREFIX}draft-of-booking:{tenant}:{reference}")
}

fn unavailable(e: Error) -> StoreError {
    StoreError::Unavailable(e.into())
}

/// Compare-and-set on the hash `{v: version, d: json}`: returns 0 when saved,
/// -1 when the key is gone, else the draft that is stored now (its JSON), so a
/// conflict needs no second read. With a second key (the watch list, only when
/// both keys are on one server) and `ARGV[5]` = `watch` or `unwatch`, the save
/// also adds the draft (`ARGV[6]`, due at `ARGV[7]`) to the list or removes it,
/// atomically with the save and only when the save happens.
const CAS_SCRIPT: &str = r"
local v = redis.call('HGET', KEYS[1], 'v')
if not v then return -1 end
if tonumber(v) ~= tonumber(ARGV[1]) then
  local d = redis.call('HGET', KEYS[1], 'd')
  if not d then return -1 end
  return d
end
redis.call('HSET', KEYS[1], 'v', ARGV[2], 'd', ARGV[3])
redis.call('EXPIRE', KEYS[1], ARGV[4])
if ARGV[5] == 'watch' then
  redis.call('ZADD', KEYS[2], ARGV[7], ARGV[6])
elseif ARGV[5] == 'unwatch' then
  redis.call('ZREM', KEYS[2], ARGV[6])
end
return 0
";

impl RedisDraftStore {
    /// One `CAS_SCRIPT`; `watch` other than `Keep` needs both keys on one server.
    async fn cas(&self, draft: &BookingDraft, expected: u64, watch: Watch) -> Result<Saved, StoreError> {
        let mut keys = vec![Self::key(&draft.id)];
        let mut args =
            vec![expected.to_string(), draft.version.to_string(), encode(draft)?, DRAFT_TTL.as_secs().to_string()];
        match watch {
            Watch::Keep => {}
            Watch::Start(due_at) => {
                keys.push(watch_key());
                args.extend(["watch".to_owned(), draft.id.to_string(), due_at.as_millisecond().to_string()]);
            }
            Watch::End => {
                keys.push(watch_key());
                args.extend(["unwatch".to_owned(), draft.id.to_string()]);
            }
        }
        let outcome: Value = self.pool.eval(CAS_SCRIPT, keys, args).await.map_err(unavailable)?;
        match outcome {
            Value::Integer(0) => Ok(Saved::Ok),
            Value::Integer(-1) | Value::Null => Ok(Saved::Gone),
            Value::String(current) => Ok(Saved::Conflict(Box::new(decode(&current)?))),
            Value::Bytes(current) => {
                let current = std::str::from_utf8(&current).map_err(|e| StoreError::Corrupt(e.into()))?;
                Ok(Saved::Conflict(Box::new(decode(current)?)))
            }
            other => Err(StoreError::Corrupt(format!("unexpected compare-and-set reply {other:?}").into())),
        }
    }
}

#[async_trait]
impl DraftStore for RedisDraftStore {
    async fn create(&self, draft: &BookingDraft) -> Result<(), StoreError> {
        let key = Self::key(&draft.id);
        let body = encode(draft)?;
        let tx = self.pool.next().multi();
        let _: () = tx.hset(&key, [("v", draft.version.to_string()), ("d", body)]).await.map_err(unavailable)?;
        let _: () = tx.expire(&key, DRAFT_TTL.as_secs() as i64, None).await.map_err(unavailable)?;
        let _: () = tx.exec(true).await.map_err(unavailable)?;
        Ok(())
    }

    async fn load(&self, id: &DraftId) -> Result<Option<BookingDraft>, StoreError> {
        let raw: Option<String> = self.pool.hget(Self::key(id), "d").await.map_err(unavailable)?;
        raw.as_deref().map(decode).transpose()
    }

    async fn save(&self, draft: &BookingDraft, expected: u64) -> Result<Saved, StoreError> {
        self.cas(draft, expected, Watch::Keep).await
    }

    /// On one server, one script saves and watches or unwatches. On a cluster
    /// the draft and the watch list are in different slots: three commands,
    /// in order.
    async fn save_watching(&self, draft: &BookingDraft, expected: u64, watch: Watch) -> Result<Saved, StoreError> {
        if watch == Watch::Keep || !super::redis::clustered(&self.pool) {
            self.cas(draft, expected, watch).await
        } else {
            save_in_order(self, draft, expected, watch).await
        }
    }

    async fn link_booking(&self, tenant: &str, reference: &str, id: &DraftId) -> Result<(), StoreError> {
        let expire = Expiration::EX(DRAFT_TTL.as_secs() as i64);
        let _: () = self
            .pool
            .set(booking_key(tenant, reference), id.to_string(), Some(expire), None, false)
            .await
            .map_err(unavailable)?;
        Ok(())
    }

    async fn by_booking(&self, tenant: &str, reference: &str) -> Result<Option<DraftId>, StoreError> {
        let raw: Option<String> = self.pool.get(booking_key(tenant, reference)).await.map_err(unavailable)?;
        Ok(raw.as_deref().and_then(DraftId::parse))
    }

    async fn watch(&self, id: &DraftId, due_at: Timestamp) -> Result<(), StoreError> {
        let score = due_at.as_millisecond() as f64;
        let _: () = self
            .pool
            .zadd(watch_key(), None, None, false, false, (score, id.to_string()))
            .await
            .map_err(unavailable)?;
        Ok(())
    }

    async fn unwatch(&self, id: &DraftId) -> Result<(), StoreError> {
        let _: () = self.pool.zrem(watch_key(), id.to_string()).await.map_err(unavailable)?;
        Ok(())
    }

    async fn due(&self, now: Timestamp, limit: usize) -> Result<Vec<DraftId>, StoreError> {
        let max = now.as_millisecond() as f64;
        let raw: Vec<String> = self
            .pool
            .zrangebyscore(watch_key(), f64::NEG_INFINITY, max, false, Some((0, limit as i64)))
            .await
            .map_err(unavailable)?;
        Ok(raw.iter().filter_map(|id| DraftId::parse(id)).collect())
    }

    async fn lease(&self, holder: &str, ttl: Duration) -> Result<bool, StoreError> {
        let expire = Expiration::PX(ttl.as_millis().max(1) as i64);
        let set: Option<String> =
            self.pool.set(lease_key(), holder, Some(expire), Some(SetOptions::NX), false).await.map_err(unavailable)?;
        if set.is_some() {
            return Ok(true);
        }
        // Still ours from the last sweep?
        let current: Option<String> = self.pool.get(lease_key()).await.map_err(unavailable)?;
        Ok(current.as_deref() == Some(holder))
    }
}

/// The embedded default: drafts in process memory, expired lazily.
#[derive(Default)]
pub struct MemoryDraftStore {
    drafts: Mutex<HashMap<DraftId, (BookingDraft, Instant)>>,
    bookings: Mutex<HashMap<String, (DraftId, Instant)>>,
    watched: Mutex<HashMap<DraftId, Timestamp>>,
}

impl MemoryDraftStore {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<DraftId, (BookingDraft, Instant)>> {
        self.drafts.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[async_trait]
impl DraftStore for MemoryDraftStore {
    async fn create(&self, draft: &BookingDraft) -> Result<(), StoreError> {
        let mut drafts = self.lock();
        if drafts.len() > 10_000 {
            drafts.retain(|_, (_, at)| at.elapsed() < DRAFT_TTL);
        }
        drafts.insert(draft.id, (draft.clone(), Instant::now()));
        Ok(())
    }

    async fn load(&self, id: &DraftId) -> Result<Option<BookingDraft>, StoreError> {
        Ok(self.lock().get(id).filter(|(_, at)| at.elapsed() < DRAFT_TTL).map(|(d, _)| d.clone()))
    }

    async fn save(&self, draft: &BookingDraft, expected: u64) -> Result<Saved, StoreError> {
        let mut drafts = self.lock();
        match drafts.get(&draft.id) {
            None => Ok(Saved::Gone),
            Some((current, at)) if at.elapsed() >= DRAFT_TTL => {
                let _ = current;
                drafts.remove(&draft.id);
                Ok(Saved::Gone)
            }
            Some((current, _)) if current.version != expected => Ok(Saved::Conflict(Box::new(current.clone()))),
            Some(_) => {
                drafts.insert(draft.id, (draft.clone(), Instant::now()));
                Ok(Saved::Ok)
            }
        }
    }

    async fn link_booking(&self, tenant: &str, reference: &str, id: &DraftId) -> Result<(), StoreError> {
        let mut bookings = self.bookings.lock().unwrap_or_else(|e| e.into_inner());
        if bookings.len() > 10_000 {
            bookings.retain(|_, (_, at)| at.elapsed() < DRAFT_TTL);
        }
        bookings.insert(booking_key(tenant, reference), (*id, Instant::now()));
        Ok(())
    }

    async fn by_booking(&self, tenant: &str, reference: &str) -> Result<Option<DraftId>, StoreError> {
        let bookings = self.bookings.lock().unwrap_or_else(|e| e.into_inner());
        Ok(bookings.get(&booking_key(tenant, reference)).filter(|(_, at)| at.elapsed() < DRAFT_TTL).map(|(id, _)| *id))
    }

    async fn watch(&self, id: &DraftId, due_at: Timestamp) -> Result<(), StoreError> {
        self.watched.lock().unwrap_or_else(|e| e.into_inner()).insert(*id, due_at);
        Ok(())
    }

    async fn unwatch(&self, id: &DraftId) -> Result<(), StoreError> {
        self.watched.lock().unwrap_or_else(|e| e.into_inner()).remove(id);
        Ok(())
    }

    async fn due(&self, now: Timestamp, limit: usize) -> Result<Vec<DraftId>, StoreError> {
        let watched = self.watched.lock().unwrap_or_else(|e| e.into_inner());
        let mut due: Vec<_> = watched.iter().filter(|(_, at)| **at <= now).map(|(id, at)| (*at, *id)).collect();
        due.sort();
        Ok(due.into_iter().take(limit).map(|(_, id)| id).collect())
    }

    /// One process, one sweeper.
    async fn lease(&self, _holder: &str, _ttl: Duration) -> Result<bool, StoreError> {
        Ok(true)
    }
}
