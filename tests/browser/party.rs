//! Two rooms, each with its own party, searched and booked in a real browser
//! under axe, for both tenants, with JavaScript and without: room 1 sleeps two
//! adults and a 7-year-old, room 2 one adult. The second room is added with the
//! form's "Add a room" button, which keeps everything typed.

use crate::common::day;
use crate::harness::{AURORA, Browser, KESTREL, Options};
use crate::locales::pay_with;

/// Where and when: a stay the demo can sell at each tenant (as the funnel's).
fn trip(b: &Browser) -> (&'static str, String, String) {
    if b.host == AURORA {
        ("Aurora Lisboa Riverside", day(2), day(4))
    } else {
        ("Kestrel Lodge Isle of Skye", day(3), day(4))
    }
}

async fn book_two_rooms(b: &mut Browser) {
    let (property, checkin, checkout) = trip(b);
    b.goto("/").await;
    if b.options.javascript {
        b.htmx_on_first_interaction().await;
    }
    b.fill_date("#checkin", &checkin).await;
    b.fill_date("#checkout", &checkout).await;
    b.fill("#r1_adults", "2").await;
    b.fill("#r1_children", "7").await;
    b.click_text("Add a room").await;
    b.find("#r2_adults").await;
    assert_eq!(b.find("#r1_children").await.prop("value").await.unwrap().as_deref(), Some("7"), "room 1 kept");
    assert_eq!(b.find("#checkin").await.prop("value").await.unwrap().as_deref(), Some(checkin.as_str()));
    b.step("two-rooms-form").await;

    b.fill("#r2_adults", "1").await;
    b.click_text("Search").await;
    b.find("#results .results-title").await;
    assert!(b.path().await.contains("r2_adults=1") || b.path().await.contains("r2=1"), "{}", b.path().await);
    b.step("two-rooms-results").await;

    b.click_text(&format!("Choose a room at {property}")).await;
    b.find(".rate form button.same-for-all").await;
    b.step("two-rooms-property").await;
    b.click(".rate form button.same-for-all").await;
    b.find("#draft-panel[data-step=guest_details]").await;
    let summary = b.text("#draft-panel .summary").await;
    assert!(summary.contains("Room 1: 2 adults, 1 child") && summary.contains("Room 2: 1 adult"), "{summary}");
    b.step("two-rooms-guest").await;

    // The search gave the child's age: the details step does not ask again.
    let asked = b.js("return document.querySelector('#children_ages') !== null;", vec![]).await;
    assert_eq!(asked, serde_json::Value::Bool(false), "the children's ages are asked once, in the search");
    b.fill_guest_details().await;
    b.click_text("Continue").await;
    b.find("#draft-panel[data-step=payment]").await;
    b.click_text("Hold my room").await;
    b.find("#hold-countdown").await;
    b.click_text("Pay securely").await;
    pay_with(b, "4242 4242 4242 4242").await;
    let confirmed = b.text("#confirmation-title").await;
    assert_eq!(confirmed, "You're booked, Ada Lovelace");
    let facts = b.text("#confirmation .facts").await;
    assert!(facts.contains("Room 1: 2 adults, 1 child") && facts.contains("Room 2: 1 adult"), "{facts}");
    b.step("two-rooms-confirmation").await;
}

#[tokio::test]
async fn aurora_guest_books_two_rooms_with_javascript() {
    let mut b = Browser::start("aurora_guest_books_two_rooms_with_javascript", AURORA, Options::js()).await;
    book_two_rooms(&mut b).await;
    b.finish().await;
}

#[tokio::test]
async fn aurora_guest_books_two_rooms_without_javascript() {
    let mut b = Browser::start("aurora_guest_books_two_rooms_without_javascript", AURORA, Options::no_js()).await;
    book_two_rooms(&mut b).await;
    b.finish().await;
}

#[tokio::test]
async fn kestrel_guest_books_two_rooms_with_javascript() {
    let mut b = Browser::start("kestrel_guest_books_two_rooms_with_javascript", KESTREL, Options::js()).await;
    book_two_rooms(&mut b).await;
    b.finish().await;
}

#[tokio::test]
async fn kestrel_guest_books_two_rooms_without_javascript() {
    let mut b = Browser::start("kestrel_guest_books_two_rooms_without_javascript", KESTREL, Options::no_js()).await;
    book_two_rooms(&mut b).await;
    b.finish().await;
}
