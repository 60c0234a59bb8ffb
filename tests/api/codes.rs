//! Codes that explain themselves: a code no hotel takes is said at its field
//! (unknown or expired, in the guest's language) while the prices stay honest
//! (without it); an applied discount is a line of the price; a negotiated code
//! unlocks a rate that nobody sees without it.

use crate::common::{TestApp, day, location};
use reqwest::StatusCode;
use serde_json::{Value, json};

const AURORA: &str = "aurora.localhost";

fn stay(promo: &str) -> String {
    format!("checkin={}&checkout={}&adults=2&promo={promo}", day(31), day(33))
}

async fn json(app: &TestApp, path: &str) -> Value {
    let res = app.guest().get_json(AURORA, path).await;
    assert_eq!(res.status(), StatusCode::OK, "{path}");
    res.json().await.unwrap()
}

fn rate<'a>(property: &'a Value, room: &str, plan: &str) -> Option<&'a Value> {
    property["rooms"].as_array()?.iter().find(|r| r["id"] == room)?["rates"]
        .as_array()?
        .iter()
        .find(|r| r["id"] == plan)
}

#[tokio::test]
async fn an_unknown_or_expired_code_is_said_at_its_field_and_prices_stay_without_it() {
    let app = TestApp::spawn().await;
    let plain = json(&app, &format!("/search?{}", stay(""))).await;
    for (code, words) in [("NOPE42", "valid here"), ("summer2025", "has expired")] {
        let view = json(&app, &format!("/search?{}", stay(code))).await;
        let message = view["errors"]["promo"].as_str().unwrap_or_default();
        assert!(message.contains(words) && message.contains(&code.to_uppercase()), "{code}: {message}");
        let totals =
            |v: &Value| -> Vec<Value> { v["results"].as_array().unwrap().iter().map(|r| r["rooms"].clone()).collect() };
        assert_eq!(totals(&view), totals(&plain), "{code}: the prices are the ones without a code");

        let page = app.guest().get(AURORA, &format!("/search?{}", stay(code))).await;
        assert_eq!(page.status(), StatusCode::OK, "results are shown");
        let html = page.text().await.unwrap();
        assert!(html.contains(words) && html.contains(r#"id="promo""#), "{code}: at the field");
        assert!(html.contains("aria-invalid"), "{code}: the field is marked");
    }
    // In French, the same.
    let view = json(&app, &format!("/search?{}&lang=fr", stay("NOPE42"))).await;
    assert!(view["errors"]["promo"].as_str().unwrap().contains("n’est pas valable"), "{view}");
}

#[tokio::test]
async fn an_applied_discount_is_a_line_of_the_price_through_to_the_quote() {
    let app = TestApp::spawn().await;
    let search = json(&app, &format!("/search?{}", stay("welcome10"))).await;
    assert!(search["errors"].get("promo").is_none(), "an applied code says nothing at the field: {}", search["errors"]);

    let path = |promo: &str| format!("/properties/aurora-lisbon?{}", stay(promo));
    let with = json(&app, &path("welcome10")).await;
    let without = json(&app, &path("")).await;
    let (coded, plain) =
        (rate(&with, "classic-double", "flex").unwrap(), rate(&without, "classic-double", "flex").unwrap());
    let discount = coded["promoDiscount"]["amount"].as_i64().unwrap();
    assert_eq!(
        discount,
        plain["roomTotal"]["amount"].as_i64().unwrap() - coded["roomTotal"]["amount"].as_i64().unwrap(),
        "the line is exactly what the code took off"
    );
    assert!(plain.get("promoDiscount").is_none_or(Value::is_null));
    let html = app.guest().get(AURORA, &path("welcome10")).await.text().await.unwrap();
    assert!(
        html.contains("Code WELCOME10")
            && html.contains(&format!("−{}", coded["promoDiscount"]["display"].as_str().unwrap()))
    );

    let guest = app.guest();
    let res = guest
        .client
        .post(guest.url(AURORA, "/draft"))
        .header("accept", "application/json")
        .json(&json!({"property": "aurora-lisbon", "room_type": "classic-double", "rate_plan": "flex",
                      "checkin": day(31), "checkout": day(33), "adults": 2, "promo": "WELCOME10"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let draft: Value = res.json().await.unwrap();
    assert_eq!(draft["quote"]["promoDiscount"]["amount"].as_i64(), Some(discount), "the quote carries the same line");
    let html = guest.get(AURORA, &location_of(&draft)).await.text().await.unwrap();
    assert!(html.contains("Code WELCOME10"), "the draft's price shows it");
}

fn location_of(draft: &Value) -> String {
    format!("/draft/{}", draft["id"].as_str().unwrap())
}

#[tokio::test]
async fn a_negotiated_code_unlocks_a_rate_nobody_sees_without_it() {
    let app = TestApp::spawn().await;
    let path = |promo: &str| format!("/properties/aurora-lisbon?{}", stay(promo));
    let without = json(&app, &path("")).await;
    assert!(rate(&without, "classic-double", "corporate").is_none(), "hidden without the code");
    let with = json(&app, &path("acme2026")).await;
    let corporate = rate(&with, "classic-double", "corporate").expect("the negotiated rate with the code");
    assert_eq!(corporate["negotiated"], true);
    let html = app.guest().get(AURORA, &path("acme2026")).await.text().await.unwrap();
    assert!(html.contains("Negotiated rate"));

    // It books with the code, and is refused without it.
    let guest = app.guest();
    let form = |promo: &'static str| {
        [
            ("property", "aurora-lisbon".to_owned()),
            ("room_type", "classic-double".into()),
            ("rate_plan", "corporate".into()),
            ("checkin", day(31)),
            ("checkout", day(33)),
            ("adults", "2".into()),
            ("promo", promo.into()),
        ]
    };
    let res = guest.client.post(guest.url(AURORA, "/draft")).form(&form("ACME2026")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let draft: Value = guest.get_json(AURORA, &location(&res)).await.json().await.unwrap();
    assert_eq!(
        (draft["state"].as_str(), draft["rate_plan"]["id"].as_str().or(draft["ratePlan"]["id"].as_str())),
        (Some("quoted"), Some("corporate"))
    );
    let body = json!({"property": "aurora-lisbon", "room_type": "classic-double", "rate_plan": "corporate",
                      "checkin": day(31), "checkout": day(33), "adults": 2});
    let res = guest
        .client
        .post(guest.url(AURORA, "/draft"))
        .header("accept", "application/json")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "no such rate without the code");
}

#[tokio::test]
async fn codes_are_counted_once_per_search_and_on_the_bookings_they_priced() {
    let app = TestApp::spawn().await;
    // Aurora's search asks two hotels; each search that carried a code counts once.
    for promo in ["", "NOPE42", "nope42", "summer2025", "welcome10"] {
        json(&app, &format!("/search?{}", stay(promo))).await;
    }
    let metrics = app.metrics().await;
    for (outcome, n) in [("unknown", 2), ("expired", 1), ("applied", 1)] {
        let series = format!(r#"promo_codes_total{{tenant="aurora",outcome="{outcome}"}} {n}"#);
        assert!(metrics.lines().any(|l| l == series), "{series}\n{metrics}");
    }
    assert!(!metrics.contains("bookings_with_code_total{"), "no booking yet");

    // A booking priced with the code is counted when it is confirmed.
    let guest = app.guest();
    let res = guest
        .client
        .post(guest.url(AURORA, "/draft"))
        .header("accept", "application/json")
        .json(&json!({"property": "aurora-lisbon", "room_type": "classic-double", "rate_plan": "flex",
                      "checkin": day(31), "checkout": day(33), "adults": 2, "promo": "WELCOME10"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let draft = location_of(&res.json().await.unwrap());
    let tag = guest.get_json(AURORA, &draft).await.headers()["etag"].to_str().unwrap().to_owned();
    let details = json!({"first_name": "Ada", "last_name": "L", "email": "ada@example.com",
                         "phone": "+351 912 345 678", "country": "PT", "accept_terms": true});
    let (_, tag) = guest.json_step(AURORA, &format!("{draft}/guest"), &tag, details).await;
    app.pay_through(&guest, AURORA, &draft, &tag).await;

    let metrics = app.metrics().await;
    let series = r#"bookings_with_code_total{tenant="aurora",kind="discount"} 1"#;
    assert!(metrics.lines().any(|l| l == series), "{series}\n{metrics}");
    assert!(metrics.contains(r#"funnel_steps_total{tenant="aurora",step="confirmed"} 1"#));

    // A negotiated rate the code unlocked: the quote says so, the draft page
    // names it with its code, and the booking counts as `negotiated`.
    let guest = app.guest();
    let corporate = json!({"property": "aurora-lisbon", "room_type": "classic-double", "rate_plan": "corporate",
                           "checkin": day(31), "checkout": day(33), "adults": 2, "promo": "ACME2026"});
    let (draft, tag, quoted) = guest.json_draft_with_details(AURORA, &corporate).await;
    assert_eq!(
        (quoted["quote"]["negotiated"].as_bool(), quoted["quote"]["promoDiscount"].as_object()),
        (Some(true), None)
    );
    let page = guest.get(AURORA, &draft).await.text().await.unwrap();
    assert!(page.contains("Negotiated rate · ACME2026"), "{page}");
    app.pay_through(&guest, AURORA, &draft, &tag).await;
    let metrics = app.metrics().await;
    let series = r#"bookings_with_code_total{tenant="aurora",kind="negotiated"} 1"#;
    assert!(metrics.lines().any(|l| l == series), "{series}\n{metrics}");
}
