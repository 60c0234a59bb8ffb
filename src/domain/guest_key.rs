//! The guest key: who a browser session belongs to, and so who owns drafts,
//! confirmations and handoff arrivals. The session layer makes it (128 random
//! bits, hex) and keeps it server-side; it is never shown to anyone and never
//! logged (its `Debug` says only that there is one).

use std::fmt;

use serde::{Deserialize, Serialize};

#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct GuestKey(String);

impl GuestKey {
    /// A key as the session store keeps it.
    pub fn new(raw: impl Into<String>) -> Self {
        Self(raw.into())
    }

    /// A fresh key from the thread-local CSPRNG.
    pub fn random() -> Self {
        Self(hex::encode(rand::random::<[u8; 16]>()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for GuestKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("GuestKey(…)")
    }
}

#[cfg(test)]
mod tests {
    use super::GuestKey;

    #[test]
    fn a_key_is_never_printed() {
        let key = GuestKey::random();
        assert_eq!(key.as_str().len(), 32);
        assert!(!format!("{key:?}").contains(key.as_str()));
        assert_ne!(GuestKey::random(), key);
        assert_eq!(serde_json::to_string(&GuestKey::new("k1")).unwrap(), r#""k1""#, "stored as the plain string");
    }
}
