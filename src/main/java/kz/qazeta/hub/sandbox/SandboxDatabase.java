package kz.qazeta.hub.sandbox;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The partners' own database (invitations, payments, decisions), kept apart from the hub's: an embedded H2
 * whose schema and seed data come from {@code db/sandbox}. Deliberately not a DataSource bean, so the hub
 * can never pick it up by accident.
 */
@Component
@ConditionalOnProperty(name = "qazeta.sandbox.enabled", havingValue = "true")
public class SandboxDatabase {

    private final NamedParameterJdbcTemplate jdbc;

    public SandboxDatabase(@Value("${qazeta.sandbox.database-url}") String url) {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL(url);
        dataSource.setUser("sa");
        Flyway.configure().dataSource(dataSource).locations("classpath:db/sandbox").load().migrate();
        this.jdbc = new NamedParameterJdbcTemplate(dataSource);
    }

    public NamedParameterJdbcTemplate jdbc() {
        return jdbc;
    }
}
