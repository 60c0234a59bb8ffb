//! Pure domain values: everything here is plain Rust with no knowledge of HTTP,
//! Redis or the upstream wire formats. Values are parsed once at the edge and are
//! valid by construction afterwards ("parse, don't validate").

pub mod attribution;
pub mod availability;
pub mod calendar;
pub mod cancellation;
pub mod draft;
pub mod extras;
pub mod field_errors;
pub mod first_touch;
pub mod guest;
pub mod guest_key;
pub mod handoff;
pub mod image;
pub mod loyalty;
pub mod manage_link;
pub mod money;
pub mod msg;
pub mod parsed;
pub mod payment_policy;
pub mod search;
pub mod stay;
pub mod tenant;

pub use field_errors::FieldErrors;
