//! LoyaltyContext (DESIGN §2): what the loyalty programme knows about a
//! signed-in guest — first name, tier, points, whether member rates apply — and
//! the iam bearer token that proves who the guest is. Plain values; the
//! read-through cache around iam is in `crate::loyalty`.

use std::fmt;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Tier {
    Silver,
    Gold,
    Platinum,
}

impl Tier {
    pub fn parse(raw: &str) -> Option<Self> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "silver" => Some(Self::Silver),
            "gold" => Some(Self::Gold),
            "platinum" => Some(Self::Platinum),
            _ => None,
        }
    }

    /// The wire name: `silver`, `gold`, `platinum`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Silver => "silver",
            Self::Gold => "gold",
            Self::Platinum => "platinum",
        }
    }

    /// For people: `Gold`.
    pub fn label(self) -> &'static str {
        match self {
            Self::Silver => "Silver",
            Self::Gold => "Gold",
            Self::Platinum => "Platinum",
        }
    }
}

/// The longest first name shown; iam data is shown to the guest, so it is bounded.
const MAX_FIRST_NAME_CHARS: usize = 60;

/// A signed-in guest's standing in the loyalty programme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoyaltyContext {
    first_name: String,
    tier: Tier,
    points: u64,
    member_rates: bool,
}

impl LoyaltyContext {
    /// The first name is trimmed, stripped of control characters and bounded.
    pub fn new(first_name: &str, tier: Tier, points: u64, member_rates: bool) -> Self {
        let first_name: String =
            first_name.trim().chars().filter(|c| !c.is_control()).take(MAX_FIRST_NAME_CHARS).collect();
        Self { first_name, tier, points, member_rates }
    }

    pub fn first_name(&self) -> &str {
        &self.first_name
    }

    pub fn tier(&self) -> Tier {
        self.tier
    }

    pub fn points(&self) -> u64 {
        self.points
    }

    pub fn member_rates(&self) -> bool {
        self.member_rates
    }

    /// Which prices this guest is quoted.
    pub fn rate_access(&self) -> RateAccess {
        if self.member_rates { RateAccess::Member } else { RateAccess::Public }
    }
}

/// Which prices a guest is shown and quoted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RateAccess {
    #[default]
    Public,
    /// Member rates where a rate plan has them (a signed-in, eligible guest).
    Member,
}

impl RateAccess {
    /// Public unless the guest's loyalty context grants member rates.
    pub fn of(loyalty: Option<&LoyaltyContext>) -> Self {
        loyalty.map(LoyaltyContext::rate_access).unwrap_or_default()
    }

    pub fn is_member(self) -> bool {
        self == Self::Member
    }
}

/// `12400` → `12,400`.
pub fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A guest's iam bearer token: 16–4096 characters of the RFC 6750 `b64token`
/// alphabet. Never printed; cache keys use its SHA-256 [`fingerprint`](Self::fingerprint).
#[derive(Clone, PartialEq, Eq)]
pub struct GuestToken(String);

const MIN_TOKEN_LEN: usize = 16;
const MAX_TOKEN_LEN: usize = 4096;

impl GuestToken {
    pub fn parse(raw: &str) -> Option<Self> {
        let raw = raw.trim();
        // b64token: `1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="`
        let body = raw.trim_end_matches('=');
        let ok = (MIN_TOKEN_LEN..=MAX_TOKEN_LEN).contains(&raw.len())
            && !body.is_empty()
            && body.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~+/".contains(&b));
        ok.then(|| Self(raw.to_owned()))
    }

    /// The token from an `Authorization: Bearer …` header value.
    pub fn from_authorization(header: &str) -> Option<Self> {
        let (scheme, rest) = header.trim().split_once(' ')?;
        scheme.eq_ignore_ascii_case("bearer").then(|| Self::parse(rest)).flatten()
    }

    /// The token itself, for the `Authorization` header of an iam call.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// SHA-256 of the token: what caches are keyed by, so no token sits in a map.
    pub fn fingerprint(&self) -> [u8; 32] {
        use sha2::Digest;
        sha2::Sha256::digest(self.0.as_bytes()).into()
    }
}

impl fmt::Debug for GuestToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("GuestToken([redacted])")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiers_parse_from_the_wire() {
        assert_eq!(Tier::parse("gold"), Some(Tier::Gold));
        assert_eq!(Tier::parse(" Platinum "), Some(Tier::Platinum));
        assert_eq!(Tier::parse("bronze"), None);
    }

    #[test]
    fn points_are_grouped() {
        for (n, shown) in [(0, "0"), (999, "999"), (1_000, "1,000"), (12_400, "12,400"), (1_234_567, "1,234,567")] {
            assert_eq!(group_thousands(n), shown);
        }
    }

    #[test]
    fn member_rates_only_for_an_eligible_guest() {
        let gold = LoyaltyContext::new("Ada", Tier::Gold, 12_400, true);
        let silver = LoyaltyContext::new("Grace", Tier::Silver, 300, false);
        assert_eq!(RateAccess::of(Some(&gold)), RateAccess::Member);
        assert_eq!(RateAccess::of(Some(&silver)), RateAccess::Public);
        assert_eq!(RateAccess::of(None), RateAccess::Public);
    }

    #[test]
    fn first_names_are_bounded_and_plain() {
        let ctx = LoyaltyContext::new(&format!("  A\u{7}da{}", "x".repeat(500)), Tier::Gold, 1, true);
        assert!(ctx.first_name().starts_with("Ada"));
        assert_eq!(ctx.first_name().chars().count(), MAX_FIRST_NAME_CHARS);
    }

    #[test]
    fn tokens_are_parsed_and_never_printed() {
        let token = GuestToken::from_authorization("Bearer abcdef0123456789abcdef").unwrap();
        assert_eq!(token.expose(), "abcdef0123456789abcdef");
        assert!(!format!("{token:?}").contains("abcdef"));
        assert!(GuestToken::from_authorization("bearer eyJhbGciOi.eyJzdWIiOi.c2lnbmF0dXJl==").is_some());
        for bad in [
            "Basic abcdef0123456789abcdef",
            "Bearer short",
            "Bearer abc def0123456789abcdef",
            "Bearer a=b0123456789abcdef",
        ] {
            assert!(GuestToken::from_authorization(bad).is_none(), "{bad}");
        }
    }
}
