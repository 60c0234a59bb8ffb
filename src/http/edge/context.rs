//! Per-request context: the request id and trace, the tenant resolved from the
//! host (or `X-Tenant-Id` on the API host), and the [`Cx`] extractor handlers use.

use std::sync::Arc;

use axum::extract::{FromRequestParts, Request};
use axum::http::HeaderValue;
use axum::http::header::{COOKIE, HOST, SET_COOKIE};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};

use crate::domain::tenant::Tenant;
use crate::domain::tenant::TenantId;
use crate::http::AppState;
use crate::http::edge::Inner;
use crate::http::error::AppError;
use crate::http::negotiate::Repr;
use crate::http::prefs::Prefs;
use crate::http::views::{Chrome, Prices};
use crate::i18n::{Locale, Msg, Tr};
use crate::telemetry::trace_context::TraceContext;
use crate::tenancy::{ResolveError, request_host};
use crate::upstream::RequestContext;

/// Accepts a caller's request id when it is short and plain, else makes one.
pub async fn request_context(mut req: Request, next: impl Inner) -> Response {
    let incoming = req.headers().get("x-request-id").and_then(|v| v.to_str().ok()).filter(|id| {
        (8..=64).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    });
    let request_id = incoming.map(str::to_owned).unwrap_or_else(|| hex::encode(rand::random::<[u8; 12]>()));
    let headers = req.headers();
    let trace = TraceContext::from_headers(
        headers.get_all("traceparent").iter().map(HeaderValue::as_bytes),
        headers.get_all("tracestate").iter().map(HeaderValue::as_bytes),
    );
    let ctx = RequestContext::with_trace(request_id.clone(), trace);
    let header = HeaderValue::from_str(&request_id).expect("request ids are ASCII");
    req.headers_mut().insert("x-request-id", header.clone());
    req.extensions_mut().insert(ctx);
    let mut res = next.run(req).await;
    res.headers_mut().insert("x-request-id", header);
    res
}

/// A request with more than one `Host` header is a 400, on every route (RFC 9112
/// §3.2): which of them names the site would otherwise depend on who reads it
/// (we took the first; a cache or proxy in front may key on another).
pub async fn one_host(req: Request, next: impl Inner) -> Response {
    if req.headers().get_all(HOST).iter().nth(1).is_some() {
        return AppError::bad_request(Msg::new("error-bad-host-title"), Msg::new("error-bad-host-detail"))
            .into_response();
    }
    next.run(req).await
}

/// Resolves the tenant of the request and refuses requests that name none;
/// decides the guest's language, which the tenant's texts and every upstream
/// call of the request are then asked in.
pub async fn resolve_tenant(state: &AppState, mut req: Request, next: impl Inner) -> Response {
    let ctx = req.extensions().get::<RequestContext>().cloned().unwrap_or_else(RequestContext::background);
    let Some(host) = request_host(req.headers(), req.uri()) else {
        return AppError::bad_request(Msg::new("error-bad-host-title"), Msg::new("error-bad-host-detail"))
            .into_response();
    };
    let header_tenant = match req.headers().get("x-tenant-id").map(|v| v.to_str().ok().and_then(TenantId::parse)) {
        None => None,
        Some(Some(id)) => Some(id),
        Some(None) => {
            return AppError::bad_request(Msg::new("error-bad-tenant-title"), Msg::new("error-bad-tenant-detail"))
                .into_response();
        }
    };

    let resolved = if state.settings.api_hosts.contains(&host) {
        match header_tenant {
            Some(id) => state.directory.by_id(&ctx, &id).await,
            None => Err(ResolveError::UnknownHost),
        }
    } else {
        match state.directory.by_host(&ctx, &host).await {
            Ok(tenant) => match header_tenant {
                Some(id) if id != tenant.id => {
                    return AppError::bad_request(
                        Msg::new("error-tenant-mismatch-title"),
                        Msg::new("error-tenant-mismatch-detail"),
                    )
                    .into_response();
                }
                _ => Ok(tenant),
            },
            Err(e) => Err(e),
        }
    };
    let tenant = match resolved {
        Ok(tenant) => tenant,
        Err(ResolveError::UnknownHost | ResolveError::UnknownTenant) => return AppError::NotFound.into_response(),
        Err(ResolveError::BadConfig(e)) => return AppError::Unavailable(format!("tenant config: {e}")).into_response(),
        Err(ResolveError::Upstream(e)) => return AppError::Upstream(e).into_response(),
    };

    let has_cookie = cookie_value(req.headers(), "tnt_id").is_some_and(|v| v == tenant.id.as_str());
    let (prefs, remember) = Prefs::resolve(&tenant, req.headers(), req.uri().query());
    // The tenant was resolved in its default language; the page is in the
    // guest's, and so are the hotel texts it asks its upstreams for.
    let tenant = state.directory.in_language(&ctx, tenant, prefs.locale).await;
    req.extensions_mut().insert(ctx.in_language(Some(prefs.locale)));
    req.extensions_mut().insert(tenant.clone());
    req.extensions_mut().insert(prefs);
    let mut res = next.run(req).await;
    for value in remember.cookies(state.cookie_secure()) {
        res.headers_mut().append(SET_COOKIE, value);
    }
    res.extensions_mut().insert(prefs);
    if !has_cookie {
        let secure = if state.cookie_secure() { "; Secure" } else { "" };
        let cookie = format!("tnt_id={}; Path=/; HttpOnly; SameSite=Lax{secure}", tenant.id);
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            res.headers_mut().append(SET_COOKIE, value);
        }
    }
    res.extensions_mut().insert(tenant);
    res
}

/// The value of a cookie in the request, if present.
pub fn cookie_value<'a>(headers: &'a axum::http::HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// What a tenant-scoped handler needs from the request.
pub struct Cx {
    pub tenant: Arc<Tenant>,
    pub repr: Repr,
    pub rc: RequestContext,
    pub path: String,
    /// This browser's CSRF token, for the forms of the page.
    pub csrf: crate::http::csrf::CsrfToken,
    /// Path and query of the request, for forms that come back here.
    pub return_to: String,
    /// The guest's analytics consent (the `consent` cookie).
    pub consent: crate::http::consent::Consent,
    /// The guest's language and display currency.
    pub prefs: Prefs,
    /// The translator for this request's language.
    pub t: Tr,
}

impl Cx {
    pub fn chrome(&self, state: &AppState) -> Chrome {
        let mut chrome = Chrome::shared(state, &self.tenant, &self.path, &self.prefs).with_consent(self.consent);
        chrome.csrf = self.csrf;
        chrome.return_to = self.return_to.clone();
        chrome
    }

    /// Money in the guest's language, without a display currency.
    pub fn prices(&self) -> Prices {
        Prices::plain(self.t)
    }
}

/// The best of our languages for a request that reached no tenant (an unknown
/// host, the demo index): `Accept-Language`, else English.
pub fn accepted_locale(headers: &axum::http::HeaderMap) -> Locale {
    headers
        .get(axum::http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(|h| Locale::negotiate(h, &Locale::ALL))
        .unwrap_or_default()
}

impl<S: Send + Sync> FromRequestParts<S> for Cx {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let tenant = parts
            .extensions
            .get::<Arc<Tenant>>()
            .cloned()
            .ok_or_else(|| AppError::Internal("tenant-scoped route without tenant resolution".into()))?;
        let rc = parts.extensions.get::<RequestContext>().cloned().unwrap_or_else(RequestContext::background);
        let csrf = parts.extensions.get::<crate::http::csrf::CsrfToken>().copied().unwrap_or_default();
        // A page rendered by a POST (a form with errors) cannot be gone back to
        // with a GET: forms on it return to the start page instead.
        let return_to = match parts.method {
            axum::http::Method::GET | axum::http::Method::HEAD => parts.uri.path_and_query().map(|p| p.as_str()),
            _ => None,
        };
        let prefs = parts.extensions.get::<Prefs>().copied().unwrap_or_default();
        Ok(Cx {
            t: prefs.tr(),
            prefs,
            tenant,
            repr: Repr::from_headers(&parts.headers),
            rc,
            path: parts.uri.path().to_owned(),
            csrf,
            return_to: crate::http::input::return_path(return_to),
            consent: crate::http::consent::Consent::from_headers(&parts.headers),
        })
    }
}
