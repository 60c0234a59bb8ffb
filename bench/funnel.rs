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
//! `FIRST_GUEST` (default 0) numbers the first guest (guest n's room and nights
//! follow from n). Prints one line of `key=value` pairs for `bench/run`.
//!
//! With `PHASED=1` the guests go step by step instead (all take step k, then
//! step k + 1), in lock-step with `bench/run` over stdin and stdout, so that
//! each page and mutation gets its own row (see [`phased`]).

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

/// The steps of a booking, in order. `bench/run` measures each as its own
/// row (`PHASED=1`); the mixed funnel runs them one after another per guest.
const STEPS: &[&str] = &[
    "landing",
    "search",
    "property page",
    "POST /draft",
    "draft page, details step",
    "POST guest details",
    "draft page, hold step",
    "POST hold",
    "draft page, payment step",
    "POST payment start",
    "payment at the gateway (its webhook to the service)",
    "return from payment",
    "confirmation page",
];
/// The step done on the demo's hosted payment page, not on the service.
const GATEWAY: usize = 10;

/// What a guest has got so far on the way to a booking.
#[derive(Default)]
struct Progress {
    stay: String,
    checkin: String,
    checkout: String,
    draft: String,
    version: String,
    pay_url: String,
    back: String,
    confirmation: String,
}

struct Guest<'a> {
    n: usize,
    client: reqwest::Client,
    demo: &'a str,
    port: u16,
    progress: Progress,
    /// Whether the gateway step is timed (its own row when phased; in the mixed
    /// funnel only the service's requests are).
    time_gateway: bool,
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
        self.tally.latencies_us.push(micros(started));
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
    async fn version(&mut self, host: &str) -> Result<(), Step> {
        let draft = self.progress.draft.clone();
        let (status, _, html) = self.get(host, &draft).await?;
        if status != StatusCode::OK {
            return Err(Step(format!("GET {draft}: {status}")));
        }
        self.progress.version = html
            .split("name=\"version\" value=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .map(str::to_owned)
            .ok_or_else(|| Step(format!("GET {draft}: no version field")))?;
        Ok(())
    }

    async fn book(&mut self) -> Result<(), Step> {
        for k in 0..STEPS.len() {
            self.step(k).await?;
        }
        Ok(())
    }

    /// Step `k` of [`STEPS`], with what the earlier steps left in `progress`.
    async fn step(&mut self, k: usize) -> Result<(), Step> {
        let n = self.n;
        let (host, property, room) = PICKS[n % PICKS.len()];
        let round = n / PICKS.len();
        let rate = RATES[round % RATES.len()];
        if k == 0 {
            // Arrivals 1–3 days past a multiple of ten ahead, spread over ~16
            // months: never closed to arrival or under a minimum stay, whatever
            // the property's time zone, and no two of the first 480 guests on
            // the same room and nights.
            let ahead = 10 * (1 + (round * 7) % 48) + 1 + round % 3;
            let nights = 1 + n % 2;
            let (checkin, checkout) = (day(ahead), day(ahead + nights));
            self.progress.stay = format!("checkin={checkin}&checkout={checkout}&adults=2");
            (self.progress.checkin, self.progress.checkout) = (checkin, checkout);
        }
        let stay = self.progress.stay.clone();
        let draft = self.progress.draft.clone();
        let version = self.progress.version.clone();
        match k {
            0 => {
                let (status, _, _) = self.get(HOSTS[n % HOSTS.len()], "/").await?;
                ok(status, "GET /")
            }
            1 => {
                let (status, _, _) = self.get(host, &format!("/search?{stay}")).await?;
                ok(status, "GET /search")
            }
            2 => {
                let (status, _, _) = self.get(host, &format!("/properties/{property}?{stay}")).await?;
                ok(status, "GET /properties")
            }
            3 => {
                let (checkin, checkout) = (self.progress.checkin.clone(), self.progress.checkout.clone());
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
                (_, self.progress.draft) = self.post(host, "/draft", &form).await?;
                Ok(())
            }
            4 | 6 | 8 => self.version(host).await,
            5 => {
                let details = [
                    ("version", version.as_str()),
                    ("first_name", "Ada"),
                    ("last_name", "Lovelace"),
                    ("email", "ada@example.com"),
                    ("phone", "+44 20 7946 0000"),
                    ("country", "GB"),
                    ("accept_terms", "on"),
                    ("special_requests", ""),
                ];
                self.post(host, &format!("{draft}/guest"), &details).await.map(drop)
            }
            7 => self.post(host, &format!("{draft}/hold"), &[("version", version.as_str())]).await.map(drop),
            9 => {
                (_, self.progress.pay_url) =
                    self.post(host, &format!("{draft}/payment"), &[("version", version.as_str())]).await?;
                Ok(())
            }
            GATEWAY => {
                // The guest pays on the hosted page (the demo platform, which
                // then calls the service's webhook).
                let started = Instant::now();
                let session = self.progress.pay_url.rsplit('/').next().unwrap_or_default();
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
                if self.time_gateway {
                    self.tally.latencies_us.push(micros(started));
                }
                self.progress.back = completed["redirect"].as_str().unwrap_or_default().to_owned();
                Ok(())
            }
            11 => {
                let back = self.progress.back.clone();
                let (status, confirmation, _) = self.get(host, &back).await?;
                if status != StatusCode::SEE_OTHER || !confirmation.starts_with("/confirmation/") {
                    return Err(Step(format!("payment return: {status} to {confirmation}")));
                }
                self.progress.confirmation = confirmation;
                Ok(())
            }
            _ => {
                let confirmation = self.progress.confirmation.clone();
                let (status, _, _) = self.get(host, &confirmation).await?;
                ok(status, "GET /confirmation")
            }
        }
    }

    /// Tallies the end of a guest's booking: done, sold out, or an error.
    fn settle(&mut self, outcome: Result<(), Step>) {
        match outcome {
            Ok(()) => self.tally.bookings += 1,
            Err(Step(e)) if e == "sold-out" => self.tally.sold_out += 1,
            Err(Step(e)) => {
                self.tally.errors += 1;
                self.tally.first_error.get_or_insert(e);
            }
        }
    }
}

fn micros(started: Instant) -> u32 {
    started.elapsed().as_micros().min(u128::from(u32::MAX)) as u32
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

/// A guest's browser: its own cookie jar, redirects not followed.
fn browser(addr: SocketAddr) -> reqwest::Client {
    let mut builder =
        reqwest::Client::builder().redirect(Policy::none()).cookie_store(true).timeout(Duration::from_secs(10));
    for host in HOSTS {
        builder = builder.resolve(host, addr);
    }
    builder.build().expect("a static client configuration")
}

impl Tally {
    fn add(&mut self, t: Tally) {
        self.latencies_us.extend(t.latencies_us);
        self.body_bytes += t.body_bytes;
        self.errors += t.errors;
        self.bookings += t.bookings;
        self.sold_out += t.sold_out;
        self.first_error = self.first_error.take().or(t.first_error);
    }

    /// `requests=… seconds=… … body_bytes=…`, the line `bench/run` reads.
    fn line(mut self, seconds: f64) -> String {
        self.latencies_us.sort_unstable();
        let all = &self.latencies_us;
        let pct = |p: f64| -> f64 {
            if all.is_empty() {
                return 0.0;
            }
            let i = ((all.len() as f64 * p).ceil() as usize).clamp(1, all.len()) - 1;
            f64::from(all[i]) / 1000.0
        };
        format!(
            "requests={} seconds={seconds:.2} bookings={} sold_out={} errors={} p50_ms={:.2} p99_ms={:.2} body_bytes={}",
            all.len(),
            self.bookings,
            self.sold_out,
            self.errors,
            pct(0.50),
            pct(0.99),
            self.body_bytes
        )
    }
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
    let first = env_or("FIRST_GUEST", 0);
    let concurrency = env_or("CONCURRENCY", 32).max(1);
    let deadline = Instant::now() + Duration::from_secs(env_or("DEADLINE_SECS", 60) as u64);
    let all = if env_or("PHASED", 0) == 1 {
        phased(addr, &demo, first..first + guests, concurrency).await?
    } else {
        mixed(addr, demo, first..first + guests, concurrency, deadline).await?
    };
    println!("{}", all.0.line(all.1));
    Ok(())
}

/// Every guest books end to end, `concurrency` guests at a time.
async fn mixed(
    addr: SocketAddr,
    demo: Arc<str>,
    guests: std::ops::Range<usize>,
    concurrency: usize,
    deadline: Instant,
) -> Result<(Tally, f64), String> {
    let next = Arc::new(AtomicUsize::new(guests.start));
    let started = Instant::now();
    let workers: Vec<_> = (0..concurrency)
        .map(|_| {
            let (next, demo, end) = (next.clone(), demo.clone(), guests.end);
            tokio::spawn(async move {
                let mut tally = Tally::default();
                loop {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    if n >= end || Instant::now() >= deadline {
                        return tally;
                    }
                    let mut guest = Guest {
                        n,
                        client: browser(addr),
                        demo: &demo,
                        port: addr.port(),
                        progress: Progress::default(),
                        time_gateway: false,
                        tally: std::mem::take(&mut tally),
                    };
                    let outcome = guest.book().await;
                    guest.settle(outcome);
                    tally = guest.tally;
                }
            })
        })
        .collect();
    let mut all = Tally::default();
    for worker in workers {
        all.add(worker.await.map_err(|e| e.to_string())?);
    }
    let elapsed = started.elapsed().as_secs_f64();
    if let Some(e) = &all.first_error {
        eprintln!("first error: {e}");
    }
    Ok((all, elapsed))
}

/// All guests do step 1, then all do step 2, and so on, `concurrency` at a
/// time. Before each step it prints `READY name=<step>` and waits for a line on
/// stdin (`bench/run` takes its snapshot of the service's CPU and Redis
/// counters, then sends one); after each it prints `PHASE <counts> name=<step>`. A guest whose step failed or found
/// its room sold out takes no further step.
async fn phased(
    addr: SocketAddr,
    demo: &str,
    guests: std::ops::Range<usize>,
    concurrency: usize,
) -> Result<(Tally, f64), String> {
    use futures::StreamExt;

    let mut guests: Vec<_> = guests
        .map(|n| Guest {
            n,
            client: browser(addr),
            demo,
            port: addr.port(),
            progress: Progress::default(),
            time_gateway: true,
            tally: Tally::default(),
        })
        .collect();
    let mut live = vec![true; guests.len()];
    let mut all = Tally::default();
    let mut total = 0.0;
    for (k, name) in STEPS.iter().enumerate() {
        println!("READY name={name}");
        tokio::task::spawn_blocking(|| std::io::stdin().read_line(&mut String::new()))
            .await
            .map_err(|e| e.to_string())?
            .map_err(|e| format!("stdin: {e}"))?;
        let started = Instant::now();
        futures::stream::iter(guests.iter_mut().zip(live.iter_mut()).filter(|(_, live)| **live))
            .for_each_concurrent(concurrency, |(guest, live)| async move {
                let outcome = guest.step(k).await;
                if outcome.is_err() || k + 1 == STEPS.len() {
                    *live = false;
                    guest.settle(outcome);
                }
            })
            .await;
        let seconds = started.elapsed().as_secs_f64();
        total += seconds;
        if k == GATEWAY {
            // The demo sends its webhooks in the background: let them land
            // in this step's counts, not the next one's.
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
        let mut phase = Tally::default();
        for guest in &mut guests {
            phase.add(std::mem::take(&mut guest.tally));
        }
        let (bookings, sold_out, errors) = (phase.bookings, phase.sold_out, phase.errors);
        let latencies = phase.latencies_us.clone();
        let bytes = phase.body_bytes;
        let first_error = phase.first_error.take();
        println!("PHASE {} name={name}", phase.line(seconds));
        all.add(Tally { latencies_us: latencies, body_bytes: bytes, errors, bookings, sold_out, first_error });
    }
    if let Some(e) = &all.first_error {
        eprintln!("first error: {e}");
    }
    Ok((all, total))
}
