//! The index of the demo sites on the API host (`http://localhost:8080/`), in
//! demo mode only: a layer the router adds when the embedded demo platform
//! serves the upstreams, in front of tenant resolution. Request code past it
//! knows nothing of the demo.

use std::sync::Arc;

use askama::Template;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::http::AppState;
use crate::http::context::accepted_locale;
use crate::http::error::AppError;
use crate::http::negotiate::{Repr, respond};
use crate::i18n::Tr;
use crate::tenancy::request_host;
use crate::upstream::RequestContext;

/// Where the demo's e-mails are opened: `GET /demo/mail/{file}` on the API host.
const MAIL_PATH: &str = "/demo/mail/";

/// `GET /` on an API host without `X-Tenant-Id`: the list of demo sites (and
/// the e-mails sent, when they go to files); `GET /demo/mail/{file}` opens one.
/// Any other request goes on to the site.
pub async fn on_api_host(State(state): State<Arc<AppState>>, req: Request, next: Next) -> Response {
    let host = request_host(req.headers(), req.uri());
    let on_api_host =
        !req.headers().contains_key("x-tenant-id") && host.is_some_and(|h| state.settings.api_hosts.contains(&h));
    if on_api_host && req.method() == axum::http::Method::GET {
        if let Some(name) = req.uri().path().strip_prefix(MAIL_PATH) {
            return demo_mail(&state, name).await;
        }
    }
    if !(on_api_host && req.uri().path() == "/") {
        return next.run(req).await;
    }
    let ctx = req.extensions().get::<RequestContext>().cloned().unwrap_or_else(RequestContext::background);
    let t = Tr::new(accepted_locale(req.headers()));
    demo_index(&state, &ctx, Repr::from_headers(req.headers()), t).await
}

#[derive(serde::Serialize)]
struct DemoIndex {
    tenants: Vec<DemoIndexEntry>,
    /// The e-mails written to `MAIL_DIR` (no `SMTP_URL`), newest first.
    mails: Vec<DemoMail>,
}

#[derive(serde::Serialize)]
struct DemoMail {
    name: String,
    /// The raw message (`.eml`, shown as text).
    eml_url: String,
    /// Its HTML part, as the guest's mail client would show it.
    html_url: String,
}

/// One e-mail file of `MAIL_DIR`, by its exact name: only names the file sink
/// writes (`[A-Za-z0-9-]+.eml|.html`) are looked up, so no path can leave the
/// directory. The HTML part is served under a CSP that runs nothing and loads
/// nothing (inline styles only), as a mail client would.
async fn demo_mail(state: &AppState, name: &str) -> Response {
    use axum::http::header::{CONTENT_SECURITY_POLICY, CONTENT_TYPE};
    if state.settings.smtp_url.is_some() || !crate::mail::transport::is_mail_file(name) {
        return AppError::NotFound.into_response();
    }
    let Ok(bytes) = tokio::fs::read(state.settings.mail_dir.join(name)).await else {
        return AppError::NotFound.into_response();
    };
    let content_type = if name.ends_with(".html") { "text/html; charset=utf-8" } else { "text/plain; charset=utf-8" };
    (
        StatusCode::OK,
        [
            (CONTENT_TYPE, content_type),
            (CONTENT_SECURITY_POLICY, "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox"),
        ],
        bytes,
    )
        .into_response()
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
        mails: if state.settings.smtp_url.is_some() {
            Vec::new()
        } else {
            crate::mail::transport::list_eml(&state.settings.mail_dir)
                .into_iter()
                .take(50)
                .map(|eml| {
                    let stem = eml.trim_end_matches(".eml");
                    DemoMail {
                        eml_url: format!("{MAIL_PATH}{eml}"),
                        html_url: format!("{MAIL_PATH}{stem}.html"),
                        name: eml.clone(),
                    }
                })
                .collect()
        },
    };
    let page = || DemoIndexPage { t, view: &view }.render();
    respond(repr, StatusCode::OK, &view, page, page)
}
