package kz.qazeta.hub.evisa;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import kz.qazeta.hub.exchange.Correlation;
import kz.qazeta.hub.exchange.HubProblem;
import kz.qazeta.hub.exchange.IdempotentRequest;
import kz.qazeta.hub.exchange.Reply;
import kz.qazeta.hub.exchange.RequestReader;
import kz.qazeta.hub.exchange.partners.RecordOwners;
import org.apache.camel.Message;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

/**
 * The front door's side of the e-Visa: takes applications in (read, judge by the rules, store) and shows them.
 * A new application leaves with the message header {@code evisaCreated=true}, so the route starts its flow.
 */
@Component("evisaIntake")
public class EvisaIntake {

    public static final String APPLICATION_ID = "applicationId";
    public static final String CREATED = "evisaCreated";

    private final RequestReader reader;
    private final EvisaEligibility eligibility;
    private final EvisaApplications applications;
    private final EvisaView view;
    private final EvisaStatusEvents events;
    private final ObjectMapper json;
    private final Clock clock;
    private final EvisaResumePolicy resume;
    private final RecordOwners owners;

    public EvisaIntake(RequestReader reader, EvisaEligibility eligibility, EvisaApplications applications,
                       EvisaView view, EvisaStatusEvents events, ObjectMapper json, Clock clock,
                       EvisaResumePolicy resume, RecordOwners owners) {
        this.reader = reader;
        this.eligibility = eligibility;
        this.applications = applications;
        this.view = view;
        this.events = events;
        this.json = json;
        this.clock = clock;
        this.resume = resume;
        this.owners = owners;
    }

    public Reply submit(Message message) throws JsonProcessingException {
        EvisaApplicationRequest request = reader.read(message.getBody(String.class), EvisaApplicationRequest.class);
        var idempotent = IdempotentRequest.of(message, request, json);
        String owner = owners.caller(message);
        if (idempotent.key() != null) {
            var earlier = applications.findByIdempotencyKey(owner, idempotent.key());
            if (earlier.isPresent()) {
                return repeated(earlier.get(), idempotent, message);
            }
        }
        eligibility.check(request, LocalDate.now(clock.withZone(EvisaView.ASTANA)));
        if (applications.invitationInUse(request.invitationNumber())) {
            throw HubProblem.refusal("invitation-in-use", request.invitationNumber());
        }
        String id = UUID.randomUUID().toString();
        try {
            applications.insert(id, owner, message.getHeader(Correlation.HEADER, String.class), idempotent.key(),
                    idempotent.hash(), request, resume.watchdog());
        } catch (DuplicateKeyException raced) {
            // the same Idempotency-Key arrived twice at once: the other request won
            return repeated(applications.findByIdempotencyKey(owner, idempotent.key()).orElseThrow(), idempotent, message);
        }
        message.setHeader(APPLICATION_ID, id);
        message.setHeader(CREATED, true);
        events.changed(message, true, id);
        return accepted(id, EvisaStatus.RECEIVED);
    }

    public Reply show(Message message) {
        String id = message.getHeader("id", String.class);
        // another partner's application is answered as one that does not exist
        return applications.find(id, owners.readable(message))
                .map(application -> Reply.ok(view.of(application,
                        message.getHeader("Accept-Language", String.class))))
                .orElseThrow(() -> HubProblem.notFound("application-not-found", id));
    }

    private Reply repeated(EvisaApplication earlier, IdempotentRequest idempotent, Message message) {
        idempotent.requireSameAs(earlier.requestHash());
        message.setHeader(APPLICATION_ID, earlier.id());
        message.setHeader(CREATED, false);
        return accepted(earlier.id(), earlier.status());
    }

    private static Reply accepted(String id, EvisaStatus status) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("status", status);
        return Reply.accepted(body, "/api/v1/evisa/applications/" + id);
    }

}
