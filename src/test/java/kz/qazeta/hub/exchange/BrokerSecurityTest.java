package kz.qazeta.hub.exchange;

import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import kz.qazeta.hub.HubTestSupport;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * JMS partners on the hub's broker: each a user of its own, allowed its own addresses and nothing else. Each grant
 * is proven by a message that really moves (sent, taken, its content read back) and each refusal by an exception
 * and a queue left as it was.
 */
class BrokerSecurityTest extends HubTestSupport {

    private static final String ISSUANCE_USER = "visa-issuance";
    private static final String ISSUANCE_PASSWORD = "sandbox-visa-issuance-broker-password";
    private static final String HUB_USER = "hub";
    private static final String HUB_PASSWORD = "sandbox-hub-broker-password";
    private static final String REQUESTS = "partner.visa-issuance.requests";
    private static final String REPLIES = "partner.visa-issuance.replies";

    @Autowired
    ArtemisProperties artemis;

    private ActiveMQConnectionFactory broker(String user, String password) {
        return new ActiveMQConnectionFactory("vm://" + artemis.getEmbedded().getServerId(), user, password);
    }

    @Test
    void aWrongPasswordOrNoUserIsRefused() throws JMSException {
        assertThatThrownBy(() -> broker(ISSUANCE_USER, "guess").createConnection().close())
                .isInstanceOf(JMSSecurityException.class);
        assertThatThrownBy(() -> broker(null, null).createConnection().close())
                .isInstanceOf(JMSSecurityException.class);
        // the same user with its own password is let in: the refusals above are the credential's
        broker(ISSUANCE_USER, ISSUANCE_PASSWORD).createConnection().close();
    }

    /**
     * The issuance system, as its own broker user, takes the hub's request for a paid application off its request
     * queue (the content is that application's) and answers on its reply queue; the hub takes the answer and the
     * application is ISSUED with the visa the test's answer carried. The twin is held meanwhile, so the test plays it.
     */
    @Test
    void theIssuanceSystemTakesItsRequestAndTheHubTakesItsAnswer() throws Exception {
        holdTheIssuanceTwin(true);
        try {
            String passport = newPassport();
            String correlationId = "broker-security-" + UUID.randomUUID();
            String id = submitInvitedEvisa(passport, correlationId);
            String payment = awaitStatus(id, "AWAITING_PAYMENT").path("payment").path("id").asText();
            post("/sandbox/payments/" + payment + "/complete", "", Map.of());
            awaitStatus(id, "ISSUANCE_REQUESTED");

            String visaNumber = "KZ-EV-" + (10_000_000 + Math.floorMod(System.nanoTime(), 90_000_000));
            try (Connection connection = broker(ISSUANCE_USER, ISSUANCE_PASSWORD).createConnection()) {
                connection.start();
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                Message taken = session.createConsumer(session.createQueue(REQUESTS),
                        "JMSCorrelationID = '" + correlationId + "'").receive(10_000);
                assertThat(taken).as("the request for %s, taken by the issuance system's user", id)
                        .isInstanceOf(TextMessage.class);
                JsonNode request = JSON.readTree(((TextMessage) taken).getText());
                assertThat(request.path("applicationReference").asText()).isEqualTo(id);
                assertThat(request.path("holder").path("passportNo").asText()).isEqualTo(passport);
                assertThat(((Queue) taken.getJMSReplyTo()).getQueueName()).isEqualTo(REPLIES);

                String validFrom = request.path("plannedEntry").asText();
                TextMessage answer = session.createTextMessage("""
                        {"applicationReference":"%s","outcome":"ISSUED","visa":{"number":"%s","validFrom":"%s",
                         "validTo":"%s","entries":"SINGLE"}}""".formatted(id, visaNumber, validFrom,
                        LocalDate.parse(validFrom).plusDays(89)));
                answer.setJMSCorrelationID(correlationId);
                session.createProducer(taken.getJMSReplyTo()).send(answer);
            }
            JsonNode issued = awaitStatus(id, "ISSUED");
            assertThat(issued.path("visa").path("number").asText()).isEqualTo(visaNumber);
        } finally {
            holdTheIssuanceTwin(false);
        }
    }

    @Test
    void theIssuanceSystemMayNotTouchTheHubsOwnQueuesNorSendRequests() throws JMSException {
        try (Connection hub = broker(HUB_USER, HUB_PASSWORD).createConnection();
             Connection partner = broker(ISSUANCE_USER, ISSUANCE_PASSWORD).createConnection()) {
            hub.start();
            partner.start();
            Session hubSession = hub.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue guarded = hubSession.createQueue("hub.test.guarded");
            String kept = "kept-" + UUID.randomUUID();
            hubSession.createProducer(guarded).send(hubSession.createTextMessage(kept));

            Session session = partner.createSession(false, Session.AUTO_ACKNOWLEDGE);
            // it may not take the hub's messages ...
            assertThatThrownBy(() -> session.createConsumer(session.createQueue("hub.test.guarded")))
                    .isInstanceOf(JMSSecurityException.class);
            assertThatThrownBy(() -> session.createConsumer(session.createQueue("hub.evisa.check-invitation")))
                    .isInstanceOf(JMSSecurityException.class);
            // ... nor put its own on the hub's queues, nor send requests (it only takes them)
            assertThatThrownBy(() -> session.createProducer(session.createQueue("hub.test.guarded"))
                    .send(session.createTextMessage("intruder"))).isInstanceOf(JMSSecurityException.class);
            assertThatThrownBy(() -> session.createProducer(session.createQueue("hub.evisa.request-issuance"))
                    .send(session.createTextMessage("{}"))).isInstanceOf(JMSSecurityException.class);
            assertThatThrownBy(() -> session.createProducer(session.createQueue(REQUESTS))
                    .send(session.createTextMessage("{}"))).isInstanceOf(JMSSecurityException.class);

            // the hub's queue holds the hub's message, untaken, and nothing of the partner's
            MessageConsumer back = hubSession.createConsumer(guarded);
            Message first = back.receive(5000);
            assertThat(first).isInstanceOf(TextMessage.class);
            assertThat(((TextMessage) first).getText()).isEqualTo(kept);
            assertThat(back.receive(500)).as("a message the partner was refused to send").isNull();
        }
    }

    /** The hub's user sends to and takes from its own queues and a partner's (the issuance twin held meanwhile). */
    @Test
    void theHubUsesEveryAddress() throws JMSException {
        holdTheIssuanceTwin(true);
        try (Connection connection = broker(HUB_USER, HUB_PASSWORD).createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            for (String address : new String[] {"hub.test.probe", REQUESTS}) {
                String probe = "probe-" + UUID.randomUUID();
                Queue queue = session.createQueue(address);
                TextMessage sent = session.createTextMessage(probe);
                sent.setJMSCorrelationID(probe);
                session.createProducer(queue).send(sent);
                Message received = session.createConsumer(queue, "JMSCorrelationID = '" + probe + "'").receive(5000);
                assertThat(received).as(address).isInstanceOf(TextMessage.class);
                assertThat(((TextMessage) received).getText()).as(address).isEqualTo(probe);
            }
        } finally {
            holdTheIssuanceTwin(false);
        }
    }

    /** The issuance twin's desk: held, its requests wait on the queue for the test to take. */
    private static void holdTheIssuanceTwin(boolean held) {
        var answer = put("/sandbox/visa-issuance/decisions", "{\"held\":" + held + "}");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(json(answer).path("held").asBoolean()).isEqualTo(held);
    }
}
