package kz.qazeta.hub.reliability;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import kz.qazeta.hub.HubTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

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
@ActiveProfiles({"sandbox", "postgres", "test"})
class DatabaseOutageTest extends HubTestSupport {

    private static final String AREA = "faults: database";
    private static final String URL = System.getProperty("qazeta.test.postgres.url", "jdbc:postgresql://127.0.0.1:5432/test");
    private static final String SCHEMA = "hub_outage_" + ProcessHandle.current().pid();
    private static final int DOWN_SECONDS = Integer.getInteger("reliability.database.down-seconds", 10);
    private static final FaultyLink DATABASE = new FaultyLink(() -> URI.create(URL.substring(5)).getPort());

    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void postgresThroughAFaultyLink(DynamicPropertyRegistry registry) {
        URI server = URI.create(URL.substring(5));
        String url = "jdbc:postgresql://127.0.0.1:" + DATABASE.port() + server.getPath() + "?currentSchema=" + SCHEMA;
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.flyway.schemas", () -> SCHEMA);
    }

    @AfterAll
    static void dropSchema() throws SQLException {
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
        registerInvitation(invitation, passport, "JAM", "B12");
        List<String> correlationIds = new ArrayList<>();
        List<Runnable> requests = List.of(
                () -> expect503("e-Visa submission", post("/api/v1/evisa/applications",
                        application(passport, "JAM", "B12", invitation, "ALA"), headers(key, correlationIds)), lost),
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
                await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                        "select count(*) from message_log where correlation_id = ?", Integer.class, correlationId) >= 2);
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                lost.add("the message log lost the exchange " + correlationId);
            }
        }
        ReliabilityLedger.record(AREA, "PostgreSQL cut for " + DOWN_SECONDS + " s (connections dropped and refused)", tried,
                lost.size(), "503 in seconds; no half-written row; callback counted once; steps and log rows resume");
        assertThat(lost).isEmpty();
    }

    private static Map<String, String> headers(String idempotencyKey, List<String> correlationIds) {
        String correlationId = "outage-" + UUID.randomUUID();
        correlationIds.add(correlationId);
        return idempotencyKey == null ? Map.of("X-Correlation-Id", correlationId)
                : Map.of("X-Correlation-Id", correlationId, "Idempotency-Key", idempotencyKey);
    }

    private static void expect503(String what, java.net.http.HttpResponse<String> response, List<String> lost) {
        String breach = FrontDoorRequests.breach(response.statusCode() == 503 ? 400 : response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(""), response.body());
        if (response.statusCode() != 503 || breach != null || !response.body().contains("service-unavailable")) {
            lost.add(what + " during the outage: " + response.statusCode() + " " + response.body());
        }
    }

    private String submit(String passport, String key) {
        String invitation = "INV-DB-" + System.nanoTime();
        registerInvitation(invitation, passport, "JAM", "B12");
        var response = post("/api/v1/evisa/applications", application(passport, "JAM", "B12", invitation, "ALA"),
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
