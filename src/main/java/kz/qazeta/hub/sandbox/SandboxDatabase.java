package kz.qazeta.hub.sandbox;

import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The partners' own database (invitations, payments, decisions), kept apart from the hub's: an embedded H2
 * whose schema and seed data come from {@code db/sandbox}. Deliberately not a DataSource bean, so the hub
 * can never pick it up by accident. Pooled, as a partner's own service would be: H2 opens a session on a file
 * database slowly and one at a time, which a connection per query would turn into the twins' bottleneck.
 */
@Component
@ConditionalOnProperty(name = "qazeta.sandbox.enabled", havingValue = "true")
public class SandboxDatabase {

    private final NamedParameterJdbcTemplate jdbc;

    public SandboxDatabase(@Value("${qazeta.sandbox.database-url}") String url) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(url);
        dataSource.setUsername("sa");
        dataSource.setPoolName("sandbox-twins");
        dataSource.setMaximumPoolSize(8);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/sandbox").load().migrate();
        this.jdbc = new NamedParameterJdbcTemplate(dataSource);
    }

    public NamedParameterJdbcTemplate jdbc() {
        return jdbc;
    }
}
