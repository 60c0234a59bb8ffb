//! A tower-sessions store over the shared fred pool. It does what
//! tower-sessions-redis-store does (SET NX on create, SET XX on save, so a
//! session deleted by an id cycle is never resurrected by a concurrent request)
//! and adds what that crate cannot: a key prefix per service.

use async_trait::async_trait;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, SessionStore};
use tower_sessions_redis_store::fred::prelude::*;
use tower_sessions_redis_store::fred::types::{Expiration, SetOptions};

use super::KEY_PREFIX;

#[derive(Clone)]
pub struct RedisSessionStore {
    pool: Pool,
}

impl std::fmt::Debug for RedisSessionStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RedisSessionStore")
    }
}

impl RedisSessionStore {
    pub fn new(pool: Pool) -> Self {
        Self { pool }
    }

    fn key(id: &Id) -> String {
        format!("{KEY_PREFIX}session:{id}")
    }

    async fn write(&self, record: &Record, option: SetOptions) -> session_store::Result<bool> {
        let body = serde_json::to_vec(record).map_err(|e| session_store::Error::Encode(e.to_string()))?;
        let expire = Expiration::EXAT(record.expiry_date.unix_timestamp());
        let written: Option<String> = self
            .pool
            .set(Self::key(&record.id), body.as_slice(), Some(expire), Some(option), false)
            .await
            .map_err(|e| session_store::Error::Backend(e.to_string()))?;
        Ok(written.is_some())
    }
}

#[async_trait]
impl SessionStore for RedisSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        while !self.write(record, SetOptions::NX).await? {
            record.id = Id::default();
        }
        Ok(())
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        self.write(record, SetOptions::XX).await.map(drop)
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let body: Option<Vec<u8>> =
            self.pool.get(Self::key(id)).await.map_err(|e| session_store::Error::Backend(e.to_string()))?;
        match body {
            None => Ok(None),
            // A record we cannot read is treated as absent: the guest gets a new
            // session rather than an error page.
            Some(body) => Ok(serde_json::from_slice(&body).ok()),
        }
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        let _: i64 = self.pool.del(Self::key(id)).await.map_err(|e| session_store::Error::Backend(e.to_string()))?;
        Ok(())
    }
}

/// The session store chosen at start-up: process memory, or Redis.
#[derive(Debug, Clone)]
pub enum AnyStore {
    Memory(tower_sessions::MemoryStore),
    Redis(RedisSessionStore),
}

#[async_trait]
impl SessionStore for AnyStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        match self {
            Self::Memory(s) => s.create(record).await,
            Self::Redis(s) => s.create(record).await,
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        match self {
            Self::Memory(s) => s.save(record).await,
            Self::Redis(s) => s.save(record).await,
        }
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        match self {
            Self::Memory(s) => s.load(id).await,
            Self::Redis(s) => s.load(id).await,
        }
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        match self {
            Self::Memory(s) => s.delete(id).await,
            Self::Redis(s) => s.delete(id).await,
        }
    }
}
