//! bff-tenant-booking: the tenant-branded guest booking surface of the Ghasi
//! hospitality platform. A backend-for-frontend that owns no inventory, prices or
//! bookings; it composes the platform's upstream services and renders server-side
//! HTML (with htmx fragments) for browsers and JSON for the guest app.

pub mod analytics;
pub mod cli;
pub mod config;
pub mod demo;
pub mod domain;
pub mod funnel;
pub mod http;
pub mod i18n;
pub mod loyalty;
pub mod mail;
pub mod proxies;
pub mod secret;
pub mod startup;
pub mod store;
pub mod telemetry;
pub mod tenancy;
pub mod upstream;
