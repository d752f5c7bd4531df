package kz.qazeta.hub.sandbox.imei;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import kz.qazeta.hub.sandbox.SandboxDatabase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The mobile-device (IMEI) registry's twin. Its API, {@code POST /sandbox/imei-registry/api/verifications}, takes
 * an owner's document, the entry that brought them into the country and their devices, and answers per device in
 * its own words: {@code REGISTERED} (now, to this owner), {@code ALREADY_REGISTERED} (to this owner before),
 * {@code OWNED_BY_ANOTHER} or {@code STOLEN}. Its data is in the sandbox database (table {@code imei_registration}).
 */
@RestController
@ConditionalOnProperty(name = "qazeta.sandbox.enabled", havingValue = "true")
public class ImeiRegistryTwin {

    public record Owner(String documentKind, String documentNumber, String documentCountry, String citizenship) {
    }

    public record Device(String imei) {
    }

    public record Verification(String requestReference, Owner owner, Map<String, String> entry, List<Device> devices) {
    }

    public record Behaviour(long delayMillis, int faults) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(ImeiRegistryTwin.class);

    private final SandboxDatabase database;
    private final ImeiRegistryBehaviour behaviour;

    public ImeiRegistryTwin(SandboxDatabase database, ImeiRegistryBehaviour behaviour) {
        this.database = database;
        this.behaviour = behaviour;
    }

    @PostMapping(path = "/sandbox/imei-registry/api/verifications", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Map<String, Object>> verify(@RequestBody Verification request,
                                                      @RequestHeader(value = "X-Correlation-Id", required = false) String correlationId)
            throws InterruptedException {
        MDC.put("correlationId", correlationId == null ? "none" : correlationId);
        try {
            if (behaviour.delayMillis() > 0) {
                Thread.sleep(behaviour.delayMillis());
            }
            if (behaviour.takeFault()) {
                LOG.warn("IMEI registry twin: failing this call, as asked");
                return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(Map.of("error", "registry unavailable"));
            }
            if (request.owner() == null || request.owner().documentNumber() == null || request.devices() == null
                    || request.devices().isEmpty() || request.entry() == null) {
                return ResponseEntity.badRequest().body(Map.of("error", "owner, entry and devices are required"));
            }
            List<Map<String, Object>> devices = new ArrayList<>();
            for (Device device : request.devices()) {
                devices.add(Map.of("imei", device.imei(), "result", register(request, device.imei())));
            }
            LOG.info("IMEI registry twin: {} device(s) checked for request {}", devices.size(), request.requestReference());
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("requestReference", request.requestReference());
            answer.put("devices", devices);
            return ResponseEntity.ok(answer);
        } finally {
            MDC.remove("correlationId");
        }
    }

    @PutMapping("/sandbox/imei-registry/behaviour")
    public Map<String, Object> behave(@RequestBody Behaviour wanted) {
        behaviour.set(wanted.delayMillis(), wanted.faults());
        return behaviour();
    }

    /** How it behaves now: the delay, and how many of the next calls it will still fail. */
    @GetMapping("/sandbox/imei-registry/behaviour")
    public Map<String, Object> behaviour() {
        Map<String, Object> now = new LinkedHashMap<>();
        now.put("delayMillis", behaviour.delayMillis());
        now.put("faults", behaviour.faultsRemaining());
        return now;
    }

    private String register(Verification request, String imei) {
        if (imei == null || !imei.matches("[0-9]{15}")) {
            return "INVALID";
        }
        Owner owner = request.owner();
        List<Map<String, Object>> rows = database.jdbc().queryForList(
                "select status, document_number, document_country from imei_registration where imei = :imei", Map.of("imei", imei));
        if (rows.isEmpty()) {
            database.jdbc().update("""
                    insert into imei_registration (imei, status, document_type, document_number, document_country,
                        request_reference, registered_at)
                    values (:imei, 'REGISTERED', :kind, :number, :country, :reference, :at)
                    """, new MapSqlParameterSource().addValue("imei", imei).addValue("kind", owner.documentKind())
                    .addValue("number", owner.documentNumber()).addValue("country", owner.documentCountry())
                    .addValue("reference", request.requestReference()).addValue("at", OffsetDateTime.now(ZoneOffset.UTC)));
            return "REGISTERED";
        }
        Map<String, Object> row = rows.get(0);
        if ("STOLEN".equals(row.get("STATUS"))) {
            return "STOLEN";
        }
        boolean same = owner.documentNumber().equals(row.get("DOCUMENT_NUMBER"))
                && String.valueOf(owner.documentCountry()).equals(row.get("DOCUMENT_COUNTRY"));
        return same ? "ALREADY_REGISTERED" : "OWNED_BY_ANOTHER";
    }
}
