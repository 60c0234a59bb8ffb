-- wrk script of bench/run: after a run, prints one machine-readable line with
-- the request count, duration, bytes read (headers and bodies as sent on the
-- wire), errors (socket errors, of which timeouts; non-2xx answers) and the
-- p50/p99 latency in microseconds. No per-request Lua,
-- so wrk itself stays cheap.
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%d bytes=%d errors=%d timeouts=%d status_errors=%d p50_us=%d p99_us=%d\n",
    summary.requests, summary.duration, summary.bytes,
    e.connect + e.read + e.write + e.timeout, e.timeout, e.status,
    latency:percentile(50.0), latency:percentile(99.0)))
end
