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

use crate::domain::tenant::Tenant;
use crate::funnel::ConfirmationView;
use crate::http::draft::views::DraftView;
use crate::http::property::PropertyView;
use crate::http::search::PropertyResult;
use crate::http::views::MoneyView;

pub use crate::http::edge::events::{
    Decimal, Ecommerce, EcommerceEvent, EventsBlock, Item, OutOfBandBlock, ScriptJson, valid_measurement_id,
};

const SEARCH_LIST: (&str, &str) = ("search_results", "Search results");

/// `view_item_list`: the hotels a search found available, cheapest stay first-shown order.
pub fn view_item_list(tenant: &Tenant, results: &[PropertyResult], promo: &str) -> EcommerceEvent {
    let priced: Vec<(usize, &PropertyResult, &MoneyView)> = results
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r.from_total.as_ref().filter(|_| r.is_available()).map(|m| (i, r, m)))
        .collect();
    let currency = priced.first().map(|(_, _, m)| m.currency);
    let items = priced
        .iter()
        .map(|(index, r, from)| Item {
            item_id: r.property.id.clone(),
            item_name: r.property.name.clone(),
            item_brand: tenant.name.clone(),
            item_category: Some(r.property.city.clone()),
            item_variant: None,
            // A price in another currency than the event's would be misread.
            price: (Some(from.currency) == currency).then(|| Decimal::of(from)).flatten(),
            index: Some(*index),
            quantity: 1,
        })
        .collect();
    EcommerceEvent {
        event: "view_item_list",
        ecommerce: Ecommerce {
            item_list_id: Some(SEARCH_LIST.0),
            item_list_name: Some(SEARCH_LIST.1),
            currency: currency.map(|c| c.as_str().to_owned()),
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
            currency: cheapest.map(|m| m.currency.as_str().to_owned()),
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
            currency: Some(quote.total.currency.as_str().to_owned()),
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
