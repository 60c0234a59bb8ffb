//! Changing a confirmed booking's dates or party: a draft that *modifies* the
//! booking goes through the same funnel as a new one (quote, hold, payment,
//! settle, the reconciler), and ends by moving the booking onto its hold in
//! one step upstream (`POST /v1/bookings/{ref}/modify`) instead of booking it.
//!
//! What the change costs is the new quote less what the booking's total was:
//! - **more**: the difference is paid on the hosted page, and the settle
//!   routine modifies the booking with that payment (or, the modification
//!   impossible, refunds that payment: the draft's own refund);
//! - **the same or less**: the guest confirms the change from the hold; the
//!   booking is put on the refund watch list *before* it is modified, and the
//!   difference is refunded from its payments (`refunds.rs`).
//!
//! A stay that cannot be quoted or held leaves the booking as it is: nothing
//! upstream changes before the modify call, which either moves the booking
//! whole or not at all.

use jiff::Timestamp;

use super::{Actor, Funnel, FunnelError};
use crate::domain::draft::rooms::RoomChoice;
use crate::domain::draft::{BookingDraft, DraftEvent, DraftId, Modification, Selection, SelectionNames};
use crate::domain::guest::GuestForm;
use crate::domain::loyalty::RateAccess;
use crate::domain::money::{Currency, Money};
use crate::domain::msg::Locale;
use crate::domain::search::SearchCriteria;
use crate::domain::tenant::Tenant;
use crate::upstream::contract::{BookingDto, BookingStatus, ModifyBookingRequestDto};
use crate::upstream::{RequestContext, UpstreamError};

/// Why a booking cannot be changed online.
#[derive(Debug, thiserror::Error)]
pub enum ChangeError {
    #[error(transparent)]
    Funnel(#[from] FunnelError),
    /// Cancelled, or the stay has begun.
    #[error("not changeable")]
    NotChangeable,
}

impl From<UpstreamError> for ChangeError {
    fn from(e: UpstreamError) -> Self {
        Self::Funnel(e.into())
    }
}

fn unknown(e: &UpstreamError) -> bool {
    matches!(e, UpstreamError::Timeout(_) | UpstreamError::Unavailable(..))
}

impl Funnel {
    /// Starts a draft that changes booking `reference` to the stay and party
    /// of `criteria` (same room type and rate plan), priced at once. The draft
    /// belongs to the guest's session and carries the booking's lead guest,
    /// so the next step is to hold the new stay.
    pub async fn start_change(
        &self,
        ctx: &RequestContext,
        actor: &Actor<'_>,
        tenant: &Tenant,
        reference: &str,
        criteria: SearchCriteria,
    ) -> Result<(BookingDraft, Option<UpstreamError>), ChangeError> {
        let booking = self.reservations.booking(ctx, reference).await?.ok_or(FunnelError::NotFound)?;
        let property = tenant.property(&booking.property_id).ok_or(FunnelError::NotFound)?;
        if !changeable(&booking, &property.time_zone, Timestamp::now()) {
            return Err(ChangeError::NotChangeable);
        }
        let currency = Currency::parse(&booking.currency).ok_or(ChangeError::NotChangeable)?;
        let names = match self.confirmation(ctx, tenant, reference).await {
            Ok(Some(record)) => serde_json::from_value::<super::ConfirmationView>(record.view).ok(),
            _ => None,
        };
        let selection = Selection {
            property_id: booking.property_id.clone(),
            room_type_id: booking.room_type_id.clone(),
            rate_plan_id: booking.rate_plan_id.clone(),
            criteria,
            names: SelectionNames {
                property: property.name.clone(),
                room_type: names.as_ref().map_or_else(|| booking.room_type_id.clone(), |n| n.room_type.clone()),
                rate_plan: names.as_ref().map_or_else(|| booking.rate_plan_id.clone(), |n| n.rate_plan.clone()),
            },
            rooms: Vec::new(),
        };
        // Each room keeps its own type and rate (room N of the new party takes
        // room N's; a room added takes room 1's).
        let mut selection = selection;
        if !booking.lines.is_empty() {
            let named = |i: usize| names.as_ref().and_then(|n| n.room_lines.get(i));
            let choices = booking
                .lines
                .iter()
                .enumerate()
                .map(|(i, l)| RoomChoice {
                    room_type_id: l.room_type_id.clone(),
                    rate_plan_id: l.rate_plan_id.clone(),
                    room_type: named(i).map_or_else(|| l.room_type_id.clone(), |r| r.room_type.clone()),
                    rate_plan: named(i).map_or_else(|| l.rate_plan_id.clone(), |r| r.rate_plan.clone()),
                })
                .take(selection.criteria.occupancy.parties().len())
                .collect();
            selection.set_room_choices(choices);
        }
        let now = Timestamp::now();
        let mut draft = BookingDraft::new(DraftId::new(), actor.tenant.clone(), actor.guest.clone(), selection, now);
        draft.modifies =
            Some(Modification { reference: booking.reference.clone(), charged: Money::new(booking.total, currency) });
        self.drafts.create(&draft).await.map_err(FunnelError::from)?;
        self.snapshots.record(&draft, "change_started");
        let (mut draft, refused) = self.try_to_quote(ctx, draft, RateAccess::Public).await?;
        if refused.is_some() {
            return Ok((draft, refused));
        }
        // The booking's extras that the hotel still sells for the new stay,
        // priced for it (one no longer offered, e.g. a dated dinner, is left).
        let offered = draft.quote.as_ref().map(|q| q.extras_offered.as_slice()).unwrap_or_default();
        let keep: Vec<String> =
            booking.extras.iter().map(|e| e.id.clone()).filter(|id| offered.iter().any(|o| &o.id == id)).collect();
        if !keep.is_empty() {
            match self.quote_and_commit(ctx, &draft, RateAccess::Public, &keep).await {
                Ok(quoted) => draft = quoted,
                Err(FunnelError::Upstream(e)) => return Ok((draft, Some(e))),
                Err(e) => return Err(e.into()),
            }
        }
        // The booking's lead guest, for the new stay's children.
        let form = GuestForm {
            first_name: booking.guest.first_name.clone(),
            last_name: booking.guest.last_name.clone(),
            email: booking.guest.email.clone(),
            phone: booking.guest.phone.clone(),
            country: booking.guest.country.clone(),
            special_requests: booking.guest.special_requests.clone().unwrap_or_default(),
            arrival_time: booking.guest.arrival_time.clone().unwrap_or_default(),
            // Accepted when the booking was made: a change keeps its terms.
            accept_terms: "true".into(),
            children_ages: String::new(),
        };
        let Ok(guest) = form.parse(&draft.selection.criteria.occupancy.children()) else {
            // The booking's own details do not read as valid here: the guest
            // enters them on the draft page.
            return Ok((draft, None));
        };
        let version = draft.version;
        let draft = self.submit_guest(ctx, draft, version, guest).await?;
        Ok((draft, None))
    }

    /// The change costs nothing more: the booking moves onto the draft's hold
    /// without a payment, and what it costs less is refunded.
    pub(super) async fn confirm_change(
        &self,
        ctx: &RequestContext,
        draft: BookingDraft,
        locale: Locale,
    ) -> Result<BookingDraft, FunnelError> {
        let (Some(change), Some(hold), Some(due)) = (draft.modifies.clone(), draft.hold.clone(), draft.amount_due())
        else {
            return Err(crate::domain::draft::TransitionError::HoldRequired.into());
        };
        let tenant = draft.tenant.as_str().to_owned();
        if due.amount < 0 {
            // Before the step that makes the refund owed.
            self.watch_refund(&tenant, &change.reference).await?;
        }
        let req = ModifyBookingRequestDto { hold_id: hold.id.clone(), payment_session_id: None };
        let key = format!("{}:modify:{}", draft.id, hold.id);
        let booking = match self.reservations.modify_booking(ctx, &change.reference, &req, &key).await {
            Ok(booking) => booking,
            // Landed or not? The booking says.
            Err(e) if unknown(&e) => match self.reservations.booking(ctx, &change.reference).await {
                Ok(Some(b)) if b.hold_id == hold.id => b,
                _ => return Err(e.into()),
            },
            Err(e) => return Err(e.into()),
        };
        let confirmed = self.record_change(ctx, &draft, &booking, &hold.id, Some(locale)).await?;
        if due.amount < 0 && !self.settle_refunds(ctx, &tenant, &booking, "stay-changed").await?.settled() {
            self.watch_refund(&tenant, &booking.reference).await?;
        }
        Ok(confirmed)
    }

    /// The booking now has the draft's stay: the draft says so, the new
    /// confirmation is cached and its e-mail queued (once per change).
    pub(super) async fn record_change(
        &self,
        ctx: &RequestContext,
        draft: &BookingDraft,
        booking: &BookingDto,
        hold_id: &str,
        locale: Option<Locale>,
    ) -> Result<BookingDraft, FunnelError> {
        self.drafts.link_booking(draft.tenant.as_str(), &booking.reference, &draft.id).await?;
        self.enqueue_change_mail(draft, booking, hold_id, locale).await;
        let confirmed =
            match self.commit(ctx, draft, DraftEvent::Confirmed { booking_ref: booking.reference.clone() }).await {
                Ok(confirmed) => confirmed,
                Err(FunnelError::Stale(current)) if current.booking_ref.as_deref() == Some(&booking.reference) => {
                    return Ok(*current);
                }
                Err(e) => return Err(e),
            };
        metrics::counter!("bookings_modified_total", "tenant" => draft.tenant.to_string()).increment(1);
        self.cache_confirmation(&confirmed).await;
        Ok(confirmed)
    }
}

/// A booking may be changed online while it stands, its stay has not begun
/// (the hotel's date) and it was paid in full (a deposit or a rate paid at
/// the hotel is changed by the hotel: what a change costs is not a difference
/// of payments there).
pub fn changeable(booking: &BookingDto, zone: &jiff::tz::TimeZone, now: Timestamp) -> bool {
    let today = now.to_zoned(zone.clone()).date();
    booking.status == BookingStatus::Confirmed
        && booking.paid_in_full()
        && booking.checkin.parse::<jiff::civil::Date>().is_ok_and(|d| d > today)
}
