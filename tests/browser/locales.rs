//! Every language on both themes, in Chromium: the landing page, results, a
//! hotel's rooms, the guest details with mistakes, the held room, a declined
//! card, the confirmation, sign-in and the 404 page, each checked by axe (WCAG 2.1 A/AA) and photographed, with `lang` set
//! and the guest's language kept from page to page by the deep link alone.

use crate::common::day;
use crate::harness::{AURORA, Browser, KESTREL, Options};

/// Phrases that prove the page is in the language asked for.
fn search_word(lang: &str) -> &'static str {
    match lang {
        "fr" => "Rechercher",
        "de" => "Suchen",
        "pt" => "Pesquisar",
        _ => "Search",
    }
}

async fn every_language(b: &mut Browser, property_id: &str, checkin: &str, checkout: &str, display: &str) {
    for lang in ["fr", "de", "pt", "en"] {
        // The deep link sets the language; every later page keeps it. From
        // Portuguese on, prices are also shown in another currency.
        let currency = if matches!(lang, "pt" | "en") { format!("&currency={display}") } else { String::new() };
        b.goto(&format!("/?lang={lang}{currency}")).await;
        b.htmx_on_first_interaction().await;
        let html_lang = b.js("return document.documentElement.lang;", vec![]).await;
        assert_eq!(html_lang, lang, "the page declares its language");
        let submit = b.text("#search-panel button[type=submit]").await;
        assert_eq!(submit, search_word(lang));
        b.step(&format!("{lang}-landing")).await;

        b.goto(&format!("/search?checkin={checkin}&checkout={checkout}&adults=2&children=&rooms=1&promo=")).await;
        b.find("#results .results-title").await;
        b.step(&format!("{lang}-results")).await;

        let query = format!("?checkin={checkin}&checkout={checkout}&adults=2&children=&rooms=1&promo=");
        b.goto(&format!("/properties/{property_id}{query}")).await;
        b.find(".rate").await;
        b.wait_js("!!window.htmx").await;
        b.step(&format!("{lang}-property")).await;

        b.click(".rate form button[type=submit]").await;
        b.find("#draft-panel[data-step=guest_details]").await;
        b.click("form.guest-form button[type=submit]").await;
        b.find("#draft-panel .form-alert").await;
        b.step(&format!("{lang}-guest-errors")).await;

        b.fill_guest_details().await;
        b.click("form.guest-form button[type=submit]").await;
        b.find("#draft-panel[data-step=payment]").await;
        b.click("form[action$='/hold'] button[type=submit]").await;
        b.find("#hold-countdown").await;
        if !currency.is_empty() {
            let (symbol, charged) = if display == "GBP" { ("£", "EUR") } else { ("€", "GBP") };
            let panel = b.text("#draft-panel").await;
            assert!(panel.contains(symbol), "{lang}: prices shown in {display}");
            assert!(panel.contains(charged), "{lang}: the currency charged ({charged}) is said plainly");
        }
        b.step(&format!("{lang}-held")).await;
        let html_lang = b.js("return document.documentElement.lang;", vec![]).await;
        assert_eq!(html_lang, lang, "the language stays through the funnel");

        // A declined card, then one that works: the failure and the
        // confirmation in this language.
        b.click("form[action$='/payment'] button[type=submit]").await;
        pay_with(b, "4000 0000 0000 0002").await;
        b.find("#draft-panel[data-step=payment_failed]").await;
        b.step(&format!("{lang}-payment-failed")).await;
        b.click("form[action$='/payment'] button[type=submit]").await;
        pay_with(b, "4242 4242 4242 4242").await;
        b.find("#confirmation-title").await;
        assert!(b.path().await.starts_with("/confirmation/"));
        b.step(&format!("{lang}-confirmation")).await;

        b.goto("/signin").await;
        b.find("form input[type=password]").await;
        b.step(&format!("{lang}-sign-in")).await;

        b.goto("/no-such-page").await;
        b.step(&format!("{lang}-not-found")).await;
    }
}

/// The demo's hosted payment page (another origin, in English like a
/// third-party provider's): a card, then pay.
pub async fn pay_with(b: &mut Browser, card: &str) {
    b.find("#card-number").await;
    b.fill("#card-name", "Ada Lovelace").await;
    b.fill("#card-number", card).await;
    b.fill("#card-exp", "12/30").await;
    b.fill("#card-csc", "123").await;
    b.click("button.pay").await;
}

#[tokio::test]
async fn aurora_in_every_language() {
    let mut b = Browser::start("aurora_in_every_language", AURORA, Options::js()).await;
    every_language(&mut b, "aurora-lisbon", &day(2), &day(4), "GBP").await;
    b.finish().await;
}

#[tokio::test]
async fn kestrel_in_every_language() {
    let mut b = Browser::start("kestrel_in_every_language", KESTREL, Options::js()).await;
    every_language(&mut b, "kestrel-skye", &day(3), &day(4), "EUR").await;
    b.finish().await;
}
