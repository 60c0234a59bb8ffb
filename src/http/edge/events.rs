//! The analytics data block a page carries with consent: GA4-style ecommerce
//! events as JSON that can never leave its element (`ScriptJson`), and the
//! out-of-band block an htmx swap appends. What the events say is built from
//! the features' view-models in `routes::ecommerce`.

use std::fmt;

use askama::Template;
use serde::Serialize;

use crate::domain::money::Currency;
use crate::http::views::MoneyView;

/// The data block: the tenant's measurement id and the page's events.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EventsBlock {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub measurement_id: Option<String>,
    pub events: Vec<EcommerceEvent>,
}

/// One `dataLayer` entry: `{"event": "view_item_list", "ecommerce": {…}}`.
#[derive(Debug, Serialize)]
pub struct EcommerceEvent {
    pub event: &'static str,
    pub ecommerce: Ecommerce,
}

/// GA4's ecommerce parameters (snake_case, as GA4 names them).
#[derive(Debug, Default, Serialize)]
pub struct Ecommerce {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transaction_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item_list_id: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item_list_name: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coupon: Option<String>,
    pub items: Vec<Item>,
}

#[derive(Debug, Serialize)]
pub struct Item {
    pub item_id: String,
    pub item_name: String,
    pub item_brand: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item_category: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item_variant: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub price: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub index: Option<usize>,
    pub quantity: u32,
}

/// An amount as the decimal number GA4 expects (`145.5` for 14 550 cents). Money
/// stays integer minor units everywhere else; this is its rendering for
/// analytics, where the wire format is a JSON number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decimal {
    minor: i64,
    exponent: u32,
}

impl Decimal {
    pub fn of(money: &MoneyView) -> Option<Self> {
        Some(Self { minor: money.amount, exponent: money.currency.exponent() })
    }

    pub fn of_amount(amount: i64, currency: &str) -> Option<Self> {
        Currency::parse(currency).map(|c| Self { minor: amount, exponent: c.exponent() })
    }
}

impl Serialize for Decimal {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // Correctly rounded division: the nearest double to the exact decimal,
        // which serde_json prints in its shortest form (12345 / 100 → 123.45).
        s.serialize_f64(self.minor as f64 / 10f64.powi(self.exponent as i32))
    }
}

/// A tenant's measurement id as it may appear on a page: `G-XXXX`, `GTM-XXXX`.
pub fn valid_measurement_id(id: &str) -> bool {
    let Some((prefix, rest)) = id.split_once('-') else { return false };
    matches!(prefix, "G" | "GTM" | "AW" | "DC")
        && (4..=24).contains(&rest.len())
        && rest.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

/// JSON for a `<script type="application/json">` data block: serde_json's output
/// with `<`, `>` and `&` (and U+2028/U+2029) written as `\u003c` etc. Those
/// characters can only occur inside JSON strings, where the escape means the
/// same, so the JSON is unchanged while no value can close the element, open a
/// comment or start an entity. The only constructor escapes, so the block is
/// rendered unescaped by askama (`|safe`) and nothing else ever is.
#[derive(Debug, Clone)]
pub struct ScriptJson(String);

impl ScriptJson {
    pub fn of(value: &impl Serialize) -> Option<Self> {
        let json = serde_json::to_string(value).ok()?;
        let mut out = String::with_capacity(json.len());
        for c in json.chars() {
            match c {
                '<' => out.push_str("\\u003c"),
                '>' => out.push_str("\\u003e"),
                '&' => out.push_str("\\u0026"),
                '\u{2028}' => out.push_str("\\u2028"),
                '\u{2029}' => out.push_str("\\u2029"),
                c => out.push(c),
            }
        }
        Some(Self(out))
    }
}

impl fmt::Display for ScriptJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The events of an htmx fragment that moved the booking panel on, appended to
/// the page out of band. Not a `<script>`: htmx (`allowScriptTags: false`) drops
/// every script element from swapped content, so the JSON travels in a data
/// attribute, HTML-escaped by askama on top of [`ScriptJson`]'s escaping.
#[derive(Template)]
#[template(
    source = r#"<div hx-swap-oob="beforeend:body"><div hidden class="analytics-events-update" data-events="{{ block }}"></div></div>"#,
    ext = "html"
)]
pub struct OutOfBandBlock<'a> {
    pub block: &'a ScriptJson,
}
