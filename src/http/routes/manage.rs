//! Manage my booking: `GET /manage?t={token}` shows a booking and what
//! cancelling it now refunds; `POST /manage/cancel` cancels it after the guest
//! saw that amount. The signed link (`domain::manage_link`) is the only
//! credential: it comes from the confirmation e-mail, or from the confirmation
//! page once the guest proved the booking (session, or reference + e-mail).
//! A link that is not ours is a 404, an expired one a 410.

use crate::http::draft::views::filters;
use std::sync::Arc;

use askama::Template;
use axum::extract::{Query, State};
use axum::http::header::{CACHE_CONTROL, LOCATION};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::domain::cancellation::Window;
use crate::domain::manage_link::{self, LinkError, ManageGrant};
use crate::domain::search::{PartyForm, RoomRow, SearchForm};
use crate::domain::tenant::Tenant;
use crate::funnel::change::ChangeError;
use crate::funnel::manage::{CancelError, Managed};
use crate::http::AppState;
use crate::http::context::Cx;
use crate::http::draft::funnel_to_app;
use crate::http::error::AppError;
use crate::http::input::Input;
use crate::http::negotiate::{Repr, respond};
use crate::http::openapi::{self, problems};
use crate::http::views::RoomPartyView;
use crate::http::views::{Chrome, PaymentTermsView, Prices};
use crate::i18n::{Msg, Tr};

pub fn router() -> OpenApiRouter<Arc<AppState>> {
    OpenApiRouter::new().routes(routes!(show)).routes(routes!(cancel)).routes(routes!(change))
}

/// The path and query of the manage page of `reference` (checking out on
/// `checkout`, ISO), for links on our own pages; `None` when none can be made.
pub fn link(state: &AppState, tenant: &Tenant, reference: &str, checkout: &str) -> Option<String> {
    let exp = manage_link::expiry_for(checkout.parse().ok()?);
    manage_link::sign(&state.manage_keys, tenant.id.as_str(), reference, exp).map(|t| format!("/manage?t={t}"))
}

/// What cancelling now comes to, while the booking stands.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CancelOfferView {
    /// `free`, `penalty` or `nonRefundable`.
    pub window: &'static str,
    /// The free-cancellation deadline where the hotel is (RFC 9557, with the zone).
    pub deadline: Option<String>,
    /// The deadline as the page shows it, in the hotel's local time.
    pub deadline_display: Option<String>,
    /// Kept, integer minor units.
    pub penalty_amount: i64,
    /// Refunded, integer minor units: send it back as `expectedRefund`.
    pub refund_amount: i64,
    pub refund_display: String,
    /// What the page says about it.
    pub message: String,
}

/// What a cancellation came to.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CancelledView {
    pub penalty_amount: i64,
    pub refund_amount: i64,
    /// `false` while the refund is still on its way.
    pub refunded: bool,
    pub message: String,
    pub penalty_message: Option<String>,
}

/// The booking's stay, as the change form starts from it.
#[derive(Debug, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct ChangeFormView {
    pub checkin: String,
    pub checkout: String,
    pub adults: String,
    /// Comma-separated ages.
    pub children: String,
    pub rooms: String,
    /// Each room's party as typed (`adults`, `children` ages comma-separated), room 1 first.
    #[schema(value_type = Vec<Object>)]
    pub parties: Vec<PartyForm>,
}

impl ChangeFormView {
    /// Each room's party fields, as the search form shows them.
    pub fn room_rows(&self) -> Vec<RoomRow> {
        SearchForm::party_only(&self.adults, &self.children, &self.rooms, &self.parties).room_rows()
    }
}

/// The manage page's view-model.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ManageView {
    pub reference: String,
    /// `confirmed` or `cancelled`.
    pub status: &'static str,
    pub property_name: String,
    pub room_type: String,
    pub rate_plan: String,
    pub checkin: String,
    pub checkout: String,
    /// Each room's party, room 1 first (empty when the platform does not say).
    pub parties: Vec<RoomPartyView>,
    /// Each room's type, rate and party when the rooms differ (else empty:
    /// `roomType` and `ratePlan` are every room's).
    pub room_lines: Vec<crate::funnel::room_lines::RoomLineView>,
    pub guest_name: String,
    pub total_amount: i64,
    pub currency: String,
    pub total_display: String,
    /// For a deposit or a rate paid at the hotel: what was charged when
    /// booking and what is paid at the hotel (absent: paid in full).
    pub payment: Option<PaymentTermsView>,
    /// The extras booked with the room (included in the total).
    pub extras: Vec<crate::funnel::BookedExtraView>,
    /// While confirmed and cancellable online.
    pub cancellation: Option<CancelOfferView>,
    /// While the dates or party can be changed online: the stay as booked,
    /// to prefill `POST /manage/change`.
    pub change: Option<ChangeFormView>,
    pub cancelled: Option<CancelledView>,
    /// The link's token, for the cancel form (not in JSON: the client has it).
    #[serde(skip)]
    pub token: String,
    /// A notice above the page (the amount changed).
    #[serde(skip)]
    pub notice: Option<String>,
    /// What was wrong with a change the guest asked for, at its fields.
    #[serde(skip)]
    pub change_errors: crate::domain::field_errors::FieldErrors,
    /// The earliest arrival the change form offers (the hotel's today).
    #[serde(skip)]
    pub min_date: String,
}

impl ManageView {
    fn of(m: &Managed, token: &str, t: Tr) -> Self {
        let zone = m.time_zone.iana_name().unwrap_or("UTC").to_owned();
        let currency = m.total.currency;
        // Paid at the hotel: nothing to refund, a card on file to release or charge.
        let guarantee = m.payment.is_some_and(|p| p.policy.is_guarantee());
        let cancellation = m.offer.as_ref().map(|offer| {
            let deadline_display =
                offer.deadline.as_ref().map(|d| format!("{} {}", t.date(d.date()), t.time(d.timestamp(), &zone)));
            let refund = t.money(&offer.refund);
            let when = deadline_display.clone().unwrap_or_default();
            let (window, message) = match offer.window {
                Window::Free => (
                    "free",
                    format!(
                        "{} {}",
                        t.with("manage-free-until", "when", &when),
                        if guarantee {
                            t.get("manage-cancel-free-guarantee").to_owned()
                        } else {
                            t.with("manage-cancel-free", "refund", &refund)
                        }
                    ),
                ),
                Window::Penalty => (
                    "penalty",
                    t.msg(
                        &Msg::new(if guarantee { "manage-cancel-penalty-guarantee" } else { "manage-cancel-penalty" })
                            .text("when", when.clone())
                            .text("penalty", t.money(&offer.penalty))
                            .text("refund", refund.clone()),
                    ),
                ),
                Window::NonRefundable => ("nonRefundable", t.get("manage-non-refundable").to_owned()),
            };
            CancelOfferView {
                window,
                deadline: offer.deadline.as_ref().map(|d| d.to_string()),
                deadline_display,
                penalty_amount: offer.penalty.amount,
                refund_amount: offer.refund.amount,
                refund_display: refund,
                message,
            }
        });
        let cancelled = m.cancelled.as_ref().map(|c| {
            let refund = t.money(&crate::domain::money::Money::new(c.refund, currency));
            let refunded = c.stage == crate::store::cancellations::Stage::Settled;
            CancelledView {
                penalty_amount: c.penalty,
                refund_amount: c.refund,
                refunded,
                message: if guarantee && c.refund == 0 {
                    t.get("manage-cancelled-guarantee").to_owned()
                } else if refunded {
                    t.with("manage-cancelled-refund", "refund", refund)
                } else {
                    t.with("manage-cancelled-refund-pending", "refund", refund)
                },
                penalty_message: (c.penalty > 0).then(|| {
                    t.with(
                        if guarantee { "manage-cancelled-penalty-guarantee" } else { "manage-cancelled-penalty" },
                        "penalty",
                        t.money(&crate::domain::money::Money::new(c.penalty, currency)),
                    )
                }),
            }
        });
        Self {
            reference: m.reference.clone(),
            status: if m.cancelled.is_some() { "cancelled" } else { "confirmed" },
            property_name: m.property_name.clone(),
            room_type: m.room_type.clone(),
            rate_plan: m.rate_plan.clone(),
            checkin: m.checkin.to_string(),
            checkout: m.checkout.to_string(),
            parties: m.parties.clone(),
            room_lines: {
                let mut lines = m.room_lines.clone();
                crate::funnel::room_lines::RoomLineView::localise(&mut lines, t, currency.as_str());
                lines
            },
            guest_name: m.guest_name.clone(),
            total_amount: m.total.amount,
            currency: currency.to_string(),
            total_display: t.money(&m.total),
            payment: m.payment.as_ref().map(|p| PaymentTermsView::of(p, &Prices::plain(t))),
            extras: m.extras.iter().map(|e| e.clone().labelled(&t, currency)).collect(),
            cancellation,
            change: m.changeable.then(|| ChangeFormView {
                checkin: m.checkin.to_string(),
                checkout: m.checkout.to_string(),
                adults: m.adults.to_string(),
                children: m.children.iter().map(u8::to_string).collect::<Vec<_>>().join(","),
                rooms: m.rooms.to_string(),
                parties: m
                    .parties
                    .iter()
                    .map(|p| PartyForm {
                        adults: p.adults.to_string(),
                        children: p.children.iter().map(u8::to_string).collect::<Vec<_>>().join(","),
                    })
                    .collect(),
            }),
            change_errors: crate::domain::field_errors::FieldErrors::new(),
            min_date: Timestamp::now().to_zoned(m.time_zone.clone()).date().to_string(),
            cancelled,
            token: token.to_owned(),
            notice: None,
        }
    }
}

impl ManageView {
    /// Each room's party as a line, for a stay of several rooms.
    pub fn party_lines(&self, t: &Tr) -> Vec<String> {
        RoomPartyView::lines(t, &self.parties)
    }
}

#[derive(Template)]
#[template(path = "pages/manage.html")]
struct ManagePage<'a> {
    t: Tr,
    chrome: &'a Chrome,
    view: &'a ManageView,
}

#[derive(Template)]
#[template(path = "partials/manage.html")]
struct ManagePanel<'a> {
    t: Tr,
    chrome: &'a Chrome,
    view: &'a ManageView,
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(default)]
pub struct LinkQuery {
    /// The signed token of the manage link.
    pub t: String,
}

/// The body of `POST /manage/cancel`.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(default, rename_all = "camelCase")]
pub struct CancelBody {
    /// The manage link's token.
    pub t: String,
    /// The `refundAmount` the guest was shown: a cancel that would now refund
    /// another amount is refused (409) and shows the new one.
    pub expected_refund: i64,
}

fn verify(state: &AppState, cx: &Cx, token: &str) -> Result<ManageGrant, AppError> {
    manage_link::open(&state.manage_keys, cx.tenant.id.as_str(), token, Timestamp::now().as_second()).map_err(|e| {
        match e {
            LinkError::Invalid => AppError::NotFound,
            LinkError::Expired => AppError::Gone {
                title: Msg::new("manage-link-expired-title"),
                detail: Msg::new("manage-link-expired-detail"),
            },
        }
    })
}

/// The booking a manage link opens, as the page shows it now.
async fn open_booking(state: &AppState, cx: &Cx, token: &str) -> Result<(ManageGrant, Managed), AppError> {
    let grant = verify(state, cx, token)?;
    let managed = state
        .funnel
        .managed(&cx.rc, &cx.tenant, &grant.reference, Timestamp::now())
        .await
        .map_err(funnel_to_app)?
        .ok_or(AppError::NotFound)?;
    Ok((grant, managed))
}

fn render(state: &AppState, cx: &Cx, status: StatusCode, view: &ManageView) -> Response {
    let chrome = cx.chrome(state);
    let mut res = respond(
        cx.repr,
        status,
        view,
        || ManagePage { t: chrome.t, chrome: &chrome, view }.render(),
        || ManagePanel { t: chrome.t, chrome: &chrome, view }.render(),
    );
    res.headers_mut().insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// `GET /manage?t=…`
#[utoipa::path(get, path = "/manage", tag = "manage", operation_id = "getManagedBooking", params(LinkQuery),
    responses((status = 200, description = "The booking and what cancelling it now refunds", body = ManageView),
              (status = 404, response = problems::NotFound),
              (status = 410, response = problems::Gone)))]
pub async fn show(
    State(state): State<Arc<AppState>>,
    cx: Cx,
    Query(q): Query<LinkQuery>,
) -> Result<Response, AppError> {
    let (_, managed) = open_booking(&state, &cx, &q.t).await?;
    Ok(render(&state, &cx, StatusCode::OK, &ManageView::of(&managed, &q.t, cx.t)))
}

/// `POST /manage/cancel`
#[utoipa::path(post, path = "/manage/cancel", tag = "manage", operation_id = "cancelBooking", request_body = CancelBody,
    responses((status = 200, description = "The cancelled booking, with what was kept and refunded (a repeated cancel answers the same)", body = ManageView),
              (status = 303, description = "Pages: back to the manage page"),
              (status = 404, response = problems::NotFound),
              (status = 409, response = problems::Conflict),
              (status = 410, response = problems::Gone)))]
pub async fn cancel(
    State(state): State<Arc<AppState>>,
    cx: Cx,
    Input(body): Input<CancelBody>,
) -> Result<Response, AppError> {
    let grant = verify(&state, &cx, &body.t)?;
    let result = state
        .funnel
        .cancel_booking(&cx.rc, &cx.tenant, &grant.reference, body.expected_refund, cx.t.locale(), Timestamp::now())
        .await;
    match result {
        Ok(managed) => {
            if cx.repr == Repr::Page {
                return Ok((StatusCode::SEE_OTHER, [(LOCATION, format!("/manage?t={}", body.t))]).into_response());
            }
            Ok(render(&state, &cx, StatusCode::OK, &ManageView::of(&managed, &body.t, cx.t)))
        }
        Err(CancelError::Changed(managed)) if cx.repr != Repr::Json => {
            let mut view = ManageView::of(&managed, &body.t, cx.t);
            view.notice = Some(cx.t.get("manage-changed-detail").to_owned());
            Ok(render(&state, &cx, StatusCode::CONFLICT, &view))
        }
        Err(CancelError::Changed(_)) => Err(AppError::Conflict {
            code: "cancellation-terms-changed",
            title: Msg::new("manage-changed-title"),
            detail: Msg::new("manage-changed-detail"),
        }),
        Err(CancelError::NotCancellable) => Err(AppError::Conflict {
            code: "not-cancellable",
            title: Msg::new("manage-not-cancellable-title"),
            detail: Msg::new("manage-not-cancellable"),
        }),
        Err(CancelError::Funnel(e)) => Err(funnel_to_app(e)),
    }
}

/// `POST /manage/change`: starts changing the booking to new dates or party
/// (same room and rate): a draft that modifies the booking, priced at once.
/// From there the funnel is the usual one: hold the new stay, then pay the
/// difference (or confirm the change when it costs no more; what it costs less
/// is refunded). Until then the booking is as it was.
#[utoipa::path(post, path = "/manage/change", tag = "manage", operation_id = "changeBooking", request_body = openapi::bodies::ChangeBody,
    responses((status = 201, description = "A draft that changes the booking, priced (`modifies` names the booking; `amountDue` is what the change costs). Pages get 303 to /draft/{id}",
                  body = crate::http::draft::views::DraftView, headers(("Location" = String, description = "/draft/{id}"))),
              (status = 404, response = problems::NotFound),
              (status = 409, response = problems::Conflict),
              (status = 410, response = problems::Gone),
              (status = 422, response = problems::ValidationFailed)))]
pub async fn change(
    State(state): State<Arc<AppState>>,
    cx: Cx,
    session: crate::http::session::GuestSession,
    Input(body): Input<ChangeRequest>,
) -> Result<Response, AppError> {
    let (grant, managed) = open_booking(&state, &cx, &body.t).await?;
    let property = cx.tenant.property(&managed.property_id).ok_or(AppError::NotFound)?;
    let criteria = match body.stay.parse(property.today(Timestamp::now())) {
        Ok(criteria) => criteria,
        Err(errors) if cx.repr == Repr::Json => return Err(AppError::Validation(errors)),
        Err(errors) => {
            let mut view = ManageView::of(&managed, &body.t, cx.t);
            view.change = Some(ChangeFormView::from(&body.stay));
            view.change_errors = errors;
            return Ok(render(&state, &cx, StatusCode::UNPROCESSABLE_ENTITY, &view));
        }
    };
    let guest = session.ensure().await?;
    let key = crate::domain::guest_key::GuestKey::new(guest.key.clone());
    let actor = crate::funnel::Actor { tenant: &cx.tenant.id, guest: &key };
    let started = state.funnel.start_change(&cx.rc, &actor, &cx.tenant, &grant.reference, criteria).await;
    let (draft, refused) = match started {
        Ok(started) => started,
        Err(ChangeError::NotChangeable) => {
            return Err(AppError::Conflict {
                code: "not-changeable",
                title: Msg::new("manage-not-changeable-title"),
                detail: Msg::new("manage-not-changeable"),
            });
        }
        Err(ChangeError::Funnel(e)) => return Err(funnel_to_app(e)),
    };
    crate::http::bootstrap::remember_draft(&session, &draft.id).await;
    if let (Some(e), true) = (&refused, cx.repr != Repr::Json) {
        // The new stay cannot be had: the booking stays as it is, and the
        // guest sees why at the form.
        let mut view = ManageView::of(&managed, &body.t, cx.t);
        view.change = Some(ChangeFormView::from(&body.stay));
        view.change_errors.add("checkin", crate::http::draft::views::upstream_msg(e));
        return Ok(render(&state, &cx, StatusCode::CONFLICT, &view));
    }
    let location = format!("/draft/{}", draft.id);
    match cx.repr {
        Repr::Page => Ok((StatusCode::SEE_OTHER, [(LOCATION, location)]).into_response()),
        Repr::Fragment => {
            let mut res = StatusCode::NO_CONTENT.into_response();
            if let Ok(url) = HeaderValue::from_str(&location) {
                res.headers_mut().insert("hx-redirect", url);
            }
            Ok(res)
        }
        Repr::Json => {
            let mut view = crate::http::draft::view_of(&cx, &draft);
            view.notice = refused.as_ref().map(|e| cx.t.msg(&crate::http::draft::views::upstream_msg(e)));
            let status = if refused.is_some() { StatusCode::CONFLICT } else { StatusCode::CREATED };
            let mut res = crate::http::draft::render_draft(&state, &cx, status, &view);
            if let Ok(loc) = HeaderValue::from_str(&location) {
                res.headers_mut().insert(LOCATION, loc);
            }
            Ok(res)
        }
    }
}

/// The body of `POST /manage/change`: the link's token and the new stay.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct ChangeRequest {
    pub t: String,
    #[serde(flatten)]
    #[schema(value_type = Object)]
    pub stay: SearchForm,
}

impl From<&SearchForm> for ChangeFormView {
    fn from(f: &SearchForm) -> Self {
        Self {
            checkin: f.checkin.clone(),
            checkout: f.checkout.clone(),
            adults: f.adults.clone(),
            children: f.children.clone(),
            rooms: f.rooms.clone(),
            parties: f.parties.clone(),
        }
    }
}
