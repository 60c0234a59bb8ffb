//! The demo platform's mutable state: quotes, holds, bookings, payment sessions
//! and idempotency records, kept in one [`Ledger`] behind the mutex in
//! [`super::DemoState`]. Everything here is synchronous, so the lock is never
//! held across an await. Expiry is lazy: a record past its `expiresAt` simply
//! reads (and counts) as expired.

use std::collections::HashMap;

use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::inventory;
use super::seed::{SeedProperty, SeedRoomType};
use super::wire::Problem;
use crate::upstream::contract::{
    BookingDto, HoldDto, HoldStatus, PaymentSessionDto, PaymentSessionRequestDto, PaymentStatus, QuoteDto, RefundDto,
};

/// Lifetimes of quotes, holds and payment sessions, and how long an
/// availability answer may be reused (its `Cache-Control: max-age`; 0 sends
/// `no-store`); changed through `POST /__admin/config`.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Ttls {
    pub quote_ttl_secs: u64,
    pub hold_ttl_secs: u64,
    pub payment_ttl_secs: u64,
    /// Added to every exchange rate `/v1/fx` publishes: the market moved.
    #[serde(default)]
    pub fx_shift_ppm: i64,
    pub availability_max_age_secs: u64,
}

impl Default for Ttls {
    fn default() -> Self {
        Self {
            quote_ttl_secs: 15 * 60,
            hold_ttl_secs: 10 * 60,
            payment_ttl_secs: 30 * 60,
            availability_max_age_secs: AVAILABILITY_MAX_AGE_SECS,
            fx_shift_ppm: 0,
        }
    }
}

/// A few seconds: long enough that a burst of identical searches costs one
/// answer, short enough that a room sold a moment ago stops showing soon after
/// (the quote and the hold are the real check).
pub const AVAILABILITY_MAX_AGE_SECS: u64 = 5;

pub struct QuoteRecord {
    pub quote: QuoteDto,
    pub nights: Vec<Date>,
}

pub struct HoldRecord {
    /// As created; `status` is only ever `active`, `released` or `converted`
    /// here (expiry is computed by [`HoldRecord::status`]).
    pub hold: HoldDto,
    pub nights: Vec<Date>,
    pub attribution: Option<serde_json::Value>,
    /// The booking reference once converted.
    pub booking: Option<String>,
}

impl HoldRecord {
    pub fn status(&self, now: Timestamp) -> HoldStatus {
        match self.hold.status {
            HoldStatus::Active if now >= self.hold.expires_at => HoldStatus::Expired,
            status => status,
        }
    }

    pub fn view(&self, now: Timestamp) -> HoldDto {
        HoldDto { status: self.status(now), ..self.hold.clone() }
    }

    fn takes(&self, property_id: &str, room_type_id: &str, night: Date, now: Timestamp) -> u32 {
        let counts = matches!(self.status(now), HoldStatus::Active | HoldStatus::Converted)
            && self.hold.property_id == property_id
            && self.nights.contains(&night);
        if !counts {
            return 0;
        }
        if !self.hold.lines.is_empty() {
            // Room by room: each room takes a unit of its own type.
            return self.hold.lines.iter().filter(|l| l.room_type_id == room_type_id).count() as u32;
        }
        if self.hold.room_type_id == room_type_id { u32::from(self.hold.rooms) } else { 0 }
    }
}

pub struct BookingRecord {
    pub booking: BookingDto,
    pub attribution: Option<serde_json::Value>,
}

pub struct SessionRecord {
    pub request: PaymentSessionRequestDto,
    /// As last decided; an open or challenged session past `expires_at` reads as
    /// expired (see [`SessionRecord::view`]).
    pub session: PaymentSessionDto,
    /// The booking this approved payment paid for, once used.
    pub booking: Option<String>,
    /// Refunds of this payment, oldest first.
    pub refunds: Vec<RefundDto>,
}

impl SessionRecord {
    pub fn status(&self, now: Timestamp) -> PaymentStatus {
        match self.session.status {
            status if !status.is_final() && now >= self.session.expires_at => PaymentStatus::Expired,
            status => status,
        }
    }

    pub fn view(&self, now: Timestamp) -> PaymentSessionDto {
        PaymentSessionDto { status: self.status(now), ..self.session.clone() }
    }

    /// Where the browser goes after a final status: the merchant's return URL
    /// with `session={id}` appended (validated when the session was created).
    pub fn return_redirect(&self) -> String {
        match reqwest::Url::parse(&self.request.return_url) {
            Ok(mut url) => {
                url.query_pairs_mut().append_pair("session", &self.session.id);
                url.into()
            }
            Err(_) => self.request.return_url.clone(),
        }
    }
}

/// Which kind of call an idempotency key belongs to; keys are scoped per kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    Hold,
    Booking,
    PaymentSession,
    Refund,
    Cancel,
    Modify,
}

struct Remembered {
    fingerprint: serde_json::Value,
    id: String,
}

#[derive(Default)]
pub struct Ledger {
    pub ttls: Ttls,
    pub quotes: HashMap<String, QuoteRecord>,
    pub holds: HashMap<String, HoldRecord>,
    /// By reference.
    pub bookings: HashMap<String, BookingRecord>,
    pub sessions: HashMap<String, SessionRecord>,
    idempotency: HashMap<(Scope, String), Remembered>,
}

impl Ledger {
    /// The id created earlier under `key`, if the same request was made with it;
    /// `idempotency-key-reused` if a different one was.
    pub fn recall(&self, scope: Scope, key: &str, fingerprint: &serde_json::Value) -> Result<Option<String>, Problem> {
        match self.idempotency.get(&(scope, key.to_owned())) {
            None => Ok(None),
            Some(seen) if seen.fingerprint == *fingerprint => Ok(Some(seen.id.clone())),
            Some(_) => Err(Problem::unprocessable(
                "idempotency-key-reused",
                "this Idempotency-Key was already used with a different request body",
            )),
        }
    }

    /// Records a successful creation; failed attempts are not remembered, so a
    /// client may retry them with the same key.
    pub fn remember(&mut self, scope: Scope, key: String, fingerprint: serde_json::Value, id: String) {
        self.idempotency.insert((scope, key), Remembered { fingerprint, id });
    }

    /// The id created under `key` in `scope`, whatever the body was: what a
    /// client whose request timed out reads to learn whether it landed.
    pub fn created_under(&self, scope: Scope, key: &str) -> Option<&str> {
        self.idempotency.get(&(scope, key.to_owned())).map(|seen| seen.id.as_str())
    }

    /// Units of `room` free on every one of `nights`: the calendar minus active
    /// holds and bookings.
    pub fn free_units(
        &self,
        property: &SeedProperty,
        room: &SeedRoomType,
        today: Date,
        nights: &[Date],
        now: Timestamp,
    ) -> u32 {
        nights
            .iter()
            .map(|night| {
                let taken: u32 = self.holds.values().map(|h| h.takes(property.id, room.id, *night, now)).sum();
                inventory::calendar_units(room, today, *night).saturating_sub(taken)
            })
            .min()
            .unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::seed::property;
    use jiff::civil::date;
    use serde_json::json;

    fn hold(status: HoldStatus, expires_at: Timestamp, nights: Vec<Date>) -> HoldRecord {
        HoldRecord {
            hold: HoldDto {
                id: "h_1".into(),
                quote_id: "q_1".into(),
                property_id: "aurora-lisbon".into(),
                room_type_id: "rooftop-loft".into(),
                rate_plan_id: "flex".into(),
                rooms: 1,
                occupancy: Vec::new(),
                checkin: nights[0].to_string(),
                checkout: nights[nights.len() - 1].tomorrow().unwrap().to_string(),
                expires_at,
                status,
                lines: Vec::new(),
                extras: Vec::new(),
            },
            nights,
            attribution: None,
            booking: None,
        }
    }

    #[test]
    fn a_key_replays_only_its_own_request() {
        let mut ledger = Ledger::default();
        ledger.remember(Scope::Hold, "k".into(), json!({ "quoteId": "q_1" }), "h_1".into());
        assert_eq!(ledger.recall(Scope::Hold, "k", &json!({ "quoteId": "q_1" })).unwrap(), Some("h_1".into()));
        assert_eq!(ledger.recall(Scope::Booking, "k", &json!({ "quoteId": "q_1" })).unwrap(), None);
        let reused = ledger.recall(Scope::Hold, "k", &json!({ "quoteId": "q_2" })).unwrap_err();
        assert_eq!(reused.code, "idempotency-key-reused");
    }

    #[test]
    fn holds_count_until_they_expire_or_are_released() {
        let p = property("aurora-lisbon").unwrap();
        let loft = p.room_types.iter().find(|r| r.id == "rooftop-loft").unwrap();
        let today = date(2026, 11, 26);
        let nights = vec![date(2026, 12, 27)]; // offset 31: the loft is open
        let now: Timestamp = "2026-11-26T10:00:00Z".parse().unwrap();
        let later: Timestamp = "2026-11-26T10:10:00Z".parse().unwrap();
        let mut ledger = Ledger::default();
        assert_eq!(ledger.free_units(p, loft, today, &nights, now), 1);

        ledger.holds.insert("h_1".into(), hold(HoldStatus::Active, later, nights.clone()));
        assert_eq!(ledger.free_units(p, loft, today, &nights, now), 0);
        assert_eq!(ledger.free_units(p, loft, today, &nights, later), 1, "expired at expiresAt");
        assert_eq!(ledger.holds["h_1"].view(later).status, HoldStatus::Expired);

        ledger.holds.insert("h_1".into(), hold(HoldStatus::Converted, now, nights.clone()));
        assert_eq!(ledger.free_units(p, loft, today, &nights, later), 0, "a booking never expires");
        ledger.holds.insert("h_1".into(), hold(HoldStatus::Released, later, nights.clone()));
        assert_eq!(ledger.free_units(p, loft, today, &nights, now), 1);
    }
}
