//! The demo platform's pricing, reservations and payments upstreams, driven over
//! HTTP exactly as docs/upstreams.md describes them. Each test starts its own
//! demo platform, so tests never share inventory.

mod clients;
mod helpers;
mod payments;
mod pricing;
mod reservations;
