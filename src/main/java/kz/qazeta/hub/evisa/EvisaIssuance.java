package kz.qazeta.hub.evisa;

import java.time.LocalDate;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import kz.qazeta.hub.evisa.EvisaApplications.Column;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** The e-Visa step that hands a paid application to the visa issuance system and takes its decision. */
@Component("evisaIssuance")
public class EvisaIssuance {

    private static final Logger LOG = LoggerFactory.getLogger(EvisaIssuance.class);
    /** ISSUANCE_REQUESTED too: a request may be sent again, and the issuance system answers it once. */
    private static final Set<EvisaStatus> SENDABLE = EnumSet.of(EvisaStatus.PAID, EvisaStatus.ISSUANCE_REQUESTED);

    private final EvisaApplications applications;
    private final EvisaStatusEvents events;
    private final ObjectMapper json;
    private final EvisaResumePolicy resume;

    public EvisaIssuance(EvisaApplications applications, EvisaStatusEvents events, ObjectMapper json,
                         EvisaResumePolicy resume) {
        this.applications = applications;
        this.events = events;
        this.json = json;
        this.resume = resume;
    }

    /** The application in the hub's shape (mapped to the issuance system's by JSONata), or null if not paid. */
    public String prepare(Message message) throws JsonProcessingException {
        String id = message.getBody(String.class);
        message.setHeader(EvisaIntake.APPLICATION_ID, id);
        var application = applications.find(id).orElse(null);
        if (application == null || !SENDABLE.contains(application.status())) {
            return null;
        }
        var request = application.request();
        var applicant = request.applicant();
        Map<String, Object> canonical = new LinkedHashMap<>();
        canonical.put("applicationId", id);
        canonical.put("applicant", applicant);
        canonical.put("category", request.category());
        canonical.put("invitationNumber", request.invitationNumber());
        canonical.put("intendedEntryDate", request.intendedEntryDate());
        canonical.put("arrivalAirport", request.arrivalAirport());
        canonical.put("payment", application.payment());
        return json.writeValueAsString(canonical);
    }

    public void recordRequested(Message message) {
        String id = message.getHeader(EvisaIntake.APPLICATION_ID, String.class);
        boolean moved = applications.transition(id, EnumSet.of(EvisaStatus.PAID), EvisaStatus.ISSUANCE_REQUESTED,
                Map.of(), resume.decisionWatchdog());
        events.changed(message, moved, id);
    }

    /** The issuance system decided (the hub's shape of its reply): ISSUED with the visa, or REFUSED with why. */
    public void recordDecision(Message message) throws JsonProcessingException {
        JsonNode decision = json.readTree(message.getBody(String.class));
        String id = decision.path("applicationId").asText();
        message.setHeader(EvisaIntake.APPLICATION_ID, id);
        Map<Column, Object> columns = new EnumMap<>(Column.class);
        EvisaStatus to;
        if ("ISSUED".equals(decision.path("decision").asText())) {
            to = EvisaStatus.ISSUED;
            columns.put(Column.VISA_NUMBER, decision.path("visaNumber").asText());
            columns.put(Column.VISA_VALID_FROM, LocalDate.parse(decision.path("validFrom").asText()));
            columns.put(Column.VISA_VALID_UNTIL, LocalDate.parse(decision.path("validUntil").asText()));
            columns.put(Column.VISA_ENTRIES, decision.path("entries").asText());
        } else {
            to = EvisaStatus.REFUSED;
            columns.put(Column.REASON_CODE, "visa-refused");
            columns.put(Column.REASON_DETAIL, decision.path("reason").asText(""));
        }
        boolean moved = applications.transition(id, SENDABLE, to, columns, null);
        LOG.info("Visa issuance decided application {}: {}{}", id, to, moved ? "" : " (already recorded)");
        events.changed(message, moved, id);
    }
}
