package kz.qazeta.hub.exchange;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import kz.qazeta.hub.exchange.messagelog.MessageLogChain;
import kz.qazeta.hub.exchange.partners.ExchangeDirectory;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.security.CheckType;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.spi.core.security.ActiveMQSecurityManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may do what on the hub's embedded broker. Every connection authenticates: the hub as its own user, each
 * partner that sends or consumes messages as the broker user of its directory entry (passwords compared by
 * their SHA-256, the only form stored). The hub may use every address; a partner only the addresses it is
 * granted, to send or to consume. A refusal is logged.
 */
public class BrokerSecurity implements ActiveMQSecurityManager {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerSecurity.class);

    private final Map<String, String> passwordHashes = new HashMap<>();
    private final String hubUser;

    public BrokerSecurity(String hubUser, String hubPasswordSha256, ExchangeDirectory directory) {
        this.hubUser = hubUser;
        passwordHashes.put(hubUser, hubPasswordSha256.toLowerCase(Locale.ROOT));
        directory.partners().values().stream().filter(p -> p.broker() != null)
                .forEach(p -> passwordHashes.put(p.broker().user(), p.broker().passwordSha256().toLowerCase(Locale.ROOT)));
    }

    /** The roles per address: the hub everywhere, each partner on its own addresses only. */
    public void applyTo(Configuration configuration, ExchangeDirectory directory) {
        configuration.setSecurityEnabled(true);
        configuration.putSecurityRoles("#", Set.of(everything(hubUser)));
        Map<String, Set<Role>> byAddress = new HashMap<>();
        directory.partners().values().stream().filter(p -> p.broker() != null).forEach(p -> {
            var broker = p.broker();
            Set<String> addresses = new HashSet<>(broker.send());
            addresses.addAll(broker.consume());
            for (String address : addresses) {
                boolean send = broker.send().contains(address);
                boolean consume = broker.consume().contains(address);
                byAddress.computeIfAbsent(address, a -> new HashSet<>(Set.of(everything(hubUser))))
                        .add(new Role(broker.user(), send, consume, true, false, false, false, false, consume,
                                true, false, false, false));
            }
        });
        byAddress.forEach(configuration::putSecurityRoles);
    }

    @Override
    public boolean validateUser(String user, String password) {
        String expected = user == null ? null : passwordHashes.get(user);
        boolean valid = expected != null && password != null && MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.US_ASCII),
                MessageLogChain.sha256(password).getBytes(StandardCharsets.US_ASCII));
        if (!valid) {
            LOG.warn("Broker refused a connection: no valid credential for user {}", LogSafe.text(user));
        }
        return valid;
    }

    @Override
    public boolean validateUserAndRole(String user, String password, Set<Role> roles, CheckType checkType) {
        if (!validateUser(user, password)) {
            return false;
        }
        boolean allowed = roles.stream().anyMatch(role -> role.getName().equals(user) && checkType.hasRole(role));
        if (!allowed) {
            LOG.warn("Broker refused {} to user {}: not granted", checkType, LogSafe.text(user));
        }
        return allowed;
    }

    private static Role everything(String name) {
        return new Role(name, true, true, true, true, true, true, true, true, true, true, true, true);
    }
}
