package kz.qazeta.hub.border;

import java.sql.Connection;
import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/** The health component {@code borderServiceDatabase}: whether the Border Service's crossing database answers. */
@Component("borderServiceDatabaseHealthIndicator")
public class BorderServiceDatabaseHealth implements HealthIndicator {

    private final BorderServiceDatabase database;
    private final Duration timeout;

    public BorderServiceDatabaseHealth(BorderServiceDatabase database,
                                       @Value("${qazeta.operations.health.timeout:PT2S}") Duration timeout) {
        this.database = database;
        this.timeout = timeout;
    }

    @Override
    public Health health() {
        try (Connection connection = database.dataSource().getConnection()) {
            return connection.isValid((int) Math.max(1, timeout.toSeconds()))
                    ? Health.up().build() : Health.down().withDetail("reason", "connection not valid").build();
        } catch (Exception e) {
            return Health.down().withDetail("reason", e.getClass().getSimpleName()).build();
        }
    }
}
