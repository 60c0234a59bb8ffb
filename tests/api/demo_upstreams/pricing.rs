//! pricing: quotes priced like availability, their refusals, expiry, fx.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::demo_upstreams::helpers::{CHECKIN, CHECKOUT, PROPERTY, day, demo, problem_code, quote_body};

#[tokio::test]
async fn a_quote_is_priced_exactly_like_availability() {
    let demo = demo().await;
    let path = format!(
        "/v1/properties/{PROPERTY}/availability?checkin={}&checkout={}&adults=2&rooms=1&promo=WELCOME10",
        day(CHECKIN),
        day(CHECKOUT)
    );
    let availability: Value = demo.get(&path).await.json().await.unwrap();
    let room = availability["roomTypes"].as_array().unwrap().iter().find(|r| r["id"] == "river-king").unwrap();
    let plan = room["ratePlans"].as_array().unwrap().iter().find(|p| p["id"] == "bb").unwrap();

    let mut body = quote_body("river-king", 2);
    body["ratePlanId"] = json!("bb");
    body["promo"] = json!("WELCOME10");
    let response = demo.post("/v1/quotes", &body, None).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let quote: Value = response.json().await.unwrap();

    for field in ["nightly", "roomTotal", "taxes", "fees", "total", "cancellationPolicy", "refundable"] {
        assert_eq!(quote[field], plan[field], "{field}");
    }
    assert_eq!(quote["currency"], "EUR");
    assert_eq!(quote["breakfastIncluded"], true);
    assert!(quote["expiresAt"].as_str().unwrap().ends_with('Z'));
    let fetched: Value = demo.get(&format!("/v1/quotes/{}", quote["id"].as_str().unwrap())).await.json().await.unwrap();
    assert_eq!(fetched, quote);
}

#[tokio::test]
async fn a_quote_offers_extras_and_prices_the_chosen_ones_into_its_total() {
    let demo = demo().await;
    let plain: Value = demo.post("/v1/quotes", &quote_body("classic-double", 2), None).await.json().await.unwrap();
    let offered = plain["extrasOffered"].as_array().unwrap();
    assert!(offered.iter().any(|e| e["id"] == "breakfast") && plain.get("extras").is_none());

    let mut body = quote_body("classic-double", 2);
    body["extras"] = json!(["parking", "late-checkout"]);
    let response = demo.post("/v1/quotes", &body, None).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let quote: Value = response.json().await.unwrap();
    let lines = quote["extras"].as_array().unwrap();
    assert_eq!(lines.len(), 2);
    let sum: i64 = lines.iter().map(|l| l["total"].as_i64().unwrap()).sum();
    assert_eq!(quote["extrasTotal"].as_i64(), Some(sum));
    let parts = ["roomTotal", "taxes", "fees", "extrasTotal"].map(|f| quote[f].as_i64().unwrap());
    assert_eq!(quote["total"].as_i64(), Some(parts.iter().sum::<i64>()), "total = room + taxes + fees + extras");
    assert_eq!(quote["total"].as_i64(), Some(plain["total"].as_i64().unwrap() + sum));

    body["extras"] = json!(["parking", "helicopter"]);
    let response = demo.post("/v1/quotes", &body, None).await;
    assert_eq!(problem_code(response, StatusCode::UNPROCESSABLE_ENTITY).await, "unknown-extra");
}

#[tokio::test]
async fn quote_refusals_carry_their_codes() {
    let demo = demo().await;
    let refused = |patch: Value| {
        let mut body = quote_body("classic-double", 1);
        for (k, v) in patch.as_object().unwrap() {
            body[k] = v.clone();
        }
        body
    };
    let cases = [
        (json!({ "propertyId": "nowhere" }), StatusCode::NOT_FOUND, "unknown-property"),
        (json!({ "roomTypeId": "broom-cupboard" }), StatusCode::NOT_FOUND, "unknown-room-type"),
        (json!({ "ratePlanId": "free" }), StatusCode::NOT_FOUND, "unknown-rate-plan"),
        (json!({ "adults": 3 }), StatusCode::UNPROCESSABLE_ENTITY, "occupancy"),
        // Offset 19: 19 % 10 == 9, closed to arrival.
        (json!({ "checkin": day(19), "checkout": day(21) }), StatusCode::UNPROCESSABLE_ENTITY, "restricted"),
        // Offset 25: 25 % 10 == 5, minimum stay 3 nights.
        (json!({ "checkin": day(25), "checkout": day(27) }), StatusCode::UNPROCESSABLE_ENTITY, "restricted"),
        (json!({ "checkin": "31/12/2030" }), StatusCode::BAD_REQUEST, "bad-dates"),
    ];
    for (patch, status, code) in cases {
        let response = demo.post("/v1/quotes", &refused(patch.clone()), None).await;
        assert_eq!(problem_code(response, status).await, code, "{patch}");
    }
    let three_nights = refused(json!({ "checkin": day(25), "checkout": day(28) }));
    assert_eq!(demo.post("/v1/quotes", &three_nights, None).await.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn a_restriction_is_explained_to_the_guest() {
    let demo = demo().await;
    let mut body = quote_body("classic-double", 1);
    body["checkin"] = json!(day(25));
    body["checkout"] = json!(day(26));
    let problem: Value = demo.post("/v1/quotes", &body, None).await.json().await.unwrap();
    let detail = problem["detail"].as_str().unwrap();
    assert!(detail.starts_with("Stays arriving on ") && detail.ends_with("must be at least 3 nights."), "{detail}");
}

#[tokio::test]
async fn an_expired_quote_cannot_be_held() {
    let demo = demo().await;
    demo.admin("/__admin/config", json!({ "quoteTtlSecs": 1 })).await;
    let quote = demo.quote("classic-double").await;

    tokio::time::sleep(std::time::Duration::from_millis(1_100)).await;

    let response = demo.hold(&quote, "k-expired").await;
    assert_eq!(problem_code(response, StatusCode::CONFLICT).await, "quote-expired");
}

#[tokio::test]
async fn fx_rates_are_integer_parts_per_million() {
    let demo = demo().await;
    let eur: Value = demo.get("/v1/fx?base=EUR").await.json().await.unwrap();
    assert_eq!(eur["base"], "EUR");
    assert_eq!(eur["ratesPpm"], json!({ "GBP": 857_000, "USD": 1_085_000 }));
    let gbp: Value = demo.get("/v1/fx?base=GBP").await.json().await.unwrap();
    assert_eq!(gbp["ratesPpm"]["EUR"], 1_166_861);

    let unknown = demo.get("/v1/fx?base=XYZ").await;
    assert_eq!(problem_code(unknown, StatusCode::UNPROCESSABLE_ENTITY).await, "unsupported-currency");
}
