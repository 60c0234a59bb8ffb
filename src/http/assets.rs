//! Static assets, embedded in the binary and served under content-hashed names
//! with year-long immutable caching. Nothing is read from disk per request, so
//! there is no path to traverse.

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

use super::AppState;
use super::error::AppError;
use crate::tenancy::short_hash;

pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";

struct Asset {
    bytes: &'static [u8],
    content_type: &'static str,
}

/// The embedded files by their hashed public name, and the public name of each.
pub struct Assets {
    by_public_name: HashMap<String, Asset>,
    pub htmx: String,
    pub app_css: String,
    pub app_js: String,
    /// Forwards the analytics data block to `window.dataLayer` (consented pages only).
    pub analytics_js: String,
    pub harbor_css: String,
    pub timber_css: String,
}

impl Assets {
    pub fn embedded() -> Self {
        let mut by_public_name = HashMap::new();
        let mut add = |stem: &str, ext: &str, bytes: &'static [u8], content_type: &'static str| {
            let name = format!("{stem}.{}.{ext}", short_hash(bytes));
            by_public_name.insert(name.clone(), Asset { bytes, content_type });
            format!("/static/{name}")
        };
        let js = "text/javascript; charset=utf-8";
        let css = "text/css; charset=utf-8";
        let htmx = add("htmx-2.0.11", "js", include_bytes!("../../static/vendor/htmx-2.0.11.min.js"), js);
        let app_css = add("app", "css", include_bytes!("../../static/app.css"), css);
        let app_js = add("app", "js", include_bytes!("../../static/app.js"), js);
        let analytics_js = add("analytics", "js", include_bytes!("../../static/analytics.js"), js);
        let harbor_css = add("harbor", "css", include_bytes!("../../static/themes/harbor.css"), css);
        let timber_css = add("timber", "css", include_bytes!("../../static/themes/timber.css"), css);
        Self { by_public_name, htmx, app_css, app_js, analytics_js, harbor_css, timber_css }
    }
}

pub async fn serve(State(state): State<Arc<AppState>>, Path(name): Path<String>) -> Result<Response, AppError> {
    let asset = state.assets.by_public_name.get(&name).ok_or(AppError::NotFound)?;
    Ok(([(CONTENT_TYPE, asset.content_type), (CACHE_CONTROL, IMMUTABLE)], asset.bytes).into_response())
}
