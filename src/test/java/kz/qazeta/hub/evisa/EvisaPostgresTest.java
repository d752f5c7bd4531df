package kz.qazeta.hub.evisa;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;

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

/**
 * The same e-Visa flow with the hub's database on a real PostgreSQL server (the {@code postgres} profile),
 * in a schema of its own that Flyway creates and the test drops. Needs the server of
 * {@code qazeta.test.postgres.url}; leave it out with {@code -Dtests.excluded=postgres}.
 */
@Tag("postgres")
@ActiveProfiles({"sandbox", "postgres", "test"})
class EvisaPostgresTest extends HubTestSupport {

    private static final String URL = System.getProperty("qazeta.test.postgres.url", "jdbc:postgresql://127.0.0.1:5432/test");
    private static final String SCHEMA = "hub_test_" + ProcessHandle.current().pid();

    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> URL + "?currentSchema=" + SCHEMA);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.flyway.schemas", () -> SCHEMA);
    }

    @AfterAll
    static void dropSchema() throws SQLException {
        try (Connection connection = DriverManager.getConnection(URL, "postgres", "")) {
            connection.createStatement().execute("drop schema if exists " + SCHEMA + " cascade");
        }
    }

    @Test
    void anApplicationIsIssuedWithItsStateInPostgres() {
        assertThat(jdbc.queryForObject("select version()", String.class)).startsWith("PostgreSQL");

        String passport = newPassport();
        String invitation = "INV-PG-" + System.nanoTime();
        registerInvitation(invitation, passport, "JAM", "B12");
        String id = json(post("/api/v1/evisa/applications", application(passport, "JAM", "B12", invitation, "ALA"),
                Map.of("Idempotency-Key", "pg-" + invitation))).path("id").asText();
        String paymentId = awaitStatus(id, "AWAITING_PAYMENT").path("payment").path("id").asText();
        post("/sandbox/payments/" + paymentId + "/complete", "", Map.of());
        post("/sandbox/payments/" + paymentId + "/resend-callback", "", Map.of());

        JsonNode issued = awaitStatus(id, "ISSUED");
        assertThat(issued.path("history").findValuesAsText("status")).containsOnlyOnce("PAID", "ISSUED");
        assertThat(jdbc.queryForObject("select status from " + SCHEMA + ".evisa_application where id = ?", String.class, id))
                .isEqualTo("ISSUED");
        assertThat(jdbc.queryForObject("select count(*) from " + SCHEMA + ".camel_messageprocessed", Integer.class))
                .isPositive();
    }
}
