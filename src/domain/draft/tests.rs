//! Tests of [`super`]: the module's rules, table by table, and property tests.

use super::*;
use crate::domain::guest::GuestForm;
use crate::domain::money::Currency;
use crate::domain::stay::{Occupancy, Stay};
use jiff::civil::date;
use proptest::prelude::*;

use DraftState as S;
use TransitionError as E;

fn tenant() -> TenantId {
    TenantId::parse("aurora").unwrap()
}

fn t(mins: i64) -> Timestamp {
    Timestamp::from_second(1_800_000_000).unwrap().checked_add(SignedDuration::from_mins(mins)).unwrap()
}

fn criteria(nights: i8) -> SearchCriteria {
    let checkin = date(2027, 3, 1);
    let checkout = checkin.checked_add(jiff::Span::new().days(i64::from(nights))).unwrap();
    SearchCriteria {
        stay: Stay::new(checkin, checkout, date(2027, 1, 1)).unwrap(),
        occupancy: Occupancy::new(2, vec![], 1).unwrap(),
        promo: None,
    }
}

fn selection(rate: &str) -> Selection {
    Selection {
        property_id: "aurora-harbour".into(),
        room_type_id: "deluxe-king".into(),
        rate_plan_id: rate.into(),
        criteria: criteria(2),
        names: SelectionNames::default(),
        rooms: Vec::new(),
    }
}

fn quote(expires_at: Timestamp) -> Quote {
    let eur = Currency::parse("EUR").unwrap();
    let night = |d| NightPrice { date: d, amount: Money::new(12_000, eur) };
    Quote {
        id: "q-1".into(),
        nightly: vec![night(date(2027, 3, 1)), night(date(2027, 3, 2))],
        room_total: Money::new(24_000, eur),
        taxes: Money::new(2_400, eur),
        fees: Money::new(500, eur),
        total: Money::new(26_900, eur),
        cancellation_policy: "Free cancellation until 48 hours before arrival.".into(),
        refundable: true,
        expires_at,
        member_rate: false,
        terms: None,
        promo_discount: None,
        negotiated: false,
        payment: None,
        rooms: Vec::new(),
        extras: Vec::new(),
        extras_offered: Vec::new(),
    }
}

fn guest() -> GuestDetails {
    GuestForm {
        first_name: "Ada".into(),
        last_name: "Lovelace".into(),
        email: "ada@example.com".into(),
        phone: "+44 20 7946 0958".into(),
        country: "GB".into(),
        accept_terms: "on".into(),
        ..GuestForm::default()
    }
    .parse(&[])
    .unwrap()
}

fn hold(id: &str, expires_at: Timestamp) -> Hold {
    Hold { id: id.into(), expires_at }
}

fn payment(attempt: u32) -> Payment {
    Payment {
        session_id: format!("ps-{attempt}"),
        attempt,
        redirect_url: format!("https://pay.example/s/{attempt}"),
        expires_at: None,
        app_return_url: None,
        locale: None,
    }
}

fn step(draft: &BookingDraft, event: DraftEvent, now: Timestamp) -> BookingDraft {
    draft.apply(event, now).unwrap_or_else(|e| panic!("{:?} refused: {e:?}", draft.state)).draft
}

/// Drafts in every state, reached through legal transitions. The quote lives
/// until t(30), hold H1 until t(45).
struct Fixtures {
    selecting: BookingDraft,
    quoted: BookingDraft,
    details: BookingDraft,
    held: BookingDraft,
    pending: BookingDraft,
    failed: BookingDraft,
    confirmed: BookingDraft,
    expired_quote: BookingDraft,
    expired_hold: BookingDraft,
    expired_after_decline: BookingDraft,
    abandoned: BookingDraft,
    refund_pending: BookingDraft,
    refunded: BookingDraft,
}

fn fixtures() -> Fixtures {
    let selecting =
        BookingDraft::new(DraftId::from_u128(42), tenant(), GuestKey::new("guest-1"), selection("flex"), t(0));
    let quoted = step(&selecting, DraftEvent::Quoted(quote(t(30))), t(1));
    let details = step(&quoted, DraftEvent::DetailsSubmitted(guest()), t(2));
    let held = step(&details, DraftEvent::Held(hold("H1", t(45))), t(3));
    let pending = step(&held, DraftEvent::PaymentStarted(payment(1)), t(4));
    let failed = step(&pending, DraftEvent::PaymentDeclined { reason: "Card declined".into() }, t(5));
    let confirmed = step(&pending, DraftEvent::Confirmed { booking_ref: "GH-1".into() }, t(6));
    let expired_quote = step(&quoted, DraftEvent::Expire, t(31));
    let expired_hold = step(&held, DraftEvent::Expire, t(46));
    let expired_after_decline = step(&failed, DraftEvent::Expire, t(46));
    let abandoned = step(&selecting, DraftEvent::Cancelled, t(1));
    let refund_pending = step(&pending, DraftEvent::RefundStarted { reason: RefundReason::RoomUnavailable }, t(7));
    let refunded = step(&refund_pending, DraftEvent::RefundCompleted, t(8));
    Fixtures {
        selecting,
        quoted,
        details,
        held,
        pending,
        failed,
        confirmed,
        expired_quote,
        expired_hold,
        expired_after_decline,
        abandoned,
        refund_pending,
        refunded,
    }
}

/// One well-formed event of each kind, in table column order.
fn events(draft: &BookingDraft, now: Timestamp) -> [DraftEvent; 10] {
    let later = |mins| now.checked_add(SignedDuration::from_mins(mins)).unwrap();
    [
        DraftEvent::Quoted(quote(later(30))),
        DraftEvent::DetailsSubmitted(guest()),
        DraftEvent::Held(hold("H2", later(45))),
        DraftEvent::PaymentStarted(payment(draft.next_payment_attempt())),
        DraftEvent::PaymentDeclined { reason: "Card declined".into() },
        DraftEvent::Confirmed { booking_ref: "GH-1".into() },
        DraftEvent::StayChanged(criteria(3)),
        DraftEvent::SelectionChanged(selection("non-refundable")),
        DraftEvent::Expire,
        DraftEvent::Cancelled,
    ]
}

type Row = [Result<DraftState, TransitionError>; 10];

fn confirmed_row() -> Row {
    let refused = || Err(E::BookingConfirmed { booking_ref: "GH-1".into() });
    let replay = Err(E::AlreadyConfirmed { booking_ref: "GH-1".into() });
    [refused(), refused(), refused(), refused(), refused(), replay, refused(), refused(), refused(), refused()]
}

fn check_row(name: &str, draft: &BookingDraft, now: Timestamp, expected: Row) {
    for (event, want) in events(draft, now).into_iter().zip(expected) {
        let event_name = event.name();
        let got = draft.apply(event, now).map(|tr| tr.draft.state);
        assert_eq!(got, want, "{name} + {event_name}");
    }
}

#[test]
fn transition_table_while_quote_and_hold_are_live() {
    let f = fixtures();
    let now = t(10);
    // Columns, as in `events`: Quoted, DetailsSubmitted, Held, PaymentStarted, PaymentDeclined,
    // Confirmed (ref GH-1), StayChanged, SelectionChanged, Expire, Cancelled.
    #[rustfmt::skip]
    let table: Vec<(&str, &BookingDraft, Row)> = vec![
        ("selecting", &f.selecting, [Ok(S::Quoted), Err(E::QuoteRequired), Err(E::QuoteRequired), Err(E::HoldRequired), Err(E::NoPaymentInProgress), Err(E::NoPaymentInProgress), Ok(S::Selecting), Ok(S::Selecting), Err(E::NothingToExpire), Ok(S::Abandoned)]),
        ("quoted", &f.quoted, [Ok(S::Quoted), Ok(S::Details), Err(E::DetailsRequired), Err(E::HoldRequired), Err(E::NoPaymentInProgress), Err(E::NoPaymentInProgress), Ok(S::Selecting), Ok(S::Selecting), Err(E::NothingToExpire), Ok(S::Abandoned)]),
        ("details", &f.details, [Ok(S::Quoted), Ok(S::Details), Ok(S::Held), Err(E::HoldRequired), Err(E::NoPaymentInProgress), Err(E::NoPaymentInProgress), Ok(S::Selecting), Ok(S::Selecting), Err(E::NothingToExpire), Ok(S::Abandoned)]),
        ("held", &f.held, [Err(E::RoomHeld), Err(E::RoomHeld), Err(E::RoomHeld), Ok(S::PaymentPending), Err(E::NoPaymentInProgress), Err(E::NoPaymentInProgress), Ok(S::Selecting), Ok(S::Selecting), Err(E::NothingToExpire), Ok(S::Abandoned)]),
        ("payment_pending", &f.pending, [Err(E::PaymentInProgress), Err(E::PaymentInProgress), Err(E::PaymentInProgress), Err(E::PaymentInProgress), Ok(S::PaymentFailed), Ok(S::Confirmed), Err(E::PaymentInProgress), Err(E::PaymentInProgress), Err(E::PaymentInProgress), Err(E::PaymentInProgress)]),
        ("confirmed", &f.confirmed, confirmed_row()),
        ("expired (quote)", &f.expired_quote, [Ok(S::Quoted), Err(E::QuoteExpired), Err(E::QuoteExpired), Err(E::QuoteExpired), Err(E::NoPaymentInProgress), Err(E::NoPaymentInProgress), Ok(S::Selecting), Ok(S::Selecting), Err(E::NothingToExpire), Ok(S::Abandoned)]),
        ("payment_failed", &f.failed, [Err(E::RoomHeld), Err(E::RoomHeld), Err(E::RoomHeld), Ok(S::PaymentPending), Err(E::NoPaymentInProgress), Ok(S::Confirmed), Ok(S::Selecting), Ok(S::Selecting), Err(E::NothingToExpire), Ok(S::Abandoned)]),
        ("abandoned", &f.abandoned, std::array::from_fn(|_| Err(E::Abandoned))),
        ("refund_pending", &f.refund_pending, std::array::from_fn(|_| Err(E::RefundInProgress))),
        ("refunded", &f.refunded, std::array::from_fn(|_| Err(E::Refunded))),
    ];
    let covered: Vec<DraftState> = table.iter().map(|(_, d, _)| d.state).collect();
    assert_eq!(covered, DraftState::ALL, "every state has a row");
    for (name, draft, row) in table {
        check_row(name, draft, now, row);
    }
}

#[test]
fn transition_table_once_quote_and_hold_have_run_out() {
    let f = fixtures();
    let now = t(50);
    // Columns, as in `events`: Quoted, DetailsSubmitted, Held, PaymentStarted, PaymentDeclined,
    // Confirmed (ref GH-1), StayChanged, SelectionChanged, Expire, Cancelled.
    #[rustfmt::skip]
    let table: Vec<(&str, &BookingDraft, Row)> = vec![
        ("quoted", &f.quoted, [Ok(S::Quoted), Err(E::QuoteExpired), Err(E::DetailsRequired), Err(E::HoldRequired), Err(E::NoPaymentInProgress), Err(E::NoPaymentInProgress), Ok(S::Selecting), Ok(S::Selecting), Ok(S::Expired), Ok(S::Abandoned)]),
        ("details", &f.details, [Ok(S::Quoted), Err(E::QuoteExpired), Err(E::QuoteExpired), Err(E::HoldRequired), Err(E::NoPaymentInProgress), Err(E::NoPaymentInProgress), Ok(S::Selecting), Ok(S::Selecting), Ok(S::Expired), Ok(S::Abandoned)]),
        ("held", &f.held, [Err(E::RoomHeld), Err(E::RoomHeld), Err(E::RoomHeld), Err(E::HoldExpired), Err(E::NoPaymentInProgress), Err(E::NoPaymentInProgress), Ok(S::Selecting), Ok(S::Selecting), Ok(S::Expired), Ok(S::Abandoned)]),
        // A pending payment does not expire: the gateway may still approve.
        ("payment_pending", &f.pending, [Err(E::PaymentInProgress), Err(E::PaymentInProgress), Err(E::PaymentInProgress), Err(E::PaymentInProgress), Ok(S::PaymentFailed), Ok(S::Confirmed), Err(E::PaymentInProgress), Err(E::PaymentInProgress), Err(E::PaymentInProgress), Err(E::PaymentInProgress)]),
        ("payment_failed", &f.failed, [Err(E::RoomHeld), Err(E::RoomHeld), Err(E::RoomHeld), Err(E::HoldExpired), Err(E::NoPaymentInProgress), Ok(S::Confirmed), Ok(S::Selecting), Ok(S::Selecting), Ok(S::Expired), Ok(S::Abandoned)]),
        ("expired (hold)", &f.expired_hold, [Ok(S::Quoted), Err(E::HoldExpired), Err(E::HoldExpired), Err(E::HoldExpired), Err(E::NoPaymentInProgress), Err(E::NoPaymentInProgress), Ok(S::Selecting), Ok(S::Selecting), Err(E::NothingToExpire), Ok(S::Abandoned)]),
        // A late approval of the declined attempt still confirms.
        ("expired (after decline)", &f.expired_after_decline, [Ok(S::Quoted), Err(E::HoldExpired), Err(E::HoldExpired), Err(E::HoldExpired), Err(E::NoPaymentInProgress), Ok(S::Confirmed), Ok(S::Selecting), Ok(S::Selecting), Err(E::NothingToExpire), Ok(S::Abandoned)]),
        ("confirmed", &f.confirmed, confirmed_row()),
    ];
    for (name, draft, row) in table {
        check_row(name, draft, now, row);
    }
}

#[test]
fn refuses_malformed_events() {
    let f = fixtures();
    let now = t(10);
    assert_eq!(f.selecting.apply(DraftEvent::Quoted(quote(t(10))), now), Err(E::QuoteExpired));
    assert_eq!(f.details.apply(DraftEvent::Held(hold("H2", t(9))), now), Err(E::HoldExpired));
    assert_eq!(
        f.held.apply(DraftEvent::PaymentStarted(payment(2)), now),
        Err(E::StalePaymentAttempt { expected: 1, got: 2 })
    );
    assert_eq!(
        f.failed.apply(DraftEvent::PaymentStarted(payment(1)), now),
        Err(E::StalePaymentAttempt { expected: 2, got: 1 })
    );
    assert_eq!(f.pending.apply(DraftEvent::Confirmed { booking_ref: " ".into() }, now), Err(E::MissingBookingRef));
}

#[test]
fn confirming_again_is_an_idempotent_replay_and_another_ref_a_conflict() {
    let f = fixtures();
    let replay = f.confirmed.apply(DraftEvent::Confirmed { booking_ref: "GH-1".into() }, t(10)).unwrap_err();
    assert!(replay.is_idempotent_replay());
    assert_eq!(replay.to_string(), "This booking is already confirmed.");
    let conflict = f.confirmed.apply(DraftEvent::Confirmed { booking_ref: "GH-2".into() }, t(10)).unwrap_err();
    assert_eq!(conflict, E::ConflictingConfirmation { existing: "GH-1".into(), incoming: "GH-2".into() });
    assert!(!conflict.is_idempotent_replay());
}

#[test]
fn leaving_a_hold_for_any_reason_but_payment_releases_it() {
    let f = fixtures();
    let release = vec![Effect::ReleaseHold { hold_id: "H1".into() }];
    for draft in [&f.held, &f.failed] {
        for event in [
            DraftEvent::StayChanged(criteria(3)),
            DraftEvent::SelectionChanged(selection("other")),
            DraftEvent::Cancelled,
        ] {
            let tr = draft.apply(event, t(10)).unwrap();
            assert_eq!(tr.effects, release);
            assert_eq!(tr.draft.hold, None);
        }
        let tr = draft.apply(DraftEvent::Expire, t(50)).unwrap();
        assert_eq!(
            (tr.draft.state, tr.effects, tr.draft.expired_reason),
            (S::Expired, release.clone(), Some(ExpiryReason::Hold))
        );
    }
    let pay = f.held.apply(DraftEvent::PaymentStarted(payment(1)), t(10)).unwrap();
    assert!(pay.effects.is_empty());
    assert!(pay.draft.hold.is_some());
    let confirm = f.pending.apply(DraftEvent::Confirmed { booking_ref: "GH-1".into() }, t(10)).unwrap();
    assert!(confirm.effects.is_empty());
}

/// Starts payment attempt after attempt on `draft` and has each declined.
fn declined(draft: &BookingDraft, times: u32, now: Timestamp) -> Transition {
    let mut tr = Transition { draft: draft.clone(), effects: vec![] };
    for _ in 0..times {
        let pending = step(&tr.draft, DraftEvent::PaymentStarted(payment(tr.draft.next_payment_attempt())), now);
        tr = pending.apply(DraftEvent::PaymentDeclined { reason: "Card declined".into() }, now).unwrap();
    }
    tr
}

#[test]
fn declines_before_the_last_attempt_keep_the_hold_for_a_retry() {
    let f = fixtures();
    let tr = declined(&f.held, PAYMENT_ATTEMPTS_PER_HOLD - 1, t(10));
    assert_eq!((tr.draft.state, &tr.effects), (S::PaymentFailed, &vec![]));
    assert!(tr.draft.hold.is_some() && !tr.draft.hold_released_after_declines);
    assert!(tr.draft.allowed_actions(t(10)).contains(&Action::Pay));
}

#[test]
fn the_last_declined_attempt_releases_the_hold_and_needs_a_new_one() {
    let f = fixtures();
    let tr = declined(&f.held, PAYMENT_ATTEMPTS_PER_HOLD, t(10));
    assert_eq!(tr.effects, vec![Effect::ReleaseHold { hold_id: "H1".into() }]);
    let d = &tr.draft;
    assert_eq!((d.state, &d.hold, &d.payment), (S::Details, &None, &None));
    assert!(d.hold_released_after_declines);
    assert_eq!(d.last_payment_error.as_deref(), Some("Card declined"));
    assert_eq!(d.payment_attempts, PAYMENT_ATTEMPTS_PER_HOLD, "attempt numbers never repeat");
    assert_eq!(
        d.allowed_actions(t(10)),
        vec![
            Action::GetQuote,
            Action::SubmitDetails,
            Action::ChooseExtras,
            Action::HoldRoom,
            Action::ChangeStay,
            Action::Cancel
        ]
    );
    // No late approval can confirm against the released hold.
    assert_eq!(d.apply(DraftEvent::Confirmed { booking_ref: "GH-1".into() }, t(10)), Err(E::NoPaymentInProgress));
    assert_eq!(d.apply(DraftEvent::PaymentStarted(payment(d.next_payment_attempt())), t(10)), Err(E::HoldRequired));
}

#[test]
fn a_new_hold_gets_its_own_payment_attempts() {
    let f = fixtures();
    let released = declined(&f.held, PAYMENT_ATTEMPTS_PER_HOLD, t(10)).draft;
    let held = step(&released, DraftEvent::Held(hold("H2", t(45))), t(11));
    assert_eq!((held.state, held.declines_on_hold, held.hold_released_after_declines), (S::Held, 0, false));
    let tr = declined(&held, 1, t(12));
    assert_eq!((tr.draft.state, tr.effects.len()), (S::PaymentFailed, 0));
    assert_eq!(tr.draft.payment_attempts, PAYMENT_ATTEMPTS_PER_HOLD + 1);
}

#[test]
fn a_released_draft_whose_quote_ran_out_needs_a_new_price() {
    let f = fixtures();
    let released = declined(&f.held, PAYMENT_ATTEMPTS_PER_HOLD, t(10)).draft;
    let expired = released.expire_if_due(t(31)).unwrap();
    assert_eq!((expired.draft.state, expired.effects.len()), (S::Expired, 0));
    let requoted = step(&expired.draft, DraftEvent::Quoted(quote(t(60))), t(32));
    assert!(!requoted.hold_released_after_declines);
}

#[test]
fn changing_the_stay_invalidates_the_quote_and_keeps_the_guest_for_prefill() {
    let f = fixtures();
    let tr = f.held.apply(DraftEvent::StayChanged(criteria(4)), t(10)).unwrap();
    assert_eq!(tr.draft.state, S::Selecting);
    assert_eq!(tr.draft.quote, None);
    assert_eq!(tr.draft.selection.criteria.stay.nights(), 4);
    assert_eq!(tr.draft.guest, Some(guest()));
}

#[test]
fn each_applied_event_bumps_version_and_updated_at() {
    let f = fixtures();
    assert_eq!(f.selecting.version, 1);
    assert_eq!(f.pending.version, 5);
    assert_eq!(f.pending.updated_at, t(4));
    assert_eq!(f.pending.created_at, t(0));
}

#[test]
fn a_decline_is_recorded_and_a_retry_clears_it() {
    let f = fixtures();
    assert_eq!(f.failed.last_payment_error.as_deref(), Some("Card declined"));
    let retry = step(&f.failed, DraftEvent::PaymentStarted(payment(2)), t(10));
    assert_eq!(retry.last_payment_error, None);
    assert_eq!(retry.payment.map(|p| p.attempt), Some(2));
    assert_eq!(retry.payment_attempts, 2);
}

#[test]
fn a_late_approval_is_held_again_only_at_the_total_paid() {
    let f = fixtures();
    let now = t(50); // H1 ran out at t(45)
    let mut other_total = quote(t(80));
    other_total.total = Money::new(other_total.total.amount + 100, other_total.total.currency);
    assert_eq!(
        f.pending.apply(DraftEvent::Reheld { hold: hold("H2", t(90)), quote: other_total }, now),
        Err(E::PaymentMismatch)
    );
    let reheld = step(&f.pending, DraftEvent::Reheld { hold: hold("H2", t(90)), quote: quote(t(80)) }, now);
    assert_eq!((reheld.state, reheld.hold.as_ref().map(|h| h.id.as_str())), (S::PaymentPending, Some("H2")));
    assert_eq!(reheld.payment, f.pending.payment, "the same payment books on the new hold");
    assert_eq!(step(&reheld, DraftEvent::Confirmed { booking_ref: "GH-1".into() }, now).state, S::Confirmed);
    // Nothing was paid before a payment started.
    assert_eq!(
        f.held.apply(DraftEvent::Reheld { hold: hold("H2", t(90)), quote: quote(t(80)) }, now),
        Err(E::NoPaymentInProgress)
    );
}

#[test]
fn a_refund_is_decided_once_and_ends_the_draft() {
    let f = fixtures();
    let now = t(50);
    let tr = f.pending.apply(DraftEvent::RefundStarted { reason: RefundReason::RoomUnavailable }, now).unwrap();
    assert_eq!(tr.effects, vec![Effect::ReleaseHold { hold_id: "H1".into() }]);
    let owed = tr.draft;
    let refund = owed.refund.clone().unwrap();
    assert_eq!((refund.session_id.as_str(), refund.amount.amount), ("ps-1", 26_900));
    assert!(owed.state.awaits_money() && owed.allowed_actions(now).is_empty());
    // While owed, nothing else happens to the draft: not a booking, not a second decision.
    for event in [
        DraftEvent::Confirmed { booking_ref: "GH-1".into() },
        DraftEvent::RefundStarted { reason: RefundReason::PriceChanged },
        DraftEvent::Cancelled,
    ] {
        assert_eq!(owed.apply(event, now), Err(E::RefundInProgress));
    }
    let done = step(&owed, DraftEvent::RefundCompleted, t(51));
    assert_eq!((done.state, done.refund.unwrap().refunded_at), (S::Refunded, Some(t(51))));
    assert!(DraftState::Refunded.is_terminal());
    // A draft that was never paid has nothing to refund.
    assert_eq!(
        f.held.apply(DraftEvent::RefundStarted { reason: RefundReason::RoomUnavailable }, now),
        Err(E::NoPaymentInProgress)
    );
}

#[test]
fn a_pending_payment_is_overdue_once_its_session_ended() {
    let f = fixtures();
    let mut pending = f.pending.clone();
    assert!(!pending.payment_overdue(t(1000)), "no known end: never overdue");
    pending.payment.as_mut().unwrap().expires_at = Some(t(20));
    assert!(!pending.payment_overdue(t(19)));
    assert!(pending.payment_overdue(t(20)));
    assert!(!f.failed.payment_overdue(t(1000)));
}

#[test]
fn a_requote_from_expired_restarts_the_funnel() {
    let f = fixtures();
    let requoted = step(&f.expired_hold, DraftEvent::Quoted(quote(t(80))), t(50));
    assert_eq!(requoted.state, S::Quoted);
    assert_eq!(requoted.expired_reason, None);
    assert_eq!(requoted.hold, None);
    let details = step(&requoted, DraftEvent::DetailsSubmitted(guest()), t(51));
    let held = step(&details, DraftEvent::Held(hold("H3", t(95))), t(52));
    let pending = step(&held, DraftEvent::PaymentStarted(payment(1)), t(53));
    assert_eq!(pending.state, S::PaymentPending);
}

#[test]
fn expire_if_due_runs_only_when_something_ran_out() {
    let f = fixtures();
    assert_eq!(f.quoted.expire_if_due(t(29)), None);
    let tr = f.quoted.expire_if_due(t(30)).unwrap();
    assert_eq!((tr.draft.state, tr.draft.expired_reason), (S::Expired, Some(ExpiryReason::Quote)));
    assert!(tr.effects.is_empty());
    // Once held, only the hold's expiry matters, not the quote's.
    assert_eq!(f.held.expire_if_due(t(40)), None);
    assert_eq!(f.held.expire_if_due(t(45)).unwrap().draft.state, S::Expired);
    assert_eq!(f.failed.expire_if_due(t(45)).unwrap().draft.state, S::Expired);
    for draft in [&f.selecting, &f.pending, &f.confirmed, &f.expired_quote, &f.abandoned] {
        assert_eq!(draft.expire_if_due(t(1000)), None, "{:?}", draft.state);
    }
}

#[test]
fn a_cancelled_payment_attempt_goes_back_to_the_hold_while_it_lasts() {
    let f = fixtures();
    let tr = f.pending.apply(DraftEvent::PaymentCancelled, t(10)).unwrap();
    assert_eq!(tr.draft.state, S::Held);
    assert!(tr.draft.payment.is_none() && tr.effects.is_empty(), "the hold stays");
    assert!(tr.draft.allowed_actions(t(10)).contains(&Action::Pay));
    assert_eq!(tr.draft.next_payment_attempt(), f.pending.next_payment_attempt(), "a new attempt, a new session");
    assert!(f.pending.allowed_actions(t(10)).contains(&Action::CancelPayment));
    // After the hold: the room is given back.
    let late = f.pending.apply(DraftEvent::PaymentCancelled, t(50)).unwrap();
    assert_eq!((late.draft.state, late.draft.expired_reason), (S::Expired, Some(ExpiryReason::Hold)));
    assert!(matches!(late.effects.as_slice(), [Effect::ReleaseHold { .. }]));
    for draft in [&f.held, &f.failed, &f.expired_hold, &f.abandoned, &f.refunded] {
        assert!(draft.apply(DraftEvent::PaymentCancelled, t(10)).is_err(), "{:?}", draft.state);
        assert!(!draft.allowed_actions(t(10)).contains(&Action::CancelPayment), "{:?}", draft.state);
    }
}

#[test]
fn allowed_actions_agree_with_apply() {
    let f = fixtures();
    let all = [
        &f.selecting,
        &f.quoted,
        &f.details,
        &f.held,
        &f.pending,
        &f.failed,
        &f.confirmed,
        &f.expired_quote,
        &f.expired_hold,
        &f.abandoned,
        &f.refund_pending,
        &f.refunded,
    ];
    for now in [t(10), t(50)] {
        for draft in all {
            let [quoted, details, held, pay, _, _, stay, _, _, cancel] = events(draft, now);
            let probes = [
                (Action::GetQuote, quoted),
                // Extras are chosen exactly where details may be given (a new quote then).
                (Action::ChooseExtras, details.clone()),
                (Action::SubmitDetails, details),
                (Action::HoldRoom, held),
                (Action::Pay, pay),
                (Action::ChangeStay, stay),
                (Action::Cancel, cancel),
                (Action::CancelPayment, DraftEvent::PaymentCancelled),
            ];
            let allowed = draft.allowed_actions(now);
            for (action, event) in probes {
                let applied = draft.apply(event, now);
                assert_eq!(allowed.contains(&action), applied.is_ok(), "{:?} {action:?} at {now}", draft.state);
                // `check` gives the same answer (and the same reason) without an event.
                assert_eq!(draft.check(action, now), applied.map(drop), "{:?} {action:?} at {now}", draft.state);
            }
        }
    }
}

#[test]
fn each_state_has_a_screen() {
    let f = fixtures();
    let steps = [
        (&f.selecting, FunnelStep::ChooseRate),
        (&f.quoted, FunnelStep::GuestDetails),
        (&f.details, FunnelStep::Payment),
        (&f.held, FunnelStep::Payment),
        (&f.pending, FunnelStep::PaymentPending),
        (&f.failed, FunnelStep::PaymentFailed),
        (&f.expired_quote, FunnelStep::Expired),
        (&f.confirmed, FunnelStep::Confirmed),
        (&f.abandoned, FunnelStep::Cancelled),
        (&f.refund_pending, FunnelStep::Refunded),
        (&f.refunded, FunnelStep::Refunded),
    ];
    for (draft, want) in steps {
        assert_eq!(draft.step(), want, "{:?}", draft.state);
    }
    assert_eq!(f.held.hold_remaining(t(40)), Some(SignedDuration::from_mins(5)));
    assert_eq!(f.held.hold_remaining(t(60)), Some(SignedDuration::ZERO));
    assert_eq!(f.quoted.hold_remaining(t(10)), None);
}

#[test]
fn draft_round_trips_through_json() {
    let f = fixtures();
    let json = serde_json::to_string(&f.failed).unwrap();
    assert!(json.contains(r#""state":"payment_failed""#), "{json}");
    assert!(json.contains(r#""id":"0000000000000000000000001a""#), "{json}");
    let back: BookingDraft = serde_json::from_str(&json).unwrap();
    assert_eq!(back, f.failed);
}

/// A draft as the version before refunds stored it (no `refund`, no
/// payment `expires_at`), mid-payment after a decline: it still reads, and
/// what it says is kept.
#[test]
fn drafts_stored_by_the_previous_version_still_decode() {
    let stored = include_str!("../../../tests/fixtures/draft-before-refunds.json");
    let draft: BookingDraft = serde_json::from_str(stored).expect("an old draft decodes");
    assert_eq!((draft.state, draft.version, draft.tenant.as_str()), (S::PaymentFailed, 6, "aurora"));
    assert_eq!((&draft.refund, draft.payment.as_ref().and_then(|p| p.expires_at)), (&None, None));
    assert_eq!(draft.quote.as_ref().map(|q| q.total.amount), Some(26_900));
    assert!(draft.check(Action::Pay, t(10)).is_ok(), "and it can still be paid while its hold lives");
}

/// A draft whose details were given before the hotel's terms were asked
/// cannot be held until the guest accepts them (the details step again).
#[test]
fn details_stored_before_the_terms_were_asked_are_completed_before_the_hold() {
    let f = fixtures();
    assert!(f.details.check(Action::HoldRoom, t(10)).is_ok());
    let mut stored = serde_json::to_value(&f.details).unwrap();
    stored["guest"].as_object_mut().unwrap().remove("terms_accepted").expect("the field as stored now");
    let old: BookingDraft = serde_json::from_value(stored).expect("an old draft decodes");
    assert_eq!(old.check(Action::HoldRoom, t(10)), Err(TransitionError::DetailsRequired));
    assert!(!old.allowed_actions(t(10)).contains(&Action::HoldRoom));
    assert!(old.allowed_actions(t(10)).contains(&Action::SubmitDetails), "the way out: the details again");
    assert_eq!(old.check(Action::HoldRoom, t(31)), Err(TransitionError::QuoteExpired), "a stale price first");
    let ticked = step(&old, DraftEvent::DetailsSubmitted(guest()), t(11));
    assert!(ticked.check(Action::HoldRoom, t(12)).is_ok());
}

#[test]
fn draft_ids_have_one_strict_spelling() {
    let id = DraftId::new();
    let text = id.to_string();
    assert_eq!(text.len(), DRAFT_ID_LEN);
    assert_eq!(DraftId::parse(&text), Some(id));
    assert_ne!(DraftId::new(), id);
    assert_eq!(DraftId::from_u128(u128::MAX).to_string(), "7zzzzzzzzzzzzzzzzzzzzzzzzz");
    let bad = [
        "",
        "7zzzzzzzzzzzzzzzzzzzzzzzz",
        "7zzzzzzzzzzzzzzzzzzzzzzzzzz",
        "8000000000000000000000000",
        "80000000000000000000000000",
        "7ZZZZZZZZZZZZZZZZZZZZZZZZZ",
        "0000000000000000000000000i",
        "0000000000000000000000000u",
        "000000000000000000000000-0",
        "../../../../etc/passwd0000",
    ];
    for raw in bad {
        assert_eq!(DraftId::parse(raw), None, "{raw}");
    }
    assert_eq!(serde_json::to_string(&DraftId::from_u128(1)).unwrap(), r#""00000000000000000000000001""#);
    assert!(serde_json::from_str::<DraftId>(r#""nope""#).is_err());
}

// ---- property tests -------------------------------------------------------

#[derive(Debug, Clone)]
enum Op {
    /// The event that moves the funnel forward from the current state, so
    /// sequences reach the deep states often.
    Forward {
        approve: bool,
    },
    Quote {
        expires_in: i64,
    },
    Details,
    Hold {
        expires_in: i64,
    },
    Pay {
        attempt_offset: u32,
    },
    Decline,
    Confirm {
        booking_ref: &'static str,
    },
    Stay {
        nights: i8,
    },
    Select,
    Expire,
    Cancel,
    ExpireIfDue,
    Rehold {
        same_total: bool,
    },
    Refund,
    Refunded,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        12 => any::<bool>().prop_map(|approve| Op::Forward { approve }),
        3 => (-5i64..40).prop_map(|expires_in| Op::Quote { expires_in }),
        3 => Just(Op::Details),
        3 => (-5i64..40).prop_map(|expires_in| Op::Hold { expires_in }),
        3 => prop_oneof![4 => Just(0u32), 1 => Just(1u32), 1 => Just(u32::MAX)]
            .prop_map(|attempt_offset| Op::Pay { attempt_offset }),
        2 => Just(Op::Decline),
        2 => prop::sample::select(&["GH-1", "GH-2", ""][..]).prop_map(|booking_ref| Op::Confirm { booking_ref }),
        1 => (1i8..5).prop_map(|nights| Op::Stay { nights }),
        1 => Just(Op::Select),
        2 => Just(Op::Expire),
        1 => Just(Op::Cancel),
        2 => Just(Op::ExpireIfDue),
        1 => any::<bool>().prop_map(|same_total| Op::Rehold { same_total }),
        1 => Just(Op::Refund),
        1 => Just(Op::Refunded),
    ]
}

fn event_for(op: &Op, draft: &BookingDraft, now: Timestamp) -> Option<DraftEvent> {
    let at = |mins| now.checked_add(SignedDuration::from_mins(mins)).unwrap();
    Some(match op {
        Op::Forward { approve } => match draft.state {
            S::Selecting | S::Expired => DraftEvent::Quoted(quote(at(30))),
            S::Quoted => DraftEvent::DetailsSubmitted(guest()),
            S::Details => DraftEvent::Held(hold(&format!("H{}", draft.version), at(45))),
            S::Held | S::PaymentFailed => DraftEvent::PaymentStarted(payment(draft.next_payment_attempt())),
            S::PaymentPending if *approve => DraftEvent::Confirmed { booking_ref: "GH-1".into() },
            S::PaymentPending => DraftEvent::PaymentDeclined { reason: "Card declined".into() },
            S::Confirmed => DraftEvent::Confirmed { booking_ref: "GH-1".into() },
            S::Abandoned => DraftEvent::Cancelled,
            S::RefundPending => DraftEvent::RefundCompleted,
            S::Refunded => DraftEvent::RefundCompleted,
        },
        Op::Quote { expires_in } => DraftEvent::Quoted(quote(at(*expires_in))),
        Op::Details => DraftEvent::DetailsSubmitted(guest()),
        Op::Hold { expires_in } => DraftEvent::Held(hold(&format!("H{}", draft.version), at(*expires_in))),
        Op::Pay { attempt_offset } => {
            DraftEvent::PaymentStarted(payment(draft.next_payment_attempt().wrapping_add(*attempt_offset)))
        }
        Op::Decline => DraftEvent::PaymentDeclined { reason: "Card declined".into() },
        Op::Confirm { booking_ref } => DraftEvent::Confirmed { booking_ref: (*booking_ref).into() },
        Op::Stay { nights } => DraftEvent::StayChanged(criteria(*nights)),
        Op::Select => DraftEvent::SelectionChanged(selection("other")),
        Op::Expire => DraftEvent::Expire,
        Op::Cancel => DraftEvent::Cancelled,
        Op::ExpireIfDue => return None,
        Op::Rehold { same_total } => {
            let mut q = quote(at(30));
            if !same_total {
                q.total = Money::new(q.total.amount + 1, q.total.currency);
            }
            DraftEvent::Reheld { hold: hold(&format!("R{}", draft.version), at(45)), quote: q }
        }
        Op::Refund => DraftEvent::RefundStarted { reason: RefundReason::RoomUnavailable },
        Op::Refunded => DraftEvent::RefundCompleted,
    })
}

/// What every reachable draft satisfies.
fn assert_invariants(d: &BookingDraft) {
    match d.state {
        S::Selecting => assert!(d.quote.is_none() && d.hold.is_none() && d.payment.is_none()),
        S::Quoted => assert!(d.quote.is_some() && d.hold.is_none()),
        S::Details => assert!(d.quote.is_some() && d.guest.is_some() && d.hold.is_none()),
        S::Held | S::PaymentFailed => assert!(d.quote.is_some() && d.guest.is_some() && d.hold.is_some()),
        S::PaymentPending => assert!(d.hold.is_some() && d.payment.is_some()),
        S::Confirmed => assert!(d.booking_ref.is_some() && d.payment.is_some()),
        S::Expired => assert!(d.hold.is_none() && d.expired_reason.is_some()),
        S::Abandoned => assert!(d.hold.is_none()),
        S::RefundPending => assert!(d.hold.is_none() && d.refund.as_ref().is_some_and(|r| r.refunded_at.is_none())),
        S::Refunded => assert!(d.hold.is_none() && d.refund.as_ref().is_some_and(|r| r.refunded_at.is_some())),
    }
    // A refund is only ever of the payment the draft took.
    if let Some(r) = &d.refund {
        assert!(d.payment.as_ref().is_some_and(|p| p.session_id == r.session_id));
        assert_eq!(Some(r.amount), d.quote.as_ref().map(|q| q.total));
        assert!(d.booking_ref.is_none(), "refunded and booked");
    }
    if let Some(p) = &d.payment {
        assert!(p.attempt >= 1 && p.attempt <= d.payment_attempts);
    }
    if d.hold_released_after_declines {
        assert!(d.hold.is_none() && matches!(d.state, S::Details | S::Expired | S::Abandoned), "{:?}", d.state);
    }
}

fn check_step(prev: &BookingDraft, event: &DraftEvent, now: Timestamp, result: &Result<Transition, TransitionError>) {
    let Ok(tr) = result else {
        return;
    };
    let next = &tr.draft;
    assert!(!prev.state.is_terminal(), "{:?} left a terminal state", prev.state);
    assert_eq!(next.version, prev.version + 1);
    assert_eq!(
        (&next.id, &next.tenant, &next.owner, next.created_at),
        (&prev.id, &prev.tenant, &prev.owner, prev.created_at)
    );
    assert_eq!(next.updated_at, now);
    assert_invariants(next);

    // Every released hold is the one the draft had, and is gone afterwards.
    for Effect::ReleaseHold { hold_id } in &tr.effects {
        assert_eq!(prev.hold.as_ref().map(|h| &h.id), Some(hold_id));
        // Gone afterwards, or replaced by the new hold of a re-hold.
        assert_ne!(next.hold.as_ref().map(|h| &h.id), Some(hold_id));
    }
    let paying =
        matches!(event, DraftEvent::PaymentStarted(_) | DraftEvent::Confirmed { .. } | DraftEvent::Reheld { .. });
    let was_held = matches!(prev.state, S::Held | S::PaymentFailed)
        || (prev.state == S::PaymentPending && matches!(event, DraftEvent::PaymentDeclined { .. }));
    let still_held = matches!(next.state, S::Held | S::PaymentFailed);
    if was_held && !still_held && !paying {
        let hold_id = prev.hold.as_ref().unwrap().id.clone();
        assert_eq!(tr.effects, vec![Effect::ReleaseHold { hold_id }]);
    }
    if matches!(event, DraftEvent::StayChanged(_) | DraftEvent::SelectionChanged(_)) {
        assert_eq!((next.state, &next.quote, &next.hold), (S::Selecting, &None, &None));
        assert_eq!(tr.effects.len(), usize::from(prev.hold.is_some()));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn random_event_sequences_keep_the_invariants(ops in prop::collection::vec((op(), prop_oneof![9 => 0i64..4, 1 => 10i64..60]), 0..40)) {
        let mut draft = BookingDraft::new(DraftId::from_u128(7), tenant(), GuestKey::new("guest-1"), selection("flex"), t(0));
        let mut now = t(0);
        for (op, advance) in ops {
            now = now.checked_add(SignedDuration::from_mins(advance)).unwrap();
            let prev = draft.clone();
            match event_for(&op, &draft, now) {
                Some(event) => {
                    let result = draft.apply(event.clone(), now);
                    check_step(&prev, &event, now, &result);
                    if prev.state == S::Confirmed {
                        prop_assert!(result.is_err());
                    }
                    if let Ok(tr) = result {
                        draft = tr.draft;
                    }
                }
                None => {
                    let due = draft.expiry_due(now).is_some();
                    let expired = draft.expire_if_due(now);
                    prop_assert_eq!(expired.is_some(), due);
                    if let Some(tr) = expired {
                        let result = Ok(tr.clone());
                        check_step(&prev, &DraftEvent::Expire, now, &result);
                        prop_assert_eq!(tr.draft.state, S::Expired);
                        draft = tr.draft;
                    }
                }
            }
            // A stored draft reads back as itself.
            let json = serde_json::to_string(&draft).unwrap();
            prop_assert_eq!(serde_json::from_str::<BookingDraft>(&json).unwrap(), draft.clone());
        }
    }

    #[test]
    fn draft_ids_round_trip(bits in any::<u128>()) {
        let id = DraftId::from_u128(bits);
        prop_assert_eq!(DraftId::parse(&id.to_string()), Some(id));
    }

    #[test]
    fn draft_id_parse_never_panics(raw in "\\PC{0,40}") {
        if let Some(id) = DraftId::parse(&raw) {
            prop_assert_eq!(id.to_string(), raw);
        }
    }
}
