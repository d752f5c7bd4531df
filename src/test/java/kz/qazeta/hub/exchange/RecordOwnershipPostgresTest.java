package kz.qazeta.hub.exchange;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link RecordOwnershipTest} with the hub's database on a real PostgreSQL server: V10's owners and per-owner
 * Idempotency-Key indexes, the repositories' and the insurance mappings' owner checks, as PostgreSQL runs them.
 * Needs the server of {@code qazeta.test.postgres.url}; leave it out with {@code -Dtests.excluded=postgres}.
 */
@Tag("postgres")
@ActiveProfiles({"sandbox", "postgres", "test"})
class RecordOwnershipPostgresTest extends RecordOwnershipTest {

    private static final String URL = System.getProperty("qazeta.test.postgres.url", "jdbc:postgresql://127.0.0.1:5432/test");
    private static final String SCHEMA = "hub_owners_" + ProcessHandle.current().pid();

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
}
