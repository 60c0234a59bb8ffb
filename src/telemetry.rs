//! Logging and metrics set-up. Logs carry request ids and routes, never PII
//! or secrets.

pub mod json;
pub mod trace_context;

use std::sync::OnceLock;

use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use tracing_subscriber::EnvFilter;

use crate::config::LogFormat;

/// An error and its sources, outermost first: `store unavailable: Timeout: …`.
/// What a log line or a 503's internal cause says, so no cause is flattened away.
pub fn chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut out = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        out.push_str(": ");
        out.push_str(&cause.to_string());
        source = cause.source();
    }
    out
}

/// Installs the log subscriber: `filter` is `RUST_LOG` as [`crate::config`]
/// checked it.
pub fn init_logging(format: LogFormat, filter: &str) {
    let filter =
        EnvFilter::builder().parse(filter).unwrap_or_else(|_| EnvFilter::new(crate::config::DEFAULT_LOG_FILTER));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    let _ = match format {
        // tracing_subscriber's `json().flatten_event(true).with_current_span(true)`
        // lines, written without its per-line parsing and allocations (json.rs).
        LogFormat::Json => builder.fmt_fields(json::JsonMembers).event_format(json::JsonLines).try_init(),
        LogFormat::Pretty => builder.try_init(),
    };
}

/// The target of the access log: `RUST_LOG=info,access=off` turns it off.
pub const ACCESS_LOG_TARGET: &str = "access";

/// The one access-log line of a request, at INFO: the matched route (never the
/// raw path, which may carry ids), the method label, the status, the duration
/// in milliseconds and the tenant (when one was resolved). The request span
/// adds its request and trace ids. Nothing is formatted, nor allocated, unless
/// INFO is on for [`ACCESS_LOG_TARGET`].
pub fn access_log(method: &'static str, route: &str, status: u16, elapsed: std::time::Duration, tenant: Option<&str>) {
    tracing::info!(
        target: "access",
        method,
        route,
        status,
        duration_ms = elapsed.as_micros() as f64 / 1000.0,
        tenant,
        "request"
    );
}

/// Latency buckets (seconds) of every `*_seconds` histogram: from a cache hit to
/// past the upstream timeout.
const LATENCY_BUCKETS: &[f64] = &[0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];

/// The process-wide Prometheus recorder (installed once; every app instance in a
/// test process shares it).
pub fn metrics_handle() -> PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            // Histograms, not summaries: buckets aggregate across instances.
            let recorder = PrometheusBuilder::new()
                .set_buckets_for_metric(Matcher::Suffix("_seconds".into()), LATENCY_BUCKETS)
                .expect("the latency buckets are a non-empty constant")
                .build_recorder();
            let handle = recorder.handle();
            // Another recorder may already be installed (e.g. by a host program);
            // then our handle renders nothing, which is visible and harmless.
            if metrics::set_global_recorder(recorder).is_ok() {
                describe_series();
            }
            handle
        })
        .clone()
}

/// Help texts, and the series that must exist before their first event (a
/// dashboard or an alert on "drops > 0" needs the zero).
fn describe_series() {
    use metrics::{describe_counter, describe_gauge, describe_histogram};
    describe_counter!("http_requests_total", "Requests by matched route, method and status");
    describe_histogram!("http_request_duration_seconds", metrics::Unit::Seconds, "Request latency by route");
    describe_histogram!(
        "upstream_request_duration_seconds",
        metrics::Unit::Seconds,
        "Upstream call latency by upstream and outcome (ok, rejected, timeout, error)"
    );
    describe_counter!("upstream_errors_total", "Failed upstream calls by upstream and outcome");
    describe_counter!("upstream_short_circuited_total", "Upstream calls refused by an open circuit breaker");
    describe_counter!(
        "funnel_steps_total",
        "Funnel steps by tenant: search, property, select, quote, details, hold, payment, confirmed, …"
    );
    describe_counter!(
        "promo_codes_total",
        "Searches that carried a code, by tenant and outcome (applied, expired, unknown)"
    );
    describe_counter!(
        "bookings_with_code_total",
        "Confirmed bookings whose price rests on a code, by tenant and kind (discount, negotiated)"
    );
    describe_counter!(
        "payment_guarantees_voided_total",
        "Card guarantees released at the gateway after a cancellation with nothing to keep"
    );
    describe_counter!("handoff_outcomes_total", "Handoff link consumptions by outcome");
    describe_gauge!("snapshot_queue_depth", "Draft snapshots waiting to be written");
    describe_counter!("snapshot_dropped_total", "Draft snapshots dropped because the queue was full");
    describe_counter!("loyalty_lookups_total", "Loyalty context lookups by outcome (found, refused, degraded)");
    describe_counter!("sign_ins_total", "Guest sign-ins by outcome");
    describe_counter!(
        "requests_shed_total",
        "Site requests refused before a slot: slot-wait (503, none free in time), body-timeout (408)"
    );
    metrics::counter!("snapshot_dropped_total").increment(0);
    metrics::gauge!("snapshot_queue_depth").increment(0.0);
}
