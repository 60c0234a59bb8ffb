//! Settling a payment: the only way a draft becomes confirmed, and the only way
//! an approved payment is given back. It trusts nothing the browser sends — it
//! asks the payment upstream for the session's status — and it is safe to run
//! any number of times concurrently, on any instance (the return, reloads, the
//! webhook, the draft page's poll, the reconciler).
//!
//! # The invariant
//!
//! For every payment the gateway approves there is exactly one booking, or the
//! payment is refunded; and every draft waiting on money ends.
//!
//! - **Book** with the hold the draft records, under a key derived from that
//!   hold: a replay returns the same booking whatever happened since, and the
//!   reservations upstream lets one payment pay for one booking.
//! - **The hold is gone** (it ran out while the bank was slow, or it was
//!   released): hold the same room and rate again at the same total and record
//!   that hold in the draft (compare-and-set) before booking on it. A hold that
//!   could not be recorded is released only once the draft is read and known
//!   not to hold it.
//! - **No booking is possible** (sold meanwhile, closed, or a different price):
//!   the decision to refund is committed to the draft first (`refund_pending`,
//!   compare-and-set against the version that had no new hold), and only then
//!   is the refund sent, under a key derived from the payment. Two settles that
//!   race cannot both decide: the loser's compare-and-set fails, it reads the
//!   draft again and follows the winner (books on its hold, or sends its refund).
//! - A refund owed is sent again by every later settle until the gateway takes
//!   it; the same key makes that one refund.
//! - Anything whose outcome is unknown (a timeout, 5xx) is left as it is for the
//!   next settle, which starts by reading what is true now.

use super::{Funnel, FunnelError, convert};
use crate::domain::draft::{BookingDraft, DraftEvent, DraftId, DraftState, Hold, Quote, RefundReason};
use crate::domain::loyalty::RateAccess;
use crate::store::drafts::StoreError;
use crate::upstream::contract::{
    BookingDto, BookingRequestDto, HoldRequestDto, ModifyBookingRequestDto, PaymentMode, PaymentSessionDto,
    PaymentStatus, RefundRequestDto,
};
use crate::upstream::{RequestContext, Upstream, UpstreamError};

/// Who asked for the settle, for `payments_settled_total{via}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SettleVia {
    /// The guest's browser came back from the payment page (or the app said so).
    Return,
    /// The gateway's signed webhook.
    Webhook,
    /// A read of the draft while it waited on a payment.
    Poll,
    /// The background sweep of drafts that wait on money.
    Reconciler,
    /// The guest gave up the attempt; the gateway's answer decides what it came to.
    Cancel,
}

impl SettleVia {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Return => "return",
            Self::Webhook => "webhook",
            Self::Poll => "poll",
            Self::Reconciler => "reconciler",
            Self::Cancel => "cancel",
        }
    }
}

/// Each round reads the draft afresh; a round ends in a result or in another
/// round (someone else moved the draft, or this settle moved it one step).
const SETTLE_ROUNDS: usize = 8;

enum Round {
    Done(Box<BookingDraft>),
    Again,
}

/// What trying to hold the room again came to.
enum Rehold {
    Held { hold: Hold, quote: Box<Quote> },
    Impossible(RefundReason),
}

impl Funnel {
    /// Brings the draft up to date with its payment. `owner` is the guest's
    /// (tenant, guest key) on the return route and the draft page; the webhook
    /// and the reconciler have none (the signature, or our own sweep, stands in).
    pub async fn settle_payment(
        &self,
        ctx: &RequestContext,
        owner: Option<&super::Actor<'_>>,
        id: &DraftId,
        via: SettleVia,
    ) -> Result<BookingDraft, FunnelError> {
        for _ in 0..SETTLE_ROUNDS {
            let draft = match owner {
                Some(actor) => self.load(ctx, actor, id).await?,
                None => self.drafts.load(id).await?.ok_or(FunnelError::NotFound)?,
            };
            match self.settle_round(ctx, draft, via).await? {
                Round::Done(draft) => return Ok(*draft),
                Round::Again => continue,
            }
        }
        Err(FunnelError::Store(StoreError::Contended))
    }

    async fn settle_round(
        &self,
        ctx: &RequestContext,
        draft: BookingDraft,
        via: SettleVia,
    ) -> Result<Round, FunnelError> {
        if draft.state == DraftState::RefundPending {
            return self.send_refund(ctx, draft).await;
        }
        if !draft.may_have_been_paid() {
            return Ok(Round::Done(Box::new(draft)));
        }
        let Some(payment) = draft.payment.clone() else { return Ok(Round::Done(Box::new(draft))) };
        let session = self.payments.session(ctx, &payment.session_id).await?;
        check_session_matches(&draft, &session)?;
        let event = match session.status {
            // Charged, or (a rate paid at the hotel) the card stored as a
            // guarantee: either way the guest has done their part.
            PaymentStatus::Approved | PaymentStatus::Guaranteed => {
                return self.book_paid(ctx, draft, &session, via).await;
            }
            // Refunded (or the guarantee voided) at the gateway, by the hotel
            // or the provider: nothing to book; record it.
            PaymentStatus::Refunded | PaymentStatus::Voided => {
                DraftEvent::RefundStarted { reason: RefundReason::External }
            }
            // The merchant cancelled it (the guest went back): it can never be
            // paid, so the guest may pay again on the hold.
            PaymentStatus::Cancelled if draft.state == DraftState::PaymentPending => DraftEvent::PaymentCancelled,
            PaymentStatus::Declined | PaymentStatus::Expired if draft.state == DraftState::PaymentPending => {
                // No reason from the provider: stored empty, worded by the page
                // in the guest's language.
                DraftEvent::PaymentDeclined { reason: session.decline_reason.clone().unwrap_or_default() }
            }
            _ => return Ok(Round::Done(Box::new(draft))),
        };
        let again = matches!(event, DraftEvent::RefundStarted { .. });
        match self.commit(ctx, &draft, event).await {
            Ok(_) if again => Ok(Round::Again),
            Ok(updated) => Ok(Round::Done(Box::new(updated))),
            Err(FunnelError::Stale(_)) => Ok(Round::Again),
            Err(e) => Err(e),
        }
    }

    /// The payment is approved: book on the draft's hold, or adopt the booking
    /// the payment already made, or (the hold is gone) hold the room again or
    /// decide to refund.
    async fn book_paid(
        &self,
        ctx: &RequestContext,
        draft: BookingDraft,
        session: &PaymentSessionDto,
        via: SettleVia,
    ) -> Result<Round, FunnelError> {
        // No hold left at all (a late approval of an earlier attempt): hold again.
        let Some(hold) = &draft.hold else { return self.recover(ctx, draft, session).await };
        let booked = self.book(ctx, &draft, hold, &session.id).await;
        let booking = match booked {
            Ok(booking) => booking,
            Err(UpstreamError::Rejected { code, detail, .. })
                if code == "hold-converted" || code == "payment-already-used" =>
            {
                // The booking exists already (`detail` is its reference): make
                // sure it is this payment's before calling it ours.
                match self.reservations.booking(ctx, &detail).await? {
                    Some(booking) if booking.payment_sessions().contains(&session.id.as_str()) => booking,
                    _ => return Err(payment_mismatch().into()),
                }
            }
            Err(e) if is_hold_gone(&e) => return self.recover(ctx, draft, session).await,
            Err(e) => return Err(e.into()),
        };
        if draft.modifies.is_some() {
            // A change of a booking: the booking now has the new stay.
            let confirmed = self.record_change(ctx, &draft, &booking, &hold.id, None).await;
            return match confirmed {
                Ok(confirmed) => {
                    metrics::counter!("payments_settled_total", "via" => via.as_str()).increment(1);
                    Ok(Round::Done(Box::new(confirmed)))
                }
                Err(FunnelError::Stale(_)) => Ok(Round::Again),
                Err(FunnelError::Transition(e)) if e.is_idempotent_replay() => Ok(Round::Again),
                Err(e) => Err(e),
            };
        }
        // Before the draft shows as confirmed: from then on a confirmation page
        // may be asked for, and a rebuild of it needs the draft to know whose
        // booking it is.
        self.drafts.link_booking(draft.tenant.as_str(), &booking.reference, &draft.id).await?;
        // The booking exists: its e-mail is owed. Queued before the draft says
        // confirmed (so a crash in between cannot lose it) and once per booking
        // (the return and the webhook racing here queue one).
        self.enqueue_confirmation_mail(&draft, &booking.reference).await;
        match self.commit(ctx, &draft, DraftEvent::Confirmed { booking_ref: booking.reference }).await {
            Ok(confirmed) => {
                metrics::counter!("payments_settled_total", "via" => via.as_str()).increment(1);
                self.cache_confirmation(&confirmed).await;
                Ok(Round::Done(Box::new(confirmed)))
            }
            // Someone else moved the draft (another return, the webhook): read it
            // again and see where it stands.
            Err(FunnelError::Stale(_)) => Ok(Round::Again),
            Err(FunnelError::Transition(e)) if e.is_idempotent_replay() => Ok(Round::Again),
            Err(e) => Err(e),
        }
    }

    async fn book(
        &self,
        ctx: &RequestContext,
        draft: &BookingDraft,
        hold: &Hold,
        session_id: &str,
    ) -> Result<BookingDto, UpstreamError> {
        let Some(guest) = draft.guest.as_ref() else {
            // A paid draft always has its guest; without one there is nobody to book for.
            return Err(payment_mismatch());
        };
        let request = BookingRequestDto {
            hold_id: hold.id.clone(),
            payment_session_id: session_id.to_owned(),
            guest: convert::booking_guest(guest),
            attribution: super::attribution_json(draft),
        };
        if let Some(change) = &draft.modifies {
            let request =
                ModifyBookingRequestDto { hold_id: hold.id.clone(), payment_session_id: Some(session_id.to_owned()) };
            let key = format!("{}:modify:{}", draft.id, hold.id);
            return self.reservations.modify_booking(ctx, &change.reference, &request, &key).await;
        }
        let key = format!("{}:book:{}", draft.id, hold.id);
        self.reservations.create_booking(ctx, &request, &key).await
    }

    /// The hold under an approved payment is gone. Hold the same room again
    /// and record it (the next round books on it), or decide on a refund.
    async fn recover(
        &self,
        ctx: &RequestContext,
        draft: BookingDraft,
        session: &PaymentSessionDto,
    ) -> Result<Round, FunnelError> {
        let (hold, quote) = match self.hold_again(ctx, &draft, session).await? {
            Rehold::Held { hold, quote } => (hold, *quote),
            Rehold::Impossible(reason) => {
                tracing::warn!(draft = %draft.id, reason = reason.as_str(), "approved payment cannot be booked; refunding");
                // The decision first: only a draft that still has no other hold
                // can decide it (compare-and-set), then the next round sends it.
                return match self.commit(ctx, &draft, DraftEvent::RefundStarted { reason }).await {
                    Ok(_) | Err(FunnelError::Stale(_)) => Ok(Round::Again),
                    Err(e) => Err(e),
                };
            }
        };
        let hold_id = hold.id.clone();
        let unsure = match self.commit(ctx, &draft, DraftEvent::Reheld { hold, quote }).await {
            Ok(_) => return Ok(Round::Again),
            Err(e @ (FunnelError::Stale(_) | FunnelError::Store(_))) => e,
            Err(e) => {
                self.release_hold_now(ctx, &hold_id).await;
                return Err(e);
            }
        };
        // Lost a race, or the save's outcome is unknown: find out whether the
        // draft holds it before giving it back.
        match self.drafts.load(&draft.id).await {
            Ok(Some(current)) if current.hold.as_ref().is_some_and(|h| h.id == hold_id) => Ok(Round::Again),
            Ok(_) => {
                self.release_hold_now(ctx, &hold_id).await;
                match unsure {
                    FunnelError::Stale(_) => Ok(Round::Again),
                    other => Err(other),
                }
            }
            // Cannot tell: keep it (it runs out by itself).
            Err(_) => Err(unsure),
        }
    }

    /// The same room and rate for the same stay and party, priced again; held
    /// only at exactly the total that was paid.
    async fn hold_again(
        &self,
        ctx: &RequestContext,
        draft: &BookingDraft,
        session: &PaymentSessionDto,
    ) -> Result<Rehold, FunnelError> {
        let paid_member_rate = draft.quote.as_ref().is_some_and(|q| q.member_rate);
        let access = if paid_member_rate { RateAccess::Member } else { RateAccess::Public };
        // The same extras too: the payment paid for them.
        let extras = draft.quote.as_ref().map(|q| q.chosen_extras()).unwrap_or_default();
        let request = convert::quote_request(&draft.selection, access, &extras);
        // Priced (and its terms written) in the language the guest paid in,
        // which a reconciler running with no request of its own would not know.
        let language = draft.payment.as_ref().and_then(|p| p.locale).or(ctx.language());
        let dto = match self.pricing.create_quote(&ctx.clone().in_language(language), &request).await {
            Ok(dto) => dto,
            Err(e) if is_refusal(&e) => return Ok(Rehold::Impossible(RefundReason::RoomUnavailable)),
            Err(e) => return Err(e.into()),
        };
        let quote = convert::quote(&dto, &draft.selection)
            .ok_or_else(|| UpstreamError::Decode(Upstream::Pricing, "quote with an invalid currency".into()))?;
        // What this quote would take now: for a change, its total less what
        // the booking was; else what its payment policy says is due now
        // (nothing for a guarantee). A new booking is held again only at
        // the very same price, split the same way.
        let due_now = match &draft.modifies {
            Some(m) => quote.total.amount - m.charged.amount,
            None => quote.payment_terms().due_now.amount,
        };
        let same_price = draft.modifies.is_some() || draft.quote.as_ref().is_some_and(|q| q.same_price(&quote));
        if due_now != session.amount || quote.total.currency.as_str() != session.currency || !same_price {
            return Ok(Rehold::Impossible(RefundReason::PriceChanged));
        }
        let key = format!("{}:rehold:{}:{}", draft.id, session.id, quote.id);
        let request = HoldRequestDto { quote_id: quote.id.clone(), attribution: super::attribution_json(draft) };
        match self.reservations.create_hold(ctx, &request, &key).await {
            Ok(dto) => {
                Ok(Rehold::Held { hold: Hold { id: dto.id, expires_at: dto.expires_at }, quote: Box::new(quote) })
            }
            Err(e) if is_refusal(&e) => Ok(Rehold::Impossible(RefundReason::RoomUnavailable)),
            Err(e) => Err(e.into()),
        }
    }

    /// A refund is owed: find out whether the gateway has it already, else send
    /// it (the same key every time, so it is one refund), then record it.
    async fn send_refund(&self, ctx: &RequestContext, draft: BookingDraft) -> Result<Round, FunnelError> {
        let Some(refund) = draft.refund.clone() else { return Ok(Round::Done(Box::new(draft))) };
        let session = self.payments.session(ctx, &refund.session_id).await?;
        if session.mode == PaymentMode::Guarantee {
            // Nothing was charged: the stored card is released instead, so no
            // card stays on file for a booking that does not exist.
            if session.status != PaymentStatus::Voided {
                self.payments.void_guarantee(ctx, &refund.session_id).await?;
            }
        } else if session.status != PaymentStatus::Refunded {
            let request = RefundRequestDto { amount: refund.amount.amount, reason: refund.reason.as_str().to_owned() };
            let key = format!("{}:refund:{}", draft.id, refund.session_id);
            self.payments.refund(ctx, &refund.session_id, &request, &key).await?;
        }
        match self.commit(ctx, &draft, DraftEvent::RefundCompleted).await {
            Ok(refunded) => {
                metrics::counter!(
                    "payments_refunded_total",
                    "tenant" => refunded.tenant.to_string(),
                    "reason" => refund.reason.as_str()
                )
                .increment(1);
                Ok(Round::Done(Box::new(refunded)))
            }
            Err(FunnelError::Stale(_)) => Ok(Round::Again),
            Err(e) => Err(e),
        }
    }

    /// The draft as the guest's page shows it, settled first when it waits on a
    /// payment and was not checked in the last [`POLL_EVERY`]: the app and a
    /// reloaded page learn the outcome without the return or the webhook. A
    /// failing check shows the draft as it is (the next look tries again).
    pub async fn load_settled(
        &self,
        ctx: &RequestContext,
        actor: &super::Actor<'_>,
        id: &DraftId,
    ) -> Result<BookingDraft, FunnelError> {
        let draft = self.load(ctx, actor, id).await?;
        if !draft.state.awaits_money() || !self.poll_throttle.first_in_window(id) {
            return Ok(draft);
        }
        // Boxed: settling (the gateway, the reservations upstream, the store)
        // is a large future, and inline it made every read's future as large,
        // copied into its box on every page.
        match Box::pin(self.settle_payment(ctx, Some(actor), id, SettleVia::Poll)).await {
            Ok(settled) => Ok(settled),
            Err(FunnelError::NotFound) => Err(FunnelError::NotFound),
            Err(e) => {
                tracing::info!(error = %e, draft = %id, "checking a pending payment failed; showing the draft as it is");
                Ok(draft)
            }
        }
    }
}

/// How often a draft's page may ask the gateway about its pending payment.
pub const POLL_EVERY: std::time::Duration = std::time::Duration::from_secs(2);

/// At most one payment check per draft per [`POLL_EVERY`] in this instance
/// (bounded: a million drafts at most, each forgotten after the window).
pub struct PollThrottle(moka::sync::Cache<DraftId, ()>);

impl Default for PollThrottle {
    fn default() -> Self {
        Self(moka::sync::Cache::builder().max_capacity(1_000_000).time_to_live(POLL_EVERY).build())
    }
}

impl PollThrottle {
    /// True for the first call for `id` in its window.
    pub fn first_in_window(&self, id: &DraftId) -> bool {
        self.0.entry(*id).or_insert(()).is_fresh()
    }
}

fn check_session_matches(draft: &BookingDraft, session: &PaymentSessionDto) -> Result<(), FunnelError> {
    let matches_quote =
        draft.amount_due().is_some_and(|due| due.amount == session.amount && due.currency.as_str() == session.currency);
    // A guarantee where a charge was asked for (or the reverse) is not this
    // draft's payment either.
    let right_mode = session.mode == super::payment_mode(draft);
    if session.reference != draft.id.to_string() || !matches_quote || !right_mode {
        tracing::error!(draft = %draft.id, "payment session does not match the draft; not confirming");
        return Err(payment_mismatch().into());
    }
    Ok(())
}

fn payment_mismatch() -> UpstreamError {
    UpstreamError::Rejected {
        upstream: Upstream::Payments,
        status: 409,
        code: "payment-mismatch".into(),
        detail: "The payment does not match this booking. You have not been booked.".into(),
    }
}

/// The reservations upstream says for certain that the hold cannot be booked:
/// it ran out, was released, or never existed.
fn is_hold_gone(e: &UpstreamError) -> bool {
    match e {
        UpstreamError::Rejected { code, .. } => matches!(code.as_str(), "hold-expired" | "hold-released"),
        UpstreamError::NotFound(Upstream::Reservations) => true,
        _ => false,
    }
}

/// An answer that refuses for certain (the room is gone, the stay is closed,
/// the quote ran out) as opposed to a failure whose outcome is unknown.
fn is_refusal(e: &UpstreamError) -> bool {
    match e {
        UpstreamError::NotFound(_) => true,
        UpstreamError::Rejected { status, code, .. } => {
            *status != 429 && !matches!(code.as_str(), "idempotency-key-reused" | "idempotency-key-required")
        }
        _ => false,
    }
}
