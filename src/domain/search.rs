//! The search form: raw guest input in, a [`SearchCriteria`] or per-field
//! messages out. The raw form is kept so a page with errors shows what the guest
//! typed.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::FieldErrors;
use super::msg::Msg;
use super::stay::{Occupancy, Stay, StayError, parse_iso_date};

/// What the guest sent, untouched. Every field is a string so that nothing they
/// typed is lost to a parse failure.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SearchForm {
    #[serde(deserialize_with = "lenient_string")]
    pub checkin: String,
    #[serde(deserialize_with = "lenient_string")]
    pub checkout: String,
    #[serde(deserialize_with = "lenient_string")]
    pub adults: String,
    #[serde(deserialize_with = "lenient_string")]
    pub children: String,
    #[serde(deserialize_with = "lenient_string")]
    pub rooms: String,
    #[serde(deserialize_with = "lenient_string")]
    pub promo: String,
}

/// Accepts a string, a number, a list of numbers (children's ages) or null, as
/// the JSON app may send `"adults": 2` or `"children": [4, 9]` where a form sends
/// text. Whatever arrives is kept as text, so validation can quote it back.
pub fn lenient_string<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Loose {
        Text(String),
        Int(i64),
        Float(f64),
        List(Vec<serde_json::Value>),
        Null(()),
    }
    Ok(match Loose::deserialize(d)? {
        Loose::Text(s) => s,
        Loose::Int(n) => n.to_string(),
        Loose::Float(n) => n.to_string(),
        Loose::List(items) => items
            .iter()
            .map(|v| match v {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .collect::<Vec<_>>()
            .join(","),
        Loose::Null(()) => String::new(),
    })
}

/// A promotional code: 1–20 of `[A-Z0-9-]`, stored upper-case.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PromoCode(String);

impl PromoCode {
    pub fn parse(raw: &str) -> Option<Self> {
        let raw = raw.trim();
        let ok = (1..=20).contains(&raw.len()) && raw.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
        ok.then(|| Self(raw.to_ascii_uppercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SearchCriteria {
    pub stay: Stay,
    pub occupancy: Occupancy,
    pub promo: Option<PromoCode>,
}

impl SearchForm {
    /// True when the guest has not started a search yet (a bare landing).
    pub fn is_blank(&self) -> bool {
        [&self.checkin, &self.checkout, &self.adults, &self.children, &self.rooms, &self.promo]
            .iter()
            .all(|v| v.trim().is_empty())
    }

    /// Parses the form; `today` is the earliest "today" across the properties
    /// searched (so a guest in the furthest-west time zone can still book tonight).
    pub fn parse(&self, today: Date) -> Result<SearchCriteria, FieldErrors> {
        let mut errors = FieldErrors::new();

        let checkin = match self.checkin.trim() {
            "" => {
                errors.add("checkin", Msg::new("field-checkin-missing"));
                None
            }
            raw => parse_iso_date(raw).or_else(|| {
                errors.add("checkin", Msg::new("field-checkin-format"));
                None
            }),
        };
        let checkout = match self.checkout.trim() {
            "" => {
                errors.add("checkout", Msg::new("field-checkout-missing"));
                None
            }
            raw => parse_iso_date(raw).or_else(|| {
                errors.add("checkout", Msg::new("field-checkout-format"));
                None
            }),
        };
        if let Some(checkin) = checkin.filter(|c| *c < today) {
            let _ = checkin;
            errors.add("checkin", StayError::CheckinInPast.msg());
        }
        let stay = match (checkin, checkout) {
            (Some(checkin), Some(checkout)) => match Stay::new(checkin, checkout, today) {
                Ok(stay) => Some(stay),
                Err(e @ (StayError::CheckinInPast | StayError::TooFarAhead)) => {
                    errors.add("checkin", e.msg());
                    None
                }
                Err(e) => {
                    errors.add("checkout", e.msg());
                    None
                }
            },
            _ => None,
        };

        let occupancy = self.occupancy_into(&mut errors);

        let promo = match self.promo.trim() {
            "" => None,
            raw => PromoCode::parse(raw).or_else(|| {
                errors.add("promo", Msg::new("field-promo-format"));
                None
            }),
        };

        match (stay, occupancy) {
            (Some(stay), Some(occupancy)) if errors.is_empty() => Ok(SearchCriteria { stay, occupancy, promo }),
            _ => Err(errors),
        }
    }

    /// The party alone (adults, children's ages, rooms; blank adults is 2 and
    /// blank rooms is 1), for a page that asks for no dates (the price calendar).
    pub fn parse_occupancy(&self) -> Result<Occupancy, FieldErrors> {
        let mut errors = FieldErrors::new();
        match self.occupancy_into(&mut errors) {
            Some(occupancy) if errors.is_empty() => Ok(occupancy),
            _ => Err(errors),
        }
    }

    fn occupancy_into(&self, errors: &mut FieldErrors) -> Option<Occupancy> {
        let adults = parse_count(&self.adults, 2, "adults", "field-adults-number", errors);
        let rooms = parse_count(&self.rooms, 1, "rooms", "field-rooms-number", errors);
        let children = parse_ages(&self.children, errors);

        match (adults, rooms, children) {
            (Some(adults), Some(rooms), Some(children)) => match Occupancy::new(adults, children, rooms) {
                Ok(occupancy) => Some(occupancy),
                Err(e) => {
                    let field = match e {
                        super::stay::OccupancyError::Rooms => "rooms",
                        super::stay::OccupancyError::TooManyChildren | super::stay::OccupancyError::ChildAge => {
                            "children"
                        }
                        _ => "adults",
                    };
                    errors.add(field, e.msg());
                    None
                }
            },
            _ => None,
        }
    }
}

impl SearchCriteria {
    /// The query string of a link to these criteria (`checkin=…&checkout=…&adults=…`,
    /// then `children`, `rooms` and `promo` where set), form-encoded: the one way
    /// every page and redirect writes a search.
    pub fn query(&self) -> String {
        let mut q = form_urlencoded::Serializer::new(String::new());
        q.append_pair("checkin", &self.stay.checkin().to_string());
        q.append_pair("checkout", &self.stay.checkout().to_string());
        q.append_pair("adults", &self.occupancy.adults().to_string());
        let children = self.occupancy.children_csv();
        if !children.is_empty() {
            q.append_pair("children", &children);
        }
        q.append_pair("rooms", &self.occupancy.rooms().to_string());
        if let Some(promo) = &self.promo {
            q.append_pair("promo", promo.as_str());
        }
        q.finish()
    }
}

impl From<&SearchCriteria> for SearchForm {
    fn from(c: &SearchCriteria) -> Self {
        Self {
            checkin: c.stay.checkin().to_string(),
            checkout: c.stay.checkout().to_string(),
            adults: c.occupancy.adults().to_string(),
            children: c.occupancy.children_csv(),
            rooms: c.occupancy.rooms().to_string(),
            promo: c.promo.as_ref().map(|p| p.as_str().to_owned()).unwrap_or_default(),
        }
    }
}

fn parse_count(
    raw: &str,
    default: u8,
    field: &'static str,
    message: &'static str,
    errors: &mut FieldErrors,
) -> Option<u8> {
    match raw.trim() {
        "" => Some(default),
        raw => match raw.parse::<u8>() {
            Ok(n) => Some(n),
            Err(_) => {
                errors.add(field, Msg::new(message));
                None
            }
        },
    }
}

fn parse_ages(raw: &str, errors: &mut FieldErrors) -> Option<Vec<u8>> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Some(Vec::new());
    }
    if raw.len() > 64 {
        errors.add("children", Msg::new("field-children-ages-too-many"));
        return None;
    }
    let ages: Result<Vec<u8>, _> = raw.split(',').map(|a| a.trim().parse::<u8>()).collect();
    match ages {
        Ok(ages) => Some(ages),
        Err(_) => {
            errors.add("children", Msg::new("field-children-ages-format"));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn form(checkin: &str, checkout: &str, adults: &str, children: &str, rooms: &str) -> SearchForm {
        SearchForm {
            checkin: checkin.into(),
            checkout: checkout.into(),
            adults: adults.into(),
            children: children.into(),
            rooms: rooms.into(),
            promo: String::new(),
        }
    }

    #[test]
    fn parses_a_valid_search_with_defaults() {
        let c = form("2026-12-01", "2026-12-03", "", "", "").parse(date(2026, 11, 26)).unwrap();
        assert_eq!(c.stay.nights(), 2);
        assert_eq!(c.occupancy.adults(), 2);
        assert_eq!(c.occupancy.rooms(), 1);
    }

    #[test]
    fn reports_each_bad_field() {
        let today = date(2026, 11, 26);
        let cases: &[(SearchForm, &str)] = &[
            (form("", "2026-12-03", "2", "", "1"), "checkin"),
            (form("12/01/2026", "2026-12-03", "2", "", "1"), "checkin"),
            (form("2026-11-01", "2026-11-03", "2", "", "1"), "checkin"),
            (form("2026-12-03", "2026-12-01", "2", "", "1"), "checkout"),
            (form("2026-12-01", "2027-01-05", "2", "", "1"), "checkout"),
            (form("2026-12-01", "2026-12-03", "0", "", "1"), "adults"),
            (form("2026-12-01", "2026-12-03", "x", "", "1"), "adults"),
            (form("2026-12-01", "2026-12-03", "2", "4,18", "1"), "children"),
            (form("2026-12-01", "2026-12-03", "2", "four", "1"), "children"),
            (form("2026-12-01", "2026-12-03", "2", "", "6"), "rooms"),
        ];
        for (f, field) in cases {
            let errors = f.parse(today).unwrap_err();
            assert!(errors.get(field).is_some(), "{f:?} should fail on {field}: {errors:?}");
        }
    }

    #[test]
    fn round_trips_through_the_form() {
        let c = form("2026-12-01", "2026-12-03", "3", "4,9", "2").parse(date(2026, 11, 26)).unwrap();
        assert_eq!(SearchForm::from(&c).parse(date(2026, 11, 26)).unwrap(), c);
    }
}
