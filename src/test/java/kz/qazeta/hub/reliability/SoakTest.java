package kz.qazeta.hub.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A soak: N applications (e-Visa and ETA, {@code -Dreliability.soak.applications}, 24 in CI) submitted concurrently
 * by clients that retry with their Idempotency-Key, while faults are injected at random (seeded,
 * {@code -Dreliability.soak.seed}): the registry and the gateway down, silent or answering 503 for a few seconds,
 * SOAP faults and a slow registry from the twin's desk, callbacks sent again. Outcomes are chosen up front (a passport
 * the issuance system refuses, an invitation for another category, an applicant who never pays), so at the end each
 * application must be in the state it should: issued, refused, rejected, or clearly pending (awaiting its payer). The
 * counts add up, every status is in each history once, and no message sits in a queue or a dead-letter queue.
 */
@Tag("reliability")
class SoakTest extends FaultyPartnersHub {

    private static final String AREA = "faults: soak";
    private static final int APPLICATIONS = Integer.getInteger("reliability.soak.applications", 24);
    private static final long SEED = Long.getLong("reliability.soak.seed", 20261126L);

    enum Outcome { ISSUED, REFUSED, REJECTED, PENDING, ETA_ISSUED }

    @Autowired
    EmbeddedActiveMQ embedded;

    @Test
    void applicationsUnderRandomFaultsAllEndWhereTheyShould() throws Exception {
        Random random = new Random(SEED);
        List<Outcome> plan = new ArrayList<>();
        for (int i = 0; i < APPLICATIONS; i++) {
            int dice = random.nextInt(100);
            plan.add(dice < 10 ? Outcome.REFUSED : dice < 20 ? Outcome.REJECTED : dice < 32 ? Outcome.PENDING
                    : dice < 50 ? Outcome.ETA_ISSUED : Outcome.ISSUED);
        }
        ActiveMQServer broker = embedded.getActiveMQServer();
        Map<String, Long> deadLettersBefore = deadLetters(broker);
        AtomicBoolean running = new AtomicBoolean(true);
        List<String> faults = Collections.synchronizedList(new ArrayList<>());
        Thread chaos = new Thread(() -> chaos(new Random(SEED + 1), running, faults), "soak-chaos");
        chaos.start();

        ExecutorService clients = Executors.newFixedThreadPool(8);
        Map<String, Outcome> submitted = Collections.synchronizedMap(new LinkedHashMap<>());
        List<String> lost = Collections.synchronizedList(new ArrayList<>());
        List<Future<?>> work = new ArrayList<>();
        for (int i = 0; i < plan.size(); i++) {
            Outcome outcome = plan.get(i);
            long seed = SEED + 100 + i;
            work.add(clients.submit(() -> {
                try {
                    submitted.put(client(outcome, new Random(seed)), outcome);
                } catch (Exception | AssertionError e) {
                    lost.add("a client failed: " + e);
                }
            }));
        }
        for (Future<?> f : work) {
            f.get(30, TimeUnit.MINUTES);
        }
        running.set(false);
        chaos.join();
        clients.shutdown();
        REGISTRY.pass();
        GATEWAY.pass();
        put("/sandbox/police/behaviour", "{\"delayMillis\":0,\"faults\":0}");

        // the end: every application where it should be
        Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
        for (var entry : submitted.entrySet()) {
            String id = entry.getKey();
            Outcome expected = entry.getValue();
            String path = (expected == Outcome.ETA_ISSUED ? "/api/v1/eta/applications/" : "/api/v1/evisa/applications/") + id;
            String status = expected == Outcome.ETA_ISSUED ? "ISSUED" : expected == Outcome.PENDING ? "AWAITING_PAYMENT" : expected.name();
            try {
                JsonNode view = await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500))
                        .until(() -> json(get(path, Map.of())), v -> status.equals(v.path("status").asText()));
                List<String> history = view.path("history").findValuesAsText("status");
                if (history.stream().distinct().count() != history.size()) {
                    lost.add(id + ": a status twice " + history);
                }
                counts.merge(expected, 1, Integer::sum);
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                lost.add(id + " should be " + status + ": " + get(path, Map.of()).body());
            }
        }
        // no message unaccounted for: the hub's queues drained, no new dead letters
        for (String queue : List.of("hub.evisa.check-invitation", "hub.evisa.request-payment", "hub.evisa.request-issuance",
                "partner.visa-issuance.requests", "partner.visa-issuance.replies", "hub.eta.screen",
                "partner.border-service.screening", "partner.border-service.screening-replies")) {
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> messages(broker, queue) == 0);
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                lost.add(queue + " still holds " + messages(broker, queue) + " messages");
            }
        }
        deadLetters(broker).forEach((queue, count) -> {
            long before = deadLettersBefore.getOrDefault(queue, 0L);
            if (count > before) {
                lost.add(queue + " got " + (count - before) + " dead letters");
            }
        });
        int issued = counts.getOrDefault(Outcome.ISSUED, 0) + counts.getOrDefault(Outcome.ETA_ISSUED, 0);
        int refused = counts.getOrDefault(Outcome.REFUSED, 0);
        int rejected = counts.getOrDefault(Outcome.REJECTED, 0);
        int pending = counts.getOrDefault(Outcome.PENDING, 0);
        System.out.printf("Soak: submitted %d = issued %d + refused %d + rejected %d + pending %d; faults injected: %d %s%n",
                submitted.size(), issued, refused, rejected, pending, faults.size(), faults);
        if (submitted.size() != APPLICATIONS || issued + refused + rejected + pending != submitted.size()) {
            lost.add("the counts do not add up: submitted " + submitted.size() + " of " + APPLICATIONS + ", issued " + issued
                    + ", refused " + refused + ", rejected " + rejected + ", pending " + pending);
        }
        ReliabilityLedger.record(AREA, APPLICATIONS + " applications, " + faults.size() + " random faults (seed " + SEED + ")",
                APPLICATIONS, Math.min(APPLICATIONS, lost.size()),
                "submitted " + submitted.size() + " = issued " + issued + " + refused " + refused + " + rejected " + rejected
                        + " + pending " + pending + "; queues drained, no dead letter");
        assertThat(lost).isEmpty();
    }

    /** One applicant's whole story, as the front door and the payer play it; returns the application's id. */
    private String client(Outcome outcome, Random random) throws Exception {
        String key = "soak-" + UUID.randomUUID();
        if (outcome == Outcome.ETA_ISSUED) {
            return submitWithRetries("/api/v1/eta/applications", FrontDoorRequests.eta(newPassport()), key);
        }
        String passport = outcome == Outcome.REFUSED ? "S" + (100_000 + random.nextInt(800_000)) + "999" : newPassport();
        String invitation = "INV-SOAK-" + UUID.randomUUID().toString().substring(0, 18);
        registerInvitation(invitation, passport, "JAM", outcome == Outcome.REJECTED ? "B10" : "B12");
        String id = submitWithRetries("/api/v1/evisa/applications", application(passport, "JAM", "B12", invitation, "ALA"), key);
        if (outcome == Outcome.REJECTED || outcome == Outcome.PENDING) {
            return id;
        }
        JsonNode awaiting = await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(300))
                .until(() -> json(get("/api/v1/evisa/applications/" + id, Map.of())),
                        v -> "AWAITING_PAYMENT".equals(v.path("status").asText()));
        String payment = awaiting.path("payment").path("id").asText();
        post("/sandbox/payments/" + payment + "/complete", "", Map.of());
        for (int i = random.nextInt(3); i > 0; i--) {
            post("/sandbox/payments/" + payment + "/resend-callback", "", Map.of());
        }
        return id;
    }

    /** A front door that retries a failed submission with the same Idempotency-Key: one application, whatever happens. */
    private String submitWithRetries(String path, String body, String key) {
        for (int attempt = 0; ; attempt++) {
            var response = post(path, body, Map.of("Idempotency-Key", key));
            if (response.statusCode() == 202 || response.statusCode() == 200) {
                return json(response).path("id").asText();
            }
            if (attempt == 10 || response.statusCode() < 500 && response.statusCode() != 429) {
                throw new AssertionError("submission answered " + response.statusCode() + ": " + response.body());
            }
            PartnerFaultsTest.sleep(Duration.ofSeconds(1));
        }
    }

    private void chaos(Random random, AtomicBoolean running, List<String> faults) {
        while (running.get()) {
            PartnerFaultsTest.sleep(Duration.ofMillis(500 + random.nextInt(2000)));
            if (!running.get()) {
                return;
            }
            int kind = random.nextInt(7);
            long seconds = 1 + random.nextInt(4);
            switch (kind) {
                case 0 -> REGISTRY.down();
                case 1 -> REGISTRY.answer(503, "text/html", "<html>busy</html>");
                case 2 -> REGISTRY.hang();
                case 3 -> GATEWAY.down();
                case 4 -> GATEWAY.answer(502, "text/html", "<html>bad gateway</html>");
                case 5 -> put("/sandbox/police/behaviour", "{\"delayMillis\":0,\"faults\":" + (1 + random.nextInt(4)) + "}");
                default -> put("/sandbox/police/behaviour", "{\"delayMillis\":1500,\"faults\":0}");
            }
            faults.add(List.of("registry down", "registry 503", "registry silent", "gateway down", "gateway 502",
                    "registry SOAP faults", "registry slow").get(kind) + " " + seconds + "s");
            PartnerFaultsTest.sleep(Duration.ofSeconds(seconds));
            REGISTRY.pass();
            GATEWAY.pass();
            put("/sandbox/police/behaviour", "{\"delayMillis\":0,\"faults\":0}");
        }
    }

    private static long messages(ActiveMQServer broker, String name) {
        Queue queue = broker.locateQueue(SimpleString.of(name));
        return queue == null ? 0 : queue.getMessageCount() + queue.getDeliveringCount();
    }

    private static Map<String, Long> deadLetters(ActiveMQServer broker) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (var binding : broker.getPostOffice().getAllBindings().toList()) {
            if (binding instanceof org.apache.activemq.artemis.core.postoffice.impl.LocalQueueBinding local
                    && local.getQueue().getName().toString().startsWith("DLQ.")) {
                counts.put(local.getQueue().getName().toString(), local.getQueue().getMessageCount());
            }
        }
        return counts;
    }
}
