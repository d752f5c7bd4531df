package kz.qazeta.hub.reliability;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import kz.qazeta.hub.HubTestSupport;
import kz.qazeta.hub.reliability.FrontDoorRequests.Baseline;
import kz.qazeta.hub.reliability.FrontDoorRequests.Endpoint;
import kz.qazeta.hub.sandbox.SandboxDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A body is one JSON value with no key twice (the Trust issue, item 5). An outside attacker appended
 * {@code ,"application":{...}}} to a valid insurance request: the schema check read the first object only, the route
 * pasted the raw body into the insurer's quote input, and the insurer quoted another person, covered to 2036. Here:
 * that attack and its variants are a 400 and nothing reaches the insurer; every JSON endpoint of the front door
 * refuses a repeated key (naming it) and content after the value (naming that), in Kazakh, Russian and English; an
 * insurer whose answer repeats a key or carries a second value is not believed; and the message log keeps the body
 * as it came, masked.
 */
class JsonBodyAttackTest extends HubTestSupport {

    private static final String AREA = "attack: bodies";

    @LocalServerPort
    int port;

    /** The insurer twins' own records: what reached them. */
    @Autowired
    SandboxDatabase sandbox;

    private static Baseline baseline;
    private static int baselinePort;

    @BeforeEach
    void recordsToRefer() {
        if (baseline != null && baselinePort == port) {
            return;
        }
        String eta = issuedEta();
        var certificate = FrontDoorRequests.waitingOutRateLimit(() -> post("/api/v1/border-crossings/certificates",
                FrontDoorRequests.certificate(), Map.of()));
        assertThat(certificate.statusCode()).as(certificate.body()).isEqualTo(201);
        baseline = new Baseline(null, eta, json(certificate).path("id").asText());
        baselinePort = port;
    }

    @AfterEach
    void insurerBackToNormal() {
        put("/sandbox/insurers/sunkar-insurance/behaviour", "{\"answer\":\"normal\"}");
    }

    /** An ETA the sandbox issued (screened by the Border Service twin): something to insure. */
    private static String issuedEta() {
        String body = FrontDoorRequests.eta(newPassport());
        String eta = json(send(() -> post("/api/v1/eta/applications", body, Map.of()))).path("id").asText();
        await().atMost(Duration.ofSeconds(60)).until(
                () -> json(get("/api/v1/eta/applications/" + eta, Map.of())).path("status").asText(), "ISSUED"::equals);
        return eta;
    }

    /** A front-door call, sent again while the front door's rate limit answers 429. */
    private static java.net.http.HttpResponse<String> send(java.util.function.Supplier<java.net.http.HttpResponse<String>> call) {
        return FrontDoorRequests.waitingOutRateLimit(call);
    }

    static Stream<Named<Endpoint>> jsonEndpoints() {
        return FrontDoorRequests.endpoints().stream().filter(e -> !e.path().contains("visa-exempt"))
                .map(e -> Named.of(e.name(), e));
    }

    private static String insuranceRequest() {
        return insuranceRequest(baseline.etaId());
    }

    private static String insuranceRequest(String etaId) {
        return "{\"application\":{\"service\":\"eta\",\"id\":\"" + etaId + "\"},\"coverage\":\"STANDARD\"}";
    }

    @Test
    void theInsuranceAttackIsRefusedAndNothingReachesTheInsurer() {
        String someoneElse = "ATTACK-" + UUID.randomUUID();
        String forged = """
                "application":{"applicationId":"%s","documentNumber":"X7654321","nationality":"GBR","surname":"MALLORY",\
                "givenNames":"EVE","dateOfBirth":"1970-01-01","coverFrom":"2026-12-10","coverUntil":"2036-12-31"}"""
                .formatted(someoneElse);
        int quotesBefore = quotes();
        Map<String, String> attacks = new java.util.LinkedHashMap<>();
        // the reported attack: the caller closes the insurer's document itself, the hub's part falls after it
        attacks.put("appended key", insuranceRequest() + "," + forged + "}");
        attacks.put("a second object", insuranceRequest() + "{" + forged + "}");
        attacks.put("a key twice", insuranceRequest().substring(0, insuranceRequest().length() - 1) + "," + forged + "}");
        attacks.forEach((name, body) -> {
            String correlationId = "json-attack-" + UUID.randomUUID();
            var refused = send(() -> post("/api/v1/insurance/policies", body, Map.of("X-Correlation-Id", correlationId)));
            ReliabilityLedger.attack(AREA, "the insurance request rewritten: " + name, 1, refused.statusCode() == 400 ? 0 : 1,
                    "400 naming the field; nothing reaches the insurer; the log keeps what came, masked");
            assertThat(refused.statusCode()).as(name + ": " + refused.body()).isEqualTo(400);
            assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
            JsonNode error = json(refused).path("errors").path(0);
            if (name.equals("a key twice")) {
                assertThat(error.path("field").asText()).as(name).isEqualTo("application");
                assertThat(error.path("message").asText()).as(name).isEqualTo(
                        "The key application appears more than once in the same object: a key may appear only once.");
            } else {
                assertThat(error.path("field").asText()).as(name).isEqualTo("body");
                assertThat(error.path("message").asText()).as(name).isEqualTo(
                        "The body holds more than one JSON value: nothing may follow the first one.");
            }

            // the message log keeps the body as it came, the forged part with it, personal data masked; no insurer hop
            JsonNode hops = await().atMost(Duration.ofSeconds(10)).until(() -> json(get("/api/v1/admin/exchanges/" + correlationId,
                    Map.of("X-Api-Key", OPERATOR_KEY))).path("hops"), h -> h.findValuesAsText("partner").contains("qazeta-front-door"));
            assertThat(hops.findValuesAsText("partner")).as(name).containsOnly("qazeta-front-door");
            assertThat(hops.toString()).as(name).contains("2036-12-31").contains(someoneElse).contains("M*****")
                    .doesNotContain("MALLORY").doesNotContain("X7654321");
        });

        // nothing reached the insurer: no quote for anyone, none to 2036, no policy on the ETA
        assertThat(quotes()).isEqualTo(quotesBefore);
        assertThat(sandbox.jdbc().queryForObject("select count(*) from insurer_quote where reference = :r or cover_until >= date '2036-01-01'",
                Map.of("r", someoneElse), Integer.class)).isZero();
        assertThat(json(get("/api/v1/insurance/policies?applicationId=" + baseline.etaId(), Map.of()))).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("jsonEndpoints")
    void aKeyTwiceIsRefusedNamingTheKey(Endpoint endpoint) {
        String valid = endpoint.validBody().apply(baseline).strip();
        JsonNode parsed = parse(valid);
        String key = parsed.fieldNames().next();
        // the same key again, with the very same value: even a harmless repeat is refused
        String body = valid.substring(0, valid.length() - 1) + ",\"" + key + "\":" + parsed.get(key) + "}";
        var answer = FrontDoorRequests.send(port, endpoint, body.getBytes(StandardCharsets.UTF_8), "application/json", Map.of());
        ReliabilityLedger.attack(AREA, "a key twice in a front-door body", 1, answer.statusCode() == 400 ? 0 : 1,
                "400 naming the key, at every JSON endpoint");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        assertThat(json(answer).path("errors").findValuesAsText("field")).containsExactly(key);
        assertThat(json(answer).path("errors").path(0).path("message").asText()).contains(key).contains("more than once");
    }

    @ParameterizedTest
    @MethodSource("jsonEndpoints")
    void contentAfterTheValueIsRefused(Endpoint endpoint) {
        String valid = endpoint.validBody().apply(baseline).strip();
        for (String after : List.of("{\"id\":\"" + UUID.randomUUID() + "\"}", ",\"status\":\"ISSUED\"}", " true", "]")) {
            byte[] body = (valid + after).getBytes(StandardCharsets.UTF_8);
            var answer = FrontDoorRequests.send(port, endpoint, body, "application/json", Map.of());
            ReliabilityLedger.attack(AREA, "content after a front-door body's JSON value", 1, answer.statusCode() == 400 ? 0 : 1,
                    "400 naming the body, at every JSON endpoint");
            assertThat(answer.statusCode()).as(after + ": " + answer.body()).isEqualTo(400);
            assertThat(json(answer).path("errors").findValuesAsText("field")).as(after).containsExactly("body");
            assertThat(json(answer).path("errors").path(0).path("message").asText()).as(after).contains("more than one JSON value");
        }
    }

    @Test
    void theRefusalNamesTheFieldInKazakhRussianAndEnglish() {
        String evisa = FrontDoorRequests.evisa(newPassport(), "INV-NONE-" + UUID.randomUUID()).strip();
        String twice = evisa.replace("\"surname\":\"BROWN\",", "\"surname\":\"BROWN\",\"surname\":\"GREEN\",");
        Map<String, String> duplicate = Map.of(
                "kk", "applicant.surname кілті бір объектіде бірнеше рет кездеседі: кілт тек бір рет болуы керек.",
                "ru", "Ключ applicant.surname встречается в одном объекте больше одного раза: ключ допускается только один раз.",
                "en", "The key applicant.surname appears more than once in the same object: a key may appear only once.");
        Map<String, String> trailing = Map.of(
                "kk", "Сұрау денесінде бірнеше JSON мәні бар: біріншісінен кейін ештеңе болмауы керек.",
                "ru", "Тело запроса содержит больше одного значения JSON: после первого ничего не допускается.",
                "en", "The body holds more than one JSON value: nothing may follow the first one.");
        for (String language : List.of("kk", "ru", "en")) {
            var refused = send(() -> post("/api/v1/evisa/applications", twice, Map.of("Accept-Language", language)));
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
            assertThat(refused.headers().firstValue("Content-Language")).hasValue(language);
            assertThat(json(refused).path("errors").path(0).path("field").asText()).isEqualTo("applicant.surname");
            assertThat(json(refused).path("errors").path(0).path("message").asText()).isEqualTo(duplicate.get(language));

            var appended = send(() -> post("/api/v1/insurance/policies", insuranceRequest() + "{}", Map.of("Accept-Language", language)));
            assertThat(appended.statusCode()).as(appended.body()).isEqualTo(400);
            assertThat(json(appended).path("errors").path(0).path("field").asText()).isEqualTo("body");
            assertThat(json(appended).path("errors").path(0).path("message").asText()).isEqualTo(trailing.get(language));
        }
    }

    @Test
    void anInsurerAnswerWithAKeyTwiceOrASecondValueIsNotBelieved() {
        String eta = issuedEta();
        for (String answer : List.of("duplicate-key", "trailing-text")) {
            put("/sandbox/insurers/sunkar-insurance/behaviour", "{\"answer\":\"" + answer + "\"}");
            var bought = send(() -> post("/api/v1/insurance/policies", insuranceRequest(eta), Map.of("Accept-Language", "en")));
            assertThat(bought.statusCode()).as(answer + ": " + bought.body()).isEqualTo(502);
            assertThat(json(bought).path("type").asText()).endsWith("/partner-invalid-answer");
            assertThat(json(bought).path("detail").asText()).contains("sunkar-insurance");
        }
        // quoted (the insurer did answer), but no policy asked for and none stored
        assertThat(sandbox.jdbc().queryForObject("select count(*) from insurer_quote where reference = :r and policy_number is not null",
                Map.of("r", eta), Integer.class)).isZero();
        assertThat(json(get("/api/v1/insurance/policies?applicationId=" + eta, Map.of()))).isEmpty();

        put("/sandbox/insurers/sunkar-insurance/behaviour", "{\"answer\":\"normal\"}");
        var bought = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500))
                .until(() -> post("/api/v1/insurance/policies", insuranceRequest(eta), Map.of()), r -> r.statusCode() == 201);
        assertThat(json(bought).path("cover").path("until").asText())
                .isEqualTo(json(get("/api/v1/eta/applications/" + eta, Map.of())).path("eta").path("validUntil").asText());
    }

    private int quotes() {
        return sandbox.jdbc().queryForObject("select count(*) from insurer_quote", Map.of(), Integer.class);
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError(text, e);
        }
    }
}
