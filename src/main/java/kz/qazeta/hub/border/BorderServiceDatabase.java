package kz.qazeta.hub.border;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The hub's connection to the Border Service's crossing database: a small read-only pool of its own, as the
 * Border Service's reader user, never the hub's {@code spring.datasource}. It is deliberately not a Spring
 * {@link DataSource} bean (one would replace the hub's own, auto-configured one): it is bound in Camel's registry
 * as {@value #NAME}, where the {@code sql:} endpoints of {@code routes/border-certificate/border-certificates.camel.yaml} find it.
 * The pool opens no connection until the first query, so the hub starts while the Border Service is away.
 */
@Component
public class BorderServiceDatabase implements CamelContextConfiguration, DisposableBean {

    public static final String NAME = "borderServiceDatabase";

    private final HikariDataSource dataSource;

    public BorderServiceDatabase(@Value("${qazeta.partners.border-service.database.url}") String url,
                                 @Value("${qazeta.partners.border-service.database.username}") String username,
                                 @Value("${qazeta.partners.border-service.database.password:}") String password,
                                 @Value("${qazeta.partners.border-service.database.pool-size}") int poolSize,
                                 @Value("${qazeta.partners.border-service.database.connect-timeout-ms}") long connectTimeoutMs) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("border-service-database");
        config.setJdbcUrl(url);
        config.setUsername(username);
        config.setPassword(password);
        config.setReadOnly(true);
        config.setAutoCommit(true);
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(Math.max(250, connectTimeoutMs));
        // no connection at start: the Border Service may be away, or (in the sandbox) not yet migrated
        config.setInitializationFailTimeout(-1);
        this.dataSource = new HikariDataSource(config);
    }

    /** The read-only pool, for the routes (through Camel's registry) and for tests. */
    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
        camelContext.getRegistry().bind(NAME, DataSource.class, dataSource);
    }

    @Override
    public void afterApplicationStart(CamelContext camelContext) {
    }

    @Override
    public void destroy() {
        dataSource.close();
    }
}
