//! Payment policy per rate plan (issue 19): a rate paid in full, with a
//! deposit now and the rest at the hotel, or at the hotel with the card kept
//! as a guarantee. Each through the real server and the demo platform: the
//! amounts the rate and the quote state, what the payment session asks
//! (amount and mode), what the confirmation says; and money safety when the
//! deposit or the guarantee lands after the hold ran out and the room is gone.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::common::{Guest, TestApp, day};

const AURORA: &str = "aurora.localhost";

fn stay(rate: &str, room: &str) -> Value {
    json!({
        "property": "aurora-lisbon", "room_type": room, "rate_plan": rate,
        "checkin": day(7), "checkout": day(9), "adults": 2, "children": [], "rooms": 1
    })
}

async fn draft_with_details(guest: &Guest, selection: &Value) -> (String, String, Value) {
    guest.json_draft_with_details(AURORA, selection).await
}

/// Held and sent to the payment page: (path, session id, draft JSON).
async fn paying(guest: &Guest, selection: &Value) -> (String, String, Value) {
    let (path, tag, _) = draft_with_details(guest, selection).await;
    let (_, tag) = guest.json_step(AURORA, &format!("{path}/hold"), &tag, json!({})).await;
    let (draft, _) = guest.json_step(AURORA, &format!("{path}/payment"), &tag, json!({})).await;
    assert_eq!(draft["state"], "payment_pending", "{draft}");
    let session = draft["payment"]["redirectUrl"].as_str().unwrap().rsplit('/').next().unwrap().to_owned();
    (path, session, draft)
}

async fn ledger(app: &TestApp) -> Value {
    app.demo_get("/__admin/ledger").await
}

async fn payment_in_ledger(app: &TestApp, session: &str) -> Value {
    ledger(app).await["payments"].as_array().unwrap().iter().find(|p| p["id"] == session).cloned().expect("the payment")
}

async fn come_back(guest: &Guest, path: &str, session: &str) -> Value {
    let res = guest.get(AURORA, &format!("{path}/payment/return?session={session}")).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let res = guest.get_json(AURORA, path).await;
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.unwrap()
}

async fn holds_run_out(app: &TestApp) {
    let ledger = ledger(app).await;
    for hold in ledger["holds"].as_array().unwrap().iter().filter(|h| h["status"] == "active") {
        let id = hold["id"].as_str().unwrap();
        let res =
            reqwest::Client::new().post(format!("{}/__admin/holds/{id}/expire", app.demo_url)).send().await.unwrap();
        assert!(res.status().is_success());
    }
}

fn amount(v: &Value) -> i64 {
    v["amount"].as_i64().unwrap_or_else(|| panic!("an amount: {v}"))
}

#[tokio::test]
async fn both_tenants_offer_a_deposit_rate_and_a_pay_at_hotel_rate_whose_parts_add_up() {
    let app = TestApp::spawn().await;
    let guest = app.guest();
    for (host, property) in [(AURORA, "aurora-lisbon"), ("kestrel.localhost", "kestrel-skye")] {
        let query = format!("/properties/{property}?checkin={}&checkout={}&adults=2", day(7), day(10));
        let res = guest.get_json(host, &query).await;
        assert_eq!(res.status(), StatusCode::OK);
        let view: Value = res.json().await.unwrap();
        let rates: Vec<&Value> =
            view["rooms"].as_array().unwrap().iter().flat_map(|r| r["rates"].as_array().unwrap()).collect();
        for rate in &rates {
            let p = &rate["payment"];
            assert_eq!(amount(&p["dueNow"]) + amount(&p["dueAtHotel"]), amount(&rate["total"]), "{rate}");
        }
        let deposit = rates.iter().find(|r| r["id"] == "deposit").expect("a deposit rate");
        assert_eq!(deposit["payment"]["policy"], "deposit");
        assert_eq!(amount(&deposit["payment"]["dueNow"]), amount(&deposit["total"]) * 30 / 100, "30 %, rounded down");
        let later = rates.iter().find(|r| r["id"] == "pay-at-hotel").expect("a pay-at-hotel rate");
        assert_eq!((later["payment"]["policy"].as_str(), amount(&later["payment"]["dueNow"])), (Some("at_hotel"), 0));
        assert_eq!(later["payment"]["cardGuarantee"], true);
        let flex = rates.iter().find(|r| r["id"] == "flex").unwrap();
        assert_eq!(flex["payment"]["policy"], "full");
        assert_eq!(amount(&flex["payment"]["dueAtHotel"]), 0);

        // The page says it in words, in the guest's language.
        let html = guest.get(host, &query).await.text().await.unwrap();
        assert!(html.contains("now,") && html.contains("at the hotel"), "{html}");
        assert!(html.contains("Nothing to pay now:"), "{html}");
        let html = guest.get(host, &format!("{query}&lang=de")).await.text().await.unwrap();
        assert!(html.contains("im Hotel") && html.contains("Jetzt nichts zu zahlen"), "{html}");
    }
}

#[tokio::test]
async fn a_deposit_rate_charges_the_deposit_now_and_the_confirmation_says_what_is_due_at_the_hotel() {
    let app = TestApp::spawn().await;
    let guest = app.guest();
    let (path, session, pending) = paying(&guest, &stay("deposit", "classic-double")).await;
    let quote = &pending["quote"];
    let (total, now, later) =
        (amount(&quote["total"]), amount(&quote["payment"]["dueNow"]), amount(&quote["payment"]["dueAtHotel"]));
    assert_eq!(quote["payment"]["policy"], "deposit");
    assert_eq!((now, later), (total * 30 / 100, total - total * 30 / 100));

    // The gateway is asked for the deposit, as a charge.
    let payment = payment_in_ledger(&app, &session).await;
    assert_eq!(payment["amount"], now);
    assert_eq!(payment["mode"], Value::Null, "a charge (the default mode)");

    app.approve_payment(&session).await;
    let done = come_back(&guest, &path, &session).await;
    assert_eq!(done["state"], "confirmed", "{done}");
    let reference = done["bookingRef"].as_str().unwrap();
    let ledger = ledger(&app).await;
    let booking = ledger["bookings"].as_array().unwrap().iter().find(|b| b["reference"] == reference).unwrap();
    assert_eq!((booking["dueNow"].as_i64(), booking["dueAtHotel"].as_i64()), (Some(now), Some(later)));

    let view: Value = guest.get_json(AURORA, &format!("/confirmation/{reference}")).await.json().await.unwrap();
    assert_eq!(view["paymentPolicy"], "deposit");
    assert_eq!((view["paidNowAmount"].as_i64(), view["dueAtHotelAmount"].as_i64()), (Some(now), Some(later)));
    assert_eq!(view["totalAmount"], total);
    let html = guest.get(AURORA, &format!("/confirmation/{reference}")).await.text().await.unwrap();
    assert!(html.contains("Paid now") && html.contains("Due at the hotel"), "{html}");
    assert!(html.contains(view["dueAtHotelDisplay"].as_str().unwrap()), "{html}");
    let html = guest.get(AURORA, &format!("/confirmation/{reference}?lang=fr")).await.text().await.unwrap();
    assert!(html.contains("Payé maintenant") && html.contains("À payer à l'hôtel"), "{html}");
}

#[tokio::test]
async fn a_pay_at_hotel_rate_stores_the_card_as_a_guarantee_and_charges_nothing() {
    let app = TestApp::spawn().await;
    let guest = app.guest();
    let (path, tag, quoted) = draft_with_details(&guest, &stay("pay-at-hotel", "classic-double")).await;
    let total = amount(&quoted["quote"]["total"]);
    assert_eq!(amount(&quoted["quote"]["payment"]["dueNow"]), 0);
    assert_eq!(amount(&quoted["quote"]["payment"]["dueAtHotel"]), total);
    let (_, tag) = guest.json_step(AURORA, &format!("{path}/hold"), &tag, json!({})).await;
    // The payment step says nothing is charged now.
    let html = guest.get(AURORA, &path).await.text().await.unwrap();
    assert!(html.contains("Nothing is charged now") && html.contains("Save card securely"), "{html}");
    let (pending, _) = guest.json_step(AURORA, &format!("{path}/payment"), &tag, json!({})).await;
    let redirect = pending["payment"]["redirectUrl"].as_str().unwrap().to_owned();
    let session = redirect.rsplit('/').next().unwrap().to_owned();

    let payment = payment_in_ledger(&app, &session).await;
    assert_eq!((payment["amount"].as_i64(), payment["mode"].as_str()), (Some(0), Some("guarantee")));
    let page = reqwest::get(&redirect).await.unwrap().text().await.unwrap();
    assert!(page.contains("Save your card") && page.contains("Nothing is charged now"), "{page}");

    // The card goes through on the hosted page: stored, not charged.
    let res = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .post(&redirect)
        .form(&[("card_number", "4242 4242 4242 4242"), ("name", "Ada Lovelace")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(payment_in_ledger(&app, &session).await["status"], "guaranteed");

    let done = come_back(&guest, &path, &session).await;
    assert_eq!(done["state"], "confirmed", "{done}");
    let reference = done["bookingRef"].as_str().unwrap();
    let payment = payment_in_ledger(&app, &session).await;
    assert_eq!((payment["booking"].as_str(), payment["refundedAmount"].as_i64()), (Some(reference), Some(0)));
    let view: Value = guest.get_json(AURORA, &format!("/confirmation/{reference}")).await.json().await.unwrap();
    assert_eq!(view["paymentPolicy"], "at_hotel");
    assert_eq!((view["paidNowAmount"].as_i64(), view["dueAtHotelAmount"].as_i64()), (Some(0), Some(total)));
    let html = guest.get(AURORA, &format!("/confirmation/{reference}")).await.text().await.unwrap();
    assert!(html.contains("Card kept as a guarantee"), "{html}");
}

/// A guarantee (or a deposit) that lands after the hold ran out, for a room
/// another guest took meanwhile: nothing can be booked, so the deposit is
/// refunded and the guarantee voided at the gateway, never left behind.
async fn lands_after_the_room_was_sold(app: &TestApp, rate: &str) -> (Value, Value) {
    let guest = app.guest();
    let (path, session, _) = paying(&guest, &stay(rate, "rooftop-loft")).await;
    holds_run_out(app).await;
    let rival = app.guest();
    let (rival_path, rival_tag, _) = draft_with_details(&rival, &stay("flex", "rooftop-loft")).await;
    let (held, _) = rival.json_step(AURORA, &format!("{rival_path}/hold"), &rival_tag, json!({})).await;
    assert_eq!(held["state"], "held");

    app.approve_payment(&session).await;
    let done = come_back(&guest, &path, &session).await;
    assert_eq!(done["state"], "refunded", "{done}");
    assert_eq!(done["bookingRef"], Value::Null);
    for _ in 0..2 {
        assert_eq!(come_back(&guest, &path, &session).await["state"], "refunded", "settles the same way again");
    }
    assert!(ledger(app).await["bookings"].as_array().unwrap().is_empty());
    let html = guest.get(AURORA, &path).await.text().await.unwrap();
    (done, json!({"payment": payment_in_ledger(app, &session).await, "html": html}))
}

#[tokio::test]
async fn a_guarantee_that_lands_after_the_room_was_sold_is_voided_at_the_gateway() {
    let app = TestApp::spawn().await;
    let (done, seen) = lands_after_the_room_was_sold(&app, "pay-at-hotel").await;
    assert_eq!(done["refund"]["guaranteeReleased"], true);
    assert_eq!(amount(&done["refund"]["amount"]), 0, "nothing had been charged");
    let payment = &seen["payment"];
    assert_eq!((payment["status"].as_str(), payment["booking"].as_str()), (Some("voided"), None));
    assert!(payment["refunds"].as_array().unwrap().is_empty(), "no money moved");
    let html = seen["html"].as_str().unwrap();
    assert!(html.contains("the guarantee on your card has been released"), "{html}");
}

#[tokio::test]
async fn a_deposit_that_lands_after_the_room_was_sold_is_refunded_in_full() {
    let app = TestApp::spawn().await;
    let (done, seen) = lands_after_the_room_was_sold(&app, "deposit").await;
    let deposit = amount(&done["quote"]["payment"]["dueNow"]);
    assert!(deposit > 0 && deposit < amount(&done["quote"]["total"]));
    assert_eq!(amount(&done["refund"]["amount"]), deposit, "what was paid, not the total");
    assert_eq!(done["refund"]["guaranteeReleased"], false);
    let payment = &seen["payment"];
    assert_eq!((payment["status"].as_str(), payment["refundedAmount"].as_i64()), (Some("refunded"), Some(deposit)));
}

#[tokio::test]
async fn a_late_guarantee_for_a_room_still_free_is_booked_on_a_new_hold() {
    let app = TestApp::spawn().await;
    let guest = app.guest();
    let (path, session, _) = paying(&guest, &stay("pay-at-hotel", "rooftop-loft")).await;
    holds_run_out(&app).await;
    app.approve_payment(&session).await;
    let done = come_back(&guest, &path, &session).await;
    assert_eq!(done["state"], "confirmed", "{done}");
    let payment = payment_in_ledger(&app, &session).await;
    assert_eq!(
        (payment["status"].as_str(), payment["booking"].as_str()),
        (Some("guaranteed"), done["bookingRef"].as_str())
    );
}

#[tokio::test]
async fn cancelling_a_deposit_booking_refunds_at_most_the_deposit() {
    let app = TestApp::spawn().await;
    let guest = app.guest();
    let (path, session, pending) = paying(&guest, &stay("deposit", "classic-double")).await;
    let deposit = amount(&pending["quote"]["payment"]["dueNow"]);
    app.approve_payment(&session).await;
    let done = come_back(&guest, &path, &session).await;
    let reference = done["bookingRef"].as_str().unwrap().to_owned();
    let view: Value = guest.get_json(AURORA, &format!("/confirmation/{reference}")).await.json().await.unwrap();
    let link = view["manageUrl"].as_str().unwrap().to_owned();
    let manage: Value = guest.get_json(AURORA, &link).await.json().await.unwrap();
    // Free cancellation (a week ahead): what was paid comes back, not the total.
    assert_eq!(manage["cancellation"]["refundAmount"], deposit, "{manage}");
    assert_eq!(manage["change"], Value::Null, "a deposit booking is changed by the hotel, not online");
    assert_eq!(manage["payment"]["policy"], "deposit");
    assert_eq!(amount(&manage["payment"]["dueNow"]), deposit);
    let html = guest.get(AURORA, &link).await.text().await.unwrap();
    assert!(html.contains("Paid now") && html.contains("Due at the hotel"), "{html}");

    let token = link.trim_start_matches("/manage?t=");
    let res = guest
        .client
        .post(guest.url(AURORA, "/manage/cancel"))
        .header("accept", "application/json")
        .json(&json!({"t": token, "expectedRefund": deposit}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let payment = payment_in_ledger(&app, &session).await;
    assert_eq!((payment["status"].as_str(), payment["refundedAmount"].as_i64()), (Some("refunded"), Some(deposit)));
}

#[tokio::test]
async fn the_demo_gateway_refuses_what_a_guarantee_is_not() {
    let app = TestApp::spawn().await;
    let http = reqwest::Client::new();
    let base = format!("{}/v1/payment-sessions", app.demo_url);
    let request = |mode: &str, amount: i64| {
        json!({"amount": amount, "currency": "EUR", "reference": "d-1", "description": "x",
               "returnUrl": "http://aurora.localhost/return", "mode": mode})
    };
    let post = |body: Value, key: &str| http.post(&base).header("idempotency-key", key).json(&body).send();
    assert_eq!(post(request("guarantee", 100), "k1").await.unwrap().status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(post(request("charge", 0), "k2").await.unwrap().status(), StatusCode::UNPROCESSABLE_ENTITY);
    let charge: Value = post(request("charge", 100), "k3").await.unwrap().json().await.unwrap();
    let void = http.post(format!("{base}/{}/void", charge["id"].as_str().unwrap())).json(&json!({})).send().await;
    assert_eq!(void.unwrap().status(), StatusCode::CONFLICT, "a charge is refunded, never voided");
    let guarantee: Value = post(request("guarantee", 0), "k4").await.unwrap().json().await.unwrap();
    app.approve_payment(guarantee["id"].as_str().unwrap()).await;
    let id = guarantee["id"].as_str().unwrap();
    let refund = http
        .post(format!("{base}/{id}/refunds"))
        .header("idempotency-key", "r1")
        .json(&json!({"amount": 1, "reason": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(refund.status(), StatusCode::CONFLICT, "nothing to refund on a guarantee");
    for _ in 0..2 {
        let voided: Value =
            http.post(format!("{base}/{id}/void")).json(&json!({})).send().await.unwrap().json().await.unwrap();
        assert_eq!(voided["status"], "voided");
    }
}

/// A pay-at-hotel booking a week ahead (free cancellation): its reference,
/// guarantee session and manage link.
async fn booked_at_hotel(app: &TestApp, guest: &Guest) -> (String, String, String) {
    let (path, session, pending) = paying(guest, &stay("pay-at-hotel", "classic-double")).await;
    assert_eq!(amount(&pending["quote"]["payment"]["dueNow"]), 0);
    app.approve_payment(&session).await;
    assert_eq!(payment_in_ledger(app, &session).await["status"], "guaranteed");
    let done = come_back(guest, &path, &session).await;
    let reference = done["bookingRef"].as_str().expect("booked").to_owned();
    let view: Value = guest.get_json(AURORA, &format!("/confirmation/{reference}")).await.json().await.unwrap();
    (reference, session, view["manageUrl"].as_str().unwrap().to_owned())
}

async fn cancel_for_free(guest: &Guest, link: &str) -> Value {
    let token = link.trim_start_matches("/manage?t=");
    let res = guest
        .client
        .post(guest.url(AURORA, "/manage/cancel"))
        .header("accept", "application/json")
        .json(&json!({"t": token, "expectedRefund": 0}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK, "cancelled");
    res.json().await.unwrap()
}

#[tokio::test]
async fn cancelling_a_pay_at_hotel_booking_for_free_releases_the_card_guarantee() {
    let mail_dir = std::env::temp_dir().join(format!("bff-guarantee-mail-{}", rand::random::<u64>()));
    std::fs::create_dir_all(&mail_dir).unwrap();
    let dir = mail_dir.clone();
    let app = TestApp::spawn_with(move |s| {
        s.mail_dir = dir;
        s.mail_poll = std::time::Duration::from_millis(100);
    })
    .await;
    let guest = app.guest();
    let (_, session, link) = booked_at_hotel(&app, &guest).await;
    let manage: Value = guest.get_json(AURORA, &link).await.json().await.unwrap();
    assert_eq!(manage["cancellation"]["refundAmount"], 0, "{manage}");
    let offer = manage["cancellation"]["message"].as_str().unwrap();
    assert!(offer.contains("nothing is charged") && offer.contains("released"), "{offer}");

    let done = cancel_for_free(&guest, &link).await;
    assert_eq!(done["status"], "cancelled", "{done}");
    let said = done["cancelled"]["message"].as_str().unwrap();
    assert!(said.contains("Nothing was charged") && !said.contains("Refund"), "{said}");
    let payment = payment_in_ledger(&app, &session).await;
    assert_eq!((payment["status"].as_str(), payment["refundedAmount"].as_i64()), (Some("voided"), Some(0)));

    // Cancelling again answers the booking as it is; the void is not repeated.
    let again = cancel_for_free(&guest, &link).await;
    assert_eq!(again["status"], "cancelled");
    assert_eq!(payment_in_ledger(&app, &session).await["status"], "voided");
    let metrics = app.metrics().await;
    assert!(
        metrics.lines().any(|l| l.starts_with("payment_guarantees_voided_total{") && l.ends_with(" 1")),
        "one void counted: {metrics}"
    );

    // The cancellation e-mail says the card is released, not "refunded: €0".
    let start = std::time::Instant::now();
    let mail = loop {
        let found = std::fs::read_dir(&mail_dir)
            .unwrap()
            .filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok())
            .find(|m| m.contains("Subject: Booking cancelled"));
        if let Some(found) = found {
            break found;
        }
        assert!(start.elapsed() < std::time::Duration::from_secs(15), "a cancellation e-mail in MAIL_DIR");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    };
    assert!(mail.contains("Released; nothing was charged") && !mail.contains("Refunded to your card"), "{mail}");
}

#[tokio::test]
async fn a_guarantee_the_gateway_did_not_void_at_the_cancel_is_voided_by_the_reconciler() {
    let app = TestApp::builder()
        .with(|s| {
            s.reconcile_every = std::time::Duration::from_millis(100);
            s.reconcile_after = std::time::Duration::from_millis(300);
        })
        .spawn()
        .await;
    let guest = app.guest();
    let (_, session, link) = booked_at_hotel(&app, &guest).await;

    // The payments upstream fails while the guest cancels: the booking is
    // cancelled all the same, and the card is still on file for now.
    app.fault(json!({"upstream": "payments", "status": 503, "times": 3})).await;
    assert_eq!(cancel_for_free(&guest, &link).await["status"], "cancelled");
    assert_eq!(payment_in_ledger(&app, &session).await["status"], "guaranteed");
    app.clear_faults().await;

    // Nobody comes back: the reconciler reads the session and voids it.
    let start = std::time::Instant::now();
    while payment_in_ledger(&app, &session).await["status"] != "voided" {
        assert!(start.elapsed() < std::time::Duration::from_secs(15), "the reconciler voids the guarantee");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}
