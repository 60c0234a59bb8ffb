//! payments: the hosted page's approve / decline / challenge flows, the 303 back
//! to the merchant, idempotent session creation and signed webhooks.

use std::time::Duration;

use bff_tenant_booking::demo::DEMO_WEBHOOK_SECRET;
use bff_tenant_booking::upstream::payments::{WEBHOOK_TOLERANCE_SECS, verify_webhook_signature};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::demo_upstreams::helpers::{Delivery, Demo, demo, problem_code, webhook_receiver};

const RETURN_URL: &str = "http://aurora.localhost:8080/draft/42/payment/return?attempt=1";

async fn pay_with(demo: &Demo, session: &Value, card: &str) -> reqwest::Response {
    let page = session["redirectUrl"].as_str().unwrap();
    let form = [("name", "Ana Sousa"), ("card_number", card), ("expiry", "12/30"), ("cvc", "123")];
    demo.http.post(page).form(&form).send().await.unwrap()
}

fn location(response: &reqwest::Response) -> String {
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    response.headers()["location"].to_str().unwrap().to_owned()
}

async fn status_of(demo: &Demo, session: &Value) -> Value {
    demo.get(&format!("/v1/payment-sessions/{}", session["id"].as_str().unwrap())).await.json().await.unwrap()
}

fn back_to_merchant(session: &Value) -> String {
    format!("{RETURN_URL}&session={}", session["id"].as_str().unwrap())
}

#[tokio::test]
async fn the_hosted_page_shows_the_payment_and_the_test_cards() {
    let demo = demo().await;
    let session = demo.session(23_450, "EUR", None).await;
    assert_eq!(session["status"], "open");
    let redirect = session["redirectUrl"].as_str().unwrap();
    assert_eq!(redirect, demo.url(&format!("/pay/{}", session["id"].as_str().unwrap())));

    let page = demo.http.get(redirect).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.headers()["content-security-policy"].to_str().unwrap().contains("default-src 'none'"));
    let html = page.text().await.unwrap();
    for needle in
        ["€234.50", "draft-42", "4242 4242 4242 4242", "autocomplete=\"cc-number\"", "<label for=\"card-number\""]
    {
        assert!(html.contains(needle), "{needle}");
    }
    assert!(!html.contains("<script"));
}

#[tokio::test]
async fn the_approve_card_approves_and_sends_the_browser_back() {
    let demo = demo().await;
    let session = demo.session(10_000, "EUR", None).await;

    let response = pay_with(&demo, &session, "4242 4242 4242 4242").await;

    assert_eq!(location(&response), back_to_merchant(&session));
    assert_eq!(status_of(&demo, &session).await["status"], "approved");
}

#[tokio::test]
async fn the_decline_card_declines_for_good() {
    let demo = demo().await;
    let session = demo.session(10_000, "EUR", None).await;

    let response = pay_with(&demo, &session, "4000000000000002").await;

    assert_eq!(location(&response), back_to_merchant(&session));
    let declined = status_of(&demo, &session).await;
    assert_eq!(
        (declined["status"].as_str(), declined["declineReason"].as_str()),
        (Some("declined"), Some("Your card was declined."))
    );
    let retry = pay_with(&demo, &session, "4242424242424242").await;
    assert_eq!(location(&retry), back_to_merchant(&session), "a declined session is final");
    assert_eq!(status_of(&demo, &session).await["status"], "declined");
}

#[tokio::test]
async fn the_challenge_card_asks_the_bank_before_deciding() {
    let demo = demo().await;
    for (outcome, expected) in [("approve", "approved"), ("fail", "declined")] {
        let session = demo.session(10_000, "EUR", None).await;
        let challenge_path = format!("/pay/{}/challenge", session["id"].as_str().unwrap());

        let response = pay_with(&demo, &session, "4000 0000 0000 3220").await;
        assert_eq!(location(&response), challenge_path);
        assert_eq!(status_of(&demo, &session).await["status"], "challenge");
        let page = demo.get(&challenge_path).await.text().await.unwrap();
        assert!(page.contains(">Approve</button>") && page.contains(">Fail</button>"));

        let answer = demo.http.post(demo.url(&challenge_path)).form(&[("outcome", outcome)]).send().await.unwrap();
        assert_eq!(location(&answer), back_to_merchant(&session));
        assert_eq!(status_of(&demo, &session).await["status"], expected);
    }
}

#[tokio::test]
async fn an_unknown_card_shows_the_form_again() {
    let demo = demo().await;
    let session = demo.session(10_000, "EUR", None).await;

    let response = pay_with(&demo, &session, "1234 5678 9012 3456").await;

    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.unwrap();
    assert!(html.contains("role=\"alert\"") && html.contains("value=\"Ana Sousa\""));
    assert_eq!(status_of(&demo, &session).await["status"], "open");
}

#[tokio::test]
async fn a_session_replayed_with_its_key_is_the_same_session() {
    let demo = demo().await;
    let body = json!({
        "amount": 5_000, "currency": "GBP", "reference": "draft-7", "description": "Kestrel Lodge",
        "returnUrl": RETURN_URL,
    });
    let first = demo.post("/v1/payment-sessions", &body, Some("ps-key")).await;
    assert_eq!(first.status(), StatusCode::CREATED);
    let replay = demo.post("/v1/payment-sessions", &body, Some("ps-key")).await;
    assert_eq!(replay.status(), StatusCode::OK);
    assert_eq!(first.json::<Value>().await.unwrap()["id"], replay.json::<Value>().await.unwrap()["id"]);

    let mut changed = body.clone();
    changed["amount"] = json!(5_001);
    let reused = demo.post("/v1/payment-sessions", &changed, Some("ps-key")).await;
    assert_eq!(problem_code(reused, StatusCode::UNPROCESSABLE_ENTITY).await, "idempotency-key-reused");
    let keyless = demo.post("/v1/payment-sessions", &body, None).await;
    assert_eq!(problem_code(keyless, StatusCode::BAD_REQUEST).await, "idempotency-key-required");
    let mut bad_url = body.clone();
    bad_url["returnUrl"] = json!("javascript:alert(1)");
    let refused = demo.post("/v1/payment-sessions", &bad_url, Some("ps-other")).await;
    assert_eq!(problem_code(refused, StatusCode::UNPROCESSABLE_ENTITY).await, "invalid-request");
}

async fn next_delivery(deliveries: &mut tokio::sync::mpsc::UnboundedReceiver<Delivery>) -> Delivery {
    tokio::time::timeout(Duration::from_secs(5), deliveries.recv()).await.expect("a webhook arrives").unwrap()
}

fn verifies(delivery: &Delivery) -> bool {
    let now = jiff::Timestamp::now().as_second();
    verify_webhook_signature(DEMO_WEBHOOK_SECRET.as_bytes(), &delivery.0, &delivery.1, now, WEBHOOK_TOLERANCE_SECS)
}

#[tokio::test]
async fn a_final_status_is_announced_by_a_signed_webhook() {
    let demo = demo().await;
    let (url, mut deliveries) = webhook_receiver(0).await;
    let session = demo.session(12_345, "EUR", Some(&url)).await;

    let completed = demo.complete(&session, "approved").await;

    assert_eq!(completed["redirect"], back_to_merchant(&session));
    let delivery = next_delivery(&mut deliveries).await;
    assert!(verifies(&delivery), "signature {}", delivery.0);
    let event: Value = serde_json::from_slice(&delivery.1).unwrap();
    assert_eq!(
        event,
        json!({
            "type": "payment.updated", "sessionId": session["id"], "status": "approved",
            "reference": "draft-42", "amount": 12_345, "currency": "EUR",
        })
    );
}

#[tokio::test]
async fn a_refused_webhook_is_retried() {
    let demo = demo().await;
    let (url, mut deliveries) = webhook_receiver(1).await;
    let session = demo.session(12_345, "EUR", Some(&url)).await;

    let response = pay_with(&demo, &session, "4000 0000 0000 0002").await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);

    let (first, second) = (next_delivery(&mut deliveries).await, next_delivery(&mut deliveries).await);
    assert!(verifies(&first) && verifies(&second));
    assert_eq!(first.1, second.1, "the same event, signed afresh");
    let event: Value = serde_json::from_slice(&second.1).unwrap();
    assert_eq!(event["status"], "declined");
}

#[tokio::test]
async fn a_session_never_outlives_the_deadline_it_was_given() {
    let demo = demo().await;
    let deadline = jiff::Timestamp::now() + jiff::SignedDuration::from_secs(90);
    let body = json!({
        "amount": 10_000, "currency": "EUR", "reference": "draft-42", "description": "Loft",
        "returnUrl": RETURN_URL, "expiresAt": deadline.to_string(),
    });
    let response = demo.post("/v1/payment-sessions", &body, Some("pay-deadline")).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let session: Value = response.json().await.unwrap();
    let expires: jiff::Timestamp = session["expiresAt"].as_str().unwrap().parse().unwrap();
    assert!(expires <= deadline, "{expires} after {deadline}");

    let past = json!({
        "amount": 10_000, "currency": "EUR", "reference": "draft-42", "description": "Loft",
        "returnUrl": RETURN_URL, "expiresAt": "2020-01-01T00:00:00Z",
    });
    let refused = demo.post("/v1/payment-sessions", &past, Some("pay-past")).await;
    assert_eq!(problem_code(refused, StatusCode::UNPROCESSABLE_ENTITY).await, "invalid-request");
}

#[tokio::test]
async fn an_approved_payment_is_refunded_once_per_key_and_announced() {
    let demo = demo().await;
    let (url, mut deliveries) = webhook_receiver(0).await;
    let session = demo.session(12_345, "EUR", Some(&url)).await;
    let id = session["id"].as_str().unwrap();
    let refunds = format!("/v1/payment-sessions/{id}/refunds");

    // Only an approved payment can be refunded.
    let early = demo.post(&refunds, &json!({ "amount": 12_345, "reason": "room-unavailable" }), Some("rf-1")).await;
    assert_eq!(problem_code(early, StatusCode::CONFLICT).await, "payment-not-approved");

    demo.complete(&session, "approved").await;
    next_delivery(&mut deliveries).await;
    let body = json!({ "amount": 12_345, "reason": "room-unavailable" });
    let first = demo.post(&refunds, &body, Some("rf-1")).await;
    assert_eq!(first.status(), StatusCode::CREATED);
    let first: Value = first.json().await.unwrap();
    let replay = demo.post(&refunds, &body, Some("rf-1")).await;
    assert_eq!(replay.status(), StatusCode::OK, "the same key is the same refund");
    assert_eq!(replay.json::<Value>().await.unwrap(), first);
    let again = demo.post(&refunds, &body, Some("rf-2")).await;
    assert_eq!(problem_code(again, StatusCode::CONFLICT).await, "payment-not-approved", "nothing left to refund");

    let refunded = status_of(&demo, &session).await;
    assert_eq!((refunded["status"].as_str(), refunded["refundedAmount"].as_i64()), (Some("refunded"), Some(12_345)));
    let delivery = next_delivery(&mut deliveries).await;
    assert!(verifies(&delivery));
    let event: Value = serde_json::from_slice(&delivery.1).unwrap();
    assert_eq!((event["status"].as_str(), event["sessionId"].as_str()), (Some("refunded"), Some(id)));

    let ledger = demo.get("/__admin/ledger").await.json::<Value>().await.unwrap();
    let payment = ledger["payments"].as_array().unwrap().iter().find(|p| p["id"] == id).unwrap();
    assert_eq!(payment["refunds"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn a_cancelled_session_can_never_be_paid_and_an_approved_one_is_never_cancelled() {
    let demo = demo().await;
    let (url, mut deliveries) = webhook_receiver(0).await;
    let session = demo.session(12_345, "EUR", Some(&url)).await;
    let cancel = format!("/v1/payment-sessions/{}/cancel", session["id"].as_str().unwrap());

    let response = demo.post(&cancel, &json!({}), None).await;
    assert_eq!(response.status(), StatusCode::OK);
    let cancelled: Value = response.json().await.unwrap();
    assert_eq!(cancelled["status"], "cancelled");
    let event: Value = serde_json::from_slice(&next_delivery(&mut deliveries).await.1).unwrap();
    assert_eq!(event["status"], "cancelled", "announced like any final status");
    // Idempotent: the same answer again.
    let again: Value = demo.post(&cancel, &json!({}), None).await.json().await.unwrap();
    assert_eq!(again["status"], "cancelled");
    // The hosted page sends the browser back without taking the card.
    let response = pay_with(&demo, &session, "4242 4242 4242 4242").await;
    assert_eq!(location(&response), back_to_merchant(&session));
    assert_eq!(status_of(&demo, &session).await["status"], "cancelled");

    let approved = demo.session(12_345, "EUR", None).await;
    demo.complete(&approved, "approved").await;
    let cancel = format!("/v1/payment-sessions/{}/cancel", approved["id"].as_str().unwrap());
    let response = demo.post(&cancel, &json!({}), None).await;
    assert_eq!(problem_code(response, StatusCode::CONFLICT).await, "payment-session-approved");
    assert_eq!(status_of(&demo, &approved).await["status"], "approved");

    let response = demo.post("/v1/payment-sessions/ps_nope/cancel", &json!({}), None).await;
    assert_eq!(problem_code(response, StatusCode::NOT_FOUND).await, "unknown-payment-session");
}
