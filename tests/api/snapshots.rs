//! BookingDraftSnapshot through the real server: one snapshot per transition,
//! no personal data, written off the request path, flushed on shutdown, and
//! posted in batches to an analytics endpoint when one is configured.

use std::time::Duration;

use crate::common::{TestApp, day};
use bff_tenant_booking::config::Settings;
use serde_json::Value;

const AURORA: &str = "aurora.localhost";
const PII: &[&str] = &["Ada", "Lovelace", "ada@example.com", "7946"];

/// Selects a room, gives details and holds it: created, quoted, details_submitted, held.
async fn three_steps(guest: &crate::common::Guest) -> String {
    let form = [
        ("property", "aurora-lisbon"),
        ("room_type", "classic-double"),
        ("rate_plan", "flex"),
        ("checkin", &day(2)),
        ("checkout", &day(3)),
    ];
    let res = guest.client.post(guest.url(AURORA, "/draft")).form(&form).send().await.unwrap();
    let draft = res.headers()["location"].to_str().unwrap().to_owned();
    let v: Value = guest.get_json(AURORA, &draft).await.json().await.unwrap();
    let v = v["version"].to_string();
    let details = [
        ("version", v.as_str()),
        ("first_name", "Ada"),
        ("last_name", "Lovelace"),
        ("email", "ada@example.com"),
        ("phone", "+44 20 7946 0000"),
        ("country", "GB"),
        ("accept_terms", "on"),
    ];
    guest.client.post(guest.url(AURORA, &format!("{draft}/guest"))).form(&details).send().await.unwrap();
    let v: Value = guest.get_json(AURORA, &draft).await.json().await.unwrap();
    guest
        .client
        .post(guest.url(AURORA, &format!("{draft}/hold")))
        .form(&[("version", v["version"].to_string())])
        .send()
        .await
        .unwrap();
    draft.trim_start_matches("/draft/").to_owned()
}

fn lines_in(dir: &std::path::Path) -> Vec<Value> {
    let mut lines = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
        lines.extend(text.lines().filter_map(|l| serde_json::from_str(l).ok()));
    }
    lines
}

#[tokio::test]
async fn every_transition_is_snapshotted_without_personal_data() {
    let dir = tempdir("snapshots-files");
    let app = TestApp::spawn_with(|s| s.snapshot_dir = dir.clone()).await;
    let draft = three_steps(&app.guest()).await;
    let mut lines = Vec::new();
    for _ in 0..60 {
        lines = lines_in(&dir);
        if lines.len() >= 4 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let events: Vec<&str> =
        lines.iter().filter(|l| l["draftId"] == draft.as_str()).map(|l| l["event"].as_str().unwrap()).collect();
    assert_eq!(events, ["created", "quoted", "details_submitted", "held"]);
    let raw = lines.iter().map(Value::to_string).collect::<String>();
    for pii in PII {
        assert!(!raw.contains(pii), "snapshot leaks {pii}: {raw}");
    }
    let held = lines.iter().find(|l| l["event"] == "held").unwrap();
    assert_eq!(held["guestCountry"], "GB");
    assert_eq!(held["guestHash"].as_str().unwrap().len(), 32);
    assert!(held["totalAmount"].as_i64().unwrap() > 0);
}

#[tokio::test]
async fn queued_snapshots_are_flushed_on_graceful_shutdown() {
    let dir = tempdir("snapshots-shutdown");
    let mut settings = Settings::for_tests();
    settings.snapshot_dir = dir.clone();
    let app = bff_tenant_booking::startup::build(settings).await.unwrap();
    let addr = app.addr;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(app.serve(async move {
        let _ = stopped.await;
    }));
    let guest = crate::common::Guest { client: crate::common::client_for(addr, true), port: addr.port() };
    three_steps(&guest).await;
    stop.send(()).unwrap();
    server.await.unwrap().unwrap();
    // No waiting: shutdown returned only after the writer flushed.
    assert_eq!(lines_in(&dir).len(), 4);
}

#[tokio::test]
async fn an_analytics_endpoint_gets_batches() {
    use axum::{Json, Router, routing::post};
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<Vec<Value>>();
    let receiver = Router::new().route(
        "/events",
        post(move |Json(batch): Json<Vec<Value>>| {
            let tx = tx.clone();
            async move {
                let _ = tx.send(batch);
                axum::http::StatusCode::NO_CONTENT
            }
        }),
    );
    let url = format!("{}/events", crate::common::serve(receiver).await);
    let app = TestApp::spawn_with(|s| s.analytics_url = Some(url)).await;
    three_steps(&app.guest()).await;
    let mut received = Vec::new();
    while received.len() < 4 {
        let batch = tokio::time::timeout(Duration::from_secs(10), rx.recv()).await.expect("a batch arrives").unwrap();
        received.extend(batch);
    }
    let events: Vec<&str> = received.iter().map(|s| s["event"].as_str().unwrap()).collect();
    assert_eq!(events, ["created", "quoted", "details_submitted", "held"]);
}

fn tempdir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("bfftb-{name}-{}-{}", std::process::id(), rand_suffix()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn rand_suffix() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64
}
