//! What each funnel mutation sends to Redis (issue 20: "a mutation loads the
//! draft once"), read off a real `redis-server`'s `MONITOR` around one request
//! through the real server: the draft is read exactly once (one `HGET`, none
//! after the compare-and-set), saved by one script, the watch list moves inside
//! that script on one server, and the session is not written when it did not
//! change. docs/perf-notes/redis.md lists every command of every step.
//!
//! The store-level half: the compare-and-set answers a conflict with the draft
//! as it is now (no second read), and a save moves the watch list only when it
//! lands, on one server and on a cluster.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use bff_tenant_booking::domain::draft::BookingDraft;
use bff_tenant_booking::store::drafts::{DraftStore, RedisDraftStore, Saved, Watch};
use reqwest::StatusCode;
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

use crate::common::{RedisCluster, RedisServer, TestApp, day, guest_details};

const AURORA: &str = "aurora.localhost";
const PREFIX: &str = "bff-tenant-booking:";

/// One command as `MONITOR` shows it: who sent it (`lua` for a script's own
/// commands, else the client's address) and its words.
#[derive(Debug, Clone)]
struct Command {
    source: String,
    words: Vec<String>,
}

impl Command {
    fn name(&self) -> String {
        self.words.first().map(|w| w.to_ascii_uppercase()).unwrap_or_default()
    }

    fn in_script(&self) -> bool {
        self.source == "lua"
    }

    /// The first key a command names (for `EVAL`, its first key).
    fn touches(&self, key: &str) -> bool {
        match self.name().as_str() {
            "EVAL" | "EVALSHA" => {
                let n: usize = self.words.get(2).and_then(|n| n.parse().ok()).unwrap_or(0);
                self.words.iter().skip(3).take(n).any(|k| k == key)
            }
            _ => self.words.get(1).is_some_and(|k| k == key),
        }
    }
}

/// `1796659565.767017 [0 127.0.0.1:50488] "HGET" "key" "d"`, the words unescaped.
fn parse(line: &str) -> Option<Command> {
    let open = line.find('[')?;
    let close = open + line[open..].find(']')?;
    let source = line[open + 1..close].split_whitespace().nth(1)?.to_owned();
    let mut words = Vec::new();
    let mut chars = line[close + 1..].chars();
    while let Some(c) = chars.next() {
        if c != '"' {
            continue;
        }
        let mut word = String::new();
        while let Some(c) = chars.next() {
            match c {
                '"' => break,
                '\\' => {
                    if let Some(escaped) = chars.next() {
                        word.push(escaped);
                    }
                }
                c => word.push(c),
            }
        }
        words.push(word);
    }
    Some(Command { source, words })
}

/// A `MONITOR` connection and a probe connection that marks where a request
/// starts and ends (`ECHO`; its own commands are left out).
struct Monitor {
    lines: Arc<Mutex<Vec<String>>>,
    probe: TcpStream,
    probe_addr: String,
    marks: usize,
}

impl Monitor {
    async fn start(port: u16) -> Self {
        let mut feed = TcpStream::connect(("127.0.0.1", port)).await.expect("redis answers");
        feed.write_all(b"MONITOR\r\n").await.unwrap();
        let mut feed = BufReader::new(feed);
        let mut ok = String::new();
        feed.read_line(&mut ok).await.unwrap();
        assert_eq!(ok.trim_end(), "+OK", "MONITOR starts");
        let lines = Arc::new(Mutex::new(Vec::new()));
        let sink = lines.clone();
        tokio::spawn(async move {
            let mut line = String::new();
            while feed.read_line(&mut line).await.is_ok_and(|n| n > 0) {
                sink.lock().unwrap().push(line.trim_end().trim_start_matches('+').to_owned());
                line.clear();
            }
        });
        let probe = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
        let probe_addr = probe.local_addr().unwrap().to_string();
        Self { lines, probe, probe_addr, marks: 0 }
    }

    /// Sends `ECHO <mark>` and waits until `MONITOR` has shown it: everything
    /// Redis ran before it is in `lines` by then.
    async fn mark(&mut self) -> String {
        self.marks += 1;
        let mark = format!("redis-trips-mark-{}", self.marks);
        let cmd = format!("*2\r\n$4\r\nECHO\r\n${}\r\n{mark}\r\n", mark.len());
        self.probe.write_all(cmd.as_bytes()).await.unwrap();
        let mut reply = vec![0u8; mark.len() + 5 + mark.len().to_string().len()];
        self.probe.read_exact(&mut reply).await.unwrap();
        for _ in 0..1000 {
            if self.lines.lock().unwrap().iter().any(|l| l.contains(&mark)) {
                return mark;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        panic!("MONITOR never showed {mark}");
    }

    /// The commands others sent between the two marks.
    fn between(&self, from: &str, to: &str) -> Vec<Command> {
        let lines = self.lines.lock().unwrap();
        let start = lines.iter().position(|l| l.contains(from)).unwrap();
        let end = lines.iter().position(|l| l.contains(to)).unwrap();
        lines[start + 1..end].iter().filter_map(|l| parse(l)).filter(|c| c.source != self.probe_addr).collect()
    }

    /// The commands sent while `request` ran.
    async fn around<T>(&mut self, request: impl std::future::Future<Output = T>) -> (T, Vec<Command>) {
        let from = self.mark().await;
        let out = request.await;
        let to = self.mark().await;
        (out, self.between(&from, &to))
    }

    /// One raw command on the probe connection; its reply's first line.
    async fn ask(&mut self, words: &[&str]) -> String {
        let mut cmd = format!("*{}\r\n", words.len());
        for w in words {
            cmd.push_str(&format!("${}\r\n{w}\r\n", w.len()));
        }
        self.probe.write_all(cmd.as_bytes()).await.unwrap();
        let mut reader = BufReader::new(&mut self.probe);
        let mut first = String::new();
        reader.read_line(&mut first).await.unwrap();
        if let Some(len) = first.strip_prefix('$').and_then(|n| n.trim_end().parse::<i64>().ok())
            && len >= 0
        {
            let mut body = vec![0u8; len as usize + 2];
            reader.read_exact(&mut body).await.unwrap();
            return String::from_utf8_lossy(&body[..len as usize]).into_owned();
        }
        first.trim_end().to_owned()
    }
}

/// What a test reads off one request's commands about one draft.
struct Trips<'a> {
    commands: &'a [Command],
    draft: String,
}

impl Trips<'_> {
    /// Commands the service sent itself (not a script's inner ones) on the draft's key.
    fn client_reads(&self) -> Vec<&Command> {
        self.commands
            .iter()
            .filter(|c| !c.in_script() && c.touches(&self.draft))
            .filter(|c| matches!(c.name().as_str(), "HGET" | "HGETALL" | "HMGET" | "GET" | "HVALS"))
            .collect()
    }

    fn scripts_on_draft(&self) -> usize {
        self.commands.iter().filter(|c| !c.in_script() && c.name() == "EVAL" && c.touches(&self.draft)).count()
    }

    fn named(&self, name: &str, from_script: bool) -> Vec<&Command> {
        self.commands.iter().filter(|c| c.name() == name && c.in_script() == from_script).collect()
    }

    fn session_writes(&self) -> usize {
        let session = format!("{PREFIX}session:");
        self.commands
            .iter()
            .filter(|c| c.name() == "SET" && c.words.get(1).is_some_and(|k| k.starts_with(&session)))
            .count()
    }

    fn describe(&self) -> String {
        self.commands
            .iter()
            .map(|c| format!("[{}] {}", c.source, c.words.iter().take(2).cloned().collect::<Vec<_>>().join(" ")))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

fn selection() -> Value {
    json!({"property": "aurora-lisbon", "room_type": "classic-double", "rate_plan": "flex",
           "checkin": day(40), "checkout": day(42), "adults": 2, "rooms": 1})
}

#[tokio::test]
async fn each_mutation_reads_its_draft_once_and_saves_it_in_one_script() {
    let redis = RedisServer::start().await;
    let app = TestApp::with_redis(&redis).await;
    let guest = app.guest();
    let mut monitor = Monitor::start(redis.port).await;

    // POST /draft: priced first, then written once (a MULTI of HSET and
    // EXPIRE); nothing reads it, no compare-and-set.
    let (res, commands) = monitor
        .around(
            guest
                .client
                .post(guest.url(AURORA, "/draft"))
                .header("accept", "application/json")
                .json(&selection())
                .send(),
        )
        .await;
    let res = res.unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let tag = res.headers().get("etag").unwrap().to_str().unwrap().to_owned();
    let created: Value = res.json().await.unwrap();
    assert_eq!(created["state"], "quoted", "{created}");
    let id = created["id"].as_str().unwrap().to_owned();
    let path = format!("/draft/{id}");
    let trips = Trips { commands: &commands, draft: format!("{PREFIX}draft:{id}") };
    assert!(trips.client_reads().is_empty(), "a new draft is not read:\n{}", trips.describe());
    assert_eq!(trips.scripts_on_draft(), 0, "a new draft needs no compare-and-set:\n{}", trips.describe());
    let hsets: Vec<_> = trips.named("HSET", false).into_iter().filter(|c| c.touches(&trips.draft)).collect();
    assert_eq!(hsets.len(), 1, "one write of the draft:\n{}", trips.describe());
    assert_eq!(trips.named("MULTI", false).len(), 1, "{}", trips.describe());
    assert!(trips.named("HSET", false)[0].words.iter().any(|w| w.contains("\"state\":\"quoted\"")));

    // Details, hold, payment: one HGET of the draft, one compare-and-set, and
    // the session (unchanged) is not written.
    let mut tag = tag;
    for (step, body) in [("guest", guest_details()), ("hold", json!({})), ("payment", json!({}))] {
        let ((draft, next, status), commands) =
            monitor.around(guest.json_post(AURORA, &format!("{path}/{step}"), &tag, body)).await;
        assert!(status.is_success(), "{step}: {status} {draft}");
        tag = next;
        let trips = Trips { commands: &commands, draft: format!("{PREFIX}draft:{id}") };
        let reads = trips.client_reads();
        assert_eq!(reads.len(), 1, "{step} reads the draft once:\n{}", trips.describe());
        assert_eq!(reads[0].words, ["HGET", &trips.draft, "d"], "{step}");
        assert_eq!(trips.scripts_on_draft(), 1, "{step} saves it with one script:\n{}", trips.describe());
        assert_eq!(trips.session_writes(), 0, "{step} leaves the session alone:\n{}", trips.describe());
        if step == "payment" {
            // Watched in the script that saves it, not by a ZADD of its own.
            assert!(trips.named("ZADD", false).is_empty(), "{}", trips.describe());
            let zadds = trips.named("ZADD", true);
            assert_eq!(zadds.len(), 1, "{}", trips.describe());
            assert_eq!(zadds[0].words[1], format!("{PREFIX}drafts-awaiting-money"));
            assert_eq!(zadds[0].words[3], id);
        }
        if step == "payment" {
            let session = draft["payment"]["redirectUrl"].as_str().unwrap().rsplit('/').next().unwrap().to_owned();
            // The gateway approves; its webhook books and confirms the draft.
            let draft_key = format!("{PREFIX}draft:{id}");
            let approved = async {
                app.approve_payment(&session).await;
            };
            let from = monitor.mark().await;
            approved.await;
            // The webhook may still be on its way: wait for the draft to say
            // confirmed (read on the probe connection, left out of the count).
            let mut confirmed = false;
            for _ in 0..500 {
                let body = monitor.ask(&["HGET", &draft_key, "d"]).await;
                if body.contains("\"state\":\"confirmed\"") {
                    confirmed = true;
                    break;
                }
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            assert!(confirmed, "the webhook confirmed the draft");
            // Its last writes (the cached confirmation) follow the save.
            let mut outbox_seen = false;
            for _ in 0..500 {
                let to = monitor.mark().await;
                let commands = monitor.between(&from, &to);
                let cached = commands.iter().any(|c| {
                    c.name() == "SET"
                        && c.words.get(1).is_some_and(|k| k.starts_with(&format!("{PREFIX}confirmation:")))
                });
                if cached {
                    let trips = Trips { commands: &commands, draft: draft_key.clone() };
                    let reads = trips.client_reads();
                    assert_eq!(reads.len(), 1, "the webhook reads the draft once:\n{}", trips.describe());
                    assert_eq!(trips.scripts_on_draft(), 1, "and saves it once:\n{}", trips.describe());
                    assert!(trips.named("ZREM", false).is_empty(), "unwatched in the save:\n{}", trips.describe());
                    assert_eq!(trips.named("ZREM", true).len(), 1, "{}", trips.describe());
                    outbox_seen = true;
                    break;
                }
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            assert!(outbox_seen, "the webhook cached the confirmation");
            let watched = monitor.ask(&["ZSCORE", &format!("{PREFIX}drafts-awaiting-money"), &id]).await;
            assert_eq!(watched, "$-1", "a confirmed draft is no longer watched");
        }
    }
}

/// A draft main's code wrote (the fixture), with `version`.
fn stored_draft(version: u64) -> BookingDraft {
    let raw = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/draft-before-refunds.json"))
        .unwrap();
    let mut draft: BookingDraft = serde_json::from_str(&raw).expect("the fixture decodes");
    draft.id = bff_tenant_booking::domain::draft::DraftId::new();
    draft.version = version;
    draft
}

async fn watched(pool: &bff_tenant_booking::store::redis::RedisPool, draft: &BookingDraft) -> bool {
    use tower_sessions_redis_store::fred::prelude::*;
    let score: Option<f64> = pool.zscore(format!("{PREFIX}drafts-awaiting-money"), draft.id.to_string()).await.unwrap();
    score.is_some()
}

/// The compare-and-set and the watch list, on the store itself.
async fn compare_and_set_answers_with_the_current_draft_and_watches_only_what_it_saves(url: &str, one_server: bool) {
    let pool = bff_tenant_booking::store::redis::connect(url, None).await.expect("redis connects");
    let store = RedisDraftStore::new(pool.clone());
    let first = stored_draft(1);
    store.create(&first).await.unwrap();

    let mut second = first.clone();
    second.version = 2;
    assert!(matches!(store.save_watching(&second, 1, Watch::Start(jiff::Timestamp::now())).await.unwrap(), Saved::Ok));
    assert!(watched(&pool, &first).await, "watched with the save");

    // A save on the old version: refused, with the draft as it is now.
    let mut stale = first.clone();
    stale.version = 3;
    match store.save_watching(&stale, 1, Watch::End).await.unwrap() {
        Saved::Conflict(current) => assert_eq!(current.version, 2),
        other => panic!("a conflict, not {other:?}"),
    }
    assert!(watched(&pool, &first).await, "a refused save does not unwatch");

    let mut third = second.clone();
    third.version = 3;
    assert!(matches!(store.save_watching(&third, 2, Watch::End).await.unwrap(), Saved::Ok));
    assert!(!watched(&pool, &first).await, "unwatched with the save that landed");
    assert_eq!(store.load(&first.id).await.unwrap().unwrap().version, 3);

    // A refused save that would start waiting on money: on one server the
    // script watches only what it saves; on a cluster the watch comes first
    // (the list stays a superset) and the reconciler's read clears it.
    let mut stale = third.clone();
    stale.version = 9;
    assert!(matches!(
        store.save_watching(&stale, 1, Watch::Start(jiff::Timestamp::now())).await.unwrap(),
        Saved::Conflict(_)
    ));
    assert_eq!(watched(&pool, &first).await, !one_server);

    let mut gone = stored_draft(1);
    gone.version = 2;
    assert!(matches!(store.save_watching(&gone, 1, Watch::Start(jiff::Timestamp::now())).await.unwrap(), Saved::Gone));
    assert_eq!(watched(&pool, &gone).await, !one_server);
}

#[tokio::test]
async fn compare_and_set_on_one_server() {
    let redis = RedisServer::start().await;
    compare_and_set_answers_with_the_current_draft_and_watches_only_what_it_saves(&redis.url(), true).await;
}

#[tokio::test]
async fn compare_and_set_on_a_cluster() {
    let cluster = RedisCluster::start().await;
    compare_and_set_answers_with_the_current_draft_and_watches_only_what_it_saves(&cluster.url(), false).await;
}
