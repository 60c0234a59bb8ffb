//! MarketingAttribution through the real server: captured on landing, kept
//! across the payment hop, passed to the reservations upstream with the booking,
//! and written only when it changes (to the first-touch cookie before the guest
//! has a session, to the session after; `first_touch.rs` has the cookie's own
//! promises).

use std::time::Duration;

use crate::common::{RedisServer, TestApp, day};
use reqwest::StatusCode;
use serde_json::{Value, json};

const AURORA: &str = "aurora.localhost";

/// Books the Classic Double at Aurora Lisbon for `guest`: the booking reference.
pub(crate) async fn book(app: &TestApp, guest: &crate::common::Guest) -> String {
    let res = guest.start_lisbon_draft(&day(2), &day(3)).await;
    let draft = res.headers()["location"].to_str().unwrap().to_owned();
    let res = guest.get_json(AURORA, &draft).await;
    let tag = res.headers()["etag"].to_str().unwrap().to_owned();
    let details = json!({"first_name": "Ada", "last_name": "L", "email": "ada@example.com", "phone": "+351 912 345 678", "country": "PT", "accept_terms": true});
    let (_, tag) = guest.json_step(AURORA, &format!("{draft}/guest"), &tag, details).await;
    let (_, tag) = guest.json_step(AURORA, &format!("{draft}/hold"), &tag, json!({})).await;
    let (pending, _) = guest.json_step(AURORA, &format!("{draft}/payment"), &tag, json!({})).await;
    let session = pending["payment"]["redirectUrl"].as_str().unwrap().rsplit('/').next().unwrap().to_owned();
    app.approve_payment(&session).await;
    let settled: Value = guest
        .client
        .get(guest.url(AURORA, &format!("{draft}/payment/return")))
        .header("accept", "application/json")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    settled["bookingRef"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_campaign_landing_reaches_the_booking_and_a_direct_visit_does_not_overwrite_it() {
    let app = TestApp::spawn().await;
    let guest = app.guest();
    let landing = guest
        .client
        .get(guest.url(AURORA, "/?utm_source=newsletter&utm_medium=email&utm_campaign=winter&gclid=abc123"))
        .header("referer", "https://mail.example.com/inbox?id=42")
        .send()
        .await
        .unwrap();
    assert_eq!(landing.status(), StatusCode::OK);
    // Later visits: direct, and from our own pages — neither is a new touch.
    guest.get(AURORA, "/").await;
    guest.client.get(guest.url(AURORA, "/search")).header("referer", "http://aurora.localhost/").send().await.unwrap();

    let reference = book(&app, &guest).await;
    let sent = app.demo_get(&format!("/__admin/attribution/{reference}")).await;
    for touch in ["first", "last"] {
        assert_eq!(sent[touch]["utm_source"], "newsletter", "{sent}");
        assert_eq!(sent[touch]["utm_campaign"], "winter");
        assert_eq!(sent[touch]["gclid"], "abc123");
        assert_eq!(sent[touch]["referrer"], "https://mail.example.com/inbox", "query stripped");
        assert_eq!(sent[touch]["landing_path"], "/");
    }
}

#[tokio::test]
async fn a_newer_campaign_updates_the_last_touch_only() {
    let app = TestApp::spawn().await;
    let guest = app.guest();
    guest.get(AURORA, "/?utm_source=google&utm_medium=cpc").await;
    guest.get(AURORA, &format!("/search?checkin={}&checkout={}&utm_source=partner", day(2), day(3))).await;
    let reference = book(&app, &guest).await;
    let sent = app.demo_get(&format!("/__admin/attribution/{reference}")).await;
    assert_eq!(sent["first"]["utm_source"], "google");
    assert_eq!(sent["last"]["utm_source"], "partner");
    assert_eq!(sent["last"]["landing_path"], "/search");
}

#[tokio::test]
async fn hostile_values_are_bounded_and_never_reflected() {
    let app = TestApp::spawn().await;
    let guest = app.guest();
    let long = "x".repeat(3_000);
    let res = guest.get(AURORA, &format!("/?utm_source=%3Cscript%3Ealert(1)%3C%2Fscript%3E&utm_campaign={long}")).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(!res.text().await.unwrap().contains("<script>alert"));
    let reference = book(&app, &guest).await;
    let sent = app.demo_get(&format!("/__admin/attribution/{reference}")).await;
    assert_eq!(sent["first"]["utm_source"], "scriptalert(1)/script");
    assert_eq!(sent["first"]["utm_campaign"].as_str().unwrap().len(), 100);
}

#[tokio::test]
async fn only_a_change_writes_the_session() {
    let redis = RedisServer::start().await;
    // The e-mail sender polls its outbox in the background; here it must not,
    // so every command counted is one a request made.
    let app = TestApp::builder().redis(&redis).with(|s| s.mail_poll = Duration::from_secs(3600)).spawn().await;
    let guest = app.guest();
    // (INFO itself is counted; leave it out.)
    let stats = || {
        redis
            .cli(&["INFO", "commandstats"])
            .lines()
            .filter(|l| !l.starts_with("cmdstat_info:"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let before = stats();
    guest.get(AURORA, "/").await;
    assert_eq!(stats(), before, "no Redis command for a direct first visit");
    // A campaign landing costs Redis nothing either: the touch waits in the
    // first-touch cookie until the guest has a session.
    let landing = guest.get(AURORA, "/?utm_source=news").await;
    assert!(first_touch_cookie(&landing).is_some_and(|c| !c.is_empty()));
    assert_eq!(stats(), before, "no Redis command for a campaign landing");
    // The same campaign again changes nothing, so the cookie is not sent again.
    let again = guest.get(AURORA, "/?utm_source=news").await;
    assert_eq!(first_touch_cookie(&again), None);
    // A draft starts the session; the attribution moves in and the cookie goes.
    let draft = guest.start_lisbon_draft(&day(2), &day(3)).await;
    assert_eq!(first_touch_cookie(&draft).as_deref(), Some(""), "cleared once in the session");
    assert_eq!(redis.cli(&["--scan", "--pattern", "bff-tenant-booking:session:*"]).lines().count(), 1);
    // With a session, the same campaign again: read, but no write.
    let sets =
        |stats: &str| stats.lines().find(|l| l.starts_with("cmdstat_set:")).map(str::to_owned).unwrap_or_default();
    let before = sets(&redis.cli(&["INFO", "commandstats"]));
    guest.get(AURORA, "/?utm_source=news").await;
    assert_eq!(sets(&redis.cli(&["INFO", "commandstats"])), before);
}

/// The value of the first-touch cookie a response sets (empty: cleared), if any.
pub fn first_touch_cookie(res: &reqwest::Response) -> Option<String> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|c| c.split(';').next()?.strip_prefix("first-touch="))
        .map(str::to_owned)
        .next()
}
