//! The booking funnel as an application service: it loads a draft the guest
//! owns, calls the upstreams with idempotency keys derived from the draft, applies
//! the domain event and stores the result with optimistic concurrency. HTTP
//! handlers stay thin: extract, call one method here, render.

pub mod arrivals;
pub mod change;
mod confirm;
mod convert;
mod extras;
pub mod manage;
pub mod reconcile;
pub mod refunds;
pub mod room_lines;
mod rooms_hold;
pub mod selection;
pub mod settle;

use std::sync::Arc;

use jiff::Timestamp;

use crate::analytics::Snapshots;
use crate::domain::attribution::Attribution;
use crate::domain::draft::{
    Action, BookingDraft, DisplayRate, DraftEvent, DraftId, DraftState, Effect, Hold, Payment, Quote, Selection,
    Transition, TransitionError,
};
use crate::domain::guest::GuestDetails;
use crate::domain::guest_key::GuestKey;
use crate::domain::loyalty::RateAccess;
use crate::domain::search::SearchCriteria;
use crate::domain::tenant::TenantId;
use crate::store::confirmations::ConfirmationStore;
use crate::store::drafts::{DraftStore, Saved, StoreError, Watch};
use crate::upstream::contract::{HoldRequestDto, PaymentMode, PaymentSessionRequestDto};
use crate::upstream::payments::PaymentsApi;
use crate::upstream::pricing::PricingApi;
use crate::upstream::reservations::ReservationsApi;
use crate::upstream::{RequestContext, UpstreamError};
pub use confirm::{BookedExtraView, ConfirmationView, HotelView, RoomPartyView};
pub use settle::SettleVia;

/// The funnel step a transition counts as in `funnel_steps_total`: the issue's
/// funnel vocabulary (search → select → quote → details → hold → payment →
/// confirmed); other transitions keep their event name (`stay_changed`, …).
/// Snapshots keep the event names.
pub(crate) fn step_label(event: &'static str) -> &'static str {
    match event {
        "quoted" => "quote",
        "details_submitted" => "details",
        "held" => "hold",
        "payment_started" => "payment",
        other => other,
    }
}

/// The draft's attribution as the reservations contract carries it.
pub(crate) fn attribution_json(draft: &BookingDraft) -> Option<serde_json::Value> {
    attribution_json_of(&draft.attribution)
}

fn attribution_json_of(attribution: &Option<Attribution>) -> Option<serde_json::Value> {
    attribution.as_ref().and_then(|a| serde_json::to_value(a).ok())
}

#[derive(Debug, thiserror::Error)]
pub enum FunnelError {
    /// No such draft for this guest and tenant (also: someone else's draft).
    #[error("draft not found")]
    NotFound,
    /// The client acted on an old version; here is the draft as it is now.
    #[error("the draft changed since it was read")]
    Stale(Box<BookingDraft>),
    #[error(transparent)]
    Transition(#[from] TransitionError),
    #[error(transparent)]
    Upstream(#[from] UpstreamError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Who is acting: the tenant of the host and the guest key of the session.
#[derive(Debug, Clone)]
pub struct Actor<'a> {
    pub tenant: &'a TenantId,
    pub guest: &'a GuestKey,
}

/// Where the payment gateway sends the guest and its webhook.
pub struct PaymentUrls {
    pub return_url: String,
    pub webhook_url: Option<String>,
    /// Where the BFF's return sends the guest on to afterwards: the app's own
    /// URL (already checked against the tenant's allowlist); `None` for the web.
    pub app_return_url: Option<String>,
    /// The guest's language, for the description the payment page shows.
    pub language: crate::i18n::Tr,
}

pub struct Funnel {
    pub snapshots: Arc<Snapshots>,
    pub drafts: Arc<dyn DraftStore>,
    pub confirmations: Arc<dyn ConfirmationStore>,
    /// Guests' cancellations and the refunds they owe (`manage.rs`).
    pub cancellations: Arc<dyn crate::store::cancellations::CancellationStore>,
    /// E-mail owed to guests, sent off the request path (`crate::mail`).
    pub outbox: Arc<dyn crate::store::outbox::OutboxStore>,
    pub pricing: Arc<dyn PricingApi>,
    pub reservations: Arc<dyn ReservationsApi>,
    pub payments: Arc<dyn PaymentsApi>,
    /// When the reconciler sweeps, and how long a draft waits on money first.
    pub reconciler: reconcile::ReconcilerSettings,
    /// One payment check per draft per window on page reads.
    pub poll_throttle: settle::PollThrottle,
}

impl Funnel {
    /// Starts a draft from a selection and prices it right away (at member rates
    /// when `access` allows). A selection that cannot be quoted (sold out
    /// meanwhile) still creates the draft, in `selecting`, so the guest sees why
    /// and can change the stay.
    pub async fn start(
        &self,
        ctx: &RequestContext,
        actor: &Actor<'_>,
        selection: Selection,
        access: RateAccess,
        display_rate: Option<DisplayRate>,
    ) -> Result<(BookingDraft, Option<UpstreamError>), FunnelError> {
        let now = Timestamp::now();
        let mut draft = BookingDraft::new(DraftId::new(), actor.tenant.clone(), actor.guest.clone(), selection, now);
        draft.display_rate = display_rate;
        // Priced before it is stored: the draft is written once, already
        // quoted, rather than created and then saved again (one write, no
        // compare-and-set). Nobody can see it before it is stored, so nothing
        // can race the quote.
        let quoted = match self.price(ctx, &draft, access, &[]).await {
            Ok(quote) => draft.apply(DraftEvent::Quoted(quote), Timestamp::now()).map_err(FunnelError::from),
            Err(e) => Err(e),
        };
        let stored = match &quoted {
            Ok(transition) => &transition.draft,
            Err(_) => &draft,
        };
        self.drafts.create(stored).await?;
        self.snapshots.record(&draft, "created");
        metrics::counter!("funnel_steps_total", "tenant" => actor.tenant.to_string(), "step" => "select").increment(1);
        match quoted {
            Ok(transition) => {
                self.committed(ctx, &transition, "quoted").await;
                Ok((transition.draft, None))
            }
            // Stored as selected: an upstream that cannot price it now leaves
            // the reason beside it (the guest asks again).
            Err(FunnelError::Upstream(e)) => Ok((draft, Some(e))),
            Err(e) => Err(e),
        }
    }

    /// Prices `draft`; an upstream that cannot price it now leaves the draft as
    /// it is (the guest asks again), with the reason beside it.
    async fn try_to_quote(
        &self,
        ctx: &RequestContext,
        draft: BookingDraft,
        access: RateAccess,
    ) -> Result<(BookingDraft, Option<UpstreamError>), FunnelError> {
        // The extras chosen on the current quote (none after a new stay).
        let extras = draft.quote.as_ref().map(|q| q.chosen_extras()).unwrap_or_default();
        match self.quote_and_commit(ctx, &draft, access, &extras).await {
            Ok(quoted) => Ok((quoted, None)),
            Err(FunnelError::Upstream(e)) => Ok((draft, Some(e))),
            Err(e) => Err(e),
        }
    }

    /// The draft, if this guest on this tenant owns it, after running any expiry
    /// that is due (the quote or hold ran out while nobody looked).
    pub async fn load(
        &self,
        ctx: &RequestContext,
        actor: &Actor<'_>,
        id: &DraftId,
    ) -> Result<BookingDraft, FunnelError> {
        let draft = self.drafts.load(id).await?.ok_or(FunnelError::NotFound)?;
        if !draft.is_visible_to(actor.tenant, actor.guest) {
            return Err(FunnelError::NotFound);
        }
        self.expire_due(ctx, draft).await
    }

    async fn expire_due(&self, ctx: &RequestContext, draft: BookingDraft) -> Result<BookingDraft, FunnelError> {
        let Some(transition) = draft.expire_if_due(Timestamp::now()) else { return Ok(draft) };
        match self.drafts.save(&transition.draft, draft.version).await? {
            Saved::Ok => {
                self.run_effects(ctx, &transition.effects).await;
                self.snapshots.record(&transition.draft, "expire");
                Ok(transition.draft)
            }
            Saved::Conflict(current) => Ok(*current),
            Saved::Gone => Err(FunnelError::NotFound),
        }
    }

    /// Loads the draft and refuses when the client's version is not current.
    async fn load_at(
        &self,
        ctx: &RequestContext,
        actor: &Actor<'_>,
        id: &DraftId,
        expected: u64,
    ) -> Result<BookingDraft, FunnelError> {
        at_version(self.load(ctx, actor, id).await?, expected)
    }

    /// Applies `event` to `draft` and stores it if nobody changed it meanwhile.
    /// A draft that starts waiting on money is put on the reconciler's watch
    /// list before it is saved, so none is ever left unwatched.
    async fn commit(
        &self,
        ctx: &RequestContext,
        draft: &BookingDraft,
        event: DraftEvent,
    ) -> Result<BookingDraft, FunnelError> {
        let step = event.name();
        let now = Timestamp::now();
        let transition = draft.apply(event, now)?;
        let (awaited, awaits) = (draft.state.awaits_money(), transition.draft.state.awaits_money());
        let watch = match (awaited, awaits) {
            (false, true) => Watch::Start(reconcile::look_at(now, self.reconciler.after)),
            (true, false) => Watch::End,
            _ => Watch::Keep,
        };
        match self.drafts.save_watching(&transition.draft, draft.version, watch).await? {
            Saved::Ok => {
                self.committed(ctx, &transition, step).await;
                Ok(transition.draft)
            }
            Saved::Conflict(current) => Err(FunnelError::Stale(current)),
            Saved::Gone => Err(FunnelError::NotFound),
        }
    }

    /// What follows a stored transition: its effects, its snapshot and counters.
    async fn committed(&self, ctx: &RequestContext, transition: &Transition, step: &'static str) {
        let draft = &transition.draft;
        self.run_effects(ctx, &transition.effects).await;
        self.snapshots.record(draft, step);
        metrics::counter!("funnel_steps_total", "tenant" => draft.tenant.to_string(), "step" => step_label(step))
            .increment(1);
        if step == "confirmed" {
            if let Some(kind) = draft.quote.as_ref().and_then(|q| q.code_kind()) {
                metrics::counter!("bookings_with_code_total", "tenant" => draft.tenant.to_string(), "kind" => kind)
                    .increment(1);
            }
            extras::count_booked(draft.tenant.as_str(), draft);
        }
    }

    /// Releasing a hold is best effort: a hold that is not released runs out by
    /// itself upstream, and the guest must not see an error for it.
    async fn run_effects(&self, ctx: &RequestContext, effects: &[Effect]) {
        for effect in effects {
            match effect {
                Effect::ReleaseHold { hold_id } => {
                    if let Err(e) = self.reservations.release_hold(ctx, hold_id).await {
                        tracing::warn!(error = %e, "releasing a hold failed; it will run out upstream");
                    }
                }
            }
        }
    }

    async fn quote_and_commit(
        &self,
        ctx: &RequestContext,
        draft: &BookingDraft,
        access: RateAccess,
        extras: &[String],
    ) -> Result<BookingDraft, FunnelError> {
        let quote = self.price(ctx, draft, access, extras).await?;
        self.commit(ctx, draft, DraftEvent::Quoted(quote)).await
    }

    /// A quote for `draft`'s selection from the pricing upstream.
    async fn price(
        &self,
        ctx: &RequestContext,
        draft: &BookingDraft,
        access: RateAccess,
        extras: &[String],
    ) -> Result<Quote, FunnelError> {
        let request = convert::quote_request(&draft.selection, access, extras);
        let dto = self.pricing.create_quote(ctx, &request).await?;
        let quote = convert::quote(&dto, &draft.selection).ok_or_else(|| {
            UpstreamError::Decode(crate::upstream::Upstream::Pricing, "quote with an invalid currency".into())
        })?;
        Ok(quote)
    }

    /// (Re)prices the selection, at member rates when `access` allows.
    pub async fn quote(
        &self,
        ctx: &RequestContext,
        actor: &Actor<'_>,
        id: &DraftId,
        expected: u64,
        access: RateAccess,
    ) -> Result<BookingDraft, FunnelError> {
        let draft = self.load_at(ctx, actor, id, expected).await?;
        let extras = draft.quote.as_ref().map(|q| q.chosen_extras()).unwrap_or_default();
        self.quote_and_commit(ctx, &draft, access, &extras).await
    }

    /// New dates or party: releases any hold, drops the quote, and prices again.
    /// `draft` is the guest's draft as [`load`](Self::load) read it (the caller
    /// needed it to read the new stay): it is not read a second time.
    pub async fn change_stay(
        &self,
        ctx: &RequestContext,
        draft: BookingDraft,
        expected: u64,
        criteria: SearchCriteria,
        access: RateAccess,
    ) -> Result<(BookingDraft, Option<UpstreamError>), FunnelError> {
        let draft = at_version(draft, expected)?;
        let changed = self.commit(ctx, &draft, DraftEvent::StayChanged(criteria)).await?;
        self.try_to_quote(ctx, changed, access).await
    }

    /// The guest's details, on the draft as [`load`](Self::load) read it.
    pub async fn submit_guest(
        &self,
        ctx: &RequestContext,
        draft: BookingDraft,
        expected: u64,
        guest: GuestDetails,
    ) -> Result<BookingDraft, FunnelError> {
        let draft = at_version(draft, expected)?;
        self.commit(ctx, &draft, DraftEvent::DetailsSubmitted(guest)).await
    }

    /// Holds the room. The idempotency key is derived from the quote, so a retry
    /// (double click, lost response) gets the same hold, never a second one.
    pub async fn hold(
        &self,
        ctx: &RequestContext,
        actor: &Actor<'_>,
        id: &DraftId,
        expected: u64,
        attribution: Option<Attribution>,
    ) -> Result<BookingDraft, FunnelError> {
        let draft = self.load_at(ctx, actor, id, expected).await?;
        // Check the transition before taking inventory.
        draft.check(Action::HoldRoom, Timestamp::now())?;
        let quote = draft.quote.as_ref().ok_or(TransitionError::QuoteRequired)?;
        let mut key = format!("{}:hold:{}", draft.id, quote.id);
        if draft.payment_attempts > 0 {
            // Holding again after the last hold was given back for declined
            // payments: the same quote must get a new hold, not the released one.
            key.push_str(&format!(":after-payment-{}", draft.payment_attempts));
        }
        // The attribution travels with the draft from here, so the booking made
        // later (from the return or from a webhook, which has no session) carries it.
        let request = HoldRequestDto { quote_id: quote.id.clone(), attribution: attribution_json_of(&attribution) };
        let dto = self.take_hold(ctx, &draft, &request, &key).await?;
        let hold = Hold { id: dto.id.clone(), expires_at: dto.expires_at };
        self.record_hold(ctx, draft, hold, attribution).await
    }

    /// Stores `hold` (taken upstream for `draft`) in the draft. When the save
    /// loses a race or its outcome is unknown, the draft is read again before
    /// anything is given back: a double click got the very same hold (same
    /// key), and a save that timed out may have landed. The hold is released
    /// only once the draft is known not to hold it and no longer waits for it.
    async fn record_hold(
        &self,
        ctx: &RequestContext,
        mut draft: BookingDraft,
        hold: Hold,
        attribution: Option<Attribution>,
    ) -> Result<BookingDraft, FunnelError> {
        const ROUNDS: usize = 3;
        let quote_id = draft.quote.as_ref().map(|q| q.id.clone());
        let mut last = None;
        for _ in 0..ROUNDS {
            draft.attribution = attribution.clone();
            let unsure = match self.commit(ctx, &draft, DraftEvent::Held(hold.clone())).await {
                Ok(held) => return Ok(held),
                Err(e @ (FunnelError::Stale(_) | FunnelError::Store(_))) => e,
                Err(e) => {
                    // Refused before anything was stored: the draft never held it.
                    self.release_hold_now(ctx, &hold.id).await;
                    return Err(e);
                }
            };
            let current = match self.drafts.load(&draft.id).await {
                Ok(Some(current)) => current,
                Ok(None) => {
                    self.release_hold_now(ctx, &hold.id).await;
                    return Err(FunnelError::NotFound);
                }
                // Cannot tell whether it is recorded: keep it; it runs out by itself.
                Err(_) => return Err(unsure),
            };
            if current.hold.as_ref().is_some_and(|h| h.id == hold.id) {
                return Ok(current);
            }
            let still_waiting = current.state == DraftState::Details
                && current.hold.is_none()
                && current.quote.as_ref().map(|q| q.id.clone()) == quote_id;
            if !still_waiting {
                self.release_hold_now(ctx, &hold.id).await;
                return Err(match unsure {
                    FunnelError::Stale(_) => FunnelError::Stale(Box::new(current)),
                    other => other,
                });
            }
            // The draft still waits for exactly this hold: record it on the
            // version that is there now.
            draft = current;
            last = Some(unsure);
        }
        // Undecided after several rounds: the hold stays (it runs out by itself)
        // rather than risk releasing one the draft records.
        Err(last.unwrap_or(FunnelError::NotFound))
    }

    /// Gives back a hold no draft records. Best effort: an unreleased hold runs
    /// out by itself upstream.
    async fn release_hold_now(&self, ctx: &RequestContext, hold_id: &str) {
        self.run_effects(ctx, &[Effect::ReleaseHold { hold_id: hold_id.to_owned() }]).await;
    }

    /// Opens a payment session for the held room and returns where to send the
    /// guest. Each attempt has its own idempotency key, and the session ends no
    /// later than the hold, so nobody pays for a room no longer held for them.
    pub async fn start_payment(
        &self,
        ctx: &RequestContext,
        actor: &Actor<'_>,
        id: &DraftId,
        expected: u64,
        urls: PaymentUrls,
    ) -> Result<BookingDraft, FunnelError> {
        let draft = self.load_at(ctx, actor, id, expected).await?;
        draft.check(Action::Pay, Timestamp::now())?;
        if draft.confirms_without_payment() {
            return self.confirm_change(ctx, draft, urls.language.locale()).await;
        }
        let attempt = draft.next_payment_attempt();
        let due = draft.amount_due().ok_or(TransitionError::QuoteRequired)?;
        let hold = draft.hold.as_ref().ok_or(TransitionError::HoldRequired)?;
        let request = PaymentSessionRequestDto {
            amount: due.amount,
            currency: due.currency.to_string(),
            reference: draft.id.to_string(),
            description: format!(
                "{} · {} · {}",
                draft.selection.names.property,
                // Rooms of different types are named by their number.
                if draft.selection.rooms_differ() {
                    urls.language.count("draft-rooms", draft.selection.criteria.occupancy.rooms())
                } else {
                    draft.selection.names.room_type.clone()
                },
                urls.language.count("stay-nights", draft.selection.criteria.stay.nights())
            ),
            return_url: urls.return_url,
            webhook_url: urls.webhook_url,
            expires_at: Some(hold.expires_at),
            mode: payment_mode(&draft),
            guaranteed_amount: guaranteed_amount(&draft),
        };
        let key = format!("{}:pay:{attempt}", draft.id);
        let session = self.payments.create_session(ctx, &request, &key).await?;
        let session_id = session.id.clone();
        let payment = Payment {
            session_id: session.id,
            attempt,
            redirect_url: session.redirect_url,
            expires_at: Some(session.expires_at),
            app_return_url: urls.app_return_url,
            locale: Some(urls.language.locale()),
        };
        match self.commit(ctx, &draft, DraftEvent::PaymentStarted(payment)).await {
            Ok(pending) => Ok(pending),
            // A double click opened the same session (same key); a save that
            // timed out may have landed. Either way the draft says which.
            Err(unsure @ (FunnelError::Stale(_) | FunnelError::Store(_))) => match self.drafts.load(id).await {
                Ok(Some(current)) if current.payment.as_ref().is_some_and(|p| p.session_id == session_id) => {
                    Ok(current)
                }
                // Not recorded: nobody was sent to it, so nobody can pay it; it
                // expires by itself.
                _ => Err(unsure),
            },
            Err(e) => Err(e),
        }
    }

    pub async fn cancel(
        &self,
        ctx: &RequestContext,
        actor: &Actor<'_>,
        id: &DraftId,
        expected: u64,
    ) -> Result<BookingDraft, FunnelError> {
        let draft = self.load_at(ctx, actor, id, expected).await?;
        self.commit(ctx, &draft, DraftEvent::Cancelled).await
    }

    /// The guest gives up the payment attempt in progress (back from the
    /// payment page). The gateway is asked to cancel the session, and then,
    /// whatever it answered, the draft follows the session's status as the
    /// gateway reports it (the settle routine): cancelled, the draft is back on
    /// its hold; approved meanwhile (a `409` to the cancel), it is booked (or
    /// refunded); and when the cancel's outcome is unknown (a timeout, a 5xx)
    /// and the session may still be paid, the draft keeps waiting on it.
    /// Nothing is given up on an assumption.
    pub async fn cancel_payment(
        &self,
        ctx: &RequestContext,
        actor: &Actor<'_>,
        id: &DraftId,
        expected: u64,
    ) -> Result<(BookingDraft, PaymentCancel), FunnelError> {
        let draft = self.load_at(ctx, actor, id, expected).await?;
        draft.check(Action::CancelPayment, Timestamp::now())?;
        let payment = draft.payment.as_ref().ok_or(TransitionError::NoPaymentInProgress)?;
        let cancelled = self.payments.cancel_session(ctx, &payment.session_id).await;
        if let Err(e) = &cancelled {
            tracing::info!(error = %e, draft = %id, "cancelling a payment session was refused or its outcome is unknown; settling");
        }
        let settled = match self.settle_payment(ctx, Some(actor), id, SettleVia::Cancel).await {
            Ok(settled) => settled,
            // Neither answer came: the session may still be paid.
            Err(FunnelError::Upstream(e)) => return Err(FunnelError::Upstream(cancelled.err().unwrap_or(e))),
            Err(e) => return Err(e),
        };
        let outcome = match settled.state {
            DraftState::PaymentPending => match cancelled {
                Err(e) => PaymentCancel::Unknown(e),
                // Cancelled upstream but not recorded yet (the draft kept
                // changing): the next settle records it.
                Ok(_) => PaymentCancel::Unknown(UpstreamError::Unavailable(
                    crate::upstream::Upstream::Payments,
                    "the cancelled session is not recorded yet".into(),
                )),
            },
            DraftState::Held | DraftState::PaymentFailed | DraftState::Expired => PaymentCancel::Cancelled,
            _ => PaymentCancel::AlreadyDecided,
        };
        Ok((settled, outcome))
    }

    /// The return of an app's payment, which comes back in a browser that has
    /// no session of the app's: the draft of `tenant` whose latest attempt was
    /// started by the app, settled with the gateway. Only a draft that names an
    /// app return URL is found this way, and the caller only learns where to
    /// send the browser (the app's URL, from the draft, never from the request).
    pub async fn settle_app_return(
        &self,
        ctx: &RequestContext,
        tenant: &TenantId,
        id: &DraftId,
    ) -> Result<BookingDraft, FunnelError> {
        let draft = self.drafts.load(id).await?.ok_or(FunnelError::NotFound)?;
        if draft.tenant != *tenant || draft.app_return_url.is_none() {
            return Err(FunnelError::NotFound);
        }
        self.settle_payment(ctx, None, id, SettleVia::Return).await
    }
}

/// What came of [`Funnel::cancel_payment`].
#[derive(Debug)]
pub enum PaymentCancel {
    /// The session can no longer be paid: the draft is back on its hold (or,
    /// the hold gone, expired; or declined just before).
    Cancelled,
    /// The gateway had approved it first: the draft is booked (or refunded).
    AlreadyDecided,
    /// The gateway's answer is unknown and the session may still be paid: the
    /// draft still waits on it (the return, the webhook or the reconciler
    /// settle it).
    Unknown(UpstreamError),
}

/// A rate paid at the hotel stores the card; any other is charged what is due now.
pub(crate) fn payment_mode(draft: &BookingDraft) -> PaymentMode {
    if draft.pays_by_guarantee() { PaymentMode::Guarantee } else { PaymentMode::Charge }
}

/// What a guarantee stands for (paid at the hotel), for the payment page.
fn guaranteed_amount(draft: &BookingDraft) -> Option<i64> {
    let terms = draft.quote.as_ref()?.payment_terms();
    (draft.pays_by_guarantee() && terms.due_at_hotel.amount > 0).then_some(terms.due_at_hotel.amount)
}

/// `draft`, if it is still the version the client based its change on.
fn at_version(draft: BookingDraft, expected: u64) -> Result<BookingDraft, FunnelError> {
    if draft.version != expected {
        return Err(FunnelError::Stale(Box::new(draft)));
    }
    Ok(draft)
}
