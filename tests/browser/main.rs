//! End-to-end tests in real headless Chromium, driven over WebDriver
//! (chromedriver) with fantoccini: the booking funnel for both tenants with and
//! without JavaScript, axe-core (WCAG 2.1 A/AA) on every page and htmx state,
//! a keyboard-only booking, and a booking managed from the confirmation
//! e-mail's link (a real SMTP server) through its cancellation. Screenshots of
//! every step go to `target/screenshots/<test>/`.
//!
//! Needs Debian's `chromium` and `chromium-driver` (`scripts/test` installs
//! them); fails, never skips, without them.

#[path = "../common/mod.rs"]
mod common;

mod alternatives;
mod axe;
mod calendar;
mod codes;
mod content_language;
mod extras;
mod funnel;
mod handoff;
mod harness;
mod keyboard;
mod locales;
mod loyalty;
mod manage;
mod party;
mod payment_policy;
mod photos;
mod rooms;
mod slow_bank;
mod states;
