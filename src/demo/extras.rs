//! The demo's extras: what each hotel sells with the room, priced by the
//! domain's rules (`domain::extras`) and answered with every quote.
//!
//! Every demo hotel sells breakfast (per guest-night, the hotel's breakfast
//! price), parking (per night), a late check-out (per stay), an airport
//! transfer (per guest), and a festive dinner (per guest) only for a stay
//! with the night of the coming 31 December. Each is taxed at the hotel's rate.

use jiff::civil::{Date, date};

use super::seed::{Localized, SeedProperty};
use super::wire::Problem;
use crate::domain::extras::{ExtraBasis, ExtraLine, ExtraRule, ExtraWindow, MAX_EXTRAS};
use crate::domain::money::Currency;
use crate::domain::msg::Locale;
use crate::upstream::contract::ExtraLineDto;

struct SeedExtra {
    id: &'static str,
    name: Localized,
    basis: ExtraBasis,
    /// Minor units per unit; `None`: the hotel's breakfast price.
    unit_price: Option<i64>,
    /// Sold only for the night of the coming 31 December.
    new_year: bool,
}

/// The id of the date-limited extra.
pub const FESTIVE_DINNER: &str = "festive-dinner";

const EXTRAS: &[SeedExtra] = &[
    SeedExtra {
        id: "breakfast",
        name: Localized { en: "Breakfast", fr: "Petit-déjeuner", de: "Frühstück", pt: "Pequeno-almoço" },
        basis: ExtraBasis::PerGuestNight,
        unit_price: None,
        new_year: false,
    },
    SeedExtra {
        id: "parking",
        name: Localized { en: "Parking", fr: "Parking", de: "Parkplatz", pt: "Estacionamento" },
        basis: ExtraBasis::PerNight,
        unit_price: Some(2_500),
        new_year: false,
    },
    SeedExtra {
        id: "late-checkout",
        name: Localized {
            en: "Late check-out (until 2 pm)",
            fr: "Départ tardif (jusqu'à 14 h)",
            de: "Später Check-out (bis 14 Uhr)",
            pt: "Saída tardia (até às 14h)",
        },
        basis: ExtraBasis::PerStay,
        unit_price: Some(3_000),
        new_year: false,
    },
    SeedExtra {
        id: "airport-transfer",
        name: Localized {
            en: "Airport transfer",
            fr: "Transfert aéroport",
            de: "Flughafentransfer",
            pt: "Transfer do aeroporto",
        },
        basis: ExtraBasis::PerGuest,
        unit_price: Some(2_250),
        new_year: false,
    },
    SeedExtra {
        id: FESTIVE_DINNER,
        name: Localized {
            en: "New Year's Eve dinner",
            fr: "Dîner de la Saint-Sylvestre",
            de: "Silvesterdinner",
            pt: "Jantar de Passagem de Ano",
        },
        basis: ExtraBasis::PerGuest,
        unit_price: Some(8_500),
        new_year: true,
    },
];

/// The night of 31 December on or after `today`.
pub fn new_years_eve(today: Date) -> Date {
    let this_year = date(today.year(), 12, 31);
    if this_year >= today { this_year } else { date(today.year() + 1, 12, 31) }
}

fn rule(property: &SeedProperty, extra: &SeedExtra, today: Date) -> ExtraRule {
    let eve = new_years_eve(today);
    ExtraRule {
        id: extra.id.into(),
        basis: extra.basis,
        unit_price: extra.unit_price.unwrap_or(property.breakfast_per_guest),
        tax_bp: property.tax_bp,
        window: extra.new_year.then_some(ExtraWindow { from: eve, until: eve }),
    }
}

/// Every extra `property` sells for `nights` and `guests`, priced in `lang`.
pub fn offered(property: &SeedProperty, nights: &[Date], guests: u32, today: Date, lang: Locale) -> Vec<ExtraLine> {
    let currency = Currency::parse(property.currency).expect("seeded currencies are ISO codes");
    EXTRAS.iter().filter_map(|e| rule(property, e, today).price(e.name.get(lang), nights, guests, currency)).collect()
}

/// The lines of the extras `chosen` among those `offered` (each once, in the
/// order offered); an id not offered is refused.
pub fn chosen(offered: &[ExtraLine], chosen: &[String]) -> Result<Vec<ExtraLine>, Problem> {
    if chosen.len() > MAX_EXTRAS {
        return Err(Problem::unprocessable("unknown-extra", "too many extras"));
    }
    if let Some(unknown) = chosen.iter().find(|id| !offered.iter().any(|o| o.id == **id)) {
        return Err(Problem::unprocessable(
            "unknown-extra",
            format!("the extra {unknown:?} is not offered for this stay"),
        ));
    }
    Ok(offered.iter().filter(|o| chosen.contains(&o.id)).cloned().collect())
}

pub fn dto(line: &ExtraLine) -> ExtraLineDto {
    ExtraLineDto {
        id: line.id.clone(),
        name: line.name.clone(),
        basis: line.basis,
        quantity: line.quantity,
        nights: line.nights,
        guests: line.guests,
        unit_price: line.unit_price.amount,
        amount: line.amount.amount,
        tax: line.tax.amount,
        total: line.total.amount,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::seed::property;

    #[test]
    fn the_festive_dinner_is_offered_only_over_new_years_eve() {
        let p = property("aurora-lisbon").unwrap();
        let today = date(2026, 11, 20);
        let eve = new_years_eve(today);
        let around = [eve.yesterday().unwrap(), eve];
        let ids =
            |nights: &[Date]| offered(p, nights, 2, today, Locale::En).into_iter().map(|l| l.id).collect::<Vec<_>>();
        assert!(ids(&around).contains(&FESTIVE_DINNER.to_owned()));
        assert_eq!(ids(&[date(2026, 12, 1)]).len(), 4);
        assert_eq!(new_years_eve(date(2027, 1, 1)), date(2027, 12, 31));
    }

    #[test]
    fn an_unknown_extra_is_refused() {
        let p = property("aurora-lisbon").unwrap();
        let lines = offered(p, &[date(2026, 12, 1)], 2, date(2026, 11, 20), Locale::En);
        assert!(chosen(&lines, &["breakfast".into(), "helicopter".into()]).is_err());
        let two = chosen(&lines, &["parking".into(), "breakfast".into(), "parking".into()]).unwrap();
        assert_eq!(two.iter().map(|l| l.id.as_str()).collect::<Vec<_>>(), ["breakfast", "parking"]);
    }
}
