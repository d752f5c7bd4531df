package kz.qazeta.hub.operations;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.jms.Connection;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Dead letters end to end: a message the hub cannot process through its last delivery lands in the dead-letter
 * queue of its partner or service with the reason and the correlation id, an operator sees it and, once the cause
 * is gone, sends it back, and the work completes.
 */
class DeadLetterTest extends ConsoleTestSupport {

    private static final Map<String, String> OPERATOR = Map.of("X-Api-Key", OPERATOR_KEY);

    @Autowired
    private ArtemisProperties artemis;

    @AfterEach
    void twinsBackToNormal() {
        send("DELETE", "/sandbox/eresidency/behaviour");
    }

    @Test
    void aCancellationTheRegistrarKeepsFailingIsDeadLetteredThenReplayedWhenItRecovers() {
        // the AIFC registrar fails every call, so the company step is still pending when the applicant withdraws
        behave("company-registrar", "FAIL");
        String correlationId = "dlq-" + System.nanoTime();
        var submitted = post("/api/v1/eresidency/applications", eresidency(newPassport(), "Dead Letter Ltd " + System.nanoTime()),
                Map.of("X-Correlation-Id", correlationId));
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        String id = json(submitted).path("id").asText();
        awaitApplication(id, a -> a.path("steps").path("company").path("status").asText().equals("PENDING")
                && a.path("steps").path("company").path("attempts").asInt() >= 1);
        // the cancellations are queued under the withdrawal's correlation id
        assertThat(post("/api/v1/eresidency/applications/" + id + "/withdrawal", "", Map.of("X-Correlation-Id", correlationId))
                .statusCode()).isEqualTo(200);

        // the cancellation fails at the registrar on every delivery; after the last the hub dead-letters it
        JsonNode deadLetter = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> deadLetters("DLQ.hub.eresidency").findValue("messages"), messages -> find(messages, correlationId) != null);
        JsonNode message = find(deadLetter, correlationId);
        assertThat(message.path("originalQueue").asText()).isEqualTo("hub.eresidency.compensate");
        assertThat(message.path("route").asText()).isEqualTo("eresidency-compensate");
        assertThat(message.path("reason").asText()).contains("Fault");
        assertThat(message.path("deliveryAttempts").asInt()).isEqualTo(5);
        assertThat(message.path("failedAt").asText()).isNotEmpty();
        JsonNode cancelling = json(get("/api/v1/eresidency/applications/" + id, Map.of())).path("steps").path("company");
        assertThat(cancelling.path("status").asText()).isEqualTo("CANCELLING");

        // the registrar recovers; the operator sends that dead letter back, and the cancellation completes
        send("DELETE", "/sandbox/eresidency/behaviour");
        var retried = post("/api/v1/admin/dead-letters/DLQ.hub.eresidency/retry?messageId=" + message.path("messageId").asLong(),
                "", OPERATOR);
        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
        assertThat(json(retried).path("retried").asInt()).isEqualTo(1);
        JsonNode settled = awaitApplication(id, a -> a.path("steps").path("company").path("status").asText().equals("CANCELLED"));
        assertThat(settled.path("steps").path("company").path("compensation").asText()).isEqualTo("CONFIRMED");
        assertThat(find(deadLetters("DLQ.hub.eresidency").path("messages"), correlationId)).isNull();

        // the partner's own hop log shows the cancellation the retry made, under the application's correlation id
        JsonNode hops = json(get("/api/v1/admin/exchanges/" + correlationId, OPERATOR)).path("hops");
        assertThat(hops.toString()).contains("company-registrar");
    }

    @Test
    void anAnswerTheHubCannotReadLandsInItsPartnersDeadLetterQueueWithTheReason() throws Exception {
        String correlationId = "dlq-unreadable-" + System.nanoTime();
        // the visa issuance system (its own broker user) answers with something that is not a decision
        ActiveMQConnectionFactory partner = new ActiveMQConnectionFactory("vm://" + artemis.getEmbedded().getServerId());
        try (Connection connection = partner.createConnection("visa-issuance", "sandbox-visa-issuance-broker-password")) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue("partner.visa-issuance.replies"));
            TextMessage reply = session.createTextMessage("this is not a decision");
            reply.setJMSCorrelationID(correlationId);
            producer.send(reply);
        }
        JsonNode messages = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> deadLetters("DLQ.partner.visa-issuance").path("messages"), m -> find(m, correlationId) != null);
        JsonNode message = find(messages, correlationId);
        assertThat(message.path("originalQueue").asText()).isEqualTo("partner.visa-issuance.replies");
        assertThat(message.path("route").asText()).isEqualTo("evisa-issuance-decision");
        assertThat(message.path("reason").asText()).isNotBlank();

        JsonNode queues = json(get("/api/v1/admin/dead-letters", OPERATOR)).path("queues");
        assertThat(queues.findValuesAsText("queue")).contains("DLQ.partner.visa-issuance", "DLQ.partner.astana-bank",
                "DLQ.partner.border-service", "DLQ.hub.evisa", "DLQ.hub.eta", "DLQ.hub.eresidency");
        // only the operator's key opens it; an unknown queue is a 404
        assertThat(get("/api/v1/admin/dead-letters", Map.of()).statusCode()).isEqualTo(403);
        assertThat(post("/api/v1/admin/dead-letters/partner.visa-issuance.replies/retry", "", OPERATOR).statusCode()).isEqualTo(404);
    }

    // --- helpers ---

    private static JsonNode deadLetters(String queue) {
        var response = get("/api/v1/admin/dead-letters/" + queue, OPERATOR);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }

    private static JsonNode find(JsonNode messages, String correlationId) {
        for (JsonNode m : messages) {
            if (correlationId.equals(m.path("correlationId").asText())) {
                return m;
            }
        }
        return null;
    }

    private static String eresidency(String passport, String company) {
        return """
                {"applicant":{"passportNumber":"%s","passportType":"ORDINARY","nationality":"IND","surname":"RAO",
                              "givenNames":"PRIYA","dateOfBirth":"1988-03-14","sex":"F","passportExpiry":"%s"},
                 "contact":{"email":"priya.rao@example.com","phone":"+919812345678"},
                 "services":{"iin":true,"company":{"name":"%s","activity":"62.01","shareCapital":100000,
                             "address":"Mangilik El 55/20, Astana"}}}
                """.formatted(passport, LocalDate.now().plusYears(5), company);
    }

    private static JsonNode awaitApplication(String id, Predicate<JsonNode> condition) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> json(get("/api/v1/eresidency/applications/" + id, Map.of())), condition);
    }

    private static void behave(String twin, String mode) {
        var response = put("/sandbox/eresidency/behaviour/" + twin, "{\"mode\":\"" + mode + "\",\"delayMillis\":0,\"times\":0}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private static void send(String method, String path) {
        try {
            HTTP.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url(path)))
                    .method(method, java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
