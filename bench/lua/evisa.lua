-- Scenario 2 (and the issuance exchange of scenario 3): e-Visa applications, each on an invitation of its own.
--   BENCH_STEP=register  the police registers the invitations at the registry twin (POST /sandbox/police/invitations)
--   BENCH_STEP=submit    the front door submits one application per invitation (POST /api/v1/evisa/applications)
-- Invitation i of run BENCH_RUN is INV-<run>-<i>, for passport P<run><i>. BENCH_COUNT bounds the count (each
-- thread stops after its share and leaves the file BENCH_DONE.<thread> for bench/run, which then ends wrk);
-- BENCH_RATE paces the submissions (applications per second, all threads together).
package.path = package.path .. ";" .. (os.getenv("BENCH_LUA") or "bench/lua") .. "/?.lua"
require "report"
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clock, bench_timespec *t);
]]
local ts = ffi.new("bench_timespec")
local function now_ms()
   ffi.C.clock_gettime(1, ts)
   return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end

bench_threads = {}
function setup(thread)
   thread:set("index", #bench_threads)
   table.insert(bench_threads, thread)
end

local step = os.getenv("BENCH_STEP") or "submit"
local run = os.getenv("BENCH_RUN") or "B0"
local count = tonumber(os.getenv("BENCH_COUNT") or "1000")
local rate = tonumber(os.getenv("BENCH_RATE") or "0")
local n, sent, answered, share, interval, next_slot

function init(args)
   local threads_total = tonumber(os.getenv("BENCH_THREADS") or "1")
   share = math.floor(count / threads_total)
   n = index * share
   sent, answered = 0, 0
   interval = rate > 0 and (1000.0 * threads_total / rate) or 0
   next_slot = nil
end

function delay()
   if interval == 0 then return 0 end
   local t = now_ms()
   if next_slot == nil then next_slot = t end
   local wait = next_slot - t
   next_slot = math.max(next_slot, t) + interval
   if wait < 0 then return 0 end
   return math.floor(wait)
end

local today = os.date("!%Y-%m-%d")
local later = os.date("!%Y-%m-%d", os.time() + 30 * 86400)
local year = tonumber(os.date("!%Y"))
local until_ = string.format("%d-%s", year + 1, os.date("!%m-%d"))
local expiry = string.format("%d-01-01", year + 6)

function request()
   if sent >= share then
      return wrk.format("GET", "/actuator/health/liveness")   -- past its share: harmless (no partner probes), not counted
   end
   local i = n + sent
   sent = sent + 1
   local number = string.format("INV-%s-%d", run, i)
   -- ends in 0: the issuance twin refuses passports ending in 999, and every application here should be ISSUED
   local passport = string.format("P%s%d0", run, i)
   if step == "register" then
      return wrk.format("POST", "/sandbox/police/invitations", {["Content-Type"] = "application/json"},
         string.format('{"invitationNumber":"%s","inviter":"TOO Bench Tours","category":"B12","applicant":'
            .. '{"passportNumber":"%s","nationality":"JAM","surname":"BROWN","givenNames":"ALEX","dateOfBirth":"1990-05-17"},'
            .. '"validFrom":"%s","validUntil":"%s"}', number, passport, today, until_))
   end
   return wrk.format("POST", "/api/v1/evisa/applications",
      {["Content-Type"] = "application/json", ["X-Api-Key"] = "sandbox-front-door-key",
       ["X-Correlation-Id"] = "bench-" .. number},
      string.format('{"applicant":{"passportNumber":"%s","passportType":"ORDINARY","nationality":"JAM","surname":"BROWN",'
         .. '"givenNames":"ALEX","dateOfBirth":"1990-05-17","sex":"M","passportExpiry":"%s"},"category":"B12",'
         .. '"invitationNumber":"%s","intendedEntryDate":"%s","arrivalAirport":"ALA"}', passport, expiry, number, later))
end

accepted = 0
local idle_since
local function done()
   local marker = os.getenv("BENCH_DONE")
   if marker then
      io.open(marker .. "." .. index, "w"):close()
   end
   wrk.thread:stop()
end

function response(status, headers, body)
   if status == 200 then
      -- a harmless GET past the thread's share. wrk drops a request whose connection failed without telling the
      -- script, so once nothing but these has come back for two seconds, the missing answers are not coming
      idle_since = idle_since or now_ms()
      if now_ms() - idle_since > 2000 then done() end
      return
   end
   idle_since = nil
   answered = answered + 1
   if status == 201 or status == 202 then
      accepted = accepted + 1
   end
   if answered == share then done() end
end
