package kz.qazeta.hub.exchange;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import kz.qazeta.hub.HubTestSupport;
import kz.qazeta.hub.reliability.ReliabilityLedger;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every record belongs to the partner that created it. A second front door, granted the same services as QazETA's
 * (as the README's "adding a partner" allows), reaches none of the front door's records: reading, withdrawing or
 * naming one by its id gets exactly the answer an unknown id gets, and the record stays as it was. An
 * Idempotency-Key is the partner's own. A partner whose entry says {@code reads-records-of: [qazeta-front-door]}
 * reads the front door's records (and changes none); the ETA authority revokes any ETA.
 */
class RecordOwnershipTest extends HubTestSupport {

    /** The keys of application-test.yaml's partners second-front-door and front-door-reader. */
    private static final String SECOND = "test-second-front-door-key";
    private static final String READER = "test-front-door-reader-key";
    private static final String AUTHORITY = "sandbox-migration-authority-key";

    @Test
    void aSecondFrontDoorCannotReadTheFrontDoorsEvisa() {
        String passport = newPassport();
        String invitation = "INV-OWN-" + System.nanoTime();
        registerInvitation(invitation, passport, "JAM", "B12");
        String id = submitted(post("/api/v1/evisa/applications", application(passport, "JAM", "B12", invitation, "ALA"), Map.of()));
        JsonNode resting = awaitStatus(id, "AWAITING_PAYMENT");

        answeredAsUnknown(other -> get("/api/v1/evisa/applications/" + other, key(SECOND)), id);
        // naming the front door as the caller, in a header or a query parameter, changes nothing
        answeredAsUnknown(other -> get("/api/v1/evisa/applications/" + other,
                Map.of("X-Api-Key", SECOND, "X-Hub-Partner", "qazeta-front-door")), id);
        answeredAsUnknown(other -> get("/api/v1/evisa/applications/" + other + "?X-Hub-Partner=qazeta-front-door", key(SECOND)), id);
        assertThat(json(get("/api/v1/evisa/applications/" + id, key(READER)))).isEqualTo(resting);
        assertThat(json(get("/api/v1/evisa/applications/" + id, Map.of()))).isEqualTo(resting);
    }

    @Test
    void anEvisaIdempotencyKeyIsThePartnersOwn() {
        String key = "evisa-" + UUID.randomUUID();
        String passport = newPassport();
        String first = "INV-OWN-" + System.nanoTime();
        String second = first + "-2";
        registerInvitation(first, passport, "JAM", "B12");
        registerInvitation(second, passport, "JAM", "B12");

        var byFrontDoor = post("/api/v1/evisa/applications", application(passport, "JAM", "B12", first, "ALA"), idempotent(null, key));
        var bySecond = post("/api/v1/evisa/applications", application(passport, "JAM", "B12", second, "ALA"), idempotent(SECOND, key));

        keyCollided(bySecond);
        assertThat(bySecond.statusCode()).as(bySecond.body()).isEqualTo(202);
        assertThat(submitted(bySecond)).isNotEqualTo(submitted(byFrontDoor));
        // each partner's repeat still finds its own application
        assertThat(submitted(post("/api/v1/evisa/applications", application(passport, "JAM", "B12", first, "ALA"),
                idempotent(null, key)))).isEqualTo(submitted(byFrontDoor));
        assertThat(submitted(post("/api/v1/evisa/applications", application(passport, "JAM", "B12", second, "ALA"),
                idempotent(SECOND, key)))).isEqualTo(submitted(bySecond));
    }

    @Test
    void aSecondFrontDoorCannotReadTheFrontDoorsEtaAndTheAuthorityStillRevokesIt() {
        String id = issuedEta(Map.of());
        JsonNode issued = json(get("/api/v1/eta/applications/" + id, Map.of()));

        answeredAsUnknown(other -> get("/api/v1/eta/applications/" + other, key(SECOND)), id);
        assertThat(json(get("/api/v1/eta/applications/" + id, Map.of()))).isEqualTo(issued);
        assertThat(json(get("/api/v1/eta/applications/" + id, key(READER)))).isEqualTo(issued);

        var revoked = post("/api/v1/eta-authority/applications/" + id + "/revocation",
                "{\"reason\":\"document reported stolen\"}", key(AUTHORITY));
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
        assertThat(json(get("/api/v1/eta/applications/" + id, Map.of())).path("status").asText()).isEqualTo("REVOKED");
    }

    @Test
    void anEtaIdempotencyKeyIsThePartnersOwn() {
        String key = "eta-" + UUID.randomUUID();
        String body = eta(newPassport());
        var byFrontDoor = post("/api/v1/eta/applications", body, idempotent(null, key));
        // the very same request under the very same key, from another partner
        var bySecond = post("/api/v1/eta/applications", body, idempotent(SECOND, key));
        var differentBySecond = post("/api/v1/eta/applications", eta(newPassport()), idempotent(SECOND, "other-" + key));
        var differentByFrontDoor = post("/api/v1/eta/applications", eta(newPassport()), idempotent(null, "other-" + key));

        keyCollided(bySecond);
        assertThat(bySecond.statusCode()).as(bySecond.body()).isEqualTo(202);
        assertThat(differentByFrontDoor.statusCode()).as(differentByFrontDoor.body()).isEqualTo(202);
        assertThat(submitted(bySecond)).isNotEqualTo(submitted(byFrontDoor));
        assertThat(submitted(differentByFrontDoor)).isNotEqualTo(submitted(differentBySecond));
        assertThat(get("/api/v1/eta/applications/" + submitted(bySecond), key(SECOND)).statusCode()).isEqualTo(200);
        assertThat(submitted(post("/api/v1/eta/applications", body, idempotent(null, key)))).isEqualTo(submitted(byFrontDoor));
    }

    @Test
    void aSecondFrontDoorCannotReadOrWithdrawTheFrontDoorsEresidency() {
        String body = eresidency(newPassport());
        String id = submitted(post("/api/v1/eresidency/applications", body, Map.of()));

        // withdrawn at once, while its steps are under way, it would be WITHDRAWN: neither of them may
        answeredAsUnknown(other -> post("/api/v1/eresidency/applications/" + other + "/withdrawal", "", key(SECOND)), id);
        answeredAsUnknown(other -> post("/api/v1/eresidency/applications/" + other + "/withdrawal", "", key(READER)), id);
        answeredAsUnknown(other -> get("/api/v1/eresidency/applications/" + other, key(SECOND)), id);

        JsonNode done = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> json(get("/api/v1/eresidency/applications/" + id, Map.of())),
                        a -> a.path("status").asText().equals("COMPLETED"));
        assertThat(done.path("history").findValuesAsText("status")).doesNotContain("WITHDRAWN");
        assertThat(json(get("/api/v1/eresidency/applications/" + id, key(READER)))).isEqualTo(done);

        // the same key from both: two applications, no 409
        String key = "er-" + UUID.randomUUID();
        String other = eresidency(newPassport());
        var byFrontDoor = post("/api/v1/eresidency/applications", other, idempotent(null, key));
        var bySecond = post("/api/v1/eresidency/applications", other, idempotent(SECOND, key));
        var differentBySecond = post("/api/v1/eresidency/applications", eresidency(newPassport()), idempotent(SECOND, key));
        keyCollided(bySecond);
        assertThat(bySecond.statusCode()).as(bySecond.body()).isEqualTo(202);
        assertThat(submitted(bySecond)).isNotEqualTo(submitted(byFrontDoor));
        // the second partner's own key, reused for another request, is a conflict with its own application only
        assertThat(differentBySecond.statusCode()).isEqualTo(409);
    }

    @Test
    void aSecondFrontDoorCannotReadTheFrontDoorsCertificateNorVerifyPhonesWithIt() {
        var issued = post("/api/v1/border-crossings/certificates", """
                {"document":{"type":"PASSPORT","number":"N1234567","issuingCountry":"GBR"},"nationality":"GBR",
                 "dateOfBirth":"1980-04-01","period":{"from":"2025-01-01","to":"2026-11-01"}}
                """, Map.of());
        String id = submitted(issued);
        JsonNode certificate = json(issued);

        answeredAsUnknown(other -> get("/api/v1/border-crossings/certificates/" + other, key(SECOND)), id);
        answeredAsUnknown(other -> get("/api/v1/border-crossings/certificates/" + other + ".pdf", key(SECOND)), id);
        answeredAsUnknown(other -> post("/api/v1/imei/verifications",
                "{\"certificateId\":\"%s\",\"imeis\":[\"356938035643809\"]}".formatted(other), key(SECOND)), id);

        assertThat(json(get("/api/v1/border-crossings/certificates/" + id, Map.of()))).isEqualTo(certificate);
        assertThat(json(get("/api/v1/border-crossings/certificates/" + id, key(READER)))).isEqualTo(certificate);
        assertThat(get("/api/v1/border-crossings/certificates/" + id + ".pdf", key(READER)).statusCode()).isEqualTo(200);
    }

    @Test
    void aSecondFrontDoorCannotReadTheFrontDoorsPolicyNorInsureItsApplication() {
        String eta = issuedEta(Map.of());
        var bought = post("/api/v1/insurance/policies",
                "{\"application\":{\"service\":\"eta\",\"id\":\"%s\"},\"coverage\":\"STANDARD\"}".formatted(eta), Map.of());
        String policy = submitted(bought);
        JsonNode policies = json(get("/api/v1/insurance/policies?applicationId=" + eta, Map.of()));
        assertThat(ids(policies)).containsExactly(policy);

        answeredAsUnknown(other -> get("/api/v1/insurance/policies/" + other, key(SECOND)), policy);
        answeredAsUnknown(other -> get("/api/v1/insurance/policies?applicationId=" + other, key(SECOND)), eta);
        answeredAsUnknown(other -> post("/api/v1/insurance/policies",
                "{\"application\":{\"service\":\"eta\",\"id\":\"%s\"},\"coverage\":\"STANDARD\"}".formatted(other), key(SECOND)), eta);

        assertThat(json(get("/api/v1/insurance/policies?applicationId=" + eta, Map.of()))).isEqualTo(policies);
        assertThat(json(get("/api/v1/insurance/policies/" + policy, key(READER)))).isEqualTo(json(bought));
        assertThat(json(get("/api/v1/insurance/policies?applicationId=" + eta, key(READER)))).isEqualTo(policies);

        // the second front door's own policy on its own ETA: listed to it, and to no one else
        String own = issuedEta(key(SECOND));
        String ownPolicy = submitted(post("/api/v1/insurance/policies",
                "{\"application\":{\"service\":\"eta\",\"id\":\"%s\"},\"coverage\":\"STANDARD\"}".formatted(own), key(SECOND)));
        assertThat(ids(json(get("/api/v1/insurance/policies?applicationId=" + own, key(SECOND)))))
                .containsExactly(ownPolicy);
        assertThat(json(get("/api/v1/insurance/policies?applicationId=" + own, Map.of()))).isEmpty();
        assertThat(get("/api/v1/insurance/policies/" + ownPolicy, Map.of()).statusCode()).isEqualTo(404);
    }

    // --- helpers ---

    /**
     * The answer to a request naming the front door's record {@code id} is exactly the answer to the same request
     * naming an id no record has: status, content type and body, the ids themselves and the correlation aside.
     */
    private static void answeredAsUnknown(Function<String, HttpResponse<String>> request, String id) {
        String unknown = UUID.randomUUID().toString();
        HttpResponse<String> foreign = request.apply(id);
        HttpResponse<String> none = request.apply(unknown);
        boolean told = foreign.statusCode() != none.statusCode() || !comparable(foreign, id).equals(comparable(none, unknown));
        ReliabilityLedger.attack("attack: owners", "a second partner naming another's record by id", 1, told ? 1 : 0,
                "answered exactly as an unknown id; nothing read or changed");
        assertThat(foreign.statusCode()).as(foreign.body()).isEqualTo(none.statusCode());
        assertThat(foreign.headers().firstValue("Content-Type")).isEqualTo(none.headers().firstValue("Content-Type"));
        assertThat(comparable(foreign, id)).isEqualTo(comparable(none, unknown));
    }

    /** A second partner's request under the front door's Idempotency-Key: told the key exists, or given its record. */
    private static void keyCollided(HttpResponse<String> bySecond) {
        ReliabilityLedger.attack("attack: owners", "another partner's Idempotency-Key reused", 1, bySecond.statusCode() == 202 ? 0 : 1,
                "a key is the partner's own: a new application, no 409");
    }

    private static JsonNode comparable(HttpResponse<String> response, String id) {
        JsonNode body = json(response);
        if (body instanceof ObjectNode problem) {
            problem.remove("correlationId");
            problem.remove("instance");
            for (String field : iterable(problem.fieldNames())) {
                if (problem.get(field).isTextual()) {
                    problem.put(field, problem.get(field).asText().replace(id, "{id}"));
                }
            }
        }
        return body;
    }

    /** The policies' own ids in a list of them. */
    private static java.util.List<String> ids(JsonNode policies) {
        java.util.List<String> ids = new java.util.ArrayList<>();
        policies.forEach(p -> ids.add(p.path("id").asText()));
        return ids;
    }

    private static Iterable<String> iterable(java.util.Iterator<String> names) {
        java.util.List<String> all = new java.util.ArrayList<>();
        names.forEachRemaining(all::add);
        return all;
    }

    private static Map<String, String> key(String apiKey) {
        return Map.of("X-Api-Key", apiKey);
    }

    /** The Idempotency-Key header, from the front door ({@code apiKey} null) or the partner with that key. */
    private static Map<String, String> idempotent(String apiKey, String idempotencyKey) {
        return apiKey == null ? Map.of("Idempotency-Key", idempotencyKey)
                : Map.of("X-Api-Key", apiKey, "Idempotency-Key", idempotencyKey);
    }

    private static String submitted(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isIn(201, 202);
        return json(response).path("id").asText();
    }

    private static String eta(String passport) {
        return """
                {"traveller":{"passportNumber":"%s","passportType":"ORDINARY","nationality":"DEU","surname":"SMITH",
                              "givenNames":"JO","dateOfBirth":"1985-02-03","sex":"F","passportExpiry":"%s"},
                 "plannedArrival":"%s","purpose":"TOURISM","officialDelegationMember":false,"accreditedDiplomat":false}
                """.formatted(passport, LocalDate.now().plusYears(5), OffsetDateTime.now(ZoneOffset.ofHours(5)).plusDays(4));
    }

    /** An ETA the sandbox issued (screened by the Border Service twin) to the partner calling with {@code headers}. */
    private static String issuedEta(Map<String, String> headers) {
        String id = submitted(post("/api/v1/eta/applications", eta(newPassport()), headers));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> json(get("/api/v1/eta/applications/" + id, headers)).path("status").asText(), "ISSUED"::equals);
        return id;
    }

    private static String eresidency(String passport) {
        return """
                {"applicant":{"passportNumber":"%s","passportType":"ORDINARY","nationality":"IND","surname":"RAO",
                              "givenNames":"PRIYA","dateOfBirth":"1988-03-14","sex":"F","passportExpiry":"%s"},
                 "contact":{"email":"priya.rao@example.com","phone":"+919812345678"},
                 "services":{"iin":true,"bankAccount":{"bank":"default","card":true},"esim":{"operator":"default"}}}
                """.formatted(passport, LocalDate.now().plusYears(5));
    }
}
