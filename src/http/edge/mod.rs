//! The edge's own helpers: what every route uses to read a request and answer
//! it — the request context and tenant resolution, negotiation of the three
//! representations, the one error type, CSRF, rate limits, sessions, input
//! parsing, page chrome and its theme registry, money views, and the guest's cookie-level choices
//! (consent, language and currency prefs, sign-in marker, attribution).

pub mod attribution;
pub mod consent;
pub mod context;
pub mod csrf;
pub mod error;
pub mod events;
pub mod guard;
pub mod input;
pub mod loyalty;
pub mod negotiate;
pub mod photos;
pub mod prefs;
pub mod session;
pub mod theme;
pub mod views;
