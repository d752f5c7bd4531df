package kz.qazeta.hub.operations;

import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.activemq.artemis.core.config.MetricsConfiguration;
import org.apache.activemq.artemis.core.server.metrics.ActiveMQMetricsPlugin;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What operators see of the embedded broker: its MBeans in JMX (so Hawtio's Artemis view shows the queues, their
 * depth and the dead-letter queues, and offers browse and retry), and its own metrics in the hub's Micrometer
 * registry (so {@code /actuator/prometheus} has {@code artemis_message_count} and {@code artemis_consumer_count}
 * per queue). An external broker exposes both itself.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "spring.artemis.mode", havingValue = "embedded")
public class EmbeddedBrokerMetrics {

    @Bean
    ArtemisConfigurationCustomizer brokerVisibleToOperators(ObjectProvider<MeterRegistry> meters,
                                                            @Value("${qazeta.broker.jmx-enabled:true}") boolean jmx) {
        return configuration -> {
            configuration.setJMXManagementEnabled(jmx);
            // the broker's queues only: the JVM's own metrics are the hub's (Spring Boot's), not the broker's twice
            configuration.setMetricsConfiguration(new MetricsConfiguration().setPlugin(new HubRegistry(meters))
                    .setJvmMemory(false).setJvmGc(false).setJvmThread(false).setProcessor(false).setUptime(false)
                    .setFileDescriptors(false).setLogging(false).setNettyPool(false).setSecurityCaches(false));
        };
    }

    /** Artemis' metrics plugin handing the broker the hub's own registry. */
    private static final class HubRegistry implements ActiveMQMetricsPlugin {
        private final transient ObjectProvider<MeterRegistry> meters;

        HubRegistry(ObjectProvider<MeterRegistry> meters) {
            this.meters = meters;
        }

        @Override
        public ActiveMQMetricsPlugin init(Map<String, String> options) {
            return this;
        }

        @Override
        public MeterRegistry getRegistry() {
            return meters.getObject();
        }
    }
}
