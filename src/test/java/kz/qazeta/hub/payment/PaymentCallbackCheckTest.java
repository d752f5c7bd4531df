package kz.qazeta.hub.payment;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import kz.qazeta.hub.HubTestSupport;
import kz.qazeta.hub.reliability.ReliabilityLedger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The outside attacker's reproduction: callbacks signed with the gateway's secret (as a leaked secret or a faulty
 * gateway would sign them) that do not match the fee the hub asked for are refused over HTTP with a 422 naming the
 * field, raise the alarm, and move nothing; the right callback still pays and issues, and repeats stay harmless.
 */
@ExtendWith(OutputCaptureExtension.class)
class PaymentCallbackCheckTest extends HubTestSupport {

    private static final Pattern REFUSED = Pattern.compile(
            "(?m)^hub_payment_callbacks_refused_total\\{[^}]*reason=\"([a-z-]+)\"[^}]*} ([0-9.eE+-]+)$");

    @Value("${qazeta.sandbox.payment-gateway.callback-secret}")
    String gatewaySecret;

    @Test
    void callbacksThatDoNotMatchTheFeeAskedForAreRefusedAndTheRightOnePays(CapturedOutput logs) {
        String a = awaitingPayment();
        String b = awaitingPayment();
        String paymentA = view(a).path("payment").path("id").asText();
        String paymentB = view(b).path("payment").path("id").asText();
        Map<String, Double> before = refusedCounts();

        // the attack as reported: 1 USD instead of 15,000 KZT, for A's own order and payment
        var cheap = callback(UUID.randomUUID().toString(), paymentA, a, "1", "USD");
        assertRefused(cheap, "amount.value");
        assertRefused(callback(UUID.randomUUID().toString(), paymentA, a, "15000", "USD"), "amount.currency");
        // B's payment claimed for A's order, A's payment claimed for B's order
        assertRefused(callback(UUID.randomUUID().toString(), paymentB, a, "15000", "KZT"), "orderId");
        assertRefused(callback(UUID.randomUUID().toString(), paymentA, b, "15000.00", "KZT"), "orderId");
        // an order the hub never issued, and a payment the gateway never created for A's order
        assertRefused(callback(UUID.randomUUID().toString(), paymentA, UUID.randomUUID().toString(), "15000", "KZT"), "orderId");
        assertRefused(callback(UUID.randomUUID().toString(), UUID.randomUUID().toString(), a, "15000", "KZT"), "paymentId");
        // a refused callback sent again is refused again (it was not taken as processed)
        assertRefused(cheap, "amount.value");

        // the refusal reads in the caller's language
        var inRussian = post("/api/v1/payments/callback", cheap.body(), cheap.headers("ru"));
        assertThat(json(inRussian).path("title").asText()).isEqualTo("Платёж не совпадает с запрошенным");
        assertThat(json(inRussian).path("detail").asText()).contains("amount.value");

        // nothing moved: both still await payment, nothing was paid or sent to issuance
        for (String id : new String[] {a, b}) {
            JsonNode view = view(id);
            assertThat(view.path("status").asText()).isEqualTo("AWAITING_PAYMENT");
            assertThat(view.path("history").findValuesAsText("status")).doesNotContain("PAID", "ISSUANCE_REQUESTED");
            assertThat(view.path("visa").isMissingNode() || view.path("visa").isNull()).isTrue();
        }

        // every refusal was an alarm: an ERROR line with the marker, and the counter per reason
        Map<String, Double> after = refusedCounts();
        assertThat(grew(before, after, "amount")).isEqualTo(3);
        assertThat(grew(before, after, "currency")).isEqualTo(1);
        assertThat(grew(before, after, "order-of-another-application")).isEqualTo(2);
        assertThat(grew(before, after, "order-unknown")).isEqualTo(1);
        assertThat(grew(before, after, "payment-id")).isEqualTo(1);
        assertThat(logs.getAll()).containsPattern("ERROR.*ALARM payment-mismatch|ALARM payment-mismatch.*ERROR");

        // the payer pays at the gateway: its callback pays A and the visa is issued, once however often it comes
        var paid = post("/sandbox/payments/" + paymentA + "/complete", "", Map.of());
        assertThat(json(paid).path("callbackStatus").asInt()).isEqualTo(200);
        assertThat(awaitStatus(a, "ISSUED").path("history").findValuesAsText("status"))
                .containsOnlyOnce("PAID", "ISSUANCE_REQUESTED", "ISSUED");
        assertThat(json(post("/sandbox/payments/" + paymentA + "/resend-callback", "", Map.of()))
                .path("callbackStatus").asInt()).isEqualTo(200);

        // a matching callback for B pays B; its event replayed with another amount is refused, not skipped as a
        // repeat; replayed as it was, it is acknowledged and changes nothing
        String eventB = UUID.randomUUID().toString();
        assertThat(callback(eventB, paymentB, b, "15000", "KZT").send().statusCode()).isEqualTo(200);
        awaitStatus(b, "ISSUED");
        assertRefused(callback(eventB, paymentB, b, "1", "KZT"), "amount.value");
        assertThat(callback(eventB, paymentB, b, "15000", "KZT").send().statusCode()).isEqualTo(200);
        assertThat(view(b).path("history").findValuesAsText("status")).containsOnlyOnce("PAID", "ISSUANCE_REQUESTED", "ISSUED");
        assertThat(view(a).path("history").findValuesAsText("status")).containsOnlyOnce("PAID", "ISSUANCE_REQUESTED", "ISSUED");
    }

    // --- helpers ---

    /** A signed callback in the gateway's shape, as the gateway's twin writes it. */
    private record Callback(String body, String signature) {

        Map<String, String> headers(String language) {
            return Map.of("X-Api-Key", GATEWAY_KEY, "X-Payment-Signature", signature, "Accept-Language", language);
        }

        HttpResponse<String> send() {
            return post("/api/v1/payments/callback", body, headers("en"));
        }
    }

    private Callback callback(String eventId, String paymentId, String orderId, String amount, String currency) {
        String body = """
                {"eventId":"%s","paymentId":"%s","orderId":"%s","state":"PAID","amount":{"value":%s,"currency":"%s"},\
                "paidAt":"2026-12-05T08:30:00Z"}""".formatted(eventId, paymentId, orderId, amount, currency);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(gatewaySecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return new Callback(body, HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8))));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertRefused(Callback callback, String field) {
        var answer = callback.send();
        ReliabilityLedger.attack("attack: payment", "a signed callback not matching the fee asked for (" + field + ")", 1,
                answer.statusCode() / 100 == 2 ? 1 : 0, "422 payment-mismatch naming the field, an alarm; the application does not move");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(422);
        assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode problem = json(answer);
        assertThat(problem.path("type").asText()).endsWith("/payment-mismatch");
        assertThat(problem.path("errors").findValuesAsText("field")).containsExactly(field);
        assertThat(problem.path("detail").asText()).contains(field);
    }

    private static String awaitingPayment() {
        String passport = newPassport();
        String invitation = "INV-PAYCHECK-" + passport;
        registerInvitation(invitation, passport, "JAM", "B12");
        var submitted = post("/api/v1/evisa/applications", application(passport, "JAM", "B12", invitation, "ALA"), Map.of());
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        String id = json(submitted).path("id").asText();
        awaitStatus(id, "AWAITING_PAYMENT");
        return id;
    }

    private static JsonNode view(String id) {
        return json(get("/api/v1/evisa/applications/" + id, Map.of()));
    }

    /** The alarm counter per reason, as an operator's monitoring scrapes it. */
    private static Map<String, Double> refusedCounts() {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url("/actuator/prometheus"))).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString("metrics:sandbox-metrics-password".getBytes(StandardCharsets.UTF_8)))
                .GET().build();
        try {
            var scraped = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(scraped.statusCode()).isEqualTo(200);
            Map<String, Double> counts = new java.util.HashMap<>();
            Matcher line = REFUSED.matcher(scraped.body());
            while (line.find()) {
                counts.merge(line.group(1), Double.parseDouble(line.group(2)), Double::sum);
            }
            return counts;
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static long grew(Map<String, Double> before, Map<String, Double> after, String reason) {
        return Math.round(after.getOrDefault(reason, 0.0) - before.getOrDefault(reason, 0.0));
    }
}
