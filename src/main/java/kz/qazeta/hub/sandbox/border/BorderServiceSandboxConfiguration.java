package kz.qazeta.hub.sandbox.border;

import kz.qazeta.hub.sandbox.TwinBroker;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.jms.DefaultJmsListenerContainerFactoryConfigurer;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jms.config.DefaultJmsListenerContainerFactory;
import org.springframework.jms.core.JmsTemplate;

/** The Border Service twin's own connection to the hub's broker, as the Border Service's broker user. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "qazeta.sandbox.enabled", havingValue = "true")
public class BorderServiceSandboxConfiguration {

    @Bean
    TwinBroker borderServiceTwinConnection(ArtemisProperties artemis,
                                           @Value("${qazeta.sandbox.border-service.broker-user}") String user,
                                           @Value("${qazeta.sandbox.border-service.broker-password}") String password) {
        return TwinBroker.connect(artemis, user, password);
    }

    @Bean
    JmsTemplate borderServiceTwinJms(TwinBroker borderServiceTwinConnection) {
        return new JmsTemplate(borderServiceTwinConnection.factory());
    }

    @Bean
    DefaultJmsListenerContainerFactory borderServiceTwinListeners(DefaultJmsListenerContainerFactoryConfigurer configurer,
                                                                  TwinBroker borderServiceTwinConnection) {
        DefaultJmsListenerContainerFactory factory = new DefaultJmsListenerContainerFactory();
        configurer.configure(factory, borderServiceTwinConnection.listenerFactory());
        factory.setSessionTransacted(true);
        return factory;
    }
}
