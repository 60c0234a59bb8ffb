//! The demo iam service: three demo guests (README, "Demo guests"), bearer
//! tokens kept in the demo state, and each guest's loyalty profile.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};
use axum::{Json, Router};
use jiff::Timestamp;
use subtle::ConstantTimeEq;

use super::DemoState;
use super::wire::{JsonBody, Problem, after, now};
use crate::upstream::contract::{IamGuestDto, IamSessionDto, IamSignInDto};

pub struct DemoGuest {
    pub guest_id: &'static str,
    pub email: &'static str,
    pub password: &'static str,
    pub first_name: &'static str,
    pub tier: &'static str,
    pub points: u64,
    pub member_rates: bool,
}

pub const GUESTS: &[DemoGuest] = &[
    DemoGuest {
        guest_id: "g_ada",
        email: "ada@example.com",
        password: "demo-gold",
        first_name: "Ada",
        tier: "gold",
        points: 12_400,
        member_rates: true,
    },
    DemoGuest {
        guest_id: "g_grace",
        email: "grace@example.com",
        password: "demo-platinum",
        first_name: "Grace",
        tier: "platinum",
        points: 48_250,
        member_rates: true,
    },
    DemoGuest {
        guest_id: "g_alan",
        email: "alan@example.com",
        password: "demo-silver",
        first_name: "Alan",
        tier: "silver",
        points: 350,
        member_rates: false,
    },
];

/// How long a demo token lives.
const TOKEN_TTL_SECS: u64 = 12 * 60 * 60;

/// Issued tokens: token → (guest index, expiry).
#[derive(Default)]
pub struct Tokens(HashMap<String, (usize, Timestamp)>);

pub fn router() -> Router<Arc<DemoState>> {
    Router::new().route("/v1/iam/sessions", post(sign_in)).route("/v1/iam/guests/me", get(me))
}

fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

async fn sign_in(
    State(state): State<Arc<DemoState>>,
    JsonBody(req): JsonBody<IamSignInDto>,
) -> Result<(StatusCode, Json<IamSessionDto>), Problem> {
    let email = req.email.trim().to_ascii_lowercase();
    let found = GUESTS.iter().position(|g| g.email == email && same(g.password, &req.password));
    let Some(index) = found else {
        return Err(Problem::new(
            StatusCode::UNAUTHORIZED,
            "invalid-credentials",
            "the e-mail address and password do not match",
        ));
    };
    let token = hex::encode(rand::random::<[u8; 32]>());
    let expires_at = after(now(), TOKEN_TTL_SECS);
    let mut tokens = state.iam_tokens();
    tokens.0.retain(|_, (_, expiry)| *expiry > Timestamp::now());
    tokens.0.insert(token.clone(), (index, expires_at));
    Ok((StatusCode::CREATED, Json(IamSessionDto { token, guest_id: GUESTS[index].guest_id.into(), expires_at })))
}

async fn me(State(state): State<Arc<DemoState>>, headers: HeaderMap) -> Result<Json<IamGuestDto>, Problem> {
    let invalid = || Problem::new(StatusCode::UNAUTHORIZED, "invalid-token", "the bearer token is unknown or expired");
    let header = headers.get(axum::http::header::AUTHORIZATION).and_then(|v| v.to_str().ok()).unwrap_or("");
    let token = header.strip_prefix("Bearer ").ok_or_else(invalid)?.trim();
    let index = match state.iam_tokens().0.get(token) {
        Some((index, expiry)) if *expiry > Timestamp::now() => *index,
        _ => return Err(invalid()),
    };
    let g = &GUESTS[index];
    Ok(Json(IamGuestDto {
        guest_id: g.guest_id.into(),
        first_name: g.first_name.into(),
        tier: g.tier.into(),
        points: g.points,
        member_rates: g.member_rates,
    }))
}
