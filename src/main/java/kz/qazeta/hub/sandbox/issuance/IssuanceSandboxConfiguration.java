package kz.qazeta.hub.sandbox.issuance;

import jakarta.jms.ConnectionFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.jms.DefaultJmsListenerContainerFactoryConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jms.config.DefaultJmsListenerContainerFactory;

/**
 * The issuance twin's listener: transacted like Boot's default, and startable later when
 * {@code qazeta.sandbox.visa-issuance.auto-startup} is false (a tester holds decisions back, then releases them).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "qazeta.sandbox.enabled", havingValue = "true")
public class IssuanceSandboxConfiguration {

    @Bean
    DefaultJmsListenerContainerFactory visaIssuanceTwinListeners(DefaultJmsListenerContainerFactoryConfigurer configurer,
                                                                 ConnectionFactory connectionFactory,
                                                                 @Value("${qazeta.sandbox.visa-issuance.auto-startup}") boolean autoStartup) {
        DefaultJmsListenerContainerFactory factory = new DefaultJmsListenerContainerFactory();
        configurer.configure(factory, connectionFactory);
        factory.setSessionTransacted(true);
        factory.setAutoStartup(autoStartup);
        return factory;
    }
}
