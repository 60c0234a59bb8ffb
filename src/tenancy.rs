//! The tenant directory: resolves a request's host to a tenant and keeps each
//! TenantBootstrap in an in-process cache (TTL with stale-while-revalidate), so a
//! page costs no tenant-config call in the steady state.
//!
//! A tenant is resolved in its default language (the guest's language is
//! negotiated against the languages its configuration offers); a page in
//! another of them reads the configuration asked for in that language, cached
//! per tenant and language the same way.

use std::sync::Arc;
use std::time::{Duration, Instant};

use moka::future::Cache;

use crate::domain::money::Currency;
use crate::domain::tenant::{Analytics, Policies, Property, Tenant, TenantId, ThemeName};
use crate::i18n::Locale;
use crate::upstream::contract::{TenantConfigDto, TenantSummaryDto};
use crate::upstream::tenant_config::TenantConfigApi;
use crate::upstream::{RequestContext, UpstreamError};

#[derive(Debug, thiserror::Error)]
pub enum TenantConfigError {
    #[error("tenant id `{0}` is invalid")]
    Id(String),
    #[error("theme `{0}` is not shipped")]
    Theme(String),
    #[error(transparent)]
    Tokens(#[from] crate::domain::tenant::ThemeError),
    #[error("currency `{0}` is invalid")]
    Currency(String),
    #[error("property `{0}`: {1}")]
    Property(String, String),
}

/// Turns tenant configuration into a [`Tenant`], refusing anything that could
/// break or inject into a page.
pub fn tenant_from_config(dto: TenantConfigDto) -> Result<Tenant, TenantConfigError> {
    let id = TenantId::parse(&dto.id).ok_or_else(|| TenantConfigError::Id(dto.id.clone()))?;
    let theme = ThemeName::parse(&dto.theme).ok_or_else(|| TenantConfigError::Theme(dto.theme.clone()))?;
    let tokens = dto.tokens.validate()?;
    let currency = |raw: &str| Currency::parse(raw).ok_or_else(|| TenantConfigError::Currency(raw.to_owned()));
    let currencies = dto.currencies.iter().map(|c| currency(c)).collect::<Result<Vec<_>, _>>()?;
    let default_currency = currency(&dto.default_currency)?;
    let mut languages: Vec<Locale> = Vec::new();
    for locale in std::iter::once(&dto.default_locale).chain(&dto.locales).filter_map(|l| Locale::parse(l)) {
        if !languages.contains(&locale) {
            languages.push(locale);
        }
    }
    if languages.is_empty() {
        languages.push(Locale::En);
    }
    let image_origins = image_origins(&id, &dto.image_origins);
    let properties = dto
        .properties
        .into_iter()
        .map(|p| {
            let safe_id = !p.id.is_empty()
                && p.id.len() <= 64
                && p.id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
            if !safe_id {
                return Err(TenantConfigError::Property(p.id, "id must be 1–64 of [A-Za-z0-9_-]".into()));
            }
            let time_zone = jiff::tz::TimeZone::get(&p.time_zone)
                .map_err(|_| TenantConfigError::Property(p.id.clone(), format!("unknown time zone {}", p.time_zone)))?;
            let currency = currency(&p.currency)?;
            let images = property_images(&id, &p.id, &p.images, &image_origins, languages[0]);
            Ok(Property {
                id: p.id,
                name: p.name,
                city: p.city,
                country: p.country,
                summary: p.summary,
                stars: p.stars.min(5),
                time_zone,
                currency,
                checkin_time: p.checkin_time,
                checkout_time: p.checkout_time,
                // Plain text lines, bounded; a control character would only
                // garble the e-mail, so such a line is left out.
                address: p
                    .address
                    .into_iter()
                    .map(|line| line.trim().to_owned())
                    .filter(|line| !line.is_empty() && line.len() <= 200 && !line.chars().any(char::is_control))
                    .take(6)
                    .collect(),
                // Only a plausible number and address reach a page or an
                // e-mail; anything else is left out.
                phone: p
                    .phone
                    .as_deref()
                    .and_then(crate::domain::guest::Phone::parse)
                    .map(|p| p.as_str().to_owned())
                    .unwrap_or_default(),
                email: p
                    .email
                    .as_deref()
                    .and_then(crate::domain::guest::Email::parse)
                    .map(|e| e.as_str().to_owned())
                    .unwrap_or_default(),
                images,
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let stylesheet = tokens.stylesheet();
    let stylesheet_hash = short_hash(stylesheet.as_bytes());
    let app_return_urls = dto.app_return_urls.iter().filter_map(|raw| app_return_prefix(&id, raw)).collect();
    let terms_url = dto.policies.terms_url.as_deref().and_then(|raw| policy_url(&id, "terms", raw));
    let privacy_url = dto.policies.privacy_url.as_deref().and_then(|raw| policy_url(&id, "privacy", raw));
    Ok(Tenant {
        id,
        name: dto.name,
        tagline: dto.tagline,
        hosts: dto.hosts.into_iter().map(|h| h.to_ascii_lowercase()).collect(),
        theme,
        tokens,
        stylesheet,
        stylesheet_hash,
        locales: dto.locales,
        default_locale: dto.default_locale,
        languages,
        currencies,
        default_currency,
        properties,
        policies: Policies {
            cancellation: dto.policies.cancellation,
            payment: dto.policies.payment,
            terms_url,
            privacy_url,
        },
        analytics: Analytics { enabled: dto.analytics.enabled, measurement_id: dto.analytics.measurement_id },
        app_return_urls,
        image_origins,
    })
}

/// Photos a property page shows at most.
pub const MAX_PROPERTY_IMAGES: usize = 12;
/// Image origins a tenant may name at most (each one is in its CSP).
pub const MAX_IMAGE_ORIGINS: usize = 4;

/// The tenant's image origins as CSP source expressions, or none of those that
/// are not a bare `http(s)` origin (with a warning): a path, a wildcard or a
/// keyword would widen the policy beyond what was meant.
fn image_origins(tenant: &TenantId, raw: &[String]) -> Vec<String> {
    let mut origins: Vec<String> = Vec::new();
    for entry in raw {
        match crate::domain::image::origin_of(entry) {
            Some(origin) if origins.len() < MAX_IMAGE_ORIGINS => {
                if !origins.contains(&origin) {
                    origins.push(origin);
                }
            }
            _ => tracing::warn!(tenant = %tenant, origin = entry, "tenant config: image origin refused"),
        }
    }
    origins
}

/// A property's photos a page may show: valid ones, on one of the tenant's
/// image origins, with a text alternative in its default language (what any
/// other language falls back to). The others are left out, each with a warning
/// once per configuration read.
fn property_images(
    tenant: &TenantId,
    property: &str,
    images: &[crate::upstream::contract::ImageDto],
    origins: &[String],
    default_language: Locale,
) -> Vec<crate::domain::image::Image> {
    images
        .iter()
        .filter_map(|dto| {
            let refused = match dto.parse() {
                Ok(image) if !origins.iter().any(|o| o == image.origin()) => "not on an image origin",
                Ok(image) if image.alt(default_language, default_language).is_none() => {
                    "no text alternative in the default language"
                }
                Ok(image) => return Some(image),
                Err(_) => "invalid",
            };
            let url: String = dto.variants.first().map_or("", |v| v.url.as_str()).chars().take(200).collect();
            tracing::warn!(tenant = %tenant, property, url, reason = refused, "tenant config: photo left out");
            None
        })
        .take(MAX_PROPERTY_IMAGES)
        .collect()
}

/// A configured app return URL prefix, written canonically, or `None` (with a
/// warning) for one that could send a guest anywhere else: a universal link
/// must be `https` with a host and end in `/`; an app scheme must be
/// `{scheme}://…` and not one a browser runs or reads (`javascript`, `data`,
/// `file`, …). Leaving one out only stops the app from returning there.
pub fn app_return_prefix(tenant: &TenantId, raw: &str) -> Option<String> {
    const REFUSED_SCHEMES: &[&str] =
        &["http", "javascript", "data", "file", "blob", "about", "vbscript", "ftp", "ws", "wss"];
    let canonical = reqwest::Url::parse(raw.trim()).ok().and_then(|url| {
        let ok = match url.scheme() {
            "https" => url.has_host() && url.path().ends_with('/') && url.query().is_none(),
            scheme => !REFUSED_SCHEMES.contains(&scheme) && raw.trim().starts_with(&format!("{scheme}://")),
        };
        let plain = url.fragment().is_none() && url.username().is_empty() && url.password().is_none();
        (ok && plain).then(|| url.to_string())
    });
    if canonical.is_none() {
        tracing::warn!(tenant = %tenant, prefix = raw, "tenant config: app return URL prefix refused");
    }
    canonical
}

/// A policy page's address as the guest is sent to it, or `None` (with a
/// warning) for anything but a plain `http(s)` page: no other scheme (a
/// `javascript:` link would run on our page), no credentials in it.
pub fn policy_url(tenant: &TenantId, which: &str, raw: &str) -> Option<String> {
    let canonical = reqwest::Url::parse(raw.trim()).ok().filter(|url| {
        matches!(url.scheme(), "https" | "http")
            && url.has_host()
            && url.username().is_empty()
            && url.password().is_none()
    });
    if canonical.is_none() {
        tracing::warn!(tenant = %tenant, which, url = raw, "tenant config: policy link refused");
    }
    canonical.map(|url| url.to_string())
}

pub fn short_hash(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(&sha2::Sha256::digest(bytes)[..6])
}

/// Why a tenant could not be resolved.
#[derive(Debug, thiserror::Error)]
pub enum ResolveError {
    #[error("no tenant serves this host")]
    UnknownHost,
    #[error("unknown tenant")]
    UnknownTenant,
    #[error("tenant configuration is invalid: {0}")]
    BadConfig(#[from] TenantConfigError),
    #[error(transparent)]
    Upstream(#[from] UpstreamError),
}

#[derive(Clone)]
struct Cached {
    tenant: Arc<Tenant>,
    fetched: Instant,
}

/// A tenant's configuration as answered in a language; `None`: asked for in
/// none, answered in the tenant's default.
type TenantKey = (TenantId, Option<Locale>);

pub struct TenantDirectory {
    api: Arc<dyn TenantConfigApi>,
    ttl: Duration,
    tenants: Cache<TenantKey, Cached>,
    hosts: Cache<String, Option<TenantId>>,
}

/// How long a stale tenant may still be served while a refresh runs or the
/// upstream is down.
const STALE_FOR: Duration = Duration::from_secs(60 * 60);

impl TenantDirectory {
    pub fn new(api: Arc<dyn TenantConfigApi>, ttl: Duration) -> Self {
        Self {
            api,
            ttl,
            // One entry per tenant and language asked for (at most five each).
            tenants: Cache::builder().max_capacity(10_000).time_to_live(ttl + STALE_FOR).build(),
            // Unknown hosts are cached too (briefly), so random Host headers cannot
            // hammer tenant-config; the capacity bounds the memory they can take.
            hosts: Cache::builder().max_capacity(50_000).time_to_live(ttl).build(),
        }
    }

    /// Resolves a normalised host name (lower-case, no port) to its tenant.
    pub async fn by_host(&self, ctx: &RequestContext, host: &str) -> Result<Arc<Tenant>, ResolveError> {
        let api = self.api.clone();
        let id = self
            .hosts
            .try_get_with(host.to_owned(), async move {
                let id = api.tenant_for_host(ctx, host).await?;
                Ok::<_, UpstreamError>(id.and_then(|id| TenantId::parse(&id)))
            })
            .await
            .map_err(|e: Arc<UpstreamError>| ResolveError::Upstream(unwrap_shared(e)))?;
        match id {
            Some(id) => self.by_id(ctx, &id).await,
            None => Err(ResolveError::UnknownHost),
        }
    }

    /// The tenant by id, in its default language: fresh from cache, stale from
    /// cache while a refresh runs in the background, or fetched now.
    pub async fn by_id(&self, ctx: &RequestContext, id: &TenantId) -> Result<Arc<Tenant>, ResolveError> {
        self.cached(ctx, (id.clone(), None)).await
    }

    /// `tenant` with its hotel texts (tagline, property summaries, policies) in
    /// `locale`, one of its languages. Its default language is `tenant` itself;
    /// another is one tenant-config call per TTL, like the default. When that
    /// call fails the page is served in the default language rather than not
    /// at all.
    pub async fn in_language(&self, ctx: &RequestContext, tenant: Arc<Tenant>, locale: Locale) -> Arc<Tenant> {
        if tenant.languages.first() == Some(&locale) || !tenant.languages.contains(&locale) {
            return tenant;
        }
        match self.cached(ctx, (tenant.id.clone(), Some(locale))).await {
            Ok(localized) => localized,
            Err(e) => {
                tracing::warn!(tenant = %tenant.id, %locale, error = %e, "tenant config in the guest's language unavailable; serving the default");
                tenant
            }
        }
    }

    async fn cached(&self, ctx: &RequestContext, key: TenantKey) -> Result<Arc<Tenant>, ResolveError> {
        if let Some(cached) = self.tenants.get(&key).await {
            if cached.fetched.elapsed() > self.ttl {
                self.refresh_in_background(key);
            }
            return Ok(cached.tenant);
        }
        let api = self.api.clone();
        // The language asked for is the key's, whatever the caller's request asks.
        let (id, ctx) = (key.0.clone(), ctx.clone().in_language(key.1));
        let cached =
            self.tenants.try_get_with(key, async move { fetch(api.as_ref(), &ctx, &id).await }).await.map_err(
                |e: Arc<ResolveError>| match Arc::try_unwrap(e) {
                    Ok(e) => e,
                    Err(shared) => match shared.as_ref() {
                        ResolveError::UnknownTenant => ResolveError::UnknownTenant,
                        ResolveError::UnknownHost => ResolveError::UnknownHost,
                        other => ResolveError::Upstream(UpstreamError::Unavailable(
                            crate::upstream::Upstream::TenantConfig,
                            other.to_string(),
                        )),
                    },
                },
            )?;
        Ok(cached.tenant)
    }

    fn refresh_in_background(&self, key: TenantKey) {
        let (api, tenants) = (self.api.clone(), self.tenants.clone());
        tokio::spawn(async move {
            let ctx = RequestContext::background().in_language(key.1);
            match fetch(api.as_ref(), &ctx, &key.0).await {
                Ok(fresh) => tenants.insert(key, fresh).await,
                // Keep serving the stale copy; the next read tries again.
                Err(e) => tracing::warn!(tenant = %key.0, error = %e, "tenant refresh failed; serving stale config"),
            }
        });
    }

    /// Every tenant (the demo index page).
    pub async fn list(&self, ctx: &RequestContext) -> Result<Vec<TenantSummaryDto>, UpstreamError> {
        Ok(self.api.tenants(ctx).await?.tenants)
    }
}

async fn fetch(api: &dyn TenantConfigApi, ctx: &RequestContext, id: &TenantId) -> Result<Cached, ResolveError> {
    let dto = api.tenant(ctx, id.as_str()).await?.ok_or(ResolveError::UnknownTenant)?;
    let tenant = tenant_from_config(dto)
        .inspect_err(|e| tracing::error!(tenant = %id, error = %e, "invalid tenant configuration"))?;
    Ok(Cached { tenant: Arc::new(tenant), fetched: Instant::now() })
}

fn unwrap_shared(e: Arc<UpstreamError>) -> UpstreamError {
    Arc::try_unwrap(e).unwrap_or_else(|shared| UpstreamError::Unavailable(shared.upstream(), shared.to_string()))
}

/// The origin of `tenant`'s site for links that leave it and come back (the
/// payment page's return, the gateway's webhook): one of the tenant's
/// configured hosts — the one the request came to (`requested`, normalised)
/// when it is one of them, else the first — never a port the request named.
/// https when cookies are `Secure` (outside local development). A loopback host
/// (`localhost`, `*.localhost`, 127.0.0.1, ::1) gets `local_port`, the port this
/// instance listens on, which is how local development reaches it; any other
/// host is served on its scheme's own port (behind the load balancer), whatever
/// the Host header said.
pub fn public_origin(tenant: &Tenant, requested: Option<&str>, secure: bool, local_port: u16) -> String {
    let host = requested
        .filter(|r| tenant.hosts.iter().any(|h| h == r))
        .or_else(|| tenant.hosts.first().map(String::as_str))
        .unwrap_or("localhost");
    let scheme = if secure { "https" } else { "http" };
    if is_loopback_host(host) { format!("{scheme}://{host}:{local_port}") } else { format!("{scheme}://{host}") }
}

/// Whether a normalised host name always means this machine.
fn is_loopback_host(host: &str) -> bool {
    host == "localhost"
        || host.ends_with(".localhost")
        || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// The host a request names, normalised ([`normalise_host`]): its `Host`
/// header, else (HTTP/2, which carries `:authority` instead) its URI's host.
pub fn request_host(headers: &axum::http::HeaderMap, uri: &axum::http::Uri) -> Option<String> {
    headers.get(axum::http::header::HOST).and_then(|v| v.to_str().ok()).or_else(|| uri.host()).and_then(normalise_host)
}

/// Normalises a `Host` header value: lower-case, port removed; `None` when it is
/// not a plausible host name (so it never reaches an upstream URL).
pub fn normalise_host(raw: &str) -> Option<String> {
    let raw = raw.trim();
    let host = match raw.split_once(':') {
        Some((host, port)) if !port.is_empty() && port.len() <= 5 && port.bytes().all(|b| b.is_ascii_digit()) => host,
        Some(_) => return None,
        None => raw,
    };
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let ok = (1..=253).contains(&host.len())
        && host.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
        && !host.starts_with(['-', '.'])
        && !host.contains("..");
    ok.then_some(host)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The demo's Aurora, on `hosts`.
    fn tenant_on(hosts: &[&str]) -> Tenant {
        let mut dto = crate::demo::seed::tenant_config(&crate::demo::seed::TENANTS[0], crate::domain::msg::Locale::En);
        dto.hosts = hosts.iter().map(|h| h.to_string()).collect();
        tenant_from_config(dto).unwrap()
    }

    #[test]
    fn the_public_origin_is_a_configured_host_with_the_port_only_locally() {
        let t = tenant_on(&["aurora.localhost", "book.aurora.example"]);
        assert_eq!(public_origin(&t, Some("aurora.localhost"), false, 8080), "http://aurora.localhost:8080");
        assert_eq!(public_origin(&t, Some("book.aurora.example"), true, 8080), "https://book.aurora.example");
        // Not one of ours (an API host, a host lookup that disagrees): the first.
        assert_eq!(public_origin(&t, Some("localhost"), false, 3000), "http://aurora.localhost:3000");
        assert_eq!(public_origin(&t, Some("evil.example"), true, 443), "https://aurora.localhost:443");
        assert_eq!(public_origin(&t, None, true, 8080), "https://aurora.localhost:8080");
        let t = tenant_on(&["book.aurora.example"]);
        assert_eq!(public_origin(&t, Some("localhost"), true, 8080), "https://book.aurora.example");
        for local in ["localhost", "a.localhost", "127.0.0.1", "::1"] {
            assert!(is_loopback_host(local), "{local}");
        }
        for remote in ["localhost.example", "mylocalhost", "10.0.0.1", "example.com"] {
            assert!(!is_loopback_host(remote), "{remote}");
        }
    }

    #[test]
    fn policy_links_are_plain_web_pages() {
        let id = TenantId::parse("aurora").unwrap();
        let url = |raw: &str| policy_url(&id, "terms", raw);
        assert_eq!(url(" https://Aurora.Example/terms ").as_deref(), Some("https://aurora.example/terms"));
        assert_eq!(
            url("http://127.0.0.1:4000/tenants/aurora/terms").as_deref(),
            Some("http://127.0.0.1:4000/tenants/aurora/terms")
        );
        for bad in
            ["javascript:alert(1)", "data:text/html,x", "/terms", "https://user:pw@aurora.example/", "ftp://x.example/"]
        {
            assert_eq!(url(bad), None, "{bad}");
        }
    }

    #[test]
    fn app_return_prefixes_are_canonical_and_cannot_be_extended_elsewhere() {
        let id = TenantId::parse("aurora").unwrap();
        let prefix = |raw: &str| app_return_prefix(&id, raw);
        assert_eq!(prefix("aurorabooking://").as_deref(), Some("aurorabooking://"));
        assert_eq!(prefix("aurorabooking://booking/").as_deref(), Some("aurorabooking://booking/"));
        assert_eq!(prefix("https://Aurora.Example/app/").as_deref(), Some("https://aurora.example/app/"));
        // The whole origin: written with its `/`, so it cannot become another host.
        assert_eq!(prefix("https://aurora.example").as_deref(), Some("https://aurora.example/"));
        for bad in [
            "https://aurora.example/app",
            "http://aurora.example/app/",
            "https://aurora.example/app/?x=1",
            "https://user@aurora.example/app/",
            "javascript://alert(1)",
            "data://x",
            "file:///etc/",
            "aurorabooking:",
            "not a url",
        ] {
            assert_eq!(prefix(bad), None, "{bad}");
        }
    }

    #[test]
    fn normalises_hosts() {
        assert_eq!(normalise_host("Aurora.Localhost:8080").as_deref(), Some("aurora.localhost"));
        assert_eq!(normalise_host("aurora.localhost").as_deref(), Some("aurora.localhost"));
        assert_eq!(normalise_host("127.0.0.1:3000").as_deref(), Some("127.0.0.1"));
        for bad in ["", "a/b", "evil.com/../x", "a b", "[::1]:80", "a..b", "-x", "%2e"] {
            assert_eq!(normalise_host(bad), None, "{bad}");
        }
    }
}
