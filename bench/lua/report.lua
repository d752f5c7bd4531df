-- Shared by every bench/run script: after the run, one line of figures bench/run reads.
-- latency in microseconds; errors: connect, read, write, timeout and non-2xx/3xx answers
function done(summary, latency, requests)
   local e = summary.errors
   io.write(string.format("FIGURES requests=%d duration_us=%d rps=%.1f p50=%d p90=%d p99=%d p999=%d max=%d errors=%d non2xx=%d timeouts=%d\n",
      summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
      latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9), latency.max,
      e.connect + e.read + e.write + e.timeout + e.status, e.status, e.timeout))
end
