package kz.qazeta.hub.sandbox.border;

import java.util.ArrayList;
import java.util.List;

import org.flywaydb.core.Flyway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.stereotype.Component;

/**
 * The Border Service's crossing database, as its twin owns it: schema and synthetic crossings from
 * {@code db/border-service} (Flyway, the same SQL on H2 and PostgreSQL; on H2 also the hub's read-only user). An
 * embedded H2 in the sandbox, a schema of its own on PostgreSQL with the {@code postgres} profile. Not a DataSource
 * bean: nothing of the hub may pick it up; the hub reads it only through its own connection
 * ({@code qazeta.partners.border-service.database.*}).
 */
@Component
@ConditionalOnProperty(name = "qazeta.sandbox.enabled", havingValue = "true")
public class BorderCrossingsTwinDatabase {

    private final NamedParameterJdbcTemplate jdbc;

    public BorderCrossingsTwinDatabase(@Value("${qazeta.sandbox.border-crossings.url}") String url,
                                       @Value("${qazeta.sandbox.border-crossings.user}") String user,
                                       @Value("${qazeta.sandbox.border-crossings.password:}") String password,
                                       @Value("${qazeta.sandbox.border-crossings.schema:}") String schema) {
        DriverManagerDataSource dataSource = new DriverManagerDataSource(url, user, password);
        List<String> locations = new ArrayList<>(List.of("classpath:db/border-service/common"));
        if (url.startsWith("jdbc:h2:")) {
            locations.add("classpath:db/border-service/h2");
        }
        var flyway = Flyway.configure().dataSource(dataSource).locations(locations.toArray(String[]::new));
        if (!schema.isBlank()) {
            flyway = flyway.schemas(schema).defaultSchema(schema);
        }
        flyway.load().migrate();
        this.jdbc = new NamedParameterJdbcTemplate(dataSource);
    }

    public NamedParameterJdbcTemplate jdbc() {
        return jdbc;
    }
}
