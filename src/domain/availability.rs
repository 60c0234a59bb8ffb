//! What a property offers for a stay and a party, as the search and property
//! pages read it: the rooms with their rates and units left, the date's
//! restrictions, and one verdict — [`Bookability`] — that both pages show the
//! same way. The availability adapter (`upstream::availability`) builds these
//! from the wire contract once per upstream answer.

use super::draft::NightPrice;
use super::money::{Currency, Money};

/// The check-in date's rules.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Restrictions {
    /// Arrivals are not accepted on the check-in date.
    pub closed_to_arrival: bool,
    /// Minimum nights for an arrival on the check-in date.
    pub min_stay: Option<u32>,
}

/// Whether a stay can be booked at a property, and if not, why: the one reading
/// of an availability answer that every page uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bookability {
    /// At least one room has a rate for the stay.
    Bookable,
    ClosedToArrival,
    /// The stay is shorter than the arrival date's minimum.
    MinStay(u32),
    /// Rooms fit the party, but none has a unit left on every night.
    SoldOut,
    /// No room type takes this many guests per room.
    NoRoomFits,
}

impl Bookability {
    /// The verdict for a stay of `nights`, given the date's restrictions, how many
    /// room types fit the party and whether any of them has a rate.
    pub fn of(restrictions: Restrictions, nights: u32, rooms_that_fit: usize, any_rate: bool) -> Self {
        if restrictions.closed_to_arrival {
            return Self::ClosedToArrival;
        }
        if let Some(min) = restrictions.min_stay.filter(|min| nights < *min) {
            return Self::MinStay(min);
        }
        match (rooms_that_fit, any_rate) {
            (0, _) => Self::NoRoomFits,
            (_, false) => Self::SoldOut,
            (_, true) => Self::Bookable,
        }
    }

    pub fn is_bookable(self) -> bool {
        self == Self::Bookable
    }

    /// True when the date's rules refuse the stay (as opposed to the rooms).
    pub fn is_restricted(self) -> bool {
        matches!(self, Self::ClosedToArrival | Self::MinStay(_))
    }

    /// Why the stay cannot be booked, for the guest; `None` when it can.
    pub fn msg(self) -> Option<super::msg::Msg> {
        use super::msg::Msg;
        Some(match self {
            Self::Bookable => return None,
            Self::ClosedToArrival => Msg::new("search-closed-to-arrival"),
            Self::MinStay(min) => Msg::new("search-min-stay").int("count", i64::from(min)),
            Self::SoldOut => Msg::new("search-sold-out"),
            Self::NoRoomFits => Msg::new("search-no-room-fits"),
        })
    }
}

/// What became of the guest's promotional code at a property.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromoOutcome {
    /// Priced in: a discount, or the negotiated rates it unlocks.
    Applied,
    /// Known, but no longer (or not yet) valid.
    Expired,
    /// Not a code this property knows.
    Unknown,
}

impl PromoOutcome {
    /// What the guest is told at the code's field across the `outcomes` of the
    /// properties searched: nothing when any applied it, else why none did.
    pub fn verdict(outcomes: impl IntoIterator<Item = Self>) -> Option<super::msg::Msg> {
        Self::overall(outcomes).filter(|o| *o != Self::Applied).map(|o| {
            super::msg::Msg::new(if o == Self::Expired { "field-promo-expired" } else { "field-promo-unknown" })
        })
    }

    /// What became of a code across the properties searched: applied when any
    /// applied it, else expired when any knew it, else unknown; `None` when no
    /// property answered about a code.
    pub fn overall(outcomes: impl IntoIterator<Item = Self>) -> Option<Self> {
        let mut worst = None;
        for outcome in outcomes {
            match outcome {
                Self::Applied => return Some(Self::Applied),
                Self::Expired => worst = Some(Self::Expired),
                Self::Unknown if worst.is_none() => worst = Some(Self::Unknown),
                Self::Unknown => {}
            }
        }
        worst
    }

    /// The `outcome` label of `promo_codes_total`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Applied => "applied",
            Self::Expired => "expired",
            Self::Unknown => "unknown",
        }
    }
}

/// A property's full offer: every room type that fits the party, with its rates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PropertyOffer {
    pub currency: Currency,
    pub restrictions: Restrictions,
    pub rooms: Vec<RoomOffer>,
    /// Set when a code was sent.
    pub promo: Option<PromoOutcome>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoomOffer {
    pub id: String,
    pub name: String,
    pub description: String,
    pub max_occupancy: u8,
    pub bedding: String,
    pub size_sqm: u16,
    /// Units free on every night of the stay.
    pub units_left: u32,
    /// Empty when fewer units are left than rooms asked for.
    pub rates: Vec<RateOffer>,
    /// Its photos (valid ones; which origins a page may load them from is the
    /// tenant's to say).
    pub images: Vec<super::image::Image>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateOffer {
    pub id: String,
    pub name: String,
    pub refundable: bool,
    pub breakfast_included: bool,
    pub cancellation_policy: String,
    /// Each night's price for all rooms.
    pub nightly: Vec<NightPrice>,
    pub room_total: Money,
    pub taxes: Money,
    pub fees: Money,
    pub total: Money,
    /// A member price (asked for as a signed-in, eligible member).
    pub member_rate: bool,
    /// What the guest's code took off the room price (zero without one).
    pub promo_discount: Money,
    /// A negotiated rate the guest's code unlocked.
    pub negotiated: bool,
    /// What is charged when booking and what at the hotel.
    pub payment: super::payment_policy::PaymentTerms,
}

impl PropertyOffer {
    pub fn bookability(&self, nights: u32) -> Bookability {
        let any_rate = self.rooms.iter().any(|r| !r.rates.is_empty());
        Bookability::of(self.restrictions, nights, self.rooms.len(), any_rate)
    }

    /// The room and rate, if both are on offer.
    pub fn rate(&self, room_type: &str, rate_plan: &str) -> Option<(&RoomOffer, &RateOffer)> {
        let room = self.rooms.iter().find(|r| r.id == room_type)?;
        Some((room, room.rates.iter().find(|p| p.id == rate_plan)?))
    }
}

/// What the guest asked of the rates: only refundable ones, only those with
/// breakfast. The default asks nothing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RateFilter {
    pub refundable: bool,
    pub breakfast: bool,
}

impl RateFilter {
    pub fn accepts(self, rate: &RateSummary) -> bool {
        (!self.refundable || rate.refundable) && (!self.breakfast || rate.breakfast_included)
    }

    pub fn is_active(self) -> bool {
        self.refundable || self.breakfast
    }
}

/// How search results are ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SortOrder {
    /// The tenant's own order of its properties.
    #[default]
    Recommended,
    /// The lowest total first; what cannot be booked last.
    Price,
    /// By name, in the guest's language's collation order (case-insensitive here).
    Name,
}

impl SortOrder {
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "" | "recommended" => Some(Self::Recommended),
            "price" => Some(Self::Price),
            "name" => Some(Self::Name),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Recommended => "recommended",
            Self::Price => "price",
            Self::Name => "name",
        }
    }
}

/// What a search result shows of a property's offer: each room's rates, by
/// total and the two things a guest filters on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfferSummary {
    pub currency: Currency,
    pub restrictions: Restrictions,
    pub rooms: Vec<RoomSummary>,
    /// Set when a code was sent.
    pub promo: Option<PromoOutcome>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoomSummary {
    pub id: String,
    pub name: String,
    pub max_occupancy: u8,
    pub units_left: u32,
    /// Empty when sold out.
    pub rates: Vec<RateSummary>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateSummary {
    /// The whole stay, taxes and fees included.
    pub total: Money,
    pub refundable: bool,
    pub breakfast_included: bool,
}

impl RoomSummary {
    /// The cheapest total of a rate the filter accepts.
    pub fn from_total(&self, filter: RateFilter) -> Option<Money> {
        self.rates.iter().filter(|r| filter.accepts(r)).map(|r| r.total).min_by_key(|m| m.amount)
    }
}

impl OfferSummary {
    /// Whether the stay can be booked at all, whatever the filter.
    pub fn bookability(&self, nights: u32) -> Bookability {
        let any_rate = self.rooms.iter().any(|r| !r.rates.is_empty());
        Bookability::of(self.restrictions, nights, self.rooms.len(), any_rate)
    }

    /// The cheapest total of any room, of a rate the filter accepts.
    pub fn from_total(&self, filter: RateFilter) -> Option<Money> {
        self.rooms.iter().filter_map(|r| r.from_total(filter)).min_by_key(|m| m.amount)
    }
}

/// A property's arrival dates over a range, for stays of one length: the
/// price calendar's month, and where the alternatives to a failed stay come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    pub currency: Currency,
    pub nights: u32,
    pub days: Vec<CalendarDay>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarDay {
    pub arrival: jiff::civil::Date,
    pub restrictions: Restrictions,
    /// The cheapest total for the stay from this date; `None` when nothing is free.
    pub from_total: Option<Money>,
}

impl CalendarDay {
    /// A stay of `nights` from this date can be booked.
    pub fn is_bookable(&self, nights: u32) -> bool {
        let rooms = usize::from(self.from_total.is_some());
        Bookability::of(self.restrictions, nights, rooms, self.from_total.is_some()).is_bookable()
    }
}

impl Calendar {
    /// Up to `most` bookable arrival dates nearest to `arrival` (never it, never
    /// before `today`), nearest first, the earlier first on a tie.
    pub fn nearest_bookable(
        &self,
        arrival: jiff::civil::Date,
        today: jiff::civil::Date,
        most: usize,
    ) -> Vec<&CalendarDay> {
        let mut days: Vec<&CalendarDay> = self
            .days
            .iter()
            .filter(|d| d.arrival != arrival && d.arrival >= today && d.is_bookable(self.nights))
            .collect();
        let distance = |d: &CalendarDay| {
            let days = (d.arrival - arrival).get_days();
            (days.unsigned_abs(), days > 0)
        };
        days.sort_by_key(|d| distance(d));
        days.truncate(most);
        days
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OPEN: Restrictions = Restrictions { closed_to_arrival: false, min_stay: None };

    #[test]
    fn the_date_rules_come_before_the_rooms() {
        let closed = Restrictions { closed_to_arrival: true, min_stay: Some(3) };
        assert_eq!(Bookability::of(closed, 5, 2, true), Bookability::ClosedToArrival);
        let min3 = Restrictions { closed_to_arrival: false, min_stay: Some(3) };
        assert_eq!(Bookability::of(min3, 2, 2, true), Bookability::MinStay(3));
        assert_eq!(Bookability::of(min3, 3, 2, true), Bookability::Bookable);
        assert!(Bookability::MinStay(3).is_restricted() && !Bookability::SoldOut.is_restricted());
    }

    #[test]
    fn a_code_is_refused_only_when_no_hotel_took_it() {
        use PromoOutcome::{Applied, Expired, Unknown};
        assert_eq!(PromoOutcome::verdict([]), None);
        assert_eq!(PromoOutcome::verdict([Unknown, Applied]), None, "one hotel took it");
        assert_eq!(PromoOutcome::verdict([Unknown, Unknown]).map(|m| m.key), Some("field-promo-unknown"));
        assert_eq!(PromoOutcome::verdict([Unknown, Expired]).map(|m| m.key), Some("field-promo-expired"));
    }

    #[test]
    fn the_filter_picks_the_cheapest_rate_it_accepts() {
        let euro = Currency::parse("EUR").unwrap();
        let eur = |amount| Money::new(amount, euro);
        let rate =
            |total, refundable, breakfast_included| RateSummary { total: eur(total), refundable, breakfast_included };
        let room = |rates| RoomSummary { id: "r".into(), name: "R".into(), max_occupancy: 2, units_left: 1, rates };
        let offer = OfferSummary {
            currency: euro,
            restrictions: OPEN,
            rooms: vec![room(vec![rate(90, false, false), rate(120, true, false)]), room(vec![rate(140, true, true)])],
            promo: None,
        };
        let only = |refundable, breakfast| RateFilter { refundable, breakfast };
        assert_eq!(offer.from_total(RateFilter::default()), Some(eur(90)));
        assert_eq!(offer.from_total(only(true, false)), Some(eur(120)));
        assert_eq!(offer.from_total(only(false, true)), Some(eur(140)));
        assert_eq!(offer.rooms[0].from_total(only(true, true)), None);
        assert!(offer.bookability(2).is_bookable(), "bookable whatever the filter");
        assert_eq!(SortOrder::parse("price"), Some(SortOrder::Price));
        assert_eq!(SortOrder::parse(""), Some(SortOrder::Recommended));
        assert_eq!(SortOrder::parse("cheapest"), None);
    }

    #[test]
    fn the_nearest_bookable_arrivals_come_first() {
        let euro = Currency::parse("EUR").unwrap();
        let start = jiff::civil::date(2026, 12, 1);
        let day = |offset: i64, bookable: bool, restrictions| CalendarDay {
            arrival: start.checked_add(jiff::Span::new().days(offset)).unwrap(),
            restrictions,
            from_total: bookable.then(|| Money::new(10_000 + offset, euro)),
        };
        let min3 = Restrictions { closed_to_arrival: false, min_stay: Some(3) };
        let closed = Restrictions { closed_to_arrival: true, min_stay: None };
        let calendar = Calendar {
            currency: euro,
            nights: 2,
            days: vec![
                day(0, true, OPEN),   // before today
                day(3, true, OPEN),   // 2 earlier
                day(4, true, min3),   // too short a stay
                day(5, false, OPEN),  // the failed arrival itself
                day(6, true, closed), // closed
                day(7, true, OPEN),   // 2 later
                day(8, false, OPEN),  // sold out
                day(9, true, OPEN),   // 4 later
            ],
        };
        let arrival = start.checked_add(jiff::Span::new().days(5)).unwrap();
        let today = start.checked_add(jiff::Span::new().days(1)).unwrap();
        let offsets: Vec<i64> = calendar
            .nearest_bookable(arrival, today, 3)
            .iter()
            .map(|d| (d.arrival - start).get_days().into())
            .collect();
        assert_eq!(offsets, vec![3, 7, 9], "nearest first, the earlier on a tie");
    }

    #[test]
    fn no_room_for_the_party_differs_from_sold_out() {
        assert_eq!(Bookability::of(OPEN, 2, 0, false), Bookability::NoRoomFits);
        assert_eq!(Bookability::of(OPEN, 2, 3, false), Bookability::SoldOut);
        assert_eq!(Bookability::of(OPEN, 2, 3, true), Bookability::Bookable);
        assert_eq!(Bookability::Bookable.msg(), None);
        assert_eq!(
            Bookability::MinStay(3).msg().map(|m| m.english()),
            Some("Stays arriving on this date need at least 3 nights.".into())
        );
    }
}
