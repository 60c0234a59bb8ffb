//! CSRF protection for forms and htmx: a double-submit token. Every page carries
//! the token of the browser's `csrf` cookie (set on the first response, no Redis
//! involved) in a hidden `_csrf` field of each form and in htmx's `X-CSRF-Token`
//! header; an unsafe request from a browser must present it. JSON requests are
//! exempt: they must be `application/json`, which no other site can send
//! cross-origin without a CORS preflight we never grant. Requests that no browser
//! made (no `Origin`, no `Sec-Fetch-*`) carry no victim's ambient authority, so
//! the token is checked for browsers only.
//!
//! A page never carries the token as it is: each response carries it masked
//! with fresh random bytes (`mask ‖ token ⊕ mask`, hex), as Django and Rails do.
//! Pages are compressed, and some reflect what the request said (a search's
//! fields); a constant secret beside reflected input in a compressed body is
//! what BREACH reads out byte by byte from the sizes of responses. A masked
//! token is different in every response, so the sizes say nothing about it.

use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::header::{CONTENT_TYPE, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue, Method};
use axum::response::{IntoResponse, Response};
use subtle::ConstantTimeEq;

use crate::http::edge::Inner;
use crate::http::error::AppError;

const TOKEN_BYTES: usize = 16;

/// The token of this request's browser as this response carries it (masked:
/// 64 hex digits), for templates; empty where the cookie's token did not
/// decode. Held inline and `Copy` (a page writes it into each of its forms,
/// a dozen on the draft page), and only ever hex digits, so askama writes it
/// as it is instead of escaping it each time ([`HtmlSafe`](askama::filters::HtmlSafe)).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct CsrfToken {
    hex: [u8; 4 * TOKEN_BYTES],
    len: u8,
}

impl CsrfToken {
    /// No token (a response the CSRF layer did not see).
    pub const NONE: Self = Self { hex: [0; 4 * TOKEN_BYTES], len: 0 };

    /// `bytes` as lower-case hex: the only way to make one, so it holds
    /// nothing but hex digits.
    fn hex_of(bytes: &[u8; 2 * TOKEN_BYTES]) -> Self {
        let mut token = Self::NONE;
        if hex::encode_to_slice(bytes, &mut token.hex).is_ok() {
            token.len = token.hex.len() as u8;
        }
        token
    }

    pub fn as_str(&self) -> &str {
        // Hex digits only (`hex_of`), so always UTF-8.
        std::str::from_utf8(&self.hex[..usize::from(self.len)]).unwrap_or_default()
    }
}

impl Default for CsrfToken {
    fn default() -> Self {
        Self::NONE
    }
}

/// Not printed: a page's token is as good as the cookie's for its browser.
impl std::fmt::Debug for CsrfToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CsrfToken(..)")
    }
}

impl std::fmt::Display for CsrfToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Hex digits need no escaping in HTML text or attributes.
impl askama::filters::HtmlSafe for CsrfToken {}

impl askama::FastWritable for CsrfToken {
    fn write_into(&self, dest: &mut dyn std::fmt::Write, _: &dyn askama::Values) -> askama::Result<()> {
        Ok(dest.write_str(self.as_str())?)
    }
}

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

/// The token masked with fresh random bytes: a different string each time,
/// every one of which [`presents_token`] accepts for the token.
fn masked(token: &str) -> CsrfToken {
    let mut raw = [0u8; TOKEN_BYTES];
    // The cookie's token is checked by `valid_shape`, or made here, so it decodes.
    if hex::decode_to_slice(token, &mut raw).is_err() {
        return CsrfToken::NONE;
    }
    let mask = rand::random::<[u8; TOKEN_BYTES]>();
    let mut out = [0u8; 2 * TOKEN_BYTES];
    out[..TOKEN_BYTES].copy_from_slice(&mask);
    for (i, (t, m)) in raw.iter().zip(mask).enumerate() {
        out[TOKEN_BYTES + i] = t ^ m;
    }
    CsrfToken::hex_of(&out)
}

/// Whether what a request presents is the browser's token: masked, as a page
/// carries it, or as it is (what a client that reads the cookie sends).
fn presents_token(presented: &str, token: &str) -> bool {
    let mut expected = [0u8; TOKEN_BYTES];
    if hex::decode_to_slice(token, &mut expected).is_err() {
        return false;
    }
    let mut got = [0u8; TOKEN_BYTES];
    match presented.len() {
        32 => {
            if hex::decode_to_slice(presented, &mut got).is_err() {
                return false;
            }
        }
        64 => {
            let mut both = [0u8; 2 * TOKEN_BYTES];
            if hex::decode_to_slice(presented, &mut both).is_err() {
                return false;
            }
            for (i, g) in got.iter_mut().enumerate() {
                *g = both[i] ^ both[TOKEN_BYTES + i];
            }
        }
        _ => return false,
    }
    bool::from(got.ct_eq(&expected))
}

pub async fn protect(secure: bool, req: Request, next: impl Inner) -> Response {
    let name = cookie_name(secure);
    let existing =
        crate::http::context::cookie_value(req.headers(), name).filter(|t| valid_shape(t)).map(str::to_owned);
    let (token, fresh) = match existing {
        Some(t) => (t, false),
        None => (hex::encode(rand::random::<[u8; TOKEN_BYTES]>()), true),
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
            presents_token(&h, &token)
        } else {
            let (parts, body) = req.into_parts();
            // Boxed: only a form's POST reads its body here (see guard.rs).
            let Ok(bytes) = Box::pin(to_bytes(body, BODY_LIMIT)).await else {
                return AppError::PayloadTooLarge.into_response();
            };
            let field = serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes)
                .ok()
                .and_then(|pairs| pairs.into_iter().find(|(k, _)| k == FIELD).map(|(_, v)| v));
            req = Request::from_parts(parts, Body::from(bytes));
            field.is_some_and(|f| presents_token(&f, &token))
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

    req.extensions_mut().insert(masked(&token));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_masking_differs_and_each_presents_the_token() {
        let token = hex::encode(rand::random::<[u8; TOKEN_BYTES]>());
        let seen: std::collections::HashSet<String> = (0..64).map(|_| masked(&token).to_string()).collect();
        assert_eq!(seen.len(), 64, "a fresh mask each time");
        for m in &seen {
            assert_eq!(m.len(), 64);
            assert!(!m.contains(&token));
            assert!(presents_token(m, &token));
        }
        assert!(presents_token(&token, &token), "the cookie's own value");
    }

    #[test]
    fn a_token_that_does_not_decode_is_carried_as_nothing_and_never_printed() {
        assert_eq!(masked("not hex").as_str(), "");
        let token = masked(&hex::encode(rand::random::<[u8; TOKEN_BYTES]>()));
        assert!(token.as_str().bytes().all(|b| b.is_ascii_hexdigit()));
        assert_eq!(format!("{token:?}"), "CsrfToken(..)");
    }

    #[test]
    fn a_masking_of_another_token_or_junk_does_not_present_it() {
        let token = hex::encode(rand::random::<[u8; TOKEN_BYTES]>());
        let other = hex::encode(rand::random::<[u8; TOKEN_BYTES]>());
        assert!(!presents_token(masked(&other).as_str(), &token));
        assert!(!presents_token(&other, &token));
        for junk in ["", "zz", &"g".repeat(64), &"0".repeat(63), &"0".repeat(65), "é".repeat(32).as_str()] {
            assert!(!presents_token(junk, &token), "{junk:?}");
        }
    }
}
