//! Stays the hotel refuses, then one it offers instead, booked to the end. Two
//! refusals: an arrival closed to arrival (the demo closes every tenth day,
//! docs/upstreams.md), and a night sold out for a group (rooms of three
//! adults: only as many of the rooms that sleep three are left on some nights
//! as the group needs, on others fewer). Each result offers the nearest dates
//! where as long a stay can be booked, and the guest books the group's offer
//! through the hosted payment page to the confirmation. Both tenants, with and
//! without JavaScript, under axe; each run sees both refusals and their offers
//! in all four languages (one session, the language switched by the deep link)
//! and books in the last.

use serde_json::Value;

use crate::common::day;
use crate::harness::{AURORA, Browser, KESTREL, Options};
use crate::locales::pay_with;

/// A search the hotel refuses, and what to call it in the screenshots.
struct Refused {
    label: &'static str,
    checkin: String,
    search: String,
}

/// Arrivals 19 days ahead are closed to arrival at every demo hotel.
fn closed_to_arrival(property: &str) -> Refused {
    let (checkin, checkout) = (day(19), day(21));
    let search = format!("/search?checkin={checkin}&checkout={checkout}&adults=2&property={property}");
    Refused { label: "closed-to-arrival", checkin, search }
}

/// The first one-night stay `property` has sold out for the group `party`
/// and offers other dates for, found as the app would (the search's JSON).
async fn sold_out_for(b: &Browser, property: &str, party: &str) -> Refused {
    let guest = b.app.guest();
    for offset in 2..40 {
        let (checkin, checkout) = (day(offset), day(offset + 1));
        let search = format!("/search?checkin={checkin}&checkout={checkout}&{party}&property={property}");
        let body: Value = guest.get_json(b.host, &search).await.json().await.unwrap();
        let result = &body["results"][0];
        if result["availability"] == "sold_out" && !result["alternatives"].as_array().unwrap().is_empty() {
            return Refused { label: "sold-out", checkin, search };
        }
    }
    panic!("{property} has no sold-out night for {party} in the next 40 days");
}

/// The languages a run goes through, `last` (the one it books in) last.
fn languages_ending_with(last: &str) -> Vec<&str> {
    let mut langs: Vec<&str> = ["en", "fr", "de", "pt"].into_iter().filter(|l| *l != last).collect();
    langs.push(last);
    langs
}

/// Both refusals in every language, `lang` last, ending on the rooms and
/// rates of the group's offer; then booked.
async fn book_an_alternative(test: &str, host: &'static str, options: Options, lang: &str, property: &str) {
    let mut b = Browser::start(test, host, options).await;
    // More rooms for three than the hotel has on some nights: Lisbon has four
    // river-view kings, Skye three lodges, and fewer on most nights.
    let group = if host == AURORA { "rooms=4&r1=3&r2=3&r3=3&r4=3" } else { "rooms=3&r1=3&r2=3&r3=3" };
    let refusals = [closed_to_arrival(property), sold_out_for(&b, property, group).await];
    for lang in languages_ending_with(lang) {
        for refused in &refusals {
            offered_an_alternative(&mut b, lang, property, refused).await;
        }
    }
    // The same room type and rate for the whole group.
    b.click(".rate form button.same-for-all").await;
    b.find("#draft-panel[data-step=guest_details]").await;
    b.fill_guest_details().await;
    b.click("form.guest-form button[type=submit]").await;
    b.find("#draft-panel[data-step=payment]").await;
    b.step(&format!("{lang}-review")).await;
    b.click("form[action$='/hold'] button[type=submit]").await;
    b.find("#hold-countdown").await;
    b.click("form[action$='/payment'] button[type=submit]").await;
    pay_with(&mut b, "4242 4242 4242 4242").await;
    b.find("#confirmation-title").await;
    assert!(b.path().await.starts_with("/confirmation/"), "{}", b.path().await);
    let html_lang = b.js("return document.documentElement.lang;", vec![]).await;
    assert_eq!(html_lang, lang);
    b.step(&format!("{lang}-confirmation")).await;
    b.finish().await;
}

/// In `lang`: a refused stay, the dates offered instead, one of them followed
/// to its rooms and rates.
async fn offered_an_alternative(b: &mut Browser, lang: &str, property: &str, refused: &Refused) {
    let (label, checkin) = (refused.label, &refused.checkin);
    b.goto(&format!("/?lang={lang}")).await;
    b.find("#search-panel").await;
    b.goto(&refused.search).await;
    b.find("#results .result-message").await;
    let links = b.client.find_all(fantoccini::Locator::Css("#results .alternatives a")).await.unwrap();
    assert!(!links.is_empty(), "{lang}, {label}: the refused stay offers other dates");
    let html_lang = b.js("return document.documentElement.lang;", vec![]).await;
    assert_eq!(html_lang, lang, "the language is kept from the deep link");
    b.step(&format!("{lang}-{label}")).await;

    let href = links[0].attr("href").await.unwrap().unwrap();
    assert!(href.starts_with(&format!("/properties/{property}?checkin=")), "{href}");
    assert!(!href.contains(&format!("checkin={checkin}")), "another arrival: {href}");
    links[0].click().await.unwrap();
    b.find(".rate").await;
    assert_eq!(b.path().await, href, "the alternative's rooms and rates");
    b.step(&format!("{lang}-{label}-alternative")).await;
}

#[tokio::test]
async fn aurora_sees_alternatives_in_every_language_and_books_one_with_javascript_in_french() {
    let test = "aurora_sees_alternatives_in_every_language_and_books_one_with_javascript_in_french";
    book_an_alternative(test, AURORA, Options::js(), "fr", "aurora-lisbon").await;
}

#[tokio::test]
async fn aurora_sees_alternatives_in_every_language_and_books_one_without_javascript_in_german() {
    let test = "aurora_sees_alternatives_in_every_language_and_books_one_without_javascript_in_german";
    book_an_alternative(test, AURORA, Options::no_js(), "de", "aurora-lisbon").await;
}

#[tokio::test]
async fn kestrel_sees_alternatives_in_every_language_and_books_one_with_javascript_in_portuguese() {
    let test = "kestrel_sees_alternatives_in_every_language_and_books_one_with_javascript_in_portuguese";
    book_an_alternative(test, KESTREL, Options::js(), "pt", "kestrel-skye").await;
}

#[tokio::test]
async fn kestrel_sees_alternatives_in_every_language_and_books_one_without_javascript_in_english() {
    let test = "kestrel_sees_alternatives_in_every_language_and_books_one_without_javascript_in_english";
    book_an_alternative(test, KESTREL, Options::no_js(), "en", "kestrel-skye").await;
}
