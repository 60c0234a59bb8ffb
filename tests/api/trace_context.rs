//! W3C trace context and request logs, through the real binary: the upstream
//! calls of a request continue its trace as received (trace id, flags,
//! `tracestate`), and its JSON log lines all carry the trace id, one of them
//! the access line.

use std::io::BufRead;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use crate::common::{client_for, day};
use reqwest::StatusCode;
use serde_json::Value;

const TRACE: &str = "4bf92f3577b34da6a3ce929d0e0e4736";
const PARENT: &str = "00f067aa0ba902b7";
const TRACESTATE: &str = "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE";

#[tokio::test]
async fn an_unsampled_trace_reaches_the_upstreams_as_received_with_its_tracestate() {
    let server = Server::start();
    let request_id = "trace-unsampled-0001";

    let res = server.get_property(request_id, &[("traceparent", &format!("00-{TRACE}-{PARENT}-00"))], TRACESTATE).await;
    assert_eq!(res.status(), StatusCode::OK);

    let calls = server.upstream_calls(request_id).await;
    assert!(calls.len() >= 2, "the page calls its upstreams: {calls:?}");
    let mut parents = std::collections::HashSet::new();
    for call in &calls {
        let tp = call["traceparent"].as_str().unwrap_or_default();
        let fields: Vec<&str> = tp.split('-').collect();
        assert_eq!(fields.len(), 4, "{tp}");
        assert_eq!((fields[0], fields[1], fields[3]), ("00", TRACE, "00"), "same trace, flags as received: {tp}");
        assert!(fields[2] != PARENT && fields[2].len() == 16, "a parent id of our own: {tp}");
        parents.insert(fields[2].to_owned());
        assert_eq!(call["tracestate"], TRACESTATE, "tracestate unchanged: {call}");
    }
    assert_eq!(parents.len(), calls.len(), "a new parent id per call");
}

#[tokio::test]
async fn an_invalid_traceparent_starts_a_new_trace_without_the_tracestate() {
    let server = Server::start();
    let request_id = "trace-invalid-0001";
    let upper = format!("00-{}-{PARENT}-00", TRACE.to_uppercase());

    let res = server.get_property(request_id, &[("traceparent", &upper)], TRACESTATE).await;
    assert_eq!(res.status(), StatusCode::OK);

    let calls = server.upstream_calls(request_id).await;
    assert!(!calls.is_empty());
    let trace_of = |call: &Value| call["traceparent"].as_str().unwrap_or_default().split('-').nth(1).map(str::to_owned);
    let trace = trace_of(&calls[0]).expect("a traceparent");
    assert!(trace != TRACE.to_lowercase() && trace.len() == 32, "{trace}");
    for call in &calls {
        assert_eq!(trace_of(call).as_deref(), Some(trace.as_str()), "one new trace for the request: {call}");
        assert!(call["traceparent"].as_str().unwrap().ends_with("-01"), "we sample what we start: {call}");
        assert_eq!(call["tracestate"], Value::Null, "no tracestate without a valid traceparent: {call}");
    }
}

#[tokio::test]
async fn every_log_line_of_a_request_carries_its_trace_id_and_one_is_the_access_line() {
    let server = Server::start();
    let request_id = "trace-logged-0001";

    let res = server.get_property(request_id, &[("traceparent", &format!("00-{TRACE}-{PARENT}-01"))], "").await;
    assert_eq!(res.status(), StatusCode::OK);

    let lines = server.lines_of(request_id);
    assert!(lines.len() >= 3, "the request logs (RUST_LOG has debug for tower_http and reqwest): {lines:#?}");
    for line in &lines {
        assert!(line.to_string().contains(TRACE), "a line without the trace id: {line}");
    }
    let access: Vec<&Value> = lines.iter().filter(|l| l["target"] == "access").collect();
    assert_eq!(access.len(), 1, "one access line: {lines:#?}");
    let access = access[0];
    assert_eq!(access["level"], "INFO");
    assert_eq!(access["route"], "/properties/{id}", "the route template, not the path: {access}");
    assert_eq!(access["method"], "GET");
    assert_eq!(access["status"], 200);
    assert_eq!(access["tenant"], "aurora");
    assert!(access["duration_ms"].as_f64().is_some_and(|ms| ms > 0.0), "{access}");
    assert_eq!(access["span"]["trace_id"], TRACE, "{access}");
}

#[tokio::test]
async fn an_error_page_has_its_access_line_with_status_and_tenant() {
    let server = Server::start();
    let request_id = "trace-missing-0001";

    let res = server
        .client
        .get(server.url("/draft/0000000000000000"))
        .header("x-request-id", request_id)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);

    let lines = server.lines_of(request_id);
    let access: Vec<&Value> = lines.iter().filter(|l| l["target"] == "access").collect();
    assert_eq!(access.len(), 1, "{lines:#?}");
    assert_eq!(access[0]["status"], 404);
    assert_eq!(access[0]["tenant"], "aurora");
    assert_eq!(access[0]["route"], "/draft/{id}", "{}", access[0]);
    let trace_id = access[0]["span"]["trace_id"].as_str().unwrap_or_default();
    assert_eq!(trace_id.len(), 32, "a trace of our own is logged too: {}", access[0]);
}

/// The binary in demo mode with JSON logs on a pipe.
struct Server {
    child: Child,
    lines: Receiver<String>,
    port: u16,
    demo: String,
    client: reqwest::Client,
}

impl Server {
    fn start() -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_bff-tenant-booking"))
            .env_clear()
            .envs([
                ("LISTEN_ADDR", "127.0.0.1:0"),
                ("METRICS_ADDR", "127.0.0.1:0"),
                ("LOG_FORMAT", "json"),
                ("RUST_LOG", "info,tower_http=debug,reqwest=debug"),
            ])
            .env("SNAPSHOT_DIR", std::env::temp_dir().join(format!("bfftb-tracing-{}", std::process::id())))
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let (tx, lines) = channel();
        let stdout = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let deadline = Instant::now() + Duration::from_secs(20);
        let listening = loop {
            let line = lines
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
                .expect("the binary says where it listens");
            let json: Value = serde_json::from_str(&line).unwrap_or(Value::Null);
            if json["message"] == "listening" {
                break json;
            }
        };
        let addr: std::net::SocketAddr = listening["addr"].as_str().unwrap().parse().unwrap();
        let demo = listening["demo_platform"].as_str().unwrap().to_owned();
        Self { child, lines, port: addr.port(), demo, client: client_for(addr, false) }
    }

    fn url(&self, path: &str) -> String {
        format!("http://aurora.localhost:{}{path}", self.port)
    }

    /// The Lisbon property page, with these trace headers and a `tracestate`
    /// (none when empty).
    async fn get_property(&self, request_id: &str, headers: &[(&str, &str)], tracestate: &str) -> reqwest::Response {
        let path = format!("/properties/aurora-lisbon?checkin={}&checkout={}&adults=2", day(20), day(22));
        let mut req = self.client.get(self.url(&path)).header("x-request-id", request_id);
        for (name, value) in headers {
            req = req.header(*name, *value);
        }
        if !tracestate.is_empty() {
            req = req.header("tracestate", tracestate);
        }
        req.send().await.unwrap()
    }

    /// The calls the demo platform received for `request_id` (`/__admin/seen`).
    async fn upstream_calls(&self, request_id: &str) -> Vec<Value> {
        let seen: Value = reqwest::get(format!("{}/__admin/seen", self.demo)).await.unwrap().json().await.unwrap();
        seen.as_array().unwrap().iter().filter(|c| c["requestId"] == request_id).cloned().collect()
    }

    /// The JSON log lines that mention `request_id`, read until its access
    /// line has been written (at most 10 s) and a little after.
    fn lines_of(&self, request_id: &str) -> Vec<Value> {
        let mut ours = Vec::new();
        let mut deadline = Instant::now() + Duration::from_secs(10);
        let mut access_seen = false;
        while let Ok(line) = self.lines.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            if !line.contains(request_id) {
                continue;
            }
            let json: Value = serde_json::from_str(&line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"));
            if json["target"] == "access" && !access_seen {
                access_seen = true;
                deadline = Instant::now() + Duration::from_millis(300);
            }
            ours.push(json);
        }
        assert!(access_seen, "no access line for {request_id}: {ours:#?}");
        ours
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
