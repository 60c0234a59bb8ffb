//! A guest who uses only the keyboard books a room: Tab, Shift+Tab, Enter and
//! Space to move and operate, typing to fill fields, no clicks. Every stop of
//! the focus must be visible (`:focus-visible` with an outline), and after each
//! htmx swap the focus must land somewhere sensible.

use fantoccini::key::Key;
use serde_json::{Value, json};

use crate::common::day;
use crate::harness::{AURORA, Browser, KESTREL, Options};

/// What has the focus, and whether a sighted keyboard user can see it.
const FOCUS: &str = r#"
const el = document.activeElement;
if (!el || el === document.body || el === document.documentElement) { return null; }
const cs = getComputedStyle(el);
const r = el.getBoundingClientRect();
const text = (el.getAttribute('aria-label') || el.innerText || el.value || '').trim().replace(/\s+/g, ' ').slice(0, 50);
return {
  matches: el.matches(arguments[0]),
  // A field shows its focus however it got it: a date input's focus sits in
  // its inner segments, where the input itself may match only :focus-within.
  focusVisible: el.matches(':focus-visible') || el.matches('input:focus-within, select:focus, textarea:focus'),
  outline: cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2,
  onScreen: r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0 && r.left < innerWidth,
  what: el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '') + (text ? ' "' + text + '"' : ''),
};
"#;

/// Presses Tab (or Shift+Tab) until the focus is on `target`, checking every
/// stop on the way is visible. Returns the stops.
async fn tab_to(b: &mut Browser, target: &str, backwards: bool) -> Vec<String> {
    let mut stops = Vec::new();
    for _ in 0..60 {
        if backwards {
            b.shift_tab().await;
        } else {
            b.press(Key::Tab).await;
        }
        let focus = b.js(FOCUS, vec![json!(target)]).await;
        if focus == Value::Null {
            stops.push("(nothing)".to_owned());
            continue;
        }
        let what = focus["what"].as_str().unwrap_or_default().to_owned();
        if stops.last() != Some(&what) {
            check_visible(b, &focus).await;
            stops.push(what);
        }
        if focus["matches"] == true {
            return stops;
        }
    }
    panic!("Tab never reached `{target}` on {}; the focus went: {}", b.path().await, stops.join(" → "));
}

async fn check_visible(b: &mut Browser, focus: &Value) {
    let what = focus["what"].as_str().unwrap_or_default();
    if focus["focusVisible"] != true || focus["outline"] != true {
        let path = b.path().await;
        b.problem(format!("focus not visible on {what} ({path}): {focus}"));
    }
    if focus["onScreen"] != true {
        let path = b.path().await;
        b.problem(format!("focus went to something off screen: {what} ({path})"));
    }
}

/// Asserts the focus is on `css` now (after an htmx swap or a page load).
async fn focus_is_on(b: &mut Browser, css: &str, after: &str) {
    b.settle().await;
    let focus = b.js(FOCUS, vec![json!(css)]).await;
    assert!(focus["matches"] == true, "after {after}, focus should be on `{css}`, but is on {focus}");
    check_visible(b, &focus).await;
}

async fn type_date(b: &Browser, iso: &str) {
    let keys = b.date_keys(iso).await;
    b.type_text(&keys).await;
}

async fn book_with_the_keyboard(b: &mut Browser, property_id: &str, checkin: &str, checkout: &str) {
    b.goto("/").await;
    b.htmx_on_first_interaction().await;

    // The first Tab shows the skip link; Enter skips the header.
    let stops = tab_to(b, ".skip-link", false).await;
    assert_eq!(stops.len(), 1, "the skip link is the first stop: {stops:?}");
    b.step("skip-link").await;
    b.press(Key::Enter).await;
    tab_to(b, "#checkin", false).await;
    type_date(b, checkin).await;
    tab_to(b, "#checkout", false).await;
    type_date(b, checkout).await;
    // Back to check-in and forward again: Shift+Tab walks the same way back.
    tab_to(b, "#checkin", true).await;
    tab_to(b, "#checkout", false).await;
    tab_to(b, ".search-form button[type=submit]", false).await;
    b.step("search-button").await;
    b.press(Key::Enter).await;
    b.find(".results-title").await;
    focus_is_on(b, ".results-title", "a search").await;
    b.step("results").await;

    tab_to(b, &format!("a[href^='/properties/{property_id}?']"), false).await;
    b.press(Key::Enter).await;
    b.find("#property-rooms").await;
    b.wait_js("!!window.htmx").await;
    tab_to(b, ".rate button[type=submit]", false).await;
    b.step("select-rate").await;
    b.press(Key::Space).await;

    b.find("#draft-panel[data-step=guest_details]").await;
    b.wait_js("!!window.htmx").await;
    tab_to(b, ".guest-form button[type=submit]", false).await;
    b.press(Key::Enter).await;
    b.find("#draft-panel .form-alert").await;
    focus_is_on(b, "#first_name", "details with mistakes").await;
    b.step("details-errors").await;
    b.type_text("Grace").await;
    tab_to(b, "#last_name", false).await;
    b.type_text("Hopper").await;
    tab_to(b, "#email", false).await;
    b.type_text("grace@example.com").await;
    tab_to(b, "#phone", false).await;
    b.type_text("+1 202 555 0100").await;
    tab_to(b, "#country", false).await;
    b.type_text("US").await;
    tab_to(b, "#accept_terms", false).await;
    b.press(Key::Space).await;
    tab_to(b, ".guest-form button[type=submit]", false).await;
    b.press(Key::Enter).await;

    b.find("#draft-panel[data-step=payment]").await;
    focus_is_on(b, "#draft-title", "the details").await;
    b.step("review").await;
    tab_to(b, "form[action$='/hold'] button", false).await;
    b.press(Key::Enter).await;
    b.find("#hold-countdown").await;
    focus_is_on(b, "#draft-title", "the hold").await;
    tab_to(b, "form[action$='/payment'] button", false).await;
    b.step("pay-button").await;
    b.press(Key::Enter).await;

    // The hosted payment page, by keyboard too.
    b.find("#card-number").await;
    tab_to(b, "#card-name", false).await;
    b.type_text("Grace Hopper").await;
    tab_to(b, "#card-number", false).await;
    b.type_text("4242 4242 4242 4242").await;
    tab_to(b, "#card-exp", false).await;
    b.type_text("12/30").await;
    tab_to(b, "#card-csc", false).await;
    b.type_text("123").await;
    tab_to(b, "button.pay", false).await;
    b.step("payment-page").await;
    b.press(Key::Enter).await;

    let confirmed = b.text("#confirmation-title").await;
    assert_eq!(confirmed, "You're booked, Grace Hopper");
    tab_to(b, "#confirmation a.btn", false).await;
    b.step("confirmation").await;
}

#[tokio::test]
async fn a_keyboard_only_guest_books_on_aurora() {
    let mut b = Browser::start("a_keyboard_only_guest_books_on_aurora", AURORA, Options::js()).await;
    book_with_the_keyboard(&mut b, "aurora-lisbon", &day(2), &day(4)).await;
    b.finish().await;
}

#[tokio::test]
async fn a_keyboard_only_guest_books_on_kestrel() {
    let mut b = Browser::start("a_keyboard_only_guest_books_on_kestrel", KESTREL, Options::js()).await;
    book_with_the_keyboard(&mut b, "kestrel-skye", &day(3), &day(4)).await;
    b.finish().await;
}
