//! Request bodies: one extractor that reads a form or JSON into the same type,
//! and the draft version a mutation was based on (`If-Match` for JSON, the
//! hidden `version` field for forms).

use axum::extract::{FromRequest, Request};
use axum::http::header::CONTENT_TYPE;
use serde::de::DeserializeOwned;

use crate::http::error::AppError;
use crate::i18n::Msg;

/// A body from a form or from JSON; anything else is a 415.
pub struct Input<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Input<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let content_type = req.headers().get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
        let bytes = axum::body::Bytes::from_request(req, state).await.map_err(|_| {
            AppError::bad_request(Msg::new("error-unreadable-body-title"), Msg::new("error-unreadable-body-detail"))
        })?;
        let mime = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
        match mime.as_str() {
            "application/json" => serde_json::from_slice(&bytes).map(Input).map_err(|e| {
                AppError::bad_request(
                    Msg::new("error-malformed-json-title"),
                    Msg::new("error-malformed-json-detail").text("error", e.to_string()),
                )
            }),
            "application/x-www-form-urlencoded" | "" if !bytes.is_empty() || mime.is_empty() => {
                serde_urlencoded::from_bytes(&bytes).map(Input).map_err(|_| {
                    AppError::bad_request(
                        Msg::new("error-malformed-form-title"),
                        Msg::new("error-malformed-form-detail"),
                    )
                })
            }
            _ => Err(AppError::UnsupportedMediaType),
        }
    }
}

/// `If-Match: "7"` (or `W/"7"`) → 7.
pub fn if_match_version(headers: &axum::http::HeaderMap) -> Option<u64> {
    let raw = headers.get(axum::http::header::IF_MATCH)?.to_str().ok()?.trim();
    let raw = raw.strip_prefix("W/").unwrap_or(raw);
    raw.trim_matches('"').parse().ok()
}

/// Where a form may send the guest back to: a path on this site (with its
/// query), or `/`. Never another origin (`//evil.example`, `/\\evil`), never
/// anything a header could be split with.
pub fn return_path(raw: Option<&str>) -> String {
    let Some(raw) = raw.map(str::trim) else { return "/".into() };
    let local = raw.starts_with('/')
        && !raw.starts_with("//")
        && raw.len() <= 1024
        && raw.bytes().all(|b| b.is_ascii_graphic() && b != b'\\');
    if local { raw.to_owned() } else { "/".into() }
}

#[cfg(test)]
mod tests {
    use super::return_path;

    #[test]
    fn return_paths_stay_on_this_site() {
        assert_eq!(return_path(Some("/search?checkin=2026-12-01&adults=2")), "/search?checkin=2026-12-01&adults=2");
        assert_eq!(return_path(Some("/properties/aurora-lisbon")), "/properties/aurora-lisbon");
        for bad in
            ["", "https://evil.example/", "//evil.example", "/\\evil.example", "/a\r\nSet-Cookie: x=1", "javascript:x"]
        {
            assert_eq!(return_path(Some(bad)), "/", "{bad:?}");
        }
        assert_eq!(return_path(None), "/");
    }
}
