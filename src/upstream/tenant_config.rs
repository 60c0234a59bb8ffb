//! tenant-config upstream: which tenant serves a host, and each tenant's brand,
//! properties and policies.

use async_trait::async_trait;

use super::contract::{HostLookupDto, TenantConfigDto, TenantListDto};
use super::{HttpUpstream, RequestContext, UpstreamError};

#[async_trait]
pub trait TenantConfigApi: Send + Sync {
    /// The tenant serving `host`, or `None` when no tenant does.
    async fn tenant_for_host(&self, ctx: &RequestContext, host: &str) -> Result<Option<String>, UpstreamError>;
    async fn tenant(&self, ctx: &RequestContext, id: &str) -> Result<Option<TenantConfigDto>, UpstreamError>;
    async fn tenants(&self, ctx: &RequestContext) -> Result<TenantListDto, UpstreamError>;
}

pub struct HttpTenantConfig(pub HttpUpstream);

#[async_trait]
impl TenantConfigApi for HttpTenantConfig {
    async fn tenant_for_host(&self, ctx: &RequestContext, host: &str) -> Result<Option<String>, UpstreamError> {
        match self.0.get_json::<HostLookupDto>(ctx, &format!("/v1/hosts/{host}"), &()).await {
            Ok(found) => Ok(Some(found.tenant)),
            Err(UpstreamError::NotFound(_)) => Ok(None),
            Err(e) => Err(e),
        }
    }

    async fn tenant(&self, ctx: &RequestContext, id: &str) -> Result<Option<TenantConfigDto>, UpstreamError> {
        match self.0.get_json(ctx, &format!("/v1/tenants/{id}"), &()).await {
            Ok(config) => Ok(Some(config)),
            Err(UpstreamError::NotFound(_)) => Ok(None),
            Err(e) => Err(e),
        }
    }

    async fn tenants(&self, ctx: &RequestContext) -> Result<TenantListDto, UpstreamError> {
        self.0.get_json(ctx, "/v1/tenants", &()).await
    }
}
