//! A demo platform per test, a client that does not follow redirects, and
//! shortcuts for the calls most tests make.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use reqwest::Response;
use serde_json::{Value, json};
use tokio::sync::mpsc;

/// The property most tests book: Lisbon, 4 room types, one of them a single loft.
pub const PROPERTY: &str = "aurora-lisbon";
/// A stay whose nights dodge every calendar rule (inventory.rs): arrival offset
/// 31 (31 % 10 = 1, no restriction), nights 31 and 32 (% 6 = 1, 2: the loft is open).
pub const CHECKIN: i64 = 31;
pub const CHECKOUT: i64 = 33;

pub struct Demo {
    pub base: String,
    pub http: reqwest::Client,
}

pub async fn demo() -> Demo {
    let platform = bff_tenant_booking::demo::start().await.expect("the demo platform starts");
    let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    Demo { base: platform.base_url(), http }
}

/// Today + `offset` days in Lisbon, as the demo's calendar counts them.
pub fn day(offset: i64) -> String {
    let tz = jiff::tz::TimeZone::get("Europe/Lisbon").unwrap();
    let today = jiff::Timestamp::now().to_zoned(tz).date();
    today.checked_add(jiff::Span::new().days(offset)).unwrap().to_string()
}

pub fn quote_body(room: &str, adults: u8) -> Value {
    json!({
        "propertyId": PROPERTY, "roomTypeId": room, "ratePlanId": "flex",
        "checkin": day(CHECKIN), "checkout": day(CHECKOUT),
        "adults": adults, "children": [], "rooms": 1,
    })
}

impl Demo {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn get(&self, path: &str) -> Response {
        self.http.get(self.url(path)).send().await.unwrap()
    }

    pub async fn post(&self, path: &str, body: &Value, key: Option<&str>) -> Response {
        let mut req = self.http.post(self.url(path)).json(body);
        if let Some(key) = key {
            req = req.header("idempotency-key", key);
        }
        req.send().await.unwrap()
    }

    pub async fn admin(&self, path: &str, body: Value) -> Value {
        let response = self.post(path, &body, None).await;
        assert!(response.status().is_success(), "{path}: {}", response.status());
        response.json().await.unwrap()
    }

    /// For admin routes that answer 204.
    pub async fn admin_no_content(&self, path: &str, body: Value) {
        let response = self.post(path, &body, None).await;
        assert_eq!(response.status(), StatusCode::NO_CONTENT, "{path}");
    }

    /// Units left of `room` for the standard stay.
    pub async fn units_left(&self, room: &str) -> u64 {
        let path = format!(
            "/v1/properties/{PROPERTY}/availability?checkin={}&checkout={}&adults=1&rooms=1",
            day(CHECKIN),
            day(CHECKOUT)
        );
        let availability: Value = self.get(&path).await.json().await.unwrap();
        let rooms = availability["roomTypes"].as_array().unwrap();
        rooms.iter().find(|r| r["id"] == room).unwrap()["unitsLeft"].as_u64().unwrap()
    }

    pub async fn quote(&self, room: &str) -> Value {
        let response = self.post("/v1/quotes", &quote_body(room, 1), None).await;
        assert_eq!(response.status(), StatusCode::CREATED);
        response.json().await.unwrap()
    }

    pub async fn hold(&self, quote: &Value, key: &str) -> Response {
        self.post("/v1/holds", &json!({ "quoteId": quote["id"] }), Some(key)).await
    }

    pub async fn held(&self, room: &str) -> (Value, Value) {
        let quote = self.quote(room).await;
        let response = self.hold(&quote, &format!("hold-{}", quote["id"])).await;
        assert_eq!(response.status(), StatusCode::CREATED);
        (quote, response.json().await.unwrap())
    }

    pub async fn session(&self, amount: i64, currency: &str, webhook_url: Option<&str>) -> Value {
        let mut body = json!({
            "amount": amount, "currency": currency, "reference": "draft-42",
            "description": "Aurora Lisboa Riverside, 2 nights",
            "returnUrl": "http://aurora.localhost:8080/draft/42/payment/return?attempt=1",
        });
        if let Some(url) = webhook_url {
            body["webhookUrl"] = json!(url);
        }
        let response = self.post("/v1/payment-sessions", &body, Some(&format!("pay-{}", rand::random::<u64>()))).await;
        assert_eq!(response.status(), StatusCode::CREATED);
        response.json().await.unwrap()
    }

    pub async fn complete(&self, session: &Value, status: &str) -> Value {
        let path = format!("/__admin/payment-sessions/{}/complete", session["id"].as_str().unwrap());
        self.admin(&path, json!({ "status": status })).await
    }
}

pub fn guest() -> Value {
    json!({
        "firstName": "Ana", "lastName": "Sousa", "email": "ana@example.com",
        "phone": "+351912345678", "country": "PT",
    })
}

/// The `code` of a problem response, after checking its status and media type.
pub async fn problem_code(response: Response, status: StatusCode) -> String {
    assert_eq!(response.status(), status);
    let media = response.headers()["content-type"].to_str().unwrap().to_owned();
    assert_eq!(media, "application/problem+json");
    let problem: Value = response.json().await.unwrap();
    problem["code"].as_str().unwrap().to_owned()
}

/// A webhook delivery as the receiver saw it: the signature header and raw body.
pub type Delivery = (String, Vec<u8>);

/// A tiny webhook receiver on a free loopback port that answers 500 to the first
/// `failures` deliveries, then 204. Returns its URL and the deliveries.
pub async fn webhook_receiver(failures: usize) -> (String, mpsc::UnboundedReceiver<Delivery>) {
    let (tx, rx) = mpsc::unbounded_channel();
    let receiver = Receiver { tx, failures, seen: Arc::new(AtomicUsize::new(0)) };
    let app = axum::Router::new().route("/hooks/payments", post(receive)).with_state(receiver);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hooks/payments", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, rx)
}

#[derive(Clone)]
struct Receiver {
    tx: mpsc::UnboundedSender<Delivery>,
    failures: usize,
    seen: Arc<AtomicUsize>,
}

async fn receive(State(receiver): State<Receiver>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let signature = headers.get("x-ghasi-signature").and_then(|v| v.to_str().ok()).unwrap_or_default();
    receiver.tx.send((signature.to_owned(), body.to_vec())).unwrap();
    if receiver.seen.fetch_add(1, Ordering::SeqCst) < receiver.failures {
        StatusCode::INTERNAL_SERVER_ERROR
    } else {
        StatusCode::NO_CONTENT
    }
}
