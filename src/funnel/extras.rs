//! Extras on the details step: the guest's choice priced into a new quote,
//! and the extras a confirmed booking counts in the funnel metrics.

use super::{Funnel, FunnelError, at_version};
use crate::domain::draft::{Action, BookingDraft, TransitionError};
use crate::domain::extras::{ExtraBasis, ExtraLine};
use crate::domain::loyalty::RateAccess;
use crate::domain::money::{Currency, Money};
use crate::upstream::RequestContext;
use crate::upstream::contract::ExtraLineDto;

impl Funnel {
    /// Prices the stay again with the extras `chosen` (already checked
    /// against the quote's offer, `domain::extras::choose`), on the draft as
    /// [`load`](Self::load) read it. The draft is `quoted` after it: the
    /// guest's details are kept to prefill the form, and given again.
    pub async fn choose_extras(
        &self,
        ctx: &RequestContext,
        draft: BookingDraft,
        expected: u64,
        chosen: Vec<String>,
        access: RateAccess,
    ) -> Result<BookingDraft, FunnelError> {
        let draft = at_version(draft, expected)?;
        draft.check(Action::ChooseExtras, jiff::Timestamp::now())?;
        if draft.quote.is_none() {
            return Err(TransitionError::QuoteRequired.into());
        }
        self.quote_and_commit(ctx, &draft, access, &chosen).await
    }
}

/// The extras of a quote's answer, each one that adds up, in `currency`;
/// `None` when one does not.
pub(super) fn lines(dtos: &[ExtraLineDto], currency: Currency) -> Option<Vec<ExtraLine>> {
    dtos.iter()
        .map(|d| {
            let m = |amount| Money::new(amount, currency);
            let line = ExtraLine {
                id: d.id.clone(),
                name: d.name.clone(),
                basis: d.basis,
                quantity: d.quantity,
                nights: d.nights,
                guests: d.guests,
                unit_price: m(d.unit_price),
                amount: m(d.amount),
                tax: m(d.tax),
                total: m(d.total),
            };
            line.check().ok().map(|()| line)
        })
        .collect()
}

/// Counts the extras of a booking just confirmed:
/// `extras_chosen_total{tenant,extra,basis}`. The `extra` label is an id the
/// pricing upstream offered (bounded by the hotels' configuration); one that
/// does not look like an id is counted as `other`.
pub(super) fn count_booked(tenant: &str, draft: &BookingDraft) {
    let Some(quote) = &draft.quote else { return };
    for line in &quote.extras {
        metrics::counter!(
            "extras_chosen_total",
            "tenant" => tenant.to_owned(),
            "extra" => metric_label(&line.id),
            "basis" => basis_label(line.basis)
        )
        .increment(1);
    }
}

fn basis_label(basis: ExtraBasis) -> &'static str {
    basis.as_str()
}

fn metric_label(id: &str) -> String {
    let plain = !id.is_empty()
        && id.len() <= 40
        && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
    if plain { id.to_owned() } else { "other".to_owned() }
}

#[cfg(test)]
mod tests {
    #[test]
    fn metric_labels_are_ids_or_other() {
        assert_eq!(super::metric_label("late-checkout"), "late-checkout");
        assert_eq!(super::metric_label("<script>"), "other");
        assert_eq!(super::metric_label(&"a".repeat(41)), "other");
    }
}
