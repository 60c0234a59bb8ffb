//! How the demo platform reads a request's party: each room's own
//! (`occupancy`), or, from a client that sends only the aggregates, the adults
//! and children split evenly across the rooms. Every room must sleep its own
//! party: a room type is offered only when its capacity fits the largest room.

use super::wire::Problem;
use crate::domain::stay::{Occupancy, RoomParty};
use crate::upstream::contract::RoomOccupancyDto;

const BAD: &str = "1–5 rooms, 1–9 adults and at most 12 guests in each room, up to 8 children aged 0–17";

/// Each room's party of a quote request (JSON), checked against the aggregates.
pub fn rooms_of(adults: u8, children: &[u8], rooms: u8, occupancy: &[RoomOccupancyDto]) -> Result<Occupancy, Problem> {
    let party = if occupancy.is_empty() {
        Occupancy::new(adults, children.to_vec(), rooms)
    } else {
        occupancy
            .iter()
            .map(|r| RoomParty::new(r.adults, r.children.clone()))
            .collect::<Result<Vec<_>, _>>()
            .and_then(Occupancy::of_rooms)
    }
    .map_err(|_| Problem::bad_request("bad-occupancy", BAD))?;
    let mut ages = party.children();
    let mut claimed = children.to_vec();
    ages.sort_unstable();
    claimed.sort_unstable();
    if party.adults() != adults || party.rooms() != rooms || ages != claimed {
        return Err(Problem::bad_request("bad-occupancy", "occupancy must add up to adults, children and rooms"));
    }
    Ok(party)
}

/// Each room's party of an availability or calendar query (`occupancy=2,7|1`).
pub fn rooms_of_query(adults: u8, children: &str, rooms: u8, occupancy: Option<&str>) -> Result<Occupancy, Problem> {
    let ages = children
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::parse::<u8>)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| Problem::bad_request("bad-occupancy", BAD))?;
    let rooms_given = match occupancy.filter(|o| !o.trim().is_empty()) {
        None => Vec::new(),
        Some(raw) => Occupancy::parse_wire(raw)
            .ok_or_else(|| Problem::bad_request("bad-occupancy", BAD))?
            .parties()
            .iter()
            .map(wire)
            .collect(),
    };
    rooms_of(adults, &ages, rooms, &rooms_given)
}

/// Each room's party on the wire, room 1 first.
pub fn to_wire(party: &Occupancy) -> Vec<RoomOccupancyDto> {
    party.parties().iter().map(wire).collect()
}

fn wire(room: &RoomParty) -> RoomOccupancyDto {
    RoomOccupancyDto { adults: room.adults(), children: room.children().to_vec() }
}
