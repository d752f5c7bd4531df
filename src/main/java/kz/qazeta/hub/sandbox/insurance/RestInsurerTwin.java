package kz.qazeta.hub.sandbox.insurance;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.springframework.http.HttpHeaders;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import kz.qazeta.hub.sandbox.insurance.InsurerTwins.Quote;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Sunkar Insurance's twin, a REST insurer ({@code /sandbox/insurers/sunkar-insurance/api}): {@code POST /quotes}
 * and {@code POST /policies}, in its own JSON shape. Also the testers' switch for both insurers:
 * {@code PUT /sandbox/insurers/{insurer}/behaviour} {@code {"failing":true}} makes one answer 503 (REST) or a
 * SOAP server fault until switched back; for Sunkar, {@code {"answer":"duplicate-key"}} or
 * {@code {"answer":"trailing-text"}} makes its quote carry a second {@code endDate} (ten years on) as a repeated
 * key or as a second JSON object after the first, as a broken or hostile insurer might ({@code "normal"} undoes it).
 * It honours an {@code Idempotency-Key}: a request whose key it has answered
 * before gets that answer again, and nothing new is made (a 5xx is not kept: the next try is worked on).
 */
@RestController
@ConditionalOnProperty(name = "qazeta.sandbox.enabled", havingValue = "true")
public class RestInsurerTwin {

    private static final String INSURER = "sunkar-insurance";

    public record QuoteRequest(String externalRef, Map<String, Object> traveller, String plan, LocalDate startDate,
                               LocalDate endDate) {
    }

    public record PolicyRequest(String quoteRef) {
    }

    private final InsurerTwins insurers;
    private final ObjectMapper json;
    private final Map<String, ResponseEntity<Object>> answered = new ConcurrentHashMap<>();

    public RestInsurerTwin(InsurerTwins insurers, ObjectMapper json) {
        this.insurers = insurers;
        this.json = json;
    }

    @PostMapping("/sandbox/insurers/sunkar-insurance/api/quotes")
    public ResponseEntity<Object> quote(@RequestBody QuoteRequest request, @RequestHeader HttpHeaders headers) {
        return once("quotes", headers, () -> quote(request));
    }

    private ResponseEntity<Object> quote(QuoteRequest request) {
        if (insurers.failing(INSURER)) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(Map.of("error", "rating engine down"));
        }
        if (request.externalRef() == null || request.plan() == null || request.startDate() == null || request.endDate() == null
                || request.endDate().isBefore(request.startDate())) {
            return ResponseEntity.badRequest().body(Map.of("error", "externalRef, plan, startDate and endDate (not before startDate) are required"));
        }
        Map<String, Object> quote = view(insurers.quote(INSURER, request.externalRef(), request.plan(),
                request.startDate(), request.endDate()));
        String answer = insurers.answer(INSURER);
        if (!"normal".equals(answer)) {
            String text;
            try {
                text = json.writeValueAsString(quote);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            String later = "\"endDate\":\"" + request.endDate().plusYears(10) + "\"";
            text = "duplicate-key".equals(answer) ? text.substring(0, text.length() - 1) + "," + later + "}"
                    : text + "{" + later + "}";
            return ResponseEntity.status(HttpStatus.CREATED).contentType(MediaType.APPLICATION_JSON).body(text);
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(quote);
    }

    @PostMapping("/sandbox/insurers/sunkar-insurance/api/policies")
    public ResponseEntity<Object> policy(@RequestBody PolicyRequest request, @RequestHeader HttpHeaders headers) {
        return once("policies", headers, () -> policy(request));
    }

    private ResponseEntity<Object> policy(PolicyRequest request) {
        if (insurers.failing(INSURER)) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(Map.of("error", "policy system down"));
        }
        return insurers.issue(INSURER, request.quoteRef())
                .<ResponseEntity<Object>>map(q -> ResponseEntity.status(HttpStatus.CREATED).body(view(q)))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "no such quote")));
    }

    @PutMapping("/sandbox/insurers/{insurer}/behaviour")
    public ResponseEntity<Object> behave(@PathVariable String insurer, @RequestBody Map<String, Object> wanted) {
        if (!InsurerTwins.INSURERS.contains(insurer)) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "no such insurer; one of " + InsurerTwins.INSURERS));
        }
        if (wanted.containsKey("failing")) {
            insurers.setFailing(insurer, Boolean.TRUE.equals(wanted.get("failing")));
        }
        if (wanted.containsKey("answer")) {
            String answer = String.valueOf(wanted.get("answer"));
            if (!java.util.Set.of("normal", "duplicate-key", "trailing-text").contains(answer)) {
                return ResponseEntity.badRequest().body(Map.of("error", "answer is one of normal, duplicate-key, trailing-text"));
            }
            insurers.setAnswer(insurer, answer);
        }
        return ResponseEntity.ok(Map.of("insurer", insurer, "failing", insurers.failing(insurer), "answer", insurers.answer(insurer)));
    }

    @GetMapping("/sandbox/insurers/{insurer}/received")
    public List<InsurerTwins.Received> received(@PathVariable String insurer) {
        return insurers.received(insurer);
    }

    /** Records the request, and answers a key it has answered before as it did then. */
    private ResponseEntity<Object> once(String operation, HttpHeaders headers, Supplier<ResponseEntity<Object>> work) {
        String key = headers.getFirst("Idempotency-Key");
        insurers.received(new InsurerTwins.Received(INSURER, operation, key, List.copyOf(headers.keySet())));
        if (key == null) {
            return work.get();
        }
        ResponseEntity<Object> earlier = answered.get(operation + " " + key);
        if (earlier != null) {
            return earlier;
        }
        ResponseEntity<Object> answer = work.get();
        if (!answer.getStatusCode().is5xxServerError()) {
            answered.put(operation + " " + key, answer);
        }
        return answer;
    }

    private static Map<String, Object> view(Quote q) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("quoteRef", q.quoteId());
        view.put("externalRef", q.reference());
        view.put("plan", q.coverage());
        view.put("price", Map.of("amount", q.premium(), "currency", q.currency()));
        view.put("startDate", q.coverFrom().toString());
        view.put("endDate", q.coverUntil().toString());
        if (q.policyNumber() != null) {
            view.put("policyNo", q.policyNumber());
        }
        return view;
    }
}
