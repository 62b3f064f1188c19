-- wrk script for bench/load.py: counts responses other than 200 and prints one JSON line at the end.
-- Latencies are in microseconds, as wrk keeps them.

local threads = {}

function setup(thread)
   table.insert(threads, thread)
end

function init(args)
   non200 = 0
   hits = 0
end

function response(status, headers, body)
   if status ~= 200 then
      non200 = non200 + 1
   end
   if headers["X-Page-Cache"] == "hit" or headers["x-page-cache"] == "hit" then
      hits = hits + 1
   end
end

function done(summary, latency, requests)
   local non200_total = 0
   local hits_total = 0
   for _, thread in ipairs(threads) do
      non200_total = non200_total + thread:get("non200")
      hits_total = hits_total + thread:get("hits")
   end
   local errors = summary.errors
   io.write(string.format(
      'BENCH_JSON {"requests": %d, "duration_us": %d, "non_200": %d, "socket_errors": %d, '
         .. '"p50_us": %.1f, "p95_us": %.1f, "p99_us": %.1f, "mean_us": %.1f, "max_us": %.1f, "cache_hits": %d}\n',
      summary.requests, summary.duration, non200_total,
      errors.connect + errors.read + errors.write + errors.timeout,
      latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.mean, latency.max, hits_total
   ))
end
