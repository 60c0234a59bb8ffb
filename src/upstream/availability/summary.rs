//! The availability answer read as far as a search result needs it, in one
//! pass over the body without serde.
//!
//! A search result reads a tenth of an availability answer (the currency, the
//! restrictions, each room's id, name, occupancy, units left and its rates'
//! totals and flags, the promo's outcome); the rest — descriptions,
//! cancellation terms, nightly prices, payment terms, photos — is skipped.
//! serde_json tokenises every skipped value as it would read it (each number
//! parsed, each key of each skipped object matched), which was most of the
//! decode's cost; here a skipped value is passed over by finding its end:
//! strings with `memchr`, objects and arrays by their brackets.
//!
//! What is read is checked as strictly as serde_json checks it (a missing or
//! repeated field, a wrong type, an integer out of range, text after the
//! answer: each refuses the answer). A skipped value is checked for its
//! structure only (balanced brackets, closed strings, plain literals and
//! numbers), not for every rule of the grammar: a skipped description with a
//! raw control character is passed over where serde_json would refuse the
//! answer. A property test checks that whatever serde_json reads, this reads
//! the same.

use std::borrow::Cow;

use super::{AvailabilitySummaryDto, RateTotalDto, RoomSummaryDto};
use crate::upstream::contract::{PromoDto, PromoKind, PromoStatus, RestrictionsDto};

/// Why an answer was refused, with the byte offset it was noticed at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanError {
    pub what: &'static str,
    pub at: usize,
}

impl std::fmt::Display for ScanError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} at byte {}", self.what, self.at)
    }
}

type Result<T> = std::result::Result<T, ScanError>;

/// Nesting deeper than this is refused (serde_json refuses past 128).
const MAX_DEPTH: usize = 128;

/// Reads a search result's part of an availability answer.
pub fn read(text: &str) -> Result<AvailabilitySummaryDto> {
    let mut r = Reader { s: text, b: text.as_bytes(), i: 0 };
    let summary = r.summary()?;
    r.ws();
    if r.i != r.b.len() {
        return Err(r.error("trailing characters"));
    }
    Ok(summary)
}

struct Reader<'a> {
    s: &'a str,
    b: &'a [u8],
    i: usize,
}

/// A field read at most once: a repeated one refuses the answer, as serde's
/// derived readers do.
fn once<T>(slot: &mut Option<T>, value: T, r: &Reader<'_>) -> Result<()> {
    if slot.replace(value).is_some() {
        return Err(r.error("duplicate field"));
    }
    Ok(())
}

fn required<T>(slot: Option<T>, r: &Reader<'_>, what: &'static str) -> Result<T> {
    slot.ok_or_else(|| r.error(what))
}

impl<'a> Reader<'a> {
    fn error(&self, what: &'static str) -> ScanError {
        ScanError { what, at: self.i }
    }

    fn ws(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.b.get(self.i) {
            self.i += 1;
        }
    }

    fn peek(&mut self) -> Option<u8> {
        self.ws();
        self.b.get(self.i).copied()
    }

    fn eat(&mut self, byte: u8, what: &'static str) -> Result<()> {
        if self.peek() != Some(byte) {
            return Err(self.error(what));
        }
        self.i += 1;
        Ok(())
    }

    /// The members of an object: `member` is given each key and must read or
    /// skip its value.
    fn object(&mut self, mut member: impl FnMut(&mut Self, Cow<'a, str>) -> Result<()>) -> Result<()> {
        self.eat(b'{', "expected an object")?;
        if self.peek() == Some(b'}') {
            self.i += 1;
            return Ok(());
        }
        loop {
            if self.peek() != Some(b'"') {
                return Err(self.error("expected a key"));
            }
            let key = self.string()?;
            self.eat(b':', "expected `:`")?;
            member(self, key)?;
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b'}') => {
                    self.i += 1;
                    return Ok(());
                }
                _ => return Err(self.error("expected `,` or `}`")),
            }
        }
    }

    /// The elements of an array, each read by `element`.
    fn array<T>(&mut self, mut element: impl FnMut(&mut Self) -> Result<T>) -> Result<Vec<T>> {
        self.eat(b'[', "expected an array")?;
        let mut out = Vec::new();
        if self.peek() == Some(b']') {
            self.i += 1;
            return Ok(out);
        }
        loop {
            out.push(element(self)?);
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b']') => {
                    self.i += 1;
                    return Ok(out);
                }
                _ => return Err(self.error("expected `,` or `]`")),
            }
        }
    }

    /// A string, borrowed from the body unless it has escapes.
    fn string(&mut self) -> Result<Cow<'a, str>> {
        self.eat(b'"', "expected a string")?;
        let start = self.i;
        loop {
            let Some(at) = memchr::memchr2(b'"', b'\\', &self.b[self.i..]) else {
                self.i = self.b.len();
                return Err(self.error("unterminated string"));
            };
            let at = self.i + at;
            if self.b[at] == b'"' {
                let raw = &self.b[start..at];
                if raw.iter().any(|&c| c < 0x20) {
                    self.i = at;
                    return Err(self.error("control character in a string"));
                }
                self.i = at + 1;
                // `"` is ASCII: the slice between two quotes is whole characters.
                return self.s.get(start..at).map(Cow::Borrowed).ok_or_else(|| self.error("invalid UTF-8"));
            }
            self.i = at;
            return self.escaped(start).map(Cow::Owned);
        }
    }

    /// The rest of a string that has escapes, from `start` (after its quote);
    /// `self.i` is at its first backslash.
    fn escaped(&mut self, start: usize) -> Result<String> {
        let mut out = String::new();
        let mut run = start;
        loop {
            let Some(&c) = self.b.get(self.i) else { return Err(self.error("unterminated string")) };
            match c {
                b'"' => {
                    out.push_str(self.utf8(run)?);
                    self.i += 1;
                    return Ok(out);
                }
                b'\\' => {
                    out.push_str(self.utf8(run)?);
                    self.i += 1;
                    let Some(&e) = self.b.get(self.i) else { return Err(self.error("unterminated string")) };
                    self.i += 1;
                    match e {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => out.push(self.unicode_escape()?),
                        _ => return Err(self.error("invalid escape")),
                    }
                    run = self.i;
                }
                0..0x20 => return Err(self.error("control character in a string")),
                _ => self.i += 1,
            }
        }
    }

    fn utf8(&self, from: usize) -> Result<&'a str> {
        self.s.get(from..self.i).ok_or_else(|| self.error("invalid UTF-8"))
    }

    /// The character of a `\uXXXX` escape (after its `u`), a surrogate pair
    /// joined; a lone surrogate is refused, as serde_json refuses it.
    fn unicode_escape(&mut self) -> Result<char> {
        let high = self.hex4()?;
        let code = if (0xD800..0xDC00).contains(&high) {
            if self.b.get(self.i..self.i + 2) != Some(b"\\u") {
                return Err(self.error("lone surrogate"));
            }
            self.i += 2;
            let low = self.hex4()?;
            if !(0xDC00..0xE000).contains(&low) {
                return Err(self.error("lone surrogate"));
            }
            0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
        } else {
            high
        };
        char::from_u32(code).ok_or_else(|| self.error("lone surrogate"))
    }

    fn hex4(&mut self) -> Result<u32> {
        let digits = self.b.get(self.i..self.i + 4).ok_or_else(|| self.error("invalid escape"))?;
        let mut code = 0;
        for &d in digits {
            let v = (d as char).to_digit(16).ok_or_else(|| self.error("invalid escape"))?;
            code = code * 16 + v;
        }
        self.i += 4;
        Ok(code)
    }

    /// An integer (no fraction, no exponent), as serde reads one into an
    /// integer field.
    fn integer(&mut self) -> Result<i64> {
        self.ws();
        let start = self.i;
        let negative = self.b.get(self.i) == Some(&b'-');
        if negative {
            self.i += 1;
        }
        let digits = self.i;
        let mut value: i64 = 0;
        while let Some(&d @ b'0'..=b'9') = self.b.get(self.i) {
            let digit = i64::from(d - b'0');
            value = value
                .checked_mul(10)
                .and_then(|v| if negative { v.checked_sub(digit) } else { v.checked_add(digit) })
                .ok_or_else(|| ScanError { what: "number out of range", at: start })?;
            self.i += 1;
        }
        let count = self.i - digits;
        if count == 0 || (count > 1 && self.b[digits] == b'0') {
            return Err(ScanError { what: "expected an integer", at: start });
        }
        if let Some(b'.' | b'e' | b'E') = self.b.get(self.i) {
            return Err(ScanError { what: "expected an integer", at: start });
        }
        Ok(value)
    }

    fn unsigned<T: TryFrom<i64>>(&mut self) -> Result<T> {
        let at = self.i;
        let value = self.integer()?;
        T::try_from(value).map_err(|_| ScanError { what: "number out of range", at })
    }

    fn bool(&mut self) -> Result<bool> {
        self.ws();
        if self.literal(b"true") {
            Ok(true)
        } else if self.literal(b"false") {
            Ok(false)
        } else {
            Err(self.error("expected a boolean"))
        }
    }

    /// `null` (consumed, `true`) or something else (left as it is).
    fn null(&mut self) -> bool {
        self.ws();
        self.literal(b"null")
    }

    fn literal(&mut self, word: &[u8]) -> bool {
        if self.b[self.i..].starts_with(word) {
            self.i += word.len();
            true
        } else {
            false
        }
    }

    /// Passes over one value of any kind, checking its structure only.
    fn skip(&mut self) -> Result<()> {
        match self.peek() {
            Some(b'"') => self.skip_string(),
            Some(b'{' | b'[') => self.skip_container(),
            Some(_) => self.skip_scalar(),
            None => Err(self.error("expected a value")),
        }
    }

    /// After a string's opening quote's position: to after its closing quote.
    fn skip_string(&mut self) -> Result<()> {
        self.i += 1;
        loop {
            let Some(at) = memchr::memchr2(b'"', b'\\', &self.b[self.i..]) else {
                self.i = self.b.len();
                return Err(self.error("unterminated string"));
            };
            self.i += at + 1;
            if self.b[self.i - 1] == b'"' {
                return Ok(());
            }
            // A backslash: whatever it escapes is not the end.
            self.i += 1;
        }
    }

    /// An object or an array: to after its closing bracket, each bracket
    /// matched with its own kind.
    fn skip_container(&mut self) -> Result<()> {
        // One bit per open container: set for an object.
        let mut stack: u128 = 0;
        let mut depth = 0usize;
        while let Some(&c) = self.b.get(self.i) {
            match c {
                b'"' => {
                    self.skip_string()?;
                    continue;
                }
                b'{' | b'[' => {
                    if depth == MAX_DEPTH {
                        return Err(self.error("nested too deeply"));
                    }
                    stack = (stack << 1) | u128::from(c == b'{');
                    depth += 1;
                }
                b'}' | b']' => {
                    if depth == 0 || (stack & 1 == 1) != (c == b'}') {
                        return Err(self.error("mismatched bracket"));
                    }
                    stack >>= 1;
                    depth -= 1;
                    if depth == 0 {
                        self.i += 1;
                        return Ok(());
                    }
                }
                b',' | b':' | b' ' | b'\n' | b'\r' | b'\t' => {}
                _ => {
                    self.skip_scalar()?;
                    continue;
                }
            }
            self.i += 1;
        }
        Err(self.error("unterminated object or array"))
    }

    /// `true`, `false`, `null` or a number: to its end, checking it is one of them.
    fn skip_scalar(&mut self) -> Result<()> {
        let start = self.i;
        while let Some(&c) = self.b.get(self.i) {
            if matches!(c, b',' | b'}' | b']' | b':' | b' ' | b'\n' | b'\r' | b'\t') {
                break;
            }
            self.i += 1;
        }
        let token = &self.b[start..self.i];
        let valid = matches!(token, b"true" | b"false" | b"null")
            || (!token.is_empty()
                && token.iter().all(|c| matches!(c, b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E'))
                && matches!(token.last(), Some(b'0'..=b'9')));
        if valid { Ok(()) } else { Err(ScanError { what: "expected a value", at: start }) }
    }

    fn summary(&mut self) -> Result<AvailabilitySummaryDto> {
        let (mut currency, mut restrictions, mut room_types, mut promo) = (None, None, None, None);
        self.object(|r, key| match &*key {
            "currency" => {
                let value = r.string()?.into_owned();
                once(&mut currency, value, r)
            }
            "restrictions" => {
                let value = r.restrictions()?;
                once(&mut restrictions, value, r)
            }
            "roomTypes" => {
                let value = r.array(Self::room)?;
                once(&mut room_types, value, r)
            }
            "promo" => {
                let value = if r.null() { None } else { Some(r.promo()?) };
                once(&mut promo, value, r)
            }
            _ => r.skip(),
        })?;
        Ok(AvailabilitySummaryDto {
            currency: required(currency, self, "missing field `currency`")?,
            restrictions: required(restrictions, self, "missing field `restrictions`")?,
            room_types: required(room_types, self, "missing field `roomTypes`")?,
            promo: promo.flatten(),
        })
    }

    fn restrictions(&mut self) -> Result<RestrictionsDto> {
        let (mut closed, mut min_stay) = (None, None);
        self.object(|r, key| match &*key {
            "closedToArrival" => {
                let value = r.bool()?;
                once(&mut closed, value, r)
            }
            "minStay" => {
                let value = if r.null() { None } else { Some(r.unsigned::<u32>()?) };
                once(&mut min_stay, value, r)
            }
            _ => r.skip(),
        })?;
        Ok(RestrictionsDto {
            closed_to_arrival: required(closed, self, "missing field `closedToArrival`")?,
            min_stay: min_stay.flatten(),
        })
    }

    fn room(&mut self) -> Result<RoomSummaryDto> {
        let (mut id, mut name, mut max_occupancy, mut units_left, mut rate_plans) = (None, None, None, None, None);
        self.object(|r, key| match &*key {
            "id" => {
                let value = r.string()?.into_owned();
                once(&mut id, value, r)
            }
            "name" => {
                let value = r.string()?.into_owned();
                once(&mut name, value, r)
            }
            "maxOccupancy" => {
                let value = r.unsigned::<u8>()?;
                once(&mut max_occupancy, value, r)
            }
            "unitsLeft" => {
                let value = r.unsigned::<u32>()?;
                once(&mut units_left, value, r)
            }
            "ratePlans" => {
                let value = r.array(Self::rate)?;
                once(&mut rate_plans, value, r)
            }
            _ => r.skip(),
        })?;
        Ok(RoomSummaryDto {
            id: required(id, self, "missing field `id`")?,
            name: required(name, self, "missing field `name`")?,
            max_occupancy: required(max_occupancy, self, "missing field `maxOccupancy`")?,
            units_left: required(units_left, self, "missing field `unitsLeft`")?,
            rate_plans: required(rate_plans, self, "missing field `ratePlans`")?,
        })
    }

    fn rate(&mut self) -> Result<RateTotalDto> {
        let (mut total, mut refundable, mut breakfast) = (None, None, None);
        self.object(|r, key| match &*key {
            "total" => {
                let value = r.integer()?;
                once(&mut total, value, r)
            }
            "refundable" => {
                let value = r.bool()?;
                once(&mut refundable, value, r)
            }
            "breakfastIncluded" => {
                let value = r.bool()?;
                once(&mut breakfast, value, r)
            }
            _ => r.skip(),
        })?;
        Ok(RateTotalDto {
            total: required(total, self, "missing field `total`")?,
            refundable: required(refundable, self, "missing field `refundable`")?,
            breakfast_included: required(breakfast, self, "missing field `breakfastIncluded`")?,
        })
    }

    fn promo(&mut self) -> Result<PromoDto> {
        let (mut code, mut status, mut kind) = (None, None, None);
        self.object(|r, key| match &*key {
            "code" => {
                let value = r.string()?.into_owned();
                once(&mut code, value, r)
            }
            "status" => {
                let value = match &*r.string()? {
                    "applied" => PromoStatus::Applied,
                    "expired" => PromoStatus::Expired,
                    "unknown" => PromoStatus::Unknown,
                    _ => return Err(r.error("unknown promo status")),
                };
                once(&mut status, value, r)
            }
            "kind" => {
                let value = match &*r.string()? {
                    "discount" => PromoKind::Discount,
                    "negotiated" => PromoKind::Negotiated,
                    _ => return Err(r.error("unknown promo kind")),
                };
                once(&mut kind, value, r)
            }
            _ => r.skip(),
        })?;
        Ok(PromoDto {
            code: required(code, self, "missing field `code`")?,
            status: required(status, self, "missing field `status`")?,
            kind: required(kind, self, "missing field `kind`")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use serde_json::{Value, json};

    use super::*;

    /// What serde reads of `text` (the derive this reader stands in for).
    fn serde(text: &str) -> std::result::Result<AvailabilitySummaryDto, serde_json::Error> {
        serde_json::from_str(text)
    }

    fn demo_answer() -> Value {
        json!({"propertyId":"aurora-lisbon","currency":"EUR","checkin":"2027-01-07","checkout":"2027-01-09","nights":2,
            "restrictions":{"closedToArrival":false,"minStay":null},
            "roomTypes":[{"id":"classic-double","name":"Classic Double","description":"A calm room.","maxOccupancy":2,
                "bedding":"1 queen bed","sizeSqm":22,"unitsLeft":4,
                "ratePlans":[{"id":"flex","name":"Flexible","refundable":true,"breakfastIncluded":false,
                    "cancellationPolicy":"Free cancellation until 2 days before arrival.",
                    "cancellation":{"refundable":true,"daysBefore":2,"hoursBefore":0,"penalty":{"nights":1}},
                    "nightly":[{"date":"2027-01-07","amount":14500},{"date":"2027-01-08","amount":17110}],
                    "roomTotal":31610,"taxes":1897,"fees":1600,"total":35107,"paymentPolicy":{"kind":"full"},
                    "dueNow":35107,"dueAtHotel":0}],
                "images":[{"variants":[{"url":"https://img.example/a.jpg","width":640,"height":480}],"alt":"A [room]"}]}],
            "promo":{"code":"SPRING","status":"applied","kind":"discount"}})
    }

    #[test]
    fn reads_what_serde_reads_of_an_answer() {
        let body = demo_answer();
        for text in [body.to_string(), serde_json::to_string_pretty(&body).unwrap()] {
            assert_eq!(read(&text).unwrap(), serde(&text).unwrap());
        }
    }

    #[test]
    fn refuses_what_serde_refuses_in_what_it_reads() {
        let cases: &[(&str, Value)] = &[
            ("/currency", json!(1)),
            ("/restrictions/closedToArrival", json!("no")),
            ("/restrictions/minStay", json!(-1)),
            ("/roomTypes/0/maxOccupancy", json!(256)),
            ("/roomTypes/0/unitsLeft", json!(1.5)),
            ("/roomTypes/0/ratePlans/0/total", json!(1e3)),
            ("/roomTypes/0/ratePlans/0/total", json!(u64::MAX)),
            ("/roomTypes/0/ratePlans", json!({})),
            ("/promo/status", json!("pending")),
            ("/promo/kind", json!(null)),
        ];
        for (pointer, value) in cases {
            let mut body = demo_answer();
            *body.pointer_mut(pointer).unwrap() = value.clone();
            let text = body.to_string();
            assert!(serde(&text).is_err(), "{pointer}");
            assert!(read(&text).is_err(), "{pointer} = {value}");
        }
        for missing in ["currency", "restrictions", "roomTypes"] {
            let mut body = demo_answer();
            body.as_object_mut().unwrap().remove(missing);
            assert!(read(&body.to_string()).is_err(), "{missing}");
        }
        let text = demo_answer().to_string();
        for broken in [
            format!("{text} x"),
            text.replacen("\"currency\":\"EUR\"", "\"currency\":\"EUR\",\"currency\":\"GBP\"", 1),
            text.replacen("\"nights\":2", "\"nights\":[2", 1),
            text.replacen("\"nights\":2", "\"nights\":{]", 1),
            text.replacen("\"nights\":2", "\"nights\":tru", 1),
            text.replacen("\"nights\":2", "\"nights\":\"2", 1),
            text[..text.len() - 1].to_owned(),
            format!("{}{}", "[".repeat(200), "]".repeat(200)),
        ] {
            assert!(read(&broken).is_err(), "{broken}");
        }
    }

    #[test]
    fn absent_and_null_promo_and_min_stay_are_none() {
        let mut body = demo_answer();
        body["promo"] = Value::Null;
        body["restrictions"]["minStay"] = json!(3);
        let read_back = read(&body.to_string()).unwrap();
        assert_eq!(read_back.promo, None);
        assert_eq!(read_back.restrictions.min_stay, Some(3));
        body.as_object_mut().unwrap().remove("promo");
        assert_eq!(read(&body.to_string()).unwrap(), serde(&body.to_string()).unwrap());
    }

    /// Any JSON at all, for the fields the reader skips.
    fn any_json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(Value::from),
            "\\PC{0,12}".prop_map(Value::from),
            "[\"\\\\/\\[\\]{}:, \u{1}\u{1f}é😀]{0,8}".prop_map(Value::from),
        ];
        leaf.prop_recursive(4, 32, 5, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..5).prop_map(Value::from),
                proptest::collection::btree_map("[a-zA-Z\"\\\\]{0,6}", inner, 0..5)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    /// Answers of every shape the contract allows, with anything in the
    /// skipped fields, and text with escapes in the read ones.
    fn any_answer() -> impl Strategy<Value = (Value, bool)> {
        let text = "[a-z \"\\\\/é😀\u{1}\u{1f}]{0,10}";
        let rate = (any::<i64>(), any::<bool>(), any::<bool>(), any_json())
            .prop_map(|(total, refundable, breakfast, extra)| {
                json!({"id":"r","total":total,"refundable":refundable,"breakfastIncluded":breakfast,"extra":extra})
            });
        let room = (text, text, any::<u8>(), any::<u32>(), proptest::collection::vec(rate, 0..4), any_json())
            .prop_map(|(id, name, occupancy, left, rates, description)| {
                json!({"description":description,"id":id,"name":name,"maxOccupancy":occupancy,
                    "unitsLeft":left,"ratePlans":rates})
            });
        let promo = prop_oneof![
            Just(None),
            Just(Some(Value::Null)),
            Just(Some(json!({"code":"X","status":"expired","kind":"negotiated"}))),
        ];
        (
            "[A-Z]{3}",
            any::<bool>(),
            proptest::option::of(any::<u32>()),
            proptest::collection::vec(room, 0..4),
            promo,
            any_json(),
            any::<bool>(),
        )
            .prop_map(|(currency, closed, min_stay, rooms, promo, extra, pretty)| {
                let mut body = json!({"extra":extra,"currency":currency,
                    "restrictions":{"closedToArrival":closed,"minStay":min_stay},"roomTypes":rooms});
                if let Some(promo) = promo {
                    body["promo"] = promo;
                }
                (body, pretty)
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        #[test]
        fn reads_every_answer_as_serde_does((body, pretty) in any_answer()) {
            let text = if pretty { serde_json::to_string_pretty(&body).unwrap() } else { body.to_string() };
            prop_assert_eq!(read(&text).unwrap(), serde(&text).unwrap());
        }

        /// Whatever serde reads of a damaged answer, this reads the same; it
        /// never panics on any of them.
        #[test]
        fn a_damaged_answer_serde_reads_is_read_the_same(
            (body, _) in any_answer(),
            at in any::<prop::sample::Index>(),
            cut in 0usize..3,
            byte in prop_oneof![Just(b'"'), Just(b'\\'), Just(b'{'), Just(b']'), Just(b','), Just(b'1'), Just(b' ')],
        ) {
            let mut bytes = body.to_string().into_bytes();
            let at = at.index(bytes.len());
            match cut {
                0 => { bytes.remove(at); }
                1 => bytes.insert(at, byte),
                _ => bytes[at] = byte,
            }
            let Ok(text) = String::from_utf8(bytes) else { return Ok(()) };
            let ours = read(&text);
            if let Ok(theirs) = serde(&text) {
                prop_assert_eq!(ours.unwrap(), theirs);
            }
        }
    }
}
