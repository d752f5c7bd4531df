package kz.qazeta.hub.sandbox.police;

import java.util.HashMap;
import java.util.Map;

import jakarta.xml.ws.Endpoint;
import kz.qazeta.hub.sandbox.SandboxDatabase;
import org.apache.cxf.Bus;
import org.apache.cxf.jaxws.EndpointImpl;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Publishes the registry twin on CXF's servlet (under {@code cxf.path}), schema validation on. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "qazeta.sandbox.enabled", havingValue = "true")
public class PoliceSandboxConfiguration {

    @Bean
    Endpoint invitationRegistryTwinEndpoint(Bus bus, SandboxDatabase database, RegistryBehaviour behaviour) {
        EndpointImpl endpoint = new EndpointImpl(bus, new InvitationRegistryTwin(database, behaviour));
        endpoint.setProperties(new HashMap<>(Map.of("schema-validation-enabled", "true")));
        endpoint.publish("/sandbox/police/invitation-registry");
        return endpoint;
    }
}
