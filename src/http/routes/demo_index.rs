//! The index of the demo sites on the API host (`http://localhost:8080/`), in
//! demo mode only: a layer the router adds when the embedded demo platform
//! serves the upstreams, in front of tenant resolution. Request code past it
//! knows nothing of the demo.

use std::sync::Arc;

use askama::Template;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::http::header::HOST;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::http::AppState;
use crate::http::context::accepted_locale;
use crate::http::error::AppError;
use crate::http::negotiate::{Repr, respond};
use crate::i18n::Tr;
use crate::tenancy::normalise_host;
use crate::upstream::RequestContext;

/// `GET /` on an API host without `X-Tenant-Id`: the list of demo sites; any
/// other request goes on to the site.
pub async fn on_api_host(State(state): State<Arc<AppState>>, req: Request, next: Next) -> Response {
    let host = req.headers().get(HOST).and_then(|v| v.to_str().ok()).and_then(normalise_host);
    let is_index = req.uri().path() == "/"
        && !req.headers().contains_key("x-tenant-id")
        && host.is_some_and(|h| state.settings.api_hosts.contains(&h));
    if !is_index {
        return next.run(req).await;
    }
    let ctx = req.extensions().get::<RequestContext>().cloned().unwrap_or_else(RequestContext::background);
    let t = Tr::new(accepted_locale(req.headers()));
    demo_index(&state, &ctx, Repr::from_headers(req.headers()), t).await
}

#[derive(serde::Serialize)]
struct DemoIndex {
    tenants: Vec<DemoIndexEntry>,
}

#[derive(serde::Serialize)]
struct DemoIndexEntry {
    id: String,
    name: String,
    url: String,
}

#[derive(Template)]
#[template(path = "pages/demo_index.html")]
struct DemoIndexPage<'a> {
    t: Tr,
    view: &'a DemoIndex,
}

/// Bare `localhost` in demo mode: a list of the demo tenant sites.
async fn demo_index(state: &AppState, ctx: &RequestContext, repr: Repr, t: Tr) -> Response {
    let tenants = match state.directory.list(ctx).await {
        Ok(t) => t,
        Err(e) => return AppError::Upstream(e).into_response(),
    };
    let port = state.public_port();
    let view = DemoIndex {
        tenants: tenants
            .into_iter()
            .filter_map(|t| {
                let host = t.hosts.into_iter().find(|h| h.ends_with(".localhost"))?;
                Some(DemoIndexEntry { id: t.id, name: t.name, url: format!("http://{host}:{port}/") })
            })
            .collect(),
    };
    let page = || DemoIndexPage { t, view: &view }.render();
    respond(repr, StatusCode::OK, &view, page, page)
}
