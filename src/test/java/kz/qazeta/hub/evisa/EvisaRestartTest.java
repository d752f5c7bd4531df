package kz.qazeta.hub.evisa;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import kz.qazeta.hub.HubApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The hub stops between payment and decision and starts again: the application's state is in the database
 * (an H2 file) and the visa request in the broker (Artemis' persistent journal), so it still ends ISSUED.
 * The issuance twin holds its decisions back in the first run, so the stop surely falls in between.
 */
class EvisaRestartTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void anApplicationPaidBeforeARestartIsIssuedAfterIt() throws Exception {
        Path data = Files.createTempDirectory("qazeta-hub-restart");
        int port = freePort();
        String passport = "RST" + System.nanoTime() % 1_000_000;
        String invitation = "INV-RESTART-" + System.nanoTime();
        String id;

        try (ConfigurableApplicationContext first = start(data, port, false)) {
            post(port, "/sandbox/police/invitations", """
                    {"invitationNumber":"%s","inviter":"TOO Test Tours","category":"B12",
                     "applicant":{"passportNumber":"%s","nationality":"JAM","surname":"BROWN","givenNames":"ALEX",
                                  "dateOfBirth":"1990-05-17"},"validFrom":"%s","validUntil":"%s"}
                    """.formatted(invitation, passport, LocalDate.now(), LocalDate.now().plusYears(1)));
            id = post(port, "/api/v1/evisa/applications", """
                    {"applicant":{"passportNumber":"%s","passportType":"ORDINARY","nationality":"JAM","surname":"BROWN",
                                  "givenNames":"ALEX","dateOfBirth":"1990-05-17","sex":"M","passportExpiry":"%s"},
                     "category":"B12","invitationNumber":"%s","intendedEntryDate":"%s","arrivalAirport":"NQZ"}
                    """.formatted(passport, LocalDate.now().plusYears(5), invitation, LocalDate.now().plusDays(10)))
                    .path("id").asText();
            String paymentId = awaitStatus(port, id, "AWAITING_PAYMENT").path("payment").path("id").asText();
            post(port, "/sandbox/payments/" + paymentId + "/complete", "");
            awaitStatus(port, id, "ISSUANCE_REQUESTED");
        }

        try (ConfigurableApplicationContext second = start(data, port, true)) {
            JsonNode issued = awaitStatus(port, id, "ISSUED");
            assertThat(issued.path("visa").path("number").asText()).startsWith("KZ-EV-");
            assertThat(issued.path("history").findValuesAsText("status"))
                    .containsExactly("RECEIVED", "INVITATION_VERIFIED", "AWAITING_PAYMENT", "PAID", "ISSUANCE_REQUESTED", "ISSUED");
        }
    }

    private static ConfigurableApplicationContext start(Path data, int port, boolean issuanceDecides) {
        return new SpringApplicationBuilder(HubApplication.class)
                .profiles("sandbox", "test")
                // as command-line arguments, so they win over application*.yaml like on a real start
                .run("--server.port=" + port,
                        "--qazeta.data-dir=" + data,
                        "--spring.datasource.url=jdbc:h2:file:" + data + "/h2/hub",
                        "--qazeta.sandbox.database-url=jdbc:h2:file:" + data + "/h2/sandbox",
                        "--qazeta.sandbox.visa-issuance.auto-startup=" + issuanceDecides,
                        "--camel.main.jmx-enabled=false");
    }

    private JsonNode awaitStatus(int port, String id, String status) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> get(port, "/api/v1/evisa/applications/" + id), v -> status.equals(v.path("status").asText()));
    }

    private JsonNode post(int port, String path, String body) throws IOException, InterruptedException {
        var response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json").header("X-Api-Key", "sandbox-front-door-key").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isLessThan(300);
        return JSON.readTree(response.body());
    }

    private JsonNode get(int port, String path) throws IOException, InterruptedException {
        return JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("X-Api-Key", "sandbox-front-door-key").GET().build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
