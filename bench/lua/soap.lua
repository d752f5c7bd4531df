-- Scenario 1 straight to the registry twin: the same lookup as a SOAP request.
package.path = package.path .. ";" .. (os.getenv("BENCH_LUA") or "bench/lua") .. "/?.lua"
require "report"
wrk.method = "POST"
wrk.headers["Content-Type"] = "text/xml; charset=UTF-8"
wrk.headers["SOAPAction"] = '"urn:kz:mia:invitation-registry:v1:CheckInvitation"'
wrk.body = '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Header>'
   .. '<qx:CorrelationId xmlns:qx="urn:kz:qazeta:exchange:v1">bench-direct</qx:CorrelationId></soap:Header><soap:Body>'
   .. '<ir:CheckInvitationRequest xmlns:ir="urn:kz:mia:invitation-registry:v1">'
   .. '<ir:invitationNumber>' .. (os.getenv("BENCH_INVITATION") or "INV-2026-000101") .. '</ir:invitationNumber>'
   .. '</ir:CheckInvitationRequest></soap:Body></soap:Envelope>'
