package kz.qazeta.hub.evisa;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import javax.xml.datatype.XMLGregorianCalendar;

import kz.qazeta.contracts.invitationregistry.CheckInvitationRequest;
import kz.qazeta.contracts.invitationregistry.CheckInvitationResponse;
import kz.qazeta.contracts.invitationregistry.Invitation;
import kz.qazeta.contracts.invitationregistry.InvitedPerson;
import kz.qazeta.hub.exchange.HubProblem;
import kz.qazeta.hub.exchange.Reply;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

/**
 * The front door's invitation lookup (to prefill an application): the registry request for the number asked,
 * and the registry's record of the invitation as the front door reads it, or 404. The invited person is
 * personal data; it goes to the caller (the front door, the only partner granted the e-Visa service) and to
 * no log line.
 */
@Component("evisaInvitationLookup")
public class EvisaInvitationLookup {

    /** Header: the registry could not be asked (open circuit, or still failing after the retries). */
    public static final String UNAVAILABLE = "evisaRegistryUnavailable";
    private static final String NUMBER_ASKED = "evisaInvitationNumber";
    private static final Pattern NUMBER = Pattern.compile("[A-Za-z0-9-]{1,40}");

    public CheckInvitationRequest prepare(Message message) {
        String number = message.getHeader("number", String.class);
        if (number == null || !NUMBER.matcher(number).matches()) {
            throw HubProblem.invalidRequest("number", "format");
        }
        message.getExchange().setProperty(NUMBER_ASKED, number);
        CheckInvitationRequest request = new CheckInvitationRequest();
        request.setInvitationNumber(number);
        return request;
    }

    public void unavailable(Message message) {
        message.setHeader(UNAVAILABLE, true);
    }

    public Reply answer(Message message) {
        String number = message.getExchange().getProperty(NUMBER_ASKED, String.class);
        if (Boolean.TRUE.equals(message.getHeader(UNAVAILABLE, Boolean.class))) {
            throw HubProblem.unavailable("police invitation registry");
        }
        Invitation invitation = message.getBody(CheckInvitationResponse.class).getInvitation();
        if (invitation == null) {
            throw HubProblem.notFound("invitation-not-found", number);
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
        return Reply.ok(body);
    }

    private static String date(XMLGregorianCalendar date) {
        return date == null ? null : date.toXMLFormat();
    }
}
