//! Manage my booking: what a booking is and what cancelling it now would
//! refund, and the cancellation itself.
//!
//! Order of operations, for money safety: cancel upstream first (idempotent by
//! a key derived from the booking), record the cancellation
//! (`store::cancellations`, "refund owed"), then refund what the payments hold
//! beyond the penalty (`refunds.rs`), then record it settled. The booking is on
//! the reconciler's refund watch list from before the cancel until nothing is
//! owed. An unknown outcome is found out by reading before anything is
//! retried: a cancel that timed out reads the booking (cancelled: go on; not:
//! the guest may try again, nothing to undo); a refund that timed out is
//! finished by the next reading of the payments (the manage page, a repeated
//! cancel, or the reconciler), never made twice.

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;

use super::{Funnel, FunnelError};
use crate::domain::cancellation::{self, CancellationQuote, Charged};
use crate::domain::money::{Currency, Money};
use crate::domain::msg::Locale;
use crate::domain::tenant::Tenant;
use crate::mail::CancellationMail;
use crate::store::cancellations::{CancellationRecord, Stage};
use crate::upstream::contract::{BookingDto, BookingStatus, CancelBookingRequestDto};
use crate::upstream::reservations::terms_of;
use crate::upstream::{RequestContext, UpstreamError};

/// A booking as the manage page sees it.
#[derive(Debug, Clone)]
pub struct Managed {
    pub reference: String,
    pub property_id: String,
    pub property_name: String,
    pub time_zone: TimeZone,
    pub room_type: String,
    pub rate_plan: String,
    pub checkin: Date,
    pub checkout: Date,
    pub guest_name: String,
    pub email: String,
    pub total: Money,
    /// While the booking stands: what cancelling now comes to (`None`: it cannot
    /// be cancelled online).
    pub offer: Option<CancellationQuote>,
    /// Once cancelled: what was kept and refunded.
    pub cancelled: Option<CancellationRecord>,
    pub adults: u8,
    pub children: Vec<u8>,
    pub rooms: u8,
    /// Each room's party, as booked (empty from a platform that does not say).
    pub parties: Vec<super::RoomPartyView>,
    /// Each room's type and rate, room 1 first, when the rooms differ (names
    /// from the confirmation as booked, else the upstream's ids); else empty.
    pub room_lines: Vec<super::room_lines::RoomLineView>,
    /// The dates or party may be changed online (`funnel::change`).
    pub changeable: bool,
    /// What was charged when booking and what is paid at the hotel, for a
    /// deposit or a rate paid at the hotel (`None`: paid in full).
    pub payment: Option<crate::domain::payment_policy::PaymentTerms>,
    /// The extras booked with the room (labels made when shown).
    pub extras: Vec<super::BookedExtraView>,
}

#[derive(Debug, thiserror::Error)]
pub enum CancelError {
    #[error(transparent)]
    Funnel(#[from] FunnelError),
    /// The booking cannot be cancelled online.
    #[error("not cancellable")]
    NotCancellable,
    /// Cancelling now refunds another amount than the guest was shown.
    #[error("the refund changed")]
    Changed(Box<Managed>),
}

fn cancel_key(tenant: &str, reference: &str) -> String {
    format!("{tenant}:{reference}:cancel")
}

fn unknown(e: &UpstreamError) -> bool {
    matches!(e, UpstreamError::Timeout(_) | UpstreamError::Unavailable(..))
}

impl Funnel {
    /// The booking `reference` of `tenant`, with what cancelling at `now` would
    /// refund; a refund still owed is finished first.
    pub async fn managed(
        &self,
        ctx: &RequestContext,
        tenant: &Tenant,
        reference: &str,
        now: Timestamp,
    ) -> Result<Option<Managed>, FunnelError> {
        let Some(booking) = self.reservations.booking(ctx, reference).await? else { return Ok(None) };
        if booking.status == BookingStatus::Cancelled {
            self.settle_cancellation(ctx, tenant, &booking, None).await?;
        }
        self.manage_view(ctx, tenant, booking, now).await
    }

    /// Cancels `reference` if cancelling now refunds `expected_refund`, then
    /// refunds it. Cancelling a cancelled booking answers it as it is.
    pub async fn cancel_booking(
        &self,
        ctx: &RequestContext,
        tenant: &Tenant,
        reference: &str,
        expected_refund: i64,
        locale: Locale,
        now: Timestamp,
    ) -> Result<Managed, CancelError> {
        let Some(booking) = self.reservations.booking(ctx, reference).await.map_err(FunnelError::from)? else {
            return Err(FunnelError::NotFound.into());
        };
        let booking = if booking.status == BookingStatus::Cancelled {
            booking
        } else {
            let managed =
                self.manage_view(ctx, tenant, booking, now).await?.ok_or(CancelError::Funnel(FunnelError::NotFound))?;
            let offer = managed.offer.as_ref().ok_or(CancelError::NotCancellable)?;
            if offer.refund.amount != expected_refund {
                return Err(CancelError::Changed(Box::new(managed)));
            }
            // Before the step that makes a refund (or a guarantee's void)
            // owed: whatever happens next, the reconciler finishes it.
            if expected_refund > 0
                || (offer.penalty.amount == 0 && managed.payment.is_some_and(|p| p.policy.is_guarantee()))
            {
                self.watch_refund(tenant.id.as_str(), reference).await?;
            }
            self.cancel_upstream(ctx, tenant, reference, expected_refund, now).await?
        };
        self.settle_cancellation(ctx, tenant, &booking, Some(locale)).await?;
        self.manage_view(ctx, tenant, booking, now).await?.ok_or(CancelError::Funnel(FunnelError::NotFound))
    }

    async fn cancel_upstream(
        &self,
        ctx: &RequestContext,
        tenant: &Tenant,
        reference: &str,
        expected_refund: i64,
        now: Timestamp,
    ) -> Result<BookingDto, CancelError> {
        let req = CancelBookingRequestDto { reason: "guest".into(), expected_refund: Some(expected_refund) };
        let key = cancel_key(tenant.id.as_str(), reference);
        match self.reservations.cancel_booking(ctx, reference, &req, &key).await {
            Ok(booking) => Ok(booking),
            Err(UpstreamError::Rejected { code, .. }) if code == "cancellation-terms-changed" => {
                let booking = self.reservations.booking(ctx, reference).await.map_err(FunnelError::from)?;
                let managed = match booking {
                    Some(b) => self.manage_view(ctx, tenant, b, now).await?,
                    None => None,
                };
                Err(managed.map_or(CancelError::Funnel(FunnelError::NotFound), |m| CancelError::Changed(Box::new(m))))
            }
            Err(UpstreamError::Rejected { code, .. }) if code == "not-cancellable" => Err(CancelError::NotCancellable),
            // Did it land? Read before anything else.
            Err(e) if unknown(&e) => match self.reservations.booking(ctx, reference).await {
                Ok(Some(b)) if b.status == BookingStatus::Cancelled => Ok(b),
                _ => Err(FunnelError::Upstream(e).into()),
            },
            Err(e) => Err(FunnelError::Upstream(e).into()),
        }
    }

    /// Records the cancellation of `booking` (cancelled upstream), makes the
    /// refund it owes by key, and queues the e-mail (when `locale` is given:
    /// the guest's own cancel; a later read only finishes the refund).
    async fn settle_cancellation(
        &self,
        ctx: &RequestContext,
        tenant: &Tenant,
        booking: &BookingDto,
        locale: Option<Locale>,
    ) -> Result<(), FunnelError> {
        let tenant_id = tenant.id.as_str();
        let Some(cancelled) = &booking.cancelled else { return Ok(()) };
        let stored = self.cancellations.get(tenant_id, &booking.reference).await?;
        if stored.as_ref().is_some_and(|r| r.stage == Stage::Settled) {
            return Ok(());
        }
        // Never more than was charged, whatever the upstream says.
        let refund = cancelled.refund.clamp(0, booking.paid_when_booked().clamp(0, booking.total.max(0)));
        let owed = CancellationRecord {
            reference: booking.reference.clone(),
            payment_session_id: booking.payment_session_id.clone(),
            currency: booking.currency.clone(),
            penalty: cancelled.penalty,
            refund,
            cancelled_at: cancelled.cancelled_at,
            stage: if refund > 0 { Stage::RefundOwed } else { Stage::Settled },
        };
        let record = self.cancellations.advance(tenant_id, &owed).await?;
        if stored.is_none() {
            if let Some(locale) = locale {
                self.enqueue_cancellation_mail(tenant, booking, &record, locale).await;
            }
            metrics::counter!("bookings_cancelled_total", "tenant" => tenant_id.to_owned()).increment(1);
        }
        if record.stage == Stage::RefundOwed || (cancelled.penalty <= 0 && booking.guaranteed_by_card()) {
            let owed = match self.settle_refunds(ctx, tenant_id, booking, "guest-cancellation").await {
                Ok(outstanding) => !outstanding.settled(),
                // The payments could not be read now: the booking is cancelled
                // all the same, and the refund is on its way.
                Err(FunnelError::Upstream(e)) => {
                    tracing::warn!(error = %e, reference = %booking.reference, "the cancellation's refund waits for the payments upstream");
                    true
                }
                Err(e) => return Err(e),
            };
            if owed {
                // Owed still: the reconciler looks again (also when this request
                // was not the one that cancelled).
                self.watch_refund(tenant_id, &booking.reference).await?;
            }
        }
        if stored.is_none() {
            self.mark_confirmation_cancelled(tenant_id, &booking.reference).await;
        }
        Ok(())
    }

    /// The cached confirmation says cancelled from now on.
    async fn mark_confirmation_cancelled(&self, tenant: &str, reference: &str) {
        let Ok(Some(mut record)) = self.confirmations.get(tenant, reference).await else { return };
        if let Some(view) = record.view.as_object_mut() {
            view.insert("status".into(), serde_json::Value::from("cancelled"));
        }
        if let Err(e) = self.confirmations.put(tenant, reference, &record).await {
            tracing::warn!(error = %e, "marking the cached confirmation cancelled failed");
        }
    }

    async fn enqueue_cancellation_mail(
        &self,
        tenant: &Tenant,
        booking: &BookingDto,
        record: &CancellationRecord,
        locale: Locale,
    ) {
        let Some(mail) = CancellationMail::of(tenant, booking, record, locale) else { return };
        let now = Timestamp::now();
        let queued = match mail.outbox_message(now) {
            Ok(message) => self.outbox.enqueue(&message, now).await,
            Err(e) => Err(e),
        };
        if let Err(e) = queued {
            crate::mail::count_enqueue_failure_of(crate::mail::KIND_CANCELLATION);
            tracing::error!(error = %crate::telemetry::chain(&e), "queueing the cancellation e-mail failed");
        }
    }

    async fn manage_view(
        &self,
        ctx: &RequestContext,
        tenant: &Tenant,
        booking: BookingDto,
        now: Timestamp,
    ) -> Result<Option<Managed>, FunnelError> {
        let Some(property) = tenant.property(&booking.property_id) else { return Ok(None) };
        let (Ok(checkin), Ok(checkout), Some(currency)) =
            (booking.checkin.parse::<Date>(), booking.checkout.parse::<Date>(), Currency::parse(&booking.currency))
        else {
            return Ok(None);
        };
        let total = Money::new(booking.total, currency);
        let names = match self.confirmation(ctx, tenant, &booking.reference).await {
            Ok(Some(record)) => serde_json::from_value::<super::ConfirmationView>(record.view).ok(),
            _ => None,
        };
        let cancelled = if booking.status == BookingStatus::Cancelled {
            self.cancellations.get(tenant.id.as_str(), &booking.reference).await?
        } else {
            None
        };
        let offer = if booking.status == BookingStatus::Confirmed {
            let nightly: Vec<i64> = booking.nightly.iter().map(|n| n.amount).collect();
            let terms = booking.cancellation.as_ref().and_then(|t| terms_of(t).ok());
            let time = cancellation::parse_checkin_time(&property.checkin_time).ok();
            match (terms, time) {
                (Some(terms), Some(time)) => cancellation::evaluate(
                    terms,
                    &Charged { total, nightly: &nightly },
                    checkin,
                    time,
                    &property.time_zone,
                    now,
                )
                .ok()
                // A deposit or a rate paid at the hotel: never more back than was paid.
                .map(|offer| offer.limited_to_paid(Money::new(booking.paid_when_booked(), currency))),
                _ => None,
            }
        } else {
            None
        };
        let guest_name = format!("{} {}", booking.guest.first_name, booking.guest.last_name);
        let changeable = super::change::changeable(&booking, &property.time_zone, now);
        let payment = crate::upstream::pricing::payment_terms(
            booking.payment_policy,
            total,
            booking.due_now,
            booking.due_at_hotel,
            booking.nightly.first().map(|n| Money::new(n.amount, currency)),
        )
        .flatten()
        .filter(|terms| terms.policy != crate::domain::payment_policy::PaymentPolicy::Full);
        let room_lines = match names.as_ref().map(|n| &n.room_lines) {
            Some(lines) if lines.len() > 1 => lines.clone(),
            _ if booking.lines.len() > 1 => super::room_lines::RoomLineView::of_booking(&booking),
            _ => Vec::new(),
        };
        Ok(Some(Managed {
            reference: booking.reference,
            property_id: booking.property_id,
            property_name: property.name.clone(),
            time_zone: property.time_zone.clone(),
            room_type: names.as_ref().map_or(booking.room_type_id, |n| n.room_type.clone()),
            rate_plan: names.as_ref().map_or(booking.rate_plan_id, |n| n.rate_plan.clone()),
            checkin,
            checkout,
            guest_name,
            email: booking.guest.email.to_ascii_lowercase(),
            total,
            offer,
            cancelled,
            adults: booking.adults,
            children: booking.children,
            rooms: booking.rooms,
            parties: booking
                .occupancy
                .iter()
                .map(|r| super::RoomPartyView { adults: r.adults, children: r.children.clone() })
                .collect(),
            room_lines,
            changeable,
            payment,
            extras: booking.extras.iter().map(super::BookedExtraView::of_wire).collect(),
        }))
    }
}
