//! Taking the hold of a draft's rooms: one hold for all of them or none.
//!
//! - When the hold call timed out (it may have landed), the hold created
//!   under its idempotency key is read before anything else: found and
//!   active, it is the draft's hold; not found, the error stands. Either way,
//!   and after an unavailable upstream, the guest's retry uses the same key,
//!   so it is never a second hold; an upstream that is failing is not asked
//!   again at once (each failed read would bring its circuit breaker nearer
//!   to opening for every guest).
//! - A hold that takes fewer rooms than the quote's (a platform that held
//!   some rooms only) is read back, released, and refused as the first room
//!   it does not take, so the guest learns which room is gone.

use super::{Funnel, FunnelError};
use crate::domain::draft::BookingDraft;
use crate::upstream::contract::{HoldDto, HoldLineDto, HoldRequestDto, HoldStatus};
use crate::upstream::{RequestContext, Upstream, UpstreamError};

/// The refusal of a hold whose room `number` (1-based) has no unit left.
pub fn room_sold_out(number: usize) -> UpstreamError {
    UpstreamError::Rejected {
        upstream: Upstream::Reservations,
        status: 409,
        code: "room-sold-out".into(),
        detail: number.to_string(),
    }
}

impl Funnel {
    pub(super) async fn take_hold(
        &self,
        ctx: &RequestContext,
        draft: &BookingDraft,
        request: &HoldRequestDto,
        key: &str,
    ) -> Result<HoldDto, FunnelError> {
        let dto = match self.reservations.create_hold(ctx, request, key).await {
            Ok(dto) => dto,
            Err(e @ UpstreamError::Timeout(_)) => match self.reservations.hold_by_key(ctx, key).await {
                Ok(Some(dto)) if dto.status == HoldStatus::Active && dto.quote_id == request.quote_id => {
                    tracing::info!(draft = %draft.id, hold = %dto.id, "a hold whose answer was lost had landed");
                    dto
                }
                Ok(_) => return Err(e.into()),
                Err(read) => {
                    tracing::info!(error = %read, "reading a hold by its key failed; the guest retries with the same key");
                    return Err(e.into());
                }
            },
            Err(e) => return Err(e.into()),
        };
        match self.first_room_not_held(draft, &dto.lines) {
            None => Ok(dto),
            Some(_) => {
                // Read what it holds before giving it back: the answer may
                // have been partial in the telling only.
                let held = self.reservations.hold(ctx, &dto.id).await.map_err(FunnelError::from)?;
                match self.first_room_not_held(draft, &held.lines) {
                    None => Ok(held),
                    Some(missing) => {
                        self.release_hold_now(ctx, &held.id).await;
                        Err(room_sold_out(missing).into())
                    }
                }
            }
        }
    }

    /// The first room (1-based) of the draft's quote that `held` does not
    /// take, when the quote was priced room by room and the hold says which
    /// rooms it takes; `None` when it takes them all.
    fn first_room_not_held(&self, draft: &BookingDraft, held: &[HoldLineDto]) -> Option<usize> {
        let lines = &draft.quote.as_ref()?.rooms;
        if lines.is_empty() || held.is_empty() {
            return None;
        }
        lines.iter().enumerate().find_map(|(i, line)| {
            let taken = held.get(i).is_some_and(|h| {
                h.room_type_id == line.room_type_id
                    && h.rate_plan_id == line.rate_plan_id
                    && h.adults == line.party.adults()
                    && h.children == line.party.children()
            });
            (!taken).then_some(i + 1)
        })
    }
}
