package kz.qazeta.hub.exchange;

import java.util.ArrayList;
import java.util.List;

import javax.xml.namespace.QName;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.apache.camel.Exchange;
import org.apache.cxf.binding.soap.SoapHeader;
import org.apache.cxf.headers.Header;
import org.springframework.stereotype.Component;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Puts the exchange's correlation id into the outgoing SOAP message as the {@code qx:CorrelationId} header
 * that every SOAP contract of the hub declares. Camel CXF (POJO mode) reads SOAP headers from the
 * {@link Header#HEADER_LIST} message header.
 */
@Component("soapCorrelationHeader")
public class SoapCorrelationHeader {

    public static final QName NAME = new QName("urn:kz:qazeta:exchange:v1", "CorrelationId");

    private final DocumentBuilderFactory documents = DocumentBuilderFactory.newInstance();
    /** A builder per thread: making one costs more than the rest of this together. */
    private final ThreadLocal<DocumentBuilder> builders = ThreadLocal.withInitial(() -> {
        try {
            return documents.newDocumentBuilder();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    });

    public void apply(Exchange exchange) {
        Document document = builders.get().newDocument();
        Element element = document.createElementNS(NAME.getNamespaceURI(), "qx:" + NAME.getLocalPart());
        element.setTextContent(exchange.getMessage().getHeader(Correlation.HEADER, String.class));
        List<SoapHeader> headers = new ArrayList<>();
        headers.add(new SoapHeader(NAME, element));
        exchange.getMessage().setHeader(Header.HEADER_LIST, headers);
    }
}
