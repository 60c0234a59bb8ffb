//! Messages and languages as values: what the domain says to a guest (a key of
//! the catalogs and its arguments) and the languages the site speaks. Rendering
//! them in a language is the i18n layer's (`crate::i18n`), which depends on this
//! module, never the other way round.

use std::fmt;

/// An argument of a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    /// A number: selects plural forms (`$count`).
    Int(i64),
    Text(String),
}

/// A message the domain composes for a guest (a field error, a refusal),
/// rendered in the guest's language where it is shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Msg {
    pub key: &'static str,
    pub args: Vec<(&'static str, Arg)>,
}

impl Msg {
    pub fn new(key: &'static str) -> Self {
        Self { key, args: Vec::new() }
    }

    pub fn int(mut self, name: &'static str, value: i64) -> Self {
        self.args.push((name, Arg::Int(value)));
        self
    }

    pub fn text(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.args.push((name, Arg::Text(value.into())));
        self
    }
}

impl From<&'static str> for Msg {
    fn from(key: &'static str) -> Self {
        Msg::new(key)
    }
}

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

/// Stored as its tag (`"fr"`): the language of a payment, an e-mail in the outbox.
impl serde::Serialize for Locale {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Read back leniently: a tag we no longer translate into is English, never
/// an unreadable draft.
impl<'de> serde::Deserialize<'de> for Locale {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(d)?;
        Ok(Self::parse(&raw).unwrap_or_default())
    }
}

impl fmt::Display for Locale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
