//! `GET /properties/{id}`: a property's rooms and rate plans for the guest's
//! criteria — nightly prices, taxes and fees, cancellation terms, units left and
//! restrictions — each rate with a form that starts a draft.

use std::sync::Arc;

use askama::Template;

#[allow(unused_imports)]
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Serialize;

use crate::domain::FieldErrors;
use crate::domain::availability::RateOffer;
use crate::domain::calendar::Month;
use crate::domain::search::SearchForm;
use crate::http::AppState;
use crate::http::context::Cx;
use crate::http::draft::views::filters;
use crate::http::ecommerce;
use crate::http::error::AppError;
use crate::http::loyalty::{GuestAuth, LoyaltyView};
use crate::http::negotiate::{Repr, respond};
use crate::http::openapi::problems;
use crate::http::photos::{ImageView, photos};
use crate::http::routes::room_step::{self, RoomStepView};
use crate::http::search::{PropertyCard, parse_query};
use crate::http::views::{Chrome, MoneyView, PaymentTermsView, Prices, RoomPartyView};
use crate::i18n::Tr;

/// `GET /properties/{id}`, with its documentation.
pub fn router() -> utoipa_axum::router::OpenApiRouter<std::sync::Arc<crate::http::AppState>> {
    utoipa_axum::router::OpenApiRouter::new().routes(utoipa_axum::routes!(property))
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PropertyView {
    pub property: PropertyCard,
    /// The property's photos, the main one first (alt text in the guest's language).
    pub images: Vec<ImageView>,
    pub time_zone: String,
    pub checkin_time: String,
    pub checkout_time: String,
    #[schema(value_type = Object)]
    pub form: SearchForm,
    /// Each room's party, room 1 first, once the stay is valid.
    pub parties: Option<Vec<RoomPartyView>>,
    /// Why the guest's promotional code was not applied; absent when it was
    /// (or none was given).
    pub promo_notice: Option<String>,
    #[schema(value_type = Object)]
    pub errors: FieldErrors,
    pub min_date: String,
    pub nights: u32,
    /// Why nothing can be booked for these criteria, when that is so.
    pub message: Option<String>,
    /// The room types on offer: with several rooms, those that fit the party
    /// of the room being chosen (`roomStep`).
    pub rooms: Vec<RoomView>,
    /// With several rooms: which room the offers are for, and the rooms chosen so far.
    pub room_step: Option<RoomStepView>,
    /// The property's price calendar: for the month and party of the stay
    /// searched, else this month for two adults and one night.
    pub calendar_url: String,
    /// The signed-in guest's loyalty context; with `memberRates` the prices are member prices.
    pub loyalty: Option<LoyaltyView>,
    /// The CSRF token for the rate forms.
    #[serde(skip)]
    pub csrf: crate::http::csrf::CsrfToken,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RoomView {
    pub id: String,
    pub name: String,
    pub description: String,
    pub max_occupancy: u8,
    pub bedding: String,
    pub size_sqm: u16,
    pub units_left: u32,
    pub rates: Vec<RateView>,
    /// The room type's photos.
    pub images: Vec<ImageView>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RateView {
    pub id: String,
    pub name: String,
    pub refundable: bool,
    pub breakfast_included: bool,
    pub cancellation_policy: String,
    pub nightly: Vec<NightView>,
    pub room_total: MoneyView,
    pub taxes: MoneyView,
    pub fees: MoneyView,
    pub total: MoneyView,
    /// A member price (the guest is a signed-in, eligible member).
    pub member_rate: bool,
    /// What the guest's code took off the room price; absent without a discount.
    pub promo_discount: Option<MoneyView>,
    /// A negotiated rate the guest's code unlocked.
    pub negotiated: bool,
    /// What is charged when booking and what at the hotel.
    pub payment: PaymentTermsView,
    /// On room 1's step of a stay of several rooms: this rate for every room
    /// (the room type fits every room's party); absent otherwise.
    pub all_rooms_total: Option<MoneyView>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct NightView {
    pub date: String,
    pub amount: MoneyView,
}

impl RateView {
    fn of(rate: &RateOffer, prices: &Prices) -> Self {
        Self {
            id: rate.id.clone(),
            name: rate.name.clone(),
            refundable: rate.refundable,
            breakfast_included: rate.breakfast_included,
            cancellation_policy: rate.cancellation_policy.clone(),
            nightly: rate
                .nightly
                .iter()
                .map(|n| NightView { date: n.date.to_string(), amount: prices.view(n.amount) })
                .collect(),
            room_total: prices.view(rate.room_total),
            taxes: prices.view(rate.taxes),
            fees: prices.view(rate.fees),
            total: prices.view(rate.total),
            member_rate: rate.member_rate,
            promo_discount: (rate.promo_discount.amount > 0).then(|| prices.view(rate.promo_discount)),
            negotiated: rate.negotiated,
            payment: PaymentTermsView::of(&rate.payment, prices),
            all_rooms_total: None,
        }
    }
}

#[derive(Template)]
#[template(path = "pages/property.html")]
struct PropertyPage<'a> {
    t: Tr,
    chrome: &'a Chrome,
    view: &'a PropertyView,
}

#[derive(Template)]
#[template(path = "partials/property_rooms.html")]
struct PropertyRooms<'a> {
    t: Tr,
    view: &'a PropertyView,
}

/// `GET /properties/{id}`
#[utoipa::path(get, path = "/properties/{id}", tag = "search", operation_id = "getProperty", security((), ("iam" = [])),
    params(("id" = String, Path, description = "A property of this tenant"),
           ("checkin" = String, Query, description = "YYYY-MM-DD"), ("checkout" = String, Query, description = "YYYY-MM-DD"),
           ("adults" = Option<u8>, Query), ("children" = Option<String>, Query), ("rooms" = Option<u8>, Query),
           ("r1" = Option<String>, Query, description = "Room 1's party: its adults, then its children's ages (`2,7`); `r2`…`r5` likewise, as for the search"),
           ("r2" = Option<String>, Query), ("r3" = Option<String>, Query), ("r4" = Option<String>, Query), ("r5" = Option<String>, Query),
           ("promo" = Option<String>, Query)),
    responses((status = 200, description = "The property's rooms and rates for the stay (member prices for a signed-in member)", body = PropertyView),
              (status = 404, response = problems::NotFound),
              (status = 422, response = problems::ValidationFailed)))]
pub async fn property(
    State(state): State<Arc<AppState>>,
    cx: Cx,
    auth: GuestAuth,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    let property = cx.tenant.property(&id).ok_or(AppError::NotFound)?;
    // First: which prices to ask for depends on it (cached, on its own budget).
    let membership = auth.membership(&state, &cx.rc).await;
    let (form, link) = parse_query(query.as_deref())?;
    let adding_room = !link.add_room.is_empty();
    let form = if adding_room { form.with_added_room() } else { form };
    let now = jiff::Timestamp::now();
    let today = property.today(now);
    let calendar_url = form.parse_occupancy().map_or_else(
        |_| format!("/properties/{}/calendar", property.id),
        |party| crate::http::calendar::property_url(&property.id, Month::of(today), &party, 1),
    );
    let mut view = PropertyView {
        property: PropertyCard::from(property),
        images: photos(&cx.tenant, &property.images, cx.t.locale()),
        time_zone: property.time_zone.iana_name().unwrap_or("UTC").into(),
        checkin_time: property.checkin_time.clone(),
        checkout_time: property.checkout_time.clone(),
        form,
        parties: None,
        errors: FieldErrors::new(),
        promo_notice: None,
        min_date: today.to_string(),
        nights: 0,
        message: None,
        rooms: Vec::new(),
        room_step: None,
        calendar_url,
        loyalty: membership.view(),
        csrf: cx.csrf,
    };
    let mut chrome = cx.chrome(&state).with_membership(&membership);
    let render = |status, view: &PropertyView, chrome: &Chrome| {
        let mut res = respond(
            cx.repr,
            status,
            view,
            || PropertyPage { t: chrome.t, chrome, view }.render(),
            || PropertyRooms { t: chrome.t, view }.render(),
        );
        membership.mark_private(&mut res);
        res
    };
    if adding_room {
        return Ok(render(StatusCode::OK, &view, &chrome));
    }
    let criteria = match view.form.parse(today) {
        Ok(c) => c,
        Err(errors) if cx.repr == Repr::Json => return Err(AppError::Validation(errors)),
        Err(errors) => {
            // A bare property link (no dates yet) is not an error: show the form.
            let status = if view.form.is_blank() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
            if !view.form.is_blank() {
                view.errors = errors;
            }
            return Ok(render(status, &view, &chrome));
        }
    };
    view.nights = criteria.stay.nights() as u32;
    view.parties = Some(RoomPartyView::all(&criteria.occupancy));
    view.calendar_url = crate::http::calendar::property_url(
        &property.id,
        Month::of(criteria.stay.checkin()),
        &criteria.occupancy,
        view.nights,
    );
    let picks = room_step::picks(query.as_deref());
    let several = criteria.occupancy.parties().len() > 1;
    let access = membership.access();
    let (availability, rc) = (state.availability.as_ref(), &cx.rc);
    let (offer, room_offers) = tokio::join!(
        state.availability.offer(&cx.rc, &property.id, &criteria, access),
        futures::future::join_all(
            criteria.occupancy.parties()[..if several { room_step::rooms_to_offer(&criteria, &picks) } else { 0 }]
                .iter()
                .map(|party| {
                    let one = room_step::one_room(&criteria, party);
                    async move { availability.offer(rc, &property.id, &one, access).await }
                }),
        )
    );
    let offer = offer?;
    let room_offers = room_offers.into_iter().collect::<Result<Vec<_>, _>>()?;
    let step = several.then(|| room_step::step(&cx.t, &property.id, &criteria, &picks, &room_offers));
    // The step's room offers what fits its party; room 1's step also offers
    // each rate for every room where the room type fits them all.
    let shown = step.as_ref().map_or(&offer, |s| &room_offers[s.number - 1]);
    let prices = state.prices(&cx, [offer.currency, shown.currency]).await;
    let verdict = shown.bookability(view.nights);
    view.message = verdict.msg().map(|m| cx.t.msg(&m));
    view.promo_notice = crate::domain::availability::PromoOutcome::verdict(shown.promo)
        .map(|m| cx.t.msg(&m.text("code", view.form.promo.trim().to_uppercase())));
    if !verdict.is_restricted() {
        let for_all = step.as_ref().is_some_and(|s| s.number == 1);
        // Units the earlier rooms' picks take: a room type whose last unit
        // room 1 took is not offered to room 2 (the hold would refuse it).
        let earlier = step.as_ref().map_or(&picks[..0], |s| &picks[..(s.number - 1).min(picks.len())]);
        let taken = |id: &str| u32::try_from(earlier.iter().filter(|(t, _)| t == id).count()).unwrap_or(u32::MAX);
        view.rooms = shown
            .rooms
            .iter()
            .filter(|r| taken(&r.id) == 0 || r.units_left > taken(&r.id))
            .map(|r| RoomView {
                id: r.id.clone(),
                name: r.name.clone(),
                description: r.description.clone(),
                max_occupancy: r.max_occupancy,
                bedding: r.bedding.clone(),
                size_sqm: r.size_sqm,
                units_left: r.units_left.saturating_sub(taken(&r.id)),
                rates: r
                    .rates
                    .iter()
                    .map(|rate| RateView {
                        all_rooms_total: for_all
                            .then(|| offer.rate(&r.id, &rate.id))
                            .flatten()
                            .map(|(_, all)| prices.view(all.total)),
                        ..RateView::of(rate, &prices)
                    })
                    .collect(),
                images: photos(&cx.tenant, &r.images, cx.t.locale()),
            })
            .collect();
    }
    if view.rooms.is_empty() && !shown.rooms.is_empty() && view.message.is_none() {
        // Every room type that fits this room went to the earlier rooms.
        view.message = Some(cx.t.get("search-sold-out").to_owned());
    }
    view.room_step = step;
    metrics::counter!("funnel_steps_total", "tenant" => cx.tenant.id.to_string(), "step" => "property").increment(1);
    chrome.track(|| vec![ecommerce::select_item(&cx.tenant, &view)]);
    Ok(render(StatusCode::OK, &view, &chrome))
}
