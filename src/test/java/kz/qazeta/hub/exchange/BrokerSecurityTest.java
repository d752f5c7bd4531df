package kz.qazeta.hub.exchange;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import kz.qazeta.hub.HubTestSupport;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** JMS partners on the hub's broker: each a user of its own, allowed its own addresses and nothing else. */
class BrokerSecurityTest extends HubTestSupport {

    private static final String ISSUANCE_USER = "visa-issuance";
    private static final String ISSUANCE_PASSWORD = "sandbox-visa-issuance-broker-password";

    @Autowired
    ArtemisProperties artemis;

    private ActiveMQConnectionFactory broker(String user, String password) {
        return new ActiveMQConnectionFactory("vm://" + artemis.getEmbedded().getServerId(), user, password);
    }

    @Test
    void aWrongPasswordOrNoUserIsRefused() {
        assertThatThrownBy(() -> broker(ISSUANCE_USER, "guess").createConnection().close())
                .isInstanceOf(JMSSecurityException.class);
        assertThatThrownBy(() -> broker(null, null).createConnection().close())
                .isInstanceOf(JMSSecurityException.class);
    }

    @Test
    void theIssuanceSystemMayAnswerOnItsReplyQueue() throws JMSException {
        try (Connection connection = broker(ISSUANCE_USER, ISSUANCE_PASSWORD).createConnection()) {
            connection.start();
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            // sends into a transaction that is rolled back: allowed, and nothing reaches the hub
            session.createProducer(session.createQueue("partner.visa-issuance.replies"))
                    .send(session.createTextMessage("{}"));
            session.rollback();
        }
    }

    @Test
    void theIssuanceSystemMayNotTouchTheHubsOwnQueuesNorSendRequests() throws JMSException {
        try (Connection connection = broker(ISSUANCE_USER, ISSUANCE_PASSWORD).createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            assertThatThrownBy(() -> session.createProducer(session.createQueue("hub.evisa.request-issuance"))
                    .send(session.createTextMessage("{}"))).isInstanceOf(JMSSecurityException.class);
            assertThatThrownBy(() -> session.createConsumer(session.createQueue("hub.evisa.check-invitation")))
                    .isInstanceOf(JMSSecurityException.class);
            assertThatThrownBy(() -> session.createProducer(session.createQueue("partner.visa-issuance.requests"))
                    .send(session.createTextMessage("{}"))).isInstanceOf(JMSSecurityException.class);
        }
    }

    @Test
    void theHubUsesEveryAddress() throws JMSException {
        try (Connection connection = broker("hub", "sandbox-hub-broker-password").createConnection()) {
            connection.start();
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            session.createProducer(session.createQueue("partner.visa-issuance.requests")).send(session.createTextMessage("{}"));
            session.rollback();
            // a queue of its own: the hub's user creates it, sends to it and takes the message back
            var probe = session.createQueue("hub.test.probe");
            session.createProducer(probe).send(session.createTextMessage("probe"));
            session.commit();
            var received = session.createConsumer(probe).receive(5000);
            session.commit();
            assertThat(received).isInstanceOf(TextMessage.class);
            assertThat(((TextMessage) received).getText()).isEqualTo("probe");
        }
    }
}
