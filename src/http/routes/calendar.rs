//! `GET /properties/{id}/calendar`: a month of arrival days at one property,
//! each with the lowest total for a stay of `nights` for the guest's party, or
//! why it cannot be an arrival. One upstream calendar call per month shown.
//! `GET /calendar` is the same grid across the tenant's properties: each day
//! its lowest price anywhere (and where), closed or sold out only when it is
//! everywhere; one upstream calendar call per property per month.
//!
//! Picking is one step: each bookable day is a link to the property's rooms
//! and rates for that arrival and `nights` (no second "departure" step to get
//! through by keyboard or screen reader; the length of stay is a field of the
//! page's form). The grid is a WAI-ARIA grid; `static/app.js` adds the arrow
//! keys and a roving tabindex, and without it every day is a plain link.

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
use crate::domain::availability::Calendar;
use crate::domain::calendar::{DayStatus, Month, parse_nights};
use crate::domain::search::{SearchCriteria, SearchForm};
use crate::domain::stay::{Occupancy, Stay};
use crate::domain::tenant::Property;
use crate::http::AppState;
use crate::http::context::Cx;
use crate::http::draft::views::filters;
use crate::http::error::AppError;
use crate::http::negotiate::{Repr, render_sized, respond};
use crate::http::openapi::problems;
use crate::http::search::PropertyCard;
use crate::http::views::{Chrome, MoneyView, Prices};
use crate::i18n::{Msg, Tr};

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
}

const PARAMS: &[&str] = &["month", "nights", "adults", "children", "rooms"];

impl CalendarForm {
    /// The query, each known parameter at most once (as for the search).
    fn parse_query(raw: Option<&str>) -> Result<Self, AppError> {
        let mut form = Self::default();
        let mut seen = [false; PARAMS.len()];
        for (key, value) in form_urlencoded::parse(raw.unwrap_or("").as_bytes()) {
            let Some(index) = PARAMS.iter().position(|p| *p == key) else { continue };
            if std::mem::replace(&mut seen[index], true) {
                return Err(AppError::bad_request(
                    Msg::new("error-param-repeated-title"),
                    Msg::new("error-param-repeated-detail").text("param", PARAMS[index]),
                ));
            }
            if value.len() > 200 {
                return Err(AppError::bad_request(
                    Msg::new("error-param-too-long-title"),
                    Msg::new("error-param-too-long-detail").text("param", PARAMS[index]),
                ));
            }
            let slot = match index {
                0 => &mut form.month,
                1 => &mut form.nights,
                2 => &mut form.adults,
                3 => &mut form.children,
                _ => &mut form.rooms,
            };
            *slot = value.into_owned();
        }
        Ok(form)
    }

    /// The month, the nights and the party, or a message at each bad field.
    fn parse(&self, today: Date) -> Result<(Month, u32, Occupancy), FieldErrors> {
        let party = SearchForm {
            adults: self.adults.clone(),
            children: self.children.clone(),
            rooms: self.rooms.clone(),
            ..SearchForm::default()
        };
        let occupancy = party.parse_occupancy();
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
    /// Per-field messages (`month`, `nights`, `adults`, `children`, `rooms`); empty when valid.
    #[schema(value_type = Object)]
    pub errors: FieldErrors,
    /// The month shown (YYYY-MM), and its title in the guest's language.
    pub month: String,
    pub title: String,
    /// The stay every price is for, in nights from the arrival day.
    pub nights: u32,
    /// The days of the week, Monday first.
    pub weekdays: Vec<WeekdayView>,
    /// Every day of the month, in order.
    pub days: Vec<DayView>,
    /// The month as weeks (rows), Monday first: an index into `days`, or null
    /// before the first and after the last day.
    pub weeks: Vec<[Option<usize>; 7]>,
    /// The calendar for the month before and after, when they can be browsed.
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

#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DayView {
    /// The arrival day, YYYY-MM-DD.
    pub date: String,
    pub day: i8,
    /// `bookable`, `closed` (closed to arrival), `min_stay`, `sold_out` or `past`;
    /// across properties, `closed` and `sold_out` only when so at every one.
    pub status: &'static str,
    /// With `min_stay`: the fewest nights an arrival that day may book.
    pub min_stay: Option<u32>,
    /// The lowest total for the stay of `nights` from this day (all rooms,
    /// taxes and fees), when bookable.
    pub from_total: Option<MoneyView>,
    /// Across properties, when bookable: the property of that lowest total.
    pub property: Option<DayProperty>,
    /// What the day says, in words: "Friday 18 December, from €230".
    pub label: String,
    /// When bookable: the property's rooms and rates for this arrival and
    /// `nights`, or, across properties, the search for that stay.
    pub url: Option<String>,
}

/// The property a day's price is at.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DayProperty {
    pub id: String,
    pub name: String,
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
           ("rooms" = Option<u8>, Query, description = "1–5; default 1")),
    responses((status = 200, description = "Every arrival day of the month: its status and the lowest total for the stay, at public prices", body = CalendarView),
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
           ("rooms" = Option<u8>, Query, description = "1–5; default 1")),
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
    let form = CalendarForm::parse_query(query)?;
    let today = single.map_or_else(|| cx.tenant.earliest_today(now), |p| p.today(now));
    let parsed = form.parse(today);
    let (property_url, calendar_path) = match single {
        Some(p) => (format!("/properties/{}", p.id), format!("/properties/{}/calendar", p.id)),
        None => ("/".to_owned(), "/calendar".to_owned()),
    };
    let mut view = CalendarView {
        property: single.map(PropertyCard::from),
        form,
        errors: FieldErrors::new(),
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
    let (month, nights, occupancy) = match parsed {
        Ok(parsed) => parsed,
        Err(errors) if cx.repr == Repr::Json => return Err(AppError::Validation(errors)),
        Err(errors) => {
            view.errors = errors;
            return Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &view));
        }
    };
    let link = |m: Month| url(&view.calendar_path, m, &occupancy, nights);
    view.previous = month.previous(today).map(link);
    view.next = month.next(today).map(link);
    view.month = month.to_string();
    view.title = cx.t.month_year(month.first_day());
    view.nights = nights;

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
    // A property whose calendar failed is left out; when every one failed, that is the answer.
    let mut sources = Vec::with_capacity(answers.len());
    let mut failure = None;
    for answer in answers {
        match answer {
            Ok(source) => sources.push(source),
            Err(e) => failure = Some(e),
        }
    }
    if let (true, Some(e)) = (sources.is_empty(), failure) {
        return Err(e);
    }
    let charged: Vec<_> = sources.iter().filter_map(|s| Some(s.calendar.as_ref()?.currency)).collect();
    let prices = state.prices(cx, charged).await;
    view.days =
        month.days().map(|date| day_view(&prices, &sources, single.is_none(), date, nights, &occupancy)).collect();
    view.weeks = weeks(month);
    metrics::counter!("funnel_steps_total", "tenant" => cx.tenant.id.to_string(), "step" => "calendar").increment(1);
    Ok(render(StatusCode::OK, &view))
}

/// One property's answer for the month.
struct Source<'a> {
    property: &'a Property,
    today: Date,
    calendar: Option<Arc<Calendar>>,
}

/// A day of the grid: its status across `sources`, and the lowest total of
/// those where it is an arrival (compared as shown: in the display currency
/// when converted).
fn day_view(
    prices: &Prices,
    sources: &[Source],
    across: bool,
    date: Date,
    nights: u32,
    occupancy: &Occupancy,
) -> DayView {
    let statuses: Vec<(DayStatus, Option<MoneyView>)> = sources
        .iter()
        .map(|s| {
            let day = s.calendar.as_ref().and_then(|c| c.days.iter().find(|d| d.arrival == date));
            let status = DayStatus::of(date, day, s.today, nights);
            let total = day.and_then(|d| d.from_total).filter(|_| status == DayStatus::Bookable);
            (status, total.map(|m| prices.view(m)))
        })
        .collect();
    let status = DayStatus::across(statuses.iter().map(|(s, _)| *s));
    let cheapest = statuses
        .iter()
        .zip(sources)
        .filter_map(|((_, total), s)| Some((total.as_ref()?, s)))
        .min_by_key(|(m, _)| m.converted.as_ref().map_or((&m.currency, m.amount), |c| (&c.currency, c.amount)));
    let url = cheapest.and_then(|(_, s)| {
        let criteria =
            SearchCriteria { stay: stay_from(date, nights, s.today).ok()?, occupancy: occupancy.clone(), promo: None };
        Some(if across {
            format!("/search?{}", criteria.query())
        } else {
            format!("/properties/{}?{}", s.property.id, criteria.query())
        })
    });
    let property = cheapest
        .filter(|_| across)
        .map(|(_, s)| DayProperty { id: s.property.id.clone(), name: s.property.name.clone() });
    let from_total = cheapest.map(|(m, _)| m.clone());
    DayView {
        date: date.to_string(),
        day: date.day(),
        status: status.as_str(),
        min_stay: match status {
            DayStatus::MinStay(min) => Some(min),
            _ => None,
        },
        label: label(prices, date, status, from_total.as_ref(), property.as_ref()),
        from_total,
        property,
        url,
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
    let mut q = form_urlencoded::Serializer::new(String::new());
    q.append_pair("month", &month.to_string());
    q.append_pair("adults", &occupancy.adults().to_string());
    let children = occupancy.children_csv();
    if !children.is_empty() {
        q.append_pair("children", &children);
    }
    q.append_pair("rooms", &occupancy.rooms().to_string());
    q.append_pair("nights", &nights.to_string());
    format!("{path}?{}", q.finish())
}

/// The cell's accessible name: the day in full, then its price (and, across
/// properties, where) or why it cannot be an arrival.
fn label(
    prices: &Prices,
    date: Date,
    status: DayStatus,
    from_total: Option<&MoneyView>,
    at: Option<&DayProperty>,
) -> String {
    let t = prices.t;
    let day = t.day_in_full(date);
    match (status.msg(), from_total, at) {
        (Some(msg), _, _) => t.with2("calendar-day-status", "day", day, "status", t.msg(&msg)),
        (None, Some(price), Some(at)) => t.msg(
            &Msg::new("calendar-day-price-at")
                .text("day", day)
                .text("price", price.shown())
                .text("hotel", at.name.as_str()),
        ),
        (None, Some(price), None) => t.with2("calendar-day-price", "day", day, "price", price.shown()),
        (None, None, _) => day,
    }
}

/// Indexes into the month's days, a week a row.
fn weeks(month: Month) -> Vec<[Option<usize>; 7]> {
    let first = month.first_day();
    month.weeks().into_iter().map(|w| w.map(|d| d.and_then(|d| usize::try_from((d - first).get_days()).ok()))).collect()
}
