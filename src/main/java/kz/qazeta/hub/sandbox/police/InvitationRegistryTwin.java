package kz.qazeta.hub.sandbox.police;

import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import javax.xml.datatype.DatatypeFactory;
import javax.xml.datatype.XMLGregorianCalendar;

import jakarta.annotation.Resource;
import jakarta.jws.WebService;
import jakarta.xml.ws.WebServiceContext;
import kz.qazeta.contracts.invitationregistry.CheckInvitationRequest;
import kz.qazeta.contracts.invitationregistry.CheckInvitationResponse;
import kz.qazeta.contracts.invitationregistry.Invitation;
import kz.qazeta.contracts.invitationregistry.InvitationRegistryPortType;
import kz.qazeta.contracts.invitationregistry.InvitationStatus;
import kz.qazeta.contracts.invitationregistry.InvitedPerson;
import kz.qazeta.hub.sandbox.SandboxDatabase;
import org.apache.cxf.binding.soap.SoapFault;
import org.apache.cxf.headers.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.w3c.dom.Element;

/** The police invitation registry's twin: serves {@code wsdl/invitation-registry.wsdl} from its own table. */
@WebService(serviceName = "InvitationRegistryService", portName = "InvitationRegistryPort",
        targetNamespace = "urn:kz:mia:invitation-registry:v1",
        endpointInterface = "kz.qazeta.contracts.invitationregistry.InvitationRegistryPortType",
        wsdlLocation = "classpath:wsdl/invitation-registry.wsdl")
public class InvitationRegistryTwin implements InvitationRegistryPortType {

    private static final Logger LOG = LoggerFactory.getLogger(InvitationRegistryTwin.class);

    private final SandboxDatabase database;
    private final RegistryBehaviour behaviour;

    @Resource
    private WebServiceContext context;

    public InvitationRegistryTwin(SandboxDatabase database, RegistryBehaviour behaviour) {
        this.database = database;
        this.behaviour = behaviour;
    }

    @Override
    public CheckInvitationResponse checkInvitation(CheckInvitationRequest request) {
        MDC.put("correlationId", correlationId());
        try {
            misbehaveIfAsked();
            List<Invitation> found = database.jdbc().query(
                    "select * from police_invitation where invitation_number = :number",
                    Map.of("number", request.getInvitationNumber()), (rs, row) -> {
                        Invitation invitation = new Invitation();
                        invitation.setInvitationNumber(rs.getString("invitation_number"));
                        invitation.setStatus(InvitationStatus.fromValue(rs.getString("status")));
                        invitation.setInviter(rs.getString("inviter"));
                        invitation.setCategory(rs.getString("category"));
                        InvitedPerson person = new InvitedPerson();
                        person.setPassportNumber(rs.getString("passport_number"));
                        person.setNationality(rs.getString("nationality"));
                        person.setSurname(rs.getString("surname"));
                        person.setGivenNames(rs.getString("given_names"));
                        person.setDateOfBirth(xml(rs.getDate("date_of_birth")));
                        invitation.setInvitedPerson(person);
                        invitation.setValidFrom(xml(rs.getDate("valid_from")));
                        invitation.setValidUntil(xml(rs.getDate("valid_until")));
                        invitation.setRegisteredBy(rs.getString("registered_by"));
                        return invitation;
                    });
            LOG.info("Registry twin: invitation {} {}", request.getInvitationNumber(), found.isEmpty() ? "not found" : "found");
            CheckInvitationResponse response = new CheckInvitationResponse();
            response.setInvitation(found.isEmpty() ? null : found.get(0));
            return response;
        } finally {
            MDC.remove("correlationId");
        }
    }

    private void misbehaveIfAsked() {
        long delay = behaviour.delayMillis();
        if (delay > 0) {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (behaviour.takeFault()) {
            throw new SoapFault("Invitation registry temporarily unavailable", SoapFault.FAULT_CODE_SERVER);
        }
    }

    private String correlationId() {
        Object headers = context.getMessageContext().get(Header.HEADER_LIST);
        if (headers instanceof List<?> list) {
            for (Object header : list) {
                if (header instanceof Header h && "CorrelationId".equals(h.getName().getLocalPart())
                        && h.getObject() instanceof Element element) {
                    return element.getTextContent();
                }
            }
        }
        return "none";
    }

    private static XMLGregorianCalendar xml(Date date) {
        LocalDate d = date.toLocalDate();
        return DatatypeFactory.newDefaultInstance().newXMLGregorianCalendarDate(d.getYear(), d.getMonthValue(),
                d.getDayOfMonth(), javax.xml.datatype.DatatypeConstants.FIELD_UNDEFINED);
    }
}
