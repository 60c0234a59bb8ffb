//! A room type and rate per room (issue 19), through the real server and the
//! demo platform: the app's `rooms: [{adults, children, roomTypeId,
//! ratePlanId}]`, one quote with a line per room adding up to its total, one
//! hold for every room or none, and a booking that carries every room; a hold
//! whose answer is lost after it landed is read back by its key, and a room
//! sold between quote and hold is named to the guest, who keeps their details.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::common::{Guest, TestApp, day};

const AURORA: &str = "aurora.localhost";

/// Room 1: two adults and a 7-year-old; room 2: two adults; each its own
/// room type and rate.
fn two_rooms(room2: &str, rate2: &str) -> Value {
    json!({
        "property": "aurora-lisbon", "checkin": day(22), "checkout": day(24),
        "rooms": [
            {"adults": 2, "children": [7], "roomTypeId": "river-king", "ratePlanId": "flex"},
            {"adults": 2, "children": [], "roomTypeId": room2, "ratePlanId": rate2}
        ]
    })
}

/// A JSON draft of `body` with Ada Lovelace's details (and the child's age).
async fn draft_with_details(guest: &Guest, body: &Value) -> (String, String, Value) {
    let res = guest
        .client
        .post(guest.url(AURORA, "/draft"))
        .header("accept", "application/json")
        .json(body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let tag = crate::common::header(&res, "etag");
    let draft: Value = res.json().await.unwrap();
    let path = format!("/draft/{}", draft["id"].as_str().unwrap());
    let mut details = crate::common::guest_details();
    details["children_ages"] = json!("7");
    let (draft, tag) = guest.json_step(AURORA, &format!("{path}/guest"), &tag, details).await;
    (path, tag, draft)
}

fn amount(v: &Value) -> i64 {
    v["amount"].as_i64().unwrap_or_else(|| panic!("an amount: {v}"))
}

async fn ledger(app: &TestApp) -> Value {
    app.demo_get("/__admin/ledger").await
}

fn active_holds(ledger: &Value) -> Vec<Value> {
    ledger["holds"].as_array().unwrap().iter().filter(|h| h["status"] == "active").cloned().collect()
}

async fn pay_and_return(app: &TestApp, guest: &Guest, path: &str, tag: &str) -> Value {
    let (draft, _) = guest.json_step(AURORA, &format!("{path}/payment"), tag, json!({})).await;
    let session = draft["payment"]["redirectUrl"].as_str().unwrap().rsplit('/').next().unwrap().to_owned();
    app.approve_payment(&session).await;
    let res = guest.get(AURORA, &format!("{path}/payment/return?session={session}")).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    guest.get_json(AURORA, path).await.json().await.unwrap()
}

#[tokio::test]
async fn two_rooms_of_different_types_and_rates_are_quoted_held_and_booked_room_by_room() {
    let app = TestApp::spawn().await;
    let guest = app.guest();
    let (path, tag, draft) = draft_with_details(&guest, &two_rooms("classic-double", "deposit")).await;
    let rooms = draft["rooms"].as_array().unwrap();
    assert_eq!(rooms.len(), 2, "{draft}");
    assert_eq!((rooms[0]["roomTypeId"].as_str(), rooms[0]["ratePlanId"].as_str()), (Some("river-king"), Some("flex")));
    assert_eq!(rooms[0]["children"], json!([7]));
    assert_eq!(
        (rooms[1]["roomTypeId"].as_str(), rooms[1]["ratePlanId"].as_str()),
        (Some("classic-double"), Some("deposit"))
    );
    let quote = &draft["quote"];
    let line_totals: Vec<i64> = rooms.iter().map(|r| r["totalAmount"].as_i64().expect("each room priced")).collect();
    assert_eq!(line_totals.iter().sum::<i64>(), amount(&quote["total"]), "the lines add up to the total");
    // Room 1 is paid in full now; room 2 is a 30 % deposit, rounded down.
    let due_now = amount(&quote["payment"]["dueNow"]);
    assert_eq!(due_now, line_totals[0] + line_totals[1] * 30 / 100, "{quote}");
    assert_eq!(due_now + amount(&quote["payment"]["dueAtHotel"]), amount(&quote["total"]));

    let (held, tag) = guest.json_step(AURORA, &format!("{path}/hold"), &tag, json!({})).await;
    assert_eq!(held["state"], "held");
    let holds = active_holds(&ledger(&app).await);
    assert_eq!(holds.len(), 1, "one hold for both rooms");
    let lines: Vec<&str> =
        holds[0]["lines"].as_array().unwrap().iter().map(|l| l["roomTypeId"].as_str().unwrap()).collect();
    assert_eq!(lines, ["river-king", "classic-double"]);

    let done = pay_and_return(&app, &guest, &path, &tag).await;
    assert_eq!(done["state"], "confirmed", "{done}");
    let reference = done["bookingRef"].as_str().unwrap();
    let booking = ledger(&app).await["bookings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["reference"] == reference)
        .cloned()
        .unwrap();
    assert_eq!(booking["lines"].as_array().map(Vec::len), Some(2), "the booking carries every room: {booking}");

    let view: Value = guest.get_json(AURORA, &format!("/confirmation/{reference}")).await.json().await.unwrap();
    let rooms = view["roomLines"].as_array().unwrap();
    assert_eq!(rooms.len(), 2, "{view}");
    assert_eq!(rooms[0]["roomTypeId"], "river-king");
    assert_eq!(rooms[1]["roomTypeId"], "classic-double");
    assert!(rooms.iter().all(|r| !r["totalDisplay"].as_str().unwrap_or("").is_empty()), "{view}");
    let html = guest.get(AURORA, &format!("/confirmation/{reference}")).await.text().await.unwrap();
    assert!(html.contains("Room 1: 2 adults, 1 child") && html.contains("Room 2: 2 adults"), "{html}");
}

#[tokio::test]
async fn the_old_body_books_the_same_room_and_rate_for_every_room() {
    let app = TestApp::spawn().await;
    let body = json!({
        "property": "aurora-lisbon", "room_type": "classic-double", "rate_plan": "flex",
        "checkin": day(22), "checkout": day(24), "rooms": [{"adults": 2}, {"adults": 1}]
    });
    let (_, _, draft) = app.guest().json_draft_with_details(AURORA, &body).await;
    let rooms = draft["rooms"].as_array().unwrap();
    assert!(rooms.iter().all(|r| r["roomTypeId"] == "classic-double" && r["ratePlanId"] == "flex"), "{draft}");
    assert!(rooms.iter().all(|r| r["totalAmount"].is_null()), "priced together: {draft}");
}

#[tokio::test]
async fn a_room_its_party_does_not_fit_is_a_problem_at_that_room() {
    let app = TestApp::spawn().await;
    let mut body = two_rooms("classic-double", "deposit");
    body["rooms"][0]["roomTypeId"] = json!("classic-double"); // sleeps two: not three
    let res = app
        .guest()
        .client
        .post(app.url(AURORA, "/draft"))
        .header("accept", "application/json")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem: Value = res.json().await.unwrap();
    assert!(problem["errors"]["r1_room_type"].as_str().is_some_and(|m| m.contains("Room 1")), "{problem}");
}

#[tokio::test]
async fn a_room_sold_between_quote_and_hold_holds_nothing_and_is_named() {
    let app = TestApp::spawn().await;
    let guest = app.guest();
    let (path, tag, _) = draft_with_details(&guest, &two_rooms("rooftop-loft", "flex")).await;
    // A rival takes the loft's only unit through the platform itself.
    let demo = reqwest::Client::new();
    let quote: Value = demo
        .post(format!("{}/v1/quotes", app.demo_url))
        .json(&json!({"propertyId": "aurora-lisbon", "roomTypeId": "rooftop-loft", "ratePlanId": "flex",
                      "checkin": day(22), "checkout": day(24), "adults": 2, "rooms": 1}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let rival = demo
        .post(format!("{}/v1/holds", app.demo_url))
        .header("idempotency-key", "rival-1")
        .json(&json!({"quoteId": quote["id"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(rival.status(), StatusCode::CREATED);

    let (draft, _, status) = guest.json_post(AURORA, &format!("{path}/hold"), &tag, json!({})).await;
    assert_eq!(status, StatusCode::CONFLICT, "{draft}");
    assert_eq!(draft["state"], "details", "the guest stays where they were");
    assert!(draft["notice"].as_str().is_some_and(|n| n.contains("room 2")), "{draft}");
    assert_eq!(draft["guest"]["firstName"], "Ada", "their details are kept");
    let holds = active_holds(&ledger(&app).await);
    assert_eq!(holds.len(), 1, "only the rival's hold: nothing of ours: {holds:?}");
    assert_eq!(holds[0]["roomTypeId"], "rooftop-loft");
}

#[tokio::test]
async fn a_two_room_hold_that_times_out_after_landing_is_read_back_and_kept() {
    let app = TestApp::spawn_with(|s| s.upstream_timeout = Duration::from_millis(600)).await;
    let guest = app.guest();
    let (path, tag, _) = draft_with_details(&guest, &two_rooms("classic-double", "flex")).await;
    app.fault(json!({"upstream": "reservations", "latencyAfterMs": 1500, "times": 1})).await;
    let (held, _, status) = guest.json_post(AURORA, &format!("{path}/hold"), &tag, json!({})).await;
    assert_eq!(status, StatusCode::OK, "{held}");
    assert_eq!(held["state"], "held");
    let holds = active_holds(&ledger(&app).await);
    assert_eq!(holds.len(), 1, "the hold that landed, and no second one: {holds:?}");
    assert_eq!(holds[0]["lines"].as_array().map(Vec::len), Some(2));
    let seen = app.demo_get("/__admin/seen").await;
    let lookups = seen.as_array().unwrap().iter().filter(|c| c["method"] == "GET" && c["path"] == "/v1/holds").count();
    assert_eq!(lookups, 1, "read back by its key: {seen}");
}

#[tokio::test]
async fn two_rooms_of_different_rates_with_two_extras_add_up_and_book() {
    let app = TestApp::spawn().await;
    let guest = app.guest();
    let (path, tag, draft) = draft_with_details(&guest, &two_rooms("classic-double", "deposit")).await;
    let offered: Vec<&str> =
        draft["quote"]["extrasOffered"].as_array().unwrap().iter().map(|e| e["id"].as_str().unwrap()).collect();
    assert!(
        offered.contains(&"breakfast") && offered.contains(&"parking"),
        "extras are offered room by room: {offered:?}"
    );

    let (draft, tag) =
        guest.json_step(AURORA, &format!("{path}/extras"), &tag, json!({"extras": ["breakfast", "parking"]})).await;
    let quote = &draft["quote"];
    let lines: Vec<i64> =
        draft["rooms"].as_array().unwrap().iter().map(|r| r["totalAmount"].as_i64().unwrap()).collect();
    let rooms: i64 = lines.iter().sum();
    let extras = amount(&quote["extrasTotal"]);
    assert!(extras > 0, "{quote}");
    assert_eq!(rooms + extras, amount(&quote["total"]), "rooms and extras add up to the total to the minor unit");
    let (now, later) = (amount(&quote["payment"]["dueNow"]), amount(&quote["payment"]["dueAtHotel"]));
    assert_eq!(now + later, amount(&quote["total"]));
    // Room 1 (flex) is paid in full now, room 2 a 30 % deposit.
    let rooms_now = lines[0] + lines[1] * 30 / 100;
    assert!(
        (rooms_now..=rooms_now + extras).contains(&now),
        "the rooms' own due now, and a share of the extras: {quote}"
    );

    let (_, tag) = guest.json_step(AURORA, &format!("{path}/guest"), &tag, crate::common::guest_details()).await;
    let (held, tag) = guest.json_step(AURORA, &format!("{path}/hold"), &tag, json!({})).await;
    assert_eq!(held["state"], "held");
    let done = pay_and_return(&app, &guest, &path, &tag).await;
    assert_eq!(done["state"], "confirmed", "{done}");
    let reference = done["bookingRef"].as_str().unwrap();
    let view: Value = guest.get_json(AURORA, &format!("/confirmation/{reference}")).await.json().await.unwrap();
    assert_eq!(
        (view["roomLines"].as_array().map(Vec::len), view["extras"].as_array().map(Vec::len)),
        (Some(2), Some(2))
    );
}

/// The property page of a stay of two rooms: room 1 (two adults and a
/// 7-year-old), then room 2 (two adults).
fn two_room_property(extra: &str) -> String {
    format!("/properties/aurora-lisbon?checkin={}&checkout={}&rooms=2&r1=2,7&r2=2{extra}", day(22), day(24))
}

fn room_ids(view: &Value) -> Vec<&str> {
    view["rooms"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect()
}

#[tokio::test]
async fn the_property_json_offers_room_one_what_fits_its_party_and_each_rate_for_all_rooms_where_it_fits() {
    let app = TestApp::spawn().await;
    let guest = app.guest();
    let view: Value = guest.get_json(AURORA, &two_room_property("")).await.json().await.unwrap();
    let step = &view["roomStep"];
    assert_eq!((step["number"].as_u64(), step["count"].as_u64()), (Some(1), Some(2)), "{view}");
    assert_eq!(step["party"], json!({"adults": 2, "children": [7]}));
    assert_eq!(step["chosen"], json!([]));
    let ids = room_ids(&view);
    assert!(ids.contains(&"river-king") && !ids.contains(&"classic-double"), "only rooms for three: {ids:?}");
    let river = view["rooms"].as_array().unwrap().iter().find(|r| r["id"] == "river-king").unwrap();
    let flex = river["rates"].as_array().unwrap().iter().find(|r| r["id"] == "flex").unwrap();
    assert!(amount(&flex["allRoomsTotal"]) > amount(&flex["total"]), "two rooms cost more than one: {flex}");
}

#[tokio::test]
async fn room_ones_choice_in_the_link_moves_the_json_to_room_two_with_room_one_chosen() {
    let app = TestApp::spawn().await;
    let guest = app.guest();
    let link = two_room_property("&r1_room_type=river-king&r1_rate_plan=flex");
    let view: Value = guest.get_json(AURORA, &link).await.json().await.unwrap();
    let step = &view["roomStep"];
    assert_eq!(step["number"], 2, "{view}");
    assert_eq!(step["party"], json!({"adults": 2, "children": []}));
    let chosen = &step["chosen"][0];
    assert_eq!((chosen["roomTypeId"].as_str(), chosen["ratePlanId"].as_str()), (Some("river-king"), Some("flex")));
    assert_eq!(chosen["party"], json!({"adults": 2, "children": [7]}));
    assert!(room_ids(&view).contains(&"classic-double"), "room 2's party fits a double: {view}");
    assert!(view["rooms"][0]["rates"][0]["allRoomsTotal"].is_null(), "no all-rooms choice past room 1");

    let change = chosen["changeUrl"].as_str().unwrap();
    let back: Value = guest.get_json(AURORA, change).await.json().await.unwrap();
    assert_eq!(back["roomStep"]["number"], 1, "changing room 1 goes back to its step: {back}");
}

#[tokio::test]
async fn a_pick_in_the_link_that_does_not_fit_its_room_leaves_the_guest_choosing_that_room() {
    let app = TestApp::spawn().await;
    let guest = app.guest();
    let link = two_room_property("&r1_room_type=classic-double&r1_rate_plan=flex");
    let view: Value = guest.get_json(AURORA, &link).await.json().await.unwrap();
    assert_eq!(view["roomStep"]["number"], 1, "a double does not sleep three: {view}");
    assert_eq!(view["roomStep"]["chosen"], json!([]));
}

#[tokio::test]
async fn the_last_rooms_fragment_shows_the_rooms_so_far_and_posts_every_pick_to_start_the_draft() {
    let app = TestApp::spawn().await;
    let guest = app.guest();
    let first = guest.get_fragment(AURORA, &two_room_property("")).await.text().await.unwrap();
    assert!(first.contains("Room 1 of 2: choose its room and rate") && first.contains("For 2 adults, 1 child"));
    assert!(first.contains("Book this for all 2 rooms") && first.contains("Choose for room 1"), "{first}");
    assert!(first.contains(r#"hx-get="/properties/aurora-lisbon""#), "room 1's choice stays on the page");

    let link = two_room_property("&r1_room_type=river-king&r1_rate_plan=flex");
    let res = guest.get_fragment(AURORA, &link).await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    let sent = guest
        .client
        .get(guest.url(AURORA, &link))
        .header("hx-request", "true")
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(crate::common::header(&sent, "content-encoding"), "gzip");
    let sent = sent.bytes().await.unwrap().len();
    assert!(sent < 8 * 1024, "the step's fragment goes in under 8 KB: {sent} bytes");
    assert!(html.contains("Your rooms so far") && html.contains("Change room 1"), "{html}");
    assert!(
        html.contains("Room 2 of 2: choose its room and rate")
            && html.contains(r#"id="room-step" tabindex="-1" data-focus-after-swap"#),
        "{html}"
    );
    assert!(!html.contains("Book this for all"), "{html}");
    let form_at = html.find(r#"name="r2_room_type" value="classic-double""#).expect("room 2 can choose a double");
    let form = &html[html[..form_at].rfind("<form").unwrap()..form_at];
    assert!(form.contains(r#"action="/draft" method="post""#), "{form}");
    assert!(form.contains(r#"name="r1_room_type" value="river-king""#) && form.contains(r#"name="r1" value="2,7""#));

    // Posting that form as a browser would starts a draft with both rooms.
    let csrf = html.split("name=\"_csrf\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let form: Vec<(&str, String)> = vec![
        ("_csrf", csrf),
        ("property", "aurora-lisbon".into()),
        ("checkin", day(22)),
        ("checkout", day(24)),
        ("rooms", "2".into()),
        ("r1", "2,7".into()),
        ("r2", "2".into()),
        ("r1_room_type", "river-king".into()),
        ("r1_rate_plan", "flex".into()),
        ("r2_room_type", "classic-double".into()),
        ("r2_rate_plan", "flex".into()),
    ];
    let res = guest.client.post(guest.url(AURORA, "/draft")).form(&form).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let path = crate::common::header(&res, "location");
    let draft: Value = guest.get_json(AURORA, &path).await.json().await.unwrap();
    let types: Vec<&str> =
        draft["rooms"].as_array().unwrap().iter().map(|r| r["roomTypeId"].as_str().unwrap()).collect();
    assert_eq!(types, ["river-king", "classic-double"], "{draft}");
}

#[tokio::test]
async fn the_manage_pages_change_form_asks_each_rooms_party_and_each_room_keeps_its_type() {
    let app = TestApp::spawn().await;
    let guest = app.guest();
    let (path, tag, _) = draft_with_details(&guest, &two_rooms("classic-double", "flex")).await;
    let (_, tag) = guest.json_step(AURORA, &format!("{path}/hold"), &tag, json!({})).await;
    let done = pay_and_return(&app, &guest, &path, &tag).await;
    let reference = done["bookingRef"].as_str().unwrap();
    let view: Value = guest.get_json(AURORA, &format!("/confirmation/{reference}")).await.json().await.unwrap();
    let link = view["manageUrl"].as_str().unwrap().to_owned();

    let html = guest.get(AURORA, &link).await.text().await.unwrap();
    for field in [
        r#"id="change-r1_adults" name="r1_adults""#,
        r#"name="r1_children" inputmode="numeric" autocomplete="off" value="7""#,
        r#"id="change-r2_adults""#,
    ] {
        assert!(html.contains(field), "{field} in the change form:\n{html}");
    }
    assert!(!html.contains(r#"id="change-adults""#), "no party split evenly any more");

    let csrf = html.split("name=\"_csrf\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let token = link.trim_start_matches("/manage?t=").to_owned();
    let form = [
        ("_csrf", csrf),
        ("t", token),
        ("checkin", day(22)),
        ("checkout", day(24)),
        ("rooms", "2".into()),
        ("r1_adults", "2".into()),
        ("r1_children", "7".into()),
        ("r2_adults", "1".into()),
        ("r2_children", String::new()),
    ];
    let res = guest.client.post(guest.url(AURORA, "/manage/change")).form(&form).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let change = crate::common::location(&res);
    let draft: Value = guest.get_json(AURORA, &change).await.json().await.unwrap();
    let rooms = draft["rooms"].as_array().unwrap();
    let types: Vec<&str> = rooms.iter().map(|r| r["roomTypeId"].as_str().unwrap()).collect();
    assert_eq!(types, ["river-king", "classic-double"], "each room keeps its type: {draft}");
    assert_eq!((rooms[0]["children"].clone(), rooms[1]["adults"].clone()), (json!([7]), json!(1)), "{draft}");
}

#[tokio::test]
async fn the_manage_page_and_the_email_list_each_room_with_its_type_and_rate() {
    let mail_dir = std::env::temp_dir().join(format!("bff-rooms-mail-{}", rand::random::<u64>()));
    std::fs::create_dir_all(&mail_dir).unwrap();
    let dir = mail_dir.clone();
    let app = TestApp::spawn_with(move |s| {
        s.mail_dir = dir;
        s.mail_poll = Duration::from_millis(100);
    })
    .await;
    let guest = app.guest();
    let (path, tag, _) = draft_with_details(&guest, &two_rooms("classic-double", "deposit")).await;
    let (_, tag) = guest.json_step(AURORA, &format!("{path}/hold"), &tag, json!({})).await;
    let (pending, _) = guest.json_step(AURORA, &format!("{path}/payment"), &tag, json!({})).await;
    let redirect = pending["payment"]["redirectUrl"].as_str().unwrap().to_owned();
    let page = reqwest::get(&redirect).await.unwrap().text().await.unwrap();
    assert!(page.contains("2 rooms") && !page.contains("River King"), "the hosted page names the rooms: {page}");
    app.approve_payment(redirect.rsplit('/').next().unwrap()).await;
    let res = guest.get(AURORA, &format!("{path}/payment/return")).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let done: Value = guest.get_json(AURORA, &path).await.json().await.unwrap();
    let reference = done["bookingRef"].as_str().expect("booked").to_owned();
    let view: Value = guest.get_json(AURORA, &format!("/confirmation/{reference}")).await.json().await.unwrap();
    let link = view["manageUrl"].as_str().unwrap();

    let manage: Value = guest.get_json(AURORA, link).await.json().await.unwrap();
    let lines = manage["roomLines"].as_array().expect("each room");
    let types: Vec<&str> = lines.iter().map(|l| l["roomTypeId"].as_str().unwrap()).collect();
    assert_eq!(types, ["river-king", "classic-double"], "{manage}");
    let html = guest.get(AURORA, link).await.text().await.unwrap();
    assert!(html.contains("Room 1: 2 adults, 1 child") && html.contains("Room 2: 2 adults"), "{html}");
    assert!(html.contains(r#"class="room-lines""#), "{html}");

    let start = std::time::Instant::now();
    let mail = loop {
        let found = std::fs::read_dir(&mail_dir)
            .unwrap()
            .filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok())
            .find(|m| m.contains("Subject: Booking confirmed") && m.contains(&reference));
        if let Some(found) = found {
            break found;
        }
        assert!(start.elapsed() < Duration::from_secs(15), "a confirmation e-mail in MAIL_DIR");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let room_lines: Vec<&str> = mail.lines().filter(|l| l.starts_with("Room 1:") || l.starts_with("Room 2:")).collect();
    assert_eq!(room_lines.len(), 2, "each room on its own line of the text part: {mail}");
    assert!(room_lines[0].contains("2 adults, 1 child") && room_lines[1].contains("2 adults"), "{room_lines:?}");
}

#[tokio::test]
async fn a_room_type_whose_units_the_earlier_rooms_took_is_not_offered_to_the_next_room() {
    let app = TestApp::spawn().await;
    // Three rooms for two adults each; the Lisbon family suite has two units.
    let stay = format!("checkin={}&checkout={}&rooms=3&r1=2&r2=2&r3=2", day(26), day(28));
    let rooms_of = |view: &Value| -> Vec<(String, u64)> {
        view["rooms"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| (r["id"].as_str().unwrap().to_owned(), r["unitsLeft"].as_u64().unwrap()))
            .collect()
    };
    let suite = "family-suite";
    let first: Value =
        app.guest().get_json(AURORA, &format!("/properties/aurora-lisbon?{stay}")).await.json().await.unwrap();
    let units = rooms_of(&first).into_iter().find(|(id, _)| id == suite).expect("the suite for room 1").1;
    assert_eq!(units, 2, "{first}");

    let one = format!("/properties/aurora-lisbon?{stay}&r1_room_type={suite}&r1_rate_plan=flex");
    let second: Value = app.guest().get_json(AURORA, &one).await.json().await.unwrap();
    assert_eq!(second["roomStep"]["number"], 2, "{second}");
    assert!(rooms_of(&second).contains(&(suite.to_owned(), 1)), "one suite left for room 2: {second}");

    let two = format!("{one}&r2_room_type={suite}&r2_rate_plan=flex");
    let third: Value = app.guest().get_json(AURORA, &two).await.json().await.unwrap();
    assert_eq!(third["roomStep"]["number"], 3, "{third}");
    let offered = rooms_of(&third);
    assert!(!offered.is_empty() && offered.iter().all(|(id, _)| id != suite), "both suites taken: {third}");
}
