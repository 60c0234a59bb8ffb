//! The whole funnel in a real browser, for both tenants (themes), with
//! JavaScript (htmx swaps) and without (plain forms, POST-redirect-GET): landing,
//! a search with a mistake, results, rooms and rates, guest details with a
//! mistake, hold, a declined card, a card that works, confirmation.

use crate::common::day;
use crate::harness::{AURORA, Browser, KESTREL, Options};

/// How the second card gets through.
#[derive(Clone, Copy)]
pub enum Approval {
    /// 4242 4242 4242 4242: approved at once.
    Card,
    /// 4000 0000 0000 3220: the bank's challenge page, answered "Approve".
    Challenge,
}

pub struct Trip {
    pub property: &'static str,
    pub checkin: String,
    pub checkout: String,
    pub approval: Approval,
}

pub fn lisbon() -> Trip {
    Trip { property: "Aurora Lisboa Riverside", checkin: day(2), checkout: day(4), approval: Approval::Card }
}

pub fn skye() -> Trip {
    Trip { property: "Kestrel Lodge Isle of Skye", checkin: day(3), checkout: day(4), approval: Approval::Challenge }
}

const DECLINED: &str = "4000 0000 0000 0002";
const APPROVED: &str = "4242 4242 4242 4242";
const CHALLENGE: &str = "4000 0000 0000 3220";

/// After a form submission: with JavaScript, htmx swapped the panel in the same
/// document; without, a new page arrived.
async fn assert_swap(b: &Browser, what: &str) {
    if b.options.javascript {
        assert!(b.same_document().await, "{what}: expected an htmx swap, got a full page load");
    }
}

async fn submit(b: &Browser, button_text: &str) {
    if b.options.javascript {
        b.mark_document().await;
    }
    b.click_text(button_text).await;
}

pub async fn book(b: &mut Browser, trip: &Trip) {
    b.goto("/").await;
    if b.options.javascript {
        b.htmx_on_first_interaction().await;
    } else {
        let htmx = b.js("return typeof window.htmx;", vec![]).await;
        assert_eq!(htmx, "undefined", "JavaScript should be off in this browser");
    }
    b.step("landing").await;

    // Dates the wrong way round: a message at the field, nothing typed is lost.
    b.fill_date("#checkin", &trip.checkout).await;
    b.fill_date("#checkout", &trip.checkin).await;
    b.fill("#r1_children", "").await;
    submit(b, "Search").await;
    b.find("#search-panel .form-alert").await;
    assert_swap(b, "search with errors").await;
    assert_eq!(b.find("#checkin").await.prop("value").await.unwrap().as_deref(), Some(trip.checkout.as_str()));
    b.step("search-error").await;

    b.fill_date("#checkin", &trip.checkin).await;
    b.fill_date("#checkout", &trip.checkout).await;
    submit(b, "Search").await;
    b.find("#results .results-title").await;
    assert_swap(b, "search").await;
    if b.options.javascript {
        b.wait_js("document.activeElement && document.activeElement.matches('.results-title')").await;
        assert!(b.path().await.starts_with("/search?"), "htmx pushes the search URL");
    }
    b.step("results").await;

    b.click_text(&format!("Choose a room at {}", trip.property)).await;
    let title = b.text("h1").await;
    assert_eq!(title, trip.property);
    b.step("property").await;

    b.click(".rate form button[type=submit]").await;
    b.find("#draft-panel[data-step=guest_details]").await;
    assert!(b.text("#draft-title").await.contains("Who is staying?"));
    b.step("guest-details").await;

    // Nothing filled in: every field says what it needs.
    submit(b, "Continue").await;
    b.find("#draft-panel .form-alert").await;
    assert_swap(b, "guest details with errors").await;
    if b.options.javascript {
        b.wait_js("document.activeElement && document.activeElement.id === 'first_name'").await;
    }
    b.step("guest-errors").await;
    // The hotel's terms are not accepted yet: said at the checkbox, which links them.
    assert!(b.text("#accept_terms-error").await.contains("accept the hotel's terms"));
    let terms = b.find("label[for=accept_terms] a").await.attr("href").await.unwrap().unwrap_or_default();
    assert!(terms.ends_with("/terms"), "{terms}");

    b.fill_guest_details().await;
    b.find("#arrival_time").await.select_by_value("23:00").await.unwrap();
    b.fill("#special_requests", "Late arrival, around 23:00.").await;
    submit(b, "Continue").await;
    b.find("#draft-panel[data-step=payment]").await;
    assert_swap(b, "guest details").await;
    b.step("review").await;

    submit(b, "Hold my room").await;
    b.find("#hold-countdown").await;
    assert_swap(b, "hold").await;
    b.step("held").await;

    b.click_text("Pay securely").await;
    pay(b, DECLINED).await;
    b.find("#draft-panel[data-step=payment_failed]").await;
    assert!(b.text("#draft-title").await.contains("Your payment didn't go through"));
    b.step("payment-failed").await;

    b.click_text("Try again").await;
    match trip.approval {
        Approval::Card => pay(b, APPROVED).await,
        Approval::Challenge => {
            pay(b, CHALLENGE).await;
            b.find("button[value=approve]").await;
            b.step("bank-challenge").await;
            b.click("button[value=approve]").await;
        }
    }
    let confirmed = b.text("#confirmation-title").await;
    assert_eq!(confirmed, "You're booked, Ada Lovelace");
    assert!(b.path().await.starts_with("/confirmation/"), "{}", b.path().await);
    let facts = b.text("#confirmation .facts").await;
    assert!(facts.contains("around 23:00") && facts.contains("Late arrival, around 23:00."), "{facts}");
    b.step("confirmation").await;

    b.goto("/no-such-page").await;
    b.find("main h1").await;
    b.step("not-found").await;
}

/// On the demo platform's hosted page (another origin): enter `card` and pay.
async fn pay(b: &mut Browser, card: &str) {
    b.find("#card-number").await;
    assert!(b.client.current_url().await.unwrap().path().starts_with("/pay/"), "on the hosted payment page");
    b.fill("#card-name", "Ada Lovelace").await;
    b.fill("#card-number", card).await;
    b.fill("#card-exp", "12/30").await;
    b.fill("#card-csc", "123").await;
    b.step(if card == DECLINED { "payment-page" } else { "payment-page-again" }).await;
    b.click("button.pay").await;
}

#[tokio::test]
async fn aurora_guest_books_with_javascript() {
    let mut b = Browser::start("aurora_guest_books_with_javascript", AURORA, Options::js()).await;
    book(&mut b, &lisbon()).await;
    b.finish().await;
}

#[tokio::test]
async fn aurora_guest_books_without_javascript() {
    let mut b = Browser::start("aurora_guest_books_without_javascript", AURORA, Options::no_js()).await;
    book(&mut b, &lisbon()).await;
    b.finish().await;
}

#[tokio::test]
async fn kestrel_guest_books_with_javascript() {
    let mut b = Browser::start("kestrel_guest_books_with_javascript", KESTREL, Options::js()).await;
    book(&mut b, &skye()).await;
    b.finish().await;
}

#[tokio::test]
async fn kestrel_guest_books_without_javascript() {
    let mut b = Browser::start("kestrel_guest_books_without_javascript", KESTREL, Options::no_js()).await;
    book(&mut b, &skye()).await;
    b.finish().await;
}

#[tokio::test]
async fn aurora_guest_books_on_a_phone() {
    let mut b = Browser::start("aurora_guest_books_on_a_phone", AURORA, Options::mobile()).await;
    book(&mut b, &lisbon()).await;
    b.finish().await;
}

#[tokio::test]
async fn kestrel_guest_books_on_a_phone_without_javascript() {
    let mut b = Browser::start(
        "kestrel_guest_books_on_a_phone_without_javascript",
        KESTREL,
        Options { javascript: false, ..Options::mobile() },
    )
    .await;
    book(&mut b, &skye()).await;
    b.finish().await;
}
