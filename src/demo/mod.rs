//! The embedded demo platform: a real axum server on a loopback port that speaks
//! the upstream contracts of docs/upstreams.md, seeded with three tenants. With no
//! upstream URL configured the service starts it in-process and points its real
//! HTTP clients at it. Tests drive its fault switches through `/__admin/*`.
//!
//! tenant-config and availability are served here; pricing, reservations, iam
//! and the payment gateway (API and hosted page) have a module each, sharing the
//! mutable state of `ledger.rs` and the request helpers of `wire.rs`.

mod admin;
mod extras;
mod faults;
mod hosted_page;
pub mod iam;
mod images;
mod inventory;
mod ledger;
mod party;
mod payments;
mod policies;
mod pricing;
mod reservations;
mod room_lines;
pub mod seed;
mod wire;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};

use axum::extract::{Path, Query, State};
use axum::http::header::{ACCEPT_LANGUAGE, CACHE_CONTROL, CONTENT_LANGUAGE, VARY};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use jiff::civil::Date;
use tokio::net::TcpListener;

use crate::domain::msg::Locale;
use crate::domain::stay::{days_between, parse_iso_date};
use crate::upstream::contract::{
    AvailabilityDto, AvailabilityQuery, CALENDAR_MAX_DAYS, CalendarDayDto, CalendarDto, CalendarQuery, HostLookupDto,
    RoomTypeDto, TenantListDto, TenantSummaryDto, UpstreamProblemDto,
};
pub use faults::{Fault, FaultSwitch};

/// Shared secret the demo payment gateway signs its webhooks with.
pub const DEMO_WEBHOOK_SECRET: &str = "demo-webhook-secret-not-for-production";

/// A running demo platform.
#[derive(Clone)]
pub struct DemoPlatform {
    pub addr: SocketAddr,
    pub state: Arc<DemoState>,
}

impl DemoPlatform {
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

pub struct DemoState {
    pub faults: FaultSwitch,
    /// What the payment gateway signs its webhooks with.
    webhook_secret: crate::secret::Secret<String>,
    /// Where the platform listens; the hosted payment page's origin.
    addr: SocketAddr,
    /// Quotes, holds, bookings and payment sessions. Locked only in synchronous
    /// code, never across an await.
    ledger: Mutex<ledger::Ledger>,
    /// Bearer tokens issued by the demo iam.
    iam_tokens: Mutex<iam::Tokens>,
    /// Delivers payment webhooks.
    http: reqwest::Client,
}

impl DemoState {
    fn ledger(&self) -> MutexGuard<'_, ledger::Ledger> {
        self.ledger.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn iam_tokens(&self) -> MutexGuard<'_, iam::Tokens> {
        self.iam_tokens.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Binds a loopback port and serves the demo platform until the process ends;
/// its gateway signs webhooks with [`DEMO_WEBHOOK_SECRET`].
pub async fn start() -> std::io::Result<DemoPlatform> {
    start_on(TcpListener::bind(("127.0.0.1", 0)).await?, DEMO_WEBHOOK_SECRET)
}

/// Serves the demo platform on `listener` in a background task (the
/// `demo-platform` subcommand runs it as its own process on a chosen address),
/// its gateway signing webhooks with `webhook_secret`.
pub fn start_on(listener: TcpListener, webhook_secret: &str) -> std::io::Result<DemoPlatform> {
    let addr = listener.local_addr()?;
    let state = Arc::new(DemoState {
        faults: FaultSwitch::default(),
        webhook_secret: crate::secret::Secret::new(webhook_secret.to_owned()),
        addr,
        ledger: Mutex::default(),
        iam_tokens: Mutex::default(),
        http: crate::upstream::shared_client(),
    });
    let app = router(state.clone());
    tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, app).await {
            tracing::error!(error = %e, "demo platform stopped");
        }
    });
    Ok(DemoPlatform { addr, state })
}

fn router(state: Arc<DemoState>) -> Router {
    Router::new()
        .route("/v1/hosts/{host}", get(host_lookup))
        .route("/v1/tenants", get(tenant_list))
        .route("/v1/tenants/{id}", get(tenant_config))
        .route("/v1/properties/{id}/availability", get(availability))
        .route("/v1/properties/{id}/calendar", get(calendar))
        .merge(pricing::router())
        .merge(reservations::router())
        .merge(payments::router())
        .merge(iam::router())
        .merge(hosted_page::router())
        .merge(policies::router())
        .merge(images::router())
        .layer(axum::middleware::from_fn_with_state(state.clone(), faults::inject))
        .merge(faults::admin_router())
        .merge(admin::router())
        .with_state(state)
}

pub(crate) fn problem(status: StatusCode, code: &str, detail: &str) -> Response {
    let body = UpstreamProblemDto {
        r#type: format!("https://demo.ghasi.example/problems/{code}"),
        title: status.canonical_reason().unwrap_or("Error").into(),
        status: status.as_u16(),
        detail: detail.into(),
        code: code.into(),
    };
    (status, [(axum::http::header::CONTENT_TYPE, "application/problem+json")], Json(body)).into_response()
}

async fn host_lookup(Path(host): Path<String>) -> Response {
    let host = host.to_ascii_lowercase();
    match seed::TENANTS.iter().find(|t| seed::tenant_config(t, t.locales[0]).hosts.contains(&host)) {
        Some(t) => Json(HostLookupDto { tenant: t.id.into() }).into_response(),
        None => problem(StatusCode::NOT_FOUND, "unknown-host", "no tenant serves this host"),
    }
}

async fn tenant_list() -> Json<TenantListDto> {
    Json(TenantListDto {
        tenants: seed::TENANTS
            .iter()
            .map(|t| TenantSummaryDto {
                id: t.id.into(),
                name: t.name.into(),
                hosts: seed::tenant_config(t, t.locales[0]).hosts,
            })
            .collect(),
    })
}

/// The language an answer about `tenant`'s hotels is written in, negotiated
/// from the request's `Accept-Language` (docs/upstreams.md §1).
fn language(tenant: &seed::SeedTenant, headers: &HeaderMap) -> Locale {
    tenant.language(headers.get(ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()))
}

/// The headers of an answer in `lang` that may be reused as `cache_control`
/// says, for requests in the same language.
fn answer_headers(lang: Locale, cache_control: String) -> [(axum::http::HeaderName, String); 3] {
    [(CONTENT_LANGUAGE, lang.to_string()), (CACHE_CONTROL, cache_control), (VARY, ACCEPT_LANGUAGE.to_string())]
}

async fn tenant_config(State(state): State<Arc<DemoState>>, Path(id): Path<String>, headers: HeaderMap) -> Response {
    let Some(t) = seed::TENANTS.iter().find(|t| t.id == id) else {
        return problem(StatusCode::NOT_FOUND, "unknown-tenant", "no such tenant");
    };
    let lang = language(t, &headers);
    // The hotels' terms and privacy notice, and their photos, are served by
    // this platform.
    let origin = format!("http://{}", state.addr);
    let dto = images::linked(policies::linked(seed::tenant_config(t, lang), &origin), &origin);
    ([(CONTENT_LANGUAGE, lang.to_string())], Json(dto)).into_response()
}

/// Who a stay is for, and at which prices.
struct Party<'a> {
    adults: u8,
    children: usize,
    rooms: u8,
    /// The most guests any one room sleeps: what a room type must sleep.
    largest_room: usize,
    promo: Option<&'a str>,
    member: bool,
}

/// The room types that sleep the party, each with its units left over `nights`
/// (the calendar minus active holds and bookings) and, when enough are left, its
/// priced rate plans.
#[allow(clippy::too_many_arguments)] // the stay, the party, the clock, the language and where photos are
fn offer(
    ledger: &ledger::Ledger,
    property: &seed::SeedProperty,
    today: Date,
    nights: &[Date],
    party: &Party<'_>,
    now: jiff::Timestamp,
    lang: Locale,
    photos_at: Option<&str>,
) -> Vec<RoomTypeDto> {
    let guests_per_room = party.largest_room;
    property
        .room_types
        .iter()
        .filter(|room| usize::from(room.max_occupancy) >= guests_per_room)
        .map(|room| {
            let units_left = ledger.free_units(property, room, today, nights, now);
            let plans = if units_left >= u32::from(party.rooms) {
                inventory::rate_plans(&inventory::PriceRequest {
                    property,
                    room,
                    nights,
                    adults: party.adults,
                    children: party.children,
                    rooms: party.rooms,
                    promo: party.promo,
                    member: party.member,
                    lang,
                })
            } else {
                Vec::new()
            };
            let mut dto = inventory::room_type_dto(room, units_left, plans, lang);
            if let Some(origin) = photos_at {
                dto.images = images::room_images(property.id, room.id, origin);
            }
            dto
        })
        .collect()
}

/// `GET /v1/properties/{id}/calendar`: a month (or two) of arrival dates in one
/// answer, each with its restrictions and the cheapest total for the stay.
async fn calendar(
    State(state): State<Arc<DemoState>>,
    Path(id): Path<String>,
    Query(q): Query<CalendarQuery>,
    headers: HeaderMap,
) -> Response {
    let Some(property) = seed::property(&id) else {
        return problem(StatusCode::NOT_FOUND, "unknown-property", "no such property");
    };
    let (Some(from), Some(to)) = (parse_iso_date(&q.from), parse_iso_date(&q.to)) else {
        return problem(StatusCode::BAD_REQUEST, "bad-dates", "from and to must be YYYY-MM-DD");
    };
    let days = days_between(from, to);
    if !(1..=CALENDAR_MAX_DAYS).contains(&days) || !(1..=30).contains(&q.nights) || q.rooms == 0 || q.adults == 0 {
        return problem(StatusCode::BAD_REQUEST, "bad-range", "1–62 days, 1–30 nights, at least one room and adult");
    }
    let rooms = match party::rooms_of_query(q.adults, &q.children, q.rooms, q.occupancy.as_deref()) {
        Ok(rooms) => rooms,
        Err(p) => return p.into_response(),
    };
    let party = Party {
        adults: q.adults,
        children: rooms.children().len(),
        rooms: q.rooms,
        largest_room: rooms.guests_per_room(),
        promo: None,
        member: false,
    };
    // No text in a calendar, but it is an answer in a language like any other.
    let lang = language(seed::tenant_of(property), &headers);
    let today = today_at(property.time_zone);
    let now = wire::now();
    let ledger = state.ledger();
    let days = from
        .series(jiff::Span::new().days(1))
        .take(days as usize)
        .map(|arrival| {
            let nights: Vec<Date> = arrival.series(jiff::Span::new().days(1)).take(q.nights as usize).collect();
            let from_total = offer(&ledger, property, today, &nights, &party, now, lang, None)
                .iter()
                .flat_map(|room| room.rate_plans.iter().map(|plan| plan.total))
                .min();
            CalendarDayDto {
                date: arrival.to_string(),
                restrictions: inventory::restrictions(today, arrival),
                from_total,
            }
        })
        .collect();
    let cache_control = match ledger.ttls.availability_max_age_secs {
        0 => "no-store".to_owned(),
        secs => format!("max-age={secs}"),
    };
    let dto =
        CalendarDto { property_id: property.id.into(), currency: property.currency.into(), nights: q.nights, days };
    (answer_headers(lang, cache_control), Json(dto)).into_response()
}

/// Today's date in a property's time zone.
pub(crate) fn today_at(time_zone: &str) -> Date {
    let tz = jiff::tz::TimeZone::get(time_zone).unwrap_or(jiff::tz::TimeZone::UTC);
    jiff::Timestamp::now().to_zoned(tz).date()
}

async fn availability(
    State(state): State<Arc<DemoState>>,
    Path(id): Path<String>,
    Query(q): Query<AvailabilityQuery>,
    headers: HeaderMap,
) -> Response {
    let Some(property) = seed::property(&id) else {
        return problem(StatusCode::NOT_FOUND, "unknown-property", "no such property");
    };
    let (Some(checkin), Some(checkout)) = (parse_iso_date(&q.checkin), parse_iso_date(&q.checkout)) else {
        return problem(StatusCode::BAD_REQUEST, "bad-dates", "checkin and checkout must be YYYY-MM-DD");
    };
    let nights_count = days_between(checkin, checkout);
    if !(1..=30).contains(&nights_count) || q.rooms == 0 || q.adults == 0 {
        return problem(StatusCode::BAD_REQUEST, "bad-stay", "1–30 nights, at least one room and adult");
    }
    let rooms = match party::rooms_of_query(q.adults, &q.children, q.rooms, q.occupancy.as_deref()) {
        Ok(rooms) => rooms,
        Err(p) => return p.into_response(),
    };
    let children = rooms.children().len();
    let today = today_at(property.time_zone);
    let nights: Vec<Date> = checkin.series(jiff::Span::new().days(1)).take(nights_count as usize).collect();
    let now = wire::now();
    let ledger = state.ledger();
    let cache_control = match ledger.ttls.availability_max_age_secs {
        0 => "no-store".to_owned(),
        secs => format!("max-age={secs}"),
    };

    let party = Party {
        adults: q.adults,
        children,
        rooms: q.rooms,
        largest_room: rooms.guests_per_room(),
        promo: q.promo.as_deref(),
        member: q.member.unwrap_or(false),
    };
    let lang = language(seed::tenant_of(property), &headers);
    let room_types =
        offer(&ledger, property, today, &nights, &party, now, lang, Some(&format!("http://{}", state.addr)));

    let dto = AvailabilityDto {
        property_id: property.id.into(),
        currency: property.currency.into(),
        checkin: checkin.to_string(),
        checkout: checkout.to_string(),
        nights: nights_count as u32,
        restrictions: inventory::restrictions(today, checkin),
        room_types,
        promo: q.promo.as_deref().filter(|p| !p.trim().is_empty()).map(inventory::promo_status),
    };
    (answer_headers(lang, cache_control), Json(dto)).into_response()
}
