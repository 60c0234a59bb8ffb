//! The confirmation of a settled booking: its view-model, the cache written when
//! a payment settles (`settle.rs`), and its rebuild when the cache misses.

use serde::{Deserialize, Serialize};

use super::{Funnel, FunnelError};
use crate::domain::draft::{BookingDraft, DraftState};
use crate::domain::money::{Currency, Money};
use crate::i18n::Tr;
use crate::store::confirmations::ConfirmationRecord;
use crate::upstream::RequestContext;

/// One room's party, as the JSON echoes it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct RoomPartyView {
    /// 1–9.
    pub adults: u8,
    /// Ages at check-in, 0–17.
    pub children: Vec<u8>,
}

impl ConfirmationView {
    /// Each room's party as a line, for a stay of several rooms.
    pub fn party_lines(&self, t: &Tr) -> Vec<String> {
        RoomPartyView::lines(t, &self.parties)
    }
}

impl RoomPartyView {
    /// Each room's party as a line for people, none for a single room.
    pub fn lines(t: &Tr, rooms: &[Self]) -> Vec<String> {
        t.room_parties(rooms.iter().map(|r| (r.adults, r.children.as_slice())))
    }

    /// Each room's party, room 1 first.
    pub fn all(occupancy: &crate::domain::stay::Occupancy) -> Vec<Self> {
        occupancy.parties().iter().map(|p| Self { adults: p.adults(), children: p.children().to_vec() }).collect()
    }
}

/// The confirmation page's view-model (cached in Redis after confirm).
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ConfirmationView {
    pub reference: String,
    pub property_id: String,
    pub property_name: String,
    pub room_type: String,
    pub rate_plan: String,
    pub checkin: String,
    pub checkout: String,
    pub nights: i32,
    pub adults: u8,
    pub children: Vec<u8>,
    pub rooms: u8,
    /// Each room's party, room 1 first (absent from confirmations cached
    /// before rooms had parties).
    #[serde(default)]
    pub parties: Vec<RoomPartyView>,
    pub guest_name: String,
    /// Total charged, integer minor units.
    pub total_amount: i64,
    /// ISO 4217 code of the currency charged.
    pub currency: String,
    /// The total charged, formatted in the language of the request (e.g.
    /// `€290.00`, `290,00 €`). Made when the view is served, never stored: the
    /// cached view holds only `totalAmount` and `currency`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub total_display: String,
    pub cancellation_policy: String,
    pub status: String,
    /// A signed link to manage (and cancel) the booking, made when the view is
    /// served to someone who may see it; never stored.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub manage_url: String,
    /// Where the hotel is, when guests arrive and leave, and how to reach its
    /// front desk: from the tenant's configuration when the view is served,
    /// never stored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hotel: Option<HotelView>,
    /// When the guest said they would arrive, `HH:MM` in the hotel's time.
    #[serde(default)]
    pub arrival_time: Option<String>,
    /// What the guest asked the hotel for, as they wrote it (pages escape it).
    #[serde(default)]
    pub special_requests: Option<String>,
    /// How the booking is paid: `full`, `deposit` or `at_hotel` (absent on a
    /// confirmation stored before payment policies: `full`).
    #[serde(default = "full_policy")]
    pub payment_policy: String,
    /// Charged when booking, integer minor units (absent on an older record:
    /// `totalAmount`).
    #[serde(default)]
    pub paid_now_amount: Option<i64>,
    /// Left to pay at the hotel, integer minor units (absent: 0).
    #[serde(default)]
    pub due_at_hotel_amount: Option<i64>,
    /// `paidNowAmount` and `dueAtHotelAmount` formatted in the language of
    /// the request; made when served, never stored.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub paid_now_display: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub due_at_hotel_display: String,
    /// Each room: its party, room type, rate plan and (priced room by room)
    /// its price, room 1 first (absent from confirmations cached before).
    #[serde(default)]
    pub room_lines: Vec<super::room_lines::RoomLineView>,
    /// The extras booked with the room (included in the total).
    #[serde(default)]
    pub extras: Vec<BookedExtraView>,
}

/// An extra booked with the room, as the confirmation shows it.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BookedExtraView {
    pub id: String,
    /// In the language of the booking.
    pub name: String,
    /// `per_stay`, `per_night`, `per_guest` or `per_guest_night`.
    #[schema(value_type = String)]
    pub basis: crate::domain::extras::ExtraBasis,
    pub quantity: u32,
    pub nights: u32,
    pub guests: u32,
    /// Integer minor units of `currency`, tax included.
    pub total_amount: i64,
    /// "Breakfast · 2 guests × 3 nights" and the total, in the language of
    /// the request; made when served, never stored.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub label: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub total_display: String,
}

impl BookedExtraView {
    /// With its label and total in the language of `t` and `currency`.
    pub fn labelled(mut self, t: &Tr, currency: Currency) -> Self {
        let units = crate::i18n::extra_units(t, self.basis, self.nights, self.guests);
        self.label = format!("{} · {units}", self.name);
        self.total_display = t.money(&Money::new(self.total_amount, currency));
        self
    }

    fn of(e: &crate::domain::extras::ExtraLine) -> Self {
        Self::new(&e.id, &e.name, e.basis, [e.quantity, e.nights, e.guests], e.total.amount)
    }

    pub(crate) fn of_wire(e: &crate::upstream::contract::ExtraLineDto) -> Self {
        Self::new(&e.id, &e.name, e.basis, [e.quantity, e.nights, e.guests], e.total)
    }

    /// `counts`: quantity, nights and guests.
    fn new(id: &str, name: &str, basis: crate::domain::extras::ExtraBasis, counts: [u32; 3], total: i64) -> Self {
        let [quantity, nights, guests] = counts;
        Self {
            id: id.to_owned(),
            name: name.to_owned(),
            basis,
            quantity,
            nights,
            guests,
            total_amount: total,
            label: String::new(),
            total_display: String::new(),
        }
    }
}

fn full_policy() -> String {
    "full".into()
}

/// The hotel's practical details, as the confirmation shows them.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct HotelView {
    /// Postal address lines, as printed.
    pub address: Vec<String>,
    /// Local time, `HH:MM`.
    pub checkin_time: String,
    pub checkout_time: String,
    /// E.164, empty when the hotel gives none.
    pub phone: String,
    pub email: String,
}

impl HotelView {
    pub fn of(p: &crate::domain::tenant::Property) -> Self {
        Self {
            address: p.address.clone(),
            checkin_time: p.checkin_time.clone(),
            checkout_time: p.checkout_time.clone(),
            phone: p.phone.clone(),
            email: p.email.clone(),
        }
    }
}

impl ConfirmationView {
    /// The view as served to a guest: the total formatted in their language.
    pub fn localised(mut self, t: Tr) -> Self {
        let show = |amount: i64| match Currency::parse(&self.currency) {
            Some(currency) => t.money(&Money::new(amount, currency)),
            None => format!("{} {}", t.number(amount), self.currency),
        };
        self.total_display = show(self.total_amount);
        self.paid_now_display = show(self.paid_now());
        self.due_at_hotel_display = show(self.due_at_hotel());
        super::room_lines::RoomLineView::localise(&mut self.room_lines, t, &self.currency);
        if let Some(currency) = Currency::parse(&self.currency) {
            self.extras = self.extras.into_iter().map(|e| e.labelled(&t, currency)).collect();
        }
        self
    }

    /// What was charged when booking.
    pub fn paid_now(&self) -> i64 {
        self.paid_now_amount.unwrap_or(self.total_amount)
    }

    /// What is left to pay at the hotel.
    pub fn due_at_hotel(&self) -> i64 {
        self.due_at_hotel_amount.unwrap_or(0)
    }

    /// Part (or all) of it is paid at the hotel.
    pub fn pays_at_hotel(&self) -> bool {
        self.payment_policy != "full"
    }

    /// Nothing was charged: the card is kept as a guarantee.
    pub fn card_guarantee(&self) -> bool {
        self.payment_policy == "at_hotel"
    }
}

impl Funnel {
    /// The settle's own write: authoritative, so it replaces whatever a
    /// concurrent rebuild may have put there first.
    pub(super) async fn cache_confirmation(&self, draft: &BookingDraft) {
        let (Some(reference), Some(record)) = (&draft.booking_ref, confirmation_of(draft)) else { return };
        if let Err(e) = self.confirmations.put(draft.tenant.as_str(), reference, &record).await {
            tracing::warn!(error = %e, "caching the confirmation failed; it will be rebuilt on demand");
        }
    }

    /// Queues the confirmation e-mail of `draft`, booked as `reference`. Never
    /// fails the booking: an outbox that does not answer is logged and counted
    /// (`emails_sent_total{outcome="enqueue_failed"}`).
    pub(super) async fn enqueue_confirmation_mail(&self, draft: &BookingDraft, reference: &str) {
        let Some(mail) = crate::mail::ConfirmationMail::of(draft, reference) else { return };
        let now = jiff::Timestamp::now();
        let queued = match mail.outbox_message(now) {
            Ok(message) => self.outbox.enqueue(&message, now).await,
            Err(e) => Err(e),
        };
        if let Err(e) = queued {
            crate::mail::count_enqueue_failure();
            tracing::error!(error = %crate::telemetry::chain(&e), "queueing the confirmation e-mail failed");
        }
    }

    /// Queues the e-mail of a change of `booking` onto `hold_id` (in
    /// `locale` when given, else the payment's language): once per change.
    pub(super) async fn enqueue_change_mail(
        &self,
        draft: &BookingDraft,
        booking: &crate::upstream::contract::BookingDto,
        hold_id: &str,
        locale: Option<crate::domain::msg::Locale>,
    ) {
        let Some(mut mail) = crate::mail::ConfirmationMail::of(draft, &booking.reference) else { return };
        if let Some(locale) = locale {
            mail.locale = locale;
        }
        let changed_after = booking.modified_at.unwrap_or(booking.created_at).duration_since(booking.created_at);
        mail.sequence = u32::try_from(changed_after.as_secs()).unwrap_or(u32::MAX).max(1);
        let now = jiff::Timestamp::now();
        let queued = match mail.change_message(hold_id, now) {
            Ok(message) => self.outbox.enqueue(&message, now).await,
            Err(e) => Err(e),
        };
        if let Err(e) = queued {
            crate::mail::count_enqueue_failure_of(crate::mail::KIND_MODIFICATION);
            tracing::error!(error = %crate::telemetry::chain(&e), "queueing the change e-mail failed");
        }
    }

    /// The confirmed draft booking `reference` was made from, if it is still
    /// stored and really is that booking on `tenant`.
    async fn settled_draft(&self, tenant: &str, reference: &str) -> Result<Option<BookingDraft>, FunnelError> {
        let Some(id) = self.drafts.by_booking(tenant, reference).await? else { return Ok(None) };
        let draft = self.drafts.load(&id).await?;
        Ok(draft.filter(|d| {
            d.tenant.as_str() == tenant
                && d.state == DraftState::Confirmed
                && d.booking_ref.as_deref() == Some(reference)
        }))
    }

    /// The confirmation for `reference` on `tenant`: from the cache, else rebuilt
    /// from the confirmed draft (owned by its guest) or, once that is gone, from
    /// the reservations upstream (owned by nobody). Returns the record so the
    /// caller can decide who may see it.
    pub async fn confirmation(
        &self,
        ctx: &RequestContext,
        tenant: &crate::domain::tenant::Tenant,
        reference: &str,
    ) -> Result<Option<ConfirmationRecord>, FunnelError> {
        let cached = self.confirmations.get(tenant.id.as_str(), reference).await?;
        if cached.as_ref().is_some_and(|r| !r.owner.is_empty()) {
            return Ok(cached);
        }
        let settled = self.settled_draft(tenant.id.as_str(), reference).await?;
        let record = match (cached, settled) {
            // Cached without an owner (rebuilt from the upstream alone): the draft
            // still says whose it is.
            (Some(record), Some(draft)) => {
                return Ok(Some(ConfirmationRecord { owner: draft.owner.as_str().to_owned(), ..record }));
            }
            (Some(record), None) => return Ok(Some(record)),
            (None, Some(draft)) => confirmation_of(&draft),
            (None, None) => self.confirmation_from_upstream(ctx, tenant, reference).await?,
        };
        let Some(record) = record else { return Ok(None) };
        // Only where there is none: the settle that confirmed the booking may have
        // written the record since we looked, and that one stays.
        match self.confirmations.put_if_absent(tenant.id.as_str(), reference, &record).await {
            Ok(true) => Ok(Some(record)),
            Ok(false) => {
                let existing = self.confirmations.get(tenant.id.as_str(), reference).await?;
                Ok(Some(match existing {
                    Some(existing) if !existing.owner.is_empty() || record.owner.is_empty() => existing,
                    _ => record,
                }))
            }
            Err(e) => {
                tracing::warn!(error = %e, "re-caching the confirmation failed");
                Ok(Some(record))
            }
        }
    }

    /// A confirmation rebuilt from the booking alone: nobody owns it; the guest
    /// proves it is theirs with the lookup form.
    async fn confirmation_from_upstream(
        &self,
        ctx: &RequestContext,
        tenant: &crate::domain::tenant::Tenant,
        reference: &str,
    ) -> Result<Option<ConfirmationRecord>, FunnelError> {
        let Some(booking) = self.reservations.booking(ctx, reference).await? else { return Ok(None) };
        // A booking at another tenant's property does not exist here.
        let Some(property) = tenant.property(&booking.property_id) else { return Ok(None) };
        let currency = Currency::parse(&booking.currency).unwrap_or(property.currency);
        let nights = match (
            crate::domain::stay::parse_iso_date(&booking.checkin),
            crate::domain::stay::parse_iso_date(&booking.checkout),
        ) {
            (Some(a), Some(b)) => crate::domain::stay::days_between(a, b),
            _ => 0,
        };
        let view = ConfirmationView {
            reference: booking.reference.clone(),
            property_id: booking.property_id.clone(),
            property_name: property.name.clone(),
            room_type: booking.room_type_id.clone(),
            rate_plan: booking.rate_plan_id.clone(),
            checkin: booking.checkin.clone(),
            checkout: booking.checkout.clone(),
            nights,
            adults: booking.adults,
            children: booking.children.clone(),
            rooms: booking.rooms,
            parties: booking
                .occupancy
                .iter()
                .map(|r| RoomPartyView { adults: r.adults, children: r.children.clone() })
                .collect(),
            guest_name: format!("{} {}", booking.guest.first_name, booking.guest.last_name),
            total_amount: booking.total,
            currency: currency.to_string(),
            total_display: String::new(),
            cancellation_policy: String::new(),
            status: match booking.status {
                crate::upstream::contract::BookingStatus::Cancelled => "cancelled".into(),
                _ => "confirmed".into(),
            },
            manage_url: String::new(),
            hotel: None,
            arrival_time: booking.guest.arrival_time.clone(),
            special_requests: booking.guest.special_requests.clone(),
            payment_policy: booking
                .payment_policy
                .and_then(|p| p.policy())
                .map_or_else(full_policy, |p| p.as_str().to_owned()),
            paid_now_amount: Some(booking.paid_when_booked()),
            due_at_hotel_amount: Some(booking.due_at_hotel.unwrap_or(0)),
            paid_now_display: String::new(),
            due_at_hotel_display: String::new(),
            room_lines: super::room_lines::RoomLineView::of_booking(&booking),
            extras: booking.extras.iter().map(BookedExtraView::of_wire).collect(),
        };
        Ok(Some(ConfirmationRecord {
            owner: String::new(),
            email: booking.guest.email.to_ascii_lowercase(),
            view: serde_json::to_value(&view).unwrap_or_default(),
        }))
    }
}

/// The confirmation of a confirmed draft, owned by the draft's guest.
fn confirmation_of(draft: &BookingDraft) -> Option<ConfirmationRecord> {
    let (Some(reference), Some(guest), Some(quote)) = (&draft.booking_ref, &draft.guest, &draft.quote) else {
        return None;
    };
    let c = &draft.selection.criteria;
    let terms = quote.payment_terms();
    let view = ConfirmationView {
        reference: reference.clone(),
        property_id: draft.selection.property_id.clone(),
        property_name: draft.selection.names.property.clone(),
        room_type: draft.selection.names.room_type.clone(),
        rate_plan: draft.selection.names.rate_plan.clone(),
        checkin: c.stay.checkin().to_string(),
        checkout: c.stay.checkout().to_string(),
        nights: c.stay.nights(),
        adults: c.occupancy.adults(),
        children: c.occupancy.children().to_vec(),
        rooms: c.occupancy.rooms(),
        parties: RoomPartyView::all(&c.occupancy),
        guest_name: guest.full_name(),
        total_amount: quote.total.amount,
        currency: quote.total.currency.to_string(),
        total_display: String::new(),
        cancellation_policy: quote.cancellation_policy.clone(),
        status: "confirmed".into(),
        manage_url: String::new(),
        hotel: None,
        arrival_time: guest.arrival_time().map(|t| t.to_string()),
        special_requests: guest.special_requests().map(str::to_owned),
        payment_policy: terms.policy.as_str().to_owned(),
        paid_now_amount: Some(terms.due_now.amount),
        due_at_hotel_amount: Some(terms.due_at_hotel.amount),
        paid_now_display: String::new(),
        due_at_hotel_display: String::new(),
        room_lines: super::room_lines::RoomLineView::of_draft(draft),
        extras: quote.extras.iter().map(BookedExtraView::of).collect(),
    };
    Some(ConfirmationRecord {
        owner: draft.owner.as_str().to_owned(),
        email: guest.email().as_str().to_ascii_lowercase(),
        view: serde_json::to_value(&view).unwrap_or_default(),
    })
}
