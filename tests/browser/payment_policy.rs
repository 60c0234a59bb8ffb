//! Payment policies in a real browser, under axe, for both tenants, with and
//! without JavaScript: a deposit rate (the payment step and the confirmation
//! say what is paid now and what is due at the hotel) and a pay-at-hotel rate
//! whose card is stored as a guarantee on the hosted page, nothing charged.

use crate::common::day;
use crate::harness::{AURORA, Browser, KESTREL, Options};

const APPROVED: &str = "4242 4242 4242 4242";

#[derive(Clone, Copy, PartialEq)]
enum Policy {
    Deposit,
    AtHotel,
}

async fn book(b: &mut Browser, property: &str, policy: Policy) {
    b.goto(&format!("/properties/{property}?checkin={}&checkout={}&adults=2", day(12), day(14))).await;
    b.find(".pay-terms").await;
    b.step("rates").await;
    let rate = if policy == Policy::Deposit { "deposit" } else { "pay-at-hotel" };
    b.click(&format!("form:has(input[name=rate_plan][value={rate}]) button[type=submit]")).await;
    b.find("#draft-panel[data-step=guest_details]").await;
    b.fill_guest_details().await;
    b.click_text("Continue").await;
    b.find("#draft-panel[data-step=payment]").await;
    b.click_text("Hold my room").await;
    b.find("#hold-countdown").await;
    let panel = b.text("#draft-panel").await;
    match policy {
        Policy::Deposit => {
            assert!(panel.contains("is charged now as a deposit"), "{panel}");
            assert!(panel.contains("Charged now") && panel.contains("Due at the hotel"), "{panel}");
        }
        Policy::AtHotel => assert!(panel.contains("Nothing is charged now"), "{panel}"),
    }
    b.step("payment-step").await;

    b.click_text(if policy == Policy::Deposit { "Pay securely" } else { "Save card securely" }).await;
    b.find("#card-number").await;
    assert!(b.client.current_url().await.unwrap().path().starts_with("/pay/"), "on the hosted payment page");
    if policy == Policy::AtHotel {
        assert_eq!(b.text("h1").await, "Save your card");
        assert!(b.text(".guarantee").await.contains("Nothing is charged now"));
    }
    b.fill("#card-name", "Ada Lovelace").await;
    b.fill("#card-number", APPROVED).await;
    b.fill("#card-exp", "12/30").await;
    b.fill("#card-csc", "123").await;
    b.step("hosted-page").await;
    b.click("button.pay").await;

    assert_eq!(b.text("#confirmation-title").await, "You're booked, Ada Lovelace");
    let facts = b.text("#confirmation .facts").await;
    assert!(facts.contains("Paid now") && facts.contains("Due at the hotel"), "{facts}");
    if policy == Policy::AtHotel {
        assert!(facts.contains("Card kept as a guarantee"), "{facts}");
    }
    b.step("confirmation").await;
}

#[tokio::test]
async fn aurora_guest_books_a_deposit_rate_with_javascript() {
    let mut b = Browser::start("aurora_guest_books_a_deposit_rate_with_javascript", AURORA, Options::js()).await;
    book(&mut b, "aurora-lisbon", Policy::Deposit).await;
    b.finish().await;
}

#[tokio::test]
async fn kestrel_guest_books_a_deposit_rate_without_javascript() {
    let mut b =
        Browser::start("kestrel_guest_books_a_deposit_rate_without_javascript", KESTREL, Options::no_js()).await;
    book(&mut b, "kestrel-skye", Policy::Deposit).await;
    b.finish().await;
}

#[tokio::test]
async fn aurora_guest_books_a_pay_at_hotel_rate_with_a_card_guarantee_without_javascript() {
    let mut b = Browser::start(
        "aurora_guest_books_a_pay_at_hotel_rate_with_a_card_guarantee_without_javascript",
        AURORA,
        Options::no_js(),
    )
    .await;
    book(&mut b, "aurora-lisbon", Policy::AtHotel).await;
    b.finish().await;
}

#[tokio::test]
async fn kestrel_guest_books_a_pay_at_hotel_rate_with_a_card_guarantee_with_javascript() {
    let mut b = Browser::start(
        "kestrel_guest_books_a_pay_at_hotel_rate_with_a_card_guarantee_with_javascript",
        KESTREL,
        Options::js(),
    )
    .await;
    book(&mut b, "kestrel-skye", Policy::AtHotel).await;
    b.finish().await;
}
