//! The yardstick: the least any implementation must do for a search page, so
//! `bench/run` reports the service as ratios measured side by side rather than
//! as absolute numbers on a noisy machine.
//!
//! Per `GET /search` it does one Redis GET of the session named by the `sid`
//! cookie (the same fred pool settings as the service), one upstream call over
//! keep-alive to the availability endpoint (the service's own shared reqwest
//! client) whose body it reads in full, and answers with a pre-rendered body:
//! the bytes the service itself sent for the same page, captured by `bench/run`
//! (compressed when it captured them compressed). Nothing else: no templates,
//! no tenancy, no layers.
//!
//! Environment: `LISTEN_ADDR` (default 127.0.0.1:0; the bound address is
//! printed), `REDIS_URL`, `UPSTREAM_URL` (the demo platform), `PROPERTY`,
//! `BODY_FILE`, and `BODY_ENCODING` (the body's content encoding, if any).

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::header::{CONTENT_ENCODING, CONTENT_TYPE, COOKIE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use bff_tenant_booking::store::redis::{RedisPool, connect, tls_connector, wants_tls};
use tower_sessions_redis_store::fred::prelude::*;

struct Yardstick {
    redis: RedisPool,
    http: reqwest::Client,
    availability_url: String,
    body: Bytes,
    encoding: Option<HeaderValue>,
}

fn env(name: &str) -> Result<String, String> {
    std::env::var(name).map_err(|_| format!("{name} is required"))
}

#[tokio::main]
async fn main() -> Result<(), String> {
    let listen: SocketAddr = std::env::var("LISTEN_ADDR")
        .unwrap_or_else(|_| "127.0.0.1:0".into())
        .parse()
        .map_err(|e| format!("LISTEN_ADDR: {e}"))?;
    let redis_url = env("REDIS_URL")?;
    let ca_file = std::env::var_os("REDIS_CA_FILE").map(std::path::PathBuf::from);
    let tls =
        wants_tls(&redis_url).then(|| tls_connector(ca_file.as_deref())).transpose().map_err(|e| e.to_string())?;
    let redis = connect(&redis_url, tls).await.map_err(|e| format!("REDIS_URL: {e}"))?;
    let upstream = env("UPSTREAM_URL")?;
    let property = env("PROPERTY")?;
    let body_file = env("BODY_FILE")?;
    let body = std::fs::read(&body_file).map_err(|e| format!("{body_file}: {e}"))?;
    let encoding = match std::env::var("BODY_ENCODING").ok().filter(|e| !e.is_empty()) {
        Some(e) => Some(HeaderValue::from_str(&e).map_err(|e| format!("BODY_ENCODING: {e}"))?),
        None => None,
    };
    let state = Arc::new(Yardstick {
        redis,
        http: bff_tenant_booking::upstream::shared_client(),
        availability_url: format!("{}/v1/properties/{property}/availability", upstream.trim_end_matches('/')),
        body: Bytes::from(body),
        encoding,
    });
    let app = Router::new().route("/search", get(search)).with_state(state);
    let listener = tokio::net::TcpListener::bind(listen).await.map_err(|e| format!("{listen}: {e}"))?;
    println!("yardstick listening on http://{}", listener.local_addr().map_err(|e| e.to_string())?);
    axum::serve(listener, app).await.map_err(|e| e.to_string())
}

fn session_id(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == "sid")
        .map(|(_, v)| v)
}

async fn search(State(y): State<Arc<Yardstick>>, headers: HeaderMap, RawQuery(query): RawQuery) -> Response {
    // One Redis GET of the session.
    if let Some(id) = session_id(&headers) {
        let key = format!("bff-tenant-booking:session:{id}");
        if let Err(e) = y.redis.get::<Option<Vec<u8>>, _>(key).await {
            return (StatusCode::SERVICE_UNAVAILABLE, e.to_string()).into_response();
        }
    }
    // One upstream call over keep-alive, its body read in full.
    let url = format!("{}?{}&rooms=1", y.availability_url, query.unwrap_or_default());
    let upstream = y.http.get(url).timeout(Duration::from_millis(2_500)).header("accept", "application/json").send();
    match upstream.await {
        Ok(res) if res.status().is_success() => {
            if let Err(e) = res.bytes().await {
                return (StatusCode::BAD_GATEWAY, e.to_string()).into_response();
            }
        }
        Ok(res) => return (StatusCode::BAD_GATEWAY, format!("upstream {}", res.status())).into_response(),
        Err(e) => return (StatusCode::BAD_GATEWAY, e.to_string()).into_response(),
    }
    // The pre-rendered page.
    let mut res =
        (StatusCode::OK, [(CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"))], y.body.clone())
            .into_response();
    if let Some(encoding) = &y.encoding {
        res.headers_mut().insert(CONTENT_ENCODING, encoding.clone());
    }
    res
}
