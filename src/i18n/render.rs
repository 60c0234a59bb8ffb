//! Rendering what the domain says in a guest's language: field errors (as
//! problem+json `errors`) and handoff refusals. These impls live with the
//! translator so the domain never depends on it.

use std::fmt;

use serde::Serialize;
use serde::ser::SerializeMap;

use super::{Locale, Msg, Tr};
use crate::domain::FieldErrors;
use crate::domain::handoff::HandoffError;

/// In English; [`FieldErrors::in_language`] serializes in the guest's.
impl Serialize for FieldErrors {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.in_language(Tr::default()).serialize(s)
    }
}

/// Field errors with their messages in one language, serialized as an object
/// of field → message in form order.
pub struct Localized<'a>(&'a FieldErrors, Tr);

impl Serialize for Localized<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (field, message) in self.0.iter() {
            map.serialize_entry(field, &self.1.msg(message))?;
        }
        map.end()
    }
}

/// Field errors that serialize in one guest's language: a view-model's
/// `errors` beside a 200 answer (a code no hotel took), read like
/// [`FieldErrors`] by templates.
#[derive(Debug, Clone, Default)]
pub struct ErrorsIn {
    pub errors: FieldErrors,
    pub tr: Tr,
}

impl ErrorsIn {
    pub fn new(tr: Tr) -> Self {
        Self { errors: FieldErrors::new(), tr }
    }
}

impl std::ops::Deref for ErrorsIn {
    type Target = FieldErrors;
    fn deref(&self) -> &FieldErrors {
        &self.errors
    }
}

impl std::ops::DerefMut for ErrorsIn {
    fn deref_mut(&mut self) -> &mut FieldErrors {
        &mut self.errors
    }
}

impl Serialize for ErrorsIn {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.errors.in_language(self.tr).serialize(s)
    }
}

impl Msg {
    /// The message in English, for logs and callers without a locale.
    pub fn english(&self) -> String {
        super::catalog().format(Locale::En, self.key, &self.args)
    }
}

impl FieldErrors {
    /// For serializing in the guest's language.
    pub fn in_language(&self, tr: Tr) -> Localized<'_> {
        Localized(self, tr)
    }
}

impl HandoffError {
    /// The guest's message in `t`'s language, e.g. "This booking link has
    /// expired. Please go back and choose your stay again."
    pub fn message(&self, t: Tr) -> String {
        match self {
            Self::BadPayload(detail) => t.with(self.key(), "detail", clause(t, &t.msg(detail))),
            _ => t.get(self.key()).to_owned(),
        }
    }
}

impl fmt::Display for HandoffError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Tr::new(Locale::En)))
    }
}

/// A sentence as a clause after a colon: without its full stop, and starting in
/// lower case — except in German, where a complete sentence after a colon keeps
/// its capital (and nouns always do).
fn clause(t: Tr, sentence: &str) -> String {
    let s = sentence.trim().trim_end_matches('.');
    if t.locale() == Locale::De {
        return s.to_owned();
    }
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}
