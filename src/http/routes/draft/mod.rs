//! The booking funnel's routes. Each handler extracts, calls one method of
//! [`Funnel`](crate::funnel::Funnel), and renders the draft in the representation
//! asked for: a page (POST-redirect-GET without JavaScript), an htmx fragment, or
//! JSON with the version as `ETag`.

pub mod action;
pub mod confirmation;
pub mod extras;
pub mod payment;
mod rooms;
pub mod views;

use std::sync::Arc;
use std::sync::atomic::AtomicUsize;

use askama::Template;
use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, ETAG, LOCATION};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use self::action::{DraftAction, DraftMutation};
use self::views::{DraftPage, DraftPanel, DraftView, HoldCountdown, HoldView};
use crate::domain::FieldErrors;
use crate::domain::draft::{BookingDraft, DisplayRate, DraftId, PAYMENT_ATTEMPTS_PER_HOLD, Selection, TransitionError};
use crate::domain::guest_key::GuestKey;
use crate::domain::money::Currency;
use crate::domain::search::{SearchCriteria, SearchForm};
use crate::domain::tenant::Property;
use crate::funnel::selection::{self, SelectionError};
use crate::funnel::{Actor, FunnelError};
use crate::http::AppState;
use crate::http::context::Cx;
use crate::http::ecommerce::{self, OutOfBandBlock};
use crate::http::error::AppError;
use crate::http::input::Input;
use crate::http::loyalty::{GuestAuth, Membership};
use crate::http::negotiate::{Repr, render_sized, respond};
use crate::http::openapi::bodies::{EmptyBody, GuestBody, SelectBody, StayBody};
use crate::http::openapi::problems;
use crate::http::session::GuestSession;
use crate::http::views::{DisplayRates, Prices};
use crate::i18n::Msg;
use crate::upstream::UpstreamError;

pub use payment::payment_webhook;

/// The funnel's routes, each with its OpenAPI documentation (http/openapi.rs).
pub fn router() -> OpenApiRouter<Arc<AppState>> {
    OpenApiRouter::new()
        .routes(routes!(create))
        .routes(routes!(show))
        .routes(routes!(countdown))
        .routes(routes!(change_stay))
        .routes(routes!(quote))
        .routes(routes!(guest))
        .routes(routes!(extras::choose))
        .routes(routes!(hold))
        .routes(routes!(payment::start))
        .routes(routes!(payment::payment_return))
        .routes(routes!(payment::cancel_attempt))
        .routes(routes!(cancel))
        .merge(confirmation::router())
}

/// What a rate's "Select" form (or the app) sends to start a draft.
#[derive(Debug, Default, Deserialize)]
#[serde(from = "rooms::SelectWire")]
pub struct SelectRequest {
    pub property: String,
    pub room_type: String,
    pub rate_plan: String,
    pub stay: SearchForm,
    /// Each room's room type and rate plan, room 1 first (`rooms.rs`);
    /// empty: `room_type` at `rate_plan` for every room.
    pub room_picks: Vec<(String, String)>,
}

/// A mutation's body: the version it was based on (forms) plus fields.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Versioned<T: Default> {
    pub version: Option<String>,
    #[serde(flatten)]
    pub body: T,
}

#[derive(Debug, Default, Deserialize)]
pub struct Empty {}

fn parse_id(raw: &str) -> Result<DraftId, AppError> {
    DraftId::parse(raw).ok_or(AppError::NotFound)
}

/// Renders a draft. `status` lets a refused action answer with the current
/// state and the right code.
pub(crate) fn render_draft(state: &AppState, cx: &Cx, status: StatusCode, view: &DraftView) -> Response {
    render_draft_for(state, cx, status, view, None)
}

/// Renders a draft with the guest's loyalty banner (pages that looked it up),
/// and the checkout step's analytics event (with consent): in the page, or
/// appended out of band by an htmx fragment that moved the panel on.
pub(crate) fn render_draft_for(
    state: &AppState,
    cx: &Cx,
    status: StatusCode,
    view: &DraftView,
    membership: Option<&Membership>,
) -> Response {
    let mut chrome = cx.chrome(state);
    if let Some(membership) = membership {
        chrome = chrome.with_membership(membership);
    }
    let events: Vec<_> = ecommerce::checkout_step(&cx.tenant, view).into_iter().collect();
    let has_events = !events.is_empty();
    chrome.track(|| events);
    // Pre-sized from what this page rendered before (askama's own hint counts
    // only the templates' literal text; the page grew its buffer ~10 times).
    static PAGE: AtomicUsize = AtomicUsize::new(0);
    static PANEL: AtomicUsize = AtomicUsize::new(0);
    let fragment = || {
        let mut panel = render_sized(&DraftPanel { t: cx.t, view }, &PANEL)?;
        if let Some(block) = chrome.analytics.as_ref().filter(|_| has_events) {
            OutOfBandBlock { block }.render_into(&mut panel)?;
        }
        Ok(panel)
    };
    let page = || render_sized(&DraftPage { t: cx.t, chrome: &chrome, view }, &PAGE);
    let mut res = respond(cx.repr, status, view, page, fragment);
    let headers = res.headers_mut();
    if let Ok(etag) = HeaderValue::from_str(&format!("\"{}\"", view.version)) {
        headers.insert(ETAG, etag);
    }
    // Personal data: never cached, never stored by htmx's history.
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// How a draft shows money: at the display rate it froze when it started, while
/// the guest still wants that currency; otherwise in the hotel's currency alone
/// (a rate must never change under a guest in the middle of booking).
fn draft_prices(cx: &Cx, draft: &BookingDraft) -> Prices {
    let charged = cx.tenant.property(&draft.selection.property_id).map(|p| p.currency);
    let display = draft
        .display_rate
        .filter(|r| cx.prefs.currency == Some(r.currency))
        .zip(charged)
        .map(|(r, from)| DisplayRates { to: r.currency, from: vec![(from, r.rate_ppm)] });
    Prices { t: cx.t, display }
}

/// The rate from `charged` into the display currency `to`, to freeze in a new
/// draft: the same cached rate the search and property pages showed.
pub(crate) async fn display_rate(
    state: &AppState,
    cx: &Cx,
    charged: Currency,
    to: Option<Currency>,
) -> Option<DisplayRate> {
    let to = to.filter(|c| *c != charged)?;
    let rate_ppm = state.fx.rate_ppm(&cx.rc, charged, to).await?;
    Some(DisplayRate { currency: to, rate_ppm, frozen_at: jiff::Timestamp::now() })
}

fn min_date(cx: &Cx, draft: &BookingDraft) -> String {
    let now = jiff::Timestamp::now();
    cx.tenant
        .property(&draft.selection.property_id)
        .map(|p| p.today(now))
        .unwrap_or_else(|| cx.tenant.earliest_today(now))
        .to_string()
}

/// Said on the draft until the guest holds the room again.
fn hold_released_after_declines(cx: &Cx) -> String {
    cx.t.count("draft-hold-released-after-declines", PAYMENT_ATTEMPTS_PER_HOLD)
}

pub(crate) fn view_of(cx: &Cx, draft: &BookingDraft) -> DraftView {
    let mut view = DraftView::new(draft, jiff::Timestamp::now(), min_date(cx, draft), &draft_prices(cx, draft));
    view.csrf = cx.csrf;
    view.terms_url = cx.tenant.policies.terms_url.clone();
    view.privacy_url = cx.tenant.policies.privacy_url.clone();
    if draft.hold_released_after_declines {
        view.notice = Some(hold_released_after_declines(cx));
    }
    view
}

/// After a successful mutation: PRG for pages, the panel for htmx, JSON for the app.
fn after_mutation(state: &AppState, cx: &Cx, draft: &BookingDraft, notice: Option<String>) -> Response {
    if cx.repr == Repr::Page && notice.is_none() {
        return (StatusCode::SEE_OTHER, [(LOCATION, format!("/draft/{}", draft.id))]).into_response();
    }
    let mut view = view_of(cx, draft);
    if notice.is_some() {
        view.notice = notice;
    }
    render_draft(state, cx, StatusCode::OK, &view)
}

/// Maps a funnel failure to a response: a stale version shows the current
/// state ("changed in another tab"); a refused transition shows the state with
/// the reason; upstream trouble keeps the guest on the page with a message.
async fn fail(state: &AppState, cx: &Cx, action: &DraftAction, error: FunnelError) -> Result<Response, AppError> {
    let (actor, id) = (&action.actor(), &action.id);
    let (draft, status, notice) = match error {
        FunnelError::NotFound => return Err(AppError::NotFound),
        FunnelError::Store(e) => return Err(AppError::Unavailable(crate::telemetry::chain(&e))),
        FunnelError::Stale(current) if cx.repr == Repr::Json => {
            let mut view = view_of(cx, &current);
            view.notice = Some(cx.t.get("draft-changed-elsewhere-app").into());
            return Ok(render_draft(state, cx, StatusCode::CONFLICT, &view));
        }
        FunnelError::Stale(current) => (*current, StatusCode::CONFLICT, cx.t.get("draft-changed-elsewhere").to_owned()),
        FunnelError::Transition(e) => {
            // A store that cannot answer is a 503, never "not your draft".
            let draft = state.funnel.load(&cx.rc, actor, id).await.map_err(funnel_to_app)?;
            (draft, StatusCode::CONFLICT, cx.t.msg(&e.msg()))
        }
        FunnelError::Upstream(e) => {
            let message = cx.t.msg(&views::upstream_msg(&e));
            let status = match &e {
                UpstreamError::Rejected { .. } => StatusCode::CONFLICT,
                UpstreamError::Timeout(_) => StatusCode::GATEWAY_TIMEOUT,
                _ => StatusCode::SERVICE_UNAVAILABLE,
            };
            let draft = state.funnel.load(&cx.rc, actor, id).await.map_err(|_| AppError::Upstream(e))?;
            (draft, status, message)
        }
    };
    let mut view = view_of(cx, &draft);
    view.notice = Some(notice);
    Ok(render_draft(state, cx, status, &view))
}

/// A sentence for the guest, in their language, about an upstream failure
/// during the funnel.
pub(crate) fn upstream_message(cx: &Cx, e: &UpstreamError) -> String {
    cx.t.msg(&views::upstream_msg(e))
}

/// `POST /draft`: starts a draft from a room and rate, priced at once.
#[utoipa::path(post, path = "/draft", tag = "funnel", operation_id = "createDraft",
    request_body = SelectBody, security((), ("iam" = [])),
    responses((status = 201, description = "Created and priced (`state` quoted; `selecting` with a `notice` when it could not be priced now). Pages get 303 to /draft/{id}",
                  body = DraftView, headers(("ETag" = String, description = "The draft's version: send it back as `If-Match`"), ("Location" = String, description = "/draft/{id}"))),
              (status = 404, response = problems::NotFound),
              (status = 422, response = problems::ValidationFailed)))]
pub async fn create(
    State(state): State<Arc<AppState>>,
    cx: Cx,
    session: GuestSession,
    auth: GuestAuth,
    Input(req): Input<SelectRequest>,
) -> Result<Response, AppError> {
    let property = cx.tenant.property(&req.property).ok_or_else(|| {
        let mut errors = FieldErrors::new();
        errors.add("property", Msg::new("field-property-unknown"));
        AppError::Validation(errors)
    })?;
    let criteria = req.stay.parse(property.today(jiff::Timestamp::now())).map_err(AppError::Validation)?;
    let (selection, membership) =
        tokio::join!(resolve_room_selection(&state, &cx, property, criteria, &req), auth.membership(&state, &cx.rc));
    let selection = selection?;
    let guest = session.ensure().await?;
    let actor = Actor { tenant: &cx.tenant.id, guest: &GuestKey::new(guest.key.clone()) };
    let rate = display_rate(&state, &cx, property.currency, cx.prefs.currency).await;
    let (draft, quote_error) =
        state.funnel.start(&cx.rc, &actor, selection, membership.access(), rate).await.map_err(funnel_to_app)?;
    crate::http::bootstrap::remember_draft(&session, &draft.id).await;
    let location = format!("/draft/{}", draft.id);
    match cx.repr {
        Repr::Page => Ok((StatusCode::SEE_OTHER, [(LOCATION, location)]).into_response()),
        _ => {
            let mut view = view_of(&cx, &draft);
            view.notice = quote_error.as_ref().map(|e| cx.t.msg(&views::upstream_msg(e)));
            let mut res = render_draft(&state, &cx, StatusCode::CREATED, &view);
            if let Ok(loc) = HeaderValue::from_str(&location) {
                res.headers_mut().insert(LOCATION, loc);
            }
            if cx.repr == Repr::Fragment {
                if let Ok(url) = HeaderValue::from_str(&location) {
                    res.headers_mut().insert("hx-push-url", url);
                }
            }
            Ok(res)
        }
    }
}

/// The guest's picks as a [`Selection`]: one per room, or one for every room.
async fn resolve_room_selection(
    state: &AppState,
    cx: &Cx,
    property: &Property,
    criteria: SearchCriteria,
    req: &SelectRequest,
) -> Result<Selection, AppError> {
    if req.room_picks.is_empty() {
        return resolve_selection(state, cx, property, criteria, &req.room_type, &req.rate_plan).await;
    }
    let resolved =
        selection::resolve_rooms(state.availability.as_ref(), &cx.rc, property, criteria, &req.room_picks).await;
    resolved.map_err(selection_error)
}

/// The guest's pick as a [`Selection`]: the room and rate must be on offer at
/// `property` for `criteria` (`funnel::selection`); one that is not is a 422 on
/// the `room_type` field.
pub(crate) async fn resolve_selection(
    state: &AppState,
    cx: &Cx,
    property: &Property,
    criteria: SearchCriteria,
    room_type: &str,
    rate_plan: &str,
) -> Result<Selection, AppError> {
    let resolved =
        selection::resolve(state.availability.as_ref(), &cx.rc, property, criteria, room_type, rate_plan).await;
    resolved.map_err(selection_error)
}

/// A pick that cannot be a selection: a 422 at the room's field.
fn selection_error(e: SelectionError) -> AppError {
    const ROOM_FIELDS: [&str; 5] = ["r1_room_type", "r2_room_type", "r3_room_type", "r4_room_type", "r5_room_type"];
    let field = |name: &'static str, msg: Msg| {
        let mut errors = FieldErrors::new();
        errors.add(name, msg);
        AppError::Validation(errors)
    };
    match e {
        SelectionError::Implausible => field("room_type", Msg::new("field-room-missing")),
        SelectionError::NotOnOffer => field("room_type", Msg::new("field-room-unavailable")),
        SelectionError::RoomNotOnOffer(n) => field(
            ROOM_FIELDS.get(n - 1).copied().unwrap_or("rooms"),
            Msg::new("field-room-n-unavailable").int("room", n as i64),
        ),
        SelectionError::RoomCount => field("rooms", Msg::new("field-room-picks-count")),
        SelectionError::Upstream(e) => AppError::Upstream(e),
    }
}

pub(crate) fn funnel_to_app(e: FunnelError) -> AppError {
    match e {
        FunnelError::NotFound => AppError::NotFound,
        FunnelError::Store(e) => AppError::Unavailable(crate::telemetry::chain(&e)),
        FunnelError::Upstream(e) => AppError::Upstream(e),
        FunnelError::Stale(_) => AppError::Conflict {
            code: "stale",
            title: Msg::new("error-stale-title"),
            detail: Msg::new("error-stale-detail"),
        },
        FunnelError::Transition(e) => {
            AppError::Conflict { code: "not-allowed", title: Msg::new("error-not-allowed-title"), detail: e.msg() }
        }
    }
}

/// `GET /draft/{id}`: the funnel at its current step.
#[utoipa::path(get, path = "/draft/{id}", tag = "funnel", operation_id = "getDraft", security((), ("iam" = [])),
    responses((status = 200, description = "The draft at its current step (a pending payment is checked with the gateway first)", body = DraftView)))]
pub async fn show(
    State(state): State<Arc<AppState>>,
    cx: Cx,
    auth: GuestAuth,
    action: DraftAction,
) -> Result<Response, AppError> {
    let actor = action.actor();
    // Boxed: inline, the two futures (a payment's settling and the loyalty
    // look-up) made this handler's future some 24 KB, copied three times a
    // request on its way into axum's box.
    let (draft, membership) = tokio::join!(
        Box::pin(state.funnel.load_settled(&cx.rc, &actor, &action.id)),
        Box::pin(auth.membership(&state, &cx.rc))
    );
    let draft = draft.map_err(funnel_to_app)?;
    if draft.booking_ref.is_some() && cx.repr != Repr::Json {
        let reference = draft.booking_ref.clone().unwrap_or_default();
        return Ok((StatusCode::SEE_OTHER, [(LOCATION, format!("/confirmation/{reference}"))]).into_response());
    }
    Ok(render_draft_for(&state, &cx, StatusCode::OK, &view_of(&cx, &draft), Some(&membership)))
}

/// `GET /draft/{id}/countdown`: the hold countdown, refreshed by htmx. While a
/// payment is pending it is also how the page learns the outcome: the read
/// settles the payment (throttled), and `?step=` names the screen the page
/// shows, so a draft that moved on reloads it.
#[utoipa::path(get, path = "/draft/{id}/countdown", tag = "funnel", operation_id = "getDraftCountdown",
    params(("step" = Option<String>, Query, description = "The step the page shows (htmx)")),
    responses((status = 200, description = "The hold's time left; `null` when nothing is held", body = Option<HoldView>),
              (status = 204, description = "htmx only: the panel must be reloaded")))]
pub async fn countdown(
    State(state): State<Arc<AppState>>,
    cx: Cx,
    action: DraftAction,
    uri: axum::http::Uri,
) -> Result<Response, AppError> {
    let draft = state.funnel.load_settled(&cx.rc, &action.actor(), &action.id).await.map_err(funnel_to_app)?;
    let view = view_of(&cx, &draft);
    let shown_step = form_urlencoded::parse(uri.query().unwrap_or("").as_bytes())
        .find(|(k, _)| k == "step")
        .map(|(_, v)| v.into_owned());
    let moved_on = shown_step.is_some_and(|step| !view.is_step(&step));
    if cx.repr == Repr::Fragment && (view.hold.is_none() || moved_on) {
        // The hold ran out (or the draft moved on): reload the whole panel.
        let mut res = StatusCode::NO_CONTENT.into_response();
        res.headers_mut().insert("hx-refresh", HeaderValue::from_static("true"));
        return Ok(res);
    }
    Ok(respond(
        cx.repr,
        StatusCode::OK,
        &view.hold,
        || HoldCountdown { t: cx.t, view: &view }.render(),
        || HoldCountdown { t: cx.t, view: &view }.render(),
    ))
}

/// `POST /draft/{id}/quote`: a new price for the same selection.
#[utoipa::path(post, path = "/draft/{id}/quote", tag = "funnel", operation_id = "quoteDraft", request_body = Option<EmptyBody>, security((), ("iam" = [])),
    responses((status = 200, description = "Priced again (`quoted`)", body = DraftView)))]
pub async fn quote(
    State(state): State<Arc<AppState>>,
    cx: Cx,
    auth: GuestAuth,
    DraftMutation { action, expected, .. }: DraftMutation<Empty>,
) -> Result<Response, AppError> {
    let access = auth.membership(&state, &cx.rc).await.access();
    match state.funnel.quote(&cx.rc, &action.actor(), &action.id, expected, access).await {
        Ok(draft) => Ok(after_mutation(&state, &cx, &draft, None)),
        Err(e) => fail(&state, &cx, &action, e).await,
    }
}

/// `POST /draft/{id}/stay`: new dates or party; releases a hold, re-prices.
#[utoipa::path(post, path = "/draft/{id}/stay", tag = "funnel", operation_id = "changeStay", request_body = StayBody, security((), ("iam" = [])),
    responses((status = 200, description = "The new stay, priced again (a hold is given back)", body = DraftView),
              (status = 422, response = problems::ValidationFailed)))]
pub async fn change_stay(
    State(state): State<Arc<AppState>>,
    cx: Cx,
    auth: GuestAuth,
    DraftMutation { action, expected, body }: DraftMutation<SearchForm>,
) -> Result<Response, AppError> {
    let (actor, id) = (action.actor(), action.id);
    let draft = state.funnel.load(&cx.rc, &actor, &id).await.map_err(funnel_to_app)?;
    let today = cx.tenant.property(&draft.selection.property_id).map(|p| p.today(jiff::Timestamp::now()));
    let criteria = match body.parse(today.unwrap_or_else(|| cx.tenant.earliest_today(jiff::Timestamp::now()))) {
        Ok(c) => c,
        Err(errors) if cx.repr == Repr::Json => return Err(AppError::Validation(errors)),
        Err(errors) => {
            let mut view = view_of(&cx, &draft);
            view.stay_form = body;
            view.errors = errors;
            return Ok(render_draft(&state, &cx, StatusCode::UNPROCESSABLE_ENTITY, &view));
        }
    };
    let access = auth.membership(&state, &cx.rc).await.access();
    match state.funnel.change_stay(&cx.rc, draft, expected, criteria, access).await {
        Ok((draft, quote_error)) => {
            Ok(after_mutation(&state, &cx, &draft, quote_error.as_ref().map(|e| cx.t.msg(&views::upstream_msg(e)))))
        }
        Err(e) => fail(&state, &cx, &action, e).await,
    }
}

/// `POST /draft/{id}/guest`: the guest's details.
#[utoipa::path(post, path = "/draft/{id}/guest", tag = "funnel", operation_id = "submitGuest", request_body = GuestBody,
    responses((status = 200, description = "The details are taken (`details`)", body = DraftView),
              (status = 422, response = problems::ValidationFailed)))]
pub async fn guest(
    State(state): State<Arc<AppState>>,
    cx: Cx,
    auth: GuestAuth,
    DraftMutation { action, expected, body }: DraftMutation<extras::DetailsWithExtras>,
) -> Result<Response, AppError> {
    let (actor, id) = (action.actor(), action.id);
    let draft = state.funnel.load(&cx.rc, &actor, &id).await.map_err(funnel_to_app)?;
    let (extras_sent, body) = (body.extras.0, body.guest);
    let parsed = body.parse(&draft.selection.criteria.occupancy.children());
    let chosen = extras_sent.as_deref().map(|ids| extras::checked(&draft, ids)).transpose();
    let (details, chosen) = match (parsed, chosen) {
        (Ok(details), Ok(chosen)) => (details, chosen),
        (parsed, chosen) => {
            let mut errors = parsed.err().unwrap_or_default();
            for (field, msg) in chosen.err().unwrap_or_default().iter() {
                errors.add(field, msg.clone());
            }
            if cx.repr == Repr::Json {
                return Err(AppError::Validation(errors));
            }
            let mut view = view_of(&cx, &draft);
            view.guest_form = body;
            view.extras_form = extras_sent;
            view.errors = errors;
            return Ok(render_draft(&state, &cx, StatusCode::UNPROCESSABLE_ENTITY, &view));
        }
    };
    // New extras first: the stay is priced again with them, then the details
    // are taken on that quote.
    let (draft, expected) = match chosen.filter(|c| extras::changes(&draft, c)) {
        Some(chosen) => {
            let access = auth.membership(&state, &cx.rc).await.access();
            match state.funnel.choose_extras(&cx.rc, draft, expected, chosen, access).await {
                Ok(requoted) => {
                    let version = requoted.version;
                    (requoted, version)
                }
                Err(e) => return fail(&state, &cx, &action, e).await,
            }
        }
        None => (draft, expected),
    };
    match state.funnel.submit_guest(&cx.rc, draft.clone(), expected, details).await {
        Ok(draft) => Ok(after_mutation(&state, &cx, &draft, None)),
        Err(FunnelError::Transition(TransitionError::QuoteExpired)) if cx.repr != Repr::Json => {
            // Keep what they typed while they get a new price.
            let mut view = view_of(&cx, &draft);
            view.guest_form = body;
            view.notice = Some(cx.t.msg(&TransitionError::QuoteExpired.msg()));
            Ok(render_draft(&state, &cx, StatusCode::CONFLICT, &view))
        }
        Err(e) => fail(&state, &cx, &action, e).await,
    }
}

/// `POST /draft/{id}/hold`: takes the room off sale for a few minutes.
#[utoipa::path(post, path = "/draft/{id}/hold", tag = "funnel", operation_id = "holdDraft", request_body = Option<EmptyBody>,
    responses((status = 200, description = "The room is held (`held`; `hold.secondsLeft`)", body = DraftView)))]
pub async fn hold(
    State(state): State<Arc<AppState>>,
    cx: Cx,
    session: GuestSession,
    DraftMutation { action, expected, .. }: DraftMutation<Empty>,
) -> Result<Response, AppError> {
    let attribution = crate::http::attribution::current(&session.session).await;
    match state.funnel.hold(&cx.rc, &action.actor(), &action.id, expected, attribution).await {
        Ok(draft) => Ok(after_mutation(&state, &cx, &draft, None)),
        Err(e) => fail(&state, &cx, &action, e).await,
    }
}

/// `POST /draft/{id}/cancel`: gives up the draft and releases any hold.
#[utoipa::path(post, path = "/draft/{id}/cancel", tag = "funnel", operation_id = "cancelDraft", request_body = Option<EmptyBody>,
    responses((status = 200, description = "Cancelled (`abandoned`); a hold is given back", body = DraftView)))]
pub async fn cancel(
    State(state): State<Arc<AppState>>,
    cx: Cx,
    DraftMutation { action, expected, .. }: DraftMutation<Empty>,
) -> Result<Response, AppError> {
    match state.funnel.cancel(&cx.rc, &action.actor(), &action.id, expected).await {
        Ok(draft) => Ok(after_mutation(&state, &cx, &draft, None)),
        Err(e) => fail(&state, &cx, &action, e).await,
    }
}
