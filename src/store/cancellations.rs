//! The record of a guest's cancellation: written once the reservations
//! upstream has cancelled the booking and before the refund is asked for, and
//! moved on once the refund is made. It says what is owed when a refund's
//! outcome was unknown or the process stopped between the two steps: the next
//! read of the manage page (or a repeated cancel) finishes it by key.
//!
//! A record only moves forward (`refund_owed` → `refunded`): a slow writer of
//! an earlier stage never undoes a later one (one script on one key).

use std::collections::HashMap;
use std::sync::Mutex;

use async_trait::async_trait;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::KEY_PREFIX;
use super::drafts::StoreError;
use super::redis::RedisPool;
use tower_sessions_redis_store::fred::prelude::*;

/// How long a record is kept: well past any stay it belongs to.
pub const RECORD_TTL_SECS: i64 = 60 * 60 * 24 * 400;

/// The store's Redis keys, in one place. Each booking's keys share the hash
/// tag `{tenant:reference}`, so one script touches one slot.
pub mod keys {
    use super::KEY_PREFIX;

    /// HASH `rank` (the stage as a number), `record` (JSON).
    pub fn record(tenant: &str, reference: &str) -> String {
        format!("{KEY_PREFIX}cancellation:{{{tenant}:{reference}}}:record")
    }

    /// ZSET of bookings that may owe the guest money back (a cancellation or
    /// a cheaper change), member `tenant reference`, scored by when the
    /// reconciler looks (ms since the epoch). One key: its own slot.
    pub fn refund_watch() -> String {
        format!("{KEY_PREFIX}refunds-owed")
    }

    /// ZSET of the same members scored by when each was first watched (ms):
    /// how long a refund has been owed. Its hash tag is the watch list's whole
    /// name, so both keys share a slot and one script keeps them together.
    pub fn refund_owed_since() -> String {
        format!("{{{KEY_PREFIX}refunds-owed}}:since")
    }
}

fn member(tenant: &str, reference: &str) -> String {
    format!("{tenant} {reference}")
}

fn unmember(raw: &str) -> Option<(String, String)> {
    raw.split_once(' ').map(|(t, r)| (t.to_owned(), r.to_owned()))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Cancelled upstream; the refund is still to be made (or its outcome is unknown).
    RefundOwed,
    /// Nothing more is owed: refunded, or nothing to refund.
    Settled,
}

impl Stage {
    fn rank(self) -> u8 {
        match self {
            Self::RefundOwed => 1,
            Self::Settled => 2,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CancellationRecord {
    pub reference: String,
    pub payment_session_id: String,
    pub currency: String,
    pub penalty: i64,
    pub refund: i64,
    pub cancelled_at: Timestamp,
    pub stage: Stage,
}

#[async_trait]
pub trait CancellationStore: Send + Sync {
    /// Stores `record` unless the stored one is at its stage or later; answers
    /// the record as stored afterwards.
    async fn advance(&self, tenant: &str, record: &CancellationRecord) -> Result<CancellationRecord, StoreError>;
    async fn get(&self, tenant: &str, reference: &str) -> Result<Option<CancellationRecord>, StoreError>;
    /// Puts booking `reference` of `tenant` on the watch list of bookings that
    /// may owe a refund, due at `due_at` (watching again moves the time).
    /// Called *before* the step that may make the refund owed, so none is missed.
    /// The first watch also records when the booking started to be watched.
    async fn watch_refund(&self, tenant: &str, reference: &str, due_at: Timestamp) -> Result<(), StoreError>;
    /// Takes it off (nothing is owed).
    async fn unwatch_refund(&self, tenant: &str, reference: &str) -> Result<(), StoreError>;
    /// Up to `limit` watched bookings due at `now`, `(tenant, reference)`, longest due first.
    async fn refunds_due(&self, now: Timestamp, limit: usize) -> Result<Vec<(String, String)>, StoreError>;
    /// Since when a watched booking has been watched (`None`: not watched).
    async fn refund_owed_since(&self, tenant: &str, reference: &str) -> Result<Option<Timestamp>, StoreError>;
    /// How many bookings are watched, and how many of them since before `overdue_before`.
    async fn refunds_owed(&self, overdue_before: Timestamp) -> Result<RefundsOwed, StoreError>;
}

/// The watch list at a glance, for the reconciler's gauges.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RefundsOwed {
    pub owed: u64,
    pub overdue: u64,
}

pub struct RedisCancellationStore {
    pool: RedisPool,
}

impl RedisCancellationStore {
    pub fn new(pool: RedisPool) -> Self {
        Self { pool }
    }
}

const ADVANCE: &str = r"
local cur = redis.call('HGET', KEYS[1], 'rank')
if cur and tonumber(cur) >= tonumber(ARGV[1]) then
  return redis.call('HGET', KEYS[1], 'record')
end
redis.call('HSET', KEYS[1], 'rank', ARGV[1], 'record', ARGV[2])
redis.call('EXPIRE', KEYS[1], ARGV[3])
return ARGV[2]
";

/// KEYS: the watch list, its since-set. ARGV: due (ms), now (ms), member.
const WATCH_REFUND: &str = r"
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[3])
redis.call('ZADD', KEYS[2], 'NX', ARGV[2], ARGV[3])
return 1
";

/// KEYS: the watch list, its since-set. ARGV: member.
const UNWATCH_REFUND: &str = r"
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
return 1
";

fn decode(raw: &str) -> Result<CancellationRecord, StoreError> {
    serde_json::from_str(raw).map_err(|e| StoreError::Corrupt(e.into()))
}

#[async_trait]
impl CancellationStore for RedisCancellationStore {
    async fn advance(&self, tenant: &str, record: &CancellationRecord) -> Result<CancellationRecord, StoreError> {
        let body = serde_json::to_string(record).map_err(|e| StoreError::Corrupt(e.into()))?;
        let stored: String = self
            .pool
            .eval(
                ADVANCE,
                vec![keys::record(tenant, &record.reference)],
                vec![record.stage.rank().to_string(), body, RECORD_TTL_SECS.to_string()],
            )
            .await
            .map_err(|e| StoreError::Unavailable(e.into()))?;
        decode(&stored)
    }

    async fn get(&self, tenant: &str, reference: &str) -> Result<Option<CancellationRecord>, StoreError> {
        let raw: Option<String> = self
            .pool
            .hget(keys::record(tenant, reference), "record")
            .await
            .map_err(|e| StoreError::Unavailable(e.into()))?;
        raw.as_deref().map(decode).transpose()
    }

    async fn watch_refund(&self, tenant: &str, reference: &str, due_at: Timestamp) -> Result<(), StoreError> {
        let args = vec![
            due_at.as_millisecond().to_string(),
            Timestamp::now().as_millisecond().to_string(),
            member(tenant, reference),
        ];
        let _: i64 = self
            .pool
            .eval(WATCH_REFUND, vec![keys::refund_watch(), keys::refund_owed_since()], args)
            .await
            .map_err(|e| StoreError::Unavailable(e.into()))?;
        Ok(())
    }

    async fn unwatch_refund(&self, tenant: &str, reference: &str) -> Result<(), StoreError> {
        let _: i64 = self
            .pool
            .eval(
                UNWATCH_REFUND,
                vec![keys::refund_watch(), keys::refund_owed_since()],
                vec![member(tenant, reference)],
            )
            .await
            .map_err(|e| StoreError::Unavailable(e.into()))?;
        Ok(())
    }

    async fn refunds_due(&self, now: Timestamp, limit: usize) -> Result<Vec<(String, String)>, StoreError> {
        let max = now.as_millisecond() as f64;
        let raw: Vec<String> = self
            .pool
            .zrangebyscore(keys::refund_watch(), f64::NEG_INFINITY, max, false, Some((0, limit as i64)))
            .await
            .map_err(|e| StoreError::Unavailable(e.into()))?;
        Ok(raw.iter().filter_map(|m| unmember(m)).collect())
    }

    async fn refund_owed_since(&self, tenant: &str, reference: &str) -> Result<Option<Timestamp>, StoreError> {
        let score: Option<f64> = self
            .pool
            .zscore(keys::refund_owed_since(), member(tenant, reference))
            .await
            .map_err(|e| StoreError::Unavailable(e.into()))?;
        Ok(score.and_then(|ms| Timestamp::from_millisecond(ms as i64).ok()))
    }

    async fn refunds_owed(&self, overdue_before: Timestamp) -> Result<RefundsOwed, StoreError> {
        let owed: u64 = self.pool.zcard(keys::refund_watch()).await.map_err(|e| StoreError::Unavailable(e.into()))?;
        let overdue: u64 = self
            .pool
            .zcount(keys::refund_owed_since(), f64::NEG_INFINITY, overdue_before.as_millisecond() as f64)
            .await
            .map_err(|e| StoreError::Unavailable(e.into()))?;
        Ok(RefundsOwed { owed, overdue })
    }
}

/// The embedded default's twin.
#[derive(Default)]
pub struct MemoryCancellationStore {
    records: Mutex<HashMap<String, CancellationRecord>>,
    /// Member → (due, watched since).
    watched: Mutex<HashMap<String, (Timestamp, Timestamp)>>,
}

impl MemoryCancellationStore {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, CancellationRecord>> {
        self.records.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

#[async_trait]
impl CancellationStore for MemoryCancellationStore {
    async fn advance(&self, tenant: &str, record: &CancellationRecord) -> Result<CancellationRecord, StoreError> {
        let mut records = self.lock();
        let key = keys::record(tenant, &record.reference);
        match records.get(&key) {
            Some(stored) if stored.stage >= record.stage => Ok(stored.clone()),
            _ => {
                records.insert(key, record.clone());
                Ok(record.clone())
            }
        }
    }

    async fn get(&self, tenant: &str, reference: &str) -> Result<Option<CancellationRecord>, StoreError> {
        Ok(self.lock().get(&keys::record(tenant, reference)).cloned())
    }

    async fn watch_refund(&self, tenant: &str, reference: &str, due_at: Timestamp) -> Result<(), StoreError> {
        let mut watched = self.watched.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let entry = watched.entry(member(tenant, reference)).or_insert((due_at, Timestamp::now()));
        entry.0 = due_at;
        Ok(())
    }

    async fn unwatch_refund(&self, tenant: &str, reference: &str) -> Result<(), StoreError> {
        self.watched.lock().unwrap_or_else(std::sync::PoisonError::into_inner).remove(&member(tenant, reference));
        Ok(())
    }

    async fn refunds_due(&self, now: Timestamp, limit: usize) -> Result<Vec<(String, String)>, StoreError> {
        let watched = self.watched.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut due: Vec<_> =
            watched.iter().filter(|(_, (at, _))| *at <= now).map(|(m, (at, _))| (*at, m.clone())).collect();
        due.sort();
        Ok(due.into_iter().take(limit).filter_map(|(_, m)| unmember(&m)).collect())
    }

    async fn refund_owed_since(&self, tenant: &str, reference: &str) -> Result<Option<Timestamp>, StoreError> {
        let watched = self.watched.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        Ok(watched.get(&member(tenant, reference)).map(|(_, since)| *since))
    }

    async fn refunds_owed(&self, overdue_before: Timestamp) -> Result<RefundsOwed, StoreError> {
        let watched = self.watched.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let overdue = watched.values().filter(|(_, since)| *since <= overdue_before).count();
        Ok(RefundsOwed { owed: watched.len() as u64, overdue: overdue as u64 })
    }
}
