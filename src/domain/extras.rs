//! Extras: add-ons a hotel sells with the room (breakfast, parking, a late
//! check-out, an airport transfer, a festive dinner), priced per stay, per
//! night, per guest or per guest-night, some only on certain dates.
//!
//! Rules (integers only, no rounding drift):
//!
//! - **Guests** are everyone in the party, adults and children alike, across
//!   all rooms: an extra priced per guest costs the same for a child (the
//!   hotel decides its unit price; a free child is a hotel's own extra).
//! - **Nights** are the stay's nights an extra applies to: all of them, or for
//!   a date-limited extra only those inside its window (`from..=until`, night
//!   dates). An extra with no night of the stay in its window is not offered.
//! - **Quantity** by basis: per stay 1; per night the nights; per guest the
//!   guests; per guest-night guests × nights.
//! - **A line** is `amount = quantity × unit price`, its own `tax` (basis
//!   points of the amount, rounded half away from zero, per line) and
//!   `total = amount + tax`. The extras' total is the sum of the lines, so the
//!   lines add up to it to the minor unit by construction, in any exponent.
//! - **Shown in another currency**, the lines are converted by
//!   [`convert_lines`]: each line rounded down, the minor units left over
//!   given to the largest remainders, so the converted lines add up to the
//!   converted total exactly (what a guest adds up on the page is what the
//!   page says).
//! - **Paid** the way the rate is paid: extras are part of the quote's total,
//!   so a full rate charges them now, a percentage deposit takes its share of
//!   them, a first-night deposit leaves them to the hotel, and a rate paid at
//!   the hotel leaves all of them there (`payment_policy.rs`; now + at the
//!   hotel == total still holds).

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::money::{Currency, Money, apply_basis_points};

/// The most extras a quote may carry (a bound on what a guest can send).
pub const MAX_EXTRAS: usize = 16;

/// How an extra's price scales with the stay.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExtraBasis {
    PerStay,
    PerNight,
    PerGuest,
    PerGuestNight,
}

impl ExtraBasis {
    pub const ALL: [ExtraBasis; 4] = [Self::PerStay, Self::PerNight, Self::PerGuest, Self::PerGuestNight];

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::PerStay => "per_stay",
            Self::PerNight => "per_night",
            Self::PerGuest => "per_guest",
            Self::PerGuestNight => "per_guest_night",
        }
    }

    /// How many units of the unit price a stay of `nights` (those the extra
    /// applies to) for `guests` comes to.
    pub fn quantity(self, nights: u32, guests: u32) -> u32 {
        match self {
            Self::PerStay => 1,
            Self::PerNight => nights,
            Self::PerGuest => guests,
            Self::PerGuestNight => guests.saturating_mul(nights),
        }
    }
}

/// The nights (inclusive dates) a date-limited extra is sold for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtraWindow {
    pub from: Date,
    pub until: Date,
}

impl ExtraWindow {
    /// The nights of `nights` inside the window.
    pub fn nights_in(&self, nights: &[Date]) -> u32 {
        let inside = nights.iter().filter(|n| **n >= self.from && **n <= self.until).count();
        u32::try_from(inside).unwrap_or(u32::MAX)
    }
}

/// An extra as a hotel configures it: what the pricing upstream prices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtraRule {
    pub id: String,
    pub basis: ExtraBasis,
    /// Minor units per unit of the basis, before tax.
    pub unit_price: i64,
    /// Tax on the amount, basis points (600 = 6 %).
    pub tax_bp: i64,
    /// Sold only for these nights; `None`: every night.
    pub window: Option<ExtraWindow>,
}

/// One extra priced for a stay and a party.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExtraLine {
    pub id: String,
    /// In the guest's language, as the upstream named it.
    pub name: String,
    pub basis: ExtraBasis,
    /// Units of the unit price ([`ExtraBasis::quantity`]).
    pub quantity: u32,
    /// Nights it applies to, and the guests counted (what the line says:
    /// "2 guests × 3 nights").
    pub nights: u32,
    pub guests: u32,
    pub unit_price: Money,
    /// `quantity × unit_price`.
    pub amount: Money,
    pub tax: Money,
    /// `amount + tax`.
    pub total: Money,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ExtrasError {
    #[error("an extra's line does not add up")]
    Line,
    #[error("the extras are not in the quote's currency")]
    Currency,
    #[error("the extras do not add up to their total")]
    Sum,
    #[error("an amount is out of range")]
    Overflow,
}

impl ExtraRule {
    /// The line this extra comes to for `nights` and `guests` in `currency`;
    /// `None` when no night of the stay is in its window (not offered), or on
    /// an amount out of range.
    pub fn price(&self, name: &str, nights: &[Date], guests: u32, currency: Currency) -> Option<ExtraLine> {
        let applies = match &self.window {
            Some(window) => window.nights_in(nights),
            None => u32::try_from(nights.len()).ok()?,
        };
        if applies == 0 || self.unit_price < 0 {
            return None;
        }
        let quantity = self.basis.quantity(applies, guests);
        let amount = self.unit_price.checked_mul(i64::from(quantity))?;
        let tax = apply_basis_points(amount, self.tax_bp);
        let total = amount.checked_add(tax)?;
        let m = |a| Money::new(a, currency);
        Some(ExtraLine {
            id: self.id.clone(),
            name: name.to_owned(),
            basis: self.basis,
            quantity,
            nights: applies,
            guests,
            unit_price: m(self.unit_price),
            amount: m(amount),
            tax: m(tax),
            total: m(total),
        })
    }
}

impl ExtraLine {
    /// The line adds up: its quantity is its basis's for its nights and
    /// guests, `amount = quantity × unit price`, `total = amount + tax`, one
    /// currency, nothing negative.
    pub fn check(&self) -> Result<(), ExtrasError> {
        let currency = self.total.currency;
        if [self.unit_price, self.amount, self.tax].iter().any(|m| m.currency != currency) {
            return Err(ExtrasError::Currency);
        }
        let sound = self.quantity == self.basis.quantity(self.nights, self.guests)
            && self.unit_price.amount >= 0
            && self.tax.amount >= 0
            && self.unit_price.amount.checked_mul(i64::from(self.quantity)) == Some(self.amount.amount)
            && self.amount.amount.checked_add(self.tax.amount) == Some(self.total.amount);
        if sound { Ok(()) } else { Err(ExtrasError::Line) }
    }
}

/// The sum of the lines' totals in `currency` (zero for none).
pub fn total(lines: &[ExtraLine], currency: Currency) -> Result<Money, ExtrasError> {
    lines.iter().try_fold(Money::zero(currency), |sum, line| {
        if line.total.currency != currency {
            return Err(ExtrasError::Currency);
        }
        sum.checked_add(line.total).ok_or(ExtrasError::Overflow)
    })
}

/// Lines an upstream stated, with the total it stated for them: accepted only
/// when every line adds up and together they make that total exactly.
pub fn stated(lines: &[ExtraLine], stated_total: Money) -> Result<Money, ExtrasError> {
    for line in lines {
        line.check()?;
    }
    let sum = total(lines, stated_total.currency)?;
    if sum != stated_total {
        return Err(ExtrasError::Sum);
    }
    Ok(sum)
}

/// Why a guest's choice of extras is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChoiceError {
    /// Not an extra offered for this stay (unknown, or date-limited to other nights).
    #[error("an extra that is not offered for this stay")]
    NotOffered,
    #[error("more extras than a stay can have")]
    TooMany,
}

/// The guest's choice among `offered`: each id once, in the order offered.
/// Empty ids (a form's placeholder) are ignored.
pub fn choose(offered: &[ExtraLine], ids: &[String]) -> Result<Vec<String>, ChoiceError> {
    let ids: Vec<&str> = ids.iter().map(|id| id.trim()).filter(|id| !id.is_empty()).collect();
    if ids.len() > MAX_EXTRAS * 2 {
        return Err(ChoiceError::TooMany);
    }
    if ids.iter().any(|id| !offered.iter().any(|o| o.id == *id)) {
        return Err(ChoiceError::NotOffered);
    }
    Ok(offered.iter().filter(|o| ids.contains(&o.id.as_str())).map(|o| o.id.clone()).take(MAX_EXTRAS).collect())
}

/// `parts` converted into `to` at `rate_ppm` for display, so that they add up
/// to the sum converted the usual way ([`crate::upstream`]'s rounding: half
/// away from zero): every part rounded down, and the minor units that leaves
/// over given one each to the parts with the largest remainders (the earlier
/// part first on a tie). Returns the converted parts and their total; `None`
/// for a non-positive rate, a negative part, mixed currencies or an amount
/// out of range.
pub fn convert_lines(parts: &[Money], to: Currency, rate_ppm: i64) -> Option<(Vec<Money>, Money)> {
    if rate_ppm <= 0 {
        return None;
    }
    let Some(from) = parts.first().map(|p| p.currency) else { return Some((Vec::new(), Money::zero(to))) };
    if parts.iter().any(|p| p.currency != from || p.amount < 0) {
        return None;
    }
    let numerator = |amount: i64| i128::from(amount) * i128::from(rate_ppm) * 10i128.pow(to.exponent());
    let denominator = 1_000_000i128 * 10i128.pow(from.exponent());
    let sum: i128 = parts.iter().map(|p| i128::from(p.amount)).sum();
    let target = (numerator(i64::try_from(sum).ok()?) + denominator / 2) / denominator;
    let mut floors: Vec<(i128, i128)> = parts
        .iter()
        .map(|p| {
            let n = numerator(p.amount);
            (n / denominator, n % denominator)
        })
        .collect();
    let mut left = target - floors.iter().map(|(f, _)| f).sum::<i128>();
    let mut order: Vec<usize> = (0..floors.len()).collect();
    order.sort_by(|a, b| floors[*b].1.cmp(&floors[*a].1).then(a.cmp(b)));
    for i in order {
        if left <= 0 {
            break;
        }
        floors[i].0 += 1;
        left -= 1;
    }
    let converted = floors
        .into_iter()
        .map(|(f, _)| i64::try_from(f).ok().map(|a| Money::new(a, to)))
        .collect::<Option<Vec<_>>>()?;
    Some((converted, Money::new(i64::try_from(target).ok()?, to)))
}

#[cfg(test)]
mod tests;
