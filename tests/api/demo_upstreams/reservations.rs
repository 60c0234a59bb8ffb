//! reservations: holds take units, releases and expiry give them back, bookings
//! need an approved payment and happen once per hold.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::demo_upstreams::helpers::{demo, guest, problem_code};

#[tokio::test]
async fn a_hold_takes_a_unit_until_it_is_released() {
    let demo = demo().await;
    let before = demo.units_left("classic-double").await;

    let (_, hold) = demo.held("classic-double").await;
    assert_eq!(hold["status"], "active");
    assert_eq!(demo.units_left("classic-double").await, before - 1);

    let path = format!("/v1/holds/{}", hold["id"].as_str().unwrap());
    let released = demo.http.delete(demo.url(&path)).send().await.unwrap();
    assert_eq!(released.status(), StatusCode::NO_CONTENT);
    assert_eq!(demo.units_left("classic-double").await, before);

    let again = demo.http.delete(demo.url(&path)).send().await.unwrap();
    assert_eq!(again.status(), StatusCode::NO_CONTENT, "releasing is idempotent");
    let fetched: Value = demo.get(&path).await.json().await.unwrap();
    assert_eq!(fetched["status"], "released");
}

#[tokio::test]
async fn the_last_unit_can_be_held_only_once() {
    let demo = demo().await;
    assert_eq!(demo.units_left("rooftop-loft").await, 1);
    let first = demo.quote("rooftop-loft").await;
    let second = demo.quote("rooftop-loft").await;

    assert_eq!(demo.hold(&first, "k-1").await.status(), StatusCode::CREATED);

    assert_eq!(problem_code(demo.hold(&second, "k-2").await, StatusCode::CONFLICT).await, "sold-out");
    let body = crate::demo_upstreams::helpers::quote_body("rooftop-loft", 1);
    let third = demo.post("/v1/quotes", &body, None).await;
    assert_eq!(problem_code(third, StatusCode::CONFLICT).await, "sold-out", "quotes count holds too");
    assert_eq!(demo.units_left("rooftop-loft").await, 0);
}

#[tokio::test]
async fn a_hold_replayed_with_its_key_is_the_same_hold() {
    let demo = demo().await;
    let before = demo.units_left("classic-double").await;
    let quote = demo.quote("classic-double").await;

    let first = demo.hold(&quote, "same-key").await;
    assert_eq!(first.status(), StatusCode::CREATED);
    let replay = demo.hold(&quote, "same-key").await;
    assert_eq!(replay.status(), StatusCode::OK);
    let (first, replay): (Value, Value) = (first.json().await.unwrap(), replay.json().await.unwrap());
    assert_eq!(first["id"], replay["id"]);
    assert_eq!(demo.units_left("classic-double").await, before - 1, "one unit, however often replayed");

    let other = demo.quote("classic-double").await;
    assert_eq!(
        problem_code(demo.hold(&other, "same-key").await, StatusCode::UNPROCESSABLE_ENTITY).await,
        "idempotency-key-reused"
    );
    let keyless = demo.post("/v1/holds", &json!({ "quoteId": quote["id"] }), None).await;
    assert_eq!(problem_code(keyless, StatusCode::BAD_REQUEST).await, "idempotency-key-required");
}

#[tokio::test]
async fn a_booking_needs_an_approved_payment_of_the_quoted_total() {
    let demo = demo().await;
    let (quote, hold) = demo.held("classic-double").await;
    let total = quote["total"].as_i64().unwrap();
    let book = |session: &Value, key: &str| {
        let body = json!({ "holdId": hold["id"], "paymentSessionId": session["id"], "guest": guest() });
        let key = key.to_owned();
        let demo = &demo;
        async move { demo.post("/v1/bookings", &body, Some(&key)).await }
    };

    let open = demo.session(total, "EUR", None).await;
    assert_eq!(problem_code(book(&open, "b-1").await, StatusCode::CONFLICT).await, "payment-not-approved");

    let declined = demo.session(total, "EUR", None).await;
    demo.complete(&declined, "declined").await;
    assert_eq!(problem_code(book(&declined, "b-2").await, StatusCode::CONFLICT).await, "payment-not-approved");

    let too_little = demo.session(total - 1, "EUR", None).await;
    demo.complete(&too_little, "approved").await;
    assert_eq!(problem_code(book(&too_little, "b-3").await, StatusCode::CONFLICT).await, "payment-not-approved");

    let paid = demo.session(total, "EUR", None).await;
    demo.complete(&paid, "approved").await;
    assert_eq!(book(&paid, "b-4").await.status(), StatusCode::CREATED, "failed attempts did not burn the hold");
}

#[tokio::test]
async fn a_paid_hold_becomes_exactly_one_booking() {
    let demo = demo().await;
    let before = demo.units_left("classic-double").await;
    let (quote, hold) = demo.held("classic-double").await;
    let session = demo.session(quote["total"].as_i64().unwrap(), "EUR", None).await;
    demo.complete(&session, "approved").await;
    let body = json!({
        "holdId": hold["id"], "paymentSessionId": session["id"], "guest": guest(),
        "attribution": { "utm_source": "newsletter" },
    });

    let created = demo.post("/v1/bookings", &body, Some("book-1")).await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let booking: Value = created.json().await.unwrap();
    let reference = booking["reference"].as_str().unwrap();
    assert!(reference.starts_with("AUR-") && reference.len() == 10, "{reference}");
    assert_eq!((booking["status"].clone(), booking["total"].clone()), (json!("confirmed"), quote["total"].clone()));

    let replay = demo.post("/v1/bookings", &body, Some("book-1")).await;
    assert_eq!(replay.status(), StatusCode::OK);
    assert_eq!(replay.json::<Value>().await.unwrap(), booking);

    let second = demo.post("/v1/bookings", &body, Some("book-2")).await;
    assert_eq!(second.status(), StatusCode::CONFLICT);
    let problem: Value = second.json().await.unwrap();
    assert_eq!((problem["code"].as_str(), problem["detail"].as_str()), (Some("hold-converted"), Some(reference)));

    let fetched: Value = demo.get(&format!("/v1/bookings/{reference}")).await.json().await.unwrap();
    assert_eq!(fetched, booking);
    let release = demo.http.delete(demo.url(&format!("/v1/holds/{}", hold["id"].as_str().unwrap()))).send().await;
    assert_eq!(problem_code(release.unwrap(), StatusCode::CONFLICT).await, "hold-converted");
    assert_eq!(demo.units_left("classic-double").await, before - 1, "the booking keeps its unit");
    let attribution: Value = demo.get(&format!("/__admin/attribution/{reference}")).await.json().await.unwrap();
    assert_eq!(attribution, json!({ "utm_source": "newsletter" }));
    assert_eq!(demo.get("/v1/bookings/AUR-NOPE22").await.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_expired_hold_frees_its_unit_and_cannot_be_booked() {
    let demo = demo().await;
    let before = demo.units_left("classic-double").await;
    demo.admin("/__admin/config", json!({ "holdTtlSecs": 1 })).await;
    let (quote, hold) = demo.held("classic-double").await;
    let session = demo.session(quote["total"].as_i64().unwrap(), "EUR", None).await;
    demo.complete(&session, "approved").await;

    tokio::time::sleep(Duration::from_millis(1_100)).await;

    let fetched: Value = demo.get(&format!("/v1/holds/{}", hold["id"].as_str().unwrap())).await.json().await.unwrap();
    assert_eq!(fetched["status"], "expired");
    assert_eq!(demo.units_left("classic-double").await, before);
    let body = json!({ "holdId": hold["id"], "paymentSessionId": session["id"], "guest": guest() });
    let late = demo.post("/v1/bookings", &body, Some("late")).await;
    assert_eq!(problem_code(late, StatusCode::CONFLICT).await, "hold-expired");
}
