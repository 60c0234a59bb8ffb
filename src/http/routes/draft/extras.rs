//! Extras on the details step: the guest's choice (checkboxes, or a JSON
//! list), `POST /draft/{id}/extras` that prices it into a new quote, and the
//! extras' view-model (each line with its basis, in the display currency
//! with the lines adding up to their total).

use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

use super::action::DraftMutation;
use super::{fail, funnel_to_app, render_draft, view_of};
use crate::domain::FieldErrors;
use crate::domain::draft::BookingDraft;
use crate::domain::extras::{self, ChoiceError, ExtraBasis, ExtraLine};
use crate::domain::guest::GuestForm;
use crate::domain::money::Money;
use crate::http::AppState;
use crate::http::context::Cx;
use crate::http::error::AppError;
use crate::http::loyalty::GuestAuth;
use crate::http::negotiate::Repr;
use crate::http::openapi::bodies::ExtrasBody;
use crate::http::openapi::problems;
use crate::http::views::{MoneyView, Prices};
use crate::i18n::Msg;

/// The longest extra id a guest may send (anything longer is not one).
const MAX_ID_LEN: usize = 64;

/// The details form with the extras ticked in it: what the extras route and
/// the guest route read (the extras route keeps what was typed in the form).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DetailsWithExtras {
    #[serde(flatten)]
    pub guest: GuestForm,
    #[serde(flatten)]
    pub extras: ExtrasChoice,
}

/// The `extras` field: `None` when absent, else every id sent — a form's
/// repeated `extras=…` (its hidden empty one says "the list is here, maybe
/// empty") or a JSON list.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ExtrasChoice(pub Option<Vec<String>>);

impl<'de> Deserialize<'de> for ExtrasChoice {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(ChoiceVisitor)
    }
}

struct ChoiceVisitor;

impl<'de> Visitor<'de> for ChoiceVisitor {
    type Value = ExtrasChoice;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a form or an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut ids: Option<Vec<String>> = None;
        while let Some(key) = map.next_key::<String>()? {
            if key != "extras" {
                map.next_value::<IgnoredAny>()?;
                continue;
            }
            let OneOrMany(more) = map.next_value()?;
            let list = ids.get_or_insert_with(Vec::new);
            if list.len() + more.len() > extras::MAX_EXTRAS * 4 {
                return Err(de::Error::custom("too many extras"));
            }
            list.extend(more);
        }
        Ok(ExtrasChoice(ids))
    }
}

/// One id (a form field) or a list of them (JSON); each id bounded.
struct OneOrMany(Vec<String>);

impl<'de> Deserialize<'de> for OneOrMany {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        fn id<E: de::Error>(s: &str) -> Result<String, E> {
            if s.len() > MAX_ID_LEN {
                return Err(E::custom("not an extra id"));
            }
            Ok(s.trim().to_owned())
        }
        impl<'de> Visitor<'de> for V {
            type Value = OneOrMany;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an extra id or a list of them")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<OneOrMany, E> {
                Ok(OneOrMany(vec![id(s)?]))
            }
            fn visit_unit<E: de::Error>(self) -> Result<OneOrMany, E> {
                Ok(OneOrMany(Vec::new()))
            }
            fn visit_none<E: de::Error>(self) -> Result<OneOrMany, E> {
                Ok(OneOrMany(Vec::new()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<OneOrMany, A::Error> {
                let mut out = Vec::new();
                while let Some(s) = seq.next_element::<String>()? {
                    if out.len() >= extras::MAX_EXTRAS * 4 {
                        return Err(de::Error::custom("too many extras"));
                    }
                    out.push(id(&s)?);
                }
                Ok(OneOrMany(out))
            }
        }
        d.deserialize_any(V)
    }
}

/// The guest's choice checked against the draft's offer: the ids, or the
/// message at the `extras` field.
pub(super) fn checked(draft: &BookingDraft, ids: &[String]) -> Result<Vec<String>, FieldErrors> {
    let offered = draft.quote.as_ref().map(|q| q.extras_offered.as_slice()).unwrap_or_default();
    extras::choose(offered, ids).map_err(|e| {
        let mut errors = FieldErrors::new();
        errors.add(
            "extras",
            Msg::new(match e {
                ChoiceError::NotOffered => "field-extras-unknown",
                ChoiceError::TooMany => "field-extras-too-many",
            }),
        );
        errors
    })
}

/// Whether `chosen` differs from what the draft's quote has.
pub(super) fn changes(draft: &BookingDraft, chosen: &[String]) -> bool {
    draft.quote.as_ref().map(|q| q.chosen_extras()).unwrap_or_default() != chosen
}

/// `POST /draft/{id}/extras`: the extras the guest wants, priced into a new quote.
#[utoipa::path(post, path = "/draft/{id}/extras", tag = "funnel", operation_id = "chooseExtras", request_body = ExtrasBody, security((), ("iam" = [])),
    responses((status = 200, description = "Priced again with the extras (`quoted`; `quote.extras`, included in `quote.total`)", body = super::views::DraftView),
              (status = 422, response = problems::ValidationFailed)))]
pub async fn choose(
    State(state): State<Arc<AppState>>,
    cx: Cx,
    auth: GuestAuth,
    DraftMutation { action, expected, body }: DraftMutation<DetailsWithExtras>,
) -> Result<Response, AppError> {
    let draft = state.funnel.load(&cx.rc, &action.actor(), &action.id).await.map_err(funnel_to_app)?;
    let ids = body.extras.0.clone().unwrap_or_default();
    let chosen = match checked(&draft, &ids) {
        Ok(chosen) => chosen,
        Err(errors) if cx.repr == Repr::Json => return Err(AppError::Validation(errors)),
        Err(errors) => {
            let mut view = view_of(&cx, &draft);
            view.guest_form = body.guest;
            view.extras_form = body.extras.0;
            view.errors = errors;
            return Ok(render_draft(&state, &cx, StatusCode::UNPROCESSABLE_ENTITY, &view));
        }
    };
    let access = auth.membership(&state, &cx.rc).await.access();
    match state.funnel.choose_extras(&cx.rc, draft, expected, chosen, access).await {
        Ok(draft) => {
            // Rendered, not redirected: what the guest typed in the details
            // form is not stored yet, and stays in the form.
            let mut view = view_of(&cx, &draft);
            if cx.repr != Repr::Json {
                view.guest_form = body.guest;
            }
            Ok(render_draft(&state, &cx, StatusCode::OK, &view))
        }
        Err(e) => fail(&state, &cx, &action, e).await,
    }
}

/// An extra priced for the stay.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ExtraLineView {
    pub id: String,
    /// In the guest's language.
    pub name: String,
    pub basis: ExtraBasisName,
    /// Units of `unitPrice`: 1 per stay, the nights, the guests, or guests × nights.
    pub quantity: u32,
    /// The nights it applies to (a date-limited extra: those in its dates).
    pub nights: u32,
    /// Everyone in the party, adults and children.
    pub guests: u32,
    #[schema(value_type = MoneyView)]
    pub unit_price: LineAmount,
    /// `quantity × unitPrice`, before tax.
    #[schema(value_type = MoneyView)]
    pub amount: LineAmount,
    #[schema(value_type = MoneyView)]
    pub tax: LineAmount,
    /// `amount + tax`. Converted for display, the lines' totals add up to
    /// the extras' total exactly.
    pub total: MoneyView,
    /// "2 guests × 3 nights", in the guest's language.
    pub units: String,
}

/// A part of a line's price the pages do not show (the unit price, the amount
/// before tax, the tax), formatted only when the line is written as JSON: a
/// details page offers every extra, and formatting these three was 15 K
/// instructions of it.
#[derive(Debug, Clone)]
pub struct LineAmount {
    money: Money,
    prices: Arc<Prices>,
}

impl LineAmount {
    /// The amount as the JSON shows it.
    pub fn view(&self) -> MoneyView {
        self.prices.view(self.money)
    }
}

impl Serialize for LineAmount {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.view().serialize(s)
    }
}

/// How an extra's price scales: `per_stay`, `per_night`, `per_guest` or `per_guest_night`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ExtraBasisName {
    PerStay,
    PerNight,
    PerGuest,
    PerGuestNight,
}

impl From<ExtraBasis> for ExtraBasisName {
    fn from(b: ExtraBasis) -> Self {
        match b {
            ExtraBasis::PerStay => Self::PerStay,
            ExtraBasis::PerNight => Self::PerNight,
            ExtraBasis::PerGuest => Self::PerGuest,
            ExtraBasis::PerGuestNight => Self::PerGuestNight,
        }
    }
}

/// The lines and their total, the totals converted so that they add up.
pub fn lines_view(lines: &[ExtraLine], prices: &Prices) -> (Vec<ExtraLineView>, Option<MoneyView>) {
    let Some(currency) = lines.first().map(|l| l.total.currency) else { return (Vec::new(), None) };
    let sum = extras::total(lines, currency).unwrap_or(Money::zero(currency));
    let mut total = prices.view(sum);
    let shared = Arc::new(prices.clone());
    let mut views: Vec<ExtraLineView> = lines.iter().map(|l| line_view(l, prices, &shared)).collect();
    let rate = prices.display.as_ref().and_then(|d| d.from.iter().find(|(c, _)| *c == currency).map(|r| (d.to, r.1)));
    let parts: Vec<Money> = lines.iter().map(|l| l.total).collect();
    if let Some((to, rate_ppm)) = rate.filter(|(to, _)| *to != currency)
        && let Some((converted, converted_total)) = extras::convert_lines(&parts, to, rate_ppm)
    {
        for (view, amount) in views.iter_mut().zip(converted) {
            if let Some(c) = view.total.converted.as_mut() {
                c.amount = amount.amount;
                c.display = prices.t.money(&amount);
            }
        }
        if let Some(c) = total.converted.as_mut() {
            c.amount = converted_total.amount;
            c.display = prices.t.money(&converted_total);
        }
    }
    (views, Some(total))
}

fn line_view(l: &ExtraLine, prices: &Prices, shared: &Arc<Prices>) -> ExtraLineView {
    let later = |money: Money| LineAmount { money, prices: Arc::clone(shared) };
    ExtraLineView {
        id: l.id.clone(),
        name: l.name.clone(),
        basis: l.basis.into(),
        quantity: l.quantity,
        nights: l.nights,
        guests: l.guests,
        unit_price: later(l.unit_price),
        amount: later(l.amount),
        tax: later(l.tax),
        total: prices.view(l.total),
        units: crate::i18n::extra_units(&prices.t, l.basis, l.nights, l.guests),
    }
}

/// One checkbox of the details form.
pub struct ExtraOption<'a> {
    pub line: &'a ExtraLineView,
    pub checked: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(form: &str) -> ExtrasChoice {
        #[derive(Default, Deserialize)]
        #[serde(default)]
        struct Body {
            #[allow(dead_code)]
            version: Option<String>,
            #[serde(flatten)]
            body: DetailsWithExtras,
        }
        serde_urlencoded::from_str::<Body>(form).unwrap().body.extras
    }

    #[test]
    fn a_form_repeats_the_field_and_the_placeholder_says_the_list_is_there() {
        assert_eq!(
            parse("first_name=Ada&extras=&extras=parking&extras=breakfast").0.unwrap(),
            ["", "parking", "breakfast"]
        );
        assert_eq!(parse("first_name=Ada").0, None);
        assert_eq!(parse("extras=").0.unwrap(), [""]);
    }

    #[test]
    fn json_sends_a_list_and_keeps_the_other_fields() {
        let body: DetailsWithExtras =
            serde_json::from_str(r#"{"first_name":"Ada","extras":["parking"],"accept_terms":true}"#).unwrap();
        assert_eq!(body.extras.0.unwrap(), ["parking"]);
        assert_eq!(body.guest.first_name, "Ada");
        assert!(serde_json::from_str::<DetailsWithExtras>(&format!(r#"{{"extras":["{}"]}}"#, "x".repeat(65))).is_err());
        assert!(serde_json::from_str::<DetailsWithExtras>(r#"{"extras":["a","b"]}"#).is_ok());
    }
}
