//! Discovery on the search: results sorted by price or name, and filtered to
//! refundable rates or rates with breakfast, on all three surfaces.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::common::{TestApp, day, page};

const SOLSTICE: &str = "solstice.localhost";

fn search(refine: &str) -> String {
    format!("/search?checkin={}&checkout={}&adults=2{refine}", day(20), day(22))
}

async fn results(app: &TestApp, refine: &str) -> Vec<Value> {
    let res = app.guest().get_json(SOLSTICE, &search(refine)).await;
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value = res.json().await.unwrap();
    body["results"].as_array().unwrap().clone()
}

fn names(results: &[Value]) -> Vec<String> {
    results.iter().map(|r| r["property"]["name"].as_str().unwrap().to_owned()).collect()
}

fn totals(results: &[Value]) -> Vec<i64> {
    results.iter().map(|r| r["fromTotal"]["amount"].as_i64().unwrap()).collect()
}

#[tokio::test]
async fn results_sort_by_price_or_name_and_keep_the_tenants_order_by_default() {
    let app = TestApp::spawn().await;
    let recommended = results(&app, "").await;
    let tenant_order: Vec<String> =
        app.guest().get_json(SOLSTICE, "/").await.json::<Value>().await.unwrap()["properties"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap().to_owned())
            .collect();
    assert_eq!(names(&recommended), tenant_order);

    let by_price = totals(&results(&app, "&sort=price").await);
    let mut sorted = by_price.clone();
    sorted.sort_unstable();
    assert_eq!(by_price, sorted, "lowest first");
    assert_ne!(totals(&recommended), by_price, "the demo's tenant order is not its price order");

    let by_name = names(&results(&app, "&sort=name").await);
    let mut sorted = by_name.clone();
    sorted.sort_by_key(|n| n.to_lowercase());
    assert_eq!(by_name, sorted);
}

#[tokio::test]
async fn filters_price_only_the_rates_they_keep() {
    let app = TestApp::spawn().await;
    let guest = app.guest();
    for (refine, keep) in [
        ("&refundable=1", (|r: &Value| r["refundable"] == true) as fn(&Value) -> bool),
        ("&breakfast=1", |r: &Value| r["breakfastIncluded"] == true),
        ("&refundable=1&breakfast=1", |r: &Value| r["refundable"] == true && r["breakfastIncluded"] == true),
    ] {
        for result in results(&app, refine).await {
            // The property's own page lists every rate: the cheapest kept one is the result's price.
            let url = result["url"].as_str().unwrap();
            let property: Value = guest.get_json(SOLSTICE, url).await.json().await.unwrap();
            let cheapest = property["rooms"]
                .as_array()
                .unwrap()
                .iter()
                .flat_map(|room| room["rates"].as_array().unwrap().iter())
                .filter(|rate| keep(rate))
                .map(|rate| rate["total"]["amount"].as_i64().unwrap())
                .min();
            assert_eq!(result["fromTotal"]["amount"].as_i64(), cheapest, "{refine}: {}", result["property"]["name"]);
        }
    }
    let all = totals(&results(&app, "").await);
    let refundable = totals(&results(&app, "&refundable=1").await);
    assert!(all.iter().zip(&refundable).all(|(a, r)| a <= r) && all != refundable, "the saver rate is left out");
}

#[tokio::test]
async fn the_page_keeps_the_choice_and_a_bad_one_is_an_error_at_the_field() {
    let app = TestApp::spawn().await;
    let guest = app.guest();
    let html = page(&guest, SOLSTICE, &search("&sort=price&breakfast=1")).await;
    assert!(html.contains(r#"<option value="price" selected>"#), "the sort is kept");
    assert!(html.contains(r#"name="breakfast" value="1" checked"#), "the filter is kept");
    assert!(!html.contains(r#"name="refundable" value="1" checked"#));

    let res = guest.get(SOLSTICE, &search("&sort=cheapest&refundable=maybe")).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(html.contains(r#"id="sort-error""#) && html.contains(r#"id="refundable-error""#), "{html}");
    assert!(html.contains(&format!(r#"value="{}""#, day(20))), "what the guest typed is kept");

    let res = guest.get_json(SOLSTICE, &search("&sort=cheapest")).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem: Value = res.json().await.unwrap();
    assert!(problem["errors"]["sort"].as_str().unwrap().contains("sort"), "{problem}");
}

const AURORA: &str = "aurora.localhost";

async fn availability_calls(app: &TestApp) -> u64 {
    app.demo_get("/__admin/calls").await["availability"].as_u64().unwrap_or(0)
}

/// Today at the Lisbon hotel: the demo calendar counts from the hotel's today
/// (docs/upstreams.md §7), which is not UTC's for an hour of some nights.
fn lisbon_today() -> jiff::civil::Date {
    jiff::Timestamp::now().in_tz("Europe/Lisbon").unwrap().date()
}

fn lisbon_day(offset: i64) -> String {
    lisbon_today().checked_add(jiff::Span::new().days(offset)).unwrap().to_string()
}

fn offset_of(date: &str) -> i64 {
    let date: jiff::civil::Date = date.parse().unwrap();
    (date - lisbon_today()).get_days().into()
}

#[tokio::test]
async fn a_closed_arrival_offers_the_nearest_bookable_dates_for_one_call_per_hotel() {
    let app = TestApp::spawn().await;
    let guest = app.guest();
    // Arrivals 19 days ahead are closed (offset % 10 == 9).
    let before = availability_calls(&app).await;
    let path =
        format!("/search?checkin={}&checkout={}&adults=2&property=aurora-lisbon", lisbon_day(19), lisbon_day(21));
    let body: Value = guest.get_json(AURORA, &path).await.json().await.unwrap();
    let results = body["results"].as_array().unwrap();
    assert_eq!(
        availability_calls(&app).await - before,
        2 * results.len() as u64 + 1,
        "the hotel: its availability, then one calendar for a fortnight of arrivals; Berlin: its availability"
    );
    for result in results {
        assert_eq!(result["availability"], "restricted", "{result}");
        // Berlin closes the same arrivals: no other hotel to offer.
        assert_eq!(result["otherProperties"], json!([]), "{result}");
        let alternatives = result["alternatives"].as_array().unwrap();
        assert!(!alternatives.is_empty(), "{result}");
        let mut distance = 0;
        for alternative in alternatives {
            let (checkin, checkout) =
                (alternative["checkin"].as_str().unwrap(), alternative["checkout"].as_str().unwrap());
            let offset = offset_of(checkin);
            assert!((12..=26).contains(&offset) && offset != 19, "within a week: {alternative}");
            assert_eq!(offset_of(checkout) - offset, 2, "as many nights");
            assert_ne!(offset % 10, 9, "not closed to arrival");
            assert_ne!(offset % 10, 5, "not a date that needs three nights");
            assert!((offset - 19).abs() >= distance, "nearest first");
            distance = (offset - 19).abs();
            // One click from a quote: the property's rooms and rates for those dates.
            let property: Value =
                guest.get_json(AURORA, alternative["url"].as_str().unwrap()).await.json().await.unwrap();
            let priced =
                property["rooms"].as_array().unwrap().iter().any(|r| !r["rates"].as_array().unwrap().is_empty());
            assert!(priced, "the alternative can be booked: {property}");
            assert!(alternative["fromTotal"]["amount"].as_i64().unwrap() > 0);
        }
    }
    // The page offers them as links.
    let html = page(&guest, AURORA, &path).await;
    assert!(html.contains(r#"<div class="alternatives">"#), "{html}");

    // A bookable search costs no calendar.
    let before = availability_calls(&app).await;
    let body: Value = guest
        .get_json(
            AURORA,
            &format!("/search?checkin={}&checkout={}&adults=2&property=aurora-lisbon", lisbon_day(22), lisbon_day(24)),
        )
        .await
        .json()
        .await
        .unwrap();
    let results = body["results"].as_array().unwrap();
    assert!(results.iter().all(|r| r["alternatives"].as_array().unwrap().is_empty()), "{body}");
    assert_eq!(availability_calls(&app).await - before, results.len() as u64);
}

#[tokio::test]
async fn a_refused_search_for_one_hotel_offers_the_others_that_have_the_stay() {
    let app = TestApp::spawn().await;
    let guest = app.guest();
    const KESTREL: &str = "kestrel.localhost";
    // Three rooms for three: Skye has three lodges, fewer on most nights.
    let group = "rooms=3&r1=3&r2=3&r3=3";
    let mut seen = None;
    for offset in 2..40 {
        let (checkin, checkout) = (day(offset), day(offset + 1));
        let path = format!("/search?checkin={checkin}&checkout={checkout}&{group}&property=kestrel-skye");
        let before = availability_calls(&app).await;
        let body: Value = guest.get_json(KESTREL, &path).await.json().await.unwrap();
        let calls = availability_calls(&app).await - before;
        let result = &body["results"][0];
        assert_eq!(body["results"].as_array().unwrap().len(), 1, "a search for one hotel shows that hotel");
        if result["availability"] == "available" {
            assert_eq!(result["otherProperties"], json!([]), "nothing else offered: {result}");
            assert_eq!(calls, 1, "and nothing else asked");
            continue;
        }
        let others = result["otherProperties"].as_array().unwrap();
        if others.is_empty() {
            continue;
        }
        assert_eq!(calls, 3, "its availability, its calendar, and the other hotel's availability");
        seen = Some((checkin, checkout, others.clone(), path));
        break;
    }
    let (checkin, checkout, others, path) = seen.expect("a night Skye refuses the group and Windermere takes it");
    for other in &others {
        assert_eq!(other["id"], "kestrel-windermere", "{other}");
        assert!(other["fromTotal"]["amount"].as_i64().unwrap() > 0);
        let url = other["url"].as_str().unwrap();
        assert!(url.contains(&format!("checkin={checkin}&checkout={checkout}")) && url.contains(group), "{url}");
        // One click from a quote: that hotel's rooms and rates for the same stay.
        let property: Value = guest.get_json(KESTREL, url).await.json().await.unwrap();
        let priced = property["rooms"].as_array().unwrap().iter().any(|r| !r["rates"].as_array().unwrap().is_empty());
        assert!(priced, "{property}");
    }
    let html = page(&guest, KESTREL, &path).await;
    assert!(html.contains("Free at our other hotels, for the same dates:"), "{html}");
    assert!(html.contains(&format!("href=\"{}\"", others[0]["url"].as_str().unwrap().replace('&', "&#38;"))), "{html}");
}
