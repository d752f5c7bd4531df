package kz.qazeta.hub.sandbox.issuance;

import jakarta.jms.ConnectionFactory;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.jms.DefaultJmsListenerContainerFactoryConfigurer;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisMode;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jms.config.DefaultJmsListenerContainerFactory;
import org.springframework.jms.connection.CachingConnectionFactory;
import org.springframework.jms.core.JmsTemplate;

/**
 * The issuance twin's own connection to the hub's broker, as the visa issuance system's broker user (which may
 * only consume its request queue and send to its reply queue): in-vm when the broker is embedded in this
 * process, over TCP otherwise. Its listener is transacted, and startable later when
 * {@code qazeta.sandbox.visa-issuance.auto-startup} is false (a tester holds decisions back, then releases them).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "qazeta.sandbox.enabled", havingValue = "true")
public class IssuanceSandboxConfiguration {

    /**
     * The twin's connection, held so that it is not a ConnectionFactory bean (that would take the hub's place
     * in Boot's and Camel's auto-configuration).
     */
    record TwinConnection(CachingConnectionFactory factory) implements AutoCloseable {
        @Override
        public void close() {
            factory.destroy();
        }
    }

    @Bean
    TwinConnection visaIssuanceTwinConnection(ArtemisProperties artemis,
                                              @Value("${qazeta.sandbox.visa-issuance.broker-user}") String user,
                                              @Value("${qazeta.sandbox.visa-issuance.broker-password}") String password) {
        String url = artemis.getMode() == ArtemisMode.EMBEDDED
                ? "vm://" + artemis.getEmbedded().getServerId() : artemis.getBrokerUrl();
        return new TwinConnection(new CachingConnectionFactory(new ActiveMQConnectionFactory(url, user, password)));
    }

    @Bean
    JmsTemplate visaIssuanceTwinJms(TwinConnection visaIssuanceTwinConnection) {
        return new JmsTemplate(visaIssuanceTwinConnection.factory());
    }

    @Bean
    DefaultJmsListenerContainerFactory visaIssuanceTwinListeners(DefaultJmsListenerContainerFactoryConfigurer configurer,
                                                                 TwinConnection visaIssuanceTwinConnection,
                                                                 @Value("${qazeta.sandbox.visa-issuance.auto-startup}") boolean autoStartup) {
        DefaultJmsListenerContainerFactory factory = new DefaultJmsListenerContainerFactory();
        configurer.configure(factory, (ConnectionFactory) visaIssuanceTwinConnection.factory());
        factory.setSessionTransacted(true);
        factory.setAutoStartup(autoStartup);
        return factory;
    }
}
