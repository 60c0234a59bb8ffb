//! The demo reservations service: holds take units on every night of the stay
//! until they expire or are released; a booking makes a hold permanent once the
//! demo payment gateway approved a matching payment (checked here too, as
//! defence in depth against a client that skipped verification).

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use jiff::Timestamp;

use super::ledger::{BookingRecord, HoldRecord, Ledger, Scope};
use super::seed;
use super::wire::{IdempotencyKey, JsonBody, Problem, after, booking_reference, fingerprint, now, random_id};
use super::{DemoState, today_at};
use crate::domain::cancellation::{self, Charged};
use crate::domain::money::{Currency, Money};
use crate::upstream::contract::{
    BookingDto, BookingRequestDto, BookingStatus, CancelBookingRequestDto, CancelledDto, HoldDto, HoldLineDto,
    HoldRequestDto, HoldStatus, ModifyBookingRequestDto, PaymentMode, PaymentPolicyKind, PaymentStatus,
};
use crate::upstream::reservations::terms_of;

pub fn router() -> Router<Arc<DemoState>> {
    Router::new()
        .route("/v1/holds", post(create_hold).get(hold_by_key))
        .route("/v1/holds/{id}", get(hold).delete(release_hold))
        .route("/v1/bookings", post(create_booking))
        .route("/v1/bookings/{reference}", get(booking))
        .route("/v1/bookings/{reference}/cancel", post(cancel_booking))
        .route("/v1/bookings/{reference}/modify", post(modify_booking))
}

/// 201 for a new resource, 200 for a replay of the same idempotent request.
type Created<T> = Result<(StatusCode, Json<T>), Problem>;

async fn create_hold(
    State(state): State<Arc<DemoState>>,
    IdempotencyKey(key): IdempotencyKey,
    JsonBody(req): JsonBody<HoldRequestDto>,
) -> Created<HoldDto> {
    let now = now();
    let print = fingerprint(&req);
    let mut ledger = state.ledger();
    if let Some(id) = ledger.recall(Scope::Hold, &key, &print)? {
        return Ok((StatusCode::OK, Json(ledger.holds[&id].view(now))));
    }
    let hold = take_hold(&mut ledger, req, now)?;
    ledger.remember(Scope::Hold, key, print, hold.id.clone());
    Ok((StatusCode::CREATED, Json(hold)))
}

fn take_hold(ledger: &mut Ledger, req: HoldRequestDto, now: Timestamp) -> Result<HoldDto, Problem> {
    let record =
        ledger.quotes.get(&req.quote_id).ok_or_else(|| Problem::not_found("unknown-quote", "no such quote"))?;
    let quote = &record.quote;
    if now >= quote.expires_at {
        return Err(Problem::conflict("quote-expired", "the quote has expired; ask for a new one"));
    }
    let property = seed::property(&quote.property_id).expect("quotes are only made for seeded properties");
    let room = property.room_types.iter().find(|r| r.id == quote.room_type_id).expect("quoted rooms exist");
    let nights = record.nights.clone();
    let today = today_at(property.time_zone);
    if !quote.lines.is_empty() {
        // All rooms or none: the first room whose type has no unit left
        // (rooms of one type counted together) refuses the whole hold.
        let rooms: Vec<_> = quote
            .lines
            .iter()
            .map(|l| property.room_types.iter().find(|r| r.id == l.room_type_id).expect("quoted rooms exist"))
            .collect();
        let free = |r| ledger.free_units(property, r, today, &nights, now);
        if let Some(short) = super::room_lines::first_short_room(&rooms, free) {
            // `detail` is exactly the room's number (1-based), so a client can name it.
            return Err(Problem::conflict("room-sold-out", short.to_string()));
        }
    } else if ledger.free_units(property, room, today, &nights, now) < u32::from(quote.rooms) {
        return Err(Problem::conflict("sold-out", format!("not enough {} rooms left for these dates", room.name.en)));
    }
    let hold = HoldDto {
        id: random_id("h"),
        quote_id: quote.id.clone(),
        property_id: quote.property_id.clone(),
        room_type_id: quote.room_type_id.clone(),
        rate_plan_id: quote.rate_plan_id.clone(),
        rooms: quote.rooms,
        occupancy: quote.occupancy.clone(),
        checkin: quote.checkin.clone(),
        checkout: quote.checkout.clone(),
        expires_at: after(now, ledger.ttls.hold_ttl_secs),
        status: HoldStatus::Active,
        lines: quote
            .lines
            .iter()
            .map(|l| HoldLineDto {
                room_type_id: l.room_type_id.clone(),
                rate_plan_id: l.rate_plan_id.clone(),
                adults: l.adults,
                children: l.children.clone(),
            })
            .collect(),
        extras: quote.extras.clone(),
    };
    let record = HoldRecord { hold: hold.clone(), nights, attribution: req.attribution, booking: None };
    ledger.holds.insert(hold.id.clone(), record);
    Ok(hold)
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct HoldKeyQuery {
    #[serde(default)]
    idempotency_key: String,
}

/// `GET /v1/holds?idempotencyKey=…`: the hold created under a key, for a
/// client whose `POST /v1/holds` timed out and must learn whether it landed.
async fn hold_by_key(
    State(state): State<Arc<DemoState>>,
    axum::extract::Query(q): axum::extract::Query<HoldKeyQuery>,
) -> Result<Json<HoldDto>, Problem> {
    let ledger = state.ledger();
    let id = ledger.created_under(Scope::Hold, &q.idempotency_key).ok_or_else(unknown_hold)?;
    let record = ledger.holds.get(id).ok_or_else(unknown_hold)?;
    Ok(Json(record.view(now())))
}

async fn hold(State(state): State<Arc<DemoState>>, Path(id): Path<String>) -> Result<Json<HoldDto>, Problem> {
    let ledger = state.ledger();
    let record = ledger.holds.get(&id).ok_or_else(unknown_hold)?;
    Ok(Json(record.view(now())))
}

async fn release_hold(State(state): State<Arc<DemoState>>, Path(id): Path<String>) -> Result<StatusCode, Problem> {
    let now = now();
    let mut ledger = state.ledger();
    let record = ledger.holds.get_mut(&id).ok_or_else(unknown_hold)?;
    match record.status(now) {
        HoldStatus::Converted => Err(hold_converted(record)),
        HoldStatus::Active => {
            record.hold.status = HoldStatus::Released;
            Ok(StatusCode::NO_CONTENT)
        }
        HoldStatus::Released | HoldStatus::Expired => Ok(StatusCode::NO_CONTENT),
    }
}

fn unknown_hold() -> Problem {
    Problem::not_found("unknown-hold", "no such hold")
}

/// `detail` is exactly the existing booking reference, so a client can fetch it.
fn hold_converted(record: &HoldRecord) -> Problem {
    Problem::conflict("hold-converted", record.booking.clone().unwrap_or_default())
}

/// What the reservations service keeps of a guest's requests.
const MAX_SPECIAL_REQUESTS_CHARS: usize = 500;

async fn create_booking(
    State(state): State<Arc<DemoState>>,
    IdempotencyKey(key): IdempotencyKey,
    JsonBody(req): JsonBody<BookingRequestDto>,
) -> Created<BookingDto> {
    let guest = &req.guest;
    if [&guest.first_name, &guest.last_name, &guest.email].iter().any(|v| v.trim().is_empty())
        || !guest.email.contains('@')
    {
        return Err(Problem::unprocessable("invalid-guest", "the guest needs a first name, a last name and an email"));
    }
    if guest.arrival_time.as_deref().is_some_and(|t| crate::domain::guest::ArrivalTime::parse(t).is_none()) {
        return Err(Problem::unprocessable("invalid-guest", "arrivalTime must be a time of day, HH:MM"));
    }
    if guest.special_requests.as_deref().is_some_and(|r| r.chars().count() > MAX_SPECIAL_REQUESTS_CHARS) {
        return Err(Problem::unprocessable("invalid-guest", "specialRequests can be at most 500 characters"));
    }
    let now = now();
    let print = fingerprint(&req);
    let mut ledger = state.ledger();
    if let Some(reference) = ledger.recall(Scope::Booking, &key, &print)? {
        return Ok((StatusCode::OK, Json(ledger.bookings[&reference].booking.clone())));
    }
    let booking = book(&mut ledger, req, now)?;
    ledger.remember(Scope::Booking, key, print, booking.reference.clone());
    Ok((StatusCode::CREATED, Json(booking)))
}

fn book(ledger: &mut Ledger, req: BookingRequestDto, now: Timestamp) -> Result<BookingDto, Problem> {
    let hold = ledger.holds.get(&req.hold_id).ok_or_else(unknown_hold)?;
    match hold.status(now) {
        HoldStatus::Active => {}
        HoldStatus::Converted => return Err(hold_converted(hold)),
        HoldStatus::Released => return Err(Problem::conflict("hold-released", "the hold was released")),
        HoldStatus::Expired => return Err(Problem::conflict("hold-expired", "the hold has expired")),
    }
    let quote = &ledger.quotes[&hold.hold.quote_id].quote;
    let session = ledger.sessions.get(&req.payment_session_id);
    let not_approved = |detail: &str| Problem::conflict("payment-not-approved", detail);
    let Some(session) = session else { return Err(not_approved("no such payment session")) };
    // A rate paid at the hotel is booked on a stored card (a guarantee);
    // any other on a charge of exactly what is due now.
    let guarantee = quote.payment_policy.is_some_and(|p| p.kind == PaymentPolicyKind::AtHotel);
    let (wanted, mode) = if guarantee {
        (PaymentStatus::Guaranteed, PaymentMode::Guarantee)
    } else {
        (PaymentStatus::Approved, PaymentMode::Charge)
    };
    if session.status(now) != wanted || session.session.mode != mode {
        return Err(not_approved(if guarantee {
            "the rate is paid at the hotel: the card must be guaranteed"
        } else {
            "the payment session is not approved"
        }));
    }
    let due_now = quote.due_now.unwrap_or(quote.total);
    if session.session.amount != due_now || session.session.currency != quote.currency {
        return Err(not_approved("the approved amount does not match what the quote says is due now"));
    }
    if let Some(other) = &session.booking {
        // `detail` is exactly the booking it paid for, so a client can fetch it.
        return Err(Problem::conflict("payment-already-used", other.clone()));
    }

    let property = seed::property(&quote.property_id).expect("quotes are only made for seeded properties");
    let reference = loop {
        let candidate = booking_reference(&property.tenant[..3].to_ascii_uppercase());
        if !ledger.bookings.contains_key(&candidate) {
            break candidate;
        }
    };
    let booking = BookingDto {
        reference: reference.clone(),
        hold_id: hold.hold.id.clone(),
        property_id: quote.property_id.clone(),
        room_type_id: quote.room_type_id.clone(),
        rate_plan_id: quote.rate_plan_id.clone(),
        checkin: quote.checkin.clone(),
        checkout: quote.checkout.clone(),
        adults: quote.adults,
        children: quote.children.clone(),
        rooms: quote.rooms,
        occupancy: quote.occupancy.clone(),
        guest: req.guest,
        total: quote.total,
        currency: quote.currency.clone(),
        status: BookingStatus::Confirmed,
        created_at: now,
        payment_session_id: req.payment_session_id.clone(),
        nightly: quote.nightly.clone(),
        cancellation: quote.cancellation.clone(),
        cancelled: None,
        payment_session_ids: Vec::new(),
        modified_at: None,
        payment_policy: quote.payment_policy,
        due_now: quote.due_now,
        due_at_hotel: quote.due_at_hotel,
        lines: quote.lines.clone(),
        extras: quote.extras.clone(),
    };
    if let Some(hold) = ledger.holds.get_mut(&req.hold_id) {
        hold.hold.status = HoldStatus::Converted;
        hold.booking = Some(reference.clone());
    }
    if let Some(session) = ledger.sessions.get_mut(&req.payment_session_id) {
        session.booking = Some(reference.clone());
    }
    ledger.bookings.insert(reference, BookingRecord { booking: booking.clone(), attribution: req.attribution });
    Ok(booking)
}

async fn booking(
    State(state): State<Arc<DemoState>>,
    Path(reference): Path<String>,
) -> Result<Json<BookingDto>, Problem> {
    let ledger = state.ledger();
    let record =
        ledger.bookings.get(&reference).ok_or_else(|| Problem::not_found("unknown-booking", "no such booking"))?;
    Ok(Json(record.booking.clone()))
}

/// Cancels a booking under its rate plan's terms at this instant (evaluated in
/// the hotel's time zone) and frees its units. Idempotent: the same key
/// replays the same answer, and a booking already cancelled is answered as it
/// is, whatever the key. The refund itself is the merchant's to make.
async fn cancel_booking(
    State(state): State<Arc<DemoState>>,
    Path(reference): Path<String>,
    IdempotencyKey(key): IdempotencyKey,
    JsonBody(req): JsonBody<CancelBookingRequestDto>,
) -> Created<BookingDto> {
    let now = now();
    let print = fingerprint(&(&reference, &req));
    let mut ledger = state.ledger();
    if let Some(reference) = ledger.recall(Scope::Cancel, &key, &print)? {
        return Ok((StatusCode::OK, Json(ledger.bookings[&reference].booking.clone())));
    }
    let record =
        ledger.bookings.get(&reference).ok_or_else(|| Problem::not_found("unknown-booking", "no such booking"))?;
    if record.booking.status == BookingStatus::Cancelled {
        return Ok((StatusCode::OK, Json(record.booking.clone())));
    }
    let booking = &record.booking;
    let not_cancellable = || Problem::conflict("not-cancellable", "this booking cannot be cancelled online");
    let terms = booking.cancellation.as_ref().and_then(|t| terms_of(t).ok()).ok_or_else(not_cancellable)?;
    let property = seed::property(&booking.property_id).ok_or_else(not_cancellable)?;
    let tz = jiff::tz::TimeZone::get(property.time_zone).map_err(|_| not_cancellable())?;
    let checkin: jiff::civil::Date = booking.checkin.parse().map_err(|_| not_cancellable())?;
    let currency = Currency::parse(&booking.currency).ok_or_else(not_cancellable)?;
    let nightly: Vec<i64> = booking.nightly.iter().map(|n| n.amount).collect();
    let charged = Charged { total: Money::new(booking.total, currency), nightly: &nightly };
    let checkin_time = cancellation::parse_checkin_time(seed::CHECKIN_TIME).map_err(|_| not_cancellable())?;
    let verdict = cancellation::evaluate(terms, &charged, checkin, checkin_time, &tz, now)
        .map_err(|_| not_cancellable())?
        .limited_to_paid(Money::new(booking.paid_when_booked(), currency));
    if req.expected_refund.is_some_and(|expected| expected != verdict.refund.amount) {
        return Err(Problem::conflict(
            "cancellation-terms-changed",
            format!("cancelling now refunds {} minor units", verdict.refund.amount),
        ));
    }
    let hold_id = booking.hold_id.clone();
    let cancelled = CancelledDto { cancelled_at: now, penalty: verdict.penalty.amount, refund: verdict.refund.amount };
    let Some(record) = ledger.bookings.get_mut(&reference) else { return Err(not_cancellable()) };
    record.booking.status = BookingStatus::Cancelled;
    record.booking.cancelled = Some(cancelled);
    let booking = record.booking.clone();
    // The units are free again: a released hold no longer takes them.
    if let Some(hold) = ledger.holds.get_mut(&hold_id) {
        hold.hold.status = HoldStatus::Released;
    }
    ledger.remember(Scope::Cancel, key, print, reference);
    Ok((StatusCode::OK, Json(booking)))
}

/// Moves a booking onto the stay of an active hold at the same property, in
/// one step: the booking takes the hold's dates, party, room, rate, price and
/// terms; its old units are freed and the hold is converted. A stay that
/// costs more needs an approved, unused payment of exactly the difference; one
/// that costs the same or less takes none (the merchant refunds the
/// difference). Idempotent by key; a hold already converted into this booking
/// answers the booking as it is.
async fn modify_booking(
    State(state): State<Arc<DemoState>>,
    Path(reference): Path<String>,
    IdempotencyKey(key): IdempotencyKey,
    JsonBody(req): JsonBody<ModifyBookingRequestDto>,
) -> Created<BookingDto> {
    let now = now();
    let print = fingerprint(&(&reference, &req));
    let mut ledger = state.ledger();
    if let Some(reference) = ledger.recall(Scope::Modify, &key, &print)? {
        return Ok((StatusCode::OK, Json(ledger.bookings[&reference].booking.clone())));
    }
    let booking = modify(&mut ledger, &reference, &req, now)?;
    ledger.remember(Scope::Modify, key, print, reference);
    Ok((StatusCode::OK, Json(booking)))
}

fn modify(
    ledger: &mut Ledger,
    reference: &str,
    req: &ModifyBookingRequestDto,
    now: Timestamp,
) -> Result<BookingDto, Problem> {
    let record =
        ledger.bookings.get(reference).ok_or_else(|| Problem::not_found("unknown-booking", "no such booking"))?;
    let booking = &record.booking;
    let hold = ledger.holds.get(&req.hold_id).ok_or_else(unknown_hold)?;
    match hold.status(now) {
        HoldStatus::Active => {}
        HoldStatus::Converted if hold.booking.as_deref() == Some(reference) => return Ok(booking.clone()),
        HoldStatus::Converted => return Err(hold_converted(hold)),
        HoldStatus::Released => return Err(Problem::conflict("hold-released", "the hold was released")),
        HoldStatus::Expired => return Err(Problem::conflict("hold-expired", "the hold has expired")),
    }
    if booking.status == BookingStatus::Cancelled {
        return Err(Problem::conflict("booking-cancelled", "a cancelled booking cannot be changed"));
    }
    let quote = &ledger.quotes[&hold.hold.quote_id].quote;
    if quote.property_id != booking.property_id || quote.currency != booking.currency {
        return Err(Problem::unprocessable("not-modifiable", "a booking can only move to a stay at its own hotel"));
    }
    // Paid in part (a deposit) or at the hotel: what a change costs is not a
    // difference of payments here, so such bookings are changed by the hotel.
    let paid_in_full = |policy: Option<crate::upstream::contract::PaymentPolicyDto>| {
        policy.is_none_or(|p| p.kind == PaymentPolicyKind::Full)
    };
    if !paid_in_full(booking.payment_policy) || !paid_in_full(quote.payment_policy) {
        return Err(Problem::unprocessable(
            "not-modifiable",
            "only a booking paid in full, onto a rate paid in full, can be changed online",
        ));
    }
    let difference = quote.total - booking.total;
    let not_approved = |detail: &str| Problem::conflict("payment-not-approved", detail);
    match (&req.payment_session_id, difference > 0) {
        (None, false) => {}
        (Some(_), false) => return Err(not_approved("the new stay costs no more: no payment is taken")),
        (None, true) => return Err(not_approved("the new stay costs more: an approved payment of the difference")),
        (Some(id), true) => {
            let Some(session) = ledger.sessions.get(id) else { return Err(not_approved("no such payment session")) };
            if session.status(now) != PaymentStatus::Approved {
                return Err(not_approved("the payment session is not approved"));
            }
            if session.session.amount != difference || session.session.currency != booking.currency {
                return Err(not_approved("the approved amount is not the difference"));
            }
            if let Some(other) = &session.booking {
                return Err(Problem::conflict("payment-already-used", other.clone()));
            }
        }
    }
    let quote = quote.clone();
    let old_hold = booking.hold_id.clone();
    let mut sessions: Vec<String> = booking.payment_sessions().into_iter().map(str::to_owned).collect();
    sessions.extend(req.payment_session_id.clone());
    let Some(record) = ledger.bookings.get_mut(reference) else { return Err(unknown_hold()) };
    let b = &mut record.booking;
    b.hold_id = req.hold_id.clone();
    b.room_type_id = quote.room_type_id.clone();
    b.rate_plan_id = quote.rate_plan_id.clone();
    b.checkin = quote.checkin.clone();
    b.checkout = quote.checkout.clone();
    b.adults = quote.adults;
    b.children = quote.children.clone();
    b.rooms = quote.rooms;
    b.occupancy = quote.occupancy.clone();
    b.lines = quote.lines.clone();
    b.extras = quote.extras.clone();
    b.total = quote.total;
    // Paid in full: what the payments hold is the new total once the difference
    // is paid or refunded.
    b.due_now = b.due_now.map(|_| quote.total);
    b.due_at_hotel = b.due_at_hotel.map(|_| 0);
    b.nightly = quote.nightly.clone();
    b.cancellation = quote.cancellation.clone();
    b.payment_session_ids = sessions;
    b.modified_at = Some(now);
    let booking = b.clone();
    if let Some(old) = ledger.holds.get_mut(&old_hold) {
        old.hold.status = HoldStatus::Released;
    }
    if let Some(new) = ledger.holds.get_mut(&req.hold_id) {
        new.hold.status = HoldStatus::Converted;
        new.booking = Some(reference.to_owned());
    }
    if let Some(id) = &req.payment_session_id
        && let Some(session) = ledger.sessions.get_mut(id)
    {
        session.booking = Some(reference.to_owned());
    }
    Ok(booking)
}
