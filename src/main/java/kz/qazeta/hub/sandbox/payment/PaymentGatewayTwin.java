package kz.qazeta.hub.sandbox.payment;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.ObjectMapper;
import kz.qazeta.hub.sandbox.SandboxDatabase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;

/**
 * The e-government payment gateway's twin. Its API (under {@code /sandbox/payment-gateway/api}) creates
 * payments in the gateway's own shape; {@code POST /sandbox/payments/{id}/complete} plays the payer, after
 * which the gateway calls the merchant's notify URL with a signed callback, as the real one does. For testers,
 * {@code GET /sandbox/payment-gateway/requests/{correlationId}/headers} tells the names of the HTTP headers that
 * came with the payment requests of one correlation id.
 */
@RestController
@ConditionalOnProperty(name = "qazeta.sandbox.enabled", havingValue = "true")
public class PaymentGatewayTwin {

    public record Amount(BigDecimal value, String currency) {
    }

    public record NewPayment(String orderId, Amount amount, String purpose, String notifyUrl) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(PaymentGatewayTwin.class);

    private final SandboxDatabase database;
    private final ObjectMapper json;
    private final RestClient http;
    private final byte[] secret;
    private final String publicUrl;
    private final String apiKey;
    private final boolean payAtOnce;
    private final Map<String, Set<String>> headersByCorrelation = new ConcurrentHashMap<>();
    /** Plays the payer who pays at once, and repeats a callback the merchant did not take yet (404, 5xx). */
    private final ScheduledExecutorService payer = Executors.newScheduledThreadPool(4, r -> {
        Thread thread = new Thread(r, "payment-twin-payer");
        thread.setDaemon(true);
        return thread;
    });

    public PaymentGatewayTwin(SandboxDatabase database, ObjectMapper json,
                              @Value("${qazeta.sandbox.payment-gateway.callback-secret}") String secret,
                              @Value("${qazeta.sandbox.payment-gateway.public-url}") String publicUrl,
                              @Value("${qazeta.sandbox.payment-gateway.api-key}") String apiKey,
                              @Value("${qazeta.sandbox.payment-gateway.pay-at-once:false}") boolean payAtOnce) {
        this.database = database;
        this.json = json;
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.publicUrl = publicUrl;
        this.apiKey = apiKey;
        this.payAtOnce = payAtOnce;
        SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
        requests.setConnectTimeout(2_000);
        requests.setReadTimeout(10_000);
        this.http = RestClient.builder().requestFactory(requests).build();
    }

    @PostMapping(path = "/sandbox/payment-gateway/api/payments", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Map<String, Object>> create(@RequestBody NewPayment request,
                                                      @RequestHeader(value = "X-Correlation-Id", required = false) String correlationId,
                                                      @RequestHeader HttpHeaders headers) {
        if (correlationId != null) {
            headersByCorrelation.computeIfAbsent(correlationId, c -> new CopyOnWriteArraySet<>())
                    .addAll(headers.keySet());
        }
        if (request.orderId() == null || request.amount() == null || request.amount().value() == null
                || request.amount().currency() == null || request.notifyUrl() == null) {
            return ResponseEntity.badRequest().body(Map.of("error", "orderId, amount.value, amount.currency and notifyUrl are required"));
        }
        String id = UUID.randomUUID().toString();
        database.jdbc().update("""
                insert into gateway_payment (id, reference, amount, currency, description, callback_url, status,
                    created_at, correlation_id) values (:id, :ref, :amount, :currency, :purpose, :notify, 'NEW', :now, :corr)
                """, new MapSqlParameterSource().addValue("id", id).addValue("ref", request.orderId())
                .addValue("amount", request.amount().value()).addValue("currency", request.amount().currency())
                .addValue("purpose", request.purpose()).addValue("notify", request.notifyUrl())
                .addValue("now", OffsetDateTime.now(ZoneOffset.UTC)).addValue("corr", correlationId));
        log(correlationId, "Gateway twin: payment {} created for order {}", id, request.orderId());
        if (payAtOnce) {
            payer.execute(() -> payAndNotify(id, 1));
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(view(id));
    }

    @GetMapping("/sandbox/payment-gateway/requests/{correlationId}/headers")
    public Set<String> headersOf(@PathVariable String correlationId) {
        return headersByCorrelation.getOrDefault(correlationId, Set.of());
    }

    @GetMapping("/sandbox/payment-gateway/api/payments/{id}")
    public ResponseEntity<Map<String, Object>> show(@PathVariable String id) {
        return exists(id) ? ResponseEntity.ok(view(id)) : ResponseEntity.notFound().build();
    }

    /** The payer pays: the payment becomes PAID and the gateway notifies the merchant. */
    @PostMapping("/sandbox/payments/{id}/complete")
    public ResponseEntity<Map<String, Object>> complete(@PathVariable String id) {
        if (!exists(id)) {
            return ResponseEntity.notFound().build();
        }
        database.jdbc().update("""
                update gateway_payment set status = 'PAID', paid_at = :now, callback_event_id = :event
                where id = :id and status = 'NEW'
                """, new MapSqlParameterSource().addValue("id", id).addValue("now", OffsetDateTime.now(ZoneOffset.UTC))
                .addValue("event", UUID.randomUUID().toString()));
        return ResponseEntity.ok(notifyMerchant(id));
    }

    /** The payer pays at once; the callback is sent again while the merchant does not know the payment yet. */
    private void payAndNotify(String id, int attempt) {
        try {
            int status = (Integer) complete(id).getBody().get("callbackStatus");
            if ((status == 0 || status == 404 || status >= 500) && attempt < 30) {
                payer.schedule(() -> payAndNotify(id, attempt + 1), Math.min(1000, 10L << Math.min(attempt, 7)),
                        TimeUnit.MILLISECONDS);
            }
        } catch (RuntimeException e) {
            LOG.warn("Gateway twin: paying {} failed: {}", id, e.toString());
        }
    }

    /** Sends the same callback again, as a gateway does when it is not sure the merchant got it. */
    @PostMapping("/sandbox/payments/{id}/resend-callback")
    public ResponseEntity<Map<String, Object>> resend(@PathVariable String id) {
        return exists(id) ? ResponseEntity.ok(notifyMerchant(id)) : ResponseEntity.notFound().build();
    }

    private Map<String, Object> notifyMerchant(String id) {
        Map<String, Object> row = row(id);
        if (!"PAID".equals(row.get("STATUS"))) {
            return Map.of("payment", view(id), "callbackStatus", "not sent: payment not paid");
        }
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("eventId", row.get("CALLBACK_EVENT_ID"));
        event.put("paymentId", id);
        event.put("orderId", row.get("REFERENCE"));
        event.put("state", "PAID");
        event.put("amount", Map.of("value", row.get("AMOUNT"), "currency", row.get("CURRENCY")));
        event.put("paidAt", row.get("PAID_AT").toString());
        int status;
        try {
            String body = json.writeValueAsString(event);
            var request = http.post().uri((String) row.get("CALLBACK_URL"))
                    .contentType(MediaType.APPLICATION_JSON)
                    .header("X-Payment-Signature", sign(body))
                    .header("X-Api-Key", apiKey);
            if (row.get("CORRELATION_ID") != null) {
                request = request.header("X-Correlation-Id", (String) row.get("CORRELATION_ID"));
            }
            status = request.body(body).retrieve().toBodilessEntity().getStatusCode().value();
        } catch (RestClientResponseException refused) {
            status = refused.getStatusCode().value();
        } catch (RestClientException | com.fasterxml.jackson.core.JsonProcessingException unreachable) {
            status = 0;
        }
        database.jdbc().update("update gateway_payment set callback_status = :status where id = :id",
                Map.of("status", status, "id", id));
        log((String) row.get("CORRELATION_ID"), "Gateway twin: callback for payment {} answered {}", id, status);
        return Map.of("payment", view(id), "callbackStatus", status);
    }

    private Map<String, Object> view(String id) {
        Map<String, Object> row = row(id);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("paymentId", id);
        view.put("orderId", row.get("REFERENCE"));
        view.put("state", row.get("STATUS"));
        view.put("amount", Map.of("value", row.get("AMOUNT"), "currency", row.get("CURRENCY")));
        view.put("paymentPageUrl", publicUrl + "/sandbox/payment-gateway/pay/" + id);
        return view;
    }

    private boolean exists(String id) {
        return !database.jdbc().queryForList("select id from gateway_payment where id = :id", Map.of("id", id)).isEmpty();
    }

    private Map<String, Object> row(String id) {
        List<Map<String, Object>> rows = database.jdbc().queryForList("select * from gateway_payment where id = :id", Map.of("id", id));
        return rows.get(0);
    }

    private String sign(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void log(String correlationId, String format, Object... args) {
        MDC.put("correlationId", correlationId == null ? "none" : correlationId);
        try {
            LOG.info(format, args);
        } finally {
            MDC.remove("correlationId");
        }
    }
}
