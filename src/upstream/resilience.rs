//! Circuit breaker and retry budget, one of each per upstream. A failing
//! upstream is given a rest instead of a flood: after consecutive failures the
//! breaker opens and calls fail fast for a cool-down, then one probe is let
//! through. Every call goes out under a [`Permit`] whose result is recorded; a
//! probe whose caller gave up before its answer (a guest hanging up, a timeout
//! around the call, the loyalty budget) is recorded as a failure when its permit
//! is dropped, so the breaker never waits for a report that cannot come. Retries
//! of idempotent reads are paid from a budget refilled by normal traffic, so
//! retries can never multiply load during an outage.

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

/// Leave for one call, from [`Breaker::permit`]: [`Permit::record`] its result.
/// The half-open probe's permit dropped unrecorded (its future was dropped
/// mid-flight) records a failure: the breaker opens for another cool-down and
/// then lets the next probe through, instead of refusing every call until the
/// process restarts.
#[must_use = "a call's result must be recorded"]
pub struct Permit<'a> {
    breaker: &'a Breaker,
    probe: bool,
    recorded: bool,
}

impl Permit<'_> {
    pub fn record(mut self, success: bool) {
        self.recorded = true;
        self.breaker.record(success);
    }
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        // A call dropped while the breaker is closed says nothing either way
        // (the caller went away); only the probe has someone waiting for it.
        if self.probe && !self.recorded {
            self.breaker.record(false);
        }
    }
}

impl Breaker {
    /// Leave for a call to go out now, or `None` while the breaker is open (or
    /// its one probe is out).
    pub fn permit(&self) -> Option<Permit<'_>> {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let probe = match *state {
            BreakerState::Closed { .. } => false,
            BreakerState::Open { until } if Instant::now() >= until => {
                *state = BreakerState::HalfOpen;
                true
            }
            BreakerState::Open { .. } | BreakerState::HalfOpen => return None,
        };
        Some(Permit { breaker: self, probe, recorded: false })
    }

    fn record(&self, success: bool) {
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
        assert!(b.permit().is_some(), "still closed below the threshold");
        b.record(false);
        assert!(b.is_open() && b.permit().is_none());
        *b.state.lock().unwrap() = BreakerState::Open { until: Instant::now() };
        let probe = b.permit().expect("one probe after the cool-down");
        assert!(b.permit().is_none(), "only one");
        probe.record(true);
        assert!(b.permit().is_some() && !b.is_open());
    }

    #[test]
    fn a_probe_dropped_unrecorded_counts_as_a_failure() {
        let b = Breaker::default();
        *b.state.lock().unwrap() = BreakerState::Open { until: Instant::now() };
        drop(b.permit().expect("the probe"));
        assert!(b.is_open(), "open again for a cool-down, not half-open forever");
        *b.state.lock().unwrap() = BreakerState::Open { until: Instant::now() };
        assert!(b.permit().is_some(), "the next probe goes out after it");
    }

    #[test]
    fn a_call_dropped_while_closed_records_nothing() {
        let b = Breaker::default();
        for _ in 0..TRIP_AFTER - 1 {
            b.record(false);
        }
        drop(b.permit());
        assert!(!b.is_open());
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
