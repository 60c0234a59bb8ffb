//! The features: each route module extracts, calls one application service
//! (`crate::funnel`, the tenant directory, loyalty) and answers with one
//! view-model in three forms. They use the edge (`crate::http::edge`), never
//! each other's internals beyond shared view types.

pub mod assets;
pub mod bootstrap;
pub mod brand;
pub mod calendar;
pub mod demo_index;
pub mod draft;
pub mod ecommerce;
pub mod handoff;
pub mod manage;
pub mod openapi;
pub mod ops;
pub mod property;
pub mod room_step;
pub mod search;
pub mod signin;
