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
mod extras;
mod format;
pub mod html;
pub mod render;

use std::fmt;

pub use crate::domain::msg::{Arg, Locale, Msg};
pub use catalog::catalog;
pub use extras::{extra_label, extra_units};
pub use format::Day;

use crate::domain::money::Money;

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

    /// A message without arguments for a template's text, escaped as the
    /// `text` filter escapes (`{{ t.text("key") }}` writes what
    /// `{{ t.get("key")|text }}` did), once at load rather than per page.
    pub fn text<'a>(&self, key: &'a str) -> html::Html<'a> {
        askama::filters::Safe(catalog().simple_html(self.0, key, true))
    }

    /// A message without arguments escaped as askama escapes a value, `'`
    /// included: `{{ t.html("key") }}` writes what `{{ t.get("key") }}` did.
    pub fn html<'a>(&self, key: &'a str) -> html::Html<'a> {
        askama::filters::Safe(catalog().simple_html(self.0, key, false))
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

    /// Each room's party as a line (`Room 1: 2 adults, 1 child`), room 1
    /// first; none for a single room, whose party is the stay's.
    pub fn room_parties<'a>(&self, rooms: impl IntoIterator<Item = (u8, &'a [u8])>) -> Vec<String> {
        let lines: Vec<String> = rooms
            .into_iter()
            .enumerate()
            .map(|(i, (adults, children))| {
                let mut party = self.count("draft-adults", adults);
                if !children.is_empty() {
                    party = format!("{party}, {}", self.count("draft-children", children.len()));
                }
                self.with2("draft-room-party", "number", i + 1, "party", party)
            })
            .collect();
        if lines.len() > 1 { lines } else { Vec::new() }
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

    /// A day in full without its year: `Friday 18 December`.
    pub fn day_in_full(&self, d: jiff::civil::Date) -> String {
        format::day_in_full(self.0, d)
    }

    /// A month's title: `December 2026`.
    pub fn month_year(&self, d: jiff::civil::Date) -> String {
        format::month_year(self.0, d)
    }

    /// A weekday (0 = Monday), abbreviated and in full.
    pub fn weekday(&self, monday_zero: usize) -> (&'static str, &'static str) {
        format::weekday(self.0, monday_zero)
    }

    /// An RFC 3339 instant as a wall-clock time in `tz` (IANA), e.g. `14:05`.
    pub fn time(&self, instant: impl fmt::Display, tz: &str) -> String {
        format::time(self.0, &instant.to_string(), tz)
    }

    /// How long until `at`: `15 minutes`, `1 minute`.
    pub fn minutes_until(&self, at: &jiff::Timestamp) -> String {
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
