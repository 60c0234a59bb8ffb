//! A calendar day's view in each step: as an arrival (its price per night and
//! the stay's total, or why it cannot be one; a link to the departure step),
//! and, once an arrival is picked, as a departure (the stay's nights and a link
//! to its rooms, or why it cannot end the stay).

use std::sync::Arc;

use jiff::civil::Date;
use serde::Serialize;

use crate::domain::availability::Calendar;
use crate::domain::calendar::{DayStatus, DepartureStatus, Departures, Month};
use crate::domain::money::Money;
use crate::domain::search::SearchCriteria;
use crate::domain::stay::{Occupancy, Stay};
use crate::domain::tenant::Property;
use crate::http::views::{MoneyView, Prices};
use crate::i18n::{Msg, Tr};

#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DayView {
    /// The day, YYYY-MM-DD.
    pub date: String,
    pub day: i8,
    /// Without `arrival`, the day as an arrival: `bookable`, `closed` (closed
    /// to arrival), `min_stay`, `sold_out` or `past` (across properties,
    /// `closed` and `sold_out` only when so at every one). With `arrival`, the
    /// day as its departure: `departure`, `arrival` (the day picked),
    /// `before_arrival`, `min_stay` (under the arrival's minimum stay),
    /// `too_long` (over the longest stay) or `sold_out` (a night of the stay
    /// has nothing free for the party).
    pub status: &'static str,
    /// With `min_stay`: the fewest nights an arrival (that day, or the one
    /// picked) may book.
    pub min_stay: Option<u32>,
    /// With `departure`: the nights of the stay from the arrival picked.
    pub nights: Option<u32>,
    /// Arrival step, when bookable: the lowest total for the stay of `nights`
    /// from this day (all rooms, taxes and fees).
    pub from_total: Option<MoneyView>,
    /// Arrival step, when bookable: `fromTotal` per night, in minor units
    /// rounded half away from zero (the charged amount, then converted like
    /// any price); the day's visible price.
    pub per_night: Option<MoneyView>,
    /// Across properties, when bookable: the property of that lowest total.
    pub property: Option<DayProperty>,
    /// What the day says, in words (its accessible name): "Friday 18
    /// December, from €115.00 a night, €230.00 for 2 nights".
    pub label: String,
    /// The short mark shown in the cell under the day ("Min. 3", "2 nights").
    pub note: Option<String>,
    /// The stay's total in words, when priced (the cell's title).
    pub title: Option<String>,
    /// Arrival step, when bookable: this calendar with this day as `arrival`
    /// (the departure step). With `arrival`, when a departure: the property's
    /// rooms and rates for exactly that stay, or, across properties, the
    /// search for it.
    pub url: Option<String>,
}

/// The property a day's price is at.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DayProperty {
    pub id: String,
    pub name: String,
}

/// One property's answer for the month.
pub struct Source<'a> {
    pub property: &'a Property,
    pub today: Date,
    pub calendar: Option<Arc<Calendar>>,
}

/// Where a day's link goes: the calendar's own path, the party and nights.
pub struct Links<'a> {
    pub path: &'a str,
    pub occupancy: &'a Occupancy,
    pub nights: u32,
    pub across: bool,
}

impl Links<'_> {
    /// The rooms of the stay (a property's), or the search for it (across).
    fn stay(&self, property: &Property, stay: Stay) -> String {
        let criteria = SearchCriteria { stay, occupancy: self.occupancy.clone(), promo: None };
        if self.across {
            format!("/search?{}", criteria.query())
        } else {
            format!("/properties/{}?{}", property.id, criteria.query())
        }
    }
}

/// A source's price for an arrival day: the stay's total (charged, and as
/// shown), and the arrival's minimum stay.
struct Priced {
    total: Money,
    shown: MoneyView,
    min_stay: u32,
}

/// A day of the arrival step: its status across `sources`, and the lowest
/// total of those where it is an arrival (compared as shown: in the display
/// currency when converted), with its price per night.
pub fn arrival_day(prices: &Prices, sources: &[Source], links: &Links, date: Date) -> DayView {
    let nights = links.nights;
    let statuses: Vec<(DayStatus, Option<Priced>)> = sources
        .iter()
        .map(|s| {
            let day = s.calendar.as_ref().and_then(|c| c.days.iter().find(|d| d.arrival == date));
            let status = DayStatus::of(date, day, s.today, nights);
            let priced = day.and_then(|d| Some((d.from_total?, d.restrictions.min_stay.unwrap_or(1))));
            let priced = priced.filter(|_| status == DayStatus::Bookable);
            (status, priced.map(|(total, min_stay)| Priced { total, shown: prices.view(total), min_stay }))
        })
        .collect();
    let status = DayStatus::across(statuses.iter().map(|(s, _)| *s));
    let cheapest =
        statuses.iter().zip(sources).filter_map(|((_, priced), s)| Some((priced.as_ref()?, s))).min_by_key(|(p, _)| {
            p.shown.converted.as_ref().map_or((&p.shown.currency, p.shown.amount), |c| (&c.currency, c.amount))
        });
    // The departure step opens on the month of the first possible departure.
    let url = cheapest.map(|(p, _)| {
        let first = date.checked_add(jiff::Span::new().days(i64::from(p.min_stay.max(1)))).unwrap_or(date);
        super::url_at(links.path, Month::of(first), links.occupancy, nights, Some(date))
    });
    let property = cheapest
        .filter(|_| links.across)
        .map(|(_, s)| DayProperty { id: s.property.id.clone(), name: s.property.name.clone() });
    let t = prices.t;
    let from_total = cheapest.map(|(p, _)| p.shown.clone());
    let per_night = cheapest.map(|(p, _)| prices.view(p.total.per(nights)));
    let title = from_total.as_ref().map(|total| t.msg(&stay_total(total, nights)));
    let note = match status {
        DayStatus::MinStay(min) => Some(t.count("calendar-mark-min-stay", min)),
        DayStatus::Closed => Some(t.get("calendar-mark-closed").to_owned()),
        DayStatus::SoldOut => Some(t.get("calendar-mark-sold-out").to_owned()),
        DayStatus::Bookable | DayStatus::Past => None,
    };
    DayView {
        date: date.to_string(),
        day: date.day(),
        status: status.as_str(),
        min_stay: match status {
            DayStatus::MinStay(min) => Some(min),
            _ => None,
        },
        nights: None,
        label: arrival_label(t, date, status, from_total.as_ref().zip(per_night.as_ref()), nights, property.as_ref()),
        from_total,
        per_night,
        property,
        note,
        title,
        url,
    }
}

/// "€230.00 for 2 nights".
fn stay_total(total: &MoneyView, nights: u32) -> Msg {
    Msg::new("calendar-stay-total").text("total", total.shown()).int("count", i64::from(nights))
}

/// The arrival cell's accessible name: the day in full, then its price per
/// night and the stay's total (and, across properties, where) or why it
/// cannot be an arrival.
fn arrival_label(
    t: Tr,
    date: Date,
    status: DayStatus,
    priced: Option<(&MoneyView, &MoneyView)>,
    nights: u32,
    at: Option<&DayProperty>,
) -> String {
    let day = t.day_in_full(date);
    match (status.msg(), priced) {
        (Some(msg), _) => t.with2("calendar-day-status", "day", day, "status", t.msg(&msg)),
        (None, Some((total, per_night))) => {
            let msg = Msg::new(if at.is_some() { "calendar-day-price-at" } else { "calendar-day-price" })
                .text("day", day)
                .text("price", per_night.shown())
                .text("stay", t.msg(&stay_total(total, nights)));
            t.msg(&match at {
                Some(at) => msg.text("hotel", at.name.as_str()),
                None => msg,
            })
        }
        (None, None) => day,
    }
}

/// The departure step's reading of each source: what stays from `arrival` it
/// allows, or why `arrival` cannot be one there.
pub fn departures(arrival: Date, sources: &[Source]) -> Vec<Result<Departures, DayStatus>> {
    sources
        .iter()
        .map(|s| match &s.calendar {
            Some(calendar) => Departures::from_nights(arrival, calendar, s.today),
            None => Err(DayStatus::Past),
        })
        .collect()
}

/// A day of the departure step: what it says as the end of a stay from
/// `arrival` across the sources where that is an arrival; a link to the stay
/// when it can end one.
pub fn departure_day(
    t: Tr,
    sources: &[Source],
    readings: &[Result<Departures, DayStatus>],
    links: &Links,
    arrival: Date,
    date: Date,
) -> DayView {
    let allowed: Vec<(&Source, DepartureStatus)> =
        sources.iter().zip(readings).filter_map(|(s, r)| Some((s, r.as_ref().ok()?.status(date)))).collect();
    let status = DepartureStatus::across(allowed.iter().map(|(_, d)| *d));
    let url = allowed.iter().find(|(_, d)| *d == status).and_then(|(s, _)| match status {
        DepartureStatus::Departure(_) => Some(links.stay(s.property, Stay::new(arrival, date, s.today).ok()?)),
        _ => None,
    });
    let note = match status {
        DepartureStatus::Departure(n) => Some(t.count("calendar-mark-nights", n)),
        DepartureStatus::Arrival => Some(t.get("calendar-mark-arrival").to_owned()),
        DepartureStatus::MinStay(min) => Some(t.count("calendar-mark-min-stay", min)),
        DepartureStatus::SoldOut => Some(t.get("calendar-mark-sold-out").to_owned()),
        DepartureStatus::BeforeArrival | DepartureStatus::TooLong(_) => None,
    };
    DayView {
        date: date.to_string(),
        day: date.day(),
        status: status.as_str(),
        min_stay: match status {
            DepartureStatus::MinStay(min) => Some(min),
            _ => None,
        },
        nights: match status {
            DepartureStatus::Departure(n) => Some(n),
            _ => None,
        },
        from_total: None,
        per_night: None,
        property: None,
        label: t.with2("calendar-day-status", "day", t.day_in_full(date), "status", t.msg(&status.msg())),
        note,
        title: None,
        url: url.filter(|_| matches!(status, DepartureStatus::Departure(_))),
    }
}
