//! View-model pieces shared by every page: the chrome (brand, theme, assets,
//! the guest's membership, the consent banner and the analytics data block) and
//! money formatting. Formatting happens here, never in templates.

use serde::Serialize;

use super::AppState;
use super::ecommerce::{EcommerceEvent, EventsBlock, ScriptJson};
use super::loyalty::{LoyaltyView, Membership};
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
    /// Path and query of this page: where a form posted from it comes back to.
    pub return_to: String,
    /// The guest is signed in (an iam token), whether or not iam answered.
    pub signed_in: bool,
    /// Guest sign-in is offered (an iam upstream is configured).
    pub sign_in_available: bool,
    /// The loyalty banner: present when iam said who the guest is.
    pub loyalty: Option<LoyaltyView>,
    /// Ask for analytics consent: the tenant measures and the guest has not decided.
    pub consent_banner: bool,
    /// The ecommerce events data block, only with the tenant's analytics on and
    /// the guest's consent.
    pub analytics: Option<ScriptJson>,
    pub analytics_js: String,
    /// Events may be rendered: the tenant's analytics is on and the guest accepted.
    analytics_on: bool,
    measurement_id: Option<String>,
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
            return_to: path.to_owned(),
            signed_in: false,
            sign_in_available: state.loyalty.enabled(),
            loyalty: None,
            consent_banner: false,
            analytics: None,
            analytics_js: assets.analytics_js.clone(),
            analytics_on: false,
            measurement_id: None,
        }
    }

    pub fn is_timber(&self) -> bool {
        self.theme == "timber"
    }

    /// Decides the consent banner and whether events may be rendered, from the
    /// tenant's analytics settings and the guest's recorded decision.
    pub fn with_consent(mut self, tenant: &Tenant, consent: super::consent::Consent) -> Self {
        let enabled = tenant.analytics.enabled;
        self.consent_banner = enabled && consent == super::consent::Consent::Undecided;
        self.analytics_on = enabled && consent == super::consent::Consent::Granted;
        self.measurement_id = tenant
            .analytics
            .measurement_id
            .as_deref()
            .filter(|id| super::ecommerce::valid_measurement_id(id))
            .map(str::to_owned);
        self
    }

    /// The loyalty banner (or the sign-in link) for this guest.
    pub fn with_membership(mut self, membership: &Membership) -> Self {
        self.signed_in = membership.signed_in;
        self.loyalty = membership.view();
        self
    }

    /// Puts the page's ecommerce events in the analytics data block — only when
    /// the tenant measures and the guest accepted; otherwise nothing at all. An
    /// empty list still renders the block, for later out-of-band updates.
    pub fn track(&mut self, events: impl FnOnce() -> Vec<EcommerceEvent>) {
        if !self.analytics_on {
            return;
        }
        let block = EventsBlock { measurement_id: self.measurement_id.clone(), events: events() };
        self.analytics = ScriptJson::of(&block);
    }

    /// The URL-encoded return path, for links such as "Sign in".
    pub fn return_to_encoded(&self) -> String {
        serde_urlencoded::to_string([("return", self.return_to.as_str())]).unwrap_or_default()
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
