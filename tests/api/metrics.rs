//! `/metrics` after a real booking: the funnel step counters per tenant, upstream
//! latency histograms and error counts per upstream, handoff outcomes, the
//! snapshot queue, and requests per route. The recorder is process-wide, so this
//! binary holds this one test.

use crate::common::{Guest, TestApp, day, location};
use reqwest::StatusCode;
use serde_json::json;

const AURORA: &str = "aurora.localhost";

/// A signed-in member searches, picks a room, gives details, holds, pays, comes back.
async fn book(app: &TestApp, guest: &Guest) -> String {
    let res = guest.sign_in(AURORA, "ada@example.com", "demo-gold", "/").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let stay = format!("checkin={}&checkout={}&adults=2", day(2), day(3));
    assert_eq!(guest.get(AURORA, &format!("/search?{stay}")).await.status(), StatusCode::OK);
    assert_eq!(guest.get(AURORA, &format!("/properties/aurora-lisbon?{stay}")).await.status(), StatusCode::OK);

    let res = guest.start_lisbon_draft(&day(2), &day(3)).await;
    let draft = location(&res);
    let tag = guest.get_json(AURORA, &draft).await.headers()["etag"].to_str().unwrap().to_owned();
    let details = json!({"first_name": "Ada", "last_name": "L", "email": "ada@example.com", "phone": "+351 912 345 678", "country": "PT", "accept_terms": true});
    let (_, tag) = guest.json_step(AURORA, &format!("{draft}/guest"), &tag, details).await;
    let confirmation = app.pay_through(guest, AURORA, &draft, &tag).await;
    assert_eq!(guest.get(AURORA, &confirmation).await.status(), StatusCode::OK);
    confirmation
}

async fn hand_off(guest: &Guest) {
    let token = crate::common::handoff_token(
        "aurora",
        "aurora-berlin",
        Some(("studio", "flex")),
        (day(3), day(4)),
        (None, None),
    );
    let res = guest.client.post(guest.url(AURORA, "/handoff/consume")).form(&[("t", token)]).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn metrics_expose_the_funnel_upstreams_handoffs_and_snapshots() {
    let app = TestApp::spawn().await;
    book(&app, &app.guest()).await;
    hand_off(&app.guest()).await;
    // An upstream failure (the first attempt and its retry), so the error counter has a series.
    app.fault(json!({"upstream": "availability", "status": 503, "times": 2})).await;
    app.guest().get(AURORA, &format!("/properties/aurora-berlin?checkin={}&checkout={}", day(2), day(3))).await;

    let res = reqwest::get(app.metrics_url()).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/plain"));
    let text = res.text().await.unwrap();
    let has = |needle: &str| assert!(text.contains(needle), "missing {needle}\n{text}");

    for step in ["search", "property", "select", "quote", "details", "hold", "payment", "confirmed"] {
        has(&format!(r#"funnel_steps_total{{tenant="aurora",step="{step}"}}"#));
    }
    has("# TYPE upstream_request_duration_seconds histogram");
    for upstream in ["tenant-config", "availability", "pricing", "reservations", "payments", "iam"] {
        has(&format!(r#"upstream_request_duration_seconds_bucket{{upstream="{upstream}",outcome="ok",le="0.1"}}"#));
        has(&format!(r#"upstream_request_duration_seconds_count{{upstream="{upstream}",outcome="ok"}}"#));
    }
    has(r#"upstream_errors_total{upstream="availability",outcome="error"}"#);
    has(r#"handoff_outcomes_total{outcome="consumed"}"#);
    has("# TYPE snapshot_queue_depth gauge");
    has("\nsnapshot_queue_depth ");
    has("\nsnapshot_dropped_total 0");
    has(r#"loyalty_lookups_total{outcome="found"}"#);
    has(r#"sign_ins_total{outcome="ok"} 1"#);
    for route in
        ["/search", "/properties/{id}", "/draft", "/draft/{id}/guest", "/draft/{id}/hold", "/draft/{id}/payment"]
    {
        has(&format!(r#"http_requests_total{{route="{route}","#));
    }
    has(r#"http_requests_total{route="/confirmation/{reference}",method="GET",status="200"}"#);
    has("# TYPE http_request_duration_seconds histogram");
}
