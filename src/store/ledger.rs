//! The BookingHandoffArrival ledger (DESIGN §5): the single-use record of a
//! consumed handoff link, keyed by tenant and `jti`.
//!
//! # Claim, then complete
//!
//! A consume first **claims** the link with an atomic set-if-absent of the whole
//! arrival record (`consumed: true`, the time, the guest key of the session,
//! tenant, jti, and the hash of this attempt's nonce, below) — Redis `SET key
//! value NX EXAT exp+1d` — so exactly one of any number of concurrent consumers,
//! on any number of instances, wins. Only the winner then creates the draft and
//! **completes** the record with the draft id and where the guest was sent
//! (`SET … XX KEEPTTL`); nobody else ever writes it.
//!
//! Between the two steps the record names its guest but no destination yet. A
//! re-post from that same guest (a double submit, a refresh while the price is
//! being fetched) finds the record pending and re-reads it for a short grace
//! period; when the winner finishes, it gets the same draft. If the grace period
//! passes with no destination (the winner failed after claiming: an upstream or
//! store error, a crash), the same guest — and only that guest — may finish the
//! arrival itself, so a failure never burns the link for the person it was for.
//! Any other guest gets "already used" at once.
//!
//! When the claimant fails before completing (an upstream or store error, so the
//! guest got nothing), it **releases** the claim with a compare-and-delete of the
//! exact pending record, so the link can be tried again. That matters most for a
//! browser that had no session: its new session is not saved on a 5xx, so without
//! the release its own retry would look like a stranger and get "already used".
//! A completed record is never released.
//!
//! # A claim whose answer never came
//!
//! A command that timed out (500 ms) or lost its connection may still have been
//! applied: Redis can be slow rather than gone, and a `SET NX` already written to
//! the socket lands when it catches up. Such an outcome is found out, never
//! assumed. [`HandoffLedger::claim`] then **reads the record** on the same
//! connection (Redis answers one connection's commands in order, so the read sees
//! the `SET` if it was applied before it): the record exactly as this attempt
//! wrote it means this attempt **won** (exactly: the nonce hash below is unique
//! to the attempt, so an earlier attempt of the same guest is not mistaken for
//! this one, and goes the re-post way above); another record means the link is
//! taken; no record means nothing was consumed. Only when the read fails too is
//! the outcome still unknown, and the caller answers 503.
//!
//! That 503 (or one after a read that found nothing, if the `SET` lands later
//! still) may leave a record naming a guest key that no session holds: a browser
//! without a session is given a **fresh** guest key for its claim, and a 5xx
//! saves no session. Its retry would get another fresh key and look like a
//! stranger. So every claim carries a **nonce** — 128 random bits, new for each
//! attempt — and the record keeps only its SHA-256 (`claimant`). A browser
//! without a session is handed its claims' nonces in a short-lived cookie
//! (`handoff-claim`, `__Host-handoff-claim` when cookies are `Secure`; host-only,
//! `HttpOnly`, `SameSite=Lax`, 16 minutes — no link is accepted for longer; the
//! last few nonces, so any of its attempts that landed can be proved). On a
//! retry, a session-less browser whose cookie holds the nonce of the record's
//! claim **adopts the record's guest key**: it is that browser's own earlier
//! attempt. That attempt has answered (the browser only gets the nonce with the
//! answer), so nobody is preparing a pending record any more and the retry
//! finishes it at once, without the grace period (two such retries at the same
//! moment may both finish it: two drafts, both the same guest's).
//!
//! Why this cannot make anyone an arbitrary guest: the cookie never names a
//! guest; a nonce only adopts the one record whose hash it matches, and that
//! record's guest key was fresh for that claim (a browser with a session claims
//! with its own key and never adopts), so it owns nothing but what this arrival
//! creates. Nonces are always minted by the server for the attempt at hand, never
//! taken from the request, so a nonce planted in a victim's browser matches none
//! of the victim's claims. (The other way round — planting the nonce of one's
//! own claim so that a victim posting one's link becomes one's guest — needs a
//! cookie written into the victim's browser, which the `__Host-` prefix rules out
//! where cookies are `Secure`; it is no more than planting one's own session
//! cookie would do.) Only the hash is stored, so reading Redis gives no nonce to
//! present. A browser that has a session proves its claims by its guest key, as
//! before.
//!
//! On a Redis Cluster a won claim is followed by `WAIT 1 50` on its primary
//! (see [`replicated`]), so a primary killed just after answering has, in all
//! but a vanishing window, already passed the claim to the replica that takes
//! over: the link stays used.
//!
//! Redis errors are returned, never papered over with process memory: the caller
//! answers 503 (fail closed). With no Redis configured at all, the in-memory
//! ledger is the embedded default (one instance).

use std::collections::HashMap;
use std::sync::Mutex;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use tower_sessions_redis_store::fred::prelude::*;
use tower_sessions_redis_store::fred::types::config::Options;
use tower_sessions_redis_store::fred::types::{ClusterHash, Expiration, SetOptions};

use super::KEY_PREFIX;
use super::drafts::StoreError;

/// How long a record outlives its token's `exp`: far past the 60 s skew, so a
/// token can never be replayed after its record has gone.
pub const KEEP_PAST_EXP_SECS: i64 = 60 * 60 * 24;

/// One consumed handoff link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandoffArrival {
    /// Always true: the record exists only once the link is consumed.
    pub consumed: bool,
    /// Unix seconds of the claim.
    pub consumed_at: i64,
    pub tenant: String,
    pub jti: String,
    /// The guest key (§3) of the session that consumed the link.
    pub guest: String,
    /// The draft created for the arrival, once there is one.
    #[serde(default)]
    pub draft_id: Option<String>,
    /// Where the guest was sent (the draft, or the property page when the link
    /// named no room and rate); `None` while the arrival is being prepared.
    #[serde(default)]
    pub destination: Option<String>,
    /// SHA-256 (hex) of the nonce of the attempt that claimed the link: unique to
    /// that attempt, and the proof a browser without a session presents on a
    /// retry ([`claimant`]). `None` in records written before there was one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claimant: Option<String>,
}

impl HandoffArrival {
    /// A fresh claim for `guest` by the attempt whose nonce hashes to `claimant`,
    /// not yet completed.
    pub fn claim(tenant: &str, jti: &str, guest: &str, now_unix: i64, claimant: &str) -> Self {
        Self {
            consumed: true,
            consumed_at: now_unix,
            tenant: tenant.to_owned(),
            jti: jti.to_owned(),
            guest: guest.to_owned(),
            draft_id: None,
            destination: None,
            claimant: Some(claimant.to_owned()),
        }
    }
}

/// A new claim nonce: 128 random bits, hex.
pub fn new_nonce() -> String {
    hex::encode(rand::random::<[u8; 16]>())
}

/// What a record keeps of a claim nonce: its SHA-256, hex.
pub fn claimant(nonce: &str) -> String {
    hex::encode(Sha256::digest(nonce.as_bytes()))
}

/// The result of a claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    /// This caller consumed the link and must complete the record.
    Won,
    /// The link was already consumed; the record as it is now (`None` when it
    /// could not be read back, which is still "used").
    Taken(Option<HandoffArrival>),
}

#[async_trait]
pub trait HandoffLedger: Send + Sync {
    /// Atomically records `arrival` unless a record for its tenant and jti exists.
    /// The record is kept until `keep_until_unix`. A claim whose answer never came
    /// is settled by reading the record; `Err` only when that fails too (or finds
    /// no record: nothing was consumed).
    async fn claim(&self, arrival: &HandoffArrival, keep_until_unix: i64) -> Result<Claim, StoreError>;
    /// The record for a tenant's jti, if any.
    async fn get(&self, tenant: &str, jti: &str) -> Result<Option<HandoffArrival>, StoreError>;
    /// Replaces an existing record (the claimant adding the draft id and
    /// destination), keeping its expiry. A record that has gone is not recreated.
    async fn complete(&self, arrival: &HandoffArrival) -> Result<(), StoreError>;
    /// Deletes the record if it is still exactly `pending` (claimed, never
    /// completed): the claimant failed before the guest got anything, so the link
    /// may be tried again.
    async fn release(&self, pending: &HandoffArrival) -> Result<(), StoreError>;
}

fn key(tenant: &str, jti: &str) -> String {
    format!("{KEY_PREFIX}handoff:{tenant}:{jti}")
}

fn encode(arrival: &HandoffArrival) -> Result<String, StoreError> {
    serde_json::to_string(arrival).map_err(|e| StoreError::Corrupt(e.into()))
}

fn unavailable(e: Error) -> StoreError {
    StoreError::Unavailable(e.into())
}

pub struct RedisHandoffLedger {
    pool: Pool,
}

impl RedisHandoffLedger {
    pub fn new(pool: Pool) -> Self {
        Self { pool }
    }
}

#[async_trait]
impl HandoffLedger for RedisHandoffLedger {
    async fn claim(&self, arrival: &HandoffArrival, keep_until_unix: i64) -> Result<Claim, StoreError> {
        let body = encode(arrival)?;
        // One connection for the claim and the read that may settle it.
        let client = self.pool.next();
        let set: Result<Option<String>, Error> = client
            .set(
                key(&arrival.tenant, &arrival.jti),
                body,
                Some(Expiration::EXAT(keep_until_unix)),
                Some(SetOptions::NX),
                false,
            )
            .await;
        match set {
            Ok(Some(_)) => {
                if client.is_clustered() {
                    replicated(client, &key(&arrival.tenant, &arrival.jti)).await;
                }
                Ok(Claim::Won)
            }
            // Lost the race (or a replay). The record is never deleted before its
            // expiry, so it is there to read; an unreadable one is still "taken".
            Ok(None) => match read(client, &arrival.tenant, &arrival.jti).await {
                Ok(record) => Ok(Claim::Taken(record)),
                Err(StoreError::Corrupt(_)) => Ok(Claim::Taken(None)),
                Err(e) => Err(e),
            },
            // No answer (a timeout, a lost connection) is no outcome: the SET may
            // have been applied. Whatever the error, read what is there.
            Err(e) => {
                tracing::warn!(error = %e, "handoff claim unanswered; reading the record to settle it");
                settle(read(client, &arrival.tenant, &arrival.jti).await, arrival, &e)
            }
        }
    }

    async fn get(&self, tenant: &str, jti: &str) -> Result<Option<HandoffArrival>, StoreError> {
        read(self.pool.next(), tenant, jti).await
    }

    async fn complete(&self, arrival: &HandoffArrival) -> Result<(), StoreError> {
        let body = encode(arrival)?;
        let _: Option<String> = self
            .pool
            .set(key(&arrival.tenant, &arrival.jti), body, Some(Expiration::KEEPTTL), Some(SetOptions::XX), false)
            .await
            .map_err(unavailable)?;
        Ok(())
    }

    async fn release(&self, pending: &HandoffArrival) -> Result<(), StoreError> {
        let body = encode(pending)?;
        let _: i64 = self
            .pool
            .eval(RELEASE_SCRIPT, vec![key(&pending.tenant, &pending.jti)], vec![body])
            .await
            .map_err(unavailable)?;
        Ok(())
    }
}

/// How long a won claim waits for a replica of its primary to hold it.
const REPLICA_WAIT_MS: i64 = 50;

/// On a cluster, waits (briefly) until a replica holds the claim just written
/// to `key`'s primary: a primary killed right after answering would otherwise
/// take the claim with it, and the replica that takes over would let the link
/// be used again. Replication is asynchronous, so this narrows that window to
/// nothing in practice rather than closing it; a primary with no replica left
/// (its replica took over and it has not come back) is not waited for longer.
async fn replicated(client: &Client, key: &str) {
    let slot = tower_sessions_redis_store::fred::util::redis_keyslot(key.as_bytes());
    let on_its_primary = Options { cluster_hash: Some(ClusterHash::Custom(slot)), ..Options::default() };
    match client.with_options(&on_its_primary).wait::<i64>(1, REPLICA_WAIT_MS).await {
        Ok(replicas) if replicas >= 1 => {}
        Ok(_) => {
            metrics::counter!("handoff_claims_unreplicated_total").increment(1);
            tracing::warn!("handoff claim not yet on a replica; a failover now could lose it");
        }
        Err(e) => tracing::warn!(error = %e, "handoff claim: WAIT for a replica failed"),
    }
}

async fn read(client: &Client, tenant: &str, jti: &str) -> Result<Option<HandoffArrival>, StoreError> {
    let raw: Option<String> = client.get(key(tenant, jti)).await.map_err(unavailable)?;
    raw.map(|r| serde_json::from_str(&r).map_err(|e| StoreError::Corrupt(e.into()))).transpose()
}

/// The outcome of a claim whose `SET NX` got no answer (`error`), from a read of
/// the record made after it. The record exactly as `arrival` (whose nonce hash is
/// unique to this attempt) means this attempt's `SET` was applied: it won.
fn settle(
    read: Result<Option<HandoffArrival>, StoreError>,
    arrival: &HandoffArrival,
    error: &Error,
) -> Result<Claim, StoreError> {
    match read {
        Ok(Some(record)) if record == *arrival => Ok(Claim::Won),
        Ok(Some(record)) => Ok(Claim::Taken(Some(record))),
        Ok(None) => Err(StoreError::Unavailable(
            format!("claim unanswered ({}) and not applied", crate::telemetry::chain(error)).into(),
        )),
        Err(StoreError::Corrupt(_)) => Ok(Claim::Taken(None)),
        Err(read_error) => Err(StoreError::Unavailable(
            format!(
                "claim unanswered ({}); reading it back: {}",
                crate::telemetry::chain(error),
                crate::telemetry::chain(&read_error)
            )
            .into(),
        )),
    }
}

/// Compare-and-delete: deletes KEYS[1] only while it holds exactly ARGV[1].
const RELEASE_SCRIPT: &str = r"
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
";

/// The embedded default (no `REDIS_URL`): one process, one mutex.
#[derive(Default)]
pub struct MemoryHandoffLedger {
    records: Mutex<HashMap<String, (HandoffArrival, i64)>>,
}

impl MemoryHandoffLedger {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, (HandoffArrival, i64)>> {
        self.records.lock().unwrap_or_else(|e| e.into_inner())
    }
}

fn now_unix() -> i64 {
    jiff::Timestamp::now().as_second()
}

#[async_trait]
impl HandoffLedger for MemoryHandoffLedger {
    async fn claim(&self, arrival: &HandoffArrival, keep_until_unix: i64) -> Result<Claim, StoreError> {
        let now = now_unix();
        let mut records = self.lock();
        if records.len() > 10_000 {
            records.retain(|_, (_, until)| *until > now);
        }
        let k = key(&arrival.tenant, &arrival.jti);
        match records.get(&k) {
            Some((existing, until)) if *until > now => Ok(Claim::Taken(Some(existing.clone()))),
            _ => {
                records.insert(k, (arrival.clone(), keep_until_unix));
                Ok(Claim::Won)
            }
        }
    }

    async fn get(&self, tenant: &str, jti: &str) -> Result<Option<HandoffArrival>, StoreError> {
        let now = now_unix();
        Ok(self.lock().get(&key(tenant, jti)).filter(|(_, until)| *until > now).map(|(a, _)| a.clone()))
    }

    async fn complete(&self, arrival: &HandoffArrival) -> Result<(), StoreError> {
        if let Some((record, _)) = self.lock().get_mut(&key(&arrival.tenant, &arrival.jti)) {
            *record = arrival.clone();
        }
        Ok(())
    }

    async fn release(&self, pending: &HandoffArrival) -> Result<(), StoreError> {
        let mut records = self.lock();
        let k = key(&pending.tenant, &pending.jti);
        if records.get(&k).is_some_and(|(record, _)| record == pending) {
            records.remove(&k);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    fn arrival(guest: &str) -> HandoffArrival {
        HandoffArrival::claim("aurora", "jti-0123456789abcdef", guest, now_unix(), &claimant(&new_nonce()))
    }

    #[tokio::test]
    async fn exactly_one_concurrent_claim_wins_in_memory() {
        let ledger = Arc::new(MemoryHandoffLedger::default());
        let until = now_unix() + 600;
        let tasks: Vec<_> = (0..50)
            .map(|i| {
                let ledger = ledger.clone();
                tokio::spawn(async move { ledger.claim(&arrival(&format!("guest-{i}")), until).await.unwrap() })
            })
            .collect();
        let mut won = 0;
        for task in tasks {
            if task.await.unwrap() == Claim::Won {
                won += 1;
            }
        }
        assert_eq!(won, 1);
    }

    #[tokio::test]
    async fn a_taken_claim_returns_the_completed_record() {
        let ledger = MemoryHandoffLedger::default();
        let until = now_unix() + 600;
        assert_eq!(ledger.claim(&arrival("a"), until).await.unwrap(), Claim::Won);
        let mut done = arrival("a");
        done.draft_id = Some("d".into());
        done.destination = Some("/draft/d".into());
        ledger.complete(&done).await.unwrap();
        assert_eq!(ledger.claim(&arrival("b"), until).await.unwrap(), Claim::Taken(Some(done)));
    }

    #[tokio::test]
    async fn completing_a_missing_record_does_not_create_it() {
        let ledger = MemoryHandoffLedger::default();
        ledger.complete(&arrival("a")).await.unwrap();
        assert_eq!(ledger.get("aurora", "jti-0123456789abcdef").await.unwrap(), None);
    }

    #[tokio::test]
    async fn only_a_pending_claim_is_released() {
        let ledger = MemoryHandoffLedger::default();
        let until = now_unix() + 600;
        let pending = arrival("a");
        assert_eq!(ledger.claim(&pending, until).await.unwrap(), Claim::Won);
        ledger.release(&pending).await.unwrap();
        assert_eq!(ledger.claim(&pending, until).await.unwrap(), Claim::Won, "released: claimable again");
        let mut done = pending.clone();
        done.destination = Some("/draft/d".into());
        ledger.complete(&done).await.unwrap();
        ledger.release(&pending).await.unwrap();
        assert_eq!(ledger.get("aurora", &pending.jti).await.unwrap(), Some(done), "a completed arrival stays");
    }

    #[test]
    fn an_unanswered_claim_is_settled_by_what_the_read_finds() {
        let timeout = Error::new(ErrorKind::Timeout, "Request timed out.");
        let mine = arrival("a");
        assert_eq!(settle(Ok(Some(mine.clone())), &mine, &timeout).unwrap(), Claim::Won, "its own record: it won");
        let other = arrival("b");
        assert_eq!(settle(Ok(Some(other.clone())), &mine, &timeout).unwrap(), Claim::Taken(Some(other)));
        // The same guest's earlier attempt is not this one (its nonce differs).
        let earlier = arrival("a");
        assert_eq!(settle(Ok(Some(earlier.clone())), &mine, &timeout).unwrap(), Claim::Taken(Some(earlier)));
        assert!(matches!(settle(Ok(None), &mine, &timeout), Err(StoreError::Unavailable(_))), "nothing consumed");
        assert_eq!(settle(Err(StoreError::Corrupt("x".into())), &mine, &timeout).unwrap(), Claim::Taken(None));
        let down = settle(Err(StoreError::Unavailable("down".into())), &mine, &timeout);
        assert!(matches!(down, Err(StoreError::Unavailable(_))), "still unknown: {down:?}");
    }

    #[test]
    fn a_record_keeps_only_the_hash_of_its_nonce() {
        let nonce = new_nonce();
        assert_eq!(nonce.len(), 32);
        assert_ne!(nonce, new_nonce());
        let record = HandoffArrival::claim("aurora", "j", "g", 1, &claimant(&nonce));
        let json = serde_json::to_string(&record).unwrap();
        assert!(!json.contains(&nonce));
        assert_eq!(record.claimant.as_deref(), Some(claimant(&nonce).as_str()));
        assert_eq!(claimant(&nonce).len(), 64);
        // Records written before the nonce still read, and are written as they were.
        let old = r#"{"consumed":true,"consumed_at":1,"tenant":"aurora","jti":"j","guest":"g"}"#;
        let parsed: HandoffArrival = serde_json::from_str(old).unwrap();
        assert_eq!(parsed.claimant, None);
        assert!(!serde_json::to_string(&parsed).unwrap().contains("claimant"));
    }

    #[tokio::test]
    async fn records_are_keyed_by_tenant() {
        let ledger = MemoryHandoffLedger::default();
        let until = now_unix() + 600;
        let mut other = arrival("a");
        other.tenant = "kestrel".into();
        assert_eq!(ledger.claim(&arrival("a"), until).await.unwrap(), Claim::Won);
        assert_eq!(ledger.claim(&other, until).await.unwrap(), Claim::Won);
    }
}
