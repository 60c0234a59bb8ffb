//! How an extra's quantity reads: "2 guests × 3 nights", "3 nights",
//! "2 guests" or "per stay" (pages, JSON and e-mail alike).

use super::Tr;
use crate::domain::extras::{ExtraBasis, ExtraLine};

/// The units of an extra's line in the guest's language.
pub fn extra_units(t: &Tr, basis: ExtraBasis, nights: u32, guests: u32) -> String {
    match basis {
        ExtraBasis::PerStay => t.get("extras-per-stay").to_owned(),
        ExtraBasis::PerNight => t.count("stay-nights", nights),
        ExtraBasis::PerGuest => t.count("extras-guests", guests),
        ExtraBasis::PerGuestNight => {
            format!("{} × {}", t.count("extras-guests", guests), t.count("stay-nights", nights))
        }
    }
}

/// "Breakfast · 2 guests × 3 nights".
pub fn extra_label(t: &Tr, line: &ExtraLine) -> String {
    format!("{} · {}", line.name, extra_units(t, line.basis, line.nights, line.guests))
}
