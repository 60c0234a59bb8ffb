//! One negotiation mechanism for every route: a full page, an htmx fragment, or
//! JSON, from the same view-model. Every response says it varies on both headers.

use axum::extract::FromRequestParts;
use axum::http::header::{ACCEPT, CONTENT_TYPE, VARY};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Renders `template` into a buffer sized from what this call site rendered
/// before (`last`, kept per template), so a page is written without growing
/// its buffer again and again: askama's own size hint counts the template's
/// literal text only, and a results page grew its buffer about ten times.
pub fn render_sized<T: askama::Template>(template: &T, last: &AtomicUsize) -> askama::Result<String> {
    let hint = last.load(Ordering::Relaxed).max(T::SIZE_HINT);
    let mut buf = String::with_capacity(hint);
    template.render_into(&mut buf)?;
    // A little headroom over the largest page seen, within reason.
    let seen = (buf.len() + buf.len() / 8).min(MAX_HINT);
    if seen > hint {
        last.store(seen, Ordering::Relaxed);
    }
    Ok(buf)
}

/// No page is pre-sized beyond this (a rare huge page grows as it needs).
const MAX_HINT: usize = 64 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Repr {
    /// A full HTML page (also the answer to an htmx history restore).
    Page,
    /// The partial alone, for htmx to swap in.
    Fragment,
    Json,
}

impl Repr {
    pub fn from_headers(headers: &HeaderMap) -> Self {
        let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or("");
        if wants_json(header(ACCEPT.as_str())) {
            Repr::Json
        } else if header("hx-request") == "true" && header("hx-history-restore-request") != "true" {
            Repr::Fragment
        } else {
            Repr::Page
        }
    }
}

/// JSON when the client asks for it before (or instead of) HTML: the first of
/// the two in the list wins. One pass over the media ranges, no substring search.
fn wants_json(accept: &str) -> bool {
    for range in accept.split(',') {
        let media = range.split(';').next().unwrap_or("").trim();
        if media.eq_ignore_ascii_case("text/html") {
            return false;
        }
        if media.eq_ignore_ascii_case("application/json") || media.eq_ignore_ascii_case("application/problem+json") {
            return true;
        }
    }
    false
}

impl<S: Send + Sync> FromRequestParts<S> for Repr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Repr::from_headers(&parts.headers))
    }
}

/// What a response depends on besides the URL: the representation asked for,
/// and the language (`Accept-Language`; the `lang` cookie is per browser, like
/// the CSRF token every page carries, so no shared cache may keep a page).
pub const VARY_VALUE: HeaderValue = HeaderValue::from_static("Accept, HX-Request, Accept-Language");

/// Renders `view` in the representation asked for. `page` and `fragment` render
/// the HTML forms lazily, so a JSON request never touches a template.
pub fn respond<V: Serialize>(
    repr: Repr,
    status: StatusCode,
    view: &V,
    page: impl FnOnce() -> askama::Result<String>,
    fragment: impl FnOnce() -> askama::Result<String>,
) -> Response {
    let rendered = match repr {
        Repr::Json => match serde_json::to_vec(view) {
            Ok(body) => Ok((body, "application/json")),
            Err(e) => Err(e.to_string()),
        },
        Repr::Page => page().map(|b| (b.into_bytes(), "text/html; charset=utf-8")).map_err(|e| e.to_string()),
        Repr::Fragment => fragment().map(|b| (b.into_bytes(), "text/html; charset=utf-8")).map_err(|e| e.to_string()),
    };
    match rendered {
        Ok((body, content_type)) => {
            let mut res = (status, [(CONTENT_TYPE, HeaderValue::from_static(content_type))], body).into_response();
            res.headers_mut().insert(VARY, VARY_VALUE);
            res
        }
        Err(e) => crate::http::error::AppError::Internal(format!("rendering failed: {e}")).into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repr(pairs: &[(&'static str, &'static str)]) -> Repr {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        Repr::from_headers(&h)
    }

    #[test]
    fn negotiates() {
        assert_eq!(repr(&[]), Repr::Page);
        assert_eq!(repr(&[("accept", "text/html,application/xhtml+xml,*/*;q=0.8")]), Repr::Page);
        assert_eq!(repr(&[("accept", "application/json")]), Repr::Json);
        assert_eq!(repr(&[("hx-request", "true")]), Repr::Fragment);
        assert_eq!(repr(&[("hx-request", "true"), ("hx-history-restore-request", "true")]), Repr::Page);
        assert_eq!(repr(&[("accept", "application/json"), ("hx-request", "true")]), Repr::Json);
        assert_eq!(repr(&[("accept", "application/problem+json")]), Repr::Json);
        assert_eq!(repr(&[("accept", "text/html;q=0.9, application/json")]), Repr::Page);
        assert_eq!(repr(&[("accept", "application/json;q=0.9, text/html")]), Repr::Json);
        assert_eq!(repr(&[("accept", "*/*")]), Repr::Page);
    }
}
