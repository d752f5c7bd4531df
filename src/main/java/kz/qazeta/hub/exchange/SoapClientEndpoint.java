package kz.qazeta.hub.exchange;

import java.util.HashMap;
import java.util.Map;

import javax.xml.namespace.QName;

import org.apache.camel.component.cxf.common.DataFormat;
import org.apache.camel.component.cxf.jaxws.CxfConfigurer;
import org.apache.camel.component.cxf.jaxws.CxfEndpoint;
import org.apache.cxf.annotations.SchemaValidation.SchemaValidationType;
import org.apache.cxf.endpoint.Client;
import org.apache.cxf.endpoint.Server;
import org.apache.cxf.frontend.AbstractWSDLBasedEndpointFactory;
import org.apache.cxf.message.Message;
import org.apache.cxf.transport.http.HTTPConduit;
import org.apache.cxf.transports.http.configuration.HTTPClientPolicy;

/**
 * A SOAP partner as a CXF client endpoint, the same way for every partner: WSDL first, POJO data format over
 * the generated types, the partner's answers validated against its schema, and the partner's time-outs.
 */
public final class SoapClientEndpoint {

    private SoapClientEndpoint() {
    }

    /**
     * A SOAP partner for a route built from configuration (a YAML {@code beans:} entry with
     * {@code factoryMethod: payload}): its payload as XML, mapped by the route's XSLT, so no generated class is needed.
     *
     * @param serviceName the wsdl:service as {@code {namespace}LocalName}
     */
    public static CxfEndpoint payload(String url, String wsdl, String serviceName, long connectTimeoutMs,
                                      long receiveTimeoutMs) {
        // a request made by a mapping (XSLT) is checked against the contract before it leaves, not only the answer
        CxfEndpoint endpoint = endpoint(url, wsdl, null, QName.valueOf(serviceName), connectTimeoutMs, receiveTimeoutMs,
                SchemaValidationType.BOTH);
        endpoint.setDataFormat(DataFormat.PAYLOAD);
        return endpoint;
    }

    /**
     * @param wsdl        the contract on the classpath, e.g. {@code classpath:wsdl/invitation-registry.wsdl}
     * @param serviceName the wsdl:service; its port is the one named like it with "Port" for "Service"
     */
    public static CxfEndpoint of(String url, String wsdl, Class<?> portType, QName serviceName,
                                 long connectTimeoutMs, long receiveTimeoutMs) {
        // the partner's answers are validated against its contract; requests made from the generated types are not
        // validated again on the way out (a fresh validator per message costs more than the call's JAXB)
        return endpoint(url, wsdl, portType, serviceName, connectTimeoutMs, receiveTimeoutMs, SchemaValidationType.IN);
    }

    private static CxfEndpoint endpoint(String url, String wsdl, Class<?> portType, QName serviceName,
                                        long connectTimeoutMs, long receiveTimeoutMs, SchemaValidationType validation) {
        CxfEndpoint endpoint = new CxfEndpoint();
        endpoint.setAddress(url);
        endpoint.setWsdlURL(wsdl);
        if (portType != null) {
            endpoint.setServiceClass(portType);
        }
        endpoint.setServiceNameAsQName(serviceName);
        endpoint.setPortNameAsQName(new QName(serviceName.getNamespaceURI(),
                serviceName.getLocalPart().replaceAll("Service$", "Port")));
        endpoint.setDataFormat(DataFormat.POJO);
        // The URLConnection conduit times out cleanly on the calling thread (the async one does not, in CXF 4.1)
        // and costs a third of the JDK HttpClient one per call; CXF 4.1 takes this property only as a Boolean (the
        // string "true" silently kept the HttpClient conduit). The call runs on the route's own thread:
        // camel.component.cxf.synchronous (the component's setting overrides an endpoint bean's).
        endpoint.setProperties(new HashMap<>(Map.of("force.urlconnection.http.conduit", Boolean.TRUE)));
        endpoint.setCxfConfigurer(new CxfConfigurer() {
            @Override
            public void configure(AbstractWSDLBasedEndpointFactory factory) {
            }

            @Override
            public void configureClient(Client client) {
                HTTPClientPolicy policy = new HTTPClientPolicy();
                policy.setConnectionTimeout(connectTimeoutMs);
                policy.setReceiveTimeout(receiveTimeoutMs);
                ((HTTPConduit) client.getConduit()).setClient(policy);
                // on the client's endpoint, not in the Camel endpoint's properties: Camel would try to bind a
                // direction (IN, BOTH) to its own Boolean of the same name
                client.getEndpoint().put(Message.SCHEMA_VALIDATION_ENABLED, validation);
            }

            @Override
            public void configureServer(Server server) {
            }
        });
        return endpoint;
    }
}
