//! The mixed-funnel load of `bench/run`: many simulated guests book end to end
//! at once, each with its own cookie jar, through the HTML pages a browser
//! without JavaScript uses (landing, search, property, draft steps, payment
//! return, confirmation). The hosted payment page is finished through the demo
//! platform's admin route instead of a browser.
//!
//! Bounded in count and time, loopback only: it stops after `GUESTS` guests or
//! `DEADLINE_SECS`, whichever comes first. Environment: `SERVICE_ADDR`
//! (127.0.0.1:PORT of the service), `DEMO_URL` (the demo platform), `GUESTS`
//! (default 200), `CONCURRENCY` (default 32), `DEADLINE_SECS` (default 60).
//! Prints one line of `key=value` pairs for `bench/run`.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use reqwest::redirect::Policy;

/// Bookable choices with at least two units, so guests rarely collide.
const PICKS: &[(&str, &str, &str)] = &[
    ("aurora.localhost", "aurora-lisbon", "classic-double"),
    ("aurora.localhost", "aurora-lisbon", "river-king"),
    ("aurora.localhost", "aurora-berlin", "studio"),
    ("aurora.localhost", "aurora-berlin", "loft-king"),
    ("kestrel.localhost", "kestrel-skye", "snug"),
    ("kestrel.localhost", "kestrel-skye", "lodge"),
    ("kestrel.localhost", "kestrel-windermere", "cabin"),
    ("solstice.localhost", "solstice-brooklyn", "suite"),
    ("solstice.localhost", "solstice-chicago", "loft"),
    ("solstice.localhost", "solstice-austin", "garden"),
];
const RATES: &[&str] = &["flex", "bb", "saver"];
const HOSTS: &[&str] = &["aurora.localhost", "kestrel.localhost", "solstice.localhost"];

#[derive(Default)]
struct Tally {
    latencies_us: Vec<u32>,
    body_bytes: u64,
    errors: u64,
    bookings: u64,
    sold_out: u64,
    first_error: Option<String>,
}

struct Guest<'a> {
    client: reqwest::Client,
    demo: &'a str,
    port: u16,
    tally: Tally,
}

#[derive(Debug)]
struct Step(String);

impl Guest<'_> {
    fn url(&self, host: &str, path: &str) -> String {
        if path.starts_with("http") { path.to_owned() } else { format!("http://{host}:{}{path}", self.port) }
    }

    /// One request to the service, timed; returns status, Location and body.
    async fn send(&mut self, req: reqwest::RequestBuilder) -> Result<(StatusCode, String, String), Step> {
        let started = Instant::now();
        let res = req.send().await.map_err(|e| Step(format!("transport: {e}")))?;
        let status = res.status();
        let location = res.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
        let body = res.text().await.map_err(|e| Step(format!("body: {e}")))?;
        self.tally.latencies_us.push(started.elapsed().as_micros().min(u128::from(u32::MAX)) as u32);
        self.tally.body_bytes += body.len() as u64;
        Ok((status, location, body))
    }

    async fn get(&mut self, host: &str, path: &str) -> Result<(StatusCode, String, String), Step> {
        let req = self.client.get(self.url(host, path));
        self.send(req).await
    }

    async fn post(&mut self, host: &str, path: &str, form: &[(&str, &str)]) -> Result<(StatusCode, String), Step> {
        let req = self.client.post(self.url(host, path)).form(form);
        let (status, location, body) = self.send(req).await?;
        if status != StatusCode::SEE_OTHER {
            if body.contains("sold out") || body.contains("not available for these dates") {
                return Err(Step("sold-out".into()));
            }
            return Err(Step(format!("POST {path}: {status}")));
        }
        Ok((status, location))
    }

    /// The draft page at its current step, and the version its forms carry.
    async fn version(&mut self, host: &str, draft: &str) -> Result<String, Step> {
        let (status, _, html) = self.get(host, draft).await?;
        if status != StatusCode::OK {
            return Err(Step(format!("GET {draft}: {status}")));
        }
        html.split("name=\"version\" value=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .map(str::to_owned)
            .ok_or_else(|| Step(format!("GET {draft}: no version field")))
    }

    async fn book(&mut self, n: usize) -> Result<(), Step> {
        let (host, property, room) = PICKS[n % PICKS.len()];
        let round = n / PICKS.len();
        let rate = RATES[round % RATES.len()];
        // Arrivals 1–3 days past a multiple of ten ahead, spread over ~16 months:
        // never closed to arrival or under a minimum stay, whatever the
        // property's time zone, and no two of the first 480 guests on the same
        // room and nights.
        let ahead = 10 * (1 + (round * 7) % 48) + 1 + round % 3;
        let nights = 1 + n % 2;
        let (checkin, checkout) = (day(ahead), day(ahead + nights));
        let stay = format!("checkin={checkin}&checkout={checkout}&adults=2");

        let landing_host = HOSTS[n % HOSTS.len()];
        let (status, _, _) = self.get(landing_host, "/").await?;
        ok(status, "GET /")?;
        let (status, _, _) = self.get(host, &format!("/search?{stay}")).await?;
        ok(status, "GET /search")?;
        let (status, _, _) = self.get(host, &format!("/properties/{property}?{stay}")).await?;
        ok(status, "GET /properties")?;

        let form = [
            ("property", property),
            ("room_type", room),
            ("rate_plan", rate),
            ("checkin", checkin.as_str()),
            ("checkout", checkout.as_str()),
            ("adults", "2"),
            ("children", ""),
            ("rooms", "1"),
            ("promo", ""),
        ];
        let (_, draft) = self.post(host, "/draft", &form).await?;

        let v = self.version(host, &draft).await?;
        let details = [
            ("version", v.as_str()),
            ("first_name", "Ada"),
            ("last_name", "Lovelace"),
            ("email", "ada@example.com"),
            ("phone", "+44 20 7946 0000"),
            ("country", "GB"),
            ("accept_terms", "on"),
            ("special_requests", ""),
        ];
        self.post(host, &format!("{draft}/guest"), &details).await?;
        let v = self.version(host, &draft).await?;
        self.post(host, &format!("{draft}/hold"), &[("version", v.as_str())]).await?;
        let v = self.version(host, &draft).await?;
        let (_, pay_url) = self.post(host, &format!("{draft}/payment"), &[("version", v.as_str())]).await?;

        // The guest pays on the hosted page (not the service: not timed).
        let session = pay_url.rsplit('/').next().unwrap_or_default();
        let completed: serde_json::Value = self
            .client
            .post(format!("{}/__admin/payment-sessions/{session}/complete", self.demo))
            .json(&serde_json::json!({"status": "approved"}))
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .map_err(|e| Step(format!("completing the payment: {e}")))?
            .json()
            .await
            .map_err(|e| Step(format!("completing the payment: {e}")))?;
        let back = completed["redirect"].as_str().unwrap_or_default().to_owned();
        let (status, confirmation, _) = self.get(host, &back).await?;
        if status != StatusCode::SEE_OTHER || !confirmation.starts_with("/confirmation/") {
            return Err(Step(format!("payment return: {status} to {confirmation}")));
        }
        let (status, _, _) = self.get(host, &confirmation).await?;
        ok(status, "GET /confirmation")
    }
}

fn ok(status: StatusCode, what: &str) -> Result<(), Step> {
    if status == StatusCode::OK { Ok(()) } else { Err(Step(format!("{what}: {status}"))) }
}

fn day(ahead: usize) -> String {
    let today = jiff::Timestamp::now().to_zoned(jiff::tz::TimeZone::UTC).date();
    today.checked_add(jiff::Span::new().days(ahead as i64)).map(|d| d.to_string()).unwrap_or_default()
}

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

#[tokio::main]
async fn main() -> Result<(), String> {
    let addr: SocketAddr = std::env::var("SERVICE_ADDR")
        .map_err(|_| "SERVICE_ADDR is required".to_owned())?
        .parse()
        .map_err(|e| format!("SERVICE_ADDR: {e}"))?;
    if !addr.ip().is_loopback() {
        return Err("SERVICE_ADDR must be a loopback address".into());
    }
    let demo: Arc<str> = std::env::var("DEMO_URL").map_err(|_| "DEMO_URL is required".to_owned())?.into();
    let guests = env_or("GUESTS", 200);
    let concurrency = env_or("CONCURRENCY", 32).max(1);
    let deadline = Instant::now() + Duration::from_secs(env_or("DEADLINE_SECS", 60) as u64);

    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let workers: Vec<_> = (0..concurrency)
        .map(|_| {
            let (next, demo) = (next.clone(), demo.clone());
            tokio::spawn(async move {
                let mut tally = Tally::default();
                loop {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    if n >= guests || Instant::now() >= deadline {
                        return tally;
                    }
                    let mut builder = reqwest::Client::builder()
                        .redirect(Policy::none())
                        .cookie_store(true)
                        .timeout(Duration::from_secs(10));
                    for host in HOSTS {
                        builder = builder.resolve(host, addr);
                    }
                    let client = builder.build().expect("a static client configuration");
                    let mut guest = Guest { client, demo: &demo, port: addr.port(), tally: std::mem::take(&mut tally) };
                    match guest.book(n).await {
                        Ok(()) => guest.tally.bookings += 1,
                        Err(Step(e)) if e == "sold-out" => guest.tally.sold_out += 1,
                        Err(Step(e)) => {
                            guest.tally.errors += 1;
                            guest.tally.first_error.get_or_insert(e);
                        }
                    }
                    tally = guest.tally;
                }
            })
        })
        .collect();
    let mut all = Tally::default();
    for worker in workers {
        let t = worker.await.map_err(|e| e.to_string())?;
        all.latencies_us.extend(t.latencies_us);
        all.body_bytes += t.body_bytes;
        all.errors += t.errors;
        all.bookings += t.bookings;
        all.sold_out += t.sold_out;
        all.first_error = all.first_error.or(t.first_error);
    }
    let elapsed = started.elapsed().as_secs_f64();
    all.latencies_us.sort_unstable();
    let pct = |p: f64| -> f64 {
        if all.latencies_us.is_empty() {
            return 0.0;
        }
        let i = ((all.latencies_us.len() as f64 * p).ceil() as usize).clamp(1, all.latencies_us.len()) - 1;
        f64::from(all.latencies_us[i]) / 1000.0
    };
    let requests = all.latencies_us.len();
    println!(
        "requests={requests} seconds={elapsed:.2} bookings={} sold_out={} errors={} p50_ms={:.2} p99_ms={:.2} body_bytes={}",
        all.bookings,
        all.sold_out,
        all.errors,
        pct(0.50),
        pct(0.99),
        all.body_bytes
    );
    if let Some(e) = all.first_error {
        eprintln!("first error: {e}");
    }
    Ok(())
}
