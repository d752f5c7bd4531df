package kz.qazeta.hub.insurance;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import kz.qazeta.hub.HubTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Medical insurance, the service built from configuration alone, end to end against both insurer twins: Sunkar
 * Insurance over REST and Steppe Assurance over SOAP. The hub runs on a copy of its files, the mappings read on every
 * use (as in the dev profile), so a test can edit a mapping in the service's folder and see the running hub take it up.
 */
class InsuranceFlowTest extends HubTestSupport {

    private static final Path HOME = copyOfHubFiles();
    private static final Path MAPPINGS = HOME.resolve("routes/insurance/mappings");

    @DynamicPropertySource
    static void editableMappings(DynamicPropertyRegistry registry) {
        registry.add("qazeta.home", HOME::toString);
        registry.add("qazeta.mappings-content-cache", () -> "false");
    }

    @AfterEach
    void insurersBackToNormal() {
        for (String insurer : new String[] {"sunkar-insurance", "steppe-assurance"}) {
            put("/sandbox/insurers/" + insurer + "/behaviour", "{\"failing\":false}");
        }
    }

    @Test
    void aPolicyFromTheRestInsurerCoversTheStayOfAnIssuedEta() {
        JsonNode eta = anIssuedEta();
        String correlationId = "ins-rest-" + System.nanoTime();
        var bought = post("/api/v1/insurance/policies",
                "{\"application\":{\"service\":\"eta\",\"id\":\"%s\"},\"coverage\":\"STANDARD\"}".formatted(eta.path("id").asText()),
                Map.of("X-Correlation-Id", correlationId));
        assertThat(bought.statusCode()).as(bought.body()).isEqualTo(201);
        JsonNode policy = json(bought);
        assertThat(policy.path("insurer").asText()).isEqualTo("sunkar-insurance");
        assertThat(policy.path("policyNumber").asText()).startsWith("MED-SUN-");
        assertThat(policy.path("application").path("id").asText()).isEqualTo(eta.path("id").asText());
        LocalDate from = LocalDate.parse(eta.path("eta").path("validFrom").asText());
        LocalDate until = LocalDate.parse(eta.path("eta").path("validUntil").asText());
        assertThat(policy.path("cover").path("from").asText()).isEqualTo(from.toString());
        assertThat(policy.path("cover").path("until").asText()).isEqualTo(until.toString());
        // 450 KZT a day for the standard cover, every day of the ETA's validity
        assertThat(policy.path("premium").path("amount").decimalValue())
                .isEqualByComparingTo(String.valueOf(450 * (ChronoUnit.DAYS.between(from, until) + 1)));
        assertThat(bought.headers().firstValue("Location")).hasValue("/api/v1/insurance/policies/" + policy.path("id").asText());

        // attached to the application: read back alone, and among the application's policies
        assertThat(json(get("/api/v1/insurance/policies/" + policy.path("id").asText(), Map.of()))).isEqualTo(policy);
        JsonNode attached = json(get("/api/v1/insurance/policies?applicationId=" + eta.path("id").asText(), Map.of()));
        assertThat(attached.findValuesAsText("policyNumber")).containsExactly(policy.path("policyNumber").asText());

        // the insurer's hops are in the message log under the caller's correlation id, personal data masked
        JsonNode hops = await().atMost(Duration.ofSeconds(10)).until(() -> json(get("/api/v1/admin/exchanges/" + correlationId,
                Map.of("X-Api-Key", OPERATOR_KEY))).path("hops"), h -> h.findValuesAsText("partner").contains("sunkar-insurance"));
        assertThat(hops.findValuesAsText("service")).contains("insurance");
        assertThat(hops.toString()).doesNotContain(eta.path("passport").asText());
    }

    @Test
    void aPolicyFromTheSoapInsurerCoversTheStayOfAnIssuedEvisa() {
        String passport = newPassport();
        String invitation = "INV-INS-" + System.nanoTime();
        registerInvitation(invitation, passport, "JAM", "B12");
        String id = json(post("/api/v1/evisa/applications", application(passport, "JAM", "B12", invitation, "ALA"), Map.of()))
                .path("id").asText();
        String paymentId = awaitStatus(id, "AWAITING_PAYMENT").path("payment").path("id").asText();
        post("/sandbox/payments/" + paymentId + "/complete", "", Map.of());
        JsonNode visa = awaitStatus(id, "ISSUED").path("visa");

        String correlationId = "ins-soap-" + System.nanoTime();
        var bought = post("/api/v1/insurance/policies",
                "{\"application\":{\"service\":\"evisa\",\"id\":\"%s\"},\"insurer\":\"steppe-assurance\",\"coverage\":\"EXTENDED\"}".formatted(id),
                Map.of("X-Correlation-Id", correlationId));
        assertThat(bought.statusCode()).as(bought.body()).isEqualTo(201);
        JsonNode policy = json(bought);
        assertThat(policy.path("insurer").asText()).isEqualTo("steppe-assurance");
        assertThat(policy.path("policyNumber").asText()).startsWith("MED-STE-");
        assertThat(policy.path("coverage").asText()).isEqualTo("EXTENDED");
        assertThat(policy.path("cover").path("from").asText()).isEqualTo(visa.path("validFrom").asText());
        assertThat(policy.path("cover").path("until").asText()).isEqualTo(visa.path("validUntil").asText());
        assertThat(policy.path("premium").path("currency").asText()).isEqualTo("KZT");

        JsonNode hops = await().atMost(Duration.ofSeconds(10)).until(() -> json(get("/api/v1/admin/exchanges/" + correlationId,
                Map.of("X-Api-Key", OPERATOR_KEY))).path("hops"), h -> h.findValuesAsText("partner").contains("steppe-assurance"));
        assertThat(hops.findValuesAsText("channel")).contains("SOAP");
        assertThat(hops.toString()).contains("GetQuoteRequest").contains("IssuePolicyRequest").doesNotContain(passport);
    }

    @Test
    void theServiceIsItsFolderListedWithItsContractAndItsInsurersProbed() throws Exception {
        JsonNode listed = Stream.of(JSON.treeToValue(json(get("/api/v1/services", Map.of())).path("services"), JsonNode[].class))
                .filter(service -> "insurance".equals(service.path("id").asText())).findFirst().orElseThrow();
        assertThat(listed.path("title").asText()).isEqualTo("Medical insurance for the stay of an issued e-Visa or ETA");
        assertThat(listed.path("contract").asText()).isEqualTo("/api/v1/openapi/insurance.yaml");
        assertThat(get("/api/v1/openapi/insurance.yaml", Map.of()).body())
                .isEqualTo(Files.readString(HOME.resolve("routes/insurance/contract/insurance.yaml")));
        // the SOAP insurer's WSDL beside it is the folder's, not a contract the hub publishes
        assertThat(get("/api/v1/openapi/medical-insurer.wsdl", Map.of()).statusCode()).isEqualTo(404);

        // each insurer of the card is a component of the hub's health: reached at its twin (no URL given), probed there
        var health = HTTP.send(HttpRequest.newBuilder(URI.create(url("/actuator/health/partners")))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("viewer:sandbox-viewer-password".getBytes()))
                .build(), HttpResponse.BodyHandlers.ofString());
        JsonNode insurers = json(health).path("components");
        assertThat(insurers.path("sunkar-insurance").path("details").path("probe").asText())
                .isEqualTo(url("/sandbox/insurers/sunkar-insurance/api"));
        assertThat(insurers.path("steppe-assurance").path("details").path("probe").asText())
                .isEqualTo(url("/services/sandbox/insurers/steppe-assurance?wsdl"));
        assertThat(insurers.path("steppe-assurance").path("status").asText()).as(health.body()).isEqualTo("UP");
    }

    @Test
    void anApplicationNotIssuedHasNothingToInsure() {
        var refused = post("/api/v1/insurance/policies",
                "{\"application\":{\"service\":\"eta\",\"id\":\"%s\"},\"coverage\":\"STANDARD\"}".formatted(UUID.randomUUID()),
                Map.of("Accept-Language", "ru"));
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(json(refused).path("type").asText()).endsWith("/insurance-application-not-issued");
        assertThat(json(refused).path("title").asText()).isEqualTo("Нет выданной визы или ETA для страхования");
        assertThat(get("/api/v1/insurance/policies/" + UUID.randomUUID(), Map.of()).statusCode()).isEqualTo(404);
    }

    @Test
    void aMalformedRequestIsRefusedNamingEveryBadField() {
        var bad = post("/api/v1/insurance/policies",
                "{\"application\":{\"service\":\"visa\",\"id\":\"x\"},\"coverage\":\"GOLD\",\"discount\":50}", Map.of());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).path("errors").findValuesAsText("field"))
                .containsExactly("application.id", "application.service", "coverage", "discount");
        var missing = post("/api/v1/insurance/policies", "{\"application\":{\"service\":\"eta\"}}", Map.of("Accept-Language", "kk"));
        assertThat(json(missing).path("errors").findValuesAsText("field")).containsExactly("application.id", "coverage");
        assertThat(post("/api/v1/insurance/policies", "{not json", Map.of()).statusCode()).isEqualTo(400);

        JsonNode eta = anIssuedEta();
        var unknownInsurer = post("/api/v1/insurance/policies",
                "{\"application\":{\"service\":\"eta\",\"id\":\"%s\"},\"insurer\":\"no-such-insurer\",\"coverage\":\"STANDARD\"}"
                        .formatted(eta.path("id").asText()), Map.of());
        assertThat(unknownInsurer.statusCode()).isEqualTo(400);
        assertThat(json(unknownInsurer).path("errors").findValuesAsText("field")).containsExactly("insurer");
    }

    @Test
    void anInsurerThatIsDownIsA503UntilItComesBack() {
        JsonNode eta = anIssuedEta();
        String body = "{\"application\":{\"service\":\"eta\",\"id\":\"%s\"},\"insurer\":\"steppe-assurance\",\"coverage\":\"STANDARD\"}"
                .formatted(eta.path("id").asText());
        put("/sandbox/insurers/steppe-assurance/behaviour", "{\"failing\":true}");
        // enough failures to open the insurer's circuit: the later ones are refused without calling it, also as 503
        for (int i = 0; i < 6; i++) {
            var down = post("/api/v1/insurance/policies", body, Map.of());
            assertThat(down.statusCode()).as(down.body()).isEqualTo(503);
            assertThat(json(down).path("detail").asText()).contains("steppe-assurance");
        }
        assertThat(json(get("/api/v1/insurance/policies?applicationId=" + eta.path("id").asText(), Map.of()))).isEmpty();

        put("/sandbox/insurers/steppe-assurance/behaviour", "{\"failing\":false}");
        var back = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500))
                .until(() -> post("/api/v1/insurance/policies", body, Map.of()), r -> r.statusCode() == 201);
        assertThat(json(back).path("insurer").asText()).isEqualTo("steppe-assurance");
    }

    @Test
    void anEditedMappingTakesEffectWithoutARestart() throws IOException {
        JsonNode eta = anIssuedEta();
        String id = json(post("/api/v1/insurance/policies",
                "{\"application\":{\"service\":\"eta\",\"id\":\"%s\"},\"coverage\":\"STANDARD\"}".formatted(eta.path("id").asText()),
                Map.of())).path("id").asText();
        assertThat(json(get("/api/v1/insurance/policies/" + id, Map.of())).has("emergencyPhone")).isFalse();

        Path view = MAPPINGS.resolve("insurance/policy-view.jsonata");
        String original = Files.readString(view);
        try {
            Files.writeString(view, original.replace("\"insurer\": insurer,", "\"insurer\": insurer, \"emergencyPhone\": \"+7 7172 000 000\","));
            assertThat(json(get("/api/v1/insurance/policies/" + id, Map.of())).path("emergencyPhone").asText()).isEqualTo("+7 7172 000 000");
        } finally {
            Files.writeString(view, original);
        }
    }
}
