//! Operations endpoints, static assets, tracing propagation and configuration
//! errors, through the real server and the real binary.

use crate::common::{RedisServer, TestApp, day};
use reqwest::StatusCode;
use serde_json::Value;

#[tokio::test]
async fn health_and_readiness_without_redis() {
    let app = TestApp::spawn().await;
    let client = reqwest::Client::new();
    let base = format!("http://{}", app.addr);
    assert_eq!(client.get(format!("{base}/healthz")).send().await.unwrap().status(), StatusCode::OK);
    assert_eq!(client.get(format!("{base}/readyz")).send().await.unwrap().status(), StatusCode::OK);
}

#[tokio::test]
async fn readiness_follows_redis() {
    let mut redis = RedisServer::start().await;
    let app = TestApp::with_redis(&redis).await;
    let readyz = format!("http://{}/readyz", app.addr);
    assert_eq!(reqwest::get(&readyz).await.unwrap().status(), StatusCode::OK);
    redis.stop();
    let res = reqwest::get(&readyz).await.unwrap();
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(res.headers().contains_key("retry-after"));
    redis.restart().await;
    // The pool reconnects by itself.
    let mut ready = false;
    for _ in 0..100 {
        if reqwest::get(&readyz).await.unwrap().status() == StatusCode::OK {
            ready = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(ready, "readiness did not recover after Redis came back");
}

#[tokio::test]
async fn sync_contract_replicates_nothing() {
    let app = TestApp::spawn().await;
    let body: Value =
        reqwest::get(format!("http://{}/meta/sync-contract", app.addr)).await.unwrap().json().await.unwrap();
    assert_eq!(body["service"], "bff-tenant-booking-service");
    assert_eq!(body["replicatedAggregates"], serde_json::json!([]));
    let aggregates = body["aggregates"].as_array().unwrap();
    assert_eq!(aggregates.len(), 7);
    for aggregate in aggregates {
        assert_eq!(aggregate["replicated"], false, "{aggregate} must never be replicated");
    }
}

#[tokio::test]
async fn openapi_documents_the_json_routes() {
    let app = TestApp::spawn().await;
    let doc: Value = reqwest::get(format!("http://{}/openapi.json", app.addr)).await.unwrap().json().await.unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    for path in [
        "/",
        "/search",
        "/bootstrap",
        "/properties/{id}",
        "/draft",
        "/draft/{id}",
        "/draft/{id}/guest",
        "/draft/{id}/hold",
        "/draft/{id}/payment",
        "/draft/{id}/payment/return",
        "/confirmation/{reference}",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} missing from OpenAPI");
    }
    for schema in ["SearchView", "PropertyView", "DraftView", "ConfirmationView", "SelectBody", "GuestBody", "Problem"]
    {
        assert!(doc["components"]["schemas"][schema].is_object(), "{schema} missing");
    }
    assert!(doc["paths"]["/draft/{id}/guest"]["post"]["requestBody"].is_object());
}

/// Every operation of the document, as (method, path, operation).
fn operations(doc: &Value) -> Vec<(String, String, Value)> {
    let mut all = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            all.push((method.to_uppercase(), path.clone(), op.clone()));
        }
    }
    all
}

/// A response, its `$ref` (to `#/components/responses/…`) followed.
fn resolve<'a>(doc: &'a Value, response: &'a Value) -> &'a Value {
    match response["$ref"].as_str() {
        Some(r) => &doc["components"]["responses"][r.trim_start_matches("#/components/responses/")],
        None => response,
    }
}

#[tokio::test]
async fn openapi_is_complete_for_clients() {
    let app = TestApp::spawn().await;
    let doc: Value = reqwest::get(format!("http://{}/openapi.json", app.addr)).await.unwrap().json().await.unwrap();
    let ops = operations(&doc);

    // Operation ids: unique, and the client method names the app uses.
    let mut ids: Vec<&str> =
        ops.iter().map(|(m, p, op)| op["operationId"].as_str().unwrap_or_else(|| panic!("{m} {p}"))).collect();
    for id in [
        "getLanding",
        "search",
        "getProperty",
        "getBootstrap",
        "createDraft",
        "getDraft",
        "getDraftCountdown",
        "changeStay",
        "quoteDraft",
        "submitGuest",
        "holdDraft",
        "startPayment",
        "returnFromPayment",
        "cancelDraft",
        "getConfirmation",
        "findConfirmation",
        "consumeHandoff",
        "getHandoff",
        "signIn",
        "getSignIn",
        "signOut",
        "setPrefs",
        "recordConsent",
    ] {
        assert!(ids.contains(&id), "no operation {id}");
    }
    ids.sort_unstable();
    let count = ids.len();
    ids.dedup();
    assert_eq!(ids.len(), count, "operation ids are unique");

    for (method, path, op) in &ops {
        let responses = op["responses"].as_object().unwrap();
        for (status, response) in responses {
            let response = resolve(&doc, response);
            let description = response["description"].as_str().unwrap_or("");
            assert!(!description.trim().is_empty(), "{method} {path} {status}: no description");
            let code: u16 = status.parse().unwrap();
            if code >= 400 {
                // Every error is a Problem (draft mutations may answer the draft itself).
                let content = &response["content"];
                assert!(content.is_object(), "{method} {path} {status}: no content");
                let problem = &content["application/problem+json"]["schema"]["$ref"];
                let draft = &content["application/json"]["schema"]["$ref"];
                assert!(
                    problem == "#/components/schemas/Problem" || draft == "#/components/schemas/DraftView",
                    "{method} {path} {status}: {content:?}"
                );
            }
            if code == 429 || (code == 503 && !path.starts_with("/draft/{id}")) {
                assert!(response["headers"]["Retry-After"].is_object(), "{method} {path} {status}: Retry-After");
            }
        }
        let params: Vec<String> = op["parameters"]
            .as_array()
            .map(|ps| {
                ps.iter()
                    .map(|p| match p["$ref"].as_str() {
                        Some(r) => {
                            doc["components"]["parameters"][r.trim_start_matches("#/components/parameters/")]["name"]
                                .as_str()
                                .unwrap()
                                .to_owned()
                        }
                        None => p["name"].as_str().unwrap().to_owned(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let tags = op["tags"].to_string();
        if !tags.contains("operations") && !tags.contains("gateway") {
            for header in ["X-Tenant-Id", "Accept-Language"] {
                assert!(params.iter().any(|p| p == header), "{method} {path}: no {header}");
            }
            assert!(responses.contains_key("503") && responses.contains_key("400"), "{method} {path}");
        }
        if method == "POST" && path.starts_with("/draft/{id}/") {
            assert!(params.iter().any(|p| p == "If-Match"), "{method} {path}: no If-Match");
            assert!(responses.contains_key("428"), "{method} {path}: no 428");
        }
        if path.starts_with("/draft") && ["200", "201"].iter().any(|s| responses.contains_key(*s)) {
            let ok = responses.get("200").or_else(|| responses.get("201")).unwrap();
            if ok["content"]["application/json"]["schema"]["$ref"] == "#/components/schemas/DraftView" {
                assert!(ok["headers"]["ETag"].is_object(), "{method} {path}: no ETag");
            }
        }
        if method == "POST" && !tags.contains("gateway") {
            assert!(responses.contains_key("429") && responses.contains_key("403"), "{method} {path}");
        }
    }

    // The enums of the draft, and the problem's errors map.
    let schemas = &doc["components"]["schemas"];
    let states = schemas["DraftState"]["enum"].to_string();
    for state in ["selecting", "held", "payment_pending", "confirmed", "refund_pending", "refunded"] {
        assert!(states.contains(&format!("\"{state}\"")), "{state}: {states}");
    }
    assert!(schemas["FunnelStep"]["enum"].to_string().contains("\"refunded\""));
    assert!(schemas["DraftAction"]["enum"].to_string().contains("\"hold_room\""));
    assert_eq!(schemas["DraftView"]["properties"]["state"]["$ref"], "#/components/schemas/DraftState");
    assert!(schemas["Problem"]["properties"]["errors"].to_string().contains("additionalProperties"));

    // The app's bearer token, on the routes that read it.
    assert_eq!(doc["components"]["securitySchemes"]["iam"]["scheme"], "bearer");
    for (path, method) in [("/bootstrap", "get"), ("/search", "get"), ("/draft", "post"), ("/draft/{id}", "get")] {
        assert!(doc["paths"][path][method]["security"].to_string().contains("iam"), "{method} {path}");
    }
}

#[tokio::test]
async fn metrics_count_requests_per_route() {
    let app = TestApp::spawn().await;
    app.guest().get("aurora.localhost", &format!("/search?checkin={}&checkout={}", day(1), day(2))).await;
    let text = app.metrics().await;
    assert!(text.contains("http_requests_total{route=\"/search\""), "{text}");
    assert!(text.contains("upstream_request_duration_seconds"), "{text}");
    // The latency histogram is labelled with the status too, as documented.
    let search_latency =
        |l: &&str| l.starts_with("http_request_duration_seconds_count{") && l.contains(r#"route="/search""#);
    assert!(
        text.lines().filter(search_latency).any(|l| l.contains(r#"method="GET""#) && l.contains(r#"status="200""#)),
        "{text}"
    );
}

#[tokio::test]
async fn made_up_methods_do_not_add_metric_series() {
    let app = TestApp::spawn().await;
    let client = crate::common::client_for(app.addr, false);
    for i in 0..5 {
        let method = reqwest::Method::from_bytes(format!("MADEUP{i}").as_bytes()).unwrap();
        let res = client.request(method, app.url("aurora.localhost", "/")).send().await.unwrap();
        assert!(res.status().is_client_error(), "{}", res.status());
    }
    let text = app.metrics().await;
    assert!(!text.contains("MADEUP"), "one series per made-up method:\n{text}");
    assert!(text.contains(r#"method="_OTHER""#), "{text}");
}

#[tokio::test]
async fn metrics_are_served_on_their_own_listener_not_on_tenant_hosts() {
    let app = TestApp::spawn().await;
    for host in ["aurora.localhost", "localhost"] {
        let res = app.guest().get(host, "/metrics").await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{host}");
    }
    let res = reqwest::get(format!("http://{}/metrics", app.addr)).await.unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = reqwest::get(app.metrics_url()).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/plain"));
    assert!(res.text().await.unwrap().contains("# TYPE http_requests_total counter"));
}

#[tokio::test]
async fn request_id_and_trace_reach_every_upstream_call() {
    let app = TestApp::spawn().await;
    let trace = "4bf92f3577b34da6a3ce929d0e0e4736";
    let res = app
        .guest()
        .client
        .get(app.url("aurora.localhost", &format!("/search?checkin={}&checkout={}", day(1), day(2))))
        .header("x-request-id", "test-request-0001")
        .header("traceparent", format!("00-{trace}-00f067aa0ba902b7-01"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["x-request-id"], "test-request-0001");
    let seen = app.demo_get("/__admin/seen").await;
    let ours: Vec<&Value> = seen.as_array().unwrap().iter().filter(|c| c["requestId"] == "test-request-0001").collect();
    assert!(ours.iter().filter(|c| c["upstream"] == "availability").count() == 2, "{seen}");
    for call in ours {
        let tp = call["traceparent"].as_str().unwrap();
        assert!(tp.starts_with(&format!("00-{trace}-")), "{tp}");
        assert!(!tp.contains("00f067aa0ba902b7"), "each upstream call gets its own span id");
    }
}

#[tokio::test]
async fn static_assets_are_immutable_and_unknown_ones_are_404() {
    let app = TestApp::spawn().await;
    let guest = app.guest();
    let html = guest.get("aurora.localhost", "/").await.text().await.unwrap();
    // The landing names htmx for its first interaction rather than loading it.
    assert!(!html.contains("<script src=\"/static/htmx-"), "htmx is not loaded with the landing");
    let htmx = html.split("<meta name=\"htmx-on-interaction\" content=\"").nth(1).unwrap().split('"').next().unwrap();
    assert!(htmx.starts_with("/static/htmx-2.0.11."));
    let res = guest.get("aurora.localhost", htmx).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["cache-control"], "public, max-age=31536000, immutable");
    for bad in ["/static/htmx.js", "/static/..%2f..%2fetc%2fpasswd", "/static/%2e%2e/Cargo.toml"] {
        assert_eq!(guest.get("aurora.localhost", bad).await.status(), StatusCode::NOT_FOUND, "{bad}");
    }
}

#[tokio::test]
async fn security_headers_on_pages_and_errors() {
    let app = TestApp::spawn().await;
    let guest = app.guest();
    for path in ["/", "/does-not-exist"] {
        let res = guest.get("aurora.localhost", path).await;
        let csp = res.headers()["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe"));
        assert_eq!(res.headers()["x-content-type-options"], "nosniff");
    }
    let missing = guest.get("aurora.localhost", "/does-not-exist").await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert!(missing.text().await.unwrap().contains("Aurora Hotels"), "a tenant's own 404 page is branded");
}

#[tokio::test]
async fn subresources_carry_nosniff_and_not_the_headers_only_documents_use() {
    let app = TestApp::spawn().await;
    let guest = app.guest();
    let html = guest.get("aurora.localhost", "/").await.text().await.unwrap();
    // Every stylesheet, script, icon and manifest the head links.
    let head = &html[..html.find("</head>").unwrap()];
    let hrefs: Vec<String> = ["href=\"/", "src=\"/"]
        .iter()
        .flat_map(|needle| head.match_indices(needle).map(move |(at, _)| at + needle.len() - 1))
        .map(|start| head[start..start + head[start..].find('"').unwrap()].to_owned())
        .collect();
    let mut kinds = Vec::new();
    for href in &hrefs {
        let res = guest.get("aurora.localhost", href).await;
        assert_eq!(res.status(), StatusCode::OK, "{href}");
        let kind = res.headers()["content-type"].to_str().unwrap().to_owned();
        assert_eq!(res.headers()["x-content-type-options"], "nosniff", "{href}");
        let document_only = ["content-security-policy", "x-frame-options", "referrer-policy"];
        if kind.starts_with("image/svg+xml") {
            // Opened on its own an SVG is a document: it keeps its policy.
            assert!(document_only.iter().all(|h| res.headers().contains_key(*h)), "{href}");
        } else {
            assert!(document_only.iter().all(|h| !res.headers().contains_key(*h)), "{href} ({kind})");
        }
        kinds.push(kind);
    }
    for kind in ["text/css", "text/javascript", "image/svg+xml", "image/png", "application/manifest+json"] {
        assert!(kinds.iter().any(|k| k.starts_with(kind)), "the landing links a {kind}: {hrefs:?}");
    }
}

#[tokio::test]
async fn upstream_failure_is_a_clear_page_not_a_500() {
    let app = TestApp::spawn().await;
    app.fault(serde_json::json!({"upstream": "availability", "status": 503})).await;
    let path = format!("/search?checkin={}&checkout={}", day(1), day(2));
    let res = app.guest().get_json("aurora.localhost", &path).await;
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(res.headers().contains_key("retry-after"));
    let body: Value = res.json().await.unwrap();
    assert!(body["detail"].as_str().unwrap().contains("Nothing you entered is lost"));
}

#[tokio::test]
async fn one_slow_property_does_not_fail_the_page() {
    let app = TestApp::spawn().await;
    // Three calls fail: both first attempts and the first retry, so exactly one property fails.
    app.fault(serde_json::json!({"upstream": "availability", "status": 500, "times": 3})).await;
    let body: Value = app
        .guest()
        .get_json("aurora.localhost", &format!("/search?checkin={}&checkout={}", day(1), day(2)))
        .await
        .json()
        .await
        .unwrap();
    let results = body["results"].as_array().unwrap();
    let failed = results.iter().filter(|r| r["availability"] == "unavailable").count();
    assert!(failed >= 1 && failed < results.len(), "{body}");
}

#[test]
fn bad_configuration_stops_start_up_naming_the_variable() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_bff-tenant-booking"))
        .env("LISTEN_ADDR", "not-an-address")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(CONFIGURATION_ERROR));
    assert!(String::from_utf8_lossy(&out.stderr).contains("LISTEN_ADDR"));
}

#[test]
fn the_contract_check_refuses_what_the_document_does_not_allow() {
    use crate::common::contract::check;
    let refused = |status: u16, body: Value| {
        std::panic::catch_unwind(|| check("GET", "/draft/0123", status, "application/json", &body)).is_err()
    };
    assert!(refused(200, serde_json::json!({"id": 1})), "a draft without its fields");
    assert!(refused(418, serde_json::json!({})), "a status the route does not document");
    let problem = serde_json::json!({"type": "/problems/not-found", "title": "Not found", "status": 404,
        "detail": "…", "instance": "/draft/0123", "requestId": "r"});
    check("GET", "/draft/0123", 404, "application/problem+json", &problem);
    // An unknown path (the fallback's 404) is not the document's business.
    check("GET", "/nowhere/at/all", 404, "application/problem+json", &problem);
}

/// The exit code of every configuration error (README, Configuration).
const CONFIGURATION_ERROR: i32 = 78;

#[test]
fn every_configuration_error_exits_with_the_same_code_naming_the_variable() {
    for (variable, value) in [
        ("LISTEN_ADDR", "not-an-address"),
        ("API_HOSTS", ",,,"),
        ("API_HOSTS", "api.example.com, not a host"),
        ("RUST_LOG", "info,bff_tenant_booking=loud"),
        ("REDIS_URL", "redis://localhost:notaport/"),
        // Read from the environment, refused when start-up parses it.
        ("HANDOFF_KEYS", "k1=c2hvcnQ="),
    ] {
        let (code, stderr) = refused(binary(&[], &[(variable, value), ("METRICS_ADDR", "127.0.0.1:0")]));
        assert_eq!(code, Some(CONFIGURATION_ERROR), "{variable}={value}: {stderr}");
        assert!(stderr.contains(variable), "{variable}={value}: {stderr}");
        assert!(!stderr.contains("c2hvcnQ"), "a key is never printed: {stderr}");
    }
    let mint = [
        "mint-handoff",
        "--tenant",
        "aurora",
        "--property",
        "aurora-lisbon",
        "--checkin",
        "2030-01-01",
        "--checkout",
        "2030-01-02",
        "--adults",
        "2",
    ];
    let (code, stderr) = refused(binary(&mint, &[("UPSTREAM_PRICING_URL", "http://x")]));
    assert_eq!(code, Some(CONFIGURATION_ERROR), "{stderr}");
    assert!(stderr.contains("HANDOFF_KEYS"), "{stderr}");
    // Usage errors keep their own code.
    let (code, _) = refused(binary(&["no-such-command"], &[]));
    assert_eq!(code, Some(2));
}

/// Starts the binary with only `env` set (no inherited configuration).
fn binary(args: &[&str], env: &[(&str, &str)]) -> std::process::Child {
    std::process::Command::new(env!("CARGO_BIN_EXE_bff-tenant-booking"))
        .args(args)
        .env_clear()
        .envs(env.iter().copied())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap()
}

/// The exit code and standard error of a run that must end by itself within
/// 15 s; a run that does not is killed and fails the test.
fn refused(mut child: std::process::Child) -> (Option<i32>, String) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("still running: it was not refused");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
}

/// Waits (at most 15 s) for a line containing `needle` on the child's stdout
/// or stderr, then stops the child.
fn serves(mut child: std::process::Child, needle: &str) {
    use std::io::BufRead;
    let (tx, rx) = std::sync::mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    let stderr = child.stderr.take().unwrap();
    for pipe in [Box::new(stdout) as Box<dyn std::io::Read + Send>, Box::new(stderr)] {
        let tx = tx.clone();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(pipe).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
    }
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    let mut seen = Vec::new();
    let found = loop {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        match rx.recv_timeout(left) {
            Ok(line) if line.contains(needle) => break true,
            Ok(line) => seen.push(line),
            Err(_) => break false,
        }
    };
    let _ = child.kill();
    let _ = child.wait();
    assert!(found, "no `{needle}` in:\n{}", seen.join("\n"));
}

#[test]
fn demo_mode_refuses_a_public_address_unless_demo_public_is_set() {
    let public = [("LISTEN_ADDR", "0.0.0.0:0"), ("METRICS_ADDR", "127.0.0.1:0")];
    let (code, stderr) = refused(binary(&[], &public));
    assert_eq!(code, Some(CONFIGURATION_ERROR), "{stderr}");
    assert!(stderr.contains("LISTEN_ADDR") && stderr.contains("DEMO_PUBLIC=1"), "{stderr}");
    let (code, stderr) = refused(binary(&["demo-platform", "--listen", "0.0.0.0:0"], &[]));
    assert_eq!(code, Some(CONFIGURATION_ERROR), "{stderr}");
    assert!(stderr.contains("DEMO_PUBLIC=1"), "{stderr}");

    // Asked for in so many words, both start.
    serves(binary(&[], &[public[0], public[1], ("DEMO_PUBLIC", "1")]), "Demo sites");
    serves(binary(&["demo-platform", "--listen", "0.0.0.0:0"], &[("DEMO_PUBLIC", "1")]), "demo platform listening");
}

#[tokio::test]
async fn the_published_demo_webhook_secret_is_refused_outside_demo_mode() {
    let demo = bff_tenant_booking::demo::start().await.unwrap().base_url();
    let published = bff_tenant_booking::secret::Secret::new(bff_tenant_booking::demo::DEMO_WEBHOOK_SECRET.into());
    let settings = TestApp::builder().platform(&demo).with(|s| s.payment_webhook_secret = published).settings().await;
    let err = bff_tenant_booking::startup::build(settings).await.err().expect("refused");
    assert!(err.to_string().starts_with("PAYMENT_WEBHOOK_SECRET"), "{err}");
    assert!(!err.to_string().contains(bff_tenant_booking::demo::DEMO_WEBHOOK_SECRET), "{err}");
}

// The checks block their thread while the in-process server answers on another.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_healthcheck_command_asks_the_running_instance() {
    let app = TestApp::spawn().await;
    let run = |args: &[&str], listen: String| {
        let (code, stderr) = refused(binary(args, &[("LISTEN_ADDR", listen.as_str())]));
        (code, stderr)
    };
    let port = app.addr.port();
    assert_eq!(run(&["healthcheck"], format!("127.0.0.1:{port}")).0, Some(0));
    // The image listens on 0.0.0.0: the check asks this host.
    assert_eq!(run(&["healthcheck", "--ready"], format!("0.0.0.0:{port}")).0, Some(0));
    // Nobody listening: unhealthy, said why.
    let (code, stderr) = run(&["healthcheck"], format!("127.0.0.1:{}", crate::common::free_port()));
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("/healthz"), "{stderr}");
    assert_eq!(run(&["healthcheck", "--bogus"], format!("127.0.0.1:{port}")).0, Some(2));
}

/// SIGTERM stops taking connections and lets the request in flight finish:
/// a rolling deploy loses nobody's page.
#[tokio::test]
async fn sigterm_drains_the_request_in_flight_then_exits_cleanly() {
    use std::io::BufRead;
    let port = crate::common::free_port();
    let listen = format!("127.0.0.1:{port}");
    let metrics = format!("127.0.0.1:{}", crate::common::free_port());
    let mut child =
        binary(&[], &[("LISTEN_ADDR", listen.as_str()), ("METRICS_ADDR", metrics.as_str()), ("LOG_FORMAT", "json")]);
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let demo = loop {
        let line = rx.recv_timeout(std::time::Duration::from_secs(15)).expect("the service starts");
        if let Ok(log) = serde_json::from_str::<Value>(&line)
            && log["message"] == "listening"
        {
            break log["demo_platform"].as_str().expect("demo mode names its platform").to_owned();
        }
    };
    // The availability answer takes 1.5 s: the page is in flight when SIGTERM comes.
    let fault = serde_json::json!({"upstream": "availability", "latencyMs": 1500, "times": 1});
    reqwest::Client::new().post(format!("{demo}/__admin/faults")).json(&fault).send().await.unwrap();
    let client = crate::common::client_for(format!("127.0.0.1:{port}").parse().unwrap(), false);
    let url = format!("http://aurora.localhost:{port}/search?checkin={}&checkout={}&adults=2", day(20), day(22));
    let in_flight = tokio::spawn({
        let (client, url) = (client.clone(), url.clone());
        async move { client.get(url).send().await }
    });
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    let status = std::process::Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(status.success());
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    // No new connection is taken once draining starts.
    assert!(client.get(&url).send().await.is_err(), "a new request was accepted after SIGTERM");
    let res = in_flight.await.unwrap().expect("the request in flight is answered");
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().await.unwrap().contains("</html>"), "the whole page arrived");
    let (code, stderr) = refused(child);
    assert_eq!(code, Some(0), "a clean exit after the drain: {stderr}");
}
