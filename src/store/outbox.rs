//! The e-mail outbox: messages owed to guests once a booking is safe, drained
//! by a sender in every instance (`crate::mail`). In Redis with `REDIS_URL`
//! (every instance shares one queue), else in this process's memory.
//!
//! - **Once per booking and kind.** A message's id is `{tenant}:{reference}:{kind}`;
//!   enqueueing an id that is queued, or was sent, does nothing, so the return
//!   and the webhook settling the same payment enqueue one message.
//! - **One sender at a time.** A claim takes the earliest due message and
//!   pushes its due time past a lease; a sender that crashes mid-send leaves a
//!   message that is due again when the lease runs out, and is retried.
//! - **Sent is recorded before the message leaves the queue** (one script): a
//!   message marked sent is never claimed again. A crash between the SMTP
//!   server's acceptance and that record sends it again: SMTP is at-least-once
//!   at the protocol edge.
//!
//! Redis keys (all in one hash tag, `{outbox}`, so each script touches one
//! slot on Redis Cluster; e-mail volume is far below what one slot serves):
//! see [`keys`].

use std::collections::HashMap;
use std::sync::Mutex;

use async_trait::async_trait;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use tower_sessions_redis_store::fred::prelude::*;

use super::KEY_PREFIX;
use super::drafts::StoreError;
use super::redis::RedisPool;

/// How long a "sent" record is kept: far longer than any settle of the same
/// booking can come late.
pub const SENT_RETENTION_MS: i64 = 1000 * 60 * 60 * 24 * 30;

/// The outbox's Redis keys, in one place.
pub mod keys {
    use super::KEY_PREFIX;

    /// HASH id → the message (JSON).
    pub fn items() -> String {
        format!("{KEY_PREFIX}{{outbox}}:items")
    }
    /// ZSET id → when it is next due (ms since the epoch); a claim moves it to
    /// the end of its lease.
    pub fn due() -> String {
        format!("{KEY_PREFIX}{{outbox}}:due")
    }
    /// HASH id → the token of the claim that holds it now.
    pub fn claims() -> String {
        format!("{KEY_PREFIX}{{outbox}}:claims")
    }
    /// ZSET id → when it was sent (ms); pruned after [`super::SENT_RETENTION_MS`].
    pub fn sent() -> String {
        format!("{KEY_PREFIX}{{outbox}}:sent")
    }
}

/// A message owed: what to send (`payload`, the sender's own format) and how
/// its sending went so far.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutboxMessage {
    /// `{tenant}:{reference}:{kind}`: at most one per booking and kind.
    pub id: String,
    pub kind: String,
    pub payload: serde_json::Value,
    /// Failed attempts so far.
    #[serde(default)]
    pub attempts: u32,
    pub enqueued_at: Timestamp,
}

impl OutboxMessage {
    pub fn id_of(tenant: &str, reference: &str, kind: &str) -> String {
        format!("{tenant}:{reference}:{kind}")
    }
}

/// A message this sender holds until `lease` ends.
#[derive(Debug, Clone)]
pub struct Claimed {
    pub message: OutboxMessage,
    pub token: String,
}

#[async_trait]
pub trait OutboxStore: Send + Sync {
    /// Queues `message`, due now, unless a message of that id is queued or was
    /// sent. `true` when this call queued it.
    async fn enqueue(&self, message: &OutboxMessage, now: Timestamp) -> Result<bool, StoreError>;
    /// The earliest message due at `now`, held by this sender until `lease_until`.
    async fn claim(&self, now: Timestamp, lease_until: Timestamp) -> Result<Option<Claimed>, StoreError>;
    /// Records the message sent and takes it off the queue (whoever holds it:
    /// it was sent).
    async fn mark_sent(&self, id: &str, now: Timestamp) -> Result<(), StoreError>;
    /// Puts a claimed message back, due at `due`, with its attempts counted;
    /// `false` when this claim no longer held it (its lease ran out and another
    /// sender took it).
    async fn retry(&self, claim: &Claimed, due: Timestamp) -> Result<bool, StoreError>;
    /// Takes a message off the queue without sending it (given up).
    async fn drop_message(&self, claim: &Claimed) -> Result<(), StoreError>;
    /// Whether a message of this id was sent.
    async fn was_sent(&self, id: &str) -> Result<bool, StoreError>;
}

fn token() -> String {
    hex::encode(rand::random::<[u8; 12]>())
}

fn ms(at: Timestamp) -> i64 {
    at.as_millisecond()
}

// ---------------------------------------------------------------- in memory

#[derive(Default)]
pub struct MemoryOutbox {
    inner: Mutex<Memory>,
}

#[derive(Default)]
struct Memory {
    /// id → (message, due ms, claim token).
    queued: HashMap<String, (OutboxMessage, i64, Option<String>)>,
    /// id → sent at (ms).
    sent: HashMap<String, i64>,
}

impl MemoryOutbox {
    fn lock(&self) -> std::sync::MutexGuard<'_, Memory> {
        // A panic while holding the lock leaves consistent maps (every change is
        // one insert or remove): go on with them.
        self.inner.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

#[async_trait]
impl OutboxStore for MemoryOutbox {
    async fn enqueue(&self, message: &OutboxMessage, now: Timestamp) -> Result<bool, StoreError> {
        let mut m = self.lock();
        if m.sent.contains_key(&message.id) || m.queued.contains_key(&message.id) {
            return Ok(false);
        }
        m.queued.insert(message.id.clone(), (message.clone(), ms(now), None));
        Ok(true)
    }

    async fn claim(&self, now: Timestamp, lease_until: Timestamp) -> Result<Option<Claimed>, StoreError> {
        let mut m = self.lock();
        let next = m
            .queued
            .iter()
            .filter(|(_, (_, due, _))| *due <= ms(now))
            .min_by_key(|(id, (_, due, _))| (*due, (*id).clone()))
            .map(|(id, _)| id.clone());
        let Some(id) = next else { return Ok(None) };
        let token = token();
        let Some(entry) = m.queued.get_mut(&id) else { return Ok(None) };
        entry.1 = ms(lease_until);
        entry.2 = Some(token.clone());
        Ok(Some(Claimed { message: entry.0.clone(), token }))
    }

    async fn mark_sent(&self, id: &str, now: Timestamp) -> Result<(), StoreError> {
        let mut m = self.lock();
        m.queued.remove(id);
        m.sent.insert(id.to_owned(), ms(now));
        let horizon = ms(now) - SENT_RETENTION_MS;
        m.sent.retain(|_, at| *at >= horizon);
        Ok(())
    }

    async fn retry(&self, claim: &Claimed, due: Timestamp) -> Result<bool, StoreError> {
        let mut m = self.lock();
        match m.queued.get_mut(&claim.message.id) {
            Some(entry) if entry.2.as_deref() == Some(claim.token.as_str()) => {
                *entry = (claim.message.clone(), ms(due), None);
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    async fn drop_message(&self, claim: &Claimed) -> Result<(), StoreError> {
        let mut m = self.lock();
        if m.queued.get(&claim.message.id).is_some_and(|e| e.2.as_deref() == Some(claim.token.as_str())) {
            m.queued.remove(&claim.message.id);
        }
        Ok(())
    }

    async fn was_sent(&self, id: &str) -> Result<bool, StoreError> {
        Ok(self.lock().sent.contains_key(id))
    }
}

// ---------------------------------------------------------------- Redis

pub struct RedisOutbox {
    pool: RedisPool,
}

impl RedisOutbox {
    pub fn new(pool: RedisPool) -> Self {
        Self { pool }
    }
}

fn unavailable(e: Error) -> StoreError {
    StoreError::Unavailable(e.into())
}

/// KEYS: items, due, sent. ARGV: id, message, due ms.
const ENQUEUE: &str = r#"
if redis.call('ZSCORE', KEYS[3], ARGV[1]) or redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then
  return 0
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
return 1
"#;

/// KEYS: items, due, claims, sent. ARGV: now ms, lease-until ms, token.
/// Returns {id, message} or nil. A queued id that was sent (a late enqueue
/// cannot make one, but a crash between scripts could) is cleaned up.
const CLAIM: &str = r#"
for _ = 1, 8 do
  local ids = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[1], 'LIMIT', 0, 1)
  local id = ids[1]
  if not id then return nil end
  local body = redis.call('HGET', KEYS[1], id)
  if (not body) or redis.call('ZSCORE', KEYS[4], id) then
    redis.call('ZREM', KEYS[2], id)
    redis.call('HDEL', KEYS[1], id)
    redis.call('HDEL', KEYS[3], id)
  else
    redis.call('ZADD', KEYS[2], ARGV[2], id)
    redis.call('HSET', KEYS[3], id, ARGV[3])
    return {id, body}
  end
end
return nil
"#;

/// KEYS: items, due, claims, sent. ARGV: id, now ms, prune-before ms.
const MARK_SENT: &str = r#"
redis.call('ZADD', KEYS[4], ARGV[2], ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', ARGV[3])
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('HDEL', KEYS[3], ARGV[1])
return 1
"#;

/// KEYS: items, due, claims. ARGV: id, token, message, due ms.
const RETRY: &str = r#"
if redis.call('HGET', KEYS[3], ARGV[1]) ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
redis.call('ZADD', KEYS[2], ARGV[4], ARGV[1])
redis.call('HDEL', KEYS[3], ARGV[1])
return 1
"#;

/// KEYS: items, due, claims. ARGV: id, token.
const DROP: &str = r#"
if redis.call('HGET', KEYS[3], ARGV[1]) ~= ARGV[2] then return 0 end
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('HDEL', KEYS[3], ARGV[1])
return 1
"#;

fn encode(message: &OutboxMessage) -> Result<String, StoreError> {
    serde_json::to_string(message).map_err(|e| StoreError::Corrupt(e.into()))
}

#[async_trait]
impl OutboxStore for RedisOutbox {
    async fn enqueue(&self, message: &OutboxMessage, now: Timestamp) -> Result<bool, StoreError> {
        let queued: i64 = self
            .pool
            .eval(
                ENQUEUE,
                vec![keys::items(), keys::due(), keys::sent()],
                vec![message.id.clone(), encode(message)?, ms(now).to_string()],
            )
            .await
            .map_err(unavailable)?;
        Ok(queued == 1)
    }

    async fn claim(&self, now: Timestamp, lease_until: Timestamp) -> Result<Option<Claimed>, StoreError> {
        // A read first: an idle sender (every instance, every poll) writes nothing.
        let due: Vec<String> =
            self.pool.zrangebyscore(keys::due(), "-inf", ms(now), false, Some((0, 1))).await.map_err(unavailable)?;
        if due.is_empty() {
            return Ok(None);
        }
        let token = token();
        let found: Option<Vec<String>> = self
            .pool
            .eval(
                CLAIM,
                vec![keys::items(), keys::due(), keys::claims(), keys::sent()],
                vec![ms(now).to_string(), ms(lease_until).to_string(), token.clone()],
            )
            .await
            .map_err(unavailable)?;
        let Some([_, body]) = found.and_then(|v| <[String; 2]>::try_from(v).ok()) else { return Ok(None) };
        let message = serde_json::from_str(&body).map_err(|e| StoreError::Corrupt(e.into()))?;
        Ok(Some(Claimed { message, token }))
    }

    async fn mark_sent(&self, id: &str, now: Timestamp) -> Result<(), StoreError> {
        let _: i64 = self
            .pool
            .eval(
                MARK_SENT,
                vec![keys::items(), keys::due(), keys::claims(), keys::sent()],
                vec![id.to_owned(), ms(now).to_string(), (ms(now) - SENT_RETENTION_MS).to_string()],
            )
            .await
            .map_err(unavailable)?;
        Ok(())
    }

    async fn retry(&self, claim: &Claimed, due: Timestamp) -> Result<bool, StoreError> {
        let done: i64 = self
            .pool
            .eval(
                RETRY,
                vec![keys::items(), keys::due(), keys::claims()],
                vec![claim.message.id.clone(), claim.token.clone(), encode(&claim.message)?, ms(due).to_string()],
            )
            .await
            .map_err(unavailable)?;
        Ok(done == 1)
    }

    async fn drop_message(&self, claim: &Claimed) -> Result<(), StoreError> {
        let _: i64 = self
            .pool
            .eval(
                DROP,
                vec![keys::items(), keys::due(), keys::claims()],
                vec![claim.message.id.clone(), claim.token.clone()],
            )
            .await
            .map_err(unavailable)?;
        Ok(())
    }

    async fn was_sent(&self, id: &str) -> Result<bool, StoreError> {
        let score: Option<f64> = self.pool.zscore(keys::sent(), id).await.map_err(unavailable)?;
        Ok(score.is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(id: &str) -> OutboxMessage {
        OutboxMessage {
            id: id.into(),
            kind: "confirmation".into(),
            payload: serde_json::json!({}),
            attempts: 0,
            enqueued_at: Timestamp::UNIX_EPOCH,
        }
    }

    fn at(secs: i64) -> Timestamp {
        Timestamp::from_second(1_800_000_000 + secs).unwrap_or(Timestamp::UNIX_EPOCH)
    }

    #[tokio::test]
    async fn a_message_is_queued_once_claimed_by_one_sender_and_never_again_once_sent() {
        let outbox = MemoryOutbox::default();
        assert!(outbox.enqueue(&message("a:R1:confirmation"), at(0)).await.unwrap());
        assert!(!outbox.enqueue(&message("a:R1:confirmation"), at(0)).await.unwrap(), "queued already");
        let claim = outbox.claim(at(1), at(61)).await.unwrap().expect("due");
        assert!(outbox.claim(at(2), at(62)).await.unwrap().is_none(), "held by the first sender");
        outbox.mark_sent(&claim.message.id, at(3)).await.unwrap();
        assert!(outbox.was_sent("a:R1:confirmation").await.unwrap());
        assert!(!outbox.enqueue(&message("a:R1:confirmation"), at(4)).await.unwrap(), "sent already");
        assert!(outbox.claim(at(100), at(160)).await.unwrap().is_none());
    }

    #[tokio::test]
    async fn a_lease_that_runs_out_lets_another_sender_retry_and_the_first_cannot_put_it_back() {
        let outbox = MemoryOutbox::default();
        outbox.enqueue(&message("a:R2:confirmation"), at(0)).await.unwrap();
        let crashed = outbox.claim(at(0), at(60)).await.unwrap().expect("due");
        let second = outbox.claim(at(61), at(121)).await.unwrap().expect("due again after the lease");
        assert!(!outbox.retry(&crashed, at(200)).await.unwrap(), "no longer its claim");
        assert!(outbox.retry(&second, at(300)).await.unwrap());
        assert!(outbox.claim(at(299), at(400)).await.unwrap().is_none(), "backing off");
        assert!(outbox.claim(at(300), at(400)).await.unwrap().is_some());
    }
}
