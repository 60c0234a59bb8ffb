//! The cross-BFF handoff (DESIGN §5) through the real server: the interstitial
//! that never consumes, single use across two instances on one Redis, replay by the
//! same session, tampering, tenants, key rotation, fail-closed Redis, bootstrap,
//! session cycling, claims whose answer times out, and the `mint-handoff`
//! command.

use std::sync::Arc;
use std::time::Duration;

use crate::common::{Guest, RedisServer, TestApp, day, header, location, session_cookie};
use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use bff_tenant_booking::domain::handoff::{self, HandoffClaims, HandoffKeys, HandoffSelection};
use bff_tenant_booking::secret::Secret;
use hmac::{Hmac, KeyInit, Mac};
use reqwest::StatusCode;
use serde_json::{Value, json};

const AURORA: &str = "aurora.localhost";
const KESTREL: &str = "kestrel.localhost";
const K1: &str = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
const K2: &str = "S0VZLXR3by1rZXktdHdvLWtleS10d28ta2V5LXR3by0=";

fn now() -> i64 {
    jiff::Timestamp::now().as_second()
}

fn selection(property: &str, room: Option<(&str, &str)>, checkin: String, checkout: String) -> HandoffSelection {
    HandoffSelection {
        property: property.into(),
        checkin,
        checkout,
        adults: 2,
        children: vec![],
        rooms: 1,
        parties: None,
        room_type: room.map(|(r, _)| r.to_owned()),
        rate_plan: room.map(|(_, p)| p.to_owned()),
        promo: None,
        currency: None,
        locale: None,
    }
}

/// Aurora Lisbon, a classic double at the flexible rate, 2 nights.
fn lisbon_claims() -> HandoffClaims {
    let t = now();
    HandoffClaims {
        jti: handoff::new_jti(),
        tenant: "aurora".into(),
        iat: t,
        exp: t + 600,
        selection: selection("aurora-lisbon", Some(("classic-double", "flex")), day(2), day(4)),
        attribution: [("utm_campaign".to_owned(), "summer".to_owned())].into_iter().collect(),
    }
}

fn skye_claims() -> HandoffClaims {
    HandoffClaims {
        tenant: "kestrel".into(),
        selection: selection("kestrel-skye", Some(("snug", "saver")), day(3), day(4)),
        ..lisbon_claims()
    }
}

fn demo_token(claims: &HandoffClaims) -> String {
    handoff::mint(claims, handoff::DEMO_KID, &HandoffKeys::demo()).unwrap()
}

fn lisbon_token() -> String {
    demo_token(&lisbon_claims())
}

/// Signs any payload bytes with the demo key, as a careless minter might.
fn sign_raw(payload: &[u8], tenant: &str, jti: &str, iat: i64, exp: i64) -> String {
    let signing = handoff::signing_string(handoff::DEMO_KID, tenant, jti, iat, exp, payload);
    let key = STANDARD.decode(handoff::DEMO_KEY_B64).unwrap();
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(&key).unwrap();
    mac.update(signing.as_bytes());
    let sig = mac.finalize().into_bytes();
    format!("v1.{}.{}.{}", handoff::DEMO_KID, URL_SAFE_NO_PAD.encode(payload), URL_SAFE_NO_PAD.encode(sig))
}

async fn consume(guest: &Guest, host: &str, token: &str) -> reqwest::Response {
    guest.client.post(guest.url(host, "/handoff/consume")).form(&[("t", token)]).send().await.unwrap()
}

async fn consume_json(guest: &Guest, host: &str, token: &str) -> reqwest::Response {
    guest
        .client
        .post(guest.url(host, "/handoff/consume"))
        .header("accept", "application/json")
        .json(&json!({ "t": token }))
        .send()
        .await
        .unwrap()
}

/// Consumes through the page form and returns the draft path it lands on.
async fn consume_to_draft(guest: &Guest, host: &str, token: &str) -> String {
    let res = consume(guest, host, token).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "{}", res.text().await.unwrap());
    let draft = location(&res);
    assert!(draft.starts_with("/draft/"), "{draft}");
    draft
}

async fn bootstrap(guest: &Guest, host: &str) -> Value {
    let res = guest.get_json(host, "/bootstrap").await;
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.unwrap()
}

// ---------------------------------------------------------------------------
// The interstitial
// ---------------------------------------------------------------------------

#[tokio::test]
async fn the_interstitial_posts_the_token_and_is_never_cached_or_referred() {
    let app = TestApp::spawn().await;
    let guest = app.guest();
    let token = lisbon_token();

    let res = guest.get(AURORA, &format!("/handoff?t={token}")).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(header(&res, "cache-control"), "no-store");
    assert_eq!(header(&res, "referrer-policy"), "no-referrer");
    assert!(session_cookie(&res).is_none(), "looking at the interstitial starts no session");
    let html = res.text().await.unwrap();
    assert!(html.contains(r#"action="/handoff/consume" method="post""#), "a plain form for browsers without JS");
    assert!(html.contains(r#"hx-post="/handoff/consume""#), "{html}");
    assert!(html.contains(r#"hx-trigger="load"#), "auto-submitted by htmx on load");
    assert!(html.contains(&format!(r#"name="t" value="{token}""#)));
    assert!(html.contains(r#"<button type="submit""#));
    assert!(!html.contains("<script>"), "no inline script (the CSP forbids it)");

    let res = guest.client.head(guest.url(AURORA, &format!("/handoff?t={token}"))).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(header(&res, "cache-control"), "no-store");
    assert_eq!(header(&res, "referrer-policy"), "no-referrer");
}

#[tokio::test]
async fn the_interstitial_refuses_what_is_not_token_shaped_without_echoing_it() {
    let app = TestApp::spawn().await;
    let guest = app.guest();
    for (query, code) in [
        ("", "malformed"),
        ("t=not-a-token", "malformed"),
        (&format!("t=v1.{}", "a".repeat(5000)) as &str, "too-large"),
    ] {
        let res = guest.get_json(AURORA, &format!("/handoff?{query}")).await;
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(header(&res, "cache-control"), "no-store", "errors are not cached either");
        assert_eq!(header(&res, "referrer-policy"), "no-referrer");
        let problem: Value = res.json().await.unwrap();
        assert_eq!(problem["type"], format!("/problems/{code}"));
        assert!(!problem.to_string().contains("not-a-token"));
    }
}

#[tokio::test]
async fn a_storm_of_gets_and_heads_leaves_the_link_usable() {
    let app = TestApp::spawn().await;
    let token = lisbon_token();
    let scanner = app.guest();
    let path = format!("/handoff?t={token}");
    let storm = (0..30).map(|i| {
        let request = if i % 2 == 0 {
            scanner.client.get(scanner.url(AURORA, &path))
        } else {
            scanner.client.head(scanner.url(AURORA, &path))
        };
        request.send()
    });
    for res in futures::future::join_all(storm).await {
        assert_eq!(res.unwrap().status(), StatusCode::OK);
    }
    consume_to_draft(&app.guest(), AURORA, &token).await;
}

// ---------------------------------------------------------------------------
// Consuming
// ---------------------------------------------------------------------------

#[tokio::test]
async fn a_link_lands_on_a_quoted_draft_and_the_same_session_gets_it_back() {
    let app = TestApp::spawn().await;
    let guest = app.guest();
    let token = lisbon_token();

    let draft = consume_to_draft(&guest, AURORA, &token).await;
    let res = guest.get_json(AURORA, &draft).await;
    assert_eq!(res.status(), StatusCode::OK);
    let view: Value = res.json().await.unwrap();
    assert_eq!(view["state"], "quoted", "{view}");
    assert_eq!(view["roomType"]["id"], "classic-double");
    assert_eq!(view["ratePlan"]["id"], "flex");
    assert_eq!(view["stay"]["checkin"], day(2));

    // A refresh or the back button re-posts: the same draft, no second one.
    assert_eq!(consume_to_draft(&guest, AURORA, &token).await, draft);
    let res = consume_json(&guest, AURORA, &token).await;
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value = res.json().await.unwrap();
    assert_eq!(format!("/draft/{}", body["draftId"].as_str().unwrap()), draft);
}

#[tokio::test]
async fn another_session_gets_409_after_a_consume() {
    let app = TestApp::spawn().await;
    let token = lisbon_token();
    consume_to_draft(&app.guest(), AURORA, &token).await;

    let res = consume(&app.guest(), AURORA, &token).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let html = res.text().await.unwrap();
    assert!(html.contains("This link has already been used."), "{html}");

    let res = consume_json(&app.guest(), AURORA, &token).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(header(&res, "content-type"), "application/problem+json");
    let problem: Value = res.json().await.unwrap();
    assert_eq!(problem["type"], "/problems/already-used");
}

#[tokio::test]
async fn a_json_client_consumes_with_a_json_body() {
    let app = TestApp::spawn().await;
    let guest = app.guest();
    let res = consume_json(&guest, AURORA, &lisbon_token()).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let id = location(&res);
    let body: Value = res.json().await.unwrap();
    let draft_id = body["draftId"].as_str().unwrap();
    assert_eq!(id, format!("/draft/{draft_id}"));
    assert_eq!(body["draft"]["id"], draft_id);
    assert_eq!(body["draft"]["state"], "quoted");
    assert_eq!(body["handoffPayload"]["selection"]["property"], "aurora-lisbon");
    assert_eq!(body["next"], format!("/draft/{draft_id}"));
}

#[tokio::test]
async fn htmx_gets_a_full_navigation_not_a_swap() {
    let app = TestApp::spawn().await;
    let guest = app.guest();
    let res = guest
        .client
        .post(guest.url(AURORA, "/handoff/consume"))
        .header("hx-request", "true")
        .form(&[("t", lisbon_token())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert!(header(&res, "hx-redirect").starts_with("/draft/"));
}

#[tokio::test]
async fn a_link_without_room_and_rate_lands_on_the_property_page_with_the_stay() {
    let app = TestApp::spawn().await;
    let guest = app.guest();
    let mut claims = lisbon_claims();
    claims.selection.room_type = None;
    claims.selection.rate_plan = None;
    claims.selection.children = vec![7, 9];
    let token = demo_token(&claims);

    let res = consume(&guest, AURORA, &token).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let next = location(&res);
    assert_eq!(next, format!("/properties/aurora-lisbon?checkin={}&checkout={}&rooms=1&r1=2%2C7%2C9", day(2), day(4)));
    let res = guest.get(AURORA, &next).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().await.unwrap().contains("value=\"flex\""), "rates to choose from");
    assert_eq!(location(&consume(&guest, AURORA, &token).await), next, "the same session again");
    assert_eq!(consume(&app.guest(), AURORA, &token).await.status(), StatusCode::CONFLICT);
    assert!(bootstrap(&guest, AURORA).await["activeDraft"].is_null());
}

async fn double_submit_gets_one_draft(app: &TestApp) {
    let guest = app.guest();
    consume_to_draft(&guest, AURORA, &lisbon_token()).await; // the guest now has a session
    // The first submit is still waiting for its price when the second arrives.
    app.fault(json!({"upstream": "pricing", "latencyMs": 700, "times": 1})).await;
    let token = lisbon_token();
    let (first, second) = tokio::join!(consume(&guest, AURORA, &token), async {
        tokio::time::sleep(Duration::from_millis(150)).await;
        consume(&guest, AURORA, &token).await
    });
    assert_eq!(first.status(), StatusCode::SEE_OTHER);
    assert_eq!(second.status(), StatusCode::SEE_OTHER, "the second waits for the first instead of a 409");
    assert_eq!(location(&first), location(&second));
    assert!(session_cookie(&second).is_none(), "the replay leaves the cycled session alone");
    assert_eq!(
        guest.get(AURORA, &location(&first)).await.status(),
        StatusCode::OK,
        "the browser's session still works"
    );
    let metrics = app.metrics().await;
    assert!(metrics.contains(r#"handoff_outcomes_total{outcome="replayed"}"#), "{metrics}");
}

on_each_store!(
    async fn a_double_submit_from_one_session_gets_one_draft(app: &TestApp) {
        double_submit_gets_one_draft(app).await;
    }
);

async fn failure_after_the_claim_gives_the_link_back(app: &TestApp) {
    let guest = app.guest(); // no session yet: its first answer (a 503) saves none
    let token = lisbon_token();
    app.fault(json!({"upstream": "availability", "status": 503})).await;
    let res = consume(&guest, AURORA, &token).await;
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(session_cookie(&res).is_none());

    reqwest::Client::new().delete(format!("{}/__admin/faults", app.demo_url)).send().await.unwrap();
    consume_to_draft(&guest, AURORA, &token).await;
}

on_each_store!(
    async fn an_upstream_failure_after_the_claim_gives_the_link_back(app: &TestApp) {
        failure_after_the_claim_gives_the_link_back(app).await;
    }
);

#[tokio::test]
async fn consuming_cycles_the_session_id_and_keeps_the_guest() {
    let app = TestApp::spawn().await;
    let guest = app.guest();
    // An earlier draft of this guest, made before the handoff.
    let res = guest.start_lisbon_draft(&day(1), &day(3)).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let earlier = location(&res);
    let before = session_cookie(&res).expect("a session");

    let res = consume(&guest, AURORA, &lisbon_token()).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let after = session_cookie(&res).expect("a new session id");
    assert_ne!(before, after);
    assert_eq!(guest.get(AURORA, &earlier).await.status(), StatusCode::OK, "the guest key survives the cycle");
    assert_eq!(guest.get(AURORA, &location(&res)).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn bootstrap_returns_the_handoff_payload_after_a_consume_only() {
    let app = TestApp::spawn().await;
    let guest = app.guest();
    let before = bootstrap(&guest, AURORA).await;
    assert!(before["handoffPayload"].is_null());
    assert!(before["activeDraft"].is_null());

    let claims = lisbon_claims();
    let draft = consume_to_draft(&guest, AURORA, &demo_token(&claims)).await;
    let after = bootstrap(&guest, AURORA).await;
    let payload = &after["handoffPayload"];
    assert_eq!(payload["jti"], claims.jti);
    assert_eq!(payload["selection"]["property"], "aurora-lisbon");
    assert_eq!(payload["selection"]["room_type"], "classic-double");
    assert_eq!(payload["selection"]["checkin"], day(2));
    assert_eq!(payload["attribution"]["utm_campaign"], "summer");
    assert_eq!(payload["attribution"]["utm_source"], "bff-consumer", "the consumer is the source");
    assert_eq!(format!("/draft/{}", after["activeDraft"]["id"].as_str().unwrap()), draft);
    assert_eq!(after["activeDraft"]["state"], "quoted");

    assert!(bootstrap(&app.guest(), AURORA).await["handoffPayload"].is_null(), "another session sees nothing");
}

#[tokio::test]
async fn consumes_are_counted_by_outcome() {
    let app = TestApp::spawn().await;
    let token = lisbon_token();
    consume_to_draft(&app.guest(), AURORA, &token).await;
    consume(&app.guest(), AURORA, &token).await;
    let metrics = app.metrics().await;
    assert!(metrics.contains(r#"handoff_outcomes_total{outcome="consumed"}"#), "{metrics}");
    assert!(metrics.contains(r#"handoff_outcomes_total{outcome="already-used"}"#));
}

#[tokio::test]
async fn the_handoff_routes_are_in_the_openapi_document() {
    let app = TestApp::spawn().await;
    let doc: Value = reqwest::get(format!("http://{}/openapi.json", app.addr)).await.unwrap().json().await.unwrap();
    assert!(doc["paths"]["/handoff"]["get"].is_object(), "{doc}");
    let consume = &doc["paths"]["/handoff/consume"]["post"];
    assert!(consume["responses"]["409"].is_object() && consume["requestBody"].is_object(), "{consume}");
}

// ---------------------------------------------------------------------------
// Refusals
// ---------------------------------------------------------------------------

/// Replaces the segment `index` of a token.
fn with_part(token: &str, index: usize, value: &str) -> String {
    let mut parts: Vec<&str> = token.split('.').collect();
    parts[index] = value;
    parts.join(".")
}

#[tokio::test]
async fn tampering_with_every_part_is_refused_with_its_code() {
    let app = TestApp::spawn().await;
    let token = lisbon_token();
    let parts: Vec<&str> = token.split('.').collect();
    let mut payload: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[2]).unwrap()).unwrap();
    payload["adults"] = json!(3);
    let changed_payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&payload).unwrap());
    let mut sig = URL_SAFE_NO_PAD.decode(parts[3]).unwrap();
    sig[0] ^= 1;
    let flipped_sig = URL_SAFE_NO_PAD.encode(&sig);

    let t = now();
    // Signed directly: `mint` itself refuses a lifetime over 15 minutes.
    let timed = |iat: i64, exp: i64| {
        let claims = HandoffClaims { iat, exp, ..lisbon_claims() };
        sign_raw(&serde_json::to_vec(&claims).unwrap(), "aurora", &claims.jti, iat, exp)
    };
    let mut bad = serde_json::to_value(lisbon_claims()).unwrap();
    bad["rooms"] = json!(9);
    let bad_payload = sign_raw(
        &serde_json::to_vec(&bad).unwrap(),
        "aurora",
        bad["jti"].as_str().unwrap(),
        bad["iat"].as_i64().unwrap(),
        bad["exp"].as_i64().unwrap(),
    );

    let cases: Vec<(&str, String, StatusCode, &str)> = vec![
        ("version", with_part(&token, 0, "v2"), StatusCode::BAD_REQUEST, "unsupported-version"),
        ("version", with_part(&token, 0, "x1"), StatusCode::BAD_REQUEST, "malformed"),
        ("kid", with_part(&token, 1, "k9"), StatusCode::FORBIDDEN, "unknown-key"),
        ("kid", with_part(&token, 1, "de mo"), StatusCode::BAD_REQUEST, "malformed"),
        ("payload", with_part(&token, 2, &changed_payload), StatusCode::FORBIDDEN, "bad-signature"),
        ("payload", with_part(&token, 2, "e30"), StatusCode::BAD_REQUEST, "malformed"),
        ("sig", with_part(&token, 3, &flipped_sig), StatusCode::FORBIDDEN, "bad-signature"),
        ("sig", with_part(&token, 3, "c2ln"), StatusCode::BAD_REQUEST, "malformed"),
        ("segments", format!("{token}.x"), StatusCode::BAD_REQUEST, "malformed"),
        ("empty", String::new(), StatusCode::BAD_REQUEST, "malformed"),
        ("size", format!("{token}{}", "A".repeat(4096)), StatusCode::BAD_REQUEST, "too-large"),
        ("claims", bad_payload, StatusCode::BAD_REQUEST, "bad-payload"),
        ("expired", timed(t - 1000, t - 200), StatusCode::GONE, "expired"),
        ("not yet valid", timed(t + 600, t + 900), StatusCode::BAD_REQUEST, "not-yet-valid"),
        ("lifetime", timed(t, t + 1000), StatusCode::BAD_REQUEST, "lifetime-too-long"),
    ];
    for (what, bad_token, status, code) in &cases {
        let res = consume_json(&app.guest(), AURORA, bad_token).await;
        assert_eq!(res.status(), *status, "{what}: {code}");
        assert_eq!(header(&res, "cache-control"), "no-store");
        let problem: Value = res.json().await.unwrap();
        assert_eq!(problem["type"], format!("/problems/{code}"), "{what}");
        assert!(!problem["detail"].as_str().unwrap().is_empty());

        let res = consume(&app.guest(), AURORA, bad_token).await;
        assert_eq!(res.status(), *status, "{what}: the page has the same status");
        let html = res.text().await.unwrap();
        assert!(html.contains("<h1>"), "{what}: a clear page");
        for part in bad_token.split('.').filter(|p| p.len() > 8) {
            assert!(!html.contains(part), "{what}: the page never echoes the token");
        }
    }
    // None of that burnt the genuine link.
    consume_to_draft(&app.guest(), AURORA, &token).await;
}

#[tokio::test]
async fn a_kestrel_link_on_aurora_is_refused_and_stays_usable_on_kestrel() {
    let app = TestApp::spawn().await;
    let token = demo_token(&skye_claims());
    let res = consume_json(&app.guest(), AURORA, &token).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let problem: Value = res.json().await.unwrap();
    assert_eq!(problem["type"], "/problems/wrong-tenant");
    assert!(!problem.to_string().contains("Kestrel"), "names no other tenant");

    consume_to_draft(&app.guest(), KESTREL, &token).await;
}

#[tokio::test]
async fn a_rotated_out_kid_is_unknown() {
    let both = format!("k1={K1},k2={K2}");
    let app = TestApp::spawn_with(|s| s.handoff_keys = Some(Secret::new(both.clone()))).await;
    let keys = HandoffKeys::parse(&both).unwrap();
    let k2_token = || handoff::mint(&lisbon_claims(), "k2", &keys).unwrap();
    consume_to_draft(&app.guest(), AURORA, &k2_token()).await;
    let demo = consume_json(&app.guest(), AURORA, &lisbon_token()).await;
    assert_eq!(demo.status(), StatusCode::FORBIDDEN, "configured keys replace the demo key");

    let rotated = TestApp::spawn_with(|s| s.handoff_keys = Some(Secret::new(format!("k1={K1}")))).await;
    let res = consume_json(&rotated.guest(), AURORA, &k2_token()).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(res.json::<Value>().await.unwrap()["type"], "/problems/unknown-key");
    consume_to_draft(&rotated.guest(), AURORA, &handoff::mint(&lisbon_claims(), "k1", &keys).unwrap()).await;
}

#[tokio::test]
async fn an_unparsable_key_spec_stops_start_up() {
    let mut settings = bff_tenant_booking::config::Settings::for_tests();
    settings.handoff_keys = Some(Secret::new("k1=dG9vLXNob3J0".into()));
    let err = bff_tenant_booking::startup::build(settings).await.err().expect("refused");
    let message = err.to_string();
    assert!(message.contains("HANDOFF_KEYS"), "{message}");
    assert!(!message.contains("dG9vLXNob3J0"), "{message}");
}

// ---------------------------------------------------------------------------
// Redis: single use across instances, fail closed
// ---------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_concurrent_consumers_on_two_instances_yield_one_winner() {
    let redis = RedisServer::start().await;
    let (a, b) = (TestApp::with_redis(&redis).await, TestApp::with_redis(&redis).await);
    let claims = lisbon_claims();
    let token = demo_token(&claims);

    let guests: Vec<Guest> = (0..50).map(|i| if i % 2 == 0 { a.guest() } else { b.guest() }).collect();
    let mut results = futures::future::join_all(guests.iter().map(|g| consume(g, AURORA, &token))).await;
    let statuses: Vec<StatusCode> = results.iter().map(|r| r.status()).collect();
    // At once: never two winners. A 503 is an outcome not found out in time (a
    // Redis answer past its 500 ms, an upstream past its timeout, which a loaded
    // machine makes happen): the guest is told to retry, nothing is decided.
    let answered = [StatusCode::SEE_OTHER, StatusCode::CONFLICT, StatusCode::SERVICE_UNAVAILABLE];
    assert!(statuses.iter().all(|s| answered.contains(s)), "{statuses:?}");
    assert!(statuses.iter().filter(|s| **s == StatusCode::SEE_OTHER).count() <= 1, "{statuses:?}");
    // Each guest told to retry does, as its browser would, until answered.
    for _ in 0..100 {
        let retry: Vec<usize> = (0..50).filter(|i| results[*i].status() == StatusCode::SERVICE_UNAVAILABLE).collect();
        if retry.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
        let again = futures::future::join_all(retry.iter().map(|i| consume(&guests[*i], AURORA, &token))).await;
        for (i, res) in retry.into_iter().zip(again) {
            results[i] = res;
        }
    }
    // Once every outcome is known: exactly one winner, every other guest refused.
    let statuses: Vec<StatusCode> = results.iter().map(|r| r.status()).collect();
    let winners: Vec<usize> = (0..50).filter(|i| statuses[*i] == StatusCode::SEE_OTHER).collect();
    assert_eq!(winners.len(), 1, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::CONFLICT).count(), 49, "{statuses:?}");
    let winner = winners[0];
    let draft = location(&results[winner]);

    // The arrival record: consumed, the draft, kept past exp.
    let key = format!("bff-tenant-booking:handoff:aurora:{}", claims.jti);
    let record: Value = serde_json::from_str(&redis.cli(&["GET", &key])).unwrap();
    assert_eq!(record["consumed"], true);
    assert_eq!(format!("/draft/{}", record["draft_id"].as_str().unwrap()), draft);
    let ttl: i64 = redis.cli(&["TTL", &key]).parse().unwrap();
    assert!(ttl > claims.exp - now() + 60, "kept past exp: {ttl}");

    // The winner's session, on the other instance, gets the same draft back.
    let jar = Arc::new(reqwest::cookie::Jar::default());
    let winner_cookie = session_cookie(&results[winner]).unwrap();
    let other = if winner % 2 == 0 { &b } else { &a };
    jar.add_cookie_str(&format!("sid={winner_cookie}"), &other.url(AURORA, "/").parse().unwrap());
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .resolve(AURORA, other.addr)
        .cookie_provider(jar)
        .build()
        .unwrap();
    let mut res = client.post(other.url(AURORA, "/handoff/consume")).form(&[("t", &token)]).send().await.unwrap();
    for _ in 0..100 {
        if res.status() != StatusCode::SERVICE_UNAVAILABLE {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
        res = client.post(other.url(AURORA, "/handoff/consume")).form(&[("t", &token)]).send().await.unwrap();
    }
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), draft);
}

#[tokio::test]
async fn with_redis_down_a_consume_is_503_and_the_link_survives() {
    let mut redis = RedisServer::start().await;
    let app = TestApp::with_redis(&redis).await;
    let guest = app.guest();
    let token = lisbon_token();
    assert_eq!(guest.get(AURORA, &format!("/handoff?t={token}")).await.status(), StatusCode::OK);

    redis.stop();
    let res = consume_json(&guest, AURORA, &token).await;
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(res.json::<Value>().await.unwrap()["type"], "/problems/unavailable");
    assert_eq!(consume(&guest, AURORA, &token).await.status(), StatusCode::SERVICE_UNAVAILABLE);

    redis.restart().await;
    let mut status = StatusCode::SERVICE_UNAVAILABLE;
    for _ in 0..50 {
        let res = consume(&guest, AURORA, &token).await;
        status = res.status();
        if status != StatusCode::SERVICE_UNAVAILABLE {
            assert!(location(&res).starts_with("/draft/"));
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(status, StatusCode::SEE_OTHER, "nothing was consumed while Redis was down");
}

/// The arrival record of a jti as Redis holds it, waiting up to two seconds for
/// it to appear.
async fn landed_record(redis: &RedisServer, jti: &str) -> Value {
    let key = format!("bff-tenant-booking:handoff:aurora:{jti}");
    for _ in 0..40 {
        let raw = redis.cli(&["GET", &key]);
        if !raw.is_empty() {
            return serde_json::from_str(&raw).unwrap();
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("no record for {jti}");
}

/// The `Set-Cookie` of the handoff claim cookie (non-secure name), if any.
fn claim_cookie(res: &reqwest::Response) -> Option<String> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("handoff-claim="))
        .map(str::to_owned)
}

/// A browser without a session that presents `cookie` (`name=value`).
fn browser_with_cookie(app: &TestApp, cookie: &str) -> Guest {
    let jar = Arc::new(reqwest::cookie::Jar::default());
    jar.add_cookie_str(cookie, &app.url(AURORA, "/").parse().unwrap());
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .resolve(AURORA, app.addr)
        .cookie_provider(jar)
        .build()
        .unwrap();
    Guest { client, port: app.addr.port() }
}

/// Issue 12, item 3: the claim's `SET NX` times out (Redis stalls) but lands once
/// Redis goes on. The browser, which had no session, got a 503; its retry must
/// be recognised as the claimant, not turned away as "already used".
#[tokio::test]
async fn a_claim_that_times_out_but_lands_belongs_to_the_browser_that_retries() {
    let redis = RedisServer::start().await;
    let app = TestApp::with_redis(&redis).await;
    let guest = app.guest(); // no session yet: a 503 saves none
    let claims = lisbon_claims();
    let token = demo_token(&claims);

    redis.pause();
    let res = consume(&guest, AURORA, &token).await;
    redis.resume();
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE, "the claim and the read of it time out");
    assert!(session_cookie(&res).is_none(), "a 5xx saves no session");
    let cookie = claim_cookie(&res).expect("the claim's nonce goes with the 503");
    assert!(cookie.contains("; Path=/;") && cookie.contains("; Max-Age=960;"), "{cookie}");
    assert!(cookie.contains("; HttpOnly") && cookie.contains("; SameSite=Lax"), "{cookie}");
    assert!(!cookie.contains("Domain="), "host-only: {cookie}");

    // Redis applies the buffered SET NX: the link is claimed, for nobody yet.
    let record = landed_record(&redis, &claims.jti).await;
    assert!(record["destination"].is_null(), "{record}");

    // A browser that makes up a nonce is a stranger.
    let forger = browser_with_cookie(&app, &format!("handoff-claim={}", "ab".repeat(16)));
    assert_eq!(consume(&forger, AURORA, &token).await.status(), StatusCode::CONFLICT);

    // The same browser's retry is the claimant's: it lands on its draft.
    let draft = consume_to_draft(&guest, AURORA, &token).await;
    assert_eq!(guest.get(AURORA, &draft).await.status(), StatusCode::OK, "the draft is this browser's");
    assert_eq!(consume_to_draft(&guest, AURORA, &token).await, draft, "and posting again replays it");
    let record = landed_record(&redis, &claims.jti).await;
    assert_eq!(record["destination"], draft.as_str());
    let metrics = app.metrics().await;
    assert!(metrics.contains(r#"handoff_outcomes_total{outcome="recovered"}"#), "{metrics}");

    // Anyone else: already used.
    let res = consume_json(&app.guest(), AURORA, &token).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(res.json::<Value>().await.unwrap()["type"], "/problems/already-used");
    assert_eq!(consume(&forger, AURORA, &token).await.status(), StatusCode::CONFLICT);
}

/// A claim whose answer times out is found out by reading the record: here the
/// `SET NX` waits behind a write pause longer than the 500 ms command timeout,
/// and the `GET` that follows it on the same connection sees this request's own
/// record, so the first attempt goes through.
#[tokio::test]
async fn a_claim_whose_answer_times_out_is_resolved_by_reading_the_record() {
    let redis = RedisServer::start().await;
    let app = TestApp::with_redis(&redis).await;
    let guest = app.guest();
    let token = lisbon_token();

    // Writes wait 750 ms; reads do not, but a read queued behind a waiting write
    // on one connection waits with it.
    assert_eq!(redis.cli(&["CLIENT", "PAUSE", "750", "WRITE"]), "OK");
    let started = std::time::Instant::now();
    let res = consume(&guest, AURORA, &token).await;
    let took = started.elapsed();
    assert!(took >= Duration::from_millis(500), "the SET NX timed out: {took:?}");
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "{}", res.text().await.unwrap());
    let draft = location(&res);
    assert!(draft.starts_with("/draft/"), "{draft}");
    assert_eq!(guest.get(AURORA, &draft).await.status(), StatusCode::OK);
    assert_eq!(consume(&app.guest(), AURORA, &token).await.status(), StatusCode::CONFLICT);
}

// ---------------------------------------------------------------------------
// mint-handoff
// ---------------------------------------------------------------------------

fn mint_command(args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_bff-tenant-booking"))
        .arg("mint-handoff")
        .args(args)
        .env_clear()
        .envs(env.iter().copied())
        .output()
        .unwrap()
}

#[tokio::test]
async fn mint_handoff_prints_a_link_that_lands_on_a_draft() {
    let app = TestApp::spawn().await;
    let base = app.url(AURORA, "");
    let (checkin, checkout) = (day(2), day(4));
    let out = mint_command(
        &[
            "--tenant",
            "aurora",
            "--property",
            "aurora-lisbon",
            "--checkin",
            &checkin,
            "--checkout",
            &checkout,
            "--adults",
            "2",
            "--children",
            "7,9",
            "--rooms",
            "1",
            "--room-type",
            "family-suite",
            "--rate-plan",
            "flex",
            "--ttl-secs",
            "300",
            "--base-url",
            &base,
        ],
        &[],
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let url = String::from_utf8(out.stdout).unwrap().trim().to_owned();
    let token = url.strip_prefix(&format!("{base}/handoff?t=")).expect("a handoff URL").to_owned();
    let verified = handoff::verify(&token, &HandoffKeys::demo(), "aurora", now()).unwrap();
    assert_eq!(verified.kid, "demo");
    assert_eq!(verified.claims.exp - verified.claims.iat, 300);
    assert_eq!(verified.claims.selection.children, [7, 9]);

    // Opened as a browser would: the interstitial, then its form.
    let guest = app.guest();
    assert_eq!(guest.client.get(&url).send().await.unwrap().status(), StatusCode::OK);
    consume_to_draft(&guest, AURORA, &token).await;
}

#[test]
fn mint_handoff_signs_with_the_first_configured_kid() {
    let keys = format!("k2={K2},k1={K1}");
    let out = mint_command(
        &[
            "--tenant",
            "kestrel",
            "--property",
            "kestrel-skye",
            "--checkin",
            &day(3),
            "--checkout",
            &day(4),
            "--adults",
            "1",
        ],
        &[("HANDOFF_KEYS", &keys), ("UPSTREAM_TENANT_CONFIG_URL", "http://upstream.invalid")],
    );
    assert!(out.status.success(), "only the keys are needed: {}", String::from_utf8_lossy(&out.stderr));
    let url = String::from_utf8(out.stdout).unwrap();
    let token = url.trim().strip_prefix("http://kestrel.localhost:8080/handoff?t=").unwrap();
    let verified = handoff::verify(token, &HandoffKeys::parse(&keys).unwrap(), "kestrel", now()).unwrap();
    assert_eq!(verified.kid, "k2");
}

#[test]
fn mint_handoff_explains_itself_and_its_errors() {
    let help = mint_command(&["--help"], &[]);
    assert!(help.status.success());
    assert!(String::from_utf8_lossy(&help.stdout).contains("--room-type"));

    let out = mint_command(&["--tenant", "aurora", "--adults", "two"], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--property"));

    let demo = format!("prod={}", handoff::DEMO_KEY_B64);
    let out = mint_command(
        &["--tenant", "aurora", "--property", "p", "--checkin", &day(2), "--checkout", &day(4), "--adults", "2"],
        &[("HANDOFF_KEYS", &demo), ("UPSTREAM_PRICING_URL", "http://upstream.invalid")],
    );
    assert_eq!(out.status.code(), Some(78), "the demo key is refused outside demo mode: a configuration error");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("HANDOFF_KEYS") && !stderr.contains(handoff::DEMO_KEY_B64), "{stderr}");
}

#[tokio::test]
async fn a_link_naming_each_rooms_party_lands_on_the_property_page_with_those_rooms() {
    let app = TestApp::spawn().await;
    let guest = app.guest();
    let mut claims = lisbon_claims();
    claims.selection.room_type = None;
    claims.selection.rate_plan = None;
    claims.selection.adults = 3;
    claims.selection.children = vec![7];
    claims.selection.rooms = 2;
    claims.selection.parties = Some(vec![
        handoff::HandoffRoom { adults: 2, children: vec![7] },
        handoff::HandoffRoom { adults: 1, children: vec![] },
    ]);
    let res = consume(&guest, AURORA, &demo_token(&claims)).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        location(&res),
        format!("/properties/aurora-lisbon?checkin={}&checkout={}&rooms=2&r1=2%2C7&r2=1", day(2), day(4))
    );
}

#[tokio::test]
async fn a_link_whose_rooms_do_not_add_up_is_refused() {
    let app = TestApp::spawn().await;
    let guest = app.guest();
    let mut claims = lisbon_claims();
    claims.selection.parties = Some(vec![handoff::HandoffRoom { adults: 1, children: vec![] }]);
    // Our minter refuses such claims; a careless one signs them anyway.
    let payload = serde_json::to_vec(&claims).unwrap();
    let token = sign_raw(&payload, &claims.tenant, &claims.jti, claims.iat, claims.exp);
    let res = consume_json(&guest, AURORA, &token).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let problem: serde_json::Value = res.json().await.unwrap();
    assert!(problem.to_string().contains("bad-payload"), "{problem}");
}
