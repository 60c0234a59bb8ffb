//! BookingDraftSnapshot: one record per draft transition for the analytics cold
//! mirror, with personal data removed (a keyed hash stands in for the guest).
//! Snapshots go through a bounded queue to a background writer: a full queue
//! drops and counts, a guest never waits for analytics. The writer batches by
//! size and time and is drained on graceful shutdown.

mod sink;

use std::sync::Arc;
use std::time::Duration;

use hmac::{Hmac, KeyInit, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use tokio::sync::{Mutex, mpsc};
use tokio::task::JoinHandle;

use crate::domain::attribution::Attribution;
use crate::domain::draft::BookingDraft;
pub use sink::{HttpSink, JsonLinesSink, Sink};

pub const QUEUE_CAPACITY: usize = 1024;
const BATCH_SIZE: usize = 100;
const BATCH_WAIT: Duration = Duration::from_millis(500);

/// A draft as analytics sees it: no name, e-mail or phone.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DraftSnapshot {
    pub draft_id: String,
    pub tenant: String,
    pub version: u64,
    pub event: String,
    pub state: String,
    pub at: String,
    pub property_id: String,
    pub room_type_id: String,
    pub rate_plan_id: String,
    pub checkin: String,
    pub checkout: String,
    pub nights: i32,
    pub adults: u8,
    pub children: usize,
    pub rooms: u8,
    pub total_amount: Option<i64>,
    pub currency: Option<String>,
    /// HMAC-SHA256 of the guest key: the same guest joins up, nobody is named.
    pub guest_hash: String,
    /// Country of the guest's details, when given (not identifying on its own).
    pub guest_country: Option<String>,
    pub booking_ref: Option<String>,
    pub attribution: Option<Attribution>,
}

impl DraftSnapshot {
    pub fn of(draft: &BookingDraft, event: &str, hash_key: &[u8]) -> Self {
        let c = &draft.selection.criteria;
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(hash_key).expect("HMAC takes keys of any length");
        mac.update(draft.owner.as_str().as_bytes());
        Self {
            draft_id: draft.id.to_string(),
            tenant: draft.tenant.to_string(),
            version: draft.version,
            event: event.to_owned(),
            state: draft.state.as_str().to_owned(),
            at: draft.updated_at.to_string(),
            property_id: draft.selection.property_id.clone(),
            room_type_id: draft.selection.room_type_id.clone(),
            rate_plan_id: draft.selection.rate_plan_id.clone(),
            checkin: c.stay.checkin().to_string(),
            checkout: c.stay.checkout().to_string(),
            nights: c.stay.nights(),
            adults: c.occupancy.adults(),
            children: c.occupancy.children().len(),
            rooms: c.occupancy.rooms(),
            total_amount: draft.quote.as_ref().map(|q| q.total.amount),
            currency: draft.quote.as_ref().map(|q| q.total.currency.to_string()),
            guest_hash: hex::encode(&mac.finalize().into_bytes()[..16]),
            guest_country: draft.guest.as_ref().map(|g| g.country().as_str().to_owned()),
            booking_ref: draft.booking_ref.clone(),
            attribution: draft.attribution.clone(),
        }
    }
}

enum Message {
    Snapshot(Box<DraftSnapshot>),
    /// Flush what is queued and stop.
    Close,
}

/// The producer side: cheap to call on the request path.
pub struct Snapshots {
    sender: mpsc::Sender<Message>,
    worker: Mutex<Option<JoinHandle<()>>>,
    hash_key: Vec<u8>,
}

impl Snapshots {
    pub fn start(sink: Arc<dyn Sink>, hash_key: Vec<u8>, capacity: usize) -> Self {
        let (sender, rx) = mpsc::channel(capacity);
        let worker = tokio::spawn(run(rx, sink));
        Self { sender, worker: Mutex::new(Some(worker)), hash_key }
    }

    /// Queues a snapshot of `draft` after `event`; never waits.
    pub fn record(&self, draft: &BookingDraft, event: &str) {
        let snapshot = Box::new(DraftSnapshot::of(draft, event, &self.hash_key));
        match self.sender.try_send(Message::Snapshot(snapshot)) {
            Ok(()) => metrics::gauge!("snapshot_queue_depth").increment(1.0),
            Err(_) => metrics::counter!("snapshot_dropped_total").increment(1),
        }
    }

    /// Waits for the writer to flush what is queued, then stops it.
    pub async fn close(&self) {
        // Waits for room: closing must not be dropped like a snapshot would be.
        let _ = self.sender.send(Message::Close).await;
        if let Some(worker) = self.worker.lock().await.take() {
            let _ = worker.await;
        }
    }
}

async fn run(mut rx: mpsc::Receiver<Message>, sink: Arc<dyn Sink>) {
    let mut batch: Vec<DraftSnapshot> = Vec::with_capacity(BATCH_SIZE);
    let mut closing = false;
    while !closing {
        match rx.recv().await {
            Some(Message::Snapshot(s)) => batch.push(*s),
            Some(Message::Close) | None => closing = true,
        }
        // Gather more for a little while, up to a full batch.
        let deadline = tokio::time::Instant::now() + BATCH_WAIT;
        while !closing && batch.len() < BATCH_SIZE {
            match tokio::time::timeout_at(deadline, rx.recv()).await {
                Ok(Some(Message::Snapshot(s))) => batch.push(*s),
                Ok(Some(Message::Close) | None) => closing = true,
                Err(_) => break,
            }
        }
        if closing {
            while let Ok(Message::Snapshot(s)) = rx.try_recv() {
                batch.push(*s);
            }
        }
        if !batch.is_empty() {
            metrics::gauge!("snapshot_queue_depth").decrement(batch.len() as f64);
            if let Err(e) = sink.write(&batch).await {
                metrics::counter!("snapshot_write_failures_total").increment(1);
                tracing::warn!(error = %e, count = batch.len(), "snapshot batch lost");
            }
            batch.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A sink that never finishes a write: the worker is stuck on its first batch.
    struct Stuck;

    #[async_trait::async_trait]
    impl Sink for Stuck {
        async fn write(&self, _: &[DraftSnapshot]) -> Result<(), String> {
            std::future::pending().await
        }
    }

    fn draft() -> BookingDraft {
        use crate::domain::draft::{DraftId, Selection, SelectionNames};
        use crate::domain::search::SearchForm;
        let today = jiff::civil::date(2030, 1, 1);
        let form = SearchForm { checkin: "2030-01-02".into(), checkout: "2030-01-03".into(), ..Default::default() };
        let selection = Selection {
            property_id: "p".into(),
            room_type_id: "r".into(),
            rate_plan_id: "f".into(),
            criteria: form.parse(today).unwrap(),
            names: SelectionNames::default(),
            rooms: Vec::new(),
        };
        BookingDraft::new(
            DraftId::new(),
            crate::domain::tenant::TenantId::parse("aurora").unwrap(),
            crate::domain::guest_key::GuestKey::new("guest-key"),
            selection,
            jiff::Timestamp::now(),
        )
    }

    #[tokio::test]
    async fn a_full_queue_drops_instead_of_blocking() {
        let snapshots = Snapshots::start(Arc::new(Stuck), b"k".to_vec(), 4);
        let d = draft();
        // Far more than fit; each call returns at once.
        for _ in 0..1_000 {
            snapshots.record(&d, "quoted");
        }
        assert!(snapshots.sender.capacity() == 0, "the queue filled up and the rest were dropped");
    }

    #[test]
    fn the_guest_is_a_keyed_hash() {
        let d = draft();
        let a = DraftSnapshot::of(&d, "created", b"key-one");
        let b = DraftSnapshot::of(&d, "created", b"key-two");
        assert_eq!(a.guest_hash.len(), 32);
        assert_ne!(a.guest_hash, b.guest_hash, "keyed: another key, another hash");
        assert!(!serde_json::to_string(&a).unwrap().contains("guest-key"));
    }
}
