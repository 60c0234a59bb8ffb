//! Each room of a booking as the guest sees it: its party, room type, rate
//! plan and (when the rooms were priced each on its own) its price. One view
//! for the draft, the confirmation (cached with it) and the e-mail.

use serde::{Deserialize, Serialize};

use crate::domain::draft::BookingDraft;
use crate::domain::money::{Currency, Money};
use crate::i18n::Tr;
use crate::upstream::contract::BookingDto;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RoomLineView {
    /// 1 for the first room.
    pub number: u8,
    pub adults: u8,
    /// Ages at check-in.
    pub children: Vec<u8>,
    pub room_type_id: String,
    pub room_type: String,
    pub rate_plan_id: String,
    pub rate_plan: String,
    /// This room's total, integer minor units; `null` when the rooms were
    /// priced together (the same room and rate for every room).
    pub total_amount: Option<i64>,
    /// `totalAmount` formatted in the request's language; made when served.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub total_display: String,
}

impl RoomLineView {
    /// The draft's rooms, with each room's price once quoted room by room.
    pub fn of_draft(draft: &BookingDraft) -> Vec<Self> {
        let priced = draft.quote.as_ref().map(|q| q.rooms.as_slice()).unwrap_or_default();
        draft
            .selection
            .room_lines()
            .into_iter()
            .map(|l| Self {
                number: u8::try_from(l.number).unwrap_or(u8::MAX),
                adults: l.party.adults(),
                children: l.party.children().to_vec(),
                total_amount: priced.get(l.number - 1).map(|p| p.total.amount),
                room_type_id: l.choice.room_type_id,
                room_type: l.choice.room_type,
                rate_plan_id: l.choice.rate_plan_id,
                rate_plan: l.choice.rate_plan,
                total_display: String::new(),
            })
            .collect()
    }

    /// A booking's rooms as the reservations upstream has them (names are
    /// its ids: the upstream keeps no names).
    pub fn of_booking(booking: &BookingDto) -> Vec<Self> {
        booking
            .lines
            .iter()
            .enumerate()
            .map(|(i, l)| Self {
                number: u8::try_from(i + 1).unwrap_or(u8::MAX),
                adults: l.adults,
                children: l.children.clone(),
                room_type_id: l.room_type_id.clone(),
                room_type: l.room_type_id.clone(),
                rate_plan_id: l.rate_plan_id.clone(),
                rate_plan: l.rate_plan_id.clone(),
                total_amount: Some(l.total),
                total_display: String::new(),
            })
            .collect()
    }

    /// Formats each room's total in `currency` for the guest's language.
    pub fn localise(lines: &mut [Self], t: Tr, currency: &str) {
        let Some(currency) = Currency::parse(currency) else { return };
        for line in lines {
            if let Some(amount) = line.total_amount {
                line.total_display = t.money(&Money::new(amount, currency));
            }
        }
    }

    /// "Room 2: 2 adults, 1 child": the room's number and party.
    pub fn heading(&self, t: &Tr) -> String {
        let mut party = t.count("draft-adults", self.adults);
        if !self.children.is_empty() {
            party = format!("{party}, {}", t.count("draft-children", self.children.len()));
        }
        t.with2("draft-room-party", "number", self.number, "party", party)
    }
}
