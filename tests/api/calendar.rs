//! The price calendar (`GET /properties/{id}/calendar`): every day of a month
//! with its status and price from one upstream call, the demo's date rules
//! read right, errors at the field, and the grid alone for htmx.

use reqwest::StatusCode;
use serde_json::Value;

use crate::common::TestApp;

const AURORA: &str = "aurora.localhost";
const LISBON: &str = "/properties/aurora-lisbon/calendar";

/// Today at the Lisbon hotel: the demo calendar counts from it (docs/upstreams.md §7).
fn lisbon_today() -> jiff::civil::Date {
    jiff::Timestamp::now().in_tz("Europe/Lisbon").unwrap().date()
}

/// The month `months` after the hotel's current one, as `YYYY-MM`.
fn month(months: i64) -> String {
    let first = lisbon_today().first_of_month().checked_add(jiff::Span::new().months(months)).unwrap();
    format!("{:04}-{:02}", first.year(), first.month())
}

async fn availability_calls(app: &TestApp) -> u64 {
    app.demo_get("/__admin/calls").await["availability"].as_u64().unwrap_or(0)
}

async fn days(app: &TestApp, query: &str) -> Vec<Value> {
    let res = app.guest().get_json(AURORA, &format!("{LISBON}?{query}")).await;
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value = res.json().await.unwrap();
    body["days"].as_array().unwrap().clone()
}

fn offset(day: &Value) -> i64 {
    let date: jiff::civil::Date = day["date"].as_str().unwrap().parse().unwrap();
    (date - lisbon_today()).get_days().into()
}

#[tokio::test]
async fn a_month_lists_every_day_with_its_status_and_price_from_one_upstream_call() {
    let app = TestApp::spawn().await;
    let before = availability_calls(&app).await;
    let next = month(1);
    let days = days(&app, &format!("month={next}&adults=2&nights=1")).await;
    assert_eq!(availability_calls(&app).await - before, 1, "one calendar call for the month");

    let first: jiff::civil::Date = format!("{next}-01").parse().unwrap();
    assert_eq!(days.len(), usize::from(first.days_in_month().unsigned_abs()));
    for (i, day) in days.iter().enumerate() {
        assert_eq!(day["date"], first.checked_add(jiff::Span::new().days(i as i64)).unwrap().to_string());
        let status = day["status"].as_str().unwrap();
        assert!(["bookable", "closed", "min_stay", "sold_out", "past"].contains(&status), "{day}");
        assert_eq!(status == "bookable", day["fromTotal"]["amount"].as_i64().is_some_and(|a| a > 0), "{day}");
        assert_eq!(status == "bookable", day["url"].is_string(), "{day}");
    }
    assert!(days.iter().any(|d| d["status"] == "bookable"));
}

#[tokio::test]
async fn closed_and_minimum_stay_days_follow_the_demo_rules() {
    let app = TestApp::spawn().await;
    for (nights, min_stay_shown) in [(1, true), (2, true), (3, false)] {
        let days = days(&app, &format!("month={}&nights={nights}", month(1))).await;
        for day in &days {
            let status = day["status"].as_str().unwrap();
            match offset(day) % 10 {
                9 => assert_eq!(status, "closed", "{day}"),
                5 if min_stay_shown => {
                    assert_eq!(status, "min_stay", "{nights} nights: {day}");
                    assert_eq!(day["minStay"], 3);
                }
                _ => assert!(!["closed", "min_stay"].contains(&status), "{nights} nights: {day}"),
            }
        }
    }
}

#[tokio::test]
async fn this_months_days_before_today_are_past_and_a_bookable_day_links_the_stay() {
    let app = TestApp::spawn().await;
    let days = days(&app, "nights=2&adults=1&children=4&rooms=1").await;
    let today = lisbon_today();
    for day in &days {
        let date: jiff::civil::Date = day["date"].as_str().unwrap().parse().unwrap();
        assert_eq!(day["status"] == "past", date < today, "{day}");
    }
    let bookable = days.iter().find(|d| d["status"] == "bookable").unwrap();
    let arrival: jiff::civil::Date = bookable["date"].as_str().unwrap().parse().unwrap();
    let checkout = arrival.checked_add(jiff::Span::new().days(2)).unwrap();
    assert_eq!(
        bookable["url"],
        format!("/properties/aurora-lisbon?checkin={arrival}&checkout={checkout}&rooms=1&r1=1%2C4")
    );
    // The property page for that link prices the same stay: its cheapest rate is the calendar's price.
    let property: Value = app.guest().get_json(AURORA, bookable["url"].as_str().unwrap()).await.json().await.unwrap();
    let cheapest = property["rooms"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|room| room["rates"].as_array().unwrap().iter())
        .map(|rate| rate["total"]["amount"].as_i64().unwrap())
        .min();
    assert_eq!(bookable["fromTotal"]["amount"].as_i64(), cheapest);
}

#[tokio::test]
async fn a_bad_month_or_party_is_an_error_at_the_field() {
    let app = TestApp::spawn().await;
    let guest = app.guest();
    for (query, field) in [
        ("month=2026-13", "month"),
        ("month=next", "month"),
        (&*format!("month={}", month(-1)), "month"),
        (&*format!("month={}", month(13)), "month"),
        ("nights=0", "nights"),
        ("nights=31", "nights"),
        ("adults=0", "adults"),
        ("rooms=9", "rooms"),
        ("children=x", "children"),
    ] {
        let res = guest.get_json(AURORA, &format!("{LISBON}?{query}")).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{query}");
        assert!(res.headers()["content-type"].to_str().unwrap().starts_with("application/problem+json"));
        let problem: Value = res.json().await.unwrap();
        assert!(problem["errors"][field].is_string(), "{query}: {problem}");
    }
    let res = guest.get(AURORA, &format!("{LISBON}?month=2026-13")).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(html.contains(r#"id="month-error""#) && html.contains(r#"value="2026-13""#), "{html}");

    let res = guest.get_json(AURORA, "/properties/nowhere/calendar").await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_fragment_is_the_grid_alone_and_the_page_wraps_it() {
    let app = TestApp::spawn().await;
    let guest = app.guest();
    let path = format!("{LISBON}?month={}", month(2));
    let fragment = guest.get_fragment(AURORA, &path).await.text().await.unwrap();
    assert!(fragment.trim_start().starts_with(r#"<section id="calendar""#), "{fragment}");
    assert!(!fragment.contains("<html") && !fragment.contains("<form"));
    assert!(fragment.contains(r#"role="grid""#) && fragment.contains(r#"aria-labelledby="calendar-title""#));
    assert_eq!(fragment.matches(r#"role="columnheader""#).count(), 7);
    assert!(fragment.contains(r#"abbr="Monday""#), "weeks start on Monday");
    assert!(fragment.contains(&format!("month={}", month(1))) && fragment.contains(&format!("month={}", month(3))));

    let page = guest.get(AURORA, &path).await.text().await.unwrap();
    assert!(page.contains("<html") && page.contains(r#"id="calendar-form""#) && page.contains(r#"role="grid""#));
}

#[tokio::test]
async fn the_property_and_the_search_results_link_their_calendar() {
    let app = TestApp::spawn().await;
    let guest = app.guest();
    let html = guest.get(AURORA, "/properties/aurora-lisbon").await.text().await.unwrap();
    assert!(html.contains(r#"href="/properties/aurora-lisbon/calendar?month="#), "{html}");

    let today = lisbon_today();
    let (checkin, checkout) = (today + jiff::Span::new().days(31), today + jiff::Span::new().days(33));
    let body: Value = guest
        .get_json(AURORA, &format!("/search?checkin={checkin}&checkout={checkout}&adults=2"))
        .await
        .json()
        .await
        .unwrap();
    let expected_month = format!("month={:04}-{:02}", checkin.year(), checkin.month());
    for result in body["results"].as_array().unwrap() {
        let url = result["calendarUrl"].as_str().unwrap();
        assert!(url.contains(&expected_month) && url.contains("nights=2") && url.contains("adults=2"), "{url}");
    }
}

// ---- GET /calendar: the same grid across the tenant's properties ---------------------------

const ALL: &str = "/calendar";
const AURORA_HOTELS: [&str; 2] = ["aurora-lisbon", "aurora-berlin"];

async fn json(app: &TestApp, path: &str) -> Value {
    let res = app.guest().get_json(AURORA, path).await;
    assert_eq!(res.status(), StatusCode::OK, "{path}");
    res.json().await.unwrap()
}

#[tokio::test]
async fn across_hotels_each_day_is_the_lowest_price_anywhere_from_one_call_per_hotel() {
    let app = TestApp::spawn().await;
    let query = format!("month={}&nights=2&adults=2", month(1));
    let before = availability_calls(&app).await;
    let all = json(&app, &format!("{ALL}?{query}")).await;
    assert_eq!(availability_calls(&app).await - before, AURORA_HOTELS.len() as u64, "one calendar call per hotel");
    assert!(all["property"].is_null(), "across hotels: {all}");

    // Each hotel's own calendar for the same month and party reuses that answer (the upstream allows caching).
    let before = availability_calls(&app).await;
    let mut hotels = Vec::new();
    for id in AURORA_HOTELS {
        hotels.push((id, json(&app, &format!("/properties/{id}/calendar?{query}")).await));
    }
    assert_eq!(availability_calls(&app).await, before, "the hotels' calendars come from the same answers");

    let days = all["days"].as_array().unwrap();
    assert_eq!(days.len(), hotels[0].1["days"].as_array().unwrap().len());
    let (mut bookable, mut closed) = (0, 0);
    for (i, day) in days.iter().enumerate() {
        let at: Vec<(&str, &Value)> = hotels.iter().map(|(id, h)| (*id, &h["days"][i])).collect();
        assert!(at.iter().all(|(_, d)| d["date"] == day["date"]));
        let status = day["status"].as_str().unwrap();
        let priced: Vec<(&str, i64)> =
            at.iter().filter_map(|(id, d)| Some((*id, d["fromTotal"]["amount"].as_i64()?))).collect();
        match priced.iter().min_by_key(|(_, amount)| *amount) {
            Some((cheapest, amount)) => {
                bookable += 1;
                assert_eq!(status, "bookable", "{day}");
                assert_eq!(day["fromTotal"]["amount"], *amount, "the lowest anywhere: {day}");
                assert_eq!(day["property"]["id"], *cheapest, "and where: {day}");
                let name = day["property"]["name"].as_str().unwrap();
                assert!(day["label"].as_str().unwrap().contains(name), "the accessible name says where: {day}");
                let arrival: jiff::civil::Date = day["date"].as_str().unwrap().parse().unwrap();
                let checkout = arrival.checked_add(jiff::Span::new().days(2)).unwrap();
                assert_eq!(day["url"], format!("/search?checkin={arrival}&checkout={checkout}&rooms=1&r1=2"));
            }
            None => {
                assert_ne!(status, "bookable", "{day}");
                assert!(day["url"].is_null() && day["fromTotal"].is_null() && day["property"].is_null(), "{day}");
                // Closed (or sold out) across hotels only when it is at every hotel.
                if status == "closed" {
                    closed += 1;
                    assert!(at.iter().all(|(_, d)| d["status"] == "closed"), "{day}");
                }
            }
        }
    }
    assert!(bookable > 0 && closed > 0, "the demo month has both: {bookable} bookable, {closed} closed");

    // A bookable day leads to the search for that stay, where the cheapest hotel has that price.
    let day = days.iter().find(|d| d["status"] == "bookable").unwrap();
    let search = json(&app, day["url"].as_str().unwrap()).await;
    let result = search["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["property"]["id"] == day["property"]["id"])
        .unwrap()
        .clone();
    assert_eq!(result["fromTotal"]["amount"], day["fromTotal"]["amount"], "{result}");
}

#[tokio::test]
async fn across_hotels_a_bad_month_or_party_is_an_error_at_the_field() {
    let app = TestApp::spawn().await;
    let guest = app.guest();
    for (query, field) in [
        ("month=2026-13", "month"),
        (&*format!("month={}", month(-1)), "month"),
        (&*format!("month={}", month(13)), "month"),
        ("nights=31", "nights"),
        ("adults=0", "adults"),
        ("children=x", "children"),
    ] {
        let res = guest.get_json(AURORA, &format!("{ALL}?{query}")).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{query}");
        assert!(res.headers()["content-type"].to_str().unwrap().starts_with("application/problem+json"));
        let problem: Value = res.json().await.unwrap();
        assert!(problem["errors"][field].is_string(), "{query}: {problem}");
    }
    let res = guest.get(AURORA, &format!("{ALL}?nights=0&month=%3Cb%3E")).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(html.contains(r#"id="month-error""#) && html.contains(r#"id="nights-error""#), "{html}");
    assert!(html.contains(r#"action="/calendar""#) && !html.contains("<b>"), "{html}");
    let res = guest.get_json(AURORA, &format!("{ALL}?month=1&month=2")).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn across_hotels_the_fragment_is_the_grid_and_the_landing_and_search_link_it() {
    let app = TestApp::spawn().await;
    let guest = app.guest();
    let path = format!("{ALL}?month={}&adults=2&nights=2", month(2));
    let fragment = guest.get_fragment(AURORA, &path).await.text().await.unwrap();
    assert!(fragment.trim_start().starts_with(r#"<section id="calendar""#), "{fragment}");
    assert!(!fragment.contains("<html") && fragment.contains(r#"role="grid""#));
    assert!(fragment.contains(&format!(r#"href="/calendar?month={}"#, month(1))), "month links stay across hotels");
    assert!(fragment.contains(r#"href="/search?checkin="#), "a bookable day links the search");

    let page = guest.get(AURORA, &path).await.text().await.unwrap();
    assert!(page.contains("<h1>Prices by arrival date at all our hotels</h1>"), "{page}");
    let fr = guest.get(AURORA, &format!("{path}&lang=fr")).await.text().await.unwrap();
    assert!(fr.contains("dans tous nos hôtels"), "{fr}");

    let landing = guest.get(AURORA, "/").await.text().await.unwrap();
    assert!(landing.contains(r#"<a href="/calendar?month="#), "{landing}");
    let today = lisbon_today();
    let (checkin, checkout) = (today + jiff::Span::new().days(40), today + jiff::Span::new().days(43));
    let body: Value = guest
        .get_json(AURORA, &format!("/search?checkin={checkin}&checkout={checkout}&adults=3"))
        .await
        .json()
        .await
        .unwrap();
    let expected = format!("/calendar?month={:04}-{:02}&adults=3&rooms=1&nights=3", checkin.year(), checkin.month());
    assert_eq!(body["calendarUrl"], expected);
}
