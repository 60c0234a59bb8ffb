//! Turning what a guest picked (a property, a room type and a rate plan for a
//! stay) into a [`Selection`] the funnel can price: the room and rate must be on
//! offer for the stay, proven by an availability call, and their names are kept
//! as the guest saw them.

use crate::domain::draft::rooms::RoomChoice;
use crate::domain::draft::{Selection, SelectionNames};
use crate::domain::loyalty::RateAccess;
use crate::domain::search::SearchCriteria;
use crate::domain::stay::Occupancy;
use crate::domain::tenant::Property;
use crate::upstream::availability::AvailabilityApi;
use crate::upstream::{RequestContext, UpstreamError};

/// Why a pick cannot become a selection.
#[derive(Debug, thiserror::Error)]
pub enum SelectionError {
    /// The ids are not even shaped like ids (nothing was asked upstream).
    #[error("no such room or rate")]
    Implausible,
    /// The room or rate is not on offer for this stay (sold out, no longer
    /// sold, or too small for the party).
    #[error("the room or rate is not on offer for this stay")]
    NotOnOffer,
    /// Room N's (1-based) room or rate is not on offer for its party.
    #[error("room {0}'s room or rate is not on offer for this stay")]
    RoomNotOnOffer(usize),
    /// Not one pick per room of the stay.
    #[error("one room type and rate plan per room")]
    RoomCount,
    #[error(transparent)]
    Upstream(#[from] UpstreamError),
}

/// Ids are 1–64 characters of letters, digits, `-` and `_`.
fn plausible(id: &str) -> bool {
    (1..=64).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The selection of `room_type` at `rate_plan` in `property` for `criteria`, if
/// the availability upstream offers it (at public prices: the quote decides the
/// price the guest pays).
pub async fn resolve(
    availability: &dyn AvailabilityApi,
    ctx: &RequestContext,
    property: &Property,
    criteria: SearchCriteria,
    room_type: &str,
    rate_plan: &str,
) -> Result<Selection, SelectionError> {
    if !plausible(room_type) || !plausible(rate_plan) {
        return Err(SelectionError::Implausible);
    }
    let offer = availability.offer(ctx, &property.id, &criteria, RateAccess::Public).await?;
    let (room, rate) = offer.rate(room_type, rate_plan).ok_or(SelectionError::NotOnOffer)?;
    Ok(Selection {
        property_id: property.id.clone(),
        room_type_id: room.id.clone(),
        rate_plan_id: rate.id.clone(),
        names: SelectionNames {
            property: property.name.clone(),
            room_type: room.name.clone(),
            rate_plan: rate.name.clone(),
        },
        criteria,
        rooms: Vec::new(),
    })
}

/// The selection of a room type and rate plan for each room of `criteria`,
/// `picks[i]` for room i + 1: each must be on offer for that room's party on
/// its own. One pick for every room is [`resolve`].
pub async fn resolve_rooms(
    availability: &dyn AvailabilityApi,
    ctx: &RequestContext,
    property: &Property,
    criteria: SearchCriteria,
    picks: &[(String, String)],
) -> Result<Selection, SelectionError> {
    let parties = criteria.occupancy.parties().to_vec();
    if picks.len() != parties.len() {
        return Err(SelectionError::RoomCount);
    }
    if picks.iter().any(|(room, rate)| !plausible(room) || !plausible(rate)) {
        return Err(SelectionError::Implausible);
    }
    if picks.iter().all(|p| *p == picks[0]) {
        return resolve(availability, ctx, property, criteria, &picks[0].0, &picks[0].1).await;
    }
    let offers = futures::future::join_all(parties.iter().map(|party| {
        let one = SearchCriteria {
            occupancy: Occupancy::of_rooms(vec![party.clone()]).expect("one room is an occupancy"),
            ..criteria.clone()
        };
        async move { availability.offer(ctx, &property.id, &one, RateAccess::Public).await }
    }))
    .await;
    let mut choices = Vec::with_capacity(picks.len());
    for (i, (offer, (room_type, rate_plan))) in offers.into_iter().zip(picks).enumerate() {
        let offer = offer?;
        let (room, rate) = offer.rate(room_type, rate_plan).ok_or(SelectionError::RoomNotOnOffer(i + 1))?;
        choices.push(RoomChoice {
            room_type_id: room.id.clone(),
            rate_plan_id: rate.id.clone(),
            room_type: room.name.clone(),
            rate_plan: rate.name.clone(),
        });
    }
    let mut selection = Selection {
        property_id: property.id.clone(),
        room_type_id: String::new(),
        rate_plan_id: String::new(),
        names: SelectionNames { property: property.name.clone(), ..SelectionNames::default() },
        criteria,
        rooms: Vec::new(),
    };
    selection.set_room_choices(choices);
    Ok(selection)
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_id_shaped_picks_are_looked_up() {
        for ok in ["classic-double", "flex", "a", "room_2"] {
            assert!(super::plausible(ok), "{ok}");
        }
        for bad in ["", "../x", "a b", "é", &"x".repeat(65)] {
            assert!(!super::plausible(bad), "{bad}");
        }
    }
}
