//! The cross-BFF handoff token (DESIGN §5): the marketplace (`bff-consumer-service`)
//! mints a signed `v1.{kid}.{payload}.{sig}` token, this module verifies it and
//! yields the guest's selection. Pure domain code: no I/O, no clock (the caller passes
//! `now`), no single-use ledger (the caller consumes the verified `jti`).
//!
//! # Wire format
//!
//! * `payload` and `sig` are base64url **without padding**, canonical (no stray
//!   trailing bits); padded or standard-alphabet (`+`, `/`) input is rejected.
//! * `payload` is UTF-8 JSON: `jti`, `tenant`, `iat`, `exp` (integer Unix seconds),
//!   the selection (`property`, `checkin`, `checkout`, `adults`, `children`, `rooms`,
//!   optional `room_type`, `rate_plan`, `promo`, `currency`, `locale`) and
//!   `attribution`. Unknown members are ignored, so the minter may add fields.
//! * The signing string is these seven lines joined by `\n` (no trailing newline):
//!   `GHASI-HANDOFF-V1`, kid, tenant, jti, iat, exp (decimal), and the lowercase hex
//!   SHA-256 of the payload bytes exactly as decoded from the token.
//!   `sig = HMAC-SHA256(key[kid], signing string)` (32 bytes, 43 base64url chars).
//!
//! # Verification order
//!
//! Each step runs only when the ones before it passed, so the error a token gets is
//! the first failing step:
//!
//! 0. **Size**: more than [`MAX_TOKEN_BYTES`] bytes is [`HandoffError::TooLarge`],
//!    before anything else looks at the input.
//! 1. **Version**: the first dot-separated segment must be `v1`; another `v<digits>`
//!    is [`HandoffError::UnsupportedVersion`], anything else is `Malformed`.
//! 2. **Envelope**: exactly four segments, a kid of 1–32 `[A-Za-z0-9_-]`, strict
//!    base64url payload and signature, a 32-byte signature, and a payload that is a
//!    JSON object carrying string `tenant` and `jti` and integer `iat` and `exp`
//!    (what the signing string needs). Any failure is [`HandoffError::Malformed`]:
//!    we cannot tell what was signed. This comes before the key lookup so the answer
//!    does not depend on which keys the server currently holds.
//! 3. **Kid**: a kid we hold no key for is [`HandoffError::UnknownKey`].
//! 4. **Signature**: HMAC over the rebuilt signing string, compared in constant
//!    time (`Mac::verify_slice`); a mismatch is [`HandoffError::BadSignature`].
//!    Nothing in the payload is judged before this point beyond what step 2 needs.
//! 5. **Payload**: the full claims parse and validate (jti syntax, dates, occupancy,
//!    bounded strings, `0 < iat <= exp`); failures are [`HandoffError::BadPayload`].
//! 6. **Tenant** = the tenant of the host the token arrived on, else `WrongTenant`.
//! 7. `iat <= now + 60`, else [`HandoffError::NotYetValid`].
//! 8. `now <= exp + 60`, else [`HandoffError::Expired`].
//! 9. `exp - iat <= 900`, else [`HandoffError::LifetimeTooLong`].
//!
//! A token with `exp < iat` is a `BadPayload` (step 5), not a lifetime problem: it is
//! a contradiction inside the payload, like a check-out before the check-in.
//!
//! Checks that need a property's time zone (check-in not in the past) or upstream
//! data (the property exists) belong to the draft, not to the token.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use base64::Engine as _;
use base64::alphabet;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use hmac::{Hmac, KeyInit, Mac};
use jiff::civil::Date;
use serde::{Deserialize, Deserializer, Serialize};
use sha2::{Digest, Sha256};

use super::msg::Msg;
// The stay and party limits are the draft's own: every verified handoff can
// become a draft.
use super::stay::{MAX_NIGHTS, Occupancy, OccupancyError};

type HmacSha256 = Hmac<Sha256>;

/// The only token version this module understands.
pub const VERSION: &str = "v1";
/// First line of the signing string (domain separation).
pub const SIGNING_DOMAIN: &str = "GHASI-HANDOFF-V1";
/// Longest accepted token, in bytes.
pub const MAX_TOKEN_BYTES: usize = 4096;
/// Tolerated clock difference between minter and verifier, in seconds.
pub const CLOCK_SKEW_SECS: i64 = 60;
/// Longest accepted `exp - iat`, in seconds.
pub const MAX_LIFETIME_SECS: i64 = 900;
/// Shortest accepted key, in bytes.
pub const MIN_KEY_BYTES: usize = 32;

/// Kid of the published demo key, used only when the service runs in demo mode.
pub const DEMO_KID: &str = "demo";
/// The published demo key: standard base64 of the 33 ASCII bytes
/// `ghasi-demo-handoff-key-not-secret`. It is public; never accept it in production.
pub const DEMO_KEY_B64: &str = "Z2hhc2ktZGVtby1oYW5kb2ZmLWtleS1ub3Qtc2VjcmV0";

const JTI_LEN: std::ops::RangeInclusive<usize> = 16..=64;
const KID_MAX: usize = 32;
const TENANT_MAX: usize = 64;
const ID_MAX: usize = 64;
const PROMO_MAX: usize = 32;
const LOCALE_MAX: usize = 35;
const ATTRIBUTION_MAX_ENTRIES: usize = 20;
const ATTRIBUTION_KEY_MAX: usize = 40;
const ATTRIBUTION_VALUE_MAX: usize = 200;

/// Why a handoff token was refused. The messages are shown to guests (in their
/// language, from the `handoff` catalog): short, plain, and they never echo the
/// token or any key material. `Display` is the English message, for logs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HandoffError {
    TooLarge,
    Malformed,
    UnsupportedVersion,
    UnknownKey,
    BadSignature,
    /// What is wrong with the details, as a message (a `handoff-payload-*` key,
    /// or a search field's message), shown as a clause of the refusal.
    BadPayload(Msg),
    WrongTenant,
    NotYetValid,
    Expired,
    LifetimeTooLong,
}

impl HandoffError {
    /// Stable kebab-case code, for `problem+json` bodies, metrics and the test vectors.
    pub fn code(&self) -> &'static str {
        match self {
            Self::TooLarge => "too-large",
            Self::Malformed => "malformed",
            Self::UnsupportedVersion => "unsupported-version",
            Self::UnknownKey => "unknown-key",
            Self::BadSignature => "bad-signature",
            Self::BadPayload(_) => "bad-payload",
            Self::WrongTenant => "wrong-tenant",
            Self::NotYetValid => "not-yet-valid",
            Self::Expired => "expired",
            Self::LifetimeTooLong => "lifetime-too-long",
        }
    }

    /// The catalog key of the guest's message.
    pub fn key(&self) -> &'static str {
        match self {
            Self::TooLarge => "handoff-error-too-large",
            Self::Malformed => "handoff-error-malformed",
            Self::UnsupportedVersion => "handoff-error-unsupported-version",
            Self::UnknownKey => "handoff-error-unknown-key",
            Self::BadSignature => "handoff-error-bad-signature",
            Self::BadPayload(_) => "handoff-error-bad-payload",
            Self::WrongTenant => "handoff-error-wrong-tenant",
            Self::NotYetValid => "handoff-error-not-yet-valid",
            Self::Expired => "handoff-error-expired",
            Self::LifetimeTooLong => "handoff-error-lifetime-too-long",
        }
    }
}

impl std::error::Error for HandoffError {}

// ---------------------------------------------------------------------------
// Keys
// ---------------------------------------------------------------------------

/// Why a `HANDOFF_KEYS` spec was refused. Names the entry, never the key material.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyConfigError {
    #[error("no handoff keys configured")]
    Empty,
    #[error("handoff key entry {entry} is not of the form kid=base64key")]
    MissingSeparator { entry: usize },
    #[error("handoff key entry {entry} has an invalid kid (1-32 of A-Z a-z 0-9 _ -)")]
    InvalidKid { entry: usize },
    #[error("handoff kid {kid:?} is listed more than once")]
    DuplicateKid { kid: String },
    #[error("handoff key {kid:?} is not valid base64")]
    InvalidBase64 { kid: String },
    #[error("handoff key {kid:?} is {len} bytes; at least {MIN_KEY_BYTES} are required")]
    TooShort { kid: String, len: usize },
}

/// Secret key bytes; `Debug` never shows them.
#[derive(Clone, PartialEq, Eq)]
struct KeyMaterial(Vec<u8>);

impl fmt::Debug for KeyMaterial {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("KeyMaterial([redacted])")
    }
}

/// The active handoff keys by kid, in the order configured. The first is the one
/// [`mint`] callers should sign with ([`HandoffKeys::first_kid`]); all verify, which
/// is how keys rotate. Its `Debug` lists kids only.
#[derive(Clone)]
pub struct HandoffKeys {
    keys: Vec<(String, KeyMaterial)>,
}

impl fmt::Debug for HandoffKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HandoffKeys").field("kids", &self.kids().collect::<Vec<_>>()).finish()
    }
}

const KEY_STANDARD: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);
const KEY_URL_SAFE: GeneralPurpose = GeneralPurpose::new(
    &alphabet::URL_SAFE,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

impl HandoffKeys {
    /// Parses `kid=base64key,kid2=base64key`. Entries may also be separated by
    /// whitespace or newlines (a mounted secret file); keys are standard base64 or
    /// base64url, padded or not, and at least [`MIN_KEY_BYTES`] long.
    pub fn parse(spec: &str) -> Result<Self, KeyConfigError> {
        let mut keys: Vec<(String, KeyMaterial)> = Vec::new();
        let entries = spec.split(|c: char| c == ',' || c.is_whitespace()).filter(|e| !e.is_empty());
        for (index, entry) in entries.enumerate() {
            let entry_no = index + 1;
            let (kid, b64) = entry.split_once('=').ok_or(KeyConfigError::MissingSeparator { entry: entry_no })?;
            if !is_kid(kid) {
                return Err(KeyConfigError::InvalidKid { entry: entry_no });
            }
            if keys.iter().any(|(k, _)| k == kid) {
                return Err(KeyConfigError::DuplicateKid { kid: kid.to_owned() });
            }
            let bytes = KEY_STANDARD
                .decode(b64)
                .or_else(|_| KEY_URL_SAFE.decode(b64))
                .map_err(|_| KeyConfigError::InvalidBase64 { kid: kid.to_owned() })?;
            if bytes.len() < MIN_KEY_BYTES {
                return Err(KeyConfigError::TooShort { kid: kid.to_owned(), len: bytes.len() });
            }
            keys.push((kid.to_owned(), KeyMaterial(bytes)));
        }
        if keys.is_empty() {
            return Err(KeyConfigError::Empty);
        }
        Ok(Self { keys })
    }

    /// The published demo key alone, under [`DEMO_KID`]. For demo mode only.
    pub fn demo() -> Self {
        Self::parse(&format!("{DEMO_KID}={DEMO_KEY_B64}")).expect("the demo key spec is valid")
    }

    /// The configured kids, in configuration order.
    pub fn kids(&self) -> impl Iterator<Item = &str> + '_ {
        self.keys.iter().map(|(kid, _)| kid.as_str())
    }

    /// The kid to sign new tokens with: the first one configured.
    pub fn first_kid(&self) -> &str {
        // `parse` never builds an empty set.
        &self.keys[0].0
    }

    /// Whether a key is held for `kid`.
    pub fn contains(&self, kid: &str) -> bool {
        self.get(kid).is_some()
    }

    /// Whether any configured key is the published demo key, whatever its kid. The
    /// service should refuse to start outside demo mode when this is true.
    pub fn uses_demo_key(&self) -> bool {
        let demo = KEY_STANDARD.decode(DEMO_KEY_B64).expect("the demo key is valid base64");
        self.keys.iter().any(|(_, key)| key.0 == demo)
    }

    fn get(&self, kid: &str) -> Option<&KeyMaterial> {
        self.keys.iter().find(|(k, _)| k == kid).map(|(_, key)| key)
    }
}

impl FromStr for HandoffKeys {
    type Err = KeyConfigError;

    fn from_str(spec: &str) -> Result<Self, Self::Err> {
        Self::parse(spec)
    }
}

// ---------------------------------------------------------------------------
// Claims
// ---------------------------------------------------------------------------

/// What the guest picked on the marketplace. Field names are the wire names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandoffSelection {
    pub property: String,
    /// `YYYY-MM-DD`.
    pub checkin: String,
    /// `YYYY-MM-DD`, after `checkin`.
    pub checkout: String,
    /// Adults across all rooms.
    pub adults: u8,
    /// Ages of the children, 0–17; absent or `null` means none.
    #[serde(default, deserialize_with = "deserialize_children")]
    pub children: Vec<u8>,
    pub rooms: u8,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub room_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_plan: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub promo: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
}

impl HandoffSelection {
    /// Check-in and check-out as civil dates; `Some` for every verified handoff.
    pub fn dates(&self) -> Option<(Date, Date)> {
        Some((parse_date(&self.checkin)?, parse_date(&self.checkout)?))
    }

    /// Number of nights; `Some` for every verified handoff.
    pub fn nights(&self) -> Option<i32> {
        let (checkin, checkout) = self.dates()?;
        Some(checkin.until(checkout).ok()?.get_days())
    }

    fn validate(&self) -> Result<(), HandoffError> {
        if !is_id(&self.property, ID_MAX) {
            return Err(HandoffError::BadPayload(Msg::new("handoff-payload-property")));
        }
        let (checkin, checkout) =
            self.dates().ok_or_else(|| HandoffError::BadPayload(Msg::new("handoff-payload-dates")))?;
        if checkout <= checkin {
            return Err(HandoffError::BadPayload(Msg::new("handoff-payload-checkout-before-checkin")));
        }
        if !self.nights().is_some_and(|n| (1..=MAX_NIGHTS).contains(&n)) {
            return Err(HandoffError::BadPayload(Msg::new("handoff-payload-nights")));
        }
        if let Err(e) = Occupancy::new(self.adults, self.children.clone(), self.rooms) {
            let key = match e {
                OccupancyError::Rooms => "handoff-payload-rooms",
                OccupancyError::TooFewAdults => "handoff-payload-adults-too-few",
                OccupancyError::TooManyAdults => "handoff-payload-adults-too-many",
                OccupancyError::TooManyChildren => "handoff-payload-children-too-many",
                OccupancyError::ChildAge => "handoff-payload-child-age",
            };
            return Err(HandoffError::BadPayload(Msg::new(key)));
        }
        optional(&self.room_type, |s| is_id(s, ID_MAX), Msg::new("handoff-payload-room-type"))?;
        optional(&self.rate_plan, |s| is_id(s, ID_MAX), Msg::new("handoff-payload-rate-plan"))?;
        optional(&self.promo, is_promo, Msg::new("handoff-payload-promo"))?;
        optional(&self.currency, is_currency, Msg::new("handoff-payload-currency"))?;
        optional(&self.locale, is_locale, Msg::new("handoff-payload-language"))?;
        Ok(())
    }
}

/// The payload of a handoff token. Serializes to exactly the contract's JSON (the
/// selection is flattened next to `jti`, `tenant`, `iat`, `exp`, `attribution`).
///
/// Deserializing keeps only the attribution entries the contract allows (string
/// values, keys of 1–40 `[a-z0-9_]`, values up to 200 characters without control
/// characters, the first 20 by key order) and silently drops the rest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandoffClaims {
    pub jti: String,
    pub tenant: String,
    pub iat: i64,
    pub exp: i64,
    #[serde(flatten)]
    pub selection: HandoffSelection,
    #[serde(default, deserialize_with = "deserialize_attribution")]
    pub attribution: BTreeMap<String, String>,
}

impl HandoffClaims {
    /// Checks everything the contract says about the payload itself (not the
    /// clock, tenant or signature). Failures are [`HandoffError::BadPayload`].
    pub fn validate(&self) -> Result<(), HandoffError> {
        if !is_jti(&self.jti) {
            return Err(HandoffError::BadPayload(Msg::new("handoff-payload-link-id")));
        }
        if !is_token_chars(&self.tenant, 1..=TENANT_MAX) {
            return Err(HandoffError::BadPayload(Msg::new("handoff-payload-site")));
        }
        if self.iat <= 0 || self.exp < self.iat {
            return Err(HandoffError::BadPayload(Msg::new("handoff-payload-validity")));
        }
        self.selection.validate()?;
        let attribution_ok = self.attribution.len() <= ATTRIBUTION_MAX_ENTRIES
            && self.attribution.iter().all(|(k, v)| is_attribution_entry(k, v));
        if !attribution_ok {
            return Err(HandoffError::BadPayload(Msg::new("handoff-payload-attribution")));
        }
        Ok(())
    }
}

/// A token that passed every check. The caller still has to consume `claims.jti`
/// exactly once before acting on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedHandoff {
    pub claims: HandoffClaims,
    /// The kid that signed it (for logs and metrics; not secret).
    pub kid: String,
}

fn deserialize_children<'de, D>(deserializer: D) -> Result<Vec<u8>, D::Error>
where
    D: Deserializer<'de>,
{
    Ok(Option::<Vec<u8>>::deserialize(deserializer)?.unwrap_or_default())
}

fn deserialize_attribution<'de, D>(deserializer: D) -> Result<BTreeMap<String, String>, D::Error>
where
    D: Deserializer<'de>,
{
    let raw: Option<serde_json::Map<String, serde_json::Value>> = Option::deserialize(deserializer)?;
    // Collected into a BTreeMap first so "the first 20" means key order whatever
    // map order serde_json was built with.
    let valid: BTreeMap<String, String> = raw
        .into_iter()
        .flatten()
        .filter_map(|(key, value)| match value {
            serde_json::Value::String(value) if is_attribution_entry(&key, &value) => Some((key, value)),
            _ => None,
        })
        .collect();
    Ok(valid.into_iter().take(ATTRIBUTION_MAX_ENTRIES).collect())
}

// ---------------------------------------------------------------------------
// Signing and verification
// ---------------------------------------------------------------------------

/// The canonical signing string (see the module docs): seven `\n`-joined lines, no
/// trailing newline. Public so tools and the consumer team can print it.
pub fn signing_string(kid: &str, tenant: &str, jti: &str, iat: i64, exp: i64, payload: &[u8]) -> String {
    let digest = hex::encode(Sha256::digest(payload));
    format!("{SIGNING_DOMAIN}\n{kid}\n{tenant}\n{jti}\n{iat}\n{exp}\n{digest}")
}

/// The fields the signing string needs, read from a not yet authenticated payload.
#[derive(Deserialize)]
struct SigningFields {
    jti: String,
    tenant: String,
    iat: i64,
    exp: i64,
}

fn mac_for(key: &KeyMaterial, signing: &str) -> HmacSha256 {
    let mut mac = HmacSha256::new_from_slice(&key.0).expect("HMAC accepts keys of any length");
    mac.update(signing.as_bytes());
    mac
}

/// Verifies `token` for the tenant whose host it arrived on, at `now_unix` (Unix
/// seconds), in the order the module docs give.
pub fn verify(
    token: &str,
    keys: &HandoffKeys,
    host_tenant: &str,
    now_unix: i64,
) -> Result<VerifiedHandoff, HandoffError> {
    if token.len() > MAX_TOKEN_BYTES {
        return Err(HandoffError::TooLarge);
    }

    let version = token.split('.').next().unwrap_or_default();
    if version != VERSION {
        return Err(if looks_like_version(version) {
            HandoffError::UnsupportedVersion
        } else {
            HandoffError::Malformed
        });
    }

    let mut segments = token.split('.').skip(1);
    let (Some(kid), Some(payload_b64), Some(sig_b64), None) =
        (segments.next(), segments.next(), segments.next(), segments.next())
    else {
        return Err(HandoffError::Malformed);
    };
    if !is_kid(kid) {
        return Err(HandoffError::Malformed);
    }
    let payload = URL_SAFE_NO_PAD.decode(payload_b64).map_err(|_| HandoffError::Malformed)?;
    let sig = URL_SAFE_NO_PAD.decode(sig_b64).map_err(|_| HandoffError::Malformed)?;
    if sig.len() != 32 {
        return Err(HandoffError::Malformed);
    }
    // serde would also read a struct from a JSON array; the contract says object.
    let is_object = payload.iter().find(|b| !b" \t\r\n".contains(b)) == Some(&b'{');
    let fields: SigningFields = match serde_json::from_slice(&payload) {
        Ok(fields) if is_object => fields,
        _ => return Err(HandoffError::Malformed),
    };

    let key = keys.get(kid).ok_or(HandoffError::UnknownKey)?;

    let signing = signing_string(kid, &fields.tenant, &fields.jti, fields.iat, fields.exp, &payload);
    mac_for(key, &signing).verify_slice(&sig).map_err(|_| HandoffError::BadSignature)?;

    let claims: HandoffClaims =
        serde_json::from_slice(&payload).map_err(|_| HandoffError::BadPayload(Msg::new("handoff-payload-format")))?;
    claims.validate()?;

    if claims.tenant != host_tenant {
        return Err(HandoffError::WrongTenant);
    }
    // i128 so no input can overflow the arithmetic.
    let (now, iat, exp) = (i128::from(now_unix), i128::from(claims.iat), i128::from(claims.exp));
    let skew = i128::from(CLOCK_SKEW_SECS);
    if iat > now + skew {
        return Err(HandoffError::NotYetValid);
    }
    if now > exp + skew {
        return Err(HandoffError::Expired);
    }
    if exp - iat > i128::from(MAX_LIFETIME_SECS) {
        return Err(HandoffError::LifetimeTooLong);
    }

    Ok(VerifiedHandoff { claims, kid: kid.to_owned() })
}

/// Mints a token for `claims` signed with the key `kid` (normally
/// [`HandoffKeys::first_kid`]). Refuses what [`verify`] would refuse regardless of
/// the clock: invalid claims (`BadPayload`), an unknown kid, a lifetime over 15
/// minutes, or a token over the size limit.
pub fn mint(claims: &HandoffClaims, kid: &str, keys: &HandoffKeys) -> Result<String, HandoffError> {
    claims.validate()?;
    if claims.exp - claims.iat > MAX_LIFETIME_SECS {
        return Err(HandoffError::LifetimeTooLong);
    }
    let payload = serde_json::to_vec(claims).expect("claims always serialize");
    let token = sign_payload(&payload, kid, &claims.tenant, &claims.jti, claims.iat, claims.exp, keys)?;
    if token.len() > MAX_TOKEN_BYTES {
        return Err(HandoffError::TooLarge);
    }
    Ok(token)
}

/// Signs arbitrary payload bytes with the given signing-string fields; [`mint`]
/// after validation, and tests that need deliberately bad tokens.
fn sign_payload(
    payload: &[u8],
    kid: &str,
    tenant: &str,
    jti: &str,
    iat: i64,
    exp: i64,
    keys: &HandoffKeys,
) -> Result<String, HandoffError> {
    if !is_kid(kid) {
        return Err(HandoffError::UnknownKey);
    }
    let key = keys.get(kid).ok_or(HandoffError::UnknownKey)?;
    let signing = signing_string(kid, tenant, jti, iat, exp, payload);
    let sig = mac_for(key, &signing).finalize().into_bytes();
    Ok(format!("{VERSION}.{kid}.{}.{}", URL_SAFE_NO_PAD.encode(payload), URL_SAFE_NO_PAD.encode(sig)))
}

/// A fresh random `jti`: 128 bits as 22 base64url characters.
pub fn new_jti() -> String {
    URL_SAFE_NO_PAD.encode(rand::random::<[u8; 16]>())
}

// ---------------------------------------------------------------------------
// Syntax helpers
// ---------------------------------------------------------------------------

/// An absent optional field is fine; a present one must be `valid`.
fn optional(value: &Option<String>, valid: fn(&str) -> bool, message: Msg) -> Result<(), HandoffError> {
    match value.as_deref() {
        Some(v) if !valid(v) => Err(HandoffError::BadPayload(message)),
        _ => Ok(()),
    }
}

fn is_token_chars(s: &str, len: std::ops::RangeInclusive<usize>) -> bool {
    len.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn is_kid(s: &str) -> bool {
    is_token_chars(s, 1..=KID_MAX)
}

fn is_jti(s: &str) -> bool {
    is_token_chars(s, JTI_LEN)
}

fn is_promo(s: &str) -> bool {
    is_token_chars(s, 1..=PROMO_MAX)
}

/// Platform ids (property, room type, rate plan): `[A-Za-z0-9._:-]`.
fn is_id(s: &str, max: usize) -> bool {
    (1..=max).contains(&s.len())
        && s.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'))
}

fn is_currency(s: &str) -> bool {
    s.len() == 3 && s.bytes().all(|b| b.is_ascii_uppercase())
}

/// A BCP 47-shaped tag: a 2–3 letter language, then `-`-separated subtags of 1–8
/// letters or digits.
fn is_locale(s: &str) -> bool {
    if s.len() > LOCALE_MAX {
        return false;
    }
    let mut parts = s.split('-');
    let language = parts.next().unwrap_or_default();
    (2..=3).contains(&language.len())
        && language.bytes().all(|b| b.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

fn is_attribution_entry(key: &str, value: &str) -> bool {
    (1..=ATTRIBUTION_KEY_MAX).contains(&key.len())
        && key.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        && value.chars().count() <= ATTRIBUTION_VALUE_MAX
        && !value.chars().any(char::is_control)
}

fn looks_like_version(s: &str) -> bool {
    s.strip_prefix('v').is_some_and(|n| (1..=4).contains(&n.len()) && n.bytes().all(|b| b.is_ascii_digit()))
}

/// Strict `YYYY-MM-DD` (jiff alone would also accept other ISO 8601 shapes).
fn parse_date(s: &str) -> Option<Date> {
    let b = s.as_bytes();
    let shape_ok = b.len() == 10
        && b.iter().enumerate().all(|(i, &c)| match i {
            4 | 7 => c == b'-',
            _ => c.is_ascii_digit(),
        });
    if !shape_ok {
        return None;
    }
    s.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::{Value, json};

    const NOW: i64 = 1_785_000_000;
    /// Three keys; kids of different lengths let the size tests hit any exact length.
    const KEYS: &str = "k1=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=,\
                        k2=S0VZLXR3by1rZXktdHdvLWtleS10d28ta2V5LXR3by0=,\
                        long-kid=bG9uZy1raWQta2V5LWxvbmcta2lkLWtleS1sb25nLWtpZA";

    fn keys() -> HandoffKeys {
        HandoffKeys::parse(KEYS).unwrap()
    }

    fn claims() -> HandoffClaims {
        HandoffClaims {
            jti: "jti-0123456789abcdef".into(),
            tenant: "aurora".into(),
            iat: NOW - 30,
            exp: NOW + 570,
            selection: HandoffSelection {
                property: "aurora-harbour".into(),
                checkin: "2026-08-14".into(),
                checkout: "2026-08-17".into(),
                adults: 2,
                children: vec![],
                rooms: 1,
                room_type: None,
                rate_plan: None,
                promo: None,
                currency: None,
                locale: None,
            },
            attribution: BTreeMap::new(),
        }
    }

    fn full_claims() -> HandoffClaims {
        let mut c = claims();
        c.selection.children = vec![4, 9];
        c.selection.room_type = Some("deluxe-king".into());
        c.selection.rate_plan = Some("flex".into());
        c.selection.promo = Some("SUMMER26".into());
        c.selection.currency = Some("EUR".into());
        c.selection.locale = Some("en-GB".into());
        c.attribution = [("utm_source", "marketplace"), ("gclid", "abc123")]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        c
    }

    fn token() -> String {
        mint(&claims(), "k1", &keys()).unwrap()
    }

    fn check(token: &str) -> Result<VerifiedHandoff, HandoffError> {
        verify(token, &keys(), "aurora", NOW)
    }

    /// Signs any JSON value as the payload, taking the signing-string fields from it
    /// (or placeholders when absent), so a test can build deliberately bad tokens.
    fn sign_json(payload: &Value, kid: &str) -> String {
        sign_bytes(serde_json::to_vec(payload).unwrap().as_slice(), payload, kid)
    }

    fn sign_bytes(payload: &[u8], fields: &Value, kid: &str) -> String {
        let s = |k: &str| fields.get(k).and_then(Value::as_str).unwrap_or("").to_owned();
        let n = |k: &str| fields.get(k).and_then(Value::as_i64).unwrap_or(0);
        sign_payload(payload, kid, &s("tenant"), &s("jti"), n("iat"), n("exp"), &keys()).unwrap()
    }

    fn claims_json() -> Value {
        serde_json::to_value(claims()).unwrap()
    }

    fn with(mut payload: Value, key: &str, value: Value) -> Value {
        payload[key] = value;
        payload
    }

    fn parts(token: &str) -> Vec<String> {
        token.split('.').map(str::to_owned).collect()
    }

    fn replace_part(token: &str, index: usize, value: &str) -> String {
        let mut p = parts(token);
        p[index] = value.to_owned();
        p.join(".")
    }

    fn timed(iat: i64, exp: i64) -> String {
        let mut c = claims();
        (c.iat, c.exp) = (iat, exp);
        sign_json(&serde_json::to_value(c).unwrap(), "k1")
    }

    // --- round trips -------------------------------------------------------

    #[test]
    fn minted_token_verifies_to_the_same_claims() {
        let verified = check(&token()).unwrap();
        assert_eq!(verified.claims, claims());
        assert_eq!(verified.kid, "k1");
    }

    #[test]
    fn minted_token_with_children_and_optional_fields_round_trips() {
        let token = mint(&full_claims(), "k2", &keys()).unwrap();
        let verified = check(&token).unwrap();
        assert_eq!(verified.claims, full_claims());
        assert_eq!(verified.kid, "k2");
    }

    #[test]
    fn claims_serialize_with_the_contract_field_names() {
        let value = serde_json::to_value(full_claims()).unwrap();
        let mut names: Vec<&str> = value.as_object().unwrap().keys().map(String::as_str).collect();
        names.sort_unstable();
        assert_eq!(
            names,
            [
                "adults",
                "attribution",
                "checkin",
                "checkout",
                "children",
                "currency",
                "exp",
                "iat",
                "jti",
                "locale",
                "promo",
                "property",
                "rate_plan",
                "room_type",
                "rooms",
                "tenant"
            ]
        );
        let minimal = serde_json::to_value(claims()).unwrap();
        assert!(minimal.get("room_type").is_none(), "absent options are omitted");
    }

    #[test]
    fn token_has_the_v1_shape_with_unpadded_base64url() {
        let token = token();
        let p = parts(&token);
        assert_eq!(p.len(), 4);
        assert_eq!((p[0].as_str(), p[1].as_str()), ("v1", "k1"));
        assert_eq!(p[3].len(), 43);
        assert!(!token.contains(['=', '+', '/']));
    }

    #[test]
    fn signing_string_is_seven_lines_without_trailing_newline() {
        let s = signing_string("k1", "aurora", "jti-0123456789abcdef", 10, 20, b"{}");
        assert_eq!(
            s,
            "GHASI-HANDOFF-V1\nk1\naurora\njti-0123456789abcdef\n10\n20\n\
             44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"
        );
    }

    // --- tampering ---------------------------------------------------------

    #[test]
    fn every_single_character_change_is_rejected() {
        let token = token();
        for index in 0..token.len() {
            for replacement in ['A', 'z', '0', '9', '-', '_', '.', '=', '+', '/', 'v', '2'] {
                let mut bytes = token.clone().into_bytes();
                if bytes[index] == replacement as u8 {
                    continue;
                }
                bytes[index] = replacement as u8;
                let tampered = String::from_utf8(bytes).unwrap();
                assert!(check(&tampered).is_err(), "accepted a change at {index} to {replacement}");
            }
        }
    }

    #[test]
    fn every_bit_flip_is_rejected() {
        let token = token();
        for index in 0..token.len() {
            for bit in 0..7 {
                let mut bytes = token.clone().into_bytes();
                bytes[index] ^= 1 << bit;
                let tampered = String::from_utf8(bytes).unwrap();
                assert!(check(&tampered).is_err(), "accepted a flip of bit {bit} at {index}");
            }
        }
    }

    #[test]
    fn each_part_replaced_is_rejected_with_its_error() {
        let token = token();
        let other = mint(&full_claims(), "k1", &keys()).unwrap();
        assert_eq!(check(&replace_part(&token, 0, "v2")).unwrap_err(), HandoffError::UnsupportedVersion);
        assert_eq!(check(&replace_part(&token, 1, "k3")).unwrap_err(), HandoffError::UnknownKey);
        assert_eq!(check(&replace_part(&token, 1, "k2")).unwrap_err(), HandoffError::BadSignature);
        assert_eq!(check(&replace_part(&token, 2, &parts(&other)[2])).unwrap_err(), HandoffError::BadSignature);
        assert_eq!(check(&replace_part(&token, 3, &parts(&other)[3])).unwrap_err(), HandoffError::BadSignature);
    }

    #[test]
    fn a_changed_payload_with_the_original_signature_is_rejected() {
        let token = token();
        let changed = with(claims_json(), "adults", json!(3));
        let forged = replace_part(&token, 2, &URL_SAFE_NO_PAD.encode(serde_json::to_vec(&changed).unwrap()));
        assert_eq!(check(&forged).unwrap_err(), HandoffError::BadSignature);
    }

    #[test]
    fn payload_key_order_is_not_normalised_before_hashing() {
        // Same claims, different bytes: the signature covers the bytes as sent.
        let token = token();
        let payload = URL_SAFE_NO_PAD.decode(&parts(&token)[2]).unwrap();
        let mut spaced = payload.clone();
        spaced.insert(1, b' ');
        let forged = replace_part(&token, 2, &URL_SAFE_NO_PAD.encode(&spaced));
        assert_eq!(check(&forged).unwrap_err(), HandoffError::BadSignature);
        let resigned = sign_bytes(&spaced, &claims_json(), "k1");
        assert_eq!(check(&resigned).unwrap().claims, claims());
    }

    // --- order of checks ---------------------------------------------------

    #[test]
    fn size_is_checked_before_anything_else() {
        assert_eq!(check(&"x".repeat(MAX_TOKEN_BYTES + 1)).unwrap_err(), HandoffError::TooLarge);
        assert_eq!(check(&format!("v9.{}", "a".repeat(5000))).unwrap_err(), HandoffError::TooLarge);
    }

    #[test]
    fn version_is_checked_before_the_envelope_and_kid() {
        assert_eq!(check("v2").unwrap_err(), HandoffError::UnsupportedVersion);
        assert_eq!(check("v2.nokey.x.y").unwrap_err(), HandoffError::UnsupportedVersion);
        assert_eq!(check(&replace_part(&token(), 0, "v10")).unwrap_err(), HandoffError::UnsupportedVersion);
        for not_a_version in ["", "V1", "x1", "v", "v1x", "1", "v-1", " v1"] {
            let tampered = replace_part(&token(), 0, not_a_version);
            assert_eq!(check(&tampered).unwrap_err(), HandoffError::Malformed, "{not_a_version:?}");
        }
    }

    #[test]
    fn an_unreadable_envelope_is_malformed_whatever_the_kid() {
        let token = token();
        let unknown = replace_part(&token, 1, "retired");
        assert_eq!(check(&replace_part(&unknown, 3, "short")).unwrap_err(), HandoffError::Malformed);
        assert_eq!(check(&replace_part(&unknown, 2, "bm90IGpzb24")).unwrap_err(), HandoffError::Malformed);
    }

    #[test]
    fn unknown_kid_is_reported_before_the_signature() {
        let bad_sig = replace_part(&token(), 3, &URL_SAFE_NO_PAD.encode([0u8; 32]));
        assert_eq!(check(&replace_part(&bad_sig, 1, "retired")).unwrap_err(), HandoffError::UnknownKey);
    }

    #[test]
    fn signature_is_checked_before_payload_tenant_and_time() {
        let zero_sig = URL_SAFE_NO_PAD.encode([0u8; 32]);
        let expired = timed(NOW - 2000, NOW - 1500);
        let wrong_tenant = sign_json(&with(claims_json(), "tenant", json!("kestrel")), "k1");
        let bad_payload = sign_json(&with(claims_json(), "adults", json!(0)), "k1");
        let too_long = timed(NOW, NOW + 5000);
        for token in [expired, wrong_tenant, bad_payload, too_long] {
            assert!(check(&token).is_err());
            assert_eq!(check(&replace_part(&token, 3, &zero_sig)).unwrap_err(), HandoffError::BadSignature);
        }
    }

    #[test]
    fn payload_is_checked_before_tenant_and_tenant_before_time() {
        let bad_payload = with(with(claims_json(), "tenant", json!("kestrel")), "rooms", json!(0));
        assert_eq!(check(&sign_json(&bad_payload, "k1")).unwrap_err().code(), "bad-payload");
        let mut c = claims();
        c.tenant = "kestrel".into();
        (c.iat, c.exp) = (NOW - 5000, NOW - 4500);
        let wrong_tenant_expired = sign_json(&serde_json::to_value(c).unwrap(), "k1");
        assert_eq!(check(&wrong_tenant_expired).unwrap_err(), HandoffError::WrongTenant);
    }

    #[test]
    fn time_checks_run_in_contract_order() {
        // Not yet valid and too long: not-yet-valid first.
        assert_eq!(check(&timed(NOW + 100, NOW + 2000)).unwrap_err(), HandoffError::NotYetValid);
        // Expired and too long: expired first.
        assert_eq!(check(&timed(NOW - 5000, NOW - 1000)).unwrap_err(), HandoffError::Expired);
    }

    // --- clock, lifetime, size ---------------------------------------------

    #[test]
    fn issued_up_to_sixty_seconds_in_the_future_is_accepted() {
        assert!(check(&timed(NOW + 60, NOW + 600)).is_ok());
        assert_eq!(check(&timed(NOW + 61, NOW + 600)).unwrap_err(), HandoffError::NotYetValid);
    }

    #[test]
    fn expiry_is_extended_by_sixty_seconds_of_skew() {
        assert!(check(&timed(NOW - 600, NOW - 60)).is_ok());
        assert_eq!(check(&timed(NOW - 600, NOW - 61)).unwrap_err(), HandoffError::Expired);
    }

    #[test]
    fn lifetime_of_900_seconds_is_the_limit() {
        assert!(check(&timed(NOW - 100, NOW + 800)).is_ok());
        assert_eq!(check(&timed(NOW - 100, NOW + 801)).unwrap_err(), HandoffError::LifetimeTooLong);
        assert!(check(&timed(NOW, NOW)).is_ok(), "zero lifetime is allowed");
    }

    #[test]
    fn expiry_before_issue_is_a_bad_payload() {
        assert_eq!(check(&timed(NOW, NOW - 1)).unwrap_err().code(), "bad-payload");
        assert_eq!(check(&timed(0, 10)).unwrap_err().code(), "bad-payload");
    }

    #[test]
    fn extreme_times_do_not_overflow() {
        let at = |iat, exp, now| verify(&timed(iat, exp), &keys(), "aurora", now).map(|_| ()).map_err(|e| e.code());
        assert_eq!(at(i64::MAX, i64::MAX, i64::MAX), Ok(()));
        assert_eq!(at(i64::MAX, i64::MAX, i64::MIN), Err("not-yet-valid"));
        assert_eq!(at(1, i64::MAX, NOW), Err("lifetime-too-long"));
        assert_eq!(at(1, 2, i64::MAX), Err("expired"));
        assert_eq!(at(i64::MIN, i64::MAX, NOW), Err("bad-payload"));
        assert_eq!(verify(&token(), &keys(), "aurora", i64::MAX).unwrap_err(), HandoffError::Expired);
        assert_eq!(verify(&token(), &keys(), "aurora", i64::MIN).unwrap_err(), HandoffError::NotYetValid);
    }

    /// A validly signed token of exactly `len` bytes, padded through attribution:
    /// `full` entries of 200 characters and one growing entry, so the length grows
    /// by one or two characters a step; the two kid lengths fill the gaps.
    fn token_of_len(len: usize) -> String {
        for kid in ["k1", "long-kid"] {
            for full in 0..ATTRIBUTION_MAX_ENTRIES {
                for last in 0..=ATTRIBUTION_VALUE_MAX {
                    let mut c = claims();
                    for i in 0..full {
                        c.attribution.insert(format!("pad_{i:02}"), "x".repeat(ATTRIBUTION_VALUE_MAX));
                    }
                    c.attribution.insert(format!("pad_{full:02}"), "x".repeat(last));
                    let token = sign_json(&serde_json::to_value(&c).unwrap(), kid);
                    if token.len() == len {
                        return token;
                    }
                }
            }
        }
        panic!("no token of length {len}");
    }

    #[test]
    fn a_token_of_exactly_4096_bytes_is_accepted() {
        let token = token_of_len(MAX_TOKEN_BYTES);
        assert_eq!(token.len(), 4096);
        assert!(check(&token).is_ok());
    }

    #[test]
    fn a_validly_signed_token_of_4097_bytes_is_too_large() {
        let token = token_of_len(MAX_TOKEN_BYTES + 1);
        assert_eq!(check(&token).unwrap_err(), HandoffError::TooLarge);
    }

    // --- envelope ----------------------------------------------------------

    #[test]
    fn padded_base64_is_malformed() {
        let mut c = claims();
        // Grow the payload until its base64 needs padding.
        let token = loop {
            let token = sign_json(&serde_json::to_value(&c).unwrap(), "k1");
            if !parts(&token)[2].len().is_multiple_of(4) {
                break token;
            }
            c.selection.property.push('x');
        };
        assert!(check(&token).is_ok());
        let p = parts(&token);
        let padded_payload = format!("{}{}", p[2], "=".repeat(4 - p[2].len() % 4));
        assert_eq!(check(&replace_part(&token, 2, &padded_payload)).unwrap_err(), HandoffError::Malformed);
        assert_eq!(check(&replace_part(&token, 3, &format!("{}=", p[3]))).unwrap_err(), HandoffError::Malformed);
    }

    #[test]
    fn standard_alphabet_base64_is_malformed() {
        let mut c = claims();
        // Find a payload whose base64url uses '-' or '_', then spell it the standard way.
        let token = (0..200)
            .find_map(|i| {
                c.attribution.insert("probe".into(), format!("~~?>{i}"));
                let token = sign_json(&serde_json::to_value(&c).unwrap(), "k1");
                parts(&token)[2].contains(['-', '_']).then_some(token)
            })
            .unwrap();
        assert!(check(&token).is_ok());
        let standard = parts(&token)[2].replace('-', "+").replace('_', "/");
        assert_eq!(check(&replace_part(&token, 2, &standard)).unwrap_err(), HandoffError::Malformed);
    }

    #[test]
    fn non_canonical_base64_trailing_bits_are_malformed() {
        let token = token();
        let sig = &parts(&token)[3];
        // 32 bytes leave the last character's two low bits unused; set one.
        let last = sig.chars().last().unwrap();
        let index = base64::alphabet::URL_SAFE.as_str().find(last).unwrap();
        let bumped = base64::alphabet::URL_SAFE.as_str().as_bytes()[index ^ 1] as char;
        let forged = format!("{}{bumped}", &sig[..sig.len() - 1]);
        assert_eq!(check(&replace_part(&token, 3, &forged)).unwrap_err(), HandoffError::Malformed);
    }

    #[test]
    fn wrong_segment_counts_and_empty_segments_are_malformed() {
        let token = token();
        let p = parts(&token);
        for bad in [
            String::new(),
            "v1".into(),
            "v1.".into(),
            format!("v1.{}.{}", p[1], p[2]),
            format!("{token}.extra"),
            format!("v1..{}.{}", p[2], p[3]),
            format!("v1.{}..{}", p[1], p[3]),
            format!("v1.{}.{}.", p[1], p[2]),
            format!("v1.{}.{}.{}", "k".repeat(33), p[2], p[3]),
            format!("v1.k 1.{}.{}", p[2], p[3]),
        ] {
            assert_eq!(check(&bad).unwrap_err(), HandoffError::Malformed, "{bad:?}");
        }
    }

    #[test]
    fn payloads_without_usable_signing_fields_are_malformed() {
        let base = claims_json();
        let mut no_iat = base.clone();
        no_iat.as_object_mut().unwrap().remove("iat");
        for payload in [
            no_iat,
            with(base.clone(), "iat", json!(1_784_999_970.0)),
            with(base.clone(), "exp", json!("1785000570")),
            with(base.clone(), "tenant", json!(7)),
            with(base.clone(), "jti", Value::Null),
            json!([1, 2, 3]),
            json!("v1"),
        ] {
            assert_eq!(check(&sign_json(&payload, "k1")).unwrap_err(), HandoffError::Malformed, "{payload}");
        }
        for bytes in [&b""[..], b"not json", b"{\"jti\":", b"\xff\xfe{}"] {
            assert_eq!(check(&sign_bytes(bytes, &base, "k1")).unwrap_err(), HandoffError::Malformed);
        }
        let trailing = [serde_json::to_vec(&base).unwrap(), b"x".to_vec()].concat();
        assert_eq!(check(&sign_bytes(&trailing, &base, "k1")).unwrap_err(), HandoffError::Malformed);
    }

    #[test]
    fn a_duplicated_signing_field_is_malformed_and_another_duplicate_a_bad_payload() {
        let body = serde_json::to_string(&claims_json()).unwrap();
        let dup_jti = format!("{{\"jti\":\"jti-aaaaaaaaaaaaaaaa\",{}", &body[1..]);
        assert_eq!(check(&sign_bytes(dup_jti.as_bytes(), &claims_json(), "k1")).unwrap_err(), HandoffError::Malformed);
        let dup_adults = format!("{{\"adults\":9,{}", &body[1..]);
        assert_eq!(check(&sign_bytes(dup_adults.as_bytes(), &claims_json(), "k1")).unwrap_err().code(), "bad-payload");
    }

    // --- payload validation ------------------------------------------------

    #[test]
    fn jti_must_be_16_to_64_url_safe_characters() {
        for good in ["a".repeat(16), "Z9_-".repeat(16)] {
            assert!(check(&sign_json(&with(claims_json(), "jti", json!(good)), "k1")).is_ok(), "{good}");
        }
        for bad in ["a".repeat(15), "a".repeat(65), "jti with spaces 1234".into(), "jti.with.dots.12345".into()] {
            let err = check(&sign_json(&with(claims_json(), "jti", json!(bad)), "k1")).unwrap_err();
            assert_eq!(err.code(), "bad-payload", "{bad}");
        }
    }

    #[test]
    fn invalid_selections_are_bad_payloads() {
        let cases: Vec<(&str, Value)> = vec![
            ("checkin", json!("2026-8-14")),
            ("checkin", json!("2026-02-30")),
            ("checkin", json!("2026-08-14T00:00:00")),
            ("checkout", json!("2026-08-14")),
            ("checkout", json!("2026-08-10")),
            ("checkout", json!("2026-09-14")),
            ("adults", json!(0)),
            ("adults", json!(10)),
            ("adults", json!(-1)),
            ("adults", json!(300)),
            ("adults", json!("2")),
            ("rooms", json!(0)),
            ("rooms", json!(3)),
            ("children", json!([18])),
            ("children", json!([-1])),
            ("children", json!([1, 1, 1, 1, 1, 1, 1, 1, 1])),
            ("children", json!("4,9")),
            ("property", json!("")),
            ("property", json!("has space")),
            ("property", json!("p".repeat(65))),
            ("room_type", json!("<script>")),
            ("rate_plan", json!("")),
            ("promo", json!("x".repeat(33))),
            ("currency", json!("eur")),
            ("currency", json!("EURO")),
            ("locale", json!("english")),
            ("locale", json!("en_GB")),
            ("tenant", json!("")),
            ("attribution", json!(["utm_source"])),
        ];
        for (field, value) in cases {
            let err = check(&sign_json(&with(claims_json(), field, value.clone()), "k1")).unwrap_err();
            assert_eq!(err.code(), "bad-payload", "{field} = {value}");
        }
        let mut no_property = claims_json();
        no_property.as_object_mut().unwrap().remove("property");
        assert_eq!(check(&sign_json(&no_property, "k1")).unwrap_err().code(), "bad-payload");
    }

    #[test]
    fn selection_boundaries_are_accepted() {
        let cases: Vec<(&str, Value)> = vec![
            ("checkout", json!("2026-09-13")),
            ("checkout", json!("2026-08-15")),
            ("adults", json!(9)),
            ("rooms", json!(2)),
            ("children", json!([0, 17, 1, 1, 1, 1, 1, 1])),
            ("children", Value::Null),
            ("promo", Value::Null),
            ("locale", json!("zh-Hant-TW")),
            ("property", json!("prop:aurora.harbour_1")),
        ];
        for (field, value) in cases {
            assert!(check(&sign_json(&with(claims_json(), field, value.clone()), "k1")).is_ok(), "{field} = {value}");
        }
        let mut no_children = claims_json();
        no_children.as_object_mut().unwrap().remove("children");
        assert_eq!(check(&sign_json(&no_children, "k1")).unwrap().claims.selection.children, Vec::<u8>::new());
        let big_party = with(with(claims_json(), "adults", json!(18)), "rooms", json!(2));
        assert!(check(&sign_json(&big_party, "k1")).is_ok());
    }

    #[test]
    fn verified_selection_exposes_dates_and_nights() {
        let selection = check(&token()).unwrap().claims.selection;
        assert_eq!(selection.dates(), Some((jiff::civil::date(2026, 8, 14), jiff::civil::date(2026, 8, 17))));
        assert_eq!(selection.nights(), Some(3));
    }

    #[test]
    fn unknown_payload_fields_are_ignored() {
        let payload = with(claims_json(), "future_field", json!({"nested": [1, 2]}));
        assert_eq!(check(&sign_json(&payload, "k1")).unwrap().claims, claims());
    }

    #[test]
    fn attribution_keeps_only_bounded_string_entries() {
        let attribution = json!({
            "utm_source": "marketplace",
            "utm_campaign": "x".repeat(200),
            "too_long_value": "x".repeat(201),
            "UpperCase": "dropped",
            "dash-key": "dropped",
            "k".repeat(41): "dropped",
            "": "dropped",
            "number": 7,
            "object": {"a": "b"},
            "control": "line\nbreak",
            "empty": "",
        });
        let verified = check(&sign_json(&with(claims_json(), "attribution", attribution), "k1")).unwrap();
        let keys: Vec<&str> = verified.claims.attribution.keys().map(String::as_str).collect();
        assert_eq!(keys, ["empty", "utm_campaign", "utm_source"]);
    }

    #[test]
    fn attribution_keeps_the_first_twenty_entries_by_key() {
        let attribution: serde_json::Map<String, Value> =
            (0..30).rev().map(|i| (format!("key_{i:02}"), json!("v"))).collect();
        let payload = with(claims_json(), "attribution", Value::Object(attribution));
        let kept = check(&sign_json(&payload, "k1")).unwrap().claims.attribution;
        assert_eq!(kept.len(), 20);
        assert_eq!(kept.keys().next().unwrap(), "key_00");
        assert_eq!(kept.keys().last().unwrap(), "key_19");
    }

    #[test]
    fn null_or_absent_attribution_is_empty() {
        let mut absent = claims_json();
        absent.as_object_mut().unwrap().remove("attribution");
        for payload in [absent, with(claims_json(), "attribution", Value::Null)] {
            assert!(check(&sign_json(&payload, "k1")).unwrap().claims.attribution.is_empty());
        }
    }

    #[test]
    fn wrong_tenant_is_refused() {
        assert_eq!(verify(&token(), &keys(), "kestrel", NOW).unwrap_err(), HandoffError::WrongTenant);
        assert_eq!(verify(&token(), &keys(), "Aurora", NOW).unwrap_err(), HandoffError::WrongTenant);
    }

    // --- keys and rotation -------------------------------------------------

    #[test]
    fn a_token_signed_with_a_rotated_out_key_is_unknown() {
        let token = mint(&claims(), "k1", &keys()).unwrap();
        let both = HandoffKeys::parse(KEYS).unwrap();
        assert!(verify(&token, &both, "aurora", NOW).is_ok());
        let k2_only = HandoffKeys::parse(KEYS.split(',').nth(1).unwrap()).unwrap();
        assert_eq!(verify(&token, &k2_only, "aurora", NOW).unwrap_err(), HandoffError::UnknownKey);
    }

    #[test]
    fn the_same_kid_with_different_material_is_a_bad_signature() {
        let other = HandoffKeys::parse(&format!("k1={}", URL_SAFE_NO_PAD.encode([7u8; 32]))).unwrap();
        assert_eq!(verify(&token(), &other, "aurora", NOW).unwrap_err(), HandoffError::BadSignature);
    }

    #[test]
    fn key_spec_accepts_base64_variants_and_separators() {
        let key = [0xfbu8; 32]; // needs padding, and encodes to '+' and '/' (standard) or '-' and '_' (url-safe)
        let variants = [
            base64::engine::general_purpose::STANDARD.encode(key),
            base64::engine::general_purpose::STANDARD_NO_PAD.encode(key),
            base64::engine::general_purpose::URL_SAFE.encode(key),
            URL_SAFE_NO_PAD.encode(key),
        ];
        let reference = HandoffKeys::parse(&format!("a={}", variants[0])).unwrap();
        let token = mint(&claims(), "a", &reference).unwrap();
        for v in &variants {
            let keys = HandoffKeys::parse(&format!(" b={v},\n a={v}\n")).unwrap();
            assert_eq!(keys.kids().collect::<Vec<_>>(), ["b", "a"]);
            assert_eq!(keys.first_kid(), "b");
            assert!(keys.contains("a") && !keys.contains("c"));
            assert!(verify(&token, &keys, "aurora", NOW).is_ok(), "{v}");
        }
    }

    #[test]
    fn key_spec_errors_name_the_problem_but_never_the_key() {
        let short = URL_SAFE_NO_PAD.encode([1u8; 31]);
        let good = URL_SAFE_NO_PAD.encode([2u8; 32]);
        let cases = [
            (String::new(), KeyConfigError::Empty),
            (" , \n".into(), KeyConfigError::Empty),
            (format!("k1{good}"), KeyConfigError::MissingSeparator { entry: 1 }),
            (format!("k1={good},={good}"), KeyConfigError::InvalidKid { entry: 2 }),
            (format!("k.1={good}"), KeyConfigError::InvalidKid { entry: 1 }),
            (format!("k1={good},k1={good}"), KeyConfigError::DuplicateKid { kid: "k1".into() }),
            ("k1=not*base64".into(), KeyConfigError::InvalidBase64 { kid: "k1".into() }),
            ("k1=".into(), KeyConfigError::TooShort { kid: "k1".into(), len: 0 }),
            (format!("k1={short}"), KeyConfigError::TooShort { kid: "k1".into(), len: 31 }),
        ];
        for (spec, expected) in cases {
            let err = HandoffKeys::parse(&spec).unwrap_err();
            assert_eq!(err, expected, "{spec:?}");
            let shown = format!("{err} {err:?}");
            assert!(!shown.contains(&good) && !shown.contains(&short), "{shown}");
        }
    }

    #[test]
    fn keys_debug_shows_kids_only() {
        let shown = format!("{:?}", keys());
        assert_eq!(shown, r#"HandoffKeys { kids: ["k1", "k2", "long-kid"] }"#);
        let demo = format!("{:?}", HandoffKeys::demo());
        assert!(!demo.contains(DEMO_KEY_B64) && !demo.contains("not-secret"), "{demo}");
    }

    #[test]
    fn demo_keys_hold_the_published_key() {
        let demo = HandoffKeys::demo();
        assert_eq!(demo.first_kid(), DEMO_KID);
        assert!(demo.uses_demo_key());
        assert!(!keys().uses_demo_key());
        let renamed = HandoffKeys::parse(&format!("prod={DEMO_KEY_B64},k9={}", URL_SAFE_NO_PAD.encode([3u8; 32])));
        assert!(renamed.unwrap().uses_demo_key(), "the demo key is detected under any kid");
        let token = mint(&claims(), DEMO_KID, &demo).unwrap();
        assert!(verify(&token, &demo, "aurora", NOW).is_ok());
        assert_eq!(KEY_STANDARD.decode(DEMO_KEY_B64).unwrap(), b"ghasi-demo-handoff-key-not-secret");
    }

    // --- minting -----------------------------------------------------------

    #[test]
    fn mint_refuses_what_verify_would_refuse() {
        let mut bad_jti = claims();
        bad_jti.jti = "short".into();
        assert_eq!(mint(&bad_jti, "k1", &keys()).unwrap_err().code(), "bad-payload");
        assert_eq!(mint(&claims(), "k3", &keys()).unwrap_err(), HandoffError::UnknownKey);
        assert_eq!(mint(&claims(), "bad kid", &keys()).unwrap_err(), HandoffError::UnknownKey);
        let mut long = claims();
        long.exp = long.iat + 901;
        assert_eq!(mint(&long, "k1", &keys()).unwrap_err(), HandoffError::LifetimeTooLong);
        let mut bad_attribution = claims();
        bad_attribution.attribution.insert("Bad Key".into(), "v".into());
        assert_eq!(mint(&bad_attribution, "k1", &keys()).unwrap_err().code(), "bad-payload");
        let mut huge = claims();
        for i in 0..20 {
            huge.attribution.insert(format!("pad_{i:02}"), "x".repeat(200));
        }
        assert_eq!(mint(&huge, "k1", &keys()).unwrap_err(), HandoffError::TooLarge);
    }

    #[test]
    fn new_jti_is_random_and_valid() {
        let a = new_jti();
        let b = new_jti();
        assert_ne!(a, b);
        assert!(a.len() >= 22 && is_jti(&a), "{a}");
    }

    // --- errors ------------------------------------------------------------

    #[test]
    fn error_codes_are_distinct_kebab_case_and_messages_plain() {
        let all = [
            HandoffError::TooLarge,
            HandoffError::Malformed,
            HandoffError::UnsupportedVersion,
            HandoffError::UnknownKey,
            HandoffError::BadSignature,
            HandoffError::BadPayload(Msg::new("handoff-payload-adults-too-many")),
            HandoffError::WrongTenant,
            HandoffError::NotYetValid,
            HandoffError::Expired,
            HandoffError::LifetimeTooLong,
        ];
        let codes: std::collections::BTreeSet<&str> = all.iter().map(HandoffError::code).collect();
        assert_eq!(codes.len(), all.len());
        for error in &all {
            assert!(error.code().bytes().all(|b| b.is_ascii_lowercase() || b == b'-'));
            let message = error.to_string();
            assert!(message.starts_with("This booking link") && message.len() < 120, "{message}");
        }
    }

    // --- the published test vectors ----------------------------------------

    #[test]
    fn vectors_file_matches() {
        let doc: Value = serde_json::from_str(include_str!("../../tests/vectors/handoff_v1.json")).unwrap();
        let spec = doc["keys"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(kid, key)| format!("{kid}={}", key.as_str().unwrap()))
            .collect::<Vec<_>>()
            .join(",");
        let keys = HandoffKeys::parse(&spec).unwrap();
        let cases = doc["cases"].as_array().unwrap();
        let mut seen_codes = std::collections::BTreeSet::new();
        for case in cases {
            let name = case["name"].as_str().unwrap();
            let token = case["token"].as_str().unwrap();
            let host = case["hostTenant"].as_str().unwrap();
            let now = case["now"].as_i64().unwrap();
            let expect = case["expect"].as_str().unwrap();
            seen_codes.insert(expect);
            match verify(token, &keys, host, now) {
                Ok(verified) => {
                    assert_eq!(expect, "ok", "{name}: verified but expected {expect}");
                    assert_eq!(serde_json::to_value(&verified.claims).unwrap(), case["claims"], "{name}");
                    let p = parts(token);
                    let payload = URL_SAFE_NO_PAD.decode(&p[2]).unwrap();
                    let c = &verified.claims;
                    let signing = signing_string(&verified.kid, &c.tenant, &c.jti, c.iat, c.exp, &payload);
                    assert_eq!(signing, case["signingString"].as_str().unwrap(), "{name}");
                }
                Err(err) => assert_eq!(err.code(), expect, "{name}: {err}"),
            }
        }
        for code in [
            "ok",
            "too-large",
            "malformed",
            "unsupported-version",
            "unknown-key",
            "bad-signature",
            "bad-payload",
            "wrong-tenant",
            "not-yet-valid",
            "expired",
            "lifetime-too-long",
        ] {
            assert!(seen_codes.contains(code), "the vectors lack a {code} case");
        }
    }

    // --- properties --------------------------------------------------------

    fn arb_claims() -> impl Strategy<Value = HandoffClaims> {
        let ids = "[A-Za-z0-9_-]{16,64}";
        (
            ids,
            "[a-z][a-z0-9-]{0,20}",
            (1_700_000_000i64..1_900_000_000, 0i64..=900),
            (1u8..=5, 0u8..=4, proptest::collection::vec(0u8..=17, 0..=8)),
            (0i64..400, 1i64..=30),
            proptest::option::of("[A-Za-z0-9._:-]{1,64}"),
            proptest::option::of("[A-Z]{3}"),
            proptest::collection::btree_map("[a-z0-9_]{1,40}", "\\PC{0,40}", 0..=5),
        )
            .prop_map(
                |(jti, tenant, (iat, life), (rooms, extra, children), (offset, nights), room, cur, attr)| {
                    let checkin = jiff::civil::date(2026, 1, 1) + jiff::Span::new().days(offset);
                    let checkout = checkin + jiff::Span::new().days(nights);
                    HandoffClaims {
                        jti,
                        tenant,
                        iat,
                        exp: iat + life,
                        selection: HandoffSelection {
                            property: "aurora-harbour".into(),
                            checkin: checkin.to_string(),
                            checkout: checkout.to_string(),
                            adults: rooms + extra,
                            children,
                            rooms,
                            room_type: room.clone(),
                            rate_plan: room,
                            promo: None,
                            currency: cur,
                            locale: Some("fr-CA".into()),
                        },
                        attribution: attr,
                    }
                },
            )
    }

    /// JSON payloads that carry the signing fields but anything at all elsewhere.
    fn arb_signed_payload() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(Value::from),
            "\\PC{0,12}".prop_map(Value::from),
            "20[0-9]{2}-[01][0-9]-[0-3][0-9]".prop_map(Value::from),
            (0i64..20).prop_map(Value::from),
        ];
        let any_json = leaf.prop_recursive(3, 24, 4, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
                proptest::collection::btree_map("[a-z_]{1,8}", inner, 0..4)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        });
        let fields = [
            "property",
            "checkin",
            "checkout",
            "adults",
            "children",
            "rooms",
            "room_type",
            "promo",
            "currency",
            "locale",
            "attribution",
        ];
        (proptest::collection::vec(any_json, fields.len()), "\\PC{0,70}", any::<i64>(), any::<i64>()).prop_map(
            move |(values, jti, iat, exp)| {
                let mut payload = claims_json();
                for (field, value) in fields.iter().zip(values) {
                    payload[*field] = value;
                }
                payload["jti"] = json!(jti);
                payload["iat"] = json!(iat);
                payload["exp"] = json!(exp);
                payload
            },
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn arbitrary_strings_never_panic(s in any::<String>()) {
            let _ = check(&s);
        }

        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
            let _ = check(&String::from_utf8_lossy(&bytes));
        }

        #[test]
        fn token_shaped_strings_never_panic_or_verify(
            s in "(v1|v2|v)?\\.(k1|k2|long-kid|[a-z]{0,3})?\\.[A-Za-z0-9_=+/-]{0,80}\\.[A-Za-z0-9_=+/-]{0,60}"
        ) {
            prop_assert!(check(&s).is_err());
        }

        #[test]
        fn mutated_valid_tokens_never_verify(
            index in any::<proptest::sample::Index>(),
            op in 0u8..3,
            c in proptest::char::range(' ', '~'),
        ) {
            let token = token();
            let i = index.index(token.len());
            let mut mutated = token.clone();
            match op {
                0 => mutated.replace_range(i..=i, &c.to_string()),
                1 => mutated.insert(i, c),
                _ => { mutated.remove(i); }
            }
            prop_assume!(mutated != token);
            prop_assert!(check(&mutated).is_err());
        }

        #[test]
        fn signed_arbitrary_payloads_never_panic(payload in arb_signed_payload()) {
            let token = sign_json(&payload, "k2");
            if let Ok(verified) = check(&token) {
                prop_assert!(verified.claims.validate().is_ok());
            }
        }

        #[test]
        fn valid_claims_round_trip(claims in arb_claims()) {
            let token = mint(&claims, "long-kid", &keys()).unwrap();
            let verified = verify(&token, &keys(), &claims.tenant, claims.iat).unwrap();
            prop_assert_eq!(verified.claims, claims);
        }

        #[test]
        fn key_specs_never_panic(spec in "[a-z0-9=,+/ _-]{0,120}") {
            let _ = HandoffKeys::parse(&spec);
        }
    }
}
