//! pricing upstream: priced quotes for one rate plan and a stay, and exchange
//! rates for showing prices in the guest's currency.

use async_trait::async_trait;

use super::contract::{FxQuery, FxRatesDto, PaymentPolicyDto, QuoteDto, QuoteRequestDto};
use super::{HttpUpstream, RequestContext, UpstreamError, path_segment};
use crate::domain::money::{Currency, Money};
use crate::domain::payment_policy::PaymentTerms;

#[async_trait]
pub trait PricingApi: Send + Sync {
    /// Prices the selection. Refusals come back as [`UpstreamError::Rejected`]
    /// with code `sold-out`, `restricted` or `occupancy` (docs/upstreams.md).
    async fn create_quote(&self, ctx: &RequestContext, req: &QuoteRequestDto) -> Result<QuoteDto, UpstreamError>;
    async fn quote(&self, ctx: &RequestContext, id: &str) -> Result<QuoteDto, UpstreamError>;
    /// Rates from `base` to every other supported currency.
    async fn fx_rates(&self, ctx: &RequestContext, base: &str) -> Result<FxRatesDto, UpstreamError>;
}

pub struct HttpPricing(pub HttpUpstream);

#[async_trait]
impl PricingApi for HttpPricing {
    async fn create_quote(&self, ctx: &RequestContext, req: &QuoteRequestDto) -> Result<QuoteDto, UpstreamError> {
        // A quote reserves nothing, so it needs no idempotency key.
        self.0.post_json(ctx, "/v1/quotes", req, None).await
    }

    async fn quote(&self, ctx: &RequestContext, id: &str) -> Result<QuoteDto, UpstreamError> {
        self.0.get_json(ctx, &format!("/v1/quotes/{}", path_segment(id)), &()).await
    }

    async fn fx_rates(&self, ctx: &RequestContext, base: &str) -> Result<FxRatesDto, UpstreamError> {
        self.0.get_json(ctx, "/v1/fx", &FxQuery { base: base.to_owned() }).await
    }
}

/// Converts `money` into `to` at a parts-per-million rate, rounding half away
/// from zero and minding both currencies' minor-unit exponents. `None` for a
/// non-positive rate or an amount out of range.
pub fn convert(money: Money, to: Currency, rate_ppm: i64) -> Option<Money> {
    if rate_ppm <= 0 {
        return None;
    }
    let numerator = i128::from(money.amount) * i128::from(rate_ppm) * 10i128.pow(to.exponent());
    let denominator = 1_000_000i128 * 10i128.pow(money.currency.exponent());
    let half = denominator / 2;
    let rounded = if numerator >= 0 { (numerator + half) / denominator } else { (numerator - half) / denominator };
    i64::try_from(rounded).ok().map(|amount| Money::new(amount, to))
}

/// The payment terms an upstream stated for `total`: none stated is all now
/// (`Some(None)`); stated ones must be a policy we know and add up to the
/// total exactly, else the answer is not money we understand (`None`).
pub fn payment_terms(
    policy: Option<PaymentPolicyDto>,
    total: Money,
    due_now: Option<i64>,
    due_at_hotel: Option<i64>,
    first_night: Option<Money>,
) -> Option<Option<PaymentTerms>> {
    let Some(policy) = policy else {
        // No policy: all now; an amount stated without one must say so too.
        let all_now = due_now.is_none_or(|n| n == total.amount) && due_at_hotel.is_none_or(|l| l == 0);
        return all_now.then_some(None);
    };
    let policy = policy.policy()?;
    let m = |amount| Money::new(amount, total.currency);
    let terms = match (due_now, due_at_hotel) {
        (Some(now), Some(later)) => PaymentTerms::stated(policy, total, m(now), m(later)).ok()?,
        // Not stated: what the policy comes to under the documented rule.
        (None, None) => PaymentTerms::split(policy, total, first_night).ok()?,
        _ => return None,
    };
    Some(Some(terms))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cur(code: &str) -> Currency {
        Currency::parse(code).unwrap()
    }

    #[test]
    fn converts_in_integers_with_rounding() {
        // €100.00 at 0.857 → £85.70
        assert_eq!(convert(Money::new(10_000, cur("EUR")), cur("GBP"), 857_000), Some(Money::new(8_570, cur("GBP"))));
        // €0.01 at 0.857 → £0.0086 → £0.01 (half away from zero)
        assert_eq!(convert(Money::new(1, cur("EUR")), cur("GBP"), 857_000).unwrap().amount, 1);
        assert_eq!(convert(Money::new(-1, cur("EUR")), cur("GBP"), 857_000).unwrap().amount, -1);
    }

    #[test]
    fn converts_across_exponents() {
        // €10.00 at 160 JPY per EUR → ¥1,600 (no minor units)
        assert_eq!(convert(Money::new(1_000, cur("EUR")), cur("JPY"), 160_000_000).unwrap().amount, 1_600);
        // ¥1,600 at 0.00625 → €10.00
        assert_eq!(convert(Money::new(1_600, cur("JPY")), cur("EUR"), 6_250).unwrap().amount, 1_000);
    }

    #[test]
    fn refuses_nonsense_rates() {
        assert_eq!(convert(Money::new(1, cur("EUR")), cur("GBP"), 0), None);
        assert_eq!(convert(Money::new(i64::MAX, cur("EUR")), cur("GBP"), 2_000_000), None);
    }
}
