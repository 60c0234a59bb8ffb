//! The HTTP suite, one test binary: the real server on a free port (with its
//! embedded demo platform, or stub upstreams), real `redis-server`s, and the
//! real binary where a test is about the process. Each module is one area of
//! behaviour; `common` is the harness the browser suite shares.

#[macro_use]
#[path = "../common/mod.rs"]
mod common;

mod app_client;
mod app_flow;
mod attribution;
mod brand;
mod calendar;
mod cluster;
mod codes;
mod consent;
mod content_language;
mod demo_upstreams;
mod discovery;
mod extras;
mod first_touch;
mod foundation;
mod freshness;
mod funnel;
mod guest_details;
mod handoff;
mod hardening;
mod i18n;
mod i18n_account;
mod i18n_funnel;
mod loyalty;
mod mail;
mod manage;
mod metrics;
mod money;
mod operations;
mod party;
mod payment_policy;
mod photos;
mod protocols;
mod proxies;
mod redis_tls;
mod redis_trips;
mod rooms;
mod saga;
mod snapshots;
mod trace_context;
