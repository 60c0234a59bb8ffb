//! The saga: many guests on one server race every way the funnel allows while
//! the upstreams and Redis misbehave, and at the end the demo platform's own
//! ledger is checked against the invariant of `src/funnel/settle.rs`:
//!
//! 1. every payment the gateway approved has exactly one booking or was
//!    refunded in full, never both, never neither;
//! 2. no unit is sold twice (bookings and live holds never exceed the
//!    calendar's units on any night);
//! 3. no draft is left without an exit once the chaos stops and the drafts
//!    are read (and so settled) again.
//!
//! Randomized and reproducible: the seed comes from `SAGA_SEED` or is drawn and
//! printed first. The seed fixes every guest's script (room, stay, scenario,
//! double submits, sleeps) and the chaos's; the interleaving on the machine is
//! whatever the scheduler makes of it, which is the point. `SAGA_GUESTS` sets
//! the guests per run (one run on memory stores, one on Redis with pauses),
//! `SAGA_IN_FLIGHT` how many race at once, `SAGA_WAVE` how many share one
//! server before the next wave starts a fresh one. docs/reliability.md has the
//! details and the figures; scripts/saga-soak runs it at 10 000 guests.
//! `the_checks_catch_what_they_look_for` shows the checks are not vacuous.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::common::{RedisServer, TestApp};
use bff_tenant_booking::config::Settings;
use bff_tenant_booking::upstream::contract::{BookingDto, HoldDto, HoldStatus, PaymentSessionDto, PaymentStatus};
use jiff::Timestamp;
use jiff::civil::Date;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use reqwest::StatusCode;
use serde::Deserialize;
use serde_json::{Value, json};

const HOST: &str = "aurora.localhost";
const PROPERTY: &str = "aurora-lisbon";
/// One unit on most nights: where guests contend.
const LOFT: &str = "rooftop-loft";
const GUESTS_DEFAULT: usize = 200;
const IN_FLIGHT_DEFAULT: usize = 24;
const WAVE_DEFAULT: usize = 2_000;
/// Steps one guest takes at most before leaving the draft as it is.
const STEPS: usize = 40;

// ---------------------------------------------------------------------------
// Configuration

#[derive(Debug, Clone, Copy)]
struct Config {
    seed: u64,
    guests: usize,
    in_flight: usize,
    /// Guests per server: a bigger run starts a fresh server (and demo
    /// platform) for every wave, so the calendar never fills up for good.
    wave: usize,
}

fn env_number(name: &str) -> Option<u64> {
    let raw = std::env::var(name).ok()?;
    Some(raw.trim().parse().unwrap_or_else(|_| panic!("{name} must be a whole number, not `{raw}`")))
}

impl Config {
    fn from_env() -> Self {
        Self {
            seed: env_number("SAGA_SEED").unwrap_or_else(rand::random),
            guests: env_number("SAGA_GUESTS").map_or(GUESTS_DEFAULT, |n| n as usize).max(1),
            in_flight: env_number("SAGA_IN_FLIGHT").map_or(IN_FLIGHT_DEFAULT, |n| n as usize).max(1),
            wave: env_number("SAGA_WAVE").map_or(WAVE_DEFAULT, |n| n as usize).max(1),
        }
    }
}

/// The server as the saga runs it: no rate limits in the way (every guest is
/// 127.0.0.1), and a reconciler that sweeps every 200 ms and looks at a draft
/// half a second after it started waiting on money.
fn configure(settings: &mut Settings) {
    settings.rate_per_client = (1_000_000, 1_000_000);
    settings.rate_per_session = (1_000_000, 1_000_000);
    settings.reconcile_every = Duration::from_millis(200);
    settings.reconcile_after = Duration::from_millis(500);
}

// ---------------------------------------------------------------------------
// The demo's ledger, as GET /__admin/ledger answers it

#[derive(Debug, Deserialize)]
struct Ledger {
    payments: Vec<LedgerPayment>,
    bookings: Vec<BookingDto>,
    holds: Vec<HoldDto>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct LedgerPayment {
    #[serde(flatten)]
    session: PaymentSessionDto,
    booking: Option<String>,
    refunds: Vec<Value>,
}

// ---------------------------------------------------------------------------
// Rooms, stays and the calendar (docs/upstreams.md §7)

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stay {
    checkin: Date,
    checkout: Date,
}

/// Stays of one or two nights from day 20 on, open for the single-unit loft
/// (no arrival on `d % 10 ∈ {5, 9}`, no night on `d % 6 == 3`), overlapping
/// so that guests of different stays contend too. The window grows with the
/// number of guests so a big run still finds rooms.
fn stays(today: Date, guests: usize) -> Vec<Stay> {
    let window = (guests / 4).clamp(10, 470) as i64;
    let mut out = Vec::new();
    for d in 20..20 + window {
        if matches!(d % 10, 5 | 9) {
            continue;
        }
        for nights in 1..=2 {
            if (d..d + nights).all(|n| n % 6 != 3) {
                out.push(Stay {
                    checkin: today + jiff::Span::new().days(d),
                    checkout: today + jiff::Span::new().days(d + nights),
                });
            }
        }
    }
    out
}

/// Units the calendar offers on the night `d` days from today.
fn calendar_units(units: u32, d: i64) -> u32 {
    if units == 1 {
        return if d.rem_euclid(6) == 3 { 0 } else { 1 };
    }
    if units >= 3 { units - (7 * d).rem_euclid(3) as u32 } else { units }
}

fn room_units(room: &str) -> u32 {
    let property = bff_tenant_booking::demo::seed::property(PROPERTY).expect("seeded");
    property.room_types.iter().find(|r| r.id == room).map_or(0, |r| r.units)
}

fn today_at_property() -> Date {
    let tz = bff_tenant_booking::demo::seed::property(PROPERTY).expect("seeded").time_zone;
    Timestamp::now().in_tz(tz).expect("a known time zone").date()
}

// ---------------------------------------------------------------------------
// Scenarios

/// What the gateway does with one payment session of a guest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Decision {
    /// Approved, promptly or after the hold ran out (a slow bank), with a
    /// rival for the same room meanwhile or not.
    Approve {
        slow: bool,
        rival: Rival,
    },
    Decline,
    /// The guest never finishes the hosted page: the session stays open.
    WalkAway,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rival {
    None,
    /// Another guest holds the same room and pays for it before the approval.
    Books,
    /// Another guest holds the same room and leaves it held.
    Holds,
}

#[derive(Debug, Clone)]
struct Plan {
    label: &'static str,
    decisions: VecDeque<Decision>,
    stop_at_details: bool,
    stop_when_held: bool,
    cancel_when_held: bool,
}

impl Plan {
    fn new(label: &'static str, decisions: impl IntoIterator<Item = Decision>) -> Self {
        Self {
            label,
            decisions: decisions.into_iter().collect(),
            stop_at_details: false,
            stop_when_held: false,
            cancel_when_held: false,
        }
    }

    fn draw(rng: &mut StdRng) -> Self {
        use Decision::*;
        let prompt = Approve { slow: false, rival: Rival::None };
        let rival = match rng.random_range(0..3) {
            0 => Rival::None,
            1 => Rival::Books,
            _ => Rival::Holds,
        };
        let slow = Approve { slow: true, rival };
        match rng.random_range(0..100) {
            0..30 => Self::new("prompt", [prompt]),
            30..45 => {
                let declines = rng.random_range(1..=3);
                let last = if rng.random_bool(0.7) { prompt } else { WalkAway };
                Self::new("declined", std::iter::repeat_n(Decline, declines).chain([last]))
            }
            45..65 => Self::new(
                match rival {
                    Rival::None => "slow-bank",
                    Rival::Books => "slow-bank-rival-books",
                    Rival::Holds => "slow-bank-rival-holds",
                },
                [slow],
            ),
            65..73 => Self::new("declined-then-slow-bank", [Decline, slow]),
            73..81 => Self::new("walk-away", [WalkAway]),
            81..89 => Self { cancel_when_held: true, ..Self::new("cancel-when-held", []) },
            89..94 => Self { stop_at_details: true, ..Self::new("stop-at-details", []) },
            _ => Self { stop_when_held: true, ..Self::new("hold-and-leave", []) },
        }
    }
}

fn draw_room(rng: &mut StdRng) -> &'static str {
    match rng.random_range(0..100) {
        0..50 => LOFT,
        50..80 => "family-suite",
        _ => "classic-double",
    }
}

// ---------------------------------------------------------------------------
// The run's shared state and HTTP bookkeeping

struct Resp {
    status: StatusCode,
    body: Value,
}

/// One guest's draft, with what the saga did to it.
struct Visit {
    client: reqwest::Client,
    port: u16,
    label: &'static str,
    room: &'static str,
    stay: Stay,
    id: String,
    path: String,
    version: u64,
    state: String,
    last: Value,
    /// Payment sessions the gateway was told to decide (or left open).
    decided: HashSet<String>,
    /// Webhooks to deliver again later, out of order: (session, status, amount).
    late: Vec<(String, &'static str, i64)>,
    trace: Vec<String>,
    started: Instant,
    /// How long the guest was at it (the settle pass not included).
    took: Duration,
}

impl Visit {
    fn url(&self, path: &str) -> String {
        format!("http://{HOST}:{}{path}", self.port)
    }

    fn etag(&self) -> String {
        format!("\"{}\"", self.version)
    }

    /// Takes in a draft the server answered with, unless it is older than
    /// the one already seen (the slower of two racing answers).
    fn absorb(&mut self, body: &Value) {
        let Some(version) = body["version"].as_u64() else { return };
        if body["id"].as_str() != Some(&self.id) || version < self.version {
            return;
        }
        self.version = version;
        self.state = body["state"].as_str().unwrap_or_default().to_owned();
        let date = |field: &str| body["stay"][field].as_str().and_then(|d| d.parse::<Date>().ok());
        if let (Some(checkin), Some(checkout)) = (date("checkin"), date("checkout")) {
            self.stay = Stay { checkin, checkout };
        }
        self.last = body.clone();
    }

    fn note(&mut self, what: impl Into<String>) {
        let ms = self.started.elapsed().as_millis();
        self.trace.push(format!("+{ms}ms {} [{} v{}]", what.into(), self.state, self.version));
    }

    /// The payment session of the draft's current payment.
    fn session(&self) -> Option<String> {
        let url = self.last["payment"]["redirectUrl"].as_str()?;
        Some(url.rsplit('/').next()?.to_owned())
    }
}

#[derive(Default)]
struct Tally {
    http: Mutex<BTreeMap<String, u64>>,
    violations: Mutex<Vec<String>>,
}

impl Tally {
    fn count(&self, key: impl Into<String>) {
        *self.http.lock().unwrap().entry(key.into()).or_default() += 1;
    }

    fn violation(&self, what: impl Into<String>) {
        self.violations.lock().unwrap().push(what.into());
    }
}

struct Saga {
    app: TestApp,
    config: Config,
    /// For the demo's admin routes and our own webhooks (no cookies).
    admin: reqwest::Client,
    /// Guests of this wave.
    guests: usize,
    stays: Vec<Stay>,
    today: Date,
    tally: Arc<Tally>,
    visits: Mutex<Vec<Visit>>,
    ledger_cache: tokio::sync::Mutex<Option<(Instant, Arc<Ledger>)>>,
}

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;

impl Saga {
    /// One wave of `guests` on `app`.
    fn new(app: TestApp, config: Config, tally: Arc<Tally>, guests: usize) -> Arc<Self> {
        let today = today_at_property();
        Arc::new(Saga {
            app,
            config,
            admin: reqwest::Client::builder().timeout(Duration::from_secs(30)).build().unwrap(),
            guests,
            stays: stays(today, guests),
            today,
            tally,
            visits: Mutex::new(Vec::new()),
            ledger_cache: tokio::sync::Mutex::new(None),
        })
    }

    /// Sends a request and counts its outcome. A 500 (or any 5xx other than
    /// 502/503/504), or no answer at all, is a failure of the service.
    async fn send(&self, label: &str, req: reqwest::RequestBuilder) -> Option<Resp> {
        match req.send().await {
            Ok(res) => {
                let status = res.status();
                let bytes = res.bytes().await.unwrap_or_default();
                let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
                self.tally.count(format!("{label} {}", status.as_u16()));
                if status.is_server_error() && !matches!(status.as_u16(), 502..=504) {
                    // A handler's own errors carry their code; a bare 500 from a
                    // layer (the session store's save) is rendered as the
                    // framework's `internal`.
                    let layer = body["type"] == "/problems/internal"
                        && !body["detail"].as_str().is_some_and(|d| d.contains("reference"));
                    let text = String::from_utf8_lossy(&bytes);
                    self.tally.violation(format!(
                        "{label}: {status}{}: {}",
                        if layer { " (bare, from a layer)" } else { "" },
                        text.chars().take(300).collect::<String>()
                    ));
                }
                Some(Resp { status, body })
            }
            Err(e) => {
                self.tally.count(format!("{label} no-answer"));
                self.tally.violation(format!("{label}: no answer: {e}"));
                None
            }
        }
    }

    async fn ledger(&self) -> Ledger {
        let res = self.admin.get(format!("{}/__admin/ledger", self.app.demo_url)).send().await.expect("the ledger");
        res.json().await.expect("the ledger parses")
    }

    /// A ledger read no earlier than `since`; concurrent callers share one read,
    /// and reads are at least 200 ms apart (the ledger grows with the run).
    async fn ledger_since(&self, since: Instant) -> Arc<Ledger> {
        let mut cache = self.ledger_cache.lock().await;
        if let Some((at, ledger)) = cache.as_ref() {
            if *at >= since {
                return ledger.clone();
            }
            let gap = Duration::from_millis(200).saturating_sub(at.elapsed());
            tokio::time::sleep(gap).await;
        }
        let at = Instant::now();
        let ledger = Arc::new(self.ledger().await);
        *cache = Some((at, ledger.clone()));
        ledger
    }

    async fn demo_post(&self, label: &str, path: &str, body: Value) -> Option<Resp> {
        self.send(label, self.admin.post(format!("{}{path}", self.app.demo_url)).json(&body)).await
    }

    /// The gateway decides the session, as its hosted page would (webhook included).
    async fn complete(&self, session: &str, status: &str) -> Option<Resp> {
        self.demo_post(
            &format!("gateway-{status}"),
            &format!("/__admin/payment-sessions/{session}/complete"),
            json!({ "status": status }),
        )
        .await
    }

    /// A signed webhook of our own for `session`: a duplicate, late or early
    /// delivery on top of the demo's.
    async fn webhook(&self, draft: &str, session: &str, status: &str, amount: i64) -> Option<Resp> {
        let body = json!({"type": "payment.updated", "sessionId": session, "status": status,
                          "reference": draft, "amount": amount, "currency": "EUR"})
        .to_string();
        let signature = bff_tenant_booking::upstream::payments::sign_webhook(
            bff_tenant_booking::demo::DEMO_WEBHOOK_SECRET.as_bytes(),
            body.as_bytes(),
            Timestamp::now().as_second(),
        );
        let req = self
            .admin
            .post(format!("http://{}/webhooks/payments", self.app.addr))
            .header("x-ghasi-signature", signature)
            .header("content-type", "application/json")
            .body(body);
        self.send("webhook", req).await
    }

    async fn reload(&self, v: &mut Visit) -> Option<StatusCode> {
        for _ in 0..4 {
            let req = v.client.get(v.url(&v.path)).header("accept", "application/json");
            let res = self.send("reload", req).await;
            if let Some(r) = &res {
                v.absorb(&r.body);
                if r.status.is_success() {
                    return Some(r.status);
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        None
    }

    async fn post(&self, v: &Visit, label: &str, suffix: &str, etag: &str, body: &Value) -> Option<Resp> {
        let req = v
            .client
            .post(v.url(&format!("{}{suffix}", v.path)))
            .header("accept", "application/json")
            .header("if-match", etag)
            .json(body);
        self.send(label, req).await
    }

    /// A JSON mutation based on the version last seen, sent once or twice at
    /// the same time (a double click); whatever the outcome, the draft is
    /// known afterwards (read again after a 5xx or no answer).
    async fn mutate(
        &self,
        v: &mut Visit,
        rng: &mut StdRng,
        label: &str,
        suffix: &str,
        body: Value,
        double: bool,
    ) -> Option<StatusCode> {
        let etag = v.etag();
        let answers = if double {
            let (a, b) =
                tokio::join!(self.post(v, label, suffix, &etag, &body), self.post(v, label, suffix, &etag, &body));
            vec![a, b]
        } else {
            vec![self.post(v, label, suffix, &etag, &body).await]
        };
        let statuses: Vec<u16> = answers.iter().map(|a| a.as_ref().map_or(0, |r| r.status.as_u16())).collect();
        let mut best: Option<StatusCode> = None;
        for answer in answers.into_iter().flatten() {
            v.absorb(&answer.body);
            let rank = |s: StatusCode| {
                if s.is_success() {
                    0
                } else if s == StatusCode::CONFLICT {
                    1
                } else {
                    2
                }
            };
            if best.is_none_or(|b| rank(answer.status) < rank(b)) {
                best = Some(answer.status);
            }
        }
        let notice = v.last["notice"].as_str().map(|n| format!(" ({n})")).unwrap_or_default();
        v.note(format!("{label}{} -> {statuses:?}{notice}", if double { " ×2" } else { "" }));
        if best.is_none_or(|s| !s.is_success() && s != StatusCode::CONFLICT) {
            tokio::time::sleep(Duration::from_millis(rng.random_range(20..150))).await;
            self.reload(v).await;
        }
        best
    }
}

// ---------------------------------------------------------------------------
// One guest

fn details() -> Value {
    json!({"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.com",
           "phone": "+44 20 7946 0000", "country": "GB", "accept_terms": true})
}

fn stay_body(stay: Stay) -> Value {
    json!({"checkin": stay.checkin.to_string(), "checkout": stay.checkout.to_string(),
           "adults": 2, "children": [], "rooms": 1})
}

fn drive_boxed(saga: Arc<Saga>, rng: StdRng, room: &'static str, stay: Stay, plan: Plan) -> BoxFuture<()> {
    Box::pin(drive(saga, rng, room, stay, plan))
}

/// One guest's way through the funnel, step by step from the state the server
/// reports, following `plan` and throwing in the chaos its coins call for.
async fn drive(saga: Arc<Saga>, mut rng: StdRng, room: &'static str, mut stay: Stay, mut plan: Plan) {
    let guest = saga.app.guest();
    let mut v = Visit {
        client: guest.client.clone(),
        port: guest.port,
        label: plan.label,
        room,
        stay,
        id: String::new(),
        path: String::new(),
        version: 0,
        state: String::new(),
        last: Value::Null,
        decided: HashSet::new(),
        late: Vec::new(),
        trace: Vec::new(),
        started: Instant::now(),
        took: Duration::ZERO,
    };
    let mut create_tries = 0;
    while create_tries < 6 {
        create_tries += 1;
        let mut select = json!({"property": PROPERTY, "room_type": room, "rate_plan": "flex"});
        select.as_object_mut().unwrap().extend(stay_body(stay).as_object().unwrap().clone());
        let req = v.client.post(v.url("/draft")).header("accept", "application/json").json(&select);
        match saga.send("create", req).await {
            Some(r) if r.status == StatusCode::CREATED => {
                v.id = r.body["id"].as_str().unwrap_or_default().to_owned();
                v.path = format!("/draft/{}", v.id);
                v.absorb(&r.body);
                break;
            }
            // Not offered for these dates (sold, or closed): other dates.
            Some(r) if r.status == StatusCode::UNPROCESSABLE_ENTITY => {
                stay = saga.stays[rng.random_range(0..saga.stays.len())];
            }
            Some(r) if !r.status.is_server_error() => break,
            _ => tokio::time::sleep(Duration::from_millis(rng.random_range(50..200))).await,
        }
    }
    if v.id.is_empty() {
        saga.tally.count("guest without a draft");
        return;
    }
    v.note(format!("created {room} {}..{} for `{}`", stay.checkin, stay.checkout, plan.label));

    let mut holds = 0;
    let mut quote_refusals = 0;
    let mut stay_changes = 0;
    let mut waits = 0;
    let mut refund_waits = 0;
    for _ in 0..STEPS {
        if rng.random_bool(0.1) {
            tokio::time::sleep(Duration::from_millis(rng.random_range(0..60))).await;
            saga.reload(&mut v).await;
        }
        let double = rng.random_bool(0.35);
        match v.state.as_str() {
            "selecting" => {
                // No quote: the first one failed, or the new stay has no price
                // (sold meanwhile). Ask again, or look at other dates, or leave.
                if quote_refusals > 0 {
                    if stay_changes >= 4 || rng.random_bool(0.3) {
                        break;
                    }
                    stay_changes += 1;
                    stay = saga.stays[rng.random_range(0..saga.stays.len())];
                    saga.mutate(&mut v, &mut rng, "change-stay", "/stay", stay_body(stay), false).await;
                    if v.state == "selecting" {
                        quote_refusals += 1;
                    }
                    continue;
                }
                let status = saga.mutate(&mut v, &mut rng, "quote", "/quote", json!({}), false).await;
                if status == Some(StatusCode::CONFLICT) {
                    quote_refusals += 1;
                }
            }
            "expired" => {
                if !rng.random_bool(0.5) {
                    break;
                }
                saga.mutate(&mut v, &mut rng, "requote", "/quote", json!({}), false).await;
            }
            "quoted" => {
                saga.mutate(&mut v, &mut rng, "details", "/guest", details(), double).await;
            }
            "details" => {
                if plan.stop_at_details || holds >= 4 {
                    if rng.random_bool(0.3) {
                        saga.mutate(&mut v, &mut rng, "cancel", "/cancel", json!({}), false).await;
                    }
                    break;
                }
                holds += 1;
                let status = saga.mutate(&mut v, &mut rng, "hold", "/hold", json!({}), double).await;
                if status == Some(StatusCode::CONFLICT)
                    && v.state == "details"
                    && stay_changes < 4
                    && rng.random_bool(0.6)
                {
                    // Sold out (or raced): try another stay of the same room.
                    stay_changes += 1;
                    stay = saga.stays[rng.random_range(0..saga.stays.len())];
                    saga.mutate(&mut v, &mut rng, "change-stay", "/stay", stay_body(stay), false).await;
                    if v.state == "selecting" {
                        quote_refusals += 1;
                    }
                }
            }
            "held" => {
                if plan.stop_when_held {
                    break;
                }
                if plan.cancel_when_held || rng.random_bool(0.03) {
                    saga.mutate(&mut v, &mut rng, "cancel", "/cancel", json!({}), double).await;
                    continue;
                }
                if rng.random_bool(0.03) {
                    stay = saga.stays[rng.random_range(0..saga.stays.len())];
                    saga.mutate(&mut v, &mut rng, "change-stay", "/stay", stay_body(stay), false).await;
                    if v.state == "selecting" {
                        quote_refusals += 1;
                    }
                    continue;
                }
                saga.mutate(&mut v, &mut rng, "pay", "/payment", json!({}), double).await;
            }
            "payment_pending" => {
                let Some(session) = v.session() else { break };
                if v.decided.insert(session.clone()) {
                    // A webhook of an earlier attempt arrives only now.
                    late_webhooks(&saga, &mut v).await;
                    let decision = plan.decisions.pop_front().unwrap_or(Decision::WalkAway);
                    if decision == Decision::WalkAway {
                        v.note(format!("walks away from {session}"));
                        saga.tally.count("walked away");
                        break;
                    }
                    gateway(&saga, &mut v, &mut rng, &session, decision).await;
                    waits = 0;
                } else {
                    // Decided: the webhook, a return or the reconciler settles it.
                    waits += 1;
                    if waits > 12 {
                        break;
                    }
                    tokio::time::sleep(Duration::from_millis(rng.random_range(50..250))).await;
                    if waits % 4 == 0 {
                        let url = v.url(&format!("{}/payment/return?session={session}", v.path));
                        let res = saga.send("return", v.client.get(url).header("accept", "application/json")).await;
                        if let Some(r) = res {
                            v.absorb(&r.body);
                        }
                    } else {
                        saga.reload(&mut v).await;
                    }
                }
            }
            "payment_failed" => {
                if plan.decisions.is_empty() {
                    if rng.random_bool(0.4) {
                        saga.mutate(&mut v, &mut rng, "cancel", "/cancel", json!({}), false).await;
                    }
                    break;
                }
                saga.mutate(&mut v, &mut rng, "pay-again", "/payment", json!({}), double).await;
            }
            "refund_pending" => {
                refund_waits += 1;
                if refund_waits > 10 {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(200)).await;
                saga.reload(&mut v).await;
            }
            _ => break,
        }
    }
    late_webhooks(&saga, &mut v).await;
    v.note("leaves");
    v.took = v.started.elapsed();
    saga.visits.lock().unwrap().push(v);
}

/// The gateway decides `session`, and everything that can race with that does:
/// returns before and after, reloads, duplicate webhooks, a cancel attempt, a
/// bank slower than the hold, a rival for the same room.
async fn gateway(saga: &Arc<Saga>, v: &mut Visit, rng: &mut StdRng, session: &str, decision: Decision) {
    let return_url = v.url(&format!("{}/payment/return?session={session}", v.path));
    let amount = v.last["quote"]["total"]["amount"].as_i64().unwrap_or(0);
    if rng.random_bool(0.3) {
        // Back from the page before the bank answered.
        if let Some(r) = saga.send("return-early", v.client.get(&return_url).header("accept", "application/json")).await
        {
            v.absorb(&r.body);
        }
    }
    if rng.random_bool(0.15) {
        // Refused while the payment is pending. The cancel names the version
        // last seen, so it can only succeed on the draft in that state (the
        // early return may have found the session ended: payment_failed).
        let before = v.state.clone();
        let status = saga.mutate(v, rng, "cancel-while-paying", "/cancel", json!({}), false).await;
        if status.is_some_and(|s| s.is_success()) && before == "payment_pending" {
            saga.tally.violation(format!(
                "draft {}: a cancel was accepted while a payment was pending\n    {}",
                v.id,
                v.trace.join("\n    ")
            ));
        }
    }
    let status = match decision {
        Decision::Decline => "declined",
        Decision::Approve { slow, rival } => {
            if slow {
                expire_hold(saga, v).await;
                match rival {
                    Rival::None => {}
                    Rival::Books | Rival::Holds => {
                        let plan = if rival == Rival::Books {
                            Plan::new("rival-books", [Decision::Approve { slow: false, rival: Rival::None }])
                        } else {
                            Plan { stop_when_held: true, ..Plan::new("rival-holds", []) }
                        };
                        let rival_rng = StdRng::seed_from_u64(rng.random());
                        drive_boxed(saga.clone(), rival_rng, v.room, v.stay, plan).await;
                    }
                }
                v.note(format!("bank slower than the hold, rival {rival:?}"));
            }
            "approved"
        }
        Decision::WalkAway => return,
    };
    // The decision and what races it, each after its own short delay.
    let mut racers: Vec<Pin<Box<dyn Future<Output = Option<Resp>> + Send + '_>>> = Vec::new();
    let delay = rng.random_range(0..80);
    racers.push(Box::pin(async move {
        tokio::time::sleep(Duration::from_millis(delay)).await;
        saga.complete(session, status).await.map(|r| Resp { status: r.status, body: Value::Null })
    }));
    for _ in 0..rng.random_range(0..4) {
        let delay = rng.random_range(0..200);
        let req = v.client.get(&return_url).header("accept", "application/json");
        racers.push(Box::pin(async move {
            tokio::time::sleep(Duration::from_millis(delay)).await;
            saga.send("return", req).await
        }));
    }
    for _ in 0..rng.random_range(0..3) {
        let delay = rng.random_range(0..300);
        let req = v.client.get(v.url(&v.path)).header("accept", "application/json");
        racers.push(Box::pin(async move {
            tokio::time::sleep(Duration::from_millis(delay)).await;
            saga.send("reload", req).await
        }));
    }
    let draft_id = v.id.clone();
    for _ in 0..rng.random_range(0..3) {
        let delay = rng.random_range(0..400);
        let draft_id = draft_id.clone();
        racers.push(Box::pin(async move {
            tokio::time::sleep(Duration::from_millis(delay)).await;
            saga.webhook(&draft_id, session, status, amount).await.map(|r| Resp { status: r.status, body: Value::Null })
        }));
    }
    let n = racers.len();
    for answer in futures::future::join_all(racers).await.into_iter().flatten() {
        v.absorb(&answer.body);
    }
    if rng.random_bool(0.25) {
        v.late.push((session.to_owned(), status, amount));
    }
    v.note(format!("gateway {status} {session} with {} racers", n - 1));
}

/// Delivers the webhooks held back for later: after the draft moved on to
/// another attempt, or after it ended.
async fn late_webhooks(saga: &Saga, v: &mut Visit) {
    for (session, status, amount) in std::mem::take(&mut v.late) {
        let answer = saga.webhook(&v.id, &session, status, amount).await;
        v.note(format!("late webhook {status} {session} -> {:?}", answer.map(|r| r.status.as_u16())));
    }
}

/// A bank slower than the hold: the hold of the draft runs out now (the demo's
/// admin route), before the gateway approves.
async fn expire_hold(saga: &Saga, v: &mut Visit) {
    let expires: Option<Timestamp> = v.last["hold"]["expiresAt"].as_str().and_then(|s| s.parse().ok());
    let ledger = saga.ledger_since(Instant::now()).await;
    let checkin = v.stay.checkin.to_string();
    let checkout = v.stay.checkout.to_string();
    let mut expired = 0;
    for hold in ledger.holds.iter().filter(|h| {
        h.status == HoldStatus::Active
            && h.property_id == PROPERTY
            && h.room_type_id == v.room
            && h.checkin == checkin
            && h.checkout == checkout
            && expires.is_none_or(|at| at == h.expires_at)
    }) {
        saga.demo_post("expire-hold", &format!("/__admin/holds/{}/expire", hold.id), json!({})).await;
        expired += 1;
    }
    v.note(format!("expired {expired} hold(s)"));
}

// ---------------------------------------------------------------------------
// The chaos around the guests

async fn faults(saga: Arc<Saga>, mut rng: StdRng, stop: Arc<AtomicBool>) {
    while !stop.load(Ordering::Relaxed) {
        tokio::time::sleep(Duration::from_millis(rng.random_range(100..500))).await;
        let fault = match rng.random_range(0..10) {
            0..3 => json!({"upstream": "reservations", "latencyMs": 300, "times": rng.random_range(1..4)}),
            3 => json!({"upstream": "reservations", "status": 503, "times": 1}),
            4 => json!({"upstream": "payments", "status": 503, "times": 1}),
            5 | 6 => json!({"upstream": "payments", "latencyMs": 250, "times": 2}),
            7 => json!({"upstream": "pricing", "status": 503, "times": 1}),
            // Past the service's upstream timeout: the call lands after it gave up.
            8 => json!({"upstream": "reservations", "latencyMs": 2_700, "times": 1}),
            _ => json!({"upstream": "payments", "latencyMs": 2_700, "times": 1}),
        };
        saga.demo_post("fault", "/__admin/faults", fault).await;
    }
    let _ = saga.admin.delete(format!("{}/__admin/faults", saga.app.demo_url)).send().await;
}

/// Now and then, for a moment, quotes and holds are made short-lived (and so
/// the payment sessions of such holds): drafts run out by the clock, sessions
/// end before the bank answers, quotes expire before the hold.
async fn short_lifetimes(saga: Arc<Saga>, mut rng: StdRng, stop: Arc<AtomicBool>) {
    while !stop.load(Ordering::Relaxed) {
        tokio::time::sleep(Duration::from_millis(rng.random_range(1_000..4_000))).await;
        let short = if rng.random_bool(0.7) {
            json!({"holdTtlSecs": rng.random_range(2..6)})
        } else {
            json!({"quoteTtlSecs": rng.random_range(2..6)})
        };
        saga.demo_post("short-lifetimes", "/__admin/config", short).await;
        tokio::time::sleep(Duration::from_millis(rng.random_range(200..800))).await;
        saga.demo_post("short-lifetimes", "/__admin/config", json!({"holdTtlSecs": 600, "quoteTtlSecs": 900})).await;
    }
}

/// Freezes redis-server now and then, briefly: commands time out after
/// landing, or land after the service gave up on them.
async fn redis_pauses(redis: Arc<RedisServer>, mut rng: StdRng, stop: Arc<AtomicBool>) -> u32 {
    let mut pauses = 0;
    while !stop.load(Ordering::Relaxed) {
        tokio::time::sleep(Duration::from_millis(rng.random_range(800..2_500))).await;
        if stop.load(Ordering::Relaxed) {
            break;
        }
        redis.pause();
        tokio::time::sleep(Duration::from_millis(rng.random_range(150..1_200))).await;
        redis.resume();
        pauses += 1;
    }
    pauses
}

// ---------------------------------------------------------------------------
// The run and its checks

async fn run(store: &'static str, redis: Option<Arc<RedisServer>>) {
    if std::env::var_os("RUST_LOG").is_some() {
        let _ = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
            .with_test_writer()
            .try_init();
    }
    let config = Config::from_env();
    let waves = config.guests.div_ceil(config.wave);
    println!(
        "saga[{store}]: seed={seed} guests={guests} in_flight={in_flight} waves={waves} (the same scripts again: \
         SAGA_SEED={seed} SAGA_GUESTS={guests} SAGA_IN_FLIGHT={in_flight} SAGA_WAVE={wave} cargo test --test api {test})",
        seed = config.seed,
        guests = config.guests,
        in_flight = config.in_flight,
        wave = config.wave,
        test = if redis.is_some() { "saga::saga_on_redis_with_pauses" } else { "saga::saga_on_memory_stores" },
    );
    let started = Instant::now();
    let tally = Arc::new(Tally::default());
    let mut master = StdRng::seed_from_u64(config.seed);
    let mut totals = Totals::default();
    for wave in 0..waves {
        let guests = (config.guests - wave * config.wave).min(config.wave);
        let app = match &redis {
            Some(redis) => {
                // Each wave's server in a database of its own: the servers of
                // earlier waves keep running (their reconcilers too).
                let db = wave % 16;
                if wave >= 16 {
                    redis.cli(&["-n", &db.to_string(), "FLUSHDB"]);
                }
                let url = format!("{}{db}", redis.url());
                TestApp::spawn_with(|s| {
                    configure(s);
                    s.redis_url = Some(bff_tenant_booking::secret::Secret::new(url));
                })
                .await
            }
            None => TestApp::spawn_with(configure).await,
        };
        let saga = Saga::new(app, config, tally.clone(), guests);
        run_wave(&saga, &mut master, redis.clone(), &mut totals).await;
        if waves > 1 {
            println!(
                "saga[{store}]: wave {}/{waves} done at {:.1}s: {} drafts, {} approved, {} booked, {} refunded, \
                 {} violation(s) so far",
                wave + 1,
                started.elapsed().as_secs_f64(),
                totals.figures.drafts,
                totals.figures.approved,
                totals.figures.booked,
                totals.figures.refunded,
                tally.violations.lock().unwrap().len()
            );
        }
    }
    report(store, &config, &tally, &totals, started.elapsed().as_secs_f64());
    let violations = tally.violations.lock().unwrap().clone();
    assert!(
        violations.is_empty(),
        "saga[{store}] seed={}: {} violation(s):\n{}",
        config.seed,
        violations.len(),
        violations.join("\n")
    );
}

/// What the waves of a run add up to.
#[derive(Default)]
struct Totals {
    figures: Figures,
    payments: usize,
    holds: usize,
    chaos_secs: f64,
    pauses: u32,
    settle_rounds: usize,
    took: Vec<Duration>,
    slowest: Option<(Duration, &'static str, Vec<String>)>,
}

/// One wave: the guests race on the wave's server while the chaos runs; then
/// the chaos stops, every draft is settled and the wave's ledger is checked.
async fn run_wave(saga: &Arc<Saga>, master: &mut StdRng, redis: Option<Arc<RedisServer>>, totals: &mut Totals) {
    let started = Instant::now();
    // Availability is read fresh on every change (no reuse for a few seconds).
    saga.app.demo_config(json!({"availabilityMaxAgeSecs": 0})).await;
    let stop = Arc::new(AtomicBool::new(false));
    let chaos = tokio::spawn(faults(saga.clone(), StdRng::seed_from_u64(master.random()), stop.clone()));
    let lifetimes = tokio::spawn(short_lifetimes(saga.clone(), StdRng::seed_from_u64(master.random()), stop.clone()));
    let pauser =
        redis.clone().map(|r| tokio::spawn(redis_pauses(r, StdRng::seed_from_u64(master.random()), stop.clone())));

    let permits = Arc::new(tokio::sync::Semaphore::new(saga.config.in_flight));
    let mut guests = tokio::task::JoinSet::new();
    for _ in 0..saga.guests {
        let mut rng = StdRng::seed_from_u64(master.random());
        let room = draw_room(&mut rng);
        let stay = saga.stays[rng.random_range(0..saga.stays.len())];
        let plan = Plan::draw(&mut rng);
        let (saga, permits) = (saga.clone(), permits.clone());
        guests.spawn(async move {
            let _permit = permits.acquire_owned().await.unwrap();
            drive(saga, rng, room, stay, plan).await;
        });
    }
    while let Some(done) = guests.join_next().await {
        if let Err(e) = done {
            saga.tally.violation(format!("a guest task failed: {e}"));
        }
    }
    totals.chaos_secs += started.elapsed().as_secs_f64();
    stop.store(true, Ordering::Relaxed);
    chaos.await.unwrap();
    lifetimes.await.unwrap();
    if let Some(pauser) = pauser {
        totals.pauses += pauser.await.unwrap();
    }
    if let Some(redis) = &redis {
        redis.resume();
    }
    let _ = saga.admin.delete(format!("{}/__admin/faults", saga.app.demo_url)).send().await;

    let (ledger, rounds) = settle_pass(saga).await;
    let (violations, figures) = check(saga, &ledger);
    for v in violations {
        saga.tally.violation(v);
    }
    totals.figures.add(figures);
    totals.payments += ledger.payments.len();
    totals.holds += ledger.holds.len();
    totals.settle_rounds = totals.settle_rounds.max(rounds);
    for v in saga.visits.lock().unwrap().iter() {
        totals.took.push(v.took);
        if totals.slowest.as_ref().is_none_or(|(took, ..)| v.took > *took) {
            totals.slowest = Some((v.took, v.label, v.trace.clone()));
        }
    }
}

fn unsettled(state: &str, session: Option<&PaymentSessionDto>) -> bool {
    match state {
        "refund_pending" => true,
        "payment_pending" => {
            session.is_none_or(|s| !matches!(s.status, PaymentStatus::Open | PaymentStatus::Challenge))
        }
        _ => false,
    }
}

/// After the chaos: every draft is read by its guest (which settles a pending
/// payment, at most once per 2 s per draft), again while some still wait on a
/// payment the gateway has ended or on a refund. The reconciler sweeps as well.
async fn settle_pass(saga: &Arc<Saga>) -> (Ledger, usize) {
    // The demo's webhook retries take up to 1.75 s; a fault latency 2.7 s.
    tokio::time::sleep(Duration::from_millis(3_000)).await;
    let mut visits = std::mem::take(&mut *saga.visits.lock().unwrap());
    let mut rounds = 0;
    let ledger = loop {
        rounds += 1;
        let mut reads = Vec::new();
        for v in visits.iter_mut() {
            reads.push(async move {
                let req = v.client.get(v.url(&v.path)).header("accept", "application/json");
                if let Some(r) = saga.send("settle-read", req).await {
                    v.absorb(&r.body);
                }
            });
        }
        futures::StreamExt::collect::<Vec<()>>(futures::StreamExt::buffer_unordered(futures::stream::iter(reads), 16))
            .await;
        let ledger = saga.ledger().await;
        let sessions: HashMap<&str, &PaymentSessionDto> =
            ledger.payments.iter().map(|p| (p.session.id.as_str(), &p.session)).collect();
        let waiting = visits
            .iter()
            .filter(|v| unsettled(&v.state, v.session().and_then(|s| sessions.get(s.as_str()).copied())))
            .count();
        if waiting == 0 || rounds >= 8 {
            break ledger;
        }
        tokio::time::sleep(Duration::from_millis(2_100)).await;
    };
    *saga.visits.lock().unwrap() = visits;
    (ledger, rounds)
}

#[derive(Default)]
struct Figures {
    approved: usize,
    booked: usize,
    refunded: usize,
    declined: usize,
    open: usize,
    expired_sessions: usize,
    drafts: usize,
    states: BTreeMap<String, usize>,
    scenarios: BTreeMap<(String, String), usize>,
    active_holds: usize,
}

impl Figures {
    fn add(&mut self, other: Figures) {
        self.approved += other.approved;
        self.booked += other.booked;
        self.refunded += other.refunded;
        self.declined += other.declined;
        self.open += other.open;
        self.expired_sessions += other.expired_sessions;
        self.drafts += other.drafts;
        self.active_holds += other.active_holds;
        for (k, n) in other.states {
            *self.states.entry(k).or_default() += n;
        }
        for (k, n) in other.scenarios {
            *self.scenarios.entry(k).or_default() += n;
        }
    }
}

fn nights(stay_checkin: &str, stay_checkout: &str) -> Vec<Date> {
    let (Ok(mut night), Ok(checkout)) = (stay_checkin.parse::<Date>(), stay_checkout.parse::<Date>()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    while night < checkout {
        out.push(night);
        night = night.tomorrow().unwrap();
    }
    out
}

fn check(saga: &Saga, ledger: &Ledger) -> (Vec<String>, Figures) {
    let mut violations = Vec::new();
    let mut f = Figures::default();
    let visits = saga.visits.lock().unwrap();
    let by_id: HashMap<&str, &Visit> = visits.iter().map(|v| (v.id.as_str(), v)).collect();
    let trace = |draft: &str| by_id.get(draft).map(|v| format!("\n    {}", v.trace.join("\n    "))).unwrap_or_default();
    let bookings_of: HashMap<&str, Vec<&BookingDto>> = ledger.bookings.iter().fold(HashMap::new(), |mut m, b| {
        m.entry(b.payment_session_id.as_str()).or_default().push(b);
        m
    });

    // 1. Every approved payment: exactly one booking, or refunded in full.
    for p in &ledger.payments {
        let s = &p.session;
        let bookings = bookings_of.get(s.id.as_str()).map_or(0, Vec::len);
        let approved = matches!(s.status, PaymentStatus::Approved | PaymentStatus::Refunded);
        match s.status {
            PaymentStatus::Declined => f.declined += 1,
            PaymentStatus::Open | PaymentStatus::Challenge => f.open += 1,
            PaymentStatus::Expired => f.expired_sessions += 1,
            _ => {}
        }
        if !approved {
            if bookings > 0 || p.booking.is_some() || !p.refunds.is_empty() {
                violations.push(format!(
                    "payment {} ({:?}) of draft {} has a booking or a refund without approval{}",
                    s.id,
                    s.status,
                    s.reference,
                    trace(&s.reference)
                ));
            }
            continue;
        }
        f.approved += 1;
        let refunded_full = s.status == PaymentStatus::Refunded && s.refunded_amount == s.amount;
        if refunded_full {
            f.refunded += 1;
        }
        let booked = bookings > 0 || p.booking.is_some();
        let what = match (booked, refunded_full || s.refunded_amount > 0) {
            (true, false) if bookings == 1 && p.booking.is_some() => None,
            (true, false) => Some(format!("{bookings} bookings (payment's booking: {:?})", p.booking)),
            (false, true) if refunded_full => None,
            (false, true) => Some(format!("refunded in part ({} of {})", s.refunded_amount, s.amount)),
            (true, true) => Some(format!("booked ({:?}) AND refunded ({})", p.booking, s.refunded_amount)),
            (false, false) => Some("approved but neither booked nor refunded".into()),
        };
        if let Some(what) = what {
            violations.push(format!("payment {} of draft {}: {what}{}", s.id, s.reference, trace(&s.reference)));
        }
    }
    f.booked = ledger.bookings.len();

    // 2. No unit sold twice: bookings (converted holds) and live holds per
    //    night never exceed the calendar's units.
    let holds: HashMap<&str, &HoldDto> = ledger.holds.iter().map(|h| (h.id.as_str(), h)).collect();
    let mut taken: BTreeMap<(String, Date), u32> = BTreeMap::new();
    for h in &ledger.holds {
        if h.status == HoldStatus::Active {
            f.active_holds += 1;
        }
        if !matches!(h.status, HoldStatus::Active | HoldStatus::Converted) {
            continue;
        }
        for night in nights(&h.checkin, &h.checkout) {
            *taken.entry((format!("{}/{}", h.property_id, h.room_type_id), night)).or_default() += u32::from(h.rooms);
        }
    }
    for ((room, night), count) in &taken {
        let units = room_units(room.rsplit('/').next().unwrap());
        let d = i64::from(saga.today.until(*night).unwrap().get_days());
        let offered = calendar_units(units, d);
        if *count > offered {
            violations.push(format!("{room} on {night}: {count} units taken of {offered}"));
        }
    }
    let mut holds_booked = BTreeSet::new();
    for b in &ledger.bookings {
        if !holds_booked.insert(b.hold_id.as_str()) {
            violations.push(format!("hold {} became two bookings", b.hold_id));
        }
        if holds.get(b.hold_id.as_str()).is_none_or(|h| h.status != HoldStatus::Converted) {
            violations.push(format!("booking {} is on hold {} that is not converted", b.reference, b.hold_id));
        }
    }

    // 3. No draft without an exit, and each agrees with the ledger.
    let sessions: HashMap<&str, &LedgerPayment> = ledger.payments.iter().map(|p| (p.session.id.as_str(), p)).collect();
    let bookings: HashMap<&str, &BookingDto> = ledger.bookings.iter().map(|b| (b.reference.as_str(), b)).collect();
    for v in visits.iter() {
        f.drafts += 1;
        *f.states.entry(v.state.clone()).or_default() += 1;
        let end = match v.last["refund"]["reason"].as_str() {
            Some(reason) => format!("{} ({reason})", v.state),
            None => v.state.clone(),
        };
        *f.scenarios.entry((v.label.to_owned(), end)).or_default() += 1;
        let session = v.session().and_then(|s| sessions.get(s.as_str()).copied());
        let actions = v.last["allowedActions"].as_array().map_or(0, Vec::len);
        let problem = match v.state.as_str() {
            "confirmed" => {
                let reference = v.last["bookingRef"].as_str().unwrap_or_default();
                match bookings.get(reference) {
                    None => Some(format!("confirmed as {reference:?}, which the ledger does not have")),
                    Some(b) => match sessions.get(b.payment_session_id.as_str()) {
                        Some(p) if p.session.reference == v.id => None,
                        _ => Some(format!("confirmed as {reference}, paid by a payment not of this draft")),
                    },
                }
            }
            "refunded" => {
                let refunded = ledger
                    .payments
                    .iter()
                    .any(|p| p.session.reference == v.id && p.session.status == PaymentStatus::Refunded);
                (!refunded).then(|| "refunded, but none of its payments is refunded in the ledger".to_owned())
            }
            "abandoned" => None,
            "refund_pending" => Some("still refund_pending after the settle pass".to_owned()),
            "payment_pending" => match session {
                Some(p) if matches!(p.session.status, PaymentStatus::Open | PaymentStatus::Challenge) => None,
                Some(p) => Some(format!("payment_pending on session {} that is {:?}", p.session.id, p.session.status)),
                None => Some("payment_pending on a session the gateway does not have".to_owned()),
            },
            "selecting" | "quoted" | "details" | "held" | "payment_failed" | "expired" => {
                (actions == 0).then(|| format!("{} with nothing the guest can do", v.state))
            }
            other => Some(format!("in an unknown state {other:?}")),
        };
        if let Some(problem) = problem {
            violations.push(format!("draft {} ({}): {problem}{}", v.id, v.label, trace(&v.id)));
        }
    }
    // Every payment that became a booking is the booking its draft shows.
    for b in &ledger.bookings {
        let Some(p) = sessions.get(b.payment_session_id.as_str()) else {
            violations.push(format!("booking {} names an unknown payment", b.reference));
            continue;
        };
        let draft = p.session.reference.as_str();
        match by_id.get(draft) {
            Some(v) if v.state == "confirmed" && v.last["bookingRef"].as_str() == Some(&b.reference) => {}
            Some(v) => violations.push(format!(
                "booking {} of draft {draft}, which is {} ({:?}){}",
                b.reference,
                v.state,
                v.last["bookingRef"],
                trace(draft)
            )),
            None => violations.push(format!("booking {} of draft {draft}, which no guest made", b.reference)),
        }
    }
    (violations, f)
}

fn report(store: &str, config: &Config, tally: &Tally, t: &Totals, secs: f64) {
    let f = &t.figures;
    let http = tally.http.lock().unwrap();
    let count = |suffix: &str| http.iter().filter(|(k, _)| k.ends_with(suffix)).map(|(_, n)| n).sum::<u64>();
    let violations = tally.violations.lock().unwrap().len();
    println!("saga[{store}]: outcomes by request: {http:?}");
    println!("saga[{store}]: draft states: {:?}", f.states);
    let mut matrix = String::new();
    for ((label, state), n) in &f.scenarios {
        matrix.push_str(&format!("\n    {label:>26} → {state}: {n}"));
    }
    println!("saga[{store}]: scenario → end state:{matrix}");
    let mut took = t.took.clone();
    took.sort();
    if let Some((_, label, trace)) = &t.slowest {
        let at = |q: f64| took[((took.len() - 1) as f64 * q) as usize].as_millis();
        println!(
            "saga[{store}]: a guest took p50={}ms p99={}ms max={}ms; the slowest ({label}):\n    {}",
            at(0.5),
            at(0.99),
            at(1.0),
            trace.join("\n    ")
        );
    }
    println!(
        "saga[{store}]: ledger: {} payments, {} bookings, {} holds ({} still active); redis pauses={}; settle rounds={}",
        t.payments, f.booked, t.holds, f.active_holds, t.pauses, t.settle_rounds
    );
    println!(
        "saga: store={store} seed={} guests={} drafts={} approved={} booked={} refunded={} declined={} expired={} \
         sessions_open={} sessions_expired={} http409={} http503={} http504={} owner404={} chaos={:.1}s \
         total={secs:.1}s violations={violations}",
        config.seed,
        config.guests,
        f.drafts,
        f.approved,
        f.booked,
        f.refunded,
        f.declined,
        f.states.get("expired").copied().unwrap_or(0),
        f.open,
        f.expired_sessions,
        count(" 409"),
        count(" 503"),
        count(" 504"),
        count(" 404"),
        t.chaos_secs,
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn saga_on_memory_stores() {
    run("memory", None).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn saga_on_redis_with_pauses() {
    let redis = Arc::new(RedisServer::start().await);
    run("redis", Some(redis.clone())).await;
    redis.resume();
}

/// The checks are not vacuous: a payment the gateway approved that nobody
/// settles, a booking no draft shows, and a unit sold twice are each caught.
#[tokio::test]
async fn the_checks_catch_what_they_look_for() {
    let config = Config { seed: 0, guests: 1, in_flight: 1, wave: 1 };
    let tally = Arc::new(Tally::default());
    let saga = Saga::new(TestApp::spawn_with(configure).await, config, tally.clone(), 1);
    let demo = &saga.app.demo_url;
    let http = &saga.admin;
    let stay = saga.stays[0];
    let mut loft_holds = Vec::new();
    // A hold of the loft, and a second one for the same nights: refused (at
    // the quote or the hold), so the demo itself never sells the unit twice.
    for n in 0..2 {
        let quote: Value = http
            .post(format!("{demo}/v1/quotes"))
            .json(&json!({"propertyId": PROPERTY, "roomTypeId": LOFT, "ratePlanId": "flex",
                          "checkin": stay.checkin.to_string(), "checkout": stay.checkout.to_string(),
                          "adults": 2, "children": [], "rooms": 1}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let res = http
            .post(format!("{demo}/v1/holds"))
            .header("idempotency-key", format!("self-test-hold-{n}"))
            .json(&json!({"quoteId": quote["id"]}))
            .send()
            .await
            .unwrap();
        loft_holds.push((res.status(), quote));
    }
    assert_eq!(loft_holds[0].0, StatusCode::CREATED, "{:?}", loft_holds[0].1);
    assert!(!loft_holds[1].0.is_success(), "the demo refuses a second hold of one unit");
    let total = loft_holds[0].1["total"].as_i64().unwrap();

    // A payment approved at the gateway for a "draft" nobody settles.
    let session: Value = http
        .post(format!("{demo}/v1/payment-sessions"))
        .header("idempotency-key", "self-test-pay")
        .json(&json!({"amount": total, "currency": "EUR", "reference": "nobody-settles-this",
                      "description": "self-test", "returnUrl": "http://localhost/back"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = session["id"].as_str().unwrap();
    assert!(saga.complete(id, "approved").await.unwrap().status.is_success());
    let (violations, figures) = check(&saga, &saga.ledger().await);
    assert_eq!(figures.approved, 1);
    assert!(violations.iter().any(|v| v.contains(id) && v.contains("neither booked nor refunded")), "{violations:?}");

    // The same payment books the held loft: now a booking no draft shows.
    let hold_id = saga.ledger().await.holds[0].id.clone();
    let res = http
        .post(format!("{demo}/v1/bookings"))
        .header("idempotency-key", "self-test-book")
        .json(&json!({"holdId": hold_id, "paymentSessionId": id,
                      "guest": {"firstName": "Ada", "lastName": "Lovelace", "email": "ada@example.com",
                                "phone": "+442079460000", "country": "GB"}}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let (violations, _) = check(&saga, &saga.ledger().await);
    assert!(!violations.iter().any(|v| v.contains("neither booked nor refunded")), "{violations:?}");
    assert!(violations.iter().any(|v| v.contains("which no guest made")), "{violations:?}");

    // ...and refunded as well: booked AND refunded.
    let res = http
        .post(format!("{demo}/v1/payment-sessions/{id}/refunds"))
        .header("idempotency-key", "self-test-refund")
        .json(&json!({"amount": total, "reason": "self-test"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let (violations, _) = check(&saga, &saga.ledger().await);
    assert!(violations.iter().any(|v| v.contains(id) && v.contains("AND refunded")), "{violations:?}");

    // A unit over the calendar: checked against a today that makes the
    // booked night a sold-out one (d % 6 == 3) for the loft.
    let night = stay.checkin;
    let mut shifted = Saga::new(TestApp::spawn_with(configure).await, config, tally, 1);
    let d = (0..6).find(|d| (night - jiff::Span::new().days(*d)) >= saga.today && d % 6 == 3).unwrap();
    Arc::get_mut(&mut shifted).unwrap().today = night - jiff::Span::new().days(d);
    let (violations, _) = check(&shifted, &saga.ledger().await);
    assert!(violations.iter().any(|v| v.contains("units taken of 0")), "{violations:?}");
}
