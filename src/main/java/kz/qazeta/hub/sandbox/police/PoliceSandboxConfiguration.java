package kz.qazeta.hub.sandbox.police;

import jakarta.xml.ws.Endpoint;
import kz.qazeta.hub.sandbox.SandboxDatabase;
import kz.qazeta.hub.sandbox.SoapTwins;
import org.apache.cxf.Bus;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Publishes the registry twin on CXF's servlet (under {@code cxf.path}), schema validation on. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "qazeta.sandbox.enabled", havingValue = "true")
public class PoliceSandboxConfiguration {

    @Bean
    Endpoint invitationRegistryTwinEndpoint(Bus bus, SandboxDatabase database, RegistryBehaviour behaviour) {
        return SoapTwins.publish(bus, new InvitationRegistryTwin(database, behaviour), "/sandbox/police/invitation-registry");
    }
}
