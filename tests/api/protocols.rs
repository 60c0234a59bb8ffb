//! The wire, below the routes: HTTP/2 with prior knowledge (h2c), HTTP/1.0,
//! pipelined HTTP/1.1, bytes that are no HTTP at all, and connections that
//! send too little or go quiet (`HEADER_READ_TIMEOUT_MS`,
//! `KEEPALIVE_IDLE_TIMEOUT_SECS`). Each speaks to the real server on a raw
//! socket or through hyper's own HTTP/2 client, as a client on the wire would.
//!
//! "Closed" is read as the server closing: the test reads until end of stream,
//! with an outer bound far above the limit under test only so that a server
//! that never closes fails the test instead of hanging it.

use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, Version};
use hyper_util::rt::{TokioExecutor, TokioIo};
use reqwest::StatusCode;
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::common::TestApp;

/// Far above every limit these tests set: only a server that never closes
/// reaches it.
const NEVER: Duration = Duration::from_secs(30);

/// Everything the server sends until it closes the connection; fails if it
/// has not closed within [`NEVER`].
async fn until_closed(stream: &mut TcpStream) -> Vec<u8> {
    let mut answer = Vec::new();
    match tokio::time::timeout(NEVER, stream.read_to_end(&mut answer)).await {
        Ok(Ok(_)) => answer,
        // A reset is a close too.
        Ok(Err(e)) if e.kind() == std::io::ErrorKind::ConnectionReset => answer,
        Ok(Err(e)) => panic!("reading: {e}"),
        Err(_) => panic!("the server kept the connection open (it sent {:?})", String::from_utf8_lossy(&answer)),
    }
}

/// One HTTP/1 response read off a raw connection.
struct RawResponse {
    status_line: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl RawResponse {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Reads HTTP/1 responses off `stream` one at a time, keeping what it read
/// beyond the current one.
struct Responses<'a> {
    stream: &'a mut TcpStream,
    buf: Vec<u8>,
}

impl<'a> Responses<'a> {
    fn new(stream: &'a mut TcpStream) -> Self {
        Self { stream, buf: Vec::new() }
    }

    async fn fill(&mut self) {
        let mut chunk = [0; 8192];
        let n = tokio::time::timeout(NEVER, self.stream.read(&mut chunk)).await.expect("an answer").expect("reading");
        assert!(n > 0, "closed mid-response: {:?}", String::from_utf8_lossy(&self.buf));
        self.buf.extend_from_slice(&chunk[..n]);
    }

    async fn take(&mut self, n: usize) -> Vec<u8> {
        while self.buf.len() < n {
            self.fill().await;
        }
        self.buf.drain(..n).collect()
    }

    async fn line(&mut self) -> String {
        loop {
            if let Some(at) = self.buf.windows(2).position(|w| w == b"\r\n") {
                let line = self.take(at + 2).await;
                return String::from_utf8(line[..at].to_vec()).expect("an ASCII line");
            }
            self.fill().await;
        }
    }

    async fn next(&mut self) -> RawResponse {
        let status_line = self.line().await;
        let mut headers = Vec::new();
        loop {
            let line = self.line().await;
            if line.is_empty() {
                break;
            }
            let (name, value) = line.split_once(':').expect("a header line");
            headers.push((name.trim().to_owned(), value.trim().to_owned()));
        }
        let mut response = RawResponse { status_line, headers, body: Vec::new() };
        if response.header("transfer-encoding").is_some_and(|t| t.eq_ignore_ascii_case("chunked")) {
            loop {
                let size = usize::from_str_radix(self.line().await.split(';').next().unwrap().trim(), 16).unwrap();
                let chunk = self.take(size + 2).await;
                if size == 0 {
                    break;
                }
                response.body.extend_from_slice(&chunk[..size]);
            }
        } else {
            let length: usize = response.header("content-length").map_or(0, |l| l.parse().unwrap());
            response.body = self.take(length).await;
        }
        response
    }
}

fn get(path: &str, host: &str, extra: &str) -> String {
    format!("GET {path} HTTP/1.1\r\nHost: {host}\r\n{extra}\r\n")
}

// ---------------------------------------------------------------------------
// HTTP/2 with prior knowledge
// ---------------------------------------------------------------------------

/// An HTTP/2 connection with prior knowledge (h2c), as a gRPC-style client or
/// a proxy speaking HTTP/2 to its backend opens it; and the task driving it,
/// which ends when the connection does.
async fn h2c(app: &TestApp) -> (hyper::client::conn::http2::SendRequest<Body>, tokio::task::JoinHandle<()>) {
    let stream = TcpStream::connect(app.addr).await.unwrap();
    let (send, conn) = hyper::client::conn::http2::handshake(TokioExecutor::new(), TokioIo::new(stream))
        .await
        .expect("an h2c handshake");
    let driven = tokio::spawn(async move {
        // An error here is the connection ending, which the tests read as such.
        let _ = conn.await;
    });
    (send, driven)
}

async fn h2_get(
    send: &mut hyper::client::conn::http2::SendRequest<Body>,
    app: &TestApp,
    host: &str,
    path: &str,
    accept: &str,
) -> (axum::http::response::Parts, String) {
    // The tenant is named by the `:authority` pseudo-header (no Host header).
    let req = Request::get(format!("http://{host}:{}{path}", app.addr.port()))
        .header("accept", accept)
        .body(Body::empty())
        .unwrap();
    send.ready().await.expect("the connection takes a request");
    let res = send.send_request(req).await.expect("an HTTP/2 response");
    let (parts, body) = res.into_parts();
    let body = axum::body::to_bytes(Body::new(body), usize::MAX).await.expect("the whole body");
    (parts, String::from_utf8(body.to_vec()).expect("a UTF-8 body"))
}

#[tokio::test]
async fn an_h2c_client_gets_each_tenants_pages_and_json_on_one_connection() {
    let app = TestApp::spawn().await;
    let (mut send, _driven) = h2c(&app).await;

    let (page, html) = h2_get(&mut send, &app, "aurora.localhost", "/", "text/html").await;
    assert_eq!(page.version, Version::HTTP_2);
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.headers["content-type"].to_str().unwrap().starts_with("text/html"));
    assert_eq!(page.headers["x-content-type-options"], "nosniff");
    assert!(page.headers["content-security-policy"].to_str().unwrap().contains("default-src 'self'"));
    assert!(!page.headers["x-request-id"].is_empty());
    assert!(html.contains("Aurora Hotels") && html.contains("theme-harbor"), "{html}");

    // Another tenant on the same connection: each request is resolved by its own authority.
    let (json, body) = h2_get(&mut send, &app, "kestrel.localhost", "/", "application/json").await;
    assert_eq!(json.status, StatusCode::OK);
    assert_eq!(json.headers["content-type"], "application/json");
    assert_eq!(json.headers["vary"], "Accept, HX-Request, Accept-Language");
    let body: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(body["tenant"]["id"], "kestrel");
    assert_eq!(body["properties"].as_array().unwrap().len(), 2);

    // Multiplexed: several streams at once on the one connection.
    let answers = futures::future::join_all((0..4).map(|_| {
        let mut send = send.clone();
        let app = &app;
        async move { h2_get(&mut send, app, "solstice.localhost", "/bootstrap", "application/json").await }
    }))
    .await;
    for (parts, body) in answers {
        assert_eq!(parts.status, StatusCode::OK);
        assert_eq!(serde_json::from_str::<Value>(&body).unwrap()["tenant"]["id"], "solstice");
    }
}

#[tokio::test]
async fn an_h2c_request_for_an_unknown_authority_names_no_tenant() {
    let app = TestApp::spawn().await;
    let (mut send, _driven) = h2c(&app).await;
    let (parts, _) = h2_get(&mut send, &app, "nobody.example", "/", "application/json").await;
    assert_eq!(parts.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_h2c_request_to_the_api_host_gets_the_demo_index_by_its_authority() {
    let app = TestApp::spawn().await;
    let (mut send, _driven) = h2c(&app).await;
    // No Host header on HTTP/2: the demo index is found by `:authority` alone.
    let (parts, html) = h2_get(&mut send, &app, "localhost", "/", "text/html").await;
    assert_eq!(parts.status, StatusCode::OK);
    assert!(html.contains("http://aurora.localhost:") && html.contains("http://kestrel.localhost:"), "{html}");
}

// ---------------------------------------------------------------------------
// HTTP/1.0 and pipelined HTTP/1.1
// ---------------------------------------------------------------------------

#[tokio::test]
async fn an_http_1_0_request_is_answered_and_the_connection_closed() {
    let app = TestApp::spawn().await;
    let mut stream = TcpStream::connect(app.addr).await.unwrap();
    stream.write_all(b"GET / HTTP/1.0\r\nHost: aurora.localhost\r\nAccept: application/json\r\n\r\n").await.unwrap();
    let answer = String::from_utf8(until_closed(&mut stream).await).unwrap();
    let (head, body) = answer.split_once("\r\n\r\n").expect("a whole response");
    assert!(head.starts_with("HTTP/1.0 200 OK\r\n"), "{head}");
    // Without keep-alive a 1.0 response is framed by the close, or by its length.
    assert!(!head.to_ascii_lowercase().contains("transfer-encoding"), "{head}");
    let json: Value = serde_json::from_str(body).unwrap();
    assert_eq!(json["tenant"]["id"], "aurora");
}

#[tokio::test]
async fn pipelined_http_1_1_requests_are_answered_in_order_on_one_connection() {
    let app = TestApp::spawn().await;
    let mut stream = TcpStream::connect(app.addr).await.unwrap();
    // Three requests in one write, before any answer.
    let requests = [
        get("/healthz", "aurora.localhost", ""),
        get("/", "kestrel.localhost", "Accept: application/json\r\n"),
        get("/", "aurora.localhost", "Accept: application/json\r\nConnection: close\r\n"),
    ]
    .concat();
    stream.write_all(requests.as_bytes()).await.unwrap();

    let mut responses = Responses::new(&mut stream);
    let health = responses.next().await;
    assert_eq!(health.status_line, "HTTP/1.1 200 OK");
    assert_eq!(health.text(), "ok");
    let kestrel = responses.next().await;
    assert_eq!(kestrel.status_line, "HTTP/1.1 200 OK");
    assert_eq!(serde_json::from_str::<Value>(&kestrel.text()).unwrap()["tenant"]["id"], "kestrel");
    let aurora = responses.next().await;
    assert_eq!(aurora.status_line, "HTTP/1.1 200 OK");
    assert_eq!(aurora.header("connection"), Some("close"));
    assert_eq!(serde_json::from_str::<Value>(&aurora.text()).unwrap()["tenant"]["id"], "aurora");
    assert!(responses.buf.is_empty());
    assert!(until_closed(&mut stream).await.is_empty(), "nothing after the last answer");
}

#[tokio::test]
async fn an_http_1_request_whose_first_byte_matches_the_h2_preface_is_served_as_http_1() {
    // `PUT` starts like `PRI * HTTP/2.0`: such a connection goes to the
    // auto-detecting connection, which must still see HTTP/1 once more bytes come.
    let app = TestApp::spawn().await;
    let mut stream = TcpStream::connect(app.addr).await.unwrap();
    stream.write_all(b"P").await.unwrap();
    stream.flush().await.unwrap();
    // Not synchronisation: only a likely split into two segments. The answer
    // must be the same however the server's first read is cut.
    tokio::time::sleep(Duration::from_millis(100)).await;
    stream.write_all(b"UT /healthz HTTP/1.1\r\nHost: aurora.localhost\r\nConnection: close\r\n\r\n").await.unwrap();
    let answer = String::from_utf8(until_closed(&mut stream).await).unwrap();
    assert!(answer.starts_with("HTTP/1.1 405 Method Not Allowed\r\n"), "{answer}");

    let mut stream = TcpStream::connect(app.addr).await.unwrap();
    stream.write_all(b"PRI * HTTP/1.1\r\nHost: aurora.localhost\r\nConnection: close\r\n\r\n").await.unwrap();
    let answer = String::from_utf8(until_closed(&mut stream).await).unwrap();
    assert!(!answer.contains(" 200 "), "not served as a page: {answer}");
}

// ---------------------------------------------------------------------------
// Bytes that are not HTTP
// ---------------------------------------------------------------------------

#[tokio::test]
async fn garbage_gets_a_400_or_a_close_and_the_server_serves_on() {
    let app = TestApp::spawn().await;
    let garbage: [&[u8]; 6] = [
        b"\x00\x01\x02\x03\xff\xfe\r\n\r\n",
        b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", // a TLS ClientHello's start
        b"GET / HTTP/9.9\r\nHost: aurora.localhost\r\n\r\n",
        b"GET /\x7f\x00 HTTP/1.1\r\nHost: aurora.localhost\r\n\r\n",
        b"PRI * HTTP/2.0\r\n\r\nXX\r\n\r\n\x00\x00\x00\x00\x00\x00\x00\x00\x00", // a preface, then no SETTINGS
        b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\xff\xff\xff\x04\x00\x00\x00\x00\x00", // a preface, then a frame far too large
    ];
    for bytes in garbage {
        let mut stream = TcpStream::connect(app.addr).await.unwrap();
        stream.write_all(bytes).await.unwrap();
        // Shut our side: a server still waiting for more would see the end.
        stream.shutdown().await.unwrap();
        let answer = until_closed(&mut stream).await;
        let text = String::from_utf8_lossy(&answer);
        assert!(
            answer.is_empty()
                || text.starts_with("HTTP/1.1 400 ")
                || text.starts_with("HTTP/1.1 505 ")
                || !text.starts_with("HTTP/"),
            "{bytes:?}: {text}"
        );
        assert!(!text.contains(" 200 "), "{bytes:?}: {text}");
    }
    let res = app.guest().get("aurora.localhost", "/healthz").await;
    assert_eq!(res.status(), StatusCode::OK);
}

// ---------------------------------------------------------------------------
// Slow and idle connections
// ---------------------------------------------------------------------------

/// A server whose connections must send their first request head within
/// `header_ms`, and may stay idle `idle_secs` between requests.
async fn with_limits(header_ms: u64, idle_secs: u64) -> TestApp {
    TestApp::spawn_with(move |s| {
        s.header_read_timeout = Duration::from_millis(header_ms);
        s.keepalive_idle_timeout = Duration::from_secs(idle_secs);
    })
    .await
}

#[tokio::test]
async fn a_silent_connection_is_closed_after_the_header_read_timeout() {
    let app = with_limits(500, 600).await;
    let mut stream = TcpStream::connect(app.addr).await.unwrap();
    assert!(until_closed(&mut stream).await.is_empty(), "closed without an answer");
}

#[tokio::test]
async fn a_half_sent_request_head_is_closed_after_the_header_read_timeout() {
    let app = with_limits(500, 600).await;
    for partial in [
        "GET / HTTP/1.1\r\nHost: aurora.localhost\r\n",
        "GET /sea",
        // The start of the HTTP/2 preface, then nothing.
        "PRI * HTTP/2.0\r\n",
        "P",
    ] {
        let mut stream = TcpStream::connect(app.addr).await.unwrap();
        stream.write_all(partial.as_bytes()).await.unwrap();
        let answer = until_closed(&mut stream).await;
        let text = String::from_utf8_lossy(&answer);
        // Nothing served: at most a 408 saying why.
        assert!(answer.is_empty() || text.starts_with("HTTP/1.1 408 "), "{partial:?}: {text}");
    }
}

#[tokio::test]
async fn a_kept_alive_connection_is_served_until_it_idles_past_its_limit() {
    let app = with_limits(30_000, 2).await;
    let mut stream = TcpStream::connect(app.addr).await.unwrap();
    stream.write_all(get("/healthz", "aurora.localhost", "").as_bytes()).await.unwrap();
    let mut responses = Responses::new(&mut stream);
    assert_eq!(responses.next().await.status_line, "HTTP/1.1 200 OK");
    // The next request, in time, on the same connection.
    responses.stream.write_all(get("/", "kestrel.localhost", "Accept: application/json\r\n").as_bytes()).await.unwrap();
    let second = responses.next().await;
    assert_eq!(second.status_line, "HTTP/1.1 200 OK");
    assert_eq!(serde_json::from_str::<Value>(&second.text()).unwrap()["tenant"]["id"], "kestrel");
    assert_ne!(second.header("connection"), Some("close"), "kept alive");
    // Then nothing: the server closes it.
    assert!(until_closed(&mut stream).await.is_empty());
}

#[tokio::test]
async fn an_idle_h2c_connection_is_sent_away_after_its_limit() {
    let app = with_limits(30_000, 1).await;
    let (mut send, driven) = h2c(&app).await;
    let (parts, _) = h2_get(&mut send, &app, "aurora.localhost", "/healthz", "text/plain").await;
    assert_eq!(parts.status, StatusCode::OK);
    // The client's connection task ends when the server ends the connection.
    tokio::time::timeout(NEVER, driven).await.expect("the server ended the idle connection").unwrap();
}

#[tokio::test]
async fn an_h2c_connection_that_never_sends_a_request_is_closed() {
    let app = with_limits(500, 600).await;
    let mut stream = TcpStream::connect(app.addr).await.unwrap();
    // The whole preface and an empty SETTINGS frame: a connection, no request.
    stream.write_all(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\x00\x00\x00\x04\x00\x00\x00\x00\x00").await.unwrap();
    let answer = until_closed(&mut stream).await;
    // The server's SETTINGS (and perhaps a GOAWAY), no response.
    assert!(!String::from_utf8_lossy(&answer).contains("HTTP/1.1"));
}
