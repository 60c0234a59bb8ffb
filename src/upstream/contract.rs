//! Wire types of the upstream platform contracts (docs/upstreams.md). The real
//! HTTP clients deserialize them and the embedded demo platform serializes them,
//! so the two cannot drift apart.

use serde::{Deserialize, Serialize};

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
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PoliciesDto {
    pub cancellation: String,
    pub payment: String,
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub promo: Option<String>,
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
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RatePlanDto {
    pub id: String,
    pub name: String,
    pub refundable: bool,
    pub breakfast_included: bool,
    pub cancellation_policy: String,
    /// Price of each night for all rooms, minor units.
    pub nightly: Vec<NightlyDto>,
    pub room_total: i64,
    pub taxes: i64,
    pub fees: i64,
    pub total: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NightlyDto {
    pub date: String,
    pub amount: i64,
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
