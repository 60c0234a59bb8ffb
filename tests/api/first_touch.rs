//! The first-touch cookie through the real server: a landing from a campaign or
//! another site keeps its attribution in a signed cookie and leaves nothing in
//! Redis; the attribution moves into the session the guest's first draft
//! starts and reaches the booking exactly as when the landing started the
//! session; a cookie we did not sign for this tenant counts for nothing.

use std::sync::Arc;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use reqwest::StatusCode;
use reqwest::cookie::Jar;
use reqwest::redirect::Policy;
use serde_json::Value;

use crate::attribution::{book, first_touch_cookie};
use crate::common::{Guest, RedisServer, TENANT_HOSTS, TestApp, day, session_cookie};

const AURORA: &str = "aurora.localhost";
const KESTREL: &str = "kestrel.localhost";

fn session_keys(redis: &RedisServer) -> usize {
    redis.cli(&["--scan", "--pattern", "bff-tenant-booking:session:*"]).lines().filter(|l| !l.is_empty()).count()
}

/// A browser whose cookie jar the test can add to.
fn browser(app: &TestApp) -> (Guest, Arc<Jar>) {
    let jar = Arc::new(Jar::default());
    let mut builder = reqwest::Client::builder().redirect(Policy::none()).cookie_provider(jar.clone());
    for h in TENANT_HOSTS {
        builder = builder.resolve(h, app.addr);
    }
    (Guest { client: builder.build().unwrap(), port: app.addr.port() }, jar)
}

/// Puts `first-touch={value}` in `jar` for `host`.
fn plant(app: &TestApp, jar: &Jar, host: &str, value: &str) {
    jar.add_cookie_str(&format!("first-touch={value}; Path=/"), &app.url(host, "/").parse().unwrap());
}

/// A browser whose jar already holds `first-touch={value}` for `host`.
fn browser_with_cookie(app: &TestApp, host: &str, value: &str) -> Guest {
    let (guest, jar) = browser(app);
    plant(app, &jar, host, value);
    guest
}

/// The JSON a first-touch cookie value carries (it is signed, not secret).
fn payload(value: &str) -> Value {
    let body = value.split('.').next().unwrap();
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(body).unwrap()).unwrap()
}

/// The attribution a booking carried, without the touches' times.
async fn sent_without_times(app: &TestApp, reference: &str) -> Value {
    let mut sent = app.demo_get(&format!("/__admin/attribution/{reference}")).await;
    for touch in ["first", "last"] {
        if let Some(t) = sent.get_mut(touch).and_then(Value::as_object_mut) {
            t.remove("at");
        }
    }
    sent
}

#[tokio::test]
async fn cookieless_landings_create_no_session_and_each_gets_the_signed_cookie() {
    let redis = RedisServer::start().await;
    let app = TestApp::with_redis(&redis).await;
    for i in 0..200 {
        // A new browser each time: no cookie of any kind.
        let guest = app.guest();
        let res = if i % 2 == 0 {
            guest.get(AURORA, &format!("/?utm_source=flood-{i}")).await
        } else {
            guest
                .client
                .get(guest.url(AURORA, "/"))
                .header("referer", format!("https://ref{i}.example/"))
                .send()
                .await
                .unwrap()
        };
        assert_eq!(res.status(), StatusCode::OK, "request {i}");
        assert_eq!(session_cookie(&res), None, "request {i} started a session");
        let set: Vec<&str> = res.headers().get_all("set-cookie").iter().filter_map(|v| v.to_str().ok()).collect();
        let cookie = set.iter().find(|c| c.starts_with("first-touch=")).unwrap_or_else(|| panic!("{i}: {set:?}"));
        assert!(cookie.ends_with("; Path=/; Max-Age=7200; HttpOnly; SameSite=Lax"), "{cookie}");
        assert!(!cookie.to_ascii_lowercase().contains("domain="), "host-only: {cookie}");
    }
    assert_eq!(session_keys(&redis), 0, "200 landings, no session in Redis");
}

#[tokio::test]
async fn the_cookie_is_secure_with_the_host_prefix_when_cookies_are_secure() {
    let app = TestApp::spawn_with(|settings| settings.cookie_secure = true).await;
    let res = app.guest().get(AURORA, "/?utm_source=news").await;
    let set: Vec<&str> = res.headers().get_all("set-cookie").iter().filter_map(|v| v.to_str().ok()).collect();
    let cookie = set.iter().find(|c| c.starts_with("__Host-first-touch=")).unwrap_or_else(|| panic!("{set:?}"));
    assert!(cookie.ends_with("; Path=/; Max-Age=7200; HttpOnly; SameSite=Lax; Secure"), "{cookie}");
}

/// Two guests take the same steps: one after a draft had started its session
/// (as every campaign landing used to), the other cookie-only until its first
/// draft. Their bookings carry the same first and last touch.
#[tokio::test]
async fn the_cookie_attribution_reaches_the_booking_as_the_session_did() {
    let redis = RedisServer::start().await;
    let app = TestApp::with_redis(&redis).await;
    let landings = |guest: &Guest| {
        let guest = guest.client.clone();
        let url = |path: &str| app.url(AURORA, path);
        let (first, second, direct) = (
            url("/?utm_source=google&utm_medium=cpc&gclid=abc123"),
            url(&format!("/search?checkin={}&checkout={}&utm_source=partner", day(2), day(3))),
            url("/"),
        );
        async move {
            let res =
                guest.get(first).header("referer", "https://www.google.com/search?q=lisbon").send().await.unwrap();
            assert_eq!(res.status(), StatusCode::OK);
            let res = guest.get(second).send().await.unwrap();
            assert_eq!(res.status(), StatusCode::OK);
            // A direct visit and one from our own page are no touch.
            guest.get(direct.clone()).send().await.unwrap();
            guest.get(direct).header("referer", "http://aurora.localhost/").send().await.unwrap();
        }
    };

    let with_session = app.guest();
    with_session.start_lisbon_draft(&day(5), &day(6)).await;
    landings(&with_session).await;
    let cookie_only = app.guest();
    landings(&cookie_only).await;
    assert_eq!(session_keys(&redis), 1, "only the first guest's draft started a session");

    let expected = sent_without_times(&app, &book(&app, &with_session).await).await;
    let sent = sent_without_times(&app, &book(&app, &cookie_only).await).await;
    assert_eq!(sent, expected);
    assert_eq!(sent["first"]["utm_source"], "google", "{sent}");
    assert_eq!(sent["first"]["gclid"], "abc123");
    assert_eq!(sent["first"]["referrer"], "https://www.google.com/search");
    assert_eq!(sent["last"]["utm_source"], "partner");
    assert_eq!(sent["last"]["landing_path"], "/search");
}

#[tokio::test]
async fn a_tampered_cookie_is_ignored() {
    let app = TestApp::spawn().await;
    let landing = app.guest().get(AURORA, "/?utm_source=news").await;
    let value = first_touch_cookie(&landing).unwrap();
    let (body, tag) = value.split_once('.').unwrap();
    let mut forged = payload(&value);
    forged["f"]["utm_source"] = "forged".into();
    let forged = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&forged).unwrap());
    let forged = format!("{forged}.{tag}");
    for tampered in [forged.clone(), format!("{body}.{}", &tag[1..]), "not.a-cookie".into(), "x".repeat(5000)] {
        let guest = browser_with_cookie(&app, AURORA, &tampered);
        let res = guest.get(AURORA, "/").await;
        assert_eq!(res.status(), StatusCode::OK, "{tampered}");
        assert_eq!(first_touch_cookie(&res).as_deref(), Some(""), "{tampered}: cleared");
    }
    // All the way to a booking: nothing of the forged touch arrives.
    let guest = browser_with_cookie(&app, AURORA, &forged);
    let reference = book(&app, &guest).await;
    let sent = app.demo_get(&format!("/__admin/attribution/{reference}")).await;
    assert_eq!(sent, Value::Null, "{sent}");
}

#[tokio::test]
async fn a_cookie_from_another_tenants_host_is_ignored() {
    let app = TestApp::spawn().await;
    let landing = app.guest().get(AURORA, "/?utm_source=aurora-news").await;
    let aurora = first_touch_cookie(&landing).unwrap();
    assert_eq!(payload(&aurora)["t"], "aurora");

    let guest = browser_with_cookie(&app, KESTREL, &aurora);
    let res = guest.get(KESTREL, "/?utm_source=kestrel-mail").await;
    assert_eq!(res.status(), StatusCode::OK);
    let kestrel = first_touch_cookie(&res).expect("kestrel's own touch is kept");
    let kept = payload(&kestrel);
    assert_eq!(kept["t"], "kestrel");
    assert_eq!(kept["f"]["utm_source"], "kestrel-mail", "aurora's touch is not kestrel's: {kept}");
    assert_eq!(kept.get("l"), None, "a single touch: {kept}");
}

#[tokio::test]
async fn a_cookie_beside_a_live_session_moves_into_it() {
    let app = TestApp::spawn().await;
    let landing = app.guest().get(AURORA, "/?utm_source=news").await;
    let value = first_touch_cookie(&landing).unwrap();
    // A browser with a session (its draft) that then comes with the cookie too.
    let (guest, jar) = browser(&app);
    guest.start_lisbon_draft(&day(5), &day(6)).await;
    plant(&app, &jar, AURORA, &value);
    let res = guest.get(AURORA, "/").await;
    assert_eq!(first_touch_cookie(&res).as_deref(), Some(""), "moved, so cleared");
    let reference = book(&app, &guest).await;
    let sent = app.demo_get(&format!("/__admin/attribution/{reference}")).await;
    assert_eq!(sent["first"]["utm_source"], "news", "{sent}");
}
