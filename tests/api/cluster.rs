//! Redis Cluster (issue 16): guests booking through two instances on one
//! cluster while a replica takes over by hand and then a primary is killed.
//! What must hold: every draft made before is intact, a single-use handoff
//! link is used once, nothing is booked twice, and guests see 2xx/3xx, a
//! business answer (409/412: the link is taken, the draft moved on), or the
//! documented 503 with `Retry-After` — never a 500. The instances are never
//! restarted: fred follows `MOVED`/`ASK` and the new slot map by itself. The
//! cluster variants of the store suites are `on_each_store!`'s `cluster`.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bff_tenant_booking::domain::handoff::{self, HandoffClaims, HandoffKeys, HandoffSelection};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::common::{Guest, RedisCluster, TestApp, day, header, location};

const AURORA: &str = "aurora.localhost";
/// The key `TestApp::builder().platform(…)` verifies handoff links with.
const K1: &str = "k1=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

/// Every answer a guest got: what was asked, the status, and whether a 503
/// said when to come back.
#[derive(Default, Clone)]
pub(crate) struct Seen(Arc<Mutex<Vec<(String, StatusCode, bool)>>>);

impl Seen {
    pub(crate) fn note(&self, what: &str, res: &reqwest::Response) {
        let retry_after = !header(res, "retry-after").is_empty();
        self.0.lock().unwrap().push((what.to_owned(), res.status(), retry_after));
    }

    pub(crate) fn all(&self) -> Vec<(String, StatusCode, bool)> {
        self.0.lock().unwrap().clone()
    }
}

/// Gives up on a guest whose store never comes back.
fn patience() -> Instant {
    Instant::now() + Duration::from_secs(45)
}

async fn pause() {
    tokio::time::sleep(Duration::from_millis(100)).await;
}

/// The draft as JSON, asked again after each 503.
pub(crate) async fn read(guest: &Guest, seen: &Seen, path: &str) -> (Value, String) {
    let until = patience();
    loop {
        let res = guest.get_json(AURORA, path).await;
        seen.note("GET draft", &res);
        if res.status() == StatusCode::OK {
            let tag = header(&res, "etag");
            return (res.json().await.unwrap(), tag);
        }
        assert!(Instant::now() < until, "{path} never came back: {}", res.status());
        pause().await;
    }
}

/// A JSON step, done once: re-read after any refusal (a 503 whose write may
/// have landed, a 412 because it did) until the draft shows it done.
async fn step(guest: &Guest, seen: &Seen, path: &str, name: &str, body: Value, done: impl Fn(&Value) -> bool) {
    let until = patience();
    loop {
        let (draft, tag) = read(guest, seen, path).await;
        if done(&draft) {
            return;
        }
        let res = guest
            .client
            .post(guest.url(AURORA, &format!("{path}/{name}")))
            .header("accept", "application/json")
            .header("if-match", &tag)
            .json(&body)
            .send()
            .await
            .unwrap();
        seen.note(name, &res);
        if res.status().is_success() {
            return;
        }
        assert!(Instant::now() < until, "{path}/{name} never went through: {}", res.status());
        pause().await;
    }
}

fn state_in(states: &'static [&'static str]) -> impl Fn(&Value) -> bool {
    move |draft| states.iter().any(|s| draft["state"] == *s)
}

/// One night in the single-unit Rooftop Loft, `night` days from now.
pub(crate) fn loft(night: i64) -> Value {
    json!({
        "property": "aurora-lisbon", "room_type": "rooftop-loft", "rate_plan": "flex",
        "checkin": day(night), "checkout": day(night + 1), "adults": 2, "children": [], "rooms": 1
    })
}

/// Nights (days from now) the demo's one-unit loft can be booked for one night:
/// open to arrival, no minimum stay, on its calendar (src/demo/inventory.rs).
pub(crate) fn loft_nights() -> impl Iterator<Item = i64> {
    (2..).filter(|d| d % 10 != 5 && d % 10 != 9 && d % 6 != 3)
}

/// A new draft of `selection`, created again after a 503: its path.
pub(crate) async fn create(guest: &Guest, seen: &Seen, selection: &Value) -> String {
    let until = patience();
    loop {
        let res = guest
            .client
            .post(guest.url(AURORA, "/draft"))
            .header("accept", "application/json")
            .json(selection)
            .send()
            .await
            .unwrap();
        seen.note("create", &res);
        match res.status() {
            StatusCode::CREATED => {
                let draft: Value = res.json().await.unwrap();
                return format!("/draft/{}", draft["id"].as_str().unwrap());
            }
            StatusCode::SERVICE_UNAVAILABLE => assert!(Instant::now() < until, "no draft: the store never came back"),
            status => panic!("no draft of {selection}: {status} {}", res.text().await.unwrap()),
        }
        pause().await;
    }
}

/// Books `selection` from start to confirmation, the payment approved on the
/// demo's gateway: the draft's path and its booking reference.
pub(crate) async fn book(guest: Guest, seen: Seen, demo: String, selection: Value) -> (String, String) {
    let path = create(&guest, &seen, &selection).await;
    let details = json!({"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.com",
        "phone": "+44 20 7946 0000", "country": "GB", "accept_terms": true});
    step(&guest, &seen, &path, "guest", details, |d| !d["guest"].is_null()).await;
    step(&guest, &seen, &path, "hold", json!({}), state_in(&["held", "payment_pending", "confirmed"])).await;
    step(&guest, &seen, &path, "payment", json!({}), state_in(&["payment_pending", "confirmed"])).await;
    let (draft, _) = read(&guest, &seen, &path).await;
    let session = draft["payment"]["redirectUrl"].as_str().unwrap().rsplit('/').next().unwrap().to_owned();
    let approved = reqwest::Client::new()
        .post(format!("{demo}/__admin/payment-sessions/{session}/complete"))
        .json(&json!({"status": "approved"}))
        .send()
        .await
        .unwrap();
    assert!(approved.status().is_success(), "approving {session}");
    let until = patience();
    loop {
        let res = guest.get(AURORA, &format!("{path}/payment/return?session={session}")).await;
        seen.note("payment return", &res);
        let (draft, _) = read(&guest, &seen, &path).await;
        if draft["state"] == "confirmed" {
            return (path, draft["bookingRef"].as_str().unwrap().to_owned());
        }
        assert!(Instant::now() < until, "{path} never confirmed: {draft}");
        pause().await;
    }
}

/// Posts the handoff link until this guest gets an answer that is not a 503:
/// the draft it was sent to (303), or `None` (409: used by someone else).
pub(crate) async fn consume(guest: Guest, seen: Seen, token: String) -> Option<String> {
    let until = patience();
    loop {
        let res = guest.client.post(guest.url(AURORA, "/handoff/consume")).form(&[("t", &token)]).send().await.unwrap();
        seen.note("handoff", &res);
        match res.status() {
            StatusCode::SEE_OTHER => return Some(location(&res)),
            StatusCode::CONFLICT => return None,
            status => assert!(Instant::now() < until, "the handoff never answered: {status}"),
        }
        pause().await;
    }
}

pub(crate) fn aurora_link() -> String {
    let now = jiff::Timestamp::now().as_second();
    let claims = HandoffClaims {
        jti: handoff::new_jti(),
        tenant: "aurora".into(),
        iat: now,
        exp: now + 600,
        selection: HandoffSelection {
            property: "aurora-lisbon".into(),
            checkin: day(2),
            checkout: day(4),
            adults: 2,
            children: vec![],
            rooms: 1,
            parties: None,
            room_type: Some("classic-double".into()),
            rate_plan: Some("flex".into()),
            promo: None,
            currency: None,
            locale: None,
        },
        attribution: Default::default(),
    };
    handoff::mint(&claims, "k1", &HandoffKeys::parse(K1).unwrap()).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn guests_on_two_instances_ride_out_a_failover_and_a_killed_primary() {
    let mut cluster = RedisCluster::start().await;
    let demo = bff_tenant_booking::demo::start().await.expect("the demo platform starts").base_url();
    let a = TestApp::builder().platform(&demo).redis_cluster(&cluster).spawn().await;
    let b = TestApp::builder().platform(&demo).redis_cluster(&cluster).spawn().await;
    let instance = |i: usize| if i % 2 == 0 { a.guest() } else { b.guest() };
    let seen = Seen::default();

    // Before: drafts on both instances, spread over the slots.
    let mut nights = loft_nights();
    let mut before = Vec::new();
    for i in 0..12 {
        let guest = instance(i);
        let path = create(&guest, &seen, &loft(nights.next().unwrap())).await;
        let (draft, _) = read(&guest, &seen, &path).await;
        before.push((guest, path, draft));
    }

    // Meanwhile: guests book a night each in the one-unit loft (so a room sold
    // twice would show), and a crowd races for one handoff link.
    let bookings: Vec<_> = (0..6)
        .map(|i| tokio::spawn(book(instance(i), seen.clone(), demo.clone(), loft(nights.next().unwrap()))))
        .collect();
    let token = aurora_link();
    let crowd: Vec<_> = (0..10)
        .map(|i| {
            let (guest, seen, token) = (instance(i), seen.clone(), token.clone());
            tokio::spawn(async move {
                tokio::time::sleep(Duration::from_millis(150 * i as u64)).await;
                consume(guest, seen, token).await
            })
        })
        .collect();

    // A replica takes over by hand (its primary steps down when it has caught up)…
    tokio::time::sleep(Duration::from_millis(200)).await;
    let pairs = cluster.primaries_with_replicas();
    let (_, promoted) = pairs[0];
    cluster.failover(promoted).await;
    // …then another primary dies without a word; its replica takes over once
    // the others have found it gone.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let (killed, _) = *pairs.iter().find(|(primary, _)| *primary != pairs[0].0).unwrap();
    cluster.kill(killed);
    let killed_at = Instant::now();
    cluster.wait_until_healthy(Duration::from_secs(20)).await;
    eprintln!("the cluster served every slot again {:?} after the kill", killed_at.elapsed());

    let mut booked = Vec::new();
    for task in bookings {
        booked.push(task.await.expect("a guest's booking"));
    }
    let mut sent_to = Vec::new();
    for task in crowd {
        sent_to.push(task.await.expect("a consumer"));
    }

    // Every draft made before is intact, read through either instance's guest.
    for (guest, path, draft) in &before {
        let (now, _) = read(guest, &seen, path).await;
        for field in ["id", "version", "state", "stay", "roomType", "guest"] {
            assert_eq!(now[field], draft[field], "{path}: {field} changed");
        }
    }

    // The link was used once: one guest was sent to a draft, everyone else
    // was told it is used.
    let winners: Vec<_> = sent_to.iter().flatten().collect();
    assert_eq!(winners.len(), 1, "one winner, not {sent_to:?}");
    assert!(winners[0].starts_with("/draft/"), "{winners:?}");

    // Nothing was booked twice: one booking per guest, per payment, per night.
    let ledger: Value = reqwest::get(format!("{demo}/__admin/ledger")).await.unwrap().json().await.unwrap();
    let bookings = ledger["bookings"].as_array().unwrap();
    assert_eq!(bookings.len(), booked.len(), "one booking each: {bookings:?}");
    let nights: HashSet<_> = bookings.iter().map(|b| (b["roomTypeId"].clone(), b["checkin"].clone())).collect();
    assert_eq!(nights.len(), bookings.len(), "a night of the one loft sold twice");
    let payments: HashSet<_> = bookings.iter().map(|b| b["paymentSessionId"].clone()).collect();
    assert_eq!(payments.len(), bookings.len(), "a payment booked twice");
    let references: HashSet<_> = bookings.iter().map(|b| b["reference"].as_str().unwrap().to_owned()).collect();
    for (path, reference) in &booked {
        assert!(references.contains(reference), "{path}: {reference} is not in the ledger");
    }

    // What guests saw meanwhile.
    let seen = seen.all();
    let mut by_status: HashMap<StatusCode, usize> = HashMap::new();
    for (what, status, retry_after) in &seen {
        *by_status.entry(*status).or_default() += 1;
        // Business answers: the link is taken (409); the draft moved on under
        // a retried step whose write had landed before its 503 (409/412).
        let business = matches!(*status, StatusCode::CONFLICT | StatusCode::PRECONDITION_FAILED)
            && matches!(what.as_str(), "handoff" | "guest" | "hold" | "payment");
        let fine = status.is_success()
            || status.is_redirection()
            || (*status == StatusCode::SERVICE_UNAVAILABLE && *retry_after)
            || business;
        assert!(fine, "{what}: {status} (Retry-After: {retry_after})");
    }
    eprintln!("answers during the failover: {by_status:?}");
}
