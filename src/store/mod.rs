//! Shared-state adapters: the Redis pool and the session store. With no
//! `REDIS_URL` everything lives in process memory (the embedded default).

pub mod cancellations;
pub mod confirmations;
pub mod drafts;
pub mod ledger;
pub mod outbox;
pub mod rate_limits;
pub mod redis;
pub mod session_store;

/// Prefix of every Redis key this service writes, so it can share a Redis.
pub const KEY_PREFIX: &str = "bff-tenant-booking:";
