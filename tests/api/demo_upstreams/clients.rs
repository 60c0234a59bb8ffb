//! The real HTTP clients against the demo: the contract DTOs round-trip and
//! refusals arrive as typed errors with their codes.

use std::time::Duration;

use bff_tenant_booking::upstream::contract::{
    BookingGuestDto, BookingRequestDto, HoldRequestDto, HoldStatus, PaymentSessionRequestDto, PaymentStatus,
    QuoteRequestDto,
};
use bff_tenant_booking::upstream::payments::{HttpPayments, PaymentsApi};
use bff_tenant_booking::upstream::pricing::{HttpPricing, PricingApi};
use bff_tenant_booking::upstream::reservations::{HttpReservations, ReservationsApi};
use bff_tenant_booking::upstream::{HttpUpstream, RequestContext, Upstream, UpstreamError, shared_client};
use serde_json::Value;

use crate::demo_upstreams::helpers::{CHECKIN, CHECKOUT, PROPERTY, day, demo};

fn upstream(which: Upstream, base: &str) -> HttpUpstream {
    HttpUpstream::new(which, base.to_owned(), shared_client(), Duration::from_secs(5))
}

fn loft_request() -> QuoteRequestDto {
    QuoteRequestDto {
        property_id: PROPERTY.into(),
        room_type_id: "rooftop-loft".into(),
        rate_plan_id: "saver".into(),
        checkin: day(CHECKIN),
        checkout: day(CHECKOUT),
        adults: 2,
        children: vec![],
        rooms: 1,
        occupancy: vec![],
        promo: None,
        member: false,
        room_rates: vec![],
        extras: vec![],
    }
}

#[tokio::test]
async fn the_clients_book_a_room_end_to_end() {
    let demo = demo().await;
    let pricing = HttpPricing(upstream(Upstream::Pricing, &demo.base));
    let reservations = HttpReservations(upstream(Upstream::Reservations, &demo.base));
    let payments = HttpPayments(upstream(Upstream::Payments, &demo.base));
    let ctx = RequestContext::new("req-clients-1".into(), None);

    let quote = pricing.create_quote(&ctx, &loft_request()).await.unwrap();
    assert_eq!(pricing.quote(&ctx, &quote.id).await.unwrap(), quote);
    assert!(!quote.refundable);
    let rates = pricing.fx_rates(&ctx, "EUR").await.unwrap();
    assert_eq!(rates.rates_ppm["GBP"], 857_000);

    let hold_req = HoldRequestDto { quote_id: quote.id.clone(), attribution: None };
    let hold = reservations.create_hold(&ctx, &hold_req, "draft-1:hold:1").await.unwrap();
    assert_eq!(hold.status, HoldStatus::Active);
    assert_eq!(reservations.create_hold(&ctx, &hold_req, "draft-1:hold:1").await.unwrap(), hold);
    match pricing.create_quote(&ctx, &loft_request()).await {
        Err(UpstreamError::Rejected { status: 409, code, .. }) => assert_eq!(code, "sold-out"),
        other => panic!("expected sold-out, got {other:?}"),
    }

    let session_req = PaymentSessionRequestDto {
        amount: quote.total,
        currency: quote.currency.clone(),
        reference: "draft-1".into(),
        description: "Rooftop Loft".into(),
        return_url: "http://aurora.localhost/draft/1/payment/return".into(),
        webhook_url: None,
        expires_at: Some(hold.expires_at),
        mode: Default::default(),
        guaranteed_amount: None,
    };
    let session = payments.create_session(&ctx, &session_req, "draft-1:pay:1").await.unwrap();
    assert_eq!(session.status, PaymentStatus::Open);
    assert!(session.expires_at <= hold.expires_at, "the session ends no later than the hold");
    demo.complete(&serde_json::to_value(&session).unwrap(), "approved").await;
    assert_eq!(payments.session(&ctx, &session.id).await.unwrap().status, PaymentStatus::Approved);

    let booking_req = BookingRequestDto {
        hold_id: hold.id.clone(),
        payment_session_id: session.id.clone(),
        guest: BookingGuestDto {
            first_name: "Ana".into(),
            last_name: "Sousa".into(),
            email: "ana@example.com".into(),
            phone: "+351912345678".into(),
            country: "PT".into(),
            special_requests: Some("A quiet room, please".into()),
            arrival_time: Some("21:30".into()),
        },
        attribution: None,
    };
    let booking = reservations.create_booking(&ctx, &booking_req, "draft-1:book").await.unwrap();
    assert_eq!((booking.total, booking.currency.as_str()), (quote.total, "EUR"));
    assert_eq!(reservations.booking(&ctx, &booking.reference).await.unwrap(), Some(booking.clone()));
    assert_eq!(reservations.booking(&ctx, "../holds").await.unwrap(), None, "a reference is one path segment");
    assert_eq!(reservations.hold(&ctx, &hold.id).await.unwrap().status, HoldStatus::Converted);
    match reservations.release_hold(&ctx, &hold.id).await {
        Err(UpstreamError::Rejected { code, detail, .. }) => {
            assert_eq!((code.as_str(), detail), ("hold-converted", booking.reference))
        }
        other => panic!("expected hold-converted, got {other:?}"),
    }
    reservations.release_hold(&ctx, "h_unknown").await.expect("releasing an unknown hold is a no-op");

    let seen: Vec<Value> = demo.get("/__admin/seen").await.json().await.unwrap();
    let booking_call = seen.iter().find(|c| c["method"] == "POST" && c["path"] == "/v1/bookings").unwrap();
    assert_eq!(booking_call["requestId"], "req-clients-1");
    assert_eq!(booking_call["idempotencyKey"], "draft-1:book");
    assert!(booking_call["traceparent"].as_str().unwrap().contains(&ctx.trace_id));
}

#[tokio::test]
async fn injected_faults_surface_as_typed_errors() {
    let demo = demo().await;
    let pricing = HttpPricing(upstream(Upstream::Pricing, &demo.base));
    let ctx = RequestContext::background();
    demo.admin_no_content("/__admin/faults", serde_json::json!({ "upstream": "pricing", "status": 503 })).await;

    let result = pricing.create_quote(&ctx, &loft_request()).await;

    assert!(matches!(result, Err(UpstreamError::Unavailable(Upstream::Pricing, _))), "{result:?}");
}
