//! What a booking owes the guest back, found out from what is true now rather
//! than remembered: the payments that paid for it (each session's amount less
//! what was refunded of it, read from the gateway) against what the booking
//! keeps (its total, or once cancelled its penalty). The difference is refunded
//! from the newest payment first, each refund under a key derived from the
//! session and what was refunded of it before, so a refund whose outcome was
//! unknown and is tried again is the same refund, and one that landed changes
//! the reading so nothing is sent twice.
//!
//! A card guarantee (a rate paid at the hotel) holds no money but a card on
//! file: once the booking is cancelled with nothing to keep, it is owed back
//! too, as a void, read first and voided only while the gateway still says
//! `guaranteed`. One cancelled with a penalty keeps its guarantee, which is
//! what the hotel charges the penalty to.
//!
//! A booking enters the reconciler's watch list (`refunds-owed`) *before* the
//! step that can make a refund or a void owed (cancelling it, moving it onto a
//! cheaper stay), and leaves it once nothing is owed: a refund the gateway did
//! not take at once ends by the reconciler, not by the guest coming back.

use std::time::Duration;

use jiff::{SignedDuration, Timestamp};

use super::{Funnel, FunnelError, reconcile};
use crate::store::cancellations::{CancellationRecord, RefundsOwed, Stage};
use crate::upstream::RequestContext;
use crate::upstream::contract::{BookingDto, BookingStatus, PaymentStatus, RefundRequestDto};

/// Bookings looked at per sweep at most.
const BATCH: usize = 200;

/// What a booking still owes the guest after [`Funnel::settle_refunds`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) struct Outstanding {
    /// Minor units still to refund.
    pub refund: i64,
    /// Card guarantees still to void.
    pub guarantees: usize,
}

impl Outstanding {
    pub fn settled(self) -> bool {
        self.refund <= 0 && self.guarantees == 0
    }
}

impl Funnel {
    /// Puts `reference` on the refund watch list, due after the reconciler's wait.
    pub(super) async fn watch_refund(&self, tenant: &str, reference: &str) -> Result<(), FunnelError> {
        let due = reconcile::look_at(Timestamp::now(), self.reconciler.after);
        Ok(self.cancellations.watch_refund(tenant, reference, due).await?)
    }

    /// Refunds whatever `booking` owes the guest now, and voids the card
    /// guarantees a cancellation with nothing to keep releases; answers what
    /// is still owed afterwards (settled: the booking leaves the watch list).
    /// `reason` is the refund's reason for the gateway.
    pub(super) async fn settle_refunds(
        &self,
        ctx: &RequestContext,
        tenant: &str,
        booking: &BookingDto,
        reason: &str,
    ) -> Result<Outstanding, FunnelError> {
        let keeps = match (&booking.status, &booking.cancelled) {
            (BookingStatus::Cancelled, Some(c)) => c.penalty.max(0),
            (BookingStatus::Cancelled, None) => return Ok(Outstanding::default()),
            _ => booking.total.max(0),
        };
        let releases_guarantees = booking.status == BookingStatus::Cancelled && keeps == 0;
        // What each payment still holds, oldest first, and the guarantees
        // still standing that the cancellation releases.
        let mut held = Vec::new();
        let mut guarantees = Vec::new();
        for id in booking.payment_sessions() {
            let session = self.payments.session(ctx, id).await?;
            let left = match session.status {
                PaymentStatus::Approved | PaymentStatus::Refunded => (session.amount - session.refunded_amount).max(0),
                PaymentStatus::Guaranteed if releases_guarantees => {
                    guarantees.push(id.to_owned());
                    0
                }
                _ => 0,
            };
            held.push((id.to_owned(), left, session.refunded_amount));
        }
        let guarantees = self.void_guarantees(ctx, tenant, booking, &guarantees).await;
        let mut owed = held.iter().map(|(_, left, _)| left).sum::<i64>() - keeps;
        for (id, left, refunded_before) in held.iter().rev() {
            if owed <= 0 {
                break;
            }
            let amount = owed.min(*left);
            if amount <= 0 {
                continue;
            }
            let req = RefundRequestDto { amount, reason: reason.to_owned() };
            let key = format!("{tenant}:{}:refund:{id}:{refunded_before}", booking.reference);
            match self.payments.refund(ctx, id, &req, &key).await {
                Ok(_) => {
                    owed -= amount;
                    metrics::counter!("payments_refunded_total", "tenant" => tenant.to_owned(), "reason" => reason.to_owned())
                        .increment(1);
                }
                Err(e) => {
                    // Landed or not, the next reading says; the watch list brings it back.
                    tracing::warn!(error = %e, reference = %booking.reference, "a refund owed was not confirmed; the reconciler will look again");
                    return Ok(Outstanding { refund: owed, guarantees });
                }
            }
        }
        let outstanding = Outstanding { refund: owed.max(0), guarantees };
        if outstanding.settled() {
            self.refunds_settled(tenant, booking).await;
        }
        Ok(outstanding)
    }

    /// Voids each of `ids` (read as `guaranteed` just now); answers how many
    /// are not known to be voided. A void whose outcome is unknown is read
    /// again by the next look, which voids it only if it still stands.
    async fn void_guarantees(&self, ctx: &RequestContext, tenant: &str, booking: &BookingDto, ids: &[String]) -> usize {
        let mut standing = 0;
        for id in ids {
            match self.payments.void_guarantee(ctx, id).await {
                Ok(session) if session.status == PaymentStatus::Voided => {
                    metrics::counter!("payment_guarantees_voided_total", "tenant" => tenant.to_owned(), "reason" => "guest-cancellation")
                        .increment(1);
                }
                Ok(session) => {
                    tracing::warn!(status = session.status.as_str(), reference = %booking.reference, "a released guarantee was not voided; the reconciler will look again");
                    standing += 1;
                }
                Err(e) => {
                    tracing::warn!(error = %e, reference = %booking.reference, "voiding a released guarantee was not confirmed; the reconciler will look again");
                    standing += 1;
                }
            }
        }
        standing
    }

    /// Nothing more is owed: the cancellation (if any) is settled and the
    /// booking leaves the watch list.
    async fn refunds_settled(&self, tenant: &str, booking: &BookingDto) {
        if booking.status == BookingStatus::Cancelled
            && let Ok(Some(record)) = self.cancellations.get(tenant, &booking.reference).await
            && record.stage == Stage::RefundOwed
            && let Err(e) =
                self.cancellations.advance(tenant, &CancellationRecord { stage: Stage::Settled, ..record }).await
        {
            tracing::warn!(error = %e, "recording a settled cancellation failed; the next read records it");
            return;
        }
        if let Err(e) = self.cancellations.unwatch_refund(tenant, &booking.reference).await {
            tracing::debug!(error = %e, "unwatching a settled booking failed");
        }
    }
}

/// The longest the reconciler waits between two looks at a refund still owed.
const MAX_WAIT: Duration = Duration::from_secs(60 * 60);

/// Settles every booking on the refund watch list that is due. Public for
/// tests that want a sweep now.
///
/// A refund still owed afterwards is looked at again after half the time it
/// has been owed (at least the reconciler's wait, at most an hour): a gateway
/// that is down for a minute is retried within seconds, one that refuses a
/// refund for days is not asked every few seconds. Past the overdue threshold
/// each look logs an error; the `refunds_owed` and `refunds_overdue` gauges
/// read the whole watch list, so an alert on `refunds_overdue > 0` names the
/// case an operator has to settle by hand (docs/reliability.md).
pub async fn sweep(funnel: &Funnel) {
    let now = Timestamp::now();
    let due = match funnel.cancellations.refunds_due(now, BATCH).await {
        Ok(due) => due,
        Err(e) => {
            tracing::warn!(error = %e, "reconciler could not read the refund watch list");
            return;
        }
    };
    for (tenant, reference) in due {
        let ctx = RequestContext::background();
        let outcome = match funnel.reservations.booking(&ctx, &reference).await {
            Ok(Some(booking)) => funnel.settle_refunds(&ctx, &tenant, &booking, reason_of(&booking)).await,
            // No such booking: nothing can be owed for it.
            Ok(None) => Ok(Outstanding::default()),
            Err(e) => Err(e.into()),
        };
        let again = match outcome {
            Ok(outstanding) if outstanding.settled() => funnel.cancellations.unwatch_refund(&tenant, &reference).await,
            Ok(outstanding) => still_owed(funnel, &tenant, &reference, Some(outstanding), now).await,
            Err(e) => {
                tracing::warn!(error = %e, reference = %reference, "reconciler could not settle a refund; will look again");
                still_owed(funnel, &tenant, &reference, None, now).await
            }
        };
        if let Err(e) = again {
            tracing::warn!(error = %e, reference = %reference, "reconciler could not update the refund watch list");
        }
    }
    let overdue_before = now
        .checked_sub(SignedDuration::try_from(funnel.reconciler.refund_overdue_after).unwrap_or(SignedDuration::MAX))
        .unwrap_or(Timestamp::MIN);
    match funnel.cancellations.refunds_owed(overdue_before).await {
        Ok(RefundsOwed { owed, overdue }) => {
            metrics::gauge!("refunds_owed").set(owed as f64);
            metrics::gauge!("refunds_overdue").set(overdue as f64);
        }
        Err(e) => tracing::warn!(error = %e, "reconciler could not count the refund watch list"),
    }
}

/// Puts a booking that still owes (`owed`, when known) back on the watch
/// list, later the longer it has been owed; an error in the log once overdue.
async fn still_owed(
    funnel: &Funnel,
    tenant: &str,
    reference: &str,
    owed: Option<Outstanding>,
    now: Timestamp,
) -> Result<(), crate::store::drafts::StoreError> {
    let since = funnel.cancellations.refund_owed_since(tenant, reference).await?.unwrap_or(now);
    let age = now.duration_since(since).unsigned_abs();
    let settings = funnel.reconciler;
    if age >= settings.refund_overdue_after {
        tracing::error!(
            tenant,
            reference,
            owed = owed.map(|o| o.refund),
            guarantees_standing = owed.map(|o| o.guarantees),
            owed_for_secs = age.as_secs(),
            "a refund has been owed longer than REFUND_OVERDUE_AFTER_MS; an operator must settle it (docs/reliability.md)"
        );
    }
    let wait = (age / 2).min(MAX_WAIT).max(settings.after);
    funnel.cancellations.watch_refund(tenant, reference, reconcile::look_at(now, wait)).await
}

/// The gateway's reason for a booking's refund.
pub(super) fn reason_of(booking: &BookingDto) -> &'static str {
    if booking.status == BookingStatus::Cancelled { "guest-cancellation" } else { "stay-changed" }
}
