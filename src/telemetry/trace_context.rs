//! W3C Trace Context (<https://www.w3.org/TR/trace-context/>): the trace a
//! request arrives with, continued on every upstream call. A valid
//! `traceparent` keeps its trace id and flags (a caller that did not sample
//! stays unsampled downstream) and its valid `tracestate` travels on unchanged;
//! an absent or invalid one starts a new trace, and then any `tracestate` is
//! dropped (the spec forbids reading it without a valid parent).

/// `sampled` (bit 0) and, in Level 2, `random-trace-id` (bit 1): the flags this
/// service knows. The rest are reserved, and the spec says to send them as zero.
const KNOWN_FLAGS: u8 = 0b11;
const SAMPLED: u8 = 0b01;

/// At most this many list members in a `tracestate` (spec §3.3.1.1).
const MAX_TRACESTATE_MEMBERS: usize = 32;

/// The trace of one incoming request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TraceContext {
    /// 32 lowercase hex digits, not all zero.
    pub trace_id: String,
    /// The trace-flags byte to send on (reserved bits cleared).
    pub flags: u8,
    /// The incoming `tracestate`, when it was valid and not empty.
    pub tracestate: Option<String>,
}

impl TraceContext {
    /// Continues the trace of `traceparent` (every value the request carried
    /// under that name: more than one is invalid) with `tracestate` (every
    /// value, joined as one list), or starts a new one.
    pub fn from_headers<'a>(
        traceparent: impl IntoIterator<Item = &'a [u8]>,
        tracestate: impl IntoIterator<Item = &'a [u8]>,
    ) -> Self {
        let mut parents = traceparent.into_iter();
        let parent = match (parents.next(), parents.next()) {
            (Some(one), None) => std::str::from_utf8(one).ok().and_then(parse_traceparent),
            _ => None,
        };
        let Some((trace_id, flags)) = parent else {
            return Self::start();
        };
        Self { trace_id, flags, tracestate: join_tracestate(tracestate) }
    }

    /// A new trace, sampled (this service records every request).
    pub fn start() -> Self {
        Self { trace_id: hex::encode(nonzero::<16>()), flags: SAMPLED, tracestate: None }
    }

    /// The `traceparent` of one outgoing call: this trace, a new parent id
    /// (the call's own span), the flags as received.
    pub fn traceparent(&self) -> String {
        traceparent(&self.trace_id, self.flags)
    }
}

/// A version-00 `traceparent` for trace `trace_id` with a new parent id.
pub fn traceparent(trace_id: &str, flags: u8) -> String {
    format!("00-{trace_id}-{}-{flags:02x}", hex::encode(nonzero::<8>()))
}

/// Random bytes, not all zero (an all-zero id is invalid).
fn nonzero<const N: usize>() -> [u8; N] {
    loop {
        let bytes: [u8; N] = rand::random();
        if bytes.iter().any(|b| *b != 0) {
            return bytes;
        }
    }
}

/// The trace id and flags of a valid `traceparent` (spec §3.2 and §4.3
/// "Versioning"): version 00 is exactly `00-{32 hex}-{16 hex}-{2 hex}`; a
/// later version is read for those fields when what follows them starts with
/// `-`; version `ff`, upper-case hex and all-zero ids are invalid.
fn parse_traceparent(value: &str) -> Option<(String, u8)> {
    let value = value.trim_matches([' ', '\t']);
    let bytes = value.as_bytes();
    if bytes.len() < 55 || !value.is_ascii() {
        return None;
    }
    let field = |range: std::ops::Range<usize>| &value[range];
    let version = field(0..2);
    let (trace_id, parent_id, flags) = (field(3..35), field(36..52), field(53..55));
    let shape = is_lower_hex(version)
        && version != "ff"
        && bytes[2] == b'-'
        && bytes[35] == b'-'
        && bytes[52] == b'-'
        && is_lower_hex(trace_id)
        && is_lower_hex(parent_id)
        && is_lower_hex(flags);
    let length = match version {
        "00" => bytes.len() == 55,
        _ => bytes.len() == 55 || bytes[55] == b'-',
    };
    let nonzero = |id: &str| id.bytes().any(|b| b != b'0');
    if !(shape && length && nonzero(trace_id) && nonzero(parent_id)) {
        return None;
    }
    let flags = u8::from_str_radix(flags, 16).ok()?;
    Some((trace_id.to_owned(), flags & KNOWN_FLAGS))
}

fn is_lower_hex(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// Every `tracestate` value joined as one list (RFC 9110 §5.3), when the list
/// is valid (spec §3.3): at most 32 members, each `key=value` with a unique
/// key, empty members allowed. An invalid list is dropped whole; an empty one
/// is not sent.
fn join_tracestate<'a>(values: impl IntoIterator<Item = &'a [u8]>) -> Option<String> {
    let mut joined = String::new();
    for value in values {
        let value = std::str::from_utf8(value).ok()?.trim_matches([' ', '\t']);
        if !joined.is_empty() {
            joined.push(',');
        }
        joined.push_str(value);
    }
    let mut keys: Vec<&str> = Vec::new();
    for member in joined.split(',').map(|m| m.trim_matches([' ', '\t'])).filter(|m| !m.is_empty()) {
        let (key, value) = member.split_once('=')?;
        if !is_tracestate_key(key) || !is_tracestate_value(value) || keys.contains(&key) {
            return None;
        }
        keys.push(key);
    }
    if keys.is_empty() || keys.len() > MAX_TRACESTATE_MEMBERS {
        return None;
    }
    Some(joined)
}

/// `simple-key = lcalpha 0*255(keychar)` or
/// `multi-tenant-key = (lcalpha / DIGIT) 0*240(keychar) "@" lcalpha 0*13(keychar)`.
fn is_tracestate_key(key: &str) -> bool {
    let keychar = |b: u8| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'_' | b'-' | b'*' | b'/');
    let part = |s: &str, first_digit: bool, max: usize| {
        let bytes = s.as_bytes();
        match bytes.split_first() {
            Some((first, rest)) => {
                (first.is_ascii_lowercase() || (first_digit && first.is_ascii_digit()))
                    && rest.len() < max
                    && rest.iter().all(|b| keychar(*b))
            }
            None => false,
        }
    };
    match key.split_once('@') {
        None => part(key, false, 256),
        Some((tenant, system)) => part(tenant, true, 241) && part(system, false, 14),
    }
}

/// `value = 0*255(chr) nblk-chr`: printable ASCII but `,` and `=`, at most 256
/// characters, not ending in a space.
fn is_tracestate_value(value: &str) -> bool {
    let chr = |b: u8| matches!(b, 0x20..=0x7e) && b != b',' && b != b'=';
    (1..=256).contains(&value.len()) && value.bytes().all(chr) && !value.ends_with(' ')
}

#[cfg(test)]
mod tests {
    use super::*;

    const TRACE: &str = "4bf92f3577b34da6a3ce929d0e0e4736";

    fn ctx(parents: &[&str], states: &[&str]) -> TraceContext {
        TraceContext::from_headers(parents.iter().map(|p| p.as_bytes()), states.iter().map(|s| s.as_bytes()))
    }

    #[test]
    fn a_valid_traceparent_keeps_its_trace_id_and_flags() {
        for flags in ["00", "01"] {
            let c = ctx(&[&format!("00-{TRACE}-00f067aa0ba902b7-{flags}")], &[]);
            assert_eq!(c.trace_id, TRACE);
            let out = c.traceparent();
            assert!(out.starts_with(&format!("00-{TRACE}-")) && out.ends_with(&format!("-{flags}")), "{out}");
            assert!(!out.contains("00f067aa0ba902b7"), "a new parent id");
            assert_eq!(out.len(), 55);
        }
        // Level 2's random-trace-id flag is kept; reserved bits are sent as zero.
        assert_eq!(ctx(&[&format!("00-{TRACE}-00f067aa0ba902b7-03")], &[]).flags, 0x03);
        assert_eq!(ctx(&[&format!("00-{TRACE}-00f067aa0ba902b7-ff")], &[]).flags, 0x03);
        assert_eq!(ctx(&[&format!("00-{TRACE}-00f067aa0ba902b7-08")], &[]).flags, 0x00);
    }

    #[test]
    fn a_later_version_is_read_for_the_fields_it_shares() {
        assert_eq!(ctx(&[&format!("cc-{TRACE}-00f067aa0ba902b7-00-what-the-future-holds")], &[]).trace_id, TRACE);
        assert_eq!(ctx(&[&format!("cc-{TRACE}-00f067aa0ba902b7-00")], &[]).trace_id, TRACE);
        assert_ne!(ctx(&[&format!("cc-{TRACE}-00f067aa0ba902b7-00x")], &[]).trace_id, TRACE);
    }

    #[test]
    fn an_invalid_traceparent_starts_a_new_sampled_trace_without_its_tracestate() {
        for bad in [
            String::new(),
            "zz".into(),
            format!("ff-{TRACE}-00f067aa0ba902b7-01"),
            format!("00-{}-00f067aa0ba902b7-01", TRACE.to_uppercase()),
            format!("00-{}-00f067aa0ba902b7-01", "0".repeat(32)),
            format!("00-{TRACE}-0000000000000000-01"),
            format!("00-{TRACE}-00f067aa0ba902b7-01-extra"),
            format!("00-{TRACE}-00f067aa0ba902b7-1"),
            format!("00_{TRACE}-00f067aa0ba902b7-01"),
            format!("00-{TRACE}-00f067aa0ba902b-701"),
        ] {
            let c = ctx(&[&bad], &["vendor=value"]);
            assert_ne!(c.trace_id, TRACE, "{bad}");
            assert_eq!((c.flags, c.tracestate.as_deref()), (0x01, None), "{bad}");
            assert!(is_lower_hex(&c.trace_id) && c.trace_id.len() == 32);
        }
        let valid = format!("00-{TRACE}-00f067aa0ba902b7-01");
        assert_ne!(ctx(&[&valid, &valid], &[]).trace_id, TRACE, "two traceparent headers are invalid");
        assert_ne!(ctx(&[], &[]).trace_id, ctx(&[], &[]).trace_id, "each new trace has its own id");
    }

    #[test]
    fn a_valid_tracestate_travels_unchanged() {
        let parent = format!("00-{TRACE}-00f067aa0ba902b7-00");
        let c = ctx(&[&parent], &["rojo=00f067aa0ba902b7,congo=t61rcWkgMzE"]);
        assert_eq!(c.tracestate.as_deref(), Some("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE"));
        let c = ctx(&[&parent], &["rojo=00f067aa0ba902b7", "tenant@vendor=a b=c"]);
        assert_eq!(c.tracestate, None, "`=` is not allowed in a value");
        let c = ctx(&[&parent], &["rojo=00f067aa0ba902b7", "tenant1@vendor=x y"]);
        assert_eq!(c.tracestate.as_deref(), Some("rojo=00f067aa0ba902b7,tenant1@vendor=x y"), "two headers, one list");
        assert_eq!(ctx(&[&parent], &["a=1,,  ,b=2"]).tracestate.as_deref(), Some("a=1,,  ,b=2"), "empty members");
    }

    #[test]
    fn an_invalid_tracestate_is_dropped_and_the_trace_kept() {
        let parent = format!("00-{TRACE}-00f067aa0ba902b7-01");
        let many = (0..33).map(|i| format!("k{i}=v")).collect::<Vec<_>>().join(",");
        for bad in ["", " ", "novalue", "a=1,a=2", "Upper=1", "1abc=x", "k=", "k=x\u{7f}", "k=a b=c", &many] {
            let c = ctx(&[&parent], &[bad]);
            assert_eq!((c.trace_id.as_str(), c.tracestate.as_deref()), (TRACE, None), "{bad:?}");
        }
        let thirty_two = (0..32).map(|i| format!("k{i}=v")).collect::<Vec<_>>().join(",");
        assert!(ctx(&[&parent], &[&thirty_two]).tracestate.is_some());
        assert!(is_tracestate_key(&format!("a{}", "b".repeat(255))));
        assert!(!is_tracestate_key(&format!("a{}", "b".repeat(256))));
        assert!(is_tracestate_key("0tenant@sys-tem_*/") && !is_tracestate_key("t@0sys") && !is_tracestate_key("t@"));
        assert!(is_tracestate_key(&format!("t@s{}", "y".repeat(13))));
        assert!(!is_tracestate_key(&format!("t@s{}", "y".repeat(14))));
        assert!(is_tracestate_key(&format!("{}@s", "t".repeat(241))));
        assert!(!is_tracestate_key(&format!("{}@s", "t".repeat(242))));
    }
}
