//! The demo gateway's hosted payment page: a plain HTML form (no JavaScript)
//! that takes a test card, an issuer challenge page, and the `303` back to the
//! merchant's return URL once the session reaches a final status.

use std::sync::Arc;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Form, Router};
use serde::Deserialize;

use super::DemoState;
use super::payments::{CARD_DECLINED, CHALLENGE_FAILED, Undecided, decide};
use super::wire::now;
use crate::domain::money::{Currency, Money};
use crate::upstream::contract::{PaymentMode, PaymentStatus};

pub fn router() -> Router<Arc<DemoState>> {
    Router::new()
        .route("/pay/{id}", get(show_form).post(pay))
        .route("/pay/{id}/challenge", get(show_challenge).post(answer_challenge))
}

pub struct TestCard {
    pub number: &'static str,
    pub outcome: &'static str,
}

pub const TEST_CARDS: &[TestCard] = &[
    TestCard { number: "4242 4242 4242 4242", outcome: "Approved" },
    TestCard { number: "4000 0000 0000 0002", outcome: "Declined" },
    TestCard { number: "4000 0000 0000 3220", outcome: "Asks your bank to confirm (approve or fail)" },
];

/// The page's content security policy: its own inline styles, nothing else.
const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'";

#[derive(Template)]
#[template(path = "demo/pay.html")]
struct PayPage<'a> {
    amount: String,
    /// A guarantee: the card is stored, nothing charged; `Some(what it
    /// guarantees)` (empty when the merchant did not say).
    guarantee: Option<String>,
    description: &'a str,
    reference: &'a str,
    action: String,
    name: &'a str,
    error: Option<&'a str>,
    cards: &'static [TestCard],
}

#[derive(Template)]
#[template(path = "demo/challenge.html")]
struct ChallengePage<'a> {
    amount: String,
    reference: &'a str,
    action: String,
    error: Option<&'a str>,
}

#[derive(Template)]
#[template(path = "demo/message.html")]
struct MessagePage<'a> {
    title: &'a str,
    message: &'a str,
}

/// The card form. `expiry` and `cvc` are posted too; the demo accepts any and
/// ignores them. No `Debug`: a card number is never printed, even a test one.
#[derive(Default, Deserialize)]
#[serde(default)]
struct CardForm {
    card_number: String,
    name: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ChallengeForm {
    outcome: String,
}

/// What the page needs of a session, read under the lock and released.
struct Snapshot {
    id: String,
    status: PaymentStatus,
    amount: String,
    guarantee: Option<String>,
    reference: String,
    description: String,
    return_redirect: String,
}

fn snapshot(state: &DemoState, id: &str) -> Option<Snapshot> {
    let ledger = state.ledger();
    let record = ledger.sessions.get(id)?;
    let s = &record.session;
    let show = |amount: i64| match Currency::parse(&s.currency) {
        Some(currency) => Money::new(amount, currency).display(),
        None => format!("{} {}", amount, s.currency),
    };
    let amount = show(s.amount);
    let guarantee =
        (s.mode == PaymentMode::Guarantee).then(|| record.request.guaranteed_amount.map(show).unwrap_or_default());
    Some(Snapshot {
        id: s.id.clone(),
        status: record.status(now()),
        amount,
        guarantee,
        reference: s.reference.clone(),
        description: record.request.description.clone(),
        return_redirect: record.return_redirect(),
    })
}

/// Sends a session that is not where the request expected it to its right place.
fn elsewhere(s: &Snapshot) -> Response {
    match s.status {
        PaymentStatus::Open => Redirect::to(&format!("/pay/{}", s.id)).into_response(),
        PaymentStatus::Challenge => Redirect::to(&format!("/pay/{}/challenge", s.id)).into_response(),
        _ => Redirect::to(&s.return_redirect).into_response(),
    }
}

async fn show_form(State(state): State<Arc<DemoState>>, Path(id): Path<String>) -> Response {
    match snapshot(&state, &id) {
        None => not_found(),
        Some(s) if s.status == PaymentStatus::Open => form_page(StatusCode::OK, &s, "", None),
        Some(s) => elsewhere(&s),
    }
}

async fn pay(State(state): State<Arc<DemoState>>, Path(id): Path<String>, Form(form): Form<CardForm>) -> Response {
    let Some(s) = snapshot(&state, &id) else { return not_found() };
    if s.status != PaymentStatus::Open {
        return elsewhere(&s);
    }
    let digits: String = form.card_number.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
    // A guarantee's "approved" is the card stored, nothing charged.
    let approved = if s.guarantee.is_some() { PaymentStatus::Guaranteed } else { PaymentStatus::Approved };
    let (status, reason) = match digits.as_str() {
        "4242424242424242" => (approved, None),
        "4000000000000002" => (PaymentStatus::Declined, Some(CARD_DECLINED)),
        "4000000000003220" => (PaymentStatus::Challenge, None),
        _ => {
            let message = "That card number is not one of the test cards; please use one from the list below.";
            return form_page(StatusCode::UNPROCESSABLE_ENTITY, &s, &form.name, Some(message));
        }
    };
    finish(&state, &id, status, reason)
}

async fn show_challenge(State(state): State<Arc<DemoState>>, Path(id): Path<String>) -> Response {
    match snapshot(&state, &id) {
        None => not_found(),
        Some(s) if s.status == PaymentStatus::Challenge => challenge_page(StatusCode::OK, &s, None),
        Some(s) => elsewhere(&s),
    }
}

async fn answer_challenge(
    State(state): State<Arc<DemoState>>,
    Path(id): Path<String>,
    Form(form): Form<ChallengeForm>,
) -> Response {
    let Some(s) = snapshot(&state, &id) else { return not_found() };
    if s.status != PaymentStatus::Challenge {
        return elsewhere(&s);
    }
    match form.outcome.as_str() {
        "approve" if s.guarantee.is_some() => finish(&state, &id, PaymentStatus::Guaranteed, None),
        "approve" => finish(&state, &id, PaymentStatus::Approved, None),
        "fail" => finish(&state, &id, PaymentStatus::Declined, Some(CHALLENGE_FAILED)),
        _ => challenge_page(StatusCode::UNPROCESSABLE_ENTITY, &s, Some("Please choose Approve or Fail.")),
    }
}

fn finish(state: &Arc<DemoState>, id: &str, status: PaymentStatus, reason: Option<&str>) -> Response {
    match decide(state, id, status, reason) {
        Ok((_, next)) | Err(Undecided::Final { redirect: next, .. }) => Redirect::to(&next).into_response(),
        Err(Undecided::Unknown) => not_found(),
    }
}

fn form_page(status: StatusCode, s: &Snapshot, name: &str, error: Option<&str>) -> Response {
    let page = PayPage {
        amount: s.amount.clone(),
        guarantee: s.guarantee.clone(),
        description: &s.description,
        reference: &s.reference,
        action: format!("/pay/{}", s.id),
        name,
        error,
        cards: TEST_CARDS,
    };
    html(status, page.render())
}

fn challenge_page(status: StatusCode, s: &Snapshot, error: Option<&str>) -> Response {
    let page = ChallengePage {
        amount: s.amount.clone(),
        reference: &s.reference,
        action: format!("/pay/{}/challenge", s.id),
        error,
    };
    html(status, page.render())
}

fn not_found() -> Response {
    let page = MessagePage {
        title: "Payment not found",
        message: "This payment link is not valid. Please go back to the merchant and start the payment again.",
    };
    html(StatusCode::NOT_FOUND, page.render())
}

fn html(status: StatusCode, rendered: askama::Result<String>) -> Response {
    match rendered {
        Ok(body) => (
            status,
            [
                (header::CACHE_CONTROL, "no-store"),
                (header::CONTENT_SECURITY_POLICY, CSP),
                (header::REFERRER_POLICY, "no-referrer"),
                (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            ],
            Html(body),
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "demo payment page did not render");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interpolated_values_are_escaped() {
        let page = PayPage {
            amount: "€1.00".into(),
            guarantee: None,
            description: "<script>alert(1)</script>",
            reference: "\"><img src=x>",
            action: "/pay/ps_1".into(),
            name: "O'Brien & <Co>",
            error: None,
            cards: TEST_CARDS,
        };
        let html = page.render().unwrap();
        assert!(!html.contains("<script>alert"));
        assert!(!html.contains("<img src=x>"));
        assert!(html.contains("&#60;script&#62;"), "escaped, not dropped");
        for autocomplete in ["cc-number", "cc-exp", "cc-csc", "cc-name"] {
            assert!(html.contains(&format!("autocomplete=\"{autocomplete}\"")), "{autocomplete}");
        }
        assert!(!html.contains("<script"), "no script at all on the page");
    }
}
