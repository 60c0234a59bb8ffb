//! The price calendar in a browser, for both tenants: with JavaScript a guest
//! picks an arrival then a departure by keyboard alone (Tab into the grid,
//! arrow keys, PageDown to the next month, Enter; the focus lands on the first
//! possible departure and the step is announced), can go back to choose
//! another arrival, and lands on the property with the dates filled in;
//! without it the month links and day links do the same. axe on each step.
//! In every language, the calendar across hotels (linked from the landing)
//! leads to the search for the stay picked, and a result's own calendar to the
//! hotel's rooms.

use fantoccini::key::Key;
use serde_json::Value;

use crate::harness::{AURORA, Browser, KESTREL, Options};

/// The day that has the focus in the grid: its date, and whether the focus is on its link.
const ACTIVE: &str = r#"
const el = document.activeElement;
const td = el && el.closest && el.closest('[data-calendar] td[data-date]');
return td ? { date: td.getAttribute('data-date'), link: el.tagName === 'A' } : null;
"#;

fn property_of(host: &str) -> &'static str {
    if host == AURORA { "aurora-lisbon" } else { "kestrel-skye" }
}

fn plus(date: &str, days: i64, months: i64) -> String {
    let d: jiff::civil::Date = date.parse().unwrap();
    d.checked_add(jiff::Span::new().days(days).months(months)).unwrap().to_string()
}

async fn active(b: &Browser) -> Value {
    b.js(ACTIVE, vec![]).await
}

/// Asserts the property page shows the rooms for `checkin` to `checkout`.
async fn on_property_with(b: &Browser, property: &str, checkin: &str, checkout: &str) {
    b.wait_js(&format!("location.pathname === '/properties/{property}'")).await;
    let path = b.path().await;
    assert!(path.contains(&format!("checkin={checkin}&checkout={checkout}")), "{path}");
    assert_eq!(b.find("#checkin").await.prop("value").await.unwrap().as_deref(), Some(checkin));
    assert_eq!(b.find("#checkout").await.prop("value").await.unwrap().as_deref(), Some(checkout));
}

/// The departure step is on screen for `arrival` (swapped in place with
/// JavaScript), with the arrival marked.
async fn in_departure_step(b: &Browser, arrival: &str) {
    b.wait_js(&format!(
        "!!document.querySelector('#calendar[data-step=departure] td.day-arrival[data-date=\"{arrival}\"]')"
    ))
    .await;
    b.settle().await;
    assert!(b.path().await.contains(&format!("arrival={arrival}")), "the URL holds the arrival");
}

/// The departure to pick from `arrival`: two nights on, or the first
/// possible departure when the minimum stay is longer.
fn stay_end(arrival: &str, first_departure: &str) -> String {
    plus(arrival, 2, 0).max(first_departure.to_owned())
}

/// In the departure step, by keyboard: the focus is on the first possible
/// departure and the live region says the step in the page's language; arrow
/// keys (across the month's end if need be) to the stay's end, Enter. Returns
/// the departure.
async fn departure_by_keyboard(b: &Browser, arrival: &str) -> String {
    in_departure_step(b, arrival).await;
    let focus = active(b).await;
    assert_eq!(focus["link"], true, "the focus is on a departure: {focus}");
    let first = focus["date"].as_str().unwrap().to_owned();
    assert!(first.as_str() > arrival, "{first} after {arrival}");
    let said = b.js("return document.getElementById('calendar-live').textContent;", vec![]).await;
    let caption = b.js("return document.getElementById('calendar-caption').textContent;", vec![]).await;
    assert!(said.as_str().is_some_and(|s| !s.is_empty()) && said == caption, "announced: {said}");
    let departure = stay_end(arrival, &first);
    for _ in 0..5 {
        if active(b).await["date"] == departure {
            break;
        }
        b.press(Key::Right).await;
        b.settle().await;
    }
    let focus = active(b).await;
    assert_eq!((focus["date"].as_str(), focus["link"].as_bool()), (Some(&*departure), Some(true)), "{focus}");
    b.press(Key::Enter).await;
    departure
}

/// In the departure step, by links: the first departure link's day (or two
/// nights on), in this month or the next (its link keeps the arrival).
async fn departure_by_links(b: &Browser, arrival: &str) -> String {
    in_departure_step(b, arrival).await;
    let first = b.find("td.day-departure").await.attr("data-date").await.unwrap().unwrap();
    let departure = stay_end(arrival, &first);
    let cell = format!("td[data-date='{departure}'] a");
    if b.js(&format!("return !!document.querySelector(\"{cell}\");"), vec![]).await != true {
        b.follow_by_keyboard("[data-calendar-next]").await;
        b.wait_js(&format!("location.search.includes('arrival={arrival}') && !!document.querySelector(\"{cell}\")"))
            .await;
    }
    b.follow_by_keyboard(&cell).await;
    departure
}

/// Tabs from the top of the page into the grid: one Tab stop for the whole
/// grid. Returns the day that has the focus.
async fn tab_into_grid(b: &Browser) -> String {
    let mut stops = 0;
    while active(b).await == Value::Null {
        b.press(Key::Tab).await;
        stops += 1;
        assert!(stops < 40, "Tab never reached the grid");
    }
    active(b).await["date"].as_str().unwrap().to_owned()
}

/// PageDown from the focused day to the same day of the next month, loaded in
/// place by htmx, the URL following.
async fn page_down(b: &Browser, from: &str) {
    b.mark_document().await;
    b.press(Key::PageDown).await;
    let expected = plus(from, 0, 1);
    b.wait_js(&format!("document.activeElement.closest('td[data-date=\"{expected}\"]')")).await;
    assert!(b.same_document().await, "PageDown loads the next month in place");
    assert!(b.path().await.contains(&format!("month={}", &expected[..7])), "the URL follows the month");
}

/// ArrowRight until a day that can be an arrival; returns it, focused on its link.
async fn right_to_bookable(b: &Browser) -> String {
    for _ in 0..20 {
        if active(b).await["link"] == true {
            break;
        }
        b.press(Key::Right).await;
        b.settle().await;
    }
    let focus = active(b).await;
    assert_eq!(focus["link"], true, "a bookable day within 20 days: {focus}");
    focus["date"].as_str().unwrap().to_owned()
}

async fn pick_by_keyboard(host: &'static str) {
    let property = property_of(host);
    let mut b = Browser::start(&format!("calendar_keyboard_{host}"), host, Options::js()).await;
    b.goto(&format!("/properties/{property}/calendar?nights=2")).await;
    b.step("calendar").await;

    let start = tab_into_grid(&b).await;
    b.press(Key::Right).await;
    b.settle().await;
    assert_eq!(active(&b).await["date"], plus(&start, 1, 0), "ArrowRight: the next day");
    b.press(Key::Down).await;
    b.settle().await;
    let here = active(&b).await["date"].as_str().unwrap().to_owned();
    assert_eq!(here, plus(&start, 8, 0), "ArrowDown: a week later");
    b.press(Key::Up).await;
    b.settle().await;
    let here = active(&b).await["date"].as_str().unwrap().to_owned();

    page_down(&b, &here).await;
    b.step("next-month").await;

    let arrival = right_to_bookable(&b).await;
    b.mark_document().await;
    b.press(Key::Enter).await;
    in_departure_step(&b, &arrival).await;
    assert!(b.same_document().await, "the departure step is swapped in place");
    b.step("departure").await;

    // The way back: Shift+Tab from the grid to "choose another arrival", Enter; the focus is back on the arrival.
    b.shift_tab().await;
    let back = b.js("return document.activeElement.hasAttribute('data-calendar-step');", vec![]).await;
    assert_eq!(back, true, "Shift+Tab reaches the way back");
    b.press(Key::Enter).await;
    b.wait_js("!!document.querySelector('#calendar[data-step=arrival]')").await;
    b.settle().await;
    assert_eq!(active(&b).await["date"], arrival, "back on the arrival day");
    assert!(!b.path().await.contains("arrival="));
    b.press(Key::Enter).await;

    let departure = departure_by_keyboard(&b, &arrival).await;
    on_property_with(&b, property, &arrival, &departure).await;
    b.step("property").await;
    b.finish().await;
}

async fn pick_by_links(host: &'static str) {
    let property = property_of(host);
    let mut b = Browser::start(&format!("calendar_links_{host}"), host, Options::no_js()).await;
    b.goto(&format!("/properties/{property}")).await;
    b.click("a[href^='/properties/'][href*='/calendar?']").await;
    b.find("table[role=grid]").await;
    b.goto(&format!("/properties/{property}/calendar?nights=2")).await;
    b.step("calendar").await;
    b.click("[data-calendar-next]").await;
    b.wait_js("!!document.querySelector('[data-calendar-previous]')").await;
    b.step("next-month").await;
    let day = b.find("td.day-bookable").await;
    let arrival = day.attr("data-date").await.unwrap().unwrap();
    b.click(&format!("td[data-date='{arrival}'] a")).await;
    in_departure_step(&b, &arrival).await;
    b.step("departure").await;
    b.click("[data-calendar-step]").await;
    b.wait_js("!!document.querySelector('#calendar[data-step=arrival]')").await;
    b.click(&format!("td[data-date='{arrival}'] a")).await;
    let departure = departure_by_links(&b, &arrival).await;
    on_property_with(&b, property, &arrival, &departure).await;
    b.step("property").await;
    b.finish().await;
}

#[tokio::test]
async fn calendar_arrival_then_departure_picked_by_keyboard_aurora() {
    pick_by_keyboard(AURORA).await;
}

#[tokio::test]
async fn calendar_arrival_then_departure_picked_by_keyboard_kestrel() {
    pick_by_keyboard(KESTREL).await;
}

#[tokio::test]
async fn calendar_arrival_then_departure_picked_by_links_without_javascript_aurora() {
    pick_by_links(AURORA).await;
}

#[tokio::test]
async fn calendar_arrival_then_departure_picked_by_links_without_javascript_kestrel() {
    pick_by_links(KESTREL).await;
}

/// Picks an arrival in next month's grid, then its departure, by keyboard:
/// with JavaScript the grid's keys (Tab, PageDown, arrows, Enter); without it
/// the month link and the days' links, each followed with the focus and Enter. Returns the stay's arrival and departure.
async fn pick_next_month(b: &mut Browser, shot: &str) -> (String, String) {
    if b.options.javascript {
        let start = tab_into_grid(b).await;
        page_down(b, &start).await;
        b.step(shot).await;
        let arrival = right_to_bookable(b).await;
        b.press(Key::Enter).await;
        in_departure_step(b, &arrival).await;
        b.step(&format!("{shot}-departure")).await;
        let departure = departure_by_keyboard(b, &arrival).await;
        (arrival, departure)
    } else {
        b.follow_by_keyboard("[data-calendar-next]").await;
        b.wait_js("!!document.querySelector('[data-calendar-previous]')").await;
        b.step(shot).await;
        let arrival = b.find("td.day-bookable").await.attr("data-date").await.unwrap().unwrap();
        b.follow_by_keyboard(&format!("td[data-date='{arrival}'] a")).await;
        in_departure_step(b, &arrival).await;
        b.step(&format!("{shot}-departure")).await;
        let departure = departure_by_links(b, &arrival).await;
        (arrival, departure)
    }
}

/// In each language: the landing's link to the calendar across hotels, two
/// nights, an arrival picked, the search for that stay; then a result's own
/// calendar, an arrival picked, the hotel's rooms for it.
async fn both_calendars_in_every_language(test: &str, host: &'static str, options: Options) {
    let mut b = Browser::start(test, host, options).await;
    for lang in ["fr", "de", "pt", "en"] {
        b.goto(&format!("/?lang={lang}")).await;
        b.click("#search-panel a[href^='/calendar?']").await;
        b.find("table[role=grid]").await;
        assert_eq!(b.js("return document.documentElement.lang;", vec![]).await, lang);
        b.fill("#nights", "2").await;
        b.press(Key::Enter).await;
        b.wait_js("location.search.includes('nights=2') && !!document.querySelector('table[role=grid]')").await;
        b.step(&format!("{lang}-all-hotels")).await;

        let (arrival, checkout) = pick_next_month(&mut b, &format!("{lang}-all-hotels-next-month")).await;
        b.wait_js("location.pathname === '/search'").await;
        b.find("#results .results-title").await;
        assert_eq!(b.find("#checkin").await.prop("value").await.unwrap().as_deref(), Some(&*arrival));
        assert_eq!(b.find("#checkout").await.prop("value").await.unwrap().as_deref(), Some(&*checkout));
        b.step(&format!("{lang}-search")).await;

        let calendar = b.find("#results a[href^='/properties/'][href*='/calendar?']").await;
        let href = calendar.attr("href").await.unwrap().unwrap();
        let property = href.trim_start_matches("/properties/").split('/').next().unwrap().to_owned();
        assert!(href.contains("nights=2"), "the result's calendar keeps the nights: {href}");
        calendar.click().await.unwrap();
        b.find("table[role=grid]").await;
        b.step(&format!("{lang}-hotel")).await;
        let (arrival, departure) = pick_next_month(&mut b, &format!("{lang}-hotel-next-month")).await;
        on_property_with(&b, &property, &arrival, &departure).await;
        b.step(&format!("{lang}-rooms")).await;
    }
    b.finish().await;
}

#[tokio::test]
async fn both_calendars_by_keyboard_in_every_language_aurora() {
    both_calendars_in_every_language("both_calendars_by_keyboard_in_every_language_aurora", AURORA, Options::js())
        .await;
}

#[tokio::test]
async fn both_calendars_by_keyboard_in_every_language_kestrel() {
    both_calendars_in_every_language("both_calendars_by_keyboard_in_every_language_kestrel", KESTREL, Options::js())
        .await;
}

#[tokio::test]
async fn both_calendars_by_keyboard_without_javascript_in_every_language_aurora() {
    both_calendars_in_every_language(
        "both_calendars_by_keyboard_without_javascript_in_every_language_aurora",
        AURORA,
        Options::no_js(),
    )
    .await;
}

#[tokio::test]
async fn both_calendars_by_keyboard_without_javascript_in_every_language_kestrel() {
    both_calendars_in_every_language(
        "both_calendars_by_keyboard_without_javascript_in_every_language_kestrel",
        KESTREL,
        Options::no_js(),
    )
    .await;
}
