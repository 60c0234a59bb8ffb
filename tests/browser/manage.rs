//! After the booking, in a real browser, for both tenants, with JavaScript
//! (the cancel swaps the panel in place) and without (POST-redirect-GET): the
//! confirmation e-mail, delivered to a real SMTP server, carries the signed
//! manage link; the page it opens shows the booking and exactly what cancelling
//! refunds; the guest cancels and sees the refund, the demo platform's ledger
//! has the booking cancelled and one refund of that amount, and a cancellation
//! e-mail follows. Past the deadline the page shows the night kept and the
//! smaller refund before the guest confirms.

use bff_tenant_booking::domain::money::{Currency, Money};
use bff_tenant_booking::i18n::{Locale, Tr};
use serde_json::Value;

use crate::common::smtp::SmtpSink;
use crate::common::{TestApp, day};
use crate::funnel::{self, Approval, Trip};
use crate::harness::{AURORA, Browser, KESTREL, Options};

/// The Flexible rate of the first room on a property page.
const FLEXIBLE: &str = ".rate form:has(input[name=rate_plan][value=flex]) button[type=submit]";

/// A Flexible stay a month ahead: well inside the free-cancellation period
/// (until 2 days before arrival), on arrival days the demo calendar keeps open.
fn month_ahead(host: &str) -> Trip {
    let (property, checkin, checkout) = if host == AURORA {
        ("Aurora Lisboa Riverside", day(30), day(32))
    } else {
        ("Kestrel Lodge Isle of Skye", day(31), day(33))
    };
    Trip { property, checkin, checkout, approval: Approval::Card }
}

fn property_id(host: &str) -> &'static str {
    if host == AURORA { "aurora-lisbon" } else { "kestrel-skye" }
}

/// The page's language in this browser (`--lang=en-GB`): how it shows amounts and dates.
fn en() -> Tr {
    Tr::new(Locale::En)
}

/// What the demo platform's ledger has for the one booking of the test.
struct Booked {
    reference: String,
    currency: Currency,
    total: i64,
    first_night: i64,
}

impl Booked {
    async fn of(app: &TestApp) -> Self {
        let ledger = app.demo_get("/__admin/ledger").await;
        let bookings = ledger["bookings"].as_array().unwrap();
        assert_eq!(bookings.len(), 1, "one booking: {bookings:?}");
        let b = &bookings[0];
        assert_eq!(b["ratePlanId"], "flex", "booked on the Flexible rate");
        Self {
            reference: b["reference"].as_str().unwrap().to_owned(),
            currency: Currency::parse(b["currency"].as_str().unwrap()).unwrap(),
            total: b["total"].as_i64().unwrap(),
            first_night: b["nightly"][0]["amount"].as_i64().unwrap(),
        }
    }

    fn shown(&self, amount: i64) -> String {
        en().money(&Money::new(amount, self.currency))
    }
}

/// The free-cancellation deadline as the page shows it: two days before
/// arrival at the hotel's check-in time (15:00 at every demo property).
fn deadline_shown(checkin: &str) -> String {
    let checkin: jiff::civil::Date = checkin.parse().unwrap();
    let day = checkin.checked_sub(jiff::Span::new().days(2)).unwrap();
    format!("{} 15:00", en().date(day))
}

/// The manage link in an e-mail's text part, and the same in its HTML part.
fn manage_link(mail: &Value) -> String {
    let text = mail["text"].as_str().unwrap();
    let at = text.find("/manage?t=").unwrap_or_else(|| panic!("a manage link in the e-mail: {text}"));
    let start = text[..at].rfind("http").expect("an absolute link");
    let end = text[at..].find(char::is_whitespace).map_or(text.len(), |e| at + e);
    let link = text[start..end].to_owned();
    assert!(mail["html"].as_str().unwrap().contains(&format!("href=\"{link}\"")), "the HTML part links {link}");
    link
}

/// Checks the demo platform's ledger: `reference` cancelled, its payment
/// refunded exactly once, by `refund`.
async fn assert_refunded_once(app: &TestApp, reference: &str, refund: i64) {
    let ledger = app.demo_get("/__admin/ledger").await;
    let booking = ledger["bookings"].as_array().unwrap().iter().find(|b| b["reference"] == reference).unwrap();
    assert_eq!(booking["status"], "cancelled", "{booking}");
    let payment = ledger["payments"].as_array().unwrap().iter().find(|p| p["booking"] == reference).unwrap();
    let refunds: Vec<i64> =
        payment["refunds"].as_array().unwrap().iter().map(|r| r["amount"].as_i64().unwrap()).collect();
    assert_eq!(refunds, vec![refund], "exactly one refund of {refund}: {payment}");
    assert_eq!(payment["refundedAmount"].as_i64(), Some(refund), "{payment}");
}

/// The booking's facts on the manage page.
async fn assert_shows_booking(b: &Browser, booked: &Booked, hotel: &str, checkin: &str, checkout: &str) {
    assert_eq!(b.text("#manage-title").await, "Your booking, Ada Lovelace");
    assert_eq!(b.text("#manage .reference").await, booked.reference);
    let facts = b.text("#manage .facts").await;
    let dates = format!("{} → {}", en().date(checkin), en().date(checkout));
    for fact in [hotel, "Flexible", "Confirmed", &dates, &booked.shown(booked.total)] {
        assert!(facts.contains(fact), "`{fact}` on the manage page: {facts}");
    }
}

/// Clicks "Cancel this booking" and waits for the result: with JavaScript an
/// htmx swap in the same document, without a POST-redirect-GET back to the page.
async fn cancel(b: &Browser) {
    if b.options.javascript {
        b.mark_document().await;
    }
    b.click_text("Cancel this booking").await;
    b.find("#manage .refund").await;
    if b.options.javascript {
        assert!(b.same_document().await, "the cancel swapped the panel in place");
    }
    assert!(b.path().await.starts_with("/manage?t="), "back on the manage page: {}", b.path().await);
    assert!(b.text("#manage .facts").await.contains("Cancelled"), "the status says cancelled");
}

async fn cancel_from_the_emails_link(test: &str, host: &'static str, options: Options) {
    let sink = SmtpSink::start(test);
    let app = TestApp::builder().with(sink.settings()).spawn().await;
    let mut b = Browser::start_on(test, host, options, app).await;
    let trip = month_ahead(host);

    funnel::book(&mut b, &trip).await;
    let booked = Booked::of(&b.app).await;
    let confirmation = sink.message("Booking confirmed").await;
    assert!(confirmation["subject"].as_str().unwrap().contains(&booked.reference), "{}", confirmation["subject"]);
    assert_eq!(confirmation["rcpt"], serde_json::json!(["ada@example.com"]));

    let link = manage_link(&confirmation);
    let site = b.url("");
    let path = link.strip_prefix(&site).unwrap_or_else(|| panic!("the link {link} is on the tenant's site {site}"));
    b.goto(path).await;
    assert_shows_booking(&b, &booked, trip.property, &trip.checkin, &trip.checkout).await;
    let refund = booked.shown(booked.total);
    let terms = b.text("#manage .cancel-terms[data-window=free]").await;
    let expected = format!(
        "Free cancellation until {} (hotel time). If you cancel now, everything is refunded: {refund}.",
        deadline_shown(&trip.checkin)
    );
    assert_eq!(terms, expected, "the exact refund, before the guest confirms");
    b.step("manage-from-email").await;

    cancel(&b).await;
    assert_eq!(b.text("#manage .refund").await, format!("Refunded to your card: {refund}."));
    b.step("cancelled").await;

    assert_refunded_once(&b.app, &booked.reference, booked.total).await;
    let cancellation = sink.message("Booking cancelled").await;
    assert!(cancellation["subject"].as_str().unwrap().contains(&booked.reference), "{}", cancellation["subject"]);
    let text = cancellation["text"].as_str().unwrap();
    assert!(text.contains(&format!("Refunded to your card: {refund}")), "{text}");
    assert_eq!(sink.messages().len(), 2, "one confirmation, one cancellation");
    b.finish().await;
}

/// Books the Flexible rate the short way (straight to the property page, a
/// card that is approved) and opens it from the confirmation page's link.
async fn book_and_open_manage(b: &mut Browser, checkin: &str, checkout: &str) {
    b.goto(&format!("/properties/{}?checkin={checkin}&checkout={checkout}", property_id(b.host))).await;
    b.click(FLEXIBLE).await;
    b.find("#draft-panel[data-step=guest_details]").await;
    b.fill_guest_details().await;
    b.click_text("Continue").await;
    b.find("#draft-panel[data-step=payment]").await;
    b.click_text("Hold my room").await;
    b.find("#hold-countdown").await;
    b.click_text("Pay securely").await;
    b.find("#card-number").await;
    b.fill("#card-name", "Ada Lovelace").await;
    b.fill("#card-number", "4242 4242 4242 4242").await;
    b.fill("#card-exp", "12/30").await;
    b.fill("#card-csc", "123").await;
    b.click("button.pay").await;
    b.find("#confirmation-title").await;
    b.step("confirmation").await;
    b.click_text("Manage or cancel this booking").await;
    b.find("#manage-title").await;
}

async fn past_the_deadline(test: &str, host: &'static str, options: Options) {
    let mut b = Browser::start(test, host, options).await;
    // Arriving tomorrow: free cancellation ended yesterday at 15:00.
    let (checkin, checkout) = (day(1), day(3));
    book_and_open_manage(&mut b, &checkin, &checkout).await;
    let booked = Booked::of(&b.app).await;
    let hotel = if host == AURORA { "Aurora Lisboa Riverside" } else { "Kestrel Lodge Isle of Skye" };
    assert_shows_booking(&b, &booked, hotel, &checkin, &checkout).await;

    let refund = booked.total - booked.first_night;
    assert!(refund > 0 && refund < booked.total, "the first night of {} is {}", booked.total, booked.first_night);
    let terms = b.text("#manage .cancel-terms[data-window=penalty]").await;
    let expected = format!(
        "Free cancellation ended on {} (hotel time). If you cancel now, {} is kept and {} is refunded.",
        deadline_shown(&checkin),
        booked.shown(booked.first_night),
        booked.shown(refund)
    );
    assert_eq!(terms, expected, "the penalty and the smaller refund, before the guest confirms");
    let sent = b.find("#manage input[name=expectedRefund]").await.prop("value").await.unwrap();
    assert_eq!(sent, Some(refund.to_string()), "the cancel is for the amount shown");
    b.step("manage-past-deadline").await;

    cancel(&b).await;
    let result = b.text("#manage").await;
    for line in [
        format!("Kept under the rate's terms: {}.", booked.shown(booked.first_night)),
        format!("Refunded to your card: {}.", booked.shown(refund)),
    ] {
        assert!(result.contains(&line), "`{line}` after the cancel: {result}");
    }
    b.step("cancelled-past-deadline").await;
    assert_refunded_once(&b.app, &booked.reference, refund).await;
    b.finish().await;
}

#[tokio::test]
async fn aurora_guest_cancels_from_the_emails_link_with_javascript() {
    cancel_from_the_emails_link("aurora_guest_cancels_from_the_emails_link_with_javascript", AURORA, Options::js())
        .await;
}

#[tokio::test]
async fn aurora_guest_cancels_from_the_emails_link_without_javascript() {
    let test = "aurora_guest_cancels_from_the_emails_link_without_javascript";
    cancel_from_the_emails_link(test, AURORA, Options::no_js()).await;
}

#[tokio::test]
async fn kestrel_guest_cancels_from_the_emails_link_with_javascript() {
    let test = "kestrel_guest_cancels_from_the_emails_link_with_javascript";
    cancel_from_the_emails_link(test, KESTREL, Options::js()).await;
}

#[tokio::test]
async fn kestrel_guest_cancels_from_the_emails_link_without_javascript() {
    let test = "kestrel_guest_cancels_from_the_emails_link_without_javascript";
    cancel_from_the_emails_link(test, KESTREL, Options::no_js()).await;
}

#[tokio::test]
async fn aurora_past_the_deadline_shows_the_first_night_kept_before_the_guest_cancels() {
    let test = "aurora_past_the_deadline_shows_the_first_night_kept_before_the_guest_cancels";
    past_the_deadline(test, AURORA, Options::js()).await;
}

#[tokio::test]
async fn kestrel_past_the_deadline_shows_the_first_night_kept_before_the_guest_cancels_without_javascript() {
    let test = "kestrel_past_the_deadline_shows_the_first_night_kept_before_the_guest_cancels_without_javascript";
    past_the_deadline(test, KESTREL, Options::no_js()).await;
}
