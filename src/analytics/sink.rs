//! Where snapshots go: JSON Lines files (the default, rotated by size) or an
//! analytics endpoint that takes batches over HTTP (retried with backoff).

use std::path::PathBuf;
use std::time::Duration;

use async_trait::async_trait;
use tokio::io::AsyncWriteExt;
use tokio::sync::Mutex;

use super::DraftSnapshot;

#[async_trait]
pub trait Sink: Send + Sync {
    async fn write(&self, batch: &[DraftSnapshot]) -> Result<(), String>;
}

/// `snapshots-<n>.jsonl` files in a directory, a new file once one passes `max_bytes`.
pub struct JsonLinesSink {
    dir: PathBuf,
    max_bytes: u64,
    current: Mutex<(u32, u64)>,
}

impl JsonLinesSink {
    pub fn new(dir: PathBuf, max_bytes: u64) -> std::io::Result<Self> {
        std::fs::create_dir_all(&dir)?;
        // Continue after the highest file already there.
        let next = std::fs::read_dir(&dir)?
            .filter_map(|e| e.ok())
            .filter_map(|e| {
                e.file_name().to_str()?.strip_prefix("snapshots-")?.strip_suffix(".jsonl")?.parse::<u32>().ok()
            })
            .max()
            .map_or(0, |n| n + 1);
        Ok(Self { dir, max_bytes, current: Mutex::new((next, 0)) })
    }

    fn path(&self, n: u32) -> PathBuf {
        self.dir.join(format!("snapshots-{n:06}.jsonl"))
    }
}

#[async_trait]
impl Sink for JsonLinesSink {
    async fn write(&self, batch: &[DraftSnapshot]) -> Result<(), String> {
        let mut lines = Vec::new();
        for s in batch {
            serde_json::to_writer(&mut lines, s).map_err(|e| e.to_string())?;
            lines.push(b'\n');
        }
        let mut current = self.current.lock().await;
        if current.1 > 0 && current.1 + lines.len() as u64 > self.max_bytes {
            *current = (current.0 + 1, 0);
        }
        let mut file = tokio::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.path(current.0))
            .await
            .map_err(|e| e.to_string())?;
        file.write_all(&lines).await.map_err(|e| e.to_string())?;
        file.flush().await.map_err(|e| e.to_string())?;
        current.1 += lines.len() as u64;
        Ok(())
    }
}

/// POSTs each batch as a JSON array; retried three times with backoff.
pub struct HttpSink {
    url: String,
    client: reqwest::Client,
}

impl HttpSink {
    pub fn new(url: String, client: reqwest::Client) -> Self {
        Self { url, client }
    }
}

#[async_trait]
impl Sink for HttpSink {
    async fn write(&self, batch: &[DraftSnapshot]) -> Result<(), String> {
        let mut delay = Duration::from_millis(200);
        let mut last = String::new();
        for _ in 0..4 {
            match self.client.post(&self.url).timeout(Duration::from_secs(5)).json(batch).send().await {
                Ok(res) if res.status().is_success() => return Ok(()),
                Ok(res) => last = format!("status {}", res.status()),
                Err(e) => last = e.without_url().to_string(),
            }
            tokio::time::sleep(delay).await;
            delay *= 2;
        }
        Err(last)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snapshot(i: u64) -> DraftSnapshot {
        serde_json::from_value(serde_json::json!({
            "draftId": format!("d{i}"), "tenant": "aurora", "version": i, "event": "quoted", "state": "quoted",
            "at": "2030-01-01T00:00:00Z", "propertyId": "p", "roomTypeId": "r", "ratePlanId": "f",
            "checkin": "2030-01-02", "checkout": "2030-01-03", "nights": 1, "adults": 2, "children": 0, "rooms": 1,
            "totalAmount": 100, "currency": "EUR", "guestHash": "h", "guestCountry": null, "bookingRef": null, "attribution": null
        }))
        .unwrap()
    }

    #[tokio::test]
    async fn files_rotate_by_size_and_continue_after_a_restart() {
        let dir = std::env::temp_dir().join(format!("bfftb-rotate-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let sink = JsonLinesSink::new(dir.clone(), 600).unwrap();
        for i in 0..6 {
            sink.write(&[snapshot(i), snapshot(i + 100)]).await.unwrap();
        }
        let count = || std::fs::read_dir(&dir).unwrap().count();
        let files = count();
        assert!(files >= 3, "rotated into {files} files");
        let again = JsonLinesSink::new(dir.clone(), 600).unwrap();
        again.write(&[snapshot(9)]).await.unwrap();
        assert_eq!(count(), files + 1, "a restart starts a new file, never rewrites one");
        let lines: usize = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap().lines().count())
            .sum();
        assert_eq!(lines, 13);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
