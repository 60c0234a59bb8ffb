//! Quotes priced room by room (`roomRates`): each room's party at its own
//! room type and rate plan, priced exactly as availability prices one room
//! for that party, one line per room, and the quote's totals the lines' sums.
//! Also what a hold of such a quote takes: every room or none.

use std::collections::BTreeMap;

use jiff::civil::Date;

use super::inventory;
use super::seed::{SeedProperty, SeedRoomType};
use super::wire::Problem;
use crate::domain::msg::Locale;
use crate::domain::payment_policy::PaymentTerms;
use crate::domain::stay::Occupancy;
use crate::upstream::contract::{NightlyDto, PaymentPolicyDto, QuoteDto, QuoteLineDto, QuoteRequestDto};

/// The room type of each room, checked: known at the property, its rate plan
/// offered, and sleeping the room's party.
pub fn rooms_of<'p>(
    property: &'p SeedProperty,
    req: &QuoteRequestDto,
    occupancy: &Occupancy,
) -> Result<Vec<&'p SeedRoomType>, Problem> {
    if req.room_rates.len() != occupancy.parties().len() {
        return Err(Problem::bad_request("bad-occupancy", "roomRates must name one rate for each room of occupancy"));
    }
    req.room_rates
        .iter()
        .zip(occupancy.parties())
        .map(|(rate, party)| {
            let room =
                super::pricing::room_and_rate(property, &rate.room_type_id, &rate.rate_plan_id, req.promo.as_deref())?;
            if party.guests() > usize::from(room.max_occupancy) {
                return Err(Problem::unprocessable(
                    "occupancy",
                    format!(
                        "The {} sleeps at most {} guests per room; choose a larger room.",
                        room.name.en, room.max_occupancy
                    ),
                ));
            }
            Ok(room)
        })
        .collect()
}

/// Units each room type needs, and the first room (1-based) whose type runs
/// short of `free(room type)`, counting the rooms before it.
pub fn first_short_room<'p>(
    rooms: &[&'p SeedRoomType],
    mut free: impl FnMut(&'p SeedRoomType) -> u32,
) -> Option<usize> {
    let mut needed: BTreeMap<&str, u32> = BTreeMap::new();
    for (i, room) in rooms.iter().enumerate() {
        let n = needed.entry(room.id).or_default();
        *n += 1;
        if free(room) < *n {
            return Some(i + 1);
        }
    }
    None
}

/// The lines of the quote and the quote's totals, their sums.
pub fn price_lines(
    property: &SeedProperty,
    rooms: &[&SeedRoomType],
    req: &QuoteRequestDto,
    occupancy: &Occupancy,
    nights: &[Date],
    lang: Locale,
    quote: &mut QuoteDto,
) {
    let lines: Vec<QuoteLineDto> = rooms
        .iter()
        .zip(occupancy.parties())
        .zip(&req.room_rates)
        .map(|((room, party), rate)| {
            let plan = inventory::rate_plans(&inventory::PriceRequest {
                property,
                room,
                nights,
                adults: party.adults(),
                children: party.children().len(),
                rooms: 1,
                promo: req.promo.as_deref(),
                member: req.member,
                lang,
            })
            .into_iter()
            .find(|p| p.id == rate.rate_plan_id)
            .expect("the rate plan was checked against the same list");
            QuoteLineDto {
                room_type_id: room.id.into(),
                rate_plan_id: plan.id,
                adults: party.adults(),
                children: party.children().to_vec(),
                nightly: plan.nightly,
                room_total: plan.room_total,
                taxes: plan.taxes,
                fees: plan.fees,
                total: plan.total,
                refundable: plan.refundable,
                cancellation_policy: plan.cancellation_policy,
                cancellation: plan.cancellation,
                payment_policy: plan.payment_policy,
                due_now: plan.due_now,
                due_at_hotel: plan.due_at_hotel,
            }
        })
        .collect();
    let sum = |f: fn(&QuoteLineDto) -> i64| lines.iter().map(f).sum::<i64>();
    quote.nightly = nights
        .iter()
        .enumerate()
        .map(|(i, night)| NightlyDto {
            date: night.to_string(),
            amount: lines.iter().filter_map(|l| l.nightly.get(i)).map(|n| n.amount).sum(),
        })
        .collect();
    quote.room_total = sum(|l| l.room_total);
    quote.taxes = sum(|l| l.taxes);
    quote.fees = sum(|l| l.fees);
    quote.total = sum(|l| l.total);
    quote.due_now = Some(sum(|l| l.due_now.unwrap_or(l.total)));
    quote.due_at_hotel = Some(sum(|l| l.due_at_hotel.unwrap_or(0)));
    // The booking as a whole: refundable only when every room is, on the
    // strictest room's terms (a non-refundable room's, else room 1's).
    quote.refundable = lines.iter().all(|l| l.refundable);
    let strictest = lines.iter().find(|l| !l.refundable).or(lines.first());
    if let Some(line) = strictest {
        quote.cancellation_policy = line.cancellation_policy.clone();
        quote.cancellation = line.cancellation.clone();
    }
    let terms: Vec<PaymentTerms> = lines.iter().filter_map(|l| line_terms(l, &quote.currency)).collect();
    quote.payment_policy = crate::domain::draft::rooms::combine_terms(&terms).map(|t| PaymentPolicyDto::of(t.policy));
    quote.lines = lines;
}

fn line_terms(line: &QuoteLineDto, currency: &str) -> Option<PaymentTerms> {
    let currency = crate::domain::money::Currency::parse(currency)?;
    let m = |a| crate::domain::money::Money::new(a, currency);
    let policy = line.payment_policy.and_then(|p| p.policy())?;
    PaymentTerms::stated(policy, m(line.total), m(line.due_now?), m(line.due_at_hotel?)).ok()
}
