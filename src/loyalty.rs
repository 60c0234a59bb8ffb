//! LoyaltyContext read-through (DESIGN §2): the signed-in guest's tier, points
//! and member-rate eligibility, read from iam behind a short per-guest cache.
//!
//! It is an ornament, never a dependency: every lookup runs on its own budget
//! (`IAM_TIMEOUT_MS`, well under a page's normal time) and any failure — iam
//! slow, down, 5xx, a token it does not know, a profile it cannot describe —
//! degrades to "no loyalty", never to an error page.

use std::sync::Arc;
use std::time::Duration;

use moka::future::Cache;

use crate::domain::loyalty::{GuestToken, LoyaltyContext, Tier};
use crate::upstream::contract::{IamGuestDto, IamSessionDto};
use crate::upstream::iam::IamApi;
use crate::upstream::{RequestContext, UpstreamError};

/// Cached profiles at most (each entry is a few dozen bytes).
const CACHE_CAPACITY: u64 = 50_000;
/// Added to the iam call's own timeout for the whole lookup (a coalesced wait
/// included): the call times out first, so the circuit breaker learns of it.
const BUDGET_SLACK: Duration = Duration::from_millis(50);

pub struct Loyalty {
    iam: Option<Arc<dyn IamApi>>,
    /// By token fingerprint: `Some` for a known guest, `None` for a token iam
    /// refused (it will not become valid). Failures are not cached.
    cache: Cache<[u8; 32], Option<LoyaltyContext>>,
    budget: Duration,
}

#[derive(Debug, thiserror::Error)]
pub enum SignInError {
    #[error("the e-mail address and password do not match")]
    InvalidCredentials,
    #[error("guest sign-in is not configured")]
    NotConfigured,
    #[error(transparent)]
    Upstream(UpstreamError),
}

impl Loyalty {
    /// `iam: None` (no `UPSTREAM_IAM_URL` outside demo mode): nobody is ever
    /// signed in and sign-in is not offered.
    pub fn new(iam: Option<Arc<dyn IamApi>>, ttl: Duration, budget: Duration) -> Self {
        Self { iam, cache: Cache::builder().max_capacity(CACHE_CAPACITY).time_to_live(ttl).build(), budget }
    }

    pub fn enabled(&self) -> bool {
        self.iam.is_some()
    }

    /// The loyalty context of the guest holding `token`, or `None`: no token,
    /// no iam, or iam could not say in time.
    pub async fn context(&self, rc: &RequestContext, token: Option<&GuestToken>) -> Option<LoyaltyContext> {
        let (iam, token) = (self.iam.as_ref()?, token?);
        let lookup = self.cache.try_get_with(token.fingerprint(), fetch(iam.as_ref(), rc, token));
        let outcome = match tokio::time::timeout(self.budget + BUDGET_SLACK, lookup).await {
            Ok(Ok(found)) => Ok(found),
            Ok(Err(e)) => Err(e.to_string()),
            Err(_) => Err("iam did not answer within the loyalty budget".into()),
        };
        let label = match &outcome {
            Ok(Some(_)) => "found",
            Ok(None) => "refused",
            Err(_) => "degraded",
        };
        metrics::counter!("loyalty_lookups_total", "outcome" => label).increment(1);
        outcome.unwrap_or_else(|cause| {
            tracing::warn!(%cause, "loyalty unavailable; the page renders without it");
            None
        })
    }

    /// Exchanges e-mail and password for an iam token.
    pub async fn sign_in(
        &self,
        rc: &RequestContext,
        email: &str,
        password: &str,
    ) -> Result<IamSessionDto, SignInError> {
        let iam = self.iam.as_ref().ok_or(SignInError::NotConfigured)?;
        match iam.sign_in(rc, email, password).await {
            Ok(session) => Ok(session),
            Err(UpstreamError::Rejected { status: 401 | 403, .. }) => Err(SignInError::InvalidCredentials),
            Err(e) => Err(SignInError::Upstream(e)),
        }
    }

    /// Forgets a token's cached profile (after sign-out).
    pub async fn forget(&self, token: &GuestToken) {
        self.cache.invalidate(&token.fingerprint()).await;
    }
}

async fn fetch(
    iam: &dyn IamApi,
    rc: &RequestContext,
    token: &GuestToken,
) -> Result<Option<LoyaltyContext>, UpstreamError> {
    match iam.me(rc, token).await {
        Ok(profile) => Ok(context_of(&profile)),
        // iam's definite "no": cached, so a stale token costs one call per TTL.
        Err(UpstreamError::Rejected { status: 401 | 403, .. }) => Ok(None),
        Err(e) => Err(e),
    }
}

/// A profile with a tier we do not know is shown as no loyalty at all rather
/// than guessed at.
fn context_of(profile: &IamGuestDto) -> Option<LoyaltyContext> {
    let Some(tier) = Tier::parse(&profile.tier) else {
        tracing::warn!(tier = %profile.tier, "iam profile with an unknown tier; no loyalty shown");
        return None;
    };
    Some(LoyaltyContext::new(&profile.first_name, tier, profile.points, profile.member_rates))
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicU32, Ordering};

    use async_trait::async_trait;

    use super::*;
    use crate::upstream::Upstream;

    /// An iam that answers after `delay` with `answer`, counting profile calls.
    struct FakeIam {
        delay: Duration,
        answer: fn() -> Result<IamGuestDto, UpstreamError>,
        calls: AtomicU32,
    }

    #[async_trait]
    impl IamApi for FakeIam {
        async fn sign_in(&self, _: &RequestContext, _: &str, _: &str) -> Result<IamSessionDto, UpstreamError> {
            Err(UpstreamError::Rejected {
                upstream: Upstream::Iam,
                status: 401,
                code: "invalid-credentials".into(),
                detail: String::new(),
            })
        }

        async fn me(&self, _: &RequestContext, _: &GuestToken) -> Result<IamGuestDto, UpstreamError> {
            self.calls.fetch_add(1, Ordering::SeqCst);
            tokio::time::sleep(self.delay).await;
            (self.answer)()
        }
    }

    fn ada() -> Result<IamGuestDto, UpstreamError> {
        Ok(IamGuestDto {
            guest_id: "g_ada".into(),
            first_name: "Ada".into(),
            tier: "gold".into(),
            points: 12_400,
            member_rates: true,
        })
    }

    fn loyalty(delay_ms: u64, answer: fn() -> Result<IamGuestDto, UpstreamError>) -> (Loyalty, Arc<FakeIam>) {
        let iam = Arc::new(FakeIam { delay: Duration::from_millis(delay_ms), answer, calls: AtomicU32::new(0) });
        (Loyalty::new(Some(iam.clone()), Duration::from_secs(60), Duration::from_millis(100)), iam)
    }

    fn token() -> GuestToken {
        GuestToken::parse("0123456789abcdef0123456789abcdef").unwrap()
    }

    #[tokio::test]
    async fn a_profile_is_read_once_and_then_served_from_the_cache() {
        let (loyalty, iam) = loyalty(0, ada);
        let rc = RequestContext::background();
        for _ in 0..3 {
            let ctx = loyalty.context(&rc, Some(&token())).await.unwrap();
            assert_eq!((ctx.first_name(), ctx.tier(), ctx.points()), ("Ada", Tier::Gold, 12_400));
        }
        assert_eq!(iam.calls.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn a_slow_iam_degrades_to_no_loyalty_within_the_budget() {
        let (loyalty, _) = loyalty(2_000, ada);
        let started = std::time::Instant::now();
        assert!(loyalty.context(&RequestContext::background(), Some(&token())).await.is_none());
        assert!(started.elapsed() < Duration::from_millis(500), "{:?}", started.elapsed());
    }

    #[tokio::test]
    async fn failures_degrade_and_are_not_cached_but_refusals_are() {
        let (down, iam) = loyalty(0, || Err(UpstreamError::Unavailable(Upstream::Iam, "status 503".into())));
        let rc = RequestContext::background();
        assert!(down.context(&rc, Some(&token())).await.is_none());
        assert!(down.context(&rc, Some(&token())).await.is_none());
        assert_eq!(iam.calls.load(Ordering::SeqCst), 2, "an outage is asked again");

        let (refused, iam) = loyalty(0, || {
            Err(UpstreamError::Rejected {
                upstream: Upstream::Iam,
                status: 401,
                code: "invalid-token".into(),
                detail: String::new(),
            })
        });
        assert!(refused.context(&rc, Some(&token())).await.is_none());
        assert!(refused.context(&rc, Some(&token())).await.is_none());
        assert_eq!(iam.calls.load(Ordering::SeqCst), 1, "a refused token is not asked about again");
    }

    #[tokio::test]
    async fn an_unknown_tier_is_no_loyalty() {
        let (loyalty, _) = loyalty(0, || {
            let mut dto = ada()?;
            dto.tier = "diamond".into();
            Ok(dto)
        });
        assert!(loyalty.context(&RequestContext::background(), Some(&token())).await.is_none());
    }

    #[tokio::test]
    async fn without_a_token_or_an_iam_nobody_is_signed_in() {
        let (loyalty, iam) = loyalty(0, ada);
        assert!(loyalty.context(&RequestContext::background(), None).await.is_none());
        assert_eq!(iam.calls.load(Ordering::SeqCst), 0);
        let off = Loyalty::new(None, Duration::from_secs(60), Duration::from_millis(100));
        assert!(!off.enabled());
        assert!(off.context(&RequestContext::background(), Some(&token())).await.is_none());
    }
}
