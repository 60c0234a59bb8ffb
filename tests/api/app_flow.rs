//! The guest app's payment round trip through the real server and the embedded
//! demo platform, as the app makes it: JSON on the API host (`localhost`, the
//! tenant in `X-Tenant-Id`), its own cookie jar, a `returnUrl` of its own when
//! it starts the payment, and the hosted page in a separate browser (no
//! cookies of the app's) that must end up back in the app. Also giving up a
//! payment attempt, and the money rule when the gateway had approved it first
//! or its answer is unknown.

use crate::common::{TestApp, client_for, day, header, location};
use reqwest::StatusCode;
use serde_json::{Value, json};

const API: &str = "localhost";

/// The app: a cookie jar of its own, JSON, the tenant in a header.
struct App {
    client: reqwest::Client,
    port: u16,
}

impl App {
    fn new(app: &TestApp) -> Self {
        Self { client: client_for(app.addr, true), port: app.addr.port() }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{API}:{}{path}", self.port)
    }

    async fn get(&self, path: &str) -> (Value, String, StatusCode) {
        let res = self
            .client
            .get(self.url(path))
            .header("accept", "application/json")
            .header("x-tenant-id", "aurora")
            .send()
            .await
            .unwrap();
        let res = crate::common::contract::checked("GET", res).await;
        let (status, etag) = (res.status(), header(&res, "etag"));
        (res.json().await.unwrap_or(Value::Null), etag, status)
    }

    async fn post(&self, path: &str, etag: &str, body: Value) -> (Value, String, StatusCode) {
        let res = self
            .client
            .post(self.url(path))
            .header("accept", "application/json")
            .header("x-tenant-id", "aurora")
            .header("if-match", etag)
            .json(&body)
            .send()
            .await
            .unwrap();
        let res = crate::common::contract::checked("POST", res).await;
        let (status, etag) = (res.status(), header(&res, "etag"));
        (res.json().await.unwrap_or(Value::Null), etag, status)
    }

    /// A held draft at Aurora Lisbon: its path and ETag.
    async fn held_draft(&self) -> (String, String) {
        let res = self
            .client
            .post(self.url("/draft"))
            .header("accept", "application/json")
            .header("x-tenant-id", "aurora")
            .json(&json!({"property": "aurora-lisbon", "room_type": "river-king", "rate_plan": "flex",
                          "checkin": day(21), "checkout": day(23), "adults": 2}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::CREATED);
        let etag = header(&res, "etag");
        let draft: Value = res.json().await.unwrap();
        let path = format!("/draft/{}", draft["id"].as_str().unwrap());
        let guest = json!({"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.com",
                           "phone": "+44 20 7946 0000", "country": "GB", "accept_terms": true});
        let (_, etag, status) = self.post(&format!("{path}/guest"), &etag, guest).await;
        assert_eq!(status, StatusCode::OK);
        let (draft, etag, status) = self.post(&format!("{path}/hold"), &etag, json!({})).await;
        assert_eq!((status, draft["state"].as_str()), (StatusCode::OK, Some("held")), "{draft}");
        (path, etag)
    }
}

/// The session id at the end of a hosted page URL.
fn session_of(draft: &Value) -> String {
    draft["payment"]["redirectUrl"].as_str().unwrap().rsplit('/').next().unwrap().to_owned()
}

/// The gateway finishes session `id` with `status` (as the hosted page would);
/// returns where it sends the browser.
async fn complete(app: &TestApp, id: &str, status: &str) -> String {
    let res = reqwest::Client::new()
        .post(format!("{}/__admin/payment-sessions/{id}/complete", app.demo_url))
        .json(&json!({"status": status}))
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success(), "completing {id}: {}", res.status());
    res.json::<Value>().await.unwrap()["redirect"].as_str().unwrap().to_owned()
}

async fn session_status(app: &TestApp, id: &str) -> String {
    let session: Value =
        reqwest::get(format!("{}/v1/payment-sessions/{id}", app.demo_url)).await.unwrap().json().await.unwrap();
    session["status"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn the_app_pays_and_the_browser_comes_back_to_the_app() {
    let server = TestApp::spawn().await;
    let app = App::new(&server);
    let (path, etag) = app.held_draft().await;
    let return_url = "aurorabooking://booking/return?from=pay";
    let (draft, _, status) = app.post(&format!("{path}/payment"), &etag, json!({"returnUrl": return_url})).await;
    assert_eq!(status, StatusCode::OK, "{draft}");
    assert_eq!(draft["state"], "payment_pending");
    let id = draft["id"].as_str().unwrap().to_owned();

    // The guest pays in a browser the app opened: no cookie of the app's.
    let back = complete(&server, &session_of(&draft), "approved").await;
    assert!(
        back.starts_with(&format!("http://aurora.localhost:{}/draft/{id}/payment/return?session=", server.addr.port())),
        "{back}"
    );
    let browser = client_for(server.addr, true);
    let res = browser.get(&back).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let app_url = location(&res);
    assert_eq!(app_url, format!("aurorabooking://booking/return?from=pay&draftId={id}&state=confirmed"));
    assert!(res.text().await.unwrap().is_empty(), "nothing of the draft for the browser");

    // The app reads the outcome with its own session.
    let (draft, _, status) = app.get(&path).await;
    assert_eq!((status, draft["state"].as_str()), (StatusCode::OK, Some("confirmed")));
    let reference = draft["bookingRef"].as_str().unwrap();
    let (confirmation, _, status) = app.get(&format!("/confirmation/{reference}")).await;
    assert_eq!((status, confirmation["reference"].as_str()), (StatusCode::OK, Some(reference)));

    // A universal link works the same; another tenant's host does not find the draft.
    let other = client_for(server.addr, true);
    let res = other.get(back.replace("aurora.localhost", "kestrel.localhost")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_return_url_the_tenant_does_not_allow_is_refused() {
    let server = TestApp::spawn().await;
    let app = App::new(&server);
    let (path, etag) = app.held_draft().await;
    for foreign in [
        "https://evil.example/app/",
        "https://aurora.example/application",
        "https://aurora.example.evil.example/app/",
        "https://aurora.example@evil.example/app/",
        "https://aurora.example/app/../../steal",
        "http://aurora.example/app/",
        "kestrellodges://booking",
        "aurorabooking:evil",
        "javascript:alert(1)//aurorabooking://",
        "aurorabooking://x#fragment",
        "",
        "aurorabooking://a b",
    ] {
        let (problem, _, status) = app.post(&format!("{path}/payment"), &etag, json!({"returnUrl": foreign})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{foreign}: {problem}");
        assert_eq!(problem["type"], "/problems/validation");
        assert!(problem["errors"]["returnUrl"].as_str().is_some_and(|m| !m.is_empty()), "{problem}");
    }
    // Nothing was opened: the draft is still held at the same version.
    let (draft, now, _) = app.get(&path).await;
    assert_eq!((draft["state"].as_str(), now.as_str()), (Some("held"), etag.as_str()));
    let ledger = server.demo_get("/__admin/ledger").await;
    assert_eq!(ledger["payments"].as_array().map(Vec::len), Some(0), "{ledger}");
    // A universal link under the allowed prefix is fine.
    let ok = "https://aurora.example/app/return";
    let (draft, _, status) = app.post(&format!("{path}/payment"), &etag, json!({"returnUrl": ok})).await;
    assert_eq!((status, draft["state"].as_str()), (StatusCode::OK, Some("payment_pending")), "{draft}");
}

#[tokio::test]
async fn a_cancelled_attempt_goes_back_to_the_hold_and_the_next_one_books() {
    let server = TestApp::spawn().await;
    let app = App::new(&server);
    let (path, etag) = app.held_draft().await;
    let (draft, etag, _) =
        app.post(&format!("{path}/payment"), &etag, json!({"returnUrl": "aurorabooking://done"})).await;
    let first = session_of(&draft);
    assert!(draft["allowedActions"].to_string().contains("cancel_payment"), "{draft}");

    let (draft, etag, status) = app.post(&format!("{path}/payment/cancel"), &etag, json!({})).await;
    assert_eq!(status, StatusCode::OK, "{draft}");
    assert_eq!(draft["state"], "held");
    assert!(draft["payment"].is_null() && draft["hold"]["secondsLeft"].as_i64().unwrap() > 0, "{draft}");
    assert!(draft["notice"].as_str().unwrap().contains("not been charged"), "{draft}");
    assert_eq!(session_status(&server, &first).await, "cancelled");
    // The old page can no longer take the payment: it sends the browser back.
    let pay = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let res = pay
        .post(format!("{}/pay/{first}", server.demo_url))
        .form(&[("card_number", "4242 4242 4242 4242"), ("name", "Ada")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(session_status(&server, &first).await, "cancelled", "never approved after a cancel");
    // Cancelling again is refused with the draft: there is no attempt in progress.
    let (again, _, status) = app.post(&format!("{path}/payment/cancel"), &etag, json!({})).await;
    assert_eq!((status, again["state"].as_str()), (StatusCode::CONFLICT, Some("held")));

    // A new attempt, a new session, and it books.
    let (draft, _, status) =
        app.post(&format!("{path}/payment"), &etag, json!({"returnUrl": "aurorabooking://done"})).await;
    assert_eq!(status, StatusCode::OK, "{draft}");
    let second = session_of(&draft);
    assert_ne!(first, second);
    assert_eq!(draft["payment"]["attempt"], 2);
    let back = complete(&server, &second, "approved").await;
    let res = client_for(server.addr, true).get(&back).send().await.unwrap();
    assert!(location(&res).starts_with("aurorabooking://done?draftId="), "{}", location(&res));
    let (draft, _, _) = app.get(&path).await;
    assert_eq!(draft["state"], "confirmed");
    let ledger = server.demo_get("/__admin/ledger").await;
    assert_eq!(ledger["bookings"].as_array().unwrap().len(), 1, "one booking: {ledger}");
}

#[tokio::test]
async fn a_payment_approved_before_the_cancel_is_booked_not_cancelled() {
    let server = TestApp::spawn().await;
    let app = App::new(&server);
    let (path, etag) = app.held_draft().await;
    let (draft, etag, _) = app.post(&format!("{path}/payment"), &etag, json!({})).await;
    let session = session_of(&draft);
    // The bank approves while the guest is on their way back to cancel.
    complete(&server, &session, "approved").await;
    let (draft, _, status) = app.post(&format!("{path}/payment/cancel"), &etag, json!({})).await;
    assert_eq!(status, StatusCode::CONFLICT, "{draft}");
    assert_eq!(draft["state"], "confirmed", "settled, never assumed cancelled: {draft}");
    assert!(draft["bookingRef"].is_string());
    assert_eq!(session_status(&server, &session).await, "approved");
}

#[tokio::test]
async fn a_cancel_whose_outcome_is_unknown_keeps_waiting_on_the_payment() {
    let server = TestApp::spawn().await;
    let app = App::new(&server);
    let (path, etag) = app.held_draft().await;
    let (draft, etag, _) = app.post(&format!("{path}/payment"), &etag, json!({})).await;
    let session = session_of(&draft);
    // The cancel call fails (a 503 from the gateway: it may or may not have
    // landed); the settle that follows finds the session still open.
    server.fault(json!({"upstream": "payments", "status": 503, "times": 1})).await;
    let (draft, _, status) = app.post(&format!("{path}/payment/cancel"), &etag, json!({})).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{draft}");
    assert_eq!(draft["state"], "payment_pending", "nothing assumed: {draft}");
    assert!(draft["notice"].as_str().is_some_and(|n| n.contains("couldn't confirm")), "{draft}");
    assert_eq!(session_status(&server, &session).await, "open");
    // The guest did pay after all: it books.
    complete(&server, &session, "approved").await;
    let (settled, _, status) = app.get(&format!("{path}/payment/return")).await;
    assert_eq!((status, settled["state"].as_str()), (StatusCode::OK, Some("confirmed")), "{settled}");
}

#[tokio::test]
async fn the_web_cancels_an_attempt_with_the_form() {
    let server = TestApp::spawn().await;
    let guest = server.guest();
    let res = guest.start_lisbon_draft(&day(21), &day(23)).await;
    let path = location(&res);
    let html = crate::common::page(&guest, "aurora.localhost", &path).await;
    let form = |v: &str| {
        vec![
            ("version", v.to_owned()),
            ("first_name", "Ada".into()),
            ("last_name", "Lovelace".into()),
            ("email", "ada@example.com".into()),
            ("phone", "+44 20 7946 0000".into()),
            ("country", "GB".into()),
            ("accept_terms", "on".into()),
        ]
    };
    let post = |p: String, f: Vec<(&'static str, String)>| {
        let client = guest.client.clone();
        let url = guest.url("aurora.localhost", &p);
        async move { client.post(url).form(&f).send().await.unwrap() }
    };
    post(format!("{path}/guest"), form(&crate::common::version_in(&html))).await;
    let html = crate::common::page(&guest, "aurora.localhost", &path).await;
    post(format!("{path}/hold"), vec![("version", crate::common::version_in(&html))]).await;
    let html = crate::common::page(&guest, "aurora.localhost", &path).await;
    let res = post(format!("{path}/payment"), vec![("version", crate::common::version_in(&html))]).await;
    assert!(location(&res).contains("/pay/"), "the web goes to the hosted page as before");
    // Back from the payment page: the pending screen offers to cancel the attempt.
    let html = crate::common::page(&guest, "aurora.localhost", &path).await;
    assert!(html.contains(&format!("action=\"{path}/payment/cancel\"")), "{html}");
    let res = post(format!("{path}/payment/cancel"), vec![("version", crate::common::version_in(&html))]).await;
    assert_eq!((res.status(), location(&res)), (StatusCode::SEE_OTHER, path.clone()));
    let html = crate::common::page(&guest, "aurora.localhost", &path).await;
    assert!(html.contains(&format!("action=\"{path}/payment\"")), "pay again while the hold lasts");
}

/// The path template of the document that `href` matches (`{…}` is one segment).
fn template_of<'a>(doc: &'a Value, href: &str) -> Option<&'a str> {
    let segments: Vec<&str> = href.split('/').collect();
    doc["paths"].as_object().unwrap().keys().map(String::as_str).find(|template| {
        let parts: Vec<&str> = template.split('/').collect();
        parts.len() == segments.len()
            && parts.iter().zip(&segments).all(|(p, s)| p == s || (p.starts_with('{') && p.ends_with('}')))
    })
}

#[tokio::test]
async fn the_app_books_by_following_the_drafts_links() {
    let server = TestApp::spawn().await;
    let app = App::new(&server);
    let doc: Value = reqwest::get(format!("http://{}/openapi.json", server.addr)).await.unwrap().json().await.unwrap();
    let res = app
        .client
        .post(app.url("/draft"))
        .header("accept", "application/json")
        .header("x-tenant-id", "aurora")
        .json(&json!({"property": "aurora-lisbon", "room_type": "classic-double", "rate_plan": "bb",
                      "checkin": day(21), "checkout": day(23), "adults": 2}))
        .send()
        .await
        .unwrap();
    let etag = header(&res, "etag");
    let mut draft: Value = res.json().await.unwrap();
    let guest = json!({"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.com",
                       "phone": "+44 20 7946 0000", "country": "GB", "accept_terms": true});
    let mut seen_etag = etag;
    for (rel, body, state) in [
        ("submit_details", guest, "details"),
        ("hold_room", json!({}), "held"),
        ("pay", json!({"returnUrl": "aurorabooking://x"}), "payment_pending"),
        ("cancel_payment", json!({}), "held"),
        ("pay", json!({}), "payment_pending"),
    ] {
        let links = draft["links"].as_array().unwrap().clone();
        // Every link is a documented route with its method; mutations carry the ETag.
        for link in &links {
            let (method, href) = (link["method"].as_str().unwrap(), link["href"].as_str().unwrap());
            if link["rel"] == "payment_page" {
                assert!(href.starts_with(&server.demo_url), "{link}");
                continue;
            }
            let template = template_of(&doc, href).unwrap_or_else(|| panic!("{href} is not documented"));
            assert!(doc["paths"][template][method.to_lowercase()].is_object(), "{method} {template}");
            match method {
                "POST" => assert_eq!(link["ifMatch"].as_str(), Some(seen_etag.as_str()), "{link}"),
                _ => assert!(link["ifMatch"].is_null(), "{link}"),
            }
        }
        let actions: Vec<&Value> = draft["allowedActions"].as_array().unwrap().iter().collect();
        let posts: Vec<&Value> = links.iter().filter(|l| l["method"] == "POST").map(|l| &l["rel"]).collect();
        assert_eq!(actions, posts, "one link per allowed action");
        let link = links.iter().find(|l| l["rel"] == rel).unwrap_or_else(|| panic!("no {rel} link in {draft}"));
        let (next, tag, status) =
            app.post(link["href"].as_str().unwrap(), link["ifMatch"].as_str().unwrap(), body).await;
        assert_eq!((status, next["state"].as_str()), (StatusCode::OK, Some(state)), "{rel}: {next}");
        (draft, seen_etag) = (next, tag);
    }
    let rels = draft["links"].to_string();
    assert!(rels.contains("\"payment_page\"") && rels.contains("\"check_payment\""), "{rels}");
    let session = session_of(&draft);
    complete(&server, &session, "approved").await;
    let check = draft["links"].as_array().unwrap().iter().find(|l| l["rel"] == "check_payment").unwrap().clone();
    let (draft, _, _) = app.get(check["href"].as_str().unwrap()).await;
    assert_eq!(draft["state"], "confirmed");
    let links = draft["links"].as_array().unwrap();
    assert!(links.iter().all(|l| l["method"] == "GET"), "nothing to do to a booking: {links:?}");
    let confirmation = links.iter().find(|l| l["rel"] == "confirmation").unwrap();
    let (booking, _, status) = app.get(confirmation["href"].as_str().unwrap()).await;
    assert_eq!((status, &booking["reference"]), (StatusCode::OK, &draft["bookingRef"]));
}

#[tokio::test]
async fn after_the_app_was_killed_mid_payment_bootstrap_leads_back_to_the_draft() {
    let server = TestApp::spawn().await;
    let app = App::new(&server);
    let (bootstrap, _, _) = app.get("/bootstrap").await;
    assert!(bootstrap["activeDraft"].is_null() && bootstrap["activeDrafts"] == json!([]), "{bootstrap}");

    // An older draft the guest gave up, and the one being paid.
    let (old, old_etag) = app.held_draft().await;
    let (_, _, status) = app.post(&format!("{old}/cancel"), &old_etag, json!({})).await;
    assert_eq!(status, StatusCode::OK);
    let (path, etag) = app.held_draft().await;
    let (draft, _, _) = app.post(&format!("{path}/payment"), &etag, json!({"returnUrl": "aurorabooking://r"})).await;
    let id = draft["id"].as_str().unwrap().to_owned();

    // The app is killed on the payment page; started again (the same cookie
    // jar), it asks where the guest was.
    let (bootstrap, _, status) = app.get("/bootstrap").await;
    assert_eq!(status, StatusCode::OK);
    let active = &bootstrap["activeDraft"];
    assert_eq!(
        (active["id"].as_str(), active["state"].as_str()),
        (Some(id.as_str()), Some("payment_pending")),
        "{bootstrap}"
    );
    assert_eq!(active["href"], path.as_str());
    assert_eq!(
        bootstrap["activeDrafts"].as_array().unwrap().len(),
        1,
        "the cancelled draft is not listed: {bootstrap}"
    );

    // Meanwhile the guest had paid: the next start learns it is booked.
    complete(&server, &session_of(&draft), "approved").await;
    tokio::time::sleep(std::time::Duration::from_millis(2100)).await; // past the per-draft poll throttle
    let (bootstrap, _, _) = app.get("/bootstrap").await;
    assert_eq!(bootstrap["activeDraft"]["state"], "confirmed", "{bootstrap}");
    let (draft, _, _) = app.get(&path).await;
    assert!(draft["bookingRef"].is_string());

    // Another app (another session) sees none of it.
    let (other, _, _) = App::new(&server).get("/bootstrap").await;
    assert!(other["activeDraft"].is_null(), "{other}");
}
