package kz.qazeta.hub.imei;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.JsonNode;
import kz.qazeta.hub.HubTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** IMEI verification end to end: the front door, a border-crossing certificate, the IMEI registry twin over REST. */
class ImeiVerificationTest extends HubTestSupport {

    private static final String VERIFY = "/api/v1/imei/verifications";
    private static final String STOLEN = "356938035643809";
    private static final String SOMEONE_ELSES = "352099001761481";

    @AfterEach
    void registryBehavesAgain() {
        put("/sandbox/imei-registry/behaviour", "{\"delayMillis\":0,\"faults\":0}");
    }

    /** A valid IMEI no other test has used: 14 random digits and their Luhn check digit. */
    static String newImei() {
        StringBuilder digits = new StringBuilder("35");
        while (digits.length() < 14) {
            digits.append(ThreadLocalRandom.current().nextInt(10));
        }
        for (int check = 0; check < 10; check++) {
            if (Imei.luhn(digits.toString() + check)) {
                return digits.toString() + check;
            }
        }
        throw new IllegalStateException();
    }

    private static String certificate(String document, String country, String dateOfBirth, String from, String to) {
        var response = post("/api/v1/border-crossings/certificates", """
                {"document":{"type":"PASSPORT","number":"%s","issuingCountry":"%s"},"nationality":"%s",
                 "dateOfBirth":"%s","period":{"from":"%s","to":"%s"}}
                """.formatted(document, country, country, dateOfBirth, from, to), Map.of());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json(response).path("id").asText();
    }

    private static String smith() {
        return certificate("N1234567", "GBR", "1980-04-01", "2025-01-01", "2026-11-01");
    }

    private static String verification(String certificateId, String... imeis) {
        return "{\"certificateId\":\"" + certificateId + "\",\"imeis\":[" + String.join(",",
                java.util.Arrays.stream(imeis).map(i -> "\"" + i + "\"").toList()) + "]}";
    }

    @Test
    void theRegistryAnswersForEachImeiOnTheStrengthOfTheCertificate() {
        String certificate = smith();
        String fresh = newImei();
        String correlationId = "imei-" + UUID.randomUUID();

        var response = post(VERIFY, verification(certificate, fresh, STOLEN, SOMEONE_ELSES),
                Map.of("X-Correlation-Id", correlationId, "Accept-Language", "ru"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode answer = json(response);
        assertThat(answer.path("certificateId").asText()).isEqualTo(certificate);
        assertThat(answer.path("results").findValuesAsText("imei")).containsExactly(fresh, STOLEN, SOMEONE_ELSES);
        assertThat(answer.path("results").findValuesAsText("status"))
                .containsExactly("REGISTERED", "BLOCKED", "REGISTERED_TO_ANOTHER_OWNER");
        assertThat(answer.path("results").get(1).path("message").asText()).contains("украденный");

        // asked again, the phone is already the holder's
        JsonNode again = json(post(VERIFY, verification(certificate, fresh), Map.of()));
        assertThat(again.path("results").findValuesAsText("status")).containsExactly("ALREADY_REGISTERED");

        // the registry's hops are in the message log under its name, the document number masked
        await().atMost(Duration.ofSeconds(10)).until(() -> json(get("/api/v1/admin/exchanges/" + correlationId,
                Map.of("X-Api-Key", OPERATOR_KEY))).path("hops").findValuesAsText("partner").contains("imei-registry"));
        JsonNode hops = json(get("/api/v1/admin/exchanges/" + correlationId, Map.of("X-Api-Key", OPERATOR_KEY))).path("hops");
        assertThat(hops.findValuesAsText("body")).anyMatch(body -> body.contains("\"documentNumber\":\"N*******\""))
                .noneMatch(body -> body.contains("N1234567"));
        hops.forEach(hop -> {
            if (hop.path("partner").asText().equals("imei-registry")) {
                assertThat(hop.path("service").asText()).isEqualTo("imei");
            }
        });
    }

    @Test
    void eachBadImeiIsNamed() {
        String certificate = smith();
        var response = post(VERIFY, verification(certificate, "49015420323751", "49015420323751X", "490154203237519",
                "490154203237518", "490154203237518"), Map.of());

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode errors = json(response).path("errors");
        assertThat(errors.findValuesAsText("field")).containsExactly("imeis[0]", "imeis[1]", "imeis[2]", "imeis[4]");
        assertThat(errors.get(0).path("message").asText()).contains("15 digits");      // too short
        assertThat(errors.get(1).path("message").asText()).contains("15 digits");      // not digits
        assertThat(errors.get(2).path("message").asText()).contains("check digit");    // Luhn
        assertThat(errors.get(3).path("message").asText()).contains("repeats");        // the same IMEI twice
        assertThat(json(response).path("detail").asText()).contains("imeis[0]");

        var tooMany = post(VERIFY, verification(certificate, newImei(), newImei(), newImei(), newImei(), newImei(), newImei()),
                Map.of());
        assertThat(tooMany.statusCode()).isEqualTo(400);
        assertThat(json(tooMany).path("errors").findValuesAsText("field")).containsExactly("imeis");
        var none = post(VERIFY, verification(certificate), Map.of());
        assertThat(json(none).path("errors").findValuesAsText("field")).containsExactly("imeis");
        var kazakh = post(VERIFY, verification(certificate, "490154203237519"), Map.of("Accept-Language", "kk"));
        assertThat(json(kazakh).path("errors").get(0).path("message").asText()).contains("бақылау цифры");
    }

    @Test
    void theCertificateMustExistAndShowAnEntry() {
        // Müller's only trip was in 2019: a certificate for 2025-2026 shows no entry
        String empty = certificate("C0345678", "DEU", "1975-09-30", "2025-01-01", "2026-11-01");
        var withoutEntry = post(VERIFY, verification(empty, newImei()), Map.of());
        assertThat(withoutEntry.statusCode()).isEqualTo(422);
        assertThat(json(withoutEntry).path("type").asText()).endsWith("/imei-certificate-without-entry");

        var unknown = post(VERIFY, verification(UUID.randomUUID().toString(), newImei()), Map.of());
        assertThat(unknown.statusCode()).isEqualTo(422);
        assertThat(json(unknown).path("type").asText()).endsWith("/imei-certificate-not-found");

        // with the 2019 trip in the period, the same person's phone is verified
        String with2019 = certificate("C0345678", "DEU", "1975-09-30", "2019-01-01", "2019-12-31");
        var verified = post(VERIFY, verification(with2019, newImei()), Map.of());
        assertThat(verified.statusCode()).isEqualTo(200);
        assertThat(json(verified).path("results").findValuesAsText("status")).containsExactly("REGISTERED");
    }

    @Test
    void aRegistryThatFailsOrAnswersLateIsA503AfterTheRetries() {
        String certificate = smith();
        // every attempt answered 503 (the HTTP client repeats a 503 once, and the route retries once in the tests)
        put("/sandbox/imei-registry/behaviour", "{\"delayMillis\":0,\"faults\":10}");
        var failing = post(VERIFY, verification(certificate, newImei()), Map.of("Accept-Language", "ru"));
        assertThat(failing.statusCode()).isEqualTo(503);
        assertThat(json(failing).path("type").asText()).endsWith("/service-unavailable");
        // named, and in the caller's language: the partner call gives the caller's headers back, failed or not
        assertThat(json(failing).path("detail").asText()).contains("imei-registry").contains("недоступн");
        assertThat(failing.headers().firstValue("Content-Language")).hasValue("ru");

        // slower than the hub waits
        put("/sandbox/imei-registry/behaviour", "{\"delayMillis\":2500,\"faults\":0}");
        var late = post(VERIFY, verification(certificate, newImei()), Map.of());
        assertThat(late.statusCode()).isEqualTo(503);

        // back to normal, the next verification goes through
        put("/sandbox/imei-registry/behaviour", "{\"delayMillis\":0,\"faults\":0}");
        var recovered = post(VERIFY, verification(certificate, newImei()), Map.of());
        assertThat(recovered.statusCode()).isEqualTo(200);
    }
}
