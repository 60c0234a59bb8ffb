//! Extras (issue 19): offered with every quote for the stay and party, chosen
//! on the details step (JSON here; pages and htmx in tests/browser/extras.rs),
//! priced into the total with their own tax, held and booked with the room,
//! shown on the confirmation; an id that is not offered is an error at the
//! field; a date-limited extra only for a stay over its night; counted at
//! confirmation.

use jiff::civil::date;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::common::{Guest, TestApp, day, guest_details, location};

const AURORA: &str = "aurora.localhost";

fn selection(checkin: &str, checkout: &str) -> Value {
    json!({"property": "aurora-lisbon", "room_type": "river-king", "rate_plan": "flex",
           "checkin": checkin, "checkout": checkout, "adults": 2, "children": [7], "rooms": 1})
}

/// The guest details with the child's age the stay asks for.
fn details() -> Value {
    let mut details = guest_details();
    details["children_ages"] = json!("7");
    details
}

/// A JSON draft of `selection` with the guest's details: path, ETag, draft.
async fn draft_with_details(guest: &Guest, selection: &Value) -> (String, String, Value) {
    guest.json_draft_with(AURORA, selection, details()).await
}

fn ids(lines: &Value) -> Vec<&str> {
    lines.as_array().unwrap().iter().map(|l| l["id"].as_str().unwrap()).collect()
}

fn amount(v: &Value) -> i64 {
    v["amount"].as_i64().unwrap_or_else(|| panic!("an amount: {v}"))
}

/// Days from today (UTC) to the coming 31 December, and an arrival offset
/// before it that the demo calendar accepts (not closed to arrival, no
/// minimum stay beyond the three nights asked).
fn new_years_stay() -> (i64, i64) {
    let today = jiff::Timestamp::now().to_zoned(jiff::tz::TimeZone::UTC).date();
    let eve =
        if date(today.year(), 12, 31) >= today { date(today.year(), 12, 31) } else { date(today.year() + 1, 12, 31) };
    let to_eve = i64::from(today.until(eve).unwrap().get_days());
    let arrival = (to_eve.saturating_sub(2).max(1)..=to_eve).find(|d| d % 10 != 9 && d % 10 != 5).expect("an arrival");
    (arrival, to_eve + 1)
}

/// Days of a two-night stay that does not come near 31 December.
fn plain_stay() -> (String, String) {
    let (arrival, _) = new_years_stay();
    let start = if arrival > 20 { 7 } else { arrival + 30 };
    let start = (start..start + 10).find(|d| d % 10 != 9 && d % 10 != 5).unwrap();
    (day(start), day(start + 2))
}

#[tokio::test]
async fn extras_chosen_by_json_are_priced_held_booked_and_confirmed() {
    let app = TestApp::spawn().await;
    let guest = app.guest();
    let (checkin, checkout) = plain_stay();
    let (path, tag, draft) = draft_with_details(&guest, &selection(&checkin, &checkout)).await;
    let quote = &draft["quote"];
    assert_eq!(ids(&quote["extrasOffered"]), ["breakfast", "parking", "late-checkout", "airport-transfer"]);
    assert!(quote["extras"].as_array().unwrap().is_empty() && quote["extrasTotal"].is_null());
    let before = amount(&quote["total"]);
    let link = draft["links"].as_array().unwrap().iter().find(|l| l["rel"] == "choose_extras").expect("a link");
    assert_eq!(link["href"], format!("{path}/extras"));

    let (draft, tag) =
        guest.json_step(AURORA, &format!("{path}/extras"), &tag, json!({"extras": ["parking", "breakfast"]})).await;
    assert_eq!(draft["state"], "quoted", "a new price: the details are given again");
    let quote = &draft["quote"];
    let lines = quote["extras"].as_array().unwrap();
    assert_eq!(ids(&quote["extras"]), ["breakfast", "parking"], "in the hotel's order");
    let breakfast = &lines[0];
    // Two adults and a child, two nights: six guest-nights, children count.
    assert_eq!((breakfast["basis"].as_str(), breakfast["quantity"].as_i64()), (Some("per_guest_night"), Some(6)));
    assert_eq!(breakfast["units"], "3 guests × 2 nights");
    assert_eq!((lines[1]["basis"].as_str(), lines[1]["quantity"].as_i64()), (Some("per_night"), Some(2)));
    let mut sum = 0;
    for line in lines {
        assert_eq!(amount(&line["amount"]), amount(&line["unitPrice"]) * line["quantity"].as_i64().unwrap());
        assert_eq!(amount(&line["total"]), amount(&line["amount"]) + amount(&line["tax"]), "{line}");
        sum += amount(&line["total"]);
    }
    assert_eq!(amount(&quote["extrasTotal"]), sum, "the lines add up to their total");
    assert_eq!(amount(&quote["total"]), before + sum, "and the total takes them in");
    assert_eq!(amount(&quote["payment"]["dueNow"]), amount(&quote["total"]), "paid like the rate: all now");

    let (draft, tag) = guest.json_step(AURORA, &format!("{path}/guest"), &tag, details()).await;
    assert_eq!(draft["state"], "details");
    assert_eq!(ids(&draft["quote"]["extras"]), ["breakfast", "parking"], "details keep the extras");
    let (_, tag) = guest.json_step(AURORA, &format!("{path}/hold"), &tag, json!({})).await;
    let ledger = app.demo_get("/__admin/ledger").await;
    let hold = ledger["holds"].as_array().unwrap().iter().find(|h| h["status"] == "active").unwrap();
    assert_eq!(ids(&hold["extras"]), ["breakfast", "parking"], "held with the room");
    let (pending, _) = guest.json_step(AURORA, &format!("{path}/payment"), &tag, json!({})).await;
    let session = pending["payment"]["redirectUrl"].as_str().unwrap().rsplit('/').next().unwrap().to_owned();
    app.approve_payment(&session).await;
    let res = guest.get(AURORA, &format!("{path}/payment/return")).await;
    let confirmation = location(&res);
    assert!(confirmation.starts_with("/confirmation/"), "{confirmation}");

    let ledger = app.demo_get("/__admin/ledger").await;
    let reference = confirmation.trim_start_matches("/confirmation/");
    let booking = ledger["bookings"].as_array().unwrap().iter().find(|b| b["reference"] == reference).unwrap();
    assert_eq!(ids(&booking["extras"]), ["breakfast", "parking"], "the reservation records them");
    let payment = ledger["payments"].as_array().unwrap().iter().find(|p| p["id"] == session.as_str()).unwrap();
    assert_eq!(payment["amount"].as_i64(), Some(before + sum), "charged with the extras");

    let view: Value = guest.get_json(AURORA, &confirmation).await.json().await.unwrap();
    let booked = view["extras"].as_array().unwrap();
    assert_eq!(booked.len(), 2);
    assert_eq!(booked[0]["label"], "Breakfast · 3 guests × 2 nights");
    assert_eq!(booked[0]["totalAmount"], lines[0]["total"]["amount"]);
    let html = guest.get(AURORA, &format!("{confirmation}?lang=de")).await.text().await.unwrap();
    assert!(
        html.contains("Frühstück · 3 Gäste × 2 Nächte") || html.contains("Breakfast · 3 Gäste × 2 Nächte"),
        "{html}"
    );

    let metrics = app.metrics().await;
    for extra in ["breakfast", "parking"] {
        let basis = if extra == "breakfast" { "per_guest_night" } else { "per_night" };
        let series = format!(r#"extras_chosen_total{{tenant="aurora",extra="{extra}",basis="{basis}"}} 1"#);
        assert!(metrics.lines().any(|l| l == series), "{series}\n{metrics}");
    }
    assert!(!metrics.contains(r#"extra="late-checkout""#), "only what was booked");

    // A night longer from the manage page: the extras come along, priced for
    // the new stay (three nights of breakfast and parking).
    let link = view["manageUrl"].as_str().unwrap();
    let change = guest
        .client
        .post(guest.url(AURORA, "/manage/change"))
        .header("accept", "application/json")
        .json(&json!({"t": link.trim_start_matches("/manage?t="), "checkin": checkin, "checkout": day_after(&checkout),
                      "rooms": [{"adults": 2, "children": [7]}]}))
        .send()
        .await
        .unwrap();
    assert_eq!(change.status(), StatusCode::CREATED);
    let changed: Value = change.json().await.unwrap();
    let kept = &changed["quote"]["extras"];
    assert_eq!(ids(kept), ["breakfast", "parking"], "{changed}");
    assert_eq!(kept[0]["quantity"].as_i64(), Some(9), "3 guests × 3 nights");
    assert_eq!(kept[1]["quantity"].as_i64(), Some(3));
}

fn day_after(date: &str) -> String {
    let date: jiff::civil::Date = date.parse().unwrap();
    date.tomorrow().unwrap().to_string()
}

#[tokio::test]
async fn an_extra_that_is_not_offered_is_an_error_at_the_field_and_nothing_typed_is_lost() {
    let app = TestApp::spawn().await;
    let guest = app.guest();
    let (checkin, checkout) = plain_stay();
    let (path, tag, draft) = draft_with_details(&guest, &selection(&checkin, &checkout)).await;
    for bad in [json!({"extras": ["helicopter"]}), json!({"extras": ["festive-dinner"]})] {
        let (problem, _, status) = guest.json_post(AURORA, &format!("{path}/extras"), &tag, bad.clone()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        assert!(problem["errors"]["extras"].as_str().unwrap().contains("not available for your stay"), "{problem}");
    }
    let long = json!({"extras": ["x".repeat(65)]});
    let (_, _, status) = guest.json_post(AURORA, &format!("{path}/extras"), &tag, long).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "not an id at all");
    let again: Value = guest.get_json(AURORA, &path).await.json().await.unwrap();
    assert_eq!(
        (again["version"].clone(), again["quote"]["id"].clone()),
        (draft["version"].clone(), draft["quote"]["id"].clone()),
        "nothing changed"
    );

    // A form on the details step: the page again, the message at the field,
    // the typed name kept.
    let path = location(&guest.start_lisbon_draft(&checkin, &checkout).await);
    let html = guest.get(AURORA, &path).await.text().await.unwrap();
    assert!(html.contains(r#"id="extra-breakfast""#), "the details step offers the extras");
    let version = crate::common::version_in(&html);
    let csrf = html.split("name=\"_csrf\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let form = [
        ("_csrf", csrf.as_str()),
        ("version", version.as_str()),
        ("first_name", "Grace <Hopper>"),
        ("extras", ""),
        ("extras", "breakfast"),
        ("extras", "helicopter"),
    ];
    let res = guest.client.post(guest.url(AURORA, &format!("{path}/extras"))).form(&form).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(html.contains(r#"id="extras-error""#) && html.contains("not available for your stay"), "{html}");
    assert!(html.contains("Grace &lt;Hopper&gt;") || html.contains("Grace &#60;Hopper&#62;"), "typed, kept, escaped");
    assert!(html.contains(r#"value="breakfast" checked"#), "the ticked box stays ticked");
    // French, at the field too.
    let (problem, _, _) =
        guest.json_post(AURORA, &format!("{path}/extras?lang=fr"), &tag, json!({"extras": ["helicopter"]})).await;
    assert!(problem["errors"]["extras"].as_str().unwrap().contains("pas disponible"), "{problem}");
}

#[tokio::test]
async fn a_date_limited_extra_is_offered_only_for_a_stay_over_its_night() {
    let app = TestApp::spawn().await;
    let guest = app.guest();
    let (arrival, departure) = new_years_stay();
    let (path, tag, draft) = draft_with_details(&guest, &selection(&day(arrival), &day(departure))).await;
    let offered = &draft["quote"]["extrasOffered"];
    assert!(ids(offered).contains(&"festive-dinner"), "{offered}");
    let dinner = offered.as_array().unwrap().iter().find(|l| l["id"] == "festive-dinner").unwrap();
    assert_eq!(
        (dinner["basis"].as_str(), dinner["nights"].as_i64(), dinner["quantity"].as_i64()),
        (Some("per_guest"), Some(1), Some(3))
    );
    let parking = offered.as_array().unwrap().iter().find(|l| l["id"] == "parking").unwrap();
    assert_eq!(parking["nights"].as_i64(), Some(departure - arrival), "other extras count every night");
    let (draft, _) =
        guest.json_step(AURORA, &format!("{path}/extras"), &tag, json!({"extras": ["festive-dinner"]})).await;
    assert_eq!(ids(&draft["quote"]["extras"]), ["festive-dinner"]);

    // The same guest, another stay: not offered, and not choosable.
    let (checkin, checkout) = plain_stay();
    let (path, tag, draft) = draft_with_details(&guest, &selection(&checkin, &checkout)).await;
    assert!(!ids(&draft["quote"]["extrasOffered"]).contains(&"festive-dinner"));
    let (_, _, status) =
        guest.json_post(AURORA, &format!("{path}/extras"), &tag, json!({"extras": ["festive-dinner"]})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn extras_follow_the_rate_and_a_new_stay_clears_them() {
    let app = TestApp::spawn().await;
    let guest: Guest = app.guest();
    let (checkin, checkout) = plain_stay();
    let mut deposit = selection(&checkin, &checkout);
    deposit["rate_plan"] = json!("deposit");
    let (path, tag, _) = draft_with_details(&guest, &deposit).await;
    let (draft, tag) =
        guest.json_step(AURORA, &format!("{path}/extras"), &tag, json!({"extras": ["late-checkout"]})).await;
    let q = &draft["quote"];
    let total = amount(&q["total"]);
    assert_eq!(amount(&q["payment"]["dueNow"]), total * 30 / 100, "a deposit's share of the extras too");
    assert_eq!(amount(&q["payment"]["dueNow"]) + amount(&q["payment"]["dueAtHotel"]), total);

    // In the guest body too; then a new stay drops them (priced per stay).
    let mut with_extras = details();
    with_extras["extras"] = json!(["late-checkout", "parking"]);
    let (draft, tag) = guest.json_step(AURORA, &format!("{path}/guest"), &tag, with_extras).await;
    assert_eq!(
        (draft["state"].as_str(), ids(&draft["quote"]["extras"])),
        (Some("details"), vec!["parking", "late-checkout"])
    );
    let stay = json!({"checkin": checkin, "checkout": day(0).max(checkout.clone()), "adults": 1});
    let (draft, _) = guest.json_step(AURORA, &format!("{path}/stay"), &tag, stay).await;
    assert!(draft["quote"]["extras"].as_array().unwrap().is_empty(), "{draft}");
}
