//! A rate plan's cancellation terms as data, and what cancelling a booking
//! costs at a given instant: free until a deadline, then a penalty (a number
//! of nights or a percentage of the total); or nothing refunded at all.
//!
//! The deadline is a civil date-time where the hotel is — the check-in date
//! less `days_before` calendar days, at the hotel's check-in time — converted
//! to an instant in the property's time zone (so "2 days before arrival at
//! 15:00" stays 15:00 local across a DST change), less `hours_before` of
//! elapsed time. Pure: the caller passes `now`.

use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan, Zoned};
use std::fmt;

use serde::de::{Error, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

use super::money::Money;
use super::parsed::KeyIn;

/// What is kept when a booking is cancelled after the free deadline.
/// Stored in a draft as `{"kind":"nights","count":1}`; read by hand (below).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum Penalty {
    /// The first `count` nights' room price (never more than the total).
    Nights { count: u8 },
    /// `percent` of the total, rounded down (0–100).
    Percent { percent: u8 },
}

/// A rate plan's cancellation terms. Stored in a draft as
/// `{"kind":"refundable","days_before":2,"hours_before":0,"penalty":{…}}` or
/// `{"kind":"nonRefundable"}`; read by hand (below).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum CancellationTerms {
    /// Nothing is refunded, whenever the guest cancels.
    NonRefundable,
    /// Free until the deadline, then `penalty`.
    Refundable { days_before: u16, hours_before: u16, penalty: Penalty },
}

// The stored terms are read as serde's derive for an internally tagged enum
// reads them (the tag and the fields in any order, other keys ignored), but
// in one pass over the map: the derive buffers the whole map into serde's
// `Content` first to find the tag (4.5 K instructions a draft page).

impl<'de> Deserialize<'de> for Penalty {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Penalty;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a cancellation penalty")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Penalty, A::Error> {
                const KEYS: &[&str] = &["kind", "count", "percent"];
                let (mut kind, mut count, mut percent) = (None, None, None);
                while let Some(key) = map.next_key_seed(KeyIn(KEYS))? {
                    match key {
                        0 => kind = Some(once(kind, "kind", map.next_value_seed(KeyIn(&["nights", "percent"]))?)?),
                        1 => count = Some(once(count, "count", map.next_value::<u8>()?)?),
                        2 => percent = Some(once(percent, "percent", map.next_value::<u8>()?)?),
                        _ => drop(map.next_value::<IgnoredAny>()?),
                    }
                }
                match kind {
                    Some(0) => Ok(Penalty::Nights { count: count.ok_or_else(|| Error::missing_field("count"))? }),
                    Some(1) => {
                        Ok(Penalty::Percent { percent: percent.ok_or_else(|| Error::missing_field("percent"))? })
                    }
                    Some(_) => Err(Error::custom("unknown penalty kind, expected nights or percent")),
                    None => Err(Error::missing_field("kind")),
                }
            }
        }
        d.deserialize_map(V)
    }
}

impl<'de> Deserialize<'de> for CancellationTerms {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = CancellationTerms;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("cancellation terms")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<CancellationTerms, A::Error> {
                const KEYS: &[&str] = &["kind", "days_before", "hours_before", "penalty"];
                const KINDS: &[&str] = &["nonRefundable", "refundable"];
                let (mut kind, mut days, mut hours, mut penalty) = (None, None, None, None);
                while let Some(key) = map.next_key_seed(KeyIn(KEYS))? {
                    match key {
                        0 => kind = Some(once(kind, "kind", map.next_value_seed(KeyIn(KINDS))?)?),
                        1 => days = Some(once(days, "days_before", map.next_value::<u16>()?)?),
                        2 => hours = Some(once(hours, "hours_before", map.next_value::<u16>()?)?),
                        3 => penalty = Some(once(penalty, "penalty", map.next_value::<Penalty>()?)?),
                        _ => drop(map.next_value::<IgnoredAny>()?),
                    }
                }
                match kind {
                    Some(0) => Ok(CancellationTerms::NonRefundable),
                    Some(1) => Ok(CancellationTerms::Refundable {
                        days_before: days.ok_or_else(|| Error::missing_field("days_before"))?,
                        hours_before: hours.ok_or_else(|| Error::missing_field("hours_before"))?,
                        penalty: penalty.ok_or_else(|| Error::missing_field("penalty"))?,
                    }),
                    Some(_) => Err(Error::custom("unknown terms kind, expected nonRefundable or refundable")),
                    None => Err(Error::missing_field("kind")),
                }
            }
        }
        d.deserialize_map(V)
    }
}

/// `value`, unless the key was already read (as serde's derive refuses it).
fn once<T, E: Error>(seen: Option<T>, key: &'static str, value: T) -> Result<T, E> {
    match seen {
        Some(_) => Err(E::duplicate_field(key)),
        None => Ok(value),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TermsError {
    #[error("a percentage penalty is at most 100")]
    PercentOver100,
    #[error("the deadline is more than a year before arrival")]
    DeadlineTooEarly,
    #[error("the hotel's check-in time is not HH:MM")]
    CheckinTime,
    #[error("the deadline is outside the calendar")]
    OutOfRange,
}

impl CancellationTerms {
    /// Terms whose numbers are in range; the only way the wire's become ours.
    pub fn refundable(days_before: u16, hours_before: u16, penalty: Penalty) -> Result<Self, TermsError> {
        if matches!(penalty, Penalty::Percent { percent } if percent > 100) {
            return Err(TermsError::PercentOver100);
        }
        if u32::from(days_before) * 24 + u32::from(hours_before) > 366 * 24 {
            return Err(TermsError::DeadlineTooEarly);
        }
        Ok(Self::Refundable { days_before, hours_before, penalty })
    }
}

/// Where the booking stands at `now`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Window {
    /// Before the deadline: everything is refunded.
    Free,
    /// After the deadline: the penalty is kept.
    Penalty,
    /// The rate refunds nothing.
    NonRefundable,
}

/// What cancelling at one instant comes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CancellationQuote {
    pub window: Window,
    /// The free-cancellation deadline where the hotel is (`None`: non-refundable).
    pub deadline: Option<Zoned>,
    pub penalty: Money,
    pub refund: Money,
}

impl CancellationQuote {
    /// What cancelling refunds when only `paid` was charged (a deposit, or
    /// nothing for a rate paid at the hotel): what was paid less the penalty,
    /// never below zero and never more than the terms alone would refund.
    pub fn limited_to_paid(mut self, paid: Money) -> Self {
        if paid.currency == self.refund.currency {
            let most = paid.amount.saturating_sub(self.penalty.amount).max(0);
            self.refund.amount = self.refund.amount.min(most);
        }
        self
    }
}

/// The hotel's check-in time, `HH:MM`.
pub fn parse_checkin_time(raw: &str) -> Result<Time, TermsError> {
    let (h, m) = raw.trim().split_once(':').ok_or(TermsError::CheckinTime)?;
    let (h, m) =
        (h.parse::<i8>().map_err(|_| TermsError::CheckinTime)?, m.parse::<i8>().map_err(|_| TermsError::CheckinTime)?);
    Time::new(h, m, 0, 0).map_err(|_| TermsError::CheckinTime)
}

/// The free-cancellation deadline of a stay arriving on `checkin` at a hotel
/// in `tz` whose check-in time is `checkin_time`.
pub fn deadline(
    checkin: Date,
    checkin_time: Time,
    tz: &TimeZone,
    days_before: u16,
    hours_before: u16,
) -> Result<Zoned, TermsError> {
    let day = checkin.checked_sub(i64::from(days_before).days()).map_err(|_| TermsError::OutOfRange)?;
    // A local time that does not exist (a gap) or exists twice (a fold) takes
    // jiff's "compatible" reading: the later instant in a gap, the earlier in a fold.
    let local = day.to_datetime(checkin_time).to_zoned(tz.clone()).map_err(|_| TermsError::OutOfRange)?;
    local.checked_sub(i64::from(hours_before).hours()).map_err(|_| TermsError::OutOfRange)
}

/// The price a penalty is taken from: the total charged and each night's room price.
#[derive(Debug, Clone)]
pub struct Charged<'a> {
    pub total: Money,
    /// Room price of each night, in order, same currency as `total`.
    pub nightly: &'a [i64],
}

/// What cancelling at `now` costs.
pub fn evaluate(
    terms: CancellationTerms,
    charged: &Charged<'_>,
    checkin: Date,
    checkin_time: Time,
    tz: &TimeZone,
    now: Timestamp,
) -> Result<CancellationQuote, TermsError> {
    let total = charged.total;
    let (days_before, hours_before, penalty) = match terms {
        CancellationTerms::NonRefundable => {
            return Ok(CancellationQuote {
                window: Window::NonRefundable,
                deadline: None,
                penalty: total,
                refund: Money::new(0, total.currency),
            });
        }
        CancellationTerms::Refundable { days_before, hours_before, penalty } => (days_before, hours_before, penalty),
    };
    let deadline = deadline(checkin, checkin_time, tz, days_before, hours_before)?;
    let (window, kept) = if now < deadline.timestamp() {
        (Window::Free, 0)
    } else {
        (Window::Penalty, penalty_amount(penalty, charged))
    };
    Ok(CancellationQuote {
        window,
        deadline: Some(deadline),
        penalty: Money::new(kept, total.currency),
        refund: Money::new(total.amount - kept, total.currency),
    })
}

/// The penalty in minor units, within `0..=total`.
fn penalty_amount(penalty: Penalty, charged: &Charged<'_>) -> i64 {
    let total = charged.total.amount.max(0);
    let kept = match penalty {
        Penalty::Nights { count } => charged.nightly.iter().take(usize::from(count)).copied().map(|n| n.max(0)).sum(),
        Penalty::Percent { percent } => {
            i64::try_from(i128::from(total) * i128::from(percent.min(100)) / 100).unwrap_or(total)
        }
    };
    kept.clamp(0, total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::money::Currency;
    use jiff::civil::{date, time};

    fn eur(amount: i64) -> Money {
        Money::new(amount, Currency::parse("EUR").unwrap())
    }

    fn lisbon() -> TimeZone {
        TimeZone::get("Europe/Lisbon").unwrap()
    }

    const FLEX: CancellationTerms =
        CancellationTerms::Refundable { days_before: 2, hours_before: 0, penalty: Penalty::Nights { count: 1 } };

    #[test]
    fn the_deadline_keeps_the_hotels_local_time_across_the_march_change() {
        // Summer time starts in Lisbon on Sunday 29 March 2026 (01:00 → 02:00).
        // Arrival Monday 30 March at 15:00 WEST (14:00Z); two days before is
        // Saturday 28 March at 15:00 WET, which is 15:00Z, not 48 hours before
        // the arrival instant (14:00Z).
        let d = deadline(date(2026, 3, 30), time(15, 0, 0, 0), &lisbon(), 2, 0).unwrap();
        assert_eq!(d.datetime(), date(2026, 3, 28).at(15, 0, 0, 0));
        assert_eq!(d.timestamp(), "2026-03-28T15:00:00Z".parse::<Timestamp>().unwrap());
        let arrival = date(2026, 3, 30).at(15, 0, 0, 0).to_zoned(lisbon()).unwrap();
        assert_ne!(d.timestamp(), arrival.timestamp() - 48.hours());
    }

    #[test]
    fn the_deadline_keeps_the_hotels_local_time_across_the_october_change() {
        // Summer time ends Sunday 25 October 2026; arrival Monday 26 at 15:00 WET
        // (15:00Z); the deadline is Saturday 24 at 15:00 WEST = 14:00Z.
        let d = deadline(date(2026, 10, 26), time(15, 0, 0, 0), &lisbon(), 2, 0).unwrap();
        assert_eq!(d.timestamp(), "2026-10-24T14:00:00Z".parse::<Timestamp>().unwrap());
    }

    #[test]
    fn hours_before_are_elapsed_time_from_the_local_deadline() {
        let d = deadline(date(2026, 3, 30), time(15, 0, 0, 0), &lisbon(), 1, 24).unwrap();
        // 29 March 15:00 WEST (14:00Z) less 24 hours of elapsed time.
        assert_eq!(d.timestamp(), "2026-03-28T14:00:00Z".parse::<Timestamp>().unwrap());
    }

    #[test]
    fn before_the_deadline_everything_is_refunded_after_it_the_first_night_is_kept() {
        let nightly = [12_000, 15_000];
        let charged = Charged { total: eur(29_000), nightly: &nightly };
        let checkin = date(2026, 3, 30);
        let before: Timestamp = "2026-03-28T14:59:59Z".parse().unwrap();
        let at: Timestamp = "2026-03-28T15:00:00Z".parse().unwrap();
        let free = evaluate(FLEX, &charged, checkin, time(15, 0, 0, 0), &lisbon(), before).unwrap();
        assert_eq!((free.window, free.penalty.amount, free.refund.amount), (Window::Free, 0, 29_000));
        let late = evaluate(FLEX, &charged, checkin, time(15, 0, 0, 0), &lisbon(), at).unwrap();
        assert_eq!((late.window, late.penalty.amount, late.refund.amount), (Window::Penalty, 12_000, 17_000));
    }

    #[test]
    fn non_refundable_keeps_everything_and_has_no_deadline() {
        let charged = Charged { total: eur(10_000), nightly: &[10_000] };
        let q = evaluate(
            CancellationTerms::NonRefundable,
            &charged,
            date(2030, 1, 1),
            time(15, 0, 0, 0),
            &lisbon(),
            Timestamp::UNIX_EPOCH,
        )
        .unwrap();
        assert_eq!((q.window, q.deadline, q.penalty.amount, q.refund.amount), (Window::NonRefundable, None, 10_000, 0));
    }

    #[test]
    fn a_penalty_never_exceeds_the_total_and_percentages_round_down() {
        let charged = Charged { total: eur(999), nightly: &[800, 800] };
        assert_eq!(penalty_amount(Penalty::Nights { count: 2 }, &charged), 999);
        assert_eq!(penalty_amount(Penalty::Percent { percent: 50 }, &charged), 499);
        assert_eq!(penalty_amount(Penalty::Percent { percent: 100 }, &charged), 999);
        assert!(CancellationTerms::refundable(1, 0, Penalty::Percent { percent: 101 }).is_err());
    }

    #[test]
    fn stored_terms_read_back_as_the_derive_wrote_and_read_them() {
        let percent = CancellationTerms::Refundable {
            days_before: 7,
            hours_before: 12,
            penalty: Penalty::Percent { percent: 50 },
        };
        for terms in [FLEX, percent, CancellationTerms::NonRefundable] {
            let json = serde_json::to_string(&terms).unwrap();
            assert_eq!(serde_json::from_str::<CancellationTerms>(&json).unwrap(), terms, "{json}");
            let value = serde_json::to_value(terms).unwrap();
            assert_eq!(serde_json::from_value::<CancellationTerms>(value).unwrap(), terms);
        }
        // Exactly what main writes (the tag first), and the same with the tag
        // last, padded, escaped, with an unknown key, as the derive read it.
        let read = |json: &str| serde_json::from_str::<CancellationTerms>(json).ok();
        assert_eq!(
            serde_json::to_string(&FLEX).unwrap(),
            r#"{"kind":"refundable","days_before":2,"hours_before":0,"penalty":{"kind":"nights","count":1}}"#
        );
        assert_eq!(read(r#"{"kind":"nonRefundable"}"#), Some(CancellationTerms::NonRefundable));
        assert_eq!(
            read(
                r#"{ "days_before": 2, "penalty": {"count":1,"kind":"nights"}, "later": [1, {}], "hours_before": 0, "kind": "refundabl\u0065" }"#
            ),
            Some(FLEX)
        );
        for bad in [
            r#"{}"#,
            r#"{"kind":"sometimes"}"#,
            r#"{"kind":"refundable","days_before":2,"hours_before":0}"#,
            r#"{"kind":"refundable","days_before":2,"hours_before":0,"penalty":{"kind":"nights"}}"#,
            r#"{"kind":"refundable","days_before":2,"days_before":3,"hours_before":0,"penalty":{"kind":"percent","percent":5}}"#,
            r#"{"kind":"refundable","days_before":-1,"hours_before":0,"penalty":{"kind":"percent","percent":5}}"#,
            r#""refundable""#,
        ] {
            assert_eq!(read(bad), None, "{bad}");
        }
    }

    #[test]
    fn checkin_times_parse_as_hours_and_minutes() {
        assert_eq!(parse_checkin_time("15:00").unwrap(), time(15, 0, 0, 0));
        assert_eq!(parse_checkin_time("9:30").unwrap(), time(9, 30, 0, 0));
        for bad in ["", "25:00", "15", "aa:bb"] {
            assert!(parse_checkin_time(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_refund_is_never_more_than_what_was_paid_less_the_penalty() {
        let offer = |penalty, refund| CancellationQuote {
            window: Window::Penalty,
            deadline: None,
            penalty: eur(penalty),
            refund: eur(refund),
        };
        // Paid in full: unchanged.
        assert_eq!(offer(100, 900).limited_to_paid(eur(1_000)).refund, eur(900));
        // A deposit of 300: what was paid less the penalty.
        assert_eq!(offer(100, 900).limited_to_paid(eur(300)).refund, eur(200));
        // A penalty beyond the deposit, or nothing paid: nothing back.
        assert_eq!(offer(400, 600).limited_to_paid(eur(300)).refund, eur(0));
        assert_eq!(offer(0, 1_000).limited_to_paid(eur(0)).refund, eur(0));
    }
}
