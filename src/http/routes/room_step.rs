//! The property page of a stay of several rooms goes room by room: room N's
//! offers are those that fit room N's party, a rate's button chooses it for
//! room N, and the last choice starts the draft with every room's pick. The
//! picks so far travel in the link (`r1_room_type`, `r1_rate_plan`, …), so no
//! server state is needed and every step is a plain link without JS.

use serde::Serialize;

use crate::domain::availability::PropertyOffer;
use crate::domain::search::SearchCriteria;
use crate::domain::stay::{MAX_ROOMS, Occupancy, RoomParty};
use crate::http::views::RoomPartyView;
use crate::i18n::Tr;

/// Which room the property's offers are for, in a stay of several rooms.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RoomStepView {
    /// The room being chosen, 1-based.
    pub number: usize,
    /// How many rooms the stay has.
    pub count: usize,
    /// This room's party: the offers listed are those that fit it.
    pub party: RoomPartyView,
    /// The rooms chosen so far (room 1 first), each with a link to choose it again.
    pub chosen: Vec<ChosenRoomView>,
    /// "Room 1 of 2: choose its room and rate".
    #[serde(skip)]
    pub heading: String,
    /// "For 2 adults, 1 child".
    #[serde(skip)]
    pub party_text: String,
    /// The fields that carry the search and the picks so far to the next step.
    #[serde(skip)]
    pub carry: Vec<(String, String)>,
}

/// A room chosen on an earlier step.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ChosenRoomView {
    pub number: usize,
    pub party: RoomPartyView,
    pub room_type_id: String,
    pub rate_plan_id: String,
    pub room_type: String,
    pub rate_plan: String,
    /// The property page at this room's step (this room and the later ones unchosen).
    pub change_url: String,
    /// "Room 1: 2 adults, 1 child".
    #[serde(skip)]
    pub party_text: String,
}

impl RoomStepView {
    /// True on the last room: its choice starts the draft.
    pub fn is_last(&self) -> bool {
        self.number == self.count
    }

    /// The field names of this room's pick.
    pub fn fields(&self) -> (String, String) {
        (format!("r{}_room_type", self.number), format!("r{}_rate_plan", self.number))
    }
}

/// The picks a link carries, room 1 first, up to the first room without a
/// complete one. Over-long values are no pick.
pub fn picks(raw: Option<&str>) -> Vec<(String, String)> {
    let mut found: [(Option<String>, Option<String>); MAX_ROOMS as usize] = Default::default();
    for (key, value) in form_urlencoded::parse(raw.unwrap_or("").as_bytes()) {
        let Some(rest) = key.strip_prefix('r') else { continue };
        let Some((n, field)) = rest.split_once('_') else { continue };
        let Some(slot) = n.parse::<usize>().ok().and_then(|n| n.checked_sub(1)).and_then(|i| found.get_mut(i)) else {
            continue;
        };
        let value = value.trim();
        if value.is_empty() || value.len() > 64 {
            continue;
        }
        match field {
            "room_type" => slot.0 = Some(value.to_owned()),
            "rate_plan" => slot.1 = Some(value.to_owned()),
            _ => {}
        }
    }
    found.into_iter().map_while(|(room, rate)| Some((room?, rate?))).collect()
}

/// Criteria of the one room `party`, for its own availability.
pub fn one_room(criteria: &SearchCriteria, party: &RoomParty) -> SearchCriteria {
    SearchCriteria {
        occupancy: Occupancy::of_rooms(vec![party.clone()]).expect("one room is an occupancy"),
        ..criteria.clone()
    }
}

/// How many rooms' offers the step needs: one per pick given (to check it)
/// and the next room's, never more than the stay has.
pub fn rooms_to_offer(criteria: &SearchCriteria, picks: &[(String, String)]) -> usize {
    (picks.len() + 1).min(criteria.occupancy.parties().len())
}

/// The step the guest is at: the first room without a pick that its offer
/// has (the last room at most), with the rooms before it as chosen.
/// `offers[i]` is room i + 1's own offer.
pub fn step(
    t: &Tr,
    property_id: &str,
    criteria: &SearchCriteria,
    picks: &[(String, String)],
    offers: &[std::sync::Arc<PropertyOffer>],
) -> RoomStepView {
    let parties = criteria.occupancy.parties();
    let count = parties.len();
    let party_text = |p: &RoomParty| {
        let mut text = t.count("draft-adults", p.adults());
        if !p.children().is_empty() {
            text = format!("{text}, {}", t.count("draft-children", p.children().len()));
        }
        text
    };
    let mut carry: Vec<(String, String)> = form_urlencoded::parse(criteria.query().as_bytes()).into_owned().collect();
    let mut chosen = Vec::new();
    for (i, ((room_type, rate_plan), offer)) in picks.iter().zip(offers).enumerate().take(count - 1) {
        let Some((room, rate)) = offer.rate(room_type, rate_plan) else { break };
        let change = form_urlencoded::Serializer::new(String::new()).extend_pairs(carry.iter()).finish();
        chosen.push(ChosenRoomView {
            number: i + 1,
            party: party_view(&parties[i]),
            room_type_id: room.id.clone(),
            rate_plan_id: rate.id.clone(),
            room_type: room.name.clone(),
            rate_plan: rate.name.clone(),
            change_url: format!("/properties/{property_id}?{change}"),
            party_text: t.with2("draft-room-party", "number", i + 1, "party", party_text(&parties[i])),
        });
        carry.push((format!("r{}_room_type", i + 1), room.id.clone()));
        carry.push((format!("r{}_rate_plan", i + 1), rate.id.clone()));
    }
    let number = chosen.len() + 1;
    let party = &parties[number - 1];
    RoomStepView {
        number,
        count,
        party: party_view(party),
        chosen,
        heading: t.with2("property-room-step", "number", number, "count", count),
        party_text: t.with("property-room-step-party", "party", party_text(party)),
        carry,
    }
}

fn party_view(p: &RoomParty) -> RoomPartyView {
    RoomPartyView { adults: p.adults(), children: p.children().to_vec() }
}

#[cfg(test)]
mod tests {
    use super::picks;

    #[test]
    fn picks_run_from_room_one_to_the_first_incomplete_room() {
        let raw = "rooms=3&r1_room_type=a&r1_rate_plan=x&r2_room_type=b&r3_room_type=c&r3_rate_plan=z";
        assert_eq!(picks(Some(raw)), vec![("a".into(), "x".into())]);
        assert!(picks(Some("r2_room_type=b&r2_rate_plan=y")).is_empty());
        assert!(picks(None).is_empty());
    }

    #[test]
    fn odd_or_huge_keys_and_values_are_no_pick() {
        let long = "x".repeat(65);
        for raw in [
            format!("r1_room_type={long}&r1_rate_plan=x"),
            "r0_room_type=a&r0_rate_plan=x".into(),
            "r9_room_type=a&r9_rate_plan=x".into(),
            "r18446744073709551616_room_type=a".into(),
            "r1_room_type=&r1_rate_plan=x".into(),
        ] {
            assert!(picks(Some(&raw)).is_empty(), "{raw}");
        }
    }
}
