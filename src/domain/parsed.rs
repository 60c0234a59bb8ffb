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

/// A map key as the index of its name in `names` (`names.len()` for any
/// other key), matched on the key as the decoder holds it: for hand-written
/// `Deserialize`s of stored values that read a map without buffering it.
pub struct KeyIn(pub &'static [&'static str]);

impl<'de> serde::de::DeserializeSeed<'de> for KeyIn {
    type Value = usize;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<usize, D::Error> {
        d.deserialize_identifier(self)
    }
}

impl Visitor<'_> for KeyIn {
    type Value = usize;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "one of {:?}", self.0)
    }
    fn visit_str<E: Error>(self, key: &str) -> Result<usize, E> {
        Ok(self.0.iter().position(|name| *name == key).unwrap_or(self.0.len()))
    }
    fn visit_bytes<E: Error>(self, key: &[u8]) -> Result<usize, E> {
        Ok(self.0.iter().position(|name| name.as_bytes() == key).unwrap_or(self.0.len()))
    }
}
