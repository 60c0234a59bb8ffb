//! Sign-in, the loyalty banner, member prices and analytics consent in a real
//! browser: the forms carry the page's CSRF token, the banners pass axe, the
//! consent banner works with htmx and without JavaScript, and with consent the
//! ecommerce events reach `window.dataLayer` — on full pages and when htmx moves
//! the booking panel on.

use crate::common::day;
use crate::harness::{AURORA, Browser, Options};

fn has_event(name: &str) -> String {
    format!("window.dataLayer && window.dataLayer.some(function (e) {{ return e.event === '{name}'; }})")
}

async fn sign_in_as_ada(b: &mut Browser) {
    b.click_text("Member sign in").await;
    b.find("#signin-title").await;
    b.step("signin").await;
    b.fill("#email", "ada@example.com").await;
    b.fill("#password", "not-her-password").await;
    b.click(".signin-form button[type=submit]").await;
    b.find("#password-error").await;
    assert_eq!(b.find("#email").await.prop("value").await.unwrap().as_deref(), Some("ada@example.com"));
    b.step("signin-error").await;
    b.fill("#password", "demo-gold").await;
    b.click(".signin-form button[type=submit]").await;
    let banner = b.text(".loyalty-banner").await;
    assert!(banner.contains("Welcome back, Ada") && banner.contains("12,400 points"), "{banner}");
}

#[tokio::test]
async fn a_member_with_analytics_consent_books_with_javascript() {
    let mut b = Browser::start("loyalty-with-javascript", AURORA, Options::js()).await;
    b.goto("/").await;
    b.htmx_on_first_interaction().await;
    b.find("#consent-banner").await;
    b.step("consent-banner").await;
    b.mark_document().await;
    b.click_text("Accept analytics").await;
    b.wait_js("!document.getElementById('consent-banner')").await;
    assert!(b.same_document().await, "htmx swaps the banner away in place");

    sign_in_as_ada(&mut b).await;
    assert_eq!(b.path().await, "/", "back where the guest was");
    b.step("signed-in").await;

    b.goto(&format!("/search?checkin={}&checkout={}&adults=2", day(2), day(4))).await;
    b.wait_js(&has_event("view_item_list")).await;
    b.goto(&format!("/properties/aurora-lisbon?checkin={}&checkout={}&adults=2", day(2), day(4))).await;
    b.find(".rate .tag-member").await;
    b.wait_js(&has_event("select_item")).await;
    b.step("member-prices").await;

    b.click(".rate form button[type=submit]").await;
    b.find("#draft-panel[data-step=guest_details]").await;
    b.wait_js(&has_event("begin_checkout")).await;
    assert!(b.text("#draft-panel .summary").await.contains("Member price"));
    b.fill_guest_details().await;
    b.mark_document().await;
    b.click_text("Continue").await;
    b.find("#draft-panel[data-step=payment]").await;
    assert!(b.same_document().await, "the details went through htmx");
    b.wait_js(&has_event("add_payment_info")).await;
    b.step("payment").await;
    b.finish().await;
}

#[tokio::test]
async fn consent_and_sign_in_work_without_javascript() {
    let mut b = Browser::start("loyalty-without-javascript", AURORA, Options::no_js()).await;
    b.goto("/").await;
    b.find("#consent-banner").await;
    b.click_text("Decline").await;
    b.find("#search-panel").await;
    assert_eq!(b.js("return document.getElementById('consent-banner') === null;", vec![]).await, true);
    b.step("declined").await;

    sign_in_as_ada(&mut b).await;
    b.step("signed-in").await;
    assert_eq!(b.js("return document.getElementById('analytics-events') === null;", vec![]).await, true);

    b.click_text("Sign out").await;
    b.find(".account-bar a[href^='/signin']").await;
    assert_eq!(b.js("return document.querySelector('.loyalty-banner') === null;", vec![]).await, true);
    b.step("signed-out").await;
    b.finish().await;
}
