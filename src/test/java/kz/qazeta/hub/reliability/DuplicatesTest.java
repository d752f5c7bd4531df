package kz.qazeta.hub.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Duplicates, as a broker and partners make them, are processed once: the gateway's callback sent three times
 * (the idempotent repository keeps its event id once; PAID once), the issuance system answering the same decision
 * twice (ISSUED once, one ISSUED event for the front door), a revocation repeated (border control hears it once:
 * Artemis drops the second event by its duplicate-detection id). Counted in the reliability table.
 */
@Tag("reliability")
class DuplicatesTest extends FaultyPartnersHub {

    private static final String AREA = "faults: broker";

    @Value("${spring.artemis.embedded.server-id}")
    int brokerId;

    @Value("${spring.artemis.password}")
    String hubPassword;

    @Test
    void repeatedCallbacksAndDecisionsAreProcessedOnce() throws Exception {
        List<String> lost = new ArrayList<>();
        String passport = newPassport();
        String invitation = "INV-DUP-" + System.nanoTime();
        registerInvitation(invitation, passport, "JAM", "B12");
        String id = json(post("/api/v1/evisa/applications", application(passport, "JAM", "B12", invitation, "ALA"), Map.of()))
                .path("id").asText();
        String payment = awaitStatus(id, "AWAITING_PAYMENT").path("payment").path("id").asText();
        try (Connection events = factory("hub", hubPassword).createConnection()) {
            Session session = events.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer statusEvents = session.createConsumer(session.createTopic("qazeta.evisa.status-events"));
            events.start();
            post("/sandbox/payments/" + payment + "/complete", "", Map.of());
            post("/sandbox/payments/" + payment + "/resend-callback", "", Map.of());
            post("/sandbox/payments/" + payment + "/resend-callback", "", Map.of());
            JsonNode issued = awaitStatus(id, "ISSUED");
            // the issuance system sends its decision again, as a partner unsure of its first answer does
            try (Connection partner = factory("visa-issuance", "sandbox-visa-issuance-broker-password").createConnection()) {
                Session send = partner.createSession(false, Session.AUTO_ACKNOWLEDGE);
                TextMessage again = send.createTextMessage("""
                        {"applicationReference":"%s","outcome":"ISSUED","visa":{"number":"KZ-EV-00000001","validFrom":"%s",
                         "validTo":"%s","entries":"SINGLE"}}""".formatted(id, issued.path("visa").path("validFrom").asText(),
                        issued.path("visa").path("validUntil").asText()));
                again.setJMSCorrelationID("duplicate-" + id);
                send.createProducer(send.createQueue("partner.visa-issuance.replies")).send(again);
            }
            // counted once the hub has taken the repeated decision off its queue (its hop is in the message log)
            await().atMost(Duration.ofSeconds(30)).until(() -> json(get("/api/v1/admin/exchanges/duplicate-" + id,
                    Map.of("X-Api-Key", OPERATOR_KEY))).path("hops").size() > 0);
            JsonNode after = json(get("/api/v1/evisa/applications/" + id, Map.of()));
            List<String> history = after.path("history").findValuesAsText("status");
            if (history.stream().filter("PAID"::equals).count() != 1) {
                lost.add("three callbacks, PAID " + history);
            }
            if (history.stream().filter("ISSUED"::equals).count() != 1
                    || !after.path("visa").path("number").asText().equals(issued.path("visa").path("number").asText())) {
                lost.add("two decisions: " + after);
            }
            int issuedEvents = 0;
            for (Message event; (event = statusEvents.receive(2000)) != null; ) {
                String text = ((TextMessage) event).getText();
                if (text.contains(id) && text.contains("\"ISSUED\"")) {
                    issuedEvents++;
                }
            }
            if (issuedEvents != 1) {
                lost.add("ISSUED events for the front door: " + issuedEvents);
            }
        }
        ReliabilityLedger.record(AREA, "duplicates: callback 3x, decision 2x (idempotent repository, status guard)", 5,
                lost.size(), "PAID once, ISSUED once, one ISSUED event");
        assertThat(lost).isEmpty();
    }

    @Test
    void aRepeatedRevocationReachesBorderControlOnce() throws Exception {
        List<String> lost = new ArrayList<>();
        String eta = json(post("/api/v1/eta/applications", FrontDoorRequests.eta(newPassport()), Map.of())).path("id").asText();
        await().atMost(Duration.ofSeconds(120)).until(
                () -> json(get("/api/v1/eta/applications/" + eta, Map.of())).path("status").asText(), "ISSUED"::equals);
        // listening on border control's topic (as the hub: the partner's own user may only keep a durable subscription)
        try (Connection border = factory("hub", hubPassword).createConnection()) {
            Session session = border.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer events = session.createConsumer(session.createTopic("partner.border-control.eta-events"));
            border.start();
            for (int i = 0; i < 3; i++) {
                var revoked = post("/api/v1/eta-authority/applications/" + eta + "/revocation",
                        "{\"reason\":\"document reported stolen\"}", Map.of("X-Api-Key", "sandbox-migration-authority-key"));
                if (revoked.statusCode() != 200) {
                    lost.add("revocation " + i + ": " + revoked.statusCode() + " " + revoked.body());
                }
            }
            int heard = 0;
            for (Message event; (event = events.receive(3000)) != null; ) {
                if (((TextMessage) event).getText().contains("REVOKED")) {
                    heard++;
                }
            }
            if (heard != 1) {
                lost.add("border control heard the revocation " + heard + " times");
            }
        }
        ReliabilityLedger.record(AREA, "duplicates: revocation 3x (Artemis duplicate-id)", 3, lost.size(),
                "border control hears it once");
        assertThat(lost).isEmpty();
    }

    private ActiveMQConnectionFactory factory(String user, String password) {
        return new ActiveMQConnectionFactory("vm://" + brokerId, user, password);
    }
}
