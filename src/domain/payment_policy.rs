//! A rate plan's payment policy: what is charged when the guest books and what
//! is left to pay at the hotel.
//!
//! - `Full`: the whole total now.
//! - `Deposit`: the first night's room price, or a percentage of the total,
//!   now; the rest at the hotel.
//! - `AtHotel`: nothing now; the hosted payment page stores the card as a
//!   guarantee without charging it.
//!
//! Rounding rule (integers only): a percentage deposit is
//! `floor(total × percent / 100)` minor units of the charged currency, and the
//! part at the hotel is `total − deposit`, so the two always add up to the
//! total exactly, whatever the currency's exponent (0, 2 or 3 decimals). A
//! first-night deposit is the first night's room price as quoted, never more
//! than the total.

use serde::{Deserialize, Serialize};

use super::money::Money;

/// How much of a deposit is charged now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum Deposit {
    /// The first night's room price (all rooms).
    FirstNight,
    /// `percent` of the total (1–100), rounded down to the minor unit.
    Percent { percent: u8 },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum PaymentPolicy {
    /// The whole total is charged when booking.
    #[default]
    Full,
    /// A deposit now, the rest at the hotel.
    Deposit { deposit: Deposit },
    /// Nothing now; the card is stored as a guarantee.
    AtHotel,
}

impl PaymentPolicy {
    /// A percentage deposit, 1–100.
    pub fn percent(percent: u8) -> Result<Self, SplitError> {
        if !(1..=100).contains(&percent) {
            return Err(SplitError::Percent);
        }
        Ok(Self::Deposit { deposit: Deposit::Percent { percent } })
    }

    /// The wire and JSON name: `full`, `deposit` or `at_hotel`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Full => "full",
            Self::Deposit { .. } => "deposit",
            Self::AtHotel => "at_hotel",
        }
    }

    /// The hosted payment page stores the card instead of charging it.
    pub fn is_guarantee(&self) -> bool {
        matches!(self, Self::AtHotel)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SplitError {
    #[error("a deposit percentage is 1–100")]
    Percent,
    #[error("a total to split is never negative")]
    Negative,
    #[error("the amounts are not in one currency")]
    Currency,
    #[error("what is due now and at the hotel do not add up to the total")]
    Sum,
    #[error("what is due now does not match the payment policy")]
    Policy,
}

/// What the guest pays now and at the hotel, adding up to the total.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentTerms {
    pub policy: PaymentPolicy,
    pub due_now: Money,
    pub due_at_hotel: Money,
}

impl PaymentTerms {
    /// Splits `total` under `policy`; `first_night` is the first night's room
    /// price (a first-night deposit without one is refused).
    pub fn split(policy: PaymentPolicy, total: Money, first_night: Option<Money>) -> Result<Self, SplitError> {
        if total.amount < 0 {
            return Err(SplitError::Negative);
        }
        let now = match policy {
            PaymentPolicy::Full => total.amount,
            PaymentPolicy::AtHotel => 0,
            PaymentPolicy::Deposit { deposit: Deposit::Percent { percent } } => {
                if !(1..=100).contains(&percent) {
                    return Err(SplitError::Percent);
                }
                // i128: no overflow for any i64 total; the result is ≤ total.
                let part = i128::from(total.amount) * i128::from(percent) / 100;
                i64::try_from(part).map_err(|_| SplitError::Sum)?
            }
            PaymentPolicy::Deposit { deposit: Deposit::FirstNight } => {
                let night = first_night.ok_or(SplitError::Policy)?;
                if night.currency != total.currency {
                    return Err(SplitError::Currency);
                }
                night.amount.clamp(0, total.amount)
            }
        };
        Ok(Self {
            policy,
            due_now: Money::new(now, total.currency),
            due_at_hotel: Money::new(total.amount - now, total.currency),
        })
    }

    /// Terms an upstream stated: accepted only when they add up to `total`
    /// exactly, neither part is negative, and they fit the policy (all now for
    /// `full`, nothing now for `at_hotel`, a part of it for a deposit).
    pub fn stated(
        policy: PaymentPolicy,
        total: Money,
        due_now: Money,
        due_at_hotel: Money,
    ) -> Result<Self, SplitError> {
        if due_now.currency != total.currency || due_at_hotel.currency != total.currency {
            return Err(SplitError::Currency);
        }
        if due_now.amount < 0 || due_at_hotel.amount < 0 {
            return Err(SplitError::Negative);
        }
        if due_now.amount.checked_add(due_at_hotel.amount) != Some(total.amount) {
            return Err(SplitError::Sum);
        }
        let fits = match policy {
            PaymentPolicy::Full => due_at_hotel.amount == 0,
            PaymentPolicy::AtHotel => due_now.amount == 0,
            PaymentPolicy::Deposit { .. } => true,
        };
        if !fits {
            return Err(SplitError::Policy);
        }
        Ok(Self { policy, due_now, due_at_hotel })
    }

    /// A total paid in full now (what a quote without a policy means).
    pub fn full(total: Money) -> Self {
        Self { policy: PaymentPolicy::Full, due_now: total, due_at_hotel: Money::zero(total.currency) }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::domain::money::Currency;
    use proptest::prelude::*;

    fn money(amount: i64, code: &str) -> Money {
        Money::new(amount, Currency::parse(code).unwrap())
    }

    #[test]
    fn a_percentage_deposit_rounds_down_and_the_hotel_gets_the_rest() {
        let t = PaymentTerms::split(PaymentPolicy::percent(30).unwrap(), money(33_333, "EUR"), None).unwrap();
        assert_eq!((t.due_now.amount, t.due_at_hotel.amount), (9_999, 23_334));
        let yen = PaymentTerms::split(PaymentPolicy::percent(33).unwrap(), money(1_001, "JPY"), None).unwrap();
        assert_eq!((yen.due_now.amount, yen.due_at_hotel.amount), (330, 671));
    }

    #[test]
    fn a_first_night_deposit_is_that_night_never_more_than_the_total() {
        let first = PaymentPolicy::Deposit { deposit: Deposit::FirstNight };
        let t = PaymentTerms::split(first, money(30_000, "EUR"), Some(money(12_000, "EUR"))).unwrap();
        assert_eq!((t.due_now.amount, t.due_at_hotel.amount), (12_000, 18_000));
        let capped = PaymentTerms::split(first, money(100, "EUR"), Some(money(12_000, "EUR"))).unwrap();
        assert_eq!((capped.due_now.amount, capped.due_at_hotel.amount), (100, 0));
        assert_eq!(PaymentTerms::split(first, money(100, "EUR"), None), Err(SplitError::Policy));
        assert_eq!(PaymentTerms::split(first, money(100, "EUR"), Some(money(1, "GBP"))), Err(SplitError::Currency));
    }

    #[test]
    fn full_and_at_hotel_are_all_now_or_all_later() {
        let full = PaymentTerms::split(PaymentPolicy::Full, money(5_000, "EUR"), None).unwrap();
        assert_eq!((full.due_now.amount, full.due_at_hotel.amount), (5_000, 0));
        let later = PaymentTerms::split(PaymentPolicy::AtHotel, money(5_000, "EUR"), None).unwrap();
        assert_eq!((later.due_now.amount, later.due_at_hotel.amount), (0, 5_000));
        assert!(later.policy.is_guarantee());
    }

    #[test]
    fn stated_terms_must_add_up_and_fit_the_policy() {
        let eur = |a| money(a, "EUR");
        assert!(PaymentTerms::stated(PaymentPolicy::percent(20).unwrap(), eur(100), eur(20), eur(80)).is_ok());
        assert_eq!(
            PaymentTerms::stated(PaymentPolicy::percent(20).unwrap(), eur(100), eur(20), eur(79)),
            Err(SplitError::Sum)
        );
        assert_eq!(PaymentTerms::stated(PaymentPolicy::Full, eur(100), eur(20), eur(80)), Err(SplitError::Policy));
        assert_eq!(PaymentTerms::stated(PaymentPolicy::AtHotel, eur(100), eur(1), eur(99)), Err(SplitError::Policy));
        assert_eq!(
            PaymentTerms::stated(PaymentPolicy::AtHotel, eur(100), eur(-1), eur(101)),
            Err(SplitError::Negative)
        );
        assert_eq!(
            PaymentTerms::stated(PaymentPolicy::Full, eur(100), eur(100), money(0, "GBP")),
            Err(SplitError::Currency)
        );
        assert_eq!(PaymentPolicy::percent(0), Err(SplitError::Percent));
        assert_eq!(PaymentPolicy::percent(101), Err(SplitError::Percent));
    }

    #[test]
    fn stored_terms_read_back_the_same() {
        let t = PaymentTerms::split(PaymentPolicy::percent(25).unwrap(), money(1_000, "EUR"), None).unwrap();
        let json = serde_json::to_string(&t).unwrap();
        assert_eq!(serde_json::from_str::<PaymentTerms>(&json).unwrap(), t);
    }

    /// Any payment policy (also for other modules' property tests).
    pub(crate) fn policy() -> impl Strategy<Value = PaymentPolicy> {
        prop_oneof![
            Just(PaymentPolicy::Full),
            Just(PaymentPolicy::AtHotel),
            Just(PaymentPolicy::Deposit { deposit: Deposit::FirstNight }),
            (1u8..=100).prop_map(|p| PaymentPolicy::percent(p).unwrap()),
        ]
    }

    proptest! {
        /// Now + later == total to the minor unit, both parts within the
        /// total, in 0-, 2- and 3-decimal currencies; and the upstream check
        /// accepts exactly what the split makes.
        #[test]
        fn now_and_later_add_up_to_the_total_in_every_exponent(
            policy in policy(),
            total in 0i64..=i64::MAX / 2,
            night_share in 0u32..=150,
            code in 0usize..4,
        ) {
            let code = ["JPY", "EUR", "KWD", "CHF"][code];
            let total = money(total, code);
            let night = money(i64::try_from(i128::from(total.amount) * i128::from(night_share) / 100).unwrap_or(i64::MAX), code);
            let t = PaymentTerms::split(policy, total, Some(night)).unwrap();
            prop_assert_eq!(t.due_now.amount + t.due_at_hotel.amount, total.amount);
            prop_assert!(t.due_now.amount >= 0 && t.due_at_hotel.amount >= 0);
            prop_assert_eq!(t.due_now.currency, total.currency);
            if let PaymentPolicy::Deposit { deposit: Deposit::Percent { percent } } = policy {
                // Rounded down: the deposit is never more than the percentage,
                // and less by under one minor unit.
                let exact = i128::from(total.amount) * i128::from(percent);
                let now = i128::from(t.due_now.amount) * 100;
                prop_assert!(now <= exact && exact - now < 100);
            }
            prop_assert_eq!(PaymentTerms::stated(policy, total, t.due_now, t.due_at_hotel), Ok(t));
        }
    }
}
