//! Languages and display currencies: the catalogs are complete in every locale,
//! every key the code and templates use exists, and the real server picks the
//! language (deep link, `POST /prefs`, `Accept-Language`) and formats money and
//! dates per locale.

use std::collections::BTreeSet;
use std::path::Path;

use crate::common::{TestApp, day};
use bff_tenant_booking::i18n::{Locale, catalog};
use reqwest::StatusCode;

#[test]
fn catalogs_parse_without_errors() {
    assert_eq!(catalog().load_errors(), &[] as &[String], "every .ftl file parses and no key is defined twice");
}

/// The test that fails on a missing key in any locale: each locale defines
/// exactly the English keys, and uses no variable the English message lacks.
#[test]
fn every_locale_has_every_key() {
    let english = catalog().keys(Locale::En);
    assert!(english.len() > 50, "the English catalog is loaded ({} keys)", english.len());
    let mut problems = Vec::new();
    for locale in Locale::ALL {
        let keys = catalog().keys(locale);
        for missing in english.difference(&keys) {
            problems.push(format!("{locale}: missing `{missing}`"));
        }
        for extra in keys.difference(&english) {
            problems.push(format!("{locale}: `{extra}` is not in the English catalog"));
        }
        for key in keys.intersection(&english) {
            let theirs = catalog().variables(locale, key).cloned().unwrap_or_default();
            let ours = catalog().variables(Locale::En, key).cloned().unwrap_or_default();
            for unknown in theirs.difference(&ours) {
                problems.push(format!("{locale}: `{key}` uses ${unknown}, which the code never passes"));
            }
        }
    }
    assert!(problems.is_empty(), "catalog problems:\n{}", problems.join("\n"));
}

/// Every key written in a template or in the code (`t.get("…")`,
/// `t.count("…")`, `t.with("…")`, `t.with2("…")`, `Msg::new("…")`) exists.
#[test]
fn every_key_used_is_defined() {
    let english = catalog().keys(Locale::En);
    let mut used = BTreeSet::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for dir in ["templates", "src"] {
        collect_keys(&root.join(dir), &mut used);
    }
    assert!(used.len() > 50, "keys were found in the sources ({})", used.len());
    let undefined: Vec<_> = used.iter().filter(|k| !english.contains(k.as_str())).collect();
    assert!(undefined.is_empty(), "keys used but not in the catalogs: {undefined:?}");
}

fn collect_keys(dir: &Path, out: &mut BTreeSet<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            // The i18n module's own docs show the calls with placeholder keys.
            if !path.ends_with("src/i18n") {
                collect_keys(&path, out);
            }
            continue;
        }
        let Some(ext) = path.extension().and_then(|e| e.to_str()) else { continue };
        if ext != "html" && ext != "txt" && ext != "rs" {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for call in ["t.get(\"", "t.count(\"", "t.with(\"", "t.with2(\"", "Msg::new(\""] {
            for piece in text.split(call).skip(1) {
                if let Some(key) = piece.split('"').next().filter(|k| is_key(k)) {
                    out.insert(key.to_owned());
                }
            }
        }
    }
}

fn is_key(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// No English key shows up raw in a page (what a missing message renders as).
fn assert_no_raw_keys(html: &str, context: &str) {
    for key in catalog().keys(Locale::En) {
        for (before, after) in [('>', '<'), ('"', '"'), (' ', '<')] {
            let needle = format!("{before}{key}{after}");
            assert!(!html.contains(&needle), "{context}: the key `{key}` is shown raw");
        }
    }
}

fn search_path(lang: &str) -> String {
    format!("/search?checkin={}&checkout={}&adults=2&lang={lang}", day(3), day(5))
}

#[tokio::test]
async fn every_page_of_both_themes_renders_in_every_locale() {
    let app = TestApp::spawn().await;
    for host in ["aurora.localhost", "kestrel.localhost"] {
        for locale in Locale::ALL {
            let lang = locale.as_str();
            let guest = app.guest();
            for path in [format!("/?lang={lang}"), search_path(lang), "/nowhere".into()] {
                let res = guest.get(host, &path).await;
                let status = res.status();
                assert!(status == StatusCode::OK || status == StatusCode::NOT_FOUND, "{host}{path}: {status}");
                let html = res.text().await.unwrap();
                assert!(html.contains(&format!("<html lang=\"{lang}\"")), "{host}{path}: lang={lang}");
                assert_no_raw_keys(&html, &format!("{host}{path}"));
            }
        }
    }
}

#[tokio::test]
async fn the_language_comes_from_the_deep_link_then_prefs_then_the_browser() {
    let app = TestApp::spawn().await;
    let guest = app.guest();
    let url = guest.url("aurora.localhost", "/");

    // The browser's preference, by quality.
    let html = guest
        .client
        .get(&url)
        .header("accept-language", "es, de;q=0.8, fr;q=0.5")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("<html lang=\"de\"") && html.contains("Anreise"), "Accept-Language picks German");

    // A deep link wins over the browser, and is remembered.
    let res = guest.client.get(format!("{url}?lang=fr")).header("accept-language", "de").send().await.unwrap();
    assert!(res.headers().get_all("set-cookie").iter().any(|c| c.to_str().unwrap().starts_with("lang=fr;")));
    assert!(res.text().await.unwrap().contains("<html lang=\"fr\""));
    let html = guest.client.get(&url).header("accept-language", "de").send().await.unwrap().text().await.unwrap();
    assert!(html.contains("<html lang=\"fr\"") && html.contains("Arrivée"), "the deep link's language stays");

    // The switcher (a plain form): back to the page, now in Portuguese.
    let csrf = html.split("name=\"_csrf\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let res = guest
        .client
        .post(guest.url("aurora.localhost", "/prefs"))
        .header("origin", format!("http://aurora.localhost:{}", guest.port))
        .form(&[("_csrf", csrf.as_str()), ("locale", "pt"), ("return", "/?lang=fr&adults=3")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let to = res.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(to, "/?adults=3", "the old deep-link language is dropped from the way back");
    let html = guest.get("aurora.localhost", &to).await.text().await.unwrap();
    assert!(html.contains("<html lang=\"pt\"") && html.contains("Entrada"));
}

#[tokio::test]
async fn prefs_refuse_what_the_site_does_not_offer_in_the_guests_language() {
    let app = TestApp::spawn().await;
    let guest = app.guest();
    // Solstice is in English and Portuguese only.
    let html = guest.get("solstice.localhost", "/?lang=fr").await.text().await.unwrap();
    assert!(html.contains("<html lang=\"en\""), "a language the tenant does not offer is ignored");

    let res = guest
        .client
        .post(guest.url("solstice.localhost", "/prefs"))
        .header("accept", "application/json")
        .header("accept-language", "pt-PT")
        .json(&serde_json::json!({ "locale": "fr", "currency": "XYZ" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem: serde_json::Value = res.json().await.unwrap();
    assert_eq!(problem["errors"]["locale"], "Escolha um dos idiomas disponíveis.");
    assert_eq!(problem["errors"]["currency"], "Escolha uma das moedas disponíveis.");

    let res = guest
        .client
        .post(guest.url("solstice.localhost", "/prefs"))
        .header("accept", "application/json")
        .json(&serde_json::json!({ "locale": "pt", "currency": "EUR" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let prefs: serde_json::Value = res.json().await.unwrap();
    assert_eq!(prefs, serde_json::json!({ "locale": "pt", "currency": "EUR" }));
}

#[tokio::test]
async fn field_errors_are_in_the_guests_language() {
    let app = TestApp::spawn().await;
    let guest = app.guest();
    let path = format!("/search?checkin={}&checkout={}&adults=2&lang=de", day(5), day(3));
    let res = guest.get("aurora.localhost", &path).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(html.contains("Die Abreise muss nach der Anreise liegen."), "the message at the field is German");
    assert!(html.contains("Bitte prüfen Sie 1 Feld:"));
}

#[tokio::test]
async fn money_and_dates_are_formatted_per_locale() {
    let app = TestApp::spawn().await;
    let guest = app.guest();
    let en = guest.get("aurora.localhost", &search_path("en")).await.text().await.unwrap();
    let de = guest.get("aurora.localhost", &search_path("de")).await.text().await.unwrap();
    let fr = guest.get("aurora.localhost", &search_path("fr")).await.text().await.unwrap();
    // The same prices: `€1,234.00` in English, `1.234,00 €` in German, `1 234,00 €` in French.
    let euros = |html: &str| html.matches('€').count();
    assert!(euros(&en) > 0 && euros(&en) == euros(&de) && euros(&de) == euros(&fr));
    assert!(en.contains("<strong>€"), "English puts the sign first");
    assert!(de.contains("\u{a0}€</strong>"), "German puts it after");
    assert!(fr.contains("\u{a0}€</strong>"));
    assert!(!de.contains("<strong>€"));
}

/// A display currency converts what is shown with the pricing upstream's rate;
/// a draft freezes the rate it started with, so a market move after that does
/// not change the quote or payment pages, while new searches show the new rate.
#[tokio::test]
async fn a_display_currency_is_converted_and_its_rate_frozen_per_draft() {
    // Rates are read afresh on every page, so only the draft's freeze keeps one.
    let app = TestApp::spawn_with(|s| s.fx_cache_ttl = std::time::Duration::from_millis(1)).await;
    let guest = app.guest();
    let (checkin, checkout) = (day(2), day(4));
    let search =
        format!("/search?checkin={checkin}&checkout={checkout}&adults=2&property=aurora-lisbon&currency=GBP&lang=en");
    let html = guest.get("aurora.localhost", &search).await.text().await.unwrap();
    assert!(html.contains("<strong>£"), "prices are shown in pounds");
    assert!(html.contains("Charged in EUR: €"), "and the currency charged is said plainly");

    let found: serde_json::Value = guest.get_json("aurora.localhost", &search).await.json().await.unwrap();
    let from = &found["results"][0]["fromTotal"];
    assert_eq!(from["currency"], "EUR", "the amount charged stays in the hotel's currency");
    assert_eq!(from["converted"]["currency"], "GBP");
    assert_eq!(from["converted"]["ratePpm"], 857_000);

    let res = guest
        .client
        .post(guest.url("aurora.localhost", "/draft"))
        .header("accept", "application/json")
        .json(&serde_json::json!({
            "property": "aurora-lisbon", "room_type": "classic-double", "rate_plan": "flex",
            "checkin": checkin, "checkout": checkout, "adults": 2, "children": [], "rooms": 1
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let draft: serde_json::Value = res.json().await.unwrap();
    let total = &draft["quote"]["total"];
    assert_eq!(total["converted"]["ratePpm"], 857_000);
    let frozen_pounds = total["converted"]["amount"].as_i64().unwrap();
    let euros = total["amount"].as_i64().unwrap();
    assert_eq!(frozen_pounds, (euros * 857_000 + 500_000) / 1_000_000, "converted in integers, rounded half up");

    // The market moves by 2 %.
    app.demo_config(serde_json::json!({ "fxShiftPpm": 17_140 })).await;
    let found: serde_json::Value = guest.get_json("aurora.localhost", &search).await.json().await.unwrap();
    assert_eq!(found["results"][0]["fromTotal"]["converted"]["ratePpm"], 874_140, "a new search shows the new rate");

    let id = draft["id"].as_str().unwrap();
    let again: serde_json::Value =
        guest.get_json("aurora.localhost", &format!("/draft/{id}")).await.json().await.unwrap();
    assert_eq!(again["quote"]["total"]["converted"]["ratePpm"], 857_000, "the draft keeps the rate it started with");
    assert_eq!(again["quote"]["total"]["converted"]["amount"], frozen_pounds);
    let page = guest.get("aurora.localhost", &format!("/draft/{id}")).await.text().await.unwrap();
    let shown = format!("£{}.{:02}", frozen_pounds / 100, frozen_pounds % 100);
    assert!(page.contains(&shown), "the draft page shows {shown}");

    // Back to the hotel's currency: the draft shows euros alone.
    let res = guest
        .client
        .post(guest.url("aurora.localhost", "/prefs"))
        .header("accept", "application/json")
        .json(&serde_json::json!({ "currency": "" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let plain: serde_json::Value =
        guest.get_json("aurora.localhost", &format!("/draft/{id}")).await.json().await.unwrap();
    assert!(plain["quote"]["total"]["converted"].is_null());
}

/// A partner link's `locale` and `currency` become the guest's: the draft the
/// link starts is shown in German with prices in pounds at a frozen rate.
#[tokio::test]
async fn a_partner_link_brings_its_language_and_currency() {
    let app = TestApp::spawn().await;
    let guest = app.guest();
    let room = Some(("classic-double", "flex"));
    let token =
        crate::common::handoff_token("aurora", "aurora-lisbon", room, (day(2), day(4)), (Some("de-DE"), Some("GBP")));
    let res = guest.client.post(guest.url("aurora.localhost", "/handoff/consume")).form(&[("t", &token)]).send().await;
    let res = res.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let cookies: Vec<String> =
        res.headers().get_all("set-cookie").iter().map(|c| c.to_str().unwrap().to_owned()).collect();
    assert!(cookies.iter().any(|c| c.starts_with("lang=de;")), "{cookies:?}");
    assert!(cookies.iter().any(|c| c.starts_with("currency=GBP;")), "{cookies:?}");
    let draft = res.headers()["location"].to_str().unwrap().to_owned();
    assert!(draft.starts_with("/draft/"), "{draft}");

    let html = guest.get("aurora.localhost", &draft).await.text().await.unwrap();
    assert!(html.contains("<html lang=\"de\""));
    assert!(html.contains("\u{a0}£"), "prices in pounds, German style");
    assert!(html.contains("Abgerechnet in EUR"), "and the currency charged, in German");
    let json: serde_json::Value = guest.get_json("aurora.localhost", &draft).await.json().await.unwrap();
    assert_eq!(json["quote"]["total"]["converted"]["ratePpm"], 857_000, "the link's currency froze a rate");
}
