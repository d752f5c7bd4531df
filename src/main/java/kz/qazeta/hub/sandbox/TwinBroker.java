package kz.qazeta.hub.sandbox;

import jakarta.jms.ConnectionFactory;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisMode;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisProperties;
import org.springframework.jms.connection.CachingConnectionFactory;

/**
 * A twin's own connection to the hub's broker, as its partner's broker user (which may use only the partner's
 * addresses): in-vm when the broker is embedded in this process, over TCP otherwise. Held in a record so it is
 * not a ConnectionFactory bean (that would take the hub's place in Boot's and Camel's auto-configuration).
 */
public record TwinBroker(CachingConnectionFactory factory) implements AutoCloseable {

    public static TwinBroker connect(ArtemisProperties artemis, String user, String password) {
        String url = artemis.getMode() == ArtemisMode.EMBEDDED
                ? "vm://" + artemis.getEmbedded().getServerId() : artemis.getBrokerUrl();
        return new TwinBroker(new CachingConnectionFactory(new ActiveMQConnectionFactory(url, user, password)));
    }

    /**
     * The connection factory for a twin's listener container: the broker's own, not the caching one. A listener
     * container caches its consumers itself and, when its connection fails (a broker failover), closes and makes
     * them again; through the caching factory a cached consumer could outlive that reset, holding a message it
     * never hands over (Spring Boot gives its own listener containers the unwrapped factory for this reason).
     */
    public ConnectionFactory listenerFactory() {
        return factory.getTargetConnectionFactory();
    }

    @Override
    public void close() {
        factory.destroy();
    }
}
