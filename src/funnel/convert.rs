//! Between the upstream wire contract and the domain.

use crate::domain::draft::{NightPrice, Quote, Selection};
use crate::domain::loyalty::RateAccess;
use crate::domain::money::{Currency, Money};
use crate::domain::stay::parse_iso_date;
use crate::upstream::contract::{BookingGuestDto, QuoteDto, QuoteRequestDto, RoomOccupancyDto};

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
        extras: extras.to_vec(),
    }
}

/// `None` when the upstream sent something that is not money we understand.
pub fn quote(dto: &QuoteDto) -> Option<Quote> {
    let currency = Currency::parse(&dto.currency)?;
    let m = |amount| Money::new(amount, currency);
    let nightly = dto
        .nightly
        .iter()
        .map(|n| Some(NightPrice { date: parse_iso_date(&n.date)?, amount: m(n.amount) }))
        .collect::<Option<Vec<_>>>()?;
    let total = m(dto.total);
    let extras = super::extras::lines(&dto.extras, currency)?;
    let extras_offered = super::extras::lines(&dto.extras_offered, currency)?;
    crate::domain::extras::stated(&extras, m(dto.extras_total)).ok()?;
    let payment = crate::upstream::pricing::payment_terms(
        dto.payment_policy,
        total,
        dto.due_now,
        dto.due_at_hotel,
        nightly.first().map(|n| n.amount),
    )?;
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
        payment,
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
