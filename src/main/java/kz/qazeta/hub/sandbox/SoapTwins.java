package kz.qazeta.hub.sandbox;

import java.util.HashMap;
import java.util.Map;

import javax.xml.stream.XMLEventFactory;

import org.apache.cxf.Bus;
import org.apache.cxf.jaxws.EndpointImpl;

/** How every SOAP twin is served: on CXF's servlet (under {@code cxf.path}), validating what it receives and sends. */
public final class SoapTwins {

    static {
        // A validating CXF server buffers each answer through a new XMLEventFactory; without this property the JDK
        // looks the factory up by scanning every jar's META-INF/services on each call (a quarter of a twin's CPU
        // under load). Pinned to the factory that scan finds (Woodstox, which CXF ships with).
        if (System.getProperty(XMLEventFactory.class.getName()) == null) {
            System.setProperty(XMLEventFactory.class.getName(), "com.ctc.wstx.stax.WstxEventFactory");
        }
    }

    private SoapTwins() {
    }

    /** Publishes a twin at {@code path} with schema validation on. */
    public static EndpointImpl publish(Bus bus, Object implementor, String path) {
        EndpointImpl endpoint = new EndpointImpl(bus, implementor);
        endpoint.setProperties(new HashMap<>(Map.of("schema-validation-enabled", "true")));
        endpoint.publish(path);
        return endpoint;
    }
}
