//! The handoff arrival in a real browser: a partner's signed link lands the guest
//! on a quoted draft of the right tenant, through the interstitial — posted by
//! htmx on load with JavaScript, by the guest's click without — exactly once.

use crate::common::day;
use crate::harness::{AURORA, Browser, Options};

fn link() -> String {
    let token = crate::common::handoff_token(
        "aurora",
        "aurora-lisbon",
        Some(("classic-double", "flex")),
        (day(3), day(4)),
        (None, None),
    );
    format!("/handoff?t={token}")
}

async fn arrive(test: &str, options: Options) {
    let mut b = Browser::start(test, AURORA, options).await;
    let link = link();
    b.goto(&link).await;
    if options.javascript {
        // htmx posts the interstitial by itself.
        b.find("#draft-panel[data-step=guest_details]").await;
    } else {
        b.find("#handoff-form").await;
        b.step("interstitial").await;
        b.click_text("Continue to my booking").await;
        b.find("#draft-panel[data-step=guest_details]").await;
    }
    assert!(b.path().await.starts_with("/draft/"), "landed on the draft");
    assert!(b.text("#draft-panel").await.contains("Classic Double"));
    b.step("prefilled-draft").await;
    // The link is spent: opening it again in another browser is refused.
    let other = b.app.guest();
    let res = other
        .client
        .post(other.url(AURORA, "/handoff/consume"))
        .form(&[("t", link.trim_start_matches("/handoff?t="))])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), reqwest::StatusCode::CONFLICT);
    b.finish().await;
}

#[tokio::test]
async fn a_partner_link_lands_on_a_quoted_draft_with_javascript() {
    arrive("handoff_with_javascript", Options::js()).await;
}

#[tokio::test]
async fn a_partner_link_lands_on_a_quoted_draft_without_javascript() {
    arrive("handoff_without_javascript", Options::no_js()).await;
}
