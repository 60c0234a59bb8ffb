//! Extras in a real browser, under axe: a stay with two extras (breakfast per
//! guest-night, parking per night) chosen on the details step and booked to
//! the confirmation, on both tenants, with and without JavaScript, a language
//! each run (the four between them). With JavaScript a tick prices the stay
//! again in place and keeps what was typed; without, "Update price" does. The
//! confirmation shows both extras with their amounts, and so does the e-mail
//! (a real SMTP server).

use std::time::Duration;

use crate::common::day;
use crate::common::smtp::SmtpSink;
use crate::harness::{AURORA, Browser, KESTREL, Options};
use crate::locales::pay_with;

struct Trip {
    lang: &'static str,
    property: &'static str,
    /// "Breakfast · 2 guests × 2 nights" and "Parking · 2 nights" in `lang`.
    labels: [&'static str; 2],
}

async fn book_with_two_extras(b: &mut Browser, sink: &SmtpSink, trip: &Trip) {
    let js = b.options.javascript;
    b.goto(&format!(
        "/properties/{}?checkin={}&checkout={}&adults=2&lang={}",
        trip.property,
        day(16),
        day(18),
        trip.lang
    ))
    .await;
    b.click("form:has(input[name=rate_plan][value=flex]) button[type=submit]").await;
    b.find("#draft-panel[data-step=guest_details]").await;
    b.find("fieldset#extras").await;
    b.fill_guest_details().await;
    b.fill("#special_requests", "A quiet room").await;
    b.step("details").await;

    for extra in ["breakfast", "parking"] {
        b.click(&format!("#extra-{extra}")).await;
        if js {
            // Priced again in place: the line is in the breakdown.
            b.find(&format!(".breakdown li.extra[data-extra={extra}]")).await;
        }
    }
    if !js {
        b.click("#extras-reprice").await;
        b.find(".breakdown li.extra[data-extra=parking]").await;
    }
    let summary = b.text(".summary .breakdown").await;
    for label in trip.labels {
        assert!(summary.contains(label), "{label} in {summary}");
    }
    // Nothing typed was lost on the way.
    let first = b.find("#first_name").await.prop("value").await.unwrap().unwrap_or_default();
    let requests = b.find("#special_requests").await.prop("value").await.unwrap().unwrap_or_default();
    assert_eq!((first.as_str(), requests.as_str()), ("Ada", "A quiet room"));
    assert!(b.find("#extra-breakfast").await.is_selected().await.unwrap(), "still ticked");
    b.step("extras-priced").await;

    b.accept_terms().await;
    b.click("form.guest-form > button[type=submit]").await;
    b.find("#draft-panel[data-step=payment]").await;
    let summary = b.text(".summary .breakdown").await;
    assert!(trip.labels.iter().all(|l| summary.contains(l)), "the payment step shows them: {summary}");
    b.click("form[action$='/hold'] button[type=submit]").await;
    b.find("#hold-countdown").await;
    b.step("held").await;
    b.click("form[action$='/payment'] button[type=submit]").await;
    pay_with(b, "4242 4242 4242 4242").await;

    b.find("#confirmation-title").await;
    let mut shown = Vec::new();
    for extra in ["breakfast", "parking"] {
        let line = b.text(&format!("#confirmation .extras [data-extra={extra}]")).await;
        let (label, amount) = line.rsplit_once(": ").unwrap_or_else(|| panic!("label: amount, got {line}"));
        assert!(trip.labels.contains(&label), "{label}");
        assert!(amount.chars().any(|c| c.is_ascii_digit()), "{amount}");
        shown.push((label.to_owned(), amount.to_owned()));
    }
    b.step("confirmation").await;

    let messages = sink.wait_for(1, Duration::from_secs(20)).await;
    let mail = messages.last().unwrap();
    // Spaces compared as spaces: a plain-text part may write a no-break
    // space inside an amount ("67,84 €") as a plain one.
    let plain = |s: &str| s.replace(['\u{a0}', '\u{202f}'], " ").replace("&nbsp;", " ");
    for part in ["text", "html"] {
        let body = plain(mail[part].as_str().unwrap());
        for (label, amount) in &shown {
            assert!(body.contains(label.as_str()) && body.contains(&plain(amount)), "{part}: {label} {amount}\n{body}");
        }
    }
}

async fn run(test: &str, host: &'static str, options: Options, trip: Trip) {
    let sink = SmtpSink::start(test);
    let app = crate::common::TestApp::builder().with(sink.settings()).spawn().await;
    let mut b = Browser::start_on(test, host, options, app).await;
    book_with_two_extras(&mut b, &sink, &trip).await;
    b.finish().await;
}

#[tokio::test]
async fn aurora_guest_books_two_extras_with_javascript_in_english() {
    let trip = Trip {
        lang: "en",
        property: "aurora-lisbon",
        labels: ["Breakfast · 2 guests × 2 nights", "Parking · 2 nights"],
    };
    run("aurora_guest_books_two_extras_with_javascript_in_english", AURORA, Options::js(), trip).await;
}

#[tokio::test]
async fn aurora_guest_books_two_extras_without_javascript_in_french() {
    let trip = Trip {
        lang: "fr",
        property: "aurora-lisbon",
        labels: ["Petit-déjeuner · 2 personnes × 2 nuits", "Parking · 2 nuits"],
    };
    run("aurora_guest_books_two_extras_without_javascript_in_french", AURORA, Options::no_js(), trip).await;
}

#[tokio::test]
async fn kestrel_guest_books_two_extras_with_javascript_in_german() {
    let trip = Trip {
        lang: "de",
        property: "kestrel-skye",
        labels: ["Frühstück · 2 Gäste × 2 Nächte", "Parkplatz · 2 Nächte"],
    };
    run("kestrel_guest_books_two_extras_with_javascript_in_german", KESTREL, Options::js(), trip).await;
}

#[tokio::test]
async fn kestrel_guest_books_two_extras_without_javascript_in_portuguese() {
    let trip = Trip {
        lang: "pt",
        property: "kestrel-skye",
        labels: ["Pequeno-almoço · 2 hóspedes × 2 noites", "Estacionamento · 2 noites"],
    };
    run("kestrel_guest_books_two_extras_without_javascript_in_portuguese", KESTREL, Options::no_js(), trip).await;
}
