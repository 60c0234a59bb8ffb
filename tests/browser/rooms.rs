//! Two rooms of different types for different parties, one with a child,
//! booked in a real browser under axe from the search form: the property page
//! goes room by room (room 1 sleeps two adults and a 7-year-old, room 2 two
//! adults), each room's choice its own room type, then details, hold and
//! payment to a confirmation that lists both rooms. On both tenants, with
//! JavaScript (each step swapped in place, focus on the step's heading) and
//! without (plain links and forms), a language each run (the four between them).

use crate::common::day;
use crate::harness::{AURORA, Browser, KESTREL, Options};
use crate::locales::pay_with;

struct Trip {
    lang: &'static str,
    property: &'static str,
    /// Room 1's room type (it sleeps three), then room 2's (a double).
    rooms: [&'static str; 2],
    checkin: String,
    checkout: String,
}

/// The form on the property page that chooses `room_type` at the flexible
/// rate for room `n`.
fn choice(n: usize, room_type: &str) -> String {
    format!(
        "form:has(input[name=r{n}_room_type][value={room_type}]):has(input[name=r{n}_rate_plan][value=flex]) button.choose-room"
    )
}

async fn book_two_room_types(b: &mut Browser, trip: &Trip) {
    let js = b.options.javascript;
    b.goto(&format!("/?lang={}", trip.lang)).await;
    if js {
        b.htmx_on_first_interaction().await;
    }
    b.fill_date("#checkin", &trip.checkin).await;
    b.fill_date("#checkout", &trip.checkout).await;
    b.fill("#r1_adults", "2").await;
    b.fill("#r1_children", "7").await;
    b.click("button[name=add_room]").await;
    b.find("#r2_adults").await;
    b.fill("#r2_adults", "2").await;
    b.click("form:has(#r2_adults) button.btn-primary[type=submit]").await;
    b.find("#results .results-title").await;
    b.click(&format!("#results a.btn-primary[href^='/properties/{}?']", trip.property)).await;

    // Room 1 of 2: only what sleeps its three guests.
    b.find("#room-step").await;
    let offered = b.js("return [...document.querySelectorAll('.room h2')].map(h => h.id);", vec![]).await;
    assert!(!offered.to_string().contains(&format!("room-{}\"", trip.rooms[1])), "room 1 sleeps three: {offered}");
    let name = |id: &str| format!("#room-{id}");
    let first = b.text(&name(trip.rooms[0])).await;
    b.step("room-1-of-2").await;
    if js {
        b.mark_document().await;
    }
    b.click(&choice(1, trip.rooms[0])).await;

    // Room 2 of 2, with room 1 so far and a way back to it.
    b.find(".rooms-chosen a").await;
    assert!(b.path().await.contains(&format!("r1_room_type={}", trip.rooms[0])), "the pick is in the link");
    if js {
        assert!(b.same_document().await, "the step is swapped in place");
        // Focus moves to the new step's heading, as a page load would announce it.
        b.wait_js("document.activeElement && document.activeElement.id === 'room-step'").await;
    }
    let so_far = b.text(".rooms-chosen").await;
    assert!(so_far.contains(&first), "{so_far} names room 1's {first}");
    let second = b.text(&name(trip.rooms[1])).await;
    b.step("room-2-of-2").await;
    b.click(&choice(2, trip.rooms[1])).await;

    b.find("#draft-panel[data-step=guest_details]").await;
    b.fill_guest_details().await;
    b.click("form.guest-form > button[type=submit]").await;
    b.find("#draft-panel[data-step=payment]").await;
    b.click("form[action$='/hold'] button[type=submit]").await;
    b.find("#hold-countdown").await;
    b.click("form[action$='/payment'] button[type=submit]").await;
    pay_with(b, "4242 4242 4242 4242").await;

    b.find("#confirmation-title").await;
    for (n, shown) in [(1, &first), (2, &second)] {
        let line = b.text(&format!("#confirmation .room-line[data-room='{n}'] .room-line-type")).await;
        assert_eq!(&line, shown, "room {n} on the confirmation");
    }
    let html_lang = b.js("return document.documentElement.lang;", vec![]).await;
    assert_eq!(html_lang, trip.lang);
    b.step("confirmation").await;
}

fn aurora(lang: &'static str) -> Trip {
    Trip { lang, property: "aurora-lisbon", rooms: ["river-king", "classic-double"], checkin: day(2), checkout: day(4) }
}

fn kestrel(lang: &'static str) -> Trip {
    Trip { lang, property: "kestrel-skye", rooms: ["lodge", "snug"], checkin: day(3), checkout: day(4) }
}

async fn run(test: &str, host: &'static str, options: Options, trip: Trip) {
    let mut b = Browser::start(test, host, options).await;
    book_two_room_types(&mut b, &trip).await;
    b.finish().await;
}

#[tokio::test]
async fn aurora_guest_books_two_room_types_with_javascript_in_english() {
    let test = "aurora_guest_books_two_room_types_with_javascript_in_english";
    run(test, AURORA, Options::js(), aurora("en")).await;
}

#[tokio::test]
async fn aurora_guest_books_two_room_types_without_javascript_in_portuguese() {
    let test = "aurora_guest_books_two_room_types_without_javascript_in_portuguese";
    run(test, AURORA, Options::no_js(), aurora("pt")).await;
}

#[tokio::test]
async fn kestrel_guest_books_two_room_types_with_javascript_in_french() {
    let test = "kestrel_guest_books_two_room_types_with_javascript_in_french";
    run(test, KESTREL, Options::js(), kestrel("fr")).await;
}

#[tokio::test]
async fn kestrel_guest_books_two_room_types_without_javascript_in_german() {
    let test = "kestrel_guest_books_two_room_types_without_javascript_in_german";
    run(test, KESTREL, Options::no_js(), kestrel("de")).await;
}
