//! The guest's language and display currency.
//!
//! Decided per request, first match wins: a deep link (`?lang=fr&currency=GBP`
//! on any page, which is also remembered), what the guest chose with
//! `POST /prefs`, the browser's `Accept-Language`, the tenant's default. Only
//! languages and currencies the tenant offers count. Both live in first-party
//! cookies (`lang`, `currency`), like consent: every page needs them, and a
//! first visit must cost no Redis round trip.
//!
//! The display currency only changes what prices are shown in; the guest is
//! always charged in the hotel's currency, which the pages say where it differs.

use std::sync::Arc;

use axum::extract::State;
use axum::http::header::{ACCEPT_LANGUAGE, LOCATION, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use crate::domain::FieldErrors;
use crate::domain::money::Currency;
use crate::domain::tenant::Tenant;
use crate::http::AppState;
use crate::http::context::{Cx, cookie_value};
use crate::http::error::AppError;
use crate::http::input::{Input, return_path};
use crate::http::negotiate::Repr;
use crate::i18n::{Locale, Msg, Tr};

/// `POST /prefs`, with its documentation.
pub fn router() -> utoipa_axum::router::OpenApiRouter<std::sync::Arc<crate::http::AppState>> {
    utoipa_axum::router::OpenApiRouter::new().routes(utoipa_axum::routes!(update))
}

pub const LANG_COOKIE: &str = "lang";
pub const CURRENCY_COOKIE: &str = "currency";
const ONE_YEAR_SECS: u32 = 365 * 24 * 60 * 60;

/// The guest's language and display currency for this request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Prefs {
    pub locale: Locale,
    /// Show prices converted into this currency; `None` shows each hotel's own.
    pub currency: Option<Currency>,
}

impl Prefs {
    pub fn tr(&self) -> Tr {
        Tr::new(self.locale)
    }

    /// Decides the prefs of a request to `tenant`, and which of them a deep link
    /// set (to be remembered in cookies).
    pub fn resolve(tenant: &Tenant, headers: &HeaderMap, query: Option<&str>) -> (Self, Remember) {
        let deep = query.map(DeepLink::parse).unwrap_or_default();
        let offered_locale = |l: Locale| tenant.languages.contains(&l).then_some(l);
        let offered_currency = |c: Currency| tenant.currencies.contains(&c).then_some(c);

        let linked_locale = deep.locale.and_then(offered_locale);
        let locale = linked_locale
            .or_else(|| cookie_value(headers, LANG_COOKIE).and_then(Locale::parse).and_then(offered_locale))
            .or_else(|| {
                let header = headers.get(ACCEPT_LANGUAGE)?.to_str().ok()?;
                Locale::negotiate(header, &tenant.languages)
            })
            .unwrap_or(tenant.languages[0]);

        let linked_currency = deep.currency.and_then(offered_currency);
        let currency = linked_currency
            .or_else(|| cookie_value(headers, CURRENCY_COOKIE).and_then(Currency::parse).and_then(offered_currency));
        (Self { locale, currency }, Remember { locale: linked_locale, currency: linked_currency })
    }
}

/// The prefs a deep link set, to be written to cookies on the response.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Remember {
    pub locale: Option<Locale>,
    pub currency: Option<Currency>,
}

impl Remember {
    /// A partner link's `locale` and `currency`, where the tenant offers them.
    pub fn from_link(tenant: &Tenant, locale: Option<&str>, currency: Option<&str>) -> Self {
        Self {
            locale: locale.and_then(Locale::parse).filter(|l| tenant.languages.contains(l)),
            currency: currency.and_then(Currency::parse).filter(|c| tenant.currencies.contains(c)),
        }
    }

    pub fn cookies(&self, secure: bool) -> Vec<HeaderValue> {
        let mut out = Vec::new();
        if let Some(l) = self.locale {
            out.extend(cookie(LANG_COOKIE, l.as_str(), ONE_YEAR_SECS, secure));
        }
        if let Some(c) = self.currency {
            out.extend(cookie(CURRENCY_COOKIE, c.as_str(), ONE_YEAR_SECS, secure));
        }
        out
    }
}

fn cookie(name: &str, value: &str, max_age: u32, secure: bool) -> Option<HeaderValue> {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!("{name}={value}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Lax{secure}")).ok()
}

/// `lang` (or `locale`) and `currency` of a deep link's query.
#[derive(Default)]
struct DeepLink {
    locale: Option<Locale>,
    currency: Option<Currency>,
}

impl DeepLink {
    fn parse(query: &str) -> Self {
        let mut out = Self::default();
        // Most requests carry neither: skip decoding their query at all.
        if !(query.contains("lang=") || query.contains("locale=") || query.contains("currency=")) {
            return out;
        }
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query).unwrap_or_default();
        for (k, v) in pairs {
            match k.as_str() {
                "lang" | "locale" => out.locale = out.locale.or_else(|| Locale::parse(&v)),
                "currency" => out.currency = out.currency.or_else(|| Currency::parse(&v)),
                _ => {}
            }
        }
        out
    }
}

/// A return path without `lang`, `locale` and `currency`: a deep link's
/// choice must not override the one the guest just made.
fn without_pref_params(path: &str) -> String {
    let Some((base, query)) = path.split_once('?') else { return path.to_owned() };
    let kept: Vec<&str> = query
        .split('&')
        .filter(|pair| {
            let name = pair.split('=').next().unwrap_or("");
            !matches!(name, "lang" | "locale" | "currency") && !pair.is_empty()
        })
        .collect();
    if kept.is_empty() { base.to_owned() } else { format!("{base}?{}", kept.join("&")) }
}

/// One entry of the language or currency switcher (which one is the guest's,
/// the page's [`crate::http::views::Chrome`] says).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

/// The switcher's options for a tenant.
pub fn choices(tenant: &Tenant) -> (Vec<Choice>, Vec<Choice>) {
    let languages =
        tenant.languages.iter().map(|l| Choice { value: l.as_str().into(), label: l.endonym().into() }).collect();
    let currencies = tenant
        .currencies
        .iter()
        .map(|c| Choice {
            value: c.as_str().into(),
            label: match c.symbol() {
                Some(sym) => format!("{c} ({sym})"),
                None => c.to_string(),
            },
        })
        .collect();
    (languages, currencies)
}

#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct PrefsForm {
    /// A language the site offers (`en`, `fr`, `de`, `pt`).
    pub locale: Option<String>,
    /// A currency the site offers, or empty for each hotel's own currency.
    pub currency: Option<String>,
    /// Where to go back to (a path on this site).
    #[serde(rename = "return")]
    pub return_to: Option<String>,
}

/// The guest's prefs as `POST /prefs` and `GET /bootstrap` answer them.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PrefsView {
    pub locale: String,
    /// The display currency; `null` shows each hotel's own currency.
    pub currency: Option<String>,
}

impl From<Prefs> for PrefsView {
    fn from(p: Prefs) -> Self {
        Self { locale: p.locale.as_str().into(), currency: p.currency.map(|c| c.to_string()) }
    }
}

/// `POST /prefs`: the guest chooses a language and a display currency.
#[utoipa::path(post, path = "/prefs", tag = "guest", operation_id = "setPrefs", request_body = PrefsForm,
    responses((status = 200, description = "The prefs now in force (also kept in cookies)", body = PrefsView),
              (status = 303, description = "Pages: back to the page the switcher was on"),
              (status = 422, response = crate::http::openapi::problems::ValidationFailed)))]
pub async fn update(
    State(state): State<Arc<AppState>>,
    cx: Cx,
    Input(form): Input<PrefsForm>,
) -> Result<Response, AppError> {
    let mut errors = FieldErrors::new();
    let mut prefs = cx.prefs;
    let mut remember = Remember::default();
    if let Some(raw) = form.locale.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        match Locale::parse(raw).filter(|l| cx.tenant.languages.contains(l)) {
            Some(l) => {
                prefs.locale = l;
                remember.locale = Some(l);
            }
            None => errors.add("locale", Msg::new("prefs-locale-unknown")),
        }
    }
    let mut clear_currency = false;
    match form.currency.as_deref().map(str::trim) {
        None => {}
        Some("") => {
            prefs.currency = None;
            clear_currency = true;
        }
        Some(raw) => match Currency::parse(raw).filter(|c| cx.tenant.currencies.contains(c)) {
            Some(c) => {
                prefs.currency = Some(c);
                remember.currency = Some(c);
            }
            None => errors.add("currency", Msg::new("prefs-currency-unknown")),
        },
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let secure = state.cookie_secure();
    let mut res = match cx.repr {
        Repr::Page | Repr::Fragment => {
            let to = without_pref_params(&return_path(form.return_to.as_deref()));
            (StatusCode::SEE_OTHER, [(LOCATION, to)]).into_response()
        }
        Repr::Json => axum::Json(PrefsView::from(prefs)).into_response(),
    };
    for value in remember.cookies(secure) {
        res.headers_mut().append(SET_COOKIE, value);
    }
    if clear_currency && let Some(v) = cookie(CURRENCY_COOKIE, "", 0, secure) {
        res.headers_mut().append(SET_COOKIE, v);
    }
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_way_back_drops_deep_link_prefs() {
        assert_eq!(without_pref_params("/?lang=fr&adults=3"), "/?adults=3");
        assert_eq!(without_pref_params("/search?currency=GBP&lang=de"), "/search");
        assert_eq!(without_pref_params("/properties/x?checkin=2026-12-01"), "/properties/x?checkin=2026-12-01");
    }

    #[test]
    fn deep_links_name_language_and_currency() {
        let d = DeepLink::parse("checkin=2026-12-01&lang=fr-FR&currency=gbp");
        assert_eq!(d.locale, Some(Locale::Fr));
        assert_eq!(d.currency, Currency::parse("GBP"));
        let d = DeepLink::parse("locale=xx&currency=%3Cscript");
        assert_eq!(d.locale, None);
        assert_eq!(d.currency, None);
    }
}
