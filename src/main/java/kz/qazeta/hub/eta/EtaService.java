package kz.qazeta.hub.eta;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import kz.qazeta.hub.eta.EtaApplications.Column;
import kz.qazeta.hub.eta.EtaApplications.EtaApplication;
import kz.qazeta.hub.eta.EtaApplications.Status;
import kz.qazeta.hub.exchange.Correlation;
import kz.qazeta.hub.exchange.FrontDoorReplies;
import kz.qazeta.hub.exchange.HubProblem;
import kz.qazeta.hub.exchange.IdempotentRequest;
import kz.qazeta.hub.exchange.Languages;
import kz.qazeta.hub.exchange.Reply;
import kz.qazeta.hub.exchange.JsonBodies;
import kz.qazeta.hub.exchange.RequestReader;
import kz.qazeta.hub.exchange.partners.RecordOwners;
import kz.qazeta.hub.traveller.Traveller.PassportType;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The ETA's steps, called from its routes: take an application in (or answer that none is needed), screen it
 * with the Border Service and issue or refuse it, show it, answer the requirement question, and revoke it.
 * A step that changes an ETA leaves the border event to publish in the header {@code etaBorderEvent}.
 */
@Component("eta")
public class EtaService {

    public static final String APPLICATION_ID = "applicationId";
    public static final String CREATED = "etaCreated";
    public static final String BORDER_EVENT = "etaBorderEvent";
    public static final String BORDER_EVENT_ID = "etaBorderEventId";
    private static final Logger LOG = LoggerFactory.getLogger(EtaService.class);

    private final RequestReader reader;
    private final EtaRules rules;
    private final EtaApplications applications;
    private final FrontDoorReplies replies;
    private final ObjectMapper json;
    private final JsonBodies bodies;
    private final Clock clock;
    private final long stalledAfterMs;
    private final RecordOwners owners;

    public EtaService(RequestReader reader, EtaRules rules, EtaApplications applications, FrontDoorReplies replies,
                      ObjectMapper json, JsonBodies bodies, Clock clock, RecordOwners owners,
                      @org.springframework.beans.factory.annotation.Value("${qazeta.eta.stalled-after-ms}") long stalledAfterMs) {
        this.reader = reader;
        this.rules = rules;
        this.applications = applications;
        this.replies = replies;
        this.json = json;
        this.bodies = bodies;
        this.clock = clock;
        this.stalledAfterMs = stalledAfterMs;
        this.owners = owners;
    }

    public Reply submit(Message message) throws JsonProcessingException {
        EtaApplicationRequest request = reader.read(message.getBody(String.class), EtaApplicationRequest.class);
        Locale locale = Languages.fromAcceptLanguage(message.getHeader("Accept-Language", String.class));
        var exemption = rules.exemption(request.traveller(), request.officialDelegationMember(), request.accreditedDiplomat());
        if (exemption.isPresent()) {
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("etaRequired", false);
            answer.put("reason", reason("eta-not-required." + exemption.get(), null, locale));
            return Reply.ok(answer);
        }
        var idempotent = IdempotentRequest.of(message, request, json);
        String owner = owners.caller(message);
        if (idempotent.key() != null) {
            var earlier = applications.findByIdempotencyKey(owner, idempotent.key());
            if (earlier.isPresent()) {
                idempotent.requireSameAs(earlier.get().getValue());
                message.setHeader(CREATED, false);
                EtaApplication a = earlier.get().getKey();
                return Reply.accepted(Map.of("id", a.id(), "status", a.status(),
                        "notice", replies.text("eta.notice", new Object[0], locale)), "/api/v1/eta/applications/" + a.id());
            }
        }
        rules.check(request, clock.instant());
        String id = UUID.randomUUID().toString();
        applications.insert(id, owner, message.getHeader(Correlation.HEADER, String.class), idempotent.key(), idempotent.hash(), request);
        message.setHeader(APPLICATION_ID, id);
        message.setHeader(CREATED, true);
        return Reply.accepted(Map.of("id", id, "status", Status.RECEIVED,
                "notice", replies.text("eta.notice", new Object[0], locale)), "/api/v1/eta/applications/" + id);
    }

    public Reply show(Message message) {
        String id = message.getHeader("id", String.class);
        // another partner's application is answered as one that does not exist
        EtaApplication a = applications.find(id, owners.readable(message))
                .orElseThrow(() -> HubProblem.notFound("application-not-found", id));
        Locale locale = Languages.fromAcceptLanguage(message.getHeader("Accept-Language", String.class));
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", a.id());
        view.put("status", a.status());
        view.put("plannedArrival", a.plannedArrival());
        view.put("purpose", a.purpose());
        view.put("eta", a.etaNumber() == null ? null
                : Map.of("number", a.etaNumber(), "validFrom", a.validFrom(), "validUntil", a.validUntil()));
        view.put("reason", a.reasonCode() == null ? null : reason("reason." + a.reasonCode(), a.reasonDetail(), locale));
        view.put("notice", replies.text("eta.notice", new Object[0], locale));
        view.put("history", applications.history(id).stream().map(h -> Map.of("status", h.status(), "at", h.at())).toList());
        return Reply.ok(view);
    }

    public Reply requirements(Message message) {
        String nationality = message.getHeader("nationality", String.class);
        if (nationality == null || !nationality.matches("[A-Z]{3}")) {
            throw HubProblem.invalidRequest("nationality", nationality == null ? "required" : "format");
        }
        // a '+' of an offset left unencoded in the query string arrives as a space
        String arrivalText = message.getHeader("arrival", String.class);
        arrivalText = arrivalText == null ? null : arrivalText.trim().replace(' ', '+');
        OffsetDateTime arrival;
        try {
            arrival = arrivalText == null ? OffsetDateTime.now(clock) : OffsetDateTime.parse(arrivalText);
        } catch (DateTimeParseException e) {
            throw HubProblem.invalidRequest("arrival", "format");
        }
        String type = message.getHeader("passportType", String.class);
        PassportType passportType;
        try {
            passportType = type == null ? PassportType.ORDINARY : PassportType.valueOf(type);
        } catch (IllegalArgumentException e) {
            throw HubProblem.invalidRequest("passportType", "format");
        }
        var answer = rules.requirement(nationality, arrival, passportType);
        Locale locale = Languages.fromAcceptLanguage(message.getHeader("Accept-Language", String.class));
        String key = answer.reason().startsWith("mandatory-since-") ? "mandatory" : answer.reason();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("nationality", nationality);
        body.put("arrival", arrival);
        body.put("requirement", answer.requirement());
        body.put("reason", reason("eta-requirement." + key, answer.reason().replace("mandatory-since-", ""), locale));
        return Reply.ok(body);
    }

    /** The screening request for the Border Service, or null when the application needs none (any more). */
    public String screeningRequest(Message message) throws JsonProcessingException {
        String id = message.getBody(String.class);
        message.setHeader(APPLICATION_ID, id);
        EtaApplication a = applications.find(id).orElse(null);
        if (a == null || a.status() != Status.RECEIVED) {
            return null;
        }
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("reference", id);
        request.put("documentNumber", a.traveller().passportNumber());
        request.put("documentCountry", a.traveller().nationality());
        request.put("surname", a.traveller().surname());
        request.put("givenNames", a.traveller().givenNames());
        request.put("dateOfBirth", a.traveller().dateOfBirth().toString());
        request.put("plannedArrival", a.plannedArrival().toString());
        return json.writeValueAsString(request);
    }

    /** The Border Service answered: no hit issues the ETA; a hit refuses it with a neutral reason. */
    public void decide(Message message) throws JsonProcessingException {
        JsonNode answer = json.readTree(message.getBody(String.class));
        String id = answer.path("reference").asText();
        message.setHeader(APPLICATION_ID, id);
        var columns = EtaApplications.columns();
        if (answer.path("hit").asBoolean(true)) {
            columns.put(Column.REASON_CODE, "eta-refused");
            applications.transition(id, EnumSet.of(Status.RECEIVED), Status.REFUSED, columns);
            LOG.info("ETA application {} refused after screening", id);
        } else {
            var validity = rules.validity(LocalDate.now(clock.withZone(EtaRules.ASTANA)));
            columns.put(Column.ETA_NUMBER, "KZ-ETA-" + (100_000_000 + ThreadLocalRandom.current().nextInt(900_000_000)));
            columns.put(Column.VALID_FROM, validity.from());
            columns.put(Column.VALID_UNTIL, validity.until());
            applications.transition(id, EnumSet.of(Status.RECEIVED), Status.ISSUED, columns);
            LOG.info("ETA application {} issued", id);
        }
        // a redelivered answer finds the ETA already issued: the event goes again (border control drops the repeat)
        borderEvent(message, id, Status.ISSUED);
    }

    /**
     * The issuing authority revokes an ETA: it shows as REVOKED and border control is told. Any ETA, whoever applied
     * for it: the grant of the service {@code eta-authority} is that right.
     */
    public Reply revoke(Message message) throws JsonProcessingException {
        String id = message.getHeader("id", String.class);
        String body = message.getBody(String.class);
        String reason;
        try {
            if (body != null && !body.isBlank()) {
                bodies.check(body);
            }
            reason = body == null || body.isBlank() ? null : json.readTree(body).path("reason").asText(null);
        } catch (JsonProcessingException e) {
            throw HubProblem.invalidRequest("body", "malformed-json");
        }
        if (reason == null || reason.isBlank()) {
            throw HubProblem.invalidRequest("reason", "required");
        }
        applications.find(id).orElseThrow(() -> HubProblem.notFound("application-not-found", id));
        var columns = EtaApplications.columns();
        columns.put(Column.REASON_CODE, "eta-revoked");
        columns.put(Column.REASON_DETAIL, reason.length() > 500 ? reason.substring(0, 500) : reason);
        boolean moved = applications.transition(id, EnumSet.of(Status.ISSUED), Status.REVOKED, columns);
        // revoking again (a retry after a failed answer) is fine and tells border control again
        if (!moved && applications.find(id).map(EtaApplication::status).orElse(null) != Status.REVOKED) {
            throw HubProblem.conflict("eta-not-revocable", id);
        }
        borderEvent(message, id, Status.REVOKED);
        return Reply.ok(Map.of("id", id, "status", Status.REVOKED));
    }

    /** The border event of an ETA in {@code status}, if it is in it (issued or revoked). */
    private void borderEvent(Message message, String id, Status status) throws JsonProcessingException {
        message.removeHeader(BORDER_EVENT);
        EtaApplication a = applications.find(id).orElseThrow();
        if (a.status() != status || a.etaNumber() == null) {
            return;
        }
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("event", a.status() == Status.REVOKED ? "ETA_REVOKED" : "ETA_ISSUED");
        event.put("etaNumber", a.etaNumber());
        event.put("documentNumber", a.traveller().passportNumber());
        event.put("documentCountry", a.traveller().nationality());
        event.put("validFrom", a.validFrom().toString());
        event.put("validUntil", a.validUntil().toString());
        event.put("at", a.updatedAt().toString());
        message.setHeader(BORDER_EVENT, json.writeValueAsString(event));
        // the broker drops a second copy of the same event (Artemis duplicate detection)
        message.setHeader(BORDER_EVENT_ID, a.etaNumber() + ":" + event.get("event"));
    }

    /** The ids of stalled applications, for the resume route to queue again. */
    public java.util.List<String> stalled() {
        return applications.claimStalled(java.time.Duration.ofMillis(stalledAfterMs), 100);
    }


    private Map<String, Object> reason(String key, String detail, Locale locale) {
        Map<String, Object> reason = new LinkedHashMap<>();
        reason.put("code", key.substring(key.indexOf('.') + 1));
        reason.put("message", replies.text(key, new Object[] {detail}, locale));
        return reason;
    }
}
