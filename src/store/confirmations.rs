//! ConfirmationView cache: written once a booking is confirmed, read by the
//! confirmation page. A miss is rebuilt from the reservations upstream by the
//! caller, so losing this cache loses nothing.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use tower_sessions_redis_store::fred::prelude::*;
use tower_sessions_redis_store::fred::types::Expiration;

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
    async fn put(&self, tenant: &str, reference: &str, record: &ConfirmationRecord) -> Result<(), StoreError>;
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

#[async_trait]
impl ConfirmationStore for RedisConfirmationStore {
    async fn put(&self, tenant: &str, reference: &str, record: &ConfirmationRecord) -> Result<(), StoreError> {
        let body = serde_json::to_string(record).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let expire = Expiration::EX(CONFIRMATION_TTL.as_secs() as i64);
        let _: () = self
            .pool
            .set(key(tenant, reference), body, Some(expire), None, false)
            .await
            .map_err(|e| StoreError::Unavailable(e.to_string()))?;
        Ok(())
    }

    async fn get(&self, tenant: &str, reference: &str) -> Result<Option<ConfirmationRecord>, StoreError> {
        let raw: Option<String> =
            self.pool.get(key(tenant, reference)).await.map_err(|e| StoreError::Unavailable(e.to_string()))?;
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

    async fn get(&self, tenant: &str, reference: &str) -> Result<Option<ConfirmationRecord>, StoreError> {
        let records = self.records.lock().unwrap_or_else(|e| e.into_inner());
        Ok(records
            .get(&key(tenant, reference))
            .filter(|(_, at)| at.elapsed() < CONFIRMATION_TTL)
            .map(|(r, _)| r.clone()))
    }
}
