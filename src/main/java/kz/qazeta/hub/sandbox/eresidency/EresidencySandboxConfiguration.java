package kz.qazeta.hub.sandbox.eresidency;

import java.util.HashMap;
import java.util.Map;

import jakarta.xml.ws.Endpoint;
import kz.qazeta.hub.sandbox.SandboxDatabase;
import org.apache.cxf.Bus;
import org.apache.cxf.jaxws.EndpointImpl;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Publishes the AIFC company registrar's twin on CXF's servlet (under {@code cxf.path}), schema validation on. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "qazeta.sandbox.enabled", havingValue = "true")
public class EresidencySandboxConfiguration {

    @Bean
    Endpoint companyRegistrarTwinEndpoint(Bus bus, SandboxDatabase database, TwinBehaviour behaviour) {
        EndpointImpl endpoint = new EndpointImpl(bus, new CompanyRegistrarTwin(database, behaviour));
        endpoint.setProperties(new HashMap<>(Map.of("schema-validation-enabled", "true")));
        endpoint.publish("/sandbox/aifc/company-registrar");
        return endpoint;
    }
}
