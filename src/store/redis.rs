//! The one fred pool of the process. Commands time out well under a second and
//! the pool reconnects forever, so a Redis restart heals by itself and a Redis
//! that accepts connections but never answers cannot hang a guest's request.

use std::time::Duration;

use tower_sessions_redis_store::fred::prelude::*;
use tower_sessions_redis_store::fred::types::config::{ReconnectPolicy, UnresponsiveConfig};

pub use tower_sessions_redis_store::fred::prelude::Pool as RedisPool;

pub const COMMAND_TIMEOUT: Duration = Duration::from_millis(500);

pub async fn connect(url: &str) -> Result<Pool, Error> {
    let config = Config::from_url(url)?;
    let pool = Builder::from_config(config)
        .with_connection_config(|c| {
            c.connection_timeout = Duration::from_millis(1_000);
            c.internal_command_timeout = Duration::from_millis(1_000);
            c.max_command_attempts = 1;
            c.unresponsive =
                UnresponsiveConfig { max_timeout: Some(Duration::from_secs(2)), interval: Duration::from_millis(500) };
        })
        .with_performance_config(|p| {
            p.default_command_timeout = COMMAND_TIMEOUT;
        })
        // max_attempts 0: retry forever, 50 ms doubling to 2 s.
        .set_policy(ReconnectPolicy::new_exponential(0, 50, 2_000, 2))
        .build_pool(4)?;
    pool.init().await?;
    Ok(pool)
}
