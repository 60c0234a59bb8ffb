//! LoyaltyContext through the real server: web sign-in (session cycled, banner
//! with tier and points), member prices on the property page and in the quote,
//! the app's bearer token on `/bootstrap`, wrong credentials, sign-out, the
//! sign-in rate limit, and iam slow or down — the pages still render, without
//! the loyalty part.

use crate::common::{Guest, TestApp, day, location, session_cookie};
use reqwest::StatusCode;
use serde_json::{Value, json};

const AURORA: &str = "aurora.localhost";

async fn signed_in_as_ada(app: &TestApp) -> Guest {
    let guest = app.guest();
    let res = guest.sign_in(AURORA, "ada@example.com", "demo-gold", "/").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "{}", res.text().await.unwrap());
    guest
}

fn lisbon_path() -> String {
    format!("/properties/aurora-lisbon?checkin={}&checkout={}&adults=2", day(2), day(3))
}

/// The total of a rate on the property page's JSON.
fn rate(property: &Value, room: &str, plan: &str) -> Value {
    let room = property["rooms"].as_array().unwrap().iter().find(|r| r["id"] == room).unwrap();
    room["rates"].as_array().unwrap().iter().find(|r| r["id"] == plan).unwrap().clone()
}

/// A token straight from the demo iam, as the app would hold one.
async fn app_token(app: &TestApp, email: &str, password: &str) -> String {
    let res = reqwest::Client::new()
        .post(format!("{}/v1/iam/sessions", app.demo_url))
        .json(&json!({"email": email, "password": password}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    res.json::<Value>().await.unwrap()["token"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn signing_in_cycles_the_session_and_shows_tier_and_points() {
    let app = TestApp::spawn().await;
    let guest = app.guest();
    // A campaign landing starts no session (its attribution waits in the
    // first-touch cookie); a draft does, so there is an id to cycle.
    let landing = guest.get(AURORA, "/?utm_source=newsletter").await;
    assert_eq!(session_cookie(&landing), None, "a landing starts no session");
    assert!(landing.text().await.unwrap().contains("Member sign in"));
    let draft = guest.start_lisbon_draft(&day(2), &day(3)).await;
    let before = session_cookie(&draft).expect("a draft starts a session");

    let back = format!("/search?checkin={}&checkout={}", day(2), day(3));
    let res = guest.sign_in(AURORA, "ada@example.com", "demo-gold", &back).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), back, "back to where the guest was");
    let after = session_cookie(&res).expect("signing in sets a new session cookie");
    assert_ne!(before, after, "the session id is cycled on sign-in");
    let cookies: Vec<&str> = res.headers().get_all("set-cookie").iter().map(|v| v.to_str().unwrap()).collect();
    assert!(cookies.iter().any(|c| c.starts_with("member=1;") && c.contains("HttpOnly")), "{cookies:?}");
    assert!(cookies.iter().all(|c| !c.contains("demo-gold") && !c.to_ascii_lowercase().contains("domain=")));

    let page = guest.get(AURORA, &back).await;
    assert_eq!(page.status(), StatusCode::OK);
    assert_eq!(page.headers()["cache-control"], "private, no-store", "a member's page is theirs alone");
    let html = page.text().await.unwrap();
    assert!(html.contains(r#"aria-label="Your membership""#), "{html}");
    assert!(html.contains("Welcome back, Ada · <strong>Gold</strong> · 12,400 points"), "{html}");
    assert!(html.contains(r#"action="/signout""#));
    let search: Value = guest.get_json(AURORA, &back).await.json().await.unwrap();
    assert_eq!(search["loyalty"], json!({"tier": "gold", "points": 12400, "memberRates": true, "firstName": "Ada"}));
}

#[tokio::test]
async fn a_member_sees_member_prices_and_is_quoted_them() {
    let app = TestApp::spawn().await;
    let public: Value = app.guest().get_json(AURORA, &lisbon_path()).await.json().await.unwrap();
    assert_eq!(public["loyalty"], Value::Null);
    let member_guest = signed_in_as_ada(&app).await;
    let member: Value = member_guest.get_json(AURORA, &lisbon_path()).await.json().await.unwrap();

    let (public_flex, member_flex) = (rate(&public, "classic-double", "flex"), rate(&member, "classic-double", "flex"));
    assert_eq!(public_flex["memberRate"], false);
    assert_eq!(member_flex["memberRate"], true);
    let member_total = member_flex["total"]["amount"].as_i64().unwrap();
    assert!(member_total < public_flex["total"]["amount"].as_i64().unwrap(), "{member_flex} vs {public_flex}");
    let saver = rate(&member, "classic-double", "saver");
    assert_eq!(saver["memberRate"], false, "non-refundable rates have no member price");
    assert_eq!(saver["total"], rate(&public, "classic-double", "saver")["total"]);
    let html = member_guest.get(AURORA, &lisbon_path()).await.text().await.unwrap();
    assert!(html.contains("Member price"), "the page says which prices are member prices");

    let res = member_guest.start_lisbon_draft(&day(2), &day(3)).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let draft: Value = member_guest.get_json(AURORA, &location(&res)).await.json().await.unwrap();
    assert_eq!(draft["quote"]["total"]["amount"].as_i64().unwrap(), member_total, "{draft}");
    assert_eq!(draft["quote"]["memberRate"], true);
}

#[tokio::test]
async fn a_member_without_member_rates_sees_public_prices() {
    let app = TestApp::spawn().await;
    let public: Value = app.guest().get_json(AURORA, &lisbon_path()).await.json().await.unwrap();
    let guest = app.guest();
    assert_eq!(guest.sign_in(AURORA, "alan@example.com", "demo-silver", "/").await.status(), StatusCode::SEE_OTHER);
    let silver: Value = guest.get_json(AURORA, &lisbon_path()).await.json().await.unwrap();
    assert_eq!(silver["loyalty"]["tier"], "silver");
    assert_eq!(silver["loyalty"]["memberRates"], false);
    assert_eq!(rate(&silver, "classic-double", "flex")["total"], rate(&public, "classic-double", "flex")["total"]);
}

#[tokio::test]
async fn a_wrong_password_shows_the_form_again_with_the_message_at_the_field() {
    let app = TestApp::spawn().await;
    let guest = app.guest();
    let res = guest.sign_in(AURORA, "ada@example.com", "not-her-password", "/search").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(session_cookie(&res).is_none(), "a failed sign-in starts no session");
    let html = res.text().await.unwrap();
    assert!(html.contains(r#"value="ada@example.com""#), "the e-mail is kept: {html}");
    assert!(html.contains(r#"id="password-error""#) && html.contains("match. Check them and try again"), "{html}");
    assert!(html.contains(r#"aria-invalid="true" aria-describedby="password-error""#));
    assert!(!html.contains("not-her-password"), "a password is never echoed");

    let res = guest
        .client
        .post(guest.url(AURORA, "/signin"))
        .header("accept", "application/json")
        .json(&json!({"email": "ada@example.com", "password": "nope"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    let problem: Value = res.json().await.unwrap();
    assert!(problem["errors"]["password"].as_str().unwrap().contains("don't match"), "{problem}");

    let empty = guest.sign_in(AURORA, "not an email", "", "/").await;
    assert_eq!(empty.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = empty.text().await.unwrap();
    assert!(html.contains(r#"id="email-error""#) && html.contains(r#"id="password-error""#));
}

#[tokio::test]
async fn the_app_gets_its_loyalty_on_bootstrap_with_its_bearer_token() {
    let app = TestApp::spawn().await;
    let token = app_token(&app, "grace@example.com", "demo-platinum").await;
    let bootstrap = |auth: Option<String>| {
        let client = crate::common::client_for(app.addr, false);
        let url = app.url("localhost", "/bootstrap");
        async move {
            let mut req = client.get(url).header("accept", "application/json").header("x-tenant-id", "aurora");
            if let Some(auth) = auth {
                req = req.header("authorization", auth);
            }
            let res = req.send().await.unwrap();
            assert_eq!(res.status(), StatusCode::OK);
            res.json::<Value>().await.unwrap()
        }
    };
    let body = bootstrap(Some(format!("Bearer {token}"))).await;
    assert_eq!(
        body["loyalty"],
        json!({"tier": "platinum", "points": 48250, "memberRates": true, "firstName": "Grace"})
    );
    assert_eq!(bootstrap(None).await["loyalty"], Value::Null);
    let forged = bootstrap(Some("Bearer 00000000000000000000000000000000".into())).await;
    assert_eq!(forged["loyalty"], Value::Null, "an unknown token is no loyalty, not an error");
    assert_eq!(bootstrap(Some("Basic YWRhOmRlbW8=".into())).await["loyalty"], Value::Null);

    let calls = app.demo_get("/__admin/seen").await;
    let me: Vec<&Value> = calls.as_array().unwrap().iter().filter(|c| c["path"] == "/v1/iam/guests/me").collect();
    assert!(!me.is_empty() && me.iter().all(|c| c["upstream"] == "iam"));
}

#[tokio::test]
async fn with_iam_slow_the_pages_render_without_the_loyalty_part() {
    let app = TestApp::spawn().await;
    let guest = signed_in_as_ada(&app).await;
    let token = app_token(&app, "ada@example.com", "demo-gold").await;
    // Well past the iam budget (300 ms), well within the page's own.
    app.fault(json!({"upstream": "iam", "latencyMs": 1500})).await;
    assert_pages_render_without_loyalty(&app, &guest, &token).await;
}

#[tokio::test]
async fn with_iam_down_the_pages_render_without_the_loyalty_part() {
    let app = TestApp::spawn().await;
    let guest = signed_in_as_ada(&app).await;
    let token = app_token(&app, "ada@example.com", "demo-gold").await;
    app.fault(json!({"upstream": "iam", "status": 503})).await;
    assert_pages_render_without_loyalty(&app, &guest, &token).await;
}

async fn assert_pages_render_without_loyalty(app: &TestApp, guest: &Guest, token: &str) {
    let landing = guest.get(AURORA, "/").await;
    assert_eq!(landing.status(), StatusCode::OK);
    let html = landing.text().await.unwrap();
    assert!(html.contains("Aurora Hotels") && html.contains(r#"id="search-panel""#));
    assert!(!html.contains("Welcome back"), "{html}");
    assert!(html.contains(r#"action="/signout""#), "still signed in, so sign-out stays possible");

    let search = guest.get(AURORA, &format!("/search?checkin={}&checkout={}", day(2), day(3))).await;
    assert_eq!(search.status(), StatusCode::OK);
    assert!(search.text().await.unwrap().contains("Aurora Lisboa Riverside"));

    let property = guest.get(AURORA, &lisbon_path()).await;
    assert_eq!(property.status(), StatusCode::OK);
    let html = property.text().await.unwrap();
    assert!(html.contains("Classic Double") && !html.contains("Member price") && !html.contains("Welcome back"));
    let json: Value = guest.get_json(AURORA, &lisbon_path()).await.json().await.unwrap();
    assert_eq!(json["loyalty"], Value::Null);
    assert_eq!(rate(&json, "classic-double", "flex")["memberRate"], false, "public prices without iam");

    let bootstrap = crate::common::client_for(app.addr, false)
        .get(app.url(AURORA, "/bootstrap"))
        .header("accept", "application/json")
        .header("authorization", format!("Bearer {token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(bootstrap.status(), StatusCode::OK);
    let body: Value = bootstrap.json().await.unwrap();
    assert_eq!(body["loyalty"], Value::Null);
    assert_eq!(body["tenant"]["id"], "aurora");
}

#[tokio::test]
async fn signing_out_forgets_the_membership_and_cycles_the_session() {
    let app = TestApp::spawn().await;
    let guest = app.guest();
    let res = guest.sign_in(AURORA, "ada@example.com", "demo-gold", "/").await;
    let signed_in = session_cookie(&res).unwrap();
    assert!(guest.get(AURORA, "/").await.text().await.unwrap().contains("Welcome back, Ada"));

    let res = guest.client.post(guest.url(AURORA, "/signout")).form(&[("return", "/search")]).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/search");
    assert_ne!(session_cookie(&res).unwrap(), signed_in);
    let cleared = res.headers().get_all("set-cookie").iter().any(|v| {
        let c = v.to_str().unwrap();
        c.starts_with("member=;") && c.contains("Max-Age=0")
    });
    assert!(cleared, "the sign-in marker is removed");
    let html = guest.get(AURORA, "/").await.text().await.unwrap();
    assert!(!html.contains("Welcome back") && html.contains("Member sign in"));
}

#[tokio::test]
async fn the_return_path_never_leaves_the_site() {
    let app = TestApp::spawn().await;
    let res = app.guest().sign_in(AURORA, "ada@example.com", "demo-gold", "//evil.example/phish").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/");
}

#[tokio::test]
async fn sign_in_attempts_are_rate_limited() {
    let app = TestApp::spawn_with(|s| s.rate_sign_in = (1, 3)).await;
    let guest = app.guest();
    for _ in 0..3 {
        assert_eq!(
            guest.sign_in(AURORA, "ada@example.com", "guess", "/").await.status(),
            StatusCode::UNPROCESSABLE_ENTITY
        );
    }
    let res = guest.sign_in(AURORA, "ada@example.com", "demo-gold", "/").await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(res.headers().contains_key("retry-after"));
}
