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

/// The rest of the stack as a folded middleware calls it (`next.run(req)`, as
/// with axum's `Next`). The site's middlewares run as a few `from_fn` layers
/// (see `http::router`), each calling the next middleware of its group through
/// a closure: axum's `from_fn` clones and boxes the services inside it and
/// boxes a future on every request, so one layer per group costs that once
/// rather than once per middleware.
pub trait Inner {
    type Future: Future<Output = axum::response::Response>;
    fn run(self, req: axum::extract::Request) -> Self::Future;
}

impl<F, Fut> Inner for F
where
    F: FnOnce(axum::extract::Request) -> Fut,
    Fut: Future<Output = axum::response::Response>,
{
    type Future = Fut;

    fn run(self, req: axum::extract::Request) -> Fut {
        self(req)
    }
}
