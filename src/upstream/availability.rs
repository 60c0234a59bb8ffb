//! availability upstream: room types, rate plans, nightly prices and units left
//! for a property and a stay. Answers are reused for as long as the upstream's
//! `Cache-Control: max-age` allows (docs/upstreams.md §3), never longer: a
//! booking is still checked by the quote and the hold, which are never cached.

use std::sync::Arc;

use async_trait::async_trait;
use serde::Deserialize;

use super::contract::{AvailabilityDto, AvailabilityQuery, RestrictionsDto};
use super::fresh::FreshCache;
use super::{HttpUpstream, RequestContext, UpstreamError};
use crate::domain::loyalty::RateAccess;
use crate::domain::search::SearchCriteria;

#[async_trait]
pub trait AvailabilityApi: Send + Sync {
    /// Public prices.
    async fn availability(
        &self,
        ctx: &RequestContext,
        property_id: &str,
        criteria: &SearchCriteria,
    ) -> Result<Arc<AvailabilityDto>, UpstreamError> {
        self.availability_as(ctx, property_id, criteria, RateAccess::Public).await
    }

    /// Prices for a guest with `access` (member rates for an eligible member).
    async fn availability_as(
        &self,
        ctx: &RequestContext,
        property_id: &str,
        criteria: &SearchCriteria,
        access: RateAccess,
    ) -> Result<Arc<AvailabilityDto>, UpstreamError>;

    /// The same call, decoded only as far as a search result needs.
    async fn summary(
        &self,
        ctx: &RequestContext,
        property_id: &str,
        criteria: &SearchCriteria,
    ) -> Result<Arc<AvailabilitySummaryDto>, UpstreamError>;
}

/// What a search result shows of a property's availability. Descriptions,
/// nightly prices and cancellation terms are skipped while decoding: allocating
/// them was most of the cost of a search page.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AvailabilitySummaryDto {
    pub currency: String,
    pub restrictions: RestrictionsDto,
    pub room_types: Vec<RoomSummaryDto>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RoomSummaryDto {
    pub id: String,
    pub name: String,
    pub max_occupancy: u8,
    pub units_left: u32,
    pub rate_plans: Vec<RateTotalDto>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
pub struct RateTotalDto {
    pub total: i64,
}

pub struct HttpAvailability {
    upstream: HttpUpstream,
    /// Full answers (property page, draft) and summaries (search) are decoded
    /// differently from the same URL, so each has its own cache.
    full: FreshCache<AvailabilityDto>,
    summaries: FreshCache<AvailabilitySummaryDto>,
}

/// Bytes of upstream answers each cache may hold (an aurora-lisbon answer is
/// about 5 KB, so some 800 searches' worth): memory stays bounded whatever the
/// spread of searches.
const CACHE_BYTES: u64 = 4 * 1024 * 1024;

impl HttpAvailability {
    pub fn new(upstream: HttpUpstream) -> Self {
        Self { upstream, full: FreshCache::new(CACHE_BYTES), summaries: FreshCache::new(CACHE_BYTES) }
    }
}

impl From<&SearchCriteria> for AvailabilityQuery {
    fn from(c: &SearchCriteria) -> Self {
        Self {
            checkin: c.stay.checkin().to_string(),
            checkout: c.stay.checkout().to_string(),
            adults: c.occupancy.adults(),
            children: c.occupancy.children_csv(),
            rooms: c.occupancy.rooms(),
            promo: c.promo.as_ref().map(|p| p.as_str().to_owned()),
            member: None,
        }
    }
}

#[async_trait]
impl AvailabilityApi for HttpAvailability {
    async fn availability_as(
        &self,
        ctx: &RequestContext,
        property_id: &str,
        criteria: &SearchCriteria,
        access: RateAccess,
    ) -> Result<Arc<AvailabilityDto>, UpstreamError> {
        let path = format!("/v1/properties/{property_id}/availability");
        let mut query = AvailabilityQuery::from(criteria);
        query.member = access.is_member().then_some(true);
        self.upstream.get_json_fresh(ctx, &path, &query, &self.full).await
    }

    async fn summary(
        &self,
        ctx: &RequestContext,
        property_id: &str,
        criteria: &SearchCriteria,
    ) -> Result<Arc<AvailabilitySummaryDto>, UpstreamError> {
        let path = format!("/v1/properties/{property_id}/availability");
        self.upstream.get_json_fresh(ctx, &path, &AvailabilityQuery::from(criteria), &self.summaries).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_summary_reads_the_full_contract() {
        let full = r#"{"propertyId":"p","currency":"EUR","checkin":"2026-12-27","checkout":"2026-12-28","nights":1,
            "restrictions":{"closedToArrival":false,"minStay":2},
            "roomTypes":[{"id":"r","name":"Room","description":"d","maxOccupancy":2,"bedding":"b","sizeSqm":20,
            "unitsLeft":3,"ratePlans":[{"id":"flex","name":"Flexible","refundable":true,"breakfastIncluded":false,
            "cancellationPolicy":"c","nightly":[{"date":"2026-12-27","amount":100}],"roomTotal":100,"taxes":10,
            "fees":0,"total":110}]}]}"#;
        let summary: AvailabilitySummaryDto = serde_json::from_str(full).unwrap();
        assert_eq!(summary.restrictions.min_stay, Some(2));
        assert_eq!(summary.room_types[0].units_left, 3);
        assert_eq!(summary.room_types[0].rate_plans[0].total, 110);
        // The full DTO and the summary agree on the same body.
        let dto: AvailabilityDto = serde_json::from_str(full).unwrap();
        assert_eq!(dto.room_types[0].rate_plans[0].total, summary.room_types[0].rate_plans[0].total);
    }
}
