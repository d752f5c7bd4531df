package kz.qazeta.hub.sandbox.insurance;

import java.util.HashMap;
import java.util.Map;

import jakarta.xml.ws.Endpoint;
import org.apache.cxf.Bus;
import org.apache.cxf.jaxws.EndpointImpl;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Publishes the SOAP insurer's twin on CXF's servlet (under {@code cxf.path}), schema validation on. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "qazeta.sandbox.enabled", havingValue = "true")
public class InsuranceSandboxConfiguration {

    @Bean
    Endpoint soapInsurerTwinEndpoint(Bus bus, InsurerTwins insurers) {
        EndpointImpl endpoint = new EndpointImpl(bus, new SoapInsurerTwin(insurers));
        endpoint.setProperties(new HashMap<>(Map.of("schema-validation-enabled", "true")));
        endpoint.publish("/sandbox/insurers/steppe-assurance");
        return endpoint;
    }
}
