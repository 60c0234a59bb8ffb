//! Rate limits: a bucket per limit and key, `burst` at once and refilled at
//! `per_minute`. Without Redis the buckets are this instance's own (in memory);
//! with `REDIS_URL` they are shared by every instance, one GCRA script call per
//! check (one round trip, the same 500 ms command timeout as every Redis call;
//! on a Redis Cluster, one per hash slot the check's buckets fall in).
//! Keys are hashed before they are kept anywhere: no session id, e-mail or
//! address is stored in a key name.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use moka::sync::Cache;
use sha2::{Digest, Sha256};
use tower_sessions_redis_store::fred::prelude::*;

use super::KEY_PREFIX;
use super::redis::RedisPool;

/// What is limited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// Mutations per client address (an IPv6 client's /64).
    Client,
    /// Mutations per session.
    Session,
    /// Sign-in attempts per client address.
    SignInAddress,
    /// Sign-in attempts per account: the tenant and the lower-cased e-mail.
    SignInAccount,
}

impl Limit {
    /// A fixed name: the Redis key part and the metric label.
    pub fn name(self) -> &'static str {
        match self {
            Self::Client => "client",
            Self::Session => "session",
            Self::SignInAddress => "sign_in",
            Self::SignInAccount => "sign_in_account",
        }
    }

    fn index(self) -> usize {
        self as usize
    }

    /// What happens when the shared count cannot be read (Redis down or slow).
    /// Sign-in fails closed: iam would answer right or wrong before the session
    /// write that needs Redis, so counting nothing would make an outage an
    /// unlimited password oracle, and the guest could not stay signed in anyway.
    /// Mutations fall back to this instance's own buckets: limited, never
    /// unlimited, and no stricter than before Redis was shared.
    fn fails_closed(self) -> bool {
        matches!(self, Self::SignInAddress | Self::SignInAccount)
    }
}

/// `burst` requests at once, refilled at `per_minute`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    pub per_minute: u32,
    pub burst: u32,
}

impl From<(u32, u32)> for Rate {
    fn from((per_minute, burst): (u32, u32)) -> Self {
        Self { per_minute: per_minute.max(1), burst: burst.max(1) }
    }
}

impl Rate {
    /// Milliseconds between two refills.
    fn interval_ms(self) -> u64 {
        (60_000 / u64::from(self.per_minute)).max(1)
    }
}

/// Why a request was not let through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Over the limit: a 429 with `Retry-After`.
    TooMany { retry_after_secs: u64, limit: Limit },
    /// The shared count is unreadable and the limit fails closed: a 503.
    Unavailable,
}

/// Every limit's rate, in [`Limit`] order.
pub type Rates = [Rate; 4];

pub struct RateLimits {
    rates: Rates,
    local: [LocalBuckets; 4],
    redis: Option<RedisPool>,
    /// Until when (ms on `started`) the shared count is not asked after it
    /// failed: a Redis that hangs costs one command timeout a second, not one
    /// per request on top of the session's own.
    skip_until_ms: std::sync::atomic::AtomicU64,
    started: Instant,
}

/// How long the shared count is left alone after it failed.
const SKIP_AFTER_ERROR: Duration = Duration::from_secs(1);

impl RateLimits {
    /// In-memory buckets, or shared ones when `redis` is given.
    pub fn new(rates: Rates, redis: Option<RedisPool>) -> Self {
        Self {
            rates,
            local: rates.map(LocalBuckets::new),
            redis,
            skip_until_ms: std::sync::atomic::AtomicU64::new(0),
            started: Instant::now(),
        }
    }

    /// Whether the counts are shared by every instance (Redis).
    pub fn shared(&self) -> bool {
        self.redis.is_some()
    }

    /// Takes one request from every `(limit, key)` bucket, all or none (on one
    /// Redis; on a cluster, all or none per slot, see [`by_slot`]; in memory, up
    /// to the first that refuses).
    pub async fn check(&self, checks: &[(Limit, &str)]) -> Result<(), Refusal> {
        use std::sync::atomic::Ordering::Relaxed;
        let Some(pool) = &self.redis else { return self.check_local(checks) };
        let now_ms = u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX);
        let shared = if now_ms < self.skip_until_ms.load(Relaxed) {
            Err(Error::new(ErrorKind::IO, "Redis failed less than a second ago"))
        } else {
            let asked = self.check_shared(pool, checks).await;
            if asked.is_err() {
                // Only a real failure starts the pause, so it always ends.
                self.skip_until_ms.fetch_max(now_ms.saturating_add(SKIP_AFTER_ERROR.as_millis() as u64), Relaxed);
            }
            asked
        };
        match shared {
            Ok(None) => Ok(()),
            Ok(Some((wait_ms, limit))) => {
                Err(Refusal::TooMany { retry_after_secs: wait_ms.div_ceil(1000).max(1), limit })
            }
            Err(e) => {
                let closed = checks.iter().any(|(l, _)| l.fails_closed());
                metrics::counter!("rate_limit_store_errors_total", "fallback" => if closed { "refuse" } else { "local" })
                    .increment(1);
                tracing::warn!(error = %e, fails_closed = closed, "rate limits: the shared count is unavailable");
                if closed { Err(Refusal::Unavailable) } else { self.check_local(checks) }
            }
        }
    }

    fn check_local(&self, checks: &[(Limit, &str)]) -> Result<(), Refusal> {
        for (limit, key) in checks {
            self.local[limit.index()]
                .check(&digest(key))
                .map_err(|retry_after_secs| Refusal::TooMany { retry_after_secs, limit: *limit })?;
        }
        Ok(())
    }

    /// `None` when let through, else the wait in milliseconds and the limit that refused.
    async fn check_shared(&self, pool: &RedisPool, checks: &[(Limit, &str)]) -> Result<Option<(u64, Limit)>, Error> {
        if checks.is_empty() {
            return Ok(None);
        }
        // A pool with no connection (Redis gone, reconnecting) answers at once
        // instead of queueing for the command timeout: an outage costs the guest
        // no extra wait here, and the request meets it where it needs Redis.
        let client = pool.next_connected();
        if !client.is_connected() {
            return Err(Error::new(ErrorKind::IO, "no connection to Redis"));
        }
        // One script per slot: a request's buckets (its address, its session,
        // its account) are not related, so on a cluster they hash to different
        // slots and no one script may touch them all. One server is one group.
        for group in by_slot(checks, super::redis::clustered(pool)) {
            let mut keys = Vec::with_capacity(group.len());
            let mut args = Vec::with_capacity(group.len() * 2);
            for (limit, key) in &group {
                let rate = self.rates[limit.index()];
                keys.push(key.clone());
                args.push(rate.interval_ms().to_string());
                args.push(rate.burst.to_string());
            }
            let outcome: Vec<i64> = client.eval(GCRA_SCRIPT, keys, args).await?;
            match outcome.as_slice() {
                [wait, which, ..] if *wait > 0 => {
                    let limit = usize::try_from(*which - 1).ok().and_then(|i| group.get(i)).map_or(group[0].0, |c| c.0);
                    return Ok(Some((*wait as u64, limit)));
                }
                _ => {}
            }
        }
        Ok(None)
    }
}

/// The Redis key of a bucket: its limit and the digest of what it counts.
fn bucket_key(limit: Limit, key: &str) -> String {
    format!("{KEY_PREFIX}rl:{}:{}", limit.name(), digest(key))
}

/// The checks' bucket keys, in groups that one script may touch together: all
/// of them on one server; on a cluster, those of one hash slot (in the order
/// their first bucket was asked, so a refusal stops at the same place as in
/// memory). A later group that refuses leaves the earlier groups charged one
/// request: on a cluster the check is all-or-none per slot, never looser.
fn by_slot(checks: &[(Limit, &str)], clustered: bool) -> Vec<Vec<(Limit, String)>> {
    let mut groups: Vec<(u16, Vec<(Limit, String)>)> = Vec::new();
    for (limit, key) in checks {
        let key = bucket_key(*limit, key);
        let slot = if clustered { tower_sessions_redis_store::fred::util::redis_keyslot(key.as_bytes()) } else { 0 };
        match groups.iter_mut().find(|(s, _)| *s == slot) {
            Some((_, group)) => group.push((*limit, key)),
            None => groups.push((slot, vec![(*limit, key)])),
        }
    }
    groups.into_iter().map(|(_, group)| group).collect()
}

/// GCRA over every key at once, on Redis's own clock (so instances need not
/// agree on time): a key holds its theoretical arrival time in milliseconds. A
/// request is let through when that is at most `interval * (burst - 1)` ahead of
/// now; then every key moves on by its interval and expires when its bucket
/// would be full again. Returns `{0, 0}`, or `{wait_ms, index_of_the_key}`.
/// Integers throughout (milliseconds since 1970 are exact in Lua's doubles).
const GCRA_SCRIPT: &str = r"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local wait, which = 0, 0
local tats = {}
for i, key in ipairs(KEYS) do
  local interval = tonumber(ARGV[2 * i - 1])
  local burst = tonumber(ARGV[2 * i])
  local tat = tonumber(redis.call('GET', key) or now) or now
  if tat < now then tat = now end
  tats[i] = tat
  local over = tat - now - interval * (burst - 1)
  if over > wait then wait, which = over, i end
end
if wait > 0 then return {wait, which} end
for i, key in ipairs(KEYS) do
  local tat = tats[i] + tonumber(ARGV[2 * i - 1])
  redis.call('SET', key, string.format('%d', tat), 'PX', string.format('%d', tat - now))
end
return {0, 0}
";

/// A key of bounded length that says nothing about what it counts.
fn digest(key: &str) -> String {
    hex::encode(&Sha256::digest(key.as_bytes())[..16])
}

/// This instance's token buckets for one limit.
struct LocalBuckets {
    buckets: Cache<String, Arc<Mutex<Bucket>>>,
    rate: Rate,
}

struct Bucket {
    /// Tokens in thousandths, so refills need no floating point.
    milli_tokens: u64,
    at: Instant,
}

impl LocalBuckets {
    fn new(rate: Rate) -> Self {
        Self {
            // Idle buckets are full buckets: forgetting them changes nothing.
            buckets: Cache::builder().max_capacity(100_000).time_to_idle(Duration::from_secs(600)).build(),
            rate,
        }
    }

    /// Takes one token for `key`; on refusal, the seconds until one is free.
    fn check(&self, key: &str) -> Result<(), u64> {
        let full = u64::from(self.rate.burst) * 1000;
        let bucket = self
            .buckets
            .get_with(key.to_owned(), || Arc::new(Mutex::new(Bucket { milli_tokens: full, at: Instant::now() })));
        let mut b = bucket.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        let elapsed_ms = u64::try_from(now.duration_since(b.at).as_millis()).unwrap_or(u64::MAX);
        // One token per interval: 1000 milli-tokens per `interval_ms`.
        let interval = self.rate.interval_ms();
        let refill = elapsed_ms.saturating_mul(1000) / interval;
        if refill > 0 {
            b.milli_tokens = b.milli_tokens.saturating_add(refill).min(full);
            b.at = now;
        }
        if b.milli_tokens >= 1000 {
            b.milli_tokens -= 1000;
            Ok(())
        } else {
            let missing = 1000 - b.milli_tokens;
            Err((missing * interval).div_ceil(1000 * 1000).max(1))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_bucket_allows_a_burst_then_refuses_with_a_wait() {
        let rate = Rate::from((60, 3));
        let limits = RateLimits::new([rate; 4], None);
        for _ in 0..3 {
            assert_eq!(limits.check(&[(Limit::Client, "a")]).await, Ok(()));
        }
        assert_eq!(
            limits.check(&[(Limit::Client, "a")]).await,
            Err(Refusal::TooMany { retry_after_secs: 1, limit: Limit::Client })
        );
        assert!(limits.check(&[(Limit::Client, "b")]).await.is_ok(), "buckets are per key");
        assert!(limits.check(&[(Limit::Session, "a")]).await.is_ok(), "and per limit");
    }

    #[test]
    fn buckets_are_grouped_by_slot_only_on_a_cluster() {
        let checks = [(Limit::Client, "203.0.113.7"), (Limit::Session, "sid-1"), (Limit::SignInAccount, "a@b")];
        let one = by_slot(&checks, false);
        assert_eq!(one.len(), 1, "one server: one script");
        assert_eq!(one[0].len(), 3);
        let groups = by_slot(&checks, true);
        for group in &groups {
            let slots: std::collections::HashSet<_> = group
                .iter()
                .map(|(_, k)| tower_sessions_redis_store::fred::util::redis_keyslot(k.as_bytes()))
                .collect();
            assert_eq!(slots.len(), 1, "a group is one slot: {group:?}");
        }
        let flat: Vec<_> = groups.into_iter().flatten().collect();
        assert_eq!(flat, one[0], "every bucket once, in the order asked");
    }

    #[test]
    fn intervals_are_whole_milliseconds() {
        assert_eq!(Rate::from((10, 10)).interval_ms(), 6_000);
        assert_eq!(Rate::from((0, 0)), Rate { per_minute: 1, burst: 1 });
        assert_eq!(Rate::from((u32::MAX, 1)).interval_ms(), 1);
    }
}
