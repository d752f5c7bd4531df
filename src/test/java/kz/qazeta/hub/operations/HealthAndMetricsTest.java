package kz.qazeta.hub.operations;

import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static kz.qazeta.hub.operations.ConsoleAccessTest.METRICS;
import static kz.qazeta.hub.operations.ConsoleAccessTest.VIEWER;
import static kz.qazeta.hub.operations.ConsoleAccessTest.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What operators watch: health per partner going down and up with a real partner (the IMEI registry twin made to
 * fail), readiness that stays with the hub's own dependencies, the metrics Prometheus scrapes, and JSON log lines
 * carrying the correlation id, route and partner but no personal data.
 */
@ExtendWith(OutputCaptureExtension.class)
class HealthAndMetricsTest extends ConsoleTestSupport {

    private static final String VERIFY = "/api/v1/imei/verifications";

    @AfterEach
    void registryBehavesAgain() {
        put("/sandbox/imei-registry/behaviour", "{\"delayMillis\":0,\"faults\":0}");
    }

    @Test
    void aFailingPartnerTakesItsHealthDownAndBackUpWithoutTheHubsReadiness() {
        String certificate = certificate();
        assertThat(partner("imei-registry").path("status").asText()).isEqualTo("UP");
        assertThat(partner("imei-registry").path("details").path("reachable").asText()).startsWith("HTTP ");
        assertThat(partner("invitation-registry").path("details").path("probe").asText()).endsWith("?wsdl");
        assertThat(partner("visa-issuance").path("details").path("consumers").asInt()).isPositive();

        // the registry answers 503 to everything: the verifications fail until the hub's circuit opens
        put("/sandbox/imei-registry/behaviour", "{\"delayMillis\":0,\"faults\":1000}");
        JsonNode down = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
            assertThat(post(VERIFY, verification(certificate), Map.of()).statusCode()).isEqualTo(503);
            return partner("imei-registry");
        }, p -> p.path("status").asText().equals("DOWN"));
        assertThat(down.path("details").path("circuitState").asText()).isEqualTo("OPEN");
        var health = as(VIEWER, "GET", "/actuator/health", null, Map.of());
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(json(health).path("status").asText()).isEqualTo("DOWN");
        // a partner away is not the hub away: it stays ready and alive, its own dependencies are up
        var readiness = as(null, "GET", "/actuator/health/readiness", null, Map.of());
        assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(200);
        assertThat(as(null, "GET", "/actuator/health/liveness", null, Map.of()).statusCode()).isEqualTo(200);
        assertThat(json(health).path("components").path("db").path("status").asText()).isEqualTo("UP");
        assertThat(json(health).path("components").path("jms").path("status").asText()).isEqualTo("UP");
        assertThat(json(health).path("components").path("borderServiceDatabase").path("status").asText()).isEqualTo("UP");
        assertThat(prometheus()).contains(
                "hub_circuit_breaker_state{breaker=\"imei-registry-breaker\",partner=\"imei-registry\",state=\"open\"} 1.0");

        // the registry recovers: once the circuit lets a call through again the partner is back UP
        put("/sandbox/imei-registry/behaviour", "{\"delayMillis\":0,\"faults\":0}");
        JsonNode up = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> {
            post(VERIFY, verification(certificate), Map.of());
            return partner("imei-registry");
        }, p -> p.path("status").asText().equals("UP"));
        assertThat(up.path("details").path("circuitState").asText()).isIn("HALF_OPEN", "CLOSED");
        // and closed again after enough good calls (other tests find it as they expect)
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            assertThat(post(VERIFY, verification(certificate), Map.of()).statusCode()).isEqualTo(200);
            return partner("imei-registry").path("details").path("circuitState").asText();
        }, "CLOSED"::equals);
    }

    @Test
    void prometheusHasRoutesPartnersQueuesAndBreakers(CapturedOutput logs) {
        String passport = newPassport();
        String correlationId = "metrics-" + System.nanoTime();
        String id = submitInvitedEvisa(passport, correlationId);
        String payment = awaitStatus(id, "AWAITING_PAYMENT").path("payment").path("id").asText();
        assertThat(post("/sandbox/payments/" + payment + "/complete", "", Map.of()).statusCode()).isEqualTo(200);
        awaitStatus(id, "ISSUED");

        String metrics = prometheus();
        // per route: counts, failures and latency percentiles
        assertThat(metrics).containsPattern("camel_exchanges_total\\{[^}]*routeId=\"evisa-check-invitation\"[^}]*} [1-9]")
                .containsPattern("camel_exchanges_failed_total\\{[^}]*routeId=\"evisa-check-invitation\"")
                .containsPattern("camel_route_policy_seconds\\{[^}]*routeId=\"evisa-check-invitation\",quantile=\"0.95\"}")
                // per partner: calls by outcome with percentiles, messages taken from partners' queues
                .containsPattern("hub_partner_calls_seconds_count\\{channel=\"soap\",outcome=\"ok\",partner=\"invitation-registry\"} [1-9]")
                .containsPattern("hub_partner_calls_seconds\\{channel=\"rest\",outcome=\"ok\",partner=\"payment-gateway\",quantile=\"0.99\"}")
                // queue depths (the broker's own gauges), dead-letter queues among them
                .containsPattern("artemis_message_count\\{[^}]*queue=\"hub.evisa.check-invitation\"")
                .containsPattern("artemis_message_count\\{[^}]*queue=\"DLQ.partner.visa-issuance\"")
                // circuit breakers
                .contains("hub_circuit_breaker_state{breaker=\"invitation-registry-breaker\",partner=\"invitation-registry\",state=\"closed\"} 1.0");

        // one JSON line per event: the correlation id, the route and the partner in the MDC; no passport number
        // (the visa issuance system's decision, recorded by the route its reply queue's route hands it to)
        assertThat(logs.getAll()).containsPattern("(?m)^\\{\"@timestamp\"(?=.*\"correlationId\":\"" + correlationId + "\")"
                + "(?=.*\"routeId\":\"evisa-record-decision\")(?=.*\"partner\":\"visa-issuance\").*Visa issuance decided");
        assertThat(logs.getAll()).doesNotContain(passport);
    }

    // --- helpers ---

    private static JsonNode partner(String partner) {
        var health = as(VIEWER, "GET", "/actuator/health/partners", null, Map.of());
        return json(health).path("components").path(partner);
    }

    private static String prometheus() {
        var scraped = as(METRICS, "GET", "/actuator/prometheus", null, Map.of());
        assertThat(scraped.statusCode()).isEqualTo(200);
        return scraped.body();
    }

    private static String certificate() {
        var response = post("/api/v1/border-crossings/certificates", """
                {"document":{"type":"PASSPORT","number":"N1234567","issuingCountry":"GBR"},"nationality":"GBR",
                 "dateOfBirth":"1980-04-01","period":{"from":"2025-01-01","to":"2026-11-01"}}""", Map.of());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json(response).path("id").asText();
    }

    private static final java.util.concurrent.atomic.AtomicLong IMEIS = new java.util.concurrent.atomic.AtomicLong(35_100_000_000_000L);

    private static String verification(String certificate) {
        return "{\"certificateId\":\"" + certificate + "\",\"imeis\":[\"" + luhn(IMEIS.incrementAndGet()) + "\"]}";
    }

    /** A 15-digit IMEI: 14 digits and their Luhn check digit. */
    private static String luhn(long fourteenDigits) {
        String digits = Long.toString(fourteenDigits);
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = digits.charAt(digits.length() - 1 - i) - '0';
            if (i % 2 == 0) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
        }
        return digits + (10 - sum % 10) % 10;
    }
}
