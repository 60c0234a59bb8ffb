//! Money as integer minor units with an ISO 4217 currency. No floats anywhere.

use std::fmt;

use serde::{Deserialize, Serialize};

/// An ISO 4217 alphabetic code: exactly three ASCII upper-case letters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency([u8; 3]);

impl Currency {
    pub fn parse(raw: &str) -> Option<Self> {
        let bytes = raw.trim().as_bytes();
        if bytes.len() != 3 || !bytes.iter().all(u8::is_ascii_alphabetic) {
            return None;
        }
        let mut code = [0u8; 3];
        for (slot, b) in code.iter_mut().zip(bytes) {
            *slot = b.to_ascii_uppercase();
        }
        Some(Self(code))
    }

    pub fn as_str(&self) -> &str {
        // Only ASCII letters are ever stored.
        std::str::from_utf8(&self.0).unwrap_or("XXX")
    }

    /// Digits after the decimal point (ISO 4217 exponent) for the currencies we
    /// format; everything else defaults to two.
    /// (Matched on the code's bytes: every price formatted asks, and going
    /// through `as_str` checked the UTF-8 each time.)
    pub fn exponent(&self) -> u32 {
        match &self.0 {
            b"JPY" | b"KRW" | b"ISK" | b"CLP" | b"VND" => 0,
            b"BHD" | b"KWD" | b"OMR" | b"JOD" | b"TND" => 3,
            _ => 2,
        }
    }

    pub fn symbol(&self) -> Option<&'static str> {
        match &self.0 {
            b"EUR" => Some("€"),
            b"GBP" => Some("£"),
            b"USD" => Some("$"),
            b"JPY" => Some("¥"),
            _ => None,
        }
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Currency {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Read from the string as the decoder holds it: every amount of a stored
/// draft carries a currency, and a `String` for each was most of a draft's
/// allocations.
impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        super::parsed::parse_in_place(d, "an ISO 4217 currency code", Currency::parse)?
            .ok_or_else(|| serde::de::Error::custom("not an ISO 4217 currency code"))
    }
}

/// An amount in minor units (cents, pence) of a currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Money {
    /// Minor units; `12345` EUR is €123.45.
    pub amount: i64,
    pub currency: Currency,
}

impl Money {
    pub fn new(amount: i64, currency: Currency) -> Self {
        Self { amount, currency }
    }

    pub fn zero(currency: Currency) -> Self {
        Self::new(0, currency)
    }

    /// Sum of two amounts of the same currency; `None` on a currency mismatch or
    /// overflow.
    pub fn checked_add(self, other: Money) -> Option<Money> {
        (self.currency == other.currency)
            .then(|| self.amount.checked_add(other.amount))
            .flatten()
            .map(|amount| Money::new(amount, self.currency))
    }

    /// This amount shared over `parts` (a stay's nights), rounded half away
    /// from zero to a minor unit: the price per night a calendar day shows
    /// (€230.01 over two nights is €115.01). Zero parts leave it whole.
    pub fn per(self, parts: u32) -> Money {
        let (amount, parts) = (i128::from(self.amount), i128::from(parts.max(1)));
        let rounded = if amount >= 0 { (2 * amount + parts) / (2 * parts) } else { (2 * amount - parts) / (2 * parts) };
        Money::new(i64::try_from(rounded).unwrap_or(self.amount), self.currency)
    }

    /// Formats as `€1,234.50` (English grouping). Locale-aware formatting comes
    /// from the i18n layer; this is the neutral default.
    pub fn display(&self) -> String {
        // Written digit by digit into one buffer: a results page formats a
        // dozen prices, and `format!` with a grouping pass cost 2.5 K
        // instructions each.
        let exp = self.currency.exponent();
        let abs = self.amount.unsigned_abs();
        let unit = 10u64.pow(exp);
        let (major, minor) = (abs / unit, abs % unit);
        let mut out = String::with_capacity(32);
        if self.amount < 0 {
            out.push('-');
        }
        if let Some(sym) = self.currency.symbol() {
            out.push_str(sym);
        }
        let mut digits = [0u8; 20];
        let mut n = major;
        let mut len = 0;
        loop {
            digits[len] = b'0' + (n % 10) as u8;
            len += 1;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        for i in (0..len).rev() {
            out.push(char::from(digits[i]));
            if i > 0 && i % 3 == 0 {
                out.push(',');
            }
        }
        if exp > 0 {
            out.push('.');
            let mut place = unit / 10;
            while place > 0 {
                out.push(char::from(b'0' + ((minor / place) % 10) as u8));
                place /= 10;
            }
        }
        if self.currency.symbol().is_none() {
            out.push(' ');
            out.push_str(self.currency.as_str());
        }
        out
    }
}

/// `amount × basis_points / 10_000`, rounded half away from zero, in integers.
pub fn apply_basis_points(amount: i64, basis_points: i64) -> i64 {
    let product = i128::from(amount) * i128::from(basis_points);
    let rounded = if product >= 0 { (product + 5_000) / 10_000 } else { (product - 5_000) / 10_000 };
    i64::try_from(rounded).unwrap_or(if rounded > 0 { i64::MAX } else { i64::MIN })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eur() -> Currency {
        Currency::parse("eur").unwrap()
    }

    #[test]
    fn formats_minor_units_with_grouping() {
        assert_eq!(Money::new(12_345_678, eur()).display(), "€123,456.78");
        assert_eq!(Money::new(5, eur()).display(), "€0.05");
        assert_eq!(Money::new(-150, eur()).display(), "-€1.50");
        assert_eq!(Money::new(1000, Currency::parse("JPY").unwrap()).display(), "¥1,000");
        assert_eq!(Money::new(1000, Currency::parse("CHF").unwrap()).display(), "10.00 CHF");
    }

    #[test]
    fn a_stored_amount_reads_back_with_its_currency_however_the_code_is_written() {
        let read = |json: &str| serde_json::from_str::<Money>(json).ok();
        assert_eq!(read(r#"{"amount":150,"currency":"EUR"}"#), Some(Money::new(150, eur())));
        // An escaped code is decoded into a scratch buffer, not borrowed.
        assert_eq!(read(r#"{"amount":150,"currency":"\u0045UR"}"#), Some(Money::new(150, eur())));
        assert_eq!(read(r#"{"amount":150,"currency":" eur "}"#), Some(Money::new(150, eur())));
        assert_eq!(read(r#"{"amount":150,"currency":"EURO"}"#), None);
        assert_eq!(read(r#"{"amount":150,"currency":978}"#), None);
        let value = serde_json::json!({"amount": 150, "currency": "EUR"});
        assert_eq!(serde_json::from_value::<Money>(value).ok(), Some(Money::new(150, eur())));
    }

    #[test]
    fn exponents_and_symbols_by_code() {
        let c = |code| Currency::parse(code).unwrap();
        assert_eq!((c("JPY").exponent(), c("BHD").exponent(), c("EUR").exponent(), c("CHF").exponent()), (0, 3, 2, 2));
        assert_eq!((c("GBP").symbol(), c("usd").symbol(), c("CHF").symbol()), (Some("£"), Some("$"), None));
    }

    #[test]
    fn a_share_rounds_half_away_from_zero_in_minor_units() {
        let m = |a| Money::new(a, eur());
        assert_eq!(m(23_000).per(2), m(11_500));
        assert_eq!(m(23_001).per(2), m(11_501));
        assert_eq!(m(10_000).per(3), m(3_333));
        assert_eq!(m(20_000).per(3), m(6_667));
        assert_eq!(m(-23_001).per(2), m(-11_501));
        assert_eq!(m(500).per(0), m(500));
        assert_eq!(m(i64::MAX).per(1), m(i64::MAX));
    }

    /// The straightforward formatting the fast one replaced, as the oracle.
    fn display_by_format(m: Money) -> String {
        let exp = m.currency.exponent();
        let unit = 10u64.pow(exp);
        let (major, minor) = (m.amount.unsigned_abs() / unit, m.amount.unsigned_abs() % unit);
        let digits = major.to_string();
        let mut grouped = String::new();
        for (i, ch) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(ch);
        }
        let sign = if m.amount < 0 { "-" } else { "" };
        let number = if exp == 0 { grouped } else { format!("{grouped}.{minor:0width$}", width = exp as usize) };
        match m.currency.symbol() {
            Some(sym) => format!("{sign}{sym}{number}"),
            None => format!("{sign}{number} {}", m.currency),
        }
    }

    proptest::proptest! {
        #[test]
        fn formats_like_the_plain_algorithm(amount in proptest::num::i64::ANY, code in 0usize..6) {
            let currency = Currency::parse(["EUR", "JPY", "KWD", "CHF", "GBP", "USD"][code]).unwrap();
            let m = Money::new(amount, currency);
            proptest::prop_assert_eq!(m.display(), display_by_format(m));
        }
    }

    #[test]
    fn rejects_malformed_currency_codes() {
        for bad in ["", "EU", "EURO", "E1R", "€€€", "<b>"] {
            assert!(Currency::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn adds_only_same_currency() {
        let gbp = Currency::parse("GBP").unwrap();
        assert_eq!(Money::new(1, eur()).checked_add(Money::new(2, eur())), Some(Money::new(3, eur())));
        assert_eq!(Money::new(1, eur()).checked_add(Money::new(2, gbp)), None);
    }

    #[test]
    fn basis_points_round_half_away_from_zero() {
        assert_eq!(apply_basis_points(10_000, 1_000), 1_000);
        assert_eq!(apply_basis_points(105, 5_000), 53);
        assert_eq!(apply_basis_points(-105, 5_000), -53);
    }
}
