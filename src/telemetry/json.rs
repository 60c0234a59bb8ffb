//! The JSON log line, written straight into the subscriber's line buffer.
//!
//! The same lines as `tracing_subscriber`'s `json().flatten_event(true)
//! .with_current_span(true)`: `timestamp`, `level`, the event's fields,
//! `target`, then the current span as `span` and the spans from the root as
//! `spans`, each an object of its fields and `name`. That formatter cost about
//! 70 K instructions a request (most of the access log's cost): it kept each
//! span's fields as a JSON string and parsed it back into a map for every line,
//! twice (`span` and `spans`), and it wrote through an `io::Write` adapter that
//! checked each small piece as UTF-8 again. Here a span's fields are kept as
//! the JSON members they are (`"k":v,…`) and copied into the line as they are;
//! nothing is parsed and nothing allocated per line.

use std::fmt::{self, Write};

use tracing::field::{Field, Visit};
use tracing::{Event, Subscriber};
use tracing_log::NormalizeEvent;
use tracing_subscriber::field::{RecordFields, VisitOutput};
use tracing_subscriber::fmt::format::Writer;
use tracing_subscriber::fmt::time::{FormatTime, SystemTime};
use tracing_subscriber::fmt::{FmtContext, FormatEvent, FormatFields, FormattedFields};
use tracing_subscriber::registry::{LookupSpan, SpanRef};

/// The event formatter: one JSON object per line.
#[derive(Debug, Default, Clone, Copy)]
pub struct JsonLines;

/// A span's fields as JSON members, `"k":v` separated by commas, no braces.
#[derive(Debug, Default, Clone, Copy)]
pub struct JsonMembers;

impl<S> FormatEvent<S, JsonMembers> for JsonLines
where
    S: Subscriber + for<'a> LookupSpan<'a>,
{
    fn format_event(&self, ctx: &FmtContext<'_, S, JsonMembers>, mut w: Writer<'_>, event: &Event<'_>) -> fmt::Result {
        let normalized = event.normalized_metadata();
        let meta = normalized.as_ref().unwrap_or_else(|| event.metadata());
        w.write_str("{\"timestamp\":\"")?;
        timestamp(&mut w, std::time::SystemTime::now())?;
        w.write_str("\",\"level\":\"")?;
        w.write_str(meta.level().as_str())?;
        w.write_char('"')?;
        let mut fields = Members { w: &mut w, first: false, result: Ok(()) };
        event.record(&mut fields);
        fields.result?;
        w.write_str(",\"target\":")?;
        string(&mut w, meta.target())?;
        let current = event.parent().and_then(|id| ctx.span(id)).or_else(|| ctx.lookup_current());
        if let Some(current) = current {
            w.write_str(",\"span\":")?;
            span(&mut w, &current)?;
            w.write_str(",\"spans\":[")?;
            for (i, s) in current.scope().from_root().enumerate() {
                if i > 0 {
                    w.write_char(',')?;
                }
                span(&mut w, &s)?;
            }
            w.write_char(']')?;
        }
        w.write_str("}\n")
    }
}

/// `{fields…,"name":"…"}` of one span.
fn span<S>(w: &mut Writer<'_>, span: &SpanRef<'_, S>) -> fmt::Result
where
    S: for<'a> LookupSpan<'a>,
{
    w.write_char('{')?;
    if let Some(fields) = span.extensions().get::<FormattedFields<JsonMembers>>()
        && !fields.fields.is_empty()
    {
        w.write_str(&fields.fields)?;
        w.write_char(',')?;
    }
    w.write_str("\"name\":")?;
    string(w, span.name())?;
    w.write_char('}')
}

impl<'w> FormatFields<'w> for JsonMembers {
    /// A new span's fields, written into a per-thread scratch line first and
    /// then copied whole: the span's own `String` starts empty, and growing
    /// it member by member took five reallocations a request span.
    fn format_fields<R: RecordFields>(&self, mut writer: Writer<'w>, fields: R) -> fmt::Result {
        thread_local! {
            static SCRATCH: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
        }
        let record = |w: &mut Writer<'_>| {
            let mut members = Members { w, first: true, result: Ok(()) };
            fields.record(&mut members);
            members.result
        };
        SCRATCH.with(|scratch| match scratch.try_borrow_mut() {
            Ok(mut scratch) => {
                scratch.clear();
                record(&mut Writer::new(&mut *scratch))?;
                writer.write_str(&scratch)
            }
            // A span made while formatting another (a `Debug` impl that
            // logs): written in place.
            Err(_) => record(&mut writer),
        })
    }

    fn add_fields(&self, current: &'w mut FormattedFields<Self>, fields: &tracing::span::Record<'_>) -> fmt::Result {
        let first = current.fields.is_empty();
        let mut writer = current.as_writer();
        let mut members = Members { w: &mut writer, first, result: Ok(()) };
        fields.record(&mut members);
        members.result
    }
}

/// Writes each field as a JSON member, a comma before each but the very first.
struct Members<'a, 'w> {
    w: &'a mut Writer<'w>,
    first: bool,
    result: fmt::Result,
}

impl Members<'_, '_> {
    /// `,"name":value` (no comma before the first). Fields a `log` record
    /// carries (`log.target`, …) are written as they are, as the stock
    /// formatter writes them on a flattened event.
    fn member(&mut self, field: &Field, value: impl FnOnce(&mut Writer<'_>) -> fmt::Result) {
        if self.result.is_ok() {
            let first = std::mem::take(&mut self.first);
            self.result = write_member(self.w, first, field.name(), value);
        }
    }
}

fn write_member(
    w: &mut Writer<'_>,
    first: bool,
    name: &str,
    value: impl FnOnce(&mut Writer<'_>) -> fmt::Result,
) -> fmt::Result {
    if !first {
        w.write_char(',')?;
    }
    string(w, name)?;
    w.write_char(':')?;
    value(w)
}

impl Visit for Members<'_, '_> {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.member(field, |w| string(w, value));
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.member(field, |w| {
            w.write_char('"')?;
            write!(Escaped(w), "{value:?}")?;
            w.write_char('"')
        });
    }

    fn record_error(&mut self, field: &Field, value: &(dyn std::error::Error + 'static)) {
        self.member(field, |w| {
            w.write_char('"')?;
            write!(Escaped(w), "{value}")?;
            w.write_char('"')
        });
    }

    fn record_i64(&mut self, field: &Field, value: i64) {
        self.member(field, |w| write!(w, "{value}"));
    }

    fn record_u64(&mut self, field: &Field, value: u64) {
        self.member(field, |w| write!(w, "{value}"));
    }

    fn record_i128(&mut self, field: &Field, value: i128) {
        self.member(field, |w| write!(w, "{value}"));
    }

    fn record_u128(&mut self, field: &Field, value: u128) {
        self.member(field, |w| write!(w, "{value}"));
    }

    fn record_bool(&mut self, field: &Field, value: bool) {
        self.member(field, |w| w.write_str(if value { "true" } else { "false" }));
    }

    fn record_f64(&mut self, field: &Field, value: f64) {
        self.member(field, |w| float(w, value));
    }
}

impl VisitOutput<fmt::Result> for Members<'_, '_> {
    fn finish(self) -> fmt::Result {
        self.result
    }
}

/// `2026-12-07T16:58:17.123456Z`, as `SystemTime.format_time` writes it (UTC,
/// microseconds), with the part up to the second kept per thread: that part
/// changes once a second, and formatting it with `write!` each line cost
/// more than the rest of the line's members together.
fn timestamp(w: &mut Writer<'_>, now: std::time::SystemTime) -> fmt::Result {
    use std::cell::Cell;
    thread_local! {
        /// The second of the last line, and its `YYYY-MM-DDTHH:MM:SS.`.
        static SECOND: Cell<(u64, [u8; 20])> = const { Cell::new((u64::MAX, [0; 20])) };
    }
    let Ok(since) = now.duration_since(std::time::UNIX_EPOCH) else { return SystemTime.format_time(w) };
    let secs = since.as_secs();
    let (cached, mut prefix) = SECOND.get();
    if cached != secs {
        let Some(p) = second_prefix(secs) else { return SystemTime.format_time(w) };
        prefix = p;
        SECOND.set((secs, prefix));
    }
    let mut micros = since.subsec_micros();
    let mut digits = [b'0'; 7];
    for d in digits[..6].iter_mut().rev() {
        *d = b'0' + (micros % 10) as u8;
        micros /= 10;
    }
    digits[6] = b'Z';
    // Both are ASCII digits and punctuation.
    w.write_str(std::str::from_utf8(&prefix).map_err(|_| fmt::Error)?)?;
    w.write_str(std::str::from_utf8(&digits).map_err(|_| fmt::Error)?)
}

/// `YYYY-MM-DDTHH:MM:SS.` of a second since the epoch; `None` past year 9999,
/// which the stock formatter writes in another form.
fn second_prefix(secs: u64) -> Option<[u8; 20]> {
    let at = jiff::Timestamp::from_second(i64::try_from(secs).ok()?).ok()?.to_zoned(jiff::tz::TimeZone::UTC);
    let mut out = [0u8; 20];
    let mut cursor = std::io::Cursor::new(&mut out[..]);
    std::io::Write::write_fmt(
        &mut cursor,
        format_args!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.",
            at.year(),
            at.month(),
            at.day(),
            at.hour(),
            at.minute(),
            at.second()
        ),
    )
    .ok()?;
    (cursor.position() == 20).then_some(out)
}

/// A float as serde_json writes one: `null` when not finite, and always with
/// a fraction or exponent (`13.0`, not `13`).
fn float(w: &mut Writer<'_>, value: f64) -> fmt::Result {
    if !value.is_finite() {
        return w.write_str("null");
    }
    if value == value.trunc() && value.abs() < 1e16 {
        return write!(w, "{value:.1}");
    }
    // Whole thousandths (the access log's milliseconds, counted in
    // microseconds): such a value of at most 15 digits has that decimal as
    // its shortest form, which is what `{value}` would find at several times
    // the cost.
    let thousandths = (value * 1000.0).round();
    if thousandths.abs() < 1e15 && thousandths / 1000.0 == value {
        let n = thousandths.abs() as u64;
        let (whole, frac) = (n / 1000, n % 1000);
        let digits = [b'0' + (frac / 100) as u8, b'0' + (frac / 10 % 10) as u8, b'0' + (frac % 10) as u8];
        let len = if frac % 100 == 0 {
            1
        } else if frac % 10 == 0 {
            2
        } else {
            3
        };
        let sign = if value < 0.0 { "-" } else { "" };
        // ASCII digits.
        return write!(w, "{sign}{whole}.{}", std::str::from_utf8(&digits[..len]).map_err(|_| fmt::Error)?);
    }
    write!(w, "{value}")
}

/// A JSON string, quoted and escaped.
fn string(w: &mut impl Write, value: &str) -> fmt::Result {
    w.write_char('"')?;
    Escaped(w).write_str(value)?;
    w.write_char('"')
}

/// The bytes a JSON string cannot hold as they are: control characters, `"`
/// and `\` (one load and test a byte, where the `match` below cost several).
static NEEDS_ESCAPE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = true;
        b += 1;
    }
    table[b'"' as usize] = true;
    table[b'\\' as usize] = true;
    table
};

/// Escapes what passes through it for the inside of a JSON string: quotes,
/// backslashes and control characters; runs without any are copied whole.
struct Escaped<'a, W: Write + ?Sized>(&'a mut W);

impl<W: Write + ?Sized> Write for Escaped<'_, W> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let bytes = s.as_bytes();
        let mut start = 0;
        for (i, &b) in bytes.iter().enumerate() {
            if !NEEDS_ESCAPE[b as usize] {
                continue;
            }
            let escape = match b {
                b'"' => "\\\"",
                b'\\' => "\\\\",
                b'\n' => "\\n",
                b'\r' => "\\r",
                b'\t' => "\\t",
                0x08 => "\\b",
                0x0c => "\\f",
                0..=0x1f => "",
                _ => continue,
            };
            self.0.write_str(&s[start..i])?;
            if escape.is_empty() {
                write!(self.0, "\\u{b:04x}")?;
            } else {
                self.0.write_str(escape)?;
            }
            start = i + 1;
        }
        self.0.write_str(&s[start..])
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use tracing_subscriber::fmt::MakeWriter;

    use super::*;

    #[derive(Clone, Default)]
    struct Lines(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Lines {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl<'a> MakeWriter<'a> for Lines {
        type Writer = Lines;
        fn make_writer(&'a self) -> Self::Writer {
            self.clone()
        }
    }

    /// Events of every field type, inside nested spans, outside any span,
    /// with text that needs escaping and a span recorded after its creation.
    fn emit() {
        tracing::info!(answer = 42, "no span: \"quoted\"\\ and\ttab\u{1}");
        let outer = tracing::info_span!("request", method = "GET", route = "/search", request_id = "abc", id = 7u64);
        let _o = outer.enter();
        let late = tracing::info_span!("upstream", upstream = "availability", path = tracing::field::Empty);
        late.record("path", "/v1/x");
        let _l = late.enter();
        let err = std::io::Error::other("boom \"x\"");
        tracing::warn!(
            target: "access",
            method = "GET",
            status = 200u16,
            negative = -3i64,
            duration_ms = 12.974,
            whole = 13.0,
            ok = true,
            tenant = ?Some("aurora"),
            error = &err as &(dyn std::error::Error + 'static),
            "request é ✓"
        );
    }

    fn lines(f: impl FnOnce(Lines) -> tracing::Dispatch) -> Vec<serde_json::Value> {
        let out = Lines::default();
        tracing::dispatcher::with_default(&f(out.clone()), emit);
        let text = String::from_utf8(out.0.lock().unwrap().clone()).unwrap();
        text.lines()
            .map(|l| {
                let mut v: serde_json::Value = serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"));
                v.as_object_mut().unwrap().remove("timestamp").expect("a timestamp");
                v
            })
            .collect()
    }

    fn written(f: impl FnOnce(&mut Writer<'_>) -> fmt::Result) -> String {
        let mut out = String::new();
        f(&mut Writer::new(&mut out)).unwrap();
        out
    }

    #[test]
    fn floats_are_written_as_before_the_thousandths_shortcut() {
        let mut values = vec![0.5, -0.5, 0.001, -0.001, 12.974, 0.1, 0.25, 1e-7, 123456.789, 1e15 / 1000.0 + 0.5];
        values.extend((1..200_000u64).map(|us| us as f64 / 1000.0));
        values.extend((0..2_000u64).map(|i| (i * 7_919_777 + 13) as f64 / 1000.0));
        values.extend((0..2_000u64).map(|i| -((i * 104_729 + 1) as f64) / 1000.0));
        values.extend([999_999_999_999.999, 99_999_999_999_999.9, 1.0 / 3.0, 2.0f64.sqrt(), 1e300, 5e-324]);
        for v in values {
            let expected = if v == v.trunc() && v.abs() < 1e16 { format!("{v:.1}") } else { format!("{v}") };
            assert_eq!(written(|w| float(w, v)), expected, "{v:?}");
        }
    }

    #[test]
    fn timestamps_are_rfc3339_utc_with_microseconds() {
        use std::time::{Duration, UNIX_EPOCH};
        let cases = [
            (0, 0, "1970-01-01T00:00:00.000000Z"),
            (951_782_400, 1_000, "2000-02-29T00:00:00.000001Z"),
            (1_709_251_199, 999_999_000, "2024-02-29T23:59:59.999999Z"),
            (1_796_659_097, 123_456_789, "2026-12-07T15:58:17.123456Z"),
            (4_102_444_800, 500_000, "2100-01-01T00:00:00.000500Z"),
        ];
        for (secs, nanos, expected) in cases {
            let at = UNIX_EPOCH + Duration::new(secs, nanos);
            // Twice: the second line takes the cached second.
            assert_eq!(written(|w| timestamp(w, at)), expected);
            assert_eq!(written(|w| timestamp(w, at)), expected);
        }
        let now = std::time::SystemTime::now();
        let ours = written(|w| timestamp(w, now));
        let jiffs = jiff::Timestamp::try_from(now).unwrap().strftime("%Y-%m-%dT%H:%M:%S.%6fZ").to_string();
        assert_eq!(ours, jiffs);
    }

    #[test]
    fn lines_are_those_of_tracing_subscribers_json_formatter() {
        let ours =
            lines(|w| tracing_subscriber::fmt().with_writer(w).fmt_fields(JsonMembers).event_format(JsonLines).into());
        let theirs = lines(|w| {
            tracing_subscriber::fmt().with_writer(w).json().flatten_event(true).with_current_span(true).into()
        });
        assert_eq!(ours.len(), 2);
        assert_eq!(ours, theirs);
    }
}
