package kz.qazeta.hub.exchange;

import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import kz.qazeta.hub.exchange.partners.ExchangeDirectory;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.messaginghub.pooled.jms.JmsPoolConnectionFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The embedded Artemis broker of the default profiles. Boot starts it; this adds what a real broker of the hub
 * is configured with: authenticated users with per-address permissions, dead-letter queues after bounded redeliveries
 * with back-off (one per partner, one per hub service, else {@code DLQ.<queue>}: {@link DeadLetterAddresses}), and a
 * TCP acceptor so partners running as their own process can reach it.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "spring.artemis.mode", havingValue = "embedded")
public class EmbeddedBrokerConfiguration {

    @Bean
    static BrokerSecurity brokerSecurity(@Value("${spring.artemis.user}") String hubUser,
                                         @Value("${qazeta.broker.hub-password-sha256}") String hubPasswordSha256,
                                         ExchangeDirectory directory) {
        return new BrokerSecurity(hubUser, hubPasswordSha256, directory);
    }

    /** Every connection authenticates and is authorised per address (see {@link BrokerSecurity}). */
    @Bean
    static BeanPostProcessor brokerSecurityInstaller(ObjectProvider<BrokerSecurity> security,
                                                     ObjectProvider<ExchangeDirectory> directory,
                                                     @Value("${spring.artemis.user}") String hubUser,
                                                     @Value("${spring.artemis.password}") String hubPassword) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String name) {
                if (bean instanceof EmbeddedActiveMQ broker) {
                    security.getObject().applyTo(broker.getConfiguration(), directory.getObject());
                    broker.setSecurityManager(security.getObject());
                }
                // Boot's in-vm connection factory carries no credentials of its own: the hub's go in here
                Object factory = bean instanceof JmsPoolConnectionFactory pool ? pool.getConnectionFactory() : bean;
                if (factory instanceof ActiveMQConnectionFactory hub) {
                    hub.setUser(hubUser);
                    hub.setPassword(hubPassword);
                }
                return bean;
            }
        };
    }

    @Bean
    ArtemisConfigurationCustomizer hubBrokerSettings(
            @Value("${qazeta.broker.max-delivery-attempts}") int maxDeliveryAttempts,
            @Value("${qazeta.broker.redelivery-delay-ms}") long redeliveryDelay,
            @Value("${qazeta.broker.tcp-acceptor:}") String tcpAcceptor,
            DeadLetterAddresses deadLetters) {
        return configuration -> {
            configuration.addAddressSetting("#", new AddressSettings()
                    .setDeadLetterAddress(SimpleString.of("DLA"))
                    .setExpiryAddress(SimpleString.of("ExpiryQueue"))
                    .setAutoCreateDeadLetterResources(true)
                    .setMaxDeliveryAttempts(maxDeliveryAttempts)
                    .setRedeliveryDelay(redeliveryDelay)
                    .setRedeliveryMultiplier(2.0)
                    .setMaxRedeliveryDelay(redeliveryDelay * 16));
            // a partner's queues into its own dead-letter queue, a hub service's step queues into the service's
            deadLetters.partnerAddresses().forEach((address, dlq) -> configuration.addAddressSetting(address,
                    new AddressSettings().setDeadLetterAddress(SimpleString.of(dlq)).setAutoCreateDeadLetterResources(false)));
            deadLetters.hubServices().forEach(service -> configuration.addAddressSetting("hub." + service + ".#",
                    new AddressSettings().setDeadLetterAddress(SimpleString.of(DeadLetterAddresses.PREFIX + "hub." + service))
                            .setAutoCreateDeadLetterResources(false)));
            deadLetters.queues().forEach(dlq -> configuration.addQueueConfiguration(QueueConfiguration.of(dlq)
                    .setAddress(dlq).setRoutingType(RoutingType.ANYCAST).setDurable(true)));
            if (!tcpAcceptor.isBlank()) {
                try {
                    configuration.addAcceptorConfiguration("tcp", tcpAcceptor);
                } catch (Exception e) {
                    throw new IllegalStateException("Bad qazeta.broker.tcp-acceptor: " + tcpAcceptor, e);
                }
            }
        };
    }
}
