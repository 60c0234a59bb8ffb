//! A bank slower than the hold (issue 12): the guest pays with the challenge
//! card, and while the bank's check is open the hold runs out. If the room is
//! still free it is held again and the guest is booked; if another guest took
//! it meanwhile, the payment is refunded and the page says so, with the amount
//! and a way on. Both themes, with and without JavaScript, under axe.

use serde_json::{Value, json};

use crate::common::{Guest, day, header};
use crate::harness::{AURORA, Browser, KESTREL, Options};

const CHALLENGE: &str = "4000 0000 0000 3220";

struct Single {
    host: &'static str,
    property: &'static str,
    room: &'static str,
    checkin: String,
    checkout: String,
}

/// The one-unit room of each tenant, for one night.
fn loft() -> Single {
    Single { host: AURORA, property: "aurora-lisbon", room: "rooftop-loft", checkin: day(7), checkout: day(8) }
}

fn boathouse() -> Single {
    Single { host: KESTREL, property: "kestrel-windermere", room: "boathouse", checkin: day(7), checkout: day(8) }
}

/// Lets every active hold of the demo run out now.
async fn holds_run_out(b: &Browser) {
    let ledger = b.app.demo_get("/__admin/ledger").await;
    for hold in ledger["holds"].as_array().unwrap().iter().filter(|h| h["status"] == "active") {
        let url = format!("{}/__admin/holds/{}/expire", b.app.demo_url, hold["id"].as_str().unwrap());
        assert!(reqwest::Client::new().post(url).send().await.unwrap().status().is_success());
    }
}

/// Another guest holds the room over JSON.
async fn rival_takes(guest: &Guest, room: &Single) {
    let res = guest
        .client
        .post(guest.url(room.host, "/draft"))
        .header("accept", "application/json")
        .json(&json!({
            "property": room.property, "room_type": room.room, "rate_plan": "flex",
            "checkin": room.checkin, "checkout": room.checkout, "adults": 2, "rooms": 1
        }))
        .send()
        .await
        .unwrap();
    let tag = header(&res, "etag");
    let draft: Value = res.json().await.unwrap();
    let path = format!("/draft/{}", draft["id"].as_str().unwrap());
    let details = json!({"first_name": "Grace", "last_name": "Hopper", "email": "grace@example.com", "phone": "+1 212 555 0100", "country": "US", "accept_terms": true});
    let (_, tag) = guest.json_step(room.host, &format!("{path}/guest"), &tag, details).await;
    let (held, _) = guest.json_step(room.host, &format!("{path}/hold"), &tag, json!({})).await;
    assert_eq!(held["state"], "held");
}

/// To the bank's challenge page for the single room.
async fn to_the_bank(b: &mut Browser, room: &Single) {
    let query = format!("?checkin={}&checkout={}&adults=2&children=&rooms=1&promo=", room.checkin, room.checkout);
    b.goto(&format!("/properties/{}{query}", room.property)).await;
    b.click(&format!(".rate form:has(input[name=room_type][value={}]) button[type=submit]", room.room)).await;
    b.find("#draft-panel[data-step=guest_details]").await;
    b.fill_guest_details().await;
    b.click_text("Continue").await;
    b.find("#draft-panel[data-step=payment]").await;
    b.click_text("Hold my room").await;
    b.find("#hold-countdown").await;
    b.step("held").await;
    b.click_text("Pay securely").await;
    b.find("#card-number").await;
    b.fill("#card-name", "Ada Lovelace").await;
    b.fill("#card-number", CHALLENGE).await;
    b.fill("#card-exp", "12/30").await;
    b.fill("#card-csc", "123").await;
    b.click("button.pay").await;
    b.find("button[value=approve]").await;
    b.step("bank-challenge").await;
}

async fn refunded_when_the_room_is_gone(b: &mut Browser, room: &Single) {
    to_the_bank(b, room).await;
    // The bank takes its time: the hold runs out and another guest books the room.
    holds_run_out(b).await;
    rival_takes(&b.app.guest(), room).await;
    b.click("button[value=approve]").await;
    b.find("#draft-panel[data-step=refunded]").await;
    assert_eq!(b.text("#draft-title").await, "Your payment has been refunded");
    let notice = b.text("#draft-panel .notice").await;
    assert!(notice.contains("has been refunded: the room was no longer available"), "{notice}");
    assert!(notice.contains("You have not been booked"), "{notice}");
    let search = b.find("#draft-panel a[href^='/search?']").await;
    assert!(search.attr("href").await.unwrap().unwrap().contains(&room.checkin));
    b.step("refunded").await;
    // In French too.
    let path = b.path().await;
    b.goto(&format!("{}?lang=fr", path.split('?').next().unwrap())).await;
    b.find("#draft-panel[data-step=refunded]").await;
    assert_eq!(b.text("#draft-title").await, "Votre paiement a été remboursé");
    b.step("refunded-fr").await;
}

async fn booked_on_a_new_hold_when_the_room_is_free(b: &mut Browser, room: &Single) {
    to_the_bank(b, room).await;
    holds_run_out(b).await;
    b.click("button[value=approve]").await;
    let confirmed = b.text("#confirmation-title").await;
    assert_eq!(confirmed, "You're booked, Ada Lovelace");
    b.step("confirmation").await;
}

#[tokio::test]
async fn a_slow_bank_on_aurora_is_refunded_when_the_room_was_sold() {
    let mut b = Browser::start("slow_bank_refunded_on_aurora", AURORA, Options::js()).await;
    refunded_when_the_room_is_gone(&mut b, &loft()).await;
    b.finish().await;
}

#[tokio::test]
async fn a_slow_bank_on_kestrel_without_javascript_is_refunded_when_the_room_was_sold() {
    let mut b = Browser::start("slow_bank_refunded_on_kestrel_no_js", KESTREL, Options::no_js()).await;
    refunded_when_the_room_is_gone(&mut b, &boathouse()).await;
    b.finish().await;
}

#[tokio::test]
async fn a_slow_bank_is_booked_on_a_new_hold_when_the_room_is_still_free() {
    let mut b = Browser::start("slow_bank_booked_on_kestrel", KESTREL, Options::js()).await;
    booked_on_a_new_hold_when_the_room_is_free(&mut b, &boathouse()).await;
    b.finish().await;
}
