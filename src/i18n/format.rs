//! Numbers, money and dates the way each locale writes them (CLDR conventions
//! for the four languages we ship), in integers: money never becomes a float.

use jiff::civil::Date;

use super::Locale;
use crate::domain::money::Money;

/// U+00A0 NO-BREAK SPACE: between an amount and its currency sign.
const NBSP: char = '\u{a0}';
/// U+202F NARROW NO-BREAK SPACE: French digit grouping.
const NNBSP: char = '\u{202f}';

struct Numbers {
    group: char,
    decimal: char,
    /// Digits before grouping starts: 4-digit numbers stay ungrouped in pt-PT.
    min_grouping: usize,
    /// The sign goes before the number (`€12`) rather than after (`12 €`).
    symbol_first: bool,
}

fn numbers(locale: Locale) -> Numbers {
    match locale {
        Locale::En => Numbers { group: ',', decimal: '.', min_grouping: 4, symbol_first: true },
        Locale::Fr => Numbers { group: NNBSP, decimal: ',', min_grouping: 4, symbol_first: false },
        Locale::De => Numbers { group: '.', decimal: ',', min_grouping: 4, symbol_first: false },
        Locale::Pt => Numbers { group: NBSP, decimal: ',', min_grouping: 5, symbol_first: false },
    }
}

fn grouped(digits: &str, n: &Numbers) -> String {
    if digits.len() < n.min_grouping {
        return digits.to_owned();
    }
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(n.group);
        }
        out.push(ch);
    }
    out
}

pub fn integer(locale: Locale, value: i64) -> String {
    let digits = value.unsigned_abs().to_string();
    let sign = if value < 0 { "-" } else { "" };
    format!("{sign}{}", grouped(&digits, &numbers(locale)))
}

/// Written into one buffer of the right size: a results page formats a dozen
/// prices, and the `to_string`, the grouping pass and two `format!`s each
/// allocated (about 1.2 K instructions a price; now a third of that).
pub fn money(locale: Locale, money: Money) -> String {
    let n = numbers(locale);
    let exp = money.currency.exponent();
    let unit = 10u64.pow(exp);
    let abs = money.amount.unsigned_abs();
    let (major, minor) = (abs / unit, abs % unit);
    let sym = money.currency.symbol();
    let code = money.currency.as_str();
    // Digits, separators (at most 3 bytes each), sign, symbol or code and a space.
    let mut out = String::with_capacity(48);
    if money.amount < 0 {
        out.push('-');
    }
    if n.symbol_first {
        match sym {
            Some(sym) => out.push_str(sym),
            None => {
                out.push_str(code);
                out.push(NBSP);
            }
        }
    }
    push_grouped(&mut out, major, &n);
    if exp > 0 {
        out.push(n.decimal);
        let mut place = unit / 10;
        while place > 0 {
            out.push(char::from(b'0' + (minor / place % 10) as u8));
            place /= 10;
        }
    }
    if !n.symbol_first {
        out.push(NBSP);
        out.push_str(sym.unwrap_or(code));
    }
    out
}

/// `value`'s decimal digits with the locale's grouping, pushed onto `out`.
fn push_grouped(out: &mut String, value: u64, n: &Numbers) {
    let mut digits = [0u8; 20];
    let mut len = 0;
    let mut v = value;
    loop {
        digits[len] = b'0' + (v % 10) as u8;
        len += 1;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    let grouping = len >= n.min_grouping;
    for i in (0..len).rev() {
        out.push(char::from(digits[i]));
        if grouping && i > 0 && i % 3 == 0 {
            out.push(n.group);
        }
    }
}

const EN_DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const FR_DAYS: [&str; 7] = ["lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."];
const DE_DAYS: [&str; 7] = ["Mo.", "Di.", "Mi.", "Do.", "Fr.", "Sa.", "So."];
const PT_DAYS: [&str; 7] = ["seg.", "ter.", "qua.", "qui.", "sex.", "sáb.", "dom."];

const EN_MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const FR_MONTHS: [&str; 12] =
    ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."];
const DE_MONTHS: [&str; 12] =
    ["Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.", "Dez."];
const PT_MONTHS: [&str; 12] =
    ["jan.", "fev.", "mar.", "abr.", "mai.", "jun.", "jul.", "ago.", "set.", "out.", "nov.", "dez."];

/// A date with its weekday, in the locale's medium style.
pub fn date(locale: Locale, d: Date) -> String {
    Day(locale, d).to_string()
}

/// A date as [`date`] writes it, written straight into the page: a view that
/// holds the `Date` need not make an ISO string for the template to parse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Day(pub Locale, pub Date);

impl std::fmt::Display for Day {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let Day(locale, d) = *self;
        let weekday = usize::from(d.weekday().to_monday_zero_offset().unsigned_abs());
        let month = usize::from(d.month().unsigned_abs()) - 1;
        let (day, year) = (d.day(), d.year());
        match locale {
            Locale::En => write!(f, "{} {day} {} {year}", EN_DAYS[weekday], EN_MONTHS[month]),
            Locale::Fr => write!(f, "{} {day} {} {year}", FR_DAYS[weekday], FR_MONTHS[month]),
            Locale::De => write!(f, "{}, {day}. {} {year}", DE_DAYS[weekday], DE_MONTHS[month]),
            Locale::Pt => write!(f, "{}, {day} de {} de {year}", PT_DAYS[weekday], PT_MONTHS[month]),
        }
    }
}

const EN_DAYS_LONG: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const FR_DAYS_LONG: [&str; 7] = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"];
const DE_DAYS_LONG: [&str; 7] = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"];
const PT_DAYS_LONG: [&str; 7] =
    ["segunda-feira", "terça-feira", "quarta-feira", "quinta-feira", "sexta-feira", "sábado", "domingo"];

const EN_MONTHS_LONG: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const FR_MONTHS_LONG: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
const DE_MONTHS_LONG: [&str; 12] = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
];
const PT_MONTHS_LONG: [&str; 12] = [
    "janeiro",
    "fevereiro",
    "março",
    "abril",
    "maio",
    "junho",
    "julho",
    "agosto",
    "setembro",
    "outubro",
    "novembro",
    "dezembro",
];

/// A weekday (0 = Monday) abbreviated and in full: `("Fri", "Friday")`.
pub fn weekday(locale: Locale, monday_zero: usize) -> (&'static str, &'static str) {
    let i = monday_zero % 7;
    match locale {
        Locale::En => (EN_DAYS[i], EN_DAYS_LONG[i]),
        Locale::Fr => (FR_DAYS[i], FR_DAYS_LONG[i]),
        Locale::De => (DE_DAYS[i], DE_DAYS_LONG[i]),
        Locale::Pt => (PT_DAYS[i], PT_DAYS_LONG[i]),
    }
}

fn month_long(locale: Locale, d: Date) -> &'static str {
    let month = usize::from(d.month().unsigned_abs()).saturating_sub(1) % 12;
    match locale {
        Locale::En => EN_MONTHS_LONG[month],
        Locale::Fr => FR_MONTHS_LONG[month],
        Locale::De => DE_MONTHS_LONG[month],
        Locale::Pt => PT_MONTHS_LONG[month],
    }
}

/// A month's title: `December 2026`, `décembre 2026`, `Dezember 2026`, `dezembro de 2026`.
pub fn month_year(locale: Locale, d: Date) -> String {
    let (month, year) = (month_long(locale, d), d.year());
    match locale {
        Locale::Pt => format!("{month} de {year}"),
        _ => format!("{month} {year}"),
    }
}

/// A day in full without its year, as a calendar cell announces it:
/// `Friday 18 December`, `vendredi 18 décembre`, `Freitag, 18. Dezember`,
/// `sexta-feira, 18 de dezembro`.
pub fn day_in_full(locale: Locale, d: Date) -> String {
    let (_, weekday) = weekday(locale, usize::from(d.weekday().to_monday_zero_offset().unsigned_abs()));
    let (day, month) = (d.day(), month_long(locale, d));
    match locale {
        Locale::En | Locale::Fr => format!("{weekday} {day} {month}"),
        Locale::De => format!("{weekday}, {day}. {month}"),
        Locale::Pt => format!("{weekday}, {day} de {month}"),
    }
}

/// A wall-clock time, 24-hour in every locale we ship (`14:05`); the instant
/// as given when it cannot be read.
pub fn time(locale: Locale, instant: &str, tz: &str) -> String {
    let Ok(at) = instant.parse::<jiff::Timestamp>() else { return instant.to_owned() };
    let zone = jiff::tz::TimeZone::get(tz).unwrap_or(jiff::tz::TimeZone::UTC);
    let t = at.to_zoned(zone).time();
    match locale {
        Locale::De => format!("{:02}:{:02} Uhr", t.hour(), t.minute()),
        _ => format!("{:02}:{:02}", t.hour(), t.minute()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::money::Currency;

    fn eur(amount: i64) -> Money {
        Money::new(amount, Currency::parse("EUR").unwrap())
    }

    /// The algorithm [`money`] replaced, to check it against.
    fn money_before(locale: Locale, money: Money) -> String {
        let n = numbers(locale);
        let exp = money.currency.exponent();
        let unit = 10u64.pow(exp);
        let abs = money.amount.unsigned_abs();
        let (major, minor) = (abs / unit, abs % unit);
        let mut number = grouped(&major.to_string(), &n);
        if exp > 0 {
            number.push(n.decimal);
            number.push_str(&format!("{minor:0width$}", width = exp as usize));
        }
        let sign = if money.amount < 0 { "-" } else { "" };
        match (money.currency.symbol(), n.symbol_first) {
            (Some(sym), true) => format!("{sign}{sym}{number}"),
            (None, true) => format!("{sign}{}{NBSP}{number}", money.currency),
            (Some(sym), false) => format!("{sign}{number}{NBSP}{sym}"),
            (None, false) => format!("{sign}{number}{NBSP}{}", money.currency),
        }
    }

    proptest::proptest! {
        #[test]
        fn money_is_written_as_before(amount in proptest::prelude::any::<i64>(), locale in 0usize..4, currency in 0usize..5) {
            let locale = [Locale::En, Locale::Fr, Locale::De, Locale::Pt][locale];
            let currency = Currency::parse(["EUR", "GBP", "JPY", "CHF", "BHD"][currency]).unwrap();
            let m = Money::new(amount, currency);
            proptest::prop_assert_eq!(money(locale, m), money_before(locale, m));
        }
    }

    #[test]
    fn money_per_locale() {
        assert_eq!(money(Locale::En, eur(123_456)), "€1,234.56");
        assert_eq!(money(Locale::Fr, eur(123_456)), "1\u{202f}234,56\u{a0}€");
        assert_eq!(money(Locale::De, eur(123_456)), "1.234,56\u{a0}€");
        assert_eq!(money(Locale::Pt, eur(123_456)), "1234,56\u{a0}€");
        assert_eq!(money(Locale::Pt, eur(1_234_567)), "12\u{a0}345,67\u{a0}€");
        assert_eq!(money(Locale::De, eur(-5)), "-0,05\u{a0}€");
        let jpy = Money::new(160_000, Currency::parse("JPY").unwrap());
        assert_eq!(money(Locale::En, jpy), "¥160,000");
        let chf = Money::new(1_000, Currency::parse("CHF").unwrap());
        assert_eq!(money(Locale::Fr, chf), "10,00\u{a0}CHF");
        assert_eq!(money(Locale::En, chf), "CHF\u{a0}10.00");
    }

    #[test]
    fn integers_per_locale() {
        assert_eq!(integer(Locale::En, 1_234_567), "1,234,567");
        assert_eq!(integer(Locale::De, 1_234), "1.234");
        assert_eq!(integer(Locale::Pt, 1_234), "1234");
        assert_eq!(integer(Locale::En, -12), "-12");
    }

    #[test]
    fn dates_per_locale() {
        let d = jiff::civil::date(2026, 11, 28);
        assert_eq!(date(Locale::En, d), "Sat 28 Nov 2026");
        assert_eq!(date(Locale::Fr, d), "sam. 28 nov. 2026");
        assert_eq!(date(Locale::De, d), "Sa., 28. Nov. 2026");
        assert_eq!(date(Locale::Pt, d), "sáb., 28 de nov. de 2026");
    }

    #[test]
    fn calendar_names_per_locale() {
        let d = jiff::civil::date(2026, 12, 18);
        assert_eq!(day_in_full(Locale::En, d), "Friday 18 December");
        assert_eq!(day_in_full(Locale::De, d), "Freitag, 18. Dezember");
        assert_eq!(day_in_full(Locale::Pt, d), "sexta-feira, 18 de dezembro");
        assert_eq!(month_year(Locale::Fr, d), "décembre 2026");
        assert_eq!(month_year(Locale::Pt, d), "dezembro de 2026");
        assert_eq!(weekday(Locale::En, 0), ("Mon", "Monday"));
    }

    #[test]
    fn times_in_the_property_zone() {
        assert_eq!(time(Locale::En, "2026-11-28T13:05:00Z", "Europe/Lisbon"), "13:05");
        assert_eq!(time(Locale::De, "2026-11-28T13:05:00Z", "Europe/Berlin"), "14:05 Uhr");
        assert_eq!(time(Locale::Fr, "nonsense", "Europe/Paris"), "nonsense");
    }
}
