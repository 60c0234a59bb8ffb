use jiff::civil::{Date, date};
use proptest::prelude::*;

use super::*;
use crate::upstream::pricing::convert;

fn cur(code: &str) -> Currency {
    Currency::parse(code).unwrap()
}

fn nights(from: Date, n: i64) -> Vec<Date> {
    (0..n).map(|i| from.checked_add(jiff::Span::new().days(i)).unwrap()).collect()
}

fn rule(id: &str, basis: ExtraBasis, unit_price: i64, tax_bp: i64) -> ExtraRule {
    ExtraRule { id: id.into(), basis, unit_price, tax_bp, window: None }
}

#[test]
fn each_basis_counts_its_units() {
    let stay = nights(date(2026, 12, 1), 3);
    let eur = cur("EUR");
    let q = |basis| rule("x", basis, 1_000, 0).price("X", &stay, 2, eur).unwrap().quantity;
    assert_eq!(q(ExtraBasis::PerStay), 1);
    assert_eq!(q(ExtraBasis::PerNight), 3);
    assert_eq!(q(ExtraBasis::PerGuest), 2);
    assert_eq!(q(ExtraBasis::PerGuestNight), 6);
}

#[test]
fn a_line_is_quantity_times_price_plus_its_own_tax() {
    let stay = nights(date(2026, 12, 1), 3);
    let line =
        rule("breakfast", ExtraBasis::PerGuestNight, 1_650, 600).price("Breakfast", &stay, 2, cur("EUR")).unwrap();
    assert_eq!(line.amount.amount, 9_900);
    assert_eq!(line.tax.amount, 594);
    assert_eq!(line.total.amount, 10_494);
    assert_eq!(line.check(), Ok(()));
    // Half away from zero: 6 % of 1 025 is 61.5 → 62.
    let odd = rule("p", ExtraBasis::PerStay, 1_025, 600).price("P", &stay, 1, cur("EUR")).unwrap();
    assert_eq!(odd.tax.amount, 62);
}

#[test]
fn a_date_limited_extra_counts_only_its_nights_and_is_not_offered_outside_them() {
    let dinner = ExtraRule {
        window: Some(ExtraWindow { from: date(2026, 12, 31), until: date(2026, 12, 31) }),
        ..rule("festive-dinner", ExtraBasis::PerGuestNight, 8_500, 0)
    };
    let covers = nights(date(2026, 12, 30), 3);
    let line = dinner.price("Dinner", &covers, 2, cur("EUR")).unwrap();
    assert_eq!((line.nights, line.quantity, line.amount.amount), (1, 2, 17_000));
    assert!(dinner.price("Dinner", &nights(date(2026, 12, 1), 3), 2, cur("EUR")).is_none());
    // Checking out on the 31st: the 31st is not a night of the stay.
    assert!(dinner.price("Dinner", &nights(date(2026, 12, 29), 2), 2, cur("EUR")).is_none());
}

#[test]
fn stated_lines_must_add_up() {
    let stay = nights(date(2026, 12, 1), 2);
    let eur = cur("EUR");
    let a = rule("a", ExtraBasis::PerNight, 2_500, 600).price("A", &stay, 2, eur).unwrap();
    let b = rule("b", ExtraBasis::PerStay, 3_000, 0).price("B", &stay, 2, eur).unwrap();
    let sum = Money::new(a.total.amount + b.total.amount, eur);
    assert_eq!(stated(&[a.clone(), b.clone()], sum), Ok(sum));
    assert_eq!(stated(&[a.clone(), b.clone()], Money::new(sum.amount + 1, eur)), Err(ExtrasError::Sum));
    let mut wrong = a.clone();
    wrong.tax.amount += 1;
    assert_eq!(stated(&[wrong, b.clone()], sum), Err(ExtrasError::Line));
    let mut other = b;
    other.quantity = 2;
    assert_eq!(other.check(), Err(ExtrasError::Line));
    assert_eq!(stated(&[a], Money::new(0, cur("GBP"))), Err(ExtrasError::Currency));
}

#[test]
fn a_choice_is_among_the_offered_each_once_in_their_order() {
    let stay = nights(date(2026, 12, 1), 2);
    let eur = cur("EUR");
    let offered: Vec<ExtraLine> = ["breakfast", "parking"]
        .iter()
        .map(|id| rule(id, ExtraBasis::PerNight, 100, 0).price(id, &stay, 1, eur).unwrap())
        .collect();
    let ids = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    assert_eq!(choose(&offered, &ids(&["parking", "", "breakfast", "parking"])), Ok(ids(&["breakfast", "parking"])));
    assert_eq!(choose(&offered, &ids(&[""])), Ok(vec![]));
    assert_eq!(choose(&offered, &ids(&["spa"])), Err(ChoiceError::NotOffered));
    assert_eq!(choose(&offered, &vec!["parking".to_owned(); 100]), Err(ChoiceError::TooMany));
}

#[test]
fn converted_lines_add_up_where_converting_each_would_not() {
    // Three lines of €0.01 at 0.857: each alone rounds to £0.01 (£0.03), but
    // €0.03 is £0.0257 → £0.03. And at 1.5: each €0.01 → £0.015 → £0.02
    // (£0.06), while €0.03 → £0.045 → £0.05.
    let eur = cur("EUR");
    let parts = vec![Money::new(1, eur); 3];
    let (lines, total) = convert_lines(&parts, cur("GBP"), 1_500_000).unwrap();
    assert_eq!(total.amount, 5);
    assert_eq!(lines.iter().map(|m| m.amount).sum::<i64>(), 5);
    assert_eq!(lines.iter().map(|m| m.amount).collect::<Vec<_>>(), vec![2, 2, 1]);
    assert_eq!(convert_lines(&[], cur("GBP"), 1).unwrap().1.amount, 0);
    assert!(convert_lines(&parts, cur("GBP"), 0).is_none());
    assert!(convert_lines(&[Money::new(-1, eur)], cur("GBP"), 1).is_none());
}

const CODES: [&str; 6] = ["JPY", "EUR", "KWD", "GBP", "ISK", "BHD"];

fn basis() -> impl Strategy<Value = ExtraBasis> {
    prop::sample::select(ExtraBasis::ALL.to_vec())
}

fn extra_rule() -> impl Strategy<Value = ExtraRule> {
    (basis(), 0i64..=5_000_000, 0i64..=3_000, prop::option::of((0i64..40, 0i64..10))).prop_map(
        |(basis, unit_price, tax_bp, window)| ExtraRule {
            id: "x".into(),
            basis,
            unit_price,
            tax_bp,
            window: window.map(|(from, len)| {
                let from = date(2026, 12, 1).checked_add(jiff::Span::new().days(from)).unwrap();
                ExtraWindow { from, until: from.checked_add(jiff::Span::new().days(len)).unwrap() }
            }),
        },
    )
}

proptest! {
    /// For any stay (1–30 nights), party (1–45 guests: five rooms of nine),
    /// set of extras and currency exponent (0, 2, 3), every line adds up, the
    /// lines add up to the total to the minor unit, the upstream check takes
    /// exactly those lines, and converted for display into any other currency
    /// at any rate, the converted lines add up to the converted total — which
    /// is the total converted the usual way.
    #[test]
    fn the_lines_add_up_to_the_total_in_every_currency_path(
        rules in prop::collection::vec(extra_rule(), 0..=MAX_EXTRAS),
        start in 0i64..60,
        n in 1i64..=30,
        guests in 1u32..=45,
        code in 0usize..CODES.len(),
        shown in 0usize..CODES.len(),
        rate_ppm in 1i64..=500_000_000,
    ) {
        let currency = cur(CODES[code]);
        let stay = nights(date(2026, 11, 1).checked_add(jiff::Span::new().days(start)).unwrap(), n);
        let lines: Vec<ExtraLine> = rules.iter().filter_map(|r| r.price("X", &stay, guests, currency)).collect();
        let mut exact = 0i128;
        for line in &lines {
            prop_assert_eq!(line.check(), Ok(()));
            prop_assert!(line.nights >= 1 && line.nights <= n as u32);
            exact += i128::from(line.total.amount);
        }
        let sum = total(&lines, currency).unwrap();
        prop_assert_eq!(i128::from(sum.amount), exact);
        prop_assert_eq!(stated(&lines, sum), Ok(sum));

        let to = cur(CODES[shown]);
        let totals: Vec<Money> = lines.iter().map(|l| l.total).collect();
        let (converted, converted_total) = convert_lines(&totals, to, rate_ppm).unwrap();
        prop_assert_eq!(converted.len(), lines.len());
        prop_assert_eq!(converted.iter().map(|m| m.amount).sum::<i64>(), converted_total.amount);
        prop_assert_eq!(Some(converted_total), convert(sum, to, rate_ppm));
        // Each converted line is within one minor unit of its own conversion.
        for (line, shown) in lines.iter().zip(&converted) {
            let alone = convert(line.total, to, rate_ppm).unwrap();
            prop_assert!((alone.amount - shown.amount).abs() <= 1);
        }
    }
}
