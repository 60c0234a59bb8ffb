//! reservations upstream: holds (inventory taken for a few minutes while the
//! guest pays) and bookings (a hold made permanent once payment is approved).

use async_trait::async_trait;

use super::contract::{
    BookingDto, BookingRequestDto, CancelBookingRequestDto, CancellationTermsDto, HoldDto, HoldRequestDto,
    ModifyBookingRequestDto, PenaltyDto,
};
use super::{HttpUpstream, RequestContext, UpstreamError, path_segment};
use crate::domain::cancellation::{CancellationTerms, Penalty, TermsError};

#[async_trait]
pub trait ReservationsApi: Send + Sync {
    /// Takes the quoted units. Replaying the same key and body returns the same
    /// hold; refusals are `sold-out`, `quote-expired`, `idempotency-key-reused`.
    async fn create_hold(
        &self,
        ctx: &RequestContext,
        req: &HoldRequestDto,
        idempotency_key: &str,
    ) -> Result<HoldDto, UpstreamError>;
    async fn hold(&self, ctx: &RequestContext, id: &str) -> Result<HoldDto, UpstreamError>;
    /// The hold created under `idempotency_key`, or `None` when none was:
    /// how a hold whose creation timed out is found out before anything is
    /// retried or released. (A platform without the lookup answers `None`,
    /// and a retry under the same key is still safe.)
    async fn hold_by_key(&self, ctx: &RequestContext, idempotency_key: &str) -> Result<Option<HoldDto>, UpstreamError>;
    /// Frees the units. Idempotent: a hold that is already released, expired or
    /// unknown is `Ok`; a hold that became a booking is `hold-converted`.
    async fn release_hold(&self, ctx: &RequestContext, id: &str) -> Result<(), UpstreamError>;
    /// Converts the hold into a booking after the payment session was approved.
    /// Replaying the same key returns the same booking, never a second one.
    async fn create_booking(
        &self,
        ctx: &RequestContext,
        req: &BookingRequestDto,
        idempotency_key: &str,
    ) -> Result<BookingDto, UpstreamError>;
    /// The booking, or `None` when no booking has this reference.
    async fn booking(&self, ctx: &RequestContext, reference: &str) -> Result<Option<BookingDto>, UpstreamError>;
    /// Cancels the booking under its terms now and frees its units; answers
    /// the cancelled booking with its penalty and refund. Replaying the key
    /// (or cancelling a cancelled booking) answers the same booking; refusals
    /// are `not-cancellable` and `cancellation-terms-changed`.
    async fn cancel_booking(
        &self,
        ctx: &RequestContext,
        reference: &str,
        req: &CancelBookingRequestDto,
        idempotency_key: &str,
    ) -> Result<BookingDto, UpstreamError>;
    /// Moves the booking onto the stay of an active hold (and its price), in
    /// one step upstream: the old units are freed and the hold converted.
    /// Replaying the key answers the same booking; refusals are the hold's
    /// (`hold-expired`, `hold-released`, `hold-converted`), `payment-not-approved`,
    /// `booking-cancelled` and `not-modifiable`.
    async fn modify_booking(
        &self,
        ctx: &RequestContext,
        reference: &str,
        req: &ModifyBookingRequestDto,
        idempotency_key: &str,
    ) -> Result<BookingDto, UpstreamError>;
}

/// The wire's cancellation terms as the domain's; out-of-range numbers or a
/// refundable rate without a penalty are refused (such a booking is not
/// cancellable online).
pub fn terms_of(dto: &CancellationTermsDto) -> Result<CancellationTerms, TermsError> {
    if !dto.refundable {
        return Ok(CancellationTerms::NonRefundable);
    }
    let penalty = match dto.penalty {
        Some(PenaltyDto::Nights(count)) => Penalty::Nights { count },
        Some(PenaltyDto::Percent(percent)) => Penalty::Percent { percent },
        None => Penalty::Percent { percent: 0 },
    };
    CancellationTerms::refundable(dto.days_before, dto.hours_before, penalty)
}

pub struct HttpReservations(pub HttpUpstream);

#[async_trait]
impl ReservationsApi for HttpReservations {
    async fn create_hold(
        &self,
        ctx: &RequestContext,
        req: &HoldRequestDto,
        idempotency_key: &str,
    ) -> Result<HoldDto, UpstreamError> {
        self.0.post_json(ctx, "/v1/holds", req, Some(idempotency_key)).await
    }

    async fn hold(&self, ctx: &RequestContext, id: &str) -> Result<HoldDto, UpstreamError> {
        self.0.get_json(ctx, &format!("/v1/holds/{}", path_segment(id)), &()).await
    }

    async fn hold_by_key(&self, ctx: &RequestContext, idempotency_key: &str) -> Result<Option<HoldDto>, UpstreamError> {
        match self.0.get_json(ctx, "/v1/holds", &[("idempotencyKey", idempotency_key)]).await {
            Ok(hold) => Ok(Some(hold)),
            Err(UpstreamError::NotFound(_)) => Ok(None),
            Err(e) => Err(e),
        }
    }

    async fn release_hold(&self, ctx: &RequestContext, id: &str) -> Result<(), UpstreamError> {
        match self.0.delete(ctx, &format!("/v1/holds/{}", path_segment(id))).await {
            Err(UpstreamError::NotFound(_)) => Ok(()),
            other => other,
        }
    }

    async fn create_booking(
        &self,
        ctx: &RequestContext,
        req: &BookingRequestDto,
        idempotency_key: &str,
    ) -> Result<BookingDto, UpstreamError> {
        self.0.post_json(ctx, "/v1/bookings", req, Some(idempotency_key)).await
    }

    async fn booking(&self, ctx: &RequestContext, reference: &str) -> Result<Option<BookingDto>, UpstreamError> {
        match self.0.get_json(ctx, &format!("/v1/bookings/{}", path_segment(reference)), &()).await {
            Ok(booking) => Ok(Some(booking)),
            Err(UpstreamError::NotFound(_)) => Ok(None),
            Err(e) => Err(e),
        }
    }

    async fn cancel_booking(
        &self,
        ctx: &RequestContext,
        reference: &str,
        req: &CancelBookingRequestDto,
        idempotency_key: &str,
    ) -> Result<BookingDto, UpstreamError> {
        let path = format!("/v1/bookings/{}/cancel", path_segment(reference));
        self.0.post_json(ctx, &path, req, Some(idempotency_key)).await
    }

    async fn modify_booking(
        &self,
        ctx: &RequestContext,
        reference: &str,
        req: &ModifyBookingRequestDto,
        idempotency_key: &str,
    ) -> Result<BookingDto, UpstreamError> {
        let path = format!("/v1/bookings/{}/modify", path_segment(reference));
        self.0.post_json(ctx, &path, req, Some(idempotency_key)).await
    }
}
