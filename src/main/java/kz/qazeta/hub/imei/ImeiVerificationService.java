package kz.qazeta.hub.imei;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import kz.qazeta.hub.border.BorderCertificate;
import kz.qazeta.hub.border.BorderCertificateService;
import kz.qazeta.hub.exchange.FrontDoorReplies;
import kz.qazeta.hub.exchange.HubProblem;
import kz.qazeta.hub.exchange.HubProblem.FieldError;
import kz.qazeta.hub.exchange.Languages;
import kz.qazeta.hub.exchange.Reply;
import kz.qazeta.hub.exchange.RequestReader;
import kz.qazeta.hub.exchange.partners.RecordOwners;
import org.apache.camel.Message;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * IMEI verification's steps, called from {@code routes/imei/imei-verifications.camel.yaml}: check the IMEIs (15 digits,
 * Luhn) and the certificate (issued, unaltered, showing an entry into Kazakhstan), then, after the IMEI registry
 * answered, give the front door one result per IMEI asked about, in its language.
 */
@Component("imeiVerifications")
public class ImeiVerificationService {

    private static final String ASKED = "imeisAsked";

    private final RequestReader reader;
    private final BorderCertificateService certificates;
    private final FrontDoorReplies replies;
    private final ObjectMapper json;
    private final int maxImeis;
    private final RecordOwners owners;

    public ImeiVerificationService(RequestReader reader, BorderCertificateService certificates,
                                   FrontDoorReplies replies, ObjectMapper json, RecordOwners owners,
                                   @Value("${qazeta.imei.max-per-request}") int maxImeis) {
        this.reader = reader;
        this.certificates = certificates;
        this.replies = replies;
        this.json = json;
        this.maxImeis = maxImeis;
        this.owners = owners;
    }

    /** The verification in the hub's shape (mapped to the registry's by JSONata), once the request holds. */
    public String prepare(Message message) throws JsonProcessingException {
        ImeiVerificationRequest request = reader.read(message.getBody(String.class), ImeiVerificationRequest.class);
        List<String> imeis = request.imeis();
        if (imeis.isEmpty() || imeis.size() > maxImeis) {
            throw HubProblem.invalidRequest("imeis", "length");
        }
        List<FieldError> errors = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < imeis.size(); i++) {
            String imei = imeis.get(i);
            String field = "imeis[" + i + "]";
            Imei.problem(imei).ifPresentOrElse(reason -> errors.add(new FieldError(field, reason)), () -> {
                if (!seen.add(imei)) {
                    errors.add(new FieldError(field, "duplicate"));
                }
            });
        }
        if (!errors.isEmpty()) {
            throw HubProblem.invalidRequest(errors);
        }
        BorderCertificate certificate;
        try {
            // another partner's certificate is answered as one that does not exist
            certificate = certificates.genuine(request.certificateId(), owners.readable(message));
        } catch (HubProblem problem) {
            if (problem.status() == 404) {
                throw HubProblem.refusal("imei-certificate-not-found", request.certificateId());
            }
            throw problem;
        }
        BorderCertificate.Crossing entry = certificate.lastEntry().orElseThrow(
                () -> HubProblem.refusal("imei-certificate-without-entry", certificate.id()));
        // kept beside the message for the answer: the registry is sent only the mapped verification
        message.getExchange().setProperty(ASKED, List.copyOf(imeis));
        BorderCertificate.Holder holder = certificate.holder();
        Map<String, Object> owner = new LinkedHashMap<>();
        owner.put("documentType", holder.documentType());
        owner.put("documentNumber", holder.documentNumber());
        owner.put("issuingCountry", holder.issuingCountry());
        owner.put("nationality", holder.nationality());
        Map<String, Object> verification = new LinkedHashMap<>();
        verification.put("certificateId", certificate.id());
        verification.put("holder", owner);
        verification.put("entry", Map.of("at", entry.at().atZone(BorderCertificate.ASTANA).toOffsetDateTime().toString(),
                "checkpoint", entry.checkpointCode()));
        verification.put("imeis", imeis);
        return json.writeValueAsString(verification);
    }

    /** The registry's answer (mapped to the hub's shape): one result per IMEI asked about, in the order asked. */
    public Reply answer(Message message) throws JsonProcessingException {
        JsonNode answer = json.readTree(message.getBody(String.class));
        Map<String, String> statuses = new LinkedHashMap<>();
        answer.path("results").forEach(r -> statuses.put(r.path("imei").asText(), r.path("status").asText("UNKNOWN")));
        Locale locale = Languages.fromAcceptLanguage(message.getHeader("Accept-Language", String.class));
        List<Map<String, Object>> results = new ArrayList<>();
        for (Object asked : message.getExchange().getProperty(ASKED, List.class)) {
            String status = statuses.getOrDefault(String.valueOf(asked), "UNKNOWN");
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("imei", asked);
            result.put("status", status);
            result.put("message", replies.text("imei-status." + status, new Object[0], locale));
            results.add(result);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("certificateId", answer.path("certificateId").asText());
        body.put("results", results);
        return Reply.ok(body);
    }
}
