package kz.qazeta.hub.exchange;

import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The embedded Artemis broker of the default profiles. Boot starts it; this adds what a real broker of the hub
 * is configured with: dead-letter queues per address ({@code DLQ.<queue>}) after bounded redeliveries with
 * back-off, and a TCP acceptor so partners running as their own process can reach it.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "spring.artemis.mode", havingValue = "embedded")
public class EmbeddedBrokerConfiguration {

    @Bean
    ArtemisConfigurationCustomizer hubBrokerSettings(
            @Value("${qazeta.broker.max-delivery-attempts}") int maxDeliveryAttempts,
            @Value("${qazeta.broker.redelivery-delay-ms}") long redeliveryDelay,
            @Value("${qazeta.broker.tcp-acceptor:}") String tcpAcceptor) {
        return configuration -> {
            configuration.addAddressSetting("#", new AddressSettings()
                    .setDeadLetterAddress(SimpleString.of("DLA"))
                    .setExpiryAddress(SimpleString.of("ExpiryQueue"))
                    .setAutoCreateDeadLetterResources(true)
                    .setMaxDeliveryAttempts(maxDeliveryAttempts)
                    .setRedeliveryDelay(redeliveryDelay)
                    .setRedeliveryMultiplier(2.0)
                    .setMaxRedeliveryDelay(redeliveryDelay * 16));
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
