//! Languages: the message catalogs (Fluent, one folder per locale under
//! `locales/`), the locale a request is served in, and formatting of dates,
//! numbers and money per locale.
//!
//! Every string a guest reads comes from a catalog through a [`Tr`], the
//! per-request translator templates call as `{{ t.get("key") }}`. The catalogs
//! are compiled into the binary and parsed once; messages without arguments are
//! formatted once at load, so a lookup is a hash probe. A key missing in any
//! locale fails `tests/i18n.rs`.

mod catalog;
mod format;

use std::fmt;

pub use catalog::{Arg, Msg, catalog};

use crate::domain::money::Money;

/// A language the site is translated into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Locale {
    #[default]
    En,
    Fr,
    De,
    Pt,
}

impl Locale {
    pub const ALL: [Locale; 4] = [Locale::En, Locale::Fr, Locale::De, Locale::Pt];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::Fr => "fr",
            Self::De => "de",
            Self::Pt => "pt",
        }
    }

    /// The language's own name, for the language switcher.
    pub fn endonym(self) -> &'static str {
        match self {
            Self::En => "English",
            Self::Fr => "Français",
            Self::De => "Deutsch",
            Self::Pt => "Português",
        }
    }

    /// A BCP 47 tag's language: `fr`, `fr-CA` and `FR_fr` are French. Anything
    /// we do not translate into is `None`.
    pub fn parse(tag: &str) -> Option<Self> {
        let primary = tag.trim().split(['-', '_']).next()?;
        Self::ALL.into_iter().find(|l| primary.eq_ignore_ascii_case(l.as_str()))
    }

    /// The best of `supported` for an `Accept-Language` header: highest `q`
    /// first, then the header's order; `*` and unknown languages are skipped.
    pub fn negotiate(header: &str, supported: &[Locale]) -> Option<Self> {
        let mut best: Option<(u16, Locale)> = None;
        for item in header.split(',').take(16) {
            let mut parts = item.split(';');
            let Some(locale) = parts.next().and_then(Locale::parse) else { continue };
            let q = parts.find_map(|p| p.trim().strip_prefix("q=")).map_or(Some(1000), parse_q).unwrap_or(0);
            if q == 0 || !supported.contains(&locale) {
                continue;
            }
            if best.is_none_or(|(best_q, _)| q > best_q) {
                best = Some((q, locale));
            }
        }
        best.map(|(_, l)| l)
    }
}

/// A quality value as thousandths: `0.8` → 800, `1` → 1000.
fn parse_q(raw: &str) -> Option<u16> {
    let raw = raw.trim();
    let (int, frac) = raw.split_once('.').unwrap_or((raw, ""));
    if frac.len() > 3 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let int: u16 = match int {
        "0" => 0,
        "1" => 1,
        _ => return None,
    };
    let frac_value: u16 = format!("{frac:0<3}").parse().ok()?;
    let q = int * 1000 + frac_value;
    (q <= 1000).then_some(q)
}

impl fmt::Display for Locale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The translator of one request: a locale and the shared catalogs. `Copy`, so
/// every view and template gets its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tr(Locale);

impl Tr {
    pub fn new(locale: Locale) -> Self {
        Self(locale)
    }

    pub fn locale(&self) -> Locale {
        self.0
    }

    /// The `lang` of the page.
    pub fn lang(&self) -> &'static str {
        self.0.as_str()
    }

    /// A message without arguments.
    pub fn get<'a>(&self, key: &'a str) -> &'a str {
        catalog().simple(self.0, key)
    }

    /// A message with `$count`, which also picks the plural form.
    pub fn count(&self, key: &str, count: impl Count) -> String {
        catalog().format(self.0, key, &[("count", Arg::Int(count.as_i64()))])
    }

    /// A message with one text argument.
    pub fn with(&self, key: &str, name: &str, value: impl fmt::Display) -> String {
        catalog().format(self.0, key, &[(name, Arg::Text(value.to_string()))])
    }

    /// A message with two text arguments.
    pub fn with2(&self, key: &str, a: &str, a_value: impl fmt::Display, b: &str, b_value: impl fmt::Display) -> String {
        catalog().format(self.0, key, &[(a, Arg::Text(a_value.to_string())), (b, Arg::Text(b_value.to_string()))])
    }

    /// A message the domain composed (a field error, a refusal).
    pub fn msg(&self, msg: &Msg) -> String {
        catalog().format(self.0, msg.key, &msg.args)
    }

    /// `€1,234.50`, `1 234,50 €`, `1.234,50 €`…
    pub fn money(&self, money: &Money) -> String {
        format::money(self.0, *money)
    }

    /// An integer with the locale's grouping: `12,345`, `12 345`, `12.345`.
    pub fn number(&self, n: impl Count) -> String {
        format::integer(self.0, n.as_i64())
    }

    /// `2026-11-28` → `Sat 28 Nov 2026`, `sam. 28 nov. 2026`…; anything that is
    /// not an ISO date is shown as it is.
    pub fn date(&self, iso: impl fmt::Display) -> String {
        let iso = iso.to_string();
        match crate::domain::stay::parse_iso_date(&iso) {
            Some(d) => format::date(self.0, d),
            None => iso,
        }
    }

    /// An RFC 3339 instant as a wall-clock time in `tz` (IANA), e.g. `14:05`.
    pub fn time(&self, instant: impl fmt::Display, tz: &str) -> String {
        format::time(self.0, &instant.to_string(), tz)
    }

    /// How long until an RFC 3339 instant: `15 minutes`, `1 minute`.
    pub fn minutes_until(&self, instant: impl fmt::Display) -> String {
        let Ok(at) = instant.to_string().parse::<jiff::Timestamp>() else {
            return self.get("time-a-few-minutes").to_owned();
        };
        let secs = at.as_second() - jiff::Timestamp::now().as_second();
        match secs.max(0) / 60 {
            0 => self.get("time-under-a-minute").to_owned(),
            n => self.count("time-minutes", n),
        }
    }
}

/// Whole numbers a message can count.
pub trait Count: Copy {
    fn as_i64(self) -> i64;
}

macro_rules! count_int {
    ($($t:ty),*) => {$(
        impl Count for $t {
            fn as_i64(self) -> i64 {
                i64::try_from(self).unwrap_or(i64::MAX)
            }
        }
    )*};
}
count_int!(u8, u16, u32, u64, usize, i8, i16, i32, i64);

impl<T: Count> Count for &T {
    fn as_i64(self) -> i64 {
        (*self).as_i64()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_tags_by_primary_language() {
        assert_eq!(Locale::parse("fr-CA"), Some(Locale::Fr));
        assert_eq!(Locale::parse("PT_br"), Some(Locale::Pt));
        assert_eq!(Locale::parse("de"), Some(Locale::De));
        assert_eq!(Locale::parse("es"), None);
        assert_eq!(Locale::parse(""), None);
    }

    #[test]
    fn negotiates_by_quality_then_order() {
        let all = Locale::ALL;
        assert_eq!(Locale::negotiate("de-CH, fr;q=0.9, en;q=0.8", &all), Some(Locale::De));
        assert_eq!(Locale::negotiate("es, fr;q=0.5, pt;q=0.7", &all), Some(Locale::Pt));
        assert_eq!(Locale::negotiate("fr;q=0, de;q=0.1", &all), Some(Locale::De));
        assert_eq!(Locale::negotiate("de", &[Locale::En, Locale::Fr]), None);
        assert_eq!(Locale::negotiate("*, en;q=garbage", &all), None);
        assert_eq!(Locale::negotiate("fr;q=1.5, en;q=0.3", &all), Some(Locale::En));
    }
}
