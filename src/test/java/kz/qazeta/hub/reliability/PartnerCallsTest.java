package kz.qazeta.hub.reliability;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import kz.qazeta.hub.HubTestSupport;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What happens at the edge between the hub and a partner, seen over HTTP against the real twins: the hub's one retry
 * policy (no silent re-send by the HTTP client; a POST repeated only with an Idempotency-Key the partner honours), a
 * request mapping that fails is the hub's fault (500 hub-fault, an alarm; the partner not called, its circuit and
 * health untouched), and the figures operators read (each partner call counted once, a refusal not a failure, the
 * breaker named after its partner, no JMS header sent to a REST partner). The hub runs on a copy of its files, mappings read on
 * every use, so a test can break a mapping while it runs.
 */
@ExtendWith(OutputCaptureExtension.class)
class PartnerCallsTest extends HubTestSupport {

    private static final Path HOME = copyOfHubFiles();
    private static final Path MAPPINGS = HOME.resolve("routes/insurance/mappings");
    private static final String VIEWER = "viewer:sandbox-viewer-password";
    private static final String METRICS = "metrics:sandbox-metrics-password";
    private static final String SUNKAR = "sunkar-insurance";

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("qazeta.home", HOME::toString);
        registry.add("qazeta.mappings-content-cache", () -> "false");
        // two retries: the client's own re-send (one more per attempt) would not hide in the count
        registry.add("qazeta.partners.retry.max-redeliveries", () -> 2);
        // an open circuit stays open while the test looks at it (closed again after each test)
        registry.add("qazeta.partners.circuit.open-seconds", () -> 60);
    }

    @Value("${qazeta.partners.retry.max-redeliveries}")
    int maxRedeliveries;

    @Value("${qazeta.partners.circuit.minimum-calls}")
    int minimumCalls;

    @Autowired
    CamelContext camel;

    @AfterEach
    void partnersBackToNormal() throws IOException {
        put("/sandbox/insurers/" + SUNKAR + "/behaviour", "{\"failing\":false}");
        put("/sandbox/imei-registry/behaviour", "{\"delayMillis\":0,\"faults\":0}");
        FileSystemUtils.copyRecursively(Path.of("routes/insurance/mappings"), MAPPINGS);
        CircuitBreaker circuit = camel.getRegistry().lookupByNameAndType(SUNKAR + "-breaker", CircuitBreaker.class);
        if (circuit != null) {
            circuit.transitionToClosedState();
        }
    }

    // --- (a) one retry policy, the hub's ---

    @Test
    void aPostAnswered503ReachesThePartnerOncePerAttemptOfTheHubsPolicy() {
        String application = anIssuedEta().path("id").asText();
        put("/sandbox/insurers/" + SUNKAR + "/behaviour", "{\"failing\":true}");
        int before = received(SUNKAR).size();

        var down = buy(application, SUNKAR, Map.of("X-Correlation-Id", "retry-" + System.nanoTime()));

        assertThat(down.statusCode()).as(down.body()).isEqualTo(503);
        assertThat(json(down).path("detail").asText()).contains(SUNKAR);
        List<JsonNode> calls = received(SUNKAR).subList(before, received(SUNKAR).size());
        // the first attempt and the route configuration's retries, each sent once: nothing re-sent by the client
        assertThat(calls).hasSize(1 + maxRedeliveries);
        assertThat(calls).allSatisfy(call -> assertThat(call.path("operation").asText()).isEqualTo("quotes"));
        // every attempt of one call carries the same key, which the insurer honours
        assertThat(calls.stream().map(c -> c.path("idempotencyKey").asText()).distinct().toList())
                .singleElement().asString().startsWith(application + ":retry-");
    }

    @Test
    void aPostWithoutAnIdempotencyKeyIsSentOnceAndNotRepeated() {
        String certificate = certificate();
        // the IMEI registry honours no key: its one 503 is the answer, neither the hub nor its client sends it again
        put("/sandbox/imei-registry/behaviour", "{\"delayMillis\":0,\"faults\":2}");
        var verification = post("/api/v1/imei/verifications", imeiVerification(certificate), Map.of());
        assertThat(verification.statusCode()).as(verification.body()).isEqualTo(503);
        assertThat(json(get("/sandbox/imei-registry/behaviour", Map.of())).path("faults").asInt()).isEqualTo(1);
    }

    // --- (b) a hub fault is the hub's ---

    @Test
    void aRequestMappingThatFailsIsTheHubsFaultNotThePartners(CapturedOutput logs) throws IOException {
        String application = anIssuedEta().path("id").asText();
        String mapping = SUNKAR + "/quote-request.jsonata";
        double faultsBefore = metric("hub_faults_total\\{kind=\"mapping\",mapping=\"" + Pattern.quote(mapping) + "\"}");
        int calledBefore = received(SUNKAR).size();
        Files.writeString(MAPPINGS.resolve(mapping), "{\"externalRef\": $.application.id, \"plan\": (");

        // more than enough calls to open the partner's circuit, were they counted against it
        for (int i = 0; i < minimumCalls + 1; i++) {
            var fault = buy(application, SUNKAR, Map.of("Accept-Language", "ru"));
            assertThat(fault.statusCode()).as(fault.body()).isEqualTo(500);
            assertThat(json(fault).path("type").asText()).endsWith("/hub-fault");
            assertThat(json(fault).path("title").asText()).isEqualTo("Сбой в хабе");
            assertThat(fault.body()).doesNotContain(SUNKAR + " ").doesNotContain("jsonata");
        }
        // a JSONata that parses but finds nothing to map: the same
        Files.writeString(MAPPINGS.resolve(mapping), "$.no.such.field");
        var nothing = buy(application, SUNKAR, Map.of());
        assertThat(nothing.statusCode()).as(nothing.body()).isEqualTo(500);
        assertThat(json(nothing).path("type").asText()).endsWith("/hub-fault");

        assertThat(received(SUNKAR)).as("the insurer was never called").hasSize(calledBefore);
        JsonNode health = partnerHealth(SUNKAR);
        assertThat(health.path("status").asText()).isEqualTo("UP");
        assertThat(health.path("details").path("circuitState").asText()).isEqualTo("CLOSED");
        assertThat(metric("hub_faults_total\\{kind=\"mapping\",mapping=\"" + Pattern.quote(mapping) + "\"}") - faultsBefore)
                .isEqualTo(minimumCalls + 2);
        assertThat(logs.getAll()).contains("HUB-FAULT mapping " + mapping + " failed");
    }

    // --- (d) figures that count what their names say ---

    @Test
    void everyPartnerCallIsCountedOnce() {
        String application = anIssuedEta().path("id").asText();
        String rest = "hub_partner_calls_seconds_count\\{channel=\"rest\",outcome=\"ok\",partner=\"sunkar-insurance\"}";
        String soap = "hub_partner_calls_seconds_count\\{channel=\"soap\",outcome=\"ok\",partner=\"steppe-assurance\"}";
        double restBefore = metric(rest);
        double soapBefore = metric(soap);
        int calledBefore = received(SUNKAR).size();

        assertThat(buy(application, SUNKAR, Map.of()).statusCode()).isEqualTo(201);
        assertThat(buy(application, "steppe-assurance", Map.of()).statusCode()).isEqualTo(201);

        // a quote and a policy from each insurer: two calls each
        assertThat(received(SUNKAR).size() - calledBefore).isEqualTo(2);
        assertThat(metric(rest) - restBefore).isEqualTo(2);
        assertThat(metric(soap) - soapBefore).isEqualTo(2);
    }

    @Test
    void aRefusalIsNotAFailedExchange() {
        String failed = "camel_exchanges_failed_total\\{[^}]*routeId=\"insurance-buy-policy\"[^}]*}";
        String all = "camel_exchanges_total\\{[^}]*routeId=\"insurance-buy-policy\"[^}]*}";
        double failedBefore = metric(failed);
        double allBefore = metric(all);

        var refused = buy(anIssuedEta().path("id").asText(), "no-such-insurer", Map.of());

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(metric(all) - allBefore).isEqualTo(1);
        assertThat(metric(failed) - failedBefore).isZero();
    }

    @Test
    void aTemplatedPartnersBreakerIsNamedAfterItAndItsOpenCircuitTakesItsHealthDown() {
        String application = anIssuedEta().path("id").asText();
        put("/sandbox/insurers/" + SUNKAR + "/behaviour", "{\"failing\":true}");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
            assertThat(buy(application, SUNKAR, Map.of()).statusCode()).isEqualTo(503);
            return partnerHealth(SUNKAR).path("details").path("circuitState").asText();
        }, "OPEN"::equals);

        JsonNode health = partnerHealth(SUNKAR);
        assertThat(health.path("status").asText()).isIn("DOWN", "OUT_OF_SERVICE");
        assertThat(health.path("details").path("circuitBreaker").asText()).isEqualTo(SUNKAR + "-breaker");
        assertThat(metric("hub_circuit_breaker_state\\{breaker=\"sunkar-insurance-breaker\",partner=\"sunkar-insurance\",state=\"open\"}"))
                .isEqualTo(1);
        // the policy call shares the quote call's circuit: not called while it is open
        int calledBefore = received(SUNKAR).size();
        assertThat(buy(application, SUNKAR, Map.of()).statusCode()).isEqualTo(503);
        assertThat(received(SUNKAR)).hasSize(calledBefore);
    }

    @Test
    void aRestPartnerSeesNoJmsHeader() {
        String correlationId = "headers-" + System.nanoTime();
        String id = submitInvitedEvisa(newPassport(), correlationId);
        // the payment request goes out from the queue consumer, whose exchange began as a JMS message
        awaitStatus(id, "AWAITING_PAYMENT");

        JsonNode headers = json(get("/sandbox/payment-gateway/requests/" + correlationId + "/headers", Map.of()));
        List<String> names = new ArrayList<>();
        headers.forEach(h -> names.add(h.asText()));
        assertThat(names).contains("x-correlation-id").noneMatch(n -> n.toLowerCase().startsWith("jms"));
    }

    // --- helpers ---

    private static HttpResponse<String> buy(String application, String insurer, Map<String, String> headers) {
        return post("/api/v1/insurance/policies", "{\"application\":{\"service\":\"eta\",\"id\":\"%s\"},\"insurer\":\"%s\",\"coverage\":\"STANDARD\"}"
                .formatted(application, insurer), headers);
    }

    private static List<JsonNode> received(String insurer) {
        List<JsonNode> calls = new ArrayList<>();
        json(get("/sandbox/insurers/" + insurer + "/received", Map.of())).forEach(calls::add);
        return calls;
    }

    private static JsonNode partnerHealth(String partner) {
        return json(as(VIEWER, "/actuator/health/partners")).path("components").path(partner);
    }

    /** The value of the one Prometheus sample matching {@code pattern} (0 when there is none yet). */
    private static double metric(String pattern) {
        var scraped = as(METRICS, "/actuator/prometheus");
        assertThat(scraped.statusCode()).isEqualTo(200);
        Matcher sample = Pattern.compile("(?m)^" + pattern + " (\\S+)$").matcher(scraped.body());
        double value = 0;
        int found = 0;
        while (sample.find()) {
            value += Double.parseDouble(sample.group(1));
            found++;
        }
        assertThat(found).as("samples of " + pattern).isLessThanOrEqualTo(1);
        return value;
    }

    private static HttpResponse<String> as(String user, String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(20)).GET()
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(user.getBytes(StandardCharsets.UTF_8)))
                .build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String certificate() {
        var response = post("/api/v1/border-crossings/certificates", """
                {"document":{"type":"PASSPORT","number":"N1234567","issuingCountry":"GBR"},"nationality":"GBR",
                 "dateOfBirth":"1980-04-01","period":{"from":"2025-01-01","to":"2026-11-01"}}""", Map.of());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json(response).path("id").asText();
    }

    private static final AtomicLong IMEIS = new AtomicLong(35_200_000_000_000L);

    /** A verification of one 15-digit IMEI: 14 digits and their Luhn check digit. */
    private static String imeiVerification(String certificate) {
        String digits = Long.toString(IMEIS.incrementAndGet());
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = digits.charAt(digits.length() - 1 - i) - '0';
            if (i % 2 == 0) {
                d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            }
            sum += d;
        }
        return "{\"certificateId\":\"" + certificate + "\",\"imeis\":[\"" + digits + (10 - sum % 10) % 10 + "\"]}";
    }
}
