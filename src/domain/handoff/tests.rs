//! Tests of [`super`]: the module's rules, table by table, and property tests.

use super::*;
use proptest::prelude::*;
use serde_json::{Value, json};

const NOW: i64 = 1_785_000_000;
/// Three keys; kids of different lengths let the size tests hit any exact length.
const KEYS: &str = "k1=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=,\
                    k2=S0VZLXR3by1rZXktdHdvLWtleS10d28ta2V5LXR3by0=,\
                    long-kid=bG9uZy1raWQta2V5LWxvbmcta2lkLWtleS1sb25nLWtpZA";

fn keys() -> HandoffKeys {
    HandoffKeys::parse(KEYS).unwrap()
}

fn claims() -> HandoffClaims {
    HandoffClaims {
        jti: "jti-0123456789abcdef".into(),
        tenant: "aurora".into(),
        iat: NOW - 30,
        exp: NOW + 570,
        selection: HandoffSelection {
            property: "aurora-harbour".into(),
            checkin: "2026-08-14".into(),
            checkout: "2026-08-17".into(),
            adults: 2,
            children: vec![],
            rooms: 1,
            parties: None,
            room_type: None,
            rate_plan: None,
            promo: None,
            currency: None,
            locale: None,
        },
        attribution: BTreeMap::new(),
    }
}

fn full_claims() -> HandoffClaims {
    let mut c = claims();
    c.selection.children = vec![4, 9];
    c.selection.room_type = Some("deluxe-king".into());
    c.selection.rate_plan = Some("flex".into());
    c.selection.promo = Some("SUMMER26".into());
    c.selection.currency = Some("EUR".into());
    c.selection.locale = Some("en-GB".into());
    c.attribution = [("utm_source", "marketplace"), ("gclid", "abc123")]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    c
}

fn token() -> String {
    mint(&claims(), "k1", &keys()).unwrap()
}

fn check(token: &str) -> Result<VerifiedHandoff, HandoffError> {
    verify(token, &keys(), "aurora", NOW)
}

/// Signs any JSON value as the payload, taking the signing-string fields from it
/// (or placeholders when absent), so a test can build deliberately bad tokens.
fn sign_json(payload: &Value, kid: &str) -> String {
    sign_bytes(serde_json::to_vec(payload).unwrap().as_slice(), payload, kid)
}

fn sign_bytes(payload: &[u8], fields: &Value, kid: &str) -> String {
    let s = |k: &str| fields.get(k).and_then(Value::as_str).unwrap_or("").to_owned();
    let n = |k: &str| fields.get(k).and_then(Value::as_i64).unwrap_or(0);
    sign_payload(payload, kid, &s("tenant"), &s("jti"), n("iat"), n("exp"), &keys()).unwrap()
}

fn claims_json() -> Value {
    serde_json::to_value(claims()).unwrap()
}

fn with(mut payload: Value, key: &str, value: Value) -> Value {
    payload[key] = value;
    payload
}

fn parts(token: &str) -> Vec<String> {
    token.split('.').map(str::to_owned).collect()
}

fn replace_part(token: &str, index: usize, value: &str) -> String {
    let mut p = parts(token);
    p[index] = value.to_owned();
    p.join(".")
}

fn timed(iat: i64, exp: i64) -> String {
    let mut c = claims();
    (c.iat, c.exp) = (iat, exp);
    sign_json(&serde_json::to_value(c).unwrap(), "k1")
}

// --- round trips -------------------------------------------------------

#[test]
fn minted_token_verifies_to_the_same_claims() {
    let verified = check(&token()).unwrap();
    assert_eq!(verified.claims, claims());
    assert_eq!(verified.kid, "k1");
}

#[test]
fn minted_token_with_children_and_optional_fields_round_trips() {
    let token = mint(&full_claims(), "k2", &keys()).unwrap();
    let verified = check(&token).unwrap();
    assert_eq!(verified.claims, full_claims());
    assert_eq!(verified.kid, "k2");
}

#[test]
fn claims_serialize_with_the_contract_field_names() {
    let value = serde_json::to_value(full_claims()).unwrap();
    let mut names: Vec<&str> = value.as_object().unwrap().keys().map(String::as_str).collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "adults",
            "attribution",
            "checkin",
            "checkout",
            "children",
            "currency",
            "exp",
            "iat",
            "jti",
            "locale",
            "promo",
            "property",
            "rate_plan",
            "room_type",
            "rooms",
            "tenant"
        ]
    );
    let minimal = serde_json::to_value(claims()).unwrap();
    assert!(minimal.get("room_type").is_none(), "absent options are omitted");
}

#[test]
fn token_has_the_v1_shape_with_unpadded_base64url() {
    let token = token();
    let p = parts(&token);
    assert_eq!(p.len(), 4);
    assert_eq!((p[0].as_str(), p[1].as_str()), ("v1", "k1"));
    assert_eq!(p[3].len(), 43);
    assert!(!token.contains(['=', '+', '/']));
}

#[test]
fn signing_string_is_seven_lines_without_trailing_newline() {
    let s = signing_string("k1", "aurora", "jti-0123456789abcdef", 10, 20, b"{}");
    assert_eq!(
        s,
        "GHASI-HANDOFF-V1\nk1\naurora\njti-0123456789abcdef\n10\n20\n\
         44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"
    );
}

// --- tampering ---------------------------------------------------------

#[test]
fn every_single_character_change_is_rejected() {
    let token = token();
    for index in 0..token.len() {
        for replacement in ['A', 'z', '0', '9', '-', '_', '.', '=', '+', '/', 'v', '2'] {
            let mut bytes = token.clone().into_bytes();
            if bytes[index] == replacement as u8 {
                continue;
            }
            bytes[index] = replacement as u8;
            let tampered = String::from_utf8(bytes).unwrap();
            assert!(check(&tampered).is_err(), "accepted a change at {index} to {replacement}");
        }
    }
}

#[test]
fn every_bit_flip_is_rejected() {
    let token = token();
    for index in 0..token.len() {
        for bit in 0..7 {
            let mut bytes = token.clone().into_bytes();
            bytes[index] ^= 1 << bit;
            let tampered = String::from_utf8(bytes).unwrap();
            assert!(check(&tampered).is_err(), "accepted a flip of bit {bit} at {index}");
        }
    }
}

#[test]
fn each_part_replaced_is_rejected_with_its_error() {
    let token = token();
    let other = mint(&full_claims(), "k1", &keys()).unwrap();
    assert_eq!(check(&replace_part(&token, 0, "v2")).unwrap_err(), HandoffError::UnsupportedVersion);
    assert_eq!(check(&replace_part(&token, 1, "k3")).unwrap_err(), HandoffError::UnknownKey);
    assert_eq!(check(&replace_part(&token, 1, "k2")).unwrap_err(), HandoffError::BadSignature);
    assert_eq!(check(&replace_part(&token, 2, &parts(&other)[2])).unwrap_err(), HandoffError::BadSignature);
    assert_eq!(check(&replace_part(&token, 3, &parts(&other)[3])).unwrap_err(), HandoffError::BadSignature);
}

#[test]
fn a_changed_payload_with_the_original_signature_is_rejected() {
    let token = token();
    let changed = with(claims_json(), "adults", json!(3));
    let forged = replace_part(&token, 2, &URL_SAFE_NO_PAD.encode(serde_json::to_vec(&changed).unwrap()));
    assert_eq!(check(&forged).unwrap_err(), HandoffError::BadSignature);
}

#[test]
fn payload_key_order_is_not_normalised_before_hashing() {
    // Same claims, different bytes: the signature covers the bytes as sent.
    let token = token();
    let payload = URL_SAFE_NO_PAD.decode(&parts(&token)[2]).unwrap();
    let mut spaced = payload.clone();
    spaced.insert(1, b' ');
    let forged = replace_part(&token, 2, &URL_SAFE_NO_PAD.encode(&spaced));
    assert_eq!(check(&forged).unwrap_err(), HandoffError::BadSignature);
    let resigned = sign_bytes(&spaced, &claims_json(), "k1");
    assert_eq!(check(&resigned).unwrap().claims, claims());
}

// --- order of checks ---------------------------------------------------

#[test]
fn size_is_checked_before_anything_else() {
    assert_eq!(check(&"x".repeat(MAX_TOKEN_BYTES + 1)).unwrap_err(), HandoffError::TooLarge);
    assert_eq!(check(&format!("v9.{}", "a".repeat(5000))).unwrap_err(), HandoffError::TooLarge);
}

#[test]
fn version_is_checked_before_the_envelope_and_kid() {
    assert_eq!(check("v2").unwrap_err(), HandoffError::UnsupportedVersion);
    assert_eq!(check("v2.nokey.x.y").unwrap_err(), HandoffError::UnsupportedVersion);
    assert_eq!(check(&replace_part(&token(), 0, "v10")).unwrap_err(), HandoffError::UnsupportedVersion);
    for not_a_version in ["", "V1", "x1", "v", "v1x", "1", "v-1", " v1"] {
        let tampered = replace_part(&token(), 0, not_a_version);
        assert_eq!(check(&tampered).unwrap_err(), HandoffError::Malformed, "{not_a_version:?}");
    }
}

#[test]
fn an_unreadable_envelope_is_malformed_whatever_the_kid() {
    let token = token();
    let unknown = replace_part(&token, 1, "retired");
    assert_eq!(check(&replace_part(&unknown, 3, "short")).unwrap_err(), HandoffError::Malformed);
    assert_eq!(check(&replace_part(&unknown, 2, "bm90IGpzb24")).unwrap_err(), HandoffError::Malformed);
}

#[test]
fn unknown_kid_is_reported_before_the_signature() {
    let bad_sig = replace_part(&token(), 3, &URL_SAFE_NO_PAD.encode([0u8; 32]));
    assert_eq!(check(&replace_part(&bad_sig, 1, "retired")).unwrap_err(), HandoffError::UnknownKey);
}

#[test]
fn signature_is_checked_before_payload_tenant_and_time() {
    let zero_sig = URL_SAFE_NO_PAD.encode([0u8; 32]);
    let expired = timed(NOW - 2000, NOW - 1500);
    let wrong_tenant = sign_json(&with(claims_json(), "tenant", json!("kestrel")), "k1");
    let bad_payload = sign_json(&with(claims_json(), "adults", json!(0)), "k1");
    let too_long = timed(NOW, NOW + 5000);
    for token in [expired, wrong_tenant, bad_payload, too_long] {
        assert!(check(&token).is_err());
        assert_eq!(check(&replace_part(&token, 3, &zero_sig)).unwrap_err(), HandoffError::BadSignature);
    }
}

#[test]
fn payload_is_checked_before_tenant_and_tenant_before_time() {
    let bad_payload = with(with(claims_json(), "tenant", json!("kestrel")), "rooms", json!(0));
    assert_eq!(check(&sign_json(&bad_payload, "k1")).unwrap_err().code(), "bad-payload");
    let mut c = claims();
    c.tenant = "kestrel".into();
    (c.iat, c.exp) = (NOW - 5000, NOW - 4500);
    let wrong_tenant_expired = sign_json(&serde_json::to_value(c).unwrap(), "k1");
    assert_eq!(check(&wrong_tenant_expired).unwrap_err(), HandoffError::WrongTenant);
}

#[test]
fn time_checks_run_in_contract_order() {
    // Not yet valid and too long: not-yet-valid first.
    assert_eq!(check(&timed(NOW + 100, NOW + 2000)).unwrap_err(), HandoffError::NotYetValid);
    // Expired and too long: expired first.
    assert_eq!(check(&timed(NOW - 5000, NOW - 1000)).unwrap_err(), HandoffError::Expired);
}

// --- clock, lifetime, size ---------------------------------------------

#[test]
fn issued_up_to_sixty_seconds_in_the_future_is_accepted() {
    assert!(check(&timed(NOW + 60, NOW + 600)).is_ok());
    assert_eq!(check(&timed(NOW + 61, NOW + 600)).unwrap_err(), HandoffError::NotYetValid);
}

#[test]
fn expiry_is_extended_by_sixty_seconds_of_skew() {
    assert!(check(&timed(NOW - 600, NOW - 60)).is_ok());
    assert_eq!(check(&timed(NOW - 600, NOW - 61)).unwrap_err(), HandoffError::Expired);
}

#[test]
fn lifetime_of_900_seconds_is_the_limit() {
    assert!(check(&timed(NOW - 100, NOW + 800)).is_ok());
    assert_eq!(check(&timed(NOW - 100, NOW + 801)).unwrap_err(), HandoffError::LifetimeTooLong);
    assert!(check(&timed(NOW, NOW)).is_ok(), "zero lifetime is allowed");
}

#[test]
fn expiry_before_issue_is_a_bad_payload() {
    assert_eq!(check(&timed(NOW, NOW - 1)).unwrap_err().code(), "bad-payload");
    assert_eq!(check(&timed(0, 10)).unwrap_err().code(), "bad-payload");
}

#[test]
fn extreme_times_do_not_overflow() {
    let at = |iat, exp, now| verify(&timed(iat, exp), &keys(), "aurora", now).map(|_| ()).map_err(|e| e.code());
    assert_eq!(at(i64::MAX, i64::MAX, i64::MAX), Ok(()));
    assert_eq!(at(i64::MAX, i64::MAX, i64::MIN), Err("not-yet-valid"));
    assert_eq!(at(1, i64::MAX, NOW), Err("lifetime-too-long"));
    assert_eq!(at(1, 2, i64::MAX), Err("expired"));
    assert_eq!(at(i64::MIN, i64::MAX, NOW), Err("bad-payload"));
    assert_eq!(verify(&token(), &keys(), "aurora", i64::MAX).unwrap_err(), HandoffError::Expired);
    assert_eq!(verify(&token(), &keys(), "aurora", i64::MIN).unwrap_err(), HandoffError::NotYetValid);
}

/// A validly signed token of exactly `len` bytes, padded through attribution:
/// `full` entries of 200 characters and one growing entry, so the length grows
/// by one or two characters a step; the two kid lengths fill the gaps.
fn token_of_len(len: usize) -> String {
    for kid in ["k1", "long-kid"] {
        for full in 0..ATTRIBUTION_MAX_ENTRIES {
            for last in 0..=ATTRIBUTION_VALUE_MAX {
                let mut c = claims();
                for i in 0..full {
                    c.attribution.insert(format!("pad_{i:02}"), "x".repeat(ATTRIBUTION_VALUE_MAX));
                }
                c.attribution.insert(format!("pad_{full:02}"), "x".repeat(last));
                let token = sign_json(&serde_json::to_value(&c).unwrap(), kid);
                if token.len() == len {
                    return token;
                }
            }
        }
    }
    panic!("no token of length {len}");
}

#[test]
fn a_token_of_exactly_4096_bytes_is_accepted() {
    let token = token_of_len(MAX_TOKEN_BYTES);
    assert_eq!(token.len(), 4096);
    assert!(check(&token).is_ok());
}

#[test]
fn a_validly_signed_token_of_4097_bytes_is_too_large() {
    let token = token_of_len(MAX_TOKEN_BYTES + 1);
    assert_eq!(check(&token).unwrap_err(), HandoffError::TooLarge);
}

// --- envelope ----------------------------------------------------------

#[test]
fn padded_base64_is_malformed() {
    let mut c = claims();
    // Grow the payload until its base64 needs padding.
    let token = loop {
        let token = sign_json(&serde_json::to_value(&c).unwrap(), "k1");
        if !parts(&token)[2].len().is_multiple_of(4) {
            break token;
        }
        c.selection.property.push('x');
    };
    assert!(check(&token).is_ok());
    let p = parts(&token);
    let padded_payload = format!("{}{}", p[2], "=".repeat(4 - p[2].len() % 4));
    assert_eq!(check(&replace_part(&token, 2, &padded_payload)).unwrap_err(), HandoffError::Malformed);
    assert_eq!(check(&replace_part(&token, 3, &format!("{}=", p[3]))).unwrap_err(), HandoffError::Malformed);
}

#[test]
fn standard_alphabet_base64_is_malformed() {
    let mut c = claims();
    // Find a payload whose base64url uses '-' or '_', then spell it the standard way.
    let token = (0..200)
        .find_map(|i| {
            c.attribution.insert("probe".into(), format!("~~?>{i}"));
            let token = sign_json(&serde_json::to_value(&c).unwrap(), "k1");
            parts(&token)[2].contains(['-', '_']).then_some(token)
        })
        .unwrap();
    assert!(check(&token).is_ok());
    let standard = parts(&token)[2].replace('-', "+").replace('_', "/");
    assert_eq!(check(&replace_part(&token, 2, &standard)).unwrap_err(), HandoffError::Malformed);
}

#[test]
fn non_canonical_base64_trailing_bits_are_malformed() {
    let token = token();
    let sig = &parts(&token)[3];
    // 32 bytes leave the last character's two low bits unused; set one.
    let last = sig.chars().last().unwrap();
    let index = base64::alphabet::URL_SAFE.as_str().find(last).unwrap();
    let bumped = base64::alphabet::URL_SAFE.as_str().as_bytes()[index ^ 1] as char;
    let forged = format!("{}{bumped}", &sig[..sig.len() - 1]);
    assert_eq!(check(&replace_part(&token, 3, &forged)).unwrap_err(), HandoffError::Malformed);
}

#[test]
fn wrong_segment_counts_and_empty_segments_are_malformed() {
    let token = token();
    let p = parts(&token);
    for bad in [
        String::new(),
        "v1".into(),
        "v1.".into(),
        format!("v1.{}.{}", p[1], p[2]),
        format!("{token}.extra"),
        format!("v1..{}.{}", p[2], p[3]),
        format!("v1.{}..{}", p[1], p[3]),
        format!("v1.{}.{}.", p[1], p[2]),
        format!("v1.{}.{}.{}", "k".repeat(33), p[2], p[3]),
        format!("v1.k 1.{}.{}", p[2], p[3]),
    ] {
        assert_eq!(check(&bad).unwrap_err(), HandoffError::Malformed, "{bad:?}");
    }
}

#[test]
fn payloads_without_usable_signing_fields_are_malformed() {
    let base = claims_json();
    let mut no_iat = base.clone();
    no_iat.as_object_mut().unwrap().remove("iat");
    for payload in [
        no_iat,
        with(base.clone(), "iat", json!(1_784_999_970.0)),
        with(base.clone(), "exp", json!("1785000570")),
        with(base.clone(), "tenant", json!(7)),
        with(base.clone(), "jti", Value::Null),
        json!([1, 2, 3]),
        json!("v1"),
    ] {
        assert_eq!(check(&sign_json(&payload, "k1")).unwrap_err(), HandoffError::Malformed, "{payload}");
    }
    for bytes in [&b""[..], b"not json", b"{\"jti\":", b"\xff\xfe{}"] {
        assert_eq!(check(&sign_bytes(bytes, &base, "k1")).unwrap_err(), HandoffError::Malformed);
    }
    let trailing = [serde_json::to_vec(&base).unwrap(), b"x".to_vec()].concat();
    assert_eq!(check(&sign_bytes(&trailing, &base, "k1")).unwrap_err(), HandoffError::Malformed);
}

#[test]
fn a_duplicated_signing_field_is_malformed_and_another_duplicate_a_bad_payload() {
    let body = serde_json::to_string(&claims_json()).unwrap();
    let dup_jti = format!("{{\"jti\":\"jti-aaaaaaaaaaaaaaaa\",{}", &body[1..]);
    assert_eq!(check(&sign_bytes(dup_jti.as_bytes(), &claims_json(), "k1")).unwrap_err(), HandoffError::Malformed);
    let dup_adults = format!("{{\"adults\":9,{}", &body[1..]);
    assert_eq!(check(&sign_bytes(dup_adults.as_bytes(), &claims_json(), "k1")).unwrap_err().code(), "bad-payload");
}

// --- payload validation ------------------------------------------------

#[test]
fn jti_must_be_16_to_64_url_safe_characters() {
    for good in ["a".repeat(16), "Z9_-".repeat(16)] {
        assert!(check(&sign_json(&with(claims_json(), "jti", json!(good)), "k1")).is_ok(), "{good}");
    }
    for bad in ["a".repeat(15), "a".repeat(65), "jti with spaces 1234".into(), "jti.with.dots.12345".into()] {
        let err = check(&sign_json(&with(claims_json(), "jti", json!(bad)), "k1")).unwrap_err();
        assert_eq!(err.code(), "bad-payload", "{bad}");
    }
}

#[test]
fn invalid_selections_are_bad_payloads() {
    let cases: Vec<(&str, Value)> = vec![
        ("checkin", json!("2026-8-14")),
        ("checkin", json!("2026-02-30")),
        ("checkin", json!("2026-08-14T00:00:00")),
        ("checkout", json!("2026-08-14")),
        ("checkout", json!("2026-08-10")),
        ("checkout", json!("2026-09-14")),
        ("adults", json!(0)),
        ("adults", json!(10)),
        ("adults", json!(-1)),
        ("adults", json!(300)),
        ("adults", json!("2")),
        ("rooms", json!(0)),
        ("rooms", json!(3)),
        ("children", json!([18])),
        ("children", json!([-1])),
        ("children", json!([1, 1, 1, 1, 1, 1, 1, 1, 1])),
        ("children", json!("4,9")),
        ("property", json!("")),
        ("property", json!("has space")),
        ("property", json!("p".repeat(65))),
        ("room_type", json!("<script>")),
        ("rate_plan", json!("")),
        ("promo", json!("x".repeat(33))),
        ("currency", json!("eur")),
        ("currency", json!("EURO")),
        ("locale", json!("english")),
        ("locale", json!("en_GB")),
        ("tenant", json!("")),
        ("attribution", json!(["utm_source"])),
    ];
    for (field, value) in cases {
        let err = check(&sign_json(&with(claims_json(), field, value.clone()), "k1")).unwrap_err();
        assert_eq!(err.code(), "bad-payload", "{field} = {value}");
    }
    let mut no_property = claims_json();
    no_property.as_object_mut().unwrap().remove("property");
    assert_eq!(check(&sign_json(&no_property, "k1")).unwrap_err().code(), "bad-payload");
}

#[test]
fn selection_boundaries_are_accepted() {
    let cases: Vec<(&str, Value)> = vec![
        ("checkout", json!("2026-09-13")),
        ("checkout", json!("2026-08-15")),
        ("adults", json!(9)),
        ("rooms", json!(2)),
        ("children", json!([0, 17, 1, 1, 1, 1, 1, 1])),
        ("children", Value::Null),
        ("promo", Value::Null),
        ("locale", json!("zh-Hant-TW")),
        ("property", json!("prop:aurora.harbour_1")),
    ];
    for (field, value) in cases {
        assert!(check(&sign_json(&with(claims_json(), field, value.clone()), "k1")).is_ok(), "{field} = {value}");
    }
    let mut no_children = claims_json();
    no_children.as_object_mut().unwrap().remove("children");
    assert_eq!(check(&sign_json(&no_children, "k1")).unwrap().claims.selection.children, Vec::<u8>::new());
    let big_party = with(with(claims_json(), "adults", json!(18)), "rooms", json!(2));
    assert!(check(&sign_json(&big_party, "k1")).is_ok());
}

#[test]
fn verified_selection_exposes_dates_and_nights() {
    let selection = check(&token()).unwrap().claims.selection;
    assert_eq!(selection.dates(), Some((jiff::civil::date(2026, 8, 14), jiff::civil::date(2026, 8, 17))));
    assert_eq!(selection.nights(), Some(3));
}

#[test]
fn unknown_payload_fields_are_ignored() {
    let payload = with(claims_json(), "future_field", json!({"nested": [1, 2]}));
    assert_eq!(check(&sign_json(&payload, "k1")).unwrap().claims, claims());
}

#[test]
fn attribution_keeps_only_bounded_string_entries() {
    let attribution = json!({
        "utm_source": "marketplace",
        "utm_campaign": "x".repeat(200),
        "too_long_value": "x".repeat(201),
        "UpperCase": "dropped",
        "dash-key": "dropped",
        "k".repeat(41): "dropped",
        "": "dropped",
        "number": 7,
        "object": {"a": "b"},
        "control": "line\nbreak",
        "empty": "",
    });
    let verified = check(&sign_json(&with(claims_json(), "attribution", attribution), "k1")).unwrap();
    let keys: Vec<&str> = verified.claims.attribution.keys().map(String::as_str).collect();
    assert_eq!(keys, ["empty", "utm_campaign", "utm_source"]);
}

#[test]
fn attribution_keeps_the_first_twenty_entries_by_key() {
    let attribution: serde_json::Map<String, Value> =
        (0..30).rev().map(|i| (format!("key_{i:02}"), json!("v"))).collect();
    let payload = with(claims_json(), "attribution", Value::Object(attribution));
    let kept = check(&sign_json(&payload, "k1")).unwrap().claims.attribution;
    assert_eq!(kept.len(), 20);
    assert_eq!(kept.keys().next().unwrap(), "key_00");
    assert_eq!(kept.keys().last().unwrap(), "key_19");
}

#[test]
fn null_or_absent_attribution_is_empty() {
    let mut absent = claims_json();
    absent.as_object_mut().unwrap().remove("attribution");
    for payload in [absent, with(claims_json(), "attribution", Value::Null)] {
        assert!(check(&sign_json(&payload, "k1")).unwrap().claims.attribution.is_empty());
    }
}

#[test]
fn wrong_tenant_is_refused() {
    assert_eq!(verify(&token(), &keys(), "kestrel", NOW).unwrap_err(), HandoffError::WrongTenant);
    assert_eq!(verify(&token(), &keys(), "Aurora", NOW).unwrap_err(), HandoffError::WrongTenant);
}

// --- keys and rotation -------------------------------------------------

#[test]
fn a_token_signed_with_a_rotated_out_key_is_unknown() {
    let token = mint(&claims(), "k1", &keys()).unwrap();
    let both = HandoffKeys::parse(KEYS).unwrap();
    assert!(verify(&token, &both, "aurora", NOW).is_ok());
    let k2_only = HandoffKeys::parse(KEYS.split(',').nth(1).unwrap()).unwrap();
    assert_eq!(verify(&token, &k2_only, "aurora", NOW).unwrap_err(), HandoffError::UnknownKey);
}

#[test]
fn the_same_kid_with_different_material_is_a_bad_signature() {
    let other = HandoffKeys::parse(&format!("k1={}", URL_SAFE_NO_PAD.encode([7u8; 32]))).unwrap();
    assert_eq!(verify(&token(), &other, "aurora", NOW).unwrap_err(), HandoffError::BadSignature);
}

#[test]
fn key_spec_accepts_base64_variants_and_separators() {
    let key = [0xfbu8; 32]; // needs padding, and encodes to '+' and '/' (standard) or '-' and '_' (url-safe)
    let variants = [
        base64::engine::general_purpose::STANDARD.encode(key),
        base64::engine::general_purpose::STANDARD_NO_PAD.encode(key),
        base64::engine::general_purpose::URL_SAFE.encode(key),
        URL_SAFE_NO_PAD.encode(key),
    ];
    let reference = HandoffKeys::parse(&format!("a={}", variants[0])).unwrap();
    let token = mint(&claims(), "a", &reference).unwrap();
    for v in &variants {
        let keys = HandoffKeys::parse(&format!(" b={v},\n a={v}\n")).unwrap();
        assert_eq!(keys.kids().collect::<Vec<_>>(), ["b", "a"]);
        assert_eq!(keys.first_kid(), "b");
        assert!(keys.contains("a") && !keys.contains("c"));
        assert!(verify(&token, &keys, "aurora", NOW).is_ok(), "{v}");
    }
}

#[test]
fn key_spec_errors_name_the_problem_but_never_the_key() {
    let short = URL_SAFE_NO_PAD.encode([1u8; 31]);
    let good = URL_SAFE_NO_PAD.encode([2u8; 32]);
    let cases = [
        (String::new(), KeyConfigError::Empty),
        (" , \n".into(), KeyConfigError::Empty),
        (format!("k1{good}"), KeyConfigError::MissingSeparator { entry: 1 }),
        (format!("k1={good},={good}"), KeyConfigError::InvalidKid { entry: 2 }),
        (format!("k.1={good}"), KeyConfigError::InvalidKid { entry: 1 }),
        (format!("k1={good},k1={good}"), KeyConfigError::DuplicateKid { kid: "k1".into() }),
        ("k1=not*base64".into(), KeyConfigError::InvalidBase64 { kid: "k1".into() }),
        ("k1=".into(), KeyConfigError::TooShort { kid: "k1".into(), len: 0 }),
        (format!("k1={short}"), KeyConfigError::TooShort { kid: "k1".into(), len: 31 }),
    ];
    for (spec, expected) in cases {
        let err = HandoffKeys::parse(&spec).unwrap_err();
        assert_eq!(err, expected, "{spec:?}");
        let shown = format!("{err} {err:?}");
        assert!(!shown.contains(&good) && !shown.contains(&short), "{shown}");
    }
}

#[test]
fn keys_debug_shows_kids_only() {
    let shown = format!("{:?}", keys());
    assert_eq!(shown, r#"HandoffKeys { kids: ["k1", "k2", "long-kid"] }"#);
    let demo = format!("{:?}", HandoffKeys::demo());
    assert!(!demo.contains(DEMO_KEY_B64) && !demo.contains("not-secret"), "{demo}");
}

#[test]
fn derived_keys_rotate_with_the_handoff_keys_and_stay_apart_by_label() {
    let old_only = HandoffKeys::parse("k2=S0VZLXR3by1rZXktdHdvLWtleS10d28ta2V5LXR3by0=").unwrap();
    let tag = old_only.derive("first-touch").sign(b"m");
    // k1 now signs, k2 (listed second) still verifies what it signed.
    assert!(keys().derive("first-touch").verify(b"m", &tag));
    assert_ne!(keys().derive("first-touch").sign(b"m"), tag);
    assert!(!keys().derive("first-touch").verify(b"n", &tag));
    assert!(!keys().derive("another-purpose").verify(b"m", &tag));
    assert!(!keys().derive("first-touch").verify(b"m", &tag[..31]));
    // Not the handoff signature: a derived key is not the handoff key itself.
    let direct = mac_for(&keys().keys[0].1, "m").finalize().into_bytes();
    assert!(!keys().derive("first-touch").verify(b"m", &direct));
    let shown = format!("{:?}", keys().derive("first-touch"));
    assert_eq!(shown, "DerivedKeys { count: 3 }");
}

#[test]
fn demo_keys_hold_the_published_key() {
    let demo = HandoffKeys::demo();
    assert_eq!(demo.first_kid(), DEMO_KID);
    assert!(demo.uses_demo_key());
    assert!(!keys().uses_demo_key());
    let renamed = HandoffKeys::parse(&format!("prod={DEMO_KEY_B64},k9={}", URL_SAFE_NO_PAD.encode([3u8; 32])));
    assert!(renamed.unwrap().uses_demo_key(), "the demo key is detected under any kid");
    let token = mint(&claims(), DEMO_KID, &demo).unwrap();
    assert!(verify(&token, &demo, "aurora", NOW).is_ok());
    assert_eq!(KEY_STANDARD.decode(DEMO_KEY_B64).unwrap(), b"ghasi-demo-handoff-key-not-secret");
}

// --- minting -----------------------------------------------------------

#[test]
fn mint_refuses_what_verify_would_refuse() {
    let mut bad_jti = claims();
    bad_jti.jti = "short".into();
    assert_eq!(mint(&bad_jti, "k1", &keys()).unwrap_err().code(), "bad-payload");
    assert_eq!(mint(&claims(), "k3", &keys()).unwrap_err(), HandoffError::UnknownKey);
    assert_eq!(mint(&claims(), "bad kid", &keys()).unwrap_err(), HandoffError::UnknownKey);
    let mut long = claims();
    long.exp = long.iat + 901;
    assert_eq!(mint(&long, "k1", &keys()).unwrap_err(), HandoffError::LifetimeTooLong);
    let mut bad_attribution = claims();
    bad_attribution.attribution.insert("Bad Key".into(), "v".into());
    assert_eq!(mint(&bad_attribution, "k1", &keys()).unwrap_err().code(), "bad-payload");
    let mut huge = claims();
    for i in 0..20 {
        huge.attribution.insert(format!("pad_{i:02}"), "x".repeat(200));
    }
    assert_eq!(mint(&huge, "k1", &keys()).unwrap_err(), HandoffError::TooLarge);
}

#[test]
fn new_jti_is_random_and_valid() {
    let a = new_jti();
    let b = new_jti();
    assert_ne!(a, b);
    assert!(a.len() >= 22 && is_jti(&a), "{a}");
}

// --- errors ------------------------------------------------------------

#[test]
fn error_codes_are_distinct_kebab_case_and_messages_plain() {
    let all = [
        HandoffError::TooLarge,
        HandoffError::Malformed,
        HandoffError::UnsupportedVersion,
        HandoffError::UnknownKey,
        HandoffError::BadSignature,
        HandoffError::BadPayload(Msg::new("handoff-payload-adults-too-many")),
        HandoffError::WrongTenant,
        HandoffError::NotYetValid,
        HandoffError::Expired,
        HandoffError::LifetimeTooLong,
    ];
    let codes: std::collections::BTreeSet<&str> = all.iter().map(HandoffError::code).collect();
    assert_eq!(codes.len(), all.len());
    for error in &all {
        assert!(error.code().bytes().all(|b| b.is_ascii_lowercase() || b == b'-'));
        let message = error.to_string();
        assert!(message.starts_with("This booking link") && message.len() < 120, "{message}");
    }
}

// --- the published test vectors ----------------------------------------

#[test]
fn vectors_file_matches() {
    let doc: Value = serde_json::from_str(include_str!("../../../tests/vectors/handoff_v1.json")).unwrap();
    let spec = doc["keys"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(kid, key)| format!("{kid}={}", key.as_str().unwrap()))
        .collect::<Vec<_>>()
        .join(",");
    let keys = HandoffKeys::parse(&spec).unwrap();
    let cases = doc["cases"].as_array().unwrap();
    let mut seen_codes = std::collections::BTreeSet::new();
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let token = case["token"].as_str().unwrap();
        let host = case["hostTenant"].as_str().unwrap();
        let now = case["now"].as_i64().unwrap();
        let expect = case["expect"].as_str().unwrap();
        seen_codes.insert(expect);
        match verify(token, &keys, host, now) {
            Ok(verified) => {
                assert_eq!(expect, "ok", "{name}: verified but expected {expect}");
                assert_eq!(serde_json::to_value(&verified.claims).unwrap(), case["claims"], "{name}");
                let p = parts(token);
                let payload = URL_SAFE_NO_PAD.decode(&p[2]).unwrap();
                let c = &verified.claims;
                let signing = signing_string(&verified.kid, &c.tenant, &c.jti, c.iat, c.exp, &payload);
                assert_eq!(signing, case["signingString"].as_str().unwrap(), "{name}");
            }
            Err(err) => assert_eq!(err.code(), expect, "{name}: {err}"),
        }
    }
    for code in [
        "ok",
        "too-large",
        "malformed",
        "unsupported-version",
        "unknown-key",
        "bad-signature",
        "bad-payload",
        "wrong-tenant",
        "not-yet-valid",
        "expired",
        "lifetime-too-long",
    ] {
        assert!(seen_codes.contains(code), "the vectors lack a {code} case");
    }
}

// --- properties --------------------------------------------------------

fn arb_claims() -> impl Strategy<Value = HandoffClaims> {
    let ids = "[A-Za-z0-9_-]{16,64}";
    (
        ids,
        "[a-z][a-z0-9-]{0,20}",
        (1_700_000_000i64..1_900_000_000, 0i64..=900),
        (1u8..=5, 0u8..=4, proptest::collection::vec(0u8..=17, 0..=8)),
        (0i64..400, 1i64..=30),
        proptest::option::of("[A-Za-z0-9._:-]{1,64}"),
        proptest::option::of("[A-Z]{3}"),
        proptest::collection::btree_map("[a-z0-9_]{1,40}", "\\PC{0,40}", 0..=5),
    )
        .prop_map(|(jti, tenant, (iat, life), (rooms, extra, children), (offset, nights), room, cur, attr)| {
            let checkin = jiff::civil::date(2026, 1, 1) + jiff::Span::new().days(offset);
            let checkout = checkin + jiff::Span::new().days(nights);
            HandoffClaims {
                jti,
                tenant,
                iat,
                exp: iat + life,
                selection: HandoffSelection {
                    property: "aurora-harbour".into(),
                    checkin: checkin.to_string(),
                    checkout: checkout.to_string(),
                    adults: rooms + extra,
                    children,
                    rooms,
                    parties: None,
                    room_type: room.clone(),
                    rate_plan: room,
                    promo: None,
                    currency: cur,
                    locale: Some("fr-CA".into()),
                },
                attribution: attr,
            }
        })
}

/// JSON payloads that carry the signing fields but anything at all elsewhere.
fn arb_signed_payload() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(Value::from),
        "\\PC{0,12}".prop_map(Value::from),
        "20[0-9]{2}-[01][0-9]-[0-3][0-9]".prop_map(Value::from),
        (0i64..20).prop_map(Value::from),
    ];
    let any_json = leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            proptest::collection::btree_map("[a-z_]{1,8}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    });
    let fields = [
        "property",
        "checkin",
        "checkout",
        "adults",
        "children",
        "rooms",
        "room_type",
        "promo",
        "currency",
        "locale",
        "attribution",
    ];
    (proptest::collection::vec(any_json, fields.len()), "\\PC{0,70}", any::<i64>(), any::<i64>()).prop_map(
        move |(values, jti, iat, exp)| {
            let mut payload = claims_json();
            for (field, value) in fields.iter().zip(values) {
                payload[*field] = value;
            }
            payload["jti"] = json!(jti);
            payload["iat"] = json!(iat);
            payload["exp"] = json!(exp);
            payload
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_strings_never_panic(s in any::<String>()) {
        let _ = check(&s);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        let _ = check(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn token_shaped_strings_never_panic_or_verify(
        s in "(v1|v2|v)?\\.(k1|k2|long-kid|[a-z]{0,3})?\\.[A-Za-z0-9_=+/-]{0,80}\\.[A-Za-z0-9_=+/-]{0,60}"
    ) {
        prop_assert!(check(&s).is_err());
    }

    #[test]
    fn mutated_valid_tokens_never_verify(
        index in any::<proptest::sample::Index>(),
        op in 0u8..3,
        c in proptest::char::range(' ', '~'),
    ) {
        let token = token();
        let i = index.index(token.len());
        let mut mutated = token.clone();
        match op {
            0 => mutated.replace_range(i..=i, &c.to_string()),
            1 => mutated.insert(i, c),
            _ => { mutated.remove(i); }
        }
        prop_assume!(mutated != token);
        prop_assert!(check(&mutated).is_err());
    }

    #[test]
    fn signed_arbitrary_payloads_never_panic(payload in arb_signed_payload()) {
        let token = sign_json(&payload, "k2");
        if let Ok(verified) = check(&token) {
            prop_assert!(verified.claims.validate().is_ok());
        }
    }

    #[test]
    fn valid_claims_round_trip(claims in arb_claims()) {
        let token = mint(&claims, "long-kid", &keys()).unwrap();
        let verified = verify(&token, &keys(), &claims.tenant, claims.iat).unwrap();
        prop_assert_eq!(verified.claims, claims);
    }

    #[test]
    fn key_specs_never_panic(spec in "[a-z0-9=,+/ _-]{0,120}") {
        let _ = HandoffKeys::parse(&spec);
    }
}
