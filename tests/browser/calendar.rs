//! The price calendar in a browser, for both tenants: with JavaScript a guest
//! picks an arrival by keyboard alone (Tab into the grid, arrow keys, PageDown
//! to the next month, Enter) and lands on the property with the dates filled
//! in; without it the month links and day links do the same. axe on each step.

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

/// Asserts the property page shows the rooms for `checkin` and two nights.
async fn on_property_with(b: &Browser, property: &str, checkin: &str) {
    let checkout = plus(checkin, 2, 0);
    b.wait_js(&format!("location.pathname === '/properties/{property}'")).await;
    let path = b.path().await;
    assert!(path.contains(&format!("checkin={checkin}&checkout={checkout}")), "{path}");
    assert_eq!(b.find("#checkin").await.prop("value").await.unwrap().as_deref(), Some(checkin));
    assert_eq!(b.find("#checkout").await.prop("value").await.unwrap().as_deref(), Some(&*checkout));
}

async fn pick_by_keyboard(host: &'static str) {
    let property = property_of(host);
    let mut b = Browser::start(&format!("calendar_keyboard_{host}"), host, Options::js()).await;
    b.goto(&format!("/properties/{property}/calendar?nights=2")).await;
    b.step("calendar").await;

    // One Tab stop for the whole grid.
    let mut stops = 0;
    while active(&b).await == Value::Null {
        b.press(Key::Tab).await;
        stops += 1;
        assert!(stops < 40, "Tab never reached the grid");
    }
    let start = active(&b).await["date"].as_str().unwrap().to_owned();

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

    b.mark_document().await;
    b.press(Key::PageDown).await;
    let expected = plus(&here, 0, 1);
    b.wait_js(&format!("document.activeElement.closest('td[data-date=\"{expected}\"]')")).await;
    assert!(b.same_document().await, "PageDown loads the next month in place");
    assert!(b.path().await.contains(&format!("month={}", &expected[..7])), "the URL follows the month");
    b.step("next-month").await;

    // Right until a day that can be an arrival, then Enter.
    for _ in 0..20 {
        if active(&b).await["link"] == true {
            break;
        }
        b.press(Key::Right).await;
        b.settle().await;
    }
    let focus = active(&b).await;
    assert_eq!(focus["link"], true, "a bookable day within 20 days: {focus}");
    let arrival = focus["date"].as_str().unwrap().to_owned();
    b.press(Key::Enter).await;
    on_property_with(&b, property, &arrival).await;
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
    on_property_with(&b, property, &arrival).await;
    b.step("property").await;
    b.finish().await;
}

#[tokio::test]
async fn calendar_arrival_picked_by_keyboard_aurora() {
    pick_by_keyboard(AURORA).await;
}

#[tokio::test]
async fn calendar_arrival_picked_by_keyboard_kestrel() {
    pick_by_keyboard(KESTREL).await;
}

#[tokio::test]
async fn calendar_arrival_picked_by_links_without_javascript_aurora() {
    pick_by_links(AURORA).await;
}

#[tokio::test]
async fn calendar_arrival_picked_by_links_without_javascript_kestrel() {
    pick_by_links(KESTREL).await;
}
