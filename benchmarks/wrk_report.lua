-- wrk script for throughput.py: ask for compressed pages as a browser does, and report the
-- figures as one line of JSON (wrk's own --latency output has no 95th percentile).
wrk.headers["Accept-Encoding"] = "br, gzip"
wrk.headers["Accept-Language"] = "id"

done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "socket_errors": %d, "non_2xx_3xx": %d, "bytes": %d, ' ..
    '"p50_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f}\n',
    summary.requests, summary.duration / 1e6,
    errors.connect + errors.read + errors.write + errors.timeout, errors.status, summary.bytes,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
