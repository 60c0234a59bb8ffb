//! Turning what a guest picked (a property, a room type and a rate plan for a
//! stay) into a [`Selection`] the funnel can price: the room and rate must be on
//! offer for the stay, proven by an availability call, and their names are kept
//! as the guest saw them.

use crate::domain::draft::{Selection, SelectionNames};
use crate::domain::loyalty::RateAccess;
use crate::domain::search::SearchCriteria;
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
    })
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
