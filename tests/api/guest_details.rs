//! The guest-details step beyond the lead guest's name and contact: the
//! estimated arrival time and special requests, carried to the reservation, the
//! confirmation page and the e-mail (escaped wherever markup could run); the
//! hotel's terms and privacy notice, accepted before paying; and the footer's
//! cookie settings, where analytics consent is given or withdrawn at any time.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::common::{Guest, TestApp, day, free_port, location, page, version_in};
use reqwest::StatusCode;
use serde_json::{Value, json};

const AURORA: &str = "aurora.localhost";
const KESTREL: &str = "kestrel.localhost";
const HOSTILE: &str = "<img src=x onerror=alert(1)>\nA cot & a quiet room";

async fn app_with_mail_dir() -> TestApp {
    let dir = std::env::temp_dir().join(format!("bfftb-guest-{}-{}", std::process::id(), free_port()));
    std::fs::create_dir_all(&dir).unwrap();
    TestApp::spawn_with(move |s| {
        s.mail_dir = dir;
        s.mail_poll = Duration::from_millis(100);
    })
    .await
}

/// A Lisbon draft over JSON: its path and ETag.
async fn json_draft(guest: &Guest) -> (String, String) {
    let draft = location(&guest.start_lisbon_draft(&day(20), &day(22)).await);
    let tag = guest.get_json(AURORA, &draft).await.headers()["etag"].to_str().unwrap().to_owned();
    (draft, tag)
}

fn details(extra: Value) -> Value {
    let mut body = json!({"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.com",
                          "phone": "+351 912 345 678", "country": "PT"});
    body.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
    body
}

/// Books `draft` with `details` over JSON, paid: the confirmation's path.
async fn book(app: &TestApp, guest: &Guest, draft: &str, tag: &str, details: Value) -> String {
    let (_, tag) = guest.json_step(AURORA, &format!("{draft}/guest"), tag, details).await;
    let (_, tag) = guest.json_step(AURORA, &format!("{draft}/hold"), &tag, json!({})).await;
    let (pending, _) = guest.json_step(AURORA, &format!("{draft}/payment"), &tag, json!({})).await;
    let session = pending["payment"]["redirectUrl"].as_str().unwrap().rsplit('/').next().unwrap().to_owned();
    app.approve_payment(&session).await;
    let confirmation = location(&guest.get(AURORA, &format!("{draft}/payment/return")).await);
    assert!(confirmation.starts_with("/confirmation/"), "{confirmation}");
    confirmation
}

/// The HTML part of the confirmation e-mail of `reference`, once written to MAIL_DIR.
async fn mail_html(app: &TestApp, reference: &str) -> String {
    let dir: PathBuf = app.state.settings.mail_dir.clone();
    let start = Instant::now();
    loop {
        let found = std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .find(|n| n.ends_with("confirmation.html") && n.contains(reference) && !n.starts_with('.'));
        if let Some(name) = found {
            return std::fs::read_to_string(dir.join(name)).unwrap();
        }
        assert!(start.elapsed() < Duration::from_secs(15), "a confirmation e-mail for {reference} in MAIL_DIR");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn the_arrival_time_and_requests_reach_the_reservation_the_confirmation_and_the_email() {
    let app = app_with_mail_dir().await;
    let guest = app.guest();
    let (draft, tag) = json_draft(&guest).await;
    // The app's camelCase names are accepted alongside the form's.
    let body = details(json!({"arrivalTime": "21:00", "special_requests": HOSTILE, "acceptTerms": true}));
    let (taken, tag, status) = guest.json_post(AURORA, &format!("{draft}/guest"), &tag, body.clone()).await;
    assert_eq!(status, StatusCode::OK, "{taken}");
    assert_eq!(taken["guest"]["arrivalTime"], "21:00");
    assert_eq!(taken["guest"]["termsAccepted"], true);
    assert_eq!(taken["guest"]["specialRequests"], HOSTILE);
    let confirmation = book(&app, &guest, &draft, &tag, body).await;
    let reference = confirmation.rsplit('/').next().unwrap().to_owned();

    let ledger = app.demo_get("/__admin/ledger").await;
    let booking = ledger["bookings"].as_array().unwrap().iter().find(|b| b["reference"] == reference).unwrap();
    assert_eq!(booking["guest"]["arrivalTime"], "21:00", "{booking}");
    assert_eq!(booking["guest"]["specialRequests"], HOSTILE, "{booking}");

    let view: Value = guest.get_json(AURORA, &confirmation).await.json().await.unwrap();
    assert_eq!((view["arrivalTime"].as_str(), view["specialRequests"].as_str()), (Some("21:00"), Some(HOSTILE)));

    let html = page(&guest, AURORA, &confirmation).await;
    assert!(html.contains("around 21:00"), "{html}");
    assert!(!html.contains("<img"), "escaped on the page");
    assert!(html.contains("&#60;img src=x onerror=alert(1)&#62;") || html.contains("&lt;img src=x"), "{html}");

    let mail = mail_html(&app, &reference).await;
    assert!(mail.contains("21:00") && mail.contains("Estimated arrival"), "{mail}");
    assert!(!mail.contains("<img"), "escaped in the e-mail");
    assert!(mail.contains("&#60;img src=x onerror=alert(1)&#62;") || mail.contains("&lt;img src=x"), "{mail}");
}

#[tokio::test]
async fn unticked_terms_are_an_error_at_the_checkbox_and_keep_what_was_typed() {
    let app = TestApp::spawn().await;
    let guest = app.guest();
    let draft = location(&guest.start_lisbon_draft(&day(20), &day(22)).await);
    let html = page(&guest, AURORA, &draft).await;
    let version = version_in(&html);
    assert!(html.contains(r#"<input type="checkbox" id="accept_terms" name="accept_terms" value="on" required>"#));
    let form = [
        ("version", version.as_str()),
        ("first_name", "Ada"),
        ("last_name", "Lovelace"),
        ("email", "ada@example.com"),
        ("phone", "+44 20 7946 0000"),
        ("country", "GB"),
        ("arrival_time", "18:00"),
    ];
    for htmx in [false, true] {
        let mut req = guest.client.post(guest.url(AURORA, &format!("{draft}/guest"))).form(&form);
        if htmx {
            req = req.header("hx-request", "true");
        }
        let res = req.send().await.unwrap();
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = res.text().await.unwrap();
        assert!(
            html.contains(r#"<p class="field-error" id="accept_terms-error">To book, accept the hotel&#39;s terms and privacy notice.</p>"#)
                || html.contains("id=\"accept_terms-error\">To book, accept the hotel's terms"),
            "htmx {htmx}: {html}"
        );
        assert!(html.contains(r#"aria-invalid="true" aria-describedby="accept_terms-error""#), "{html}");
        assert!(html.contains(r##"<a href="#accept_terms">"##), "the summary links the checkbox");
        assert!(html.contains(r#"value="Ada""#) && html.contains(r#"<option value="18:00" selected>"#), "kept");
        assert!(!html.contains("id=\"first_name-error\""), "only the terms are wrong");
    }
    let v: Value = guest.get_json(AURORA, &draft).await.json().await.unwrap();
    assert_eq!((v["state"].as_str(), &v["guest"]), (Some("quoted"), &Value::Null), "nothing taken");
}

#[tokio::test]
async fn the_checkbox_links_the_hotels_terms_and_privacy_notice_which_the_demo_serves() {
    let app = TestApp::spawn().await;
    let guest = app.guest();
    let draft = location(&guest.start_lisbon_draft(&day(20), &day(22)).await);
    let html = page(&guest, AURORA, &draft).await;
    let terms = format!(r#"<a href="{}/tenants/aurora/terms">terms</a>"#, app.demo_url);
    let privacy = format!(r#"<a href="{}/tenants/aurora/privacy">privacy notice</a>"#, app.demo_url);
    assert!(html.contains(&format!("I accept the hotel's {terms} and {privacy}.")), "{html}");
    for which in ["terms", "privacy"] {
        let res = reqwest::get(format!("{}/tenants/aurora/{which}", app.demo_url)).await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        assert!(res.text().await.unwrap().contains("Aurora Hotels"));
    }
    let boot: Value = guest.get_json(AURORA, "/bootstrap").await.json().await.unwrap();
    let policies = &boot["tenant"]["policies"];
    assert_eq!(policies["termsUrl"], format!("{}/tenants/aurora/terms", app.demo_url));
    assert_eq!(policies["privacyUrl"], format!("{}/tenants/aurora/privacy", app.demo_url));
}

#[tokio::test]
async fn the_app_must_accept_the_terms_and_is_told_so_in_the_guests_language() {
    let app = TestApp::spawn().await;
    let guest = app.guest();
    assert_eq!(guest.get(AURORA, "/?lang=fr").await.status(), StatusCode::OK);
    let (draft, tag) = json_draft(&guest).await;
    for body in [details(json!({})), details(json!({"accept_terms": false})), details(json!({"acceptTerms": null}))] {
        let (problem, _, status) = guest.json_post(AURORA, &format!("{draft}/guest"), &tag, body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
        assert_eq!(
            problem["errors"]["accept_terms"],
            "Pour réserver, acceptez les conditions de l'hôtel et sa politique de confidentialité.",
            "{problem}"
        );
        assert_eq!(problem["errors"].as_object().unwrap().len(), 1, "{problem}");
    }
    let (taken, _, status) =
        guest.json_post(AURORA, &format!("{draft}/guest"), &tag, details(json!({"accept_terms": true}))).await;
    assert_eq!(status, StatusCode::OK, "{taken}");
    assert_eq!(taken["guest"]["arrivalTime"], Value::Null, "no arrival time given");
}

#[tokio::test]
async fn an_arrival_time_that_is_not_a_time_of_day_is_an_error_at_the_field() {
    let app = TestApp::spawn().await;
    let guest = app.guest();
    let (draft, tag) = json_draft(&guest).await;
    for bad in ["24:00", "noon", "18:5", "-1:00"] {
        let body = details(json!({"arrival_time": bad, "accept_terms": true}));
        let (problem, _, status) = guest.json_post(AURORA, &format!("{draft}/guest"), &tag, body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {problem}");
        assert_eq!(problem["errors"]["arrival_time"], "Choose an arrival time from the list, like 18:00.", "{bad}");
    }
}

#[tokio::test]
async fn overlong_special_requests_are_refused_by_the_server() {
    let app = TestApp::spawn().await;
    let guest = app.guest();
    let (draft, tag) = json_draft(&guest).await;
    let body = details(json!({"special_requests": "x".repeat(501), "accept_terms": true}));
    let (problem, _, status) = guest.json_post(AURORA, &format!("{draft}/guest"), &tag, body).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(problem["errors"]["special_requests"].as_str().unwrap().contains("500"), "{problem}");
}

#[tokio::test]
async fn the_footer_reopens_the_consent_choice_and_withdrawing_it_stops_analytics() {
    let app = TestApp::spawn().await;
    let guest = app.guest();
    let search = format!("/search?checkin={}&checkout={}&adults=2", day(2), day(3));
    let decide = |decision: &'static str, back: String| {
        let form = [("decision", decision.to_owned()), ("return", back)];
        guest.client.post(guest.url(AURORA, "/consent")).form(&form).send()
    };
    assert_eq!(decide("accept", search.clone()).await.unwrap().status(), StatusCode::SEE_OTHER);
    let html = page(&guest, AURORA, &search).await;
    assert!(html.contains(r#"id="analytics-events""#), "measured with consent");
    let link = html.split("class=\"consent-settings-link\"").next().unwrap().rsplit("<a href=\"").next().unwrap();
    let link = link.split('"').next().unwrap().replace("&#38;", "&").replace("&amp;", "&");
    assert!(link.starts_with("/consent?return="), "{link}");

    // Without JavaScript: a page with the choice again, saying what it is now.
    let settings = page(&guest, AURORA, &link).await;
    assert!(settings.contains("You allow analytics cookies on this site."), "{settings}");
    assert!(settings.contains(r#"<button type="submit" name="decision" value="decline""#), "{settings}");
    assert!(!settings.contains("id=\"consent-banner\""), "the page asks; no banner on top");
    assert!(!settings.contains(r#"id="analytics-events""#), "the settings page is not measured");

    let res = decide("decline", search.clone()).await.unwrap();
    assert_eq!((res.status(), location(&res)), (StatusCode::SEE_OTHER, search.clone()));
    let html = page(&guest, AURORA, &search).await;
    assert!(!html.contains(r#"id="analytics-events""#) && !html.contains("analytics."), "withdrawn: {html}");
    let now: Value = guest.get_json(AURORA, "/consent").await.json().await.unwrap();
    assert_eq!(now, json!({"enabled": true, "analytics": "denied"}));
    let fragment = guest.get_fragment(AURORA, "/consent").await.text().await.unwrap();
    assert!(fragment.starts_with("<section id=\"consent-settings\""), "{fragment}");
    assert!(fragment.contains("You don't allow analytics cookies") || fragment.contains("You don&#39;t allow"));

    // A hotel that measures nothing has nothing to ask.
    let kestrel = page(&guest, KESTREL, "/").await;
    assert!(!kestrel.contains("consent-settings-link"), "no link where nothing is measured");
    let view: Value = guest.get_json(KESTREL, "/consent").await.json().await.unwrap();
    assert_eq!(view["enabled"], false);
}
