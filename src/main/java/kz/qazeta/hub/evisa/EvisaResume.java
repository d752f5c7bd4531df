package kz.qazeta.hub.evisa;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Finds applications whose next step is owed by the hub but has not happened (a pending registry check, a
 * message lost to a crash) and says which step queue each goes back to. The state is in the database, so
 * this is how every flow resumes after a restart.
 */
@Component("evisaResume")
public class EvisaResume {

    private final EvisaApplications applications;
    private final Map<EvisaStatus, String> stepQueues;
    private final EvisaResumePolicy resume;

    public EvisaResume(EvisaApplications applications,
                       @Value("${qazeta.evisa.queues.check-invitation}") String checkInvitation,
                       @Value("${qazeta.evisa.queues.request-payment}") String requestPayment,
                       @Value("${qazeta.evisa.queues.request-issuance}") String requestIssuance,
                       EvisaResumePolicy resume) {
        this.applications = applications;
        this.stepQueues = Map.of(
                EvisaStatus.RECEIVED, checkInvitation,
                EvisaStatus.INVITATION_CHECK_PENDING, checkInvitation,
                EvisaStatus.INVITATION_VERIFIED, requestPayment,
                EvisaStatus.PAID, requestIssuance,
                EvisaStatus.ISSUANCE_REQUESTED, requestIssuance);
        this.resume = resume;
    }

    /** One row per due application: its id, correlation id and the queue of its next step. */
    public List<Map<String, String>> due() {
        return applications.claimDue(resume.batch(), resume.watchdog()).stream().map(application -> {
            Map<String, String> row = new LinkedHashMap<>();
            row.put("applicationId", application.id());
            row.put("correlationId", application.correlationId());
            row.put("queue", stepQueues.get(application.status()));
            return row;
        }).toList();
    }
}
