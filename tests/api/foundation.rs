//! The foundation through the real server: tenancy, the three representations of
//! `/`, `/bootstrap` and `/search`, bad input, operations endpoints. Each
//! behaviour runs against the in-memory default and against a real Redis.

use crate::common::{TestApp, day};
use reqwest::StatusCode;
use serde_json::Value;

on_each_store![
    landing_is_branded_per_tenant,
    landing_fragment_is_the_search_panel_alone,
    history_restore_gets_the_full_page,
    landing_json_describes_the_tenant,
    deep_link_prefills_the_form,
    bootstrap_is_json_for_the_app_and_a_redirect_for_browsers,
    search_returns_results_in_three_forms,
    search_bad_input_is_a_clear_4xx,
    search_keeps_what_the_guest_typed,
    unknown_host_is_a_404_naming_no_tenant,
    host_header_mismatch_is_a_400,
    api_host_uses_the_tenant_header,
    restricted_and_sold_out_dates_say_why,
];

fn header<'a>(res: &'a reqwest::Response, name: &str) -> &'a str {
    res.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or("")
}

async fn landing_is_branded_per_tenant(app: &TestApp) {
    let guest = app.guest();
    let aurora = guest.get("aurora.localhost", "/").await;
    assert_eq!(aurora.status(), StatusCode::OK);
    assert_eq!(header(&aurora, "vary"), "Accept, HX-Request, Accept-Language");
    let cookies: Vec<&str> = aurora.headers().get_all("set-cookie").iter().map(|c| c.to_str().unwrap()).collect();
    assert!(cookies.iter().any(|c| c.starts_with("tnt_id=aurora;")), "{cookies:?}");
    assert!(cookies.iter().all(|c| !c.to_ascii_lowercase().contains("domain=")), "no cookie crosses tenant hosts");
    let aurora = aurora.text().await.unwrap();
    let kestrel = guest.get("kestrel.localhost", "/").await.text().await.unwrap();
    assert!(aurora.contains("Aurora Hotels") && aurora.contains("theme-harbor"));
    assert!(kestrel.contains("Kestrel Lodges") && kestrel.contains("theme-timber"));
    assert!(!kestrel.contains("Aurora"));
    // Each tenant's brand stylesheet carries its own validated colours.
    let css_href = |html: &str| html.split("href=\"/brand.").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let aurora_css =
        guest.get("aurora.localhost", &format!("/brand.{}", css_href(&aurora))).await.text().await.unwrap();
    let kestrel_css =
        guest.get("kestrel.localhost", &format!("/brand.{}", css_href(&kestrel))).await.text().await.unwrap();
    assert!(aurora_css.contains("--primary:#1b4965"), "{aurora_css}");
    assert!(kestrel_css.contains("--primary:#2f4a2c"), "{kestrel_css}");
}

async fn landing_fragment_is_the_search_panel_alone(app: &TestApp) {
    let res = app.guest().get_fragment("aurora.localhost", "/").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(header(&res, "vary"), "Accept, HX-Request, Accept-Language");
    let body = res.text().await.unwrap();
    assert!(body.trim_start().starts_with("<section id=\"search-panel\""), "{body}");
    assert!(!body.contains("<html"));
}

async fn history_restore_gets_the_full_page(app: &TestApp) {
    let res = app
        .guest()
        .client
        .get(app.url("aurora.localhost", "/"))
        .header("hx-request", "true")
        .header("hx-history-restore-request", "true")
        .send()
        .await
        .unwrap();
    assert!(res.text().await.unwrap().starts_with("<!doctype html>"));
}

async fn landing_json_describes_the_tenant(app: &TestApp) {
    let res = app.guest().get_json("kestrel.localhost", "/").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(header(&res, "content-type"), "application/json");
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["tenant"]["id"], "kestrel");
    assert_eq!(body["properties"].as_array().unwrap().len(), 2);
    assert!(body["results"].is_null());
}

async fn deep_link_prefills_the_form(app: &TestApp) {
    let (checkin, checkout) = (day(3), day(5));
    let path = format!(
        "/?checkin={checkin}&checkout={checkout}&adults=3&children=4,9&rooms=2&promo=WELCOME10&property=aurora-berlin"
    );
    let html = app.guest().get("aurora.localhost", &path).await.text().await.unwrap();
    assert!(html.contains(&format!("name=\"checkin\" value=\"{checkin}\"")));
    // The old form's party, split evenly into the rooms' fields.
    assert!(html.contains("name=\"r1_adults\" inputmode=\"numeric\" min=\"1\" max=\"9\" value=\"2\""), "{html}");
    assert!(html.contains("name=\"r1_children\" inputmode=\"numeric\" autocomplete=\"off\" value=\"9\""));
    assert!(html.contains("name=\"r2_children\" inputmode=\"numeric\" autocomplete=\"off\" value=\"4\""));
    assert!(html.contains("value=\"aurora-berlin\" selected"));
    assert!(html.contains("value=\"WELCOME10\""));
}

async fn bootstrap_is_json_for_the_app_and_a_redirect_for_browsers(app: &TestApp) {
    let guest = app.guest();
    for (host, id, theme) in [("aurora.localhost", "aurora", "harbor"), ("kestrel.localhost", "kestrel", "timber")] {
        let res = guest.get_json(host, "/bootstrap").await;
        assert_eq!(res.status(), StatusCode::OK);
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["tenant"]["id"], id);
        assert_eq!(body["tenant"]["theme"], theme);
        assert!(body["tenant"]["tokens"]["primary"].as_str().unwrap().starts_with('#'));
        assert!(body["tenant"]["properties"][0]["timeZone"].as_str().unwrap().contains('/'));
        assert!(body.get("handoffPayload").is_some());
        let html = guest.get(host, "/bootstrap").await;
        assert_eq!(html.status(), StatusCode::SEE_OTHER);
        assert_eq!(header(&html, "location"), "/");
    }
}

async fn search_returns_results_in_three_forms(app: &TestApp) {
    let guest = app.guest();
    let path = format!("/search?checkin={}&checkout={}&adults=2", day(2), day(4));
    let json: Value = guest.get_json("aurora.localhost", &path).await.json().await.unwrap();
    let results = json["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    let lisbon = &results[0];
    assert_eq!(lisbon["availability"], "available");
    assert!(lisbon["fromTotal"]["amount"].as_i64().unwrap() > 0);
    assert_eq!(lisbon["fromTotal"]["currency"], "EUR");
    assert!(lisbon["url"].as_str().unwrap().starts_with("/properties/aurora-lisbon?"));

    let page = guest.get("aurora.localhost", &path).await.text().await.unwrap();
    assert!(
        page.starts_with("<!doctype html>")
            && page.contains("Aurora Lisboa Riverside")
            && page.contains("Choose a room")
    );
    let fragment = guest.get_fragment("aurora.localhost", &path).await.text().await.unwrap();
    assert!(fragment.contains("Aurora Berlin Mitte") && !fragment.contains("<html"));

    let kestrel: Value = guest.get_json("kestrel.localhost", &path).await.json().await.unwrap();
    assert_eq!(kestrel["results"][0]["fromTotal"]["currency"], "GBP");
}

async fn search_bad_input_is_a_clear_4xx(app: &TestApp) {
    let guest = app.guest();
    let (d1, d3, d40) = (day(1), day(3), day(40));
    let cases: Vec<(String, &str)> = vec![
        (format!("checkin=&checkout={d3}"), "checkin"),
        (format!("checkin=2020-01-01&checkout={d3}"), "checkin"),
        (format!("checkin=01/02/2030&checkout={d3}"), "checkin"),
        (format!("checkin={d3}&checkout={d1}"), "checkout"),
        (format!("checkin={d1}&checkout={d40}"), "checkout"),
        (format!("checkin={d1}&checkout={d3}&adults=0"), "adults"),
        (format!("checkin={d1}&checkout={d3}&adults=99"), "adults"),
        (format!("checkin={d1}&checkout={d3}&adults=two"), "adults"),
        (format!("checkin={d1}&checkout={d3}&children=3,18"), "children"),
        (format!("checkin={d1}&checkout={d3}&children=a,b"), "children"),
        (format!("checkin={d1}&checkout={d3}&rooms=6"), "rooms"),
        (format!("checkin={d1}&checkout={d3}&rooms=0"), "rooms"),
        (format!("checkin={d1}&checkout={d3}&promo=%3Cscript%3E"), "promo"),
    ];
    for (query, field) in cases {
        let res = guest.get_json("aurora.localhost", &format!("/search?{query}")).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{query}");
        assert_eq!(header(&res, "content-type"), "application/problem+json");
        let body: Value = res.json().await.unwrap();
        assert!(body["errors"][field].is_string(), "{query}: {body}");
        assert_eq!(body["status"], 422);

        let page = guest.get("aurora.localhost", &format!("/search?{query}")).await;
        assert_eq!(page.status(), StatusCode::UNPROCESSABLE_ENTITY, "{query}");
        let html = page.text().await.unwrap();
        assert!(html.contains(&format!("id=\"{field}-error\"")), "{query}");
        assert!(!html.contains("<script>"), "{query}");
    }
    // Duplicated parameters are refused, not guessed at.
    let res = guest.get_json("aurora.localhost", &format!("/search?checkin={d1}&checkin={d3}&checkout={d3}")).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let body: Value = res.json().await.unwrap();
    assert!(body["detail"].as_str().unwrap().contains("checkin"));
}

async fn search_keeps_what_the_guest_typed(app: &TestApp) {
    let path = format!("/search?checkin={}&checkout={}&adults=2&children=4,%3Cb%3E&promo=SUMMER", day(1), day(3));
    let res = app.guest().get_fragment("aurora.localhost", &path).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(html.contains("value=\"4,&#60;b&#62;\"") || html.contains("value=\"4,&lt;b&gt;\""), "{html}");
    assert!(html.contains("value=\"SUMMER\""));
    assert!(!html.contains("<b>"));
}

async fn unknown_host_is_a_404_naming_no_tenant(app: &TestApp) {
    let client = crate::common::client_for(app.addr, false);
    let res = client
        .get(format!("http://127.0.0.1:{}/search", app.addr.port()))
        .header("host", "evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let html = res.text().await.unwrap();
    for name in ["Aurora", "Kestrel", "Solstice"] {
        assert!(!html.contains(name), "404 page names a tenant: {html}");
    }
    let res = client
        .get(format!("http://127.0.0.1:{}/", app.addr.port()))
        .header("host", "evil.example")
        .header("accept", "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(header(&res, "content-type"), "application/problem+json");
}

async fn host_header_mismatch_is_a_400(app: &TestApp) {
    let res = app
        .guest()
        .client
        .get(app.url("aurora.localhost", "/"))
        .header("x-tenant-id", "kestrel")
        .header("accept", "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["title"], "Tenant mismatch");
}

async fn api_host_uses_the_tenant_header(app: &TestApp) {
    let guest = app.guest();
    let res = guest
        .client
        .get(app.url("localhost", "/bootstrap"))
        .header("x-tenant-id", "kestrel")
        .header("accept", "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["tenant"]["id"], "kestrel");
    // Bare localhost in demo mode lists the demo sites; other paths need a tenant.
    let index = guest.get("localhost", "/").await.text().await.unwrap();
    assert!(index.contains("http://aurora.localhost:") && index.contains("http://kestrel.localhost:"));
    assert_eq!(guest.get_json("localhost", "/bootstrap").await.status(), StatusCode::NOT_FOUND);
    let unknown = guest.client.get(app.url("localhost", "/")).header("x-tenant-id", "nobody").send().await.unwrap();
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
}

async fn restricted_and_sold_out_dates_say_why(app: &TestApp) {
    // Offset 9 is closed to arrival; offset 5 needs three nights (docs/upstreams.md).
    let guest = app.guest();
    let cta: Value = guest
        .get_json("aurora.localhost", &format!("/search?checkin={}&checkout={}", day(9), day(11)))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(cta["results"][0]["availability"], "restricted");
    assert!(cta["results"][0]["message"].as_str().unwrap().contains("Arrivals"));
    let min_stay: Value = guest
        .get_json("aurora.localhost", &format!("/search?checkin={}&checkout={}", day(5), day(6)))
        .await
        .json()
        .await
        .unwrap();
    assert!(min_stay["results"][0]["message"].as_str().unwrap().contains("at least 3 nights"));
    // Six adults in one room fit nowhere at Lisbon.
    let crowd: Value = guest
        .get_json("aurora.localhost", &format!("/search?checkin={}&checkout={}&adults=6", day(2), day(3)))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(crowd["results"][0]["availability"], "sold_out");
}
