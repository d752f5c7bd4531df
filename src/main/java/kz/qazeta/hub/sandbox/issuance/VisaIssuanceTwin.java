package kz.qazeta.hub.sandbox.issuance;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.TextMessage;
import kz.qazeta.hub.sandbox.SandboxDatabase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jms.annotation.JmsListener;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Component;

/**
 * The visa issuance system's twin: takes visa requests from its request queue, decides after a short delay and
 * answers on the request's JMSReplyTo with the same JMSCorrelationID. It decides each application once (a
 * repeated request gets the same decision). Its one rule, for testers: a passport number ending in 999 is refused.
 */
@Component
@ConditionalOnProperty(name = "qazeta.sandbox.enabled", havingValue = "true")
public class VisaIssuanceTwin {

    private static final Logger LOG = LoggerFactory.getLogger(VisaIssuanceTwin.class);

    private final SandboxDatabase database;
    private final JmsTemplate jms;
    private final ObjectMapper json;
    private final Duration delay;

    public VisaIssuanceTwin(SandboxDatabase database, @Qualifier("visaIssuanceTwinJms") JmsTemplate jms, ObjectMapper json,
                            @Value("${qazeta.sandbox.visa-issuance.decision-delay}") Duration delay) {
        this.database = database;
        this.jms = jms;
        this.json = json;
        this.delay = delay;
    }

    @JmsListener(id = "sandbox-visa-issuance", destination = "${qazeta.sandbox.visa-issuance.request-queue}",
            containerFactory = "visaIssuanceTwinListeners")
    public void onRequest(TextMessage message) throws JMSException, java.io.IOException, InterruptedException {
        String correlationId = message.getJMSCorrelationID();
        MDC.put("correlationId", correlationId == null ? "none" : correlationId);
        try {
            JsonNode request = json.readTree(message.getText());
            String applicationId = request.path("applicationReference").asText();
            Destination replyTo = message.getJMSReplyTo();
            if (applicationId.isBlank() || replyTo == null) {
                // a request the twin cannot answer: refuse it so the broker dead-letters it
                throw new IllegalArgumentException("visa request without applicationReference or JMSReplyTo");
            }
            Thread.sleep(delay.toMillis());
            Map<String, Object> decision = decide(applicationId, request);
            String reply = json.writeValueAsString(decision);
            jms.send(replyTo, session -> {
                TextMessage answer = session.createTextMessage(reply);
                answer.setJMSCorrelationID(correlationId);
                return answer;
            });
            LOG.info("Issuance twin: application {} {}", applicationId, decision.get("outcome"));
        } finally {
            MDC.remove("correlationId");
        }
    }

    private Map<String, Object> decide(String applicationId, JsonNode request) {
        List<Map<String, Object>> earlier = database.jdbc().queryForList(
                "select * from issuance_decision where application_id = :id", Map.of("id", applicationId));
        if (earlier.isEmpty()) {
            String passport = request.path("holder").path("passportNo").asText();
            boolean refused = passport.endsWith("999");
            LocalDate from = LocalDate.parse(request.path("plannedEntry").asText());
            database.jdbc().update("""
                    insert into issuance_decision values (:id, :decision, :visa, :from, :until, :reason, :at)
                    """, new MapSqlParameterSource().addValue("id", applicationId)
                    .addValue("decision", refused ? "REFUSED" : "ISSUED")
                    .addValue("visa", refused ? null : "KZ-EV-" + (10_000_000 + ThreadLocalRandom.current().nextInt(90_000_000)))
                    .addValue("from", refused ? null : from).addValue("until", refused ? null : from.plusDays(89))
                    .addValue("reason", refused ? "Refused after the security check" : null)
                    .addValue("at", OffsetDateTime.now(ZoneOffset.UTC)));
            earlier = database.jdbc().queryForList(
                    "select * from issuance_decision where application_id = :id", Map.of("id", applicationId));
        }
        Map<String, Object> row = earlier.get(0);
        Map<String, Object> decision = new LinkedHashMap<>();
        decision.put("applicationReference", applicationId);
        decision.put("outcome", row.get("DECISION"));
        if ("ISSUED".equals(row.get("DECISION"))) {
            decision.put("visa", Map.of("number", row.get("VISA_NUMBER"), "validFrom", row.get("VALID_FROM").toString(),
                    "validTo", row.get("VALID_UNTIL").toString(), "entries", "SINGLE"));
        } else {
            decision.put("refusalReason", row.get("REASON"));
        }
        return decision;
    }
}
