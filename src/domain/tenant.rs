//! A tenant (hotel brand): its identity, brand theme and properties, validated so
//! that nothing in tenant configuration can inject markup or CSS.

use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};

use super::money::Currency;

/// 1–32 of `[a-z0-9-]`, starting with a letter.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct TenantId(String);

impl TenantId {
    pub fn parse(raw: &str) -> Option<Self> {
        let ok = (1..=32).contains(&raw.len())
            && raw.starts_with(|c: char| c.is_ascii_lowercase())
            && raw.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        ok.then(|| Self(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Read back (a stored draft, a record) only if it is still a valid id.
impl<'de> Deserialize<'de> for TenantId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(d)?;
        Self::parse(&raw).ok_or_else(|| serde::de::Error::custom("not a tenant id"))
    }
}

impl std::fmt::Display for TenantId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A look for the site: a stylesheet and a row in the theme registry
/// (`http::edge::theme`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ThemeName {
    /// Light, airy, serif headings, centred hero.
    Harbor,
    /// Dark header band, warm accents, sans-serif, dense cards.
    Timber,
}

impl ThemeName {
    pub const ALL: [Self; 2] = [Self::Harbor, Self::Timber];

    /// Its place in [`Self::ALL`].
    pub const fn index(self) -> usize {
        self as usize
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "harbor" => Some(Self::Harbor),
            "timber" => Some(Self::Timber),
            _ => None,
        }
    }

    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Harbor => "harbor",
            Self::Timber => "timber",
        }
    }
}

/// A CSS colour, only ever `#rgb` or `#rrggbb`; stored as `#rrggbb`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Colour([u8; 3]);

impl Colour {
    pub fn parse(raw: &str) -> Option<Self> {
        let hex = raw.trim().strip_prefix('#')?;
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let nibble = |i: usize| u8::from_str_radix(&hex[i..i + 1], 16).ok();
        match hex.len() {
            3 => Some(Self([nibble(0)? * 17, nibble(1)? * 17, nibble(2)? * 17])),
            6 => {
                let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
                Some(Self([byte(0)?, byte(2)?, byte(4)?]))
            }
            _ => None,
        }
    }

    pub fn css(&self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0[0], self.0[1], self.0[2])
    }

    pub fn rgb(&self) -> [u8; 3] {
        self.0
    }

    /// WCAG 2.1 relative luminance.
    fn luminance(&self) -> f64 {
        let channel = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.039_28 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
        };
        0.2126 * channel(self.0[0]) + 0.7152 * channel(self.0[1]) + 0.0722 * channel(self.0[2])
    }

    /// WCAG 2.1 contrast ratio between two colours (1.0–21.0).
    pub fn contrast(&self, other: &Colour) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        let (hi, lo) = if a > b { (a, b) } else { (b, a) };
        (hi + 0.05) / (lo + 0.05)
    }
}

/// Font stacks a tenant may choose from; free text would be a CSS injection vector.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FontStack {
    Serif,
    Sans,
    Humanist,
    Mono,
}

impl FontStack {
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "serif" => Some(Self::Serif),
            "sans" => Some(Self::Sans),
            "humanist" => Some(Self::Humanist),
            "mono" => Some(Self::Mono),
            _ => None,
        }
    }

    pub fn css(&self) -> &'static str {
        match self {
            Self::Serif => r#"Georgia, "Iowan Old Style", "Times New Roman", serif"#,
            Self::Sans => r#"system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif"#,
            Self::Humanist => r#"Seravek, "Gill Sans Nova", Ubuntu, Calibri, "DejaVu Sans", sans-serif"#,
            Self::Mono => r#"ui-monospace, "Cascadia Code", Menlo, Consolas, monospace"#,
        }
    }
}

/// Validated theme tokens. Every value is either an enum or a number or a
/// colour, so rendering them into CSS cannot break out of a declaration.
#[derive(Debug, Clone, PartialEq)]
pub struct ThemeTokens {
    pub primary: Colour,
    pub on_primary: Colour,
    pub accent: Colour,
    pub background: Colour,
    pub surface: Colour,
    pub text: Colour,
    pub heading_font: FontStack,
    pub body_font: FontStack,
    /// Corner radius in pixels, 0–24.
    pub radius_px: u8,
}

/// Raw token strings as tenant configuration sends them.
#[derive(Debug, Clone, Default, serde::Deserialize, Serialize)]
#[serde(default, rename_all = "camelCase")]
pub struct RawThemeTokens {
    pub primary: String,
    pub on_primary: String,
    pub accent: String,
    pub background: String,
    pub surface: String,
    pub text: String,
    pub heading_font: String,
    pub body_font: String,
    pub radius_px: i64,
}

/// WCAG 2.1 AA for body text.
pub const MIN_TEXT_CONTRAST: f64 = 4.5;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ThemeError {
    #[error("theme token `{0}` is not a colour (#rgb or #rrggbb)")]
    NotAColour(&'static str),
    #[error("theme token `{0}` is not one of the allowed font stacks")]
    UnknownFont(&'static str),
    #[error("theme token `radiusPx` must be between 0 and 24")]
    Radius,
    #[error("theme tokens `{0}` on `{1}` have contrast below 4.5:1")]
    Contrast(&'static str, &'static str),
}

impl RawThemeTokens {
    pub fn validate(&self) -> Result<ThemeTokens, ThemeError> {
        let colour = |name: &'static str, raw: &str| Colour::parse(raw).ok_or(ThemeError::NotAColour(name));
        let font = |name: &'static str, raw: &str| FontStack::parse(raw).ok_or(ThemeError::UnknownFont(name));
        let tokens = ThemeTokens {
            primary: colour("primary", &self.primary)?,
            on_primary: colour("onPrimary", &self.on_primary)?,
            accent: colour("accent", &self.accent)?,
            background: colour("background", &self.background)?,
            surface: colour("surface", &self.surface)?,
            text: colour("text", &self.text)?,
            heading_font: font("headingFont", &self.heading_font)?,
            body_font: font("bodyFont", &self.body_font)?,
            radius_px: u8::try_from(self.radius_px).ok().filter(|r| *r <= 24).ok_or(ThemeError::Radius)?,
        };
        let pairs = [
            ("text", &tokens.text, "background", &tokens.background),
            ("text", &tokens.text, "surface", &tokens.surface),
            ("onPrimary", &tokens.on_primary, "primary", &tokens.primary),
            ("primary", &tokens.primary, "background", &tokens.background),
        ];
        for (fg_name, fg, bg_name, bg) in pairs {
            if fg.contrast(bg) < MIN_TEXT_CONTRAST {
                return Err(ThemeError::Contrast(fg_name, bg_name));
            }
        }
        Ok(tokens)
    }
}

impl ThemeTokens {
    /// The tenant stylesheet: CSS custom properties only.
    pub fn stylesheet(&self) -> String {
        format!(
            ":root{{--primary:{};--on-primary:{};--accent:{};--bg:{};--surface:{};--text:{};\
             --font-heading:{};--font-body:{};--radius:{}px}}\n",
            self.primary.css(),
            self.on_primary.css(),
            self.accent.css(),
            self.background.css(),
            self.surface.css(),
            self.text.css(),
            self.heading_font.css(),
            self.body_font.css(),
            self.radius_px,
        )
    }
}

/// A property (hotel) of the tenant, as the booking surface needs it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Property {
    pub id: String,
    pub name: String,
    pub city: String,
    pub country: String,
    pub summary: String,
    pub stars: u8,
    #[serde(serialize_with = "serialize_tz")]
    pub time_zone: TimeZone,
    pub currency: Currency,
    pub checkin_time: String,
    pub checkout_time: String,
    /// The postal address as printed, one line each (street, postcode and
    /// city, country); empty when tenant configuration gives none.
    pub address: Vec<String>,
    /// The front desk's telephone (`+` and digits, as dialled), empty when none.
    pub phone: String,
    /// The front desk's e-mail address, empty when none.
    pub email: String,
    /// Its photos, the main one first: only those on one of the tenant's
    /// image origins, with a text alternative in its default language.
    #[serde(skip)]
    pub images: Vec<super::image::Image>,
}

fn serialize_tz<S: serde::Serializer>(tz: &TimeZone, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(tz.iana_name().unwrap_or("UTC"))
}

impl Property {
    /// Today's date where the property is.
    pub fn today(&self, now: jiff::Timestamp) -> jiff::civil::Date {
        now.to_zoned(self.time_zone.clone()).date()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw() -> RawThemeTokens {
        RawThemeTokens {
            primary: "#1b4965".into(),
            on_primary: "#ffffff".into(),
            accent: "#c9a227".into(),
            background: "#fbfaf7".into(),
            surface: "#ffffff".into(),
            text: "#1d232a".into(),
            heading_font: "serif".into(),
            body_font: "sans".into(),
            radius_px: 8,
        }
    }

    #[test]
    fn accepts_valid_tokens() {
        let tokens = raw().validate().unwrap();
        assert!(tokens.stylesheet().contains("--primary:#1b4965"));
    }

    #[test]
    fn rejects_injection_attempts_in_colours() {
        for bad in ["red", "#12345", "#1234567", "#fff;}body{display:none", "</style><script>", "#ggg", ""] {
            let mut r = raw();
            r.primary = bad.into();
            assert_eq!(r.validate(), Err(ThemeError::NotAColour("primary")), "{bad}");
        }
    }

    #[test]
    fn rejects_free_text_fonts_and_bad_radius() {
        let mut r = raw();
        r.body_font = "Arial;}*{color:red".into();
        assert_eq!(r.validate(), Err(ThemeError::UnknownFont("bodyFont")));
        let mut r = raw();
        r.radius_px = 400;
        assert_eq!(r.validate(), Err(ThemeError::Radius));
    }

    #[test]
    fn rejects_low_contrast() {
        let mut r = raw();
        r.text = "#cccccc".into();
        assert_eq!(r.validate(), Err(ThemeError::Contrast("text", "background")));
    }

    #[test]
    fn contrast_extremes() {
        let black = Colour::parse("#000").unwrap();
        let white = Colour::parse("#fff").unwrap();
        assert!((black.contrast(&white) - 21.0).abs() < 0.01);
    }

    #[test]
    fn tenant_ids() {
        assert!(TenantId::parse("aurora").is_some());
        for bad in ["", "Aurora", "1abc", "a b", "a/../b", &"x".repeat(33)] {
            assert!(TenantId::parse(bad).is_none(), "{bad}");
        }
    }
}

/// A tenant as the booking surface uses it: validated, ready to render.
#[derive(Debug)]
pub struct Tenant {
    pub id: TenantId,
    pub name: String,
    pub tagline: String,
    pub hosts: Vec<String>,
    pub theme: ThemeName,
    pub tokens: ThemeTokens,
    /// The tenant stylesheet and a short hash of it for cache-busting URLs.
    pub stylesheet: String,
    pub stylesheet_hash: String,
    pub locales: Vec<String>,
    pub default_locale: String,
    /// The languages of [`Self::locales`] we translate into, default first;
    /// English when the tenant names none of ours.
    pub languages: Vec<super::msg::Locale>,
    pub currencies: Vec<super::money::Currency>,
    pub default_currency: super::money::Currency,
    pub properties: Vec<Property>,
    pub policies: Policies,
    pub analytics: Analytics,
    /// Prefixes the app's payment `returnUrl` must start with, each written
    /// canonically (as a URL parser writes it back): app schemes
    /// (`aurorabooking://`) and universal links (`https://aurora.example/app/`,
    /// always ending in `/`, so the prefix cannot be extended into another host
    /// or path).
    pub app_return_urls: Vec<String>,
    /// Origins photos may be loaded from (CSP source expressions such as
    /// `https://img.aurora.example`), each written once.
    pub image_origins: Vec<String>,
}

impl Tenant {
    /// True when the page may show `image`: it is served from one of
    /// [`Self::image_origins`].
    pub fn allows_image(&self, image: &super::image::Image) -> bool {
        self.image_origins.iter().any(|o| o == image.origin())
    }

    /// The tenant's default language (what a text alternative falls back to).
    pub fn default_language(&self) -> super::msg::Locale {
        self.languages.first().copied().unwrap_or_default()
    }

    /// True when `url` (written canonically) is one of the tenant's app return
    /// URLs: it starts with one of [`Self::app_return_urls`].
    pub fn allows_app_return(&self, url: &str) -> bool {
        self.app_return_urls.iter().any(|prefix| url.starts_with(prefix.as_str()))
    }

    pub fn property(&self, id: &str) -> Option<&Property> {
        self.properties.iter().find(|p| p.id == id)
    }

    /// The earliest "today" across the tenant's properties: a guest may search
    /// from that date; a property where the date has already passed says so.
    pub fn earliest_today(&self, now: jiff::Timestamp) -> jiff::civil::Date {
        self.properties
            .iter()
            .map(|p| p.today(now))
            .min()
            .unwrap_or_else(|| now.to_zoned(jiff::tz::TimeZone::UTC).date())
    }
}

/// What the tenant tells guests about cancellation, payment and privacy. The
/// two links are absolute `http(s)` URLs (anything else is dropped when the
/// configuration is read): the guest accepts what they lead to before paying.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Policies {
    pub cancellation: String,
    pub payment: String,
    pub terms_url: Option<String>,
    pub privacy_url: Option<String>,
}

/// The tenant's analytics settings (ecommerce events with consent).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Analytics {
    pub enabled: bool,
    pub measurement_id: Option<String>,
}
