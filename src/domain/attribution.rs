//! MarketingAttribution: where a guest came from. The first touch is kept; the
//! last non-direct touch is updated, and a direct visit never overwrites it.
//! Every value is bounded in length and character set before it is stored.

use serde::{Deserialize, Serialize};

pub const MAX_VALUE: usize = 100;
pub const MAX_REFERRER: usize = 200;

/// The query parameters that carry attribution.
pub const PARAMS: &[&str] =
    &["utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content", "gclid", "fbclid", "msclkid"];

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Touch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub utm_source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub utm_medium: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub utm_campaign: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub utm_term: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub utm_content: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gclid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fbclid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub msclkid: Option<String>,
    /// External referrer: scheme, host and path, no query.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referrer: Option<String>,
    pub landing_path: String,
    /// Unix seconds.
    pub at: i64,
}

/// Keeps printable characters that cannot break out of HTML, JSON or a header,
/// and cuts to `max` characters. Empty after cleaning is `None`.
pub fn clean(raw: &str, max: usize) -> Option<String> {
    let cleaned: String = raw
        .trim()
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '<' | '>' | '"' | '\'' | '`' | '\\'))
        .take(max)
        .collect();
    (!cleaned.is_empty()).then_some(cleaned)
}

/// Whether `host` is one of ours (or the payment page): not a referrer.
fn is_own(host: &str, own_hosts: &[String]) -> bool {
    own_hosts.iter().any(|h| h.eq_ignore_ascii_case(host))
}

/// `https://host/path` of an external referrer, or `None` for ours, the payment
/// page, or anything that is not an http(s) URL.
pub fn external_referrer(raw: &str, own_hosts: &[String]) -> Option<String> {
    let rest = raw.strip_prefix("https://").or_else(|| raw.strip_prefix("http://"))?;
    let scheme = if raw.starts_with("https://") { "https" } else { "http" };
    let end = rest.find(['?', '#']).unwrap_or(rest.len());
    let rest = &rest[..end];
    let host_port = rest.split('/').next().unwrap_or("");
    let host = host_port.split(':').next().unwrap_or("");
    if host.is_empty() || is_own(host, own_hosts) || is_own(host_port, own_hosts) {
        return None;
    }
    clean(&format!("{scheme}://{rest}"), MAX_REFERRER)
}

impl Touch {
    /// A touch from a request's query pairs and `Referer`.
    pub fn from_request<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
        referrer: Option<&str>,
        own_hosts: &[String],
        landing_path: &str,
        at: i64,
    ) -> Self {
        let mut t = Touch {
            landing_path: clean(landing_path, MAX_REFERRER).unwrap_or_else(|| "/".into()),
            at,
            ..Default::default()
        };
        for (key, value) in pairs {
            let slot = match key {
                "utm_source" => &mut t.utm_source,
                "utm_medium" => &mut t.utm_medium,
                "utm_campaign" => &mut t.utm_campaign,
                "utm_term" => &mut t.utm_term,
                "utm_content" => &mut t.utm_content,
                "gclid" => &mut t.gclid,
                "fbclid" => &mut t.fbclid,
                "msclkid" => &mut t.msclkid,
                _ => continue,
            };
            if slot.is_none() {
                *slot = clean(value, MAX_VALUE);
            }
        }
        t.referrer = referrer.and_then(|r| external_referrer(r, own_hosts));
        t
    }

    /// A visit with no campaign, click id or external referrer.
    pub fn is_direct(&self) -> bool {
        [&self.utm_source, &self.utm_medium, &self.utm_campaign, &self.utm_term, &self.utm_content]
            .iter()
            .chain([&self.gclid, &self.fbclid, &self.msclkid, &self.referrer].iter())
            .all(|v| v.is_none())
    }

    /// Same campaign signals, ignoring when and where it landed.
    fn same_source(&self, other: &Touch) -> bool {
        let key = |t: &Touch| {
            (
                t.utm_source.clone(),
                t.utm_medium.clone(),
                t.utm_campaign.clone(),
                t.utm_term.clone(),
                t.utm_content.clone(),
                t.gclid.clone(),
                t.fbclid.clone(),
                t.msclkid.clone(),
                t.referrer.clone(),
            )
        };
        key(self) == key(other)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attribution {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first: Option<Touch>,
    /// The last touch that was not direct.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last: Option<Touch>,
}

impl Attribution {
    /// Records a touch; returns whether anything changed (so the session is
    /// written only then). Direct visits are not recorded at all: they would
    /// neither set a useful first touch nor may they overwrite the last.
    pub fn record(&mut self, touch: Touch) -> bool {
        if touch.is_direct() {
            return false;
        }
        let mut changed = false;
        if self.first.is_none() {
            self.first = Some(touch.clone());
            changed = true;
        }
        if !self.last.as_ref().is_some_and(|last| last.same_source(&touch)) {
            self.last = Some(touch);
            changed = true;
        }
        changed
    }

    pub fn is_empty(&self) -> bool {
        self.first.is_none() && self.last.is_none()
    }

    /// What recording every touch of `self` and then every touch of `later`
    /// would have given, from the two summaries alone: how the attribution a
    /// browser gathered before it had a session (the first-touch cookie) joins
    /// the one its session gathered since.
    ///
    /// The first touch is the earlier one. `later.last` starts the last run of
    /// same-source touches in `later`; if that run began with `later`'s very
    /// first touch, it continues `self`'s last run when the sources match, and
    /// the last touch stays `self`'s, exactly as [`Attribution::record`] would
    /// have left it.
    pub fn then(self, later: Attribution) -> Attribution {
        let last = match later.last {
            None => self.last,
            Some(last) => match self.last {
                Some(before) if later.first.as_ref() == Some(&last) && before.same_source(&last) => Some(before),
                _ => Some(last),
            },
        };
        Attribution { first: self.first.or(later.first), last }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn own() -> Vec<String> {
        vec!["aurora.localhost".into(), "127.0.0.1".into()]
    }

    fn touch(query: &[(&str, &str)], referrer: Option<&str>, at: i64) -> Touch {
        Touch::from_request(query.iter().copied(), referrer, &own(), "/", at)
    }

    /// (query, referrer, expected first source, expected last source, changed)
    type Step<'a> = (&'a [(&'a str, &'a str)], Option<&'a str>, Option<&'a str>, Option<&'a str>, bool);

    #[test]
    fn precedence_rules() {
        let steps: &[Step] = &[
            (&[], None, None, None, false), // direct first visit: nothing
            (&[("utm_source", "news")], None, Some("news"), Some("news"), true), // first campaign
            (&[], None, Some("news"), Some("news"), false), // direct never overwrites
            (&[], Some("https://aurora.localhost/x"), Some("news"), Some("news"), false), // own host is direct
            (&[("gclid", "abc")], None, Some("news"), None, true), // a click id is the last touch
            (&[("utm_source", "mail")], None, Some("news"), Some("mail"), true), // first kept, last updated
            (&[("utm_source", "mail")], None, Some("news"), Some("mail"), false), // same source: no write
        ];
        let mut a = Attribution::default();
        for (i, (query, referrer, first, last, changed)) in steps.iter().enumerate() {
            let did = a.record(touch(query, *referrer, i as i64));
            assert_eq!(did, *changed, "step {i}");
            assert_eq!(a.first.as_ref().and_then(|t| t.utm_source.as_deref()), *first, "step {i}");
            if did {
                assert_eq!(a.last.as_ref().and_then(|t| t.utm_source.as_deref()), *last, "step {i}");
            }
        }
    }

    /// A touch of one of four sources, at a strictly later time than the last.
    fn sourced(source: u8, at: i64) -> Touch {
        let source = ["news", "mail", "cpc", "partner"][usize::from(source % 4)];
        touch(&[("utm_source", source)], None, at)
    }

    fn replay(touches: &[Touch]) -> Attribution {
        let mut a = Attribution::default();
        for t in touches {
            a.record(t.clone());
        }
        a
    }

    proptest::proptest! {
        /// Joining the cookie's summary with the session's is the same as one
        /// attribution having seen every touch, wherever the split falls.
        #[test]
        fn then_is_recording_in_sequence(sources in proptest::collection::vec(0u8..4, 0..12), split in 0usize..12) {
            let touches: Vec<Touch> = sources.iter().enumerate().map(|(i, s)| sourced(*s, i as i64)).collect();
            let split = split.min(touches.len());
            let joined = replay(&touches[..split]).then(replay(&touches[split..]));
            proptest::prop_assert_eq!(joined, replay(&touches));
        }
    }

    #[test]
    fn then_keeps_the_earlier_first_and_the_run_that_started_before() {
        let one = |t: Touch| replay(std::slice::from_ref(&t));
        let (news, mail, news_again) = (sourced(0, 1), sourced(1, 2), sourced(0, 3));
        // news, then [news]: the last touch is still the first news visit.
        assert_eq!(one(news.clone()).then(one(news_again)), one(news.clone()));
        // news, then [mail]: mail is the last touch.
        let joined = one(news.clone()).then(one(mail.clone()));
        assert_eq!((joined.first, joined.last), (Some(news.clone()), Some(mail)));
        // Nothing before, or nothing after.
        assert_eq!(Attribution::default().then(one(news.clone())), one(news.clone()));
        assert_eq!(one(news.clone()).then(Attribution::default()), one(news));
    }

    #[test]
    fn referrers_are_external_only_and_stripped() {
        assert_eq!(
            external_referrer("https://www.google.com/search?q=hotel", &own()).as_deref(),
            Some("https://www.google.com/search")
        );
        assert_eq!(external_referrer("http://aurora.localhost:8080/", &own()), None);
        assert_eq!(external_referrer("http://127.0.0.1:5555/pay/x", &own()), None);
        assert_eq!(external_referrer("javascript:alert(1)", &own()), None);
        assert_eq!(external_referrer("android-app://com.x", &own()), None);
    }

    #[test]
    fn hostile_and_oversize_values_are_bounded() {
        let long = "a".repeat(5_000);
        let t = touch(
            &[("utm_source", "<script>alert(1)</script>"), ("utm_campaign", &long), ("utm_term", "\r\nSet-Cookie: x")],
            None,
            0,
        );
        assert_eq!(t.utm_source.as_deref(), Some("scriptalert(1)/script"));
        assert_eq!(t.utm_campaign.as_ref().unwrap().len(), MAX_VALUE);
        assert_eq!(t.utm_term.as_deref(), Some("Set-Cookie: x"));
        assert_eq!(touch(&[("utm_source", "\u{0}\u{1}")], None, 0).utm_source, None);
    }
}
