//! View-model pieces shared by every page: the chrome (brand, theme, assets,
//! the guest's membership, the consent banner and the analytics data block) and
//! money formatting. Formatting happens here, never in templates.

use std::collections::HashMap;
use std::sync::{Arc, Weak};

use serde::Serialize;

use crate::domain::money::{Currency, Money};
use crate::domain::tenant::Tenant;
use crate::http::AppState;
use crate::http::edge::events::{EcommerceEvent, EventsBlock, ScriptJson};
use crate::http::edge::theme::Theme;
use crate::http::loyalty::{LoyaltyView, Membership};
use crate::http::prefs::{Choice, Prefs};
use crate::i18n::{Locale, Tr};

/// What the layout shows of a tenant in one language, the same on every page
/// of it: built once per tenant and language (and again when the tenant's
/// configuration is reloaded, which makes a new tenant value), shared by the
/// [`Chrome`] of every page (about 30 allocations a page before).
pub struct TenantChrome {
    /// The language and currency switcher's options.
    pub languages: Vec<Choice>,
    pub currencies: Vec<Choice>,
    pub tenant_name: String,
    pub tagline: String,
    pub theme: &'static Theme,
    pub tenant_css: String,
    /// The brand's icon, home-screen icon and manifest, and its theme colour.
    pub icon: String,
    pub touch_icon: String,
    pub manifest: String,
    pub theme_colour: String,
    pub theme_css: String,
    pub app_css: String,
    pub app_js: String,
    pub htmx_js: String,
    pub analytics_js: String,
    /// Guest sign-in is offered (an iam upstream is configured).
    pub sign_in_available: bool,
    /// The tenant's analytics is on.
    analytics_enabled: bool,
    measurement_id: Option<String>,
}

impl TenantChrome {
    fn new(state: &AppState, tenant: &Tenant) -> Self {
        let assets = &state.assets;
        let (languages, currencies) = crate::http::prefs::choices(tenant);
        let brand = crate::http::brand::BrandLinks::of(tenant);
        Self {
            languages,
            currencies,
            tenant_name: tenant.name.clone(),
            tagline: tenant.tagline.clone(),
            theme: Theme::of(tenant.theme),
            tenant_css: brand.stylesheet,
            icon: brand.icon,
            touch_icon: brand.touch_icon,
            manifest: brand.manifest,
            theme_colour: tenant.tokens.primary.css(),
            theme_css: assets.theme_css(tenant.theme).to_owned(),
            app_css: assets.app_css.clone(),
            app_js: assets.app_js.clone(),
            htmx_js: assets.htmx.clone(),
            analytics_js: assets.analytics_js.clone(),
            sign_in_available: state.loyalty.enabled(),
            analytics_enabled: tenant.analytics.enabled,
            measurement_id: tenant
                .analytics
                .measurement_id
                .as_deref()
                .filter(|id| crate::http::edge::events::valid_measurement_id(id))
                .map(str::to_owned),
        }
    }
}

/// The [`TenantChrome`] of each tenant and language an instance served, each
/// with the tenant value it was built from: a reloaded tenant is a new value,
/// so its chrome is built again. Bounded by the tenants and their languages.
#[derive(Default)]
pub struct ChromeCache {
    built: std::sync::RwLock<HashMap<(String, Locale), Built>>,
}

/// A tenant's chrome in one language, and the tenant value it was built from.
type Built = (Weak<Tenant>, Arc<TenantChrome>);

impl ChromeCache {
    fn get(&self, state: &AppState, tenant: &Arc<Tenant>, locale: Locale) -> Arc<TenantChrome> {
        let current = |(built_from, chrome): &Built| {
            // The weak reference keeps the tenant's allocation, so its address
            // names no other tenant while the entry lives.
            std::ptr::eq(built_from.as_ptr(), Arc::as_ptr(tenant)).then(|| chrome.clone())
        };
        let key = (tenant.id.as_str().to_owned(), locale);
        if let Some(found) = self.built.read().unwrap_or_else(|e| e.into_inner()).get(&key).and_then(current) {
            return found;
        }
        let chrome = Arc::new(TenantChrome::new(state, tenant));
        self.built.write().unwrap_or_else(|e| e.into_inner()).insert(key, (Arc::downgrade(tenant), chrome.clone()));
        chrome
    }
}

/// What the layout needs around every page: the tenant's [`TenantChrome`]
/// (its fields read through this one) and what differs per page and guest.
pub struct Chrome {
    /// The page's language: every string of the layout comes through it.
    pub t: Tr,
    tenant: Arc<TenantChrome>,
    /// The guest's language and display currency (the switchers' selection).
    prefs: Prefs,
    pub path: String,
    /// htmx is fetched on the guest's first interaction rather than with the
    /// page: for a page whose only htmx is its forms (the landing), which work
    /// as plain forms until it arrives.
    pub htmx_on_interaction: bool,
    /// The CSRF token every form and htmx request of the page carries.
    pub csrf: crate::http::csrf::CsrfToken,
    /// Path and query of this page: where a form posted from it comes back to.
    pub return_to: String,
    /// The guest is signed in (an iam token), whether or not iam answered.
    pub signed_in: bool,
    /// The loyalty banner: present when iam said who the guest is.
    pub loyalty: Option<LoyaltyView>,
    /// Ask for analytics consent: the tenant measures and the guest has not decided.
    pub consent_banner: bool,
    /// The footer links to the cookie settings: the tenant measures (with consent).
    pub consent_settings: bool,
    /// The ecommerce events data block, only with the tenant's analytics on and
    /// the guest's consent.
    pub analytics: Option<ScriptJson>,
    /// Events may be rendered: the tenant's analytics is on and the guest accepted.
    analytics_on: bool,
}

impl std::ops::Deref for Chrome {
    type Target = TenantChrome;

    fn deref(&self) -> &TenantChrome {
        &self.tenant
    }
}

impl Chrome {
    /// The chrome of a page for `tenant`, built afresh (an error page).
    pub fn new(state: &AppState, tenant: &Tenant, path: &str, prefs: &Prefs) -> Self {
        Self::with(Arc::new(TenantChrome::new(state, tenant)), path, prefs)
    }

    /// The chrome of a page for `tenant`, its tenant part built once (per
    /// tenant value and language) and shared.
    pub fn shared(state: &AppState, tenant: &Arc<Tenant>, path: &str, prefs: &Prefs) -> Self {
        Self::with(state.chrome.get(state, tenant, prefs.locale), path, prefs)
    }

    fn with(tenant: Arc<TenantChrome>, path: &str, prefs: &Prefs) -> Self {
        Self {
            t: prefs.tr(),
            tenant,
            prefs: *prefs,
            path: path.to_owned(),
            htmx_on_interaction: false,
            csrf: crate::http::csrf::CsrfToken::NONE,
            return_to: path.to_owned(),
            signed_in: false,
            loyalty: None,
            consent_banner: false,
            consent_settings: false,
            analytics: None,
            analytics_on: false,
        }
    }

    /// The switcher's option for the guest's language.
    pub fn is_language(&self, choice: &Choice) -> bool {
        choice.value == self.prefs.locale.as_str()
    }

    /// The switcher's option for the guest's display currency.
    pub fn is_currency(&self, choice: &Choice) -> bool {
        self.prefs.currency.is_some_and(|c| choice.value == c.as_str())
    }

    /// Decides the consent banner and whether events may be rendered, from the
    /// tenant's analytics settings and the guest's recorded decision.
    pub fn with_consent(mut self, consent: crate::http::consent::Consent) -> Self {
        let enabled = self.tenant.analytics_enabled;
        self.consent_banner = enabled && consent == crate::http::consent::Consent::Undecided;
        self.consent_settings = enabled;
        self.analytics_on = enabled && consent == crate::http::consent::Consent::Granted;
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
        let block = EventsBlock { measurement_id: self.tenant.measurement_id.clone(), events: events() };
        self.analytics = ScriptJson::of(&block);
    }

    /// The URL-encoded return path, for links such as "Sign in".
    pub fn return_to_encoded(&self) -> String {
        return_query(&self.return_to)
    }
}

/// `return=…`, the path form-encoded (as `serde_urlencoded` encodes a form's
/// field, without its serializer's machinery).
fn return_query(return_to: &str) -> String {
    let mut out = String::with_capacity(7 + return_to.len() * 3 / 2);
    out.push_str("return=");
    out.extend(form_urlencoded::byte_serialize(return_to.as_bytes()));
    out
}

/// Money as the clients show it: minor units for machines, text for people in
/// their language, and — when the guest chose another display currency — the
/// same amount converted at the rate the page (or the draft) uses.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MoneyView {
    /// Integer minor units (cents, pence) of the currency charged.
    pub amount: i64,
    /// ISO 4217 code of the currency charged.
    #[schema(value_type = String)]
    pub currency: Currency,
    /// Formatted for display in the guest's language, e.g. `€145.00`.
    pub display: String,
    /// The amount in the guest's display currency, for showing only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub converted: Option<ConvertedView>,
}

/// An amount converted for display; never charged.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ConvertedView {
    pub amount: i64,
    #[schema(value_type = String)]
    pub currency: Currency,
    pub display: String,
    /// The rate used: one unit of the charged currency in millionths of this one.
    pub rate_ppm: i64,
}

impl MoneyView {
    /// What the guest reads first: the converted amount when there is one.
    pub fn shown(&self) -> &str {
        self.converted.as_ref().map_or(&self.display, |c| &c.display)
    }

    /// The charged currency differs from the one shown.
    pub fn is_converted(&self) -> bool {
        self.converted.is_some()
    }
}

/// How a page shows money: the guest's language, and the display currency with
/// the rates into it from each currency the page may show.
#[derive(Debug, Clone, Default)]
pub struct Prices {
    pub t: Tr,
    pub display: Option<DisplayRates>,
}

/// Rates into one display currency: `(from, rate_ppm)` per charged currency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisplayRates {
    pub to: Currency,
    pub from: Vec<(Currency, i64)>,
}

impl Prices {
    pub fn plain(t: Tr) -> Self {
        Self { t, display: None }
    }

    pub fn view(&self, money: Money) -> MoneyView {
        let converted = self.display.as_ref().and_then(|d| {
            if d.to == money.currency {
                return None;
            }
            let rate = d.from.iter().find(|(c, _)| *c == money.currency)?.1;
            let to = crate::upstream::pricing::convert(money, d.to, rate)?;
            Some(ConvertedView { amount: to.amount, currency: to.currency, display: self.t.money(&to), rate_ppm: rate })
        });
        MoneyView { amount: money.amount, currency: money.currency, display: self.t.money(&money), converted }
    }
}

/// How a rate is paid, for every surface: what is charged when booking and
/// what is left to pay at the hotel (they add up to the total exactly).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PaymentTermsView {
    /// `full` (all now), `deposit` (part now, the rest at the hotel) or
    /// `at_hotel` (nothing now; the card is kept as a guarantee).
    pub policy: PaymentPolicyName,
    /// Charged when booking, in the currency charged (0 for `at_hotel`).
    pub due_now: MoneyView,
    /// Left to pay at the hotel (0 for `full`).
    pub due_at_hotel: MoneyView,
    /// The payment page stores the card as a guarantee and charges nothing.
    pub card_guarantee: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PaymentPolicyName {
    Full,
    Deposit,
    AtHotel,
}

impl PaymentTermsView {
    pub fn of(terms: &crate::domain::payment_policy::PaymentTerms, prices: &Prices) -> Self {
        use crate::domain::payment_policy::PaymentPolicy as P;
        let policy = match terms.policy {
            P::Full => PaymentPolicyName::Full,
            P::Deposit { .. } => PaymentPolicyName::Deposit,
            P::AtHotel => PaymentPolicyName::AtHotel,
        };
        Self {
            policy,
            due_now: prices.view(terms.due_now),
            due_at_hotel: prices.view(terms.due_at_hotel),
            card_guarantee: terms.policy.is_guarantee(),
        }
    }

    /// Anything is left for the hotel (a deposit, or all of it).
    pub fn is_split(&self) -> bool {
        self.policy != PaymentPolicyName::Full
    }

    /// One plain sentence: what now, what later (empty when all is paid now).
    pub fn sentence(&self, t: &Tr) -> String {
        match self.policy {
            PaymentPolicyName::Full => String::new(),
            PaymentPolicyName::Deposit => {
                t.with2("pay-policy-deposit", "now", self.due_now.shown(), "later", self.due_at_hotel.shown())
            }
            PaymentPolicyName::AtHotel => t.with("pay-policy-at-hotel", "later", self.due_at_hotel.shown()),
        }
    }
}
pub use crate::funnel::RoomPartyView;

#[cfg(test)]
mod tests {
    proptest::proptest! {
        /// The return path is encoded as a form's `return` field is.
        #[test]
        fn the_return_path_is_encoded_as_a_form_field(path in "\\PC{0,40}") {
            let expected = serde_urlencoded::to_string([("return", path.as_str())]).unwrap();
            proptest::prop_assert_eq!(super::return_query(&path), expected);
        }
    }
}
