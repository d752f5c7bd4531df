package kz.qazeta.hub.reliability;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import kz.qazeta.hub.HubApplication;
import kz.qazeta.hub.StartedHub;
import kz.qazeta.hub.exchange.messagelog.MessageLogStore;
import kz.qazeta.hub.exchange.messagelog.MessageLogWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The hub's database (PostgreSQL, the production one) unavailable for a while: the hub reaches it through a
 * {@link FaultyLink} that the test cuts (open connections dropped, new ones refused) and restores. During the outage
 * every front-door request that needs the database is answered 503 (service-unavailable, "database") in seconds,
 * never a 500; nothing half-written survives (a submission refused by the outage left no row, its Idempotency-Key is
 * free); the payment callback refused meanwhile is sent again by the gateway and counts once; an application whose
 * step was under way when the database went goes on afterwards; the message log loses no row. Needs the server of
 * {@code qazeta.test.postgres.url}.
 */
@Tag("reliability")
@Tag("postgres")
class DatabaseOutageTest {

    private static final String AREA = "faults: database";
    private static final String URL = System.getProperty("qazeta.test.postgres.url", "jdbc:postgresql://127.0.0.1:5432/test");
    private static final String SCHEMA = "hub_outage_" + ProcessHandle.current().pid();
    private static final int DOWN_SECONDS = Integer.getInteger("reliability.database.down-seconds", 10);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final FaultyLink DATABASE = new FaultyLink(() -> URI.create(URL.substring(5)).getPort());

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger PASSPORTS = new AtomicInteger(7_000_000);
    private static ConfigurableApplicationContext hub;
    private static int port;
    private static JdbcTemplate jdbc;

    /** A hub of its own (the postgres profile), its database reached through the faulty link. */
    @BeforeAll
    static void startHub() throws Exception {
        URI server = URI.create(URL.substring(5));
        Path data = Files.createTempDirectory("qazeta-hub-db-outage");
        port = StartedHub.freePort();
        hub = new SpringApplicationBuilder(HubApplication.class).profiles("sandbox", "test", "postgres").run(
                "--server.port=" + port, "--qazeta.data-dir=" + data, "--camel.main.jmx-enabled=false",
                "--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + DATABASE.port() + server.getPath()
                        + "?currentSchema=" + SCHEMA,
                "--spring.datasource.username=postgres", "--spring.flyway.schemas=" + SCHEMA,
                "--qazeta.sandbox.database-url=jdbc:h2:mem:sandbox-db-outage;DB_CLOSE_DELAY=-1");
        jdbc = new JdbcTemplate(DriverManagerDataSourceHolder.of(URL + "?currentSchema=" + SCHEMA));
    }

    @AfterAll
    static void dropSchema() throws SQLException {
        if (hub != null) {
            hub.close();
        }
        DATABASE.close();
        try (Connection connection = DriverManager.getConnection(URL, "postgres", "")) {
            connection.createStatement().execute("drop schema if exists " + SCHEMA + " cascade");
        }
    }

    @Test
    void requestsGet503AndNothingHalfWrittenSurvives() {
        List<String> lost = new ArrayList<>();
        int tried = 0;
        // before: one application awaiting its payment, one whose invitation check is about to run
        String paidDuring = submit(newPassport(), null);
        JsonNode awaiting = awaitEvisa(paidDuring, "AWAITING_PAYMENT");
        String paymentId = awaiting.path("payment").path("id").asText();
        String underWay = submit(newPassport(), null);

        DATABASE.down();
        String key = "outage-" + UUID.randomUUID();
        String passport = newPassport();
        String invitation = "INV-OUTAGE-" + System.nanoTime();
        registerInvitation(invitation, passport);
        List<String> correlationIds = new ArrayList<>();
        List<Runnable> requests = List.of(
                () -> expect503("e-Visa submission", post("/api/v1/evisa/applications",
                        FrontDoorRequests.evisa(passport, invitation), headers(key, correlationIds)), lost),
                () -> expect503("e-Visa status", get("/api/v1/evisa/applications/" + paidDuring, headers(null, correlationIds)), lost),
                () -> expect503("ETA submission", post("/api/v1/eta/applications", FrontDoorRequests.eta(newPassport()),
                        headers(null, correlationIds)), lost),
                () -> expect503("e-Residency submission", post("/api/v1/eresidency/applications", FrontDoorRequests.eresidency(),
                        headers(null, correlationIds)), lost),
                () -> expect503("border certificate", post("/api/v1/border-crossings/certificates",
                        FrontDoorRequests.certificate(), headers(null, correlationIds)), lost));
        long started = System.nanoTime();
        for (Runnable request : requests) {
            request.run();
            tried++;
        }
        // the payer pays while the database is away: the gateway's callback is refused, to be sent again
        var paid = json(post("/sandbox/payments/" + paymentId + "/complete", "", Map.of()));
        tried++;
        if (paid.path("callbackStatus").asInt() != 503) {
            lost.add("the payment callback during the outage was answered " + paid.path("callbackStatus"));
        }
        long outageSeconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        PartnerFaultsTest.sleep(Duration.ofSeconds(Math.max(0, DOWN_SECONDS - outageSeconds)));
        DATABASE.up();

        // nothing half-written: the refused submission left no row, and its key is free
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> jdbc.queryForObject("select count(*) from evisa_application", Integer.class) >= 0);
        tried++;
        if (jdbc.queryForObject("select count(*) from evisa_application where passport_number = ? or idempotency_key = ?",
                Integer.class, passport, key) != 0) {
            lost.add("a submission refused by the outage left a row");
        }
        tried++;
        if (jdbc.queryForObject("select count(*) from evisa_status_history h where not exists "
                + "(select 1 from evisa_application a where a.id = h.application_id)", Integer.class) != 0) {
            lost.add("history rows without their application");
        }
        String again = submit(passport, key);
        awaitEvisa(again, "AWAITING_PAYMENT");
        // the gateway sends its callback again: paid once
        post("/sandbox/payments/" + paymentId + "/resend-callback", "", Map.of());
        JsonNode issued = awaitEvisa(paidDuring, "ISSUED");
        tried++;
        if (issued == null || issued.path("history").findValuesAsText("status").stream().filter("PAID"::equals).count() != 1) {
            lost.add("the application paid during the outage: " + issued);
        }
        // the step under way when the database went goes on
        tried++;
        if (awaitEvisa(underWay, "AWAITING_PAYMENT") == null) {
            lost.add("the application under way did not go on");
        }
        // the message log kept the refused requests (its journal waited for the database)
        for (String correlationId : correlationIds) {
            tried++;
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> hub.getBean(MessageLogWriter.class).flush()
                        && hub.getBean(MessageLogStore.class).byCorrelation(correlationId).size() >= 2);
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                lost.add("the message log lost the exchange " + correlationId);
            }
        }
        ReliabilityLedger.record(AREA, "PostgreSQL cut for " + DOWN_SECONDS + " s (connections dropped and refused)", tried,
                lost.size(), "503 in seconds; no half-written row; callback counted once; steps and log rows resume");
        assertThat(lost).isEmpty();
    }

    /** Connections of the test's own to PostgreSQL, not through the link. */
    private static final class DriverManagerDataSourceHolder {
        static javax.sql.DataSource of(String url) {
            return new org.springframework.jdbc.datasource.DriverManagerDataSource(url, "postgres", "");
        }
    }

    private static String newPassport() {
        return "D" + PASSPORTS.incrementAndGet();
    }

    private static HttpResponse<String> post(String path, String body, Map<String, String> headers) {
        return send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)), path, headers);
    }

    private static HttpResponse<String> get(String path, Map<String, String> headers) {
        return send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET(), path, headers);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request, String path, Map<String, String> headers) {
        if (path.startsWith("/api/")) {
            request.header("X-Api-Key", FrontDoorRequests.FRONT_DOOR);
        }
        headers.forEach(request::header);
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    private static void registerInvitation(String number, String passport) {
        var response = post("/sandbox/police/invitations", """
                {"invitationNumber":"%s","inviter":"TOO Test Tours","category":"B12",
                 "applicant":{"passportNumber":"%s","nationality":"JAM","surname":"BROWN","givenNames":"ALEX",
                              "dateOfBirth":"1990-05-17"},"validFrom":"%s","validUntil":"%s"}
                """.formatted(number, passport, LocalDate.now(), LocalDate.now().plusYears(1)), Map.of());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    private static Map<String, String> headers(String idempotencyKey, List<String> correlationIds) {
        String correlationId = "outage-" + UUID.randomUUID();
        correlationIds.add(correlationId);
        return idempotencyKey == null ? Map.of("X-Correlation-Id", correlationId)
                : Map.of("X-Correlation-Id", correlationId, "Idempotency-Key", idempotencyKey);
    }

    private static void expect503(String what, HttpResponse<String> response, List<String> lost) {
        String breach = FrontDoorRequests.breach(response.statusCode() == 503 ? 400 : response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(""), response.body());
        if (response.statusCode() != 503 || breach != null || !response.body().contains("service-unavailable")) {
            lost.add(what + " during the outage: " + response.statusCode() + " " + response.body());
        }
    }

    private String submit(String passport, String key) {
        String invitation = "INV-DB-" + System.nanoTime();
        registerInvitation(invitation, passport);
        var response = post("/api/v1/evisa/applications", FrontDoorRequests.evisa(passport, invitation),
                key == null ? Map.of() : Map.of("Idempotency-Key", key));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return json(response).path("id").asText();
    }

    private JsonNode awaitEvisa(String id, String status) {
        try {
            return await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                    .until(() -> json(get("/api/v1/evisa/applications/" + id, Map.of())),
                            v -> status.equals(v.path("status").asText()));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            return null;
        }
    }
}
