package kz.qazeta.hub.evisa;

import javax.xml.namespace.QName;

import kz.qazeta.contracts.invitationregistry.InvitationRegistryPortType;
import kz.qazeta.hub.exchange.SoapClientEndpoint;
import org.apache.camel.component.cxf.jaxws.CxfEndpoint;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The police invitation registry as a CXF client endpoint ({@code cxf:bean:invitationRegistry}). */
@Configuration(proxyBeanMethods = false)
public class InvitationRegistryEndpoint {

    @Bean
    CxfEndpoint invitationRegistry(@Value("${qazeta.partners.invitation-registry.url}") String url,
                                   @Value("${qazeta.partners.invitation-registry.connect-timeout-ms}") long connectTimeout,
                                   @Value("${qazeta.partners.invitation-registry.receive-timeout-ms}") long receiveTimeout) {
        return SoapClientEndpoint.of(url, "classpath:wsdl/invitation-registry.wsdl", InvitationRegistryPortType.class,
                new QName("urn:kz:mia:invitation-registry:v1", "InvitationRegistryService"), connectTimeout, receiveTimeout);
    }
}
