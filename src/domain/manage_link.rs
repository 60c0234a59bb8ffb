//! The signed "manage my booking" link: whoever holds it may see and cancel
//! one booking of one tenant until it expires, without an account.
//!
//! Token `v1.{reference}.{exp}.{sig}`: `sig` is base64url (no padding) of
//! HMAC-SHA256 over `"manage-booking\n{tenant}\n{reference}\n{exp}"` under the
//! first of the [`DerivedKeys`] (derived from the handoff keys under
//! [`KEY_LABEL`], so it rotates with them; verified with any). The tenant is
//! not in the token: it is the host the link is opened on, so a link of one
//! tenant is nothing on another's. The purpose is in the signed string, so no
//! other signature of these keys opens it. A link that is not ours is
//! [`LinkError::Invalid`]; only a genuine link past `exp` is
//! [`LinkError::Expired`]. Pure: the caller passes the time.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use super::handoff::DerivedKeys;

/// The label the link's key is derived under.
pub const KEY_LABEL: &str = "bff-tenant-booking manage link v1";
const PURPOSE: &str = "manage-booking";
/// Longer tokens are refused before any parsing.
const MAX_TOKEN: usize = 200;
/// How long after check-out a link still opens: time for a late refund question.
pub const VALID_AFTER_CHECKOUT_DAYS: i64 = 30;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum LinkError {
    #[error("not a manage link of ours")]
    Invalid,
    #[error("the manage link has expired")]
    Expired,
}

/// What a verified link grants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManageGrant {
    pub reference: String,
    /// Unix seconds.
    pub expires_at: i64,
}

fn plausible_reference(reference: &str) -> bool {
    (4..=40).contains(&reference.len()) && reference.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

fn signing_string(tenant: &str, reference: &str, exp: i64) -> String {
    format!("{PURPOSE}\n{tenant}\n{reference}\n{exp}")
}

/// The token for `reference` of `tenant`, valid until `exp` (Unix seconds);
/// `None` for a reference no link can name.
pub fn sign(keys: &DerivedKeys, tenant: &str, reference: &str, exp: i64) -> Option<String> {
    if !plausible_reference(reference) {
        return None;
    }
    let sig = URL_SAFE_NO_PAD.encode(keys.sign(signing_string(tenant, reference, exp).as_bytes()));
    Some(format!("v1.{reference}.{exp}.{sig}"))
}

/// The grant of a token we signed for `tenant`.
pub fn open(keys: &DerivedKeys, tenant: &str, token: &str, now: i64) -> Result<ManageGrant, LinkError> {
    if token.len() > MAX_TOKEN {
        return Err(LinkError::Invalid);
    }
    let mut parts = token.split('.');
    let (Some("v1"), Some(reference), Some(exp), Some(sig), None) =
        (parts.next(), parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(LinkError::Invalid);
    };
    let exp: i64 = exp.parse().map_err(|_| LinkError::Invalid)?;
    let sig = URL_SAFE_NO_PAD.decode(sig).map_err(|_| LinkError::Invalid)?;
    if !plausible_reference(reference) || !keys.verify(signing_string(tenant, reference, exp).as_bytes(), &sig) {
        return Err(LinkError::Invalid);
    }
    if exp <= now {
        return Err(LinkError::Expired);
    }
    Ok(ManageGrant { reference: reference.to_owned(), expires_at: exp })
}

/// When a link to a stay checking out on `checkout` stops opening: the end of
/// that day (UTC) plus [`VALID_AFTER_CHECKOUT_DAYS`].
pub fn expiry_for(checkout: jiff::civil::Date) -> i64 {
    let day =
        checkout.checked_add(jiff::Span::new().days(VALID_AFTER_CHECKOUT_DAYS + 1)).unwrap_or(jiff::civil::Date::MAX);
    day.to_zoned(jiff::tz::TimeZone::UTC).map(|z| z.timestamp().as_second()).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::handoff::HandoffKeys;

    fn keys(spec: &str) -> DerivedKeys {
        HandoffKeys::parse(spec).unwrap().derive(KEY_LABEL)
    }

    fn current() -> DerivedKeys {
        keys("k1=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=")
    }

    #[test]
    fn a_signed_link_opens_for_its_tenant_until_it_expires() {
        let token = sign(&current(), "aurora", "AUR-7K3Q9X", 2_000).unwrap();
        let grant = open(&current(), "aurora", &token, 1_999).unwrap();
        assert_eq!(grant, ManageGrant { reference: "AUR-7K3Q9X".into(), expires_at: 2_000 });
        assert_eq!(open(&current(), "aurora", &token, 2_000), Err(LinkError::Expired));
        assert_eq!(open(&current(), "kestrel", &token, 1_000), Err(LinkError::Invalid));
    }

    #[test]
    fn anything_tampered_is_invalid_never_expired() {
        let token = sign(&current(), "aurora", "AUR-7K3Q9X", 2_000).unwrap();
        let later = token.replace(".2000.", ".9000.");
        let other = token.replace("AUR-7K3Q9X", "AUR-7K3Q9Y");
        let old_tampered = token.replace(".2000.", ".1000.");
        for bad in [later, other, old_tampered, String::new(), "v1.a.b.c".into(), format!("{token}.x"), "x".repeat(500)]
        {
            assert_eq!(open(&current(), "aurora", &bad, 1_500), Err(LinkError::Invalid), "{bad}");
        }
        assert_eq!(
            open(&keys("k2=ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA="), "aurora", &token, 1),
            Err(LinkError::Invalid)
        );
    }

    #[test]
    fn links_expire_thirty_days_after_checkout() {
        let exp = expiry_for(jiff::civil::date(2030, 1, 1));
        assert_eq!(exp, "2030-02-01T00:00:00Z".parse::<jiff::Timestamp>().unwrap().as_second());
    }
}
