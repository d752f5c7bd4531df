package kz.qazeta.hub.reliability;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import kz.qazeta.hub.operations.CircuitBreakers;
import org.apache.camel.component.resilience4j.ResilienceProcessor;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Partners that misbehave, against the real twins, broker and database: the police registry (SOAP) and the payment
 * gateway (REST) slow, silent, answering 5xx, a SOAP fault or garbage, or down for a while and back; the IIN
 * registry of the e-Residency down past its attempts. Each application ends in a clear state while the partner
 * fails (INVITATION_CHECK_PENDING, INVITATION_VERIFIED with the payment request pending, a FAILED step with its
 * reason), the hub's calls stay bounded, the circuit opens (no call reaches the partner) and closes again, and after
 * recovery every application completes: ISSUED once paid, COMPLETED once retried. Counted in the reliability table.
 */
@Tag("reliability")
class PartnerFaultsTest extends FaultyPartnersHub {

    private static final String AREA = "faults: partners";
    /** How long a partner stays down in the "down for a while" cases: 10 s here, a minute in the long run. */
    private static final int DOWN_SECONDS = Integer.getInteger("reliability.partner.down-seconds", 10);
    private static final Duration PATIENCE = Duration.ofSeconds(120);

    @Autowired
    CircuitBreakers breakers;

    @AfterEach
    void linksWorkAgain() {
        REGISTRY.pass();
        GATEWAY.pass();
        IIN_REGISTRY.pass();
    }

    @Test
    void registrySlowerThanTheHubWaits() {
        registryFault("invitation registry (SOAP) slower than the time-out", () -> REGISTRY.pass(2500));
    }

    @Test
    void registryNeverAnswers() {
        registryFault("invitation registry (SOAP) never answers", REGISTRY::hang);
    }

    @Test
    void registryAnswers5xx() {
        registryFault("invitation registry (SOAP) answers 503",
                () -> REGISTRY.answer(503, "text/html", "<html><body>Service Unavailable</body></html>"));
    }

    @Test
    void registryAnswersASoapFault() {
        registryFault("invitation registry answers a SOAP fault", () -> REGISTRY.answer(500, "text/xml; charset=UTF-8", """
                <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault>
                <faultcode>soap:Server</faultcode><faultstring>Registry database offline</faultstring>
                </soap:Fault></soap:Body></soap:Envelope>"""));
    }

    @Test
    void registryAnswersGarbage() {
        registryFault("invitation registry answers garbage (not HTTP)",
                () -> REGISTRY.answer("\u0000\u0001\u0002 garbage \r\n\r\n{{{".getBytes(StandardCharsets.ISO_8859_1)));
        registryFault("invitation registry answers garbage (200, not XML)",
                () -> REGISTRY.answer(200, "text/xml", "{\"this\": is not <xml"));
        registryFault("invitation registry answers a SOAP body of another contract", () -> REGISTRY.answer(200, "text/xml", """
                <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>
                <x:Surprise xmlns:x="urn:other"><x:value>1</x:value></x:Surprise></soap:Body></soap:Envelope>"""));
    }

    /**
     * Down for a while (connections refused), then back: the circuit opens after the first failures and keeps the
     * hub away while open; back, it lets calls through again, closes, and every pending application is issued.
     */
    @Test
    void registryDownForAWhileThenBack() {
        ResilienceProcessor breaker = breaker("invitation-registry-breaker");
        List<String> ids = new ArrayList<>();
        List<String> lost = new ArrayList<>();
        REGISTRY.down();
        for (int i = 0; i < 3; i++) {
            ids.add(submitEvisa());
        }
        for (String id : ids) {
            awaitStatus(id, Set.of("INVITATION_CHECK_PENDING"), lost);
        }
        await().atMost(PATIENCE).until(() -> "OPEN".equals(breaker.getCircuitBreakerState()));
        // while open: pending applications are tried again by the poller, and not one call goes out
        REGISTRY.up().resetCount();
        REGISTRY.down();
        String whileOpen = submitEvisa();
        ids.add(whileOpen);
        awaitStatus(whileOpen, Set.of("INVITATION_CHECK_PENDING"), lost);
        if ("OPEN".equals(breaker.getCircuitBreakerState()) && REGISTRY.connections() > 0) {
            lost.add("calls reached the registry while the circuit was open: " + REGISTRY.connections());
        }
        // down for a while: through the whole outage every application stays pending (not given up, not judged)
        holdsDuring(Duration.ofSeconds(DOWN_SECONDS), ids, "INVITATION_CHECK_PENDING", () -> { }, lost);
        REGISTRY.up();
        for (String id : ids) {
            payAndAwaitIssued(id, lost);
        }
        // enough calls in half-open to judge: the circuit closes
        for (int i = 0; i < 10 && !"CLOSED".equals(breaker.getCircuitBreakerState()); i++) {
            String more = submitEvisa();
            ids.add(more);
            awaitStatus(more, Set.of("AWAITING_PAYMENT"), lost);
        }
        if (!"CLOSED".equals(breaker.getCircuitBreakerState())) {
            lost.add("the circuit did not close: " + breaker.getCircuitBreakerState());
        }
        record("invitation registry (SOAP) down " + DOWN_SECONDS + " s, then back; circuit opens and closes", ids, lost);
    }

    @Test
    void gatewayAnswers5xx() {
        gatewayFault("payment gateway (REST) answers 502", () -> GATEWAY.answer(502, "text/html", "<html>Bad Gateway</html>"));
    }

    @Test
    void gatewayAnswersGarbage() {
        gatewayFault("payment gateway answers garbage (200, not JSON)",
                () -> GATEWAY.answer(200, "application/json", "<html>not json at all"));
    }

    @Test
    void gatewayNeverAnswers() {
        gatewayFault("payment gateway never answers", GATEWAY::hang);
    }

    @Test
    void gatewayDownForAWhileThenBack() {
        ResilienceProcessor breaker = breaker("payment-gateway-breaker");
        List<String> lost = new ArrayList<>();
        GATEWAY.down();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(submitEvisa());
        }
        // verified, and the payment request waits: the status says the hub owes the next step
        for (String id : ids) {
            awaitStatus(id, Set.of("INVITATION_VERIFIED"), lost);
        }
        await().atMost(PATIENCE).until(() -> "OPEN".equals(breaker.getCircuitBreakerState()));
        // down for a while: through the whole outage the payment request stays owed (verified, not failed)
        holdsDuring(Duration.ofSeconds(DOWN_SECONDS), ids, "INVITATION_VERIFIED", () -> { }, lost);
        GATEWAY.up();
        for (String id : ids) {
            payAndAwaitIssued(id, lost);
        }
        record("payment gateway (REST) down " + DOWN_SECONDS + " s, then back; circuit opens", ids, lost);
    }

    /**
     * The e-Residency's IIN registry down longer than a step's attempts: the step FAILS with its reason (a clear
     * state, not a silent wait), the application is FAILED; back up, an operator's retry completes it.
     */
    @Test
    void iinRegistryDownPastTheAttemptsThenRetried() {
        List<String> lost = new ArrayList<>();
        IIN_REGISTRY.down();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            var response = post("/api/v1/eresidency/applications", FrontDoorRequests.eresidency(), Map.of());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
            ids.add(json(response).path("id").asText());
        }
        for (String id : ids) {
            JsonNode failed = awaitEresidency(id, "FAILED", lost);
            if (failed != null && failed.path("steps").path("iin").path("reason").isMissingNode()) {
                lost.add(id + ": FAILED without a reason: " + failed);
            }
        }
        IIN_REGISTRY.up();
        for (String id : ids) {
            var retry = post("/api/v1/admin/eresidency/applications/" + id + "/steps/iin/retry", "",
                    Map.of("X-Api-Key", OPERATOR_KEY));
            if (retry.statusCode() >= 300) {
                lost.add(id + ": the retry was refused: " + retry.body());
            }
            awaitEresidency(id, "COMPLETED", lost);
        }
        record("IIN registry (REST) down past a step's attempts; an operator retries", ids, lost);
    }

    // --- the shape of each case ---

    private void registryFault(String kind, Runnable breakIt) {
        List<String> lost = new ArrayList<>();
        breakIt.run();
        REGISTRY.resetCount();
        List<String> ids = List.of(submitEvisa(), submitEvisa());
        for (String id : ids) {
            awaitStatus(id, Set.of("INVITATION_CHECK_PENDING"), lost);
        }
        int calls = REGISTRY.connections();
        // each attempt is one call and one retry; the back-off and the circuit keep it to a handful
        if (calls > 30) {
            lost.add("unbounded calls to the failing registry: " + calls);
        }
        REGISTRY.pass();
        for (String id : ids) {
            payAndAwaitIssued(id, lost);
        }
        record(kind, ids, lost);
    }

    private void gatewayFault(String kind, Runnable breakIt) {
        List<String> lost = new ArrayList<>();
        breakIt.run();
        GATEWAY.resetCount();
        List<String> ids = List.of(submitEvisa(), submitEvisa());
        for (String id : ids) {
            awaitStatus(id, Set.of("INVITATION_VERIFIED"), lost);
        }
        // for a while after: the applications stay verified and the hub's calls to the failing gateway stay bounded
        holdsDuring(Duration.ofSeconds(2), ids, "INVITATION_VERIFIED", () -> assertThat(GATEWAY.connections())
                .as("calls to the failing gateway (unbounded above 30)").isLessThanOrEqualTo(30), lost);
        GATEWAY.pass();
        for (String id : ids) {
            payAndAwaitIssued(id, lost);
        }
        record(kind, ids, lost);
    }

    private void record(String kind, List<String> ids, List<String> lost) {
        ReliabilityLedger.record(AREA, kind, ids.size(), (int) ids.stream().filter(id -> lost.stream().anyMatch(l -> l.contains(id))).count()
                + (int) lost.stream().filter(l -> ids.stream().noneMatch(l::contains)).count(),
                "clear state while failing, bounded calls; every application issued after recovery");
        assertThat(lost).as(kind).isEmpty();
    }

    private String submitEvisa() {
        String passport = newPassport();
        String invitation = "INV-FAULT-" + System.nanoTime();
        registerInvitation(invitation, passport, "JAM", "B12");
        var response = post("/api/v1/evisa/applications", application(passport, "JAM", "B12", invitation, "NQZ"), Map.of());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return json(response).path("id").asText();
    }

    private JsonNode awaitStatus(String id, Set<String> statuses, List<String> lost) {
        try {
            return await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200))
                    .until(() -> json(get("/api/v1/evisa/applications/" + id, Map.of())),
                            view -> statuses.contains(view.path("status").asText()));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            lost.add(id + " never reached " + statuses + ": " + get("/api/v1/evisa/applications/" + id, Map.of()).body());
            return null;
        }
    }

    /**
     * Through the whole of {@code period} nothing moves the applications on or gives them up while their partner
     * fails: each keeps {@code status}, and {@code alsoHolds} holds too (a bound on the calls). What breaks is counted
     * lost, under the application's id where it is one. (The states and the call count only move forward, so a
     * margin of a few seconds over the period cannot hide a break followed by a recovery.)
     */
    private void holdsDuring(Duration period, List<String> ids, String status, Runnable alsoHolds, List<String> lost) {
        try {
            await().during(period).atMost(period.plusSeconds(3)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                alsoHolds.run();
                for (String id : ids) {
                    assertThat(statusOf(id)).as(id).isEqualTo(status);
                }
            });
        } catch (ConditionTimeoutException e) {
            lost.add(e.getMessage());
        }
    }

    private String statusOf(String id) {
        return json(get("/api/v1/evisa/applications/" + id, Map.of())).path("status").asText();
    }

    /** Pays (the twin plays the payer) and waits for ISSUED, with each status once in the history. */
    private void payAndAwaitIssued(String id, List<String> lost) {
        JsonNode awaiting = awaitStatus(id, Set.of("AWAITING_PAYMENT"), lost);
        if (awaiting == null) {
            return;
        }
        post("/sandbox/payments/" + awaiting.path("payment").path("id").asText() + "/complete", "", Map.of());
        JsonNode issued = awaitStatus(id, Set.of("ISSUED"), lost);
        if (issued != null) {
            List<String> history = issued.path("history").findValuesAsText("status");
            if (history.stream().distinct().count() != history.size()) {
                lost.add(id + " has a status twice in its history: " + history);
            }
        }
    }

    private JsonNode awaitEresidency(String id, String status, List<String> lost) {
        try {
            return await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200))
                    .until(() -> json(get("/api/v1/eresidency/applications/" + id, Map.of())),
                            view -> status.equals(view.path("status").asText()));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            lost.add(id + " never reached " + status + ": " + get("/api/v1/eresidency/applications/" + id, Map.of()).body());
            return null;
        }
    }

    /** The breaker of a partner's circuit, by the circuit's name (the same for every route that calls the partner). */
    private ResilienceProcessor breaker(String circuit) {
        return breakers.all().get(circuit);
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
