//! Rate limits behind a load balancer, through the real server: the client is
//! taken from `X-Forwarded-For` / `Forwarded` only when the peer is one of
//! `TRUSTED_PROXIES`, IPv6 clients share their /64, sign-in is limited per
//! account as well as per address, and with Redis every instance shares one
//! count (sign-in fails closed when Redis is gone; other mutations fall back to
//! the instance's own buckets).

use crate::common::{Guest, RedisServer, TestApp};
use bff_tenant_booking::proxies::TrustedProxies;
use bff_tenant_booking::secret::Secret;
use reqwest::StatusCode;

const AURORA: &str = "aurora.localhost";
const KESTREL: &str = "kestrel.localhost";

fn behind_loopback_proxy() -> TrustedProxies {
    TrustedProxies::parse("127.0.0.1/32").unwrap()
}

/// `POST /consent` (a mutation that needs no session) as `client`, as the load
/// balancer forwards it.
async fn consent_as(guest: &Guest, forwarded: (&str, &str)) -> StatusCode {
    let form = [("decision", "accept"), ("return", "/")];
    let res = guest.client.post(guest.url(AURORA, "/consent")).header(forwarded.0, forwarded.1).form(&form).send();
    res.await.unwrap().status()
}

async fn sign_in_as(guest: &Guest, host: &str, client: &str, email: &str, password: &str) -> reqwest::Response {
    let form = [("email", email), ("password", password), ("return", "/")];
    let req = guest.client.post(guest.url(host, "/signin")).header("x-forwarded-for", client).form(&form);
    req.send().await.unwrap()
}

#[tokio::test]
async fn clients_behind_a_trusted_proxy_get_their_own_buckets() {
    let app = TestApp::spawn_with(|s| {
        s.trusted_proxies = behind_loopback_proxy();
        s.rate_per_client = (1, 2);
    })
    .await;
    let guest = app.guest();
    let a = ("x-forwarded-for", "192.0.2.1, 203.0.113.7");
    assert_eq!(consent_as(&guest, a).await, StatusCode::SEE_OTHER);
    assert_eq!(consent_as(&guest, a).await, StatusCode::SEE_OTHER);
    assert_eq!(consent_as(&guest, a).await, StatusCode::TOO_MANY_REQUESTS);
    // Another client of the same balancer; what client A wrote left of the
    // balancer's own hop does not matter.
    assert_eq!(consent_as(&guest, ("x-forwarded-for", "203.0.113.7, 198.51.100.9")).await, StatusCode::SEE_OTHER);
    assert_eq!(consent_as(&guest, ("forwarded", "for=198.51.100.10;proto=https")).await, StatusCode::SEE_OTHER);

    let metrics = app.metrics().await;
    assert!(metrics.contains(r#"rate_limited_total{scope="client"} 1"#), "{metrics}");
    assert!(!metrics.contains("203.0.113") && !metrics.contains("198.51.100"), "no client input in labels");
}

#[tokio::test]
async fn an_untrusted_peers_forwarding_headers_are_ignored() {
    // Nothing trusted (the default): the loopback peer is the client, whatever it says.
    let app = TestApp::spawn_with(|s| s.rate_per_client = (1, 2)).await;
    let guest = app.guest();
    assert_eq!(consent_as(&guest, ("x-forwarded-for", "203.0.113.1")).await, StatusCode::SEE_OTHER);
    assert_eq!(consent_as(&guest, ("x-forwarded-for", "203.0.113.2")).await, StatusCode::SEE_OTHER);
    assert_eq!(consent_as(&guest, ("x-forwarded-for", "203.0.113.3")).await, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(consent_as(&guest, ("forwarded", "for=203.0.113.4")).await, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn ipv6_clients_share_a_bucket_per_64() {
    let app = TestApp::spawn_with(|s| {
        s.trusted_proxies = behind_loopback_proxy();
        s.rate_per_client = (1, 2);
    })
    .await;
    let guest = app.guest();
    assert_eq!(consent_as(&guest, ("x-forwarded-for", "2001:db8:1:2::1")).await, StatusCode::SEE_OTHER);
    assert_eq!(consent_as(&guest, ("x-forwarded-for", "2001:db8:1:2:ffff::9")).await, StatusCode::SEE_OTHER);
    assert_eq!(consent_as(&guest, ("x-forwarded-for", "2001:db8:1:2::3")).await, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(consent_as(&guest, ("x-forwarded-for", "2001:db8:1:3::1")).await, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn ten_wrong_passwords_lock_that_account_but_not_another_guest() {
    let app = TestApp::spawn_with(|s| s.trusted_proxies = behind_loopback_proxy()).await;
    let attacker = app.guest();
    for _ in 0..10 {
        let res = sign_in_as(&attacker, AURORA, "203.0.113.66", "ada@example.com", "guess").await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }
    // Ada's account on Aurora is locked, from any address and however it is spelled.
    let ada = app.guest();
    let res = sign_in_as(&ada, AURORA, "198.51.100.20", "ada@example.com", "demo-gold").await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(res.headers().contains_key("retry-after"));
    let res = sign_in_as(&ada, AURORA, "198.51.100.21", "ADA@Example.com", "demo-gold").await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    // Another guest on another tenant behind the same balancer signs in.
    let grace = app.guest();
    let res = sign_in_as(&grace, KESTREL, "198.51.100.30", "grace@example.com", "demo-platinum").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    // The same e-mail on another tenant is another account.
    let res = sign_in_as(&app.guest(), KESTREL, "198.51.100.31", "ada@example.com", "demo-gold").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
}

fn with_redis(
    redis: &RedisServer,
    configure: impl FnOnce(&mut bff_tenant_booking::config::Settings),
) -> impl FnOnce(&mut bff_tenant_booking::config::Settings) {
    let url = redis.url();
    move |s| {
        s.redis_url = Some(Secret::new(url));
        configure(s);
    }
}

#[tokio::test]
async fn instances_sharing_one_redis_share_the_sign_in_count() {
    let redis = RedisServer::start().await;
    let one = TestApp::spawn_with(with_redis(&redis, |s| s.rate_sign_in = (1, 3))).await;
    let two = TestApp::spawn_with(with_redis(&redis, |s| s.rate_sign_in = (1, 3))).await;
    for app in [&one, &two, &one] {
        let res = app.guest().sign_in(AURORA, "alan@example.com", "guess", "/").await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }
    let res = two.guest().sign_in(AURORA, "ada@example.com", "demo-gold", "/").await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS, "the fourth attempt from this address, on any instance");
    assert!(res.headers().contains_key("retry-after"));
    // The counts are keyed by digests: no address or e-mail in a key name.
    let keys = redis.cli(&["--scan", "--pattern", "bff-tenant-booking:rl:*"]);
    assert!(!keys.is_empty());
    assert!(!keys.contains("127.0.0.1") && !keys.contains("example.com"), "{keys}");
}

#[tokio::test]
async fn without_redis_sign_in_fails_closed_and_other_mutations_use_local_buckets() {
    let mut redis = RedisServer::start().await;
    let app = TestApp::spawn_with(with_redis(&redis, |s| s.rate_per_client = (1, 3))).await;
    let guest = app.guest();
    redis.stop();
    let res = guest.sign_in(AURORA, "ada@example.com", "demo-gold", "/").await;
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE, "no unlimited password oracle during an outage");
    assert!(res.headers().contains_key("retry-after"));
    // Consent needs no Redis: still answered, still limited by this instance's
    // buckets (where the sign-in above took the first of three).
    let consent = ("x-ignored", "1");
    assert_eq!(consent_as(&guest, consent).await, StatusCode::SEE_OTHER);
    assert_eq!(consent_as(&guest, consent).await, StatusCode::SEE_OTHER);
    assert_eq!(consent_as(&guest, consent).await, StatusCode::TOO_MANY_REQUESTS);
}
