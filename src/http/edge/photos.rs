//! Photos as a page and the app show them: each with its `srcset`, intrinsic
//! size and text alternative in the guest's language (else the tenant's
//! default one), and only from the tenant's image origins — the origins its
//! Content-Security-Policy allows (`http::csp_for`).

use std::collections::HashSet;
use std::sync::{Mutex, OnceLock};

use serde::Serialize;

use crate::domain::image::Image;
use crate::domain::msg::Locale;
use crate::domain::tenant::Tenant;

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ImageView {
    /// The largest variant: what a client that picks no width loads.
    pub src: String,
    /// The same picture at each width, ascending.
    pub variants: Vec<ImageVariantView>,
    /// Intrinsic width and height in pixels (the aspect ratio to reserve).
    pub width: u32,
    pub height: u32,
    /// The text alternative in the guest's language, else in the tenant's default language.
    pub alt: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ImageVariantView {
    pub url: String,
    pub width: u32,
}

impl ImageView {
    /// The `srcset` attribute: `url 320w, url 640w`.
    pub fn srcset(&self) -> String {
        self.variants.iter().map(|v| format!("{} {}w", v.url, v.width)).collect::<Vec<_>>().join(", ")
    }

    /// The smallest variant (a thumbnail).
    pub fn smallest(&self) -> &str {
        self.variants.first().map_or(self.src.as_str(), |v| v.url.as_str())
    }
}

/// The photos of `images` this tenant's pages may show, for a guest reading
/// `locale`: on one of its image origins and with a text alternative in
/// `locale` or its default language. A photo on another origin is left out,
/// with a warning the first time for each tenant and origin.
pub fn photos<'a>(tenant: &Tenant, images: impl IntoIterator<Item = &'a Image>, locale: Locale) -> Vec<ImageView> {
    images
        .into_iter()
        .filter(|image| {
            let allowed = tenant.allows_image(image);
            if !allowed {
                warn_once(tenant, image.origin());
            }
            allowed
        })
        .filter_map(|image| {
            let alt = image.alt(locale, tenant.default_language())?;
            let variants: Vec<ImageVariantView> =
                image.variants().iter().map(|v| ImageVariantView { url: v.url.clone(), width: v.width }).collect();
            Some(ImageView {
                src: variants.last()?.url.clone(),
                variants,
                width: image.width(),
                height: image.height(),
                alt: alt.to_owned(),
            })
        })
        .collect()
}

/// Tenant and origin pairs already warned about, bounded: past the bound the
/// warnings stop rather than the memory growing.
fn warn_once(tenant: &Tenant, origin: &str) {
    const REMEMBERED: usize = 1024;
    static WARNED: OnceLock<Mutex<HashSet<(String, String)>>> = OnceLock::new();
    let mut warned = WARNED.get_or_init(Mutex::default).lock().unwrap_or_else(|e| e.into_inner());
    let key = (tenant.id.to_string(), origin.to_owned());
    if warned.len() < REMEMBERED && !warned.contains(&key) {
        tracing::warn!(tenant = %tenant.id, origin, "photo left out: its origin is not one of the tenant's image origins");
        warned.insert(key);
    }
}
