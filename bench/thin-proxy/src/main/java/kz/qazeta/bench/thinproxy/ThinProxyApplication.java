package kz.qazeta.bench.thinproxy;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.xml.datatype.XMLGregorianCalendar;
import javax.xml.namespace.QName;

import com.fasterxml.jackson.databind.ObjectMapper;
import kz.qazeta.contracts.invitationregistry.CheckInvitationRequest;
import kz.qazeta.contracts.invitationregistry.CheckInvitationResponse;
import kz.qazeta.contracts.invitationregistry.Invitation;
import kz.qazeta.contracts.invitationregistry.InvitationRegistryPortType;
import kz.qazeta.contracts.invitationregistry.InvitedPerson;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.cxf.common.DataFormat;
import org.apache.camel.component.cxf.common.message.CxfConstants;
import org.apache.camel.component.cxf.jaxws.CxfEndpoint;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;

/**
 * Why this exists: it is bench/run's comparator for the hub's invitation lookup (issue 19), the thinnest proxy the
 * hub's own stack allows, so that the hub's cost per request can be read against it in the same run. It answers
 * {@code GET /api/v1/evisa/invitations/{number}} as the hub does (same path, same JSON), asking the same police
 * registry twin with CheckInvitation over CXF (POJO data format, the URLConnection conduit on the route's thread, as
 * the hub calls it), and does nothing else: no API key, gate, message log, correlation, validation, circuit breaker,
 * metrics or problem bodies. Not part of the product; nothing should be added to it that the hub's lookup does not need
 * to answer the same bytes.
 */
@SpringBootApplication
public class ThinProxyApplication {

    public static void main(String[] args) {
        SpringApplication.run(ThinProxyApplication.class, args);
    }

    /** The registry as the hub's {@code SoapClientEndpoint.of} sets it up, without the schema validation. */
    @Bean
    CxfEndpoint invitationRegistry(@Value("${thin-proxy.registry-url}") String url) {
        CxfEndpoint endpoint = new CxfEndpoint();
        endpoint.setAddress(url);
        endpoint.setWsdlURL("classpath:wsdl/invitation-registry.wsdl");
        endpoint.setServiceClass(InvitationRegistryPortType.class);
        endpoint.setServiceNameAsQName(new QName("urn:kz:mia:invitation-registry:v1", "InvitationRegistryService"));
        endpoint.setPortNameAsQName(new QName("urn:kz:mia:invitation-registry:v1", "InvitationRegistryPort"));
        endpoint.setDataFormat(DataFormat.POJO);
        // CXF 4.1 takes this only as a Boolean (see the hub's SoapClientEndpoint)
        endpoint.setProperties(new HashMap<>(Map.of("force.urlconnection.http.conduit", Boolean.TRUE)));
        return endpoint;
    }

    @Component
    static class LookupRoute extends RouteBuilder {

        private final ObjectMapper json;

        LookupRoute(ObjectMapper json) {
            this.json = json;
        }

        @Override
        public void configure() {
            rest("/api/v1/evisa").get("/invitations/{number}").to("direct:thin-invitation-lookup");

            from("direct:thin-invitation-lookup").routeId("thin-invitation-lookup")
                    .process(exchange -> {
                        CheckInvitationRequest request = new CheckInvitationRequest();
                        request.setInvitationNumber(exchange.getMessage().getHeader("number", String.class));
                        exchange.getMessage().setBody(request);
                    })
                    // neither the caller's HTTP headers to the registry nor the registry's back to the caller
                    .removeHeaders("*")
                    .setHeader(CxfConstants.OPERATION_NAME, constant("CheckInvitation"))
                    .to("cxf:bean:invitationRegistry")
                    .removeHeaders("*")
                    .process(this::answer);
        }

        /** The hub's JSON of the registry's record (EvisaInvitationLookup.answer, FrontDoorReplies.reply); 404 when none. */
        private void answer(Exchange exchange) throws Exception {
            Message message = exchange.getMessage();
            Invitation invitation = message.getBody(CheckInvitationResponse.class).getInvitation();
            if (invitation == null) {
                message.setHeader(Exchange.HTTP_RESPONSE_CODE, 404);
                message.setBody(null);
                return;
            }
            InvitedPerson person = invitation.getInvitedPerson();
            Map<String, Object> invited = new LinkedHashMap<>();
            invited.put("passportNumber", person.getPassportNumber());
            invited.put("nationality", person.getNationality());
            invited.put("surname", person.getSurname());
            invited.put("givenNames", person.getGivenNames());
            invited.put("dateOfBirth", date(person.getDateOfBirth()));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("invitationNumber", invitation.getInvitationNumber());
            body.put("status", invitation.getStatus().value());
            body.put("inviter", invitation.getInviter());
            body.put("category", invitation.getCategory());
            body.put("invitedPerson", invited);
            body.put("validFrom", date(invitation.getValidFrom()));
            body.put("validUntil", date(invitation.getValidUntil()));
            message.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
            message.setHeader(Exchange.CONTENT_TYPE, "application/json");
            message.setBody(json.writeValueAsString(body));
        }

        private static String date(XMLGregorianCalendar date) {
            return date == null ? null : date.toXMLFormat();
        }
    }
}
