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
//!   optional `parties` (each room's `{adults, children}`, adding up to the
//!   aggregates; an extension that leaves the signing string as it was), `room_type`, `rate_plan`, `promo`, `currency`, `locale`) and
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
use super::stay::{MAX_NIGHTS, Occupancy, OccupancyError, RoomParty};

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

    /// Keys for another purpose of this service, one per handoff key in the same
    /// order: HMAC-SHA256 of `label` under each key. A distinct label per purpose
    /// keeps a signature of one kind from ever verifying as another, and the
    /// handoff keys themselves never leave this type. Rotating the handoff keys
    /// rotates these too (the first signs, every one verifies).
    pub fn derive(&self, label: &str) -> DerivedKeys {
        let keys = self
            .keys
            .iter()
            .map(|(_, key)| {
                let mut mac = HmacSha256::new_from_slice(&key.0).expect("HMAC accepts keys of any length");
                mac.update(label.as_bytes());
                KeyMaterial(mac.finalize().into_bytes().to_vec())
            })
            .collect();
        DerivedKeys { keys }
    }

    fn get(&self, kid: &str) -> Option<&KeyMaterial> {
        self.keys.iter().find(|(k, _)| k == kid).map(|(_, key)| key)
    }
}

/// Signing keys derived from the handoff keys ([`HandoffKeys::derive`]): the
/// first signs, every one verifies. Its `Debug` says only how many there are.
#[derive(Clone)]
pub struct DerivedKeys {
    keys: Vec<KeyMaterial>,
}

impl fmt::Debug for DerivedKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DerivedKeys").field("count", &self.keys.len()).finish()
    }
}

impl DerivedKeys {
    /// HMAC-SHA256 of `message` under the first key.
    pub fn sign(&self, message: &[u8]) -> [u8; 32] {
        let mut mac = HmacSha256::new_from_slice(&self.keys[0].0).expect("HMAC accepts keys of any length");
        mac.update(message);
        mac.finalize().into_bytes().into()
    }

    /// Whether `tag` is the HMAC-SHA256 of `message` under any of the keys,
    /// compared in constant time.
    pub fn verify(&self, message: &[u8], tag: &[u8]) -> bool {
        self.keys.iter().any(|key| {
            let mut mac = HmacSha256::new_from_slice(&key.0).expect("HMAC accepts keys of any length");
            mac.update(message);
            mac.verify_slice(tag).is_ok()
        })
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
    /// Each room's party, room 1 first (an extension of the contract: tokens
    /// without it split `adults` and `children` evenly across `rooms`). When
    /// present it must add up to `adults`, `children` and `rooms`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parties: Option<Vec<HandoffRoom>>,
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

/// One room's party in a handoff payload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandoffRoom {
    pub adults: u8,
    /// Ages of the room's children, 0–17; absent or `null` means none.
    #[serde(default, deserialize_with = "deserialize_children")]
    pub children: Vec<u8>,
}

impl HandoffSelection {
    /// The party: each room's, or the aggregate split evenly; `Ok` for every
    /// verified handoff.
    pub fn occupancy(&self) -> Result<Occupancy, OccupancyError> {
        match &self.parties {
            None => Occupancy::new(self.adults, self.children.clone(), self.rooms),
            Some(parties) => Occupancy::of_rooms(
                parties.iter().map(|p| RoomParty::new(p.adults, p.children.clone())).collect::<Result<Vec<_>, _>>()?,
            ),
        }
    }

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
        let occupancy = self.occupancy().map_err(|e| {
            HandoffError::BadPayload(Msg::new(match e {
                OccupancyError::Rooms => "handoff-payload-rooms",
                OccupancyError::TooFewAdults => "handoff-payload-adults-too-few",
                OccupancyError::TooManyAdults => "handoff-payload-adults-too-many",
                OccupancyError::TooManyChildren => "handoff-payload-children-too-many",
                OccupancyError::ChildAge => "handoff-payload-child-age",
                OccupancyError::TooManyGuestsInRoom => "handoff-payload-room-too-many-guests",
            }))
        })?;
        let mut ages = occupancy.children();
        let mut claimed = self.children.clone();
        ages.sort_unstable();
        claimed.sort_unstable();
        if occupancy.adults() != self.adults || occupancy.rooms() != self.rooms || ages != claimed {
            return Err(HandoffError::BadPayload(Msg::new("handoff-payload-parties-mismatch")));
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
mod tests;
