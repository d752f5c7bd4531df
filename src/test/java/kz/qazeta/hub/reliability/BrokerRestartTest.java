package kz.qazeta.hub.reliability;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import kz.qazeta.hub.StartedHub;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.jms.config.JmsListenerEndpointRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The broker stopped and started mid-flow, the embedded one (its server stopped and started inside the running
 * hub) and an external Artemis (a process of its own, killed with SIGKILL and started again on its journal): visa
 * requests waiting in the broker survive it (persistent), steps under way are rolled back and redelivered
 * (transacted), a submission meanwhile is still taken (its flow resumes from the database), and every application
 * ends ISSUED with each status once: nothing lost, nothing processed twice.
 */
@Tag("reliability")
class BrokerRestartTest {

    private static final String AREA = "faults: broker";
    private static final Duration PATIENCE = Duration.ofSeconds(180);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void theEmbeddedBrokerStoppedAndStartedMidFlow() throws Exception {
        Path data = Files.createTempDirectory("qazeta-hub-broker");
        try (StartedHub hub = StartedHub.start(data, StartedHub.freePort(),
                "--qazeta.sandbox.visa-issuance.auto-startup=false", "--qazeta.evisa.resume.watchdog=PT10S")) {
            ActiveMQServer broker = hub.context().getBean(EmbeddedActiveMQ.class).getActiveMQServer();
            midFlow(hub, "embedded Artemis stopped and started", () -> {
                try {
                    broker.stop();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, () -> {
                try {
                    broker.start();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }
    }

    @Test
    void anExternalBrokerKilledAndStartedAgainMidFlow() throws Exception {
        Path data = Files.createTempDirectory("qazeta-hub-external-broker");
        Path brokerData = Files.createDirectories(data.resolve("broker"));
        int brokerPort = StartedHub.freePort();
        Process[] broker = {ExternalBroker.start(brokerPort, brokerData)};
        try (StartedHub hub = StartedHub.start(data, StartedHub.freePort(),
                "--spring.artemis.mode=native", "--spring.artemis.broker-url=tcp://127.0.0.1:" + brokerPort,
                "--qazeta.sandbox.visa-issuance.auto-startup=false", "--qazeta.evisa.resume.watchdog=PT10S")) {
            midFlow(hub, "external Artemis killed (kill -9) and started again", () -> {
                broker[0].destroyForcibly();
                try {
                    broker[0].waitFor();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, () -> {
                try {
                    broker[0] = ExternalBroker.start(brokerPort, brokerData);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        } finally {
            broker[0].destroyForcibly();
        }
    }

    private void midFlow(StartedHub hub, String kind, Runnable stop, Runnable start) throws Exception {
        List<String> lost = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        // paid, their visa requests waiting in the broker for the held-back issuance system
        for (int i = 0; i < 3; i++) {
            String id = submit(hub);
            pay(hub, id);
            hub.await(view(id), v -> "ISSUANCE_REQUESTED".equals(v.path("status").asText()));
            ids.add(id);
        }
        // invitation checks under way (the registry answers slowly) when the broker goes
        hub.put("/sandbox/police/behaviour", "{\"delayMillis\":700,\"faults\":0}");
        for (int i = 0; i < 2; i++) {
            ids.add(submitOnly(hub));
        }
        stop.run();
        hub.put("/sandbox/police/behaviour", "{\"delayMillis\":0,\"faults\":0}");
        // a submission while the broker is away: stored and taken (202), its flow resumes from the database
        String during = submitOnlyAnswer(hub, lost);
        if (during != null) {
            ids.add(during);
        }
        PartnerFaultsTest.sleep(Duration.ofSeconds(3));
        start.run();
        hub.context().getBean(JmsListenerEndpointRegistry.class).getListenerContainer("sandbox-visa-issuance").start();
        for (String id : ids) {
            try {
                JsonNode view = await(hub, id, List.of("AWAITING_PAYMENT", "ISSUED"));
                if ("AWAITING_PAYMENT".equals(view.path("status").asText())) {
                    pay(hub, id);
                }
                JsonNode issued = await(hub, id, List.of("ISSUED"));
                List<String> history = issued.path("history").findValuesAsText("status");
                if (history.stream().distinct().count() != history.size()) {
                    lost.add(id + ": a status twice: " + history);
                }
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                lost.add(id + ": ended " + hub.get(view(id)).path("status").asText());
            }
        }
        ReliabilityLedger.record(AREA, kind, ids.size(), lost.size(),
                "persistent requests survive, transacted steps redelivered; each ISSUED once");
        assertThat(lost).isEmpty();
    }

    private static JsonNode await(StartedHub hub, String id, List<String> statuses) {
        return org.awaitility.Awaitility.await().atMost(PATIENCE).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> hub.get(view(id)), v -> statuses.contains(v.path("status").asText()));
    }

    private static String view(String id) {
        return "/api/v1/evisa/applications/" + id;
    }

    private static String register(StartedHub hub) throws Exception {
        String passport = "B" + (1_000_000 + (int) (Math.random() * 8_000_000));
        String invitation = "INV-BROKER-" + System.nanoTime();
        hub.post("/sandbox/police/invitations", """
                {"invitationNumber":"%s","inviter":"TOO Test Tours","category":"B12",
                 "applicant":{"passportNumber":"%s","nationality":"JAM","surname":"BROWN","givenNames":"ALEX",
                              "dateOfBirth":"1990-05-17"},"validFrom":"%s","validUntil":"%s"}
                """.formatted(invitation, passport, LocalDate.now(), LocalDate.now().plusYears(1)));
        return FrontDoorRequests.evisa(passport, invitation);
    }

    private static String submitOnly(StartedHub hub) throws Exception {
        return hub.post("/api/v1/evisa/applications", register(hub)).path("id").asText();
    }

    private static String submit(StartedHub hub) throws Exception {
        String id = submitOnly(hub);
        hub.await(view(id), v -> "AWAITING_PAYMENT".equals(v.path("status").asText()));
        return id;
    }

    /** A submission while the broker is away: a 202 (the flow resumes later) or a 503; never a 500. */
    private static String submitOnlyAnswer(StartedHub hub, List<String> lost) throws Exception {
        String body = register(hub);
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + hub.port() + "/api/v1/evisa/applications"))
                .header("X-Api-Key", "sandbox-front-door-key").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 202) {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body()).path("id").asText();
        }
        if (response.statusCode() != 503) {
            lost.add("a submission while the broker was away was answered " + response.statusCode() + ": " + response.body());
        }
        return null;
    }

    private static void pay(StartedHub hub, String id) throws Exception {
        String payment = hub.await(view(id), v -> "AWAITING_PAYMENT".equals(v.path("status").asText()))
                .path("payment").path("id").asText();
        hub.post("/sandbox/payments/" + payment + "/complete", "");
    }
}
