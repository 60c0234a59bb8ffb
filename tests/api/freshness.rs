//! Availability answers are reused exactly as long as the upstream's
//! `Cache-Control` allows (docs/upstreams.md §3), and never otherwise.

use crate::common::{TestApp, day};
use reqwest::StatusCode;
use serde_json::json;

const AURORA: &str = "aurora.localhost";

fn search(adults: u8) -> String {
    format!("/search?checkin={}&checkout={}&adults={adults}&property=aurora-lisbon", day(31), day(33))
}

async fn availability_calls(app: &TestApp) -> u64 {
    app.demo_get("/__admin/calls").await["availability"].as_u64().unwrap_or(0)
}

#[tokio::test]
async fn a_repeated_search_within_the_upstreams_max_age_does_not_call_availability_again() {
    let app = TestApp::spawn().await;
    // A minute, not the demo's usual 5 s: the second search must fall within
    // it however slow the machine running the test is.
    app.demo_config(json!({ "availabilityMaxAgeSecs": 60 })).await;
    let first = app.guest().get(AURORA, &search(2)).await;
    assert_eq!(first.status(), StatusCode::OK);
    let first_body = first.text().await.unwrap();
    let calls = availability_calls(&app).await;

    // Another guest, the same search.
    let second = app.guest().get(AURORA, &search(2)).await;

    assert_eq!(second.status(), StatusCode::OK);
    assert_eq!(availability_calls(&app).await, calls, "the second search was answered from the cache");
    let rooms = |body: &str| body.matches("River View King").count();
    assert_eq!(rooms(&second.text().await.unwrap()), rooms(&first_body));
}

#[tokio::test]
async fn a_different_search_is_not_answered_with_another_searchs_answer() {
    let app = TestApp::spawn().await;
    app.guest().get(AURORA, &search(2)).await;
    let calls = availability_calls(&app).await;

    let res = app.guest().get(AURORA, &search(1)).await;

    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(availability_calls(&app).await, calls + 1, "other occupancy, other request upstream");
}

#[tokio::test]
async fn an_answer_without_max_age_is_not_reused() {
    let app = TestApp::spawn().await;
    app.demo_config(json!({ "availabilityMaxAgeSecs": 0 })).await; // Cache-Control: no-store
    app.guest().get(AURORA, &search(2)).await;
    let calls = availability_calls(&app).await;

    let res = app.guest().get(AURORA, &search(2)).await;

    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(availability_calls(&app).await, calls + 1, "no-store: every search asks the upstream");
}

#[tokio::test]
async fn an_upstream_error_is_not_reused() {
    let app = TestApp::spawn().await;
    app.fault(json!({ "upstream": "availability", "status": 503, "times": 2 })).await; // the call and its retry
    let failed = app.guest().get(AURORA, &search(2)).await;
    assert_eq!(failed.status(), StatusCode::SERVICE_UNAVAILABLE);
    let calls = availability_calls(&app).await;

    let res = app.guest().get(AURORA, &search(2)).await;

    assert_eq!(res.status(), StatusCode::OK);
    assert!(availability_calls(&app).await > calls, "the failure was not kept: the upstream was asked again");
    assert!(res.text().await.unwrap().contains("River View King"));
}
