package kz.qazeta.hub.evisa;

import java.time.LocalDate;
import java.util.Optional;

import javax.xml.datatype.XMLGregorianCalendar;

import kz.qazeta.contracts.invitationregistry.Invitation;
import kz.qazeta.contracts.invitationregistry.InvitationStatus;

/**
 * Whether a registered invitation backs an application: it exists, is active and unused, names this applicant
 * (passport number and nationality), is for the same category, and covers the intended entry date.
 */
public final class InvitationVerdict {

    private InvitationVerdict() {
    }

    /** Empty when the invitation backs the application; otherwise why not. */
    public static Optional<EvisaApplication.Reason> judge(EvisaApplicationRequest request, Invitation invitation) {
        if (invitation == null) {
            return reason("invitation-not-found", request.invitationNumber());
        }
        if (invitation.getStatus() != InvitationStatus.ACTIVE) {
            return reason("invitation-not-active", invitation.getStatus().value());
        }
        var person = invitation.getInvitedPerson();
        if (!person.getPassportNumber().equalsIgnoreCase(request.applicant().passportNumber())
                || !person.getNationality().equalsIgnoreCase(request.applicant().nationality())) {
            return reason("invitation-applicant-mismatch", null);
        }
        if (!invitation.getCategory().equals(request.category())) {
            return reason("invitation-category-mismatch", invitation.getCategory());
        }
        LocalDate entry = request.intendedEntryDate();
        LocalDate from = date(invitation.getValidFrom());
        LocalDate until = date(invitation.getValidUntil());
        if (entry.isBefore(from) || entry.isAfter(until)) {
            return reason("invitation-dates-mismatch", from + " – " + until);
        }
        return Optional.empty();
    }

    private static Optional<EvisaApplication.Reason> reason(String code, String detail) {
        return Optional.of(new EvisaApplication.Reason(code, detail));
    }

    static LocalDate date(XMLGregorianCalendar xml) {
        return LocalDate.of(xml.getYear(), xml.getMonth(), xml.getDay());
    }
}
