//! The OpenAPI document of the JSON representation, served at `/openapi.json`.

use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "bff-tenant-booking",
        description = "Tenant-branded guest booking API. Every route also serves HTML (and htmx fragments); \
                       send `Accept: application/json` for JSON. On the API host send `X-Tenant-Id`. \
                       Errors are RFC 9457 application/problem+json with per-field `errors` on 422."
    ),
    paths(
        super::search::landing,
        super::property::property,
        super::search::search,
        super::bootstrap::bootstrap,
        super::handoff::interstitial,
        super::handoff::consume
    ),
    tags(
        (name = "search"),
        (name = "bootstrap"),
        (name = "handoff", description = "Arrival from a partner site with a signed single-use link (DESIGN §5). \
                                          Failures are problem+json with `type` /problems/{code}: malformed, \
                                          unsupported-version, too-large, unknown-key, bad-signature, bad-payload, \
                                          wrong-tenant, not-yet-valid, expired, lifetime-too-long, already-used.")
    )
)]
struct ApiDoc;

pub fn document() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}
