//! Tests of [`super`]: the module's rules, table by table, and property tests.

use super::*;
use proptest::prelude::*;

fn valid_form() -> GuestForm {
    GuestForm {
        first_name: "  Ada ".into(),
        last_name: "Lovelace".into(),
        email: "Ada.Lovelace@Example.COM".into(),
        phone: "+44 (20) 7946-0958".into(),
        country: "gb".into(),
        special_requests: "Late arrival\r\nQuiet room\tplease".into(),
        children_ages: String::new(),
        arrival_time: "21:00".into(),
        accept_terms: "on".into(),
    }
}

fn with(field: &str, value: &str) -> GuestForm {
    let mut form = valid_form();
    let slot = match field {
        FIRST_NAME => &mut form.first_name,
        LAST_NAME => &mut form.last_name,
        EMAIL => &mut form.email,
        PHONE => &mut form.phone,
        COUNTRY => &mut form.country,
        SPECIAL_REQUESTS => &mut form.special_requests,
        CHILDREN_AGES => &mut form.children_ages,
        ARRIVAL_TIME => &mut form.arrival_time,
        ACCEPT_TERMS => &mut form.accept_terms,
        other => panic!("unknown field {other}"),
    };
    *slot = value.to_owned();
    form
}

#[test]
fn parses_and_normalizes_a_valid_form() {
    let g = valid_form().parse(&[]).unwrap();
    assert_eq!(g.first_name(), "Ada");
    assert_eq!(g.email().as_str(), "Ada.Lovelace@example.com");
    assert_eq!(g.phone().as_str(), "+442079460958");
    assert_eq!(g.country().as_str(), "GB");
    assert_eq!(g.special_requests(), Some("Late arrival\nQuiet room please"));
    assert!(g.children_ages().is_empty());
    assert_eq!(g.arrival_time().map(|t| t.to_string()).as_deref(), Some("21:00"));
    assert!(g.terms_accepted());
}

#[test]
fn accepts_good_values_per_field() {
    let cases: &[(&str, &str)] = &[
        (FIRST_NAME, "José"),
        (FIRST_NAME, "Zoë-Anne"),
        (FIRST_NAME, "李"),
        (FIRST_NAME, &"a".repeat(80)),
        (LAST_NAME, "O'Brien"),
        (LAST_NAME, "van der Berg"),
        (EMAIL, "a@b.co"),
        (EMAIL, "first.last+tag@sub.example.org"),
        (EMAIL, " name@example.com "),
        (EMAIL, "ana@bücher.de"),
        (PHONE, "030/1234567"),
        (PHONE, "123456"),
        (PHONE, "+1 (555) 010.9999"),
        (PHONE, &"1".repeat(20)),
        (COUNTRY, "de"),
        (COUNTRY, " US "),
        (COUNTRY, "XK"),
        (SPECIAL_REQUESTS, ""),
        (SPECIAL_REQUESTS, &"x".repeat(500)),
        (ARRIVAL_TIME, ""),
        (ARRIVAL_TIME, "00:00"),
        (ARRIVAL_TIME, "9:30"),
        (ARRIVAL_TIME, " 23:59 "),
        (ACCEPT_TERMS, "true"),
        (ACCEPT_TERMS, "ON"),
        (ACCEPT_TERMS, "1"),
    ];
    for (field, value) in cases {
        let result = with(field, value).parse(&[]);
        assert!(result.is_ok(), "{field}={value:?} should be accepted: {:?}", result.err());
    }
}

#[test]
fn rejects_bad_values_per_field_with_a_message_at_that_field() {
    let long_email = format!("{}@example.com", "a".repeat(65));
    let very_long_email = format!("a@{}.com", "b".repeat(260));
    let cases: &[(&str, &str)] = &[
        (FIRST_NAME, ""),
        (FIRST_NAME, "   "),
        (FIRST_NAME, &"a".repeat(81)),
        (FIRST_NAME, "Ada\u{0}"),
        (FIRST_NAME, "Ada\nLovelace"),
        (FIRST_NAME, "evil\u{202E}txt"),
        (LAST_NAME, ""),
        (LAST_NAME, "\u{7}"),
        (EMAIL, ""),
        (EMAIL, "plainaddress"),
        (EMAIL, "@example.com"),
        (EMAIL, "a@b@example.com"),
        (EMAIL, "a b@example.com"),
        (EMAIL, "ab@example"),
        (EMAIL, "ab@.example.com"),
        (EMAIL, "ab@example..com"),
        (EMAIL, "ab@example.c"),
        (EMAIL, "ab@-example.com"),
        (EMAIL, ".ab@example.com"),
        (EMAIL, "a..b@example.com"),
        (EMAIL, "<a>@example.com"),
        (EMAIL, &long_email),
        (EMAIL, &very_long_email),
        (PHONE, ""),
        (PHONE, "12345"),
        (PHONE, &"1".repeat(21)),
        (PHONE, "++44123456"),
        (PHONE, "44+123456"),
        (PHONE, "call me maybe"),
        (PHONE, "١٢٣٤٥٦٧"),
        (COUNTRY, ""),
        (COUNTRY, "ZZ"),
        (COUNTRY, "GBR"),
        (COUNTRY, "G"),
        (COUNTRY, "ÜK"),
        (COUNTRY, "UK"),
        (SPECIAL_REQUESTS, &"x".repeat(501)),
        (ARRIVAL_TIME, "24:00"),
        (ARRIVAL_TIME, "12:60"),
        (ARRIVAL_TIME, "noon"),
        (ARRIVAL_TIME, "12"),
        (ARRIVAL_TIME, "12:5"),
        (ARRIVAL_TIME, "012:00"),
        (ARRIVAL_TIME, "+1:00"),
        (ACCEPT_TERMS, ""),
        (ACCEPT_TERMS, "false"),
        (ACCEPT_TERMS, "off"),
    ];
    for (field, value) in cases {
        let errors = with(field, value).parse(&[]).expect_err(&format!("{field}={value:?} should be refused"));
        assert!(errors.get(field).is_some(), "{field}={value:?}: {errors:?}");
        assert_eq!(errors.len(), 1, "{field}={value:?} should only flag {field}: {errors:?}");
    }
}

#[test]
fn children_ages_are_the_stays_unless_given_and_then_must_be_the_same() {
    let ok: &[(&str, &[u8], &[u8])] = &[
        ("", &[4, 9], &[4, 9]),
        ("4,9", &[4, 9], &[4, 9]),
        ("9,4", &[4, 9], &[9, 4]),
        (" 0 , 17 ", &[0, 17], &[0, 17]),
        ("4 9", &[4, 9], &[4, 9]),
        ("12", &[12], &[12]),
        ("junk", &[], &[]),
    ];
    for (raw, stay, ages) in ok {
        let g = with(CHILDREN_AGES, raw).parse(stay).unwrap();
        assert_eq!(g.children_ages(), *ages, "{raw:?}");
    }
    let bad: &[(&str, &[u8])] = &[
        ("4", &[4, 9]),
        ("4,9,11", &[4, 9]),
        ("18", &[7]),
        ("-1", &[7]),
        ("four", &[7]),
        ("007", &[7]),
        ("5,9", &[4, 9]),
        ("8", &[7]),
    ];
    for (raw, stay) in bad {
        let errors = with(CHILDREN_AGES, raw).parse(stay).unwrap_err();
        assert!(errors.get(CHILDREN_AGES).is_some(), "{raw:?} for {stay:?}");
    }
}

#[test]
fn reports_every_bad_field_at_once() {
    let errors = GuestForm::default().parse(&[4, 9]).unwrap_err();
    for field in [FIRST_NAME, LAST_NAME, EMAIL, PHONE, COUNTRY, ACCEPT_TERMS] {
        assert!(errors.get(field).is_some(), "{field}");
    }
    assert_eq!(errors.get(EMAIL).unwrap().english(), "Enter your email address.");
    assert_eq!(
        with(EMAIL, "nope").parse(&[]).unwrap_err().get(EMAIL).unwrap().english(),
        "Enter an email address like name@example.com."
    );
}

#[test]
fn unticked_terms_are_an_error_at_the_checkbox_in_the_guests_words() {
    let errors = with(ACCEPT_TERMS, "").parse(&[]).unwrap_err();
    assert_eq!(errors.get(ACCEPT_TERMS).unwrap().english(), "To book, accept the hotel's terms and privacy notice.");
}

#[test]
fn the_app_sends_booleans_and_camel_case() {
    let form: GuestForm = serde_json::from_value(serde_json::json!({
        "first_name": "Ada", "acceptTerms": true, "arrivalTime": "18:00"
    }))
    .unwrap();
    assert!(is_ticked(&form.accept_terms));
    assert_eq!(form.arrival_time, "18:00");
    let refused: GuestForm = serde_json::from_value(serde_json::json!({"accept_terms": false})).unwrap();
    assert!(!is_ticked(&refused.accept_terms));
}

#[test]
fn a_draft_stored_before_arrival_and_terms_reads_without_them() {
    let g = valid_form().parse(&[]).unwrap();
    let mut json = serde_json::to_value(&g).unwrap();
    let fields = json.as_object_mut().unwrap();
    fields.remove("arrival_time");
    fields.remove("terms_accepted");
    let old: GuestDetails = serde_json::from_value(json).unwrap();
    assert_eq!(old.arrival_time(), None);
    assert!(!old.terms_accepted());
}

#[test]
fn debug_output_carries_no_personal_data() {
    let g = valid_form().parse(&[]).unwrap();
    let printed = format!("{g:?} {:?} {:?} {:?}", g.email(), g.phone(), valid_form());
    for pii in ["Ada", "Lovelace", "example", "7946", "Late"] {
        assert!(!printed.contains(pii), "{printed}");
    }
    assert_eq!(format!("{g:?}"), r#"GuestDetails { country: CountryCode("GB"), .. }"#);
}

#[test]
fn country_list_is_complete_and_sorted() {
    assert_eq!(COUNTRY_CODES.len(), 250);
    assert!(COUNTRY_CODES.windows(2).all(|w| w[0] < w[1]));
    assert!(COUNTRY_CODES.iter().all(|c| c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase())));
}

#[test]
fn serializes_through_json() {
    let g = valid_form().parse(&[]).unwrap();
    let json = serde_json::to_string(&g).unwrap();
    assert!(json.contains(r#""country":"GB""#), "{json}");
    let back: GuestDetails = serde_json::from_str(&json).unwrap();
    assert_eq!(back, g);
}

fn arbitrary_form() -> impl Strategy<Value = GuestForm> {
    (
        any::<String>(),
        any::<String>(),
        any::<String>(),
        any::<String>(),
        any::<String>(),
        any::<String>(),
        any::<String>(),
        any::<String>(),
        prop_oneof![Just(String::new()), Just("on".to_owned()), any::<String>()],
    )
        .prop_map(
            |(
                first_name,
                last_name,
                email,
                phone,
                country,
                special_requests,
                children_ages,
                arrival_time,
                accept_terms,
            )| {
                GuestForm {
                    first_name,
                    last_name,
                    email,
                    phone,
                    country,
                    special_requests,
                    children_ages,
                    arrival_time,
                    accept_terms,
                }
            },
        )
}

fn plausible_form() -> impl Strategy<Value = (GuestForm, Vec<u8>)> {
    (
        " ?\\p{L}[\\p{L} '.-]{0,30} ?",
        "\\p{L}[\\p{L}\\p{M} '-]{0,85}",
        " ?[a-zA-Z0-9][a-zA-Z0-9_%+-]{0,10}(\\.[a-zA-Z0-9]{1,5})?@[a-zA-Z0-9]{1,10}(\\.[a-zA-Z]{2,6}){1,2} ?",
        "\\+?[0-9]{2,4}([ ./-]?[0-9]{2,4}){2,4}",
        prop::sample::select(COUNTRY_CODES),
        "[\\PC\\r\\n\\t]{0,40}",
        prop::collection::vec(prop_oneof![9 => 0u8..=17, 1 => 18u8..=30], 0..4),
        prop_oneof![Just(String::new()), "[0-2]?[0-9]:[0-6][0-9]"],
    )
        .prop_map(|(first, last, email, phone, country, requests, ages, arrival_time)| {
            let form = GuestForm {
                first_name: first,
                last_name: last,
                email,
                phone,
                country: country.to_lowercase(),
                special_requests: requests,
                children_ages: ages.iter().map(u8::to_string).collect::<Vec<_>>().join(", "),
                arrival_time,
                accept_terms: "on".into(),
            };
            (form, ages)
        })
}

fn assert_round_trips(details: &GuestDetails) {
    let form = GuestForm::from(details);
    let again = form.parse(details.children_ages());
    assert_eq!(again.as_ref(), Ok(details), "round trip failed");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_input_never_panics_and_round_trips(form in arbitrary_form(), children in proptest::collection::vec(0u8..18, 0..4)) {
        if let Ok(details) = form.parse(&children) {
            assert_round_trips(&details);
        }
    }

    #[test]
    fn plausible_input_round_trips((form, children) in plausible_form()) {
        match form.parse(&children) {
            Ok(details) => assert_round_trips(&details),
            Err(errors) => prop_assert!(!errors.is_empty()),
        }
    }
}
