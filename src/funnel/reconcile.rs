//! The reconciler: in the background of every instance, one at a time across
//! instances (a Redis lease), it settles drafts that have waited on money for
//! longer than a guest or the gateway should need: a payment nobody came back
//! from and no webhook announced, or a refund the gateway did not take yet.
//! Each draft entering such a state is put on a watch list before it is saved
//! (`Funnel::commit`), so none is missed; the sweep reads each due draft, settles
//! it exactly as the return and the webhook do, and looks again later while it
//! still waits.

use std::sync::Arc;
use std::time::Duration;

use jiff::{SignedDuration, Timestamp};

use super::{Funnel, SettleVia};
use crate::upstream::RequestContext;

/// `after` past `now`: when the reconciler looks at a draft (again).
pub fn look_at(now: Timestamp, after: Duration) -> Timestamp {
    now.checked_add(SignedDuration::try_from(after).unwrap_or(SignedDuration::ZERO)).unwrap_or(now)
}

/// How a pending payment past its session's end is counted as overdue: the
/// gateway has ended it, so only a missed settle keeps the draft waiting.
const OVERDUE_GRACE: SignedDuration = SignedDuration::from_secs(30);

/// Drafts settled per sweep at most.
const BATCH: usize = 200;

#[derive(Debug, Clone, Copy)]
pub struct ReconcilerSettings {
    /// How often each instance tries to sweep.
    pub every: Duration,
    /// How long a draft waits on money before the reconciler looks at it.
    pub after: Duration,
    /// How long a refund may stay owed before it is overdue (an operator's case).
    pub refund_overdue_after: Duration,
}

impl Default for ReconcilerSettings {
    fn default() -> Self {
        Self {
            every: Duration::from_secs(15),
            after: Duration::from_secs(120),
            refund_overdue_after: Duration::from_secs(86_400),
        }
    }
}

/// Starts the sweep of this instance, with the funnel's settings.
pub fn spawn(funnel: Arc<Funnel>) -> tokio::task::JoinHandle<()> {
    let config = funnel.reconciler;
    let holder = hex::encode(rand::random::<[u8; 8]>());
    tokio::spawn(async move {
        // The first sweep one interval after start: a fresh instance costs Redis nothing.
        let mut tick = tokio::time::interval_at(tokio::time::Instant::now() + config.every, config.every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            match funnel.drafts.lease(&holder, config.every * 2).await {
                Ok(true) => sweep(&funnel, config).await,
                Ok(false) => {}
                Err(e) => tracing::debug!(error = %e, "reconciler lease unavailable; skipping this sweep"),
            }
        }
    })
}

/// Settles every due draft once. Public for tests that want a sweep now.
pub async fn sweep(funnel: &Funnel, config: ReconcilerSettings) {
    let now = Timestamp::now();
    let due = match funnel.drafts.due(now, BATCH).await {
        Ok(due) => due,
        Err(e) => {
            tracing::warn!(error = %e, "reconciler could not read its watch list");
            return;
        }
    };
    let mut overdue = 0u64;
    for id in due {
        let ctx = RequestContext::background();
        let settled = funnel.settle_payment(&ctx, None, &id, SettleVia::Reconciler).await;
        let still_waiting = match settled {
            Ok(draft) => {
                if draft.payment_overdue(Timestamp::now() - OVERDUE_GRACE) {
                    overdue += 1;
                }
                draft.state.awaits_money()
            }
            Err(super::FunnelError::NotFound) => false,
            Err(e) => {
                tracing::warn!(error = %e, draft = %id, "reconciler could not settle a draft; will look again");
                true
            }
        };
        let next = if still_waiting {
            funnel.drafts.watch(&id, look_at(Timestamp::now(), config.after)).await
        } else {
            funnel.drafts.unwatch(&id).await
        };
        if let Err(e) = next {
            tracing::warn!(error = %e, draft = %id, "reconciler could not update its watch list");
        }
    }
    metrics::gauge!("payments_overdue").set(overdue as f64);
    super::refunds::sweep(funnel).await;
}
