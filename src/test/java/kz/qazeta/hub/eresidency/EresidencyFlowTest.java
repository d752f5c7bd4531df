package kz.qazeta.hub.eresidency;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import kz.qazeta.hub.HubTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * AIFC e-Residency end to end through the real twins: the IIN registry (REST), the banks (JMS on their own
 * queues), the mobile operator (REST) and the company registrar (SOAP), each made to misbehave through the
 * sandbox's behaviour desk the way a tester would.
 */
class EresidencyFlowTest extends HubTestSupport {

    private static final String COMPANY = """
            {"name":"%s","activity":"62.01","shareCapital":100000,"address":"Mangilik El 55/20, Astana"}""";

    @AfterEach
    void twinsBackToNormal() {
        send("DELETE", "/sandbox/eresidency/behaviour");
    }

    @Test
    void allFourServicesEndCompletedWithTheirResults() {
        String passport = newPassport();
        String correlationId = "er-all-" + System.nanoTime();
        var submitted = post("/api/v1/eresidency/applications", request(passport, "IND", allFour("default", "Rao Analytics " + System.nanoTime())),
                Map.of("X-Correlation-Id", correlationId));
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        assertThat(submitted.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).startsWith("/api/v1/eresidency/applications/"));
        String id = json(submitted).path("id").asText();

        JsonNode done = awaitApplication(id, a -> a.path("status").asText().equals("COMPLETED"));
        String iin = done.path("steps").path("iin").path("iin").asText();
        assertThat(IdentificationNumber.isValid(iin)).as(iin).isTrue();
        // the IIN starts with the date of birth, then 4: a woman born in the 1900s
        assertThat(iin).startsWith("880314" + "4");
        assertThat(done.path("iin").asText()).isEqualTo(iin);
        JsonNode bank = done.path("steps").path("bankAccount");
        assertThat(bank.path("partner").asText()).isEqualTo("astana-bank");
        assertThat(bank.path("accountNumber").asText()).matches("KZ[0-9]{2} \\*{4} \\*{4} \\*{4} [0-9A-Z]{4}");
        assertThat(bank.path("card").path("maskedPan").asText()).matches("4400 43\\*\\* \\*{4} [0-9]{4}");
        assertThat(done.path("steps").path("esim").path("activationCode").asText()).startsWith("LPA:1$");
        JsonNode company = done.path("steps").path("company");
        assertThat(IdentificationNumber.isValid(company.path("registrationNumber").asText())).isTrue();
        for (String step : List.of("iin", "bankAccount", "esim", "company")) {
            JsonNode s = done.path("steps").path(step);
            assertThat(s.path("status").asText()).as(step).isEqualTo("DONE");
            assertThat(s.path("startedAt").asText()).as(step).isNotEmpty();
            assertThat(s.path("completedAt").asText()).as(step).isNotEmpty();
            assertThat(s.path("attempts").asInt()).as(step).isEqualTo(1);
        }
        // the steps after the IIN started only once it was done
        assertThat(java.time.Instant.parse(done.path("steps").path("bankAccount").path("startedAt").asText()))
                .isAfterOrEqualTo(java.time.Instant.parse(done.path("steps").path("iin").path("completedAt").asText()));

        // every partner's hop is in the message log under the front door's correlation id, personal data masked
        JsonNode hops = await().atMost(Duration.ofSeconds(10)).until(
                () -> json(get("/api/v1/admin/exchanges/" + correlationId, Map.of("X-Api-Key", OPERATOR_KEY))).path("hops"),
                h -> h.findValuesAsText("partner").containsAll(List.of("iin-registry", "astana-bank", "tulpar-mobile", "company-registrar")));
        assertThat(hops.toString()).doesNotContain(passport).doesNotContain(iin).doesNotContain("priya.rao@example.com");
    }

    @Test
    void theBankIsChosenByConfigurationAndAnUnknownOneIsRefused() {
        String passport = newPassport();
        String id = submit(request(passport, "GBR", "{\"iin\":true,\"bankAccount\":{\"bank\":\"steppe-bank\",\"card\":false}}"));
        JsonNode done = awaitApplication(id, a -> a.path("status").asText().equals("COMPLETED"));
        assertThat(done.path("steps").path("bankAccount").path("partner").asText()).isEqualTo("steppe-bank");
        assertThat(done.path("steps").path("bankAccount").has("card")).isFalse();
        assertThat(done.path("steps").has("esim")).isFalse();

        var unknown = post("/api/v1/eresidency/applications",
                request(newPassport(), "GBR", "{\"bankAccount\":{\"bank\":\"no-such-bank\"}}"), Map.of());
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(json(unknown).path("errors").findValuesAsText("field")).containsExactly("services.bankAccount.bank");
    }

    @Test
    void badRequestsAreRefusedNamingTheFieldInTheCallersLanguage() {
        var noIin = post("/api/v1/eresidency/applications", request(newPassport(), "IND", "{\"iin\":false,\"esim\":{}}"), Map.of());
        assertThat(noIin.statusCode()).isEqualTo(400);
        assertThat(json(noIin).path("errors").findValuesAsText("field")).containsExactly("services.iin");

        String badCompany = request(newPassport(), "IND", "{\"company\":{\"name\":\"\",\"activity\":\"sixty-two\",\"shareCapital\":-1,\"address\":\"Astana\"}}")
                .replace("+919812345678", "12345");
        var bad = post("/api/v1/eresidency/applications", badCompany, Map.of("Accept-Language", "ru"));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).path("errors").findValuesAsText("field")).containsExactly(
                "contact.phone", "services.company.activity", "services.company.name", "services.company.shareCapital");
        assertThat(json(bad).path("title").asText()).isEqualTo("Некорректный запрос");

        var kazakh = post("/api/v1/eresidency/applications", request(newPassport(), "KAZ", "{\"iin\":true}"),
                Map.of("Accept-Language", "kk"));
        assertThat(kazakh.statusCode()).isEqualTo(422);
        assertThat(json(kazakh).path("type").asText()).endsWith("/eresidency-for-foreigners");
        assertThat(json(kazakh).path("title").asText()).isEqualTo("e-Residency шетелдіктерге арналған");

        assertThat(post("/api/v1/eresidency/applications", "{not json", Map.of()).statusCode()).isEqualTo(400);
        assertThat(get("/api/v1/eresidency/applications/no-such-id", Map.of()).statusCode()).isEqualTo(404);
    }

    @Test
    void aRepeatedSubmissionWithTheSameIdempotencyKeyIsTheSameApplication() {
        String body = request(newPassport(), "IND", "{\"iin\":true}");
        String key = "er-idem-" + System.nanoTime();
        String first = json(post("/api/v1/eresidency/applications", body, Map.of("Idempotency-Key", key))).path("id").asText();
        String second = json(post("/api/v1/eresidency/applications", body, Map.of("Idempotency-Key", key))).path("id").asText();
        assertThat(second).isEqualTo(first);
        awaitApplication(first, a -> a.path("status").asText().equals("COMPLETED"));
        assertThat(post("/api/v1/eresidency/applications", request(newPassport(), "IND", "{\"iin\":true}"),
                Map.of("Idempotency-Key", key)).statusCode()).isEqualTo(409);
    }

    @Test
    void anInvalidIinFromTheRegistryIsAPartnerErrorAndAnOperatorCanRetryTheStep() {
        behave("iin-registry", "INVALID", 0, 0);
        String id = submit(request(newPassport(), "IND", "{\"iin\":true,\"esim\":{\"operator\":\"default\"}}"));

        JsonNode failed = awaitApplication(id, a -> a.path("status").asText().equals("FAILED"));
        JsonNode iin = failed.path("steps").path("iin");
        assertThat(iin.path("status").asText()).isEqualTo("FAILED");
        assertThat(iin.path("reason").path("code").asText()).isEqualTo("partner-invalid-answer");
        assertThat(iin.path("attempts").asInt()).isEqualTo(3);
        assertThat(iin.has("iin")).isFalse();
        assertThat(failed.path("iin").isMissingNode() || failed.path("iin").isNull()).isTrue();
        // the e-SIM waits for the IIN, never started
        assertThat(failed.path("steps").path("esim").path("status").asText()).isEqualTo("PENDING");

        send("DELETE", "/sandbox/eresidency/behaviour");
        // the front door may not; an operator may
        assertThat(post("/api/v1/admin/eresidency/applications/" + id + "/steps/iin/retry", "", Map.of()).statusCode()).isEqualTo(403);
        var retried = post("/api/v1/admin/eresidency/applications/" + id + "/steps/iin/retry", "", Map.of("X-Api-Key", OPERATOR_KEY));
        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(202);
        JsonNode done = awaitApplication(id, a -> a.path("status").asText().equals("COMPLETED"));
        assertThat(IdentificationNumber.isValid(done.path("iin").asText())).isTrue();
        assertThat(done.path("steps").path("esim").path("status").asText()).isEqualTo("DONE");
        // a step that is done cannot be retried
        assertThat(post("/api/v1/admin/eresidency/applications/" + id + "/steps/iin/retry", "", Map.of("X-Api-Key", OPERATOR_KEY))
                .statusCode()).isEqualTo(409);
    }

    @Test
    void aRegistryThatAnswersTheFirstCallTooLateIsAskedAgainAndGivesTheSameIin() {
        behave("iin-registry", "TWICE", 0, 1);
        String passport = newPassport();
        String correlationId = "er-twice-iin-" + System.nanoTime();
        String id = submit(request(passport, "IND", "{\"iin\":true}"), correlationId);
        JsonNode done = awaitApplication(id, a -> a.path("status").asText().equals("COMPLETED"));
        // asked twice within one attempt (the first answer lost), and the one IIN it made recorded
        assertThat(done.path("steps").path("iin").path("attempts").asInt()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> json(get("/api/v1/admin/exchanges/" + correlationId,
                Map.of("X-Api-Key", OPERATOR_KEY))).path("hops"), hops -> count(hops, "iin-registry", "OUT") == 2);
        // the registry did the work on the first call; the retry got that IIN, not a second one
        String again = submit(request(passport, "IND", "{\"iin\":true}"));
        assertThat(awaitApplication(again, a -> a.path("status").asText().equals("COMPLETED")).path("iin").asText())
                .isEqualTo(done.path("iin").asText());
    }

    @Test
    void anOperatorAnswerWithoutAnActivationCodeIsRetriedThenFailsOnlyTheEsimStep() {
        behave("tulpar-mobile", "INVALID", 0, 0);
        String id = submit(request(newPassport(), "IND", "{\"iin\":true,\"esim\":{\"operator\":\"default\"}}"));
        JsonNode partial = awaitApplication(id, a -> a.path("status").asText().equals("PARTIALLY_COMPLETED"));
        JsonNode esim = partial.path("steps").path("esim");
        assertThat(esim.path("status").asText()).isEqualTo("FAILED");
        assertThat(esim.path("reason").path("code").asText()).isEqualTo("partner-invalid-answer");
        assertThat(esim.path("attempts").asInt()).isEqualTo(3);
        assertThat(esim.has("activationCode")).isFalse();
        // the applicant reads what happened, not the hub's insides
        assertThat(esim.path("reason").path("message").asText()).doesNotContain("Exception").doesNotContain("http");
    }

    @Test
    void aBankThatAnswersTwiceIsRecordedOnce() {
        behave("astana-bank", "TWICE", 0, 1);
        String passport = newPassport();
        String id = submit(request(passport, "IND", "{\"iin\":true,\"bankAccount\":{\"bank\":\"default\",\"card\":true}}"),
                "er-twice-" + passport);
        JsonNode done = awaitApplication(id, a -> a.path("status").asText().equals("COMPLETED"));
        // both copies reached the hub
        await().atMost(Duration.ofSeconds(10)).until(() -> json(get("/api/v1/admin/exchanges/er-twice-" + passport,
                Map.of("X-Api-Key", OPERATOR_KEY))).path("hops"), hops -> count(hops, "astana-bank", "IN") == 2);
        JsonNode again = json(get("/api/v1/eresidency/applications/" + id, Map.of()));
        assertThat(history(again, "bankAccount", "DONE")).isEqualTo(1);
        assertThat(again.path("steps").path("bankAccount").path("accountNumber").asText())
                .isEqualTo(done.path("steps").path("bankAccount").path("accountNumber").asText());
    }

    @Test
    void aBankThatNeverAnswersTimesOutIntoAStateAnOperatorCanRetry() {
        behave("astana-bank", "SILENT", 0, 1);
        String id = submit(request(newPassport(), "IND", "{\"iin\":true,\"bankAccount\":{\"bank\":\"default\",\"card\":false},\"esim\":{}}"));
        JsonNode partial = awaitApplication(id, a -> a.path("status").asText().equals("PARTIALLY_COMPLETED"));
        JsonNode bank = partial.path("steps").path("bankAccount");
        assertThat(bank.path("status").asText()).isEqualTo("FAILED");
        assertThat(bank.path("reason").path("code").asText()).isEqualTo("partner-timed-out");
        assertThat(bank.path("reason").path("message").asText()).contains("operator");
        assertThat(partial.path("steps").path("esim").path("status").asText()).isEqualTo("DONE");

        var retried = post("/api/v1/admin/eresidency/applications/" + id + "/steps/bankAccount/retry", "",
                Map.of("X-Api-Key", OPERATOR_KEY));
        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(202);
        JsonNode done = awaitApplication(id, a -> a.path("status").asText().equals("COMPLETED"));
        assertThat(done.path("steps").path("bankAccount").path("accountNumber").asText()).startsWith("KZ");
    }

    @Test
    void aRegistrarRefusalFailsOnlyTheCompanyStep() {
        behave("company-registrar", "REFUSE", 0, 0);
        String id = submit(request(newPassport(), "IND", allFour("default", "Refused Ltd " + System.nanoTime())));
        JsonNode partial = awaitApplication(id, a -> a.path("status").asText().equals("PARTIALLY_COMPLETED"));
        JsonNode company = partial.path("steps").path("company");
        assertThat(company.path("status").asText()).isEqualTo("FAILED");
        assertThat(company.path("reason").path("code").asText()).isEqualTo("registration-refused");
        assertThat(company.path("reason").path("message").asText()).contains("NAME_NOT_ALLOWED");
        // a refusal is an answer: not retried
        assertThat(company.path("attempts").asInt()).isEqualTo(1);
        for (String step : List.of("iin", "bankAccount", "esim")) {
            assertThat(partial.path("steps").path(step).path("status").asText()).as(step).isEqualTo("DONE");
        }
    }

    @Test
    void aRegistrarSoapFaultIsRetriedByTheStepOnItsOwn() {
        behave("company-registrar", "FAIL", 0, 2);
        String id = submit(request(newPassport(), "IND", "{\"iin\":true,\"company\":" + COMPANY.formatted("Retry Ltd " + System.nanoTime()) + "}"));
        JsonNode done = awaitApplication(id, a -> a.path("status").asText().equals("COMPLETED"));
        assertThat(done.path("steps").path("company").path("attempts").asInt()).isGreaterThan(1);
        assertThat(history(done, "company", "PENDING")).isPositive();
    }

    @Test
    void aWithdrawalCancelsTheStepsUnderWayAtTheirPartnersAndKeepsWhatIsDone() {
        behave("astana-bank", "SILENT", 0, 1);
        behave("company-registrar", "FAIL", 0, 0);
        String id = submit(request(newPassport(), "IND", allFour("default", "Withdrawn Ltd " + System.nanoTime())));
        awaitApplication(id, a -> a.path("steps").path("esim").path("status").asText().equals("DONE")
                && a.path("steps").path("bankAccount").path("status").asText().equals("IN_PROGRESS")
                && a.path("steps").path("company").path("attempts").asInt() >= 1
                && a.path("steps").path("company").path("status").asText().equals("PENDING"));
        // the registrar recovers, so it can confirm the cancellation
        send("DELETE", "/sandbox/eresidency/behaviour");

        var withdrawn = post("/api/v1/eresidency/applications/" + id + "/withdrawal", "", Map.of());
        assertThat(withdrawn.statusCode()).as(withdrawn.body()).isEqualTo(200);
        assertThat(json(withdrawn).path("status").asText()).isEqualTo("WITHDRAWN");

        JsonNode settled = awaitApplication(id, a -> a.path("steps").path("bankAccount").path("status").asText().equals("CANCELLED")
                && a.path("steps").path("company").path("status").asText().equals("CANCELLED"));
        assertThat(settled.path("status").asText()).isEqualTo("WITHDRAWN");
        assertThat(settled.path("steps").path("bankAccount").path("compensation").asText()).isEqualTo("CONFIRMED");
        assertThat(settled.path("steps").path("company").path("compensation").asText()).isEqualTo("CONFIRMED");
        assertThat(settled.path("steps").path("esim").path("status").asText()).isEqualTo("DONE");
        assertThat(settled.path("steps").path("iin").path("status").asText()).isEqualTo("DONE");

        // withdrawing again answers the same; a completed application cannot be withdrawn
        assertThat(json(post("/api/v1/eresidency/applications/" + id + "/withdrawal", "", Map.of())).path("status").asText())
                .isEqualTo("WITHDRAWN");
        String completed = submit(request(newPassport(), "IND", "{\"iin\":true}"));
        awaitApplication(completed, a -> a.path("status").asText().equals("COMPLETED"));
        assertThat(post("/api/v1/eresidency/applications/" + completed + "/withdrawal", "", Map.of()).statusCode()).isEqualTo(409);
    }

    // --- helpers ---

    private static String request(String passport, String nationality, String services) {
        return """
                {"applicant":{"passportNumber":"%s","passportType":"ORDINARY","nationality":"%s","surname":"RAO",
                              "givenNames":"PRIYA","dateOfBirth":"1988-03-14","sex":"F","passportExpiry":"%s"},
                 "contact":{"email":"priya.rao@example.com","phone":"+919812345678"},
                 "services":%s}
                """.formatted(passport, nationality, LocalDate.now().plusYears(5), services);
    }

    private static String allFour(String bank, String companyName) {
        return "{\"iin\":true,\"bankAccount\":{\"bank\":\"%s\",\"card\":true},\"esim\":{\"operator\":\"default\"},\"company\":%s}"
                .formatted(bank, COMPANY.formatted(companyName));
    }

    private static String submit(String body) {
        return submit(body, "er-" + System.nanoTime());
    }

    private static String submit(String body, String correlationId) {
        var response = post("/api/v1/eresidency/applications", body, Map.of("X-Correlation-Id", correlationId));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return json(response).path("id").asText();
    }

    private static JsonNode awaitApplication(String id, Predicate<JsonNode> condition) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> json(get("/api/v1/eresidency/applications/" + id, Map.of())), condition::test);
    }

    private static void behave(String twin, String mode, long delayMillis, int times) {
        var response = put("/sandbox/eresidency/behaviour/" + twin,
                "{\"mode\":\"%s\",\"delayMillis\":%d,\"times\":%d}".formatted(mode, delayMillis, times));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private static void send(String method, String path) {
        try {
            HTTP.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url(path)))
                    .method(method, java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static long history(JsonNode application, String step, String status) {
        int n = 0;
        for (JsonNode entry : application.path("history")) {
            if (step.equals(entry.path("step").asText()) && status.equals(entry.path("status").asText())) {
                n++;
            }
        }
        return n;
    }

    private static long count(JsonNode hops, String partner, String direction) {
        int n = 0;
        for (JsonNode hop : hops) {
            if (partner.equals(hop.path("partner").asText()) && direction.equals(hop.path("direction").asText())) {
                n++;
            }
        }
        return n;
    }
}
