package kz.qazeta.hub.exchange;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import kz.qazeta.hub.HubTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Who may call the hub, for what, how often and how much: identities, grants, limits, discovery. */
class PartnerExchangeTest extends HubTestSupport {

    @Test
    void noKeyOrAWrongKeyIs401AndSaysNothingOfTheService() {
        var noKey = get("/api/v1/evisa/applications/x", Map.of("X-Api-Key", ""));
        var wrongKey = get("/api/v1/evisa/applications/x", Map.of("X-Api-Key", "guess"));
        var wrongKeyNoSuchService = get("/api/v1/no-such-service/x", Map.of("X-Api-Key", "guess"));

        assertThat(List.of(noKey.statusCode(), wrongKey.statusCode(), wrongKeyNoSuchService.statusCode()))
                .containsOnly(401);
        assertThat(json(wrongKey).path("type").asText()).endsWith("/unauthenticated");
        assertThat(json(wrongKey).path("detail")).isEqualTo(json(wrongKeyNoSuchService).path("detail"));
    }

    @Test
    void aServiceNotGrantedIs403AndLooksLikeOneThatDoesNotExist() {
        var notGranted = get("/api/v1/admin/message-log/verify", Map.of());
        var noSuchService = get("/api/v1/no-such-service/x", Map.of());
        var callbacksAsFrontDoor = post("/api/v1/payments/callback", "{}", Map.of());

        assertThat(List.of(notGranted.statusCode(), noSuchService.statusCode(), callbacksAsFrontDoor.statusCode()))
                .containsOnly(403);
        assertThat(json(notGranted).path("type").asText()).endsWith("/forbidden");
        assertThat(json(notGranted).path("detail")).isEqualTo(json(noSuchService).path("detail"));
    }

    @Test
    void aForgedPartnerHeaderIsIgnored() {
        var response = get("/api/v1/admin/message-log/verify", Map.of("X-Hub-Partner", "platform-operator"));
        var ownAsAnother = json(get("/api/v1/partners/me/exchanges", Map.of("X-Hub-Partner", "payment-gateway")));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(ownAsAnother.path("partner").asText()).isEqualTo("qazeta-front-door");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/api/v1;x/admin/message-log/verify", "/api/%761/admin/message-log/verify",
            "/api/v1/;/admin/message-log/verify", "/api/v1;/partners/me/exchanges"})
    void aPathDressedUpDoesNotSlipPastTheGate(String path) {
        var response = get(path, Map.of("X-Api-Key", "", "X-Hub-Partner", "platform-operator"));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(json(response).path("type").asText()).endsWith("/unauthenticated");
    }

    @Test
    void eachPartnerDiscoversOnlyItsOwnServicesWithTheirContracts() {
        JsonNode frontDoor = json(get("/api/v1/services", Map.of()));
        JsonNode gateway = json(get("/api/v1/services", Map.of("X-Api-Key", GATEWAY_KEY)));

        assertThat(frontDoor.path("partner").asText()).isEqualTo("qazeta-front-door");
        assertThat(frontDoor.path("services").findValuesAsText("id")).containsExactly("border-certificate",
                "border-certificate-verification", "discovery", "eresidency", "eta", "evisa", "imei", "insurance", "own-exchanges");
        assertThat(gateway.path("services").findValuesAsText("id")).containsExactly("discovery", "own-exchanges", "payment-callbacks");
        String contract = java.util.stream.StreamSupport.stream(frontDoor.path("services").spliterator(), false)
                .filter(service -> service.path("id").asText().equals("evisa")).findFirst().orElseThrow()
                .path("contract").asText();
        assertThat(get(contract, Map.of()).body()).contains("operationId: submitEvisaApplication");
    }

    @Test
    void aPartnerOverItsRateGets429WithRetryAfter() {
        Map<String, String> probe = Map.of("X-Api-Key", "test-rate-probe-key");
        List<Integer> statuses = new java.util.ArrayList<>();
        java.net.http.HttpResponse<String> limited = null;
        for (int i = 0; i < 6; i++) {
            var response = get("/api/v1/services", probe);
            statuses.add(response.statusCode());
            if (response.statusCode() == 429) {
                limited = response;
            }
        }

        assertThat(statuses).contains(200).contains(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(json(limited).path("type").asText()).endsWith("/rate-limited");
    }

    @Test
    void aBodyOverTheLimitGets413() {
        String huge = "{\"padding\":\"" + "x".repeat(300 * 1024) + "\"}";

        var response = post("/api/v1/evisa/applications", huge, Map.of());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(json(response).path("type").asText()).endsWith("/body-too-large");
    }

    @Test
    void theCorrelationIdIsMintedAtTheEdgeWhenTheCallerSendsNone() {
        var response = get("/api/v1/evisa/applications/" + UUID.randomUUID(), Map.of());

        String minted = response.headers().firstValue("X-Correlation-Id").orElseThrow();
        assertThat(json(response).path("correlationId").asText()).isEqualTo(minted);
    }
}
