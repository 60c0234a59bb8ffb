//! Security controls and failure behaviour through the real server: cross-site
//! and content-type guards, rate limits, session timeouts, Redis going away (or
//! hanging), upstream faults, contention for the last room, and hostile input.

use std::time::Duration;

use crate::common::{Guest, RedisServer, TestApp, day, location};
use bff_tenant_booking::upstream::{HttpUpstream, RequestContext, Upstream, UpstreamError, shared_client};
use reqwest::StatusCode;
use serde_json::{Value, json};

const AURORA: &str = "aurora.localhost";

fn select_form(room: &str, checkin: &str, checkout: &str) -> Vec<(&'static str, String)> {
    vec![
        ("property", "aurora-lisbon".into()),
        ("room_type", room.into()),
        ("rate_plan", "flex".into()),
        ("checkin", checkin.into()),
        ("checkout", checkout.into()),
        ("adults", "2".into()),
        ("rooms", "1".into()),
    ]
}

async fn start_draft(guest: &Guest) -> String {
    let res = guest
        .client
        .post(guest.url(AURORA, "/draft"))
        .form(&select_form("classic-double", &day(2), &day(4)))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    location(&res)
}

#[tokio::test]
async fn cross_site_mutations_are_refused() {
    let app = TestApp::spawn().await;
    let guest = app.guest();
    let res = guest
        .client
        .post(guest.url(AURORA, "/draft"))
        .header("sec-fetch-site", "cross-site")
        .form(&select_form("classic-double", &day(2), &day(4)))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // Same-origin requests pass (with the page's CSRF token, as a browser sends it).
    let html = guest
        .get(AURORA, &format!("/properties/aurora-lisbon?checkin={}&checkout={}", day(2), day(4)))
        .await
        .text()
        .await
        .unwrap();
    let token = html.split("name=\"_csrf\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let mut form = select_form("classic-double", &day(2), &day(4));
    form.push(("_csrf", token));
    let res = guest
        .client
        .post(guest.url(AURORA, "/draft"))
        .header("sec-fetch-site", "same-origin")
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn json_mutations_need_a_json_content_type() {
    let app = TestApp::spawn().await;
    let guest = app.guest();
    let res = guest
        .client
        .post(guest.url(AURORA, "/draft"))
        .header("accept", "application/json")
        .form(&select_form("classic-double", &day(2), &day(4)))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    let res = guest
        .client
        .post(guest.url(AURORA, "/draft"))
        .header("content-type", "text/plain")
        .body("property=aurora-lisbon")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
}

#[tokio::test]
async fn mutations_are_rate_limited_per_session() {
    let app = TestApp::spawn_with(|s| s.rate_per_session = (60, 3)).await;
    let guest = app.guest();
    let draft = start_draft(&guest).await; // 1
    let quote = format!("{draft}/quote");
    let mut statuses = Vec::new();
    for _ in 0..4 {
        let res = guest.client.post(guest.url(AURORA, &quote)).form(&[("version", "999")]).send().await.unwrap();
        statuses.push((res.status(), res.headers().get("retry-after").cloned()));
    }
    let limited: Vec<_> = statuses.iter().filter(|(s, _)| *s == StatusCode::TOO_MANY_REQUESTS).collect();
    assert!(!limited.is_empty(), "{statuses:?}");
    assert!(limited.iter().all(|(_, retry)| retry.is_some()), "429 says when to retry");
    // Another guest is not affected.
    assert_eq!(start_draft(&app.guest()).await.len(), "/draft/".len() + 26);
}

#[tokio::test]
async fn idle_sessions_expire_server_side() {
    let app = TestApp::spawn_with(|s| s.session_idle_timeout = Duration::from_secs(1)).await;
    let guest = app.guest();
    let draft = start_draft(&guest).await;
    assert_eq!(guest.get(AURORA, &draft).await.status(), StatusCode::OK);
    tokio::time::sleep(Duration::from_millis(2_200)).await;
    assert_eq!(guest.get(AURORA, &draft).await.status(), StatusCode::NOT_FOUND, "the session is gone after idling");
}

#[tokio::test]
async fn sessions_have_an_absolute_lifetime() {
    let app = TestApp::spawn_with(|s| s.session_absolute_timeout = Duration::from_secs(1)).await;
    let guest = app.guest();
    let draft = start_draft(&guest).await;
    for _ in 0..3 {
        tokio::time::sleep(Duration::from_millis(800)).await;
        let _ = guest.get(AURORA, &draft).await;
    }
    assert_eq!(guest.get(AURORA, &draft).await.status(), StatusCode::NOT_FOUND, "activity does not extend it");
}

#[tokio::test]
async fn redis_outage_is_a_503_and_the_service_recovers_without_losing_anything() {
    let mut redis = RedisServer::start().await;
    let app = TestApp::with_redis(&redis).await;
    let guest = app.guest();
    let draft = start_draft(&guest).await;
    assert_eq!(guest.get(AURORA, &draft).await.status(), StatusCode::OK);

    redis.stop();
    let res = guest.get(AURORA, &draft).await;
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(res.headers()["retry-after"], "1");
    assert!(res.headers().get("set-cookie").is_none(), "the guest's cookie is kept");
    let json = guest.get_json(AURORA, &draft).await;
    assert_eq!(json.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(json.headers()["content-type"], "application/problem+json");
    // Pages that need no Redis keep working.
    let stranger = app.guest();
    assert_eq!(stranger.get(AURORA, "/").await.status(), StatusCode::OK);
    let search = format!("/search?checkin={}&checkout={}", day(2), day(3));
    assert_eq!(stranger.get(AURORA, &search).await.status(), StatusCode::OK);

    redis.restart().await;
    let mut status = StatusCode::SERVICE_UNAVAILABLE;
    for _ in 0..100 {
        status = guest.get(AURORA, &draft).await.status();
        if status == StatusCode::OK {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(status, StatusCode::OK, "same cookie, same draft after Redis came back");
}

#[tokio::test]
async fn a_hanging_redis_is_a_503_not_a_hang() {
    let redis = RedisServer::start().await;
    let app = TestApp::with_redis(&redis).await;
    let guest = app.guest();
    let draft = start_draft(&guest).await;
    // CLIENT PAUSE keeps every connection open and answers nothing for 3 s.
    assert_eq!(redis.cli(&["CLIENT", "PAUSE", "3000", "ALL"]), "OK");
    let res = guest.get(AURORA, &draft).await;
    // Had it waited for Redis to wake up, the page would have been a 200.
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
}

#[tokio::test]
async fn upstream_faults_leave_the_guest_on_their_page_with_a_message() {
    let app = TestApp::spawn_with(|s| s.upstream_timeout = Duration::from_millis(300)).await;
    let guest = app.guest();
    let draft = start_draft(&guest).await;
    let json: Value = guest.get_json(AURORA, &draft).await.json().await.unwrap();
    let v = json["version"].to_string();
    let details = [
        ("version", v.as_str()),
        ("first_name", "Ada"),
        ("last_name", "L"),
        ("email", "a@example.com"),
        ("phone", "+351 912 345 678"),
        ("country", "PT"),
        ("accept_terms", "on"),
    ];
    guest.client.post(guest.url(AURORA, &format!("{draft}/guest"))).form(&details).send().await.unwrap();
    let v = (json["version"].as_u64().unwrap() + 1).to_string();

    app.fault(json!({"upstream": "reservations", "status": 503})).await;
    let res = guest
        .client
        .post(guest.url(AURORA, &format!("{draft}/hold")))
        .form(&[("version", v.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    let html = res.text().await.unwrap();
    assert!(html.contains("Nothing is lost") && html.contains("draft-panel"), "{html}");

    reqwest::Client::new().delete(format!("{}/__admin/faults", app.demo_url)).send().await.unwrap();
    app.fault(json!({"upstream": "reservations", "latencyMs": 1000})).await;
    let res = guest
        .client
        .post(guest.url(AURORA, &format!("{draft}/hold")))
        .form(&[("version", v.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::GATEWAY_TIMEOUT);
    assert!(res.text().await.unwrap().contains("taking longer"));

    reqwest::Client::new().delete(format!("{}/__admin/faults", app.demo_url)).send().await.unwrap();
    let res = guest
        .client
        .post(guest.url(AURORA, &format!("{draft}/hold")))
        .form(&[("version", v.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "works again once the upstream is back");
}

#[tokio::test]
async fn a_failing_upstream_trips_its_breaker_and_pages_still_answer() {
    let app = TestApp::spawn().await;
    app.fault(json!({"upstream": "availability", "status": 500})).await;
    let search = format!("/search?checkin={}&checkout={}", day(2), day(3));
    for _ in 0..6 {
        let res = app.guest().get(AURORA, &search).await;
        assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    }
    let calls_before = app.demo_get("/__admin/calls").await["availability"].as_u64().unwrap();
    let res = app.guest().get(AURORA, &search).await;
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    let calls_after = app.demo_get("/__admin/calls").await["availability"].as_u64().unwrap();
    assert_eq!(calls_before, calls_after, "an open breaker does not call the failing upstream");
}

#[tokio::test]
async fn guests_racing_for_the_last_room_get_one_hold_and_no_errors() {
    let redis = RedisServer::start().await;
    let first = TestApp::with_redis(&redis).await;
    let (checkin, checkout) = (day(7), day(9)); // the Rooftop Loft's single unit is free
    let guests: Vec<Guest> = (0..12).map(|_| first.guest()).collect();
    let mut drafts = Vec::new();
    for g in &guests {
        let res = g
            .client
            .post(g.url(AURORA, "/draft"))
            .form(&select_form("rooftop-loft", &checkin, &checkout))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let draft = location(&res);
        let json: Value = g.get_json(AURORA, &draft).await.json().await.unwrap();
        let v = json["version"].to_string();
        let details = [
            ("version", v.as_str()),
            ("first_name", "Ada"),
            ("last_name", "L"),
            ("email", "a@example.com"),
            ("phone", "+351 912 345 678"),
            ("country", "PT"),
            ("accept_terms", "on"),
        ];
        assert_eq!(
            g.client.post(g.url(AURORA, &format!("{draft}/guest"))).form(&details).send().await.unwrap().status(),
            StatusCode::SEE_OTHER
        );
        drafts.push((draft, (json["version"].as_u64().unwrap() + 1).to_string()));
    }
    let holds = guests.iter().zip(drafts.iter()).map(|(g, (draft, v))| {
        let client = g.client.clone();
        let url = g.url(AURORA, &format!("{draft}/hold"));
        let v = v.clone();
        tokio::spawn(async move { client.post(url).form(&[("version", v)]).send().await.unwrap().status() })
    });
    let mut statuses = Vec::new();
    for h in holds {
        statuses.push(h.await.unwrap());
    }
    assert!(statuses.iter().all(|s| !s.is_server_error()), "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::SEE_OTHER).count(), 1, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::CONFLICT).count(), guests.len() - 1, "{statuses:?}");
    let held = guests.iter().zip(drafts.iter()).map(|(g, (d, _))| async move {
        let json: Value = g.get_json(AURORA, d).await.json().await.unwrap();
        json["state"] == "held"
    });
    let held = futures::future::join_all(held).await;
    assert_eq!(held.iter().filter(|h| **h).count(), 1, "exactly one draft holds the room");
}

#[tokio::test]
async fn hostile_input_gets_clear_4xx_and_is_never_reflected_raw() {
    let app = TestApp::spawn().await;
    let guest = app.guest();
    // Oversize body.
    let big = "x".repeat(100 * 1024);
    let res = guest.client.post(guest.url(AURORA, "/draft")).form(&[("property", big.as_str())]).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    // Malformed percent-encoding and UTF-8, CRLF and markup in parameters.
    for query in [
        "checkin=%E0%A4%A&checkout=%FF%FE",
        "checkin=2026-01-01%0d%0aSet-Cookie:%20pwned=1&checkout=x",
        "promo=%3Cscript%3Ealert(1)%3C/script%3E&checkin=x",
        "adults=99999999999999999999&checkin=x",
        "children=1,2,3,4,5,6,7,8,9,10,11,12&checkin=x",
        "rooms=-1&checkin=x",
        "checkin=9999-12-31&checkout=10000-01-01",
    ] {
        let res = guest.get(AURORA, &format!("/search?{query}")).await;
        assert!(res.status().is_client_error(), "{query}: {}", res.status());
        assert!(res.headers().get_all("set-cookie").iter().all(|c| !c.to_str().unwrap_or("").contains("pwned")));
        let body = res.text().await.unwrap();
        assert!(!body.contains("<script>alert"), "{query}");
    }
    // Markup in every guest field comes back escaped.
    let draft = start_draft(&guest).await;
    let json: Value = guest.get_json(AURORA, &draft).await.json().await.unwrap();
    let v = json["version"].to_string();
    let xss = "\"><script>alert(1)</script>";
    let form = [
        ("version", v.as_str()),
        ("first_name", xss),
        ("last_name", xss),
        ("email", xss),
        ("phone", xss),
        ("country", xss),
        ("accept_terms", "on"),
        ("special_requests", xss),
    ];
    let res = guest.client.post(guest.url(AURORA, &format!("{draft}/guest"))).form(&form).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(!res.text().await.unwrap().contains("<script>alert(1)"));
    // Garbage ids and references are plain 404s.
    for path in ["/draft/..%2f..%2fetc", "/draft/%00", "/confirmation/%3Cscript%3E", "/properties/..%2fadmin"] {
        let res = guest.get(AURORA, path).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{path}");
    }
    // A huge header is refused, not a crash.
    let res = guest.client.get(guest.url(AURORA, "/")).header("x-junk", "y".repeat(64 * 1024)).send().await;
    if let Ok(res) = res {
        assert!(!res.status().is_server_error());
    }
}

/// A tenant-config upstream that serves hostile configuration.
fn hostile_tenant_config() -> axum::Router {
    use axum::{Json, Router, extract::Path, routing::get};
    Router::new()
        .route(
            "/v1/hosts/{host}",
            get(|Path(host): Path<String>| async move {
                match host.as_str() {
                    "evil.localhost" => Ok(Json(json!({"tenant": "evil"}))),
                    "broken.localhost" => Ok(Json(json!({"tenant": "broken"}))),
                    _ => Err(axum::http::StatusCode::NOT_FOUND),
                }
            }),
        )
        .route(
            "/v1/tenants/{id}",
            get(|Path(id): Path<String>| async move {
                let primary = if id == "broken" { "#fff;}body{display:none" } else { "#1b4965" };
                Json(json!({
                    "id": id, "name": "<script>alert('name')</script> Hotels", "tagline": "\"><img src=x onerror=alert(1)>",
                    "hosts": [format!("{id}.localhost")], "theme": "harbor",
                    "tokens": {"primary": primary, "onPrimary": "#ffffff", "accent": "#b5651d", "background": "#f7f4ee",
                               "surface": "#ffffff", "text": "#1d232a", "headingFont": "serif", "bodyFont": "sans", "radiusPx": 8},
                    "locales": ["en"], "defaultLocale": "en", "currencies": ["EUR"], "defaultCurrency": "EUR",
                    "properties": [], "policies": {"cancellation": "<b>x</b>", "payment": "y", "privacyUrl": null}
                }))
            }),
        )
}

#[tokio::test]
async fn hostile_tenant_configuration_cannot_inject_markup_or_css() {
    let app = TestApp::builder().tenant_config(|_| hostile_tenant_config()).spawn().await;
    let client = crate::common::client_for(app.addr, true);
    let port = app.addr.port();
    let res = client.get(format!("http://127.0.0.1:{port}/")).header("host", "evil.localhost").send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    assert!(!html.contains("<script>alert") && !html.contains("<img src=x"), "{html}");
    assert!(html.contains("&#60;script&#62;") || html.contains("&lt;script&gt;"));
    // Nor through the brand's icon and manifest.
    let icon = format!("http://127.0.0.1:{port}/favicon.ico");
    let res = client.get(&icon).header("host", "evil.localhost").send().await.unwrap();
    let icon = crate::common::location(&res);
    let svg =
        client.get(format!("http://127.0.0.1:{port}{icon}")).header("host", "evil.localhost").send().await.unwrap();
    let svg = svg.text().await.unwrap();
    assert!(svg.starts_with("<svg") && !svg.contains("<script") && !svg.contains("alert"), "{svg}");
    let res = client.get(format!("http://127.0.0.1:{port}/")).header("host", "broken.localhost").send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE, "a tenant whose theme is invalid is not rendered");
}

#[tokio::test]
async fn redis_restarting_under_load_never_shows_a_guest_a_500_or_another_guests_draft() {
    let mut redis = RedisServer::start().await;
    let app = TestApp::with_redis(&redis).await;
    let guests: Vec<Guest> = (0..6).map(|_| app.guest()).collect();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut workers = Vec::new();
    for g in &guests {
        let (client, port, stop) = (g.client.clone(), g.port, stop.clone());
        workers.push(tokio::spawn(async move {
            let guest = Guest { client, port };
            let (mut statuses, mut drafts) = (Vec::new(), Vec::new());
            // Bounded: at most 60 rounds, and only until the outage is over.
            for _ in 0..60 {
                if stop.load(std::sync::atomic::Ordering::Relaxed) {
                    break;
                }
                statuses.push(guest.get(AURORA, "/").await.status());
                let res = guest
                    .client
                    .post(guest.url(AURORA, "/draft"))
                    .form(&select_form("classic-double", &day(2), &day(3)))
                    .send()
                    .await
                    .unwrap();
                statuses.push(res.status());
                if res.status() == StatusCode::SEE_OTHER {
                    let draft = location(&res);
                    statuses.push(guest.get(AURORA, &draft).await.status());
                    drafts.push(draft);
                }
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            (statuses, drafts)
        }));
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    redis.stop();
    // Longer than a command's timeout (500 ms) plus the shared rate limiter's
    // wait and its fallback, so requests land inside the outage.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    redis.restart().await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    stop.store(true, std::sync::atomic::Ordering::Relaxed);

    let mut all = Vec::new();
    for w in workers {
        all.push(w.await.unwrap());
    }
    let statuses: Vec<StatusCode> = all.iter().flat_map(|(s, _)| s.iter().copied()).collect();
    assert!(statuses.contains(&StatusCode::SERVICE_UNAVAILABLE), "the outage was felt (else this test proves nothing)");
    assert!(statuses.iter().all(|s| *s != StatusCode::INTERNAL_SERVER_ERROR), "a 500 reached a guest: {statuses:?}");
    assert!(
        statuses.iter().all(|s| s.is_success()
            || s.is_redirection()
            || *s == StatusCode::SERVICE_UNAVAILABLE
            || *s == StatusCode::TOO_MANY_REQUESTS),
        "{statuses:?}"
    );
    // Every draft answers its owner once Redis is back, and nobody else.
    for (i, (_, drafts)) in all.iter().enumerate() {
        let other = &guests[(i + 1) % guests.len()];
        for draft in drafts.iter().take(3) {
            let mut owner = StatusCode::SERVICE_UNAVAILABLE;
            for _ in 0..50 {
                owner = guests[i].get(AURORA, draft).await.status();
                if owner != StatusCode::SERVICE_UNAVAILABLE {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            assert_eq!(owner, StatusCode::OK, "{draft} lost");
            assert_eq!(other.get(AURORA, draft).await.status(), StatusCode::NOT_FOUND);
        }
    }
}

#[tokio::test]
async fn browser_form_posts_need_the_page_csrf_token() {
    let app = TestApp::spawn().await;
    let guest = app.guest();
    let origin = format!("http://aurora.localhost:{}", app.addr.port());
    let page = guest.get(AURORA, &format!("/properties/aurora-lisbon?checkin={}&checkout={}", day(2), day(4))).await;
    assert!(page.headers().get_all("set-cookie").iter().any(|c| c.to_str().unwrap().starts_with("csrf=")));
    let html = page.text().await.unwrap();
    let token = html.split("name=\"_csrf\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
    assert_eq!(token.len(), 64, "masked: {token}");
    assert!(html.contains(&format!("\"X-CSRF-Token\": \"{token}\"")), "htmx sends it too");

    let mut form = select_form("classic-double", &day(2), &day(4));
    // A browser post without the token (what a forged form on another site would be).
    let res =
        guest.client.post(guest.url(AURORA, "/draft")).header("origin", &origin).form(&form).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(res.text().await.unwrap().contains("reload the page"));
    form.push(("_csrf", "0".repeat(32)));
    let res =
        guest.client.post(guest.url(AURORA, "/draft")).header("origin", &origin).form(&form).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "a wrong token");
    form.pop();
    form.push(("_csrf", token.clone()));
    let res =
        guest.client.post(guest.url(AURORA, "/draft")).header("origin", &origin).form(&form).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "the page's own token");
    // htmx: the header instead of the field.
    form.pop();
    let res = guest
        .client
        .post(guest.url(AURORA, "/draft"))
        .header("origin", &origin)
        .header("hx-request", "true")
        .header("x-csrf-token", &token)
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
}

/// Large pages are compressed and some reflect the request (a search's
/// fields, a promo code), so the one secret they carry, the CSRF token, must not be the same bytes in
/// every response (BREACH). Each response masks it afresh; every masking, and
/// the cookie's own value, is accepted.
#[tokio::test]
async fn each_page_carries_the_csrf_token_masked_afresh_and_every_masking_works() {
    let app = TestApp::spawn().await;
    let guest = app.guest();
    let origin = format!("http://aurora.localhost:{}", app.addr.port());
    let path = format!("/properties/aurora-lisbon?checkin={}&checkout={}&promo=csrf%3D", day(2), day(4));
    let mut tokens = Vec::new();
    let mut cookie = None;
    for _ in 0..3 {
        let page = guest.client.get(guest.url(AURORA, &path)).send().await.unwrap();
        for c in page.headers().get_all("set-cookie") {
            if let Some(v) = c.to_str().unwrap().strip_prefix("csrf=") {
                cookie = Some(v.split(';').next().unwrap().to_owned());
            }
        }
        let html = page.text().await.unwrap();
        let token = html.split("name=\"_csrf\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
        assert!(html.matches(token.as_str()).count() >= 2, "the page's forms and htmx share one masking");
        tokens.push(token);
    }
    let cookie = cookie.expect("the first page sets the csrf cookie");
    assert!(tokens.iter().all(|t| !t.contains(&cookie)), "never the cookie's value as it is");
    assert_ne!(tokens[0], tokens[1]);
    assert_ne!(tokens[1], tokens[2]);

    for presented in tokens.iter().chain([&cookie]) {
        let mut form = select_form("classic-double", &day(2), &day(4));
        form.push(("_csrf", presented.clone()));
        let res =
            guest.client.post(guest.url(AURORA, "/draft")).header("origin", &origin).form(&form).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{presented}");
    }
    // A masking of another browser's token is refused.
    let other = app.guest();
    let html = other.get(AURORA, &path).await.text().await.unwrap();
    let foreign = html.split("name=\"_csrf\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let mut form = select_form("classic-double", &day(2), &day(4));
    form.push(("_csrf", foreign));
    let res =
        guest.client.post(guest.url(AURORA, "/draft")).header("origin", &origin).form(&form).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

/// The real availability client of the service, pointed at the demo platform,
/// with a breaker and retry budget of its own (each test gets a fresh one).
fn availability_client(app: &TestApp) -> HttpUpstream {
    HttpUpstream::new(Upstream::Availability, app.demo_url.clone(), shared_client(), Duration::from_millis(2_500))
}

/// One availability read through `upstream`, as the property page makes it.
async fn read_availability(upstream: &HttpUpstream) -> Result<Value, UpstreamError> {
    let query = [("checkin", day(2)), ("checkout", day(4)), ("adults", "2".into()), ("rooms", "1".into())];
    upstream.get_json(&RequestContext::background(), "/v1/properties/aurora-lisbon/availability", &query).await
}

/// Fails reads until `upstream`'s breaker opens, then clears the faults.
async fn trip_breaker(app: &TestApp, upstream: &HttpUpstream) {
    app.fault(json!({"upstream": "availability", "status": 500})).await;
    for _ in 0..5 {
        assert!(read_availability(upstream).await.is_err());
    }
    app.clear_faults().await;
    let calls = app.demo_get("/__admin/calls").await["availability"].as_u64();
    assert!(read_availability(upstream).await.is_err(), "the breaker is open");
    assert_eq!(app.demo_get("/__admin/calls").await["availability"].as_u64(), calls, "and calls nobody");
}

/// How long an open breaker refuses calls before it lets a probe through
/// (`COOL_DOWN` in src/upstream/resilience.rs), and a little more.
const PAST_COOL_DOWN: Duration = Duration::from_millis(5_200);

#[tokio::test]
async fn a_half_open_probe_whose_caller_gives_up_does_not_keep_the_breaker_open() {
    let app = TestApp::spawn().await;
    let upstream = availability_client(&app);
    trip_breaker(&app, &upstream).await;
    tokio::time::sleep(PAST_COOL_DOWN).await;

    // The probe goes out to a slow upstream, and its caller stops waiting (a
    // guest hanging up, a page's budget): the probe's future is dropped mid-flight.
    app.fault(json!({"upstream": "availability", "latencyMs": 2000})).await;
    let calls = app.demo_get("/__admin/calls").await["availability"].as_u64().unwrap();
    let gave_up = tokio::time::timeout(Duration::from_millis(200), read_availability(&upstream)).await;
    assert!(gave_up.is_err(), "the caller gave up before the answer");
    assert_eq!(app.demo_get("/__admin/calls").await["availability"].as_u64().unwrap(), calls + 1, "the probe went out");
    app.clear_faults().await;

    // The abandoned probe counts as a failed one: after another cool-down the
    // next call is a new probe, and its good answer closes the breaker.
    tokio::time::sleep(PAST_COOL_DOWN).await;
    let probe = read_availability(&upstream).await;
    assert!(probe.is_ok(), "a new probe goes out after the cool-down: {probe:?}");
    for _ in 0..3 {
        assert!(read_availability(&upstream).await.is_ok(), "the breaker is closed again");
    }
}

#[tokio::test]
async fn reads_refused_by_the_breaker_do_not_spend_the_retry_budget() {
    let app = TestApp::spawn().await;
    let upstream = availability_client(&app);
    trip_breaker(&app, &upstream).await;
    tokio::time::sleep(PAST_COOL_DOWN).await;

    // A slow probe is in flight; meanwhile every other read is refused at once.
    app.fault(json!({"upstream": "availability", "latencyMs": 1000})).await;
    let probe = tokio::spawn({
        let upstream = upstream.clone();
        async move { read_availability(&upstream).await.is_ok() }
    });
    tokio::time::sleep(Duration::from_millis(100)).await;
    let refused = futures::future::join_all((0..15).map(|_| read_availability(&upstream))).await;
    assert!(refused.iter().all(Result::is_err), "refused while the probe is out");
    assert!(probe.await.unwrap(), "the probe's good answer closes the breaker");
    app.clear_faults().await;

    // One transient 5xx: a read is retried from the budget, which the refused
    // reads above (no load on the upstream) must not have spent.
    app.fault(json!({"upstream": "availability", "status": 503, "times": 1})).await;
    let read = read_availability(&upstream).await;
    assert!(read.is_ok(), "the transient failure is retried: {read:?}");
}

/// Opens `n` connections that each send the head of a form post announcing
/// 10 000 bytes and then only 9 of them, and keeps them open (loopback only).
async fn slow_bodies(app: &TestApp, n: usize) -> Vec<tokio::net::TcpStream> {
    use tokio::io::AsyncWriteExt;
    let mut held = Vec::with_capacity(n);
    for _ in 0..n {
        let mut stream = tokio::net::TcpStream::connect(app.addr).await.unwrap();
        let head = "POST /consent HTTP/1.1\r\nHost: aurora.localhost\r\n\
                    Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 10000\r\n\r\ndecision=";
        stream.write_all(head.as_bytes()).await.unwrap();
        held.push(stream);
    }
    held
}

#[tokio::test]
async fn slow_request_bodies_do_not_stall_the_pages() {
    // The senders come from many addresses in real life: the per-address limit
    // on mutations is not what stops them.
    let app = TestApp::spawn_with(|s| s.rate_per_client = (1_000_000, 1_000_000)).await;
    let guest = app.guest();
    assert_eq!(guest.get(AURORA, "/").await.status(), StatusCode::OK);
    let held = slow_bodies(&app, 140).await;
    tokio::time::sleep(Duration::from_millis(300)).await;

    // A liveness check, not a speed target: the page answers while they hang.
    let res = tokio::time::timeout(Duration::from_secs(2), guest.get(AURORA, "/"))
        .await
        .expect("the landing page answers within 2 s while 140 slow bodies are open");
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(guest.get(AURORA, "/readyz").await.status(), StatusCode::OK, "slow senders hold no slot");
    drop(held);
}

#[tokio::test]
async fn a_body_that_never_finishes_is_answered_408_without_waiting_for_the_page_timeout() {
    use tokio::io::AsyncReadExt;
    let app = TestApp::spawn().await;
    let mut held = slow_bodies(&app, 1).await;
    let mut answer = String::new();
    let read = tokio::time::timeout(Duration::from_secs(10), held[0].read_to_string(&mut answer)).await;
    assert!(read.is_ok(), "answered and closed within 10 s");
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
}

#[tokio::test]
async fn a_chunked_body_over_64_kib_is_a_413() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = TestApp::spawn().await;
    // 100 KiB in chunks, without Content-Length: refused for its size, not as unreadable.
    let mut stream = tokio::net::TcpStream::connect(app.addr).await.unwrap();
    let mut request = b"POST /consent HTTP/1.1\r\nHost: aurora.localhost\r\nConnection: close\r\n\
        Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n"
        .to_vec();
    for _ in 0..100 {
        request.extend_from_slice(b"400\r\n");
        request.extend_from_slice(&[b'x'; 1024]);
        request.extend_from_slice(b"\r\n");
    }
    request.extend_from_slice(b"0\r\n\r\n");
    // The server may answer before it has read everything.
    let _ = stream.write_all(&request).await;
    let mut answer = vec![0; 64];
    let n = tokio::time::timeout(Duration::from_secs(10), stream.read(&mut answer)).await.unwrap().unwrap();
    let answer = String::from_utf8_lossy(&answer[..n]);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_saturated_instance_answers_503_quickly_and_says_so_on_readyz() {
    // A search holds its slot until the 15 s request timeout (its upstream
    // answers in minutes). On a loaded machine, filling all 128 slots may take
    // so long that the first ones time out and free a slot while the page
    // waits: that attempt proves nothing, and a fresh instance is saturated again.
    for _ in 0..5 {
        if saturated_instance_answers_503().await {
            return;
        }
    }
    panic!("never saturated an instance long enough to see the page refused");
}

/// One attempt; `false` when a search timed out (and freed its slot) before
/// the page was answered, so saturation did not hold.
async fn saturated_instance_answers_503() -> bool {
    let app = TestApp::spawn_with(|s| s.upstream_timeout = Duration::from_secs(600)).await;
    let guest = app.guest();
    assert_eq!(guest.get(AURORA, "/").await.status(), StatusCode::OK);
    app.fault(json!({"upstream": "availability", "latencyMs": 300_000})).await;
    // More slow searches than there are in-flight slots, each on its own
    // connection, with no client timeout of their own.
    let slots = bff_tenant_booking::http::MAX_IN_FLIGHT;
    let client = reqwest::Client::builder().resolve(AURORA, app.addr).pool_max_idle_per_host(0).build().unwrap();
    let searches: Vec<_> = (0..slots + 12)
        .map(|i| {
            let nights = i64::try_from(i % 20).unwrap();
            let url = guest.url(AURORA, &format!("/search?checkin={}&checkout={}", day(2), day(3 + nights)));
            tokio::spawn(client.get(url).send())
        })
        .collect();

    // Saturated once every slot is taken: readyz says so (waited for, not
    // guessed: on a loaded machine 140 requests take a while to arrive).
    let mut ready = guest.get(AURORA, "/readyz").await;
    for _ in 0..300 {
        if ready.status() == StatusCode::SERVICE_UNAVAILABLE {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        ready = guest.get(AURORA, "/readyz").await;
    }
    // Every search not yet answered holds a slot or waits for one.
    let res = guest.get_json(AURORA, "/").await;
    let timed_out = app.metrics().await.contains(r#"route="/search",method="GET",status="408""#);
    for search in &searches {
        search.abort();
    }
    if timed_out {
        return false;
    }
    assert_eq!(ready.status(), StatusCode::SERVICE_UNAVAILABLE, "readyz says the instance is saturated");
    assert_eq!(crate::common::header(&ready, "retry-after"), "1");
    // The page waited its bounded while for a slot, then is a 503: it did not
    // wait for a search to end (none did).
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(crate::common::header(&res, "retry-after"), "1");
    assert_eq!(crate::common::header(&res, "x-content-type-options"), "nosniff");
    assert!(crate::common::header(&res, "content-security-policy").contains("default-src 'self'"));
    let problem: Value = res.json().await.unwrap();
    assert_eq!(problem["status"], 503, "{problem}");
    app.clear_faults().await;
    true
}

/// Sends `request` as it is on a new connection and returns the status line.
async fn raw_status(app: &TestApp, request: &str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(app.addr).await.unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut answer)).await.unwrap().unwrap();
    String::from_utf8_lossy(&answer).lines().next().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn a_request_with_two_host_headers_is_a_400() {
    let app = TestApp::spawn().await;
    let two = |path: &str, second: &str| {
        format!("GET {path} HTTP/1.1\r\nHost: aurora.localhost\r\nHost: {second}\r\nConnection: close\r\n\r\n")
    };
    for (path, second) in
        [("/", "kestrel.localhost"), ("/", "aurora.localhost"), ("/search", "evil.example"), ("/healthz", "x")]
    {
        assert_eq!(raw_status(&app, &two(path, second)).await, "HTTP/1.1 400 Bad Request", "{path}, {second}");
    }
    let one = "GET / HTTP/1.1\r\nHost: aurora.localhost\r\nConnection: close\r\n\r\n";
    assert_eq!(raw_status(&app, one).await, "HTTP/1.1 200 OK");
}

/// Takes a new Lisbon draft to payment with every request's `Host` header set
/// to `host` (as a client may send it), and returns the return and webhook URLs
/// the payment gateway was given.
async fn payment_urls_given_for_host(app: &TestApp, demo_url: &str, host: &str) -> (String, Option<String>) {
    let guest = app.guest();
    let url = |path: &str| guest.url(AURORA, path);
    let form = select_form("classic-double", &day(2), &day(4));
    let res = guest.client.post(url("/draft")).header("host", host).form(&form).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "{host}");
    let draft = location(&res);
    let version = |json: &Value| json["version"].to_string();
    let json: Value = guest
        .client
        .get(url(&draft))
        .header("host", host)
        .header("accept", "application/json")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let details = [
        ("version", version(&json)),
        ("first_name", "Ada".into()),
        ("last_name", "L".into()),
        ("email", "a@example.com".into()),
        ("phone", "+351 912 345 678".into()),
        ("country", "PT".into()),
        ("accept_terms", "on".into()),
    ];
    let res =
        guest.client.post(url(&format!("{draft}/guest"))).header("host", host).form(&details).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    for step in ["hold", "payment"] {
        let json: Value = guest
            .client
            .get(url(&draft))
            .header("host", host)
            .header("accept", "application/json")
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let res = guest
            .client
            .post(url(&format!("{draft}/{step}")))
            .header("host", host)
            .form(&[("version", version(&json))])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{step}");
    }
    let id = draft.trim_start_matches("/draft/");
    let ledger: Value = reqwest::get(format!("{demo_url}/__admin/ledger")).await.unwrap().json().await.unwrap();
    let payment =
        ledger["payments"].as_array().unwrap().iter().find(|p| p["reference"] == id).expect("a payment session");
    (payment["returnUrl"].as_str().unwrap().to_owned(), payment["webhookUrl"].as_str().map(str::to_owned))
}

#[tokio::test]
async fn payment_return_urls_are_built_from_the_tenants_origin_not_the_host_header() {
    let app = TestApp::spawn().await;
    let port = app.addr.port();
    // Local development: the demo's *.localhost hosts on the port we listen on,
    // whatever port the Host header names.
    for host in ["aurora.localhost:6379".to_owned(), format!("aurora.localhost:{port}"), "AURORA.localhost".into()] {
        let (back, _) = payment_urls_given_for_host(&app, &app.demo_url, &host).await;
        let expected = format!("http://aurora.localhost:{port}/draft/");
        assert!(back.starts_with(&expected), "Host: {host} sent the guest back to {back}");
    }
    // A tenant host that is not local is reached on its scheme's own port.
    let (back, _) = payment_urls_given_for_host(&app, &app.demo_url, "book.aurora.example:6379").await;
    assert!(back.starts_with("http://book.aurora.example/draft/"), "{back}");
}

/// Behind a local proxy (scripts/demo-cluster), guests come back through the
/// proxy's port, not the instance's.
#[tokio::test]
async fn a_local_proxys_port_is_where_guests_come_back() {
    let app = TestApp::spawn_with(|s| s.public_port = Some(8080)).await;
    let (back, _) = payment_urls_given_for_host(&app, &app.demo_url, "aurora.localhost").await;
    assert!(back.starts_with("http://aurora.localhost:8080/draft/"), "{back}");
}

#[tokio::test]
async fn the_payment_webhook_url_is_built_from_the_tenants_origin_not_the_host_header() {
    // Outside demo mode and without PAYMENT_WEBHOOK_BASE_URL the webhook goes to
    // the tenant's own origin.
    let demo = bff_tenant_booking::demo::start().await.unwrap().base_url();
    let app = TestApp::builder().platform(&demo).with(|s| s.payment_page_origin = Some(demo.clone())).spawn().await;
    let (back, webhook) = payment_urls_given_for_host(&app, &demo, "book.aurora.example:6379").await;
    assert!(back.starts_with("http://book.aurora.example/draft/"), "{back}");
    assert_eq!(webhook.as_deref(), Some("http://book.aurora.example/webhooks/payments"));
}
