package kz.qazeta.hub.evisa;

import java.util.HashMap;
import java.util.Map;

import javax.xml.namespace.QName;

import kz.qazeta.contracts.invitationregistry.InvitationRegistryPortType;
import org.apache.camel.component.cxf.common.DataFormat;
import org.apache.camel.component.cxf.jaxws.CxfConfigurer;
import org.apache.camel.component.cxf.jaxws.CxfEndpoint;
import org.apache.cxf.endpoint.Client;
import org.apache.cxf.endpoint.Server;
import org.apache.cxf.frontend.AbstractWSDLBasedEndpointFactory;
import org.apache.cxf.transport.http.HTTPConduit;
import org.apache.cxf.transports.http.configuration.HTTPClientPolicy;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The police invitation registry as a CXF client endpoint ({@code cxf:bean:invitationRegistry}): WSDL first,
 * POJO data format over the generated types, schema validation on, and the time-outs from configuration.
 */
@Configuration(proxyBeanMethods = false)
public class InvitationRegistryEndpoint {

    private static final String NS = "urn:kz:mia:invitation-registry:v1";

    @Bean
    CxfEndpoint invitationRegistry(@Value("${qazeta.partners.invitation-registry.url}") String url,
                                   @Value("${qazeta.partners.invitation-registry.connect-timeout-ms}") long connectTimeout,
                                   @Value("${qazeta.partners.invitation-registry.receive-timeout-ms}") long receiveTimeout) {
        CxfEndpoint endpoint = new CxfEndpoint();
        endpoint.setAddress(url);
        endpoint.setWsdlURL("classpath:wsdl/invitation-registry.wsdl");
        endpoint.setServiceClass(InvitationRegistryPortType.class);
        endpoint.setServiceNameAsQName(new QName(NS, "InvitationRegistryService"));
        endpoint.setPortNameAsQName(new QName(NS, "InvitationRegistryPort"));
        endpoint.setDataFormat(DataFormat.POJO);
        // the URLConnection conduit times out cleanly on the calling thread (the async one does not, in CXF 4.1)
        endpoint.setProperties(new HashMap<>(Map.of("schema-validation-enabled", "true",
                "force.urlconnection.http.conduit", "true")));
        endpoint.setCxfConfigurer(new CxfConfigurer() {
            @Override
            public void configure(AbstractWSDLBasedEndpointFactory factory) {
            }

            @Override
            public void configureClient(Client client) {
                HTTPClientPolicy policy = new HTTPClientPolicy();
                policy.setConnectionTimeout(connectTimeout);
                policy.setReceiveTimeout(receiveTimeout);
                ((HTTPConduit) client.getConduit()).setClient(policy);
            }

            @Override
            public void configureServer(Server server) {
            }
        });
        return endpoint;
    }
}
