//! The search form: raw guest input in, a [`SearchCriteria`] or per-field
//! messages out. The raw form is kept so a page with errors shows what the guest
//! typed.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::FieldErrors;
use super::msg::Msg;
use super::stay::{MAX_ROOMS, Occupancy, OccupancyError, RoomParty, Stay, StayError, parse_iso_date};

/// What the guest sent, untouched. Every field is a string so that nothing they
/// typed is lost to a parse failure.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, from = "SearchFormWire")]
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
    /// Each room's party as typed, room 1 first; empty for the old form
    /// (`adults`, `children`, `rooms` split evenly).
    pub parties: Vec<PartyForm>,
}

/// One room's party as the guest typed it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PartyForm {
    #[serde(deserialize_with = "lenient_string")]
    pub adults: String,
    /// Children's ages, comma-separated.
    #[serde(deserialize_with = "lenient_string")]
    pub children: String,
}

impl PartyForm {
    /// A room's link form, `r1=2,7`: its adults, then its children's ages.
    pub fn from_param(raw: &str) -> Self {
        match raw.split_once(',') {
            Some((adults, children)) => Self { adults: adults.trim().to_owned(), children: children.trim().to_owned() },
            None => Self { adults: raw.trim().to_owned(), children: String::new() },
        }
    }

    fn is_blank(&self) -> bool {
        self.adults.trim().is_empty() && self.children.trim().is_empty()
    }

    /// The field of this room's adults (`r1_adults`) and of its children's ages.
    pub fn fields(room: usize) -> (&'static str, &'static str) {
        ROOM_FIELDS.get(room).copied().unwrap_or(("rooms", "rooms"))
    }
}

/// Form fields of each room's adults and children's ages, room 1 first.
const ROOM_FIELDS: [(&str, &str); MAX_ROOMS as usize] = [
    ("r1_adults", "r1_children"),
    ("r2_adults", "r2_children"),
    ("r3_adults", "r3_children"),
    ("r4_adults", "r4_children"),
    ("r5_adults", "r5_children"),
];

/// How a search arrives: the old form, a link's `r1=2,7` for each room, a
/// form's `r1_adults` and `r1_children`, or JSON's
/// `rooms: [{adults, children: [ages]}]`.
#[derive(Default, Deserialize)]
#[serde(default)]
struct SearchFormWire {
    #[serde(deserialize_with = "lenient_string")]
    checkin: String,
    #[serde(deserialize_with = "lenient_string")]
    checkout: String,
    #[serde(deserialize_with = "lenient_string")]
    adults: String,
    #[serde(deserialize_with = "lenient_string")]
    children: String,
    rooms: RoomsField,
    #[serde(deserialize_with = "lenient_string")]
    promo: String,
    #[serde(deserialize_with = "lenient_string")]
    r1: String,
    #[serde(deserialize_with = "lenient_string")]
    r2: String,
    #[serde(deserialize_with = "lenient_string")]
    r3: String,
    #[serde(deserialize_with = "lenient_string")]
    r4: String,
    #[serde(deserialize_with = "lenient_string")]
    r5: String,
    #[serde(deserialize_with = "lenient_string")]
    r1_adults: String,
    #[serde(deserialize_with = "lenient_string")]
    r1_children: String,
    #[serde(deserialize_with = "lenient_string")]
    r2_adults: String,
    #[serde(deserialize_with = "lenient_string")]
    r2_children: String,
    #[serde(deserialize_with = "lenient_string")]
    r3_adults: String,
    #[serde(deserialize_with = "lenient_string")]
    r3_children: String,
    #[serde(deserialize_with = "lenient_string")]
    r4_adults: String,
    #[serde(deserialize_with = "lenient_string")]
    r4_children: String,
    #[serde(deserialize_with = "lenient_string")]
    r5_adults: String,
    #[serde(deserialize_with = "lenient_string")]
    r5_children: String,
}

/// The per-room parameters of a query or form, as they came.
#[derive(Debug, Default)]
pub struct RoomParams {
    /// `r1` to `r5`: a room's link form, `2,7`.
    pub links: [String; MAX_ROOMS as usize],
    /// `r1_adults` to `r5_adults`.
    pub adults: [String; MAX_ROOMS as usize],
    /// `r1_children` to `r5_children`.
    pub children: [String; MAX_ROOMS as usize],
}

impl RoomParams {
    /// The slot of a per-room parameter (`r1`, `r1_adults`, `r1_children`, up to
    /// room 5) and a number that tells each apart; `None` for any other key.
    pub fn slot(&mut self, key: &str) -> Option<(usize, &mut String)> {
        let rest = key.strip_prefix('r')?;
        let digit = rest.as_bytes().first().filter(|d| (b'1'..=b'0' + MAX_ROOMS).contains(d))?;
        let room = usize::from(digit - b'1');
        match &rest[1..] {
            "" => Some((room, &mut self.links[room])),
            "_adults" => Some((5 + room, &mut self.adults[room])),
            "_children" => Some((10 + room, &mut self.children[room])),
            _ => None,
        }
    }

    /// Each room's party as typed: a room's link form where given, else its
    /// two fields; trailing blank rooms dropped.
    pub fn into_parties(self) -> Vec<PartyForm> {
        let mut parties: Vec<PartyForm> = self
            .links
            .into_iter()
            .zip(self.adults.into_iter().zip(self.children))
            .map(|(link, (adults, children))| match link.trim() {
                "" => PartyForm { adults, children },
                link => PartyForm::from_param(link),
            })
            .collect();
        while parties.last().is_some_and(PartyForm::is_blank) {
            parties.pop();
        }
        parties
    }
}

/// `rooms` is a count (form, old JSON) or each room's party (JSON).
#[derive(Deserialize)]
#[serde(untagged)]
enum RoomsField {
    Parties(Vec<PartyForm>),
    Count(#[serde(deserialize_with = "lenient_string")] String),
}

impl Default for RoomsField {
    fn default() -> Self {
        Self::Count(String::new())
    }
}

impl From<SearchFormWire> for SearchForm {
    fn from(w: SearchFormWire) -> Self {
        let (rooms, mut parties) = match w.rooms {
            RoomsField::Parties(parties) => (parties.len().to_string(), parties),
            RoomsField::Count(count) => (count, Vec::new()),
        };
        if parties.is_empty() {
            parties = RoomParams {
                links: [w.r1, w.r2, w.r3, w.r4, w.r5],
                adults: [w.r1_adults, w.r2_adults, w.r3_adults, w.r4_adults, w.r5_adults],
                children: [w.r1_children, w.r2_children, w.r3_children, w.r4_children, w.r5_children],
            }
            .into_parties();
        }
        Self {
            checkin: w.checkin,
            checkout: w.checkout,
            adults: w.adults,
            children: w.children,
            rooms,
            promo: w.promo,
            parties,
        }
    }
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
            && self.parties.iter().all(PartyForm::is_blank)
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
        if !self.parties.is_empty() {
            return self.rooms_into(errors);
        }
        let adults = parse_count(&self.adults, 2, "adults", "field-adults-number", errors);
        let rooms = parse_count(&self.rooms, 1, "rooms", "field-rooms-number", errors);
        let children = parse_ages(&self.children, "children", errors);

        match (adults, rooms, children) {
            (Some(adults), Some(rooms), Some(children)) => match Occupancy::new(adults, children, rooms) {
                Ok(occupancy) => Some(occupancy),
                Err(e) => {
                    let field = match e {
                        OccupancyError::Rooms => "rooms",
                        OccupancyError::TooManyChildren | OccupancyError::ChildAge => "children",
                        _ => "adults",
                    };
                    errors.add(field, e.msg());
                    None
                }
            },
            _ => None,
        }
    }

    /// Each room's party: as many rooms as `rooms` says (as many as were given
    /// when it is blank), each message at the room's field.
    fn rooms_into(&self, errors: &mut FieldErrors) -> Option<Occupancy> {
        let count = parse_count(
            &self.rooms,
            self.parties.len().min(usize::from(MAX_ROOMS)) as u8,
            "rooms",
            "field-rooms-number",
            errors,
        )?;
        if !(1..=MAX_ROOMS).contains(&count) {
            errors.add("rooms", OccupancyError::Rooms.msg());
            return None;
        }
        let mut rooms = Vec::new();
        for room in 0..usize::from(count) {
            let (adults_field, children_field) = PartyForm::fields(room);
            let party = self.parties.get(room).cloned().unwrap_or_default();
            let adults = match party.adults.trim() {
                "" => {
                    errors.add(adults_field, Msg::new("field-room-adults-missing"));
                    None
                }
                raw => raw.parse::<u8>().ok().or_else(|| {
                    errors.add(adults_field, Msg::new("field-adults-number"));
                    None
                }),
            };
            let children = parse_ages(&party.children, children_field, errors);
            if let (Some(adults), Some(children)) = (adults, children) {
                match RoomParty::new(adults, children) {
                    Ok(party) => rooms.push(party),
                    Err(e @ (OccupancyError::TooManyChildren | OccupancyError::ChildAge)) => {
                        errors.add(children_field, e.msg())
                    }
                    Err(e) => errors.add(adults_field, e.msg()),
                }
            }
        }
        if rooms.len() != usize::from(count) {
            return None;
        }
        match Occupancy::of_rooms(rooms) {
            Ok(occupancy) => Some(occupancy),
            Err(e) => {
                errors.add("rooms", e.msg());
                None
            }
        }
    }

    /// The party fields of another form (the calendar's, the manage page's
    /// change) as a search form reads them, without dates or a code.
    pub fn party_only(adults: &str, children: &str, rooms: &str, parties: &[PartyForm]) -> Self {
        Self {
            adults: adults.to_owned(),
            children: children.to_owned(),
            rooms: rooms.to_owned(),
            parties: parties.to_vec(),
            ..Self::default()
        }
    }

    /// This form with one room more (the "add a room" button), the new room
    /// blank; everything typed kept. A form already at the most rooms is kept as it is.
    pub fn with_added_room(mut self) -> Self {
        if self.parties.is_empty() {
            self.parties = match self.occupancy_into(&mut FieldErrors::new()) {
                Some(o) => o.parties().iter().map(PartyForm::from).collect(),
                None => vec![PartyForm { adults: self.adults.clone(), children: self.children.clone() }],
            };
        }
        let count = self.rooms.trim().parse::<usize>().unwrap_or(self.parties.len()).max(self.parties.len());
        if count < usize::from(MAX_ROOMS) {
            self.parties.resize(count + 1, PartyForm::default());
            self.rooms = (count + 1).to_string();
        }
        self
    }

    /// The rooms a form shows: each typed room, up to the room count (at
    /// least one), blank where none was typed; the old form's party as its
    /// rooms split it.
    pub fn room_rows(&self) -> Vec<RoomRow> {
        let typed = self.rooms.trim().parse::<usize>().ok().filter(|n| (1..=usize::from(MAX_ROOMS)).contains(n));
        let count = typed.unwrap_or(self.parties.len()).clamp(1, usize::from(MAX_ROOMS));
        let rooms = if self.parties.is_empty() {
            match self.occupancy_into(&mut FieldErrors::new()) {
                Some(o) => o.parties().iter().map(PartyForm::from).collect(),
                None => {
                    let mut rooms = vec![PartyForm { adults: self.adults.clone(), children: self.children.clone() }];
                    rooms.resize(count, PartyForm::default());
                    rooms
                }
            }
        } else {
            let mut rooms = self.parties.clone();
            rooms.resize(count, PartyForm::default());
            rooms
        };
        rooms
            .into_iter()
            .enumerate()
            .map(|(i, p)| {
                let (adults_field, children_field) = PartyForm::fields(i);
                RoomRow { number: i + 1, adults_field, children_field, adults: p.adults, children: p.children }
            })
            .collect()
    }

    /// The hidden fields that carry this form's party to the next form (a
    /// rate's "Select"): each room's link form, or the old form's fields.
    pub fn party_fields(&self) -> Vec<(String, String)> {
        if self.parties.is_empty() {
            return vec![
                ("adults".into(), self.adults.clone()),
                ("children".into(), self.children.clone()),
                ("rooms".into(), self.rooms.clone()),
            ];
        }
        std::iter::once(("rooms".to_owned(), self.rooms.clone()))
            .chain(self.parties.iter().enumerate().map(|(i, p)| {
                let link = match p.children.trim() {
                    "" => p.adults.trim().to_owned(),
                    ages => format!("{},{ages}", p.adults.trim()),
                };
                (format!("r{}", i + 1), link)
            }))
            .collect()
    }
}

/// One room of the party fields, as a form shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoomRow {
    /// 1 for the first room.
    pub number: usize,
    pub adults_field: &'static str,
    pub children_field: &'static str,
    pub adults: String,
    pub children: String,
}

impl From<&RoomParty> for PartyForm {
    fn from(p: &RoomParty) -> Self {
        Self { adults: p.adults().to_string(), children: p.children_csv() }
    }
}

impl SearchCriteria {
    /// The query string of a link to these criteria (`checkin=…&checkout=…&rooms=…`,
    /// then each room's `r1=…`, and `promo` where set), form-encoded: the one way
    /// every page and redirect writes a search.
    pub fn query(&self) -> String {
        let mut q = form_urlencoded::Serializer::new(String::new());
        q.append_pair("checkin", &self.stay.checkin().to_string());
        q.append_pair("checkout", &self.stay.checkout().to_string());
        for (key, value) in self.occupancy.params() {
            q.append_pair(&key, &value);
        }
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
            parties: c.occupancy.parties().iter().map(PartyForm::from).collect(),
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

fn parse_ages(raw: &str, field: &'static str, errors: &mut FieldErrors) -> Option<Vec<u8>> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Some(Vec::new());
    }
    if raw.len() > 64 {
        errors.add(field, Msg::new("field-children-ages-too-many"));
        return None;
    }
    let ages: Result<Vec<u8>, _> = raw.split(',').map(|a| a.trim().parse::<u8>()).collect();
    match ages {
        Ok(ages) => Some(ages),
        Err(_) => {
            errors.add(field, Msg::new("field-children-ages-format"));
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
            parties: Vec::new(),
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

    fn per_room(query: &str) -> SearchForm {
        serde_urlencoded::from_str(query).unwrap()
    }

    #[test]
    fn reads_each_rooms_party_from_a_link() {
        let c =
            per_room("checkin=2026-12-01&checkout=2026-12-03&rooms=2&r1=2,7&r2=1").parse(date(2026, 11, 26)).unwrap();
        assert_eq!(c.occupancy.wire(), "2,7|1");
        assert_eq!(c.query(), "checkin=2026-12-01&checkout=2026-12-03&rooms=2&r1=2%2C7&r2=1");
    }

    #[test]
    fn reads_each_rooms_party_from_form_fields_and_json() {
        let form = per_room("checkin=2026-12-01&checkout=2026-12-03&rooms=2&r1_adults=2&r1_children=7&r2_adults=1");
        let json: SearchForm = serde_json::from_str(
            r#"{"checkin":"2026-12-01","checkout":"2026-12-03","rooms":[{"adults":2,"children":[7]},{"adults":1}]}"#,
        )
        .unwrap();
        let today = date(2026, 11, 26);
        assert_eq!(form.parse(today).unwrap().occupancy.wire(), "2,7|1");
        assert_eq!(json.parse(today).unwrap().occupancy.wire(), "2,7|1");
    }

    #[test]
    fn each_rooms_message_is_at_its_field() {
        let today = date(2026, 11, 26);
        let cases = [
            ("rooms=2&r1=2,7", "r2_adults"),
            ("r1=x", "r1_adults"),
            ("r1=2,x", "r1_children"),
            ("r2=0", "r2_adults"),
            ("r1=2,18", "r1_children"),
            ("rooms=9&r1=2", "rooms"),
            ("r1=10", "r1_adults"),
            ("r1=2,1,1,1,1,1,1,1,1,1", "r1_children"),
        ];
        for (query, field) in cases {
            let errors = per_room(&format!("checkin=2026-12-01&checkout=2026-12-03&{query}")).parse(today).unwrap_err();
            assert!(errors.get(field).is_some(), "{query} should fail at {field}: {errors:?}");
        }
    }

    #[test]
    fn adding_a_room_keeps_what_was_typed() {
        let form = per_room("checkin=2026-12-01&rooms=1&r1_adults=2&r1_children=7").with_added_room();
        let rows = form.room_rows();
        assert_eq!(rows.len(), 2);
        assert_eq!((rows[0].adults.as_str(), rows[0].children.as_str()), ("2", "7"));
        assert_eq!(rows[1].adults, "");
        assert_eq!(form.checkin, "2026-12-01");
    }

    proptest::proptest! {
        #[test]
        fn no_form_panics(query in "[a-z0-9_=&,%|]{0,120}") {
            if let Ok(form) = serde_urlencoded::from_str::<SearchForm>(&query) {
                let _ = form.parse(date(2026, 11, 26));
                let _ = form.clone().with_added_room().room_rows();
                let _ = form.party_fields();
            }
        }
    }

    #[test]
    fn round_trips_through_the_form() {
        let c = form("2026-12-01", "2026-12-03", "3", "4,9", "2").parse(date(2026, 11, 26)).unwrap();
        assert_eq!(SearchForm::from(&c).parse(date(2026, 11, 26)).unwrap(), c);
    }
}
