package kz.qazeta.hub.border;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import kz.qazeta.hub.HubTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The certificate's SQL side on a real PostgreSQL server (the {@code postgres} profile): the Border Service's
 * crossings in a schema of their own, created and seeded by its twin, read by the hub as a role that may only
 * select, on a session PostgreSQL keeps read-only; the certificates in the hub's own schema. Both schemas and the
 * role are the test's own and are dropped afterwards. Needs the server of {@code qazeta.test.postgres.url}; leave it
 * out with {@code -Dtests.excluded=postgres}.
 */
@Tag("postgres")
@ActiveProfiles({"sandbox", "postgres", "test"})
class BorderCertificatePostgresTest extends HubTestSupport {

    private static final String URL = System.getProperty("qazeta.test.postgres.url", "jdbc:postgresql://127.0.0.1:5432/test");
    private static final long PID = ProcessHandle.current().pid();
    private static final String HUB_SCHEMA = "hub_border_test_" + PID;
    private static final String BORDER_SCHEMA = "border_service_test_" + PID;
    private static final String READER = "border_reader_test_" + PID;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    BorderServiceDatabase borderServiceDatabase;

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> URL + "?currentSchema=" + HUB_SCHEMA);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.flyway.schemas", () -> HUB_SCHEMA);
        // the Border Service twin owns its schema ...
        registry.add("qazeta.sandbox.border-crossings.url", () -> URL + "?currentSchema=" + BORDER_SCHEMA);
        registry.add("qazeta.sandbox.border-crossings.user", () -> "postgres");
        registry.add("qazeta.sandbox.border-crossings.schema", () -> BORDER_SCHEMA);
        // ... and the hub reads it as the reader role, on a read-only session
        registry.add("qazeta.partners.border-service.database.url",
                () -> URL + "?currentSchema=" + BORDER_SCHEMA + "&readOnlyMode=always");
        registry.add("qazeta.partners.border-service.database.username", () -> READER);
        registry.add("qazeta.partners.border-service.database.password", () -> "");
    }

    /** The Border Service grants the hub's role: usage of its schema, select on whatever its twin creates there. */
    @BeforeAll
    static void readerRole() throws SQLException {
        try (Connection connection = DriverManager.getConnection(URL, "postgres", "");
             Statement sql = connection.createStatement()) {
            sql.execute("create schema " + BORDER_SCHEMA);
            sql.execute("create role " + READER + " login");
            sql.execute("grant usage on schema " + BORDER_SCHEMA + " to " + READER);
            sql.execute("alter default privileges for role postgres in schema " + BORDER_SCHEMA
                    + " grant select on tables to " + READER);
        }
    }

    @AfterAll
    static void drop() throws SQLException {
        try (Connection connection = DriverManager.getConnection(URL, "postgres", "");
             Statement sql = connection.createStatement()) {
            sql.execute("drop schema if exists " + HUB_SCHEMA + " cascade");
            sql.execute("drop schema if exists " + BORDER_SCHEMA + " cascade");
            sql.execute("drop owned by " + READER);
            sql.execute("drop role if exists " + READER);
        } catch (SQLException stillConnected) {
            // the cached hub may still hold a session as the role: it is left, with nothing granted
        }
    }

    @Test
    void certificatesAreIssuedFromTheBorderServicesPostgresSchemaAndKeptInTheHubs() {
        assertThat(jdbc.queryForObject("select version()", String.class)).startsWith("PostgreSQL");

        var response = post(BorderCertificateFlowTest.CERTIFICATES, BorderCertificateFlowTest.SMITH, Map.of());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode certificate = json(response);
        assertThat(certificate.path("crossings").findValuesAsText("at")).containsExactly("2025-03-04T10:15:00+05:00",
                "2025-03-20T18:40:00+05:00", "2026-06-12T07:05:00+05:00", "2026-07-01T22:30:00+05:00");
        String id = certificate.path("id").asText();
        assertThat(jdbc.queryForObject("select count(*) from " + HUB_SCHEMA + ".border_certificate_crossing where certificate_id = ?",
                Integer.class, id)).isEqualTo(4);
        String verify = BorderCertificateFlowTest.CERTIFICATES + "/verify/" + certificate.path("verificationCode").asText();
        assertThat(json(get(verify, Map.of())).path("genuine").asBoolean()).isTrue();

        // no match, an empty period, the period bound: the same answers as on H2
        assertThat(post(BorderCertificateFlowTest.CERTIFICATES, BorderCertificateFlowTest.request("PASSPORT", "N1234567",
                "GBR", "GBR", "1980-04-02", "2025-01-01", "2026-11-01"), Map.of()).statusCode()).isEqualTo(404);
        var empty = post(BorderCertificateFlowTest.CERTIFICATES, BorderCertificateFlowTest.request("PASSPORT", "C0345678",
                "DEU", "DEU", "1975-09-30", "2025-01-01", "2026-11-01"), Map.of());
        assertThat(json(empty).path("crossings").isEmpty()).isTrue();
        var april = post(BorderCertificateFlowTest.CERTIFICATES, BorderCertificateFlowTest.request("PASSPORT", "FA7700111",
                "UZB", "UZB", "1988-06-05", "2026-04-01", "2026-04-30"), Map.of());
        assertThat(json(april).path("crossings")).hasSize(5);

        // altered in PostgreSQL, the certificate fails verification
        jdbc.update("update " + HUB_SCHEMA + ".border_certificate_crossing set crossed_at = crossed_at + interval '1 day' "
                + "where certificate_id = ? and seq = 1", id);
        assertThat(json(get(verify, Map.of())).path("genuine").asBoolean()).isFalse();
    }

    @Test
    void theHubsConnectionToTheCrossingsIsTheReaderRoleAndReadOnly() {
        JdbcTemplate border = new JdbcTemplate(borderServiceDatabase.dataSource());
        assertThat(border.queryForObject("select current_user", String.class)).isEqualTo(READER);
        assertThat(border.queryForObject("show transaction_read_only", String.class)).isEqualTo("on");
        assertThat(border.queryForObject("select count(*) from border_crossing", Integer.class)).isPositive();
        assertThatThrownBy(() -> border.update("delete from border_crossing"))
                .isInstanceOf(org.springframework.dao.DataAccessException.class);
        assertThatThrownBy(() -> border.update("insert into checkpoint (code, name, kind) values ('X', 'X', 'AIR')"))
                .isInstanceOf(org.springframework.dao.DataAccessException.class);
    }
}
