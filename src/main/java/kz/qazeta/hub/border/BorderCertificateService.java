package kz.qazeta.hub.border;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import kz.qazeta.hub.border.BorderCertificate.Crossing;
import kz.qazeta.hub.border.BorderCertificate.Direction;
import kz.qazeta.hub.border.BorderCertificate.Holder;
import kz.qazeta.hub.border.BorderCertificateStore.Stored;
import kz.qazeta.hub.exchange.Correlation;
import kz.qazeta.hub.exchange.FrontDoorReplies;
import kz.qazeta.hub.exchange.HubProblem;
import kz.qazeta.hub.exchange.Languages;
import kz.qazeta.hub.exchange.Reply;
import kz.qazeta.hub.exchange.RequestReader;
import kz.qazeta.hub.exchange.partners.RecordOwners;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The border-crossing certificate's steps, called from {@code routes/border-certificate/border-certificates.camel.yaml}: read and
 * bound the request (the query's parameters go to the Border Service's SQL as headers), issue the certificate
 * from what the Border Service answered, show it as JSON or PDF, and verify it by its code. A certificate whose
 * stored content no longer matches its signature is never shown as genuine.
 */
@Component("borderCertificates")
public class BorderCertificateService {

    /** Headers the route's SQL reads: the person and the period, bounded. */
    public static final String PERSON = "borderPerson";
    public static final String CROSSINGS = "borderCrossings";
    private static final String REQUEST = "borderCertificateRequest";
    private static final String UNAVAILABLE = "borderServiceUnavailable";
    private static final String PATH = "/api/v1/border-crossings/certificates/";
    private static final Logger LOG = LoggerFactory.getLogger(BorderCertificateService.class);

    private final RequestReader reader;
    private final BorderCertificateStore certificates;
    private final BorderCertificateSignature signature;
    private final BorderCertificatePdf pdf;
    private final BorderCertificateSettings settings;
    private final FrontDoorReplies replies;
    private final ObjectMapper json;
    private final Clock clock;
    private final RecordOwners owners;

    public BorderCertificateService(RequestReader reader, BorderCertificateStore certificates,
                                    BorderCertificateSignature signature, BorderCertificatePdf pdf,
                                    BorderCertificateSettings settings, FrontDoorReplies replies, ObjectMapper json,
                                    Clock clock, RecordOwners owners) {
        this.reader = reader;
        this.certificates = certificates;
        this.signature = signature;
        this.pdf = pdf;
        this.settings = settings;
        this.replies = replies;
        this.json = json;
        this.clock = clock;
        this.owners = owners;
    }

    /**
     * Reads the request and bounds its period; leaves the query's named parameters in headers and, as the body, the
     * lookup as the message log may keep it (its personal fields are masked there).
     */
    public String lookup(Message message) throws JsonProcessingException {
        BorderCertificateRequest request = reader.read(message.getBody(String.class), BorderCertificateRequest.class);
        LocalDate from = request.period().from();
        LocalDate to = request.period().to();
        if (from.isAfter(to)) {
            throw HubProblem.invalidRequest("period.from", "period-reversed");
        }
        if (from.plus(settings.maxPeriod()).isBefore(to)) {
            throw HubProblem.invalidRequest("period", "period-too-long");
        }
        message.setHeader(REQUEST, request);
        message.setHeader("documentType", request.document().type().name());
        message.setHeader("documentNumber", request.document().number());
        message.setHeader("issuingCountry", request.document().issuingCountry());
        message.setHeader("nationality", request.nationality());
        message.setHeader("dateOfBirth", request.dateOfBirth());
        message.setHeader("periodStart", from.atStartOfDay(BorderCertificate.ASTANA).toOffsetDateTime());
        message.setHeader("periodEnd", to.plusDays(1).atStartOfDay(BorderCertificate.ASTANA).toOffsetDateTime());
        // one row more than a certificate may list tells that there are too many
        message.setHeader("rowLimit", settings.maxCrossings() + 1);
        Map<String, Object> lookup = new LinkedHashMap<>();
        lookup.put("documentType", request.document().type().name());
        lookup.put("documentNumber", request.document().number());
        lookup.put("issuingCountry", request.document().issuingCountry());
        lookup.put("nationality", request.nationality());
        lookup.put("dateOfBirth", request.dateOfBirth().toString());
        lookup.put("periodFrom", from.toString());
        lookup.put("periodTo", to.toString());
        return json.writeValueAsString(lookup);
    }

    /**
     * Issues the certificate from the Border Service's answer: no person matching on document, nationality and date
     * of birth is a 404 that says nothing more; a matched person with no crossings in the period gets a certificate
     * that lists none.
     */
    public Reply issue(Message message) {
        if (Boolean.TRUE.equals(message.getHeader(UNAVAILABLE, Boolean.class))) {
            throw HubProblem.unavailable("Border Service");
        }
        BorderCertificateRequest request = message.getHeader(REQUEST, BorderCertificateRequest.class);
        Map<?, ?> person = message.getHeader(PERSON, Map.class);
        if (person == null) {
            throw HubProblem.notFound("border-person-not-found");
        }
        List<?> rows = message.getHeader(CROSSINGS, List.class);
        rows = rows == null ? List.of() : rows;
        if (rows.size() > settings.maxCrossings()) {
            throw HubProblem.refusal("border-crossings-too-many", settings.maxCrossings());
        }
        List<Crossing> crossings = new ArrayList<>();
        for (Object row : rows) {
            Map<?, ?> r = (Map<?, ?>) row;
            crossings.add(new Crossing(Direction.valueOf(String.valueOf(r.get("direction"))),
                    String.valueOf(r.get("checkpoint_code")), String.valueOf(r.get("checkpoint_name")),
                    instant(r.get("crossed_at"))));
        }
        Holder holder = new Holder(request.document().type().name(), request.document().number(),
                request.document().issuingCountry(), request.nationality(), request.dateOfBirth(),
                (String) person.get("surname"), (String) person.get("given_names"));
        BorderCertificate certificate = new BorderCertificate(UUID.randomUUID().toString(), signature.newCode(), holder,
                request.period().from(), request.period().to(), clock.instant().truncatedTo(ChronoUnit.SECONDS),
                crossings);
        certificates.insert(certificate, signature.sign(certificate), owners.caller(message),
                message.getHeader(Correlation.HEADER, String.class));
        LOG.info("Border certificate {} issued with {} crossings", certificate.id(), crossings.size());
        return new Reply(201, view(certificate, locale(message)), Map.of("Location", PATH + certificate.id()));
    }

    /**
     * The circuit breaker's fallback: the Border Service's database could not be read (after the retries, or with the
     * circuit open). Marks it for {@link #issue}, which refuses with a 503 (an exception thrown in the fallback itself
     * would escape the route's error policy).
     */
    public void unavailable(Message message) {
        message.setHeader(UNAVAILABLE, true);
    }

    public Reply show(Message message) {
        return Reply.ok(view(genuine(message.getHeader("id", String.class), owners.readable(message)), locale(message)));
    }

    public Reply showPdf(Message message) {
        String id = message.getHeader("id", String.class);
        id = id != null && id.endsWith(".pdf") ? id.substring(0, id.length() - 4) : id;
        BorderCertificate certificate = genuine(id, owners.readable(message));
        return Reply.document(pdf.render(certificate, verificationUrl(certificate)), "application/pdf",
                "border-certificate-" + certificate.id() + ".pdf");
    }

    /**
     * Anyone holding a certificate checks it by its code: genuine when the stored content still matches its
     * signature (then the certified content is shown, to compare with the paper); an altered one is answered as
     * not genuine, and raises an alarm.
     */
    public Reply verify(Message message) {
        String code = message.getHeader("code", String.class);
        Stored stored = code == null || !code.matches("[A-Z0-9]{1,32}") ? null
                : certificates.findByCode(code).orElse(null);
        if (stored == null) {
            throw HubProblem.notFound("border-certificate-code-unknown");
        }
        Locale locale = locale(message);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("verificationCode", code);
        if (signature.genuine(stored.certificate(), stored.signature())) {
            answer.put("genuine", true);
            answer.put("certificate", view(stored.certificate(), locale));
        } else {
            alarm(stored.certificate().id());
            answer.put("genuine", false);
            answer.put("reason", Map.of("code", "border-certificate-altered",
                    "message", replies.text("reason.border-certificate-altered", new Object[0], locale)));
        }
        return Reply.ok(answer);
    }

    /**
     * The certificate with this id if it is stored unaltered: 404 when there is none (or none of {@code owners} had it
     * issued: another partner's is answered alike), 409 when its content no longer matches its signature (it is not
     * shown, and operators are alerted).
     */
    public BorderCertificate genuine(String id, List<String> owners) {
        Stored stored = id == null ? null : certificates.find(id, owners).orElse(null);
        if (stored == null) {
            throw HubProblem.notFound("border-certificate-not-found", id);
        }
        if (!signature.genuine(stored.certificate(), stored.signature())) {
            alarm(id);
            throw HubProblem.conflict("border-certificate-altered", id);
        }
        return stored.certificate();
    }

    public String verificationUrl(BorderCertificate certificate) {
        return settings.verificationUrl() + certificate.verificationCode();
    }

    private Map<String, Object> view(BorderCertificate c, Locale locale) {
        Holder h = c.holder();
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("type", h.documentType());
        document.put("number", h.documentNumber());
        document.put("issuingCountry", h.issuingCountry());
        Map<String, Object> holder = new LinkedHashMap<>();
        holder.put("document", document);
        holder.put("nationality", h.nationality());
        holder.put("dateOfBirth", h.dateOfBirth());
        holder.put("surname", h.surname());
        holder.put("givenNames", h.givenNames());
        List<Map<String, Object>> crossings = c.crossings().stream().map(x -> {
            Map<String, Object> crossing = new LinkedHashMap<>();
            crossing.put("direction", x.direction());
            crossing.put("checkpoint", Map.of("code", x.checkpointCode(), "name", x.checkpointName()));
            crossing.put("at", x.at().atZone(BorderCertificate.ASTANA).toOffsetDateTime());
            return crossing;
        }).toList();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", c.id());
        view.put("issuedAt", c.issuedAt());
        view.put("holder", holder);
        view.put("period", Map.of("from", c.periodFrom(), "to", c.periodTo()));
        view.put("crossings", crossings);
        view.put("entries", c.count(Direction.ENTRY));
        view.put("exits", c.count(Direction.EXIT));
        if (crossings.isEmpty()) {
            view.put("note", replies.text("border-certificate.no-crossings", new Object[0], locale));
        }
        view.put("verificationCode", c.verificationCode());
        view.put("verificationUrl", verificationUrl(c));
        view.put("pdf", PATH + c.id() + ".pdf");
        return view;
    }

    private static void alarm(String id) {
        LOG.error("ALARM: border certificate {} no longer matches its signature: its stored content was altered", id);
    }

    private static Locale locale(Message message) {
        return Languages.fromAcceptLanguage(message.getHeader("Accept-Language", String.class));
    }

    /** A crossing time as the Border Service's driver gives it (H2: OffsetDateTime; PostgreSQL: Timestamp). */
    private static Instant instant(Object value) {
        if (value instanceof OffsetDateTime odt) {
            return odt.toInstant().truncatedTo(ChronoUnit.SECONDS);
        }
        if (value instanceof Timestamp ts) {
            return ts.toInstant().truncatedTo(ChronoUnit.SECONDS);
        }
        if (value instanceof java.time.ZonedDateTime zdt) {
            return zdt.toInstant().truncatedTo(ChronoUnit.SECONDS);
        }
        throw new IllegalStateException("unexpected crossing time " + (value == null ? null : value.getClass()));
    }
}
