-- Scenario 1 through the hub: the front door's invitation lookup (REST in, SOAP to the registry, JSON back).
package.path = package.path .. ";" .. (os.getenv("BENCH_LUA") or "bench/lua") .. "/?.lua"
require "report"
wrk.method = "GET"
wrk.headers["X-Api-Key"] = "sandbox-front-door-key"
