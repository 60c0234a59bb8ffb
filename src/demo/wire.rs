//! Request parsing and problem responses shared by the demo platform's handlers:
//! every refusal is RFC 9457 problem+json with a machine `code`, even a body
//! that is not JSON at all.

use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::domain::stay::{days_between, parse_iso_date};

/// A refusal, rendered by [`super::problem`].
#[derive(Debug)]
pub struct Problem {
    pub status: StatusCode,
    pub code: &'static str,
    pub detail: String,
}

impl Problem {
    pub fn new(status: StatusCode, code: &'static str, detail: impl Into<String>) -> Self {
        Self { status, code, detail: detail.into() }
    }

    pub fn not_found(code: &'static str, detail: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, code, detail)
    }

    pub fn conflict(code: &'static str, detail: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, code, detail)
    }

    pub fn unprocessable(code: &'static str, detail: impl Into<String>) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, code, detail)
    }

    pub fn bad_request(code: &'static str, detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, detail)
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        super::problem(self.status, self.code, &self.detail)
    }
}

/// A JSON body whose rejection is a problem (`bad-request`), not axum's plain text.
pub struct JsonBody<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for JsonBody<T> {
    type Rejection = Problem;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(value)) => Ok(Self(value)),
            Err(rejection) => Err(json_problem(&rejection)),
        }
    }
}

fn json_problem(rejection: &JsonRejection) -> Problem {
    Problem::new(rejection.status(), "bad-request", rejection.body_text())
}

/// The `Idempotency-Key` header every mutating reservations and payments call
/// must carry: 1–255 visible ASCII characters.
pub struct IdempotencyKey(pub String);

const MAX_IDEMPOTENCY_KEY_LEN: usize = 255;

impl<S: Send + Sync> FromRequestParts<S> for IdempotencyKey {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let Some(raw) = parts.headers.get("idempotency-key") else {
            return Err(Problem::bad_request(
                "idempotency-key-required",
                "this call changes state; send an Idempotency-Key header",
            ));
        };
        let key = raw.to_str().unwrap_or_default();
        let valid = (1..=MAX_IDEMPOTENCY_KEY_LEN).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_graphic());
        if !valid {
            return Err(Problem::bad_request(
                "idempotency-key-required",
                "Idempotency-Key must be 1–255 visible ASCII",
            ));
        }
        Ok(Self(key.to_owned()))
    }
}

/// What a replay of an idempotent call is compared by: the parsed body, so key
/// order and whitespace do not matter.
pub fn fingerprint(body: &impl Serialize) -> serde_json::Value {
    serde_json::to_value(body).unwrap_or_default()
}

/// The current time, to the millisecond (what the wire shows).
pub fn now() -> Timestamp {
    let now = Timestamp::now();
    now.round(jiff::Unit::Millisecond).unwrap_or(now)
}

/// `now + secs`.
pub fn after(now: Timestamp, secs: u64) -> Timestamp {
    let secs = i64::try_from(secs).unwrap_or(i64::MAX);
    now.checked_add(jiff::SignedDuration::from_secs(secs)).unwrap_or(Timestamp::MAX)
}

/// The nights of a 1–30 night stay starting no earlier than `today`.
pub fn parse_nights(checkin: &str, checkout: &str, today: Date) -> Result<Vec<Date>, Problem> {
    let (Some(checkin), Some(checkout)) = (parse_iso_date(checkin), parse_iso_date(checkout)) else {
        return Err(Problem::bad_request("bad-dates", "checkin and checkout must be YYYY-MM-DD"));
    };
    if checkin < today {
        return Err(Problem::bad_request("bad-stay", "check-in is in the past"));
    }
    let count = days_between(checkin, checkout);
    if !(1..=30).contains(&count) {
        return Err(Problem::bad_request("bad-stay", "a stay is 1–30 nights"));
    }
    Ok(checkin.series(jiff::Span::new().days(1)).take(count as usize).collect())
}

/// A random id with a type prefix, e.g. `q_3f9a…`.
pub fn random_id(prefix: &str) -> String {
    format!("{prefix}_{}", hex::encode(rand::random::<[u8; 12]>()))
}

/// Guest-facing reference characters: no 0/O or 1/I to misread. 32 of them, so
/// `byte % 32` is unbiased.
const REFERENCE_ALPHABET: &[u8; 32] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

/// A booking reference such as `AUR-7K3Q9X`.
pub fn booking_reference(prefix: &str) -> String {
    let suffix: String =
        rand::random::<[u8; 6]>().iter().map(|b| char::from(REFERENCE_ALPHABET[usize::from(b % 32)])).collect();
    format!("{prefix}-{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn nights_are_checked() {
        let today = date(2026, 11, 26);
        assert_eq!(parse_nights("2026-11-26", "2026-11-28", today).unwrap(), [date(2026, 11, 26), date(2026, 11, 27)]);
        for (checkin, checkout, code) in [
            ("2026-11-25", "2026-11-28", "bad-stay"),
            ("2026-11-28", "2026-11-28", "bad-stay"),
            ("2026-11-28", "2027-01-28", "bad-stay"),
            ("28/11/2026", "2026-11-29", "bad-dates"),
        ] {
            assert_eq!(parse_nights(checkin, checkout, today).unwrap_err().code, code, "{checkin}");
        }
    }

    #[test]
    fn references_use_the_unambiguous_alphabet() {
        let reference = booking_reference("AUR");
        assert_eq!(reference.len(), 10);
        assert!(reference.starts_with("AUR-"));
        assert!(reference[4..].bytes().all(|b| REFERENCE_ALPHABET.contains(&b)));
    }
}
