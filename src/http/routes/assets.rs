//! Static assets, embedded in the binary and served under content-hashed names
//! with year-long immutable caching. Nothing is read from disk per request, so
//! there is no path to traverse.
//!
//! Each asset is compressed once per process, at the best brotli and gzip
//! levels, the first time a client asks for that encoding (on a blocking
//! thread), and served from memory after that: htmx alone would otherwise cost
//! a dynamic compression per page view.

use std::collections::HashMap;
use std::io::Write;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::header::{ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_TYPE, VARY};
use axum::http::{HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use tokio::sync::OnceCell;

use crate::domain::tenant::ThemeName;
use crate::http::AppState;
use crate::http::edge::theme::THEMES;
use crate::http::error::AppError;
use crate::tenancy::short_hash;

pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";

struct Asset {
    bytes: &'static [u8],
    content_type: &'static str,
    br: OnceCell<Bytes>,
    gzip: OnceCell<Bytes>,
}

/// The embedded files by their hashed public name, and the public name of each.
pub struct Assets {
    by_public_name: HashMap<String, Arc<Asset>>,
    pub htmx: String,
    pub app_css: String,
    pub app_js: String,
    /// Forwards the analytics data block to `window.dataLayer` (consented pages only).
    pub analytics_js: String,
    /// Each theme's stylesheet, in [`ThemeName::ALL`]'s order.
    theme_css: Vec<String>,
}

impl Assets {
    pub fn embedded() -> Self {
        let mut by_public_name = HashMap::new();
        let mut add = |stem: &str, ext: &str, bytes: &'static [u8], content_type: &'static str| {
            let name = format!("{stem}.{}.{ext}", short_hash(bytes));
            let asset = Asset { bytes, content_type, br: OnceCell::new(), gzip: OnceCell::new() };
            by_public_name.insert(name.clone(), Arc::new(asset));
            format!("/static/{name}")
        };
        let js = "text/javascript; charset=utf-8";
        let css = "text/css; charset=utf-8";
        let htmx = add("htmx-2.0.11", "js", include_bytes!("../../../static/vendor/htmx-2.0.11.min.js"), js);
        let app_css = add("app", "css", include_bytes!("../../../static/app.css"), css);
        let app_js = add("app", "js", include_bytes!("../../../static/app.js"), js);
        let analytics_js = add("analytics", "js", include_bytes!("../../../static/analytics.js"), js);
        let theme_css = THEMES.iter().map(|theme| add(theme.name.as_str(), "css", theme.css, css)).collect();
        Self { by_public_name, htmx, app_css, app_js, analytics_js, theme_css }
    }

    /// The public name of a theme's stylesheet.
    pub fn theme_css(&self, theme: ThemeName) -> &str {
        &self.theme_css[theme.index()]
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Brotli,
    Gzip,
    Identity,
}

/// The client's preferred encoding among brotli and gzip (brotli on a tie).
fn preferred(headers: &HeaderMap) -> Encoding {
    let (mut br, mut gzip) = (0.0_f32, 0.0_f32);
    for value in headers.get_all(ACCEPT_ENCODING).iter().filter_map(|v| v.to_str().ok()) {
        for item in value.split(',') {
            let mut parts = item.split(';');
            let name = parts.next().unwrap_or("").trim();
            let q =
                parts.find_map(|p| p.trim().strip_prefix("q=")).map_or(1.0, |q| q.trim().parse::<f32>().unwrap_or(0.0));
            if name.eq_ignore_ascii_case("br") {
                br = br.max(q);
            } else if name.eq_ignore_ascii_case("gzip") {
                gzip = gzip.max(q);
            }
        }
    }
    if br > 0.0 && br >= gzip {
        Encoding::Brotli
    } else if gzip > 0.0 {
        Encoding::Gzip
    } else {
        Encoding::Identity
    }
}

fn brotli_best(bytes: &[u8]) -> Vec<u8> {
    let params = brotli::enc::BrotliEncoderParams { quality: 11, size_hint: bytes.len(), ..Default::default() };
    let mut out = Vec::with_capacity(bytes.len() / 3);
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).expect("compressing into memory cannot fail");
    out
}

fn gzip_best(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::with_capacity(bytes.len() / 3), flate2::Compression::best());
    encoder.write_all(bytes).expect("compressing into memory cannot fail");
    encoder.finish().expect("compressing into memory cannot fail")
}

/// Compresses an asset's bytes.
type Compressor = fn(&[u8]) -> Vec<u8>;

/// The asset in `encoding`, compressed on a blocking thread the first time.
async fn encoded(asset: &Arc<Asset>, encoding: Encoding) -> Result<Bytes, AppError> {
    let (cell, compress): (&OnceCell<Bytes>, Compressor) = match encoding {
        Encoding::Identity => return Ok(Bytes::from_static(asset.bytes)),
        Encoding::Brotli => (&asset.br, brotli_best),
        Encoding::Gzip => (&asset.gzip, gzip_best),
    };
    let bytes = asset.bytes;
    cell.get_or_try_init(|| async move {
        tokio::task::spawn_blocking(move || Bytes::from(compress(bytes)))
            .await
            .map_err(|e| AppError::Internal(format!("compressing a static asset: {e}")))
    })
    .await
    .cloned()
}

pub async fn serve(
    State(state): State<Arc<AppState>>,
    Path(name): Path<String>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let asset = state.assets.by_public_name.get(&name).ok_or(AppError::NotFound)?;
    let encoding = preferred(&headers);
    let body = encoded(asset, encoding).await?;
    let mut res = ([(CONTENT_TYPE, asset.content_type), (CACHE_CONTROL, IMMUTABLE)], body).into_response();
    let headers = res.headers_mut();
    headers.insert(VARY, HeaderValue::from_static("Accept-Encoding"));
    match encoding {
        Encoding::Brotli => drop(headers.insert(CONTENT_ENCODING, HeaderValue::from_static("br"))),
        Encoding::Gzip => drop(headers.insert(CONTENT_ENCODING, HeaderValue::from_static("gzip"))),
        Encoding::Identity => {}
    }
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accept(value: &'static str) -> Encoding {
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT_ENCODING, HeaderValue::from_static(value));
        preferred(&headers)
    }

    #[test]
    fn picks_the_encoding_the_client_prefers() {
        assert_eq!(preferred(&HeaderMap::new()), Encoding::Identity);
        assert_eq!(accept("gzip, deflate, br, zstd"), Encoding::Brotli);
        assert_eq!(accept("gzip"), Encoding::Gzip);
        assert_eq!(accept("br;q=0.5, gzip"), Encoding::Gzip);
        assert_eq!(accept("br;q=0, gzip;q=0"), Encoding::Identity);
        assert_eq!(accept("deflate"), Encoding::Identity);
        assert_eq!(accept("BR"), Encoding::Brotli);
    }

    #[test]
    fn precompressed_assets_decode_to_the_original() {
        let original = include_bytes!("../../../static/app.css");
        let mut decoded = Vec::new();
        brotli::BrotliDecompress(&mut &brotli_best(original)[..], &mut decoded).unwrap();
        assert_eq!(decoded, original);
        let mut decoded = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&gzip_best(original)[..]), &mut decoded).unwrap();
        assert_eq!(decoded, original);
    }
}
