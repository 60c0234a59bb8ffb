//! The OpenAPI document of the JSON representation, served at `/openapi.json`.
//! A JSON-only client can book from search to confirmation with this alone.

use utoipa::OpenApi;

use super::draft;

/// Request bodies as the JSON API documents them. The handlers read the same
/// fields from forms, where every value is text; JSON may send numbers and lists.
pub mod bodies {
    use serde::Serialize;

    /// `POST /draft`: a room and rate for a stay.
    #[derive(Serialize, utoipa::ToSchema)]
    pub struct SelectBody {
        pub property: String,
        pub room_type: String,
        pub rate_plan: String,
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

    /// `POST /draft/{id}/stay`: new dates or party (same fields as the search).
    #[derive(Serialize, utoipa::ToSchema)]
    pub struct StayBody {
        pub checkin: String,
        pub checkout: String,
        pub adults: Option<u8>,
        pub children: Option<Vec<u8>>,
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
        pub special_requests: Option<String>,
        /// Required when the stay has children: their ages at check-in, comma-separated.
        pub children_ages: Option<String>,
    }

    /// An RFC 9457 problem.
    #[derive(Serialize, utoipa::ToSchema)]
    #[serde(rename_all = "camelCase")]
    pub struct Problem {
        pub r#type: String,
        pub title: String,
        pub status: u16,
        pub detail: String,
        pub instance: String,
        pub request_id: String,
        /// Per-field messages (422 only), keyed by field name.
        pub errors: Option<std::collections::BTreeMap<String, String>>,
    }
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "bff-tenant-booking",
        description = "Tenant-branded guest booking API. Every route also serves HTML (and htmx fragments); \
                       send `Accept: application/json` for JSON. On the API host send `X-Tenant-Id`. \
                       Keep cookies: the session owns drafts and confirmations. \
                       A booking: GET /search → GET /properties/{id} → POST /draft → POST /draft/{id}/guest → \
                       POST /draft/{id}/hold → POST /draft/{id}/payment (send the guest to payment.redirectUrl) → \
                       GET /draft/{id}/payment/return → GET /confirmation/{reference}. \
                       Every mutation of a draft sends its current version as `If-Match` (the `ETag` of the last \
                       response); a stale version is a 409 with the current draft, a missing one a 428. \
                       Errors are RFC 9457 application/problem+json with per-field `errors` on 422. \
                       Text (messages, `display` amounts) comes in the guest's language: `?lang=` on any page, \
                       then POST /prefs, then `Accept-Language` (en, fr, de, pt, as the tenant offers). Money is \
                       integer minor units of the currency charged; with a display currency (`?currency=` or \
                       POST /prefs) amounts also carry `converted`, for showing only."
    ),
    paths(
        super::search::landing,
        super::search::search,
        super::property::property,
        super::bootstrap::bootstrap,
        draft::create,
        draft::show,
        draft::quote,
        draft::change_stay,
        draft::guest,
        draft::hold,
        draft::cancel,
        draft::payment::start,
        draft::payment::payment_return,
        draft::confirmation::show,
        draft::confirmation::lookup,
        super::handoff::interstitial,
        super::handoff::consume,
        super::signin::sign_in,
        super::signin::sign_out,
        super::consent::record,
        super::prefs::update,
    ),
    components(schemas(bodies::SelectBody, bodies::StayBody, bodies::GuestBody, bodies::Problem)),
    tags(
        (name = "search"),
        (name = "bootstrap"),
        (name = "funnel"),
        (name = "guest", description = "Web sign-in (the app sends its iam token as `Authorization: Bearer`), \
                                        analytics consent, and language and display-currency prefs."),
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
