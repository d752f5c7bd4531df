package kz.qazeta.hub.sandbox.issuance;

import kz.qazeta.hub.sandbox.TwinBroker;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.jms.DefaultJmsListenerContainerFactoryConfigurer;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jms.config.DefaultJmsListenerContainerFactory;
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

    @Bean
    TwinBroker visaIssuanceTwinConnection(ArtemisProperties artemis,
                                          @Value("${qazeta.sandbox.visa-issuance.broker-user}") String user,
                                          @Value("${qazeta.sandbox.visa-issuance.broker-password}") String password) {
        return TwinBroker.connect(artemis, user, password);
    }

    @Bean
    JmsTemplate visaIssuanceTwinJms(TwinBroker visaIssuanceTwinConnection) {
        return new JmsTemplate(visaIssuanceTwinConnection.factory());
    }

    @Bean
    DefaultJmsListenerContainerFactory visaIssuanceTwinListeners(DefaultJmsListenerContainerFactoryConfigurer configurer,
                                                                 TwinBroker visaIssuanceTwinConnection,
                                                                 @Value("${qazeta.sandbox.visa-issuance.auto-startup}") boolean autoStartup,
                                                                 @Value("${qazeta.sandbox.visa-issuance.consumers}") String consumers) {
        DefaultJmsListenerContainerFactory factory = new DefaultJmsListenerContainerFactory();
        configurer.configure(factory, visaIssuanceTwinConnection.listenerFactory());
        factory.setSessionTransacted(true);
        factory.setAutoStartup(autoStartup);
        factory.setConcurrency(consumers);
        return factory;
    }
}
