package kz.qazeta.hub.evisa;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import kz.qazeta.hub.HubTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The e-Visa end to end through the real twins: REST in, SOAP to the police registry, REST to the payment
 * gateway and its signed callback back, JMS to the issuance system and its reply, events on the topic.
 */
@ExtendWith(OutputCaptureExtension.class)
class EvisaFlowTest extends HubTestSupport {

    @Autowired
    ConnectionFactory connectionFactory;

    private Connection connection;
    private final List<JsonNode> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void listenToStatusEvents() throws JMSException {
        connection = connectionFactory.createConnection();
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer consumer = session.createConsumer(session.createTopic("qazeta.evisa.status-events"));
        consumer.setMessageListener(message -> {
            try {
                events.add(JSON.readTree(((TextMessage) message).getText()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        connection.start();
    }

    @AfterEach
    void stopListening() throws JMSException {
        connection.close();
    }

    @Test
    void anInvitedApplicantWhoPaysGetsAnIssuedSingleEntryVisa(CapturedOutput logs) {
        String passport = newPassport();
        String invitation = "INV-HAPPY-" + System.nanoTime();
        registerInvitation(invitation, passport, "JAM", "B12");

        String correlationId = "happy-" + java.util.UUID.randomUUID();
        var submitted = post("/api/v1/evisa/applications", application(passport, "JAM", "B12", invitation, "ALA"),
                Map.of("X-Correlation-Id", correlationId));
        assertThat(submitted.statusCode()).isEqualTo(202);
        String id = json(submitted).path("id").asText();

        JsonNode awaiting = awaitStatus(id, "AWAITING_PAYMENT");
        String paymentId = awaiting.path("payment").path("id").asText();
        assertThat(awaiting.path("payment").path("url").asText()).contains(paymentId);
        assertThat(awaiting.path("payment").path("currency").asText()).isEqualTo("KZT");

        var paid = post("/sandbox/payments/" + paymentId + "/complete", "", Map.of());
        assertThat(json(paid).path("callbackStatus").asInt()).isEqualTo(200);

        JsonNode issued = awaitStatus(id, "ISSUED");
        assertThat(issued.path("visa").path("number").asText()).startsWith("KZ-EV-");
        assertThat(issued.path("visa").path("entries").asText()).isEqualTo("SINGLE");
        assertThat(issued.path("visa").path("validFrom").asText()).isEqualTo(issued.path("intendedEntryDate").asText());
        assertThat(issued.path("history").findValuesAsText("status")).containsExactly(
                "RECEIVED", "INVITATION_VERIFIED", "AWAITING_PAYMENT", "PAID", "ISSUANCE_REQUESTED", "ISSUED");

        // every status change reached the front door's topic, under the caller's correlation id
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(events.stream()
                .filter(e -> id.equals(e.path("applicationId").asText())).map(e -> e.path("status").asText()))
                .containsExactly("RECEIVED", "INVITATION_VERIFIED", "AWAITING_PAYMENT", "PAID", "ISSUANCE_REQUESTED", "ISSUED"));
        assertThat(events).filteredOn(e -> id.equals(e.path("applicationId").asText()))
                .allMatch(e -> correlationId.equals(e.path("correlationId").asText()));

        // the hub and every twin logged their part under that one id (one JSON line per event: the logger, then the
        // MDC), and no line shows the passport number
        String tagged = "\"correlationId\":\"" + correlationId + "\"";
        assertThat(logs.getAll()).contains(tagged).containsPattern("InvitationRegistryTwin\".*\\Q" + tagged + "\\E")
                .containsPattern("PaymentGatewayTwin\".*\\Q" + tagged + "\\E").containsPattern("VisaIssuanceTwin\".*\\Q" + tagged + "\\E")
                .containsPattern("EvisaIssuance\".*\\Q" + tagged + "\\E");
        assertThat(logs.getAll()).doesNotContain(passport);
    }

    @Test
    void anInvitationForSomeoneElseEndsTheApplicationRejectedWithTheReason() {
        String passport = newPassport();
        String invitation = "INV-OTHER-" + passport;
        registerInvitation(invitation, "Z9999999", "JAM", "B12");

        String id = json(post("/api/v1/evisa/applications", application(passport, "JAM", "B12", invitation, "ALA"),
                Map.of())).path("id").asText();

        JsonNode rejected = awaitStatus(id, "REJECTED");
        assertThat(rejected.path("reason").path("code").asText()).isEqualTo("invitation-applicant-mismatch");
        JsonNode inRussian = json(get("/api/v1/evisa/applications/" + id, Map.of("Accept-Language", "ru")));
        assertThat(inRussian.path("reason").path("message").asText()).contains("другому лицу");
        assertThat(rejected.path("payment").isMissingNode() || rejected.path("payment").isNull()).isTrue();
    }

    @Test
    void aRevokedOrUnknownInvitationIsRejected() {
        String passport = newPassport();
        String unknown = json(post("/api/v1/evisa/applications",
                application(passport, "JAM", "B12", "INV-NOBODY-" + passport, "ALA"), Map.of())).path("id").asText();
        // seeded: INV-2026-000103 is REVOKED (README)
        String revoked = json(post("/api/v1/evisa/applications",
                application("K5550001", "PER", "B12", "INV-2026-000103", "ALA"), Map.of())).path("id").asText();

        assertThat(awaitStatus(unknown, "REJECTED").path("reason").path("code").asText()).isEqualTo("invitation-not-found");
        assertThat(awaitStatus(revoked, "REJECTED").path("reason").path("code").asText()).isEqualTo("invitation-not-active");
    }

    @Test
    void aRegistryThatTimesOutLeavesTheCheckPendingUntilItRecovers() {
        String passport = newPassport();
        String invitation = "INV-SLOW-" + passport;
        registerInvitation(invitation, passport, "JAM", "B12");
        put("/sandbox/police/behaviour", "{\"delayMillis\":3000,\"faults\":0}");
        try {
            String id = json(post("/api/v1/evisa/applications",
                    application(passport, "JAM", "B12", invitation, "ALA"), Map.of())).path("id").asText();

            awaitStatus(id, "INVITATION_CHECK_PENDING");
            put("/sandbox/police/behaviour", "{\"delayMillis\":0,\"faults\":0}");

            JsonNode recovered = awaitStatus(id, "AWAITING_PAYMENT");
            assertThat(recovered.path("history").findValuesAsText("status"))
                    .containsSubsequence("RECEIVED", "INVITATION_CHECK_PENDING", "INVITATION_VERIFIED", "AWAITING_PAYMENT");
        } finally {
            put("/sandbox/police/behaviour", "{\"delayMillis\":0,\"faults\":0}");
        }
    }

    @Test
    void aRegistryFaultIsRetriedAndTheApplicationGoesOn() {
        String passport = newPassport();
        String invitation = "INV-FAULT-" + passport;
        registerInvitation(invitation, passport, "JAM", "B12");
        // one SOAP fault: the partner-call retry absorbs it
        put("/sandbox/police/behaviour", "{\"delayMillis\":0,\"faults\":1}");

        String id = json(post("/api/v1/evisa/applications",
                application(passport, "JAM", "B12", invitation, "ALA"), Map.of())).path("id").asText();

        assertThat(awaitStatus(id, "AWAITING_PAYMENT").path("history").findValuesAsText("status"))
                .doesNotContain("INVITATION_CHECK_PENDING", "REJECTED");
    }

    @Test
    void aDuplicatedPaymentCallbackPaysAndIssuesOnce() {
        String passport = newPassport();
        String invitation = "INV-DUP-" + passport;
        registerInvitation(invitation, passport, "JAM", "B12");
        String id = json(post("/api/v1/evisa/applications", application(passport, "JAM", "B12", invitation, "ALA"),
                Map.of())).path("id").asText();
        String paymentId = awaitStatus(id, "AWAITING_PAYMENT").path("payment").path("id").asText();

        assertThat(json(post("/sandbox/payments/" + paymentId + "/complete", "", Map.of())).path("callbackStatus").asInt())
                .isEqualTo(200);
        assertThat(json(post("/sandbox/payments/" + paymentId + "/resend-callback", "", Map.of())).path("callbackStatus").asInt())
                .isEqualTo(200);
        awaitStatus(id, "ISSUED");
        assertThat(json(post("/sandbox/payments/" + paymentId + "/resend-callback", "", Map.of())).path("callbackStatus").asInt())
                .isEqualTo(200);

        JsonNode view = json(get("/api/v1/evisa/applications/" + id, Map.of()));
        assertThat(view.path("history").findValuesAsText("status"))
                .containsOnlyOnce("PAID", "ISSUANCE_REQUESTED", "ISSUED");
    }

    @Test
    void aCallbackWithoutAValidSignatureIsRefusedAndChangesNothing() {
        String callback = "{\"eventId\":\"e1\",\"paymentId\":\"p1\",\"orderId\":\"o1\",\"state\":\"PAID\"}";

        var unsigned = post("/api/v1/payments/callback", callback, Map.of("X-Api-Key", GATEWAY_KEY));
        var forged = post("/api/v1/payments/callback", callback,
                Map.of("X-Api-Key", GATEWAY_KEY, "X-Payment-Signature", "00ff"));

        assertThat(unsigned.statusCode()).isEqualTo(401);
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(json(forged).path("type").asText()).endsWith("/unauthenticated");
    }

    @Test
    void theIssuanceSystemCanRefuseAndTheReasonIsShown() {
        String passport = "R1234999"; // the issuance twin refuses passports ending in 999
        String invitation = "INV-REFUSE-" + newPassport();
        registerInvitation(invitation, passport, "JAM", "B12");
        String id = json(post("/api/v1/evisa/applications", application(passport, "JAM", "B12", invitation, "ALA"),
                Map.of())).path("id").asText();
        String paymentId = awaitStatus(id, "AWAITING_PAYMENT").path("payment").path("id").asText();
        post("/sandbox/payments/" + paymentId + "/complete", "", Map.of());

        JsonNode refused = awaitStatus(id, "REFUSED");
        assertThat(refused.path("reason").path("code").asText()).isEqualTo("visa-refused");
        assertThat(refused.path("reason").path("message").asText()).contains("security check");
        assertThat(refused.path("visa").isMissingNode() || refused.path("visa").isNull()).isTrue();
    }
}
