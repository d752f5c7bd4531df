package kz.qazeta.hub.evisa;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import kz.qazeta.contracts.invitationregistry.CheckInvitationRequest;
import kz.qazeta.contracts.invitationregistry.CheckInvitationResponse;
import kz.qazeta.hub.evisa.EvisaApplications.Column;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** The e-Visa step that asks the police invitation registry about the application's invitation. */
@Component("evisaInvitationCheck")
public class EvisaInvitationCheck {

    /** Header: the invitation backs the application and the payment step is next. */
    public static final String VERIFIED = "evisaVerified";
    /** Header: the registry could not be asked; the step ends here and resumes later. */
    public static final String POSTPONED = "evisaPostponed";

    private static final Logger LOG = LoggerFactory.getLogger(EvisaInvitationCheck.class);
    private static final Set<EvisaStatus> CHECKABLE =
            EnumSet.of(EvisaStatus.RECEIVED, EvisaStatus.INVITATION_CHECK_PENDING);

    private final EvisaApplications applications;
    private final EvisaStatusEvents events;
    private final EvisaResumePolicy resume;

    public EvisaInvitationCheck(EvisaApplications applications, EvisaStatusEvents events, EvisaResumePolicy resume) {
        this.applications = applications;
        this.events = events;
        this.resume = resume;
    }

    /** The registry request for the application named in the body, or null when it needs no check (any more). */
    public CheckInvitationRequest prepare(Message message) {
        String id = message.getBody(String.class);
        message.setHeader(EvisaIntake.APPLICATION_ID, id);
        var application = applications.find(id).orElse(null);
        if (application == null || !CHECKABLE.contains(application.status())) {
            LOG.info("Application {} needs no invitation check (status {})", id,
                    application == null ? "unknown" : application.status());
            return null;
        }
        CheckInvitationRequest request = new CheckInvitationRequest();
        request.setInvitationNumber(application.request().invitationNumber());
        return request;
    }

    /** Judges the registry's answer: the application is verified, or rejected with the reason. */
    public void judge(Message message) {
        String id = message.getHeader(EvisaIntake.APPLICATION_ID, String.class);
        var response = message.getBody(CheckInvitationResponse.class);
        var application = applications.find(id).orElseThrow();
        var reason = InvitationVerdict.judge(application.request(), response.getInvitation());
        boolean moved;
        if (reason.isEmpty()) {
            moved = applications.transition(id, CHECKABLE, EvisaStatus.INVITATION_VERIFIED, Map.of(), resume.watchdog());
        } else {
            Map<Column, Object> columns = new java.util.EnumMap<>(Column.class);
            columns.put(Column.REASON_CODE, reason.get().code());
            if (reason.get().detail() != null) {
                columns.put(Column.REASON_DETAIL, reason.get().detail());
            }
            moved = applications.transition(id, CHECKABLE, EvisaStatus.REJECTED, columns, null);
        }
        message.setHeader(VERIFIED, moved && reason.isEmpty());
        LOG.info("Invitation check of application {}: {}", id, reason.map(EvisaApplication.Reason::code).orElse("verified"));
        events.changed(message, moved, id);
    }

    /** The registry could not be asked: the application waits and the resume poller asks again later. */
    public void postpone(Message message) {
        String id = message.getHeader(EvisaIntake.APPLICATION_ID, String.class);
        var before = applications.find(id).map(EvisaApplication::status).orElse(null);
        message.setHeader(POSTPONED, true);
        int attempts = applications.postpone(id, CHECKABLE, EvisaStatus.INVITATION_CHECK_PENDING,
                resume.firstBackoff(), resume.maxBackoff());
        LOG.warn("Invitation registry unavailable for application {} (attempt {}); the check is pending", id, attempts);
        events.changed(message, attempts > 0 && before != EvisaStatus.INVITATION_CHECK_PENDING, id);
    }
}
