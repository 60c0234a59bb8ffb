//! Wire types of the upstream platform contracts (docs/upstreams.md). The real
//! HTTP clients deserialize them and the embedded demo platform serializes them,
//! so the two cannot drift apart.

use serde::{Deserialize, Serialize};

use crate::domain::payment_policy::{Deposit, PaymentPolicy};

use crate::domain::tenant::RawThemeTokens;

// ---- tenant-config ----

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HostLookupDto {
    pub tenant: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TenantListDto {
    pub tenants: Vec<TenantSummaryDto>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TenantSummaryDto {
    pub id: String,
    pub name: String,
    pub hosts: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TenantConfigDto {
    pub id: String,
    pub name: String,
    pub tagline: String,
    pub hosts: Vec<String>,
    pub theme: String,
    pub tokens: RawThemeTokens,
    pub locales: Vec<String>,
    pub default_locale: String,
    pub currencies: Vec<String>,
    pub default_currency: String,
    pub properties: Vec<PropertyDto>,
    pub policies: PoliciesDto,
    #[serde(default)]
    pub analytics: AnalyticsDto,
    /// Where the tenant's app may ask to be sent back to after a payment:
    /// prefixes of app schemes (`aurorabooking://`) or universal links
    /// (`https://aurora.example/app/`). Empty: the app cannot pass a `returnUrl`.
    #[serde(default)]
    pub app_return_urls: Vec<String>,
    /// Origins (`https://img.aurora.example`) the tenant's photos are served
    /// from: the site's Content-Security-Policy allows images from them, and a
    /// photo whose URL is on any other origin is not shown. Empty: no photos.
    #[serde(default)]
    pub image_origins: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PropertyDto {
    pub id: String,
    pub name: String,
    pub city: String,
    pub country: String,
    pub summary: String,
    pub stars: u8,
    pub time_zone: String,
    pub currency: String,
    pub checkin_time: String,
    pub checkout_time: String,
    /// Postal address lines as printed (optional; the confirmation e-mail shows it).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub address: Vec<String>,
    /// How guests reach the front desk (optional): a telephone number as
    /// dialled internationally and an e-mail address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Photos of the property, the first its main one (optional).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub images: Vec<ImageDto>,
}

/// A photo: the same picture at several widths, its intrinsic size (what
/// gives its aspect ratio) and its text alternative in each language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ImageDto {
    /// Ascending widths, each an absolute `http(s)` URL.
    pub variants: Vec<ImageVariantDto>,
    /// Intrinsic width and height in pixels (of the largest variant).
    pub width: u32,
    pub height: u32,
    /// Text alternative by language tag (`{"en": "…", "fr": "…"}`).
    pub alt: std::collections::BTreeMap<String, String>,
}

impl ImageDto {
    /// The photo, if it is one a page may show (`domain::image`).
    pub fn parse(&self) -> Result<crate::domain::image::Image, crate::domain::image::ImageError> {
        crate::domain::image::Image::new(
            self.variants.iter().map(|v| (v.url.as_str(), v.width)),
            self.width,
            self.height,
            self.alt.iter().map(|(tag, text)| (tag.as_str(), text.as_str())),
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ImageVariantDto {
    pub url: String,
    /// Width of this variant in pixels.
    pub width: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PoliciesDto {
    pub cancellation: String,
    pub payment: String,
    /// The hotel's terms, a web page the guest accepts before paying (optional).
    #[serde(default)]
    pub terms_url: Option<String>,
    pub privacy_url: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AnalyticsDto {
    pub enabled: bool,
    pub measurement_id: Option<String>,
}

// ---- availability ----

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AvailabilityQuery {
    pub checkin: String,
    pub checkout: String,
    pub adults: u8,
    /// Comma-separated ages; empty for none.
    #[serde(default)]
    pub children: String,
    pub rooms: u8,
    /// Each room's party, rooms separated by `|`, each its adults then its
    /// children's ages (`2,7|1`); absent from older clients, which split
    /// `adults` and `children` evenly across `rooms`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub occupancy: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub promo: Option<String>,
    /// `true` asks for member rates (a signed-in guest whose iam profile has
    /// `memberRates`); absent for public prices.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member: Option<bool>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AvailabilityDto {
    pub property_id: String,
    pub currency: String,
    pub checkin: String,
    pub checkout: String,
    pub nights: u32,
    pub restrictions: RestrictionsDto,
    pub room_types: Vec<RoomTypeDto>,
    /// Present when the request sent `promo`: what became of it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub promo: Option<PromoDto>,
}

/// `GET /v1/properties/{id}/calendar`: every arrival date in `[from, to)`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CalendarQuery {
    pub from: String,
    pub to: String,
    /// The stay's length from each arrival date.
    pub nights: u32,
    pub adults: u8,
    #[serde(default)]
    pub children: String,
    pub rooms: u8,
    /// Each room's party, as for availability (`2,7|1`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub occupancy: Option<String>,
}

/// The longest calendar one call may ask for: two months of arrivals.
pub const CALENDAR_MAX_DAYS: i32 = 62;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CalendarDto {
    pub property_id: String,
    pub currency: String,
    pub nights: u32,
    pub days: Vec<CalendarDayDto>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CalendarDayDto {
    /// The arrival date.
    pub date: String,
    pub restrictions: RestrictionsDto,
    /// The cheapest total of any rate for the stay of `nights` from this date,
    /// for the party, public prices; `null` when no room is free every night.
    pub from_total: Option<i64>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RestrictionsDto {
    /// Arrivals are not accepted on the check-in date.
    pub closed_to_arrival: bool,
    /// Minimum nights for an arrival on the check-in date.
    pub min_stay: Option<u32>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RoomTypeDto {
    pub id: String,
    pub name: String,
    pub description: String,
    pub max_occupancy: u8,
    pub bedding: String,
    pub size_sqm: u16,
    /// Units free on every night of the stay (the minimum over the nights).
    pub units_left: u32,
    pub rate_plans: Vec<RatePlanDto>,
    /// Photos of the room type (optional).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub images: Vec<ImageDto>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RatePlanDto {
    pub id: String,
    pub name: String,
    pub refundable: bool,
    pub breakfast_included: bool,
    pub cancellation_policy: String,
    /// The cancellation terms as data (absent from an older platform: the
    /// booking cannot be cancelled online).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancellation: Option<CancellationTermsDto>,
    /// Price of each night for all rooms, minor units.
    pub nightly: Vec<NightlyDto>,
    pub room_total: i64,
    pub taxes: i64,
    pub fees: i64,
    pub total: i64,
    /// Priced at the member rate (only ever with `member=true`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub member_rate: bool,
    /// What the promotional code took off the room price (all nights, all
    /// rooms), minor units; 0 without one. Already deducted from `nightly`.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub promo_discount: i64,
    /// A negotiated rate, offered only with its code.
    #[serde(default, skip_serializing_if = "is_false")]
    pub negotiated: bool,
    /// How the rate is paid (absent from an older platform: `full`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_policy: Option<PaymentPolicyDto>,
    /// Minor units charged when booking (absent: `total`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_now: Option<i64>,
    /// Minor units left to pay at the hotel (absent: 0). `dueNow + dueAtHotel == total`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_at_hotel: Option<i64>,
}

/// A rate plan's payment policy: `{"kind":"full"}`, `{"kind":"deposit",
/// "deposit":{"nights":1}}` (the first night's room price),
/// `{"kind":"deposit","deposit":{"percent":30}}` (of the total, rounded down to
/// the minor unit; the hotel's part is the rest), or `{"kind":"at_hotel"}`
/// (nothing charged; the card is stored as a guarantee).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentPolicyDto {
    pub kind: PaymentPolicyKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deposit: Option<PenaltyDto>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentPolicyKind {
    Full,
    Deposit,
    AtHotel,
}

impl PaymentPolicyDto {
    /// The policy on the wire.
    pub fn of(policy: PaymentPolicy) -> Self {
        match policy {
            PaymentPolicy::Full => Self { kind: PaymentPolicyKind::Full, deposit: None },
            PaymentPolicy::AtHotel => Self { kind: PaymentPolicyKind::AtHotel, deposit: None },
            PaymentPolicy::Deposit { deposit: Deposit::FirstNight } => {
                Self { kind: PaymentPolicyKind::Deposit, deposit: Some(PenaltyDto::Nights(1)) }
            }
            PaymentPolicy::Deposit { deposit: Deposit::Percent { percent } } => {
                Self { kind: PaymentPolicyKind::Deposit, deposit: Some(PenaltyDto::Percent(percent)) }
            }
        }
    }

    /// The policy this stands for; `None` for one we do not know (a deposit
    /// of several nights, a percentage out of 1–100, a deposit without its rule).
    pub fn policy(&self) -> Option<PaymentPolicy> {
        match (self.kind, self.deposit) {
            (PaymentPolicyKind::Full, _) => Some(PaymentPolicy::Full),
            (PaymentPolicyKind::AtHotel, _) => Some(PaymentPolicy::AtHotel),
            (PaymentPolicyKind::Deposit, Some(PenaltyDto::Nights(1))) => {
                Some(PaymentPolicy::Deposit { deposit: Deposit::FirstNight })
            }
            (PaymentPolicyKind::Deposit, Some(PenaltyDto::Percent(p))) => PaymentPolicy::percent(p).ok(),
            (PaymentPolicyKind::Deposit, _) => None,
        }
    }
}

fn is_zero(n: &i64) -> bool {
    *n == 0
}

/// What the platform made of the `promo` the request sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PromoDto {
    /// The code, upper-case.
    pub code: String,
    pub status: PromoStatus,
    pub kind: PromoKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PromoStatus {
    /// Priced in: a discount on the rates, or the negotiated rates it unlocks.
    Applied,
    /// Known, but over (or not yet started): nothing applied.
    Expired,
    /// Not a code of this property: nothing applied.
    Unknown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PromoKind {
    /// Takes a share off the room price of the rates.
    Discount,
    /// Unlocks negotiated (corporate) rate plans.
    Negotiated,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NightlyDto {
    pub date: String,
    pub amount: i64,
}

/// A rate plan's cancellation terms: `refundable: false` refunds nothing;
/// otherwise free until `daysBefore` days before arrival at the hotel's
/// check-in time (in the property's time zone) less `hoursBefore` hours, then
/// `penalty` is kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CancellationTermsDto {
    pub refundable: bool,
    #[serde(default)]
    pub days_before: u16,
    #[serde(default)]
    pub hours_before: u16,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub penalty: Option<PenaltyDto>,
}

/// `{"nights": 1}` (the first nights' room price) or `{"percent": 50}` (of the total).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum PenaltyDto {
    Nights(u8),
    Percent(u8),
}

/// An RFC 9457 problem from an upstream.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UpstreamProblemDto {
    #[serde(default)]
    pub r#type: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub status: u16,
    #[serde(default)]
    pub detail: String,
    #[serde(default)]
    pub code: String,
}

// ---- pricing ----

/// One room's party on the wire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RoomOccupancyDto {
    pub adults: u8,
    /// Ages, 0–17.
    #[serde(default)]
    pub children: Vec<u8>,
}

/// `POST /v1/quotes`: price one rate plan of one room type for a stay.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QuoteRequestDto {
    pub property_id: String,
    pub room_type_id: String,
    pub rate_plan_id: String,
    pub checkin: String,
    pub checkout: String,
    pub adults: u8,
    /// Children's ages, 0–17.
    #[serde(default)]
    pub children: Vec<u8>,
    pub rooms: u8,
    /// Each room's party, room 1 first; adds up to `adults`, `children` and
    /// `rooms`. Absent from older clients (the platform then splits evenly).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub occupancy: Vec<RoomOccupancyDto>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub promo: Option<String>,
    /// Price at the member rate where the rate plan has one.
    #[serde(default, skip_serializing_if = "is_false")]
    pub member: bool,
    /// Each room's own room type and rate plan, room 1 first, one per room
    /// of `occupancy` (absent: every room is `roomTypeId` at `ratePlanId`).
    /// The answer then has one line per room (`lines`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub room_rates: Vec<RoomRateDto>,
    /// Ids of the extras the guest chose (from the `extrasOffered` of an
    /// earlier quote for the same stay); absent: none. One that is not
    /// offered for this stay is refused with `422 unknown-extra`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extras: Vec<String>,
}

/// One room's room type and rate plan in a quote request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RoomRateDto {
    pub room_type_id: String,
    pub rate_plan_id: String,
}

/// One room of a quote priced room by room: its room type, rate plan, party
/// and price, minor units of the quote's currency. The lines' `roomTotal`,
/// `taxes`, `fees`, `total`, `dueNow` and `dueAtHotel` add up to the quote's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QuoteLineDto {
    pub room_type_id: String,
    pub rate_plan_id: String,
    pub adults: u8,
    #[serde(default)]
    pub children: Vec<u8>,
    pub nightly: Vec<NightlyDto>,
    pub room_total: i64,
    pub taxes: i64,
    pub fees: i64,
    pub total: i64,
    pub refundable: bool,
    pub cancellation_policy: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancellation: Option<CancellationTermsDto>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_policy: Option<PaymentPolicyDto>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_now: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_at_hotel: Option<i64>,
}

/// One room a hold takes: its room type, rate plan and party.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HoldLineDto {
    pub room_type_id: String,
    pub rate_plan_id: String,
    pub adults: u8,
    #[serde(default)]
    pub children: Vec<u8>,
}

/// A priced offer, good until `expires_at`. Amounts are minor units of `currency`
/// for all rooms and all nights.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QuoteDto {
    pub id: String,
    pub property_id: String,
    pub room_type_id: String,
    pub rate_plan_id: String,
    pub checkin: String,
    pub checkout: String,
    pub adults: u8,
    pub children: Vec<u8>,
    pub rooms: u8,
    /// Each room's party, as priced.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub occupancy: Vec<RoomOccupancyDto>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub promo: Option<String>,
    pub currency: String,
    pub nightly: Vec<NightlyDto>,
    pub room_total: i64,
    pub taxes: i64,
    pub fees: i64,
    pub total: i64,
    pub cancellation_policy: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancellation: Option<CancellationTermsDto>,
    pub refundable: bool,
    pub breakfast_included: bool,
    pub expires_at: jiff::Timestamp,
    /// Priced at the member rate.
    #[serde(default, skip_serializing_if = "is_false")]
    pub member_rate: bool,
    /// What the promotional code took off the room price, minor units (as
    /// availability says for the same rate).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub promo_discount: i64,
    /// Priced at a negotiated (corporate) rate that the request's `promo`
    /// unlocked (as availability says for the same rate).
    #[serde(default, skip_serializing_if = "is_false")]
    pub negotiated: bool,
    /// How the rate is paid (absent from an older platform: `full`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_policy: Option<PaymentPolicyDto>,
    /// Minor units charged when booking (absent: `total`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_now: Option<i64>,
    /// Minor units left to pay at the hotel (absent: 0). `dueNow + dueAtHotel == total`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_at_hotel: Option<i64>,
    /// One line per room when the request named each room's rate
    /// (`roomRates`); `roomTypeId` and `ratePlanId` above are then room 1's.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lines: Vec<QuoteLineDto>,
    /// The extras chosen (`extras` of the request), one line each, priced
    /// for this stay and party. Absent from an older platform.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extras: Vec<ExtraLineDto>,
    /// The sum of the `extras` lines' totals, included in `total` (`total =
    /// roomTotal + taxes + fees + extrasTotal`; absent: 0).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub extras_total: i64,
    /// Every extra the hotel sells for this stay and party, priced as it
    /// would be if chosen (a date-limited extra only when a night of the
    /// stay is in its window). Absent: none (or an older platform).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extras_offered: Vec<ExtraLineDto>,
}

/// One extra priced for a stay: `amount = quantity × unitPrice`, `total =
/// amount + tax`, minor units of the quote's currency. `quantity` follows the
/// `basis`: `per_stay` 1, `per_night` the nights it applies to, `per_guest`
/// the guests (adults and children), `per_guest_night` guests × nights.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExtraLineDto {
    pub id: String,
    /// In the language of the request (`Accept-Language`).
    pub name: String,
    pub basis: crate::domain::extras::ExtraBasis,
    pub quantity: u32,
    pub nights: u32,
    pub guests: u32,
    pub unit_price: i64,
    pub amount: i64,
    pub tax: i64,
    pub total: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FxQuery {
    pub base: String,
}

/// Exchange rates from `base`: one unit of `base` buys `rates_ppm[c] / 1 000 000`
/// units of `c` (parts per million, so no float crosses the wire).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FxRatesDto {
    pub base: String,
    pub rates_ppm: std::collections::BTreeMap<String, i64>,
    pub as_of: jiff::Timestamp,
}

// ---- iam ----

/// `POST /v1/iam/sessions`: a guest signs in.
#[derive(Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IamSignInDto {
    pub email: String,
    pub password: String,
}

impl std::fmt::Debug for IamSignInDto {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("IamSignInDto { .. }")
    }
}

/// A guest's bearer token, good until `expires_at`.
#[derive(Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IamSessionDto {
    pub token: String,
    pub guest_id: String,
    pub expires_at: jiff::Timestamp,
}

impl std::fmt::Debug for IamSessionDto {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IamSessionDto").field("expires_at", &self.expires_at).finish_non_exhaustive()
    }
}

/// `GET /v1/iam/guests/me`: the signed-in guest's loyalty profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IamGuestDto {
    pub guest_id: String,
    pub first_name: String,
    /// `silver`, `gold` or `platinum`.
    pub tier: String,
    pub points: u64,
    /// Whether member rates apply to this guest.
    pub member_rates: bool,
}

// ---- reservations ----

/// `POST /v1/holds`: take the quoted units until the hold expires.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HoldRequestDto {
    pub quote_id: String,
    /// Opaque marketing attribution, stored with the hold for reporting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribution: Option<serde_json::Value>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum HoldStatus {
    /// Units are taken until `expiresAt`.
    Active,
    /// Released by the client; units are free again.
    Released,
    /// `expiresAt` passed; units are free again.
    Expired,
    /// Became a booking; units stay taken.
    Converted,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HoldDto {
    pub id: String,
    pub quote_id: String,
    pub property_id: String,
    pub room_type_id: String,
    pub rate_plan_id: String,
    pub rooms: u8,
    /// Each room's party, as quoted: the hold takes the quote's rooms.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub occupancy: Vec<RoomOccupancyDto>,
    pub checkin: String,
    pub checkout: String,
    pub expires_at: jiff::Timestamp,
    pub status: HoldStatus,
    /// Every room the hold takes, room 1 first, when the quote was priced
    /// room by room. A hold takes all of its quote's rooms or none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lines: Vec<HoldLineDto>,
    /// The quote's extras: held and booked with the room.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extras: Vec<ExtraLineDto>,
}

/// `POST /v1/bookings`: turn a hold into a booking once its payment is approved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BookingRequestDto {
    pub hold_id: String,
    pub payment_session_id: String,
    pub guest: BookingGuestDto,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribution: Option<serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BookingGuestDto {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    /// E.164, e.g. `+351912345678`.
    pub phone: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub special_requests: Option<String>,
    /// When the guest expects to arrive, `HH:MM` in the hotel's time (optional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arrival_time: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BookingStatus {
    Confirmed,
    /// Cancelled by `POST /v1/bookings/{reference}/cancel`: the units are free again.
    Cancelled,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BookingDto {
    /// The guest-facing booking reference, e.g. `AUR-7K3Q9X`.
    pub reference: String,
    pub hold_id: String,
    pub property_id: String,
    pub room_type_id: String,
    pub rate_plan_id: String,
    pub checkin: String,
    pub checkout: String,
    pub adults: u8,
    pub children: Vec<u8>,
    pub rooms: u8,
    /// Each room's party, as held.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub occupancy: Vec<RoomOccupancyDto>,
    pub guest: BookingGuestDto,
    pub total: i64,
    pub currency: String,
    pub status: BookingStatus,
    pub created_at: jiff::Timestamp,
    /// The approved payment session that paid for the booking.
    #[serde(default)]
    pub payment_session_id: String,
    /// Room price of each night for all rooms, as quoted (a nights penalty is
    /// taken from these).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub nightly: Vec<NightlyDto>,
    /// The rate plan's cancellation terms, as booked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancellation: Option<CancellationTermsDto>,
    /// Set once the booking is cancelled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancelled: Option<CancelledDto>,
    /// Every approved payment session that paid for the booking, oldest first:
    /// `paymentSessionId`, then one per change of the stay that cost more.
    /// Absent on a booking never changed (read as `[paymentSessionId]`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub payment_session_ids: Vec<String>,
    /// When the stay was last changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified_at: Option<jiff::Timestamp>,
    /// How the rate is paid (absent from an older platform: `full`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_policy: Option<PaymentPolicyDto>,
    /// Minor units charged when booking (what its payment session took) (absent: `total`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_now: Option<i64>,
    /// Minor units left to pay at the hotel (absent: 0). `dueNow + dueAtHotel == total`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_at_hotel: Option<i64>,
    /// Each room as booked (its quote's lines), when priced room by room.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lines: Vec<QuoteLineDto>,
    /// The extras booked with the room, as quoted (included in `total`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extras: Vec<ExtraLineDto>,
}

impl BookingDto {
    /// What the guest paid when booking: `dueNow`, or the total on a booking
    /// without a payment policy.
    pub fn paid_when_booked(&self) -> i64 {
        self.due_now.unwrap_or(self.total)
    }

    /// Paid in full when booked (a deposit or pay-at-hotel booking is not).
    pub fn paid_in_full(&self) -> bool {
        self.payment_policy.is_none_or(|p| p.kind == PaymentPolicyKind::Full)
    }

    /// Paid at the hotel, guaranteed by a card kept on file at booking.
    pub fn guaranteed_by_card(&self) -> bool {
        self.payment_policy.is_some_and(|p| p.kind == PaymentPolicyKind::AtHotel)
    }
}

impl BookingDto {
    /// The sessions that paid for the booking, oldest first.
    pub fn payment_sessions(&self) -> Vec<&str> {
        if self.payment_session_ids.is_empty() {
            return vec![self.payment_session_id.as_str()].into_iter().filter(|s| !s.is_empty()).collect();
        }
        self.payment_session_ids.iter().map(String::as_str).collect()
    }
}

/// `POST /v1/bookings/{reference}/modify`: the booking takes the stay of an
/// active hold (dates, party, room type, rate plan, price, terms) in one step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ModifyBookingRequestDto {
    pub hold_id: String,
    /// An approved session paying exactly the difference, when the new stay
    /// costs more; absent when it costs the same or less (the merchant then
    /// refunds the difference).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_session_id: Option<String>,
}

/// `POST /v1/bookings/{reference}/cancel`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CancelBookingRequestDto {
    /// For the hotel's books, e.g. `guest`.
    pub reason: String,
    /// The refund the guest was shown; when the terms now give another amount
    /// (the deadline passed meanwhile) the cancel is refused with
    /// `409 cancellation-terms-changed` and nothing changes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_refund: Option<i64>,
}

/// What a cancellation came to, minor units of the booking's currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CancelledDto {
    pub cancelled_at: jiff::Timestamp,
    pub penalty: i64,
    /// `total − penalty`: what the merchant is to refund.
    pub refund: i64,
}

// ---- payments ----

/// `POST /v1/payment-sessions`: a hosted payment page for one amount.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentSessionRequestDto {
    /// Minor units, > 0, charged (`mode: charge`); 0 for a guarantee.
    pub amount: i64,
    pub currency: String,
    /// The merchant's reference, shown on the payment page and echoed back.
    pub reference: String,
    pub description: String,
    /// Where the browser goes after a final status, with `session={id}` appended.
    pub return_url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub webhook_url: Option<String>,
    /// The session ends no later than this (the gateway may end it sooner): the
    /// BFF passes its hold's expiry, so a guest cannot pay for a room that is
    /// no longer held for them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<jiff::Timestamp>,
    /// `charge` (absent): take `amount` now. `guarantee`: store the card
    /// without moving any money (`amount` is 0); the session ends
    /// `guaranteed`, and the merchant voids it when no booking comes of it.
    #[serde(default, skip_serializing_if = "PaymentMode::is_charge")]
    pub mode: PaymentMode,
    /// For a guarantee: what the stored card stands for (paid at the hotel),
    /// minor units, shown on the payment page; nothing is charged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guaranteed_amount: Option<i64>,
}

/// What a payment session is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PaymentMode {
    /// Charge the amount now.
    #[default]
    Charge,
    /// Store the card as a guarantee; charge nothing.
    Guarantee,
}

impl PaymentMode {
    pub fn is_charge(&self) -> bool {
        *self == Self::Charge
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PaymentStatus {
    /// Waiting for the guest on the hosted page.
    Open,
    /// The card issuer asked the guest to authenticate.
    Challenge,
    Approved,
    Declined,
    /// Nobody finished the payment before `expiresAt`.
    Expired,
    /// Approved, then refunded in full (`POST /v1/payment-sessions/{id}/refunds`).
    Refunded,
    /// The merchant cancelled it before anyone paid
    /// (`POST /v1/payment-sessions/{id}/cancel`): it can never be paid.
    Cancelled,
    /// A guarantee session: the card is stored, nothing was charged (the
    /// `approved` of `mode: guarantee`).
    Guaranteed,
    /// A guarantee the merchant released (`POST /v1/payment-sessions/{id}/void`):
    /// the stored card is forgotten; nothing was ever charged.
    Voided,
}

impl PaymentStatus {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Challenge => "challenge",
            Self::Approved => "approved",
            Self::Declined => "declined",
            Self::Expired => "expired",
            Self::Refunded => "refunded",
            Self::Cancelled => "cancelled",
            Self::Guaranteed => "guaranteed",
            Self::Voided => "voided",
        }
    }

    /// No guest action changes these again (an approved payment may still be
    /// refunded by the merchant).
    pub fn is_final(self) -> bool {
        matches!(
            self,
            Self::Approved
                | Self::Declined
                | Self::Expired
                | Self::Refunded
                | Self::Cancelled
                | Self::Guaranteed
                | Self::Voided
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentSessionDto {
    pub id: String,
    pub status: PaymentStatus,
    pub amount: i64,
    pub currency: String,
    pub reference: String,
    /// The hosted payment page to send the guest's browser to.
    pub redirect_url: String,
    pub expires_at: jiff::Timestamp,
    /// A message for the guest when `status` is `declined`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decline_reason: Option<String>,
    /// Minor units refunded so far (0 until a refund).
    #[serde(default)]
    pub refunded_amount: i64,
    /// `charge` (absent) or `guarantee`, as requested.
    #[serde(default, skip_serializing_if = "PaymentMode::is_charge")]
    pub mode: PaymentMode,
}

/// `POST /v1/payment-sessions/{id}/refunds`: give back (part of) an approved payment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RefundRequestDto {
    /// Minor units, > 0, at most what is left of the approved amount.
    pub amount: i64,
    /// Why, for the merchant's books: e.g. `room-unavailable`, `price-changed`.
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RefundDto {
    pub id: String,
    pub session_id: String,
    pub amount: i64,
    pub currency: String,
    pub reason: String,
    /// Always `succeeded` in this contract: a refund is accepted or refused at once.
    pub status: String,
    pub created_at: jiff::Timestamp,
}

/// The body of a payment webhook (`type` is `payment.updated`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentWebhookDto {
    pub r#type: String,
    pub session_id: String,
    pub status: PaymentStatus,
    pub reference: String,
    pub amount: i64,
    pub currency: String,
}
