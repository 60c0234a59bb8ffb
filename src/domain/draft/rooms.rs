//! A room type and a rate plan per room: what the guest picked for each
//! room's party, the quote's line for each room, and how the rooms' payment
//! terms add up to the draft's.
//!
//! A selection made before rooms had their own pick (or with "the same for
//! every room") stores no per-room choices: every room then takes the
//! selection's one room type and rate plan. A quote priced as one (an older
//! platform, or one pick for every room) has no lines.

use serde::{Deserialize, Serialize};

use super::{NightPrice, Quote, Selection};
use crate::domain::money::Money;
use crate::domain::payment_policy::{PaymentPolicy, PaymentTerms};
use crate::domain::stay::RoomParty;

/// One room's pick, with the names the guest saw when picking.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RoomChoice {
    pub room_type_id: String,
    pub rate_plan_id: String,
    #[serde(default)]
    pub room_type: String,
    #[serde(default)]
    pub rate_plan: String,
}

/// A room of the stay: its number (1-based), its party and its pick.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoomLine {
    pub number: usize,
    pub party: RoomParty,
    pub choice: RoomChoice,
}

impl Selection {
    /// The pick every room takes when it has none of its own.
    pub fn default_choice(&self) -> RoomChoice {
        RoomChoice {
            room_type_id: self.room_type_id.clone(),
            rate_plan_id: self.rate_plan_id.clone(),
            room_type: self.names.room_type.clone(),
            rate_plan: self.names.rate_plan.clone(),
        }
    }

    /// Each room of the stay with its party and pick, room 1 first: room N
    /// takes the N-th stored choice, or the selection's own when there is
    /// none (an old draft, or a room added by a change of party).
    pub fn room_lines(&self) -> Vec<RoomLine> {
        self.criteria
            .occupancy
            .parties()
            .iter()
            .enumerate()
            .map(|(i, party)| RoomLine {
                number: i + 1,
                party: party.clone(),
                choice: self.rooms.get(i).cloned().unwrap_or_else(|| self.default_choice()),
            })
            .collect()
    }

    /// True when the rooms differ in room type or rate plan (the platform
    /// must price each room on its own).
    pub fn rooms_differ(&self) -> bool {
        let lines = self.room_lines();
        lines.iter().any(|l| {
            l.choice.room_type_id != lines[0].choice.room_type_id
                || l.choice.rate_plan_id != lines[0].choice.rate_plan_id
        })
    }

    /// Gives each room its own pick (room 1 first). Fewer picks than rooms:
    /// the rest take room 1's. The selection's own ids and names become room
    /// 1's, so a reader that knows no per-room picks sees room 1.
    pub fn set_room_choices(&mut self, choices: Vec<RoomChoice>) {
        if let Some(first) = choices.first() {
            self.room_type_id = first.room_type_id.clone();
            self.rate_plan_id = first.rate_plan_id.clone();
            self.names.room_type = first.room_type.clone();
            self.names.rate_plan = first.rate_plan.clone();
        }
        let same = choices.iter().all(|c| choices.first() == Some(c));
        self.rooms = if same { Vec::new() } else { choices };
    }
}

/// One room of a quote: its pick, party and price, in the quote's currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteLine {
    pub room_type_id: String,
    pub rate_plan_id: String,
    pub party: RoomParty,
    pub nightly: Vec<NightPrice>,
    pub room_total: Money,
    pub taxes: Money,
    pub fees: Money,
    pub total: Money,
    pub refundable: bool,
    pub cancellation_policy: String,
    /// What this room's rate charges now and at the hotel.
    pub payment: PaymentTerms,
}

/// Why a quote's lines are not a quote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum LinesError {
    #[error("the lines are not in the quote's currency")]
    Currency,
    #[error("the lines do not add up to the quote's totals")]
    Sum,
    #[error("the lines are not the rooms asked for")]
    Rooms,
}

/// Checks that `lines` are exactly `quote`'s rooms and price: one per room
/// of `parties` in order, each in the quote's currency, their room totals,
/// taxes, fees and totals adding up to the quote's to the minor unit.
pub fn check_lines(quote: &Quote, lines: &[QuoteLine], parties: &[RoomParty]) -> Result<(), LinesError> {
    if lines.len() != parties.len() || lines.iter().zip(parties).any(|(l, p)| l.party != *p) {
        return Err(LinesError::Rooms);
    }
    let currency = quote.total.currency;
    let sum = |f: fn(&QuoteLine) -> Money| -> Result<i64, LinesError> {
        lines.iter().try_fold(0i64, |acc, l| {
            let m = f(l);
            if m.currency != currency {
                return Err(LinesError::Currency);
            }
            acc.checked_add(m.amount).ok_or(LinesError::Sum)
        })
    };
    // The quote's extras are not any room's: the rooms add up to the rest.
    let extras = quote.extras.iter().try_fold(0i64, |acc, e| acc.checked_add(e.total.amount)).ok_or(LinesError::Sum)?;
    let adds_up = Some(sum(|l| l.total)?) == quote.total.amount.checked_sub(extras)
        && sum(|l| l.room_total)? == quote.room_total.amount
        && sum(|l| l.taxes)? == quote.taxes.amount
        && sum(|l| l.fees)? == quote.fees.amount
        && lines.iter().all(|l| l.total.amount == l.room_total.amount + l.taxes.amount + l.fees.amount);
    if !adds_up {
        return Err(LinesError::Sum);
    }
    Ok(())
}

/// The draft's payment terms from its rooms': due now is the sum of each
/// room's due now, the rest at the hotel. The policy is the rooms' when they
/// share one; otherwise pay at the hotel (a card guarantee) only when nothing
/// is due now and some room asks for a guarantee, all now when nothing is
/// left for the hotel, and a deposit (the share due now, rounded down, at
/// least 1 %) in between. `None` without rooms or across currencies.
pub fn combine_terms(rooms: &[PaymentTerms]) -> Option<PaymentTerms> {
    let first = rooms.first()?;
    let currency = first.due_now.currency;
    let mut now = 0i64;
    let mut later = 0i64;
    for t in rooms {
        if t.due_now.currency != currency || t.due_at_hotel.currency != currency {
            return None;
        }
        now = now.checked_add(t.due_now.amount)?;
        later = later.checked_add(t.due_at_hotel.amount)?;
    }
    let policy = if rooms.iter().all(|t| t.policy == first.policy) {
        first.policy
    } else if now == 0 && rooms.iter().any(|t| t.policy.is_guarantee()) {
        PaymentPolicy::AtHotel
    } else if later == 0 {
        PaymentPolicy::Full
    } else {
        let total = i128::from(now) + i128::from(later);
        let share = (i128::from(now) * 100 / total.max(1)).clamp(1, 99);
        PaymentPolicy::percent(u8::try_from(share).unwrap_or(1)).ok()?
    };
    Some(PaymentTerms { policy, due_now: Money::new(now, currency), due_at_hotel: Money::new(later, currency) })
}

#[cfg(test)]
mod tests;
