//! The price calendar (`GET /properties/{id}/calendar`): every day of a month
//! with its status and price per night from one upstream call, the demo's date
//! rules read right, the departure step once an arrival is picked (one call
//! too), errors at the field, and the grid alone for htmx.

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
        assert_eq!(status == "bookable", day["perNight"]["amount"].as_i64().is_some_and(|a| a > 0), "{day}");
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
    // The arrival leads to the departure step, on the month of the first departure.
    let first_departure = arrival.checked_add(jiff::Span::new().days(1)).unwrap();
    let departure_month = format!("{:04}-{:02}", first_departure.year(), first_departure.month());
    assert_eq!(
        bookable["url"],
        format!("{LISBON}?month={departure_month}&rooms=1&r1=1%2C4&nights=2&arrival={arrival}")
    );
    let step = app.guest().get_json(AURORA, bookable["url"].as_str().unwrap()).await;
    assert_eq!(step.status(), StatusCode::OK);
    let step: Value = step.json().await.unwrap();
    assert_eq!((step["step"].as_str(), step["arrival"].as_str()), (Some("departure"), Some(&*arrival.to_string())));
    let month_first: jiff::civil::Date = format!("{departure_month}-01").parse().unwrap();
    let departure = if checkout.month() == month_first.month() {
        let index = (checkout - month_first).get_days() as usize;
        step["days"][index].clone()
    } else {
        let next: Value = app.guest().get_json(AURORA, step["next"].as_str().unwrap()).await.json().await.unwrap();
        next["days"][(checkout - checkout.first_of_month()).get_days() as usize].clone()
    };
    assert_eq!(departure["date"], checkout.to_string());
    assert_eq!(
        departure["url"],
        format!("/properties/aurora-lisbon?checkin={arrival}&checkout={checkout}&rooms=1&r1=1%2C4")
    );
    // The property page for that stay prices it as the calendar did: its cheapest rate is the day's total.
    let property: Value = app.guest().get_json(AURORA, departure["url"].as_str().unwrap()).await.json().await.unwrap();
    let cheapest = property["rooms"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|room| room["rates"].as_array().unwrap().iter())
        .map(|rate| rate["total"]["amount"].as_i64().unwrap())
        .min();
    assert_eq!(bookable["fromTotal"]["amount"].as_i64(), cheapest);
}

/// `YYYY-MM` of a date.
fn month_of(date: jiff::civil::Date) -> String {
    format!("{:04}-{:02}", date.year(), date.month())
}

fn in_days(days: i64) -> jiff::civil::Date {
    lisbon_today().checked_add(jiff::Span::new().days(days)).unwrap()
}

#[tokio::test]
async fn each_day_shows_the_lowest_total_per_night_rounded_half_up_and_the_total_in_its_name() {
    let app = TestApp::spawn().await;
    let days = days(&app, &format!("month={}&nights=3&adults=2", month(1))).await;
    let mut priced = 0;
    for day in days.iter().filter(|d| d["status"] == "bookable") {
        let total = day["fromTotal"]["amount"].as_i64().unwrap();
        let per_night = day["perNight"]["amount"].as_i64().unwrap();
        assert_eq!(per_night, (2 * total + 3) / 6, "{day}");
        assert_eq!(day["perNight"]["currency"], day["fromTotal"]["currency"]);
        let label = day["label"].as_str().unwrap();
        let (shown_total, shown_night) =
            (day["fromTotal"]["display"].as_str().unwrap(), day["perNight"]["display"].as_str().unwrap());
        assert!(label.contains(&format!("from {shown_night} a night, {shown_total} for 3 nights")), "{label}");
        assert_eq!(day["title"], format!("{shown_total} for 3 nights"));
        priced += 1;
    }
    assert!(priced > 0);
    let html = app
        .guest()
        .get(AURORA, &format!("{LISBON}?month={}&nights=3&adults=2&lang=de", month(1)))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("pro Nacht") && html.contains("für 3 Nächte"), "{html}");
}

#[tokio::test]
async fn an_arrival_opens_the_departure_step_from_its_minimum_stay_to_thirty_nights_from_one_call() {
    let app = TestApp::spawn().await;
    // Offset 35: an arrival with a minimum stay of 3 nights (docs/upstreams.md §7).
    let arrival = in_days(35);
    let query = format!("month={}&adults=2&nights=2&arrival={arrival}", month_of(arrival));
    let before = availability_calls(&app).await;
    let step = json(&app, &format!("{LISBON}?{query}")).await;
    assert_eq!(availability_calls(&app).await - before, 1, "one calendar call for the departure step");
    assert_eq!(step["step"], "departure");
    assert_eq!(step["arrival"], arrival.to_string());
    assert_eq!(step["form"]["arrival"], arrival.to_string());
    let back = step["changeArrivalUrl"].as_str().unwrap();
    assert!(!back.contains("arrival=") && back.contains(&format!("month={}", month_of(arrival))), "{back}");
    for link in [&step["previous"], &step["next"]] {
        if let Some(link) = link.as_str() {
            assert!(link.contains(&format!("arrival={arrival}")), "month links keep the arrival: {link}");
        }
    }

    // This month, then the next: the stay may end there, up to 30 nights.
    let next = json(&app, step["next"].as_str().unwrap()).await;
    let mut departures = 0;
    for day in step["days"].as_array().unwrap().iter().chain(next["days"].as_array().unwrap()) {
        let date: jiff::civil::Date = day["date"].as_str().unwrap().parse().unwrap();
        let nights = (date - arrival).get_days();
        let status = day["status"].as_str().unwrap();
        match nights {
            n if n < 0 => assert_eq!(status, "before_arrival", "{day}"),
            0 => assert_eq!(status, "arrival", "{day}"),
            1 | 2 => assert_eq!((status, day["minStay"].as_u64()), ("min_stay", Some(3)), "{day}"),
            n if n > 30 => assert_eq!(status, "too_long", "{day}"),
            n => {
                // The demo always has a room for two on one night at Lisbon.
                assert_eq!(status, "departure", "{day}");
                assert_eq!(day["nights"], n);
                assert_eq!(
                    day["url"],
                    format!("/properties/aurora-lisbon?checkin={arrival}&checkout={date}&rooms=1&r1=2")
                );
                departures += 1;
            }
        }
        assert_eq!(status == "departure", day["url"].is_string(), "{day}");
        assert!(day["label"].as_str().unwrap().contains(", "), "{day}");
    }
    assert_eq!(departures, 28, "3 to 30 nights");
}

#[tokio::test]
async fn across_hotels_an_arrival_leads_to_the_search_for_exactly_the_stay_picked() {
    let app = TestApp::spawn().await;
    let arrival = in_days(31);
    let before = availability_calls(&app).await;
    let step = json(&app, &format!("{ALL}?month={}&adults=2&arrival={arrival}", month_of(arrival))).await;
    assert_eq!(availability_calls(&app).await - before, AURORA_HOTELS.len() as u64, "one call per hotel");
    let checkout = arrival.checked_add(jiff::Span::new().days(3)).unwrap();
    let day = step["days"].as_array().unwrap().iter().find(|d| d["date"] == checkout.to_string());
    let url = match day {
        Some(day) => day["url"].as_str().unwrap().to_owned(),
        None => {
            let next = json(&app, step["next"].as_str().unwrap()).await;
            let day = next["days"].as_array().unwrap().iter().find(|d| d["date"] == checkout.to_string()).unwrap();
            day["url"].as_str().unwrap().to_owned()
        }
    };
    assert_eq!(url, format!("/search?checkin={arrival}&checkout={checkout}&rooms=1&r1=2"));
    let search = json(&app, &url).await;
    assert_eq!(search["form"]["checkin"], arrival.to_string(), "{search}");
    assert_eq!(search["form"]["checkout"], checkout.to_string(), "{search}");
}

#[tokio::test]
async fn a_bad_arrival_is_an_error_at_its_field_over_the_arrival_step() {
    let app = TestApp::spawn().await;
    let guest = app.guest();
    let closed = in_days(39);
    for arrival in [
        "2026-13-01".to_owned(),
        "tomorrow".to_owned(),
        "%3Cscript%3E".to_owned(),
        in_days(-1).to_string(),
        in_days(400).to_string(),
        closed.to_string(),
    ] {
        let res = guest.get_json(AURORA, &format!("{LISBON}?month={}&arrival={arrival}", month_of(closed))).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{arrival}");
        assert!(res.headers()["content-type"].to_str().unwrap().starts_with("application/problem+json"));
        let problem: Value = res.json().await.unwrap();
        assert!(problem["errors"]["arrival"].is_string(), "{arrival}: {problem}");
    }
    let res = guest.get_json(AURORA, &format!("{ALL}?month={}&arrival={closed}", month_of(closed))).await;
    let problem: Value = res.json().await.unwrap();
    assert!(problem["errors"]["arrival"].as_str().unwrap().contains("no arrivals"), "closed at every hotel: {problem}");

    // On the page: the message at the field, what was typed kept, and the arrival step to pick another.
    for (arrival, words) in [(closed.to_string(), "no arrivals that day"), ("%3Cb%3E".to_owned(), "YYYY-MM-DD")] {
        let res = guest.get(AURORA, &format!("{LISBON}?month={}&arrival={arrival}", month_of(closed))).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = res.text().await.unwrap();
        assert!(html.contains(r#"id="arrival-error""#) && html.contains(words), "{html}");
        assert!(html.contains(r#"role="grid""#) && html.contains(r#"data-step="arrival""#), "{html}");
        assert!(!html.contains("<b>"), "{html}");
    }
    let fragment = guest.get_fragment(AURORA, &format!("{LISBON}?month={}&arrival={closed}", month_of(closed))).await;
    assert_eq!(fragment.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let fragment = fragment.text().await.unwrap();
    assert!(fragment.contains(r#"id="arrival-error""#) && fragment.contains(&format!(r#"value="{closed}""#)));
    // With another field wrong too, the form alone, the arrival kept at its field.
    let html = guest.get(AURORA, &format!("{LISBON}?month=x&arrival={closed}")).await.text().await.unwrap();
    assert!(html.contains(r#"id="month-error""#) && html.contains(&format!(r#"value="{closed}""#)), "{html}");
}

#[tokio::test]
async fn the_departure_step_marks_the_arrival_and_offers_the_way_back_on_the_page_and_the_fragment() {
    let app = TestApp::spawn().await;
    let guest = app.guest();
    let arrival = in_days(32);
    let path = format!("{LISBON}?month={}&adults=2&nights=2&arrival={arrival}", month_of(arrival));
    let fragment = guest.get_fragment(AURORA, &path).await.text().await.unwrap();
    assert!(fragment.trim_start().starts_with(r#"<section id="calendar""#), "{fragment}");
    assert!(fragment.contains(r#"data-step="departure""#));
    assert!(fragment.contains(&format!(r#"<td role="gridcell" class="day day-arrival" data-date="{arrival}">"#)));
    assert!(fragment.contains(&format!(r#"name="arrival" value="{arrival}" form="calendar-form""#)));
    assert!(
        fragment.contains("Choose another arrival") && fragment.contains(&format!(r#"data-focus-date="{arrival}""#))
    );
    assert!(fragment.contains(r#"href="/properties/aurora-lisbon?checkin="#), "a departure links its stay's rooms");
    let page = guest.get(AURORA, &format!("{path}&lang=pt")).await.text().await.unwrap();
    assert!(page.contains(r#"id="calendar-live""#) && page.contains("Escolher outra chegada"), "{page}");
    assert!(page.contains("Escolha agora o seu dia de partida"), "{page}");
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
        assert!(url.contains(&expected_month) && url.contains("nights=2") && url.contains("rooms=1&r1=2"), "{url}");
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
                let url = day["url"].as_str().unwrap();
                assert!(
                    url.starts_with("/calendar?")
                        && url.ends_with(&format!("arrival={}", day["date"].as_str().unwrap())),
                    "{url}"
                );
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

    // A bookable day leads, through its departure two nights on, to the search for
    // that stay, where the cheapest hotel has that price.
    let day = days.iter().find(|d| d["status"] == "bookable").unwrap();
    let arrival: jiff::civil::Date = day["date"].as_str().unwrap().parse().unwrap();
    let checkout = arrival.checked_add(jiff::Span::new().days(2)).unwrap();
    let mut step = json(&app, day["url"].as_str().unwrap()).await;
    if !step["days"].as_array().unwrap().iter().any(|d| d["date"] == checkout.to_string()) {
        step = json(&app, step["next"].as_str().unwrap()).await;
    }
    let departure = step["days"].as_array().unwrap().iter().find(|d| d["date"] == checkout.to_string()).unwrap();
    let search = json(&app, departure["url"].as_str().unwrap()).await;
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
    assert!(
        fragment.contains(r#"href="/calendar?month="#) && fragment.contains("arrival="),
        "a bookable day links its departures"
    );

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
    let expected = format!("/calendar?month={:04}-{:02}&rooms=1&r1=3&nights=3", checkin.year(), checkin.month());
    assert_eq!(body["calendarUrl"], expected);
}

#[tokio::test]
async fn a_party_of_several_rooms_keeps_each_rooms_guests_through_both_calendars() {
    let app = TestApp::spawn().await;
    let today = lisbon_today();
    let (checkin, checkout) = (today + jiff::Span::new().days(40), today + jiff::Span::new().days(42));
    // Room 1: two adults and a 7-year-old; room 2: one adult.
    let parties = "rooms=2&r1=2%2C7&r2=1";
    let search: Value = json(&app, &format!("/search?checkin={checkin}&checkout={checkout}&{parties}")).await;
    let across = search["calendarUrl"].as_str().unwrap();
    assert!(across.contains(parties), "the search's calendar keeps each room's party: {across}");
    for result in search["results"].as_array().unwrap() {
        let url = result["calendarUrl"].as_str().unwrap();
        assert!(url.contains(parties), "{url}");
    }

    // The upstream is asked for each room's party, and the form echoes it.
    let calendar = json(&app, across).await;
    assert_eq!(
        calendar["form"]["parties"],
        serde_json::json!([{"adults": "2", "children": "7"}, {"adults": "1", "children": ""}])
    );
    let seen = app.demo_get("/__admin/seen").await;
    let asked =
        seen.as_array().unwrap().iter().filter(|c| c["path"].as_str().is_some_and(|p| p.ends_with("/calendar")));
    let queries: Vec<&str> = asked.filter_map(|c| c["query"].as_str()).collect();
    assert!(
        !queries.is_empty() && queries.iter().all(|q| q.contains("occupancy=2%2C7%7C1")),
        "each room's party upstream: {queries:?}"
    );
    for link in [&calendar["previous"], &calendar["next"]] {
        if let Some(link) = link.as_str() {
            assert!(link.contains(parties), "month links keep the parties: {link}");
        }
    }

    // An arrival, then a departure: the search for that stay, for the same rooms.
    let arrival = today + jiff::Span::new().days(45);
    let step = json(
        &app,
        &format!("/properties/aurora-lisbon/calendar?month={}&{parties}&arrival={arrival}", month_of(arrival)),
    )
    .await;
    let departure = step["days"]
        .as_array()
        .unwrap()
        .iter()
        .chain(json(&app, step["next"].as_str().unwrap()).await["days"].as_array().unwrap())
        .find(|d| d["status"] == "departure")
        .cloned()
        .expect("a departure for the two rooms");
    let url = departure["url"].as_str().unwrap();
    assert!(url.contains("rooms=2&r1=2%2C7&r2=1"), "{url}");
    let property = json(&app, url).await;
    assert_eq!(property["parties"], serde_json::json!([{"adults": 2, "children": [7]}, {"adults": 1, "children": []}]));
}

#[tokio::test]
async fn add_a_room_shows_the_calendar_form_again_with_one_room_more_without_javascript() {
    let app = TestApp::spawn().await;
    let html = app.guest().get(AURORA, &format!("{LISBON}?month={}&nights=2&rooms=1&r1=2&add_room=1", month(1))).await;
    assert_eq!(html.status(), StatusCode::OK);
    let html = html.text().await.unwrap();
    assert!(html.contains(r#"id="r1_adults""#) && html.contains(r#"id="r2_adults""#), "{html}");
    assert!(!html.contains(r#"id="r3_adults""#));
    assert!(html.contains(r#"name="add_room""#), "the button stays for a third room");
}
