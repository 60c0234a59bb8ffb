//! The first-touch cookie: a browser's marketing attribution, kept signed in a
//! cookie until it has a session to keep it in, so that a landing from a
//! campaign or another site costs no server-side state (issue 13: every such
//! landing used to create a two-hour session in Redis).
//!
//! The value is `base64url(JSON) "." base64url(HMAC-SHA256(first part))`, the
//! JSON holding the expiry (unix seconds), the tenant, the first touch and the
//! last touch when it is another touch. It is signed with the first of the
//! [`DerivedKeys`] and verified with any (they rotate with the handoff keys).
//! Opening refuses, without saying why, anything not signed by us, expired or
//! of another tenant: a tampered cookie is the same as none. Pure: the caller
//! passes the time.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};

use super::attribution::{Attribution, Touch};
use super::handoff::DerivedKeys;

/// The label the cookie's key is derived under ([`super::handoff::HandoffKeys::derive`]).
pub const KEY_LABEL: &str = "bff-tenant-booking first-touch cookie v1";

/// The longest value sealed or opened. Browsers keep at least 4096 bytes per
/// cookie, name and attributes included; this leaves room for those.
pub const MAX_VALUE: usize = 3800;

#[derive(Serialize, Deserialize)]
struct Payload {
    exp: i64,
    #[serde(rename = "t")]
    tenant: String,
    #[serde(rename = "f")]
    first: Touch,
    /// Absent when it is the first touch.
    #[serde(rename = "l", default, skip_serializing_if = "Option::is_none")]
    last: Option<Touch>,
}

/// The cookie value for `attribution` of `tenant`, valid until `exp`; `None`
/// when there is nothing to keep. A value over [`MAX_VALUE`] drops the last
/// touch (the first is what this cookie is for); if the first alone is too
/// large, there is no value.
pub fn seal(keys: &DerivedKeys, tenant: &str, attribution: &Attribution, exp: i64) -> Option<String> {
    let first = attribution.first.clone()?;
    let last = attribution.last.clone().filter(|last| *last != first);
    let mut payload = Payload { exp, tenant: tenant.to_owned(), first, last };
    let value = encode(keys, &payload)?;
    if value.len() <= MAX_VALUE {
        return Some(value);
    }
    payload.last = None;
    encode(keys, &payload).filter(|value| value.len() <= MAX_VALUE)
}

fn encode(keys: &DerivedKeys, payload: &Payload) -> Option<String> {
    let body = URL_SAFE_NO_PAD.encode(serde_json::to_vec(payload).ok()?);
    let tag = URL_SAFE_NO_PAD.encode(keys.sign(body.as_bytes()));
    Some(format!("{body}.{tag}"))
}

/// The attribution in a cookie value we sealed for `tenant` that has not
/// expired at `now`; `None` for anything else.
pub fn open(keys: &DerivedKeys, tenant: &str, value: &str, now: i64) -> Option<Attribution> {
    if value.len() > MAX_VALUE {
        return None;
    }
    let (body, tag) = value.split_once('.')?;
    let tag = URL_SAFE_NO_PAD.decode(tag).ok()?;
    if !keys.verify(body.as_bytes(), &tag) {
        return None;
    }
    let payload: Payload = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(body).ok()?).ok()?;
    if payload.exp <= now || payload.tenant != tenant {
        return None;
    }
    let last = payload.last.unwrap_or_else(|| payload.first.clone());
    Some(Attribution { first: Some(payload.first), last: Some(last) })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::handoff::HandoffKeys;

    const NOW: i64 = 1_785_000_000;

    fn keys(spec: &str) -> DerivedKeys {
        HandoffKeys::parse(spec).unwrap().derive(KEY_LABEL)
    }

    fn current() -> DerivedKeys {
        keys("k1=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=")
    }

    fn touch(source: &str, campaign: &str, at: i64) -> Touch {
        Touch {
            utm_source: Some(source.into()),
            utm_campaign: (!campaign.is_empty()).then(|| campaign.into()),
            landing_path: "/".into(),
            at,
            ..Default::default()
        }
    }

    fn two_touches() -> Attribution {
        Attribution { first: Some(touch("news", "", NOW - 60)), last: Some(touch("cpc", "", NOW - 5)) }
    }

    #[test]
    fn what_is_sealed_opens_for_its_tenant_until_it_expires() {
        let value = seal(&current(), "aurora", &two_touches(), NOW + 7200).unwrap();
        assert_eq!(open(&current(), "aurora", &value, NOW), Some(two_touches()));
        assert_eq!(open(&current(), "aurora", &value, NOW + 7199), Some(two_touches()));
        assert_eq!(open(&current(), "aurora", &value, NOW + 7200), None, "expired");
        assert_eq!(open(&current(), "kestrel", &value, NOW), None, "another tenant's");
        assert!(value.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b)), "{value}");
    }

    #[test]
    fn a_single_touch_is_both_first_and_last() {
        let one = Attribution { first: Some(touch("news", "", NOW)), last: Some(touch("news", "", NOW)) };
        let value = seal(&current(), "aurora", &one, NOW + 60).unwrap();
        assert_eq!(open(&current(), "aurora", &value, NOW), Some(one));
        assert_eq!(seal(&current(), "aurora", &Attribution::default(), NOW + 60), None);
    }

    #[test]
    fn anything_not_sealed_by_us_is_ignored() {
        let value = seal(&current(), "aurora", &two_touches(), NOW + 60).unwrap();
        let (body, tag) = value.split_once('.').unwrap();
        // Another payload under the old tag, the tag cut or changed, our payload
        // signed with another key, and plain garbage.
        let forged_body = URL_SAFE_NO_PAD.encode(
            serde_json::to_vec(&serde_json::json!({"exp": NOW + 60, "t": "aurora", "f": touch("evil", "", NOW)}))
                .unwrap(),
        );
        let other_key = keys("k9=S0VZLXR3by1rZXktdHdvLWtleS10d28ta2V5LXR3by0=");
        let mut flipped = tag.to_owned().into_bytes();
        flipped[0] = if flipped[0] == b'A' { b'B' } else { b'A' };
        for bad in [
            format!("{forged_body}.{tag}"),
            format!("{body}.{}", &tag[..tag.len() - 2]),
            format!("{body}.{}", String::from_utf8(flipped).unwrap()),
            seal(&other_key, "aurora", &two_touches(), NOW + 60).unwrap(),
            body.to_owned(),
            String::new(),
            ".".into(),
            "x".repeat(MAX_VALUE + 1),
        ] {
            assert_eq!(open(&current(), "aurora", &bad, NOW), None, "{bad}");
        }
    }

    #[test]
    fn an_older_key_still_opens_after_rotation() {
        let old = keys("k0=S0VZLXR3by1rZXktdHdvLWtleS10d28ta2V5LXR3by0=");
        let value = seal(&old, "aurora", &two_touches(), NOW + 60).unwrap();
        let rotated =
            keys("k1=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=,k0=S0VZLXR3by1rZXktdHdvLWtleS10d28ta2V5LXR3by0=");
        assert_eq!(open(&rotated, "aurora", &value, NOW), Some(two_touches()));
    }

    #[test]
    fn an_oversize_value_drops_the_last_touch_then_gives_up() {
        let long = "c".repeat(1400);
        let big = Attribution { first: Some(touch("news", &long, NOW)), last: Some(touch("cpc", &long, NOW)) };
        let value = seal(&current(), "aurora", &big, NOW + 60).unwrap();
        assert!(value.len() <= MAX_VALUE);
        let opened = open(&current(), "aurora", &value, NOW).unwrap();
        assert_eq!(opened.first, big.first);
        assert_eq!(opened.last, big.first, "the last touch was dropped");
        let huge = "c".repeat(3000);
        let too_big = Attribution { first: Some(touch("news", &huge, NOW)), last: None };
        assert_eq!(seal(&current(), "aurora", &too_big, NOW + 60), None);
    }

    proptest::proptest! {
        #[test]
        fn opening_arbitrary_text_never_panics(value in ".{0,200}") {
            let _ = open(&current(), "aurora", &value, NOW);
        }
    }
}
