//! The price calendar's rules: which months a guest may browse (the property's
//! current month to twelve months ahead), a month as weeks of days (Monday
//! first, as ISO 8601 and the four languages we ship count them), what an
//! arrival day says for a stay of so many nights, and, once an arrival is
//! picked, what each day says as its departure.

use std::fmt;

use jiff::civil::Date;

use super::availability::{Calendar, CalendarDay};
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

/// The arrival a guest picked on the calendar: `YYYY-MM-DD`, from `today` to
/// the end of the last browsable month; blank is none (the arrival step).
pub fn parse_arrival(raw: &str, today: Date) -> Result<Option<Date>, Msg> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    let shape_ok = raw.len() == 10
        && raw.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() });
    let Some(date) = shape_ok.then(|| raw.parse::<Date>().ok()).flatten() else {
        return Err(Msg::new("field-arrival-format"));
    };
    if date < today {
        return Err(Msg::new("field-arrival-past"));
    }
    if date >= Month::last(today).end() {
        return Err(Msg::new("field-arrival-range").int("months", i64::from(MONTHS_AHEAD)));
    }
    Ok(Some(date))
}

/// The longest stay a departure may make: the stay's own limit.
pub fn max_stay() -> u32 {
    MAX_NIGHTS.unsigned_abs()
}

/// The nights (`arrival..to`) worth asking about, one night at a time, to
/// offer departures from `arrival` in `month`: up to the longest stay or the
/// month's end, and at least the arrival's own night (which says whether it
/// can be one).
pub fn departure_nights(arrival: Date, month: Month) -> (Date, Date) {
    let longest = arrival.checked_add(jiff::Span::new().days(i64::from(max_stay()))).unwrap_or(arrival);
    let after = arrival.tomorrow().unwrap_or(arrival);
    (arrival, longest.min(month.end()).max(after))
}

/// What one hotel's calendar of one-night stays says about stays from an
/// arrival: the fewest nights it takes, and the first night nothing sleeps
/// the party (no stay may cross it). A night with a room free does not make
/// a longer stay certain (no single room may be free all along); the rooms
/// page has the last word, the calendar refuses only what the data refuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Departures {
    arrival: Date,
    min_stay: u32,
    sold_out_from: Option<Date>,
}

impl Departures {
    /// From a one-night calendar that starts at `arrival`; why it cannot be an
    /// arrival (closed, sold out, past) when it cannot.
    pub fn from_nights(arrival: Date, calendar: &Calendar, today: Date) -> Result<Self, DayStatus> {
        let day = calendar.days.iter().find(|d| d.arrival == arrival);
        match DayStatus::of(arrival, day, today, 1) {
            DayStatus::Bookable | DayStatus::MinStay(_) => {}
            refused => return Err(refused),
        }
        let min_stay = day.and_then(|d| d.restrictions.min_stay).unwrap_or(1).max(1);
        let mut night = arrival;
        let mut sold_out_from = None;
        while night < arrival.checked_add(jiff::Span::new().days(i64::from(max_stay()))).unwrap_or(arrival) {
            match calendar.days.iter().find(|d| d.arrival == night) {
                Some(d) if d.from_total.is_some() => {}
                Some(_) => {
                    sold_out_from = Some(night);
                    break;
                }
                // Past the nights asked about: nothing known, nothing refused.
                None => break,
            }
            let Ok(next) = night.tomorrow() else { break };
            night = next;
        }
        Ok(Self { arrival, min_stay, sold_out_from })
    }

    /// What `date` says as the departure of a stay from the arrival.
    pub fn status(&self, date: Date) -> DepartureStatus {
        let nights = (date - self.arrival).get_days();
        let Ok(nights) = u32::try_from(nights) else { return DepartureStatus::BeforeArrival };
        match nights {
            0 => DepartureStatus::Arrival,
            n if n > max_stay() => DepartureStatus::TooLong(max_stay()),
            n if n < self.min_stay => DepartureStatus::MinStay(self.min_stay),
            _ if self.sold_out_from.is_some_and(|night| night < date) => DepartureStatus::SoldOut,
            n => DepartureStatus::Departure(n),
        }
    }
}

/// What a day says as the departure of a stay from the arrival picked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DepartureStatus {
    /// A stay of so many nights ends that day.
    Departure(u32),
    /// The arrival picked.
    Arrival,
    BeforeArrival,
    /// Shorter than the arrival's minimum stay (these nights).
    MinStay(u32),
    /// Longer than the longest stay (these nights).
    TooLong(u32),
    /// A night of the stay has nothing that sleeps the party.
    SoldOut,
}

impl DepartureStatus {
    /// Across hotels (each where the arrival can be one): a departure if it
    /// is one anywhere, else the smallest minimum stay, else sold out.
    pub fn across(statuses: impl IntoIterator<Item = Self>) -> Self {
        let mut best = None::<Self>;
        for status in statuses {
            best = Some(match (best, status) {
                (_, Self::Departure(_)) => return status,
                (None, s) => s,
                (Some(Self::MinStay(a)), Self::MinStay(b)) => Self::MinStay(a.min(b)),
                (Some(Self::SoldOut), s @ Self::MinStay(_)) => s,
                (Some(b), _) => b,
            });
        }
        best.unwrap_or(Self::SoldOut)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Departure(_) => "departure",
            Self::Arrival => "arrival",
            Self::BeforeArrival => "before_arrival",
            Self::MinStay(_) => "min_stay",
            Self::TooLong(_) => "too_long",
            Self::SoldOut => "sold_out",
        }
    }

    /// What the guest is told about a day: its stay, or why it cannot end one.
    pub fn msg(self) -> Msg {
        match self {
            Self::Departure(n) => Msg::new("calendar-departure-nights").int("count", i64::from(n)),
            Self::Arrival => Msg::new("calendar-your-arrival"),
            Self::BeforeArrival => Msg::new("calendar-before-arrival"),
            Self::MinStay(min) => Msg::new("calendar-min-stay").int("count", i64::from(min)),
            Self::TooLong(max) => Msg::new("calendar-too-long").int("count", i64::from(max)),
            Self::SoldOut => Msg::new("calendar-night-sold-out"),
        }
    }
}

/// Why an arrival cannot be picked, at the `arrival` field.
pub fn arrival_refused(status: DayStatus) -> Msg {
    match status {
        DayStatus::Closed => Msg::new("field-arrival-closed"),
        DayStatus::Past => Msg::new("field-arrival-past"),
        _ => Msg::new("field-arrival-sold-out"),
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

    #[test]
    fn arrivals_parse_from_today_to_the_last_month() {
        let today = date(2026, 11, 28);
        assert_eq!(parse_arrival(" ", today), Ok(None));
        assert_eq!(parse_arrival("2026-11-28", today), Ok(Some(today)));
        assert_eq!(parse_arrival("2027-11-30", today), Ok(Some(date(2027, 11, 30))));
        assert_eq!(parse_arrival("2026-11-27", today), Err(Msg::new("field-arrival-past")));
        assert!(parse_arrival("2027-12-01", today).is_err());
        for bad in ["2026-11-31", "2026-1-28", "28/11/2026", "2026-11-28T00", "+02026-11-28", "<b>"] {
            assert_eq!(parse_arrival(bad, today), Err(Msg::new("field-arrival-format")), "{bad}");
        }
    }

    fn nights(from: Date, totals: &[Option<i64>], closed: bool, min_stay: Option<u32>) -> Calendar {
        let eur = Currency::parse("EUR").unwrap();
        let days = totals
            .iter()
            .enumerate()
            .map(|(i, total)| CalendarDay {
                arrival: from.checked_add(jiff::Span::new().days(i as i64)).unwrap(),
                restrictions: Restrictions {
                    closed_to_arrival: closed && i == 0,
                    min_stay: min_stay.filter(|_| i == 0),
                },
                from_total: total.map(|a| Money::new(a, eur)),
            })
            .collect();
        Calendar { currency: eur, nights: 1, days }
    }

    #[test]
    fn departures_run_from_the_minimum_stay_to_the_first_sold_out_night() {
        use DepartureStatus::*;
        let (today, a) = (date(2026, 11, 28), date(2026, 12, 2));
        let plus = |n: i64| a.checked_add(jiff::Span::new().days(n)).unwrap();
        let cal = nights(a, &[Some(100), Some(100), Some(100), None, Some(100)], false, Some(2));
        let d = Departures::from_nights(a, &cal, today).unwrap();
        assert_eq!(d.status(plus(-1)), BeforeArrival);
        assert_eq!(d.status(a), Arrival);
        assert_eq!(d.status(plus(1)), MinStay(2));
        assert_eq!(d.status(plus(2)), Departure(2));
        assert_eq!(d.status(plus(3)), Departure(3), "leaving the morning of the sold-out night");
        assert_eq!(d.status(plus(4)), SoldOut);
        assert_eq!(d.status(plus(31)), TooLong(30));

        let open = Departures::from_nights(a, &nights(a, &[Some(1), Some(1)], false, None), today).unwrap();
        assert_eq!(open.status(plus(1)), Departure(1));
        assert_eq!(open.status(plus(30)), Departure(30), "beyond the nights asked: not refused");

        assert_eq!(Departures::from_nights(a, &nights(a, &[Some(1)], true, None), today), Err(DayStatus::Closed));
        assert_eq!(Departures::from_nights(a, &nights(a, &[None], false, None), today), Err(DayStatus::SoldOut));
        assert_eq!(
            Departures::from_nights(a, &nights(plus(1), &[Some(1)], false, None), today),
            Err(DayStatus::SoldOut)
        );
    }

    #[test]
    fn across_hotels_a_day_is_a_departure_if_it_is_one_anywhere() {
        use DepartureStatus::*;
        assert_eq!(DepartureStatus::across([SoldOut, Departure(3), MinStay(4)]), Departure(3));
        assert_eq!(DepartureStatus::across([MinStay(4), SoldOut, MinStay(3)]), MinStay(3));
        assert_eq!(DepartureStatus::across([SoldOut, SoldOut]), SoldOut);
    }

    #[test]
    fn the_nights_asked_run_to_the_longest_stay_or_the_months_end() {
        let a = date(2026, 12, 20);
        assert_eq!(departure_nights(a, Month::of(a)), (a, date(2027, 1, 1)));
        assert_eq!(departure_nights(a, Month::of(date(2027, 1, 1))), (a, date(2027, 1, 19)));
        assert_eq!(departure_nights(a, Month::of(date(2026, 11, 1))), (a, date(2026, 12, 21)));
    }
}
