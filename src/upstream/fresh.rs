//! Upstream answers reused for as long as the upstream itself allows: a
//! successful `GET` whose response says `Cache-Control: max-age=N` may be served
//! again for N seconds to the same request (RFC 9111, as a shared cache).
//! Nothing else is kept: no `Cache-Control`, `no-store`, `no-cache`, `private`,
//! `Vary: *` or an error means the next request asks the upstream again.

use std::sync::Arc;
use std::time::{Duration, Instant};

use moka::sync::Cache;
use reqwest::header::{AGE, CACHE_CONTROL, HeaderMap, VARY};

/// However long an upstream says, an answer is not kept longer than this: a
/// misconfigured `max-age` must not freeze prices for hours.
pub const MAX_FRESHNESS: Duration = Duration::from_secs(60);

/// How long a shared cache may reuse a successful response with these headers;
/// `None` when it may not.
pub fn freshness(headers: &HeaderMap) -> Option<Duration> {
    if headers.get_all(VARY).iter().any(|v| v.as_bytes().split(|b| *b == b',').any(|t| t.trim_ascii() == b"*")) {
        return None;
    }
    let (mut max_age, mut s_maxage) = (None, None);
    for value in headers.get_all(CACHE_CONTROL) {
        let value = value.to_str().ok()?;
        for directive in value.split(',') {
            let (name, arg) = match directive.split_once('=') {
                Some((name, arg)) => (name.trim(), Some(arg.trim().trim_matches('"'))),
                None => (directive.trim(), None),
            };
            let seconds = || arg.and_then(|a| a.parse::<u64>().ok());
            if name.eq_ignore_ascii_case("no-store")
                || name.eq_ignore_ascii_case("no-cache")
                || name.eq_ignore_ascii_case("private")
            {
                return None;
            } else if name.eq_ignore_ascii_case("max-age") {
                max_age = Some(seconds()?);
            } else if name.eq_ignore_ascii_case("s-maxage") {
                s_maxage = Some(seconds()?);
            }
        }
    }
    // s-maxage speaks to shared caches, which this is.
    let lifetime = s_maxage.or(max_age)?;
    let age = headers.get(AGE).and_then(|v| v.to_str().ok()?.trim().parse::<u64>().ok()).unwrap_or(0);
    let left = Duration::from_secs(lifetime.saturating_sub(age)).min(MAX_FRESHNESS);
    (!left.is_zero()).then_some(left)
}

/// Decoded answers by the exact upstream URL they answered (path and query:
/// property, stay, occupancy, promo, member rates) and the language they were
/// asked in (the caller's key: `"{lang} {url}"`), each kept until its own
/// freshness runs out. Bounded by weight (the bytes of the answers' bodies).
pub struct FreshCache<T> {
    entries: Cache<String, Fresh<T>>,
}

struct Fresh<T> {
    value: Arc<T>,
    until: Instant,
    weight: u32,
}

impl<T> Clone for Fresh<T> {
    fn clone(&self) -> Self {
        Self { value: self.value.clone(), until: self.until, weight: self.weight }
    }
}

struct UntilStale;

impl<T> moka::Expiry<String, Fresh<T>> for UntilStale {
    fn expire_after_create(&self, _: &String, fresh: &Fresh<T>, now: Instant) -> Option<Duration> {
        Some(fresh.until.saturating_duration_since(now))
    }
}

impl<T: Send + Sync + 'static> FreshCache<T> {
    /// A cache holding at most `max_bytes` of upstream bodies.
    pub fn new(max_bytes: u64) -> Self {
        let entries = Cache::builder()
            .max_capacity(max_bytes)
            .weigher(|url: &String, fresh: &Fresh<T>| fresh.weight.saturating_add(url.len() as u32))
            .expire_after(UntilStale)
            .build();
        Self { entries }
    }

    /// The answer to `url`, while it is fresh.
    pub fn get(&self, url: &str) -> Option<Arc<T>> {
        // moka's own expiry runs on its maintenance schedule; the deadline is
        // checked here too, so an answer is never served a moment past it.
        self.entries.get(url).filter(|fresh| Instant::now() < fresh.until).map(|fresh| fresh.value)
    }

    /// Keeps `value`, the answer to `url` with a body of `body_len` bytes, for `lifetime`.
    pub fn put(&self, url: String, value: Arc<T>, lifetime: Duration, body_len: usize) {
        let fresh =
            Fresh { value, until: Instant::now() + lifetime, weight: u32::try_from(body_len).unwrap_or(u32::MAX) };
        self.entries.insert(url, fresh);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn max_age_gives_the_lifetime() {
        assert_eq!(freshness(&headers(&[("cache-control", "public, max-age=5")])), Some(Duration::from_secs(5)));
    }

    #[test]
    fn s_maxage_wins_over_max_age_and_age_is_taken_off() {
        let h = headers(&[("cache-control", "max-age=5, s-maxage=10"), ("age", "3")]);
        assert_eq!(freshness(&h), Some(Duration::from_secs(7)));
    }

    #[test]
    fn no_permission_means_no_reuse() {
        for h in [
            headers(&[]),
            headers(&[("cache-control", "no-store")]),
            headers(&[("cache-control", "max-age=5, no-store")]),
            headers(&[("cache-control", "private, max-age=5")]),
            headers(&[("cache-control", "no-cache, max-age=5")]),
            headers(&[("cache-control", "max-age=0")]),
            headers(&[("cache-control", "max-age=five")]),
            headers(&[("cache-control", "max-age=5"), ("age", "9")]),
            headers(&[("cache-control", "max-age=5"), ("vary", "accept, *")]),
        ] {
            assert_eq!(freshness(&h), None, "{h:?}");
        }
    }

    #[test]
    fn a_long_max_age_is_capped() {
        assert_eq!(freshness(&headers(&[("cache-control", "max-age=86400")])), Some(MAX_FRESHNESS));
    }

    #[test]
    fn an_answer_is_served_until_its_deadline_only() {
        let cache = FreshCache::new(1024);
        cache.put("/a?x=1".into(), Arc::new(1), Duration::from_secs(60), 10);
        cache.put("/a?x=2".into(), Arc::new(2), Duration::ZERO, 10);
        assert_eq!(cache.get("/a?x=1").as_deref(), Some(&1));
        assert_eq!(cache.get("/a?x=2"), None);
        assert_eq!(cache.get("/a?x=3"), None);
    }
}
