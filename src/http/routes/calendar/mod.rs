//! `GET /properties/{id}/calendar`: a month of arrival days at one property,
//! each with its price per night for a stay of `nights` for the guest's party
//! (the lowest total over the nights), or why it cannot be an arrival. One
//! upstream calendar call per month shown. `GET /calendar` is the same grid
//! across the tenant's properties: each day its lowest price anywhere (and
//! where), closed or sold out only when it is everywhere; one upstream
//! calendar call per property per month.
//!
//! Picking is two steps, each a plain URL (the state without JavaScript): an
//! arrival day links to the same calendar with `arrival=YYYY-MM-DD`, where the
//! days from the arrival's minimum stay to the longest stay link to the rooms
//! (or, across properties, the search) for exactly that stay, and the others
//! say why they cannot end it. That step also costs one upstream call per
//! property: the one-night calendar from the arrival, which gives its minimum
//! stay and the nights nothing is free (no stay may cross one). Month links
//! keep the arrival, so a stay may end in the next month; "choose another
//! arrival" leads back. A bad arrival is a message at its field over the
//! arrival step. The grid is a WAI-ARIA grid; `static/app.js` adds the arrow
//! keys, a roving tabindex, the focus on the first departure and a live
//! announcement of the step, and without it every day is a plain link.

use std::sync::Arc;
use std::sync::atomic::AtomicUsize;

use futures::future::join_all;

use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use jiff::civil::Date;
use serde::Serialize;

use crate::domain::FieldErrors;
use crate::domain::calendar::{Month, arrival_refused, departure_nights, max_stay, parse_arrival, parse_nights};
use crate::domain::search::{PartyForm, RoomParams, RoomRow, SearchCriteria, SearchForm};
use crate::domain::stay::{Occupancy, Stay};
use crate::domain::tenant::Property;
use crate::http::AppState;
use crate::http::context::Cx;
use crate::http::draft::views::filters;
use crate::http::error::AppError;
use crate::http::negotiate::{Repr, render_sized, respond};
use crate::http::openapi::problems;
use crate::http::search::PropertyCard;
use crate::http::views::Chrome;
use crate::i18n::{Msg, Tr};

mod days;

pub use days::{DayProperty, DayView};
use days::{Links, Source};

/// `GET /properties/{id}/calendar` and `GET /calendar`, with their documentation.
pub fn router() -> utoipa_axum::router::OpenApiRouter<Arc<AppState>> {
    utoipa_axum::router::OpenApiRouter::new()
        .routes(utoipa_axum::routes!(calendar))
        .routes(utoipa_axum::routes!(calendar_all))
}

/// What the guest sent, kept as typed so the form can show it back.
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct CalendarForm {
    /// YYYY-MM
    pub month: String,
    pub nights: String,
    pub adults: String,
    pub children: String,
    pub rooms: String,
    /// YYYY-MM-DD: the arrival picked (the departure step); blank before.
    pub arrival: String,
    /// Each room's party as typed (`r1=2,7`, or `r1_adults` and `r1_children`),
    /// room 1 first; empty for the old form (`adults`, `children`, `rooms`).
    #[schema(value_type = Vec<Object>)]
    pub parties: Vec<PartyForm>,
    /// "Add a room" was pressed: the form again with one room more.
    #[serde(skip)]
    pub add_room: bool,
}

const PARAMS: &[&str] = &["month", "nights", "adults", "children", "rooms", "arrival", "add_room"];

impl CalendarForm {
    /// The query, each known parameter at most once (as for the search).
    fn parse_query(raw: Option<&str>) -> Result<Self, AppError> {
        let mut form = Self::default();
        let mut rooms = RoomParams::default();
        let mut add_room = String::new();
        crate::http::routes::search::read_query(raw, PARAMS, &mut rooms, |known, value| {
            let slot = match known {
                "month" => &mut form.month,
                "nights" => &mut form.nights,
                "adults" => &mut form.adults,
                "children" => &mut form.children,
                "rooms" => &mut form.rooms,
                "arrival" => &mut form.arrival,
                _ => &mut add_room,
            };
            *slot = value;
        })?;
        form.parties = rooms.into_parties();
        form.add_room = !add_room.is_empty();
        Ok(form)
    }

    /// The party as the search form reads it.
    fn party(&self) -> SearchForm {
        SearchForm::party_only(&self.adults, &self.children, &self.rooms, &self.parties)
    }

    /// The rooms the form shows (see `SearchForm::room_rows`).
    pub fn room_rows(&self) -> Vec<RoomRow> {
        self.party().room_rows()
    }

    /// The same form with one room more (the no-JS "Add a room").
    fn with_added_room(mut self) -> Self {
        let party = self.party().with_added_room();
        (self.adults, self.children, self.rooms, self.parties) =
            (party.adults, party.children, party.rooms, party.parties);
        self
    }

    /// The month, the nights and the party, or a message at each bad field.
    fn parse(&self, today: Date) -> Result<(Month, u32, Occupancy), FieldErrors> {
        let occupancy = self.party().parse_occupancy();
        let mut errors = occupancy.as_ref().err().cloned().unwrap_or_default();
        let month = Month::parse(&self.month, today).map_err(|m| errors.add("month", m));
        let nights = parse_nights(&self.nights).map_err(|m| errors.add("nights", m));
        match (month, nights, occupancy) {
            (Ok(month), Ok(nights), Ok(occupancy)) if errors.is_empty() => Ok((month, nights, occupancy)),
            _ => Err(errors),
        }
    }
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CalendarView {
    /// The property of a property's calendar; null for the calendar across the tenant's properties.
    pub property: Option<PropertyCard>,
    /// What the guest sent, echoed back untouched.
    pub form: CalendarForm,
    /// Per-field messages (`month`, `nights`, `adults`, `children`, `rooms`, `arrival`); empty when valid.
    #[schema(value_type = Object)]
    pub errors: FieldErrors,
    /// `arrival` (pick an arrival day) or `departure` (pick the departure of a stay from `arrival`).
    pub step: &'static str,
    /// The arrival picked (YYYY-MM-DD) in the departure step; null in the arrival step.
    pub arrival: Option<String>,
    /// The arrival picked, in words, in the departure step.
    pub arrival_label: Option<String>,
    /// In the departure step: this calendar without the arrival, on its month ("choose another arrival").
    pub change_arrival_url: Option<String>,
    /// What the grid shows and asks, in the guest's language.
    pub caption: String,
    /// The month shown (YYYY-MM), and its title in the guest's language.
    pub month: String,
    pub title: String,
    /// The stay every arrival day's price is for, in nights from the arrival day.
    pub nights: u32,
    /// The days of the week, Monday first.
    pub weekdays: Vec<WeekdayView>,
    /// Every day of the month, in order.
    pub days: Vec<DayView>,
    /// The month as weeks (rows), Monday first: an index into `days`, or null
    /// before the first and after the last day.
    pub weeks: Vec<[Option<usize>; 7]>,
    /// The calendar for the month before and after, when they can be browsed
    /// (keeping the arrival picked).
    pub previous: Option<String>,
    pub next: Option<String>,
    /// Where the page leads back to: the property's rooms and rates (no dates
    /// yet), or the landing for the calendar across properties.
    pub property_url: String,
    /// This calendar's path, without a query (where its form goes).
    pub calendar_path: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct WeekdayView {
    pub short: &'static str,
    pub long: &'static str,
}

impl CalendarView {
    /// The weeks with their days, for the template.
    pub fn grid(&self) -> Vec<Vec<Option<&DayView>>> {
        self.weeks.iter().map(|w| w.iter().map(|i| i.and_then(|i| self.days.get(i))).collect()).collect()
    }
}

#[derive(Template)]
#[template(path = "pages/calendar.html")]
struct CalendarPage<'a> {
    t: Tr,
    chrome: &'a Chrome,
    view: &'a CalendarView,
}

#[derive(Template)]
#[template(path = "partials/calendar_grid.html")]
struct CalendarGrid<'a> {
    t: Tr,
    view: &'a CalendarView,
}

/// `GET /properties/{id}/calendar`
#[utoipa::path(get, path = "/properties/{id}/calendar", tag = "search", operation_id = "getPropertyCalendar",
    params(("id" = String, Path, description = "A property of this tenant"),
           ("month" = Option<String>, Query, description = "YYYY-MM, from the property's current month to 12 months ahead; default the current month"),
           ("nights" = Option<u32>, Query, description = "The stay priced from each arrival day, 1–30; default 1"),
           ("adults" = Option<u8>, Query, description = "1–9 per room; default 2"),
           ("children" = Option<String>, Query, description = "Comma-separated ages 0–17"),
           ("rooms" = Option<u8>, Query, description = "1–5; default 1"),
           ("r1" = Option<String>, Query, description = "Room 1's party: its adults, then its children's ages (`2,7`); `r2`…`r5` likewise, as for the search. When any is given, `adults` and `children` are not read"),
           ("arrival" = Option<String>, Query, description = "YYYY-MM-DD, the arrival picked: each day then says whether it can be the departure of a stay from it, and links that stay")),
    responses((status = 200, description = "Every day of the month: as an arrival, its status, its price per night and the lowest total for the stay, at public prices; with `arrival`, as its departure", body = CalendarView),
              (status = 404, response = problems::NotFound),
              (status = 422, response = problems::ValidationFailed)))]
pub async fn calendar(
    State(state): State<Arc<AppState>>,
    cx: Cx,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    let property = cx.tenant.property(&id).ok_or(AppError::NotFound)?;
    show(&state, &cx, Some(property), query.as_deref()).await
}

/// `GET /calendar`
#[utoipa::path(get, path = "/calendar", tag = "search", operation_id = "getCalendar",
    params(("month" = Option<String>, Query, description = "YYYY-MM, from the current month (at the tenant's earliest time zone) to 12 months ahead; default the current month"),
           ("nights" = Option<u32>, Query, description = "The stay priced from each arrival day, 1–30; default 1"),
           ("adults" = Option<u8>, Query, description = "1–9 per room; default 2"),
           ("children" = Option<String>, Query, description = "Comma-separated ages 0–17"),
           ("rooms" = Option<u8>, Query, description = "1–5; default 1"),
           ("r1" = Option<String>, Query, description = "Room 1's party: its adults, then its children's ages (`2,7`); `r2`…`r5` likewise, as for the search. When any is given, `adults` and `children` are not read"),
           ("arrival" = Option<String>, Query, description = "YYYY-MM-DD, the arrival picked: each day then says whether it can be the departure of a stay from it at any property, and links the search for that stay")),
    responses((status = 200, description = "Every arrival day of the month across the tenant's properties: the lowest total for the stay at any of them and which, at public prices; closed or sold out only when so at every one", body = CalendarView),
              (status = 422, response = problems::ValidationFailed)))]
pub async fn calendar_all(
    State(state): State<Arc<AppState>>,
    cx: Cx,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    show(&state, &cx, None, query.as_deref()).await
}

/// The calendar of one property (`single`), or across the tenant's properties.
async fn show(state: &AppState, cx: &Cx, single: Option<&Property>, query: Option<&str>) -> Result<Response, AppError> {
    let now = jiff::Timestamp::now();
    let properties = single.map_or(cx.tenant.properties.as_slice(), std::slice::from_ref);
    let mut form = CalendarForm::parse_query(query)?;
    let adding_room = std::mem::take(&mut form.add_room);
    if adding_room {
        form = form.with_added_room();
    }
    let today = single.map_or_else(|| cx.tenant.earliest_today(now), |p| p.today(now));
    let parsed = form.parse(today);
    let arrival = parse_arrival(&form.arrival, today);
    let (property_url, calendar_path) = match single {
        Some(p) => (format!("/properties/{}", p.id), format!("/properties/{}/calendar", p.id)),
        None => ("/".to_owned(), "/calendar".to_owned()),
    };
    let mut view = CalendarView {
        property: single.map(PropertyCard::from),
        form,
        errors: FieldErrors::new(),
        step: "arrival",
        arrival: None,
        arrival_label: None,
        change_arrival_url: None,
        caption: String::new(),
        month: String::new(),
        title: String::new(),
        nights: 1,
        weekdays: (0..7).map(|i| cx.t.weekday(i)).map(|(short, long)| WeekdayView { short, long }).collect(),
        days: Vec::new(),
        weeks: Vec::new(),
        previous: None,
        next: None,
        property_url,
        calendar_path,
    };
    let chrome = cx.chrome(state);
    let render = |status, view: &CalendarView| {
        static PAGE: AtomicUsize = AtomicUsize::new(0);
        static GRID: AtomicUsize = AtomicUsize::new(0);
        respond(
            cx.repr,
            status,
            view,
            || render_sized(&CalendarPage { t: cx.t, chrome: &chrome, view }, &PAGE),
            || render_sized(&CalendarGrid { t: cx.t, view }, &GRID),
        )
    };
    if adding_room {
        // The form again with one room more, for the guest to fill in.
        return Ok(render(StatusCode::OK, &view));
    }
    let (month, nights, occupancy) = match (parsed, arrival.as_ref()) {
        (Ok(parsed), Ok(_)) => parsed,
        // A bad arrival alone leaves the arrival step to pick another from.
        (Ok(parsed), Err(msg)) if cx.repr != Repr::Json => {
            view.errors.add("arrival", msg.clone());
            parsed
        }
        (parsed, arrival) => {
            let mut errors = parsed.err().unwrap_or_default();
            if let Err(msg) = arrival {
                errors.add("arrival", msg.clone());
            }
            if cx.repr == Repr::Json {
                return Err(AppError::Validation(errors));
            }
            view.errors = errors;
            return Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &view));
        }
    };
    let arrival = arrival.ok().flatten();
    view.month = month.to_string();
    view.title = cx.t.month_year(month.first_day());
    view.nights = nights;
    view.weeks = weeks(month);
    let links = Links { path: &view.calendar_path, occupancy: &occupancy, nights, across: single.is_none() };

    if let Some(arrival) = arrival {
        match departure_step(state, cx, properties, now, month, arrival, &occupancy, &links).await? {
            Ok(days) => {
                view.days = days;
                view.step = "departure";
                view.arrival = Some(arrival.to_string());
                let day = cx.t.day_in_full(arrival);
                view.caption = cx.t.msg(
                    &Msg::new("calendar-pick-departure").text("day", day.clone()).int("count", i64::from(max_stay())),
                );
                view.arrival_label = Some(day);
                view.change_arrival_url = Some(url_at(links.path, Month::of(arrival), &occupancy, nights, None));
                let link = |m: Month| url_at(links.path, m, &occupancy, nights, Some(arrival));
                view.previous = month.previous(today).map(link);
                view.next = month.next(today).map(link);
                metrics::counter!("funnel_steps_total", "tenant" => cx.tenant.id.to_string(), "step" => "calendar")
                    .increment(1);
                return Ok(render(StatusCode::OK, &view));
            }
            Err(msg) if cx.repr == Repr::Json => {
                let mut errors = FieldErrors::new();
                errors.add("arrival", msg);
                return Err(AppError::Validation(errors));
            }
            // Not an arrival after all: said at the field, over the arrival step.
            Err(msg) => view.errors.add("arrival", msg),
        }
    }

    let link = |m: Month| url_at(links.path, m, &occupancy, nights, None);
    view.previous = month.previous(today).map(link);
    view.next = month.next(today).map(link);
    view.caption = cx.t.count("calendar-prices-for", nights);
    // One call per property: its arrivals from its today to the month's end (none when wholly past).
    let answers = join_all(properties.iter().map(|p| {
        let today = p.today(now);
        let occupancy = occupancy.clone();
        async move {
            let calendar = match month.arrivals(today) {
                Some((from, to)) => {
                    let criteria = SearchCriteria { stay: stay_from(from, nights, today)?, occupancy, promo: None };
                    let answer = state.availability.calendar(&cx.rc, &p.id, from, to, &criteria).await;
                    Some(answer.inspect_err(|e| tracing::warn!(property = %p.id, error = %e, "calendar failed"))?)
                }
                None => None,
            };
            Ok::<_, AppError>(Source { property: p, today, calendar })
        }
    }))
    .await;
    let sources = answered(answers)?;
    let charged: Vec<_> = sources.iter().filter_map(|s| Some(s.calendar.as_ref()?.currency)).collect();
    let prices = state.prices(cx, charged).await;
    view.days = month.days().map(|date| days::arrival_day(&prices, &sources, &links, date)).collect();
    metrics::counter!("funnel_steps_total", "tenant" => cx.tenant.id.to_string(), "step" => "calendar").increment(1);
    let status = if view.errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    Ok(render(status, &view))
}

/// The departure step's days: one call per property, the one-night calendar
/// from the arrival (see [`departure_nights`]); or why the arrival cannot be
/// one at any property.
#[allow(clippy::too_many_arguments)]
async fn departure_step(
    state: &AppState,
    cx: &Cx,
    properties: &[Property],
    now: jiff::Timestamp,
    month: Month,
    arrival: Date,
    occupancy: &Occupancy,
    links: &Links<'_>,
) -> Result<Result<Vec<DayView>, Msg>, AppError> {
    let (from, to) = departure_nights(arrival, month);
    let answers = join_all(properties.iter().map(|p| {
        let today = p.today(now);
        let occupancy = occupancy.clone();
        async move {
            // An arrival before this property's today cannot be one here.
            let calendar = match stay_from(from, 1, today) {
                Ok(stay) => {
                    let criteria = SearchCriteria { stay, occupancy, promo: None };
                    let answer = state.availability.calendar(&cx.rc, &p.id, from, to, &criteria).await;
                    Some(answer.inspect_err(|e| tracing::warn!(property = %p.id, error = %e, "calendar failed"))?)
                }
                Err(_) => None,
            };
            Ok::<_, AppError>(Source { property: p, today, calendar })
        }
    }))
    .await;
    let sources = answered(answers)?;
    let readings = days::departures(arrival, &sources);
    if readings.iter().all(Result::is_err) {
        let refused = crate::domain::calendar::DayStatus::across(readings.iter().filter_map(|r| r.err()));
        return Ok(Err(arrival_refused(refused)));
    }
    Ok(Ok(month.days().map(|date| days::departure_day(cx.t, &sources, &readings, links, arrival, date)).collect()))
}

/// The sources that answered; a property whose calendar failed is left out,
/// and when every one failed, that is the answer.
fn answered<'a>(answers: Vec<Result<Source<'a>, AppError>>) -> Result<Vec<Source<'a>>, AppError> {
    let mut sources = Vec::with_capacity(answers.len());
    let mut failure = None;
    for answer in answers {
        match answer {
            Ok(source) => sources.push(source),
            Err(e) => failure = Some(e),
        }
    }
    match (sources.is_empty(), failure) {
        (true, Some(e)) => Err(e),
        _ => Ok(sources),
    }
}

fn stay_from(arrival: Date, nights: u32, today: Date) -> Result<Stay, AppError> {
    arrival
        .checked_add(jiff::Span::new().days(i64::from(nights)))
        .ok()
        .and_then(|checkout| Stay::new(arrival, checkout, today).ok())
        .ok_or_else(|| AppError::Internal(format!("no stay of {nights} nights from {arrival}")))
}

/// The calendar of a property for a month, a party and a stay length: the one
/// way a link to it is written (this page's month links, the property page, the
/// search results).
pub fn property_url(property_id: &str, month: Month, occupancy: &Occupancy, nights: u32) -> String {
    url(&format!("/properties/{property_id}/calendar"), month, occupancy, nights)
}

/// The calendar at `path` (a property's, or `/calendar` across them) for a
/// month, a party and a stay length.
pub fn url(path: &str, month: Month, occupancy: &Occupancy, nights: u32) -> String {
    url_at(path, month, occupancy, nights, None)
}

/// The same, in the departure step of a stay from `arrival` when given.
fn url_at(path: &str, month: Month, occupancy: &Occupancy, nights: u32, arrival: Option<Date>) -> String {
    let mut q = form_urlencoded::Serializer::new(String::new());
    q.append_pair("month", &month.to_string());
    for (key, value) in occupancy.params() {
        q.append_pair(&key, &value);
    }
    q.append_pair("nights", &nights.to_string());
    if let Some(arrival) = arrival {
        q.append_pair("arrival", &arrival.to_string());
    }
    format!("{path}?{}", q.finish())
}

/// Indexes into the month's days, a week a row.
fn weeks(month: Month) -> Vec<[Option<usize>; 7]> {
    let first = month.first_day();
    month.weeks().into_iter().map(|w| w.map(|d| d.and_then(|d| usize::try_from((d - first).get_days()).ok()))).collect()
}
