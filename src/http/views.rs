//! View-model pieces shared by every page: the chrome (brand, theme, assets)
//! and money formatting. Formatting happens here, never in templates.

use serde::Serialize;

use super::AppState;
use crate::domain::money::Money;
use crate::tenancy::Tenant;

/// What the layout needs around every page.
pub struct Chrome {
    pub tenant_name: String,
    pub tagline: String,
    pub theme: &'static str,
    pub lang: String,
    pub path: String,
    pub tenant_css: String,
    pub theme_css: String,
    pub app_css: String,
    pub app_js: String,
    pub htmx_js: String,
    /// The CSRF token every form and htmx request of the page carries.
    pub csrf: String,
}

impl Chrome {
    pub fn new(state: &AppState, tenant: &Tenant, path: &str) -> Self {
        let assets = &state.assets;
        let theme_css = match tenant.theme {
            crate::domain::tenant::ThemeName::Harbor => assets.harbor_css.clone(),
            crate::domain::tenant::ThemeName::Timber => assets.timber_css.clone(),
        };
        Self {
            tenant_name: tenant.name.clone(),
            tagline: tenant.tagline.clone(),
            theme: tenant.theme.as_str(),
            lang: tenant.default_locale.clone(),
            path: path.to_owned(),
            tenant_css: format!("/brand.{}.css", tenant.stylesheet_hash),
            theme_css,
            app_css: assets.app_css.clone(),
            app_js: assets.app_js.clone(),
            htmx_js: assets.htmx.clone(),
            csrf: String::new(),
        }
    }

    pub fn is_timber(&self) -> bool {
        self.theme == "timber"
    }
}

/// Money as the clients show it: minor units for machines, text for people.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MoneyView {
    /// Integer minor units (cents, pence).
    pub amount: i64,
    /// ISO 4217 code.
    pub currency: String,
    /// Formatted for display, e.g. `€145.00`.
    pub display: String,
}

impl From<Money> for MoneyView {
    fn from(m: Money) -> Self {
        Self { amount: m.amount, currency: m.currency.to_string(), display: m.display() }
    }
}

/// `2026-11-28` → `Sat 28 Nov 2026`; anything else is shown as it is.
pub fn date_label(iso: &str) -> String {
    match crate::domain::stay::parse_iso_date(iso) {
        Some(d) => d.strftime("%a %-d %b %Y").to_string(),
        None => iso.to_owned(),
    }
}

/// How long until an RFC 3339 instant, for a guest: `15 minutes`, `1 minute`.
pub fn minutes_until(instant: &str) -> String {
    let Ok(at) = instant.parse::<jiff::Timestamp>() else { return "a few minutes".into() };
    let secs = at.as_second() - jiff::Timestamp::now().as_second();
    match secs.max(0) / 60 {
        0 => "less than a minute".into(),
        1 => "1 minute".into(),
        n => format!("{n} minutes"),
    }
}

/// Askama filters for the templates: `{{ d|date_label }}`, `{{ t|minutes_until }}`.
pub mod filters {
    #[askama::filter_fn]
    pub fn date_label<T: std::fmt::Display>(value: T, _: &dyn askama::Values) -> askama::Result<String> {
        Ok(super::date_label(&value.to_string()))
    }

    #[askama::filter_fn]
    pub fn minutes_until<T: std::fmt::Display>(value: T, _: &dyn askama::Values) -> askama::Result<String> {
        Ok(super::minutes_until(&value.to_string()))
    }
}
