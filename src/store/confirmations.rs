//! ConfirmationView cache: written once a booking is confirmed, read by the
//! confirmation page. A miss is rebuilt by the caller (from the settled draft, or
//! from the reservations upstream), so losing this cache loses nothing. A rebuild
//! only ever adds a missing record ([`ConfirmationStore::put_if_absent`]): it may
//! race the settle that writes the authoritative one, and must never replace it.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use tower_sessions_redis_store::fred::prelude::*;
use tower_sessions_redis_store::fred::types::{Expiration, SetOptions};

use super::KEY_PREFIX;
use super::drafts::StoreError;

pub const CONFIRMATION_TTL: Duration = Duration::from_secs(60 * 60 * 24 * 30);

/// What is cached: the view plus who may see it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ConfirmationRecord {
    /// The booking session's guest key.
    pub owner: String,
    /// The guest's e-mail, lower-cased, for the lookup form.
    pub email: String,
    pub view: serde_json::Value,
}

#[async_trait]
pub trait ConfirmationStore: Send + Sync {
    /// Writes the record, replacing any: the settle that confirmed the booking.
    async fn put(&self, tenant: &str, reference: &str, record: &ConfirmationRecord) -> Result<(), StoreError>;
    /// Writes the record only if there is none; `false` when one was there.
    async fn put_if_absent(
        &self,
        tenant: &str,
        reference: &str,
        record: &ConfirmationRecord,
    ) -> Result<bool, StoreError>;
    /// Drops the cached record, so the next read rebuilds it (operators, tests).
    async fn evict(&self, tenant: &str, reference: &str) -> Result<(), StoreError>;
    async fn get(&self, tenant: &str, reference: &str) -> Result<Option<ConfirmationRecord>, StoreError>;
}

pub struct RedisConfirmationStore {
    pool: Pool,
}

impl RedisConfirmationStore {
    pub fn new(pool: Pool) -> Self {
        Self { pool }
    }
}

fn key(tenant: &str, reference: &str) -> String {
    format!("{KEY_PREFIX}confirmation:{tenant}:{reference}")
}

impl RedisConfirmationStore {
    /// SET with the TTL and `option`; `true` when written.
    async fn write(
        &self,
        tenant: &str,
        reference: &str,
        record: &ConfirmationRecord,
        option: Option<SetOptions>,
    ) -> Result<bool, StoreError> {
        let body = serde_json::to_string(record).map_err(|e| StoreError::Corrupt(e.into()))?;
        let expire = Expiration::EX(CONFIRMATION_TTL.as_secs() as i64);
        let written: Option<String> = self
            .pool
            .set(key(tenant, reference), body, Some(expire), option, false)
            .await
            .map_err(|e| StoreError::Unavailable(e.into()))?;
        Ok(written.is_some())
    }
}

#[async_trait]
impl ConfirmationStore for RedisConfirmationStore {
    async fn put(&self, tenant: &str, reference: &str, record: &ConfirmationRecord) -> Result<(), StoreError> {
        self.write(tenant, reference, record, None).await.map(drop)
    }

    async fn put_if_absent(
        &self,
        tenant: &str,
        reference: &str,
        record: &ConfirmationRecord,
    ) -> Result<bool, StoreError> {
        self.write(tenant, reference, record, Some(SetOptions::NX)).await
    }

    async fn evict(&self, tenant: &str, reference: &str) -> Result<(), StoreError> {
        let _: i64 = self.pool.del(key(tenant, reference)).await.map_err(|e| StoreError::Unavailable(e.into()))?;
        Ok(())
    }

    async fn get(&self, tenant: &str, reference: &str) -> Result<Option<ConfirmationRecord>, StoreError> {
        let raw: Option<String> =
            self.pool.get(key(tenant, reference)).await.map_err(|e| StoreError::Unavailable(e.into()))?;
        // An unreadable record is a cache miss: the caller rebuilds it.
        Ok(raw.and_then(|r| serde_json::from_str(&r).ok()))
    }
}

#[derive(Default)]
pub struct MemoryConfirmationStore {
    records: Mutex<HashMap<String, (ConfirmationRecord, Instant)>>,
}

#[async_trait]
impl ConfirmationStore for MemoryConfirmationStore {
    async fn put(&self, tenant: &str, reference: &str, record: &ConfirmationRecord) -> Result<(), StoreError> {
        let mut records = self.records.lock().unwrap_or_else(|e| e.into_inner());
        records.insert(key(tenant, reference), (record.clone(), Instant::now()));
        Ok(())
    }

    async fn put_if_absent(
        &self,
        tenant: &str,
        reference: &str,
        record: &ConfirmationRecord,
    ) -> Result<bool, StoreError> {
        let mut records = self.records.lock().unwrap_or_else(|e| e.into_inner());
        let key = key(tenant, reference);
        if records.get(&key).is_some_and(|(_, at)| at.elapsed() < CONFIRMATION_TTL) {
            return Ok(false);
        }
        records.insert(key, (record.clone(), Instant::now()));
        Ok(true)
    }

    async fn evict(&self, tenant: &str, reference: &str) -> Result<(), StoreError> {
        self.records.lock().unwrap_or_else(|e| e.into_inner()).remove(&key(tenant, reference));
        Ok(())
    }

    async fn get(&self, tenant: &str, reference: &str) -> Result<Option<ConfirmationRecord>, StoreError> {
        let records = self.records.lock().unwrap_or_else(|e| e.into_inner());
        Ok(records
            .get(&key(tenant, reference))
            .filter(|(_, at)| at.elapsed() < CONFIRMATION_TTL)
            .map(|(r, _)| r.clone()))
    }
}
