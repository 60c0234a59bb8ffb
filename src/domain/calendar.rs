//! The price calendar's rules: which months a guest may browse (the property's
//! current month to twelve months ahead), a month as weeks of days (Monday
//! first, as ISO 8601 and the four languages we ship count them), and what an
//! arrival day says for a stay of so many nights.

use std::fmt;

use jiff::civil::Date;

use super::availability::CalendarDay;
use super::msg::Msg;
use super::stay::MAX_NIGHTS;

/// How many months past the property's current one a guest may browse.
pub const MONTHS_AHEAD: i32 = 12;

/// A calendar month, within the browsable range by construction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Month {
    first: Date,
}

impl Month {
    /// The month `date` falls in.
    pub fn of(date: Date) -> Self {
        Self { first: date.first_of_month() }
    }

    /// `YYYY-MM`, from the month of `today` to [`MONTHS_AHEAD`] months later;
    /// blank is the month of `today`.
    pub fn parse(raw: &str, today: Date) -> Result<Self, Msg> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Ok(Self::of(today));
        }
        let shape_ok =
            raw.len() == 7 && raw.bytes().enumerate().all(|(i, b)| if i == 4 { b == b'-' } else { b.is_ascii_digit() });
        let parsed = shape_ok
            .then(|| {
                let year: i16 = raw[..4].parse().ok()?;
                let month: i8 = raw[5..].parse().ok()?;
                Date::new(year, month, 1).ok()
            })
            .flatten();
        let Some(first) = parsed else { return Err(Msg::new("field-month-format")) };
        let month = Self { first };
        if month < Self::of(today) || month > Self::last(today) {
            return Err(Msg::new("field-month-range").int("months", i64::from(MONTHS_AHEAD)));
        }
        Ok(month)
    }

    /// The last month a guest may browse from `today`.
    pub fn last(today: Date) -> Self {
        let first = today.first_of_month();
        Self::of(first.checked_add(jiff::Span::new().months(MONTHS_AHEAD)).unwrap_or(first))
    }

    pub fn first_day(self) -> Date {
        self.first
    }

    pub fn year(self) -> i16 {
        self.first.year()
    }

    /// 1–12.
    pub fn number(self) -> i8 {
        self.first.month()
    }

    /// The day after the month's last.
    pub fn end(self) -> Date {
        self.first.checked_add(jiff::Span::new().months(1)).unwrap_or(self.first.last_of_month())
    }

    pub fn days(self) -> impl Iterator<Item = Date> {
        let (first, last) = (self.first, self.first.last_of_month());
        first.series(jiff::Span::new().days(1)).take_while(move |d| *d <= last)
    }

    /// The month before, if a guest may browse it from `today`.
    pub fn previous(self, today: Date) -> Option<Self> {
        let prev = Self::of(self.first.checked_sub(jiff::Span::new().months(1)).ok()?);
        (prev >= Self::of(today)).then_some(prev)
    }

    /// The month after, if a guest may browse it from `today`.
    pub fn next(self, today: Date) -> Option<Self> {
        let next = Self::of(self.end());
        (next > self && next <= Self::last(today)).then_some(next)
    }

    /// The month as weeks, Monday first; days of the weeks' ends outside the
    /// month are `None`.
    pub fn weeks(self) -> Vec<[Option<Date>; 7]> {
        let lead = usize::from(self.first.weekday().to_monday_zero_offset().unsigned_abs());
        let mut cells: Vec<Option<Date>> = std::iter::repeat_n(None, lead).chain(self.days().map(Some)).collect();
        while cells.len() % 7 != 0 {
            cells.push(None);
        }
        cells.chunks(7).map(|w| [w[0], w[1], w[2], w[3], w[4], w[5], w[6]]).collect()
    }

    /// The arrivals worth asking the upstream about: the month from `today` on.
    /// `None` when the whole month is past.
    pub fn arrivals(self, today: Date) -> Option<(Date, Date)> {
        let from = self.first.max(today);
        (from < self.end()).then_some((from, self.end()))
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.first.year(), self.first.month())
    }
}

/// The nights of the stay the calendar prices: 1–30, blank is 1.
pub fn parse_nights(raw: &str) -> Result<u32, Msg> {
    match raw.trim() {
        "" => Ok(1),
        raw => raw
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=MAX_NIGHTS.unsigned_abs()).contains(n))
            .ok_or_else(|| Msg::new("field-nights-range").int("max", i64::from(MAX_NIGHTS))),
    }
}

/// What an arrival day says for a stay of the calendar's nights.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayStatus {
    Bookable,
    /// The hotel takes no arrivals that day.
    Closed,
    /// Arrivals that day need at least this many nights.
    MinStay(u32),
    /// Nothing that sleeps the party is free for the whole stay.
    SoldOut,
    /// Before the property's today.
    Past,
}

impl DayStatus {
    /// The status of `date`; `day` is the upstream's answer for it (none for a
    /// past date, or a date it did not answer: nothing to book).
    pub fn of(date: Date, day: Option<&CalendarDay>, today: Date, nights: u32) -> Self {
        if date < today {
            return Self::Past;
        }
        let Some(day) = day else { return Self::SoldOut };
        if day.restrictions.closed_to_arrival {
            return Self::Closed;
        }
        if let Some(min) = day.restrictions.min_stay.filter(|min| nights < *min) {
            return Self::MinStay(min);
        }
        if day.is_bookable(nights) { Self::Bookable } else { Self::SoldOut }
    }

    /// What a day says across several hotels, from what it says at each: an
    /// arrival if it is one anywhere; otherwise a minimum stay if some hotel
    /// would take a longer stay (its smallest), closed if every hotel not past
    /// is closed, past if it is past everywhere, else sold out.
    pub fn across(statuses: impl IntoIterator<Item = Self>) -> Self {
        let mut any = false;
        let (mut closed, mut min_stay, mut sold_out) = (true, None::<u32>, false);
        for status in statuses {
            match status {
                Self::Bookable => return Self::Bookable,
                Self::Past => continue,
                Self::Closed => {}
                Self::MinStay(min) => min_stay = Some(min_stay.map_or(min, |m| m.min(min))),
                Self::SoldOut => sold_out = true,
            }
            any = true;
            closed &= status == Self::Closed;
        }
        match min_stay {
            _ if !any => Self::Past,
            Some(min) => Self::MinStay(min),
            None if closed && !sold_out => Self::Closed,
            None => Self::SoldOut,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Bookable => "bookable",
            Self::Closed => "closed",
            Self::MinStay(_) => "min_stay",
            Self::SoldOut => "sold_out",
            Self::Past => "past",
        }
    }

    /// What the guest is told about a day that cannot be an arrival.
    pub fn msg(self) -> Option<Msg> {
        match self {
            Self::Bookable => None,
            Self::Closed => Some(Msg::new("calendar-closed")),
            Self::MinStay(min) => Some(Msg::new("calendar-min-stay").int("count", i64::from(min))),
            Self::SoldOut => Some(Msg::new("calendar-sold-out")),
            Self::Past => Some(Msg::new("calendar-past")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::availability::Restrictions;
    use crate::domain::money::{Currency, Money};
    use jiff::civil::date;

    #[test]
    fn months_parse_within_a_year_from_today() {
        let today = date(2026, 11, 28);
        assert_eq!(Month::parse("", today).unwrap(), Month::of(today));
        assert_eq!(Month::parse("2026-11", today).unwrap().to_string(), "2026-11");
        assert_eq!(Month::parse("2027-11", today).unwrap().to_string(), "2027-11");
        for bad in ["2026-10", "2027-12", "2026-13", "2026-1", "26-11", "2026/11", "+026-11", "2026-00"] {
            assert!(Month::parse(bad, today).is_err(), "{bad}");
        }
    }

    #[test]
    fn weeks_start_on_monday_and_hold_every_day_once() {
        // 1 December 2026 is a Tuesday.
        let weeks = Month::of(date(2026, 12, 1)).weeks();
        assert_eq!(weeks[0][0], None);
        assert_eq!(weeks[0][1], Some(date(2026, 12, 1)));
        let days: Vec<Date> = weeks.iter().flatten().flatten().copied().collect();
        assert_eq!(days.len(), 31);
        assert_eq!(weeks.len(), 5);
        // February 2027 starts on a Monday: four full weeks.
        assert_eq!(Month::of(date(2027, 2, 1)).weeks().len(), 4);
    }

    #[test]
    fn navigation_stops_at_the_bounds() {
        let today = date(2026, 11, 28);
        let this = Month::of(today);
        assert_eq!(this.previous(today), None);
        assert_eq!(this.next(today).unwrap().to_string(), "2026-12");
        let last = Month::last(today);
        assert_eq!(last.to_string(), "2027-11");
        assert_eq!(last.next(today), None);
        assert_eq!(this.arrivals(today), Some((today, date(2026, 12, 1))));
    }

    #[test]
    fn nights_are_one_to_thirty() {
        assert_eq!(parse_nights(""), Ok(1));
        assert_eq!(parse_nights("30"), Ok(30));
        assert!(parse_nights("0").is_err() && parse_nights("31").is_err() && parse_nights("x").is_err());
    }

    #[test]
    fn a_day_says_why_it_cannot_be_an_arrival() {
        let today = date(2026, 11, 28);
        let eur = Currency::parse("EUR").unwrap();
        let day = |closed, min_stay, total: Option<i64>| CalendarDay {
            arrival: date(2026, 12, 2),
            restrictions: Restrictions { closed_to_arrival: closed, min_stay },
            from_total: total.map(|a| Money::new(a, eur)),
        };
        let d = date(2026, 12, 2);
        assert_eq!(DayStatus::of(d, Some(&day(false, None, Some(100))), today, 1), DayStatus::Bookable);
        assert_eq!(DayStatus::of(d, Some(&day(true, None, Some(100))), today, 1), DayStatus::Closed);
        assert_eq!(DayStatus::of(d, Some(&day(false, Some(3), Some(100))), today, 2), DayStatus::MinStay(3));
        assert_eq!(DayStatus::of(d, Some(&day(false, Some(3), Some(100))), today, 3), DayStatus::Bookable);
        assert_eq!(DayStatus::of(d, Some(&day(false, None, None)), today, 1), DayStatus::SoldOut);
        assert_eq!(DayStatus::of(date(2026, 11, 27), None, today, 1), DayStatus::Past);
    }

    #[test]
    fn across_hotels_a_day_is_closed_or_sold_out_only_when_it_is_everywhere() {
        use DayStatus::*;
        assert_eq!(DayStatus::across([SoldOut, Bookable, Closed]), Bookable);
        assert_eq!(DayStatus::across([Closed, Closed]), Closed);
        assert_eq!(DayStatus::across([Past, Closed]), Closed);
        assert_eq!(DayStatus::across([SoldOut, SoldOut]), SoldOut);
        assert_eq!(DayStatus::across([Closed, SoldOut]), SoldOut);
        assert_eq!(DayStatus::across([MinStay(4), SoldOut, MinStay(3)]), MinStay(3));
        assert_eq!(DayStatus::across([Past, Past]), Past);
        assert_eq!(DayStatus::across([]), Past);
    }
}
