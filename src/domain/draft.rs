//! The booking draft: the server-authoritative record of one guest's way through
//! the funnel, and the pure state machine that moves it.
//!
//! A handler loads a draft, runs [`BookingDraft::expire_if_due`], [`applies`] an
//! event with the current time, carries out the returned [`Effect`]s and stores the
//! new draft only if the stored version is still the one it loaded (optimistic
//! concurrency). Nothing here does I/O or reads the clock.
//!
//! [`applies`]: BookingDraft::apply

use std::fmt;
use std::str::FromStr;

use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

use super::guest::GuestDetails;
use super::guest_key::GuestKey;
use super::money::Money;
use super::search::SearchCriteria;
use super::tenant::TenantId;

/// Crockford's base32 alphabet, lower-case: no `i`, `l`, `o`, `u`, so an id read
/// aloud or retyped is unambiguous.
const ID_ALPHABET: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";
pub const DRAFT_ID_LEN: usize = 26;

/// Declined payments a guest gets on one hold. The next decline after these
/// gives the room back at once instead of keeping it off sale until the hold
/// runs out upstream; the guest can hold it again (and pay with another card).
pub const PAYMENT_ATTEMPTS_PER_HOLD: u32 = 3;

/// 128 random bits, written as 26 lower-case Crockford base32 characters. Every
/// id has exactly one spelling: [`DraftId::parse`] refuses upper case and a
/// first character above `7` (26 × 5 = 130 bits, the top two must be zero).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DraftId(u128);

impl DraftId {
    /// A fresh id from the thread-local CSPRNG.
    pub fn new() -> Self {
        Self(rand::random())
    }

    /// A fixed id, for tests and fixtures.
    pub fn from_u128(bits: u128) -> Self {
        Self(bits)
    }

    /// Strict: exactly the spelling [`Display`](fmt::Display) produces, so a path
    /// segment that is not an id is a 404 without a storage round trip.
    pub fn parse(raw: &str) -> Option<Self> {
        let bytes = raw.as_bytes();
        if bytes.len() != DRAFT_ID_LEN {
            return None;
        }
        let mut bits = 0u128;
        for (i, byte) in bytes.iter().enumerate() {
            let digit = ID_ALPHABET.iter().position(|a| a == byte)? as u128;
            if i == 0 && digit > 7 {
                return None;
            }
            bits = (bits << 5) | digit;
        }
        Some(Self(bits))
    }
}

impl Default for DraftId {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Display for DraftId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = [0u8; DRAFT_ID_LEN];
        for (i, slot) in out.iter_mut().enumerate() {
            let shift = 5 * (DRAFT_ID_LEN - 1 - i);
            *slot = ID_ALPHABET[((self.0 >> shift) & 0x1f) as usize];
        }
        // The alphabet is ASCII.
        f.write_str(std::str::from_utf8(&out).unwrap_or_default())
    }
}

impl fmt::Debug for DraftId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DraftId({self})")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("not a draft id")]
pub struct InvalidDraftId;

impl FromStr for DraftId {
    type Err = InvalidDraftId;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s).ok_or(InvalidDraftId)
    }
}

impl Serialize for DraftId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for DraftId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(d)?;
        Self::parse(&raw).ok_or_else(|| serde::de::Error::custom("not a draft id"))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DraftState {
    Selecting,
    Quoted,
    Details,
    Held,
    PaymentPending,
    Confirmed,
    /// The quote or the hold ran out; a new quote restarts the funnel.
    Expired,
    /// The last payment attempt was declined; the guest may retry while the hold
    /// lives, up to [`PAYMENT_ATTEMPTS_PER_HOLD`] attempts.
    PaymentFailed,
    /// Cancelled by the guest.
    Abandoned,
    /// The gateway approved a payment for which no booking can be made (the
    /// hold ran out and the room or its price is gone): the refund is decided
    /// and being sent. Ends by itself: every read and the reconciler retry the
    /// refund until the gateway takes it.
    RefundPending,
    /// The payment was refunded in full; no booking was made.
    Refunded,
}

impl DraftState {
    pub const ALL: [DraftState; 11] = [
        Self::Selecting,
        Self::Quoted,
        Self::Details,
        Self::Held,
        Self::PaymentPending,
        Self::Confirmed,
        Self::Expired,
        Self::PaymentFailed,
        Self::Abandoned,
        Self::RefundPending,
        Self::Refunded,
    ];

    /// The serde name, for logs and metric labels.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Selecting => "selecting",
            Self::Quoted => "quoted",
            Self::Details => "details",
            Self::Held => "held",
            Self::PaymentPending => "payment_pending",
            Self::Confirmed => "confirmed",
            Self::Expired => "expired",
            Self::PaymentFailed => "payment_failed",
            Self::Abandoned => "abandoned",
            Self::RefundPending => "refund_pending",
            Self::Refunded => "refunded",
        }
    }

    /// No event moves a draft out of a terminal state.
    pub fn is_terminal(self) -> bool {
        matches!(self, Self::Confirmed | Self::Abandoned | Self::Refunded)
    }

    /// Money may be on its way for this draft: a payment in flight, or a refund
    /// owed. The reconciler watches drafts in these states until they end.
    pub fn awaits_money(self) -> bool {
        matches!(self, Self::PaymentPending | Self::RefundPending)
    }
}

impl fmt::Display for DraftState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What the guest picked: a rate plan of a room type at a property, for a stay.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Selection {
    pub property_id: String,
    pub room_type_id: String,
    pub rate_plan_id: String,
    pub criteria: SearchCriteria,
    /// Display names as the guest saw them when selecting.
    #[serde(default)]
    pub names: SelectionNames,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SelectionNames {
    pub property: String,
    pub room_type: String,
    pub rate_plan: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NightPrice {
    pub date: Date,
    pub amount: Money,
}

/// A priced offer from the pricing upstream, good until `expires_at`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    pub id: String,
    pub nightly: Vec<NightPrice>,
    pub room_total: Money,
    pub taxes: Money,
    pub fees: Money,
    pub total: Money,
    pub cancellation_policy: String,
    pub refundable: bool,
    pub expires_at: Timestamp,
    /// Priced at a member rate (the guest was a signed-in, eligible member).
    #[serde(default)]
    pub member_rate: bool,
}

impl Quote {
    pub fn is_live(&self, now: Timestamp) -> bool {
        now < self.expires_at
    }
}

/// Inventory held by the reservations upstream until `expires_at`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hold {
    pub id: String,
    pub expires_at: Timestamp,
}

impl Hold {
    pub fn is_live(&self, now: Timestamp) -> bool {
        now < self.expires_at
    }

    /// Time left, zero once expired: what the countdown shows.
    pub fn remaining(&self, now: Timestamp) -> SignedDuration {
        self.expires_at.duration_since(now).max(SignedDuration::ZERO)
    }
}

/// A payment session on the hosted payment page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payment {
    pub session_id: String,
    /// 1 for the first attempt of a draft, +1 per retry; part of the idempotency
    /// key of the payment-session call, so it never repeats within a draft.
    pub attempt: u32,
    pub redirect_url: String,
    /// When the gateway ends the session if nobody finished it (never after the
    /// hold it pays for). `None` on drafts stored before it was recorded.
    #[serde(default)]
    pub expires_at: Option<Timestamp>,
}

/// Why an approved payment was given back instead of booked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RefundReason {
    /// The hold ran out before the payment was approved and the room could not
    /// be held again (sold meanwhile, or closed).
    RoomUnavailable,
    /// The room could be held again, but no longer at the price paid.
    PriceChanged,
    /// The gateway reports the payment refunded (by the hotel or the provider).
    External,
}

impl RefundReason {
    /// The wire name, for the refund request and metric labels.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::RoomUnavailable => "room-unavailable",
            Self::PriceChanged => "price-changed",
            Self::External => "external",
        }
    }
}

/// A refund owed (or made) for the draft's approved payment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refund {
    /// The payment session refunded.
    pub session_id: String,
    /// What was paid and is given back, in the currency charged.
    pub amount: Money,
    pub reason: RefundReason,
    pub decided_at: Timestamp,
    /// When the gateway took the refund; `None` while it is owed.
    pub refunded_at: Option<Timestamp>,
}

/// Why a draft is [`DraftState::Expired`]; decides the message the guest sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExpiryReason {
    Quote,
    Hold,
}

/// The draft as stored (JSON, one key per draft). Fields are public for reading;
/// change a draft only through [`BookingDraft::apply`], which keeps the state,
/// the version and the effects consistent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingDraft {
    pub id: DraftId,
    pub tenant: TenantId,
    /// The guest key of the session that owns the draft.
    pub owner: GuestKey,
    /// 1 when created, +1 per applied event; the optimistic-concurrency token.
    pub version: u64,
    pub state: DraftState,
    pub selection: Selection,
    pub quote: Option<Quote>,
    /// Kept across a stay change or a re-quote so the form is prefilled.
    pub guest: Option<GuestDetails>,
    pub hold: Option<Hold>,
    /// The latest payment session; kept after a decline and after a hold expiry
    /// so a late approval of it can still confirm.
    pub payment: Option<Payment>,
    /// The highest payment attempt started so far (0 before the first).
    #[serde(default)]
    pub payment_attempts: u32,
    /// The gateway's reason for the last decline, shown on the retry screen.
    pub last_payment_error: Option<String>,
    /// Payments declined since the current hold was taken.
    #[serde(default)]
    pub declines_on_hold: u32,
    /// The hold was given back after [`PAYMENT_ATTEMPTS_PER_HOLD`] declines; the
    /// guest is told why they need to hold the room again.
    #[serde(default)]
    pub hold_released_after_declines: bool,
    pub expired_reason: Option<ExpiryReason>,
    pub booking_ref: Option<String>,
    /// The refund of an approved payment that could not become a booking.
    #[serde(default)]
    pub refund: Option<Refund>,
    /// The guest's marketing attribution as of the last hold, passed on to the
    /// reservations upstream with the hold and the booking.
    #[serde(default)]
    pub attribution: Option<super::attribution::Attribution>,
    /// The rate into the guest's display currency, frozen when the draft
    /// started, so the quote and payment steps show what search showed.
    #[serde(default)]
    pub display_rate: Option<DisplayRate>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// One unit of the charged currency in millionths of `currency`, for showing
/// prices only: the guest is always charged in the hotel's currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DisplayRate {
    pub currency: super::money::Currency,
    pub rate_ppm: i64,
    pub frozen_at: Timestamp,
}

/// Something that happened to a draft. The handler produces it after the upstream
/// call it stands for succeeded (or, for `PaymentDeclined` and `Confirmed`, after
/// the payment status was verified server-side).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DraftEvent {
    Quoted(Quote),
    DetailsSubmitted(GuestDetails),
    Held(Hold),
    PaymentStarted(Payment),
    PaymentDeclined {
        reason: String,
    },
    Confirmed {
        booking_ref: String,
    },
    /// New dates, occupancy or promo for the same room and rate.
    StayChanged(SearchCriteria),
    /// Another property, room or rate (and possibly stay).
    SelectionChanged(Selection),
    /// The quote or the hold ran out.
    Expire,
    Cancelled,
    /// The hold ran out under an approved payment and the same room was held
    /// again at the same total: the booking goes ahead on the new hold.
    Reheld {
        hold: Hold,
        quote: Quote,
    },
    /// An approved payment cannot become a booking: it is to be refunded.
    RefundStarted {
        reason: RefundReason,
    },
    /// The gateway took the refund.
    RefundCompleted,
}

impl DraftEvent {
    /// A stable name for logs and metric labels.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Quoted(_) => "quoted",
            Self::DetailsSubmitted(_) => "details_submitted",
            Self::Held(_) => "held",
            Self::PaymentStarted(_) => "payment_started",
            Self::PaymentDeclined { .. } => "payment_declined",
            Self::Confirmed { .. } => "confirmed",
            Self::StayChanged(_) => "stay_changed",
            Self::SelectionChanged(_) => "selection_changed",
            Self::Expire => "expire",
            Self::Cancelled => "cancelled",
            Self::Reheld { .. } => "reheld",
            Self::RefundStarted { .. } => "refund_started",
            Self::RefundCompleted => "refunded",
        }
    }
}

/// Work the caller must do after storing the new draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Release the inventory hold upstream (idempotent there: a hold that already
    /// ran out is gone anyway).
    ReleaseHold { hold_id: String },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transition {
    pub draft: BookingDraft,
    pub effects: Vec<Effect>,
}

/// Why an event was refused. The messages are written for the guest.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    /// `Confirmed` replayed with the reference the draft already has (a reloaded
    /// return page, a repeated webhook): an idempotent no-op. Callers treat it as
    /// success and show the confirmation; nothing is stored.
    #[error("This booking is already confirmed.")]
    AlreadyConfirmed { booking_ref: String },
    /// Any other event on a confirmed draft.
    #[error("This booking is already confirmed.")]
    BookingConfirmed { booking_ref: String },
    /// `Confirmed` with a reference other than the stored one: an upstream
    /// inconsistency for an operator to look at, never a second booking.
    #[error("This booking is already confirmed.")]
    ConflictingConfirmation { existing: String, incoming: String },
    #[error("This booking was cancelled. Please start a new search.")]
    Abandoned,
    #[error("Please choose a room and get a price first.")]
    QuoteRequired,
    #[error("Your price quote has expired; please get a new quote.")]
    QuoteExpired,
    #[error("Please enter the guest details first.")]
    DetailsRequired,
    #[error("Your room needs to be held before you pay; please continue from the guest details.")]
    HoldRequired,
    #[error("Your room hold has expired; please get a new quote.")]
    HoldExpired,
    #[error("Your room is already held; continue to payment, or change your stay to start again.")]
    RoomHeld,
    #[error("Your payment is being processed; please wait a moment.")]
    PaymentInProgress,
    #[error("There is no payment in progress for this booking.")]
    NoPaymentInProgress,
    #[error("This payment attempt is out of date; please try again.")]
    StalePaymentAttempt { expected: u32, got: u32 },
    #[error("We couldn't confirm this booking; please contact the hotel.")]
    MissingBookingRef,
    #[error("Nothing in this booking has expired.")]
    NothingToExpire,
    #[error("The payment does not match this booking. You have not been booked.")]
    PaymentMismatch,
    #[error("Your payment is being refunded.")]
    RefundInProgress,
    #[error("Your payment was refunded; this booking could not be made.")]
    Refunded,
}

impl TransitionError {
    /// The guest-facing message: one sentence per refusal, in the catalogs'
    /// `draft-error-*` family (pages, fragments and problem+json alike).
    pub fn msg(&self) -> super::msg::Msg {
        use super::msg::Msg;
        Msg::new(match self {
            Self::AlreadyConfirmed { .. } | Self::BookingConfirmed { .. } | Self::ConflictingConfirmation { .. } => {
                "draft-error-confirmed"
            }
            Self::Abandoned => "draft-error-abandoned",
            Self::QuoteRequired => "draft-error-quote-required",
            Self::QuoteExpired => "draft-error-quote-expired",
            Self::DetailsRequired => "draft-error-details-required",
            Self::HoldRequired => "draft-error-hold-required",
            Self::HoldExpired => "draft-error-hold-expired",
            Self::RoomHeld => "draft-error-room-held",
            Self::PaymentInProgress => "draft-error-payment-in-progress",
            Self::NoPaymentInProgress => "draft-error-no-payment",
            Self::StalePaymentAttempt { .. } => "draft-error-stale-payment",
            Self::MissingBookingRef => "draft-error-missing-booking-ref",
            Self::NothingToExpire => "draft-error-nothing-to-expire",
            Self::PaymentMismatch => "draft-refused-payment-mismatch",
            Self::RefundInProgress => "draft-error-refund-in-progress",
            Self::Refunded => "draft-error-refunded",
        })
    }

    /// True for the replay of a confirmation the draft already has.
    pub fn is_idempotent_replay(&self) -> bool {
        matches!(self, Self::AlreadyConfirmed { .. })
    }
}

/// The screen the funnel shows for a draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FunnelStep {
    /// Choose a rate and get a price (selecting).
    ChooseRate,
    /// The price and the guest details form (quoted).
    GuestDetails,
    /// Review, hold and pay, with the hold countdown once held (details, held).
    Payment,
    /// Waiting for the payment result (payment_pending).
    PaymentPending,
    /// The decline reason and a retry (payment_failed).
    PaymentFailed,
    /// The quote or hold ran out; get a new quote (expired).
    Expired,
    Confirmed,
    Cancelled,
    /// No booking could be made for an approved payment; it is (being) refunded.
    Refunded,
}

impl FunnelStep {
    /// The serde name, for metric labels.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ChooseRate => "choose_rate",
            Self::GuestDetails => "guest_details",
            Self::Payment => "payment",
            Self::PaymentPending => "payment_pending",
            Self::PaymentFailed => "payment_failed",
            Self::Expired => "expired",
            Self::Confirmed => "confirmed",
            Self::Cancelled => "cancelled",
            Self::Refunded => "refunded",
        }
    }
}

/// What the guest can do now; the UI shows a control per action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Get a (new) price quote.
    GetQuote,
    SubmitDetails,
    HoldRoom,
    /// Start (or retry) payment.
    Pay,
    ChangeStay,
    Cancel,
}

impl BookingDraft {
    pub fn new(id: DraftId, tenant: TenantId, owner: GuestKey, selection: Selection, now: Timestamp) -> Self {
        Self {
            id,
            tenant,
            owner,
            version: 1,
            state: DraftState::Selecting,
            selection,
            quote: None,
            guest: None,
            hold: None,
            payment: None,
            payment_attempts: 0,
            last_payment_error: None,
            declines_on_hold: 0,
            hold_released_after_declines: false,
            expired_reason: None,
            booking_ref: None,
            refund: None,
            attribution: None,
            display_rate: None,
            created_at: now,
            updated_at: now,
        }
    }

    /// True when this draft may be shown to the guest with this tenant and key;
    /// anyone else gets a 404.
    pub fn is_visible_to(&self, tenant: &TenantId, owner: &GuestKey) -> bool {
        self.tenant == *tenant && self.owner == *owner
    }

    pub fn is_quote_live(&self, now: Timestamp) -> bool {
        self.quote.as_ref().is_some_and(|q| q.is_live(now))
    }

    pub fn is_hold_live(&self, now: Timestamp) -> bool {
        self.hold.as_ref().is_some_and(|h| h.is_live(now))
    }

    /// Hold time left while the hold matters (held, payment_failed, payment
    /// pending), for the countdown.
    pub fn hold_remaining(&self, now: Timestamp) -> Option<SignedDuration> {
        match self.state {
            DraftState::Held | DraftState::PaymentFailed | DraftState::PaymentPending => {
                self.hold.as_ref().map(|h| h.remaining(now))
            }
            _ => None,
        }
    }

    /// The `attempt` the next [`Payment`] must carry.
    pub fn next_payment_attempt(&self) -> u32 {
        self.payment_attempts.saturating_add(1)
    }

    /// True while the draft waits on a payment session the gateway has ended by
    /// its own clock: the draft must be settled (it can no longer wait).
    pub fn payment_overdue(&self, now: Timestamp) -> bool {
        self.state == DraftState::PaymentPending
            && self.payment.as_ref().and_then(|p| p.expires_at).is_some_and(|at| at <= now)
    }

    /// True when an approved payment of this draft may still be waiting to be
    /// settled: the payment in flight, or (a late approval of an earlier
    /// attempt) one kept after a decline or a hold expiry.
    pub fn may_have_been_paid(&self) -> bool {
        match self.state {
            DraftState::PaymentPending | DraftState::PaymentFailed => true,
            DraftState::Expired => self.payment.is_some(),
            _ => false,
        }
    }

    /// What has run out at `now`: the quote while quoted or details, the hold
    /// while held or payment_failed. A pending payment never expires here: the
    /// gateway may still approve, and the reservations upstream decides then.
    pub fn expiry_due(&self, now: Timestamp) -> Option<ExpiryReason> {
        match self.state {
            DraftState::Quoted | DraftState::Details if !self.is_quote_live(now) => Some(ExpiryReason::Quote),
            DraftState::Held | DraftState::PaymentFailed if !self.is_hold_live(now) => Some(ExpiryReason::Hold),
            _ => None,
        }
    }

    /// The check a reader runs after loading a draft: the `Expire` transition if
    /// something ran out, to be stored (and its effects run) before rendering.
    pub fn expire_if_due(&self, now: Timestamp) -> Option<Transition> {
        self.expiry_due(now)?;
        self.apply(DraftEvent::Expire, now).ok()
    }

    pub fn step(&self) -> FunnelStep {
        match self.state {
            DraftState::Selecting => FunnelStep::ChooseRate,
            DraftState::Quoted => FunnelStep::GuestDetails,
            DraftState::Details | DraftState::Held => FunnelStep::Payment,
            DraftState::PaymentPending => FunnelStep::PaymentPending,
            DraftState::PaymentFailed => FunnelStep::PaymentFailed,
            DraftState::Expired => FunnelStep::Expired,
            DraftState::Confirmed => FunnelStep::Confirmed,
            DraftState::Abandoned => FunnelStep::Cancelled,
            DraftState::RefundPending | DraftState::Refunded => FunnelStep::Refunded,
        }
    }

    /// The actions [`apply`](Self::apply) would accept at `now` (given a well-formed
    /// event), in funnel order.
    pub fn allowed_actions(&self, now: Timestamp) -> Vec<Action> {
        use DraftState as S;
        let quote_live = self.is_quote_live(now);
        let hold_live = self.is_hold_live(now);
        let mut actions = Vec::new();
        let mut allow = |action, ok: bool| {
            if ok {
                actions.push(action);
            }
        };
        allow(Action::GetQuote, matches!(self.state, S::Selecting | S::Quoted | S::Details | S::Expired));
        allow(Action::SubmitDetails, matches!(self.state, S::Quoted | S::Details) && quote_live);
        allow(Action::HoldRoom, self.state == S::Details && quote_live);
        allow(Action::Pay, matches!(self.state, S::Held | S::PaymentFailed) && hold_live);
        let open = !self.state.is_terminal() && !self.state.awaits_money();
        allow(Action::ChangeStay, open);
        allow(Action::Cancel, open);
        actions
    }

    /// Applies `event` at `now`: the next draft (version + 1, `updated_at = now`)
    /// and the effects to carry out, or why the event is refused in this state.
    /// See the module tests for the full table.
    pub fn apply(&self, event: DraftEvent, now: Timestamp) -> Result<Transition, TransitionError> {
        use DraftState as S;
        use TransitionError as E;

        match self.state {
            S::Confirmed => return Err(self.refuse_confirmed(&event)),
            S::Abandoned => return Err(E::Abandoned),
            S::Refunded => return Err(E::Refunded),
            S::RefundPending if !matches!(event, DraftEvent::RefundCompleted) => return Err(E::RefundInProgress),
            _ => {}
        }

        let mut next = self.clone();
        let mut effects = Vec::new();
        match event {
            DraftEvent::Quoted(quote) => {
                self.may_quote()?;
                if !quote.is_live(now) {
                    return Err(E::QuoteExpired);
                }
                next.quote = Some(quote);
                // A re-quote (from expired) starts a new price: an old payment
                // session no longer matches it.
                next.payment = None;
                next.last_payment_error = None;
                next.hold_released_after_declines = false;
                next.expired_reason = None;
                next.state = S::Quoted;
            }
            DraftEvent::DetailsSubmitted(guest) => {
                self.may_submit_details(now)?;
                next.guest = Some(guest);
                next.state = S::Details;
            }
            DraftEvent::Held(hold) => {
                self.may_hold(now)?;
                if !hold.is_live(now) {
                    return Err(E::HoldExpired);
                }
                next.hold = Some(hold);
                next.declines_on_hold = 0;
                next.hold_released_after_declines = false;
                next.state = S::Held;
            }
            DraftEvent::PaymentStarted(payment) => {
                self.may_pay(now)?;
                let expected = self.next_payment_attempt();
                if payment.attempt != expected {
                    return Err(E::StalePaymentAttempt { expected, got: payment.attempt });
                }
                next.payment_attempts = payment.attempt;
                next.payment = Some(payment);
                next.last_payment_error = None;
                next.state = S::PaymentPending;
            }
            DraftEvent::PaymentDeclined { reason } => {
                if self.state != S::PaymentPending {
                    return Err(E::NoPaymentInProgress);
                }
                next.last_payment_error = Some(reason);
                next.declines_on_hold = self.declines_on_hold.saturating_add(1);
                if next.declines_on_hold >= PAYMENT_ATTEMPTS_PER_HOLD {
                    // Failed for good on this hold: the room goes back on sale now.
                    // Its payment is over too (declined is final), so nothing can
                    // confirm against the released hold.
                    next.release_hold(&mut effects);
                    next.payment = None;
                    next.hold_released_after_declines = true;
                    next.state = S::Details;
                } else {
                    next.state = S::PaymentFailed;
                }
            }
            DraftEvent::Confirmed { booking_ref } => {
                // Confirm follows a server-side verified approval and a booking the
                // reservations upstream made. From payment_failed or expired that is
                // a late approval of an earlier attempt: the guest has paid and the
                // booking exists, so the draft records it rather than lose it.
                if !self.may_have_been_paid() {
                    return Err(E::NoPaymentInProgress);
                }
                if booking_ref.trim().is_empty() {
                    return Err(E::MissingBookingRef);
                }
                next.booking_ref = Some(booking_ref);
                next.last_payment_error = None;
                next.expired_reason = None;
                next.state = S::Confirmed;
            }
            DraftEvent::StayChanged(criteria) => {
                self.may_leave()?;
                next.selection.criteria = criteria;
                next.restart_selection(&mut effects);
            }
            DraftEvent::SelectionChanged(selection) => {
                self.may_leave()?;
                next.selection = selection;
                next.restart_selection(&mut effects);
            }
            DraftEvent::Expire => {
                let Some(reason) = self.expiry_due(now) else {
                    return Err(match self.state {
                        S::PaymentPending => E::PaymentInProgress,
                        _ => E::NothingToExpire,
                    });
                };
                next.release_hold(&mut effects);
                next.expired_reason = Some(reason);
                next.state = S::Expired;
            }
            DraftEvent::Cancelled => {
                self.may_leave()?;
                next.release_hold(&mut effects);
                next.state = S::Abandoned;
            }
            DraftEvent::Reheld { hold, quote } => {
                if !self.may_have_been_paid() || self.payment.is_none() {
                    return Err(E::NoPaymentInProgress);
                }
                // Only the same room at the same total: the payment stays valid.
                if self.quote.as_ref().map(|q| q.total) != Some(quote.total) {
                    return Err(E::PaymentMismatch);
                }
                if !hold.is_live(now) {
                    return Err(E::HoldExpired);
                }
                // The old hold is gone (that is why this happens); releasing it
                // again is harmless and keeps "a hold left behind is released" true.
                next.release_hold(&mut effects);
                next.hold = Some(hold);
                next.quote = Some(quote);
                next.expired_reason = None;
                next.last_payment_error = None;
                next.state = S::PaymentPending;
            }
            DraftEvent::RefundStarted { reason } => {
                if !self.may_have_been_paid() {
                    return Err(E::NoPaymentInProgress);
                }
                let (Some(payment), Some(quote)) = (&self.payment, &self.quote) else {
                    return Err(E::NoPaymentInProgress);
                };
                next.refund = Some(Refund {
                    session_id: payment.session_id.clone(),
                    amount: quote.total,
                    reason,
                    decided_at: now,
                    refunded_at: None,
                });
                next.release_hold(&mut effects);
                next.state = S::RefundPending;
            }
            DraftEvent::RefundCompleted => {
                if self.state != S::RefundPending {
                    return Err(E::NoPaymentInProgress);
                }
                if let Some(refund) = next.refund.as_mut() {
                    refund.refunded_at = Some(now);
                }
                next.state = S::Refunded;
            }
        }

        next.version = self.version + 1;
        next.updated_at = now;
        Ok(Transition { draft: next, effects })
    }

    /// Whether the guest may take `action` at `now`, and if not, the reason
    /// [`apply`](Self::apply) would give for its event: what a caller checks
    /// before an upstream call (taking inventory, opening a payment page).
    pub fn check(&self, action: Action, now: Timestamp) -> Result<(), TransitionError> {
        match self.state {
            DraftState::Confirmed => {
                return Err(TransitionError::BookingConfirmed {
                    booking_ref: self.booking_ref.clone().unwrap_or_default(),
                });
            }
            DraftState::Abandoned => return Err(TransitionError::Abandoned),
            DraftState::Refunded => return Err(TransitionError::Refunded),
            DraftState::RefundPending => return Err(TransitionError::RefundInProgress),
            _ => {}
        }
        match action {
            Action::GetQuote => self.may_quote(),
            Action::SubmitDetails => self.may_submit_details(now),
            Action::HoldRoom => self.may_hold(now),
            Action::Pay => self.may_pay(now),
            Action::ChangeStay | Action::Cancel => self.may_leave(),
        }
    }

    fn may_quote(&self) -> Result<(), TransitionError> {
        match self.state {
            DraftState::Held | DraftState::PaymentFailed => Err(TransitionError::RoomHeld),
            DraftState::PaymentPending => Err(TransitionError::PaymentInProgress),
            _ => Ok(()),
        }
    }

    fn may_submit_details(&self, now: Timestamp) -> Result<(), TransitionError> {
        use DraftState as S;
        use TransitionError as E;
        match self.state {
            S::Quoted | S::Details if self.is_quote_live(now) => Ok(()),
            S::Quoted | S::Details => Err(E::QuoteExpired),
            S::Selecting => Err(E::QuoteRequired),
            S::Held | S::PaymentFailed => Err(E::RoomHeld),
            S::PaymentPending => Err(E::PaymentInProgress),
            _ => Err(self.refuse_expired()),
        }
    }

    fn may_hold(&self, now: Timestamp) -> Result<(), TransitionError> {
        use DraftState as S;
        use TransitionError as E;
        match self.state {
            S::Details if self.is_quote_live(now) => Ok(()),
            S::Details => Err(E::QuoteExpired),
            S::Selecting => Err(E::QuoteRequired),
            S::Quoted => Err(E::DetailsRequired),
            S::Held | S::PaymentFailed => Err(E::RoomHeld),
            S::PaymentPending => Err(E::PaymentInProgress),
            _ => Err(self.refuse_expired()),
        }
    }

    fn may_pay(&self, now: Timestamp) -> Result<(), TransitionError> {
        use DraftState as S;
        use TransitionError as E;
        match self.state {
            S::Held | S::PaymentFailed if self.is_hold_live(now) => Ok(()),
            S::Held | S::PaymentFailed => Err(E::HoldExpired),
            S::Selecting | S::Quoted | S::Details => Err(E::HoldRequired),
            S::PaymentPending => Err(E::PaymentInProgress),
            _ => Err(self.refuse_expired()),
        }
    }

    /// Changing the stay or cancelling: anything but waiting on a payment.
    fn may_leave(&self) -> Result<(), TransitionError> {
        match self.state {
            DraftState::PaymentPending => Err(TransitionError::PaymentInProgress),
            _ => Ok(()),
        }
    }

    /// A changed stay or selection invalidates the price and anything built on it.
    fn restart_selection(&mut self, effects: &mut Vec<Effect>) {
        self.release_hold(effects);
        self.quote = None;
        self.payment = None;
        self.last_payment_error = None;
        self.hold_released_after_declines = false;
        self.expired_reason = None;
        self.state = DraftState::Selecting;
    }

    fn release_hold(&mut self, effects: &mut Vec<Effect>) {
        if let Some(hold) = self.hold.take() {
            effects.push(Effect::ReleaseHold { hold_id: hold.id });
        }
    }

    fn refuse_confirmed(&self, event: &DraftEvent) -> TransitionError {
        let existing = self.booking_ref.clone().unwrap_or_default();
        match event {
            DraftEvent::Confirmed { booking_ref } if *booking_ref == existing => {
                TransitionError::AlreadyConfirmed { booking_ref: existing }
            }
            DraftEvent::Confirmed { booking_ref } => {
                TransitionError::ConflictingConfirmation { existing, incoming: booking_ref.clone() }
            }
            _ => TransitionError::BookingConfirmed { booking_ref: existing },
        }
    }

    fn refuse_expired(&self) -> TransitionError {
        match self.expired_reason {
            Some(ExpiryReason::Hold) => TransitionError::HoldExpired,
            _ => TransitionError::QuoteExpired,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::guest::GuestForm;
    use crate::domain::money::Currency;
    use crate::domain::stay::{Occupancy, Stay};
    use jiff::civil::date;
    use proptest::prelude::*;

    use DraftState as S;
    use TransitionError as E;

    fn tenant() -> TenantId {
        TenantId::parse("aurora").unwrap()
    }

    fn t(mins: i64) -> Timestamp {
        Timestamp::from_second(1_800_000_000).unwrap().checked_add(SignedDuration::from_mins(mins)).unwrap()
    }

    fn criteria(nights: i8) -> SearchCriteria {
        let checkin = date(2027, 3, 1);
        let checkout = checkin.checked_add(jiff::Span::new().days(i64::from(nights))).unwrap();
        SearchCriteria {
            stay: Stay::new(checkin, checkout, date(2027, 1, 1)).unwrap(),
            occupancy: Occupancy::new(2, vec![], 1).unwrap(),
            promo: None,
        }
    }

    fn selection(rate: &str) -> Selection {
        Selection {
            property_id: "aurora-harbour".into(),
            room_type_id: "deluxe-king".into(),
            rate_plan_id: rate.into(),
            criteria: criteria(2),
            names: SelectionNames::default(),
        }
    }

    fn quote(expires_at: Timestamp) -> Quote {
        let eur = Currency::parse("EUR").unwrap();
        let night = |d| NightPrice { date: d, amount: Money::new(12_000, eur) };
        Quote {
            id: "q-1".into(),
            nightly: vec![night(date(2027, 3, 1)), night(date(2027, 3, 2))],
            room_total: Money::new(24_000, eur),
            taxes: Money::new(2_400, eur),
            fees: Money::new(500, eur),
            total: Money::new(26_900, eur),
            cancellation_policy: "Free cancellation until 48 hours before arrival.".into(),
            refundable: true,
            expires_at,
            member_rate: false,
        }
    }

    fn guest() -> GuestDetails {
        GuestForm {
            first_name: "Ada".into(),
            last_name: "Lovelace".into(),
            email: "ada@example.com".into(),
            phone: "+44 20 7946 0958".into(),
            country: "GB".into(),
            ..GuestForm::default()
        }
        .parse(0)
        .unwrap()
    }

    fn hold(id: &str, expires_at: Timestamp) -> Hold {
        Hold { id: id.into(), expires_at }
    }

    fn payment(attempt: u32) -> Payment {
        Payment {
            session_id: format!("ps-{attempt}"),
            attempt,
            redirect_url: format!("https://pay.example/s/{attempt}"),
            expires_at: None,
        }
    }

    fn step(draft: &BookingDraft, event: DraftEvent, now: Timestamp) -> BookingDraft {
        draft.apply(event, now).unwrap_or_else(|e| panic!("{:?} refused: {e:?}", draft.state)).draft
    }

    /// Drafts in every state, reached through legal transitions. The quote lives
    /// until t(30), hold H1 until t(45).
    struct Fixtures {
        selecting: BookingDraft,
        quoted: BookingDraft,
        details: BookingDraft,
        held: BookingDraft,
        pending: BookingDraft,
        failed: BookingDraft,
        confirmed: BookingDraft,
        expired_quote: BookingDraft,
        expired_hold: BookingDraft,
        expired_after_decline: BookingDraft,
        abandoned: BookingDraft,
        refund_pending: BookingDraft,
        refunded: BookingDraft,
    }

    fn fixtures() -> Fixtures {
        let selecting =
            BookingDraft::new(DraftId::from_u128(42), tenant(), GuestKey::new("guest-1"), selection("flex"), t(0));
        let quoted = step(&selecting, DraftEvent::Quoted(quote(t(30))), t(1));
        let details = step(&quoted, DraftEvent::DetailsSubmitted(guest()), t(2));
        let held = step(&details, DraftEvent::Held(hold("H1", t(45))), t(3));
        let pending = step(&held, DraftEvent::PaymentStarted(payment(1)), t(4));
        let failed = step(&pending, DraftEvent::PaymentDeclined { reason: "Card declined".into() }, t(5));
        let confirmed = step(&pending, DraftEvent::Confirmed { booking_ref: "GH-1".into() }, t(6));
        let expired_quote = step(&quoted, DraftEvent::Expire, t(31));
        let expired_hold = step(&held, DraftEvent::Expire, t(46));
        let expired_after_decline = step(&failed, DraftEvent::Expire, t(46));
        let abandoned = step(&selecting, DraftEvent::Cancelled, t(1));
        let refund_pending = step(&pending, DraftEvent::RefundStarted { reason: RefundReason::RoomUnavailable }, t(7));
        let refunded = step(&refund_pending, DraftEvent::RefundCompleted, t(8));
        Fixtures {
            selecting,
            quoted,
            details,
            held,
            pending,
            failed,
            confirmed,
            expired_quote,
            expired_hold,
            expired_after_decline,
            abandoned,
            refund_pending,
            refunded,
        }
    }

    /// One well-formed event of each kind, in table column order.
    fn events(draft: &BookingDraft, now: Timestamp) -> [DraftEvent; 10] {
        let later = |mins| now.checked_add(SignedDuration::from_mins(mins)).unwrap();
        [
            DraftEvent::Quoted(quote(later(30))),
            DraftEvent::DetailsSubmitted(guest()),
            DraftEvent::Held(hold("H2", later(45))),
            DraftEvent::PaymentStarted(payment(draft.next_payment_attempt())),
            DraftEvent::PaymentDeclined { reason: "Card declined".into() },
            DraftEvent::Confirmed { booking_ref: "GH-1".into() },
            DraftEvent::StayChanged(criteria(3)),
            DraftEvent::SelectionChanged(selection("non-refundable")),
            DraftEvent::Expire,
            DraftEvent::Cancelled,
        ]
    }

    type Row = [Result<DraftState, TransitionError>; 10];

    fn confirmed_row() -> Row {
        let refused = || Err(E::BookingConfirmed { booking_ref: "GH-1".into() });
        let replay = Err(E::AlreadyConfirmed { booking_ref: "GH-1".into() });
        [refused(), refused(), refused(), refused(), refused(), replay, refused(), refused(), refused(), refused()]
    }

    fn check_row(name: &str, draft: &BookingDraft, now: Timestamp, expected: Row) {
        for (event, want) in events(draft, now).into_iter().zip(expected) {
            let event_name = event.name();
            let got = draft.apply(event, now).map(|tr| tr.draft.state);
            assert_eq!(got, want, "{name} + {event_name}");
        }
    }

    #[test]
    fn transition_table_while_quote_and_hold_are_live() {
        let f = fixtures();
        let now = t(10);
        // Columns, as in `events`: Quoted, DetailsSubmitted, Held, PaymentStarted, PaymentDeclined,
        // Confirmed (ref GH-1), StayChanged, SelectionChanged, Expire, Cancelled.
        #[rustfmt::skip]
        let table: Vec<(&str, &BookingDraft, Row)> = vec![
            ("selecting", &f.selecting, [Ok(S::Quoted), Err(E::QuoteRequired), Err(E::QuoteRequired), Err(E::HoldRequired), Err(E::NoPaymentInProgress), Err(E::NoPaymentInProgress), Ok(S::Selecting), Ok(S::Selecting), Err(E::NothingToExpire), Ok(S::Abandoned)]),
            ("quoted", &f.quoted, [Ok(S::Quoted), Ok(S::Details), Err(E::DetailsRequired), Err(E::HoldRequired), Err(E::NoPaymentInProgress), Err(E::NoPaymentInProgress), Ok(S::Selecting), Ok(S::Selecting), Err(E::NothingToExpire), Ok(S::Abandoned)]),
            ("details", &f.details, [Ok(S::Quoted), Ok(S::Details), Ok(S::Held), Err(E::HoldRequired), Err(E::NoPaymentInProgress), Err(E::NoPaymentInProgress), Ok(S::Selecting), Ok(S::Selecting), Err(E::NothingToExpire), Ok(S::Abandoned)]),
            ("held", &f.held, [Err(E::RoomHeld), Err(E::RoomHeld), Err(E::RoomHeld), Ok(S::PaymentPending), Err(E::NoPaymentInProgress), Err(E::NoPaymentInProgress), Ok(S::Selecting), Ok(S::Selecting), Err(E::NothingToExpire), Ok(S::Abandoned)]),
            ("payment_pending", &f.pending, [Err(E::PaymentInProgress), Err(E::PaymentInProgress), Err(E::PaymentInProgress), Err(E::PaymentInProgress), Ok(S::PaymentFailed), Ok(S::Confirmed), Err(E::PaymentInProgress), Err(E::PaymentInProgress), Err(E::PaymentInProgress), Err(E::PaymentInProgress)]),
            ("confirmed", &f.confirmed, confirmed_row()),
            ("expired (quote)", &f.expired_quote, [Ok(S::Quoted), Err(E::QuoteExpired), Err(E::QuoteExpired), Err(E::QuoteExpired), Err(E::NoPaymentInProgress), Err(E::NoPaymentInProgress), Ok(S::Selecting), Ok(S::Selecting), Err(E::NothingToExpire), Ok(S::Abandoned)]),
            ("payment_failed", &f.failed, [Err(E::RoomHeld), Err(E::RoomHeld), Err(E::RoomHeld), Ok(S::PaymentPending), Err(E::NoPaymentInProgress), Ok(S::Confirmed), Ok(S::Selecting), Ok(S::Selecting), Err(E::NothingToExpire), Ok(S::Abandoned)]),
            ("abandoned", &f.abandoned, std::array::from_fn(|_| Err(E::Abandoned))),
            ("refund_pending", &f.refund_pending, std::array::from_fn(|_| Err(E::RefundInProgress))),
            ("refunded", &f.refunded, std::array::from_fn(|_| Err(E::Refunded))),
        ];
        let covered: Vec<DraftState> = table.iter().map(|(_, d, _)| d.state).collect();
        assert_eq!(covered, DraftState::ALL, "every state has a row");
        for (name, draft, row) in table {
            check_row(name, draft, now, row);
        }
    }

    #[test]
    fn transition_table_once_quote_and_hold_have_run_out() {
        let f = fixtures();
        let now = t(50);
        // Columns, as in `events`: Quoted, DetailsSubmitted, Held, PaymentStarted, PaymentDeclined,
        // Confirmed (ref GH-1), StayChanged, SelectionChanged, Expire, Cancelled.
        #[rustfmt::skip]
        let table: Vec<(&str, &BookingDraft, Row)> = vec![
            ("quoted", &f.quoted, [Ok(S::Quoted), Err(E::QuoteExpired), Err(E::DetailsRequired), Err(E::HoldRequired), Err(E::NoPaymentInProgress), Err(E::NoPaymentInProgress), Ok(S::Selecting), Ok(S::Selecting), Ok(S::Expired), Ok(S::Abandoned)]),
            ("details", &f.details, [Ok(S::Quoted), Err(E::QuoteExpired), Err(E::QuoteExpired), Err(E::HoldRequired), Err(E::NoPaymentInProgress), Err(E::NoPaymentInProgress), Ok(S::Selecting), Ok(S::Selecting), Ok(S::Expired), Ok(S::Abandoned)]),
            ("held", &f.held, [Err(E::RoomHeld), Err(E::RoomHeld), Err(E::RoomHeld), Err(E::HoldExpired), Err(E::NoPaymentInProgress), Err(E::NoPaymentInProgress), Ok(S::Selecting), Ok(S::Selecting), Ok(S::Expired), Ok(S::Abandoned)]),
            // A pending payment does not expire: the gateway may still approve.
            ("payment_pending", &f.pending, [Err(E::PaymentInProgress), Err(E::PaymentInProgress), Err(E::PaymentInProgress), Err(E::PaymentInProgress), Ok(S::PaymentFailed), Ok(S::Confirmed), Err(E::PaymentInProgress), Err(E::PaymentInProgress), Err(E::PaymentInProgress), Err(E::PaymentInProgress)]),
            ("payment_failed", &f.failed, [Err(E::RoomHeld), Err(E::RoomHeld), Err(E::RoomHeld), Err(E::HoldExpired), Err(E::NoPaymentInProgress), Ok(S::Confirmed), Ok(S::Selecting), Ok(S::Selecting), Ok(S::Expired), Ok(S::Abandoned)]),
            ("expired (hold)", &f.expired_hold, [Ok(S::Quoted), Err(E::HoldExpired), Err(E::HoldExpired), Err(E::HoldExpired), Err(E::NoPaymentInProgress), Err(E::NoPaymentInProgress), Ok(S::Selecting), Ok(S::Selecting), Err(E::NothingToExpire), Ok(S::Abandoned)]),
            // A late approval of the declined attempt still confirms.
            ("expired (after decline)", &f.expired_after_decline, [Ok(S::Quoted), Err(E::HoldExpired), Err(E::HoldExpired), Err(E::HoldExpired), Err(E::NoPaymentInProgress), Ok(S::Confirmed), Ok(S::Selecting), Ok(S::Selecting), Err(E::NothingToExpire), Ok(S::Abandoned)]),
            ("confirmed", &f.confirmed, confirmed_row()),
        ];
        for (name, draft, row) in table {
            check_row(name, draft, now, row);
        }
    }

    #[test]
    fn refuses_malformed_events() {
        let f = fixtures();
        let now = t(10);
        assert_eq!(f.selecting.apply(DraftEvent::Quoted(quote(t(10))), now), Err(E::QuoteExpired));
        assert_eq!(f.details.apply(DraftEvent::Held(hold("H2", t(9))), now), Err(E::HoldExpired));
        assert_eq!(
            f.held.apply(DraftEvent::PaymentStarted(payment(2)), now),
            Err(E::StalePaymentAttempt { expected: 1, got: 2 })
        );
        assert_eq!(
            f.failed.apply(DraftEvent::PaymentStarted(payment(1)), now),
            Err(E::StalePaymentAttempt { expected: 2, got: 1 })
        );
        assert_eq!(f.pending.apply(DraftEvent::Confirmed { booking_ref: " ".into() }, now), Err(E::MissingBookingRef));
    }

    #[test]
    fn confirming_again_is_an_idempotent_replay_and_another_ref_a_conflict() {
        let f = fixtures();
        let replay = f.confirmed.apply(DraftEvent::Confirmed { booking_ref: "GH-1".into() }, t(10)).unwrap_err();
        assert!(replay.is_idempotent_replay());
        assert_eq!(replay.to_string(), "This booking is already confirmed.");
        let conflict = f.confirmed.apply(DraftEvent::Confirmed { booking_ref: "GH-2".into() }, t(10)).unwrap_err();
        assert_eq!(conflict, E::ConflictingConfirmation { existing: "GH-1".into(), incoming: "GH-2".into() });
        assert!(!conflict.is_idempotent_replay());
    }

    #[test]
    fn leaving_a_hold_for_any_reason_but_payment_releases_it() {
        let f = fixtures();
        let release = vec![Effect::ReleaseHold { hold_id: "H1".into() }];
        for draft in [&f.held, &f.failed] {
            for event in [
                DraftEvent::StayChanged(criteria(3)),
                DraftEvent::SelectionChanged(selection("other")),
                DraftEvent::Cancelled,
            ] {
                let tr = draft.apply(event, t(10)).unwrap();
                assert_eq!(tr.effects, release);
                assert_eq!(tr.draft.hold, None);
            }
            let tr = draft.apply(DraftEvent::Expire, t(50)).unwrap();
            assert_eq!(
                (tr.draft.state, tr.effects, tr.draft.expired_reason),
                (S::Expired, release.clone(), Some(ExpiryReason::Hold))
            );
        }
        let pay = f.held.apply(DraftEvent::PaymentStarted(payment(1)), t(10)).unwrap();
        assert!(pay.effects.is_empty());
        assert!(pay.draft.hold.is_some());
        let confirm = f.pending.apply(DraftEvent::Confirmed { booking_ref: "GH-1".into() }, t(10)).unwrap();
        assert!(confirm.effects.is_empty());
    }

    /// Starts payment attempt after attempt on `draft` and has each declined.
    fn declined(draft: &BookingDraft, times: u32, now: Timestamp) -> Transition {
        let mut tr = Transition { draft: draft.clone(), effects: vec![] };
        for _ in 0..times {
            let pending = step(&tr.draft, DraftEvent::PaymentStarted(payment(tr.draft.next_payment_attempt())), now);
            tr = pending.apply(DraftEvent::PaymentDeclined { reason: "Card declined".into() }, now).unwrap();
        }
        tr
    }

    #[test]
    fn declines_before_the_last_attempt_keep_the_hold_for_a_retry() {
        let f = fixtures();
        let tr = declined(&f.held, PAYMENT_ATTEMPTS_PER_HOLD - 1, t(10));
        assert_eq!((tr.draft.state, &tr.effects), (S::PaymentFailed, &vec![]));
        assert!(tr.draft.hold.is_some() && !tr.draft.hold_released_after_declines);
        assert!(tr.draft.allowed_actions(t(10)).contains(&Action::Pay));
    }

    #[test]
    fn the_last_declined_attempt_releases_the_hold_and_needs_a_new_one() {
        let f = fixtures();
        let tr = declined(&f.held, PAYMENT_ATTEMPTS_PER_HOLD, t(10));
        assert_eq!(tr.effects, vec![Effect::ReleaseHold { hold_id: "H1".into() }]);
        let d = &tr.draft;
        assert_eq!((d.state, &d.hold, &d.payment), (S::Details, &None, &None));
        assert!(d.hold_released_after_declines);
        assert_eq!(d.last_payment_error.as_deref(), Some("Card declined"));
        assert_eq!(d.payment_attempts, PAYMENT_ATTEMPTS_PER_HOLD, "attempt numbers never repeat");
        assert_eq!(
            d.allowed_actions(t(10)),
            vec![Action::GetQuote, Action::SubmitDetails, Action::HoldRoom, Action::ChangeStay, Action::Cancel]
        );
        // No late approval can confirm against the released hold.
        assert_eq!(d.apply(DraftEvent::Confirmed { booking_ref: "GH-1".into() }, t(10)), Err(E::NoPaymentInProgress));
        assert_eq!(d.apply(DraftEvent::PaymentStarted(payment(d.next_payment_attempt())), t(10)), Err(E::HoldRequired));
    }

    #[test]
    fn a_new_hold_gets_its_own_payment_attempts() {
        let f = fixtures();
        let released = declined(&f.held, PAYMENT_ATTEMPTS_PER_HOLD, t(10)).draft;
        let held = step(&released, DraftEvent::Held(hold("H2", t(45))), t(11));
        assert_eq!((held.state, held.declines_on_hold, held.hold_released_after_declines), (S::Held, 0, false));
        let tr = declined(&held, 1, t(12));
        assert_eq!((tr.draft.state, tr.effects.len()), (S::PaymentFailed, 0));
        assert_eq!(tr.draft.payment_attempts, PAYMENT_ATTEMPTS_PER_HOLD + 1);
    }

    #[test]
    fn a_released_draft_whose_quote_ran_out_needs_a_new_price() {
        let f = fixtures();
        let released = declined(&f.held, PAYMENT_ATTEMPTS_PER_HOLD, t(10)).draft;
        let expired = released.expire_if_due(t(31)).unwrap();
        assert_eq!((expired.draft.state, expired.effects.len()), (S::Expired, 0));
        let requoted = step(&expired.draft, DraftEvent::Quoted(quote(t(60))), t(32));
        assert!(!requoted.hold_released_after_declines);
    }

    #[test]
    fn changing_the_stay_invalidates_the_quote_and_keeps_the_guest_for_prefill() {
        let f = fixtures();
        let tr = f.held.apply(DraftEvent::StayChanged(criteria(4)), t(10)).unwrap();
        assert_eq!(tr.draft.state, S::Selecting);
        assert_eq!(tr.draft.quote, None);
        assert_eq!(tr.draft.selection.criteria.stay.nights(), 4);
        assert_eq!(tr.draft.guest, Some(guest()));
    }

    #[test]
    fn each_applied_event_bumps_version_and_updated_at() {
        let f = fixtures();
        assert_eq!(f.selecting.version, 1);
        assert_eq!(f.pending.version, 5);
        assert_eq!(f.pending.updated_at, t(4));
        assert_eq!(f.pending.created_at, t(0));
    }

    #[test]
    fn a_decline_is_recorded_and_a_retry_clears_it() {
        let f = fixtures();
        assert_eq!(f.failed.last_payment_error.as_deref(), Some("Card declined"));
        let retry = step(&f.failed, DraftEvent::PaymentStarted(payment(2)), t(10));
        assert_eq!(retry.last_payment_error, None);
        assert_eq!(retry.payment.map(|p| p.attempt), Some(2));
        assert_eq!(retry.payment_attempts, 2);
    }

    #[test]
    fn a_late_approval_is_held_again_only_at_the_total_paid() {
        let f = fixtures();
        let now = t(50); // H1 ran out at t(45)
        let mut other_total = quote(t(80));
        other_total.total = Money::new(other_total.total.amount + 100, other_total.total.currency);
        assert_eq!(
            f.pending.apply(DraftEvent::Reheld { hold: hold("H2", t(90)), quote: other_total }, now),
            Err(E::PaymentMismatch)
        );
        let reheld = step(&f.pending, DraftEvent::Reheld { hold: hold("H2", t(90)), quote: quote(t(80)) }, now);
        assert_eq!((reheld.state, reheld.hold.as_ref().map(|h| h.id.as_str())), (S::PaymentPending, Some("H2")));
        assert_eq!(reheld.payment, f.pending.payment, "the same payment books on the new hold");
        assert_eq!(step(&reheld, DraftEvent::Confirmed { booking_ref: "GH-1".into() }, now).state, S::Confirmed);
        // Nothing was paid before a payment started.
        assert_eq!(
            f.held.apply(DraftEvent::Reheld { hold: hold("H2", t(90)), quote: quote(t(80)) }, now),
            Err(E::NoPaymentInProgress)
        );
    }

    #[test]
    fn a_refund_is_decided_once_and_ends_the_draft() {
        let f = fixtures();
        let now = t(50);
        let tr = f.pending.apply(DraftEvent::RefundStarted { reason: RefundReason::RoomUnavailable }, now).unwrap();
        assert_eq!(tr.effects, vec![Effect::ReleaseHold { hold_id: "H1".into() }]);
        let owed = tr.draft;
        let refund = owed.refund.clone().unwrap();
        assert_eq!((refund.session_id.as_str(), refund.amount.amount), ("ps-1", 26_900));
        assert!(owed.state.awaits_money() && owed.allowed_actions(now).is_empty());
        // While owed, nothing else happens to the draft: not a booking, not a second decision.
        for event in [
            DraftEvent::Confirmed { booking_ref: "GH-1".into() },
            DraftEvent::RefundStarted { reason: RefundReason::PriceChanged },
            DraftEvent::Cancelled,
        ] {
            assert_eq!(owed.apply(event, now), Err(E::RefundInProgress));
        }
        let done = step(&owed, DraftEvent::RefundCompleted, t(51));
        assert_eq!((done.state, done.refund.unwrap().refunded_at), (S::Refunded, Some(t(51))));
        assert!(DraftState::Refunded.is_terminal());
        // A draft that was never paid has nothing to refund.
        assert_eq!(
            f.held.apply(DraftEvent::RefundStarted { reason: RefundReason::RoomUnavailable }, now),
            Err(E::NoPaymentInProgress)
        );
    }

    #[test]
    fn a_pending_payment_is_overdue_once_its_session_ended() {
        let f = fixtures();
        let mut pending = f.pending.clone();
        assert!(!pending.payment_overdue(t(1000)), "no known end: never overdue");
        pending.payment.as_mut().unwrap().expires_at = Some(t(20));
        assert!(!pending.payment_overdue(t(19)));
        assert!(pending.payment_overdue(t(20)));
        assert!(!f.failed.payment_overdue(t(1000)));
    }

    #[test]
    fn a_requote_from_expired_restarts_the_funnel() {
        let f = fixtures();
        let requoted = step(&f.expired_hold, DraftEvent::Quoted(quote(t(80))), t(50));
        assert_eq!(requoted.state, S::Quoted);
        assert_eq!(requoted.expired_reason, None);
        assert_eq!(requoted.hold, None);
        let details = step(&requoted, DraftEvent::DetailsSubmitted(guest()), t(51));
        let held = step(&details, DraftEvent::Held(hold("H3", t(95))), t(52));
        let pending = step(&held, DraftEvent::PaymentStarted(payment(1)), t(53));
        assert_eq!(pending.state, S::PaymentPending);
    }

    #[test]
    fn expire_if_due_runs_only_when_something_ran_out() {
        let f = fixtures();
        assert_eq!(f.quoted.expire_if_due(t(29)), None);
        let tr = f.quoted.expire_if_due(t(30)).unwrap();
        assert_eq!((tr.draft.state, tr.draft.expired_reason), (S::Expired, Some(ExpiryReason::Quote)));
        assert!(tr.effects.is_empty());
        // Once held, only the hold's expiry matters, not the quote's.
        assert_eq!(f.held.expire_if_due(t(40)), None);
        assert_eq!(f.held.expire_if_due(t(45)).unwrap().draft.state, S::Expired);
        assert_eq!(f.failed.expire_if_due(t(45)).unwrap().draft.state, S::Expired);
        for draft in [&f.selecting, &f.pending, &f.confirmed, &f.expired_quote, &f.abandoned] {
            assert_eq!(draft.expire_if_due(t(1000)), None, "{:?}", draft.state);
        }
    }

    #[test]
    fn allowed_actions_agree_with_apply() {
        let f = fixtures();
        let all = [
            &f.selecting,
            &f.quoted,
            &f.details,
            &f.held,
            &f.pending,
            &f.failed,
            &f.confirmed,
            &f.expired_quote,
            &f.expired_hold,
            &f.abandoned,
            &f.refund_pending,
            &f.refunded,
        ];
        for now in [t(10), t(50)] {
            for draft in all {
                let [quoted, details, held, pay, _, _, stay, _, _, cancel] = events(draft, now);
                let probes = [
                    (Action::GetQuote, quoted),
                    (Action::SubmitDetails, details),
                    (Action::HoldRoom, held),
                    (Action::Pay, pay),
                    (Action::ChangeStay, stay),
                    (Action::Cancel, cancel),
                ];
                let allowed = draft.allowed_actions(now);
                for (action, event) in probes {
                    let applied = draft.apply(event, now);
                    assert_eq!(allowed.contains(&action), applied.is_ok(), "{:?} {action:?} at {now}", draft.state);
                    // `check` gives the same answer (and the same reason) without an event.
                    assert_eq!(draft.check(action, now), applied.map(drop), "{:?} {action:?} at {now}", draft.state);
                }
            }
        }
    }

    #[test]
    fn each_state_has_a_screen() {
        let f = fixtures();
        let steps = [
            (&f.selecting, FunnelStep::ChooseRate),
            (&f.quoted, FunnelStep::GuestDetails),
            (&f.details, FunnelStep::Payment),
            (&f.held, FunnelStep::Payment),
            (&f.pending, FunnelStep::PaymentPending),
            (&f.failed, FunnelStep::PaymentFailed),
            (&f.expired_quote, FunnelStep::Expired),
            (&f.confirmed, FunnelStep::Confirmed),
            (&f.abandoned, FunnelStep::Cancelled),
            (&f.refund_pending, FunnelStep::Refunded),
            (&f.refunded, FunnelStep::Refunded),
        ];
        for (draft, want) in steps {
            assert_eq!(draft.step(), want, "{:?}", draft.state);
        }
        assert_eq!(f.held.hold_remaining(t(40)), Some(SignedDuration::from_mins(5)));
        assert_eq!(f.held.hold_remaining(t(60)), Some(SignedDuration::ZERO));
        assert_eq!(f.quoted.hold_remaining(t(10)), None);
    }

    #[test]
    fn draft_round_trips_through_json() {
        let f = fixtures();
        let json = serde_json::to_string(&f.failed).unwrap();
        assert!(json.contains(r#""state":"payment_failed""#), "{json}");
        assert!(json.contains(r#""id":"0000000000000000000000001a""#), "{json}");
        let back: BookingDraft = serde_json::from_str(&json).unwrap();
        assert_eq!(back, f.failed);
    }

    /// A draft as the version before refunds stored it (no `refund`, no
    /// payment `expires_at`), mid-payment after a decline: it still reads, and
    /// what it says is kept.
    #[test]
    fn drafts_stored_by_the_previous_version_still_decode() {
        let stored = include_str!("../../tests/fixtures/draft-before-refunds.json");
        let draft: BookingDraft = serde_json::from_str(stored).expect("an old draft decodes");
        assert_eq!((draft.state, draft.version, draft.tenant.as_str()), (S::PaymentFailed, 6, "aurora"));
        assert_eq!((&draft.refund, draft.payment.as_ref().and_then(|p| p.expires_at)), (&None, None));
        assert_eq!(draft.quote.as_ref().map(|q| q.total.amount), Some(26_900));
        assert!(draft.check(Action::Pay, t(10)).is_ok(), "and it can still be paid while its hold lives");
    }

    #[test]
    fn draft_ids_have_one_strict_spelling() {
        let id = DraftId::new();
        let text = id.to_string();
        assert_eq!(text.len(), DRAFT_ID_LEN);
        assert_eq!(DraftId::parse(&text), Some(id));
        assert_ne!(DraftId::new(), id);
        assert_eq!(DraftId::from_u128(u128::MAX).to_string(), "7zzzzzzzzzzzzzzzzzzzzzzzzz");
        let bad = [
            "",
            "7zzzzzzzzzzzzzzzzzzzzzzzz",
            "7zzzzzzzzzzzzzzzzzzzzzzzzzz",
            "8000000000000000000000000",
            "80000000000000000000000000",
            "7ZZZZZZZZZZZZZZZZZZZZZZZZZ",
            "0000000000000000000000000i",
            "0000000000000000000000000u",
            "000000000000000000000000-0",
            "../../../../etc/passwd0000",
        ];
        for raw in bad {
            assert_eq!(DraftId::parse(raw), None, "{raw}");
        }
        assert_eq!(serde_json::to_string(&DraftId::from_u128(1)).unwrap(), r#""00000000000000000000000001""#);
        assert!(serde_json::from_str::<DraftId>(r#""nope""#).is_err());
    }

    // ---- property tests -------------------------------------------------------

    #[derive(Debug, Clone)]
    enum Op {
        /// The event that moves the funnel forward from the current state, so
        /// sequences reach the deep states often.
        Forward {
            approve: bool,
        },
        Quote {
            expires_in: i64,
        },
        Details,
        Hold {
            expires_in: i64,
        },
        Pay {
            attempt_offset: u32,
        },
        Decline,
        Confirm {
            booking_ref: &'static str,
        },
        Stay {
            nights: i8,
        },
        Select,
        Expire,
        Cancel,
        ExpireIfDue,
        Rehold {
            same_total: bool,
        },
        Refund,
        Refunded,
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            12 => any::<bool>().prop_map(|approve| Op::Forward { approve }),
            3 => (-5i64..40).prop_map(|expires_in| Op::Quote { expires_in }),
            3 => Just(Op::Details),
            3 => (-5i64..40).prop_map(|expires_in| Op::Hold { expires_in }),
            3 => prop_oneof![4 => Just(0u32), 1 => Just(1u32), 1 => Just(u32::MAX)]
                .prop_map(|attempt_offset| Op::Pay { attempt_offset }),
            2 => Just(Op::Decline),
            2 => prop::sample::select(&["GH-1", "GH-2", ""][..]).prop_map(|booking_ref| Op::Confirm { booking_ref }),
            1 => (1i8..5).prop_map(|nights| Op::Stay { nights }),
            1 => Just(Op::Select),
            2 => Just(Op::Expire),
            1 => Just(Op::Cancel),
            2 => Just(Op::ExpireIfDue),
            1 => any::<bool>().prop_map(|same_total| Op::Rehold { same_total }),
            1 => Just(Op::Refund),
            1 => Just(Op::Refunded),
        ]
    }

    fn event_for(op: &Op, draft: &BookingDraft, now: Timestamp) -> Option<DraftEvent> {
        let at = |mins| now.checked_add(SignedDuration::from_mins(mins)).unwrap();
        Some(match op {
            Op::Forward { approve } => match draft.state {
                S::Selecting | S::Expired => DraftEvent::Quoted(quote(at(30))),
                S::Quoted => DraftEvent::DetailsSubmitted(guest()),
                S::Details => DraftEvent::Held(hold(&format!("H{}", draft.version), at(45))),
                S::Held | S::PaymentFailed => DraftEvent::PaymentStarted(payment(draft.next_payment_attempt())),
                S::PaymentPending if *approve => DraftEvent::Confirmed { booking_ref: "GH-1".into() },
                S::PaymentPending => DraftEvent::PaymentDeclined { reason: "Card declined".into() },
                S::Confirmed => DraftEvent::Confirmed { booking_ref: "GH-1".into() },
                S::Abandoned => DraftEvent::Cancelled,
                S::RefundPending => DraftEvent::RefundCompleted,
                S::Refunded => DraftEvent::RefundCompleted,
            },
            Op::Quote { expires_in } => DraftEvent::Quoted(quote(at(*expires_in))),
            Op::Details => DraftEvent::DetailsSubmitted(guest()),
            Op::Hold { expires_in } => DraftEvent::Held(hold(&format!("H{}", draft.version), at(*expires_in))),
            Op::Pay { attempt_offset } => {
                DraftEvent::PaymentStarted(payment(draft.next_payment_attempt().wrapping_add(*attempt_offset)))
            }
            Op::Decline => DraftEvent::PaymentDeclined { reason: "Card declined".into() },
            Op::Confirm { booking_ref } => DraftEvent::Confirmed { booking_ref: (*booking_ref).into() },
            Op::Stay { nights } => DraftEvent::StayChanged(criteria(*nights)),
            Op::Select => DraftEvent::SelectionChanged(selection("other")),
            Op::Expire => DraftEvent::Expire,
            Op::Cancel => DraftEvent::Cancelled,
            Op::ExpireIfDue => return None,
            Op::Rehold { same_total } => {
                let mut q = quote(at(30));
                if !same_total {
                    q.total = Money::new(q.total.amount + 1, q.total.currency);
                }
                DraftEvent::Reheld { hold: hold(&format!("R{}", draft.version), at(45)), quote: q }
            }
            Op::Refund => DraftEvent::RefundStarted { reason: RefundReason::RoomUnavailable },
            Op::Refunded => DraftEvent::RefundCompleted,
        })
    }

    /// What every reachable draft satisfies.
    fn assert_invariants(d: &BookingDraft) {
        match d.state {
            S::Selecting => assert!(d.quote.is_none() && d.hold.is_none() && d.payment.is_none()),
            S::Quoted => assert!(d.quote.is_some() && d.hold.is_none()),
            S::Details => assert!(d.quote.is_some() && d.guest.is_some() && d.hold.is_none()),
            S::Held | S::PaymentFailed => assert!(d.quote.is_some() && d.guest.is_some() && d.hold.is_some()),
            S::PaymentPending => assert!(d.hold.is_some() && d.payment.is_some()),
            S::Confirmed => assert!(d.booking_ref.is_some() && d.payment.is_some()),
            S::Expired => assert!(d.hold.is_none() && d.expired_reason.is_some()),
            S::Abandoned => assert!(d.hold.is_none()),
            S::RefundPending => assert!(d.hold.is_none() && d.refund.as_ref().is_some_and(|r| r.refunded_at.is_none())),
            S::Refunded => assert!(d.hold.is_none() && d.refund.as_ref().is_some_and(|r| r.refunded_at.is_some())),
        }
        // A refund is only ever of the payment the draft took.
        if let Some(r) = &d.refund {
            assert!(d.payment.as_ref().is_some_and(|p| p.session_id == r.session_id));
            assert_eq!(Some(r.amount), d.quote.as_ref().map(|q| q.total));
            assert!(d.booking_ref.is_none(), "refunded and booked");
        }
        if let Some(p) = &d.payment {
            assert!(p.attempt >= 1 && p.attempt <= d.payment_attempts);
        }
        if d.hold_released_after_declines {
            assert!(d.hold.is_none() && matches!(d.state, S::Details | S::Expired | S::Abandoned), "{:?}", d.state);
        }
    }

    fn check_step(
        prev: &BookingDraft,
        event: &DraftEvent,
        now: Timestamp,
        result: &Result<Transition, TransitionError>,
    ) {
        let Ok(tr) = result else {
            return;
        };
        let next = &tr.draft;
        assert!(!prev.state.is_terminal(), "{:?} left a terminal state", prev.state);
        assert_eq!(next.version, prev.version + 1);
        assert_eq!(
            (&next.id, &next.tenant, &next.owner, next.created_at),
            (&prev.id, &prev.tenant, &prev.owner, prev.created_at)
        );
        assert_eq!(next.updated_at, now);
        assert_invariants(next);

        // Every released hold is the one the draft had, and is gone afterwards.
        for Effect::ReleaseHold { hold_id } in &tr.effects {
            assert_eq!(prev.hold.as_ref().map(|h| &h.id), Some(hold_id));
            // Gone afterwards, or replaced by the new hold of a re-hold.
            assert_ne!(next.hold.as_ref().map(|h| &h.id), Some(hold_id));
        }
        let paying =
            matches!(event, DraftEvent::PaymentStarted(_) | DraftEvent::Confirmed { .. } | DraftEvent::Reheld { .. });
        let was_held = matches!(prev.state, S::Held | S::PaymentFailed)
            || (prev.state == S::PaymentPending && matches!(event, DraftEvent::PaymentDeclined { .. }));
        let still_held = matches!(next.state, S::Held | S::PaymentFailed);
        if was_held && !still_held && !paying {
            let hold_id = prev.hold.as_ref().unwrap().id.clone();
            assert_eq!(tr.effects, vec![Effect::ReleaseHold { hold_id }]);
        }
        if matches!(event, DraftEvent::StayChanged(_) | DraftEvent::SelectionChanged(_)) {
            assert_eq!((next.state, &next.quote, &next.hold), (S::Selecting, &None, &None));
            assert_eq!(tr.effects.len(), usize::from(prev.hold.is_some()));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn random_event_sequences_keep_the_invariants(ops in prop::collection::vec((op(), prop_oneof![9 => 0i64..4, 1 => 10i64..60]), 0..40)) {
            let mut draft = BookingDraft::new(DraftId::from_u128(7), tenant(), GuestKey::new("guest-1"), selection("flex"), t(0));
            let mut now = t(0);
            for (op, advance) in ops {
                now = now.checked_add(SignedDuration::from_mins(advance)).unwrap();
                let prev = draft.clone();
                match event_for(&op, &draft, now) {
                    Some(event) => {
                        let result = draft.apply(event.clone(), now);
                        check_step(&prev, &event, now, &result);
                        if prev.state == S::Confirmed {
                            prop_assert!(result.is_err());
                        }
                        if let Ok(tr) = result {
                            draft = tr.draft;
                        }
                    }
                    None => {
                        let due = draft.expiry_due(now).is_some();
                        let expired = draft.expire_if_due(now);
                        prop_assert_eq!(expired.is_some(), due);
                        if let Some(tr) = expired {
                            let result = Ok(tr.clone());
                            check_step(&prev, &DraftEvent::Expire, now, &result);
                            prop_assert_eq!(tr.draft.state, S::Expired);
                            draft = tr.draft;
                        }
                    }
                }
                // A stored draft reads back as itself.
                let json = serde_json::to_string(&draft).unwrap();
                prop_assert_eq!(serde_json::from_str::<BookingDraft>(&json).unwrap(), draft.clone());
            }
        }

        #[test]
        fn draft_ids_round_trip(bits in any::<u128>()) {
            let id = DraftId::from_u128(bits);
            prop_assert_eq!(DraftId::parse(&id.to_string()), Some(id));
        }

        #[test]
        fn draft_id_parse_never_panics(raw in "\\PC{0,40}") {
            if let Some(id) = DraftId::parse(&raw) {
                prop_assert_eq!(id.to_string(), raw);
            }
        }
    }
}
