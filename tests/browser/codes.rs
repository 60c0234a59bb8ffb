//! Issue 19's codes in a real browser, for both tenants, with JavaScript and
//! without, under axe: a search with a code no hotel takes says so at the
//! field in the page's language; the guest corrects it without losing the rest
//! of the search; the discount is a line of the rate and of the draft's price
//! through to the confirmation. A negotiated code shows the corporate rate that
//! nobody sees without it.

use crate::common::day;
use crate::harness::{AURORA, Browser, KESTREL, Options};
use crate::locales::pay_with;

struct Trip {
    property: &'static str,
    checkin: String,
    checkout: String,
    lang: &'static str,
}

/// How the page says the code is not valid here, in `lang`.
fn not_valid(lang: &str) -> &'static str {
    match lang {
        "fr" => "n’est pas valable ici",
        _ => "isn't valid here",
    }
}

/// Fluent's directional isolation marks around a placeable, taken out.
fn plain(text: &str) -> String {
    text.replace(['\u{2068}', '\u{2069}'], "")
}

async fn value(b: &Browser, css: &str) -> String {
    b.find(css).await.prop("value").await.unwrap().unwrap_or_default()
}

async fn search(b: &Browser) {
    if b.options.javascript {
        b.mark_document().await;
    }
    b.click("#search-panel button[type=submit]").await;
}

async fn book_with_a_corrected_code(b: &mut Browser, trip: &Trip) {
    b.goto(&format!("/?lang={}", trip.lang)).await;
    if b.options.javascript {
        b.htmx_on_first_interaction().await;
    }
    b.fill_date("#checkin", &trip.checkin).await;
    b.fill_date("#checkout", &trip.checkout).await;
    b.fill("#r1_adults", "1").await;
    b.fill("#promo", "NOPE42").await;
    search(b).await;

    // Said at the field, in the page's language; the field is marked and the results are shown without it.
    let error = plain(&b.text("#promo-error").await);
    assert!(error.contains("NOPE42") && error.contains(not_valid(trip.lang)), "{error}");
    let promo = b.find("#promo").await;
    assert_eq!(promo.attr("aria-invalid").await.unwrap().as_deref(), Some("true"));
    assert_eq!(promo.attr("aria-describedby").await.unwrap().as_deref(), Some("promo-error"));
    b.find("#results .results-title").await;
    if b.options.javascript {
        assert!(b.same_document().await, "the search with an unknown code is swapped in place");
    }
    let lang = b.js("return document.documentElement.lang;", vec![]).await;
    assert_eq!(lang, trip.lang);
    // Nothing else the guest typed is lost.
    assert_eq!(value(b, "#checkin").await, trip.checkin);
    assert_eq!(value(b, "#checkout").await, trip.checkout);
    assert_eq!(value(b, "#r1_adults").await, "1");
    assert_eq!(value(b, "#promo").await, "NOPE42");
    b.step("unknown-code").await;

    b.fill("#promo", "WELCOME10").await;
    search(b).await;
    b.wait_js(
        "location.search.includes('promo=WELCOME10') && !document.querySelector('#promo-error') \
         && document.querySelector('#results .results-title')",
    )
    .await;
    if b.options.javascript {
        assert!(b.same_document().await, "the corrected search is swapped in place");
    }
    let path = b.path().await;
    for kept in [format!("checkin={}", trip.checkin), format!("checkout={}", trip.checkout), "adults=1".into()] {
        assert!(path.contains(&kept), "{kept} kept in {path}");
    }
    assert_eq!(b.find("#promo").await.attr("aria-invalid").await.unwrap(), None);
    b.step("valid-code").await;

    b.click(&format!("#results a.btn-primary[href^='/properties/{}?']", trip.property)).await;
    // The rate's price details, opened as a guest would.
    b.click(".rate details summary").await;
    let line = plain(&b.text(".rate .discount").await);
    assert!(line.contains("WELCOME10") && line.contains('−'), "the discount is a line of the rate: {line}");
    b.step("property-with-code").await;

    b.click(".rate form button[type=submit]").await;
    b.find("#draft-panel[data-step=guest_details]").await;
    let line = plain(&b.text("#draft-panel .discount").await);
    assert!(line.contains("WELCOME10") && line.contains('−'), "the draft's price shows it: {line}");
    b.step("draft-with-code").await;

    b.fill_guest_details().await;
    b.click("form.guest-form button[type=submit]").await;
    b.find("#draft-panel[data-step=payment]").await;
    b.click("form[action$='/hold'] button[type=submit]").await;
    b.find("#hold-countdown").await;
    assert!(plain(&b.text("#draft-panel .discount").await).contains("WELCOME10"), "held at the discounted price");
    b.step("held-with-code").await;

    b.click("form[action$='/payment'] button[type=submit]").await;
    pay_with(b, "4242 4242 4242 4242").await;
    b.find("#confirmation-title").await;
    assert!(b.path().await.starts_with("/confirmation/"), "{}", b.path().await);
    b.step("confirmation").await;
}

/// The corporate rate is on the property page with ACME2026 and nowhere without it.
async fn negotiated_rate(b: &mut Browser, trip: &Trip) {
    let stay = format!("checkin={}&checkout={}&adults=2&lang={}", trip.checkin, trip.checkout, trip.lang);
    b.goto(&format!("/properties/{}?{stay}&promo=", trip.property)).await;
    let rooms = b.text("#property-rooms").await;
    assert!(b.find(".rate").await.is_displayed().await.unwrap());
    assert!(!rooms.contains("Acme"), "no corporate rate without the code: {rooms}");

    b.goto(&format!("/properties/{}?{stay}&promo=ACME2026", trip.property)).await;
    let rooms = b.text("#property-rooms").await;
    let (name, tag) = match trip.lang {
        "fr" => ("Tarif entreprise Acme", "Tarif négocié"),
        _ => ("Acme corporate rate", "Negotiated rate"),
    };
    assert!(rooms.contains(name) && rooms.contains(tag), "the negotiated rate with the code: {rooms}");
    b.step("negotiated-rate").await;
}

fn lisbon(lang: &'static str) -> Trip {
    Trip { property: "aurora-lisbon", checkin: day(2), checkout: day(4), lang }
}

fn skye(lang: &'static str) -> Trip {
    Trip { property: "kestrel-skye", checkin: day(3), checkout: day(4), lang }
}

async fn run(test: &str, host: &'static str, options: Options, trip: Trip) {
    let mut b = Browser::start(test, host, options).await;
    book_with_a_corrected_code(&mut b, &trip).await;
    negotiated_rate(&mut b, &trip).await;
    b.finish().await;
}

#[tokio::test]
async fn aurora_guest_corrects_a_code_with_javascript() {
    run("aurora_guest_corrects_a_code_with_javascript", AURORA, Options::js(), lisbon("en")).await;
}

#[tokio::test]
async fn aurora_guest_corrects_a_code_without_javascript_in_french() {
    run("aurora_guest_corrects_a_code_without_javascript_in_french", AURORA, Options::no_js(), lisbon("fr")).await;
}

#[tokio::test]
async fn kestrel_guest_corrects_a_code_with_javascript_in_french() {
    run("kestrel_guest_corrects_a_code_with_javascript_in_french", KESTREL, Options::js(), skye("fr")).await;
}

#[tokio::test]
async fn kestrel_guest_corrects_a_code_without_javascript() {
    run("kestrel_guest_corrects_a_code_without_javascript", KESTREL, Options::no_js(), skye("en")).await;
}
