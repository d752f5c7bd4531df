package kz.qazeta.hub.sandbox.eresidency;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import kz.qazeta.hub.sandbox.SandboxDatabase;
import kz.qazeta.hub.sandbox.eresidency.TwinBehaviour.Mode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * A mobile operator's twin ({@code POST /sandbox/mobile/{operator}/api/esims}): activates an e-SIM with a phone
 * number and an LPA activation code, once per reference. It offers no cancellation: an activated e-SIM stays.
 */
@RestController
@ConditionalOnProperty(name = "qazeta.sandbox.enabled", havingValue = "true")
public class MobileOperatorTwin {

    public record EsimRequest(String reference, String iin, Map<String, Object> subscriber, String email) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(MobileOperatorTwin.class);

    private final SandboxDatabase database;
    private final TwinBehaviour behaviour;

    public MobileOperatorTwin(SandboxDatabase database, TwinBehaviour behaviour) {
        this.database = database;
        this.behaviour = behaviour;
    }

    @PostMapping("/sandbox/mobile/{operator}/api/esims")
    public synchronized ResponseEntity<Object> activate(@PathVariable String operator, @RequestBody EsimRequest request) {
        if (request.reference() == null || request.iin() == null) {
            return ResponseEntity.badRequest().body(Map.of("error", "reference and iin are required"));
        }
        Mode mode = behaviour.next(operator);
        if (mode == Mode.FAIL) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(Map.of("error", "activation platform unavailable"));
        }
        List<Map<String, Object>> earlier = find(operator, request.reference());
        if (earlier.isEmpty()) {
            database.jdbc().update("insert into mobile_esim values (:operator, :reference, :iin, :msisdn, :code, :at)",
                    new MapSqlParameterSource().addValue("operator", operator).addValue("reference", request.reference())
                            .addValue("iin", request.iin())
                            .addValue("msisdn", "+7700" + (1_000_000 + ThreadLocalRandom.current().nextInt(9_000_000)))
                            .addValue("code", "LPA:1$smdp." + operator + ".sandbox$" + UUID.randomUUID().toString().toUpperCase())
                            .addValue("at", OffsetDateTime.now(ZoneOffset.UTC)));
            earlier = find(operator, request.reference());
        }
        if (mode == Mode.TWICE) {
            return ResponseEntity.status(HttpStatus.GATEWAY_TIMEOUT).body(Map.of("error", "answer lost"));
        }
        Map<String, Object> row = earlier.get(0);
        LOG.info("Mobile operator twin {}: e-SIM activated for reference {}", operator, request.reference());
        if (mode == Mode.INVALID) {
            return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("esimId", request.reference()));
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("esimId", request.reference(),
                "msisdn", row.get("MSISDN"), "activationCode", row.get("ACTIVATION_CODE")));
    }

    private List<Map<String, Object>> find(String operator, String reference) {
        return database.jdbc().queryForList("select * from mobile_esim where operator = :operator and reference = :reference",
                Map.of("operator", operator, "reference", reference));
    }
}
