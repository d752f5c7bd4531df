package kz.qazeta.hub.evisa;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

import com.fasterxml.jackson.databind.JsonNode;
import kz.qazeta.hub.StartedHub;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hub stops between payment and decision and starts again: the application's state is in the database
 * (an H2 file) and the visa request in the broker (Artemis' persistent journal), so it still ends ISSUED.
 * The issuance twin holds its decisions back in the first run, so the stop surely falls in between.
 */
class EvisaRestartTest {

    @Test
    void anApplicationPaidBeforeARestartIsIssuedAfterIt() throws Exception {
        Path data = Files.createTempDirectory("qazeta-hub-restart");
        int port = StartedHub.freePort();
        String passport = "RST" + System.nanoTime() % 1_000_000;
        String invitation = "INV-RESTART-" + System.nanoTime();
        String id;

        try (StartedHub first = StartedHub.start(data, port, "--qazeta.sandbox.visa-issuance.auto-startup=false")) {
            first.post("/sandbox/police/invitations", """
                    {"invitationNumber":"%s","inviter":"TOO Test Tours","category":"B12",
                     "applicant":{"passportNumber":"%s","nationality":"JAM","surname":"BROWN","givenNames":"ALEX",
                                  "dateOfBirth":"1990-05-17"},"validFrom":"%s","validUntil":"%s"}
                    """.formatted(invitation, passport, LocalDate.now(), LocalDate.now().plusYears(1)));
            id = first.post("/api/v1/evisa/applications", """
                    {"applicant":{"passportNumber":"%s","passportType":"ORDINARY","nationality":"JAM","surname":"BROWN",
                                  "givenNames":"ALEX","dateOfBirth":"1990-05-17","sex":"M","passportExpiry":"%s"},
                     "category":"B12","invitationNumber":"%s","intendedEntryDate":"%s","arrivalAirport":"NQZ"}
                    """.formatted(passport, LocalDate.now().plusYears(5), invitation, LocalDate.now().plusDays(10)))
                    .path("id").asText();
            String paymentId = first.await("/api/v1/evisa/applications/" + id, v -> "AWAITING_PAYMENT".equals(v.path("status").asText()))
                    .path("payment").path("id").asText();
            first.post("/sandbox/payments/" + paymentId + "/complete", "");
            first.await("/api/v1/evisa/applications/" + id, v -> "ISSUANCE_REQUESTED".equals(v.path("status").asText()));
        }

        try (StartedHub second = StartedHub.start(data, port, "--qazeta.sandbox.visa-issuance.auto-startup=true")) {
            JsonNode issued = second.await("/api/v1/evisa/applications/" + id, v -> "ISSUED".equals(v.path("status").asText()));
            assertThat(issued.path("visa").path("number").asText()).startsWith("KZ-EV-");
            assertThat(issued.path("history").findValuesAsText("status"))
                    .containsExactly("RECEIVED", "INVITATION_VERIFIED", "AWAITING_PAYMENT", "PAID", "ISSUANCE_REQUESTED", "ISSUED");
        }
    }
}
