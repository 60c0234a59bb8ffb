//! Hotel content in the guest's language (docs/upstreams.md §1 "Languages"):
//! the service asks tenant-config, availability and pricing for the page's
//! language, the demo platform answers its seed's translations, the pages and
//! JSON show them, a language the hotel does not write in falls back to the
//! tenant's default, and the caches keep one answer per language.

use crate::common::{Guest, TestApp, day, header};
use bff_tenant_booking::demo::seed::{self, Localized, SeedProperty};
use bff_tenant_booking::i18n::Locale;
use reqwest::StatusCode;
use serde_json::{Value, json};

const AURORA: &str = "aurora.localhost";
const SOLSTICE: &str = "solstice.localhost";
const TRANSLATED: [Locale; 3] = [Locale::Fr, Locale::De, Locale::Pt];

/// The page as a reader sees it: askama's entities decoded.
fn text(html: &str) -> String {
    html.replace("&#39;", "'")
        .replace("&#34;", "\"")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
        .replace("&#38;", "&")
}

fn lisbon() -> &'static SeedProperty {
    seed::property("aurora-lisbon").unwrap()
}

fn tenant(id: &str) -> &'static seed::SeedTenant {
    seed::TENANTS.iter().find(|t| t.id == id).unwrap()
}

fn rate(id: &str) -> &'static seed::SeedRatePlan {
    seed::RATE_PLANS.iter().find(|p| p.id == id).unwrap()
}

/// A text as the seed writes it in `locale`, checked to be a translation
/// (so finding it on a page proves the language, not a coincidence).
fn translated(text: &Localized, locale: Locale) -> &'static str {
    assert_ne!(text.get(locale), text.en, "`{}` has a {locale} translation of its own", text.en);
    text.get(locale)
}

fn stay(from: i64, nights: i64) -> String {
    format!("checkin={}&checkout={}&adults=2", day(from), day(from + nights))
}

async fn counters(app: &TestApp) -> (u64, u64) {
    let calls = app.demo_get("/__admin/calls").await;
    (calls["tenant-config"].as_u64().unwrap_or(0), calls["availability"].as_u64().unwrap_or(0))
}

#[tokio::test]
async fn search_and_property_pages_show_the_hotels_texts_in_the_guests_language() {
    let app = TestApp::spawn().await;
    let room = &lisbon().room_types[1];
    for locale in TRANSLATED {
        let guest = app.guest();
        let res = guest.get(AURORA, &format!("/?lang={locale}")).await;
        assert_eq!(res.status(), StatusCode::OK);
        let page = text(&res.text().await.unwrap());
        assert!(page.contains(&format!("<html lang=\"{locale}\"")), "[{locale}] the page's language");
        let hotels = seed::PROPERTIES.iter().filter(|p| p.tenant == "aurora");
        for expected in
            hotels.map(|p| translated(&p.summary, locale)).chain([translated(&tenant("aurora").tagline, locale)])
        {
            assert!(page.contains(expected), "[{locale}] the landing page says `{expected}`");
        }

        let search = format!("/search?{}&property=aurora-lisbon", stay(31, 2));
        let page = text(&guest.get(AURORA, &search).await.text().await.unwrap());
        for expected in [translated(&tenant("aurora").tagline, locale), translated(&room.name, locale)] {
            assert!(page.contains(expected), "[{locale}] the search page says `{expected}`");
        }
        assert!(!page.contains(room.name.en), "[{locale}] no English room name on the search page");

        let property = format!("/properties/aurora-lisbon?{}", stay(31, 2));
        let page = text(&guest.get(AURORA, &property).await.text().await.unwrap());
        for expected in [
            translated(&lisbon().summary, locale),
            translated(&room.name, locale),
            translated(&room.description, locale),
            translated(&rate("bb").name, locale),
            translated(&rate("saver").name, locale),
            translated(&rate("flex").cancellation_policy, locale),
            translated(&rate("saver").cancellation_policy, locale),
        ] {
            assert!(page.contains(expected), "[{locale}] the property page says `{expected}`");
        }
        assert!(!page.contains(rate("saver").cancellation_policy.en), "[{locale}] no English terms");
    }
}

#[tokio::test]
async fn the_json_of_search_and_property_carries_the_hotels_texts_in_the_guests_language() {
    let app = TestApp::spawn().await;
    for locale in TRANSLATED {
        let guest = app.guest();
        let search = format!("/search?{}&property=aurora-lisbon&lang={locale}", stay(31, 2));
        let body: Value = guest.get_json(AURORA, &search).await.json().await.unwrap();
        assert_eq!(body["tenant"]["tagline"], translated(&tenant("aurora").tagline, locale), "[{locale}]");
        let result = &body["results"][0];
        assert_eq!(result["property"]["summary"], translated(&lisbon().summary, locale), "[{locale}]");
        let names: Vec<&str> =
            result["rooms"].as_array().unwrap().iter().map(|r| r["name"].as_str().unwrap()).collect();
        assert!(names.contains(&translated(&lisbon().room_types[0].name, locale)), "[{locale}] {names:?}");

        let property = format!("/properties/aurora-lisbon?{}", stay(31, 2));
        let body: Value = guest.get_json(AURORA, &property).await.json().await.unwrap();
        assert_eq!(body["property"]["summary"], translated(&lisbon().summary, locale), "[{locale}]");
        let room = body["rooms"].as_array().unwrap().iter().find(|r| r["id"] == "river-king").unwrap();
        let seed_room = &lisbon().room_types[1];
        assert_eq!(room["name"], translated(&seed_room.name, locale), "[{locale}]");
        assert_eq!(room["description"], translated(&seed_room.description, locale), "[{locale}]");
        assert_eq!(room["bedding"], translated(&seed_room.bedding, locale), "[{locale}]");
        for plan in room["rates"].as_array().unwrap() {
            let seed_plan = rate(plan["id"].as_str().unwrap());
            assert_eq!(plan["name"], seed_plan.name.get(locale), "[{locale}]");
            assert_eq!(plan["cancellationPolicy"], translated(&seed_plan.cancellation_policy, locale), "[{locale}]");
        }
    }
}

/// A JSON booking of the Skye snug at the Bed & Breakfast rate by a guest
/// reading `locale`: the draft as quoted, and the confirmation.
async fn book_in(app: &TestApp, guest: &Guest, locale: Locale, checkin: i64) -> (Value, Value) {
    let host = "kestrel.localhost";
    // The guest's language, remembered in the `lang` cookie from here on.
    assert_eq!(guest.get(host, &format!("/?lang={locale}")).await.status(), StatusCode::OK);
    let res = guest
        .client
        .post(guest.url(host, "/draft"))
        .header("accept", "application/json")
        .json(&json!({
            "property": "kestrel-skye", "room_type": "snug", "rate_plan": "bb",
            "checkin": day(checkin), "checkout": day(checkin + 1), "adults": 2, "children": [], "rooms": 1
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let tag = header(&res, "etag");
    let quoted: Value = res.json().await.unwrap();
    let path = format!("/draft/{}", quoted["id"].as_str().unwrap());
    let details = json!({"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.com",
                         "phone": "+44 20 7946 0000", "country": "GB", "accept_terms": true});
    let (_, tag) = guest.json_step(host, &format!("{path}/guest"), &tag, details).await;
    let (_, tag) = guest.json_step(host, &format!("{path}/hold"), &tag, json!({})).await;
    let (draft, _) = guest.json_step(host, &format!("{path}/payment"), &tag, json!({})).await;
    let session = draft["payment"]["redirectUrl"].as_str().unwrap().rsplit('/').next().unwrap().to_owned();
    app.approve_payment(&session).await;
    let res = guest
        .client
        .get(guest.url(host, &format!("{path}/payment/return?session={session}")))
        .header("accept", "application/json")
        .send()
        .await
        .unwrap();
    let settled: Value = res.json().await.unwrap();
    assert_eq!(settled["state"], "confirmed", "{settled}");
    let reference = settled["bookingRef"].as_str().unwrap();
    let confirmation = guest.get_json(host, &format!("/confirmation/{reference}")).await.json().await.unwrap();
    (quoted, confirmation)
}

#[tokio::test]
async fn the_draft_and_the_confirmation_keep_the_room_rate_and_terms_in_the_guests_language() {
    let app = TestApp::spawn().await;
    let snug = &seed::property("kestrel-skye").unwrap().room_types[0];
    for (i, locale) in TRANSLATED.into_iter().enumerate() {
        let guest = app.guest();
        let (draft, confirmation) = book_in(&app, &guest, locale, 2 + i as i64).await;
        let (room, plan, terms) = (
            translated(&snug.name, locale),
            translated(&rate("bb").name, locale),
            translated(&rate("bb").cancellation_policy, locale),
        );
        assert_eq!(draft["roomType"]["name"], room, "[{locale}] {draft}");
        assert_eq!(draft["ratePlan"]["name"], plan, "[{locale}]");
        assert_eq!(draft["quote"]["cancellationPolicy"], terms, "[{locale}]");
        assert_eq!(confirmation["roomType"], room, "[{locale}] {confirmation}");
        assert_eq!(confirmation["ratePlan"], plan, "[{locale}]");
        assert_eq!(confirmation["cancellationPolicy"], terms, "[{locale}]");

        let reference = confirmation["reference"].as_str().unwrap();
        let page =
            text(&guest.get("kestrel.localhost", &format!("/confirmation/{reference}")).await.text().await.unwrap());
        for expected in [room, plan, terms] {
            assert!(page.contains(expected), "[{locale}] the confirmation page says `{expected}`");
        }
    }
}

#[tokio::test]
async fn a_language_the_hotel_does_not_write_in_falls_back_to_the_tenants_default() {
    let app = TestApp::spawn().await;
    let solstice = tenant("solstice");
    let brooklyn = seed::property("solstice-brooklyn").unwrap();
    assert!(!solstice.locales.contains(&Locale::Fr));

    // The platform: French is not Solstice's, so its default; the best of
    // its own by q-value otherwise.
    let http = reqwest::Client::new();
    for (accept, expected) in [
        ("fr", Locale::En),
        ("fr;q=1, pt;q=0.5", Locale::Pt),
        ("pt-BR;q=0, fr, en;q=0.1", Locale::En),
        ("", Locale::En),
    ] {
        let res = http
            .get(format!("{}/v1/tenants/solstice", app.demo_url))
            .header("accept-language", accept)
            .send()
            .await
            .unwrap();
        assert_eq!(header(&res, "content-language"), expected.as_str(), "Accept-Language: {accept}");
        let config: Value = res.json().await.unwrap();
        assert_eq!(config["tagline"], solstice.tagline.get(expected), "Accept-Language: {accept}");
        assert_eq!(config["properties"][0]["summary"], brooklyn.summary.get(expected));
    }
    let res = http
        .get(format!("{}/v1/properties/solstice-brooklyn/availability?{}&rooms=1", app.demo_url, stay(31, 2)))
        .header("accept-language", "de-CH, fr;q=0.8")
        .send()
        .await
        .unwrap();
    assert_eq!(header(&res, "content-language"), "en");
    let offer: Value = res.json().await.unwrap();
    assert_eq!(offer["roomTypes"][0]["name"], brooklyn.room_types[0].name.en);

    // The service: a French browser on Solstice reads the default language,
    // a Portuguese one Portuguese.
    let guest = app.guest();
    let path = format!("/properties/solstice-brooklyn?{}", stay(31, 2));
    let res = guest.client.get(guest.url(SOLSTICE, &path)).header("accept-language", "fr-FR,fr;q=0.9").send().await;
    let page = text(&res.unwrap().text().await.unwrap());
    assert!(page.contains("<html lang=\"en\""));
    assert!(page.contains(brooklyn.room_types[0].name.en) && page.contains(solstice.tagline.en));
    let res = app.guest().client.get(guest.url(SOLSTICE, &path)).header("accept-language", "pt-PT").send().await;
    let page = text(&res.unwrap().text().await.unwrap());
    assert!(page.contains(translated(&brooklyn.room_types[0].name, Locale::Pt)));
    assert!(page.contains(translated(&solstice.tagline, Locale::Pt)));
}

#[tokio::test]
async fn caches_keep_one_answer_per_language_and_ask_once_per_language() {
    let app = TestApp::spawn().await;
    // A minute: every search below falls within the answers' freshness.
    app.demo_config(json!({ "availabilityMaxAgeSecs": 60 })).await;
    let search = |locale: Locale| format!("/search?{}&property=aurora-lisbon&lang={locale}", stay(31, 2));
    let room = &lisbon().room_types[0].name;
    let tagline = &tenant("aurora").tagline;
    let mut seen_calls = Vec::new();
    for (round, locale) in
        [Locale::Fr, Locale::En, Locale::Fr, Locale::En, Locale::De, Locale::De].into_iter().enumerate()
    {
        let before = counters(&app).await;
        let page = text(&app.guest().get(AURORA, &search(locale)).await.text().await.unwrap());
        let after = counters(&app).await;
        assert!(page.contains(room.get(locale)) && page.contains(tagline.get(locale)), "round {round} [{locale}]");
        seen_calls.push((after.0 - before.0, after.1 - before.1));
    }
    // (tenant-config, availability) per request: the host and the default
    // configuration once, each other language's configuration once, each
    // language's availability answer once.
    assert_eq!(seen_calls, [(3, 1), (0, 1), (0, 0), (0, 0), (1, 1), (0, 0)]);

    let seen: Vec<Value> = serde_json::from_value(app.demo_get("/__admin/seen").await).unwrap();
    let languages = |upstream: &str| -> Vec<Value> {
        seen.iter().filter(|c| c["upstream"] == upstream).map(|c| c["acceptLanguage"].clone()).collect()
    };
    assert_eq!(languages("availability"), [json!("fr"), json!("en"), json!("de")]);
    // The host lookup and the default configuration carry none; the others theirs.
    assert_eq!(languages("tenant-config"), [Value::Null, Value::Null, json!("fr"), json!("de")]);
}

#[tokio::test]
async fn when_the_configuration_in_the_guests_language_fails_the_page_shows_the_default_texts() {
    let app = TestApp::spawn().await;
    let path = format!("/search?{}&property=aurora-lisbon", stay(31, 2));
    assert_eq!(app.guest().get(AURORA, &path).await.status(), StatusCode::OK);
    app.fault(json!({"upstream": "tenant-config", "status": 503})).await;

    let res = app.guest().get(AURORA, &format!("{path}&lang=de")).await;

    assert_eq!(res.status(), StatusCode::OK);
    let page = text(&res.text().await.unwrap());
    assert!(page.contains("<html lang=\"de\""), "the page is still in German");
    assert!(page.contains(tenant("aurora").tagline.en), "with the texts of the default language");
    assert!(page.contains(translated(&lisbon().room_types[0].name, Locale::De)), "availability answered in German");
}

#[tokio::test]
async fn the_price_calendar_and_the_quote_are_asked_for_in_the_guests_language() {
    let app = TestApp::spawn().await;
    let guest = app.guest();
    let res = guest.get_json(AURORA, "/properties/aurora-lisbon/calendar?adults=2&nights=1&lang=de").await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = guest
        .client
        .post(guest.url(AURORA, "/draft"))
        .header("accept", "application/json")
        .json(&json!({
            "property": "aurora-lisbon", "room_type": "classic-double", "rate_plan": "saver",
            "checkin": day(31), "checkout": day(33), "adults": 2, "children": [], "rooms": 1
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let draft: Value = res.json().await.unwrap();
    assert_eq!(draft["quote"]["cancellationPolicy"], translated(&rate("saver").cancellation_policy, Locale::De));

    let seen: Vec<Value> = serde_json::from_value(app.demo_get("/__admin/seen").await).unwrap();
    let asked = |path_part: &str| -> Vec<Value> {
        seen.iter()
            .filter(|c| c["path"].as_str().unwrap().contains(path_part))
            .map(|c| c["acceptLanguage"].clone())
            .collect()
    };
    assert_eq!(asked("/calendar"), [json!("de")]);
    assert_eq!(asked("/v1/quotes"), [json!("de")]);
    // A hold reserves a room; nothing in it is written for a guest.
    assert!(seen.iter().filter(|c| c["upstream"] == "reservations").all(|c| c["acceptLanguage"].is_null()));
}

#[tokio::test]
async fn a_partner_links_language_names_the_room_and_rate_of_the_draft_it_starts() {
    let app = TestApp::spawn().await;
    let guest = app.guest();
    let token = crate::common::handoff_token(
        "aurora",
        "aurora-lisbon",
        Some(("river-king", "bb")),
        (day(31), day(33)),
        (Some("pt-PT"), None),
    );
    // An English browser: the link's language wins, for the draft too.
    let res = guest
        .client
        .post(guest.url(AURORA, "/handoff/consume"))
        .header("accept-language", "en")
        .form(&[("t", &token)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let draft_path = header(&res, "location");

    let draft: Value = guest.get_json(AURORA, &draft_path).await.json().await.unwrap();

    let river = &lisbon().room_types[1];
    assert_eq!(draft["roomType"]["name"], translated(&river.name, Locale::Pt), "{draft}");
    assert_eq!(draft["ratePlan"]["name"], translated(&rate("bb").name, Locale::Pt));
    assert_eq!(draft["quote"]["cancellationPolicy"], translated(&rate("bb").cancellation_policy, Locale::Pt));
}
