use proptest::prelude::*;

use super::*;
use crate::domain::money::Currency;
use crate::domain::payment_policy::tests::policy;
use crate::domain::search::SearchForm;
use crate::domain::stay::Occupancy;

fn selection(parties: Vec<RoomParty>) -> Selection {
    let form = SearchForm { checkin: "2030-01-02".into(), checkout: "2030-01-04".into(), ..Default::default() };
    let mut criteria = form.parse(jiff::civil::date(2030, 1, 1)).unwrap();
    criteria.occupancy = Occupancy::of_rooms(parties).unwrap();
    Selection {
        property_id: "p".into(),
        room_type_id: "classic".into(),
        rate_plan_id: "flex".into(),
        criteria,
        names: Default::default(),
        rooms: Vec::new(),
    }
}

fn choice(i: usize) -> RoomChoice {
    RoomChoice {
        room_type_id: format!("type-{}", i % 3),
        rate_plan_id: format!("rate-{}", i % 2),
        room_type: String::new(),
        rate_plan: String::new(),
    }
}

#[test]
fn a_draft_stored_before_rooms_had_picks_loads_with_one_pick_for_every_room() {
    let s = selection(vec![RoomParty::new(2, vec![7]).unwrap(), RoomParty::new(1, vec![]).unwrap()]);
    let mut old = serde_json::to_value(&s).unwrap();
    assert!(old.get("rooms").is_none(), "nothing new is written for one pick");
    old.as_object_mut().unwrap().remove("rooms");
    let loaded: Selection = serde_json::from_value(old).unwrap();
    assert_eq!(loaded, s);
    assert!(loaded.room_lines().iter().all(|l| l.choice.room_type_id == "classic"));
    assert!(!loaded.rooms_differ());
}

fn party() -> impl Strategy<Value = RoomParty> {
    (1u8..=4, proptest::collection::vec(0u8..=17, 0..=2)).prop_map(|(a, c)| RoomParty::new(a, c).unwrap())
}

proptest! {
    /// Parties map to rooms in order, each room keeps its own pick, and the
    /// selection round-trips through storage.
    #[test]
    fn parties_map_to_rooms_in_order(parties in proptest::collection::vec(party(), 1..=4)) {
        let mut s = selection(parties.clone());
        s.set_room_choices((0..parties.len()).map(choice).collect());
        let lines = s.room_lines();
        prop_assert_eq!(lines.len(), parties.len());
        for (i, line) in lines.iter().enumerate() {
            prop_assert_eq!(line.number, i + 1);
            prop_assert_eq!(&line.party, &parties[i]);
            prop_assert_eq!(&line.choice, &choice(i));
        }
        prop_assert_eq!(&s.room_type_id, &choice(0).room_type_id);
        let back: Selection = serde_json::from_str(&serde_json::to_string(&s).unwrap()).unwrap();
        prop_assert_eq!(back, s);
    }

    /// The lines of any multi-room quote add up to its total to the minor
    /// unit in every exponent, and due now is the sum of each room's due now.
    #[test]
    fn the_lines_of_a_quote_sum_to_its_total(
        rooms in proptest::collection::vec((party(), 0i64..5_000_000, 0i64..500_000, 0i64..50_000, policy()), 1..=5),
        code in 0usize..3,
    ) {
        let currency = Currency::parse(["JPY", "EUR", "KWD"][code]).unwrap();
        let m = |a| Money::new(a, currency);
        let lines: Vec<QuoteLine> = rooms.iter().map(|(p, room, taxes, fees, policy)| {
            let total = m(room + taxes + fees);
            QuoteLine {
                room_type_id: "t".into(), rate_plan_id: "r".into(), party: p.clone(),
                nightly: vec![NightPrice { date: jiff::civil::date(2030, 1, 2), amount: m(*room) }],
                room_total: m(*room), taxes: m(*taxes), fees: m(*fees), total,
                refundable: true, cancellation_policy: String::new(),
                payment: PaymentTerms::split(*policy, total, Some(m(*room))).unwrap(),
            }
        }).collect();
        let sum = |f: fn(&QuoteLine) -> i64| lines.iter().map(f).sum::<i64>();
        let quote = Quote {
            id: "q".into(), nightly: Vec::new(), room_total: m(sum(|l| l.room_total.amount)),
            taxes: m(sum(|l| l.taxes.amount)), fees: m(sum(|l| l.fees.amount)), total: m(sum(|l| l.total.amount)),
            cancellation_policy: String::new(), refundable: true, expires_at: jiff::Timestamp::UNIX_EPOCH,
            member_rate: false, terms: None, promo_discount: None, negotiated: false, payment: None, rooms: Vec::new(),
            extras: Vec::new(), extras_offered: Vec::new(),
        };
        let parties: Vec<RoomParty> = rooms.iter().map(|r| r.0.clone()).collect();
        prop_assert_eq!(check_lines(&quote, &lines, &parties), Ok(()));
        let terms = combine_terms(&lines.iter().map(|l| l.payment).collect::<Vec<_>>()).unwrap();
        prop_assert_eq!(terms.due_now.amount, sum(|l| l.payment.due_now.amount));
        prop_assert_eq!(terms.due_now.amount + terms.due_at_hotel.amount, quote.total.amount);
        if terms.policy.is_guarantee() {
            prop_assert_eq!(terms.due_now.amount, 0);
        }
        // A line off by one minor unit is not the quote.
        let mut off = quote.clone();
        off.total = m(quote.total.amount + 1);
        prop_assert_eq!(check_lines(&off, &lines, &parties), Err(LinesError::Sum));
        // Rooms out of order are not the rooms asked for.
        if parties.len() > 1 && parties[0] != parties[1] {
            let mut swapped = parties.clone();
            swapped.swap(0, 1);
            prop_assert_eq!(check_lines(&quote, &lines, &swapped), Err(LinesError::Rooms));
        }
    }
}
