//! The states the happy path does not pass through, checked by axe and
//! photographed in both themes: a draft whose price could not be fetched, the
//! rooms page with a mistake in the stay, the "change dates" form open and in
//! error, a cancelled booking, the 404 page of a draft that is not yours, and
//! the "Reconnect to continue" banner when the connection drops.

use serde_json::json;

use crate::common::day;
use crate::harness::{AURORA, Browser, KESTREL, Options};

async fn other_states(b: &mut Browser, property_id: &str, checkin: &str, checkout: &str) {
    let query = format!("?checkin={checkin}&checkout={checkout}&adults=2&children=&rooms=1&promo=");
    b.goto(&format!("/properties/{property_id}{query}")).await;
    b.find(".rate").await;
    b.wait_js("!!window.htmx").await;

    // The stay the wrong way round, through the htmx form of the rooms page.
    b.mark_document().await;
    b.fill_date("#checkin", checkout).await;
    b.fill_date("#checkout", checkin).await;
    b.click_text("Update").await;
    b.find("#property-rooms .form-alert").await;
    assert!(b.same_document().await, "the rooms page updates in place");
    b.step("property-error").await;
    b.fill_date("#checkin", checkin).await;
    b.fill_date("#checkout", checkout).await;
    b.click_text("Update").await;
    b.wait_js("!document.querySelector('#property-rooms .form-alert')").await;
    b.find(".rate").await;

    // The pricing upstream fails as the draft starts: the guest is asked to get a price.
    b.app.fault(json!({ "upstream": "pricing", "status": 503, "times": 1 })).await;
    b.click(".rate form button[type=submit]").await;
    b.find("#draft-panel[data-step=choose_rate]").await;
    b.step("draft-without-price").await;
    b.click_text("Get a price").await;
    b.find("#draft-panel[data-step=guest_details]").await;

    // The payment gateway is down as the guest goes to pay: the panel says so
    // in place (one panel, not one inside another) and the focus goes to the notice.
    b.fill_guest_details().await;
    b.click_text("Continue").await;
    b.click_text("Hold my room").await;
    b.find("#hold-countdown").await;
    b.app.fault(json!({ "upstream": "payments", "status": 503, "times": 1 })).await;
    b.mark_document().await;
    b.click_text("Pay securely").await;
    b.find("#draft-panel .notice[data-focus-after-swap]").await;
    b.settle().await;
    assert!(b.same_document().await, "the failure is shown in place");
    let panels = b.js("return document.querySelectorAll('#draft-panel').length;", vec![]).await;
    assert_eq!(panels, json!(1), "the failure replaces the panel");
    b.wait_js("document.activeElement && document.activeElement.matches('[data-focus-after-swap]')").await;
    b.forget_console_errors().await; // the 503 of the failed payment start
    b.step("payment-unavailable").await;

    // Change the stay: the form opens, a mistake shows at its field.
    b.click(".change-stay summary").await;
    b.find("#stay-checkin").await;
    b.step("change-stay-open").await;
    b.mark_document().await;
    b.fill_date("#stay-checkout", checkin).await;
    b.click_text("Update my stay").await;
    b.find("#stay-checkout[aria-invalid=true]").await;
    assert!(b.same_document().await, "the draft panel updates in place");
    let broken = b
        .js(
            "return [...document.querySelectorAll('.form-alert a[href^=\"#\"]')]\
             .map(a => a.getAttribute('href')).filter(h => !document.querySelector(h));",
            vec![],
        )
        .await;
    assert_eq!(broken, json!([]), "every link of the error summary leads to its field");
    b.step("change-stay-error").await;

    b.click_text("Cancel this booking").await;
    b.find("#draft-panel[data-step=cancelled]").await;
    assert!(b.text("#draft-title").await.contains("This booking was cancelled"));
    let draft = b.path().await;
    b.step("cancelled").await;

    // The connection drops as the guest searches again: a banner, nothing queued;
    // Retry, once back online, does the search.
    b.goto(&format!("/search{query}")).await;
    b.find(".results-title").await;
    b.wait_js("!!window.htmx").await;
    b.set_offline(true).await;
    b.mark_document().await;
    b.click_text("Search").await;
    b.wait_js("!document.getElementById('connection').hidden").await;
    assert!(b.same_document().await, "no page load while offline");
    b.forget_console_errors().await; // htmx logs the failed request, as it should
    b.step("offline").await;
    b.set_offline(false).await;
    b.js("document.querySelector('.results-title').remove(); return null;", vec![]).await;
    b.click("#connection [data-retry]").await;
    b.find(".results-title").await;
    b.wait_js("document.getElementById('connection').hidden").await;
    assert!(b.same_document().await, "Retry repeats the request in place");

    // Another guest (no cookies) opening the same draft gets a 404.
    b.client.delete_all_cookies().await.unwrap();
    b.goto(&draft).await;
    b.find("main h1").await;
    b.step("someone-elses-draft").await;
}

#[tokio::test]
async fn other_states_on_aurora() {
    let mut b = Browser::start("other_states_on_aurora", AURORA, Options::js()).await;
    other_states(&mut b, "aurora-lisbon", &day(2), &day(4)).await;
    b.finish().await;
}

#[tokio::test]
async fn other_states_on_kestrel() {
    let mut b = Browser::start("other_states_on_kestrel", KESTREL, Options::js()).await;
    other_states(&mut b, "kestrel-skye", &day(3), &day(4)).await;
    b.finish().await;
}
