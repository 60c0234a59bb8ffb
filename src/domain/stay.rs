//! A stay (check-in, check-out) and an occupancy (adults, children's ages, rooms),
//! each valid by construction.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

pub const MAX_NIGHTS: i32 = 30;
pub const MAX_ROOMS: u8 = 5;
pub const MAX_ADULTS_PER_ROOM: u8 = 9;
pub const MAX_CHILDREN: usize = 8;
pub const MAX_CHILD_AGE: u8 = 17;
/// How far ahead a guest may book.
pub const MAX_DAYS_AHEAD: i32 = 500;

/// Parses a strict ISO-8601 calendar date `YYYY-MM-DD`.
pub fn parse_iso_date(raw: &str) -> Option<Date> {
    let raw = raw.trim();
    let shape_ok = raw.len() == 10
        && raw.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !shape_ok {
        return None;
    }
    raw.parse::<Date>().ok()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Stay {
    checkin: Date,
    checkout: Date,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum StayError {
    #[error("Check-in can't be in the past.")]
    CheckinInPast,
    #[error("Check-in can be at most {MAX_DAYS_AHEAD} days ahead.")]
    TooFarAhead,
    #[error("Check-out must be after check-in.")]
    CheckoutNotAfterCheckin,
    #[error("A stay can be at most {MAX_NIGHTS} nights.")]
    TooLong,
}

impl StayError {
    /// The guest-facing message.
    pub fn msg(&self) -> super::msg::Msg {
        use super::msg::Msg;
        match self {
            Self::CheckinInPast => Msg::new("field-checkin-past"),
            Self::TooFarAhead => Msg::new("field-checkin-too-far").int("days", i64::from(MAX_DAYS_AHEAD)),
            Self::CheckoutNotAfterCheckin => Msg::new("field-checkout-before-checkin"),
            Self::TooLong => Msg::new("field-stay-too-long").int("nights", i64::from(MAX_NIGHTS)),
        }
    }
}

impl Stay {
    /// A stay of 1–30 nights starting no earlier than `today`.
    pub fn new(checkin: Date, checkout: Date, today: Date) -> Result<Self, StayError> {
        if checkin < today {
            return Err(StayError::CheckinInPast);
        }
        if days_between(today, checkin) > MAX_DAYS_AHEAD {
            return Err(StayError::TooFarAhead);
        }
        if checkout <= checkin {
            return Err(StayError::CheckoutNotAfterCheckin);
        }
        if days_between(checkin, checkout) > MAX_NIGHTS {
            return Err(StayError::TooLong);
        }
        Ok(Self { checkin, checkout })
    }

    pub fn checkin(&self) -> Date {
        self.checkin
    }

    pub fn checkout(&self) -> Date {
        self.checkout
    }

    pub fn nights(&self) -> i32 {
        days_between(self.checkin, self.checkout)
    }

    /// Every night of the stay, by the date the night starts.
    pub fn night_dates(&self) -> impl Iterator<Item = Date> + '_ {
        self.checkin.series(jiff::Span::new().days(1)).take(self.nights() as usize)
    }
}

/// Whole days from `a` to `b` (negative when `b` is earlier).
pub fn days_between(a: Date, b: Date) -> i32 {
    a.until(b).map(|span| span.get_days()).unwrap_or(i32::MAX)
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Occupancy {
    adults: u8,
    children: Vec<u8>,
    rooms: u8,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum OccupancyError {
    #[error("Choose between 1 and {MAX_ROOMS} rooms.")]
    Rooms,
    #[error("Each room needs at least one adult.")]
    TooFewAdults,
    #[error("At most {MAX_ADULTS_PER_ROOM} adults per room.")]
    TooManyAdults,
    #[error("At most {MAX_CHILDREN} children.")]
    TooManyChildren,
    #[error("Children's ages must be between 0 and {MAX_CHILD_AGE}.")]
    ChildAge,
}

impl OccupancyError {
    /// The guest-facing message.
    pub fn msg(&self) -> super::msg::Msg {
        use super::msg::Msg;
        match self {
            Self::Rooms => Msg::new("field-rooms-range").int("max", i64::from(MAX_ROOMS)),
            Self::TooFewAdults => Msg::new("field-adults-too-few"),
            Self::TooManyAdults => Msg::new("field-adults-too-many").int("max", i64::from(MAX_ADULTS_PER_ROOM)),
            Self::TooManyChildren => Msg::new("field-children-too-many").int("max", MAX_CHILDREN as i64),
            Self::ChildAge => Msg::new("field-child-age-range").int("max", i64::from(MAX_CHILD_AGE)),
        }
    }
}

impl Occupancy {
    pub fn new(adults: u8, children: Vec<u8>, rooms: u8) -> Result<Self, OccupancyError> {
        if !(1..=MAX_ROOMS).contains(&rooms) {
            return Err(OccupancyError::Rooms);
        }
        if adults < rooms {
            return Err(OccupancyError::TooFewAdults);
        }
        if u16::from(adults) > u16::from(MAX_ADULTS_PER_ROOM) * u16::from(rooms) {
            return Err(OccupancyError::TooManyAdults);
        }
        if children.len() > MAX_CHILDREN {
            return Err(OccupancyError::TooManyChildren);
        }
        if children.iter().any(|age| *age > MAX_CHILD_AGE) {
            return Err(OccupancyError::ChildAge);
        }
        Ok(Self { adults, children, rooms })
    }

    pub fn adults(&self) -> u8 {
        self.adults
    }

    pub fn children(&self) -> &[u8] {
        &self.children
    }

    pub fn rooms(&self) -> u8 {
        self.rooms
    }

    pub fn guests(&self) -> usize {
        usize::from(self.adults) + self.children.len()
    }

    /// Guests per room, rounded up: what each room must sleep.
    pub fn guests_per_room(&self) -> usize {
        self.guests().div_ceil(usize::from(self.rooms))
    }

    /// Children's ages as the comma-separated form value.
    pub fn children_csv(&self) -> String {
        self.children.iter().map(u8::to_string).collect::<Vec<_>>().join(",")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn parses_only_strict_iso_dates() {
        assert_eq!(parse_iso_date("2026-12-01"), Some(date(2026, 12, 1)));
        for bad in ["2026-2-01", "01/12/2026", "2026-13-01", "2026-02-30", "+02026-12-01", "", "2026-12-01T00:00"] {
            assert_eq!(parse_iso_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn stay_bounds() {
        let today = date(2026, 11, 26);
        assert!(Stay::new(today, date(2026, 11, 27), today).is_ok());
        assert_eq!(Stay::new(date(2026, 11, 25), today, today), Err(StayError::CheckinInPast));
        assert_eq!(Stay::new(today, today, today), Err(StayError::CheckoutNotAfterCheckin));
        assert_eq!(Stay::new(today, date(2026, 12, 27), today), Err(StayError::TooLong));
        assert_eq!(Stay::new(today, date(2026, 12, 26), today).unwrap().nights(), 30);
        assert_eq!(Stay::new(today, date(2026, 11, 29), today).unwrap().night_dates().count(), 3);
    }

    #[test]
    fn occupancy_bounds() {
        assert!(Occupancy::new(2, vec![4, 17], 1).is_ok());
        assert_eq!(Occupancy::new(1, vec![], 2), Err(OccupancyError::TooFewAdults));
        assert_eq!(Occupancy::new(10, vec![], 1), Err(OccupancyError::TooManyAdults));
        assert_eq!(Occupancy::new(1, vec![18], 1), Err(OccupancyError::ChildAge));
        assert_eq!(Occupancy::new(1, vec![], 0), Err(OccupancyError::Rooms));
        assert_eq!(Occupancy::new(3, vec![5], 2).unwrap().guests_per_room(), 2);
    }
}
