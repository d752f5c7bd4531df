package kz.qazeta.hub.evisa;

import java.time.LocalDate;

import kz.qazeta.hub.exchange.HubProblem;
import org.springframework.stereotype.Component;

/**
 * The seed's e-Visa rules that can be judged from the application alone. Each refusal names its rule; the
 * invitation itself is judged later, against the police registry ({@link InvitationVerdict}).
 */
@Component
public class EvisaEligibility {

    private final EvisaReferenceData reference;

    public EvisaEligibility(EvisaReferenceData reference) {
        this.reference = reference;
    }

    /** Throws a 422 {@link HubProblem} naming the first rule the application breaks. */
    public void check(EvisaApplicationRequest request, LocalDate today) {
        var applicant = request.applicant();
        if (request.companions() != null && !request.companions().isEmpty()) {
            throw HubProblem.refusal("companions-not-allowed");
        }
        if (!reference.isEligibleNationality(applicant.nationality())) {
            throw HubProblem.refusal("nationality-not-eligible", applicant.nationality());
        }
        if (!reference.isCategory(request.category())) {
            throw HubProblem.refusal("category-unknown", request.category());
        }
        if (request.invitationNumber() == null || request.invitationNumber().isBlank()) {
            throw HubProblem.refusal("invitation-required");
        }
        if (!reference.isInternationalAirport(request.arrivalAirport())) {
            throw HubProblem.refusal("entry-point-not-allowed", request.arrivalAirport());
        }
        if (!request.intendedEntryDate().isAfter(today)) {
            throw HubProblem.refusal("entry-date-not-in-future", request.intendedEntryDate());
        }
        if (!applicant.passportExpiry().isAfter(request.intendedEntryDate())) {
            throw HubProblem.refusal("passport-not-valid-for-entry", applicant.passportExpiry());
        }
    }
}
