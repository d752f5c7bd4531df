-- Shared by every bench/run script: after the run, one line of figures bench/run reads.
-- latency in microseconds; errors: connect, read, write, timeout and non-2xx/3xx answers; accepted: answers a
-- script counted as taken (201/202), where it counts them
function done(summary, latency, requests)
   local e = summary.errors
   local accepted = 0
   for _, t in ipairs(bench_threads or {}) do
      accepted = accepted + (tonumber(t:get("accepted")) or 0)
   end
   io.write(string.format("FIGURES requests=%d duration_us=%d rps=%.1f p50=%d p90=%d p99=%d p999=%d max=%d errors=%d non2xx=%d timeouts=%d accepted=%d\n",
      summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
      latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9), latency.max,
      e.connect + e.read + e.write + e.timeout + e.status, e.status, e.timeout, accepted))
end
