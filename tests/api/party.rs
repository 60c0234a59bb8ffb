//! Rooms as the guest thinks of them: each room's party in a link
//! (`rooms=2&r1=2,7&r2=1`), in form fields, in JSON (`rooms: [{adults,
//! children}]`) and in the old form (`adults/children/rooms`, split evenly),
//! through the real server and the embedded demo platform, to a booking.

use crate::common::{TestApp, client_for, day, header};
use reqwest::StatusCode;
use serde_json::{Value, json};

const HOST: &str = "aurora.localhost";

fn stay() -> String {
    format!("checkin={}&checkout={}", day(21), day(23))
}

async fn json_get(app: &TestApp, path: &str) -> (StatusCode, Value) {
    let res = app.guest().get_json(HOST, path).await;
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn a_search_link_names_each_rooms_party() {
    let app = TestApp::spawn().await;
    let (status, view) = json_get(&app, &format!("/search?{}&rooms=2&r1=2,7&r2=1", stay())).await;
    assert_eq!(status, StatusCode::OK, "{view}");
    assert_eq!(view["parties"], json!([{"adults": 2, "children": [7]}, {"adults": 1, "children": []}]));
}

#[tokio::test]
async fn the_old_form_still_works_split_evenly() {
    let app = TestApp::spawn().await;
    let (status, view) = json_get(&app, &format!("/search?{}&adults=3&children=7&rooms=2", stay())).await;
    assert_eq!(status, StatusCode::OK, "{view}");
    assert_eq!(view["parties"], json!([{"adults": 2, "children": []}, {"adults": 1, "children": [7]}]));
}

#[tokio::test]
async fn form_fields_name_each_rooms_party() {
    let app = TestApp::spawn().await;
    let path = format!("/properties/aurora-lisbon?{}&rooms=2&r1_adults=2&r1_children=7&r2_adults=1", stay());
    let (status, view) = json_get(&app, &path).await;
    assert_eq!(status, StatusCode::OK, "{view}");
    assert_eq!(view["parties"], json!([{"adults": 2, "children": [7]}, {"adults": 1, "children": []}]));
}

#[tokio::test]
async fn each_room_must_fit_its_own_party() {
    let app = TestApp::spawn().await;
    let rooms_of = |view: &Value| -> Vec<String> {
        view["rooms"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap().to_owned()).collect()
    };
    // Five guests split evenly sleep three and two: the river king (3) fits.
    let (_, even) = json_get(&app, &format!("/properties/aurora-lisbon?{}&adults=5&rooms=2", stay())).await;
    assert!(rooms_of(&even).contains(&"river-king".to_owned()), "{even}");
    // Four in one room and one in the other: only a room for four does.
    let (_, uneven) = json_get(&app, &format!("/properties/aurora-lisbon?{}&rooms=2&r1=4&r2=1", stay())).await;
    let rooms = rooms_of(&uneven);
    assert!(!rooms.contains(&"river-king".to_owned()) && rooms.contains(&"family-suite".to_owned()), "{uneven}");
}

#[tokio::test]
async fn bad_parties_get_a_problem_at_each_field() {
    let app = TestApp::spawn().await;
    for (query, field) in [
        ("rooms=2&r1=2,7", "r2_adults"),
        ("r1=x,7", "r1_adults"),
        ("r1=2,seven", "r1_children"),
        ("r1=2,18", "r1_children"),
        ("r1=0", "r1_adults"),
        ("r1=10", "r1_adults"),
        ("rooms=6&r1=2", "rooms"),
        ("rooms=two&r1=2", "rooms"),
        ("r1=1,1,1,1,1,1&r2=1,1,1,1,1", "rooms"),
    ] {
        let res = app.guest().get_json(HOST, &format!("/search?{}&{query}", stay())).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{query}");
        assert_eq!(header(&res, "content-type"), "application/problem+json", "{query}");
        let problem: Value = res.json().await.unwrap();
        assert!(problem["errors"][field].as_str().is_some_and(|m| !m.is_empty()), "{query}: {problem}");
    }
    let res = app.guest().get_json(HOST, &format!("/search?{}&r1=2&r1=3", stay())).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST, "a room given twice");
}

#[tokio::test]
async fn a_bad_room_is_shown_at_its_field_keeping_what_was_typed() {
    let app = TestApp::spawn().await;
    let res = app.guest().get(HOST, &format!("/search?{}&rooms=2&r1_adults=2&r1_children=7&r2_adults=x", stay())).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(html.contains(r#"id="r2_adults-error""#), "the message is at room 2's adults");
    assert!(html.contains(r#"name="r2_adults" inputmode="numeric" min="1" max="9" value="x""#), "room 2 keeps x");
    assert!(html.contains(r#"name="r1_children" inputmode="numeric" autocomplete="off" value="7""#), "room 1 kept");
}

#[tokio::test]
async fn add_a_room_shows_the_form_again_with_one_room_more() {
    let app = TestApp::spawn().await;
    let res = app.guest().get(HOST, &format!("/search?{}&rooms=1&r1_adults=2&r1_children=7&add_room=1", stay())).await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    assert!(html.contains(r#"name="r2_adults""#), "a second room");
    assert!(html.contains(r#"name="r1_children" inputmode="numeric" autocomplete="off" value="7""#), "{html}");
    assert!(html.contains(&format!(r#"value="{}""#, day(21))), "the dates are kept");
    assert!(!html.contains("results-title"), "no search yet");
}

#[tokio::test]
async fn a_draft_carries_each_rooms_party_through_quote_hold_and_booking() {
    let app = TestApp::spawn().await;
    let client = client_for(app.addr, true);
    let url = |path: &str| format!("http://localhost:{}{path}", app.addr.port());
    let send = |req: reqwest::RequestBuilder| async {
        let res = req.header("accept", "application/json").header("x-tenant-id", "aurora").send().await.unwrap();
        let (status, etag) = (res.status(), header(&res, "etag"));
        (status, etag, res.json::<Value>().await.unwrap_or(Value::Null))
    };
    let parties = json!([{"adults": 2, "children": [7]}, {"adults": 1, "children": []}]);
    let (status, etag, draft) = send(client.post(url("/draft")).json(&json!({
        "property": "aurora-lisbon", "room_type": "river-king", "rate_plan": "flex",
        "checkin": day(21), "checkout": day(23), "rooms": parties,
    })))
    .await;
    assert_eq!(status, StatusCode::CREATED, "{draft}");
    assert_eq!(draft["stay"]["parties"], parties);
    assert_eq!((draft["stay"]["adults"].as_u64(), draft["stay"]["rooms"].as_u64()), (Some(3), Some(2)));
    let path = format!("/draft/{}", draft["id"].as_str().unwrap());

    let guest = json!({"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.com",
                       "phone": "+44 20 7946 0000", "country": "GB", "accept_terms": true});
    let (status, etag, draft) =
        send(client.post(url(&format!("{path}/guest"))).header("if-match", &etag).json(&guest)).await;
    assert_eq!(status, StatusCode::OK, "{draft}");
    let (status, etag, draft) =
        send(client.post(url(&format!("{path}/hold"))).header("if-match", &etag).json(&json!({}))).await;
    assert_eq!((status, draft["state"].as_str()), (StatusCode::OK, Some("held")), "{draft}");
    let (status, _, draft) =
        send(client.post(url(&format!("{path}/payment"))).header("if-match", &etag).json(&json!({}))).await;
    assert_eq!(status, StatusCode::OK, "{draft}");

    // The platform quoted and held each room's party.
    let ledger = app.demo_get("/__admin/ledger").await;
    let text = ledger.to_string();
    assert!(text.contains(r#""occupancy":[{"adults":2,"children":[7]},{"adults":1,"children":[]}]"#), "{ledger}");

    let session = draft["payment"]["redirectUrl"].as_str().unwrap().rsplit('/').next().unwrap().to_owned();
    app.approve_payment(&session).await;
    let (_, _, draft) = send(client.get(url(&path))).await;
    let draft = if draft["state"] == "confirmed" {
        draft
    } else {
        // The return leg settles it; the webhook may have already.
        let back = format!("{path}/payment/return?session={session}");
        let _ = client.get(url(&back)).header("x-tenant-id", "aurora").send().await.unwrap();
        send(client.get(url(&path))).await.2
    };
    assert_eq!(draft["state"], "confirmed", "{draft}");
    let reference = draft["bookingRef"].as_str().unwrap();
    let (status, _, confirmation) = send(client.get(url(&format!("/confirmation/{reference}")))).await;
    assert_eq!(status, StatusCode::OK, "{confirmation}");
    assert_eq!(confirmation["parties"], parties);
}
