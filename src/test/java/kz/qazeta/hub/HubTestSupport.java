package kz.qazeta.hub;

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
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.junit.jupiter.api.BeforeEach;

import static org.awaitility.Awaitility.await;

/**
 * The hub started whole for a test: a real web server on a free port, the embedded Artemis broker, H2, and
 * the sandbox twins, which the hub reaches only over HTTP, SOAP and the broker. Tests talk to it over HTTP
 * like the front door and the partners do. Subclasses share one running hub.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles({"sandbox", "test"})
public abstract class HubTestSupport {

    /** The port of the hub the running test talks to (each cached hub has its own). */
    private static int port;

    @LocalServerPort
    private int localServerPort;

    @BeforeEach
    void talkToThisHub() {
        port = localServerPort;
    }
    private static final AtomicInteger PASSPORTS = new AtomicInteger(1_000_000);
    private static final AtomicInteger BROKERS = new AtomicInteger(100);

    protected static final ObjectMapper JSON = new ObjectMapper();
    /** The sandbox API keys of application.yaml (only their SHA-256 is configured). */
    protected static final String FRONT_DOOR_KEY = "sandbox-front-door-key";
    protected static final String OPERATOR_KEY = "sandbox-operator-key";
    protected static final String GATEWAY_KEY = "sandbox-payment-gateway-key";
    protected static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @DynamicPropertySource
    static void hubProperties(DynamicPropertyRegistry registry) {
        // chosen once per hub started: suppliers are asked again on every lookup
        int serverPort = freePort();
        String dataDir = tempDir().toString();
        registry.add("server.port", () -> serverPort);
        // each hub started for tests gets its own broker journal (two cached hubs must not share one)
        registry.add("qazeta.data-dir", () -> dataDir);
        // and its own broker and databases: cached hubs share a JVM, and must not take each other's messages
        int brokerId = BROKERS.incrementAndGet();
        registry.add("spring.artemis.embedded.server-id", () -> brokerId);
        // named in application-test.yaml's database URLs (a subclass may still set a URL of its own)
        registry.add("qazeta.test.instance", () -> brokerId);
    }

    /**
     * A home of the hub's own files (routes/ with its service folders, mappings/) for a hub whose files a test edits
     * while it runs: name it as {@code qazeta.home}.
     */
    protected static Path copyOfHubFiles() {
        try {
            Path home = Files.createTempDirectory("qazeta-hub-files");
            org.springframework.util.FileSystemUtils.copyRecursively(Path.of("routes"), home.resolve("routes"));
            org.springframework.util.FileSystemUtils.copyRecursively(Path.of("mappings"), home.resolve("mappings"));
            return home;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    protected static String url(String path) {
        return "http://localhost:" + port + path;
    }

    /** A passport number no other test uses, so applications never collide on an invitation or a passport. */
    protected static String newPassport() {
        return "T" + PASSPORTS.incrementAndGet();
    }

    protected static HttpResponse<String> post(String path, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        withKey(path, headers).forEach(request::header);
        return send(request.build());
    }

    protected static HttpResponse<String> put(String path, String body) {
        return put(path, body, Map.of("Content-Type", "application/json"));
    }

    protected static HttpResponse<String> put(String path, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(20))
                .PUT(HttpRequest.BodyPublishers.ofString(body));
        withKey(path, headers).forEach(request::header);
        return send(request.build());
    }

    protected static HttpResponse<String> get(String path, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(20)).GET();
        withKey(path, headers).forEach(request::header);
        return send(request.build());
    }

    /** The hub's API answers only partners: calls to it carry the front door's key unless the test sets one. */
    private static Map<String, String> withKey(String path, Map<String, String> headers) {
        if (!path.startsWith("/api/v1/") || headers.keySet().stream().anyMatch("X-Api-Key"::equalsIgnoreCase)) {
            return headers;
        }
        Map<String, String> all = new java.util.HashMap<>(headers);
        all.put("X-Api-Key", FRONT_DOOR_KEY);
        return all;
    }

    protected static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    /** A police officer registers an invitation in the registry twin (REST), as the README's walk does. */
    protected static void registerInvitation(String number, String passport, String nationality, String category) {
        String body = """
                {"invitationNumber":"%s","inviter":"TOO Test Tours","category":"%s",
                 "applicant":{"passportNumber":"%s","nationality":"%s","surname":"BROWN","givenNames":"ALEX",
                              "dateOfBirth":"1990-05-17"},
                 "validFrom":"%s","validUntil":"%s"}
                """.formatted(number, category, passport, nationality, LocalDate.now(), LocalDate.now().plusYears(1));
        var response = post("/sandbox/police/invitations", body, Map.of());
        if (response.statusCode() != 201) {
            throw new AssertionError("registering an invitation failed: " + response.body());
        }
    }

    protected static String application(String passport, String nationality, String category, String invitation,
                                        String airport) {
        return """
                {"applicant":{"passportNumber":"%s","passportType":"ORDINARY","nationality":"%s","surname":"BROWN",
                              "givenNames":"ALEX","dateOfBirth":"1990-05-17","sex":"M","passportExpiry":"%s"},
                 "category":"%s","invitationNumber":"%s","intendedEntryDate":"%s","arrivalAirport":"%s"}
                """.formatted(passport, nationality, LocalDate.now().plusYears(5), category, invitation,
                LocalDate.now().plusDays(30), airport);
    }

    /**
     * An invited applicant's e-Visa application (JAM, B12, arriving at ALA), its invitation registered first in the
     * registry twin, submitted as the front door does under {@code correlationId}: the application's id.
     */
    protected static String submitInvitedEvisa(String passport, String correlationId) {
        String invitation = "INV-" + System.nanoTime();
        registerInvitation(invitation, passport, "JAM", "B12");
        var submitted = post("/api/v1/evisa/applications", application(passport, "JAM", "B12", invitation, "ALA"),
                Map.of("X-Correlation-Id", correlationId));
        if (submitted.statusCode() != 202) {
            throw new AssertionError("submitting an e-Visa application failed: " + submitted.statusCode() + " " + submitted.body());
        }
        return json(submitted).path("id").asText();
    }

    /**
     * An ETA issued by the sandbox (screened by the Border Service twin): the application as the hub shows it, with
     * the passport it was issued for added as {@code passport}.
     */
    protected static JsonNode anIssuedEta() {
        String passport = newPassport();
        OffsetDateTime arrival = OffsetDateTime.now(ZoneOffset.ofHours(5)).plusDays(4);
        String body = """
                {"traveller":{"passportNumber":"%s","passportType":"ORDINARY","nationality":"DEU","surname":"SMITH",
                              "givenNames":"JO","dateOfBirth":"1985-02-03","sex":"F","passportExpiry":"%s"},
                 "plannedArrival":"%s","purpose":"TOURISM","officialDelegationMember":false,"accreditedDiplomat":false}
                """.formatted(passport, LocalDate.now().plusYears(5), arrival);
        String id = json(post("/api/v1/eta/applications", body, Map.of())).path("id").asText();
        JsonNode issued = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> json(get("/api/v1/eta/applications/" + id, Map.of())), a -> "ISSUED".equals(a.path("status").asText()));
        return ((ObjectNode) issued.deepCopy()).put("passport", passport);
    }

    protected static JsonNode awaitStatus(String id, String status) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> json(get("/api/v1/evisa/applications/" + id, Map.of())),
                        view -> status.equals(view.path("status").asText()));
    }

    /** Sends a request; an answer of the hub's API its contract does not allow fails the test (HubContracts). */
    private static HttpResponse<String> send(HttpRequest request) {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            List<String> violations = HubContracts.violations(request, response);
            if (!violations.isEmpty() && !Boolean.getBoolean("qazeta.contracts.lenient")) {
                throw new AssertionError("The hub's answer breaks its contract:\n" + String.join("\n", violations)
                        + "\n" + response.body());
            }
            return response;
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("qazeta-hub-test");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
