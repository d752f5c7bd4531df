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
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import kz.qazeta.hub.HubApplication;
import kz.qazeta.hub.sandbox.SandboxPartnersApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The partner twins in a process of their own ({@link SandboxPartnersApplication}, a real second JVM) and the
 * hub with the {@code remote-partners} profile: the e-Visa still runs end to end, the hub reaching the twins
 * over HTTP and SOAP, the twins reaching the hub's broker over TCP.
 */
class EvisaPartnersApartTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theEvisaRunsWithItsPartnersInAnotherProcess() throws Exception {
        Path data = Files.createTempDirectory("qazeta-hub-apart");
        int hubPort = freePort();
        int partnersPort = freePort();
        int brokerPort = freePort();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process partners = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                SandboxPartnersApplication.class.getName(),
                "--server.port=" + partnersPort,
                "--spring.artemis.broker-url=tcp://127.0.0.1:" + brokerPort,
                "--qazeta.data-dir=" + data.resolve("partners"),
                "--qazeta.sandbox.visa-issuance.decision-delay=PT0.1S"))
                .redirectErrorStream(true).redirectOutput(data.resolve("partners.log").toFile()).start();
        try (ConfigurableApplicationContext hub = new SpringApplicationBuilder(HubApplication.class)
                .profiles("sandbox", "remote-partners", "test")
                .run("--server.port=" + hubPort,
                        "--qazeta.data-dir=" + data.resolve("hub"),
                        "--spring.datasource.url=jdbc:h2:mem:hub-apart;DB_CLOSE_DELAY=-1",
                        "--qazeta.broker.tcp-acceptor=tcp://127.0.0.1:" + brokerPort,
                        "--qazeta.partners-base-url=http://localhost:" + partnersPort,
                        "--camel.main.jmx-enabled=false")) {
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> get(partnersPort, "/sandbox/police/invitations").isArray());

            String invitation = "INV-APART-" + System.nanoTime();
            post(partnersPort, "/sandbox/police/invitations", """
                    {"invitationNumber":"%s","inviter":"TOO Test Tours","category":"B10",
                     "applicant":{"passportNumber":"A7654321","nationality":"JAM","surname":"BROWN","givenNames":"ALEX",
                                  "dateOfBirth":"1990-05-17"},"validFrom":"%s","validUntil":"%s"}
                    """.formatted(invitation, LocalDate.now(), LocalDate.now().plusYears(1)));
            String id = post(hubPort, "/api/v1/evisa/applications", """
                    {"applicant":{"passportNumber":"A7654321","passportType":"ORDINARY","nationality":"JAM","surname":"BROWN",
                                  "givenNames":"ALEX","dateOfBirth":"1990-05-17","sex":"M","passportExpiry":"%s"},
                     "category":"B10","invitationNumber":"%s","intendedEntryDate":"%s","arrivalAirport":"CIT"}
                    """.formatted(LocalDate.now().plusYears(5), invitation, LocalDate.now().plusDays(10))).path("id").asText();
            JsonNode awaiting = awaitStatus(hubPort, id, "AWAITING_PAYMENT");
            assertThat(awaiting.path("payment").path("url").asText()).startsWith("http://localhost:" + partnersPort);

            post(partnersPort, "/sandbox/payments/" + awaiting.path("payment").path("id").asText() + "/complete", "");

            assertThat(awaitStatus(hubPort, id, "ISSUED").path("visa").path("number").asText()).startsWith("KZ-EV-");
            assertThat(Files.readString(data.resolve("partners.log"))).contains("Issuance twin: application " + id);
        } finally {
            partners.destroy();
            partners.waitFor();
        }
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
