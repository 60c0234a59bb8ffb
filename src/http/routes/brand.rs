//! The tenant's brand as files: its stylesheet of theme tokens, its icon (SVG,
//! and PNGs for home screens), and its web app manifest. Each is derived from
//! the validated theme tokens and the tenant's name, served under a name that
//! carries the stylesheet's hash (so a new theme is a new URL, cached forever),
//! except the two names browsers ask for on their own: `/favicon.ico` and
//! `/apple-touch-icon.png`.

use std::io::Write;
use std::sync::LazyLock;

use axum::body::Bytes;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, LOCATION};
use axum::response::{IntoResponse, Response};
use flate2::Compression;
use flate2::write::ZlibEncoder;

use crate::domain::tenant::{Colour, Tenant};
use crate::http::assets::IMMUTABLE;
use crate::http::context::Cx;
use crate::http::error::AppError;

/// Where the layout links the brand's files.
pub struct BrandLinks {
    pub stylesheet: String,
    pub icon: String,
    pub touch_icon: String,
    pub manifest: String,
}

impl BrandLinks {
    pub fn of(tenant: &Tenant) -> Self {
        let hash = &tenant.stylesheet_hash;
        Self {
            stylesheet: format!("/brand.{hash}.css"),
            icon: format!("/icon.{hash}.svg"),
            touch_icon: format!("/icon-180.{hash}.png"),
            manifest: format!("/manifest.{hash}.webmanifest"),
        }
    }
}

/// The brand's files by name: `brand.{hash}.css`, `icon.{hash}.svg`,
/// `icon-{180|512}.{hash}.png`, `manifest.{hash}.webmanifest`; a name with
/// another hash (an old theme) is a 404, so no cache keeps a stale brand.
pub async fn file(cx: Cx, Path(file): Path<String>) -> Result<Response, AppError> {
    let tenant = &cx.tenant;
    let links = BrandLinks::of(tenant);
    let (content_type, body): (&str, Bytes) = match format!("/{file}") {
        name if name == links.stylesheet => ("text/css; charset=utf-8", Bytes::from(tenant.stylesheet.clone())),
        name if name == links.icon => ("image/svg+xml", Bytes::from(icon_svg(tenant))),
        name if name == links.touch_icon => ("image/png", icon_png(tenant, 180)),
        name if name == format!("/icon-512.{}.png", tenant.stylesheet_hash) => ("image/png", icon_png(tenant, 512)),
        name if name == links.manifest => ("application/manifest+json", Bytes::from(manifest(tenant, &links))),
        _ => return Err(AppError::NotFound),
    };
    Ok(([(CONTENT_TYPE, content_type), (CACHE_CONTROL, IMMUTABLE)], body).into_response())
}

/// `GET /favicon.ico` and `GET /apple-touch-icon.png`, asked for by browsers
/// and crawlers that do not read the page: to the brand's current icon.
pub async fn well_known_icon(cx: Cx, uri: axum::http::Uri) -> Response {
    let links = BrandLinks::of(&cx.tenant);
    let to = if uri.path() == "/favicon.ico" { links.icon } else { links.touch_icon };
    (StatusCode::MOVED_PERMANENTLY, [(LOCATION, to), (CACHE_CONTROL, "public, max-age=3600".into())]).into_response()
}

/// A rounded square in the primary colour with the name's first letter. Only
/// an ASCII letter or digit is drawn, so nothing a tenant names can become markup.
fn icon_svg(tenant: &Tenant) -> String {
    let initial = tenant.name.chars().find(char::is_ascii_alphanumeric).map(|c| c.to_ascii_uppercase());
    let letter = initial.map_or_else(String::new, |c| {
        format!(
            "<text x=\"32\" y=\"44\" text-anchor=\"middle\" font-family=\"system-ui,sans-serif\" font-size=\"34\" \
             font-weight=\"700\" fill=\"{}\">{c}</text>",
            tenant.tokens.on_primary.css()
        )
    });
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 64 64\"><rect width=\"64\" height=\"64\" rx=\"{}\" \
         fill=\"{}\"/>{letter}</svg>",
        u16::from(tenant.tokens.radius_px).min(24) * 2 / 3,
        tenant.tokens.primary.css()
    )
}

/// A home-screen icon's fill, mark and size.
type IconKey = ([u8; 3], [u8; 3], u32);

/// Home-screen icons, drawn once per colour pair and size.
static PNGS: LazyLock<moka::sync::Cache<IconKey, Bytes>> = LazyLock::new(|| moka::sync::Cache::new(256));

fn icon_png(tenant: &Tenant, size: u32) -> Bytes {
    let (primary, mark) = (tenant.tokens.primary, tenant.tokens.on_primary);
    PNGS.get_with((primary.rgb(), mark.rgb(), size), || Bytes::from(draw_icon(primary, mark, size)))
}

/// A full-bleed square of `fill` (home screens round the corners themselves)
/// with a disc of `mark` in its middle, as an 8-bit RGB PNG.
fn draw_icon(fill: Colour, mark: Colour, size: u32) -> Vec<u8> {
    let centre = i64::from(size) / 2;
    let radius = i64::from(size) * 22 / 100;
    let mut raw = Vec::with_capacity((size as usize * 3 + 1) * size as usize);
    for y in 0..i64::from(size) {
        raw.push(0); // filter: none
        for x in 0..i64::from(size) {
            let (dx, dy) = (x - centre, y - centre);
            let colour = if dx * dx + dy * dy <= radius * radius { mark } else { fill };
            raw.extend_from_slice(&colour.rgb());
        }
    }
    let mut header = Vec::with_capacity(13);
    header.extend_from_slice(&size.to_be_bytes());
    header.extend_from_slice(&size.to_be_bytes());
    header.extend_from_slice(&[8, 2, 0, 0, 0]); // 8 bits, RGB, deflate, no filter, no interlace
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut png, b"IHDR", &header);
    chunk(&mut png, b"IDAT", &zlib(&raw));
    chunk(&mut png, b"IEND", &[]);
    png
}

fn zlib(raw: &[u8]) -> Vec<u8> {
    let mut encoder = ZlibEncoder::new(Vec::new(), Compression::best());
    // Writing to a Vec cannot fail.
    let _ = encoder.write_all(raw);
    encoder.finish().unwrap_or_default()
}

fn chunk(png: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    let length = u32::try_from(data.len()).unwrap_or(u32::MAX);
    png.extend_from_slice(&length.to_be_bytes());
    let mut crc = flate2::Crc::new();
    crc.update(kind);
    crc.update(data);
    png.extend_from_slice(kind);
    png.extend_from_slice(data);
    png.extend_from_slice(&crc.sum().to_be_bytes());
}

fn manifest(tenant: &Tenant, links: &BrandLinks) -> String {
    let manifest = serde_json::json!({
        "name": tenant.name,
        "short_name": tenant.name.chars().take(12).collect::<String>(),
        "description": tenant.tagline,
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "theme_color": tenant.tokens.primary.css(),
        "background_color": tenant.tokens.background.css(),
        "icons": [
            {"src": links.icon, "sizes": "any", "type": "image/svg+xml"},
            {"src": links.touch_icon, "sizes": "180x180", "type": "image/png"},
            {"src": format!("/icon-512.{}.png", tenant.stylesheet_hash), "sizes": "512x512", "type": "image/png", "purpose": "any maskable"},
        ],
    });
    manifest.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_png_is_well_formed() {
        let (fill, mark) = (Colour::parse("#1b4965").unwrap(), Colour::parse("#ffffff").unwrap());
        let png = draw_icon(fill, mark, 16);
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
        assert_eq!(&png[12..16], b"IHDR");
        assert_eq!(u32::from_be_bytes([png[16], png[17], png[18], png[19]]), 16);
        // IHDR's CRC, as every decoder checks it.
        let mut crc = flate2::Crc::new();
        crc.update(&png[12..29]);
        assert_eq!(&png[29..33], &crc.sum().to_be_bytes());
        assert!(png.ends_with(b"IEND\xaeB`\x82"));
    }
}
