//! Values deserialized from the string as the decoder holds it (its input, or
//! its scratch buffer for an escaped string) rather than through a `String` of
//! their own: a stored draft has some forty amounts, each with its currency.

use std::fmt;
use std::marker::PhantomData;

use serde::Deserializer;
use serde::de::{Error, Visitor};

/// `parse` applied to the string `d` holds; `None` where it does not parse,
/// for the caller to refuse in its own words. `expecting` names the value in
/// the decoder's error for a non-string.
pub fn parse_in_place<'de, D, T>(
    d: D,
    expecting: &'static str,
    parse: fn(&str) -> Option<T>,
) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
{
    struct InPlace<T> {
        expecting: &'static str,
        parse: fn(&str) -> Option<T>,
        value: PhantomData<T>,
    }
    impl<T> Visitor<'_> for InPlace<T> {
        type Value = Option<T>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.expecting)
        }
        fn visit_str<E: Error>(self, raw: &str) -> Result<Option<T>, E> {
            Ok((self.parse)(raw))
        }
    }
    d.deserialize_str(InPlace { expecting, parse, value: PhantomData })
}
