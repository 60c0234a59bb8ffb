//! Per-field validation messages.

use serde::Serialize;
use serde::ser::SerializeMap;

use crate::i18n::{Msg, Tr};

/// Per-field validation messages, keyed by the form field name, in the order
/// they were found — which is the order of the form, so an error summary reads
/// top to bottom. Shown next to the field in HTML and as `errors` in problem+json.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldErrors(Vec<(&'static str, Msg)>);

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
        let mut map = s.serialize_map(Some(self.0.0.len()))?;
        for (field, message) in &self.0.0 {
            map.serialize_entry(field, &self.1.msg(message))?;
        }
        map.end()
    }
}

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }

    /// Records a message for `field`; the first message for a field wins, so the
    /// guest sees the most basic problem first.
    pub fn add(&mut self, field: &'static str, message: Msg) {
        if self.get(field).is_none() {
            self.0.push((field, message));
        }
    }

    pub fn get(&self, field: &str) -> Option<&Msg> {
        self.0.iter().find(|(f, _)| *f == field).map(|(_, m)| m)
    }

    /// For serializing in the guest's language.
    pub fn in_language(&self, tr: Tr) -> Localized<'_> {
        Localized(self, tr)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &Msg)> {
        self.0.iter().map(|(k, v)| (*k, v))
    }

    /// `Ok(value)` when no error was recorded.
    pub fn into_result<T>(self, value: impl FnOnce() -> T) -> Result<T, FieldErrors> {
        if self.is_empty() { Ok(value()) } else { Err(self) }
    }
}
