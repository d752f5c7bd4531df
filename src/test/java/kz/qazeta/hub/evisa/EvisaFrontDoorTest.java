package kz.qazeta.hub.evisa;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import kz.qazeta.hub.HubTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** What the front door gets back for good, bad and refused e-Visa applications, over real HTTP. */
class EvisaFrontDoorTest extends HubTestSupport {

    private static final String SUBMIT = "/api/v1/evisa/applications";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            nationality-not-eligible     | DEU | B12  | INV-X-1 | ALA
            category-unknown             | JAM | B99  | INV-X-2 | ALA
            invitation-required          | JAM | B12  |         | ALA
            entry-point-not-allowed      | JAM | B12  | INV-X-3 | XYZ
            """)
    void refusesWhatTheRulesForbidWith422NamingTheRule(String rule, String nationality, String category,
                                                        String invitation, String airport) {
        var response = post(SUBMIT, application(newPassport(), nationality, category,
                invitation == null ? "" : invitation, airport), Map.of());

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json(response);
        assertThat(problem.path("type").asText()).endsWith("/" + rule);
        assertThat(problem.path("status").asInt()).isEqualTo(422);
        assertThat(problem.path("detail").asText()).isNotBlank();
    }

    @Test
    void refusesCompanionsBecauseAnEvisaIsForItsHolderOnly() {
        String body = application(newPassport(), "JAM", "B12", "INV-X-4", "ALA")
                .replace("\"arrivalAirport\"", "\"companions\":[{\"surname\":\"BROWN\"}],\"arrivalAirport\"");

        var response = post(SUBMIT, body, Map.of());

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(json(response).path("type").asText()).endsWith("/companions-not-allowed");
    }

    @Test
    void refusesAPassportThatExpiresBeforeEntry() {
        String body = application(newPassport(), "JAM", "B12", "INV-X-5", "ALA")
                .replaceAll("\"passportExpiry\":\"[0-9-]+\"", "\"passportExpiry\":\"2026-01-01\"");

        var response = post(SUBMIT, body, Map.of());

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(json(response).path("type").asText()).endsWith("/passport-not-valid-for-entry");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            kk          | kk | азаматтары
            ru-RU,ru;q=0.9 | ru | Граждане
            en          | en | Citizens of
            de-DE       | en | Citizens of
            """)
    void saysRefusalsInTheLanguageAsked(String acceptLanguage, String language, String phrase) {
        var response = post(SUBMIT, application(newPassport(), "DEU", "B12", "INV-X-6", "ALA"),
                Map.of("Accept-Language", acceptLanguage));

        assertThat(response.headers().firstValue("Content-Language")).hasValue(language);
        assertThat(json(response).path("detail").asText()).contains(phrase).contains("DEU");
    }

    @Test
    void namesEveryMalformedFieldWith400() {
        String body = application("n12", "JAM", "B12", "INV-X-7", "ALA")
                .replace("\"sex\":\"M\",", "")
                .replace("\"nationality\":\"JAM\"", "\"nationality\":\"Jamaica\"");

        var response = post(SUBMIT, body, Map.of("Accept-Language", "en"));

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode problem = json(response);
        assertThat(problem.path("type").asText()).endsWith("/invalid-request");
        assertThat(problem.path("errors").findValuesAsText("field"))
                .containsExactlyInAnyOrder("applicant.nationality", "applicant.passportNumber", "applicant.sex");
        assertThat(problem.path("errors").get(0).path("message").asText()).contains("applicant.");
    }

    @Test
    void namesTheFieldOfAValueOfTheWrongType() {
        String body = application(newPassport(), "JAM", "B12", "INV-X-8", "ALA")
                .replaceAll("\"intendedEntryDate\":\"[0-9-]+\"", "\"intendedEntryDate\":\"next tuesday\"");

        var response = post(SUBMIT, body, Map.of());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).path("errors").get(0).path("field").asText()).isEqualTo("intendedEntryDate");
    }

    @Test
    void answersBrokenJsonWith400() {
        var response = post(SUBMIT, "{\"applicant\": ", Map.of());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).path("errors").get(0).path("field").asText()).isEqualTo("body");
    }

    @Test
    void aRepeatedPostWithTheSameIdempotencyKeyReturnsTheSameApplication() {
        String passport = newPassport();
        registerInvitation("INV-IDEM-" + passport, passport, "JAM", "B12");
        String body = application(passport, "JAM", "B12", "INV-IDEM-" + passport, "ALA");
        Map<String, String> key = Map.of("Idempotency-Key", "front-door-" + passport);

        var first = post(SUBMIT, body, key);
        var second = post(SUBMIT, body, key);

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(second.statusCode()).isEqualTo(202);
        String id = json(first).path("id").asText();
        assertThat(json(second).path("id").asText()).isEqualTo(id);
        assertThat(first.headers().firstValue("Location")).hasValue("/api/v1/evisa/applications/" + id);
        // the same key with another application is a conflict, not a second application
        var other = post(SUBMIT, body.replace("\"B12\"", "\"B10\""), key);
        assertThat(other.statusCode()).isEqualTo(409);
    }

    @Test
    void anInvitationBacksOneApplicationOnly() {
        String passport = newPassport();
        registerInvitation("INV-ONCE-" + passport, passport, "JAM", "B12");
        String body = application(passport, "JAM", "B12", "INV-ONCE-" + passport, "ALA");

        assertThat(post(SUBMIT, body, Map.of()).statusCode()).isEqualTo(202);
        var second = post(SUBMIT, body, Map.of());

        assertThat(second.statusCode()).isEqualTo(422);
        assertThat(json(second).path("type").asText()).endsWith("/invitation-in-use");
    }

    @Test
    void anUnknownApplicationIs404AndTheCorrelationIdComesBack() {
        var response = get("/api/v1/evisa/applications/no-such-id", Map.of("X-Correlation-Id", "probe-404"));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("X-Correlation-Id")).hasValue("probe-404");
        assertThat(json(response).path("correlationId").asText()).isEqualTo("probe-404");
    }

    @Test
    void servesItsContract() {
        var response = get("/api/v1/openapi/evisa.yaml", Map.of());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("operationId: submitEvisaApplication");
    }
}
