//! Manage my booking: the e-mail's signed link opens the booking, the page
//! shows what cancelling refunds under the rate's terms (in the hotel's local
//! time), and a cancel goes upstream first, then refunds exactly that, once.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::common::{Guest, RedisServer, TestApp, day, free_port, location};
use reqwest::StatusCode;
use serde_json::{Value, json};

const AURORA: &str = "aurora.localhost";

fn mail_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("bfftb-manage-{}-{}", std::process::id(), free_port()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn with_mail_dir(s: &mut bff_tenant_booking::config::Settings) {
    s.mail_dir = mail_dir();
    s.mail_poll = Duration::from_millis(100);
}

/// Books `rate` at Aurora Lisbon from `checkin` to `checkout` days ahead over
/// JSON, paid; returns the booking reference.
async fn book(app: &TestApp, guest: &Guest, rate: &str, checkin: i64, checkout: i64) -> String {
    let form = [
        ("property", "aurora-lisbon"),
        ("room_type", "classic-double"),
        ("rate_plan", rate),
        ("checkin", &day(checkin)),
        ("checkout", &day(checkout)),
        ("adults", "2"),
    ];
    let res = guest.client.post(guest.url(AURORA, "/draft")).form(&form).send().await.unwrap();
    let draft = location(&res);
    let tag = guest.get_json(AURORA, &draft).await.headers()["etag"].to_str().unwrap().to_owned();
    let details = json!({"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.com", "phone": "+351 912 345 678", "country": "PT", "accept_terms": true});
    let (_, tag) = guest.json_step(AURORA, &format!("{draft}/guest"), &tag, details).await;
    let (_, tag) = guest.json_step(AURORA, &format!("{draft}/hold"), &tag, json!({})).await;
    let (pending, _) = guest.json_step(AURORA, &format!("{draft}/payment"), &tag, json!({})).await;
    let session = pending["payment"]["redirectUrl"].as_str().unwrap().rsplit('/').next().unwrap().to_owned();
    app.approve_payment(&session).await;
    let confirmation = location(&guest.get(AURORA, &format!("{draft}/payment/return")).await);
    confirmation.rsplit('/').next().unwrap().to_owned()
}

/// The HTML part of the e-mail of `kind` about `reference`, once written to MAIL_DIR.
async fn mail_html(app: &TestApp, reference: &str, kind: &str) -> String {
    mail_file(app, reference, kind, "html").await
}

/// The `ext` file (`html`, `eml`) of the `kind` e-mail of `reference` in MAIL_DIR.
async fn mail_file(app: &TestApp, reference: &str, kind: &str, ext: &str) -> String {
    let dir = app.state.settings.mail_dir.clone();
    let start = Instant::now();
    loop {
        let found = std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .find(|n| n.ends_with(&format!("{kind}.{ext}")) && n.contains(reference) && !n.starts_with('.'));
        if let Some(name) = found {
            return std::fs::read_to_string(dir.join(name)).unwrap();
        }
        assert!(start.elapsed() < Duration::from_secs(15), "a {kind} e-mail for {reference} in MAIL_DIR");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The manage link's path and query in an e-mail.
fn manage_link(html: &str) -> String {
    let start = html.find("/manage?t=").expect("a manage link in the e-mail");
    let end = html[start..].find('"').unwrap();
    html[start..start + end].replace("&amp;", "&")
}

/// The manage link of `reference`, as the confirmation page's JSON gives it.
async fn link_from_confirmation(guest: &Guest, reference: &str) -> String {
    let view: Value = guest.get_json(AURORA, &format!("/confirmation/{reference}")).await.json().await.unwrap();
    view["manageUrl"].as_str().unwrap().to_owned()
}

async fn manage_json(guest: &Guest, link: &str) -> Value {
    let res = guest.get_json(AURORA, link).await;
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.unwrap()
}

async fn cancel(guest: &Guest, link: &str, expected_refund: i64) -> reqwest::Response {
    let token = link.trim_start_matches("/manage?t=");
    guest
        .client
        .post(guest.url(AURORA, "/manage/cancel"))
        .header("accept", "application/json")
        .json(&json!({"t": token, "expectedRefund": expected_refund}))
        .send()
        .await
        .unwrap()
}

fn booking<'a>(ledger: &'a Value, reference: &str) -> &'a Value {
    ledger["bookings"].as_array().unwrap().iter().find(|b| b["reference"] == reference).unwrap()
}

fn payment<'a>(ledger: &'a Value, reference: &str) -> &'a Value {
    ledger["payments"].as_array().unwrap().iter().find(|p| p["booking"] == reference).unwrap()
}

crate::on_each_store! {
    settings = with_mail_dir;
    async fn the_emails_link_cancels_a_flexible_booking_with_a_full_refund_once(app: &TestApp) {
        let guest = app.guest();
        let reference = book(app, &guest, "flex", 30, 32).await;

        let link = manage_link(&mail_html(app, &reference, "confirmation").await);
        let page = guest.get(AURORA, &link).await;
        assert_eq!(page.status(), StatusCode::OK);
        let html = page.text().await.unwrap();
        assert!(html.contains(&reference) && html.contains("/manage/cancel"), "the page offers the cancel");
        crate::common::assert_no_raw_keys(&html, "the manage page");
        let view = manage_json(&guest, &link).await;
        let total = view["totalAmount"].as_i64().unwrap();
        assert_eq!(view["cancellation"]["window"], "free");
        assert_eq!(view["cancellation"]["refundAmount"], total, "everything back");
        assert!(html.contains(view["cancellation"]["refundDisplay"].as_str().unwrap()), "the amount is on the page");

        let res = cancel(&guest, &link, total).await;
        assert_eq!(res.status(), StatusCode::OK);
        let done: Value = res.json().await.unwrap();
        assert_eq!(done["status"], "cancelled");
        assert_eq!((done["cancelled"]["refundAmount"].as_i64(), done["cancelled"]["refunded"].as_bool()), (Some(total), Some(true)));

        let ledger = app.demo_get("/__admin/ledger").await;
        assert_eq!(booking(&ledger, &reference)["status"], "cancelled");
        let paid = payment(&ledger, &reference);
        assert_eq!((paid["status"].as_str(), paid["refundedAmount"].as_i64()), (Some("refunded"), Some(total)));
        let cancelled_mail = mail_html(app, &reference, "cancellation").await;
        assert!(cancelled_mail.contains(&reference));

        // Again: the same answer, no second refund.
        let again: Value = cancel(&guest, &link, total).await.json().await.unwrap();
        assert_eq!(again["cancelled"], done["cancelled"]);
        let ledger = app.demo_get("/__admin/ledger").await;
        assert_eq!(payment(&ledger, &reference)["refunds"].as_array().unwrap().len(), 1);
        assert!(app.metrics().await.contains(r#"bookings_cancelled_total{tenant="aurora"} 1"#));
    }
}

#[tokio::test]
async fn past_the_deadline_the_first_night_is_kept_and_the_rest_refunded() {
    let app = TestApp::spawn().await;
    let guest = app.guest();
    let reference = book(&app, &guest, "flex", 1, 3).await;
    let link = link_from_confirmation(&guest, &reference).await;

    let view = manage_json(&guest, &link).await;
    let offer = &view["cancellation"];
    assert_eq!(offer["window"], "penalty");
    let ledger = app.demo_get("/__admin/ledger").await;
    let first_night = booking(&ledger, &reference)["nightly"][0]["amount"].as_i64().unwrap();
    let total = view["totalAmount"].as_i64().unwrap();
    assert_eq!(offer["penaltyAmount"].as_i64(), Some(first_night));
    assert_eq!(offer["refundAmount"].as_i64(), Some(total - first_night));
    let html = guest.get(AURORA, &link).await.text().await.unwrap();
    assert!(html.contains(offer["refundDisplay"].as_str().unwrap()));

    // A stale amount is refused with the current one.
    assert_eq!(cancel(&guest, &link, total).await.status(), StatusCode::CONFLICT);
    let res = cancel(&guest, &link, total - first_night).await;
    assert_eq!(res.status(), StatusCode::OK);
    let ledger = app.demo_get("/__admin/ledger").await;
    assert_eq!(payment(&ledger, &reference)["refundedAmount"].as_i64(), Some(total - first_night));
}

#[tokio::test]
async fn a_non_refundable_rate_offers_no_refund() {
    let app = TestApp::spawn().await;
    let guest = app.guest();
    let reference = book(&app, &guest, "saver", 30, 31).await;
    let link = link_from_confirmation(&guest, &reference).await;
    let view = manage_json(&guest, &link).await;
    assert_eq!(view["cancellation"]["window"], "nonRefundable");
    assert_eq!(view["cancellation"]["refundAmount"], 0);
    assert_eq!(view["cancellation"]["deadline"], Value::Null);
}

#[tokio::test]
async fn the_deadline_is_shown_at_the_hotels_check_in_time_in_its_zone() {
    let app = TestApp::spawn().await;
    let guest = app.guest();
    let reference = book(&app, &guest, "flex", 40, 41).await;
    let link = link_from_confirmation(&guest, &reference).await;
    let view = manage_json(&guest, &link).await;
    let deadline = view["cancellation"]["deadline"].as_str().unwrap();
    assert!(deadline.contains(&format!("{}T15:00:00", day(38))) && deadline.ends_with("[Europe/Lisbon]"), "{deadline}");
    let html = guest.get(AURORA, &link).await.text().await.unwrap();
    assert!(html.contains(view["cancellation"]["deadlineDisplay"].as_str().unwrap()));
    assert!(html.contains("15:00"), "the hotel's local time");
}

/// The first Monday after a change of Lisbon's clocks that a guest can book
/// on the Flexible rate with its deadline still ahead, and its offset from
/// today as `day` counts. Through the winter of 2026–27 that is Monday 29 March
/// 2027, the day after summer time starts. Found from the clock, as the demo
/// calendar is relative to today, so the test keeps its meaning once that
/// date has passed.
fn monday_after_a_clock_change(lisbon: &jiff::tz::TimeZone) -> (jiff::civil::Date, i64) {
    use bff_tenant_booking::domain::stay::{MAX_DAYS_AHEAD, days_between};
    let now = jiff::Timestamp::now();
    let today = now.to_zoned(jiff::tz::TimeZone::UTC).date();
    let hotel_today = now.to_zoned(lisbon.clone()).date();
    lisbon
        .following(now)
        .map(|change| change.timestamp().to_zoned(lisbon.clone()).date().tomorrow().unwrap())
        .map(|monday| (monday, i64::from(days_between(today, monday))))
        .take_while(|&(_, offset)| offset <= i64::from(MAX_DAYS_AHEAD))
        // The deadline (two days before) still ahead; not a day the demo
        // closes to arrival (offset % 10 == 9, src/demo/inventory.rs).
        .find(|&(monday, offset)| offset >= 3 && days_between(hotel_today, monday).rem_euclid(10) != 9)
        .expect("a clock change in Lisbon within the booking horizon")
}

#[tokio::test]
async fn across_a_clock_change_the_deadline_is_two_days_before_arrival_at_15_00_hotel_time() {
    let lisbon = jiff::tz::TimeZone::get("Europe/Lisbon").unwrap();
    let (monday, offset) = monday_after_a_clock_change(&lisbon);
    assert_eq!(monday.weekday(), jiff::civil::Weekday::Monday, "the clocks change on a Sunday: {monday}");
    let app = TestApp::spawn().await;
    let guest = app.guest();
    // Three nights: arrivals the demo gives a minimum stay take three.
    let reference = book(&app, &guest, "flex", offset, offset + 3).await;
    let link = link_from_confirmation(&guest, &reference).await;

    let offer = manage_json(&guest, &link).await["cancellation"].clone();
    assert_eq!(offer["window"], "free");
    let deadline: jiff::Zoned = offer["deadline"].as_str().unwrap().parse().unwrap();
    let saturday = monday.checked_sub(jiff::Span::new().days(2)).unwrap();
    assert_eq!(deadline.time_zone().iana_name(), Some("Europe/Lisbon"));
    assert_eq!(deadline.datetime(), saturday.at(15, 0, 0, 0), "Saturday at check-in time, hotel time: {deadline}");
    // The clocks changed in between: the deadline is not 48 hours of elapsed time
    // before the arrival at check-in time.
    let arrival = monday.at(15, 0, 0, 0).to_zoned(lisbon).unwrap();
    assert_ne!(deadline.offset(), arrival.offset(), "{deadline} and {arrival} straddle the change");
    assert_ne!(deadline.timestamp(), arrival.timestamp() - jiff::SignedDuration::from_hours(48));

    let shown =
        format!("{} 15:00", bff_tenant_booking::i18n::Tr::new(bff_tenant_booking::i18n::Locale::En).date(saturday));
    assert!(shown.starts_with("Sat "), "{shown}");
    assert_eq!(offer["deadlineDisplay"], shown.as_str());
    let html = guest.get(AURORA, &link).await.text().await.unwrap();
    let sentence = format!("Free cancellation until {shown} (hotel time).");
    assert!(html.contains(&sentence), "`{sentence}` on the manage page");
}

#[tokio::test]
async fn a_tampered_or_foreign_link_is_a_404_page_and_an_expired_one_a_410() {
    let app = TestApp::spawn().await;
    let guest = app.guest();
    for bad in ["/manage", "/manage?t=", "/manage?t=v1.AUR-XXXXXX.9999999999.AAAA", "/manage?t=%3Cscript%3E"] {
        let res = guest.get(AURORA, bad).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{bad}");
    }
    let keys = &app.state.manage_keys;
    let expired = bff_tenant_booking::domain::manage_link::sign(keys, "aurora", "AUR-XXXXXX", 1_000).unwrap();
    let res = guest.get(AURORA, &format!("/manage?t={expired}")).await;
    assert_eq!(res.status(), StatusCode::GONE);
    assert!(res.text().await.unwrap().contains("expired"));
    // A genuine link of one tenant is nothing on another's host.
    let aurora = bff_tenant_booking::domain::manage_link::sign(keys, "aurora", "AUR-XXXXXX", i64::MAX).unwrap();
    assert_eq!(guest.get("kestrel.localhost", &format!("/manage?t={aurora}")).await.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn every_page_links_to_manage_my_booking() {
    let app = TestApp::spawn().await;
    let html = app.guest().get(AURORA, "/").await.text().await.unwrap();
    assert!(html.contains(r#"href="/confirmation""#));
}

/// `POST /manage/change` over JSON: the draft that changes the booking.
async fn change(guest: &Guest, link: &str, checkin: i64, checkout: i64) -> reqwest::Response {
    let token = link.trim_start_matches("/manage?t=");
    guest
        .client
        .post(guest.url(AURORA, "/manage/change"))
        .header("accept", "application/json")
        .json(&json!({"t": token, "checkin": day(checkin), "checkout": day(checkout), "adults": 2}))
        .send()
        .await
        .unwrap()
}

/// Holds the new stay of a change draft and asks to pay (or confirm): the draft after it.
async fn hold_and_pay(guest: &Guest, draft: &str) -> Value {
    let tag = guest.get_json(AURORA, draft).await.headers()["etag"].to_str().unwrap().to_owned();
    let (_, tag) = guest.json_step(AURORA, &format!("{draft}/hold"), &tag, json!({})).await;
    guest.json_step(AURORA, &format!("{draft}/payment"), &tag, json!({})).await.0
}

crate::on_each_store! {
    settings = with_mail_dir;
    async fn a_longer_stay_pays_the_difference_and_moves_the_booking(app: &TestApp) {
        let guest = app.guest();
        let reference = book(app, &guest, "flex", 30, 31).await;
        let link = link_from_confirmation(&guest, &reference).await;
        let before = manage_json(&guest, &link).await;
        assert_eq!(before["change"]["checkout"], day(31), "the form starts from the stay as booked");
        let paid = before["totalAmount"].as_i64().unwrap();

        let res = change(&guest, &link, 30, 32).await;
        assert_eq!(res.status(), StatusCode::CREATED);
        let draft_path = location(&res);
        let draft: Value = res.json().await.unwrap();
        assert_eq!(draft["modifies"]["reference"], reference.as_str());
        let new_total = draft["quote"]["total"]["amount"].as_i64().unwrap();
        let due = draft["modifies"]["toPay"]["amount"].as_i64().unwrap();
        assert!(new_total > paid && due == new_total - paid, "pays the difference: {new_total} − {paid} = {due}");
        assert_eq!(draft["state"], "details", "the booking's guest is carried over");
        // Nothing changed yet.
        let ledger = app.demo_get("/__admin/ledger").await;
        assert_eq!(booking(&ledger, &reference)["checkout"], day(31));

        let pending = hold_and_pay(&guest, &draft_path).await;
        assert_eq!(pending["state"], "payment_pending");
        let session = pending["payment"]["redirectUrl"].as_str().unwrap().rsplit('/').next().unwrap().to_owned();
        let ledger = app.demo_get("/__admin/ledger").await;
        let session_amount = ledger["payments"].as_array().unwrap().iter().find(|p| p["id"] == session.as_str()).unwrap()["amount"].as_i64();
        assert_eq!(session_amount, Some(due), "the hosted page asks for the difference only");
        app.approve_payment(&session).await;
        let back = guest.get(AURORA, &format!("{draft_path}/payment/return")).await;
        assert_eq!(location(&back), format!("/confirmation/{reference}"), "the same booking, changed");

        let ledger = app.demo_get("/__admin/ledger").await;
        let b = booking(&ledger, &reference);
        assert_eq!((b["checkin"].as_str(), b["checkout"].as_str(), b["total"].as_i64()), (Some(day(30).as_str()), Some(day(32).as_str()), Some(new_total)));
        assert_eq!(b["paymentSessionIds"].as_array().unwrap().len(), 2);
        let after = manage_json(&guest, &link).await;
        assert_eq!((after["checkout"].as_str(), after["totalAmount"].as_i64()), (Some(day(32).as_str()), Some(new_total)));
        let view: Value = guest.get_json(AURORA, &format!("/confirmation/{reference}")).await.json().await.unwrap();
        assert_eq!(view["checkout"], day(32), "the confirmation shows the new stay");
        let mail = mail_html(app, &reference, "modification").await;
        assert!(mail.contains(&reference) && mail.contains("your booking has changed"), "the new confirmation is e-mailed");
        // Its calendar event replaces the first one: same UID, a later SEQUENCE.
        let sequence = |eml: &str| -> u32 {
            let line = eml.lines().find_map(|l| l.strip_prefix("SEQUENCE:")).expect("an .ics SEQUENCE");
            line.trim().parse().unwrap()
        };
        let first = mail_file(app, &reference, "confirmation", "eml").await;
        let changed = mail_file(app, &reference, "modification", "eml").await;
        assert!(sequence(&changed) > sequence(&first), "{changed}");
        assert!(app.metrics().await.contains(r#"bookings_modified_total{tenant="aurora"} 1"#));

        // Cancelling now gives back both payments (free period).
        let view = manage_json(&guest, &link).await;
        assert_eq!(view["cancellation"]["refundAmount"].as_i64(), Some(new_total));
        assert_eq!(cancel(&guest, &link, new_total).await.status(), StatusCode::OK);
        let ledger = app.demo_get("/__admin/ledger").await;
        let refunded: i64 = ledger["payments"].as_array().unwrap().iter().filter(|p| p["booking"] == reference.as_str()).map(|p| p["refundedAmount"].as_i64().unwrap()).sum();
        assert_eq!(refunded, new_total, "everything paid, over both payments, comes back once");
    }
}

crate::on_each_store! {
    async fn a_shorter_stay_is_confirmed_without_paying_and_refunds_the_difference(app: &TestApp) {
        let guest = app.guest();
        let reference = book(app, &guest, "flex", 30, 32).await;
        let link = link_from_confirmation(&guest, &reference).await;
        let paid = manage_json(&guest, &link).await["totalAmount"].as_i64().unwrap();

        let res = change(&guest, &link, 30, 31).await;
        assert_eq!(res.status(), StatusCode::CREATED);
        let draft_path = location(&res);
        let draft: Value = res.json().await.unwrap();
        let new_total = draft["quote"]["total"]["amount"].as_i64().unwrap();
        assert_eq!(draft["modifies"]["toPay"]["amount"], 0);
        assert_eq!(draft["modifies"]["toRefund"]["amount"].as_i64(), Some(paid - new_total));
        let html = guest.get(AURORA, &draft_path).await.text().await.unwrap();
        assert!(html.contains(&reference) && html.contains("To be refunded"), "the page says which booking changes and what comes back");

        let done = hold_and_pay(&guest, &draft_path).await;
        assert_eq!((done["state"].as_str(), done["bookingRef"].as_str()), (Some("confirmed"), Some(reference.as_str())));
        let ledger = app.demo_get("/__admin/ledger").await;
        let b = booking(&ledger, &reference);
        assert_eq!((b["checkout"].as_str(), b["total"].as_i64()), (Some(day(31).as_str()), Some(new_total)));
        let p = payment(&ledger, &reference);
        assert_eq!(p["refundedAmount"].as_i64(), Some(paid - new_total), "the difference is refunded");
        assert_eq!(p["refunds"].as_array().unwrap().len(), 1);
        assert_eq!(ledger["payments"].as_array().unwrap().iter().filter(|p| p["booking"] == reference.as_str()).count(), 1, "no new payment");
    }
}

#[tokio::test]
async fn a_stay_that_cannot_be_had_changes_nothing() {
    let app = TestApp::spawn().await;
    let guest = app.guest();
    let reference = book(&app, &guest, "flex", 30, 31).await;
    let link = link_from_confirmation(&guest, &reference).await;
    // Arrivals 39 days ahead are closed to arrival in the demo.
    let res = change(&guest, &link, 39, 40).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let draft: Value = res.json().await.unwrap();
    assert!(draft["notice"].as_str().is_some_and(|n| !n.is_empty()), "says why");
    assert!(!draft["allowedActions"].as_array().unwrap().iter().any(|a| a == "hold_room"), "nothing to hold");
    // The page form says it at the field, and the booking is as it was.
    let token = link.trim_start_matches("/manage?t=");
    let page = guest
        .client
        .post(guest.url(AURORA, "/manage/change"))
        .form(&[
            ("t", token),
            ("checkin", &day(39)),
            ("checkout", &day(40)),
            ("adults", "2"),
            ("_csrf", &csrf_of(&guest, &link).await),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::CONFLICT);
    let html = page.text().await.unwrap();
    assert!(html.contains("form-alert") && html.contains(&day(39)), "the error at the form, with what the guest typed");
    let ledger = app.demo_get("/__admin/ledger").await;
    let b = booking(&ledger, &reference);
    assert_eq!((b["checkin"].as_str(), b["checkout"].as_str()), (Some(day(30).as_str()), Some(day(31).as_str())));
    assert_eq!(b.get("modifiedAt"), None);
}

/// The CSRF token of the manage page's forms.
async fn csrf_of(guest: &Guest, link: &str) -> String {
    let html = guest.get(AURORA, link).await.text().await.unwrap();
    let at = html.find(r#"name="_csrf" value=""#).expect("a CSRF field") + r#"name="_csrf" value=""#.len();
    html[at..at + html[at..].find('"').unwrap()].to_owned()
}

#[tokio::test]
async fn a_refund_the_gateway_did_not_take_is_finished_by_the_reconciler() {
    let app = TestApp::builder()
        .with(|s| {
            s.reconcile_every = Duration::from_millis(100);
            s.reconcile_after = Duration::from_millis(300);
        })
        .spawn()
        .await;
    let guest = app.guest();
    let reference = book(&app, &guest, "flex", 30, 32).await;
    let link = link_from_confirmation(&guest, &reference).await;
    let total = manage_json(&guest, &link).await["totalAmount"].as_i64().unwrap();

    // The payments upstream fails while the guest cancels.
    app.fault(json!({"upstream": "payments", "status": 503, "times": 3})).await;
    let res = cancel(&guest, &link, total).await;
    assert_eq!(res.status(), StatusCode::OK, "cancelled all the same");
    let done: Value = res.json().await.unwrap();
    assert_eq!((done["status"].as_str(), done["cancelled"]["refunded"].as_bool()), (Some("cancelled"), Some(false)));
    assert!(done["cancelled"]["message"].as_str().is_some_and(|m| !m.is_empty()));
    let ledger = app.demo_get("/__admin/ledger").await;
    assert_eq!(payment(&ledger, &reference)["refundedAmount"], 0, "not refunded yet");
    app.clear_faults().await;

    // Nobody comes back: the reconciler finishes it, once.
    let start = Instant::now();
    loop {
        let ledger = app.demo_get("/__admin/ledger").await;
        if payment(&ledger, &reference)["refundedAmount"].as_i64() == Some(total) {
            assert_eq!(payment(&ledger, &reference)["refunds"].as_array().unwrap().len(), 1);
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(15), "the reconciler refunds within its sweep");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let view = manage_json(&guest, &link).await;
    assert_eq!(view["cancelled"]["refunded"], true);
}

/// The value of an unlabelled gauge on `/metrics` (`None`: not exported yet).
fn gauge(metrics: &str, name: &str) -> Option<f64> {
    metrics.lines().find_map(|l| l.strip_prefix(name)?.strip_prefix(' ')?.trim().parse().ok())
}

fn overdue_in_a_second(s: &mut bff_tenant_booking::config::Settings) {
    s.reconcile_every = Duration::from_millis(100);
    s.reconcile_after = Duration::from_millis(200);
    s.refund_overdue_after = Duration::from_secs(1);
}

crate::on_each_store! {
    settings = overdue_in_a_second;
    async fn a_refund_the_gateway_keeps_refusing_becomes_overdue_for_an_operator_then_ends_when_it_lands(app: &TestApp) {
    let guest = app.guest();
    let reference = book(app, &guest, "flex", 30, 32).await;
    let link = link_from_confirmation(&guest, &reference).await;
    let total = manage_json(&guest, &link).await["totalAmount"].as_i64().unwrap();

    // The gateway refuses every call, for as long as it takes.
    app.fault(json!({"upstream": "payments", "status": 422})).await;
    assert_eq!(cancel(&guest, &link, total).await.status(), StatusCode::OK, "cancelled all the same");

    // Owed, then overdue: the gauges read the whole watch list.
    let start = Instant::now();
    loop {
        let metrics = app.metrics().await;
        if gauge(&metrics, "refunds_overdue") == Some(1.0) {
            assert_eq!(gauge(&metrics, "refunds_owed"), Some(1.0));
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(15), "the refund turns overdue: {metrics}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let ledger = app.demo_get("/__admin/ledger").await;
    assert_eq!(payment(&ledger, &reference)["refundedAmount"], 0, "nothing refunded while refused");

    // The gateway takes it again: the next look refunds it once, and the list is empty.
    app.clear_faults().await;
    let start = Instant::now();
    loop {
        let ledger = app.demo_get("/__admin/ledger").await;
        let metrics = app.metrics().await;
        if payment(&ledger, &reference)["refundedAmount"].as_i64() == Some(total)
            && gauge(&metrics, "refunds_owed") == Some(0.0)
        {
            assert_eq!(payment(&ledger, &reference)["refunds"].as_array().unwrap().len(), 1);
            assert_eq!(gauge(&metrics, "refunds_overdue"), Some(0.0));
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(15), "the reconciler refunds once the gateway takes it");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
}

#[tokio::test]
async fn a_cancelled_bookings_confirmation_says_cancelled() {
    let app = TestApp::spawn().await;
    let guest = app.guest();
    let reference = book(&app, &guest, "flex", 30, 32).await;
    let link = link_from_confirmation(&guest, &reference).await;
    let total = manage_json(&guest, &link).await["totalAmount"].as_i64().unwrap();
    assert_eq!(cancel(&guest, &link, total).await.status(), StatusCode::OK);
    let view: Value = guest.get_json(AURORA, &format!("/confirmation/{reference}")).await.json().await.unwrap();
    assert_eq!(view["status"], "cancelled");
    let html = guest.get(AURORA, &format!("/confirmation/{reference}")).await.text().await.unwrap();
    assert!(html.contains("This booking was cancelled."));
}

#[allow(dead_code)]
fn _uses(_: Option<&RedisServer>) {}
