package kz.qazeta.hub.sandbox.insurance;

import jakarta.xml.ws.Endpoint;
import kz.qazeta.hub.sandbox.SoapTwins;
import org.apache.cxf.Bus;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Publishes the SOAP insurer's twin on CXF's servlet (under {@code cxf.path}), schema validation on. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "qazeta.sandbox.enabled", havingValue = "true")
public class InsuranceSandboxConfiguration {

    @Bean
    Endpoint soapInsurerTwinEndpoint(Bus bus, InsurerTwins insurers) {
        return SoapTwins.publish(bus, new SoapInsurerTwin(insurers), "/sandbox/insurers/steppe-assurance");
    }
}
