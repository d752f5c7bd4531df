package kz.qazeta.hub.operations;

import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Who may use the operators' console (Hawtio, Jolokia and the other actuator endpoints but the health probes):
 * {@code qazeta.operations.users.<name>} with the password's hash ({@code {bcrypt}...}; never the password) and the
 * roles: {@code operator} (look, stop, start, replay), {@code viewer} (look only), {@code metrics} (scrape
 * {@code /actuator/prometheus} only). {@code anonymous-console} opens the console to anyone as an operator: a
 * developer's switch, off by default and in every profile.
 */
@ConfigurationProperties("qazeta.operations")
public record OperationsSettings(boolean anonymousConsole, Map<String, Account> users) {

    public static final String OPERATOR = "OPERATOR";
    public static final String VIEWER = "VIEWER";
    public static final String METRICS = "METRICS";

    public OperationsSettings {
        users = users == null ? Map.of() : Map.copyOf(users);
    }

    /** One console user: the hash of the password (Spring Security's {@code {id}hash} form) and the roles. */
    public record Account(String passwordHash, List<String> roles) {
        public Account {
            roles = roles == null ? List.of() : List.copyOf(roles);
        }
    }
}
