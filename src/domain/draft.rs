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
use super::payment_policy::PaymentTerms;
use super::search::SearchCriteria;
use super::tenant::TenantId;

pub mod rooms;

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
        super::parsed::parse_in_place(d, "a draft id", DraftId::parse)?
            .ok_or_else(|| serde::de::Error::custom("not a draft id"))
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
    /// Each room's own room type and rate plan, room 1 first; empty when
    /// every room takes the one above (and on drafts stored before rooms
    /// had their own, which load unchanged). See [`rooms`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rooms: Vec<rooms::RoomChoice>,
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
    /// The cancellation terms the policy sentence describes, as data (absent
    /// from an older platform, and on drafts stored before they were kept).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terms: Option<super::cancellation::CancellationTerms>,
    /// What the guest's promotional code took off the room price, when it did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub promo_discount: Option<Money>,
    /// Priced at a negotiated (corporate) rate the guest's code unlocked.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub negotiated: bool,
    /// What is charged now and what at the hotel (`None`: all now, as on a
    /// platform without payment policies and on drafts stored before them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment: Option<PaymentTerms>,
    /// Each room's line when the rooms were priced each on its own (their
    /// own room type or rate), room 1 first; they add up to the totals above.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rooms: Vec<rooms::QuoteLine>,
    /// The extras chosen, one priced line each, included in `total`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extras: Vec<super::extras::ExtraLine>,
    /// The extras the hotel sells for this stay and party, priced as if chosen.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extras_offered: Vec<super::extras::ExtraLine>,
}

impl Quote {
    /// The ids of the extras chosen, in the quote's order.
    pub fn chosen_extras(&self) -> Vec<String> {
        self.extras.iter().map(|e| e.id.clone()).collect()
    }

    pub fn is_live(&self, now: Timestamp) -> bool {
        now < self.expires_at
    }

    /// What is charged now and what at the hotel.
    pub fn payment_terms(&self) -> PaymentTerms {
        self.payment.unwrap_or_else(|| PaymentTerms::full(self.total))
    }

    /// The kind of code the price rests on, if any: `negotiated` (a corporate
    /// rate it unlocked) or `discount` (a share off the room price).
    pub fn code_kind(&self) -> Option<&'static str> {
        if self.negotiated { Some("negotiated") } else { self.promo_discount.map(|_| "discount") }
    }

    /// The same price to the guest: the same total, split the same way.
    pub fn same_price(&self, other: &Quote) -> bool {
        self.total == other.total && self.payment_terms() == other.payment_terms()
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
    /// Where the app asked to be sent back to after this attempt (an app
    /// scheme or universal link the tenant allows); `None` for the web.
    #[serde(default)]
    pub app_return_url: Option<String>,
    /// The guest's language when they paid: what the booking's e-mails are
    /// written in. `None` on drafts stored before it was recorded (English).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<super::msg::Locale>,
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
    /// The app's return URL of the latest payment attempt (kept after the
    /// attempt ends, so the return can send the guest back to the app).
    #[serde(default)]
    pub app_return_url: Option<String>,
    /// Set when the draft changes a confirmed booking (new dates or party)
    /// rather than making a new one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modifies: Option<Modification>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// The confirmed booking a draft changes, and what the guest has paid for it
/// so far (its total): the draft's new quote less this is what the change
/// costs (more than zero: paid on the hosted page) or gives back (less: refunded).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Modification {
    pub reference: String,
    pub charged: Money,
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
    /// The guest gave up the payment attempt and the gateway confirmed the
    /// session can no longer be paid (cancelled or expired, never approved).
    PaymentCancelled,
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
            Self::PaymentCancelled => "payment_cancelled",
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
    /// Choose the extras (breakfast, parking, …): a new quote with them.
    ChooseExtras,
    HoldRoom,
    /// Start (or retry) payment.
    Pay,
    ChangeStay,
    Cancel,
    /// Give up the payment attempt in progress (back from the payment page).
    CancelPayment,
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
            app_return_url: None,
            modifies: None,
            created_at: now,
            updated_at: now,
        }
    }

    /// What the guest pays on the hosted page for the current quote: the
    /// quote's total, or for a change of a booking the difference to what was
    /// paid already (zero or less: nothing to pay, the change is confirmed as
    /// it is and what is negative is refunded). `None` without a quote, or
    /// when the change's quote is in another currency than the booking's.
    pub fn amount_due(&self) -> Option<Money> {
        let quote = self.quote.as_ref()?;
        match &self.modifies {
            None => Some(quote.payment_terms().due_now),
            Some(m) if m.charged.currency == quote.total.currency => {
                Some(Money::new(quote.total.amount - m.charged.amount, quote.total.currency))
            }
            Some(_) => None,
        }
    }

    /// The hosted page stores the guest's card as a guarantee instead of
    /// charging it (a new booking of a rate paid at the hotel).
    pub fn pays_by_guarantee(&self) -> bool {
        self.modifies.is_none() && self.quote.as_ref().is_some_and(|q| q.payment_terms().policy.is_guarantee())
    }

    /// A change of a booking that costs nothing more: it is confirmed from the
    /// hold, without a payment.
    pub fn confirms_without_payment(&self) -> bool {
        self.modifies.is_some() && self.amount_due().is_some_and(|due| due.amount <= 0)
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
        allow(Action::ChooseExtras, matches!(self.state, S::Quoted | S::Details) && quote_live);
        allow(Action::HoldRoom, self.state == S::Details && quote_live && self.details_complete());
        allow(Action::Pay, matches!(self.state, S::Held | S::PaymentFailed) && hold_live);
        let open = !self.state.is_terminal() && !self.state.awaits_money();
        allow(Action::ChangeStay, open);
        allow(Action::Cancel, open);
        allow(Action::CancelPayment, self.state == S::PaymentPending);
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
                next.app_return_url = payment.app_return_url.clone();
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
            DraftEvent::PaymentCancelled => {
                if self.state != S::PaymentPending {
                    return Err(E::NoPaymentInProgress);
                }
                // The session is over and can never be paid: forget it, and
                // the guest pays again on the hold while it lasts.
                next.payment = None;
                next.last_payment_error = None;
                if self.is_hold_live(now) {
                    next.state = S::Held;
                } else {
                    next.release_hold(&mut effects);
                    next.expired_reason = Some(ExpiryReason::Hold);
                    next.state = S::Expired;
                }
            }
            DraftEvent::Confirmed { booking_ref } => {
                // Confirm follows a server-side verified approval and a booking the
                // reservations upstream made. From payment_failed or expired that is
                // a late approval of an earlier attempt: the guest has paid and the
                // booking exists, so the draft records it rather than lose it.
                let unpaid_change = self.state == S::Held && self.confirms_without_payment();
                if !self.may_have_been_paid() && !unpaid_change {
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
                if !self.quote.as_ref().is_some_and(|q| q.same_price(&quote)) {
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
                    amount: self.amount_due().unwrap_or(quote.total),
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
            // Choosing extras prices the stay again, on the details step.
            Action::SubmitDetails | Action::ChooseExtras => self.may_submit_details(now),
            Action::HoldRoom => self.may_hold(now),
            Action::Pay => self.may_pay(now),
            Action::ChangeStay | Action::Cancel => self.may_leave(),
            Action::CancelPayment if self.state == DraftState::PaymentPending => Ok(()),
            Action::CancelPayment => Err(TransitionError::NoPaymentInProgress),
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

    /// The guest's details are all the hold needs: given, and the hotel's
    /// terms accepted (a draft stored before they were asked has them unticked).
    fn details_complete(&self) -> bool {
        self.guest.as_ref().is_some_and(GuestDetails::terms_accepted)
    }

    fn may_hold(&self, now: Timestamp) -> Result<(), TransitionError> {
        use DraftState as S;
        use TransitionError as E;
        match self.state {
            S::Details if self.is_quote_live(now) && self.details_complete() => Ok(()),
            // Stored before the terms were asked: the guest ticks them first.
            S::Details if self.is_quote_live(now) => Err(E::DetailsRequired),
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
mod tests;
