//! availability upstream: room types, rate plans, nightly prices and units left
//! for a property and a stay. Answers are reused for as long as the upstream's
//! `Cache-Control: max-age` allows (docs/upstreams.md §3), never longer: a
//! booking is still checked by the quote and the hold, which are never cached.

use std::fmt::{self, Write as _};
use std::sync::Arc;

use async_trait::async_trait;
use serde::Deserialize;
use serde::de::{Deserializer, SeqAccess, Visitor};

use jiff::civil::Date;

use super::contract::{
    AvailabilityDto, AvailabilityQuery, CalendarDto, CalendarQuery, ImageDto, PromoDto, PromoStatus, RatePlanDto,
    RestrictionsDto,
};
use super::fresh::FreshCache;
use super::http::QueryWriter;
use super::{HttpUpstream, RequestContext, Upstream, UpstreamError};
use crate::domain::availability::{
    Calendar, CalendarDay, OfferSummary, PromoOutcome, PropertyOffer, RateOffer, RateSummary, Restrictions, RoomOffer,
    RoomSummary,
};
use crate::domain::draft::NightPrice;
use crate::domain::image::Image;
use crate::domain::loyalty::RateAccess;
use crate::domain::money::{Currency, Money};
use crate::domain::search::SearchCriteria;
use crate::domain::stay::{Occupancy, parse_iso_date};

#[async_trait]
pub trait AvailabilityApi: Send + Sync {
    /// What `property_id` offers for `criteria`, at the prices a guest with
    /// `access` gets (member rates for an eligible member).
    async fn offer(
        &self,
        ctx: &RequestContext,
        property_id: &str,
        criteria: &SearchCriteria,
        access: RateAccess,
    ) -> Result<Arc<PropertyOffer>, UpstreamError>;

    /// The same call, read only as far as a search result needs (public prices).
    async fn summary(
        &self,
        ctx: &RequestContext,
        property_id: &str,
        criteria: &SearchCriteria,
    ) -> Result<Arc<OfferSummary>, UpstreamError>;

    /// Arrival dates `from..to` (at most [`super::contract::CALENDAR_MAX_DAYS`]) for stays as long
    /// as the criteria's, for its party, at public prices: one call.
    async fn calendar(
        &self,
        ctx: &RequestContext,
        property_id: &str,
        from: Date,
        to: Date,
        criteria: &SearchCriteria,
    ) -> Result<Arc<Calendar>, UpstreamError>;
}

/// What a search result reads of an availability answer. Descriptions, nightly
/// prices and cancellation terms are skipped while decoding: allocating them
/// was most of the cost of a search page.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
struct AvailabilitySummaryDto {
    /// `None`: a string that is not a currency code (refused by [`summary_of`]).
    #[serde(deserialize_with = "currency_code")]
    currency: Option<Currency>,
    restrictions: RestrictionsDto,
    room_types: Vec<RoomSummaryDto>,
    #[serde(default)]
    promo: Option<PromoStatusDto>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RoomSummaryDto {
    id: String,
    name: String,
    max_occupancy: u8,
    units_left: u32,
    #[serde(deserialize_with = "rate_plans")]
    rate_plans: Vec<RateTotalDto>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RateTotalDto {
    total: i64,
    refundable: bool,
    breakfast_included: bool,
}

/// What a search result reads of a promo code's outcome.
#[derive(Debug, Clone, Copy, Deserialize)]
struct PromoStatusDto {
    status: PromoStatus,
}

/// A currency code read from the string in place, without a `String` of its own.
fn currency_code<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Currency>, D::Error> {
    crate::domain::parsed::parse_in_place(d, "a currency code", Currency::parse)
}

/// A room's rate plans into a `Vec` with room for the usual few: serde_json
/// cannot tell how long an array is, so serde's own `Vec` starts empty and
/// grows by doubling (five plans: an allocation and a reallocation).
fn rate_plans<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<RateTotalDto>, D::Error> {
    struct Plans;
    impl<'de> Visitor<'de> for Plans {
        type Value = Vec<RateTotalDto>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a list of rate plans")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut plans = Vec::with_capacity(8);
            while let Some(plan) = seq.next_element()? {
                plans.push(plan);
            }
            Ok(plans)
        }
    }
    d.deserialize_seq(Plans)
}

pub struct HttpAvailability {
    upstream: HttpUpstream,
    /// Full offers (property page, draft) and summaries (search) are read
    /// differently from the same URL, so each has its own cache.
    full: FreshCache<PropertyOffer>,
    summaries: FreshCache<OfferSummary>,
    calendars: FreshCache<Calendar>,
}

/// Bytes of upstream answers each cache may hold (an aurora-lisbon answer is
/// about 5 KB, so some 800 searches' worth): memory stays bounded whatever the
/// spread of searches.
const CACHE_BYTES: u64 = 4 * 1024 * 1024;

impl HttpAvailability {
    pub fn new(upstream: HttpUpstream) -> Self {
        Self {
            upstream,
            full: FreshCache::new(CACHE_BYTES),
            summaries: FreshCache::new(CACHE_BYTES),
            calendars: FreshCache::new(CACHE_BYTES),
        }
    }
}

/// The query of an availability call for `criteria`: the pairs
/// [`AvailabilityQuery`] serialises to, in its order, written straight into
/// the URL without the intermediate strings (a test holds the two to the same
/// bytes).
fn write_query(q: &mut QueryWriter<'_>, criteria: &SearchCriteria, member: bool) {
    let mut value = String::with_capacity(32);
    let mut pair = |q: &mut QueryWriter<'_>, name: &str, args: fmt::Arguments<'_>| {
        value.clear();
        // Writing into a String cannot fail.
        let _ = value.write_fmt(args);
        q.append_pair(name, &value);
    };
    let occupancy = &criteria.occupancy;
    pair(q, "checkin", format_args!("{}", criteria.stay.checkin()));
    pair(q, "checkout", format_args!("{}", criteria.stay.checkout()));
    pair(q, "adults", format_args!("{}", occupancy.adults()));
    pair(q, "children", format_args!("{}", Ages(occupancy)));
    pair(q, "rooms", format_args!("{}", occupancy.rooms()));
    pair(q, "occupancy", format_args!("{}", Wire(occupancy)));
    if let Some(promo) = &criteria.promo {
        q.append_pair("promo", promo.as_str());
    }
    if member {
        q.append_pair("member", "true");
    }
}

/// [`Occupancy::children_csv`], written where it goes.
struct Ages<'a>(&'a Occupancy);

impl fmt::Display for Ages<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ages = self.0.parties().iter().flat_map(|p| p.children());
        for (i, age) in ages.enumerate() {
            if i > 0 {
                f.write_char(',')?;
            }
            write!(f, "{age}")?;
        }
        Ok(())
    }
}

/// [`Occupancy::wire`], written where it goes.
struct Wire<'a>(&'a Occupancy);

impl fmt::Display for Wire<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, party) in self.0.parties().iter().enumerate() {
            if i > 0 {
                f.write_char('|')?;
            }
            write!(f, "{}", party.adults())?;
            for age in party.children() {
                write!(f, ",{age}")?;
            }
        }
        Ok(())
    }
}

impl From<&SearchCriteria> for AvailabilityQuery {
    fn from(c: &SearchCriteria) -> Self {
        Self {
            checkin: c.stay.checkin().to_string(),
            checkout: c.stay.checkout().to_string(),
            adults: c.occupancy.adults(),
            children: c.occupancy.children_csv(),
            rooms: c.occupancy.rooms(),
            occupancy: Some(c.occupancy.wire()),
            promo: c.promo.as_ref().map(|p| p.as_str().to_owned()),
            member: None,
        }
    }
}

#[async_trait]
impl AvailabilityApi for HttpAvailability {
    async fn offer(
        &self,
        ctx: &RequestContext,
        property_id: &str,
        criteria: &SearchCriteria,
        access: RateAccess,
    ) -> Result<Arc<PropertyOffer>, UpstreamError> {
        let target = self.upstream.target(ctx, format_args!("/v1/properties/{property_id}/availability"), |q| {
            write_query(q, criteria, access.is_member());
        });
        self.upstream.get_target_as(ctx, &target, &self.full, offer_of).await
    }

    async fn summary(
        &self,
        ctx: &RequestContext,
        property_id: &str,
        criteria: &SearchCriteria,
    ) -> Result<Arc<OfferSummary>, UpstreamError> {
        let target = self.upstream.target(ctx, format_args!("/v1/properties/{property_id}/availability"), |q| {
            write_query(q, criteria, false);
        });
        self.upstream.get_target_as(ctx, &target, &self.summaries, summary_of).await
    }

    async fn calendar(
        &self,
        ctx: &RequestContext,
        property_id: &str,
        from: Date,
        to: Date,
        criteria: &SearchCriteria,
    ) -> Result<Arc<Calendar>, UpstreamError> {
        let path = format!("/v1/properties/{property_id}/calendar");
        let query = CalendarQuery {
            from: from.to_string(),
            to: to.to_string(),
            nights: u32::try_from(criteria.stay.nights()).unwrap_or(1),
            adults: criteria.occupancy.adults(),
            children: criteria.occupancy.children_csv(),
            rooms: criteria.occupancy.rooms(),
            occupancy: Some(criteria.occupancy.wire()),
        };
        self.upstream.get_fresh_as(ctx, &path, &query, &self.calendars, calendar_of).await
    }
}

fn calendar_of(dto: CalendarDto) -> Result<Calendar, UpstreamError> {
    let currency = currency_of(&dto.currency)?;
    let days = dto
        .days
        .into_iter()
        .map(|d| {
            Some(CalendarDay {
                arrival: parse_iso_date(&d.date)?,
                restrictions: restrictions_of(&d.restrictions),
                from_total: d.from_total.map(|total| Money::new(total, currency)),
            })
        })
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| bad("a calendar answer with an invalid date"))?;
    Ok(Calendar { currency, nights: dto.nights, days })
}

fn bad(what: &str) -> UpstreamError {
    UpstreamError::Decode(Upstream::Availability, what.to_owned())
}

fn currency_of(raw: &str) -> Result<Currency, UpstreamError> {
    Currency::parse(raw).ok_or_else(|| bad("an availability answer with an invalid currency"))
}

fn restrictions_of(dto: &RestrictionsDto) -> Restrictions {
    Restrictions { closed_to_arrival: dto.closed_to_arrival, min_stay: dto.min_stay }
}

fn offer_of(dto: AvailabilityDto) -> Result<PropertyOffer, UpstreamError> {
    let currency = currency_of(&dto.currency)?;
    let m = |amount| Money::new(amount, currency);
    let rate = |rp: RatePlanDto| -> Result<RateOffer, UpstreamError> {
        let nightly = rp
            .nightly
            .iter()
            .map(|n| Some(NightPrice { date: parse_iso_date(&n.date)?, amount: m(n.amount) }))
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| bad("an availability answer with an invalid night"))?;
        let total = m(rp.total);
        let payment = super::pricing::payment_terms(
            rp.payment_policy,
            total,
            rp.due_now,
            rp.due_at_hotel,
            nightly.first().map(|n| n.amount),
        )
        .ok_or_else(|| bad("an availability answer whose payment terms do not add up"))?
        .unwrap_or_else(|| crate::domain::payment_policy::PaymentTerms::full(total));
        Ok(RateOffer {
            id: rp.id,
            name: rp.name,
            refundable: rp.refundable,
            breakfast_included: rp.breakfast_included,
            cancellation_policy: rp.cancellation_policy,
            nightly,
            room_total: m(rp.room_total),
            taxes: m(rp.taxes),
            fees: m(rp.fees),
            total: m(rp.total),
            member_rate: rp.member_rate,
            promo_discount: m(rp.promo_discount),
            negotiated: rp.negotiated,
            payment,
        })
    };
    let rooms = dto
        .room_types
        .into_iter()
        .map(|r| {
            let images = room_images(&r.id, &r.images);
            Ok(RoomOffer {
                images,
                rates: r.rate_plans.into_iter().map(rate).collect::<Result<_, _>>()?,
                id: r.id,
                name: r.name,
                description: r.description,
                max_occupancy: r.max_occupancy,
                bedding: r.bedding,
                size_sqm: r.size_sqm,
                units_left: r.units_left,
            })
        })
        .collect::<Result<_, UpstreamError>>()?;
    Ok(PropertyOffer {
        currency,
        restrictions: restrictions_of(&dto.restrictions),
        rooms,
        promo: dto.promo.as_ref().map(promo_of),
    })
}

/// Photos a room type shows at most.
pub const MAX_ROOM_IMAGES: usize = 4;

/// A room type's valid photos; an invalid one is left out with a warning once
/// per upstream answer (the converted answer is what the cache keeps).
fn room_images(room: &str, images: &[ImageDto]) -> Vec<Image> {
    images
        .iter()
        .filter_map(|dto| {
            dto.parse()
                .map_err(|e| {
                    let url: String = dto.variants.first().map_or("", |v| v.url.as_str()).chars().take(200).collect();
                    tracing::warn!(room, url, error = %e, "availability: photo left out");
                })
                .ok()
        })
        .take(MAX_ROOM_IMAGES)
        .collect()
}

fn promo_of(dto: &PromoDto) -> PromoOutcome {
    promo_outcome(dto.status)
}

fn promo_outcome(status: PromoStatus) -> PromoOutcome {
    match status {
        PromoStatus::Applied => PromoOutcome::Applied,
        PromoStatus::Expired => PromoOutcome::Expired,
        PromoStatus::Unknown => PromoOutcome::Unknown,
    }
}

fn summary_of(dto: AvailabilitySummaryDto) -> Result<OfferSummary, UpstreamError> {
    let currency = dto.currency.ok_or_else(|| bad("an availability answer with an invalid currency"))?;
    let rooms = dto
        .room_types
        .into_iter()
        .map(|r| RoomSummary {
            // By value, so the plans' buffer is reused for the summaries.
            rates: r
                .rate_plans
                .into_iter()
                .map(|rp| RateSummary {
                    total: Money::new(rp.total, currency),
                    refundable: rp.refundable,
                    breakfast_included: rp.breakfast_included,
                })
                .collect(),
            id: r.id,
            name: r.name,
            max_occupancy: r.max_occupancy,
            units_left: r.units_left,
        })
        .collect();
    Ok(OfferSummary {
        currency,
        restrictions: restrictions_of(&dto.restrictions),
        rooms,
        promo: dto.promo.map(|p| promo_outcome(p.status)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_summary_reads_the_full_contract() {
        let full = r#"{"propertyId":"p","currency":"EUR","checkin":"2026-12-27","checkout":"2026-12-28","nights":1,
            "restrictions":{"closedToArrival":false,"minStay":2},
            "roomTypes":[{"id":"r","name":"Room","description":"d","maxOccupancy":2,"bedding":"b","sizeSqm":20,
            "unitsLeft":3,"ratePlans":[{"id":"flex","name":"Flexible","refundable":true,"breakfastIncluded":false,
            "cancellationPolicy":"c","nightly":[{"date":"2026-12-27","amount":100}],"roomTotal":100,"taxes":10,
            "fees":0,"total":110}]}]}"#;
        let summary = summary_of(serde_json::from_str(full).unwrap()).unwrap();
        assert_eq!(summary.restrictions.min_stay, Some(2));
        assert_eq!(summary.rooms[0].units_left, 3);
        assert_eq!(summary.from_total(Default::default()).map(|m| m.amount), Some(110));
        // The full offer and the summary agree on the same body.
        let offer = offer_of(serde_json::from_str(full).unwrap()).unwrap();
        assert_eq!(offer.rooms[0].rates[0].total, summary.rooms[0].from_total(Default::default()).unwrap());
        assert_eq!(offer.rooms[0].rates[0].nightly[0].date.to_string(), "2026-12-27");
        assert_eq!(offer.bookability(1), crate::domain::availability::Bookability::MinStay(2));
    }

    fn criteria(parties: &[(u8, &[u8])], promo: Option<&str>) -> SearchCriteria {
        use crate::domain::stay::{RoomParty, Stay};
        let day = |d| jiff::civil::date(2026, 12, d);
        let rooms = parties.iter().map(|(adults, ages)| RoomParty::new(*adults, ages.to_vec()).unwrap()).collect();
        SearchCriteria {
            stay: Stay::new(day(27), day(30), day(1)).unwrap(),
            occupancy: Occupancy::of_rooms(rooms).unwrap(),
            promo: promo.map(|p| crate::domain::search::PromoCode::parse(p).unwrap()),
        }
    }

    #[test]
    fn the_query_is_written_as_the_contract_serialises_it() {
        let cases = [
            criteria(&[(2, &[])], None),
            criteria(&[(2, &[7])], Some("SPRING25")),
            criteria(&[(2, &[7, 12]), (1, &[]), (3, &[0])], Some("corp-acme")),
        ];
        for c in &cases {
            for member in [false, true] {
                let mut expected = AvailabilityQuery::from(c);
                expected.member = member.then_some(true);
                let mut written = String::new();
                let mut q = form_urlencoded::Serializer::for_suffix(&mut written, 0);
                write_query(&mut q, c, member);
                q.finish();
                assert_eq!(written, serde_urlencoded::to_string(&expected).unwrap());
            }
        }
    }

    const ROOM: &str = r#"{"id":"r","name":"Room","maxOccupancy":2,"unitsLeft":3,"ratePlans":[RATE]}"#;
    const RATE: &str = r#"{"id":"flex","total":110,"refundable":true,"breakfastIncluded":false,"nightly":[]}"#;

    fn summary(currency: &str, rate: &str, promo: &str) -> Result<OfferSummary, String> {
        let body = format!(
            r#"{{"currency":{currency},"restrictions":{{"closedToArrival":false,"minStay":null}},"roomTypes":[{}]{promo}}}"#,
            ROOM.replace("RATE", rate)
        );
        let dto: AvailabilitySummaryDto = serde_json::from_str(&body).map_err(|e| e.to_string())?;
        summary_of(dto).map_err(|e| e.to_string())
    }

    #[test]
    fn a_summary_reads_totals_currency_and_promo_status() {
        let s = summary(r#""eur""#, RATE, r#","promo":{"code":"X","status":"expired","kind":"discount"}"#).unwrap();
        assert_eq!(s.currency, Currency::parse("EUR").unwrap());
        assert_eq!(
            s.rooms[0].rates,
            [RateSummary { total: Money::new(110, s.currency), refundable: true, breakfast_included: false }]
        );
        assert_eq!(s.promo, Some(PromoOutcome::Expired));
        assert_eq!(summary(r#""EUR""#, RATE, "").unwrap().promo, None);
    }

    #[test]
    fn a_summary_refuses_what_it_reads_when_missing_or_mistyped() {
        assert!(summary(r#""EURO""#, RATE, "").unwrap_err().contains("invalid currency"));
        assert!(summary("978", RATE, "").is_err());
        assert!(summary("null", RATE, "").is_err());
        assert!(summary(r#""EUR""#, &RATE.replace(r#""total":110,"#, ""), "").is_err());
        assert!(summary(r#""EUR""#, &RATE.replace("110", r#""110""#), "").is_err());
        assert!(summary(r#""EUR""#, &RATE.replace("true", "1"), "").is_err());
        assert!(summary(r#""EUR""#, RATE, r#","promo":{"code":"X"}"#).is_err());
        assert!(summary(r#""EUR""#, RATE, r#","promo":{"status":"half-off"}"#).is_err());
    }
}
