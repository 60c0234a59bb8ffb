//! availability upstream: room types, rate plans, nightly prices and units left
//! for a property and a stay.

use async_trait::async_trait;

use super::contract::{AvailabilityDto, AvailabilityQuery};
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
    ) -> Result<AvailabilityDto, UpstreamError> {
        self.availability_as(ctx, property_id, criteria, RateAccess::Public).await
    }

    /// Prices for a guest with `access` (member rates for an eligible member).
    async fn availability_as(
        &self,
        ctx: &RequestContext,
        property_id: &str,
        criteria: &SearchCriteria,
        access: RateAccess,
    ) -> Result<AvailabilityDto, UpstreamError>;
}

pub struct HttpAvailability(pub HttpUpstream);

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
    ) -> Result<AvailabilityDto, UpstreamError> {
        let path = format!("/v1/properties/{property_id}/availability");
        let mut query = AvailabilityQuery::from(criteria);
        query.member = access.is_member().then_some(true);
        self.0.get_json(ctx, &path, &query).await
    }
}
