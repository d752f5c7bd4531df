package kz.qazeta.hub.sandbox.eresidency;

import jakarta.xml.ws.Endpoint;
import kz.qazeta.hub.sandbox.SandboxDatabase;
import kz.qazeta.hub.sandbox.SoapTwins;
import org.apache.cxf.Bus;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Publishes the AIFC company registrar's twin on CXF's servlet (under {@code cxf.path}), schema validation on. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "qazeta.sandbox.enabled", havingValue = "true")
public class EresidencySandboxConfiguration {

    @Bean
    Endpoint companyRegistrarTwinEndpoint(Bus bus, SandboxDatabase database, TwinBehaviour behaviour) {
        return SoapTwins.publish(bus, new CompanyRegistrarTwin(database, behaviour), "/sandbox/aifc/company-registrar");
    }
}
