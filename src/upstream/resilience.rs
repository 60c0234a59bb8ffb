//! Circuit breaker and retry budget, one of each per upstream. A failing
//! upstream is given a rest instead of a flood: after consecutive failures the
//! breaker opens and calls fail fast for a cool-down, then one probe is let
//! through. Retries of idempotent reads are paid from a budget refilled by normal
//! traffic, so retries can never multiply load during an outage.

use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Consecutive failures that open the breaker.
const TRIP_AFTER: u32 = 5;
/// How long an open breaker fails fast before letting a probe through.
const COOL_DOWN: Duration = Duration::from_secs(5);

#[derive(Debug)]
enum BreakerState {
    Closed {
        failures: u32,
    },
    Open {
        until: Instant,
    },
    /// One probe is in flight; everyone else fails fast until it reports.
    HalfOpen,
}

#[derive(Debug)]
pub struct Breaker {
    state: Mutex<BreakerState>,
}

impl Default for Breaker {
    fn default() -> Self {
        Self { state: Mutex::new(BreakerState::Closed { failures: 0 }) }
    }
}

impl Breaker {
    /// May a call go out now?
    pub fn allow(&self) -> bool {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        match *state {
            BreakerState::Closed { .. } => true,
            BreakerState::Open { until } if Instant::now() >= until => {
                *state = BreakerState::HalfOpen;
                true
            }
            BreakerState::Open { .. } | BreakerState::HalfOpen => false,
        }
    }

    pub fn record(&self, success: bool) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        *state = match (&*state, success) {
            (_, true) => BreakerState::Closed { failures: 0 },
            (BreakerState::Closed { failures }, false) if failures + 1 < TRIP_AFTER => {
                BreakerState::Closed { failures: failures + 1 }
            }
            (_, false) => BreakerState::Open { until: Instant::now() + COOL_DOWN },
        };
    }

    pub fn is_open(&self) -> bool {
        matches!(*self.state.lock().unwrap_or_else(|e| e.into_inner()), BreakerState::Open { .. })
    }
}

/// Retries cost one token; every first attempt earns a fifth of one.
#[derive(Debug)]
pub struct RetryBudget {
    tokens: Mutex<f64>,
}

const BUDGET_MAX: f64 = 10.0;
const EARN_PER_CALL: f64 = 0.2;

impl Default for RetryBudget {
    fn default() -> Self {
        Self { tokens: Mutex::new(BUDGET_MAX) }
    }
}

impl RetryBudget {
    pub fn deposit(&self) {
        let mut t = self.tokens.lock().unwrap_or_else(|e| e.into_inner());
        *t = (*t + EARN_PER_CALL).min(BUDGET_MAX);
    }

    pub fn withdraw(&self) -> bool {
        let mut t = self.tokens.lock().unwrap_or_else(|e| e.into_inner());
        if *t >= 1.0 {
            *t -= 1.0;
            true
        } else {
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn breaker_opens_after_consecutive_failures_and_probes_after_cool_down() {
        let b = Breaker::default();
        for _ in 0..TRIP_AFTER - 1 {
            b.record(false);
        }
        assert!(b.allow(), "still closed below the threshold");
        b.record(false);
        assert!(b.is_open() && !b.allow());
        *b.state.lock().unwrap() = BreakerState::Open { until: Instant::now() };
        assert!(b.allow(), "one probe after the cool-down");
        assert!(!b.allow(), "only one");
        b.record(true);
        assert!(b.allow() && !b.is_open());
    }

    #[test]
    fn a_success_resets_the_failure_count() {
        let b = Breaker::default();
        for _ in 0..TRIP_AFTER - 1 {
            b.record(false);
        }
        b.record(true);
        b.record(false);
        assert!(!b.is_open());
    }

    #[test]
    fn retry_budget_is_refilled_by_traffic() {
        let budget = RetryBudget::default();
        for _ in 0..10 {
            assert!(budget.withdraw());
        }
        assert!(!budget.withdraw());
        for _ in 0..5 {
            budget.deposit();
        }
        assert!(budget.withdraw());
    }
}
