//! Exchange rates for showing prices in the guest's display currency, read
//! through a short in-process cache over the pricing upstream's `/v1/fx`.
//!
//! A rate only ever changes what is shown: guests are charged in the hotel's
//! currency. Within the cache's lifetime every page shows the same rate, and a
//! draft freezes the rate it started with, so search, quote and payment pages
//! agree to the cent.

use std::sync::Arc;
use std::time::Duration;

use moka::future::Cache;

use super::RequestContext;
use super::contract::FxRatesDto;
use super::pricing::PricingApi;
use crate::domain::money::Currency;

#[derive(Clone)]
pub struct FxRates {
    pricing: Arc<dyn PricingApi>,
    by_base: Cache<Currency, Arc<FxRatesDto>>,
}

impl FxRates {
    /// `ttl`: how long one answer of `/v1/fx` is used (`FX_CACHE_TTL_SECS`).
    pub fn new(pricing: Arc<dyn PricingApi>, ttl: Duration) -> Self {
        Self { pricing, by_base: Cache::builder().max_capacity(64).time_to_live(ttl).build() }
    }

    /// One unit of `from` in millionths of `to`; `None` when the pricing
    /// upstream cannot say (the page then shows the charged currency only).
    pub async fn rate_ppm(&self, ctx: &RequestContext, from: Currency, to: Currency) -> Option<i64> {
        if from == to {
            return Some(1_000_000);
        }
        let rates = self
            .by_base
            .try_get_with(from, async {
                self.pricing.fx_rates(ctx, from.as_str()).await.map(Arc::new).inspect_err(|e| {
                    tracing::warn!(base = %from, error = %e, "exchange rates unavailable");
                })
            })
            .await
            .ok()?;
        rates.rates_ppm.get(to.as_str()).copied().filter(|r| *r > 0)
    }
}
