//! A stay (check-in, check-out) and an occupancy (each room with its adults and
//! children's ages), each valid by construction.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

pub const MAX_NIGHTS: i32 = 30;
pub const MAX_ROOMS: u8 = 5;
pub const MAX_ADULTS_PER_ROOM: u8 = 9;
pub const MAX_CHILDREN: usize = 8;
pub const MAX_CHILD_AGE: u8 = 17;
/// The most guests (adults and children) one room may sleep: as many as the
/// old form let one room hold, so every old link and draft still parses (what
/// a room type really sleeps is the platform's to say).
pub const MAX_GUESTS_PER_ROOM: usize = MAX_ADULTS_PER_ROOM as usize + MAX_CHILDREN;
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

/// Who sleeps in one room: its adults (at least one) and its children's ages.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "RoomPartyWire")]
pub struct RoomParty {
    adults: u8,
    children: Vec<u8>,
}

#[derive(Deserialize)]
struct RoomPartyWire {
    adults: u8,
    #[serde(default)]
    children: Vec<u8>,
}

impl TryFrom<RoomPartyWire> for RoomParty {
    type Error = OccupancyError;
    fn try_from(w: RoomPartyWire) -> Result<Self, Self::Error> {
        Self::new(w.adults, w.children)
    }
}

impl RoomParty {
    pub fn new(adults: u8, children: Vec<u8>) -> Result<Self, OccupancyError> {
        if adults == 0 {
            return Err(OccupancyError::TooFewAdults);
        }
        if adults > MAX_ADULTS_PER_ROOM {
            return Err(OccupancyError::TooManyAdults);
        }
        if children.len() > MAX_CHILDREN {
            return Err(OccupancyError::TooManyChildren);
        }
        if children.iter().any(|age| *age > MAX_CHILD_AGE) {
            return Err(OccupancyError::ChildAge);
        }
        if usize::from(adults) + children.len() > MAX_GUESTS_PER_ROOM {
            return Err(OccupancyError::TooManyGuestsInRoom);
        }
        Ok(Self { adults, children })
    }

    /// A room as a link writes it: its adults, then its children's ages,
    /// comma-separated (`2,7` is two adults and a 7-year-old).
    pub fn parse(raw: &str) -> Result<Self, RoomPartyParseError> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err(RoomPartyParseError::Missing);
        }
        if raw.len() > 64 {
            return Err(RoomPartyParseError::Party(OccupancyError::TooManyChildren));
        }
        let mut items = raw.split(',').map(str::trim);
        let adults = items.next().unwrap_or("").parse::<u8>().map_err(|_| RoomPartyParseError::Adults)?;
        let children = items.map(|a| a.parse::<u8>()).collect::<Result<Vec<_>, _>>();
        let children = children.map_err(|_| RoomPartyParseError::Ages)?;
        Self::new(adults, children).map_err(RoomPartyParseError::Party)
    }

    pub fn adults(&self) -> u8 {
        self.adults
    }

    pub fn children(&self) -> &[u8] {
        &self.children
    }

    pub fn guests(&self) -> usize {
        usize::from(self.adults) + self.children.len()
    }

    /// Children's ages as the comma-separated form value.
    pub fn children_csv(&self) -> String {
        self.children.iter().map(u8::to_string).collect::<Vec<_>>().join(",")
    }

    /// The link form that [`RoomParty::parse`] reads back.
    pub fn param(&self) -> String {
        std::iter::once(self.adults)
            .chain(self.children.iter().copied())
            .map(|n| n.to_string())
            .collect::<Vec<_>>()
            .join(",")
    }
}

/// Why a room's link form is not a party.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RoomPartyParseError {
    #[error("The room's party is missing.")]
    Missing,
    #[error("The room's adults are not a number.")]
    Adults,
    #[error("The room's children's ages are not numbers.")]
    Ages,
    #[error("{0}")]
    Party(OccupancyError),
}

/// The party of a stay: each room with its own guests, 1–[`MAX_ROOMS`] rooms,
/// each room within [`RoomParty`]'s bounds and at most [`MAX_CHILDREN`] children
/// in all.
///
/// Stored (in drafts) with the aggregate fields too, so a draft written before
/// rooms had parties still loads (split as the old form splits it) and an older
/// instance can still read a new one.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "OccupancyWire", into = "OccupancyWire")]
pub struct Occupancy {
    rooms: Vec<RoomParty>,
}

#[derive(Serialize, Deserialize)]
struct OccupancyWire {
    adults: u8,
    #[serde(default)]
    children: Vec<u8>,
    rooms: u8,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    parties: Option<Vec<RoomParty>>,
}

impl TryFrom<OccupancyWire> for Occupancy {
    type Error = OccupancyError;
    fn try_from(w: OccupancyWire) -> Result<Self, Self::Error> {
        match w.parties {
            Some(parties) => Self::of_rooms(parties),
            None => Self::new(w.adults, w.children, w.rooms),
        }
    }
}

impl From<Occupancy> for OccupancyWire {
    fn from(o: Occupancy) -> Self {
        Self { adults: o.adults(), children: o.children(), rooms: o.rooms(), parties: Some(o.rooms) }
    }
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
    #[error("At most {MAX_GUESTS_PER_ROOM} guests per room.")]
    TooManyGuestsInRoom,
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
            Self::TooManyGuestsInRoom => Msg::new("field-room-too-many-guests").int("max", MAX_GUESTS_PER_ROOM as i64),
        }
    }
}

impl Occupancy {
    /// The old form: `adults` and `children` across `rooms`, split evenly (the
    /// adults one by one across the rooms, then each child into the room with
    /// the fewest guests so far), so no room sleeps more than the total divided
    /// by the rooms, rounded up.
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
        let n = usize::from(rooms);
        let mut split: Vec<(u8, Vec<u8>)> =
            (0..n).map(|i| (adults / rooms + u8::from(i < usize::from(adults % rooms)), Vec::new())).collect();
        for age in children {
            let fewest = (0..n).min_by_key(|i| usize::from(split[*i].0) + split[*i].1.len()).unwrap_or(0);
            split[fewest].1.push(age);
        }
        let parties = split.into_iter().map(|(a, c)| RoomParty::new(a, c)).collect::<Result<Vec<_>, _>>()?;
        Ok(Self { rooms: parties })
    }

    /// Each room with its own party.
    pub fn of_rooms(rooms: Vec<RoomParty>) -> Result<Self, OccupancyError> {
        if !(1..=usize::from(MAX_ROOMS)).contains(&rooms.len()) {
            return Err(OccupancyError::Rooms);
        }
        if rooms.iter().map(|r| r.children.len()).sum::<usize>() > MAX_CHILDREN {
            return Err(OccupancyError::TooManyChildren);
        }
        Ok(Self { rooms })
    }

    /// Each room's party, room 1 first.
    pub fn parties(&self) -> &[RoomParty] {
        &self.rooms
    }

    pub fn adults(&self) -> u8 {
        // At most 5 rooms of 9 adults: no overflow.
        self.rooms.iter().map(|r| r.adults).sum()
    }

    /// Every child's age, room by room.
    pub fn children(&self) -> Vec<u8> {
        self.rooms.iter().flat_map(|r| r.children.iter().copied()).collect()
    }

    pub fn rooms(&self) -> u8 {
        self.rooms.len() as u8
    }

    pub fn guests(&self) -> usize {
        self.rooms.iter().map(RoomParty::guests).sum()
    }

    /// The most guests any one room sleeps: what each room type must sleep.
    pub fn guests_per_room(&self) -> usize {
        self.rooms.iter().map(RoomParty::guests).max().unwrap_or(0)
    }

    /// Children's ages as the comma-separated form value.
    pub fn children_csv(&self) -> String {
        self.children().iter().map(u8::to_string).collect::<Vec<_>>().join(",")
    }

    /// The per-room link form: `rooms=N`, then `r1=…` to `rN=…`.
    pub fn params(&self) -> impl Iterator<Item = (String, String)> + '_ {
        std::iter::once(("rooms".to_owned(), self.rooms().to_string()))
            .chain(self.rooms.iter().enumerate().map(|(i, r)| (format!("r{}", i + 1), r.param())))
    }

    /// The rooms as one upstream query value: each room's link form, rooms
    /// separated by `|` (`2,7|1`).
    pub fn wire(&self) -> String {
        self.rooms.iter().map(RoomParty::param).collect::<Vec<_>>().join("|")
    }

    /// Reads [`Occupancy::wire`] back.
    pub fn parse_wire(raw: &str) -> Option<Self> {
        if raw.len() > 400 {
            return None;
        }
        let rooms = raw.split('|').map(|r| RoomParty::parse(r).ok()).collect::<Option<Vec<_>>>()?;
        Self::of_rooms(rooms).ok()
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

    #[test]
    fn a_room_reads_its_link_form() {
        let room = RoomParty::parse("2,7").unwrap();
        assert_eq!((room.adults(), room.children()), (2, &[7][..]));
        assert_eq!(room.param(), "2,7");
        assert_eq!(RoomParty::parse(""), Err(RoomPartyParseError::Missing));
        assert_eq!(RoomParty::parse("x,7"), Err(RoomPartyParseError::Adults));
        assert_eq!(RoomParty::parse("2,seven"), Err(RoomPartyParseError::Ages));
        assert_eq!(RoomParty::parse("0"), Err(RoomPartyParseError::Party(OccupancyError::TooFewAdults)));
        assert_eq!(RoomParty::parse("2,18"), Err(RoomPartyParseError::Party(OccupancyError::ChildAge)));
        assert_eq!(
            RoomParty::parse("9,1,1,1,1,1,1,1,1,1"),
            Err(RoomPartyParseError::Party(OccupancyError::TooManyChildren))
        );
    }

    #[test]
    fn a_draft_stored_before_parties_loads_split_evenly() {
        let old: Occupancy = serde_json::from_str(r#"{"adults":3,"children":[7],"rooms":2}"#).unwrap();
        assert_eq!(old.wire(), "2|1,7");
        let new: Occupancy = serde_json::from_value(serde_json::to_value(&old).unwrap()).unwrap();
        assert_eq!(new, old);
        let uneven = Occupancy::of_rooms(vec![RoomParty::new(2, vec![7]).unwrap(), RoomParty::new(1, vec![]).unwrap()]);
        let uneven = uneven.unwrap();
        let json = serde_json::to_value(&uneven).unwrap();
        assert_eq!(json["adults"], 3);
        assert_eq!(serde_json::from_value::<Occupancy>(json).unwrap(), uneven);
    }

    fn room() -> impl proptest::strategy::Strategy<Value = RoomParty> {
        use proptest::prelude::*;
        (1..=MAX_ADULTS_PER_ROOM, proptest::collection::vec(0..=MAX_CHILD_AGE, 0..=3))
            .prop_map(|(a, c)| RoomParty::new(a, c).unwrap())
    }

    proptest::proptest! {
        #[test]
        fn the_link_form_round_trips(rooms in proptest::collection::vec(room(), 1..=usize::from(MAX_ROOMS))) {
            if let Ok(o) = Occupancy::of_rooms(rooms) {
                proptest::prop_assert_eq!(Occupancy::parse_wire(&o.wire()), Some(o.clone()));
                for (i, party) in o.parties().iter().enumerate() {
                    proptest::prop_assert_eq!(&RoomParty::parse(&party.param()).unwrap(), &o.parties()[i]);
                }
            }
        }

        #[test]
        fn the_old_form_keeps_its_totals_and_splits_evenly(
            adults in 0u8..=50,
            children in proptest::collection::vec(0u8..=20, 0..=10),
            rooms in 0u8..=6,
        ) {
            if let Ok(o) = Occupancy::new(adults, children.clone(), rooms) {
                proptest::prop_assert_eq!(o.adults(), adults);
                proptest::prop_assert_eq!(o.rooms(), rooms);
                let mut got = o.children();
                let mut want = children;
                got.sort_unstable();
                want.sort_unstable();
                proptest::prop_assert_eq!(got, want);
                proptest::prop_assert_eq!(o.guests_per_room(), o.guests().div_ceil(usize::from(rooms)));
            }
        }

        #[test]
        fn every_occupancy_holds_its_bounds(
            adults in 0u8..=50,
            children in proptest::collection::vec(0u8..=20, 0..=10),
            rooms in 0u8..=6,
        ) {
            if let Ok(o) = Occupancy::new(adults, children, rooms) {
                proptest::prop_assert!((1..=MAX_ROOMS).contains(&o.rooms()));
                proptest::prop_assert!(o.children().len() <= MAX_CHILDREN);
                for p in o.parties() {
                    proptest::prop_assert!((1..=MAX_ADULTS_PER_ROOM).contains(&p.adults()));
                    proptest::prop_assert!(p.guests() <= MAX_GUESTS_PER_ROOM);
                    proptest::prop_assert!(p.children().iter().all(|a| *a <= MAX_CHILD_AGE));
                }
            }
        }

        #[test]
        fn no_input_panics_the_parsers(raw in ".{0,80}") {
            let _ = RoomParty::parse(&raw);
            let _ = Occupancy::parse_wire(&raw);
            let _ = serde_json::from_str::<Occupancy>(&raw);
        }
    }
}
