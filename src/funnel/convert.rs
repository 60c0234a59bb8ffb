//! Between the upstream wire contract and the domain.

use crate::domain::draft::rooms::{QuoteLine, check_lines, combine_terms};
use crate::domain::draft::{NightPrice, Quote, Selection};
use crate::domain::loyalty::RateAccess;
use crate::domain::money::{Currency, Money};
use crate::domain::payment_policy::PaymentTerms;
use crate::domain::stay::RoomParty;
use crate::domain::stay::parse_iso_date;
use crate::upstream::contract::{
    BookingGuestDto, NightlyDto, PaymentPolicyDto, QuoteDto, QuoteLineDto, QuoteRequestDto, RoomOccupancyDto,
    RoomRateDto,
};

/// The quote request for a selection with the `extras` chosen, at member
/// rates when `access` allows.
pub fn quote_request(selection: &Selection, access: RateAccess, extras: &[String]) -> QuoteRequestDto {
    let c = &selection.criteria;
    QuoteRequestDto {
        property_id: selection.property_id.clone(),
        room_type_id: selection.room_type_id.clone(),
        rate_plan_id: selection.rate_plan_id.clone(),
        checkin: c.stay.checkin().to_string(),
        checkout: c.stay.checkout().to_string(),
        adults: c.occupancy.adults(),
        children: c.occupancy.children().to_vec(),
        rooms: c.occupancy.rooms(),
        occupancy: c
            .occupancy
            .parties()
            .iter()
            .map(|p| RoomOccupancyDto { adults: p.adults(), children: p.children().to_vec() })
            .collect(),
        promo: c.promo.as_ref().map(|p| p.as_str().to_owned()),
        member: access.is_member(),
        room_rates: if selection.rooms_differ() {
            selection
                .room_lines()
                .into_iter()
                .map(|l| RoomRateDto { room_type_id: l.choice.room_type_id, rate_plan_id: l.choice.rate_plan_id })
                .collect()
        } else {
            Vec::new()
        },
        extras: extras.to_vec(),
    }
}

/// `None` when the upstream sent something that is not money we understand,
/// or, for `selection`'s rooms priced each on its own, lines that are not its
/// rooms or do not add up to the quote's totals to the minor unit.
pub fn quote(dto: &QuoteDto, selection: &Selection) -> Option<Quote> {
    let mut quote = quote_alone(dto)?;
    let parties = selection.criteria.occupancy.parties();
    if dto.lines.is_empty() {
        // Priced as one: right only when every room has the same pick.
        return (!selection.rooms_differ()).then_some(quote);
    }
    let currency = quote.total.currency;
    let lines = dto.lines.iter().map(|l| quote_line(l, currency)).collect::<Option<Vec<_>>>()?;
    check_lines(&quote, &lines, parties).ok()?;
    let picked = selection.room_lines();
    if lines
        .iter()
        .zip(&picked)
        .any(|(l, p)| l.room_type_id != p.choice.room_type_id || l.rate_plan_id != p.choice.rate_plan_id)
    {
        return None;
    }
    let rooms = combine_terms(&lines.iter().map(|l| l.payment).collect::<Vec<_>>())?;
    quote.payment = Some(with_extras(rooms, quote.payment, &quote)?);
    quote.rooms = lines;
    Some(quote)
}

/// The quote's payment terms from its rooms' (`rooms`) and what it states
/// (`stated`, extras included): the extras may be due now in any share, but
/// the rooms' own due now must be in it, and the parts add up to the total.
/// Without a stated split the extras are due at the hotel.
fn with_extras(rooms: PaymentTerms, stated: Option<PaymentTerms>, quote: &Quote) -> Option<PaymentTerms> {
    let extras: i64 = quote.extras.iter().map(|e| e.total.amount).sum();
    let Some(stated) = stated else {
        let due_at_hotel = Money::new(rooms.due_at_hotel.amount.checked_add(extras)?, rooms.due_at_hotel.currency);
        return Some(PaymentTerms { due_at_hotel, ..rooms });
    };
    let extras_now = stated.due_now.amount.checked_sub(rooms.due_now.amount)?;
    let adds_up = stated.due_now.amount.checked_add(stated.due_at_hotel.amount) == Some(quote.total.amount);
    ((0..=extras).contains(&extras_now) && adds_up).then_some(PaymentTerms { policy: rooms.policy, ..stated })
}

fn quote_line(dto: &QuoteLineDto, currency: Currency) -> Option<QuoteLine> {
    let m = |amount| Money::new(amount, currency);
    let (nightly, payment) =
        priced(&dto.nightly, currency, dto.total, dto.payment_policy, dto.due_now, dto.due_at_hotel)?;
    let total = m(dto.total);
    let payment = payment.unwrap_or_else(|| PaymentTerms::full(total));
    Some(QuoteLine {
        room_type_id: dto.room_type_id.clone(),
        rate_plan_id: dto.rate_plan_id.clone(),
        party: RoomParty::new(dto.adults, dto.children.clone()).ok()?,
        nightly,
        room_total: m(dto.room_total),
        taxes: m(dto.taxes),
        fees: m(dto.fees),
        total,
        refundable: dto.refundable,
        cancellation_policy: dto.cancellation_policy.clone(),
        payment,
    })
}

/// Nights and payment terms as a quote or a line states them; `None` when
/// they are not money we understand.
fn priced(
    nightly: &[NightlyDto],
    currency: Currency,
    total: i64,
    policy: Option<PaymentPolicyDto>,
    due_now: Option<i64>,
    due_at_hotel: Option<i64>,
) -> Option<(Vec<NightPrice>, Option<PaymentTerms>)> {
    let m = |amount| Money::new(amount, currency);
    let nights = nightly
        .iter()
        .map(|n| Some(NightPrice { date: parse_iso_date(&n.date)?, amount: m(n.amount) }))
        .collect::<Option<Vec<_>>>()?;
    let first = nights.first().map(|n| n.amount);
    let terms = crate::upstream::pricing::payment_terms(policy, m(total), due_now, due_at_hotel, first)?;
    Some((nights, terms))
}

/// The quote's own totals, without its lines.
fn quote_alone(dto: &QuoteDto) -> Option<Quote> {
    let currency = Currency::parse(&dto.currency)?;
    let m = |amount| Money::new(amount, currency);
    let (nightly, payment) =
        priced(&dto.nightly, currency, dto.total, dto.payment_policy, dto.due_now, dto.due_at_hotel)?;
    let extras = super::extras::lines(&dto.extras, currency)?;
    let extras_offered = super::extras::lines(&dto.extras_offered, currency)?;
    crate::domain::extras::stated(&extras, m(dto.extras_total)).ok()?;
    Some(Quote {
        id: dto.id.clone(),
        nightly,
        room_total: m(dto.room_total),
        taxes: m(dto.taxes),
        fees: m(dto.fees),
        total: m(dto.total),
        cancellation_policy: dto.cancellation_policy.clone(),
        refundable: dto.refundable,
        expires_at: dto.expires_at,
        member_rate: dto.member_rate,
        terms: dto.cancellation.as_ref().and_then(|t| crate::upstream::reservations::terms_of(t).ok()),
        promo_discount: (dto.promo_discount > 0).then(|| m(dto.promo_discount)),
        negotiated: dto.negotiated,
        payment,
        rooms: Vec::new(),
        extras,
        extras_offered,
    })
}

pub fn booking_guest(guest: &crate::domain::guest::GuestDetails) -> BookingGuestDto {
    BookingGuestDto {
        first_name: guest.first_name().to_owned(),
        last_name: guest.last_name().to_owned(),
        email: guest.email().as_str().to_owned(),
        phone: guest.phone().as_str().to_owned(),
        country: guest.country().as_str().to_owned(),
        special_requests: guest.special_requests().map(str::to_owned),
        arrival_time: guest.arrival_time().map(|t| t.to_string()),
    }
}
