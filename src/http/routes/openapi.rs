//! The OpenAPI document of the JSON representation, served at `/openapi.json`.
//! A JSON-only client can book from search to confirmation with this alone.
//!
//! The site's documented routes are registered here, through utoipa-axum's
//! router: a route is added together with its `#[utoipa::path]`, whose method
//! and path are what the router serves, so a JSON route cannot exist without
//! its documentation (and the document cannot name a route that is not
//! served). [`site_routes`] is what `http::router` mounts; [`document`] is the
//! same routes' document plus the operations routes, with the conventions every
//! route shares (problem responses, tenant and language headers) added by
//! [`Conventions`].

use std::sync::{Arc, OnceLock};

use axum::Router;
use utoipa::openapi::path::{Operation, ParameterBuilder, ParameterIn};
use utoipa::openapi::response::{Response, ResponseBuilder};
use utoipa::openapi::schema::Ref;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{Content, HeaderBuilder, ObjectBuilder, RefOr, Required, Type};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;

use crate::http::{AppState, bootstrap, calendar, consent, draft, handoff, manage, prefs, property, search, signin};

/// Request bodies as the JSON API documents them. The handlers read the same
/// fields from forms, where every value is text; JSON may send numbers and lists.
pub mod bodies {
    use serde::Serialize;

    /// `POST /draft`: a room and rate for a stay.
    #[derive(Serialize, utoipa::ToSchema)]
    /// Each room may carry its own pick beside its party in `rooms`:
    /// `rooms: [{adults, children, roomTypeId, ratePlanId}]` (room 1 first;
    /// forms: `r1_room_type`/`r1_rate_plan` … `r5_…`). Without picks,
    /// `room_type` at `rate_plan` is every room's.
    pub struct SelectBody {
        pub property: String,
        /// Every room's room type, unless `rooms` names each room's.
        pub room_type: String,
        pub rate_plan: String,
        #[serde(flatten)]
        pub stay: StayBody,
    }

    /// `POST /manage/change`: new dates or party for a confirmed booking.
    #[derive(Serialize, utoipa::ToSchema)]
    pub struct ChangeBody {
        /// The manage link's token.
        pub t: String,
        #[serde(flatten)]
        pub stay: StayBody,
    }

    /// `POST /draft/{id}/stay`: new dates or party (the search's fields).
    #[derive(Serialize, utoipa::ToSchema)]
    pub struct StayBody {
        /// YYYY-MM-DD
        pub checkin: String,
        /// YYYY-MM-DD, 1–30 nights after checkin
        pub checkout: String,
        /// Default 2; 1–9 per room
        pub adults: Option<u8>,
        /// Ages 0–17 (or a comma-separated string)
        pub children: Option<Vec<u8>>,
        /// Default 1; 1–5
        pub rooms: Option<u8>,
        pub promo: Option<String>,
    }

    /// `POST /draft/{id}/guest`
    #[derive(Serialize, utoipa::ToSchema)]
    pub struct GuestBody {
        pub first_name: String,
        pub last_name: String,
        /// name@example.com
        pub email: String,
        /// 6–20 digits, optional leading +
        pub phone: String,
        /// ISO 3166-1 alpha-2, e.g. "PT"
        pub country: String,
        /// Free text for the hotel, at most 500 characters.
        #[schema(max_length = 500)]
        pub special_requests: Option<String>,
        /// Optional: the stay's children's ages are those of the search (`rooms`).
        /// Sent anyway (comma-separated), they must be the same ages, in any order.
        pub children_ages: Option<String>,
        /// When the guest expects to arrive, `HH:MM` (00:00–23:59) in the hotel's
        /// time; omit or send "" when they do not say. `arrivalTime` is accepted too.
        #[schema(pattern = "^([01]?[0-9]|2[0-3]):[0-5][0-9]$", example = "18:00")]
        pub arrival_time: Option<String>,
        /// Required: `true` once the guest accepts the hotel's terms and privacy
        /// notice (`policies.termsUrl` and `policies.privacyUrl` of `/bootstrap`);
        /// missing or `false` is a 422 with an error at `accept_terms`.
        /// `acceptTerms` is accepted too.
        pub accept_terms: bool,
        /// Optional: the extras chosen (ids of `quote.extrasOffered`). When
        /// given and not the quote's, the stay is priced again with them
        /// first (as `POST /draft/{id}/extras`); omit to keep the quote's.
        pub extras: Option<Vec<String>>,
    }

    /// `POST /draft/{id}/extras`: the extras the guest wants, by id (of
    /// `quote.extrasOffered`); `[]` for none. The stay is priced again with
    /// them (`quote.extras`, included in `quote.total`).
    #[derive(Serialize, utoipa::ToSchema)]
    pub struct ExtrasBody {
        pub extras: Vec<String>,
    }

    /// The body of a draft mutation that takes no fields (quote, hold, cancel):
    /// send `{}` (or nothing) with `If-Match`.
    #[derive(Serialize, utoipa::ToSchema)]
    pub struct EmptyBody {}

    /// An RFC 9457 problem: every 4xx and 5xx answer to a JSON request.
    #[derive(Serialize, utoipa::ToSchema)]
    #[serde(rename_all = "camelCase")]
    pub struct Problem {
        /// `/problems/{code}`, e.g. `/problems/validation`, `/problems/not-found`,
        /// `/problems/stale`, `/problems/rate-limited`, `/problems/upstream-unavailable`.
        pub r#type: String,
        /// A short summary, in the request's language.
        pub title: String,
        pub status: u16,
        /// What happened and what to do, in the request's language.
        pub detail: String,
        /// The request path.
        pub instance: String,
        /// The request id (also the `X-Request-Id` response header).
        pub request_id: String,
        /// Per-field messages (422 only), keyed by field name, in the request's language.
        pub errors: Option<std::collections::BTreeMap<String, String>>,
    }
}

/// Reusable problem+json responses (`#/components/responses/…`); the
/// conventions add the ones every route shares.
pub mod problems {
    use utoipa::openapi::RefOr;
    use utoipa::openapi::response::Response;

    use super::problem_response;

    macro_rules! problem {
        ($name:ident, $description:literal) => {
            problem!($name, $description, false);
        };
        ($name:ident, $description:literal, $retry:expr) => {
            #[doc = $description]
            pub struct $name;

            impl<'r> utoipa::ToResponse<'r> for $name {
                fn response() -> (&'r str, RefOr<Response>) {
                    (stringify!($name), RefOr::T(problem_response($description, $retry)))
                }
            }
        };
    }

    problem!(
        BadRequest,
        "The request cannot be read: a parameter given twice, a malformed body, no tenant for the host or `X-Tenant-Id`."
    );
    problem!(Unauthorized, "The signature is missing or wrong.");
    problem!(Forbidden, "A mutation the browser marks cross-site, or one without the page's CSRF token.");
    problem!(NotFound, "Nothing here for this guest on this host (an unknown id, or another session's or tenant's).");
    problem!(Gone, "The link has expired.");
    problem!(
        Conflict,
        "Not possible now: the problem says why (`type` /problems/not-allowed, /problems/stale, /problems/upstream-conflict)."
    );
    problem!(PayloadTooLarge, "The body is over 64 KiB.");
    problem!(UnsupportedMediaType, "The body is neither `application/json` nor a form.");
    problem!(ValidationFailed, "Invalid input: `errors` has a message per field.");
    problem!(VersionRequired, "A draft mutation without `If-Match`: send the `ETag` of the draft it is based on.");
    problem!(
        TooManyRequests,
        "Too many mutations from this address or session; retry after `Retry-After` seconds.",
        true
    );
    problem!(
        Unavailable,
        "A service this needs is unavailable (an upstream, or the session store); nothing was lost, retry after `Retry-After` seconds.",
        true
    );
    problem!(GatewayTimeout, "An upstream service did not answer in time; nothing was lost, please retry.");

    /// What a refused draft mutation and an upstream failure during one answer:
    /// the draft as it is now (with `notice`), or a problem when the draft itself
    /// cannot be read. Shared by every draft mutation.
    macro_rules! draft_answer {
        ($name:ident, $description:literal, $problem_too:expr) => {
            #[doc = $description]
            pub struct $name;

            impl<'r> utoipa::ToResponse<'r> for $name {
                fn response() -> (&'r str, RefOr<Response>) {
                    (stringify!($name), RefOr::T(super::draft_response($description, $problem_too)))
                }
            }
        };
    }

    draft_answer!(
        DraftRefused,
        "Refused: the version is stale (the current draft, `notice` says it changed elsewhere) or the action is not possible now (`notice` says why)",
        false
    );
    draft_answer!(
        DraftUpstreamUnavailable,
        "An upstream is unavailable: the draft as it is, with `notice` (or a problem when the draft cannot be read)",
        true
    );
    draft_answer!(
        DraftUpstreamTimeout,
        "An upstream did not answer in time: the draft as it is, with `notice` (or a problem)",
        true
    );
}

/// The draft as JSON (with its version as `ETag`), and with `problem_too` the
/// problem+json a draft that cannot be read is answered with.
fn draft_response(description: &str, problem_too: bool) -> Response {
    let mut builder = ResponseBuilder::new()
        .description(description)
        .content("application/json", Content::new(Some(Ref::from_schema_name("DraftView"))));
    if problem_too {
        builder = builder.content("application/problem+json", Content::new(Some(Ref::from_schema_name("Problem"))));
    } else {
        let etag = HeaderBuilder::new()
            .schema(Some(ObjectBuilder::new().schema_type(Type::String)))
            .description(Some("The current version"))
            .build();
        builder = builder.header("ETag", etag);
    }
    builder.build()
}

/// A problem+json response with `description`; `retry` adds `Retry-After`.
fn problem_response(description: &str, retry: bool) -> Response {
    let mut response = ResponseBuilder::new()
        .description(description)
        .content("application/problem+json", Content::new(Some(Ref::from_schema_name("Problem"))))
        .build();
    if retry {
        let header = HeaderBuilder::new()
            .schema(Some(ObjectBuilder::new().schema_type(Type::Integer).minimum(Some(0))))
            .description(Some("Seconds to wait before trying again"))
            .build();
        response.headers.insert("Retry-After".into(), RefOr::T(header));
    }
    response
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "bff-tenant-booking",
        version = "1",
        description = "Tenant-branded guest booking API. Every route also serves HTML (and htmx fragments); \
                       send `Accept: application/json` for JSON. On the API host (`localhost`, `127.0.0.1`) send \
                       `X-Tenant-Id`. Keep cookies: the session owns drafts and confirmations. \
                       A booking: GET /search → GET /properties/{id} → POST /draft → POST /draft/{id}/guest → \
                       POST /draft/{id}/hold → POST /draft/{id}/payment (send the guest to payment.redirectUrl; the \
                       app passes its own `returnUrl`) → GET /draft/{id}/payment/return → GET /confirmation/{reference}. \
                       Every draft carries `links`: what can be done now, with the method, the href and the \
                       `If-Match` to send. Every mutation of a draft sends its current version as `If-Match` (the \
                       `ETag` of the last response); a stale version is a 409 with the current draft, a missing one \
                       a 428. Errors are RFC 9457 application/problem+json (`Problem`), with per-field `errors` on \
                       422. Text (messages, `display` amounts) comes in the guest's language: `?lang=` on any page, \
                       then POST /prefs, then `Accept-Language` (en, fr, de, pt, as the tenant offers). Money is \
                       integer minor units of the currency charged; with a display currency (`?currency=` or \
                       POST /prefs) amounts also carry `converted`, for showing only. The app sends its iam token as \
                       `Authorization: Bearer` (security scheme `iam`); member prices follow from it."
    ),
    paths(crate::http::ops::meta_sync_contract, crate::http::ops::openapi, draft::payment::payment_webhook),
    components(
        schemas(bodies::Problem),
        responses(
            problems::BadRequest,
            problems::Unauthorized,
            problems::Forbidden,
            problems::NotFound,
            problems::Gone,
            problems::Conflict,
            problems::PayloadTooLarge,
            problems::UnsupportedMediaType,
            problems::ValidationFailed,
            problems::VersionRequired,
            problems::TooManyRequests,
            problems::Unavailable,
            problems::GatewayTimeout,
            problems::DraftRefused,
            problems::DraftUpstreamUnavailable,
            problems::DraftUpstreamTimeout,
        )
    ),
    modifiers(&Conventions),
    tags(
        (name = "search", description = "The landing, search across the tenant's properties, a property's rooms and rates, and its price calendar."),
        (name = "bootstrap", description = "What the app needs at start: the tenant's brand and properties, the guest's prefs, \
                                            sign-in and draft in progress."),
        (name = "funnel", description = "The booking draft, from a selected rate to the confirmation."),
        (name = "guest", description = "Web sign-in (the app sends its iam token as `Authorization: Bearer`), \
                                        analytics consent, and language and display-currency prefs."),
        (name = "handoff", description = "Arrival from a partner site with a signed single-use link (DESIGN §5). \
                                          Failures are problem+json with `type` /problems/{code}: malformed, \
                                          unsupported-version, too-large, unknown-key, bad-signature, bad-payload, \
                                          wrong-tenant, not-yet-valid, expired, lifetime-too-long, already-used."),
        (name = "operations", description = "Not tenant-scoped."),
        (name = "gateway", description = "Called by the payment gateway, never by a guest.")
    )
)]
struct ApiDoc;

/// Every documented site route, each with its documentation.
fn documented() -> OpenApiRouter<Arc<AppState>> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(search::router())
        .merge(bootstrap::router())
        .merge(property::router())
        .merge(calendar::router())
        .merge(draft::router())
        .merge(handoff::router())
        .merge(manage::router())
        .merge(signin::router())
        .merge(consent::router())
        .merge(prefs::router())
}

/// The tenant-scoped routes that answer JSON, for `http::router` to mount.
pub fn site_routes() -> Router<Arc<AppState>> {
    documented().split_for_parts().0
}

/// The whole document, built once.
pub fn document() -> &'static utoipa::openapi::OpenApi {
    static DOCUMENT: OnceLock<utoipa::openapi::OpenApi> = OnceLock::new();
    DOCUMENT.get_or_init(|| {
        let mut doc = documented().split_for_parts().1;
        Conventions.modify(&mut doc);
        doc
    })
}

/// What every route shares, added to each operation so the routes' own
/// annotations say only what is particular to them:
///
/// - the tenant's routes take `X-Tenant-Id` (on the API host) and
///   `Accept-Language`, and may answer 400, 404 (no such tenant), 503 and 504;
/// - their mutations (POST) may also answer 403 (cross-site), 413, 415 and 429;
/// - a draft's routes (`/draft/{id}…`) take the draft id, and answer it with its
///   version as `ETag`; its mutations (every POST there) take `If-Match` and
///   answer a refusal (409), a missing version (428) and an upstream failure
///   (503, 504) with the draft as it is;
/// - the `iam` bearer security scheme.
struct Conventions;

impl Modify for Conventions {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        let components = doc.components.get_or_insert_with(Default::default);
        components.security_schemes.insert(
            "iam".into(),
            RefOr::T(SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "The guest's iam token (the app). Optional: without it (or with one iam does not know) the \
                         guest is served as not signed in, at public prices.",
                    ))
                    .build(),
            )),
        );
        let string = || ObjectBuilder::new().schema_type(Type::String);
        let parameters = [
            (
                "TenantId",
                "X-Tenant-Id",
                ParameterIn::Header,
                Required::False,
                "The tenant (e.g. `aurora`), required on the API host (`localhost`, `127.0.0.1`); on a \
                         tenant's own host it must name that tenant if sent.",
                string().pattern(Some("^[a-z0-9-]{1,40}$")),
            ),
            (
                "AcceptLanguage",
                "Accept-Language",
                ParameterIn::Header,
                Required::False,
                "The guest's languages; used when neither `?lang=` nor POST /prefs chose one (en, fr, de, \
                         pt, as the tenant offers).",
                string(),
            ),
            ("DraftId", "id", ParameterIn::Path, Required::True, "The draft id (26 characters)", string()),
            (
                "IfMatch",
                "If-Match",
                ParameterIn::Header,
                Required::True,
                "The `ETag` of the draft this change is based on",
                string(),
            ),
        ];
        for (key, name, parameter_in, required, description, schema) in parameters {
            let parameter = ParameterBuilder::new()
                .name(name)
                .parameter_in(parameter_in)
                .required(required)
                .description(Some(description))
                .schema(Some(schema))
                .build();
            components.parameters.insert(key.into(), RefOr::T(parameter));
        }
        for (path, item) in doc.paths.paths.iter_mut() {
            let of_a_draft = path.starts_with("/draft/{id}");
            let operations = [
                (false, item.get.as_mut()),
                (true, item.post.as_mut()),
                (true, item.put.as_mut()),
                (true, item.delete.as_mut()),
                (true, item.patch.as_mut()),
            ];
            for (mutation, operation) in operations {
                if let Some(operation) = operation {
                    if of_a_draft {
                        apply_draft_conventions(operation, mutation);
                    }
                    apply_conventions(operation, mutation);
                }
            }
        }
    }
}

fn apply_draft_conventions(operation: &mut Operation, mutation: bool) {
    let parameters = operation.parameters.get_or_insert_with(Vec::new);
    // A handler that extracts `Path<String>` has its `id` documented by utoipa already.
    if !parameters.iter().any(|p| matches!(p, RefOr::T(p) if p.name == "id")) {
        parameters.push(RefOr::Ref(Ref::new("#/components/parameters/DraftId")));
    }
    if let Some(RefOr::T(ok)) = operation.responses.responses.get_mut("200") {
        ok.headers.entry("ETag".into()).or_insert_with(|| {
            RefOr::T(
                HeaderBuilder::new()
                    .schema(Some(ObjectBuilder::new().schema_type(Type::String)))
                    .description(Some("The draft's version, quoted (`\"7\"`): send it back as `If-Match`"))
                    .build(),
            )
        });
    }
    if !mutation {
        return;
    }
    parameters.push(RefOr::Ref(Ref::new("#/components/parameters/IfMatch")));
    for (status, name) in [
        ("404", "NotFound"),
        ("409", "DraftRefused"),
        ("428", "VersionRequired"),
        ("503", "DraftUpstreamUnavailable"),
        ("504", "DraftUpstreamTimeout"),
    ] {
        operation.responses.responses.entry(status.into()).or_insert_with(|| RefOr::Ref(Ref::from_response_name(name)));
    }
}

fn apply_conventions(operation: &mut Operation, mutation: bool) {
    let tenant_scoped = !operation.tags.iter().flatten().any(|t| t == "operations" || t == "gateway");
    if !tenant_scoped {
        return;
    }
    let parameters = operation.parameters.get_or_insert_with(Vec::new);
    for name in ["TenantId", "AcceptLanguage"] {
        parameters.push(RefOr::Ref(Ref::new(format!("#/components/parameters/{name}"))));
    }
    // No tenant for the host (or `X-Tenant-Id`) is a 404 on every route.
    let mut shared =
        vec![("400", "BadRequest"), ("404", "NotFound"), ("503", "Unavailable"), ("504", "GatewayTimeout")];
    if mutation {
        shared.extend([
            ("403", "Forbidden"),
            ("413", "PayloadTooLarge"),
            ("415", "UnsupportedMediaType"),
            ("429", "TooManyRequests"),
        ]);
    }
    for (status, name) in shared {
        operation.responses.responses.entry(status.into()).or_insert_with(|| RefOr::Ref(Ref::from_response_name(name)));
    }
}
