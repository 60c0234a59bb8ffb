//! A room type and rate plan per room when a draft starts: JSON's
//! `rooms: [{adults, children, roomTypeId, ratePlanId}]` (each room's pick
//! beside its party, in the search's order), or a form's `r1_room_type` /
//! `r1_rate_plan` … `r5_…`. Without them, `room_type` and `rate_plan` are
//! every room's pick, as before.

use serde::Deserialize;
use serde_json::{Map, Value};

use crate::domain::search::SearchForm;
use crate::domain::stay::MAX_ROOMS;

/// What a "Select" form or the app sends, as it came.
#[derive(Default, Deserialize)]
#[serde(default)]
pub(super) struct SelectWire {
    property: String,
    room_type: String,
    rate_plan: String,
    #[serde(flatten)]
    rest: Map<String, Value>,
}

impl From<SelectWire> for super::SelectRequest {
    fn from(w: SelectWire) -> Self {
        let picks = picks_of(&w.rest);
        let stay = SearchForm::deserialize(Value::Object(w.rest)).unwrap_or_default();
        Self { property: w.property, room_type: w.room_type, rate_plan: w.rate_plan, stay, room_picks: picks }
    }
}

/// Each room's pick, room 1 first; empty when none is given. A room
/// without one is an empty pick (refused as no room chosen).
fn picks_of(fields: &Map<String, Value>) -> Vec<(String, String)> {
    let text = |v: Option<&Value>| match v {
        Some(Value::String(s)) => s.trim().to_owned(),
        _ => String::new(),
    };
    if let Some(Value::Array(rooms)) = fields.get("rooms") {
        let picks: Vec<(String, String)> = rooms
            .iter()
            .take(usize::from(MAX_ROOMS) + 1)
            .map(|r| (text(r.get("roomTypeId")), text(r.get("ratePlanId"))))
            .collect();
        return if picks.iter().all(|(a, b)| a.is_empty() && b.is_empty()) { Vec::new() } else { picks };
    }
    let mut picks: Vec<(String, String)> = (1..=MAX_ROOMS)
        .map(|n| (text(fields.get(&format!("r{n}_room_type"))), text(fields.get(&format!("r{n}_rate_plan")))))
        .collect();
    while picks.last().is_some_and(|(a, b)| a.is_empty() && b.is_empty()) {
        picks.pop();
    }
    picks
}

#[cfg(test)]
mod tests {
    fn select(json: &str) -> crate::http::draft::SelectRequest {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn json_rooms_carry_each_rooms_pick_beside_its_party() {
        let req = select(
            r#"{"property":"p","checkin":"2030-01-02","checkout":"2030-01-03",
                "rooms":[{"adults":2,"children":[7],"roomTypeId":"a","ratePlanId":"x"},{"adults":1,"roomTypeId":"b","ratePlanId":"y"}]}"#,
        );
        assert_eq!(req.room_picks, vec![("a".into(), "x".into()), ("b".into(), "y".into())]);
        assert_eq!(req.stay.parties.len(), 2);
        assert_eq!(req.stay.parties[0].children, "7");
    }

    #[test]
    fn the_old_body_has_no_picks() {
        let req = select(r#"{"property":"p","roomType":"a","room_type":"a","rate_plan":"x","rooms":2,"adults":4}"#);
        assert!(req.room_picks.is_empty());
        assert_eq!(req.stay.rooms, "2");
    }

    #[test]
    fn forms_name_each_rooms_pick() {
        let req: crate::http::draft::SelectRequest = serde_urlencoded::from_str(
            "property=p&rooms=2&r1=2,7&r2=1&r1_room_type=a&r1_rate_plan=x&r2_room_type=b&r2_rate_plan=y",
        )
        .unwrap();
        assert_eq!(req.room_picks, vec![("a".into(), "x".into()), ("b".into(), "y".into())]);
        assert_eq!(req.stay.parties.len(), 2);
    }
}
