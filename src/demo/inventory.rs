//! The demo platform's calendar and price rules. Everything is a function of the
//! night's offset from "today" in the property's time zone, so the calendar moves
//! with the clock and always has bookable dates:
//!
//! - arrivals on day offset `d % 10 == 9` are closed to arrival;
//! - arrivals on day offset `d % 10 == 5` need a minimum stay of 3 nights;
//! - single-unit rooms are sold out on nights with `d % 6 == 3`;
//! - rooms with 3+ units have `(7·d) % 3` fewer units on a night;
//! - Friday and Saturday nights cost 18 % more;
//! - promo code `WELCOME10` takes 10 % off the room price;
//! - member rates (`member=true`) take 10 % off the room price of refundable
//!   rate plans, which are then marked `memberRate`.

use jiff::civil::{Date, Weekday};

use super::seed::{RATE_PLANS, SeedProperty, SeedRoomType};
use crate::domain::money::{Currency, Money, apply_basis_points};
use crate::domain::msg::Locale;
use crate::domain::payment_policy::{PaymentPolicy, PaymentTerms};
use crate::domain::stay::days_between;
use crate::upstream::contract::{
    NightlyDto, PaymentPolicyDto, PromoDto, PromoKind, PromoStatus, RatePlanDto, RestrictionsDto, RoomTypeDto,
};

pub const WEEKEND_UPLIFT_BP: i64 = 1_800;
pub const PROMO_CODE: &str = "WELCOME10";
pub const PROMO_BP: i64 = -1_000;
/// A promotion that ended: known, but no longer applied.
pub const EXPIRED_CODE: &str = "SUMMER2025";
/// A negotiated code: unlocks the `corporate` rate plan, hidden otherwise.
pub const CORPORATE_CODE: &str = "ACME2026";

/// What a code comes to at the demo: applied (a discount or a negotiated
/// rate), known but over, or unknown.
pub fn promo_status(code: &str) -> PromoDto {
    let (status, kind) = if code.eq_ignore_ascii_case(PROMO_CODE) {
        (PromoStatus::Applied, PromoKind::Discount)
    } else if code.eq_ignore_ascii_case(CORPORATE_CODE) {
        (PromoStatus::Applied, PromoKind::Negotiated)
    } else if code.eq_ignore_ascii_case(EXPIRED_CODE) {
        (PromoStatus::Expired, PromoKind::Discount)
    } else {
        (PromoStatus::Unknown, PromoKind::Discount)
    };
    PromoDto { code: code.to_ascii_uppercase(), status, kind }
}

/// The rate plans a request may see: the public ones, and those its code unlocks.
pub fn offered(plan: &super::seed::SeedRatePlan, promo: Option<&str>) -> bool {
    match plan.code {
        None => true,
        Some(code) => promo.is_some_and(|p| p.eq_ignore_ascii_case(code)),
    }
}
pub const MEMBER_BP: i64 = -1_000;

pub fn restrictions(today: Date, checkin: Date) -> RestrictionsDto {
    let d = days_between(today, checkin).rem_euclid(10);
    RestrictionsDto { closed_to_arrival: d == 9, min_stay: (d == 5).then_some(3) }
}

/// Units of a room type the calendar offers on a night, before holds and bookings.
pub fn calendar_units(room: &SeedRoomType, today: Date, night: Date) -> u32 {
    let d = i64::from(days_between(today, night));
    if room.units == 1 {
        return if d.rem_euclid(6) == 3 { 0 } else { 1 };
    }
    if room.units >= 3 { room.units - u32::try_from((7 * d).rem_euclid(3)).unwrap_or(0) } else { room.units }
}

pub struct PriceRequest<'a> {
    pub property: &'a SeedProperty,
    pub room: &'a SeedRoomType,
    pub nights: &'a [Date],
    pub adults: u8,
    pub children: usize,
    pub rooms: u8,
    pub promo: Option<&'a str>,
    /// Member rates asked for (a signed-in, eligible guest).
    pub member: bool,
    /// The language of the rate plans' names and cancellation terms.
    pub lang: Locale,
}

/// Prices every rate plan for the request.
pub fn rate_plans(req: &PriceRequest<'_>) -> Vec<RatePlanDto> {
    let discounted = req.promo.is_some_and(|p| p.eq_ignore_ascii_case(PROMO_CODE));
    RATE_PLANS
        .iter()
        .filter(|plan| offered(plan, req.promo))
        .map(|plan| {
            let member_rate = req.member && plan.refundable;
            let guests = i64::from(req.adults) + req.children as i64;
            let mut promo_discount = 0;
            let nightly: Vec<NightlyDto> = req
                .nights
                .iter()
                .map(|night| {
                    let weekend = matches!(night.weekday(), Weekday::Friday | Weekday::Saturday);
                    let mut room = req.room.base_price;
                    if weekend {
                        room += apply_basis_points(room, WEEKEND_UPLIFT_BP);
                    }
                    room += apply_basis_points(room, plan.adjustment_bp);
                    if discounted {
                        let off = apply_basis_points(room, PROMO_BP);
                        promo_discount -= off * i64::from(req.rooms);
                        room += off;
                    }
                    if member_rate {
                        room += apply_basis_points(room, MEMBER_BP);
                    }
                    let mut amount = room * i64::from(req.rooms);
                    if plan.breakfast_included {
                        amount += req.property.breakfast_per_guest * guests;
                    }
                    NightlyDto { date: night.to_string(), amount }
                })
                .collect();
            let room_total: i64 = nightly.iter().map(|n| n.amount).sum();
            let taxes = apply_basis_points(room_total, req.property.tax_bp);
            let fees = req.property.fee_per_adult_night * i64::from(req.adults) * req.nights.len() as i64;
            let total = room_total + taxes + fees;
            let (due_now, due_at_hotel) = split(plan.payment, total, &nightly, req.property.currency);
            RatePlanDto {
                id: plan.id.into(),
                name: plan.name.get(req.lang).into(),
                refundable: plan.refundable,
                breakfast_included: plan.breakfast_included,
                cancellation_policy: plan.cancellation_policy.get(req.lang).into(),
                cancellation: Some(plan.cancellation.clone()),
                nightly,
                room_total,
                taxes,
                fees,
                total,
                member_rate,
                promo_discount,
                negotiated: plan.code.is_some(),
                payment_policy: Some(PaymentPolicyDto::of(plan.payment)),
                due_now: Some(due_now),
                due_at_hotel: Some(due_at_hotel),
            }
        })
        .collect()
}

/// `(dueNow, dueAtHotel)` of `total` under `policy` (the domain's rounding:
/// a percentage rounded down, the hotel's part the rest).
pub(super) fn split(policy: PaymentPolicy, total: i64, nightly: &[NightlyDto], currency: &str) -> (i64, i64) {
    let currency = Currency::parse(currency).expect("seeded currencies are ISO codes");
    let first = nightly.first().map(|n| Money::new(n.amount, currency));
    match PaymentTerms::split(policy, Money::new(total, currency), first) {
        Ok(terms) => (terms.due_now.amount, terms.due_at_hotel.amount),
        // Only a negative total fails: all of it now, as ever.
        Err(_) => (total, 0),
    }
}

pub fn room_type_dto(room: &SeedRoomType, units_left: u32, rate_plans: Vec<RatePlanDto>, lang: Locale) -> RoomTypeDto {
    RoomTypeDto {
        id: room.id.into(),
        name: room.name.get(lang).into(),
        description: room.description.get(lang).into(),
        max_occupancy: room.max_occupancy,
        bedding: room.bedding.get(lang).into(),
        size_sqm: room.size_sqm,
        units_left,
        rate_plans,
        images: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::seed::property;
    use jiff::civil::date;

    #[test]
    fn calendar_rules_follow_the_offset() {
        let today = date(2026, 11, 26);
        assert!(restrictions(today, today.checked_add(jiff::Span::new().days(9)).unwrap()).closed_to_arrival);
        assert_eq!(restrictions(today, today.checked_add(jiff::Span::new().days(5)).unwrap()).min_stay, Some(3));
        assert_eq!(
            restrictions(today, today.checked_add(jiff::Span::new().days(1)).unwrap()),
            RestrictionsDto::default()
        );
    }

    #[test]
    fn prices_are_integer_sums() {
        let p = property("aurora-lisbon").unwrap();
        let nights = [date(2026, 12, 1), date(2026, 12, 4)]; // a Tuesday and a Friday
        let plans = rate_plans(&PriceRequest {
            property: p,
            room: &p.room_types[0],
            nights: &nights,
            adults: 2,
            children: 0,
            rooms: 1,
            promo: None,
            member: false,
            lang: Locale::En,
        });
        let flex = &plans[0];
        assert_eq!(flex.nightly[0].amount, 14_500);
        assert_eq!(flex.nightly[1].amount, 14_500 + 2_610);
        assert_eq!(flex.room_total, 31_610);
        assert_eq!(flex.total, flex.room_total + flex.taxes + flex.fees);
        assert_eq!(flex.fees, 400 * 2 * 2);
        assert!(plans.iter().all(|p| !p.member_rate));
    }

    #[test]
    fn member_rates_take_ten_percent_off_refundable_plans_only() {
        let p = property("aurora-lisbon").unwrap();
        let nights = [date(2026, 12, 1)];
        let req = |member| PriceRequest {
            property: p,
            room: &p.room_types[0],
            nights: &nights,
            adults: 2,
            children: 0,
            rooms: 1,
            promo: None,
            member,
            lang: Locale::En,
        };
        let (public, member) = (rate_plans(&req(false)), rate_plans(&req(true)));
        for (pub_plan, mem_plan) in public.iter().zip(&member) {
            assert_eq!(mem_plan.member_rate, pub_plan.refundable, "{}", pub_plan.id);
            if pub_plan.refundable {
                assert!(mem_plan.total < pub_plan.total);
            } else {
                assert_eq!(mem_plan.total, pub_plan.total);
            }
        }
        assert_eq!(member[0].nightly[0].amount, 14_500 - 1_450);
    }
}
