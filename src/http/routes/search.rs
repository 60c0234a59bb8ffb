//! The landing page and the search: one view-model (a search form, its
//! messages, and availability results when a search was made), three
//! representations. Availability of every property is fetched concurrently, so
//! the page costs the slowest property, not the sum.

use std::sync::Arc;
use std::sync::atomic::AtomicUsize;

use askama::Template;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use futures::future::join_all;
use serde::Serialize;

use crate::domain::FieldErrors;
use crate::domain::availability::{Bookability, OfferSummary, RateFilter, SortOrder};
use crate::domain::calendar::Month;
use crate::domain::money::Currency;
use crate::domain::search::{RoomParams, SearchCriteria, SearchForm};
use crate::domain::stay::MAX_ROOMS;
use crate::domain::tenant::Property;
use crate::http::AppState;
use crate::http::context::Cx;
use crate::http::draft::views::filters;
use crate::http::ecommerce;
use crate::http::error::AppError;
use crate::http::loyalty::{GuestAuth, LoyaltyView, Membership};
use crate::http::negotiate::{Repr, render_sized, respond};
use crate::http::openapi::problems;
use crate::http::views::{Chrome, MoneyView, Prices, RoomPartyView};
use crate::i18n::{Msg, Tr};

/// `GET /` and `GET /search`, with their documentation.
pub fn router() -> utoipa_axum::router::OpenApiRouter<std::sync::Arc<crate::http::AppState>> {
    utoipa_axum::router::OpenApiRouter::new().routes(utoipa_axum::routes!(landing)).routes(utoipa_axum::routes!(search))
}

/// Query parameters a deep link or the search form may carry.
const PARAMS: &[&str] = &[
    "checkin",
    "checkout",
    "adults",
    "children",
    "rooms",
    "promo",
    "property",
    "currency",
    "locale",
    "sort",
    "refundable",
    "breakfast",
    "add_room",
];

/// The raw query split into the search form and the extra deep-link fields.
/// A parameter given twice is refused: which one the guest meant is unknowable.
/// Decoded in one pass, each value moved into its slot (percent-decoding
/// allocates only where there is something to decode); malformed escapes are
/// kept as they are, as browsers do.
pub fn parse_query(raw: Option<&str>) -> Result<(SearchForm, DeepLink), AppError> {
    let mut form = SearchForm::default();
    let mut link = DeepLink::default();
    let mut rooms = RoomParams::default();
    read_query(raw, PARAMS, &mut rooms, |known, value| {
        let slot = match known {
            "checkin" => &mut form.checkin,
            "checkout" => &mut form.checkout,
            "adults" => &mut form.adults,
            "children" => &mut form.children,
            "rooms" => &mut form.rooms,
            "promo" => &mut form.promo,
            "property" => &mut link.property,
            "currency" => &mut link.currency,
            "locale" => &mut link.locale,
            "sort" => &mut link.sort,
            "refundable" => &mut link.refundable,
            "add_room" => &mut link.add_room,
            _ => &mut link.breakfast,
        };
        *slot = value;
    })?;
    form.parties = rooms.into_parties();
    Ok((form, link))
}

/// Reads a query the way every stay form's is read: each of `known` at most
/// once and at most 200 bytes (else a 400 naming it), handed to `set`; each
/// room's party (`r1`, `r1_adults`, `r1_children`, …) into `rooms`; any other
/// key ignored. A parameter given twice is refused: which one the guest meant
/// is unknowable.
pub fn read_query(
    raw: Option<&str>,
    known: &'static [&'static str],
    rooms: &mut RoomParams,
    mut set: impl FnMut(&'static str, String),
) -> Result<(), AppError> {
    let mut seen = [false; 32];
    let mut seen_rooms = [false; 3 * MAX_ROOMS as usize];
    let repeated = |param: &str| {
        AppError::bad_request(
            Msg::new("error-param-repeated-title"),
            Msg::new("error-param-repeated-detail").text("param", param),
        )
    };
    let too_long = |param: &str| {
        AppError::bad_request(
            Msg::new("error-param-too-long-title"),
            Msg::new("error-param-too-long-detail").text("param", param),
        )
    };
    for (key, value) in form_urlencoded::parse(raw.unwrap_or("").as_bytes()) {
        if let Some((index, slot)) = rooms.slot(&key) {
            if std::mem::replace(&mut seen_rooms[index], true) {
                return Err(repeated(&key));
            }
            if value.len() > 200 {
                return Err(too_long(&key));
            }
            *slot = value.into_owned();
            continue;
        }
        let Some(index) = known.iter().position(|p| *p == key).filter(|i| *i < seen.len()) else { continue };
        if std::mem::replace(&mut seen[index], true) {
            return Err(repeated(known[index]));
        }
        if value.len() > 200 {
            return Err(too_long(known[index]));
        }
        set(known[index], value.into_owned());
    }
    Ok(())
}

#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct DeepLink {
    pub property: String,
    pub currency: String,
    pub locale: String,
    /// `recommended` (the tenant's order), `price` or `name`.
    pub sort: String,
    /// `1`: only refundable rates.
    pub refundable: String,
    /// `1`: only rates with breakfast.
    pub breakfast: String,
    /// Set by the form's "add a room" button: show the form with one room
    /// more instead of searching.
    #[serde(skip)]
    pub add_room: String,
}

impl DeepLink {
    /// The results' order and the rate filter, or the field that is not one.
    fn refine(&self) -> Result<(SortOrder, RateFilter), FieldErrors> {
        let mut errors = FieldErrors::new();
        let sort = SortOrder::parse(&self.sort).unwrap_or_else(|| {
            errors.add("sort", Msg::new("search-sort-invalid"));
            SortOrder::Recommended
        });
        let mut flag = |field: &'static str, raw: &str| match raw {
            "" | "0" | "false" => false,
            "1" | "on" | "true" => true,
            _ => {
                errors.add(field, Msg::new("search-filter-invalid"));
                false
            }
        };
        let filter = RateFilter {
            refundable: flag("refundable", &self.refundable),
            breakfast: flag("breakfast", &self.breakfast),
        };
        errors.into_result(|| (sort, filter))
    }
}

/// How the results are ordered and filtered, as the form shows it.
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RefineView {
    /// `recommended`, `price` or `name`.
    pub sort: &'static str,
    /// Only refundable rates are priced.
    pub refundable: bool,
    /// Only rates with breakfast are priced.
    pub breakfast: bool,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SearchView {
    pub tenant: TenantHeader,
    /// What the guest typed, echoed back untouched.
    #[schema(value_type = Object)]
    pub form: SearchForm,
    /// Each room's party, room 1 first, once the search is valid.
    pub parties: Option<Vec<RoomPartyView>>,
    /// Property pre-selected by a deep link (empty for all).
    pub property: String,
    /// Per-field messages; empty when the input is valid.
    #[schema(value_type = Object)]
    pub errors: crate::i18n::render::ErrorsIn,
    /// Earliest selectable check-in date (YYYY-MM-DD).
    pub min_date: String,
    pub properties: Vec<PropertyCard>,
    /// Present once a valid search was made.
    pub results: Option<Vec<PropertyResult>>,
    /// The order and filter the results were given (`sort`, `refundable`, `breakfast`).
    pub refine: RefineView,
    /// The signed-in guest's loyalty context; null when not signed in or iam is unavailable.
    pub loyalty: Option<LoyaltyView>,
    /// The price calendar across the tenant's properties (`GET /calendar`): for
    /// this party, and, once searched, the month of the arrival and as many nights.
    pub calendar_url: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TenantHeader {
    pub id: String,
    pub name: String,
    pub tagline: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PropertyCard {
    pub id: String,
    pub name: String,
    pub city: String,
    pub country: String,
    pub summary: String,
    pub stars: u8,
}

impl From<&Property> for PropertyCard {
    fn from(p: &Property) -> Self {
        Self {
            id: p.id.clone(),
            name: p.name.clone(),
            city: p.city.clone(),
            country: p.country.clone(),
            summary: p.summary.clone(),
            stars: p.stars,
        }
    }
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Availability {
    Available,
    SoldOut,
    Restricted,
    Unavailable,
    /// Rooms are free, but no rate matches the filter (`refundable`, `breakfast`).
    NoMatch,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PropertyResult {
    pub property: PropertyCard,
    pub availability: Availability,
    /// Why the property can't be booked for these criteria, for the guest.
    pub message: Option<String>,
    /// Cheapest total for the whole stay, taxes and fees included.
    pub from_total: Option<MoneyView>,
    pub nights: u32,
    pub rooms: Vec<RoomSummary>,
    /// Where to choose a room and rate.
    pub url: String,
    /// The property's price calendar for the month of the arrival, this party and as many nights.
    pub calendar_url: String,
    /// When these dates are sold out or restricted here: the nearest arrival
    /// dates (up to a week either way) where a stay as long can be booked.
    pub alternatives: Vec<Alternative>,
    /// When a search for this property alone is refused: the tenant's other
    /// properties that have the same stay for the same party, cheapest first.
    pub other_properties: Vec<OtherProperty>,
    /// The property's main photo; absent when it has none.
    pub image: Option<crate::http::photos::ImageView>,
}

/// The same stay at another of the tenant's properties, one click from a quote.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OtherProperty {
    pub id: String,
    pub name: String,
    pub from_total: MoneyView,
    /// That property's rooms and rates for this stay and party.
    pub url: String,
}

/// Another stay of the same length at the same property, one click from a quote.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Alternative {
    /// YYYY-MM-DD
    pub checkin: String,
    pub checkout: String,
    pub from_total: MoneyView,
    /// The property's rooms and rates for these dates.
    pub url: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RoomSummary {
    pub id: String,
    pub name: String,
    pub max_occupancy: u8,
    pub units_left: u32,
    pub from_total: Option<MoneyView>,
}

impl PropertyResult {
    pub fn is_available(&self) -> bool {
        matches!(self.availability, Availability::Available)
    }

    /// Other dates could help: the date's rules or sold-out rooms refused the
    /// stay (not a party no room fits, not an upstream failure).
    fn wants_alternatives(&self) -> bool {
        matches!(self.availability, Availability::Restricted)
            || (matches!(self.availability, Availability::SoldOut) && !self.rooms.is_empty())
    }

    /// Rooms left at these prices, when few enough to say so ("Only 2 left").
    pub fn scarcity(&self) -> Option<u32> {
        let left: u32 = self.rooms.iter().filter(|r| r.from_total.is_some()).map(|r| r.units_left).sum();
        (self.is_available() && left <= 3).then_some(left)
    }
}

#[derive(Template)]
#[template(path = "pages/search.html")]
struct SearchPage<'a> {
    t: Tr,
    chrome: &'a Chrome,
    view: &'a SearchView,
}

#[derive(Template)]
#[template(path = "partials/search_panel.html")]
struct SearchPanel<'a> {
    t: Tr,
    view: &'a SearchView,
}

fn base_view(cx: &Cx, form: SearchForm, link: &DeepLink) -> SearchView {
    let tenant = &cx.tenant;
    let property = if tenant.property(&link.property).is_some() { link.property.clone() } else { String::new() };
    let today = tenant.earliest_today(jiff::Timestamp::now());
    SearchView {
        tenant: TenantHeader { id: tenant.id.to_string(), name: tenant.name.clone(), tagline: tenant.tagline.clone() },
        property,
        errors: crate::i18n::render::ErrorsIn::new(cx.t),
        min_date: today.to_string(),
        properties: tenant.properties.iter().map(PropertyCard::from).collect(),
        results: None,
        refine: RefineView { sort: SortOrder::Recommended.as_str(), refundable: false, breakfast: false },
        loyalty: None,
        parties: None,
        calendar_url: form.parse_occupancy().or_else(|_| SearchForm::default().parse_occupancy()).map_or_else(
            |_| "/calendar".to_owned(),
            |party| crate::http::calendar::url("/calendar", Month::of(today), &party, 1),
        ),
        form,
    }
}

fn render(state: &AppState, cx: &Cx, status: StatusCode, view: &mut SearchView, membership: &Membership) -> Response {
    view.loyalty = membership.view();
    let view = &*view;
    let mut chrome = cx.chrome(state).with_membership(membership);
    // Without results (the landing, or a search asking again), the page's only
    // htmx is its forms, which work as plain forms: htmx (15 KB, half of a first
    // visit's bytes) comes with the guest's first interaction instead.
    chrome.htmx_on_interaction = view.results.is_none();
    if let Some(results) = &view.results {
        chrome.track(|| vec![ecommerce::view_item_list(&cx.tenant, results, &view.form.promo)]);
    }
    static PAGE: AtomicUsize = AtomicUsize::new(0);
    static PANEL: AtomicUsize = AtomicUsize::new(0);
    let mut res = respond(
        cx.repr,
        status,
        view,
        || render_sized(&SearchPage { t: cx.t, chrome: &chrome, view }, &PAGE),
        || render_sized(&SearchPanel { t: cx.t, view }, &PANEL),
    );
    membership.mark_private(&mut res);
    res
}

/// `GET /`: the branded landing with the search form, prefilled from a deep link.
#[utoipa::path(get, path = "/", tag = "search", operation_id = "getLanding", security((), ("iam" = [])),
    params(("checkin" = Option<String>, Query, description = "A deep link's stay, to prefill the form (YYYY-MM-DD)"),
           ("checkout" = Option<String>, Query, description = "YYYY-MM-DD"),
           ("adults" = Option<u8>, Query), ("children" = Option<String>, Query), ("rooms" = Option<u8>, Query),
           ("promo" = Option<String>, Query)),
    responses((status = 200, description = "The landing: the tenant, the search form (prefilled from a deep link) and the properties", body = SearchView)))]
pub async fn landing(
    State(state): State<Arc<AppState>>,
    cx: Cx,
    auth: GuestAuth,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    let (form, link) = parse_query(query.as_deref())?;
    let mut view = base_view(&cx, form, &link);
    let membership = auth.membership(&state, &cx.rc).await;
    Ok(render(&state, &cx, StatusCode::OK, &mut view, &membership))
}

/// `GET /search`: availability across the tenant's properties.
#[utoipa::path(get, path = "/search", tag = "search", operation_id = "search",
    params(
        ("checkin" = String, Query, description = "YYYY-MM-DD, not before today at the property"),
        ("checkout" = String, Query, description = "YYYY-MM-DD, 1–30 nights after checkin"),
        ("adults" = Option<u8>, Query, description = "The old form: adults across the rooms, split evenly; 1–9 per room; default 2"),
        ("children" = Option<String>, Query, description = "The old form: comma-separated ages 0–17"),
        ("rooms" = Option<u8>, Query, description = "1–5; default 1 (or as many as `r1`…`r5` give)"),
        ("r1" = Option<String>, Query, description = "Room 1's party: its adults, then its children's ages (`2,7`); `r2`…`r5` likewise. When any is given, `adults` and `children` are not read"),
        ("r2" = Option<String>, Query), ("r3" = Option<String>, Query), ("r4" = Option<String>, Query), ("r5" = Option<String>, Query),
        ("promo" = Option<String>, Query),
        ("property" = Option<String>, Query, description = "Only this property"),
        ("sort" = Option<String>, Query, description = "`recommended` (the tenant's order; default), `price` (lowest first) or `name`; what cannot be booked comes last"),
        ("refundable" = Option<String>, Query, description = "`1`: price only refundable rates"),
        ("breakfast" = Option<String>, Query, description = "`1`: price only rates with breakfast"),
    ),
    security((), ("iam" = [])),
    responses(
        (status = 200, description = "Availability and prices at each of the tenant's properties", body = SearchView),
        (status = 422, response = problems::ValidationFailed),
    ))]
pub async fn search(
    State(state): State<Arc<AppState>>,
    cx: Cx,
    auth: GuestAuth,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    let (form, link) = parse_query(query.as_deref())?;
    if !link.add_room.is_empty() {
        let mut view = base_view(&cx, form.with_added_room(), &link);
        let membership = auth.membership(&state, &cx.rc).await;
        return Ok(render(&state, &cx, StatusCode::OK, &mut view, &membership));
    }
    let mut view = base_view(&cx, form, &link);
    // Runs beside the availability calls: the page costs the slowest, not the sum.
    let membership = auth.membership(&state, &cx.rc);
    let parsed = view.form.parse(cx.tenant.earliest_today(jiff::Timestamp::now()));
    let refined = link.refine();
    if let Ok((sort, filter)) = refined {
        view.refine = RefineView { sort: sort.as_str(), refundable: filter.refundable, breakfast: filter.breakfast };
    }
    let (criteria, (sort, filter)) = match (parsed, refined) {
        (Ok(criteria), Ok(refine)) => (criteria, refine),
        (parsed, refined) => {
            let mut errors = parsed.err().unwrap_or_default();
            for (field, msg) in refined.err().unwrap_or_default().iter() {
                errors.add(field, msg.clone());
            }
            if cx.repr == Repr::Json {
                return Err(AppError::Validation(errors));
            }
            view.errors.errors = errors;
            let membership = membership.await;
            return Ok(render(&state, &cx, StatusCode::UNPROCESSABLE_ENTITY, &mut view, &membership));
        }
    };
    metrics::counter!("funnel_steps_total", "tenant" => cx.tenant.id.to_string(), "step" => "search").increment(1);
    view.parties = Some(RoomPartyView::all(&criteria.occupancy));
    let nights = u32::try_from(criteria.stay.nights()).unwrap_or(1);
    view.calendar_url =
        crate::http::calendar::url("/calendar", Month::of(criteria.stay.checkin()), &criteria.occupancy, nights);

    let properties: Vec<&Property> =
        cx.tenant.properties.iter().filter(|p| view.property.is_empty() || p.id == view.property).collect();
    let fetches = properties.iter().map(|p| summary(&state, &cx, p, &criteria));
    let (answers, membership) = tokio::join!(join_all(fetches), membership);
    if answers.iter().all(|a| matches!(a, Err(PropertyMiss::Upstream))) {
        return Err(AppError::Unavailable("availability failed for every property".into()));
    }
    let outcomes = || answers.iter().filter_map(|a| a.as_ref().ok().and_then(|summary| summary.promo));
    // Once per search that carried a code, not per property asked.
    if let Some(outcome) = crate::domain::availability::PromoOutcome::overall(outcomes()) {
        metrics::counter!("promo_codes_total", "tenant" => cx.tenant.id.to_string(), "outcome" => outcome.as_str())
            .increment(1);
    }
    // A code none of the hotels took is said at its field; the prices shown are without it.
    if let Some(msg) = crate::domain::availability::PromoOutcome::verdict(outcomes()) {
        let code = view.form.promo.trim().to_uppercase();
        view.errors.add("promo", msg.text("code", code));
    }
    // Every property's currency: a refused search for one may offer the others.
    let charged: Vec<Currency> = cx.tenant.properties.iter().map(|p| p.currency).collect();
    let prices = state.prices(&cx, charged).await;
    let mut results: Vec<PropertyResult> = properties
        .iter()
        .zip(answers)
        .map(|(p, answer)| PropertyResult {
            image: crate::http::photos::photos(&cx.tenant, &p.images, cx.t.locale()).into_iter().next(),
            ..property_result(p, &criteria, answer, filter, &prices)
        })
        .collect();
    alternatives(&state, &cx, &properties, &criteria, &prices, &mut results).await;
    if !view.property.is_empty() {
        other_properties(&state, &cx, &view.property, &criteria, filter, &prices, &mut results).await;
    }
    sort_results(&mut results, sort);
    view.results = Some(results);
    Ok(render(&state, &cx, StatusCode::OK, &mut view, &membership))
}

enum PropertyMiss {
    DatePassed,
    Upstream,
}

/// One property's availability for the search, or why there is none.
async fn summary(
    state: &AppState,
    cx: &Cx,
    p: &Property,
    criteria: &SearchCriteria,
) -> Result<Arc<OfferSummary>, PropertyMiss> {
    if criteria.stay.checkin() < p.today(jiff::Timestamp::now()) {
        return Err(PropertyMiss::DatePassed);
    }
    state.availability.summary(&cx.rc, &p.id, criteria).await.map_err(|e| {
        tracing::warn!(property = %p.id, error = %e, "availability failed");
        PropertyMiss::Upstream
    })
}

/// A search for one property that it refuses: the tenant's other properties
/// that have the stay, asked as the search across all of them would (one
/// availability call each, concurrently), cheapest first. None asked when the
/// property can take the stay.
async fn other_properties(
    state: &AppState,
    cx: &Cx,
    searched: &str,
    criteria: &SearchCriteria,
    filter: RateFilter,
    prices: &Prices,
    results: &mut [PropertyResult],
) {
    if !results.iter().any(PropertyResult::wants_alternatives) {
        return;
    }
    let others: Vec<&Property> = cx.tenant.properties.iter().filter(|p| p.id != searched).collect();
    let answers = join_all(others.iter().map(|p| summary(state, cx, p, criteria))).await;
    let mut offers: Vec<(i64, OtherProperty)> = others
        .iter()
        .zip(answers)
        .map(|(p, answer)| property_result(p, criteria, answer, filter, prices))
        .filter(PropertyResult::is_available)
        .filter_map(|r| {
            let from_total = r.from_total?;
            let amount = from_total.converted.as_ref().map_or(from_total.amount, |c| c.amount);
            Some((amount, OtherProperty { id: r.property.id, name: r.property.name, from_total, url: r.url }))
        })
        .collect();
    offers.sort_by_key(|(amount, _)| *amount);
    let offers: Vec<OtherProperty> = offers.into_iter().map(|(_, offer)| offer).collect();
    for result in results.iter_mut().filter(|r| r.wants_alternatives()) {
        result.other_properties = offers.clone();
    }
}

/// How far either way alternatives are looked for, and how many are offered.
const ALTERNATIVE_DAYS: i64 = 7;
const ALTERNATIVES: usize = 3;

/// Fills the alternatives of each result that wants them: one calendar call per
/// such property (concurrently), none for the others. A calendar that fails
/// leaves its result without alternatives; the page is whole regardless.
async fn alternatives(
    state: &AppState,
    cx: &Cx,
    properties: &[&Property],
    criteria: &SearchCriteria,
    prices: &Prices,
    results: &mut [PropertyResult],
) {
    let arrival = criteria.stay.checkin();
    let nights = criteria.stay.nights();
    let now = jiff::Timestamp::now();
    let window = jiff::Span::new().days(ALTERNATIVE_DAYS);
    let wanted: Vec<usize> = (0..results.len()).filter(|&i| results[i].wants_alternatives()).collect();
    let calendars = join_all(wanted.iter().map(|&i| {
        let p = properties[i];
        let today = p.today(now);
        let from = arrival.checked_sub(window).unwrap_or(arrival).max(today);
        let to = arrival.checked_add(window).and_then(|d| d.tomorrow()).unwrap_or(arrival);
        async move {
            state.availability.calendar(&cx.rc, &p.id, from, to, criteria).await.map_err(|e| {
                tracing::warn!(property = %p.id, error = %e, "calendar failed");
            })
        }
    }))
    .await;
    for (i, calendar) in wanted.into_iter().zip(calendars) {
        let Ok(calendar) = calendar else { continue };
        let p = properties[i];
        results[i].alternatives = calendar
            .nearest_bookable(arrival, p.today(now), ALTERNATIVES)
            .into_iter()
            .filter_map(|day| {
                let checkout = day.arrival.checked_add(jiff::Span::new().days(i64::from(nights))).ok()?;
                let stay = crate::domain::stay::Stay::new(day.arrival, checkout, p.today(now)).ok()?;
                let other = SearchCriteria { stay, ..criteria.clone() };
                Some(Alternative {
                    checkin: day.arrival.to_string(),
                    checkout: checkout.to_string(),
                    from_total: prices.view(day.from_total?),
                    url: format!("/properties/{}?{}", p.id, other.query()),
                })
            })
            .collect();
    }
}

/// The tenant's order by default; by price or name, bookable results first,
/// then in that order (stable: the tenant's order breaks ties). By price, the amount shown is compared within its
/// currency: converted amounts share the guest's display currency.
fn sort_results(results: &mut [PropertyResult], sort: SortOrder) {
    match sort {
        // The tenant's own order, as it lists its hotels everywhere else.
        SortOrder::Recommended => {}
        SortOrder::Price => results.sort_by(|a, b| {
            let key = |r: &PropertyResult| {
                let shown = r
                    .from_total
                    .as_ref()
                    .map(|m| m.converted.as_ref().map_or((m.currency, m.amount), |c| (c.currency, c.amount)));
                (!r.is_available(), shown.is_none(), shown)
            };
            key(a).cmp(&key(b))
        }),
        SortOrder::Name => {
            results.sort_by_cached_key(|r| (!r.is_available(), r.property.name.to_lowercase()));
        }
    }
}

fn property_result(
    p: &Property,
    criteria: &SearchCriteria,
    answer: Result<Arc<OfferSummary>, PropertyMiss>,
    filter: RateFilter,
    prices: &Prices,
) -> PropertyResult {
    let t = prices.t;
    let nights = criteria.stay.nights() as u32;
    let mut result = PropertyResult {
        property: PropertyCard::from(p),
        availability: Availability::Unavailable,
        message: None,
        from_total: None,
        nights,
        rooms: Vec::new(),
        url: format!("/properties/{}?{}", p.id, criteria.query()),
        calendar_url: crate::http::calendar::property_url(
            &p.id,
            Month::of(criteria.stay.checkin()),
            &criteria.occupancy,
            nights,
        ),
        alternatives: Vec::new(),
        other_properties: Vec::new(),
        image: None,
    };
    let offer = match answer {
        Ok(offer) => offer,
        Err(PropertyMiss::DatePassed) => {
            result.message = Some(t.get("search-date-passed").into());
            return result;
        }
        Err(PropertyMiss::Upstream) => {
            result.message = Some(t.get("search-property-unavailable").into());
            return result;
        }
    };
    let verdict = offer.bookability(nights);
    result.message = verdict.msg().map(|m| t.msg(&m));
    result.availability = match verdict {
        Bookability::Bookable => Availability::Available,
        Bookability::ClosedToArrival | Bookability::MinStay(_) => Availability::Restricted,
        Bookability::SoldOut | Bookability::NoRoomFits => Availability::SoldOut,
    };
    if verdict.is_restricted() {
        return result;
    }
    result.rooms = offer
        .rooms
        .iter()
        .map(|r| RoomSummary {
            id: r.id.clone(),
            name: r.name.clone(),
            max_occupancy: r.max_occupancy,
            units_left: r.units_left,
            from_total: r.from_total(filter).map(|total| prices.view(total)),
        })
        .collect();
    result.from_total = offer.from_total(filter).map(|total| prices.view(total));
    if verdict.is_bookable() && result.from_total.is_none() {
        // Bookable, but not with what the guest filtered for.
        result.availability = Availability::NoMatch;
        result.message = Some(t.get("search-no-rate-matches").into());
    }
    result
}
