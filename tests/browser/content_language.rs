//! Hotel content in the guest's language, in Chromium: on both tenants, with
//! and without JavaScript, the results and the hotel's rooms show the room
//! names the platform wrote in each of the four languages (and the page
//! passes axe in each).

use fantoccini::Locator;

use crate::common::day;
use crate::harness::{AURORA, Browser, KESTREL, Options};
use bff_tenant_booking::demo::seed;
use bff_tenant_booking::i18n::Locale;

/// The texts of every element `css` matches, in document order (read over
/// WebDriver, so also on a page that runs no script).
async fn texts(b: &Browser, css: &str) -> Vec<String> {
    let mut texts = Vec::new();
    for element in b.client.find_all(Locator::Css(css)).await.unwrap() {
        texts.push(element.text().await.unwrap().trim().to_owned());
    }
    texts
}

/// The page's declared language.
async fn page_lang(b: &Browser) -> String {
    b.find("html").await.attr("lang").await.unwrap().unwrap_or_default()
}

async fn rooms_in_every_language(b: &mut Browser, property_id: &str) {
    let property = seed::property(property_id).unwrap();
    let stay = format!("checkin={}&checkout={}&adults=2&children=&rooms=1&promo=", day(31), day(33));
    for locale in [Locale::Fr, Locale::De, Locale::Pt, Locale::En] {
        let mut expected: Vec<String> = property.room_types.iter().map(|r| r.name.get(locale).to_owned()).collect();
        expected.sort();

        // The deep link sets the language; the results and the hotel's page
        // after it keep it.
        b.goto(&format!("/search?{stay}&property={property_id}&lang={locale}")).await;
        b.find("#results .results-title").await;
        assert_eq!(page_lang(b).await, locale.as_str(), "the page declares its language");
        let results = b.text("#results").await;
        for name in &expected {
            assert!(results.contains(name.as_str()), "[{locale}] the results name `{name}`: {results}");
        }
        b.step(&format!("{locale}-results")).await;

        b.goto(&format!("/properties/{property_id}?{stay}")).await;
        b.find(".room h2").await;
        assert_eq!(page_lang(b).await, locale.as_str(), "the language stays on the hotel's page");
        let mut shown = texts(b, ".room h2").await;
        shown.sort();
        assert_eq!(shown, expected, "[{locale}] the rooms of {property_id}");
        let summary = property.summary.get(locale);
        assert!(b.text("main").await.contains(summary), "[{locale}] the hotel's summary");
        b.step(&format!("{locale}-rooms")).await;
    }
}

#[tokio::test]
async fn aurora_rooms_in_every_language() {
    let mut b = Browser::start("aurora_rooms_in_every_language", AURORA, Options::js()).await;
    rooms_in_every_language(&mut b, "aurora-lisbon").await;
    b.finish().await;
}

#[tokio::test]
async fn aurora_rooms_in_every_language_without_javascript() {
    let mut b = Browser::start("aurora_rooms_in_every_language_without_javascript", AURORA, Options::no_js()).await;
    rooms_in_every_language(&mut b, "aurora-lisbon").await;
    b.finish().await;
}

#[tokio::test]
async fn kestrel_rooms_in_every_language() {
    let mut b = Browser::start("kestrel_rooms_in_every_language", KESTREL, Options::js()).await;
    rooms_in_every_language(&mut b, "kestrel-windermere").await;
    b.finish().await;
}

#[tokio::test]
async fn kestrel_rooms_in_every_language_without_javascript() {
    let mut b = Browser::start("kestrel_rooms_in_every_language_without_javascript", KESTREL, Options::no_js()).await;
    rooms_in_every_language(&mut b, "kestrel-windermere").await;
    b.finish().await;
}
