//! The demo hotels' terms and privacy notice: plain pages the demo platform
//! serves at `/tenants/{id}/terms` and `/tenants/{id}/privacy`, which each
//! tenant's configuration links to (`policies.termsUrl`, `policies.privacyUrl`)
//! so that the guest has something real to read before accepting them.

use std::sync::Arc;

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;

use super::DemoState;
use super::seed::{self, SeedTenant};
use crate::upstream::contract::TenantConfigDto;

pub fn router() -> Router<Arc<DemoState>> {
    Router::new().route("/tenants/{id}/terms", get(terms)).route("/tenants/{id}/privacy", get(privacy))
}

/// `dto` with its policy links pointing at this platform's pages.
pub fn linked(mut dto: TenantConfigDto, origin: &str) -> TenantConfigDto {
    dto.policies.terms_url = Some(format!("{origin}/tenants/{}/terms", dto.id));
    dto.policies.privacy_url = Some(format!("{origin}/tenants/{}/privacy", dto.id));
    dto
}

#[derive(Template)]
#[template(path = "demo/policy.html")]
struct PolicyPage<'a> {
    title: &'a str,
    hotel: &'a str,
    paragraphs: Vec<String>,
}

fn page(id: &str, title: &str, paragraphs: impl FnOnce(&SeedTenant) -> Vec<String>) -> Response {
    let Some(tenant) = seed::TENANTS.iter().find(|t| t.id == id) else {
        return super::problem(StatusCode::NOT_FOUND, "unknown-tenant", "no such tenant");
    };
    let page = PolicyPage { title, hotel: tenant.name, paragraphs: paragraphs(tenant) };
    match page.render() {
        Ok(html) => ([(header::CACHE_CONTROL, "public, max-age=300")], Html(html)).into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

async fn terms(State(_): State<Arc<DemoState>>, Path(id): Path<String>) -> Response {
    page(&id, "Terms of stay", |t| {
        vec![
            format!("These are the terms on which {} welcomes its guests. They are a demo, not a contract.", t.name),
            "Each rate shows its own cancellation terms before you book, and those terms are part of your booking."
                .into(),
            "Check-in is from 15:00 and check-out until 11:00. Tell us when you expect to arrive and we will have \
             your room ready."
                .into(),
            "Please treat the rooms and other guests with care; damage beyond normal wear may be charged.".into(),
        ]
    })
}

async fn privacy(State(_): State<Arc<DemoState>>, Path(id): Path<String>) -> Response {
    page(&id, "Privacy notice", |t| {
        vec![
            format!("{} uses your name and contact details to take and manage your booking.", t.name),
            "Your card is handled by our payment partner; we never see its number.".into(),
            "We measure how the booking site is used only if you accept analytics cookies, and you can change \
             that at any time from the site's footer."
                .into(),
            "This is a demo notice: no real data is kept.".into(),
        ]
    })
}
