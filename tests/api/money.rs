//! Money safety (issue 12): no guest is charged without a booking, whatever the
//! timing. Each scenario runs through the real server over HTTP and the demo
//! platform, on memory stores and on a real Redis: a double click on "Hold", a
//! draft save that times out after Redis applied it, a bank slower than the
//! hold (the room held again and booked, or the payment refunded), an app that
//! never calls the return route, a payment page nobody finishes.

use std::process::Command;
use std::time::Duration;

use bff_tenant_booking::config::Settings;

use crate::common::{Guest, RedisServer, TestApp, day};
use reqwest::StatusCode;
use serde_json::{Value, json};

const AURORA: &str = "aurora.localhost";

/// The single-unit Rooftop Loft in Lisbon, one night: one guest's hold takes it.
fn loft() -> Value {
    json!({
        "property": "aurora-lisbon", "room_type": "rooftop-loft", "rate_plan": "flex",
        "checkin": day(7), "checkout": day(8), "adults": 2, "children": [], "rooms": 1
    })
}

/// A JSON draft of `selection` with the guest's details: (path, etag).
async fn draft_with_details(guest: &Guest, selection: &Value) -> (String, String) {
    let (path, tag, _) = guest.json_draft_with_details(AURORA, selection).await;
    (path, tag)
}

/// Held and at the payment page: (path, payment session id, draft JSON).
async fn paying(guest: &Guest, selection: &Value) -> (String, String, Value) {
    let (path, tag) = draft_with_details(guest, selection).await;
    let (_, tag) = guest.json_step(AURORA, &format!("{path}/hold"), &tag, json!({})).await;
    let (draft, _) = guest.json_step(AURORA, &format!("{path}/payment"), &tag, json!({})).await;
    assert_eq!(draft["state"], "payment_pending");
    let session = draft["payment"]["redirectUrl"].as_str().unwrap().rsplit('/').next().unwrap().to_owned();
    (path, session, draft)
}

/// The same browser (the same cookie jar) for a concurrent request.
fn same_browser(guest: &Guest) -> Guest {
    Guest { client: guest.client.clone(), port: guest.port }
}

async fn draft_json(guest: &Guest, path: &str) -> Value {
    let res = guest.get_json(AURORA, path).await;
    assert_eq!(res.status(), StatusCode::OK, "{path}");
    res.json().await.unwrap()
}

async fn ledger(app: &TestApp) -> Value {
    app.demo_get("/__admin/ledger").await
}

async fn payment_in_ledger(app: &TestApp, session: &str) -> Value {
    let ledger = ledger(app).await;
    ledger["payments"].as_array().unwrap().iter().find(|p| p["id"] == session).cloned().expect("the payment")
}

/// The ids of the active holds in the demo's ledger.
async fn active_holds(app: &TestApp) -> Vec<String> {
    let ledger = ledger(app).await;
    ledger["holds"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["status"] == "active")
        .map(|h| h["id"].as_str().unwrap().to_owned())
        .collect()
}

/// Lets every active hold run out now (the bank took longer than the hold).
async fn holds_run_out(app: &TestApp) {
    for id in active_holds(app).await {
        let res =
            reqwest::Client::new().post(format!("{}/__admin/holds/{id}/expire", app.demo_url)).send().await.unwrap();
        assert!(res.status().is_success());
    }
}

/// Returns from the payment page until the draft leaves payment_pending (the
/// webhook may get there first).
async fn come_back(guest: &Guest, path: &str, session: &str) -> Value {
    let res = guest.get(AURORA, &format!("{path}/payment/return?session={session}")).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    draft_json(guest, path).await
}

async fn metric(app: &TestApp, name_and_labels: &str) -> f64 {
    let text = app.metrics().await;
    text.lines()
        .filter(|l| l.starts_with(name_and_labels))
        .filter_map(|l| l.rsplit(' ').next()?.parse::<f64>().ok())
        .sum()
}

// ---- a double click on "Hold room" -------------------------------------------

async fn double_click_on_hold_keeps_the_hold(app: &TestApp) {
    let guest = app.guest();
    let (path, tag) = draft_with_details(&guest, &loft()).await;
    // A slow reservations service: both clicks are in flight together.
    app.fault(json!({"upstream": "reservations", "latencyMs": 300, "times": 2})).await;
    let hold = |g: &Guest| {
        let (g, path, tag) = (same_browser(g), path.clone(), tag.clone());
        tokio::spawn(async move { g.json_post(AURORA, &format!("{path}/hold"), &tag, json!({})).await })
    };
    let (first, second) = (hold(&guest), hold(&guest));
    let (first, second) = (first.await.unwrap(), second.await.unwrap());
    for (body, _, status) in [&first, &second] {
        assert_eq!(*status, StatusCode::OK, "both clicks see the held room: {body}");
        assert_eq!(body["state"], "held");
    }
    // The hold the draft records is the one still taking the unit.
    assert_eq!(active_holds(app).await.len(), 1, "one hold, not released by the losing click");

    let draft = draft_json(&guest, &path).await;
    let tag = format!("\"{}\"", draft["version"]);
    let (pending, _) = guest.json_step(AURORA, &format!("{path}/payment"), &tag, json!({})).await;
    let session = pending["payment"]["redirectUrl"].as_str().unwrap().rsplit('/').next().unwrap().to_owned();
    app.approve_payment(&session).await;
    let done = come_back(&guest, &path, &session).await;
    assert_eq!(done["state"], "confirmed", "{done}");
    assert_eq!(payment_in_ledger(app, &session).await["booking"], done["bookingRef"]);
}

on_each_store!(
    async fn a_double_click_on_hold_keeps_the_hold_and_books(app: &TestApp) {
        double_click_on_hold_keeps_the_hold(app).await;
    }
);

// ---- a draft save that times out after Redis applied it ----------------------

fn redis_pid(redis: &RedisServer) -> String {
    let info = redis.cli(&["info", "server"]);
    info.lines().find_map(|l| l.strip_prefix("process_id:")).expect("redis reports its pid").trim().to_owned()
}

fn signal(pid: &str, sig: &str) {
    let status = Command::new("kill").args([sig, pid]).status().unwrap();
    assert!(status.success(), "kill {sig} {pid}");
}

#[tokio::test]
async fn a_hold_whose_save_timed_out_but_landed_is_kept_and_paid_for() {
    let redis = RedisServer::start().await;
    let app = TestApp::with_redis(&redis).await;
    let guest = app.guest();
    let (path, tag) = draft_with_details(&guest, &loft()).await;
    let pid = redis_pid(&redis);
    // The hold call takes 400 ms; Redis freezes while it is out, so the save
    // after it times out (500 ms) with the command already sent.
    app.fault(json!({"upstream": "reservations", "latencyMs": 400, "times": 1})).await;
    let request = {
        let (g, path, tag) = (same_browser(&guest), path.clone(), tag.clone());
        tokio::spawn(async move { g.json_post(AURORA, &format!("{path}/hold"), &tag, json!({})).await })
    };
    tokio::time::sleep(Duration::from_millis(200)).await;
    signal(&pid, "-STOP");
    let (_, _, status) = request.await.unwrap();
    signal(&pid, "-CONT");
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "an unknown outcome is a 503, never a guess");

    // Redis applied the save when it woke: the draft holds the room, and the
    // hold was not given back on a guess.
    let draft = draft_json(&guest, &path).await;
    assert_eq!(draft["state"], "held", "{draft}");
    assert_eq!(active_holds(&app).await.len(), 1);
    let tag = format!("\"{}\"", draft["version"]);
    let (pending, _) = guest.json_step(AURORA, &format!("{path}/payment"), &tag, json!({})).await;
    let session = pending["payment"]["redirectUrl"].as_str().unwrap().rsplit('/').next().unwrap().to_owned();
    app.approve_payment(&session).await;
    assert_eq!(come_back(&guest, &path, &session).await["state"], "confirmed");
}

// ---- a bank slower than the hold -----------------------------------------------

async fn late_approval_is_booked_on_a_new_hold(app: &TestApp) {
    let guest = app.guest();
    let (path, session, pending) = paying(&guest, &loft()).await;
    // The payment page never outlives the hold.
    let pay_until: jiff::Timestamp = pending["payment"]["expiresAt"].as_str().unwrap().parse().unwrap();
    let held_until: jiff::Timestamp = pending["hold"]["expiresAt"].as_str().unwrap().parse().unwrap();
    assert!(pay_until <= held_until, "payment page until {pay_until}, hold until {held_until}");

    holds_run_out(app).await;
    app.approve_payment(&session).await;
    let done = come_back(&guest, &path, &session).await;
    assert_eq!(done["state"], "confirmed", "the room was still free: held again and booked: {done}");
    let ledger = ledger(app).await;
    let bookings = ledger["bookings"].as_array().unwrap();
    assert_eq!(bookings.len(), 1);
    assert_eq!(bookings[0]["paymentSessionId"], session.as_str());
    assert_eq!(payment_in_ledger(app, &session).await["refundedAmount"], 0);
}

on_each_store!(
    async fn an_approval_after_the_hold_ran_out_is_booked_on_a_new_hold(app: &TestApp) {
        late_approval_is_booked_on_a_new_hold(app).await;
    }
);

async fn late_approval_for_a_sold_room_is_refunded(app: &TestApp) {
    let guest = app.guest();
    let (path, session, _) = paying(&guest, &loft()).await;
    let refunded_before = metric(app, "payments_refunded_total{").await;
    holds_run_out(app).await;
    // Meanwhile another guest takes the last unit.
    let rival = app.guest();
    let (rival_path, rival_tag) = draft_with_details(&rival, &loft()).await;
    let (held, _) = rival.json_step(AURORA, &format!("{rival_path}/hold"), &rival_tag, json!({})).await;
    assert_eq!(held["state"], "held");

    app.approve_payment(&session).await;
    let done = come_back(&guest, &path, &session).await;
    assert_eq!(done["state"], "refunded", "{done}");
    assert_eq!(done["step"], "refunded");
    assert_eq!(done["allowedActions"], json!([]));
    let total = done["quote"]["total"]["amount"].clone();
    assert_eq!(done["refund"]["amount"]["amount"], total);
    assert_eq!(
        (done["refund"]["reason"].as_str(), done["refund"]["status"].as_str()),
        (Some("room_unavailable"), Some("refunded"))
    );
    assert_eq!(done["bookingRef"], Value::Null);

    // The gateway has the refund, the reservations service no booking.
    let payment = payment_in_ledger(app, &session).await;
    assert_eq!((payment["status"].as_str(), &payment["refundedAmount"]), (Some("refunded"), &total));
    assert_eq!(payment["booking"], Value::Null);
    assert!(ledger(app).await["bookings"].as_array().unwrap().is_empty());
    assert!(metric(app, "payments_refunded_total{").await > refunded_before);

    // Every later settle (a reload, the webhook, a return) finds it refunded once.
    for _ in 0..3 {
        assert_eq!(come_back(&guest, &path, &session).await["state"], "refunded");
    }
    assert_eq!(payment_in_ledger(app, &session).await["refunds"].as_array().unwrap().len(), 1);

    // The page says so in the guest's language, with the amount and a way on.
    let html = guest.get(AURORA, &path).await.text().await.unwrap();
    assert!(html.contains("Your payment has been refunded"), "{html}");
    assert!(html.contains("has been refunded: the room was no longer available"), "{html}");
    assert!(html.contains("href=\"/search?checkin="), "a search for the same stay: {html}");
    let html = guest.get(AURORA, &format!("{path}?lang=fr")).await.text().await.unwrap();
    assert!(html.contains("Votre paiement a été remboursé"), "{html}");
}

on_each_store!(
    async fn an_approval_for_a_room_sold_meanwhile_is_refunded(app: &TestApp) {
        late_approval_for_a_sold_room_is_refunded(app).await;
    }
);

// ---- nobody tells the service -------------------------------------------------

/// An app whose payment webhooks never arrive (the gateway cannot reach it);
/// with `reconcile`, its reconciler runs every 100 ms.
fn deaf(reconcile: bool) -> impl FnOnce(&mut Settings) + Send {
    move |s| {
        s.webhook_base_url = Some("http://127.0.0.1:9".into());
        if reconcile {
            s.reconcile_every = Duration::from_millis(100);
            s.reconcile_after = Duration::from_millis(300);
        }
    }
}

async fn deaf_app() -> TestApp {
    TestApp::builder().with(deaf(false)).spawn().await
}

async fn reading_the_draft_settles_it(app: &TestApp) {
    let guest = app.guest();
    let (path, session, _) = paying(&guest, &loft()).await;
    app.approve_payment(&session).await;
    // No return, no webhook: the app only reads its draft.
    let mut draft = draft_json(&guest, &path).await;
    for _ in 0..30 {
        if draft["state"] != "payment_pending" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
        draft = draft_json(&guest, &path).await;
    }
    assert_eq!(draft["state"], "confirmed", "{draft}");
}

on_each_store!(settings = deaf(false); async fn reading_a_pending_draft_settles_its_payment(app: &TestApp) {
    reading_the_draft_settles_it(app).await;
});

async fn the_reconciler_settles_what_nobody_asked_about(app: &TestApp) {
    let guest = app.guest();
    let (path, session, _) = paying(&guest, &loft()).await;
    app.approve_payment(&session).await;
    // Nobody reads the draft: the reconciler books it by itself.
    let mut booked = Value::Null;
    for _ in 0..50 {
        booked = payment_in_ledger(app, &session).await["booking"].clone();
        if !booked.is_null() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(booked.is_string(), "the reconciler booked the approved payment");
    // Confirmed in the draft too (give the sweep its compare-and-set).
    tokio::time::sleep(Duration::from_millis(300)).await;
    let draft = draft_json(&guest, &path).await;
    assert_eq!((draft["state"].as_str(), &draft["bookingRef"]), (Some("confirmed"), &booked));
    assert!(metric(app, "payments_settled_total{via=\"reconciler\"}").await >= 1.0);
}

on_each_store!(settings = deaf(true); async fn the_reconciler_settles_a_payment_nobody_came_back_from(app: &TestApp) {
    the_reconciler_settles_what_nobody_asked_about(app).await;
});

#[tokio::test]
async fn a_payment_page_nobody_finishes_ends_and_the_guest_can_pay_again() {
    let app = deaf_app().await;
    app.demo_config(json!({"paymentTtlSecs": 1})).await;
    let guest = app.guest();
    let (path, _, _) = paying(&guest, &loft()).await;
    tokio::time::sleep(Duration::from_millis(1_600)).await;
    let draft = draft_json(&guest, &path).await;
    assert_eq!(draft["state"], "payment_failed", "the ended session ends the wait: {draft}");
    assert!(draft["allowedActions"].as_array().unwrap().contains(&json!("pay")), "{draft}");
}
