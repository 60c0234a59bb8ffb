//! GA4-style ecommerce events for the tenant's tag manager, rendered as a JSON
//! data block (`<script type="application/json" id="analytics-events">`) on
//! pages of a tenant whose analytics is on, for a guest who accepted — and on no
//! other page. A data block is never executed, so the CSP's `script-src 'self'`
//! stands; `static/analytics.js` hands the events to `window.dataLayer`, also
//! those an htmx fragment brings out of band ([`OutOfBandBlock`]).
//!
//! The item is the hotel (`item_id` = property id) in every event, so a report
//! can follow one hotel from the list to the purchase; the room and rate are its
//! `item_variant`. No event carries personal data.

use std::fmt;

use askama::Template;
use serde::Serialize;

use super::draft::views::DraftView;
use super::property::PropertyView;
use super::search::PropertyResult;
use super::views::MoneyView;
use crate::domain::money::Currency;
use crate::domain::tenant::Tenant;
use crate::funnel::ConfirmationView;

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
        Currency::parse(&money.currency).map(|c| Self { minor: money.amount, exponent: c.exponent() })
    }

    fn of_amount(amount: i64, currency: &str) -> Option<Self> {
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

const SEARCH_LIST: (&str, &str) = ("search_results", "Search results");

/// `view_item_list`: the hotels a search found available, cheapest stay first-shown order.
pub fn view_item_list(tenant: &Tenant, results: &[PropertyResult], promo: &str) -> EcommerceEvent {
    let priced: Vec<(usize, &PropertyResult, &MoneyView)> = results
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r.from_total.as_ref().filter(|_| r.is_available()).map(|m| (i, r, m)))
        .collect();
    let currency = priced.first().map(|(_, _, m)| m.currency.clone());
    let items = priced
        .iter()
        .map(|(index, r, from)| Item {
            item_id: r.property.id.clone(),
            item_name: r.property.name.clone(),
            item_brand: tenant.name.clone(),
            item_category: Some(r.property.city.clone()),
            item_variant: None,
            // A price in another currency than the event's would be misread.
            price: (Some(&from.currency) == currency.as_ref()).then(|| Decimal::of(from)).flatten(),
            index: Some(*index),
            quantity: 1,
        })
        .collect();
    EcommerceEvent {
        event: "view_item_list",
        ecommerce: Ecommerce {
            item_list_id: Some(SEARCH_LIST.0),
            item_list_name: Some(SEARCH_LIST.1),
            currency,
            coupon: coupon(promo),
            items,
            ..Ecommerce::default()
        },
    }
}

/// `select_item`: the guest chose a hotel from the list and sees its rooms.
pub fn select_item(tenant: &Tenant, view: &PropertyView) -> EcommerceEvent {
    let cheapest = view.rooms.iter().flat_map(|r| &r.rates).map(|r| &r.total).min_by_key(|m| m.amount);
    EcommerceEvent {
        event: "select_item",
        ecommerce: Ecommerce {
            item_list_id: Some(SEARCH_LIST.0),
            item_list_name: Some(SEARCH_LIST.1),
            currency: cheapest.map(|m| m.currency.clone()),
            coupon: coupon(&view.form.promo),
            items: vec![Item {
                item_id: view.property.id.clone(),
                item_name: view.property.name.clone(),
                item_brand: tenant.name.clone(),
                item_category: Some(view.property.city.clone()),
                item_variant: None,
                price: cheapest.and_then(Decimal::of),
                index: None,
                quantity: 1,
            }],
            ..Ecommerce::default()
        },
    }
}

/// `begin_checkout` on the guest-details step, `add_payment_info` on the payment
/// step; nothing on the other steps.
pub fn checkout_step(tenant: &Tenant, view: &DraftView) -> Option<EcommerceEvent> {
    let event = if view.is_step("guest_details") {
        "begin_checkout"
    } else if view.is_step("payment") {
        "add_payment_info"
    } else {
        return None;
    };
    let quote = view.quote.as_ref()?;
    let value = Decimal::of(&quote.total);
    Some(EcommerceEvent {
        event,
        ecommerce: Ecommerce {
            currency: Some(quote.total.currency.clone()),
            value,
            coupon: view.stay.promo.clone(),
            items: vec![Item {
                item_id: view.property.id.clone(),
                item_name: view.property.name.clone(),
                item_brand: tenant.name.clone(),
                item_category: None,
                item_variant: Some(format!("{} · {}", view.room_type.name, view.rate_plan.name)),
                price: value,
                index: None,
                quantity: 1,
            }],
            ..Ecommerce::default()
        },
    })
}

/// `purchase` on the confirmation. The page may be seen again; GA4 counts a
/// `transaction_id` once.
pub fn purchase(tenant: &Tenant, view: &ConfirmationView) -> EcommerceEvent {
    let value = Decimal::of_amount(view.total_amount, &view.currency);
    EcommerceEvent {
        event: "purchase",
        ecommerce: Ecommerce {
            transaction_id: Some(view.reference.clone()),
            currency: Some(view.currency.clone()),
            value,
            items: vec![Item {
                item_id: view.property_id.clone(),
                item_name: view.property_name.clone(),
                item_brand: tenant.name.clone(),
                item_category: None,
                item_variant: Some(format!("{} · {}", view.room_type, view.rate_plan)),
                price: value,
                index: None,
                quantity: 1,
            }],
            ..Ecommerce::default()
        },
    }
}

fn coupon(promo: &str) -> Option<String> {
    let promo = promo.trim();
    (!promo.is_empty()).then(|| promo.to_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_json_cannot_leave_its_element_and_stays_the_same_json() {
        let hostile = serde_json::json!({
            "name": "</script><script>alert(1)</script><!-- & \u{2028}",
            "nested": ["<b>", "a>b", "&amp;"]
        });
        let block = ScriptJson::of(&hostile).unwrap().to_string();
        for forbidden in ['<', '>', '&', '\u{2028}'] {
            assert!(!block.contains(forbidden), "{block}");
        }
        let back: serde_json::Value = serde_json::from_str(&block).unwrap();
        assert_eq!(back, hostile, "escaping must not change the data");
    }

    #[test]
    fn amounts_are_decimal_numbers_in_the_currency_unit() {
        let json = |amount, currency| serde_json::to_string(&Decimal::of_amount(amount, currency).unwrap()).unwrap();
        assert_eq!(json(12_345, "EUR"), "123.45");
        assert_eq!(json(14_500, "EUR"), "145.0");
        assert_eq!(json(1_600, "JPY"), "1600.0");
        assert_eq!(json(1, "GBP"), "0.01");
    }

    #[test]
    fn measurement_ids_are_checked() {
        assert!(valid_measurement_id("G-DEMO0001"));
        assert!(valid_measurement_id("GTM-5K7X2QP"));
        for bad in ["", "G-", "G-abc", "X-DEMO0001", "G-DEMO</script>", "G-DEMO 0001"] {
            assert!(!valid_measurement_id(bad), "{bad}");
        }
    }
}
