//! The demo pricing service: quotes priced exactly like availability (same
//! calendar, same rate rules) and fixed exchange rates.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::header::CONTENT_LANGUAGE;
use axum::http::{HeaderMap, HeaderName, StatusCode};
use axum::routing::{get, post};
use axum::{Json, Router};
use jiff::Timestamp;
use jiff::civil::Date;

use super::ledger::QuoteRecord;
use super::seed::{self, RATE_PLANS, SeedProperty, SeedRoomType};
use super::wire::{JsonBody, Problem, after, now, parse_nights, random_id};
use super::{DemoState, inventory, room_lines, today_at};
use crate::domain::msg::Locale;
use crate::upstream::contract::{FxQuery, FxRatesDto, QuoteDto, QuoteRequestDto, RoomOccupancyDto};

pub fn router() -> Router<Arc<DemoState>> {
    Router::new()
        .route("/v1/quotes", post(create_quote))
        .route("/v1/quotes/{id}", get(quote))
        .route("/v1/fx", get(fx_rates))
}

/// A created quote with the language it is written in.
type QuoteAnswer = Result<(StatusCode, [(HeaderName, String); 1], Json<QuoteDto>), Problem>;

async fn create_quote(
    State(state): State<Arc<DemoState>>,
    headers: HeaderMap,
    JsonBody(req): JsonBody<QuoteRequestDto>,
) -> QuoteAnswer {
    let property =
        seed::property(&req.property_id).ok_or_else(|| Problem::not_found("unknown-property", "no such property"))?;
    let room = room_and_rate(property, &req.room_type_id, &req.rate_plan_id, req.promo.as_deref())?;
    let today = today_at(property.time_zone);
    let nights = parse_nights(&req.checkin, &req.checkout, today)?;
    if !req.room_rates.is_empty() {
        return quote_room_by_room(&state, &headers, property, &req, today, nights);
    }
    let occupancy = check_occupancy(room, &req)?;
    check_restrictions(today, &nights)?;

    let now = now();
    let mut ledger = state.ledger();
    if ledger.free_units(property, room, today, &nights, now) < u32::from(req.rooms) {
        return Err(Problem::conflict("sold-out", format!("not enough {} rooms left for these dates", room.name.en)));
    }
    // The rate plan's name and cancellation terms in the guest's language.
    let lang = super::language(seed::tenant_of(property), &headers);
    let mut quote = price(property, room, &req, &nights, after(now, ledger.ttls.quote_ttl_secs), lang);
    quote.occupancy = occupancy;
    with_extras(&mut quote, property, &req, &nights, today, lang)?;
    ledger.quotes.insert(quote.id.clone(), QuoteRecord { quote: quote.clone(), nights });
    Ok((StatusCode::CREATED, [(CONTENT_LANGUAGE, lang.to_string())], Json(quote)))
}

/// A quote of `roomRates`: every room's type must have a unit left for it
/// (rooms of one type counted together), priced line by line.
fn quote_room_by_room(
    state: &DemoState,
    headers: &HeaderMap,
    property: &'static SeedProperty,
    req: &QuoteRequestDto,
    today: Date,
    nights: Vec<Date>,
) -> QuoteAnswer {
    let occupancy = super::party::rooms_of(req.adults, &req.children, req.rooms, &req.occupancy)?;
    let rooms = room_lines::rooms_of(property, req, &occupancy)?;
    check_restrictions(today, &nights)?;
    let now = now();
    let mut ledger = state.ledger();
    if let Some(short) = room_lines::first_short_room(&rooms, |r| ledger.free_units(property, r, today, &nights, now)) {
        return Err(Problem::conflict("sold-out", format!("not enough rooms left for room {short}")));
    }
    let lang = super::language(seed::tenant_of(property), headers);
    let mut quote = price(property, rooms[0], req, &nights, after(now, ledger.ttls.quote_ttl_secs), lang);
    quote.occupancy = super::party::to_wire(&occupancy);
    room_lines::price_lines(property, &rooms, req, &occupancy, &nights, lang, &mut quote);
    with_extras(&mut quote, property, req, &nights, today, lang)?;
    ledger.quotes.insert(quote.id.clone(), QuoteRecord { quote: quote.clone(), nights });
    Ok((StatusCode::CREATED, [(CONTENT_LANGUAGE, lang.to_string())], Json(quote)))
}

/// The property's room type `room_type_id`, when `rate_plan_id` is offered
/// (with `promo`, for a negotiated plan); else the problem a quote answers.
pub(super) fn room_and_rate<'p>(
    property: &'p SeedProperty,
    room_type_id: &str,
    rate_plan_id: &str,
    promo: Option<&str>,
) -> Result<&'p SeedRoomType, Problem> {
    let room = property
        .room_types
        .iter()
        .find(|r| r.id == room_type_id)
        .ok_or_else(|| Problem::not_found("unknown-room-type", "no such room type at this property"))?;
    if !RATE_PLANS.iter().any(|p| p.id == rate_plan_id && inventory::offered(p, promo)) {
        return Err(Problem::not_found("unknown-rate-plan", "no such rate plan"));
    }
    Ok(room)
}

/// Each room's party, when every room sleeps its own.
fn check_occupancy(room: &SeedRoomType, req: &QuoteRequestDto) -> Result<Vec<RoomOccupancyDto>, Problem> {
    let occupancy = super::party::rooms_of(req.adults, &req.children, req.rooms, &req.occupancy)?;
    if occupancy.guests_per_room() > usize::from(room.max_occupancy) {
        return Err(Problem::unprocessable(
            "occupancy",
            format!(
                "The {} sleeps at most {} guests per room; add a room or choose a larger room.",
                room.name.en, room.max_occupancy
            ),
        ));
    }
    Ok(super::party::to_wire(&occupancy))
}

/// Offers the hotel's extras for the stay and prices the chosen ones into the
/// total (paid the way the rate is paid; on a quote priced room by room, in
/// the share of the rooms' price that is due now, rounded down).
fn with_extras(
    quote: &mut QuoteDto,
    property: &SeedProperty,
    req: &QuoteRequestDto,
    nights: &[Date],
    today: Date,
    lang: Locale,
) -> Result<(), Problem> {
    let guests = u32::from(req.adults) + u32::try_from(req.children.len()).unwrap_or(0);
    let offered = super::extras::offered(property, nights, guests, today, lang);
    let chosen = super::extras::chosen(&offered, &req.extras)?;
    quote.extras_total = chosen.iter().map(|l| l.total.amount).sum();
    quote.total += quote.extras_total;
    quote.extras = chosen.iter().map(super::extras::dto).collect();
    quote.extras_offered = offered.iter().map(super::extras::dto).collect();
    if !quote.lines.is_empty() {
        let rooms_now: i64 = quote.lines.iter().map(|l| l.due_now.unwrap_or(l.total)).sum();
        let rooms_total: i64 = quote.lines.iter().map(|l| l.total).sum();
        let share = i128::from(quote.extras_total) * i128::from(rooms_now) / i128::from(rooms_total.max(1));
        let extras_now = i64::try_from(share).unwrap_or(0).clamp(0, quote.extras_total);
        quote.due_now = Some(rooms_now + extras_now);
        quote.due_at_hotel = Some(quote.total - rooms_now - extras_now);
        return Ok(());
    }
    let plan = RATE_PLANS.iter().find(|p| p.id == quote.rate_plan_id).expect("the rate plan was checked");
    let (due_now, due_at_hotel) = inventory::split(plan.payment, quote.total, &quote.nightly, property.currency);
    quote.due_now = Some(due_now);
    quote.due_at_hotel = Some(due_at_hotel);
    Ok(())
}

fn check_restrictions(today: Date, nights: &[Date]) -> Result<(), Problem> {
    let checkin = nights[0];
    let rules = inventory::restrictions(today, checkin);
    let day = checkin.strftime("%A %-d %B %Y");
    if rules.closed_to_arrival {
        return Err(Problem::unprocessable(
            "restricted",
            format!("Arrivals are not possible on {day}; please choose another check-in date."),
        ));
    }
    if let Some(min) = rules.min_stay.filter(|min| nights.len() < *min as usize) {
        return Err(Problem::unprocessable(
            "restricted",
            format!("Stays arriving on {day} must be at least {min} nights."),
        ));
    }
    Ok(())
}

fn price(
    property: &SeedProperty,
    room: &SeedRoomType,
    req: &QuoteRequestDto,
    nights: &[Date],
    expires_at: Timestamp,
    lang: Locale,
) -> QuoteDto {
    // Room by room, room 1's rate plan stands in until the lines replace it.
    let rate_plan_id = req.room_rates.first().map_or(req.rate_plan_id.as_str(), |r| r.rate_plan_id.as_str());
    let plan = inventory::rate_plans(&inventory::PriceRequest {
        property,
        room,
        nights,
        adults: req.adults,
        children: req.children.len(),
        rooms: req.rooms,
        promo: req.promo.as_deref(),
        member: req.member,
        lang,
    })
    .into_iter()
    .find(|p| p.id == rate_plan_id)
    .expect("the rate plan was checked against the same list");
    QuoteDto {
        id: random_id("q"),
        property_id: property.id.into(),
        room_type_id: room.id.into(),
        rate_plan_id: plan.id,
        checkin: req.checkin.clone(),
        checkout: req.checkout.clone(),
        adults: req.adults,
        children: req.children.clone(),
        rooms: req.rooms,
        occupancy: Vec::new(),
        promo: req.promo.clone(),
        currency: property.currency.into(),
        nightly: plan.nightly,
        room_total: plan.room_total,
        taxes: plan.taxes,
        fees: plan.fees,
        total: plan.total,
        cancellation_policy: plan.cancellation_policy,
        cancellation: plan.cancellation,
        refundable: plan.refundable,
        breakfast_included: plan.breakfast_included,
        expires_at,
        member_rate: plan.member_rate,
        promo_discount: plan.promo_discount,
        negotiated: plan.negotiated,
        payment_policy: plan.payment_policy,
        due_now: plan.due_now,
        due_at_hotel: plan.due_at_hotel,
        lines: Vec::new(),
        extras: Vec::new(),
        extras_total: 0,
        extras_offered: Vec::new(),
    }
}

async fn quote(State(state): State<Arc<DemoState>>, Path(id): Path<String>) -> Result<Json<QuoteDto>, Problem> {
    let ledger = state.ledger();
    let record = ledger.quotes.get(&id).ok_or_else(|| Problem::not_found("unknown-quote", "no such quote"))?;
    Ok(Json(record.quote.clone()))
}

/// Fixed demo rates in parts per million: `(base, quote, rate × 1 000 000)`.
pub const FX_RATES_PPM: &[(&str, &str, i64)] = &[
    ("EUR", "GBP", 857_000),
    ("EUR", "USD", 1_085_000),
    ("GBP", "EUR", 1_166_861),
    ("GBP", "USD", 1_266_044),
    ("USD", "EUR", 921_659),
    ("USD", "GBP", 789_862),
];

async fn fx_rates(State(state): State<Arc<DemoState>>, Query(q): Query<FxQuery>) -> Result<Json<FxRatesDto>, Problem> {
    let base = q.base.trim().to_ascii_uppercase();
    let shift = state.ledger().ttls.fx_shift_ppm;
    let rates_ppm: BTreeMap<String, i64> = FX_RATES_PPM
        .iter()
        .filter(|(b, _, _)| *b == base)
        .map(|(_, c, ppm)| ((*c).to_owned(), (*ppm + shift).max(1)))
        .collect();
    if rates_ppm.is_empty() {
        return Err(Problem::unprocessable("unsupported-currency", "rates are available from EUR, GBP and USD"));
    }
    // The demo's rates are "published" daily at midnight UTC.
    let midnight = Timestamp::now().as_second().div_euclid(86_400) * 86_400;
    let as_of = Timestamp::from_second(midnight).unwrap_or(Timestamp::UNIX_EPOCH);
    Ok(Json(FxRatesDto { base, rates_ppm, as_of }))
}
