//! Per-field validation messages.

use super::msg::Msg;

/// Per-field validation messages, keyed by the form field name, in the order
/// they were found — which is the order of the form, so an error summary reads
/// top to bottom. Shown next to the field in HTML and as `errors` in problem+json.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldErrors(Vec<(&'static str, Msg)>);

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
