//! Tenant analytics with consent through the real server: the banner (a plain
//! form, no JavaScript), the `consent` cookie, GA4-style ecommerce events as a
//! JSON data block only with consent and only for a tenant that measures, the
//! events of every funnel page, and escaping of hostile data in the block.

use crate::common::{Guest, TestApp, day, location, page};
use reqwest::StatusCode;
use serde_json::{Value, json};

const AURORA: &str = "aurora.localhost";
const KESTREL: &str = "kestrel.localhost";
const BLOCK_START: &str = r#"<script type="application/json" id="analytics-events">"#;

fn search_path() -> String {
    format!("/search?checkin={}&checkout={}&adults=2", day(2), day(3))
}

async fn decide(guest: &Guest, host: &str, decision: &str, back: &str) -> reqwest::Response {
    let form = [("decision", decision), ("return", back)];
    guest.client.post(guest.url(host, "/consent")).form(&form).send().await.unwrap()
}

/// The analytics data block of a page, parsed; `None` when the page has none.
fn events_block(html: &str) -> Option<Value> {
    let start = html.find(BLOCK_START)? + BLOCK_START.len();
    let raw = &html[start..start + html[start..].find("</script>").unwrap()];
    assert!(!raw.contains('<') && !raw.contains('>') && !raw.contains('&'), "unescaped block: {raw}");
    Some(serde_json::from_str(raw).unwrap())
}

fn event_names(block: &Value) -> Vec<String> {
    block["events"].as_array().unwrap().iter().map(|e| e["event"].as_str().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn the_banner_asks_until_the_guest_decides_and_works_without_javascript() {
    let app = TestApp::spawn().await;
    let guest = app.guest();
    let html = page(&guest, AURORA, "/").await;
    assert!(html.contains(
        r#"<section id="consent-banner" class="consent-banner" role="region" aria-labelledby="consent-title">"#
    ));
    assert!(html.contains(r#"<form action="/consent" method="post""#), "a plain form: {html}");
    assert!(html.contains(r#"<button type="submit" name="decision" value="accept""#));
    assert!(html.contains(r#"<button type="submit" name="decision" value="decline""#));

    let back = search_path();
    let res = decide(&guest, AURORA, "accept", &back).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), back, "back to the page the banner was on");
    let cookie = res.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.starts_with("consent=granted;"), "{cookie}");
    for attribute in ["Path=/", "Max-Age=31536000", "SameSite=Lax", "HttpOnly"] {
        assert!(cookie.contains(attribute), "{cookie}");
    }
    assert!(!cookie.to_ascii_lowercase().contains("domain"), "host-only: {cookie}");
    assert!(!page(&guest, AURORA, "/").await.contains("consent-banner"), "decided: no banner any more");

    // With htmx the banner is swapped for nothing, in place.
    let res = app
        .guest()
        .client
        .post(app.url(AURORA, "/consent"))
        .header("hx-request", "true")
        .form(&[("decision", "decline")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["set-cookie"].to_str().unwrap().starts_with("consent=denied;"));
    assert_eq!(res.text().await.unwrap(), "");
}

#[tokio::test]
async fn events_are_on_the_page_only_with_consent() {
    let app = TestApp::spawn().await;
    let undecided = app.guest();
    assert!(events_block(&page(&undecided, AURORA, &search_path()).await).is_none());

    let declined = app.guest();
    decide(&declined, AURORA, "decline", "/").await;
    let html = page(&declined, AURORA, &search_path()).await;
    assert!(events_block(&html).is_none() && !html.contains("analytics"), "nothing without consent");
    assert!(!html.contains("consent-banner"), "a decline is a decision too");

    let accepted = app.guest();
    decide(&accepted, AURORA, "accept", "/").await;
    let html = page(&accepted, AURORA, &search_path()).await;
    let block = events_block(&html).expect("events with consent");
    assert_eq!(block["measurementId"], "G-DEMO0001");
    assert_eq!(event_names(&block), ["view_item_list"]);
    let list = &block["events"][0]["ecommerce"];
    assert_eq!(list["item_list_id"], "search_results");
    assert_eq!(list["currency"], "EUR");
    let items = list["items"].as_array().unwrap();
    assert!(items.iter().any(|i| i["item_id"] == "aurora-lisbon" && i["price"].as_f64().unwrap() > 0.0), "{list}");
    assert!(items.iter().all(|i| i["item_brand"] == "Aurora Hotels"));
    assert!(html.contains("/static/analytics."), "the forwarding script comes with the block");
}

#[tokio::test]
async fn a_tenant_without_analytics_never_asks_and_never_carries_events() {
    let app = TestApp::spawn().await;
    let guest = app.guest();
    let html = page(&guest, KESTREL, "/").await;
    assert!(!html.contains("consent-banner"), "kestrel does not measure, so it does not ask");
    // Even a browser that consented somewhere (a forged or stale cookie) gets nothing.
    let res =
        guest.client.get(guest.url(KESTREL, &search_path())).header("cookie", "consent=granted").send().await.unwrap();
    let html = res.text().await.unwrap();
    assert!(html.contains("Kestrel Lodge") && events_block(&html).is_none(), "{html}");
}

#[tokio::test]
async fn every_funnel_page_carries_its_event() {
    let app = TestApp::spawn().await;
    let guest = app.guest();
    decide(&guest, AURORA, "accept", "/").await;

    let property =
        page(&guest, AURORA, &format!("/properties/aurora-lisbon?checkin={}&checkout={}", day(2), day(3))).await;
    let block = events_block(&property).unwrap();
    assert_eq!(event_names(&block), ["select_item"]);
    assert_eq!(block["events"][0]["ecommerce"]["items"][0]["item_id"], "aurora-lisbon");

    let res = guest.start_lisbon_draft(&day(2), &day(3)).await;
    let draft = location(&res);
    let details = page(&guest, AURORA, &draft).await;
    let block = events_block(&details).unwrap();
    assert_eq!(event_names(&block), ["begin_checkout"]);
    let checkout = &block["events"][0]["ecommerce"];
    assert_eq!(checkout["currency"], "EUR");
    assert!(checkout["value"].as_f64().unwrap() > 0.0);
    assert_eq!(checkout["items"][0]["item_variant"], "Classic Double · Flexible");

    let version = |draft: Value| draft["version"].to_string();
    let v = version(guest.get_json(AURORA, &draft).await.json().await.unwrap());
    let details = [
        ("version", v.as_str()),
        ("first_name", "Ada"),
        ("last_name", "Lovelace"),
        ("email", "ada@example.com"),
        ("phone", "+44 20 7946 0000"),
        ("country", "GB"),
        ("accept_terms", "on"),
    ];
    let res = guest.client.post(guest.url(AURORA, &format!("{draft}/guest"))).form(&details).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let payment = page(&guest, AURORA, &draft).await;
    let block = events_block(&payment).unwrap();
    assert_eq!(event_names(&block), ["add_payment_info"]);
    for personal in ["Ada", "Lovelace", "ada@example.com", "7946"] {
        assert!(!block.to_string().contains(personal), "no personal data in analytics: {block}");
    }

    // The same step reached through htmx (details may be corrected until the
    // hold): the panel comes with the block out of band, as the page is not reloaded.
    let v = version(guest.get_json(AURORA, &draft).await.json().await.unwrap());
    let res = guest
        .client
        .post(guest.url(AURORA, &format!("{draft}/guest")))
        .header("hx-request", "true")
        .form(&[
            ("version", v.as_str()),
            ("first_name", "Ada"),
            ("last_name", "L"),
            ("email", "ada@example.com"),
            ("phone", "+44 20 7946 0000"),
            ("country", "GB"),
            ("accept_terms", "on"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let fragment = res.text().await.unwrap();
    let oob = r#"<div hx-swap-oob="beforeend:body"><div hidden class="analytics-events-update" data-events=""#;
    let start = fragment.find(oob).unwrap_or_else(|| panic!("no out-of-band events: {fragment}")) + oob.len();
    let attribute = &fragment[start..start + fragment[start..].find('"').unwrap()];
    let json = attribute.replace("&#34;", "\"").replace("&quot;", "\"");
    let update: Value = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}: {attribute}"));
    assert_eq!(event_names(&update), ["add_payment_info"]);

    let reference = pay(&app, &guest, &draft).await;
    let confirmation = page(&guest, AURORA, &format!("/confirmation/{reference}")).await;
    let block = events_block(&confirmation).unwrap();
    assert_eq!(event_names(&block), ["purchase"]);
    let purchase = &block["events"][0]["ecommerce"];
    assert_eq!(purchase["transaction_id"], reference.as_str());
    assert_eq!(purchase["items"][0]["item_id"], "aurora-lisbon");
}

/// Holds, pays on the demo gateway and comes back; the booking reference.
async fn pay(app: &TestApp, guest: &Guest, draft: &str) -> String {
    let tag = guest.get_json(AURORA, draft).await.headers()["etag"].to_str().unwrap().to_owned();
    let (_, tag) = guest.json_step(AURORA, &format!("{draft}/hold"), &tag, json!({})).await;
    let (pending, _) = guest.json_step(AURORA, &format!("{draft}/payment"), &tag, json!({})).await;
    let session = pending["payment"]["redirectUrl"].as_str().unwrap().rsplit('/').next().unwrap().to_owned();
    app.approve_payment(&session).await;
    let res = guest.get(AURORA, &format!("{draft}/payment/return")).await;
    let to = location(&res);
    to.strip_prefix("/confirmation/").unwrap_or_else(|| panic!("not confirmed: {to}")).to_owned()
}

#[tokio::test]
async fn the_app_records_consent_with_json() {
    let app = TestApp::spawn().await;
    let guest = app.guest();
    let res = guest
        .client
        .post(guest.url(AURORA, "/consent"))
        .header("accept", "application/json")
        .json(&json!({"decision": "decline"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert!(res.headers()["set-cookie"].to_str().unwrap().starts_with("consent=denied;"));
    let res = guest
        .client
        .post(guest.url(AURORA, "/consent"))
        .header("accept", "application/json")
        .json(&json!({"decision": "maybe"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

/// A tenant-config upstream whose property names and measurement id are hostile;
/// the property id is one the demo availability knows, so searches find it.
fn hostile_tenant_config() -> axum::Router {
    use axum::{Json, Router, extract::Path, routing::get};
    Router::new()
        .route("/v1/hosts/{host}", get(|| async { Json(json!({"tenant": "evil"})) }))
        .route(
            "/v1/tenants/{id}",
            get(|Path(id): Path<String>| async move {
                Json(json!({
                    "id": id, "name": "Evil & Co <Hotels>", "tagline": "x",
                    "hosts": ["evil.localhost"], "theme": "harbor",
                    "tokens": {"primary": "#1b4965", "onPrimary": "#ffffff", "accent": "#b5651d", "background": "#f7f4ee",
                               "surface": "#ffffff", "text": "#1d232a", "headingFont": "serif", "bodyFont": "sans", "radiusPx": 8},
                    "locales": ["en"], "defaultLocale": "en", "currencies": ["EUR"], "defaultCurrency": "EUR",
                    "properties": [{
                        "id": "aurora-lisbon", "name": "</script><script>alert(1)</script><!--", "city": "Lis\u{2028}bon",
                        "country": "PT", "summary": "s", "stars": 4, "timeZone": "Europe/Lisbon", "currency": "EUR",
                        "checkinTime": "15:00", "checkoutTime": "11:00"
                    }],
                    "policies": {"cancellation": "c", "payment": "p", "privacyUrl": null},
                    "analytics": {"enabled": true, "measurementId": "G-</script>"}
                }))
            }),
        )
}

#[tokio::test]
async fn the_events_block_is_escaped_even_with_hostile_data() {
    let app =
        TestApp::builder().tenant_config(|_| hostile_tenant_config()).with(|s| s.upstreams.iam = None).spawn().await;
    let res = crate::common::client_for(app.addr, false)
        .get(format!("http://127.0.0.1:{}{}", app.addr.port(), search_path()))
        .header("host", "evil.localhost")
        .header("cookie", "consent=granted")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    assert!(!html.contains("<script>alert(1)"), "{html}");
    let block = events_block(&html).expect("the hostile tenant measures, and the guest consented");
    let item = &block["events"][0]["ecommerce"]["items"][0];
    assert_eq!(item["item_name"], "</script><script>alert(1)</script><!--", "the data survives, escaped");
    assert_eq!(item["item_brand"], "Evil & Co <Hotels>");
    assert_eq!(item["item_category"], "Lis\u{2028}bon");
    assert!(block.get("measurementId").is_none(), "an invalid measurement id is left out: {block}");
    let raw_start = html.find(BLOCK_START).unwrap();
    assert!(html[raw_start..].contains(r"\u003c/script\u003e\u003cscript\u003ealert(1)\u003c/script\u003e\u003c!--"));
    assert!(!html.contains("Member sign in"), "iam is not configured here, so sign-in is not offered");
}
