//! CSRF protection for forms and htmx: a double-submit token. Every page carries
//! the token of the browser's `csrf` cookie (set on the first response, no Redis
//! involved) in a hidden `_csrf` field of each form and in htmx's `X-CSRF-Token`
//! header; an unsafe request from a browser must present it. JSON requests are
//! exempt: they must be `application/json`, which no other site can send
//! cross-origin without a CORS preflight we never grant. Requests that no browser
//! made (no `Origin`, no `Sec-Fetch-*`) carry no victim's ambient authority, so
//! the token is checked for browsers only.

use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::header::{CONTENT_TYPE, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use subtle::ConstantTimeEq;

use crate::http::error::AppError;

/// The token of this request's browser, for templates.
#[derive(Debug, Clone)]
pub struct CsrfToken(pub String);

pub const FIELD: &str = "_csrf";
pub const HEADER: &str = "x-csrf-token";
const BODY_LIMIT: usize = 64 * 1024;

fn cookie_name(secure: bool) -> &'static str {
    if secure { "__Host-csrf" } else { "csrf" }
}

fn valid_shape(token: &str) -> bool {
    token.len() == 32 && token.bytes().all(|b| b.is_ascii_hexdigit())
}

fn is_browser(headers: &HeaderMap) -> bool {
    headers.contains_key("origin") || headers.contains_key("sec-fetch-site") || headers.contains_key("sec-fetch-mode")
}

fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

pub async fn protect(secure: bool, req: Request, next: Next) -> Response {
    let name = cookie_name(secure);
    let existing =
        crate::http::context::cookie_value(req.headers(), name).filter(|t| valid_shape(t)).map(str::to_owned);
    let (token, fresh) = match existing {
        Some(t) => (t, false),
        None => (hex::encode(rand::random::<[u8; 16]>()), true),
    };

    let unsafe_method = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let json = req
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.trim_start().starts_with("application/json"));
    let mut req = req;
    if unsafe_method && !json && is_browser(req.headers()) {
        let presented_header = req.headers().get(HEADER).and_then(|v| v.to_str().ok()).map(str::to_owned);
        let ok = if fresh {
            false
        } else if let Some(h) = presented_header {
            same(&h, &token)
        } else {
            let (parts, body) = req.into_parts();
            let Ok(bytes) = to_bytes(body, BODY_LIMIT).await else {
                return AppError::PayloadTooLarge.into_response();
            };
            let field = serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes)
                .ok()
                .and_then(|pairs| pairs.into_iter().find(|(k, _)| k == FIELD).map(|(_, v)| v));
            req = Request::from_parts(parts, Body::from(bytes));
            field.is_some_and(|f| same(&f, &token))
        };
        if !ok {
            metrics::counter!("csrf_rejected_total").increment(1);
            let mut res = AppError::Forbidden(crate::i18n::Msg::new("error-forbidden-csrf")).into_response();
            if fresh {
                set_cookie(&mut res, name, &token, secure);
            }
            return res;
        }
    }

    req.extensions_mut().insert(CsrfToken(token.clone()));
    let mut res = next.run(req).await;
    if fresh {
        set_cookie(&mut res, name, &token, secure);
    }
    res
}

fn set_cookie(res: &mut Response, name: &str, token: &str, secure: bool) {
    let secure = if secure { "; Secure" } else { "" };
    if let Ok(v) = HeaderValue::from_str(&format!("{name}={token}; Path=/; HttpOnly; SameSite=Lax{secure}")) {
        res.headers_mut().append(SET_COOKIE, v);
    }
}
