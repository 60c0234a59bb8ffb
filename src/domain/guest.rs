//! Guest details: the raw form a guest fills in and the [`GuestDetails`] parsed
//! from it, valid by construction. Everything here is personal data, so nothing in
//! this module prints it through `Debug`.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::FieldErrors;
use super::msg::Msg;
use super::stay::MAX_CHILD_AGE;

pub const MAX_NAME_CHARS: usize = 80;
pub const MAX_EMAIL_BYTES: usize = 254;
pub const MAX_EMAIL_LOCAL_BYTES: usize = 64;
pub const MIN_PHONE_DIGITS: usize = 6;
pub const MAX_PHONE_DIGITS: usize = 20;
pub const MAX_SPECIAL_REQUESTS_CHARS: usize = 500;

const FIRST_NAME: &str = "first_name";
const LAST_NAME: &str = "last_name";
const EMAIL: &str = "email";
const PHONE: &str = "phone";
const COUNTRY: &str = "country";
const SPECIAL_REQUESTS: &str = "special_requests";
const CHILDREN_AGES: &str = "children_ages";
const ARRIVAL_TIME: &str = "arrival_time";
const ACCEPT_TERMS: &str = "accept_terms";

/// What the guest sent, untouched. Every field is a string so that nothing they
/// typed is lost to a parse failure.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct GuestForm {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: String,
    pub country: String,
    pub special_requests: String,
    /// Comma-separated ages, e.g. `4,9`; required when the stay has children.
    pub children_ages: String,
    /// When the guest expects to arrive, `HH:MM` local time; empty when they
    /// do not say.
    #[serde(alias = "arrivalTime", deserialize_with = "super::search::lenient_string")]
    pub arrival_time: String,
    /// The hotel's terms and privacy notice are accepted: a ticked checkbox
    /// (`on`), or `true` from the app.
    #[serde(alias = "acceptTerms", deserialize_with = "lenient_flag")]
    pub accept_terms: String,
}

/// A checkbox as it arrives: a form's `on` (or whatever `value` it has), or a
/// JSON boolean, kept as text like every other field of the form.
fn lenient_flag<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Loose {
        Flag(bool),
        Text(String),
        Null(()),
    }
    Ok(match Loose::deserialize(d)? {
        Loose::Flag(true) => "true".to_owned(),
        Loose::Flag(false) | Loose::Null(()) => String::new(),
        Loose::Text(s) => s,
    })
}

/// Whether a checkbox's value means ticked: what browsers send (`on`, or the
/// control's `value`), and what an app sends.
fn is_ticked(raw: &str) -> bool {
    matches!(raw.trim().to_ascii_lowercase().as_str(), "on" | "true" | "1" | "yes" | "accept" | "accepted")
}

/// The lead guest of a booking, valid by construction: the only way to get one is
/// [`GuestForm::parse`] (or deserializing a draft that stored one).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GuestDetails {
    first_name: String,
    last_name: String,
    email: Email,
    phone: Phone,
    country: CountryCode,
    /// Empty when the guest has none.
    special_requests: String,
    children_ages: Vec<u8>,
    /// `None` when the guest did not say (and in drafts stored before it was asked).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    arrival_time: Option<ArrivalTime>,
    /// The guest accepted the hotel's terms and privacy notice. Always true for
    /// details parsed now; `false` only in a draft stored before it was asked.
    #[serde(default)]
    terms_accepted: bool,
}

impl GuestDetails {
    pub fn first_name(&self) -> &str {
        &self.first_name
    }

    pub fn last_name(&self) -> &str {
        &self.last_name
    }

    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }

    pub fn email(&self) -> &Email {
        &self.email
    }

    pub fn phone(&self) -> &Phone {
        &self.phone
    }

    pub fn country(&self) -> CountryCode {
        self.country
    }

    pub fn special_requests(&self) -> Option<&str> {
        (!self.special_requests.is_empty()).then_some(self.special_requests.as_str())
    }

    pub fn children_ages(&self) -> &[u8] {
        &self.children_ages
    }

    pub fn arrival_time(&self) -> Option<ArrivalTime> {
        self.arrival_time
    }

    pub fn terms_accepted(&self) -> bool {
        self.terms_accepted
    }
}

/// Only the country: names, contact details and requests never reach a log.
impl fmt::Debug for GuestDetails {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GuestDetails").field("country", &self.country).finish_non_exhaustive()
    }
}

/// The raw form is as personal as the parsed details.
impl fmt::Debug for GuestForm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GuestForm").finish_non_exhaustive()
    }
}

impl From<&GuestDetails> for GuestForm {
    fn from(g: &GuestDetails) -> Self {
        Self {
            first_name: g.first_name.clone(),
            last_name: g.last_name.clone(),
            email: g.email.as_str().to_owned(),
            phone: g.phone.as_str().to_owned(),
            country: g.country.as_str().to_owned(),
            special_requests: g.special_requests.clone(),
            children_ages: g.children_ages.iter().map(u8::to_string).collect::<Vec<_>>().join(","),
            arrival_time: g.arrival_time.map(|t| t.to_string()).unwrap_or_default(),
            accept_terms: if g.terms_accepted { "true".to_owned() } else { String::new() },
        }
    }
}

impl GuestForm {
    /// Whether the guest ticked the box that accepts the hotel's terms.
    pub fn terms_ticked(&self) -> bool {
        is_ticked(&self.accept_terms)
    }

    /// Parses the form; `stay_children` are the ages of the stay's children,
    /// which the search already asked for: an empty `children_ages` takes
    /// them (the page does not ask twice); one that is given (an older app)
    /// must list the same ages, in any order (ignored when the stay has none).
    pub fn parse(&self, stay_children: &[u8]) -> Result<GuestDetails, FieldErrors> {
        let mut errors = FieldErrors::new();
        let first_name = parse_name(&self.first_name, FIRST_NAME, "first", &mut errors);
        let last_name = parse_name(&self.last_name, LAST_NAME, "last", &mut errors);
        let email = match self.email.trim() {
            "" => {
                errors.add(EMAIL, Msg::new("field-email-missing"));
                None
            }
            raw if raw.len() > MAX_EMAIL_BYTES => {
                errors.add(EMAIL, Msg::new("field-email-too-long"));
                None
            }
            raw => Email::parse(raw).or_else(|| {
                errors.add(EMAIL, Msg::new("field-email-format"));
                None
            }),
        };
        let phone = match self.phone.trim() {
            "" => {
                errors.add(PHONE, Msg::new("field-phone-missing"));
                None
            }
            raw => Phone::parse(raw).or_else(|| {
                errors.add(PHONE, Msg::new("field-phone-format"));
                None
            }),
        };
        let country = match self.country.trim() {
            "" => {
                errors.add(COUNTRY, Msg::new("field-country-missing"));
                None
            }
            raw => CountryCode::parse(raw).or_else(|| {
                errors.add(COUNTRY, Msg::new("field-country-unknown"));
                None
            }),
        };
        let special_requests = normalize_free_text(&self.special_requests);
        let request_chars = special_requests.chars().count();
        if request_chars > MAX_SPECIAL_REQUESTS_CHARS {
            errors.add(
                SPECIAL_REQUESTS,
                Msg::new("field-requests-too-long")
                    .int("max", MAX_SPECIAL_REQUESTS_CHARS as i64)
                    .int("count", request_chars as i64),
            );
        }
        let children_ages = parse_children_ages(&self.children_ages, stay_children, &mut errors);
        let arrival_time = match self.arrival_time.trim() {
            "" => Some(None),
            raw => ArrivalTime::parse(raw).map(Some).or_else(|| {
                errors.add(ARRIVAL_TIME, Msg::new("field-arrival-time-format"));
                None
            }),
        };
        if !is_ticked(&self.accept_terms) {
            errors.add(ACCEPT_TERMS, Msg::new("field-terms-required"));
        }

        match (first_name, last_name, email, phone, country, children_ages, arrival_time) {
            (
                Some(first_name),
                Some(last_name),
                Some(email),
                Some(phone),
                Some(country),
                Some(children_ages),
                Some(arrival_time),
            ) if errors.is_empty() => Ok(GuestDetails {
                first_name,
                last_name,
                email,
                phone,
                country,
                special_requests,
                children_ages,
                arrival_time,
                terms_accepted: true,
            }),
            _ => Err(errors),
        }
    }
}

/// Characters that are refused in names: C0/C1 controls and the bidirectional
/// overrides and isolates, which can make a name display as something else.
fn is_forbidden_char(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `which` is `first` or `last`: the messages name the field.
fn parse_name(raw: &str, field: &'static str, which: &'static str, errors: &mut FieldErrors) -> Option<String> {
    let name = raw.trim();
    if name.is_empty() {
        errors.add(field, Msg::new("field-name-missing").text("which", which));
        return None;
    }
    if name.chars().count() > MAX_NAME_CHARS {
        errors.add(field, Msg::new("field-name-too-long").text("which", which).int("max", MAX_NAME_CHARS as i64));
        return None;
    }
    if name.chars().any(is_forbidden_char) {
        errors.add(field, Msg::new("field-name-characters").text("which", which));
        return None;
    }
    Some(name.to_owned())
}

/// Free text from a textarea: browsers send line breaks as CRLF, so line breaks
/// become `\n`, tabs become spaces, other invisible control characters are dropped
/// (the guest cannot see them to fix them), and the result is trimmed.
fn normalize_free_text(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            '\n' => out.push('\n'),
            '\t' => out.push(' '),
            c if is_forbidden_char(c) => {}
            c => out.push(c),
        }
    }
    out.trim().to_owned()
}

fn parse_children_ages(raw: &str, stay: &[u8], errors: &mut FieldErrors) -> Option<Vec<u8>> {
    let expected = stay.len();
    if expected == 0 {
        // The stay has no children: whatever is in the field is irrelevant.
        return Some(Vec::new());
    }
    let count_message = || Msg::new("field-children-ages-count").int("count", expected as i64);
    let pieces: Vec<&str> =
        raw.split(|c: char| c == ',' || c == ';' || c.is_whitespace()).filter(|p| !p.is_empty()).collect();
    if pieces.is_empty() {
        // Not asked again: the ages the search gave.
        return Some(stay.to_vec());
    }
    let mut ages = Vec::with_capacity(pieces.len());
    for piece in &pieces {
        let age = (piece.len() <= 2 && piece.bytes().all(|b| b.is_ascii_digit())).then(|| piece.parse::<u8>().ok());
        match age.flatten() {
            Some(age) if age <= MAX_CHILD_AGE => ages.push(age),
            Some(_) => {
                errors.add(CHILDREN_AGES, Msg::new("field-child-age-range").int("max", i64::from(MAX_CHILD_AGE)));
                return None;
            }
            None => {
                errors.add(CHILDREN_AGES, Msg::new("field-children-ages-number"));
                return None;
            }
        }
    }
    if ages.len() != expected {
        errors.add(CHILDREN_AGES, count_message());
        return None;
    }
    let (mut given, mut known) = (ages.clone(), stay.to_vec());
    given.sort_unstable();
    known.sort_unstable();
    if given != known {
        // Prices depend on the ages: they change with the stay's rooms, not here.
        errors.add(CHILDREN_AGES, Msg::new("field-children-ages-stay"));
        return None;
    }
    Some(ages)
}

/// When the guest expects to arrive: a local time of day, `00:00` to `23:59`,
/// written `HH:MM` (a single-digit hour is accepted as typed, `9:30`).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ArrivalTime {
    hour: u8,
    minute: u8,
}

impl ArrivalTime {
    pub fn parse(raw: &str) -> Option<Self> {
        let (h, m) = raw.trim().split_once(':')?;
        let digits = |s: &str, len: std::ops::RangeInclusive<usize>| {
            (len.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse::<u8>().ok()).flatten()
        };
        let (hour, minute) = (digits(h, 1..=2)?, digits(m, 2..=2)?);
        (hour < 24 && minute < 60).then_some(Self { hour, minute })
    }

    pub fn hour(self) -> u8 {
        self.hour
    }

    pub fn minute(self) -> u8 {
        self.minute
    }
}

impl fmt::Display for ArrivalTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.hour, self.minute)
    }
}

impl fmt::Debug for ArrivalTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ArrivalTime({self})")
    }
}

impl Serialize for ArrivalTime {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ArrivalTime {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(d)?;
        ArrivalTime::parse(&raw).ok_or_else(|| serde::de::Error::custom("not a time of day HH:MM"))
    }
}

/// An email address that passes a pragmatic check (one `@`, a local part of at
/// most 64 bytes, a dotted domain, no spaces, at most 254 bytes); the domain is
/// stored lower-cased, the local part as typed.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Option<Self> {
        let raw = raw.trim();
        if raw.len() > MAX_EMAIL_BYTES {
            return None;
        }
        let (local, domain) = raw.split_once('@')?;
        let local_ok = !local.is_empty()
            && local.len() <= MAX_EMAIL_LOCAL_BYTES
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && local.chars().all(|c| {
                !c.is_whitespace()
                    && !is_forbidden_char(c)
                    && !matches!(c, '@' | '"' | '(' | ')' | ',' | ':' | ';' | '<' | '>' | '[' | '\\' | ']')
            });
        if !local_ok {
            return None;
        }
        // Lower-case first and check what is stored, so a stored address always
        // parses back to itself.
        let domain = domain.to_lowercase();
        let labels: Vec<&str> = domain.split('.').collect();
        let domain_ok = labels.len() >= 2
            && labels.iter().all(|label| {
                !label.is_empty()
                    && label.chars().count() <= 63
                    && !label.starts_with('-')
                    && !label.ends_with('-')
                    && label.chars().all(|c| c.is_alphanumeric() || c == '-')
            })
            && labels.last().is_some_and(|tld| tld.chars().count() >= 2);
        let address = format!("{local}@{domain}");
        (domain_ok && address.len() <= MAX_EMAIL_BYTES).then_some(Self(address))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Email(<redacted>)")
    }
}

/// A phone number normalised to an optional leading `+` and 6–20 digits. Spaces,
/// dashes, dots, slashes and parentheses are accepted as typed and dropped.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Phone(String);

impl Phone {
    pub fn parse(raw: &str) -> Option<Self> {
        let raw = raw.trim();
        let (plus, rest) = match raw.strip_prefix('+') {
            Some(rest) => (true, rest),
            None => (false, raw),
        };
        let mut normalized = String::with_capacity(MAX_PHONE_DIGITS + 1);
        if plus {
            normalized.push('+');
        }
        let mut digits = 0usize;
        for c in rest.chars() {
            match c {
                '0'..='9' => {
                    digits += 1;
                    if digits > MAX_PHONE_DIGITS {
                        return None;
                    }
                    normalized.push(c);
                }
                '-' | '.' | '/' | '(' | ')' => {}
                c if c.is_whitespace() => {}
                _ => return None,
            }
        }
        (digits >= MIN_PHONE_DIGITS).then_some(Self(normalized))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Phone(<redacted>)")
    }
}

/// An ISO 3166-1 alpha-2 country code from [`COUNTRY_CODES`], stored upper-case.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CountryCode([u8; 2]);

impl CountryCode {
    pub fn parse(raw: &str) -> Option<Self> {
        let bytes = raw.trim().as_bytes();
        let [a, b] = bytes else { return None };
        let code = [a.to_ascii_uppercase(), b.to_ascii_uppercase()];
        COUNTRY_CODES.iter().any(|c| c.as_bytes() == code).then_some(Self(code))
    }

    pub fn as_str(&self) -> &str {
        // Only codes from COUNTRY_CODES, all ASCII, are ever stored.
        std::str::from_utf8(&self.0).unwrap_or("ZZ")
    }
}

impl fmt::Debug for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CountryCode({:?})", self.as_str())
    }
}

impl fmt::Display for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for CountryCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for CountryCode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(d)?;
        CountryCode::parse(&raw).ok_or_else(|| serde::de::Error::custom("not an ISO 3166-1 alpha-2 country code"))
    }
}

/// Every officially assigned ISO 3166-1 alpha-2 code (249), plus `XK` (Kosovo):
/// user-assigned in ISO terms, but used for Kosovo by the EU, payment networks and
/// travel systems, and a guest from Kosovo must be able to book.
pub const COUNTRY_CODES: &[&str] = &[
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ", //
    "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS", "BT", "BV", "BW",
    "BY", "BZ", //
    "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN", "CO", "CR", "CU", "CV", "CW", "CX", "CY",
    "CZ", //
    "DE", "DJ", "DK", "DM", "DO", "DZ", //
    "EC", "EE", "EG", "EH", "ER", "ES", "ET", //
    "FI", "FJ", "FK", "FM", "FO", "FR", //
    "GA", "GB", "GD", "GE", "GF", "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW",
    "GY", //
    "HK", "HM", "HN", "HR", "HT", "HU", //
    "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", //
    "JE", "JM", "JO", "JP", //
    "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", //
    "LA", "LB", "LC", "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", //
    "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK", "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV",
    "MW", "MX", "MY", "MZ", //
    "NA", "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", //
    "OM", //
    "PA", "PE", "PF", "PG", "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", //
    "QA", //
    "RE", "RO", "RS", "RU", "RW", //
    "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS", "ST", "SV", "SX",
    "SY", "SZ", //
    "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO", "TR", "TT", "TV", "TW", "TZ", //
    "UA", "UG", "UM", "US", "UY", "UZ", //
    "VA", "VC", "VE", "VG", "VI", "VN", "VU", //
    "WF", "WS", //
    "XK", //
    "YE", "YT", //
    "ZA", "ZM", "ZW",
];

#[cfg(test)]
mod tests;
