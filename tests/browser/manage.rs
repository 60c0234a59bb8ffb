//! After the booking, in a real browser, for both tenants, with JavaScript
//! (the cancel swaps the panel in place) and without (POST-redirect-GET): the
//! confirmation e-mail, delivered to a real SMTP server, carries the signed
//! manage link; the page it opens shows the booking and exactly what cancelling
//! refunds; the guest cancels and sees the refund, the demo platform's ledger
//! has the booking cancelled and one refund of that amount, and a cancellation
//! e-mail follows. Past the deadline the page shows the night kept and the
//! smaller refund before the guest confirms.
//!
//! From the same page the guest changes the dates: a longer stay pays the
//! difference on the hosted page, a shorter one is confirmed without paying
//! and the difference refunded; either way the same reference has the new
//! stay, and a "booking changed" e-mail follows. A cancellation after a change
//! refunds every payment. A new arrival the hotel does not take is refused at
//! the form, and the booking stays as it was.

use bff_tenant_booking::domain::money::{Currency, Money};
use bff_tenant_booking::i18n::{Locale, Tr};
use fantoccini::Locator;
use serde_json::{Value, json};

use crate::common::smtp::SmtpSink;
use crate::common::{TestApp, day};
use crate::funnel::{self, Approval, Trip};
use crate::harness::{AURORA, Browser, KESTREL, Options};

/// The Flexible rate of the first room on a property page.
const FLEXIBLE: &str = ".rate form:has(input[name=rate_plan][value=flex]) button[type=submit]";

fn hotel(host: &str) -> &'static str {
    if host == AURORA { "Aurora Lisboa Riverside" } else { "Kestrel Lodge Isle of Skye" }
}

fn property_id(host: &str) -> &'static str {
    if host == AURORA { "aurora-lisbon" } else { "kestrel-skye" }
}

/// A Flexible stay of `nights` a month ahead: well inside the free-cancellation
/// period (until 2 days before arrival), on arrival days the demo calendar keeps open.
fn month_ahead(host: &str, nights: i64) -> Trip {
    let checkin = if host == AURORA { 30 } else { 31 };
    Trip { property: hotel(host), checkin: day(checkin), checkout: day(checkin + nights), approval: Approval::Card }
}

/// A night the demo closes to arrival (day offset `% 10 == 9` from the hotel's
/// today, src/demo/inventory.rs), and the day after.
fn closed_to_arrival() -> (jiff::civil::Date, jiff::civil::Date) {
    // Lisbon and Skye keep the same clock.
    let today = jiff::Timestamp::now().to_zoned(jiff::tz::TimeZone::get("Europe/London").unwrap()).date();
    let arrival = today.checked_add(jiff::Span::new().days(39)).unwrap();
    (arrival, arrival.tomorrow().unwrap())
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

/// What the demo platform's ledger has about one booking: the booking, and each
/// payment it took, oldest first, as its amount and the refunds of it.
struct Ledger {
    booking: Value,
    payments: Vec<(i64, Vec<i64>)>,
}

impl Ledger {
    async fn of(app: &TestApp, reference: &str) -> Self {
        let ledger = app.demo_get("/__admin/ledger").await;
        let booking = ledger["bookings"].as_array().unwrap().iter().find(|b| b["reference"] == reference).unwrap();
        // A booking never changed names one payment session.
        let sessions = match booking["paymentSessionIds"].as_array() {
            Some(ids) => ids.clone(),
            None => vec![booking["paymentSessionId"].clone()],
        };
        let all = ledger["payments"].as_array().unwrap();
        let payments = sessions
            .iter()
            .map(|id| {
                let p = all.iter().find(|p| p["id"] == *id).unwrap_or_else(|| panic!("payment {id} in the ledger"));
                assert_eq!(p["booking"], reference, "{p}");
                let refunds: Vec<i64> =
                    p["refunds"].as_array().unwrap().iter().map(|r| r["amount"].as_i64().unwrap()).collect();
                assert_eq!(p["refundedAmount"].as_i64(), Some(refunds.iter().sum()), "{p}");
                (p["amount"].as_i64().unwrap(), refunds)
            })
            .collect::<Vec<_>>();
        let theirs = all.iter().filter(|p| p["booking"] == reference).count();
        assert_eq!(theirs, payments.len(), "no payment for {reference} beyond those it names: {booking}");
        Self { booking: booking.clone(), payments }
    }

    fn stay(&self) -> (&str, &str) {
        (self.booking["checkin"].as_str().unwrap(), self.booking["checkout"].as_str().unwrap())
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

/// Waits for the guest's e-mail about `reference` whose subject starts with
/// `subject`, and follows its manage link, on the tenant's site. The e-mail.
async fn follow_manage_link(b: &Browser, sink: &SmtpSink, subject: &str, reference: &str) -> Value {
    let mail = sink.message(subject).await;
    assert!(mail["subject"].as_str().unwrap().contains(reference), "{}", mail["subject"]);
    assert_eq!(mail["rcpt"], json!(["ada@example.com"]));
    let link = manage_link(&mail);
    let site = b.url("");
    let path = link.strip_prefix(&site).unwrap_or_else(|| panic!("the link {link} is on the tenant's site {site}"));
    b.goto(path).await;
    mail
}

/// Checks the demo platform's ledger: `reference` cancelled, and its payments
/// (amount, refunds), oldest first.
async fn assert_cancelled(app: &TestApp, reference: &str, payments: Vec<(i64, Vec<i64>)>) {
    let ledger = Ledger::of(app, reference).await;
    assert_eq!(ledger.booking["status"], "cancelled", "{}", ledger.booking);
    assert_eq!(ledger.payments, payments, "each payment refunded exactly so: {}", ledger.booking);
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

/// The manage page's terms in the free period: everything, `refund`, comes back.
async fn assert_free_to_cancel(b: &Browser, checkin: &str, refund: &str) {
    let terms = b.text("#manage .cancel-terms[data-window=free]").await;
    let expected = format!(
        "Free cancellation until {} (hotel time). If you cancel now, everything is refunded: {refund}.",
        deadline_shown(checkin)
    );
    assert_eq!(terms, expected, "the exact refund, before the guest confirms");
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
    let trip = month_ahead(host, 2);

    funnel::book(&mut b, &trip).await;
    let booked = Booked::of(&b.app).await;
    follow_manage_link(&b, &sink, "Booking confirmed", &booked.reference).await;
    assert_shows_booking(&b, &booked, trip.property, &trip.checkin, &trip.checkout).await;
    let refund = booked.shown(booked.total);
    assert_free_to_cancel(&b, &trip.checkin, &refund).await;
    b.step("manage-from-email").await;

    cancel(&b).await;
    assert_eq!(b.text("#manage .refund").await, format!("Refunded to your card: {refund}."));
    b.step("cancelled").await;

    assert_cancelled(&b.app, &booked.reference, vec![(booked.total, vec![booked.total])]).await;
    let cancellation = sink.message("Booking cancelled").await;
    assert!(cancellation["subject"].as_str().unwrap().contains(&booked.reference), "{}", cancellation["subject"]);
    let text = cancellation["text"].as_str().unwrap();
    assert!(text.contains(&format!("Refunded to your card: {refund}")), "{text}");
    assert_eq!(sink.messages().len(), 2, "one confirmation, one cancellation");
    b.finish().await;
}

/// On the demo platform's hosted page: an approved card pays.
async fn pay_with_an_approved_card(b: &Browser) {
    b.find("#card-number").await;
    b.fill("#card-name", "Ada Lovelace").await;
    b.fill("#card-number", "4242 4242 4242 4242").await;
    b.fill("#card-exp", "12/30").await;
    b.fill("#card-csc", "123").await;
    b.click("button.pay").await;
}

/// Clicks "Hold my room" on the draft page and waits for the hold.
async fn hold(b: &Browser) {
    if b.options.javascript {
        b.mark_document().await;
    }
    b.click_text("Hold my room").await;
    b.find("#hold-countdown").await;
    if b.options.javascript {
        assert!(b.same_document().await, "the hold swapped the panel in place");
    }
}

/// Books the Flexible rate the short way (straight to the property page, a
/// card that is approved), to the confirmation page.
async fn book_flexible(b: &mut Browser, checkin: &str, checkout: &str) {
    b.goto(&format!("/properties/{}?checkin={checkin}&checkout={checkout}", property_id(b.host))).await;
    b.click(FLEXIBLE).await;
    b.find("#draft-panel[data-step=guest_details]").await;
    b.fill_guest_details().await;
    b.click_text("Continue").await;
    b.find("#draft-panel[data-step=payment]").await;
    hold(b).await;
    b.click_text("Pay securely").await;
    pay_with_an_approved_card(b).await;
    b.find("#confirmation-title").await;
    b.step("confirmation").await;
}

/// Books as [`book_flexible`] and opens the booking from the confirmation page's link.
async fn book_and_open_manage(b: &mut Browser, checkin: &str, checkout: &str) {
    book_flexible(b, checkin, checkout).await;
    b.click_text("Manage or cancel this booking").await;
    b.find("#manage-title").await;
}

async fn past_the_deadline(test: &str, host: &'static str, options: Options) {
    let mut b = Browser::start(test, host, options).await;
    // Arriving tomorrow: free cancellation ended yesterday at 15:00.
    let (checkin, checkout) = (day(1), day(3));
    book_and_open_manage(&mut b, &checkin, &checkout).await;
    let booked = Booked::of(&b.app).await;
    assert_shows_booking(&b, &booked, hotel(host), &checkin, &checkout).await;

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
    assert_cancelled(&b.app, &booked.reference, vec![(booked.total, vec![refund])]).await;
    b.finish().await;
}

/// On the manage page, asks to change the stay to `checkin`–`checkout` (the
/// change form is a plain form post, with JavaScript or without).
async fn ask_to_change(b: &Browser, checkin: &str, checkout: &str) {
    b.fill_date("#change-checkin", checkin).await;
    b.fill_date("#change-checkout", checkout).await;
    b.click_text("See the new price").await;
}

/// A line of the draft page's price summary, by its label: the amount it shows.
async fn summary_line(b: &Browser, label: &str) -> Option<String> {
    let lines = b.client.find_all(Locator::Css("#draft-panel .summary .breakdown li")).await.unwrap();
    for line in lines {
        let text = line.text().await.unwrap();
        if let Some(amount) = text.strip_prefix(label) {
            return Some(amount.trim().to_owned());
        }
    }
    None
}

/// The draft page that changes `booked` to `to`, ready to hold: it names the
/// booking, the new stay, what was paid and the new total, and the line
/// `difference` ("To pay now" or "To be refunded"), and not the other one.
/// Returns the new total and the difference as shown.
async fn assert_change_draft(b: &Browser, booked: &Booked, to: &Trip, difference: &str) -> (String, String) {
    b.find("#draft-panel[data-step=payment]").await;
    assert!(b.path().await.starts_with("/draft/"), "on the draft page: {}", b.path().await);
    let banner = b.text("#draft-panel .change-banner").await;
    let expected = format!(
        "You are changing booking {}. Until the change is confirmed, your booking stays as it is.",
        booked.reference
    );
    assert_eq!(banner, expected);
    let summary = b.text("#draft-panel .summary").await;
    let dates = format!("{} → {}", en().date(&to.checkin), en().date(&to.checkout));
    assert!(summary.contains(&dates), "the new stay, {dates}: {summary}");
    assert_eq!(summary_line(b, "Already paid").await, Some(booked.shown(booked.total)), "{summary}");
    let other = if difference == "To pay now" { "To be refunded" } else { "To pay now" };
    assert_eq!(summary_line(b, other).await, None, "no `{other}`: {summary}");
    let total = summary_line(b, "Total").await.unwrap_or_else(|| panic!("a total: {summary}"));
    let difference = summary_line(b, difference).await.unwrap_or_else(|| panic!("`{difference}`: {summary}"));
    (total, difference)
}

/// The confirmation page of the same booking, with the stay of `trip`.
async fn assert_changed(b: &Browser, reference: &str, trip: &Trip) {
    assert_eq!(b.text("#confirmation-title").await, "You're booked, Ada Lovelace");
    assert_eq!(b.path().await, format!("/confirmation/{reference}"), "the same booking");
    assert_eq!(b.text("#confirmation .reference").await, reference);
    let facts = b.text("#confirmation .facts").await;
    let dates = format!("{} → {}", en().date(&trip.checkin), en().date(&trip.checkout));
    assert!(facts.contains(&dates), "the new stay, {dates}: {facts}");
}

/// Books one night, opens the booking from the confirmation e-mail, makes it
/// two nights and pays the difference on the hosted page; the "booking
/// changed" e-mail's link leads back, and cancelling refunds both payments.
async fn change_then_cancel_from_the_emails_link(test: &str, host: &'static str, options: Options) {
    let sink = SmtpSink::start(test);
    let app = TestApp::builder().with(sink.settings()).spawn().await;
    let mut b = Browser::start_on(test, host, options, app).await;
    let (trip, longer) = (month_ahead(host, 1), month_ahead(host, 2));

    book_flexible(&mut b, &trip.checkin, &trip.checkout).await;
    let booked = Booked::of(&b.app).await;
    follow_manage_link(&b, &sink, "Booking confirmed", &booked.reference).await;
    assert_shows_booking(&b, &booked, trip.property, &trip.checkin, &trip.checkout).await;
    b.step("manage-from-email").await;

    ask_to_change(&b, &longer.checkin, &longer.checkout).await;
    let (total, to_pay) = assert_change_draft(&b, &booked, &longer, "To pay now").await;
    b.step("change-priced").await;
    let before = Ledger::of(&b.app, &booked.reference).await;
    assert_eq!(before.stay(), (trip.checkin.as_str(), trip.checkout.as_str()), "nothing changed yet");

    hold(&b).await;
    let panel = b.text("#draft-panel .draft-main").await;
    let sentence = format!("You'll pay {to_pay} on our payment partner's secure page");
    assert!(panel.contains(&sentence), "`{sentence}`: {panel}");
    b.step("change-held").await;
    b.click_text("Pay securely").await;
    b.find("#card-number").await;
    b.step("pay-the-difference").await;
    pay_with_an_approved_card(&b).await;
    assert_changed(&b, &booked.reference, &longer).await;
    b.step("changed").await;

    let changed = Booked::of(&b.app).await;
    let difference = changed.total - booked.total;
    assert!(difference > 0, "two nights cost more than one: {} and {}", changed.total, booked.total);
    assert_eq!((total, to_pay), (changed.shown(changed.total), changed.shown(difference)));
    let after = Ledger::of(&b.app, &booked.reference).await;
    assert_eq!(after.stay(), (longer.checkin.as_str(), longer.checkout.as_str()));
    assert_eq!(after.payments, vec![(booked.total, vec![]), (difference, vec![])], "the second, the difference");

    let mail = follow_manage_link(&b, &sink, "Booking changed", &booked.reference).await;
    let text = mail["text"].as_str().unwrap();
    for line in [
        format!("Check-out: {}", en().date(&longer.checkout)),
        format!("Total charged: {}", changed.shown(changed.total)),
    ] {
        assert!(text.contains(&line), "`{line}` in the e-mail: {text}");
    }
    assert_shows_booking(&b, &changed, longer.property, &longer.checkin, &longer.checkout).await;
    let refund = changed.shown(changed.total);
    assert_free_to_cancel(&b, &longer.checkin, &refund).await;
    b.step("manage-from-the-change-email").await;

    cancel(&b).await;
    assert_eq!(b.text("#manage .refund").await, format!("Refunded to your card: {refund}."));
    b.step("cancelled").await;
    let both = vec![(booked.total, vec![booked.total]), (difference, vec![difference])];
    assert_cancelled(&b.app, &booked.reference, both).await;
    sink.message("Booking cancelled").await;
    assert_eq!(sink.messages().len(), 3, "confirmed, changed, cancelled");
    b.finish().await;
}

/// Books two nights, makes them one from the manage page and confirms the
/// change without a payment: the difference is refunded on the first payment.
async fn shorten(test: &str, host: &'static str, options: Options) {
    let mut b = Browser::start(test, host, options).await;
    let (trip, shorter) = (month_ahead(host, 2), month_ahead(host, 1));
    book_and_open_manage(&mut b, &trip.checkin, &trip.checkout).await;
    let booked = Booked::of(&b.app).await;

    ask_to_change(&b, &shorter.checkin, &shorter.checkout).await;
    let (total, to_refund) = assert_change_draft(&b, &booked, &shorter, "To be refunded").await;
    b.step("change-priced-lower").await;
    hold(&b).await;
    let note = b.text("#draft-panel .draft-main").await;
    let sentence = format!("Nothing more to pay: {to_refund} will be refunded to your card once you confirm.");
    assert!(note.contains(&sentence), "`{sentence}`: {note}");
    assert!(!note.contains("Pay securely"), "no payment: {note}");
    b.step("change-held").await;

    b.click_text("Confirm the change").await;
    assert_changed(&b, &booked.reference, &shorter).await;
    b.step("changed").await;

    let changed = Booked::of(&b.app).await;
    let difference = booked.total - changed.total;
    assert!(difference > 0, "one night costs less than two: {} and {}", changed.total, booked.total);
    assert_eq!((total, to_refund), (changed.shown(changed.total), changed.shown(difference)));
    let ledger = Ledger::of(&b.app, &booked.reference).await;
    assert_eq!(ledger.booking["status"], "confirmed");
    assert_eq!(ledger.stay(), (shorter.checkin.as_str(), shorter.checkout.as_str()));
    let refunded = vec![(booked.total, vec![difference])];
    assert_eq!(ledger.payments, refunded, "no new payment; one refund of the difference on the first");
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

#[tokio::test]
async fn aurora_guest_pays_for_a_longer_stay_then_cancels_with_javascript() {
    let test = "aurora_guest_pays_for_a_longer_stay_then_cancels_with_javascript";
    change_then_cancel_from_the_emails_link(test, AURORA, Options::js()).await;
}

#[tokio::test]
async fn kestrel_guest_pays_for_a_longer_stay_then_cancels_without_javascript() {
    let test = "kestrel_guest_pays_for_a_longer_stay_then_cancels_without_javascript";
    change_then_cancel_from_the_emails_link(test, KESTREL, Options::no_js()).await;
}

#[tokio::test]
async fn aurora_guest_shortens_the_stay_and_gets_the_difference_back_with_javascript() {
    let test = "aurora_guest_shortens_the_stay_and_gets_the_difference_back_with_javascript";
    shorten(test, AURORA, Options::js()).await;
}

#[tokio::test]
async fn kestrel_guest_shortens_the_stay_and_gets_the_difference_back_without_javascript() {
    let test = "kestrel_guest_shortens_the_stay_and_gets_the_difference_back_without_javascript";
    shorten(test, KESTREL, Options::no_js()).await;
}

#[tokio::test]
async fn kestrel_a_closed_arrival_is_refused_at_the_change_form_without_javascript() {
    let test = "kestrel_a_closed_arrival_is_refused_at_the_change_form_without_javascript";
    let mut b = Browser::start(test, KESTREL, Options::no_js()).await;
    let trip = month_ahead(KESTREL, 1);
    book_and_open_manage(&mut b, &trip.checkin, &trip.checkout).await;
    let booked = Booked::of(&b.app).await;

    let (arrival, departure) = closed_to_arrival();
    let (checkin, checkout) = (arrival.to_string(), departure.to_string());
    ask_to_change(&b, &checkin, &checkout).await;
    let alert = b.text("#manage .form-alert a[href='#change-checkin']").await;
    let expected = format!(
        "Arrivals are not possible on {}; please choose another check-in date.",
        arrival.strftime("%A %-d %B %Y")
    );
    assert_eq!(alert, expected, "why, at the form");
    let field = b.find("#change-checkin").await;
    assert_eq!(field.attr("aria-invalid").await.unwrap().as_deref(), Some("true"));
    assert_eq!(field.prop("value").await.unwrap(), Some(checkin), "what the guest typed is kept");
    assert_eq!(b.find("#change-checkout").await.prop("value").await.unwrap(), Some(checkout));
    assert_shows_booking(&b, &booked, trip.property, &trip.checkin, &trip.checkout).await;
    b.step("change-refused").await;

    let ledger = Ledger::of(&b.app, &booked.reference).await;
    assert_eq!(ledger.stay(), (trip.checkin.as_str(), trip.checkout.as_str()), "the booking as it was");
    assert_eq!(ledger.booking.get("modifiedAt"), None);
    assert_eq!(ledger.payments, vec![(booked.total, vec![])]);
    b.finish().await;
}
