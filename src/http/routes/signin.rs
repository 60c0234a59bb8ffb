//! Guest sign-in for the web (the app brings its own iam token): `GET /signin`
//! (the form), `POST /signin` (iam checks the credentials; the token goes into
//! the session, whose id is cycled; 303 back to where the guest was) and
//! `POST /signout`. Wrong credentials come back as the form with a message at
//! the field and the e-mail kept. Attempts are limited per client address and
//! per account (tenant and e-mail) on top of the mutation limits, and iam never
//! sees a password that failed our own shape checks.

use std::net::SocketAddr;
use std::sync::Arc;

use askama::Template;
use axum::extract::{ConnectInfo, RawQuery, State};
use axum::http::header::{CACHE_CONTROL, LOCATION, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::domain::FieldErrors;
use crate::domain::guest::Email;
use crate::domain::loyalty::GuestToken;
use crate::http::AppState;
use crate::http::context::Cx;
use crate::http::error::AppError;
use crate::http::guard;
use crate::http::input::{Input, return_path};
use crate::http::loyalty::{SESSION_KEY, StoredSignIn, marker_cookie};
use crate::http::negotiate::{Repr, respond};
use crate::http::openapi::problems;
use crate::http::session::GuestSession;
use crate::http::views::Chrome;
use crate::i18n::Msg;
use crate::i18n::Tr;
use crate::loyalty::SignInError;
use crate::store::rate_limits::Limit;

const MAX_PASSWORD_BYTES: usize = 256;

pub fn router() -> OpenApiRouter<Arc<AppState>> {
    OpenApiRouter::new().routes(routes!(form, sign_in)).routes(routes!(sign_out))
}

/// What the sign-in form posts. No `Debug`: it holds a password.
#[derive(Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct SignInForm {
    pub email: String,
    pub password: String,
    /// Where to go after signing in (a path on this site).
    #[serde(rename = "return")]
    pub return_to: Option<String>,
}

#[derive(Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct SignOutForm {
    #[serde(rename = "return")]
    pub return_to: Option<String>,
}

/// The sign-in form's view-model: what the guest typed (never the password),
/// messages at the fields, and a notice when iam is unavailable.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SignInView {
    pub email: String,
    #[serde(rename = "return")]
    pub return_to: String,
    /// Messages at the fields, by field name.
    #[schema(value_type = std::collections::BTreeMap<String, String>)]
    pub errors: FieldErrors,
    pub notice: Option<String>,
    /// Demo accounts, listed on the form in demo mode only.
    #[serde(skip)]
    pub demo_accounts: Vec<(&'static str, &'static str)>,
}

/// The answer to a successful JSON sign-in.
#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SignedIn {
    pub signed_in: bool,
}

#[derive(Template)]
#[template(path = "pages/signin.html")]
struct SignInPage<'a> {
    t: Tr,
    chrome: &'a Chrome,
    view: &'a SignInView,
}

#[derive(Template)]
#[template(path = "partials/signin_form.html")]
struct SignInPanel<'a> {
    t: Tr,
    chrome: &'a Chrome,
    view: &'a SignInView,
}

fn view(state: &AppState, email: String, return_to: &str) -> SignInView {
    let demo_accounts = state.sign_in_hints.clone();
    SignInView {
        email,
        return_to: return_path(Some(return_to)),
        errors: FieldErrors::new(),
        notice: None,
        demo_accounts,
    }
}

fn render(state: &AppState, cx: &Cx, status: StatusCode, view: &SignInView) -> Response {
    let chrome = cx.chrome(state);
    let mut res = respond(
        cx.repr,
        status,
        view,
        || SignInPage { t: chrome.t, chrome: &chrome, view }.render(),
        || SignInPanel { t: chrome.t, chrome: &chrome, view }.render(),
    );
    res.headers_mut().insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// `GET /signin?return=/path`
#[utoipa::path(get, path = "/signin", tag = "guest", operation_id = "getSignIn",
    params(("return" = Option<String>, Query, description = "Where to go back to after signing in (a path on this site)")),
    responses((status = 200, description = "The sign-in form's fields (and the demo accounts' hint on pages)", body = SignInView),
              (status = 404, description = "This site has no sign-in (no iam configured)", body = crate::http::openapi::bodies::Problem,
                  content_type = "application/problem+json")))]
pub async fn form(State(state): State<Arc<AppState>>, cx: Cx, RawQuery(query): RawQuery) -> Result<Response, AppError> {
    if !state.loyalty.enabled() {
        return Err(AppError::NotFound);
    }
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query.as_deref().unwrap_or("")).unwrap_or_default();
    let back = pairs.into_iter().find(|(k, _)| k == "return").map(|(_, v)| v).unwrap_or_default();
    Ok(render(&state, &cx, StatusCode::OK, &view(&state, String::new(), &back)))
}

/// `POST /signin`: e-mail and password to iam; the token into the session.
#[utoipa::path(post, path = "/signin", tag = "guest", operation_id = "signIn", request_body = SignInForm,
    responses((status = 200, description = "Signed in; the session cookie now carries the sign-in (its id is new)", body = SignedIn),
              (status = 303, description = "Pages: signed in, back to `return`"),
              (status = 404, description = "This site has no sign-in (no iam configured)", body = crate::http::openapi::bodies::Problem,
                  content_type = "application/problem+json"),
              (status = 422, response = problems::ValidationFailed),
              (status = 429, response = problems::TooManyRequests),
              (status = 503, response = problems::Unavailable)))]
pub async fn sign_in(
    State(state): State<Arc<AppState>>,
    cx: Cx,
    session: GuestSession,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Input(form): Input<SignInForm>,
) -> Result<Response, AppError> {
    if !state.loyalty.enabled() {
        return Err(AppError::NotFound);
    }
    let email = Email::parse(&form.email);
    // Per address, and per account when there is one: a guesser spread over
    // many addresses still gets one account's budget, and a guesser at one
    // address locks that address, not every guest behind the same proxy.
    let client = guard::client_key(&state, Some(peer), &headers);
    let account = email.as_ref().map(|e| format!("{}\n{}", cx.tenant.id, e.as_str().to_lowercase()));
    let mut checks = vec![(Limit::SignInAddress, client.as_str())];
    checks.extend(account.as_deref().map(|a| (Limit::SignInAccount, a)));
    state.limits.check(&checks).await.map_err(guard::refused)?;
    let mut view = view(&state, form.email.trim().to_owned(), form.return_to.as_deref().unwrap_or("/"));
    if email.is_none() {
        view.errors.add("email", Msg::new("field-signin-email"));
    }
    if form.password.is_empty() {
        view.errors.add("password", Msg::new("field-signin-password-missing"));
    } else if form.password.len() > MAX_PASSWORD_BYTES {
        view.errors.add("password", Msg::new("field-signin-password-too-long"));
    }
    let refuse = |view: SignInView, errors: FieldErrors| -> Result<Response, AppError> {
        if cx.repr == Repr::Json {
            return Err(AppError::Validation(errors));
        }
        Ok(render(&state, &cx, StatusCode::UNPROCESSABLE_ENTITY, &view))
    };
    let Some(email) = email.filter(|_| view.errors.is_empty()) else {
        let errors = view.errors.clone();
        return refuse(view, errors);
    };

    let signed = match state.loyalty.sign_in(&cx.rc, email.as_str(), &form.password).await {
        Ok(signed) => signed,
        Err(SignInError::InvalidCredentials) => {
            metrics::counter!("sign_ins_total", "outcome" => "invalid").increment(1);
            view.errors.add("password", Msg::new("field-signin-mismatch"));
            let errors = view.errors.clone();
            return refuse(view, errors);
        }
        Err(SignInError::NotConfigured) => return Err(AppError::NotFound),
        Err(SignInError::Upstream(e)) => {
            metrics::counter!("sign_ins_total", "outcome" => "unavailable").increment(1);
            if cx.repr == Repr::Json {
                return Err(AppError::Upstream(e));
            }
            view.notice = Some(cx.t.get("account-signin-unavailable").to_owned());
            return Ok(render(&state, &cx, StatusCode::SERVICE_UNAVAILABLE, &view));
        }
    };
    if GuestToken::parse(&signed.token).is_none() {
        return Err(AppError::Upstream(crate::upstream::UpstreamError::Decode(
            crate::upstream::Upstream::Iam,
            "a token outside the bearer alphabet".into(),
        )));
    }
    session.ensure().await?;
    session
        .insert(SESSION_KEY, &StoredSignIn { token: signed.token, expires_at: signed.expires_at.as_second() })
        .await?;
    // A new session id for the signed-in guest (DESIGN §8): a session id seen
    // before sign-in is worth nothing after it.
    session.cycle().await?;
    metrics::counter!("sign_ins_total", "outcome" => "ok").increment(1);
    let mut res = match cx.repr {
        Repr::Json => axum::Json(SignedIn { signed_in: true }).into_response(),
        _ => (StatusCode::SEE_OTHER, [(LOCATION, view.return_to)]).into_response(),
    };
    set_marker(&mut res, true, state.cookie_secure());
    Ok(res)
}

fn set_marker(res: &mut Response, signed_in: bool, secure: bool) {
    if let Ok(v) = HeaderValue::from_str(&marker_cookie(signed_in, secure)) {
        res.headers_mut().append(SET_COOKIE, v);
    }
}

/// `POST /signout`: forgets the sign-in (and cycles the session id).
#[utoipa::path(post, path = "/signout", tag = "guest", operation_id = "signOut", request_body = SignOutForm,
    responses((status = 204, description = "Signed out (the session id is new)"), (status = 303, description = "Pages: back to `return`")))]
pub async fn sign_out(
    State(state): State<Arc<AppState>>,
    cx: Cx,
    session: GuestSession,
    Input(form): Input<SignOutForm>,
) -> Result<Response, AppError> {
    if let Some(stored) = session.get::<StoredSignIn>(SESSION_KEY).await? {
        if let Some(token) = GuestToken::parse(&stored.token) {
            state.loyalty.forget(&token).await;
        }
        session.remove(SESSION_KEY).await?;
        session.cycle().await?;
    }
    let mut res = match cx.repr {
        Repr::Json => StatusCode::NO_CONTENT.into_response(),
        _ => (StatusCode::SEE_OTHER, [(LOCATION, return_path(form.return_to.as_deref()))]).into_response(),
    };
    set_marker(&mut res, false, state.cookie_secure());
    Ok(res)
}
