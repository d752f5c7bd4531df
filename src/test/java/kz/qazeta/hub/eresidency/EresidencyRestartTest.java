package kz.qazeta.hub.eresidency;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

import com.fasterxml.jackson.databind.JsonNode;
import kz.qazeta.hub.StartedHub;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hub stops half-way through an e-Residency application and starts again: the steps' state is in the
 * database, so what was done stays done and what was waiting goes on. In the first run the company registrar
 * keeps failing, so the company step is waiting for its next attempt when the hub stops.
 */
class EresidencyRestartTest {

    @Test
    void anApplicationHalfDoneBeforeARestartCompletesAfterIt() throws Exception {
        Path data = Files.createTempDirectory("qazeta-hub-eresidency-restart");
        int port = StartedHub.freePort();
        String id;
        String iin;
        String account;
        String path;

        try (StartedHub first = StartedHub.start(data, port, "--qazeta.eresidency.max-attempts=1000")) {
            first.put("/sandbox/eresidency/behaviour/company-registrar", "{\"mode\":\"FAIL\"}");
            id = first.post("/api/v1/eresidency/applications", """
                    {"applicant":{"passportNumber":"RST%d","passportType":"ORDINARY","nationality":"JPN","surname":"SATO",
                                  "givenNames":"KEN","dateOfBirth":"1979-11-02","sex":"M","passportExpiry":"%s"},
                     "contact":{"email":"ken.sato@example.com","phone":"+819012345678"},
                     "services":{"iin":true,"bankAccount":{"bank":"default","card":false},
                                 "company":{"name":"Sato Trading %d","activity":"46.90","shareCapital":500000,
                                            "address":"Mangilik El 55/20, Astana"}}}
                    """.formatted(System.nanoTime() % 1_000_000, LocalDate.now().plusYears(5), System.nanoTime()))
                    .path("id").asText();
            path = "/api/v1/eresidency/applications/" + id;
            JsonNode halfWay = first.await(path, a -> "DONE".equals(a.path("steps").path("bankAccount").path("status").asText())
                    && a.path("steps").path("company").path("attempts").asInt() >= 2);
            assertThat(halfWay.path("status").asText()).isEqualTo("IN_PROGRESS");
            iin = halfWay.path("iin").asText();
            account = halfWay.path("steps").path("bankAccount").path("accountNumber").asText();
        }

        // started again, the registrar is itself again (its misbehaviour was not kept)
        try (StartedHub second = StartedHub.start(data, port)) {
            JsonNode done = second.await(path, a -> "COMPLETED".equals(a.path("status").asText()));
            assertThat(done.path("iin").asText()).isEqualTo(iin);
            assertThat(done.path("steps").path("bankAccount").path("accountNumber").asText()).isEqualTo(account);
            assertThat(done.path("steps").path("bankAccount").path("attempts").asInt()).isEqualTo(1);
            assertThat(IdentificationNumber.isValid(done.path("steps").path("company").path("registrationNumber").asText())).isTrue();
        }
    }
}
