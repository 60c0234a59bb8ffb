//! `GET /properties/{id}/calendar`: a month of arrival days at one property,
//! each with the lowest total for a stay of `nights` for the guest's party, or
//! why it cannot be an arrival. One upstream calendar call per month shown.
//!
//! Picking is one step: each bookable day is a link to the property's rooms
//! and rates for that arrival and `nights` (no second "departure" step to get
//! through by keyboard or screen reader; the length of stay is a field of the
//! page's form). The grid is a WAI-ARIA grid; `static/app.js` adds the arrow
//! keys and a roving tabindex, and without it every day is a plain link.

use std::sync::Arc;
use std::sync::atomic::AtomicUsize;

use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use jiff::civil::Date;
use serde::Serialize;

use crate::domain::FieldErrors;
use crate::domain::calendar::{DayStatus, Month, parse_nights};
use crate::domain::search::{SearchCriteria, SearchForm};
use crate::domain::stay::{Occupancy, Stay};
use crate::http::AppState;
use crate::http::context::Cx;
use crate::http::draft::views::filters;
use crate::http::error::AppError;
use crate::http::negotiate::{Repr, render_sized, respond};
use crate::http::openapi::problems;
use crate::http::search::PropertyCard;
use crate::http::views::{Chrome, MoneyView, Prices};
use crate::i18n::{Msg, Tr};

/// `GET /properties/{id}/calendar`, with its documentation.
pub fn router() -> utoipa_axum::router::OpenApiRouter<Arc<AppState>> {
    utoipa_axum::router::OpenApiRouter::new().routes(utoipa_axum::routes!(calendar))
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
    pub property: PropertyCard,
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
    /// The property's rooms and rates (no dates yet).
    pub property_url: String,
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
    /// `bookable`, `closed` (closed to arrival), `min_stay`, `sold_out` or `past`.
    pub status: &'static str,
    /// With `min_stay`: the fewest nights an arrival that day may book.
    pub min_stay: Option<u32>,
    /// The lowest total for the stay of `nights` from this day (all rooms,
    /// taxes and fees), when bookable.
    pub from_total: Option<MoneyView>,
    /// What the day says, in words: "Friday 18 December, from €230".
    pub label: String,
    /// The property's rooms and rates for this arrival and `nights`, when bookable.
    pub url: Option<String>,
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
    let form = CalendarForm::parse_query(query.as_deref())?;
    let today = property.today(jiff::Timestamp::now());
    let parsed = form.parse(today);
    let mut view = CalendarView {
        property: PropertyCard::from(property),
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
        property_url: format!("/properties/{}", property.id),
    };
    let chrome = cx.chrome(&state);
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
    let link = |m: Month| url(&property.id, m, &occupancy, nights);
    view.previous = month.previous(today).map(link);
    view.next = month.next(today).map(link);
    view.month = month.to_string();
    view.title = cx.t.month_year(month.first_day());
    view.nights = nights;

    // Arrivals from today to the month's end, in one call; a month wholly past has none to ask for.
    let calendar = match month.arrivals(today) {
        Some((from, to)) => {
            let stay = stay_from(from, nights, today)?;
            let criteria = SearchCriteria { stay, occupancy: occupancy.clone(), promo: None };
            Some(state.availability.calendar(&cx.rc, &property.id, from, to, &criteria).await?)
        }
        None => None,
    };
    let prices = match &calendar {
        Some(c) => state.prices(&cx, [c.currency]).await,
        None => cx.prices(),
    };
    view.days = month
        .days()
        .map(|date| {
            let day = calendar.as_ref().and_then(|c| c.days.iter().find(|d| d.arrival == date));
            let status = DayStatus::of(date, day, today, nights);
            let bookable = status == DayStatus::Bookable;
            let from_total = day.and_then(|d| d.from_total).filter(|_| bookable).map(|m| prices.view(m));
            let url = bookable
                .then(|| stay_from(date, nights, today).ok())
                .flatten()
                .map(|stay| SearchCriteria { stay, occupancy: occupancy.clone(), promo: None })
                .map(|c| format!("/properties/{}?{}", property.id, c.query()));
            DayView {
                date: date.to_string(),
                day: date.day(),
                status: status.as_str(),
                min_stay: match status {
                    DayStatus::MinStay(min) => Some(min),
                    _ => None,
                },
                label: label(&prices, date, status, from_total.as_ref()),
                from_total,
                url,
            }
        })
        .collect();
    view.weeks = weeks(month);
    metrics::counter!("funnel_steps_total", "tenant" => cx.tenant.id.to_string(), "step" => "calendar").increment(1);
    Ok(render(StatusCode::OK, &view))
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
pub fn url(property_id: &str, month: Month, occupancy: &Occupancy, nights: u32) -> String {
    let mut q = form_urlencoded::Serializer::new(String::new());
    q.append_pair("month", &month.to_string());
    q.append_pair("adults", &occupancy.adults().to_string());
    let children = occupancy.children_csv();
    if !children.is_empty() {
        q.append_pair("children", &children);
    }
    q.append_pair("rooms", &occupancy.rooms().to_string());
    q.append_pair("nights", &nights.to_string());
    format!("/properties/{property_id}/calendar?{}", q.finish())
}

/// The cell's accessible name: the day in full, then its price or why it
/// cannot be an arrival.
fn label(prices: &Prices, date: Date, status: DayStatus, from_total: Option<&MoneyView>) -> String {
    let t = prices.t;
    let day = t.day_in_full(date);
    match (status.msg(), from_total) {
        (Some(msg), _) => t.with2("calendar-day-status", "day", day, "status", t.msg(&msg)),
        (None, Some(price)) => t.with2("calendar-day-price", "day", day, "price", price.shown()),
        (None, None) => day,
    }
}

/// Indexes into the month's days, a week a row.
fn weeks(month: Month) -> Vec<[Option<usize>; 7]> {
    let first = month.first_day();
    month.weeks().into_iter().map(|w| w.map(|d| d.and_then(|d| usize::try_from((d - first).get_days()).ok()))).collect()
}
